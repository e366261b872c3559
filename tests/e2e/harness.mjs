// Shared pieces of the end-to-end tests: the built site served on 127.0.0.1, Debian's Chromium
// with real WebGL (SwiftShader) driven by playwright-core, screenshots kept as artifacts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';
import { decodePng } from './png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const site = process.env.JM_E2E_SITE || path.join(repo, 'build/web/site');
export const artifacts = path.join(repo, 'build/e2e-artifacts');
fs.mkdirSync(artifacts, {recursive: true});

export const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--disable-gpu-driver-bug-workarounds', '--ignore-gpu-blocklist'];

// extraArgs: more Chromium switches, e.g. ['--disable-3d-apis'] for a browser without WebGL.
export async function launch({extraArgs = []} = {}) {
  return chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs]});
}

export async function serve(opts = {}) {
  return startServer({root: site, port: 0, quiet: true, ...opts});
}

// A folder that is the built site plus `files` beside it ({'maps/b2b.journey.json': text or
// bytes}), e.g. maps for the viewer's ?src= on the same origin: the site's entries are links, so
// build/web/site itself is never touched. Remove it with fs.rmSync(dir, {recursive: true}).
export function siteWith(files, prefix = 'jm-site-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const f of fs.readdirSync(site)) if (!f.startsWith('.')) fs.symlinkSync(path.join(site, f), path.join(dir, f));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), {recursive: true});
    fs.writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

// Opens the editor and waits for its first drawn frame. Console errors and page errors are
// collected in page.errors so a test can assert there were none.
export async function openEditor(browser, url, {width = 1280, height = 720, dpr = 1, hash = '', context = {}} = {}) {
  const ctx = await browser.newContext({viewport: {width, height}, deviceScaleFactor: dpr, ...context});
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url + hash);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await codeReady(page);
  await settle(page);
  return page;
}

// The wasm's second part comes once the page is idle after its first frame and wakes the editor
// (the accessible mirror is built then): waited for, so a test's frame counts are its own.
export async function codeReady(page) {
  await page.waitForFunction(() => !window.jmWasmParts || window.jmWasmParts.ready, null, {timeout: 30000});
}

// Waits until the editor has stopped drawing: no frame came for quietMs, and none is still to
// come (jm.busy(): its main loop sleeps, no download it waits for is under way).
export async function settle(page, quietMs = 150) {
  const read = () => page.evaluate(() => [window.jm.frames(), !!(window.jm.busy && window.jm.busy())]);
  let [last] = await read();
  for (let i = 0; i < 100; i++) {
    await page.waitForTimeout(quietMs);
    const [now, busy] = await read();
    if (now === last && !busy) return now;
    last = now;
  }
  const why = await page.evaluate(() => ({awake: !!Module._jm_awake(), downloading: !!(window.JMAssets && JMAssets.busy()),
                                          frames: Module._jm_frame_count(), code: window.jmWasmParts && window.jmWasmParts.deferred}));
  throw new Error('the editor never went idle: ' + JSON.stringify(why) + (page.errors?.length ? '; ' + page.errors.join(' | ') : ''));
}

export async function shot(page, name) {
  const file = path.join(artifacts, name + '.png');
  const buf = await page.screenshot({path: file});
  return decodePng(buf);
}

export const model = (page) => page.evaluate(() => window.jm.model());
// An id no entity or comment of a map file has: above its counted ids (new ones are random,
// from 2^32 up), for set-up files that add entities by hand.
export function freeId(doc) {
  let top = 0;
  const see = (x) => { if (x && x.id < 2 ** 32) top = Math.max(top, x.id); for (const c of x?.comments || []) see(c); };
  for (const k of ['stages', 'lanes', 'cards', 'personas', 'actions', 'blueprint_lines']) for (const x of doc.map[k] || []) see(x);
  return top + 1;
}
export const view = (page) => page.evaluate(() => window.jm.view());
export const command = (page, name, arg) => page.evaluate(([n, a]) => window.jm.command(n, a), [name, arg]);

