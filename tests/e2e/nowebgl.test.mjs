// Browsers without WebGL (issue #12): Chromium with --disable-3d-apis has neither WebGL 2 nor
// WebGL 1, as on GPU-less virtual desktops. The editor must start on its 2D-canvas renderer
// (src/editor/render_canvas.cpp + web/render2d.js), edit through real input and draw what it
// edits; the viewer must show its map. A browser with WebGL 1 only (getContext('webgl2') refused
// by an init script) must draw with WebGL 1. A page that cannot draw at all says so in one line
// and shows the map as HTML instead of a spinner.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, siteWith, repo, openEditor, settle, shot, view, model, command, centre, dblclickEdit } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';
import { region, countDark } from './png.mjs';

const TEMPLATE = {en: 'b2b-phone-system.journey.json', ar: 'b2b-phone-system.ar.journey.json'};
const LOCALE = {en: 'en-US', ar: 'ar-EG'};

let noGl, gl, srv, tmp;
before(async () => {
  noGl = await launch({extraArgs: ['--disable-3d-apis']});
  // The site as built plus the B2B maps beside it, for the viewer's ?src=.
  tmp = siteWith(Object.fromEntries(Object.values(TEMPLATE).map((f) => ['maps/' + f, fs.readFileSync(path.join(repo, 'assets/templates', f))])), 'jm-nowebgl-');
  srv = await startServer({root: tmp, port: 0, quiet: true});
});
after(async () => {
  await noGl?.close();
  await gl?.close();
  srv?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});
afterEach(async () => { for (const b of [noGl, gl]) for (const ctx of b?.contexts() ?? []) await ctx.close(); });

const quiet = (page) => settle(page, 80);
const renderer = (page) => page.evaluate(() => window.JMApp.renderer);
const inset = (r, d = 4) => [r[0] + d, r[1] + d, r[2] - 2 * d, r[3] - 2 * d];
const darkIn = (img, r, d = 4) => countDark(region(img, ...inset(r, d)));
// Text at the viewer's small zoom is lighter: pixels clearly darker than a card's background.
const inkIn = (img, r) => countDark(region(img, ...inset(r, 2)), 170);
// WebGL refused by the page itself, before any script of the site runs.
const refuse = (kinds) => `(() => {
  const kinds = ${JSON.stringify(kinds)};
  const orig = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, attrs) {
    return this.id === 'canvas' && kinds.includes(kind) ? null : orig.call(this, kind, attrs);
  };
})();`;

// The editor in `lang` with the B2B template of that language open.
async function editorWithB2B(browser, lang, context = {}) {
  const page = await openEditor(browser, srv.url, {width: 1280, height: 720, context: {locale: LOCALE[lang], ...context}});
  assert.equal(await command(page, 'template', TEMPLATE[lang]), 1, `the ${lang} B2B template opens`);
  await quiet(page);
  return page;
}

// Cards wholly inside the map's grid as drawn (not under the inspector or the title band).
const visibleCards = (v) => v.cards.filter((c) => c.rect && c.rect[0] >= v.grid.min[0] && c.rect[1] >= v.grid.min[1] &&
                                          c.rect[0] + c.rect[2] <= v.grid.max[0] && c.rect[1] + c.rect[3] <= v.grid.max[1] &&
                                          c.rect[2] >= 30 && c.rect[3] >= 16);

test('without WebGL the editor starts on the 2D canvas, and a card added by double-click and typed is drawn', async () => {
  const page = await openEditor(noGl, srv.url, {width: 1280, height: 720});
  assert.equal(await renderer(page), 'canvas2d', 'the 2D-canvas renderer');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.jmRenderer), 'canvas2d');
  // The loader fades out for 0.4 s after the first frame; it must be gone by then.
  await page.waitForFunction(() => !document.getElementById('loading'), null, {timeout: 5000})
    .catch(() => assert.fail('the loader is still up 5 s after the first frame'));
  const v = await view(page);
  const m0 = await model(page);
  const stage = m0.map.stages[1], lane = m0.map.lanes[0];
  // ImGui takes two clicks as a double-click when its frames see them within 0.3 s: on a machine
  // busy enough to stretch the 2D canvas' frames past that, the pair is tried again once idle.
  for (let attempt = 1; ; attempt++) {
    await quiet(page);
    try { await dblclickEdit(page, ...centre(v.cells[0][1])); break; } catch (e) { if (attempt >= 3) throw e; }
  }
  await page.keyboard.type('Searches the web for a phone system');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#jm-field', {state: 'detached', timeout: 5000});
  await quiet(page);
  const cards = (await model(page)).map.cards.filter((c) => c.stage === stage.id && c.lane === lane.id);
  assert.equal(cards.length, 1, 'one card in that cell');
  assert.equal(cards[0].text, 'Searches the web for a phone system');
  const r = (await view(page)).cards.find((c) => c.id === cards[0].id).rect;
  const img = await shot(page, 'nowebgl-canvas2d-card-typed');
  assert.ok(darkIn(img, r) > 100, `the card's text is drawn (${darkIn(img, r)} dark pixels in the card)`);
  // Empty cells stay empty: the dark pixels are the card's, not a canvas painted over.
  assert.ok(darkIn(img, v.cells[2][2]) < 10, 'an empty cell has no dark pixels');
  assert.deepEqual(page.errors, [], 'no console errors');
});

