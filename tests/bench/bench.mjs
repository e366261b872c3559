// Benchmark of the built site (build/web/site) in Debian's headless Chromium, driven by
// playwright-core through the end-to-end harness. Run through tools/bench.sh, which builds first.
//
// stdout: one JSON object per line, {"name", "value", "unit", ...detail}, so runs can be compared
// over time. Nothing else is written to stdout; progress and warnings go to stderr.
//
// `node tests/bench/bench.mjs --frames` measures only frame_build_ms_4800 and frame_build_ms_4800_ar.
//
// Figures:
//   wasm_bytes, data_bytes   file sizes in build/web/site
//   transfer_bytes_gzip      every response body a page load requests, each gzipped at level 9
//   first_frame_ms           navigation start -> first drawn map frame, median of 5 cold loads
//   idle_frames_5s           frames drawn in 5 s without input after the page settled (want 0)
//   frame_build_ms_4800      median NewFrame..Render time (measured in wasm) of the last 100 frames
//                            while middle-drag panning a generated 4,800-card map
//   undo_redo_ms_4800        100 edits + 100 undos + 100 redos on that map, median of 9 runs
//   save_ms_4800             serializing that map: Module.ccall('jm_model_json', 'string'), median of 9
//   share_link_bytes_4800    its JSON compressed with CompressionStream('deflate-raw'), then base64url:
//                            the length of the text a share link carries (computed in the page)
//   autosave_latency_ms      a real edit (keyboard Delete on a selected card of that map) until the
//                            window 'jm-saved' event (the IndexedDB write completed), median of 5
//   load_ms_4800             jm.command('load', json) with that map's JSON (parse + validate + switch),
//                            median of 9
//   frame_build_ms_4800_ar   frame_build_ms_4800 with the interface in Arabic and the 4,800 cards holding
//                            Arabic sentences from the seed articles (tests/fixtures/bidi_sentences.tsv):
//                            a right-to-left map, every card shaped and reordered; the detail gives the
//                            ratio to the Latin figure
//   font_bytes               bytes of the font files the page downloads (inside journeymap.data), as
//                            the page's file system holds them, and gzipped
//   analytics_1m_events_ms   1,000,000 generated events (100,000 people, 10 each, on the B2B
//                            template's cards and stages) and 20,000 NPS answers, generated in the
//                            page, posted to the analytics worker (analytics-worker.js: the core as
//                            wasm in a Web Worker): time from the request to the aggregates (parse +
//                            map + survey + funnel + paths + every attribution model incl. Markov),
//                            the worker already started; the detail splits read and compute
//   analytics_peak_mb        the worker's wasm memory after that run (it only grows: its peak), MB;
//                            the detail adds performance.measureUserAgentSpecificMemory() of the
//                            page and its workers when the browser answers it
//   analytics_frame_ms_during  the editor's frame build time (NewFrame..Render, measured in wasm),
//                            median of the frames drawn while the worker ran, the map panned with
//                            the middle button all along; the detail has p90, max and the main
//                            thread's longest requestAnimationFrame gap over the run
//
//   a11y_mirror_build_ms_4800  the accessible mirror (issue #11) of the 4,800-card map built whole:
//                            Module.ccall('jm_a11y', 'string', ['string'], ['full']) (core build +
//                            JSON) plus the page applying it, JMA11y.mirror(json) (the DOM parsed
//                            and put in place), timed around both with performance.now(); median
//                            of 9. The detail splits core_ms and apply_ms and adds layout_ms (the
//                            style and layout the browser does after, forced by reading a size)
//   a11y_mirror_update_ms_4800 one edit on that map (jm.command('card_move') of one card to another
//                            cell): the editor's next frame rebuilds the mirror reusing every part
//                            whose inputs did not change, diffs it and sends the changed cells;
//                            the figure is that build + diff + JSON (view().a11y.build_ms, timed in
//                            wasm) plus the page patching the DOM (JMA11y.mirror wrapped and timed);
//                            median of 9. The detail gives the parts and bytes sent, and the wall
//                            time from the command to the patch applied (it waits for the next frame)
//
// `node tests/bench/bench.mjs --analytics` measures only the three analytics figures.
// `node tests/bench/bench.mjs --a11y` measures only the two accessibility figures.
//
// The 4,800-card figures are taken on a page made cross-origin isolated (COOP/COEP headers
// added by Playwright, the server is unchanged): Chromium otherwise rounds performance.now(), and
// so the wasm's own timer, to 0.1 ms: too coarse for frame and undo times of a few milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { launch, serve, openEditor, settle, view, command, repo, site as builtSite } from '../e2e/harness.mjs';

const VIEWPORT = {width: 1280, height: 720};
// The site is measured from a copy taken at start: a rebuild of build/web/site while the
// benchmark runs (tools/test.sh, another checkout's build) cannot mix two builds in one run.
let site = builtSite;
const COLD_LOADS = 5;
const PAN_FRAMES = 100;      // frames the pan must last at least, and frames the median is over
const EDIT_BENCH_RUNS = 9;

const log = (...a) => console.error('bench:', ...a);
const emit = (name, value, unit, detail = {}) =>
  process.stdout.write(JSON.stringify({name, value, unit, ...detail}) + '\n');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const gzipSize = (buf) => zlib.gzipSync(buf, {level: 9}).length;

