// inspector.cpp: properties of the selection (a card, several cards, a stage, a lane) or of
// the map. Text is typed in the browser field laid over the box, like on the canvas.
#include "editor/editor.h"
#include "editor/evidence.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <algorithm>
#include <cmath>

namespace jm {

// A metric's number as people write it: no trailing zeros, no exponent for everyday sizes.
static std::string format_number_short(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

static const Color kPalette[] = {0xef4444, 0xf97316, 0xf59e0b, 0x22c55e, 0x10b981, 0x0ea5e9, 0x3b82f6, 0x6366f1, 0x8b5cf6, 0xec4899, 0x64748b};

// Headings and labels take display text (T, U) and sit on the reading side.
static void section(Editor& ed, const char* key) {
  ImGui::Spacing();
  ImGui::PushFont(ed.font_bold);
  ui_text(T(key), ed.theme.text_muted);
  ImGui::PopFont();
}

static void label(Editor& ed, const char* text) { ui_text(text, ed.theme.text_muted); }

static void heading(Editor& ed, const char* text) {
  ImGui::PushFont(ed.font_bold);
  ui_text(text);
  ImGui::PopFont();
}

// A box showing `value`; a click opens the browser text field over it.
static void text_box(Editor& ed, const Doc& doc, const char* id, const std::string& value, const char* placeholder_key,
                     EditKind kind, Id target, bool multiline) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  float w = ImGui::GetContentRegionAvail().x;
  float size = 14 * u, line_h = size * kEm, pad = 8 * u;
  ImFont* font = ed.font_ui;
  // Wrap for display with the same core function the cards use.
  auto wrapped = wrap_ui(value, w - 2 * pad, font, size);   // cached: this runs every frame
  size_t shown = multiline ? wrapped->size() : std::min<size_t>(1, wrapped->size());
  const DisplayLines lines(wrapped->begin(), wrapped->begin() + shown);
  float h = std::max(1, (int)lines.size()) * line_h + 2 * pad;
  if (multiline) h = std::max(h, 3 * line_h + 2 * pad);
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool editing_this = ed.editing.kind == kind && ed.editing.id == target;
  ImGui::PushID(id);
  if (ImGui::InvisibleButton("box", ImVec2(w, h)) && !editing_this)
    begin_text_edit(ed, doc, kind, target, ImVec2(p.x + pad, p.y + pad), ImVec2(w - 2 * pad, h - 2 * pad), size, false, value, multiline, false);
  bool hov = ImGui::IsItemHovered();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.dark ? IM_COL32(255, 255, 255, hov ? 20 : 12) : IM_COL32(15, 23, 42, hov ? 12 : 7), 6 * u);
  if (editing_this) return;
  if (value.empty()) {
    draw_text_fit(dl, font, size, ImVec2(p.x + pad, p.y + pad), w - 2 * pad, t.text_faint, TX(placeholder_key), ui_rtl() ? 1.0f : 0.0f);
    return;
  }
  float y = p.y + pad;
  ImVec4 clip(p.x, p.y, p.x + w, p.y + h);
  for (const DisplayLine& l : lines) {
    draw_shaped(dl, font, size, ImVec2(l.rtl ? p.x + w - pad - l.width : p.x + pad, y), t.text, l.visual, &clip);
    y += line_h;
  }
}

// A row of colour dots; returns true and sets *out when one is clicked. `none_label` adds a
// leading "lane colour" choice (value 0).
static bool swatches(Editor& ed, Color current, Color* out, bool with_none) {
  float u = ed.ui, r = 9 * u, gap = 6 * u;
  bool changed = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float avail = ImGui::GetContentRegionAvail().x, x0 = ImGui::GetCursorScreenPos().x;
  int per_row = std::max(1, (int)((avail + gap) / (2 * r + gap)));
  int n = (int)(sizeof kPalette / sizeof kPalette[0]) + (with_none ? 1 : 0);
  for (int i = 0; i < n; i++) {
    Color c = with_none ? (i == 0 ? 0 : kPalette[i - 1]) : kPalette[i];
    if (i % per_row != 0) ImGui::SameLine(0, gap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    if (ui_rtl()) {   // mirrored: the first dot of a row on the right
      int col = i % per_row;
      p.x = x0 + avail - (col + 1) * 2 * r - col * gap;
      ImGui::SetCursorScreenPos(p);
    }
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("sw", ImVec2(2 * r, 2 * r))) { *out = c; changed = true; }
    bool hov = ImGui::IsItemHovered();
    if (hov) ImGui::SetTooltip("%s", T(c == 0 ? "colour.lane" : "inspector.colour"));
    ImGui::PopID();
    ImVec2 center(p.x + r, p.y + r);
    if (c == 0) {
      dl->AddCircle(center, r - 1 * u, ed.theme.text_faint, 0, 1.5f * u);
      dl->AddLine(ImVec2(center.x - r * 0.6f, center.y + r * 0.6f), ImVec2(center.x + r * 0.6f, center.y - r * 0.6f), ed.theme.text_faint, 1.5f * u);
    } else {
      dl->AddCircleFilled(center, hov ? r : r - 1 * u, color_u32(c));
    }
    if (c == current) dl->AddCircle(center, r + 3 * u, ed.theme.text, 0, 2 * u);
  }
  return changed;
}

