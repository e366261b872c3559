// canvas_frame.cpp: where the canvas's parts are on screen this frame (the title band and its
// controls, the pinned stage and lane headers, the grid, the "+" buttons, the curve legends)
// and what is under a point of it (hit_test). Measures only: no drawing, no input.
#include "editor/canvas_frame.h"
#include <algorithm>
#include <cmath>

namespace jm {

const char* ctl_name(Ctl c) {
  static const char* names[] = {"state_current", "state_future", "compare", "persona_filter", "copy_to_future", "diff_summary", "copy_empty"};
  return names[(int)c];
}

static float ctl_text_w(const Editor& ed, const std::string& s) { return measure_text(ed.font_ui, 13 * ed.ui, s.data(), s.data() + s.size()); }

std::string persona_filter_label(const Editor& ed, const Doc& doc) {
  const Persona* p = persona_by_id(doc.map, ed.persona_filter);
  return p ? (p->name.empty() ? TX("canvas6.persona_unnamed") : p->name) : TX("canvas6.persona_all");
}

// "3 added · 2 removed · 4 changed", or the compact "+3 −2 ~4" on a phone.
static std::string diff_summary(const Editor& ed, bool compact) {
  const StateDiff& d = ed.facts.diff;
  if (compact)
    return "+" + std::to_string(d.added.size()) + "  \xE2\x80\x93" + std::to_string(d.removed.size()) + "  ~" + std::to_string(d.changed.size());
  return TPX("canvas6.diff_added", (long long)d.added.size()) + "  \xC2\xB7  " + TPX("canvas6.diff_removed", (long long)d.removed.size()) +
         "  \xC2\xB7  " + TPX("canvas6.diff_changed", (long long)d.changed.size());
}

// Places the controls from the end of the title band inwards (the right, or the left in a
// right-to-left map): the state switch outermost, then the comparison, then the persona filter.
static void place_controls(const Editor& ed, const Doc& doc, Frame& f) {
  float u = ed.ui;
  if (doc.map.cards.empty() && doc.map.personas.empty() && ed.view_state == JourneyState::Current) return;   // the empty map offers templates there
  bool future = ed.view_state == JourneyState::Future, has_future = has_future_state(doc.map);
  f.narrow = f.title.GetWidth() < 640 * u;
  float pad = 16 * u, gap = 8 * u;
  float rows_y[2] = {f.title.Min.y + 11 * u, f.title.Min.y + 45 * u};
  float rows_h[2] = {28 * u, 24 * u};
  int row = f.narrow ? 1 : 0;
  // What the page covers at the end of the title line (the viewer's Text view button) is kept clear.
  float inset = (f.rtl ? ed.title_inset[0] : ed.title_inset[1]) * u;
  auto start_of = [&](int r) { float in = pad + (r == 0 ? inset : 0); return f.rtl ? f.title.Min.x + in : f.title.Max.x - in; };
  float start = start_of(row);
  float x = start;
  auto place = [&](Ctl id, float w, int r) {
    ImRect rc = f.rtl ? ImRect(ImVec2(x, rows_y[r]), ImVec2(x + w, rows_y[r] + rows_h[r])) : ImRect(ImVec2(x - w, rows_y[r]), ImVec2(x, rows_y[r] + rows_h[r]));
    f.controls.push_back({id, rc});
    x += f.rtl ? w + gap : -(w + gap);
  };
  // The switch reads "Current | Future" in the interface's direction: when the band's end is the
  // interface's end (an English map, an Arabic map in Arabic), Future is outermost.
  // A read-only map (a viewer, a shared link) has nothing to show in an empty future state.
  if (has_future || !doc.read_only || future) {
    Ctl outer = f.rtl == ui_rtl() ? Ctl::StateFuture : Ctl::StateCurrent, inner = outer == Ctl::StateFuture ? Ctl::StateCurrent : Ctl::StateFuture;
    auto seg_w = [&](Ctl c) { return ctl_text_w(ed, TX(c == Ctl::StateCurrent ? "canvas6.state_current" : "canvas6.state_future")) + 26 * u; };
    place(outer, seg_w(outer), row);
    x += f.rtl ? -gap : gap;   // the two halves touch
    place(inner, seg_w(inner), row);
    x += f.rtl ? 4 * u : -4 * u;
  }
  if (future && has_future) place(Ctl::Compare, ctl_text_w(ed, TX("canvas6.compare")) + 34 * u, row);
  if (!doc.map.personas.empty()) {
    // The filter takes what is left of the line (its name is cut with an ellipsis), if enough.
    float left = f.rtl ? f.title.Max.x - pad - x : x - f.title.Min.x - pad;
    float w = std::min({180 * u, ctl_text_w(ed, persona_filter_label(ed, doc)) + 50 * u, left});
    if (w >= 80 * u) place(Ctl::PersonaFilter, w, row);
  }
  f.bar_w[row] = std::fabs(start - x) + pad + (row == 0 ? inset : 0);
  // The other line: what copying or comparing has to say (on a phone the title's line, where the
  // compact count takes little room; copying is in the empty future grid and the Map menu there).
  row = f.narrow ? 0 : 1;
  x = start = start_of(row);
  float room = f.narrow ? f.title.GetWidth() * 0.4f : f.title.GetWidth() - 2 * pad - 200 * u;   // the goal keeps some of its line
  if (f.narrow) rows_y[0] = f.title.Min.y + 13 * u;
  if (!has_future && !f.narrow && !doc.read_only) {
    float w = ctl_text_w(ed, TX("canvas6.copy_to_future")) + 30 * u;
    if (w < room) place(Ctl::CopyToFuture, w, row);
  } else if (future && ed.compare && has_future) {
    float w = ctl_text_w(ed, diff_summary(ed, f.narrow)) + 16 * u;
    if (w < room) place(Ctl::DiffSummary, w, row);
  }
  f.bar_w[row] = std::max(f.bar_w[row], std::fabs(start - x) + pad + (row == 0 ? inset : 0));
  // An empty future state: a button in the middle of the empty grid copies the current one.
  if (future && !has_future && f.grid.GetWidth() > 0 && !doc.read_only) {
    float w = ctl_text_w(ed, TX("canvas6.copy_to_future")) + 30 * u;
    ImVec2 c(f.grid.GetCenter().x, f.grid.Min.y + std::min(f.grid.GetHeight() * 0.5f, 150 * u));
    f.controls.push_back({Ctl::CopyEmpty, ImRect(ImVec2(c.x - w * 0.5f, c.y + 10 * u), ImVec2(c.x + w * 0.5f, c.y + 42 * u))});
  }
}

Frame frame_rects(const Editor& ed, const Doc& doc) {
  Frame f;
  f.k = k_of(ed);
  f.rtl = rtl(doc);
  float u = ed.ui;
  ImVec2 a = ed.canvas_min, b = ed.canvas_max;
  float title_h = kTitleH * u, sh = ed.style.stage_header_h * f.k, lw = ed.style.lane_header_w * f.k;
  f.title = ImRect(a, ImVec2(b.x, a.y + title_h));
  if (!rtl(doc)) {
    f.corner = ImRect(ImVec2(a.x, a.y + title_h), ImVec2(a.x + lw, a.y + title_h + sh));
    f.stage_strip = ImRect(ImVec2(a.x + lw, a.y + title_h), ImVec2(b.x, a.y + title_h + sh));
    f.lane_col = ImRect(ImVec2(a.x, a.y + title_h + sh), ImVec2(a.x + lw, b.y));
    f.grid = ImRect(ImVec2(a.x + lw, a.y + title_h + sh), b);
  } else {
    f.corner = ImRect(ImVec2(b.x - lw, a.y + title_h), ImVec2(b.x, a.y + title_h + sh));
    f.stage_strip = ImRect(ImVec2(a.x, a.y + title_h), ImVec2(b.x - lw, a.y + title_h + sh));
    f.lane_col = ImRect(ImVec2(b.x - lw, a.y + title_h + sh), b);
    f.grid = ImRect(ImVec2(a.x, a.y + title_h + sh), ImVec2(b.x - lw, b.y));
  }
  place_controls(ed, doc, f);
  return f;
}

ImRect stage_header_rect(const Editor& ed, const Frame& f, int i) {
  const StageBox& s = ed.layout.stages[i];
  ImVec2 p = map_to_screen(ed, s.x, 0);
  return ImRect(ImVec2(p.x, f.stage_strip.Min.y), ImVec2(p.x + s.w * f.k, f.stage_strip.Max.y));
}

ImRect lane_header_rect(const Editor& ed, const Frame& f, int i) {
  const LaneBox& l = ed.layout.lanes[i];
  ImVec2 p = map_to_screen(ed, 0, l.y);
  return ImRect(ImVec2(f.lane_col.Min.x, p.y), ImVec2(f.lane_col.Max.x, p.y + l.h * f.k));
}

// "+" buttons after the last stage and below the last lane.
ImRect add_stage_rect(const Editor& ed, const Doc& doc, const Frame& f) {
  float edge = rtl(doc) ? map_to_screen(ed, 0, 0).x : map_to_screen(ed, ed.layout.width, 0).x;
  float s = 30 * ed.ui, cy = (f.stage_strip.Min.y + f.stage_strip.Max.y) * 0.5f;
  float x = rtl(doc) ? edge - 10 * ed.ui - s : edge + 10 * ed.ui;
  return ImRect(ImVec2(x, cy - s / 2), ImVec2(x + s, cy + s / 2));
}

ImRect add_lane_rect(const Editor& ed, const Frame& f) {
  float y = map_to_screen(ed, 0, ed.layout.height).y + 8 * ed.ui;
  return ImRect(ImVec2(f.lane_col.Min.x + 10 * ed.ui, y), ImVec2(f.lane_col.Max.x - 10 * ed.ui, y + 30 * ed.ui));
}

ImRect collapse_rect(const Editor& ed, const Doc& doc, const ImRect& lane) {
  float s = 22 * ed.ui;
  float x = rtl(doc) ? lane.Min.x + 6 * ed.ui : lane.Max.x - 6 * ed.ui - s;
  return ImRect(ImVec2(x, lane.Min.y + 8 * ed.ui), ImVec2(x + s, lane.Min.y + 8 * ed.ui + s));
}

// The title and the goal leave the end of their line to the controls.
ImRect title_rect(const Editor& ed, const Frame& f) {
  float u = ed.ui;
  float l = f.title.Min.x + 20 * u + (f.rtl ? f.bar_w[0] : 0), r = f.title.Max.x - 20 * u - (f.rtl ? 0 : f.bar_w[0]);
  return ImRect(ImVec2(l, f.title.Min.y + 10 * u), ImVec2(std::max(l, r), f.title.Min.y + 42 * u));
}
ImRect goal_rect(const Editor& ed, const Frame& f) {
  float u = ed.ui;
  float l = f.title.Min.x + 20 * u + (f.rtl ? f.bar_w[1] : 0), r = f.title.Max.x - 20 * u - (f.rtl ? 0 : f.bar_w[1]);
  if (r - l < 80 * u) r = l;   // no room left for a useful goal line (a phone with its controls)
  return ImRect(ImVec2(l, f.title.Min.y + 44 * u), ImVec2(std::max(l, r), f.title.Min.y + 66 * u));
}

std::vector<LegendEntry> legend_entries(const Editor& ed, const Doc& doc, const Frame& f, int lane) {
  std::vector<LegendEntry> out;
  if (lane < 0 || lane >= (int)ed.facts.curves.size() || ed.facts.curves[lane].size() < 2 || doc.map.lanes[lane].collapsed) return out;
  float k = f.k;
  const LaneBox& lb = ed.layout.lanes[lane];
  ImVec2 top = map_to_screen(ed, 0, lb.y);
  const Lane& l = doc.map.lanes[lane];
  bool subtitle = l.name != lane_type_info(l.type).name && l.name != lane_type_name(l.type);
  float y = top.y + (subtitle ? 56 : 38) * k, row = 20 * k;
  for (const CanvasFacts::Curve& cv : ed.facts.curves[lane]) {
    if (y + row > top.y + lb.h * k - 4 * k) break;
    out.push_back({cv.persona, ImRect(ImVec2(f.lane_col.Min.x + 12 * k, y), ImVec2(f.lane_col.Max.x - 10 * k, y + row))});
    y += row;
  }
  return out;
}
bool curve_hidden(const Editor& ed, Id persona) {
  return std::find(ed.hidden_curves.begin(), ed.hidden_curves.end(), persona) != ed.hidden_curves.end();
}

static const CurvePoint* point_near(const Editor& ed, int lane, ImVec2 m, float radius_map) {
  if (lane < 0 || lane >= (int)ed.layout.curves.size()) return nullptr;
  const CurvePoint* best = nullptr;
  float best_d = radius_map * radius_map;
  for (const CurvePoint& p : ed.layout.curves[lane]) {
    if (curve_hidden(ed, p.persona)) continue;   // a hidden curve's points are not there to grab
    float dx = p.x - m.x, dy = p.y - m.y, d = dx * dx + dy * dy;
    if (d <= best_d) { best_d = d; best = &p; }
  }
  return best;
}

Hit hit_test(const Editor& ed, const Doc& doc, const Frame& f, ImVec2 p) {
  Hit h;
  for (const Control& c : f.controls)
    if (c.r.Contains(p)) { h.kind = HitKind::Control; h.id = (Id)c.id; return h; }
  if (f.title.Contains(p)) {
    if (title_rect(ed, f).Contains(p)) h.kind = HitKind::Title;
    else if (goal_rect(ed, f).Contains(p)) h.kind = HitKind::Goal;
    return h;
  }
  if (f.stage_strip.Contains(p)) {
    if (!doc.read_only && add_stage_rect(ed, doc, f).Contains(p)) { h.kind = HitKind::AddStage; return h; }
    float grip = 6 * ed.ui;
    for (int i = 0; i < (int)ed.layout.stages.size(); i++) {
      if (!ed.layout.stages[i].shown) continue;
      ImRect r = stage_header_rect(ed, f, i);
      float edge = rtl(doc) ? r.Min.x : r.Max.x;   // the stage's trailing edge resizes it
      if (std::fabs(p.x - edge) <= grip) { h.kind = HitKind::StageResize; h.stage = i; h.id = doc.map.stages[i].id; return h; }
      if (r.Contains(p)) { h.kind = HitKind::StageHeader; h.stage = i; h.id = doc.map.stages[i].id; }
    }
    return h;
  }
  if (f.lane_col.Contains(p)) {
    if (!doc.read_only && add_lane_rect(ed, f).Contains(p)) { h.kind = HitKind::AddLane; return h; }
    for (int i = 0; i < (int)ed.layout.lanes.size(); i++) {
      ImRect r = lane_header_rect(ed, f, i);
      if (!r.Contains(p)) continue;
      h.kind = collapse_rect(ed, doc, r).Contains(p) ? HitKind::LaneCollapse : HitKind::LaneHeader;
      h.lane = i;
      h.id = doc.map.lanes[i].id;
      for (const LegendEntry& e : legend_entries(ed, doc, f, i))
        if (e.r.Contains(p)) { h.kind = HitKind::Legend; h.id = e.persona; }
    }
    return h;
  }
  if (!f.grid.Contains(p)) return h;
  ImVec2 m = screen_to_map(ed, p);
  h.stage = ed.layout.stage_at(m.x);
  h.lane = ed.layout.lane_at(m.y);
  if (h.lane >= 0 && ed.layout.lanes[h.lane].emotions) {
    if (const CurvePoint* cp = point_near(ed, h.lane, m, 12 * ed.ui / f.k + 4)) { h.kind = HitKind::Point; h.id = cp->card; return h; }
  }
  if (const CardBox* cb = ed.layout.card_at(m.x, m.y)) { h.kind = HitKind::Card; h.id = cb->id; return h; }
  if (h.stage >= 0 && h.lane >= 0) h.kind = HitKind::Cell;
  return h;
}

} // namespace jm
