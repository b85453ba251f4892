'use strict';
// 5. axe-core (WCAG 2.0 and 2.1, levels A and AA) finds no violation of any
//    impact on any page type, in the normal page and in 关怀模式, at 1280
//    and 390 px wide.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const AXE = require.resolve('axe-core/axe.min.js');
const { setUp } = require('../lib/harness');
const { representatives, show, careOn } = require('../lib/pages');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MODES = [
  ['normal', 1280, false],
  ['关怀模式', 1280, true],
  ['normal', 390, false],
  ['关怀模式', 390, true],
];

let h;
before(async () => {
  h = await setUp();
});
after(async () => {
  await h?.close();
});

function format(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      - ${n.target.join(' ')}\n        ${n.html.replace(/\s+/g, ' ').slice(0, 160)}\n        ${(n.failureSummary || '').replace(/\s*\n\s*/g, ' / ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `    [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})\n      ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

for (const [mode, width, care] of MODES) {
  test(`axe-core: no violation on any page type (${mode}, ${width} px)`, async (t) => {
    const tab = await h.open({ viewport: { width, height: 900 } });
    if (care) await careOn(tab.context);
    try {
      for (const r of representatives(h)) {
        await t.test(`axe: ${r.type}${r.rel !== undefined ? ` (/${r.rel})` : ''}`, async (st) => {
          if (!r.rel && r.rel !== '') {
            if (r.optional) {
              st.skip('the site has none');
              return;
            }
            assert.fail(`the site has no ${r.type} page`);
          }
          if (!r.notFound && r.rel !== 'search/') assert.ok(h.pages.includes(r.rel), `/${r.rel} is not in the built site`);
          const res = await show(tab, r);
          if (r.notFound) assert.equal(res.status(), 404);
          const inCare = await tab.page.evaluate(() => document.documentElement.classList.contains('care'));
          assert.equal(inCare, care, `关怀模式 should be ${care ? 'on' : 'off'}`);
          await tab.page.addScriptTag({ path: AXE });
          const result = await tab.page.evaluate(
            (tags) =>
              // eslint-disable-next-line no-undef
              axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            TAGS,
          );
          assert.equal(result.violations.length, 0, `axe-core on /${r.rel} (${r.type}, ${mode}, ${width} px):\n${format(result.violations)}`);
          tab.take();
        });
      }
    } finally {
      await tab.close();
    }
  });
}
