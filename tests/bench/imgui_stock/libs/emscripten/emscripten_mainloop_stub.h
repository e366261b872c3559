// The main-loop shim Dear ImGui's stock example includes as "../libs/emscripten/
// emscripten_mainloop_stub.h". Debian's trimmed ("+ds") imgui source has no examples/libs folder,
// so tests/bench/imgui_stock/build.sh puts this folder on the include path in its place. It turns
// the example's loop body into the callback emscripten_set_main_loop runs once per animation frame.
#pragma once
#include <emscripten.h>
#include <functional>

static std::function<void()> MainLoopForEmscriptenP;
static void MainLoopForEmscripten() { MainLoopForEmscriptenP(); }
#define EMSCRIPTEN_MAINLOOP_BEGIN MainLoopForEmscriptenP = [&]()
#define EMSCRIPTEN_MAINLOOP_END ; emscripten_set_main_loop(MainLoopForEmscripten, 0, true)
