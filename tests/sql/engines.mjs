// Loads an events CSV into SQLite (Debian's sqlite3 command-line shell) and DuckDB
// (@duckdb/node-api, pinned in package-lock.json) as the table the queries in assets/sql/ read:
//   events(person_id TEXT, ts_ms BIGINT, event TEXT, session_id TEXT, channel TEXT,
//          touchpoint_id TEXT, stage TEXT, value DOUBLE, conversion INTEGER)
// Empty cells become NULL. Timestamps are ISO 8601 with Z (what the fixtures hold), read here
// with Date.parse; the core reads the same files with its own parser and the tests compare.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// RFC 4180 records (quoted fields, doubled quotes, CRLF or LF); a BOM is skipped.
export function parseCsv(text) {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

export const EVENT_COLUMNS = ['person_id', 'ts_ms', 'event', 'session_id', 'channel', 'touchpoint_id', 'stage', 'value', 'conversion'];

// Rows of the events table from an events CSV with the sample's header.
export function eventRows(csvText) {
  const [header, ...body] = parseCsv(csvText);
  const col = (name) => header.indexOf(name);
  const idx = { person_id: col('person_id'), timestamp: col('timestamp'), event: col('event'), session_id: col('session_id'),
                channel: col('channel'), touchpoint_id: col('touchpoint_id'), stage: col('stage'), value: col('value'),
                conversion: col('conversion') };
  const get = (r, k) => (idx[k] < 0 || r[idx[k]] === undefined || r[idx[k]] === '' ? null : r[idx[k]]);
  return body.map((r) => {
    const ts = Date.parse(get(r, 'timestamp'));
    if (!Number.isFinite(ts)) throw new Error(`bad timestamp in fixture: ${r.join(',')}`);
    const value = get(r, 'value'), conv = get(r, 'conversion');
    return [get(r, 'person_id'), ts, get(r, 'event'), get(r, 'session_id'), get(r, 'channel'), get(r, 'touchpoint_id'),
            get(r, 'stage'), value === null ? null : Number(value), conv === null ? null : Number(conv)];
  });
}

const SCHEMA = 'CREATE TABLE events (person_id TEXT, ts_ms BIGINT, event TEXT, session_id TEXT, channel TEXT, ' +
               'touchpoint_id TEXT, stage TEXT, value DOUBLE, conversion INTEGER);';

function literal(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  return "'" + String(v).replace(/'/g, "''") + "'";
}
function inserts(table, rows) {
  const out = [];
  for (let i = 0; i < rows.length; i += 500)
    out.push(`INSERT INTO ${table} VALUES ` + rows.slice(i, i + 500).map((r) => '(' + r.map(literal).join(',') + ')').join(',') + ';');
  return out.join('\n');
}

// Extra tables (funnel parameters): { name: { schema: 'CREATE TABLE ...', rows: [[...]] } }.
function setupSql(rows, extra = {}) {
  let sql = SCHEMA + '\n' + inserts('events', rows) + '\n';
  for (const [name, t] of Object.entries(extra)) sql += t.schema + '\n' + (t.rows.length ? inserts(name, t.rows) : '') + '\n';
  return sql;
}

// Numbers as JS numbers (DuckDB hands BIGINT and HUGEINT sums back as BigInt).
function plain(rows) {
  return rows.map((r) => {
    const o = {};
    for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'bigint' ? Number(v) : v;
    return o;
  });
}

export class SqliteDb {
  constructor(rows, extra) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-sql-'));
    this.file = path.join(this.dir, 'events.db');
    execFileSync('sqlite3', [this.file], { input: setupSql(rows, extra), maxBuffer: 1 << 30 });
  }
  query(sql) {
    const out = execFileSync('sqlite3', ['-json', this.file], { input: sql, maxBuffer: 1 << 30 }).toString();
    return out.trim() ? plain(JSON.parse(out)) : [];
  }
  close() { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export class DuckDb {
  static async open(rows, extra) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = new DuckDb();
    db.instance = await DuckDBInstance.create(':memory:');
    db.conn = await db.instance.connect();
    for (const stmt of setupSql(rows, extra).split(';\n').filter((s) => s.trim())) await db.conn.run(stmt);
    return db;
  }
  async query(sql) {
    const reader = await this.conn.runAndReadAll(sql);
    return plain(reader.getRowObjectsJS());
  }
  close() { this.conn.closeSync?.(); this.instance.closeSync?.(); }
}

export function readSql(name) {
  return fs.readFileSync(new URL(`../../assets/sql/${name}`, import.meta.url), 'utf8');
}
