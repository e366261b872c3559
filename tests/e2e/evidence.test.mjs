// Evidence behind cards, map governance and sub-journeys (issue #13) in a real Chromium: evidence
// added to a pain point through the inspector with real clicks and keys (kept in the map, undone,
// its badge drawn on the card), the "only assumptions" filter dimming what is backed, the map's
// owner, status and review dates typed and saved in My maps with the overdue chip by the title, a
// card's sub-journey opened from My maps (and through the real file chooser when it is not there)
// with the breadcrumb bar leading back. Screenshots in English and Arabic at desktop and phone
// sizes: build/e2e-artifacts/evidence-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, openEditorPatient as openEditor, settle, shot, model, view, command, clickWidget, revealWidget, typeInField } from './harness.mjs';
import { region, countNear } from './png.mjs';

let browser, srv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-evidence-'));
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); fs.rmSync(tmp, {recursive: true, force: true}); });

const RED = [220, 38, 38], GREEN = [4, 120, 87];
const PARENT = '5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5', CHILD = '0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a41', FILED = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';

// A small map: two stages, an actions lane and a pain points lane.
function mapJson(title, uid, cards) {
  return JSON.stringify({format: 'journeymap', version: 2, map: {
    title, uid, direction: 'ltr',
    stages: [{id: 1, name: 'Sign up', width: 260}, {id: 2, name: 'First month', width: 260}],
    lanes: [{id: 3, name: 'Actions', type: 'actions'}, {id: 4, name: 'Pain points', type: 'pain_points'}],
    cards}});
}
const parentMap = () => mapJson('Customer lifecycle', PARENT, [
  {id: 10, stage: 1, lane: 4, order: 0, text: 'Waits on hold for twenty minutes'},
  {id: 11, stage: 2, lane: 4, order: 0, text: 'Forms ask for the same things twice'},
  {id: 12, stage: 1, lane: 3, order: 0, text: 'Calls support',
   evidence: [{quote: '14 of 20 callers', kind: 'analytics', source: 'Call logs', date: '2026-10-01', confidence: 'observed'}]},
  {id: 13, stage: 2, lane: 3, order: 0, text: 'Gets started', journey: 'uid:' + CHILD},
  {id: 14, stage: 2, lane: 3, order: 1, text: 'Reads the welcome pack', journey: 'welcome-pack.journey.json'},
]);
const childMap = () => mapJson('Onboarding', CHILD, [{id: 10, stage: 1, lane: 3, order: 0, text: 'Creates an account'}]);

// Loads a map as a new entry of My maps and waits for the library to hold it as the current map.
async function loadSaved(page, json) {
  const want = JSON.parse(json).map;
  const t0 = await page.evaluate(() => Date.now());
  assert.equal(await command(page, 'load', json), 1);
  await page.waitForFunction(async ([title, uid, t0]) => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const get = (store, key) => new Promise((res) => { const r = db.transaction(store).objectStore(store).get(key); r.onsuccess = () => res(r.result); r.onerror = () => res(null); });
    const cur = await get('kv', 'current');
    const rec = cur && await get('maps', cur.v);
    db.close();
    if (!rec || rec.created < t0) return false;
    try { const m = JSON.parse(rec.json).map; return m.title === title && m.uid === uid; } catch (e) { return false; }
  }, [want.title, want.uid, t0], {timeout: 15000, polling: 100});
  await settle(page);
}

const cardRect = async (page, id) => (await view(page)).cards.find((c) => c.id === id).rect;
// The backing badge: on the card's bottom edge, at its end (right) side.
async function badgePixels(page, id, name) {
  const r = await cardRect(page, id);
  const img = await shot(page, name);
  return region(img, r[0] + r[2] - 44, r[1] + r[3] - 9, 40, 18);
}
const cardPixels = async (page, id, img) => { const r = await cardRect(page, id); return region(img, r[0] + 8, r[1] + 6, r[2] - 16, r[3] - 16); };
const darkCount = (px) => px.filter(([r, g, b]) => r + g + b < 300).length;

// One desktop page for the tests below, run in order (an editor start is the slow part): My maps
// holds the sub-journey "Onboarding" and then "Customer lifecycle", which is on screen.
let desk = null;
async function desktop() {
  if (desk) return desk;
  desk = await openEditor(browser, srv.url);
  await loadSaved(desk, childMap());
  await loadSaved(desk, parentMap());
  return desk;
}
after(() => desk?.context().close().catch(() => {}));

