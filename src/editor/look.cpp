// look.cpp: themes, fonts and the one text-drawing function.
#include "editor/editor.h"
#include "platform/platform.h"
#include <nlohmann/json.hpp>
#include "editor/render.h"
#include <imgui_internal.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace jm {

ImU32 color_u32(Color rgb, float alpha) {
  return IM_COL32((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, (int)(alpha * 255.0f + 0.5f));
}

// Mixes an RGB colour into `base` (an ImU32) by t: tints for cards and headers.
ImU32 color_mix(Color rgb, ImU32 base, float t) {
  float r = (float)((rgb >> 16) & 255), g = (float)((rgb >> 8) & 255), b = (float)(rgb & 255);
  float br = (float)((base >> IM_COL32_R_SHIFT) & 255), bg = (float)((base >> IM_COL32_G_SHIFT) & 255),
        bb = (float)((base >> IM_COL32_B_SHIFT) & 255);
  return IM_COL32((int)(br + (r - br) * t), (int)(bg + (g - bg) * t), (int)(bb + (b - bb) * t), 255);
}

static ImU32 rgb_u32(uint32_t rgb, int alpha = 255) { return IM_COL32((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, alpha); }

// The editor's Theme and ImGui style from a palette (core/palette.cpp, where the colours and their
// contrast live). The translucent colours (the accent wash, the card shadow) are made here; the
// contrast test counts the accent wash as core/palette.cpp's palette_pairs blends it.
static void theme_build(Editor& ed, const Palette& p) {
  Theme& t = ed.theme;
  bool strong = theme_is_high_contrast(p.kind);
  bool dark = relative_luminance(p.canvas_bg) < relative_luminance(p.text);
  t.dark = dark;
  t.app_bg = rgb_u32(p.app_bg);
  t.canvas_bg = rgb_u32(p.canvas_bg);
  t.panel_bg = rgb_u32(p.panel_bg);
  t.panel_border = rgb_u32(p.panel_border);
  t.grid_line = rgb_u32(p.grid_line);
  t.header_bg = rgb_u32(p.header_bg);
  t.header_text = rgb_u32(p.header_text);
  t.lane_bg = rgb_u32(p.lane_bg);
  t.lane_bg_alt = rgb_u32(p.lane_bg_alt);
  t.card_bg = rgb_u32(p.card_bg);
  t.card_border = rgb_u32(p.card_border);
  // No shadow in high contrast: a blurred edge is noise next to a black border.
  t.card_shadow = strong ? IM_COL32(0, 0, 0, 0) : dark ? IM_COL32(0, 0, 0, 60) : IM_COL32(17, 24, 39, 18);
  t.text = rgb_u32(p.text);
  t.text_muted = rgb_u32(p.text_muted);
  t.text_faint = rgb_u32(p.text_faint);
  t.accent = rgb_u32(p.accent);
  t.accent_soft = rgb_u32(p.accent, dark ? 48 : 36);
  t.selection = rgb_u32(p.selection);
  t.search_hit = rgb_u32(p.search_hit);
  t.positive = rgb_u32(p.positive);
  t.negative = rgb_u32(p.negative);
  t.zero_line = rgb_u32(p.zero_line);
  t.focus = rgb_u32(p.focus);

  // The chrome grows with the interface text size (DisplayPrefs::text_scale); ed.ui stays the
  // device pixel ratio, which converts to CSS px everywhere.
  float chrome = ed.ui * std::min(2.0f, std::max(1.0f, ed.display.text_scale));
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(12, 10);
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 7);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.WindowRounding = 8;
  s.ChildRounding = 6;
  s.FrameRounding = 6;
  s.PopupRounding = 8;
  s.GrabRounding = 6;
  s.ScrollbarRounding = 6;
  s.TabRounding = 6;
  s.ScrollbarSize = 12;
  s.GrabMinSize = 10;
  s.WindowBorderSize = 1;
  s.PopupBorderSize = 1;
  s.FrameBorderSize = 0;
  s.SeparatorTextBorderSize = 1;
  s.WindowMenuButtonPosition = ImGuiDir_None;
  s.WindowTitleAlign = ImVec2(ui_rtl() ? 1.0f : 0.0f, 0.5f);   // dialog titles on the reading side
  s.ScaleAllSizes(chrome);
  if (strong) {
    // Every field and button has a visible boundary (WCAG 1.4.11), windows a heavier one.
    float px = std::max(1.0f, std::round(ed.ui));
    s.FrameBorderSize = px;
    s.WindowBorderSize = s.PopupBorderSize = std::max(1.0f, std::round(2 * ed.ui));
  }

  ImVec4* c = s.Colors;
  auto v = [](ImU32 u) { return ImGui::ColorConvertU32ToFloat4(u); };
  if (!dark) ImGui::StyleColorsLight(&s); else ImGui::StyleColorsDark(&s);
  c[ImGuiCol_Text] = v(t.text);
  c[ImGuiCol_TextDisabled] = v(t.text_faint);
  c[ImGuiCol_WindowBg] = v(t.app_bg);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = v(t.panel_bg);
  c[ImGuiCol_Border] = v(t.panel_border);
  c[ImGuiCol_MenuBarBg] = v(t.panel_bg);
  c[ImGuiCol_FrameBg] = dark ? ImVec4(1, 1, 1, 0.06f) : ImVec4(0.06f, 0.09f, 0.16f, 0.05f);
  c[ImGuiCol_FrameBgHovered] = dark ? ImVec4(1, 1, 1, 0.10f) : ImVec4(0.06f, 0.09f, 0.16f, 0.08f);
  c[ImGuiCol_FrameBgActive] = v(t.accent_soft);
  c[ImGuiCol_Button] = c[ImGuiCol_FrameBg];
  c[ImGuiCol_ButtonHovered] = c[ImGuiCol_FrameBgHovered];
  c[ImGuiCol_ButtonActive] = v(t.accent_soft);
  c[ImGuiCol_Header] = v(t.accent_soft);
  c[ImGuiCol_HeaderHovered] = dark ? ImVec4(1, 1, 1, 0.08f) : v(rgb_u32(p.accent, 26));
  c[ImGuiCol_HeaderActive] = v(t.accent_soft);
  c[ImGuiCol_CheckMark] = v(t.accent);
  c[ImGuiCol_SliderGrab] = v(t.accent);
  c[ImGuiCol_SliderGrabActive] = v(t.accent);
  c[ImGuiCol_Separator] = v(t.panel_border);
  c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = v(t.panel_bg);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.06f, 0.08f, 0.12f, 0.35f);
  c[ImGuiCol_NavHighlight] = v(t.focus);
  c[ImGuiCol_TextSelectedBg] = v(t.accent_soft);
  c[ImGuiCol_TableHeaderBg] = dark ? ImVec4(1, 1, 1, 0.05f) : ImVec4(0.06f, 0.09f, 0.16f, 0.04f);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = dark ? ImVec4(1, 1, 1, 0.025f) : ImVec4(0.06f, 0.09f, 0.16f, 0.025f);
  c[ImGuiCol_TableBorderLight] = v(t.panel_border);
  c[ImGuiCol_TableBorderStrong] = v(t.panel_border);
  if (strong) {
    // Fields and buttons on the panel colour, outlined; hover and press in the accent wash; the
    // scrollbar grab and the resize grips readable against their track.
    c[ImGuiCol_FrameBg] = c[ImGuiCol_Button] = v(t.panel_bg);
    c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_ButtonHovered] = c[ImGuiCol_HeaderHovered] = v(rgb_u32(p.accent, dark ? 72 : 40));
    c[ImGuiCol_FrameBgActive] = c[ImGuiCol_ButtonActive] = c[ImGuiCol_HeaderActive] = c[ImGuiCol_Header] = v(rgb_u32(p.accent, dark ? 96 : 64));
    c[ImGuiCol_ScrollbarBg] = v(t.panel_bg);
    c[ImGuiCol_ScrollbarGrab] = c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = v(t.text_faint);
    c[ImGuiCol_ResizeGrip] = c[ImGuiCol_ResizeGripHovered] = c[ImGuiCol_ResizeGripActive] = v(t.text_faint);
    c[ImGuiCol_Separator] = c[ImGuiCol_SeparatorHovered] = c[ImGuiCol_SeparatorActive] = v(t.panel_border);
    c[ImGuiCol_TableHeaderBg] = v(t.panel_bg);
    c[ImGuiCol_TableRowBgAlt] = v(t.lane_bg_alt);
    c[ImGuiCol_ModalWindowDimBg] = dark ? ImVec4(0, 0, 0, 0.6f) : ImVec4(0, 0, 0, 0.45f);
    c[ImGuiCol_Tab] = v(t.panel_bg);
    c[ImGuiCol_TabHovered] = c[ImGuiCol_FrameBgHovered];
    c[ImGuiCol_TabActive] = c[ImGuiCol_Header];
  }
  // Forced colours: disabled items in the system's GrayText (inactive controls need no contrast).
  if (p.kind == ThemeKind::Forced) c[ImGuiCol_TextDisabled] = v(rgb_u32(ed.display.system.gray_text));
}

