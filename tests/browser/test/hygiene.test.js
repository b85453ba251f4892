'use strict';
// 4. No page logs a console error or throws, no page loads a missing local
//    resource, and no page makes a request to any host but the local server.

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

function report(label, p) {
  const lines = [];
  for (const u of p.foreign) lines.push(`${label}: request to another host: ${u}`);
  for (const m of p.console) lines.push(`${label}: console error: ${m}`);
  for (const e of p.pageErrors) lines.push(`${label}: page error: ${e}`);
  for (const r of p.badResponses) lines.push(`${label}: failed load: ${r}`);
  return lines;
}

test('every page: no console error, no page error, no request off the local server', async () => {
  assert.ok(h.pages.length > 0, 'the site has HTML pages');
  const tab = await h.open({ viewport: { width: 1280, height: 900 } });
  const failures = [];
  try {
    for (const rel of h.pages) {
      await tab.visit(rel);
      failures.push(...report(`/${rel}`, tab.take()));
    }
    // The search page once it has run a query.
    const winner = h.winners.winners[0];
    if (winner) {
      await tab.visit(`search/?q=${encodeURIComponent(winner.organization.slice(2, 5))}`);
      await tab.page.locator('#search-results li').first().waitFor();
      failures.push(...report('/search/?q=…', tab.take()));
    }
    // A missing address gets the 404 page, whose own resources must load.
    const res = await tab.visit('no-such-page/', { notFound: true });
    assert.equal(res.status(), 404, 'a missing page answers 404');
    failures.push(...report('/no-such-page/ (404)', tab.take()));
  } finally {
    await tab.close();
  }
  assert.equal(failures.length, 0, `problems on ${new Set(failures.map((f) => f.split(':')[0])).size} page(s):\n  ${failures.join('\n  ')}`);
});
