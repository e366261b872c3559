// Posters and tiled prints (core/print.h): the sheets a map needs and the document the browser
// prints. The browser printing it to PDF is tests/e2e/print.test.mjs.
#include <catch2/catch.hpp>
#include "office_parts.h"
#include "repo_files.h"
#include "core/export.h"
#include "core/io.h"
#include "core/print.h"
#include <cmath>
#include <cstdlib>

using namespace jm;
using jm_test::count_of;

namespace {

std::string b2b_svg() {
  LoadResult r = load_map(jm_test::read_text(jm_test::repo_path("assets/templates/b2b-phone-system.journey.json")));
  REQUIRE(r.ok);
  return to_svg(r.map, approx_text_width);
}

}  // namespace

TEST_CASE("print: paper sizes are the ISO and US ones, portrait", "[print]") {
  REQUIRE(paper_sizes().size() == 7);
  CHECK(paper_size("a4")->w_mm == 210);
  CHECK(paper_size("a4")->h_mm == 297);
  CHECK(paper_size("a0")->w_mm == 841);
  CHECK(paper_size("a0")->h_mm == 1189);
  CHECK(paper_size("letter")->w_mm == Approx(215.9));
  CHECK(paper_size("tabloid")->h_mm == Approx(431.8));
  CHECK(paper_size("b5") == nullptr);
  for (const PaperSize& p : paper_sizes()) CHECK(p.w_mm < p.h_mm);
}

TEST_CASE("print: one page scales the whole map to the sheet inside its margins", "[print]") {
  PrintOptions o;   // A4 landscape, 10 mm margins
  PrintPlan p = plan_print(2000, 1000, o);
  CHECK(p.page_w_mm == 297);
  CHECK(p.page_h_mm == 210);
  REQUIRE(p.tiles.size() == 1);
  CHECK(p.mm_per_unit == Approx(277.0 / 2000));   // width decides
  CHECK(p.tiles[0].w == 2000);
  CHECK(p.tiles[0].h == 1000);
  o.landscape = false;
  p = plan_print(2000, 1000, o);
  CHECK(p.page_w_mm == 210);
  CHECK(p.mm_per_unit == Approx(190.0 / 2000));
  // A0 poster: about four times A4's scale.
  o.paper_w_mm = 841;
  o.paper_h_mm = 1189;
  o.landscape = true;
  CHECK(plan_print(2000, 1000, o).mm_per_unit == Approx(1169.0 / 2000));
}

TEST_CASE("print: tiled sheets at 100 % cover the map, each overlapping its neighbours by the overlap", "[print]") {
  PrintOptions o;
  o.tiled = true;
  const float map_w = 2300, map_h = 1500;
  PrintPlan p = plan_print(map_w, map_h, o);
  const float unit = 25.4f / 96;
  CHECK(p.mm_per_unit == Approx(unit));
  const float tw = 277 / unit, th = 190 / unit, ov = 10 / unit;
  CHECK(p.cols == (int)std::ceil((map_w - tw) / (tw - ov)) + 1);
  CHECK(p.rows == (int)std::ceil((map_h - th) / (th - ov)) + 1);
  REQUIRE(p.tiles.size() == (size_t)(p.rows * p.cols));
  const PrintTile& last = p.tiles.back();
  CHECK(last.x + last.w >= map_w);
  CHECK(last.y + last.h >= map_h);
  CHECK(last.x < map_w);                           // no sheet without any of the map
  CHECK(p.tiles[1].x == Approx(tw - ov));
  CHECK(p.tiles[(size_t)p.cols].y == Approx(th - ov));
  CHECK(p.tiles[1].row == 0);
  CHECK(p.tiles[1].col == 1);
  // 50 %: a quarter as many sheets, about.
  o.scale = 0.5f;
  PrintPlan half = plan_print(map_w, map_h, o);
  CHECK(half.rows * half.cols < p.rows * p.cols);
  // A map smaller than one sheet: one sheet.
  CHECK(plan_print(300, 200, PrintOptions{210, 297, true, true}).tiles.size() == 1);
  // Nonsense is clamped, never a division by zero or a million sheets.
  o.scale = 0;
  o.overlap_mm = 1e9f;
  o.paper_w_mm = NAN;
  PrintPlan odd = plan_print(map_w, map_h, o);
  CHECK(odd.tiles.size() >= 1);
  CHECK(odd.tiles.size() < 100000);
  CHECK(std::isfinite(odd.mm_per_unit));
}

