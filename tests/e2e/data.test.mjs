// Data on the map, page side, in a real Chromium: the B2B sample imported through the real file
// chooser into the analytics worker (the core in a Web Worker), aggregates in the saved map, a
// file with bad rows reported by line, a broken file refused without losing what was kept, no
// person id in the map a share link or an exported file carries, the raw files restored from
// IndexedDB after a reload, progress then Cancel on a large generated file while the editor keeps
// drawing, a person's journey and the rules, an Arabic map with the data panel
// (build/e2e-artifacts/data-ar.png), and the embedded viewer posting rule firings to its host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { launch, serve, openEditor, settle, shot, command, repo, site } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const DATA = path.join(repo, 'assets/data');
const SAMPLE = ['b2b-events.csv', 'b2b-responses.csv', 'b2b-paths.csv'].map((f) => path.join(DATA, f));
// attribution.h all_attribution_models(), in its order.
const MODELS = ['first', 'last', 'last_non_direct', 'linear', 'time_decay', 'position_u', 'position_j', 'position_inverse_j',
                'participation', 'markov', 'shapley', 'fractribution'];

let browser, srv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-data-'));
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); fs.rmSync(tmp, {recursive: true, force: true}); });

// Every person id in the sample's raw rows.
function samplePeople() {
  const ids = new Set();
  for (const f of SAMPLE.slice(0, 2)) {
    const [head, ...rows] = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const col = head.split(',').indexOf('person_id');
    for (const r of rows) { const id = r.split(',')[col]; if (id) ids.add(id); }
  }
  return [...ids];
}

const state = (page) => page.evaluate(() => window.jmData.state());
// Waits for one of the states `want`, reached after the state change numbered `after`.
async function waitState(page, want, after = 0, timeout = 60000) {
  const h = await page.waitForFunction(([want, after]) => {
    const s = window.jmData.state();
    return s.changes > after && want.includes(s.state) ? s : false;
  }, [want, after], {timeout, polling: 50});
  return h.jsonValue();
}
const changes = async (page) => (await state(page)).changes;
// The Data request that opens the file chooser, answered with `files` through the real chooser.
// A click first (on the middle of the status bar, where nothing is): a page may open a chooser
// only just after a user gesture.
async function chooseFiles(page, files) {
  const chooser = page.waitForEvent('filechooser', {timeout: 10000});
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 10);
  await page.evaluate(() => window.jmData.request('{"op":"import"}'));
  const fc = await chooser;
  assert.ok(fc.isMultiple(), 'several files can be chosen at once');
  await fc.setFiles(files);
}
// The map as the library saved it in IndexedDB (what File > Export and a share link carry).
async function savedMap(page) {
  return page.evaluate(async () => {
    await window.jm.saveNow();
    const id = window.jm.currentId();
    const db = await new Promise((res, rej) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const rec = await new Promise((res) => { const r = db.transaction('maps').objectStore('maps').get(id); r.onsuccess = () => res(r.result); });
    db.close();
    return rec ? rec.json : null;
  });
}
const lastJson = (page, fn) => page.evaluate((fn) => { const s = window.jmData.last[fn]; return s === undefined ? undefined : JSON.parse(s); }, fn);

let page;   // the editor page of the English tests, shared (one browser, one context)

test('the B2B sample through the real file chooser: the worker computes, the map keeps the aggregates', async () => {
  page = await openEditor(browser, srv.url);
  assert.equal(await command(page, 'template', 'b2b-phone-system.journey.json'), 1);
  await settle(page);
  await chooseFiles(page, SAMPLE);
  const s = await waitState(page, ['done', 'error']);
  assert.equal(s.state, 'done', s.message);
  assert.equal(s.progress, 1);
  assert.deepEqual([...s.stored.files].sort(), ['b2b-events.csv', 'b2b-paths.csv', 'b2b-responses.csv']);
  assert.ok(s.stored.events > 1000 && s.stored.responses > 100 && s.stored.paths > 100, JSON.stringify(s.stored));
  for (const r of s.reports) assert.ok(!r.error, r.name + ': ' + r.error);

  const agg = await lastJson(page, 'jm_data_aggregates');
  assert.ok(agg, 'the worker gave the editor aggregates');
  const scored = (agg.scores || []).flatMap((t) => t.scores || []).filter((x) => x.n > 0);
  assert.ok(scored.length > 0, 'scores with answers');
  const counts = (agg.funnel.steps || []).map((st) => st.count);
  assert.ok(counts.length >= 2, 'a funnel of at least two steps');
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i] <= counts[i - 1], `funnel never increases: ${counts}`);
  assert.deepEqual(agg.attribution.map((a) => a.model), MODELS, 'attribution for every model');

  // What the editor made of it: the saved map carries the aggregates (data_panel.cpp applies them).
  const hasEditor = await page.evaluate(() => typeof Module._jm_data_aggregates === 'function');
  if (hasEditor) {
    await page.waitForFunction(() => !!(window.jm.model().map.data || {}).aggregates, null, {timeout: 10000});
    const doc = JSON.parse(await savedMap(page));
    const a = doc.map.data.aggregates;
    assert.ok(a.scores.flatMap((t) => t.scores).some((x) => x.n > 0), 'the saved map has scores with n > 0');
    const c = a.funnel.steps.map((st) => st.count);
    for (let i = 1; i < c.length; i++) assert.ok(c[i] <= c[i - 1], `saved funnel never increases: ${c}`);
    assert.deepEqual(a.attribution.map((x) => x.model), MODELS);
  } else {
    console.log('# the editor has no jm_data_aggregates yet: the saved map was not checked');
  }
  assert.deepEqual(page.errors, []);
});