void theme_set(Editor& ed, ThemeKind kind) {
  ed.display.theme = kind;
  // Forced before the page sent the system colours (all zero): the high-contrast palette.
  const SystemColors& sc = ed.display.system;
  bool have_system = sc.canvas != sc.canvas_text;
  theme_build(ed, kind == ThemeKind::Forced && have_system ? palette_forced(sc) : palette_for(kind));
}

// Existing callers think in light and dark: keep the high-contrast choice and change only its
// brightness; in forced colours the system decides and `dark` is ignored.
void theme_apply(Editor& ed, bool dark) {
  ThemeKind k = ed.display.theme;
  if (k == ThemeKind::Contrast || k == ThemeKind::ContrastDark) k = dark ? ThemeKind::ContrastDark : ThemeKind::Contrast;
  else if (k != ThemeKind::Forced) k = dark ? ThemeKind::Dark : ThemeKind::Light;
  theme_set(ed, k);
}

// A CSS colour as getComputedStyle gives it ("rgb(r, g, b)", "rgba(...)") or as written
// ("#rrggbb", "#rgb"). False when it is neither.
static bool parse_css_color(const std::string& s, uint32_t* out) {
  if (s.size() == 7 && s[0] == '#') {
    char* end = nullptr;
    unsigned long v = std::strtoul(s.c_str() + 1, &end, 16);
    if (*end) return false;
    *out = (uint32_t)v;
    return true;
  }
  if (s.size() == 4 && s[0] == '#') {
    uint32_t v = 0;
    for (int i = 1; i < 4; i++) {
      int d = std::isdigit((unsigned char)s[i]) ? s[i] - '0' : (std::tolower((unsigned char)s[i]) >= 'a' && std::tolower((unsigned char)s[i]) <= 'f') ? std::tolower((unsigned char)s[i]) - 'a' + 10 : -1;
      if (d < 0) return false;
      v = (v << 8) | (uint32_t)(d * 17);
    }
    *out = v;
    return true;
  }
  unsigned r = 0, g = 0, b = 0;
  if (std::sscanf(s.c_str(), "rgb(%u, %u, %u", &r, &g, &b) == 3 || std::sscanf(s.c_str(), "rgba(%u, %u, %u", &r, &g, &b) == 3 ||
      std::sscanf(s.c_str(), "rgb(%u %u %u", &r, &g, &b) == 3) {
    if (r > 255 || g > 255 || b > 255) return false;
    *out = (r << 16) | (g << 8) | b;
    return true;
  }
  return false;
}

// "forced:{...}": the system colours the page read. A key that is missing or unreadable keeps the
// high-contrast palette's colour for it (light or dark after the system's canvas).
static bool read_system_colors(const std::string& json, SystemColors* out) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return false;
  uint32_t canvas = 0xFFFFFF;
  bool dark = false;
  if (j.contains("canvas") && j["canvas"].is_string() && parse_css_color(j["canvas"].get<std::string>(), &canvas))
    dark = relative_luminance(canvas) < 0.2;
  Palette d = palette_for(dark ? ThemeKind::ContrastDark : ThemeKind::Contrast);
  SystemColors c{d.canvas_bg, d.text, d.selection, d.canvas_bg, d.panel_bg, d.text, d.text_faint, d.accent};
  auto take = [&](const char* key, uint32_t* dst) {
    if (j.contains(key) && j[key].is_string()) parse_css_color(j[key].get<std::string>(), dst);
  };
  take("canvas", &c.canvas);
  take("canvas_text", &c.canvas_text);
  take("highlight", &c.highlight);
  take("highlight_text", &c.highlight_text);
  take("button_face", &c.button_face);
  take("button_text", &c.button_text);
  take("gray_text", &c.gray_text);
  take("link_text", &c.link_text);
  *out = c;
  return true;
}

static void text_scale_set(Editor& ed, float v) {
  if (!(v == v)) v = 1;   // NaN
  v = std::min(2.0f, std::max(1.0f, v));
  if (std::fabs(v - ed.display.text_scale) < 0.001f) return;
  ed.display.text_scale = v;
  platform::set_ui_text_scale(v);
  theme_set(ed, ed.display.theme);   // the style's sizes
  ed.fonts_dirty = true;             // fonts_build bakes the chrome's fonts at the new size
}

double display_command(Editor& ed, const std::string& name, const std::string& arg) {
  if (name == "theme") {
    ThemeKind k;
    if (arg.rfind("forced:", 0) == 0) {
      SystemColors c;
      if (!read_system_colors(arg.substr(7), &c)) return 0;
      ed.display.system = c;
      theme_set(ed, ThemeKind::Forced);
      return 1;
    }
    if (!theme_kind_from_key(arg, &k)) return 0;
    theme_set(ed, k);
    return 1;
  }
  if (name == "text_scale") {
    char* end = nullptr;
    float v = std::strtof(arg.c_str(), &end);
    if (end == arg.c_str()) return 0;
    text_scale_set(ed, v);
    return 1;
  }
  if (name == "motion") {
    if (arg != "reduce" && arg != "normal") return 0;
    ed.display.reduced_motion = arg == "reduce";
    return 1;
  }
  return -1;
}

