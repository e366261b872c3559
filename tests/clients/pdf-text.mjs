// The text of a PDF as poppler's pdftotext reads it, and whether a text of the map is in it.
import { execFileSync } from 'node:child_process';

// Text as compared with a PDF's: its letters and digits, compatibility forms folded (Arabic
// presentation forms, ligatures). pdftotext rebuilds logical order from the PDF's glyph runs
// line by line, by its own guess of each line's direction: it moves spaces and mirrors brackets
// where the direction changes, gives a ligature's letters in visual order (lam-alef as
// alef-lam) and, for a right-to-left paragraph wrapped over lines or a table cell, can put the
// lines or the words of neighbouring cells out of order. So a left-to-right text is looked for
// whole (letters and digits in order), and a text with Arabic or Hebrew word by word: each
// word's letters in order, split where the direction changes inside it, with the alefs of a run
// of lams and alefs put first on both sides. Where the exact logical text matters, read
// LibreOffice's flat ODF instead (tests/clients/impress.test.mjs).
const LAM_ALEF = /[\u0644\u0622\u0623\u0625\u0627\u0649]{2,}/g;
const word = (w) => w.replace(/[^\p{L}\p{N}]/gu, '').replace(LAM_ALEF, (run) => run.replace(/\u0644/g, '') + run.replace(/[^\u0644]/g, ''));
const letters = (s) => s.normalize('NFKC').split(/\s+/).map(word).join('');
const RTL = /[\u0590-\u08ff]/;
// The words of a text with Arabic or Hebrew, each split where its direction changes ("ה-30").
const words = (text) => text.normalize('NFKC').split(/\s+/).map(word).flatMap((w) => w.match(/[\u0590-\u08ff]+|[^\u0590-\u08ff]+/g) || []);
export const missingFrom = (pdf, text) => RTL.test(text) ? words(text).some((w) => !pdf.includes(w)) : !pdf.includes(letters(text));

// The letters of a PDF's text (`missingFrom` looks a text up in them). LibreOffice's PDF gives
// some joining glyphs of Noto Sans Arabic no character of their own: pdftotext shows each as a
// lone "J" between left-to-right marks inside the Arabic word ("صف\u202aJ\u202cحة"), which is
// left out.
export const pdfLetters = (file) => letters(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8')
  .replace(/\u202a[A-Za-z]\u202c(?=[\u0600-\u06ff])/g, ''));
