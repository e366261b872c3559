// Benchmark of the built site (build/web/site) in Debian's headless Chromium, driven by
// playwright-core through the end-to-end harness. Run through tools/bench.sh, which builds first.
//
// stdout: one JSON object per line, {"name", "value", "unit", ...detail}, so runs can be compared
// over time. Nothing else is written to stdout; progress and warnings go to stderr.
//
// `node tests/bench/bench.mjs --frames` measures only frame_build_ms_4800 and frame_build_ms_4800_ar.
//
// Figures:
//   wasm_bytes, data_bytes   file sizes in build/web/site (wasm_bytes: the editor's first part,
//                            the second beside it); viewer_wasm_bytes: the viewer's own first part
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
//   load_ms_4800             jm.command('load', json) with that map's JSON (into the heap, parse +
//                            validate + switch + fit), median of 9, the map on screen saved before each
//                            run; the detail has back-to-back loads (each first saving the previous one)
//   transfer_bytes_brotli    transfer_bytes_gzip with brotli (quality 11)
//   viewer_transfer_bytes_gzip/_brotli  what embed.html?src=<template> downloads until its map is on
//                            screen (the page's real network log up to that frame)
//   viewer_map_ms            embed.html?src=<template>: navigation start -> the frame that drew the map
//   startup_breakdown_ms     the editor's first frame split into phases (downloads, wasm compile and
//                            instantiate, data package, main -> GL context, ImGui/editor init, font
//                            atlas, first frame build and draw): performance.mark()s of app.js and
//                            main.cpp (perf_marks.cpp), resource timing and an injected probe
//   first_frame_ms_throttled first_frame_ms on a 10 Mbit/s, 40 ms link (CDP), cache disabled
//   imgui_stock_first_frame_ms  Dear ImGui's stock example (tests/bench/imgui_stock/build.sh), first draw;
//                            the detail gives the editor's figures as ratios to it
//   startup_paired_ms        the editor's first frame, the viewer's map and the stock example's first
//                            draw loaded in turn, 12 rounds (the order rotating): medians, and the
//                            medians of the ratios within a round (the steadier comparison); with
//                            them the GL floor (tests/bench/gl_floor: a page that draws one WebGL
//                            triangle, no wasm), what no WebGL-drawn first frame can beat
//   returning_picture_ms     the editor opened again shows a picture of its last frame before the
//                            wasm runs (web/snapshot.js): when it was presented
//                            (tests/bench/returning_bench.mjs)
//   edit_to_frame_ms_4800    a real Delete key press on a selected card of the 4,800-card map until the
//                            end of the animation frame whose canvas drew the change (jm_drawn_revision)
//   memory_mb_4800           wasm memory + JS heap used (CDP Runtime.getHeapUsage) with that map loaded
//   pptx_ms_4800             the 4,800-card map as a .pptx slide deck, built in the wasm as File >
//                            Export builds it (no download), median of 5; pptx_bytes_4800 its size
//   xlsx_ms_4800             the same for the .xlsx workbook
//   merge_ms_4800            three-way merge (core/merge.h merge_maps, in the wasm) of two copies of a
//                            generated 4,800-card map, each edited by one author through the editor's
//                            commands (texts or colours of 96 cards, 20 moved, 20 added with clashing
//                            ids, 10 deleted, a stage renamed, 5 cards edited on both sides: conflicts):
//                            Module._jm_bench_merge() (src/editor/merge_bench.cpp), median of 9
//   diff_ms_4800             diff_maps of the base and one of those copies, the same way, median of 9
//
// `--startup`: only sizes and start-up figures; `--returning`: the stock example and the picture
// figure; `--edit`: only edit-to-frame, save, load, memory, merge.
// `--viewer`: the editor's first frame and the viewer's map, each with its start-up phases.
// `--paired`: only startup_paired_ms.
// JM_BENCH_SITE=DIR measures another built site (before/after comparisons).
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
//   portfolio_open_ms_200    200 generated maps of 100 to 500 cards (60,000 in all) chosen as a folder in the
//                            portfolio page (portfolio.html, its real folder input), read and rolled up by
//                            the core as wasm, the action table drawn: the page's timer from the input's
//                            change to the table in the DOM, median of 5 after one (tests/bench/portfolio_bench.mjs)
//
// `node tests/bench/bench.mjs --analytics` measures only the three analytics figures.
// `node tests/bench/bench.mjs --portfolio` measures only portfolio_open_ms_200.
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
import { measurePortfolio } from './portfolio_bench.mjs';
import { measureReturning } from './returning_bench.mjs';

const VIEWPORT = {width: 1280, height: 720};
// The site is measured from a copy taken at start: a rebuild of build/web/site while the
// benchmark runs (tools/test.sh, another checkout's build) cannot mix two builds in one run.
// JM_BENCH_SITE=DIR measures another built site (an older build, an experiment) the same way.
const sourceSite = process.env.JM_BENCH_SITE ? path.resolve(process.env.JM_BENCH_SITE) : builtSite;
let site = sourceSite;
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

const brotliSize = (buf) => zlib.brotliCompressSync(buf, {params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length}}).length;
const figures = {};   // values emitted so far, for the ratios between figures

