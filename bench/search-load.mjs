// What a search loads, on a built site: runs the site's own
// assets/search.js in a Node vm (without a page only its engine starts)
// with a loader that reads the files under search/ and counts their bytes,
// as the page's <script> loader would fetch them. Each query starts cold.
//
//   node bench/search-load.mjs SITE_DIR [--count N] [--summary] [QUERY...]
//
// Without QUERY it takes N (5) winners spread over data/winners.json and
// searches each one's full name and a fragment of another's (4 characters
// from the middle), and checks that the winner's page is among the hits,
// loading further rounds ("显示更多结果") until it is. Prints a Markdown
// table, or with --summary one line for bench/run.sh. Exits 1 if a name
// is not found.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? null : args.splice(i, name === '--summary' ? 1 : 2).slice(1)[0] ?? true;
};
const summary = flag('--summary') !== null;
const count = Number(flag('--count') ?? 5);
const site = args.shift();
if (!site || !fs.existsSync(path.join(site, 'search/meta.js'))) {
  console.error('usage: node bench/search-load.mjs SITE_DIR [--count N] [--summary] [QUERY...]');
  process.exit(2);
}

/** Every file under search/: [relative path, bytes]. */
function indexFiles(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? indexFiles(dir, r) : [[r, fs.statSync(path.join(dir, r)).size]];
  });
}

/** A cold engine whose loads are counted in `stats`. */
function engine(stats) {
  const script = path.join(site, 'assets/search.js');
  const context = vm.createContext({ TextEncoder });
  vm.runInContext(fs.readFileSync(script, 'utf8'), context, { filename: script });
  stats.bytes += fs.statSync(script).size;
  stats.files += 1;
  const load = (name) => {
    const file = path.join(site, 'search', name);
    const text = fs.readFileSync(file, 'utf8');
    stats.bytes += Buffer.byteLength(text);
    stats.files += 1;
    const kind = name.startsWith('g/') ? 'shards' : name.startsWith('d/') ? 'chunks' : 'meta';
    stats[kind] = (stats[kind] || [0, 0]).map((v, i) => v + (i ? Buffer.byteLength(text) : 1));
    let data = null;
    context.QAWARD_SEARCH = (d) => { data = d; };
    vm.runInContext(text, context, { filename: file });
    return data ? Promise.resolve(data) : Promise.reject(new Error(`${name} registered nothing`));
  };
  return context.QawardSearch.createEngine(load);
}

/** Searches `query`, loading rounds until `want` (a page path) is a hit or none are left. */
async function measure(query, want) {
  const stats = { bytes: 0, files: 0 };
  let result = await engine(stats).search(query);
  const first = { bytes: stats.bytes, files: stats.files, hits: result.hits.length, more: Boolean(result.more) };
  const has = () => want && result.hits.some((h) => h.u === want);
  let rounds = 1;
  while (want && !has() && result.more) {
    result = await result.more(() => true);
    rounds += 1;
  }
  return { query, want, first, found: want ? has() : null, rounds, bytes: stats.bytes, files: stats.files, shards: stats.shards || [0, 0], chunks: stats.chunks || [0, 0] };
}

function middle(name, n = 4) {
  const chars = Array.from(name);
  const start = Math.floor((chars.length - n) / 2);
  return chars.slice(start, start + n).join('');
}

function cases() {
  if (args.length) return args.map((q) => ({ kind: 'query', query: q, want: null }));
  const winners = JSON.parse(fs.readFileSync(path.join(site, 'data/winners.json'), 'utf8')).winners;
  const pick = (i) => winners[Math.floor(((i + 0.5) * winners.length) / count)];
  const page = (w) => `winners/${w.year}/${w.organization_id}/`;
  const out = [];
  for (let i = 0; i < count; i++) {
    const w = pick(i);
    if (!fs.existsSync(path.join(site, page(w), 'index.html'))) throw new Error(`no page for ${w.organization}`);
    out.push({ kind: 'full name', query: w.organization, want: page(w) });
  }
  for (let i = 0; i < count; i++) {
    const w = winners[(winners.indexOf(pick(i)) + 1) % winners.length];
    out.push({ kind: 'fragment', query: middle(w.organization), want: page(w) });
  }
  return out;
}

const kb = (b) => (b / 1024).toFixed(1);
const files = indexFiles(path.join(site, 'search'));
const largest = files.reduce((a, b) => (b[1] > a[1] ? b : a));
const total = files.reduce((s, f) => s + f[1], 0);
const rows = [];
for (const c of cases()) rows.push({ ...c, ...(await measure(c.query, c.want)) });
const lost = rows.filter((r) => r.found === false);
const most = (kind) => Math.max(0, ...rows.filter((r) => r.kind === kind).map((r) => r.bytes));
const found = (kind) => rows.filter((r) => r.kind === kind && r.found).length;
const of = (kind) => rows.filter((r) => r.kind === kind).length;

if (summary) {
  console.log(
    `Search index: ${files.length} files under search/, ${(total / 1e6).toFixed(1)} MB, largest ${kb(largest[1])} KiB (search/${largest[0]}); ` +
      `a query for a full name loads at most ${kb(most('full name'))} KiB (found ${found('full name')}/${of('full name')}), ` +
      `for a 4-character fragment at most ${kb(most('fragment'))} KiB (found ${found('fragment')}/${of('fragment')}) (bench/search-load.mjs).`,
  );
} else {
  console.log(`search/: ${files.length} files, ${total} B; largest search/${largest[0]} ${largest[1]} B\n`);
  console.log('| kind | query | hits (first round) | more | shards (KiB) | chunks (KiB) | files | KiB loaded | found |');
  console.log('|---|---|---:|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const found = r.found === null ? '—' : r.found ? (r.rounds > 1 ? `yes, round ${r.rounds}` : 'yes') : '**no**';
    console.log(`| ${r.kind} | ${r.query} | ${r.first.hits} | ${r.first.more ? 'yes' : 'no'} | ${r.shards[0]} (${kb(r.shards[1])}) | ${r.chunks[0]} (${kb(r.chunks[1])}) | ${r.files} | ${kb(r.bytes)} | ${found} |`);
  }
}
process.exit(lost.length ? 1 : 0);
