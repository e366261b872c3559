// a11y_bridge.cpp: the editor's side of the accessible mirror (core/a11y.h). After each frame it
// sends the page what changed: the mirror (whole, or the cells an edit touched) when the model,
// the state shown, the persona filter, the language or editability changed, and the focus state
// (what is focused, the selection, where the focused item is on the canvas) when that changed.
// It also runs the page's semantic commands (move a card, delete, set a feeling...) with the
// same editor functions the mouse uses, and says what happened in the live regions.
#include "editor/editor.h"
#include "core/a11y.h"
#include "core/text_view.h"
#include "platform/platform.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <unordered_set>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace jm {

// ---- Small helpers -------------------------------------------------------------------------------

static bool map_editable(const Editor& ed, const Doc& doc) { return !doc.read_only && !ed.embed && !ed.shared_view; }

static A11yOptions mirror_options(const Editor& ed, const Doc& doc) {
  A11yOptions o;
  o.i18n = &i18n();   // the interface's words and lang
  o.editable = map_editable(ed, doc);
  o.state = ed.view_state;
  o.persona_filter = ed.persona_filter;
  return o;
}

// A stage or lane name for speech: the one the mirror reads (core/a11y.h), so what is said
// matches what is read.
static std::string stage_title(const Map& m, int i) {
  return i < 0 || i >= (int)m.stages.size() ? std::string() : a11y_stage_name(m.stages[i], &i18n());
}
static std::string lane_title(const Map& m, int i) {
  return i < 0 || i >= (int)m.lanes.size() ? std::string() : a11y_lane_name(m.lanes[i], &i18n());
}

// "card:12" -> 12 when the text starts with `prefix`; kNoId otherwise.
static Id id_after(const std::string& s, const char* prefix) {
  size_t n = std::strlen(prefix);
  if (s.compare(0, n, prefix) != 0) return kNoId;
  return parse_id(s.c_str() + n);
}

// Ids separated by spaces (and commas, for `delete`).
static std::vector<Id> parse_ids(const std::string& s) {
  std::vector<Id> out;
  std::string t = s;
  for (char& c : t) if (c == ',') c = ' ';
  std::istringstream in(t);
  std::string w;
  while (in >> w) out.push_back(parse_id(w));
  return out;
}

static int position_in_cell(const Map& m, const Card& c, size_t* count) {
  auto cell = cell_cards(m, c.stage, c.lane);
  *count = cell.size();
  for (size_t i = 0; i < cell.size(); i++)
    if (cell[i]->id == c.id) return (int)i;
  return -1;
}

// A card of the state shown (only those are in the mirror).
static const Card* shown_card(const Editor& ed, const Doc& doc, Id id) {
  const Card* c = card_by_id(doc.map, id);
  if (!c || card_state(doc.map, *c) != ed.view_state) return nullptr;
  return c;
}

static bool is_point(const Doc& doc, const Card& c) {
  int li = find_lane(doc.map, c.lane);
  return li >= 0 && doc.map.lanes[li].type == LaneType::Emotions;
}

// Edits are refused in a viewer, a shared link or a read-only map; saying so beats silence.
static bool refuse_edit(Editor& ed, const Doc& doc) {
  if (map_editable(ed, doc)) return false;
  a11y_announce(ed, TX("a11y_say.read_only"), false);
  return true;
}

void a11y_announce(Editor& ed, const std::string& text, bool error) {
  (void)ed;
  if (!text.empty()) platform::a11y_announce(text, error);
}

// The layout measures text with the editor's fonts: none before the first frame.
static void ensure_layout(Editor& ed, const Doc& doc) {
  if (ed.font_ui) canvas_ensure_layout(ed, doc);
}

// ---- Focus state ---------------------------------------------------------------------------------


static std::string focus_of(const Editor& ed, const Doc& doc) {
  const Map& m = doc.map;
  if (!ed.sel.empty()) {
    if (ed.sel_kind == SelKind::Cards) return "card:" + std::to_string(ed.sel.back());
    if (ed.sel_kind == SelKind::Stage) return "stage:" + std::to_string(ed.sel[0]);
    if (ed.sel_kind == SelKind::Lane) return "lane:" + std::to_string(ed.sel[0]);
  }
  if (ed.cursor_stage < 0 || ed.cursor_stage >= (int)m.stages.size() || ed.cursor_lane < 0 || ed.cursor_lane >= (int)m.lanes.size())
    return "";
  if (!canvas_stage_shown(ed, doc, ed.cursor_stage)) return "";
  return "cell:" + std::to_string(m.stages[ed.cursor_stage].id) + ":" + std::to_string(m.lanes[ed.cursor_lane].id);
}

