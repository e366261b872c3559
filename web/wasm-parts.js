// wasm-parts.js: the editor's code arrives in two parts (issue #12, page weight).
//
// The build splits the wasm (tools/split-wasm.mjs, Binaryen's wasm-split): journeymap.wasm holds
// what start-up and the first frame run (assets/wasm-startup.txt lists those functions), and
// journeymap.deferred.wasm everything else: exports, importers, merge, dialogs, analytics panels.
// In the first part each function of the second is a placeholder; calling one asks
// Module.loadSplitModule for the second part, which fills the function table, and the call goes on.
//
// The first part compiles from the page's first moments: this script is among the first in the
// body (the viewer names its own first part in data-first), and starts a streaming compile of the
// preloaded bytes while the page lays out and runs its other scripts. The Emscripten glue
// (journeymap.js) would ask for the wasm only once it runs, last; app.js hands it this compile
// instead (Module.instantiateWasm). No streaming compile (an old engine, a server that does not
// say application/wasm, a page opened from a file): the bytes are compiled as the glue would.
//
// So that nobody waits for it, the second part is fetched and compiled in the background as soon
// as the first frame is on screen, and instantiated when it is ready. Should a placeholder run
// before that (a click in the first few hundred milliseconds), the part is read synchronously:
// a blocking request, then a synchronous compile, which every engine allows for a module this size.
// The single-file build (tools/singlefile.mjs) carries the bytes in the page instead.
//
// The viewer's map (embed.html?src=..., data-map="src" on this script) is asked for here too, beside
// the wasm: main() waits for it (embed.js, a run dependency), and embed.js, the last script, asked
// for it only once the page's other scripts had run. embed.js takes the answer (jmEarlyMap) and
// says what went wrong with it, if anything.
(function () {
  'use strict';
  const script = document.currentScript;
  if (!script || script.dataset.map !== 'src' || location.hash.startsWith('#map=')) return;
  const src = new URLSearchParams(location.search).get('src');
  let url = null;
  try { url = src ? new URL(src, location.href) : null; } catch (e) { /* embed.js says why */ }
  if (!url || !/^https?:$/.test(url.protocol)) return;
  const response = fetch(url, {credentials: 'same-origin'});
  response.catch(() => {});   // awaited, and reported, by embed.js
  window.jmEarlyMap = {src, response};
})();

