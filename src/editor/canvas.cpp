// canvas.cpp: the map itself. Draws the grid, cards and emotion curves from the core layout,
// with stage headers and lane titles pinned while the grid scrolls, and turns mouse and touch
// gestures into commands. Only what is visible is drawn.
#include "editor/editor.h"
#include "core/io.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace jm {

static const float kTitleH = 76;     // CSS px: the title band above the grid (not zoomed)
static const float kMinZoom = 0.2f, kMaxZoom = 3.0f;

static float k_of(const Editor& ed) { return ed.ui * ed.zoom; }
static bool rtl(const Doc& d) { return d.map.meta.direction == Direction::RightToLeft; }

ImVec2 map_to_screen(const Editor& ed, float x, float y) {
  float k = k_of(ed);
  return ImVec2(ed.grid_origin.x + (x - ed.scroll.x) * k, ed.grid_origin.y + (y - ed.scroll.y) * k);
}

ImVec2 screen_to_map(const Editor& ed, ImVec2 p) {
  float k = k_of(ed);
  return ImVec2((p.x - ed.grid_origin.x) / k + ed.scroll.x, (p.y - ed.grid_origin.y) / k + ed.scroll.y);
}

void canvas_ensure_layout(Editor& ed, const Doc& doc) {
  uint64_t key = doc.map.revision;
  if (ed.layout_key == key && !ed.layout.stages.empty() == !doc.map.stages.empty()) return;
  // Cards are laid out in map units with 14 px text (zoom 1, CSS pixels).
  // CalcTextSizeA scales the baked glyphs to the size asked: 14 px text gives map units.
  ImFont* f = ed.font_ui;
  ed.layout = layout_map(doc.map, ed.style, [f](const char* b, const char* e) { return measure_shaped(f, 14.0f, b, e); },
                         &ed.card_shapes);
  ed.layout_key = key;
}

// Keeps some of the grid in view whatever the scroll.
static void clamp_scroll(Editor& ed) {
  float k = k_of(ed);
  float vw = ed.grid_size.x / k, vh = ed.grid_size.y / k;
  float mw = ed.layout.width, mh = ed.layout.height;
  float margin_x = std::min(160.0f, vw * 0.5f), margin_y = std::min(120.0f, vh * 0.5f);
  float min_x = std::min(-margin_x, mw - vw), max_x = std::max(mw - vw + margin_x, 0.0f);
  float min_y = -margin_y, max_y = std::max(mh - vh + margin_y, 0.0f);
  ed.scroll.x = std::min(max_x, std::max(min_x, ed.scroll.x));
  ed.scroll.y = std::min(max_y, std::max(min_y, ed.scroll.y));
}

// Where the grid viewport starts on screen at a zoom: the headers beside and above it scale too.
static ImVec2 grid_origin_at(const Editor& ed, float zoom) {
  float k = ed.ui * zoom;
  float x = ed.rtl_view ? ed.canvas_min.x : ed.canvas_min.x + ed.style.lane_header_w * k;
  return ImVec2(x, ed.canvas_min.y + kTitleH * ed.ui + ed.style.stage_header_h * k);
}

void canvas_zoom_at(Editor& ed, float new_zoom, ImVec2 p) {
  new_zoom = std::min(kMaxZoom, std::max(kMinZoom, new_zoom));
  ed.grid_origin = grid_origin_at(ed, ed.zoom);
  ImVec2 before = screen_to_map(ed, p);
  ed.zoom = new_zoom;
  ed.grid_origin = grid_origin_at(ed, new_zoom);   // keeps the point under the pointer still
  ImVec2 after = screen_to_map(ed, p);
  ed.scroll.x += before.x - after.x;
  ed.scroll.y += before.y - after.y;
  clamp_scroll(ed);
}

void canvas_fit(Editor& ed, const Doc& doc, bool readable) {
  ed.want_fit = true;
  ed.fit_readable = readable;
  ed.fit_pending = true;
  (void)doc;
}

static void apply_fit(Editor& ed, const Doc& doc) {
  // Grid viewport size at zoom 1, then the zoom that shows the whole grid (never above 100 %).
  float avail_w = (ed.canvas_max.x - ed.canvas_min.x) / ed.ui, avail_h = (ed.canvas_max.y - ed.canvas_min.y) / ed.ui - kTitleH;
  float z = 1.0f;
  for (int i = 0; i < 3; i++) {  // headers scale with zoom: iterate to a fixed point
    float gw = avail_w - ed.style.lane_header_w * z - 24, gh = avail_h - ed.style.stage_header_h * z - 16;
    z = std::min(1.0f, std::min(gw / std::max(1.0f, ed.layout.width), gh / std::max(1.0f, ed.layout.height)));
    z = std::max(kMinZoom, z);
  }
  // Opening a map (or on a phone) the whole map may be unreadably small: stay legible and let
  // the user pan; the Fit button shows everything.
  if (ed.fit_readable || avail_w < 600) z = std::max(z, 0.75f);
  if (z > 0.9f) z = 1.0f;   // nearly fits: 100 % reads better than 97 %
  ed.zoom = z;
  ed.scroll = ImVec2(0, 0);
  if (rtl(doc)) {
    float k = k_of(ed);
    ed.scroll.x = ed.layout.width - (ed.canvas_max.x - ed.canvas_min.x - ed.style.lane_header_w * k) / k;
  }
  ed.want_fit = false;
}

void canvas_reveal_card(Editor& ed, Id id) {
  const CardBox* cb = ed.layout.find(id);
  if (!cb) return;
  float k = k_of(ed);
  float vw = ed.grid_size.x / k, vh = ed.grid_size.y / k;
  if (cb->r.x < ed.scroll.x) ed.scroll.x = cb->r.x - 20;
  if (cb->r.right() > ed.scroll.x + vw) ed.scroll.x = cb->r.right() - vw + 20;
  if (cb->r.y < ed.scroll.y) ed.scroll.y = cb->r.y - 20;
  if (cb->r.bottom() > ed.scroll.y + vh) ed.scroll.y = cb->r.bottom() - vh + 20;
  clamp_scroll(ed);
}

// ---- Selection -------------------------------------------------------------------------------

bool is_selected(const Editor& ed, Id id) {
  return std::find(ed.sel.begin(), ed.sel.end(), id) != ed.sel.end();
}
void select_only(Editor& ed, SelKind kind, Id id) {
  ed.sel_kind = kind;
  ed.sel.assign(1, id);
}
void select_none(Editor& ed) {
  ed.sel_kind = SelKind::None;
  ed.sel.clear();
}

void delete_selection(Editor& ed, Doc& doc) {
  if (ed.sel_kind == SelKind::Cards) delete_cards(doc, ed.sel);
  else if (ed.sel_kind == SelKind::Stage && !ed.sel.empty()) delete_stage(doc, ed.sel[0]);
  else if (ed.sel_kind == SelKind::Lane && !ed.sel.empty()) delete_lane(doc, ed.sel[0]);
  select_none(ed);
}

static bool icontains(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return false;
  auto low = [](char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; };
  for (size_t i = 0; i + needle.size() <= hay.size(); i++) {
    size_t j = 0;
    while (j < needle.size() && low(hay[i + j]) == low(needle[j])) j++;
    if (j == needle.size()) return true;
  }
  return false;
}

bool card_matches_search(const Editor& ed, const Card& c) {
  if (ed.search.empty()) return false;
  if (icontains(c.text, ed.search) || icontains(c.channel, ed.search)) return true;
  for (const std::string& t : c.tags)
    if (icontains(t, ed.search)) return true;
  return false;
}

// ---- Text editing over the canvas ----------------------------------------------------------

void begin_text_edit(Editor& ed, const Doc& doc, EditKind kind, Id id, ImVec2 pos, ImVec2 size, float font_px,
                     bool on_grid, const std::string& text, bool multiline, bool bold) {
  // A read-only map takes no typing, but searching it does.
  if (doc.read_only && kind != EditKind::Search && kind != EditKind::LibraryFilter) return;
  ed.editing.kind = kind;
  ed.editing.id = id;
  ed.editing.pos = pos;
  ed.editing.size = size;
  ed.editing.font_px = font_px;
  ed.editing.on_grid = on_grid;
  platform::TextField f;
  ImVec2 p = on_grid ? map_to_screen(ed, pos.x, pos.y) : pos;
  float k = on_grid ? k_of(ed) : 1.0f;
  f.x = p.x;
  f.y = p.y;
  f.w = size.x * k;
  f.h = size.y * k;
  f.font_px = on_grid ? font_px * k : font_px;
  f.multiline = multiline;
  f.bold = bold;
  f.text = text;
  const Theme& t = ed.theme;
  f.color = t.dark ? 0xe5e7eb : 0x1f2937;
  f.background = t.dark ? 0x262a33 : 0xffffff;
  switch (kind) {
    // The browser draws the placeholder: logical text.
    case EditKind::CardText: f.placeholder = TX("field.card"); break;
    case EditKind::StageName: f.placeholder = TX("field.stage"); break;
    case EditKind::LaneName: f.placeholder = TX("field.lane"); break;
    case EditKind::Title: f.placeholder = TX("field.title"); break;
    case EditKind::Goal: f.placeholder = TX("field.goal"); break;
    case EditKind::Tag: f.placeholder = TX("field.tag"); break;
    case EditKind::Search: f.placeholder = TX("search.placeholder"); break;
    case EditKind::LibraryFilter: f.placeholder = TX("library.search"); break;
    default: break;
  }
  platform::text_field_open(f);
}

