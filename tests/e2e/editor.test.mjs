// Editing through real input: playwright's mouse and keyboard drive the page the way a person
// would (double-click, drag, type into the text field laid over a card, shortcuts, clipboard,
// wheel), and each test checks the saved model (window.jm.model()) and what is on screen.
// window.jm.command is used only to set a test up (a known map), never for the thing under test.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, shot, settle, view, model, command, centre, freeId } from './harness.mjs';
import { region, countNear, countDark, hex } from './png.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
// A test that failed half-way leaves its page open: close it before the next one starts.
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

// ---- Helpers -------------------------------------------------------------------------------------

// 1280x900: the blank map (3 stages, 5 lanes) fits at 100 % with the "+  Add lane" button visible.
const open = (opts = {}) => openEditor(browser, srv.url, {width: 1280, height: 900, ...opts});
const frames = (page) => page.evaluate(() => window.jm.frames());
const quiet = (page) => settle(page, 80);

// Runs one input action and waits until the editor has drawn at least two frames after it, so
// ImGui sees every press, move and release in its own frame (as with a person's hand).
async function act(page, fn, n = 2) {
  const start = await frames(page);
  await fn();
  await page.waitForFunction(([s, k]) => window.jm.frames() >= s + k, [start, n], {timeout: 3000}).catch(() => {});
}
async function click(page, [x, y], opts) { await act(page, () => page.mouse.click(x, y, opts)); await quiet(page); }
// A double-click; `until` tells whether it did what was wanted (by default: the text field
// opened). On a loaded machine the browser may deliver the two presses so far apart that they
// are no double-click for anyone; then (and only then) the double-click is made again.
async function dblclick(page, [x, y], until = fieldOpen) {
  for (let attempt = 0; ; attempt++) {
    await page.evaluate(() => {
      window.jmTestDowns = [];
      if (!window.jmTestDownHook) {
        window.jmTestDownHook = true;
        window.addEventListener('mousedown', () => window.jmTestDowns.push(performance.now()), {capture: true, passive: true});
      }
    });
    await act(page, () => page.mouse.dblclick(x, y), 3);
    await quiet(page);
    if (!until || await until(page)) return;
    const downs = await page.evaluate(() => window.jmTestDowns);
    const gap = downs.length >= 2 ? downs[1] - downs[0] : Infinity;
    if (gap < 150 || attempt >= 2) return;   // a real double-click the editor missed: the test fails
  }
}
async function press(page, key) { await act(page, () => page.keyboard.press(key)); await quiet(page); }
// Press, several moves, release: a drag a person makes.
async function drag(page, from, to, {steps = 8, button = 'left'} = {}) {
  await act(page, () => page.mouse.move(from[0], from[1]));
  await act(page, () => page.mouse.down({button}));
  for (let i = 1; i <= steps; i++)
    await act(page, () => page.mouse.move(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps));
  await act(page, () => page.mouse.up({button}));
  await quiet(page);
}

// The browser text field the editor lays over what is being edited.
const field = (page) => page.evaluate(() => {
  const f = document.getElementById('jm-field');
  return f ? {tag: f.tagName, value: f.value, focused: document.activeElement === f} : null;
});
const fieldOpen = (page) => page.evaluate(() => !!document.getElementById('jm-field'));
async function waitField(page) {
  await page.waitForSelector('#jm-field', {timeout: 3000});
  return field(page);
}
async function fieldClosed(page, timeout = 1500) {
  try { await page.waitForSelector('#jm-field', {state: 'detached', timeout}); return true; } catch { return false; }
}
// Clicks an empty spot of the grid right of the last stage: the field loses focus and commits.
async function clickAway(page) {
  const v = await view(page);
  const last = v.stages.at(-1).header;
  await click(page, [Math.min(last[0] + last[2] + 40, v.grid.max[0] - 10), v.grid.min[1] + 60]);
}

// Set-up only: replaces the map with the current one plus these cards (no user action tested).
async function loadCards(page, cards) {
  const file = await model(page);
  let id = freeId(file);
  file.map.cards = cards.map((c, i) => ({id: id++, order: i, text: '', ...c}));
  assert.equal(await command(page, 'load', JSON.stringify(file)), 1, 'set-up map loads');
  await quiet(page);
  return (await model(page)).map.cards;
}