// Injected before any page script when a load is probed (coldLoad's `probe`): it times what the
// page cannot mark itself, and records every frame the wasm draws.
//   wasm: WebAssembly compile/instantiate calls, start and end;
//   gl: canvas.getContext('webgl*') calls, start and end;
//   frames: for each requestAnimationFrame callback in which the editor drew a frame, the time it
//     ended (the frame's GL commands issued), the frame count, the map revision, the revision the
//     canvas drew (jm_drawn_revision, when the build has it) and the card count (last 200 kept);
//   mapMs: the end of the first frame that drew a map with cards; firstDrawMs: the end of the first
//     animation frame that issued a WebGL draw call (for pages without the editor's counters:
//     Dear ImGui's stock example).
const PROBE = `(() => {
  const P = window.jmProbe = {frames: [], gl: [], wasm: [], mapMs: undefined, firstDrawMs: undefined};
  const now = () => performance.now();
  for (const k of ['instantiateStreaming', 'instantiate', 'compileStreaming', 'compile']) {
    const f = WebAssembly[k];
    if (typeof f !== 'function') continue;
    WebAssembly[k] = function (...a) {
      const t0 = now(), p = f.apply(this, a);
      p.then(() => P.wasm.push({k, t0, t1: now()}), () => P.wasm.push({k, t0, t1: now(), failed: true}));
      return p;
    };
  }
  const gc = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...a) {
    const t0 = now(), r = gc.call(this, type, ...a);
    if (/webgl/.test(type)) P.gl.push({type, t0, t1: now(), ok: !!r});
    return r;
  };
  let drew = false;
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!C) continue;
    for (const m of ['drawElements', 'drawArrays']) {
      const f = C.prototype[m];
      C.prototype[m] = function (...a) { drew = true; return f.apply(this, a); };
    }
  }
  const counters = () => {
    const M = window.Module;
    try { return M && M._jm_frame_count ? M._jm_frame_count() : -1; } catch (e) { return -1; }
  };
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) {
    return raf.call(window, (ts) => {
      drew = false;
      const f0 = counters();
      try { return cb(ts); } finally {
        const t = now();
        if (drew && P.firstDrawMs === undefined) P.firstDrawMs = t;
        const f1 = counters();
        if (f1 !== f0 && f1 >= 0) {
          const M = window.Module;
          const rec = {t, frame: f1, rev: M._jm_revision(), drawn: M._jm_drawn_revision ? M._jm_drawn_revision() : null,
                       cards: M._jm_card_count()};
          P.frames.push(rec);
          if (P.frames.length > 300) P.frames.splice(0, 100);
          if (P.mapMs === undefined && rec.cards > 0 && (rec.drawn === null || rec.drawn === rec.rev)) P.mapMs = t;
        }
      }
    });
  };
})();`;

// Loads the page in a fresh context (empty cache) and waits for the first drawn frame, or for the
// loader's error message, or 30 s. Every finished request is recorded with its decoded body.
// isolate: serve every response with COOP/COEP so the page is crossOriginIsolated (fine timers).
// probe: inject PROBE (above). throttle: {kbps, latency} emulated through CDP, cache disabled.
// until: 'frame' (the editor's first frame) or 'map' (a frame that drew a map with cards: the
// viewer's map, needs probe) or 'draw' (the first WebGL draw: the stock example, needs probe).
// record: 'all' keeps every request; 'until' only those finished before `until` was reached.
async function coldLoad(browser, url, {isolate = false, probe = false, throttle = null, until = 'frame', record = 'all'} = {}) {
  const ctx = await browser.newContext({viewport: VIEWPORT});
  if (probe) await ctx.addInitScript(PROBE);
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
  if (throttle) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', {cacheDisabled: true});
    await cdp.send('Network.emulateNetworkConditions', {offline: false, latency: throttle.latency,
      downloadThroughput: throttle.kbps * 1000 / 8, uploadThroughput: throttle.kbps * 1000 / 8});
  }
  const bodies = [];  // promises of {url, body, wire}: the body decoded (as the page saw it), or null
  let recording = true;
  page.on('requestfinished', (req) => { if (recording) bodies.push((async () => {
    let body = null, wire = null;
    try { body = await (await req.response()).body(); } catch (e) { /* not kept: read from disk later */ }
    try { const z = await req.sizes(); wire = z.responseBodySize + z.responseHeadersSize; } catch (e) { /* unknown */ }
    return {url: req.url(), body, wire};
  })()); });
  page.on('requestfailed', (req) => page.errors.push('request failed: ' + req.url() + ' ' + (req.failure()?.errorText ?? '')));
  await page.goto(url);
  const state = await page.waitForFunction((until) => {
    const P = window.jmProbe;
    if (until === 'frame' && window.jmFirstFrameMs !== undefined) return {ok: true};
    if (until === 'map' && P && P.mapMs !== undefined) return {ok: true};
    if (until === 'draw' && P && P.firstDrawMs !== undefined) return {ok: true};
    const l = document.getElementById('loading');
    if (l && l.classList.contains('error')) return {ok: false, why: document.getElementById('loading-text')?.textContent};
    return false;
  }, until, {timeout: throttle ? 60000 : 30000, polling: 20}).then((h) => h.jsonValue(),
    (e) => ({ok: false, why: `no ${until} drawn in time (` + e.message.split('\n')[0] + ')'}));
  if (record === 'until') recording = false;
  if (!state.ok) throw new Error('the page did not boot: ' + state.why + (page.errors.length ? '; errors: ' + page.errors.join(' | ') : ''));
  const firstFrameMs = await page.evaluate(() => window.jmFirstFrameMs);
  return {ctx, page, firstFrameMs, requests: () => Promise.all(bodies)};
}

