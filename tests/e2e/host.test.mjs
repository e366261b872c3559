// The viewer in intranet hosts (issue #12): a host page on another port frames embed.html in a
// sandboxed iframe, first with sandbox="allow-scripts" only (an opaque origin: no storage, every
// request cross-origin, under the strict CSP), then with "allow-scripts allow-same-origin". The
// map shows (pixels and the ready message), the postMessage API works both ways, the height
// messages arrive and the frame fitted to them shows the whole map; ?height= fixes or silences
// them; #map= and ?src= both work in the opaque origin (and the editor opens a #map= link there);
// the single file opens a #map= link from file://; and tools/serve.mjs sends precompressed files
// and the CORS headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { launch, site, siteWith, repo, settle, shot } from './harness.mjs';
import { startServer, CSP, cspFor } from '../../tools/serve.mjs';
import { buildStandalone } from '../../tools/singlefile.mjs';
import { region, countNear, distinctColours } from './png.mjs';

const FIXTURE = path.join(repo, 'assets/templates/b2b-phone-system.journey.json');
const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const packed = zlib.deflateRawSync(Buffer.from(JSON.stringify(fixture))).toString('base64url');   // as File > Copy link does

let browser, tmp, siteSrv, hostSrv;

// The intranet page: ?embed=<URL>&sandbox=<tokens>. It keeps every message of the viewer in
// window.received ({origin, data}), sends with window.send, and window.fit() sets the frame to
// the last journeymap:resize height, as an auto-height host does.
function hostServer() {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (u.pathname !== '/host.html') { res.writeHead(404).end(); return; }
    const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const embed = u.searchParams.get('embed'), sandbox = u.searchParams.get('sandbox');
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(`<!doctype html><meta charset="utf-8"><title>Intranet page</title>
<script>
window.received = [];
addEventListener('message', (e) => {
  if (e.source === document.getElementById('viewer').contentWindow) received.push({origin: e.origin, data: e.data});
});
window.send = (m) => document.getElementById('viewer').contentWindow.postMessage(m, '*');
window.fit = () => {
  const r = received.filter((m) => m.data && m.data.type === 'journeymap:resize').pop();
  document.getElementById('viewer').style.height = r.data.height + 'px';
  return r.data.height;
};
</script>
<style>body { margin: 0; font: 14px sans-serif } iframe { display: block; border: 0 }</style>
<p style="margin: 0; height: 40px">Team wiki: our customer journey</p>
<iframe id="viewer" src="${attr(embed)}" ${sandbox === null ? '' : `sandbox="${attr(sandbox)}"`} width="800" height="480" title="Journey map"></iframe>
<p>Text after the map</p>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({server, url: `http://127.0.0.1:${server.address().port}/`})));
}

before(async () => {
  browser = await launch();
  // The built site plus a map beside it.
  tmp = siteWith({'maps/b2b.journey.json': fs.readFileSync(FIXTURE)}, 'jm-host-');
  siteSrv = await startServer({root: tmp, port: 0, csp: true, quiet: true});
  hostSrv = await hostServer();
});
after(async () => {
  await browser?.close();
  for (const s of [siteSrv, hostSrv]) s?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});

async function openHost(embed, sandbox) {
  const ctx = await browser.newContext({viewport: {width: 1000, height: 900}});
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) page.errors.push(r.status() + ' ' + r.url()); });
  let url = hostSrv.url + 'host.html?embed=' + encodeURIComponent(embed);
  if (sandbox !== undefined) url += '&sandbox=' + encodeURIComponent(sandbox);
  await page.goto(url);
  for (let i = 0; i < 100 && !page.frames().find((f) => f.parentFrame()); i++) await page.waitForTimeout(50);
  page.viewer = page.frames().find((f) => f.parentFrame());
  return page;
}
const received = (page, type) => page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
async function waitFor(page, type, count = 1) {
  await page.waitForFunction(([t, n]) => window.received.filter((m) => m.data && m.data.type === t).length >= n, [type, count], {timeout: 45000});
  return received(page, type);
}
const viewerModel = (page) => page.viewer.evaluate(() => window.jm.model());
const viewerView = (page) => page.viewer.evaluate(() => window.jm.view());
async function frameBox(page) { return (await page.$('#viewer')).boundingBox(); }