// The View menu's display items (editor.cpp calls this inside its View menu).
void display_menu_items(Editor& ed) {
  ThemeKind k = ed.display.theme;
  bool forced = k == ThemeKind::Forced;
  bool high = forced || k == ThemeKind::Contrast || k == ThemeKind::ContrastDark;
  // Dark and high contrast are two switches: high contrast keeps the brightness, dark keeps the
  // contrast. In forced colours the system's contrast theme rules both: not switchable here.
  if (ui_menu_key("menu.dark_theme", nullptr, ed.theme.dark, !forced)) theme_apply(ed, !ed.theme.dark);
  if (ui_menu_key("display.high_contrast", nullptr, high, !forced)) {
    if (high) theme_set(ed, ed.theme.dark ? ThemeKind::Dark : ThemeKind::Light);
    else theme_set(ed, ed.theme.dark ? ThemeKind::ContrastDark : ThemeKind::Contrast);
  }
  if (ui_begin_menu(T("display.text_size"), "display.text_size")) {
    for (int pct : {100, 125, 150, 175, 200}) {
      std::string label = TF("display.percent", {{"n", std::to_string(pct)}});
      std::string id = "display.text_size_" + std::to_string(pct);
      bool on = std::fabs(ed.display.text_scale * 100 - pct) < 1;
      if (ui_menu_item(label.c_str(), id.c_str(), nullptr, on, true)) text_scale_set(ed, pct / 100.0f);
    }
    ImGui::EndMenu();
  }
  if (ui_menu_key("display.reduce_motion", nullptr, ed.display.reduced_motion)) ed.display.reduced_motion = !ed.display.reduced_motion;
}

void panel_begin(const Editor& ed, const char* name, ImVec2 pos, ImVec2 size, ImVec2 padding) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(ed.theme.panel_bg));
  ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing);
}

void panel_end() {
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(3);
}

// Glyph ranges baked into the atlas. Arabic: Forms-B (FE70-FEFF), what shaping produces, and of
// Forms-A the Persian/Urdu letter forms (FB50-FBFF), the ornate parentheses and the word ligatures
// people type or paste (FDF0-FDFF: U+FDF2 Allah, U+FDFA, the rial sign). The 450 contextual
// ligatures FC00-FD3D/FD50-FDC7 are in the font file (the browser text field shows them) but not
// baked: FriBidi never produces them, and baking them cost 90 ms at every atlas build (start, and
// each time the zoom settles), 218 ms against 130 ms, measured.
// Latin: the common part (what English, most western European text and the interface use: 303
// of the face's 1,010 glyphs) from the data package's faces; the whole of it from the full faces
// (NotoSansLatin), fetched the first time text needs them (kScriptLatinExt). The first atlas and
// every rebake for the zoom are a third of the work, and the download 44 KB gzip less.
static const ImWchar kLatinCommon[] = {0x0020, 0x00FF, 0x2000, 0x206F, 0x20AC, 0x20AC, 0};
static const ImWchar kLatin[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20AC, 0x20AC, 0};
// The start set: what the first atlas holds of the common part, unless the map's text needs more
// (issue #12: the first frame waits for the atlas, and a third of the glyphs rasterise a third
// faster). ASCII, the no-break space, and the punctuation the interface's strings and the code's
// literals draw (· × – — ‘ ’ “ ” • … ‹ ›) and the zero-width marks. in_latin_start says the same
// for scan_text; keep the two together.
static const ImWchar kLatinStart[] = {0x0020, 0x007E, 0x00A0, 0x00A0, 0x00B7, 0x00B7, 0x00D7, 0x00D7, 0x200B, 0x200F,
                                      0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2022, 0x2026, 0x2026,
                                      0x2039, 0x203A, 0x2066, 0x2069, 0};
// What ImGui draws for a codepoint the atlas lacks: an outlined box (the ".notdef" look browsers
// give a missing glyph), at U+007F, which no text draws. Its own rectangle of the atlas lets
// fonts_check_frame find it. Not the font's U+FFFD: ImGui sizes each font's lookup tables by the
// highest codepoint, and 65,534 entries a font cost 8 ms at every bake.
static constexpr ImWchar kMissingGlyph = 0x7F;
static bool in_latin_start(unsigned cp) {
  for (const ImWchar* r = kLatinStart; r[0]; r += 2)
    if (cp >= r[0] && cp <= r[1]) return true;
  return false;
}
// Arrows and the minus sign, from Noto Sans Math (Noto Sans has none: they drew as "?"). The
// common ones (the four directions and their diagonals, the double arrows, the minus: 17 glyphs)
// come with the rest of the common part (kScriptRest); any other arrow asks for the whole
// Latin face like Polish text does (scan_text), and the rebake then takes the whole arrows block.
static const ImWchar kArrowsCommon[] = {0x2190, 0x2199, 0x21D0, 0x21D5, 0x2212, 0x2212, 0};
static const ImWchar kArrows[] = {0x2190, 0x21FF, 0x2212, 0x2212, 0};
static bool arrow_is_common(unsigned cp) { return (cp >= 0x2190 && cp <= 0x2199) || (cp >= 0x21D0 && cp <= 0x21D5); }
static const ImWchar kArabic[] = {0x0600, 0x06FF, 0x0750, 0x077F, 0xFB50, 0xFBFF, 0xFD3E, 0xFD3F, 0xFDF0, 0xFDFF, 0xFE70, 0xFEFF, 0};
// Arabic's start set: what Arabic-language text shapes into (Forms-B), and of the base block the
// letters, marks, digits and punctuation up to U+066F; the ornate parentheses. Persian and Urdu
// letters (U+0670 on, and the Forms-A they shape into) and the word ligatures are the rest
// (scan_text says which is which): 258 codepoints of 633, and the Arabic interface's first
// atlas rasterises 40 % of what it did.
static const ImWchar kArabicStart[] = {0x0600, 0x066F, 0xFD3E, 0xFD3F, 0xFE70, 0xFEFF, 0};
static const ImWchar kHebrew[] = {0x0590, 0x05FF, 0xFB1D, 0xFB4F, 0};

// The Arabic and Hebrew faces are not in the data package: web/assets.js fetches them when the
// interface or the text drawn needs them (lazy_assets.cpp), so each is merged only once its files
// are in the file system. g_baked: the scripts (kScript*) whose faces the atlas holds.
static unsigned g_baked = 0, g_missing = 0;
static bool g_arrows = false;   // the arrows face is there (the data package has it)
static bool g_rest_wanted = false;   // bake the rest of each face (kScriptRest) from now on
static bool file_exists(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}