// Centre of a rectangle [x, y, w, h] in CSS pixels.
export const centre = (r) => [r[0] + r[2] / 2, r[1] + r[3] / 2];

// Double-clicks at (x, y) and waits for the browser text field the editor opens there.
// ImGui takes two clicks as a double-click when its frames see them within 0.3 s; on a machine
// busy enough to stretch one frame past that, the pair reads as two clicks (which add nothing), so
// the gesture is tried again, as a person would.
export async function dblclickEdit(page, x, y) {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.dblclick(x, y);
    try {
      await page.waitForSelector('#jm-field', {timeout: attempt < 3 ? 3000 : 8000});
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

// The editor, opened again once when its first frame does not come within the harness's 30 s: on
// a machine running several builds at once a cold start has taken longer (seen). A page that
// never starts fails the second time too, with its console errors.
export async function openEditorPatient(browser, url, opts) {
  try {
    return await openEditor(browser, url, opts);
  } catch (e) {
    if (!/Timeout/.test(String(e && e.message))) throw e;
    const stuck = browser.contexts().at(-1)?.pages()[0];
    const errors = stuck?.errors?.join(' | ') || '';
    console.error(`a11y tests: no first frame within 30 s (${errors || 'no console error'}); opening the page again`);
    await stuck?.context().close();
    try {
      return await openEditor(browser, url, opts);
    } catch (e2) {
      throw new Error(`the editor did not start twice: ${e2.message.split('\n')[0]}; console errors the first time: ${errors || 'none'}`);
    }
  }
}

// ---- Interface parts by name (jm.view().widgets: [x, y, w, h] in CSS px) ----------------------

// Clicks the part named `id` as a person would: the pointer arrives, then clicks (a table header,
// like other ImGui items that may overlap, takes a click only once it has been hovered for a frame).
export async function clickWidget(page, id) {
  await page.waitForFunction((id) => !!window.jm.view().widgets[id], id, {timeout: 5000})
    .catch(() => { throw new Error('nothing named ' + id + ' on screen'); });
  const w = (await view(page)).widgets[id];
  await page.mouse.move(w[0] + w[2] / 2, w[1] + w[3] / 2);
  await settle(page, 60);
  await page.mouse.click(w[0] + w[2] / 2, w[1] + w[3] / 2);
  await settle(page, 120);
  return w;
}

// Scrolls the panel `container` with the wheel until `id` is inside it, then clicks it (unless
// press is false; the part's rectangle is returned).
export async function revealWidget(page, id, container = 'inspector', {press = true} = {}) {
  for (let i = 0; i < 40; i++) {
    const v = await view(page);
    const w = v.widgets[id], c = v.widgets[container];
    if (!w) throw new Error('nothing named ' + id);
    if (!c) throw new Error('no ' + container);
    if (w[1] >= c[1] && w[1] + w[3] <= c[1] + c[3]) return press ? clickWidget(page, id) : w;
    await page.mouse.move(c[0] + c[2] / 2, c[1] + c[3] / 2);
    await page.mouse.wheel(0, w[1] + w[3] > c[1] + c[3] ? 150 : -150);
    await settle(page, 100);
  }
  throw new Error(id + ' never scrolled into ' + container);
}

// Types into the browser text field the editor opened, then Enter (unless enter is false). The
// field is marked first: the editor may open the next one (a list's next item) at once, under the
// same id. Arabic and Hebrew text is inserted (the keyboard types only what a US layout has).
export async function typeInField(page, text, {enter = true, arabic = false} = {}) {
  await page.waitForSelector('#jm-field:not([data-done])', {timeout: 5000});
  await page.keyboard.press('Control+A');
  if (arabic) await page.keyboard.insertText(text); else await page.keyboard.type(text);
  if (!enter) { await settle(page, 100); return; }
  await page.$eval('#jm-field', (f) => { f.dataset.done = '1'; });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#jm-field[data-done]'), null, {timeout: 5000});
  await settle(page, 120);
}
