// inspector.cpp: properties of the selection (a card, several cards, a stage, a lane) or of
// the map. Text is typed in the browser field laid over the box, like on the canvas.
#include "editor/editor.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <algorithm>
#include <cmath>

namespace jm {

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
  panel_begin(ed, "##inspector", pos, size, ImVec2(18 * u, 16 * u));
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
  panel_end();
}

} // namespace jm