// kScript* bits of the text and, with kNeedsShaping, whether anything from Hebrew (U+0590, lead
// byte 0xD6) up or a bidi control (0xE2 ...) may need the bidi algorithm or Arabic shaping: one
// pass answers what draw_text asks of every label it draws, every frame.
static constexpr unsigned kNeedsShaping = 1u << 31;
static unsigned scan_text(const char* b, const char* e) {
  unsigned out = 0;
  for (const unsigned char* p = (const unsigned char*)b; p < (const unsigned char*)e; p++) {
    unsigned c = *p;
    if (c < 0xC2) continue;
    if (c < 0xC4) {                                                        // U+0080-00FF
      if (p + 1 < (const unsigned char*)e && !in_latin_start(((c & 0x1Fu) << 6) | (p[1] & 0x3Fu))) out |= kScriptRest;
      continue;
    }
    if (c >= 0xD6) out |= kNeedsShaping;
    if (c <= 0xC9 || c == 0xCC || c == 0xCD) out |= kScriptLatinExt;         // U+0100-027F, 0300-036F
    else if (c == 0xD6 || c == 0xD7) out |= kScriptHebrew;                   // U+0580-05FF
    else if ((c >= 0xD8 && c <= 0xDB) || c == 0xDD) {                        // U+0600-06FF, 0740-077F
      out |= kScriptArabic;
      if (c >= 0xDA || (c == 0xD9 && p + 1 < (const unsigned char*)e && p[1] >= 0xB0)) out |= kScriptRest;   // from U+0670
    }
    else if (c == 0xE1 && p + 1 < (const unsigned char*)e && p[1] >= 0xB8 && p[1] <= 0xBB) out |= kScriptLatinExt;   // U+1E00-1EFF
    else if (c == 0xE2 && p + 2 < (const unsigned char*)e && p[1] >= 0x80 && p[1] <= 0x88) {                  // U+2000-223F
      unsigned cp = 0x2000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (cp >= 0x2190 && cp <= 0x21FF) out |= arrow_is_common(cp) ? kScriptRest : kScriptLatinExt;
      else if (cp == 0x2212 || (cp < 0x2190 && !in_latin_start(cp))) out |= kScriptRest;
    }
    else if (c == 0xEF && p + 2 < (const unsigned char*)e) {                 // presentation forms
      unsigned c1 = p[1], c2 = p[2];
      if (c1 == 0xAC && c2 >= 0x9D) out |= kScriptHebrew;                  // U+FB1D-FB3F
      else if (c1 == 0xAD) out |= c2 < 0x90 ? kScriptHebrew : kScriptArabic | kScriptRest;  // U+FB40-FB7F
      else if (c1 >= 0xAE && c1 <= 0xBB) {                                  // U+FB80-FEFF
        out |= kScriptArabic;
        if (c1 <= 0xB7 && !(c1 == 0xB4 && c2 >= 0xBE)) out |= kScriptRest;  // Forms-A but the ornate parentheses
      }
    }
  }
  return out;
}
// Text about to be drawn: a script without its face is noted (the frame will not be shown).
static inline void note_scripts(unsigned scripts) { g_missing |= scripts & kScriptsAll & ~g_baked; }
static inline void note_text(const char* b, const char* e) {
  if (g_baked != kScriptsAll) note_scripts(scan_text(b, e));
}
static inline void note_text(const std::string& s) { note_text(s.data(), s.data() + s.size()); }
unsigned fonts_baked_scripts() { return g_baked; }
unsigned fonts_take_missing_scripts() {
  unsigned m = g_missing;
  g_missing = 0;
  return m;
}

// missed: text was laid out with the fallback's widths for some of its glyphs (measured again).
static bool g_rest_missed = false;
void fonts_want_rest(bool missed) {
  g_rest_wanted = true;
  g_rest_missed |= missed;
}
bool fonts_stale() { return g_rest_wanted && !(g_baked & kScriptRest); }

// The text a map shows on its canvas and in its panels: a map whose text goes beyond the start
// sets gets the rest in its first atlas (a French or Persian map would otherwise build its first
// frame twice). What this misses is still caught: noted when drawn, or found by fonts_check_frame.
void fonts_note_map(const Map& m) {
  if (g_rest_wanted) return;   // asked for already (a frame dropped at start scans again)
  unsigned s = 0;
  auto scan = [&s](const std::string& t) { s |= scan_text(t.data(), t.data() + t.size()); };
  scan(m.meta.title);
  scan(m.meta.goal);
  scan(m.meta.owner);
  for (const Stage& st : m.stages) scan(st.name);
  for (const Lane& l : m.lanes) scan(l.name);
  for (const Persona& p : m.personas) { scan(p.name); scan(p.role); }
  for (const Card& c : m.cards) {
    scan(c.text);
    scan(c.owner);
    scan(c.channel);
    for (const std::string& t : c.tags) scan(t);
    for (const Metric& x : c.metrics) { scan(x.name); scan(x.unit); }
    if (s & kScriptRest) break;
  }
  if (s & kScriptRest) g_rest_wanted = true;
}

// Text that reaches ImGui without passing note_text (a literal, a text field's contents) and
// needs a glyph the start set lacks is drawn with the fallback glyph, kMissingGlyph: a quad whose
// texture coordinates lie in that glyph's rectangle of the atlas, which no other glyph shares.
// Such a frame is not shown, and the next bakes the rest (only while the atlas holds the start
// set: the frame after the first shown one bakes the rest anyway).
void fonts_check_frame(const ImDrawData* dd) {
  if (g_baked & kScriptRest) return;
  ImVec4 boxes[8];
  int n = 0;
  for (ImFont* f : ImGui::GetIO().Fonts->Fonts) {
    const ImFontGlyph* g = f->FallbackGlyph;
    if (g && g->Codepoint == kMissingGlyph && n < 8) boxes[n++] = ImVec4(g->U0, g->V0, g->U1, g->V1);
  }
  for (int l = 0; l < dd->CmdListsCount; l++) {
    const ImVector<ImDrawVert>& vb = dd->CmdLists[l]->VtxBuffer;
    for (const ImDrawVert& v : vb)
      for (int i = 0; i < n; i++)
        if (v.uv.x >= boxes[i].x && v.uv.x <= boxes[i].z && v.uv.y >= boxes[i].y && v.uv.y <= boxes[i].w) {
          g_missing |= kScriptRest;
          return;
        }
  }
}

// Each font's missing-glyph box: its custom rectangle, drawn once the atlas is built.
struct MissingBox { ImFont* font; int rect; };
static ImVector<MissingBox> g_missing_boxes;

// The boxes' pixels (a one-pixel outline), and each sat on its font's baseline, known only now.
static void draw_missing_boxes() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  unsigned char* px = nullptr;
  int tw = 0, th = 0;
  atlas->GetTexDataAsAlpha8(&px, &tw, &th);
  for (const MissingBox& b : g_missing_boxes) {
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(b.rect);
    for (int y = 0; y < r->Height; y++)
      for (int x = 0; x < r->Width; x++) {
        bool edge = x == 0 || y == 0 || x == r->Width - 1 || y == r->Height - 1;
        px[(r->Y + y) * tw + r->X + x] = edge ? 0xFF : 0x00;
      }
    ImFontGlyph* g = (ImFontGlyph*)b.font->FindGlyphNoFallback(kMissingGlyph);
    if (!g) continue;
    float dy = std::round(b.font->Ascent) - g->Y1;
    g->Y0 += dy;
    g->Y1 += dy;
  }
  g_missing_boxes.clear();
}

