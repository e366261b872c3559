// canvas.cpp: the map itself. Draws the grid, cards and emotion curves from the core layout,
// with stage headers and lane titles pinned while the grid scrolls. Only what is visible is
// drawn. The pointer's gestures are canvas_input.cpp's, tooltips and menus canvas_menus.cpp's,
// and where each part is on screen canvas_frame.cpp's.
// One journey state (current or future) is shown at a time, switched in the title band, where
// the comparison with the current state and the persona filter are too. On top of the cards:
// metric chips and stage roll-ups, moments of truth, hand-off gap markers, one emotion curve per
// persona with a legend, service blueprint lines and card links. What these need from the map
// (diff, gaps, roll-ups, link ends) is worked out with the layout, once per revision (CanvasFacts).
#include "editor/canvas_frame.h"
#include "editor/evidence.h"
#include "core/persona_card.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace jm {

static const float kMinZoom = 0.2f, kMaxZoom = 3.0f;


ImVec2 map_to_screen(const Editor& ed, float x, float y) {
  float k = k_of(ed);
  return ImVec2(ed.grid_origin.x + (x - ed.scroll.x) * k, ed.grid_origin.y + (y - ed.scroll.y) * k);
}

ImVec2 screen_to_map(const Editor& ed, ImVec2 p) {
  float k = k_of(ed);
  return ImVec2((p.x - ed.grid_origin.x) / k + ed.scroll.x, (p.y - ed.grid_origin.y) / k + ed.scroll.y);
}

// Everything the canvas draws beyond plain cards, worked out once per layout (see CanvasFacts).
static void compute_facts(Editor& ed, const Doc& doc) {
  const Map& m = doc.map;
  const Layout& L = ed.layout;
  CanvasFacts& F = ed.facts;
  F = CanvasFacts();
  F.revision = m.revision;
  F.state = ed.view_state;
  F.compare = ed.compare;
  F.box_of.reserve(L.cards.size());
  for (size_t i = 0; i < L.cards.size(); i++) F.box_of[L.cards[i].id] = (int)i;
  for (size_t i = 0; i < L.stages.size(); i++) F.shown_stages += L.stages[i].shown;
  F.stage_cards.assign(m.stages.size(), 0);
  for (const CardBox& cb : L.cards) F.stage_cards[cb.stage]++;
  std::vector<bool> emotion_lane(m.lanes.size());
  for (size_t i = 0; i < m.lanes.size(); i++) emotion_lane[i] = m.lanes[i].type == LaneType::Emotions;
  IdMap<int> lane_ix;
  for (size_t i = 0; i < m.lanes.size(); i++) lane_ix[m.lanes[i].id] = (int)i;
  IdSet shown_stage_ids;
  for (const StageBox& sb : L.stages)
    if (sb.shown) shown_stage_ids.insert(sb.id);
  for (const Card& c : m.cards) {
    auto li = lane_ix.find(c.lane);
    if (li != lane_ix.end() && !emotion_lane[li->second] && shown_stage_ids.count(c.stage)) F.shown_cards++;
  }
  // Links between cards laid out (both ends in the shown state, neither collapsed away).
  for (size_t i = 0; i < L.cards.size(); i++) {
    const Card& c = m.cards[L.cards[i].index];
    for (Id to : c.links) {
      auto t = F.box_of.find(to);
      if (t != F.box_of.end()) F.links.push_back({(int)i, t->second});
    }
  }
  // Emotion curves per persona: the shared one first, then the personas in map order.
  F.curves.resize(L.curves.size());
  for (size_t li = 0; li < L.curves.size(); li++) {
    const auto& pts = L.curves[li];
    if (pts.empty()) continue;
    std::vector<Id> owners{kNoId};
    for (const Persona& p : m.personas) owners.push_back(p.id);
    for (Id owner : owners) {
      CanvasFacts::Curve cv;
      cv.persona = owner;
      for (size_t k = 0; k < pts.size(); k++)
        if (pts[k].persona == owner) cv.points.push_back((int)k);
      if (!cv.points.empty()) F.curves[li].push_back(std::move(cv));
    }
  }
  // Hand-off gaps: a marker halfway between the two touchpoints.
  F.gaps = handoff_gaps(m, ed.view_state);
  for (const HandoffGap& g : F.gaps) {
    auto a = F.box_of.find(g.from), b = F.box_of.find(g.to);
    Vec2 at{-1e9f, -1e9f};
    if (a != F.box_of.end() && b != F.box_of.end()) {
      const Rect& ra = L.cards[a->second].r;
      const Rect& rb = L.cards[b->second].r;
      if (L.cards[a->second].stage == L.cards[b->second].stage && L.cards[a->second].lane == L.cards[b->second].lane) {
        // Stacked in one cell: in the gap between them, on the cell's end side.
        at = {ra.x + ra.w * 0.5f, (ra.bottom() + rb.y) * 0.5f};
      } else {
        // In different stages: on the boundary between them, level with the first.
        bool b_after = rb.x > ra.x;
        float ax = b_after ? ra.right() : ra.x, bx = b_after ? rb.x : rb.right();
        at = {(ax + bx) * 0.5f, std::min(ra.y + ra.h * 0.5f, ra.y + 20)};
      }
    }
    F.gap_at.push_back(at);
  }
  F.rollups = stage_rollups(m, ed.view_state);
  for (size_t i = 0; i < F.rollups.size(); i++)
    if (!F.rollups[i].metrics.empty()) F.rollup_at[F.rollups[i].stage] = i;
  if (ed.compare && ed.view_state == JourneyState::Future && has_future_state(m)) {
    F.diff = diff_states(m, JourneyState::Current, JourneyState::Future);
    for (Id id : F.diff.added) F.diff_mark[id] = 1;
    for (size_t i = 0; i < F.diff.changed.size(); i++) {
      F.diff_mark[F.diff.changed[i].to] = 2;
      F.changed_at[F.diff.changed[i].to] = i;
    }
  }
}

void canvas_ensure_layout(Editor& ed, const Doc& doc) {
  // The data band under the stage headers (data_overlay.cpp) is view state: it grows or shrinks
  // the header without a new layout (the cards do not move within the grid).
  float band = data_band_height(ed, doc);
  if (band != ed.data.band) { ed.style.stage_header_h += band - ed.data.band; ed.data.band = band; }
  uint64_t key = doc.map.revision;
  bool same = ed.layout_key == key && ed.layout_state == ed.view_state && !ed.layout.stages.empty() == !doc.map.stages.empty();
  if (same && ed.facts.revision == key && ed.facts.state == ed.view_state && ed.facts.compare == ed.compare) return;
  if (!same) {
    // Stage headers grow a line for metric roll-ups when the shown state has any.
    bool rollups = false;
    for (const Stage& s : doc.map.stages) rollups = rollups || (s.state == ed.view_state && !s.metrics.empty());
    for (const Card& c : doc.map.cards) {
      if (rollups) break;
      if (!c.metrics.empty()) if (const Stage* s = stage_by_id(doc.map, c.stage)) rollups = s->state == ed.view_state;
    }
    ed.style.stage_header_h = (rollups ? 76.0f : LayoutStyle().stage_header_h) + ed.data.band;
    // Cards are laid out in map units with 14 px text (zoom 1, CSS pixels).
    // CalcTextSizeA scales the baked glyphs to the size asked: 14 px text gives map units.
    ImFont* f = ed.font_ui;
    ed.layout = layout_map(doc.map, ed.style, [f](const char* b, const char* e) { return measure_shaped(f, 14.0f, b, e); },
                           &ed.card_shapes, LayoutFilter{true, ed.view_state});
    ed.layout_key = key;
    ed.layout_state = ed.view_state;
  }
  compute_facts(ed, doc);
}

