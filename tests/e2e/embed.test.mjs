// The embedded viewer (embed.html) in a host page of another origin: the map from ?src=, the
// editor's chrome gone, pan and zoom, the postMessage API (load, get, readonly; ready and change
// events), senders checked, malformed messages ignored without a console error, the strict CSP
// enforced with no violation, and no use of the browser library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { launch, siteWith, repo, settle, shot, centre } from './harness.mjs';
import { startServer, cspFor } from '../../tools/serve.mjs';
import { region, countNear, countDark } from './png.mjs';

// The B2B map without personas or a future state: no persona filter or state switch in the title band.
const FIXTURE = path.join(repo, 'tests/fixtures/b2b-plain.journey.json');
const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

let browser, tmp, siteCsp, sitePlain, hostSrv, evilSrv;

// A small server for the host page and the "evil" page (other origins than the site's). The host
// page iframes the viewer (?embed=<URL>) and an evil frame (?evil=<URL>); it keeps what the
// viewer posts in window.received and sends with window.send(message). It also serves the map
// with CORS, for a viewer on another origin.
function tinyServer() {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/host.html') {
      const embed = u.searchParams.get('embed'), evil = u.searchParams.get('evil') || 'about:blank';
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(`<!doctype html><meta charset="utf-8"><title>Intranet page</title>
<script>
window.received = [];
addEventListener('message', (e) => {
  if (e.source === document.getElementById('viewer').contentWindow) received.push({origin: e.origin, data: e.data});
});
window.send = (m, target) => document.getElementById('viewer').contentWindow.postMessage(m, target || '*');
</script>
<style>body { margin: 0; font: 14px sans-serif } iframe { display: block; border: 0 }</style>
<p style="margin: 0; height: 40px">Team wiki: our customer journey</p>
<iframe id="viewer" src="${embed.replace(/"/g, '&quot;')}" width="800" height="480" title="Journey map"></iframe>
<iframe id="evil" src="${evil.replace(/"/g, '&quot;')}" width="300" height="40"></iframe>`);
    } else if (u.pathname === '/evil.html') {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end('<!doctype html><title>other</title><p>another frame');
    } else if (u.pathname === '/maps/b2b.journey.json') {
      res.writeHead(200, {'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*'}).end(fs.readFileSync(FIXTURE));
    } else if (u.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else res.writeHead(404).end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({server, url: `http://127.0.0.1:${server.address().port}/`})));
}

before(async () => {
  browser = await launch();
  // The site as built, plus a map file beside it (same origin as the viewer, as the CSP wants).
  tmp = siteWith({'maps/b2b.journey.json': fs.readFileSync(FIXTURE)}, 'jm-embed-');
  siteCsp = await startServer({root: tmp, port: 0, csp: true, quiet: true});
  sitePlain = await startServer({root: tmp, port: 0, quiet: true});
  hostSrv = await tinyServer();
  evilSrv = await tinyServer();
});
after(async () => {
  await browser?.close();
  for (const s of [siteCsp, sitePlain, hostSrv, evilSrv]) s?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});

const origin = (url) => new URL(url).origin;