static ImFont* add_font(float px, bool bold) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  bool ext = (g_baked & kScriptLatinExt) != 0, rest = (g_baked & kScriptRest) != 0;
  const char* latin = ext ? (bold ? "/fonts/NotoSansLatin-Bold.ttf" : "/fonts/NotoSansLatin-Regular.ttf")
                          : (bold ? "/fonts/NotoSans-Bold.ttf" : "/fonts/NotoSans-Regular.ttf");
  const char* arabic = bold ? "/fonts/NotoSansArabic-Bold.ttf" : "/fonts/NotoSansArabic-Regular.ttf";
  const char* hebrew = bold ? "/fonts/NotoSansHebrew-Bold.ttf" : "/fonts/NotoSansHebrew-Regular.ttf";
  ImFont* f = io.Fonts->AddFontFromFileTTF(latin, px, &cfg, ext ? kLatin : rest ? kLatinCommon : kLatinStart);
  if (!f) {
    std::fprintf(stderr, "font %s missing: falling back to the built-in font\n", latin);
    return io.Fonts->AddFontDefault();
  }
  int box_w = std::max(3, (int)std::lround(px * 0.45f)), box_h = std::max(4, (int)std::lround(px * 0.55f));
  g_missing_boxes.push_back({f, io.Fonts->AddCustomRectFontGlyph(f, kMissingGlyph, box_w, box_h, std::round(px * 0.6f),
                                                                 ImVec2(std::round((px * 0.6f - box_w) / 2), 0))});
  f->FallbackChar = kMissingGlyph;
  cfg.MergeMode = true;
  // stb_truetype sizes a font by its ascent-to-descent height, which is 2.112 em for Noto Sans
  // Arabic (room for stacked marks) against 1.362 em for Noto Sans: scale it up so both scripts
  // have the same em and Arabic is not drawn a third smaller than Latin. Hebrew matches.
  // Noto Sans Math: the same em, like Arabic (1.492 em from ascent to descent). One weight.
  if (g_arrows && rest) io.Fonts->AddFontFromFileTTF("/fonts/NotoSansMath-Regular.ttf", px * (1.492f / 1.362f), &cfg, ext ? kArrows : kArrowsCommon);
  if (g_baked & kScriptArabic) io.Fonts->AddFontFromFileTTF(arabic, px * (2.112f / 1.362f), &cfg, rest ? kArabic : kArabicStart);
  if (g_baked & kScriptHebrew) io.Fonts->AddFontFromFileTTF(hebrew, px, &cfg, kHebrew);
  return f;
}

static std::unordered_map<ImFont*, ShapeCache> g_panel_wraps;

void fonts_build(Editor& ed) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  g_missing_boxes.clear();
  io.Fonts->TexDesiredWidth = 2048;
  unsigned baked_before = g_baked;
  g_baked = (file_exists("/fonts/NotoSansArabic-Regular.ttf") && file_exists("/fonts/NotoSansArabic-Bold.ttf") ? kScriptArabic : 0) |
            (file_exists("/fonts/NotoSansHebrew-Regular.ttf") && file_exists("/fonts/NotoSansHebrew-Bold.ttf") ? kScriptHebrew : 0) |
            (file_exists("/fonts/NotoSansLatin-Regular.ttf") && file_exists("/fonts/NotoSansLatin-Bold.ttf") ? kScriptLatinExt : 0);
  g_arrows = file_exists("/fonts/NotoSansMath-Regular.ttf");
  // The rest needs no download (the whole Latin face holds the common part: with it, the rest).
  if (g_rest_wanted || (g_baked & kScriptLatinExt)) g_baked |= kScriptRest;
  float u = ed.ui;
  // The chrome's fonts at the interface text size (1..2): ImGui's widgets (menus, inspector,
  // panels, dialogs) size themselves from them. The canvas draws with explicit sizes.
  float ts = std::min(2.0f, std::max(1.0f, ed.display.text_scale));
  ed.font_ui = add_font(14.0f * kEm * u * ts, false);
  ed.font_bold = add_font(15.0f * kEm * u * ts, true);
  ed.font_title = add_font(22.0f * kEm * u * ts, true);
  // Cards and grid headers zoom with the map: baked for the current zoom so they stay sharp;
  // at 100 % (and the interface text at 100 %) they are the UI fonts themselves.
  float z = ed.font_zoom;
  if (std::fabs(z - 1.0f) < 0.01f && std::fabs(ts - 1.0f) < 0.001f) {
    ed.font_card = ed.font_ui;
    ed.font_card_bold = ed.font_bold;
  } else {
    ed.font_card = add_font(14.0f * kEm * u * z, false);
    ed.font_card_bold = add_font(15.0f * kEm * u * z, true);
  }
  io.Fonts->Build();
  draw_missing_boxes();
  io.FontDefault = ed.font_ui;
  g_panel_wraps.clear();   // measured with the old fonts
  // Card texts are measured with the UI font at 14 px (canvas_ensure_layout), whose glyphs change
  // only with the UI scale: a rebake for the zoom keeps them (wrapping a large map again cost
  // seconds after every zoom step, and right after opening it, when the fit changes the zoom).
  static float shapes_ui = 0;
  // A face that arrived changes the widths of its script's glyphs (they were the fallback's).
  // The rest of a face changes no width already measured, unless text needing it was drawn
  // before it came (then measured with the missing box's).
  bool widths = ((baked_before ^ g_baked) & ~kScriptRest) != 0 || g_rest_missed;
  if (shapes_ui != u * ts || widths) { ed.card_shapes.clear(); shapes_ui = u * ts; }
  g_rest_missed = false;
  ed.layout_key = ~0ull;
  render::fonts_changed();   // the renderer uploads the new atlas (render.h)
  // The renderer has its copy now: the atlas' pixels (one byte and four bytes a texel, 2048 wide)
  // would otherwise stay in the heap for good, megabytes that a large map can use instead.
  io.Fonts->ClearTexData();
  ed.fonts_dirty = false;
}

// ---- Text ---------------------------------------------------------------------------------

// Labels, names and titles shaped once and kept: the visual form does not depend on the font,
// so one cache serves every size. Plain Latin text skips it.
static ShapeCache g_label_shapes(4096);

// Anything from Hebrew (U+0590, lead byte 0xD6) up, and the bidi controls (0xE2 ...), may need
// the bidi algorithm or Arabic shaping (scan_text answers this too, with the scripts).
static bool needs_shaping(const char* b, const char* e) {
  for (const char* p = b; p < e; p++)
    if ((unsigned char)*p >= 0xD6) return true;
  return false;
}

// The first line of a label in visual order (a label is drawn on one line).
static const DisplayLine* shaped_label(const char* b, const char* e) {
  static const MeasureFn no_measure = [](const char*, const char*) { return 0.0f; };
  auto lines = g_label_shapes.line(std::string_view(b, (size_t)(e - b)), BaseDir::Auto, no_measure);
  static std::shared_ptr<const DisplayLines> keep;   // valid until the next call
  keep = lines;
  return lines->empty() ? nullptr : &lines->front();
}

bool text_is_rtl(const std::string& s) {
  if (!needs_shaping(s.data(), s.data() + s.size())) return false;
  const DisplayLine* l = shaped_label(s.data(), s.data() + s.size());
  return l && l->rtl;
}

void draw_shaped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const std::string& visual, const ImVec4* clip) {
  if (visual.empty()) return;
  note_text(visual);
  dl->AddText(font, size * kEm, ImVec2(std::floor(pos.x + 0.5f), std::floor(pos.y + 0.5f)), col, visual.data(),
              visual.data() + visual.size(), 0.0f, clip);
}

float draw_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const char* b, const char* e, const ImVec4* clip) {
  if (b == e) return 0;
  unsigned scan = scan_text(b, e);
  if (scan & kNeedsShaping) {
    if (const DisplayLine* l = shaped_label(b, e)) {
      draw_shaped(dl, font, size, pos, col, l->visual, clip);
      return measure_shaped(font, size, l->visual.data(), l->visual.data() + l->visual.size());
    }
  }
  note_scripts(scan);   // Latin beyond the common part
  dl->AddText(font, size * kEm, ImVec2(std::floor(pos.x + 0.5f), std::floor(pos.y + 0.5f)), col, b, e, 0.0f, clip);
  return measure_shaped(font, size, b, e);
}

float measure_shaped(ImFont* font, float size, const char* b, const char* e) {
  return font->CalcTextSizeA(size * kEm, 1e9f, 0.0f, b, e).x;
}

