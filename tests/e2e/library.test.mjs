// The browser library: every edit is kept in IndexedDB (real, in Chromium), a reload brings the
// map and the view back, closing the page right after an edit loses nothing, "My maps" lists maps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, settle, shot, model, view, command, centre } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

// Click, then Enter: the selected card's text, or a new card in the clicked cell, opens in the
// text field. (A double-click does the same, but on a loaded machine its two presses can reach
// the editor too far apart to be one; these tests are about the library, not the gesture.)
async function startEdit(page, rect) {
  const [x, y] = centre(rect);
  await page.mouse.move(x, y);
  await settle(page, 80);
  await page.mouse.click(x, y);
  await settle(page, 80);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#jm-field', {timeout: 5000});
}

async function open(ctx) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  return page;
}

test('an edit is saved within a second and a reload restores map, zoom and selection', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx);
  await command(page, 'template', 'b2b');
  await page.waitForFunction(() => window.jm.view().cards.length > 0);
  await settle(page);
  // A real edit: pick the first card, Enter, add words, Enter.
  let v = await view(page);
  await startEdit(page, v.cards[0].rect);
  await page.keyboard.press('End');
  await page.keyboard.type(' every Monday');
  await page.keyboard.press('Enter');
  await command(page, 'zoom', '0.8');
  await settle(page);
  const t0 = Date.now();
  await page.waitForFunction(() => window.jmLastSaved !== undefined, null, {timeout: 3000});
  const before = await model(page);
  const selection = (await view(page)).selection;
  assert.ok(Date.now() - t0 < 1500, 'saved within about a second');
  assert.ok(before.map.cards.some((c) => c.text.endsWith('every Monday')));
  await page.waitForTimeout(1300);   // the view is saved too, within a second
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined);
  await settle(page);
  const after = await model(page);
  assert.deepEqual(after, before);
  v = await view(page);
  assert.ok(Math.abs(v.zoom - 0.8) < 0.01, `zoom restored (${v.zoom})`);
  assert.deepEqual(v.selection, selection);
  await shot(page, 'library-after-reload');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a library that answers late still opens the visit on its own map: the first frame is that map, not the blank one', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx);
  await command(page, 'template', 'b2b');
  await command(page, 'set_title', 'Read late');
  await page.evaluate(() => window.jm.saveNow());
  const cards = (await model(page)).map.cards.length;
  await page.close();
  // A slow disk: the library's database opens 600 ms late (the wasm is in long before).
  await ctx.addInitScript(() => {
    const open = indexedDB.open.bind(indexedDB);
    const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess');
    indexedDB.open = (name, ...rest) => {
      const req = open(name, ...rest);
      if (name === 'journeymap') Object.defineProperty(req, 'onsuccess', {set(f) { onsuccess.set.call(req, (e) => setTimeout(() => f.call(req, e), 600)); }});
      return req;
    };
    window.addEventListener('jm-ready', () => { window.jmFirstCards = Module._jm_card_count(); window.jmFirstTitle = document.title; }, {once: true});
  });
  page = await open(ctx);
  assert.equal(await page.evaluate(() => window.jmFirstCards), cards, 'the first frame drew the saved map\'s cards');
  assert.match(await page.evaluate(() => window.jmFirstTitle), /^Read late/, 'and its title');
  assert.equal((await model(page)).map.title, 'Read late');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('closing the page right after an edit keeps the edit', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx);
  const v = await view(page);
  await startEdit(page, v.cells[0][1]);
  await page.keyboard.type('Typed just before closing');
  await page.keyboard.press('Enter');
  // pagehide writes at once; close() with runBeforeUnload returns before the page is gone, so
  // wait for it (a person reopening takes longer than that).
  await Promise.all([page.waitForEvent('close'), page.close({runBeforeUnload: true})]);
  page = await open(ctx);
  // The closed page's journal may reach the new one a moment after it started (see app.js).
  await page.waitForFunction(() => window.jm.model().map.cards.some((c) => c.text === 'Typed just before closing'), null, {timeout: 5000}).catch(() => {});
  const m = await model(page);
  assert.ok(m.map.cards.some((c) => c.text === 'Typed just before closing'), 'the edit survived closing the page: ' + JSON.stringify(m.map.cards.map((c) => c.text)) + ' ' + m.map.title);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// The same, made certain: an autosave has just been issued (not completed) when the page goes.
// Its IndexedDB transaction dies with the page, so the unload journal must still be written.
test('closing the page while an autosave is still being written keeps the edit', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx);
  const v = await view(page);
  await startEdit(page, v.cells[0][2]);
  await page.keyboard.type('Written as the page closed');
  await page.keyboard.press('Enter');
  await page.evaluate(() => { window.jm.saveNow(); });   // issued, deliberately not awaited
  await Promise.all([page.waitForEvent('close'), page.close({runBeforeUnload: true})]);
  page = await open(ctx);
  await page.waitForFunction(() => window.jm.model().map.cards.some((c) => c.text === 'Written as the page closed'), null, {timeout: 5000}).catch(() => {});
  const m = await model(page);
  assert.ok(m.map.cards.some((c) => c.text === 'Written as the page closed'), 'the edit survived: ' + JSON.stringify(m.map.cards.map((c) => c.text)));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('My maps lists every map; a new map does not overwrite the previous one', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await open(ctx);
  await command(page, 'template', 'b2b');
  await page.evaluate(() => window.jm.saveNow());
  await command(page, 'new_classic');
  await command(page, 'set_title', 'Second map');
  await page.evaluate(() => window.jm.saveNow());
  const count = await page.evaluate(async () => {
    const db = await new Promise((res) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); });
    return new Promise((res) => { const r = db.transaction('maps').objectStore('maps').getAll(); r.onsuccess = () => res(r.result.map((x) => x.title)); });
  });
  assert.deepEqual(count.sort(), ['Buying a business phone system', 'Second map']);
  await page.keyboard.press('Control+m');
  await page.waitForTimeout(300);
  await settle(page);
  const img = await shot(page, 'library-dialog');
  assert.ok(img.width === 1280);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
