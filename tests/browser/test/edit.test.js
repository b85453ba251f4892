'use strict';
// `qaward serve --edit` in a real browser (SPEC section 11): the token
// link, a score item changed in the form with the live total, the save and
// the file's diff; a save that breaks a rule; a file changed on disk
// meanwhile; a new organisation; a new application. Runs the binary named
// by QAWARD_BIN (run.sh sets it to target/debug/qaward when that exists)
// on a copy of content/. Screenshots of the application, score and
// new-application forms at 1280 and 390 px go to SCREENSHOT_DIR when it
// is set.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { chromium } = require('playwright-core');
const { CHROMIUM, CHROMIUM_ARGS } = require('../lib/harness');

const BIN = process.env.QAWARD_BIN;
const REPO = path.resolve(__dirname, '..', '..', '..');
const APP = 'cycles/2025/applications/lucheng-leather.yaml';
const skip = BIN ? false : 'QAWARD_BIN is not set (run.sh sets it when target/debug/qaward exists)';

let dir;
let child;
let login;
let browser;

function copyTree(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Starts the editor and resolves with the printed token link. */
function startEditor(root) {
  return new Promise((resolve, reject) => {
    child = spawn(BIN, ['serve', '--edit', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no edit URL in: ${out}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk.toString('utf8');
      const m = out.match(/http:\/\/\S+\/_edit\/\?token=[0-9a-f]{64}/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`qaward exited ${code}: ${out}`)));
  });
}

before(async () => {
  if (!BIN) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaward-edit-'));
  copyTree(path.join(REPO, 'content'), dir);
  login = await startEditor(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
  if (child) child.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function loggedIn(width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(login);
  assert.ok(page.url().endsWith('/_edit/'), `the token link lands on /_edit/ without the token: ${page.url()}`);
  return { context, page, errors };
}

function changedLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length);
  return a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
}

async function shoot(page, name) {
  const out = process.env.SCREENSHOT_DIR;
  if (!out) return;
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
}

test('a score item changed in the form: live total, save, and exactly two lines change', { skip }, async () => {
  const { context, page, errors } = await loggedIn(1280);
  await page.click('a[href="/_edit/cycles/2025/"]');
  await page.click(`a[href="/_edit/form/${APP}"]`);
  await shoot(page, 'application-1280');
  const item = page.locator('input[name="/onsite/items/4.1.2"]');
  await item.scrollIntoViewIfNeeded();
  const table = page.locator('table.items', { has: item });
  assert.equal((await table.locator('td.total').textContent()).trim(), '622');
  await item.fill('31');
  assert.equal((await table.locator('td.total').textContent()).trim(), '623（与得分 622 不一致）', 'the live total and the sum check');
  await shoot(page, 'score-1280');
  await page.fill('input[name="/onsite/score"]', '623');
  assert.equal((await table.locator('td.total').textContent()).trim(), '623', 'the sum agrees');
  const before = fs.readFileSync(path.join(dir, APP), 'utf8');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[type=submit]')]);
  assert.ok(await page.locator('text=已保存').count() > 0);
  const after = fs.readFileSync(path.join(dir, APP), 'utf8');
  assert.deepEqual(changedLines(before, after), [
    ['  score: 622', '  score: 623'],
    ['    "4.1.2": 30   # 高层领导的作用（满分 50）', '    "4.1.2": 31   # 高层领导的作用（满分 50）'],
  ]);
  await page.goto(new URL('/_edit/changes/', page.url()).href);
  assert.ok((await page.content()).includes(APP));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the forms at a phone width', { skip }, async () => {
  const { context, page } = await loggedIn(390);
  await page.goto(new URL(`/_edit/form/${APP}`, page.url()).href);
  await shoot(page, 'application-390');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page: ${width}`);
  await page.locator('input[name="/onsite/items/4.1.2"]').scrollIntoViewIfNeeded();
  await shoot(page, 'score-390');
  await context.close();
});

test('a save that breaks a rule is shown beside its field and not written', { skip }, async () => {
  const { context, page } = await loggedIn(1280);
  await page.goto(new URL(`/_edit/form/${APP}`, page.url()).href);
  const before = fs.readFileSync(path.join(dir, APP), 'utf8');
  await page.fill('input[name="/onsite/items/4.1.3"]', '1');
  await page.click('button[type=submit]');
  await page.waitForSelector('p.finding.error');
  const field = page.locator('div.field', { has: page.locator('input[name="/onsite/score"]') });
  assert.match(await field.textContent(), /art4\/scores/);
  assert.equal(fs.readFileSync(path.join(dir, APP), 'utf8'), before);
  await context.close();
});

test('a file changed on disk since the form opened is not overwritten', { skip }, async () => {
  const { context, page } = await loggedIn(1280);
  await page.goto(new URL(`/_edit/form/${APP}`, page.url()).href);
  const file = path.join(dir, APP);
  const theirs = fs.readFileSync(file, 'utf8').replace('signed_by:', '# checked by hand\n  signed_by:');
  fs.writeFileSync(file, theirs);
  await page.fill('input[name="/onsite/signed_by"]', '某某');
  await page.click('button[type=submit]');
  await page.waitForSelector('details.conflict');
  assert.match(await page.locator('details.conflict').textContent(), /checked by hand/);
  assert.equal(fs.readFileSync(file, 'utf8'), theirs);
  await context.close();
});

test('a new organisation made in the form validates', { skip }, async () => {
  const { context, page } = await loggedIn(1280);
  await page.click('a[href="/_edit/organizations/"]');
  await page.click('a[href="/_edit/new/organization/"]');
  await page.fill('input[name="_id"]', 'browser-org');
  await page.fill('input[name="/name"]', '温州浏览器示例有限公司');
  await page.fill('input[name="/uscc"]', '91330300MA2AXXXX1L');
  await page.fill('input[name="/established"]', '2015-03-02');
  await page.selectOption('select[name="/recommender"]', 'lucheng');
  await page.selectOption('select[name="/industry"]', 'footwear');
  await page.fill('input[name="/contact/person"]', '张三');
  await page.fill('input[name="/contact/phone"]', '0577-88888888');
  await page.fill('input[name="/contact/email"]', 'a@example.com');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[type=submit]')]);
  assert.ok(fs.existsSync(path.join(dir, 'organizations/browser-org.yaml')));
  const check = require('node:child_process').spawnSync(BIN, ['validate', '--root', dir], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout);
  await context.close();
});

test('a new application made in the form: organisation and award chosen, then its form opens', { skip }, async () => {
  const { context, page, errors } = await loggedIn(1280);
  await page.click('a[href="/_edit/cycles/2025/"]');
  await page.click('a[href="/_edit/new/application/?year=2025"]');
  assert.equal(await page.inputValue('select[name="_year"]'), '2025', 'the year of the list');
  await page.selectOption('select[name="_organization"]', 'cangnan-label');
  await page.selectOption('select[name="_award"]', 'quality');
  await shoot(page, 'new-application-1280');
  await page.fill('input[name="/submitted"]', '2026-04-20');
  await page.fill('input[name="/excellence_since"]', '2015-01-01');
  await page.selectOption('select[name="/declarations/compliant"]', 'true');
  await page.selectOption('select[name="/declarations/incidents"]', '[]');
  await page.fill('input[name="/self_evaluation/score"]', '640');
  await page.fill('input[name="/self_evaluation/report"]', '卓越绩效自我评价报告（演示）');
  const file = 'cycles/2025/applications/cangnan-label.yaml';
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
  assert.ok(page.url().endsWith(`/_edit/form/${file}?saved=1`), page.url());
  assert.match(await page.locator('h1').textContent(), /苍南.*cangnan-label/);
  assert.equal(await page.inputValue('input[name="/self_evaluation/score"]'), '640', 'its form opens with what was filled');
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  assert.match(text, /^# yaml-language-server: \$schema=/);
  const check = require('node:child_process').spawnSync(BIN, ['validate', '--root', dir], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout);
  assert.deepEqual(errors, []);
  await context.close();
  const phone = await loggedIn(390);
  await phone.page.goto(new URL('/_edit/new/application/?year=2025', phone.page.url()).href);
  await shoot(phone.page, 'new-application-390');
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page: ${width}`);
  await phone.context.close();
});

test('the live check shows a broken rule beside its field while typing, and writes nothing', { skip }, async () => {
  const { context, page, errors } = await loggedIn(1280);
  await page.goto(new URL(`/_edit/form/${APP}`, page.url()).href);
  const file = path.join(dir, APP);
  const before = fs.readFileSync(file, 'utf8');
  const status = page.locator('#live-check');
  assert.equal(await status.isHidden(), true, 'nothing shown before any change');
  const item = page.locator('input[name="/onsite/items/4.1.3"]');
  const old = Number(await item.inputValue());
  await item.fill(String(old - 1));
  await page.waitForFunction(() => /会被拒绝/.test(document.getElementById('live-check').textContent));
  const field = page.locator('div.field', { has: page.locator('input[name="/onsite/score"]') });
  await page.waitForFunction(() => /art4\/scores/.test(document.querySelector('input[name="/onsite/score"]').closest('.field').textContent));
  assert.ok(await field.evaluate((e) => e.classList.contains('has-error')), 'the field is marked');
  await field.scrollIntoViewIfNeeded();
  await shoot(page, 'live-check-1280');
  // The score made to agree: the check clears the finding.
  const score = page.locator('input[name="/onsite/score"]');
  await score.fill(String(Number(await score.inputValue()) - 1));
  await page.waitForFunction(() => !/会被拒绝/.test(document.getElementById('live-check').textContent));
  assert.doesNotMatch(await field.textContent(), /art4\/scores/);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'the live check wrote nothing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a list row added with 添加一行: fill, save, and the diff is exactly the new item', { skip }, async () => {
  const { context, page, errors } = await loggedIn(1280);
  const file = 'cycles/2025/applications/ruian-brake.yaml';
  await page.goto(new URL(`/_edit/form/${file}`, page.url()).href);
  const list = page.locator('div.list[data-list="/declarations/incidents"]');
  assert.equal(await list.locator('tr.new').count(), 1, 'one blank row without the button');
  await list.locator('button.add-row').click();
  assert.equal(await list.locator('tr.new').count(), 2, 'a second blank row');
  await page.selectOption('select[name="_new:/declarations/incidents/1/kind"]', 'major-complaint');
  await page.fill('input[name="_new:/declarations/incidents/1/date"]', '2024-03-01');
  await page.fill('[name="_new:/declarations/incidents/1/description"]', '一件投诉（浏览器测试）。');
  await list.scrollIntoViewIfNeeded();
  await shoot(page, 'incidents-added-1280');
  const before = fs.readFileSync(path.join(dir, file), 'utf8');
  await Promise.all([page.waitForURL(/saved=1/), page.click('button[value=save]')]);
  const after = fs.readFileSync(path.join(dir, file), 'utf8');
  const added = [
    '    - kind: major-complaint',
    '      date: 2024-03-01',
    '      description: 一件投诉（浏览器测试）。',
  ];
  const at = '      description: 2025年11月，厂区涂装车间发生火灾，经应急管理部门调查认定为较大生产安全事故。\n';
  assert.equal(after, before.replace(at, at + added.join('\n') + '\n'));
  assert.equal(await page.locator('div.list[data-list="/declarations/incidents"] tr.new').count(), 1, 'a fresh blank row');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new list row missing a required field: the finding beside its cell, nothing written', { skip }, async () => {
  const { context, page } = await loggedIn(1280);
  const file = 'cycles/2025/cycle.yaml';
  await page.goto(new URL(`/_edit/form/${file}`, page.url()).href);
  const before = fs.readFileSync(path.join(dir, file), 'utf8');
  await page.selectOption('select[name="_new:/publicity/objections/0/application"]', 'lucheng-leather');
  await page.click('button[value=save]');
  await page.waitForSelector('p.finding.error');
  const cell = page.locator('td', { has: page.locator('[name="_new:/publicity/objections/0/received"]') });
  assert.match(await cell.textContent(), /received/);
  assert.equal(await page.locator('select[name="_new:/publicity/objections/0/application"]').inputValue(), 'lucheng-leather', 'the row as sent');
  assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), before);
  await cell.scrollIntoViewIfNeeded();
  await shoot(page, 'objection-refused-1280');
  await context.close();
});

