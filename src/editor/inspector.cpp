// inspector.cpp: properties of the selection (a card, several cards, a stage, a lane) or of
// the map. Text is typed in the browser field laid over the box, like on the canvas.
#include "editor/editor.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <algorithm>
#include <cmath>

namespace jm {

static const Color kPalette[] = {0xef4444, 0xf97316, 0xf59e0b, 0x22c55e, 0x10b981, 0x0ea5e9, 0x3b82f6, 0x6366f1, 0x8b5cf6, 0xec4899, 0x64748b};

static void section(Editor& ed, const char* label) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted));
  ImGui::PushFont(ed.font_bold);
  ImGui::TextUnformatted(label);
  ImGui::PopFont();
  ImGui::PopStyleColor();
}

static void label(Editor& ed, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

// A box showing `value`; a click opens the browser text field over it.
static void text_box(Editor& ed, const Doc& doc, const char* id, const std::string& value, const char* placeholder,
                     EditKind kind, Id target, bool multiline) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  float w = ImGui::GetContentRegionAvail().x;
  float size = 14 * u, line_h = size * kEm, pad = 8 * u;
  ImFont* font = ed.font_ui;
  // Wrap for display with the same core function the cards use.
  DisplayLines lines = wrap_display(value, w - 2 * pad, [font, size](const char* b, const char* e) {
    return measure_shaped(font, size, b, e);
  }, BaseDir::Auto);
  if (!multiline && lines.size() > 1) lines.resize(1);
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
    draw_text(dl, font, size, ImVec2(p.x + pad, p.y + pad), t.text_faint, placeholder, placeholder + strlen(placeholder));
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
  float avail = ImGui::GetContentRegionAvail().x;
  int per_row = std::max(1, (int)((avail + gap) / (2 * r + gap)));
  int n = (int)(sizeof kPalette / sizeof kPalette[0]) + (with_none ? 1 : 0);
  for (int i = 0; i < n; i++) {
    Color c = with_none ? (i == 0 ? 0 : kPalette[i - 1]) : kPalette[i];
    if (i % per_row != 0) ImGui::SameLine(0, gap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("sw", ImVec2(2 * r, 2 * r))) { *out = c; changed = true; }
    bool hov = ImGui::IsItemHovered();
    if (hov) ImGui::SetTooltip(c == 0 ? "Lane colour" : "%s", c == 0 ? "" : "Colour");
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

static bool danger_button(Editor& ed, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.negative));
  bool r = ImGui::Button(text, ImVec2(-1, 0));
  ImGui::PopStyleColor();
  return r;
}

