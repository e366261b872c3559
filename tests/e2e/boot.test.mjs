// The page boots in a real Chromium with WebGL2, draws the map, stays idle, follows the window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, shot, settle, view } from './harness.mjs';
import { region, countNear, countDark, distinctColours, hex } from './png.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

test('boots at 1280x720 without console errors and draws a designed map', async () => {
  const page = await openEditor(browser, srv.url);
  const img = await shot(page, 'boot-1280x720');
  assert.deepEqual(page.errors, []);
  const state = await page.evaluate(() => ({
    loader: document.getElementById('loading')?.className ?? 'removed',
    gl: !!document.getElementById('canvas').getContext('webgl2'),
  }));
  assert.notEqual(state.loader, '', 'the loading indicator is hidden after the first frame');
  const v = await view(page);
  assert.equal(v.stages.length, 3);
  assert.equal(v.lanes.length, 5);
  // Stage headers carry their colour strip: the first stage's indigo is on screen where its header is.
  const h = v.stages[0].header;
  const header = region(img, h[0], h[1], h[2], h[3]);
  assert.ok(countNear(header, hex('#6366f1'), 30) > 100, 'stage colour strip drawn');
  assert.ok(countDark(header) > 30, 'stage name drawn as dark text');
  // The title is drawn in dark ink at the top-left of the canvas.
  assert.ok(countDark(region(img, 0, 40, 500, 60)) > 200, 'map title drawn');
  // Lane titles: each lane's colour bar is in the left column.
  const l = v.lanes[0].header;
  assert.ok(countNear(region(img, l[0], l[1], 10, l[3]), hex('#64748b'), 30) > 50, 'lane colour bar drawn');
  // The menu bar is a product's, not ImGui's demo: light background, several colours in the whole frame.
  assert.ok(countNear(region(img, 300, 2, 500, 26), [255, 255, 255], 8) > 10000, 'light menu bar');
  assert.ok(distinctColours(region(img, 0, 0, 1280, 720)) > 40, 'a drawn frame, not a blank canvas');
  await page.context().close();
});

test('canvas backing store follows devicePixelRatio and the window size', async () => {
  const page = await openEditor(browser, srv.url, {width: 1000, height: 700, dpr: 2});
  const size = () => page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height, c.clientWidth, c.clientHeight]; });
  let [w, h, cw, ch] = await size();
  assert.equal(w, cw * 2);
  assert.equal(h, ch * 2);
  const v = await view(page);
  assert.equal(v.dpr, 2);
  await page.setViewportSize({width: 800, height: 600});
  await settle(page);
  [w, h, cw, ch] = await size();
  assert.equal(cw, 800);
  assert.equal(w, 1600);
  assert.equal(h, 1200);
  const img = await shot(page, 'boot-800x600@2x');
  assert.equal(img.width, 1600);
  assert.ok(countDark(region(img, 0, 80, 1000, 120)) > 400, 'title drawn at 2x');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('idle means idle: no frames are drawn without input, input draws at once', async () => {
  const page = await openEditor(browser, srv.url);
  const a = await page.evaluate(() => window.jm.frames());
  await page.waitForTimeout(1000);
  const b = await page.evaluate(() => window.jm.frames());
  assert.equal(b, a, 'no frames while idle');
  await page.mouse.move(400, 400);
  await page.waitForTimeout(100);
  const c = await page.evaluate(() => window.jm.frames());
  assert.ok(c > b, 'a mouse move draws');
  await page.context().close();
});

test('viewable at phone width', async () => {
  const page = await openEditor(browser, srv.url, {width: 390, height: 844, dpr: 2, context: {hasTouch: true, isMobile: true}});
  const img = await shot(page, 'boot-phone-390x844');
  assert.deepEqual(page.errors, []);
  const v = await view(page);
  assert.ok(v.stages.length === 3);
  assert.ok(countDark(region(img, 0, 100, 780, 200)) > 300, 'title drawn on a phone');
  await page.context().close();
});

// Every WebGL call that returns a value waits for the browser's GPU process (Dear ImGui's stock
// OpenGL backend made 20 such calls a frame to save and restore state, and a frame cost 190 ms on
// this machine's software GL). The page's renderer (src/editor/render_webgl.cpp) reads nothing
// back once it draws: counted here on the context's prototype, over frames that draw the map.
test('frames read nothing back from WebGL: no state queries, no errors polled', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  await ctx.addInitScript(() => {
    window.jmGlReads = {};
    const reads = ['getParameter', 'getError', 'isEnabled', 'getProgramParameter', 'getShaderParameter',
      'getUniformLocation', 'getAttribLocation', 'getVertexAttrib', 'getBufferParameter', 'getTexParameter',
      'getShaderInfoLog', 'getProgramInfoLog', 'getSupportedExtensions', 'getExtension', 'readPixels',
      'checkFramebufferStatus', 'getIndexedParameter', 'getSyncParameter', 'clientWaitSync', 'getQueryParameter'];
    for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
      if (!C) continue;
      for (const name of reads) {
        const f = C.prototype[name];
        if (typeof f !== 'function') continue;
        C.prototype[name] = function (...args) { window.jmGlReads[name] = (window.jmGlReads[name] || 0) + 1; return f.apply(this, args); };
      }
    }
  });
  const page = await ctx.newPage();
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  assert.equal(await page.evaluate(() => window.JMApp.renderer), 'webgl2');
  await page.evaluate(() => { window.jmGlReads = {}; });
  const before = await page.evaluate(() => window.jm.frames());
  await page.evaluate(() => window.jm.command('template', 'b2b'));
  for (let x = 200; x <= 900; x += 50) await page.mouse.move(x, 300 + x / 5);
  await page.mouse.wheel(0, 300);
  await settle(page);
  const frames = (await page.evaluate(() => window.jm.frames())) - before;
  const reads = await page.evaluate(() => window.jmGlReads);
  assert.ok(frames >= 10, `frames were drawn (${frames})`);
  assert.deepEqual(reads, {}, `WebGL read-backs over ${frames} frames`);
  const img = await shot(page, 'boot-b2b-webgl2');
  assert.ok(countDark(region(img, 0, 40, 600, 60)) > 200, 'the template\'s title drawn');
  await ctx.close();
});