// Loads the page in a fresh context (empty cache) and waits for the first drawn frame, or for the
// loader's error message, or 30 s. Every finished request is recorded with its decoded body.
// isolate: serve every response with COOP/COEP so the page is crossOriginIsolated (fine timers).
async function coldLoad(browser, url, {isolate = false} = {}) {
  const ctx = await browser.newContext({viewport: VIEWPORT});
  if (isolate) {
    await ctx.route('**/*', async (route) => {
      const res = await route.fetch();
      await route.fulfill({response: res, headers: {...res.headers(),
        'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp'}});
    });
  }
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  const bodies = [];  // promises of {url, body}: the body decoded (as the page saw it), or null
  page.on('requestfinished', (req) => bodies.push((async () => {
    let body = null;
    try { body = await (await req.response()).body(); } catch (e) { /* not kept: read from disk later */ }
    return {url: req.url(), body};
  })()));
  page.on('requestfailed', (req) => page.errors.push('request failed: ' + req.url() + ' ' + (req.failure()?.errorText ?? '')));
  await page.goto(url);
  const state = await page.waitForFunction(() => {
    if (window.jmFirstFrameMs !== undefined) return {ok: true};
    const l = document.getElementById('loading');
    if (l && l.classList.contains('error')) return {ok: false, why: document.getElementById('loading-text')?.textContent};
    return false;
  }, null, {timeout: 30000, polling: 50}).then((h) => h.jsonValue(),
    (e) => ({ok: false, why: 'no frame drawn within 30 s (' + e.message.split('\n')[0] + ')'}));
  if (!state.ok) throw new Error('the page did not boot: ' + state.why + (page.errors.length ? '; errors: ' + page.errors.join(' | ') : ''));
  const firstFrameMs = await page.evaluate(() => window.jmFirstFrameMs);
  return {ctx, page, firstFrameMs, requests: () => Promise.all(bodies)};
}

// Sizes of the site's files, and the gzipped bytes of everything one page load requested.
async function measureSizes(browser, url) {
  const fileSize = (f) => fs.statSync(path.join(site, f)).size;
  emit('wasm_bytes', fileSize('journeymap.wasm'), 'bytes');
  emit('data_bytes', fileSize('journeymap.data'), 'bytes');

  const {ctx, page, requests} = await coldLoad(browser, url);
  await settle(page);  // anything the page fetches after its first frame counts too
  const reqs = await requests();
  const files = {};
  let total = 0;
  for (const r of reqs) {
    const u = new URL(r.url);
    if (!u.protocol.startsWith('http')) continue;  // data: and blob: URLs cost no transfer
    let rel = decodeURIComponent(u.pathname).replace(/^\//, '') || 'index.html';
    let body = r.body;
    if (!body) {
      // Chromium may not keep a body it streamed straight into the wasm compiler: use the file.
      log(`no body kept for ${rel}; measuring the file on disk`);
      body = fs.readFileSync(path.join(site, rel));
    }
    const gz = gzipSize(body);
    total += gz;
    // A file requested twice is counted twice (and shows up as "name x2" in the detail).
    const key = files[rel] ? rel + ' x' + (Object.keys(files).filter((k) => k.split(' x')[0] === rel).length + 1) : rel;
    files[key] = gz;
  }
  // Site files the page never asked for (none today: even the favicon is fetched).
  const notLoaded = fs.readdirSync(site).filter((f) => !f.startsWith('.') && !(f in files));
  if (notLoaded.length) log('site files not requested by the page load:', notLoaded.join(', '));
  emit('transfer_bytes_gzip', total, 'bytes', {requests: reqs.length, files, not_requested: notLoaded});
  if (page.errors.length) log('page errors during load:', page.errors.join(' | '));
  await measureFonts(page);
  await ctx.close();
}

async function measureFirstFrame(browser, url) {
  const runs = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const {ctx, firstFrameMs} = await coldLoad(browser, url);
    runs.push(round(firstFrameMs, 1));
    await ctx.close();
  }
  emit('first_frame_ms', round(median(runs), 1), 'ms', {runs});
}

async function measureIdle(page) {
  await settle(page);
  const before = await page.evaluate(() => window.jm.frames());
  await page.waitForTimeout(5000);
  const after = await page.evaluate(() => window.jm.frames());
  emit('idle_frames_5s', after - before, 'frames');
}

// Smallest step of performance.now() in the page, in ms (0.1 unless cross-origin isolated).
const timerResolution = (page) => page.evaluate(() => {
  let best = Infinity, x = performance.now();
  for (let i = 0; i < 1e6 && best > 0.001; i++) { const y = performance.now(); if (y !== x) { best = Math.min(best, y - x); x = y; } }
  return Math.round(best * 1000) / 1000;
});

