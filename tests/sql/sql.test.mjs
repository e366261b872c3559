// The portable SQL in assets/sql/ gives exactly what the core computes from the same events, on
// SQLite (Debian's sqlite3) and DuckDB (@duckdb/node-api). The core's side comes from the CLI
// (build/native/journeymap, or the binary named by JM_CLI):
//   - transitions.sql           == `analyze paths --node event --dfg` edges (counts exact, mean gaps 1e-9)
//   - path_counts.<dialect>.sql == `analyze paths --to-paths-csv` (and the shipped b2b-paths.csv)
//   - funnel_steps.sql          == `analyze funnel` step counts (exact) and median step times
//   - markov_transitions.sql    == the transitions recounted from the core's paths, repeats collapsed
//   - attribution from the SQL's path counts through `analyze attribution --paths` == the core's
//     attribution from the events, every model but time decay (paths carry no times), 1e-9.
// Fixtures: the sample (assets/data/b2b-events.csv, 2,500 events) and a hand-made one
// (fixtures/small-events.csv) whose path counts are also written out by hand below.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventRows, parseCsv, readSql, SqliteDb, DuckDb } from './engines.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.JM_CLI || path.join(root, 'build', 'native', 'journeymap');
const map = path.join(root, 'assets', 'templates', 'b2b-phone-system.journey.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-sql-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FIXTURES = {
  sample: path.join(root, 'assets', 'data', 'b2b-events.csv'),
  small: path.join(here, 'fixtures', 'small-events.csv'),
};
const WINDOW_DAYS = 180;
const STAGES = [1, 2, 3, 4, 5, 6, 7, 8];

