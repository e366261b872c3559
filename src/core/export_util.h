// export_util.h: small helpers the exporters and importers share (export.cpp, import.cpp,
// pptx.cpp): text trimming and splitting, UTF-8 stepping, locale-free numbers, the names a map
// shows for a stage, lane or channel, colours mixed for fills, text fitted to a width, and the
// direction of a paragraph. Internal to the core (namespace jm::xu), not part of its interface.
#pragma once
#include "core/id.h"
#include "core/layout.h"
#include "core/model.h"
#include <algorithm>
#include <locale>
#include <sstream>
#include <string>
#include <vector>

namespace jm::xu {

// The cards of every cell, sorted by order, bucketed in one pass: the exporters walk stages x
// lanes, and cell_cards() per cell would scan all cards each time (quadratic on large maps).
struct Cells {
  size_t ns = 0, nl = 0;
  std::vector<std::vector<const Card*>> v;
  explicit Cells(const Map& m) : ns(m.stages.size()), nl(m.lanes.size()), v(ns * nl) {
    IdMap<size_t> si, li;
    for (size_t i = 0; i < ns; i++) si.emplace(m.stages[i].id, i);
    for (size_t i = 0; i < nl; i++) li.emplace(m.lanes[i].id, i);
    for (const Card& c : m.cards) {
      auto s = si.find(c.stage), l = li.find(c.lane);
      if (s != si.end() && l != li.end()) v[l->second * ns + s->second].push_back(&c);
    }
    for (auto& cell : v)
      std::stable_sort(cell.begin(), cell.end(), [](const Card* a, const Card* b) { return a->order < b->order; });
  }
  const std::vector<const Card*>& at(size_t stage, size_t lane) const { return v[lane * ns + stage]; }
};

inline const char* const kZwsp = "\xE2\x80\x8B";   // U+200B ZERO WIDTH SPACE

bool is_ascii_space(char c);
std::string trim(const std::string& s);             // ASCII white space off both ends
std::string lower_ascii(std::string s);
bool starts_with_ci(const std::string& s, const char* prefix);   // prefix in lower case
std::string join(const std::vector<std::string>& v, const char* sep);
std::vector<std::string> split(const std::string& s, char sep);
// Decodes one UTF-8 code point at s[i], advancing i. Returns false (and advances one byte) for a
// byte that does not start a well-formed sequence.
bool next_cp(const std::string& s, size_t& i, uint32_t* cp);
void append_utf8(std::string& out, uint32_t cp);
// A number through the classic locale ("1.5" whatever the process locale); the whole string.
bool parse_number(const std::string& s, double* out);
std::string num(float v);                            // two decimals at most, no exponent
const char* lane_title(const Lane& l);               // its name, else its type's
std::string stage_title(const Map& m, size_t i);     // its name, else "Stage N"
std::string channel_name(const std::string& key);    // a built-in channel's name, else the key
std::string signed_score(float s);                   // "+1.5", "-2", "0"
// Text a spreadsheet would run as a formula (=, +, -, @, tab, CR after any apostrophes).
bool needs_formula_guard(const std::string& s);
Color mix_white(Color c, float t);                   // t = 0: c, t = 1: white
Color darken(Color c, float t);                      // t = 0: c, t = 1: black
// The longest prefix of `s` (whole code points) that fits `width` with an ellipsis after it, or s
// itself when it fits.
std::string fit(const std::string& s, float width, const MeasureFn& measure);
std::string one_line(std::string s);                 // line breaks as spaces
// The direction of the '\n'-separated paragraph holding byte `at` (first strong letter; none:
// the map's direction), as the editor gives each paragraph its own.
bool para_rtl(const std::string& text, size_t at, Direction map_dir);

// The shortest %g rendering of v that `same` accepts when read back.
template <class Same> std::string shortest(double v, Same same) {
  std::string s;
  for (int prec = 1; prec <= 17; prec++) {
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os.precision(prec);
    os << v;
    s = os.str();
    double back = 0;
    if (parse_number(s, &back) && same(back)) break;
  }
  return s;
}


} // namespace jm::xu
