// The picture of the last visit (issue #12, web/snapshot.js): the editor opened again shows the
// last frame it drew of the same map at once, before the engine is up, and its first frame
// replaces it with the same pixels. Never a picture of another map, an older revision, another
// window size or language; a full storage costs the picture, nothing else. (The embedded viewer
// keeps nothing in the browser: embed.test.mjs and host.test.mjs check its storage is empty.)
// The contexts block service workers so that a route can hold journeymap.js back: the page then
// stays on the picture for as long as a test looks at it.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, settle, command } from './harness.mjs';
import { decodePng } from './png.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

const KEY = 'journeymap.snapshot.editor';
const NO_SW = {serviceWorkers: 'block'};

// The stored entry once a picture of the current state is in (after a save).
async function pictureAfter(page, since = 0) {
  await page.waitForFunction(([k, t]) => { const e = JSON.parse(localStorage.getItem(k) || 'null'); return e && e.at > t; },
    [KEY, since], {timeout: 15000, polling: 100});
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
}
// Reloads with the engine's script held back: the page stays as it is before the wasm runs.
async function reloadHeld(page) {
  await page.route('**/journeymap.js', (r) => r.abort());
  await page.reload();
  await page.waitForTimeout(800);
}
async function release(page) { await page.unroute('**/journeymap.js'); }
// RGBA pixels of a data URL image, decoded by the browser.
const pixelsOf = (page, url) => page.evaluate(async (u) => {
  const img = new Image();
  img.src = u;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return {width: c.width, height: c.height, data: Array.from(g.getImageData(0, 0, c.width, c.height).data)};
}, url);
// Share of pixels differing by more than 48 in a channel, outside `skip` ([x, y, w, h] or null).
function differing(a, b, skip = null) {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let n = 0, total = 0;
  for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) {
    if (skip && x >= skip[0] && x < skip[0] + skip[2] && y >= skip[1] && y < skip[1] + skip[3]) continue;
    const i = (y * a.width + x) * 4;
    total++;
    if (Math.abs(a.data[i] - b.data[i]) > 48 || Math.abs(a.data[i + 1] - b.data[i + 1]) > 48 || Math.abs(a.data[i + 2] - b.data[i + 2]) > 48) n++;
  }
  return n / total;
}
const screenPixels = async (page) => decodePng(await page.screenshot());

test('a reopened editor shows the last frame of its map at once; its first frame replaces it with the same pixels', async () => {
  const page = await openEditor(browser, srv.url, {context: NO_SW});
  page.errors.length = 0;
  await command(page, 'template', 'b2b-phone-system.journey.json');
  const entry = await pictureAfter(page);
  const cur = await page.evaluate(() => new Promise((res) => {
    const open = indexedDB.open('journeymap', 1);
    open.onsuccess = () => { const g = open.result.transaction('kv').objectStore('kv').get('current'); g.onsuccess = () => res(g.result.v); };
  }));
  assert.equal(entry.id, cur, 'the picture names the map the library opens next');
  assert.ok(entry.rev >= 1, `revision ${entry.rev}`);
  assert.equal(entry.w, 1280);
  assert.equal(entry.h, 720);
  assert.match(entry.ctx, /^\|en-US(,en)?\|light\|\|\|1280\|720\|1$/);
  assert.match(entry.img, /^data:image\/(webp|jpeg);base64,/);
  assert.ok(entry.img.length < 1500000, `${entry.img.length} characters`);
  // The picture is the frame on screen.
  await settle(page);
  const live = await screenPixels(page);
  const pic = await pixelsOf(page, entry.img);
  const d = differing(live, pic);
  console.log(`# picture: ${entry.img.length} characters; ${(d * 100).toFixed(3)} % of its pixels differ from the screen`);
  assert.ok(d < 0.01, `${(d * 100).toFixed(2)} % of the picture's pixels differ from the screen`);

  // Before the engine: the picture, under a small loader card.
  await reloadHeld(page);
  const held = await page.evaluate(() => {
    const img = document.getElementById('jm-snapshot');
    const card = document.querySelector('#loading .loading-card').getBoundingClientRect();
    return img && {w: img.naturalWidth, h: img.naturalHeight, rect: [img.x, img.y, img.width, img.height], cls: document.documentElement.className,
      card: [card.x, card.y, card.width, card.height], ff: window.jmFirstFrameMs};
  });
  assert.ok(held, 'the picture is on the page');
  assert.equal(held.ff, undefined, 'no frame was drawn');
  assert.deepEqual([held.w, held.h], [1280, 720]);
  assert.deepEqual(held.rect, [0, 0, 1280, 720]);
  assert.match(held.cls, /jm-snapshot/);
  assert.ok(held.card[2] < 300 && held.card[1] > 500, `the loader is a small card at the bottom (${held.card})`);
  const card = held.card.map((v, i) => Math.round(v) + (i < 2 ? -8 : 16));
  const dh = differing(live, await screenPixels(page), card);
  assert.ok(dh < 0.01, `${(dh * 100).toFixed(2)} % of the screen differs from the editor's (the loader card aside)`);

  // With the engine: its first frame takes the picture's place, in the same frame it is drawn.
  await release(page);
  page.errors.length = 0;   // the script held back was an error of the console's
  await page.addInitScript(() => {
    window.jmPictureSeen = false;
    new MutationObserver(() => { if (document.getElementById('jm-snapshot')) window.jmPictureSeen = true; })
      .observe(document, {childList: true, subtree: true});
  });
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  const after = await page.evaluate(() => ({seen: window.jmPictureSeen, now: !!document.getElementById('jm-snapshot'),
    cls: document.documentElement.className}));
  assert.deepEqual(after, {seen: true, now: false, cls: ''});
  await settle(page);
  await page.waitForTimeout(500);   // the loader fades out
  const d2 = differing(live, await screenPixels(page));
  assert.ok(d2 < 0.01, `${(d2 * 100).toFixed(2)} % of the first frame differs from the last visit's`);
  assert.deepEqual(page.errors, []);
});

