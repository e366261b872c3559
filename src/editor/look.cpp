// look.cpp: themes, fonts and the one text-drawing function.
#include "editor/editor.h"
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>
#include <cmath>
#include <cstdio>

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

void theme_apply(Editor& ed, bool dark) {
  Theme& t = ed.theme;
  t.dark = dark;
  if (!dark) {
    t.app_bg = IM_COL32(245, 246, 250, 255);
    t.canvas_bg = IM_COL32(250, 251, 253, 255);
    t.panel_bg = IM_COL32(255, 255, 255, 255);
    t.panel_border = IM_COL32(226, 229, 236, 255);
    t.grid_line = IM_COL32(230, 233, 240, 255);
    t.header_bg = IM_COL32(255, 255, 255, 255);
    t.header_text = IM_COL32(31, 41, 55, 255);
    t.lane_bg = IM_COL32(250, 251, 253, 255);
    t.lane_bg_alt = IM_COL32(244, 246, 250, 255);
    t.card_bg = IM_COL32(255, 255, 255, 255);
    t.card_border = IM_COL32(220, 224, 232, 255);
    t.card_shadow = IM_COL32(17, 24, 39, 18);
    t.text = IM_COL32(31, 41, 55, 255);
    t.text_muted = IM_COL32(100, 110, 128, 255);
    t.text_faint = IM_COL32(160, 168, 182, 255);
    t.accent = IM_COL32(91, 124, 250, 255);
    t.accent_soft = IM_COL32(91, 124, 250, 36);
    t.selection = IM_COL32(91, 124, 250, 255);
    t.search_hit = IM_COL32(250, 204, 21, 255);
    t.positive = IM_COL32(16, 185, 129, 255);
    t.negative = IM_COL32(239, 68, 68, 255);
    t.zero_line = IM_COL32(148, 163, 184, 110);
    t.focus = IM_COL32(91, 124, 250, 140);
  } else {
    t.app_bg = IM_COL32(21, 23, 28, 255);
    t.canvas_bg = IM_COL32(24, 26, 32, 255);
    t.panel_bg = IM_COL32(30, 33, 40, 255);
    t.panel_border = IM_COL32(48, 52, 62, 255);
    t.grid_line = IM_COL32(44, 48, 58, 255);
    t.header_bg = IM_COL32(30, 33, 40, 255);
    t.header_text = IM_COL32(229, 231, 235, 255);
    t.lane_bg = IM_COL32(24, 26, 32, 255);
    t.lane_bg_alt = IM_COL32(28, 30, 37, 255);
    t.card_bg = IM_COL32(38, 42, 51, 255);
    t.card_border = IM_COL32(58, 63, 75, 255);
    t.card_shadow = IM_COL32(0, 0, 0, 60);
    t.text = IM_COL32(229, 231, 235, 255);
    t.text_muted = IM_COL32(156, 163, 175, 255);
    t.text_faint = IM_COL32(107, 114, 128, 255);
    t.accent = IM_COL32(122, 148, 255, 255);
    t.accent_soft = IM_COL32(122, 148, 255, 48);
    t.selection = IM_COL32(122, 148, 255, 255);
    t.search_hit = IM_COL32(234, 179, 8, 255);
    t.positive = IM_COL32(52, 211, 153, 255);
    t.negative = IM_COL32(248, 113, 113, 255);
    t.zero_line = IM_COL32(107, 114, 128, 120);
    t.focus = IM_COL32(122, 148, 255, 150);
  }

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
  s.ScaleAllSizes(ed.ui);

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
  c[ImGuiCol_HeaderHovered] = dark ? ImVec4(1, 1, 1, 0.08f) : ImVec4(0.36f, 0.49f, 0.98f, 0.10f);
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

// Glyph ranges kept in the atlas: what the subset fonts hold. Arabic includes the presentation
// forms that shaping produces.
static const ImWchar kLatin[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20AC, 0x20AC,
                                 0x2190, 0x21FF, 0x2212, 0x2212, 0};
static const ImWchar kArabic[] = {0x0600, 0x06FF, 0x0750, 0x077F, 0xFB50, 0xFBFF, 0xFE70, 0xFEFF, 0};
static const ImWchar kHebrew[] = {0x0590, 0x05FF, 0xFB1D, 0xFB4F, 0};

static ImFont* add_font(float px, bool bold) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  const char* latin = bold ? "/fonts/NotoSans-Bold.ttf" : "/fonts/NotoSans-Regular.ttf";
  const char* arabic = bold ? "/fonts/NotoSansArabic-Bold.ttf" : "/fonts/NotoSansArabic-Regular.ttf";
  const char* hebrew = bold ? "/fonts/NotoSansHebrew-Bold.ttf" : "/fonts/NotoSansHebrew-Regular.ttf";
  ImFont* f = io.Fonts->AddFontFromFileTTF(latin, px, &cfg, kLatin);
  if (!f) {
    std::fprintf(stderr, "font %s missing: falling back to the built-in font\n", latin);
    return io.Fonts->AddFontDefault();
  }
  cfg.MergeMode = true;
  // stb_truetype sizes a font by its ascent-to-descent height, which is 2.112 em for Noto Sans
  // Arabic (room for stacked marks) against 1.362 em for Noto Sans: scale it up so both scripts
  // have the same em and Arabic is not drawn a third smaller than Latin. Hebrew matches.
  io.Fonts->AddFontFromFileTTF(arabic, px * (2.112f / 1.362f), &cfg, kArabic);
  io.Fonts->AddFontFromFileTTF(hebrew, px, &cfg, kHebrew);
  return f;
}