static void card_panel(Editor& ed, Doc& doc) {
  float u = ed.ui;
  if (ed.sel.size() > 1) {
    ImGui::PushFont(ed.font_title);
    ImGui::Text("%zu cards", ed.sel.size());
    ImGui::PopFont();
    section(ed, "Colour");
    Color c;
    if (swatches(ed, 0xffffffff, &c, true)) recolor_cards(doc, ed.sel, c);
    section(ed, "Tags");
    if (ImGui::Button("+ Add a tag to all", ImVec2(-1, 0))) {
      ImVec2 p = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
      begin_text_edit(ed, doc, EditKind::Tag, kNoId, p, s, 14 * u, false, "", false, false);
    }
    ImGui::Spacing();
    if (ImGui::Button("Duplicate", ImVec2(-1, 0))) ed.sel = duplicate_cards(doc, ed.sel);
    if (danger_button(ed, "Delete cards")) delete_selection(ed, doc);
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
  ImU32 dot = emotion ? (c.score >= 0 ? ed.theme.positive : ed.theme.negative) : color_u32(lane.color);
  dl->AddCircleFilled(ImVec2(p.x + 5 * u, p.y + 9 * u), 5 * u, dot);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 16 * u, p.y));
  ImGui::PushFont(ed.font_bold);
  ImGui::TextUnformatted(emotion ? "Emotion point" : lane_type_info(lane.type).name);
  ImGui::PopFont();
  std::string where = doc.map.stages[si].name + "  \xC2\xB7  " + lane.name;
  label(ed, where.c_str());

  section(ed, emotion ? "Label" : "Text");
  text_box(ed, doc, "text", c.text, emotion ? "What the customer feels here" : "Describe this step", EditKind::CardText, c.id, !emotion);

  if (emotion) {
    section(ed, "Feeling");
    float s = c.score;
    ImGui::SetNextItemWidth(-1);
    static int serial = 0;
    if (ImGui::IsMouseClicked(0)) serial++;
    if (ImGui::SliderFloat("##score", &s, kMinScore, kMaxScore, s > 0.5f ? "%+.1f  happy" : s < -0.5f ? "%+.1f  unhappy" : "%+.1f  neutral"))
      set_emotion(doc, c.stage, c.lane, std::round(s * 10) / 10, c.id, "score-" + std::to_string(serial));
  }
  if (lane.type == LaneType::Touchpoints) {
    section(ed, "Channel");
    const ChannelInfo* ci = channel_info(c.channel);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##channel", ci ? ci->name : (c.channel.empty() ? "None" : c.channel.c_str()))) {
      if (ImGui::Selectable("None", c.channel.empty())) { c.channel.clear(); update_card(doc, c, "Set channel"); }
      for (const ChannelInfo& ch : builtin_channels())
        if (ImGui::Selectable(ch.name, c.channel == ch.key)) { c.channel = ch.key; update_card(doc, c, "Set channel"); }
      ImGui::EndCombo();
    }
  }
  if (!emotion) {
    section(ed, "Colour");
    Color col;
    if (swatches(ed, c.color, &col, true)) recolor_cards(doc, ed.sel, col);

    section(ed, "Tags");
    float avail = ImGui::GetContentRegionAvail().x, x = 0;
    for (size_t i = 0; i < c.tags.size(); i++) {
      std::string chip = "#" + c.tags[i] + "  \xC3\x97";
      float w = ImGui::CalcTextSize(chip.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
      if (i > 0 && x + w < avail) ImGui::SameLine(0, 6 * u); else x = 0;
      ImGui::PushID((int)i);
      if (ImGui::SmallButton(chip.c_str())) { tag_cards(doc, {c.id}, c.tags[i], false); ImGui::PopID(); break; }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove tag");
      ImGui::PopID();
      x += w + 6 * u;
    }
    if (ImGui::Button("+ Tag", ImVec2(0, 0))) {
      ImVec2 bp = ImGui::GetItemRectMin();
      begin_text_edit(ed, doc, EditKind::Tag, c.id, bp, ImVec2(avail, ImGui::GetItemRectSize().y), 14 * u, false, "", false, false);
    }

    section(ed, "Move to");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##stage", doc.map.stages[si].name.c_str())) {
      for (int i = 0; i < (int)doc.map.stages.size(); i++) {
        ImGui::PushID(i);
        if (ImGui::Selectable(doc.map.stages[i].name.c_str(), i == si)) move_cards(doc, {c.id}, doc.map.stages[i].id, c.lane);
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  ImGui::Spacing();
  ImGui::Spacing();
  if (!emotion && ImGui::Button("Duplicate  (Ctrl+D)", ImVec2(-1, 0))) ed.sel = duplicate_cards(doc, ed.sel);
  if (danger_button(ed, emotion ? "Delete point" : "Delete card")) delete_selection(ed, doc);
}

static void stage_panel(Editor& ed, Doc& doc) {
  int i = find_stage(doc.map, ed.sel[0]);
  if (i < 0) return;
  Stage s = doc.map.stages[i];
  ImGui::PushFont(ed.font_bold);
  ImGui::Text("Stage %d of %zu", i + 1, doc.map.stages.size());
  ImGui::PopFont();
  section(ed, "Name");
  text_box(ed, doc, "name", s.name, "Stage name", EditKind::StageName, s.id, false);
  section(ed, "Description");
  text_box(ed, doc, "desc", s.description, "What happens in this stage", EditKind::StageDescription, s.id, true);
  section(ed, "Colour");
  Color c;
  if (swatches(ed, s.color, &c, false)) { s.color = c; update_stage(doc, s, "Recolour stage"); }
  section(ed, "Width");
  float w = s.width;
  ImGui::SetNextItemWidth(-1);
  static int serial = 0;
  if (ImGui::IsMouseClicked(0)) serial++;
  if (ImGui::SliderFloat("##width", &w, 120, 800, "%.0f px")) { s.width = std::round(w); update_stage(doc, s, "Resize stage", "width-" + std::to_string(serial)); }
  ImGui::Spacing();
  if (ImGui::Button("Move earlier", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f - 3 * ed.ui, 0)) && i > 0) move_stage(doc, s.id, i - 1);
  ImGui::SameLine(0, 6 * ed.ui);
  if (ImGui::Button("Move later", ImVec2(-1, 0))) move_stage(doc, s.id, i + 1);
  if (ImGui::Button("Insert stage after", ImVec2(-1, 0))) select_only(ed, SelKind::Stage, add_stage(doc, "New stage", i + 1));
  if (danger_button(ed, "Delete stage and its cards")) delete_selection(ed, doc);
}

static void lane_panel(Editor& ed, Doc& doc) {
  int i = find_lane(doc.map, ed.sel[0]);
  if (i < 0) return;
  Lane l = doc.map.lanes[i];
  ImGui::PushFont(ed.font_bold);
  ImGui::Text("Lane %d of %zu", i + 1, doc.map.lanes.size());
  ImGui::PopFont();
  section(ed, "Name");
  text_box(ed, doc, "name", l.name, "Lane name", EditKind::LaneName, l.id, false);
  section(ed, "Type");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##type", lane_type_info(l.type).name)) {
    for (int t = 0; t < (int)LaneType::Count; t++)
      if (ImGui::Selectable(lane_type_info((LaneType)t).name, (int)l.type == t)) {
        // Renaming along with the type only when the name was the type's default.
        if (l.name == lane_type_info(l.type).name) l.name = lane_type_info((LaneType)t).name;
        if (l.color == lane_type_info(l.type).color) l.color = lane_type_info((LaneType)t).color;
        l.type = (LaneType)t;
        update_lane(doc, l, "Change lane type");
      }
    ImGui::EndCombo();
  }
  section(ed, "Colour");
  Color c;
  if (swatches(ed, l.color, &c, false)) { l.color = c; update_lane(doc, l, "Recolour lane"); }
  ImGui::Spacing();
  bool collapsed = l.collapsed;
  if (ImGui::Checkbox("Collapsed", &collapsed)) { l.collapsed = collapsed; update_lane(doc, l, collapsed ? "Collapse lane" : "Expand lane"); }
  ImGui::Spacing();
  if (ImGui::Button("Move up", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f - 3 * ed.ui, 0)) && i > 0) move_lane(doc, l.id, i - 1);
  ImGui::SameLine(0, 6 * ed.ui);
  if (ImGui::Button("Move down", ImVec2(-1, 0))) move_lane(doc, l.id, i + 1);
  if (danger_button(ed, "Delete lane and its cards")) delete_selection(ed, doc);
}