test('no picture of another window size, language, map or revision; a link opens without one', async () => {
  const page = await openEditor(browser, srv.url, {context: NO_SW});
  await command(page, 'template', 'b2b-phone-system.journey.json');
  const entry = await pictureAfter(page);
  const shown = async () => page.evaluate(() => !!document.getElementById('jm-snapshot'));
  await reloadHeld(page);
  assert.equal(await shown(), true, 'the same window, language and map: the picture');

  await page.setViewportSize({width: 1100, height: 720});
  await page.reload();
  await page.waitForTimeout(800);
  assert.equal(await shown(), false, 'another window width: no picture');
  await page.setViewportSize({width: 1280, height: 720});

  await page.evaluate(() => localStorage.setItem('journeymap.language', 'ar'));
  await page.reload();
  await page.waitForTimeout(800);
  assert.equal(await shown(), false, 'another interface language: no picture');
  await page.evaluate(() => localStorage.removeItem('journeymap.language'));

  await page.goto(srv.url + '#open=' + encodeURIComponent(entry.id));
  await page.waitForTimeout(800);
  assert.equal(await shown(), false, 'a link to a map: no picture');

  // Another tab saved the map since: the picture goes as soon as the library is read, before
  // the engine is up.
  await page.goto(srv.url);
  await page.waitForTimeout(800);
  assert.equal(await shown(), true);
  await page.evaluate((id) => new Promise((res) => {
    const open = indexedDB.open('journeymap', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('maps', 'readwrite'), maps = tx.objectStore('maps');
      const g = maps.get(id);
      g.onsuccess = () => { const rec = g.result; rec.rev += 1; rec.tab = 'another tab'; maps.put(rec); };
      tx.oncomplete = () => { open.result.close(); res(); };
    };
  }), entry.id);
  await page.reload();
  await page.waitForTimeout(1200);
  assert.equal(await shown(), false, 'a newer revision in the library: the picture is gone');
  assert.equal(await page.evaluate(() => window.jmFirstFrameMs), undefined);
});

test('a full storage: no picture, the map is saved all the same, and nothing is said', async () => {
  const page = await openEditor(browser, srv.url, {context: NO_SW});
  // Fill localStorage to the brim (smaller and smaller chunks until even 1 KB does not fit).
  const filled = await page.evaluate(() => {
    let n = 0, size = 1 << 20;
    while (size >= 1024) {
      try { localStorage.setItem('filler-' + n, 'x'.repeat(size)); n++; } catch (e) { size >>= 1; }
    }
    return n;
  });
  assert.ok(filled > 0);
  page.errors.length = 0;
  await command(page, 'template', 'b2b-phone-system.journey.json');
  await page.waitForFunction(() => window.jmLastSaved, null, {timeout: 10000});
  await page.waitForTimeout(1500);   // a picture would have been taken by now
  const state = await page.evaluate((k) => ({picture: localStorage.getItem(k), notice: document.querySelector('[role="alert"]')?.textContent || ''}), KEY);
  assert.equal(state.picture, null);
  assert.equal(state.notice, '');
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k); });
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  assert.equal(await page.evaluate(() => window.jm.model().map.title), 'Buying a business phone system', 'the map was kept');
  assert.deepEqual(page.errors, []);
});
