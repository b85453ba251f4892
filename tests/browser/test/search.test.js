'use strict';
// 2. Site search finds an organisation by a part from the middle of its
//    Chinese name, typed into the search box, given in the address
//    (?q=, also from file://), and loads only part of the sharded index;
//    a failed load is said, and a slow earlier query never overwrites a
//    later one.

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

/** Files of the site under search/ but the page itself. */
function indexFiles(root) {
  const fs = require('node:fs');
  const path = require('node:path');
  const out = [];
  (function walk(rel) {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (r !== 'search/index.html') out.push(r);
    }
  })('search');
  return out;
}

test('search: ?q= opened directly finds the name and loads only part of the index', async () => {
  const winner = h.winners.winners[Math.floor(h.winners.winners.length / 2)];
  const query = middle(winner.organization);
  const tab = await h.open();
  const { page } = tab;
  const loaded = [];
  page.on('request', (req) => {
    const m = /\/(search\/.+\.js)$/.exec(new URL(req.url()).pathname);
    if (m) loaded.push(m[1]);
  });
  try {
    await page.goto(`${h.server.url('search/')}?q=${encodeURIComponent(query)}`);
    const link = page.locator('#search-results').getByRole('link', { name: `${winner.title}：${winner.organization}`, exact: true });
    await link.waitFor();
    assert.match(await page.locator('#search-status').textContent(), /找到 \d+ 条结果/);
    const all = indexFiles(h.root);
    assert.ok(loaded.includes('search/meta.js'), `meta.js loaded; got ${loaded.join(', ')}`);
    assert.ok(loaded.some((f) => f.startsWith('search/g/')) && loaded.some((f) => f.startsWith('search/d/')), loaded.join(', '));
    assert.ok(loaded.length < all.length, `loaded ${loaded.length} of the ${all.length} index files`);
    assert.deepEqual(tab.take(), { foreign: [], console: [], pageErrors: [], badResponses: [] });
  } finally {
    await tab.close();
  }
});

test('search: works from file:// (no server)', async () => {
  const winner = h.winners.winners[0];
  const query = middle(winner.organization);
  const context = await h.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  try {
    const url = require('node:url').pathToFileURL(require('node:path').join(h.root, 'search/index.html'));
    url.searchParams.set('q', query);
    await page.goto(url.href);
    const link = page.locator('#search-results').getByRole('link', { name: `${winner.title}：${winner.organization}`, exact: true });
    await link.waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#search-status').textContent(), /找到 \d+ 条结果/);
    await link.click();
    await page.waitForLoadState('load');
    assert.ok(page.url().startsWith('file://') && page.url().includes(`/winners/${winner.year}/${winner.organization_id}/`), page.url());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('search: a shard that fails to load is said, in Chinese', async () => {
  const query = middle(h.winners.winners[0].organization);
  const tab = await h.open();
  const { page } = tab;
  try {
    await page.route('**/search/g/**', (route) => route.abort('failed'));
    await page.goto(`${h.server.url('search/')}?q=${encodeURIComponent(query)}`);
    const status = page.locator('#search-status');
    await page.waitForFunction(() => /失败/.test(document.getElementById('search-status')?.textContent || ''));
    assert.match(await status.textContent(), /^搜索索引加载失败（g\/\d+\.js）/);
    assert.equal(await page.locator('#search-results li').count(), 0);
  } finally {
    await tab.close();
  }
});

test('search: a slow earlier query never overwrites a later one; submit puts ?q= in the address', async () => {
  const winners = h.winners.winners;
  const a = winners[0];
  const b = winners.find((w) => !w.organization.includes(middle(a.organization)) && !a.organization.includes(middle(w.organization)));
  assert.ok(b, 'two winners whose names do not hold each other');
  const tab = await h.open();
  const { page } = tab;
  const held = [];
  let hold = false;
  try {
    await page.route('**/search/**', (route) => (hold ? held.push(route) : route.continue()));
    await tab.visit('search/');
    const box = page.getByRole('searchbox');
    const results = page.locator('#search-results');
    // Warm up: meta.js and some shards are in.
    await box.fill(middle(winners[winners.length - 1].organization));
    await box.press('Enter');
    await results.locator('li').first().waitFor();

    hold = true;
    await box.fill(middle(a.organization));
    await box.press('Enter');
    await page.waitForFunction(() => /正在搜索/.test(document.getElementById('search-status')?.textContent || ''));
    await new Promise((r) => setTimeout(r, 300));
    hold = false;
    await box.fill(middle(b.organization));
    await box.press('Enter');
    await results.getByRole('link', { name: `${b.title}：${b.organization}`, exact: true }).waitFor();
    const shown = await results.innerText();
    const said = await page.locator('#search-status').textContent();

    // Let the first query's loads finish: nothing may change.
    for (const route of held.splice(0)) await route.continue();
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(await results.innerText(), shown);
    assert.equal(await page.locator('#search-status').textContent(), said);
    assert.ok(!shown.includes(a.organization) || b.organization.includes(middle(a.organization)), 'no result of the first query');
    assert.equal(new URL(page.url()).searchParams.get('q'), middle(b.organization));
  } finally {
    hold = false;
    for (const route of held.splice(0)) await route.continue().catch(() => {});
    await tab.close();
  }
});