// The field of a card: its text area in map units (inside the padding).
static Rect card_text_rect(const Editor& ed, const Rect& r) {
  const LayoutStyle& st = ed.style;
  return {r.x + st.card_pad_x, r.y + st.card_pad_y - 1, r.w - 2 * st.card_pad_x, std::max(st.line_h, r.h - 2 * st.card_pad_y)};
}

void edit_card_text(Editor& ed, const Doc& doc, Id card, bool fresh) {
  canvas_ensure_layout(ed, doc);
  const CardBox* cb = ed.layout.find(card);
  const Card* c = card_by_id(doc.map, card);
  if (!cb || !c) return;
  canvas_reveal_card(ed, card);
  Rect tr = card_text_rect(ed, cb->r);
  begin_text_edit(ed, doc, EditKind::CardText, card, ImVec2(tr.x, tr.y), ImVec2(tr.w, tr.h), 14.0f, true, c->text, true, false);
  ed.editing.fresh_card = fresh;
}

void add_card_at(Editor& ed, Doc& doc, int stage, int lane) {
  if (stage < 0 || lane < 0 || stage >= (int)doc.map.stages.size() || lane >= (int)doc.map.lanes.size()) return;
  const Lane& l = doc.map.lanes[lane];
  if (l.type == LaneType::Emotions) {
    Id p = set_emotion(doc, doc.map.stages[stage].id, l.id, 0);
    select_only(ed, SelKind::Cards, p);
    return;
  }
  if (l.collapsed) {
    Lane open = l;
    open.collapsed = false;
    update_lane(doc, open, "Expand lane");
  }
  Card c;
  c.stage = doc.map.stages[stage].id;
  c.lane = l.id;
  if (l.type == LaneType::Touchpoints) c.channel = "website";
  std::string key = "fresh-" + std::to_string(++ed.gesture_serial);
  Id id = add_card(doc, c, "Add card", key);
  select_only(ed, SelKind::Cards, id);
  ed.cursor_stage = stage;
  ed.cursor_lane = lane;
  edit_card_text(ed, doc, id, true);
  ed.editing.merge_key = key;
}

// ---- Hit testing -------------------------------------------------------------------------------

enum class HitKind { None, Title, Goal, StageHeader, StageResize, AddStage, LaneHeader, LaneCollapse, AddLane, Card, Point, Cell };
struct Hit { HitKind kind = HitKind::None; int stage = -1, lane = -1; Id id = kNoId; };

struct Frame {   // screen rectangles of this frame's canvas parts
  ImRect title, stage_strip, lane_col, grid, corner;
  float k;
};

static Frame frame_rects(const Editor& ed, const Doc& doc) {
  Frame f;
  f.k = k_of(ed);
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
  return f;
}

static ImRect stage_header_rect(const Editor& ed, const Frame& f, int i) {
  const StageBox& s = ed.layout.stages[i];
  ImVec2 p = map_to_screen(ed, s.x, 0);
  return ImRect(ImVec2(p.x, f.stage_strip.Min.y), ImVec2(p.x + s.w * f.k, f.stage_strip.Max.y));
}

static ImRect lane_header_rect(const Editor& ed, const Frame& f, int i) {
  const LaneBox& l = ed.layout.lanes[i];
  ImVec2 p = map_to_screen(ed, 0, l.y);
  return ImRect(ImVec2(f.lane_col.Min.x, p.y), ImVec2(f.lane_col.Max.x, p.y + l.h * f.k));
}

// "+" buttons after the last stage and below the last lane.
static ImRect add_stage_rect(const Editor& ed, const Doc& doc, const Frame& f) {
  float edge = rtl(doc) ? map_to_screen(ed, 0, 0).x : map_to_screen(ed, ed.layout.width, 0).x;
  float s = 30 * ed.ui, cy = (f.stage_strip.Min.y + f.stage_strip.Max.y) * 0.5f;
  float x = rtl(doc) ? edge - 10 * ed.ui - s : edge + 10 * ed.ui;
  return ImRect(ImVec2(x, cy - s / 2), ImVec2(x + s, cy + s / 2));
}

static ImRect add_lane_rect(const Editor& ed, const Frame& f) {
  float y = map_to_screen(ed, 0, ed.layout.height).y + 8 * ed.ui;
  return ImRect(ImVec2(f.lane_col.Min.x + 10 * ed.ui, y), ImVec2(f.lane_col.Max.x - 10 * ed.ui, y + 30 * ed.ui));
}

static ImRect collapse_rect(const Editor& ed, const Doc& doc, const ImRect& lane) {
  float s = 22 * ed.ui;
  float x = rtl(doc) ? lane.Min.x + 6 * ed.ui : lane.Max.x - 6 * ed.ui - s;
  return ImRect(ImVec2(x, lane.Min.y + 8 * ed.ui), ImVec2(x + s, lane.Min.y + 8 * ed.ui + s));
}

static ImRect title_rect(const Editor& ed, const Frame& f) {
  float u = ed.ui;
  return ImRect(ImVec2(f.title.Min.x + 20 * u, f.title.Min.y + 10 * u), ImVec2(f.title.Max.x - 20 * u, f.title.Min.y + 42 * u));
}
static ImRect goal_rect(const Editor& ed, const Frame& f) {
  float u = ed.ui;
  return ImRect(ImVec2(f.title.Min.x + 20 * u, f.title.Min.y + 44 * u), ImVec2(f.title.Max.x - 20 * u, f.title.Min.y + 66 * u));
}

static const CurvePoint* point_near(const Editor& ed, int lane, ImVec2 m, float radius_map) {
  if (lane < 0 || lane >= (int)ed.layout.curves.size()) return nullptr;
  const CurvePoint* best = nullptr;
  float best_d = radius_map * radius_map;
  for (const CurvePoint& p : ed.layout.curves[lane]) {
    float dx = p.x - m.x, dy = p.y - m.y, d = dx * dx + dy * dy;
    if (d <= best_d) { best_d = d; best = &p; }
  }
  return best;
}

