// actions_panel.cpp: the actions panel under the canvas, the map's opportunities turned into owned
// work. A table (kind, title, owner, team, status, priority, impact, effort, due date, linked
// cards), filtered by status, owner and text and sorted by any column, and the impact-effort
// matrix that places each rated action in its quadrant. Split from panels.cpp, whose small pieces
// it shares through panels_parts.h; like the other panels it reads the model and issues commands.
#include "editor/editor.h"
#include "editor/panels_parts.h"
#include "core/export.h"
#include "core/io.h"
#include "platform/platform.h"
#include <algorithm>
#include <cmath>
#include <cstring>

namespace jm {

// ---- Actions: table and impact-effort matrix -----------------------------------------------------

static const char* status_key(ActionStatus s) {
  static const char* keys[] = {"panel.status_idea", "panel.status_planned", "panel.status_in_progress", "panel.status_done"};
  return keys[(int)s];
}
static ImU32 status_colour(ActionStatus s) {
  switch (s) {
    case ActionStatus::Idea: return IM_COL32(148, 163, 184, 255);
    case ActionStatus::Planned: return IM_COL32(59, 130, 246, 255);
    case ActionStatus::InProgress: return IM_COL32(245, 158, 11, 255);
    default: return IM_COL32(16, 185, 129, 255);
  }
}

// The rows the table shows: filtered by status, owner and text, sorted by the chosen column.
enum ActionCol { kColKind, kColTitle, kColOwner, kColTeam, kColStatus, kColPriority, kColImpact, kColEffort, kColDue, kColCards, kColDelete, kColCount };

static bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) { for (char& c : s) c = (char)std::tolower((unsigned char)c); return s; };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

static std::vector<const Action*> action_rows(const Editor& ed, const Doc& doc) {
  const PanelsState& ps = ed.panels;
  std::vector<const Action*> rows;
  for (const Action& a : doc.map.actions) {
    if (ps.actions_status >= 0 && (int)a.status != ps.actions_status) continue;
    if (!ps.actions_owner.empty() && a.owner != ps.actions_owner) continue;
    if (!ps.actions_filter.empty() && !contains_ci(a.title, ps.actions_filter) && !contains_ci(a.owner, ps.actions_filter) &&
        !contains_ci(a.team, ps.actions_filter) && !contains_ci(a.description, ps.actions_filter))
      continue;
    rows.push_back(&a);
  }
  if (ps.actions_sort_col >= 0) {
    int col = ps.actions_sort_col;
    bool desc = ps.actions_sort_desc;
    // Unrated numbers and empty dates go last whichever the direction: they are not "smallest".
    auto key_cmp = [col](const Action* a, const Action* b) -> int {
      auto cmp_s = [](const std::string& x, const std::string& y) { return x < y ? -1 : x > y ? 1 : 0; };
      auto cmp_i = [](int x, int y) { return x < y ? -1 : x > y ? 1 : 0; };
      switch (col) {
        case kColKind: return cmp_i((int)a->kind, (int)b->kind);
        case kColTitle: return cmp_s(a->title, b->title);
        case kColOwner: return cmp_s(a->owner, b->owner);
        case kColTeam: return cmp_s(a->team, b->team);
        case kColStatus: return cmp_i((int)a->status, (int)b->status);
        case kColPriority: return cmp_i((int)a->priority, (int)b->priority);
        case kColImpact: return cmp_i(a->impact, b->impact);
        case kColEffort: return cmp_i(a->effort, b->effort);
        case kColDue: return cmp_s(a->due, b->due);
        case kColCards: return cmp_i((int)a->cards.size(), (int)b->cards.size());
        default: return 0;
      }
    };
    auto missing = [col](const Action* a) {
      return (col == kColImpact && a->impact == 0) || (col == kColEffort && a->effort == 0) || (col == kColDue && a->due.empty()) ||
             ((col == kColOwner) && a->owner.empty()) || (col == kColTeam && a->team.empty()) || (col == kColTitle && a->title.empty());
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Action* a, const Action* b) {
      bool ma = missing(a), mb = missing(b);
      if (ma != mb) return mb;
      int c = key_cmp(a, b);
      return desc ? c > 0 : c < 0;
    });
  }
  return rows;
}