test('bad rows are reported with their line; a broken file is refused and nothing kept is lost', async () => {
  const bad = path.join(tmp, 'bad-answers.csv');
  // Line 1 is the header: line 3 has no valid time, line 4 an NPS of 15 (out of 0..10).
  fs.writeFileSync(bad, 'person_id,timestamp,metric,score\nq1,2026-01-05T10:00:00Z,nps,9\nq2,not a time,nps,8\nq3,2026-01-06T10:00:00Z,nps,15\nq4,2026-01-07T10:00:00Z,nps,7\n');
  let n = await changes(page);
  await chooseFiles(page, [bad]);
  let s = await waitState(page, ['done', 'error'], n);
  assert.equal(s.state, 'done', s.message);
  const r = s.reports.find((x) => x.name === 'bad-answers.csv');
  assert.ok(r, 'a report for the file');
  assert.equal(r.rows, 4);
  assert.equal(r.accepted, 2);
  const lines = Object.fromEntries(r.first.map((i) => [i.line, i.reason]));
  assert.equal(lines[3], 'BAD_TIMESTAMP', JSON.stringify(r.first));
  assert.equal(lines[4], 'SCORE_OUT_OF_RANGE', JSON.stringify(r.first));
  assert.equal(s.stored.files.length, 4);

  const broken = path.join(tmp, 'broken.csv');
  fs.writeFileSync(broken, 'colour,size\nred,3\n');
  n = await changes(page);
  await chooseFiles(page, [broken]);
  s = await waitState(page, ['error', 'done'], n);
  assert.equal(s.state, 'error');
  assert.match(s.message, /broken\.csv/, 'the message names the file');
  assert.deepEqual([...s.stored.files].sort(), ['b2b-events.csv', 'b2b-paths.csv', 'b2b-responses.csv', 'bad-answers.csv'],
                   'the files kept before are all still there');
});

test('a share link and an exported map hold the aggregates, no person id from the rows', async () => {
  const ids = samplePeople();
  assert.ok(ids.length > 50);
  const json = await savedMap(page);
  assert.ok(json);
  const found = ids.filter((id) => json.includes('"' + id + '"'));
  assert.deepEqual(found, [], 'no person id in the saved map');
  // The share link is made from the same JSON, compressed into the fragment: unpack it again.
  await page.evaluate(() => window.JMApp.share('link'));
  await page.waitForFunction(() => !!window.jmLastShare, null, {timeout: 10000});
  const linked = await page.evaluate(async () => {
    const url = window.jmLastShare.text;
    return window.JMApp.unpackMap(url.slice(url.indexOf('#map=') + 5));
  });
  assert.deepEqual(ids.filter((id) => linked.includes('"' + id + '"')), [], 'no person id in the share link');
  if (await page.evaluate(() => typeof Module._jm_data_aggregates === 'function'))
    assert.ok(JSON.parse(linked).map.data.aggregates, 'the link carries the aggregates');
});

