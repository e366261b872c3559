// minify.mjs: the site's scripts minified in place with terser (issue #12, page weight: the
// page's own scripts and Emscripten's glue were 100 KB gzip of the first frame's download; minified,
// about 68). The build runs it on each script it writes into the site:
//   node tools/minify.mjs FILE.js [FILE.js ...]
// Local names are shortened and dead code dropped; top-level names stay as they are, because the
// page's scripts share them (Module, FS, JMApp, ...). A file that is already minified (it carries
// the marker below) is left alone, so a rebuild that did not rewrite a file costs nothing. Without
// terser (node_modules not installed) the files are left as they are, with a warning.
import fs from 'node:fs';
import path from 'node:path';

const MARK = '/*jm-min*/';

let minify;
try {
  ({minify} = await import('terser'));
} catch (e) {
  console.warn('minify: terser is not installed (npm ci): the scripts are served unminified');
  process.exit(0);
}

let before = 0, after = 0;
for (const file of process.argv.slice(2)) {
  const src = fs.readFileSync(file, 'utf8');
  if (src.startsWith(MARK)) continue;
  const r = await minify(src, {ecma: 2020, compress: {passes: 2}, mangle: true, toplevel: false,
                               format: {comments: false, preamble: MARK}});
  if (r.code === undefined) throw new Error('minify: terser gave nothing for ' + file);
  fs.writeFileSync(file, r.code);
  before += src.length;
  after += r.code.length;
  console.log(`minify: ${path.basename(file)} ${src.length} -> ${r.code.length} B`);
}
if (before) console.log(`minify: ${before} -> ${after} B in all`);
