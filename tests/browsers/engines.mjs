// Firefox and WebKit for the smoke suite, behind one small interface so every case is written
// once and runs in both engines. The shared start-up (one X server, one copy of the site on one
// port) is made once per run; each engine starts one browser that every case reuses.
//
//   Firefox: Debian's firefox-esr, headed under Xvfb (headless Firefox has no WebGL2 here), driven
//            by puppeteer-core over WebDriver BiDi.
//   WebKit:  Debian's WebKitGTK MiniBrowser through WebKitWebDriver (W3C WebDriver, classic),
//            driven by selenium-webdriver.
//
// A page is {name, version, goto, reload, evaluate, waitFor, click, dblclick, type, press,
// screenshot, takeErrors, downloads, close}. Coordinates are CSS pixels in the viewport (what
// window.jm.view() reports); keys are 'Enter', 'Escape', 'Shift+Enter'.
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { decodePng } from '../e2e/png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const site = path.join(repo, 'build/web/site');
export const artifacts = path.join(repo, 'build/browsers-artifacts');

export const FIREFOX = process.env.JM_FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.JM_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.JM_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WIDTH = 1280, HEIGHT = 800;

// Every child process started here, so a failing or interrupted run leaves none behind.
const children = new Set();
function track(proc) {
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  return proc;
}
process.on('exit', () => { for (const p of children) try { p.kill('SIGKILL'); } catch { /* gone */ } });
// A layer timeout (tools/test.sh) ends the run with SIGTERM: exit, so the line above runs.
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => process.exit(128 + (sig === 'SIGTERM' ? 15 : 2)));

// Xvfb on a display it picks itself (-displayfd: no guessing which :N is free, no race with
// another run on the same machine).
function startXvfb() {
  return new Promise((resolve, reject) => {
    const proc = track(spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'],
      {stdio: ['ignore', 'ignore', 'pipe', 'pipe']}));
    let fd3 = '', stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.stdio[3].on('data', (d) => {
      fd3 += d;
      if (fd3.includes('\n')) resolve({proc, display: ':' + fd3.trim()});
    });
    proc.on('error', (e) => reject(new Error(`Xvfb could not start (${e.message}): apt-get install xvfb`)));
    proc.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr.trim().slice(-400)}`)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const {port} = s.address(); s.close(() => resolve(port)); });
  });
}

// The site as built, plus map files beside it (for embed.html?src=, same origin), served from a
// folder of links so build/web/site itself is never touched.
async function serveSite() {
  if (!fs.existsSync(path.join(site, 'index.html'))) throw new Error(`no built site at ${site}: run tools/build.sh web first`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-browsers-site-'));
  for (const f of fs.readdirSync(site)) if (!f.startsWith('.')) fs.symlinkSync(path.join(site, f), path.join(root, f));
  fs.mkdirSync(path.join(root, 'maps'));
  fs.copyFileSync(path.join(repo, 'assets/templates/b2b-phone-system.journey.json'), path.join(root, 'maps/b2b.journey.json'));
  fs.copyFileSync(path.join(repo, 'tests/fixtures/rtl-ar.journey.json'), path.join(root, 'maps/rtl-ar.journey.json'));
  const srv = await startServer({root, port: 0, quiet: true});
  return {...srv, root};
}

// The start-up every engine shares: made on first use, closed by close().
let shared = null;
export async function sharedStartup() {
  if (shared) return shared;
  fs.mkdirSync(artifacts, {recursive: true});
  const [x, srv] = await Promise.all([startXvfb(), serveSite()]);
  shared = {
    display: x.display,
    url: srv.url,
    close() {
      srv.server.close();
      fs.rmSync(srv.root, {recursive: true, force: true});
      x.proc.kill();
      shared = null;
    },
  };
  return shared;
}

// ---- Firefox (puppeteer-core, WebDriver BiDi) ----------------------------------------------------

export async function launchFirefox(env) {
  const {default: puppeteer} = await import('puppeteer-core');
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-firefox-dl-'));
  const browser = await launchOrClean(downloads, () => puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false, protocol: 'webDriverBiDi',
    env: {...process.env, DISPLAY: env.display},
    defaultViewport: {width: WIDTH, height: HEIGHT},
    // Downloads go to our folder without asking (what a person's "always save" does).
    extraPrefsFirefox: {
      'browser.download.folderList': 2, 'browser.download.dir': downloads, 'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false, 'browser.download.manager.showWhenStarting': false,
      'browser.download.alwaysOpenPanel': false, 'browser.helperApps.neverAsk.saveToDisk': 'image/svg+xml,application/octet-stream',
      'intl.accept_languages': 'en-US, en',
    },
  }));
  const page = (await browser.pages())[0] || await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.message || e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return {
    name: 'firefox',
    version: await browser.version(),
    downloads,
    // Console errors and uncaught exceptions since the last call, from the page's load on.
    takeErrors: async () => errors.splice(0),
    goto: (url) => page.goto(url, {waitUntil: 'load'}),
    reload: () => page.reload({waitUntil: 'load'}),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    waitFor: (fn, arg, timeout) => poll(() => page.evaluate(fn, arg), timeout),
    click: (x, y) => page.mouse.click(Math.round(x), Math.round(y)),
    dblclick: (x, y) => page.mouse.click(Math.round(x), Math.round(y), {count: 2}),
    type: (text) => page.keyboard.type(text),
    async press(key) {
      const parts = key.split('+'), last = parts.pop();
      for (const m of parts) await page.keyboard.down(m);
      await page.keyboard.press(last);
      for (const m of parts.reverse()) await page.keyboard.up(m);
    },
    screenshot: async (name) => png(Buffer.from(await page.screenshot()), name),
    async close() {
      try { await browser.close(); } finally { fs.rmSync(downloads, {recursive: true, force: true}); }
    },
  };
}

// ---- WebKit (selenium-webdriver, WebKitWebDriver) ------------------------------------------------

async function waitForDriver(url, proc, timeout = 20000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${proc.exitCode}`);
    try { if ((await fetch(url + '/status')).ok) return; } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('WebKitWebDriver did not answer within 20 s');
}

