// gallery.cpp: "New map", the templates shipped with the site (assets/templates) shown as
// tiles with a preview. They are not in the data package: web/assets.js fetches them (index.json
// and the files) into /assets/templates when the gallery first opens or a command names one, and
// the gallery shows the built-in maps and a loading line until they are in. A preview is not an image file: it is the template's own layout, computed
// the first time the gallery opens and drawn small (stage colours, lanes, cards, emotion curve),
// so it is always what opening the template gives, in every theme, at no download cost.
//
// Templates come in the interface languages (name.<lang>.journey.json); the gallery shows the
// interface language's first, with a switch to the others.
#include "editor/editor.h"
#include "core/io.h"
#include "platform/platform.h"
#include <algorithm>
#include <cstdio>
#include <dirent.h>

namespace jm {

static bool read_whole(const std::string& path, std::string* out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  out->clear();
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  std::fclose(f);
  return true;
}

// "b2b-phone-system.ar.journey.json" -> "ar"; a name without a language part is English.
static std::string language_of(const std::string& name) {
  size_t end = name.size() - 13;                 // before ".journey.json"
  size_t dot = name.rfind('.', end - 1);
  if (dot == std::string::npos || dot + 1 >= end) return "en";
  std::string lang = name.substr(dot + 1, end - dot - 1);
  return lang.size() == 2 ? lang : "en";
}

static void templates_scan(Editor& ed) {
  ed.templates.clear();
  if (DIR* d = opendir("/assets/templates")) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() < 13 || name.compare(name.size() - 13, 13, ".journey.json") != 0) continue;
      std::string text, path = "/assets/templates/" + name;
      if (!read_whole(path, &text)) continue;
      LoadResult r = load_map(text);
      if (!r.ok) continue;
      Editor::TemplateFile t;
      t.path = path;
      t.title = r.map.meta.title;
      t.lang = language_of(name);
      t.map = std::move(r.map);
      ed.templates.push_back(std::move(t));
    }
    closedir(d);
  }
  // The same order in every language: the simplest first, then the seeds' own B2B example; any
  // other template after them by title.
  static const char* order[] = {"classic-five-stages", "b2b-phone-system", "ecommerce-purchase", "saas-trial-to-paid",
                                "support-case", "coffee-shop-visit", "restaurant-service-blueprint", "employee-onboarding"};
  auto rank = [](const std::string& path) {
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
      if (path.find(std::string("/") + order[i] + ".") != std::string::npos) return i;
    return 100;
  };
  std::sort(ed.templates.begin(), ed.templates.end(), [&](const auto& a, const auto& b) {
    int ra = rank(a.path), rb = rank(b.path);
    return ra != rb ? ra < rb : a.title < b.title;
  });
}

static bool g_templates_in = false, g_templates_failed = false;

bool templates_ensure(Editor& ed) {
  if (g_templates_in) return true;
  if (g_templates_failed) return false;
  platform::AssetState s = platform::asset("templates");
  if (s == platform::AssetState::Failed) g_templates_failed = true;
  if (s != platform::AssetState::Ready) return false;
  templates_scan(ed);
  g_templates_in = true;
  return true;
}

bool templates_offered(const Editor& ed) { return !ed.templates.empty() || !g_templates_failed; }

