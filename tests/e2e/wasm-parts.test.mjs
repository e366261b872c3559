// The editor's wasm in two parts (issue #12, page weight; tools/split-wasm.mjs, web/wasm-parts.js):
// the first frame needs only journeymap.wasm; journeymap.deferred.wasm is fetched after it, in
// the background, and a call into it that comes sooner reads it at once. Either way every
// feature works, and nothing is loaded twice.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, serve, settle, site, repo } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

const DEFERRED = '/journeymap.deferred.wasm';

async function open(setup) {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  if (setup) await setup(ctx);
  const page = await ctx.newPage();
  page.errors = [];
  page.gets = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('request', (r) => { if (r.method() === 'GET') page.gets.push(new URL(r.url()).pathname); });
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  return page;
}

const parts = (page) => page.evaluate(() => window.jmWasmParts && {deferred: window.jmWasmParts.deferred, sync: window.jmWasmParts.sync});

test('the build splits the wasm: the first part is the smaller, and calls the rest through placeholders', () => {
  const first = fs.readFileSync(path.join(site, 'journeymap.wasm'));
  const second = fs.readFileSync(path.join(site, 'journeymap.deferred.wasm'));
  const gz = (b) => zlib.gzipSync(b, {level: 9}).length;
  console.log(`# first part ${first.length} B (${gz(first)} gzip), second part ${second.length} B (${gz(second)} gzip)`);
  assert.ok(gz(first) < 420000, `the first part is ${gz(first)} B gzip`);
  assert.ok(second.length > 400000, 'the second part holds a large share of the code');
  // A string only the deck writer uses stays in the data (data is not split), so test by code:
  // the first part imports a placeholder for each function it does not have.
  assert.ok(first.includes(Buffer.from('placeholder')), 'the first part loads the rest through placeholders');
});

test('the second part comes after the first frame, in the background, and every feature works', async () => {
  const page = await open();
  await page.waitForFunction(() => window.jmWasmParts.deferred === 'loaded', null, {timeout: 20000});
  assert.deepEqual(await parts(page), {deferred: 'loaded', sync: false}, 'fetched and compiled in the background');
  const timing = await page.evaluate((p) => {
    const e = performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === p);
    return e && {start: e.startTime, first: window.jmFirstFrameMs};
  }, DEFERRED);
  assert.ok(timing, 'the second part was fetched');
  assert.ok(timing.start >= timing.first, `requested after the first frame (${timing.start.toFixed(0)} >= ${timing.first.toFixed(0)} ms)`);
  // Code that is only in the second part: a template, the deck and the workbook writers.
  assert.equal(await page.evaluate(() => window.jm.command('template', 'b2b-phone-system.journey.json')), 1);
  await settle(page);
  assert.ok(await page.evaluate(() => window.jm.command('office_size', 'pptx')) > 10000, 'a deck is built');
  assert.ok(await page.evaluate(() => window.jm.command('office_size', 'xlsx')) > 2000, 'a workbook is built');
  assert.equal(page.gets.filter((p) => p === DEFERRED).length, 1, 'fetched once');
  assert.deepEqual(page.errors, []);
});

test('a call into the second part before it has arrived reads it at once, and the late fetch is not used twice', async () => {
  // The background fetch is held until the call has been made; the blocking read goes through.
  let release, held = 0;
  const gate = new Promise((res) => { release = res; });
  const page = await open((ctx) => ctx.route('**' + DEFERRED, async (route) => {
    if (held++ === 0) await gate;
    await route.continue();
  }));
  await page.waitForFunction(() => window.jmWasmParts.deferred === 'fetching', null, {timeout: 10000});
  assert.ok(await page.evaluate(() => window.jm.command('office_size', 'xlsx')) > 100, 'the workbook writer ran');
  assert.deepEqual(await parts(page), {deferred: 'loaded', sync: true});
  release();
  await page.evaluate(() => window.jmWasmParts.prefetch());
  assert.deepEqual(await parts(page), {deferred: 'loaded', sync: true}, 'the late fetch changed nothing');
  assert.equal(await page.evaluate(() => window.jm.command('template', 'b2b-phone-system.journey.json')), 1);
  await settle(page);
  assert.ok(await page.evaluate(() => window.jm.view().cards.length) > 20);
  assert.deepEqual(page.errors, []);
});

test('a server without the second part: the first frame still comes, and using a missing feature says so on the page', async () => {
  const page = await open((ctx) => ctx.route('**' + DEFERRED, (route) => route.fulfill({status: 404, body: 'gone'})));
  await page.waitForFunction(() => /^failed/.test(window.jmWasmParts.deferred), null, {timeout: 10000});
  const threw = await page.evaluate(() => { try { window.jm.command('office_size', 'pptx'); return false; } catch (e) { return true; } });
  assert.ok(threw, 'the call that needed the missing code did not go on');
  const banner = page.locator('.jm-code-error');
  await banner.waitFor({timeout: 5000});
  assert.match(await banner.textContent(), /Part of the editor could not be loaded \(.*404.*\)\. Reload the page/);
  assert.equal(await banner.getAttribute('role'), 'alert');
});

test('the embed viewer loads its own split: a smaller first part, the map in its first frame, the rest in the background', async () => {
  const viewer = fs.readFileSync(path.join(site, 'journeymap-viewer.wasm'));
  const editor = fs.readFileSync(path.join(site, 'journeymap.wasm'));
  const gz = (b) => zlib.gzipSync(b, {level: 9}).length;
  console.log(`# viewer first part ${viewer.length} B (${gz(viewer)} gzip), editor's ${editor.length} B (${gz(editor)} gzip)`);
  assert.ok(gz(viewer) < gz(editor), 'the viewer\'s first part is the smaller: no menus, panels or inspector');
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  const page = await ctx.newPage();
  page.errors = [];
  page.gets = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('request', (r) => { if (r.method() === 'GET') page.gets.push(new URL(r.url()).pathname); });
  // A template served as the map, beside the page.
  await ctx.route('**/jm-test-map.json', (route) => route.fulfill({path: path.join(repo, 'assets/templates/b2b-phone-system.journey.json'),
                                                                  contentType: 'application/json'}));
  await page.goto(srv.url + 'embed.html?src=jm-test-map.json');
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  // The map was opened before the first frame (main() waited for it): that frame drew its cards.
  const first = await page.evaluate(() => ({cards: Module._jm_card_count(), frames: Module._jm_frame_count()}));
  assert.ok(first.cards > 40, `the first frame is the map (${first.cards} cards)`);
  await page.waitForFunction(() => window.jmWasmParts.deferred === 'loaded', null, {timeout: 20000});
  assert.deepEqual(await parts(page), {deferred: 'loaded', sync: false}, 'the second part came in the background');
  assert.ok(page.gets.includes('/journeymap-viewer.wasm') && page.gets.includes('/journeymap-viewer.deferred.wasm'), 'the viewer\'s split');
  assert.ok(!page.gets.some((p) => p === '/journeymap.wasm' || p === DEFERRED), 'not the editor\'s');
  assert.deepEqual(page.errors, []);
});
