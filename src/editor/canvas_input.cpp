// canvas_input.cpp: the canvas's mouse and touch input. One invisible button over the canvas
// takes the pointer; what is under it (hit_test) decides what a press, a drag, a release, a
// double-click, the wheel and a right-click or long press do. Each becomes a command on the map
// or a change of view; nothing here draws but the pointer's shape and one tooltip.
#include "editor/canvas_frame.h"
#include "editor/evidence.h"
#include "platform/platform.h"
#include <algorithm>
#include <cmath>

namespace jm {

// A press, a drag step and a double-click are events, not every frame's work. Kept out of line
// (Binaryen and clang would fold a one-caller function into canvas_input) so the wasm's first
// frame compiles only the per-frame path: V8 compiles a function whole on its first call.
#define JM_EVENT_FN __attribute__((noinline))

// A press of the left button (not the second of a double-click): select, and start a gesture.
JM_EVENT_FN static void press(Editor& ed, Doc& doc, const Frame& f, const Hit& hover, ImVec2 mouse) {
  ImGuiIO& io = ImGui::GetIO();
  const float k = f.k, u = ed.ui;
  const LayoutStyle& st = ed.style;
  const Map& m = doc.map;
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
        // Click on the emotion lane: move the stage's point there, or set the first one. With a
        // persona filter on, the point is that persona's (their curve, not the shared one).
        ed.merge_key = "point-" + std::to_string(++ed.gesture_serial);
        float score = y_to_score(ed.layout.lanes[hover.lane], st, screen_to_map(ed, mouse).y);
        Id existing = kNoId;
        float best = 1e9f;
        for (const CurvePoint& cp : ed.layout.curves[hover.lane])
          if (cp.stage == hover.stage && cp.persona == ed.persona_filter && std::fabs(cp.x - screen_to_map(ed, mouse).x) < best) {
            best = std::fabs(cp.x - screen_to_map(ed, mouse).x);
            existing = cp.card;
          }
        Id p = set_persona_emotion(doc, m.stages[hover.stage].id, m.lanes[hover.lane].id, ed.persona_filter, score, existing, ed.merge_key);
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
      // Into the state shown (a future stage has no merge key: naming it is its own step).
      Id s = ed.view_state == JourneyState::Current ? add_stage(doc, TX("stage.new"), -1, key) : canvas_add_stage(ed, doc);
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
    case HitKind::Control:
      ed.gesture = Gesture::None;
      switch ((Ctl)hover.id) {
        case Ctl::StateCurrent: canvas_show_state(ed, doc, JourneyState::Current); break;
        case Ctl::StateFuture: canvas_show_state(ed, doc, JourneyState::Future); break;
        case Ctl::Compare: ed.compare = !ed.compare; break;
        case Ctl::CopyToFuture:
        case Ctl::CopyEmpty:
          if (!doc.read_only) { copy_current_to_future(doc); canvas_show_state(ed, doc, JourneyState::Future); }
          break;
        case Ctl::PersonaFilter:
          for (const Control& c : f.controls)
            if (c.id == Ctl::PersonaFilter) ed.popup_at = ImVec2(f.rtl ? c.r.Min.x : c.r.Max.x, c.r.Max.y + 4 * u);
          ImGui::OpenPopup("persona_filter_menu");
          break;
        case Ctl::DiffSummary: break;   // its tooltip lists the removed cards
      }
      break;
    case HitKind::Legend: {
      // The legend's entries switch curves on and off.
      auto it = std::find(ed.hidden_curves.begin(), ed.hidden_curves.end(), hover.id);
      if (it == ed.hidden_curves.end()) ed.hidden_curves.push_back(hover.id);
      else ed.hidden_curves.erase(it);
      ed.gesture = Gesture::None;
      break;
    }
    case HitKind::None: ed.gesture = f.title.Contains(mouse) ? Gesture::None : Gesture::Pan; break;
  }
}