// A thumbnail needs proportions, not exact text widths: a code point is about 7 map units.
static float rough_measure(const char* b, const char* e) {
  int n = 0;
  for (const char* p = b; p < e; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
  return n * 7.0f;
}

static void ensure_thumb(Editor::TemplateFile& t) {
  if (t.thumb_ready) return;
  LayoutStyle st;
  t.thumb = layout_map(t.map, st, rough_measure);
  t.thumb_ready = true;
}

// The map in miniature inside [p0, p0 + size): header band in the stage colours, lanes in
// alternating tints, each card a tinted block with its lane's colour on the reading-start edge,
// emotion curves as lines.
static void draw_thumb(ImDrawList* dl, const Editor& ed, const Map& m, const Layout& L, ImVec2 p0, ImVec2 size) {
  const Theme& th = ed.theme;
  LayoutStyle st;
  float hdr = st.stage_header_h * 0.5f;
  float W = std::max(1.0f, L.width), H = std::max(1.0f, L.height + hdr);
  float s = std::min(size.x / W, size.y / H);
  ImVec2 o(p0.x + (size.x - W * s) * 0.5f, p0.y + (size.y - H * s) * 0.5f);
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), th.canvas_bg, 6 * ed.ui);
  bool rtl = m.meta.direction == Direction::RightToLeft;
  for (size_t i = 0; i < L.stages.size() && i < m.stages.size(); i++) {
    const StageBox& sb = L.stages[i];
    ImVec2 a(o.x + sb.x * s + 1, o.y), b(o.x + (sb.x + sb.w) * s - 1, o.y + hdr * s - 2);
    dl->AddRectFilled(a, b, color_u32(m.stages[i].color), 2);
  }
  float gy = o.y + hdr * s;
  for (size_t i = 0; i < L.lanes.size(); i++) {
    const LaneBox& lb = L.lanes[i];
    dl->AddRectFilled(ImVec2(o.x, gy + lb.y * s), ImVec2(o.x + L.width * s, gy + (lb.y + lb.h) * s), i % 2 ? th.lane_bg_alt : th.lane_bg);
  }
  for (const CardBox& cb : L.cards) {
    if (cb.lane < 0 || cb.lane >= (int)m.lanes.size()) continue;
    Color lc = m.lanes[cb.lane].color;
    ImVec2 a(o.x + cb.r.x * s, gy + cb.r.y * s), b(o.x + cb.r.right() * s, gy + cb.r.bottom() * s);
    if (b.y - a.y < 2) b.y = a.y + 2;
    dl->AddRectFilled(a, b, color_mix(lc, th.card_bg, 0.22f), 1.5f);
    float strip = std::max(1.5f, 3 * s);
    if (rtl) dl->AddRectFilled(ImVec2(b.x - strip, a.y), b, color_u32(lc));
    else dl->AddRectFilled(a, ImVec2(a.x + strip, b.y), color_u32(lc));
  }
  for (const auto& curve : L.curves) {
    if (curve.size() < 2) continue;
    std::vector<Vec2> pts;
    for (const CurvePoint& p : curve) pts.push_back({p.x, p.y});
    std::vector<Vec2> smooth = smooth_curve(pts, 6);
    std::vector<ImVec2> line;
    for (const Vec2& v : smooth) line.push_back(ImVec2(o.x + v.x * s, gy + v.y * s));
    dl->AddPolyline(line.data(), (int)line.size(), th.accent, 0, std::max(1.5f, 2.5f * s));
  }
}

// One tile: the preview, the title and a line of counts. Returns true when clicked.
static bool tile(Editor& ed, const char* id, const std::string& title, const Map& m, const Layout& L, ImVec2 pos, ImVec2 size) {
  float u = ed.ui;
  const Theme& th = ed.theme;
  ImGui::SetCursorScreenPos(pos);
  bool clicked = ImGui::InvisibleButton(id, size);
  ui_record(id + 2);   // "tile:<file>" in jm.view().widgets, for tests that click as a person would
  bool hot = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), th.panel_bg, 10 * u);
  dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), hot ? th.accent : th.panel_border, 10 * u, 0, hot ? 2 * u : 1 * u);
  float pad = 10 * u;
  float text_h = ImGui::GetTextLineHeight();
  ImVec2 tp(pos.x + pad, pos.y + pad), ts(size.x - 2 * pad, size.y - 2 * pad - 2 * text_h - 8 * u);
  draw_thumb(dl, ed, m, L, tp, ts);
  // The title ends with "…" when it does not fit; right to left it sits on the right.
  std::string shown = U(title);
  float max_w = size.x - 2 * pad;
  ImFont* f = ImGui::GetFont();
  float fs = ImGui::GetFontSize();
  ImVec2 title_pos(pos.x + pad, tp.y + ts.y + 6 * u);
  float tw = ImGui::CalcTextSize(shown.c_str()).x;
  if (ui_rtl() || text_is_rtl(title)) title_pos.x = pos.x + size.x - pad - std::min(tw, max_w);
  draw_shaped_fit(dl, f, fs / kEm, title_pos, max_w, th.text, shown);
  int cards = 0;
  for (const Card& c : m.cards) cards += c.text.empty() ? 0 : 1;
  std::string meta = TP("status.stages", (long long)m.stages.size()) + "  ·  " + TP("status.cards", cards);
  float mw = ImGui::CalcTextSize(meta.c_str()).x;
  ImVec2 mp(ui_rtl() ? pos.x + size.x - pad - mw : pos.x + pad, title_pos.y + text_h + 2 * u);
  dl->AddText(mp, th.text_muted, meta.c_str());
  if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  return clicked;
}

