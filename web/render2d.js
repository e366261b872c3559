// render2d.js: paints the editor on a 2D canvas when the browser has no WebGL (see
// src/editor/render.h). Loaded by app.js only then. The wasm (render_canvas.cpp) sends each
// frame as a list of operations in its memory: clip rectangles, solid rectangles, runs of glyphs
// of one colour, pictures and triangle paths; this file draws them in order.
//
// Everything is drawn into a back buffer kept in main memory (willReadFrequently: the CPU draws
// it) and copied onto the page's canvas once a frame. Measured in Chromium without WebGL: each
// operation on the page's own canvas costs about ten times one on such a buffer, and drawing the
// same scratch canvas onto another again and again, changing it in between, cost a copy of it
// every time (seconds a frame).
// Glyphs: the font atlas is kept as a canvas (white, its alpha the glyph's coverage). A run of
// glyphs of one colour is drawn into a small new canvas the size of the run, tinted there
// ('source-in' fill with the colour), and drawn onto the back buffer: one composite a run.
'use strict';
(function () {
  let screen = null, canvas = null;  // the page's canvas and its context
  let back = null, ctx = null;       // the back buffer everything is drawn on
  let atlas = null;                  // the font atlas as a canvas
  const images = new Map();          // texture id -> canvas
  const colors = new Map();          // packed ImGui colour (ABGR) -> CSS colour
  let lastMs = 0, frames = 0, totalMs = 0;

  function css(c) {
    let s = colors.get(c);
    if (s === undefined) {
      s = 'rgba(' + (c & 255) + ',' + ((c >>> 8) & 255) + ',' + ((c >>> 16) & 255) + ',' + (((c >>> 24) & 255) / 255).toFixed(3) + ')';
      if (colors.size > 4096) colors.clear();
      colors.set(c, s);
    }
    return s;
  }

  // A canvas off the page, drawn by the CPU.
  function memoryCanvas(w, h) {
    const c = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(w, h) : document.createElement('canvas');
    c.width = w;
    c.height = h;
    return c;
  }
  // Pixels from the wasm heap (RGBA, not premultiplied) into a new canvas.
  function pixelsToCanvas(ptr, w, h) {
    const c = memoryCanvas(w, h);
    const data = new ImageData(new Uint8ClampedArray(HEAPU8.buffer, ptr, w * h * 4).slice(), w, h);
    c.getContext('2d', {willReadFrequently: true}).putImageData(data, 0, 0);
    return c;
  }

  function init(target) {
    canvas = target;
    try { screen = canvas.getContext('2d', {alpha: false}); } catch (e) { screen = null; }
    if (!screen) return false;
    back = memoryCanvas(1, 1);
    ctx = back.getContext('2d', {alpha: false, willReadFrequently: true});
    return !!ctx;
  }

  function draw(ptr, words, w, h, clear) {
    const t0 = performance.now();
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    if (back.width !== w || back.height !== h) { back.width = w; back.height = h; }
    const f = new Float32Array(HEAPF32.buffer, ptr, words), u = new Uint32Array(HEAPU32.buffer, ptr, words);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = css(clear);
    ctx.fillRect(0, 0, w, h);
    ctx.save();
    let cx = 0, cy = 0, cw = w, ch = h;   // the current clip
    let i = 0;
    while (i < words) {
      const op = u[i];
      if (op === 1) {
        ctx.restore();
        ctx.save();
        cx = f[i + 1]; cy = f[i + 2]; cw = f[i + 3]; ch = f[i + 4];
        ctx.beginPath();
        ctx.rect(cx, cy, cw, ch);
        ctx.clip();
        i += 5;
      } else if (op === 2) {
        ctx.fillStyle = css(u[i + 1]);
        ctx.fillRect(f[i + 2], f[i + 3], f[i + 4] - f[i + 2], f[i + 5] - f[i + 3]);
        i += 6;
      } else if (op === 3) {
        const n = u[i + 2];
        glyphs(u[i + 1], f, i + 3, n, cx, cy, cw, ch);
        i += 3 + n * 8;
      } else if (op === 4) {
        const img = images.get(u[i + 1]);
        if (img) {
          ctx.globalAlpha = ((u[i + 2] >>> 24) & 255) / 255;
          const u0 = f[i + 3] * img.width, v0 = f[i + 4] * img.height;
          ctx.drawImage(img, u0, v0, f[i + 5] * img.width - u0, f[i + 6] * img.height - v0,
                        f[i + 7], f[i + 8], f[i + 9] - f[i + 7], f[i + 10] - f[i + 8]);
          ctx.globalAlpha = 1;
        }
        i += 11;
      } else if (op === 5) {
        const n = u[i + 2];
        ctx.fillStyle = css(u[i + 1]);
        ctx.beginPath();
        trianglesPath(f, i + 3, n);
        ctx.fill();
        i += 3 + n * 6;
      } else if (op === 6) {
        const n = u[i + 11];
        const img = images.get(u[i + 1]);
        if (img) {
          ctx.save();
          ctx.beginPath();
          trianglesPath(f, i + 12, n);
          ctx.clip();
          ctx.globalAlpha = ((u[i + 2] >>> 24) & 255) / 255;
          // The picture placed so that uv (u0,v0)-(u1,v1) lands on (x0,y0)-(x1,y1).
          const du = f[i + 5] - f[i + 3] || 1, dv = f[i + 6] - f[i + 4] || 1;
          const sx = (f[i + 9] - f[i + 7]) / du, sy = (f[i + 10] - f[i + 8]) / dv;
          ctx.drawImage(img, f[i + 7] - f[i + 3] * sx, f[i + 8] - f[i + 4] * sy, sx, sy);
          ctx.restore();
        }
        i += 12 + n * 6;
      } else {
        break;   // unknown: stop rather than misread the rest
      }
    }
    ctx.restore();
    screen.drawImage(back, 0, 0);
    lastMs = performance.now() - t0;
    frames++;
    totalMs += lastMs;
  }

  function trianglesPath(f, at, n) {
    for (let k = 0; k < n; k++, at += 6) {
      ctx.moveTo(f[at], f[at + 1]);
      ctx.lineTo(f[at + 2], f[at + 3]);
      ctx.lineTo(f[at + 4], f[at + 5]);
      ctx.closePath();
    }
  }

  // A run of glyphs of one colour: into a canvas of its own, tinted, then onto the back buffer.
  function glyphs(col, f, at, n, cx, cy, cw, ch) {
    if (!atlas) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0, j = at; k < n; k++, j += 8) {
      const dx = f[j + 4], dy = f[j + 5];
      if (dx < x0) x0 = dx;
      if (dy < y0) y0 = dy;
      if (dx + f[j + 6] > x1) x1 = dx + f[j + 6];
      if (dy + f[j + 7] > y1) y1 = dy + f[j + 7];
    }
    // Only the part inside the clip, in whole pixels.
    x0 = Math.max(Math.floor(x0), cx); y0 = Math.max(Math.floor(y0), cy);
    x1 = Math.min(Math.ceil(x1), cx + cw); y1 = Math.min(Math.ceil(y1), cy + ch);
    if (x1 <= x0 || y1 <= y0) return;
    const bw = x1 - x0, bh = y1 - y0;
    const run = memoryCanvas(bw, bh), rctx = run.getContext('2d', {willReadFrequently: true});
    for (let k = 0, j = at; k < n; k++, j += 8) {
      if (f[j + 2] <= 0 || f[j + 3] <= 0) continue;
      rctx.drawImage(atlas, f[j], f[j + 1], f[j + 2], f[j + 3], f[j + 4] - x0, f[j + 5] - y0, f[j + 6], f[j + 7]);
    }
    rctx.globalCompositeOperation = 'source-in';
    rctx.fillStyle = css(col);
    rctx.fillRect(0, 0, bw, bh);
    ctx.drawImage(run, x0, y0);
  }

  window.JMRender2D = {
    init,
    draw,
    font(ptr, w, h) { atlas = pixelsToCanvas(ptr, w, h); },
    image(id, ptr, w, h) { images.set(id, pixelsToCanvas(ptr, w, h)); },
    freeImage(id) { images.delete(id); },
    // For tests and the benchmark: the last frame's painting time and the mean, in ms.
    stats() { return {lastMs, frames, meanMs: frames ? totalMs / frames : 0}; },
  };
})();
