// Share links: File > "Copy link to this map" puts the whole map, compressed, in the URL's
// fragment; opening the link shows it read-only with a banner, without touching the library of
// that browser until "Save a copy to my maps". Real clipboard, real clicks and keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, settle, shot, model, view, command, centre, dblclickEdit } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

const VIEWPORT = {width: 1280, height: 720};
const newContext = () => browser.newContext({viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write']});

async function open(ctx, url) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await page.waitForFunction(() => window.jm.shared() !== 'opening', null, {timeout: 10000});
  await settle(page);
  return page;
}

// What this browser's library holds: titles of the maps and the id of the "current" one.
const library = (page) => page.evaluate(async () => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const get = (st, fn) => new Promise((res) => { const r = fn(db.transaction(st).objectStore(st)); r.onsuccess = () => res(r.result); });
  const maps = await get('maps', (s) => s.getAll());
  const cur = await get('kv', (s) => s.get('current'));
  db.close();
  return {maps: maps.map((m) => ({id: m.id, title: m.title})), current: cur && cur.v, journal: Object.keys(localStorage).find((k) => k.startsWith('journeymap-unsaved')) || null};
});

// Copies through the File menu's hook and reads the real clipboard back.
async function shareAndRead(page, what) {
  await page.evaluate(() => navigator.clipboard.writeText('(clipboard before sharing)'));
  await page.evaluate((w) => { window.jmLastShare = undefined; window.JMApp.share(w); }, what);
  await page.waitForFunction(() => window.jmLastShare !== undefined || /too large/.test(window.jm.view().toast), null, {timeout: 10000});
  return page.evaluate(() => navigator.clipboard.readText());
}

