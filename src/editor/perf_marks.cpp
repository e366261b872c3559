// perf_marks.cpp: performance.mark() from C++ (see perf_marks.h).
#include "editor/perf_marks.h"

#include <emscripten.h>

// clang-format off
EM_JS(void, jm_perf_mark_js, (const char* name), {
  if (typeof performance !== 'undefined' && performance.mark) performance.mark(UTF8ToString(name));
});
// clang-format on

static double g_drawn_revision = -1;

namespace jm {
void perf_mark(const char* name) { jm_perf_mark_js(name); }
void perf_canvas_drawn(unsigned long long revision) { g_drawn_revision = (double)revision; }
}  // namespace jm

extern "C" EMSCRIPTEN_KEEPALIVE double jm_drawn_revision() { return g_drawn_revision; }