// The map on screen: many colours (cards, stage headers, the curve) inside the frame, and the
// title's dark text near its top-left.
async function assertMapPixels(page, name) {
  await settle(page.viewer);
  const box = await frameBox(page);
  const img = await shot(page, name);
  const inside = region(img, box.x, box.y, box.width, box.height);
  assert.ok(distinctColours(inside) > 60, `a drawn map in the frame (${distinctColours(inside)} colours)`);
  assert.ok(countNear(region(img, box.x + 20, box.y + 20, 300, 40), [31, 41, 55], 60) > 50, 'the map title in the top-left');
}

// The frame fitted to the reported height shows the whole map, with little room to spare.
async function assertFits(page, height) {
  await page.waitForFunction((h) => document.getElementById('viewer').getBoundingClientRect().height === h, height);
  await page.viewer.waitForFunction((h) => window.innerHeight === h, height);
  await settle(page.viewer);
  const v = await viewerView(page);
  const box = await frameBox(page);
  const lanes = v.lanes.map((l) => l.header);
  const bottom = Math.max(...lanes.map((r) => r[1] + r[3]));
  const right = Math.max(...v.stages.map((s) => s.header[0] + s.header[2]));
  assert.ok(v.grid.min[1] >= 0 && lanes[0][1] >= v.grid.min[1] - 1, 'the map starts at the top');
  assert.ok(bottom <= box.height, `the last lane (bottom ${bottom}) is inside the ${box.height} px frame`);
  assert.ok(box.height - bottom < 90, `no more than the zoom buttons' band under the map (${box.height - bottom} px)`);
  assert.ok(right <= box.width, `every stage is inside the frame's width (${right} of ${box.width})`);
}

