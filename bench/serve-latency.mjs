// How long after a file is saved the browser shows the change, through
// `qaward serve`: the staff's preview loop at scale.
//
//   node bench/serve-latency.mjs QAWARD CONTENT_ROOT AS_OF [RUNS]
//
// It starts `qaward serve --port 0` on CONTENT_ROOT, opens the first
// winner page in headless Chromium (Debian's, driven by playwright-core
// from tests/browser/node_modules), then RUNS times rewrites one sentence
// of that winner's organisation profile and measures, in this process,
// from just before the write to the page's next `load` event; it then
// checks that the reloaded page shows the new sentence. The file is put
// back at the end. Prints one JSON line: every time in ms, the median and
// the maximum.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const [qaward, root, asOf, runsArg] = process.argv.slice(2);
if (!qaward || !root || !asOf) {
  console.error('usage: node bench/serve-latency.mjs QAWARD CONTENT_ROOT AS_OF [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 7);

function startServe() {
  const child = spawn(qaward, ['serve', '--root', root, '--port', '0', '--as-of', asOf], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  const url = new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`qaward serve exited (${code}): ${lines.join('\n')}`)));
  });
  return { child, url, lines };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const serve = startServe();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let file;
let original;
try {
  const base = await serve.url;
  const page = await browser.newPage();
  await page.goto(base + 'winners/', { waitUntil: 'load' });
  const href = await page.$$eval('a[href*="winners/"]', (links) =>
    links.map((a) => a.getAttribute('href')).find((h) => /winners\/\d{4}\/[^/]+\/$/.test(h)));
  if (!href) throw new Error('no winner page linked from winners/');
  const org = /winners\/\d{4}\/([^/]+)\/$/.exec(href)[1];
  file = path.join(root, 'organizations', `${org}.yaml`);
  original = readFileSync(file, 'utf8');
  const sentence = /(（本简介为演示内容[^）]*）)/.exec(original);
  if (!sentence) throw new Error(`${file}: no profile sentence to edit`);
  await page.goto(new URL(href, base + 'winners/').href, { waitUntil: 'load' });
  // Let the first build's page settle and the event stream connect.
  await page.waitForTimeout(1000);
  const times = [];
  for (let i = 1; i <= runs; i++) {
    const marker = `（第${i}次修改）`;
    const loaded = page.waitForEvent('load', { timeout: 30_000 });
    const started = performance.now();
    writeFileSync(file, original.replace(sentence[1], sentence[1] + marker));
    await loaded;
    const elapsed = performance.now() - started;
    const text = await page.textContent('main');
    if (!text.includes(marker)) throw new Error(`run ${i}: the reloaded page does not show ${marker}`);
    times.push(Math.round(elapsed));
    await page.waitForTimeout(700);
  }
  console.log(JSON.stringify({ page: href, file: path.relative(root, file), times, median: median(times), max: Math.max(...times) }));
} finally {
  if (file && original !== undefined) writeFileSync(file, original);
  await browser.close();
  serve.child.kill();
}
