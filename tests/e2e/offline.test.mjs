// Working without a network: after one visit the service worker (web/sw.js) starts the editor
// and the viewer with the network gone; a new build replaces the cached one on the next load;
// and the single-file build (tools/singlefile.mjs) runs from file:// with no server at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, site, settle, shot, model, command } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';
import { buildStandalone } from '../../tools/singlefile.mjs';

const FILES = ['index.html', 'embed.html', 'app.js', 'app.css', 'export.js', 'embed.js', 'embed.css',
               'journeymap.js', 'journeymap.wasm', 'journeymap.deferred.wasm',
               'journeymap-viewer.wasm', 'journeymap-viewer.deferred.wasm', 'journeymap.data', 'wasm-parts.js', 'favicon.svg',
               'data.js', 'analytics-worker.js', 'analytics-worker-core.js', 'analytics-worker-core.wasm',
               'a11y.js', 'a11y.css', 'a11y-chrome.js', 'render2d.js', 'assets.js', 'snapshot.js',
               'portfolio.html', 'portfolio.js', 'portfolio.css', 'portfolio-core.js', 'portfolio-core.wasm'];
// Fetched by the page only when needed (web/assets.js), kept by the service worker at install all
// the same: the Arabic and Hebrew faces, the string tables (English for the portfolio page), the
// templates and their index. Never a .br or .gz (tools/compress.mjs): the server picks those for
// the same URL.
const LAZY = ['fonts/NotoSansLatin-Regular.ttf', 'fonts/NotoSansLatin-Bold.ttf',
              'fonts/NotoSansArabic-Regular.ttf', 'fonts/NotoSansArabic-Bold.ttf',
              'fonts/NotoSansHebrew-Regular.ttf', 'fonts/NotoSansHebrew-Bold.ttf',
              'assets/i18n/ar.json', 'assets/i18n/he.json', 'assets/i18n/en.json', 'assets/i18n/ar.jmt', 'assets/i18n/he.jmt',
              'assets/templates/index.json',
              ...JSON.parse(fs.readFileSync(path.join(site, 'assets/templates/index.json'), 'utf8')).map((f) => 'assets/templates/' + f)];

let browser;
const temps = [];
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  for (const t of temps) fs.rmSync(t, {recursive: true, force: true});
});

// A copy of the built site in a temporary folder (so a test may change a file), served on its
// own port (so a test may stop the server).
async function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-offline-'));
  temps.push(dir);
  fs.cpSync(site, dir, {recursive: true, filter: (src) => !path.basename(src).startsWith('.')});
  const srv = await startServer({root: dir, port: 0, quiet: true});
  const stop = () => new Promise((res) => { srv.server.closeAllConnections(); srv.server.close(res); });
  return {dir, ...srv, stop};
}

async function open(ctx, url) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  return page;
}
// What the service worker's cache holds: {name: [file, ...]}.
const cached = (page) => page.evaluate(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const keys = await (await caches.open(name)).keys();
    out[name] = keys.map((r) => new URL(r.url).pathname.slice(1)).sort();
  }
  return out;
});

test('after the first visit the editor starts with the network gone, with the map saved before', async () => {
  const srv = await siteCopy();
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx, srv.url);
  await command(page, 'template', 'b2b');
  await command(page, 'set_title', 'Kept for the train');
  await page.evaluate(() => window.jm.saveNow());
  const before = await model(page);

  // The service worker is registered after the first frame, fills its cache, takes the page.
  const t0 = Date.now();
  const sw = await page.evaluate(() => window.jmOffline);
  assert.ok(sw.version, 'the service worker is active: ' + JSON.stringify(sw));
  console.log(`# service worker ${sw.version} active and cache filled ${Date.now() - t0} ms after the first frame was seen`);
  const caches = await cached(page);
  assert.deepEqual(Object.keys(caches), ['journeymap-' + sw.version], 'one cache, named after the version');
  assert.deepEqual(caches['journeymap-' + sw.version], [...FILES, ...LAZY].sort(), 'every file of the site is kept');
  assert.ok(LAZY.length > 20, 'the templates are among them');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 5000});

  // The network is gone: the browser is offline and the server is stopped.
  await ctx.setOffline(true);
  await srv.stop();
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  assert.deepEqual(await model(page), before, 'the map saved before is there');
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await shot(page, 'offline-reload');
  // Editing works offline and is kept.
  await command(page, 'set_title', 'Edited offline');
  await page.evaluate(() => window.jm.saveNow());
  assert.equal((await model(page)).map.title, 'Edited offline');
  assert.deepEqual(page.errors, []);

  // A new tab, still offline: the editor and the embedded viewer start from the cache.
  page = await open(ctx, srv.url);
  assert.equal((await model(page)).map.title, 'Edited offline');
  assert.deepEqual(page.errors, []);
  // What the page fetches only when needed comes from the cache too: an Arabic template (the
  // templates, then the Arabic face for its text) and the Arabic interface (its strings).
  assert.equal(await command(page, 'template', 'b2b-phone-system.ar'), 1, 'an Arabic template opens offline');
  assert.equal(await command(page, 'language', 'ar'), 1);
  await page.waitForFunction(() => document.documentElement.lang === 'ar', null, {timeout: 10000});
  await settle(page);
  assert.equal((await model(page)).map.direction, 'rtl');
  await command(page, 'language', 'en');
  await settle(page);
  await command(page, 'new_blank');
  await settle(page);
  const editorTop = (await page.evaluate(() => window.jm.view())).grid.min[1];
  const viewer = await open(ctx, srv.url + 'embed.html');
  const viewerTop = (await viewer.evaluate(() => window.jm.view())).grid.min[1];
  assert.ok(viewerTop < editorTop - 25, `the viewer, without the editor's menu bar (map at ${viewerTop} px, in the editor ${editorTop} px)`);
  assert.deepEqual(viewer.errors, []);
  await ctx.close();
});

