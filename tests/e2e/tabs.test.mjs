// The same map open in two tabs of one browser (two pages of one context: they share IndexedDB,
// localStorage and BroadcastChannel, as tabs do). A tab with nothing unsaved follows the other;
// a tab whose save would overwrite a newer version asks, and its choice is honoured.
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
// As a person would: switch to the tab, then pick a cell (or a card) and type into it.
async function typeCard(page, cell, text) {
  await page.bringToFront();
  await startEdit(page, cell);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
// Every map record in the browser's library, read from IndexedDB itself.
const stored = (page) => page.evaluate(async () => {
  const db = await new Promise((res) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); });
  const all = await new Promise((res) => { const r = db.transaction('maps').objectStore('maps').getAll(); r.onsuccess = () => res(r.result); });
  db.close();
  return all.map((r) => ({id: r.id, title: r.title, rev: r.rev, texts: JSON.parse(r.json).map.cards.map((c) => c.text)}));
});
const conflictShown = (page) => page.locator('#jm-conflict').isVisible();
// B starts changing the first card: its text field is open, nothing is committed or saved yet
// (so no autosave can race the other tab). The field stays focused while A saves.
async function startTyping(page, text) {
  await page.bringToFront();
  await startEdit(page, (await view(page)).cards[0].rect);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}
// A saves a change of its own (without taking the focus from B's field).
const saveInA = (a) => a.evaluate(async () => { window.jm.command('set_title', 'Saved by tab A'); await window.jm.saveNow(); });

// Two tabs on one saved map: A saves a first card, B opens afterwards and shows the same map.
async function twoTabs() {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const a = await open(ctx);
  await typeCard(a, (await view(a)).cells[0][1], 'First card');
  await a.evaluate(() => window.jm.saveNow());
  const b = await open(ctx);
  assert.equal(await b.evaluate(() => window.jm.currentId()), await a.evaluate(() => window.jm.currentId()), 'B opened the same map');
  assert.deepEqual((await model(b)).map.cards.map((c) => c.text), ['First card']);
  return {ctx, a, b};
}

