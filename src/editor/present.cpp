// present.cpp: presenting a map (View > Present, F5; the viewer's ?present and
// {type: 'journeymap:present'}). Full screen, no editor chrome, the whole map fitted once so
// nothing moves between steps, and the stages revealed one at a time: the stages after the
// current one are covered, so the emotion curve builds up as the talk goes on. A band at the
// bottom holds the stage's speaker notes (Stage::notes) and the controls.
//
// Keys: next = Right (Left in a right-to-left map), Down, PageDown, Space, Enter, a click on the
// map; previous = the opposite arrow, Up, PageUp, Backspace; Home and End; N hides the notes;
// Escape leaves. Presentation clickers send PageDown/PageUp or the arrows.
// It is view state only: the map is not changed and nothing is recorded for undo.
#include "editor/editor.h"
#include "platform/platform.h"
#include <imgui.h>
#include <imgui_internal.h>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace jm {

// Indices of the stages in the state shown, in display order: the presentation's steps.
static std::vector<int> shown_stages(const Editor& ed, const Doc& doc) {
  std::vector<int> out;
  for (int i = 0; i < (int)doc.map.stages.size(); i++)
    if (canvas_stage_shown(ed, doc, i)) out.push_back(i);
  return out;
}

static bool any_notes(const Doc& doc) {
  for (const Stage& s : doc.map.stages) if (!s.notes.empty()) return true;
  return false;
}

bool present_active(const Editor& ed) { return ed.present.step >= 0; }

static void announce_step(Editor& ed, const Doc& doc) {
  std::vector<int> steps = shown_stages(ed, doc);
  if (steps.empty()) return;
  const Stage& s = doc.map.stages[steps[ed.present.step]];
  std::string say = TFX("present.stage_of", {{"n", std::to_string(ed.present.step + 1)}, {"total", std::to_string(steps.size())}}) +
                    ": " + (s.name.empty() ? TX("canvas.untitled_stage") : s.name);
  if (!s.notes.empty()) say += ". " + s.notes;
  a11y_announce(ed, say, false);
}

static void go_to(Editor& ed, const Doc& doc, int step) {
  int n = (int)shown_stages(ed, doc).size();
  step = std::clamp(step, 0, std::max(0, n - 1));
  if (step == ed.present.step) return;
  ed.present.step = step;
  announce_step(ed, doc);
}

void present_start(Editor& ed, Doc& doc, int step) {
  if (doc.map.stages.empty() || ed.editing.kind != EditKind::None) return;
  bool was = present_active(ed);
  select_none(ed);
  ed.present.step = -1;
  if (!was) {
    ed.present.notes = any_notes(doc);
    ed.present.fitted_for = ImVec2(0, 0);
    if (!ed.embed) platform::set_fullscreen(true);
  }
  go_to(ed, doc, std::max(0, step));
}

void present_stop(Editor& ed, Doc& doc) {
  if (!present_active(ed)) return;
  ed.present.step = -1;
  if (!ed.embed) platform::set_fullscreen(false);
  canvas_fit(ed, doc, !ed.embed);
  a11y_announce(ed, TX("present.ended"), false);
}

// The band is as tall as the longest notes of the map need (at most 8 lines), the same for every
// stage so the map never moves between steps; just the controls row when the notes are hidden.
// The controls' width: Previous, Next and Exit with their gaps.
static float controls_width(float u) {
  ImGuiStyle& st = ImGui::GetStyle();
  float w = 16 * u;
  for (const char* key : {"present.prev", "present.next", "present.exit"}) w += ImGui::CalcTextSize(TL(key), nullptr, true).x + st.FramePadding.x * 2;
  return w;
}

// On a narrow screen (a phone) the stage's name gets a row of its own above the controls.
static bool band_two_rows(const Editor& ed) {
  float u = ed.ui;
  return ImGui::GetIO().DisplaySize.x - 60 * u - controls_width(u) < 220 * u;
}

float present_band_height(const Editor& ed, const Doc& doc) {
  if (!present_active(ed)) return 0;
  float u = ed.ui, row = (band_two_rows(ed) ? 92 : 56) * u;
  if (!ed.present.notes) return row;
  float w = ImGui::GetIO().DisplaySize.x - 40 * u, size = 14 * u, line_h = std::floor(size * kEm * 1.08f);
  size_t lines = 1;
  for (const Stage& s : doc.map.stages)
    if (!s.notes.empty()) lines = std::max(lines, wrap_ui(s.notes, w, ed.font_ui, size)->size());
  return row + std::min<size_t>(lines, 8) * line_h + 14 * u;
}

