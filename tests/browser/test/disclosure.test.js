'use strict';
// SPEC section 9: the 信息公开 table of a notice, read as a table by its
// accessible name and row headers; the footer's identity marks, links only
// (their exact targets, the page URL encoded), with the local mark image
// loaded and no request leaving the site.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setUp } = require('../lib/harness');

let h;
before(async () => {
  h = await setUp();
});
after(async () => {
  await h?.close();
});

/** A notice page of the site (the first in file order). */
function aNotice() {
  const rel = h.pages.find((p) => /^notices\/[^/]+\/$/.test(p) && p !== 'notices/page/');
  assert.ok(rel, 'the site has a notice page');
  return rel;
}

test('disclosure: a notice shows the 信息公开 table before its body', async () => {
  const v = await h.open({ viewport: { width: 1280, height: 900 } });
  try {
    await v.visit(aNotice());
    const table = v.page.getByRole('table', { name: '信息公开' });
    assert.equal(await table.count(), 1);
    const headers = (await table.getByRole('rowheader').allTextContents()).map((t) => t.trim());
    for (const name of ['发布机构', '成文日期', '发布日期']) {
      assert.ok(headers.includes(name), `row header ${name} in ${headers.join('、')}`);
    }
    assert.equal(headers[0], '索引号', 'the 索引号 comes first');
    const cells = await table.getByRole('cell').allTextContents();
    assert.equal(cells.length, headers.length, 'one value a row');
    assert.ok(cells.every((c) => c.trim() !== ''), `no empty value: ${cells}`);
    const tableBox = await table.boundingBox();
    const bodyBox = await v.page.locator('.prose').first().boundingBox();
    assert.ok(tableBox.y + tableBox.height <= bodyBox.y, 'the table is above the body');
    assert.deepEqual(v.take().foreign, []);
  } finally {
    await v.close();
  }
});

test('disclosure: the footer marks link to their registers, and nothing leaves the site', async () => {
  const v = await h.open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await v.visit(aNotice());
    const canonical = await v.page.locator('link[rel=canonical]').getAttribute('href');
    const footer = v.page.locator('footer.site-footer');
    const href = async (name) => {
      const link = footer.getByRole('link', { name });
      assert.equal(await link.count(), 1, `one footer link ${name}`);
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer', `${name}: rel`);
      assert.equal(await link.getAttribute('target'), null, `${name}: same window`);
      return link.getAttribute('href');
    };
    assert.equal(await href(/ICP备/), 'https://beian.miit.gov.cn/');
    assert.match(await href(/公网安备/), /^http:\/\/www\.beian\.gov\.cn\/portal\/registerSystemInfo\?recordcode=\d+$/);
    const jiucuo = await href('我为政府网站找错');
    const code = (await v.page.locator('meta[name=SiteCode]').getAttribute('content')) || '';
    assert.equal(
      jiucuo,
      `https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=${encodeURIComponent(code)}&url=${encodeURIComponent(canonical)}`,
    );
    assert.match(await href('党政机关网站标识'), /^https?:\/\//);
    const mark = footer.getByRole('img', { name: '党政机关网站标识' });
    assert.ok(await mark.evaluate((img) => img.complete && img.naturalWidth > 0), 'the mark image loaded');
    const box = await mark.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the mark fits the phone');
    assert.deepEqual(v.take().foreign, [], 'no request left the site');
  } finally {
    await v.close();
  }
});
