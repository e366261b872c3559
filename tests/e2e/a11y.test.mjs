// Accessibility (issue #11, WCAG 2.2 AA), end to end in Chromium: axe-core on the editor and the
// viewer in English, Arabic and Hebrew and in the light, dark and high-contrast themes with the B2B
// template open; Chromium's own accessibility tree (CDP) against the model (every stage, lane and
// card a named node in the right row and column, no focusable node without a name); a Tab walk
// (skip link, menu bar, the grid as one stop, the inspector, back to the start: no trap, a visible
// focus ring at every stop, focus never on body after a delete), also through the viewer in a host
// page's iframe; reflow at 320 px and at 200 %, user text spacing, forced colours, reduced motion
// and more contrast emulated; the viewer's Text view button; the live regions.
// axe and CDP read the DOM, not canvas pixels: what they prove is the mirror and the HTML twins.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, siteWith, repo, openEditorPatient as openEditor, settle, shot, view, model, command } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const AXE = path.join(repo, 'node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const TEMPLATE = {en: 'b2b-phone-system.journey.json', ar: 'b2b-phone-system.ar.journey.json', he: 'b2b-phone-system.he.journey.json'};
const LOCALE = {en: 'en-US', ar: 'ar-EG', he: 'he-IL'};

let browser, srv, tmp;
before(async () => {
  browser = await launch();
  // The site as built plus the three B2B maps beside it, for the viewer's ?src=, served without
  // the CSP so axe can be injected.
  tmp = siteWith(Object.fromEntries(Object.values(TEMPLATE).map((f) => ['maps/' + f, fs.readFileSync(path.join(repo, 'assets/templates', f))])), 'jm-a11y-');
  srv = await startServer({root: tmp, port: 0, quiet: true});
});
after(async () => {
  await browser?.close();
  srv?.server.close();
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });


const quiet = (page) => settle(page, 80);
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

// The editor in `lang` with the B2B template of that language open and its mirror built.
async function editorWithB2B(lang = 'en', opts = {}) {
  const page = await openEditor(browser, srv.url, {width: 1280, height: 720, ...opts, context: {locale: LOCALE[lang], ...(opts.context || {})}});
  assert.equal((await view(page)).language, lang, `the interface is in ${lang}`);
  assert.equal(await command(page, 'template', TEMPLATE[lang]), 1, `the ${lang} B2B template opens`);
  await quiet(page);
  await waitMirror(page);
  return page;
}

// The viewer (embed.html) as a page of its own, with the B2B map of `lang` from ?src=.
async function viewerWithB2B(lang = 'en', {width = 1000, height = 640} = {}) {
  let page;
  for (let attempt = 1; ; attempt++) {   // once more after a cold start slower than 30 s (as openEditor below)
    const ctx = await browser.newContext({viewport: {width, height}, locale: LOCALE[lang]});
    page = await ctx.newPage();
    page.errors = [];
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.goto(srv.url + 'embed.html?src=maps/' + TEMPLATE[lang]);
    try {
      await page.waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm && window.jm.model().map.cards.length > 20, null, {timeout: 30000});
      break;
    } catch (e) {
      if (attempt >= 2) throw new Error(`the viewer did not start twice: ${e.message.split('\n')[0]}; console errors: ${page.errors.join(' | ') || 'none'}`);
      console.error(`a11y tests: the viewer drew no map within 30 s (${page.errors.join(' | ') || 'no console error'}); opening it again`);
      await ctx.close();
    }
  }
  await quiet(page);
  await waitMirror(page);
  return page;
}

// What the mirror must hold: the stages of the state shown, every lane, the cards of those stages.
const shownModel = (page) => page.evaluate(() => {
  const m = window.jm.model().map, st = window.jm.view().state || 'current';
  const stages = m.stages.filter((s) => (s.state || 'current') === st);
  const ids = new Set(stages.map((s) => s.id));
  return {title: m.title, direction: m.direction, stages, lanes: m.lanes, cards: m.cards.filter((c) => ids.has(c.stage)), personas: m.personas || []};
});

