'use strict';
// Screenshots of every page type of a built site, in the normal page and in
// 关怀模式, at 1280 and 390 px wide, for a person to look at:
//
//   SITE_DIR=/tmp/site node tests/browser/screenshots.js OUT_DIR [TYPE-FILTER]
//
// Writes OUT_DIR/<type>-<mode>-<width>.png (full page, the top 4000 px).

const fs = require('node:fs');
const path = require('node:path');
const { setUp } = require('./lib/harness');
const { representatives, show, careOn } = require('./lib/pages');

async function main() {
  const [out, filter] = process.argv.slice(2);
  if (!out) throw new Error('usage: SITE_DIR=DIR node screenshots.js OUT_DIR [TYPE-FILTER]');
  fs.mkdirSync(out, { recursive: true });
  const h = await setUp();
  try {
    for (const width of [1280, 390]) {
      for (const care of [false, true]) {
        const phone = width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {};
        const tab = await h.open({ viewport: { width, height: 900 }, ...phone });
        if (care) await careOn(tab.context);
        for (const r of representatives(h)) {
          if (r.rel === undefined || r.rel === null || r.rel === false) continue;
          if (filter && !r.type.includes(filter)) continue;
          await show(tab, r);
          const name = `${r.type.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}-${care ? 'care' : 'normal'}-${width}.png`;
          const height = await tab.page.evaluate(() => document.documentElement.scrollHeight);
          await tab.page.screenshot({ path: path.join(out, name), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 4000) } });
          console.log(name);
        }
        await tab.close();
      }
    }
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
