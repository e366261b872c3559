// The panels in a real Chromium: a persona's picture chosen through the real file chooser, kept in
// the map as a data URL and drawn as a texture; the browser-wide persona library in IndexedDB
// carrying a persona into another map; metrics and comments typed through the inspector; an
// action made from a pain point, edited and sorted in the actions table with real clicks and
// exported as CSV through a real download; the persona card; screenshots in English and Arabic
// at desktop and phone sizes (build/e2e-artifacts/panels-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, openEditor, settle, shot, model, view, command, clickWidget, revealWidget, typeInField } from './harness.mjs';
import { decodePng, region, countNear } from './png.mjs';

let browser, srv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-panels-'));
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); fs.rmSync(tmp, {recursive: true, force: true}); });

const RED = [225, 29, 72], BLUE = [37, 99, 235];

// An 800x600 picture, red on the left half and blue on the right, encoded by the browser.
async function makePicture(page, type, name) {
  const b64 = await page.evaluate(async (type) => {
    const c = document.createElement('canvas');
    c.width = 800;
    c.height = 600;
    const g = c.getContext('2d');
    g.fillStyle = '#e11d48';
    g.fillRect(0, 0, 400, 600);
    g.fillStyle = '#2563eb';
    g.fillRect(400, 0, 400, 600);
    const blob = await new Promise((r) => c.toBlob(r, type, 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, type);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Buffer.from(b64, 'base64'));
  return file;
}

const readPersonaLibrary = (page) => page.evaluate(async () => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('journeymap-personas'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const all = await new Promise((res, rej) => { const r = db.transaction('personas').objectStore('personas').getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  db.close();
  return all;
});

test('a persona gets its picture through the real file chooser, kept in the map as a small data URL and drawn', async () => {
  const page = await openEditor(browser, srv.url);
  await command(page, 'panel', 'personas');
  await settle(page);
  // A new persona opens its form with the name field ready for typing.
  await clickWidget(page, 'panel.new_persona_button');
  await typeInField(page, 'Mona Haddad');
  let m = await model(page);
  assert.equal(m.map.personas.length, 1);
  const p = m.map.personas[0];
  assert.equal(p.name, 'Mona Haddad');
  assert.match(p.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal((await view(page)).panels.persona_open, p.id);
  // Arabic typed into the quote (the browser field shapes it as any web page does).
  await revealWidget(page, 'persona.quote#' + p.id, 'side_panel');
  await typeInField(page, 'أريد أن تعمل الهواتف من اليوم الأول.', {arabic: true});
  assert.equal((await model(page)).map.personas[0].quote, 'أريد أن تعمل الهواتف من اليوم الأول.');

  // Before: the initials on a coloured disc, no texture.
  await revealWidget(page, 'panel.choose_image', 'side_panel');
  let v = await view(page);
  assert.deepEqual(v.panels.avatars_drawn, []);
  const png = await makePicture(page, 'image/png', 'mona.png');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'panel.choose_image')]);
  assert.equal(chooser.isMultiple(), false);
  await chooser.setFiles(png);
  await page.waitForFunction(() => window.jm.model().map.personas[0].avatar?.image, null, {timeout: 10000});
  m = await model(page);
  const url = m.map.personas[0].avatar.image;
  assert.match(url, /^data:image\/png;base64,/);
  assert.ok(url.length < 256 * 1024, `data URL of ${url.length} characters`);
  // Scaled down in the browser to at most 256 px, keeping its shape (800x600 -> 256x192).
  const img = decodePng(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  assert.deepEqual([img.width, img.height], [256, 192]);
  // Drawn as a texture: the editor says so, and the pixels in the avatar circle are the picture's
  // red and blue (its centred square: half red, half blue), not an initials disc.
  await page.waitForFunction((id) => window.jm.view().panels.avatars_drawn.includes(id), p.id, {timeout: 10000});
  await settle(page);
  v = await view(page);
  const a = v.widgets['persona.avatar'];
  const screen = await shot(page, 'panels-avatar');
  const px = region(screen, a[0] + a[2] * 0.2, a[1] + a[3] * 0.2, a[2] * 0.6, a[3] * 0.6);
  assert.ok(countNear(px, RED, 40) > px.length * 0.2, 'red half of the picture in the avatar');
  assert.ok(countNear(px, BLUE, 40) > px.length * 0.2, 'blue half of the picture in the avatar');

  // A JPEG stays a JPEG; a file that is not a picture is refused with a message, the map unchanged.
  const jpg = await makePicture(page, 'image/jpeg', 'mona.jpg');
  const [c2] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'panel.choose_image')]);
  await c2.setFiles(jpg);
  await page.waitForFunction(() => window.jm.model().map.personas[0].avatar.image.startsWith('data:image/jpeg;base64,'), null, {timeout: 10000});
  const before = (await model(page)).map.personas[0].avatar.image;
  const txt = path.join(tmp, 'notes.txt');
  fs.writeFileSync(txt, 'not a picture');
  const [c3] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'panel.choose_image')]);
  await c3.setFiles(txt);
  await page.waitForFunction(() => /PNG or JPEG/.test(window.jm.view().toast), null, {timeout: 5000});
  assert.equal((await model(page)).map.personas[0].avatar.image, before);
  // One undo takes the JPEG back to the PNG.
  await page.keyboard.press('Control+Z');
  await settle(page);
  assert.match((await model(page)).map.personas[0].avatar.image, /^data:image\/png;base64,/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a persona saved to the browser library is added to another map, picture and all', async () => {
  const page = await openEditor(browser, srv.url);
  const png = await makePicture(page, 'image/png', 'lib.png');
  await command(page, 'panel', 'personas');
  await clickWidget(page, 'panel.new_persona_button');
  await typeInField(page, 'David Levi');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'panel.choose_image')]);
  await chooser.setFiles(png);
  await page.waitForFunction(() => window.jm.model().map.personas[0].avatar?.image, null, {timeout: 10000});
  // Goals typed into the list: each Enter adds one and opens the next.
  await revealWidget(page, 'persona.list.goals.new#' + (await model(page)).map.personas[0].id, 'side_panel');
  await typeInField(page, 'Fewer missed calls');
  await page.keyboard.press('Escape');
  await settle(page);
  const original = (await model(page)).map.personas[0];
  assert.deepEqual(original.goals, ['Fewer missed calls']);
  await revealWidget(page, 'panel.save_to_library', 'side_panel');
  await page.waitForFunction(() => window.jm.view().panels.library.length === 1, null, {timeout: 5000});
  // In IndexedDB, by uid, the whole persona.
  const stored = await readPersonaLibrary(page);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].uid, original.uid);
  const json = JSON.parse(stored[0].json);
  assert.equal(json.name, 'David Levi');
  assert.equal(json.avatar.image, original.avatar.image);
  assert.deepEqual(json.goals, ['Fewer missed calls']);

  // Another map, from the File menu: no personas of its own.
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.new_blank');
  assert.equal((await model(page)).map.personas?.length ?? 0, 0);
  await command(page, 'panel', 'personas');
  await settle(page);
  await clickWidget(page, 'panel.add_from_library');
  await page.waitForFunction(() => window.jm.view().panels.library_listed, null, {timeout: 5000});
  await clickWidget(page, 'library.add.' + original.uid);
  const added = (await model(page)).map.personas;
  assert.equal(added.length, 1);
  assert.equal(added[0].uid, original.uid);
  assert.equal(added[0].name, 'David Levi');
  assert.equal(added[0].avatar.image, original.avatar.image);
  // Adding it again updates the same persona rather than making a second one.
  await clickWidget(page, 'library.add.' + original.uid);
  assert.equal((await model(page)).map.personas.length, 1);
  await clickWidget(page, 'library.close');

  // The library is the browser's, not the page's: another tab lists the persona too.
  const other = await page.context().newPage();
  await other.goto(srv.url);
  await other.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await other.evaluate(() => window.jm.command('persona_library', '0'));
  await other.waitForFunction((uid) => window.jm.view().panels.library.some((p) => p.uid === uid && p.has_image), original.uid, {timeout: 5000});
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a metric and a comment are added through the inspector', async () => {
  const page = await openEditor(browser, srv.url);
  await command(page, 'template', 'b2b-phone-system.journey');
  await settle(page);
  let m = await model(page);
  const painLane = m.map.lanes.find((l) => l.type === 'pain_points').id;
  const card = m.map.cards.find((c) => c.lane === painLane);
  assert.equal(await command(page, 'select_card', card.id), 1);
  await settle(page);
  // A metric of a kind from the combo; value and target typed (the target in Arabic digits).
  await revealWidget(page, 'metric.add', 'inspector');
  await clickWidget(page, 'metric.add.csat');
  m = await model(page);
  let metric = m.map.cards.find((c) => c.id === card.id).metrics[0];
  assert.equal(metric.kind, 'csat');
  await revealWidget(page, 'metric.value.0#' + card.id, 'inspector');
  await typeInField(page, '72');
  await revealWidget(page, 'metric.target.0#' + card.id, 'inspector');
  await typeInField(page, '٨٥', {arabic: true});
  metric = (await model(page)).map.cards.find((c) => c.id === card.id).metrics[0];
  assert.equal(metric.value, 72);
  assert.equal(metric.target, 85);
  // Not a number: refused with a message, the value kept.
  await revealWidget(page, 'metric.value.0#' + card.id, 'inspector');
  await typeInField(page, 'lots');
  assert.match((await view(page)).toast, /not a number/);
  assert.equal((await model(page)).map.cards.find((c) => c.id === card.id).metrics[0].value, 72);

  // The first comment asks for the author's name once, then opens the comment itself.
  await revealWidget(page, 'author#' + card.id, 'inspector');
  await typeInField(page, 'Lina');
  await typeInField(page, 'ظهرت في ١٤ من ٢٠ مقابلة', {arabic: true});
  m = await model(page);
  const comments = m.map.cards.find((c) => c.id === card.id).comments;
  assert.equal(comments.length, 1);
  assert.equal(comments[0].author, 'Lina');
  assert.equal(comments[0].text, 'ظهرت في ١٤ من ٢٠ مقابلة');
  assert.match(comments[0].time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(await page.evaluate(() => localStorage.getItem('journeymap.author')), 'Lina');
  assert.equal((await view(page)).panels.author, 'Lina');
  // Her own comment can be edited; deleting is one undoable step.
  await revealWidget(page, 'comment.edit.' + comments[0].id, 'inspector');
  await typeInField(page, 'Seen in 14 of 20 interviews');
  assert.equal((await model(page)).map.cards.find((c) => c.id === card.id).comments[0].text, 'Seen in 14 of 20 interviews');
  await revealWidget(page, 'comment.delete.' + comments[0].id, 'inspector');
  assert.equal((await model(page)).map.cards.find((c) => c.id === card.id).comments?.length ?? 0, 0);
  await page.keyboard.press('Control+Z');
  await settle(page);
  assert.equal((await model(page)).map.cards.find((c) => c.id === card.id).comments.length, 1);
  await shot(page, 'panels-inspector-metric-comment');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('actions: made from pain points, status edited and sorted in the table, exported as CSV', async () => {
  const page = await openEditor(browser, srv.url, {context: {acceptDownloads: true}});
  await command(page, 'template', 'b2b-phone-system.journey');
  await settle(page);
  const m = await model(page);
  m.map.actions = [];   // the template's own actions out: this test counts the ones it makes
  assert.equal(await command(page, 'load', JSON.stringify(m)), 1);
  await settle(page);
  const painLane = m.map.lanes.find((l) => l.type === 'pain_points').id;
  const pains = m.map.cards.filter((c) => c.lane === painLane).slice(0, 3);
  for (const card of pains) {
    await command(page, 'select_card', card.id);
    await settle(page);
    await revealWidget(page, 'panel.create_action', 'inspector');
  }
  let actions = (await model(page)).map.actions;
  assert.equal(actions.length, 3);
  actions.forEach((a, i) => {
    assert.equal(a.kind, 'action');
    assert.equal(a.title, pains[i].text.split('\n')[0]);
    assert.deepEqual(a.cards, [pains[i].id]);
  });
  let v = await view(page);
  assert.equal(v.panels.bottom, 'actions', 'the table opens with the new action');
  assert.deepEqual(v.panels.actions_rows, actions.map((a) => a.id));

  // Status of the second action: open its combo and pick "In progress".
  const second = actions[1].id;
  await clickWidget(page, `actions.${second}.status`);
  await clickWidget(page, `actions.${second}.status.opt.2`);
  actions = (await model(page)).map.actions;
  assert.equal(actions[1].status, 'in_progress');
  assert.equal(actions[0].status ?? 'idea', 'idea');
  // Impact of the first: 5, through its combo.
  await clickWidget(page, `actions.${actions[0].id}.impact`);
  await clickWidget(page, `actions.${actions[0].id}.impact.opt.5`);
  assert.equal((await model(page)).map.actions[0].impact, 5);

  // Sort by title: a click on its header sorts ascending, another descending.
  const byTitle = [...actions].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)).map((a) => a.id);
  await clickWidget(page, 'actions.col.title');
  v = await view(page);
  assert.deepEqual(v.panels.actions_rows, byTitle);
  assert.deepEqual(v.panels.actions_sort, {column: 1, descending: false});
  await clickWidget(page, 'actions.col.title');
  assert.deepEqual((await view(page)).panels.actions_rows, [...byTitle].reverse());
  // Filter by status.
  await clickWidget(page, 'actions.status_filter');
  await clickWidget(page, 'actions.status_filter.2');
  assert.deepEqual((await view(page)).panels.actions_rows, [second]);
  await shot(page, 'panels-actions-filtered');
  await clickWidget(page, 'actions.status_filter');
  await clickWidget(page, 'actions.status_filter.any');
  assert.deepEqual((await view(page)).panels.actions_rows, [...byTitle].reverse());

  // Export CSV: a real download of the core's actions CSV.
  const [dl] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'panel.export_csv')]);
  assert.match(dl.suggestedFilename(), /actions\.csv$/);
  const file = path.join(tmp, dl.suggestedFilename());
  await dl.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'a byte order mark for spreadsheets');
  const lines = csv.slice(1).split('\r\n').filter((l) => l);
  assert.equal(lines[0], 'kind,title,status,priority,impact,effort,owner,team,due,description,cards,card ids');
  assert.equal(lines.length, 4);
  assert.ok(lines.some((l) => l.startsWith('action,') && l.includes(',in_progress,') && l.endsWith(',' + pains[1].id)), csv);
  assert.ok(lines[1].includes(',5,'), 'the first action rated impact 5');

  // The matrix places a rated action; a click on its dot selects it.
  await clickWidget(page, 'panel.view_matrix');
  await command(page, 'select_action', '0');
  let mm = await model(page);
  mm.map.actions[0].effort = 2;
  await command(page, 'load', JSON.stringify(mm));
  await command(page, 'panel', 'matrix');
  await settle(page);
  const id0 = mm.map.actions[0].id;
  await clickWidget(page, 'matrix.' + id0);
  assert.equal((await view(page)).panels.action_selected, id0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the persona card shows on screen as it prints, and saves as SVG with text as text', async () => {
  const page = await openEditor(browser, srv.url, {context: {acceptDownloads: true}});
  const png = await makePicture(page, 'image/png', 'card.png');
  const url = 'data:image/png;base64,' + fs.readFileSync(png).toString('base64');
  const id = await command(page, 'add_persona', JSON.stringify({name: 'Mona <Haddad>', role: 'Office manager', avatar: {image: url},
    goals: ['Replace the old phones'], frustrations: ['Hidden prices'], channels: ['email']}));
  assert.ok(id > 0);
  await command(page, 'persona_open', id);
  await command(page, 'panel', 'personas');
  await settle(page);
  await revealWidget(page, 'panel.view_card', 'side_panel');
  await page.waitForFunction(() => window.jm.view().panels.card_drawn, null, {timeout: 10000});
  await shot(page, 'panels-card-en');
  const [dl] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'panel.save_card_svg')]);
  const file = path.join(tmp, 'card.svg');
  await dl.saveAs(file);
  const svg = fs.readFileSync(file, 'utf8');
  assert.ok(svg.includes('>Mona &lt;Haddad&gt;<'), 'the name as escaped text');
  assert.ok(svg.includes('>Replace the old phones<'));
  assert.ok(svg.includes('xlink:href="data:image/png;base64,'), 'the picture inside the card');
  const parsed = await page.evaluate((s) => {
    const d = new DOMParser().parseFromString(s, 'image/svg+xml');
    return {error: !!d.querySelector('parsererror'), texts: d.querySelectorAll('text').length, images: d.querySelectorAll('image').length};
  }, svg);
  assert.deepEqual(parsed.error, false);
  assert.equal(parsed.images, 1);
  assert.ok(parsed.texts >= 6);
  await clickWidget(page, 'panel.close_card');
  assert.equal((await view(page)).panels.persona_card, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// A map with everything the panels show, for the screenshots.
async function showcase(page, lang) {
  const ar = lang === 'ar';
  await command(page, 'template', ar ? 'b2b-phone-system.ar' : 'b2b-phone-system.journey');
  await settle(page);
  const png = await makePicture(page, 'image/png', 'show.png');
  const url = 'data:image/png;base64,' + fs.readFileSync(png).toString('base64');
  const m = await model(page);
  const painLane = m.map.lanes.find((l) => l.type === 'pain_points').id;
  const pains = m.map.cards.filter((c) => c.lane === painLane);
  for (const c of m.map.cards) delete c.personas;   // the template's own personas give way to these
  m.map.personas = [{id: 900, uid: '5f1c7b8e-2d3a-4c55-9e61-0a7b3c2d1e40', name: ar ? 'منى حداد' : 'Mona Haddad', role: ar ? 'مديرة مكتب' : 'Office manager',
    avatar: {image: url}, quote: ar ? 'أريد أن تعمل الهواتف من اليوم الأول.' : 'I just want the phones to work on day one.',
    demographics: [{key: ar ? 'العمر' : 'Age', value: '41'}, {key: ar ? 'المدينة' : 'City', value: ar ? 'الرياض' : 'Riyadh'}],
    goals: ar ? ['استبدال الهواتف القديمة', 'تكلفة شهرية واضحة'] : ['Replace the old phones', 'Predictable monthly cost'],
    frustrations: ar ? ['أسعار مخفية', 'انتظار يومين لعرض السعر'] : ['Hidden prices', 'Waiting two days for a quote'],
    channels: ['email', 'phone']},
    {id: 901, uid: '6a2d8c9f-3e4b-4d66-8f72-1b8c4d3e2f51', name: ar ? 'سامي' : 'Sami Nasser', role: ar ? 'مسؤول تقنية المعلومات' : 'IT lead'}];
  const titles = ar ? ['نشر الأسعار على الموقع', 'حاسبة عرض سعر فورية', 'دليل نقل الأرقام', 'رد خلال ساعة'] :
    ['Publish prices on the website', 'Instant quote calculator', 'Number porting guide', 'Answer within an hour'];
  m.map.actions = titles.map((t, i) => ({id: 950 + i, kind: i % 2 ? 'opportunity' : 'action', title: t, status: ['planned', 'in_progress', 'idea', 'done'][i],
    priority: ['high', 'medium', 'low', 'high'][i], impact: [5, 4, 2, 3][i], effort: [2, 4, 4, 1][i], owner: ar ? ['لينا', 'عمر', 'لينا', 'رنا'][i] : ['Lina', 'Omar', 'Lina', 'Rana'][i],
    team: ar ? 'الويب' : 'Web', due: '2027-0' + (i + 1) + '-15', cards: [pains[i].id]}));
  assert.equal(await command(page, 'load', JSON.stringify(m)), 1);
  await settle(page);
}

for (const lang of ['en', 'ar']) {
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    test(`screenshots: ${lang} at ${w}x${h}: personas with a picture, the card, the actions table and the matrix`, async () => {
      const page = await openEditor(browser, srv.url, {width: w, height: h});
      if (lang !== 'en') { await command(page, 'language', lang); await settle(page); }
      await showcase(page, lang);
      const phone = w < 700;
      await command(page, 'panel', 'personas');
      await command(page, 'persona_open', '900');
      await settle(page);
      await page.waitForFunction(() => window.jm.view().panels.avatars_drawn.includes(900), null, {timeout: 10000});
      await settle(page);
      let v = await view(page);
      const side = v.widgets.side_panel;
      if (!phone) {
        // The panel sits on the interface's start side: left in English, right in Arabic.
        if (lang === 'ar') assert.ok(side[0] > w / 2, `panel at x ${side[0]}`);
        else assert.equal(side[0], 0);
      } else {
        assert.equal(side[2], w, 'a phone: the panel takes the whole width');
      }
      await shot(page, `panels-${lang}-${w}-persona`);
      await command(page, 'persona_card', '900');
      await page.waitForFunction(() => window.jm.view().panels.card_drawn, null, {timeout: 10000});
      await settle(page);
      await shot(page, `panels-${lang}-${w}-card`);
      await clickWidget(page, 'panel.close_card');
      await command(page, 'panel', 'none');
      await command(page, 'panel', 'actions');
      await command(page, 'select_action', '951');
      await settle(page);
      v = await view(page);
      assert.deepEqual(v.panels.actions_rows, [950, 951, 952, 953]);
      // Right to left the title column is right of the status column; left to right, left of it.
      const title = v.widgets['actions.col.title'], status = v.widgets['actions.col.status'];
      if (lang === 'ar') assert.ok(title[0] > status[0]); else assert.ok(title[0] < status[0]);
      await shot(page, `panels-${lang}-${w}-table`);
      await command(page, 'panel', 'matrix');
      await settle(page);
      v = await view(page);
      // Quick win (impact 5, effort 2) above and on the low-effort side of the money pit (impact 2, effort 4).
      const qw = v.widgets['matrix.950'], pit = v.widgets['matrix.952'];
      assert.ok(qw[1] < pit[1], 'higher impact is higher up');
      if (lang === 'ar') assert.ok(qw[0] > pit[0], 'low effort on the right'); else assert.ok(qw[0] < pit[0], 'low effort on the left');
      await shot(page, `panels-${lang}-${w}-matrix`);
      await command(page, 'panel', 'none');
      await command(page, 'panel', 'summary');
      await settle(page);
      await shot(page, `panels-${lang}-${w}-summary`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
}