test('evidence typed into a pain point through the inspector: kept, undone, badged; the assumptions filter dims what is backed', async () => {
  const page = await desktop();
  // Before: the unsupported pain point carries a hollow red meter, the observed action a green one.
  let px = await badgePixels(page, 11, 'evidence-before');
  assert.ok(countNear(px, RED, 50) >= 8, `red outline of the unsupported badge (${countNear(px, RED, 50)})`);
  assert.ok(countNear(px, GREEN, 50) < 4, 'no green on it yet');
  const obs = await badgePixels(page, 12, 'evidence-before');
  assert.ok(countNear(obs, GREEN, 50) >= 20, `filled green meter of the observed card (${countNear(obs, GREEN, 50)})`);

  // Select the card with a real click, add evidence: its quote opens for typing at once.
  const r = await cardRect(page, 11);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await settle(page);
  assert.deepEqual((await view(page)).selection, [11]);
  await revealWidget(page, 'evidence.add');
  await typeInField(page, 'I filled in my address three times');
  let m = await model(page);
  let card = m.map.cards.find((c) => c.id === 11);
  assert.equal(card.evidence.length, 1);
  assert.equal(card.evidence[0].quote, 'I filled in my address three times');
  // How it was learnt: Observed, from the combo.
  await revealWidget(page, 'evidence.confidence.0#11');
  await clickWidget(page, 'evidence.confidence.0.observed');
  await revealWidget(page, 'evidence.kind.0#11');
  await clickWidget(page, 'evidence.kind.0.survey');
  await revealWidget(page, 'evidence.source.0#11');
  await typeInField(page, 'Onboarding survey Q3');
  // A date that is no date is flagged while it is typed and refused when committed.
  await revealWidget(page, 'evidence.date.0#11');
  await typeInField(page, '2026-13', {enter: false});
  assert.match((await view(page)).journey.bad_date, /^evidence\.date\.0#11$/);
  await typeInField(page, '2026-13-45');
  assert.match((await view(page)).toast, /2026-13-45/);
  await revealWidget(page, 'evidence.date.0#11');
  await typeInField(page, '2026-11-02');
  card = (await model(page)).map.cards.find((c) => c.id === 11);
  assert.deepEqual(card.evidence, [{quote: 'I filled in my address three times', kind: 'survey', source: 'Onboarding survey Q3', date: '2026-11-02', confidence: 'observed'}]);
  // Undo takes the date back, redo brings it again: every edit is one step.
  await command(page, 'undo');
  assert.equal((await model(page)).map.cards.find((c) => c.id === 11).evidence[0].date ?? '', '');
  await command(page, 'redo');
  assert.equal((await model(page)).map.cards.find((c) => c.id === 11).evidence[0].date, '2026-11-02');
  await settle(page);
  // The badge is now a filled green meter.
  px = await badgePixels(page, 11, 'evidence-after');
  assert.ok(countNear(px, GREEN, 50) >= 20, `green badge once observed (${countNear(px, GREEN, 50)})`);

  // The summary counts the one pain point left without evidence; a click shows only assumptions.
  await page.keyboard.press('Escape');
  await command(page, 'panel', 'summary');
  await settle(page);
  const plain = await shot(page, 'evidence-filter-off');
  const backed0 = darkCount(await cardPixels(page, 12, plain)), bare0 = darkCount(await cardPixels(page, 10, plain));
  await clickWidget(page, 'summary.unsupported');
  assert.equal((await view(page)).assumptions_only, true);
  const filtered = await shot(page, 'evidence-filter-on');
  const backed1 = darkCount(await cardPixels(page, 12, filtered)), bare1 = darkCount(await cardPixels(page, 10, filtered));
  assert.ok(backed0 > 20 && backed1 < backed0 * 0.3, `the observed card is dimmed (${backed0} -> ${backed1} dark pixels)`);
  assert.ok(bare1 > bare0 * 0.8, `the unsupported one stays (${bare0} -> ${bare1})`);
  await clickWidget(page, 'summary.unsupported');
  assert.equal((await view(page)).assumptions_only, false);
  assert.deepEqual(page.errors, []);
});

test('governance typed in the map inspector is saved in My maps; an overdue review is flagged by the title', async () => {
  const page = await desktop();
  await page.keyboard.press('Escape');   // nothing selected: the map's properties
  await revealWidget(page, 'gov.owner#0');
  await typeInField(page, 'CX team');
  await revealWidget(page, 'gov.status');
  await clickWidget(page, 'gov.status.published');
  await revealWidget(page, 'gov.reviewed#0');
  await typeInField(page, '2025-12-01');
  await revealWidget(page, 'gov.review_due#0');
  await typeInField(page, '2026-02-30');   // no such day
  assert.equal((await model(page)).map.review_due ?? '', '');
  await revealWidget(page, 'gov.review_due#0');
  await typeInField(page, '2026-03-01');
  const m = (await model(page)).map;
  assert.deepEqual([m.owner, m.status, m.reviewed, m.review_due], ['CX team', 'published', '2025-12-01', '2026-03-01']);
  assert.equal((await view(page)).review_overdue, true);
  // The chip by the title says it in red (and in words: "Review overdue").
  const v = await view(page);
  const img = await shot(page, 'evidence-governance');
  const band = region(img, v.grid.min[0], v.grid.min[1] - 150, 700, 70);
  assert.ok(countNear(band, RED, 40) > 40, `a red "review overdue" chip near the title (${countNear(band, RED, 40)})`);
  // Saved: the library's copy holds the fields.
  await page.waitForFunction(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('journeymap'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await new Promise((res) => { const r = db.transaction('maps').objectStore('maps').getAll(); r.onsuccess = () => res(r.result); });
    db.close();
    return all.some((rec) => { try { const j = JSON.parse(rec.json).map; return j.owner === 'CX team' && j.review_due === '2026-03-01' && j.status === 'published'; } catch (e) { return false; } });
  }, null, {timeout: 5000});
  // "Mark reviewed today" moves the next review past today: no longer overdue.
  await revealWidget(page, 'gov.reviewed_today');
  assert.equal((await view(page)).review_overdue, false);
  assert.deepEqual(page.errors, []);
});

test('a sub-journey opens from My maps and the breadcrumb leads back; one not in My maps comes through the file chooser', async () => {
  const page = await desktop();
  await loadSaved(page, parentMap());   // the map as it was (a new copy in My maps)
  // The stacked-maps badge on the card with a sub-journey: accent pixels at its bottom edge.
  const r = await cardRect(page, 13);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await settle(page);
  await revealWidget(page, 'journey.open');
  await page.waitForFunction((uid) => window.jm.model().map.uid === uid, CHILD, {timeout: 8000});
  await settle(page);
  let v = await view(page);
  assert.deepEqual(v.journey.trail.map((c) => c.title), ['Customer lifecycle']);
  assert.ok(v.widgets['journey.crumb.0'] && v.widgets['journey.crumb.current'], 'breadcrumb bar drawn');
  await shot(page, 'evidence-breadcrumbs');
  // An edit here is saved to this map, not the parent.
  await clickWidget(page, 'journey.crumb.0');
  await page.waitForFunction((uid) => window.jm.model().map.uid === uid, PARENT, {timeout: 8000});
  await settle(page);
  v = await view(page);
  assert.deepEqual(v.journey.trail, []);
  assert.equal(v.widgets['journey.crumb.0'], undefined);
  // A click on the card's sub-journey mark opens the map too, and the breadcrumb leads back again.
  const mark = v.journey_marks.find(([card]) => card === 13);
  assert.ok(mark, 'card 13 has a sub-journey mark: ' + JSON.stringify(v.journey_marks));
  await page.mouse.move(mark[1][0] + mark[1][2] / 2, mark[1][1] + mark[1][3] / 2);
  await settle(page, 80);
  await page.mouse.click(mark[1][0] + mark[1][2] / 2, mark[1][1] + mark[1][3] / 2);
  await page.waitForFunction((uid) => window.jm.model().map.uid === uid, CHILD, {timeout: 8000});
  await settle(page);
  assert.deepEqual((await view(page)).journey.trail.map((c) => c.title), ['Customer lifecycle']);
  await clickWidget(page, 'journey.crumb.0');
  await page.waitForFunction((uid) => window.jm.model().map.uid === uid, PARENT, {timeout: 8000});
  await settle(page);

  // A sub-journey by file name that My maps does not hold: said, and the file chooser offered.
  const file = path.join(tmp, 'welcome-pack.journey.json');
  fs.writeFileSync(file, mapJson('Welcome pack', FILED, [{id: 10, stage: 1, lane: 3, order: 0, text: 'Opens the box'}]));
  const r14 = await cardRect(page, 14);
  await page.mouse.click(r14[0] + r14[2] / 2, r14[1] + r14[3] / 2);
  await settle(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', {timeout: 8000}), revealWidget(page, 'journey.open')]);
  assert.match((await view(page)).toast, /welcome-pack\.journey\.json/);
  await chooser.setFiles(file);
  await page.waitForFunction((uid) => window.jm.model().map.uid === uid, FILED, {timeout: 8000});
  await settle(page);
  v = await view(page);
  assert.deepEqual(v.journey.trail.map((c) => c.title), ['Customer lifecycle']);
  assert.deepEqual(page.errors, []);
});

// What a designer looks at: the inspector's evidence section, the badges, the status chip and the
// breadcrumb bar, in English and Arabic, on a desktop and a phone.
for (const [w, h] of [[1280, 720], [390, 844]]) {
  test(`screenshots ${w}x${h} in English and Arabic`, async (t) => {
    const page = w === 1280 ? await desktop() : await openEditor(browser, srv.url, {width: w, height: h});
    if (page !== desk) t.after(() => page.context().close().catch(() => {}));
    for (const lang of ['en', 'ar']) {
      if (lang !== 'en') {
        await command(page, 'language', lang);
        await page.waitForFunction((l) => window.jm.view().language === l, lang, {timeout: 10000});
      }
      if (page !== desk && lang === 'en') await loadSaved(page, childMap());
      const doc = JSON.parse(parentMap());
      Object.assign(doc.map, {owner: 'CX team', status: 'in_review', reviewed: '2025-06-01', review_due: '2025-09-01'});
      if (lang === 'ar') {   // an Arabic map, right to left: the badges go to the cards' left end
        doc.map.direction = 'rtl';
        doc.map.title = 'دورة حياة العميل';
        doc.map.stages[0].name = 'التسجيل';
        doc.map.stages[1].name = 'الشهر الأول';
        doc.map.cards[0].text = 'ينتظر على الخط عشرين دقيقة';
        doc.map.cards[1].text = 'النماذج تطلب المعلومات نفسها مرتين';
        doc.map.cards[2].text = 'يتصل بالدعم';
        doc.map.cards[3].text = 'يبدأ الاستخدام';
        doc.map.cards[4].text = 'يقرأ حزمة الترحيب';
      }
      doc.map.cards[1].evidence = [{quote: 'I filled in my address three times', kind: 'survey', source: 'Onboarding survey Q3', date: '2026-11-02', confidence: 'reported'},
                                   {quote: 'We think forms are the problem', kind: 'other', confidence: 'assumed'}];
      await loadSaved(page, JSON.stringify(doc));
      await command(page, 'select_card', '13');
      await command(page, 'open_journey', '13');
      await page.waitForFunction((uid) => window.jm.model().map.uid === uid, CHILD, {timeout: 8000});
      await settle(page);
      await shot(page, `evidence-crumbs-${w}-${lang}`);
      await clickWidget(page, 'journey.crumb.0');
      await page.waitForFunction((uid) => window.jm.model().map.uid === uid, PARENT, {timeout: 8000});
      await command(page, 'select_card', '11');
      await settle(page);
      const ev11 = (await model(page)).map.cards.find((c) => c.id === 11).evidence;
      assert.equal(ev11?.length, 2, `${lang}: back on the map the sub-journey was opened from (${JSON.stringify((await view(page)).journey)})`);
      await revealWidget(page, 'evidence.source.1#11', 'inspector', {press: false});   // the evidence section in view
      await shot(page, `evidence-card-${w}-${lang}`);
      await page.keyboard.press('Escape');
      await settle(page);
      await shot(page, `evidence-map-${w}-${lang}`);
    }
    assert.deepEqual(page.errors, []);
  });
}
