// wasm-profile.mjs: records which of the editor's functions start-up and the first moments of use
// run, and writes them to assets/wasm-startup.txt (the editor) and assets/wasm-startup-viewer.txt
// (the embed viewer), the lists tools/split-wasm.mjs keeps in the first part of each split of the
// wasm (issue #12, page weight). Run it after a change that makes start-up run
// code it did not run before (the build reports names of the list that are gone; a function
// missing from the list that start-up calls makes the page read the second part synchronously
// before its first frame: slower, never wrong), then build again so the split uses the new lists:
//   bash tools/build.sh web && node tools/wasm-profile.mjs && bash tools/build.sh web
//
// It serves a copy of the built site whose journeymap.wasm is the instrumented module the link
// left in build/web/split, opens it in Chromium in the ways a page starts, collects each run's
// profile (Binaryen's __write_profile: a timestamp per function, 0 if it never ran) and keeps
// every function that ran in any of them:
//   - the editor, new visitor (English), then with a map restored from the browser's library,
//     and the library's answer coming after the first frame;
//   - the same in Arabic (right-to-left shaping, the Arabic faces and strings);
//   - the embed viewer (its own list): an English and an Arabic map given by ?src=, a map
//     presented stage by stage, no map;
// each followed by what a person does first: moving over the map, scrolling. Not a click on a
// card: the inspector's code (8.5 KB gzip) comes with the second part, which is in long before a
// person's first click (it is fetched as soon as the page is idle after its first frame); a click
// that comes sooner reads it synchronously (web/wasm-parts.js).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { functionNames } from './split-wasm.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const site = path.join(repo, 'build/web/site');
const splitDir = path.join(repo, 'build/web/split');
const OUT = {editor: path.join(repo, 'assets/wasm-startup.txt'), viewer: path.join(repo, 'assets/wasm-startup-viewer.txt')};
const VIEWER_MAP = 'b2b-phone-system.journey.json', VIEWER_MAP_AR = 'b2b-phone-system.ar.journey.json';

function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-profile-'));
  fs.cpSync(site, dir, {recursive: true, filter: (f) => !/\.(gz|br)$/.test(f)});   // no stale precompressed wasm
  for (const name of ['journeymap', 'journeymap-viewer']) {
    fs.copyFileSync(path.join(splitDir, 'journeymap.instrumented.wasm'), path.join(dir, name + '.wasm'));
    fs.rmSync(path.join(dir, name + '.deferred.wasm'), {force: true});
  }
  fs.mkdirSync(path.join(dir, 'maps'), {recursive: true});
  for (const f of [VIEWER_MAP, VIEWER_MAP_AR]) fs.copyFileSync(path.join(repo, 'assets/templates', f), path.join(dir, 'maps', f));
  return dir;
}

// The browser's library answers after the first frame (a slow disk, a busy machine): the stored
// map replaces the blank one drawn first, whose layout is then freed. The page does what app.js's
// restoreRecord does with it.
async function lateRecord(page, file) {
  await page.evaluate(async (f) => {
    const json = await (await fetch('maps/' + f)).text();
    Module.ccall('jm_restore', null, ['string'], [JSON.stringify({id: 'profile-late', json, session: ''})]);
    window.JMApp.wake(3);
  }, file);
  await page.waitForTimeout(500);
}

async function firstUse(page) {
  await page.mouse.move(300, 250);
  for (let x = 300; x <= 900; x += 100) await page.mouse.move(x, 200 + x / 4);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
}

// One page's profile: Uint32 timestamps, one per defined function (after an 8-byte module hash).
async function profileOf(page, after = null) {
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 60000});
  await page.waitForTimeout(500);
  await firstUse(page);
  if (after) await after(page);
  // The counters the benchmark's probe and the tests read every frame: a few bytes, and reading
  // them must not pull in the second part before its time.
  await page.evaluate(() => { for (const f of ['_jm_frame_count', '_jm_awake', '_jm_revision', '_jm_drawn_revision', '_jm_card_count']) if (Module[f]) Module[f](); });
  const bytes = await page.evaluate(() => {
    const n = 1 << 20, p = Module._malloc(n);
    const len = Module.asm.__write_profile(p, n);
    return Array.from(Module.HEAPU8.subarray(p, p + len));
  });
  return Buffer.from(bytes);
}

const dir = siteCopy();
const srv = await startServer({root: dir, port: 0, quiet: true});
const url = srv.url;
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist']});
const profiles = {editor: [], viewer: []};
try {
  for (const locale of ['en-US', 'ar']) {
    const ctx = await browser.newContext({viewport: {width: 1280, height: 720}, locale});
    await ctx.addInitScript(() => { window.jmWasmProfile = true; });   // see web/wasm-parts.js
    const map = locale === 'ar' ? VIEWER_MAP_AR : VIEWER_MAP;
    let page = await ctx.newPage();
    await page.goto(url);
    profiles.editor.push(await profileOf(page, (p) => lateRecord(p, map)));
    // A map in the library, then a new visit restores it.
    await page.evaluate((t) => window.jm.command('template', t), map);
    await page.waitForTimeout(1500);   // the autosave
    await page.close();
    page = await ctx.newPage();
    await page.goto(url);
    profiles.editor.push(await profileOf(page));
    await ctx.close();
  }
  // The viewer: an English and an Arabic map, a map presented stage by stage, and no map at all.
  for (const [locale, query] of [['en-US', '?src=maps/' + VIEWER_MAP], ['ar', '?src=maps/' + VIEWER_MAP_AR],
                                 ['en-US', '?src=maps/' + VIEWER_MAP + '&present'], ['en-US', '']]) {
    const ctx = await browser.newContext({viewport: {width: 1000, height: 640}, locale});
    await ctx.addInitScript(() => { window.jmWasmProfile = true; });
    const page = await ctx.newPage();
    await page.goto(url + 'embed.html' + query);
    profiles.viewer.push(await profileOf(page));
    await ctx.close();
  }
} finally {
  await browser.close();
  srv.server.close();
  fs.rmSync(dir, {recursive: true, force: true});
}

const names = functionNames(path.join(splitDir, 'journeymap.orig.wasm'), splitDir);
const defined = (profiles.editor[0].length - 8) / 4, imports = names.length - defined;
if (!Number.isInteger(defined) || imports < 0) throw new Error('the profile does not match build/web/split/journeymap.orig.wasm: rebuild first');
for (const [what, runs] of Object.entries(profiles)) {
  const keep = [];
  for (let i = 0; i < defined; i++) if (runs.some((p) => p.readUInt32LE(8 + 4 * i))) keep.push(names[imports + i]);
  fs.writeFileSync(OUT[what], keep.join('\n') + '\n');
  console.log(`wasm-profile: ${keep.length} of ${defined} functions ran in ${runs.length} ${what} start-ups; written to ${path.relative(repo, OUT[what])} (build again to split with it)`);
}
