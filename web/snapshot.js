// snapshot.js: the map on screen before the engine is (issue #12). The editor's first frame needs
// the wasm downloaded, compiled and started and a WebGL context: about a second. A page opened
// again shows, at once, a picture of the last frame it drew for the same map, window and
// preferences, and the first real frame replaces it (the two are the same pixels, so the swap is
// not seen). The picture is not the editor: it takes no input, and the loader stays, made small.
//
// Kept in localStorage (read synchronously, before anything else paints), one picture, of the map
// last saved. An entry is
//   {v, ctx, id, rev, w, h, img, at}
// ctx: what else decides how the frame looks (what the interface language is chosen from: the
// choice saved in this browser and the browser's languages; light or dark, contrast, forced
// colours, window size in CSS px, pixel ratio); a difference means no picture. The language's
// inputs, not app.js's answer: this script runs first in the body, before app.js, so that the
// page's first paint is the picture. id, rev:
// the library record pictured (app.js drops the picture when the map it reads is another one or
// a newer revision). The embedded viewer keeps nothing in the browser (README), so it has none.
// Taken inside a drawn frame (main.cpp calls JMSnapshot.drawn() after each): a WebGL canvas
// keeps its pixels only until the frame is shown. Never a frame with a menu or a dialog open, or
// with the text field over a card, and never a frame drawn for it: the last one before the
// editor sleeps is pictured. Storage refused or full: no picture, nothing else changes.
'use strict';
(function () {
  const KEY = 'journeymap.snapshot.editor';
  const MAX_CHARS = 1500000;   // a picture larger than this (a huge, busy screen) is not kept
  const VERSION = 2;
  const LANG_KEY = 'journeymap.language';   // app.js keeps the interface language the user chose here
  const QUIET_MS = 1500;       // a picture is encoded after this long without a change
  const media = (q) => window.matchMedia && matchMedia(q).matches;
  function chosen() {
    try { return localStorage.getItem(LANG_KEY) || ''; } catch (e) { return ''; }
  }
  function context() {
    return [chosen(), (navigator.languages || [navigator.language || '']).join(','),
      media('(prefers-color-scheme: dark)') ? 'dark' : 'light',
      media('(prefers-contrast: more)') ? 'more' : '', media('(forced-colors: active)') ? 'forced' : '',
      innerWidth, innerHeight, window.devicePixelRatio || 1].join('|');
  }
  function read() {
    try { const e = JSON.parse(localStorage.getItem(KEY) || 'null'); return e && e.v === VERSION ? e : null; }
    catch (e) { return null; }
  }

  let img = null;       // the picture on screen, until the first frame or until it is found stale
  let shown = null;     // its entry
  function show() {
    // A link names the map to open (#map=, #open=): not the one pictured.
    if (/^#(map|open)=/.test(location.hash)) return;
    const e = read();
    if (!e || e.ctx !== context() || typeof e.img !== 'string' || !e.img.startsWith('data:image/')) return;
    img = document.createElement('img');
    img.id = 'jm-snapshot';
    img.alt = '';
    img.setAttribute('aria-hidden', 'true');
    img.setAttribute('elementtiming', 'jm-snapshot');   // the benchmark reads when it was painted
    img.decoding = 'sync';
    img.width = e.w;
    img.height = e.h;
    img.src = e.img;
    document.body.appendChild(img);
    document.documentElement.classList.add('jm-snapshot');
    shown = e;
  }
  function drop() {
    if (!img) return;
    img.remove();
    img = null;
    document.documentElement.classList.remove('jm-snapshot');
  }

  // Taking one. A picture is of the last frame before the editor goes idle after a change (so
  // never an extra frame for it), and is kept once it is known which saved revision it shows.
  //   changed(): the map or its view changed (app.js, mapChanged): what was pictured is stale;
  //   drawn(last): a frame was drawn; last: the main loop sleeps after it (main.cpp);
  //   saved(meta, seen): the state on screen is saved as meta ({id, rev} of the library record),
  //     if no change came since the save read it (seen: `changes` then): a picture may be kept.
  let pending = false;  // a change not pictured yet
  let meta = null;      // what the screen shows, once known
  let picture = null;   // the last picture taken, encoded, with nothing changed since
  let taking = 0;       // pictures being encoded (each invalidated by a change meanwhile)
  let changes = 0;      // changed() calls so far
  let webp = null;      // can this browser encode WebP (else JPEG)
  function busy() {
    // Something on screen the next start will not have: an open menu, popup or dialog (ImGui's,
    // as web/a11y-chrome.js mirrors them, or the page's own), or the text field.
    return !!document.querySelector('#jm-a11y-windows [role="menu"], #jm-a11y-windows [role="dialog"], ' +
      '#jm-a11y-windows [role="alertdialog"], [role="alertdialog"], #jm-field, #jm-text-view:not([hidden])');
  }
  function take() {
    const canvas = document.getElementById('canvas');
    if (webp === null) {
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      webp = c.toDataURL('image/webp').startsWith('data:image/webp');
    }
    const shot = {ctx: context(), w: innerWidth, h: innerHeight}, n = ++taking;
    // createImageBitmap copies the frame now, on the GPU (under a millisecond here, where toBlob's
    // read-back took 17 ms in the frame). Reading the copy back and encoding it (100-200 ms of a
    // background thread for 1280x720 here) wait until the editor has been left alone for QUIET_MS,
    // so they never compete with editing: a change meanwhile drops the copy.
    createImageBitmap(canvas).then((bmp) => {
      const later = window.requestIdleCallback || ((f) => setTimeout(f, 50));
      setTimeout(() => {
        if (n !== taking) { bmp.close(); return; }
        later(() => { try { encode(bmp, n, shot); } catch (e) { /* no 2D context here: no picture */ } }, {timeout: 2000});
      }, QUIET_MS);
    }, () => { /* a canvas that cannot be copied: no picture */ });
  }
  function encode(bmp, n, shot) {
    if (n !== taking) { bmp.close(); return; }   // changed meanwhile: the next idle frame is pictured
    const type = webp ? 'image/webp' : 'image/jpeg';
    let blob;
    if (typeof OffscreenCanvas === 'function') {
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      c.getContext('2d').drawImage(bmp, 0, 0);
      blob = c.convertToBlob({type, quality: 0.9});
    } else {
      const c = document.createElement('canvas');
      c.width = bmp.width;
      c.height = bmp.height;
      c.getContext('2d').drawImage(bmp, 0, 0);
      blob = new Promise((res) => c.toBlob(res, type, 0.9));
    }
    bmp.close();
    blob.then((b) => {
      if (!b || n !== taking) return;
      const r = new FileReader();
      r.onload = () => {
        if (n !== taking) return;
        picture = {...shot, img: r.result};
        keep();
      };
      r.readAsDataURL(b);
    }, () => { /* not encoded: no picture */ });
  }
  function keep() {
    if (!picture || !meta) return;
    const e = {v: VERSION, ...meta, ...picture, at: Date.now()};
    picture = null;
    if (e.img.length > MAX_CHARS) { forget(); return; }
    try { localStorage.setItem(KEY, JSON.stringify(e)); } catch (err) { forget(); }   // full, or refused: a stale picture must not stay either
  }
  function forget() { try { localStorage.removeItem(KEY); } catch (e) { /* refused */ } }

  window.JMSnapshot = {
    // The entry on screen, or null.
    get shown() { return img ? shown : null; },
    // The first real frame is on screen (app.js, pageReady), or nothing will be drawn.
    done: drop,
    // What the page found decides: a picture of another map, or an older one, goes at once.
    check(ok) { if (!ok) drop(); },
    get changes() { return changes; },
    changed() { changes++; pending = true; meta = null; picture = null; taking++; },
    saved(m, seen) {
      if (seen !== changes) return;   // a save of an older screen: the next one names this one
      meta = m;
      keep();
    },
    drawn(last) {
      if (!pending || !last || busy()) return;   // a busy screen waits for a later idle frame
      pending = false;
      try { take(); } catch (e) { /* a canvas that cannot be read: no picture */ }
    },
  };
  try { show(); } catch (e) { drop(); }
})();