function core(args) {
  return execFileSync(cli, ['analyze', ...args], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
function close(a, b, what) {
  const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
}
// The core's percentile: linear interpolation between closest ranks (funnel.h percentile_sorted).
function median(values) {
  const v = [...values].sort((x, y) => x - y);
  if (!v.length) return 0;
  const pos = 0.5 * (v.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
function pathRows(csvText) {
  const [, ...rows] = parseCsv(csvText);
  return rows.map((r) => ({ path: r[0], conv: Number(r[1]), nulls: Number(r[2]), value: Number(r[3] || 0) }))
             .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
function sqlPathRows(rows) {
  return rows.map((r) => ({ path: r.path, conv: Number(r.total_conversions), nulls: Number(r.total_null), value: Number(r.total_conversion_value) }))
             .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
function writePathsCsv(file, rows) {
  const q = (s) => (/[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  fs.writeFileSync(file, 'path,total_conversions,total_null,total_conversion_value\n' +
    rows.map((r) => [q(r.path), r.conv, r.nulls, r.value].join(',')).join('\n') + '\n');
}
// Markov transitions recounted from aggregated paths: (start) -> first, repeats collapsed, last ->
// (conversion) for each converting journey and -> (null) for each non-converting one.
function markovFromPaths(rows) {
  const n = new Map();
  const add = (from, to, k) => { if (k) n.set(from + '\u0000' + to, (n.get(from + '\u0000' + to) || 0) + k); };
  for (const r of rows) {
    const steps = r.path.split(' > ').filter((s, i, a) => i === 0 || a[i - 1] !== s);
    const k = r.conv + r.nulls;
    add('(start)', steps[0], k);
    for (let i = 0; i + 1 < steps.length; i++) add(steps[i], steps[i + 1], k);
    add(steps[steps.length - 1], '(conversion)', r.conv);
    add(steps[steps.length - 1], '(null)', r.nulls);
  }
  return [...n.entries()].map(([k, v]) => k.split('\u0000').concat([v])).sort((a, b) => (a[0] + '\u0000' + a[1] < b[0] + '\u0000' + b[1] ? -1 : 1));
}

test('the CLI to compare with is built', () => {
  assert.ok(fs.existsSync(cli), `no CLI at ${cli}: build it (bash tools/build.sh native) or set JM_CLI`);
});

test('the hand-made fixture: SQLite path counts as worked out by hand', () => {
  // a: reviews website website phone -> signed (300); email email -> lines added (60); social, open.
  // b: paid_ads direct email, open.  c: signed with no touch before (no journey); in_product, open.
  // d: reviews paid_ads live_chat website -> signed (150).
  const db = new SqliteDb(eventRows(fs.readFileSync(FIXTURES.small, 'utf8')));
  try {
    assert.deepEqual(sqlPathRows(db.query(readSql('path_counts.sqlite.sql'))), [
      { path: 'email > email', conv: 1, nulls: 0, value: 60 },
      { path: 'in_product', conv: 0, nulls: 1, value: 0 },
      { path: 'paid_ads > direct > email', conv: 0, nulls: 1, value: 0 },
      { path: 'reviews > paid_ads > live_chat > website', conv: 1, nulls: 0, value: 150 },
      { path: 'reviews > website > website > phone', conv: 1, nulls: 0, value: 300 },
      { path: 'social', conv: 0, nulls: 1, value: 0 },
    ]);
  } finally { db.close(); }
});

for (const [fixture, file] of Object.entries(FIXTURES)) {
  for (const engine of ['sqlite', 'duckdb']) {
    describe(`${engine} = core on the ${fixture} events`, () => {
      let db;
      const rows = eventRows(fs.readFileSync(file, 'utf8'));
      const extra = {
        funnel_steps: { schema: 'CREATE TABLE funnel_steps (step INTEGER, stage TEXT);', rows: STAGES.map((s) => [s, String(s)]) },
        funnel_params: { schema: 'CREATE TABLE funnel_params (window_ms BIGINT);', rows: [[WINDOW_DAYS * 86400000]] },
      };
      before(async () => { db = engine === 'sqlite' ? new SqliteDb(rows, extra) : await DuckDb.open(rows, extra); });
      after(() => db && db.close());
      const q = async (name) => db.query(readSql(name));

      test('transitions.sql equals the core\'s directly-follows graph', async () => {
        const sql = await q('transitions.sql');
        const dfg = JSON.parse(core(['paths', '--events', file, '--map', map, '--node', 'event', '--dfg']));
        assert.ok(sql.length > 0);
        assert.equal(sql.length, dfg.edges.length, 'number of edges');
        const byPair = new Map(dfg.edges.map((e) => [e.from + '\u0000' + e.to, e]));
        for (const r of sql) {
          const e = byPair.get(r.from_step + '\u0000' + r.to_step);
          assert.ok(e, `edge ${r.from_step} -> ${r.to_step} missing in the core`);
          assert.equal(r.n, e.count, `${r.from_step} -> ${r.to_step}`);
          close(r.mean_ms, e.mean_ms, `mean gap ${r.from_step} -> ${r.to_step}`);
        }
      });

      test(`path_counts.${engine}.sql equals the paths the core derives`, async () => {
        const sql = sqlPathRows(await q(`path_counts.${engine}.sql`));
        const coreRows = pathRows(core(['paths', '--events', file, '--to-paths-csv']));
        assert.ok(sql.length > 0);
        assert.deepEqual(sql.map((r) => r.path), coreRows.map((r) => r.path));
        for (let i = 0; i < sql.length; i++) {
          assert.equal(sql[i].conv, coreRows[i].conv, sql[i].path);
          assert.equal(sql[i].nulls, coreRows[i].nulls, sql[i].path);
          close(sql[i].value, coreRows[i].value, `value of ${sql[i].path}`);
        }
        if (fixture === 'sample') {   // the shipped paths file is the same aggregation
          const shipped = pathRows(fs.readFileSync(path.join(root, 'assets', 'data', 'b2b-paths.csv'), 'utf8'));
          assert.deepEqual(shipped, sql);
        }
      });

      test('funnel_steps.sql gives the core\'s funnel counts and median step times', async () => {
        const sql = await q('funnel_steps.sql');
        const f = JSON.parse(core(['funnel', '--events', file, '--map', map, '--steps', 'stages', '--order', 'ordered',
                                   '--window-days', String(WINDOW_DAYS)]));
        assert.equal(f.steps.length, STAGES.length);
        assert.ok(f.steps[0].count > 0);
        for (let j = 0; j < STAGES.length; j++) {
          const t = (r, k) => r['t' + (k + 1)];
          const reached = sql.filter((r) => t(r, j) !== null && t(r, j) !== undefined);
          assert.equal(reached.length, f.steps[j].count, `step ${j + 1} count`);
          if (j > 0) close(median(reached.map((r) => Number(t(r, j)) - Number(t(r, j - 1)))), f.steps[j].median_ms, `step ${j + 1} median`);
        }
      });

      test('markov_transitions.sql equals the transitions of the core\'s paths', async () => {
        const sql = (await q('markov_transitions.sql')).map((r) => [r.from_state, r.to_state, r.n])
          .sort((a, b) => (a[0] + '\u0000' + a[1] < b[0] + '\u0000' + b[1] ? -1 : 1));
        const expected = markovFromPaths(pathRows(core(['paths', '--events', file, '--to-paths-csv'])));
        assert.deepEqual(sql, expected);
        // Probabilities out of each state sum to 1.
        const out = new Map();
        for (const r of await q('markov_transitions.sql')) out.set(r.from_state, (out.get(r.from_state) || 0) + r.p);
        for (const [s, p] of out) close(p, 1, `sum of p out of ${s}`);
      });

      test('attribution from the SQL path counts equals the core\'s from the events', async () => {
        const sql = sqlPathRows(await q(`path_counts.${engine}.sql`));
        const file2 = path.join(tmp, `${fixture}-${engine}-paths.csv`);
        writePathsCsv(file2, sql);
        const fromSql = JSON.parse(core(['attribution', '--paths', file2, '--model', 'all']));
        const fromEvents = JSON.parse(core(['attribution', '--events', file, '--model', 'all']));
        assert.equal(fromSql.length, fromEvents.length);
        let compared = 0;
        for (let i = 0; i < fromSql.length; i++) {
          const a = fromSql[i], b = fromEvents[i];
          assert.equal(a.model, b.model);
          if (a.model === 'time_decay') continue;   // needs touch times, which a paths file does not carry
          assert.deepEqual(a.channels.map((c) => c.channel), b.channels.map((c) => c.channel), a.model);
          for (let k = 0; k < a.channels.length; k++) {
            close(a.channels[k].conversions, b.channels[k].conversions, `${a.model} ${a.channels[k].channel} conversions`);
            close(a.channels[k].value, b.channels[k].value, `${a.model} ${a.channels[k].channel} value`);
          }
          compared++;
        }
        assert.ok(compared >= 10, `compared ${compared} models`);
      });
    });
  }
}