for (const lang of ['en', 'ar']) {
  test(`without WebGL the B2B map (${lang}) at 1280x720 looks as it does with WebGL`, async () => {
    const page = await editorWithB2B(noGl, lang);
    assert.equal(await renderer(page), 'canvas2d');
    const v = await view(page);
    const img = await shot(page, `nowebgl-canvas2d-b2b-${lang}`);
    const cards = visibleCards(v);
    assert.ok(cards.length >= 10, `cards on screen (${cards.length})`);
    const drawn = cards.filter((c) => darkIn(img, c.rect) > 40).length;
    assert.ok(drawn >= cards.length * 0.9, `text drawn in ${drawn} of ${cards.length} cards`);
    const paint = await page.evaluate(() => window.JMRender2D.stats());
    assert.ok(paint.frames > 0, 'render2d.js painted the frames');
    // The same map with WebGL (another browser, same size and language): the pictures agree.
    gl = gl || await launch();
    const ref = await editorWithB2B(gl, lang);
    assert.equal(await renderer(ref), 'webgl2');
    const refImg = await shot(ref, `nowebgl-webgl2-b2b-${lang}`);
    let diff = 0, far = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      const d = Math.abs(img.data[i] - refImg.data[i]) + Math.abs(img.data[i + 1] - refImg.data[i + 1]) + Math.abs(img.data[i + 2] - refImg.data[i + 2]);
      diff += d;
      if (d > 96) far++;
    }
    const px = img.data.length / 4;
    assert.ok(diff / px / 3 < 4, `mean difference per channel from WebGL: ${(diff / px / 3).toFixed(2)}`);
    assert.ok(far / px < 0.02, `pixels far from WebGL's: ${(100 * far / px).toFixed(2)} %`);
    assert.deepEqual(page.errors, [], 'no console errors');
  });
}

test('without WebGL the viewer shows its map', async () => {
  const ctx = await noGl.newContext({viewport: {width: 1000, height: 640}});
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.url + 'embed.html?src=maps/' + TEMPLATE.en);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm && window.jm.model().map.cards.length > 20, null, {timeout: 30000});
  await page.waitForSelector('#loading', {state: 'detached', timeout: 5000});
  await quiet(page);
  assert.equal(await renderer(page), 'canvas2d');
  const v = await view(page);
  const img = await shot(page, 'nowebgl-viewer');
  const cards = visibleCards(v);
  assert.ok(cards.length >= 5, `cards on screen (${cards.length})`);
  const drawn = cards.filter((c) => inkIn(img, c.rect) > 20).length;
  assert.ok(drawn >= cards.length * 0.8, `text drawn in ${drawn} of ${cards.length} cards`);
  assert.deepEqual(errors, []);
});

test('with WebGL 1 only the editor draws with WebGL 1', async () => {
  gl = gl || await launch();
  const ctx = await gl.newContext({viewport: {width: 1280, height: 720}});
  await ctx.addInitScript(refuse(['webgl2']));
  const page = await ctx.newPage();
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  assert.equal(await renderer(page), 'webgl1');
  assert.equal(await command(page, 'template', TEMPLATE.en), 1);
  await quiet(page);
  const img = await shot(page, 'nowebgl-webgl1-b2b-en');
  const cards = visibleCards(await view(page));
  assert.ok(cards.length >= 10);
  const drawn = cards.filter((c) => darkIn(img, c.rect) > 40).length;
  assert.ok(drawn >= cards.length * 0.9, `text drawn in ${drawn} of ${cards.length} cards`);
});

test('a page that cannot draw at all says so in one line and shows the map as text', async () => {
  const ctx = await noGl.newContext({viewport: {width: 1000, height: 640}});
  await ctx.addInitScript(refuse(['webgl2', 'webgl', '2d']));
  const page = await ctx.newPage();
  await page.goto(srv.url + 'embed.html?src=maps/' + TEMPLATE.en);
  await page.waitForSelector('#jm-nodraw-map', {timeout: 30000});
  const s = await page.evaluate(() => ({
    renderer: window.JMApp.renderer,
    error: document.getElementById('loading').classList.contains('error'),
    message: document.getElementById('loading-text').textContent,
    text: document.getElementById('jm-nodraw-map').innerText,
  }));
  assert.equal(s.renderer, 'none');
  assert.ok(s.error, 'the loader is an error line, not a spinner');
  assert.match(s.message, /cannot draw/);
  const map = JSON.parse(fs.readFileSync(path.join(repo, 'assets/templates', TEMPLATE.en), 'utf8')).map;
  for (const stage of map.stages.slice(0, 3)) assert.ok(s.text.includes(stage.name), `the stage "${stage.name}" is in the text`);
  await shot(page, 'nowebgl-nodraw');
});
