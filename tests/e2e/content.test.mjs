// The journey content of file format version 2 on the canvas: current and future state with their
// comparison, one emotion curve per persona with a legend and a persona filter, metric chips and
// stage roll-ups, moments of truth, hand-off gaps, service blueprint lines and card links.
// Maps are set up with jm.command('load') (the B2B template plus content, tests/e2e/content-map.mjs);
// what is under test is done with real mouse clicks and keys wherever a person would do it, and
// checked in the model (jm.model), in the view (jm.view) and in the pixels drawn.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, shot, settle, view, model, command, centre, dblclickEdit } from './harness.mjs';
import { region, countNear, hex } from './png.mjs';
import { b2bCurrent, b2bWithFuture, EXPECTED_DIFF, LINKS, MONA, DAVID, LANES, future } from './content-map.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

// ---- Helpers -------------------------------------------------------------------------------------

const frames = (page) => page.evaluate(() => window.jm.frames());
const quiet = (page) => settle(page, 80);
// One input action, then at least two drawn frames so ImGui sees each press, move and release.
async function act(page, fn, n = 2) {
  const start = await frames(page);
  await fn();
  await page.waitForFunction(([s, k]) => window.jm.frames() >= s + k, [start, n], {timeout: 3000}).catch(() => {});
}
async function click(page, [x, y], opts) {
  await act(page, () => page.mouse.move(x, y));
  await act(page, () => page.mouse.click(x, y, opts));
  await quiet(page);
}
async function press(page, key) { await act(page, () => page.keyboard.press(key)); await quiet(page); }
async function drag(page, from, to, steps = 8) {
  await act(page, () => page.mouse.move(from[0], from[1]));
  await act(page, () => page.mouse.down());
  for (let i = 1; i <= steps; i++)
    await act(page, () => page.mouse.move(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps));
  await act(page, () => page.mouse.up());
  await quiet(page);
}
async function openWith(doc, opts = {}) {
  const page = await openEditor(browser, srv.url, {width: 1280, height: 720, ...opts});
  assert.equal(await command(page, 'load', JSON.stringify(doc)), 1, 'the fixture map loads');
  await quiet(page);
  return page;
}
const cardRect = (v, id) => v.cards.find((c) => c.id === id)?.rect;
const laneIndex = (v, id) => v.lanes.findIndex((l) => l.id === id);
const controlCentre = (v, name) => { assert.ok(v.controls[name], `control ${name} drawn`); return centre(v.controls[name]); };
// The part of the grid that is on screen, in CSS px: [x, y, w, h].
const gridBox = (v, lane) => {
  const [x0, y0] = v.grid.min, [x1] = v.grid.max;
  const r = v.lanes[laneIndex(v, lane)].header;
  return [Math.max(x0, 0), Math.max(r[1], y0), Math.min(x1, 1280) - Math.max(x0, 0), r[3]];
};

// ---- States ----------------------------------------------------------------------------------------

test('canvas: the future state is shown on its own, and comparing counts what was added, removed and changed', async () => {
  const page = await openWith(b2bWithFuture());
  let v = await view(page);
  assert.equal(v.state, 'current');
  assert.deepEqual(v.stages.map((s) => s.id), [1, 2, 3, 4, 5, 6, 7, 8], 'only the current stages are laid out');
  assert.ok(v.cards.every((c) => c.id < 200), 'no future card on the current canvas');
  assert.equal(v.controls['canvas6.compare'], undefined, 'comparing is offered in the future state only');

  // A click on "Future" in the title band.
  await click(page, controlCentre(v, 'canvas6.state_future'));
  v = await view(page);
  assert.equal(v.state, 'future');
  assert.deepEqual(v.stages.map((s) => s.id), [1, 2, 3, 4, 5, 6, 7, 8].map(future));
  assert.ok(v.cards.every((c) => c.id >= 200), 'only future cards');
  assert.equal(v.stages[0].header[0], v.grid.min[0], 'the first future stage starts the grid (no room kept for the hidden ones)');
  assert.equal(v.diff.shown, false);
  assert.ok(!v.cards.some((c) => c.badge), 'no badges before comparing');

  // "Compare": the counts, the badges on the new and changed cards.
  await click(page, controlCentre(v, 'canvas6.compare'));
  v = await view(page);
  assert.equal(v.compare, true);
  assert.deepEqual({added: v.diff.added, removed: v.diff.removed, changed: v.diff.changed}, EXPECTED_DIFF);
  assert.deepEqual(v.diff.added_ids, [600, 601, 602]);
  assert.deepEqual(v.diff.removed_ids, [55, 56]);
  assert.ok(v.controls['canvas6.diff_summary'], 'the summary is drawn in the title band');
  const badged = (kind) => v.cards.filter((c) => c.badge === kind).map((c) => c.id).sort((a, b) => a - b);
  assert.deepEqual(badged('new'), [600, 601, 602]);
  // The fourth change is an emotion point (the curve), which is not a card box.
  assert.deepEqual(badged('changed'), [future(23), future(36), future(40)]);
  // The new card's outline is green (the theme's positive colour) on screen.
  const img = await shot(page, 'content-future-compare');
  const r = cardRect(v, 600);
  const edge = region(img, r[0] - 3, r[1] + 6, 4, r[3] - 12);
  assert.ok(countNear(edge, [4, 120, 87], 40) > 10, 'a green outline along the new card');

  // Back to the current state by the menu-less command, as the page API does.
  assert.equal(await command(page, 'state', 'current'), 1);
  await quiet(page);
  v = await view(page);
  assert.equal(v.state, 'current');
  assert.ok(!v.cards.some((c) => c.badge), 'the current state carries no comparison badges');
  assert.deepEqual(page.errors, []);
});

