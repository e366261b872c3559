// The portfolio page (shell/portfolio.html, web/portfolio.js, the core as wasm in
// portfolio-core.wasm) in Chromium: maps opened through the real file choosers (the multiple-file
// input and the folder input), the action table sorted and filtered by clicks and typing, the
// read-only ?src= mode reading an index.json from a second server (an intranet elsewhere), My maps
// read from the editor's IndexedDB and a map opened from there in the editor, and the Arabic page
// laid out right to left. Screenshots at 1280x720 and 390x844 go to build/e2e-artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, repo, artifacts } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const FIX = path.join(repo, 'tests/fixtures/portfolio');
const MAP_FILES = ['lifecycle.journey.json', 'onboarding.journey.json', 'support/help.journey.json', 'broken.journey.json'].map((f) => path.join(FIX, f));

async function openPage(browser, url, {width = 1280, height = 720} = {}) {
  const ctx = await browser.newContext({viewport: {width, height}});
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  return page;
}
// Waits for the roll-ups of the n-th load (jm-portfolio-ready counts them through `ready`).
async function rolledUp(page) {
  await page.waitForFunction(() => window.jmPortfolio && window.jmPortfolio.ready, null, {timeout: 20000});
  await page.evaluate(() => { window.jmPortfolio.ready = false; });
}
const rows = (page, id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));

