'use strict';
// One page of each type of the built site, found in its tree and open
// data, and the switch of 关怀模式 (care mode) for a browser context.

/** The localStorage key and value that care.js reads. */
const CARE_KEY = 'qaward-care';
const CARE_ON = 'on';

/**
 * One page of each type: `{ type, rel, optional?, notFound?, search? }`.
 * `rel` is undefined when the site has no page of that type.
 */
function representatives(h) {
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

/** Opens a representative page in `tab` (a harness page), with search results drawn when asked. */
async function show(tab, r) {
  const res = await tab.visit(r.rel, { notFound: r.notFound });
  if (r.search) {
    await tab.page.getByRole('searchbox').fill(r.search);
    await tab.page.locator('#search-results li').first().waitFor();
  }
  return res;
}

/** Turns 关怀模式 on for every page the context opens, as a reader who switched it on earlier. */
async function careOn(context) {
  await context.addInitScript(
    ([key, value]) => {
      try {
        window.localStorage.setItem(key, value);
      } catch (e) {
        /* about:blank has no storage */
      }
    },
    [CARE_KEY, CARE_ON],
  );
}

module.exports = { representatives, show, careOn, CARE_KEY, CARE_ON };
