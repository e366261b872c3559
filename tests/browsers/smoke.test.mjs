// The smoke suite in Firefox and WebKit (Chromium has the full suite in tests/e2e/): each case
// runs once per engine, in one browser per engine that every case reuses, against one copy of the
// site on one port and one X server (engines.mjs). Input goes through the engine's own driver
// (real pointer and key events); window.jm.command is used only to set a case up.
//   node --test tests/browsers/                      both engines
//   JM_BROWSERS=webkit node --test tests/browsers/   one of them
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ENGINES, sharedStartup, poll, sleep, repo } from './engines.mjs';
import { region, countDark, distinctColours } from '../e2e/png.mjs';

const wanted = (process.env.JM_BROWSERS || 'firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);
for (const name of wanted) if (!ENGINES[name]) throw new Error(`JM_BROWSERS: unknown engine "${name}" (have ${Object.keys(ENGINES).join(', ')})`);

let env;
before(async () => { env = await sharedStartup(); });
after(() => env?.close());

const B2B_TITLE = 'Buying a business phone system';
// Limits for things that take a moment (never a measure of speed): in tools/test.sh this layer runs
// beside a compiler that keeps both cores busy, where a software-WebGL frame can take a second.
const START_MS = 180000, SLOW_MS = 20000;
// Each case may take this long before it fails by name (a hung driver call included).
const CASE = {timeout: 240000};
const arabicFixture = fs.readFileSync(path.join(repo, 'tests/fixtures/rtl-ar.journey.json'), 'utf8');

// ---- Helpers over an engine's page (b) ---------------------------------------------------------------

const view = (b) => b.evaluate(() => window.jm.view());
const model = (b) => b.evaluate(() => window.jm.model());
const command = (b, name, arg) => b.evaluate((n, a) => window.jm.command(n, a), name, arg);
const centre = (r) => [r[0] + r[2] / 2, r[1] + r[3] / 2];
const fieldOpen = (b) => b.evaluate(() => !!document.getElementById('jm-field'));

// Waits until the page stops drawing: no frame for quietMs and none still to come (jm.busy():
// the editor's loop sleeps when idle).
async function settle(b, quietMs = 200) {
  const read = () => b.evaluate(() => [window.jm.frames(), !!(window.jm.busy && window.jm.busy())]);
  let [last] = await read();
  for (let i = 0; i < 100; i++) {
    await sleep(quietMs);
    const [now, busy] = await read();
    if (now === last && !busy) return;
    last = now;
  }
  throw new Error('the page never went idle');
}

// Loads `url` and waits for the first frame (window.jmFirstFrameMs, set when WebGL has drawn).
async function open(b, url) {
  await b.goto(url);
  try {
    await b.waitFor(() => window.jmFirstFrameMs !== undefined || document.querySelector('.loading.error') !== null, null, START_MS);
  } catch (e) {
    // Say where the start stopped: the loader's words, the page's start-up marks, what it fetched.
    const where = await b.evaluate(() => JSON.stringify({
      loader: document.querySelector('.loading')?.textContent?.trim().slice(0, 200),
      marks: performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime)}`),
      fetched: performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop()}:${Math.round(r.responseEnd)}`),
      frames: window.jm && window.Module && Module._jm_frame_count ? Module._jm_frame_count() : null,
    })).catch((e2) => 'the page did not answer: ' + e2.message);
    throw new Error(`no first frame within ${START_MS / 1000} s: ${where}; page errors: ${JSON.stringify(await b.takeErrors().catch(() => []))}`);
  }
  const failed = await b.evaluate(() => document.querySelector('.loading.error')?.textContent || '');
  assert.equal(failed, '', 'the loader shows no error');
  await settle(b);
}

// The editor as the last case left it, when it is there and idle (a page load costs seconds per
// case in a software-rendered browser); else a fresh load.
async function editor(b) {
  const ok = await b.evaluate(() => !!window.jm && window.jmFirstFrameMs !== undefined &&
    !/embed\.html$/.test(location.pathname) && !document.getElementById('jm-field')).catch(() => false);
  if (!ok || (await view(b)).popup_open) await open(b, env.url);
}

