// export.js: exports the browser renders from the SVG the editor makes (src/core/export.cpp):
// a PNG of the whole map at a chosen scale, set in the map's own fonts, and printable pages
// (print, or save as PDF): a persona card, or a poster or tiled print (core/print.h).
'use strict';
(function () {
  const JMApp = window.JMApp;
  function notify(msg) { try { Module.ccall('jm_notify', null, ['string'], [msg]); } catch (e) { console.warn(msg); } }

  // The map's fonts inside the SVG, as @font-face rules with the faces' bytes: an SVG drawn as an
  // image cannot use the page's fonts, and without them a PNG would be set in whatever the
  // system has (boxes or another Arabic face). The faces come from the wasm file system, where
  // the data package and web/assets.js put them; Arabic and Hebrew only when the map has such text.
  // Latin: the data package's face (ASCII, Latin-1, punctuation), or the whole one (fetched) when
  // the map has letters beyond those.
  const LATIN_EXT = /[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]/;
  const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;
  const HEBREW = /[\u0590-\u05ff\ufb1d-\ufb4f]/;
  // The faces an SVG needs: family, the asset that fetches its files (web/assets.js), and the
  // files, the first one found used (the whole Latin face if it came, else the common one).
  function facesFor(svg) {
    const ext = LATIN_EXT.test(svg);
    const out = [{family: 'Noto Sans', asset: ext ? 'fonts-latin' : null, files: ext ? ['NotoSansLatin', 'NotoSans'] : ['NotoSans']}];
    if (ARABIC.test(svg)) out.push({family: 'Noto Sans Arabic', asset: 'fonts-arabic', files: ['NotoSansArabic']});
    if (HEBREW.test(svg)) out.push({family: 'Noto Sans Hebrew', asset: 'fonts-hebrew', files: ['NotoSansHebrew']});
    return out;
  }
  function base64(bytes) {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }
  async function withFonts(svg) {
    let rules = '';
    withFonts.faces = [];
    for (const {family, asset, files} of facesFor(svg)) {
      if (asset && window.JMAssets) { try { await window.JMAssets.load(asset); } catch (e) { /* drawn in a fallback face */ } }
      for (const [weight, css] of [['Regular', 400], ['Bold', 700]]) {
        const name = files.find((f) => FS.analyzePath('/fonts/' + f + '-' + weight + '.ttf').exists);
        if (!name) continue;
        const bytes = FS.readFile('/fonts/' + name + '-' + weight + '.ttf');
        rules += `@font-face{font-family:"${family}";font-weight:${css};src:url(data:font/ttf;base64,${base64(bytes)}) format("truetype");}`;
        withFonts.faces.push(name + '-' + weight);
      }
    }
    if (!rules) return svg;
    const open = /<svg\b[^>]*>/.exec(svg);
    return open ? svg.slice(0, open.index + open[0].length) + '<style>' + rules + '</style>' + svg.slice(open.index + open[0].length) : svg;
  }

  // SVG -> <img> -> canvas at `scale` -> PNG download. The whole map, not just what is on screen.
  JMApp.exportPng = async function (svg, scale, filename) {
    svg = await withFonts(svg);
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
        window.jmLastPng = {width: c.width, height: c.height, bytes: blob.size, faces: withFonts.faces};
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
