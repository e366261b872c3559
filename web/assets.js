// assets.js: the files the editor fetches when it first needs them, not before its first frame
// (issue #12, page weight). The data package (journeymap.data) keeps what every start needs: the
// Latin fonts and the English strings (the fallback of every table). The rest is fetched by name:
//   fonts-arabic, fonts-hebrew   the Noto faces for Arabic and Hebrew text (fonts/*.ttf)
//   fonts-latin                  the whole Latin faces (Latin Extended, Vietnamese: the data
//                                package's have ASCII, Latin-1 and punctuation)
//   i18n-ar, i18n-he             an interface language's strings (assets/i18n/*.jmt, packed by the build)
//   templates                    the gallery's templates (assets/templates/index.json + files)
// Each lands in the wasm file system at the path the data package would have used ("/fonts/...",
// "/assets/..."), so the C++ side reads files as it always did; platform_web.cpp asks for a name
// (JMAssets.ask) each frame until it is there, and this file wakes the editor when it arrived.
// What the first frame needs is fetched before main() runs, beside the wasm download: the
// interface language's strings and faces (an Arabic interface never draws a frame of boxes).
// A map's Arabic or Hebrew text asks for its face from inside the frame that would draw it; the
// editor keeps its loader (or its last frame) up until the face is in.
// The single-file build (tools/singlefile.mjs) hands the same files over in window.jmLazyFiles
// ({url: base64}): it has no server to fetch from.
'use strict';
(function () {
  const FONT_FILES = (family) => ['Regular', 'Bold'].map((w) => `fonts/${family}-${w}.ttf`);
  const STATIC = {
    'fonts-arabic': FONT_FILES('NotoSansArabic'),
    'fonts-hebrew': FONT_FILES('NotoSansHebrew'),
    'fonts-latin': FONT_FILES('NotoSansLatin'),
    'i18n-ar': ['assets/i18n/ar.jmt'],
    'i18n-he': ['assets/i18n/he.jmt'],
  };
  const TEMPLATE_INDEX = 'assets/templates/index.json';
  // The faces the page's own text field uses (see loadFontsForTextField in app.js).
  // The whole Latin face comes after the common one under the same name, and so replaces it.
  const FACES = {NotoSans: 'JM Sans', NotoSansLatin: 'JM Sans', NotoSansArabic: 'JM Sans Arabic', NotoSansHebrew: 'JM Sans Hebrew'};

  const MISSING = 0, LOADING = 1, READY = 2, FAILED = 3;
  const state = {};     // name -> one of the above
  const promises = {};  // name -> Promise of [[url, bytes], ...]
  const waiting = [];   // [[url, bytes]] that arrived before the file system existed
  let fsReady = false;

  async function get(url) {
    const inline = window.jmLazyFiles && window.jmLazyFiles[url];
    if (inline) {
      const bin = atob(inline), out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    }
    const res = await fetch(url);
    if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
    return new Uint8Array(await res.arrayBuffer());
  }
  async function filesOf(name) {
    if (STATIC[name]) return Promise.all(STATIC[name].map(async (u) => [u, await get(u)]));
    if (name === 'templates') {
      const index = await get(TEMPLATE_INDEX);
      const list = JSON.parse(new TextDecoder().decode(index));
      const files = await Promise.all(list.map(async (f) => ['assets/templates/' + f, await get('assets/templates/' + f)]));
      return [[TEMPLATE_INDEX, index], ...files];
    }
    throw new Error('no such asset: ' + name);
  }

  function write(url, bytes) {
    const FS = window.FS;
    const dest = '/' + url;
    FS.createPath('/', dest.slice(1, dest.lastIndexOf('/')), true, true);
    FS.writeFile(dest, bytes);
    const m = /^fonts\/(\w+)-(Regular|Bold)\.ttf$/.exec(url);
    if (m && FACES[m[1]]) addFace(FACES[m[1]], bytes, m[2]);
  }
  function addFace(family, bytes, weight) {
    try {
      const face = new FontFace(family, bytes, {weight: weight === 'Bold' ? '700' : '400'});
      document.fonts.add(face);
      face.load().catch(() => {});
    } catch (e) { /* the text field falls back to the next family */ }
  }

  // Starts fetching `name` (once); resolves when its files are in the file system.
  function load(name) {
    if (!promises[name]) {
      state[name] = LOADING;
      promises[name] = filesOf(name).then((files) => {
        if (fsReady) for (const [u, b] of files) write(u, b);
        else waiting.push(...files);
        state[name] = READY;
        if (window.JMApp) JMApp.wake(3);
      }, (e) => {
        state[name] = FAILED;
        console.warn('journeymap: ' + name + ' could not be fetched: ' + e.message);
        if (window.JMApp) JMApp.wake(3);
        throw e;
      });
    }
    return promises[name];
  }
  // From C++ (platform::asset): the state of `name`, starting its download when never asked.
  function ask(name) {
    if (!state[name]) load(name).catch(() => {});
    return state[name] === READY && !fsReady ? LOADING : state[name];
  }
  // What a language needs before the editor can switch to it.
  function forLanguage(lang) {
    if (lang === 'ar') return ['i18n-ar', 'fonts-arabic'];
    if (lang === 'he') return ['i18n-he', 'fonts-hebrew'];
    return [];
  }

  window.JMAssets = {MISSING, LOADING, READY, FAILED, load, ask, forLanguage,
                     loadAll: (names) => Promise.all(names.map(load)),
                     busy: () => Object.values(state).includes(LOADING)};

  // Before main(): the interface language's table and faces, fetched now, beside the wasm and
  // the data package; main() waits for them (an Emscripten run dependency). A fetch that fails
  // (offline without a cached copy) lets the editor start in English rather than never.
  const lang = window.JMApp && JMApp.uiLanguage ? JMApp.uiLanguage() : 'en';
  const early = forLanguage(lang).map((n) => load(n).catch(() => {}));
  const M = window.Module || (window.Module = {});
  M.preRun = [].concat(M.preRun || [], function () {
    fsReady = true;
    for (const [u, b] of waiting.splice(0)) write(u, b);
    if (!early.length) return;
    addRunDependency('jm-assets');
    Promise.all(early).then(() => {
      for (const [u, b] of waiting.splice(0)) write(u, b);
      removeRunDependency('jm-assets');
    });
  });
})();
