#!/usr/bin/env bash
# Runs every test layer and ends with one line "N passed, N failed" summing them all:
#   1. core unit tests, native (Catch2 through CTest)
#   2. the same core tests with AddressSanitizer + UndefinedBehaviorSanitizer (clang, built in the
#      fuzz configuration, which instruments the core once for both this layer and the fuzzer)
#   3. the same core tests compiled to wasm, run under Node through CTest
#   4. end-to-end tests: the built site in Debian's Chromium, driven by playwright-core
#   4b. the smoke suite in Firefox ESR (puppeteer-core, WebDriver BiDi) and WebKitGTK
#      (selenium-webdriver, WebKitWebDriver) under Xvfb: tests/browsers/
#   5. the file readers (load_map, Mermaid and CSV import) and all exports under libFuzzer with
#      ASan + UBSan for a bounded time (JM_FUZZ_SECONDS, default 20), from tests/fuzz/corpus
#   6. the portable SQL (assets/sql) on SQLite and DuckDB against the native CLI's results
#   7. real clients of the exports: LibreOffice Calc reads the .xlsx of every template, LibreOffice
#      Impress prints its .pptx to PDF (pdfinfo, pdftotext read it back)
# Order, to keep a fresh machine's run short on two cores: the site is built first; Firefox and
# WebKit (4b) run while the native build compiles (neither minds the other's load); then the
# Chromium layer (4), whose gestures are timed by ImGui's double-click window, runs alone; then
# the layers without a browser (3, 2, 5).
# Exit status is non-zero when anything failed or could not be built.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh || exit 1
mkdir -p build
log=build/test-logs
mkdir -p "$log"
total_pass=0
total_fail=0
status=0

quiet_build() {  # quiet_build NAME ARGS...: build, show the log only on failure
  local name=$1; shift
  if ! bash tools/build.sh "$@" >"$log/build-$name.log" 2>&1; then
    echo "FAILED to build $name; last lines of $log/build-$name.log:"
    tail -40 "$log/build-$name.log"
    return 1
  fi
}

run_ctest() {  # run_ctest LAYER DIR
  local layer=$1 dir=$2 out pass fail n
  out=$(cd "$dir" && ctest -j2 --output-on-failure 2>&1)
  echo "$out" > "$log/ctest-$(echo "$layer" | tr -c "a-z0-9\n" "-").log"
  n=$(echo "$out" | sed -nE 's/.*tests failed out of ([0-9]+).*/\1/p' | tail -1)
  fail=$(echo "$out" | sed -nE 's/.* ([0-9]+) tests failed out of.*/\1/p' | tail -1)
  if [ -z "$n" ]; then
    echo "$layer: no tests ran"; echo "$out" | tail -20
    total_fail=$((total_fail + 1)); status=1; return
  fi
  pass=$((n - fail))
  [ "$fail" -gt 0 ] && { echo "$out" | grep -E "Failed|\*\*\*" | head -30; status=1; }
  # CTest must see every Catch2 test case: a name with '[' once folded all later ones into one
  # CMake list element, and 250 cases silently stopped running.
  if [ -x "$dir/core_tests" ] && [ ! -f "$dir/core_tests.wasm" ]; then
    local listed
    listed=$("$dir/core_tests" --list-test-names-only 2>/dev/null | grep -c .)
    if [ "$listed" != "$n" ]; then
      echo "$layer: CTest ran $n tests but core_tests has $listed test cases (a test name CMake cannot list?)"
      fail=$((fail + 1)); status=1
    fi
  fi
  echo "$layer: $pass passed, $fail failed"
  total_pass=$((total_pass + pass)); total_fail=$((total_fail + fail))
}