// The shared-map banner, found in a screenshot above the map (yMax: the stage headers' top) and
// in the left half (the search field and the inspector's fields are grey boxes too): a grey
// button (an ImGui frame on white, about 243,243,244) with muted text to its left, on a white
// band across the window (the menu bar's lower edge and the canvas are tinted).
function findBanner(img, yMax) {
  const px = (x, y) => { const o = (y * img.width + x) * 4; return [img.data[o], img.data[o + 1], img.data[o + 2]]; };
  // Runs of 30 to 400 grey pixels in a row (longer ones are lines, not a button).
  let x0 = Infinity, x1 = -1, y0 = Infinity, y1 = -1;
  for (let y = 0; y < yMax; y++) {
    let run = 0;
    for (let x = 0; x <= img.width / 2; x++) {
      const p = px(x, y);
      const grey = x < img.width / 2 && Math.abs(p[0] - 243) <= 2 && Math.abs(p[1] - 243) <= 2 && Math.abs(p[2] - 244) <= 2;
      if (grey) { run++; continue; }
      if (run >= 30 && run <= 400) { x0 = Math.min(x0, x - run); x1 = Math.max(x1, x - 1); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      run = 0;
    }
  }
  if (x1 < 0 || y1 - y0 < 10) return null;
  const mid = Math.round((y0 + y1) / 2);
  const white = (y) => { const p = px(3, y); return p[0] === 255 && p[1] === 255 && p[2] === 255; };
  let top = mid, bottom = mid;
  while (top > 0 && white(top - 1)) top--;
  while (bottom < img.height - 1 && white(bottom + 1)) bottom++;
  let ink = 0;
  for (let y = y0; y <= y1; y++) for (let x = 0; x < x0; x++) { const p = px(x, y); if (p[0] + p[1] + p[2] < 500) ink++; }
  return {button: [x0, y0, x1 - x0 + 1, y1 - y0 + 1], band: white(mid) ? [top, bottom] : null, ink};
}

let link = '';   // made by the first test, opened by the others

test('a link holds the map; it opens read-only with a banner and leaves the library alone until "Save a copy"', async () => {
  // The sender: the B2B example, shared from the File menu's hook, read back from the clipboard.
  const ctxA = await newContext();
  const a = await open(ctxA, srv.url);
  await command(a, 'template', 'b2b');
  await settle(a);
  const original = await model(a);
  link = await shareAndRead(a, 'link');
  assert.match(link, new RegExp('^' + srv.url.replace(/[.]/g, '\\.') + '#map=[A-Za-z0-9_-]+$'), 'a link to this page with the map in its fragment');
  assert.ok(link.length < 32000, `short enough to paste anywhere (${link.length} characters)`);
  assert.ok(link.length < JSON.stringify(original).length / 1.5, 'compressed');
  assert.match((await view(a)).toast, /Link copied/);
  console.log(`# share link for the B2B example: ${link.length} characters (map JSON ${JSON.stringify(original).length})`);
  assert.deepEqual(a.errors, []);
  await ctxA.close();

  // The receiver already has a map of their own in this browser.
  const ctx = await newContext();
  let own = await open(ctx, srv.url);
  await command(own, 'new_classic');
  await command(own, 'set_title', 'My own map');
  await own.evaluate(() => window.jm.saveNow());
  const ownId = await own.evaluate(() => window.jm.currentId());
  await own.close();

  let b = await open(ctx, link);
  assert.equal(await b.evaluate(() => window.jm.shared()), true);
  assert.deepEqual(await model(b), original, 'the map that was shared, exactly');
  const sharedGridTop = (await view(b)).grid.min[1];

  // Read-only: a real click selects a card, Delete deletes nothing; a double-click edits nothing.
  let v = await view(b);
  const card = v.cards.find((c) => c.rect[1] > 150 && c.rect[0] + c.rect[2] < 900);
  await b.mouse.click(...centre(card.rect));
  await settle(b);
  assert.deepEqual((await view(b)).selection, [card.id], 'the click selected the card');
  await b.keyboard.press('Delete');
  await settle(b);
  assert.deepEqual(await model(b), original, 'Delete changed nothing');
  await b.mouse.dblclick(...centre(v.cells[1][0]));
  await b.waitForTimeout(400);
  assert.equal(await b.$('#jm-field'), null, 'no text field opens on a read-only map');
  // Panning is allowed (and changes the view, not the map).
  await b.mouse.move(700, 600);
  await b.mouse.down();
  await b.mouse.move(500, 560, {steps: 6});
  await b.mouse.up();
  await settle(b);

  // The banner with its button, found in the pixels.
  const img = await shot(b, 'share-shared-view');
  const yMax = (await view(b)).stages[0].header[1];
  const banner = findBanner(img, yMax);
  assert.ok(banner && banner.band, 'a white banner with a button under the menu bar');
  const bannerH = banner.band[1] - banner.band[0] + 1;
  assert.ok(bannerH >= 30 && bannerH < 80, `banner height ${bannerH}`);
  assert.ok(banner.ink > 200, `the banner says something (${banner.ink} ink pixels)`);

  // Nothing was written: not the shared map, not its view, not the journal; "current" unchanged.
  await b.waitForTimeout(1500);   // longer than the autosave delay
  let lib = await library(b);
  assert.deepEqual(lib.maps.map((m) => m.title), ['My own map']);
  assert.equal(lib.current, ownId);
  await b.close({runBeforeUnload: true});   // pagehide: writes at once, if it were to write
  const c = await open(ctx, srv.url);
  lib = await library(c);
  assert.equal(lib.journal, null, 'no unload journal for the shared map');
  assert.equal((await model(c)).map.title, 'My own map', 'the next ordinary visit opens the user\'s own map');
  assert.deepEqual(lib.maps.map((m) => m.title), ['My own map']);
  await c.close();

  // "Save a copy to my maps": a real click on the button found in the screenshot.
  b = await open(ctx, link);
  const found = findBanner(await shot(b, 'share-before-save-copy'), (await view(b)).stages[0].header[1]);
  await b.mouse.click(...centre(found.button));
  await b.waitForFunction(() => window.jm.shared() === false, null, {timeout: 5000});
  await b.waitForFunction(() => window.jmLastSaved !== undefined, null, {timeout: 5000});
  await settle(b);
  lib = await library(b);
  assert.deepEqual(lib.maps.map((m) => m.title).sort(), ['Buying a business phone system', 'My own map']);
  const copy = lib.maps.find((m) => m.title === 'Buying a business phone system');
  assert.equal(lib.current, copy.id, 'the copy is now the current map');
  assert.equal(await b.evaluate(() => location.hash), '', 'a reload opens the library, not the link again');
  v = await view(b);
  const after = await shot(b, 'share-after-save-copy');
  assert.equal(findBanner(after, v.stages[0].header[1]), null, 'the banner is gone');
  assert.ok(Math.abs(sharedGridTop - v.grid.min[1] - bannerH) <= 2, `the map moved up by the banner's height (${sharedGridTop} -> ${v.grid.min[1]})`);
  // Editable now: the same real click + Delete removes the card, and that is saved.
  const card2 = v.cards.find((c) => c.id === card.id);
  await b.mouse.click(...centre(card2.rect));
  await b.keyboard.press('Delete');
  await settle(b);
  assert.equal((await model(b)).map.cards.length, original.map.cards.length - 1, 'the card was deleted');
  await b.evaluate(() => window.jm.saveNow());
  const saved = await b.evaluate(async (id) => {
    const db = await new Promise((res) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); });
    return new Promise((res) => { const r = db.transaction('maps').objectStore('maps').get(id); r.onsuccess = () => res(JSON.parse(r.result.json)); });
  }, copy.id);
  assert.equal(saved.map.cards.length, original.map.cards.length - 1, 'the edit of the copy is in IndexedDB');
  assert.deepEqual(b.errors, []);
  await ctx.close();
});