static bool danger_button(Editor& ed, const char* label) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.negative));
  bool r = ImGui::Button(label, ImVec2(-1, 0));
  ImGui::PopStyleColor();
  return r;
}

// Two buttons side by side, the first on the reading side.
static int button_pair(const char* first_key, const char* second_key, float u) {
  float half = ImGui::GetContentRegionAvail().x * 0.5f - 3 * u;
  int hit = 0;
  if (!ui_rtl()) {
    if (ImGui::Button(TL(first_key), ImVec2(half, 0))) hit = 1;
    ImGui::SameLine(0, 6 * u);
    if (ImGui::Button(TL(second_key), ImVec2(-1, 0))) hit = 2;
  } else {
    if (ImGui::Button(TL(second_key), ImVec2(half, 0))) hit = 2;
    ImGui::SameLine(0, 6 * u);
    if (ImGui::Button(TL(first_key), ImVec2(-1, 0))) hit = 1;
  }
  return hit;
}

static void card_panel(Editor& ed, Doc& doc) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  if (ed.sel.size() > 1) {
    ImGui::PushFont(ed.font_title);
    ui_text(TP("inspector.n_cards", (long long)ed.sel.size()).c_str());
    ImGui::PopFont();
    section(ed, "inspector.colour");
    Color c;
    if (swatches(ed, 0xffffffff, &c, true)) recolor_cards(doc, ed.sel, c);
    section(ed, "inspector.tags");
    if (ui_button("inspector.add_tag_all", ImVec2(-1, 0))) {
      ImVec2 p = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
      begin_text_edit(ed, doc, EditKind::Tag, kNoId, p, s, 14 * u, false, "", false, false);
    }
    ImGui::Spacing();
    if (ui_button("menu.duplicate", ImVec2(-1, 0))) ed.sel = duplicate_cards(doc, ed.sel);
    if (danger_button(ed, (TP("ctx.delete_cards", (long long)ed.sel.size()) + "###delete").c_str())) delete_selection(ed, doc);
    return;
  }
  const Card* cp = card_by_id(doc.map, ed.sel[0]);
  if (!cp) return;
  Card c = *cp;
  int li = find_lane(doc.map, c.lane), si = find_stage(doc.map, c.stage);
  if (li < 0 || si < 0) return;
  const Lane& lane = doc.map.lanes[li];
  bool emotion = lane.type == LaneType::Emotions;
  // Where the card sits: lane colour dot, lane and stage.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float avail = ImGui::GetContentRegionAvail().x;
  ImU32 dot = emotion ? (c.score >= 0 ? ed.theme.positive : ed.theme.negative) : color_u32(lane.color);
  dl->AddCircleFilled(ImVec2(rtl ? p.x + avail - 5 * u : p.x + 5 * u, p.y + 9 * u), 5 * u, dot);
  if (!rtl) ImGui::SetCursorScreenPos(ImVec2(p.x + 16 * u, p.y));
  ImGui::PushFont(ed.font_bold);
  const char* kind = emotion ? T("inspector.emotion_point") : i18n().display_text(lane_type_name(lane.type)).c_str();
  if (rtl) ImGui::SetCursorScreenPos(ImVec2(p.x + avail - 16 * u - ImGui::CalcTextSize(kind).x, p.y));
  ImGui::TextUnformatted(kind);
  ImGui::PopFont();
  // Names are user text: the line is shaped whole, in the interface's direction.
  std::string where = doc.map.stages[si].name + "  \xC2\xB7  " + lane.name;
  label(ed, i18n().display_text(where, false).c_str());

  section(ed, emotion ? "inspector.label" : "inspector.text");
  text_box(ed, doc, "text", c.text, emotion ? "inspector.emotion_ph" : "field.card", EditKind::CardText, c.id, !emotion);

  if (emotion) {
    section(ed, "inspector.feeling");
    float s = c.score;
    ImGui::SetNextItemWidth(-1);
    static int serial = 0;
    if (ImGui::IsMouseClicked(0)) serial++;
    // The value is drawn by us (display text in the interface language), over ImGui's hidden one.
    ImGui::PushStyleColor(ImGuiCol_Text, 0u);
    bool moved = ImGui::SliderFloat("##score", &s, kMinScore, kMaxScore, "%+.1f");
    ImGui::PopStyleColor();
    if (moved) set_emotion(doc, c.stage, c.lane, std::round(s * 10) / 10, c.id, "score-" + std::to_string(serial));
    char num[16];
    std::snprintf(num, sizeof num, "%+.1f", s);
    std::string value = TF(s > 0.5f ? "inspector.mood_happy" : s < -0.5f ? "inspector.mood_unhappy" : "inspector.mood_neutral", {{"score", num}});
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    float tw = ImGui::CalcTextSize(value.c_str()).x;
    dl->AddText(ImVec2((a.x + b.x - tw) * 0.5f, a.y + ImGui::GetStyle().FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
  }
  if (lane.type == LaneType::Touchpoints) {
    section(ed, "inspector.channel");
    const ChannelInfo* ci = channel_info(c.channel);
    std::string shown = ci ? channel_name(c.channel) : (c.channel.empty() ? TX("inspector.channel_none") : c.channel);
    ImGui::SetNextItemWidth(-1);
    if (ui_begin_combo("##channel", U(shown))) {
      if (ui_selectable(T("inspector.channel_none"), "none", c.channel.empty())) { c.channel.clear(); update_card(doc, c, "Set channel"); }
      for (const ChannelInfo& ch : builtin_channels())
        if (ui_selectable(U(channel_name(ch.key)), ch.key, c.channel == ch.key)) { c.channel = ch.key; update_card(doc, c, "Set channel"); }
      ImGui::EndCombo();
    }
  }
  if (!emotion) {
    section(ed, "inspector.colour");
    Color col;
    if (swatches(ed, c.color, &col, true)) recolor_cards(doc, ed.sel, col);

    section(ed, "inspector.tags");
    // Chips flow in reading order: from the right, right to left.
    float x0 = ImGui::GetCursorScreenPos().x, x = 0, y = ImGui::GetCursorScreenPos().y, gap = 6 * u;
    float row_h = ImGui::GetFrameHeight();
    for (size_t i = 0; i < c.tags.size(); i++) {
      std::string chip = std::string(U("#" + c.tags[i])) + "  \xC3\x97";
      if (rtl) chip = std::string("\xC3\x97  ") + U("#" + c.tags[i]);
      float w = ImGui::CalcTextSize(chip.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
      if (i > 0 && x + w > avail) { x = 0; y += row_h + gap; }
      ImGui::SetCursorScreenPos(ImVec2(rtl ? x0 + avail - x - w : x0 + x, y));
      ImGui::PushID((int)i);
      bool removed = ImGui::SmallButton(chip.c_str());
      row_h = ImGui::GetItemRectSize().y;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("inspector.remove_tag"));
      ImGui::PopID();
      if (removed) { tag_cards(doc, {c.id}, c.tags[i], false); break; }
      x += w + gap;
    }
    if (!c.tags.empty()) ImGui::SetCursorScreenPos(ImVec2(x0, y + row_h + gap));
    const char* add = TL("inspector.add_tag");
    if (rtl) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - ImGui::CalcTextSize(add, nullptr, true).x - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button(add, ImVec2(0, 0))) {
      ImVec2 bp(x0, ImGui::GetItemRectMin().y);
      begin_text_edit(ed, doc, EditKind::Tag, c.id, bp, ImVec2(avail, ImGui::GetItemRectSize().y), 14 * u, false, "", false, false);
    }

    section(ed, "inspector.move_to");
    ImGui::SetNextItemWidth(-1);
    if (ui_begin_combo("##stage", U(doc.map.stages[si].name))) {
      for (int i = 0; i < (int)doc.map.stages.size(); i++) {
        ImGui::PushID(i);
        if (ui_selectable(U(doc.map.stages[i].name), "stage", i == si)) move_cards(doc, {c.id}, doc.map.stages[i].id, c.lane);
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  inspector_card_extras(ed, doc, c, lane);
  ImGui::Spacing();
  ImGui::Spacing();
  if (!emotion && ui_button("inspector.duplicate", ImVec2(-1, 0))) ed.sel = duplicate_cards(doc, ed.sel);
  if (danger_button(ed, emotion ? TL("inspector.delete_point") : (TP("ctx.delete_cards", 1) + "###delete").c_str())) delete_selection(ed, doc);
}

static void stage_panel(Editor& ed, Doc& doc) {
  int i = find_stage(doc.map, ed.sel[0]);
  if (i < 0) return;
  Stage s = doc.map.stages[i];
  heading(ed, TF("inspector.stage_n", {{"i", std::to_string(i + 1)}, {"n", std::to_string(doc.map.stages.size())}}).c_str());
  section(ed, "inspector.name");
  text_box(ed, doc, "name", s.name, "field.stage", EditKind::StageName, s.id, false);
  section(ed, "inspector.description");
  text_box(ed, doc, "desc", s.description, "inspector.stage_desc_ph", EditKind::StageDescription, s.id, true);
  section(ed, "present.notes");   // shown under the map when presenting (present.cpp)
  text_box(ed, doc, "notes", s.notes, "present.notes_ph", EditKind::StageNotes, s.id, true);
  section(ed, "inspector.colour");
  Color c;
  if (swatches(ed, s.color, &c, false)) { s.color = c; update_stage(doc, s, "Recolour stage"); }
  section(ed, "inspector.width");
  float w = s.width;
  ImGui::SetNextItemWidth(-1);
  static int serial = 0;
  if (ImGui::IsMouseClicked(0)) serial++;
  ImGui::PushStyleColor(ImGuiCol_Text, 0u);
  bool moved = ImGui::SliderFloat("##width", &w, 120, 800, "%.0f");
  ImGui::PopStyleColor();
  if (moved) { s.width = std::round(w); update_stage(doc, s, "Resize stage", "width-" + std::to_string(serial)); }
  {
    std::string value = TF("inspector.width_px", {{"w", std::to_string((int)std::lround(w))}});
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    float tw = ImGui::CalcTextSize(value.c_str()).x;
    ImGui::GetWindowDrawList()->AddText(ImVec2((a.x + b.x - tw) * 0.5f, a.y + ImGui::GetStyle().FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
  }
  inspector_stage_extras(ed, doc, s);
  ImGui::Spacing();
  int hit = button_pair("ctx.move_earlier", "ctx.move_later", ed.ui);
  if (hit == 1 && i > 0) move_stage(doc, s.id, i - 1);
  if (hit == 2) move_stage(doc, s.id, i + 1);
  if (ui_button("ctx.insert_stage_after", ImVec2(-1, 0))) select_only(ed, SelKind::Stage, add_stage(doc, TX("stage.new"), i + 1));
  if (danger_button(ed, TL("inspector.delete_stage"))) delete_selection(ed, doc);
}

static void lane_panel(Editor& ed, Doc& doc) {
  int i = find_lane(doc.map, ed.sel[0]);
  if (i < 0) return;
  Lane l = doc.map.lanes[i];
  heading(ed, TF("inspector.lane_n", {{"i", std::to_string(i + 1)}, {"n", std::to_string(doc.map.lanes.size())}}).c_str());
  section(ed, "inspector.name");
  text_box(ed, doc, "name", l.name, "field.lane", EditKind::LaneName, l.id, false);
  section(ed, "inspector.type");
  ImGui::SetNextItemWidth(-1);
  if (ui_begin_combo("##type", U(lane_type_name(l.type)))) {
    for (int t = 0; t < (int)LaneType::Count; t++) {
      std::string key = std::string("lane_type.") + lane_type_info((LaneType)t).key;
      if (ui_selectable(T(key.c_str()), key.c_str(), (int)l.type == t)) {
        // Renaming along with the type only when the name was the type's default (in English
        // or in the interface language).
        if (l.name == lane_type_info(l.type).name || l.name == lane_type_name(l.type)) l.name = lane_type_name((LaneType)t);
        if (l.color == lane_type_info(l.type).color) l.color = lane_type_info((LaneType)t).color;
        l.type = (LaneType)t;
        update_lane(doc, l, "Change lane type");
      }
    }
    ImGui::EndCombo();
  }
  section(ed, "inspector.colour");
  Color c;
  if (swatches(ed, l.color, &c, false)) { l.color = c; update_lane(doc, l, "Recolour lane"); }
  ImGui::Spacing();
  bool collapsed = l.collapsed;
  if (ui_checkbox("inspector.collapsed", &collapsed)) { l.collapsed = collapsed; update_lane(doc, l, collapsed ? "Collapse lane" : "Expand lane"); }
  ImGui::Spacing();
  int hit = button_pair("ctx.move_up", "ctx.move_down", ed.ui);
  if (hit == 1 && i > 0) move_lane(doc, l.id, i - 1);
  if (hit == 2) move_lane(doc, l.id, i + 1);
  if (danger_button(ed, TL("inspector.delete_lane"))) delete_selection(ed, doc);
}

static void map_panel(Editor& ed, Doc& doc) {
  heading(ed, T("inspector.journey_map"));
  section(ed, "inspector.title");
  text_box(ed, doc, "title", doc.map.meta.title, "field.title", EditKind::Title, kNoId, false);
  section(ed, "inspector.goal");
  text_box(ed, doc, "goal", doc.map.meta.goal, "inspector.goal_ph", EditKind::Goal, kNoId, true);
  section(ed, "inspector.description");
  text_box(ed, doc, "desc", doc.map.meta.description, "inspector.desc_ph", EditKind::Description, kNoId, true);
  inspector_governance(ed, doc);   // owner, status, review dates (evidence_panel.cpp)
  section(ed, "inspector.direction");
  bool is_rtl = doc.map.meta.direction == Direction::RightToLeft;
  // The two choices in reading order.
  float spacing = ImGui::GetStyle().ItemSpacing.x;
  auto ltr_radio = [&] { if (ui_radio("menu.ltr", !is_rtl) && is_rtl) { MapMeta m = doc.map.meta; m.direction = Direction::LeftToRight; set_meta(doc, m); canvas_fit(ed, doc); } };
  auto rtl_radio = [&] { if (ui_radio("menu.rtl", is_rtl) && !is_rtl) { MapMeta m = doc.map.meta; m.direction = Direction::RightToLeft; set_meta(doc, m); canvas_fit(ed, doc); } };
  // One line when both fit, else one under the other; right to left they sit on the right.
  const ImGuiStyle& st = ImGui::GetStyle();
  float w1 = ImGui::CalcTextSize(T("menu.ltr")).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x;
  float w2 = ImGui::CalcTextSize(T("menu.rtl")).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x;
  float avail = ImGui::GetContentRegionAvail().x, x0 = ImGui::GetCursorPosX();
  bool one_line = w1 + w2 + spacing <= avail;
  if (!ui_rtl()) {
    ltr_radio();
    if (one_line) ImGui::SameLine();
    rtl_radio();
  } else if (one_line) {
    ImGui::SetCursorPosX(x0 + avail - w1 - w2 - spacing);
    rtl_radio(); ImGui::SameLine(); ltr_radio();
  } else {
    ImGui::SetCursorPosX(x0 + avail - w1);
    ltr_radio();
    ImGui::SetCursorPosX(x0 + avail - w2);
    rtl_radio();
  }
  ImGui::Spacing();
  ImGui::Spacing();
  ui_text_wrapped(TX("inspector.help"), ed.theme.text_faint);
}

void inspector_draw(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  // panel_begin's window, with a scrollbar: a card with metrics and comments is taller than the screen.
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18 * u, 16 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(t.panel_bg));
  ImGui::Begin("##inspector", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing);
  bool sheet = size.x >= ImGui::GetIO().DisplaySize.x - 1;   // a bottom sheet on a phone
  if (sheet) ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x + size.x, pos.y), t.panel_border, 1 * u);
  else {   // the edge toward the canvas: the right one when the panel is on the left
    float x = ui_rtl() ? pos.x + size.x - 1 : pos.x;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, pos.y), ImVec2(x, pos.y + size.y), t.panel_border, 1 * u);
  }
  label(ed, T("inspector.heading"));
  ImGui::Spacing();
  if (ed.sel_kind == SelKind::Cards && !ed.sel.empty()) card_panel(ed, doc);
  else if (ed.sel_kind == SelKind::Stage && !ed.sel.empty()) stage_panel(ed, doc);
  else if (ed.sel_kind == SelKind::Lane && !ed.sel.empty()) lane_panel(ed, doc);
  else map_panel(ed, doc);
  // The panel's rectangle for the test API (which scrolls it to reach a widget, as a person would).
  ImGui::GetCurrentContext()->LastItemData.Rect = ImGui::GetCurrentWindow()->Rect();
  ui_record("inspector");
  panel_end();
}

} // namespace jm