// A combo in a table cell whose choices are interface keys; returns the chosen index or -1.
// A combo in a table cell, drawn quietly: no frame until hovered, the value on the reading side
// (after a coloured dot when given) and a small chevron at the far end. ImGui's own combo puts a
// heavy arrow button in every cell, which turns a table into a column of black triangles.
// Returns whether its list is open (then EndCombo). `id` is recorded for tests.
static bool cell_combo(float u, const std::string& id, const char* preview, ImU32 dot) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight(), fp = ImGui::GetStyle().FramePadding.x;
  ImDrawList* dl = ImGui::GetWindowDrawList();   // the cell's (an open list is another window)
  ImGui::PushStyleColor(ImGuiCol_FrameBg, 0u);
  ImGui::SetNextItemWidth(w);
  bool open = ImGui::BeginCombo(("##" + id).c_str(), "", ImGuiComboFlags_NoArrowButton);
  ImGui::PopStyleColor();
  if (!open) ui_record(id.c_str());   // the closed combo's frame: what a click opens
  bool rtl = ui_rtl();
  float chev = 4 * u, cx = rtl ? p.x + fp + chev : p.x + w - fp - chev, cy = p.y + h * 0.5f;
  ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddLine(ImVec2(cx - chev, cy - chev * 0.5f), ImVec2(cx, cy + chev * 0.5f), muted, 1.3f * u);
  dl->AddLine(ImVec2(cx, cy + chev * 0.5f), ImVec2(cx + chev, cy - chev * 0.5f), muted, 1.3f * u);
  float r = 4 * u, tx0 = p.x + fp + (dot && !rtl ? 2 * r + 6 * u : 0), tx1 = p.x + w - fp - (dot && rtl ? 2 * r + 6 * u : 0);
  if (rtl) tx0 += 2 * chev + 4 * u; else tx1 -= 2 * chev + 4 * u;
  float tw = ImGui::CalcTextSize(preview).x;
  ImVec4 clip(tx0, p.y, tx1, p.y + h);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(rtl ? tx1 - std::min(tw, tx1 - tx0) : tx0, p.y + ImGui::GetStyle().FramePadding.y),
              ImGui::GetColorU32(ImGuiCol_Text), preview, nullptr, 0, &clip);
  if (dot) {
    float dx = rtl ? tx1 + 6 * u + r : tx0 - 6 * u - r;
    dl->AddCircleFilled(ImVec2(dx, cy), r, dot);
  }
  return open;
}

// A cell combo whose choices are interface keys; returns the chosen index or -1.
static int key_combo(float u, const std::string& id, const char* const* keys, int n, int current, ImU32 dot = 0) {
  int chosen = -1;
  if (cell_combo(u, id, current >= 0 ? T(keys[current]) : "\xE2\x80\x94", dot)) {
    for (int i = 0; i < n; i++) {
      if (ui_selectable(T(keys[i]), keys[i], i == current)) chosen = i;
      ui_record((id + ".opt." + std::to_string(i)).c_str());
    }
    ImGui::EndCombo();
  }
  return chosen;
}

// A cell combo of 1..5 with "not rated" first.
static int rating_combo(float u, const std::string& id, int current) {
  static const char* labels[] = {"\xE2\x80\x94", "1", "2", "3", "4", "5"};
  int chosen = -1;
  if (cell_combo(u, id, labels[std::min(5, std::max(0, current))], 0)) {
    for (int i = 0; i <= 5; i++) {
      if (ui_selectable(i == 0 ? T("panel.not_rated") : labels[i], labels[i], i == current)) chosen = i;
      ui_record((id + ".opt." + std::to_string(i)).c_str());
    }
    ImGui::EndCombo();
  }
  return chosen;
}

// A header cell: the column's name on the reading side; a click sorts (ImGui keeps the state).
static void header(const char* key, const char* id) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  ImGui::TableHeader((std::string("##") + id).c_str());
  ui_record(id);
  const char* text = key ? T(key) : "";
  float tw = ImGui::CalcTextSize(text).x, arrow = ImGui::GetFontSize();
  ImGui::GetWindowDrawList()->AddText(ImVec2(ui_rtl() ? p.x + w - tw - arrow * 0.2f : p.x, p.y), ImGui::GetColorU32(ImGuiCol_Text), text);
}