void fonts_build(Editor& ed) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->TexDesiredWidth = 2048;
  float u = ed.ui;
  ed.font_ui = add_font(14.0f * kEm * u, false);
  ed.font_bold = add_font(15.0f * kEm * u, true);
  ed.font_title = add_font(22.0f * kEm * u, true);
  // Cards and grid headers zoom with the map: baked for the current zoom so they stay sharp;
  // at 100 % they are the UI fonts themselves.
  float z = ed.font_zoom;
  if (std::fabs(z - 1.0f) < 0.01f) {
    ed.font_card = ed.font_ui;
    ed.font_card_bold = ed.font_bold;
  } else {
    ed.font_card = add_font(14.0f * kEm * u * z, false);
    ed.font_card_bold = add_font(15.0f * kEm * u * z, true);
  }
  io.Fonts->Build();
  io.FontDefault = ed.font_ui;
  // Card texts are measured with the UI font at 14 px (canvas_ensure_layout), whose glyphs change
  // only with the UI scale: a rebake for the zoom keeps them (wrapping a large map again cost
  // seconds after every zoom step, and right after opening it, when the fit changes the zoom).
  static float shapes_ui = 0;
  if (shapes_ui != u) { ed.card_shapes.clear(); shapes_ui = u; }
  ed.layout_key = ~0ull;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ed.fonts_dirty = false;
}

// ---- Text ---------------------------------------------------------------------------------

// Labels, names and titles shaped once and kept: the visual form does not depend on the font,
// so one cache serves every size. Plain Latin text skips it.
static ShapeCache g_label_shapes(4096);

// Anything from Hebrew (U+0590, lead byte 0xD6) up, and the bidi controls (0xE2 ...), may need
// the bidi algorithm or Arabic shaping.
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
  dl->AddText(font, size * kEm, ImVec2(std::floor(pos.x + 0.5f), std::floor(pos.y + 0.5f)), col, visual.data(),
              visual.data() + visual.size(), 0.0f, clip);
}

float draw_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const char* b, const char* e, const ImVec4* clip) {
  if (b == e) return 0;
  if (needs_shaping(b, e)) {
    if (const DisplayLine* l = shaped_label(b, e)) {
      draw_shaped(dl, font, size, pos, col, l->visual, clip);
      return measure_shaped(font, size, l->visual.data(), l->visual.data() + l->visual.size());
    }
  }
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

void draw_text_fit(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_w, ImU32 col, const std::string& s,
                   float align) {
  // Nothing past a few hundred characters can fit on one line: a huge title costs nothing.
  if (s.size() > 1024) {
    size_t cut = 1024;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    draw_text_fit(dl, font, size, pos, max_w, col, s.substr(0, cut) + "\xE2\x80\xA6", align);
    return;
  }
  const char* b = s.c_str();
  const char* e = b + s.size();
  if (align == 0 && text_is_rtl(s)) align = 1;   // a right-to-left label starts at the right
  float w = measure_text(font, size, b, e);
  if (w <= max_w) {
    draw_text(dl, font, size, ImVec2(pos.x + (max_w - w) * align, pos.y), col, b, e);
    return;
  }
  const char* ell = "\xE2\x80\xA6";
  float ell_w = measure_text(font, size, ell, ell + 3);
  const char* cut = b;
  while (cut < e) {
    const char* next = cut + 1;
    while (next < e && ((unsigned char)*next & 0xC0) == 0x80) next++;
    if (measure_text(font, size, b, next) + ell_w > max_w) break;
    cut = next;
  }
  std::string shown(b, cut);
  shown += ell;   // at the logical end: on the left of a right-to-left label
  float sw = measure_text(font, size, shown.c_str(), shown.c_str() + shown.size());
  draw_text(dl, font, size, ImVec2(pos.x + std::max(0.0f, max_w - sw) * align, pos.y), col, shown.c_str(), shown.c_str() + shown.size());
}

} // namespace jm
