// Recall and precision of the site search on the 55 queries of
// docs/search.md, on a built site: the site's own assets/search.js runs
// in a Node vm over its search/ files (every round loaded), and each page
// the index covers is relevant when the text of its <main> (without
// <nav>, <script>, <style> and the print-only source line), whitespace
// removed and lowercased, contains the normalised query.
//
//   node bench/search-queries.mjs SITE_DIR [--old OLD_SITE_DIR]
//
// With --old, also runs the single-file index of an older build
// (search/index.js, window.QAWARD_SEARCH_INDEX) with that version's
// logic, and says whether both return the same pages for every query.
// Prints a Markdown table; exits 1 if --old differs.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const QUERIES = [
  ['full name', '乐清示例电气股份有限公司'], ['full name', '温州示例不锈钢管业有限公司'],
  ['full name', '永嘉演示阀门集团有限公司'], ['full name', '温州演示新能源科技有限公司'],
  ['full name', '平阳示例塑业包装有限公司'], ['full name', '文成示例生态农业有限公司'],
  ['full name', '浙江示例变压器有限公司'],
  ['start fragment', '乐清示例'], ['start fragment', '温州演示'], ['start fragment', '瑞安示'], ['start fragment', '永嘉'],
  ['middle fragment', '示例电气'], ['middle fragment', '电气股份'], ['middle fragment', '不锈钢'], ['middle fragment', '新能源'],
  ['middle fragment', '变压器'], ['middle fragment', '塑业包装'], ['middle fragment', '医疗器械'], ['middle fragment', '合金材料'],
  ['cross-boundary', '州示'], ['cross-boundary', '例电'], ['cross-boundary', '清示例电'], ['cross-boundary', '州演示新'],
  ['cross-boundary', '钢管业'], ['cross-boundary', '例阀'], ['cross-boundary', '安示例汽'],
  ['end fragment', '集团有限公司'], ['end fragment', '股份有限公司'], ['end fragment', '器械有限'], ['end fragment', '科技有限'],
  ['award title', '2024年度温州市市长质量奖'], ['award title', '2023年度温州市质量管理创新奖'],
  ['award title', '市长质量奖'], ['award title', '质量管理创新奖'],
  ['notice title', '拟获奖企业'], ['notice title', '名单的公示'], ['notice title', '组织申报'],
  ['notice title', '卓越绩效管理培训班'], ['notice title', '绩效评估'], ['notice title', '撤销'],
  ['document no.', '温政发〔2024〕31号'], ['document no.', '温政发〔2025〕52号'], ['document no.', '温市质奖办〔2025〕1号'],
  ['document no.', '温政办〔2020〕79号'], ['document no.', '〔2024〕31号'],
  ['region', '乐清市'], ['region', '龙湾区'], ['region', '瓯江口产业集聚区'], ['region', '鹿城'], ['region', '浙南'],
  ['single char', '鞋'], ['single char', '阀'], ['single char', '药'], ['single char', '镜'],
  ['latin/space', 'GB/T 19580'],
];

const args = process.argv.slice(2);
const oldAt = args.indexOf('--old');
const oldSite = oldAt < 0 ? null : args.splice(oldAt, 2)[1];
const site = args[0];
if (!site || !fs.existsSync(path.join(site, 'search/meta.js'))) {
  console.error('usage: node bench/search-queries.mjs SITE_DIR [--old OLD_SITE_DIR]');
  process.exit(2);
}

const normalise = (t) => t.replace(/\s+/g, '').toLowerCase();

/** The searchable text of a page's <main>, as the ground truth reads it. */
function mainText(html) {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html);
  const body = (main ? main[1] : '')
    .replace(/<(nav|script|style)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<p class="print-source">[\s\S]*?<\/p>/g, '')
    .replace(/<[^>]*>/g, '');
  const text = body
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return normalise(text);
}

