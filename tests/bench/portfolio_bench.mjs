// portfolio_open_ms_200 (tests/bench/bench.mjs): 200 generated maps of 100 to 500 cards, written to
// a folder, chosen through the portfolio page's real folder input (shell/portfolio.html,
// <input webkitdirectory>), read by the page and rolled up by the core as wasm
// (portfolio-core.wasm), the action table drawn. The figure is the page's own timer from the
// input's change event to the table in the DOM (window.jmPortfolio.openMs): file reading, the
// wasm parsing every map and computing the roll-ups, and the first view's DOM. One opening first
// (the wasm memory grows to hold the maps, the engine compiles the hot code), then the median of 5.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A deterministic generator (no Math.random: the same maps every run).
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}
const WORDS = ['order', 'delivery', 'account', 'invoice', 'support', 'checkout', 'refund', 'password', 'onboarding', 'renewal',
               'call', 'chat', 'email', 'store', 'app', 'wait', 'price', 'form', 'agent', 'survey'];
const STAGES = ['Awareness', 'Consideration', 'Purchase', 'Onboarding', 'Usage', 'Support', 'Renewal', 'Advocacy'];
const OWNERS = ['CX team', 'Growth', 'Support operations', 'Sales', ''];
const STATUSES = ['draft', 'in_review', 'published', 'retired'];

// Map i of n: 100..500 cards over 5..8 stages and 6 lanes, 4..14 actions, metrics, two shared
// personas, governance fields, and a card opening the next map (by uid or by path).
export function portfolioMap(i, n) {
  const r = rng(i * 7919 + 17);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const words = (k) => Array.from({length: k}, () => pick(WORDS)).join(' ');
  const cards = 100 + Math.floor((400 * i) / Math.max(1, n - 1));
  const stageCount = 5 + (i % 4);
  const stages = STAGES.slice(0, stageCount).map((name, k) => ({id: k + 1, name,
    ...(k % 2 ? {metrics: [{kind: 'nps', name: '', value: Math.round(r() * 80 - 20), target: 40, higher_is_better: true}]} : {})}));
  const laneTypes = ['actions', 'touchpoints', 'thoughts', 'emotions', 'pain_points', 'opportunities'];
  const lanes = laneTypes.map((type, k) => ({id: 100 + k, name: type, type}));
  let id = 1000;
  const out = [];
  for (let c = 0; c < cards; c++) {
    const stage = stages[c % stageCount].id, lane = lanes[Math.floor(c / stageCount) % lanes.length];
    const card = {id: id++, stage, lane: lane.id, order: c, text: words(3 + (c % 6))};
    if (lane.type === 'emotions') card.score = Math.round((r() * 4 - 2) * 2) / 2;
    if (lane.type === 'touchpoints' && c % 7 === 0) card.metrics = [{kind: 'csat', name: '', value: Math.round(r() * 50) / 10, target: 4.5, higher_is_better: true}];
    if (c === 0 && i + 1 < n) card.journey = i % 2 ? `uid:map-${i + 1}` : `map-${String(i + 1).padStart(3, '0')}.journey.json`;
    out.push(card);
  }
  const actions = Array.from({length: 4 + (i % 11)}, (_, k) => ({id: id++, kind: k % 3 ? 'action' : 'opportunity', title: words(4),
    owner: pick(['Sara', 'Lina', 'Omar', 'Dana']), status: pick(['idea', 'planned', 'in_progress', 'done']), priority: pick(['low', 'medium', 'high']),
    impact: 1 + Math.floor(r() * 5), effort: 1 + Math.floor(r() * 5), due: `2026-${String(1 + (k % 12)).padStart(2, '0')}-15`, cards: [out[k].id]}));
  const owner = OWNERS[i % OWNERS.length];
  const map = {title: `Journey ${i}`, uid: `map-${i}`, ...(owner ? {owner} : {}), status: STATUSES[i % 4],
    reviewed: '2026-03-01', review_due: i % 3 ? '2027-03-01' : '2026-09-01', stages, lanes, cards: out,
    personas: [{id: id++, uid: 'persona-mona', name: 'Mona'}, {id: id++, uid: `persona-${i % 5}`, name: `Persona ${i % 5}`}],
    actions, next_id: id};
  return JSON.stringify({format: 'journeymap', version: 2, map});
}

export async function measurePortfolio(browser, url, {emit, log, median, round}) {
  const N = 200, RUNS = 6;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-bench-portfolio-'));
  let cards = 0, bytes = 0;
  for (let i = 0; i < N; i++) {
    const text = portfolioMap(i, N);
    cards += JSON.parse(text).map.cards.length;
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(dir, `map-${String(i).padStart(3, '0')}.journey.json`), text);
  }
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url + 'portfolio.html');
    await page.waitForFunction(() => window.jmPortfolio && window.jmPortfolio.ready, null, {timeout: 30000});
    const runs = [], rollup = [], read = [];
    let summary = null;
    for (let k = 0; k < RUNS; k++) {
      await page.evaluate(() => { window.jmPortfolio.ready = false; });
      await page.setInputFiles('#pf-dir', dir);
      await page.waitForFunction(() => window.jmPortfolio.ready, null, {timeout: 120000});
      const r = await page.evaluate(() => ({open: window.jmPortfolio.openMs, rollup: window.jmPortfolio.rollupMs, read: window.jmPortfolio.readMs,
        maps: window.jmPortfolio.state.data.maps.length, items: window.jmPortfolio.state.data.items.length,
        rows: document.querySelectorAll('#pf-actions tbody tr').length}));
      summary = r;
      if (k === 0) { log(`portfolio: first opening ${round(r.open, 1)} ms (not counted)`); continue; }
      runs.push(round(r.open, 1));
      rollup.push(round(r.rollup, 1));
      read.push(round(r.read, 1));
    }
    if (summary.maps !== N) throw new Error(`portfolio: ${summary.maps} maps rolled up, expected ${N}`);
    emit('portfolio_open_ms_200', median(runs), 'ms', {runs, core_ms: median(rollup), read_ms: median(read), maps: N, cards, json_bytes: bytes, items: summary.items,
      table_rows: summary.rows, path: 'in the page: <input webkitdirectory> change -> files read -> portfolio-core.wasm (parse + roll-ups) -> action table in the DOM'});
    if (errors.length) log('portfolio page errors:', errors.join(' | '));
  } finally {
    await ctx.close();
    fs.rmSync(dir, {recursive: true, force: true});
  }
}