// Opens the host page with the viewer at `embed`; collects console errors, page errors and CSP
// violations of every frame.
async function openHost(embed, {evil = evilSrv.url + 'evil.html'} = {}) {
  const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  const page = await ctx.newPage();
  page.errors = [];
  page.logs = [];
  page.on('console', (m) => { page.logs.push(m.type() + ': ' + m.text()); if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.embedResponse = page.waitForResponse((r) => /\/embed\.html/.test(r.url()));
  await page.goto(hostSrv.url + 'host.html?embed=' + encodeURIComponent(embed) + '&evil=' + encodeURIComponent(evil));
  const child = (name) => page.frames().find((f) => f.parentFrame() && new URL(f.url(), 'http://x').pathname.endsWith('/' + name));
  const frame = () => child('embed.html');
  for (let i = 0; i < 100 && !frame(); i++) await page.waitForTimeout(50);
  page.viewer = frame();
  for (let i = 0; i < 100 && evil !== 'about:blank' && !child('evil.html'); i++) await page.waitForTimeout(50);
  page.evil = child('evil.html');
  return page;
}
const received = (page, type) => page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
async function waitFor(page, type, count = 1, timeout = 45000) {   // a cold start on a loaded machine has taken 20 s
  await page.waitForFunction(([t, n]) => window.received.filter((m) => m.data && m.data.type === t).length >= n, [type, count], {timeout});
  return received(page, type);
}
const viewerView = (page) => page.viewer.evaluate(() => window.jm.view());
const viewerModel = (page) => page.viewer.evaluate(() => window.jm.model());
async function viewerSettle(page) {
  let last = await page.viewer.evaluate(() => window.jm.frames());
  for (let i = 0; i < 100; i++) {
    await page.waitForTimeout(150);
    const now = await page.viewer.evaluate(() => window.jm.frames());
    if (now === last) return;
    last = now;
  }
}
// The viewer's rectangle in the page, to turn frame coordinates into page coordinates.
async function frameBox(page) { return (await page.$('#viewer')).boundingBox(); }

test('a host page on another origin embeds the map and drives it with postMessage, under the strict CSP', async () => {
  const hostOrigin = origin(hostSrv.url);
  const embedUrl = siteCsp.url + 'embed.html?src=maps/b2b.journey.json&origin=' + encodeURIComponent(hostOrigin);
  const page = await openHost(embedUrl);
  const res = await page.embedResponse;
  assert.equal(res.headers()['content-security-policy'], cspFor(origin(siteCsp.url)), 'embed.html is served with the strict CSP');

  // Ready, once, from the viewer's origin; the map from ?src= is on screen, fitted, no chrome.
  const ready = await waitFor(page, 'journeymap:ready');
  assert.equal(ready[0].origin, origin(siteCsp.url));
  await viewerSettle(page);
  let m = await viewerModel(page);
  assert.equal(m.map.title, fixture.map.title);
  assert.deepEqual(m.map.cards.map((c) => c.text), fixture.map.cards.map((c) => c.text));
  let v = await viewerView(page);
  const box = await frameBox(page);
  assert.ok(v.grid.min[0] >= 0 && v.grid.min[1] >= 0 && v.grid.max[0] <= box.width + 1 && v.grid.max[1] <= box.height + 1,
            `the whole map fits in the frame: ${JSON.stringify(v.grid)}`);
  assert.ok(v.grid.min[1] < 120, 'no menu bar or banner above the map');
  // The spinner fades out for 0.4 s once the map is on screen; it must be gone by then.
  await page.viewer.waitForFunction(() => !document.getElementById('loading'), null, {timeout: 5000})
    .catch(() => assert.fail('the spinner is still up 5 s after the map was drawn'));
  const img = await shot(page, 'embed-host-page');
  // No menu bar: the brand's dark bold text is not at the frame's top-left; the map's title is there.
  // The zoom buttons in the bottom-right corner; no status bar text in the bottom-left.
  const fx = box.x, fy = box.y;
  assert.equal(countDark(region(img, fx, fy + box.height - 30, 300, 30)), 0, 'no status bar');
  // The viewer's one control up there is its "Text view" button (accessibility): left of it, nothing.
  const tv = await page.viewer.evaluate(() => document.getElementById('jm-tv-open').getBoundingClientRect().toJSON());
  assert.ok(tv.width > 0 && tv.top < 30, 'the Text view button is in the top corner');
  const right = Math.min(box.width, tv.left - 2);
  assert.ok(countNear(region(img, fx + right - 300, fy, 300, 30), [255, 255, 255], 4) < 100, 'no menu bar or inspector');

  // Read-only by default: a double-click on a cell opens no text field.
  const cell = v.cells[0][0];
  await page.mouse.dblclick(fx + cell[0] + cell[2] / 2, fy + cell[1] + cell[3] - 6);
  await page.waitForTimeout(400);
  assert.equal(await page.viewer.$('#jm-field'), null);
  // Pan (drag) and zoom (Ctrl+wheel, with the frame focused by the click) work.
  v = await viewerView(page);
  await page.mouse.move(fx + 400, fy + 300);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await viewerSettle(page);
  const zoomed = await viewerView(page);
  assert.ok(zoomed.zoom > v.zoom * 1.1, `Ctrl+wheel zoomed in (${v.zoom} -> ${zoomed.zoom})`);
  // A drag that starts on a card pans a read-only map (a card of the first lane still in view).
  const grab = centre(zoomed.cards.find((c) => { const [x, y] = centre(c.rect); return x > 250 && x < box.width - 50 && y > 100 && y < box.height - 100; }).rect);
  await page.mouse.move(fx + grab[0], fy + grab[1]);
  await page.mouse.down();
  await page.mouse.move(fx + grab[0] - 200, fy + grab[1] - 50, {steps: 8});
  await page.mouse.up();
  await viewerSettle(page);
  const panned = await viewerView(page);
  assert.ok(Math.abs(panned.scroll[0] - zoomed.scroll[0]) > 20, `dragging panned (${zoomed.scroll} -> ${panned.scroll})`);
  assert.deepEqual(await viewerModel(page), m, 'looking around changed nothing');

  // get: the map comes back to the asking origin, with the request id.
  await page.evaluate(() => window.send({type: 'journeymap:get', id: 'q1'}));
  let maps = await waitFor(page, 'journeymap:map');
  assert.equal(maps[0].origin, origin(siteCsp.url));
  assert.equal(maps[0].data.id, 'q1');
  assert.deepEqual(maps[0].data.map, m);

  // load, as an object and as a JSON string: a change event each, and get returns it.
  const changesBefore = (await received(page, 'journeymap:change')).length;
  const other = structuredClone(fixture);
  other.map.title = 'Loaded by the host page';
  other.map.cards = other.map.cards.slice(0, 5);
  await page.evaluate((doc) => window.send({type: 'journeymap:load', map: doc}), other);
  let changes = await waitFor(page, 'journeymap:change', changesBefore + 1);
  await page.evaluate(() => window.send({type: 'journeymap:get', id: 2}));
  maps = await waitFor(page, 'journeymap:map', 2);
  assert.equal(maps[1].data.id, 2);
  assert.equal(maps[1].data.map.map.title, 'Loaded by the host page');
  assert.equal(maps[1].data.map.map.cards.length, 5);
  assert.equal(maps[1].data.revision, changes[changes.length - 1].data.revision);
  other.map.title = 'Loaded as JSON text';
  await page.evaluate((text) => window.send({type: 'journeymap:load', map: text}), JSON.stringify(other));
  changes = await waitFor(page, 'journeymap:change', changesBefore + 2);
  assert.ok(changes[changes.length - 1].data.revision > changes[changes.length - 2].data.revision);
  m = await viewerModel(page);
  assert.equal(m.map.title, 'Loaded as JSON text');
  // A map the editor refuses: an error answer, the map unchanged.
  await page.evaluate(() => window.send({type: 'journeymap:load', map: {format: 'journeymap', version: 1, map: {stages: 'no'}}, id: 'bad'}));
  const errs = await waitFor(page, 'journeymap:error');
  assert.equal(errs[0].data.id, 'bad');
  assert.ok(errs[0].data.message.length > 5, errs[0].data.message);
  assert.deepEqual(await viewerModel(page), m);

  // readonly false: a real double-click and typing add a card, and the host hears of it.
  await viewerSettle(page);
  v = await viewerView(page);
  const nChanges = (await received(page, 'journeymap:change')).length;
  await page.evaluate(() => window.send({type: 'journeymap:readonly', value: false}));
  await page.waitForTimeout(200);
  const c2 = v.cells[1][1];
  await page.mouse.dblclick(fx + c2[0] + c2[2] / 2, fy + c2[1] + c2[3] - 6);
  await page.viewer.waitForSelector('#jm-field', {timeout: 5000});
  await page.keyboard.type('Added inside the frame');
  await page.keyboard.press('Enter');
  changes = await waitFor(page, 'journeymap:change', nChanges + 1);
  m = await viewerModel(page);
  assert.ok(m.map.cards.some((c) => c.text === 'Added inside the frame'));
  // readonly true again: click a card, Delete: nothing happens.
  await page.evaluate(() => window.send({type: 'journeymap:readonly', value: true}));
  await viewerSettle(page);
  v = await viewerView(page);
  await page.mouse.click(fx + centre(v.cards[0].rect)[0], fy + centre(v.cards[0].rect)[1]);
  await page.keyboard.press('Delete');
  await viewerSettle(page);
  assert.deepEqual(await viewerModel(page), m, 'read-only again');

  // Senders that are not the parent are ignored: another frame of another origin, and the viewer
  // itself. Malformed messages from the parent are ignored without an error.
  const before = await viewerModel(page);
  const intruder = structuredClone(fixture);
  intruder.map.title = 'Injected';
  await page.evil.evaluate((doc) => { parent.frames[0].postMessage({type: 'journeymap:load', map: doc}, '*');
                                      parent.frames[0].postMessage({type: 'journeymap:readonly', value: false}, '*'); }, intruder);
  await page.viewer.evaluate((doc) => window.postMessage({type: 'journeymap:load', map: doc}, '*'), intruder);
  const junk = [null, 42, 'journeymap:get', [], {}, {type: 7}, {type: 'journeymap:nothing'}, {type: 'journeymap:load'},
                {type: 'journeymap:load', map: 42}, {type: 'journeymap:load', map: '{not json'}, {type: 'journeymap:load', map: {format: 'other'}},
                {type: 'journeymap:load', map: [1, 2]}, {type: 'journeymap:readonly', value: 'no'}, {type: 'journeymap:readonly'},
                {type: 'journeymap:get', id: {nested: true}}];
  const nMaps = (await received(page, 'journeymap:map')).length;
  await page.evaluate((list) => { for (const j of list) window.send(j); }, junk);
  await page.evaluate(() => { const cyclic = {format: 'journeymap', map: {}}; cyclic.map.self = cyclic; window.send({type: 'journeymap:load', map: cyclic}); });
  await page.evaluate(() => window.send({type: 'journeymap:get', id: 'after junk'}));
  maps = await waitFor(page, 'journeymap:map', nMaps + 2);   // the junk get (no usable id) and this one
  assert.equal(maps[maps.length - 1].data.id, 'after junk');
  assert.equal(maps[maps.length - 2].data.id, undefined, 'an id that is not a string or number is not echoed');
  await viewerSettle(page);
  assert.deepEqual(await viewerModel(page), before, 'nothing from the other frame, the viewer itself or the junk changed the map');
  assert.equal((await received(page, 'journeymap:error')).length, 1, 'junk is not even answered with an error');
  // Still read-only: the other frame's readonly:false was ignored.
  v = await viewerView(page);
  await page.mouse.dblclick(fx + c2[0] + c2[2] / 2, fy + c2[1] + c2[3] - 6);
  await page.waitForTimeout(400);
  assert.equal(await page.viewer.$('#jm-field'), null);

  // One ready in all; no library: no IndexedDB database, nothing in localStorage.
  assert.equal((await received(page, 'journeymap:ready')).length, 1);
  assert.deepEqual(await page.viewer.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), []);
  assert.equal(await page.viewer.evaluate(() => localStorage.length), 0);
  // No CSP violation anywhere, no console error, no uncaught exception.
  assert.deepEqual(await page.viewer.evaluate(() => window.__csp), []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, [], 'no console errors');
  assert.ok(!page.logs.some((l) => /Content.Security.Policy|Refused to/i.test(l)), 'no CSP message in the console');
  await shot(page, 'embed-after-messages');
  await page.context().close();
});

// The viewer's zoom buttons (editor.cpp embed_controls) are drawn above the canvas window that fills
// the whole viewer.
test('the viewer draws its zoom buttons in the bottom-right corner', async () => {
  const page = await openHost(siteCsp.url + 'embed.html?src=maps/b2b.journey.json');
  await waitFor(page, 'journeymap:ready');
  await viewerSettle(page);
  const box = await frameBox(page);
  const img = await shot(page, 'embed-zoom-buttons');
  // The panel is white (255) on the canvas's tinted background, with dark "-", "Fit" and "+".
  const corner = region(img, box.x + box.width - 130, box.y + box.height - 56, 126, 52);
  assert.ok(countNear(corner, [255, 255, 255], 1) > 1000, 'a white panel in the corner');
  assert.ok(countDark(corner, 140) > 8, 'button labels drawn');
  await page.context().close();
});

test('with ?origin= set, messages from any other origin are ignored and events go to that origin only', async () => {
  const page = await openHost(siteCsp.url + 'embed.html?src=maps/b2b.journey.json&origin=' + encodeURIComponent('http://127.0.0.1:1'));
  await page.viewer.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await viewerSettle(page);
  const m = await viewerModel(page);
  assert.equal(m.map.title, fixture.map.title);
  await page.evaluate(() => {
    window.send({type: 'journeymap:get', id: 1});
    window.send({type: 'journeymap:load', map: {format: 'journeymap', version: 1, map: {title: 'Changed', stages: [], lanes: [], cards: [], next_id: 1}}});
  });
  await page.waitForTimeout(1500);
  await viewerSettle(page);
  assert.deepEqual(await page.evaluate(() => window.received), [], 'not even ready reaches a host of another origin');
  assert.deepEqual(await viewerModel(page), m, 'the load was ignored');
  // Browsers may report an event they did not deliver to a window of another origin: that is
  // the only console error allowed here.
  assert.ok(page.errors.every((e) => /target origin provided \('http:\/\/127\.0\.0\.1:1'\) does not match/.test(e)),
            page.errors.join('\n'));
  await page.context().close();
});

test('a map from another origin with CORS loads; a map that cannot be fetched says why', async () => {
  // Without the CSP (it allows no other origin to be read): the map from the host's server.
  let page = await openHost(sitePlain.url + 'embed.html?src=' + encodeURIComponent(hostSrv.url + 'maps/b2b.journey.json'));
  await waitFor(page, 'journeymap:ready');
  assert.equal((await viewerModel(page)).map.title, fixture.map.title);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  page = await openHost(sitePlain.url + 'embed.html?src=maps/missing.journey.json');
  page.errors = [];
  await waitFor(page, 'journeymap:ready');
  const msg = await page.viewer.evaluate(() => { const e = document.getElementById('jm-embed-message'); return e.hidden ? '' : e.textContent; });
  assert.match(msg, /could not be loaded from maps\/missing\.journey\.json \(HTTP 404\)/);
  assert.match((await viewerView(page)).toast, /HTTP 404/, 'told to the editor too (jm_notify)');
  await viewerSettle(page);
  await shot(page, 'embed-missing-map');
  // The 404 itself is the only console error (Chromium logs failed loads).
  assert.ok(page.errors.every((e) => /404/.test(e)), page.errors.join('\n'));
  await page.context().close();
});