// Gzip (level 9) and brotli (quality 11) sizes of the requests a load made, by file.
function transferSizes(reqs, root) {
  const out = {gzip: 0, brotli: 0, wire: 0, files: {}, requests: 0};
  const seen = {};
  for (const r of reqs) {
    const u = new URL(r.url);
    if (!u.protocol.startsWith('http')) continue;  // data: and blob: URLs cost no transfer
    const rel = decodeURIComponent(u.pathname).replace(/^\//, '') || 'index.html';
    let body = r.body;
    if (!body) {
      // Chromium may not keep a body it streamed straight into the wasm compiler: use the file.
      log(`no body kept for ${rel}; measuring the file on disk`);
      body = fs.readFileSync(path.join(root, rel));
    }
    const gz = gzipSize(body), br = brotliSize(body);
    out.gzip += gz;
    out.brotli += br;
    out.wire += r.wire || 0;
    out.requests++;
    // A file requested twice is counted twice (and shows up as "name x2" in the detail).
    seen[rel] = (seen[rel] || 0) + 1;
    out.files[seen[rel] > 1 ? rel + ' x' + seen[rel] : rel] = {gzip: gz, brotli: br};
  }
  return out;
}

// Sizes of the site's files, and the gzipped bytes of everything one page load requested.
async function measureSizes(browser, url) {
  const fileSize = (f) => fs.statSync(path.join(site, f)).size;
  // A split build (tools/split-wasm.mjs): journeymap.wasm is what the first frame needs, and
  // journeymap.deferred.wasm the rest, fetched after the first frame.
  const deferred = fs.existsSync(path.join(site, 'journeymap.deferred.wasm')) ? fileSize('journeymap.deferred.wasm') : 0;
  emit('wasm_bytes', fileSize('journeymap.wasm'), 'bytes', deferred ? {deferred_bytes: deferred,
    deferred_gzip: gzipSize(fs.readFileSync(path.join(site, 'journeymap.deferred.wasm'))),
    note: 'value: the first part (what start-up runs); deferred: the second, loaded after the first frame'} : {});
  // The embed viewer's own split (embed.html loads it instead).
  if (fs.existsSync(path.join(site, 'journeymap-viewer.wasm')))
    emit('viewer_wasm_bytes', fileSize('journeymap-viewer.wasm'), 'bytes', {gzip: gzipSize(fs.readFileSync(path.join(site, 'journeymap-viewer.wasm'))),
      deferred_bytes: fileSize('journeymap-viewer.deferred.wasm'), note: 'the viewer\'s first part (what showing a map runs) and its second'});
  emit('data_bytes', fileSize('journeymap.data'), 'bytes');

  // What arrived before the first frame: later fetches (the wasm's second part, the version
  // check) are listed in the log, not counted.
  const {ctx, page, requests} = await coldLoad(browser, url);
  await settle(page);
  const late = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.startTime >= window.jmFirstFrameMs).map((e) => e.name));
  if (late.length) log('fetched after the first frame (not counted):', late.map((u) => new URL(u).pathname).join(', '));
  const t = transferSizes((await requests()).filter((r) => !late.includes(r.url)), site);
  const notLoaded = fs.readdirSync(site).filter((f) => !f.startsWith('.') && !/\.(br|gz)$/.test(f) && !(f in t.files) &&
    fs.statSync(path.join(site, f)).isFile());
  if (notLoaded.length) log('site files not requested by the page load:', notLoaded.join(', '));
  const by = (k) => Object.fromEntries(Object.entries(t.files).map(([f, v]) => [f, v[k]]));
  emit('transfer_bytes_gzip', t.gzip, 'bytes', {requests: t.requests, files: by('gzip'), not_requested: notLoaded,
    wire_bytes: t.wire, note: 'each body gzipped at level 9 here; wire_bytes: what the server sent (headers + body as encoded)'});
  emit('transfer_bytes_brotli', t.brotli, 'bytes', {requests: t.requests, files: by('brotli'), note: 'each body compressed with brotli, quality 11'});
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
  figures.first_frame_ms = round(median(runs), 1);
  emit('first_frame_ms', figures.first_frame_ms, 'ms', {runs});
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
  // p25 and the load average beside the median: the wasm's clock runs on while the thread is
  // descheduled, so on a busy machine the median drifts up; the lower quartile much less.
  const p25 = round(quantile(last, 0.25), 3);
  emit(name, value, 'ms', {...(typeof extra === 'function' ? extra(value, p25) : extra),
    frames: last.length, p25, p90: round(quantile(last, 0.9), 3), load_average: round(os.loadavg()[0], 2), min: round(Math.min(...last), 3), max: round(Math.max(...last), 3),
    drag_frames: drawn, mouse_moves: moves, wall_ms: wallMs, cards_laid_out: v1.cards.length,
    scroll_from: v0.scroll.map((s) => round(s, 1)), scroll_to: v1.scroll.map((s) => round(s, 1)),
    timer_resolution_ms: await timerResolution(page), ...(note ? {workaround: note} : {}),
  });
  return {value, p25};
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
async function measurePanArabic(browser, url, latin) {   // latin: measurePan's {value, p25}
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
    await measurePan(page, note, 'frame_build_ms_4800_ar', (value, p25) => ({
      latin_ms: latin.value, ratio_to_latin: latin.value ? round(value / latin.value, 3) : null,
      latin_p25_ms: latin.p25, ratio_to_latin_p25: latin.p25 ? round(p25 / latin.p25, 3) : null, sentences: texts.length,
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

// ---- Start-up (issue #12) --------------------------------------------------------------------
const THROTTLE = {kbps: 10000, latency: 40};   // 10 Mbit/s down and up, 40 ms latency
// The template the viewer figures load through embed.html?src= (copied beside the site copy).
const VIEWER_MAP = 'b2b-phone-system.journey.json';

// The phases of one probed cold load, from the page's timeline: resource timing for the downloads,
// the probe for wasm compile + instantiate and the WebGL context, app.js's marks (run dependencies
// met, runtime ready) and main.cpp's (main, GL context, ImGui, editor, first frame's fonts, build
// and draw). Each phase is {start, end} in ms since navigation start.
async function startupPhases(page) {
  return page.evaluate(() => {
    const mark = (n) => { const m = performance.getEntriesByName(n, 'mark')[0]; return m ? m.startTime : null; };
    const res = performance.getEntriesByType('resource');
    const file = (re) => { const r = res.find((e) => re.test(new URL(e.name).pathname)); return r ? {start: r.startTime, end: r.responseEnd} : null; };
    const nav = performance.getEntriesByType('navigation')[0];
    const P = window.jmProbe || {wasm: [], gl: []};
    const inst = P.wasm.find((w) => /^instantiate/.test(w.k));
    const gl = P.gl.find((g) => g.ok);
    const deps0 = performance.getEntriesByType('mark').filter((m) => m.name === 'jm-rundeps-0').map((m) => m.startTime);
    const ph = {
      html: {start: 0, end: nav.responseEnd},
      js_download: file(/journeymap\.js$/),
      app_js_download: file(/\/app\.js$/),
      wasm_download: file(/\.wasm$/),
      data_download: file(/journeymap\.data$/),
      wasm_compile_instantiate: inst ? {start: inst.t0, end: inst.t1} : null,
      // From the last of wasm and data package in to the runtime up: unpacking the data package into
      // the in-memory file system (and the runtime's own start), when the data arrived last.
      runtime_ready: {start: Math.max(inst ? inst.t1 : 0, file(/journeymap\.data$/)?.end ?? 0), end: mark('jm-runtime-ready') ?? deps0[deps0.length - 1] ?? null},
      main_to_gl_context: {start: mark('jm-main'), end: mark('jm-gl-context')},
      gl_get_context: gl ? {start: gl.t0, end: gl.t1} : null,
      imgui_init: {start: mark('jm-gl-context'), end: mark('jm-imgui-init')},
      editor_init: {start: mark('jm-imgui-init'), end: mark('jm-editor-init')},
      wait_for_animation_frame: {start: mark('jm-editor-init'), end: mark('jm-frame1-start')},
      font_atlas: {start: mark('jm-frame1-start'), end: mark('jm-frame1-fonts')},
      first_frame_build: {start: mark('jm-frame1-fonts'), end: mark('jm-frame1-built')},
      first_frame_draw: {start: mark('jm-frame1-built'), end: mark('jm-frame1-drawn')},
    };
    for (const k of Object.keys(ph)) if (!ph[k] || ph[k].start === null || ph[k].end === null) delete ph[k];
    return {phases: ph, first_frame: window.jmFirstFrameMs};
  });
}

// Each phase's median duration and median [start, end], over runs of startupPhases().
function phaseMedians(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
  const phases_ms = {}, at_ms = {};
  for (const n of names) {
    const rs = runs.map((r) => r.phases[n]).filter(Boolean);
    phases_ms[n] = round(median(rs.map((p) => p.end - p.start)), 1);
    at_ms[n] = [round(median(rs.map((p) => p.start)), 1), round(median(rs.map((p) => p.end)), 1)];
  }
  return {phases_ms, at_ms};
}

async function measureStartup(browser, url) {
  const runs = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const {ctx, page} = await coldLoad(browser, url, {probe: true});
    runs.push(await startupPhases(page));
    await ctx.close();
  }
  const ff = round(median(runs.map((r) => r.first_frame)), 1);
  emit('startup_breakdown_ms', ff, 'ms', {...phaseMedians(runs), runs: runs.length,
    note: 'value: first frame (median of the probed loads); phases_ms: median duration of each phase; at_ms: median [start, end] ' +
          'since navigation start. Downloads overlap each other and compilation; runtime_ready is the unpacking of the data package ' +
          'when it is the last to arrive'});
}

async function measureThrottled(browser, url) {
  const runs = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const {ctx, firstFrameMs} = await coldLoad(browser, url, {throttle: THROTTLE});
    runs.push(round(firstFrameMs, 1));
    await ctx.close();
  }
  const value = round(median(runs), 1);
  figures.first_frame_ms_throttled = value;
  emit('first_frame_ms_throttled', value, 'ms', {runs, link: '10 Mbit/s, 40 ms latency (CDP Network.emulateNetworkConditions), cache disabled',
    unthrottled_ms: figures.first_frame_ms ?? null});
}

// The template the viewer loads, beside the site copy (maps/VIEWER_MAP).
function copyViewerMap() {
  fs.mkdirSync(path.join(site, 'maps'), {recursive: true});
  fs.copyFileSync(path.join(repo, 'assets/templates', VIEWER_MAP), path.join(site, 'maps', VIEWER_MAP));
}

// The embed viewer on a template map: the bytes it downloads until the map is on screen, and when.
async function measureViewer(browser, url) {
  copyViewerMap();
  const viewerUrl = url + 'embed.html?src=maps/' + VIEWER_MAP;
  const runs = [], frames = [], phaseRuns = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const {ctx, page, requests} = await coldLoad(browser, viewerUrl, {probe: true, until: 'map', record: 'until'});
    const r = await page.evaluate(() => ({map: window.jmProbe.mapMs, frame: window.jmFirstFrameMs, cards: window.Module._jm_card_count()}));
    if (!(r.cards > 0)) throw new Error('the viewer drew no map');
    runs.push(round(r.map, 1));
    frames.push(round(r.frame, 1));
    phaseRuns.push(await startupPhases(page));
    if (i === 0) {
      // As for the editor: what was asked for before the map was on screen (the second part of
      // the wasm, asked for once the page is idle after it, is listed, not counted).
      const late = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => e.startTime >= window.jmProbe.mapMs).map((e) => e.name));
      if (late.length) log('viewer: fetched after the map was on screen (not counted):', late.map((u) => new URL(u).pathname).join(', '));
      const t = transferSizes((await requests()).filter((r) => !late.includes(r.url)), site);
      const by = (k) => Object.fromEntries(Object.entries(t.files).map(([f, v]) => [f, v[k]]));
      emit('viewer_transfer_bytes_gzip', t.gzip, 'bytes', {requests: t.requests, files: by('gzip'), wire_bytes: t.wire,
        page: 'embed.html?src=maps/' + VIEWER_MAP, counted: 'requests started before the map was on screen and finished by the time the bench saw it'});
      emit('viewer_transfer_bytes_brotli', t.brotli, 'bytes', {requests: t.requests, files: by('brotli')});
    }
    await ctx.close();
  }
  const value = round(median(runs), 1);
  figures.viewer_map_ms = value;
  emit('viewer_map_ms', value, 'ms', {runs, first_frame_runs: frames, map: VIEWER_MAP,
    until: 'the end of the first animation frame that drew the fetched map (cards > 0, drawn revision = map revision)',
    ...phaseMedians(phaseRuns)});
}