// Generates the 4,800-card map (card texts: the editor's Latin ones, or `texts`). Returns a note
// when a workaround was needed, else undefined.
async function generateBigMap(page, texts) {
  const cards = await command(page, 'generate', '40x12x10' + (texts ? '\n' + texts.join('\n') : ''));
  if (cards !== 4800) throw new Error(`generate 40x12x10 made ${cards} cards, expected 4800`);
  await settle(page);
  let v = await view(page);
  let note;
  if (v.stages.length !== 40 || v.cards.length === 0) {
    // Seen: "generate" assigns a fresh Map (revision 0) and the canvas keeps the layout cached for
    // the old map's revision 0, so nothing of the new map is laid out. One edit, undone and redone,
    // bumps the revision and forces the layout (it leaves one card with " (edited)" appended).
    note = `generate left a stale layout (${v.stages.length} stages, ${v.cards.length} cards laid out); ` +
           'forced a relayout with edit_bench 1';
    log('WARNING: ' + note);
    await command(page, 'edit_bench', '1');
    await settle(page);
    v = await view(page);
  }
  if (v.stages.length !== 40 || v.lanes.length !== 12 || v.cards.length === 0)
    throw new Error(`the generated map is not laid out: ${v.stages.length} stages, ${v.lanes.length} lanes, ${v.cards.length} cards`);
  return note;
}

// Pans the 4,800-card map with a real middle-button drag in small mouse steps until at least
// PAN_FRAMES frames were drawn during the drag, then takes the median of the last PAN_FRAMES.
async function measurePan(page, note, name = 'frame_build_ms_4800', extra = {}) {
  const v0 = await view(page);
  const [gx0, gy0] = v0.grid.min;
  const [gx1, gy1] = v0.grid.max;
  // The visible part of the grid (it extends far beyond the window on this map).
  const right = Math.min(gx1, VIEWPORT.width) - 20, bottom = Math.min(gy1, VIEWPORT.height) - 20;
  const left = Math.max(gx0, 0) + 20, top = Math.max(gy0, 0) + 20;
  if (right - left < 200 || bottom - top < 100) throw new Error('the grid is not on screen: ' + JSON.stringify(v0.grid));
  // Drag from the bottom-right towards the top-left: the map scrolls right and down (the
  // scroll starts at 0,0 and cannot go below it). 3 px steps, LEG of them before turning back,
  // so the pointer stays over the visible grid.
  const LEG = 120;
  let x = right, y = bottom;
  const dx = -Math.min(3, (right - left) / LEG), dy = -Math.min(1, (bottom - top) / LEG);
  await page.mouse.move(x, y);
  await settle(page);
  const framesBefore = await page.evaluate(() => window.jm.frames());
  await page.mouse.down({button: 'middle'});
  const t0 = Date.now();
  let moves = 0, drawn = 0;
  // After each move, wait for the next drawn frame (at most 2 s), then move again. Chromium
  // delivers mouse moves aligned to animation frames, so this comes to about 2 frames per move;
  // frames without a move in between cost the same (ImGui rebuilds everything every frame).
  // A few frames beyond PAN_FRAMES so the ring's last 100 are all from the drag.
  while (drawn < PAN_FRAMES + 10) {
    if (moves >= 10 * PAN_FRAMES) throw new Error(`only ${drawn} frames drawn after ${moves} mouse moves`);
    const dir = Math.floor(moves / LEG) % 2 ? -1 : 1;
    x += dir * dx; y += dir * dy;
    const seen = framesBefore + drawn;
    await page.mouse.move(x, y);
    drawn = await page.evaluate(async (n) => {
      const until = performance.now() + 2000;
      while (window.jm.frames() <= n && performance.now() < until) await new Promise((r) => requestAnimationFrame(r));
      return window.jm.frames();
    }, seen) - framesBefore;
    moves++;
  }
  const wallMs = Date.now() - t0;  // mostly SwiftShader drawing and CDP round trips, not the wasm
  const v1 = await view(page);  // read while still dragging: the ring holds only drag frames
  await page.mouse.up({button: 'middle'});
  await settle(page);
  const moved = Math.hypot(v1.scroll[0] - v0.scroll[0], v1.scroll[1] - v0.scroll[1]);
  if (!(moved > 1)) throw new Error(`the middle drag did not pan: scroll ${JSON.stringify(v0.scroll)} -> ${JSON.stringify(v1.scroll)}`);
  const last = v1.frame_ms.slice(-PAN_FRAMES);
  if (last.length < PAN_FRAMES) throw new Error(`only ${last.length} frame times recorded`);
  const value = round(median(last), 3);
  emit(name, value, 'ms', {...(typeof extra === 'function' ? extra(value) : extra),
    frames: last.length, p90: round(quantile(last, 0.9), 3), min: round(Math.min(...last), 3), max: round(Math.max(...last), 3),
    drag_frames: drawn, mouse_moves: moves, wall_ms: wallMs, cards_laid_out: v1.cards.length,
    scroll_from: v0.scroll.map((s) => round(s, 1)), scroll_to: v1.scroll.map((s) => round(s, 1)),
    timer_resolution_ms: await timerResolution(page), ...(note ? {workaround: note} : {}),
  });
  return value;
}

// Arabic sentences of the seed articles, as the bidi fixture holds them verbatim; those of a card's
// length (the Latin texts run 7 to 50 characters), so both maps wrap to similar card heights.
function seedArabic() {
  const rows = fs.readFileSync(path.join(repo, 'tests/fixtures/bidi_sentences.tsv'), 'utf8').split('\n');
  const out = [];
  for (const r of rows) {
    if (r.startsWith('#')) continue;
    const text = r.split('\t')[1] || '';
    if (/[\u0600-\u06FF]/.test(text) && text.length >= 8 && text.length <= 70) out.push(text);
  }
  if (out.length < 8) throw new Error(`only ${out.length} Arabic sentences of card length in the fixture`);
  return out;
}