float measure_text(ImFont* font, float size, const char* b, const char* e) {
  if (needs_shaping(b, e))
    if (const DisplayLine* l = shaped_label(b, e)) return measure_shaped(font, size, l->visual.data(), l->visual.data() + l->visual.size());
  return measure_shaped(font, size, b, e);
}

// Bytes of the UTF-8 code point that ends just before `e` (for walking a string backwards).
static const char* prev_cp(const char* b, const char* e) {
  const char* p = e - 1;
  while (p > b && ((unsigned char)*p & 0xC0) == 0x80) p--;
  return p;
}

void draw_text_fit(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_w, ImU32 col, const std::string& s,
                   float align) {
  // Nothing past a few hundred characters can fit on one line: a huge title costs nothing.
  // (The cut text with its ellipsis must stay under the limit, or this would recurse for ever.)
  if (s.size() > 1024) {
    size_t cut = 1000;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    draw_text_fit(dl, font, size, pos, max_w, col, s.substr(0, cut) + "\xE2\x80\xA6", align);
    return;
  }
  // Shaped once (cached), then cut in visual order: a right-to-left label loses the glyphs at its
  // left end (its logical end) and shows the ellipsis there. Widths are summed glyph by glyph
  // rather than measured again for every shorter candidate, so a long label costs one pass.
  const std::string* visual = &s;
  bool rtl = false;
  if (needs_shaping(s.data(), s.data() + s.size()))
    if (const DisplayLine* l = shaped_label(s.data(), s.data() + s.size())) { visual = &l->visual; rtl = l->rtl; }
  if (align == 0 && rtl) align = 1;   // a right-to-left label starts at the right
  const char* b = visual->data();
  const char* e = b + visual->size();
  float w = measure_shaped(font, size, b, e);
  if (w <= max_w) {
    draw_shaped(dl, font, size, ImVec2(pos.x + (max_w - w) * align, pos.y), col, *visual, nullptr);
    return;
  }
  const char* ell = "\xE2\x80\xA6";
  float scale = size * kEm / font->FontSize;
  float room = max_w - measure_shaped(font, size, ell, ell + 3), used = 0;
  std::string shown;
  if (rtl) {
    const char* cut = e;
    while (cut > b) {
      const char* p = prev_cp(b, cut);
      unsigned int c = 0;
      ImTextCharFromUtf8(&c, p, cut);
      float adv = font->GetCharAdvance((ImWchar)c) * scale;
      if (used + adv > room) break;
      used += adv;
      cut = p;
    }
    // Never start on a combining mark whose letter was cut (in visual order a mark follows it).
    auto is_mark = [](unsigned int c) {
      return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0591 && c <= 0x05C7) || (c >= 0x0610 && c <= 0x061A) ||
             (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED);
    };
    while (cut < e) {
      unsigned int c = 0;
      int n = ImTextCharFromUtf8(&c, cut, e);
      if (!is_mark(c)) break;
      cut += std::max(1, n);
    }
    shown = std::string(ell) + std::string(cut, e);
  } else {
    const char* cut = b;
    while (cut < e) {
      unsigned int c = 0;
      int n = ImTextCharFromUtf8(&c, cut, e);
      float adv = font->GetCharAdvance((ImWchar)c) * scale;
      if (used + adv > room) break;
      used += adv;
      cut += std::max(1, n);
    }
    shown = std::string(b, cut) + ell;
  }
  float sw = measure_shaped(font, size, shown.data(), shown.data() + shown.size());
  draw_shaped(dl, font, size, ImVec2(pos.x + std::max(0.0f, max_w - sw) * align, pos.y), col, shown, nullptr);
}

} // namespace jm

// ---- Interface language -----------------------------------------------------------------------

