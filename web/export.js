// export.js: exports the browser renders from the SVG the editor makes (src/core/export.cpp):
// a PNG of the whole map at a chosen scale, and a printable page (print, or save as PDF).
'use strict';
(function () {
  const JMApp = window.JMApp;
  function notify(msg) { try { Module.ccall('jm_notify', null, ['string'], [msg]); } catch (e) { console.warn(msg); } }

  // SVG -> <img> -> canvas at `scale` -> PNG download. The whole map, not just what is on screen.
  JMApp.exportPng = function (svg, scale, filename) {
    const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    const w = m ? +m[1] : 1600, h = m ? +m[2] : 900;
    // Browsers cap canvas sizes (about 16k px a side, 268 M pixels in Chromium): scale down to fit.
    const s = Math.max(0.25, Math.min(scale, 16000 / w, 16000 / h, Math.sqrt(200e6 / (w * h))));
    const url = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'}));
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = Math.round(w * s);
      c.height = Math.round(h * s);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      c.toBlob((blob) => {
        if (!blob) { notify('The image is too large for this browser: try a smaller scale or SVG.'); return; }
        blob.arrayBuffer().then((buf) => JMApp.download(filename, 'image/png', new Uint8Array(buf)));
        window.jmLastPng = {width: c.width, height: c.height, bytes: blob.size};
      }, 'image/png');
    };
    img.onerror = () => { URL.revokeObjectURL(url); notify('The map could not be drawn as an image.'); };
    img.src = url;
  };

  // A print document (core/print.h): sheets of their own size, the map once in an SVG <defs>. Its
  // text is set in the fonts the canvas draws with (the page's JM Sans faces, from the data
  // package), so Arabic and Hebrew print as on screen.
  JMApp.printDocument = function (html, title) {
    let view = document.getElementById('jm-print');
    if (!view) { view = document.createElement('div'); view.id = 'jm-print'; document.body.appendChild(view); }
    view.innerHTML = html;
    const map = view.querySelector('#jm-print-map');
    if (!map) { notify('The map could not be prepared for printing.'); return; }
    map.setAttribute('font-family', 'JM Sans, JM Sans Arabic, JM Sans Hebrew, ' + (map.getAttribute('font-family') || 'sans-serif'));
    window.jmLastPrint = {sheets: view.querySelectorAll('.jm-print-page').length};
    const before = document.title;
    if (title) document.title = title;
    // Print once the faces are ready (an Arabic face may still be on its way).
    document.fonts.ready.then(() => setTimeout(() => { window.print(); document.title = before; }, 0));
  };

  // The SVG in a print-only element (app.css hides everything else when printing).
  JMApp.printSvg = function (svg, title) {
    let view = document.getElementById('jm-print');
    if (!view) { view = document.createElement('div'); view.id = 'jm-print'; document.body.appendChild(view); }
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    if (root.nodeName !== 'svg') { notify('The map could not be prepared for printing.'); return; }
    root.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    root.removeAttribute('width');
    root.removeAttribute('height');
    view.replaceChildren(document.importNode(root, true));
    const before = document.title;
    if (title) document.title = title;
    setTimeout(() => { window.print(); document.title = before; }, 0);
  };
})();
