'use strict';
// 7. 关怀模式 (care mode, SPEC section 9): the header's switch; turned on,
//    body text of at least 24 px with a line height of at least 1.5 and a
//    contrast of at least 7:1, links and controls of at least 44 × 44 px,
//    no sideways scroll at 390 px, kept from page to page; without
//    JavaScript the switch is hidden and the page reflows at 200 % zoom;
//    print is unaffected.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setUp } = require('../lib/harness');
const { representatives, show, careOn, CARE_KEY, CARE_ON } = require('../lib/pages');

let h;
before(async () => {
  h = await setUp();
});
after(async () => {
  await h?.close();
});

/** The page types that the site has, as a list of representatives with a path. */
function pageTypes() {
  return representatives(h).filter((r) => r.rel !== undefined && r.rel !== null && r.rel !== false);
}

/**
 * In the page: every visible element that holds text of its own, with its
 * computed size, line height and contrast against the first opaque
 * background behind it; and every visible link and control with its box.
 */
function measureCare() {
  const rgba = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let a = el; a; a = a.parentElement) {
      const c = rgba(getComputedStyle(a).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let colour = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    return `${s} “${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 30)}”`;
  };
  const hiddenByClip = (el) => el.closest('.visually-hidden, .skip-link, svg');
  const text = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || hiddenByClip(el) || !visible(el)) continue;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight);
    const fg = over(rgba(s.color), background(el));
    const [l1, l2] = [lum(fg), lum(background(el))];
    const contrast = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const heading = /^H[1-6]$/.test(el.tagName) || !!el.closest('h1, h2, h3, h4, h5, h6, .brand, button');
    text.push({ what: describe(el), size, lineHeight: lh, contrast, heading });
  }
  const targets = [];
  for (const el of document.body.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!visible(el) || el.closest('.skip-link') || el.classList.contains('skip-link')) continue;
    const r = el.getBoundingClientRect();
    targets.push({ what: describe(el), width: r.width, height: r.height });
  }
  const doc = document.documentElement;
  return { text, targets, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, care: doc.classList.contains('care') };
}

for (const width of [1280, 390]) {
  test(`关怀模式 at ${width} px: 24 px text, line height 1.5, contrast 7:1, 44 px targets, no sideways scroll`, async () => {
    const tab = await h.open({ viewport: { width, height: 900 }, ...(width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
    await careOn(tab.context);
    const failures = [];
    try {
      for (const r of pageTypes()) {
        await show(tab, r);
        const m = await tab.page.evaluate(measureCare);
        const at = `/${r.rel} (${r.type})`;
        if (!m.care) failures.push(`${at}: 关怀模式 is not on`);
        for (const t of m.text) {
          if (t.size < 24 - 0.01) failures.push(`${at}: ${t.what}: font-size ${t.size}px < 24px`);
          if (!t.heading && !(t.lineHeight >= 1.5 * t.size - 0.01)) failures.push(`${at}: ${t.what}: line-height ${t.lineHeight}px < 1.5 × ${t.size}px`);
          if (t.contrast < 7 - 0.005) failures.push(`${at}: ${t.what}: contrast ${t.contrast.toFixed(2)} < 7`);
        }
        for (const t of m.targets) {
          if (t.width < 44 - 0.01 || t.height < 44 - 0.01) failures.push(`${at}: ${t.what}: target ${t.width.toFixed(1)} × ${t.height.toFixed(1)} px < 44 × 44`);
        }
        if (m.scrollWidth > m.clientWidth) failures.push(`${at}: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}`);
        assert.ok(m.text.length > 5, `${at}: text found`);
        tab.take();
      }
    } finally {
      await tab.close();
    }
    assert.equal(failures.length, 0, `关怀模式 falls short:\n  ${failures.slice(0, 60).join('\n  ')}${failures.length > 60 ? `\n  … ${failures.length - 60} more` : ''}`);
  });
}

test('关怀模式 at 390 px: no page of the site scrolls sideways', async () => {
  const tab = await h.open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await careOn(tab.context);
  const failures = [];
  try {
    for (const rel of [...h.pages, 'no-such-page/']) {
      await tab.visit(rel, { notFound: rel === 'no-such-page/' });
      const m = await tab.page.evaluate(() => {
        const d = document.documentElement;
        return { sw: d.scrollWidth, cw: d.clientWidth, care: d.classList.contains('care') };
      });
      if (!m.care) failures.push(`/${rel}: 关怀模式 is not on`);
      if (m.sw > m.cw) failures.push(`/${rel}: scrollWidth ${m.sw} > clientWidth ${m.cw}`);
      tab.take();
    }
  } finally {
    await tab.close();
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('关怀模式: the switch turns it on, it stays on across a click to another page, and off again', async () => {
  const tab = await h.open({ viewport: { width: 1280, height: 900 } });
  const { page } = tab;
  try {
    await tab.visit('');
    const button = page.getByRole('button', { name: '关怀模式' });
    assert.equal(await button.count(), 1, 'one 关怀模式 button in the header');
    assert.equal(await page.locator('header #care-toggle').count(), 1, 'the button is in the header');
    assert.ok(await button.isVisible(), 'visible with JavaScript');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    const bodySize = () => page.locator('main p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok((await bodySize()) < 24, 'normal text is smaller than 24 px');

    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('care')));
    const m = await page.locator('main p').first().evaluate((el) => {
      const s = getComputedStyle(el);
      return { size: parseFloat(s.fontSize), lh: parseFloat(s.lineHeight) };
    });
    assert.ok(m.size >= 24, `body text ${m.size}px`);
    assert.ok(m.lh >= 1.5 * m.size, `line height ${m.lh}px`);
    const nav = await page.locator('.site-nav a').evaluateAll((els) => els.map((a) => a.getBoundingClientRect()).map((r) => [r.width, r.height]));
    for (const [w, hgt] of nav) assert.ok(w >= 44 && hgt >= 44, `navigation link ${w}×${hgt}`);

    // A click to another page: the mode is still on there, before any script of ours runs again by hand.
    const from = page.url();
    await page.locator('.site-nav').getByRole('link', { name: '通知公告' }).click();
    await page.waitForURL((u) => u.href !== from);
    await page.waitForLoadState('load');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('care')), 'on after the click');
    assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), CARE_KEY), CARE_ON);

    await page.getByRole('button', { name: '关怀模式' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('care')), false);
    await page.locator('.site-nav').getByRole('link', { name: '首页' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('care')), false, 'off stays off');
    assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'false');
    const p = tab.take();
    assert.deepEqual([...p.console, ...p.pageErrors, ...p.foreign], []);
  } finally {
    await tab.close();
  }
});