namespace jm {

static I18n g_i18n;
I18n& i18n() { return g_i18n; }
bool ui_rtl() { return g_i18n.rtl(); }

// English is in the data package (every table falls back to it); Arabic and Hebrew are there
// when web/assets.js fetched them (before main() for the interface language, else when chosen).
// Packed by the build (src/platform/i18n_pack.cpp) from assets/i18n/*.json.
bool ui_load_language(const std::string& lang) {
  std::string path = "/assets/i18n/" + lang + ".jmt", text, error;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  if (g_i18n.load_packed(lang, text, &error)) return true;
  std::fprintf(stderr, "i18n: %s: %s\n", path.c_str(), error.c_str());
  return false;
}

void ui_load_languages() {
  if (!ui_load_language("en")) std::fprintf(stderr, "i18n: /assets/i18n/en.jmt missing\n");
  for (const char* lang : {"ar", "he"}) ui_load_language(lang);
}

void ui_set_language(Editor& ed, const std::string& lang) {
  if (!g_i18n.set_language(lang)) return;
  ed.lang_serial++;
  ed.layout_key = ~0ull;   // empty-card hints and lane type names are drawn from the table
}

const char* T(const char* key) {
  const std::string& s = g_i18n.display(key);
  note_text(s);
  return s.c_str();
}
const std::string& TX(const char* key) { return g_i18n.text(key); }
std::string TF(const char* key, I18nArgs args) {
  std::string s = g_i18n.display_text(g_i18n.format(key, args));
  note_text(s);
  return s;
}
std::string TFX(const char* key, I18nArgs args) { return g_i18n.format(key, args); }
std::string TP(const char* key, long long n, I18nArgs args) {
  std::string s = g_i18n.display_text(g_i18n.plural(key, n, args));
  note_text(s);
  return s;
}
std::string TPX(const char* key, long long n, I18nArgs args) { return g_i18n.plural(key, n, args); }
const char* U(const std::string& s) {
  const std::string& d = g_i18n.display_text(s, true);
  note_text(d);
  return d.c_str();
}

const char* TL(const char* key) {
  // Labels live until the language changes (the switch happens between frames).
  static std::unordered_map<std::string, std::string> labels;
  static std::string lang;
  if (lang != g_i18n.language()) { labels.clear(); lang = g_i18n.language(); }
  auto it = labels.find(key);
  if (it == labels.end()) it = labels.emplace(key, std::string(T(key)) + "###" + key).first;
  return it->second.c_str();
}

std::string lane_type_name(LaneType t) { return TX((std::string("lane_type.") + lane_type_info(t).key).c_str()); }

std::string channel_name(const std::string& key) {
  const ChannelInfo* ci = channel_info(key);
  return ci ? TX(("channel." + key).c_str()) : key;
}

// Undo labels are the core's English words ("Add card"): the table holds them under
// "action.add_card"; a label it does not know (a newer command) shows as it is.
std::string action_name(const std::string& label) {
  std::string key = "action.";
  for (char c : label) key += c == ' ' ? '_' : (char)std::tolower((unsigned char)c);
  return i18n().has("en", key) ? TX(key.c_str()) : label;
}

// ---- Widgets that follow the interface direction ----------------------------------------------

static std::vector<std::pair<std::string, ImVec4>> g_rects[2];   // this frame's, the last complete frame's
static int g_rects_frame = -1;

static void record_rect(const char* id, ImVec2 a, ImVec2 b) {
  int f = ImGui::GetFrameCount();
  if (f != g_rects_frame) { g_rects[1].swap(g_rects[0]); g_rects[0].clear(); g_rects_frame = f; }
  g_rects[0].push_back({id, ImVec4(a.x, a.y, b.x - a.x, b.y - a.y)});
}
void ui_record(const char* id) { record_rect(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

const std::vector<std::pair<std::string, ImVec4>>& ui_recorded() {
  // Between frames (where the page asks) the frame just drawn is complete.
  return g_rects_frame == ImGui::GetFrameCount() ? g_rects[0] : g_rects[1];
}

static ImU32 text_col(bool enabled = true) { return ImGui::GetColorU32(enabled ? ImGuiCol_Text : ImGuiCol_TextDisabled); }

// Text has no id in ImGui, so its hooks never report it: tell the chrome twins (a11y_chrome.cpp)
// about panel and dialog text, which a screen reader reads in the window's twin.
static void ui_text_hook(const char* text) {
#ifdef IMGUI_ENABLE_TEST_ENGINE
  ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), 0, text, 0);
#else
  (void)text;
#endif
}

void ui_text(const char* text, ImU32 col) {
  if (ui_rtl()) {
    float w = ImGui::CalcTextSize(text).x, avail = ImGui::GetContentRegionAvail().x;
    if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  }
  if (col) ImGui::PushStyleColor(ImGuiCol_Text, col);
  ImGui::TextUnformatted(text);
  if (col) ImGui::PopStyleColor();
  ui_text_hook(text);
}

// Wrapped panel text (help, inspector boxes), shaped once per text, width and font rather than
// every frame; dropped when the fonts are rebuilt (fonts_build).

std::shared_ptr<const DisplayLines> wrap_ui(const std::string& logical, float width, ImFont* font, float size) {
  auto it = g_panel_wraps.find(font);
  if (it == g_panel_wraps.end()) it = g_panel_wraps.emplace(font, ShapeCache(512)).first;
  return it->second.wrap(logical, width, ui_rtl() ? BaseDir::AutoRtl : BaseDir::Auto,
                         [font, size](const char* b, const char* e) { return measure_shaped(font, size, b, e); });
}

void ui_text_wrapped(const std::string& logical, ImU32 col) {
  ImFont* font = ImGui::GetFont();
  float size = ImGui::GetFontSize() / kEm, w = ImGui::GetContentRegionAvail().x;
  const DisplayLines& lines = *wrap_ui(logical, w, font, size);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float line_h = std::floor(ImGui::GetTextLineHeight() * 1.08f);   // a little air for Arabic marks
  for (const DisplayLine& l : lines) {
    draw_shaped(dl, font, size, ImVec2(l.rtl ? p.x + w - l.width : p.x, p.y), col ? col : text_col(), l.visual);
    p.y += line_h;
  }
  ImGui::Dummy(ImVec2(w, line_h * lines.size() - ImGui::GetStyle().ItemSpacing.y));
  ui_text_hook(logical.c_str());
}

bool ui_button(const char* key, ImVec2 size) { return ImGui::Button(TL(key), size); }

// A check box or radio button: the box on the reading side, the label after it.
static bool check_like(const char* key, bool on, bool radio, bool align_end) {
  if (!ui_rtl()) {
    if (!radio) return ImGui::Checkbox(TL(key), &on);
    bool pressed = ImGui::RadioButton(TL(key), on);
#ifdef IMGUI_ENABLE_TEST_ENGINE
    // ImGui's radio button reports no check state: say it, for the chrome twins.
    ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), ImGui::GetItemID(), T(key), ImGuiItemStatusFlags_Checkable | (on ? ImGuiItemStatusFlags_Checked : 0));
#endif
    return pressed;
  }
  const ImGuiStyle& st = ImGui::GetStyle();
  const char* text = T(key);
  float box = ImGui::GetFrameHeight(), tw = ImGui::CalcTextSize(text).x;
  float total = box + st.ItemInnerSpacing.x + tw, avail = ImGui::GetContentRegionAvail().x;
  if (align_end && total < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - total);   // on the reading side
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool pressed = ImGui::InvisibleButton(key, ImVec2(box + st.ItemInnerSpacing.x + tw, box));
  bool hov = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 bg = ImGui::GetColorU32(held && hov ? ImGuiCol_FrameBgActive : hov ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg);
  ImVec2 b0(p.x + tw + st.ItemInnerSpacing.x, p.y), b1(b0.x + box, b0.y + box);
  float pad = std::max(1.0f, std::floor(box / 6.0f));
  if (radio) {
    ImVec2 c((b0.x + b1.x) * 0.5f, (b0.y + b1.y) * 0.5f);
    dl->AddCircleFilled(c, (box - 1) * 0.5f, bg);
    if (on) dl->AddCircleFilled(c, (box - 1) * 0.5f - pad, ImGui::GetColorU32(ImGuiCol_CheckMark));
  } else {
    dl->AddRectFilled(b0, b1, bg, st.FrameRounding);
    if (on) ImGui::RenderCheckMark(dl, ImVec2(b0.x + pad, b0.y + pad), ImGui::GetColorU32(ImGuiCol_CheckMark), box - pad * 2);
  }
  dl->AddText(ImVec2(p.x, p.y + st.FramePadding.y), text_col(), text);
#ifdef IMGUI_ENABLE_TEST_ENGINE
  // An invisible button reports no check state: say it, for the chrome twins.
  ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), ImGui::GetItemID(), text, ImGuiItemStatusFlags_Checkable | (on ? ImGuiItemStatusFlags_Checked : 0));
#endif
  return pressed;
}

bool ui_checkbox(const char* key, bool* v, bool align_end) {
  bool pressed = check_like(key, *v, false, align_end);
  if (pressed && ui_rtl()) *v = !*v;   // ImGui::Checkbox toggled a copy
  return pressed;
}

bool ui_radio(const char* key, bool active) { return check_like(key, active, true, false); }

