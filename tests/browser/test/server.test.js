'use strict';
// The local static server the browser tests rely on.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../lib/server');

let dir;
let outside;
let server;

/** A raw GET: the path is sent exactly as given (no client-side folding of `..`). */
function get(pathname) {
  return new Promise((resolve, reject) => {
    const { port } = new URL(server.origin);
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qaward-server-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'qaward-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET');
  const files = {
    'index.html': '<!doctype html><title>home</title>',
    '404.html': '<!doctype html><title>not found</title>NOTFOUND',
    'foo/index.html': '<!doctype html><title>foo</title>',
    'assets/style.css': 'body{}',
    'assets/search.js': 'void 0;',
    'data/winners.json': '{}',
    'assets/emblem.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'feed.xml': '<feed/>',
    'data/winners.csv': 'a,b\n',
    'robots.txt': 'User-agent: *\n',
    'notices/files/申报表.txt': '申报',
    'empty/.keep': '',
  };
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
  }
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
  server = await startServer(dir, { base: '/zlj/' });
});

after(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('server: listens on 127.0.0.1 at a free port', () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(server.origin).port, '80');
});

test('server: maps folders to index.html and redirects a folder without its slash', async () => {
  const home = await get('/zlj/');
  assert.equal(home.status, 200);
  assert.match(home.body, /<title>home/);
  const foo = await get('/zlj/foo/');
  assert.equal(foo.status, 200);
  assert.match(foo.body, /<title>foo/);
  const bare = await get('/zlj/foo?x=1');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, '/zlj/foo/?x=1');
  const mount = await get('/zlj');
  assert.equal(mount.status, 301);
  assert.equal(mount.headers.location, '/zlj/');
});

test('server: content types', async () => {
  const want = {
    '/zlj/': 'text/html',
    '/zlj/assets/style.css': 'text/css',
    '/zlj/assets/search.js': 'text/javascript',
    '/zlj/data/winners.json': 'application/json',
    '/zlj/assets/emblem.svg': 'image/svg+xml',
    '/zlj/feed.xml': 'application/xml',
    '/zlj/data/winners.csv': 'text/csv',
    '/zlj/robots.txt': 'text/plain',
    [`/zlj/notices/files/${encodeURIComponent('申报表')}.txt`]: 'text/plain',
  };
  for (const [p, type] of Object.entries(want)) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-type'].split(';')[0], type, p);
  }
});

test('server: 404 with the site 404.html outside the sub-path and for missing files', async () => {
  for (const p of ['/', '/index.html', '/foo/', '/zljx/', '/zlj/missing/', '/zlj/missing.css', '/zlj/empty/']) {
    const res = await get(p);
    assert.equal(res.status, 404, p);
    assert.match(res.body, /NOTFOUND/, p);
    assert.match(res.headers['content-type'], /^text\/html/, p);
  }
});

test('server: refuses path traversal', async () => {
  const attempts = [
    '/zlj/../../../../etc/passwd',
    '/zlj/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/zlj/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/zlj/foo/..%2f..%2f..%2fetc/passwd',
    '/zlj/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    '/zlj/..\\..\\etc\\passwd',
    '/zlj/%00/index.html',
    `/zlj/../${path.basename(outside)}/secret.txt`,
    '/zlj/link.txt',
    '/zlj/%',
  ];
  for (const p of attempts) {
    const res = await get(p);
    assert.ok([400, 403, 404].includes(res.status), `${p} answered ${res.status}`);
    assert.doesNotMatch(res.body, /root:|SECRET/, p);
  }
  const method = await new Promise((resolve, reject) => {
    const { port } = new URL(server.origin);
    const req = http.request({ host: '127.0.0.1', port, path: '/zlj/', method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(method, 405);
});
