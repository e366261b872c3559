// compress.mjs: precompressed copies of the built site, so an ordinary web server sends them as
// they are (nginx gzip_static / brotli_static, Apache with mod_rewrite, IIS, tools/serve.mjs)
// instead of compressing on every request, or not at all.
//   node tools/compress.mjs [site folder]        (default build/web/site; the build runs it)
// For each compressible file (wasm, data, js, css, html, json, svg, ttf, csv) anywhere under the
// folder it writes file.br (brotli, quality 11) and file.gz (gzip, level 9) beside it when that is
// smaller than the file, and removes a sibling that no longer pays or whose file is gone. Each
// sibling is given its file's modification time: one whose time still matches is kept as it is
// (a rebuild compresses only what changed), and a server can tell a stale sibling by comparing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const COMPRESSIBLE = /\.(wasm|data|jmt|js|mjs|css|html|json|svg|ttf|csv|txt|md)$/;
const ENCODINGS = [
  ['.br', (buf) => zlib.brotliCompressSync(buf, {params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
  }})],
  ['.gz', (buf) => zlib.gzipSync(buf, {level: 9})],
];

function* walk(dir) {
  for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

// Returns [{file, bytes, gz, br}] for what it looked at (sizes of the siblings, 0 when none).
export function compressSite(root) {
  const report = [];
  for (const file of walk(root)) {
    const ext = ENCODINGS.find(([suffix]) => file.endsWith(suffix));
    if (ext) {
      // A sibling whose file is gone (renamed, no longer built) would be served for nothing.
      const original = file.slice(0, -ext[0].length);
      if (!fs.existsSync(original)) fs.rmSync(file);
      continue;
    }
    if (!COMPRESSIBLE.test(file)) continue;
    const st = fs.statSync(file);
    let buf = null;
    const row = {file: path.relative(root, file), bytes: st.size, gz: 0, br: 0};
    for (const [suffix, pack] of ENCODINGS) {
      const out = file + suffix;
      const old = fs.existsSync(out) ? fs.statSync(out) : null;
      if (old && Math.abs(old.mtimeMs - st.mtimeMs) < 1) { row[suffix.slice(1)] = old.size; continue; }
      buf ??= fs.readFileSync(file);
      const packed = pack(buf);
      if (packed.length < buf.length) {
        // Written aside and renamed: a server (or a second run) never reads half a file.
        const tmp = `${out}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, packed);
        fs.utimesSync(tmp, st.atime, st.mtime);
        fs.renameSync(tmp, out);
        row[suffix.slice(1)] = packed.length;
      } else if (old) {
        fs.rmSync(out);
      }
    }
    report.push(row);
  }
  return report;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(process.argv[2] || path.join(here, '../build/web/site'));
  if (!fs.existsSync(root)) { console.error(`compress: ${root} does not exist`); process.exit(1); }
  const report = compressSite(root);
  if (process.argv.includes('--verbose'))
    for (const r of report) console.log(`${r.file}\t${r.bytes}\tgz ${r.gz}\tbr ${r.br}`);
}
