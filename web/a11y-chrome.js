// a11y-chrome.js: HTML twins of the editor's chrome (issue #11). The menu bar, the menus, the
// inspector, the panels and the dialogs are Dear ImGui, drawn on the canvas, invisible to a
// screen reader and out of reach of Tab. The wasm (src/editor/a11y_chrome.cpp) describes every
// item ImGui submitted this frame, from ImGui's own item hooks, and sends the description when it
// changes:
//   {"windows":[{"id", "name" (logical text, UI language), "kind": "menubar"|"menu"|"popup"|
//     "dialog"|"panel", "rect", "items":[{"id", "label", "role": "menuitem"|"menuitemcheckbox"|
//     "button"|"checkbox"|"textbox"|"treeitem"|"text" (a window's words), "checked"?, "expanded"?, "haspopup"?,
//     "desc"? (its tooltip), "disabled"?, "rect": [x, y, w, h] CSS px}]}], "rtl"}
// This file renders it as real, visually hidden controls: the menu bar in #jm-a11y-menubar
// (role=menubar, one tab stop), open menus as role=menu, panels as labelled regions and dialogs
// as role=dialog in #jm-a11y-windows. Activating a twin clicks its ImGui item (jm_a11y_click);
// a focused twin shows the focus ring over its item (JMA11y.ring). The DOM is patched in place
// by item id, so focus survives every update; when the focused twin goes away, focus goes to its
// window's first item, or back where the menu or dialog was opened from, never to the body.
//
// Keys on twins: app.js's keyForGlfw gives GLFW no plain key whose target is a twin (only
// Ctrl/Cmd/Alt shortcuts, so Ctrl+Z still works from a twin) and nothing inside an
// aria-modal dialog; the keys handled here are stopped here as well.
'use strict';
(function () {
  const barHost = document.getElementById('jm-a11y-menubar');
  const winHost = document.getElementById('jm-a11y-windows');
  if (!barHost || !winHost) { window.JMA11yChrome = {update() {}}; return; }

  let desc = {windows: []};
  let barStop = 0;          // the menu bar item holding its one tab stop
  let wantMenu = false;     // a menu was asked to open from the keyboard: focus it when it appears
  let menuHome = null;      // the menu bar item (or other twin) a menu was opened from
  let dialogHome = null;    // what had focus when a dialog opened
  let pendingDialog = '';   // a dialog opened whose items have not come yet: focus them when they do
  const items = new Map();  // item id -> its description (the last update)

  const uiRtl = () => (document.documentElement.dir || '').toLowerCase() === 'rtl';
  const wake = () => { if (window.JMApp && JMApp.wake) JMApp.wake(4); };
  function click(id) {
    if (window.Module && Module._jm_a11y_click) Module._jm_a11y_click(id >>> 0);
    wake();
  }
  function escape() {
    if (window.jm && jm.command) jm.command('a11y_escape', '');
    wake();
  }
  const ring = (rect) => { if (window.JMA11y && JMA11y.ring) JMA11y.ring(rect || null); };
  const twinOf = (el) => (el && el.closest ? el.closest('[data-jm-twin]') : null);
  const isTwin = (el) => !!twinOf(el) && (barHost.contains(el) || winHost.contains(el));

  // ---- Building the twins ------------------------------------------------------------------------
  const barEl = document.createElement('div');
  barEl.setAttribute('role', 'menubar');
  barHost.appendChild(barEl);

  function tagFor(win, it) {
    if (it.role === 'text') return 'p';
    if (win.kind === 'menubar' || win.kind === 'menu') return 'div';
    if (it.role === 'textbox') return 'div';
    return 'button';
  }

  function setAttr(el, name, value) {
    if (value === null || value === undefined || value === false && name !== 'aria-checked' && name !== 'aria-expanded') {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== String(value)) {
      el.setAttribute(name, String(value));
    }
  }

  function makeItem(win, it) {
    const el = document.createElement(tagFor(win, it));
    el.dataset.jmTwin = String(it.id);
    el.id = 'jm-tw-' + it.id;
    if (el.tagName === 'BUTTON') el.type = 'button';
    if (it.role === 'text') { el.dataset.text = '1'; return el; }   // words of the window, read, not focused
    el.addEventListener('click', onClick);
    el.addEventListener('keydown', onKey);
    el.addEventListener('focus', () => {
      const d = items.get(+el.dataset.jmTwin);
      ring(d && d.rect);
      // An item scrolled out of its panel comes into view; the ring follows it (the next message).
      if (window.Module && Module._jm_a11y_reveal) Module._jm_a11y_reveal(+el.dataset.jmTwin >>> 0);
    });
    el.addEventListener('blur', (e) => { if (!isTwin(e.relatedTarget)) ring(null); });
    return el;
  }

  function updateItem(el, win, it) {
    if (it.role === 'text') {
      if (el.textContent !== it.label) el.textContent = it.label;
      el.dataset.jmWin = String(win.id);
      return;
    }
    const menuLike = win.kind === 'menubar' || win.kind === 'menu';
    let role = it.role;
    if (!menuLike && role === 'button') role = null;   // a <button> already is one
    setAttr(el, 'role', role);
    if (el.textContent !== it.label) el.textContent = it.label;
    setAttr(el, 'aria-checked', it.checked === undefined ? null : String(!!it.checked));
    setAttr(el, 'aria-expanded', it.expanded === undefined ? null : String(!!it.expanded));
    setAttr(el, 'aria-haspopup', it.haspopup ? 'menu' : null);
    setAttr(el, 'aria-disabled', it.disabled ? 'true' : null);
    setAttr(el, 'aria-description', it.desc || null);
    setAttr(el, 'aria-readonly', it.role === 'textbox' ? 'true' : null);
    if (win.kind === 'menubar') el.tabIndex = it.id === barStop ? 0 : -1;
    else if (win.kind === 'menu') el.tabIndex = -1;
    else el.tabIndex = 0;
    el.dataset.jmWin = String(win.id);
  }

  // Puts el right after prev (or first). Moving a node that holds focus would blur it, so then the
  // nodes in its way move to the end instead (they are placed again or removed after).
  function place(container, el, prev) {
    let next = prev ? prev.nextSibling : container.firstChild;
    if (next === el) return;
    if (el.parentNode === container && el.contains(document.activeElement)) {
      while (next && next !== el) { const n = next.nextSibling; container.appendChild(next); next = n; }
    } else {
      container.insertBefore(el, next);
    }
  }

  function fillItems(container, win) {
    const want = win.items;
    const have = new Map();
    for (const el of container.querySelectorAll(':scope > [data-jm-twin]')) have.set(+el.dataset.jmTwin, el);
    let prev = null;
    for (const it of want) {
      let el = have.get(it.id);
      if (el) have.delete(it.id); else el = makeItem(win, it);
      // A menu item and a panel button are different tags: a kind change rebuilds the element.
      if (el.tagName.toLowerCase() !== tagFor(win, it)) { const n = makeItem(win, it); el.replaceWith(n); el = n; }
      updateItem(el, win, it);
      place(container, el, prev);
      prev = el;
    }
    for (const el of have.values()) el.remove();
  }

  function windowEl(win) {
    const id = 'jm-tww-' + win.id;
    let el = document.getElementById(id);
    const tag = win.kind === 'panel' ? 'section' : 'div';
    if (el && el.tagName.toLowerCase() !== tag) { el.remove(); el = null; }
    if (!el) {
      el = document.createElement(tag);
      el.id = id;
      el.dataset.jmWindow = String(win.id);
      el.addEventListener('keydown', onWindowKey);
    }
    setAttr(el, 'role', win.kind === 'menu' ? 'menu' : win.kind === 'panel' ? 'region' : 'dialog');
    setAttr(el, 'aria-label', win.name);
    setAttr(el, 'aria-modal', win.kind === 'dialog' ? 'true' : null);
    // A dialog's words (its message) describe it.
    const words = win.kind === 'dialog' || win.kind === 'popup' ? win.items.filter((it) => it.role === 'text').map((it) => 'jm-tw-' + it.id) : [];
    setAttr(el, 'aria-describedby', words.length ? words.join(' ') : null);
    el.dataset.kind = win.kind;
    return el;
  }

  // ---- Focus ---------------------------------------------------------------------------------------
  function focusEl(el) {
    if (!el) return false;
    el.focus({preventScroll: true});
    return document.activeElement === el;
  }
  const CTL = '[data-jm-twin]:not([data-text])';   // the twins that take focus (not a window's words)
  const firstItem = (container) => container && container.querySelector(CTL + ':not([aria-disabled="true"])') || (container && container.querySelector(CTL));
  const barItem = () => barEl.querySelector('[tabindex="0"]') || barEl.querySelector(CTL);
  const alive = (el) => el && el.isConnected;

  // ---- The update from the wasm --------------------------------------------------------------------
  function update(json) {
    const d = typeof json === 'string' ? JSON.parse(json || '{"windows":[]}') : (json || {windows: []});
    const active = document.activeElement;
    const hadTwin = isTwin(active);
    const hadWin = hadTwin ? active.dataset.jmWin : '';
    const hadKind = hadTwin ? (active.closest('[data-kind]') || {dataset: {}}).dataset.kind || (barEl.contains(active) ? 'menubar' : '') : '';
    const oldMenus = new Set([...winHost.querySelectorAll('[data-kind="menu"]')].map((e) => e.dataset.jmWindow));
    const oldDialogs = new Set([...winHost.querySelectorAll('[data-kind="dialog"],[data-kind="popup"]')].map((e) => e.dataset.jmWindow));
    desc = d;
    items.clear();
    const dir = uiRtl() ? 'rtl' : 'ltr';
    barHost.dir = dir;
    winHost.dir = dir;

    const bar = d.windows.find((w) => w.kind === 'menubar');
    if (bar) {
      if (!bar.items.some((it) => it.id === barStop)) barStop = bar.items.length ? bar.items[0].id : 0;
      setAttr(barHost, 'aria-label', bar.name);
      setAttr(barEl, 'aria-label', bar.name);
      for (const it of bar.items) items.set(it.id, it);
      fillItems(barEl, bar);
    } else {
      fillItems(barEl, {id: 0, kind: 'menubar', items: []});
    }

    // The other windows in the order given (panels, then popups and dialogs on top).
    const keep = new Set();
    let prev = null;
    let newMenu = null, newDialog = null;
    for (const w of d.windows) {
      if (w.kind === 'menubar') continue;
      const el = windowEl(w);
      for (const it of w.items) items.set(it.id, it);
      fillItems(el, w);
      place(winHost, el, prev);
      prev = el;
      keep.add(el);
      if (w.kind === 'menu' && !oldMenus.has(String(w.id))) newMenu = el;
      if ((w.kind === 'dialog' || w.kind === 'popup') && !oldDialogs.has(String(w.id))) newDialog = el;
      // A menu bar title controls the menu it opened.
      if (w.kind === 'menu' && bar) {
        const opener = bar.items.find((it) => it.expanded);
        if (opener) { const o = document.getElementById('jm-tw-' + opener.id); if (o) setAttr(o, 'aria-controls', el.id); }
      }
    }
    for (const el of [...winHost.children]) if (!keep.has(el)) el.remove();
    for (const o of barEl.querySelectorAll('[aria-controls]')) {
      const it = items.get(+o.dataset.jmTwin);
      if (!it || !it.expanded) o.removeAttribute('aria-controls');
    }

    // Where focus goes now.
    const nowActive = document.activeElement;
    const chromeFocus = hadTwin || isTwin(nowActive);
    const typing = nowActive && (nowActive.tagName === 'INPUT' || nowActive.tagName === 'TEXTAREA' || nowActive.isContentEditable);
    const modal = newDialog && newDialog.dataset.kind === 'dialog';
    if (newDialog && !typing && (modal || chromeFocus || nowActive === document.body || !nowActive)) {
      // A dialog opened: from a twin, a shortcut typed on the map or its mirror (Ctrl+M), or the
      // mouse. A modal one blocks the map, so focus goes into it whatever had it (a popup only
      // when focus was in the chrome). Its items may come a frame later (ImGui sizes a new
      // window first): focus them then. Closing it gives focus back here.
      if (!dialogHome || !alive(dialogHome)) dialogHome = hadTwin ? (menuHome && alive(menuHome) ? menuHome : active) : active;
      pendingDialog = newDialog.id;
    }
    const pend = pendingDialog && document.getElementById(pendingDialog);
    if (pend && firstItem(pend)) {
      pendingDialog = '';
      // A dialog that opened the browser text field for typing (a version's name) keeps it: taking
      // focus would blur the field, which commits and closes it.
      if (!typing) focusEl(firstItem(pend));
    } else if (!pend) {
      pendingDialog = '';
    }
    if (pend) {
      // waiting for (or just gave focus to) the dialog
    } else if (newMenu && (wantMenu || chromeFocus)) {
      wantMenu = false;
      focusEl(firstItem(newMenu));
    } else if (hadTwin && !alive(active)) {
      // The focused twin went away: its window's first item, else where the menu or dialog came from.
      const win = document.getElementById('jm-tww-' + hadWin);
      if (!(alive(win) && focusEl(firstItem(win)))) {
        let home = null;
        if (hadKind === 'dialog' || hadKind === 'popup') home = dialogHome;
        if (!alive(home)) home = menuHome;
        if (!alive(home)) home = document.querySelector('#jm-a11y-host [tabindex="0"]');   // the map's tab stop
        if (!alive(home)) home = barItem();
        if (!focusEl(home)) focusEl(barItem());
        if (hadKind === 'dialog' || hadKind === 'popup') dialogHome = null;
      }
    }
    if (!winHost.querySelector('[data-kind="dialog"],[data-kind="popup"]') && !pendingDialog) dialogHome = null;
    // The ring follows its item (a window that moved, a panel that scrolled).
    const f = document.activeElement;
    if (isTwin(f)) { const it = items.get(+f.dataset.jmTwin); ring(it && it.rect); }
  }

  // ---- Activation and keys -------------------------------------------------------------------------
  function activate(el) {
    const it = items.get(+el.dataset.jmTwin);
    if (!it || it.disabled || it.role === 'textbox') return;
    const kind = (el.closest('[data-kind]') || {dataset: {}}).dataset.kind || (barEl.contains(el) ? 'menubar' : '');
    if (kind === 'menubar') {
      menuHome = el;
      barStop = it.id;
      for (const b of barEl.querySelectorAll(CTL)) b.tabIndex = b === el ? 0 : -1;
      if (it.expanded) { escape(); return; }   // a second press closes its menu, as ImGui's
      wantMenu = true;
    } else if (it.haspopup) {
      wantMenu = true;
    } else if (kind !== 'menu') {
      menuHome = null;
    }
    click(it.id);
  }

  function onClick(e) {
    e.preventDefault();
    activate(e.currentTarget);
  }

  function moveIn(list, el, delta) {
    if (!list.length) return null;
    let i = list.indexOf(el);
    if (delta === Infinity) i = list.length - 1;
    else if (delta === -Infinity) i = 0;
    else i = (i + delta + list.length) % list.length;
    return list[i];
  }

  function onKey(e) {
    const el = e.currentTarget;
    const kind = (el.closest('[data-kind]') || {dataset: {}}).dataset.kind || (barEl.contains(el) ? 'menubar' : '');
    const it = items.get(+el.dataset.jmTwin) || {};
    const fwd = uiRtl() ? 'ArrowLeft' : 'ArrowRight', back = uiRtl() ? 'ArrowRight' : 'ArrowLeft';
    let handled = true;
    if (kind === 'menubar') {
      const list = [...barEl.querySelectorAll(CTL)];
      const go = (t) => { if (!t) return; barStop = +t.dataset.jmTwin; for (const b of list) b.tabIndex = b === t ? 0 : -1; focusEl(t); };
      if (e.key === fwd) go(moveIn(list, el, 1));
      else if (e.key === back) go(moveIn(list, el, -1));
      else if (e.key === 'Home') go(list[0]);
      else if (e.key === 'End') go(list[list.length - 1]);
      else if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
        if (it.expanded && e.key === 'ArrowDown') {   // already open: just go in
          const m = winHost.querySelector('[data-kind="menu"]');
          if (!focusEl(firstItem(m))) activate(el);
        } else activate(el);
      } else handled = false;
    } else if (kind === 'menu') {
      const menuEl = el.closest('[data-kind="menu"]');
      const list = [...menuEl.querySelectorAll(CTL)];
      if (e.key === 'ArrowDown') focusEl(moveIn(list, el, 1));
      else if (e.key === 'ArrowUp') focusEl(moveIn(list, el, -1));
      else if (e.key === 'Home') focusEl(list[0]);
      else if (e.key === 'End') focusEl(list[list.length - 1]);
      else if (e.key === 'Enter' || e.key === ' ') activate(el);
      else if (e.key === fwd && it.haspopup) activate(el);   // into a submenu
      else if (e.key === 'Escape' || e.key === back && isSubmenu(menuEl)) {
        const home = menuHome;
        escape();
        if (!isSubmenu(menuEl) && alive(home)) focusEl(home);
      } else if ((e.key === fwd || e.key === back) && alive(menuHome) && barEl.contains(menuHome)) {
        // The neighbouring menu of the bar, opened (ImGui switches menus on a click of another title).
        const bl = [...barEl.querySelectorAll(CTL)];
        const t = moveIn(bl, menuHome, e.key === fwd ? 1 : -1);
        if (t && t !== menuHome) { focusEl(t); activate(t); }
      } else if (e.key === 'Tab') {
        // Tab leaves the menu: close it, the browser moves focus on from the bar item.
        const home = menuHome;
        escape();
        if (alive(home)) home.focus({preventScroll: true});
        handled = false;
      } else handled = false;
    } else {
      // Buttons and check boxes: the browser's own Enter/Space click (onClick). Escape in a dialog
      // or popup closes it the way ImGui's does.
      if (e.key === 'Escape' && (kind === 'dialog' || kind === 'popup')) escape();
      else handled = false;
    }
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  }

  // A submenu: opened from an item of another menu (not from the bar).
  function isSubmenu(menuEl) {
    const bar = desc.windows.find((w) => w.kind === 'menubar');
    const menus = desc.windows.filter((w) => w.kind === 'menu');
    if (!menuEl || menus.length < 2) return false;
    const opened = bar && bar.items.some((x) => x.expanded);
    return opened ? menus.indexOf(menus.find((w) => String(w.id) === menuEl.dataset.jmWindow)) > 0 : false;
  }

  // Tab stays inside a modal dialog (aria-modal tells a screen reader; the keyboard needs this).
  function onWindowKey(e) {
    const w = e.currentTarget;
    if (e.key !== 'Tab' || w.dataset.kind !== 'dialog') return;
    const list = [...w.querySelectorAll(CTL)].filter((x) => x.tabIndex >= 0);
    if (!list.length) return;
    const first = list[0], last = list[list.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }

  window.JMA11yChrome = {
    update,
    description: () => desc,
  };
})();