// The same pan on the 4,800-card map in Arabic: interface in Arabic, cards of Arabic sentences.
async function measurePanArabic(browser, url, latinMs) {
  const {page} = await coldLoad(browser, url, {isolate: true});
  try {
    await settle(page);
    if (await command(page, 'language', 'ar') !== 1) throw new Error('the Arabic interface could not be chosen');
    await settle(page);
    const lang = (await view(page)).language;
    if (lang !== 'ar') throw new Error(`the interface is in ${lang}, not Arabic`);
    const texts = seedArabic();
    const note = await generateBigMap(page, texts);
    const m = await page.evaluate(() => { const m = window.jm.model().map; return {dir: m.direction, first: m.cards[0].text, stage: m.stages[0].name}; });
    if (m.dir !== 'rtl' || !/[\u0600-\u06FF]/.test(m.first)) throw new Error('the generated map is not Arabic: ' + JSON.stringify(m));
    await measurePan(page, note, 'frame_build_ms_4800_ar', (value) => ({
      latin_ms: latinMs, ratio_to_latin: latinMs ? round(value / latinMs, 3) : null, sentences: texts.length,
      direction: m.dir, first_card: m.first, first_stage: m.stage}));
    if (page.errors.length) log('page errors:', page.errors.join(' | '));
  } finally {
    await page.context().close();
  }
}

// The fonts the page downloads: read back from the page's own file system (the data package it
// fetched), so the figure is what a visitor gets, not what the build folder happens to hold.
async function measureFonts(page) {
  const fonts = await page.evaluate(() => {
    const FS = window.Module.FS;
    return FS.readdir('/fonts').filter((f) => f.endsWith('.ttf')).map((f) => ({name: f, bytes: Array.from(FS.readFile('/fonts/' + f))}));
  });
  if (!fonts.length) throw new Error('no fonts in the page file system');
  const files = {};
  let total = 0, gz = 0;
  for (const f of fonts) {
    const buf = Buffer.from(f.bytes);
    files[f.name] = buf.length;
    total += buf.length;
    gz += gzipSize(buf);
  }
  emit('font_bytes', total, 'bytes', {gzip_bytes: gz, files});
}

// edit_bench on the 4,800-card map: returns microseconds for N edits + N undos + N redos.
async function measureUndoRedo(page, note) {
  const runs = [];
  for (let i = 0; i < EDIT_BENCH_RUNS; i++) {
    const us = await command(page, 'edit_bench', '100');
    if (!(us >= 0)) throw new Error('edit_bench returned ' + us);
    runs.push(round(us / 1000, 3));
  }
  emit('undo_redo_ms_4800', round(median(runs), 3), 'ms', {runs, edits: 100, ...(note ? {workaround: note} : {})});
}

// ---- The accessible mirror on the 4,800-card map (issue #11) ------------------------------------
const A11Y_RUNS = 9;