t0=$(date +%s)
# Counts a layer's tap output (node's test runner): "$1: N passed, N failed" and the totals.
count_tap() {  # count_tap LAYER OUTPUT [EXTRA]
  local layer=$1 out=$2 extra=${3:-} p f
  p=$(echo "$out" | sed -nE 's/^# pass ([0-9]+)/\1/p' | tail -1)
  f=$(echo "$out" | sed -nE 's/^# fail ([0-9]+)/\1/p' | tail -1)
  if [ -z "$p" ]; then
    echo "$layer: the runner did not finish"; echo "$out" | tail -30
    total_fail=$((total_fail + 1)); status=1; return
  fi
  [ "${f:-0}" -gt 0 ] && { echo "$out" | grep -E -B2 -A25 "^not ok|^    not ok" | head -120; status=1; }
  echo "$layer: $p passed, ${f:-0} failed$extra"
  total_pass=$((total_pass + p)); total_fail=$((total_fail + ${f:-0}))
}

# The layers that need no browser (the core tests as wasm under Node, the core tests with ASan +
# UBSan, the fuzzer), after the Chromium layer: they report through a file and end with
# "COUNTS pass fail status". (Beside Chromium, even at nice 19, they made timed gestures such
# as a double-click fail now and then on two cores.)
sanitized_layers() {
  total_pass=0; total_fail=0; status=0
  [ "$web_ok" = 1 ] && run_ctest "core (wasm/node)" build/web
  # One sanitized build for both layers below: the core compiled once with ASan + UBSan (and the
  # fuzzer's coverage hooks), linked into the core tests and into the fuzz target. Two builds (gcc
  # Debug for the tests, clang for the fuzzer) took 422 s of a clean run; the tests also run in a
  # quarter of the time optimized.
  local san_ok=0
  quiet_build fuzz fuzz core_tests fuzz_load_map && san_ok=1
  if [ "$san_ok" = 1 ]; then run_ctest "core (asan+ubsan)" build/fuzz; else total_fail=$((total_fail + 1)); status=1; fi
  # Fuzzing: one layer counted as one test; it fails on a crash, a sanitizer report or a broken
  # round-trip property. The seed corpus is copied so the run never changes the repository; the
  # input that failed is kept in build/fuzz-artifacts/.
  local fuzz_seconds=${JM_FUZZ_SECONDS:-20} fuzz_dir runs
  if [ "$san_ok" = 1 ]; then
    fuzz_dir=$(mktemp -d)
    cp tests/fuzz/corpus/* "$fuzz_dir/"
    rm -rf build/fuzz-artifacts && mkdir -p build/fuzz-artifacts
    if build/fuzz/fuzz_load_map -max_total_time="$fuzz_seconds" -artifact_prefix=build/fuzz-artifacts/ \
         "$fuzz_dir" >"$log/fuzz.log" 2>&1; then
      runs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$log/fuzz.log" | tail -1)
      echo "fuzz (libFuzzer): 1 passed, 0 failed  (${runs:-?} inputs in ${fuzz_seconds} s)"
      total_pass=$((total_pass + 1))
    else
      grep -E "property broken|ERROR|runtime error|SUMMARY" "$log/fuzz.log" | head -10
      echo "fuzz (libFuzzer): 0 passed, 1 failed  (input in build/fuzz-artifacts/, log $log/fuzz.log)"
      total_fail=$((total_fail + 1)); status=1
    fi
    rm -rf "$fuzz_dir"
  else
    total_fail=$((total_fail + 1)); status=1
  fi
  echo "COUNTS $total_pass $total_fail $status"
}

# The site first, so the Firefox + WebKit layer can run while the native build compiles.
web_ok=0
quiet_build web web && web_ok=1
browsers_pid=
if [ "$web_ok" = 1 ]; then
  # Each case has its own time limit (4 min, in the suite) and the layer 20 min: a hung browser
  # fails the run, by name, instead of hanging it.
  timeout -k 30 1200 node --test --test-reporter=tap --test-concurrency=1 tests/browsers/ \
    >"$log/browsers.log" 2>&1 &
  browsers_pid=$!
fi
native_ok=0
if quiet_build native native; then run_ctest "core (native)" build/native; native_ok=1; else total_fail=$((total_fail + 1)); status=1; fi
# SQL = core: node's test runner over tests/sql/, comparing the queries' results on SQLite and
# DuckDB with build/native/journeymap (so only when the native build succeeded).
if [ "$native_ok" = 1 ] && [ -x build/native/journeymap ]; then
  sql_out=$(JM_CLI=build/native/journeymap node --test --test-reporter=tap tests/sql/ 2>&1)
  echo "$sql_out" > "$log/sql.log"
  count_tap "sql (sqlite+duckdb)" "$sql_out"
else
  echo "sql (sqlite+duckdb): skipped, no native CLI"; total_fail=$((total_fail + 1)); status=1
fi
# Real clients of the exports: LibreOffice Calc opens every template's .xlsx, Impress its .pptx
# (tests/clients/).
if [ "$native_ok" = 1 ] && [ -x build/native/journeymap ]; then
  clients_out=$(JM_CLI=build/native/journeymap timeout -k 30 600 node --test --test-reporter=tap tests/clients/ 2>&1)
  echo "$clients_out" > "$log/clients.log"
  count_tap "clients (libreoffice)" "$clients_out"
else
  echo "clients (libreoffice): skipped, no native CLI"; total_fail=$((total_fail + 1)); status=1
fi
if [ -n "$browsers_pid" ]; then
  wait "$browsers_pid"; browsers_rc=$?
  br_out=$(cat "$log/browsers.log")
  p=$(echo "$br_out" | sed -nE 's/^# pass ([0-9]+)/\1/p' | tail -1)
  f=$(echo "$br_out" | sed -nE 's/^# fail ([0-9]+)/\1/p' | tail -1)
  # A browser that does not start fails its suite's start-up hook: its cases count as cancelled.
  c=$(echo "$br_out" | sed -nE 's/^# cancelled ([0-9]+)/\1/p' | tail -1)
  f=$(( ${f:-0} + ${c:-0} ))
  if [ -z "$p" ]; then
    echo "browsers (firefox+webkit): the runner did not finish (exit $browsers_rc)"; echo "$br_out" | tail -30
    total_fail=$((total_fail + 1)); status=1
  else
    # Each failure with its message, without the stack traces.
    [ "$f" -gt 0 ] && { echo "$br_out" | awk '/^ *not ok/ {n = 25} n > 0 { if ($0 ~ /stack: \|-/) skip = 1; else if ($0 ~ /^ *\.\.\.$/) skip = 0;
      if (!skip) print; n-- }' | head -120; status=1; }
    ms=$(echo "$br_out" | sed -nE 's/^# duration_ms ([0-9]+).*/\1/p' | tail -1)
    echo "browsers (firefox+webkit): $p passed, $f failed  ($(( ${ms:-0} / 1000 )) s beside the native build; screenshots in build/browsers-artifacts)"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  fi
fi
if [ "$web_ok" = 1 ]; then
  # End-to-end: node's test runner, one file at a time (each starts its own Chromium). A browser
  # that dies under a test leaves Playwright waiting for ever: no test may take 10 minutes, and
  # the layer not an hour, so a hang is a failure that names itself, not a CI timeout.
  e2e_t0=$(date +%s)
  e2e_out=$(timeout 3600 node --test --test-reporter=tap --test-concurrency=1 --test-timeout=600000 tests/e2e/ 2>&1)
  echo "$e2e_out" > "$log/e2e.log"
  count_tap "e2e (chromium)" "$e2e_out" "  ($(( $(date +%s) - e2e_t0 )) s; screenshots in build/e2e-artifacts)"
else
  total_fail=$((total_fail + 1)); status=1
fi
san_t0=$(date +%s)
( sanitized_layers ) >"$log/sanitized.out" 2>&1
read -r _ sp sf ss < <(grep '^COUNTS ' "$log/sanitized.out" | tail -1)
grep -v '^COUNTS ' "$log/sanitized.out"
if [ -z "${sp:-}" ]; then
  echo "wasm, ASan and fuzz layers: did not finish (log $log/sanitized.out)"; total_fail=$((total_fail + 1)); status=1
else
  total_pass=$((total_pass + sp)); total_fail=$((total_fail + sf)); [ "$ss" = 0 ] || status=1
fi
echo "(the wasm, ASan and fuzz layers took $(( $(date +%s) - san_t0 )) s)"
echo "took $(( $(date +%s) - t0 )) s; logs in $log"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$status" -eq 0 ]
