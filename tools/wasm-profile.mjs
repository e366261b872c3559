// wasm-profile.mjs: records which of the editor's functions start-up and the first moments of use
// run, and writes them to assets/wasm-startup.txt, the list tools/split-wasm.mjs keeps in the
// first part of the wasm (issue #12, page weight). Run it after a change that makes start-up run
// code it did not run before (the build reports names of the list that are gone; a function
// missing from the list is loaded with the second part, a little later, never wrongly):
//   bash tools/build.sh web journeymap_web jm_site && node tools/wasm-profile.mjs
//
// It serves a copy of the built site whose journeymap.wasm is the instrumented module the link
// left in build/web/split, opens it in Chromium in the ways a page starts, collects each run's
// profile (Binaryen's __write_profile: a timestamp per function, 0 if it never ran) and keeps
// every function that ran in any of them:
//   - the editor, new visitor (English), then with a map restored from the browser's library;
//   - the same in Arabic (right-to-left shaping, the Arabic faces and strings);
//   - the embed viewer showing a map given by ?src=;
// each followed by what a person does first: moving over the map, clicking a card, scrolling.
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
const out = path.join(repo, 'assets/wasm-startup.txt');
const VIEWER_MAP = 'b2b-phone-system.journey.json';

function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-profile-'));
  fs.cpSync(site, dir, {recursive: true, filter: (f) => !/\.(gz|br)$/.test(f)});   // no stale precompressed wasm
  fs.copyFileSync(path.join(splitDir, 'journeymap.instrumented.wasm'), path.join(dir, 'journeymap.wasm'));
  fs.rmSync(path.join(dir, 'journeymap.deferred.wasm'), {force: true});
  fs.mkdirSync(path.join(dir, 'maps'));
  fs.copyFileSync(path.join(repo, 'assets/templates', VIEWER_MAP), path.join(dir, 'maps', VIEWER_MAP));
  return dir;
}

async function firstUse(page) {
  await page.mouse.move(300, 250);
  for (let x = 300; x <= 900; x += 100) await page.mouse.move(x, 200 + x / 4);
  await page.mouse.click(420, 320);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
}

// One page's profile: Uint32 timestamps, one per defined function (after an 8-byte module hash).
async function profileOf(page) {
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 60000});
  await page.waitForTimeout(500);
  await firstUse(page);
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
const profiles = [];
try {
  for (const locale of ['en-US', 'ar']) {
    const ctx = await browser.newContext({viewport: {width: 1280, height: 720}, locale});
    await ctx.addInitScript(() => { window.jmWasmProfile = true; });   // see web/wasm-parts.js
    let page = await ctx.newPage();
    await page.goto(url);
    profiles.push(await profileOf(page));
    // A map in the library, then a new visit restores it.
    await page.evaluate((t) => window.jm.command('template', t), locale === 'ar' ? 'b2b-phone-system.ar.journey.json' : VIEWER_MAP);
    await page.waitForTimeout(1500);   // the autosave
    await page.close();
    page = await ctx.newPage();
    await page.goto(url);
    profiles.push(await profileOf(page));
    await ctx.close();
  }
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  await ctx.addInitScript(() => { window.jmWasmProfile = true; });
  const page = await ctx.newPage();
  await page.goto(url + 'embed.html?src=maps/' + VIEWER_MAP);
  profiles.push(await profileOf(page));
  await ctx.close();
} finally {
  await browser.close();
  srv.server.close();
  fs.rmSync(dir, {recursive: true, force: true});
}

const names = functionNames(path.join(splitDir, 'journeymap.orig.wasm'), splitDir);
const defined = (profiles[0].length - 8) / 4, imports = names.length - defined;
if (!Number.isInteger(defined) || imports < 0) throw new Error('the profile does not match build/web/split/journeymap.orig.wasm: rebuild first');
const keep = [];
for (let i = 0; i < defined; i++) if (profiles.some((p) => p.readUInt32LE(8 + 4 * i))) keep.push(names[imports + i]);
fs.writeFileSync(out, keep.join('\n') + '\n');
console.log(`wasm-profile: ${keep.length} of ${defined} functions ran in ${profiles.length} start-ups; written to ${path.relative(repo, out)}`);
