// portfolio.js: the portfolio page (shell/portfolio.html): roll-ups over many journey maps in plain
// HTML tables. The maps come from one source at a time:
//   library  every map of My maps (the editor's IndexedDB 'journeymap', read as web/app.js reads it)
//   folder   a folder the user opens (showDirectoryPicker where the browser has it, its handle kept
//            in IndexedDB 'journeymap-portfolio' and reopened without asking while the permission
//            lasts; else <input webkitdirectory>), a dropped folder, or files picked together
//   url      portfolio.html?src=maps/index.json: a JSON list of map URLs relative to it (read-only)
// The files are read and rolled up by the core compiled to wasm (portfolio-core.js, built from
// src/platform/portfolio_core.cpp and src/core/portfolio.cpp): the same roll-ups as
// `journeymap portfolio DIR --to json`. Nothing here changes a map.
'use strict';
(function () {
  // ---- Strings: the editor's tables (assets/i18n/<lang>.json, keys portfolio.*), in the
  // interface language the editor uses; fetched once per language. A missing key shows as itself.
  const tables = {};
  const LANGS = ['en', 'ar', 'he'];
  const LANG_KEY = 'journeymap.language';   // the editor's choice (web/app.js)
  const params = new URLSearchParams(location.search);
  function chosenLanguage() {
    const asked = params.get('lang');
    if (LANGS.includes(asked)) return asked;
    try { const saved = localStorage.getItem(LANG_KEY); if (LANGS.includes(saved)) return saved; } catch (e) { /* none */ }
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const base = String(l).toLowerCase().split('-')[0];
      if (LANGS.includes(base)) return base;
      if (base === 'iw') return 'he';
    }
    return 'en';
  }
  let lang = chosenLanguage();
  async function loadStrings(l) {
    if (!tables[l]) {
      const r = await fetch('assets/i18n/' + l + '.json');
      if (!r.ok) throw new Error('assets/i18n/' + l + '.json: HTTP ' + r.status);
      tables[l] = await r.json();
    }
  }
  function t(key, args) {
    const text = (tables[lang] && tables[lang]['portfolio.' + key]) || key;
    return text.replace(/\{(\w+)\}/g, (m, k) => (args && k in args ? String(args[k]) : m));
  }
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'en' ? 'ltr' : 'rtl';
    document.title = t('title') + ' · journeymap';
    for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
    for (const el of document.querySelectorAll('[data-t-title]')) el.title = t(el.dataset.tTitle);
    $('pf-lang').value = lang;
  }

  // ---- Small DOM helpers ---------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k);
    return e;
  }
  // User text in a cell: its own direction (an English card in an Arabic page reads left to right).
  const txt = (s) => el('bdi', {text: s == null ? '' : String(s)});

  // ---- The core (wasm) -------------------------------------------------------------------------
  let corePromise = null;
  const core = () => (corePromise = corePromise || window.JMPortfolioCore());
  const utf8 = new TextEncoder();
  function heapString(M, s) {
    const cap = s.length * 3 + 1, p = M._malloc(cap);
    const {written} = utf8.encodeInto(s, M.HEAPU8.subarray(p, p + cap - 1));
    M.HEAPU8[p + written] = 0;
    return p;
  }
  function call(M, fn, ...strings) {
    const ptrs = strings.map((s) => heapString(M, s));
    try { return M.UTF8ToString(M['_' + fn](...ptrs)); } finally { ptrs.forEach((p) => M._free(p)); }
  }
  function today() {
    const d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }
  // entries: [{name, text, open}] (open: how the editor opens it), failed: [{name, error}].
  // Returns the roll-ups and the entries the core could read: its map i is the i-th of those.
  async function rollUp(entries, failed) {
    const M = await core();
    M._jmp_reset();
    const read = entries.filter((e) => call(M, 'jmp_add', e.name, e.text) === '');
    for (const f of failed) call(M, 'jmp_add_error', f.name, f.error);
    return {data: JSON.parse(call(M, 'jmp_result', today())), read};
  }

  // ---- State -------------------------------------------------------------------------------------
  const state = {
    source: null,        // {kind: 'library'|'folder'|'files'|'url', label}
    entries: [],         // what was read, in the order given to the core (its map indices)
    opens: [],           // per map of the result: {library: id} | {text}
    data: null,          // the core's roll-up JSON
    tab: 'actions',
    sort: {key: 'map', dir: 1},
    filter: {text: '', owner: '', status: '', map: ''},
  };
  const readOnly = params.has('src');
  window.jmPortfolio = {state, ready: false};   // for tests and the benchmark

  async function show(source, entries, failed) {
    state.source = source;
    $('pf-source').textContent = t('loading', {n: entries.length});
    const t0 = performance.now();
    window.jmPortfolio.readMs = state.t0 ? performance.now() - state.t0 : 0;
    const {data, read} = await rollUp(entries, failed);
    state.opens = read.map((e) => e.open);
    state.data = data;
    window.jmPortfolio.rollupMs = performance.now() - t0;
    $('pf-csv').disabled = $('pf-md').disabled = data.maps.length === 0;
    render();
    // From the files chosen to the table on screen (the benchmark's portfolio_open_ms_200).
    window.jmPortfolio.openMs = state.t0 ? performance.now() - state.t0 : window.jmPortfolio.rollupMs;
    state.t0 = 0;
    window.jmPortfolio.ready = true;
    window.dispatchEvent(new Event('jm-portfolio-ready'));
  }

  // ---- Sources -----------------------------------------------------------------------------------
  const idb = (req) => new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); });
  // Opens a database without ever creating it in a form another page does not expect: a first
  // open creates the stores its owner (web/app.js for 'journeymap') would create.
  function openDb(name, upgrade) {
    return new Promise((resolve) => {
      if (!window.indexedDB) { resolve(null); return; }
      let req;
      try { req = indexedDB.open(name, 1); } catch (e) { resolve(null); return; }
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    });
  }
  async function fromLibrary() {
    const db = await openDb('journeymap', (d) => { d.createObjectStore('maps', {keyPath: 'id'}); d.createObjectStore('kv', {keyPath: 'k'}); });
    if (!db) { $('pf-source').textContent = t('no_library'); return; }
    const all = await idb(db.transaction('maps', 'readonly').objectStore('maps').getAll());
    db.close();
    const live = all.filter((r) => !r.trashed).sort((a, b) => (a.title || '').localeCompare(b.title || '') || (a.id < b.id ? -1 : 1));
    // Titles name library maps; two maps of one title stay apart by their id.
    const seen = new Map();
    for (const r of live) seen.set(r.title, (seen.get(r.title) || 0) + 1);
    const entries = live.map((r) => ({name: seen.get(r.title) > 1 ? `${r.title || t('untitled')} (${r.id})` : (r.title || t('untitled')),
                                      text: r.json, open: {library: r.id}}));
    await show({kind: 'library', label: t('source_library')}, entries, []);
  }
  const isMapFile = (name) => /\.journey\.json$/i.test(name);
  // files: [{name (path relative to the folder, '/' separated), file}]
  async function fromFiles(kind, label, files) {
    state.t0 = performance.now();
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const failed = [], entries = [];
    const texts = await Promise.all(files.map((f) => f.file.text().then((s) => s, (e) => { failed.push({name: f.name, error: String(e && e.message || e)}); return null; })));
    files.forEach((f, i) => { if (texts[i] !== null) entries.push({name: f.name, text: texts[i], open: {text: texts[i]}}); });
    await show({kind, label}, entries, failed);
  }
  async function walkHandle(dir, prefix, out) {
    for await (const [name, h] of dir.entries()) {
      if (h.kind === 'directory') await walkHandle(h, prefix + name + '/', out);
      else if (isMapFile(name)) out.push({name: prefix + name, file: await h.getFile()});
    }
    return out;
  }
  async function fromHandle(handle) {
    await fromFiles('folder', t('source_folder', {name: handle.name}), await walkHandle(handle, '', []));
  }
  // The folder handle of showDirectoryPicker, kept so the next visit reopens it.
  const handleDb = () => openDb('journeymap-portfolio', (d) => d.createObjectStore('handles', {keyPath: 'k'}));
  async function keepHandle(handle) {
    const db = await handleDb();
    if (!db) return;
    await idb(db.transaction('handles', 'readwrite').objectStore('handles').put({k: 'folder', handle}));
    db.close();
  }
  async function keptHandle() {
    const db = await handleDb();
    if (!db) return null;
    const rec = await idb(db.transaction('handles', 'readonly').objectStore('handles').get('folder')).catch(() => null);
    db.close();
    return rec && rec.handle;
  }
  async function openFolder() {
    if (window.showDirectoryPicker) {
      let handle;
      try { handle = await window.showDirectoryPicker({id: 'journeymap-portfolio', mode: 'read'}); } catch (e) { return; }   // cancelled
      await keepHandle(handle);
      $('pf-reopen').hidden = true;
      await fromHandle(handle);
    } else {
      $('pf-dir').click();
    }
  }
  // A folder from <input webkitdirectory>: paths start with the folder's own name.
  function inputFiles(input, fromDir) {
    const list = [...input.files].map((f) => {
      const rel = f.webkitRelativePath || f.name;
      return {name: fromDir ? rel.split('/').slice(1).join('/') || f.name : f.name, file: f, top: rel.split('/')[0]};
    }).filter((f) => fromDir ? isMapFile(f.name) : /\.json$/i.test(f.name));
    input.value = '';
    return list;
  }
  // A dropped folder (or files): entries read through the File and Directory Entries API.
  async function droppedFiles(dt) {
    const out = [];
    let folder = '';
    const readAll = (reader) => new Promise((res, rej) => {
      const acc = [];
      const next = () => reader.readEntries((batch) => { if (!batch.length) res(acc); else { acc.push(...batch); next(); } }, rej);
      next();
    });
    async function walk(entry, prefix) {
      if (entry.isDirectory) {
        for (const e of await readAll(entry.createReader())) await walk(e, prefix + entry.name + '/');
      } else if (isMapFile(entry.name) || (!prefix && /\.json$/i.test(entry.name))) {
        const file = await new Promise((res, rej) => entry.file(res, rej));
        out.push({name: (prefix + entry.name).split('/').slice(folder ? 1 : 0).join('/'), file});
      }
    }
    const entries = [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (entries.length === 1 && entries[0].isDirectory) folder = entries[0].name;
    for (const e of entries) await walk(e, '');
    return {files: out, folder};
  }
  async function fromUrl(src) {
    const base = new URL(src, location.href);
    const failed = [], entries = [];
    let list;
    try {
      const res = await fetch(base);
      if (!res.ok) throw new Error('HTTP ' + res.status);
      list = await res.json();
      if (!Array.isArray(list)) throw new Error(t('not_list'));
    } catch (e) {
      await show({kind: 'url', label: t('source_url', {url: src})}, [], [{name: src, error: String(e.message || e)}]);
      return;
    }
    const names = list.map((x) => (typeof x === 'string' ? x : x && x.url)).filter((x) => typeof x === 'string');
    const texts = await Promise.all(names.map(async (name) => {
      try {
        const res = await fetch(new URL(name, base));
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return await res.text();
      } catch (e) { failed.push({name, error: String(e.message || e)}); return null; }
    }));
    names.forEach((name, i) => { if (texts[i] !== null) entries.push({name, text: texts[i], open: {text: texts[i]}}); });
    await show({kind: 'url', label: t('source_url', {url: src})}, entries, failed);
  }

  // ---- Opening a map in the editor ---------------------------------------------------------------
  // A map of My maps opens by its id (index.html#open=); any other as a shared link (#map=, the
  // map's JSON deflate-raw compressed, base64url: web/app.js's packMap), which the editor shows
  // without changing My maps until "Save a copy to my maps".
  async function packMap(json) {
    let text = json;
    try { text = JSON.stringify(JSON.parse(json)); } catch (e) { /* kept as it is */ }
    const packed = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  async function editorUrl(i) {
    const o = state.opens[i];
    if (!o) return 'index.html';
    if (o.library) return 'index.html#open=' + encodeURIComponent(o.library);
    if (!o.url && typeof CompressionStream === 'function') o.url = 'index.html#map=' + await packMap(o.text);
    return o.url || 'index.html';
  }
  function mapLink(i) {
    const m = state.data.maps[i];
    const o = state.opens[i];
    return el('a', {href: o && o.library ? 'index.html#open=' + encodeURIComponent(o.library) : 'index.html', target: '_blank', rel: 'noopener',
                    title: t('open_in_editor'), class: 'pf-map', 'data-map': i}, txt(m.title || m.name || t('untitled')));
  }
  // A link's address is made when it is about to be used (packing every map up front costs), by
  // listeners on the document rather than one set per link (a table holds thousands).
  const linkOf = (e) => e.target instanceof Element && e.target.closest('a.pf-map[data-map]');
  const prepareLink = (e) => {
    const a = linkOf(e);
    if (a && !a.href.includes('#')) editorUrl(+a.dataset.map).then((u) => { a.href = u; });
  };
  document.addEventListener('pointerover', prepareLink);
  document.addEventListener('focusin', prepareLink);
  document.addEventListener('click', async (e) => {
    const a = linkOf(e);
    if (!a || a.href.includes('#')) return;   // not ours, or ready
    e.preventDefault();
    window.open(await editorUrl(+a.dataset.map), '_blank', 'noopener');
  });

  // ---- Views -------------------------------------------------------------------------------------
  const TABS = ['actions', 'matrix', 'maps', 'stages', 'metrics', 'personas'];
  const TAB_LABEL = {actions: 'tab_actions', matrix: 'tab_matrix', maps: 'tab_maps', stages: 'tab_stages', metrics: 'tab_metrics', personas: 'tab_personas'};
  function render() {
    const d = state.data;
    const srcText = state.source ? state.source.label : '';
    $('pf-source').textContent = srcText;
    const errs = $('pf-errors');
    errs.replaceChildren();
    errs.hidden = !d || d.errors.length === 0;
    if (d && d.errors.length) {
      errs.append(el('details', {open: true}, el('summary', {text: t('errors_head', {n: d.errors.length})}),
        el('ul', {}, d.errors.map((e) => el('li', {}, el('code', {dir: 'ltr', text: e.name}), ': ', txt(e.error))))));
    }
    const empty = !d || d.maps.length === 0;
    $('pf-empty').hidden = !empty;
    $('pf-content').hidden = empty;
    if (empty) return;
    const flagged = d.maps.filter((m) => m.flags.length).length;
    $('pf-summary').textContent = t('summary', {maps: d.maps.length, items: d.items.length, flagged});
    const tabs = $('pf-tabs');
    tabs.replaceChildren(...TABS.map((k) => el('button', {type: 'button', role: 'tab', id: 'pf-tab-' + k, 'aria-selected': String(k === state.tab),
      tabindex: k === state.tab ? '0' : '-1', 'aria-controls': 'pf-view', text: t(TAB_LABEL[k]), onclick: () => { state.tab = k; render(); }})));
    $('pf-view').setAttribute('aria-labelledby', 'pf-tab-' + state.tab);
    const view = {actions: actionsView, matrix: matrixView, maps: mapsView, stages: stagesView, metrics: metricsView, personas: personasView}[state.tab]();
    $('pf-view').replaceChildren(view);
  }
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern), in reading order in either direction.
  $('pf-tabs').addEventListener('keydown', (e) => {
    const rtl = document.documentElement.dir === 'rtl';
    const step = e.key === 'ArrowRight' ? (rtl ? -1 : 1) : e.key === 'ArrowLeft' ? (rtl ? 1 : -1) : 0;
    if (!step) return;
    state.tab = TABS[(TABS.indexOf(state.tab) + step + TABS.length) % TABS.length];
    render();
    $('pf-tab-' + state.tab).focus();
  });

  const chip = (cls, text) => el('span', {class: 'pf-chip ' + cls, text});
  const mapTitle = (i) => { const m = state.data.maps[i]; return m.title || m.name || t('untitled'); };
  const RANK = {priority: {low: 0, medium: 1, high: 2}, status: {idea: 0, planned: 1, in_progress: 2, done: 3}};
  const ACTION_COLS = [
    ['map', 'col_map', (it) => mapTitle(it.map)], ['kind', 'col_kind', (it) => it.kind], ['title', 'col_title', (it) => it.title],
    ['status', 'col_status', (it) => RANK.status[it.status]], ['priority', 'col_priority', (it) => RANK.priority[it.priority]],
    ['impact', 'col_impact', (it) => it.impact || -1], ['effort', 'col_effort', (it) => it.effort || 99], ['owner', 'col_owner', (it) => it.owner],
    ['due', 'col_due', (it) => it.due || '9999'], ['cards', 'col_cards', (it) => it.cards.map((c) => c.text).join('; ')],
  ];
  let collator = null;
  function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (!collator || collator.lang !== lang) { collator = new Intl.Collator(lang); collator.lang = lang; }
    return collator.compare(String(a), String(b));
  }
  function sortHeader(cols, onSort) {
    return el('thead', {}, el('tr', {}, cols.map(([key, label]) => {
      const on = state.sort.key === key;
      return el('th', {scope: 'col', 'aria-sort': on ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none'},
        el('button', {type: 'button', class: 'pf-sort', 'data-col': key, onclick: () => onSort(key)}, t(label),
          el('span', {class: 'pf-arrow', 'aria-hidden': 'true', text: on ? (state.sort.dir > 0 ? '▲' : '▼') : ''})));
    })));
  }
  function actionsView() {
    const d = state.data;
    const f = state.filter;
    const owners = [...new Set(d.items.map((it) => it.owner).filter(Boolean))].sort((a, b) => a.localeCompare(b, lang));
    const wrap = el('div', {class: 'pf-actions'});
    const search = el('input', {type: 'search', id: 'pf-filter', value: f.text, placeholder: t('filter_placeholder'), 'aria-label': t('filter')});
    const select = (id, all, options, value) => el('select', {id, 'aria-label': t(all)},
      el('option', {value: '', text: t(all)}), options.map(([v, label]) => el('option', {value: v, selected: v === value, text: label})));
    const owner = select('pf-owner', 'all_owners', owners.map((o) => [o, o]), f.owner);
    const status = select('pf-status', 'all_statuses', ['idea', 'planned', 'in_progress', 'done'].map((s) => [s, t('status.' + s)]), f.status);
    const map = select('pf-mapsel', 'all_maps', d.maps.map((m, i) => [String(i), m.title || m.name]), f.map);
    const count = el('span', {class: 'pf-count', role: 'status'});
    const table = el('table', {class: 'pf-table', id: 'pf-actions'});
    const body = el('tbody');
    const fill = () => {
      const q = f.text.trim().toLocaleLowerCase(lang);
      const rows = d.items.map((it, i) => ({it, i})).filter(({it}) =>
        (!f.owner || it.owner === f.owner) && (!f.status || it.status === f.status) && (!f.map || String(it.map) === f.map) &&
        (!q || [it.title, it.owner, it.team, mapTitle(it.map), ...it.cards.map((c) => c.text)].join('\n').toLocaleLowerCase(lang).includes(q)));
      const col = ACTION_COLS.find((c) => c[0] === state.sort.key) || ACTION_COLS[0];
      rows.sort((a, b) => state.sort.dir * compare(col[2](a.it), col[2](b.it)) || a.i - b.i);
      body.replaceChildren(...rows.map(({it}) => el('tr', {class: it.status === 'done' ? 'pf-done' : null},
        el('td', {}, mapLink(it.map)),
        el('td', {}, chip('pf-kind-' + it.kind, t('kind.' + it.kind))),
        el('td', {class: 'pf-strong'}, txt(it.title)),
        el('td', {}, chip('pf-st-' + it.status, t('status.' + it.status))),
        el('td', {}, chip('pf-pr-' + it.priority, t('priority.' + it.priority))),
        el('td', {class: 'pf-num', text: it.impact || ''}), el('td', {class: 'pf-num', text: it.effort || ''}),
        el('td', {}, txt(it.owner), it.team ? el('div', {class: 'pf-sub'}, txt(it.team)) : null),
        el('td', {class: 'pf-date'}, it.due ? el('span', {dir: 'ltr', text: it.due}) : null, it.overdue ? chip('pf-warn', t('overdue')) : null),
        el('td', {class: 'pf-cards'}, it.cards.map((c) => el('div', {}, txt(c.text)))))));
      if (!rows.length) body.append(el('tr', {}, el('td', {colspan: ACTION_COLS.length, class: 'pf-none', text: t('no_items')})));
      count.textContent = t('shown', {n: rows.length, total: d.items.length});
    };
    const onSort = (key) => {
      state.sort = {key, dir: state.sort.key === key ? -state.sort.dir : 1};
      table.replaceChild(sortHeader(ACTION_COLS, onSort), table.tHead);
      fill();
    };
    table.append(sortHeader(ACTION_COLS, onSort), body);
    search.addEventListener('input', () => { f.text = search.value; fill(); });
    owner.addEventListener('change', () => { f.owner = owner.value; fill(); });
    status.addEventListener('change', () => { f.status = status.value; fill(); });
    map.addEventListener('change', () => { f.map = map.value; fill(); });
    fill();
    wrap.append(el('div', {class: 'pf-filters'}, search, owner, status, map, count), el('div', {class: 'pf-scroll'}, table));
    return wrap;
  }
  function matrixView() {
    const d = state.data;
    const cell = (impact, effort) => d.matrix.cells.find((c) => c.impact === impact && c.effort === effort);
    const table = el('table', {class: 'pf-matrix', id: 'pf-matrix'}, el('caption', {text: t('matrix_caption')}),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col', text: t('col_impact') + ' \\ ' + t('col_effort')}),
        [1, 2, 3, 4, 5].map((e) => el('th', {scope: 'col', text: String(e)})))),
      el('tbody', {}, [5, 4, 3, 2, 1].map((impact) => el('tr', {}, el('th', {scope: 'row', text: String(impact)}),
        [1, 2, 3, 4, 5].map((effort) => {
          const c = cell(impact, effort);
          const quick = impact >= 4 && effort <= 2;
          return el('td', {class: (quick ? 'pf-quick ' : '') + (c ? 'pf-filled' : ''), 'data-impact': impact, 'data-effort': effort},
            c ? el('div', {class: 'pf-cell-n', text: String(c.count)}) : null,
            c ? el('ul', {}, c.items.map((i) => el('li', {}, txt(d.items[i].title)))) : null);
        })))));
    return el('div', {}, el('div', {class: 'pf-scroll'}, table),
      el('p', {class: 'pf-legend'}, el('span', {class: 'pf-quick-key', 'aria-hidden': 'true'}), t('quick_wins'), ' · ', t('unrated', {n: d.matrix.unrated.length})));
  }
  function mapsView() {
    const d = state.data;
    const cols = [['title', 'col_map'], ['name', 'col_file'], ['owner', 'col_owner'], ['status', 'col_status'], ['reviewed', 'col_reviewed'],
                  ['review_due', 'col_review_due'], ['open_high', 'col_open_high'], ['flags', 'col_flags']];
    const order = {draft: 0, in_review: 1, published: 2, retired: 3};
    const key = cols.some((c) => c[0] === state.mapSort?.key) ? state.mapSort : {key: 'title', dir: 1};
    const val = (m, k) => (k === 'status' ? order[m.status] : k === 'flags' ? m.flags.length : k === 'open_high' ? m.open_high :
      k === 'owner' ? (m.owner || '\uffff') : m[k] || '');
    const rows = d.maps.map((m, i) => ({m, i})).sort((a, b) => key.dir * compare(val(a.m, key.key), val(b.m, key.key)) || a.i - b.i);
    const saved = state.sort;
    state.sort = key;
    const head = sortHeader(cols, (k) => { state.mapSort = {key: k, dir: key.key === k ? -key.dir : 1}; render(); });
    state.sort = saved;
    const table = el('table', {class: 'pf-table', id: 'pf-maps'}, head, el('tbody', {}, rows.map(({m, i}) => el('tr', {},
      el('td', {}, mapLink(i)), el('td', {}, el('code', {dir: 'ltr', text: m.name})), el('td', {}, m.owner ? txt(m.owner) : el('span', {class: 'pf-sub', text: t('no_owner')})),
      el('td', {}, chip('pf-ms-' + m.status, t('map.' + m.status))),
      el('td', {class: 'pf-date'}, el('span', {dir: 'ltr', text: m.reviewed})), el('td', {class: 'pf-date'}, el('span', {dir: 'ltr', text: m.review_due})),
      el('td', {class: 'pf-num', text: String(m.open_high)}),
      el('td', {}, m.flags.map((f) => chip('pf-warn', t('flag_' + f))))))));
    // The hierarchy: each root and the maps its cards open, a map met again on the path marked.
    const tree = (i, path) => {
      const again = path.includes(i);
      return el('li', {}, mapLink(i), again ? el('span', {class: 'pf-sub', text: ' (' + t('cycle') + ')'}) : null,
        !again && d.maps[i].children.length ? el('ul', {}, d.maps[i].children.map((c) => tree(c, [...path, i]))) : null);
    };
    const unresolved = d.hierarchy.unresolved.map((k) => d.hierarchy.links[k]);
    return el('div', {}, el('div', {class: 'pf-scroll'}, table),
      el('h2', {text: t('hierarchy')}), el('ul', {class: 'pf-tree', id: 'pf-tree'}, d.hierarchy.roots.map((r) => tree(r, []))),
      unresolved.length ? el('h3', {text: t('unresolved')}) : null,
      unresolved.length ? el('ul', {class: 'pf-unresolved'}, unresolved.map((l) => el('li', {}, mapLink(l.from), ' · ', txt(l.card_text),
        document.documentElement.dir === 'rtl' ? ' ← ' : ' → ',
        el('code', {dir: 'ltr', text: l.target})))) : null);
  }
  function stagesView() {
    const d = state.data;
    const fmt = (x) => (x > 0 ? '+' : '') + x;
    return el('div', {class: 'pf-scroll'}, el('table', {class: 'pf-table', id: 'pf-stages'},
      el('thead', {}, el('tr', {}, ['col_stage', 'col_maps', 'col_pains', 'col_lowest'].map((k) => el('th', {scope: 'col', text: t(k)})))),
      el('tbody', {}, d.stages.map((s) => el('tr', {},
        el('th', {scope: 'row'}, txt(s.name)),
        el('td', {}, s.maps.map((i, k) => [k ? ', ' : '', mapLink(i)])),
        el('td', {class: 'pf-pains'}, s.pain_points.length ? el('ul', {}, s.pain_points.map((p) => el('li', {}, txt(p.text), el('span', {class: 'pf-sub'}, ' · ', txt(mapTitle(p.map)))))) : null),
        el('td', {}, s.lowest_emotion ? [el('span', {class: 'pf-score ' + (s.lowest_emotion.score < 0 ? 'pf-neg' : 'pf-pos'), dir: 'ltr', text: fmt(s.lowest_emotion.score)}), ' ',
          txt(s.lowest_emotion.text), el('div', {class: 'pf-sub'}, txt(mapTitle(s.lowest_emotion.map)))] : null))))));
  }
  function metricsView() {
    const d = state.data;
    const c = d.metrics.counts;
    const num = (v, unit) => (v === null ? '' : String(v) + (unit ? ' ' + unit : ''));
    return el('div', {}, el('p', {class: 'pf-summary', text: t('metric_counts', {on: c.on_target, near: c.near, off: c.off, unknown: c.unknown})}),
      el('div', {class: 'pf-scroll'}, el('table', {class: 'pf-table', id: 'pf-metrics'},
        el('thead', {}, el('tr', {}, ['col_map', 'col_stage', 'col_metric', 'col_value', 'col_target', 'col_status'].map((k) => el('th', {scope: 'col', text: t(k)})))),
        el('tbody', {}, d.metrics.rows.map((r) => el('tr', {},
          el('td', {}, mapLink(r.map)), el('td', {}, txt(r.stage)), el('td', {}, txt(r.name)),
          el('td', {class: 'pf-num'}, el('bdi', {text: num(r.value, r.unit)})), el('td', {class: 'pf-num'}, el('bdi', {text: num(r.target, r.unit)})),
          el('td', {}, chip('pf-mt-' + r.status, t('metric.' + r.status)))))))));
  }
  function personasView() {
    const d = state.data;
    return el('div', {class: 'pf-scroll'}, el('table', {class: 'pf-table', id: 'pf-personas'},
      el('thead', {}, el('tr', {}, ['col_persona', 'col_journeys'].map((k) => el('th', {scope: 'col', text: t(k)})))),
      el('tbody', {}, d.personas.length ? d.personas.map((p) => el('tr', {},
        el('th', {scope: 'row'}, txt(p.name), p.role ? el('div', {class: 'pf-sub'}, txt(p.role)) : null),
        el('td', {}, p.maps.map((i, k) => [k ? ', ' : '', mapLink(i)])))) : el('tr', {}, el('td', {colspan: 2, class: 'pf-none', text: t('none')})))));
  }

  // ---- Downloads ---------------------------------------------------------------------------------
  async function download(format) {
    const M = await core();
    const text = call(M, 'jmp_export', format, today());
    const blob = new Blob([text], {type: format === 'csv' ? 'text/csv;charset=utf-8' : 'text/markdown;charset=utf-8'});
    const a = el('a', {href: URL.createObjectURL(blob), download: 'portfolio.' + (format === 'csv' ? 'csv' : 'md')});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // ---- Wiring ------------------------------------------------------------------------------------
  $('pf-lang').addEventListener('change', async () => {
    const want = $('pf-lang').value;
    await loadStrings(want).catch((e) => console.error(e));
    lang = want;
    try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* kept for this page only */ }
    applyLanguage();
    if (state.source && state.source.kind === 'library') state.source.label = t('source_library');
    render();
  });
  $('pf-library').addEventListener('click', fromLibrary);
  $('pf-folder').addEventListener('click', openFolder);
  $('pf-files-btn').addEventListener('click', () => $('pf-files').click());
  $('pf-files').addEventListener('change', () => {
    const files = inputFiles($('pf-files'), false);
    fromFiles('files', t('source_files', {n: files.length}), files);
  });
  $('pf-dir').addEventListener('change', () => {
    const files = inputFiles($('pf-dir'), true);
    fromFiles('folder', t('source_folder', {name: files.length ? files[0].top : ''}), files);
  });
  $('pf-csv').addEventListener('click', () => download('csv'));
  $('pf-md').addEventListener('click', () => download('md'));
  if (!readOnly) {
    let depth = 0;
    const drop = $('pf-drop');
    window.addEventListener('dragenter', (e) => { if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) { depth++; drop.hidden = false; } });
    window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; drop.hidden = true; } });
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', async (e) => {
      e.preventDefault();
      depth = 0;
      drop.hidden = true;
      const {files, folder} = await droppedFiles(e.dataTransfer);
      await fromFiles(folder ? 'folder' : 'files', folder ? t('source_folder', {name: folder}) : t('source_files', {n: files.length}), files);
    });
  }

  async function start() {
    await loadStrings(lang).catch((e) => console.error(e));
    applyLanguage();
    if (readOnly) {
      $('pf-sources').hidden = true;
      await fromUrl(params.get('src'));
      return;
    }
    // A folder opened before whose permission still holds opens again without asking; otherwise
    // one click on "Reopen" asks the browser (it needs a user gesture), and My maps shows meanwhile.
    const handle = await keptHandle().catch(() => null);
    if (handle && handle.queryPermission) {
      const perm = await handle.queryPermission({mode: 'read'}).catch(() => 'denied');
      if (perm === 'granted') { await fromHandle(handle); return; }
      const btn = $('pf-reopen');
      btn.textContent = t('reopen', {name: handle.name});
      btn.hidden = false;
      btn.onclick = async () => {
        if ((await handle.requestPermission({mode: 'read'}).catch(() => 'denied')) !== 'granted') return;
        btn.hidden = true;
        await fromHandle(handle);
      };
    }
    await fromLibrary();
  }
  start().catch((e) => {
    $('pf-source').textContent = String(e && e.message || e);
    console.error(e);
  });
})();