test('sandbox="allow-scripts" only: an opaque origin shows a #map= link, talks, and sizes its frame', async () => {
  const page = await openHost(siteSrv.url + 'embed.html#map=' + packed, 'allow-scripts');
  const ready = await waitFor(page, 'journeymap:ready');
  assert.equal(ready[0].origin, 'null', 'the viewer runs in an opaque origin');
  assert.equal(await page.viewer.evaluate(() => window.origin), 'null');
  // Storage is refused here: the viewer ran all the same.
  assert.match(await page.viewer.evaluate(() => { try { localStorage.length; return 'allowed'; } catch (e) { return e.name; } }), /SecurityError/);
  const m = await viewerModel(page);
  assert.equal(m.map.title, fixture.map.title);
  assert.equal(m.map.cards.length, fixture.map.cards.length);
  await assertMapPixels(page, 'host-opaque-map');

  // Height: the three shapes, the same height, for the frame's width.
  const [resize] = await waitFor(page, 'journeymap:resize');
  assert.equal(resize.origin, 'null');
  assert.equal(resize.data.width, 800);
  assert.ok(resize.data.height > 300 && resize.data.height < 1200, `a plausible height: ${resize.data.height}`);
  const all = await page.evaluate(() => window.received.map((r) => r.data));
  assert.ok(all.some((d) => d && d.method === 'resize' && d.height === resize.data.height), 'Iframely {method: resize}');
  const embedly = all.filter((d) => typeof d === 'string').map((d) => JSON.parse(d));
  assert.ok(embedly.some((d) => d.context === 'iframe.resize' && d.height === resize.data.height && /embed\.html#map=/.test(d.src)), 'Embedly iframe.resize');

  // The host applies it: the map is fitted again to the new frame and fills it.
  const h = await page.evaluate(() => window.fit());
  await assertFits(page, h);
  await assertMapPixels(page, 'host-opaque-fitted');

  // Messages both ways: get, load (a smaller map: a smaller height follows), Iframely's register.
  await page.evaluate(() => window.send({type: 'journeymap:get', id: 'g1'}));
  const [answer] = await waitFor(page, 'journeymap:map');
  assert.equal(answer.data.id, 'g1');
  assert.equal(answer.data.map.map.title, fixture.map.title);
  const small = structuredClone(fixture);
  small.map.title = 'Three lanes';
  small.map.lanes = small.map.lanes.slice(0, 3);
  small.map.cards = small.map.cards.filter((c) => small.map.lanes.some((l) => l.id === c.lane));
  small.map.actions = (small.map.actions || []).filter((a) => a.cards.every((id) => small.map.cards.some((c) => c.id === id)));
  await page.evaluate((doc) => window.send({type: 'journeymap:load', map: doc}), small);
  await waitFor(page, 'journeymap:change');
  const resizes = await waitFor(page, 'journeymap:resize', 2);
  const smaller = resizes[resizes.length - 1].data.height;
  assert.ok(smaller < h - 100, `three lanes need less height (${smaller} < ${h})`);
  assert.equal((await viewerModel(page)).map.title, 'Three lanes');
  await page.evaluate(() => window.send({method: 'register', windowId: 'w7'}));
  await page.waitForFunction(() => window.received.some((r) => r.data && r.data.method === 'resize' && r.data.windowId === 'w7'));
  await assertFits(page, await page.evaluate(() => window.fit()));

  // The rules run in a worker, which an opaque origin may start only from a blob (worker-src
  // blob: in the CSP): the sample data fires the default rules, as in a frame of its own origin.
  const events = fs.readFileSync(path.join(site, 'data/b2b-events.csv'), 'utf8');
  const responses = fs.readFileSync(path.join(site, 'data/b2b-responses.csv'), 'utf8');
  await page.evaluate(([ev, rs]) => window.send({type: 'journeymap:data', events: ev, responses: rs, id: 'd1'}), [events, responses]);
  const [done] = await waitFor(page, 'journeymap:rules-done');
  assert.equal(done.data.id, 'd1');
  assert.deepEqual(done.data.reports.map((r) => [r.kind, r.rows]), [['events', events.trim().split('\n').length - 1], ['responses', responses.trim().split('\n').length - 1]]);
  assert.ok(done.data.count > 0, `rules fired (${done.data.count})`);
  assert.equal((await received(page, 'journeymap:rule')).length, done.data.count);
  assert.deepEqual(await received(page, 'journeymap:error'), []);
  assert.deepEqual(page.errors, [], 'no console error in the host or the viewer');
  await page.context().close();
});

test('sandbox="allow-scripts allow-same-origin": ?src= loads, messages flow, the frame fits', async () => {
  const page = await openHost(siteSrv.url + 'embed.html?src=maps/b2b.journey.json', 'allow-scripts allow-same-origin');
  const ready = await waitFor(page, 'journeymap:ready');
  assert.equal(ready[0].origin, new URL(siteSrv.url).origin, 'the viewer keeps its own origin');
  assert.equal((await viewerModel(page)).map.title, fixture.map.title);
  await assertMapPixels(page, 'host-same-origin-map');
  const [resize] = await waitFor(page, 'journeymap:resize');
  assert.ok(resize.data.height > 300 && resize.data.height < 1200, `a plausible height: ${resize.data.height}`);
  await assertFits(page, await page.evaluate(() => window.fit()));
  // readonly false, then get: the API is the same as without a sandbox.
  await page.evaluate(() => window.send({type: 'journeymap:readonly', value: false}));
  await page.evaluate(() => window.send({type: 'journeymap:get', id: 2}));
  const [answer] = await waitFor(page, 'journeymap:map');
  assert.equal(answer.data.id, 2);
  assert.equal(answer.data.map.map.cards.length, fixture.map.cards.length);
  // The viewer keeps nothing, even where storage is allowed.
  assert.equal(await page.viewer.evaluate(() => localStorage.length), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('?src= in an opaque origin; ?height=600 posts that height once; ?height=none posts none', async () => {
  let page = await openHost(siteSrv.url + 'embed.html?src=maps/b2b.journey.json&height=600', 'allow-scripts');
  await waitFor(page, 'journeymap:ready');
  assert.equal((await viewerModel(page)).map.title, fixture.map.title, '?src= fetched from an opaque origin (CORS)');
  await assertMapPixels(page, 'host-opaque-src');
  const [fixed] = await waitFor(page, 'journeymap:resize');
  assert.equal(fixed.data.height, 600);
  // A map that changes height does not change a fixed one.
  const small = structuredClone(fixture);
  small.map.lanes = small.map.lanes.slice(0, 2);
  small.map.cards = small.map.cards.filter((c) => small.map.lanes.some((l) => l.id === c.lane));
  small.map.actions = (small.map.actions || []).filter((a) => a.cards.every((id) => small.map.cards.some((c) => c.id === id)));
  await page.evaluate((doc) => window.send({type: 'journeymap:load', map: doc}), small);
  await waitFor(page, 'journeymap:change');
  await settle(page.viewer);
  await page.waitForTimeout(500);
  assert.deepEqual((await received(page, 'journeymap:resize')).map((r) => r.data.height), [600]);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  page = await openHost(siteSrv.url + 'embed.html?src=maps/b2b.journey.json&height=none', 'allow-scripts');
  await waitFor(page, 'journeymap:ready');
  await settle(page.viewer);
  await page.waitForTimeout(500);
  const sizes = await page.evaluate(() => window.received.filter((r) => typeof r.data === 'string' || (r.data && (r.data.method === 'resize' || r.data.type === 'journeymap:resize'))));
  assert.deepEqual(sizes, [], 'no height message of any shape');
  await page.context().close();
});

// Not the viewer, but the same origin rules: the editor framed without allow-same-origin opens a
// shared map without a library (IndexedDB throws there) and without an uncaught error.
test('the editor in an opaque origin shows a #map= link, with no library and no error', async () => {
  const page = await openHost(siteSrv.url + 'index.html#map=' + packed, 'allow-scripts');
  await page.viewer.waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm.shared() === true, null, {timeout: 45000});
  await settle(page.viewer);
  assert.equal(await page.viewer.evaluate(() => window.origin), 'null');
  assert.equal((await viewerModel(page)).map.title, fixture.map.title);
  assert.equal(await page.viewer.evaluate(() => window.jm.currentId() || null), null, 'nothing kept');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the single file opens a #map= link from file://', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-host-file-'));
  try {
    const {out} = buildStandalone({site, out: path.join(dir, 'journeymap.html')});
    const ctx = await browser.newContext({viewport: {width: 1100, height: 700}});
    const page = await ctx.newPage();
    page.errors = [];
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.goto('file://' + out + '#map=' + packed);
    await page.waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm.shared() === true, null, {timeout: 45000});
    await settle(page);
    const m = await page.evaluate(() => window.jm.model());
    assert.equal(m.map.title, fixture.map.title);
    assert.equal(m.map.cards.length, fixture.map.cards.length);
    const img = await shot(page, 'host-file-shared');
    assert.ok(distinctColours(region(img, 0, 0, img.width, img.height)) > 60, 'the map is drawn');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  } finally { fs.rmSync(dir, {recursive: true, force: true}); }
});

// tools/serve.mjs, asked with node's http client.
function get(url, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {method, headers}, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks)}));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve.mjs: precompressed .br and .gz when asked, gzip on the fly otherwise, CORS on every file', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-serve-'));
  const srv = await startServer({root, port: 0, quiet: true, csp: true});
  try {
    // Siblings with content of their own, so the test sees which file was sent.
    const js = 'console.log("original");\n'.repeat(100);
    fs.writeFileSync(path.join(root, 'app.js'), js);
    fs.writeFileSync(path.join(root, 'app.js.br'), zlib.brotliCompressSync(Buffer.from('// from the .br file\n')));
    fs.writeFileSync(path.join(root, 'app.js.gz'), zlib.gzipSync(Buffer.from('// from the .gz file\n')));
    fs.writeFileSync(path.join(root, 'x.wasm'), Buffer.alloc(4096, 7));
    fs.writeFileSync(path.join(root, 'x.wasm.br'), zlib.brotliCompressSync(Buffer.alloc(4096, 7)));

    let r = await get(srv.url + 'app.js', {'accept-encoding': 'gzip, deflate, br'});
    assert.equal(r.headers['content-encoding'], 'br');
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8', 'the original\'s type, not the .br\'s');
    assert.equal(r.headers['vary'], 'Accept-Encoding');
    assert.equal(Number(r.headers['content-length']), r.body.length);
    assert.equal(zlib.brotliDecompressSync(r.body).toString(), '// from the .br file\n');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['cross-origin-resource-policy'], 'cross-origin');
    // The strict policy, with the server's own origin named beside 'self' (for WebKit's opaque frames).
    assert.equal(r.headers['content-security-policy'], cspFor(new URL(srv.url).origin));
    assert.ok(r.headers['content-security-policy'].startsWith("default-src 'self' http://127.0.0.1:"));
    assert.ok(CSP.includes("script-src 'self' 'wasm-unsafe-eval'"));

    r = await get(srv.url + 'app.js', {'accept-encoding': 'gzip'});
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(r.body).toString(), '// from the .gz file\n');
    r = await get(srv.url + 'app.js', {'accept-encoding': 'br;q=0, gzip'});
    assert.equal(r.headers['content-encoding'], 'gzip', 'br refused with q=0');
    r = await get(srv.url + 'app.js', {});
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), js, 'no encoding asked: the file itself');
    r = await get(srv.url + 'app.js', {'accept-encoding': 'br'}, 'HEAD');
    assert.equal(r.headers['content-encoding'], 'br');
    assert.equal(r.body.length, 0);

    r = await get(srv.url + 'x.wasm', {'accept-encoding': 'br'});
    assert.equal(r.headers['content-type'], 'application/wasm');
    assert.equal(r.headers['content-encoding'], 'br');
    assert.deepEqual(zlib.brotliDecompressSync(r.body), Buffer.alloc(4096, 7));
    // No .gz beside x.wasm: gzipped on the fly, as before.
    r = await get(srv.url + 'x.wasm', {'accept-encoding': 'gzip'});
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.deepEqual(zlib.gunzipSync(r.body), Buffer.alloc(4096, 7));

    // A sibling older than its original is stale (the file changed after compression): not sent.
    const old = new Date(Date.now() - 60000);
    fs.utimesSync(path.join(root, 'app.js.br'), old, old);
    r = await get(srv.url + 'app.js', {'accept-encoding': 'br, gzip'});
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(r.body).toString(), '// from the .gz file\n', 'the fresh .gz, not the stale .br');
    fs.utimesSync(path.join(root, 'app.js.gz'), old, old);
    r = await get(srv.url + 'app.js', {'accept-encoding': 'br, gzip'});
    assert.equal(zlib.gunzipSync(r.body).toString(), js, 'both stale: the original, gzipped on the fly');

    r = await get(srv.url + 'missing.js', {'accept-encoding': 'br'});
    assert.equal(r.status, 404);
    r = await get(srv.url + '../etc/passwd');
    assert.notEqual(r.status, 200);
  } finally {
    srv.server.close();
    fs.rmSync(root, {recursive: true, force: true});
  }
});
