// A small static file server for the built site (no dependencies beyond Node).
//   node tools/serve.mjs [--root DIR] [--port N] [--host H] [--csp]
// Serves wasm with the right MIME type; precompressed files when the build left them beside the
// originals (file.br, file.gz: tools/compress.mjs), else gzip on the fly; CORS headers so the
// viewer runs in a sandboxed iframe (an opaque origin, where every request is cross-origin); and
// with --csp the strict Content-Security-Policy the README recommends, so tests can prove the page
// runs under it.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';


const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.jmt': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors *";
// (worker-src blob: for the viewer's rules in a frame without allow-same-origin: web/embed.js,
// startWorker, builds that worker from a blob.)
// The same policy with the site's own origin named beside 'self'. WebKit (Safari) reads 'self' in
// a frame sandboxed without allow-same-origin as that frame's opaque origin, which matches no URL:
// the viewer's own scripts and files are refused there unless the origin is named (seen with
// WebKitGTK 2.50; Chromium and Firefox match 'self' against the page's URL).
export function cspFor(origin) {
  return /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin) ? CSP.replace(/'self'/g, `'self' ${origin}`) : CSP;
}

// Every file is public and read without cookies, so any page may fetch it. The viewer needs this:
// in <iframe sandbox="allow-scripts"> its origin is opaque ("null"), so its own wasm, data package
// and maps are cross-origin requests that the browser refuses without these headers.
export const CORS_HEADERS = {'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin'};

// The encodings a request accepts, from its Accept-Encoding header ("br;q=0" refuses br).
function accepted(header) {
  const out = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}
// Precompressed siblings, best first. nginx (gzip_static, brotli_static) and Apache serve the same.
const PRECOMPRESSED = [['br', '.br'], ['gzip', '.gz']];
const readFile = (f) => fs.promises.readFile(f).catch(() => null);
const mtime = (f) => fs.promises.stat(f).then((st) => st.mtimeMs, () => -1);

// Starts a server; resolves to {server, url}. Used by tools/serve.sh and by the tests.
export function startServer({root = 'build/web/site', port = 8080, host = '127.0.0.1', csp = false, quiet = false} = {}) {
  root = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch (e) { res.writeHead(400).end('bad request'); return; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end('forbidden'); return; }
    if (req.method === 'OPTIONS') {   // a preflight: the files need none, but answer it kindly
      res.writeHead(204, {...CORS_HEADERS, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': '*'}).end();
      return;
    }
    let body = await readFile(file);
    if (!body) { res.writeHead(404, {'Content-Type': 'text/plain', ...CORS_HEADERS}).end('not found: ' + rel); return; }
    const headers = {'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache', ...CORS_HEADERS};
    if (csp) headers['Content-Security-Policy'] = cspFor(`http://${req.headers.host}`);
    const want = accepted(req.headers['accept-encoding']);
    let encoding = '';
    // A sibling older than its original is stale (the file was changed after the build compressed
    // it, as the offline test does): never send it.
    const since = PRECOMPRESSED.some(([name]) => want.has(name)) ? await mtime(file) : 0;
    for (const [name, ext] of PRECOMPRESSED) {
      if (!want.has(name) || (await mtime(file + ext)) < since) continue;
      const packed = await readFile(file + ext);
      if (packed) { body = packed; encoding = name; break; }
    }
    if (!encoding && want.has('gzip') && body.length > 1024) {
      body = zlib.gzipSync(body, {level: 9});
      encoding = 'gzip';
    }
    if (encoding) headers['Content-Encoding'] = encoding;
    // The same URL gives different bytes by Accept-Encoding: caches must keep them apart.
    headers['Vary'] = 'Accept-Encoding';
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/`;
      if (!quiet) console.log(`journeymap: serving ${root} at ${url}`);
      resolve({server, url});
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
  startServer({root: opt('--root', 'build/web/site'), port: +opt('--port', '8080'), host: opt('--host', '127.0.0.1'),
               csp: args.includes('--csp')}).catch((e) => {
    console.error(e.code === 'EADDRINUSE' ? `serve: port ${e.port} is in use; set PORT=... to use another` : `serve: ${e.message}`);
    process.exit(1);
  });
}