// Waits until the mirror's grid has one column header per stage shown (plus the corner) and one
// option or slider per card shown.
async function waitMirror(page, timeout = 10000) {
  const want = await shownModel(page);
  const count = () => page.evaluate(() => {
    const g = document.getElementById('jm-grid');
    return {grid: !!g, cols: g ? g.querySelectorAll('[role=columnheader]').length : 0,
            rows: g ? g.querySelectorAll('[role=rowheader]').length : 0,
            items: g ? g.querySelectorAll('[role=option],[role=slider]').length : 0, JMA11y: typeof window.JMA11y};
  });
  const until = Date.now() + timeout;
  let got;
  while (Date.now() < until) {
    got = await count();
    if (got.grid && got.cols === want.stages.length + 1 && got.rows === want.lanes.length && got.items === want.cards.length) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the mirror never matched the model within ${timeout} ms: have ${JSON.stringify(got)}, want ` +
                  `${want.stages.length + 1} column headers, ${want.lanes.length} row headers, ${want.cards.length} options/sliders`);
}

// ---- axe-core ---------------------------------------------------------------------------------------

// Runs axe on the page's document; returns the violations as readable lines (rule, impact, help,
// then each node's target and first line of its failure summary).
async function axe(page, {mirror = true} = {}) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({path: AXE});
  const vs = await page.evaluate(async ([tags, mirror]) => {
    const r = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    if (!mirror) r.passes = null;
    const out = r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({
      target: n.target.join(' '), html: n.html.slice(0, 140), why: (n.failureSummary || '').split('\n').slice(1, 3).join(' ').trim()}))}));
    // axe looked at the mirror: its ARIA rules passed on elements there (a mirror axe could not
    // see, display:none say, would leave these rules inapplicable and the run empty).
    const passed = new Set((r.passes || []).map((p) => p.id));
    if (r.passes) for (const rule of ['aria-required-children', 'aria-required-parent', 'aria-allowed-attr'])
      if (!passed.has(rule)) out.push({id: 'no-pass:' + rule, impact: 'test', help: `axe found nothing to check for ${rule}: is the mirror in the page?`, nodes: []});
    return out;
  }, [AXE_TAGS, mirror]);
  return vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 8).map((n) => `      ${n.target}  ${n.why}\n        ${n.html}`).join('\n') +
    (v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : ''));
}

// The themes axe is run in (the test of the theme command itself is below, with the preferences).
const THEMES = ['light', 'dark', 'contrast'];
async function axeAllThemes(page, where, t) {
  const problems = [];
  for (const theme of THEMES) {
    assert.equal(await command(page, 'theme', theme), 1, `theme ${theme} accepted`);
    await quiet(page);
    const vs = await axe(page);
    t.diagnostic(`${where}, ${theme}: ${vs.length} violations`);
    for (const v of vs) problems.push(`${where}, ${theme}: ${v}`);
  }
  return problems;
}

for (const lang of ['en', 'ar', 'he']) {
  test(`axe finds no violation in the editor (${lang}, light, dark and high contrast, B2B template, text view)`, {timeout: 120000}, async (t) => {
    const page = await editorWithB2B(lang);
    const problems = await axeAllThemes(page, `editor ${lang}`, t);
    // The text view open over the editor (a modal dialog of real HTML).
    await command(page, 'theme', 'light');
    assert.equal(await command(page, 'text_view'), 1);
    await page.waitForSelector('#jm-text-view:not([hidden])', {timeout: 5000});
    // (the modal text view makes the rest of the page inert: axe sees only the text view)
    for (const v of await axe(page, {mirror: false})) problems.push(`editor ${lang}, text view: ${v}`);
    await shot(page, `a11y-axe-editor-${lang}`);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.deepEqual(page.errors, []);
  });

  test(`axe finds no violation in the viewer (${lang}, light, dark and high contrast, B2B map)`, {timeout: 120000}, async (t) => {
    const page = await viewerWithB2B(lang);
    const problems = await axeAllThemes(page, `viewer ${lang}`, t);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.deepEqual(page.errors, []);
  });
}

// ---- The accessibility tree (CDP) against the model -------------------------------------------------

// Chromium's full accessibility tree, with each node's parent, and its DOM attributes on demand.
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Accessibility.enable');
  const {nodes} = await cdp.send('Accessibility.getFullAXTree');
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const parent = new Map();
  for (const n of nodes) for (const c of n.childIds || []) parent.set(c, n.nodeId);
  for (const n of nodes) if (n.parentId) parent.set(n.nodeId, n.parentId);
  const cache = new Map();
  const attrs = async (n) => {
    if (!n.backendDOMNodeId) return {};
    if (cache.has(n.backendDOMNodeId)) return cache.get(n.backendDOMNodeId);
    const {node} = await cdp.send('DOM.describeNode', {backendNodeId: n.backendDOMNodeId});
    const a = {};
    for (let i = 0; i + 1 < (node.attributes || []).length; i += 2) a[node.attributes[i]] = node.attributes[i + 1];
    cache.set(n.backendDOMNodeId, a);
    return a;
  };
  const role = (n) => n.role?.value || '';
  const name = (n) => norm(n.name?.value);
  const prop = (n, p) => (n.properties || []).find((x) => x.name === p)?.value?.value;
  const up = (n, r) => { for (let id = parent.get(n.nodeId); id; id = parent.get(id)) { const p = byId.get(id); if (role(p) === r && !p.ignored) return p; } return null; };
  const within = (n, ancestor) => { for (let id = parent.get(n.nodeId); id; id = parent.get(id)) if (id === ancestor.nodeId) return true; return false; };
  const live = nodes.filter((n) => !n.ignored);
  return {cdp, nodes: live, all: nodes, attrs, role, name, prop, up, within};
}

// Checks the tree against the model; returns the problems found.
async function treeProblems(page) {
  const want = await shownModel(page);
  const T = await axTree(page);
  const problems = [];
  const grids = T.nodes.filter((n) => T.role(n) === 'grid');
  if (grids.length !== 1) problems.push(`${grids.length} grids in the tree, want 1`);
  const grid = grids[0];
  if (grid && !T.name(grid)) problems.push('the grid has no name');
  if (grid && want.title && !T.name(grid).includes(norm(want.title))) problems.push(`the grid is named "${T.name(grid)}", not after the map "${want.title}"`);
  const inGrid = (n) => grid && T.within(n, grid);

  // Column headers: the corner, then one per stage shown, in map order (aria-colindex).
  const cols = [];
  for (const n of T.nodes.filter((n) => T.role(n) === 'columnheader' && inGrid(n))) cols.push({n, col: Number((await T.attrs(n))['aria-colindex'])});
  cols.sort((a, b) => a.col - b.col);
  const stageCols = cols.filter((c) => c.col >= 2);
  const colName = new Map(cols.map((c) => [c.col, T.name(c.n)]));
  if (stageCols.length !== want.stages.length) problems.push(`${stageCols.length} stage column headers, want ${want.stages.length}`);
  want.stages.forEach((s, i) => {
    const c = stageCols[i];
    if (!c) return;
    if (c.col !== i + 2) problems.push(`stage "${s.name}" has aria-colindex ${c.col}, want ${i + 2}`);
    if (!T.name(c.n).startsWith(norm(s.name))) problems.push(`column header ${i + 2} is named "${T.name(c.n)}", want "${s.name}"`);
  });
  // Row headers: one per lane, in order; each in its own row.
  const rowheads = T.nodes.filter((n) => T.role(n) === 'rowheader' && inGrid(n));
  if (rowheads.length !== want.lanes.length) problems.push(`${rowheads.length} row headers, want ${want.lanes.length}`);
  const laneOfRow = new Map();
  rowheads.forEach((n, i) => {
    const l = want.lanes[i];
    if (l && !T.name(n).startsWith(norm(l.name))) problems.push(`row header ${i + 1} is named "${T.name(n)}", want "${l.name}"`);
    const row = T.up(n, 'row');
    if (!row) problems.push(`row header "${T.name(n)}" is not in a row`);
    else laneOfRow.set(row.nodeId, l ? l.name : '?');
  });

  // Every card: exactly one option (a slider in an Emotions lane), named by its text, in the row of
  // its lane and the column of its stage.
  const items = new Map();
  for (const n of T.nodes.filter((n) => ['option', 'slider'].includes(T.role(n)) && inGrid(n))) {
    const id = (await T.attrs(n))['data-id'] || '';
    if (!items.has(id)) items.set(id, []);
    items.get(id).push(n);
  }
  const stageById = new Map(want.stages.map((s, i) => [s.id, {s, col: i + 2}]));
  const laneById = new Map(want.lanes.map((l) => [l.id, l]));
  let checked = 0;
  for (const c of want.cards) {
    const where = `card ${c.id} "${c.text.slice(0, 40)}"`;
    const found = items.get('card:' + c.id) || [];
    if (found.length !== 1) { problems.push(`${where}: ${found.length} nodes in the tree, want 1`); continue; }
    const n = found[0];
    const lane = laneById.get(c.lane), stage = stageById.get(c.stage);
    const emotions = lane.type === 'emotions';
    if (T.role(n) !== (emotions ? 'slider' : 'option')) problems.push(`${where}: role ${T.role(n)}, want ${emotions ? 'slider' : 'option'}`);
    if (!emotions) {
      if (T.name(n) !== norm(c.text)) problems.push(`${where}: named "${T.name(n)}"`);
    } else {
      const a = await T.attrs(n);
      if (!T.name(n)) problems.push(`${where}: a slider without a name`);
      if (Number(a['aria-valuenow']) !== Number(c.score ?? 0)) problems.push(`${where}: aria-valuenow ${a['aria-valuenow']}, score ${c.score}`);
      // The point's own words (its label, "Frustrated") reach the listener too.
      const heard = norm(T.name(n) + ' ' + (n.description?.value || '') + ' ' + (a['aria-valuetext'] || ''));
      if (norm(c.text) && !heard.includes(norm(c.text))) problems.push(`${where}: its text is neither in the name "${T.name(n)}", the description nor the value text "${a['aria-valuetext']}"`);
    }
    const cell = T.up(n, 'gridcell'), row = T.up(n, 'row');
    if (!cell || !row) { problems.push(`${where}: not inside a gridcell of a row`); continue; }
    const col = Number((await T.attrs(cell))['aria-colindex']);
    if (col !== stage.col) problems.push(`${where}: in column ${col} ("${colName.get(col)}"), want ${stage.col} ("${stage.s.name}")`);
    if (laneOfRow.get(row.nodeId) !== lane.name) problems.push(`${where}: in the row of "${laneOfRow.get(row.nodeId)}", want "${lane.name}"`);
    if (!T.name(cell)) problems.push(`${where}: its cell has no name`);
    checked++;
  }
  const extra = [...items.keys()].filter((k) => !want.cards.some((c) => 'card:' + c.id === k));
  if (extra.length) problems.push(`options or sliders for no card shown: ${extra.slice(0, 10).join(', ')}`);

  // In Arabic or Hebrew, the mirror's own words (cell labels, counts, descriptions) are not English:
  // what is left of each name in the grid once the map's own texts are taken out has no Latin word
  // (acronyms such as NPS or CSAT aside).
  const lang = await page.evaluate(() => window.jm.view().language);
  if (lang !== 'en' && grid) {
    const own = [want.title, ...want.stages.map((s) => s.name), ...want.lanes.map((l) => l.name), ...want.cards.map((c) => c.text), ...want.personas.map((p) => p.name)]
      .map(norm).filter(Boolean).sort((a, b) => b.length - a.length);
    const english = new Set();
    for (const n of T.nodes.filter((n) => inGrid(n) && T.role(n) !== 'StaticText' && T.role(n) !== 'InlineTextBox')) {
      let s = T.name(n) + ' ' + norm(n.description?.value);
      for (const o of own) s = s.split(o).join(' ');
      for (const w of s.match(/[A-Za-z]{3,}/g) || []) if (w !== w.toUpperCase()) english.add(`${w} (in ${T.role(n)} "${T.name(n).slice(0, 60)}")`);
    }
    if (english.size) problems.push(`English words in the ${lang} mirror: ${[...english].slice(0, 8).join('; ')}`);
  }

  // No focusable node without a name, anywhere on the page (mirror, twins, page controls).
  for (const n of T.nodes) {
    if (T.prop(n, 'focusable') !== true || T.name(n) || T.role(n) === 'RootWebArea') continue;
    const a = await T.attrs(n);
    problems.push(`a focusable ${T.role(n)} without a name: ${a.id ? '#' + a.id : ''} ${a['data-id'] || ''} ${a.class || ''}`.trim());
  }
  return {problems, checked, cards: want.cards.length};
}

test('the accessibility tree equals the model: stages, lanes and cards named in the right row and column (B2B, English)', {timeout: 60000}, async (t) => {
  const page = await editorWithB2B('en');
  const r = await treeProblems(page);
  t.diagnostic(`${r.checked} of ${r.cards} cards placed right`);
  assert.deepEqual(r.problems, [], r.problems.join('\n'));
  assert.ok(r.cards >= 60, `the B2B map shows ${r.cards} cards`);
  // After an edit (a patch, not a rebuild) the tree still matches: a card moved to another cell.
  const m = await shownModel(page);
  const card = m.cards.find((c) => m.lanes.find((l) => l.id === c.lane).type === 'actions');
  assert.equal(await command(page, 'card_move', `${card.id} ${m.stages[m.stages.length - 1].id} ${m.lanes.find((l) => l.type === 'pain_points').id}`), 1);
  await quiet(page);
  await waitMirror(page);
  const r2 = await treeProblems(page);
  assert.deepEqual(r2.problems, [], 'after card_move: ' + r2.problems.join('\n'));
  assert.deepEqual(page.errors, []);
});

test('the accessibility tree equals the model in a right-to-left map (Arabic B2B) and in the viewer (Hebrew)', {timeout: 90000}, async () => {
  const page = await editorWithB2B('ar');
  assert.equal((await shownModel(page)).direction, 'rtl');
  assert.equal(await page.evaluate(() => document.getElementById('jm-grid').getAttribute('dir')), 'rtl', 'the grid has the map\'s direction');
  const r = await treeProblems(page);
  assert.deepEqual(r.problems, [], 'editor, Arabic: ' + r.problems.join('\n'));
  const viewer = await viewerWithB2B('he');
  const r2 = await treeProblems(viewer);
  assert.deepEqual(r2.problems, [], 'viewer, Hebrew: ' + r2.problems.join('\n'));
  assert.equal(await viewer.evaluate(() => document.getElementById('jm-grid').getAttribute('aria-readonly')), 'true', 'the viewer\'s grid is read-only');
  assert.deepEqual([...page.errors, ...viewer.errors], []);
});

// ---- Tab walk -----------------------------------------------------------------------------------------

// What has focus now: where it is, and the focus ring's state. Each element is noted the first
// time it is seen, so a cycle can be told.
const focusNow = (page, step, walk = 0) => page.evaluate(([step, walk]) => {
  const a = document.activeElement;
  const ring = document.getElementById('jm-focus-ring');
  const cs = ring ? getComputedStyle(ring) : null, rr = ring ? ring.getBoundingClientRect() : null;
  const ringState = ring ? {hidden: ring.hidden, display: cs.display, visibility: cs.visibility, rect: [rr.x, rr.y, rr.width, rr.height].map(Math.round)} : null;
  if (!a || a === document.body || a === document.documentElement) return {body: true, ring: ringState};
  // By id where the element has one: the mirror's twins keep their id (from the ImGui widget) but a
  // twin node may be reused for another widget when a panel scrolls, so identity would mislead.
  if (!window.__jmTabSeen || window.__jmTabSeen.walk !== walk) window.__jmTabSeen = {walk, ids: new Map()};
  let seen;
  if (a.id) {
    seen = window.__jmTabSeen.ids.get(a.id);
    if (seen === undefined) window.__jmTabSeen.ids.set(a.id, step);
  } else {
    seen = a.__jmTab && a.__jmTab.walk === walk ? a.__jmTab.step : undefined;
    if (seen === undefined) a.__jmTab = {walk, step};
  }
  if (seen === step) seen = undefined;   // asked again at the same stop (waiting for the ring): not a cycle
  const label = a.getAttribute('aria-label') || (a.textContent || '').trim().slice(0, 40);
  return {seen, tag: a.tagName.toLowerCase(), id: a.id, dataId: a.dataset ? a.dataset.id || '' : '', role: a.getAttribute('role') || '', label,
          skip: a.classList.contains('jm-skip'), grid: !!a.closest('#jm-grid'), mirror: !!a.closest('#jm-a11y-host'),
          menubar: !!a.closest('#jm-a11y-menubar'), windows: !!a.closest('#jm-a11y-windows'), canvas: a.id === 'canvas',
          ring: ringState, vw: innerWidth, vh: innerHeight};
}, [step, walk]);
const ringOk = (f) => f.ring && !f.ring.hidden && f.ring.display !== 'none' && f.ring.visibility !== 'hidden' &&
  f.ring.rect[2] > 0 && f.ring.rect[3] > 0 && f.ring.rect[0] >= -1 && f.ring.rect[1] >= -1 &&
  f.ring.rect[0] + f.ring.rect[2] <= f.vw + 1 && f.ring.rect[1] + f.ring.rect[3] <= f.vh + 1;
const describe = (f) => f.body ? 'body' : `${f.tag}${f.id ? '#' + f.id : ''}${f.dataId ? '[' + f.dataId + ']' : ''}${f.role ? ' role=' + f.role : ''} "${f.label}"`;

// Puts the sequential focus starting point at the top of the page (nothing focused).
const fromTop = (page) => page.evaluate(() => {
  document.activeElement?.blur?.();
  window.scrollTo(0, 0);
  const t = document.createElement('span');
  t.tabIndex = -1;
  document.body.prepend(t);
  t.focus();
  t.remove();
});

// Presses Tab from the top of the page until focus comes back to where it started (or 100 presses:
// the map inspector alone has some 20 stops with its governance section).
// Returns the stops and the problems seen (the focus ring at each stop in the mirror or a twin).
async function tabWalk(page, {max = 100, shift = false} = {}) {
  await fromTop(page);
  const walk = Math.random();   // elements tagged by an earlier walk count as unseen
  const stops = [], problems = [];
  let cycled = false;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    await page.waitForTimeout(30);
    let f = await focusNow(page, i, walk);
    if (!f.body && (f.mirror || f.menubar || f.windows) && !ringOk(f)) {
      // The ring follows the editor's next frame (the state message): give it a moment.
      for (let k = 0; k < 20 && !ringOk(f); k++) { await page.waitForTimeout(50); f = await focusNow(page, i, walk); }
      if (!ringOk(f)) problems.push(`stop ${i + 1}, ${describe(f)}: no visible focus ring in the viewport (${JSON.stringify(f.ring)}, viewport ${f.vw}x${f.vh})`);
    }
    if (f.canvas) problems.push(`stop ${i + 1}: the canvas took focus (it is aria-hidden and must not be a Tab stop)`);
    stops.push(f);
    if (f.seen !== undefined) { cycled = true; break; }   // back at an element seen before: the walk went round
  }
  return {stops, problems, cycled};
}

for (const lang of ['en', 'ar']) {
test(`Tab walk (${lang}): skip link, menu bar, the grid as one stop, the inspector, and round again, a focus ring at every stop`, {timeout: 60000}, async (t) => {
  const page = await editorWithB2B(lang);
  const {stops, problems, cycled} = await tabWalk(page);
  t.diagnostic('stops: ' + stops.map(describe).join(' | '));
  assert.ok(cycled, `Tab came back to an element already visited within 100 presses (no trap): ${stops.map(describe).join(' | ')}`);
  const first = (pred) => stops.findIndex(pred);
  const skip = first((f) => f.skip), menu = first((f) => f.menubar), grid = first((f) => f.grid), win = first((f) => f.windows);
  assert.equal(skip, 0, `the skip link is the first stop (got ${describe(stops[0])})`);
  assert.ok(menu > skip, 'the menu bar is reached after the skip link');
  assert.ok(grid > menu, 'the map grid is reached after the menu bar');
  assert.ok(win > grid, 'the inspector or a panel is reached after the grid');
  assert.equal(stops.filter((f) => f.menubar && f.seen === undefined).length, 1, 'the menu bar is one Tab stop');
  assert.equal(stops.filter((f) => f.grid).length, 1, 'the grid is one Tab stop (arrows move inside)');
  assert.ok(stops[grid + 1] && !stops[grid + 1].grid, 'one Tab leaves the grid');
  // The walk ended on the skip link again, directly or through the browser's own UI (body).
  const last = stops[stops.length - 1];
  assert.ok(last.skip || (last.seen !== undefined && stops[last.seen]?.skip), `the walk returns to the skip link (ended on ${describe(last)})`);
  // Every stop has its ring, the map inspector's items below its fold too (their focus scrolls
  // the inspector: jm_a11y_reveal).
  assert.deepEqual(problems, [], problems.join('\n'));

  // Shift+Tab goes round the other way without a trap either.
  const back = await tabWalk(page, {shift: true});
  assert.ok(back.cycled, 'Shift+Tab comes round too: ' + back.stops.map(describe).join(' | '));
  assert.equal(back.stops.filter((f) => f.grid).length, 1, 'the grid is one Shift+Tab stop');
  assert.deepEqual(back.problems, [], back.problems.join('\n'));
  assert.deepEqual(page.errors, []);
});
}

test('Tab walk in the viewer: skip link, the grid, the text view button, no trap', {timeout: 60000}, async (t) => {
  const page = await viewerWithB2B('ar');
  const {stops, problems, cycled} = await tabWalk(page, {max: 20});
  t.diagnostic('stops: ' + stops.map(describe).join(' | '));
  assert.ok(cycled, 'Tab comes round: ' + stops.map(describe).join(' | '));
  assert.ok(stops[0].skip, 'the skip link first');
  assert.equal(stops.filter((f) => f.grid).length, 1, 'the grid is one stop');
  assert.ok(stops.some((f) => f.id === 'jm-tv-open'), 'the text view button is a stop');
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('no keyboard trap in an embedded viewer: Tab goes into the frame, through the map and out to the host page, and back', {timeout: 60000}, async (t) => {
  const ctx = await browser.newContext({viewport: {width: 1000, height: 700}});
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.setContent(`<!doctype html><title>Intranet page</title><a id="before" href="#b">Before the map</a>
<iframe id="viewer" title="Journey map" width="800" height="480" src="${srv.url}embed.html?src=maps/${TEMPLATE.en}"></iframe>
<a id="after" href="#a">After the map</a>`);
  const frame = await (await page.$('#viewer')).contentFrame();
  await frame.waitForFunction(() => window.jmFirstFrameMs !== undefined && window.jm && window.jm.model().map.cards.length > 20, null, {timeout: 30000});
  await frame.waitForSelector('#jm-grid [role=gridcell]', {timeout: 10000});
  const where = async () => {
    const top = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase());
    if (top !== 'viewer') return top;
    return 'frame:' + await frame.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return 'body';
      if (a.closest('#jm-grid')) return 'grid';
      return a.id || a.className || a.tagName.toLowerCase();
    });
  };
  const walk = async (keyName, from, to) => {
    await page.focus('#' + from);
    const stops = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(keyName);
      await page.waitForTimeout(40);
      stops.push(await where());
      if (stops[stops.length - 1] === to) break;
    }
    return stops;
  };
  const fwd = await walk('Tab', 'before', 'after');
  t.diagnostic('Tab: ' + fwd.join(' | '));
  assert.equal(fwd[fwd.length - 1], 'after', `Tab leaves the frame for the host page's next link: ${fwd.join(' | ')}`);
  assert.ok(fwd.includes('frame:jm-skip'), 'the viewer\'s skip link is a stop');
  assert.equal(fwd.filter((s) => s === 'frame:grid').length, 1, 'the map grid is one stop');
  assert.ok(fwd.includes('frame:jm-tv-open'), 'the text view button is a stop');
  const back = await walk('Shift+Tab', 'after', 'before');
  t.diagnostic('Shift+Tab: ' + back.join(' | '));
  assert.equal(back[back.length - 1], 'before', `Shift+Tab comes back out through the frame: ${back.join(' | ')}`);
  assert.equal(back.filter((s) => s === 'frame:grid').length, 1);
  assert.deepEqual(page.errors, []);
});