test('canvas: an empty future state offers the copy, and a stage added while it is shown belongs to it', async () => {
  const page = await openWith(b2bCurrent());
  let v = await view(page);
  assert.equal(v.has_future, false);
  assert.ok(v.controls['canvas6.copy_to_future'], '"Copy current to future" is offered while the future state is empty');
  await click(page, controlCentre(v, 'canvas6.state_future'));
  v = await view(page);
  assert.equal(v.state, 'future');
  assert.equal(v.stages.length, 0, 'an empty future grid');
  assert.ok(v.controls['canvas6.copy_empty'], 'the empty grid offers the copy');

  // The "+" beside the (empty) stage strip adds a stage: a future one.
  const [gx, gy] = v.grid.min;
  await click(page, [gx + 10 + 15, gy - 29 * v.zoom]);
  await press(page, 'Escape');   // keep the default name
  let m = await model(page);
  const added = m.map.stages.filter((s) => s.state === 'future');
  assert.equal(added.length, 1, 'one future stage');
  v = await view(page);
  assert.deepEqual(v.stages.map((s) => s.id), [added[0].id]);
  assert.equal(m.map.stages.filter((s) => s.state !== 'future').length, 8, 'the current state is untouched');

  // A card double-clicked into that stage is a future card.
  const cell = v.cells[laneIndex(v, LANES.actions)][0];
  await dblclickEdit(page, ...centre(cell));
  await page.keyboard.type('Books a demo online');
  await press(page, 'Enter');
  m = await model(page);
  const card = m.map.cards.find((c) => c.text === 'Books a demo online');
  assert.ok(card, 'the card was added');
  assert.equal(card.stage, added[0].id, 'in the future stage');

  // Undo both, then copy the current state from the empty grid's button.
  await command(page, 'undo'); await command(page, 'undo');
  await quiet(page);
  v = await view(page);
  assert.ok(v.controls['canvas6.copy_empty']);
  await click(page, controlCentre(v, 'canvas6.copy_empty'));
  m = await model(page);
  const fut = m.map.stages.filter((s) => s.state === 'future');
  assert.equal(fut.length, 8);
  assert.deepEqual(fut.map((s) => s.origin), [1, 2, 3, 4, 5, 6, 7, 8], 'each future stage records the stage it was copied from');
  v = await view(page);
  assert.equal(v.state, 'future');
  assert.deepEqual(v.stages.map((s) => s.id), fut.map((s) => s.id));
  // A fresh copy compares equal; the links were remapped to the copies.
  assert.equal(await command(page, 'compare', 'on'), 1);
  await quiet(page);
  v = await view(page);
  assert.deepEqual({added: v.diff.added, removed: v.diff.removed, changed: v.diff.changed}, {added: 0, removed: 0, changed: 0});
  assert.equal(v.links.length, LINKS.length);
  assert.ok(v.links.every((l) => l.from > 200 && l.to > 200), 'links join future cards');
  assert.deepEqual(page.errors, []);
});

// ---- Personas ----------------------------------------------------------------------------------

