'use strict';
// 2. Site search finds an organisation by a part from the middle of its
//    Chinese name, typed into the search box.

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

/** 3 characters from the middle of a name (2 for a short one). */
function middle(name) {
  const n = name.length >= 6 ? 3 : 2;
  const start = Math.floor((name.length - n) / 2);
  return name.slice(start, start + n);
}

test('search: part of an organisation name finds it', async () => {
  const winner = h.winners.winners[0];
  assert.ok(winner, 'data/winners.json lists no winner');
  const name = winner.organization;
  const query = middle(name);
  assert.ok(query.length >= 2 && !name.startsWith(query) && !name.endsWith(query), `${query} should come from inside ${name}`);

  const tab = await h.open();
  const { page } = tab;
  try {
    await tab.visit('search/');
    const box = page.getByRole('searchbox');
    assert.equal(await box.count(), 1, 'one search box');
    await box.click();
    await box.pressSequentially(query, { delay: 30 });

    const status = page.getByRole('status');
    await page.waitForFunction(() => /找到 \d+ 条结果|没有找到/.test(document.getElementById('search-status')?.textContent || ''));
    assert.match(await status.textContent(), /找到 \d+ 条结果/, `searching ${query}`);

    const results = page.locator('#search-results');
    const hit = results.getByRole('link', { name: name });
    assert.ok((await hit.count()) >= 1, `results for ${query} should include ${name}; got:\n${(await results.innerText()).trim()}`);

    // The hit leads to the organisation's page.
    const link = results.getByRole('link', { name: `${winner.title}：${name}`, exact: true });
    assert.equal(await link.count(), 1, `a result titled ${winner.title}：${name}`);
    await link.click();
    await page.waitForURL(h.server.url(`winners/${winner.year}/${winner.organization_id}/`));
    await page.waitForLoadState('load');
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), name);

    const problems = tab.take();
    assert.deepEqual(problems, { foreign: [], console: [], pageErrors: [], badResponses: [] });
  } finally {
    await tab.close();
  }
});

test('search: a query in the address (?q=) is run on load', async () => {
  const winner = h.winners.winners[h.winners.winners.length - 1];
  const query = middle(winner.organization);
  const tab = await h.open();
  const { page } = tab;
  try {
    await page.goto(`${h.server.url('search/')}?q=${encodeURIComponent(query)}`);
    await page.getByRole('link', { name: winner.organization }).first().waitFor();
    assert.equal(await page.getByRole('searchbox').inputValue(), query);
    const problems = tab.take();
    assert.deepEqual(problems, { foreign: [], console: [], pageErrors: [], badResponses: [] });
  } finally {
    await tab.close();
  }
});
