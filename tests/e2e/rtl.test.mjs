// Arabic and Hebrew, end to end in Chromium: the interface language chosen from the browser's
// languages and switched from the Language menu with real clicks (the whole frame mirrors), new
// maps in the interface's language and direction, Arabic and Hebrew typed into cards through the
// keyboard, an input method composition (CDP) and the clipboard, and a screenshot of Arabic and
// Hebrew cards compared with a reference image (JM_UPDATE_REFERENCE=1 writes it anew).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, openEditor, settle, shot, view, model, command, centre, repo, artifacts, dblclickEdit, clickWidget } from './harness.mjs';
import { decodePng, region, countDark } from './png.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

const open = (locale = 'en-US', opts = {}) => openEditor(browser, srv.url, {width: 1280, height: 720, ...opts, context: {locale, ...(opts.context || {})}});
const quiet = (page) => settle(page, 80);
const tr = (page, key) => page.evaluate((k) => window.jm.tr(k), key);
const widgets = async (page) => (await view(page)).widgets;

// Opens the Language menu and picks `lang`. In one clean-clone run of the whole suite the menu
// title's click was missed twice (the menu did not open; the runs before and the file alone
// passed), after frames got cheaper. As a person would, the menu is clicked again then, and the
// retry is logged, so it is seen and not hidden.
async function chooseLanguage(page, lang) {
  for (let attempt = 1; ; attempt++) {
    await clickWidget(page, 'menu.language');
    if ((await widgets(page))['lang.' + lang] || attempt >= 3) break;
    console.error(`rtl tests: the Language menu did not open on click ${attempt}; clicking it again`);
  }
  await clickWidget(page, 'lang.' + lang);
  assert.equal((await view(page)).language, lang, `the interface is in ${lang} after the click`);
}

// Code points of a string, and whether any is an Arabic presentation form (a display form that
// must never reach the model).
const cps = (s) => [...s].map((c) => c.codePointAt(0));
const hasPresentationForms = (s) => cps(s).some((c) => (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF));

const fieldValue = (page) => page.evaluate(() => document.getElementById('jm-field')?.value ?? null);
async function fieldClosed(page) {
  try { await page.waitForSelector('#jm-field', {state: 'detached', timeout: 2000}); return true; } catch { return false; }
}
const editCell = (page, cell) => dblclickEdit(page, ...centre(cell));
// The card of `m` whose id is not among `ids` (ids are random: the newest is not the largest).
const cardIds = (m) => new Set(m.map.cards.map((c) => c.id));
const addedCard = (ids, m) => m.map.cards.find((c) => !ids.has(c.id));

// ---- Interface language ---------------------------------------------------------------------------

test('the interface language follows the browser: ar* is Arabic, he*/iw* Hebrew, anything else English', async () => {
  for (const [locale, want] of [['ar-EG', 'ar'], ['he-IL', 'he'], ['iw', 'he'], ['fr-FR', 'en']]) {
    const page = await open(locale);
    const v = await view(page);
    assert.equal(v.language, want, `${locale} -> ${want}`);
    assert.equal(v.ui_rtl, want !== 'en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), want);
    await page.context().close();
  }
});

test('switching the language from the menu with real clicks changes the strings and mirrors the frame, and is kept', async () => {
  const page = await open('en-US');
  await command(page, 'template', 'b2b');
  await quiet(page);
  let v = await view(page);
  assert.equal(v.language, 'en');
  assert.equal((await tr(page, 'menu.file')).text, 'File');
  assert.ok(v.widgets['menu.file'][0] < 300, 'File is on the left in English');
  assert.ok(v.grid.max[0] < 1000, 'the inspector is on the right');
  const before = await shot(page, 'rtl-switch-en');

  await chooseLanguage(page, 'ar');
  v = await view(page);
  const file = await tr(page, 'menu.file');
  assert.equal(file.text, 'ملف');
  // The display form ImGui draws: meem, lam, feh joined and in visual order (feh final first).
  assert.deepEqual(cps(file.display), [0xFED2, 0xFEE0, 0xFEE3]);
  assert.ok(v.widgets['menu.file'][0] > 1000, `the File menu is on the right (x ${v.widgets['menu.file'][0]})`);
  assert.ok(v.widgets['menu.help'][0] < v.widgets['menu.file'][0], 'the menus run from the right to the left');
  assert.ok(v.grid.min[0] > 250, `the inspector moved to the left (grid starts at ${v.grid.min[0]})`);
  assert.ok(v.ui_rtl);
  const after = await shot(page, 'rtl-switch-ar');
  // The menu bar was redrawn: its right end has ink now (Arabic titles), its left end the search box.
  const ink = (img, x) => countDark(region(img, x, 4, 200, 28), 140);
  assert.ok(ink(after, 1040) > ink(before, 1040) + 100, 'menu titles drawn at the right end');
  assert.equal(await page.evaluate(() => localStorage.getItem('journeymap.language')), 'ar', 'the choice is saved in this browser');

  // The map itself keeps its direction (a document property): only the frame mirrored.
  assert.equal((await model(page)).map.direction, 'ltr');

  // Kept across a reload, whatever the browser's languages say.
  await page.reload();
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined);
  await quiet(page);
  assert.equal((await view(page)).language, 'ar');

  await chooseLanguage(page, 'he');
  assert.equal((await tr(page, 'menu.file')).text, 'קובץ');
  assert.ok((await widgets(page))['menu.file'][0] > 1000);
  await shot(page, 'rtl-switch-he');
  await chooseLanguage(page, 'en');
  v = await view(page);
  assert.equal((await tr(page, 'menu.file')).text, 'File');
  assert.ok(v.widgets['menu.file'][0] < 300, 'back on the left');
  assert.deepEqual(page.errors, []);
});

