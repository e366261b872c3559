// Compare and merge with another copy of the map (issue #13, "Many authors"; src/editor/merge_panel.cpp).
// Files come in through the real file chooser; buttons are clicked with the mouse at the
// rectangles the editor reports (view().widgets); the base of a merge is found among the versions
// the browser's real IndexedDB keeps for the map (History), saved the way a person saves them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, settle, shot, model, view, command, openEditorPatient, clickWidget, freeId } from './harness.mjs';

let browser, srv, tmp;
before(async () => {
  browser = await launch();
  srv = await serve();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-merge-'));
});
after(async () => {
  await browser?.close();
  srv?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});

// The editor in a context of its own (its own IndexedDB: no versions but the ones saved here),
// opened again once if a loaded machine keeps the first frame past the harness's 30 s.
async function open(width, height) {
  const page = await openEditorPatient(browser, srv.url, {width, height});
  return {page, ctx: page.context()};
}
const merge = (page) => page.evaluate(() => JSON.parse(window.Module.ccall('jm_merge_json', 'string', [], [])));
// A map file written for the chooser.
function file(name, map) {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, typeof map === 'string' ? map : JSON.stringify(map, null, 1));
  return p;
}
async function choose(page, cmd, p) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), command(page, cmd)]);
  await chooser.setFiles(p);
}
// Two cards with words (not emotion points) of a map as the editor writes it.
const wordCards = (m) => m.map.cards.filter((c) => c.text && c.score === undefined);
const clone = (x) => JSON.parse(JSON.stringify(x));
// The classic map (stages and lanes, no cards) with three cards, opened as a file would be.
async function startMap(page) {
  await command(page, 'new_classic');
  const m = await model(page);
  const lane = (type) => m.map.lanes.find((l) => l.type === type).id;
  const s = m.map.stages.map((x) => x.id);
  const id = freeId(m);
  m.map.cards = [{id, stage: s[0], lane: lane('actions'), text: 'Sees an advert'},
                 {id: id + 1, stage: s[1], lane: lane('actions'), text: 'Compares plans'},
                 {id: id + 2, stage: s[2], lane: lane('pain_points'), text: 'Checkout fails'}];
  await command(page, 'open_text', JSON.stringify(m));
  await settle(page);
  const opened = await model(page);
  assert.equal(wordCards(opened).length, 3);
  return opened;
}