// ---- Sections for the content of file format version 2 (personas, metrics, comments, actions) ----

namespace jm {

static ImU32 metric_status_colour(const Editor& ed, MetricStatus s) {
  switch (s) {
    case MetricStatus::OnTarget: return ed.theme.positive;
    case MetricStatus::Near: return IM_COL32(245, 158, 11, 255);
    case MetricStatus::Off: return ed.theme.negative;
    default: return ed.theme.text_faint;
  }
}

// A small label above a box (value, target, unit), on the reading side.
static void small_label(Editor& ed, const char* key, float x, float w, float y) {
  draw_text_fit(ImGui::GetWindowDrawList(), ed.font_ui, 12 * ed.ui, ImVec2(x, y), w, ed.theme.text_muted, TX(key), ui_rtl() ? 1.0f : 0.0f);
}

// Metrics of a card or a stage (`target`): each with its status dot, name, value, target, unit and
// date; a combo adds one of a kind.
static void metrics_block(Editor& ed, Doc& doc, Id target, const std::vector<Metric>& metrics) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  section(ed, "panel.metrics");
  for (size_t i = 0; i < metrics.size(); i++) {
    const Metric& m = metrics[i];
    ImGui::PushID((int)i);
    std::string idx = std::to_string(i), tid = std::to_string(target);
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Name line: status dot, name, remove cross at the far end.
    MetricStatus status = metric_status(m);
    float line_h = ImGui::GetFrameHeight(), r = 5 * u;
    float dot_x = rtl ? p.x + avail - r : p.x + r;
    dl->AddCircleFilled(ImVec2(dot_x, p.y + line_h * 0.5f), r, metric_status_colour(ed, status));
    std::string status_key = std::string("panel.metric_status.") + metric_status_key(status);
    ImGui::SetCursorScreenPos(ImVec2(dot_x - r - 2 * u, p.y));
    ImGui::InvisibleButton("dot", ImVec2(2 * r + 4 * u, line_h));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(status_key.c_str()));
    ui_record(("metric.status." + tid + "." + idx).c_str());
    bool custom = m.kind == MetricKind::Custom;
    float name_w = avail - 2 * r - 10 * u - line_h - 4 * u;
    float name_x = rtl ? p.x + line_h + 4 * u : p.x + 2 * r + 10 * u;
    ImGui::SetCursorScreenPos(ImVec2(name_x, p.y));
    if (custom) {
      // A custom metric names itself: typed like any other text.
      panel_text_box(ed, doc, "metric.name." + idx, target, m.name, "panel.metric_name_ph", false, name_w);
    } else {
      std::string name = m.name.empty() ? metric_kind_name(m.kind) : m.name;
      draw_text_fit(dl, ed.font_bold, 14 * u, ImVec2(name_x, p.y + (line_h - 14 * u * kEm) * 0.5f), name_w, ed.theme.text, name,
                    rtl ? 1.0f : 0.0f);
    }
    ImGui::SetCursorScreenPos(ImVec2(rtl ? p.x : p.x + avail - line_h, p.y));
    bool remove = ImGui::Button("\xC3\x97###remove", ImVec2(line_h, line_h));
    ui_record(("metric.remove." + tid + "." + idx).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("panel.remove_metric"));
    float y = std::max(p.y + line_h, ImGui::GetCursorScreenPos().y) + 4 * u;
    // Value, target, unit side by side (reading order), each under its small label.
    float gap = 6 * u, w3 = (avail - 2 * gap) / 3.0f;
    const char* labels[] = {"panel.metric_value", "panel.metric_target", "panel.metric_unit"};
    const char* fields[] = {"value", "target", "unit"};
    std::string values[] = {m.value ? format_number_short(*m.value) : "", m.target ? format_number_short(*m.target) : "", m.unit};
    float box_bottom = y;
    for (int k = 0; k < 3; k++) {
      float x = rtl ? p.x + avail - (k + 1) * w3 - k * gap : p.x + k * (w3 + gap);
      small_label(ed, labels[k], x, w3, y);
      ImGui::SetCursorScreenPos(ImVec2(x, y + 12 * u * kEm + 2 * u));
      ImRect b = panel_text_box(ed, doc, std::string("metric.") + fields[k] + "." + idx, target, values[k], nullptr, false, w3);
      box_bottom = std::max(box_bottom, b.Max.y);
    }
    // Date, and which way is better: side by side when both fit, else the check box under the date.
    const char* hk = "panel.higher_is_better";
    float cw = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(T(hk)).x;
    bool beside = avail - cw - 10 * u >= 110 * u;
    float dy = box_bottom + 6 * u, dw = beside ? avail - cw - 10 * u : avail;
    small_label(ed, "panel.metric_date", rtl ? p.x + avail - dw : p.x, dw, dy);
    ImGui::SetCursorScreenPos(ImVec2(rtl ? p.x + avail - dw : p.x, dy + 12 * u * kEm + 2 * u));
    ImRect db = panel_text_box(ed, doc, "metric.date." + idx, target, m.date, "panel.date_ph", false, dw);
    bool hib = m.higher_is_better;
    float hy = beside ? db.Min.y + (db.GetHeight() - ImGui::GetFrameHeight()) * 0.5f : db.Max.y + 6 * u;
    ImGui::SetCursorScreenPos(ImVec2(rtl ? p.x + avail - (beside ? dw + 10 * u : 0) - cw : (beside ? p.x + dw + 10 * u : p.x), hy));
    if (ui_checkbox(hk, &hib)) {
      Metric v = m;
      v.higher_is_better = hib;
      update_metric(doc, target, i, v);
    }
    if (!beside) db.Max.y = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(ImVec2(p.x, db.Max.y + 10 * u));
    ImGui::Dummy(ImVec2(avail, 1));
    ImGui::PopID();
    if (remove) { remove_metric(doc, target, i); break; }
  }
  // Add one: the kinds by name.
  ImGui::SetNextItemWidth(-1);
  bool adding = ui_begin_combo("##add_metric", T("panel.add_metric"));
  ui_record("metric.add");
  if (adding) {
    for (int k = 0; k < (int)MetricKind::Count; k++) {
      std::string name = metric_kind_name((MetricKind)k);
      if (ui_selectable(U(name), metric_kind_info((MetricKind)k).key, false)) add_metric(doc, target, make_metric((MetricKind)k));
      ui_record((std::string("metric.add.") + metric_kind_info((MetricKind)k).key).c_str());
    }
    ImGui::EndCombo();
  }
}