const cardById = (m, id) => m.map.cards.find((c) => c.id === id);
const cardsIn = (m, stage, lane) => m.map.cards.filter((c) => c.stage === stage && c.lane === lane).sort((a, b) => a.order - b.order);
const rectOf = (v, id) => v.cards.find((c) => c.id === id)?.rect;
const pointOf = (v, id) => v.points.find((p) => p.id === id)?.at;
const inset = (r, d = 4) => [r[0] + d, r[1] + d, r[2] - 2 * d, r[3] - 2 * d];
const darkIn = (img, r) => countDark(region(img, ...inset(r)));
const laneOfType = (m, type) => m.map.lanes.findIndex((l) => l.type === type);

// Chromium's message when a listener on the document calls preventDefault() on a wheel event:
// logged on every wheel event over the page (see the test 'the mouse wheel logs no console error').
const PASSIVE_WHEEL = /Unable to preventDefault inside passive event listener/;
async function done(page, {ignore = null} = {}) {
  assert.deepEqual(page.errors.filter((e) => !(ignore && ignore.test(e))), [], 'no console errors');
  await page.context().close();
}

// ---- 1. Stages and lanes ------------------------------------------------------------------------

test('the "+" after the last stage adds a stage and its typed name is kept on Enter', async () => {
  const page = await open();
  const v = await view(page);
  const last = v.stages.at(-1).header;
  await click(page, [last[0] + last[2] + 10 + 15, last[1] + last[3] / 2]);
  let m = await model(page);
  assert.equal(m.map.stages.length, 4, 'a fourth stage is added at once');
  const f = await waitField(page);
  assert.equal(f.tag, 'INPUT', 'a one-line field for the stage name');
  assert.equal(f.value, 'New stage');
  assert.ok(f.focused, 'the name field has the keyboard focus');
  await page.keyboard.type('Research & compare');   // replaces the selected "New stage"
  await press(page, 'Enter');
  assert.ok(await fieldClosed(page), 'Enter commits and closes the name field');
  m = await model(page);
  assert.equal(m.map.stages[3].name, 'Research & compare');
  const img = await shot(page, 'editor-add-stage');
  const h = (await view(page)).stages[3].header;
  assert.ok(countDark(region(img, ...h)) > 30, 'the new stage name is drawn in its header');
  await done(page);
});

test('"+  Add lane" opens a popup of lane types; picking "Pain points" adds that lane', async () => {
  const page = await open();
  const v = await view(page);
  const before = await model(page);
  const lastLane = v.lanes.at(-1).header;
  const btn = [lastLane[0] + lastLane[2] / 2, lastLane[1] + lastLane[3] + 8 + 15];
  assert.ok(btn[1] < v.grid.max[1] - 5, 'the Add lane button is on screen');
  await click(page, btn);
  const img = await shot(page, 'editor-add-lane-popup');
  // Find the "Pain points" row by its red dot (#ef4444) in the popup, right of the lane column bars.
  const W = img.width, H = img.height;
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < H; y++)
    for (let x = 12; x < Math.min(W, 700); x++) {
      const o = (y * W + x) * 4;
      const [r, g, b] = [img.data[o], img.data[o + 1], img.data[o + 2]];
      if (Math.abs(r - 0xef) < 16 && Math.abs(g - 0x44) < 16 && Math.abs(b - 0x44) < 16) { sx += x; sy += y; n++; }
    }
  assert.ok(n > 20 && n < 400, `the popup shows a red "Pain points" dot (${n} px)`);
  const dot = [sx / n, sy / n];
  assert.equal((await model(page)).map.lanes.length, before.map.lanes.length, 'opening the popup changes nothing');
  await click(page, [dot[0] + 50, dot[1]]);
  const m = await model(page);
  assert.equal(m.map.lanes.length, before.map.lanes.length + 1, 'one lane added');
  const added = m.map.lanes.at(-1);
  assert.equal(added.type, 'pain_points');
  assert.equal(added.name, 'Pain points');
  const v2 = await view(page);
  assert.equal(v2.selection_kind, 'lane');
  assert.deepEqual(v2.selection, [added.id]);
  const img2 = await shot(page, 'editor-add-lane-done');
  const h = v2.lanes.at(-1).header;
  assert.ok(countNear(region(img2, h[0], h[1], 10, h[3]), hex('#ef4444'), 30) > 30, 'the new lane has its red colour bar');
  assert.ok(countDark(region(img2, ...h)) > 30, 'the new lane title is drawn');
  await done(page);
});