bool canvas_stage_shown(const Editor& ed, const Doc& doc, int stage) {
  if (stage < 0 || stage >= (int)doc.map.stages.size()) return false;
  return doc.map.stages[stage].state == ed.view_state;
}

void canvas_show_state(Editor& ed, const Doc& doc, JourneyState s) {
  if (ed.view_state == s) return;
  ed.view_state = s;
  ed.linking_from = kNoId;
  select_none(ed);
  // The cursor moves to the first stage of the state shown.
  for (int i = 0; i < (int)doc.map.stages.size(); i++)
    if (doc.map.stages[i].state == s) { ed.cursor_stage = i; break; }
}

void canvas_reset_view(Editor& ed) {
  ed.view_state = JourneyState::Current;
  ed.compare = false;
  ed.persona_filter = kNoId;
  ed.hidden_curves.clear();
  ed.linking_from = kNoId;
}

Id canvas_add_stage(Editor& ed, Doc& doc, int index) {
  if (ed.view_state == JourneyState::Current) return add_stage(doc, TX("stage.new"), index);
  return add_stage_in_state(doc, ed.view_state, TX("stage.new"), index);
}

void canvas_select_all(Editor& ed, const Doc& doc) {
  ed.sel_kind = SelKind::Cards;
  ed.sel.clear();
  for (const Card& c : doc.map.cards)
    if (card_state(doc.map, c) == ed.view_state) ed.sel.push_back(c.id);
}

void clamp_scroll(Editor& ed) {
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

// The grid viewport (grid_origin, grid_size) already excludes the pinned stage headers and lane
// titles, so a box revealed inside it is never hidden under them (WCAG 2.4.11).
void canvas_reveal_rect(Editor& ed, const Rect& r) {
  float k = k_of(ed);
  float vw = ed.grid_size.x / k, vh = ed.grid_size.y / k;
  const float pad = 20;
  if (r.w > 0) {
    float lo = r.x - pad, hi = r.right() + pad;
    if (hi - lo > vw) ed.scroll.x = ed.rtl_view ? hi - vw : lo;   // too wide: its reading start
    else if (lo < ed.scroll.x) ed.scroll.x = lo;
    else if (hi > ed.scroll.x + vw) ed.scroll.x = hi - vw;
  }
  if (r.h > 0) {
    float lo = r.y - pad, hi = r.bottom() + pad;
    if (hi - lo > vh || lo < ed.scroll.y) ed.scroll.y = lo;
    else if (hi > ed.scroll.y + vh) ed.scroll.y = hi - vh;
  }
  clamp_scroll(ed);
}

void canvas_reveal_card(Editor& ed, Id id) {
  const CardBox* cb = ed.layout.find(id);
  if (!cb) return;
  canvas_reveal_rect(ed, cb->r);
}

// ---- Selection -------------------------------------------------------------------------------

bool is_selected(const Editor& ed, Id id) {
  return std::find(ed.sel.begin(), ed.sel.end(), id) != ed.sel.end();
}
void select_only(Editor& ed, SelKind kind, Id id) {
  ed.sel_kind = kind;
  ed.sel.assign(1, id);
}
// The selection may name things an undo took away: drop them (once per revision for cards).
void selection_drop_dead(Editor& ed, const Doc& doc) {
  if (ed.sel_kind == SelKind::Cards && ed.sel_checked_revision != doc.map.revision) {
    IdSet live;
    for (const Card& c : doc.map.cards) live.insert(c.id);
    ed.sel.erase(std::remove_if(ed.sel.begin(), ed.sel.end(), [&](Id id) { return !live.count(id); }), ed.sel.end());
    ed.sel_checked_revision = doc.map.revision;
  }
  if (ed.sel_kind == SelKind::Stage && !ed.sel.empty() && find_stage(doc.map, ed.sel[0]) < 0) select_none(ed);
  if (ed.sel_kind == SelKind::Lane && !ed.sel.empty() && find_lane(doc.map, ed.sel[0]) < 0) select_none(ed);
  if (ed.sel.empty()) ed.sel_kind = SelKind::None;
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

// ---- Drawing helpers ---------------------------------------------------------------------------

// Blueprint lines: interaction blue, visibility violet, internal interaction slate.
static ImU32 blueprint_color(const Theme& t, BlueprintLineKind k) {
  switch (k) {
    case BlueprintLineKind::Interaction: return t.dark ? IM_COL32(96, 165, 250, 220) : IM_COL32(37, 99, 235, 200);
    case BlueprintLineKind::Visibility: return t.dark ? IM_COL32(192, 132, 252, 220) : IM_COL32(147, 51, 234, 200);
    default: return t.dark ? IM_COL32(148, 163, 184, 220) : IM_COL32(100, 116, 139, 200);
  }
}

// Amber for "near target" and "changed": the theme has green and red; amber sits between them.
static ImU32 amber(const Theme& t) { return t.dark ? IM_COL32(251, 191, 36, 255) : IM_COL32(180, 83, 9, 255); }   // light: 4.5:1 as text
// Text on a filled accent shape: white on the light themes' deep accents, the canvas colour on the
// dark themes' bright ones (white on the high-contrast dark theme's yellow is 1.1:1).
static ImU32 on_accent(const Theme& t) { return t.dark ? t.canvas_bg : IM_COL32(255, 255, 255, 255); }

static ImU32 status_color(const Theme& t, MetricStatus s) {
  switch (s) {
    case MetricStatus::OnTarget: return t.positive;
    case MetricStatus::Near: return amber(t);
    case MetricStatus::Off: return t.negative;
    default: return t.text_faint;
  }
}

const char* status_key(MetricStatus s) {
  switch (s) {
    case MetricStatus::OnTarget: return "canvas6.status_on_target";
    case MetricStatus::Near: return "canvas6.status_near";
    case MetricStatus::Off: return "canvas6.status_off";
    default: return "canvas6.status_unknown";
  }
}

// A metric's name in the interface language: the kind's name unless the team named it.
std::string metric_name(MetricKind kind, const std::string& name) {
  const MetricKindInfo& info = metric_kind_info(kind);
  if (!name.empty() && name != info.name) return name;
  std::string key = std::string("canvas6.metric.") + info.key;
  return i18n().has("en", key) ? TX(key.c_str()) : std::string(info.name);
}

// 3.9, 32, 45%, 6 min: one decimal only where it says something.
std::string metric_number(std::optional<double> v, const std::string& unit) {
  if (!v) return "\xE2\x80\x93";   // an en dash: no value yet
  char buf[32];
  double r = std::round(*v);
  if (std::fabs(*v - r) < 0.05 || std::fabs(*v) >= 100) std::snprintf(buf, sizeof buf, "%.0f", r);
  else std::snprintf(buf, sizeof buf, "%.1f", *v);
  std::string out = buf;
  if (unit == "%") out += "%";
  else if (!unit.empty()) out += " " + unit;
  return out;
}

// A five-pointed star (moments of truth): five triangles round a pentagon, all convex.
static void draw_star(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
  ImVec2 outer[5], inner[5];
  for (int i = 0; i < 5; i++) {
    float a = -1.5707963f + i * 1.2566371f, b = a + 0.6283185f;
    outer[i] = ImVec2(c.x + std::cos(a) * r, c.y + std::sin(a) * r);
    inner[i] = ImVec2(c.x + std::cos(b) * r * 0.45f, c.y + std::sin(b) * r * 0.45f);
  }
  dl->AddConvexPolyFilled(inner, 5, col);
  for (int i = 0; i < 5; i++) dl->AddTriangleFilled(outer[i], inner[i], inner[(i + 4) % 5], col);
}

// A dashed horizontal line from x0 to x1, drawn only between clip0 and clip1; the dashes stay
// anchored to x0 so they do not crawl while the map pans.
static void dashed_hline(ImDrawList* dl, float x0, float x1, float y, float dash, float step, ImU32 col, float th, float clip0, float clip1) {
  float from = std::max(x0, x0 + std::floor((clip0 - x0) / step) * step), to = std::min(x1, clip1);
  for (float x = from; x < to; x += step) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + dash, x1), y), col, th);
}

