// Exports through real downloads in Chromium: the whole map as PNG (not just the visible part),
// SVG with text as text and every piece of map text escaped, CSV, Markdown, Mermaid, Excel (the same
// bytes as the CLI writes for the map) and PowerPoint (tests/clients/ has LibreOffice open those).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { launch, serve, openEditor, settle, command, model } from './harness.mjs';
import { decodePng, region, countDark } from './png.mjs';

let browser, srv, page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-export-'));
before(async () => {
  browser = await launch();
  srv = await serve();
  page = await openEditor(browser, srv.url, {context: {acceptDownloads: true}});
  await command(page, 'template', 'b2b');
  // A card whose text tries to inject markup.
  const m = await model(page);
  m.map.cards[0].text = '<script>alert("x")</script> & "quotes" \'single\'';
  await command(page, 'load', JSON.stringify(m));
  await settle(page);
});
after(async () => { await browser?.close(); srv?.server.close(); });

async function download(trigger) {
  const [dl] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const file = path.join(dir, dl.suggestedFilename());
  await dl.saveAs(file);
  return file;
}

test('PNG holds the whole map at the chosen scale, larger than the screen', async () => {
  const file = await download(() => command(page, 'export_png', '2'));
  assert.match(path.basename(file), /\.png$/);
  const img = decodePng(fs.readFileSync(file));
  fs.copyFileSync(file, path.join(process.cwd(), 'build/e2e-artifacts/export-b2b.png'));
  // Eight stages of 240 units at scale 2 are wider than 3,800 px; the screen is 1,280.
  assert.ok(img.width > 3800, `width ${img.width}`);
  assert.ok(img.height > 1000, `height ${img.height}`);
  // The last stage (far off screen in the editor) is drawn: ink in the right-most tenth.
  assert.ok(countDark(region(img, img.width * 0.88, 0, img.width * 0.1, img.height)) > 500);
  assert.deepEqual(page.errors, []);
});

test('SVG keeps text as text and escapes everything the map says', async () => {
  const file = await download(() => page.evaluate(() => {
    // The File > Export > SVG menu does exactly this: the editor's SVG, downloaded.
    const n = window.jm.command('svg');
    const svg = Module.ccall('jm_last_export', 'string', [], []);
    window.JMApp.download('map.svg', 'image/svg+xml', new TextEncoder().encode(svg));
    return n;
  }));
  const svg = fs.readFileSync(file, 'utf8');
  assert.ok(svg.startsWith('<?xml') || svg.startsWith('<svg'));
  assert.ok(svg.includes('>Buying a business phone system<'), 'the title as text');
  assert.ok(!svg.includes('<script'), 'no script element from map text');
  assert.ok(svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'escaped card text');
  assert.ok(svg.includes('&quot;quotes&quot; &#39;single&#39;'), 'escaped quotes');
  // It parses as XML in the browser (an injection would break or add elements).
  const ok = await page.evaluate((s) => {
    const d = new DOMParser().parseFromString(s, 'image/svg+xml');
    return !d.querySelector('parsererror') && d.querySelectorAll('script').length === 0 && d.querySelectorAll('text').length > 50;
  }, svg);
  assert.ok(ok);
});

test('the Excel export downloads the workbook the command-line tool writes for the same map', async () => {
  const file = await download(() => page.evaluate(() => window.jm.command('export_text', 'xlsx')));
  assert.match(path.basename(file), /\.xlsx$/);
  const got = fs.readFileSync(file);
  assert.equal(got.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip archive');
  const mapFile = path.join(dir, 'same.journey.json');
  fs.writeFileSync(mapFile, JSON.stringify(await model(page)));
  const cli = process.env.JM_CLI || path.join(path.dirname(new URL(import.meta.url).pathname), '../../build/native/journeymap');
  const want = path.join(dir, 'cli.xlsx');
  execFileSync(cli, ['convert', mapFile, '--to', 'xlsx', '-o', want]);
  assert.ok(got.equals(fs.readFileSync(want)), 'the wasm and the native core write the same bytes');
});

// The entries of a zip archive (stored or deflated), by name, from its central directory.
function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  const out = {};
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0, n = buf.readUInt16LE(end + 10); i < n; i++) {
    const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20), nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32), local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 8 ? zlib.inflateRawSync(data) : data;
    at += 46 + nameLen + extra + comment;
  }
  return out;
}
const xmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('the PowerPoint export downloads a deck with every card as text, in the interface language', async () => {
  const m = await model(page);
  const slidesOf = async () => {
    const file = await download(() => page.evaluate(() => window.jm.command('export_text', 'pptx')));
    assert.match(path.basename(file), /\.pptx$/);
    const parts = unzip(fs.readFileSync(file));
    const names = Object.keys(parts).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    assert.ok(parts['ppt/presentation.xml'] && parts['[Content_Types].xml'], 'a presentation package');
    assert.ok(names.length >= 2 + m.map.stages.length + m.map.personas.length, `${names.length} slides`);
    return names.map((n) => parts[n].toString('utf8')).join('');
  };
  let xml = await slidesOf();
  for (const c of m.map.cards) assert.ok(xml.includes('<a:t>' + xmlText(c.text.split('\n')[0])), `card ${c.text}`);
  assert.ok(xml.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'map text escaped');
  assert.ok(!xml.includes('<script'));
  assert.ok(xml.includes('>Current state</a:t>') && xml.includes('>Opportunities and actions</a:t>'));
  // In Arabic the deck's own words are Arabic.
  await command(page, 'language', 'ar');
  await settle(page);
  xml = await slidesOf();
  assert.ok(xml.includes('>الوضع الحالي</a:t>'), 'the state in Arabic');
  assert.ok(!xml.includes('>Current state</a:t>'));
  await command(page, 'language', 'en');
  await settle(page);
  assert.deepEqual(page.errors, []);
});

test('CSV, Markdown and Mermaid exports carry the cards', async () => {
  const files = {};
  for (const ext of ['csv', 'md', 'mmd']) {
    // The same download as the File > Export menu items.
    files[ext] = await download(() => page.evaluate((e) => window.jm.command('export_text', e), ext));
  }
  const csv = fs.readFileSync(files.csv, 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'UTF-8 BOM for spreadsheets');
  assert.ok(csv.includes('Problem / need'));
  assert.ok(csv.split('\n').length > 50, 'one row per card');
  const md = fs.readFileSync(files.md, 'utf8');
  assert.match(md, /^# Buying a business phone system/m);
  const mmd = fs.readFileSync(files.mmd, 'utf8');
  assert.match(mmd, /^journey/m);
  assert.match(mmd, /section Problem \/ need/);
  // Mermaid comes back in through the file chooser as a map with the same stages.
  const [fc] = await Promise.all([page.waitForEvent('filechooser'), page.evaluate(() => window.JMApp.openFilePicker())]);
  await fc.setFiles(files.mmd);
  await page.waitForFunction(() => window.jm.view().toast.startsWith('Opened'));
  const m = await model(page);
  // One stage per section: the 8 of the current state (and the template's future stages after them).
  const sections = (mmd.match(/^\s*section /gm) || []).length;
  assert.ok(sections >= 8, `${sections} sections`);
  assert.equal(m.map.stages.length, sections);
  assert.equal(m.map.stages[0].name, 'Problem / need');
});