// The pointer moved with a button held: past a small threshold the gesture begins to act.
JM_EVENT_FN static void drag(Editor& ed, Doc& doc, ImVec2 mouse) {
  ImGuiIO& io = ImGui::GetIO();
  const float k = k_of(ed), u = ed.ui;
  const LayoutStyle& st = ed.style;
  const Map& m = doc.map;
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

// Double-click: add or edit in place.
JM_EVENT_FN static void double_click(Editor& ed, Doc& doc, const Frame& f, const Hit& hover, ImVec2 mouse) {
  const float k = f.k;
  const LayoutStyle& st = ed.style;
  const Map& m = doc.map;
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
      Id p = set_persona_emotion(doc, m.stages[hover.stage].id, m.lanes[hover.lane].id, ed.persona_filter, score);
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

CanvasPointer canvas_input(Editor& ed, Doc& doc, const Frame& f) {
  ImGuiIO& io = ImGui::GetIO();
  const Map& m = doc.map;
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
  // "Link to...": the next click on a card names the card the first one depends on; a click
  // anywhere else, or Escape, gives up.
  bool link_click = false;
  if (ed.linking_from != kNoId && ((hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) || ImGui::IsKeyPressed(ImGuiKey_Escape, false))) {
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && hover.kind == HitKind::Card && hover.id != ed.linking_from) {
      link_cards(doc, ed.linking_from, hover.id, true);
      select_only(ed, SelKind::Cards, ed.linking_from);
    }
    ed.linking_from = kNoId;
    ed.gesture = Gesture::None;
    link_click = true;
  }
  if (!link_click && hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
    press(ed, doc, f, hover, mouse);

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
  if (ed.gesture != Gesture::None && held) drag(ed, doc, mouse);
  bool released = ImGui::IsMouseReleased(ImGuiMouseButton_Left) || ImGui::IsMouseReleased(ImGuiMouseButton_Middle);
  // A click (no drag) on a card's sub-journey mark (drawn last frame) opens that map.
  Id mark_card = kNoId;
  for (const auto& jm_mark : ed.journey_marks)
    if (!ed.embed && jm_mark.second.Contains(mouse)) mark_card = jm_mark.first;   // (the viewer has no library to open from)
  if (ed.gesture != Gesture::None && released && !ed.dragged && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && mark_card != kNoId) {
    bool from_mark = false;
    for (const auto& jm_mark : ed.journey_marks) from_mark = from_mark || (jm_mark.first == mark_card && jm_mark.second.Contains(ed.press_pos));
    const Card* c = card_by_id(m, mark_card);
    if (from_mark && c && !c->journey.empty()) {
      ed.gesture = Gesture::None;
      journey_open(ed, doc, c->journey);
    }
  }
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
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !editing) double_click(ed, doc, f, hover, mouse);
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
  bool long_press = io.MouseSource == ImGuiMouseSource_TouchScreen && ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
                    !ed.dragged && !ed.long_press_done && io.MouseDownDuration[0] > 0.5f;
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ed.long_press_done = false;
  if (long_press) {
    ed.long_press_done = true;
    ed.gesture = Gesture::None;
    hover = hit_test(ed, doc, f, ed.press_pos);
  }
  if ((hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) || long_press) {
    ed.menu_hit = hover;
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
  if (ed.linking_from != kNoId) cursor = hover.kind == HitKind::Card && hover.id != ed.linking_from ? "pointer" : "crosshair";
  else if (hover.kind == HitKind::Control || hover.kind == HitKind::Legend || mark_card != kNoId) cursor = "pointer";
  else if (ed.gesture == Gesture::Pan && ed.dragged) cursor = "grabbing";
  else if (ed.gesture == Gesture::ResizeStage || hover.kind == HitKind::StageResize) cursor = "ew-resize";
  else if (ed.gesture == Gesture::DragCards && ed.dragged) cursor = "grabbing";
  else if (hover.kind == HitKind::Point || ed.gesture == Gesture::DragPoint) cursor = "ns-resize";
  else if (hover.kind == HitKind::Card || hover.kind == HitKind::StageHeader || hover.kind == HitKind::LaneHeader) cursor = "pointer";
  else if (hover.kind == HitKind::Title || hover.kind == HitKind::Goal) cursor = "text";
  else if (hover.kind == HitKind::AddLane || hover.kind == HitKind::AddStage || hover.kind == HitKind::LaneCollapse) cursor = "pointer";
  if (hovered) platform::set_cursor(cursor);
  if (hovered && mark_card != kNoId && ed.gesture == Gesture::None) ImGui::SetTooltip("%s", T("journey.open"));

  return {hovered, mouse, hover, editing};
}

} // namespace jm
