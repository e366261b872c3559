// Frame order (issue #12): a key press is handled before the canvas is drawn, so the frame that
// handles Delete (or Ctrl+Z) already shows the change. A script injected before the page's own
// records, after every animation frame in which the editor drew, the map revision and the revision
// its canvas drew (jm_drawn_revision, from src/editor/perf_marks.cpp).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, settle, view, command, centre } from './harness.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.server.close(); });

const RECORD = `(() => {
  const out = window.jmFrameLog = [];
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) {
    return raf.call(window, (ts) => {
      const M = window.Module;
      let f0 = -1;
      try { f0 = M._jm_frame_count(); } catch (e) { /* not started */ }
      try { return cb(ts); } finally {
        let f1 = -1;
        try { f1 = M._jm_frame_count(); } catch (e) { /* not started */ }
        if (f1 >= 0 && f1 !== f0) out.push({frame: f1, rev: M._jm_revision(), drawn: M._jm_drawn_revision()});
      }
    });
  };
})();`;

// Presses `key` and returns the log records of the frames after it, once one carries a new revision.
async function pressAndLog(page, key, rev0) {
  const n = await page.evaluate(() => window.jmFrameLog.length);
  await page.keyboard.press(key);
  await page.waitForFunction(([n, rev0]) => window.jmFrameLog.slice(n).some((r) => r.rev !== rev0), [n, rev0], {timeout: 10000});
  await settle(page);
  return page.evaluate((n) => window.jmFrameLog.slice(n), n);
}

test('the frame that handles Delete and Ctrl+Z draws their result', async () => {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 720}});
  await ctx.addInitScript(RECORD);
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(srv.url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await settle(page);
  assert.equal(await command(page, 'template', 'b2b-phone-system.journey.json'), 1);
  await settle(page);
  const v = await view(page);
  const card = v.cards.find((c) => c.rect[0] > 0 && c.rect[1] > 60 && c.rect[0] + c.rect[2] < 1280 && c.rect[1] + c.rect[3] < 680);
  assert.ok(card, 'a card on screen: ' + JSON.stringify(v.cards.slice(0, 3).map((c) => c.rect)));
  const [x, y] = centre(card.rect);
  await page.mouse.click(x, y);
  await settle(page);
  assert.deepEqual((await view(page)).selection, [card.id]);
  const cards0 = await page.evaluate(() => window.jm.model().map.cards.length);

  const rev0 = await page.evaluate(() => window.Module._jm_revision());
  const del = await pressAndLog(page, 'Delete', rev0);
  const applied = del.find((r) => r.rev !== rev0);
  // The frame whose revision changed drew that revision: not the old map, one frame late.
  assert.equal(applied.drawn, applied.rev, `Delete: the frame that applied it drew revision ${applied.drawn}, the map is at ${applied.rev}`);
  assert.equal((await page.evaluate(() => window.jm.model().map.cards.length)), cards0 - 1);

  const rev1 = applied.rev;
  const undo = await pressAndLog(page, 'Control+z', rev1);
  const undone = undo.find((r) => r.rev !== rev1);
  assert.equal(undone.drawn, undone.rev, `Ctrl+Z: the frame that applied it drew revision ${undone.drawn}, the map is at ${undone.rev}`);
  assert.equal((await page.evaluate(() => window.jm.model().map.cards.length)), cards0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
