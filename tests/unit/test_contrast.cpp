// The colours of every theme against WCAG 2.2 1.4.3 and 1.4.11: each pair the editor draws
// (core/palette.h palette_pairs) meets its ratio; the formula against published values.
#include <catch2/catch.hpp>
#include "core/palette.h"
#include <cstdio>
#include <string>

using namespace jm;

namespace {
// Windows 11 contrast themes as Chromium reports their CSS system colours.
SystemColors night_sky() { return {0x000000, 0xFFFFFF, 0x8EE3F0, 0x263B50, 0x000000, 0xFFFFFF, 0xA6A6A6, 0xFFFF00}; }
SystemColors desert() { return {0xFFFAEF, 0x3D3D3D, 0x903909, 0xFFF5E3, 0xFFFAEF, 0x202020, 0x676767, 0x1C5E75}; }
SystemColors hc_black() { return {0x000000, 0xFFFFFF, 0x1AEBFF, 0x000000, 0x000000, 0xFFFFFF, 0x3FF23F, 0xFFFF00}; }
SystemColors hc_white() { return {0xFFFFFF, 0x000000, 0x37006E, 0xFFFFFF, 0xFFFFFF, 0x000000, 0x600000, 0x00009F}; }

std::string hex(uint32_t c) {
  char b[8];
  std::snprintf(b, sizeof b, "#%06X", c & 0xFFFFFF);
  return b;
}

// Every pair of the palette meets its ratio; a failure names the pair, colours and ratio.
void check_palette(const Palette& p, const char* name) {
  auto pairs = palette_pairs(p);
  REQUIRE(pairs.size() >= 40);
  double lowest = 99, lowest_ui = 99;
  for (const ColorPair& c : pairs) {
    double r = contrast_ratio(c.fg, c.bg);
    INFO(name << ": " << c.what << " " << hex(c.fg) << " on " << hex(c.bg) << " = " << r << " (needs " << c.need << ")");
    CHECK(r + 1e-9 >= c.need);
    if (c.need >= 4.5) lowest = std::min(lowest, r);
    else if (c.need >= 3.0) lowest_ui = std::min(lowest_ui, r);
  }
  // The lowest ratios, for the conformance report (ACCESSIBILITY.md).
  std::printf("contrast %-16s lowest text pair %.2f:1, lowest graphics pair %.2f:1, %zu pairs\n", name, lowest, lowest_ui, pairs.size());
}
}  // namespace

TEST_CASE("relative luminance and contrast ratio match published WCAG values", "[contrast]") {
  CHECK(relative_luminance(0x000000) == Approx(0.0));
  CHECK(relative_luminance(0xFFFFFF) == Approx(1.0));
  CHECK(relative_luminance(0x808080) == Approx(0.2158605).epsilon(1e-6));
  CHECK(contrast_ratio(0x000000, 0xFFFFFF) == Approx(21.0));
  CHECK(contrast_ratio(0xFFFFFF, 0x000000) == Approx(21.0));   // order does not matter
  CHECK(contrast_ratio(0x123456, 0x123456) == Approx(1.0));
  CHECK(contrast_ratio(0x777777, 0xFFFFFF) == Approx(4.48).margin(0.005));   // the classic near miss
  CHECK(contrast_ratio(0x767676, 0xFFFFFF) == Approx(4.54).margin(0.005));   // the lightest grey that passes
  CHECK(contrast_ratio(0x595959, 0xFFFFFF) == Approx(7.0).margin(0.01));     // AAA
  CHECK(contrast_ratio(0xFF0000, 0xFFFFFF) == Approx(4.0).margin(0.01));
  CHECK(contrast_ratio(0x0000FF, 0xFFFFFF) == Approx(8.59).margin(0.01));
  CHECK(contrast_ratio(0x949494, 0xFFFFFF) == Approx(3.03).margin(0.01));    // 3:1 for UI parts
  // The 0.04045 threshold: the linear segment below it.
  CHECK(relative_luminance(0x0A0A0A) == Approx((10 / 255.0) / 12.92).epsilon(1e-9));
}

TEST_CASE("blend_over gives the opaque colour a translucent one shows", "[contrast]") {
  CHECK(blend_over(0x000000, 0.5, 0xFFFFFF) == 0x808080);
  CHECK(blend_over(0x123456, 1.0, 0xABCDEF) == 0x123456);
  CHECK(blend_over(0x123456, 0.0, 0xABCDEF) == 0xABCDEF);
  CHECK(blend_over(0xFF0000, 0.25, 0x0000FF) == 0x4000BF);
  CHECK(blend_over(0xFFFFFF, 2.0, 0x000000) == 0xFFFFFF);   // alpha clamped
}