test('deleting cards with the keyboard never leaves focus on body, and the skip link lands in the grid', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en');
  // The skip link moves focus into the grid (Enter on it).
  await fromTop(page);
  await page.keyboard.press('Tab');
  assert.ok((await focusNow(page, 0)).skip, 'Tab reaches the skip link first');
  await page.keyboard.press('Enter');
  await quiet(page);
  const f = await focusNow(page, 1);
  assert.ok(f.grid, `Enter on the skip link puts focus in the grid (got ${describe(f)})`);

  // A cell with several cards: delete them one by one from the keyboard.
  const m = await shownModel(page);
  const key = (c) => c.stage + ':' + c.lane;
  const counts = new Map();
  for (const c of m.cards) counts.set(key(c), (counts.get(key(c)) || 0) + 1);
  const [cellKey] = [...counts].find(([k, n]) => n >= 2 && m.lanes.find((l) => l.id === Number(k.split(':')[1])).type !== 'emotions');
  const cards = m.cards.filter((c) => key(c) === cellKey);
  await page.focus(`#jm-k-${cards[0].id}`);
  await quiet(page);
  for (let i = 0; i < cards.length; i++) {
    const before = await page.evaluate(() => document.activeElement.dataset.id);
    assert.match(before, /^card:/, `focus is on a card before Delete ${i + 1}`);
    await page.keyboard.press('Delete');
    await quiet(page);
    const after = await focusNow(page, 10 + i);
    assert.ok(!after.body, `after Delete ${i + 1} focus is not on body`);
    assert.ok(after.grid, `after Delete ${i + 1} focus stays in the grid (got ${describe(after)})`);
    assert.notEqual(after.dataId, before, 'focus moved off the deleted card');
    const left = (await shownModel(page)).cards.filter((c) => key(c) === cellKey).length;
    assert.equal(left, cards.length - i - 1, `Delete ${i + 1} deleted one card`);
    if (i < cards.length - 1) assert.match(after.dataId, /^card:/, 'focus went to the next card of the cell');
    else assert.equal(after.dataId, 'cell:' + cellKey, 'after the last card, focus is on the cell');
    assert.ok(ringOk(after) || (await page.waitForTimeout(300), ringOk(await focusNow(page, 20 + i))), 'the focus ring is shown');
  }
  assert.deepEqual(page.errors, []);
});