// Comments on a card or a stage: author and time, the text; the signed-in author edits their own
// (anyone may delete: it is undoable). The first comment asks for the author's name once.
static void comments_block(Editor& ed, Doc& doc, Id target, const std::vector<Comment>& comments) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  PanelsState& ps = ed.panels;
  section(ed, "panel.comments");
  for (const Comment& c : comments) {
    ImGui::PushID((int)c.id);
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::string who = c.author.empty() ? TX("panel.anonymous") : c.author;
    std::string when = comment_time_shown(c.time);
    float ww = measure_text(ed.font_ui, 12 * u, when.c_str(), when.c_str() + when.size());
    // Author on the reading side, time at the far end of the same line.
    draw_text_fit(dl, ed.font_bold, 13 * u, ImVec2(rtl ? p.x + ww + 8 * u : p.x, p.y), avail - ww - 8 * u, ed.theme.text, who, rtl ? 1.0f : 0.0f);
    draw_text(dl, ed.font_ui, 12 * u, ImVec2(rtl ? p.x : p.x + avail - ww, p.y + 1 * u), ed.theme.text_faint, when.c_str(), when.c_str() + when.size());
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + 13 * u * kEm + 4 * u));
    bool editing_this = ed.editing.kind == EditKind::Panel && ed.editing.key == "comment.edit" && ed.editing.id == c.id;
    ImVec2 tp = ImGui::GetCursorScreenPos();
    if (!editing_this) ui_text_wrapped(c.text, ed.theme.text);
    else ImGui::Dummy(ImVec2(avail, 14 * u * kEm * 2));
    ImVec2 text_end = ImGui::GetCursorScreenPos();
    // Edit (own comments) and delete, as small buttons in reading order.
    bool own = !ps.author.empty() && c.author == ps.author;
    const ImGuiStyle& st = ImGui::GetStyle();
    float ew = ImGui::CalcTextSize(T("panel.edit")).x + st.FramePadding.x * 2, xw = ImGui::CalcTextSize(T("panel.delete")).x + st.FramePadding.x * 2;
    float x = rtl ? p.x + avail : p.x;
    auto slot = [&](float w) { float at = rtl ? x - w : x; x = rtl ? x - w - 6 * u : x + w + 6 * u; ImGui::SetCursorScreenPos(ImVec2(at, text_end.y)); };
    if (own) {
      slot(ew);
      if (ImGui::SmallButton(TL("panel.edit")))
        panel_edit(ed, doc, "comment.edit", c.id, tp, ImVec2(avail, std::max(40 * u, text_end.y - tp.y)), c.text, "panel.add_comment_ph", true);
      ui_record(("comment.edit." + std::to_string(c.id)).c_str());
    }
    slot(xw);
    bool del = ImGui::SmallButton(TL("panel.delete"));
    ui_record(("comment.delete." + std::to_string(c.id)).c_str());
    ImGui::SetCursorScreenPos(ImVec2(p.x, ImGui::GetItemRectMax().y + 10 * u));
    ImGui::Dummy(ImVec2(avail, 1));
    ImGui::PopID();
    if (del) { delete_comment(doc, c.id); break; }
  }
  // Once the author has given a name (below), the comment they wanted to write opens at once.
  if (ps.comment_pending == target) {
    ps.focus_field = "comment.new#" + std::to_string(target);
    ps.comment_pending = kNoId;
  }
  if (ps.author.empty()) {
    ui_text_wrapped(TX("panel.author_intro"), ed.theme.text_muted);
    panel_text_box(ed, doc, "author", target, "", "panel.author_ph", false);
  } else {
    panel_text_box(ed, doc, "comment.new", target, "", "panel.add_comment_ph", true);
  }
}