test('compare with a file: the panel lists a changed and an added card, a click shows the card; nothing changes', async () => {
  const {page, ctx} = await open(1280, 720);
  const ours = await startMap(page);
  const [a] = wordCards(ours);
  const theirs = clone(ours);
  theirs.map.cards.find((c) => c.id === a.id).text = 'Changed in the other copy';
  const added = {...clone(a), id: freeId(theirs), text: 'Added in the other copy'};
  delete added.links;
  theirs.map.cards.push(added);

  await choose(page, 'compare_file', file('other.journey.json', theirs));
  await page.waitForFunction(() => JSON.parse(window.Module.ccall('jm_merge_json', 'string', [], [])).compare.open, null, {timeout: 10000});
  await settle(page);
  const c = (await merge(page)).compare;
  assert.equal(c.file, 'other.journey.json');
  const cards = c.changes.filter((x) => x.collection === 'cards');
  const changed = cards.find((x) => x.id === a.id && x.kind === 2);
  assert.ok(changed, 'the changed card is listed: ' + JSON.stringify(cards));
  const text = changed.fields.find((f) => f.field === 'text');
  assert.equal(JSON.parse(text.before), a.text);
  assert.equal(JSON.parse(text.after), 'Changed in the other copy');
  assert.match(changed.title, /^Changed: /);
  assert.ok(cards.find((x) => x.id === added.id && x.kind === 0), 'the added card is listed');
  assert.equal(cards.length, 2, 'only those two: ' + JSON.stringify(cards.map((x) => [x.kind, x.id])));
  await shot(page, 'merge-compare-en');

  // A click on the changed card's row selects the card on the map.
  const row = c.changes.indexOf(c.changes.find((x) => x.id === a.id && x.collection === 'cards'));
  await clickWidget(page, 'merge.row#' + row);
  assert.deepEqual((await view(page)).selection, [a.id]);
  assert.deepEqual(await model(page), ours, 'comparing changes nothing');

  // A broken file: a message naming the file and the problem; the panel and the map stay.
  await choose(page, 'compare_file', file('broken.journey.json', '{"format": "journeymap", "map": {'));
  await page.waitForFunction(() => /broken\.journey\.json could not be compared: /.test(window.jm.view().toast), null, {timeout: 10000});
  assert.deepEqual(await model(page), ours);
  assert.equal((await merge(page)).compare.file, 'other.journey.json');

  // Arabic: the same panel, right to left.
  await command(page, 'language', 'ar');
  await settle(page);
  assert.match((await merge(page)).compare.changes.find((x) => x.id === a.id && x.kind === 2).title, /^تغيّر: /);
  await shot(page, 'merge-compare-ar');
  await clickWidget(page, 'merge.compare_close');
  assert.equal((await merge(page)).compare.open, false);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('merge with a copy: base from History, a change merged by itself, a conflict taken from theirs, one undo', async () => {
  const {page, ctx} = await open(1280, 720);
  await startMap(page);
  // Save a version, as File > Save a version... does; it is the copies' common base.
  await command(page, 'save_version', 'Workshop copy');
  await page.waitForFunction(() => window.jm.currentId() && new Promise((res) => {
    const o = indexedDB.open('journeymap-history');
    o.onsuccess = () => { const r = o.result.transaction('versions').objectStore('versions').getAll(); r.onsuccess = () => { o.result.close(); res(r.result.some((v) => v.name === 'Workshop copy')); }; };
    o.onerror = () => res(false);
  }), null, {timeout: 10000});
  const base = await model(page);
  const [a, b] = wordCards(base);

  // Mine: card a's text, typed.
  assert.equal(await command(page, 'card_edit', String(a.id)), 1);
  await page.waitForSelector('#jm-field', {timeout: 5000});
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Mine');
  await page.keyboard.press('Enter');
  await settle(page);
  const ours = await model(page);
  assert.equal(ours.map.cards.find((c) => c.id === a.id).text, 'Mine');

  // Theirs: card a's text too (a conflict), and card b's (merges by itself).
  const theirs = clone(base);
  theirs.map.cards.find((c) => c.id === a.id).text = 'Theirs';
  theirs.map.cards.find((c) => c.id === b.id).text = 'Their edit';
  await choose(page, 'merge_file', file('colleague.journey.json', theirs));
  await page.waitForFunction(() => JSON.parse(window.Module.ccall('jm_merge_json', 'string', [], [])).merge.phase === 'resolve', null, {timeout: 10000});
  await settle(page);
  let m = (await merge(page)).merge;
  assert.equal(m.base_how, 'history');
  assert.match(m.base_text, /Workshop copy/);
  assert.equal(m.merged_changes, 1);
  assert.equal(m.conflicts.length, 1, JSON.stringify(m.conflicts));
  assert.deepEqual([m.conflicts[0].id, m.conflicts[0].field, JSON.parse(m.conflicts[0].base), JSON.parse(m.conflicts[0].ours), JSON.parse(m.conflicts[0].theirs)],
                   [a.id, 'text', a.text, 'Mine', 'Theirs']);
  assert.deepEqual(await model(page), ours, 'nothing is applied before "Apply merge"');
  await shot(page, 'merge-dialog-en');
  // Screen readers and the keyboard: the dialog's HTML twins (web/a11y-chrome.js) name the choice
  // and say which side is chosen.
  const choice = (label) => page.evaluate((label) => {
    const el = [...document.querySelectorAll('#jm-a11y-windows [data-jm-twin]')].find((e) => e.textContent === label);
    return el ? el.getAttribute('aria-checked') : 'missing';
  }, label);
  await page.waitForFunction(() => [...document.querySelectorAll('#jm-a11y-windows [data-jm-twin]')].some((e) => e.textContent === 'Apply merge'), null, {timeout: 5000});
  assert.deepEqual([await choice('Keep mine'), await choice('Take theirs')], ['true', 'false']);

  await clickWidget(page, 'merge.take_theirs#0');
  m = (await merge(page)).merge;
  assert.equal(m.conflicts[0].choice, 'theirs');
  await page.waitForFunction(() => [...document.querySelectorAll('#jm-a11y-windows [data-jm-twin]')].some((e) => e.textContent === 'Take theirs' && e.getAttribute('aria-checked') === 'true'), null, {timeout: 5000});
  await clickWidget(page, 'merge.apply');
  const merged = await model(page);
  assert.equal(merged.map.cards.find((c) => c.id === a.id).text, 'Theirs');
  assert.equal(merged.map.cards.find((c) => c.id === b.id).text, 'Their edit');
  assert.equal((await merge(page)).merge.phase, 'closed');

  // One undo: the map as it was before the merge.
  await page.mouse.click(640, 700);   // the status bar: keyboard focus on the editor, nothing selected
  await settle(page);
  await page.keyboard.press('Control+z');
  await settle(page);
  const undone = await model(page);
  assert.equal(undone.map.cards.find((c) => c.id === a.id).text, 'Mine');
  assert.equal(undone.map.cards.find((c) => c.id === b.id).text, b.text);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('merge without a shared version: two-way, every difference a decision; Arabic and phone width', async () => {
  const {page, ctx} = await open(390, 844);
  await command(page, 'language', 'ar');
  const ours = await startMap(page);
  const [a] = wordCards(ours);
  const theirs = clone(ours);
  theirs.map.cards.find((c) => c.id === a.id).text = 'نص من النسخة الأخرى';
  // The compare panel at phone width: a sheet under the map.
  await choose(page, 'compare_file', file('copy.journey.json', theirs));
  await page.waitForFunction(() => JSON.parse(window.Module.ccall('jm_merge_json', 'string', [], [])).compare.open, null, {timeout: 10000});
  await settle(page);
  assert.equal((await merge(page)).compare.changes.length, 1);
  await shot(page, 'merge-compare-ar-phone');
  await clickWidget(page, 'merge.compare_close');
  await choose(page, 'merge_file', file('copy.journey.json', theirs));
  await page.waitForFunction(() => JSON.parse(window.Module.ccall('jm_merge_json', 'string', [], [])).merge.phase === 'no_base', null, {timeout: 10000});
  await settle(page);
  await shot(page, 'merge-nobase-ar-phone');
  await clickWidget(page, 'merge.two_way');
  const m = (await merge(page)).merge;
  assert.equal(m.phase, 'resolve');
  assert.equal(m.base_how, 'two_way');
  assert.equal(m.conflicts.length, 1);
  assert.equal(m.conflicts[0].id, a.id);
  await shot(page, 'merge-dialog-ar-phone');
  await clickWidget(page, 'merge.all_theirs');
  assert.equal((await merge(page)).merge.conflicts[0].choice, 'theirs');
  await clickWidget(page, 'merge.apply');
  assert.equal((await model(page)).map.cards.find((c) => c.id === a.id).text, 'نص من النسخة الأخرى');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