test('portfolio page: files, sorting, filters, folder, hierarchy, screenshots', async () => {
  const browser = await launch();
  const srv = await serve();
  try {
    const page = await openPage(browser, srv.url + 'portfolio.html');
    await rolledUp(page);   // My maps of a fresh browser: nothing yet
    assert.equal(await page.isVisible('#pf-empty'), true, 'an empty library shows how to start');

    // The multiple-file chooser, as a person picks four files (one of them broken).
    await page.setInputFiles('#pf-files', MAP_FILES);
    await rolledUp(page);
    let r = await rows(page, 'pf-actions');
    assert.equal(r.length, 5, 'every action and opportunity of the three readable maps');
    const titles = r.map((x) => x[2]);
    for (const t of ['Shorten the sign-up form', 'Chat help in the app', 'Explain the password rules', 'Social login', '=Hire two agents, maybe'])
      assert.ok(titles.includes(t), t);
    assert.match(await page.innerText('#pf-errors'), /broken\.journey\.json/);
    assert.match(await page.innerText("#pf-summary"), /Maps: 3 · opportunities and actions: 5 · maps that need attention: 1/);
    const overdue = r.find((x) => x[2] === 'Shorten the sign-up form');
    assert.match(overdue[8], /2026-11-30/);

    // Sorting: by due date ascending, then descending (undated last, then first in map order).
    await page.click('#pf-actions th button[data-col="due"]');
    r = await rows(page, 'pf-actions');
    assert.deepEqual(r.slice(0, 3).map((x) => x[2]), ['Explain the password rules', 'Shorten the sign-up form', '=Hire two agents, maybe']);
    assert.equal(await page.getAttribute('#pf-actions th:nth-child(9)', 'aria-sort'), 'ascending');
    await page.click('#pf-actions th button[data-col="due"]');
    r = await rows(page, 'pf-actions');
    assert.equal(r[0][2], 'Chat help in the app');
    assert.equal(r[4][2], 'Explain the password rules');
    assert.equal(await page.getAttribute('#pf-actions th:nth-child(9)', 'aria-sort'), 'descending');

    // Filters: text (matches a linked card's text too), owner, status.
    await page.fill('#pf-filter', 'password');
    r = await rows(page, 'pf-actions');
    assert.deepEqual(r.map((x) => x[2]), ['Explain the password rules']);
    assert.match(await page.innerText('.pf-count'), /1 of 5/);
    await page.fill('#pf-filter', 'long wait');   // a card of help.journey.json
    assert.deepEqual((await rows(page, 'pf-actions')).map((x) => x[2]), ['=Hire two agents, maybe']);
    await page.fill('#pf-filter', '');
    await page.selectOption('#pf-owner', 'Sara');
    assert.deepEqual((await rows(page, 'pf-actions')).map((x) => x[2]), ['Shorten the sign-up form']);
    await page.selectOption('#pf-owner', '');
    await page.selectOption('#pf-status', 'idea');
    assert.deepEqual((await rows(page, 'pf-actions')).map((x) => x[2]).sort(), ['Chat help in the app', 'Social login']);
    await page.selectOption('#pf-status', '');

    // Picked as loose files the maps have no folder: the link to support/help.journey.json does
    // not resolve. The folder chooser keeps the paths, so it does.
    await page.click('#pf-tab-maps');
    assert.match(await page.innerText('.pf-unresolved'), /support\/help\.journey\.json/);
    await page.setInputFiles('#pf-dir', FIX);
    await rolledUp(page);
    assert.match(await page.innerText('#pf-source'), /portfolio/);
    await page.click('#pf-tab-maps');
    const tree = await page.$$eval('#pf-tree > li > ul > li > a', (as) => as.map((a) => a.innerText));
    assert.deepEqual(tree, ['Onboarding', 'Getting help'], 'the lifecycle opens onboarding and help');
    assert.doesNotMatch(await page.innerText('.pf-unresolved'), /help/);
    const maps = await rows(page, 'pf-maps');
    const life = maps.find((x) => x[0] === 'Customer lifecycle');
    assert.match(life[7], /Review overdue/);
    assert.match(life[7], /Published, open high-priority actions/);
    // A map's link opens it in the editor, carried in the link (#map=) since it is not in My maps.
    await page.hover('#pf-maps tbody tr:first-child a.pf-map');
    await page.waitForFunction(() => document.querySelector('#pf-maps tbody tr:first-child a.pf-map').href.includes('#map='));

    await page.click('#pf-tab-matrix');
    const cell = await page.innerText('#pf-matrix td[data-impact="5"][data-effort="2"]');
    assert.match(cell, /^1\s+Shorten the sign-up form/);
    await page.click('#pf-tab-stages');
    const stages = await rows(page, 'pf-stages');
    const onboarding = stages.find((x) => x[0] === 'Onboarding');
    assert.match(onboarding[2], /Too many forms/);
    assert.match(onboarding[2], /Password rules unclear/);
    assert.match(onboarding[3], /^-2 Frustrated/);
    await page.click('#pf-tab-metrics');
    assert.match(await page.innerText('#pf-view'), /1 on target · 1 near · 2 off · 1 without a value or a target/);
    await page.click('#pf-tab-personas');
    assert.equal((await rows(page, 'pf-personas')).length, 2);
    await page.click('#pf-tab-actions');
    await page.screenshot({path: path.join(artifacts, 'portfolio-1280.png')});
    await page.click('#pf-tab-matrix');
    await page.screenshot({path: path.join(artifacts, 'portfolio-matrix-1280.png')});
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // A phone: the same folder, the table scrolls inside its box, the page does not.
    const phone = await openPage(browser, srv.url + 'portfolio.html', {width: 390, height: 844});
    await rolledUp(phone);
    await phone.setInputFiles('#pf-dir', FIX);
    await rolledUp(phone);
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways page scroll');
    await phone.screenshot({path: path.join(artifacts, 'portfolio-390.png')});
    await phone.context().close();
  } finally {
    await browser.close();
    await new Promise((r) => srv.server.close(r));
  }
});