// A small arrow head at `tip`, pointing along `dir` (unit vector).
static void draw_arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 dir, float size, ImU32 col) {
  ImVec2 n(-dir.y, dir.x);
  ImVec2 base(tip.x - dir.x * size, tip.y - dir.y * size);
  dl->AddTriangleFilled(tip, ImVec2(base.x + n.x * size * 0.5f, base.y + n.y * size * 0.5f), ImVec2(base.x - n.x * size * 0.5f, base.y - n.y * size * 0.5f), col);
}

// A pill label (the "new" badge, a blueprint line's name) centred vertically on y.
static void draw_pill(Editor& ed, ImDrawList* dl, float x, float y, float size, const std::string& label, ImU32 bg, ImU32 fg, bool from_right) {
  float tw = measure_text(ed.font_ui, size, label.data(), label.data() + label.size());
  float h = size * 1.5f, w = tw + size * 1.1f;
  float x0 = from_right ? x - w : x;
  dl->AddRectFilled(ImVec2(x0, y - h * 0.5f), ImVec2(x0 + w, y + h * 0.5f), bg, h * 0.5f);
  draw_text(dl, ed.font_ui, size, ImVec2(x0 + size * 0.55f, y - size * kEm * 0.5f), fg, label.data(), label.data() + label.size());
}

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
  // High-contrast and forced-colour themes promise a 3:1 card boundary: draw it 2 px wide there.
  bool strong = theme_is_high_contrast(ed.display.theme);
  dl->AddRect(p, q, selected ? t.selection : t.card_border, rnd, 0, selected || strong ? 2.0f * ed.ui : 1.0f);
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
  if (cb.metric_rows > 0 && !hide_text) {
    // Metric chips below the text, in equal shares of each row: a dot for the status, the name,
    // the value. From the start side of the card, like the text.
    int per_row = metric_chips_per_row(st, cb.r.w);
    float gap = st.metric_chip_gap * k, inner = (cb.r.w - 2 * st.card_pad_x) * k;
    float cw = (inner - gap * (per_row - 1)) / per_row, chh = 19 * k, chip_size = 11.5f * k;
    float y0 = p.y + (st.card_pad_y + (float)cb.text->size() * st.line_h) * k;
    for (size_t i = 0; i < c.metrics.size(); i++) {
      // A metric without a value shows the measured one when the data layer has it (never
      // written into the model here: see data_overlay.cpp).
      Metric mt = c.metrics[i];
      if (!mt.value) if (const ScoreSummary* ms = data_measured(ed, doc, c.id, kNoId, mt.kind)) mt.value = ms->value;
      int row = (int)i / per_row, col = (int)i % per_row;
      float y = y0 + row * st.metric_row_h * k + (st.metric_row_h * k - chh) * 0.5f;
      float x0 = is_rtl ? q.x - st.card_pad_x * k - (col + 1) * cw - col * gap : p.x + st.card_pad_x * k + col * (cw + gap);
      // As wide as its text, at most its share of the row.
      std::string label = metric_name(mt.kind, mt.name) + " " + metric_number(mt.value, mt.unit);
      float w = std::min(cw, measure_text(font, chip_size, label.data(), label.data() + label.size()) + 26 * k);
      if (is_rtl) x0 += cw - w;
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + w, y + chh), t.dark ? IM_COL32(255, 255, 255, 16) : IM_COL32(15, 23, 42, 10), chh * 0.5f);
      float dot_x = is_rtl ? x0 + w - 10 * k : x0 + 10 * k;
      dl->AddCircleFilled(ImVec2(dot_x, y + chh * 0.5f), 3.6f * k, status_color(t, metric_status(mt)));
      float tx = is_rtl ? x0 + 6 * k : x0 + 18 * k;
      draw_text_fit(dl, font, chip_size, ImVec2(tx, y + (chh - chip_size * kEm) * 0.5f), w - 24 * k, t.text, label, is_rtl ? 1.0f : 0.0f);
    }
  }
  if (!c.icon.empty() && size >= 6) {
    float isz = 14.0f * k;
    float x = is_rtl ? p.x + 6 * k : q.x - 6 * k - measure_text(font, isz, c.icon.c_str(), c.icon.c_str() + c.icon.size());
    draw_text(dl, font, isz, ImVec2(x, p.y + 6 * k), color_u32(accent), c.icon.c_str(), c.icon.c_str() + c.icon.size(), &clip);
  }
  if (ghost) return;
  data_draw_card(ed, doc, dl, c, p, q, k);   // the card's measured score (data_overlay.cpp)
  // Comparing with the current state: new cards green, changed ones amber, each with a badge on
  // its top edge at the start side.
  if (!ed.facts.diff_mark.empty()) {
    auto mark = ed.facts.diff_mark.find(c.id);
    if (mark != ed.facts.diff_mark.end()) {
      ImU32 col = mark->second == 1 ? t.positive : amber(t);
      dl->AddRect(ImVec2(p.x - 1.5f * ed.ui, p.y - 1.5f * ed.ui), ImVec2(q.x + 1.5f * ed.ui, q.y + 1.5f * ed.ui), col, rnd + 1.5f * ed.ui, 0, 2.0f * ed.ui);
      const std::string& label = TX(mark->second == 1 ? "canvas6.badge_new" : "canvas6.badge_changed");
      // White on the light theme's deep green and amber; dark ink on the dark theme's bright ones.
      ImU32 ink = t.dark ? IM_COL32(17, 24, 39, 255) : IM_COL32(255, 255, 255, 255);
      draw_pill(ed, dl, is_rtl ? q.x - 10 * k : p.x + 10 * k, p.y, 10.5f * k, label, col, ink, is_rtl);
    }
  }
  // A moment of truth: a star on the top edge at the end side.
  if (c.moment_of_truth) {
    ImVec2 sc(is_rtl ? p.x + 14 * k : q.x - 14 * k, p.y);
    dl->AddCircleFilled(sc, 8.5f * k, t.card_bg);
    draw_star(dl, sc, 7.5f * k, IM_COL32(245, 158, 11, 255));
  }
  card_badges_draw(ed, doc, dl, c, lane.type, p, q, k, is_rtl);   // backing, sub-journey, assumptions filter (card_badges.cpp)
  // A persona filter leaves the cards for everyone else faint.
  if (ed.persona_filter != kNoId && !card_for_persona(c, ed.persona_filter))
    dl->AddRectFilled(ImVec2(p.x - 2 * k, p.y - 10 * k), ImVec2(q.x + 2 * k, q.y + 2 * k), (t.canvas_bg & 0x00ffffff) | (ImU32)(0xB0u << 24), rnd);
}