// Dear ImGui's stock example (tests/bench/imgui_stock/build.sh), loaded the same way.
async function measureStock(browser) {
  const dir = path.join(repo, 'build/bench/imgui-stock');
  if (!fs.existsSync(path.join(dir, 'index.wasm'))) {
    log('imgui stock example not built (tests/bench/imgui_stock/build.sh): imgui_stock_first_frame_ms skipped');
    return;
  }
  const srv = await serve({root: dir});
  try {
    const runs = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      const {ctx, page} = await coldLoad(browser, srv.url, {probe: true, until: 'draw'});
      runs.push(round(await page.evaluate(() => window.jmProbe.firstDrawMs), 1));
      await ctx.close();
    }
    const value = round(median(runs), 1);
    figures.imgui_stock_first_frame_ms = value;
    const ratio = (k) => (figures[k] ? round(figures[k] / value, 3) : null);
    emit('imgui_stock_first_frame_ms', value, 'ms', {runs, example: 'examples/example_glfw_opengl3 built with its Makefile.emscripten flags',
      until: 'the end of the first animation frame that issued a WebGL draw call',
      ratio_first_frame: ratio('first_frame_ms'), ratio_first_frame_throttled: ratio('first_frame_ms_throttled'),
      ratio_viewer_map: ratio('viewer_map_ms')});
  } finally {
    await new Promise((r) => srv.server.close(r));
  }
}

