// What the page downloads before its first frame (issue #12, page weight): the data package holds
// the Latin faces and the English strings only; the Arabic and Hebrew faces, their strings and the
// templates are fetched when needed (web/assets.js, src/editor/lazy_assets.cpp). An Arabic
// interface gets its strings and faces before its first frame, and a map whose text needs a face
// that is not in yet is not drawn (no frame of boxes) until the face is in.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, settle, codeReady, view, model, repo } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

// [path, responseEnd ms, bytes on the wire] of every file the page fetched so far.
const fetched = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) =>
  [new URL(e.name).pathname, e.responseEnd, e.encodedBodySize]));
const LAZY = /^\/(fonts\/|assets\/(i18n|templates)\/)/;

// The editor in a context of its own; page.gets lists the paths of its GET requests (the page's
// version check after the first frame sends HEAD requests for every file, which do not count).
async function open(locale, setup) {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}, locale});
  if (setup) await setup(ctx);
  const page = await ctx.newPage();
  page.errors = [];
  page.gets = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('request', (r) => { if (r.method() === 'GET') page.gets.push(new URL(r.url()).pathname); });
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await codeReady(page);   // the frames counted below are the test's own
  await settle(page);
  return page;
}

// The editor with `face`'s files held back until release() lets them through.
async function openHolding(face) {
  let release;
  const gate = new Promise((res) => { release = res; });
  const page = await open('en-US', (ctx) => ctx.route(new RegExp(`/fonts/${face}-(Regular|Bold)\\.ttf$`), async (route) => {
    if (route.request().method() === 'GET') await gate;
    await route.continue();
  }));
  return {page, release};
}

test('an English start fetches no Arabic or Hebrew face, no other language, no template', async () => {
  const page = await open('en-US');
  const first = await page.evaluate(() => window.jmFirstFrameMs);
  const before = (await fetched(page)).filter(([, end]) => end <= first);
  assert.deepEqual(page.gets.filter((p) => LAZY.test(p)), [], 'nothing fetched on demand');
  const names = before.map(([p]) => p);
  for (const f of ['/journeymap.wasm', '/journeymap.data', '/journeymap.js', '/app.js', '/assets.js'])
    assert.ok(names.includes(f), `${f} is loaded before the first frame`);
  const kb = before.reduce((n, [, , b]) => n + b, 0) / 1024;
  console.log(`# editor, English: ${before.length} files, ${kb.toFixed(0)} KB on the wire before the first frame`);
  assert.equal((await view(page)).language, 'en');
  assert.deepEqual(page.errors, []);
});

test('an Arabic interface has its strings and its faces before its first frame', async () => {
  const page = await open('ar-EG');
  const first = await page.evaluate(() => window.jmFirstFrameMs);
  const files = await fetched(page);
  for (const f of ['/assets/i18n/ar.jmt', '/fonts/NotoSansArabic-Regular.ttf', '/fonts/NotoSansArabic-Bold.ttf']) {
    const hit = files.find(([p]) => p === f);
    assert.ok(hit, `${f} was fetched`);
    assert.ok(hit[1] <= first, `${f} was in before the first frame (${hit[1].toFixed(0)} <= ${first.toFixed(0)} ms)`);
  }
  assert.ok(!page.gets.some((p) => /Hebrew|he\.(json|jmt)|templates/.test(p)), 'no Hebrew, no templates');
  const v = await view(page);
  assert.equal(v.language, 'ar');
  assert.equal(v.ui_rtl, true);
  // Its first atlas holds Arabic's start set (look.cpp kArabicStart): enough for the interface,
  // so the first frame was built once (a glyph beyond it would have dropped that frame).
  assert.equal(await page.evaluate(() => performance.getEntriesByName('jm-frame1-start').length), 1, 'the first frame was built once');
  assert.deepEqual(page.errors, []);
});

// Opens the B2B template, changed by `edit`, while a face it needs is held back: input keeps
// waking the editor, yet no frame is shown (it would draw "?"); then the face is let through and
// the next frame comes.
async function loadWhileHeld(page, release, edit) {
  const drawn = () => page.evaluate(() => Module._jm_frame_count());
  const before = await drawn();
  const doc = JSON.parse(fs.readFileSync(path.join(repo, 'assets/templates/b2b-phone-system.journey.json'), 'utf8'));
  edit(doc);
  assert.equal(await page.evaluate((j) => window.jm.command('load', j), JSON.stringify(doc)), 1);
  for (let i = 0; i < 5; i++) {
    await page.mouse.move(300 + i * 40, 300);
    await page.waitForTimeout(100);
  }
  assert.equal(await drawn(), before, 'no frame drawn (no "?" glyphs) while the face is on its way');
  release();
  await page.waitForFunction((n) => Module._jm_frame_count() > n, before, {timeout: 10000});
  await settle(page);
}

test('Latin beyond Latin-1 (Polish, Turkish, Vietnamese) fetches the whole Latin face and is not drawn before it', async () => {
  // The data package's Latin faces hold ASCII, Latin-1 and punctuation; the rest is fetched.
  const {page, release} = await openHolding('NotoSansLatin');
  assert.ok(!page.gets.some((p) => /NotoSansLatin/.test(p)), 'an English start does not fetch the whole Latin face');
  await loadWhileHeld(page, release, (doc) => {
    doc.map.title = 'Łódź → Kraków';
    doc.map.cards[0].text = 'Müşteri çağrıyı kaçırdı · Khách hàng gọi nhỡ';
  });
  assert.ok(page.gets.includes('/fonts/NotoSansLatin-Regular.ttf') && page.gets.includes('/fonts/NotoSansLatin-Bold.ttf'), 'both weights fetched');
  assert.ok(!page.gets.some((p) => /Arabic|Hebrew/.test(p)), 'only the face the map needs');
  // The text field sets the same face: the page added it under the text field's family.
  assert.equal(await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'JM Sans').length), 4,
    'the text field has the whole faces too (two weights, common and whole)');
  assert.deepEqual(page.errors, []);
});