test('double-click a stage header or a lane title renames it in place; Escape keeps the old name', async () => {
  const page = await open();
  let v = await view(page);
  await dblclick(page, centre(v.stages[1].header));
  let f = await waitField(page);
  assert.deepEqual([f.tag, f.value], ['INPUT', 'Stage 2']);
  await page.keyboard.type('Onboarding');
  await press(page, 'Enter');
  assert.ok(await fieldClosed(page));
  let m = await model(page);
  assert.equal(m.map.stages[1].name, 'Onboarding');
  assert.equal((await view(page)).undo_label, 'Rename stage');
  v = await view(page);
  const h = v.lanes[3].header;
  await dblclick(page, [h[0] + 60, h[1] + 20]);
  f = await waitField(page);
  assert.equal(f.value, 'Pain points');
  await page.keyboard.type('Frictions');
  await press(page, 'Enter');
  assert.ok(await fieldClosed(page));
  m = await model(page);
  assert.equal(m.map.lanes[3].name, 'Frictions');
  assert.equal(m.map.lanes[3].type, 'pain_points', 'renaming keeps the lane type');
  const img = await shot(page, 'editor-renamed');
  assert.ok(countDark(region(img, ...v.stages[1].header)) > 30, 'the stage name is drawn');
  // Escape leaves the name as it was.
  await dblclick(page, centre(v.stages[0].header));
  await waitField(page);
  await page.keyboard.type('Not this');
  await press(page, 'Escape');
  assert.ok(await fieldClosed(page));
  assert.equal((await model(page)).map.stages[0].name, 'Stage 1');
  await done(page);
});

// ---- 2. Cards -------------------------------------------------------------------------------------

test('double-click an empty cell, type two lines, Enter: the card holds the text and shows it', async () => {
  const page = await open();
  const v = await view(page);
  const m0 = await model(page);
  const stage = m0.map.stages[1], lane = m0.map.lanes[0];
  await dblclick(page, centre(v.cells[0][1]));
  const f = await waitField(page);
  assert.equal(f.tag, 'TEXTAREA', 'a multi-line field for card text');
  assert.ok(f.focused);
  await page.keyboard.type('Searches the web for a phone system');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('then asks a colleague');
  assert.equal((await field(page)).value, 'Searches the web for a phone system\nthen asks a colleague', 'Shift+Enter is a newline');
  await press(page, 'Enter');
  assert.ok(await fieldClosed(page), 'Enter commits and closes the field');
  const m = await model(page);
  const cards = cardsIn(m, stage.id, lane.id);
  assert.equal(cards.length, 1, 'one card in that cell');
  assert.equal(cards[0].text, 'Searches the web for a phone system\nthen asks a colleague');
  const v2 = await view(page);
  assert.equal(v2.editing, false);
  const r = rectOf(v2, cards[0].id);
  assert.ok(r[3] > 50, 'the card grew to two or more lines');
  const img = await shot(page, 'editor-card-typed');
  assert.ok(darkIn(img, r) > 150, 'dark text drawn inside the card');
  await done(page);
});

// ---- 3. Dragging cards ----------------------------------------------------------------------------

test('drag a card to another stage; Ctrl+Z puts it back, Ctrl+Shift+Z and Ctrl+Y redo', async () => {
  const page = await open();
  const m0 = await model(page);
  const [s0, , s2] = m0.map.stages, lane = m0.map.lanes[0];
  const [card] = await loadCards(page, [{stage: s0.id, lane: lane.id, text: 'Books a demo with sales'}]);
  let v = await view(page);
  const from = centre(rectOf(v, card.id));
  const to = centre(v.cells[0][2]);
  // Mid-drag: the card travels with the pointer and the target cell is highlighted.
  await act(page, () => page.mouse.move(...from));
  await act(page, () => page.mouse.down());
  for (let i = 1; i <= 8; i++) await act(page, () => page.mouse.move(from[0] + (to[0] - from[0]) * i / 8, from[1] + (to[1] - from[1]) * i / 8));
  await quiet(page);
  const mid = await shot(page, 'editor-drag-card-midway');
  const cell = v.cells[0][2];
  assert.ok(darkIn(mid, [to[0] - 20, to[1] - 10, cell[0] + cell[2] - to[0] + 20, 40]) > 50, 'the dragged card is drawn at the pointer');
  assert.equal(cardById(await model(page), card.id).stage, s0.id, 'nothing moves before the release');
  await act(page, () => page.mouse.up());
  await quiet(page);
  let m = await model(page);
  assert.equal(cardById(m, card.id).stage, s2.id, 'the card moved to the third stage');
  assert.equal(cardById(m, card.id).lane, lane.id, 'same lane');
  v = await view(page);
  const img = await shot(page, 'editor-drag-card-dropped');
  const r = rectOf(v, card.id);
  assert.ok(r[0] >= cell[0] && r[0] + r[2] <= cell[0] + cell[2], 'drawn inside the target cell');
  assert.ok(darkIn(img, r) > 80, 'its text is drawn there');
  assert.ok(darkIn(img, v.cells[0][0]) < 10, 'the first cell is empty now');
  const moved = await model(page);

  await press(page, 'Control+z');
  m = await model(page);
  assert.equal(cardById(m, card.id).stage, s0.id, 'Ctrl+Z puts it back');
  await press(page, 'Control+Shift+Z');
  assert.deepEqual(await model(page), moved, 'Ctrl+Shift+Z redoes the move');
  await press(page, 'Control+z');
  assert.equal(cardById(await model(page), card.id).stage, s0.id);
  await press(page, 'Control+y');
  assert.deepEqual(await model(page), moved, 'Ctrl+Y redoes the move');
  await done(page);
});