void present_keys(Editor& ed, Doc& doc) {
  if (!present_active(ed)) return;
  bool rtl = doc.map.meta.direction == Direction::RightToLeft;
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(k, true); };
  int step = ed.present.step;
  if (pressed(rtl ? ImGuiKey_LeftArrow : ImGuiKey_RightArrow) || pressed(ImGuiKey_DownArrow) || pressed(ImGuiKey_PageDown) ||
      pressed(ImGuiKey_Space) || pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeypadEnter))
    step++;
  if (pressed(rtl ? ImGuiKey_RightArrow : ImGuiKey_LeftArrow) || pressed(ImGuiKey_UpArrow) || pressed(ImGuiKey_PageUp) || pressed(ImGuiKey_Backspace))
    step--;
  if (pressed(ImGuiKey_Home)) step = 0;
  if (pressed(ImGuiKey_End)) step = 1 << 20;
  if (ImGui::IsKeyPressed(ImGuiKey_N, false)) ed.present.notes = !ed.present.notes;
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) { present_stop(ed, doc); return; }
  go_to(ed, doc, step);
}

// After the canvas is drawn: the map fitted to the room it has (again when that changes, as when
// the page goes full screen), the stages after the current one covered, the current one outlined.
void present_canvas(Editor& ed, const Doc& doc) {
  if (!present_active(ed)) return;
  ImVec2 room(ed.canvas_max.x - ed.canvas_min.x, ed.canvas_max.y - ed.canvas_min.y);
  if (room.x != ed.present.fitted_for.x || room.y != ed.present.fitted_for.y) {
    ed.present.fitted_for = room;
    ed.present.revealed = -1;
    canvas_fit(ed, doc, false);
    platform::wake(2);   // the fit applies in the next frame
  }
  std::vector<int> steps = shown_stages(ed, doc);
  if (steps.empty() || ed.layout.stages.size() != doc.map.stages.size()) return;
  ed.present.step = std::min(ed.present.step, (int)steps.size() - 1);
  const StageBox& sb = ed.layout.stages[steps[ed.present.step]];
  // On a narrow screen the fit stays readable (75 %) and the map is wider than the canvas: each
  // step scrolls its stage into view, sideways only (a no-op when the whole map fits).
  if (!ed.want_fit && ed.present.revealed != ed.present.step) {
    ed.present.revealed = ed.present.step;
    canvas_reveal_rect(ed, Rect{sb.x, 0, sb.w, 0});
    platform::wake(2);
  }
  float u = ed.ui, k = ed.zoom * u;
  float x0 = map_to_screen(ed, sb.x, 0).x, x1 = map_to_screen(ed, sb.x + sb.w, 0).x;
  float top = map_to_screen(ed, 0, 0).y - ed.style.stage_header_h * k - 4 * u;
  float bottom = map_to_screen(ed, 0, ed.layout.height).y + 4 * u;
  bool rtl = ed.rtl_view;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Later stages lie after the current one in reading order: to its right, or to its left in a
  // right-to-left map. The cover reaches the canvas edge so a stage's links and curve go with it.
  ImVec2 a(rtl ? ed.canvas_min.x : std::max(x0, x1) + 2 * u, top), b(rtl ? std::min(x0, x1) - 2 * u : ed.canvas_max.x, ed.canvas_max.y);
  if (b.x > a.x) dl->AddRectFilled(a, b, ed.theme.canvas_bg);
  dl->AddRect(ImVec2(std::min(x0, x1) - 2 * u, top), ImVec2(std::max(x0, x1) + 2 * u, bottom), ed.theme.accent, 6 * u, 0, 2 * u);
}