// ---- Zoom, reflow, text spacing ----------------------------------------------------------------------

async function openTextView(page) {
  assert.equal(await command(page, 'text_view'), 1, 'text_view command');
  await page.waitForSelector('#jm-text-view:not([hidden])', {timeout: 5000});
  await page.waitForTimeout(100);
}
// Every card text of the model in the text view's visible text.
async function textViewMissing(page) {
  const m = await shownModel(page);
  const text = norm(await page.evaluate(() => document.getElementById('jm-text-view').innerText));
  const missing = m.cards.filter((c) => c.text && !text.includes(norm(c.text))).map((c) => c.text);
  for (const s of m.stages) if (!text.includes(norm(s.name))) missing.push('stage ' + s.name);
  for (const l of m.lanes) if (m.cards.some((c) => c.lane === l.id) && !text.includes(norm(l.name))) missing.push('lane ' + l.name);
  return missing;
}
const pageScroll = (page) => page.evaluate(() => ({sw: document.scrollingElement.scrollWidth, cw: document.scrollingElement.clientWidth, vw: innerWidth,
  // the text view itself must not scroll sideways either
  tv: (() => { const e = document.getElementById('jm-text-view'); return {sw: e.scrollWidth, cw: e.clientWidth}; })()}));

for (const [label, width, dpr] of [['320 CSS px wide', 320, 1], ['200 % zoom (640 CSS px, device scale 2)', 640, 2]]) {
  test(`reflow at ${label}: the text view holds every card and scrolls only vertically`, {timeout: 60000}, async () => {
    const page = await editorWithB2B('en', {width, height: 640, dpr});
    await openTextView(page);
    const s = await pageScroll(page);
    assert.ok(s.sw <= width, `no horizontal page scroll: scrollWidth ${s.sw} > ${width}`);
    assert.ok(s.tv.sw <= s.tv.cw + 1, `the text view does not scroll sideways: ${s.tv.sw} > ${s.tv.cw}`);
    assert.deepEqual(await textViewMissing(page), [], 'missing from the text view');
    await shot(page, `a11y-reflow-${width}-${dpr}`);
    // Closing it gives focus back to the page (not body).
    await page.keyboard.press('Escape');
    await page.waitForSelector('#jm-text-view', {state: 'hidden', timeout: 3000});
    assert.ok(!(await focusNow(page, 0)).body, 'focus returns somewhere after the text view closes');
    assert.deepEqual(page.errors, []);
  });
}

