// Posters and tiled prints through Chromium's own print pipeline, and the PNG export's fonts: the editor builds the print
// document (core/print.h) and calls window.print(); page.pdf() then prints the page as "Save as
// PDF" does (print media, the document's @page size). poppler's pdfinfo, pdftotext and pdffonts
// read the PDF: the number and size of the sheets, the map's text, and its fonts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, openEditor, settle, shot, command, model, view, clickWidget } from './harness.mjs';

let browser, srv, page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-print-'));
before(async () => {
  browser = await launch();
  srv = await serve();
  page = await openEditor(browser, srv.url);
  // The browser's own print dialog cannot be driven from a test (headless Chromium would hold the
  // page "being printed"): window.print() only counts here, and page.pdf() prints the same page
  // with print media and the document's @page size, as "Save as PDF" in that dialog does.
  await page.evaluate(() => { window.jmPrints = 0; window.print = () => { window.jmPrints++; }; });
});
after(async () => { await browser?.close(); srv?.server.close(); fs.rmSync(dir, { recursive: true, force: true }); });

async function printPdf(name) {
  const file = path.join(dir, name + '.pdf');
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [file]).toString('utf8');
  return {
    file,
    pages: Number(/Pages:\s+(\d+)/.exec(info)[1]),
    size: /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info).slice(1).map(Number),
    text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'),
    fonts: execFileSync('pdffonts', [file]).toString('utf8'),
  };
}
const mmToPt = (mm) => mm / 25.4 * 72;
const letters = (s) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');

test('print: the B2B map tiled on A4 at 100 % gives its sheets, A4 landscape, with every card\'s words', async () => {
  assert.equal(await command(page, 'template', 'b2b-phone-system.journey.json'), 1);
  await settle(page);
  // A 30 mm overlap: a word cut by one sheet's edge is whole on its neighbour.
  const sheets = await command(page, 'print', 'a4 landscape tiled 100 30mm');
  assert.ok(sheets > 1, `${sheets} sheets`);
  assert.equal(await page.evaluate(() => window.jmLastPrint.sheets), sheets);
  const pdf = await printPdf('b2b-a4-tiled');
  assert.equal(pdf.pages, sheets, 'one PDF page per sheet');
  assert.ok(Math.abs(pdf.size[0] - mmToPt(297)) < 1 && Math.abs(pdf.size[1] - mmToPt(210)) < 1, `A4 landscape (${pdf.size})`);
  // Every card's words are there as text (a card cut by a sheet's edge has its words on both).
  const text = letters(pdf.text);
  const m = await model(page);
  const missing = [];
  for (const c of m.map.cards) for (const w of c.text.split(/\s+/)) if (letters(w) && !text.includes(letters(w))) missing.push(w);
  assert.deepEqual(missing, []);
  assert.match(pdf.text, /Sheet 1-2 of \d+ × \d+/, 'sheets are labelled row-column');
  // The map's own fonts, embedded (the page's JM Sans faces are Noto Sans).
  assert.match(pdf.fonts, /NotoSans/);
  assert.deepEqual(page.errors, []);
});

test('print: one page scales the whole map onto one A0 sheet, and other sizes follow', async () => {
  assert.equal(await command(page, 'print', 'a0 landscape page'), 1);
  let pdf = await printPdf('b2b-a0');
  assert.equal(pdf.pages, 1);
  assert.ok(Math.abs(pdf.size[0] - mmToPt(1189)) < 1 && Math.abs(pdf.size[1] - mmToPt(841)) < 1, `A0 landscape (${pdf.size})`);
  assert.ok(pdf.text.includes('Books two demos'));
  // Letter portrait, and a custom banner.
  assert.equal(await command(page, 'print', 'letter portrait page'), 1);
  pdf = await printPdf('b2b-letter');
  assert.ok(Math.abs(pdf.size[0] - 612) < 1 && Math.abs(pdf.size[1] - 792) < 1, `Letter portrait (${pdf.size})`);
  assert.equal(await command(page, 'print', '600x2000 landscape page'), 1);
  pdf = await printPdf('b2b-banner');
  assert.ok(Math.abs(pdf.size[0] - mmToPt(2000)) < 1 && Math.abs(pdf.size[1] - mmToPt(600)) < 1, `custom (${pdf.size})`);
  assert.equal(await command(page, 'print', 'b5'), 0, 'an unknown paper prints nothing');
});