// ---- 4. Emotion curve --------------------------------------------------------------------------------

test('click the Emotions lane to set points; dragging one up raises its score; one undo restores it', async () => {
  const page = await open();
  const m0 = await model(page);
  const li = laneOfType(m0, 'emotions');
  const lane = m0.map.lanes[li];
  let v = await view(page);
  const c0 = v.cells[li][0], c1 = v.cells[li][1];
  await click(page, [c0[0] + c0[2] / 2, c0[1] + c0[3] * 0.25]);   // above the zero line: a good feeling
  await click(page, [c1[0] + c1[2] / 2, c1[1] + c1[3] * 0.75]);   // below: a bad one
  let m = await model(page);
  const pts = m.map.cards.filter((c) => c.lane === lane.id);
  assert.equal(pts.length, 2, 'two points, stored as cards in the Emotions lane');
  const good = pts.find((p) => p.stage === m0.map.stages[0].id), bad = pts.find((p) => p.stage === m0.map.stages[1].id);
  assert.ok(good && bad, 'one point per clicked stage');
  assert.ok(good.score > 0.5, `a click above the middle scores positive (${good.score})`);
  assert.ok(bad.score < -0.5, `a click below the middle scores negative (${bad.score})`);
  v = await view(page);
  let img = await shot(page, 'editor-emotions-two-points');
  const pg = pointOf(v, good.id), pb = pointOf(v, bad.id);
  assert.ok(pg[1] < pb[1], 'the good point is drawn higher');
  assert.ok(countNear(region(img, pg[0] - 8, pg[1] - 8, 16, 16), [4, 120, 87], 30) > 20, 'green point above the line');
  assert.ok(countNear(region(img, pb[0] - 8, pb[1] - 8, 16, 16), [220, 38, 38], 30) > 20, 'red point below the line');

  // Drag the bad point up by 60 px: its score rises; the whole drag is one undo step. The point
  // is where the last click was: a press there within ImGui's double-click time (0.3 s) is the
  // second click of a double-click (which edits the point's label), so the hand waits first.
  const beforeDrag = await model(page);   // what one undo must bring back exactly
  await page.waitForTimeout(400);
  await drag(page, pb, [pb[0], pb[1] - 60], {steps: 10});
  m = await model(page);
  const after = cardById(m, bad.id);
  assert.ok(after.score > bad.score + 0.5, `the score rose (${bad.score} -> ${after.score})`);
  assert.equal(m.map.cards.filter((c) => c.lane === lane.id).length, 2, 'dragging adds no point');
  v = await view(page);
  const moved = pointOf(v, bad.id);
  assert.ok(moved[1] < pb[1] - 40, 'the point is drawn higher');
  img = await shot(page, 'editor-emotions-dragged');
  const dot = region(img, moved[0] - 8, moved[1] - 8, 16, 16);
  assert.ok(countNear(dot, [4, 120, 87], 30) + countNear(dot, [220, 38, 38], 30) > 20, 'the point is drawn where it was dragged to');
  assert.ok(countNear(region(img, pb[0] - 8, pb[1] - 8, 16, 16), [220, 38, 38], 30) < 5, 'and no longer where it was');
  await press(page, 'Control+z');
  assert.deepEqual(await model(page), beforeDrag, 'one undo restores the pre-drag score exactly');
  assert.equal(cardById(await model(page), bad.id).score, bad.score);
  await done(page);
});