test('canvas: each persona has its curve, the legend hides and shows it, and the persona filter sets their points', async () => {
  const page = await openWith(b2bCurrent());
  let v = await view(page);
  const curves = v.curves.filter((c) => c.lane === LANES.emotions);
  assert.deepEqual(curves.map((c) => [c.persona, c.points, c.hidden]), [[0, 8, false], [MONA, 8, false], [DAVID, 6, false]]);
  const purple = hex('#8b5cf6');
  let img = await shot(page, 'content-curves');
  const lane = gridBox(v, LANES.emotions);
  const before = countNear(region(img, ...lane), purple, 30);
  assert.ok(before > 150, `Mona's curve is drawn in her colour (${before} px)`);

  // Her legend entry in the lane header: one click hides the curve, another shows it.
  await click(page, controlCentre(v, `canvas6.legend.${MONA}`));
  v = await view(page);
  assert.equal(v.curves.find((c) => c.persona === MONA).hidden, true);
  assert.equal(v.curves.find((c) => c.persona === DAVID).hidden, false, 'the other curves stay');
  img = await shot(page, 'content-curves-mona-hidden');
  const hidden = countNear(region(img, ...lane), purple, 30);
  assert.ok(hidden < before / 10, `her curve is gone (${hidden} px left of ${before})`);
  await click(page, controlCentre(v, `canvas6.legend.${MONA}`));
  v = await view(page);
  assert.equal(v.curves.find((c) => c.persona === MONA).hidden, false);

  // The persona filter: a menu under its control, Mona picked with the mouse.
  await click(page, controlCentre(v, 'canvas6.persona_filter'));
  v = await view(page);
  assert.ok(v.popup_open, 'the persona menu is open');
  await click(page, centre(v.widgets[`canvas6.persona.${MONA}`]));
  v = await view(page);
  assert.equal(v.persona_filter, MONA);
  const dimmed = v.cards.filter((c) => c.dimmed).map((c) => c.id).sort((a, b) => a - b);
  assert.deepEqual(dimmed, [24, 25, 26, 49], "David's cards are dimmed; cards for everyone are not");

  // A click in the Emotions lane of stage 4 moves Mona's point there, not the shared one.
  const m0 = await model(page);
  const monaPoint = m0.map.cards.find((c) => c.persona === MONA && c.stage === 4);
  assert.equal(monaPoint.score, -2);
  const cell = v.cells[laneIndex(v, LANES.emotions)][3];
  await click(page, [cell[0] + cell[2] * 0.5, cell[1] + cell[3] * 0.22]);
  const m1 = await model(page);
  const moved = m1.map.cards.find((c) => c.id === monaPoint.id);
  assert.ok(moved.score > 0.5, `Mona's point rose (${moved.score})`);
  assert.equal(m1.map.cards.find((c) => c.id === 76).score, -1.5, 'the shared curve did not move');
  assert.equal(m1.map.cards.length, m0.map.cards.length, 'no point was added');
  assert.deepEqual(page.errors, []);
});

// ---- Links ---------------------------------------------------------------------------------------