bool ui_begin_modal(const char* title, bool* open, ImGuiWindowFlags flags) {
  const bool own_close = ui_rtl() && open;
  if (!ImGui::BeginPopupModal(title, own_close ? nullptr : open, flags)) return false;
  // Right to left the title is at the right (WindowTitleAlign), so ImGui's close button, with the
  // same id (the accessible chrome closes dialogs through it), goes to the title bar's left end.
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  const ImGuiStyle& st = ImGui::GetStyle();
  const ImRect bar = w->TitleBarRect();
  const float size = ImGui::GetFontSize();
  const ImVec2 at(own_close ? bar.Min.x + st.FramePadding.x : bar.Max.x - st.FramePadding.x - size, bar.Min.y + st.FramePadding.y);
  if (own_close) {
    ImGui::PushClipRect(bar.Min, bar.Max, false);
    if (ImGui::CloseButton(w->GetID("#CLOSE"), at)) {
      *open = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::PopClipRect();
  }
  if (open) record_rect("dialog.close", at, ImVec2(at.x + size, at.y + size));   // for the tests
  return true;
}

// Menu items right to left: ImGui lays the item out (label, shortcut and check columns, hover,
// closing the menu) with its text made invisible, and the text is drawn mirrored over it.
bool ui_menu_item(const char* text, const char* id, const char* shortcut, bool selected, bool enabled) {
  std::string label = std::string(text) + "###" + id;
  if (!ui_rtl()) {
    bool pressed = ImGui::MenuItem(label.c_str(), shortcut, selected, enabled);
    ui_record(id);
    return pressed;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float x1 = p.x + ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleColor(ImGuiCol_Text, 0u);
  ImGui::PushStyleColor(ImGuiCol_TextDisabled, 0u);
  bool pressed = ImGui::MenuItem(label.c_str(), shortcut, selected, enabled);   // its check mark is invisible too; the state reaches the twins
  ImGui::PopStyleColor(2);
  ui_record(id);
  if (!ImGui::IsItemVisible()) return pressed;
  float fs = ImGui::GetFontSize(), mark = std::floor(fs * 1.2f);
  dl->AddText(ImVec2(x1 - ImGui::CalcTextSize(text).x, p.y), text_col(enabled), text);
  if (shortcut && *shortcut) dl->AddText(ImVec2(p.x + mark, p.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), shortcut);
  if (selected) ImGui::RenderCheckMark(dl, ImVec2(p.x + fs * 0.2f, p.y + fs * 0.067f), text_col(enabled), fs * 0.866f);
  return pressed;
}

bool ui_menu_key(const char* key, const char* shortcut, bool selected, bool enabled) {
  return ui_menu_item(T(key), key, shortcut, selected, enabled);
}

bool ui_begin_menu(const char* text, const char* id, bool enabled) {
  std::string label = std::string(text) + "###" + id;
  if (!ui_rtl()) {
    bool open = ImGui::BeginMenu(label.c_str(), enabled);
    ui_record(id);
    return open;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();   // the parent menu's: the submenu may open below
  ImVec2 p = ImGui::GetCursorScreenPos();
  float x1 = p.x + ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleColor(ImGuiCol_Text, 0u);
  bool open = ImGui::BeginMenu(label.c_str(), enabled);
  ImGui::PopStyleColor();   // the colour stack is global: right whether we are now in the submenu or not
  ui_record(id);
  // The submenu opens on the left of its parent (it tries the last direction first).
  if (open) ImGui::GetCurrentWindow()->AutoPosLastDirection = ImGuiDir_Left;
  dl->AddText(ImVec2(x1 - ImGui::CalcTextSize(text).x, p.y), text_col(enabled), text);
  ImGui::RenderArrow(dl, ImVec2(p.x + ImGui::GetFontSize() * 0.1f, p.y), text_col(enabled), ImGuiDir_Left);
  return open;
}

// A title of the right-to-left menu bar, laid leftwards from *right: its menu is a popup
// right-aligned under it (ImGui's menu bar menus open rightwards from their title's left edge).
// Like ImGui's, a click opens it, a click on the open title closes it, and while one is open
// hovering another title opens that one.
bool ui_bar_menu(const char* text, const char* id, float* right) {
  static ImGuiID open_last_frame = 0, open_this_frame = 0;
  static int frame = -1;
  if (frame != ImGui::GetFrameCount()) { frame = ImGui::GetFrameCount(); open_last_frame = open_this_frame; open_this_frame = 0; }
  const ImGuiStyle& st = ImGui::GetStyle();
  float pad = st.ItemSpacing.x * 2, w = ImGui::CalcTextSize(text).x + pad * 2;
  *right -= w;
  ImVec2 p(*right, ImGui::GetCursorScreenPos().y);
  ImGui::SetCursorScreenPos(p);
  ImGui::PushID(id);
  ImGuiID popup = ImGui::GetID("menu");
  bool open = ImGui::IsPopupOpen("menu");
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, st.ItemSpacing.y));
  bool pressed = ImGui::Selectable("##title", open, ImGuiSelectableFlags_NoHoldingActiveID | ImGuiSelectableFlags_SelectOnClick, ImVec2(w, 0));
  ImGui::PopStyleVar();
  bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByPopup);
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ui_record(id);
  ImGui::GetWindowDrawList()->AddText(ImVec2(a.x + pad, p.y + ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset), text_col(), text);
  if (pressed && open_last_frame != popup) ImGui::OpenPopup("menu");
  else if (!open && hovered && open_last_frame != 0 && open_last_frame != popup) ImGui::OpenPopup("menu");
  bool shown = false;
  if (ImGui::IsPopupOpen("menu")) {
    ImGui::SetNextWindowPos(ImVec2(b.x, ImGui::GetCurrentWindow()->Pos.y + ImGui::GetCurrentWindow()->Size.y), ImGuiCond_Always, ImVec2(1, 0));
    shown = ImGui::BeginPopup("menu");
    if (shown) open_this_frame = popup;
  }
  ImGui::PopID();
  return shown;
}

bool ui_begin_combo(const char* id, const char* preview) {
  if (!ui_rtl()) return ImGui::BeginCombo(id, preview);
  // Right to left: the arrow on the left, the value on the right.
  const ImGuiStyle& st = ImGui::GetStyle();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::CalcItemWidth(), h = ImGui::GetFrameHeight();
  bool open = ImGui::BeginCombo(id, "", ImGuiComboFlags_NoArrowButton);
  float arrow = h;
  ImGui::RenderArrow(dl, ImVec2(p.x + st.FramePadding.y, p.y + st.FramePadding.y), text_col(), ImGuiDir_Down);
  float tw = ImGui::CalcTextSize(preview).x, avail = w - arrow - st.FramePadding.x;
  ImVec4 clip(p.x + arrow, p.y, p.x + w - st.FramePadding.x, p.y + h);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + w - st.FramePadding.x - std::min(tw, avail), p.y + st.FramePadding.y), text_col(), preview,
              nullptr, 0, &clip);
  return open;
}

bool ui_selectable(const char* text, const char* id, bool selected) {
  std::string label = std::string(text) + "###" + id;
  if (!ui_rtl()) return ImGui::Selectable(label.c_str(), selected);
  ImVec2 p = ImGui::GetCursorScreenPos();
  float x1 = p.x + ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleColor(ImGuiCol_Text, 0u);
  bool r = ImGui::Selectable(label.c_str(), selected);
  ImGui::PopStyleColor();
  ImGui::GetWindowDrawList()->AddText(ImVec2(x1 - ImGui::CalcTextSize(text).x, p.y), text_col(), text);
  return r;
}

void draw_shaped_fit(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_w, ImU32 col, const std::string& visual, float align) {
  float w = measure_shaped(font, size, visual.data(), visual.data() + visual.size());
  if (w <= max_w) { draw_shaped(dl, font, size, ImVec2(pos.x + (max_w - w) * align, pos.y), col, visual); return; }
  // Too long: keep the start of the reading order (the right end when right to left) and mark
  // the cut with an ellipsis on the other side.
  const char* ell = "\xE2\x80\xA6";
  float ell_w = measure_shaped(font, size, ell, ell + 3);
  std::string shown;
  if (ui_rtl()) {
    size_t cut = 0;
    while (cut < visual.size() && measure_shaped(font, size, visual.data() + cut, visual.data() + visual.size()) + ell_w > max_w) {
      cut++;
      while (cut < visual.size() && ((unsigned char)visual[cut] & 0xC0) == 0x80) cut++;
    }
    shown = ell + visual.substr(cut);
  } else {
    size_t cut = visual.size();
    while (cut > 0 && measure_shaped(font, size, visual.data(), visual.data() + cut) + ell_w > max_w) {
      cut--;
      while (cut > 0 && ((unsigned char)visual[cut] & 0xC0) == 0x80) cut--;
    }
    shown = visual.substr(0, cut) + ell;
  }
  float sw = measure_shaped(font, size, shown.data(), shown.data() + shown.size());
  draw_shaped(dl, font, size, ImVec2(pos.x + std::max(0.0f, max_w - sw) * align, pos.y), col, shown);
}

} // namespace jm