test('double-click in the Emotions lane adds a second point (a step) and leaves the first where it was', async () => {
  const page = await open();
  const m0 = await model(page);
  const li = laneOfType(m0, 'emotions');
  const lane = m0.map.lanes[li], stage = m0.map.stages[2];
  const v = await view(page);
  const c = v.cells[li][2];
  await click(page, [c[0] + c[2] * 0.3, c[1] + c[3] * 0.3]);
  const [first] = (await model(page)).map.cards.filter((x) => x.lane === lane.id);
  assert.ok(first && first.score > 0, 'a click above the middle sets a good point');
  await dblclick(page, [c[0] + c[2] * 0.7, c[1] + c[3] * 0.7], null);
  const m = await model(page);
  await shot(page, 'editor-emotions-step');
  const pts = m.map.cards.filter((x) => x.lane === lane.id && x.stage === stage.id);
  assert.equal(pts.length, 2, 'two points in the third stage');
  assert.equal(cardById(m, first.id).score, first.score, 'the first point keeps its score: ' + pts.map((p) => p.score));
  const added = pts.find((p) => p.id !== first.id);
  assert.ok(added.score < 0, `the new point is where the double-click was, below the middle (${added.score})`);
  await done(page);
});

test('the emotion curve is green above the zero line and red below it', async () => {
  const page = await open();
  const m0 = await model(page);
  const lane = m0.map.lanes[laneOfType(m0, 'emotions')];
  const [good, bad] = await loadCards(page, [
    {stage: m0.map.stages[0].id, lane: lane.id, score: 2},
    {stage: m0.map.stages[1].id, lane: lane.id, score: -2},
  ]);
  const v = await view(page);
  const a = pointOf(v, good.id), b = pointOf(v, bad.id);
  const img = await shot(page, 'editor-emotions-curve-colours');
  const at = (t) => region(img, a[0] + (b[0] - a[0]) * t - 5, a[1] + (b[1] - a[1]) * t - 5, 10, 10);
  const green = (px) => countNear(px, [4, 120, 87], 40), red = (px) => countNear(px, [220, 38, 38], 40);
  const upper = at(0.25), lower = at(0.75);
  assert.ok(green(upper) > 5 && green(upper) > red(upper), `green above the line (green ${green(upper)}, red ${red(upper)})`);
  assert.ok(red(lower) > 5 && red(lower) > green(lower), `red below the line (green ${green(lower)}, red ${red(lower)})`);
  await done(page);
});

// ---- 5. Undo and redo of a sequence -----------------------------------------------------------------

test('undo and redo of add card, edit text, Delete restore the exact model at each step', async () => {
  const page = await open();
  const s0 = await model(page);
  let v = await view(page);
  // Add: double-click, type, Enter.
  await dblclick(page, centre(v.cells[1][0]));
  await waitField(page);
  await page.keyboard.type('First draft');
  await press(page, 'Enter');
  assert.ok(await fieldClosed(page), 'Enter closes the field');
  const s1 = await model(page);
  assert.equal(s1.map.cards.length, 1);
  const id = s1.map.cards[0].id;
  assert.equal(s1.map.cards[0].text, 'First draft');
  assert.equal(s1.map.cards[0].channel, 'website', 'a touchpoint card starts with a channel');
  // Edit: double-click the card, the text is selected, type over it, click elsewhere (the
  // field commits when it loses focus).
  v = await view(page);
  await dblclick(page, centre(rectOf(v, id)));
  assert.equal((await waitField(page)).value, 'First draft');
  await page.keyboard.type('Final wording of the step');
  await clickAway(page);
  assert.ok(await fieldClosed(page));
  const s2 = await model(page);
  assert.equal(cardById(s2, id).text, 'Final wording of the step');
  assert.equal((await view(page)).undo_label, 'Edit text');
  // Delete: select by clicking, press Delete.
  v = await view(page);
  await click(page, centre(rectOf(v, id)));
  assert.deepEqual((await view(page)).selection, [id]);
  await press(page, 'Delete');
  const s3 = await model(page);
  assert.equal(s3.map.cards.length, 0, 'Delete removes the selected card');

  await press(page, 'Control+z');
  assert.deepEqual(await model(page), s2, 'undo 1: the card is back with its edited text');
  await press(page, 'Control+z');
  assert.deepEqual(await model(page), s1, 'undo 2: the first text');
  await press(page, 'Control+z');
  assert.deepEqual(await model(page), s0, 'undo 3: adding and typing the card are one step');
  assert.equal((await view(page)).can_undo, false, 'nothing left to undo after the start');
  await press(page, 'Control+Shift+Z');
  assert.deepEqual(await model(page), s1, 'redo 1');
  await press(page, 'Control+y');
  assert.deepEqual(await model(page), s2, 'redo 2');
  await press(page, 'Control+y');
  assert.deepEqual(await model(page), s3, 'redo 3');
  assert.equal((await view(page)).can_redo, false);
  await done(page);
});

// ---- 6. Clipboard -----------------------------------------------------------------------------------

