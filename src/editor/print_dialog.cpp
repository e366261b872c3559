// print_dialog.cpp: File > Export > Print or PDF... (and Ctrl+P). The sheet (A4 to A0, Letter,
// Tabloid or a custom size), its orientation, and how the map goes on it: one page (the whole
// map scaled, a poster) or tiled (sheets at a chosen scale with an overlap), previewed with the
// sheets drawn over the map before the browser's print dialog opens. The document printed is
// core/print.h's; "Save as PDF" there gives a vector PDF with selectable text.
#include "core/export.h"
#include "core/print.h"
#include "editor/editor.h"
#include "platform/platform.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jm {

namespace {

PrintOptions options_of(const Editor::PrintDialog& p, const Map& m) {
  PrintOptions o;
  o.rtl = m.meta.direction == Direction::RightToLeft;
  const auto& sizes = paper_sizes();
  if (p.paper >= 0 && (size_t)p.paper < sizes.size()) {
    o.paper_w_mm = sizes[(size_t)p.paper].w_mm;
    o.paper_h_mm = sizes[(size_t)p.paper].h_mm;
  } else {
    o.paper_w_mm = p.custom_w;
    o.paper_h_mm = p.custom_h;
  }
  o.landscape = p.landscape;
  o.tiled = p.tiled;
  o.scale = (float)p.scale_pct / 100.0f;
  o.overlap_mm = p.overlap_mm;
  return o;
}

// The map's SVG, made again only when the map changed since.
void refresh_svg(Editor& ed, const Doc& doc) {
  Editor::PrintDialog& p = ed.print;
  if (p.svg_revision == doc.map.revision && !p.svg.empty()) return;
  p.svg = map_export_svg(ed, doc);
  p.svg_revision = doc.map.revision;
  p.svg_w = p.svg_h = 0;
  svg_size(p.svg, &p.svg_w, &p.svg_h);
}

std::string paper_label(int i) {
  const auto& sizes = paper_sizes();
  if (i < 0 || (size_t)i >= sizes.size()) return TX("print.custom");
  const PaperSize& s = sizes[(size_t)i];
  std::string name = s.key[0] == 'a' ? std::string(1, 'A') + (s.key + 1) : TX((std::string("print.paper.") + s.key).c_str());
  char mm[48];
  std::snprintf(mm, sizeof mm, " (%g \xC3\x97 %g mm)", std::round(s.w_mm * 10) / 10, std::round(s.h_mm * 10) / 10);
  return name + mm;
}

int print_now(Editor& ed, const Doc& doc) {
  refresh_svg(ed, doc);
  PrintPlan plan;
  std::string html = print_document(ed.print.svg, options_of(ed.print, doc.map), doc.map.meta.title, editor_ui_name, &plan);
  if (html.empty()) { editor_notify(ed, TX("print.failed"), true); return 0; }
  platform::print_document(html, doc.map.meta.title);
  return (int)plan.tiles.size();
}

}  // namespace

int print_map(Editor& ed, const Doc& doc, const std::string& spec) {
  Editor::PrintDialog& p = ed.print;
  size_t at = 0;
  while (at < spec.size()) {
    size_t end = spec.find(' ', at);
    std::string w = spec.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? spec.size() : end + 1;
    if (w.empty()) continue;
    float cw = 0, ch = 0;
    const PaperSize* size = paper_size(w);
    if (size) p.paper = (int)(size - paper_sizes().data());
    else if (std::sscanf(w.c_str(), "%fx%f", &cw, &ch) == 2) { p.paper = (int)paper_sizes().size(); p.custom_w = cw; p.custom_h = ch; }
    else if (w == "portrait" || w == "landscape") p.landscape = w == "landscape";
    else if (w == "tiled" || w == "page") p.tiled = w == "tiled";
    else if (w.size() > 2 && w.compare(w.size() - 2, 2, "mm") == 0) p.overlap_mm = std::min(30.0f, std::max(0.0f, (float)std::atof(w.c_str())));
    else if (std::atoi(w.c_str()) > 0) p.scale_pct = std::min(1000, std::max(5, std::atoi(w.c_str())));
    else return 0;
  }
  return print_now(ed, doc);
}

