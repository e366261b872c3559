#!/usr/bin/env bash
# Benchmarks the release site: size on the wire, time to first frame, frame build time on a
# 4,800-card map, idle frames, undo/redo speed. Prints one JSON object per line on stdout,
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
exec node tests/bench/bench.mjs "$@"