test('Ctrl+V pastes lines of plain text from the clipboard as cards in the clicked cell', async () => {
  const page = await open({context: {permissions: ['clipboard-read', 'clipboard-write']}});
  const m0 = await model(page);
  await page.evaluate(() => navigator.clipboard.writeText('Line one\nLine two'));
  const v = await view(page);
  await click(page, centre(v.cells[3][1]));   // Pain points, stage 2: the cursor cell
  await press(page, 'Control+v');
  const m = await model(page);
  const cards = cardsIn(m, m0.map.stages[1].id, m0.map.lanes[3].id);
  assert.deepEqual(cards.map((c) => c.text), ['Line one', 'Line two'], 'two cards in the clicked cell, in order');
  assert.equal(m.map.cards.length, 2, 'nowhere else');
  const v2 = await view(page);
  assert.deepEqual([...v2.selection].sort(), cards.map((c) => c.id).sort(), 'the pasted cards are selected');
  const img = await shot(page, 'editor-paste-text');
  for (const c of cards) assert.ok(darkIn(img, rectOf(v2, c.id)) > 40, `"${c.text}" drawn`);
  await done(page);
});

test('Ctrl+C on a selected card and Ctrl+V in another cell makes a copy with its text and channel', async () => {
  const page = await open({context: {permissions: ['clipboard-read', 'clipboard-write']}});
  const m0 = await model(page);
  const tp = m0.map.lanes[laneOfType(m0, 'touchpoints')];
  const li = laneOfType(m0, 'touchpoints');
  const [card] = await loadCards(page, [{stage: m0.map.stages[0].id, lane: tp.id, text: 'Reads the welcome email', channel: 'email', tags: ['onboarding']}]);
  let v = await view(page);
  await click(page, centre(rectOf(v, card.id)));
  assert.deepEqual((await view(page)).selection, [card.id]);
  await press(page, 'Control+c');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Reads the welcome email', 'the card text is on the system clipboard');
  await click(page, centre(v.cells[li][2]));
  assert.deepEqual((await view(page)).selection, [], 'clicking an empty cell clears the selection');
  await press(page, 'Control+v');
  const m = await model(page);
  const copies = cardsIn(m, m0.map.stages[2].id, tp.id);
  assert.equal(copies.length, 1, 'one card pasted in the third stage');
  const copy = copies[0];
  assert.notEqual(copy.id, card.id);
  assert.equal(copy.text, 'Reads the welcome email');
  assert.equal(copy.channel, 'email', 'the channel travels with the copy');
  assert.deepEqual(copy.tags, ['onboarding'], 'and its tags');
  assert.deepEqual(cardById(m, card.id), card, 'the original is unchanged');
  v = await view(page);
  const img = await shot(page, 'editor-copy-paste-card');
  assert.ok(darkIn(img, rectOf(v, copy.id)) > 40, 'the copy is drawn with its text');
  // Ctrl+X cuts: the card leaves, a paste brings it back elsewhere.
  await click(page, centre(rectOf(v, copy.id)));
  await press(page, 'Control+x');
  assert.equal(cardsIn(await model(page), m0.map.stages[2].id, tp.id).length, 0, 'Ctrl+X removes the card');
  await click(page, centre(v.cells[li][1]));
  await press(page, 'Control+v');
  const cut = cardsIn(await model(page), m0.map.stages[1].id, tp.id);
  assert.deepEqual(cut.map((c) => [c.text, c.channel]), [['Reads the welcome email', 'email']], 'the cut card pastes into the second stage');
  await done(page);
});

// ---- 7. The text field owns its keys ------------------------------------------------------------------

test('Escape while typing a new card cancels it: no card is left', async () => {
  const page = await open();
  const v = await view(page);
  const m0 = await model(page);
  await dblclick(page, centre(v.cells[0][2]));
  await waitField(page);
  assert.equal((await model(page)).map.cards.length, 1, 'the new card exists while it is typed');
  await page.keyboard.type('Never mind');
  await press(page, 'Escape');
  assert.ok(await fieldClosed(page), 'Escape closes the field');
  await shot(page, 'editor-escape-new-card');
  const m = await model(page);
  assert.equal(m.map.cards.length, 0, 'no card left');
  assert.deepEqual(m, m0, 'the model is as before');
  await done(page);
});

