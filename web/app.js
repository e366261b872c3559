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
  let field = null;          // the <textarea> while text is being edited
  let richClipboard = null;  // {text, rich}: cards copied from a menu, matched on paste

  function api(name, ret, args, vals) { return Module.ccall(name, ret, args, vals); }
  const dpr = () => window.devicePixelRatio || 1;

  // Dear ImGui's GLFW backend listens for the wheel on the whole document (to stop the page from
  // scrolling or zooming under the canvas); Emscripten passes a boolean, which Chromium turns
  // into a passive listener that may not call preventDefault. Make those listeners active.
  const addListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (type === 'wheel' && (this === document || this === window) && typeof opts !== 'object')
      opts = {capture: !!opts, passive: false};
    return addListener.call(this, type, fn, opts);
  };

  // ---- Loader -------------------------------------------------------------------------------
  function setProgress(frac, text) {
    loadingFill.style.width = Math.max(8, Math.min(100, frac * 100)).toFixed(0) + '%';
    if (text) loadingText.textContent = text;
  }

  window.Module = {
    canvas: canvas,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    setStatus: (s) => {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(s || '');
      if (m) setProgress(0.1 + 0.8 * (+m[1] / +m[2]), 'Loading the editor…');
    },
    monitorRunDependencies: () => {},
    onAbort: (what) => {
      loading.classList.add('error');
      loading.classList.remove('done');
      loadingText.textContent = 'The editor could not start: ' + what + '. Reload the page to try again.';
    },
    onRuntimeInitialized: () => {
      ready = true;
      setProgress(0.95, 'Drawing the map…');
      loadFontsForTextField();
    },
  };
  if (typeof WebAssembly !== 'object') {
    loading.classList.add('error');
    loadingText.textContent = 'This browser has no WebAssembly; journeymap needs a current browser.';
  }

  // The text field types in the same Noto fonts the canvas draws with, read from the
  // already-downloaded data package rather than downloaded twice.
  function loadFontsForTextField() {
    const faces = [['JM Sans', 'NotoSans'], ['JM Sans Arabic', 'NotoSansArabic'], ['JM Sans Hebrew', 'NotoSansHebrew']];
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
        setProgress(1);
        loading.classList.add('done');
        setTimeout(() => loading.remove(), 400);
        canvas.focus({preventScroll: true});
        window.dispatchEvent(new Event('jm-ready'));
      }
    },
  };
  const wakeEvents = ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown', 'keyup', 'focus', 'blur',
                      'resize', 'visibilitychange', 'mousedown', 'mouseup', 'mousemove'];
  for (const ev of wakeEvents) window.addEventListener(ev, () => JMApp.wake(3), {capture: true, passive: true});
  new ResizeObserver(() => JMApp.wake(3)).observe(canvas);
  // Moving the page to a screen with another pixel ratio changes no size: watch the ratio too.
  (function watchDpr() {
    matchMedia('(resolution: ' + dpr() + 'dppx)').addEventListener('change', () => { JMApp.wake(3); watchDpr(); }, {once: true});
  })();

  // Keys typed into our text field belong to it alone: Emscripten's GLFW listens on window in
  // the capture phase, so this listener (registered first) handles the field's keys here and
  // stops the event before GLFW sees it. The browser's default action (typing) still happens.
  for (const ev of ['keydown', 'keyup', 'keypress']) {
    window.addEventListener(ev, (e) => {
      const t = e.target;
      if (!t || (t.tagName !== 'TEXTAREA' && t.tagName !== 'INPUT')) return;
      e.stopImmediatePropagation();
      if (ev === 'keydown' && t === field) fieldKey(e);
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
    canvas.focus({preventScroll: true});
    JMApp.wake(3);
  }
  JMApp.textOpen = function (o) {
    if (field) finish(true);
    field = document.createElement(o.multiline ? 'textarea' : 'input');
    field.id = 'jm-field';
    field.dir = 'auto';
    field.spellcheck = true;
    field.value = o.text;
    field.placeholder = o.placeholder;
    field.setAttribute('aria-label', o.placeholder || 'Text');
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
  function onCanvas() { return !field && (document.activeElement === canvas || document.activeElement === document.body); }
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
    }).catch(() => api('jm_notify', null, ['string'], ['The browser did not allow reading the clipboard: press Ctrl+V instead.']));
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
  function openText(name, text) { api('jm_open_text', null, ['string', 'string'], [name, text]); JMApp.wake(3); }
  function readFile(file) {
    if (file.size > 64 * 1024 * 1024) {
      api('jm_notify', null, ['string'], [file.name + ' is ' + (file.size / 1048576).toFixed(0) + ' MB: larger than the 64 MB a map file may be.']);
      return;
    }
    file.text().then((t) => openText(file.name, t), () => api('jm_notify', null, ['string'], ['Could not read ' + file.name + '.']));
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
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f && ready) readFile(f);
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
  // One record per map: {id, title, created, updated, bytes, json, session, trashed}. A put is
  // atomic in IndexedDB, so a failed write (a full quota) leaves the previous copy intact; the
  // map stays in memory and the user is told to save it as a file.
  const lib = {db: null, currentId: null, timer: 0, dirty: false, title: '', restore: null, restoreWanted: false};
  function idb(req) { return new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); }); }
  const dbReady = new Promise((resolve) => {
    if (!window.indexedDB) { resolve(null); return; }
    const open = indexedDB.open('journeymap', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('maps', {keyPath: 'id'});
      open.result.createObjectStore('kv', {keyPath: 'k'});
    };
    open.onsuccess = () => { lib.db = open.result; resolve(lib.db); };
    open.onerror = () => { console.warn('IndexedDB unavailable: maps will not be kept in this browser'); resolve(null); };
  });
  function store(name, mode) { return lib.db.transaction(name, mode).objectStore(name); }
  function notify(msg) { if (ready) api('jm_notify', null, ['string'], [msg]); }
  function newId() { return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8); }
  // Read the map that was open last while the wasm downloads.
  dbReady.then(async (db) => {
    let found = '';
    if (db) {
      try {
        // A journal left by a page that closed before its last write finished: replay it.
        const j = localStorage.getItem(JOURNAL);
        if (j) {
          const rec = JSON.parse(j);
          const old = await idb(store('maps', 'readonly').get(rec.id));
          if (!old || old.updated < rec.updated) {
            const tx = db.transaction(['maps', 'kv'], 'readwrite');
            tx.objectStore('maps').put({...rec, bytes: rec.json.length, trashed: false});
            tx.objectStore('kv').put({k: 'current', v: rec.id});
            await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
          }
          localStorage.removeItem(JOURNAL);
        }
        const cur = await idb(store('kv', 'readonly').get('current'));
        const rec = cur && await idb(store('maps', 'readonly').get(cur.v));
        if (rec && !rec.trashed) { lib.currentId = rec.id; lib.created = rec.created; lib.title = rec.title; found = JSON.stringify({id: rec.id, json: rec.json, session: rec.session || ''}); }
      } catch (e) { console.warn('could not read the library', e); }
    }
    lib.restore = found;
    if (lib.restoreWanted && found) { api('jm_restore', null, ['string'], [found]); lib.savedRev = Module._jm_revision(); JMApp.wake(3); }
  });
  JMApp.takeRestore = function () {
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
    if (!ready || !lib.db) return Promise.resolve();
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
    lib.dirty = lib.sessionDirty = false;
    const session = api('jm_session_json', 'string', [], []);
    const tx = lib.db.transaction(['maps', 'kv'], 'readwrite');
    const maps = tx.objectStore('maps');
    if (mapDirty) {
      const json = api('jm_model_json', 'string', [], []);
      lib.title = api('jm_title', 'string', [], []);
      lib.record = {id, title: lib.title, created: lib.created || Date.now(), updated: Date.now(), bytes: json.length, json, session, trashed: false};
      maps.put(lib.record);
    } else {
      const get = maps.get(id);
      get.onsuccess = () => { if (get.result) { get.result.session = session; maps.put(get.result); } };
    }
    tx.objectStore('kv').put({k: 'current', v: id});
    return new Promise((resolve) => {
      tx.oncomplete = () => { window.jmLastSaved = Date.now(); window.dispatchEvent(new Event('jm-saved')); resolve(); };
      tx.onerror = tx.onabort = () => {
        const e = tx.error;
        if (mapDirty) lib.dirty = true;
        const full = e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message)));
        notify((full ? 'The browser storage is full' : 'Saving in this browser failed (' + (e && e.name) + ')') +
               ': your changes are kept in memory. Use File > Save as file to keep them.');
        resolve();
      };
    });
  }
  JMApp.mapChanged = function (title, mapDirty) {
    if (mapDirty) lib.dirty = true; else lib.sessionDirty = true;
    lib.title = title;
    if (!lib.timer) lib.timer = setTimeout(saveNow, mapDirty ? 600 : 1000);   // within a second
  };
  // Closing or hiding the page writes at once. An IndexedDB write started while the page goes
  // away may not finish, so the unsaved map is also put in a small synchronous journal
  // (localStorage) that the next start replays into IndexedDB. The library itself is IndexedDB.
  const JOURNAL = 'journeymap-unsaved';
  function flushOnExit() {
    if (!ready) return;
    const rev = Module._jm_revision();
    if (rev !== lib.savedRev || lib.dirty) {
      try {
        localStorage.setItem(JOURNAL, JSON.stringify({id: lib.currentId || newId(), title: api('jm_title', 'string', [], []),
          created: lib.created || Date.now(), updated: Date.now(), json: api('jm_model_json', 'string', [], []),
          session: api('jm_session_json', 'string', [], [])}));
      } catch (e) { /* too large for the journal: the IndexedDB write below is the only copy */ }
    }
    saveNow();
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushOnExit(); });
  window.addEventListener('pagehide', flushOnExit);
  JMApp.library = function (op, id, arg) {
    // Before the editor switches to another map: write the one that is open, synchronously,
    // then start a new entry. (Anything asynchronous here could save the next map over it.)
    if (op === 'new') { saveNow(); lib.currentId = null; lib.created = 0; return; }
    return libraryOp(op, id, arg);
  };
  async function libraryOp(op, id, arg) {
    const db = await dbReady;
    if (!db) { notify('This browser keeps no maps (IndexedDB is unavailable). Save your map as a file.'); return; }
    try {
      if (op === 'list') {
        const all = await idb(store('maps', 'readonly').getAll());
        const list = all.map((r) => ({id: r.id, title: r.title, updated: r.updated, bytes: r.bytes, trashed: !!r.trashed, current: r.id === lib.currentId}));
        let usage = 0, quota = 0;
        if (navigator.storage && navigator.storage.estimate) ({usage, quota} = await navigator.storage.estimate());
        api('jm_library_list', null, ['string'], [JSON.stringify({maps: list, usage, quota})]);
      } else if (op === 'open') {
        await saveNow();
        const rec = await idb(store('maps', 'readonly').get(id));
        if (!rec) { notify('That map is no longer in this browser.'); return; }
        lib.currentId = rec.id;
        lib.created = rec.created;
        lib.title = rec.title;
        await idb(store('kv', 'readwrite').put({k: 'current', v: rec.id}));
        api('jm_restore', null, ['string'], [JSON.stringify({id: rec.id, json: rec.json, session: rec.session || ''})]);
        lib.savedRev = Module._jm_revision();
      } else if (op === 'delete' || op === 'restore') {
        const rec = await idb(store('maps', 'readonly').get(id));
        if (rec) { rec.trashed = op === 'delete'; await idb(store('maps', 'readwrite').put(rec)); }
        if (op === 'delete' && id === lib.currentId) lib.currentId = null;
        return libraryOp('list');
      } else if (op === 'purge') {
        await idb(store('maps', 'readwrite').delete(id));
        return libraryOp('list');
      } else if (op === 'rename' || op === 'duplicate') {
        const rec = await idb(store('maps', 'readonly').get(id));
        if (!rec) return;
        const doc = JSON.parse(rec.json);
        if (op === 'rename') { doc.map.title = arg; rec.title = arg; }
        else { doc.map.title = (rec.title || 'Untitled journey') + ' (copy)'; rec.id = newId(); rec.title = doc.map.title; rec.created = Date.now(); }
        rec.json = JSON.stringify(doc);
        rec.bytes = rec.json.length;
        rec.updated = Date.now();
        await idb(store('maps', 'readwrite').put(rec));
        if (op === 'rename' && id === lib.currentId) api('jm_command', 'number', ['string', 'string'], ['set_title', arg]);
        return libraryOp('list');
      }
    } catch (e) {
      notify('The library could not be read or written: ' + (e && e.message || e));
    }
    JMApp.wake(3);
  }

  // ---- A small API for tests and host pages -----------------------------------------------------
  window.jm = {
    ready: new Promise((res) => window.addEventListener('jm-ready', res, {once: true})),
    model: () => JSON.parse(api('jm_model_json', 'string', [], [])),
    view: () => JSON.parse(api('jm_view_json', 'string', [], [])),
    command: (name, arg) => api('jm_command', 'number', ['string', 'string'], [name, arg === undefined ? '' : String(arg)]),
    frames: () => Module._jm_frame_count(),
    saveNow: () => saveNow(),
    currentId: () => lib.currentId,
  };
})();
