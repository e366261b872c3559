// Presenting (src/editor/present.cpp): View > Present in the editor, ?present and
// {type: 'journeymap:present'} in the viewer. Stage by stage: the stages after the current one
// are covered (so the emotion curve builds up), the speaker notes are under the map, arrow keys,
// clicker keys (PageDown/PageUp), clicks and the band's buttons move, Escape leaves; the map is
// never changed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openEditor, settle, shot, model, view, command, centre, repo, siteWith } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';
import { region, countDark } from './png.mjs';

const LOCALE = {en: 'en-US', ar: 'ar-EG'};
const TEMPLATE = {en: 'b2b-phone-system.journey.json', ar: 'b2b-phone-system.ar.journey.json'};
const NOTES = 'Open with the story of the office manager who had to replace twelve desk phones in a week.';

let browser, srv, tmp;
before(async () => {
  browser = await launch();
  // The site as built plus maps for the viewer's ?src=.
  tmp = siteWith(Object.fromEntries(Object.keys(TEMPLATE).map((lang) => ['maps/' + TEMPLATE[lang], withNotes(lang)])), 'jm-present-');
  srv = await startServer({root: tmp, port: 0, quiet: true});
});
after(async () => {
  await browser?.close();
  srv?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

// The B2B template of `lang` with speaker notes on its first current stage.
function withNotes(lang) {
  const doc = JSON.parse(fs.readFileSync(path.join(repo, 'assets/templates', TEMPLATE[lang]), 'utf8'));
  const first = doc.map.stages.find((s) => (s.state || 'current') === 'current');
  first.notes = NOTES;
  return JSON.stringify(doc);
}

const quiet = (page) => settle(page, 80);
const present = async (page) => (await view(page)).present;
async function press(page, key) { await page.keyboard.press(key); await quiet(page); return (await present(page))?.step; }
// Ink in a stage's column, under its header: the cards and the curve drawn there (0 when covered).
async function inkOfStage(page, name, i) {
  const v = await view(page);
  const h = v.stages[i].header;
  const img = await shot(page, name);
  return countDark(region(img, h[0] + 4, h[1] + 4, h[2] - 8, Math.min(v.grid.max[1], 560) - h[1] - 8));
}

async function editorWith(lang) {
  const page = await openEditor(browser, srv.url, {width: 1280, height: 720, context: {locale: LOCALE[lang]}});
  assert.equal(await command(page, 'load', withNotes(lang)), 1, 'the map with notes opens');
  await quiet(page);
  return page;
}

test('present in the editor: stage by stage, notes under the map, keys, clicks and buttons move, Escape leaves, the map is untouched', async () => {
  const page = await editorWith('en');
  const before = await model(page);
  const revision = await page.evaluate(() => window.Module._jm_revision());
  const steps = before.map.stages.filter((s) => (s.state || 'current') === 'current').length;
  assert.ok(steps >= 3, 'the B2B map has stages to step through');
  assert.equal(await present(page), null, 'not presenting at first');
  const inkBefore = await inkOfStage(page, 'present-before', 2);
  assert.ok(inkBefore > 200, `the third stage has cards drawn before presenting (${inkBefore} dark pixels)`);

  // View > Present, through the menu bar with clicks.
  let v = await view(page);
  await page.mouse.click(...centre(v.widgets['menu.view']));
  await quiet(page);
  v = await view(page);
  assert.ok(v.widgets['present.menu'], 'View has a Present item');
  await page.mouse.click(...centre(v.widgets['present.menu']));
  await quiet(page);
  let p = await present(page);
  assert.deepEqual({step: p.step, steps: p.steps}, {step: 0, steps}, 'presenting from the first stage');
  assert.equal(p.stage, before.map.stages[0].id);
  v = await view(page);
  assert.equal(v.widgets['menu.view'], undefined, 'no menu bar while presenting');
  const img = await shot(page, 'present-en-stage1');
  // Stages after the first are covered; the notes are drawn in the band under the map.
  const covered = await inkOfStage(page, 'present-en-stage1b', 2);
  assert.ok(covered < 20, `the third stage is covered (${covered} dark pixels; ${inkBefore} before presenting)`);
  const band = v.widgets['present.next'];
  assert.ok(band && band[1] > 540, `the controls are in a band at the bottom (${JSON.stringify(band)})`);
  assert.ok(countDark(region(img, 20, band[1] + band[3] + 4, 900, 40)) > 150, 'the speaker notes are drawn under the controls');

  // Clicker and arrow keys, the band's buttons, a click on the map.
  assert.equal(await press(page, 'ArrowRight'), 1, 'ArrowRight: next');
  assert.equal(await press(page, 'PageDown'), 2, 'PageDown (a clicker): next');
  const shown = await inkOfStage(page, 'present-en-stage3', 2);
  assert.ok(shown > 100 && covered < shown / 10, `the third stage is revealed (${shown} dark pixels; ${covered} while covered)`);
  assert.equal(await press(page, 'PageUp'), 1, 'PageUp: previous');
  v = await view(page);
  await page.mouse.click(...centre(v.widgets['present.next']));
  await quiet(page);
  assert.equal((await present(page)).step, 2, 'the Next button');
  await page.mouse.click(640, 300);
  await quiet(page);
  assert.equal((await present(page)).step, Math.min(3, steps - 1), 'a click on the map: next');
  assert.equal(await press(page, 'End'), steps - 1, 'End: the last stage');
  assert.equal(await press(page, 'ArrowRight'), steps - 1, 'no step past the last');
  assert.equal(await press(page, 'Home'), 0, 'Home: the first stage');
  assert.equal(await press(page, 'n'), 0);
  assert.equal((await present(page)).notes, false, 'N hides the notes');

  // Escape leaves; the chrome is back and the map is as it was.
  await page.keyboard.press('Escape');
  await quiet(page);
  assert.equal(await present(page), null, 'Escape leaves');
  assert.ok((await view(page)).widgets['menu.view'], 'the menu bar is back');
  assert.equal(await page.evaluate(() => window.Module._jm_revision()), revision, 'no change to the map');
  assert.deepEqual(await model(page), before);
  assert.deepEqual(page.errors, []);
});

test('present a right-to-left map: ArrowLeft is next, the controls are on the left, the notes in Arabic order', async () => {
  const page = await editorWith('ar');
  assert.equal(await command(page, 'present', '1'), 1);
  await quiet(page);
  const v = await view(page);
  const w = v.widgets;
  assert.ok(w['present.exit'][0] < w['present.next'][0] && w['present.next'][0] < w['present.prev'][0],
            `right to left: Exit, Next, Previous from the left (${JSON.stringify([w['present.exit'], w['present.next'], w['present.prev']])})`);
  assert.ok(w['present.prev'][0] < 640, 'the controls on the left half');
  await shot(page, 'present-ar-stage1');
  assert.equal(await press(page, 'ArrowLeft'), 1, 'ArrowLeft: next in a right-to-left map');
  assert.equal(await press(page, 'ArrowRight'), 0, 'ArrowRight: previous');
  assert.deepEqual(page.errors, []);
});

test('the viewer presents from ?present=N and on a journeymap:present message from its host', async () => {
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(srv.url + 'embed.html?present=2&src=maps/' + TEMPLATE.en);
  await page.waitForFunction(() => window.jm && window.jm.view && window.jm.view().present, null, {timeout: 30000});
  await quiet(page);
  assert.equal((await present(page)).step, 1, '?present=2 starts at the second stage');
  await shot(page, 'present-viewer');
  assert.equal(await press(page, 'ArrowRight'), 2);

  // A host page frames the viewer and drives it.
  const host = await ctx.newPage();
  host.errors = [];
  host.on('pageerror', (e) => host.errors.push(e.message));
  await host.setContent(`<!doctype html><title>Host</title>
<iframe id="v" title="Journey map" width="900" height="560" src="${srv.url}embed.html?src=maps/${TEMPLATE.en}"></iframe>`);
  const frame = () => host.frames().find((f) => f.url().includes('embed.html'));
  await host.waitForFunction(() => true);
  for (let i = 0; i < 300 && !frame(); i++) await host.waitForTimeout(100);
  await frame().waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm.model().map.cards.length > 20, null, {timeout: 30000});
  assert.equal(await frame().evaluate(() => window.jm.view().present), null, 'not presenting without ?present');
  await host.evaluate(() => document.getElementById('v').contentWindow.postMessage({type: 'journeymap:present', step: 3}, '*'));
  await frame().waitForFunction(() => window.jm.view().present && window.jm.view().present.step === 2, null, {timeout: 10000});
  await host.evaluate(() => document.getElementById('v').contentWindow.postMessage({type: 'journeymap:present', step: 0}, '*'));
  await frame().waitForFunction(() => window.jm.view().present === null, null, {timeout: 10000});
  assert.deepEqual(page.errors, []);
  assert.deepEqual(host.errors, []);
});