// Actions that address this card: each opens the actions table at its row.
static void card_actions(Editor& ed, Doc& doc, const Card& c, const Lane& lane) {
  PanelsState& ps = ed.panels;
  std::vector<const Action*> linked;
  for (const Action& a : doc.map.actions)
    if (std::find(a.cards.begin(), a.cards.end(), c.id) != a.cards.end()) linked.push_back(&a);
  bool offer = lane.type == LaneType::PainPoints || lane.type == LaneType::Opportunities || lane.type == LaneType::Barriers;
  if (linked.empty() && !offer) return;
  section(ed, "panel.actions");
  for (const Action* a : linked) {
    ImGui::PushID((int)a->id);
    std::string title = a->title.empty() ? TX("panel.untitled_action") : a->title;
    static const char* skeys[] = {"panel.status_idea", "panel.status_planned", "panel.status_in_progress", "panel.status_done"};
    std::string shown = std::string(U(title)) + "  \xC2\xB7  " + T(skeys[(int)a->status]);
    if (ui_rtl()) shown = std::string(T(skeys[(int)a->status])) + "  \xC2\xB7  " + U(title);
    if (ui_selectable(shown.c_str(), "action", a->id == ps.action_sel)) {
      ps.action_sel = a->id;
      if (ps.bottom == BottomPanel::None) ps.bottom = BottomPanel::Actions;
    }
    ui_record(("card.action." + std::to_string(a->id)).c_str());
    ImGui::PopID();
  }
  if (offer && ui_button("panel.create_action", ImVec2(-1, 0))) {
    Action a;
    a.kind = lane.type == LaneType::Opportunities ? ActionKind::Opportunity : ActionKind::ActionItem;
    a.title = c.text.substr(0, c.text.find('\n'));
    a.cards = {c.id};
    Id id = add_action(doc, a);
    if (id) {
      ps.action_sel = id;
      if (ps.bottom == BottomPanel::None) ps.bottom = BottomPanel::Actions;
      editor_notify(ed, TX("panel.action_created"), false);
    }
  }
  if (offer) ui_record("panel.create_action");
}