test('the live check finds a new row after blank ones, and 添加一行 numbers after the largest', { skip }, async () => {
  const { context, page, errors } = await loggedIn(1280);
  const file = 'cycles/2025/cycle.yaml';
  await page.goto(new URL(`/_edit/form/${file}`, page.url()).href);
  const before = fs.readFileSync(path.join(dir, file), 'utf8');
  const list = page.locator('div.list[data-list="/publicity/objections"]');
  await list.locator('button.add-row').click();
  await list.locator('button.add-row').click();
  // Rows 0 and 1 stay blank; row 2 lacks its required dates and summary.
  await page.selectOption('select[name="_new:/publicity/objections/2/application"]', 'lucheng-leather');
  await page.waitForFunction(() => /会被拒绝/.test(document.getElementById('live-check').textContent));
  const cell = (k) => page.locator('td', { has: page.locator(`[name="_new:/publicity/objections/${k}/received"]`) });
  await page.waitForFunction(() => /received/.test(document.querySelector('[name="_new:/publicity/objections/2/received"]').closest('td').textContent));
  assert.doesNotMatch(await cell(0).textContent(), /received/, 'not on the first blank row');
  // A refused save shows the filled row with its number; the next row added follows it.
  await page.click('button[value=save]');
  await page.waitForSelector('p.finding.error');
  assert.equal(await list.locator('tr.new').count(), 1);
  assert.equal(await page.locator('select[name="_new:/publicity/objections/2/application"]').inputValue(), 'lucheng-leather');
  await list.locator('button.add-row').click();
  assert.equal(await page.locator('select[name="_new:/publicity/objections/3/application"]').count(), 1, 'numbered after 2');
  assert.match(await list.locator('tr.new').last().textContent(), /新增 2/);
  assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), before);
  // The refused save is answered 422, which the console reports.
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
  await context.close();
});

