// data.js: the page side of data on the map (the editor's page; the viewer's is in embed.js).
// The editor's data panel (src/editor/data_panel.cpp) asks with globalThis.jmData.request(json):
//   {"op":"import"}   the file chooser, CSV, several at once (dropping data CSV files does the same)
//   {"op":"sample"}   the B2B demo files (data/b2b-*.csv beside the site, fetched when asked)
//   {"op":"compute"}  {"op":"people"}  {"op":"person","id":".."}  {"op":"rules"}
//   {"op":"cancel"}   stops the work at once: the worker is terminated (a fresh one next time)
//   {"op":"clear"}    forgets this map's data files
// and is answered through the editor's exports: jm_data_status({state, progress, message,
// reports, stored}), jm_data_aggregates(DataAggregates JSON), jm_data_people([ids]),
// jm_data_person(journey JSON), jm_data_rules([firings]).
//
// The raw rows never leave this browser: the CSV files are kept as they were chosen (name, kind,
// size, date, bytes) in an IndexedDB database of their own, "journeymap-data", one record per
// map keyed by the map's library id, so a share link or an exported map carries the aggregates
// the editor keeps in the map, never the rows. The work runs in analytics-worker.js, which keeps
// the parsed rows between requests and reads the files again only when they change.
'use strict';
(function () {
  if (document.documentElement.dataset.jmMode === 'embed') return;   // the viewer keeps nothing

  const SAMPLE = ['b2b-events.csv', 'b2b-responses.csv', 'b2b-paths.csv'];
  const STATUS_EVERY_MS = 100;   // progress reaches the editor at most ten times a second

  const S = {
    files: [],          // [{name, kind, size, date, bytes: ArrayBuffer, rows, accepted}] of this map
    mapId: null,        // the library id the files belong to (null: a map not saved yet)
    unsaved: false,     // files chosen before the map had an id: kept once it has one
    worker: null, seq: 0, pending: new Map(),
    loadedSig: null,    // which files the worker's dataset holds
    gen: 0,             // bumped by cancel: the answers of older work are dropped
    status: {state: 'idle', progress: 0, message: '', reports: []},
    sentAt: 0, timer: 0,
    changes: 0,         // changes of state so far (tests wait for the next one)
    phase: null,        // {base, span, files}: how worker progress maps to 0..1
    last: {},           // the last JSON given to each jm_data_* export (tests read it)
  };

  // ---- Words ---------------------------------------------------------------------------------
  // The editor's page strings (keys page.data_*); English when its tables do not have the key.
  function fill(text, args) {
    return text.replace(/\{([^{}]*)\}/g, (m, k) => args && Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m);
  }
  function say(key, english, args) {
    let s = key;
    try { s = JMApp.t(key, args); } catch (e) { /* the editor is not up */ }
    return s === key ? fill(english, args) : s;
  }
  const mb = (n) => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);

  // ---- To the editor -------------------------------------------------------------------------
  function toEditor(fn, json) {
    S.last[fn] = json;
    if (typeof Module === 'undefined' || typeof Module['_' + fn] !== 'function') return;   // not in this build yet
    JMApp.api(fn, null, ['string'], [json]);
    JMApp.wake(3);
  }
  function stored() {
    const out = {events: 0, responses: 0, paths: 0, files: S.files.map((f) => f.name), bytes: 0};
    for (const f of S.files) { if (out[f.kind] !== undefined) out[f.kind] += f.accepted || 0; out.bytes += f.size; }
    return out;
  }
  function sendStatus() {
    clearTimeout(S.timer);
    S.timer = 0;
    S.sentAt = performance.now();
    toEditor('jm_data_status', JSON.stringify({...S.status, stored: stored()}));
    window.dispatchEvent(new CustomEvent('jm-data-status', {detail: S.status}));
  }
  // A change of state goes at once; progress within a state at most every STATUS_EVERY_MS.
  function setStatus(patch) {
    const stateChanged = patch.state !== undefined && patch.state !== S.status.state;
    if (stateChanged) S.changes++;
    Object.assign(S.status, patch);
    const wait = STATUS_EVERY_MS - (performance.now() - S.sentAt);
    if (stateChanged || wait <= 0) sendStatus();
    else if (!S.timer) S.timer = setTimeout(sendStatus, wait);
  }

  // ---- The worker ----------------------------------------------------------------------------
  class Cancelled extends Error {}
  function worker() {
    if (!S.worker) {
      S.worker = new Worker('analytics-worker.js');
      S.loadedSig = null;
      S.worker.onmessage = (e) => {
        const m = e.data;
        if (m.type === 'progress') { onProgress(m); return; }
        if (m.memory) window.jmDataMemory = m.memory;
        const p = S.pending.get(m.seq);
        if (!p) return;
        S.pending.delete(m.seq);
        if (m.type === 'error') p.reject(new Error(m.message)); else p.resolve(m);
      };
      S.worker.onerror = (e) => {
        e.preventDefault();
        dropWorker(new Error(say('page.data_worker_failed', 'the analytics worker stopped: {error}', {error: e.message || 'no reason given'})));
      };
    }
    return S.worker;
  }
  function dropWorker(reason) {
    if (S.worker) S.worker.terminate();
    S.worker = null;
    S.loadedSig = null;
    for (const p of S.pending.values()) p.reject(reason);
    S.pending.clear();
  }
  function ask(msg, transfer) {
    return new Promise((resolve, reject) => {
      const seq = ++S.seq;
      S.pending.set(seq, {resolve, reject});
      worker().postMessage({...msg, seq}, transfer || []);
    });
  }
  function onProgress(m) {
    if (!S.phase) return;
    const {base, span} = S.phase;
    let frac, message;
    if (m.stage === 'reading') {
      frac = base + span.read * ((m.file - 1 + m.fraction) / Math.max(1, m.files));
      message = say('page.data_reading', 'Reading {name} (file {k} of {n})\u2026', {name: m.name, k: m.file, n: m.files});
    } else {
      frac = base + span.read + span.compute * m.fraction;
      message = say('page.data_computing', 'Computing\u2026');
    }
    setStatus({state: m.stage === 'reading' ? 'reading' : 'computing', progress: Math.min(1, frac), message});
  }
  const signature = (files) => files.map((f) => f.name + ':' + f.size + ':' + f.date).join('|');
  const mapJson = () => JMApp.api('jm_model_json', 'string', [], []);

  // Makes the worker hold exactly `files` (reading them again only when they changed).
  async function ensureLoaded(files) {
    const sig = signature(files);
    if (S.worker && S.loadedSig === sig) return null;
    const copies = files.map((f) => ({name: f.name, kind: f.kind || '', bytes: f.bytes.slice(0)}));
    const r = await ask({op: 'load', files: copies}, copies.map((c) => c.bytes));
    S.loadedSig = sig;
    return r;
  }

  // ---- Raw rows in IndexedDB -----------------------------------------------------------------
  let dbOpen = null;
  function db() {
    if (!dbOpen) {
      dbOpen = new Promise((resolve) => {
        if (!window.indexedDB) { resolve(null); return; }
        const open = indexedDB.open('journeymap-data', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('files', {keyPath: 'map'});
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => resolve(null);
      });
    }
    return dbOpen;
  }
  // One record per map, written whole in one put: a failed write (a full quota) leaves the record
  // that was there, so files kept before are never lost to a failed import.
  async function persist() {
    const id = window.jm.currentId();
    if (!id) { S.unsaved = S.files.length > 0; return null; }   // kept once the map is saved
    S.unsaved = false;
    const d = await db();
    if (!d) return say('page.data_no_storage', 'This browser keeps no data files (IndexedDB is unavailable): they last until the page closes.');
    const rec = {map: id, updated: Date.now(),
                 files: S.files.map((f) => ({name: f.name, kind: f.kind, size: f.size, date: f.date, bytes: f.bytes, rows: f.rows, accepted: f.accepted}))};
    return new Promise((resolve) => {
      const tx = d.transaction('files', 'readwrite');
      if (rec.files.length) tx.objectStore('files').put(rec); else tx.objectStore('files').delete(id);
      tx.oncomplete = () => resolve(null);
      tx.onerror = tx.onabort = () => {
        const e = tx.error;
        const full = e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message)));
        resolve(full
          ? say('page.data_storage_full', 'The browser\u2019s storage is full: these data files ({mb} MB) are used now but not kept for the next visit; the files kept before are unchanged.', {mb: mb(stored().bytes)})
          : say('page.data_save_failed', 'The data files could not be kept in this browser ({error}); the files kept before are unchanged.', {error: e && e.name}));
      };
    });
  }
  async function restoreFor(id) {
    S.mapId = id;
    S.files = [];
    S.unsaved = false;
    dropWorker(new Cancelled());
    if (id) {
      const d = await db();
      if (d) {
        try {
          const rec = await new Promise((res, rej) => { const r = d.transaction('files').objectStore('files').get(id); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
          if (rec && S.mapId === id) S.files = rec.files || [];
        } catch (e) { console.warn('the data files of this map could not be read', e); }
      }
    }
    S.status = {state: 'idle', progress: 0, message: '', reports: []};
    sendStatus();
  }
  // The map on screen changed (another map opened, File > New) or was saved for the first time.
  // Files chosen for a map not saved yet (or being read for it) become its own when it gets its
  // library id at its first save.
  async function followMap() {
    const id = window.jm.currentId ? window.jm.currentId() : null;
    if (id === S.mapId) return;
    if (!S.mapId && id && (S.unsaved || busy())) {
      S.mapId = id;
      if (S.unsaved && !busy()) { const err = await persist(); if (err) setStatus({message: err}); }
      return;
    }
    await restoreFor(id);
  }

  // ---- Requests ------------------------------------------------------------------------------
  const busy = () => ['reading', 'computing'].includes(S.status.state);
  function reportProblems(reports) {
    const bad = reports.filter((r) => r.error);
    return bad.map((r) => say('page.data_file_refused', '{name} was not imported: {error}', {name: r.name, error: r.error}));
  }
  // Reads `incoming` ([{name, size, date, bytes}]) with the files kept already (a file of the same
  // name is replaced), keeps the ones that can be read, computes and gives the editor the result.
  async function addFiles(incoming) {
    await followMap();
    const gen = S.gen;
    const before = S.files;
    const names = new Set(incoming.map((f) => f.name));
    const candidate = before.filter((f) => !names.has(f.name)).concat(incoming);
    S.phase = {base: 0, span: {read: 0.6, compute: 0.4}};
    setStatus({state: 'reading', progress: 0, message: say('page.data_reading_start', 'Reading {n} files\u2026', {n: candidate.length}), reports: []});
    const loaded = await ensureLoaded(candidate);
    if (gen !== S.gen) return;
    const reports = loaded ? loaded.reports : [];
    reports.forEach((r, i) => { const f = candidate[i]; f.kind = r.kind || f.kind; f.rows = r.rows || 0; f.accepted = r.accepted || 0; });
    const refused = new Set(reports.filter((r) => r.error).map((r) => r.name));
    S.files = candidate.filter((f) => !refused.has(f.name) || !names.has(f.name));
    const problems = reportProblems(reports.filter((r) => names.has(r.name)));
    if (refused.size) S.loadedSig = null;   // the dataset holds what was read: read again next time
    const kept = S.files.some((f) => names.has(f.name));
    const storeError = kept ? await persist() : null;
    if (gen !== S.gen) return;
    if (!kept) {
      // Nothing new could be read: what was kept before stays, as it was.
      S.files = before;
      setStatus({state: 'error', progress: 0, message: problems.join(' '), reports});
      return;
    }
    await compute(gen, reports, [...problems, storeError].filter(Boolean).join(' '), true);
  }
  async function compute(gen, reports, note, afterRead) {
    if (!S.files.length) {
      setStatus({state: 'idle', progress: 0, message: say('page.data_none', 'This map has no data yet: import CSV files or the sample.'), reports: []});
      return;
    }
    if (!afterRead) S.phase = {base: 0, span: {read: 0.5, compute: 0.5}};
    const loaded = await ensureLoaded(S.files);
    if (gen !== S.gen) return;
    if (loaded) reports = loaded.reports;
    setStatus({state: 'computing', progress: S.phase.base + S.phase.span.read, message: say('page.data_computing', 'Computing\u2026')});
    const t0 = performance.now();
    const r = await ask({op: 'compute', map: mapJson()});
    if (gen !== S.gen) return;
    window.jmDataComputeMs = performance.now() - t0;
    toEditor('jm_data_aggregates', r.json);
    const done = say('page.data_done', 'Computed from {n} files.', {n: S.files.length});
    setStatus({state: 'done', progress: 1, message: note ? note + ' ' + done : done, reports: reports || S.status.reports});
  }
  async function withData(fn) {
    await followMap();
    if (!S.files.length) { setStatus({state: 'idle', message: say('page.data_none', 'This map has no data yet: import CSV files or the sample.')}); return; }
    const gen = S.gen;
    const loaded = await ensureLoaded(S.files);
    if (gen !== S.gen) return;
    if (loaded) S.status.reports = loaded.reports;
    await fn(gen);
  }

  function chooseFiles() {
    document.getElementById('jm-data-file')?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'jm-data-file';
    input.multiple = true;
    input.accept = '.csv,text/csv';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...input.files];
      input.remove();
      if (files.length) run(readChosen(files));
    });
    document.body.appendChild(input);
    input.click();
  }
  async function readChosen(files) {
    const incoming = [];
    for (const f of files) {
      try { incoming.push({name: f.name, size: f.size, date: f.lastModified || Date.now(), bytes: await f.arrayBuffer()}); }
      catch (e) { throw new Error(say('page.data_unreadable', '{name} could not be read: {error}', {name: f.name, error: e && e.message || e})); }
    }
    await addFiles(incoming);
  }
  async function fetchSample() {
    setStatus({state: 'reading', progress: 0, message: say('page.data_fetching', 'Fetching the sample data\u2026'), reports: []});
    const incoming = await Promise.all(SAMPLE.map(async (name) => {
      let r;
      try { r = await fetch('data/' + name); } catch (e) { throw new Error(say('page.data_sample_offline', 'The sample data could not be fetched ({name}): is the page offline?', {name})); }
      if (!r.ok) throw new Error(say('page.data_sample_missing', 'The sample data could not be fetched ({name}: HTTP {status}).', {name, status: r.status}));
      const bytes = await r.arrayBuffer();
      return {name, size: bytes.byteLength, date: Date.parse(r.headers.get('last-modified') || '') || 0, bytes};
    }));
    await addFiles(incoming);
  }

  // Runs one request's work: its failure becomes the status (a cancel says nothing more).
  function run(promise) {
    return promise.catch((e) => {
      if (e instanceof Cancelled) return;
      console.warn('data:', e);
      setStatus({state: 'error', progress: 0, message: String(e && e.message || e)});
    });
  }
  function cancel() {
    S.gen++;
    S.phase = null;
    dropWorker(new Cancelled());
    setStatus({state: 'cancelled', progress: 0, message: say('page.data_cancelled', 'Cancelled.')});
  }
  async function clear() {
    await followMap();
    S.gen++;
    dropWorker(new Cancelled());
    S.files = [];
    const err = await persist();
    S.status = {state: 'idle', progress: 0, message: err || say('page.data_cleared', 'The data files of this map were removed from this browser.'), reports: []};
    sendStatus();
  }

  function request(text) {
    let req;
    try { req = typeof text === 'string' ? JSON.parse(text) : text; } catch (e) { return false; }
    if (!req || typeof req.op !== 'string') return false;
    switch (req.op) {
      case 'import': chooseFiles(); break;
      case 'sample': run(fetchSample()); break;
      case 'compute': run(followMap().then(() => compute(S.gen, null, '', false))); break;
      case 'people': run(withData(async (gen) => { const r = await ask({op: 'people', limit: req.limit || 200}); if (gen === S.gen) toEditor('jm_data_people', r.json); })); break;
      case 'person': run(withData(async (gen) => { const r = await ask({op: 'person', map: mapJson(), id: String(req.id || '')}); if (gen === S.gen) toEditor('jm_data_person', r.json); })); break;
      case 'rules': run(withData(async (gen) => { const r = await ask({op: 'rules', map: mapJson()}); if (gen === S.gen) toEditor('jm_data_rules', r.json); })); break;
      case 'cancel': cancel(); break;
      case 'clear': run(clear()); break;
      case 'status': run(followMap().then(sendStatus)); break;
      default: return false;
    }
    return true;
  }

  // Dropped files: CSV files whose header is an events, survey or paths file are data; anything
  // else (a map, a CSV of cards) is left to the editor (answer false).
  async function dataKind(file) {
    if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') return '';
    const head = (await file.slice(0, 4096).text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0].toLowerCase();
    const cols = head.split(/[;,]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const has = (...names) => names.some((n) => cols.includes(n));
    if (has('path') && has('total_conversions', 'total_null', 'total_non_conversions')) return 'paths';
    if (has('metric') && has('score')) return 'responses';
    if (has('timestamp', 'time:timestamp', 'time', 'ts') && has('event', 'concept:name', 'activity')) return 'events';
    return '';
  }
  JMApp.dropData = async function (files) {
    const kinds = await Promise.all(files.map((f) => dataKind(f).catch(() => '')));
    const data = files.filter((f, i) => kinds[i]);
    if (!data.length) return false;
    run(readChosen(data));
    return true;
  };

  globalThis.jmData = {
    request,
    state: () => ({...S.status, stored: stored(), mapId: S.mapId, workerLoaded: !!S.worker && S.loadedSig !== null, changes: S.changes}),
    last: S.last,   // the last JSON handed to each jm_data_* export
    worker: () => S.worker,
  };

  // The map that opens at start may have data files kept from an earlier visit; later switches
  // (another map opened, File > New, a first save) are noticed here and before every request.
  // (This script is loaded once the editor has drawn, app.js JMApp.loadScript: jm-ready may be past.)
  if (window.jmFirstFrameMs !== undefined) followMap();
  else window.addEventListener('jm-ready', () => followMap(), {once: true});
  window.addEventListener('jm-saved', () => followMap());
  setInterval(() => { if (window.jmFirstFrameMs !== undefined) followMap(); }, 1000);
})();