test('a dialog closes from the far end of its title: the right in English, the left in Arabic', async () => {
  for (const locale of ['en-US', 'ar-EG']) {
    const page = await open(locale);
    assert.equal(await command(page, 'print', 'dialog'), 1);
    await quiet(page);
    const w = await widgets(page);
    assert.ok(w['dialog.close'] && w['print.preview'], `${locale}: the print dialog is open`);
    const close = w['dialog.close'][0] + w['dialog.close'][2] / 2, preview = w['print.preview'][0], right = preview + w['print.preview'][2];
    if (locale === 'en-US') assert.ok(close > right - 40, `${locale}: close at the right (${close} vs ${right})`);
    else assert.ok(close < preview + 40, `${locale}: close at the left (${close} vs ${preview})`);
    await clickWidget(page, 'dialog.close');
    await quiet(page);
    assert.ok(!(await widgets(page))['print.preview'], `${locale}: the dialog closed`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('a new map made in the Arabic interface is right to left, with Arabic names', async () => {
  const page = await open('ar');
  // The first start already gives a map in the interface's language.
  let m = await model(page);
  assert.equal(m.map.direction, 'rtl');
  assert.equal(m.map.title, 'رحلة بلا عنوان');
  // File > New from classic stages, by clicking.
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.new_classic');
  m = await model(page);
  assert.equal(m.map.direction, 'rtl');
  assert.equal(m.map.title, 'رحلة العميل');
  assert.deepEqual(m.map.stages.map((s) => s.name), ['الوعي', 'التقييم', 'الشراء', 'الاحتفاظ', 'المناصرة']);
  assert.equal(m.map.lanes[0].name, 'الإجراءات');
  assert.equal(m.map.lanes[1].name, 'نقاط الاتصال');
  const v = await view(page);
  // Right to left: the first stage's header is right of the second's.
  assert.ok(v.stages[0].header[0] > v.stages[1].header[0], 'the first stage is on the right');
  await shot(page, 'rtl-new-classic-ar');
  // And in Hebrew.
  await chooseLanguage(page, 'he');
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.new_blank');
  m = await model(page);
  assert.equal(m.map.direction, 'rtl');
  assert.deepEqual(m.map.stages.map((s) => s.name), ['שלב 1', 'שלב 2', 'שלב 3']);
  assert.equal(m.map.lanes[1].name, 'נקודות מגע');
  assert.deepEqual(page.errors, []);
});

// ---- Typing Arabic and Hebrew ------------------------------------------------------------------------

test('Arabic and Hebrew typed through the keyboard reach the model in logical order', async () => {
  const page = await open('ar');
  const v = await view(page);
  const arabic = 'يبحث العميل عن نظام هاتف جديد';
  let ids = cardIds(await model(page));
  await editCell(page, v.cells[0][0]);
  await page.keyboard.type(arabic);
  assert.equal(await fieldValue(page), arabic);
  await page.keyboard.press('Enter');
  assert.ok(await fieldClosed(page));
  await quiet(page);
  let card = addedCard(ids, await model(page));
  assert.equal(card.text, arabic);
  assert.ok(!hasPresentationForms(card.text), 'no display forms in the model');

  const hebrew = 'הלקוח מחפש מערכת טלפון חדשה';
  ids = cardIds(await model(page));
  await editCell(page, v.cells[0][1]);
  await page.keyboard.insertText(hebrew);
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('שלב 2');
  await page.keyboard.press('Enter');
  assert.ok(await fieldClosed(page));
  await quiet(page);
  card = addedCard(ids, await model(page));
  assert.equal(card.text, hebrew + '\nשלב 2');
  // Both cards are drawn (ink inside their rectangles).
  const v2 = await view(page);
  const img = await shot(page, 'rtl-typed');
  for (const c of (await model(page)).map.cards) {
    const r = v2.cards.find((x) => x.id === c.id).rect;
    assert.ok(countDark(region(img, r[0], r[1], r[2], r[3]), 120) > 60, `"${c.text}" drawn`);
  }
  assert.deepEqual(page.errors, []);
});

test('an input method composition (CDP Input.imeSetComposition, then insertText) commits Arabic and Hebrew words', async () => {
  const page = await open('he');
  const cdp = await page.context().newCDPSession(page);
  const v = await view(page);
  const before = (await model(page)).map.cards.length;
  for (const [cell, steps, word] of [[v.cells[0][0], ['ש', 'של', 'שלו'], 'שלום'], [v.cells[0][1], ['س', 'سل', 'سلا'], 'سلام']]) {
    const ids = cardIds(await model(page));
    await editCell(page, cell);
    for (const s of steps) await cdp.send('Input.imeSetComposition', {text: s, selectionStart: s.length, selectionEnd: s.length});
    // While composing, the field shows the composition and the map is unchanged.
    assert.equal(await fieldValue(page), steps.at(-1));
    assert.equal((await model(page)).map.cards.length, before + (word === 'שלום' ? 1 : 2), 'only the new, empty card');
    await cdp.send('Input.insertText', {text: word});
    assert.equal(await fieldValue(page), word, 'the composition is replaced by the committed word');
    await page.keyboard.press('Enter');
    assert.ok(await fieldClosed(page));
    await quiet(page);
    assert.equal(addedCard(ids, await model(page)).text, word);
  }
  assert.deepEqual(page.errors, []);
});

test('Arabic and Hebrew pasted onto the map become cards, and pasted into a card become its text', async () => {
  const page = await open('ar', {context: {permissions: ['clipboard-read', 'clipboard-write']}});
  const m0 = await model(page);
  const lines = ['نقاط الاتصال: الموقع والدردشة المباشرة', 'נקודות מגע: אתר וצ׳אט'];
  await page.evaluate((t) => navigator.clipboard.writeText(t), lines.join('\n'));
  const v = await view(page);
  await page.mouse.click(...centre(v.cells[3][1]));   // Pain points, stage 2 (a cell: the cursor)
  await quiet(page);
  await page.keyboard.press('Control+v');
  await quiet(page);
  const m = await model(page);
  const cells = m.map.cards.filter((c) => c.stage === m0.map.stages[1].id && c.lane === m0.map.lanes[3].id);
  assert.deepEqual(cells.map((c) => c.text), lines, 'two cards, in order, in logical text');

  // Into a card's text field: the browser pastes, the map gets the text on Enter.
  const word = 'رحلة العميل';
  await page.evaluate((t) => navigator.clipboard.writeText(t), word);
  const ids = cardIds(await model(page));
  await editCell(page, v.cells[0][2]);
  await page.keyboard.press('Control+v');
  assert.equal(await fieldValue(page), word);
  await page.keyboard.press('Enter');
  assert.ok(await fieldClosed(page));
  await quiet(page);
  assert.equal(addedCard(ids, await model(page)).text, word);
  assert.deepEqual(page.errors, []);
});

// ---- Screenshot of Arabic and Hebrew cards against a reference ---------------------------------------

const REF = path.join(repo, 'tests/reference/rtl-cards.png');
const UPDATE = process.env.JM_UPDATE_REFERENCE === '1';
// A pixel differs when a channel is off by more than PIXEL_TOL; the images match when at most
// MAX_FRACTION of the pixels differ (anti-aliasing may move by a pixel, text may not).
const PIXEL_TOL = 48, MAX_FRACTION = 0.01;

function compare(a, b) {
  if (a.width !== b.width || a.height !== b.height) return {fraction: 1, why: `size ${a.width}x${a.height} vs ${b.width}x${b.height}`};
  let diff = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if (Math.abs(a.data[i] - b.data[i]) > PIXEL_TOL || Math.abs(a.data[i + 1] - b.data[i + 1]) > PIXEL_TOL ||
        Math.abs(a.data[i + 2] - b.data[i + 2]) > PIXEL_TOL) diff++;
  return {fraction: diff / (a.width * a.height)};
}

// A right-to-left map of two stages and two lanes, with Arabic and Hebrew from the seed articles.
// `mangle` changes each text the way a broken text layer would draw it.
function cardsMap(mangle = (s) => s) {
  const texts = [
    'تصور رحلات العميل نقاط الاتصال والخطوات نحو الهدف',
    'يحدد مشاعر العملاء: راضٍ أو عالق أو محبط (45%)',
    'כל נקודת מגע היא הזדמנות לשפר את חוויית הלקוח',
    'ניהול מסע לקוח: מודעות, שקילה, רכישה (NPS 45)',
  ];
  const stages = [{id: 1, name: mangle('الوعي'), color: '#6366f1', width: 240}, {id: 2, name: mangle('שקילה'), color: '#0ea5e9', width: 240}];
  const lanes = [{id: 3, name: mangle('الإجراءات'), type: 'actions', color: '#64748b'}, {id: 4, name: mangle('נקודות כאב'), type: 'pain_points', color: '#ef4444'}];
  const cards = texts.map((t, i) => ({id: 5 + i, stage: 1 + (i % 2), lane: 3 + (i >> 1), order: 0, text: mangle(t)}));
  return JSON.stringify({format: 'journeymap', version: 1, map: {title: mangle('رحلة العميل'), direction: 'rtl', stages, lanes, cards, next_id: 9}});
}

// Loads the map in the English interface (the frame does not matter: the crop holds only cards)
// and returns the cropped screenshot of the four cards.
async function shootCards(page, json, file) {
  assert.equal(await command(page, 'load', json), 1);
  await command(page, 'zoom', '1');
  await quiet(page);
  const v = await view(page);
  assert.equal(v.cards.length, 4);
  const xs = v.cards.flatMap((c) => [c.rect[0], c.rect[0] + c.rect[2]]), ys = v.cards.flatMap((c) => [c.rect[1], c.rect[1] + c.rect[3]]);
  const clip = {x: Math.floor(Math.min(...xs)) - 6, y: Math.floor(Math.min(...ys)) - 6};
  clip.width = Math.ceil(Math.max(...xs)) + 6 - clip.x;
  clip.height = Math.ceil(Math.max(...ys)) + 6 - clip.y;
  return {img: decodePng(await page.screenshot({path: file, clip})), clip};
}

test('Arabic and Hebrew cards look as in the reference image; unshaped or unordered text does not', async () => {
  const page = await open('en-US');
  const {img, clip} = await shootCards(page, cardsMap(), path.join(artifacts, 'rtl-cards.png'));
  assert.ok(clip.width > 300 && clip.height > 80 && clip.width < 700, `a small crop of the cards: ${JSON.stringify(clip)}`);
  if (UPDATE || !fs.existsSync(REF)) {
    fs.mkdirSync(path.dirname(REF), {recursive: true});
    fs.copyFileSync(path.join(artifacts, 'rtl-cards.png'), REF);
    if (!UPDATE) assert.fail(`no reference image: wrote ${REF}; check it and commit it`);
  }
  const ref = decodePng(fs.readFileSync(REF));
  const same = compare(img, ref);
  assert.ok(same.fraction <= MAX_FRACTION, `${(same.fraction * 100).toFixed(2)} % of the pixels differ from ${path.relative(repo, REF)} ` +
    `(at most ${MAX_FRACTION * 100} %${same.why ? '; ' + same.why : ''}); see build/e2e-artifacts/rtl-cards.png`);

  // The comparison catches the regressions it is for. Unshaped: every Arabic letter in its
  // isolated form (a ZWNJ after each letter stops joining, as a missing shaper would).
  const unshaped = (s) => s.replace(/([\u0600-\u06FF])/g, '$1\u200C');
  const broken1 = await shootCards(page, cardsMap(unshaped), path.join(artifacts, 'rtl-cards-unshaped.png'));
  const d1 = compare(broken1.img, ref);
  assert.ok(d1.fraction > MAX_FRACTION * 3, `unshaped Arabic differs from the reference (${(d1.fraction * 100).toFixed(2)} % of pixels)`);
  // Unordered: the logical order drawn left to right (a missing bidi reordering), forced with
  // LEFT-TO-RIGHT OVERRIDE.
  const unordered = (s) => '\u202D' + s + '\u202C';
  const broken2 = await shootCards(page, cardsMap(unordered), path.join(artifacts, 'rtl-cards-unordered.png'));
  const d2 = compare(broken2.img, ref);
  assert.ok(d2.fraction > MAX_FRACTION * 3, `text in logical order differs from the reference (${(d2.fraction * 100).toFixed(2)} % of pixels)`);
  assert.deepEqual(page.errors, []);
});

// ---- The frame in each language, at desktop and phone width ----------------------------------------

// Screenshots to look at (build/e2e-artifacts/rtl-look-{lang}-{width}.png): a map in the
// interface's language with a card selected, so the menu bar, the map, the inspector (a side
// panel, or a bottom sheet on a phone) and the status bar all show. The checks are the ones the
// mirror must satisfy: menus and the side panel on the reading side, the first stage on the
// start side, no console error.
const lookMaps = {
  en: null,   // the B2B example template
  ar: fs.readFileSync(path.join(repo, 'tests/fixtures/rtl-ar.journey.json'), 'utf8'),
  he: fs.readFileSync(path.join(repo, 'tests/fixtures/rtl-he.journey.json'), 'utf8'),
};
for (const lang of ['en', 'ar', 'he']) {
  test(`the ${lang} interface at 1280x720 and 390x844: mirrored as its language reads`, async () => {
    for (const [width, height] of [[1280, 720], [390, 844]]) {
      const page = await open(lang === 'en' ? 'en-US' : lang, {width, height});
      if (lookMaps[lang]) assert.equal(await command(page, 'load', lookMaps[lang]), 1);
      else assert.equal(await command(page, 'template', 'b2b'), 1);
      await quiet(page);
      let v = await view(page);
      const rtl = lang !== 'en';
      assert.equal(v.language, lang);
      // Select the first card of the first stage's second lane (a touchpoint) with a click.
      const m = await model(page);
      const card = m.map.cards.find((c) => c.stage === m.map.stages[0].id && c.lane === m.map.lanes[1].id);
      const r = v.cards.find((c) => c.id === card.id).rect;
      await page.mouse.click(r[0] + Math.min(r[2] / 2, 60), r[1] + 10);
      await quiet(page);
      v = await view(page);
      assert.deepEqual(v.selection, [card.id]);
      const img = await shot(page, `rtl-look-${lang}-${width}`);
      const file = v.widgets['menu.file'], help = v.widgets['menu.help'];
      if (rtl) assert.ok(file[0] > help[0] && file[0] + file[2] > width * 0.75, `menus from the right (File at ${file[0]})`);
      else assert.ok(file[0] < help[0] && file[0] < 200, `menus from the left (File at ${file[0]})`);
      if (width >= 1000) {
        // The side panel: on the left right to left, on the right left to right.
        if (rtl) assert.ok(v.grid.min[0] > 250, `inspector on the left (grid from ${v.grid.min[0]})`);
        else assert.ok(v.grid.max[0] < width - 250, `inspector on the right (grid to ${v.grid.max[0]})`);
        // The panel has ink (its text) on its side.
        const panelX = rtl ? 0 : width - 320;
        assert.ok(countDark(region(img, panelX, 60, 320, 400), 140) > 400, 'the inspector shows the card');
      }
      // A right-to-left map starts on the right.
      if (lookMaps[lang]) assert.ok(v.stages[0].header[0] > v.stages[1].header[0], 'first stage on the right');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });
}