async function measureA11y(page) {
  const ready = await page.evaluate(() => ({mirror: typeof window.JMA11y?.mirror, api: typeof window.Module?._jm_a11y}));
  if (ready.mirror !== 'function' || ready.api !== 'function') throw new Error('no accessible mirror in this build: ' + JSON.stringify(ready));
  await settle(page);
  // The whole mirror: core build + JSON, then the page applying it.
  const build = await page.evaluate((runs) => {
    const out = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const json = window.Module.ccall('jm_a11y', 'string', ['string'], ['full']);
      const t1 = performance.now();
      window.JMA11y.mirror(json);
      const t2 = performance.now();
      document.getElementById('jm-grid').getBoundingClientRect();   // style + layout, normally at the next frame
      const t3 = performance.now();
      out.push({total: t2 - t0, core: t1 - t0, apply: t2 - t1, layout: t3 - t2, bytes: json.length});
    }
    return {runs: out, options: document.querySelectorAll('#jm-grid [role=option], #jm-grid [role=slider]').length,
            cells: document.querySelectorAll('#jm-grid [role=gridcell]').length};
  }, A11Y_RUNS);
  if (build.options !== 4800) throw new Error(`the mirror holds ${build.options} options and sliders, expected 4800`);
  const col = (k) => build.runs.map((r) => r[k]);
  emit('a11y_mirror_build_ms_4800', round(median(col('total')), 3), 'ms', {runs: col('total').map((x) => round(x, 3)),
    core_ms: round(median(col('core')), 3), apply_ms: round(median(col('apply')), 3), layout_ms: round(median(col('layout')), 3),
    json_bytes: build.runs[0].bytes, cells: build.cells, options: build.options, aim_ms: 50});

  // One edit: the page's patch timed by wrapping JMA11y.mirror, the core's side from view().a11y.
  await page.evaluate(() => {
    const J = window.JMA11y, orig = J.jmBenchOrig || J.mirror;
    J.jmBenchOrig = orig;
    window.jmA11yBench = [];
    J.mirror = function (json) {
      const t0 = performance.now();
      const r = orig.call(this, json);
      const t1 = performance.now();
      let full = null, parts = null;
      try { const m = JSON.parse(json); full = !!m.full; parts = m.parts ? m.parts.length : null; } catch (e) { /* counted as unknown */ }
      window.jmA11yBench.push({t0, t1, full, parts, bytes: json.length});
      return r;
    };
  });
  const m = await page.evaluate(() => { const m = window.jm.model().map; return {stages: m.stages.map((s) => s.id), lanes: m.lanes.map((l) => l.id), cards: m.cards.slice(0, 40).map((c) => [c.id, c.stage, c.lane])}; });
  const runs = [];
  for (let i = 0; i < A11Y_RUNS; i++) {
    await settle(page, 80);
    const [id, stage, lane] = m.cards[i];
    const to = m.stages[(m.stages.indexOf(stage) + 1 + i) % m.stages.length], toLane = m.lanes[(m.lanes.indexOf(lane) + 1) % m.lanes.length];
    const r = await page.evaluate(async ([id, to, toLane]) => {
      const n = window.jmA11yBench.length;
      const t0 = performance.now();
      if (window.jm.command('card_move', `${id} ${to} ${toLane}`) !== 1) return {error: 'card_move refused'};
      const until = t0 + 3000;
      while (window.jmA11yBench.length === n && performance.now() < until) await new Promise((r) => requestAnimationFrame(r));
      if (window.jmA11yBench.length === n) return {error: 'no mirror message within 3 s of the edit'};
      const p = window.jmA11yBench[n], a = window.jm.view().a11y || {};
      return {apply: p.t1 - p.t0, wall: p.t1 - t0, full: p.full, parts: p.parts, bytes: p.bytes, core: a.build_ms};
    }, [id, to, toLane]);
    if (r.error) throw new Error('a11y update: ' + r.error);
    if (r.full) throw new Error('one card move sent the whole mirror, not a patch');
    if (typeof r.core !== 'number') throw new Error('view().a11y.build_ms is missing: the core side of the update cannot be timed');
    runs.push(r);
  }
  const u = (k) => runs.map((r) => r[k]);
  const totals = runs.map((r) => r.core + r.apply);
  emit('a11y_mirror_update_ms_4800', round(median(totals), 3), 'ms', {runs: totals.map((x) => round(x, 3)),
    core_ms: round(median(u('core')), 3), apply_ms: round(median(u('apply')), 3), wall_ms_to_applied: round(median(u('wall')), 1),
    parts: median(u('parts')), patch_bytes: median(u('bytes')), edit: 'jm.command("card_move") of one card to another stage and lane', aim_ms: 5});
  await page.evaluate(() => { window.JMA11y.mirror = window.JMA11y.jmBenchOrig; });
}

// ---- Save, share link, autosave, load on the 4,800-card map -------------------------------------
const FILE_RUNS = 9;
const AUTOSAVE_RUNS = 5;

// Times fn in the page `runs` times; returns the times in ms.
const timeInPage = (page, runs, body) => page.evaluate(([runs, body]) => {
  const fn = new Function(body);
  const out = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); fn(); out.push(performance.now() - t0); }
  return out;
}, [runs, body]);

async function measureFiles(browser, url, page) {
  await command(page, 'generate', '40x12x10');   // the map as generated (undo/redo above edited it)
  await settle(page);
  // save_ms_4800: the serializer, as the library's autosave and "Save as file" call it.
  const saveRuns = await timeInPage(page, FILE_RUNS, "window.Module.ccall('jm_model_json', 'string', [], []);");
  const info = await page.evaluate(() => {
    const json = window.Module.ccall('jm_model_json', 'string', [], []);
    window.jmBenchJson = json;
    return {chars: json.length, bytes: new TextEncoder().encode(json).length, cards: JSON.parse(json).map.cards.length};
  });
  if (info.cards !== 4800) throw new Error(`the map has ${info.cards} cards, expected 4800`);
  emit('save_ms_4800', round(median(saveRuns), 3), 'ms', {runs: saveRuns.map((x) => round(x, 3)), json_bytes: info.bytes});

  // share_link_bytes_4800: what a share link (#map=...) would carry, computed as app.js does.
  const share = await page.evaluate(async () => {
    const json = window.jmBenchJson;
    const packed = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    const b64url = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const app = window.JMApp.packMap ? (await window.JMApp.packMap(json)).length : null;
    return {length: b64url.length, deflate: bytes.length, app};
  });
  emit('share_link_bytes_4800', share.length, 'bytes', {json_bytes: info.bytes, deflate_raw_bytes: share.deflate,
    ...(share.app !== null ? {app_packMap_bytes: share.app} : {})});

  await measureAutosave(page);
  await measureLoad(browser, url, page);
}

