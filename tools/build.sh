#!/usr/bin/env bash
# Configures (once) and builds one configuration: native | asan | web | fuzz.
#   tools/build.sh web          -> build/web/site (the static site) and the wasm core tests
#   tools/build.sh native       -> build/native (core library, core tests, journeymap CLI)
#   tools/build.sh asan         -> build/asan (core tests with AddressSanitizer + UBSan)
#   tools/build.sh fuzz         -> build/fuzz (clang, ASan + UBSan + fuzzer hooks: the fuzz targets and
#                                  the core tests, as tools/test.sh runs them)
# Extra arguments go to the build tool (e.g. a target name).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: tools/build.sh native|asan|web [target...]}
shift
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
# Debian's emscripten finds its JS helpers (acorn) only through NODE_PATH.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
dir=build/$kind
case $kind in
  native) [ -f "$dir/CMakeCache.txt" ] || cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ;;
  asan)   [ -f "$dir/CMakeCache.txt" ] || cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DJM_SANITIZE=ON >/dev/null ;;
  fuzz)   [ -f "$dir/CMakeCache.txt" ] || CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJM_FUZZ=ON >/dev/null ;;
  web)    [ -f "$dir/CMakeCache.txt" ] || emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null ;;
  *) echo "build: unknown configuration $kind (native, asan, fuzz, web)" >&2; exit 2 ;;
esac
if [ $# -gt 0 ]; then
  for t in "$@"; do cmake --build "$dir" --target "$t" -- --no-print-directory; done
else
  cmake --build "$dir" -- --no-print-directory
fi