test('print: an Arabic map prints in its own shaped text and Arabic font, and the 4,800-card map prints', async () => {
  assert.equal(await command(page, 'template', 'b2b-phone-system.ar.journey.json'), 1);
  await settle(page);
  assert.equal(await command(page, 'print', 'a3 landscape page'), 1);
  const pdf = await printPdf('b2b-ar-a3');
  assert.match(pdf.fonts, /NotoSansArabic/);
  const m = await model(page);
  const words = m.map.cards.flatMap((c) => c.text.split(/\s+/)).map(letters).filter((w) => w && !/[\u0644][\u0622\u0623\u0625\u0627\u0649]/.test(w));
  const text = letters(pdf.text);
  const found = words.filter((w) => text.includes(w));
  assert.ok(found.length >= words.length * 0.95, `${found.length} of ${words.length} Arabic words (without lam-alef) read back`);
  // Tiled, sheet 1 is the map's right end, where a right-to-left journey starts: it holds the
  // first stage's cards and not the last's.
  const sheets = await command(page, 'print', 'a4 landscape tiled 100');
  assert.ok(sheets > 1, `${sheets} sheets`);
  const tiled = await printPdf('b2b-ar-a4-tiled');
  const page1 = letters(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', tiled.file, '-']).toString('utf8'));
  const stageWords = (st) => [...new Set(m.map.cards.filter((c) => c.stage === st.id).flatMap((c) => c.text.split(/\s+/)).map(letters)
    .filter((w) => w.length > 3 && !/[\u0644][\u0622\u0623\u0625\u0627\u0649]/.test(w)))];
  const share = (ws) => ws.filter((w) => page1.includes(w)).length / Math.max(1, ws.length);
  const firstWords = stageWords(m.map.stages[0]), lastWords = stageWords(m.map.stages[m.map.stages.length - 1]);
  assert.ok(firstWords.length > 3 && lastWords.length > 3, 'words to look for');
  assert.ok(share(firstWords) > 0.8, `sheet 1 holds the first stage (${share(firstWords)})`);
  assert.ok(share(lastWords) < 0.3, `sheet 1 does not hold the last stage (${share(lastWords)})`);
  // 4,800 cards on one A0 sheet, and the plan for A4 sheets at 100 %.
  assert.equal(await command(page, 'generate', '40x12x10'), 4800);
  await settle(page);
  const tiles = await command(page, 'print', 'a4 landscape tiled 100');
  assert.ok(tiles > 100, `${tiles} A4 sheets`);
  assert.equal(await command(page, 'print', 'a0 landscape page'), 1);
  const big = await printPdf('big-a0');
  assert.equal(big.pages, 1);
  const all = letters(big.text), cards = (await model(page)).map.cards;
  assert.equal(cards.length, 4800);
  const sample = cards.filter((c, i) => i % 96 === 0);
  const absent = sample.filter((c) => !all.includes(letters(c.text).slice(0, 24)));
  assert.deepEqual(absent.map((c) => c.text), [], 'cards across the map are text in the PDF');
  assert.deepEqual(page.errors, []);
});

test('PNG export: the image is drawn with the map\'s own faces embedded, Arabic ones for an Arabic map', async () => {
  const p = await openEditor(browser, srv.url, {context: {acceptDownloads: true}});
  assert.equal(await command(p, 'template', 'b2b-phone-system.ar.journey.json'), 1);
  await settle(p);
  await Promise.all([p.waitForEvent('download'), command(p, 'export_png', '1')]);
  const png = await p.evaluate(() => window.jmLastPng);
  assert.ok(png.width > 1500, `${png.width} px wide`);
  assert.deepEqual(png.faces, ['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansArabic-Regular', 'NotoSansArabic-Bold']);
  assert.equal(await command(p, 'template', 'b2b-phone-system.journey.json'), 1);
  await settle(p);
  await Promise.all([p.waitForEvent('download'), command(p, 'export_png', '1')]);
  assert.deepEqual((await p.evaluate(() => window.jmLastPng)).faces, ['NotoSans-Regular', 'NotoSans-Bold'], 'a Latin map carries the Latin faces only');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('print: the dialog previews the sheets and prints what it shows', async () => {
  assert.equal(await command(page, 'template', 'b2b-phone-system.journey.json'), 1);
  await settle(page);
  assert.equal(await command(page, 'print', 'a4 landscape page'), 1);   // the dialog starts from the last print
  await page.keyboard.press('Control+p');
  await settle(page, 400);
  let v = await view(page);
  assert.ok(v.widgets['print.preview'], 'the dialog is open with its preview');
  await clickWidget(page, 'print.tiled');
  await settle(page, 600);   // the preview's picture of the map
  await shot(page, 'print-dialog');
  await page.evaluate(() => { window.jmLastPrint = null; });
  await clickWidget(page, 'print.print');
  await page.waitForFunction(() => window.jmLastPrint && window.jmLastPrint.sheets > 1, null, { timeout: 5000 });
  v = await view(page);
  assert.ok(!v.widgets['print.preview'], 'the dialog closed');
  assert.deepEqual(page.errors, []);
});