static void actions_table(Editor& ed, Doc& doc, float height) {
  PanelsState& ps = ed.panels;
  float u = ed.ui;
  bool rtl = ui_rtl();
  const ImGuiStyle& st = ImGui::GetStyle();
  struct ColDef { int id; const char* key; float w; };   // w 0: stretch
  const ColDef defs[kColCount] = {
      {kColKind, "panel.col_kind", 120}, {kColTitle, "panel.col_title", 0}, {kColOwner, "panel.col_owner", 120},
      {kColTeam, "panel.col_team", 110}, {kColStatus, "panel.col_status", 130}, {kColPriority, "panel.col_priority", 100},
      {kColImpact, "panel.col_impact", 70}, {kColEffort, "panel.col_effort", 70}, {kColDue, "panel.col_due", 110},
      {kColCards, "panel.col_cards", 64}, {kColDelete, nullptr, 30}};
  int order[kColCount];
  for (int i = 0; i < kColCount; i++) order[i] = rtl ? kColCount - 1 - i : i;
  // Stretching needs room: when the fixed columns leave the title less than 240 px (a phone) it
  // keeps 240 px and the table scrolls sideways.
  float fixed = 0;
  for (const ColDef& d : defs) fixed += d.w * u;
  float title_w = ImGui::GetContentRegionAvail().x - fixed < 240 * u ? 240 : 0;
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingFixedFit;
  std::vector<const Action*> rows;
  if (!ImGui::BeginTable("actions", kColCount, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  // A table wider than the panel (a phone) scrolls sideways; right to left its first columns are
  // on the right, so it starts scrolled to the right end (once: then the user scrolls).
  if (rtl && !ps.actions_rtl_scrolled && ImGui::GetScrollMaxX() > 0) {
    ImGui::SetScrollX(ImGui::GetScrollMaxX());
    ps.actions_rtl_scrolled = true;
  }
  for (int i = 0; i < kColCount; i++) {
    const ColDef& d = defs[order[i]];
    float w = d.id == kColTitle ? title_w : d.w;
    ImGuiTableColumnFlags cf = w > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch;
    if (d.id == kColDelete) cf |= ImGuiTableColumnFlags_NoSort;
    ImGui::TableSetupColumn(d.key ? d.key : "delete", cf | ImGuiTableColumnFlags_NoHeaderLabel, w * u, (ImGuiID)d.id);
  }
  if (ImGuiTableSortSpecs* sp = ImGui::TableGetSortSpecs()) {
    if (sp->SpecsCount > 0) { ps.actions_sort_col = (int)sp->Specs[0].ColumnUserID; ps.actions_sort_desc = sp->Specs[0].SortDirection == ImGuiSortDirection_Descending; }
    else ps.actions_sort_col = -1;
    sp->SpecsDirty = false;
  }
  rows = action_rows(ed, doc);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < kColCount; i++) {
    ImGui::TableSetColumnIndex(i);
    const ColDef& d = defs[order[i]];
    std::string hid = std::string("actions.col.") + (d.key ? d.key + 10 : "delete");
    header(d.key, hid.c_str());
  }
  ps.actions_rows.clear();
  Id remove = kNoId;
  float row_h = ImGui::GetFrameHeight() + 6 * u;
  for (const Action* ap : rows) {
    const Action& a = *ap;
    ps.actions_rows.push_back(a.id);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    if (a.id == ps.action_sel) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ed.theme.accent_soft);
    ImGui::PushID((int)a.id);
    std::string pre = "actions." + std::to_string(a.id) + ".";
    for (int i = 0; i < kColCount; i++) {
      ImGui::TableSetColumnIndex(i);
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 3 * u);
      Action v = a;
      switch (defs[order[i]].id) {
        case kColKind: {
          static const char* keys[] = {"panel.kind_opportunity", "panel.kind_action"};
          int k = key_combo(u, pre + "kind", keys, 2, (int)a.kind);
          if (k >= 0 && k != (int)a.kind) { v.kind = (ActionKind)k; update_action(doc, v); }
          break;
        }
        case kColTitle: cell_box(ed, doc, "action.title", a.id, a.title, "panel.action_title_ph"); break;
        case kColOwner: cell_box(ed, doc, "action.owner", a.id, a.owner, "panel.owner_ph"); break;
        case kColTeam: cell_box(ed, doc, "action.team", a.id, a.team, "panel.team_ph"); break;
        case kColStatus: {
          static const char* keys[] = {"panel.status_idea", "panel.status_planned", "panel.status_in_progress", "panel.status_done"};
          int k = key_combo(u, pre + "status", keys, 4, (int)a.status, status_colour(a.status));
          if (k >= 0 && k != (int)a.status) { v.status = (ActionStatus)k; update_action(doc, v, "Edit action"); ps.action_sel = a.id; }
          break;
        }
        case kColPriority: {
          static const char* keys[] = {"panel.priority_low", "panel.priority_medium", "panel.priority_high"};
          int k = key_combo(u, pre + "priority", keys, 3, (int)a.priority);
          if (k >= 0 && k != (int)a.priority) { v.priority = (Priority)k; update_action(doc, v); }
          break;
        }
        case kColImpact: {
          int k = rating_combo(u, pre + "impact", a.impact);
          if (k >= 0 && k != a.impact) { v.impact = k; update_action(doc, v); }
          break;
        }
        case kColEffort: {
          int k = rating_combo(u, pre + "effort", a.effort);
          if (k >= 0 && k != a.effort) { v.effort = k; update_action(doc, v); }
          break;
        }
        case kColDue: {
          // Past its date and not done: the date in red.
          bool overdue = !a.due.empty() && a.status != ActionStatus::Done && a.due < iso_now().substr(0, 10);
          cell_box(ed, doc, "action.due", a.id, a.due, "panel.due_ph", overdue ? ed.theme.negative : 0);
          break;
        }
        case kColCards: {
          std::string n = std::to_string(a.cards.size());
          float w = ImGui::GetContentRegionAvail().x;
          // A count that shows the cards on the map: a quiet button, framed only when hovered.
          ImGui::BeginDisabled(a.cards.empty());
          ImGui::PushStyleColor(ImGuiCol_Button, 0u);
          ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(rtl ? 1.0f : 0.0f, 0.5f));
          if (ImGui::Button((n + "###cards").c_str(), ImVec2(w, 0))) { ps.action_sel = a.id; reveal_cards(ed, a.cards); }
          ImGui::PopStyleVar();
          ImGui::PopStyleColor();
          ImGui::EndDisabled();
          ui_record((pre + "cards").c_str());
          if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", TP("panel.linked_cards", (long long)a.cards.size()).c_str());
          break;
        }
        case kColDelete: {
          ImVec2 p = ImGui::GetCursorScreenPos();
          float s = ImGui::GetFrameHeight();
          if (cross_button(ed, pre + "delete", ImVec2(p.x, p.y), s, "panel.delete_action")) remove = a.id;
          break;
        }
      }
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (remove) delete_actions(doc, {remove});
  (void)st;
}

