// svg_markup.h: shared by the export tests and the fuzz target. Every '<' in an exported SVG
// opens (or closes) one of the elements to_svg writes: user text that got through unescaped
// would show up here as some other tag.
#pragma once
#include <cstring>
#include <string>

inline bool only_our_markup(const std::string& svg) {
  static const char* const names[] = {"?xml ", "svg ", "/svg>", "title>", "/title>", "desc>", "/desc>", "rect ",
                                      "text ", "/text>", "g>", "g ", "/g>", "line ", "path ", "circle ", "/circle>",
                                      "linearGradient ", "/linearGradient>", "stop "};
  for (size_t i = svg.find('<'); i != std::string::npos; i = svg.find('<', i + 1)) {
    bool known = false;
    for (const char* n : names) known = known || svg.compare(i + 1, std::strlen(n), n) == 0;
    if (!known) return false;
  }
  return true;
}