static void map_panel(Editor& ed, Doc& doc) {
  ImGui::PushFont(ed.font_bold);
  ImGui::TextUnformatted("Journey map");
  ImGui::PopFont();
  section(ed, "Title");
  text_box(ed, doc, "title", doc.map.meta.title, "Title of the map", EditKind::Title, kNoId, false);
  section(ed, "Goal or scenario");
  text_box(ed, doc, "goal", doc.map.meta.goal, "Where this journey takes the customer", EditKind::Goal, kNoId, true);
  section(ed, "Description");
  text_box(ed, doc, "desc", doc.map.meta.description, "Scope, research sources, persona", EditKind::Description, kNoId, true);
  section(ed, "Reading direction");
  bool is_rtl = doc.map.meta.direction == Direction::RightToLeft;
  if (ImGui::RadioButton("Left to right", !is_rtl) && is_rtl) { MapMeta m = doc.map.meta; m.direction = Direction::LeftToRight; set_meta(doc, m); canvas_fit(ed, doc); }
  ImGui::SameLine();
  if (ImGui::RadioButton("Right to left", is_rtl) && !is_rtl) { MapMeta m = doc.map.meta; m.direction = Direction::RightToLeft; set_meta(doc, m); canvas_fit(ed, doc); }
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.text_faint));
  ImGui::TextWrapped("Double-click a cell to add a card. Drag cards between cells. Click the emotion lane to draw the curve. Select a card, stage or lane to edit it here.");
  ImGui::PopStyleColor();
}

void inspector_draw(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  panel_begin(ed, "##inspector", pos, size, ImVec2(18 * u, 16 * u));
  bool sheet = size.x >= ImGui::GetIO().DisplaySize.x - 1;   // a bottom sheet on a phone
  if (sheet) ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x + size.x, pos.y), t.panel_border, 1 * u);
  else ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x, pos.y + size.y), t.panel_border, 1 * u);
  label(ed, "INSPECTOR");
  ImGui::Spacing();
  if (ed.sel_kind == SelKind::Cards && !ed.sel.empty()) card_panel(ed, doc);
  else if (ed.sel_kind == SelKind::Stage && !ed.sel.empty()) stage_panel(ed, doc);
  else if (ed.sel_kind == SelKind::Lane && !ed.sel.empty()) lane_panel(ed, doc);
  else map_panel(ed, doc);
  panel_end();
}

} // namespace jm