static void draw_curve(Editor& ed, const Doc& doc, ImDrawList* dl, int li, float k, float grid_x0, float grid_x1) {
  const Theme& t = ed.theme;
  const LaneBox& lb = ed.layout.lanes[li];
  float zero = map_to_screen(ed, 0, lb.y + lb.h * 0.5f).y;
  ImVec2 a = map_to_screen(ed, 0, 0), b = map_to_screen(ed, ed.layout.width, 0);
  // Faint zero line and the +2 / -2 guides (only their visible part: a wide map is long).
  float x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
  dashed_hline(dl, x0, x1, zero, 5 * ed.ui, 8 * ed.ui, t.zero_line, 1.0f * ed.ui, grid_x0, grid_x1);
  for (float s : {2.0f, -2.0f}) {
    float y = map_to_screen(ed, 0, score_to_y(lb, ed.style, s)).y;
    dashed_hline(dl, x0, x1, y, 4 * ed.ui, 10 * ed.ui, t.grid_line, 1.0f * ed.ui, grid_x0, grid_x1);
  }
  const auto& pts = ed.layout.curves[li];
  if (pts.empty() || li >= (int)ed.facts.curves.size()) return;
  // One curve per persona with points, and the shared one. A persona filter leaves the other
  // curves faint; labels go on one curve only (the filtered persona's, else the first shown), so
  // several curves stay readable.
  bool labelled = false;
  bool show_labels = k >= 0.45f * ed.ui;
  for (const CanvasFacts::Curve& cv : ed.facts.curves[li]) {
    if (curve_hidden(ed, cv.persona)) continue;
    const Persona* persona = persona_by_id(doc.map, cv.persona);
    bool faint = ed.persona_filter != kNoId && cv.persona != ed.persona_filter;
    float alpha = faint ? 0.3f : 1.0f;
    auto fade = [alpha](ImU32 c) { return (c & 0x00ffffff) | ((ImU32)(((c >> 24) & 255) * alpha) << 24); };
    ImU32 own = persona ? color_u32(persona_color(*persona), alpha) : 0;
    std::vector<Vec2> in;
    in.reserve(cv.points.size());
    for (int i : cv.points) {
      ImVec2 sp = map_to_screen(ed, pts[i].x, pts[i].y);
      in.push_back({sp.x, sp.y});
    }
    std::vector<Vec2> sm = smooth_curve(in, 12);
    float thick = std::max(1.5f, (persona ? 2.5f : 3.0f) * k);
    for (size_t i = 0; i + 1 < sm.size(); i++) {
      ImVec2 a(sm[i].x, sm[i].y), b(sm[i + 1].x, sm[i + 1].y);
      if (std::max(a.x, b.x) < grid_x0 || std::min(a.x, b.x) > grid_x1) continue;   // off screen
      if (persona) { dl->AddLine(a, b, own, thick); continue; }
      // The shared curve takes the colour of its side of the zero line: green above, red below;
      // a piece that crosses the line is split where it crosses.
      if ((a.y - zero) * (b.y - zero) < 0) {
        float tt = (zero - a.y) / (b.y - a.y);
        ImVec2 c(a.x + (b.x - a.x) * tt, zero);
        dl->AddLine(a, c, fade(a.y < zero ? t.positive : t.negative), thick);
        dl->AddLine(c, b, fade(b.y < zero ? t.positive : t.negative), thick);
      } else {
        dl->AddLine(a, b, fade((a.y + b.y) * 0.5f <= zero ? t.positive : t.negative), thick);
      }
    }
    bool label_this = show_labels && !labelled && !faint && (ed.persona_filter == kNoId || cv.persona == ed.persona_filter);
    labelled = labelled || label_this;
    for (int i : cv.points) {
      const CurvePoint& p = pts[i];
      ImVec2 sp = map_to_screen(ed, p.x, p.y);
      if (sp.x < grid_x0 - 80 * k || sp.x > grid_x1 + 80 * k) continue;   // off screen (its label may reach in)
      bool sel = is_selected(ed, p.card);
      ImU32 col = persona ? own : fade(p.score >= 0 ? t.positive : t.negative);
      float r = std::max(3.0f, (persona ? 5.0f : 6.0f) * k);
      if (sel) dl->AddCircleFilled(sp, r + 5 * ed.ui, t.accent_soft);
      dl->AddCircleFilled(sp, r + 2 * ed.ui, fade(t.card_bg));
      dl->AddCircleFilled(sp, r, col);
      if (sel) dl->AddCircle(sp, r + 2 * ed.ui, t.selection, 0, 2 * ed.ui);
      const Card* c = &doc.map.cards[p.index];   // the layout is of this revision
      if (label_this && !c->text.empty()) {
        float size = 12.5f * k;
        float w = measure_text(ed.font_card, size, c->text.c_str(), c->text.c_str() + c->text.size());
        float y = p.score >= 0 ? sp.y - r - 6 * k - size * 1.3f : sp.y + r + 6 * k;
        draw_text_fit(dl, ed.font_card, size, ImVec2(sp.x - std::min(w, 140 * k) * 0.5f, y), 140 * k, t.text_muted, c->text, 0.5f);
      }
    }
  }
}

// ---- The canvas ------------------------------------------------------------------------------

