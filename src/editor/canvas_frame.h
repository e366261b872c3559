// canvas_frame.h: what the canvas's files share (canvas.cpp draws, canvas_input.cpp takes the
// pointer, canvas_menus.cpp has the tooltips and popups, canvas_frame.cpp measures): the screen
// rectangles of one frame of the canvas, the controls in its title band, hit testing, and the
// wording of a metric. Not for the rest of the editor, which goes through editor.h.
#pragma once
#include "editor/editor.h"
#include <imgui_internal.h>
#include <optional>
#include <string>
#include <vector>

namespace jm {

constexpr float kTitleH = 76;     // CSS px: the title band above the grid (not zoomed)

inline float k_of(const Editor& ed) { return ed.ui * ed.zoom; }   // screen px per map unit
inline bool rtl(const Doc& d) { return d.map.meta.direction == Direction::RightToLeft; }

// The journey controls in the title band: which state is shown, the comparison, the persona
// filter. Drawn on the canvas like the title (one input surface, no ImGui window over it).
enum class Ctl : uint8_t { StateCurrent, StateFuture, Compare, PersonaFilter, CopyToFuture, DiffSummary, CopyEmpty };
const char* ctl_name(Ctl c);
struct Control { Ctl id; ImRect r; };

struct Frame {   // screen rectangles of this frame's canvas parts
  ImRect title, stage_strip, lane_col, grid, corner;
  float k;
  bool rtl = false;
  bool narrow = false;             // a phone: the controls take the goal's line
  std::vector<Control> controls;
  float bar_w[2] = {0, 0};         // room the controls take on the title line and the goal line
};

Frame frame_rects(const Editor& ed, const Doc& doc);
ImRect stage_header_rect(const Editor& ed, const Frame& f, int i);
ImRect lane_header_rect(const Editor& ed, const Frame& f, int i);
ImRect add_stage_rect(const Editor& ed, const Doc& doc, const Frame& f);   // "+" after the last stage
ImRect add_lane_rect(const Editor& ed, const Frame& f);                    // "+" below the last lane
ImRect collapse_rect(const Editor& ed, const Doc& doc, const ImRect& lane);
ImRect title_rect(const Editor& ed, const Frame& f);
ImRect goal_rect(const Editor& ed, const Frame& f);
std::string persona_filter_label(const Editor& ed, const Doc& doc);

// The legend of an Emotions lane: one entry per curve (the shared one, then each persona with
// points), each a toggle, below the lane's name in its header. Empty while there is one curve.
struct LegendEntry { Id persona; ImRect r; };
std::vector<LegendEntry> legend_entries(const Editor& ed, const Doc& doc, const Frame& f, int lane);
bool curve_hidden(const Editor& ed, Id persona);

Hit hit_test(const Editor& ed, const Doc& doc, const Frame& f, ImVec2 p);

void clamp_scroll(Editor& ed);   // keeps some of the grid in view whatever the scroll

// A metric in words, on its chip and in its tooltip.
const char* status_key(MetricStatus s);
std::string metric_name(MetricKind kind, const std::string& name);
std::string metric_number(std::optional<double> v, const std::string& unit);

// This frame's pointer, after canvas_input has acted on it.
struct CanvasPointer {
  bool hovered = false;   // over the canvas (no window or popup in front)
  ImVec2 mouse;
  Hit hover;              // what is under the pointer (under the press, for a long press)
  bool editing = false;   // a text field was open before this frame's input
};
CanvasPointer canvas_input(Editor& ed, Doc& doc, const Frame& f);
void canvas_tooltip(Editor& ed, const Doc& doc, const Frame& f, const CanvasPointer& p, const HandoffGap* gap_hover);
void canvas_popups(Editor& ed, Doc& doc, const Frame& f);

} // namespace jm
