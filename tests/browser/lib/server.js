'use strict';
// A tiny static server for the built site, with no dependency beyond node:.
//
// The site is served under a sub-path (default `/zlj/`, the path of the
// base URL the site was built for) on 127.0.0.1 at a free port:
//   /zlj/foo/       -> SITE/foo/index.html
//   /zlj/foo        -> 301 /zlj/foo/ when SITE/foo is a folder
//   anything else   -> 404 with SITE/404.html
// Paths that would leave the site folder (`..`, encoded or not, symlinks
// pointing outside) are refused.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** Resolves `rel` (already percent-decoded, `/`-separated) inside `root`, or null. */
function inside(root, rel) {
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const segments = rel.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const full = path.resolve(root, ...segments.filter((s) => s !== ''));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

/** The real path of `full` if it exists and stays inside `realRoot`; else null. */
function realInside(realRoot, full) {
  let real;
  try {
    real = fs.realpathSync(full);
  } catch {
    return null;
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  return real;
}

/**
 * Starts the server. Resolves to { origin, base, url(rel), close() }.
 * @param {string} siteDir the built site folder
 * @param {{base?: string, port?: number}} [options]
 */
function startServer(siteDir, options = {}) {
  let base = options.base || '/zlj/';
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  const root = path.resolve(siteDir);
  const realRoot = fs.realpathSync(root);
  const notFoundFile = path.join(realRoot, '404.html');

  function send(res, req, status, headers, body) {
    res.writeHead(status, {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
      'Content-Length': body ? body.length : 0,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function notFound(req, res) {
    let body;
    let type = 'text/html; charset=utf-8';
    try {
      body = fs.readFileSync(notFoundFile);
    } catch {
      body = Buffer.from('Not Found\n');
      type = 'text/plain; charset=utf-8';
    }
    send(res, req, 404, { 'Content-Type': type }, body);
  }

  function plain(req, res, status, text, headers = {}) {
    send(res, req, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, Buffer.from(`${text}\n`));
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(req, res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }
    // Look at the raw target too: the URL parser would quietly fold `..`.
    const raw = (req.url || '/').split(/[?#]/)[0];
    let rawDecoded;
    try {
      rawDecoded = decodeURIComponent(raw);
    } catch {
      plain(req, res, 400, 'Bad Request');
      return;
    }
    if (rawDecoded.split(/[/\\]/).includes('..')) {
      plain(req, res, 403, 'Forbidden');
      return;
    }
    let url;
    try {
      url = new URL(req.url || '/', 'http://127.0.0.1');
    } catch {
      plain(req, res, 400, 'Bad Request');
      return;
    }
    const pathname = url.pathname;
    if (pathname === base.slice(0, -1)) {
      plain(req, res, 301, 'Moved Permanently', { Location: base + url.search });
      return;
    }
    if (!pathname.startsWith(base)) {
      notFound(req, res);
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(base.length));
    } catch {
      plain(req, res, 400, 'Bad Request');
      return;
    }
    const full = inside(root, rel);
    if (full === null) {
      plain(req, res, 403, 'Forbidden');
      return;
    }
    let real = realInside(realRoot, full);
    if (real === null) {
      // Missing, or a link that leads out of the site.
      if (fs.existsSync(full)) plain(req, res, 403, 'Forbidden');
      else notFound(req, res);
      return;
    }
    let stat = fs.statSync(real);
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        plain(req, res, 301, 'Moved Permanently', { Location: `${pathname}/${url.search}` });
        return;
      }
      real = realInside(realRoot, path.join(real, 'index.html'));
      if (real === null) {
        notFound(req, res);
        return;
      }
      stat = fs.statSync(real);
    }
    if (!stat.isFile()) {
      notFound(req, res);
      return;
    }
    send(res, req, 200, { 'Content-Type': contentType(real) }, fs.readFileSync(real));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        base,
        root,
        /** Absolute URL of a site-relative path such as `winners/` */
        url: (rel = '') => `${origin}${base}${rel.replace(/^\/+/, '')}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { startServer, contentType };

if (require.main === module) {
  // node lib/server.js SITE_DIR [BASE]: serve by hand, for a look in a browser.
  const [dir, base] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node lib/server.js SITE_DIR [/zlj/]');
    process.exit(2);
  }
  startServer(dir, { base, port: Number(process.env.PORT) || 0 }).then((s) => {
    console.log(`serving ${s.root} at ${s.url()}`);
  });
}
