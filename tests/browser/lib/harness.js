'use strict';
// Shared set-up for the browser tests: the built site, the local server,
// Debian's Chromium driven by playwright-core, and page guards that record
// console errors, page errors, failed local loads and any request that
// leaves the local server.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const NAV_TIMEOUT = 15_000;

function siteDir() {
  const dir = process.env.SITE_DIR;
  if (!dir) {
    throw new Error('SITE_DIR is not set: run `bash tests/browser/run.sh SITE_DIR` (a folder built by `qaward build`)');
  }
  const full = path.resolve(dir);
  if (!fs.existsSync(path.join(full, 'index.html'))) {
    throw new Error(`SITE_DIR=${full} has no index.html: build the site first`);
  }
  return full;
}

/** Every HTML file of the site, as site-relative URL paths (`''`, `notices/`, `404.html`), sorted. */
function htmlPages(root) {
  const out = [];
  (function walk(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        out.push(rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  })(root);
  return out.sort();
}

/** Site-relative path to a URL-encoded one (folders and names may be Chinese). */
function encodePath(rel) {
  return rel.split('/').map(encodeURIComponent).join('/');
}

function readJson(root, rel) {
  return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
}

/**
 * Starts the server and the browser. Returns the handle the tests use;
 * call `close()` in `after`.
 */
async function setUp() {
  const root = siteDir();
  const server = await startServer(root, { base: process.env.SITE_BASE || '/zlj/' });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    root,
    server,
    browser,
    pages: htmlPages(root),
    winners: readJson(root, 'data/winners.json'),
    /** A fresh context and page with guards; `viewport` etc. as for browser.newContext. */
    open: (contextOptions = {}) => openPage(browser, server, contextOptions),
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * A new context whose every request is checked: requests to the local
 * server go through, any other is aborted and recorded. Console errors,
 * uncaught page errors and local responses >= 400 (other than the
 * document of a deliberate 404 visit) are recorded too.
 */
async function openPage(browser, server, contextOptions) {
  const context = await browser.newContext({ locale: 'zh-CN', ...contextOptions });
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  context.setDefaultTimeout(NAV_TIMEOUT);
  const problems = { foreign: [], console: [], pageErrors: [], badResponses: [] };
  let expectNotFound = null;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.origin}/`)) return route.continue();
    problems.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const text = msg.text();
    // Chromium logs the 404 status of a page we asked for on purpose.
    if (expectNotFound && loc.url === expectNotFound && /status of 404/.test(text)) return;
    problems.console.push(`${text}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on('response', (res) => {
    if (res.status() < 400) return;
    if (expectNotFound && res.url() === expectNotFound) return;
    problems.badResponses.push(`${res.status()} ${res.url()}`);
  });
  return {
    context,
    page,
    problems,
    /** Go to a site-relative path; returns the main response. */
    async visit(rel, { notFound = false } = {}) {
      const q = rel.indexOf('?');
      const url = q < 0 ? server.url(encodePath(rel)) : server.url(encodePath(rel.slice(0, q))) + rel.slice(q);
      expectNotFound = notFound ? url : null;
      const response = await page.goto(url, { waitUntil: 'load' });
      if (!notFound && (!response || response.status() !== 200)) {
        throw new Error(`GET ${url} answered ${response ? response.status() : 'nothing'}`);
      }
      await page.evaluate(() => document.fonts && document.fonts.ready);
      return response;
    },
    /** Empties the recorded problems and returns what they were. */
    take() {
      const copy = {
        foreign: problems.foreign.splice(0),
        console: problems.console.splice(0),
        pageErrors: problems.pageErrors.splice(0),
        badResponses: problems.badResponses.splice(0),
      };
      return copy;
    },
    close: () => context.close(),
  };
}

module.exports = { setUp, htmlPages, encodePath, CHROMIUM, CHROMIUM_ARGS };