// A real edit: click a visible card (selecting it), wait for the session write that follows, then
// press Delete and time keydown -> 'jm-saved'. The map has thousands of cards: one fewer is the same map.
async function measureAutosave(page) {
  await page.evaluate(() => {
    window.jmBench = {key: 0, saved: 0};
    window.addEventListener('keydown', (e) => { if (e.key === 'Delete') window.jmBench.key = performance.now(); }, true);
    window.addEventListener('jm-saved', () => { window.jmBench.saved = performance.now(); });
  });
  const waitSaved = (after, ms) => page.waitForFunction((after) => window.jmBench.saved > after, after, {timeout: ms, polling: 10})
    .then(() => true, () => false);
  const runs = [];
  let cardsBefore = (await page.evaluate(() => window.jm.model().map.cards.length));
  for (let i = 0; i < AUTOSAVE_RUNS; i++) {
    const v = await view(page);
    // A card fully inside the canvas and left of the inspector.
    const c = v.cards.find((c) => c.rect[0] > 150 && c.rect[1] > 150 && c.rect[0] + c.rect[2] < 900 && c.rect[1] + c.rect[3] < VIEWPORT.height - 60);
    if (!c) throw new Error('no card on screen to delete');
    const t = await page.evaluate(() => performance.now());
    await page.mouse.click(c.rect[0] + c.rect[2] / 2, c.rect[1] + c.rect[3] / 2);
    await waitSaved(t, 3000);   // the selection is written too (within a second): let it go first
    await settle(page);
    await page.waitForTimeout(300);
    const sel = (await view(page)).selection;
    if (sel.length !== 1 || sel[0] !== c.id) throw new Error(`clicking card ${c.id} selected ${JSON.stringify(sel)}`);
    const before = await page.evaluate(() => window.jmBench.saved);
    await page.keyboard.press('Delete');
    if (!(await waitSaved(before, 10000))) throw new Error('no jm-saved event within 10 s of the Delete key');
    const r = await page.evaluate(() => ({ms: window.jmBench.saved - window.jmBench.key, cards: window.jm.model().map.cards.length}));
    if (r.cards !== cardsBefore - 1) throw new Error(`Delete left ${r.cards} cards (was ${cardsBefore})`);
    cardsBefore = r.cards;
    runs.push(round(r.ms, 1));
    await settle(page);
  }
  emit('autosave_latency_ms', round(median(runs), 1), 'ms', {runs, edit: 'keyboard Delete on a selected card of the 4,800-card map',
    note: 'includes the deliberate autosave delay (app.js waits 600 ms after a map change before writing)'});
}

// jm.command('load', json) on the 4,800-card map's JSON. Seen: ccall copies string arguments onto
// the 1 MB wasm stack (4 bytes per character reserved), so a JSON this size overruns it and the
// call fails ("memory access out of bounds"), leaving the page broken. Then the figure is taken
// on a fresh page by calling the same export with the text in wasm heap memory (malloc'd and
// copied in the timed part, as ccall would), and the result says so.
async function measureLoad(browser, url, page) {
  const json = await page.evaluate(() => window.jmBenchJson);
  const first = await page.evaluate(() => {
    const t0 = performance.now();
    try {
      const r = window.jm.command('load', window.jmBenchJson);
      return {ok: r === 1, ms: performance.now() - t0, r, toast: window.jm.view().toast};
    } catch (e) { return {ok: false, error: String(e && e.message || e)}; }
  });
  if (first.ok) {
    const runs = [round(first.ms, 3), ...(await timeInPage(page, FILE_RUNS - 1, "if (window.jm.command('load', window.jmBenchJson) !== 1) throw new Error('load refused: ' + window.jm.view().toast);")).map((x) => round(x, 3))];
    emit('load_ms_4800', round(median(runs), 3), 'ms', {runs, json_bytes: Buffer.byteLength(json)});
    return;
  }
  const why = first.error ? 'jm.command("load", json) threw: ' + first.error : `jm.command("load", json) returned ${first.r}: ${first.toast}`;
  log('WARNING: ' + why + '; measuring load through heap memory on a fresh page');
  const {ctx, page: fresh} = await coldLoad(browser, url, {isolate: true});
  try {
    await settle(fresh);
    await fresh.evaluate((json) => { window.jmBenchJson = json; }, json);
    const runs = (await timeInPage(fresh, FILE_RUNS, `
      const M = window.Module, s = window.jmBenchJson;
      const put = (t) => { const n = M.lengthBytesUTF8(t) + 1; const p = M._malloc(n); M.stringToUTF8(t, p, n); return p; };
      const name = put('load'), arg = put(s);
      const r = M._jm_command(name, arg);
      M._free(name); M._free(arg);
      if (r !== 1) throw new Error('load refused: ' + window.jm.view().toast);`)).map((x) => round(x, 3));
    const cards = await fresh.evaluate(() => window.jm.model().map.cards.length);
    if (cards !== 4800) throw new Error(`after load the map has ${cards} cards`);
    emit('load_ms_4800', round(median(runs), 3), 'ms', {runs, json_bytes: Buffer.byteLength(json),
      workaround: why + '; timed as Module._jm_command("load", text) with both strings in heap memory (malloc + copy included)'});
    const errs = fresh.errors.filter((e) => !e.startsWith('request failed'));   // the service worker's precache, cut by the close
    if (errs.length) log('page errors:', errs.join(' | '));
  } finally {
    await ctx.close();
  }
}