test('arrows and the minus sign are drawn, not "?": the common ones from the start, any other with the whole Latin face', async () => {
  const {page, release} = await openHolding('NotoSansLatin');
  const has = (cp) => page.evaluate((c) => Module._jm_font_has_glyph(c), cp);
  // Noto Sans has none of them; the data package's Noto Sans Math subset has them.
  for (const cp of [0x2190, 0x2192, 0x2193, 0x21D2, 0x2212]) assert.equal(await has(cp), 1, `U+${cp.toString(16)} is in the first atlas`);
  assert.equal(await has(0x21C4), 0, 'a rarer arrow is not baked at start (the first atlas stays small)');
  assert.ok(!page.gets.some((p) => /NotoSansLatin/.test(p)), 'the common arrows fetch nothing');
  await loadWhileHeld(page, release, (doc) => { doc.map.cards[0].text = 'Sales \u21C4 Support'; });
  assert.equal(await has(0x21C4), 1, 'U+21C4 baked with the whole Latin face');
  assert.equal(await has(0x2192), 1);
  assert.deepEqual(page.errors, []);
});

// The atlas as the first frame had it: has_glyph asked for `cps` when the page marks that frame.
const FIRST = [0x41, 0xE9, 0x20AC, 0x2192];   // A, é, €, →
async function firstAtlas(ctx) {
  await ctx.addInitScript((cps) => {
    let at;
    Object.defineProperty(window, 'jmFirstFrameMs', {configurable: true, get: () => at, set: (v) => {
      at = v;
      window.jmFirstAtlas = cps.map((c) => Module._jm_font_has_glyph(c));
      window.jmFirstTexts = window.jm.model().map.cards.map((c) => c.text);
    }});
  }, FIRST);
}

test('the first atlas holds ASCII and the interface\'s punctuation; the rest follows the first frame, or comes with it for a map that needs it', async () => {
  const page = await open('en-US', firstAtlas);
  const has = () => page.evaluate((cps) => cps.map((c) => Module._jm_font_has_glyph(c)), FIRST);
  assert.deepEqual(await page.evaluate(() => window.jmFirstAtlas), [1, 0, 0, 0], 'a new visitor\'s first frame: A, not é, €, →');
  assert.deepEqual(await has(), [1, 1, 1, 1], 'the frame after the first baked the rest of the common part');
  assert.ok(!page.gets.some((p) => LAZY.test(p)), 'the rest needed no download');

  // A map whose text needs more is restored at the next start: its first frame has what it needs.
  const doc = JSON.parse(fs.readFileSync(path.join(repo, 'assets/templates/b2b-phone-system.journey.json'), 'utf8'));
  doc.map.cards[0].text = 'Caf\u00e9 menu: 5 \u20ac';
  await page.evaluate(() => { window.jmLastSaved = undefined; });
  assert.equal(await page.evaluate((j) => window.jm.command('load', j), JSON.stringify(doc)), 1);
  await page.waitForFunction(() => window.jmLastSaved !== undefined, null, {timeout: 5000});
  // The wasm held a moment, so the library's record is read before main() asks for it (else the
  // map comes after the first frame, which then shows the blank map).
  await page.route(/\/journeymap\.wasm$/, async (r) => { await new Promise((res) => setTimeout(res, 400)); await r.continue(); });
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  assert.ok((await model(page)).map.cards.some((c) => c.text.startsWith('Caf\u00e9')), 'the map was restored');
  assert.ok((await page.evaluate(() => window.jmFirstTexts)).some((t) => t.startsWith('Caf\u00e9')), 'the first frame showed the restored map');
  const first = await page.evaluate(() => window.jmFirstAtlas);
  assert.deepEqual(first.slice(0, 3), [1, 1, 1], 'é and € were in the first atlas of a map that needs them');
  // ... from its first build: not a frame built with the start set, dropped for its "é", built again.
  assert.equal(await page.evaluate(() => performance.getEntriesByName('jm-frame1-start').length), 1, 'the first frame was built once');
  assert.deepEqual(page.errors, []);
});

test('an Arabic map opened in an English interface is not drawn until its face is in', async () => {
  // The Arabic faces are held back until the test lets them through.
  const {page, release} = await openHolding('NotoSansArabic');
  const drawn = () => page.evaluate(() => Module._jm_frame_count());
  const before = await drawn();
  const json = fs.readFileSync(path.join(repo, 'assets/templates/b2b-phone-system.ar.journey.json'), 'utf8');
  assert.equal(await page.evaluate((j) => window.jm.command('load', j), json), 1);
  // Input keeps waking the editor; none of those frames is shown while the face is missing.
  for (let i = 0; i < 5; i++) {
    await page.mouse.move(300 + i * 40, 300);
    await page.waitForTimeout(100);
  }
  assert.equal(await drawn(), before, 'no frame drawn while the Arabic face is on its way');
  assert.equal((await model(page)).map.direction, 'rtl', 'the map itself is loaded');
  release();
  await page.waitForFunction((n) => Module._jm_frame_count() > n, before, {timeout: 10000});
  await settle(page);
  assert.ok(page.gets.includes('/fonts/NotoSansArabic-Regular.ttf'), 'the face was fetched');
  assert.ok(!page.gets.some((p) => /Hebrew/.test(p)), 'only the face the map needs');
  assert.deepEqual(page.errors, []);
});