// The part of `r` inside `clip` (device px), as [x, y, w, h] in CSS px; null when nothing shows.
static nlohmann::json css_rect(const Editor& ed, const ImRect& r) {
  if (r.GetWidth() < 1 || r.GetHeight() < 1) return nullptr;
  float u = ed.ui;
  return nlohmann::json::array({r.Min.x / u, r.Min.y / u, r.GetWidth() / u, r.GetHeight() / u});
}

static ImRect screen_rect(const Editor& ed, const Rect& r) {
  float k = ed.ui * ed.zoom;
  ImVec2 p = map_to_screen(ed, r.x, r.y);
  return ImRect(p, ImVec2(p.x + r.w * k, p.y + r.h * k));
}

// An emotion point's box in map units (the dot and a margin around it).
static bool point_rect(const Editor& ed, Id id, Rect* out) {
  for (const auto& curve : ed.layout.curves)
    for (const CurvePoint& p : curve)
      if (p.card == id) { *out = Rect{p.x - 10, p.y - 10, 20, 20}; return true; }
  return false;
}

// Where the focused item is on the canvas (`rect`, clipped to what shows) and the area it can
// show in (`clip`): the grid viewport for cards and cells, the pinned header strip for a stage,
// the pinned title column for a lane. Device px in, CSS px out.
static void focus_rect(const Editor& ed, const Doc& doc, const std::string& focus, nlohmann::json* rect, nlohmann::json* clip) {
  const Map& m = doc.map;
  float k = ed.ui * ed.zoom;
  ImRect grid(ed.grid_origin, ImVec2(ed.grid_origin.x + ed.grid_size.x, ed.grid_origin.y + ed.grid_size.y));
  float sh = ed.style.stage_header_h * k, lw = ed.style.lane_header_w * k;
  ImRect area = grid, r(0, 0, 0, 0);
  if (Id id = id_after(focus, "card:"); id != kNoId) {
    auto it = ed.facts.box_of.find(id);
    Rect pr;
    if (it != ed.facts.box_of.end() && it->second >= 0 && it->second < (int)ed.layout.cards.size()) r = screen_rect(ed, ed.layout.cards[it->second].r);
    else if (point_rect(ed, id, &pr)) r = screen_rect(ed, pr);
  } else if (Id id = id_after(focus, "stage:"); id != kNoId) {
    area = ImRect(ImVec2(grid.Min.x, grid.Min.y - sh), ImVec2(grid.Max.x, grid.Min.y));
    int i = find_stage(m, id);
    if (i >= 0 && i < (int)ed.layout.stages.size() && ed.layout.stages[i].shown) {
      const StageBox& s = ed.layout.stages[i];
      float x = map_to_screen(ed, s.x, 0).x;
      r = ImRect(ImVec2(x, area.Min.y), ImVec2(x + s.w * k, area.Max.y));
    }
  } else if (Id id = id_after(focus, "lane:"); id != kNoId) {
    float x0 = ed.rtl_view ? grid.Max.x : grid.Min.x - lw;
    area = ImRect(ImVec2(x0, grid.Min.y), ImVec2(x0 + lw, grid.Max.y));
    int i = find_lane(m, id);
    if (i >= 0 && i < (int)ed.layout.lanes.size()) {
      const LaneBox& l = ed.layout.lanes[i];
      float y = map_to_screen(ed, 0, l.y).y;
      r = ImRect(ImVec2(x0, y), ImVec2(x0 + lw, y + l.h * k));
    }
  } else if (focus.compare(0, 5, "cell:") == 0) {
    if (ed.cursor_stage < (int)ed.layout.stages.size() && ed.cursor_lane < (int)ed.layout.lanes.size())
      r = screen_rect(ed, ed.layout.cell(ed.cursor_stage, ed.cursor_lane));
  }
  r.ClipWithFull(area);
  *rect = css_rect(ed, r);
  float u = ed.ui;
  *clip = nlohmann::json::array({area.Min.x / u, area.Min.y / u, area.GetWidth() / u, area.GetHeight() / u});
}

