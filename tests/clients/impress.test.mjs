// Real clients for the PowerPoint export: every template written as .pptx by the CLI
// (build/native/journeymap, or JM_CLI) is opened by LibreOffice Impress (Debian's
// libreoffice-impress-nogui, headless) and printed to PDF; poppler's pdfinfo and pdftotext read
// the PDF back. The PDF has one 16:9 page per slide, and its text holds every card's text, every
// stage and persona name and every action title. The Arabic and Hebrew decks are also saved by
// LibreOffice as flat ODF, where every card's text must be in logical order, exactly, in
// paragraphs written right to left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pdfLetters, missingFrom } from './pdf-text.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.JM_CLI || path.join(root, 'build', 'native', 'journeymap');
const templates = path.join(root, 'assets', 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-impress-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const names = fs.readdirSync(templates).filter((f) => f.endsWith('.journey.json')).sort();
const stem = (n) => n.replace(/\.journey\.json$/, '');
const rtlNames = names.filter((n) => /\.(ar|he)\.journey\.json$/.test(n));
const soffice = (args) => execFileSync('soffice', [`-env:UserInstallation=file://${tmp}/profile`, '--headless', '--norestore', ...args],
  { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 });

before(() => {
  const decks = names.map((n) => {
    const out = path.join(tmp, stem(n) + '.pptx');
    execFileSync(cli, ['convert', path.join(templates, n), '--to', 'pptx', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    return out;
  });
  soffice(['--convert-to', 'pdf', '--outdir', path.join(tmp, 'pdf'), ...decks]);
  soffice(['--convert-to', 'fodp', '--outdir', path.join(tmp, 'fodp'), ...rtlNames.map((n) => path.join(tmp, stem(n) + '.pptx'))]);
});

// Slides in a .pptx: the distinct slide part names in the zip's directory.
function slideCount(file) {
  const names = fs.readFileSync(file).toString('latin1').match(/ppt\/slides\/slide\d+\.xml(?!\.rels)/g) || [];
  return new Set(names).size;
}


for (const n of names) {
  test(`LibreOffice Impress prints ${n} as .pptx: one 16:9 page per slide, every card, stage, persona and action in the text`, () => {
    const map = JSON.parse(fs.readFileSync(path.join(templates, n), 'utf8')).map;
    const pdf = path.join(tmp, 'pdf', stem(n) + '.pdf');
    assert.ok(fs.existsSync(pdf), 'LibreOffice wrote the PDF');
    const info = execFileSync('pdfinfo', [pdf]).toString('utf8');
    const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
    assert.equal(pages, slideCount(path.join(tmp, stem(n) + '.pptx')));
    const stages = map.stages.length, personas = (map.personas || []).length, actions = (map.actions || []).length ? 1 : 0;
    assert.ok(pages >= 2 + stages + personas + actions, `${pages} pages for ${stages} stages, ${personas} personas`);
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info).slice(1).map(Number);
    assert.ok(Math.abs(w / h - 16 / 9) < 0.01, `16:9 pages (${w} x ${h})`);
    const text = pdfLetters(pdf);
    const missing = [];
    for (const c of map.cards) if (missingFrom(text, c.text || '')) missing.push(c.text);
    for (const s of map.stages) if (missingFrom(text, s.name || '')) missing.push('stage ' + s.name);
    for (const p of map.personas || []) if (missingFrom(text, p.name || '')) missing.push('persona ' + p.name);
    for (const a of map.actions || []) if (missingFrom(text, a.title || '')) missing.push('action ' + a.title);
    assert.deepEqual(missing, [], 'text missing from the PDF');
  });
}

// The text of each paragraph of a flat ODF file, and whether its style writes right to left.
function odfParagraphs(xml) {
  const rtlStyles = new Set([...xml.matchAll(/<style:style style:name="([^"]+)"[^>]*>(?:(?!<\/style:style>)[\s\S])*?style:writing-mode="rl-tb"/g)].map((m) => m[1]));
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, d) => String.fromCodePoint(parseInt(d, 16)))
    .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<text:p(?: text:style-name="([^"]*)")?[^>]*>([\s\S]*?)<\/text:p>/g)].map((m) => ({
    rtl: rtlStyles.has(m[1]),
    text: unescape(m[2].replace(/<text:s text:c="(\d+)"\/>/g, (_, k) => ' '.repeat(Number(k))).replace(/<text:s\/>/g, ' ')
      .replace(/<text:tab\/>/g, '\t').replace(/<text:line-break\/>/g, '\n').replace(/<[^>]+>/g, '')),
  }));
}

test('LibreOffice reads the Arabic and Hebrew decks in logical order, exactly, in right-to-left paragraphs', () => {
  for (const n of rtlNames) {
    const map = JSON.parse(fs.readFileSync(path.join(templates, n), 'utf8')).map;
    const file = path.join(tmp, 'fodp', stem(n) + '.fodp');
    assert.ok(fs.existsSync(file), `${n}: LibreOffice wrote the flat ODF`);
    const paras = odfParagraphs(fs.readFileSync(file, 'utf8'));
    const lines = new Map();
    for (const p of paras) {
      if (!lines.has(p.text)) lines.set(p.text, []);
      lines.get(p.text).push(p);
    }
    const missing = [], ltr = [];
    for (const c of map.cards) {
      for (const line of (c.text || '').split('\n')) {
        if (!line.trim()) continue;
        // A card's line is a paragraph of its own on the map slide (the stage slide may add a
        // mark or extras around it).
        const found = lines.get(line) || paras.filter((p) => p.text.includes(line));
        if (!found.length) { missing.push(line); continue; }
        if (/^[\u0590-\u08ff]/.test(line.trim()) && !found.some((p) => p.rtl)) ltr.push(line);
      }
    }
    assert.deepEqual(missing, [], `${n}: card text LibreOffice did not read back exactly`);
    assert.deepEqual(ltr, [], `${n}: Arabic or Hebrew paragraphs not written right to left`);
  }
});