TEST_CASE("theme keys round-trip", "[contrast]") {
  for (ThemeKind k : {ThemeKind::Light, ThemeKind::Dark, ThemeKind::Contrast, ThemeKind::ContrastDark, ThemeKind::Forced}) {
    ThemeKind back = ThemeKind::Light;
    REQUIRE(theme_kind_from_key(theme_kind_key(k), &back));
    CHECK(back == k);
    CHECK(palette_for(k).kind == k);
  }
  ThemeKind out = ThemeKind::Dark;
  CHECK_FALSE(theme_kind_from_key("sepia", &out));
  CHECK(out == ThemeKind::Dark);
  CHECK(std::string(theme_kind_key(ThemeKind::ContrastDark)) == "contrast-dark");
}

TEST_CASE("every colour pair of the light theme meets WCAG AA", "[contrast]") { check_palette(palette_for(ThemeKind::Light), "light"); }
TEST_CASE("every colour pair of the dark theme meets WCAG AA", "[contrast]") { check_palette(palette_for(ThemeKind::Dark), "dark"); }
TEST_CASE("every colour pair of the high-contrast theme meets WCAG AA", "[contrast]") {
  Palette p = palette_for(ThemeKind::Contrast);
  check_palette(p, "contrast");
  // High contrast means more than AA: body text at AAA (7:1) and boundaries at 3:1.
  for (const ColorPair& c : palette_pairs(p)) {
    INFO(c.what);
    CHECK(c.need >= 3.0);
  }
  CHECK(contrast_ratio(p.text, p.canvas_bg) >= 7.0);
  CHECK(contrast_ratio(p.text_faint, p.lane_bg_alt) >= 7.0);
  CHECK(contrast_ratio(p.card_border, p.card_bg) >= 7.0);
}
TEST_CASE("every colour pair of the dark high-contrast theme meets WCAG AA", "[contrast]") {
  Palette p = palette_for(ThemeKind::ContrastDark);
  check_palette(p, "contrast-dark");
  CHECK(contrast_ratio(p.text, p.canvas_bg) >= 7.0);
  CHECK(contrast_ratio(p.header_text, p.header_bg) >= 7.0);
  CHECK(contrast_ratio(p.text_faint, p.lane_bg_alt) >= 7.0);
}

TEST_CASE("light and dark keep the design's background colours", "[contrast]") {
  Palette l = palette_for(ThemeKind::Light), d = palette_for(ThemeKind::Dark);
  CHECK(l.canvas_bg == 0xFAFBFD);
  CHECK(l.card_bg == 0xFFFFFF);
  CHECK(l.text == 0x1F2937);
  CHECK(d.canvas_bg == 0x181A20);
  CHECK(d.card_bg == 0x262A33);
  CHECK(d.text == 0xE5E7EB);
}

TEST_CASE("palette_forced draws with the system colours", "[contrast]") {
  SystemColors s = hc_black();
  Palette p = palette_forced(s);
  CHECK(p.kind == ThemeKind::Forced);
  CHECK(p.canvas_bg == s.canvas);
  CHECK(p.card_bg == s.canvas);
  CHECK(p.panel_bg == s.canvas);
  CHECK(p.text == s.canvas_text);
  CHECK(p.header_text == s.canvas_text);
  CHECK(p.card_border == s.canvas_text);
  CHECK(p.selection == s.highlight);
  CHECK(p.focus == s.highlight);
  CHECK(p.accent == s.link_text);
  CHECK(p.text_faint == s.canvas_text);   // GrayText (#3FF23F here) means disabled, not faint
  check_palette(p, "forced-hc-black");
  check_palette(palette_forced(hc_white()), "forced-hc-white");
  check_palette(palette_forced(night_sky()), "forced-night");
  check_palette(palette_forced(desert()), "forced-desert");
}

TEST_CASE("palette_forced keeps links readable when the system's link colour is dim", "[contrast]") {
  SystemColors s = hc_white();
  s.link_text = 0xA0A0FF;   // 2.6:1 on white
  Palette p = palette_forced(s);
  CHECK(p.accent == s.canvas_text);
}
