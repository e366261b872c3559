// export_util.cpp: see export_util.h.
#include "core/export_util.h"
#include "core/export.h"
#include "core/text.h"
#include <cmath>
#include <cstring>

namespace jm::xu {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_ascii_space(s[b])) b++;
  while (e > b && is_ascii_space(s[e - 1])) e--;
  return s.substr(b, e - b);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return s;
}

bool starts_with_ci(const std::string& s, const char* prefix) {
  size_t n = std::strlen(prefix);
  return s.size() >= n && lower_ascii(s.substr(0, n)) == prefix;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); i++) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

// Decodes one UTF-8 code point at s[i], advancing i. Returns false (and advances one byte) for a
// byte that does not start a well-formed sequence: overlong forms, surrogates and values past
// U+10FFFF are refused, as in the Unicode standard's table 3-7.
bool next_cp(const std::string& s, size_t& i, uint32_t* cp) {
  const unsigned char c = (unsigned char)s[i];
  if (c < 0x80) { *cp = c; i++; return true; }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) { i++; return false; }
  uint32_t v = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len; k++) {
    unsigned char d = (unsigned char)s[i + k];
    if ((d & 0xC0) != 0x80) { i++; return false; }
    v = (v << 6) | (d & 0x3F);
  }
  if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) {
    i++;
    return false;
  }
  *cp = v;
  i += len;
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) out += (char)cp;
  else if (cp < 0x800) { out += (char)(0xC0 | (cp >> 6)); out += (char)(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += (char)(0xE0 | (cp >> 12)); out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | (cp >> 18)); out += (char)(0x80 | ((cp >> 12) & 0x3F));
    out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
  }
}

// Numbers are read and written through the classic locale so that a process whose locale writes
// "1,5" still produces and accepts "1.5" (CSV and Mermaid files travel between machines).
bool parse_number(const std::string& s, double* out) {
  std::istringstream is(s);
  is.imbue(std::locale::classic());
  double d = 0;
  is >> d;
  if (is.fail()) return false;
  is >> std::ws;
  if (!is.eof() || !std::isfinite(d)) return false;
  *out = d;
  return true;
}

// Coordinates in the SVG: two decimals at most, no locale, no exponent. Map units are CSS pixels,
// so a hundredth is far below what a renderer can show.
std::string num(float v) {
  if (!std::isfinite(v)) v = 0;
  long long c = std::llround((double)v * 100.0);
  std::string out;
  if (c < 0) { out += '-'; c = -c; }
  out += std::to_string(c / 100);
  long long f = c % 100;
  if (f) {
    out += '.';
    out += (char)('0' + f / 10);
    if (f % 10) out += (char)('0' + f % 10);
  }
  return out;
}

const char* lane_title(const Lane& l) { return l.name.empty() ? lane_type_info(l.type).name : l.name.c_str(); }

std::string stage_title(const Map& m, size_t i) {
  return m.stages[i].name.empty() ? "Stage " + std::to_string(i + 1) : m.stages[i].name;
}

std::string channel_name(const std::string& key) {
  const ChannelInfo* ci = channel_info(key);
  return ci ? ci->name : key;
}

std::string signed_score(float s) {
  if (s == 0) return "0";
  std::string v = format_score(s);
  return s > 0 ? "+" + v : v;
}

bool is_formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Spreadsheets run a cell that starts with =, +, -, @ as a formula (CSV injection: a shared map
// could carry =HYPERLINK(...) or a DDE call). Such text gets a leading apostrophe, which the
// spreadsheet shows but never runs. Text already made of apostrophes then a formula character gets
// one more, so that removing exactly one on import restores every text.
bool needs_formula_guard(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && s[i] == '\'') i++;
  return i < s.size() && is_formula_start(s[i]);
}

Color mix_white(Color c, float t) {  // t = 0: c, t = 1: white
  auto ch = [&](int shift) {
    float v = (float)((c >> shift) & 0xff);
    return (Color)std::lround(v + (255.0f - v) * t) << shift;
  };
  return ch(16) | ch(8) | ch(0);
}

Color darken(Color c, float t) {
  auto ch = [&](int shift) { return (Color)std::lround((float)((c >> shift) & 0xff) * (1 - t)) << shift; };
  return ch(16) | ch(8) | ch(0);
}

// The longest prefix of `s` (whole code points) that fits `width` with an ellipsis after it, or s
// itself when it fits.
std::string fit(const std::string& s, float width, const MeasureFn& measure) {
  if (s.empty() || measure(s.data(), s.data() + s.size()) <= width) return s;
  const char* ell = "\xE2\x80\xA6";
  float ew = measure(ell, ell + 3);
  size_t cut = 0;
  for (size_t i = 0; i < s.size();) {
    size_t j = i + 1;
    while (j < s.size() && ((unsigned char)s[j] & 0xC0) == 0x80) j++;
    if (measure(s.data(), s.data() + j) + ew > width) break;
    cut = i = j;
  }
  return trim(s.substr(0, cut)) + ell;
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// The first '\n'-separated paragraph holding byte `at`, as the editor gives each paragraph its
// own direction (first strong letter; none: the map's direction).
bool para_rtl(const std::string& text, size_t at, Direction map_dir) {
  at = std::min(at, text.size());
  size_t start = 0;
  if (at > 0) {
    size_t nl = text.rfind('\n', at - 1);
    if (nl != std::string::npos) start = nl + 1;
  }
  return paragraph_is_rtl(std::string_view(text).substr(start), base_dir_for(map_dir));
}

} // namespace jm::xu
