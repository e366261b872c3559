// Shared pieces of the end-to-end tests: the built site served on 127.0.0.1, Debian's Chromium
// with real WebGL (SwiftShader) driven by playwright-core, screenshots kept as artifacts.
import fs from 'node:fs';
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
  await settle(page);
  return page;
}

// Waits until the editor has stopped drawing (its main loop sleeps when idle).
export async function settle(page, quietMs = 150) {
  let last = await page.evaluate(() => window.jm.frames());
  for (let i = 0; i < 100; i++) {
    await page.waitForTimeout(quietMs);
    const now = await page.evaluate(() => window.jm.frames());
    if (now === last) return now;
    last = now;
  }
  throw new Error('the editor never went idle');
}

export async function shot(page, name) {
  const file = path.join(artifacts, name + '.png');
  const buf = await page.screenshot({path: file});
  return decodePng(buf);
}

export const model = (page) => page.evaluate(() => window.jm.model());
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