test('a tab with nothing unsaved follows the edits saved in another tab', async () => {
  const {ctx, a, b} = await twoTabs();
  await typeCard(a, (await view(a)).cells[0][2], 'Added in tab A');
  await a.evaluate(() => window.jm.saveNow());
  await b.waitForFunction(() => window.jm.model().map.cards.some((c) => c.text === 'Added in tab A'), null, {timeout: 5000});
  assert.equal(await conflictShown(b), false, 'no question when nothing would be lost');
  // B goes on editing the newer version; A follows in turn, and nothing was copied.
  await typeCard(b, (await view(b)).cells[1][2], 'Then in tab B');
  await b.evaluate(() => window.jm.saveNow());
  await a.waitForFunction(() => window.jm.model().map.cards.some((c) => c.text === 'Then in tab B'), null, {timeout: 5000});
  const recs = await stored(a);
  assert.equal(recs.length, 1);
  assert.deepEqual(recs[0].texts.sort(), ['Added in tab A', 'First card', 'Then in tab B']);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('a tab still starting when another saves the map takes that version once it is up, without an error', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const a = await open(ctx);
  await typeCard(a, (await view(a)).cells[0][1], 'First card');
  await a.evaluate(() => window.jm.saveNow());
  // B starts, its Emscripten glue held back so that it cannot reach its first frame; once its page
  // script listens (JMApp), A saves again, then B's start goes on.
  const b = await ctx.newPage();
  b.errors = [];
  b.on('console', (m) => { if (m.type() === 'error') b.errors.push(m.text()); });
  b.on('pageerror', (e) => b.errors.push(e.message));
  let release;
  const held = new Promise((r) => { release = r; });
  await b.route('**/journeymap.js', async (route) => { await held; await route.continue(); });
  await b.goto(srv.url, {waitUntil: 'commit'});
  await b.waitForFunction(() => !!window.JMApp, null, {timeout: 30000, polling: 5});
  await b.waitForTimeout(300);   // its library read (IndexedDB) is in
  const early = await b.evaluate(() => window.jmFirstFrameMs === undefined);
  await saveInA(a);
  await b.waitForTimeout(200);   // the announcement reaches B
  release();
  await b.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await b.waitForFunction(() => window.jm.model().map.title === 'Saved by tab A', null, {timeout: 5000});
  assert.ok(early, 'A saved while B was starting');
  assert.equal(await conflictShown(b), false);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('a tab whose save would overwrite a newer version asks; "Keep mine as a copy" makes a new map', async () => {
  const {ctx, a, b} = await twoTabs();
  // B is changing the map and has not saved; A saves first.
  await startTyping(b, ' (edited in tab B)');
  await saveInA(a);
  await b.waitForSelector('#jm-conflict', {timeout: 5000});
  await b.keyboard.press('Enter');   // B's edit is made; its save is held
  await shot(b, 'tabs-conflict');
  // B's autosave is held: well after it would have run, A's version is still the stored one.
  await b.waitForTimeout(1500);
  let recs = await stored(b);
  assert.equal(recs.length, 1);
  assert.equal(recs[0].title, 'Saved by tab A');
  assert.deepEqual(recs[0].texts, ['First card']);
  await b.getByRole('button', {name: 'Keep mine as a copy'}).click();
  await b.waitForFunction(() => !document.getElementById('jm-conflict'));
  await b.evaluate(() => window.jm.saveNow());
  recs = await stored(b);
  assert.equal(recs.length, 2, 'a new entry beside the other tab\u2019s');
  const mine = recs.find((r) => r.title !== 'Saved by tab A');
  assert.equal(mine.title, 'Untitled journey (copy)');
  assert.deepEqual(mine.texts, ['First card (edited in tab B)']);
  assert.equal(await b.evaluate(() => window.jm.currentId()), mine.id, 'B now edits its copy');
  assert.equal((await model(b)).map.title, 'Untitled journey (copy)');
  const theirs = recs.find((r) => r.title === 'Saved by tab A');
  assert.deepEqual(theirs.texts, ['First card'], 'the other tab\u2019s version is untouched');
  assert.equal((await model(a)).map.title, 'Saved by tab A');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('"Reload the newer version" shows the other tab\u2019s map and saving goes on from there', async () => {
  const {ctx, a, b} = await twoTabs();
  await startTyping(b, ' (dropped in tab B)');
  await saveInA(a);
  await b.waitForSelector('#jm-conflict', {timeout: 5000});
  await b.getByRole('button', {name: 'Reload the newer version'}).click();
  await b.waitForFunction(() => !document.getElementById('jm-conflict'));
  const m = await model(b);
  assert.equal(m.map.title, 'Saved by tab A');
  assert.deepEqual(m.map.cards.map((c) => c.text), ['First card']);
  // What B dropped is kept in the map's History.
  const setAside = await b.evaluate(async () => {
    const db = await new Promise((res) => { const r = indexedDB.open('journeymap-history'); r.onsuccess = () => res(r.result); });
    const tx = db.transaction(['versions', 'bodies']);
    const all = await new Promise((res) => { const r = tx.objectStore('versions').getAll(); r.onsuccess = () => res(r.result); });
    const v = all.find((x) => x.reason === 'reload');
    const body = v && await new Promise((res) => { const r = tx.objectStore('bodies').get(v.vid); r.onsuccess = () => res(r.result); });
    db.close();
    return body ? JSON.parse(body.json).map.cards.map((c) => c.text).sort() : null;
  });
  assert.deepEqual(setAside, ['First card (dropped in tab B)']);
  // B's next edit is saved over A's version without a question, and A follows it.
  await settle(b);
  await typeCard(b, (await view(b)).cells[0][2], 'After reloading');
  await b.evaluate(() => window.jm.saveNow());
  assert.equal(await conflictShown(b), false);
  await a.waitForFunction(() => window.jm.model().map.cards.some((c) => c.text === 'After reloading'), null, {timeout: 5000});
  const recs = await stored(a);
  assert.equal(recs.length, 1);
  assert.equal(recs[0].title, 'Saved by tab A');
  assert.deepEqual(recs[0].texts.sort(), ['After reloading', 'First card']);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('two tabs saving the same map at the same moment: one write wins, the other tab asks', async () => {
  const {ctx, a, b} = await twoTabs();
  // Both write at once: IndexedDB runs the two transactions one after the other and the
  // revision check refuses the second, whatever the messages between the tabs do.
  const save = (page, title) => page.evaluate(async (t) => { window.jm.command('set_title', t); await window.jm.saveNow(); }, title);
  await Promise.all([save(a, 'Title from A'), save(b, 'Title from B')]);
  await a.waitForTimeout(300);
  const asked = [await conflictShown(a), await conflictShown(b)];
  assert.equal(asked.filter(Boolean).length, 1, 'exactly one tab asks: ' + JSON.stringify(asked));
  const winner = asked[0] ? 'Title from B' : 'Title from A';
  const recs = await stored(a);
  assert.equal(recs.length, 1);
  assert.equal(recs[0].title, winner, 'the stored map is the first write, not overwritten by the second');
  await ctx.close();
});

test('a tab closed while it asks keeps its changes: the next start files them as a copy', async () => {
  const {ctx, a, b} = await twoTabs();
  await startTyping(b, ' (unsaved when tab B closed)');
  await saveInA(a);
  await b.waitForSelector('#jm-conflict', {timeout: 5000});
  await b.keyboard.press('Enter');
  // Closing writes the unload journal; replaying it over A's newer version would lose A's work.
  // The journal is replayed by the next start, or at once by a tab still open (A, here).
  await Promise.all([b.waitForEvent('close'), b.close({runBeforeUnload: true})]);
  const c = await open(ctx);
  await c.waitForFunction(async () => {
    const db = await new Promise((res) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); });
    const n = await new Promise((res) => { const r = db.transaction('maps').objectStore('maps').count(); r.onsuccess = () => res(r.result); });
    db.close();
    return n === 2;
  }, null, {timeout: 5000}).catch(() => {});
  const recs = await stored(c);
  assert.equal(recs.length, 2);
  assert.deepEqual(recs.find((r) => r.title === 'Saved by tab A').texts, ['First card']);
  assert.deepEqual(recs.find((r) => r.title === 'Untitled journey (copy)').texts, ['First card (unsaved when tab B closed)']);
  const toasts = [(await view(a)).toast, (await view(c)).toast];
  assert.ok(toasts.some((t) => /kept as a\s+copy/.test(t)), 'a tab says where the changes went: ' + JSON.stringify(toasts));
  assert.deepEqual([...a.errors, ...c.errors], []);
  await ctx.close();
});