test('关怀模式 is applied before the first paint (the class is on <html> when the body is parsed)', async () => {
  const tab = await h.open({ viewport: { width: 1280, height: 900 } });
  await careOn(tab.context);
  // Records, as soon as <body> exists, whether <html> already has the class.
  await tab.context.addInitScript(() => {
    const seen = () => {
      if (document.body) {
        window.__careAtBody = document.documentElement.classList.contains('care');
        return true;
      }
      return false;
    };
    if (!seen()) {
      const mo = new MutationObserver(() => {
        if (seen()) mo.disconnect();
      });
      mo.observe(document, { childList: true, subtree: true });
    }
  });
  try {
    await tab.visit('notices/');
    assert.equal(await tab.page.evaluate(() => window.__careAtBody), true);
  } finally {
    await tab.close();
  }
});

test('without JavaScript: the switch is hidden and the page reflows at 200 % zoom', async () => {
  // 200 % zoom of a 1280 px window is a 640 CSS px viewport.
  const tab = await h.open({ viewport: { width: 640, height: 450 }, javaScriptEnabled: false });
  const failures = [];
  try {
    for (const r of pageTypes().filter((p) => !p.search)) {
      await tab.visit(r.rel, { notFound: r.notFound });
      const m = await tab.page.evaluate(() => {
        const b = document.getElementById('care-toggle');
        const d = document.documentElement;
        return {
          present: !!b,
          shown: !!b && getComputedStyle(b).display !== 'none' && b.getBoundingClientRect().width > 0,
          sw: d.scrollWidth,
          cw: d.clientWidth,
        };
      });
      if (!m.present) failures.push(`/${r.rel}: no #care-toggle in the header`);
      if (m.shown) failures.push(`/${r.rel}: the 关怀模式 switch shows without JavaScript`);
      if (m.sw > m.cw) failures.push(`/${r.rel}: scrollWidth ${m.sw} > clientWidth ${m.cw} at 640 px (200 % zoom)`);
    }
  } finally {
    await tab.close();
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('print is unaffected by 关怀模式', async () => {
  const styleOf = () =>
    [...document.querySelectorAll('main p, main td, main li, main h1, .site-header, .site-nav')].slice(0, 40).map((el) => {
      const s = getComputedStyle(el);
      return `${el.tagName} ${s.display} ${s.fontSize} ${s.lineHeight} ${s.color}`;
    });
  const plain = await h.open({ viewport: { width: 1280, height: 900 } });
  const care = await h.open({ viewport: { width: 1280, height: 900 } });
  await careOn(care.context);
  try {
    for (const r of pageTypes().filter((p) => !p.search && !p.notFound)) {
      await plain.visit(r.rel);
      await care.visit(r.rel);
      await plain.page.emulateMedia({ media: 'print' });
      await care.page.emulateMedia({ media: 'print' });
      assert.ok(await care.page.evaluate(() => document.documentElement.classList.contains('care')));
      assert.deepEqual(await care.page.evaluate(styleOf), await plain.page.evaluate(styleOf), `/${r.rel} prints the same in 关怀模式`);
      await plain.page.emulateMedia({ media: 'screen' });
      await care.page.emulateMedia({ media: 'screen' });
    }
  } finally {
    await plain.close();
    await care.close();
  }
});
