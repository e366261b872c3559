// sw.js: keeps journeymap's files in the browser so the editor (and the embedded viewer) start
// without a network after the first visit. Registered by app.js as sw.js?v=<version>, where the
// version changes with every build (see "Offline" in app.js); the cache is named after it, so one
// cache always holds one build, whole.
//   install   download every file into journeymap-<version> (bypassing the HTTP cache), with the
//             files the page fetches only when needed (web/assets.js: the Arabic and Hebrew faces
//             and strings, the templates listed in assets/templates/index.json), so an Arabic
//             map or the gallery opens offline even if this browser never needed them online
//   activate  delete the caches of other versions, take over open pages
//   fetch     these files from the cache first (falling back to the network); other top-level
//             files of the site and the sample data (data/*.csv) from the network, with a copy
//             kept for offline use; anything
//             else, and every non-GET request (app.js's HEAD version checks), to the network
// A page loaded from the cache still asks the server for the current version: when there is a
// new build, the new worker fills its own cache in the background and the next load runs it.
'use strict';
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = 'journeymap-' + VERSION;
const FILES = ['index.html', 'embed.html', 'app.js', 'app.css', 'export.js', 'embed.js', 'embed.css',
               'journeymap.js', 'journeymap.wasm', 'journeymap.deferred.wasm',
               'journeymap-viewer.wasm', 'journeymap-viewer.deferred.wasm', 'journeymap.data', 'wasm-parts.js', 'favicon.svg',
               'data.js', 'analytics-worker.js', 'analytics-worker-core.js', 'analytics-worker-core.wasm',
               'a11y.js', 'a11y.css', 'a11y-chrome.js', 'render2d.js', 'assets.js', 'snapshot.js',
               'portfolio.html', 'portfolio.js', 'portfolio.css', 'portfolio-core.js', 'portfolio-core.wasm'];   // as in app.js
// Fetched by web/assets.js when first needed; the templates' names come from their index.
const LAZY = ['fonts/NotoSansLatin-Regular.ttf', 'fonts/NotoSansLatin-Bold.ttf',
              'fonts/NotoSansArabic-Regular.ttf', 'fonts/NotoSansArabic-Bold.ttf',
              'fonts/NotoSansHebrew-Regular.ttf', 'fonts/NotoSansHebrew-Bold.ttf',
              'assets/i18n/ar.json', 'assets/i18n/he.json', 'assets/i18n/en.json', 'assets/i18n/ar.jmt', 'assets/i18n/he.jmt',
              'assets/templates/index.json'];
const LAZY_DIRS = /^(fonts|assets\/i18n|assets\/templates)\/[^/]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const keep = async (f) => {
      const res = await fetch(f, {cache: 'no-cache'});   // a network failure fails the install
      if (res.ok) await cache.put(f, res);
      else if (res.status !== 404) throw new Error(f + ': HTTP ' + res.status);   // 404: not part of this site
    };
    await Promise.all([...FILES, ...LAZY].map(keep));
    const index = await cache.match('assets/templates/index.json');
    const templates = index ? await index.clone().json() : [];
    await Promise.all(templates.map((t) => keep('assets/templates/' + t)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith('journeymap-') && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // The site's root is index.html; the query (embed.html?src=...) does not name another file.
  const rel = url.pathname.slice(scope.pathname.length) || 'index.html';
  if (FILES.includes(rel) || LAZY_DIRS.test(rel)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(new URL(rel, scope).href)) || fetch(req);
    })());
  } else if ((!rel.includes('/') && /\.(js|css|svg|png|json|webmanifest)$/.test(rel)) || /^data\/[^/]+\.csv$/.test(rel)) {
    // The sample data (data/*.csv) is fetched only when asked for, and kept once it was.
    // Another file of the site (one added after this list was written, a map beside it): from
    // the network, with a copy kept for offline use.
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok && res.type === 'basic') await cache.put(url.href, res.clone());
        return res;
      } catch (e) {
        const hit = await cache.match(url.href);
        if (hit) return hit;
        throw e;
      }
    })());
  }
});
