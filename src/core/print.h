// print.h: posters and tiled prints of the map's SVG (export.h to_svg). The browser prints the
// document this writes (File > Export > Print or PDF...), so the result is vector: text stays
// text, selectable in the PDF.
//
// Two ways to print:
//   one page  the whole map scaled to fit one sheet (a poster: A0 to A4, Letter, Tabloid, any size);
//   tiled     the map at a chosen scale (100 %: one map unit is one CSS pixel, 1/96 in) over as
//             many sheets as it needs, rows by columns. Neighbouring sheets repeat an overlap strip
//             (for glue or tape); crop marks show where each sheet's part begins and ends, and a
//             label names the sheet as row-column ("2-3") with its place in the grid.
// Plain functions: the plan is testable without a window.
#pragma once
#include "core/model.h"
#include <string>
#include <vector>

namespace jm {

struct PaperSize { const char* key; float w_mm, h_mm; };   // portrait: w <= h
// A4, A3, A2, A1, A0, Letter, Tabloid, in that order ("a4", ..., "letter", "tabloid").
const std::vector<PaperSize>& paper_sizes();
const PaperSize* paper_size(const std::string& key);    // nullptr: not one of them

struct PrintOptions {
  float paper_w_mm = 210, paper_h_mm = 297;   // the sheet, portrait (any size: custom paper)
  bool landscape = true;
  bool tiled = false;
  float scale = 1;          // tiled: 1 = 100 %
  float margin_mm = 10;     // unprinted edge of each sheet (crop marks and the label sit in it)
  float overlap_mm = 10;    // tiled: printed on both neighbouring sheets
  bool rtl = false;         // a right-to-left map: its sheets are counted, ordered and labelled from the right
};

struct PrintTile { int row = 0, col = 0; float x = 0, y = 0, w = 0, h = 0; };   // the map's part, in its units
struct PrintPlan {
  float page_w_mm = 0, page_h_mm = 0;   // as printed (landscape applied)
  float area_w_mm = 0, area_h_mm = 0;   // the printed part of each sheet, inside the margins
  float mm_per_unit = 0;                // the map's scale on paper
  float overlap_mm = 0;                 // tiled: the strip neighbouring sheets share
  int rows = 1, cols = 1;
  std::vector<PrintTile> tiles;         // row by row, columns in reading order (right to left for rtl)
};

// The sheets for a map `map_w` x `map_h` units large. Sizes are clamped to sane ranges (paper
// 50..5000 mm, scale 5 %..1000 %, margins 0..50 mm, overlap 0..half the printed part).
PrintPlan plan_print(float map_w, float map_h, const PrintOptions& o);

// The print document for `svg` (a map as to_svg writes it): HTML for the page's print view, one
// <section class="jm-print-page"> per sheet, each an SVG of its part of the map (one copy of
// the map, used by every sheet), with crop marks, the overlap drawn as a dashed line, and a
// label in the interface language ("print.sheet": "Sheet {row}-{col} of {rows} × {cols}"),
// and an @page rule for the sheet's size. Empty when `svg` is not an SVG document.
std::string print_document(const std::string& svg, const PrintOptions& o, const std::string& title, const NameFn& names,
                           PrintPlan* plan = nullptr);

} // namespace jm