test('portfolio page: ?src= index on an intranet server, read-only, Arabic right to left', async () => {
  // The maps on a server of their own, listed by an index.json beside them.
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'jm-portfolio-src-'));
  fs.mkdirSync(path.join(dir, 'maps/support'), {recursive: true});
  for (const f of ['lifecycle.journey.json', 'onboarding.journey.json', 'support/help.journey.json'])
    fs.copyFileSync(path.join(FIX, f), path.join(dir, 'maps', f));
  fs.writeFileSync(path.join(dir, 'maps/index.json'), JSON.stringify(['lifecycle.journey.json', 'onboarding.journey.json', 'support/help.journey.json', 'gone.journey.json']));
  const intranet = await startServer({root: dir, port: 0, quiet: true});
  const browser = await launch();
  const srv = await serve();
  try {
    const page = await openPage(browser, srv.url + 'portfolio.html?lang=ar&src=' + encodeURIComponent(intranet.url + 'maps/index.json'));
    await rolledUp(page);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.isVisible('#pf-sources'), false, 'read-only: no sources to switch to');
    assert.equal((await rows(page, 'pf-actions')).length, 5);
    assert.match(await page.innerText('#pf-errors'), /gone\.journey\.json/);   // listed, missing on the server
    assert.match(await page.innerText('#pf-tab-actions'), /الإجراءات/);
    // Right to left: the first column (the map) is at the right edge of the table.
    const [table, first] = await page.$$eval('#pf-actions, #pf-actions th:first-child', (els) => els.map((e) => e.getBoundingClientRect().right));
    assert.ok(Math.abs(table - first) < 2, `first column at the right (${first} vs ${table})`);
    await page.click('#pf-tab-maps');
    const tree = await page.$$eval('#pf-tree > li > ul > li > a', (as) => as.map((a) => a.innerText));
    assert.deepEqual(tree, ['Onboarding', 'Getting help'], 'relative links resolve against the index');
    await page.screenshot({path: path.join(artifacts, 'portfolio-ar-1280.png')});
    assert.deepEqual(page.errors.filter((e) => !/404/.test(e)), []);
    await page.context().close();
  } finally {
    await browser.close();
    await new Promise((r) => srv.server.close(r));
    await new Promise((r) => intranet.server.close(r));
    fs.rmSync(dir, {recursive: true, force: true});
  }
});

test('portfolio page: My maps from the editor\'s library, a map opened in the editor', async () => {
  const browser = await launch();
  const srv = await serve();
  try {
    const page = await openPage(browser, srv.url + 'portfolio.html');
    await rolledUp(page);
    // Two maps in My maps as the editor keeps them (web/app.js: database 'journeymap', store 'maps'),
    // one of them in the trash, which the portfolio leaves out.
    const life = fs.readFileSync(path.join(FIX, 'lifecycle.journey.json'), 'utf8');
    const onb = fs.readFileSync(path.join(FIX, 'onboarding.journey.json'), 'utf8');
    await page.evaluate(([a, b]) => new Promise((res, rej) => {
      const open = indexedDB.open('journeymap', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('maps', 'readwrite');
        const now = Date.now();
        tx.objectStore('maps').put({id: 'lib-life', title: 'Customer lifecycle', created: now, updated: now, bytes: a.length, json: a, session: '', trashed: false, rev: 1});
        tx.objectStore('maps').put({id: 'lib-onb', title: 'Onboarding', created: now, updated: now, bytes: b.length, json: b, session: '', trashed: false, rev: 1});
        tx.objectStore('maps').put({id: 'lib-old', title: 'Old', created: now, updated: now, bytes: b.length, json: b, session: '', trashed: true, rev: 1});
        tx.oncomplete = () => { open.result.close(); res(); };
        tx.onerror = () => rej(tx.error);
      };
      open.onerror = () => rej(open.error);
    }), [life, onb]);
    await page.click('#pf-library');
    await rolledUp(page);
    assert.equal((await rows(page, 'pf-actions')).length, 4, 'the two live maps\' actions');
    await page.click('#pf-tab-maps');
    // The lifecycle opens the onboarding map by its uid: resolved in the library too.
    assert.deepEqual(await page.$$eval('#pf-tree > li > ul > li > a', (as) => as.map((a) => a.innerText)), ['Onboarding']);
    const href = await page.getAttribute('#pf-maps tbody tr:first-child a.pf-map', 'href');
    assert.equal(href, 'index.html#open=lib-life');
    // The editor opens that map of My maps from the link.
    const [editor] = await Promise.all([page.context().waitForEvent('page'), page.click('#pf-maps tbody tr:first-child a.pf-map')]);
    await editor.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
    await editor.waitForFunction(() => window.jm.model().map.title === 'Customer lifecycle', null, {timeout: 10000});
    assert.equal(new URL(editor.url()).hash, '', 'the request is taken off the address');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await browser.close();
    await new Promise((r) => srv.server.close(r));
  }
});
