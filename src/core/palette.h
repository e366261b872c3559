// palette.h: the colours of every theme as plain RGB, so their contrast is checked by a unit test
// (tests/unit/test_contrast.cpp) and the editor (editor/look.cpp) builds its ImGui style from them.
// WCAG 2.2: text 4.5:1 (large text 3:1), user-interface parts and graphics 3:1 (1.4.3, 1.4.11).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

enum class ThemeKind : uint8_t { Light, Dark, Contrast, ContrastDark, Forced };

// 0xRRGGBB, opaque: a colour drawn translucent over a background is listed as the opaque colour
// it gives on that background (the contrast test needs what the eye sees).
struct Palette {
  ThemeKind kind = ThemeKind::Light;
  uint32_t app_bg, canvas_bg, panel_bg, panel_border, grid_line, header_bg, header_text, lane_bg, lane_bg_alt,
      card_bg, card_border, text, text_muted, text_faint, accent, selection, search_hit, positive,
      negative, zero_line, focus, focus_outer;
};

Palette palette_for(ThemeKind k);
const char* theme_kind_key(ThemeKind k);
bool theme_is_high_contrast(ThemeKind k);                // Contrast, ContrastDark, Forced: 3:1 boundaries everywhere                 // "light", "dark", "contrast", "contrast-dark", "forced"
bool theme_kind_from_key(const std::string& key, ThemeKind* out);

// Forced colours (Windows contrast themes): the page reads the system colours (CSS Canvas,
// CanvasText, Highlight, HighlightText, ButtonFace, ButtonText, GrayText, LinkText) and the
// editor draws with them. Missing or unreadable values keep the high-contrast palette's.
struct SystemColors { uint32_t canvas, canvas_text, highlight, highlight_text, button_face, button_text, gray_text, link_text; };
Palette palette_forced(const SystemColors& c);

// WCAG relative luminance and contrast ratio (1..21).
double relative_luminance(uint32_t rgb);
double contrast_ratio(uint32_t a, uint32_t b);
// The opaque colour of `fg` at `alpha` (0..1) over `bg`.
uint32_t blend_over(uint32_t fg, double alpha, uint32_t bg);

// Every pair the themes promise, for the test and the conformance report: what is drawn on what,
// and the ratio it needs (4.5 text, 3 large text / UI / graphics).
struct ColorPair { const char* what; uint32_t fg, bg; double need; };
std::vector<ColorPair> palette_pairs(const Palette& p);

}  // namespace jm