static Hit hit_test(const Editor& ed, const Doc& doc, const Frame& f, ImVec2 p) {
  Hit h;
  if (f.title.Contains(p)) {
    if (title_rect(ed, f).Contains(p)) h.kind = HitKind::Title;
    else if (goal_rect(ed, f).Contains(p)) h.kind = HitKind::Goal;
    return h;
  }
  if (f.stage_strip.Contains(p)) {
    if (!doc.read_only && add_stage_rect(ed, doc, f).Contains(p)) { h.kind = HitKind::AddStage; return h; }
    float grip = 6 * ed.ui;
    for (int i = 0; i < (int)ed.layout.stages.size(); i++) {
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

// ---- Drawing helpers ---------------------------------------------------------------------------

static void draw_card(Editor& ed, const Doc& doc, ImDrawList* dl, const Card& c, const CardBox& cb, ImVec2 p, float k,
                      bool selected, bool hit, bool ghost, bool hide_text) {
  const Theme& t = ed.theme;
  const LayoutStyle& st = ed.style;
  const Lane& lane = doc.map.lanes[cb.lane];
  Color accent = c.color ? c.color : lane.color;
  float w = cb.r.w * k, h = cb.r.h * k, rnd = 6 * k;
  ImVec2 q(p.x + w, p.y + h);
  float alpha = ghost ? 0.85f : 1.0f;
  if (!ghost) dl->AddRectFilled(ImVec2(p.x, p.y + 1.5f * k), ImVec2(q.x, q.y + 1.5f * k), t.card_shadow, rnd);
  // Tinted body: a light wash of the accent; a solid strip tells the lane type at a glance.
  ImU32 body = color_mix(accent, t.card_bg, t.dark ? 0.10f : 0.06f);
  if (c.color) body = color_mix(accent, t.card_bg, t.dark ? 0.28f : 0.22f);
  if (ghost) body = (body & 0x00ffffff) | ((ImU32)(alpha * 255) << 24);
  dl->AddRectFilled(p, q, body, rnd);
  bool is_rtl = rtl(doc);
  float strip = 3.5f * k;
  if (!is_rtl) dl->AddRectFilled(p, ImVec2(p.x + strip, q.y), color_u32(accent), rnd, ImDrawFlags_RoundCornersLeft);
  else dl->AddRectFilled(ImVec2(q.x - strip, p.y), q, color_u32(accent), rnd, ImDrawFlags_RoundCornersRight);
  dl->AddRect(p, q, selected ? t.selection : t.card_border, rnd, 0, selected ? 2.0f * ed.ui : 1.0f);
  if (hit) dl->AddRect(ImVec2(p.x - 3 * ed.ui, p.y - 3 * ed.ui), ImVec2(q.x + 3 * ed.ui, q.y + 3 * ed.ui), t.search_hit, rnd + 3 * ed.ui, 0, 2.0f * ed.ui);

  float size = 14.0f * k;
  if (size < 4.0f) return;   // too small to read: shapes only
  ImFont* font = ed.font_card;
  ImVec4 clip(p.x, p.y, q.x, q.y);
  if (!hide_text) {
    float y = p.y + st.card_pad_y * k;
    float x0 = p.x + st.card_pad_x * k, inner = (cb.r.w - 2 * st.card_pad_x) * k;
    for (const DisplayLine& l : *cb.text) {
      // Right-to-left paragraphs are right-aligned; widths come from the layout (map units).
      float x = l.rtl ? x0 + inner - l.width * k : x0;
      draw_shaped(dl, font, size, ImVec2(x, y), t.text, l.visual, &clip);
      y += st.line_h * k;
    }
    if (c.text.empty()) {
      const std::string& ph = TX(lane.type == LaneType::Touchpoints ? "card.empty_touchpoint" : "card.empty");
      float pw = measure_text(font, size, ph.data(), ph.data() + ph.size());
      float px = text_is_rtl(ph) ? x0 + inner - pw : x0;
      draw_text(dl, font, size, ImVec2(px, y - st.line_h * k), t.text_faint, ph.data(), ph.data() + ph.size(), &clip);
    }
  }
  if (cb.chip_row) {
    // Channel pill, then tags.
    // Chips run from the start side of the card: the right in a right-to-left map.
    float y = p.y + h - (st.card_pad_y + st.chip_h - 3) * k;
    float x = is_rtl ? q.x - st.card_pad_x * k : p.x + st.card_pad_x * k;
    float chip_size = 11.5f * k;
    auto chip = [&](const std::string& label, ImU32 bg, ImU32 fg) {
      float tw = measure_text(font, chip_size, label.c_str(), label.c_str() + label.size());
      float cw = tw + 14 * k, chh = 19 * k;
      float x0 = is_rtl ? x - cw : x;
      if (x0 < p.x + 4 * k || x0 + cw > q.x - 4 * k) return;
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + cw, y + chh), bg, chh * 0.5f);
      draw_text(dl, font, chip_size, ImVec2(x0 + 7 * k, y + (chh - chip_size * kEm) * 0.5f), fg, label.c_str(), label.c_str() + label.size(), &clip);
      x += is_rtl ? -(cw + 5 * k) : cw + 5 * k;
    };
    if (!c.channel.empty()) {
      const ChannelInfo* ci = channel_info(c.channel);
      chip(ci ? channel_name(c.channel) : c.channel, color_mix(0x3b82f6, t.card_bg, t.dark ? 0.35f : 0.16f), t.dark ? IM_COL32(191, 219, 254, 255) : IM_COL32(29, 78, 216, 255));
    }
    for (const std::string& tag : c.tags) chip("#" + tag, t.dark ? IM_COL32(255, 255, 255, 20) : IM_COL32(15, 23, 42, 14), t.text_muted);
  }
  if (!c.icon.empty() && size >= 6) {
    float isz = 14.0f * k;
    float x = is_rtl ? p.x + 6 * k : q.x - 6 * k - measure_text(font, isz, c.icon.c_str(), c.icon.c_str() + c.icon.size());
    draw_text(dl, font, isz, ImVec2(x, p.y + 6 * k), color_u32(accent), c.icon.c_str(), c.icon.c_str() + c.icon.size(), &clip);
  }
}

static void draw_curve(Editor& ed, const Doc& doc, ImDrawList* dl, int li, float k) {
  const Theme& t = ed.theme;
  const LaneBox& lb = ed.layout.lanes[li];
  float zero = map_to_screen(ed, 0, lb.y + lb.h * 0.5f).y;
  ImVec2 a = map_to_screen(ed, 0, 0), b = map_to_screen(ed, ed.layout.width, 0);
  // Faint zero line and the +2 / -2 guides.
  for (float x = std::min(a.x, b.x); x < std::max(a.x, b.x); x += 8 * ed.ui)
    dl->AddLine(ImVec2(x, zero), ImVec2(std::min(x + 5 * ed.ui, std::max(a.x, b.x)), zero), t.zero_line, 1.0f * ed.ui);
  for (float s : {2.0f, -2.0f}) {
    float y = map_to_screen(ed, 0, score_to_y(lb, ed.style, s)).y;
    for (float x = std::min(a.x, b.x); x < std::max(a.x, b.x); x += 10 * ed.ui)
      dl->AddLine(ImVec2(x, y), ImVec2(x + 4 * ed.ui, y), t.grid_line, 1.0f * ed.ui);
  }
  const auto& pts = ed.layout.curves[li];
  if (pts.empty()) return;
  std::vector<Vec2> in;
  in.reserve(pts.size());
  for (const CurvePoint& p : pts) {
    ImVec2 s = map_to_screen(ed, p.x, p.y);
    in.push_back({s.x, s.y});
  }
  std::vector<Vec2> sm = smooth_curve(in, 12);
  float thick = std::max(1.5f, 3.0f * k);
  // Each piece takes the colour of its side of the zero line: green above, red below; a piece
  // that crosses the line is split where it crosses.
  for (size_t i = 0; i + 1 < sm.size(); i++) {
    ImVec2 a(sm[i].x, sm[i].y), b(sm[i + 1].x, sm[i + 1].y);
    if ((a.y - zero) * (b.y - zero) < 0) {
      float tt = (zero - a.y) / (b.y - a.y);
      ImVec2 c(a.x + (b.x - a.x) * tt, zero);
      dl->AddLine(a, c, a.y < zero ? t.positive : t.negative, thick);
      dl->AddLine(c, b, b.y < zero ? t.positive : t.negative, thick);
    } else {
      dl->AddLine(a, b, (a.y + b.y) * 0.5f <= zero ? t.positive : t.negative, thick);
    }
  }
  bool show_labels = k >= 0.45f * ed.ui;
  for (const CurvePoint& p : pts) {
    ImVec2 s = map_to_screen(ed, p.x, p.y);
    bool sel = is_selected(ed, p.card);
    ImU32 col = p.score >= 0 ? t.positive : t.negative;
    float r = std::max(3.0f, 6.0f * k);
    if (sel) dl->AddCircleFilled(s, r + 5 * ed.ui, t.accent_soft);
    dl->AddCircleFilled(s, r + 2 * ed.ui, t.card_bg);
    dl->AddCircleFilled(s, r, col);
    if (sel) dl->AddCircle(s, r + 2 * ed.ui, t.selection, 0, 2 * ed.ui);
    const Card* c = &doc.map.cards[p.index];   // the layout is of this revision
    if (show_labels && c && !c->text.empty()) {
      float size = 12.5f * k;
      float w = measure_text(ed.font_card, size, c->text.c_str(), c->text.c_str() + c->text.size());
      float y = p.score >= 0 ? s.y - r - 6 * k - size * 1.3f : s.y + r + 6 * k;
      draw_text_fit(dl, ed.font_card, size, ImVec2(s.x - std::min(w, 140 * k) * 0.5f, y), 140 * k, t.text_muted, c->text, 0.5f);
    }
  }
}

// ---- The canvas ------------------------------------------------------------------------------

void canvas_draw(Editor& ed, Doc& doc) {
  ImGuiIO& io = ImGui::GetIO();
  const Theme& t = ed.theme;
  canvas_ensure_layout(ed, doc);
  if (ed.want_fit) apply_fit(ed, doc);
  ed.rtl_view = rtl(doc);
  Frame f = frame_rects(ed, doc);
  ed.grid_origin = f.grid.Min;
  ed.grid_size = f.grid.GetSize();
  if (ed.fit_pending) { clamp_scroll(ed); ed.fit_pending = false; f = frame_rects(ed, doc); }
  const float k = f.k, u = ed.ui;
  const LayoutStyle& st = ed.style;
  const Map& m = doc.map;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // Input capture: one invisible button over the whole canvas.
  ImGui::SetCursorScreenPos(ed.canvas_min);
  ImGui::InvisibleButton("##canvas", ImVec2(ed.canvas_max.x - ed.canvas_min.x, ed.canvas_max.y - ed.canvas_min.y),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
  bool hovered = ImGui::IsItemHovered();
  ImVec2 mouse = io.MousePos;
  Hit hover = hovered ? hit_test(ed, doc, f, mouse) : Hit();
  bool editing = ed.editing.kind != EditKind::None;

  // ---- Gestures ----
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Middle)) { ed.gesture = Gesture::Pan; ed.press_pos = mouse; ed.dragged = true; }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    ed.press_pos = mouse;
    ed.dragged = false;
    ed.drag_id = hover.id;
    bool multi = io.KeyCtrl || io.KeyShift || io.KeySuper;
    switch (hover.kind) {
      case HitKind::Card:
        if (multi) {
          if (ed.sel_kind != SelKind::Cards) select_none(ed);
          ed.sel_kind = SelKind::Cards;
          auto it = std::find(ed.sel.begin(), ed.sel.end(), hover.id);
          if (it == ed.sel.end()) ed.sel.push_back(hover.id); else ed.sel.erase(it);
          ed.gesture = Gesture::None;
        } else {
          if (!(ed.sel_kind == SelKind::Cards && is_selected(ed, hover.id))) select_only(ed, SelKind::Cards, hover.id);
          ed.gesture = doc.read_only ? Gesture::Pan : Gesture::DragCards;
        }
        if (const Card* c = card_by_id(m, hover.id)) { ed.cursor_stage = find_stage(m, c->stage); ed.cursor_lane = find_lane(m, c->lane); }
        break;
      case HitKind::Point:
        select_only(ed, SelKind::Cards, hover.id);
        ed.gesture = Gesture::DragPoint;
        ed.merge_key = "point-" + std::to_string(++ed.gesture_serial);
        break;
      case HitKind::Cell:
        ed.cursor_stage = hover.stage;
        ed.cursor_lane = hover.lane;
        if (doc.read_only) {
          ed.gesture = Gesture::Pan;   // nothing to set in a read-only map: the drag pans
        } else if (ed.layout.lanes[hover.lane].emotions && !m.lanes[hover.lane].collapsed) {
          // Click on the emotion lane: move the stage's point there, or set the first one.
          ed.merge_key = "point-" + std::to_string(++ed.gesture_serial);
          float score = y_to_score(ed.layout.lanes[hover.lane], st, screen_to_map(ed, mouse).y);
          Id existing = kNoId;
          float best = 1e9f;
          for (const CurvePoint& cp : ed.layout.curves[hover.lane])
            if (cp.stage == hover.stage && std::fabs(cp.x - screen_to_map(ed, mouse).x) < best) { best = std::fabs(cp.x - screen_to_map(ed, mouse).x); existing = cp.card; }
          Id p = set_emotion(doc, m.stages[hover.stage].id, m.lanes[hover.lane].id, score, existing, ed.merge_key);
          ed.last_point_click = ed.merge_key;   // a double-click takes this back (it adds a step)
          select_only(ed, SelKind::Cards, p);
          ed.drag_id = p;
          ed.gesture = Gesture::DragPoint;
        } else if (multi) {
          ed.gesture = Gesture::Band;
          if (!io.KeyCtrl && !io.KeySuper) select_none(ed);
        } else {
          ed.gesture = Gesture::Pan;
        }
        break;
      case HitKind::StageHeader: select_only(ed, SelKind::Stage, hover.id); ed.cursor_stage = hover.stage; ed.gesture = Gesture::DragStage; break;
      case HitKind::StageResize:
        ed.gesture = Gesture::ResizeStage;
        ed.drag_start_width = m.stages[hover.stage].width;
        ed.merge_key = "resize-" + std::to_string(++ed.gesture_serial);
        break;
      case HitKind::LaneHeader: select_only(ed, SelKind::Lane, hover.id); ed.cursor_lane = hover.lane; ed.gesture = Gesture::DragLane; break;
      case HitKind::LaneCollapse: {
        Lane l = m.lanes[hover.lane];
        l.collapsed = !l.collapsed;
        update_lane(doc, l, l.collapsed ? "Collapse lane" : "Expand lane");
        ed.gesture = Gesture::None;
        break;
      }
      case HitKind::AddStage: {
        std::string key = "fresh-" + std::to_string(++ed.gesture_serial);
        Id s = add_stage(doc, TX("stage.new"), -1, key);
        select_only(ed, SelKind::Stage, s);
        canvas_ensure_layout(ed, doc);
        int i = find_stage(doc.map, s);
        ed.scroll.x = rtl(doc) ? ed.layout.stages[i].x - 40 : std::max(ed.scroll.x, ed.layout.stages[i].x + ed.layout.stages[i].w - ed.grid_size.x / k + 60);
        clamp_scroll(ed);
        const StageBox& sb = ed.layout.stages[i];
        ImVec2 p = map_to_screen(ed, sb.x, 0);
        begin_text_edit(ed, doc, EditKind::StageName, s, ImVec2(p.x + 12 * k, f.stage_strip.Min.y + 14 * k),
                        ImVec2(sb.w * k - 24 * k, 24 * k), 15.0f * k, false, TX("stage.new"), false, true);
        ed.editing.merge_key = key;   // naming it belongs to the step that added it
        ed.gesture = Gesture::None;
        break;
      }
      case HitKind::AddLane:
        // Under the button, aligned with its start edge (its right edge in a right-to-left map).
        ed.popup_at = ImVec2(rtl(doc) ? add_lane_rect(ed, f).Max.x : add_lane_rect(ed, f).Min.x, add_lane_rect(ed, f).Max.y + 4 * u);
        ImGui::OpenPopup("add_lane_menu");
        ed.gesture = Gesture::None;
        break;
      case HitKind::Title: {
        ImRect r = title_rect(ed, f);
        begin_text_edit(ed, doc, EditKind::Title, kNoId, r.Min, r.GetSize(), 22.0f * u, false, m.meta.title, false, true);
        ed.gesture = Gesture::None;
        break;
      }
      case HitKind::Goal: {
        ImRect r = goal_rect(ed, f);
        begin_text_edit(ed, doc, EditKind::Goal, kNoId, r.Min, r.GetSize(), 14.0f * u, false, m.meta.goal, false, false);
        ed.gesture = Gesture::None;
        break;
      }
      case HitKind::None: ed.gesture = f.title.Contains(mouse) ? Gesture::None : Gesture::Pan; break;
    }
  }

  // (After the press above: a press and a second finger can arrive within one frame.)
  if (ed.cancel_gesture) {
    // A second finger landed: this is a pinch, so what the first finger began (setting an
    // emotion point acts on press) is taken back.
    if (!ed.merge_key.empty() && !doc.undo_stack.empty() && doc.undo_stack.back().merge_key == ed.merge_key) {
      undo(doc);
      doc.redo_stack.pop_back();
    }
    ed.gesture = Gesture::None;
    ed.merge_key.clear();
    ed.cancel_gesture = false;
  }
  bool held = ImGui::IsMouseDown(ImGuiMouseButton_Left) || ImGui::IsMouseDown(ImGuiMouseButton_Middle);
  if (ed.gesture != Gesture::None && held) {
    ImVec2 d(mouse.x - ed.press_pos.x, mouse.y - ed.press_pos.y);
    if (!ed.dragged && (d.x * d.x + d.y * d.y) > (4 * u) * (4 * u)) ed.dragged = true;
    if (ed.dragged) {
      ImVec2 mm = screen_to_map(ed, mouse);
      switch (ed.gesture) {
        case Gesture::Pan:
          ed.scroll.x -= io.MouseDelta.x / k;
          ed.scroll.y -= io.MouseDelta.y / k;
          clamp_scroll(ed);
          break;
        case Gesture::Band: {
          ImVec2 a = screen_to_map(ed, ed.press_pos);
          Rect band{std::min(a.x, mm.x), std::min(a.y, mm.y), std::fabs(mm.x - a.x), std::fabs(mm.y - a.y)};
          ed.sel_kind = SelKind::Cards;
          ed.sel.clear();
          for (const CardBox& cb : ed.layout.cards)
            if (cb.r.x < band.right() && cb.r.right() > band.x && cb.r.y < band.bottom() && cb.r.bottom() > band.y) ed.sel.push_back(cb.id);
          for (size_t li = 0; li < ed.layout.curves.size(); li++)
            for (const CurvePoint& cp : ed.layout.curves[li])
              if (band.contains(cp.x, cp.y)) ed.sel.push_back(cp.card);
          break;
        }
        case Gesture::DragCards: {
          ed.drop_stage = ed.layout.stage_at(mm.x);
          ed.drop_lane = ed.layout.lane_at(mm.y);
          if (ed.drop_lane >= 0 && (ed.layout.lanes[ed.drop_lane].emotions || m.lanes[ed.drop_lane].collapsed)) ed.drop_lane = -1;
          ed.drop_before = kNoId;
          if (ed.drop_stage >= 0 && ed.drop_lane >= 0) {
            for (const CardBox& cb : ed.layout.cards)
              if (cb.stage == ed.drop_stage && cb.lane == ed.drop_lane && !is_selected(ed, cb.id) && mm.y < cb.r.y + cb.r.h * 0.5f) {
                ed.drop_before = cb.id;
                break;
              }
          }
          break;
        }
        case Gesture::DragPoint: {
          const Card* c = card_by_id(m, ed.drag_id);
          if (!c) break;
          int li = find_lane(m, c->lane);
          if (li < 0) break;
          float score = y_to_score(ed.layout.lanes[li], st, mm.y);
          if (std::fabs(score - c->score) > 0.001f) set_emotion(doc, c->stage, c->lane, score, c->id, ed.merge_key);
          break;
        }
        case Gesture::ResizeStage: {
          int si = find_stage(m, ed.drag_id);
          if (si < 0) break;
          Stage s = m.stages[si];
          float dx = (mouse.x - ed.press_pos.x) / k;
          s.width = std::round(std::max(120.0f, ed.drag_start_width + (rtl(doc) ? -dx : dx)));
          if (s.width != m.stages[si].width) update_stage(doc, s, "Resize stage", ed.merge_key);
          break;
        }
        case Gesture::DragStage: {
          int i = ed.layout.stage_at(mm.x);
          ed.drop_index = i;
          break;
        }
        case Gesture::DragLane: {
          int i = ed.layout.lane_at(mm.y);
          if (mm.y >= ed.layout.height) i = (int)m.lanes.size() - 1;
          ed.drop_index = i;
          break;
        }
        default: break;
      }
    }
  }
  bool released = ImGui::IsMouseReleased(ImGuiMouseButton_Left) || ImGui::IsMouseReleased(ImGuiMouseButton_Middle);
  if (ed.gesture != Gesture::None && released) {
    if (ed.dragged) {
      if (ed.gesture == Gesture::DragCards && ed.drop_stage >= 0 && ed.drop_lane >= 0 && ed.sel_kind == SelKind::Cards) {
        move_cards(doc, ed.sel, m.stages[ed.drop_stage].id, m.lanes[ed.drop_lane].id, ed.drop_before);
        ed.cursor_stage = ed.drop_stage;
        ed.cursor_lane = ed.drop_lane;
      } else if (ed.gesture == Gesture::DragStage && ed.drop_index >= 0) {
        move_stage(doc, ed.drag_id, ed.drop_index);
      } else if (ed.gesture == Gesture::DragLane && ed.drop_index >= 0) {
        move_lane(doc, ed.drag_id, ed.drop_index);
      }
    } else if (ed.gesture == Gesture::Pan && hover.kind == HitKind::Cell) {
      select_none(ed);
    }
    ed.gesture = Gesture::None;
    ed.drop_stage = ed.drop_lane = ed.drop_index = -1;
    ed.merge_key.clear();
  }

  // Double-click: add or edit in place.
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !editing) {
    ed.gesture = Gesture::None;
    if (hover.kind == HitKind::Cell && !m.lanes[hover.lane].collapsed) {
      if (ed.layout.lanes[hover.lane].emotions) {
        // A second point in the stage: a step within it. The double-click's first click moved
        // (or set) a point; take that back so the existing point stays where it was.
        if (!ed.last_point_click.empty() && !doc.undo_stack.empty() && doc.undo_stack.back().merge_key == ed.last_point_click) {
          undo(doc);
          doc.redo_stack.pop_back();
          canvas_ensure_layout(ed, doc);
        }
        ed.last_point_click.clear();
        float score = y_to_score(ed.layout.lanes[hover.lane], st, screen_to_map(ed, mouse).y);
        Id p = set_emotion(doc, m.stages[hover.stage].id, m.lanes[hover.lane].id, score);
        select_only(ed, SelKind::Cards, p);
      } else {
        add_card_at(ed, doc, hover.stage, hover.lane);
      }
    } else if (hover.kind == HitKind::Card) {
      select_only(ed, SelKind::Cards, hover.id);
      edit_card_text(ed, doc, hover.id);
    } else if (hover.kind == HitKind::Point) {
      // Label of a point: edited like a card's text, under the point.
      const Card* c = card_by_id(m, hover.id);
      for (const CurvePoint& cp : ed.layout.curves[find_lane(m, c->lane)])
        if (cp.card == hover.id)
          begin_text_edit(ed, doc, EditKind::CardText, hover.id, ImVec2(cp.x - 70, cp.y + 12), ImVec2(140, 20), 12.5f, true, c->text, false, false);
    } else if (hover.kind == HitKind::StageHeader) {
      ImRect r = stage_header_rect(ed, f, hover.stage);
      begin_text_edit(ed, doc, EditKind::StageName, hover.id, ImVec2(r.Min.x + 12 * k, r.Min.y + 14 * k),
                      ImVec2(r.GetWidth() - 24 * k, 24 * k), 15.0f * k, false, m.stages[hover.stage].name, false, true);
    } else if (hover.kind == HitKind::LaneHeader) {
      ImRect r = lane_header_rect(ed, f, hover.lane);
      begin_text_edit(ed, doc, EditKind::LaneName, hover.id, ImVec2(r.Min.x + 16 * k, r.Min.y + 10 * k),
                      ImVec2(r.GetWidth() - 50 * k, 22 * k), 14.0f * k, false, m.lanes[hover.lane].name, false, true);
    }
  }

  // Wheel: scroll; ctrl (or pinch on a trackpad, which browsers send as ctrl+wheel) zooms.
  if (hovered && (io.MouseWheel != 0 || io.MouseWheelH != 0)) {
    if (io.KeyCtrl || io.KeySuper) {
      canvas_zoom_at(ed, ed.zoom * std::pow(1.12f, io.MouseWheel), mouse);
    } else {
      float dy = io.MouseWheel * 60.0f / ed.zoom, dx = io.MouseWheelH * 60.0f / ed.zoom;
      if (io.KeyShift && dx == 0) { dx = dy; dy = 0; }
      ed.scroll.x -= dx;
      ed.scroll.y -= dy;
      clamp_scroll(ed);
    }
  }

  // Right-click, or a long press on a touch screen: a menu for what is under the pointer.
  static Hit ctx;
  bool long_press = io.MouseSource == ImGuiMouseSource_TouchScreen && ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
                    !ed.dragged && !ed.long_press_done && io.MouseDownDuration[0] > 0.5f;
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ed.long_press_done = false;
  if (long_press) {
    ed.long_press_done = true;
    ed.gesture = Gesture::None;
    hover = hit_test(ed, doc, f, ed.press_pos);
  }
  if ((hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) || long_press) {
    ctx = hover;
    if (hover.kind == HitKind::Card || hover.kind == HitKind::Point) {
      if (!is_selected(ed, hover.id)) select_only(ed, SelKind::Cards, hover.id);
    } else if (hover.kind == HitKind::StageHeader) select_only(ed, SelKind::Stage, hover.id);
    else if (hover.kind == HitKind::LaneHeader) select_only(ed, SelKind::Lane, hover.id);
    if (hover.stage >= 0) ed.cursor_stage = hover.stage;
    if (hover.lane >= 0) ed.cursor_lane = hover.lane;
    ImGui::OpenPopup("canvas_ctx");
  }

  // Cursor shape.
  const char* cursor = "default";
  if (ed.gesture == Gesture::Pan && ed.dragged) cursor = "grabbing";
  else if (ed.gesture == Gesture::ResizeStage || hover.kind == HitKind::StageResize) cursor = "ew-resize";
  else if (ed.gesture == Gesture::DragCards && ed.dragged) cursor = "grabbing";
  else if (hover.kind == HitKind::Point || ed.gesture == Gesture::DragPoint) cursor = "ns-resize";
  else if (hover.kind == HitKind::Card || hover.kind == HitKind::StageHeader || hover.kind == HitKind::LaneHeader) cursor = "pointer";
  else if (hover.kind == HitKind::Title || hover.kind == HitKind::Goal) cursor = "text";
  else if (hover.kind == HitKind::AddLane || hover.kind == HitKind::AddStage || hover.kind == HitKind::LaneCollapse) cursor = "pointer";
  if (hovered) platform::set_cursor(cursor);

  // ---- Draw: grid ----
  // Commands above may have changed the map this frame: draw from a layout of this revision
  // (card indices in the layout point into the current Map::cards).
  canvas_ensure_layout(ed, doc);
  dl->AddRectFilled(ed.canvas_min, ed.canvas_max, t.canvas_bg);
  dl->PushClipRect(f.grid.Min, f.grid.Max, true);
  ImVec2 g0 = map_to_screen(ed, 0, 0), g1 = map_to_screen(ed, ed.layout.width, ed.layout.height);
  float gx0 = std::min(g0.x, g1.x), gx1 = std::max(g0.x, g1.x);
  for (size_t li = 0; li < ed.layout.lanes.size(); li++) {
    const LaneBox& lb = ed.layout.lanes[li];
    float y0 = map_to_screen(ed, 0, lb.y).y, y1 = map_to_screen(ed, 0, lb.y + lb.h).y;
    if (y1 < f.grid.Min.y || y0 > f.grid.Max.y) continue;
    dl->AddRectFilled(ImVec2(gx0, y0), ImVec2(gx1, y1), (li % 2) ? t.lane_bg_alt : t.lane_bg);
    dl->AddLine(ImVec2(gx0, y1), ImVec2(gx1, y1), t.grid_line, 1.0f * u);
  }
  for (size_t si = 0; si < ed.layout.stages.size(); si++) {
    float x = map_to_screen(ed, ed.layout.stages[si].x, 0).x;
    dl->AddLine(ImVec2(x, g0.y), ImVec2(x, g1.y), t.grid_line, 1.0f * u);
  }
  dl->AddLine(ImVec2(gx1, g0.y), ImVec2(gx1, g1.y), t.grid_line, 1.0f * u);
  // Cursor cell (keyboard focus).
  if (ImGui::IsWindowFocused() && ed.cursor_stage < (int)m.stages.size() && ed.cursor_lane < (int)m.lanes.size() && ed.sel.empty()) {
    Rect c = ed.layout.cell(ed.cursor_stage, ed.cursor_lane);
    ImVec2 a = map_to_screen(ed, c.x, c.y), b = map_to_screen(ed, c.right(), c.bottom());
    dl->AddRect(ImVec2(a.x + 2 * u, a.y + 2 * u), ImVec2(b.x - 2 * u, b.y - 2 * u), t.focus, 6 * k, 0, 2 * u);
  }
  // Empty-cell hint on hover.
  if (hover.kind == HitKind::Cell && ed.gesture == Gesture::None && !editing && !m.lanes[hover.lane].collapsed && !doc.read_only) {
    Rect c = ed.layout.cell(hover.stage, hover.lane);
    bool emotions = ed.layout.lanes[hover.lane].emotions;
    bool empty_cell = true;
    for (const CardBox& cb : ed.layout.cards)
      if (cb.stage == hover.stage && cb.lane == hover.lane) { empty_cell = false; break; }
    if (emotions) for (const CurvePoint& cp : ed.layout.curves[hover.lane]) if (cp.stage == hover.stage) empty_cell = false;
    if (empty_cell && 13 * k >= 6) {
      const std::string& hint = TX(emotions ? "hint.emotion_cell" : "hint.add_card");
      ImVec2 a = map_to_screen(ed, c.x, c.y);
      float size = 13 * k;
      draw_text_fit(dl, ed.font_card, size, ImVec2(a.x + 6 * k, a.y + (std::min(c.h, 60.0f) * k - size) * 0.5f + 4 * k), c.w * k - 12 * k, t.text_faint, hint, 0.5f);
    }
  }

  // Cards (culled to the viewport).
  ImVec2 vis0 = screen_to_map(ed, f.grid.Min), vis1 = screen_to_map(ed, f.grid.Max);
  std::unordered_set<Id> hidden;
  bool dragging_cards = ed.gesture == Gesture::DragCards && ed.dragged;
  for (const CardBox& cb : ed.layout.cards) {
    if (cb.r.right() < vis0.x || cb.r.x > vis1.x || cb.r.bottom() < vis0.y || cb.r.y > vis1.y) continue;
    const Card* c = &m.cards[cb.index];   // the layout is of this revision
    bool sel = ed.sel_kind == SelKind::Cards && is_selected(ed, cb.id);
    bool editing_this = ed.editing.kind == EditKind::CardText && ed.editing.id == cb.id;
    ImVec2 p = map_to_screen(ed, cb.r.x, cb.r.y);
    if (dragging_cards && sel) {
      // The original place stays as a faint outline while its card travels with the pointer.
      dl->AddRect(p, ImVec2(p.x + cb.r.w * k, p.y + cb.r.h * k), t.focus, 6 * k, 0, 1.5f * u);
      continue;
    }
    draw_card(ed, doc, dl, *c, cb, p, k, sel, card_matches_search(ed, *c), false, editing_this);
  }
  (void)hidden;
  for (size_t li = 0; li < ed.layout.lanes.size(); li++)
    if (ed.layout.lanes[li].emotions && !m.lanes[li].collapsed) draw_curve(ed, doc, dl, (int)li, k);

  // Drop indicator and ghosts while dragging cards.
  if (dragging_cards) {
    if (ed.drop_stage >= 0 && ed.drop_lane >= 0) {
      Rect c = ed.layout.cell(ed.drop_stage, ed.drop_lane);
      ImVec2 a = map_to_screen(ed, c.x, c.y), b = map_to_screen(ed, c.right(), c.bottom());
      dl->AddRectFilled(a, b, t.accent_soft);
      float y = -1;
      const CardBox* last = nullptr;
      for (const CardBox& cb : ed.layout.cards)
        if (cb.stage == ed.drop_stage && cb.lane == ed.drop_lane && !is_selected(ed, cb.id)) {
          if (cb.id == ed.drop_before) { y = cb.r.y - st.card_gap * 0.5f; break; }
          last = &cb;
        }
      if (y < 0) y = last ? last->r.bottom() + st.card_gap * 0.5f : c.y + st.cell_pad * 0.5f;
      float sy = map_to_screen(ed, 0, y).y;
      dl->AddLine(ImVec2(a.x + st.cell_pad * k, sy), ImVec2(b.x - st.cell_pad * k, sy), t.accent, 3 * u);
    }
    float oy = 0;
    ImVec2 press_map = screen_to_map(ed, ed.press_pos);
    const CardBox* anchor = ed.layout.find(ed.drag_id);
    for (Id id : ed.sel) {
      const CardBox* cb = ed.layout.find(id);
      const Card* c = card_by_id(m, id);
      if (!cb || !c) continue;
      ImVec2 off = anchor ? ImVec2((anchor->r.x - press_map.x) * k, (anchor->r.y - press_map.y) * k) : ImVec2(0, 0);
      ImVec2 p(mouse.x + off.x + 6 * u, mouse.y + off.y + oy + 6 * u);
      draw_card(ed, doc, dl, *c, *cb, p, k, true, false, true, false);
      oy += std::min(cb->r.h * k, 30 * k) + 4 * u;
      if (oy > 120 * u) break;
    }
  }
  // Rubber band.
  if (ed.gesture == Gesture::Band && ed.dragged) {
    ImVec2 a(std::min(ed.press_pos.x, mouse.x), std::min(ed.press_pos.y, mouse.y));
    ImVec2 b(std::max(ed.press_pos.x, mouse.x), std::max(ed.press_pos.y, mouse.y));
    dl->AddRectFilled(a, b, t.accent_soft);
    dl->AddRect(a, b, t.accent, 0, 0, 1 * u);
  }
  dl->PopClipRect();

  // ---- Pinned stage headers ----
  dl->AddRectFilled(f.stage_strip.Min, f.stage_strip.Max, t.header_bg);
  dl->AddLine(ImVec2(f.stage_strip.Min.x, f.stage_strip.Max.y - 0.5f), ImVec2(f.stage_strip.Max.x, f.stage_strip.Max.y - 0.5f), t.panel_border, 1 * u);
  dl->PushClipRect(f.stage_strip.Min, f.stage_strip.Max, true);
  std::vector<int> counts(m.stages.size(), 0);
  for (const CardBox& cb : ed.layout.cards) counts[cb.stage]++;
  for (int i = 0; i < (int)m.stages.size(); i++) {
    ImRect r = stage_header_rect(ed, f, i);
    if (r.Max.x < f.stage_strip.Min.x || r.Min.x > f.stage_strip.Max.x) continue;
    const Stage& s = m.stages[i];
    bool sel = ed.sel_kind == SelKind::Stage && is_selected(ed, s.id);
    bool hov = hover.kind == HitKind::StageHeader && hover.stage == i;
    ImRect in(ImVec2(r.Min.x + 5 * k, r.Min.y + 8 * k), ImVec2(r.Max.x - 5 * k, r.Max.y - 8 * k));
    dl->AddRectFilled(in.Min, in.Max, color_mix(s.color, t.header_bg, sel ? 0.22f : hov ? 0.14f : 0.09f), 8 * k);
    dl->AddRectFilled(in.Min, ImVec2(in.Max.x, in.Min.y + 4 * k), color_u32(s.color), 8 * k, ImDrawFlags_RoundCornersTop);
    if (sel) dl->AddRect(in.Min, in.Max, t.selection, 8 * k, 0, 2 * u);
    bool editing_this = ed.editing.kind == EditKind::StageName && ed.editing.id == s.id;
    float fs = 15.0f * k;
    std::string count = std::to_string(counts[i]);
    float cw = measure_text(ed.font_card, 12 * k, count.c_str(), count.c_str() + count.size());
    if (!editing_this && fs >= 5) {
      float avail = in.GetWidth() - 24 * k - cw - 8 * k;
      float tx = rtl(doc) ? in.Min.x + 12 * k + cw + 8 * k : in.Min.x + 12 * k;
      draw_text_fit(dl, ed.font_card_bold, fs, ImVec2(tx, in.Min.y + 10 * k), avail, t.header_text, s.name.empty() ? TX("canvas.untitled_stage") : s.name, rtl(doc) ? 1.0f : 0.0f);
      float cx = rtl(doc) ? in.Min.x + 12 * k : in.Max.x - 12 * k - cw;
      draw_text(dl, ed.font_card, 12 * k, ImVec2(cx, in.Min.y + 12 * k), t.text_faint, count.c_str(), count.c_str() + count.size());
    }
    if (hover.kind == HitKind::StageResize && hover.stage == i) {
      float x = rtl(doc) ? r.Min.x : r.Max.x;
      dl->AddLine(ImVec2(x, r.Min.y + 6 * k), ImVec2(x, r.Max.y - 6 * k), t.accent, 3 * u);
    }
    if (ed.gesture == Gesture::DragStage && ed.dragged && ed.drop_index == i && ed.drag_id != s.id) {
      int from = find_stage(m, ed.drag_id);
      bool after = (from < i) != rtl(doc);
      float x = after ? r.Max.x : r.Min.x;
      dl->AddLine(ImVec2(x, r.Min.y + 4 * u), ImVec2(x, r.Max.y - 4 * u), t.accent, 3 * u);
    }
  }
  if (!doc.read_only) {
    ImRect a = add_stage_rect(ed, doc, f);
    bool hov = hover.kind == HitKind::AddStage;
    dl->AddRectFilled(a.Min, a.Max, hov ? t.accent_soft : (t.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 10)), 8 * u);
    ImVec2 c = a.GetCenter();
    float s = 6 * u;
    dl->AddLine(ImVec2(c.x - s, c.y), ImVec2(c.x + s, c.y), hov ? t.accent : t.text_muted, 2 * u);
    dl->AddLine(ImVec2(c.x, c.y - s), ImVec2(c.x, c.y + s), hov ? t.accent : t.text_muted, 2 * u);
  }
  dl->PopClipRect();

  // ---- Pinned lane titles ----
  dl->AddRectFilled(f.lane_col.Min, f.lane_col.Max, t.header_bg);
  float edge_x = rtl(doc) ? f.lane_col.Min.x : f.lane_col.Max.x;
  dl->AddLine(ImVec2(edge_x, f.lane_col.Min.y), ImVec2(edge_x, f.lane_col.Max.y), t.panel_border, 1 * u);
  dl->PushClipRect(f.lane_col.Min, f.lane_col.Max, true);
  for (int i = 0; i < (int)m.lanes.size(); i++) {
    ImRect r = lane_header_rect(ed, f, i);
    if (r.Max.y < f.lane_col.Min.y || r.Min.y > f.lane_col.Max.y) continue;
    const Lane& l = m.lanes[i];
    bool sel = ed.sel_kind == SelKind::Lane && is_selected(ed, l.id);
    bool hov = hover.lane == i && (hover.kind == HitKind::LaneHeader || hover.kind == HitKind::LaneCollapse);
    if (sel || hov) dl->AddRectFilled(r.Min, r.Max, sel ? t.accent_soft : color_mix(l.color, t.header_bg, 0.06f));
    float bar_x = rtl(doc) ? r.Max.x - 4 * k : r.Min.x;
    dl->AddRectFilled(ImVec2(bar_x, r.Min.y + 6 * k), ImVec2(bar_x + 4 * k, r.Max.y - 6 * k), color_u32(l.color), 2 * k);
    dl->AddLine(ImVec2(r.Min.x, r.Max.y), ImVec2(r.Max.x, r.Max.y), t.grid_line, 1 * u);
    bool editing_this = ed.editing.kind == EditKind::LaneName && ed.editing.id == l.id;
    float avail = r.GetWidth() - 52 * k;
    if (!editing_this && 14 * k >= 5) {
      float tx = rtl(doc) ? r.Min.x + 36 * k : r.Min.x + 16 * k;
      draw_text_fit(dl, ed.font_card_bold, 14.0f * k, ImVec2(tx, r.Min.y + 11 * k), avail, t.header_text, l.name, rtl(doc) ? 1.0f : 0.0f);
      // The type under a lane's own name (not under the type's default name, in any language).
      std::string type = lane_type_name(l.type);
      if (!l.collapsed && r.GetHeight() > 50 * k && l.name != lane_type_info(l.type).name && l.name != type) {
        draw_text_fit(dl, ed.font_card, 12.0f * k, ImVec2(tx, r.Min.y + 34 * k), avail, t.text_faint, type, rtl(doc) ? 1.0f : 0.0f);
      }
    }
    // Collapse chevron.
    ImRect cr = collapse_rect(ed, doc, r);
    ImVec2 c = cr.GetCenter();
    float s = 4.5f * k;
    ImU32 ccol = (hover.kind == HitKind::LaneCollapse && hover.lane == i) ? t.accent : t.text_faint;
    if (l.collapsed) {
      float dir = rtl(doc) ? -1.0f : 1.0f;
      dl->AddTriangleFilled(ImVec2(c.x - s * 0.6f * dir, c.y - s), ImVec2(c.x - s * 0.6f * dir, c.y + s), ImVec2(c.x + s * 0.8f * dir, c.y), ccol);
    } else {
      dl->AddTriangleFilled(ImVec2(c.x - s, c.y - s * 0.6f), ImVec2(c.x + s, c.y - s * 0.6f), ImVec2(c.x, c.y + s * 0.8f), ccol);
    }
    if (ed.gesture == Gesture::DragLane && ed.dragged && ed.drop_index == i && ed.drag_id != l.id) {
      int from = find_lane(m, ed.drag_id);
      float y = from < i ? r.Max.y : r.Min.y;
      dl->AddLine(ImVec2(r.Min.x + 4 * u, y), ImVec2(r.Max.x - 4 * u, y), t.accent, 3 * u);
    }
  }
  if (!doc.read_only) {
    ImRect a = add_lane_rect(ed, f);
    bool hov = hover.kind == HitKind::AddLane;
    dl->AddRectFilled(a.Min, a.Max, hov ? t.accent_soft : (t.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 10)), 8 * u);
    const std::string& label = TX("canvas.add_lane");
    draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(a.Min.x + 4 * u, a.GetCenter().y - 9 * u), a.GetWidth() - 8 * u, hov ? t.accent : t.text_muted, label, 0.5f);
  }
  dl->PopClipRect();

  // Corner: where the header row meets the title column.
  dl->AddRectFilled(f.corner.Min, f.corner.Max, t.header_bg);
  dl->AddLine(ImVec2(f.corner.Min.x, f.corner.Max.y - 0.5f), ImVec2(f.corner.Max.x, f.corner.Max.y - 0.5f), t.panel_border, 1 * u);
  {
    std::string label = TPX("status.stages", (long long)m.stages.size());
    float x = rtl(doc) ? f.corner.Max.x - 16 * u - measure_text(ed.font_ui, 12 * u, label.c_str(), label.c_str() + label.size()) : f.corner.Min.x + 16 * u;
    draw_text(dl, ed.font_ui, 12 * u, ImVec2(x, f.corner.Max.y - 26 * u), t.text_faint, label.c_str(), label.c_str() + label.size());
  }

  // ---- Title band ----
  dl->AddRectFilled(f.title.Min, f.title.Max, t.canvas_bg);
  dl->AddLine(ImVec2(f.title.Min.x, f.title.Max.y - 0.5f), ImVec2(f.title.Max.x, f.title.Max.y - 0.5f), t.panel_border, 1 * u);
  {
    ImRect tr = title_rect(ed, f), gr = goal_rect(ed, f);
    float align = rtl(doc) ? 1.0f : 0.0f;
    if (!(ed.editing.kind == EditKind::Title)) {
      bool empty = m.meta.title.empty();
      draw_text_fit(dl, ed.font_title, 22 * u, ImVec2(tr.Min.x, tr.Min.y + 1 * u), tr.GetWidth(), empty ? t.text_faint : t.text,
                    empty ? TX("map.untitled") : m.meta.title, align);
      if (hover.kind == HitKind::Title) dl->AddLine(ImVec2(tr.Min.x, tr.Max.y), ImVec2(tr.Max.x, tr.Max.y), t.grid_line, 1 * u);
    }
    if (!(ed.editing.kind == EditKind::Goal)) {
      bool empty = m.meta.goal.empty();
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(gr.Min.x, gr.Min.y + 1 * u), gr.GetWidth(), empty ? t.text_faint : t.text_muted,
                    empty ? TX("canvas.goal_empty")
                          : (text_is_rtl(m.meta.goal) == text_is_rtl(TX("canvas.goal")) ? TFX("canvas.goal", {{"goal", m.meta.goal}}) : m.meta.goal), align);
    }
  }

  // Keep the text field over what it edits while the view moves.
  if (ed.editing.kind != EditKind::None && ed.editing.on_grid) {
    ImVec2 p = map_to_screen(ed, ed.editing.pos.x, ed.editing.pos.y);
    platform::text_field_move(p.x, p.y, ed.editing.size.x * k, ed.editing.size.y * k, ed.editing.font_px * k);
  }

  // ---- Popups ----
  if (ImGui::IsPopupOpen("add_lane_menu")) {
    // Attached to its button; above it when there is no room below.
    float need = ((float)LaneType::Count + 1) * ImGui::GetFrameHeightWithSpacing();
    bool below = ed.popup_at.y + need < ImGui::GetIO().DisplaySize.y;
    // Right-to-left maps have their lane column on the right: the menu grows leftwards from it.
    float px = rtl(doc) ? 1.0f : 0.0f;
    ImGui::SetNextWindowPos(below ? ed.popup_at : ImVec2(ed.popup_at.x, ed.popup_at.y - 38 * u), ImGuiCond_Always, ImVec2(px, below ? 0.0f : 1.0f));
  }
  if (ImGui::BeginPopup("add_lane_menu")) {
    ui_text(T("lanes_menu.title"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    bool r = ui_rtl();
    for (int i = 0; i < (int)LaneType::Count; i++) {
      const LaneTypeInfo& info = lane_type_info((LaneType)i);
      std::string key = std::string("lane_type.") + info.key;
      ImGui::PushID(i);
      // A colour dot before the name, on the reading side.
      ImVec2 p = ImGui::GetCursorScreenPos();
      float dot_x = r ? p.x + ImGui::GetContentRegionAvail().x - 6 * u : p.x + 6 * u;
      ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(dot_x, p.y + ImGui::GetTextLineHeight() * 0.5f + 3 * u), 4.5f * u, color_u32(info.color));
      const char* name = T(key.c_str());
      bool picked;
      if (!r) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + 16 * u, p.y));
        picked = ImGui::Selectable((std::string(name) + "###" + key).c_str());
      } else {
        float w = ImGui::CalcTextSize(name).x;
        picked = ImGui::Selectable(("###" + key).c_str(), false, ImGuiSelectableFlags_SpanAvailWidth, ImVec2(w + 16 * u, 0));
        ImGui::GetWindowDrawList()->AddText(ImVec2(dot_x - 10 * u - w, p.y), ImGui::GetColorU32(ImGuiCol_Text), name);
      }
      if (picked) {
        Id id = add_lane(doc, lane_type_name((LaneType)i), (LaneType)i);
        select_only(ed, SelKind::Lane, id);
      }
      ImGui::PopID();
    }
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup("canvas_ctx")) {
    // Right to left the menu opens on the left of the pointer (ImGui tries the last direction first).
    if (ui_rtl()) ImGui::GetCurrentWindow()->AutoPosLastDirection = ImGuiDir_Left;
    if (ctx.kind == HitKind::Card || ctx.kind == HitKind::Point) {
      size_t n = ed.sel.size();
      if (ui_menu_key("ctx.edit_text", "Enter", false, n == 1)) edit_card_text(ed, doc, ed.sel[0]);
      if (ui_menu_key("menu.duplicate", "Ctrl+D")) { auto ids = duplicate_cards(doc, ed.sel); ed.sel = ids; }
      if (ui_menu_key("menu.copy", "Ctrl+C")) platform::clipboard_write(cards_to_text(doc.map, ed.sel), cards_to_clipboard(doc.map, ed.sel));
      if (ui_begin_menu(T("ctx.colour"), "ctx.colour")) {
        static const Color palette[] = {0, 0xef4444, 0xf97316, 0xf59e0b, 0x22c55e, 0x10b981, 0x0ea5e9, 0x3b82f6, 0x8b5cf6, 0xec4899, 0x64748b};
        static const char* names[] = {"colour.lane", "colour.red", "colour.orange", "colour.amber", "colour.green", "colour.emerald",
                                      "colour.sky", "colour.blue", "colour.violet", "colour.pink", "colour.slate"};
        for (int i = 0; i < 11; i++)
          if (ui_menu_key(names[i])) recolor_cards(doc, ed.sel, palette[i]);
        ImGui::EndMenu();
      }
      ImGui::Separator();
      if (ui_menu_item(TP("ctx.delete_cards", (long long)n).c_str(), "ctx.delete_cards", "Del")) delete_selection(ed, doc);
    } else if (ctx.kind == HitKind::StageHeader || ctx.kind == HitKind::StageResize) {
      Id sid = ctx.id;
      int i = find_stage(doc.map, sid);
      if (i >= 0) {
        if (ui_menu_key("ctx.rename")) {
          ImRect r = stage_header_rect(ed, f, i);
          begin_text_edit(ed, doc, EditKind::StageName, sid, ImVec2(r.Min.x + 12 * k, r.Min.y + 14 * k), ImVec2(r.GetWidth() - 24 * k, 24 * k), 15 * k, false, doc.map.stages[i].name, false, true);
        }
        if (ui_menu_key("ctx.insert_stage_before")) select_only(ed, SelKind::Stage, add_stage(doc, TX("stage.new"), i));
        if (ui_menu_key("ctx.insert_stage_after")) select_only(ed, SelKind::Stage, add_stage(doc, TX("stage.new"), i + 1));
        if (ui_menu_key("ctx.move_earlier", nullptr, false, i > 0)) move_stage(doc, sid, i - 1);
        if (ui_menu_key("ctx.move_later", nullptr, false, i + 1 < (int)doc.map.stages.size())) move_stage(doc, sid, i + 1);
        ImGui::Separator();
        if (ui_menu_key("ctx.delete_stage", "Del")) { delete_stage(doc, sid); select_none(ed); }
      }
    } else if (ctx.kind == HitKind::LaneHeader || ctx.kind == HitKind::LaneCollapse) {
      Id lid = ctx.id;
      int i = find_lane(doc.map, lid);
      if (i >= 0) {
        Lane l = doc.map.lanes[i];
        if (ui_menu_key("ctx.rename")) {
          ImRect r = lane_header_rect(ed, f, i);
          begin_text_edit(ed, doc, EditKind::LaneName, lid, ImVec2(r.Min.x + 16 * k, r.Min.y + 10 * k), ImVec2(r.GetWidth() - 50 * k, 22 * k), 14 * k, false, l.name, false, true);
        }
        if (ui_menu_item(T(l.collapsed ? "ctx.expand" : "ctx.collapse"), "ctx.collapse")) { l.collapsed = !l.collapsed; update_lane(doc, l, l.collapsed ? "Collapse lane" : "Expand lane"); }
        if (ui_menu_key("ctx.move_up", nullptr, false, i > 0)) move_lane(doc, lid, i - 1);
        if (ui_menu_key("ctx.move_down", nullptr, false, i + 1 < (int)doc.map.lanes.size())) move_lane(doc, lid, i + 1);
        ImGui::Separator();
        if (ui_menu_key("ctx.delete_lane", "Del")) { delete_lane(doc, lid); select_none(ed); }
      }
    } else if (ctx.kind == HitKind::Cell) {
      if (ui_menu_key("ctx.add_card_here", "Enter")) add_card_at(ed, doc, ctx.stage, ctx.lane);
      if (ui_menu_key("ctx.paste_here", "Ctrl+V")) { ed.cursor_stage = ctx.stage; ed.cursor_lane = ctx.lane; platform::clipboard_request_paste(); }
    } else {
      if (ui_menu_key("menu.add_stage")) select_only(ed, SelKind::Stage, add_stage(doc, TX("stage.new")));
      if (ui_menu_key("menu.zoom_fit")) canvas_fit(ed, doc);
    }
    ImGui::EndPopup();
  }
}

} // namespace jm