TEST_CASE("print: a right-to-left map's sheets start at its right edge and are labelled from the right", "[print]") {
  PrintOptions o;
  o.tiled = true;
  const float map_w = 2300, map_h = 1500;
  const PrintPlan ltr = plan_print(map_w, map_h, o);
  o.rtl = true;
  const PrintPlan p = plan_print(map_w, map_h, o);
  const float unit = 25.4f / 96, tw = 277 / unit, ov = 10 / unit;
  REQUIRE(p.tiles.size() == ltr.tiles.size());   // the same grid
  CHECK(p.cols == ltr.cols);
  CHECK(p.tiles[0].col == 0);
  CHECK(p.tiles[0].x + p.tiles[0].w == Approx(map_w));          // sheet 1-1 holds the right edge
  CHECK(p.tiles[1].x == Approx(p.tiles[0].x - (tw - ov)));      // 1-2 is to its left, overlapping it
  const PrintTile& row_end = p.tiles[(size_t)p.cols - 1];
  CHECK(row_end.x <= 0);                                          // the last sheet of a row reaches the left edge
  CHECK(row_end.x + row_end.w > 0);                               // and holds some of the map
  CHECK(p.tiles[(size_t)p.cols].x == Approx(p.tiles[0].x));       // the next row starts at the right again
  // The document: sheet 1-1 shows the map's right end, and its label is at the sheet's right.
  PrintPlan plan;
  std::string doc = print_document(b2b_svg(), o, "t", nullptr, &plan);
  REQUIRE(plan.tiles.size() > 1);
  size_t first = doc.find("<section class=\"jm-print-page\"");
  REQUIRE(first != std::string::npos);
  std::string sheet1 = doc.substr(first, doc.find("</section>", first) - first);
  size_t inner = sheet1.find("viewBox=\"", sheet1.find("<svg x="));   // the part of the map the sheet shows
  REQUIRE(inner != std::string::npos);
  CHECK(plan.tiles[0].x > 0);
  CHECK(std::strtof(sheet1.c_str() + inner + 9, nullptr) == Approx(plan.tiles[0].x).margin(0.01));
  CHECK(sheet1.find("text-anchor=\"end\" direction=\"rtl\"") != std::string::npos);
}

TEST_CASE("print: the document holds the map once and one sheet per tile, with marks and labels", "[print]") {
  std::string svg = b2b_svg();
  PrintOptions o;
  o.tiled = true;
  PrintPlan plan;
  std::string doc = print_document(svg, o, "Buying a business phone system", nullptr, &plan);
  REQUIRE(!doc.empty());
  REQUIRE(plan.tiles.size() > 1);
  CHECK(doc.find("@page { size: 297mm 210mm; margin: 0; }") != std::string::npos);
  CHECK(count_of(doc, "<section class=\"jm-print-page\"") == plan.tiles.size());
  CHECK(count_of(doc, "<use href=\"#jm-print-map\"/>") == plan.tiles.size());
  CHECK(count_of(doc, ">Books two demos</text>") == 1);   // the map once
  CHECK(doc.find("font-family=\"Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\"") != std::string::npos);
  CHECK(doc.find(">Sheet 1-2 of " + std::to_string(plan.rows) + " \xC3\x97 " + std::to_string(plan.cols) + " \xC2\xB7 Buying") != std::string::npos);
  CHECK(count_of(doc, "stroke-dasharray") >= plan.tiles.size() - 1);   // overlap lines
  // Labels in the interface language.
  NameFn ar = [](const std::string& key, const std::string& english) {
    return key == "print.sheet" ? std::string("\xD8\xA7\xD9\x84\xD9\x88\xD8\xB1\xD9\x82\xD8\xA9 {row}-{col}") : english;
  };
  CHECK(print_document(svg, o, "", ar).find(">\xD8\xA7\xD9\x84\xD9\x88\xD8\xB1\xD9\x82\xD8\xA9 1-1</text>") != std::string::npos);
  // One page: one sheet, no crop marks.
  o.tiled = false;
  doc = print_document(svg, o, "T", nullptr);
  CHECK(count_of(doc, "<section") == 1);
  CHECK(doc.find("stroke-width=\"0.2\"") == std::string::npos);
  // Not an SVG: nothing to print.
  CHECK(print_document("<html></html>", o, "T", nullptr).empty());
  CHECK(print_document("<svg width=\"0\" height=\"5\"></svg>", o, "T", nullptr).empty());
}