test('a truncated or damaged link says so and opens the normal editor with the user\'s own map', async () => {
  assert.ok(link, 'made by the first test');
  const ctx = await newContext();
  let p = await open(ctx, srv.url);
  await command(p, 'new_classic');
  await command(p, 'set_title', 'Mine');
  await p.evaluate(() => window.jm.saveNow());
  // A link that is not a map once unpacked (the editor itself refuses it).
  const notMap = srv.url + '#map=' + await p.evaluate(() => window.JMApp.packMap('{"format":"something else"}'));
  await p.close();

  const cases = [
    ['cut short', link.slice(0, link.length - 300)],
    ['damaged', link.slice(0, 60) + '!!' + link.slice(62)],
    ['not a map', notMap],
  ];
  for (const [i, [what, url]] of cases.entries()) {
    p = await open(ctx, url);
    const v = await view(p);
    assert.match(v.toast, /could not be opened/, `${what}: a message in the status bar (${v.toast})`);
    assert.equal(await p.evaluate(() => window.jm.shared()), false, `${what}: not a shared view`);
    assert.equal(await p.evaluate(() => location.hash), '', `${what}: the broken fragment is dropped`);
    assert.equal((await model(p)).map.title, 'Mine', `${what}: the user's own map is open`);
    // The normal editor: a real edit works.
    await dblclickEdit(p, ...centre(v.cells[0][i]));
    await p.keyboard.type('Still editable ' + i);
    await p.keyboard.press('Enter');
    await settle(p);
    assert.ok((await model(p)).map.cards.some((c) => c.text === 'Still editable ' + i), `${what}: editable`);
    if (what === 'cut short') await shot(p, 'share-truncated-link');
    assert.deepEqual(p.errors, []);
    await p.close();
  }
  await ctx.close();
});

test('embed code: an iframe snippet with the map, the title escaped; too large a map is refused', async () => {
  const ctx = await newContext();
  const p = await open(ctx, srv.url);
  await command(p, 'template', 'b2b');
  await command(p, 'set_title', 'Tom & Jerry\'s "plan" <b>');
  await settle(p);
  const original = await model(p);
  const snippet = await shareAndRead(p, 'embed');
  const m = /^<iframe src="([^"]+)" width="100%" height="480" style="border:0" title="([^"]*)" loading="lazy"><\/iframe>$/.exec(snippet);
  assert.ok(m, 'the iframe snippet: ' + snippet.slice(0, 120));
  assert.equal(m[2], 'Tom &amp; Jerry&#39;s &quot;plan&quot; &lt;b&gt;');
  assert.match(m[1], new RegExp('^' + srv.url.replace(/[.]/g, '\\.') + 'embed\\.html#map=[A-Za-z0-9_-]+$'));
  // The snippet works: pasted into a page, the viewer shows the same map.
  const host = await ctx.newPage();
  await host.setContent('<!doctype html><title>intranet</title>' + snippet);
  const frame = await (await host.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction((n) => window.jmFirstFrameMs !== undefined && window.jm.model().map.stages.length === n, original.map.stages.length, {timeout: 30000});
  assert.deepEqual(await frame.evaluate(() => window.jm.model()), original);
  await host.close();

  // A map too large for a link: a message, and the clipboard is left as it was.
  await command(p, 'generate', '40x12x10');
  await settle(p);
  const clip = await shareAndRead(p, 'link');
  assert.equal(clip, '(clipboard before sharing)');
  assert.match((await view(p)).toast, /^This map is too large for a link \(\d+ KB\): use File > Save as file and share the file instead\.$/);
  assert.deepEqual(p.errors, []);
  await ctx.close();
});