test('Backspace, Delete, arrows and Ctrl+D typed in the field edit the text, not the map', async () => {
  const page = await open();
  const m0 = await model(page);
  const [card] = await loadCards(page, [
    {stage: m0.map.stages[0].id, lane: m0.map.lanes[0].id, text: 'Compares vendors'},
    {stage: m0.map.stages[1].id, lane: m0.map.lanes[0].id, text: 'Neighbour'},
  ]);
  const loaded = await model(page);
  let v = await view(page);
  await click(page, centre(rectOf(v, card.id)));
  assert.deepEqual((await view(page)).selection, [card.id]);
  await press(page, 'Enter');   // Enter on a selected card edits its text
  const f = await waitField(page);
  assert.equal(f.value, 'Compares vendors');
  await press(page, 'End');
  await press(page, 'Backspace');
  await press(page, 'Backspace');
  await press(page, 'Home');
  await press(page, 'Delete');
  await press(page, 'ArrowRight');
  await press(page, 'Control+d');
  await page.keyboard.type('x');
  assert.equal((await field(page)).value, 'oxmpares vendo', 'the keys edited the text');
  let m = await model(page);
  assert.deepEqual(m, loaded, 'the map is untouched while typing: no card deleted, duplicated or moved');
  v = await view(page);
  assert.deepEqual(v.selection, [card.id], 'the selection stays on the edited card');
  assert.equal(v.editing, true);
  await shot(page, 'editor-field-keys');
  await clickAway(page);
  assert.ok(await fieldClosed(page));
  m = await model(page);
  assert.equal(cardById(m, card.id).text, 'oxmpares vendo', 'the edited text is kept');
  assert.equal(m.map.cards.length, 2);
  await done(page);
});

// ---- 8. Keyboard on the map ---------------------------------------------------------------------------

test('keyboard: click selects, Ctrl+D duplicates, Delete removes, arrows move between cells', async () => {
  const page = await open();
  const m0 = await model(page);
  const [S0, S1] = m0.map.stages, [L0, L1] = m0.map.lanes;
  const [a, b, c] = await loadCards(page, [
    {stage: S0.id, lane: L0.id, text: 'Card A'},
    {stage: S1.id, lane: L0.id, text: 'Card B'},
    {stage: S0.id, lane: L1.id, text: 'Card C', channel: 'phone'},
  ]);
  let v = await view(page);
  await click(page, centre(rectOf(v, a.id)));
  v = await view(page);
  assert.deepEqual(v.selection, [a.id]);
  let img = await shot(page, 'editor-keyboard-selected');
  const ra = rectOf(v, a.id);
  assert.ok(countNear(region(img, ra[0] - 2, ra[1] - 2, ra[2] + 4, ra[3] + 4), [67, 97, 238], 40) > 60, 'the selected card has a blue outline');

  await press(page, 'Control+d');
  let m = await model(page);
  const cell = cardsIn(m, S0.id, L0.id);
  assert.equal(cell.length, 2, 'Ctrl+D duplicates into the same cell');
  const dup = cell.find((x) => x.id !== a.id);
  assert.equal(dup.text, 'Card A');
  assert.deepEqual((await view(page)).selection, [dup.id], 'the duplicate is selected');
  await press(page, 'Delete');
  m = await model(page);
  assert.equal(cardById(m, dup.id), undefined, 'Delete removes the duplicate');
  assert.ok(cardById(m, a.id), 'and only it');
  assert.deepEqual((await view(page)).selection, []);

  v = await view(page);
  await click(page, centre(rectOf(v, a.id)));
  await press(page, 'ArrowRight');
  assert.deepEqual((await view(page)).selection, [b.id], 'ArrowRight: the card in the next stage');
  await press(page, 'ArrowLeft');
  assert.deepEqual((await view(page)).selection, [a.id], 'ArrowLeft: back');
  await press(page, 'ArrowDown');
  assert.deepEqual((await view(page)).selection, [c.id], 'ArrowDown: the card in the next lane');
  await press(page, 'ArrowUp');
  assert.deepEqual((await view(page)).selection, [a.id], 'ArrowUp: back');
  await press(page, 'ArrowRight');
  await press(page, 'ArrowDown');
  assert.deepEqual((await view(page)).selection, [], 'an empty cell selects nothing');
  await press(page, 'Backspace');
  assert.equal((await model(page)).map.cards.length, 3, 'Backspace with nothing selected deletes nothing');
  img = await shot(page, 'editor-keyboard-cursor');
  await done(page);
});

// ---- 9. Zoom and pan ----------------------------------------------------------------------------------

