// History: named versions ("Save a version…"), automatic versions (thinned), the History dialog,
// a read-only preview under its banner, and restore (undoable, the state before it kept as a
// version). Versions live in the browser's real IndexedDB; buttons are clicked with the mouse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, settle, shot, model, view, command, centre } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

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
// Click, then Enter: the selected card's text, or a new card in the clicked cell, opens in the
// text field. (A double-click does the same, but on a machine this loaded its two presses may
// reach the editor too far apart to be one.)
async function startEdit(page, rect) {
  const [x, y] = centre(rect);
  await page.mouse.move(x, y);
  await settle(page, 80);
  await page.mouse.click(x, y);
  await settle(page, 80);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#jm-field', {timeout: 5000});
}
async function typeCard(page, cell, text) {
  await startEdit(page, cell);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await settle(page);
}
const texts = (m) => m.map.cards.map((c) => c.text).sort();
const history = (page) => page.evaluate(() => window.jm.history());
// A click on an ImGui button at a rectangle the editor reports, with a frame to see each event.
async function clickRect(page, rect) {
  const [x, y] = centre(rect);
  await page.mouse.move(x, y);
  await settle(page, 80);
  await page.mouse.click(x, y);
  await settle(page);
}
async function openHistory(page) {
  await command(page, 'history');
  await page.waitForFunction(() => { const h = window.jm.history(); return h.open && h.listed && h.rows.length === h.entries.length; });
  await settle(page);
  return history(page);
}
// What IndexedDB holds: the map record of the current map and the versions kept for it.
const stored = (page) => page.evaluate(async () => {
  const get = (name, store) => new Promise((res) => {
    const o = indexedDB.open(name);
    o.onsuccess = () => { const r = o.result.transaction(store).objectStore(store).getAll(); r.onsuccess = () => { o.result.close(); res(r.result); }; };
  });
  const id = window.jm.currentId();
  const map = (await get('journeymap', 'maps')).find((m) => m.id === id);
  const versions = (await get('journeymap-history', 'versions')).filter((v) => v.map === id);
  return {texts: map ? JSON.parse(map.json).map.cards.map((c) => c.text).sort() : null, updated: map && map.updated,
          versions: versions.map((v) => ({name: v.name, auto: v.auto, reason: v.reason, cards: v.cards}))};
});