// The analytics worker on a million events, with the editor panned meanwhile (see the header).
async function measureAnalytics(browser, url) {
  const {page} = await coldLoad(browser, url, {isolate: true});
  try {
    await settle(page);
    if (await command(page, 'template', 'b2b-phone-system.journey.json') !== 1) throw new Error('no B2B template');
    await settle(page);
    const gen = await page.evaluate(() => {
      const t0 = performance.now();
      const m = window.jm.model().map;
      const cards = m.cards.map((c) => c), stages = m.stages.map((s) => s.id);
      const events = ['visit', 'read', 'demo', 'call', 'trial', 'quote', 'order', 'support'];
      const channels = ['website', 'email', 'phone', 'partner', 'direct'];
      const start = Date.parse('2026-01-01T00:00:00Z');
      const parts = ['person_id,timestamp,event,session_id,channel,touchpoint_id,stage,value,conversion\n'];
      let chunk = '';
      let x = 12345;   // a fixed-seed LCG: the same file every run
      const rnd = (n) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
      for (let p = 0; p < 100000; p++) {
        let t = start + rnd(300) * 86400000;
        const converts = rnd(5) === 0;
        for (let k = 0; k < 10; k++) {
          t += (1 + rnd(72)) * 3600000;
          const c = cards[(p + k * 7 + rnd(3)) % cards.length];
          const last = k === 9;
          chunk += 'p' + p + ',' + new Date(t).toISOString() + ',' + (last && converts ? 'order' : events[rnd(8)]) + ',' +
            'p' + p + '-' + (k >> 2) + ',' + channels[rnd(5)] + ',' + c.id + ',' + (c.stage !== undefined ? c.stage : stages[k % stages.length]) + ',' +
            (last && converts ? 100 + rnd(900) : '') + ',' + (last && converts ? 1 : 0) + '\n';
        }
        if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ''; }
      }
      parts.push(chunk);
      const answers = ['person_id,timestamp,metric,score,touchpoint_id,stage\n'];
      for (let i = 0; i < 20000; i++) {
        const c = cards[rnd(cards.length)];
        answers.push('p' + rnd(100000) + ',' + new Date(start + rnd(360) * 86400000).toISOString() + ',nps,' + rnd(11) + ',' + c.id + ',' + (c.stage !== undefined ? c.stage : '') + '\n');
      }
      window.jmBenchFiles = [new Blob(parts), new Blob(answers)];
      return {ms: performance.now() - t0, bytes: window.jmBenchFiles[0].size + window.jmBenchFiles[1].size};
    });
    log(`analytics: ${round(gen.bytes / 1048576, 1)} MB of CSV generated in ${round(gen.ms, 0)} ms`);
    // The worker is started and its wasm compiled before the clock starts (a page does it once).
    await page.evaluate(async () => {
      const w = window.jmBenchWorker = new Worker('analytics-worker.js');
      await new Promise((res, rej) => { w.onmessage = (e) => (e.data.type === 'error' ? rej(new Error(e.data.message)) : res()); w.postMessage({op: 'people', seq: 0}); });
    });
    const v0 = await view(page);
    const [gx0, gy0] = v0.grid.min, [gx1, gy1] = v0.grid.max;
    const left = Math.max(gx0, 0) + 20, top = Math.max(gy0, 0) + 20;
    const right = Math.min(gx1, VIEWPORT.width) - 20, bottom = Math.min(gy1, VIEWPORT.height) - 20;
    const frames0 = await page.evaluate(() => window.jm.frames());
    await page.evaluate(async () => {
      const w = window.jmBenchWorker;
      const [ev, an] = await Promise.all(window.jmBenchFiles.map((b) => b.arrayBuffer()));
      const map = window.JMApp.api('jm_model_json', 'string', [], []);
      const r = window.jmBenchRun = {gaps: [], done: false};
      let last = performance.now();
      const tick = () => { const now = performance.now(); r.gaps.push([now - last, now]); last = now; if (!r.done) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      r.t0 = performance.now();
      w.onmessage = (e) => {
        const m = e.data;
        if (m.type === 'progress') return;
        if (m.type === 'error') { r.error = m.message; r.done = true; return; }
        if (m.seq === 1) { r.loaded = performance.now(); r.counts = m.counts; r.reports = m.reports.map((x) => ({rows: x.rows, accepted: x.accepted, error: x.error || ''})); }
        if (m.seq === 2) { r.end = performance.now(); r.memory = m.memory; r.aggBytes = m.json.length; r.done = true;
                           const a = JSON.parse(m.json); r.models = a.attribution.map((x) => x.model); r.funnel = a.funnel.steps.map((s) => s.count); }
      };
      w.postMessage({op: 'load', seq: 1, files: [{name: 'events.csv', kind: 'events', bytes: ev}, {name: 'answers.csv', kind: 'responses', bytes: an}]}, [ev, an]);
      w.postMessage({op: 'compute', seq: 2, map});
    });
    // Pan the editor with the middle button while the worker runs.
    let x = right, y = bottom, moves = 0;
    await page.mouse.move(x, y);
    await page.mouse.down({button: 'middle'});
    const deadline = Date.now() + 300000;
    while (!(await page.evaluate(() => window.jmBenchRun.done))) {
      if (Date.now() > deadline) throw new Error('the analytics worker did not answer within 5 minutes');
      const dir = Math.floor(moves / 100) % 2 ? 1 : -1;
      x = Math.max(left, Math.min(right, x + dir * 3));
      y = Math.max(top, Math.min(bottom, y + dir));
      await page.mouse.move(x, y);
      await page.waitForTimeout(16);
      moves++;
    }
    const v1 = await view(page);
    await page.mouse.up({button: 'middle'});
    const frames = (await page.evaluate(() => window.jm.frames())) - frames0;
    const r = await page.evaluate(() => {
      const r = window.jmBenchRun, gaps = r.gaps.slice(1);
      const worst = gaps.reduce((a, b) => (b[0] > a[0] ? b : a), [0, r.t0]);
      return {...r, gaps: undefined, maxGap: worst[0], maxGapEndsAt: worst[1] - r.t0, gapCount: r.gaps.length,
              longGaps: gaps.filter((g) => g[0] > 50).length};
    });
    if (r.error) throw new Error('the analytics worker failed: ' + r.error);
    let uasm = null;
    uasm = await page.evaluate(() => {
      if (!window.crossOriginIsolated || typeof performance.measureUserAgentSpecificMemory !== 'function') return null;
      return Promise.race([performance.measureUserAgentSpecificMemory().then((m) => m.bytes),
                           new Promise((res) => setTimeout(() => res(null), 20000))]);
    }).catch(() => null);
    await page.evaluate(() => window.jmBenchWorker.terminate());
    emit('analytics_1m_events_ms', round(r.end - r.t0, 1), 'ms', {read_ms: round(r.loaded - r.t0, 1), compute_ms: round(r.end - r.loaded, 1),
      events: r.counts.events, responses: r.counts.responses, csv_bytes: gen.bytes, reports: r.reports, funnel: r.funnel,
      attribution_models: r.models.length, aggregates_json_bytes: r.aggBytes,
      includes: 'parse (events + answers), mapping to cards, survey scores, funnel, Sankey and directly-follows graph, all attribution models (Markov, Shapley, Fractribution...)'});
    emit('analytics_peak_mb', round(r.memory / 1048576, 1), 'MB', {source: 'the worker\'s WebAssembly.Memory size after the run (it never shrinks: its peak)',
      measure_user_agent_specific_memory_mb: uasm === null ? null : round(uasm / 1048576, 1)});
    const ft = v1.frame_ms.slice(-Math.min(frames, v1.frame_ms.length));
    if (ft.length) {
      emit('analytics_frame_ms_during', round(median(ft), 3), 'ms', {frames: ft.length, p90: round(quantile(ft, 0.9), 3), max: round(Math.max(...ft), 3),
        mouse_moves: moves, main_thread_longest_frame_gap_ms: round(r.maxGap, 1), longest_gap_ends_ms_after_request: round(r.maxGapEndsAt, 1),
        animation_frame_gaps_over_50ms: r.longGaps, animation_frames: r.gapCount, load_average: os.loadavg()[0],
        timer_resolution_ms: await timerResolution(page)});
    } else log('analytics: no editor frame drawn while the worker ran');
    if (page.errors.length) log('page errors:', page.errors.join(' | '));
  } finally {
    await page.context().close();
  }
}