test('canvas: a link made with clicks is drawn and stays when the card it points to moves', async () => {
  const page = await openWith(b2bCurrent());
  const from = 46, to = 34;   // "Which system works with our CRM?" depends on "Vendor website"
  let v = await view(page);
  assert.ok(!v.links.some((l) => l.from === from), 'no link yet');

  // Escape gives up a link being drawn.
  await click(page, centre(cardRect(v, from)), {button: 'right'});
  v = await view(page);
  await click(page, centre(v.widgets['canvas6.link_to']));
  v = await view(page);
  assert.equal(v.linking_from, from, 'drawing a link from the card');
  await press(page, 'Escape');
  v = await view(page);
  assert.equal(v.linking_from, 0);
  assert.deepEqual((await model(page)).map.cards.find((c) => c.id === from).links ?? [], []);

  // Right-click, "Link to…", then a click on the card it depends on.
  await click(page, centre(cardRect(v, from)), {button: 'right'});
  v = await view(page);
  await click(page, centre(v.widgets['canvas6.link_to']));
  await click(page, centre(cardRect(v, to)));
  let m = await model(page);
  assert.deepEqual(m.map.cards.find((c) => c.id === from).links, [to]);
  v = await view(page);
  assert.ok(v.links.some((l) => l.from === from && l.to === to), 'the link is drawn');
  assert.equal(v.undo_label, 'Link cards');
  // Its line crosses the gap between the two cards (one above the other), in the accent colour
  // while its card is selected.
  const a = cardRect(v, from), b = cardRect(v, to);
  let img = await shot(page, 'content-link');
  const accent = [67, 97, 238], slate = [100, 116, 139];
  const between = region(img, a[0] + a[2] * 0.3 - 12, b[1] + b[3], 24, a[1] - b[1] - b[3]);
  assert.ok(countNear(between, accent, 40) > 3, 'the link crosses between the cards');
  assert.equal(countNear(region(img, a[0] + a[2] * 0.7 - 12, b[1] + b[3], 24, a[1] - b[1] - b[3]), accent, 40), 0, 'a third of the way in, not anywhere');

  // The target moves to the first stage: the link stays and is drawn to its new place.
  const dest = v.cells[laneIndex(v, LANES.touchpoints)][0];
  await drag(page, centre(b), [dest[0] + dest[2] / 2, dest[1] + dest[3] - 20]);
  m = await model(page);
  assert.equal(m.map.cards.find((c) => c.id === to).stage, 1, 'the card moved');
  assert.deepEqual(m.map.cards.find((c) => c.id === from).links, [to], 'the link is kept');
  v = await view(page);
  assert.ok(v.links.some((l) => l.from === from && l.to === to));
  const b2 = cardRect(v, to), a2 = cardRect(v, from);
  assert.ok(b2[0] < a2[0] - a2[2] / 2, 'the target is now a stage to the left');
  await click(page, [v.grid.min[0] + 60, v.grid.max[1] - 10]);   // nothing selected: the link in its own colour
  img = await shot(page, 'content-link-moved');
  // Side by side now: the curve leaves the source's left edge and reaches the target's right edge.
  const midX = (b2[0] + b2[2] + a2[0]) / 2, midY = (b2[1] + b2[3] / 2 + a2[1] + a2[3] / 2) / 2;
  assert.ok(countNear(region(img, midX - 10, Math.min(b2[1], a2[1]), 20, Math.abs(a2[1] - b2[1]) + a2[3]), slate, 40) > 3,
    `the link follows the moved card (around ${Math.round(midX)},${Math.round(midY)})`);

  // The source card's menu lists the link and removes it.
  await click(page, centre(a2), {button: 'right'});
  v = await view(page);
  await act(page, () => page.mouse.move(...centre(v.widgets['canvas6.links'])), 4);
  await quiet(page);
  v = await view(page);
  assert.ok(v.widgets[`canvas6.unlink.${to}`], 'the link is listed');
  await click(page, centre(v.widgets[`canvas6.unlink.${to}`]));
  m = await model(page);
  assert.deepEqual(m.map.cards.find((c) => c.id === from).links ?? [], []);
  assert.equal(await command(page, 'link', `${from} ${to}`), 1, 'the test API links too');
  assert.deepEqual(page.errors, []);
});

// ---- Metrics, moments of truth, hand-off gaps, blueprint lines ------------------------------------

test('canvas: metric chips show their status, stages roll them up, and gaps, moments and blueprint lines are marked', async () => {
  const page = await openWith(b2bCurrent());
  const v = await view(page);
  const chips = (id) => v.cards.find((c) => c.id === id).metrics.map((x) => x.status);
  assert.deepEqual(chips(33), ['on_target']);
  assert.deepEqual(chips(34), ['near']);
  assert.deepEqual(chips(36), ['off']);
  assert.deepEqual(chips(41), ['unknown']);
  assert.deepEqual(chips(40), ['off', 'near']);
  // Layout keeps a row per chip on a usual card: the two-metric card is taller than its text needs.
  assert.equal(v.cards.find((c) => c.id === 40).metric_rows, 2);
  assert.equal(v.cards.find((c) => c.id === 32).metrics, undefined, 'no chips without metrics');
  // The status dots in their colours (green, amber, red) in the chip row under the card's text
  // (layout: 8 px padding, 20 px lines, 24 px chip rows, times the zoom).
  const img = await shot(page, 'content-metrics');
  const chipRow = (id) => {
    const c = v.cards.find((x) => x.id === id), r = c.rect, z = v.zoom;
    return region(img, r[0] + 4, r[1] + (8 + c.lines * 20) * z, r[2] - 8, 24 * z * c.metric_rows);
  };
  assert.ok(countNear(chipRow(33), [4, 120, 87], 30) > 8, 'a green dot on the card on target');
  assert.ok(countNear(chipRow(34), [180, 83, 9], 30) > 8, 'an amber dot on the card near target');
  assert.ok(countNear(chipRow(36), [220, 38, 38], 30) > 8, 'a red dot on the card off target');
  assert.equal(countNear(chipRow(33), [220, 38, 38], 30), 0, 'and no red one there');
  assert.equal(countNear(chipRow(41), [4, 120, 87], 30) + countNear(chipRow(41), [220, 38, 38], 30), 0, 'no target: a grey dot');
  // Stage roll-up: "Research solutions" averages its two conversion figures (2.1 and 3.7 against 2 and 4).
  const r2 = v.rollups['2'];
  assert.equal(r2.length, 1);
  assert.equal(r2[0].kind, 'conversion');
  assert.ok(Math.abs(r2[0].value - 2.9) < 1e-9);
  assert.equal(r2[0].status, 'near');

  // Moments of truth are flagged; hand-off gaps sit in the Touchpoints lane.
  assert.ok(v.cards.find((c) => c.id === 35).moment_of_truth);
  assert.ok(!v.cards.find((c) => c.id === 36).moment_of_truth);
  const g = v.gaps.find((x) => x.from === 34 && x.to === 35);
  assert.ok(g && g.channel && g.device && g.team, 'website on mobile (Marketing) to a phone call at a desk (Sales): all three switch');
  const tp = v.lanes[laneIndex(v, LANES.touchpoints)].header;
  for (const x of v.gaps.filter((x) => x.at && x.at[0] > v.grid.min[0] && x.at[0] < 900))
    assert.ok(x.at[1] > tp[1] && x.at[1] < tp[1] + tp[3], `gap ${x.from}->${x.to} marked in the Touchpoints lane`);
  // Its marker is amber, between "Vendor website" and "Demo call with sales".
  const [gx, gy] = g.at;
  assert.ok(countNear(region(img, gx - 8, gy - 8, 16, 16), [180, 83, 9], 40) > 6, 'the hand-off marker is drawn');

  // Blueprint lines along the top of their lanes, dashed across the grid.
  const lineY = (kind) => v.blueprint.find((l) => l.kind === kind).y;
  assert.ok(Math.abs(lineY('interaction') - tp[1]) < 1);
  assert.ok(Math.abs(lineY('visibility') - v.lanes[laneIndex(v, LANES.backstage)].header[1]) < 1);
  const dashes = region(img, v.grid.min[0], lineY('interaction') - 1.5, 600, 3);
  const blue = countNear(dashes, [37, 99, 235], 60);
  assert.ok(blue > 150 && blue < dashes.length * 0.85, `a dashed blue line (${blue} of ${dashes.length} px)`);
  assert.deepEqual(page.errors, []);
});