function engine(dir) {
  const context = vm.createContext({ TextEncoder });
  vm.runInContext(fs.readFileSync(path.join(dir, 'assets/search.js'), 'utf8'), context);
  return context.QawardSearch.createEngine((name) => {
    let data = null;
    context.QAWARD_SEARCH = (d) => { data = d; };
    vm.runInContext(fs.readFileSync(path.join(dir, 'search', name), 'utf8'), context);
    return data ? Promise.resolve(data) : Promise.reject(new Error(name));
  });
}

async function sharded(e, query) {
  let result = await e.search(query);
  while (result.more) result = await result.more(() => true);
  return result.hits.map((h) => h.u);
}

/** The logic of the single-file index (search.js before the shards). */
function single(dir) {
  const context = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(dir, 'search/index.js'), 'utf8'), context);
  const index = context.window.QAWARD_SEARCH_INDEX;
  const candidates = (query) => {
    if (query.length < 2) return index.docs.map((_, i) => i);
    let result = null;
    for (let i = 0; i + 1 < query.length; i++) {
      const posting = index.grams[query.slice(i, i + 2)];
      if (!posting) return [];
      const set = new Set(posting);
      result = result === null ? posting.slice() : result.filter((d) => set.has(d));
      if (result.length === 0) return [];
    }
    return result;
  };
  return (raw) => {
    const query = normalise(raw);
    return candidates(query).map((i) => index.docs[i]).filter((d) => d.x.includes(query)).map((d) => d.u);
  };
}

const e = engine(site);
const covered = new Set();
// The pages the index covers: the URLs of all its records.
const meta = (() => { let d; vm.runInNewContext(fs.readFileSync(path.join(site, 'search/meta.js'), 'utf8'), { QAWARD_SEARCH: (x) => { d = x; } }); return d; })();
for (let n = 0; n < meta.chunks; n++) {
  let d;
  vm.runInNewContext(fs.readFileSync(path.join(site, `search/d/${n}.js`), 'utf8'), { QAWARD_SEARCH: (x) => { d = x; } });
  d.docs.forEach((r) => covered.add(r[1]));
}
const pages = [...covered].sort().map((u) => ({ u, text: mainText(fs.readFileSync(path.join(site, u, 'index.html'), 'utf8')) }));
const old = oldSite ? single(oldSite) : null;

let [relevant, found, right, same] = [0, 0, 0, 0];
const recalls = [];
const precisions = [];
console.log(`${pages.length} pages in the index\n`);
console.log(`| # | kind | query | found / relevant | wrong |${old ? ' same as the single file |' : ''}`);
console.log(`|---|---|---|---|---|${old ? '---|' : ''}`);
for (const [i, [kind, query]] of QUERIES.entries()) {
  const q = normalise(query);
  const hits = await sharded(e, query);
  const truth = new Set(pages.filter((p) => p.text.includes(q)).map((p) => p.u));
  const ok = hits.filter((u) => truth.has(u)).length;
  relevant += truth.size;
  found += hits.length;
  right += ok;
  if (truth.size) recalls.push(ok / truth.size);
  if (hits.length) precisions.push(ok / hits.length);
  let cell = '';
  if (old) {
    const a = [...hits].sort().join('\n');
    const b = [...old(query)].sort().join('\n');
    same += a === b ? 1 : 0;
    cell = ` ${a === b ? 'yes' : '**no**'} |`;
  }
  console.log(`| ${i + 1} | ${kind} | ${query} | ${ok}/${truth.size} | ${hits.length - ok} |${cell}`);
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`\nrecall micro ${(right / relevant).toFixed(2)} (${right}/${relevant}), macro ${mean(recalls).toFixed(2)}; ` +
  `precision micro ${(right / found).toFixed(2)}, macro ${mean(precisions).toFixed(2)}`);
if (old) console.log(`same pages as the single-file index: ${same}/${QUERIES.length} queries`);
process.exit(old && same !== QUERIES.length ? 1 : 0);