// The three start-ups the aims compare (the editor's first frame, the viewer's map, the stock
// example's first draw), loaded in turn, PAIRED_ROUNDS times, the order rotating each round. On
// this two-core machine one cold load varies by +-25 % with whatever else the machine does; the
// separate series above are taken a minute apart, so their ratios drift. A ratio taken within a
// round, then its median, compares like with like.
const PAIRED_ROUNDS = 12;
async function measurePaired(browser, url) {
  const dir = path.join(repo, 'build/bench/imgui-stock');
  if (!fs.existsSync(path.join(dir, 'index.wasm'))) return;
  copyViewerMap();
  const stock = await serve({root: dir});
  const floor = await serve({root: path.join(repo, 'tests/bench/gl_floor')});
  try {
    const load = {
      editor: async () => {
        const {ctx, page, firstFrameMs} = await coldLoad(browser, url, {probe: true});
        const main = await page.evaluate(() => performance.getEntriesByName('jm-main', 'mark')[0]?.startTime);
        await ctx.close();
        return [firstFrameMs, main];
      },
      viewer: async () => {
        const {ctx, page} = await coldLoad(browser, url + 'embed.html?src=maps/' + VIEWER_MAP, {probe: true, until: 'map'});
        const [ms, main] = await page.evaluate(() => [window.jmProbe.mapMs, performance.getEntriesByName('jm-main', 'mark')[0]?.startTime]);
        await ctx.close();
        return [ms, main];
      },
      stock: async () => {
        const {ctx, page} = await coldLoad(browser, stock.url, {probe: true, until: 'draw'});
        // Its main() asks for the GL context first (glfwCreateWindow): the start of that call.
        const [ms, main] = await page.evaluate(() => [window.jmProbe.firstDrawMs, window.jmProbe.gl[0]?.t0]);
        await ctx.close();
        return [ms, main];
      },
      // No wasm at all: a context and one triangle (tests/bench/gl_floor). What no WebGL-drawn
      // first frame can beat on this machine.
      floor: async () => {
        const {ctx, page} = await coldLoad(browser, floor.url, {probe: true, until: 'draw'});
        const [ms, main] = await page.evaluate(() => [window.jmProbe.firstDrawMs, window.jmProbe.gl[0]?.t0]);
        await ctx.close();
        return [ms, main];
      },
    };
    const names = Object.keys(load), runs = Object.fromEntries(names.map((n) => [n, []]));
    const mains = Object.fromEntries(names.map((n) => [n, []]));   // when main() started
    for (let i = 0; i < PAIRED_ROUNDS; i++)
      for (let j = 0; j < names.length; j++) {
        const n = names[(i + j) % names.length];
        const [ms, main] = await load[n]();
        runs[n].push(round(ms, 1));
        mains[n].push(round(main ?? NaN, 1));
      }
    const ratios = (a, b) => round(median(runs[a].map((x, i) => x / runs[b][i])), 3);
    emit('startup_paired_ms', round(median(runs.editor), 1), 'ms', {rounds: PAIRED_ROUNDS,
      editor_first_frame_ms: round(median(runs.editor), 1), viewer_map_ms: round(median(runs.viewer), 1),
      stock_first_draw_ms: round(median(runs.stock), 1), gl_floor_ms: round(median(runs.floor), 1),
      ratio_editor_to_stock: ratios('editor', 'stock'), ratio_viewer_to_stock: ratios('viewer', 'stock'),
      ratio_floor_to_stock: ratios('floor', 'stock'),
      ratio_viewer_to_editor: ratios('viewer', 'editor'),
      main_started_ms: Object.fromEntries(names.map((n) => [n, round(median(mains[n]), 1)])),
      after_main_ms: Object.fromEntries(names.map((n) => [n, round(median(runs[n].map((x, i) => x - mains[n][i])), 1)])), runs,
      note: 'value: the editor\'s first frame; the ratios are medians of the ratio within each round (editor, viewer and stock loaded one after another, the order rotating)'});
  } finally {
    await new Promise((r) => stock.server.close(r));
    await new Promise((r) => floor.server.close(r));
  }
}

