// Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium's screenshots are), so the
// tests can look at pixels with nothing but Node's zlib.
import zlib from 'node:zlib';

export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8, width = 0, height = 0, bitDepth = 0, colorType = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4); bitDepth = data[8]; colorType = data[9];
      if (data[12] !== 0) throw new Error('interlaced PNG not supported');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error(`PNG format ${bitDepth}/${colorType} not supported`);
  const bpp = colorType === 6 ? 4 : 3, stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    raw.copy(cur, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = cur[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out[(y * width + x) * 4] = cur[x * bpp];
      out[(y * width + x) * 4 + 1] = cur[x * bpp + 1];
      out[(y * width + x) * 4 + 2] = cur[x * bpp + 2];
      out[(y * width + x) * 4 + 3] = bpp === 4 ? cur[x * bpp + 3] : 255;
    }
    [prev, cur] = [cur, prev];
  }
  return {width, height, data: out};
}

// Pixel statistics over a rectangle (CSS px times scale): how many pixels are close to a colour,
// how many are "ink" (far from the background), how many distinct colours.
export function region(img, x, y, w, h) {
  const px = [];
  for (let j = Math.max(0, Math.floor(y)); j < Math.min(img.height, Math.floor(y + h)); j++)
    for (let i = Math.max(0, Math.floor(x)); i < Math.min(img.width, Math.floor(x + w)); i++) {
      const o = (j * img.width + i) * 4;
      px.push([img.data[o], img.data[o + 1], img.data[o + 2]]);
    }
  return px;
}
export function countNear(px, [r, g, b], tol = 24) {
  return px.filter(([R, G, B]) => Math.abs(R - r) <= tol && Math.abs(G - g) <= tol && Math.abs(B - b) <= tol).length;
}
export function countDark(px, max = 110) { return px.filter(([R, G, B]) => R + G + B <= max * 3).length; }
export function distinctColours(px) { return new Set(px.map(([r, g, b]) => (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3))).size; }
export const hex = (s) => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