test('Ctrl+wheel zooms, middle-drag and a drag on empty space pan', async () => {
  const page = await open();
  const m0 = await model(page);
  const [card] = await loadCards(page, [{stage: m0.map.stages[1].id, lane: m0.map.lanes[0].id, text: 'Zoom target'}]);
  let v = await view(page);
  const z0 = v.zoom, r0 = rectOf(v, card.id);
  const dpr0 = await page.evaluate(() => devicePixelRatio);
  await act(page, () => page.mouse.move(...centre(r0)));
  await page.keyboard.down('Control');
  await act(page, () => page.mouse.wheel(0, -300));
  await page.keyboard.up('Control');
  await quiet(page);
  v = await view(page);
  assert.ok(v.zoom > z0 * 1.2, `Ctrl+wheel up zooms in (${z0} -> ${v.zoom})`);
  assert.equal(await page.evaluate(() => devicePixelRatio), dpr0, 'the browser page itself did not zoom');
  const r1 = rectOf(v, card.id);
  assert.ok(r1[2] > r0[2] * 1.2 && r1[3] > r0[3] * 1.2, 'the card is drawn larger');
  const img = await shot(page, 'editor-zoomed-in');
  assert.ok(darkIn(img, r1) > 60, 'its text is drawn at the new size');

  // Middle-drag pans: the content follows the pointer (zoomed in, the map is larger than the view).
  const s0 = v.scroll;
  const g = v.grid;
  const from = [(g.min[0] + g.max[0]) / 2, (g.min[1] + g.max[1]) / 2];
  await drag(page, from, [from[0] - 120, from[1] - 80], {button: 'middle'});
  v = await view(page);
  assert.ok(v.scroll[0] > s0[0] + 20 && v.scroll[1] > s0[1] + 20, `middle-drag scrolls (${s0} -> ${v.scroll})`);
  const rq = rectOf(v, card.id);
  assert.ok(rq[0] < r1[0] - 20 && rq[1] < r1[1] - 20, 'the card moved with the pointer');
  await shot(page, 'editor-panned');
  // A left drag on empty space pans as well.
  const s1 = v.scroll;
  const empty = centre(v.cells[1][1]);
  await drag(page, empty, [empty[0] + 100, empty[1] + 60]);
  v = await view(page);
  assert.ok(v.scroll[0] < s1[0] - 20 && v.scroll[1] < s1[1] - 20, `drag on empty space pans (${s1} -> ${v.scroll})`);

  // Ctrl+wheel down zooms out again.
  const z1 = v.zoom;
  await page.keyboard.down('Control');
  await act(page, () => page.mouse.wheel(0, 300));
  await page.keyboard.up('Control');
  await quiet(page);
  v = await view(page);
  assert.ok(v.zoom < z1 / 1.2, `Ctrl+wheel down zooms out (${z1} -> ${v.zoom})`);
  assert.deepEqual((await model(page)).map.cards, [card], 'zooming and panning do not edit the map');
  await done(page, {ignore: PASSIVE_WHEEL});   // asserted on its own below
});

test('Ctrl+wheel keeps the point under the pointer in place', async () => {
  const page = await open();
  const m0 = await model(page);
  const [card] = await loadCards(page, [{stage: m0.map.stages[1].id, lane: m0.map.lanes[0].id, text: 'Zoom target'}]);
  let v = await view(page);
  const r0 = rectOf(v, card.id);
  const at = [r0[0] + r0[2] * 0.25, r0[1] + r0[3] * 0.5];   // a quarter into the card
  await act(page, () => page.mouse.move(...at));
  for (const dy of [-100, -100, -100, 100]) {
    await page.keyboard.down('Control');
    await act(page, () => page.mouse.wheel(0, dy));
    await page.keyboard.up('Control');
    await quiet(page);
    v = await view(page);
    const r = rectOf(v, card.id);
    const now = [r[0] + r[2] * 0.25, r[1] + r[3] * 0.5];   // the same point of the card
    assert.ok(Math.hypot(now[0] - at[0], now[1] - at[1]) < 3,
      `at zoom ${v.zoom.toFixed(3)} the card point under the pointer moved from ${at.map(Math.round)} to ${now.map(Math.round)}`);
  }
  await shot(page, 'editor-zoom-anchor');
  await done(page, {ignore: PASSIVE_WHEEL});
});

test('the mouse wheel over the canvas logs no console error', async () => {
  const page = await open();
  const v = await view(page);
  const at = centre(v.cells[1][1]);
  await act(page, () => page.mouse.move(...at));
  await act(page, () => page.mouse.wheel(0, 120));                // plain wheel: scrolls
  await page.keyboard.down('Control');
  await act(page, () => page.mouse.wheel(0, -120));               // Ctrl+wheel: zooms
  await page.keyboard.up('Control');
  await quiet(page);
  assert.ok((await view(page)).zoom > v.zoom, 'the wheel reached the editor');
  await done(page);
});