// ---- Right to left and the phone --------------------------------------------------------------------

test('canvas: a right-to-left map puts the controls at its end and the comparison reads in the interface language', async () => {
  const doc = b2bWithFuture();
  doc.map.direction = 'rtl';
  const page = await openWith(doc);
  await command(page, 'state', 'future');
  await command(page, 'compare', 'on');
  await quiet(page);
  let v = await view(page);
  const cur = v.controls['canvas6.state_current'], fut = v.controls['canvas6.state_future'];
  assert.ok(cur[0] < 400 && fut[0] < 400, 'the controls sit at the left end of the title band');
  assert.ok(cur[0] < fut[0], 'in an English interface the switch still reads "Current | Future" left to right');
  assert.ok(v.stages[0].header[0] > v.stages[1].header[0], 'the first future stage is on the right');
  assert.deepEqual({added: v.diff.added, removed: v.diff.removed, changed: v.diff.changed}, EXPECTED_DIFF);
  // The "new" badge at the card's start: its right end.
  let img = await shot(page, 'content-rtl-future');
  const r = cardRect(v, 600);
  const topRight = region(img, r[0] + r[2] - 60, r[1] - 8, 60, 14), topLeft = region(img, r[0], r[1] - 8, 60, 14);
  assert.ok(countNear(topRight, [4, 120, 87], 30) > countNear(topLeft, [4, 120, 87], 30) + 20, 'the badge is on the right');

  // In Arabic the switch reads right to left: "Current" (الحالي) on the right.
  await command(page, 'language', 'ar');
  await quiet(page);
  v = await view(page);
  assert.ok(v.controls['canvas6.state_current'][0] > v.controls['canvas6.state_future'][0]);
  img = await shot(page, 'content-rtl-future-ar');
  assert.ok(img.width > 0);
  assert.deepEqual(page.errors, []);
});

test('canvas: on a phone the controls take the goal line and the comparison is counted in the title line', async () => {
  const page = await openWith(b2bWithFuture(), {width: 390, height: 844});
  await command(page, 'state', 'future');
  await command(page, 'compare', 'on');
  await quiet(page);
  const v = await view(page);
  const title = v.controls['canvas6.diff_summary'], sw = v.controls['canvas6.state_future'];
  assert.ok(title && sw, 'both drawn');
  assert.ok(title[1] + title[3] <= sw[1], 'the count sits on the line above the switch');
  for (const [name, r] of Object.entries(v.controls).filter(([n]) => !n.startsWith('canvas6.legend')))
    assert.ok(r[0] >= 0 && r[0] + r[2] <= 390, `${name} fits on the screen`);
  await shot(page, 'content-phone-future');
  assert.deepEqual(page.errors, []);
});