// ---- Edit to frame, memory (issue #12) --------------------------------------------------------
const EDIT_FRAME_RUNS = 5;

// A real Delete key press on a selected card of the 4,800-card map, until the end of the animation
// frame whose canvas drew the new revision (the probe's frame records). The page must be probed.
async function measureEditToFrame(page) {
  await page.evaluate(() => {
    window.jmKey = 0;
    window.addEventListener('keydown', (e) => { if (e.key === 'Delete') window.jmKey = performance.now(); }, true);
  });
  const runs = [], applied = [], frames = [];
  let legacy = false;
  for (let i = 0; i < EDIT_FRAME_RUNS; i++) {
    const v = await view(page);
    const c = v.cards.find((c) => c.rect[0] > 150 && c.rect[1] > 150 && c.rect[0] + c.rect[2] < 900 && c.rect[1] + c.rect[3] < VIEWPORT.height - 60);
    if (!c) throw new Error('no card on screen to delete');
    await page.mouse.click(c.rect[0] + c.rect[2] / 2, c.rect[1] + c.rect[3] / 2);
    await settle(page);
    const sel = (await view(page)).selection;
    if (sel.length !== 1 || sel[0] !== c.id) throw new Error(`clicking card ${c.id} selected ${JSON.stringify(sel)}`);
    const rev0 = await page.evaluate(() => window.Module._jm_revision());
    await page.keyboard.press('Delete');
    const r = await page.waitForFunction((rev0) => {
      const fs = window.jmProbe.frames.filter((f) => f.t >= window.jmKey);
      const a = fs.findIndex((f) => f.rev > rev0);
      if (a < 0) return false;
      // Builds without jm_drawn_revision: the frame after the one that applied the key drew it
      // (the canvas was drawn before the shortcuts were handled).
      const d = fs[0].drawn === null ? (a + 1 < fs.length ? a + 1 : -1) : fs.findIndex((f) => f.drawn > rev0);
      if (d < 0) return false;
      return {visible: fs[d].t - window.jmKey, applied: fs[a].t - window.jmKey, frames: d + 1, legacy: fs[0].drawn === null};
    }, rev0, {timeout: 10000, polling: 'raf'}).then((h) => h.jsonValue());
    legacy = r.legacy;
    runs.push(round(r.visible, 1));
    applied.push(round(r.applied, 1));
    frames.push(r.frames);
    await settle(page);
    // Put the card back: the figures after this one (the mirror, files) measure the 4,800 cards.
    await page.keyboard.press('Control+z');
    await settle(page);
  }
  const left = await page.evaluate(() => window.Module._jm_card_count());
  if (left !== 4800) throw new Error(`after the deletes and their undos the map has ${left} cards, expected 4800`);
  emit('edit_to_frame_ms_4800', round(median(runs), 1), 'ms', {runs, applied_ms: applied, frames_after_key: frames,
    edit: 'keyboard Delete on a selected card of the 4,800-card map', until: 'the end of the animation frame whose canvas drew the new revision',
    ...(legacy ? {legacy: 'this build has no jm_drawn_revision: taken as the frame after the one that applied the key'} : {})});
}