void inspector_card_extras(Editor& ed, Doc& doc, const Card& c, const Lane& lane) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  bool emotion = lane.type == LaneType::Emotions;
  if (!emotion) {
    // Personas this card concerns: a chip per persona of the map, filled when tagged.
    section(ed, "panel.card_personas");
    if (doc.map.personas.empty()) {
      ui_text_wrapped(TX("panel.card_personas_none"), ed.theme.text_faint);
    } else {
      float avail = ImGui::GetContentRegionAvail().x, x0 = ImGui::GetCursorScreenPos().x, x = 0, y = ImGui::GetCursorScreenPos().y, gap = 6 * u;
      float h = 26 * u, r = 9 * u;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (const Persona& p : doc.map.personas) {
        bool on = std::find(c.personas.begin(), c.personas.end(), p.id) != c.personas.end();
        std::string name = p.name.empty() ? TX("panel.unnamed") : p.name;
        float tw = std::min(140 * u, measure_text(ed.font_ui, 13 * u, name.c_str(), name.c_str() + name.size()));
        float w = 4 * u + 2 * r + 6 * u + tw + 10 * u;
        if (x > 0 && x + w > avail) { x = 0; y += h + gap; }
        ImVec2 a(rtl ? x0 + avail - x - w : x0 + x, y);
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID((int)p.id);
        if (ImGui::InvisibleButton("chip", ImVec2(w, h))) tag_personas(doc, {c.id}, p.id, !on);
        ImGui::PopID();
        ui_record(("card.persona." + std::to_string(p.id)).c_str());
        bool hov = ImGui::IsItemHovered();
        ImU32 bg = on ? ed.theme.accent_soft : (ed.theme.dark ? IM_COL32(255, 255, 255, hov ? 18 : 8) : IM_COL32(15, 23, 42, hov ? 12 : 5));
        dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), bg, h * 0.5f);
        dl->AddRect(a, ImVec2(a.x + w, a.y + h), on ? ed.theme.accent : ed.theme.panel_border, h * 0.5f, 0, 1 * u);
        float cx = rtl ? a.x + w - 4 * u - r : a.x + 4 * u + r;
        draw_avatar(ed, dl, p, ImVec2(cx, a.y + h * 0.5f), r);
        float tx = rtl ? a.x + 10 * u : a.x + 4 * u + 2 * r + 6 * u;
        draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(tx, a.y + (h - 13 * u * kEm) * 0.5f), tw, on ? ed.theme.text : ed.theme.text_muted, name,
                      rtl ? 1.0f : 0.0f);
        if (hov) ImGui::SetTooltip("%s", T(on ? "panel.untag_persona" : "panel.tag_persona"));
        x += w + gap;
      }
      ImGui::SetCursorScreenPos(ImVec2(x0, y + h + gap));
      ImGui::Dummy(ImVec2(avail, 1));
    }
    ImGui::Spacing();
    bool mot = c.moment_of_truth;
    if (ui_checkbox("panel.moment_of_truth", &mot)) set_moment_of_truth(doc, {c.id}, mot);
    ui_record("panel.moment_of_truth");
    section(ed, "panel.owner_team");
    panel_text_box(ed, doc, "card.owner", c.id, c.owner, "panel.owner_ph", false);
    if (lane.type == LaneType::Touchpoints) {
      section(ed, "panel.device");
      panel_text_box(ed, doc, "card.device", c.id, c.device, "panel.device_ph", false);
    }
    metrics_block(ed, doc, c.id, c.metrics);
    // Dependencies (drawn as arrows on the canvas): how many, both ways.
    size_t from_others = 0;
    for (const Card& o : doc.map.cards)
      if (std::find(o.links.begin(), o.links.end(), c.id) != o.links.end()) from_others++;
    if (!c.links.empty() || from_others) {
      section(ed, "panel.links");
      ui_text(TF("panel.links_count", {{"out", std::to_string(c.links.size())}, {"in", std::to_string(from_others)}}).c_str(), ed.theme.text_muted);
    }
    card_actions(ed, doc, c, lane);
    inspector_evidence(ed, doc, c);   // evidence behind it, the sub-journey it opens (evidence_panel.cpp)
  }
  comments_block(ed, doc, c.id, c.comments);
  ImGui::Spacing();
}

void inspector_stage_extras(Editor& ed, Doc& doc, const Stage& s) {
  metrics_block(ed, doc, s.id, s.metrics);
  comments_block(ed, doc, s.id, s.comments);
  ImGui::Spacing();
}

} // namespace jm
