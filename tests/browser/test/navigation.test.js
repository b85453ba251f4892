'use strict';
// 1. A visitor goes from the home page to a year, its 公示 and a winner's
//    page, only by clicking links found by their visible text.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { setUp } = require('../lib/harness');

let h;
before(async () => {
  h = await setUp();
});
after(async () => {
  await h?.close();
});

async function h1(page) {
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.count(), 1, `${page.url()} should have exactly one h1`);
  return (await heading.textContent()).trim();
}

/** Clicks a link (which must be there exactly once) and waits for the new page to load. */
async function follow(page, link, what) {
  const count = await link.count();
  assert.equal(count, 1, `on ${page.url()}: expected one link ${what}, found ${count}`);
  const from = page.url();
  await link.click();
  await page.waitForURL((u) => u.href !== from);
  await page.waitForLoadState('load');
}

test('navigation: home → year → 公示 → winner page by clicking links', async () => {
  const programme = h.winners.programme;
  // The newest year that has both a 公示 page and published winners.
  const years = [...new Set(h.winners.winners.map((w) => w.year))].sort((a, b) => b - a);
  const year = years.find((y) => fs.existsSync(path.join(h.root, String(y), 'publicity', 'index.html')));
  assert.ok(year, `no year has both a 公示 page and winners (years with winners: ${years.join(', ')})`);
  const ofYear = h.winners.winners.filter((w) => w.year === year);
  const winner = ofYear.find((w) => w.status === 'valid') || ofYear[0];

  const tab = await h.open();
  const { page } = tab;
  try {
    // Home.
    await tab.visit('');
    const siteTitle = await page.title();
    assert.ok(siteTitle.includes(programme), `home title ${siteTitle} should name ${programme}`);
    assert.equal(await h1(page), siteTitle, 'home h1 names the site');

    // Home → year.
    await follow(page, page.getByRole('main').getByRole('link', { name: `查看${year}年度评审进程`, exact: true }), `查看${year}年度评审进程`);
    assert.equal(page.url(), h.server.url(`${year}/`));
    assert.equal(await page.title(), `${year}年度${programme}`);
    assert.equal(await h1(page), `${year}年度${programme}`);

    // Year → 公示.
    await follow(page, page.getByRole('main').getByRole('link', { name: '拟获奖企业（组织）名单公示', exact: true }), '拟获奖企业（组织）名单公示');
    assert.equal(page.url(), h.server.url(`${year}/publicity/`));
    const publicityTitle = `关于${year}年度${programme}拟获奖企业（组织）名单的公示`;
    assert.equal(await page.title(), publicityTitle);
    assert.equal(await h1(page), publicityTitle);
    assert.equal(
      await page.getByRole('table').getByRole('cell', { name: winner.organization, exact: true }).count(),
      1,
      `the 公示 table should list ${winner.organization}`,
    );

    // 公示 → (breadcrumb) year → 获奖名单 → winner. The 公示 lists candidates, not
    // winner pages, so the way on is through the year.
    const crumbs = page.getByRole('navigation', { name: '当前位置' });
    await follow(page, crumbs.getByRole('link', { name: `${year}年度`, exact: true }), `breadcrumb ${year}年度`);
    assert.equal(await h1(page), `${year}年度${programme}`);
    await follow(page, page.getByRole('main').getByRole('link', { name: '获奖企业（组织）名单', exact: true }), '获奖企业（组织）名单');
    assert.equal(page.url(), h.server.url(`${year}/winners/`));
    assert.equal(await h1(page), `${year}年度${programme}获奖企业（组织）名单`);

    await follow(page, page.getByRole('main').getByRole('link', { name: winner.organization, exact: true }), winner.organization);
    assert.equal(page.url(), h.server.url(`winners/${year}/${winner.organization_id}/`));
    assert.equal(await page.title(), `${winner.title}：${winner.organization}`);
    assert.equal(await h1(page), winner.organization);
    assert.match(await page.locator('.status-line').textContent(), /称号状态：\s*(有效|已撤销|已取消)/);

    const problems = tab.take();
    assert.deepEqual(problems, { foreign: [], console: [], pageErrors: [], badResponses: [] }, 'problems along the way');
  } finally {
    await tab.close();
  }
});