test('the lists\' tables at 1280 and 390 px', { skip }, async () => {
  for (const width of [1280, 390]) {
    const { context, page } = await loggedIn(width);
    await page.goto(new URL('/_edit/form/cycles/2025/cycle.yaml', page.url()).href);
    await page.locator('div.list[data-list="/review_groups/group-a/members"]').scrollIntoViewIfNeeded();
    await shoot(page, `review-groups-${width}`);
    await page.locator('div.list[data-list="/publicity/objections"]').scrollIntoViewIfNeeded();
    await shoot(page, `objections-${width}`);
    await page.locator('div.list[data-list="/committee_vote/tallies"]').scrollIntoViewIfNeeded();
    await shoot(page, `tallies-${width}`);
    await page.locator('legend', { hasText: '新增评审组' }).scrollIntoViewIfNeeded();
    await shoot(page, `new-group-${width}`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `no sideways scrolling of the page: ${scroll}`);
    await page.goto(new URL('/_edit/form/cycles/2025/applications/ouhai-apparel.yaml', page.url()).href);
    await page.locator('div.list[data-list="/declarations/incidents"]').scrollIntoViewIfNeeded();
    await shoot(page, `incidents-${width}`);
    await context.close();
  }
});

test('axe-core: no violation of any impact on the editor\'s pages (WCAG 2.1 A and AA)', { skip }, async () => {
  // The editor's pages forbid inline scripts; axe is injected past that.
  const { context, page } = await loggedIn(1280, { bypassCSP: true });
  const AXE = require.resolve('axe-core/axe.min.js');
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const audit = async (rel) => {
    await page.addScriptTag({ path: AXE });
    // eslint-disable-next-line no-undef
    const result = await page.evaluate((t) => axe.run(document, { runOnly: { type: 'tag', values: t }, resultTypes: ['violations'] }), tags);
    assert.deepEqual(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(' ')}`), [], rel);
  };
  const pages = ['/_edit/', '/_edit/cycles/2025/', '/_edit/organizations/', '/_edit/experts/', '/_edit/notices/', `/_edit/form/${APP}`,
    '/_edit/form/cycles/2025/cycle.yaml', '/_edit/form/experts/chen-mouping.yaml', '/_edit/form/organizations/lucheng-leather.yaml',
    '/_edit/form/notices/2025-call.md', '/_edit/new/organization/', '/_edit/new/expert/', '/_edit/new/notice/', '/_edit/new/cycle/',
    '/_edit/new/application/', '/_edit/new/application/?year=2024', '/_edit/changes/', '/_edit/no-such-page/',
    '/_edit/form/cycles/2025/applications/ouhai-apparel.yaml'];
  for (const rel of pages) {
    await page.goto(new URL(rel, page.url()).href);
    await audit(rel);
  }
  // A refused save, with its findings beside the fields, and the live check's.
  await page.goto(new URL(`/_edit/form/${APP}`, page.url()).href);
  await page.fill('input[name="/onsite/items/4.1.3"]', '0');
  await page.waitForFunction(() => /会被拒绝/.test(document.getElementById('live-check').textContent));
  await audit('the live check');
  await page.click('button[type=submit]');
  await page.waitForSelector('p.finding.error');
  await audit('a refused save');
  await context.close();
});
