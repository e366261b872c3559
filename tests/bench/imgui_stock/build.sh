#!/usr/bin/env bash
# Builds Dear ImGui's stock example (examples/example_glfw_opengl3) for the browser, with the
# flags of its own Makefile.emscripten, into build/bench/imgui-stock/ (index.html, index.js,
# index.wasm): the baseline bench.mjs loads in the same run as the editor. Only the shell page
# and the main-loop shim are ours (Debian's trimmed source lacks examples/libs/emscripten).
# Idempotent: does nothing when the output is newer than its inputs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
imgui=${IMGUI_DIR:-${JM_CACHE:-$HOME/.cache/journeymap}/deps/imgui}
example=$imgui/examples/example_glfw_opengl3
here=tests/bench/imgui_stock
out=build/bench/imgui-stock
if [ ! -f "$example/main.cpp" ]; then
  echo "imgui_stock: $example/main.cpp is missing (run tools/setup.sh)" >&2
  exit 1
fi
srcs=("$example/main.cpp" "$imgui/imgui.cpp" "$imgui/imgui_demo.cpp" "$imgui/imgui_draw.cpp" "$imgui/imgui_tables.cpp"
      "$imgui/imgui_widgets.cpp" "$imgui/backends/imgui_impl_glfw.cpp" "$imgui/backends/imgui_impl_opengl3.cpp")
if [ -f "$out/index.wasm" ] && [ -z "$(find "${srcs[@]}" "$here" "$0" -newer "$out/index.wasm" -print -quit)" ]; then
  exit 0
fi
mkdir -p "$out/obj"
# Makefile.emscripten: EMS = -s DISABLE_EXCEPTION_CATCHING=1; CPPFLAGS = -I.. -I../backends
# -DIMGUI_DISABLE_FILE_FUNCTIONS (USE_FILE_SYSTEM=0) -Wall -Wformat -Os $(EMS); LDFLAGS = -s USE_GLFW=3
# -s WASM=1 -s ALLOW_MEMORY_GROWTH=1 -s NO_EXIT_RUNTIME=0 -s ASSERTIONS=1 -s NO_FILESYSTEM=1 $(EMS).
# -I$here/libs makes the example's "../libs/emscripten/emscripten_mainloop_stub.h" resolve to ours.
cflags=(-I"$imgui" -I"$imgui/backends" -I"$here/libs" -DIMGUI_DISABLE_FILE_FUNCTIONS -Wall -Wformat -Os -s DISABLE_EXCEPTION_CATCHING=1)
objs=()
for s in "${srcs[@]}"; do
  o=$out/obj/$(basename "${s%.cpp}").o
  em++ "${cflags[@]}" -c -o "$o" "$s" &
  objs+=("$o")
done
wait
em++ -o "$out/index.js" "${objs[@]}" -s USE_GLFW=3 -s WASM=1 -s ALLOW_MEMORY_GROWTH=1 -s NO_EXIT_RUNTIME=0 \
  -s ASSERTIONS=1 -s NO_FILESYSTEM=1 -s DISABLE_EXCEPTION_CATCHING=1
cp "$here/index.html" "$out/index.html"
echo "imgui_stock: built $out" >&2
