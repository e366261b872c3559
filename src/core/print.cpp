// print.cpp: see print.h. The document holds the map once, in an SVG <defs>, and each sheet shows
// its part of it through <use> in a nested <svg> whose viewBox is that part: a 4,800-card map
// prints as 30 sheets without 30 copies of its text.
#include "core/print.h"
#include "core/export.h"
#include "core/i18n.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jm {

namespace {

constexpr float kMmPerPx = 25.4f / 96.0f;   // a CSS pixel on paper

std::string mm(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", (double)v);
  std::string s = b;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

float clampf(float v, float lo, float hi) { return std::isfinite(v) ? std::min(hi, std::max(lo, v)) : lo; }

// The value of attribute `name` in a start tag, or "".
std::string attr(const std::string& tag, const char* name) {
  std::string key = std::string(" ") + name + "=\"";
  size_t at = tag.find(key);
  if (at == std::string::npos) return {};
  at += key.size();
  return tag.substr(at, tag.find('"', at) - at);
}

}  // namespace

const std::vector<PaperSize>& paper_sizes() {
  static const std::vector<PaperSize> sizes = {{"a4", 210, 297},  {"a3", 297, 420},     {"a2", 420, 594},   {"a1", 594, 841},
                                               {"a0", 841, 1189}, {"letter", 215.9f, 279.4f}, {"tabloid", 279.4f, 431.8f}};
  return sizes;
}

const PaperSize* paper_size(const std::string& key) {
  for (const PaperSize& p : paper_sizes())
    if (key == p.key) return &p;
  return nullptr;
}

PrintPlan plan_print(float map_w, float map_h, const PrintOptions& o) {
  PrintPlan p;
  float w = clampf(o.paper_w_mm, 50, 5000), h = clampf(o.paper_h_mm, 50, 5000);
  if (w > h) std::swap(w, h);
  p.page_w_mm = o.landscape ? h : w;
  p.page_h_mm = o.landscape ? w : h;
  const float margin = clampf(o.margin_mm, 0, std::min(50.0f, std::min(p.page_w_mm, p.page_h_mm) / 4));
  p.area_w_mm = p.page_w_mm - 2 * margin;
  p.area_h_mm = p.page_h_mm - 2 * margin;
  map_w = std::max(1.0f, std::isfinite(map_w) ? map_w : 1.0f);
  map_h = std::max(1.0f, std::isfinite(map_h) ? map_h : 1.0f);
  if (!o.tiled) {
    p.mm_per_unit = std::min(p.area_w_mm / map_w, p.area_h_mm / map_h);
    p.tiles.push_back({0, 0, 0, 0, map_w, map_h});
    return p;
  }
  p.mm_per_unit = kMmPerPx * clampf(o.scale, 0.05f, 10.0f);
  const float tw = p.area_w_mm / p.mm_per_unit, th = p.area_h_mm / p.mm_per_unit;   // a sheet's part, in map units
  p.overlap_mm = clampf(o.overlap_mm, 0, std::min(p.area_w_mm, p.area_h_mm) / 2);
  const float ov = p.overlap_mm / p.mm_per_unit;
  auto count = [](float total, float part, float overlap) {
    if (total <= part + 0.01f) return 1;
    return 1 + (int)std::ceil((total - part) / (part - overlap) - 1e-4f);
  };
  p.cols = count(map_w, tw, ov);
  p.rows = count(map_h, th, ov);
  // Right to left, column 1 holds the map's right edge, where its journey starts, and the last
  // sheet of a row runs past the left edge instead of the right.
  for (int r = 0; r < p.rows; r++)
    for (int c = 0; c < p.cols; c++) {
      float x = (float)c * (tw - ov);
      p.tiles.push_back({r, c, o.rtl ? map_w - tw - x : x, (float)r * (th - ov), tw, th});
    }
  return p;
}

std::string print_document(const std::string& svg, const PrintOptions& o, const std::string& title, const NameFn& names,
                           PrintPlan* plan_out) {
  // The map's root element: its size, the attributes its content inherits, and its content.
  size_t root = svg.find("<svg");
  if (root == std::string::npos) return {};
  size_t open_end = svg.find('>', root), close = svg.rfind("</svg>");
  if (open_end == std::string::npos || close == std::string::npos || close < open_end) return {};
  const std::string tag = svg.substr(root, open_end - root);
  float map_w = std::strtof(attr(tag, "width").c_str(), nullptr), map_h = std::strtof(attr(tag, "height").c_str(), nullptr);
  if (!(map_w > 0) || !(map_h > 0)) return {};
  PrintPlan p = plan_print(map_w, map_h, o);
  if (plan_out) *plan_out = p;
  auto word = [&](const std::string& key, const std::string& english) { return names ? names(key, english) : english; };

  std::string out = "<style>@page { size: " + mm(p.page_w_mm) + "mm " + mm(p.page_h_mm) + "mm; margin: 0; }</style>\n";
  out += "<svg class=\"jm-print-defs\" xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><g id=\"jm-print-map\"";
  for (const char* a : {"font-family", "font-size", "fill", "direction"}) {
    std::string v = attr(tag, a);
    if (!v.empty()) out += std::string(" ") + a + "=\"" + v + "\"";
  }
  out += ">" + svg.substr(open_end + 1, close - open_end - 1) + "</g></defs></svg>\n";

  const float margin = (p.page_w_mm - p.area_w_mm) / 2;
  const float x0 = margin, y0 = margin, x1 = margin + p.area_w_mm, y1 = margin + p.area_h_mm;
  const float ov = p.overlap_mm;
  const std::string clean_title = xml_escape(title);
  for (const PrintTile& t : p.tiles) {
    out += "<section class=\"jm-print-page\" style=\"width:" + mm(p.page_w_mm) + "mm;height:" + mm(p.page_h_mm) + "mm\">";
    out += "<svg class=\"jm-print-sheet\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + mm(p.page_w_mm) + "mm\" height=\"" +
           mm(p.page_h_mm) + "mm\" viewBox=\"0 0 " + mm(p.page_w_mm) + " " + mm(p.page_h_mm) + "\">";
    out += "<svg x=\"" + mm(x0) + "\" y=\"" + mm(y0) + "\" width=\"" + mm(p.area_w_mm) + "\" height=\"" + mm(p.area_h_mm) +
           "\" viewBox=\"" + mm(t.x) + " " + mm(t.y) + " " + mm(t.w) + " " + mm(t.h) +
           "\" preserveAspectRatio=\"xMidYMin meet\" overflow=\"hidden\"><use href=\"#jm-print-map\"/></svg>";
    if (p.tiles.size() > 1) {
      // Crop marks: short lines in the margin, in line with the printed part's edges.
      const float gap = std::min(1.5f, margin / 4), len = std::max(0.0f, std::min(6.0f, margin - 2 * gap));
      std::string marks;
      auto line = [&](float ax, float ay, float bx, float by) {
        marks += "<line x1=\"" + mm(ax) + "\" y1=\"" + mm(ay) + "\" x2=\"" + mm(bx) + "\" y2=\"" + mm(by) + "\"/>";
      };
      if (len > 0)
        for (float x : {x0, x1})
          for (float y : {y0, y1}) {
            float sx = x == x0 ? -1.0f : 1.0f, sy = y == y0 ? -1.0f : 1.0f;
            line(x + sx * gap, y, x + sx * (gap + len), y);
            line(x, y + sy * gap, x, y + sy * (gap + len));
          }
      out += "<g stroke=\"#000\" stroke-width=\"0.2\">" + marks + "</g>";
      // The overlap: where this sheet's part meets its neighbours' (dashed, light).
      std::string dash;
      // The next column is on the reading side's far end: the right, or the left for rtl.
      const bool right_neighbour = o.rtl ? t.col > 0 : t.col + 1 < p.cols, left_neighbour = o.rtl ? t.col + 1 < p.cols : t.col > 0;
      if (right_neighbour) dash += "<line x1=\"" + mm(x1 - ov) + "\" y1=\"" + mm(y0) + "\" x2=\"" + mm(x1 - ov) + "\" y2=\"" + mm(y1) + "\"/>";
      if (left_neighbour) dash += "<line x1=\"" + mm(x0 + ov) + "\" y1=\"" + mm(y0) + "\" x2=\"" + mm(x0 + ov) + "\" y2=\"" + mm(y1) + "\"/>";
      if (t.row + 1 < p.rows) dash += "<line x1=\"" + mm(x0) + "\" y1=\"" + mm(y1 - ov) + "\" x2=\"" + mm(x1) + "\" y2=\"" + mm(y1 - ov) + "\"/>";
      if (t.row > 0) dash += "<line x1=\"" + mm(x0) + "\" y1=\"" + mm(y0 + ov) + "\" x2=\"" + mm(x1) + "\" y2=\"" + mm(y0 + ov) + "\"/>";
      if (!dash.empty()) out += "<g stroke=\"#94a3b8\" stroke-width=\"0.2\" stroke-dasharray=\"1.5 1.5\">" + dash + "</g>";
    }
    // The label, in the bottom margin: the sheet's row-column and the grid, then the title.
    if (margin >= 4) {
      std::string label = clean_title;
      if (p.tiles.size() > 1) {
        std::string sheet = format_placeholders(word("print.sheet", "Sheet {row}-{col} of {rows} × {cols}"),
                                                {{"row", std::to_string(t.row + 1)}, {"col", std::to_string(t.col + 1)},
                                                 {"rows", std::to_string(p.rows)}, {"cols", std::to_string(p.cols)}});
        label = xml_escape(sheet) + (label.empty() ? "" : " \xC2\xB7 " + label);
      }
      // On the reading side: the left, or the right edge for rtl (anchored at its end, read right to left).
      out += "<text x=\"" + mm(o.rtl ? x1 : x0) + "\" y=\"" + mm(y1 + std::min(margin * 0.6f, 6.0f)) +
             (o.rtl ? "\" text-anchor=\"end\" direction=\"rtl" : "") +
             "\" font-family=\"JM Sans, JM Sans Arabic, JM Sans Hebrew, Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\" font-size=\"" +
             mm(std::min(3.0f, margin * 0.35f)) + "\" fill=\"#64748b\">" + label + "</text>";
    }
    out += "</svg></section>\n";
  }
  return out;
}

} // namespace jm