test('offline, code of the second part asked for at the first frame comes from the cache, not from the network', async () => {
  // The wasm's second part is compiled in the background once the page is idle (web/wasm-parts.js);
  // what needs it sooner reads it at once, and Chromium sends that blocking read to the network,
  // past the service worker. Offline it failed, and the frame that asked with it: the editor stood
  // still on its first frame (seen when the library's answer came after the first frame).
  const srv = await siteCopy();
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  const first = await open(ctx, srv.url);
  assert.ok((await first.evaluate(() => window.jmOffline)).version, 'the service worker is active');
  await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 5000});
  await ctx.setOffline(true);
  await srv.stop();
  // The workbook writer is in the second part: asked for before the background compile starts.
  await ctx.addInitScript(() => window.addEventListener('jm-ready', () => {
    try { window.jmEarlyCall = window.jm.command('office_size', 'xlsx'); } catch (e) { window.jmEarlyCall = String(e); }
  }, {once: true}));
  const page = await open(ctx, srv.url);
  const built = await page.evaluate(() => window.jmEarlyCall);
  assert.ok(built > 2000, `the workbook was built at the first frame, offline (got ${built})`);
  assert.equal(await page.evaluate(() => window.jmWasmParts.sync), true, 'read at once, before the background compile');
  assert.equal(await command(page, 'set_title', 'Still editing'), 1);
  await settle(page);
  assert.equal((await model(page)).map.title, 'Still editing');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a new build replaces the cached one: the next load runs it, the old cache is removed', async () => {
  const srv = await siteCopy();
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  let page = await open(ctx, srv.url);
  const v1 = (await page.evaluate(() => window.jmOffline)).version;
  assert.ok(v1);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 5000});
  // The site is rebuilt: app.js changes.
  fs.appendFileSync(path.join(srv.dir, 'app.js'), '\nwindow.jmBuildMark = "second build";\n');
  // The next load still runs the cached build (a consistent set of files), and finds the new one.
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  assert.equal(await page.evaluate(() => window.jmBuildMark), undefined, 'this load came from the cache');
  const v2 = (await page.evaluate(() => window.jmOffline)).version;
  assert.ok(v2 && v2 !== v1, `a new version (${v1} -> ${v2})`);
  assert.deepEqual(Object.keys(await cached(page)), ['journeymap-' + v2], 'the old cache is gone');
  // The load after that runs the new build.
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  assert.equal(await page.evaluate(() => window.jmBuildMark), 'second build');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  await srv.stop();
});

test('the single-file build runs from file:// with no server', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-standalone-'));
  temps.push(dir);
  // Built from the site, then moved alone into a folder of its own (as on a shared drive).
  const {out, bytes} = buildStandalone({site, out: path.join(dir, 'journey maps.html')});
  console.log(`# journeymap-standalone.html: ${(bytes / 1048576).toFixed(2)} MB`);
  assert.deepEqual(fs.readdirSync(dir), ['journey maps.html']);
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await ctx.newPage();
  page.errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('file://' + out.split(path.sep).map(encodeURIComponent).join('/'));
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  assert.equal(await page.evaluate(() => window.jmStandalone), true);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), [page.url()], 'nothing but the file itself is loaded');
  // The templates come from the embedded data package; the editor edits.
  assert.equal(await command(page, 'template', 'b2b'), 1);
  await settle(page);
  assert.equal((await model(page)).map.stages.filter((s) => (s.state || 'current') === 'current').length, 8);   // and a future state
  const img = await shot(page, 'offline-standalone');
  assert.equal(img.width, 1280);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