test('the viewer\'s Text view button opens the text view from the keyboard, with every card, and Escape gives focus back to it', {timeout: 60000}, async () => {
  const page = await viewerWithB2B('he');
  assert.ok(await page.evaluate(() => { const b = document.getElementById('jm-tv-open'); return b && !b.hidden && b.getBoundingClientRect().width > 0; }), 'the Text view button is shown');
  await page.focus('#jm-tv-open');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#jm-text-view:not([hidden])', {timeout: 5000});
  assert.deepEqual(await textViewMissing(page), [], 'missing from the viewer\'s text view');
  assert.equal(await page.evaluate(() => document.getElementById('jm-text-view').querySelector('[lang]')?.getAttribute('lang') || document.documentElement.lang), 'he', 'the text view is in Hebrew');
  assert.ok(await page.evaluate(() => document.getElementById('jm-text-view').contains(document.activeElement)), 'focus moved into the text view (a modal dialog)');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#jm-text-view', {state: 'hidden', timeout: 3000});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'jm-tv-open', 'Escape closes it and focus is back on the button');
  assert.deepEqual(page.errors, []);
});

// The button sits over the end of the map's title line: the canvas keeps its own controls (the
// persona filter, Current | Future) and the title clear of it, in both directions and on a phone.
test('the viewer\'s Text view button covers none of the map\'s controls (en and ar, 1000 and 390 px wide)', {timeout: 90000}, async () => {
  const problems = [];
  for (const [lang, width, height] of [['en', 1000, 640], ['ar', 1000, 640], ['en', 390, 700], ['ar', 390, 700]]) {
    const page = await viewerWithB2B(lang, {width, height});
    const b = await page.evaluate(() => { const r = document.getElementById('jm-tv-open').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });
    const v = await view(page);
    const overlap = (a, c) => a[0] < c[0] + c[2] && c[0] < a[0] + a[2] && a[1] < c[1] + c[3] && c[1] < a[1] + a[3];
    const names = Object.keys(v.controls);
    if (!names.some((n) => /state_/.test(n))) problems.push(`${lang} ${width}: no Current | Future switch (${names})`);
    for (const n of names) if (overlap(b, v.controls[n])) problems.push(`${lang} ${width}: the button [${b.map(Math.round)}] covers ${n} [${v.controls[n].map(Math.round)}]`);
    await page.context().close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('text spacing (WCAG 1.4.12): nothing in the text view is cut off with user line, letter, word and paragraph spacing', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en');
  await openTextView(page);
  await page.addStyleTag({content: '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }'});
  await page.waitForTimeout(200);
  const cut = await page.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('#jm-text-view *')) {
      if (!e.clientWidth && !e.clientHeight) continue;   // inline boxes
      const cs = getComputedStyle(e);
      const scrolls = (v) => v === 'auto' || v === 'scroll';
      if (e.scrollWidth > e.clientWidth + 1 && !scrolls(cs.overflowX)) out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className} wider than its box: ${e.scrollWidth} > ${e.clientWidth} "${e.textContent.trim().slice(0, 40)}"`);
      if (e.scrollHeight > e.clientHeight + 1 && (cs.overflowY === 'hidden' || cs.overflowY === 'clip')) out.push(`${e.tagName.toLowerCase()}.${e.className} clipped in height: ${e.scrollHeight} > ${e.clientHeight}`);
    }
    return out;
  });
  assert.deepEqual(cut, [], cut.slice(0, 20).join('\n'));
  const s = await pageScroll(page);
  assert.ok(s.sw <= s.vw, `no horizontal page scroll with text spacing (${s.sw} > ${s.vw})`);
  assert.deepEqual(await textViewMissing(page), []);
});

// ---- Display preferences from the browser ------------------------------------------------------------

// The colour the browser computes for a CSS system colour, as [r, g, b].
const systemColor = (page, name) => page.evaluate((name) => {
  const d = document.createElement('div');
  d.style.color = name;
  document.body.appendChild(d);
  const c = getComputedStyle(d).color.match(/\d+/g).slice(0, 3).map(Number);
  d.remove();
  return c;
}, name);

test('forced colours: the editor takes the system colours for the canvas', {timeout: 60000}, async () => {
  // A dark system scheme: forced colours are then white on black, far from any ordinary theme.
  const page = await editorWithB2B('en', {context: {colorScheme: 'dark'}});
  // The media query's change event comes with a later rendering step: under load, after a quiet spell.
  const themeIs = (want) => page.waitForFunction((w) => (window.jm.view().theme === 'forced') === w, want, {timeout: 5000}).catch(() => {});
  await page.emulateMedia({forcedColors: 'active'});
  await themeIs(true);
  await quiet(page);
  const problems = [];
  const v = await view(page);
  if (v.theme !== 'forced') problems.push(`view().theme is ${JSON.stringify(v.theme)} with forced-colors: active, want "forced"`);
  // The canvas pixels: the most common colour of the grid area (lane backgrounds, the map's
  // background) is the system Canvas colour, or ButtonFace.
  const canvas = await systemColor(page, 'Canvas'), face = await systemColor(page, 'ButtonFace');
  const img = await shot(page, 'a11y-forced-colours');
  const [x0, y0] = v.grid.min.map(Math.round), [x1, y1] = v.grid.max.map(Math.round);
  const counts = new Map();
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y += 3)
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x += 3) {
      const i = (y * img.width + x) * 4, k = img.data[i] + ',' + img.data[i + 1] + ',' + img.data[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
  const near = (a, b) => a.every((x, i) => Math.abs(x - b[i]) <= 3);
  if (!near(top, canvas) && !near(top, face)) problems.push(`the grid's most common colour ${top} is neither the system Canvas ${canvas} nor ButtonFace ${face}`);
  // Back to normal when the system stops forcing colours.
  await page.emulateMedia({forcedColors: 'none'});
  await themeIs(false);
  await quiet(page);
  const after = (await view(page)).theme;
  if (after === 'forced') problems.push('the forced theme stays after forced-colors: none');
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.deepEqual(page.errors, []);
});

test('the theme command switches light, dark, high contrast and dark high contrast, and view() says which', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en');
  const got = [];
  for (const theme of ['dark', 'contrast', 'contrast-dark', 'light']) {
    assert.equal(await command(page, 'theme', theme), 1, `theme ${theme} accepted`);
    await quiet(page);
    got.push((await view(page)).theme);
  }
  assert.deepEqual(got, ['dark', 'contrast', 'contrast-dark', 'light'], 'view().theme after each theme command');
  assert.equal(await command(page, 'theme', 'no-such-theme'), 0, 'an unknown theme is refused');
});

