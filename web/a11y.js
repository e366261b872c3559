// a11y.js: the page side of accessibility (issue #11). The map is pixels on a WebGL canvas, so
// the page keeps a parallel DOM built by the core (src/core/a11y.h, sent through
// src/editor/a11y_bridge.cpp and platform_web.cpp): this file puts it in #jm-a11y-host, keeps the
// one tab stop of its grid (roving tabindex), turns the keys pressed in it into editor commands,
// draws the focus ring over the canvas, speaks results through two live regions, shows the text
// view, and applies the system's display preferences. Runs after app.js, before journeymap.js
// (its key listener must come before Emscripten's GLFW one), and before a11y-chrome.js.
//
// window.JMA11y, called by the wasm (platform_web.cpp) and by a11y-chrome.js:
//   mirror(json)  a full mirror ({full:true, html}) or a patch ({full:false, parts:[{id, html}]})
//   state(json)   {focus, selection, rect, clip, editing, rtl}: the roving tab stop, aria-selected,
//                 the ring; DOM focus moves only when it is in the mirror already
//   announce(text, error)  the polite status region, or the alert region
//   chrome(json)  passed on to window.JMA11yChrome.update (a11y-chrome.js)
//   textView(html, title)  the text view dialog
//   textScale() / setTextScale(v)  the interface text size kept in this browser (1 .. 2)
//   ring(rect|null)  the focus ring at a CSS-px rect [x, y, w, h] (a11y-chrome.js's twins)
//   focusBack(el)  app.js's text field gives focus back to the mirror element it came from
'use strict';
(function () {
  const EMBED = document.documentElement.dataset.jmMode === 'embed';
  const host = document.getElementById('jm-a11y-host');
  const statusEl = document.getElementById('jm-status');
  const alertEl = document.getElementById('jm-alert');
  const ringEl = document.getElementById('jm-focus-ring');
  const tv = document.getElementById('jm-text-view');
  const tvBody = document.getElementById('jm-tv-body');
  const canvas = document.getElementById('canvas');
  const SCALE_KEY = 'journeymap.textScale';

  let ready = false;
  let state = {focus: '', selection: [], rect: null, clip: null, editing: false, rtl: false};
  let stop = '';            // data-id of the grid's one tab stop
  let pending = '';         // data-id to focus once it exists (after a delete, a move, a new card)
  let pendingAt = 0;
  let returning = false;    // focus is coming back from the text field: the next state may move it
  let sentFocus = '';       // the last a11y_focus sent, so focus echoed back is not sent again
  let chromeRect = null;    // JMA11y.ring's rect (a twin of the chrome has focus)
  let menu = null;          // the open card menu {el, card, cell}
  let tvReturn = null;      // what had focus before the text view opened

  const t = (key, args) => (window.JMApp && JMApp.t ? JMApp.t(key, args) : key);
  const command = (name, arg) => {
    if (!ready) return 0;
    const r = window.jm.command(name, arg);
    JMApp.wake(3);
    return r;
  };
  const byId = (dataId) => dataId ? host.querySelector('[data-id="' + CSS.escape(dataId) + '"]') : null;
  const grid = () => host.querySelector('[role="grid"]');
  const inMirror = (el) => !!(el && el !== host && host.contains(el));
  const focusIn = () => inMirror(document.activeElement);
  const kind = (el) => el.dataset.id.slice(0, el.dataset.id.indexOf(':'));
  const cellOf = (el) => el.closest('[role="gridcell"]');
  const rtl = () => { const g = grid(); return g ? g.dir === 'rtl' : !!state.rtl; };

  // ---- The mirror ------------------------------------------------------------------------------
  function mirror(json) {
    const m = typeof json === 'string' ? JSON.parse(json) : json;
    const active = document.activeElement;
    const had = inMirror(active) ? (active.closest('[data-id]') || active) : null;
    const hadId = had && had.dataset ? had.dataset.id || '' : '';
    const hadCell = had && cellOf(had) ? cellOf(had).dataset.id : '';
    if (m.full) {
      host.innerHTML = m.html;
    } else {
      for (const p of m.parts || []) {
        const old = document.getElementById(p.id);
        if (!old || !host.contains(old)) {   // out of step with the editor: ask for all of it
          if (ready) command('a11y_mirror', '');
          continue;
        }
        const tpl = document.createElement('template');
        tpl.innerHTML = p.html;
        old.replaceWith(tpl.content);
      }
    }
    placeStop();
    applySelection();
    // The focused element was replaced (or removed): the same item again, else what a delete or
    // move asked for, else its cell, else the grid's tab stop. Never the body.
    const pe = pendingEl();
    if (had && !focusIn()) {
      const el = pe || byId(hadId) || byId(hadCell) || byId(stop);
      if (el) focusEl(el);
      if (pe && el === pe) pending = '';
    } else if (pe && (focusIn() || returning) && !state.editing) {
      focusEl(pe);
      pending = '';
    }
    drawRing();
  }

  // One element of the grid has tabindex=0: the tab stop (the focused or selected item, at first
  // the first cell). The core writes tabindex="-1" everywhere.
  function placeStop() {
    const g = grid();
    if (!g) return;
    const a = focusIn() ? document.activeElement.closest('[data-id]') : null;
    let el = a || pendingEl() || byId(state.focus) || byId(stop);
    if (!el) el = g.querySelector('[role="gridcell"][data-id]') || g.querySelector('[data-id]');
    setStop(el);
  }
  function setStop(el) {
    if (!el) return;
    for (const o of host.querySelectorAll('[data-id][tabindex="0"]')) if (o !== el) o.tabIndex = -1;
    el.tabIndex = 0;
    stop = el.dataset.id;
  }
  function focusEl(el) {
    if (!el) return;
    setStop(el);
    if (document.activeElement !== el) el.focus({preventScroll: true});
  }
  // aria-selected of the selected cards (the HTML says "false"): only those that changed, looked
  // up by element id, so selecting all of a 4,800-card map stays linear.
  let shownSel = new Set();
  const option = (dataId) => { const el = document.getElementById('jm-k-' + dataId.slice(5)); return el && el.getAttribute('role') === 'option' ? el : null; };
  function applySelection() {
    const sel = new Set((state.selection || []).filter((x) => x.startsWith('card:')));
    for (const id of shownSel) if (!sel.has(id)) { const el = option(id); if (el) el.setAttribute('aria-selected', 'false'); }
    for (const id of sel) { const el = option(id); if (el) el.setAttribute('aria-selected', 'true'); }
    shownSel = sel;
  }

  host.addEventListener('focusin', (e) => {
    const el = e.target.closest && e.target.closest('[data-id]');
    if (!el || !inMirror(el)) return;
    setStop(el);
    if (el.dataset.id !== state.focus && el.dataset.id !== sentFocus) {
      sentFocus = el.dataset.id;
      command('a11y_focus', el.dataset.id);
    }
    drawRing();
  });
  host.addEventListener('focusout', () => setTimeout(drawRing, 0));

  function setState(json) {
    const s = typeof json === 'string' ? JSON.parse(json) : json;
    state = Object.assign({focus: '', selection: [], rect: null, clip: null, editing: false, rtl: false}, s);
    if (state.focus === sentFocus) sentFocus = '';
    // A delete or move asked for an item of its own: that wins over the editor's choice once.
    const pe = pendingEl();
    const el = pe || byId(state.focus);
    if (el) {
      setStop(el);
      if (!state.editing && (focusIn() || returning)) {
        if (document.activeElement !== el) el.focus({preventScroll: true});
        if (el === pe) pending = '';
        returning = false;
      }
    }
    applySelection();
    drawRing();
  }

  // What a delete, a move or a new card asked to focus next, once the patch has brought it (a few
  // seconds at most: a card whose typing was cancelled never comes).
  function want(id) { pending = id; pendingAt = Date.now(); }
  function pendingEl() {
    if (pending && Date.now() - pendingAt > 5000) pending = '';
    return byId(pending);
  }

  // app.js: the text field closed; give focus back where the typing started.
  function focusBack(el) {
    const id = el.dataset && el.dataset.id;
    const cell = cellOf(el);
    const target = el.isConnected ? el : byId(id) || (cell && byId(cell.dataset.id)) || byId(stop);
    if (!target) return false;
    returning = true;   // the state that follows (the new card, say) may move it on
    pendingAt = Date.now();   // however long the typing took
    focusEl(target);
    setTimeout(() => { returning = false; }, 1000);
    return true;
  }

  // ---- The focus ring, drawn over the canvas at the focused item ---------------------------------
  function intersect(a, b) {
    if (!a) return null;
    if (!b) return a;
    const x = Math.max(a[0], b[0]), y = Math.max(a[1], b[1]);
    const r = Math.min(a[0] + a[2], b[0] + b[2]), bt = Math.min(a[1] + a[3], b[1] + b[3]);
    return r > x && bt > y ? [x, y, r - x, bt - y] : null;
  }
  function drawRing() {
    let r = chromeRect;
    if (!r && (focusIn() || menu)) r = intersect(state.rect, state.clip);
    if (!r || tv && !tv.hidden) { ringEl.hidden = true; return; }
    const c = canvas.getBoundingClientRect();
    // 4 px outside the item, so the ring does not cover its edge; never past the window's edge.
    const x = Math.max(0, c.left + r[0] - 4), y = Math.max(0, c.top + r[1] - 4);
    const w = Math.min(innerWidth, c.left + r[0] + r[2] + 4) - x, h = Math.min(innerHeight, c.top + r[1] + r[3] + 4) - y;
    if (w < 4 || h < 4) { ringEl.hidden = true; return; }
    Object.assign(ringEl.style, {left: x + 'px', top: y + 'px', width: w + 'px', height: h + 'px'});
    ringEl.hidden = false;
  }
  function ring(rect) {
    chromeRect = rect && rect.length === 4 ? rect : null;
    drawRing();
  }

  // ---- Keys in the mirror ------------------------------------------------------------------------
  // Registered now, before journeymap.js adds GLFW's listener on window (capture): a key handled
  // here is stopped and never reaches ImGui; any other (Ctrl+Z, Ctrl+C, …) goes on to it.
  const swallowed = new Set();   // keys whose keydown was handled: their keyup is not GLFW's either
  window.addEventListener('keydown', (e) => {
    const el = e.target && e.target.closest ? e.target.closest('[data-id]') : null;
    if (!el || !inMirror(el) || e.isComposing || e.keyCode === 229) return;
    if (onKey(e, el)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      swallowed.add(e.code);
    }
  }, true);
  window.addEventListener('keyup', (e) => {
    if (swallowed.delete(e.code)) e.stopImmediatePropagation();
  }, true);

  // The item at (row, column) of the grid: row 0 is the stage headers, column 1 the lane headers.
  function rowsOf(g) { return [...g.querySelectorAll(':scope > [role="row"]')]; }
  function place(el) {
    const g = grid();
    const row = el.closest('[role="row"]');
    return {rows: rowsOf(g), r: rowsOf(g).indexOf(row), c: +el.getAttribute('aria-colindex') || 1};
  }
  function at(rows, r, c) {
    const row = rows[r];
    return row ? row.querySelector(':scope > [aria-colindex="' + c + '"][data-id]') : null;
  }
  function lastCol(rows, r) {
    const row = rows[r];
    if (!row) return 1;
    let n = 1;
    for (const x of row.querySelectorAll(':scope > [aria-colindex]')) n = Math.max(n, +x.getAttribute('aria-colindex'));
    return n;
  }
  // Arrows follow the screen: in a right-to-left map ArrowLeft is the next stage.
  const screenStep = (e) => (e.key === 'ArrowRight' ? 1 : -1) * (rtl() ? -1 : 1);

  function onKey(e, el) {
    const k = kind(el);
    const key = e.key;
    const alt = e.altKey, ctrl = e.ctrlKey || e.metaKey, shift = e.shiftKey;
    if (k === 'card' && el.getAttribute('role') === 'slider') return sliderKey(e, el);
    if (k === 'card') return cardKey(e, el);

    // Reordering stages and lanes.
    if (alt && !ctrl && k === 'stage' && (key === 'ArrowLeft' || key === 'ArrowRight')) return reorder(el, 'stage', screenStep(e));
    if (alt && !ctrl && k === 'lane' && (key === 'ArrowUp' || key === 'ArrowDown')) return reorder(el, 'lane', key === 'ArrowDown' ? 1 : -1);
    // Alt+arrows elsewhere do nothing here, and must not reach the browser (Alt+Left is "Back").
    if (alt && !ctrl && /^Arrow/.test(key)) return true;
    if (alt || (ctrl && key !== 'Home' && key !== 'End')) return false;

    const p = place(el);
    let to = null;
    if (key === 'ArrowLeft' || key === 'ArrowRight') to = at(p.rows, p.r, p.c + screenStep(e));
    else if (key === 'ArrowUp') to = at(p.rows, p.r - 1, p.c);
    else if (key === 'ArrowDown') to = at(p.rows, p.r + 1, p.c);
    else if (key === 'Home' && ctrl) to = at(p.rows, 1, 2);
    else if (key === 'End' && ctrl) to = at(p.rows, p.rows.length - 1, lastCol(p.rows, p.rows.length - 1));
    else if (key === 'Home') to = at(p.rows, p.r, 1) || at(p.rows, p.r, 2);   // the row's first cell (its lane)
    else if (key === 'End') to = at(p.rows, p.r, lastCol(p.rows, p.r));
    else if (key === 'PageUp') to = at(p.rows, 1, p.c);
    else if (key === 'PageDown') to = at(p.rows, p.rows.length - 1, p.c);
    else if ((key === 'Enter' || key === 'F2') && k === 'cell' && !shift) return enterCell(el);
    else if (key === ' ' && k === 'cell') return enterCell(el);
    else return false;
    if (to) focusEl(to);
    return true;   // an arrow at the grid's edge stays put (and does not reach the canvas)
  }

  function enterCell(cell) {
    const first = cell.querySelector('[role="option"][data-id], [role="slider"][data-id]');
    if (first) { focusEl(first); return true; }
    if (EMBED || grid().getAttribute('aria-readonly') === 'true') return true;
    const [, stage, lane] = cell.dataset.id.split(':');
    if (laneType(cell) === 'emotions') {
      const id = command('emotion', stage + ' ' + lane + ' 0');
      if (id > 0) want('card:' + id);
    } else {
      // Opens the text field; it gives focus back here, and the new card takes it when it comes.
      const id = command('card_add', stage + ' ' + lane);
      if (id > 0) want('card:' + id);
    }
    return true;
  }

  // What the mirror does not say (a stage's index among all the map's stages, the other state's
  // included) comes from the model, read again only when the map changed.
  let cache = {rev: -1, map: null};
  function map() {
    const rev = Module._jm_revision();
    if (cache.rev !== rev) cache = {rev, map: window.jm.model().map};
    return cache.map;
  }
  // A cell's lane type: on its row header (the mirror says it; no model read on a key press).
  function laneType(cell) { const h = cell.parentElement && cell.parentElement.querySelector(':scope > [role="rowheader"]'); return h ? h.dataset.type || '' : ''; }

  // Moves a stage (lane) one place among those shown, by the model's order, not the DOM's: a
  // second Alt+arrow pressed before the rebuilt mirror arrives still moves it one more place.
  function reorder(el, what, step) {
    if (EMBED || grid().getAttribute('aria-readonly') === 'true') return true;
    const list = (what === 'stage' ? map().stages : map().lanes) || [];   // the file format leaves out empty arrays
    const shown = new Set([...host.querySelectorAll(what === 'stage' ? '[role="columnheader"][data-id]' : '[role="rowheader"][data-id]')]
      .map((x) => x.dataset.id.split(':')[1]));
    const id = el.dataset.id.split(':')[1];
    let to = list.findIndex((x) => String(x.id) === id);
    if (to < 0) return true;
    do to += step; while (to >= 0 && to < list.length && !shown.has(String(list[to].id)));
    if (to < 0 || to >= list.length) return true;   // at the edge: the editor would refuse it anyway
    want(el.dataset.id);
    command(what + '_move', id + ' ' + to);
    return true;
  }

  function cardKey(e, el) {
    const key = e.key;
    const alt = e.altKey, ctrl = e.ctrlKey || e.metaKey, shift = e.shiftKey;
    const id = el.dataset.id.split(':')[1];
    const cell = cellOf(el);
    const readOnly = EMBED || grid().getAttribute('aria-readonly') === 'true';
    if ((key === 'F10' && shift) || key === 'ContextMenu') { if (!readOnly) openMenu(el); return true; }
    if (alt && !ctrl) {
      if (readOnly) return /^Arrow/.test(key);
      let dir = '';
      if (key === 'ArrowUp') dir = shift ? 'prev_lane' : 'up';
      else if (key === 'ArrowDown') dir = shift ? 'next_lane' : 'down';
      else if (key === 'ArrowLeft' || key === 'ArrowRight') dir = screenStep(e) > 0 ? 'next_stage' : 'prev_stage';
      if (!dir) return false;
      want(el.dataset.id);   // focus follows the card to its new place
      command('card_step', id + ' ' + dir);
      return true;
    }
    if (ctrl || alt) return false;
    const options = [...cell.querySelectorAll('[role="option"][data-id]')];
    const i = options.indexOf(el);
    if (key === 'ArrowUp') { if (i > 0) focusEl(options[i - 1]); return true; }
    if (key === 'ArrowDown') { if (i < options.length - 1) focusEl(options[i + 1]); return true; }
    if (key === 'Home') { focusEl(options[0]); return true; }
    if (key === 'End') { focusEl(options[options.length - 1]); return true; }
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const p = place(cell);
      const to = at(p.rows, p.r, p.c + screenStep(e));
      if (to) focusEl(to);
      return true;
    }
    if (key === 'Escape') { focusEl(cell); return true; }
    if (key === 'Enter' || key === 'F2') { if (!readOnly) command('card_edit', id); return true; }
    if (key === 'Delete' || key === 'Backspace') { if (!readOnly) deleteCard(el); return true; }
    return false;
  }

  // Deletes the card (the whole selection when the card is in it); focus goes to the next card of
  // the cell, else the previous one, else the cell.
  function deleteCard(el) {
    const cell = cellOf(el);
    const sel = state.selection || [];
    const ids = sel.includes(el.dataset.id) ? sel : [el.dataset.id];
    const gone = new Set(ids);
    const items = [...cell.querySelectorAll('[role="option"][data-id], [role="slider"][data-id]')];
    const i = items.indexOf(el);
    const next = items.slice(i + 1).find((x) => !gone.has(x.dataset.id)) ||
                 items.slice(0, i).reverse().find((x) => !gone.has(x.dataset.id)) || cell;
    want(next.dataset.id);
    command('delete', ids.map((x) => x.split(':')[1]).join(','));
  }

  function sliderKey(e, el) {
    const key = e.key;
    if (e.altKey || e.ctrlKey || e.metaKey) return false;
    const cell = cellOf(el);
    if (key === 'Escape') { focusEl(cell); return true; }
    const readOnly = EMBED || grid().getAttribute('aria-readonly') === 'true';
    const points = [...cell.querySelectorAll('[role="slider"][data-id]')];
    if (key === 'Tab') return false;
    if ((key === 'ArrowUp' || key === 'ArrowDown') && e.shiftKey) {   // between the curves of a cell
      const i = points.indexOf(el) + (key === 'ArrowDown' ? 1 : -1);
      if (points[i]) focusEl(points[i]);
      return true;
    }
    if (readOnly) return /^(Arrow|Page|Home|End)/.test(key);
    if (key === 'Delete' || key === 'Backspace') { deleteCard(el); return true; }
    const now = +el.getAttribute('aria-valuenow') || 0;
    let v = null;
    if (key === 'ArrowUp' || key === 'ArrowRight') v = now + 0.5;
    else if (key === 'ArrowDown' || key === 'ArrowLeft') v = now - 0.5;
    else if (key === 'PageUp') v = now + 1;
    else if (key === 'PageDown') v = now - 1;
    else if (key === 'Home') v = -2;
    else if (key === 'End') v = 2;
    if (v === null) return false;
    v = Math.max(-2, Math.min(2, v));
    if (v === now) return true;
    const [, stage, lane] = cell.dataset.id.split(':');
    const persona = el.dataset.persona ? ' ' + el.dataset.persona : '';   // the mirror says whose curve
    el.setAttribute('aria-valuenow', String(v));   // until the patch brings the words for it
    command('emotion', stage + ' ' + lane + ' ' + v + persona);
    return true;
  }

  // ---- The card menu (Shift+F10 / ContextMenu on a card) -------------------------------------------
  // A small HTML menu next to the ring: Edit, Move to stage…, Move to lane…, Delete. The two
  // "Move to" items show the stages (lanes) of the map in its place; Escape goes back, then closes.
  function openMenu(card) {
    closeMenu(false);
    const el = document.createElement('div');
    el.id = 'jm-card-menu';
    el.className = 'jm-menu';
    el.setAttribute('role', 'menu');
    el.lang = document.documentElement.lang;
    document.body.appendChild(el);
    menu = {el, card: card.dataset.id, cell: cellOf(card).dataset.id, level: 'top'};
    fillMenu('top');
    el.addEventListener('keydown', menuKey);
    el.addEventListener('click', (e) => { const it = e.target.closest('[role="menuitem"]'); if (it) activate(it); });
    el.addEventListener('focusout', (e) => { if (menu && menu.el === el && !el.contains(e.relatedTarget)) setTimeout(() => { if (menu && menu.el === el && !el.contains(document.activeElement)) closeMenu(false); }, 0); });
    positionMenu();
  }
  function item(label, act, disabled) {
    const b = document.createElement('div');
    b.setAttribute('role', 'menuitem');
    b.tabIndex = -1;
    b.textContent = label;
    b.dataset.act = act;
    if (disabled) b.setAttribute('aria-disabled', 'true');
    return b;
  }
  function fillMenu(level) {
    const el = menu.el;
    menu.level = level;
    el.textContent = '';
    const [, stageNow, laneNow] = menu.cell.split(':');
    const name = (x) => { const b = x.querySelector('bdi'); return (b ? b.textContent : x.textContent).trim(); };
    if (level === 'top') {
      el.setAttribute('aria-label', t('page.a11y_card_menu'));
      el.append(item(t('page.a11y_menu_edit'), 'edit'), item(t('page.a11y_menu_move_stage'), 'stages'),
                item(t('page.a11y_menu_move_lane'), 'lanes'), item(t('page.a11y_menu_delete'), 'delete'));
    } else if (level === 'stages') {
      el.setAttribute('aria-label', t('page.a11y_menu_stages'));
      for (const h of host.querySelectorAll('[role="columnheader"][data-id]')) {
        const s = h.dataset.id.split(':')[1];
        el.append(item(s === stageNow ? t('page.a11y_menu_here', {name: name(h)}) : name(h), 'stage:' + s, s === stageNow));
      }
    } else {
      el.setAttribute('aria-label', t('page.a11y_menu_lanes'));
      for (const h of host.querySelectorAll('[role="rowheader"][data-id]')) {
        const l = h.dataset.id.split(':')[1];
        el.append(item(l === laneNow ? t('page.a11y_menu_here', {name: name(h)}) : name(h), 'lane:' + l, l === laneNow));
      }
    }
    const first = el.querySelector('[role="menuitem"]:not([aria-disabled="true"])') || el.querySelector('[role="menuitem"]');
    if (first) first.focus();
  }
  function positionMenu() {
    const el = menu.el;
    const r = intersect(state.rect, state.clip) || [16, 48, 0, 0];
    const w = el.offsetWidth, h = el.offsetHeight, vw = innerWidth, vh = innerHeight;
    let x = document.documentElement.dir === 'rtl' ? r[0] - w : r[0] + r[2] + 4;
    if (x + w > vw - 4) x = r[0] - w - 4;
    if (x < 4) x = Math.max(4, Math.min(vw - w - 4, r[0]));
    let y = r[1];
    if (y + h > vh - 4) y = Math.max(4, vh - h - 4);
    el.style.left = x + 'px';
    el.style.top = y + 'px';
  }
  function closeMenu(refocus) {
    if (!menu) return;
    const m = menu;
    menu = null;
    m.el.remove();
    if (refocus) focusEl(byId(m.card) || byId(m.cell) || byId(stop));
    drawRing();
  }
  function activate(it) {
    if (!menu || it.getAttribute('aria-disabled') === 'true') return;
    const act = it.dataset.act, card = menu.card, id = card.split(':')[1];
    const [, stage, lane] = menu.cell.split(':');
    if (act === 'stages' || act === 'lanes') { fillMenu(act); positionMenu(); return; }
    closeMenu(true);
    if (act === 'edit') command('card_edit', id);
    else if (act === 'delete') { const el = byId(card); if (el) deleteCard(el); }
    else if (act.startsWith('stage:')) { want(card); command('card_move', id + ' ' + act.slice(6) + ' ' + lane); }
    else if (act.startsWith('lane:')) { want(card); command('card_move', id + ' ' + stage + ' ' + act.slice(5)); }
  }
  function menuKey(e) {
    const items = [...menu.el.querySelectorAll('[role="menuitem"]')];
    const i = items.indexOf(document.activeElement);
    const go = (j) => items[(j + items.length) % items.length].focus();
    const key = e.key;
    if (key === 'ArrowDown') go(i + 1);
    else if (key === 'ArrowUp') go(i - 1);
    else if (key === 'Home') go(0);
    else if (key === 'End') go(items.length - 1);
    else if (key === 'Enter' || key === ' ') { if (items[i]) activate(items[i]); }
    else if (key === 'Escape') { if (menu.level !== 'top') { fillMenu('top'); positionMenu(); } else closeMenu(true); }
    else if (key === 'Tab') { closeMenu(true); }   // a menu is no trap: Tab leaves it, back on the card
    else if (key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {   // type-ahead: the first item with that letter
      const k = key.toLocaleLowerCase();
      const order = items.slice(i + 1).concat(items.slice(0, i + 1));
      const hit = order.find((x) => x.textContent.trim().toLocaleLowerCase().startsWith(k));
      if (hit) hit.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  // ---- Live regions ---------------------------------------------------------------------------------
  // The same words twice would not be spoken again by some readers (Narrator): a no-break space
  // makes the second one new (Flutter does the same).
  function announce(text, error) {
    const el = error ? alertEl : statusEl;
    let s = String(text || '');
    if (!s) return;
    if (el.dataset.said === s) { el.dataset.odd = el.dataset.odd === '1' ? '' : '1'; }
    else { el.dataset.said = s; el.dataset.odd = ''; }
    el.textContent = s + (el.dataset.odd === '1' ? '\u00a0' : '');
  }

  // ---- The text view ---------------------------------------------------------------------------------
  // The whole map as real text (core/text_view.h), in a dialog over the editor: readable at 400 %
  // zoom and 320 px wide (tables scroll inside their own box, never the page), with the reader's
  // own text spacing, printable alone.
  const madeInert = [];   // what the open text view took out of reach (and gives back)
  const others = () => [...document.body.children].filter((x) => x !== tv && x !== statusEl && x !== alertEl && x.tagName !== 'SCRIPT');
  function textView(html, title) {
    if (tv.hidden) tvReturn = document.activeElement;
    closeMenu(false);
    tvBody.innerHTML = html;
    tv.setAttribute('aria-label', t('page.a11y_text_view_of', {title: title || ''}));
    for (const table of tvBody.querySelectorAll('table')) {
      if (table.parentElement.classList.contains('jm-tv-scroll')) continue;
      const box = document.createElement('div');
      box.className = 'jm-tv-scroll';
      table.replaceWith(box);
      box.appendChild(table);
    }
    tv.hidden = false;
    document.documentElement.classList.add('jm-tv-open');
    if (!madeInert.length) for (const x of others()) if (!x.inert) { x.inert = true; madeInert.push(x); }
    scrollBoxes();
    const h = tvBody.querySelector('h1') || tvBody.firstElementChild;
    if (h) { h.tabIndex = -1; h.focus({preventScroll: true}); }
    tv.scrollTop = 0;
    drawRing();
  }
  // A table wider than the text view scrolls sideways in its box: the box is then a tab stop with
  // a name, so a keyboard user can scroll it too.
  function scrollBoxes() {
    for (const box of tvBody.querySelectorAll('.jm-tv-scroll')) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      if (wide) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        const cap = box.querySelector('caption');
        box.setAttribute('aria-label', cap ? cap.textContent.trim() : t('page.a11y_table'));
      } else {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
  }
  window.addEventListener('resize', () => { if (!tv.hidden) scrollBoxes(); if (menu) positionMenu(); drawRing(); });
  function closeTextView() {
    if (tv.hidden) return;
    tv.hidden = true;
    tvBody.textContent = '';
    document.documentElement.classList.remove('jm-tv-open');
    for (const x of madeInert.splice(0)) x.inert = false;
    const back = tvReturn;
    tvReturn = null;
    if (back && back.isConnected && back !== document.body) back.focus({preventScroll: true});
    else if (byId(stop)) focusEl(byId(stop));
    else canvas.focus({preventScroll: true});
    drawRing();
    JMApp.wake(3);
  }
  document.getElementById('jm-tv-close').addEventListener('click', closeTextView);
  document.getElementById('jm-tv-print').addEventListener('click', () => window.print());
  tv.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); closeTextView(); return; }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'p' || e.key === 'P')) { e.preventDefault(); window.print(); return; }
    if (e.key !== 'Tab') return;
    // Modal: Tab goes round the dialog's own controls.
    const f = [...tv.querySelectorAll('button, a[href], [tabindex="0"]')].filter((x) => !x.closest('[hidden]'));
    if (!f.length) return;
    const first = f[0], last = f[f.length - 1];
    if (e.shiftKey && (document.activeElement === first || !tv.contains(document.activeElement) || document.activeElement === tvBody.querySelector('[tabindex="-1"]'))) {
      e.preventDefault(); last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault(); first.focus();
    }
  });

  // ---- Text size kept in this browser ------------------------------------------------------------------
  function textScale() {
    let v = 1;
    try { v = parseFloat(localStorage.getItem(SCALE_KEY)); } catch (e) { /* storage refused */ }
    return Number.isFinite(v) ? Math.max(1, Math.min(2, v)) : 1;
  }
  function setTextScale(v) {
    v = Math.max(1, Math.min(2, +v || 1));
    try { localStorage.setItem(SCALE_KEY, String(v)); } catch (e) { /* kept for this page only */ }
  }

  // ---- Display preferences from the system -------------------------------------------------------------
  // Forced colours (Windows contrast themes): the canvas cannot be recoloured by the browser, so
  // the system colours are read here and given to the editor's forced theme. More contrast
  // (macOS, iOS, GNOME): the high-contrast theme. Reduced motion: no animations.
  const mq = (q) => window.matchMedia ? matchMedia(q) : {matches: false, addEventListener() {}};
  const forced = mq('(forced-colors: active)'), more = mq('(prefers-contrast: more)');
  const calm = mq('(prefers-reduced-motion: reduce)'), darkOs = mq('(prefers-color-scheme: dark)');
  function hex(rgb) {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb || '');
    return m ? '#' + [m[1], m[2], m[3]].map((x) => (+x).toString(16).padStart(2, '0')).join('') : '';
  }
  function systemColors() {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;forced-color-adjust:none';
    document.body.appendChild(probe);
    const out = {};
    const pairs = {canvas: 'Canvas', canvas_text: 'CanvasText', highlight: 'Highlight', highlight_text: 'HighlightText',
                   button_face: 'ButtonFace', button_text: 'ButtonText', gray_text: 'GrayText', link_text: 'LinkText'};
    for (const [k, css] of Object.entries(pairs)) {
      probe.style.color = css;
      out[k] = hex(getComputedStyle(probe).color);
    }
    probe.remove();
    return out;
  }
  let autoTheme = '';   // the theme these preferences set ('' while the user's own is on)
  function applyPrefs(changed) {
    if (!ready) return;
    let theme = '';
    if (forced.matches) theme = 'forced:' + JSON.stringify(systemColors());
    else if (more.matches) {
      let dark = darkOs.matches;
      try { dark = dark || window.jm.view().theme === 'dark'; } catch (e) { /* light */ }
      theme = dark ? 'contrast-dark' : 'contrast';
    }
    if (theme && (theme !== autoTheme || changed)) { command('theme', theme); autoTheme = theme; }
    else if (autoTheme) {   // the preference was turned off: back to the ordinary theme
      command('theme', darkOs.matches && autoTheme.endsWith('dark') ? 'dark' : 'light');
      autoTheme = '';
    }
    if (calm.matches || changed) command('motion', calm.matches ? 'reduce' : 'normal');
  }
  // A choice made in the editor (View menu) stands until the system's preference changes again:
  // only the start and each change apply them.
  for (const q of [forced, more, calm]) q.addEventListener('change', () => applyPrefs(true));

  // ---- Page strings ------------------------------------------------------------------------------------
  // Elements of the page's HTML carry data-jm-t (their text) or data-jm-t-label (their
  // aria-label) with a page.a11y_* key; the English in the HTML stands until the tables load.
  function localizePage() {
    if (!ready) return;
    for (const el of document.querySelectorAll('[data-jm-t]')) { const s = t(el.dataset.jmT); if (s !== el.dataset.jmT) el.textContent = s; }
    for (const el of document.querySelectorAll('[data-jm-t-label]')) { const s = t(el.dataset.jmTLabel); if (s !== el.dataset.jmTLabel) el.setAttribute('aria-label', s); }
    const open = document.getElementById('jm-tv-open');
    if (open) { const s = t('page.a11y_text_view_open'); if (s !== 'page.a11y_text_view_open') open.title = s; }
  }
  // The editor changes the language by JMApp.setUiLanguage, which sets <html lang>.
  new MutationObserver(localizePage).observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});

  // ---- Start -----------------------------------------------------------------------------------------------
  // The skip link takes focus to the grid's tab stop (a fragment link would only move the
  // starting point of the next Tab).
  for (const a of document.querySelectorAll('.jm-skip')) {
    a.addEventListener('click', (e) => {
      const el = byId(stop) || host.querySelector('[data-id]');
      if (!el) return;
      e.preventDefault();
      focusEl(el);
    });
  }
  const tvOpen = document.getElementById('jm-tv-open');
  if (tvOpen) tvOpen.addEventListener('click', () => command('text_view', ''));
  // The button sits over the end of the map's title line: the canvas keeps its controls (the
  // persona filter, Current | Future) and the title clear of it, on whichever side it is.
  function titleInset() {
    if (!ready || !tvOpen) return;
    const canvas = document.getElementById('canvas');
    if (!canvas) return;
    const b = tvOpen.getBoundingClientRect(), c = canvas.getBoundingClientRect();
    let left = 0, right = 0;
    if (!tvOpen.hidden && b.width > 0) {
      if (b.left + b.width / 2 < c.left + c.width / 2) left = b.right - c.left + 4;
      else right = c.right - b.left + 4;
    }
    try { JMApp.api('jm_set_title_inset', null, ['number', 'number'], [left, right]); } catch (e) { /* an editor without it */ }
  }
  if (tvOpen && window.ResizeObserver) new ResizeObserver(titleInset).observe(tvOpen);
  window.addEventListener('resize', titleInset);

  window.addEventListener('jm-ready', () => {
    ready = true;
    localizePage();
    if (tvOpen) tvOpen.hidden = false;
    titleInset();
    applyPrefs();
    // Until all of the editor's code is in (web/wasm-parts.js), the editor holds the mirror back
    // and sends the whole of it when it is: nothing to ask for yet.
    if (window.jmWasmParts && !window.jmWasmParts.ready) return;
    try {
      const full = JMApp.api('jm_a11y', 'string', ['string'], ['full']);
      if (full) mirror(full);
    } catch (e) { /* an editor without the accessibility bridge: nothing to mirror */ }
  });

  window.JMA11y = {
    mirror, state: setState, announce, textView, textScale, setTextScale, ring, focusBack,
    chrome(json) { if (window.JMA11yChrome) window.JMA11yChrome.update(json); },
    closeTextView,
  };
  // For tests: what the editor says now, parsed.
  const ask = (what) => JSON.parse(JMApp.api('jm_a11y', 'string', ['string'], [what]) || 'null');
  const attach = () => {
    window.jm.a11y = {
      full: () => ask('full'),
      state: () => ask('state'),
      chrome: () => JSON.parse(JMApp.api('jm_a11y_chrome', 'string', [], []) || 'null'),
    };
  };
  if (window.jm) attach(); else window.addEventListener('jm-ready', attach, {once: true});
})();