export async function launchWebKit(env) {
  const {Builder, Key, Origin} = await import('selenium-webdriver');
  // Its own home: the MiniBrowser's profile, IndexedDB and downloads start empty and are ours to
  // read and delete. The MiniBrowser saves a download without asking, in the XDG download folder
  // (user-dirs.dirs; $HOME when there is none).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jm-webkit-home-'));
  const downloads = path.join(home, 'Downloads');
  fs.mkdirSync(downloads);
  fs.mkdirSync(path.join(home, 'config'));
  fs.writeFileSync(path.join(home, 'config/user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  let proc, driver, url;
  // The driver and its browser; on failure the driver is stopped and the home removed.
  await launchOrClean(home, async () => {
    try {
      for (let attempt = 0; ; attempt++) {   // a port taken between freePort() and the driver's bind: try another
        const port = await freePort();
        url = `http://127.0.0.1:${port}`;
        proc = track(spawn(WEBKIT_DRIVER, [`--port=${port}`], {
          env: {...process.env, DISPLAY: env.display, HOME: home,
                XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config')},
          stdio: ['ignore', 'ignore', 'pipe'],
        }));
        proc.stderr.on('data', () => {});
        try { await waitForDriver(url, proc); break; } catch (e) { proc.kill(); if (attempt >= 2) throw e; }
      }
      driver = await new Builder().usingServer(url).withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {binary: MINIBROWSER, args: ['--automation']},
      }).build();
      await driver.manage().window().setRect({x: 0, y: 0, width: WIDTH, height: HEIGHT});
    } catch (e) { proc?.kill(); throw e; }
  });
  const caps = await driver.getCapabilities();
  const keys = {Enter: Key.ENTER, Escape: Key.ESCAPE, Shift: Key.SHIFT, Control: Key.CONTROL};
  const script = (fn) => `return (${fn}).apply(null, arguments);`;
  const actions = () => driver.actions({async: true});
  const at = (x, y) => ({x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT});
  return {
    name: 'webkit',
    version: `${caps.get('browserName')} ${caps.get('browserVersion')}`,
    downloads,
    // Classic WebDriver has no console and no script that runs before the page's own: errors are
    // caught from the moment goto() or reload() returns (after the load event), not before it.
    takeErrors: () => driver.executeScript('const e = window.jmTestErrors || []; window.jmTestErrors = []; return e;'),
    goto: async (u) => { await driver.get(u); await driver.executeScript(CATCH_ERRORS); },
    reload: async () => { await driver.navigate().refresh(); await driver.executeScript(CATCH_ERRORS); },
    evaluate: (fn, ...args) => driver.executeScript(script(fn), ...args),
    waitFor: (fn, arg, timeout) => poll(() => driver.executeScript(script(fn), arg), timeout),
    click: (x, y) => actions().move(at(x, y)).press().release().perform(),
    dblclick: (x, y) => actions().move(at(x, y)).press().release().press().release().perform(),
    type: (text) => actions().sendKeys(text).perform(),
    async press(key) {
      const parts = key.split('+').map((k) => keys[k] || k), last = parts.pop();
      let a = actions();
      for (const m of parts) a = a.keyDown(m);
      a = a.keyDown(last).keyUp(last);
      for (const m of parts.reverse()) a = a.keyUp(m);
      await a.perform();
    },
    screenshot: async (name) => png(Buffer.from(await driver.takeScreenshot(), 'base64'), name),
    async close() {
      try { await driver.quit(); } finally {
        proc.kill();
        fs.rmSync(home, {recursive: true, force: true});
      }
    },
  };
}

// Collects what Firefox's driver reports as page errors: uncaught exceptions, unhandled
// rejections and console.error calls.
const CATCH_ERRORS = `if (!window.jmTestErrors) {
  window.jmTestErrors = [];
  addEventListener('error', (e) => jmTestErrors.push(String(e.message || e)));
  addEventListener('unhandledrejection', (e) => jmTestErrors.push('unhandled rejection: ' + String(e.reason && e.reason.message || e.reason)));
  const ce = console.error;
  console.error = function (...a) { jmTestErrors.push(a.map(String).join(' ')); return ce.apply(this, a); };
}`;

export const ENGINES = {firefox: launchFirefox, webkit: launchWebKit};

// Runs start(); when it throws, removes the folder made for it before passing the error on.
async function launchOrClean(dir, start) {
  try { return await start(); } catch (e) { fs.rmSync(dir, {recursive: true, force: true}); throw e; }
}

// ---- Helpers -----------------------------------------------------------------------------------------

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn() until it returns something truthy; returns that, or throws after `timeout` ms.
export async function poll(fn, timeout = 10000, every = 100) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms${last instanceof Error ? ': ' + last.message : ''}`);
    await sleep(every);
  }
}

function png(buf, name) {
  if (name) fs.writeFileSync(path.join(artifacts, name + '.png'), buf);
  return decodePng(buf);
}
