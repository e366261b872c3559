// app.js: the browser side of the editor. Runs before journeymap.js: it configures the Emscripten
// Module (canvas, loader), and provides what C++ reaches through src/platform/platform_web.cpp:
// wake-ups for the idle main loop, the text field used for typing, clipboard, files, touch.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  const loadingFill = document.getElementById('loading-fill');
  const loadingText = document.getElementById('loading-text');
  let ready = false;
  let lastProgress = performance.now();   // the loader's watchdog (see "Renderer" below)
  let startFailed = false;               // the page said why it cannot start
  let field = null;          // the <textarea> while text is being edited
  let richClipboard = null;  // {text, rich}: cards copied from a menu, matched on paste
  // Which page this is: the editor (index.html) or the embedded viewer (embed.html, whose <html>
  // carries data-jm-mode="embed", driven by embed.js). The viewer never touches the library.
  const EMBED = document.documentElement.dataset.jmMode === 'embed';

  // Calls into the wasm. Strings go through the heap, not ccall's 'string' (which copies them onto
  // the 4 MB stack: a large map file would overflow it and corrupt memory).
  const utf8 = new TextEncoder();
  function heapString(s) {
    if (s.length < 4096) { const n = lengthBytesUTF8(s) + 1, p = _malloc(n); stringToUTF8(s, p, n); return p; }
    // A map file: the browser's encoder writes it straight into the heap, several times faster
    // than the runtime's two per-character passes (measured: most of the page's share of a load).
    // At most 3 bytes per UTF-16 unit; the heap is read after malloc, which may have grown it.
    const cap = s.length * 3 + 1, p = _malloc(cap);
    const {written} = utf8.encodeInto(s, Module.HEAPU8.subarray(p, p + cap - 1));
    Module.HEAPU8[p + written] = 0;
    return p;
  }
  function api(name, ret, args, vals) {
    const ptrs = [];
    const a = args.map((t, i) => {
      if (t !== 'string') return t;
      const p = heapString(String(vals[i]));
      ptrs.push(p);
      vals = vals.slice();
      vals[i] = p;
      return 'number';
    });
    try { return Module.ccall(name, ret, a, vals); } finally { ptrs.forEach((p) => _free(p)); }
  }
  const dpr = () => window.devicePixelRatio || 1;

  // Dear ImGui's GLFW backend listens for the wheel on the whole document (to stop the page from
  // scrolling or zooming under the canvas); Emscripten passes a boolean, which Chromium turns
  // into a passive listener that may not call preventDefault. Make those listeners active.
  // GLFW's key listeners (also on window, capture phase) are wrapped the same way: they see only
  // the keys keyForGlfw lets through (see "Keys" below).
  const addListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (type === 'wheel' && (this === document || this === window) && typeof opts !== 'object')
      opts = {capture: !!opts, passive: false};
    if (this === window && typeof fn === 'function' && /^key(down|up|press)$/.test(type) && isGlfwKeyListener(fn)) {
      const glfw = fn;
      fn = function (e) { if (keyForGlfw(e)) return glfw.call(this, e); };
      JMApp.glfwKeysShielded = true;   // a test checks this: the shield found GLFW's listeners
    }
    return addListener.call(this, type, fn, opts);
  };
  function isGlfwKeyListener(fn) {
    const G = window.GLFW;
    return (G && (fn === G.onKeydown || fn === G.onKeyup || fn === G.onKeyPress)) || /^onKey(down|up|Press)$/.test(fn.name);
  }

  // ---- Page strings ----------------------------------------------------------------------------
  // What this page says itself is in the editor's tables (assets/i18n, keys page.*), which the
  // wasm loads: t() asks it for the logical text (the display form is for ImGui only) in the
  // interface's current language and fills the {placeholders} here, as the core does ({{ and }}
  // are braces, an unknown name stays as it is). A key it does not know comes back as itself.
  function fill(text, args) {
    return text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, name) => m === '{{' ? '{' : m === '}}' ? '}' :
      args && Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : m);
  }
  function t(key, args) {
    let text = key;
    if (ready) { try { text = JSON.parse(api('jm_tr', 'string', ['string'], [key])).text; } catch (e) { /* the key */ } }
    return fill(text, args);
  }
  // The few strings needed before the wasm runs (its tables come with it): the loader's, and the
  // name of a copy, which replaying an unload journal at start may give before the editor is up.
  // They are only here, in the language the editor will choose: the rule of JMApp.uiLanguage
  // below (the choice saved in this browser, else the first of the browser's languages we have,
  // else English), read from localStorage and navigator.languages by chosenLanguage().
  const LANG_KEY = 'journeymap.language';
  const LANGS = ['en', 'ar', 'he'];
  const EARLY = {
    en: {loading: 'Loading the editor\u2026', loading_map: 'Loading the map\u2026', drawing: 'Drawing the map\u2026',
         abort: 'The editor could not start: {what}. Reload the page to try again.',
         no_wasm: 'This browser has no WebAssembly; journeymap needs a current browser.',
         no_draw: 'This browser cannot draw the editor ({why}): the map is shown as text below.',
         stalled: 'The editor has not started after {s} seconds. Reload the page to try again.',
         code_missing: 'Part of the editor could not be loaded ({what}). Reload the page to try again.',
         copy_title: '{title} (copy)', untitled: 'Untitled journey'},
    ar: {loading: 'جارٍ تحميل المحرر\u2026', loading_map: 'جارٍ تحميل الخريطة\u2026', drawing: 'جارٍ رسم الخريطة\u2026',
         abort: 'تعذّر تشغيل المحرر: {what}. أعد تحميل الصفحة للمحاولة مرة أخرى.',
         no_wasm: 'لا يدعم هذا المتصفح WebAssembly، ويحتاج journeymap إلى متصفح حديث.',
         no_draw: 'لا يستطيع هذا المتصفح رسم المحرر ({why})، فالخريطة معروضة نصًا أدناه.',
         stalled: 'لم يبدأ المحرر بعد {s} ثانية. أعد تحميل الصفحة للمحاولة مرة أخرى.',
         code_missing: 'تعذّر تحميل جزء من المحرر ({what}). أعد تحميل الصفحة للمحاولة مرة أخرى.',
         copy_title: '{title} (نسخة)', untitled: 'رحلة بلا عنوان'},
    he: {loading: 'טוען את העורך\u2026', loading_map: 'טוען את המפה\u2026', drawing: 'משרטט את המפה\u2026',
         abort: 'לא ניתן היה להפעיל את העורך: {what}. טענו מחדש את הדף כדי לנסות שוב.',
         no_wasm: 'בדפדפן הזה אין WebAssembly, ו-journeymap דורש דפדפן עדכני.',
         no_draw: 'הדפדפן הזה לא יכול לשרטט את העורך ({why}): המפה מוצגת כטקסט למטה.',
         stalled: 'העורך לא התחיל אחרי {s} שניות. טענו מחדש את הדף כדי לנסות שוב.',
         code_missing: 'לא ניתן היה לטעון חלק מהעורך ({what}). טענו מחדש את הדף כדי לנסות שוב.',
         copy_title: '{title} (עותק)', untitled: 'מסע ללא שם'},
  };
  const early = (key, args) => fill(EARLY[chosenLanguage()][key], args);

  // ---- Loader -------------------------------------------------------------------------------
  // Its text in the language chosen (the page's HTML says it in English).
  if (loadingText) {
    loadingText.textContent = early(EMBED ? 'loading_map' : 'loading');
    loadingText.dir = chosenLanguage() === 'en' ? 'ltr' : 'rtl';
  }
  // A loader that has given up does not spin (the viewer's loader is a spinner).
  function stopSpinner() {
    const spinner = loading && loading.querySelector('.spinner');
    if (spinner) spinner.style.display = 'none';
  }
  function setProgress(frac, text) {
    lastProgress = performance.now();
    if (!loadingFill) return;
    loadingFill.style.width = Math.max(8, Math.min(100, frac * 100)).toFixed(0) + '%';
    if (text) loadingText.textContent = text;
  }

  // The data package's download progress, "Downloading data... (loaded/total)".
  function setStatus(s) {
    const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(s || '');
    if (m) setProgress(0.1 + 0.8 * (+m[1] / +m[2]), early('loading'));
  }

  window.Module = {
    canvas: canvas,
    // The wasm's two parts (web/wasm-parts.js, which runs before this script): the first part's
    // compile, begun with the page, and the second part when a placeholder needs it.
    instantiateWasm: window.jmWasmParts && jmWasmParts.instantiateFirst,
    loadSplitModule: window.jmWasmParts && jmWasmParts.loadSplitModule,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    setStatus,
    // Marks for the benchmark's start-up breakdown (tests/bench/bench.mjs): when the wasm and the
    // data package are both in (run dependencies at 0) and when the runtime is up.
    // With setStatus set, Emscripten's run() waits a timer before main() (a repaint of its own
    // status line, 60-90 ms here): the page has none, so it goes while nothing is left to load,
    // and comes back for the data package's progress when something is.
    monitorRunDependencies: (left) => {
      if (performance.mark) performance.mark('jm-rundeps-' + left);
      if (left) Module.setStatus = setStatus;
      else delete Module.setStatus;
    },
    onAbort: (what) => {
      loading.classList.add('error');
      loading.classList.remove('done');
      loadingText.textContent = early('abort', {what});
      stopSpinner();
      startFailed = true;
      if (window.JMSnapshot) JMSnapshot.done();
      if (ready) setTimeout(() => showMapAsText(), 0);   // the core may still read the map: best effort
    },
    onRuntimeInitialized: () => {
      if (performance.mark) performance.mark('jm-runtime-ready');
      ready = true;
      setProgress(0.95, early('drawing'));
      loadFontsForTextField();
    },
  };
  if (typeof WebAssembly !== 'object') {
    loading.classList.add('error');
    loadingText.textContent = early('no_wasm');
  }

  // The text field types in the same Noto fonts the canvas draws with, read from the
  // already-downloaded data package rather than downloaded twice. The Latin faces only: the
  // Arabic and Hebrew ones are fetched when needed, and web/assets.js adds them as they come.
  function loadFontsForTextField() {
    const faces = [['JM Sans', 'NotoSans']];
    for (const [family, file] of faces) {
      for (const weight of ['Regular', 'Bold']) {
        try {
          const bytes = FS.readFile('/fonts/' + file + '-' + weight + '.ttf');
          const face = new FontFace(family, bytes, {weight: weight === 'Bold' ? '700' : '400'});
          document.fonts.add(face);
          face.load().catch(() => {});
        } catch (e) { /* a missing face falls back to the next family */ }
      }
    }
  }

  // ---- Idle main loop: C++ sleeps when nothing changes; every input wakes it -----------------
  const JMApp = window.JMApp = {
    wake(frames) { if (ready && Module._jm_wake) Module._jm_wake(frames || 3); },
    pageReady() {
      if (window.jmFirstFrameMs === undefined) {
        window.jmFirstFrameMs = performance.now();
        lib.savedRev = Module._jm_revision();   // what is on screen now is what the library holds
        labelCanvas();
        if (window.JMSnapshot) JMSnapshot.done();   // the picture of the last visit (web/snapshot.js) makes way
        setProgress(1);
        if (!JMApp.holdLoader) JMApp.hideLoader();
        // An embedded viewer must not take the keyboard from the page around it.
        if (!EMBED) canvas.focus({preventScroll: true});
        window.dispatchEvent(new Event('jm-ready'));
        // What the first frame does not use comes after it: the exports the browser renders
        // (export.js) and the data panel's page side (data.js). The single file has them inline.
        if (!EMBED && !JMApp.exportPng) JMApp.loadScript('export.js');
        if (!EMBED && !globalThis.jmData) JMApp.loadScript('data.js');
        takeMissed();   // another tab saved this map while this one was starting
      }
    },
    // embed.js keeps its spinner up (holdLoader) until the map it was given is on screen.
    holdLoader: false,
    // A message that needs no wasm to be said (the loader's table, in the page's language).
    early,
    hideLoader() {
      if (!JMApp.shown) { JMApp.shown = true; window.dispatchEvent(new Event('jm-shown')); }   // web/wasm-parts.js waits for it
      if (!loading || !loading.isConnected) return;
      loading.classList.add('done');
      setTimeout(() => loading.remove(), 400);
    },
  };
  // ---- Renderer: WebGL2, else WebGL 1, else a 2D canvas (src/editor/render.h) ----------------
  // main() says which it chose (JMApp.renderer, <html data-jm-renderer>); without WebGL it asks
  // for web/render2d.js first (only such browsers download it).
  JMApp.renderer = '';
  JMApp.setRenderer = function (name) {
    JMApp.renderer = name;
    document.documentElement.dataset.jmRenderer = name;
    lastProgress = performance.now();
  };
  // A script of the site's, added to the page when first needed; done(loaded).
  JMApp.loadScript = function (src, done) {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => done && done(true);
    s.onerror = () => done && done(false);
    document.head.appendChild(s);
  };
  JMApp.loadRender2d = function (done) {
    lastProgress = performance.now();
    JMApp.loadScript('render2d.js', (ok) => done(ok && !!window.JMRender2D));
  };
  // Nothing can draw (or the wasm stopped): a one-line reason instead of the spinner, and the map
  // as HTML (the text view, built by the core without ImGui).
  JMApp.noRenderer = function (why) {
    startFailed = true;
    if (window.JMSnapshot) JMSnapshot.done();
    JMApp.renderer = JMApp.renderer || 'none';
    document.documentElement.dataset.jmRenderer = JMApp.renderer;
    loading.classList.add('error');
    loading.classList.remove('done');
    stopSpinner();
    loadingText.textContent = early('no_draw', {why});
    loadingText.dir = chosenLanguage() === 'en' ? 'ltr' : 'rtl';
    showMapAsText();
  };
  // The map this page would have opened, as JSON: the viewer's (embed.js sets JMApp.startMapJson),
  // else the editor's own from the library.
  async function mapForText() {
    if (JMApp.startMapJson) { try { return await JMApp.startMapJson(); } catch (e) { return ''; } }
    try { await restoreRead; } catch (e) { return ''; }
    if (lib.own && lib.own.json) return lib.own.json;
    return lib.restore ? (JSON.parse(lib.restore).json || '') : '';
  }
  async function showMapAsText() {
    if (document.getElementById('jm-nodraw-map')) return;
    let html = '';
    const json = await mapForText();
    if (json) { try { html = api('jm_text_view_of', 'string', ['string'], [json]); } catch (e) { html = ''; } }
    if (!html || document.getElementById('jm-nodraw-map')) return;
    // In the page itself, under the message (the loader, now a banner), scrolling on its own.
    // Styles through the CSSOM: the strict CSP refuses style attributes, not these.
    Object.assign(loading.style, {bottom: 'auto', padding: '12px 0'});
    const box = document.createElement('div');
    box.id = 'jm-nodraw-map';
    Object.assign(box.style, {position: 'fixed', left: '0', right: '0', bottom: '0', overflow: 'auto', zIndex: '11',
                              top: Math.ceil(loading.getBoundingClientRect().bottom) + 'px', background: 'Canvas', color: 'CanvasText'});
    const body = document.createElement('div');
    body.className = 'jm-tv-body';
    body.innerHTML = html;
    box.appendChild(body);
    document.body.appendChild(box);
    document.documentElement.classList.add('jm-nodraw');
    window.dispatchEvent(new Event('jm-nodraw'));
  }
  // Never a spinner for ever: a page that is visible, has made no progress for this long and has
  // drawn nothing says so (a hidden tab draws nothing and is not counted).
  const STALL_S = 30;
  document.addEventListener('visibilitychange', () => { lastProgress = performance.now(); });
  const watchdog = setInterval(() => {
    if (window.jmFirstFrameMs !== undefined || startFailed) { clearInterval(watchdog); return; }
    if (document.hidden || performance.now() - lastProgress < STALL_S * 1000) return;
    clearInterval(watchdog);
    if (window.JMSnapshot) JMSnapshot.done();
    loading.classList.add('error');
    stopSpinner();
    loadingText.textContent = early('stalled', {s: STALL_S});
    if (ready) showMapAsText();
  }, 1000);

  // No browser context menu over the map (a right-click belongs to the editor). Here rather than
  // in an inline oncontextmenu attribute, which the strict CSP refuses.
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  const wakeEvents = ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown', 'keyup', 'focus', 'blur',
                      'resize', 'visibilitychange', 'mousedown', 'mouseup', 'mousemove'];
  for (const ev of wakeEvents) window.addEventListener(ev, () => JMApp.wake(3), {capture: true, passive: true});
  new ResizeObserver(() => JMApp.wake(3)).observe(canvas);
  // Moving the page to a screen with another pixel ratio changes no size: watch the ratio too.
  (function watchDpr() {
    matchMedia('(resolution: ' + dpr() + 'dppx)').addEventListener('change', () => { JMApp.wake(3); watchDpr(); }, {once: true});
  })();

  // ---- Keys ----------------------------------------------------------------------------------
  // Emscripten's GLFW listens on window in the capture phase, sends every key to ImGui, and calls
  // preventDefault on Tab and Backspace: left alone, Tab could never leave the canvas (a keyboard
  // trap) and every key typed on the page's HTML would also act on the map. So GLFW sees a key
  // only when keyForGlfw says so (its listeners are wrapped above):
  //   Tab, never: moving focus is the browser's (the text field handles its own Tab below);
  //   the canvas (or nothing focused): every key, as before;
  //   the map's mirror (#jm-a11y-host): what a11y.js did not handle itself (it stops those), so
  //     Ctrl+Z, Ctrl+C and the other shortcuts act on the map;
  //   text fields, and anything in a modal dialog (the text view): nothing;
  //   other HTML controls (the chrome's twins, page buttons, menus): only shortcuts with Ctrl,
  //     Cmd or Alt; Enter, Space, Escape, arrows or Backspace on a button are that button's.
  //   a key's release, always: GLFW keeps which keys are down, and a Ctrl released over a button
  //     must not stay held for ImGui (a release of a key it never saw pressed changes nothing).
  function keyForGlfw(e) {
    if (e.type === 'keyup') return true;
    if (e.key === 'Tab') return false;
    const t = e.target;
    if (!t || t === window || t === canvas || t === document.body || t === document.documentElement || !t.closest) return true;
    if (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.isContentEditable) return false;
    if (t.closest('#jm-a11y-host')) return true;
    if (t.closest('[aria-modal="true"]')) return false;
    return e.ctrlKey || e.metaKey || e.altKey;
  }
  JMApp.keyForGlfw = keyForGlfw;
  // Keys typed into our text field belong to it alone: this listener (registered before GLFW's)
  // handles the field's keys here and stops the event there. The browser's default action
  // (typing) still happens. (Other inputs, the chrome's twins, keep their own listeners: GLFW
  // does not see their keys anyway.)
  for (const ev of ['keydown', 'keyup', 'keypress']) {
    window.addEventListener(ev, (e) => {
      const t = e.target;
      if (!t || t !== field) return;
      e.stopImmediatePropagation();
      if (ev === 'keydown') fieldKey(e);
    }, true);
  }

  // ---- The text field: a real browser textarea over the card ----------------------------------
  function rgb(v) { return '#' + (v >>> 0 & 0xffffff).toString(16).padStart(6, '0'); }
  function placeField(x, y, w, h, fontPx) {
    const r = dpr();
    // A little padding around the text, the field grown by as much, so the text stays put.
    field.style.left = (x / r - 4) + 'px';
    field.style.top = (y / r - 2) + 'px';
    field.style.width = Math.max(40, w / r + 8) + 'px';
    field.style.minHeight = (h / r + 4) + 'px';
    field.style.fontSize = (fontPx / r) + 'px';
    autoGrow();
  }
  function autoGrow() {
    if (!field) return;
    field.style.height = 'auto';
    field.style.height = field.scrollHeight + 'px';
  }
  function finish(commit) {
    if (!field) return;
    const f = field;
    field = null;
    const value = f.value;
    f.remove();
    if (ready) api(commit ? 'jm_text_commit' : 'jm_text_cancel', null, ['string'], [value]);
    // Back where the typing started: the map's mirror element (a11y.js finds it again if a patch
    // replaced it meanwhile), else the canvas.
    const back = fieldReturn;
    fieldReturn = null;
    if (!(back && window.JMA11y && JMA11y.focusBack(back))) canvas.focus({preventScroll: true});
    JMApp.wake(3);
  }
  let fieldReturn = null;   // the mirror element that had focus when the field opened
  JMApp.textOpen = function (o) {
    if (field) finish(true);
    const from = document.activeElement;
    if (from && from.closest && from.closest('#jm-a11y-host')) fieldReturn = from;
    field = document.createElement(o.multiline ? 'textarea' : 'input');
    field.id = 'jm-field';
    // The text decides its own direction (unicode-bidi: plaintext); an empty field's caret
    // starts on the interface's side.
    field.dir = JMApp.uiRtl ? 'rtl' : 'auto';
    field.spellcheck = true;
    field.value = o.text;
    field.placeholder = o.placeholder;
    field.setAttribute('aria-label', o.placeholder || t('page.text_field'));
    if (o.multiline) field.rows = 1;
    field.style.color = rgb(o.color);
    field.style.background = rgb(o.background);
    field.style.fontWeight = o.bold ? '700' : '400';
    document.body.appendChild(field);
    placeField(o.x, o.y, o.w, o.h, o.fontPx);
    field.addEventListener('input', () => {
      autoGrow();
      if (ready) api('jm_text_input', null, ['string'], [field.value]);
    });
    field.addEventListener('blur', () => finish(true));
    field.focus({preventScroll: true});
    field.select();
  };
  function fieldKey(e) {
    if (e.isComposing || e.keyCode === 229) return;   // an input method is composing: its keys
    if (e.key === 'Escape') { e.preventDefault(); finish(false); }
    else if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); finish(true); }
    else if (e.key === 'Tab') { e.preventDefault(); finish(true); }
  }
  JMApp.textMove = function (x, y, w, h, fontPx) { if (field) placeField(x, y, w, h, fontPx); };
  JMApp.textClose = function () { if (field) { const f = field; field = null; f.remove(); } };

  // ---- Clipboard ----------------------------------------------------------------------------
  const RICH = 'application/x-journeymap+json';
  // The map has the keyboard: the canvas, or the map's mirror (a card focused there is selected).
  function onCanvas() {
    const a = document.activeElement;
    return !field && (a === canvas || a === document.body || !!(a && a.closest && a.closest('#jm-a11y-host')));
  }
  function copyOut(cut) {
    const out = api('jm_copy', 'string', ['number'], [cut ? 1 : 0]);
    return out ? JSON.parse(out) : null;
  }
  document.addEventListener('copy', (e) => onClipboard(e, false));
  document.addEventListener('cut', (e) => onClipboard(e, true));
  function onClipboard(e, cut) {
    if (!ready || !onCanvas()) return;
    const out = copyOut(cut);
    if (!out || !out.text) return;
    e.clipboardData.setData('text/plain', out.text);
    e.clipboardData.setData(RICH, out.rich);
    richClipboard = out;
    e.preventDefault();
    JMApp.wake(3);
  }
  document.addEventListener('paste', (e) => {
    if (!ready || !onCanvas()) return;
    const text = e.clipboardData.getData('text/plain') || '';
    let rich = e.clipboardData.getData(RICH) || '';
    if (!rich && richClipboard && richClipboard.text === text) rich = richClipboard.rich;
    api('jm_paste', null, ['string', 'string'], [text, rich]);
    e.preventDefault();
    JMApp.wake(3);
  });
  JMApp.clipboardWrite = function (text, rich) {
    richClipboard = {text, rich};
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
  };
  JMApp.clipboardRequestPaste = function () {
    if (!navigator.clipboard || !navigator.clipboard.readText) return;
    navigator.clipboard.readText().then((text) => {
      const rich = richClipboard && richClipboard.text === text ? richClipboard.rich : '';
      api('jm_paste', null, ['string', 'string'], [text, rich]);
      JMApp.wake(3);
    }).catch(() => api('jm_notify', null, ['string'], [t('page.clipboard_refused')]));
  };

  // ---- Files --------------------------------------------------------------------------------
  JMApp.download = function (name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], {type: mime}));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  // A file goes to the editor as its bytes, with their length: the core names what is wrong with
  // them (UTF-16, a NUL byte, bytes that are not UTF-8, with the offset). Reading it as text here
  // would hide that: Blob.text() replaces bad bytes with U+FFFD, and a C string ends at a NUL.
  // Only UTF-16 with a byte order mark is decoded here (strictly), and passed on as UTF-8.
  function openBytes(name, bytes) {
    const p = _malloc(bytes.length + 1);
    if (!p) { api('jm_notify', null, ['string'], [name + ' was not opened: there is not enough memory for it.']); return; }
    HEAPU8.set(bytes, p);
    try { api('jm_open_bytes', null, ['string', 'number', 'number'], [name, p, bytes.length]); } finally { _free(p); }
    JMApp.wake(3);
  }
  function fromUtf16(bytes) {
    const le = bytes[0] === 0xff && bytes[1] === 0xfe, be = bytes[0] === 0xfe && bytes[1] === 0xff;
    if (!le && !be) return bytes;
    try { return new TextEncoder().encode(new TextDecoder(le ? 'utf-16le' : 'utf-16be', {fatal: true}).decode(bytes)); }
    catch (e) { return bytes; }   // damaged UTF-16: the core says it is UTF-16
  }
  function readFile(file) {
    if (file.size > 64 * 1024 * 1024) {
      api('jm_notify', null, ['string'], [t('page.file_too_large', {name: file.name, mb: (file.size / 1048576).toFixed(0)})]);
      return;
    }
    file.arrayBuffer().then((b) => openBytes(file.name, fromUtf16(new Uint8Array(b))),
                            () => api('jm_notify', null, ['string'], [t('page.file_unreadable', {name: file.name})]));
  }
  JMApp.openFilePicker = function () {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'jm-file';
    input.accept = '.json,.journey.json,application/json';
    input.addEventListener('change', () => { if (input.files[0]) readFile(input.files[0]); input.remove(); });
    document.body.appendChild(input);
    input.click();
  };
  window.addEventListener('dragover', (e) => { e.preventDefault(); });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files ? [...e.dataTransfer.files] : [];
    if (!files.length || !ready || EMBED) return;   // the embedded viewer shows what its host page gives it
    // Customer data CSV files (events, survey answers, paths) go to the data layer (data.js);
    // anything else is a map, or cards, opened by the editor.
    if (JMApp.dropData) JMApp.dropData(files).then((taken) => { if (!taken) readFile(files[0]); }, () => readFile(files[0]));
    else readFile(files[0]);
  });

  // ---- Touch: one finger pans or drags like a mouse, two fingers pinch-zoom and pan -----------
  // Emscripten's GLFW gets no coordinates from touch events, so touches are handled here.
  const touches = new Map();
  let pinch = null;
  function pt(t) { const r = canvas.getBoundingClientRect(); return [(t.clientX - r.left) * dpr(), (t.clientY - r.top) * dpr()]; }
  function onTouch(e) {
    if (e.target !== canvas || !ready) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    for (const t of e.changedTouches) {
      if (e.type === 'touchstart') touches.set(t.identifier, pt(t));
      else if (e.type === 'touchmove') touches.set(t.identifier, pt(t));
      else touches.delete(t.identifier);
    }
    const list = [...touches.values()];
    if (list.length >= 2) {
      const [a, b] = list;
      const cx = (a[0] + b[0]) / 2, cy = (a[1] + b[1]) / 2, d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      if (!pinch) { Module._jm_pointer(3, cx, cy); pinch = {cx, cy, d}; }
      else { Module._jm_pinch(d / pinch.d, cx - pinch.cx, cy - pinch.cy, cx, cy); pinch = {cx, cy, d}; }
    } else if (list.length === 1 && !pinch) {
      const [x, y] = list[0];
      Module._jm_pointer(e.type === 'touchstart' ? 1 : 0, x, y);
    } else if (list.length === 0) {
      const t = e.changedTouches[0];
      if (!pinch && t) { const [x, y] = pt(t); Module._jm_pointer(2, x, y); }
      pinch = null;
    }
    JMApp.wake(3);
  }
  for (const ev of ['touchstart', 'touchmove', 'touchend', 'touchcancel'])
    window.addEventListener(ev, onTouch, {capture: true, passive: false});

  // ---- The browser library: maps kept in IndexedDB ------------------------------------------
  // One record per map: {id, title, created, updated, bytes, json, session, trashed, rev, tab}. A
  // put is atomic in IndexedDB, so a failed write (a full quota) leaves the previous copy intact;
  // the map stays in memory and the user is told to save it as a file.
  // rev counts the writes of the map's content and tab names the page that made the last one.
  // Several tabs may have one map open: a tab writes only over the revision it last read or wrote
  // itself (lib.rev); a newer one from another tab stops its autosave and asks the user (below).
  const lib = {db: null, currentId: null, timer: 0, dirty: false, title: '', restore: null, restoreWanted: false,
               writing: 0, rev: 0, conflict: false, preview: false, missed: 0, autoAt: new Map()};
  function idb(req) { return new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); }); }
  const pageReady = new Promise((res) => window.addEventListener('jm-ready', res, {once: true}));

  // A link to a shared map: #map=<the map's JSON, deflate-raw compressed, base64url>. The fragment
  // never reaches a server. While a shared map is on screen (lib.shared) the library writes
  // nothing (not the map, not its view, not the unload journal) and the user's own "current" map
  // is neither restored nor replaced, so it is still there on the next ordinary visit. The C++
  // side calls JMApp.library('new') when "Save a copy to my maps" is clicked (or when another map
  // is opened): that ends the shared view, and the map is then saved as a new entry.
  // Why 32,000 characters: a URL's fragment never reaches a server and Chromium or Firefox open
  // URLs of a megabyte, so the limit is not the browser's. It is for the places a link is pasted
  // into: chat and e-mail clients, wikis and ticket systems shorten, wrap or refuse very long
  // links, and a link that arrives cut short opens nothing. 32,000 characters (about 24 KB of
  // compressed map: several hundred cards) is a size such links usually survive; past it a file
  // is the reliable way.
  const MAX_LINK = 32000;
  const MAX_MAP_BYTES = 64 * 1024 * 1024;   // as for files: what a decompressed link may hold
  const shareData = !EMBED && location.hash.startsWith('#map=') ? location.hash.slice(5) : '';
  lib.shared = shareData ? 'opening' : false;   // 'opening' until the map is loaded, then true
  const sharedJson = shareData ? unpackMap(shareData).catch((e) => { lib.shared = false; lib.shareError = e.message; return null; })
                               : Promise.resolve(null);
  // Another link pasted into the address bar of an open page changes only the fragment: start
  // again with it (leaving the page writes the map that was open, as always).
  window.addEventListener('hashchange', () => { if (location.hash.startsWith('#map=')) location.reload(); });
  // Opens one of the page's IndexedDB databases; resolves to it, or to null where there is none:
  // the viewer (it never keeps anything), a browser without IndexedDB, an opaque origin (a frame
  // sandboxed without allow-same-origin throws on open), or an error (said once, as `lost`).
  function openDb(name, upgrade, lost) {
    return new Promise((resolve) => {
      if (EMBED || !window.indexedDB) { resolve(null); return; }
      let open;
      try { open = indexedDB.open(name, 1); } catch (e) { resolve(null); return; }
      open.onupgradeneeded = () => upgrade(open.result);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => { if (lost) console.warn('IndexedDB unavailable: ' + lost); resolve(null); };
    });
  }
  const dbReady = openDb('journeymap', (db) => {
    db.createObjectStore('maps', {keyPath: 'id'});
    db.createObjectStore('kv', {keyPath: 'k'});
  }, 'maps will not be kept in this browser').then((db) => (lib.db = db));
  function store(name, mode) { return lib.db.transaction(name, mode).objectStore(name); }
  function notify(msg) { if (ready) api('jm_notify', null, ['string'], [msg]); }
  function newId() { return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8); }
  // Changes one record in a single readwrite transaction (no other tab's write can fall between
  // the read and the write). fn returns the record to put, or null to leave it. Resolves to it.
  function update(id, fn) {
    const tx = lib.db.transaction('maps', 'readwrite');
    const maps = tx.objectStore('maps');
    let out = null;
    const get = maps.get(id);
    get.onsuccess = () => { if (get.result && (out = fn(get.result))) maps.put(out); };
    return new Promise((res, rej) => { tx.oncomplete = () => res(out); tx.onerror = tx.onabort = () => rej(tx.error); });
  }

  // ---- The same map in two tabs ---------------------------------------------------------------
  // Each page is a tab with its own id. After every write of a map's content it tells the other
  // tabs (BroadcastChannel, and a localStorage key whose 'storage' event reaches browsers without
  // BroadcastChannel; the handler ignores what it has already seen). A tab showing that map with
  // nothing unsaved takes the newer version at once; a tab with unsaved changes would overwrite
  // it, so it stops saving and asks: reload the newer version, or keep its own as a new map. The
  // revision check in saveNow guards the same case when no message arrived.
  const TAB = newId();
  const ANNOUNCE = 'journeymap-announce';
  const channel = !EMBED && typeof BroadcastChannel === 'function' ? new BroadcastChannel('journeymap') : null;
  function announce(msg) {
    msg.tab = TAB;
    if (channel) channel.postMessage(msg);
    try { localStorage.setItem(ANNOUNCE, JSON.stringify(msg)); } catch (e) { /* the channel carried it */ }
  }
  if (channel) channel.onmessage = (e) => onAnnounce(e.data);
  window.addEventListener('storage', (e) => {
    if (e.key !== ANNOUNCE || !e.newValue) return;
    try { onAnnounce(JSON.parse(e.newValue)); } catch (err) { /* not ours */ }
  });
  function unsavedHere() {
    return !!field || lib.dirty || lib.writing > 0 || (ready && Module._jm_revision() !== lib.savedRev);
  }
  // Puts a stored record ({id, json, session}) on screen: it is what the library holds, so nothing
  // is unsaved after it. The record read at start can come after the first frame, whose blank map
  // had asked to be saved: that save, left pending, wrote the record back as a new revision, and
  // another tab open on the map took it for an edit (a conflict while it typed).
  function restoreRecord(json) {
    clearTimeout(lib.timer);
    lib.timer = 0;
    api('jm_restore', null, ['string'], [json]);
    lib.savedRev = Module._jm_revision();
    lib.dirty = lib.sessionDirty = false;
  }
  function takeMissed() {
    if (lib.missed > lib.rev) reloadNewer(false);
    lib.missed = 0;
  }
  function onAnnounce(msg) {
    if (!msg || msg.type !== 'saved' || msg.tab === TAB || EMBED || lib.shared) return;
    if (msg.id !== lib.currentId || (msg.rev || 0) <= lib.rev || lib.conflict || lib.syncing) return;
    // While a version preview hides the map, or before the first frame (the editor cannot be
    // asked for its view or given the map before its runtime exists: Module.ccall is not there
    // yet), the newest revision is kept and taken when the preview closes or the page is up.
    if (lib.preview || window.jmFirstFrameMs === undefined) { lib.missed = Math.max(lib.missed, msg.rev || 0); return; }
    if (unsavedHere()) showConflict();
    else reloadNewer(false);
  }
  // Shows the stored version of the current map in place of this tab's. `chosen`: the user asked
  // (their unsaved changes here are dropped); otherwise this tab had none and keeps its view.
  async function reloadNewer(chosen) {
    lib.syncing = true;
    try {
      const rec = await idb(store('maps', 'readonly').get(lib.currentId));
      if (!rec) return;
      if (!chosen && unsavedHere()) { showConflict(); return; }   // an edit arrived meanwhile
      if (chosen && field) finish(true);   // what is being typed belongs to the changes set aside
      // The changes this tab drops are kept as a version of the map: nothing is lost.
      if (chosen) addVersion(lib.currentId, {auto: true, reason: 'reload', json: api('jm_model_json', 'string', [], []),
                                             cards: Module._jm_card_count(), time: Date.now()});
      lib.rev = rec.rev || 0;
      lib.title = rec.title;
      const session = chosen ? rec.session || '' : api('jm_session_json', 'string', [], []);
      restoreRecord(JSON.stringify({id: rec.id, json: rec.json, session}));
      closeConflict();
      notify(t(chosen ? 'page.newer_chosen' : 'page.newer_taken'));
      JMApp.wake(3);
    } finally {
      lib.syncing = false;
    }
  }
  // This tab's map becomes a new entry in My maps, "<title> (copy)"; the other tab's version stays.
  // inEditor: the map stays open here and is renamed in the editor (an undoable edit); otherwise
  // (the editor is switching to another map) it is written as it is, synchronously.
  function keepMineAsCopy(inEditor) {
    closeConflict();
    if (!inEditor) {
      const rec = copyRecord({title: api('jm_title', 'string', [], []), json: api('jm_model_json', 'string', [], []),
                              session: api('jm_session_json', 'string', [], [])});
      lib.db.transaction('maps', 'readwrite').objectStore('maps').put(rec);
      return;
    }
    const title = early('copy_title', {title: api('jm_title', 'string', [], []) || early('untitled')});
    lib.currentId = newId();
    lib.created = Date.now();
    lib.rev = 0;
    api('jm_command', 'number', ['string', 'string'], ['set_title', title]);
    lib.dirty = true;
    saveNow();
    notify(t('page.kept_copy', {title}));
  }
  function closeConflict() {
    lib.conflict = false;
    document.getElementById('jm-conflict')?.remove();
  }
  function showConflict() {
    if (lib.conflict) return;
    lib.conflict = true;
    clearTimeout(lib.timer);
    lib.timer = 0;
    const panel = document.createElement('div');
    panel.id = 'jm-conflict';
    panel.setAttribute('role', 'alertdialog');
    panel.setAttribute('aria-label', t('page.conflict_label'));
    localize(panel);
    Object.assign(panel.style, {position: 'fixed', left: '50%', top: '56px', transform: 'translateX(-50%)', zIndex: 20,
      width: 'min(560px, 92vw)', padding: '14px 16px', borderRadius: '10px', background: '#fff', color: '#1f2937',
      boxShadow: '0 10px 30px rgba(0,0,0,.25)', font: '13px/1.45 system-ui, sans-serif'});
    const head = document.createElement('strong');
    head.textContent = t('page.conflict_head');
    const text = document.createElement('div');
    text.textContent = t('page.conflict_text');
    text.style.margin = '6px 0 10px';
    const reload = document.createElement('button');
    reload.textContent = t('page.conflict_reload');
    reload.addEventListener('click', () => reloadNewer(true));
    const copy = document.createElement('button');
    copy.textContent = t('page.conflict_keep');
    copy.style.marginInlineStart = '8px';   // the gap is towards the first button in either direction
    copy.addEventListener('click', () => keepMineAsCopy(true));
    panel.append(head, text, reload, copy);
    document.body.appendChild(panel);
    window.dispatchEvent(new Event('jm-conflict'));
  }
  // Read the map that was open last while the wasm downloads.
  function useOwn(rec) {
    lib.currentId = rec.id; lib.created = rec.created; lib.title = rec.title; lib.rev = rec.rev || 0;
    return JSON.stringify({id: rec.id, json: rec.json, session: rec.session || ''});
  }
  const restoreRead = dbReady.then(async (db) => {
    let own = null;
    if (db) {
      try {
        // Journals left by pages that closed before their last write finished: replay them.
        for (const key of Object.keys(localStorage).filter((k) => k.startsWith(JOURNAL))) {
          try { await replayJournal(db, JSON.parse(localStorage.getItem(key))); }
          catch (e) { console.warn('an unload journal could not be replayed', e); }
          localStorage.removeItem(key);
        }
        // index.html#open=<library id> (the portfolio page's links) opens that map of My maps.
        const asked = location.hash.startsWith('#open=') ? decodeURIComponent(location.hash.slice(6)) : '';
        if (asked) history.replaceState(history.state, '', location.pathname + location.search);
        const cur = asked ? {v: asked} : await idb(store('kv', 'readonly').get('current'));
        const rec = cur && await idb(store('maps', 'readonly').get(cur.v));
        if (rec && !rec.trashed) own = rec;
      } catch (e) { console.warn('could not read the library', e); }
    }
    // A map opened from a link is shown instead of the user's own, which stays untouched.
    const shared = await sharedJson;
    lib.own = own;
    const found = own && !shared ? useOwn(own) : '';
    // The picture of the last visit (web/snapshot.js) stays only if it shows this very revision.
    const snap = window.JMSnapshot && JMSnapshot.shown;
    if (snap) JMSnapshot.check(!!found && own.id === snap.id && (own.rev || 0) === snap.rev);
    lib.restore = found;
    if (lib.restoreWanted && found) { restoreRecord(found); JMApp.wake(3); }
    if (lib.startNotice) pageReady.then(() => notify(t(...lib.startNotice)));
  });
  // When this browser holds a map to open (a mark beside the library, read at once; an unload
  // journal; a link naming a map), main() waits for that read (an Emscripten run dependency), a
  // second at most: the first frame is then the map this visit opens, not the blank map replaced
  // a moment later (and over the picture of the last visit). A new visitor's first frame does not
  // wait for IndexedDB to create its database.
  const HAS_MAPS = 'journeymap.has-maps';
  function markMaps(yes) {
    try { if (yes) localStorage.setItem(HAS_MAPS, '1'); else localStorage.removeItem(HAS_MAPS); } catch (e) { /* no wait then */ }
  }
  if (!EMBED) restoreRead.then(() => markMaps(!!lib.own), () => {});   // the viewer never reads the library
  if (!EMBED) (Module.preRun = Module.preRun || []).push(() => {
    let expect = /^#(map|open)=/.test(location.hash);
    try { expect = expect || localStorage.getItem(HAS_MAPS) === '1' || Object.keys(localStorage).some((k) => k.startsWith(JOURNAL)); } catch (e) { /* storage refused */ }
    if (!expect) return;
    let held = true;
    const go = () => { if (held) { held = false; Module.removeRunDependency('jm-library'); } };
    Module.addRunDependency('jm-library');
    restoreRead.then(go, go);
    setTimeout(go, 1000);
  });
  // A journal holds {id, title, created, updated, json, session, base, tab}: base is the revision
  // its page last read or wrote. It is written over the stored map when nobody else wrote that map
  // since (or the writer was that same page, whose journal is newer than its own writes); when
  // another tab wrote it meanwhile, the journal becomes a copy beside it: nothing is overwritten.
  async function replayJournal(db, j) {
    if (!j || typeof j.json !== 'string' || !j.id) return;
    const old = await idb(store('maps', 'readonly').get(j.id));
    const tx = db.transaction(['maps', 'kv'], 'readwrite');
    if (!old || old.tab === j.tab || (old.rev || 0) <= (j.base || 0)) {
      if (old && old.updated >= j.updated) return;   // the page's own later write already has it
      tx.objectStore('maps').put({id: j.id, title: j.title, created: j.created, updated: j.updated, bytes: j.json.length,
                                  json: j.json, session: j.session, trashed: false, rev: (old ? old.rev || 0 : 0) + 1, tab: j.tab});
      tx.objectStore('kv').put({k: 'current', v: j.id});
    } else {
      const copy = copyRecord(j);
      tx.objectStore('maps').put(copy);
      // Told once the editor runs (its tables hold the words): [key, args] until then.
      lib.startNotice = ['page.journal_copy', {title: j.title || early('untitled'), copy: copy.title}];
    }
    await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
  }
  // A new library entry holding `rec`'s map under "<title> (copy)".
  function copyRecord(rec) {
    const title = early('copy_title', {title: rec.title || early('untitled')});   // maybe before the wasm runs
    let json = rec.json;
    try { const doc = JSON.parse(json); doc.map.title = title; json = JSON.stringify(doc); } catch (e) { /* kept as it is */ }
    const now = Date.now();
    return {id: newId(), title, created: now, updated: now, bytes: json.length, json, session: rec.session || '', trashed: false, rev: 1, tab: TAB};
  }
  JMApp.takeRestore = function () {
    // Called once by main() after the editor is set up and before its first frame: embed.js
    // switches the viewer on here (jm-init), so the editor's chrome is never drawn in it.
    window.dispatchEvent(new Event('jm-init'));
    if (lib.restore === null) { lib.restoreWanted = true; return ''; }   // not read yet: delivered later
    const r = lib.restore;
    lib.restore = '';
    return r;
  };
  // Writes without awaiting anything first: from pagehide the transaction must be issued before
  // the page goes away. The map itself is written only when it changed; otherwise just the
  // session (zoom, scroll, selection) of the record is updated.
  function saveNow() {
    clearTimeout(lib.timer);
    lib.timer = 0;
    if (!ready || !lib.db || lib.shared) return Promise.resolve();   // a shared map is not kept unless asked
    if (lib.conflict) return Promise.resolve();   // another tab saved this map: the user chooses first
    if (lib.preview) return Promise.resolve();    // a version is on screen, read-only: the map waits
    // Ask the editor itself: an edit made in the last frame may not have been announced yet.
    const rev = Module._jm_revision();
    if (lib.savedRev !== undefined && rev !== lib.savedRev) lib.dirty = true;
    if (!lib.dirty && !lib.sessionDirty) return Promise.resolve();
    lib.savedRev = rev;
    if (!lib.currentId) {
      if (!lib.dirty) { lib.sessionDirty = false; return Promise.resolve(); }   // an untouched new map is not kept
      lib.currentId = newId();
      lib.created = Date.now();
    }
    const id = lib.currentId, mapDirty = lib.dirty;
    const pictured = window.JMSnapshot ? JMSnapshot.changes : 0;   // the screen this save is of (web/snapshot.js)
    lib.dirty = lib.sessionDirty = false;
    const session = api('jm_session_json', 'string', [], []);
    // What is written is taken now, synchronously (the page may be going away).
    let rec = null;
    if (mapDirty) {
      const json = api('jm_model_json', 'string', [], []);
      lib.title = api('jm_title', 'string', [], []);
      rec = {id, title: lib.title, created: lib.created || Date.now(), updated: Date.now(), bytes: json.length, json, session,
             trashed: false, rev: 0, tab: TAB, cards: Module._jm_card_count()};
    }
    const tx = lib.db.transaction(['maps', 'kv'], 'readwrite');
    // savedRev now says "written", but the write is only durable once the transaction completes:
    // until then flushOnExit must still journal (a page closed meanwhile loses the transaction).
    lib.writing++;
    const maps = tx.objectStore('maps');
    // Read and write in one transaction: IndexedDB runs this tab's and other tabs' readwrite
    // transactions on the store one after another, so nothing can slip in between the check
    // and the put. A revision newer than ours from another tab is not overwritten.
    let newer = null;
    const get = maps.get(id);
    get.onsuccess = () => {
      const old = get.result;
      if (old && (old.rev || 0) > lib.rev && old.tab !== TAB) { newer = old; return; }
      if (rec) {
        if (old) autoVersion(id, old);
        rec.rev = Math.max(lib.rev, old ? old.rev || 0 : 0) + 1;
        lib.rev = rec.rev;
        maps.put(rec);
      } else if (old) {
        old.session = session;   // only the view: not a new revision of the map
        maps.put(old);
      }
      tx.objectStore('kv').put({k: 'current', v: id});
    };
    return new Promise((resolve) => {
      tx.oncomplete = () => {
        lib.writing--;
        if (newer) {   // nothing was written
          if (mapDirty) { lib.dirty = true; showConflict(); }
          else reloadNewer(false);   // only the view changed here: take the newer map
          resolve();
          return;
        }
        window.jmLastSaved = Date.now();
        markMaps(true);
        // What the next visit shows before the editor is up: this map as it is now on screen.
        if (window.JMSnapshot) JMSnapshot.saved({id, rev: lib.rev}, pictured);
        if (rec) {
          announce({type: 'saved', id, rev: rec.rev});
          // A journal this page left when it was hidden is older than what was just written.
          if (lib.journaled) { lib.journaled = false; try { localStorage.removeItem(JOURNAL + ':' + id); } catch (e) { /* none */ } }
        }
        window.dispatchEvent(new Event('jm-saved'));
        resolve();
      };
      tx.onerror = tx.onabort = () => {
        const e = tx.error;
        lib.writing--;
        if (mapDirty) lib.dirty = true;
        const full = e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message)));
        notify(full ? t('page.storage_full') : t('page.save_failed', {error: e && e.name}));
        resolve();
      };
    });
  }
  JMApp.mapChanged = function (title, mapDirty) {
    if (mapDirty) window.dispatchEvent(new CustomEvent('jm-map-changed', {detail: {title}}));   // embed.js tells the host page
    if (EMBED) return;   // the viewer keeps nothing
    if (window.JMSnapshot) JMSnapshot.changed();
    // saveNow asks the editor for its revision, so it may have written an edit before the frame
    // that announces it: that revision is saved, and writing it again made a new revision of the
    // same map, which another tab open on it took for an edit (a conflict while it typed).
    const written = mapDirty && ready && Module._jm_revision() === lib.savedRev;
    if (mapDirty && !written) lib.dirty = true; else lib.sessionDirty = true;
    lib.title = title;
    if (!lib.timer) lib.timer = setTimeout(saveNow, mapDirty ? 600 : 1000);   // within a second
  };
  // Closing or hiding the page writes at once. An IndexedDB write started while the page goes
  // away may not finish, so the unsaved map is also put in a small synchronous journal
  // (localStorage) that the next start replays into IndexedDB. The library itself is IndexedDB.
  // One journal per map (journeymap-unsaved:<id>), so two tabs closing lose neither.
  const JOURNAL = 'journeymap-unsaved';
  function flushOnExit(ev) {
    // During a preview the map on screen is an old version; the map itself was saved before it.
    if (!ready || EMBED || lib.shared || lib.preview) return;
    const rev = Module._jm_revision();
    // An autosave issued just before (lib.writing) has not reached IndexedDB yet and may never:
    // journal then too. (Skipping it was why closing right after an edit lost the edit.)
    if (rev !== lib.savedRev || lib.dirty || lib.writing > 0) {
      // The journal and the write below must name the same map entry.
      if (!lib.currentId) { lib.currentId = newId(); lib.created = Date.now(); }
      try {
        localStorage.setItem(JOURNAL + ':' + lib.currentId, JSON.stringify({id: lib.currentId, title: api('jm_title', 'string', [], []),
          created: lib.created || Date.now(), updated: Date.now(), json: api('jm_model_json', 'string', [], []),
          session: api('jm_session_json', 'string', [], []), base: lib.rev, tab: TAB, closing: ev.type === 'pagehide'}));
        lib.journaled = true;
      } catch (e) { /* too large for the journal: the IndexedDB write below is the only copy */ }
    }
    saveNow();
  }
  document.addEventListener('visibilitychange', (e) => { if (document.visibilityState === 'hidden') flushOnExit(e); });
  window.addEventListener('pagehide', flushOnExit);
  // A journal can reach this page after it started: Chromium passes a closing page's localStorage
  // writes on to other pages asynchronously, so a page opened right after another one closed may
  // read the journals before that page's last one has arrived. Its 'storage' event comes later:
  // replay it then (replaying is idempotent), and show the map if it is the one on screen (or
  // nothing of this page's own was started yet). Only a closing page's journal: a hidden tab's
  // is still its own business.
  window.addEventListener('storage', (e) => {
    if (EMBED || !e.key || !e.key.startsWith(JOURNAL) || !e.newValue) return;
    let j;
    try { j = JSON.parse(e.newValue); } catch (err) { return; }
    if (!j || !j.closing) return;
    restoreRead.then(() => lateJournal(e.key, j)).catch((err) => console.warn('a late unload journal could not be replayed', err));
  });
  async function lateJournal(key, j) {
    if (!lib.db || localStorage.getItem(key) === null) return;   // replayed already
    await replayJournal(lib.db, j);
    localStorage.removeItem(key);
    if (lib.startNotice) { notify(t(...lib.startNotice)); lib.startNotice = ''; }
    const rec = await idb(store('maps', 'readonly').get(j.id));
    if (!rec || lib.shared) return;
    if (j.id === lib.currentId) onAnnounce({type: 'saved', id: rec.id, rev: rec.rev, tab: rec.tab});
    else if (!lib.currentId && ready && !unsavedHere()) libraryOp('open', rec.id);
  }
  JMApp.library = function (op, id, arg) {
    // Before the editor switches to another map: write the one that is open, synchronously,
    // then start a new entry. (Anything asynchronous here could save the next map over it.)
    if (EMBED) {   // the viewer has no library: an empty list, nothing else
      if (op === 'list') api('jm_library_list', null, ['string'], [JSON.stringify({maps: [], usage: 0, quota: 0})]);
      return;
    }
    // Another map replaces a version being previewed: the preview ends first (its map was saved).
    if ((op === 'new' || op === 'open') && lib.preview) api('jm_command', 'number', ['string', 'string'], ['history_drop_preview', '']);
    if (op === 'new') {
      // During a shared view nothing is saved; our own jm.command('load') of the shared map
      // ('opening') calls this too and changes nothing. Afterwards it means "Save a copy to my
      // maps" (or another map was opened): the shared view ends and autosave resumes.
      if (lib.shared === true) endSharedView();
      else if (lib.conflict) keepMineAsCopy(false);   // unsaved work under a conflict is not dropped
      else if (!lib.shared) saveNow();
      lib.currentId = null;
      lib.created = 0;
      lib.rev = 0;
      return;
    }
    return libraryOp(op, id, arg);
  };
  function endSharedView() {
    lib.shared = false;
    // A reload now opens the user's maps, not the link again.
    history.replaceState(history.state, '', location.pathname + location.search);
    // After "Save a copy" the editor has left the shared view itself; after File > New or Open
    // during a shared view it has not: leave it here (after the current frame, not inside it).
    setTimeout(() => { api('jm_command', 'number', ['string', 'string'], ['shared', '0']); JMApp.wake(3); }, 0);
  }
  // The map's own uid (a card's sub-journey names a map by it), read from its JSON once per write.
  const uidSeen = new Map();
  function mapUid(r) {
    const k = r.id + ':' + (r.rev || 0) + ':' + r.updated;
    if (!uidSeen.has(k)) {
      let uid = '';
      try { uid = JSON.parse(r.json).map.uid || ''; } catch (e) { /* an unreadable record lists without one */ }
      uidSeen.set(k, uid);
    }
    return uidSeen.get(k);
  }
  async function libraryOp(op, id, arg) {
    const db = await dbReady;
    if (!db) { notify(t('page.no_library')); return; }
    try {
      if (op === 'list') {
        const all = await idb(store('maps', 'readonly').getAll());
        const list = all.map((r) => ({id: r.id, title: r.title, updated: r.updated, bytes: r.bytes, trashed: !!r.trashed, current: r.id === lib.currentId,
                                      uid: mapUid(r)}));
        let usage = 0, quota = 0;
        if (navigator.storage && navigator.storage.estimate) ({usage, quota} = await navigator.storage.estimate());
        api('jm_library_list', null, ['string'], [JSON.stringify({maps: list, usage, quota})]);
      } else if (op === 'open') {
        if (lib.conflict) keepMineAsCopy(false);
        await saveNow();
        const rec = await idb(store('maps', 'readonly').get(id));
        if (!rec) { notify(t('page.map_gone')); return; }
        lib.currentId = rec.id;
        lib.created = rec.created;
        lib.title = rec.title;
        lib.rev = rec.rev || 0;
        await idb(store('kv', 'readwrite').put({k: 'current', v: rec.id}));
        restoreRecord(JSON.stringify({id: rec.id, json: rec.json, session: rec.session || ''}));
        if (lib.shared) endSharedView();   // one of the user's own maps replaced the shared one
      } else if (op === 'delete' || op === 'restore') {
        await update(id, (rec) => { rec.trashed = op === 'delete'; return rec; });
        if (op === 'delete' && id === lib.currentId) lib.currentId = null;
        return libraryOp('list');
      } else if (op === 'purge') {
        await idb(store('maps', 'readwrite').delete(id));
        await deleteVersions(id, (all) => all);
        return libraryOp('list');
      } else if (op === 'rename') {
        // A new revision of the map: a tab showing it takes the new title.
        const rec = await update(id, (r) => {
          const doc = JSON.parse(r.json);
          doc.map.title = arg;
          Object.assign(r, {title: arg, json: JSON.stringify(doc), updated: Date.now(), rev: (r.rev || 0) + 1, tab: TAB});
          r.bytes = r.json.length;
          return r;
        });
        if (rec) announce({type: 'saved', id, rev: rec.rev});
        if (rec && id === lib.currentId) api('jm_command', 'number', ['string', 'string'], ['set_title', arg]);
        return libraryOp('list');
      } else if (op === 'duplicate') {
        const rec = await idb(store('maps', 'readonly').get(id));
        if (!rec) return;
        await idb(store('maps', 'readwrite').put(copyRecord(rec)));
        return libraryOp('list');
      }
    } catch (e) {
      notify(t('page.library_failed', {error: e && e.message || e}));
    }
    JMApp.wake(3);
  }

  // ---- History: versions of each map ----------------------------------------------------------
  // A database of its own ('journeymap-history'), so the library's needs no upgrade (an upgrade
  // waits for every other open tab of an older build to close). Two stores: 'versions' holds
  // {vid, map, time, name, auto, reason, of, cards, bytes}, small enough to list; 'bodies' holds
  // {vid, json}, read only to preview or restore one. Named versions stay until their map is
  // purged from the trash. Automatic ones are the map as it was before a save: the first save of
  // a map in a page session ('session'), then at most one a minute of editing ('minute'), plus
  // the state before a restore ('restore') and changes set aside for another tab's ('reload').
  // Of those, the newest 20 are kept, and fewer when they pass 100 MB together (large maps).
  const AUTO_EVERY_MS = 60 * 1000, AUTO_KEEP = 20, AUTO_BYTES = 100 * 1024 * 1024;
  let hdb = null;
  const histReady = openDb('journeymap-history', (db) => {
    db.createObjectStore('versions', {keyPath: 'vid', autoIncrement: true}).createIndex('map', 'map');
    db.createObjectStore('bodies', {keyPath: 'vid'});
  }, 'no versions will be kept').then((db) => (hdb = db));
  function countCards(json) {   // records written before they carried their card count
    try { return JSON.parse(json).map.cards.length; } catch (e) { return 0; }
  }
  // Adds a version; the transaction is issued now (synchronously), so the order of calls is kept.
  function addVersion(map, v) {
    if (!hdb || !map || typeof v.json !== 'string') return Promise.resolve();
    const tx = hdb.transaction(['versions', 'bodies'], 'readwrite');
    const meta = {map, time: v.time || Date.now(), name: v.name || '', auto: !!v.auto, reason: v.reason || '', of: v.of || 0,
                  cards: v.cards === undefined ? countCards(v.json) : v.cards, bytes: v.json.length};
    const add = tx.objectStore('versions').add(meta);
    add.onsuccess = () => tx.objectStore('bodies').put({vid: add.result, json: v.json});
    return new Promise((res) => {
      tx.oncomplete = () => { if (meta.auto) pruneVersions(map); res(); };
      tx.onerror = tx.onabort = () => {
        const e = tx.error;
        const full = e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message)));
        // The map itself is unaffected; say so only for a version the user asked for.
        if (!meta.auto) notify(full ? t('page.version_storage_full') : t('page.version_failed', {error: e && e.name}));
        res();
      };
    });
  }
  // Called from saveNow with the stored record it is about to replace.
  function autoVersion(id, old) {
    const last = lib.autoAt.get(id), now = Date.now();
    if (last !== undefined && now - last < AUTO_EVERY_MS) return;
    lib.autoAt.set(id, now);
    addVersion(id, {auto: true, reason: last === undefined ? 'session' : 'minute', json: old.json,
                    cards: old.cards === undefined ? undefined : old.cards, time: old.updated});
  }
  function versionsOf(map) {
    return new Promise((res, rej) => {
      const r = hdb.transaction('versions').objectStore('versions').index('map').getAll(map);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
  }
  // Deletes the versions of a map that pick(all versions of it) returns.
  async function deleteVersions(map, pick) {
    if (!await histReady) return;
    const gone = pick(await versionsOf(map));
    if (!gone.length) return;
    const tx = hdb.transaction(['versions', 'bodies'], 'readwrite');
    for (const v of gone) { tx.objectStore('versions').delete(v.vid); tx.objectStore('bodies').delete(v.vid); }
    await new Promise((res) => { tx.oncomplete = tx.onerror = tx.onabort = res; });
  }
  // Automatic versions past the newest AUTO_KEEP, or past AUTO_BYTES together (the newest stays).
  function pruneVersions(map) {
    return deleteVersions(map, (all) => {
      let bytes = 0;
      return all.filter((v) => v.auto).sort((a, b) => b.time - a.time).filter((v, i) => {
        bytes += v.bytes;
        return i > 0 && (i >= AUTO_KEEP || bytes > AUTO_BYTES);
      });
    });
  }
  JMApp.history = function (op, id, arg) {
    if (EMBED) return;
    historyOp(op, id, arg).catch((e) => notify(t('page.history_failed', {error: e && e.message || e})));
  };
  async function historyOp(op, id, arg) {
    if (op === 'closed') {   // the preview ended: the map it hid is back, as it was saved
      lib.preview = false;
      lib.savedRev = Module._jm_revision();
      takeMissed();
      return;
    }
    if (op === 'before_restore') {   // the map as it is, before a version replaces it (synchronously)
      if (lib.currentId) addVersion(lib.currentId, {auto: true, reason: 'restore', of: +arg || 0, time: Date.now(),
                                                    json: api('jm_model_json', 'string', [], []), cards: Module._jm_card_count()});
      return;
    }
    if (op === 'save') {
      if (lib.shared || lib.preview) return;
      // Taken now, as it is on screen; the map is saved with it (a new map gets its entry).
      const json = api('jm_model_json', 'string', [], []), cards = Module._jm_card_count();
      if (!lib.currentId) lib.dirty = true;
      saveNow();
      if (!await histReady || !lib.currentId) { notify(t('page.no_versions_save')); return; }
      await addVersion(lib.currentId, {name: arg, json, cards, time: Date.now()});
      notify(t('page.version_saved', {name: arg}));
      return historyOp('list');
    }
    if (!await histReady) { notify(t('page.no_versions')); return; }
    if (op === 'list') {
      const all = lib.currentId && !lib.shared ? await versionsOf(lib.currentId) : [];
      const versions = all.map((v) => ({key: String(v.vid), time: v.time, name: v.name, auto: v.auto, reason: v.reason, of: v.of, cards: v.cards}));
      api('jm_history_list', null, ['string'], [JSON.stringify({versions})]);
    } else if (op === 'get') {
      if (lib.conflict) { notify(t('page.conflict_first')); return; }
      if (lib.shared) return;
      await saveNow();   // the map is stored as it is before a version is shown over it
      const vid = +id;
      const tx = hdb.transaction(['versions', 'bodies']);
      const [meta, body] = await Promise.all([idb(tx.objectStore('versions').get(vid)), idb(tx.objectStore('bodies').get(vid))]);
      if (!meta || !body || meta.map !== lib.currentId) { notify(t('page.version_gone')); return historyOp('list'); }
      if (arg !== 'restore') lib.preview = true;
      api('jm_history_apply', null, ['string', 'number'],
          [JSON.stringify({key: String(vid), time: meta.time, name: meta.name, json: body.json}), arg === 'restore' ? 1 : 0]);
    }
    JMApp.wake(3);
  }

  // ---- Sharing: links and embed code (the limits are with the library code above) -----------
  async function packMap(json) {
    let text = json;
    try { text = JSON.stringify(JSON.parse(json)); } catch (e) { /* kept as it is */ }   // no indentation
    const packed = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  // The inverse; every failure becomes an Error whose message is the key of the page string that
  // says what is wrong with the link: this runs before the wasm has its tables, so t(e.message)
  // translates it when it is shown.
  async function unpackMap(data) {
    if (!/^[A-Za-z0-9_-]+$/.test(data)) throw new Error('page.link_bad_chars');
    if (typeof DecompressionStream !== 'function') throw new Error('page.link_unsupported');
    let bytes;
    try {
      const bin = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    } catch (e) { throw new Error('page.link_damaged'); }
    const chunks = [];
    let size = 0;
    try {
      const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
      for (;;) {
        const {done, value} = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_MAP_BYTES) { reader.cancel().catch(() => {}); throw new RangeError('too large'); }
        chunks.push(value);
      }
    } catch (e) {
      throw new Error(e instanceof RangeError ? 'page.link_too_large' : 'page.link_damaged');
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    try { return new TextDecoder('utf-8', {fatal: true}).decode(all); }
    catch (e) { throw new Error('page.link_damaged'); }
  }

  JMApp.api = api;               // data.js and embed.js call the editor with big strings through it
  JMApp.packMap = packMap;       // embed.js reads embed.html#map= with these
  JMApp.unpackMap = unpackMap;
  JMApp.t = t;                   // and says what went wrong with the page strings

  // Once the editor draws: the shared map, read-only with its banner; or why the link did not open.
  if (shareData) {
    Promise.all([pageReady, restoreRead]).then(async () => {
      const json = await sharedJson;
      if (json !== null && api('jm_command', 'number', ['string', 'string'], ['load', json]) === 1) {
        api('jm_command', 'number', ['string', 'string'], ['shared', '1']);
        lib.shared = true;
        lib.savedRev = Module._jm_revision();
      } else {
        // The editor says what was wrong with a map it refused (its message is in the status bar).
        let why = lib.shareError && t(lib.shareError);
        if (json !== null) { try { why = JSON.parse(api('jm_view_json', 'string', [], [])).toast; } catch (e) { /* below */ } }
        lib.shared = false;
        history.replaceState(history.state, '', location.pathname + location.search);
        if (json !== null && lib.own && !lib.currentId) {   // the user's own map was held back for the link
          restoreRecord(useOwn(lib.own));
        }
        notify(t('page.link_failed', {reason: (why || t('page.not_a_map')).replace(/\.$/, '')}));
      }
      JMApp.wake(3);
      window.dispatchEvent(new Event('jm-shared'));
    });
  }

  const escapeHtml = (t) => String(t).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  // This page's address without query or fragment (file:// has no origin of its own).
  const pageBase = () => (location.protocol === 'file:' ? 'file://' : location.origin) + location.pathname;

  // File > "Copy link to this map" (what = 'link') and "Copy embed code" (what = 'embed').
  JMApp.share = function (what) {
    shareMap(what).catch((e) => notify(t('page.link_not_made', {error: e && e.message || e})));
  };
  async function shareMap(what) {
    if (!ready) return;
    if (typeof CompressionStream !== 'function') { notify(t('page.share_unsupported')); return; }
    if (what === 'embed' && !/^https?:$/.test(location.protocol)) {
      notify(t('page.embed_needs_server'));
      return;
    }
    const data = await packMap(api('jm_model_json', 'string', [], []));
    const base = pageBase();
    const url = what === 'embed' ? base.replace(/[^/]*$/, '') + 'embed.html#map=' + data : base + '#map=' + data;
    if (url.length > MAX_LINK) {
      notify(t('page.link_too_long', {kb: Math.ceil(url.length / 1024)}));
      return;
    }
    let text = url;
    if (what === 'embed') {
      const title = api('jm_title', 'string', [], []) || t('page.journey_map');
      text = '<iframe src="' + escapeHtml(url) + '" width="100%" height="480" style="border:0" title="' + escapeHtml(title) + '" loading="lazy"></iframe>';
    }
    let copied = false;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      try { await navigator.clipboard.writeText(text); copied = true; } catch (e) { /* not allowed: offered below */ }
    }
    window.jmLastShare = {what, text, copied};
    if (!copied) { showCopyPanel(text, what); return; }
    notify(t(what === 'embed' ? 'page.embed_copied' : 'page.link_copied'));
  }
  // When the browser refuses the clipboard: the text in a selected field, ready for Ctrl+C.
  function showCopyPanel(text, what) {
    document.getElementById('jm-share')?.remove();
    const panel = document.createElement('div');
    panel.id = 'jm-share';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', t(what === 'embed' ? 'page.copy_embed_label' : 'page.copy_link_label'));
    localize(panel);
    Object.assign(panel.style, {position: 'fixed', left: '50%', top: '20%', transform: 'translateX(-50%)', zIndex: 20,
      width: 'min(560px, 92vw)', padding: '14px', borderRadius: '10px', background: '#fff', color: '#1f2937',
      boxShadow: '0 10px 30px rgba(0,0,0,.25)', font: '13px/1.4 system-ui, sans-serif'});
    const label = document.createElement('div');
    label.textContent = t(what === 'embed' ? 'page.copy_embed_text' : 'page.copy_link_text');
    const area = document.createElement('textarea');
    area.readOnly = true;
    area.value = text;
    area.dir = 'ltr';   // a link or HTML, in any interface language
    Object.assign(area.style, {width: '100%', height: '90px', margin: '8px 0', boxSizing: 'border-box', font: '12px monospace'});
    const close = document.createElement('button');
    close.textContent = t('page.close');
    const done = () => { panel.remove(); canvas.focus({preventScroll: true}); };
    close.addEventListener('click', done);
    area.addEventListener('keydown', (e) => { if (e.key === 'Escape') done(); });
    panel.append(label, area, close);
    document.body.appendChild(panel);
    area.focus();
    area.select();
  }

  // ---- Offline: a service worker (sw.js) keeps the site's files ----------------------------------
  // Its cache name carries the site's version, so a new build is never mixed with an old one:
  // the version is a hash of what the server says about each file (ETag, else Last-Modified,
  // else Content-Length) from HEAD requests, which the service worker lets through to the
  // network. A new build changes them, so sw.js?v=<new> is registered: it fills a new cache in
  // the background, removes the old one, and the next load runs the new build. Offline the
  // HEAD requests fail and the installed version keeps serving. Not on file:// (no workers).
  const OFFLINE_FILES = ['index.html', 'embed.html', 'app.js', 'app.css', 'export.js', 'embed.js', 'embed.css',
                         'journeymap.js', 'journeymap.wasm', 'journeymap.deferred.wasm',
                         'journeymap-viewer.wasm', 'journeymap-viewer.deferred.wasm', 'journeymap.data', 'wasm-parts.js', 'favicon.svg',
                         'data.js', 'analytics-worker.js', 'analytics-worker-core.js', 'analytics-worker-core.wasm',
                         'a11y.js', 'a11y.css', 'a11y-chrome.js', 'render2d.js', 'assets.js', 'snapshot.js',
                         // fetched when needed (web/assets.js), kept by sw.js all the same
                         'fonts/NotoSansLatin-Regular.ttf', 'fonts/NotoSansLatin-Bold.ttf',
                         'fonts/NotoSansArabic-Regular.ttf', 'fonts/NotoSansArabic-Bold.ttf',
                         'fonts/NotoSansHebrew-Regular.ttf', 'fonts/NotoSansHebrew-Bold.ttf',
                         'assets/i18n/ar.json', 'assets/i18n/he.json', 'assets/i18n/en.json', 'assets/i18n/ar.jmt', 'assets/i18n/he.jmt',
                         'assets/templates/index.json'];   // as in sw.js
  let offlineDone;
  window.jmOffline = new Promise((res) => { offlineDone = res; });   // resolves {version} or {error}
  async function siteVersion() {
    const tags = await Promise.all(OFFLINE_FILES.map(async (f) => {
      const r = await fetch(f, {method: 'HEAD', cache: 'no-store'});   // throws offline
      if (!r.ok) return f + ':' + r.status;   // a file this site does not have (sw.js skips it too)
      const h = r.headers;
      return f + '=' + (h.get('etag') || h.get('last-modified') || h.get('content-length') || '');
    }));
    let hash = 0x811c9dc5;   // FNV-1a, 32 bits
    for (const ch of tags.join('|')) { hash ^= ch.charCodeAt(0); hash = Math.imul(hash, 0x01000193) >>> 0; }
    return hash.toString(36);
  }
  function activated(worker) {
    return new Promise((res) => {
      const check = () => { if (worker.state === 'activated' || worker.state === 'redundant') { worker.removeEventListener('statechange', check); res(worker.state === 'activated'); } };
      worker.addEventListener('statechange', check);
      check();
    });
  }
  async function registerOffline() {
    if (!navigator.onLine) { offlineDone({error: 'offline: the installed version keeps serving'}); return; }
    try {
      const version = await siteVersion();
      const reg = await navigator.serviceWorker.register('sw.js?v=' + version);
      const worker = reg.installing || reg.waiting || reg.active;
      if (!worker || !(await activated(worker))) throw new Error('the service worker did not start');
      offlineDone({version});
    } catch (e) {
      offlineDone({error: String(e && e.message || e)});   // offline or not allowed: nothing changes
    }
  }
  // A sandboxed frame without allow-same-origin (an opaque origin) throws on reading
  // navigator.serviceWorker: no offline copy there.
  let swAllowed = false;
  try { swAllowed = !!navigator.serviceWorker; } catch (e) { /* opaque origin */ }
  if (swAllowed && /^https?:$/.test(location.protocol)) {
    // After the first frame and the page's own downloads, so it costs the start nothing.
    pageReady.then(() => setTimeout(registerOffline, 1500));
  } else {
    offlineDone({error: 'no service worker on this page'});
  }

  // ---- Interface language ------------------------------------------------------------------------
  // English, Arabic or Hebrew: the choice saved in this browser, else the first of the browser's
  // languages that we have (iw is Hebrew's old code), else English. The editor reads it at start
  // and saves a choice made in its Language menu here.
  // (LANG_KEY and LANGS are with the page strings above: the loader needs them first.)
  function detectLanguage() {
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const base = String(l).toLowerCase().split('-')[0];
      if (base === 'iw') return 'he';
      if (LANGS.includes(base)) return base;
    }
    return 'en';
  }
  function applyLanguage(lang) {
    document.documentElement.lang = lang;
    JMApp.uiRtl = lang === 'ar' || lang === 'he';   // an empty text field starts on this side
    // The page's HTML (mirror, text view, skip link) reads in the interface's direction; the
    // canvas is one fixed element, the editor mirrors itself inside it.
    document.documentElement.dir = JMApp.uiRtl ? 'rtl' : 'ltr';
  }
  function chosenLanguage() {
    let lang = null;
    try { lang = localStorage.getItem(LANG_KEY); } catch (e) { /* storage refused: detect each time */ }
    return LANGS.includes(lang) ? lang : detectLanguage();
  }
  JMApp.chosenLanguage = chosenLanguage;
  JMApp.uiLanguage = function () {
    const lang = chosenLanguage();
    applyLanguage(lang);
    return lang;
  };
  JMApp.setUiLanguage = function (lang) {
    if (!LANGS.includes(lang)) return;
    try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* kept for this page only */ }
    applyLanguage(lang);
    labelCanvas();   // the editor has switched its tables already
  };
  // The canvas's name for screen readers (the HTML's is English), once the tables are loaded.
  function labelCanvas() { canvas.setAttribute('aria-label', t(EMBED ? 'page.journey_map' : 'page.canvas_editor')); }
  // A panel built here reads in the interface's language and direction (the document's too,
  // since applyLanguage; set here as well for panels made before the language is known).
  function localize(el) {
    el.lang = document.documentElement.lang;
    if (JMApp.uiRtl) el.dir = 'rtl';
  }

  // ---- Personas: pictures, decoded images, the persona library, the comment author ---------------
  // What src/platform/platform_web.cpp asks for the panels (src/editor/panels.cpp). Self-contained:
  // the persona library is its own IndexedDB database, so it never touches the maps' one.

  // Pixels for an ImGui texture: an avatar's data URL (its centred square, `width` px a side) or a
  // persona card's SVG (`width` px wide), drawn by the browser into a canvas and handed to the wasm.
  JMApp.decodeImage = function (key, source, svg, width, square) {
    const url = svg ? URL.createObjectURL(new Blob([source], {type: 'image/svg+xml'})) : source;
    const send = (pixels, w, h) => {
      if (svg) URL.revokeObjectURL(url);
      if (!ready) return;
      if (!pixels) { api('jm_image_pixels', null, ['string', 'number', 'number', 'number'], [key, 0, 0, 0]); return; }
      const p = _malloc(pixels.length);
      HEAPU8.set(pixels, p);   // after _malloc: a grown heap has a new HEAPU8
      try { api('jm_image_pixels', null, ['string', 'number', 'number', 'number'], [key, w, h, p]); } finally { _free(p); }
      JMApp.wake(3);
    };
    const img = new Image();
    img.onload = () => {
      const nw = img.naturalWidth || width, nh = img.naturalHeight || width;
      const w = Math.max(1, Math.round(width)), h = square ? w : Math.max(1, Math.round(w * nh / nw));
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d', {willReadFrequently: true});
      g.imageSmoothingQuality = 'high';
      if (square) { const s = Math.min(nw, nh); g.drawImage(img, (nw - s) / 2, (nh - s) / 2, s, s, 0, 0, w, h); }
      else g.drawImage(img, 0, 0, w, h);
      let data;
      try { data = g.getImageData(0, 0, w, h).data; } catch (e) { send(null); return; }
      send(new Uint8Array(data.buffer), w, h);
    };
    img.onerror = () => send(null);
    img.src = url;
  };

  // "Choose image…" for a persona: the real file chooser, PNG or JPEG, scaled down in the browser
  // to at most 256 px a side and kept as a data URL (the map carries it, and a map must stay small
  // enough to share as a link: at most 256 KB of URL text, which the editor checks again).
  const AVATAR_PX = 256, AVATAR_MAX = 256 * 1024;
  JMApp.pickAvatar = function (persona) {
    document.getElementById('jm-avatar-file')?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'jm-avatar-file';
    input.accept = 'image/png,image/jpeg';
    input.style.display = 'none';
    input.addEventListener('change', () => { const f = input.files[0]; input.remove(); if (f) avatarFromFile(persona, f); });
    document.body.appendChild(input);
    input.click();
  };
  async function avatarFromFile(persona, file) {
    const send = (s) => { api('jm_avatar_chosen', null, ['number', 'string'], [persona, s]); JMApp.wake(3); };
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') { send('error:type'); return; }
    const src = URL.createObjectURL(file);
    const img = new Image();
    try { img.src = src; await img.decode(); } catch (e) { send('error:read'); return; } finally { URL.revokeObjectURL(src); }
    const k = Math.min(1, AVATAR_PX / Math.max(img.naturalWidth, img.naturalHeight));
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(img.naturalWidth * k));
    c.height = Math.max(1, Math.round(img.naturalHeight * k));
    const g = c.getContext('2d');
    g.imageSmoothingQuality = 'high';
    g.drawImage(img, 0, 0, c.width, c.height);
    let url = file.type === 'image/png' ? c.toDataURL('image/png') : c.toDataURL('image/jpeg', 0.88);
    if (url.length > AVATAR_MAX) {
      // A photo saved as PNG stays large even at 256 px: as JPEG, on white (JPEG has no transparency).
      const j = document.createElement('canvas');
      j.width = c.width;
      j.height = c.height;
      const jg = j.getContext('2d');
      jg.fillStyle = '#fff';
      jg.fillRect(0, 0, j.width, j.height);
      jg.drawImage(c, 0, 0);
      for (const q of [0.88, 0.75, 0.6, 0.45]) { url = j.toDataURL('image/jpeg', q); if (url.length <= AVATAR_MAX) break; }
    }
    send(url);
  }

  // The persona library: personas saved from any map, by uid, in this browser's IndexedDB. Every
  // operation answers with the whole library ({personas: [json, ...], error?}).
  let personaDbOpen = null;
  function personaDb() {
    if (!personaDbOpen) {
      personaDbOpen = openDb('journeymap-personas', (db) => db.createObjectStore('personas', {keyPath: 'uid'}));
    }
    return personaDbOpen;
  }
  JMApp.personaLibrary = async function (op, uid, json) {
    const reply = (personas, error) => {
      api('jm_persona_library', null, ['string'], [JSON.stringify(error ? {personas, error} : {personas})]);
      JMApp.wake(3);
    };
    const db = await personaDb();
    if (!db) { reply([], 'this browser keeps no persona library (IndexedDB is unavailable)'); return; }
    const personas = (mode) => db.transaction('personas', mode).objectStore('personas');
    try {
      if (op === 'save') {
        const p = JSON.parse(json);
        await idb(personas('readwrite').put({uid: p.uid, name: p.name || '', updated: Date.now(), json}));
      } else if (op === 'delete') {
        await idb(personas('readwrite').delete(uid));
      }
      const all = await idb(personas('readonly').getAll());
      reply(all.map((r) => r.json));
    } catch (e) {
      reply([], String(e && e.message || e));
    }
  };

  // Comments are signed with a name given once and kept in this browser.
  const AUTHOR_KEY = 'journeymap.author';
  JMApp.commentAuthor = function () {
    try { return localStorage.getItem(AUTHOR_KEY) || ''; } catch (e) { return ''; }
  };
  JMApp.setCommentAuthor = function (name) {
    try { localStorage.setItem(AUTHOR_KEY, name); } catch (e) { /* kept for this page only */ }
  };

  // ---- A small API for tests and host pages -----------------------------------------------------
  window.jm = {
    ready: new Promise((res) => window.addEventListener('jm-ready', res, {once: true})),
    model: () => JSON.parse(api('jm_model_explicit_json', 'string', [], [])),   // every array spelled out
    view: () => JSON.parse(api('jm_view_json', 'string', [], [])),
    // A command that names a template or a language first fetches what it needs (web/assets.js):
    // it answers with a Promise then, as a person's click would wait for the gallery to fill.
    command: (name, arg) => {
      const run = () => api('jm_command', 'number', ['string', 'string'], [name, arg === undefined ? '' : String(arg)]);
      const need = !window.JMAssets ? [] : name === 'template' || (name === 'gallery' && arg !== 'off') ? ['templates']
        : name === 'language' ? JMAssets.forLanguage(String(arg)) : [];
      return need.length ? JMAssets.loadAll(need).then(run, run) : run();
    },
    // A download the editor waits for (web/assets.js: a face, a language, the templates) counts
    // as activity: the tests' "settle" then waits for what it brings to be drawn.
    frames: () => Module._jm_frame_count() + (window.JMAssets && JMAssets.busy() ? performance.now() : 0),
    // Whether frames are still to come: the main loop runs (a key press's frame waits for the next
    // animation frame, late on a loaded machine) or a download the editor waits for is under way.
    busy: () => !!Module._jm_awake() || !!(window.JMAssets && JMAssets.busy()),
    language: () => JSON.parse(api('jm_view_json', 'string', [], [])).language,
    tr: (key) => JSON.parse(api('jm_tr', 'string', ['string'], [key])),   // {language, text, display}
    saveNow: () => saveNow(),
    currentId: () => lib.currentId,
    shared: () => lib.shared,   // 'opening', true while a shared map is shown, else false
    history: () => JSON.parse(api('jm_history_json', 'string', [], [])),   // History dialog state, button places
  };
})();