JM_COLD static void print_window(Editor& ed, Doc& doc) {
  Editor::PrintDialog& p = ed.print;
  const char* title = TL("print.title");
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  refresh_svg(ed, doc);
  ImGuiIO& io = ImGui::GetIO();
  const float u = ed.ui;
  const bool narrow = io.DisplaySize.x < 640 * u;
  const float dw = std::min(720 * u, io.DisplaySize.x - 24 * u);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(dw, 0));
  // Never taller than the screen (a phone): the dialog scrolls instead of losing its buttons.
  ImGui::SetNextWindowSizeConstraints(ImVec2(dw, 0), ImVec2(dw, io.DisplaySize.y - 24 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize)) {
    const PrintOptions o = options_of(p, doc.map);
    const PrintPlan plan = plan_print(p.svg_w, p.svg_h, o);
    const float label_w = narrow ? 0 : 150 * u;
    const bool rtl = ui_rtl();
    // A row: its label on the reading side, then its controls, `ctl_w` wide in all. Left to right
    // the controls start at label_w; right to left the label is at the right edge (ui_text) and the
    // controls end where its column begins, so they sit beside it, not across the dialog. Narrow:
    // the label on a line of its own, the controls under it from the reading side.
    const float left = ImGui::GetWindowContentRegionMin().x, right = ImGui::GetWindowContentRegionMax().x;
    const float end = right - label_w;   // right to left: where the controls end
    auto row = [&](const char* key, float ctl_w) {   // ctl_w 0: the controls fill the line
      if (!narrow) ImGui::AlignTextToFramePadding();
      ui_text(T(key));
      if (!narrow) ImGui::SameLine(rtl ? 0.0f : label_w);
      if (rtl && ctl_w > 0) ImGui::SetCursorPosX(std::max(left, end - ctl_w));
    };
    // Two choices, the first on the reading side; side by side, or one under the other.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    auto radio_w = [&](const char* key) { return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(T(key)).x; };
    auto choices = [&](const char* key, const char* a, bool on_a, const char* b, bool stacked) {
      const float wa = radio_w(a), wb = radio_w(b);
      row(key, stacked ? std::max(wa, wb) : wa + gap + wb);
      const float x0 = ImGui::GetCursorPosX();
      if (rtl) ImGui::SetCursorPosX(end - wa);
      bool pa = ui_radio(a, on_a);
      ui_record(a);
      if (!stacked) ImGui::SameLine();
      if (rtl) ImGui::SetCursorPosX(stacked ? end - wb : x0);
      else if (stacked) ImGui::SetCursorPosX(x0);
      bool pb = ui_radio(b, !on_a);
      ui_record(b);
      return pa ? 1 : pb ? 2 : 0;
    };

    row("print.paper", narrow ? 0 : 300 * u);
    ImGui::SetNextItemWidth(narrow ? -1 : 300 * u);
    if (ui_begin_combo("##paper", i18n().display_text(paper_label(p.paper)).c_str())) {
      for (int i = 0; i <= (int)paper_sizes().size(); i++) {
        std::string id = "print.paper" + std::to_string(i);
        if (ui_selectable(i18n().display_text(paper_label(i)).c_str(), id.c_str(), p.paper == i)) p.paper = i;
      }
      ImGui::EndCombo();
    }
    ui_record("print.paper");
    if ((size_t)p.paper >= paper_sizes().size()) {
      row("print.size_mm", 240 * u + 2 * gap + ImGui::CalcTextSize("\xC3\x97").x);
      ImGui::SetNextItemWidth(120 * u);
      ImGui::InputFloat("##w", &p.custom_w, 0, 0, "%.0f");
      ui_record("print.width");
      ImGui::SameLine();
      ImGui::TextUnformatted("\xC3\x97");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120 * u);
      ImGui::InputFloat("##h", &p.custom_h, 0, 0, "%.0f");
      ui_record("print.height");
      p.custom_w = std::min(5000.0f, std::max(50.0f, p.custom_w));
      p.custom_h = std::min(5000.0f, std::max(50.0f, p.custom_h));
    }
    if (int c = choices("print.orientation", "print.portrait", !p.landscape, "print.landscape", false)) p.landscape = c == 2;
    if (int c = choices("print.layout", "print.one_page", !p.tiled, "print.tiled", narrow)) p.tiled = c == 2;
    if (p.tiled) {
      row("print.scale", narrow ? 0 : 220 * u);
      ImGui::SetNextItemWidth(narrow ? -1 : 220 * u);
      ImGui::SliderInt("##scale", &p.scale_pct, 25, 400, "%d %%");
      ui_record("print.scale");
      row("print.overlap", narrow ? 0 : 220 * u);
      ImGui::SetNextItemWidth(narrow ? -1 : 220 * u);
      ImGui::SliderFloat("##overlap", &p.overlap_mm, 0, 30, "%.0f mm");
      ui_record("print.overlap");
    }

    // The preview: the map, with the sheets drawn over it (one sheet: its outline around the map).
    ImGui::Spacing();
    const float pw = ImGui::GetContentRegionAvail().x, ph = std::min(narrow ? 170 * u : 260 * u, io.DisplaySize.y * 0.3f);
    ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(at, ImVec2(at.x + pw, at.y + ph), ed.theme.dark ? IM_COL32(255, 255, 255, 12) : IM_COL32(15, 23, 42, 8), 8 * u);
    // What the preview shows, in map units: the sheets' extent (tiled) or the sheet (one page).
    const float mpu = plan.mm_per_unit > 0 ? plan.mm_per_unit : 1;
    const float margin_u = (plan.page_w_mm - plan.area_w_mm) / 2 / mpu;
    float ext_w = p.svg_w, ext_h = p.svg_h, ox = 0, oy = 0;
    if (!p.tiled) { ext_w = plan.page_w_mm / mpu; ext_h = plan.page_h_mm / mpu; ox = margin_u; oy = margin_u; }
    else if (!plan.tiles.empty()) {
      // The sheets' extent: past the map's right edge, or its left edge for a right-to-left map.
      float x0 = 0, x1 = 0, y1 = 0;
      for (const PrintTile& t : plan.tiles) { x0 = std::min(x0, t.x); x1 = std::max(x1, t.x + t.w); y1 = std::max(y1, t.y + t.h); }
      ext_w = x1 - x0;
      ext_h = y1;
      ox = -x0;
    }
    const float k = std::min((pw - 16 * u) / std::max(1.0f, ext_w), (ph - 16 * u) / std::max(1.0f, ext_h));
    const ImVec2 o0(at.x + (pw - ext_w * k) / 2, at.y + (ph - ext_h * k) / 2);
    if (!p.tiled) dl->AddRectFilled(o0, ImVec2(o0.x + ext_w * k, o0.y + ext_h * k), IM_COL32(255, 255, 255, 255));
    // The map fitted where it prints (one page: centred in the printed area).
    float map_k = k, mx = o0.x + ox * k, my = o0.y + oy * k;
    if (!p.tiled) mx += (plan.area_w_mm / mpu - p.svg_w) * k / 2;
    int px = std::max(32, std::min(2048, (int)std::ceil(p.svg_w * map_k)));
    if (ImTextureID tex = svg_texture("print", p.svg, px))
      dl->AddImage(tex, ImVec2(mx, my), ImVec2(mx + p.svg_w * map_k, my + p.svg_h * map_k));
    else
      dl->AddRectFilled(ImVec2(mx, my), ImVec2(mx + p.svg_w * map_k, my + p.svg_h * map_k), IM_COL32(148, 163, 184, 60));
    const ImU32 accent = IM_COL32(91, 124, 250, 255);
    if (p.tiled) {
      for (const PrintTile& t : plan.tiles) {
        ImVec2 a(o0.x + (t.x + ox) * k, o0.y + t.y * k), b(a.x + t.w * k, a.y + t.h * k);
        dl->AddRect(a, b, accent, 0, 0, 1.5f * u);
        char name[32];
        std::snprintf(name, sizeof name, "%d-%d", t.row + 1, t.col + 1);
        // Each sheet's name in its corner on the reading side (sheet 1-1 is the right one of an rtl map).
        if (t.w * k > 40 * u) dl->AddText(ImVec2(o.rtl ? b.x - 4 * u - ImGui::CalcTextSize(name).x : a.x + 4 * u, a.y + 2 * u), accent, name);
      }
    } else {
      dl->AddRect(o0, ImVec2(o0.x + ext_w * k, o0.y + ext_h * k), accent, 0, 0, 1.5f * u);
    }
    ImGui::Dummy(ImVec2(pw, ph));
    ui_record("print.preview");

    // What will print.
    // The paper's name ("A4 (210 × 297 mm)") isolated (FSI ... PDI), so that in an Arabic sentence
    // its digits and parentheses stay one left-to-right run whatever the words around it.
    std::string paper = "\xE2\x81\xA8" + paper_label(p.paper) + "\xE2\x81\xA9, " + TX(p.landscape ? "print.landscape" : "print.portrait");
    char pct[16];
    std::snprintf(pct, sizeof pct, "%d", (int)std::lround(plan.mm_per_unit / (25.4f / 96.0f) * 100));
    std::string summary = p.tiled ? TPX("print.summary_tiled", (long long)plan.tiles.size(),
                                        {{"rows", std::to_string(plan.rows)}, {"cols", std::to_string(plan.cols)}, {"paper", paper}, {"pct", pct}})
                                  : TFX("print.summary_page", {{"paper", paper}, {"pct", pct}});
    ui_text_wrapped(summary, 0);
    ui_text_wrapped(TX("print.hint"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::Spacing();
    const float bw = narrow ? (ImGui::GetContentRegionAvail().x - 8 * u) / 2 : 140 * u;
    const float x0 = ImGui::GetCursorPosX(), avail = ImGui::GetContentRegionAvail().x;
    // Print first on the reading side, Cancel after it.
    ImGui::SetCursorPosX(ui_rtl() ? x0 + avail - bw : x0);
    bool go = ui_button("print.print", ImVec2(bw, 0));
    ui_record("print.print");
    ImGui::SameLine();
    ImGui::SetCursorPosX(ui_rtl() ? x0 + avail - 2 * bw - 8 * u : x0 + bw + 8 * u);
    bool cancel = ui_button("print.cancel", ImVec2(bw, 0));
    ui_record("print.cancel");
    cancel = cancel || (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None);
    if (go) print_now(ed, doc);
    if (go || cancel) { p.show = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  if (!open) p.show = false;
  ImGui::PopStyleVar();
}

void print_dialog(Editor& ed, Doc& doc) {
  if (ed.print.show) print_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

} // namespace jm