static std::string state_json(const Editor& ed, const Doc& doc) {
  using nlohmann::json;
  std::string focus = focus_of(ed, doc);
  json sel = json::array();
  const char* kind = ed.sel_kind == SelKind::Cards ? "card:" : ed.sel_kind == SelKind::Stage ? "stage:" : ed.sel_kind == SelKind::Lane ? "lane:" : nullptr;
  if (kind)
    for (Id id : ed.sel) sel.push_back(kind + std::to_string(id));
  json rect, clip;
  focus_rect(ed, doc, focus, &rect, &clip);
  json j{{"focus", focus}, {"selection", std::move(sel)}, {"rect", std::move(rect)}, {"clip", std::move(clip)},
         {"editing", ed.editing.kind != EditKind::None},
         {"rtl", doc.map.meta.direction == Direction::RightToLeft}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

static void send_state(Editor& ed, const Doc& doc) {
  std::string s = state_json(ed, doc);
  if (s == ed.a11y.state_json) return;
  ed.a11y.state_json = std::move(s);
  platform::a11y_state(ed.a11y.state_json);
}

// ---- The mirror ----------------------------------------------------------------------------------

// Rebuilds the mirror when what it is made from changed, or the page asked; sends the whole of
// it or the parts that differ. An edit reuses every unchanged part of the last build (hash).
// What the mirror just built was built for: the next frame compares with it.
static void mirror_built_for(A11yView& a, const Editor& ed, const Doc& doc, bool editable, double t0) {
  a.revision = doc.map.revision;
  a.state = ed.view_state;
  a.persona_filter = ed.persona_filter;
  a.lang_serial = ed.lang_serial;
  a.editable = editable;
  a.build_ms = platform::now_ms() - t0;
}

static void update_mirror(Editor& ed, const Doc& doc, bool force_full) {
  A11yView& a = ed.a11y;
  bool editable = map_editable(ed, doc);
  bool only_model = a.state == ed.view_state && a.persona_filter == ed.persona_filter && a.lang_serial == ed.lang_serial &&
                    a.editable == editable;
  bool stale = !only_model || a.revision != doc.map.revision;
  bool full = force_full || a.want_full || !a.sent;
  if (!stale && !full) return;
  double t0 = platform::now_ms();
  // The parts' hashes cover the model; language, filter and editability are not in them: then
  // nothing of the last build is reused.
  A11yMirror next = build_a11y_mirror(doc.map, mirror_options(ed, doc), only_model && !a.mirror.parts.empty() ? &a.mirror : nullptr);
  std::string msg;
  size_t parts = 0;
  if (!full) {
    // The diff says full when attributes outside the parts (lang, dir, counts) changed.
    A11yPatch p = diff_a11y_mirror(a.mirror, next);
    if (p.full || !only_model) {
      full = true;
    } else if (!p.changed.empty()) {
      msg = a11y_patch_json(next, p);
      parts = p.changed.size();
    }
  }
  if (full) {
    msg = a11y_full_json(next);
    parts = next.parts.size();
  }
  a.mirror = std::move(next);
  mirror_built_for(a, ed, doc, editable, t0);
  if (msg.empty()) return;   // an edit that changed nothing shown (a persona's quote...)
  a.sent = true;
  a.want_full = false;
  a.sent_full = full;
  a.sent_parts = parts;
  a.sent_bytes = msg.size();
  a.updates++;
  platform::a11y_mirror(msg);
}

// Undo and redo say what they did, whatever did them (keys, menu, the page's buttons). Only an
// undo grows the redo stack. A redo and a new edit after an undo both shrink it and grow the
// undo stack; a redo moves the step itself, and with it its change buffer: that tells them apart.
static const void* step_mark(const Edit& e) {
  if (!e.cards.empty()) return e.cards.data();
  if (!e.stages.empty()) return e.stages.data();
  if (!e.lanes.empty()) return e.lanes.data();
  if (!e.personas.empty()) return e.personas.data();
  if (!e.actions.empty()) return e.actions.data();
  if (!e.blueprint_lines.empty()) return e.blueprint_lines.data();
  return nullptr;   // the map's details or data layer only
}

static void announce_history(Editor& ed, const Doc& doc) {
  A11yView& a = ed.a11y;
  size_t u = doc.undo_stack.size(), r = doc.redo_stack.size();
  if (r > a.redo_size && u < a.undo_size && !doc.redo_stack.empty()) {
    a11y_announce(ed, TFX("a11y_say.undone", {{"label", action_name(doc.redo_stack.back().label)}}));
  } else if (r < a.redo_size && u > a.undo_size && !doc.undo_stack.empty()) {
    const void* mark = step_mark(doc.undo_stack.back());
    bool moved = mark ? mark == a.redo_top : r + 1 == a.redo_size && u == a.undo_size + 1;
    if (moved) a11y_announce(ed, TFX("a11y_say.redone", {{"label", action_name(doc.undo_stack.back().label)}}));
  }
  a.undo_size = u;
  a.redo_size = r;
  a.redo_top = doc.redo_stack.empty() ? nullptr : step_mark(doc.redo_stack.back());
}

void a11y_after_frame(Editor& ed, Doc& doc) {
  announce_history(ed, doc);
  // A drag changes the model every frame: the mirror catches up when the gesture ends. Nor is it
  // built before all of the code is in (a few hundred ms after the first frame; the page wakes
  // the editor then): building it is most of what the first frame would otherwise need.
  if ((ed.gesture == Gesture::None || ed.a11y.want_full) && platform::code_ready()) update_mirror(ed, doc, false);
  selection_drop_dead(ed, doc);   // an undo may have taken them this frame: the page must not focus them
  send_state(ed, doc);
}

// ---- Commands from the page ------------------------------------------------------------------------

static void say_place(Editor& ed, const Doc& doc, Id card) {
  const Card* c = card_by_id(doc.map, card);
  if (!c) return;
  size_t m = 0;
  int n = position_in_cell(doc.map, *c, &m);
  a11y_announce(ed, TFX("a11y_say.moved", {{"stage", stage_title(doc.map, find_stage(doc.map, c->stage))},
                                           {"lane", lane_title(doc.map, find_lane(doc.map, c->lane))},
                                           {"n", std::to_string(n + 1)}, {"m", std::to_string(m)}}));
}

// Focus on a card after a command: selected (kept in a selection it belongs to), its cell the
// cursor, scrolled into view.
static void focus_card(Editor& ed, const Doc& doc, Id id) {
  const Card* c = card_by_id(doc.map, id);
  if (!c) return;
  auto it = std::find(ed.sel.begin(), ed.sel.end(), id);
  if (ed.sel_kind == SelKind::Cards && it != ed.sel.end() && ed.sel.size() > 1) {
    ed.sel.erase(it);   // the focused card is the selection's last
    ed.sel.push_back(id);
  } else {
    select_only(ed, SelKind::Cards, id);
  }
  ed.cursor_stage = find_stage(doc.map, c->stage);
  ed.cursor_lane = find_lane(doc.map, c->lane);
  ensure_layout(ed, doc);
  if (ed.layout.find(id)) {
    canvas_reveal_card(ed, id);
  } else {
    Rect r;
    if (point_rect(ed, id, &r)) canvas_reveal_rect(ed, r);
  }
}

static double cmd_focus(Editor& ed, Doc& doc, const std::string& arg) {
  const Map& m = doc.map;
  ensure_layout(ed, doc);
  if (Id id = id_after(arg, "card:"); id != kNoId) {
    if (!shown_card(ed, doc, id)) return 0;
    focus_card(ed, doc, id);
  } else if (Id id = id_after(arg, "stage:"); id != kNoId) {
    int i = find_stage(m, id);
    if (!canvas_stage_shown(ed, doc, i)) return 0;
    select_only(ed, SelKind::Stage, id);
    ed.cursor_stage = i;
    if (i < (int)ed.layout.stages.size()) {
      const StageBox& s = ed.layout.stages[i];
      canvas_reveal_rect(ed, Rect{s.x, 0, s.w, 0});   // the header is pinned: only across
    }
  } else if (Id id = id_after(arg, "lane:"); id != kNoId) {
    int i = find_lane(m, id);
    if (i < 0) return 0;
    select_only(ed, SelKind::Lane, id);
    ed.cursor_lane = i;
    if (i < (int)ed.layout.lanes.size()) {
      const LaneBox& l = ed.layout.lanes[i];
      canvas_reveal_rect(ed, Rect{0, l.y, 0, l.h});   // the title is pinned: only down
    }
  } else if (arg.compare(0, 5, "cell:") == 0) {
    unsigned long long s = 0, l = 0;
    if (std::sscanf(arg.c_str() + 5, "%llu:%llu", &s, &l) != 2) return 0;
    int si = find_stage(m, s), li = find_lane(m, l);
    if (!canvas_stage_shown(ed, doc, si) || li < 0) return 0;
    select_none(ed);
    ed.cursor_stage = si;
    ed.cursor_lane = li;
    if (si < (int)ed.layout.stages.size() && li < (int)ed.layout.lanes.size()) canvas_reveal_rect(ed, ed.layout.cell(si, li));
  } else {
    return 0;
  }
  send_state(ed, doc);
  return 1;
}

static double cmd_card_add(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  size_t nl = arg.find('\n');
  std::vector<Id> ids = parse_ids(arg.substr(0, nl));
  if (ids.size() < 2) return 0;
  int si = find_stage(doc.map, ids[0]), li = find_lane(doc.map, ids[1]);
  if (!canvas_stage_shown(ed, doc, si) || li < 0) return 0;
  if (nl == std::string::npos) {
    // As Enter on an empty cell: a card with the text field open on it (an Emotions cell: a point).
    add_card_at(ed, doc, si, li);
    return ed.sel_kind == SelKind::Cards && !ed.sel.empty() ? (int)ed.sel.back() : 0;
  }
  const Lane& lane = doc.map.lanes[li];
  if (lane.type == LaneType::Emotions) return 0;   // points have a score, not text: `emotion`
  if (lane.collapsed) {
    Lane open = lane;
    open.collapsed = false;
    update_lane(doc, open, "Expand lane");
  }
  Card c;
  c.stage = ids[0];
  c.lane = ids[1];
  c.text = arg.substr(nl + 1);
  if (doc.map.lanes[li].type == LaneType::Touchpoints) c.channel = "website";
  Id id = add_card(doc, c);
  if (!card_by_id(doc.map, id)) return 0;
  focus_card(ed, doc, id);
  a11y_announce(ed, TFX("a11y_say.added", {{"stage", stage_title(doc.map, si)}, {"lane", lane_title(doc.map, li)}}));
  return (double)id;
}

static double cmd_card_edit(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  Id id = parse_id(arg);
  const Card* c = shown_card(ed, doc, id);
  if (!c || is_point(doc, *c)) return 0;
  focus_card(ed, doc, id);
  edit_card_text(ed, doc, id);
  return ed.editing.kind == EditKind::CardText ? 1 : 0;
}

// Moves one card to (stage index, lane index) before `before` (kNoId: at the end) and says where.
static int move_one(Editor& ed, Doc& doc, Id id, int si, int li, Id before) {
  move_cards(doc, {id}, doc.map.stages[si].id, doc.map.lanes[li].id, before);
  const Card* c = card_by_id(doc.map, id);
  if (!c || c->stage != doc.map.stages[si].id || c->lane != doc.map.lanes[li].id) return 0;
  focus_card(ed, doc, id);
  say_place(ed, doc, id);
  return 1;
}

static double cmd_card_move(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  std::vector<Id> a = parse_ids(arg);
  if (a.size() < 3) return 0;
  const Card* c = shown_card(ed, doc, a[0]);
  int si = find_stage(doc.map, a[1]), li = find_lane(doc.map, a[2]);
  if (!c || is_point(doc, *c) || !canvas_stage_shown(ed, doc, si) || li < 0 || doc.map.lanes[li].type == LaneType::Emotions) return 0;
  Id before = a.size() > 3 ? a[3] : kNoId;
  if (before != kNoId) {
    const Card* b = card_by_id(doc.map, before);
    if (!b || b->stage != a[1] || b->lane != a[2]) return 0;
  }
  return move_one(ed, doc, a[0], si, li, before);
}

static double cmd_card_step(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  std::istringstream in(arg);
  Id id = 0;
  std::string dir;
  if (!(in >> id >> dir)) return 0;
  const Map& m = doc.map;
  const Card* c = shown_card(ed, doc, id);
  if (!c || is_point(doc, *c)) return 0;
  int si = find_stage(m, c->stage), li = find_lane(m, c->lane);
  size_t count = 0;
  int at = position_in_cell(m, *c, &count);
  auto edge = [&] { a11y_announce(ed, TX("a11y_say.edge")); return 0; };
  if (dir == "up" || dir == "down") {
    auto cell = cell_cards(m, c->stage, c->lane);
    if (dir == "up") {
      if (at <= 0) return edge();
      return move_one(ed, doc, id, si, li, cell[at - 1]->id);
    }
    if (at < 0 || at + 1 >= (int)cell.size()) return edge();
    return move_one(ed, doc, id, si, li, at + 2 < (int)cell.size() ? cell[at + 2]->id : kNoId);
  }
  int ts = si, tl = li;
  if (dir == "prev_stage" || dir == "next_stage") {
    int d = dir == "next_stage" ? 1 : -1;
    ts = si + d;
    while (ts >= 0 && ts < (int)m.stages.size() && !canvas_stage_shown(ed, doc, ts)) ts += d;
    if (ts < 0 || ts >= (int)m.stages.size()) return edge();
  } else if (dir == "prev_lane" || dir == "next_lane") {
    int d = dir == "next_lane" ? 1 : -1;
    tl = li + d;
    while (tl >= 0 && tl < (int)m.lanes.size() && m.lanes[tl].type == LaneType::Emotions) tl += d;   // no cards there
    if (tl < 0 || tl >= (int)m.lanes.size()) return edge();
  } else {
    return 0;
  }
  // Into the neighbouring cell at the same place in its list, so a row of cards moves as a row.
  auto cell = cell_cards(m, m.stages[ts].id, m.lanes[tl].id);
  Id before = at >= 0 && at < (int)cell.size() ? cell[at]->id : kNoId;
  return move_one(ed, doc, id, ts, tl, before);
}

static double cmd_delete(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  std::vector<Id> ids;
  for (Id id : parse_ids(arg))
    if (shown_card(ed, doc, id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  if (ids.empty()) return 0;
  const Card* first = card_by_id(doc.map, ids[0]);
  std::string said;
  if (ids.size() == 1) {
    std::string text = first->text;
    if (is_point(doc, *first)) text = a11y_emotion_text(first->score, &i18n());
    else if (text.empty()) text = TX("a11y_say.empty_card");
    if (text.size() > 120) {   // a long card is named by its start
      size_t cut = 120;
      while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
      text = text.substr(0, cut) + "\xE2\x80\xA6";
    }
    said = TFX("a11y_say.deleted_one", {{"text", text}});
  } else {
    said = TPX("a11y_say.deleted_many", (long long)ids.size());
  }
  // The cursor stays on the cell of the first card, where the page puts focus when nothing is left.
  ed.cursor_stage = find_stage(doc.map, first->stage);
  ed.cursor_lane = find_lane(doc.map, first->lane);
  size_t before = doc.map.cards.size();
  delete_cards(doc, ids);
  size_t gone = before - doc.map.cards.size();
  if (gone == 0) return 0;
  IdSet dead(ids.begin(), ids.end());
  ed.sel.erase(std::remove_if(ed.sel.begin(), ed.sel.end(), [&](Id id) { return dead.count(id) > 0; }), ed.sel.end());
  if (ed.sel.empty()) select_none(ed);
  a11y_announce(ed, said);
  return (int)gone;
}

static double cmd_emotion(Editor& ed, Doc& doc, const std::string& arg) {
  if (refuse_edit(ed, doc)) return 0;
  std::istringstream in(arg);
  unsigned long long stage = 0, lane = 0, persona = 0;
  float score = 0;
  if (!(in >> stage >> lane >> score)) return 0;
  in >> persona;   // optional: 0 is the shared curve
  const Map& m = doc.map;
  int si = find_stage(m, stage), li = find_lane(m, lane);
  if (!canvas_stage_shown(ed, doc, si) || li < 0 || m.lanes[li].type != LaneType::Emotions) return 0;
  if (persona != kNoId && find_persona(m, persona) < 0) return 0;
  if (!std::isfinite(score)) return 0;
  score = std::min(2.0f, std::max(-2.0f, score));
  Id existing = kNoId;
  for (const Card* c : cell_cards(m, stage, lane))
    if (c->persona == (Id)persona) { existing = c->id; break; }
  Id p = set_persona_emotion(doc, stage, lane, persona, score, existing);
  if (!card_by_id(doc.map, p)) return 0;
  focus_card(ed, doc, p);
  a11y_announce(ed, TFX("a11y_say.feeling", {{"stage", stage_title(doc.map, si)}, {"value", a11y_emotion_text(score, &i18n())}}));
  return (double)p;
}

// "<id> <index>": a stage or lane to that index of Map::stages / Map::lanes (what the page reads
// from the model: the index of the neighbour it swaps with). Says the place among those shown.
static double cmd_reorder(Editor& ed, Doc& doc, const std::string& arg, bool stage) {
  if (refuse_edit(ed, doc)) return 0;
  std::istringstream in(arg);
  Id id = 0;
  int to = 0;
  if (!(in >> id >> to)) return 0;
  int n = stage ? (int)doc.map.stages.size() : (int)doc.map.lanes.size();
  int from = stage ? find_stage(doc.map, id) : find_lane(doc.map, id);
  if (from < 0 || (stage && !canvas_stage_shown(ed, doc, from))) return 0;
  to = std::min(std::max(0, to), n - 1);
  if (stage) move_stage(doc, id, to); else move_lane(doc, id, to);
  int now = stage ? find_stage(doc.map, id) : find_lane(doc.map, id);
  if (now != to) return 0;
  int place = 0, shown = 0;   // among the stages of the state shown (all lanes are shown)
  for (int i = 0; i < n; i++) {
    if (stage && !canvas_stage_shown(ed, doc, i)) continue;
    if (i == now) place = shown;
    shown++;
  }
  std::string name = stage ? stage_title(doc.map, now) : lane_title(doc.map, now);
  cmd_focus(ed, doc, (stage ? "stage:" : "lane:") + std::to_string(id));
  a11y_announce(ed, TFX(stage ? "a11y_say.stage_moved" : "a11y_say.lane_moved",
                        {{"name", name}, {"n", std::to_string(place + 1)}, {"m", std::to_string(shown)}}));
  return 1;
}

static std::string text_view_html(const Editor& ed, const Doc& doc) {
  TextViewOptions o;
  o.i18n = &i18n();
  o.state = ed.view_state;
  return to_text_view_html(doc.map, o);
}

double a11y_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  if (name == "a11y_focus") return cmd_focus(ed, doc, arg);
  if (name == "a11y_mirror") { ed.a11y.want_full = true; return 1; }
  if (name == "card_add") return cmd_card_add(ed, doc, arg);
  if (name == "card_edit") return cmd_card_edit(ed, doc, arg);
  if (name == "card_move") return cmd_card_move(ed, doc, arg);
  if (name == "card_step") return cmd_card_step(ed, doc, arg);
  if (name == "delete") return cmd_delete(ed, doc, arg);
  if (name == "emotion") return cmd_emotion(ed, doc, arg);
  if (name == "stage_move") return cmd_reorder(ed, doc, arg, true);
  if (name == "lane_move") return cmd_reorder(ed, doc, arg, false);
  if (name == "text_view") {
    const std::string& title = doc.map.meta.title.empty() ? TX("map.untitled") : doc.map.meta.title;
    platform::show_text_view(text_view_html(ed, doc), title);
    return 1;
  }
  return -1;
}

std::string a11y_query(Editor& ed, Doc& doc, const std::string& what) {
  if (what == "full") {
    // The page is (re)building its DOM now: whatever it missed, this is all of it. (From the model
    // alone: the page may ask before the first frame.)
    A11yView& a = ed.a11y;
    bool editable = map_editable(ed, doc);
    bool only_model = a.state == ed.view_state && a.persona_filter == ed.persona_filter && a.lang_serial == ed.lang_serial &&
                      a.editable == editable;
    double t0 = platform::now_ms();
    a.mirror = build_a11y_mirror(doc.map, mirror_options(ed, doc), only_model && !a.mirror.parts.empty() ? &a.mirror : nullptr);
    std::string out = a11y_full_json(a.mirror);
    mirror_built_for(a, ed, doc, editable, t0);
    a.sent = true;
    a.want_full = false;
    a.sent_full = true;
    a.sent_parts = a.mirror.parts.size();
    a.sent_bytes = out.size();
    return out;
  }
  if (what == "state") {
    selection_drop_dead(ed, doc);   // an undo may have taken them this frame: the page must not focus them
    return state_json(ed, doc);
  }
  if (what == "text_view") return text_view_html(ed, doc);
  return "";
}

}  // namespace jm

#ifdef __EMSCRIPTEN__
extern "C" EMSCRIPTEN_KEEPALIVE const char* jm_a11y(const char* what) {
  static std::string out;
  out = jm::a11y_query(jm::app_editor(), jm::app_doc(), what ? what : "");
  return out.c_str();
}
#endif