// The wasm memory and the JS heap (CDP Runtime.getHeapUsage) after the 4,800-card map is loaded.
async function measureMemory(page) {
  await page.evaluate(() => window.jm.command('load', window.jmBenchJson));
  await settle(page);
  const wasm = await page.evaluate(() => window.Module.HEAP8.buffer.byteLength);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const mb = (b) => round(b / 1048576, 1);
  emit('memory_mb_4800', mb(wasm + heap.usedSize), 'MB', {wasm_memory_mb: mb(wasm), js_heap_used_mb: mb(heap.usedSize),
    js_heap_total_mb: mb(heap.totalSize), after: 'jm.command("load") of the 4,800-card map, then idle (garbage collected)', aim_mb: 32});
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
  await measureMemory(page);
  await measureMerge(page);
  // Last: building a deck takes tens of MB of wasm memory, which a wasm heap never gives back.
  await measureOffice(page);
}

// pptx_ms_4800, pptx_bytes_4800, xlsx_ms_4800: the Office exports of the 4,800-card map built in the
// wasm as File > Export builds them (jm.command('office_size'): the editor's font measure and
// interface words, no download), median of 5.
async function measureOffice(page) {
  for (const kind of ['pptx', 'xlsx']) {
    const bytes = await page.evaluate((k) => window.jm.command('office_size', k), kind);
    if (!(bytes > 0)) { log(`${kind}_ms_4800 skipped: office_size gave ${bytes}`); continue; }
    const runs = await timeInPage(page, 5, `window.jm.command('office_size', '${kind}');`);
    emit(`${kind}_ms_4800`, round(median(runs), 3), 'ms', {runs: runs.map((x) => round(x, 3)), bytes, aim_ms: 1000});
    if (kind === 'pptx') emit('pptx_bytes_4800', bytes, 'bytes');
  }
}

