'use strict';
// 5. axe-core finds no serious or critical violation on any page type.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const AXE = require.resolve('axe-core/axe.min.js');
const { setUp } = require('../lib/harness');

const BLOCKING = new Set(['serious', 'critical']);

let h;
let tab;
before(async () => {
  h = await setUp();
  tab = await h.open({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await tab?.close();
  await h?.close();
});

/** One page of each type, found in the built tree and the open data. */
function representatives() {
  const has = (rel) => h.pages.includes(rel);
  const first = (re) => h.pages.find((p) => re.test(p));
  const winners = h.winners.winners;
  const years = [...new Set(winners.map((w) => w.year))].sort((a, b) => b - a);
  const year = years.find((y) => has(`${y}/publicity/`)) ?? years[0];
  const valid = winners.find((w) => w.year === year && w.status === 'valid') || winners[0];
  const sanctioned = winners.find((w) => w.status !== 'valid');
  const winnerPath = (w) => `winners/${w.year}/${w.organization_id}/`;
  const notice = has(`notices/${year}-publicity/`) ? `notices/${year}-publicity/` : first(/^notices\/(?!page\/)[^/]+\/$/);
  const list = [
    ['home', ''],
    ['notices list', 'notices/'],
    ['a notice', notice],
    ['year', `${year}/`],
    ['publicity (公示)', `${year}/publicity/`],
    ['year winners', `${year}/winners/`],
    ['roll of honour', 'winners/'],
    ['a winner', valid && winnerPath(valid)],
    ['a revoked/cancelled winner', sanctioned && winnerPath(sanctioned), { optional: true }],
    ['region listing', first(/^winners\/region\/[^/]+\/$/)],
    ['industry listing', first(/^winners\/industry\/[^/]+\/$/)],
    ['sanctions', 'sanctions/'],
    ['search with results', 'search/', { search: valid && valid.organization.slice(2, 5) }],
    ['404', 'no-such-page/', { notFound: true }],
  ];
  return list.map(([type, rel, opts = {}]) => ({ type, rel, ...opts }));
}

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

test('axe-core: no serious or critical violation on any page type', async (t) => {
  for (const r of representatives()) {
    await t.test(`axe: ${r.type}${r.rel !== undefined ? ` (/${r.rel})` : ''}`, async (st) => {
      if (!r.rel && r.rel !== '') {
        if (r.optional) {
          st.skip('the site has none');
          return;
        }
        assert.fail(`the site has no ${r.type} page`);
      }
      if (!r.notFound && r.rel !== 'search/') assert.ok(h.pages.includes(r.rel), `/${r.rel} is not in the built site`);
      const res = await tab.visit(r.rel, { notFound: r.notFound });
      if (r.notFound) assert.equal(res.status(), 404);
      if (r.search) {
        await tab.page.getByRole('searchbox').fill(r.search);
        await tab.page.locator('#search-results li').first().waitFor();
      }
      await tab.page.addScriptTag({ path: AXE });
      const result = await tab.page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ['violations'] }),
      );
      const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
      const lesser = result.violations.filter((v) => !BLOCKING.has(v.impact));
      if (lesser.length) st.diagnostic(`lesser findings: ${lesser.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}`);
      assert.equal(blocking.length, 0, `axe-core on /${r.rel} (${r.type}):\n${format(blocking)}`);
      tab.take();
    });
  }
});