test('after a reload the raw files come back from IndexedDB; people, a person and the rules', async () => {
  const before = await state(page);
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 60000});
  // data.js is added once the first frame is drawn: it may not be there yet.
  await page.waitForFunction((id) => window.jmData && window.jmData.state().mapId === id && window.jmData.state().stored.files.length === 4,
                             before.mapId, {timeout: 10000});
  const s = await state(page);
  assert.equal(s.workerLoaded, false, 'nothing parsed yet: files only');
  await page.evaluate(() => window.jmData.request('{"op":"people"}'));
  await page.waitForFunction(() => window.jmData.last.jm_data_people !== undefined, null, {timeout: 30000});
  const people = await lastJson(page, 'jm_data_people');
  assert.ok(people.length > 10, 'people listed');
  await page.evaluate((id) => window.jmData.request(JSON.stringify({op: 'person', id})), people[0]);
  await page.waitForFunction(() => window.jmData.last.jm_data_person !== undefined, null, {timeout: 30000});
  const person = await lastJson(page, 'jm_data_person');
  assert.equal(person.person, people[0]);
  assert.ok(person.entries.length > 0, 'the most active person has entries');
  for (let i = 1; i < person.entries.length; i++) assert.ok(person.entries[i].ts_ms >= person.entries[i - 1].ts_ms, 'time order');
  await page.evaluate(() => window.jmData.request('{"op":"rules"}'));
  await page.waitForFunction(() => window.jmData.last.jm_data_rules !== undefined, null, {timeout: 30000});
  const firings = await lastJson(page, 'jm_data_rules');
  assert.ok(Array.isArray(firings) && firings.length > 0, 'the default rules fire on the sample');
  assert.ok(firings.every((f) => f.rule && f.person), JSON.stringify(firings[0]));
  assert.deepEqual(page.errors, []);
});