test('prefers-contrast: more gives the high-contrast theme', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en');
  await page.emulateMedia({contrast: 'more'});
  // The media query's change event comes when the browser gets to it: on a loaded machine after
  // the frames quieten (the clean-clone run saw 'light' here once).
  await page.waitForFunction(() => /^contrast/.test(window.jm.view().theme), null, {timeout: 10000}).catch(() => {});
  await quiet(page);
  assert.match((await view(page)).theme, /^contrast/, 'view().theme after prefers-contrast: more');
  // And from the start: a page opened with the preference set.
  const page2 = await openEditor(browser, srv.url, {context: {locale: 'en-US', contrast: 'more'}});
  assert.match((await view(page2)).theme, /^contrast/, 'a page opened with prefers-contrast: more starts in high contrast');
  assert.deepEqual([...page.errors, ...page2.errors], []);
});

test('prefers-reduced-motion: after a card move the editor stops drawing within a few frames, no page animation runs', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en', {context: {reducedMotion: 'reduce'}});
  const m = await shownModel(page);
  const frames = [];
  for (let i = 0; i < 3; i++) {
    const card = m.cards.filter((c) => m.lanes.find((l) => l.id === c.lane).type === 'actions')[i];
    const f0 = await page.evaluate(() => window.jm.frames());
    assert.equal(await command(page, 'card_move', `${card.id} ${m.stages[(i + 3) % m.stages.length].id} ${card.lane}`), 1);
    await settle(page, 150);
    frames.push((await page.evaluate(() => window.jm.frames())) - f0);
    const running = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').map((a) => a.animationName || a.transitionProperty || 'animation'));
    assert.deepEqual(running, [], 'no CSS animation or transition runs with reduced motion');
  }
  assert.ok(Math.max(...frames) <= 8, `frames drawn after each move: ${frames} (want at most 8)`);
  // The focus ring and the text view jump, they do not glide or fade.
  const moving = await page.evaluate(() => ['jm-focus-ring', 'jm-text-view'].map((id) => {
    const cs = getComputedStyle(document.getElementById(id));
    return [id, cs.transitionDuration, cs.animationName];
  }).filter(([, t, a]) => t.split(',').some((d) => parseFloat(d) > 0) || a !== 'none'));
  assert.deepEqual(moving, [], 'transitions or animations left with reduced motion');
  assert.deepEqual(page.errors, []);
});

