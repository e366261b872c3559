// The map on screen before the engine (tests/bench/bench.mjs, issue #12; web/snapshot.js): the
// editor opened again in the same browser profile (its HTTP cache, service worker and storage as
// a returning user has them) shows a picture of its last frame before the wasm runs.
//   returning_picture_ms  the editor on a saved template: navigation start -> the picture
//                         presented on screen (Element Timing's renderTime), median of 5 reloads;
//                         the detail has the same loads' first frame and first contentful paint,
//                         and half the stock example's first draw (the aim); new_tab_ms: the same
//                         picture when the editor is opened in a new tab of that profile instead
//                         (no old page to tear down first: on a reload the old page's WebGL
//                         context waits for the GPU process before the new page can start)
// Each load is checked: the picture was on the page before the first frame, and gone after it.
// The detail also has Dear ImGui's stock example reloaded the same way (its first draw with a warm
// cache and V8's code cache), the fair comparison for a returning user's first frame.
const RELOADS = 5;

// Before any script of the page: when the picture was presented, and whether the first frame came
// after it.
const WATCH = `(() => {
  window.jmPicture = {ms: null, before: false};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'jm-snapshot') window.jmPicture.ms = e.renderTime || e.loadTime;
  }).observe({type: 'element', buffered: true});
  new MutationObserver(() => {
    if (document.getElementById('jm-snapshot') && window.jmFirstFrameMs === undefined) window.jmPicture.before = true;
  }).observe(document, {childList: true, subtree: true});
})();`;

// Each load either reloads the page (F5: the old page is torn down first, in the same renderer) or,
// with `tab`, opens the editor in a new tab of the same profile (a bookmark, a link) and closes it.
async function reloads(page, {tab, url} = {}) {
  const runs = [], frames = [], paints = [];
  for (let i = 0; i < RELOADS; i++) {
    if (tab) { page = await tab.newPage(); await page.goto(url); } else await page.reload();
    await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
    // Element Timing reports a paint a moment later (or never, for a picture gone before it was
    // painted: that load counts as failed).
    await page.waitForFunction(() => window.jmPicture.ms !== null, null, {timeout: 5000}).catch(() => {});
    const r = await page.evaluate(() => ({picture: window.jmPicture, frame: window.jmFirstFrameMs, now: !!document.getElementById('jm-snapshot'),
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null}));
    if (!r.picture.before || r.now || r.picture.ms === null)
      throw new Error(`the picture was not painted before the first frame, or stayed after it (${JSON.stringify(r)})`);
    runs.push(r.picture.ms);
    frames.push(r.frame);
    paints.push(r.fcp);
    if (tab) await page.close();
  }
  return {runs, frames, paints};
}

// The stock example (build/bench/imgui-stock) loaded once and reloaded RELOADS times in one
// profile: the median first draw, or null when it is not built.
async function stockReturning(browser, {serve, stockDir, probe, viewport, median}) {
  const fs = await import('node:fs');
  if (!fs.existsSync(stockDir + '/index.wasm')) return null;
  const srv = await serve({root: stockDir});
  try {
    const ctx = await browser.newContext({viewport});
    await ctx.addInitScript(probe);
    const page = await ctx.newPage();
    const runs = [];
    for (let i = 0; i <= RELOADS; i++) {
      if (i === 0) await page.goto(srv.url); else await page.reload();
      await page.waitForFunction(() => window.jmProbe && window.jmProbe.firstDrawMs !== undefined, null, {timeout: 30000});
      if (i > 0) runs.push(await page.evaluate(() => window.jmProbe.firstDrawMs));
    }
    await ctx.close();
    return {value: median(runs), runs};
  } finally {
    await new Promise((r) => srv.server.close(r));
  }
}

export async function measureReturning(browser, url, {emit, median, round, figures, viewport, serve, stockDir, probe}) {
  // A template opened and saved (the picture is taken when the editor goes idle after the change
  // and kept when the save completes), then reloaded.
  const ctx = await browser.newContext({viewport});
  await ctx.addInitScript(WATCH);
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.jmFirstFrameMs !== undefined, null, {timeout: 30000});
  await page.evaluate(() => window.jm.command('template', 'b2b-phone-system.journey.json'));
  await page.waitForFunction(() => localStorage.getItem('journeymap.snapshot.editor'), null, {timeout: 15000});
  const chars = await page.evaluate(() => localStorage.getItem('journeymap.snapshot.editor').length);
  const r = await reloads(page);
  const t = await reloads(null, {tab: ctx, url});
  await ctx.close();
  const stock = await stockReturning(browser, {serve, stockDir, probe, viewport, median});
  const value = round(median(r.runs), 1);
  figures.returning_picture_ms = value;
  emit('returning_picture_ms', value, 'ms', {runs: r.runs.map((x) => round(x, 1)), first_frame_ms: round(median(r.frames), 1),
    first_frame_runs: r.frames.map((x) => round(x, 1)), first_contentful_paint_ms: round(median(r.paints), 1),
    aim_half_stock_ms: figures.imgui_stock_first_frame_ms ? round(figures.imgui_stock_first_frame_ms / 2, 1) : null,
    stock_returning_first_draw_ms: stock && round(stock.value, 1), stock_returning_runs: stock && stock.runs.map((x) => round(x, 1)),
    new_tab_ms: round(median(t.runs), 1), new_tab_runs: t.runs.map((x) => round(x, 1)), new_tab_first_frame_ms: round(median(t.frames), 1),
    stored_chars: chars, map: 'b2b-phone-system.journey.json'});
}