async function clickAndSettle(b, point) { await b.click(...point); await settle(b, 120); }

// Clicks a named part of the interface where the editor drew it (a menu title, a menu item).
async function clickWidget(b, id) {
  const w = (await view(b)).widgets;
  assert.ok(w[id], `"${id}" is on screen (have: ${Object.keys(w).join(', ')})`);
  await clickAndSettle(b, centre(w[id]));
}

// Opens the text field on a cell: a double-click, as a person adds a card; on a loaded machine the
// two presses can reach the editor as two clicks, so the gesture is made again, and at last the
// keyboard way (click selects the cell, Enter edits it) is taken.
async function editCell(b, cell) {
  const [x, y] = centre(cell);
  for (let attempt = 0; attempt < 2; attempt++) {
    await b.dblclick(x, y);
    try { await poll(() => fieldOpen(b), 3000); return 'double-click'; } catch { await settle(b, 120); }
  }
  await clickAndSettle(b, [x, y]);
  await b.press('Enter');
  await poll(() => fieldOpen(b), SLOW_MS);
  return 'click, Enter';
}

const field = (b) => b.evaluate(() => {
  const f = document.getElementById('jm-field');
  return f && {tag: f.tagName, value: f.value, focused: document.activeElement === f, rtl: f.matches(':dir(rtl)')};
});

// Page errors since the last call (see takeErrors in engines.mjs).
const newErrors = (b) => b.takeErrors();

// A screenshot once it shows what `ok(img)` looks for (or the last one after SLOW_MS): the frame the
// editor drew reaches the screen at the browser's next composite, which a loaded machine delays.
async function shotWhen(b, name, ok) {
  const end = Date.now() + SLOW_MS;
  for (;;) {
    const img = await b.screenshot(name);
    if (ok(img) || Date.now() > end) return img;
    await sleep(500);
  }
}

// Ink: pixels clearly darker than the light page (text, icons, lines).
const ink = (img, r, d = 3) => countDark(region(img, r[0] + d, r[1] + d, r[2] - 2 * d, r[3] - 2 * d), 140);

// ---- The cases, once per engine ----------------------------------------------------------------------

