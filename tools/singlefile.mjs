// Builds journeymap as ONE self-contained HTML file: the page, its CSS and JS inlined, the wasm and
// the data package (fonts, templates, translations) embedded as base64. It opens from file:// or a
// shared drive, with no server and no network.
//   node tools/singlefile.mjs [--site build/web/site] [--out <site>/journeymap-standalone.html]
// (after `bash tools/build.sh web`). Inline scripts are the point of this file, so it cannot run
// under the strict CSP the served site uses; it is meant to be opened as a file, not served.
//
// How the pieces reach Emscripten 3.1.6's loader (journeymap.js) without fetching anything:
//   Module.wasmBinary                 the wasm bytes (a Uint8Array): no fetch of journeymap.wasm
//   Module.deferredWasmBinary         the second part of a split wasm (web/wasm-parts.js)
//   Module.getPreloadedPackage(name)  the data package as an ArrayBuffer: no fetch of .data
//   Module.locateFile(path)           names resolved to themselves (there is no folder to look in)
// The bytes sit in <script type="application/octet-stream"> blocks, which the browser does not run:
// reading their text is faster than parsing megabytes of JS string literals.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// Text placed inside <script>: "</script" (any case) would end the element early and "<!--" can
// change how the rest is parsed; both are written with a backslash, which JS reads the same way
// inside strings, templates and regular expressions (where these sequences can occur).
function scriptText(js, name) {
  const out = js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  if (/<\/script/i.test(out)) throw new Error(name + ': could not make it safe to inline');
  return out;
}
const styleText = (css) => css.replace(/<\/(style)/gi, '<\\/$1');

export function buildStandalone({site = path.join(here, '../build/web/site'), out} = {}) {
  out = out || path.join(site, 'journeymap-standalone.html');
  const read = (f) => fs.readFileSync(path.join(site, f));
  let html = read('index.html').toString('utf8');
  const loader = [
    '<script type="application/octet-stream" id="jm-wasm">' + read('journeymap.wasm').toString('base64') + '</script>',
    // The second part of a split wasm (tools/split-wasm.mjs), for web/wasm-parts.js.
    ...(fs.existsSync(path.join(site, 'journeymap.deferred.wasm'))
      ? ['<script type="application/octet-stream" id="jm-wasm-deferred">' + read('journeymap.deferred.wasm').toString('base64') + '</script>'] : []),
    '<script type="application/octet-stream" id="jm-data">' + read('journeymap.data').toString('base64') + '</script>',
    '<script>',
    '// journeymap-standalone: the wasm and the data package come from the blocks above.',
    '(function () {',
    '  function bytes(id) {',
    '    var el = document.getElementById(id), bin = atob(el.textContent), out = new Uint8Array(bin.length);',
    '    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);',
    '    el.remove();',
    '    return out;',
    '  }',
    '  var data = bytes("jm-data");',
    '  Module.wasmBinary = bytes("jm-wasm");',
    '  if (document.getElementById("jm-wasm-deferred")) Module.deferredWasmBinary = bytes("jm-wasm-deferred");',
    '  Module.getPreloadedPackage = function (name, size) { return data.buffer; };',
    '  Module.locateFile = function (p) { return p; };',
    '  window.jmStandalone = true;',
    '})();',
    '</script>',
  ].join('\n');

  let sawEngine = false;
  // Preloads of the wasm and data: nothing to preload.
  html = html.replace(/[ \t]*<link rel="preload"[^>]*>\n?/g, '');
  // Stylesheets inlined.
  html = html.replace(/<link rel="stylesheet" href="([^"]+)">/g, (m, href) => '<style>\n' + styleText(read(href).toString('utf8')) + '</style>');
  // The icon as a data: URL.
  html = html.replace(/<link rel="icon" href="([^"]+)" type="([^"]+)">/g, (m, href, type) =>
    '<link rel="icon" href="data:' + type + ';base64,' + read(href).toString('base64') + '" type="' + type + '">');
  // Scripts inlined in their order; the engine (journeymap.js, loaded async on the site) after
  // the block that hands it the wasm and the data.
  // The files the site fetches when first needed (web/assets.js: Arabic and Hebrew faces and
  // strings, the templates) go in as well, handed over in window.jmLazyFiles before assets.js runs.
  const lazy = {};
  for (const dir of ['fonts', 'assets/i18n', 'assets/templates']) {
    if (!fs.existsSync(path.join(site, dir))) continue;
    for (const f of fs.readdirSync(path.join(site, dir)))
      if (/\.(ttf|json|jmt)$/.test(f)) lazy[dir + '/' + f] = read(dir + '/' + f).toString('base64');
  }
  const inline = (src) => '<script>\n' + scriptText(read(src).toString('utf8'), src) + '\n</script>';
  html = html.replace(/<script src="([^"]+)"( async)?><\/script>/g, (m, src) => {
    let js = inline(src);
    if (src === 'assets.js') js = '<script>window.jmLazyFiles = ' + JSON.stringify(lazy) + ';</script>\n' + js;
    if (src !== 'journeymap.js') return js;
    sawEngine = true;
    // The scripts the site adds after its first frame (app.js JMApp.loadScript), here from the start.
    return ['export.js', 'data.js'].map(inline).join('\n') + '\n' + loader + '\n' + js;
  });
  if (!sawEngine) throw new Error('index.html does not load journeymap.js: nothing to build');
  if (/<(script|link)[^>]+(src|href)="(?!data:)[^"]+"/.test(html)) throw new Error('a file is still referenced: ' + /<(script|link)[^>]+(src|href)="(?!data:)[^"]+"/.exec(html)[0]);
  fs.writeFileSync(out, html);
  return {out, bytes: Buffer.byteLength(html)};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  try {
    const site = opt('--site');
    const {out, bytes} = buildStandalone({site: site && path.resolve(site), out: opt('--out') && path.resolve(opt('--out'))});
    console.log(`singlefile: ${path.relative(process.cwd(), out)} (${(bytes / 1048576).toFixed(2)} MB)`);
  } catch (e) {
    console.error('singlefile: ' + (e.code === 'ENOENT' ? `missing ${e.path}: build the site first (bash tools/build.sh web)` : e.message));
    process.exit(1);
  }
}
