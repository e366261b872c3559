// "New map": the templates gallery. Tiles show the interface language's templates with a preview
// drawn from each template's layout; a click (a real one) opens the template as a new map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, settle, shot, model, view, command, centre } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

const tiles = (v) => Object.keys(v.widgets).filter((k) => k.startsWith('tile:')).sort();

test('the gallery lists the templates of the interface language, and a click opens one', async () => {
  const page = await openEditor(browser, srv.url);
  // The templates are not part of the start (issue #12, tests/e2e/lazy.test.mjs): fetched when
  // the gallery opens (GET requests: the page's version check sends HEAD requests for every file).
  const gets = [];
  page.on('request', (r) => { if (r.method() === 'GET') gets.push(new URL(r.url()).pathname); });
  // Through the File menu, as a person would.
  let v = await view(page);
  await page.mouse.click(...centre(v.widgets['menu.file']));
  await settle(page);
  v = await view(page);
  assert.deepEqual(gets.filter((u) => u.includes('/assets/templates/')), [], 'no template fetched before the gallery opens');
  await page.mouse.click(...centre(v.widgets['menu.new_template']));
  await page.waitForFunction(() => Object.keys(window.jm.view().widgets).some((k) => k.endsWith('.journey.json')), null, {timeout: 10000});
  await settle(page);
  assert.ok(gets.includes('/assets/templates/index.json'), 'the gallery fetched the templates\' index');
  v = await view(page);
  const en = tiles(v);
  assert.ok(en.includes('tile:blank') && en.includes('tile:classic'), 'blank and classic come first');
  const files = en.filter((k) => k.endsWith('.journey.json'));
  assert.ok(files.length >= 8, `at least 8 English templates (${files.length})`);
  assert.ok(files.every((k) => !/\.(ar|he)\.journey\.json$/.test(k)), 'no Arabic or Hebrew template among the English ones');
  await shot(page, 'gallery-en');

  // The Arabic ones, by the language chip.
  await page.mouse.click(...centre(v.widgets.gl_ar));
  await settle(page);
  v = await view(page);
  const ar = tiles(v).filter((k) => k.endsWith('.journey.json'));
  assert.ok(ar.length >= 8 && ar.every((k) => k.endsWith('.ar.journey.json')), `Arabic templates only (${ar.join(', ')})`);
  const b2b = 'tile:b2b-phone-system.ar.journey.json';
  assert.ok(v.widgets[b2b], 'the Arabic B2B template is shown');
  assert.ok(v.widgets[b2b][1] + v.widgets[b2b][3] < 720, 'in view without scrolling: the seeds\' example comes early');
  await page.mouse.click(...centre(v.widgets[b2b]));
  await settle(page);
  const m = (await model(page)).map;
  assert.equal(m.title, 'شراء نظام هاتف للأعمال');
  assert.equal(m.direction, 'rtl');
  assert.equal(m.stages.filter((s) => (s.state || 'current') === 'current').length, 8);   // and a future state
  v = await view(page);
  assert.equal(v.popup_open, false, 'the gallery closed');
  assert.equal(v.can_undo, false, 'a new map starts with no undo history');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every shipped template opens and the three languages of one template match in shape', async () => {
  const page = await openEditor(browser, srv.url);
  await command(page, 'gallery', 'all');
  await settle(page);
  const all = tiles(await view(page)).filter((k) => k.endsWith('.journey.json')).map((k) => k.slice(5));
  assert.ok(all.length >= 24, `8 templates in 3 languages (${all.length})`);
  await command(page, 'gallery', 'off');
  const shape = {};
  for (const file of all) {
    assert.equal(await command(page, 'template', file), 1, file);
    const m = (await model(page)).map;
    assert.ok(m.cards.length > 20, `${file} has cards`);
    const slug = file.replace(/(\.(ar|he|en))?\.journey\.json$/, '');
    const s = JSON.stringify([m.stages.length, m.lanes.map((l) => l.type), m.cards.length]);
    if (shape[slug] && shape[slug] !== s) assert.fail(`${file} differs in shape from its other languages`);
    shape[slug] = s;
  }
  assert.ok(Object.keys(shape).length >= 8, 'eight templates');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
