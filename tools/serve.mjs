// A small static file server for the built site (no dependencies beyond Node).
//   node tools/serve.mjs [--root DIR] [--port N] [--host H] [--csp]
// Serves wasm with the right MIME type, gzip when asked, and with --csp the strict
// Content-Security-Policy the README recommends, so tests can prove the page runs under it.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';


const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-ancestors *";

// Starts a server; resolves to {server, url}. Used by tools/serve.sh and by the tests.
export function startServer({root = 'build/web/site', port = 8080, host = '127.0.0.1', csp = false, quiet = false} = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end('forbidden'); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404, {'Content-Type': 'text/plain'}).end('not found: ' + rel); return; }
      const headers = {'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache'};
      if (csp) headers['Content-Security-Policy'] = CSP;
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && body.length > 1024) {
        body = zlib.gzipSync(body, {level: 9});
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
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