for (const name of wanted) {
  describe(name, () => {
    let b;
    before(async () => {
      b = await ENGINES[name](env);
    });
    after(async () => { await b?.close(); });

    test('the editor starts: first frame reported and the canvas drawn', CASE, async (t) => {
      t.diagnostic(`${name}: ${b.version}`);
      await open(b, env.url);
      const ms = await b.evaluate(() => window.jmFirstFrameMs);
      assert.ok(ms > 0, `window.jmFirstFrameMs is set (${ms})`);
      t.diagnostic(`first frame at ${Math.round(ms)} ms`);
      // The canvas's context: getContext returns the one the page made, or null for another kind.
      const gl = await b.evaluate(() => {
        const c = document.getElementById('canvas');
        return {w: c.width, h: c.height, webgl2: !!c.getContext('webgl2'),
                renderer: (() => { const g = c.getContext('webgl2'); return g ? g.getParameter(g.RENDERER) : ''; })()};
      });
      t.diagnostic(`canvas ${gl.w}x${gl.h}, WebGL 2: ${gl.webgl2} (${gl.renderer})`);
      assert.ok(gl.webgl2, `${name} draws the editor with WebGL 2 under Xvfb`);
      assert.ok(gl.w >= 1000 && gl.h >= 600, `the canvas fills the window (${gl.w}x${gl.h})`);
      const v = await view(b);
      assert.ok(v.stages.length >= 3 && v.lanes.length >= 3, 'a map with stages and lanes');
      const img = await shotWhen(b, `${name}-start`, (im) => ink(im, v.stages[0].header) > 30 && ink(im, v.widgets['menu.file']) > 10);
      // Drawn, not a blank or one-colour canvas: the stage headers carry their names, the whole
      // window has the palette's many colours.
      assert.ok(ink(img, v.stages[0].header) > 30, 'the first stage header has its name drawn');
      assert.ok(ink(img, v.widgets['menu.file']) > 10, 'the File menu title is drawn');
      assert.ok(distinctColours(region(img, 0, 0, img.width, img.height)) > 40, 'the canvas is drawn in many colours');
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('a card typed through the text field is in the map and on screen', CASE, async (t) => {
      await editor(b);
      // Set-up only: the blank map in English, whatever the first case left.
      assert.equal(await command(b, 'new_blank', ''), 1);
      await settle(b);
      const m0 = await model(b);
      const stage = m0.map.stages[1], lane = m0.map.lanes[0];
      const v = await view(b);
      t.diagnostic('the field opened by ' + await editCell(b, v.cells[0][1]));
      let f = await field(b);
      assert.equal(f.tag, 'TEXTAREA', 'a multi-line text field over the cell');
      assert.ok(f.focused, 'the field has the keyboard focus');
      const text = `Compares three offers in ${name}`;
      await b.type(text);
      f = await field(b);
      assert.equal(f.value, text, 'the keys reached the field');
      await b.press('Enter');
      await poll(async () => !(await fieldOpen(b)), SLOW_MS);
      await settle(b);
      const m = await model(b);
      const cards = m.map.cards.filter((c) => c.stage === stage.id && c.lane === lane.id);
      assert.equal(cards.length, 1, 'one card in the cell');
      assert.equal(cards[0].text, text);
      const r = (await view(b)).cards.find((c) => c.id === cards[0].id).rect;
      const img = await shotWhen(b, `${name}-card`, (im) => ink(im, r) > 100);
      assert.ok(ink(img, r) > 100, 'the card shows its text');
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('a reload restores the map from IndexedDB', CASE, async () => {
      // The map of the previous case, saved by the editor itself.
      await b.waitFor(() => window.jmLastSaved !== undefined, null, SLOW_MS);
      await sleep(1300);   // the view is saved within a second of the edit too
      const before = await model(b);
      assert.ok(before.map.cards.some((c) => c.text.startsWith('Compares three offers')), 'the typed card is in the map');
      await b.reload();
      await b.waitFor(() => window.jmFirstFrameMs !== undefined, null, START_MS);
      await settle(b);
      assert.deepEqual(await model(b), before, 'the same map after the reload');
      const stores = await b.evaluate(async () => (await indexedDB.databases?.())?.map((d) => d.name) ?? ['(databases() not available)']);
      assert.ok(stores.length > 0, `IndexedDB holds the library (${stores.join(', ')})`);
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('a template opens from the New map gallery', CASE, async () => {
      await editor(b);
      await clickWidget(b, 'menu.file');
      await clickWidget(b, 'menu.new_template');
      const tiles = await poll(async () => {
        const w = (await view(b)).widgets;
        const keys = Object.keys(w).filter((k) => k.startsWith('tile:'));
        return keys.some((k) => k.startsWith('tile:b2b')) && keys;
      }, SLOW_MS);
      assert.ok(tiles.length >= 8, `the gallery shows its tiles (${tiles.length})`);
      await b.screenshot(`${name}-gallery`);
      const b2b = tiles.find((k) => /^tile:b2b-phone-system(\.en)?\.journey\.json$/.test(k)) || tiles.find((k) => k.startsWith('tile:b2b'));
      await clickWidget(b, b2b);
      await poll(async () => (await model(b)).map.title === B2B_TITLE, SLOW_MS);
      await settle(b);
      const m = (await model(b)).map;
      assert.ok(m.stages.length >= 5 && m.cards.length > 20, `the template's stages and cards (${m.stages.length}, ${m.cards.length})`);
      const v = await view(b);
      assert.equal(v.popup_open, false, 'the gallery closed');
      const card = v.cards.find((c) => c.rect[2] > 60 && c.rect[3] > 30 && c.rect[1] > 0 && c.rect[1] + c.rect[3] < 600);
      assert.ok(card, 'a card of the template is in the window');
      const img = await shotWhen(b, `${name}-template`, (im) => ink(im, card.rect) > 60);
      assert.ok(ink(img, card.rect) > 60, 'a card of the template is drawn with its text');
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('File > Export > SVG downloads the map as SVG', CASE, async (t) => {
      // The B2B map of the previous case (set up again if that case failed).
      if ((await model(b)).map.title !== B2B_TITLE) { assert.equal(await command(b, 'template', 'b2b'), 1); await settle(b); }
      // The blob the page hands to the browser, kept so the file can be compared with it.
      await b.evaluate(() => {
        window.jmTestBlobs = [];
        if (!window.jmTestBlobHook) {
          window.jmTestBlobHook = true;
          const create = URL.createObjectURL;
          URL.createObjectURL = function (o) {
            if (o instanceof Blob) o.text().then((s) => window.jmTestBlobs.push({type: o.type, text: s}));
            return create.call(URL, o);
          };
        }
      });
      for (const f of fs.readdirSync(b.downloads)) fs.rmSync(path.join(b.downloads, f), {force: true});
      await clickWidget(b, 'menu.file');
      await clickWidget(b, 'menu.export');
      await clickWidget(b, 'export.svg');
      const blob = await poll(() => b.evaluate(() => window.jmTestBlobs.find((x) => x.type === 'image/svg+xml')), SLOW_MS);
      // A real download: the engine saves the file in the folder its profile names.
      const file = await poll(() => fs.readdirSync(b.downloads).find((f) => f.endsWith('.svg') &&
        fs.statSync(path.join(b.downloads, f)).size === Buffer.byteLength(blob.text)), SLOW_MS)
        .catch(() => assert.fail(`${name} saved no .svg file of the page's SVG in ${b.downloads} (${fs.readdirSync(b.downloads).join(', ') || 'empty'})`));
      const svg = fs.readFileSync(path.join(b.downloads, file), 'utf8');
      t.diagnostic(`downloaded "${file}" (${svg.length} bytes)`);
      assert.equal(svg, blob.text, 'the saved file is the SVG the page made');
      assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'an SVG document');
      assert.ok(svg.includes(`>${B2B_TITLE}<`), 'the title as text');
      const parsed = await b.evaluate((s) => {
        const d = new DOMParser().parseFromString(s, 'image/svg+xml');
        return {error: !!d.querySelector('parsererror'), texts: d.querySelectorAll('text').length};
      }, svg);
      assert.equal(parsed.error, false, 'the SVG parses in this engine');
      assert.ok(parsed.texts > 50, `text elements for the cards (${parsed.texts})`);
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('an Arabic map is shaped and right to left, and Arabic typed into a card stays in logical order', CASE, async () => {
      await editor(b);
      assert.equal(await command(b, 'load', arabicFixture), 1, 'set-up: the Arabic map loads');
      await settle(b);
      const m = (await model(b)).map;
      assert.equal(m.direction, 'rtl');
      // The map's HTML mirror (what screen readers and the text view read) has its direction and
      // the cards' text in logical order.
      // The mirror follows the map a moment after a load: wait for it to show this map.
      const readMirror = () => b.evaluate(() => {
        const g = document.getElementById('jm-grid');
        return g && {dir: g.getAttribute('dir'), text: g.textContent};
      });
      let mirror = await poll(async () => { const g = await readMirror(); return g && g.text.includes(m.cards[0].text) && g; }, SLOW_MS)
        .catch(readMirror);
      assert.ok(mirror, 'the map has its HTML mirror (#jm-grid)');
      assert.equal(mirror.dir, 'rtl', 'the mirror grid is right to left');
      assert.ok(mirror.text.includes(m.cards[0].text), `the mirror has "${m.cards[0].text}" in logical order`);
      const v = await view(b);
      assert.ok(v.stages[0].header[0] > v.stages[1].header[0], 'the first stage is right of the second');
      const first = v.cards.find((c) => c.id === m.cards[0].id).rect;
      const img = await shotWhen(b, `${name}-arabic`, (im) => ink(im, v.stages[0].header) > 30 && ink(im, first) > 80);
      assert.ok(ink(img, v.stages[0].header) > 30, 'the first stage (on the right) has its name drawn');
      // Shaped: the same cards with every letter in its isolated form (a ZWNJ after each letter, as
      // a missing shaper would draw them) look clearly different.
      const unshaped = JSON.parse(arabicFixture);
      for (const c of unshaped.map.cards) c.text = c.text.replace(/([\u0600-\u06FF])/g, '$1\u200C');
      assert.equal(await command(b, 'load', JSON.stringify(unshaped)), 1);
      await settle(b);
      const a = region(img, ...first);
      const differing = (im) => {
        const c = region(im, ...first);
        return a.filter((p, i) => Math.abs(p[0] - c[i][0]) + Math.abs(p[1] - c[i][1]) + Math.abs(p[2] - c[i][2]) > 60).length;
      };
      const img2 = await shotWhen(b, `${name}-arabic-unshaped`, (im) => differing(im) > a.length * 0.02);
      const differ = differing(img2);
      assert.ok(ink(img, first) > 80, 'the first card has Arabic text drawn');
      assert.ok(differ > a.length * 0.02, `joined letters differ from isolated ones (${differ} of ${a.length} px)`);

      // Typed through the text field: the words reach the map in logical order, right to left.
      assert.equal(await command(b, 'load', arabicFixture), 1);
      await settle(b);
      const words = 'يقارن ثلاثة عروض';
      const v2 = await view(b);
      const m2 = (await model(b)).map;
      const emptyCell = (() => {
        for (let li = 0; li < m2.lanes.length; li++) {
          if (!['actions', 'touchpoints', 'pain_points', 'opportunities', 'thoughts'].includes(m2.lanes[li].type)) continue;
          for (let si = 0; si < m2.stages.length; si++)
            if (!m2.cards.some((cd) => cd.stage === m2.stages[si].id && cd.lane === m2.lanes[li].id)) return {li, si};
        }
        return {li: 0, si: 0};
      })();
      const before = m2.cards.length;
      await editCell(b, v2.cells[emptyCell.li][emptyCell.si]);
      await b.type(words);
      const f = await field(b);
      assert.equal(f.value, words, 'the field holds the words as typed');
      assert.ok(f.rtl, 'the field reads right to left');
      await b.press('Enter');
      await poll(async () => !(await fieldOpen(b)), SLOW_MS);
      const m3 = (await model(b)).map;
      assert.equal(m3.cards.length, before + 1, 'one card added');
      assert.ok(m3.cards.some((cd) => cd.text === words), 'the card holds the Arabic words in logical order');
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });

    test('the embed viewer shows a map from ?src=', CASE, async () => {
      await open(b, env.url + 'embed.html?src=maps/b2b.journey.json');
      await poll(async () => (await model(b)).map.title === B2B_TITLE, SLOW_MS);
      await settle(b);
      const v = await view(b);
      assert.ok(v.cards.length > 20, `the viewer lays out the cards (${v.cards.length})`);
      assert.equal(v.widgets['menu.file'], undefined, 'no editor menus in the viewer');
      const onScreen = v.cards.filter((c) => c.rect[0] >= 0 && c.rect[1] >= 0 && c.rect[0] + c.rect[2] <= 1280 && c.rect[1] + c.rect[3] <= 600);
      assert.ok(onScreen.length > 3, 'cards in the window');
      const drawn = (im) => onScreen.reduce((n, c) => n + ink(im, c.rect, 2), 0);
      const img = await shotWhen(b, `${name}-embed`, (im) => drawn(im) > 300);
      assert.ok(drawn(img) > 300, 'the cards are drawn with their text');
      assert.deepEqual(await newErrors(b), [], 'no page errors');
    });
  });
}