// ---- Live regions --------------------------------------------------------------------------------

// A live region's text, spaces collapsed and bidi isolation marks dropped (a reader skips them).
const regionText = (page, id) => page.evaluate((id) => (document.getElementById(id)?.textContent || '')
  .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim(), id);
async function waitRegion(page, id, pred, what, timeout = 3000) {
  const until = Date.now() + timeout;
  let s = '';
  while (Date.now() < until) {
    s = await regionText(page, id);
    if (pred(s)) return s;
    await page.waitForTimeout(50);
  }
  throw new Error(`#${id} never said ${what}; it says "${s}"`);
}

test('live regions: a keyboard move and its undo are spoken, an import error goes to the alert region', {timeout: 60000}, async () => {
  const page = await editorWithB2B('en');
  // Roles as the contract says.
  assert.deepEqual(await page.evaluate(() => ['jm-status', 'jm-alert'].map((id) => { const e = document.getElementById(id); return [e?.getAttribute('role'), e?.getAttribute('aria-live') || '']; })),
                   [['status', 'polite'], ['alert', '']]);
  const m = await shownModel(page);
  const card = m.cards.find((c) => m.lanes.find((l) => l.id === c.lane).type === 'actions' && c.stage === m.stages[0].id);
  await page.focus(`#jm-k-${card.id}`);
  await quiet(page);
  await page.keyboard.press('Alt+ArrowRight');   // a left-to-right map: the next stage
  await quiet(page);
  const after = await shownModel(page);
  const moved = after.cards.find((c) => c.id === card.id);
  assert.equal(moved.stage, m.stages[1].id, 'Alt+ArrowRight moved the card to the next stage');
  const cell = after.cards.filter((c) => c.stage === moved.stage && c.lane === moved.lane).sort((a, b) => a.order - b.order);
  const lane = m.lanes.find((l) => l.id === moved.lane).name;
  const want = `Moved to ${m.stages[1].name}, ${lane}, ${cell.findIndex((c) => c.id === card.id) + 1} of ${cell.length}`;
  await waitRegion(page, 'jm-status', (s) => s === want, `"${want}"`);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), 'card:' + card.id, 'focus stays on the moved card');
  // Ctrl+Z: "Undone: …" and the card is back.
  await page.keyboard.press('Control+z');
  await quiet(page);
  assert.equal((await shownModel(page)).cards.find((c) => c.id === card.id).stage, m.stages[0].id, 'Ctrl+Z undid the move');
  await waitRegion(page, 'jm-status', (s) => s.startsWith('Undone: '), '"Undone: …"');

  // An import error: a broken file chosen in the file picker; the message goes to the alert region.
  const bad = path.join(tmp, 'broken-map.journey.json');
  fs.writeFileSync(bad, '{"format": "journeymap", "version": 1, "map": {"stages": "not a list"');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.evaluate(() => window.JMApp.openFilePicker())]);
  await chooser.setFiles(bad);
  const alert = await waitRegion(page, 'jm-alert', (s) => s.includes('broken-map.journey.json'), 'the file\'s name', 5000);
  assert.ok(alert.length > 'broken-map.journey.json'.length + 10, `the alert says why: "${alert}"`);
  assert.ok(!(await regionText(page, 'jm-status')).includes('broken-map'), 'the error is not in the polite region too');
  assert.deepEqual(page.errors, []);
});

test('live regions in Arabic: the move message is in Arabic with the stage\'s name', {timeout: 60000}, async () => {
  const page = await editorWithB2B('ar');
  const m = await shownModel(page);
  const card = m.cards.find((c) => m.lanes.find((l) => l.id === c.lane).type === 'actions' && c.stage === m.stages[0].id);
  await page.focus(`#jm-k-${card.id}`);
  await quiet(page);
  // A right-to-left map: the next stage is on the left.
  await page.keyboard.press('Alt+ArrowLeft');
  await quiet(page);
  assert.equal((await shownModel(page)).cards.find((c) => c.id === card.id).stage, m.stages[1].id, 'Alt+ArrowLeft moved the card to the next stage in a right-to-left map');
  const s = await waitRegion(page, 'jm-status', (s) => s.includes(m.stages[1].name), `the stage name "${m.stages[1].name}"`);
  assert.match(s, /[\u0600-\u06FF]/, 'Arabic words');
  assert.ok(!/Moved to/.test(s), `not English: "${s}"`);
  assert.deepEqual(page.errors, []);
});
