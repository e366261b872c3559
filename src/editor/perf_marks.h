// perf_marks.h: named points on the page's performance timeline, so tests/bench/bench.mjs can
// split start-up into phases (startup_breakdown_ms) and time an edit to the frame that shows it.
#pragma once

namespace jm {
// performance.mark(name) in the page. Costs a call into JS: for rare events (start-up), not
// per-frame work.
void perf_mark(const char* name);
// The map revision the canvas drew in the frame just built (editor_frame calls it after
// canvas_draw): the page reads it through jm_drawn_revision() to tell which frame first shows an
// edit.
void perf_canvas_drawn(unsigned long long revision);
}  // namespace jm