// The band: "Stage 2 of 5 · Name", the notes, and Previous / Next / Exit, mirrored right to left.
// Over the map, an invisible button turns a click into "next" (a clicker or a mouse both work).
void present_overlay(Editor& ed, Doc& doc) {
  if (!present_active(ed)) return;
  std::vector<int> steps = shown_stages(ed, doc);
  if (steps.empty()) { present_stop(ed, doc); return; }
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui, band = present_band_height(ed, doc);
  const Theme& t = ed.theme;
  bool rtl = ui_rtl();

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - band));
  ImGui::Begin("##present_click", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                                               ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::SetCursorScreenPos(ImVec2(0, 0));
  ImGui::InvisibleButton("##present_next_area", ImVec2(io.DisplaySize.x, std::max(1.0f, io.DisplaySize.y - band)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) go_to(ed, doc, ed.present.step + 1);
  if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) go_to(ed, doc, ed.present.step - 1);
  ImGui::End();

  ImVec2 pos(0, io.DisplaySize.y - band), size(io.DisplaySize.x, band);
  panel_begin(ed, "##present_band", pos, size, ImVec2(20 * u, 10 * u));
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), t.panel_border, 1 * u);
  const Stage& s = doc.map.stages[steps[ed.present.step]];
  int n = (int)steps.size(), i = ed.present.step;

  // Controls on the end side: Previous, Next, Exit (right to left: on the left, in that order
  // from the right).
  ImGuiStyle& st = ImGui::GetStyle();
  const char* prev = TL("present.prev");
  const char* next = TL("present.next");
  const char* exit = TL("present.exit");
  auto bw = [&](const char* l) { return ImGui::CalcTextSize(l, nullptr, true).x + st.FramePadding.x * 2; };
  float gap = 8 * u, controls_w = controls_width(u);
  bool two_rows = band_two_rows(ed);
  float head_y = 10 * u, y = two_rows ? 46 * u : head_y;   // the controls' row
  float x = rtl ? 20 * u : size.x - 20 * u - controls_w;
  auto button = [&](const char* label, const char* id, bool enabled) {
    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::BeginDisabled(!enabled);
    bool hit = ImGui::Button(label);
    ImGui::EndDisabled();
    ui_record(id);   // jm.view().widgets, for tests
    x += bw(label) + gap;
    return hit;
  };
  // Right to left the first button drawn (leftmost) is Exit, then Next, then Previous.
  if (rtl) {
    if (button(exit, "present.exit", true)) { present_stop(ed, doc); panel_end(); return; }
    if (button(next, "present.next", i + 1 < n)) go_to(ed, doc, i + 1);
    if (button(prev, "present.prev", i > 0)) go_to(ed, doc, i - 1);
  } else {
    if (button(prev, "present.prev", i > 0)) go_to(ed, doc, i - 1);
    if (button(next, "present.next", i + 1 < n)) go_to(ed, doc, i + 1);
    if (button(exit, "present.exit", true)) { present_stop(ed, doc); panel_end(); return; }
  }

  // "Stage 2 of 5 · Awareness" on the start side, then the notes under it.
  std::string head = TFX("present.stage_of", {{"n", std::to_string(i + 1)}, {"total", std::to_string(n)}}) + "  \xC2\xB7  " +
                     (s.name.empty() ? TX("canvas.untitled_stage") : s.name);
  float head_w = two_rows ? size.x - 40 * u : size.x - 60 * u - controls_w;
  float hx = rtl ? pos.x + size.x - 20 * u - head_w : pos.x + 20 * u;
  draw_text_fit(dl, ed.font_bold, 16 * u, ImVec2(hx, pos.y + head_y + 4 * u), head_w, t.text, head, rtl ? 1.0f : 0.0f);
  if (ed.present.notes) {
    ImGui::SetCursorPos(ImVec2(20 * u, y + ImGui::GetFrameHeight() + 10 * u));
    ImGui::PushItemWidth(size.x - 40 * u);
    if (!s.notes.empty()) ui_text_wrapped(s.notes, t.text);
    else ui_text_wrapped(TX("present.no_notes"), t.text_faint);
    ImGui::PopItemWidth();
  }
  panel_end();
}

void present_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j) {
  if (!present_active(ed)) { j["present"] = nullptr; return; }
  std::vector<int> steps = shown_stages(ed, doc);
  int i = std::min(ed.present.step, (int)steps.size() - 1);
  j["present"] = {{"step", ed.present.step}, {"steps", (int)steps.size()}, {"notes", ed.present.notes},
                  {"stage", i >= 0 ? doc.map.stages[steps[i]].id : kNoId}};
}

}  // namespace jm
