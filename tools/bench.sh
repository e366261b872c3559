#!/usr/bin/env bash
# Benchmarks the release site: size on the wire, time to first frame (and its phases, on a
# throttled link, against Dear ImGui's stock example), frame build time on a 4,800-card map, idle
# frames, undo/redo, edit-to-frame, save/load and memory. Prints one JSON object per line on stdout,
# e.g. {"name":"wasm_bytes","value":597068,"unit":"bytes"}; everything else goes to stderr.
#   tools/bench.sh                 set up, build the site (quiet unless it fails), run the benchmark
#   tools/bench.sh > bench.jsonl   keep the figures to compare over time
# Idempotent: a second run only checks the setup and the build (a few seconds) before measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
# setup.sh reports what it installs on stdout: keep stdout for the figures alone.
bash tools/setup.sh >&2
log=build/bench-logs/build-web.log
mkdir -p "$(dirname "$log")"
if ! bash tools/build.sh web journeymap_web jm_site >"$log" 2>&1; then
  echo "bench: FAILED to build the site; last lines of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
# Dear ImGui's stock example, the baseline of imgui_stock_first_frame_ms (built once, then reused).
stock_log=build/bench-logs/build-imgui-stock.log
if ! bash tests/bench/imgui_stock/build.sh >"$stock_log" 2>&1; then
  echo "bench: the stock Dear ImGui example did not build (imgui_stock_first_frame_ms is skipped); last lines of $stock_log:" >&2
  tail -20 "$stock_log" >&2
fi
exec node tests/bench/bench.mjs "$@"
