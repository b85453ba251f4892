'use strict';
// 3. On a 375 px wide phone no page of the site scrolls sideways.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setUp } = require('../lib/harness');

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let h;
before(async () => {
  h = await setUp();
});
after(async () => {
  await h?.close();
});

/** Widths, and the outermost elements that stick out past the right edge. */
function measure() {
  const doc = document.documentElement;
  const cw = doc.clientWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${s} (right ${Math.round(el.getBoundingClientRect().right)}px)${text ? ` “${text}”` : ''}`;
  };
  const clipped = (el) => {
    // Inside a scroll or clip container (a wide table in .table-scroll), an
    // element does not widen the page.
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= cw + 1 && r.left >= -1) continue;
    // Report only the outermost: skip one whose parent already sticks out.
    const p = el.parentElement;
    if (p && p !== document.body) {
      const pr = p.getBoundingClientRect();
      if (pr.right > cw + 1 || pr.left < -1) continue;
    }
    if (clipped(el)) continue;
    offenders.push(describe(el));
    if (offenders.length >= 5) break;
  }
  return { scrollWidth: doc.scrollWidth, clientWidth: cw, innerWidth: window.innerWidth, offenders };
}

test('375 px: no page scrolls sideways', async () => {
  assert.ok(h.pages.length > 0, 'the site has HTML pages');
  const tab = await h.open(PHONE);
  const failures = [];
  try {
    const check = async (label) => {
      const m = await tab.page.evaluate(measure);
      if (m.clientWidth !== 375) failures.push(`${label}: the layout viewport is ${m.clientWidth}px, not 375px (viewport meta?)`);
      if (m.scrollWidth > m.clientWidth + 1) {
        failures.push(`${label}: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}\n      ${m.offenders.join('\n      ') || '(no single element found)'}`);
      }
    };
    for (const rel of h.pages) {
      await tab.visit(rel);
      await check(`/${rel}`);
    }
    // Search with results drawn by script.
    const winner = h.winners.winners[0];
    if (winner) {
      await tab.visit('search/');
      await tab.page.getByRole('searchbox').fill(winner.organization.slice(1, 4));
      await tab.page.locator('#search-results li').first().waitFor();
      await check('/search/ with results');
    }
    // The 404 page, as served for a missing address.
    await tab.visit('no-such-page/', { notFound: true });
    await check('/no-such-page/ (404)');
  } finally {
    await tab.close();
  }
  assert.equal(failures.length, 0, `pages wider than the 375 px screen:\n  ${failures.join('\n  ')}`);
});
