// embed.js: the embedded viewer (embed.html). Runs after app.js and before journeymap.js.
// It switches the editor into its viewer mode before the first frame (no menu, inspector or
// status bar; read-only; small zoom buttons), shows the map it is given, and talks to the page
// around it with postMessage. The viewer never reads or writes the browser library (app.js skips
// IndexedDB and localStorage when <html data-jm-mode="embed">).
//
// The map, in this order:
//   embed.html#map=<data>              a map packed into the URL (File > Copy embed code)
//   embed.html?src=<URL of a .journey.json>  fetched: relative to embed.html, same origin or CORS
//   nothing                            an empty viewer, waiting for a journeymap:load message
//
// Messages from the host page (only from window.parent; with ?origin=<origin>, only from it):
//   {type: 'journeymap:load', map: <document object or JSON string>}   show another map
//   {type: 'journeymap:get', id?}      answered {type: 'journeymap:map', map: <object>, revision, id?}
//   {type: 'journeymap:readonly', value: true|false}   allow editing inside the frame, or not
//   {type: 'journeymap:present', step: N | 0}   present the map stage by stage from stage N (0: stop);
//        ?present or ?present=N in the viewer's URL does the same once the map is on screen
//   {type: 'journeymap:data', events?: <CSV text>, responses?: <CSV text>, id?}   run the map's
//        rules (map.data.rules; the three default ones when it has none) over this data, in a
//        worker running the core (analytics-worker.js): answered with one
//        {type: 'journeymap:rule', firing: {rule, action, person, ts_ms, detail}, id?} per firing,
//        then {type: 'journeymap:rules-done', count, reports, id?}; a file that cannot be read is
//        named in {type: 'journeymap:error', request: 'data', message, id?}. The rows are neither
//        kept nor sent anywhere else. In a frame sandboxed without allow-same-origin the worker is
//        built from a blob (see startWorker): a CSP must allow worker-src blob: there.
// Height (see README, "Embedding in intranet hosts"): the viewer tells its host how tall the map
// is when fitted to the frame's width, whenever that changes (map loaded or edited, frame width
// changed), in three shapes, so hosts that fit frames to their content can:
//   {type: 'journeymap:resize', height, width}                   this API's own
//   {method: 'resize', height, windowId?}                        Iframely's protocol (a host that
//        sent {method: 'register', windowId} gets its windowId back)
//   '{"src": location.href, "context": "iframe.resize", "height": ...}'   Embedly's (a JSON string)
// ?height=<CSS px> fixes the height instead (that one height is posted, once); ?height=none posts
// no height at all. While nobody has zoomed or panned, the map is fitted again when the frame is
// resized (the host applying the height).
// Posted to the host page: {type: 'journeymap:ready'} once, when the first map is on screen;
// {type: 'journeymap:change', revision} when the map changes; {type: 'journeymap:error',
// request: 'load', message, id?} when a map given by journeymap:load is refused. Events carry no
// map content; they go to the ?origin= origin if given, else to any. Answers go to the origin
// of the message they answer. Malformed messages are ignored without a sound.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const pinnedOrigin = params.get('origin') || '';
  // ?present (or ?present=N, from stage N): the map opens presented, stage by stage (present.cpp).
  const presentAt = params.has('present') ? Math.max(1, parseInt(params.get('present'), 10) || 1) : 0;
  const host = window.parent !== window ? window.parent : null;
  const messageBox = document.getElementById('jm-embed-message');
  const early = [];        // messages that arrived before the first map was on screen
  let started = false;
  let lastRevision = null;

  const revision = () => Module._jm_revision();
  const toast = () => { try { return JSON.parse(Module.ccall('jm_view_json', 'string', [], [])).toast || ''; } catch (e) { return ''; } };

  JMApp.holdLoader = true;   // the spinner stays until the map is on screen
  // The viewer's own split of the wasm (tools/split-wasm.mjs): its first part holds what showing a
  // map runs, without the editor's menus, panels and inspector; the rest is the second part.
  const VIEWER_WASM = {'journeymap.wasm': 'journeymap-viewer.wasm', 'journeymap.deferred.wasm': 'journeymap-viewer.deferred.wasm'};
  Module.locateFile = (p, prefix) => (prefix || '') + (VIEWER_WASM[p] || p);
  let fetched = null;        // firstMap()'s answer, once it is in
  // Before the first frame (app.js fires jm-init from main()): the viewer, not the editor. The map,
  // fetched before main() runs (the run dependency below), opens as soon as main() returns, so the
  // first frame the page draws is the map, not an empty editor.
  window.addEventListener('jm-init', () => {
    window.jm.command('embed', '1');
    if (fetched && fetched.json !== undefined) queueMicrotask(() => openMap(fetched));
  }, {once: true});

  // Says why there is no map: in the viewer's message strip, and to the editor (jm_notify). The
  // words are the editor's (JMApp.t, keys page.*), so the strip reads in its language too.
  function fail(msg) {
    messageBox.textContent = msg;
    messageBox.lang = document.documentElement.lang;
    messageBox.dir = JMApp.uiRtl ? 'rtl' : 'ltr';
    messageBox.hidden = false;
    Module.ccall('jm_notify', null, ['string'], [msg]);
  }
  function clearFail() { messageBox.hidden = true; messageBox.textContent = ''; }

  // This may end before the editor has its tables: an error is a function that says it later.
  async function firstMap() {
    const t = JMApp.t;
    if (location.hash.startsWith('#map=')) {
      try { return {json: await JMApp.unpackMap(location.hash.slice(5))}; }
      catch (e) { return {error: () => t('page.embed_link_failed', {reason: t(e.message)})}; }
    }
    const src = params.get('src');
    if (!src) return {};
    let url;
    try { url = new URL(src, location.href); } catch (e) { return {error: () => t('page.embed_not_url', {src})}; }
    if (!/^https?:$/.test(url.protocol)) return {error: () => t('page.embed_not_http', {src})};
    try {
      const early = window.jmEarlyMap && window.jmEarlyMap.src === src ? window.jmEarlyMap.response : null;   // wasm-parts.js
      const r = await (early || fetch(url, {credentials: 'same-origin'}));
      if (!r.ok) return {error: () => t('page.embed_http_error', {src, status: r.status})};
      return {json: await r.text(), src};
    } catch (e) {
      // fetch says no more than "Failed to fetch": offline, another origin without CORS, or a CSP.
      return {error: () => t('page.embed_fetch_failed', {src})};
    }
  }

  function openMap(m) {
    if (window.jm.command('load', m.json) === 1) {
      window.jm.command('fit');
      if (presentAt) window.jm.command('present', String(presentAt));
    } else {
      const reason = toast() || JMApp.t('page.unreadable');
      fail(m.src ? JMApp.t('page.embed_src_not_a_map', {src: m.src, reason}) : JMApp.t('page.embed_link_not_a_map', {reason}));
    }
  }

  const first = firstMap();
  first.then((m) => { fetched = m; });
  // main() waits for the map (an Emscripten run dependency): the viewer shows nothing before it
  // anyway, and this way its first frame is the map, opened at jm-init, whichever comes first,
  // the wasm or a slow host's answer.
  (Module.preRun = Module.preRun || []).push(() => {
    if (fetched) return;
    Module.addRunDependency('jm-embed-map');
    first.then(() => Module.removeRunDependency('jm-embed-map'));
  });
  // A browser that cannot draw shows this map as text (app.js, JMApp.noRenderer).
  JMApp.startMapJson = async () => (await first).json || '';
  Promise.all([window.jm.ready, first]).then(([, m]) => {
    // The map itself was opened at jm-init: main() cannot run before it is fetched (above).
    if (m.error) fail(m.error());
    JMApp.hideLoader();
    lastRevision = revision();
    started = true;
    post({type: 'journeymap:ready'});
    for (const e of early.splice(0)) handle(e);
    measureSoon();
  });

  function post(msg) {
    if (host) host.postMessage(msg, pinnedOrigin || '*');
  }
  function reply(event, msg) {
    const m = event.data;
    if (typeof m.id === 'string' || typeof m.id === 'number') msg.id = m.id;
    // An opaque origin ("null": a sandboxed host) cannot be named; the source was checked.
    event.source.postMessage(msg, event.origin && event.origin !== 'null' ? event.origin : '*');
  }

  window.addEventListener('message', (event) => {
    if (!host || event.source !== host) return;
    if (pinnedOrigin && event.origin !== pinnedOrigin) return;
    if (iframelyRegister(event.data)) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string' || !m.type.startsWith('journeymap:')) return;
    if (!started) { if (early.length < 32) early.push(event); return; }
    handle(event);
  });

  // A document given by the host as the JSON text to load, or null when it is not one.
  function documentText(map) {
    let obj = map, text = null;
    if (typeof map === 'string') {
      text = map;
      try { obj = JSON.parse(map); } catch (e) { return null; }
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== 'journeymap' || !obj.map || typeof obj.map !== 'object') return null;
    return text !== null ? text : JSON.stringify(obj);
  }

  function handle(event) {
    const m = event.data;
    try {
      if (m.type === 'journeymap:load') {
        const text = documentText(m.map);
        if (text === null) return;
        if (window.jm.command('load', text) === 1) { clearFail(); window.jm.command('fit'); autoFit = true; measureSoon(); }
        else reply(event, {type: 'journeymap:error', request: 'load', message: toast() || 'not a journey map'});
      } else if (m.type === 'journeymap:get') {
        reply(event, {type: 'journeymap:map', map: window.jm.model(), revision: revision()});
      } else if (m.type === 'journeymap:readonly') {
        if (typeof m.value === 'boolean') window.jm.command('read_only', m.value ? '1' : '0');
      } else if (m.type === 'journeymap:data') {
        runRules(event);
      } else if (m.type === 'journeymap:present') {
        // {step: N} shows stages 1..N; {step: 0} or {step: false} stops presenting.
        const n = m.step === false ? 0 : Number(m.step === undefined ? 1 : m.step);
        if (Number.isInteger(n) && n >= 0) window.jm.command('present', String(n));
      }
    } catch (e) { /* a message that cannot be acted on is ignored, like a malformed one */ }
  }

  // The analytics worker. In a sandboxed frame without allow-same-origin the page's origin is
  // opaque and a worker from the site's URL is refused (a SecurityError). A worker made from a
  // blob (the same opaque origin) is allowed: its two scripts are fetched here (CORS) and put in
  // it as one, and the core finds its .wasm by full URL. (importScripts from such a worker was
  // refused by Chromium, hence one blob.)
  async function startWorker() {
    // Firefox does not throw here but fails the worker later: an opaque origin goes to the blob.
    if (window.origin !== 'null') {
      try { return new Worker('analytics-worker.js'); } catch (e) { if (!e || e.name !== 'SecurityError') throw e; }
    }
    const text = async (f) => { const r = await fetch(f); if (!r.ok) throw new Error(f + ': HTTP ' + r.status); return r.text(); };
    const [core, worker] = await Promise.all([text('analytics-worker-core.js'), text('analytics-worker.js')]);
    const base = new URL('.', location.href).href;
    const src = core + `
;(function () {
  const made = JMWorkerCore, base = ${JSON.stringify(base)};
  JMWorkerCore = (m) => made(Object.assign({locateFile: (p) => new URL(p, base).href}, m));
  self.importScripts = () => {};   // the core is above
})();
` + worker;
    return new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
  }

  // The host's data through the map's rules, in a worker (one at a time: new data replaces a run
  // still going). The rows live only in the worker, which is ended when the answer is sent.
  let rulesWorker = null, rulesRun = 0;
  async function runRules(event) {
    const m = event.data, enc = new TextEncoder(), files = [];
    for (const kind of ['events', 'responses'])
      if (typeof m[kind] === 'string' && m[kind]) files.push({name: kind + '.csv', kind, bytes: enc.encode(m[kind]).buffer});
    if (!files.length) return;
    if (rulesWorker) { rulesWorker.terminate(); rulesWorker = null; }
    const run = ++rulesRun;
    let w;
    try {
      w = await startWorker();
      if (run !== rulesRun) { w.terminate(); return; }   // newer data came while this one started
      rulesWorker = w;
    } catch (e) { reply(event, {type: 'journeymap:error', request: 'data', message: 'the rules need a worker, which this frame may not start (' + (e && e.name || e) + '): frame the viewer with sandbox="allow-scripts allow-same-origin", or without sandbox'}); return; }
    const fail = (message) => { reply(event, {type: 'journeymap:error', request: 'data', message}); end(); };
    const end = () => { w.terminate(); if (rulesWorker === w) rulesWorker = null; };
    let reports = [];
    w.onerror = (e) => { e.preventDefault(); fail(e.message || 'the analytics worker stopped'); };
    w.onmessage = (e) => {
      const a = e.data;
      if (a.type === 'progress') return;
      if (a.type === 'error') { fail(a.message); return; }
      if (a.type === 'loaded') {
        reports = a.reports;
        for (const r of reports) if (r.error) reply(event, {type: 'journeymap:error', request: 'data', message: r.name + ': ' + r.error});
        w.postMessage({op: 'rules', seq: 2, map: JSON.stringify(window.jm.model())});
      } else if (a.type === 'rules') {
        const firings = JSON.parse(a.json);
        for (const firing of firings) reply(event, {type: 'journeymap:rule', firing});
        reply(event, {type: 'journeymap:rules-done', count: firings.length,
                      reports: reports.map((r) => ({kind: r.kind, rows: r.rows, accepted: r.accepted, rejected: r.rejected, error: r.error || ''}))});
        end();
      }
    };
    w.postMessage({op: 'load', seq: 1, files}, files.map((f) => f.bytes));
  }

  // The editor reports every change of the map (app.js turns it into jm-map-changed).
  window.addEventListener('jm-map-changed', () => {
    if (!started) return;
    const r = revision();
    if (r === lastRevision) return;
    lastRevision = r;
    post({type: 'journeymap:change', revision: r});
    measureSoon();   // an edit inside the frame (readonly false) can add a row
  });

  // ---- Height --------------------------------------------------------------------------------
  // The natural height is the frame height at which the whole map shows at the zoom that fits the
  // frame's WIDTH (never above 100 %; at least 75 % in a frame narrower than 600 px, as the
  // editor's fit does). It depends on the width only, so a host that applies it does not start a
  // loop: the viewer then fits the map at that same zoom. (The map's height at the zoom shown
  // would grow and shrink the frame as the reader zooms, which no page around it wants.)
  const heightOpt = (params.get('height') || 'auto').toLowerCase();
  const fixedHeight = /^\d+$/.test(heightOpt) ? Math.max(1, Math.min(100000, Number(heightOpt))) : 0;
  const sendHeights = heightOpt !== 'none';
  let windowId;            // Iframely: the id the host gave in {method: 'register', windowId}
  let lastSent = '';       // the height and width last posted: nothing is posted twice
  let autoFit = true;      // until the reader zooms or pans, a resized frame is fitted again

  // Mirrors apply_fit in src/editor/canvas.cpp (its margins and limits), from the sizes of the
  // layout the last frame drew (main.cpp jm_extent_json).
  function naturalHeight() {
    const e = JSON.parse(Module.ccall('jm_extent_json', 'string', [], []));
    const titleH = e.title;                                    // the title band above the stage headers
    const stageH = e.stage_h, laneW = e.lane_w;                // header sizes at zoom 1
    const mapW = e.width, mapH = e.height;                     // the grid at zoom 1
    const availW = window.innerWidth;
    let fz = 1;
    for (let i = 0; i < 3; i++) fz = Math.max(0.2, Math.min(1, (availW - laneW * fz - 24) / Math.max(1, mapW)));
    if (availW < 600) fz = Math.max(fz, 0.75);
    if (fz > 0.9) fz = 1;
    // 16: the fit's margin under the grid; 48: room for the zoom buttons below the last lane.
    return Math.ceil(titleH + (stageH + mapH) * fz + 16 + 48);
  }
  function postHeight(height) {
    const width = window.innerWidth;
    const key = height + 'x' + width;
    if (key === lastSent) return;
    lastSent = key;
    post({type: 'journeymap:resize', height, width});
    post(windowId !== undefined ? {method: 'resize', height, windowId} : {method: 'resize', height});
    post(JSON.stringify({src: location.href, context: 'iframe.resize', height}));
  }
  // Measured once the editor has drawn what changed: two frames after the change (the fit is
  // applied in the first), then its frame counter standing still; at most 3 s. A browser whose
  // frames come late (WebKit in a frame was seen measuring the map before its first fitted frame)
  // is measured once more a second later: only a different height is posted.
  let measureTimer = 0;
  function measureSoon(now) {
    if (!sendHeights || !started) return;
    clearTimeout(measureTimer);
    const start = now ? -2 : window.jm.frames();   // now: nothing changed on screen, no frame to wait for
    let last = -1, still = 0, tries = 0;
    const measure = () => { try { postHeight(fixedHeight || naturalHeight()); } catch (e) { /* no frame drawn yet */ } };
    const tick = () => {
      const f = window.jm.frames();
      still = f === last ? still + 1 : 0;
      last = f;
      if ((f < start + 2 || still < 2) && ++tries < 60) { measureTimer = setTimeout(tick, 50); return; }
      measure();
      if (!fixedHeight) measureTimer = setTimeout(measure, 1000);
    };
    measureTimer = setTimeout(tick, 50);
  }
  // {method: 'register', windowId} (an object, or its JSON text): Iframely's first step.
  function iframelyRegister(data) {
    let m = data;
    if (typeof m === 'string' && m.includes('register')) { try { m = JSON.parse(m); } catch (e) { return false; } }
    if (!m || typeof m !== 'object' || m.method !== 'register') return false;
    if (typeof m.windowId === 'string' || typeof m.windowId === 'number') windowId = m.windowId;
    lastSent = '';   // answer with the height now, carrying the id
    measureSoon(true);
    return true;
  }
  // The reader looking around (wheel, drag, the zoom buttons, keys) keeps their view on a resize.
  for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart'])
    window.addEventListener(type, () => { if (started) autoFit = false; }, {capture: true, passive: true});
  window.addEventListener('resize', () => {
    if (!started) return;
    if (autoFit) window.jm.command('fit');
    measureSoon();
  });
})();