test('progress then Cancel on a large file: the worker ends, the editor kept drawing', async () => {
  const big = path.join(tmp, 'big-events.csv');
  const out = fs.openSync(big, 'w');
  fs.writeSync(out, 'person_id,timestamp,event,channel\n');
  const events = ['visit', 'demo', 'trial', 'quote', 'purchase'], channels = ['web', 'email', 'phone'];
  let chunk = '';
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 1000000; i++) {
    chunk += `u${i % 50000},${new Date(t0 + i * 1000).toISOString()},${events[i % 5]},${channels[i % 3]}\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(out, chunk); chunk = ''; }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);

  const statuses = [];
  await page.exposeFunction('jmSeen', (s) => statuses.push(s));
  await page.evaluate(() => window.addEventListener('jm-data-status', (e) => window.jmSeen({...e.detail, t: performance.now()})));
  await chooseFiles(page, [big]);
  await page.waitForFunction(() => { const s = window.jmData.state(); return s.state === 'reading' && s.progress > 0; }, null, {timeout: 30000, polling: 20});
  // The editor answers while the worker reads: a key press wakes it and frames are drawn.
  const f0 = await page.evaluate(() => window.jm.frames());
  await page.keyboard.press('Shift');
  await page.waitForTimeout(200);
  const f1 = await page.evaluate(() => window.jm.frames());
  const mid = await state(page);
  assert.ok(['reading', 'computing'].includes(mid.state), 'still working: ' + mid.state);
  assert.ok(f1 > f0, `frames drawn while the worker runs (${f0} -> ${f1})`);
  await page.evaluate(() => window.jmData.request('{"op":"cancel"}'));
  const s = await waitState(page, ['cancelled'], 0, 5000);
  assert.equal(s.state, 'cancelled');
  assert.equal(await page.evaluate(() => window.jmData.worker()), null, 'the worker was terminated');
  assert.equal(s.stored.files.length, 4, 'the cancelled file was not kept');
  assert.equal(await command(page, 'fit'), 1, 'the editor still takes commands');
  // Progress reached the editor at most about ten times a second.
  const reading = statuses.filter((x) => x.state === 'reading');
  for (let i = 2; i < reading.length; i++) assert.ok(reading[i].t - reading[i - 2].t >= 150, 'status throttled');
  assert.ok(reading.some((x) => /big-events\.csv/.test(x.message)), 'progress names the file');
  // A fresh worker answers the next request.
  await page.evaluate(() => { delete window.jmData.last.jm_data_people; window.jmData.request('{"op":"people"}'); });
  await page.waitForFunction(() => window.jmData.last.jm_data_people !== undefined, null, {timeout: 30000});
  await page.context().close();
});

test('an Arabic map computes and the data panel shows', async () => {
  const p = await openEditor(browser, srv.url, {context: {locale: 'ar'}});
  assert.equal(await command(p, 'template', 'b2b-phone-system.ar.journey.json'), 1);
  await settle(p);
  await chooseFiles(p, SAMPLE);
  const s = await waitState(p, ['done', 'error']);
  assert.equal(s.state, 'done', s.message);
  const agg = await lastJson(p, 'jm_data_aggregates');
  assert.ok(agg.scores.flatMap((t) => t.scores).some((x) => x.n > 0));
  assert.equal(await command(p, 'panel', 'data'), 1, 'the data panel opens');
  await settle(p);
  await shot(p, 'data-ar');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('the embedded viewer runs the rules over the host page\'s data and posts each firing', async () => {
  const host = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname !== '/host.html') { res.writeHead(404).end(); return; }
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(`<!doctype html><meta charset="utf-8"><title>CRM</title>
<script>window.received = []; addEventListener('message', (e) => { if (e.source === document.getElementById('v').contentWindow) received.push(e.data); });</script>
<iframe id="v" src="${u.searchParams.get('embed')}" width="800" height="480"></iframe>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const csp = await startServer({root: site, port: 0, csp: true, quiet: true});
  const hostUrl = `http://127.0.0.1:${host.address().port}`;
  try {
    const ctx = await browser.newContext({viewport: {width: 1000, height: 640}});
    const p = await ctx.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const embed = csp.url + 'embed.html?origin=' + encodeURIComponent(hostUrl);
    await p.goto(hostUrl + '/host.html?embed=' + encodeURIComponent(embed));
    await p.waitForFunction(() => window.received.some((m) => m.type === 'journeymap:ready'), null, {timeout: 30000});
    const map = fs.readFileSync(path.join(repo, 'assets/templates/b2b-phone-system.journey.json'), 'utf8');
    const events = fs.readFileSync(SAMPLE[0], 'utf8'), responses = fs.readFileSync(SAMPLE[1], 'utf8');
    await p.evaluate(([map, events, responses, origin]) => {
      const v = document.getElementById('v').contentWindow;
      v.postMessage({type: 'journeymap:load', map}, origin);
      v.postMessage({type: 'journeymap:data', events, responses, id: 7}, origin);
    }, [map, events, responses, new URL(csp.url).origin]);
    const got = await p.waitForFunction(() => window.received.find((m) => m.type === 'journeymap:rules-done'), null, {timeout: 30000});
    const done = await got.jsonValue();
    const rules = await p.evaluate(() => window.received.filter((m) => m.type === 'journeymap:rule'));
    assert.equal(done.id, 7, 'the answer names the request');
    assert.ok(done.count > 0, 'the default rules fire on the sample');
    assert.equal(rules.length, done.count, 'one message per firing');
    assert.ok(rules.every((m) => m.firing && m.firing.rule && m.firing.person && m.id === 7));
    assert.deepEqual(errors, []);
    await ctx.close();
  } finally {
    host.close();
    csp.server.close();
  }
});