(function () {
  'use strict';
  if (typeof WebAssembly !== 'object') return;   // app.js says so on the page
  const script = document.currentScript;
  const firstFile = (script && script.dataset.first) || 'journeymap.wasm';
  // Not inline (the single-file build carries the bytes) and not from a file (nothing to fetch).
  const early = WebAssembly.compileStreaming && script && script.src && location.protocol !== 'file:'
    ? WebAssembly.compileStreaming(fetch(firstFile, {credentials: 'same-origin'})).catch(() => null) : null;
  const M = () => window.Module;   // app.js makes it, after this script
  let compiled = null;      // WebAssembly.Module of the second part, once compiled
  let loaded = false;       // instantiated: the table holds the real functions
  let fetching = null;      // the background fetch and compile, once started
  // ready: all of the code is in (or was never split): the editor's platform::code_ready().
  // tools/wasm-profile.mjs sets jmWasmProfile: its instrumented build is whole, and what waits for
  // ready must not run, or the profile would keep it in the first part.
  const state = window.jmWasmParts = {deferred: 'waiting', sync: false, ms: null, ready: false, early: !!early};
  function setReady() {
    if (state.ready || window.jmWasmProfile) return;
    state.ready = true;
    if (window.JMApp && JMApp.wake) JMApp.wake(3);   // the editor sleeps when idle: a frame to catch up
  }

  function url() { return M().locateFile ? M().locateFile('journeymap.deferred.wasm', '') : 'journeymap.deferred.wasm'; }

  // A page the service worker serves (web/sw.js) may be offline, and Chromium sends a blocking
  // request to the network, past the service worker: it fails, and the frame that needed the
  // second part with it. So such a page reads the second part's bytes from the worker's cache
  // from the start, beside the first part's (a local read, no compile), and main() runs once they
  // are in: a placeholder that runs before the background compile is done compiles them.
  let kept = null;   // those bytes, once read
  const served = () => { try { return !!navigator.serviceWorker.controller; } catch (e) { return false; } };   // throws in an opaque origin
  const keeping = early && served()
    ? fetch(firstFile.replace(/\.wasm$/, '.deferred.wasm'), {credentials: 'same-origin'})
      .then((r) => (r.ok ? r.arrayBuffer() : null)).then((b) => (kept = b && new Uint8Array(b)), () => null) : null;

  // A blocking read that every browser allows on the main thread: binary through a text response.
  function readSync(file) {
    if (M().deferredWasmBinary) return M().deferredWasmBinary;
    if (kept) return kept;
    const xhr = new XMLHttpRequest();
    xhr.open('GET', file, false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send(null);
    if (xhr.status !== 200 && !(xhr.status === 0 && xhr.responseText)) throw new Error('HTTP ' + xhr.status + ', ' + file);
    const s = xhr.responseText, out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
    return out;
  }

  function instantiate(mod, imports) {
    const t0 = performance.now();
    const inst = new WebAssembly.Instance(mod, imports);
    loaded = true;
    state.deferred = 'loaded';
    state.ms = performance.now() - t0;
    setTimeout(setReady, 0);   // not from inside the placeholder's call: after it returns
    return inst;
  }

  // A part's bytes: those the page carries (single-file build), else fetched; an HTTP error is one.
  function bytesOf(carried, file) {
    if (carried) return Promise.resolve(carried);
    return fetch(file, {credentials: 'same-origin'}).then((r) => {
      if (!r.ok) throw new Error('HTTP ' + r.status + ', ' + file);
      return r.arrayBuffer();
    });
  }

  // Module.instantiateWasm (app.js): the glue's imports in, the instance out through receive. The
  // early compile if there is one, else the bytes compiled here: the page's own (single-file
  // build) or fetched. A failure ends the start like the glue's own (Module.onAbort).
  state.instantiateFirst = function (imports, receive) {
    const m = M();
    const mod = !m.wasmBinary && early ? early : Promise.resolve(null);
    mod.then((compiled) => compiled || bytesOf(m.wasmBinary, firstFile).then((b) => WebAssembly.compile(b)))
      // A page the service worker serves starts once the second part's bytes are read (below),
      // or after 2 s without them: a stuck read never holds the start.
      .then((compiled) => WebAssembly.instantiate(compiled, imports).then((inst) =>
        (keeping ? Promise.race([keeping, new Promise((res) => setTimeout(res, 2000))]) : Promise.resolve()).then(() => receive(inst, compiled))))
      .catch((e) => {
        console.error('journeymap: ' + firstFile + ' could not be started: ' + e.message);
        if (m.onAbort) m.onAbort(String(e.message || e));
      });
    return {};   // the exports come through receive
  };

  // Called by the Emscripten glue (SPLIT_MODULE) from inside a placeholder: must return at once.
  state.loadSplitModule = function (file, imports) {
    if (loaded) return [null, compiled];
    state.sync = !compiled;
    try {
      if (!compiled) compiled = new WebAssembly.Module(readSync(file));
      return [instantiate(compiled, imports), compiled];
    } catch (e) {
      report(e);
      throw e;
    }
  };

  // A deployment without the second part (or a connection lost before it came): said once, on
  // the page, in the page's language; the editor cannot go on with what needed it.
  function report(e) {
    state.deferred = 'failed: ' + e.message;
    console.error('journeymap: ' + url() + ' could not be loaded: ' + e.message);
    if (document.querySelector('.jm-code-error')) return;
    const el = document.createElement('div');
    el.className = 'jm-code-error';
    el.setAttribute('role', 'alert');
    el.dir = 'auto';
    el.textContent = window.JMApp && JMApp.early ? JMApp.early('code_missing', {what: '\u2068' + e.message + '\u2069'}) : e.message;
    document.body.appendChild(el);
  }

  function prefetch() {
    if (fetching || loaded || window.jmWasmProfile) return fetching;
    // A whole build (-DJM_WEB_SPLIT=OFF) has no placeholders and no second part: the split adds
    // exports named %0, %1, ... for the second part's imports.
    if (!Object.keys(M().asm || {}).some((k) => k.charAt(0) === '%')) { state.deferred = 'none'; setReady(); return null; }
    state.deferred = 'fetching';
    // The bytes read beside the first part (keeping), else those the page carries, else a fetch.
    fetching = Promise.resolve(keeping).then((b) => bytesOf(b || M().deferredWasmBinary, url())).then((b) => WebAssembly.compile(b)).then((mod) => {
      kept = null;   // compiled: the bytes are not needed again
      if (loaded) return;
      compiled = mod;
      // The same imports the glue's placeholder handler gives: the first part's exports.
      instantiate(mod, {primary: M().asm});
    }).catch((e) => {
      // Said at once; what is in the first part keeps working, what waited for ready keeps waiting
      // (it could not run), and a call into the second part tries to read it again.
      fetching = null;
      report(e);
    });
    return fetching;
  }
  state.prefetch = prefetch;
  // After the first frame, when the page is next idle (the viewer fetches and lays out its map
  // first), so the download and compile never compete with start-up.
  const idle = window.requestIdleCallback ? (f) => requestIdleCallback(f, {timeout: 1000}) : (f) => setTimeout(f, 0);
  window.addEventListener('jm-ready', () => {
    // The viewer holds its loader until the map it was given is on screen: after that.
    if (window.JMApp && JMApp.holdLoader && !JMApp.shown) window.addEventListener('jm-shown', () => idle(prefetch), {once: true});
    else idle(prefetch);
  }, {once: true});
})();
