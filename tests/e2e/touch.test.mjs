// Touch, as on a phone: a tap selects, one finger pans, two fingers pinch-zoom, a long press
// opens the menu. Real touch events through Chromium's input pipeline (CDP).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, openEditor, settle, shot, command, view, model, centre } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

async function phone() {
  const page = await openEditor(browser, srv.url, {width: 390, height: 844, dpr: 2, context: {hasTouch: true, isMobile: true}});
  await command(page, 'template', 'b2b');
  await settle(page);
  page.cdp = await page.context().newCDPSession(page);
  page.touch = (type, points) => page.cdp.send('Input.dispatchTouchEvent', {type, touchPoints: points.map(([x, y], id) => ({x, y, id}))});
  return page;
}

test('a tap selects a card and leaves it where it is', async () => {
  const page = await phone();
  const before = await model(page);
  const v = await view(page);
  await page.touchscreen.tap(...centre(v.cards[1].rect));
  await settle(page);
  const after = await view(page);
  assert.deepEqual(after.selection, [v.cards[1].id]);
  assert.deepEqual(await model(page), before, 'a tap moves nothing');
  await shot(page, 'touch-tap');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('one finger on empty space pans, two fingers pinch to zoom', async () => {
  const page = await phone();
  const v0 = await view(page);
  const c = v0.cells[0][0];
  let x = c[0] + c[2] - 8, y = c[1] + c[3] - 8;   // a corner of the first cell, clear of cards
  // A frame between the finger's events, as a real swipe spans frames (under load all of them
  // could otherwise land before the editor's next frame).
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  await page.touch('touchStart', [[x, y]]);
  await frame();
  for (let i = 1; i <= 8; i++) { await page.touch('touchMove', [[x - i * 15, y - i * 10]]); await frame(); }
  await page.touch('touchEnd', []);
  await settle(page);
  const v1 = await view(page);
  assert.ok(v1.scroll[0] > v0.scroll[0] + 50, `panned right (${v0.scroll} -> ${v1.scroll})`);
  assert.ok(v1.scroll[1] > v0.scroll[1] + 30);
  const before = await model(page);
  // Pinch out around the middle of the grid, the fingers landing one after the other (as they do):
  // TouchEvents dispatched on the canvas, since CDP's touch input delivers one finger only here.
  await page.evaluate(async ([x, y]) => {
    const canvas = document.getElementById('canvas');
    const t = (id, dx) => new Touch({identifier: id, target: canvas, clientX: x + dx, clientY: y});
    const fire = (type, touches, changed) => canvas.dispatchEvent(new TouchEvent(type, {touches, changedTouches: changed, targetTouches: touches, cancelable: true, bubbles: true}));
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    fire('touchstart', [t(1, -20)], [t(1, -20)]);
    await frame(); await frame();
    fire('touchstart', [t(1, -20), t(2, 20)], [t(2, 20)]);
    for (let i = 1; i <= 8; i++) {
      await frame();
      fire('touchmove', [t(1, -20 - i * 10), t(2, 20 + i * 10)], [t(1, -20 - i * 10), t(2, 20 + i * 10)]);
    }
    await frame();
    fire('touchend', [t(2, 100)], [t(1, -100)]);
    fire('touchend', [], [t(2, 100)]);
  }, [250, 500]);
  await settle(page);
  const v2 = await view(page);
  assert.ok(v2.zoom > v1.zoom * 1.5, `zoomed in (${v1.zoom} -> ${v2.zoom})`);
  assert.deepEqual(await model(page), before, 'gestures change no card (a pinch takes back what its first finger began)');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a long press on a card opens its menu', async () => {
  const page = await phone();
  const v = await view(page);
  const [x, y] = centre(v.cards[1].rect);
  await page.touch('touchStart', [[x, y]]);
  await page.waitForTimeout(800);
  await page.touch('touchEnd', []);
  await settle(page);
  const after = await view(page);
  assert.equal(after.popup_open, true);
  assert.deepEqual(after.selection, [v.cards[1].id]);
  await shot(page, 'touch-long-press');
  await page.context().close();
});