JM_COLD static void gallery_window(Editor& ed, Doc& doc) {
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  bool rtl = ui_rtl();
  const char* title = TL("gallery.title");
  ImGui::OpenPopup(title);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(920 * u, io.DisplaySize.x - 24 * u), std::min(640 * u, io.DisplaySize.y - 40 * u)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    // Which language's templates: the interface's by default.
    if (ed.gallery_lang.empty()) ed.gallery_lang = i18n().language();
    static const char* langs[] = {"en", "ar", "he", "all"};
    float avail = ImGui::GetContentRegionAvail().x;
    float x = 0, y = ImGui::GetCursorPosY();
    float widths[4], total = 0;
    std::string labels[4];
    for (int i = 0; i < 4; i++) {
      labels[i] = std::string(T(i < 3 ? (std::string("lang.") + langs[i]).c_str() : "gallery.all")) + "###gl_" + langs[i];
      widths[i] = ImGui::CalcTextSize(labels[i].c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
      total += widths[i] + 6 * u;
    }
    x = rtl ? avail - widths[0] : 0;
    for (int i = 0; i < 4; i++) {
      ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x + x, y));
      bool on = ed.gallery_lang == langs[i];
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(ed.theme.accent_soft));
      if (ImGui::Button(labels[i].c_str())) ed.gallery_lang = langs[i];
      ui_record(labels[i].c_str() + labels[i].find("###") + 3);
      if (on) ImGui::PopStyleColor();
      if (i < 3) x = rtl ? x - widths[i + 1] - 6 * u : x + widths[i] + 6 * u;
    }
    (void)total;
    ImGui::Spacing();

    ImGui::BeginChild("##tiles", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() - 8 * u), false);
    float gap = 14 * u;
    float cw = ImGui::GetContentRegionAvail().x;
    // Tiles of about 260 px; a phone still gets two columns of small previews.
    int cols = std::max(cw >= 300 * u ? 2 : 1, (int)((cw + gap) / (260 * u + gap)));
    if (cols == 2 && cw < 560 * u) gap = 10 * u;
    float tw = (cw - gap * (cols - 1)) / cols, th = tw * 0.62f + 2 * ImGui::GetTextLineHeight() + 28 * u;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    int n = 0;
    auto next_pos = [&]() {
      int col = n % cols, row = n / cols;
      if (rtl) col = cols - 1 - col;
      n++;
      return ImVec2(origin.x + col * (tw + gap), origin.y + row * (th + gap));
    };
    // Blank and classic first: the maps the editor makes itself, named in the interface language.
    if (!ed.gallery_builtin_ready || ed.gallery_builtin_lang != i18n().language()) {
      ed.gallery_blank = editor_new_map(Template::Blank);
      ed.gallery_classic = editor_new_map(Template::Classic);
      LayoutStyle st;
      ed.gallery_blank_layout = layout_map(ed.gallery_blank, st, rough_measure);
      ed.gallery_classic_layout = layout_map(ed.gallery_classic, st, rough_measure);
      ed.gallery_builtin_ready = true;
      ed.gallery_builtin_lang = i18n().language();
    }
    bool done = false;
    if (tile(ed, "##tile:blank", TX("menu.new_blank"), ed.gallery_blank, ed.gallery_blank_layout, next_pos(), ImVec2(tw, th))) {
      editor_start_map(ed, doc, ed.gallery_blank);
      done = true;
    }
    if (!done && tile(ed, "##tile:classic", TX("menu.new_classic"), ed.gallery_classic, ed.gallery_classic_layout, next_pos(), ImVec2(tw, th))) {
      editor_start_map(ed, doc, ed.gallery_classic);
      done = true;
    }
    if (!templates_ensure(ed) && !done) {
      // The templates are on their way (or could not come): a line where their tiles will be.
      ImVec2 p = next_pos();
      ImGui::SetCursorScreenPos(ImVec2(p.x + 10 * u, p.y + 10 * u));
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted), "%s",
                         T(templates_offered(ed) ? "gallery.loading" : "gallery.unavailable"));
    }
    for (size_t i = 0; i < ed.templates.size() && !done; i++) {
      Editor::TemplateFile& t = ed.templates[i];
      if (ed.gallery_lang != "all" && t.lang != ed.gallery_lang) continue;
      ensure_thumb(t);
      std::string id = "##tile:" + t.path.substr(t.path.rfind('/') + 1);
      if (tile(ed, id.c_str(), t.title, t.map, t.thumb, next_pos(), ImVec2(tw, th))) {
        editor_start_map(ed, doc, t.map);
        done = true;
      }
    }
    // Room for the last row so the child scrolls to it.
    int rows = (n + cols - 1) / cols;
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + rows * (th + gap)));
    ImGui::Dummy(ImVec2(1, 1));
    ImGui::EndChild();
    if (ui_button("button.close", ImVec2(-1, 0)) || ImGui::IsKeyPressed(ImGuiKey_Escape)) done = true;
    if (done) { ed.show_gallery = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  if (!open) ed.show_gallery = false;
  ImGui::PopStyleVar();
}

void gallery_dialog(Editor& ed, Doc& doc) {
  if (ed.show_gallery) gallery_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

// The template whose file name contains `part`, preferring the interface language's (tests and
// the page's own commands name templates by file: "b2b", "classic-five-stages").
const Editor::TemplateFile* template_find(Editor& ed, const std::string& part) {
  if (!templates_ensure(ed)) return nullptr;
  const Editor::TemplateFile* english = nullptr;
  const Editor::TemplateFile* first = nullptr;
  for (const auto& t : ed.templates) {
    if (t.path.find(part) == std::string::npos) continue;
    if (t.lang == i18n().language()) return &t;
    if (t.lang == "en" && !english) english = &t;
    if (!first) first = &t;
  }
  return english ? english : first;
}

} // namespace jm