// The impact-effort matrix: effort across (low at the reading start), impact up. Quadrants split
// at the middle of the 1..5 scales; actions are dots at their ratings, spread when several share
// a place; a click selects one, and the side column shows it and the actions not rated yet.
static void actions_matrix(Editor& ed, Doc& doc, ImVec2 area_min, ImVec2 area_max) {
  PanelsState& ps = ed.panels;
  float u = ed.ui;
  bool rtl = ui_rtl();
  const Theme& t = ed.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Beside the plot on a wide panel; under it on a phone, where the plot needs the whole width.
  bool stacked = area_max.x - area_min.x < 560 * u;
  float side_w = stacked ? 0 : std::min(260 * u, (area_max.x - area_min.x) * 0.32f);
  float side_h = stacked ? std::min(170 * u, (area_max.y - area_min.y) * 0.35f) : 0;
  float gutter = 20 * u, top_row = 20 * u, bottom_row = 24 * u;
  // The plot on the reading-start side, the list after it; the impact arrow in a gutter on the
  // plot's start edge, its label above, "Effort" under the plot. (Noto Sans has no arrow glyphs:
  // arrows are drawn.)
  float gap_w = stacked ? 0 : 16 * u;
  ImVec2 pm(rtl ? area_min.x + side_w + gap_w : area_min.x + gutter, area_min.y + top_row);
  ImVec2 pM(rtl ? area_max.x - gutter : area_max.x - side_w - gap_w, area_max.y - bottom_row - side_h);
  float pw = pM.x - pm.x, ph = pM.y - pm.y;
  if (pw < 80 * u || ph < 60 * u) return;
  // Quadrants: (high impact, low effort) quick wins ... Low effort is on the reading-start side.
  struct Quad { const char* key; bool high_impact, high_effort; ImU32 tint; };
  const Quad quads[] = {{"panel.quick_wins", true, false, IM_COL32(16, 185, 129, 255)},
                        {"panel.big_bets", true, true, IM_COL32(59, 130, 246, 255)},
                        {"panel.fill_ins", false, false, IM_COL32(100, 116, 139, 255)},
                        {"panel.money_pits", false, true, IM_COL32(239, 68, 68, 255)}};
  auto effort_x = [&](float e) {   // e in 1..5
    float f = (e - 0.5f) / 5.0f;
    return rtl ? pM.x - f * pw : pm.x + f * pw;
  };
  auto impact_y = [&](float i) { return pM.y - (i - 0.5f) / 5.0f * ph; };
  float mid_x = effort_x(3.0f), mid_y = impact_y(3.0f);
  for (const Quad& q : quads) {
    bool left = q.high_effort == rtl;   // low effort is on the left left-to-right
    ImVec2 a(left ? pm.x : mid_x, q.high_impact ? pm.y : mid_y), b(left ? mid_x : pM.x, q.high_impact ? mid_y : pM.y);
    dl->AddRectFilled(a, b, (q.tint & 0x00FFFFFF) | ((ImU32)(t.dark ? 34 : 22) << IM_COL32_A_SHIFT), 0);
    // The quadrant's name in its outer corner.
    std::string name = TX(q.key);
    float nw = measure_text(ed.font_bold, 13 * u, name.c_str(), name.c_str() + name.size());
    float nx = left ? a.x + 10 * u : b.x - 10 * u - nw;
    float ny = q.high_impact ? a.y + 8 * u : b.y - 8 * u - 13 * u * kEm;
    draw_text(dl, ed.font_bold, 13 * u, ImVec2(nx, ny), q.tint, name.c_str(), name.c_str() + name.size());
  }
  dl->AddRect(pm, pM, t.panel_border, 0, 0, 1 * u);
  dl->AddLine(ImVec2(mid_x, pm.y), ImVec2(mid_x, pM.y), t.panel_border, 1 * u);
  dl->AddLine(ImVec2(pm.x, mid_y), ImVec2(pM.x, mid_y), t.panel_border, 1 * u);
  {
    // Impact: an arrow up the gutter, its name above the plot's start corner.
    float gx = rtl ? pM.x + gutter * 0.5f : pm.x - gutter * 0.5f;
    dl->AddLine(ImVec2(gx, pM.y), ImVec2(gx, pm.y + 6 * u), t.text_muted, 1.2f * u);
    dl->AddTriangleFilled(ImVec2(gx, pm.y), ImVec2(gx - 4 * u, pm.y + 7 * u), ImVec2(gx + 4 * u, pm.y + 7 * u), t.text_muted);
    std::string iy = TX("panel.axis_impact");
    float iw = measure_text(ed.font_ui, 12 * u, iy.c_str(), iy.c_str() + iy.size());
    float ix = rtl ? pM.x + gutter - iw : pm.x - gutter;
    draw_text(dl, ed.font_ui, 12 * u, ImVec2(ix, area_min.y + 1 * u), t.text_muted, iy.c_str(), iy.c_str() + iy.size());
    // Effort: its name under the middle of the plot with an arrow toward high effort.
    std::string ex = TX("panel.axis_effort");
    float ew = measure_text(ed.font_ui, 12 * u, ex.c_str(), ex.c_str() + ex.size());
    float ty = pM.y + 5 * u;
    draw_text(dl, ed.font_ui, 12 * u, ImVec2((pm.x + pM.x - ew) * 0.5f, ty), t.text_muted, ex.c_str(), ex.c_str() + ex.size());
    float ay = ty + 6 * u * kEm, dir = rtl ? -1.0f : 1.0f;
    float x0 = (pm.x + pM.x) * 0.5f + dir * (ew * 0.5f + 8 * u), x1 = x0 + dir * 26 * u;
    dl->AddLine(ImVec2(x0, ay), ImVec2(x1, ay), t.text_muted, 1.2f * u);
    dl->AddTriangleFilled(ImVec2(x1 + dir * 6 * u, ay), ImVec2(x1, ay - 4 * u), ImVec2(x1, ay + 4 * u), t.text_muted);
  }
  // Dots: actions that share a place are spread around it.
  std::map<std::pair<int, int>, int> at_place, seen;
  for (const Action& a : doc.map.actions)
    if (a.impact > 0 && a.effort > 0) at_place[{a.impact, a.effort}]++;
  ImGui::SetCursorScreenPos(pm);
  ImGui::InvisibleButton("matrix", ImVec2(pw, ph));
  bool plot_clicked = ImGui::IsItemClicked(), plot_hovered = ImGui::IsItemHovered();
  ImVec2 mouse = ImGui::GetIO().MousePos;
  Id hit = kNoId;
  float best = 12 * u;
  std::vector<const Action*> unrated;
  for (const Action& a : doc.map.actions) {
    if (a.impact <= 0 || a.effort <= 0) { unrated.push_back(&a); continue; }
    std::pair<int, int> key{a.impact, a.effort};
    int n = at_place[key], k = seen[key]++;
    ImVec2 c(effort_x((float)a.effort), impact_y((float)a.impact));
    if (n > 1) {
      float ang = 6.2831853f * k / n, rr = std::min(pw, ph) / 5.0f * 0.28f;
      c.x += std::cos(ang) * rr;
      c.y += std::sin(ang) * rr;
    }
    bool sel = a.id == ps.action_sel;
    ImU32 col = status_colour(a.status);
    dl->AddCircleFilled(c, (sel ? 8.0f : 6.5f) * u, col);
    if (sel) dl->AddCircle(c, 11 * u, t.text, 0, 2 * u);
    std::string title = a.title.empty() ? TX("panel.untitled_action") : a.title;
    // Labels beside the dot, toward the middle of the plot so they stay inside it.
    bool label_left = c.x > (pm.x + pM.x) * 0.5f;
    float room = label_left ? c.x - pm.x : pM.x - c.x;
    float lw = std::max(50 * u, std::min(220 * u, room - 18 * u));
    ImVec2 lp(label_left ? c.x - 10 * u - lw : c.x + 10 * u, c.y - 6.5f * u * kEm);
    draw_text_fit(dl, ed.font_ui, 12 * u, lp, lw, sel ? t.text : t.text_muted, title, label_left ? 1.0f : 0.0f);
    float d = std::hypot(mouse.x - c.x, mouse.y - c.y);
    if (d < best) { best = d; hit = a.id; }
    // Each dot's rectangle for the test API (ui_record reads the last item's).
    ImGui::GetCurrentContext()->LastItemData.Rect = ImRect(ImVec2(c.x - 8 * u, c.y - 8 * u), ImVec2(c.x + 8 * u, c.y + 8 * u));
    ui_record(("matrix." + std::to_string(a.id)).c_str());
  }
  if (plot_clicked) ps.action_sel = hit;
  if (hit && plot_hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  // The side column: the selected action, then those not rated yet.
  ImVec2 sm = stacked ? ImVec2(area_min.x, area_max.y - side_h + 8 * u) : ImVec2(rtl ? area_min.x : area_max.x - side_w, area_min.y);
  ImGui::SetCursorScreenPos(sm);
  ImGui::BeginChild("matrix_side", stacked ? ImVec2(area_max.x - area_min.x, side_h - 8 * u) : ImVec2(side_w, area_max.y - area_min.y), false);
  const Action* sel = nullptr;
  if (int i = find_action(doc.map, ps.action_sel); i >= 0) sel = &doc.map.actions[(size_t)i];
  if (sel) {
    ImGui::PushFont(ed.font_bold);
    ui_text_wrapped(sel->title.empty() ? TX("panel.untitled_action") : sel->title, t.text);
    ImGui::PopFont();
    std::string line = TX(status_key(sel->status)) + TX("panel.list_sep") + TFX("panel.impact_effort", {{"impact", std::to_string(sel->impact)}, {"effort", std::to_string(sel->effort)}});
    if (!sel->owner.empty()) line += TX("panel.list_sep") + sel->owner;
    ui_text_wrapped(line, t.text_muted);
    if (!sel->cards.empty() && start_button("panel.show_cards")) reveal_cards(ed, sel->cards);
    if (start_button("panel.show_in_table")) ps.bottom = BottomPanel::Actions;
    ImGui::Separator();
  } else {
    ui_text_wrapped(TX("panel.matrix_hint"), t.text_muted);
  }
  if (!unrated.empty()) {
    heading(ed, "panel.not_rated_heading");
    for (const Action* a : unrated) {
      ImGui::PushID((int)a->id);
      std::string title = a->title.empty() ? TX("panel.untitled_action") : a->title;
      if (ui_selectable(U(title), "unrated", a->id == ps.action_sel)) ps.action_sel = a->id;
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}

void actions_panel(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size) {
  PanelsState& ps = ed.panels;
  float u = ed.ui;
  bool rtl = ui_rtl();
  const ImGuiStyle& st = ImGui::GetStyle();
  // The toolbar, in reading order: title, table/matrix switch, filters; add and export at the far
  // end, and the close cross at the far end of the first row. Items that do not fit (a phone) wrap
  // onto the next row.
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float avail = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight(), gap = 8 * u;
  float start = rtl ? p0.x + avail : p0.x, row_y = p0.y, used = 0;
  auto row_limit = [&] { return row_y == p0.y ? avail - h - gap : avail; };
  auto place = [&](float w) {
    if (used > 0 && used + w > row_limit()) { row_y += h + gap; used = 0; }
    float at = rtl ? start - used - w : start + used;
    used += w + gap;
    ImGui::SetCursorScreenPos(ImVec2(at, row_y));
    return at;
  };
  auto bw = [&](const char* key) { return ImGui::CalcTextSize(T(key)).x + st.FramePadding.x * 2; };
  {
    const char* title = T("panel.actions");
    ImGui::PushFont(ed.font_bold);
    place(ImGui::CalcTextSize(title).x + 4 * u);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
  }
  // Table | Matrix
  for (int i = 0; i < 2; i++) {
    const char* key = i == 0 ? "panel.view_table" : "panel.view_matrix";
    bool on = (i == 0) == (ps.bottom == BottomPanel::Actions);
    place(bw(key));
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(ed.theme.accent_soft));
    if (ImGui::Button(TL(key))) ps.bottom = i == 0 ? BottomPanel::Actions : BottomPanel::Matrix;
    if (on) ImGui::PopStyleColor();
    ui_record(key);
  }
  // Filters: text, status, owner (the table only).
  if (ps.bottom == BottomPanel::Actions) {
    float fw = 180 * u;
    float at = place(fw);
    bool editing = ed.editing.kind == EditKind::Panel && ed.editing.key == "actions.filter";
    if (ImGui::InvisibleButton("##filter", ImVec2(fw, h)) && !editing)
      panel_edit(ed, doc, "actions.filter", kNoId, ImVec2(at + 8 * u, row_y + 3 * u), ImVec2(fw - 16 * u, h - 6 * u), ps.actions_filter,
                 "panel.filter_ph", false);
    ui_record("actions.filter");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(at, row_y), ImVec2(at + fw, row_y + h), ed.theme.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 9), 6 * u);
    if (!editing)
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(at + 10 * u, row_y + (h - 14 * u * kEm) * 0.5f), fw - 20 * u,
                    ps.actions_filter.empty() ? ed.theme.text_faint : ed.theme.text, ps.actions_filter.empty() ? TX("panel.filter_ph") : ps.actions_filter,
                    rtl ? 1.0f : 0.0f);
    static const char* skeys[] = {"panel.status_idea", "panel.status_planned", "panel.status_in_progress", "panel.status_done"};
    place(140 * u);
    ImGui::SetNextItemWidth(140 * u);
    bool status_open = ui_begin_combo("##status_filter", ps.actions_status < 0 ? T("panel.any_status") : T(skeys[ps.actions_status]));
    ui_record("actions.status_filter");
    if (status_open) {
      if (ui_selectable(T("panel.any_status"), "any", ps.actions_status < 0)) ps.actions_status = -1;
      ui_record("actions.status_filter.any");
      for (int i = 0; i < 4; i++) {
        if (ui_selectable(T(skeys[i]), skeys[i], ps.actions_status == i)) ps.actions_status = i;
        ui_record((std::string("actions.status_filter.") + std::to_string(i)).c_str());
      }
      ImGui::EndCombo();
    }
    std::vector<std::string> owners;
    for (const Action& a : doc.map.actions)
      if (!a.owner.empty() && std::find(owners.begin(), owners.end(), a.owner) == owners.end()) owners.push_back(a.owner);
    std::sort(owners.begin(), owners.end());
    if (!ps.actions_owner.empty() && std::find(owners.begin(), owners.end(), ps.actions_owner) == owners.end()) ps.actions_owner.clear();
    place(140 * u);
    ImGui::SetNextItemWidth(140 * u);
    bool owner_open = ui_begin_combo("##owner_filter", ps.actions_owner.empty() ? T("panel.any_owner") : U(ps.actions_owner));
    ui_record("actions.owner_filter");
    if (owner_open) {
      if (ui_selectable(T("panel.any_owner"), "any", ps.actions_owner.empty())) ps.actions_owner.clear();
      for (size_t i = 0; i < owners.size(); i++) {
        ImGui::PushID((int)i);
        if (ui_selectable(U(owners[i]), "o", ps.actions_owner == owners[i])) ps.actions_owner = owners[i];
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  // Close: the far end of the first row. Add and export: the far end of the row they fit on.
  if (cross_button(ed, "panel.close_bottom", ImVec2(rtl ? p0.x : p0.x + avail - h, p0.y), h, "panel.close")) ps.bottom = BottomPanel::None;
  {
    float aw = bw("panel.add_action"), ew = bw("panel.export_csv"), group = aw + gap + ew;
    if (used > 0 && used + group > row_limit()) { row_y += h + gap; used = 0; }
    float room = row_limit();
    // From the far end of the row: export outermost, add before it (in reading order add, export).
    float far = rtl ? start - room : start + room;
    float ex = rtl ? far : far - ew, ax = rtl ? far + ew + gap : far - ew - gap - aw;
    ImGui::SetCursorScreenPos(ImVec2(ax, row_y));
    if (ImGui::Button(TL("panel.add_action"))) {
      Action a;
      a.kind = ActionKind::ActionItem;
      a.status = ActionStatus::Idea;
      Id id = add_action(doc, a);
      if (id) {
        ps.action_sel = id;
        ps.bottom = BottomPanel::Actions;
        ps.actions_filter.clear();
        ps.actions_status = -1;
        ps.actions_owner.clear();
        ps.focus_field = "action.title#" + std::to_string(id);
      }
    }
    ui_record("panel.add_action");
    ImGui::SetCursorScreenPos(ImVec2(ex, row_y));
    if (ImGui::Button(TL("panel.export_csv"))) platform::download(file_stem(doc) + " - actions.csv", "text/csv", actions_to_csv(doc.map));
    ui_record("panel.export_csv");
  }
  ImGui::SetCursorScreenPos(ImVec2(p0.x, row_y + h + 10 * u));
  float rest = pos.y + size.y - ImGui::GetCursorScreenPos().y - 10 * u;
  if (doc.map.actions.empty()) {
    ui_text_wrapped(TX("panel.actions_empty"), ed.theme.text_muted);
    ps.actions_rows.clear();
    return;
  }
  if (ps.bottom == BottomPanel::Actions) actions_table(ed, doc, rest);
  else {
    ImVec2 a = ImGui::GetCursorScreenPos();
    actions_matrix(ed, doc, a, ImVec2(a.x + avail, a.y + rest));
  }
}

}  // namespace jm