test('save a named version, edit more, preview it, restore it: the restored map survives a reload', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  let page = await open(ctx);
  await typeCard(page, (await view(page)).cells[0][1], 'In the named version');

  // File > Save a version…: the prompt takes the name in a browser field; Enter saves.
  await command(page, 'save_version');
  await page.waitForSelector('#jm-field');
  await settle(page);
  await shot(page, 'history-name-prompt');
  await page.keyboard.type('Before the workshop');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Saved the version/.test(window.jm.view().toast));
  assert.equal((await history(page)).naming, false, 'the prompt closed');

  await typeCard(page, (await view(page)).cells[0][2], 'Added afterwards');
  await page.evaluate(() => window.jm.saveNow());

  let h = await openHistory(page);
  const named = h.entries.find((e) => e.name === 'Before the workshop');
  assert.ok(named, 'the named version is listed: ' + JSON.stringify(h.entries));
  assert.equal(named.auto, false);
  assert.equal(named.cards, 1);
  await shot(page, 'history-dialog');

  // Preview: the old version on screen, read-only, under its banner; the map itself untouched.
  await clickRect(page, h.rows.find((r) => r.key === named.key).preview);
  await page.waitForFunction(() => window.jm.history().previewing);
  await settle(page);
  assert.deepEqual(texts(await model(page)), ['In the named version']);
  const img = await shot(page, 'history-preview');
  assert.equal(img.width, 1280);
  const v = await view(page);
  await page.mouse.dblclick(...centre(v.cells[1][1]));
  await page.waitForTimeout(400);
  assert.equal(await page.$('#jm-field'), null, 'a preview takes no edits');
  await page.waitForTimeout(900);   // longer than the autosave delay: nothing of the preview is written
  assert.deepEqual((await stored(page)).texts, ['Added afterwards', 'In the named version']);

  // Restore from the banner: one undoable step, the state before it kept as a version.
  h = await history(page);
  await clickRect(page, h.banner_restore);
  await page.waitForFunction(() => !window.jm.history().previewing);
  assert.deepEqual(texts(await model(page)), ['In the named version']);
  const after = await view(page);
  assert.equal(after.undo_label, 'Restore version');
  assert.match(after.toast, /Restored the version/);
  await page.evaluate(() => window.jm.saveNow());
  const s = await stored(page);
  assert.deepEqual(s.texts, ['In the named version']);
  const before = s.versions.find((x) => x.reason === 'restore');
  assert.ok(before && before.auto && before.cards === 2, 'the map before the restore is a version: ' + JSON.stringify(s.versions));

  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined);
  await settle(page);
  assert.deepEqual(texts(await model(page)), ['In the named version'], 'the restored map persists');
  h = await openHistory(page);
  assert.ok(h.entries.some((e) => e.name === 'Before the workshop'));
  assert.ok(h.entries.some((e) => e.reason === 'restore' && e.cards === 2));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('restore is undoable; closing a preview brings the map back unchanged', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await open(ctx);
  await typeCard(page, (await view(page)).cells[0][1], 'One');
  await command(page, 'save_version', 'Just one card');
  await page.waitForFunction(() => /Saved the version/.test(window.jm.view().toast));
  await typeCard(page, (await view(page)).cells[0][2], 'Two');
  await page.evaluate(() => window.jm.saveNow());
  const zoom = (await view(page)).zoom;

  // Preview, then Close: the current map again, with its undo history and view; nothing written.
  let h = await openHistory(page);
  const key = h.entries.find((e) => e.name === 'Just one card').key;
  const savedAt = (await stored(page)).updated;
  await clickRect(page, h.rows.find((r) => r.key === key).preview);
  await page.waitForFunction(() => window.jm.history().previewing);
  await settle(page);
  await clickRect(page, (await history(page)).banner_close);
  await page.waitForFunction(() => !window.jm.history().previewing);
  assert.deepEqual(texts(await model(page)), ['One', 'Two']);
  assert.equal((await view(page)).can_undo, true, 'the undo history came back with the map');
  assert.equal((await view(page)).zoom, zoom);
  await page.waitForTimeout(900);
  assert.equal((await stored(page)).updated, savedAt, 'closing a preview writes nothing');

  // Restore straight from the list, then undo it.
  h = await openHistory(page);
  await clickRect(page, h.rows.find((r) => r.key === key).restore);
  await page.waitForFunction(() => window.jm.model().map.cards.length === 1);
  await settle(page);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.jm.model().map.cards.length === 2, null, {timeout: 5000}).catch(() => {});
  assert.deepEqual(texts(await model(page)), ['One', 'Two'], 'Ctrl+Z takes the restore back');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('automatic versions are thinned: many saves within a minute keep one', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await open(ctx);
  const cells = (await view(page)).cells;
  for (const [i, text] of ['a', 'b', 'c', 'd', 'e'].entries()) {
    await typeCard(page, cells[i % 2][i % 3], 'Card ' + text);
    await page.evaluate(() => window.jm.saveNow());
  }
  const s = await stored(page);
  assert.equal(s.texts.length, 5);
  // The first save made the map; the second kept it as it was when editing began; three more
  // saves within the minute add none.
  assert.deepEqual(s.versions.map((v) => [v.auto, v.reason, v.cards]), [[true, 'session', 1]]);
  const h = await openHistory(page);
  assert.equal(h.entries.length, 1);
  assert.match(h.entries[0].label, /Automatic/);
  await ctx.close();
});

test('the name prompt: a click on Cancel keeps nothing, a click on Save keeps the typed name', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await open(ctx);
  await typeCard(page, (await view(page)).cells[0][1], 'Something');
  await page.evaluate(() => window.jm.saveNow());
  // The field loses focus on the press, before ImGui sees the click: that must not save.
  await command(page, 'save_version');
  await page.waitForSelector('#jm-field');
  await page.keyboard.type('Not wanted');
  await clickRect(page, (await history(page)).name_cancel);
  await page.waitForFunction(() => !window.jm.history().naming, null, {timeout: 5000}).catch(() => {});
  assert.equal((await history(page)).naming, false, 'Cancel closed the prompt');
  await page.waitForTimeout(300);
  assert.deepEqual((await stored(page)).versions.filter((v) => !v.auto), []);
  await command(page, 'save_version');
  await page.waitForSelector('#jm-field');
  await page.keyboard.type('Wanted');
  await clickRect(page, (await history(page)).name_save);
  await page.waitForFunction(() => /Saved the version/.test(window.jm.view().toast));
  assert.deepEqual((await stored(page)).versions.filter((v) => !v.auto).map((v) => v.name), ['Wanted']);
  await page.waitForFunction(() => !window.jm.view().popup_open, null, {timeout: 5000}).catch(() => {});
  assert.equal((await view(page)).popup_open, false, 'no dialog left open');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