void canvas_draw(Editor& ed, Doc& doc) {
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
  // The cursor cell stays in the state shown.
  if (!canvas_stage_shown(ed, doc, ed.cursor_stage))
    for (int i = 0; i < (int)m.stages.size(); i++)
      if (canvas_stage_shown(ed, doc, i)) { ed.cursor_stage = i; break; }
  if (ed.linking_from != kNoId && !ed.facts.box_of.count(ed.linking_from)) ed.linking_from = kNoId;   // undone, or in the other state
  if (ed.persona_filter != kNoId && !persona_by_id(m, ed.persona_filter)) ed.persona_filter = kNoId;      // the persona was deleted

  CanvasPointer ptr = canvas_input(ed, doc, f);
  const bool hovered = ptr.hovered, editing = ptr.editing;
  const ImVec2 mouse = ptr.mouse;
  const Hit& hover = ptr.hover;

  // ---- Draw: grid ----
  // Commands above may have changed the map this frame: draw from a layout of this revision
  // (card indices in the layout point into the current Map::cards). A switch of state or a new
  // stage header height moves things: the frame is measured again.
  canvas_ensure_layout(ed, doc);
  f = frame_rects(ed, doc);
  ed.grid_origin = f.grid.Min;
  ed.grid_size = f.grid.GetSize();
  ed.canvas_controls.clear();
  ed.journey_marks.clear();   // drawn again below (card_badges_draw)
  for (const Control& c : f.controls)
    ed.canvas_controls.push_back({std::string("canvas6.") + ctl_name(c.id), ImVec4(c.r.Min.x, c.r.Min.y, c.r.GetWidth(), c.r.GetHeight())});
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
    if (!ed.layout.stages[si].shown) continue;
    float x = map_to_screen(ed, ed.layout.stages[si].x, 0).x;
    dl->AddLine(ImVec2(x, g0.y), ImVec2(x, g1.y), t.grid_line, 1.0f * u);
  }
  dl->AddLine(ImVec2(gx1, g0.y), ImVec2(gx1, g1.y), t.grid_line, 1.0f * u);
  // Service blueprint lines: dashed along the top edge of their lane, across the grid.
  for (const BlueprintLine& bl : m.blueprint_lines) {
    int li = find_lane(m, bl.above_lane);
    if (li < 0 || li >= (int)ed.layout.lanes.size()) continue;
    float y = map_to_screen(ed, 0, ed.layout.lanes[li].y).y;
    if (y < f.grid.Min.y - 2 || y > f.grid.Max.y + 2) continue;
    dashed_hline(dl, gx0, gx1, y, 9 * u, 14 * u, blueprint_color(t, bl.kind), 2.0f * u, f.grid.Min.x, f.grid.Max.x);
  }
  // An empty future state says what it is for; its button (a control) copies the current state.
  if (ed.view_state == JourneyState::Future && !has_future_state(m)) {
    for (const Control& c : f.controls)
      if (c.id == Ctl::CopyEmpty) {
        const std::string& msg = TX("canvas6.future_empty");
        draw_text_fit(dl, ed.font_ui, 15 * u, ImVec2(f.grid.Min.x + 20 * u, c.r.Min.y - 36 * u), f.grid.GetWidth() - 40 * u, t.text_muted, msg, 0.5f);
      }
  }
  // Cursor cell (keyboard focus).
  if (ImGui::IsWindowFocused() && !present_active(ed) && ed.cursor_stage < (int)m.stages.size() && ed.cursor_lane < (int)m.lanes.size() && ed.sel.empty()) {
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

  ImVec2 vis0 = screen_to_map(ed, f.grid.Min), vis1 = screen_to_map(ed, f.grid.Max);   // the map in view
  // Card links (dependencies): a curve from the dependent card to the card it depends on, the
  // arrow at the latter. Drawn from this revision's layout, so they follow moved cards; under the
  // cards, which stay readable where a link passes behind them.
  for (const CanvasFacts::Link& lk : ed.facts.links) {
    const CardBox& ca = ed.layout.cards[lk.from];
    const CardBox& cbx = ed.layout.cards[lk.to];
    const Rect& a = ca.r;
    const Rect& b = cbx.r;
    if (std::max(a.right(), b.right()) < vis0.x || std::min(a.x, b.x) > vis1.x || std::max(a.bottom(), b.bottom()) < vis0.y ||
        std::min(a.y, b.y) > vis1.y)
      continue;
    Vec2 ac{a.x + a.w * 0.5f, a.y + a.h * 0.5f}, bc{b.x + b.w * 0.5f, b.y + b.h * 0.5f};
    float dx = bc.x - ac.x, dy = bc.y - ac.y;
    Vec2 p0, p3, c0, c1;
    if (std::fabs(dx) > (a.w + b.w) * 0.25f) {
      // Side by side: from the facing edges, leaving and arriving level.
      float sx = dx > 0 ? 1.0f : -1.0f;
      p0 = {dx > 0 ? a.right() : a.x, ac.y};
      p3 = {dx > 0 ? b.x : b.right(), bc.y};
      float off = std::max(30.0f, std::fabs(p3.x - p0.x) * 0.45f);
      c0 = {p0.x + sx * off, p0.y};
      c1 = {p3.x - sx * off, p3.y};
    } else {
      // One above the other: from the facing top or bottom edges, a third of the way in from the
      // start side (the middle is where hand-off markers sit between stacked cards).
      float sy = dy > 0 ? 1.0f : -1.0f;
      float in = f.rtl ? 0.7f : 0.3f;
      p0 = {a.x + a.w * in, dy > 0 ? a.bottom() : a.y};
      p3 = {b.x + b.w * in, dy > 0 ? b.y : b.bottom()};
      float off = std::max(12.0f, std::fabs(p3.y - p0.y) * 0.45f);
      c0 = {p0.x, p0.y + sy * off};
      c1 = {p3.x, p3.y - sy * off};
    }
    ImVec2 s0 = map_to_screen(ed, p0.x, p0.y), s1 = map_to_screen(ed, c0.x, c0.y), s2 = map_to_screen(ed, c1.x, c1.y), s3 = map_to_screen(ed, p3.x, p3.y);
    bool hot = ed.sel_kind == SelKind::Cards && (is_selected(ed, ca.id) || is_selected(ed, cbx.id));
    ImU32 col = hot ? t.accent : (t.dark ? IM_COL32(148, 163, 184, 200) : IM_COL32(100, 116, 139, 190));
    float th = std::max(1.2f, (hot ? 2.2f : 1.6f) * k);
    float head = std::max(5.0f, 8.0f * k);
    ImVec2 dir(s3.x - s2.x, s3.y - s2.y);
    float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
    dir = len > 0.01f ? ImVec2(dir.x / len, dir.y / len) : ImVec2(1, 0);
    // The line stops at the arrow head's base so its end does not poke through the tip.
    dl->AddBezierCubic(s0, s1, s2, ImVec2(s3.x - dir.x * head * 0.8f, s3.y - dir.y * head * 0.8f), col, th);
    draw_arrow_head(dl, s3, dir, head, col);
    dl->AddCircleFilled(s0, std::max(2.0f, 3.0f * k), col);
  }

  // Cards (culled to the viewport).
  IdSet hidden;
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
    if (ed.layout.lanes[li].emotions && !m.lanes[li].collapsed) draw_curve(ed, doc, dl, (int)li, k, f.grid.Min.x, f.grid.Max.x);

  // Hand-off gaps between consecutive touchpoints: a small marker, the reason in its tooltip.
  const HandoffGap* gap_hover = nullptr;
  for (size_t i = 0; i < ed.facts.gaps.size(); i++) {
    Vec2 at = ed.facts.gap_at[i];
    if (at.x < vis0.x - 20 || at.x > vis1.x + 20 || at.y < vis0.y - 20 || at.y > vis1.y + 20) continue;
    ImVec2 c = map_to_screen(ed, at.x, at.y);
    float r = std::max(5.0f, 8.5f * k);
    bool hov = hovered && ed.gesture == Gesture::None && (mouse.x - c.x) * (mouse.x - c.x) + (mouse.y - c.y) * (mouse.y - c.y) <= (r + 3 * u) * (r + 3 * u);
    if (hov) gap_hover = &ed.facts.gaps[i];
    ImU32 col = amber(t);
    dl->AddCircleFilled(c, r, hov ? col : t.card_bg);
    dl->AddCircle(c, r, col, 0, 1.5f * u);
    // The icon: two arrows passing each other (a switch of channel, device or team).
    ImU32 ic = hov ? t.card_bg : col;
    float w = r * 0.5f, h = r * 0.28f, th = std::max(1.0f, 1.3f * k);
    dl->AddLine(ImVec2(c.x - w, c.y - h), ImVec2(c.x + w * 0.6f, c.y - h), ic, th);
    draw_arrow_head(dl, ImVec2(c.x + w, c.y - h), ImVec2(1, 0), r * 0.42f, ic);
    dl->AddLine(ImVec2(c.x + w, c.y + h), ImVec2(c.x - w * 0.6f, c.y + h), ic, th);
    draw_arrow_head(dl, ImVec2(c.x - w, c.y + h), ImVec2(-1, 0), r * 0.42f, ic);
  }

  // Drawing a link: a line from the card to the pointer, and what to do next.
  if (ed.linking_from != kNoId) {
    auto from = ed.facts.box_of.find(ed.linking_from);
    if (from != ed.facts.box_of.end()) {
      const Rect& a = ed.layout.cards[from->second].r;
      ImVec2 p = map_to_screen(ed, a.x, a.y), q = map_to_screen(ed, a.right(), a.bottom());
      dl->AddRect(ImVec2(p.x - 3 * u, p.y - 3 * u), ImVec2(q.x + 3 * u, q.y + 3 * u), t.accent, 6 * k + 3 * u, 0, 2 * u);
      ImVec2 c((p.x + q.x) * 0.5f, (p.y + q.y) * 0.5f);
      if (hover.kind == HitKind::Card && hover.id != ed.linking_from)
        if (const CardBox* tb = ed.layout.find(hover.id)) {
          ImVec2 tp = map_to_screen(ed, tb->r.x, tb->r.y), tq = map_to_screen(ed, tb->r.right(), tb->r.bottom());
          dl->AddRect(ImVec2(tp.x - 3 * u, tp.y - 3 * u), ImVec2(tq.x + 3 * u, tq.y + 3 * u), t.accent, 6 * k + 3 * u, 0, 2 * u);
        }
      if (hovered && f.grid.Contains(mouse)) {
        ImVec2 dir(mouse.x - c.x, mouse.y - c.y);
        float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
        if (len > 12 * u) {
          dir = ImVec2(dir.x / len, dir.y / len);
          dl->AddLine(c, ImVec2(mouse.x - dir.x * 8 * u, mouse.y - dir.y * 8 * u), t.accent, 2 * u);
          draw_arrow_head(dl, mouse, dir, 10 * u, t.accent);
        }
      }
    }
    const std::string& hint = TX("canvas6.link_hint");
    float hw = measure_text(ed.font_ui, 13 * u, hint.data(), hint.data() + hint.size()) + 28 * u;
    ImVec2 hp(f.grid.GetCenter().x - hw * 0.5f, f.grid.Min.y + 12 * u);
    dl->AddRectFilled(hp, ImVec2(hp.x + hw, hp.y + 28 * u), t.accent, 14 * u);
    draw_text(dl, ed.font_ui, 13 * u, ImVec2(hp.x + 14 * u, hp.y + (28 * u - 13 * u * kEm) * 0.5f), on_accent(t), hint.data(), hint.data() + hint.size());
  }

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
  data_draw_person(ed, doc, dl, f.grid, k);   // a customer's journey over the cards (data_overlay.cpp)
  dl->PopClipRect();

  // ---- Pinned stage headers ----
  dl->AddRectFilled(f.stage_strip.Min, f.stage_strip.Max, t.header_bg);
  dl->AddLine(ImVec2(f.stage_strip.Min.x, f.stage_strip.Max.y - 0.5f), ImVec2(f.stage_strip.Max.x, f.stage_strip.Max.y - 0.5f), t.panel_border, 1 * u);
  dl->PushClipRect(f.stage_strip.Min, f.stage_strip.Max, true);
  const std::vector<int>& counts = ed.facts.stage_cards;
  for (int i = 0; i < (int)m.stages.size(); i++) {
    if (!ed.layout.stages[i].shown) continue;
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
    // Metric roll-ups on one line under the name: "CSAT 3.9 ●  NPS 32 ●", as many as fit.
    auto ru = ed.facts.rollup_at.find(s.id);
    if (ru != ed.facts.rollup_at.end() && 11.5f * k >= 5) {
      float fs2 = 11.5f * k, y = in.Min.y + 36 * k;
      float x = rtl(doc) ? in.Max.x - 12 * k : in.Min.x + 12 * k, end = rtl(doc) ? in.Min.x + 10 * k : in.Max.x - 10 * k;
      for (const MetricRollup& mr : ed.facts.rollups[ru->second].metrics) {
        std::string label = metric_name(mr.kind, mr.name) + " " + metric_number(mr.value, mr.unit);
        float w = measure_text(ed.font_card, fs2, label.data(), label.data() + label.size());
        float need = w + 12 * k;
        if (rtl(doc) ? x - need < end : x + need > end) break;
        float tx = rtl(doc) ? x - w : x;
        draw_text(dl, ed.font_card, fs2, ImVec2(tx, y), t.text_muted, label.data(), label.data() + label.size());
        float dot_x = rtl(doc) ? tx - 7 * k : tx + w + 7 * k;
        dl->AddCircleFilled(ImVec2(dot_x, y + fs2 * kEm * 0.5f), 3.5f * k, status_color(t, mr.status));
        x += rtl(doc) ? -(need + 10 * k) : need + 10 * k;
      }
    }
    data_draw_stage_band(ed, doc, dl, i, r, k);   // heat strip and funnel bar (data_overlay.cpp)
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
    // The Emotions lane's legend: one toggle per curve.
    for (const LegendEntry& e : legend_entries(ed, doc, f, i)) {
      ed.canvas_controls.push_back({"canvas6.legend." + std::to_string(e.persona), ImVec4(e.r.Min.x, e.r.Min.y, e.r.GetWidth(), e.r.GetHeight())});
      const Persona* p = persona_by_id(m, e.persona);
      bool off = curve_hidden(ed, e.persona);
      bool hov = hover.kind == HitKind::Legend && hover.lane == i && hover.id == e.persona;
      if (hov) dl->AddRectFilled(ImVec2(e.r.Min.x - 4 * k, e.r.Min.y), ImVec2(e.r.Max.x, e.r.Max.y), t.accent_soft, 4 * k);
      float cy = e.r.GetCenter().y, sw = 18 * k;
      float sx = rtl(doc) ? e.r.Max.x - 4 * k - sw : e.r.Min.x + 4 * k;
      ImU32 col = p ? color_u32(persona_color(*p)) : t.positive;
      if (!off) {
        if (p) dl->AddLine(ImVec2(sx, cy), ImVec2(sx + sw, cy), col, 2.5f * k);
        else {   // the shared curve: green above zero, red below
          dl->AddLine(ImVec2(sx, cy), ImVec2(sx + sw * 0.5f, cy), t.positive, 2.5f * k);
          dl->AddLine(ImVec2(sx + sw * 0.5f, cy), ImVec2(sx + sw, cy), t.negative, 2.5f * k);
        }
        dl->AddCircleFilled(ImVec2(sx + sw * 0.5f, cy), 3.5f * k, p ? col : t.text_muted);
      } else {
        dl->AddCircle(ImVec2(sx + sw * 0.5f, cy), 3.5f * k, t.text_faint, 0, 1.2f * k);
      }
      const std::string& name = p ? (p->name.empty() ? TX("canvas6.persona_unnamed") : p->name) : TX("canvas6.curve_shared");
      float tx = rtl(doc) ? e.r.Min.x : sx + sw + 7 * k;
      float tw = e.r.GetWidth() - sw - 15 * k;
      draw_text_fit(dl, ed.font_card, 12 * k, ImVec2(tx, cy - 12 * k * kEm * 0.5f), tw, off ? t.text_faint : t.text_muted, name, rtl(doc) ? 1.0f : 0.0f);
      if (off) {   // struck through: the curve is hidden
        float nw = std::min(tw, measure_text(ed.font_card, 12 * k, name.data(), name.data() + name.size()));
        float nx = rtl(doc) ? tx + tw - nw : tx;
        dl->AddLine(ImVec2(nx, cy), ImVec2(nx + nw, cy), t.text_faint, 1.0f * k);
      }
    }
    if (ed.gesture == Gesture::DragLane && ed.dragged && ed.drop_index == i && ed.drag_id != l.id) {
      int from = find_lane(m, ed.drag_id);
      float y = from < i ? r.Max.y : r.Min.y;
      dl->AddLine(ImVec2(r.Min.x + 4 * u, y), ImVec2(r.Max.x - 4 * u, y), t.accent, 3 * u);
    }
  }
  // Blueprint lines continue across the lane column, named just above the line.
  for (const BlueprintLine& bl : m.blueprint_lines) {
    int li = find_lane(m, bl.above_lane);
    if (li < 0 || li >= (int)ed.layout.lanes.size()) continue;
    float y = map_to_screen(ed, 0, ed.layout.lanes[li].y).y;
    if (y < f.lane_col.Min.y || y > f.lane_col.Max.y + 20 * k) continue;
    ImU32 col = blueprint_color(t, bl.kind);
    dashed_hline(dl, f.lane_col.Min.x, f.lane_col.Max.x, y, 9 * u, 14 * u, col, 2.0f * u, f.lane_col.Min.x, f.lane_col.Max.x);
    std::string key = std::string("canvas6.line.") + blueprint_line_key(bl.kind);
    const std::string& label = bl.label.empty() ? TX(key.c_str()) : bl.label;
    float fs2 = 11 * k;
    if (fs2 < 5) continue;
    float x0 = rtl(doc) ? f.lane_col.Min.x + 8 * k : f.lane_col.Min.x + 12 * k;
    draw_text_fit(dl, ed.font_card_bold, fs2, ImVec2(x0, y - fs2 * kEm - 2 * k), f.lane_col.GetWidth() - 20 * k, col, label, rtl(doc) ? 1.0f : 0.0f);
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
    std::string label = TPX("status.stages", (long long)ed.facts.shown_stages);
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
      float gw = governance_title_chip(ed, doc, dl, tr, rtl(doc), false);   // the status chip after it (card_badges.cpp)
      draw_text_fit(dl, ed.font_title, 22 * u, ImVec2(tr.Min.x + (rtl(doc) ? gw : 0), tr.Min.y + 1 * u), tr.GetWidth() - gw, empty ? t.text_faint : t.text,
                    empty ? TX("map.untitled") : m.meta.title, align);
      governance_title_chip(ed, doc, dl, tr, rtl(doc), true);
      if (hover.kind == HitKind::Title) dl->AddLine(ImVec2(tr.Min.x, tr.Max.y), ImVec2(tr.Max.x, tr.Max.y), t.grid_line, 1 * u);
    }
    if (!(ed.editing.kind == EditKind::Goal)) {
      bool empty = m.meta.goal.empty();
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(gr.Min.x, gr.Min.y + 1 * u), gr.GetWidth(), empty ? t.text_faint : t.text_muted,
                    empty ? TX("canvas.goal_empty")
                          : (text_is_rtl(m.meta.goal) == text_is_rtl(TX("canvas.goal")) ? TFX("canvas.goal", {{"goal", m.meta.goal}}) : m.meta.goal), align);
    }
  }

  // The journey controls at the end of the title band.
  for (const Control& c : f.controls) {
    bool hov = hover.kind == HitKind::Control && (Ctl)hover.id == c.id;
    ImRect r = c.r;
    float fs2 = 13 * u, ty = r.GetCenter().y - fs2 * kEm * 0.5f;
    ImU32 faint_bg = t.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 9);
    auto label_at = [&](const std::string& s, float x, ImU32 col) { draw_text(dl, ed.font_ui, fs2, ImVec2(x, ty), col, s.data(), s.data() + s.size()); };
    auto centred = [&](const std::string& s, ImU32 col) {
      float w = measure_text(ed.font_ui, fs2, s.data(), s.data() + s.size());
      label_at(s, r.GetCenter().x - w * 0.5f, col);
    };
    switch (c.id) {
      case Ctl::StateCurrent:
      case Ctl::StateFuture: {
        // A segmented switch: the shown state raised like a card, the other flat on the track.
        bool on = (c.id == Ctl::StateFuture) == (ed.view_state == JourneyState::Future);
        bool first = (c.id == Ctl::StateCurrent) != ui_rtl();   // the left half
        dl->AddRectFilled(r.Min, r.Max, faint_bg, 7 * u, first ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersRight);
        if (on) {
          ImRect in(ImVec2(r.Min.x + 2 * u, r.Min.y + 2 * u), ImVec2(r.Max.x - 2 * u, r.Max.y - 2 * u));
          dl->AddRectFilled(ImVec2(in.Min.x, in.Min.y + 1 * u), ImVec2(in.Max.x, in.Max.y + 1 * u), t.card_shadow, 6 * u);
          dl->AddRectFilled(in.Min, in.Max, t.card_bg, 6 * u);
        }
        centred(TX(c.id == Ctl::StateCurrent ? "canvas6.state_current" : "canvas6.state_future"), on ? t.text : hov ? t.accent : t.text_muted);
        break;
      }
      case Ctl::Compare: {
        bool on = ed.compare;
        dl->AddRectFilled(r.Min, r.Max, on ? t.accent_soft : faint_bg, 7 * u);
        if (on || hov) dl->AddRect(r.Min, r.Max, on ? t.accent : t.panel_border, 7 * u, 0, 1 * u);
        // A small box, ticked when on, before the label in the interface's reading order.
        bool ur = ui_rtl();
        float bx = ur ? r.Max.x - 22 * u : r.Min.x + 10 * u, by = r.GetCenter().y - 6 * u;
        if (on) {
          dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + 12 * u, by + 12 * u), t.accent, 3 * u);
          dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(bx + 2.5f * u, by + 6 * u), ImVec2(bx + 5 * u, by + 8.5f * u), ImVec2(bx + 9.5f * u, by + 3.5f * u)}.data(),
                          3, on_accent(t), 0, 1.8f * u);
        } else {
          dl->AddRect(ImVec2(bx, by), ImVec2(bx + 12 * u, by + 12 * u), t.text_faint, 3 * u, 0, 1.3f * u);
        }
        const std::string& s = TX("canvas6.compare");
        float w = measure_text(ed.font_ui, fs2, s.data(), s.data() + s.size());
        label_at(s, ur ? bx - 7 * u - w : bx + 19 * u, on ? t.accent : hov ? t.text : t.text_muted);
        break;
      }
      case Ctl::PersonaFilter: {
        const Persona* p = persona_by_id(m, ed.persona_filter);
        dl->AddRectFilled(r.Min, r.Max, p ? color_mix(persona_color(*p), t.card_bg, 0.14f) : faint_bg, 7 * u);
        if (hov || p) dl->AddRect(r.Min, r.Max, p ? color_u32(persona_color(*p), 0.6f) : t.panel_border, 7 * u, 0, 1 * u);
        bool ur = ui_rtl();   // dot, name, chevron in the interface's reading order
        float dx = ur ? r.Max.x - 14 * u : r.Min.x + 14 * u;
        if (p) dl->AddCircleFilled(ImVec2(dx, r.GetCenter().y), 5 * u, color_u32(persona_color(*p)));
        else {   // everyone: two overlapping rings
          dl->AddCircle(ImVec2(dx - 2 * u, r.GetCenter().y), 4 * u, t.text_muted, 0, 1.3f * u);
          dl->AddCircle(ImVec2(dx + 2 * u, r.GetCenter().y), 4 * u, t.text_muted, 0, 1.3f * u);
        }
        std::string s = persona_filter_label(ed, doc);
        float tw = r.GetWidth() - 44 * u;   // 6 px to spare: shaped text measures a hair wider than logical
        draw_text_fit(dl, ed.font_ui, fs2, ImVec2(ur ? r.Min.x + 22 * u : r.Min.x + 26 * u, ty), tw, p ? t.text : t.text_muted, s, ur ? 1.0f : 0.0f);
        float cx = ur ? r.Min.x + 11 * u : r.Max.x - 11 * u, cy = r.GetCenter().y;
        dl->AddTriangleFilled(ImVec2(cx - 4 * u, cy - 2 * u), ImVec2(cx + 4 * u, cy - 2 * u), ImVec2(cx, cy + 3 * u), t.text_muted);
        break;
      }
      case Ctl::CopyToFuture:
        dl->AddRectFilled(r.Min, r.Max, hov ? t.accent_soft : 0, 7 * u);
        dl->AddRect(r.Min, r.Max, t.accent, 7 * u, 0, 1 * u);
        centred(TX("canvas6.copy_to_future"), t.accent);
        break;
      case Ctl::CopyEmpty:
        dl->AddRectFilled(r.Min, r.Max, t.accent, 8 * u);
        if (hov) dl->AddRectFilled(r.Min, r.Max, IM_COL32(255, 255, 255, 36), 8 * u);
        centred(TX("canvas6.copy_to_future"), on_accent(t));
        break;
      case Ctl::DiffSummary: {
        // Each count in its colour: added green, removed red, changed amber.
        const StateDiff& d = ed.facts.diff;
        std::vector<std::pair<std::string, ImU32>> parts;
        std::string sep = "  \xC2\xB7  ";
        if (f.narrow) {
          parts = {{"+" + std::to_string(d.added.size()), t.positive}, {"  \xE2\x80\x93" + std::to_string(d.removed.size()), t.negative},
                   {"  ~" + std::to_string(d.changed.size()), amber(t)}};
        } else {
          parts = {{TPX("canvas6.diff_added", (long long)d.added.size()), t.positive}, {sep, t.text_faint},
                   {TPX("canvas6.diff_removed", (long long)d.removed.size()), t.negative}, {sep, t.text_faint},
                   {TPX("canvas6.diff_changed", (long long)d.changed.size()), amber(t)}};
        }
        if (hov) dl->AddRectFilled(r.Min, r.Max, faint_bg, 7 * u);
        // In a right-to-left interface the first part is on the right.
        bool ur = ui_rtl();
        float x = ur ? r.Max.x - 8 * u : r.Min.x + 8 * u;
        for (const auto& pt : parts) {
          float w = measure_text(ed.font_ui, fs2, pt.first.data(), pt.first.data() + pt.first.size());
          label_at(pt.first, ur ? x - w : x, pt.second);
          x += ur ? -w : w;
        }
        break;
      }
    }
  }

  // Tooltips: what a mark on the canvas means, in words.
  if (hovered && ed.gesture == Gesture::None && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId))
    canvas_tooltip(ed, doc, f, ptr, gap_hover);

  // Keep the text field over what it edits while the view moves.
  if (ed.editing.kind != EditKind::None && ed.editing.on_grid) {
    ImVec2 p = map_to_screen(ed, ed.editing.pos.x, ed.editing.pos.y);
    platform::text_field_move(p.x, p.y, ed.editing.size.x * k, ed.editing.size.y * k, ed.editing.font_px * k);
  }

  // The canvas's menus, drawn only while one of them (or any popup) is open.
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) canvas_popups(ed, doc, f);
}

} // namespace jm
