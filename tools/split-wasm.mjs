// split-wasm.mjs: splits the editor's wasm in two after the link (issue #12, page weight).
//   node tools/split-wasm.mjs SITE_DIR KEEP_LIST SPLIT_DIR [VIEWER_KEEP_LIST]   (the build runs it)
//
// The link (-sSPLIT_MODULE, --profiling-funcs) leaves SITE/journeymap.wasm.orig, the whole
// module with function names, and SITE/journeymap.wasm, the same module instrumented to record
// which functions run. This keeps the functions named in KEEP_LIST (assets/wasm-startup.txt: what
// start-up and the first frame run, written by tools/wasm-profile.mjs) in journeymap.wasm and
// moves every other one to journeymap.deferred.wasm, which web/wasm-parts.js loads after the first
// frame. Neither output keeps the names. The instrumented module and the whole one are moved to
// SPLIT_DIR, where tools/wasm-profile.mjs finds them to record a new list.
//
// The embed viewer starts a different way (no menus, panels or inspector; a map loaded and fitted):
// with VIEWER_KEEP_LIST (assets/wasm-startup-viewer.txt) the same module is split a second time
// into journeymap-viewer.wasm and journeymap-viewer.deferred.wasm, which embed.html loads instead.
//
// A name in the list that the module no longer has is skipped (reported): a stale list costs
// start-up time (its function is loaded with the second part), never correctness.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const FEATURES = ['--enable-exception-handling', '--enable-mutable-globals', '--enable-bulk-memory', '--enable-sign-ext'];

// The names Binaryen gives the module's functions, as its own symbol map writes them.
export function functionNames(wasm, tmpDir) {
  const map = path.join(tmpDir, 'names.symbols');
  execFileSync('wasm-opt', [...FEATURES, wasm, '--symbolmap=' + map, '-o', path.join(tmpDir, 'names.wasm')]);
  const names = fs.readFileSync(map, 'utf8').split('\n').filter(Boolean).map((l) => l.slice(l.indexOf(':') + 1));
  fs.rmSync(map); fs.rmSync(path.join(tmpDir, 'names.wasm'));
  return names;
}

export function split({orig, keepList, primary, deferred, tmpDir}) {
  const have = new Set(functionNames(orig, tmpDir));
  const wanted = fs.existsSync(keepList) ? fs.readFileSync(keepList, 'utf8').split('\n').filter(Boolean) : [];
  const keep = wanted.filter((n) => have.has(n));
  const list = path.join(tmpDir, 'keep.txt');
  fs.writeFileSync(list, keep.join('\n') + '\n');
  execFileSync('wasm-split', [...FEATURES, '--export-prefix=%', '--keep-funcs=@' + list, orig,
                              '-o1', primary, '-o2', deferred], {stdio: ['ignore', 'ignore', 'inherit']});
  fs.rmSync(list);
  return {kept: keep.length, stale: wanted.length - keep.length, functions: have.size};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [site, keepList, splitDir, viewerList] = process.argv.slice(2);
  if (!site || !keepList || !splitDir) {
    console.error('usage: node tools/split-wasm.mjs SITE_DIR KEEP_LIST SPLIT_DIR [VIEWER_KEEP_LIST]');
    process.exit(2);
  }
  fs.mkdirSync(splitDir, {recursive: true});
  const orig = path.join(splitDir, 'journeymap.orig.wasm');
  fs.renameSync(path.join(site, 'journeymap.wasm.orig'), orig);
  fs.renameSync(path.join(site, 'journeymap.wasm'), path.join(splitDir, 'journeymap.instrumented.wasm'));
  const size = (f) => fs.statSync(path.join(site, f)).size;
  for (const [name, list] of [['journeymap', keepList], ['journeymap-viewer', viewerList]]) {
    if (!list) continue;
    const r = split({orig, keepList: list, primary: path.join(site, name + '.wasm'),
                     deferred: path.join(site, name + '.deferred.wasm'), tmpDir: splitDir});
    console.log(`split-wasm: ${r.kept} of ${r.functions} functions in ${name}.wasm (${size(name + '.wasm')} B), ` +
                `the rest in ${name}.deferred.wasm (${size(name + '.deferred.wasm')} B)` +
                (r.stale ? `; ${r.stale} names of ${path.basename(list)} are no longer in the module (run tools/wasm-profile.mjs)` : ''));
  }
}