// merge_ms_4800 and diff_ms_4800: the copies are made once in the wasm (jm_bench_merge_prepare),
// then only the merge (or the diff) is timed.
async function measureMerge(page) {
  const cards = await page.evaluate(() => typeof window.Module._jm_bench_merge_prepare === 'function' ? window.Module._jm_bench_merge_prepare() : 0);
  if (cards !== 4800) { log(`merge_ms_4800 skipped: jm_bench_merge_prepare gave ${cards} cards`); return; }
  const conflicts = await page.evaluate(() => window.Module._jm_bench_merge());
  const changes = await page.evaluate(() => window.Module._jm_bench_diff());
  const mergeRuns = await timeInPage(page, FILE_RUNS, 'window.Module._jm_bench_merge();');
  emit('merge_ms_4800', round(median(mergeRuns), 3), 'ms', {runs: mergeRuns.map((x) => round(x, 3)), conflicts, aim_ms: 100});
  const diffRuns = await timeInPage(page, FILE_RUNS, 'window.Module._jm_bench_diff();');
  emit('diff_ms_4800', round(median(diffRuns), 3), 'ms', {runs: diffRuns.map((x) => round(x, 3)), changes});
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
    // Each timed load starts with the map on screen saved (jm.saveNow() awaited, untimed), as it is
    // 0.6 s after any change: otherwise the library first writes the previous map synchronously
    // (its JSON taken before it is replaced), and back to back that save is in every run. That
    // case is measured too, as the detail's with_unsaved_previous_ms.
    const r = await page.evaluate(async (runs) => {
      const load = () => {
        const t0 = performance.now();
        if (window.jm.command('load', window.jmBenchJson) !== 1) throw new Error('load refused: ' + window.jm.view().toast);
        return performance.now() - t0;
      };
      const saved = [], unsaved = [];
      // In pairs, so that a busy machine slows both alike: saved, then at once the same again (the
      // map the first one loaded is not saved yet).
      for (let i = 0; i < runs; i++) { await window.jm.saveNow(); saved.push(load()); unsaved.push(load()); }
      await window.jm.saveNow();
      return {saved, unsaved};
    }, FILE_RUNS);
    const runs = r.saved.map((x) => round(x, 3)), unsaved = r.unsaved.map((x) => round(x, 3));
    emit('load_ms_4800', round(median(runs), 3), 'ms', {runs, json_bytes: Buffer.byteLength(json),
      with_unsaved_previous_ms: round(median(unsaved), 3), with_unsaved_previous_runs: unsaved,
      what: 'jm.command("load", json): the text into the heap, parse + validate, switch, fit; the map on screen saved before each run'});
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
  fs.cpSync(sourceSite, site, {recursive: true});
  const browser = await launch();
  const srv = await serve({root: site});
  try {
    if (process.argv.includes('--analytics')) {
      await measureAnalytics(browser, srv.url);
      return;
    }
    if (process.argv.includes('--portfolio')) {
      await measurePortfolio(browser, srv.url, {emit, log, median, round});
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
    if (process.argv.includes('--paired')) {
      await measurePaired(browser, srv.url);
      return;
    }
    if (process.argv.includes('--viewer')) {
      // The editor's first frame and the viewer's map, with the phases of each.
      await measureFirstFrame(browser, srv.url);
      await measureStartup(browser, srv.url);
      await measureViewer(browser, srv.url);
      await measurePaired(browser, srv.url);
      return;
    }
    if (process.argv.includes('--startup')) {
      await measureSizes(browser, srv.url);
      await measureFirstFrame(browser, srv.url);
      await measureStartup(browser, srv.url);
      await measureThrottled(browser, srv.url);
      await measureViewer(browser, srv.url);
      await measureStock(browser);
      await measurePaired(browser, srv.url);
      await measureReturning(browser, srv.url, {emit, median, round, figures, viewport: VIEWPORT, serve, probe: PROBE,
        stockDir: path.join(repo, 'build/bench/imgui-stock')});
      return;
    }
    if (process.argv.includes('--returning')) {
      await measureStock(browser);
      await measureReturning(browser, srv.url, {emit, median, round, figures, viewport: VIEWPORT, serve, probe: PROBE,
        stockDir: path.join(repo, 'build/bench/imgui-stock')});
      return;
    }
    if (process.argv.includes('--edit')) {
      // Edit to frame, then save, share link, autosave, load and memory on the 4,800-card map.
      const big = (await coldLoad(browser, srv.url, {isolate: true, probe: true})).page;
      await settle(big);
      await generateBigMap(big);
      await measureEditToFrame(big);
      await measureFiles(browser, srv.url, big);
      const errs = big.errors.filter((e) => !e.startsWith('request failed'));   // the service worker's precache, cut by the close
      if (errs.length) log('page errors:', errs.join(' | '));
      return;
    }
    if (process.argv.includes('--frames')) {
      // Only the two frame build figures, Latin then Arabic (a quick check while working on drawing).
      const big = (await coldLoad(browser, srv.url, {isolate: true})).page;
      await settle(big);
      const latin = await measurePan(big, await generateBigMap(big));
      await big.context().close();
      await measurePanArabic(browser, srv.url, latin);
      return;
    }
    log('sizes and transfer');
    await measureSizes(browser, srv.url);
    log(`first frame, ${COLD_LOADS} cold loads`);
    await measureFirstFrame(browser, srv.url);
    log('start-up breakdown, throttled first frame, the viewer, the stock Dear ImGui example');
    await measureStartup(browser, srv.url);
    await measureThrottled(browser, srv.url);
    await measureViewer(browser, srv.url);
    await measureStock(browser);
    await measurePaired(browser, srv.url);
    log('a page opened again: the picture of its last frame');
    await measureReturning(browser, srv.url, {emit, median, round, figures, viewport: VIEWPORT, serve, probe: PROBE,
        stockDir: path.join(repo, 'build/bench/imgui-stock')});
    log('idle frames, 5 s');
    const page = await openEditor(browser, srv.url, VIEWPORT);
    await measureIdle(page);
    if (page.errors.length) log('page errors:', page.errors.join(' | '));
    await page.context().close();

    log('frame build time on 4,800 cards');
    const big = (await coldLoad(browser, srv.url, {isolate: true, probe: true})).page;
    await settle(big);
    const note = await generateBigMap(big);
    const latin = await measurePan(big, note);
    log('undo/redo on 4,800 cards');
    await measureUndoRedo(big, note);
    log('edit to frame on 4,800 cards');
    await measureEditToFrame(big);
    log('accessible mirror on 4,800 cards');
    await measureA11y(big);
    log('save, share link, autosave and load on 4,800 cards');
    await measureFiles(browser, srv.url, big);
    if (big.errors.length) log('page errors:', big.errors.join(' | '));
    await big.context().close();
    log('frame build time on 4,800 Arabic cards, Arabic interface');
    await measurePanArabic(browser, srv.url, latin);
    log('the analytics worker on 1,000,000 events');
    await measureAnalytics(browser, srv.url);
    log('the portfolio page on 200 maps');
    await measurePortfolio(browser, srv.url, {emit, log, median, round});
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
