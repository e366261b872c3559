// canvas_menus.cpp: the canvas's words over the map: tooltips that say what a mark means (a
// control, a curve's legend entry, a hand-off gap, a card's change or its metrics) and the popup
// menus the canvas opens (add a lane, the persona filter, the right-click menu).
#include "editor/canvas_frame.h"
#include "core/io.h"
#include "core/persona_card.h"
#include "platform/platform.h"
#include <algorithm>
#include <cmath>

namespace jm {

void canvas_tooltip(Editor& ed, const Doc& doc, const Frame& f, const CanvasPointer& p, const HandoffGap* gap_hover) {
  const float k = f.k;
  const LayoutStyle& st = ed.style;
  const Map& m = doc.map;
  const Hit& hover = p.hover;
  const ImVec2 mouse = p.mouse;
  std::vector<std::string> lines;   // display form; headings bold
  std::vector<size_t> headings{0};
  if (hover.kind == HitKind::Control) {
    switch ((Ctl)hover.id) {
      case Ctl::StateCurrent: lines.push_back(T("canvas6.tip_current")); break;
      case Ctl::StateFuture: lines.push_back(T("canvas6.tip_future")); break;
      case Ctl::Compare: lines.push_back(T("canvas6.tip_compare")); break;
      case Ctl::PersonaFilter: lines.push_back(T("canvas6.tip_persona_filter")); break;
      case Ctl::CopyToFuture:
      case Ctl::CopyEmpty: lines.push_back(T("canvas6.tip_copy")); break;
      case Ctl::DiffSummary: {
        const StateDiff& d = ed.facts.diff;
        lines.push_back(d.removed.empty() ? T("canvas6.removed_none") : TP("canvas6.removed_title", (long long)d.removed.size()));
        for (size_t i = 0; i < d.removed.size() && i < 12; i++)
          if (const Card* c = card_by_id(m, d.removed[i]))
            lines.push_back(i18n().display_text("\xE2\x80\xA2 " + (c->text.empty() ? TX("card.empty") : c->text), true));
        if (d.removed.size() > 12) lines.push_back(TP("canvas6.and_more", (long long)(d.removed.size() - 12)));
        break;
      }
    }
  } else if (hover.kind == HitKind::Legend) {
    lines.push_back(T(curve_hidden(ed, hover.id) ? "canvas6.tip_show_curve" : "canvas6.tip_hide_curve"));
  } else if (gap_hover) {
    // The reason in the interface language, from the gap's flags and the two cards.
    const Card* a = card_by_id(m, gap_hover->from);
    const Card* b = card_by_id(m, gap_hover->to);
    lines.push_back(T("canvas6.gap_title"));
    if (a && b && gap_hover->channel) lines.push_back(TF("canvas6.gap_channel", {{"from", channel_name(a->channel)}, {"to", channel_name(b->channel)}}));
    if (a && b && gap_hover->device) lines.push_back(TF("canvas6.gap_device", {{"from", a->device}, {"to", b->device}}));
    if (gap_hover->team) {
      // The core names the teams in its reason ("team: Sales → Support"): they are user text.
      size_t at = gap_hover->reason.find("team: ");
      std::string teams = at == std::string::npos ? std::string() : gap_hover->reason.substr(at + 6);
      size_t arrow = teams.find(" \xE2\x86\x92 ");
      if (arrow != std::string::npos)
        lines.push_back(TF("canvas6.gap_team", {{"from", teams.substr(0, arrow)}, {"to", teams.substr(arrow + 5)}}));
    }
  } else if (hover.kind == HitKind::Card) {
    const Card* c = card_by_id(m, hover.id);
    auto mark = ed.facts.diff_mark.find(hover.id);
    if (c && mark != ed.facts.diff_mark.end()) {
      if (mark->second == 1) {
        lines.push_back(T("canvas6.tip_new"));
      } else {
        lines.push_back(T("canvas6.tip_changed"));
        for (const std::string& fld : ed.facts.diff.changed[ed.facts.changed_at[hover.id]].fields) {
          std::string key = "canvas6.field." + fld;
          lines.push_back(i18n().display_text("\xE2\x80\xA2 " + (i18n().has("en", key) ? TX(key.c_str()) : fld)));
        }
      }
    }
    // Over the metric chips: every metric in full, with its target and status.
    const CardBox* cb = ed.layout.find(hover.id);
    if (c && cb && cb->metric_rows > 0) {
      float my = screen_to_map(ed, mouse).y, top = cb->r.y + st.card_pad_y + (float)cb->text->size() * st.line_h;
      if (my >= top && my < top + cb->metric_rows * st.metric_row_h) {
        if (!lines.empty()) lines.push_back("");
        headings.push_back(lines.size());
        lines.push_back(T("canvas6.field.metrics"));
        for (const Metric& mt : c->metrics) {
          std::string line = TFX("canvas6.metric_line", {{"name", metric_name(mt.kind, mt.name)}, {"value", metric_number(mt.value, mt.unit)},
                                                         {"status", TX(status_key(metric_status(mt)))}});
          if (mt.target) line = TFX("canvas6.metric_line_target", {{"name", metric_name(mt.kind, mt.name)}, {"value", metric_number(mt.value, mt.unit)},
                                                                      {"target", metric_number(mt.target, mt.unit)}, {"status", TX(status_key(metric_status(mt)))}});
          lines.push_back(i18n().display_text(line));
        }
      }
    }
    if (c && c->moment_of_truth && lines.empty()) {
      // Over the star: what it means.
      const CardBox* sb = cb;
      if (sb) {
        ImVec2 p = map_to_screen(ed, sb->r.x, sb->r.y), q = map_to_screen(ed, sb->r.right(), sb->r.y);
        ImVec2 sc(rtl(doc) ? p.x + 14 * k : q.x - 14 * k, p.y);
        if (std::fabs(mouse.x - sc.x) < 10 * k && std::fabs(mouse.y - sc.y) < 10 * k) lines.push_back(T("canvas6.tip_moment"));
      }
    }
  }
  if (!lines.empty()) {
    ImGui::BeginTooltip();
    for (size_t i = 0; i < lines.size(); i++) {
      bool bold = std::find(headings.begin(), headings.end(), i) != headings.end();
      if (bold) ImGui::PushFont(ed.font_bold);
      if (lines[i].empty()) ImGui::Spacing(); else ui_text(lines[i].c_str());
      if (bold) ImGui::PopFont();
    }
    ImGui::EndTooltip();
  }
}

void canvas_popups(Editor& ed, Doc& doc, const Frame& f) {
  const float k = f.k, u = ed.ui;
  const Map& m = doc.map;
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
  if (ImGui::IsPopupOpen("persona_filter_menu"))   // under its control, its end aligned with the control's end
    ImGui::SetNextWindowPos(ed.popup_at, ImGuiCond_Always, ImVec2(f.rtl ? 0.0f : 1.0f, 0.0f));
  if (ImGui::BeginPopup("persona_filter_menu")) {
    ui_text(T("canvas6.persona_filter"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (ui_menu_key("canvas6.persona_all", nullptr, ed.persona_filter == kNoId)) ed.persona_filter = kNoId;
    for (const Persona& p : m.personas) {
      std::string id = "canvas6.persona." + std::to_string(p.id);
      // A colour dot (the persona's curve colour) before the name, on the reading side.
      ImVec2 at = ImGui::GetCursorScreenPos();
      float dot_x = ui_rtl() ? at.x + ImGui::GetContentRegionAvail().x + 2 * u : at.x - 2 * u;
      ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(dot_x, at.y + ImGui::GetTextLineHeight() * 0.5f + 4 * u), 4 * u, color_u32(persona_color(p)));
      if (ui_menu_item(p.name.empty() ? T("canvas6.persona_unnamed") : U(p.name), id.c_str(), nullptr, ed.persona_filter == p.id)) ed.persona_filter = p.id;
    }
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup("canvas_ctx")) {
    // Right to left the menu opens on the left of the pointer (ImGui tries the last direction first).
    if (ui_rtl()) ImGui::GetCurrentWindow()->AutoPosLastDirection = ImGuiDir_Left;
    if (ed.menu_hit.kind == HitKind::Card || ed.menu_hit.kind == HitKind::Point) {
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
      if (ed.menu_hit.kind == HitKind::Card && !doc.read_only) {
        // Service blueprint: what this card depends on, and the moment-of-truth flag.
        ImGui::Separator();
        if (ui_menu_key("canvas6.link_to", nullptr, false, n == 1)) { ed.linking_from = ed.sel[0]; select_only(ed, SelKind::Cards, ed.sel[0]); }
        const Card* src = n == 1 ? card_by_id(doc.map, ed.sel[0]) : nullptr;
        if (src && !src->links.empty() && ui_begin_menu(T("canvas6.links"), "canvas6.links")) {
          Id from = src->id;
          std::vector<Id> links = src->links;   // the menu may remove one
          for (Id to : links) {
            const Card* dst = card_by_id(doc.map, to);
            std::string text = dst ? (dst->text.empty() ? TX("card.empty") : dst->text) : std::to_string(to);
            if (text.size() > 48) {   // a menu line, not the whole card: cut at a character boundary
              size_t cut = 45;
              while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
              text = text.substr(0, cut) + "\xE2\x80\xA6";
            }
            std::string id = "canvas6.unlink." + std::to_string(to);
            if (ui_menu_item(TF("canvas6.remove_link", {{"card", text}}).c_str(), id.c_str())) link_cards(doc, from, to, false);
          }
          ImGui::EndMenu();
        }
        bool all_mot = true;
        for (Id id : ed.sel)
          if (const Card* c = card_by_id(doc.map, id)) all_mot = all_mot && c->moment_of_truth;
        if (ui_menu_key("canvas6.moment_of_truth", nullptr, all_mot)) set_moment_of_truth(doc, ed.sel, !all_mot);
      }
      ImGui::Separator();
      if (ui_menu_item(TP("ctx.delete_cards", (long long)n).c_str(), "ctx.delete_cards", "Del")) delete_selection(ed, doc);
    } else if (ed.menu_hit.kind == HitKind::StageHeader || ed.menu_hit.kind == HitKind::StageResize) {
      Id sid = ed.menu_hit.id;
      int i = find_stage(doc.map, sid);
      if (i >= 0) {
        if (ui_menu_key("ctx.rename")) {
          ImRect r = stage_header_rect(ed, f, i);
          begin_text_edit(ed, doc, EditKind::StageName, sid, ImVec2(r.Min.x + 12 * k, r.Min.y + 14 * k), ImVec2(r.GetWidth() - 24 * k, 24 * k), 15 * k, false, doc.map.stages[i].name, false, true);
        }
        if (ui_menu_key("ctx.insert_stage_before")) select_only(ed, SelKind::Stage, canvas_add_stage(ed, doc, i));
        if (ui_menu_key("ctx.insert_stage_after")) select_only(ed, SelKind::Stage, canvas_add_stage(ed, doc, i + 1));
        // Earlier and later among the stages shown: the other state's stages are not neighbours.
        int prev = i - 1, next = i + 1;
        while (prev >= 0 && !canvas_stage_shown(ed, doc, prev)) prev--;
        while (next < (int)doc.map.stages.size() && !canvas_stage_shown(ed, doc, next)) next++;
        if (ui_menu_key("ctx.move_earlier", nullptr, false, prev >= 0)) move_stage(doc, sid, prev);
        if (ui_menu_key("ctx.move_later", nullptr, false, next < (int)doc.map.stages.size())) move_stage(doc, sid, next);
        ImGui::Separator();
        if (ui_menu_key("ctx.delete_stage", "Del")) { delete_stage(doc, sid); select_none(ed); }
      }
    } else if (ed.menu_hit.kind == HitKind::LaneHeader || ed.menu_hit.kind == HitKind::LaneCollapse) {
      Id lid = ed.menu_hit.id;
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
    } else if (ed.menu_hit.kind == HitKind::Cell) {
      if (ui_menu_key("ctx.add_card_here", "Enter")) add_card_at(ed, doc, ed.menu_hit.stage, ed.menu_hit.lane);
      if (ui_menu_key("ctx.paste_here", "Ctrl+V")) { ed.cursor_stage = ed.menu_hit.stage; ed.cursor_lane = ed.menu_hit.lane; platform::clipboard_request_paste(); }
    } else {
      if (ui_menu_key("menu.add_stage")) select_only(ed, SelKind::Stage, canvas_add_stage(ed, doc));
      if (ui_menu_key("menu.zoom_fit")) canvas_fit(ed, doc);
    }
    ImGui::EndPopup();
  }
}

} // namespace jm