async function main() {
  for (const f of ['index.html', 'journeymap.js', 'journeymap.wasm', 'journeymap.data'])
    if (!fs.existsSync(path.join(site, f))) throw new Error(`${path.join(site, f)} is missing: build with tools/bench.sh (or tools/build.sh web journeymap_web jm_site)`);
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-bench-site-'));
  fs.cpSync(builtSite, site, {recursive: true});
  const browser = await launch();
  const srv = await serve({root: site});
  try {
    if (process.argv.includes('--analytics')) {
      await measureAnalytics(browser, srv.url);
      return;
    }
    if (process.argv.includes('--a11y')) {
      const big = (await coldLoad(browser, srv.url, {isolate: true})).page;
      await settle(big);
      await generateBigMap(big);
      await measureA11y(big);
      const errs = big.errors.filter((e) => !e.startsWith('request failed'));   // the service worker's precache, cut by the close
      if (errs.length) log('page errors:', errs.join(' | '));
      return;
    }
    if (process.argv.includes('--frames')) {
      // Only the two frame build figures, Latin then Arabic (a quick check while working on drawing).
      const big = (await coldLoad(browser, srv.url, {isolate: true})).page;
      await settle(big);
      const latinMs = await measurePan(big, await generateBigMap(big));
      await big.context().close();
      await measurePanArabic(browser, srv.url, latinMs);
      return;
    }
    log('sizes and transfer');
    await measureSizes(browser, srv.url);
    log(`first frame, ${COLD_LOADS} cold loads`);
    await measureFirstFrame(browser, srv.url);
    log('idle frames, 5 s');
    const page = await openEditor(browser, srv.url, VIEWPORT);
    await measureIdle(page);
    if (page.errors.length) log('page errors:', page.errors.join(' | '));
    await page.context().close();

    log('frame build time on 4,800 cards');
    const big = (await coldLoad(browser, srv.url, {isolate: true})).page;
    await settle(big);
    const note = await generateBigMap(big);
    const latinMs = await measurePan(big, note);
    log('undo/redo on 4,800 cards');
    await measureUndoRedo(big, note);
    log('accessible mirror on 4,800 cards');
    await measureA11y(big);
    log('save, share link, autosave and load on 4,800 cards');
    await measureFiles(browser, srv.url, big);
    if (big.errors.length) log('page errors:', big.errors.join(' | '));
    await big.context().close();
    log('frame build time on 4,800 Arabic cards, Arabic interface');
    await measurePanArabic(browser, srv.url, latinMs);
    log('the analytics worker on 1,000,000 events');
    await measureAnalytics(browser, srv.url);
  } finally {
    await browser.close();
    await new Promise((r) => srv.server.close(r));
    fs.rmSync(site, {recursive: true, force: true});
  }
}

main().catch((e) => {
  console.error('bench: FAILED: ' + (e && e.stack || e));
  process.exit(1);
});
