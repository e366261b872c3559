// What the page says itself (web/app.js, web/embed.js: keys page.* in assets/i18n) follows the
// interface language: a message after the language is switched, the copy panel built in HTML
// (its direction and language), and the embedded viewer's error strip.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, openEditor, settle, view, command, repo } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(async () => { for (const ctx of browser?.contexts() ?? []) await ctx.close(); });

const table = (lang) => JSON.parse(fs.readFileSync(path.join(repo, 'assets/i18n', lang + '.json'), 'utf8'));
// A table's text as a whole-string pattern, each {placeholder} matching `fill` (default: anything).
const pattern = (text, fill = '(.+)') => new RegExp('^' + text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, fill) + '$');

test('after switching to Arabic, a page message (a map too large for a link) is the Arabic text of the table', async () => {
  const page = await openEditor(browser, srv.url, {context: {locale: 'en-US'}});
  await command(page, 'language', 'ar');
  await settle(page, 80);   // the switch takes effect on the next frame
  assert.equal((await view(page)).language, 'ar');
  await command(page, 'generate', '40x12x10');
  await settle(page);
  await page.evaluate(() => window.JMApp.share('link'));
  const ar = table('ar')['page.link_too_long'];
  await page.waitForFunction((t) => window.jm.view().toast.startsWith(t), ar.slice(0, ar.indexOf('{')), {timeout: 10000});
  const toast = (await view(page)).toast;
  assert.match(toast, pattern(ar, '(\\d+)'), toast);
  assert.notEqual(toast, table('en')['page.link_too_long']);
  assert.deepEqual(page.errors, []);
});

test('the copy panel (the clipboard refused) is in Hebrew, right to left, with lang="he"', async () => {
  const page = await openEditor(browser, srv.url, {context: {locale: 'he-IL'}});
  assert.equal((await view(page)).language, 'he');
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); window.JMApp.share('link'); });
  await page.waitForSelector('#jm-share', {timeout: 10000});
  const panel = await page.evaluate(() => {
    const p = document.getElementById('jm-share');
    return {dir: p.dir, lang: p.lang, label: p.getAttribute('aria-label'), text: p.firstChild.textContent,
            button: p.querySelector('button').textContent, area: p.querySelector('textarea').dir};
  });
  const he = table('he');
  assert.deepEqual(panel, {dir: 'rtl', lang: 'he', label: he['page.copy_link_label'], text: he['page.copy_link_text'],
                           button: he['page.close'], area: 'ltr'});
  assert.equal(await page.evaluate(() => document.getElementById('canvas').getAttribute('aria-label')), he['page.canvas_editor']);
  assert.deepEqual(page.errors.filter((e) => !/refused/.test(e)), []);
});

test('the embedded viewer says why there is no map in the interface language (Arabic, HTTP 404)', async () => {
  const ctx = await browser.newContext({viewport: {width: 800, height: 480}, locale: 'ar-EG'});
  const page = await ctx.newPage();
  await page.goto(srv.url + 'embed.html?src=missing.journey.json');
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined && !document.getElementById('jm-embed-message').hidden, null, {timeout: 30000});
  const box = await page.evaluate(() => { const b = document.getElementById('jm-embed-message'); return {text: b.textContent, dir: b.dir, lang: b.lang}; });
  const want = table('ar')['page.embed_http_error'].replace('{src}', 'missing.journey.json').replace('{status}', '404');
  assert.deepEqual(box, {text: want, dir: 'rtl', lang: 'ar'});
  assert.equal((await page.evaluate(() => window.jm.view())).toast, want, 'told to the editor too');
});

test('before the wasm runs, the loader speaks the language it will choose (app.js inline strings): a broken wasm in Hebrew', async () => {
  const ctx = await browser.newContext({locale: 'he-IL'});
  const page = await ctx.newPage();
  await page.route('**/journeymap.wasm', (r) => r.fulfill({status: 200, contentType: 'application/wasm', body: 'not wasm'}));
  await page.goto(srv.url);
  await page.waitForFunction(() => document.getElementById('loading').classList.contains('error'), null, {timeout: 30000});
  const text = await page.evaluate(() => { const e = document.getElementById('loading-text'); return {text: e.textContent, dir: e.dir}; });
  assert.match(text.text, /^לא ניתן היה להפעיל את העורך: .+\. טענו מחדש את הדף כדי לנסות שוב\.$/);
  assert.equal(text.dir, 'rtl');
});
