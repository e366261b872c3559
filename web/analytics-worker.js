// analytics-worker.js: the analytics Web Worker. It runs the same C++ core as the editor
// (analytics-worker-core.js/.wasm, src/platform/analytics_worker.cpp) off the page's main thread,
// so reading and computing a large file never stalls the editor. Started by web/data.js (the
// editor) and web/embed.js (the viewer's rules); nothing here touches the network or storage.
//
// Requests (each with a number `seq`, answered with the same seq, in order):
//   {op: 'load', files: [{name, kind, bytes: ArrayBuffer}]}  forget the rows, read these files
//        -> {type: 'loaded', reports: [import report + name, kind], counts: {events, responses, paths}}
//   {op: 'compute', map: <document JSON>}        -> {type: 'aggregates', json: <DataAggregates JSON>}
//   {op: 'people', limit?}                       -> {type: 'people', json: <array of strings>}
//   {op: 'person', map, id}                      -> {type: 'person', json: <person journey JSON>}
//   {op: 'rules', map}                           -> {type: 'rules', json: <array of firings>}
// Every answer carries `memory`: the bytes of the wasm memory (it only grows: the peak so far).
// A failure answers {type: 'error', message}; while working the worker posts
// {type: 'progress', stage: 'reading'|'computing', file, files, name, fraction} at most ten
// times a second. The dataset read by 'load' stays in wasm memory for the later requests.
'use strict';
importScripts('analytics-worker-core.js');

let core = null;
const ready = JMWorkerCore().then((m) => { core = m; });
let queue = Promise.resolve();
let reading = {file: 0, files: 0, name: ''};
let lastProgress = 0;

// Called by the wasm (EM_JS js_progress) from inside a long read or computation.
self.jmwProgress = function (stage, fraction) {
  const now = performance.now();
  if (now - lastProgress < 100 && fraction < 1) return;
  lastProgress = now;
  self.postMessage({type: 'progress', stage, fraction, file: reading.file, files: reading.files, name: reading.name});
};

function put(s) {
  const n = core.lengthBytesUTF8(s) + 1, p = core._malloc(n);
  if (!p) throw new Error('out of memory');
  core.stringToUTF8(s, p, n);
  return p;
}
// Calls a jmw_ function with string arguments (copied into wasm memory and freed after) and reads
// the answer it returns, a JSON text that stays valid until the next call.
function call(name, ...args) {
  const ptrs = args.map((a) => typeof a === 'string' ? put(a) : a);
  try { return core.UTF8ToString(core['_' + name](...ptrs)); }
  finally { args.forEach((a, i) => { if (typeof a === 'string') core._free(ptrs[i]); }); }
}
function checked(text) {
  const v = JSON.parse(text);
  if (v && !Array.isArray(v) && typeof v === 'object' && typeof v.error === 'string' && Object.keys(v).length === 1) throw new Error(v.error);
  return text;
}

function load(files) {
  core._jmw_reset();
  const reports = [];
  files.forEach((f, i) => {
    reading = {file: i + 1, files: files.length, name: f.name};
    lastProgress = 0;
    self.jmwProgress('reading', 0);
    const bytes = new Uint8Array(f.bytes);
    let p;
    try { p = core._jmw_buffer(bytes.length); }
    catch (e) { throw new Error(f.name + ' does not fit in memory (' + (bytes.length / 1048576).toFixed(0) + ' MB)'); }
    core.HEAPU8.set(bytes, p);   // after the allocation: a grown memory has a new HEAPU8
    f.bytes = null;              // the worker's copy of the file can go now
    const kind = put(f.kind || ''), name = put(f.name || '');
    try { reports.push(JSON.parse(core.UTF8ToString(core._jmw_read(kind, name)))); }
    finally { core._free(kind); core._free(name); }
  });
  return {type: 'loaded', reports, counts: JSON.parse(call('jmw_counts'))};
}

function handle(m) {
  switch (m.op) {
    case 'load': return load(m.files || []);
    case 'compute': reading = {file: 0, files: 0, name: ''}; lastProgress = 0; return {type: 'aggregates', json: checked(call('jmw_compute', String(m.map)))};
    case 'people': return {type: 'people', json: call('jmw_people', m.limit | 0)};
    case 'person': return {type: 'person', json: checked(call('jmw_person', String(m.map), String(m.id)))};
    case 'rules': return {type: 'rules', json: checked(call('jmw_rules', String(m.map)))};
    default: throw new Error('unknown request ' + m.op);
  }
}

self.onmessage = (e) => {
  const m = e.data || {};
  queue = queue.then(() => ready).then(() => {
    const out = handle(m);
    out.seq = m.seq;
    out.memory = core.HEAPU8.buffer.byteLength;
    self.postMessage(out);
  }).catch((err) => {
    self.postMessage({type: 'error', seq: m.seq, message: String(err && err.message || err)});
  });
};
