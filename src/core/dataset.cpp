// dataset.cpp: see dataset.h. Each reader walks the file once through csv_read (libcsv), checks
// each row against the bad-row rules of analytics.md 2.5, interns strings and appends to the
// normal form; the sort and the duplicate check run on the new rows before they join the dataset.
#include "core/dataset.h"
#include <ctime>

#include "core/csv.h"
#include "core/survey.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>

namespace jm {

using json = nlohmann::json;

Sym StringPool::intern(const std::string& s) {
  auto it = index.find(s);
  if (it != index.end()) return it->second;
  Sym id = (Sym)strings.size();
  strings.push_back(s);
  index.emplace(s, id);
  return id;
}

Sym StringPool::find(const std::string& s) const {
  auto it = index.find(s);
  return it == index.end() ? 0 : it->second;
}

namespace {

const size_t kFirstIssues = 20;
const size_t kValueCut = 200;
const int64_t kProgressRows = 65536;

// Trims ASCII spaces and the invisible direction marks that spreadsheets in right-to-left
// locales put around numbers and dates (LRM U+200E, RLM U+200F, ALM U+061C).
std::string_view trim(std::string_view s) {
  while (true) {
    size_t n = s.size();
    if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) s.remove_prefix(1);
    else if (n >= 3 && (s.compare(0, 3, "\xE2\x80\x8E") == 0 || s.compare(0, 3, "\xE2\x80\x8F") == 0)) s.remove_prefix(3);
    else if (n >= 2 && s.compare(0, 2, "\xD8\x9C") == 0) s.remove_prefix(2);
    else break;
  }
  while (true) {
    size_t n = s.size();
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s.remove_suffix(1);
    else if (n >= 3 && (s.compare(n - 3, 3, "\xE2\x80\x8E") == 0 || s.compare(n - 3, 3, "\xE2\x80\x8F") == 0)) s.remove_suffix(3);
    else if (n >= 2 && s.compare(n - 2, 2, "\xD8\x9C") == 0) s.remove_suffix(2);
    else break;
  }
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

// A header name as matched: trimmed, lower-cased, inner spaces read as underscores
// ("Person ID" is person_id).
std::string header_key(std::string_view s) {
  std::string k = lower_ascii(trim(s));
  for (char& c : k)
    if (c == ' ') c = '_';
  return k;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int days_in_month(int64_t y, int64_t m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// n ASCII digits at s[i..] as a number; false if any is not a digit.
bool digits(std::string_view s, size_t i, size_t n, int64_t* out) {
  if (i + n > s.size()) return false;
  int64_t v = 0;
  for (size_t k = 0; k < n; k++) {
    if (!is_digit(s[i + k])) return false;
    v = v * 10 + (s[i + k] - '0');
  }
  *out = v;
  return true;
}

// A finite decimal number (sign, digits, point, exponent). In a `;`-separated file a lone comma is
// the decimal separator ("12,5"), as the spreadsheets that write `;` use it.
bool parse_number(std::string_view s, char delimiter, double* out) {
  s = trim(s);
  if (s.empty() || s.size() > 64) return false;
  char buf[72];
  size_t n = 0;
  bool point = false;
  for (char c : s) {
    if (c == ',' && delimiter == ';' && !point && s.find('.') == std::string_view::npos) { c = '.'; }
    if (!(is_digit(c) || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) return false;
    if (c == '.') point = true;
    buf[n++] = c;
  }
  buf[n] = 0;
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end != buf + n || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

std::string cut(std::string_view v) {
  if (v.size() <= kValueCut) return std::string(v);
  size_t n = kValueCut;
  while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80) n--;   // not inside a UTF-8 sequence
  return std::string(v.substr(0, n));
}

struct Alias { const char* key; std::vector<const char*> names; };
const Alias kPerson{"person_id", {"person_id", "customer_id", "user_id", "case:concept:name"}};
const Alias kTime{"timestamp", {"timestamp", "time:timestamp", "time"}};
const Alias kEvent{"event", {"event", "concept:name", "activity"}};
const Alias kSession{"session_id", {"session_id"}};
const Alias kChannel{"channel", {"channel"}};
const Alias kTouchpoint{"touchpoint_id", {"touchpoint_id"}};
const Alias kStage{"stage", {"stage"}};
const Alias kValue{"value", {"value"}};
const Alias kConversion{"conversion", {"conversion"}};
const Alias kMetric{"metric", {"metric"}};
const Alias kScore{"score", {"score"}};
const Alias kScaleMin{"scale_min", {"scale_min"}};
const Alias kScaleMax{"scale_max", {"scale_max"}};
const Alias kComment{"comment", {"comment"}};
const Alias kPersona{"persona", {"persona"}};
const Alias kPath{"path", {"path"}};
const Alias kConversions{"total_conversions", {"total_conversions"}};
const Alias kNulls{"total_null", {"total_null", "total_non_conversions"}};
const Alias kPathValue{"total_conversion_value", {"total_conversion_value"}};

int find_column(const std::vector<std::string>& keys, const Alias& a) {
  for (const char* name : a.names)
    for (size_t i = 0; i < keys.size(); i++)
      if (keys[i] == name) return (int)i;
  return -1;
}

std::string alias_text(const Alias& a) {
  std::string s = a.names[0];
  if (a.names.size() > 1) {
    s += " (or ";
    for (size_t i = 1; i < a.names.size(); i++) s += (i > 1 ? ", " : "") + std::string(a.names[i]);
    s += ")";
  }
  return s;
}

// The walk over one file shared by the three readers: whole-file checks, the header, the rows
// with their ENCODING and COLUMN_COUNT checks, progress, cancel and strict mode. The reader's
// own checks run in on_row, which reports through reject() / note().
struct FileRead {
  ImportReport* rep;
  const ImportOptions& opt;
  const Progress& progress;
  std::vector<std::string> header;       // as written, trimmed
  std::vector<std::string> keys;         // as matched
  std::vector<RowIssue> issues;          // the first rejected rows
  bool failed = false;                   // strict stop, cancel
  bool warned_zone = false;
  const CsvRecord* rec = nullptr;        // the row being read

  FileRead(ImportReport* r, const ImportOptions& o, const Progress& p) : rep(r), opt(o), progress(p) {}

  std::string_view field(int col) const { return col >= 0 && (size_t)col < rec->size() ? rec->field((size_t)col) : std::string_view(); }
  const std::string& column_name(int col) const {
    static const std::string none;
    return col >= 0 && (size_t)col < header.size() ? header[(size_t)col] : none;
  }

  // Always returns false, so a row check reads `return reject(...)`.
  bool reject(int64_t line, const std::string& column, const char* reason, std::string_view value) {
    rep->rejected[reason]++;
    RowIssue is{line, column, reason, cut(value)};
    if (issues.size() < kFirstIssues) issues.push_back(is);
    if (opt.strict && !failed) {
      failed = true;
      rep->error = "line " + std::to_string(line) + ": " + reason + (column.empty() ? "" : " in column " + column) +
                   (value.empty() ? std::string() : " (\"" + is.value + "\")") + " (strict mode stops at the first rejected row)";
    }
    return false;
  }
  bool reject_col(int col, const char* reason) { return reject(rec->line, column_name(col), reason, field(col)); }
  void note(const char* reason) { rep->noted[reason]++; }
  // NO_TIMEZONE: noted on every such row, one warning per file naming the zone used.
  void no_zone(std::string_view ts) {
    note("NO_TIMEZONE");
    if (warned_zone) return;
    warned_zone = true;
    int64_t m = opt.tz_offset_minutes, a = m < 0 ? -m : m;
    char zone[16];
    std::snprintf(zone, sizeof zone, "UTC%c%02d:%02d", m < 0 ? '-' : '+', int(a / 60), int(a % 60));
    rep->warnings.push_back("line " + std::to_string(rec->line) + ": no time zone (\"" + cut(ts) + "\"): read as " +
                            (m == 0 ? std::string("UTC") : std::string(zone)));
  }

  // Header checks: every required column present, else the file is unusable and the error names
  // the names that were accepted.
  bool require(const std::vector<const Alias*>& required) {
    std::string missing;
    for (const Alias* a : required)
      if (find_column(keys, *a) < 0) missing += (missing.empty() ? "" : "; ") + std::string("no column named ") + alias_text(*a);
    if (missing.empty()) return true;
    std::string have;
    for (const std::string& h : header) have += (have.empty() ? "" : ", ") + h;
    rep->error = "line 1: " + missing + "; the header has: " + (have.empty() ? "(nothing)" : have);
    return false;
  }

  template <class OnHeader, class OnRow>
  void run(const std::string& bytes, const char* what, CsvOptions copt, OnHeader on_header, OnRow on_row) {
    std::string_view b(bytes);
    rep->bom = has_utf8_bom(b);
    if (b.size() >= 2 && ((unsigned char)b[0] == 0xFF && (unsigned char)b[1] == 0xFE)) {
      rep->error = "the file is UTF-16 text: save it as CSV UTF-8 and try again";
      return;
    }
    if (b.size() >= 2 && ((unsigned char)b[0] == 0xFE && (unsigned char)b[1] == 0xFF)) {
      rep->error = "the file is UTF-16 text: save it as CSV UTF-8 and try again";
      return;
    }
    if (std::memchr(b.data(), 0, std::min<size_t>(b.size(), 65536))) {
      rep->error = std::string("not a text file (it holds NUL bytes): expected CSV text with ") + what;
      return;
    }
    if (trim(b.substr(rep->bom ? 3 : 0)).empty()) {
      rep->error = std::string("the file is empty: expected a header row with ") + what;
      return;
    }
    bool have_header = false;
    int64_t rows = 0;
    CsvInfo info;
    copt.delimiter = detect_delimiter(b);
    rep->delimiter = copt.delimiter;
    csv_read(b, copt, [&](const CsvRecord& r) {
      rec = &r;
      if (!have_header) {
        have_header = true;
        if (r.bad_utf8 >= 0) {
          rep->error = "line 1: the header is not UTF-8 text (byte " + std::to_string(r.bad_utf8) + "): save the file as CSV UTF-8";
          return false;
        }
        for (size_t i = 0; i < r.size(); i++) {
          header.emplace_back(trim(r.field(i)));
          keys.push_back(header_key(r.field(i)));
        }
        return on_header();
      }
      rep->rows++;
      if (++rows % kProgressRows == 0 && progress && !progress(double(r.offset) / double(std::max<size_t>(1, b.size())))) {
        rep->error = "cancelled";
        failed = true;
        return false;
      }
      if (r.bad_utf8 >= 0) reject(r.line, "", "ENCODING", "byte " + std::to_string(r.bad_utf8));
      else if (r.unclosed_quote)
        reject(r.line, "", "COLUMN_COUNT", "a quoted field is not closed before the end of the file");
      else if (r.size() != header.size())
        reject(r.line, "", "COLUMN_COUNT", std::to_string(r.size()) + " fields, the header has " + std::to_string(header.size()));
      else if (on_row()) rep->accepted++;
      return !failed;
    }, &info);
    rec = nullptr;
  }

  void finish(Dataset* ds, std::vector<RowIssue> more) {
    // The first issues in file order: the rejected rows met while reading, and the ones found
    // after sorting (duplicates).
    std::vector<RowIssue>& all = issues;
    all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    std::stable_sort(all.begin(), all.end(), [](const RowIssue& a, const RowIssue& b) { return a.line < b.line; });
    if (all.size() > kFirstIssues) all.resize(kFirstIssues);
    rep->first = std::move(all);
    ds->reports.push_back(*rep);
  }
};

// Sorts idx (indices into rows) by key(row) then index, and returns rows in that order.
template <class T, class Less>
void sort_rows(std::vector<T>* rows, Less less) {
  bool sorted = true;
  for (size_t i = 1; i < rows->size() && sorted; i++) sorted = !less((*rows)[i], (*rows)[i - 1]);
  if (sorted) return;
  std::vector<uint32_t> idx(rows->size());
  for (size_t i = 0; i < idx.size(); i++) idx[i] = (uint32_t)i;
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    const T& x = (*rows)[a];
    const T& y = (*rows)[b];
    if (less(x, y)) return true;
    if (less(y, x)) return false;
    return a < b;   // file order on ties
  });
  std::vector<T> out;
  out.reserve(rows->size());
  for (uint32_t i : idx) out.push_back(std::move((*rows)[i]));
  *rows = std::move(out);
}

// New rows join the dataset's sorted rows; on ties the rows already there come first.
template <class T, class Less>
void merge_rows(std::vector<T>* into, std::vector<T>* rows, Less less) {
  if (into->empty()) { *into = std::move(*rows); return; }
  size_t mid = into->size();
  into->insert(into->end(), std::make_move_iterator(rows->begin()), std::make_move_iterator(rows->end()));
  std::inplace_merge(into->begin(), into->begin() + (std::ptrdiff_t)mid, into->end(), less);
}

bool event_less(const Event& a, const Event& b) { return a.person != b.person ? a.person < b.person : a.ts_ms < b.ts_ms; }
bool response_less(const Response& a, const Response& b) { return a.ts_ms < b.ts_ms; }

// Interns one column's values in front of the pool's hash table: a column holds few distinct
// values (events, channels) or long runs of one (a person's rows come together), so a small
// direct-mapped cache keyed by a cheap hash answers most rows without hashing a std::string.
struct Interner {
  StringPool* pool;
  std::string scratch;
  Sym cache[64] = {};
  Sym operator()(std::string_view s) {
    if (s.empty()) return 0;
    uint32_t h = 2166136261u;   // FNV-1a over at most 16 bytes and the length
    for (size_t i = 0, n = std::min<size_t>(s.size(), 16); i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    h = (h ^ (uint32_t)s.size()) * 16777619u;
    Sym& slot = cache[(h ^ (h >> 16)) & 63];
    if (slot && pool->strings[slot] == s) return slot;
    scratch.assign(s.data(), s.size());
    return slot = pool->intern(scratch);
  }
};

} // namespace

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  // Howard Hinnant's days_from_civil (proleptic Gregorian, 1970-01-01 = 0).
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string iso_utc(int64_t ms) {
  std::time_t t = std::time_t(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ---- Timestamps and scores ----------------------------------------------------------------------

bool parse_timestamp(const std::string& text, const ImportOptions& opt, int64_t* ts_ms, bool* no_zone) {
  std::string_view s = trim(text);
  if (s.empty()) return false;
  bool zone_less = false;
  // Epoch seconds or milliseconds: digits, and for seconds an optional fraction.
  size_t nd = 0;
  while (nd < s.size() && is_digit(s[nd])) nd++;
  if (nd > 0 && (nd == s.size() || s[nd] == '.')) {
    if (nd > 15) return false;
    int64_t whole = 0;
    digits(s, 0, nd, &whole);
    std::string unit = opt.epoch_unit.empty() ? (whole >= 100000000000LL ? "ms" : "s") : opt.epoch_unit;
    int64_t frac_ms = 0;
    if (nd < s.size()) {
      if (unit != "s" || nd + 1 == s.size()) return false;   // a fraction of a millisecond: not a time
      int64_t scale = 100;
      for (size_t i = nd + 1; i < s.size(); i++) {
        if (!is_digit(s[i])) return false;
        frac_ms += (s[i] - '0') * scale;
        scale /= 10;
      }
    }
    if (unit == "s") *ts_ms = whole * 1000 + frac_ms;
    else if (unit == "ms") *ts_ms = whole;
    else return false;
    if (no_zone) *no_zone = false;
    return true;
  }
  // ISO 8601: YYYY-MM-DD, then optionally T or a space, hh:mm[:ss[.fff]], then Z or +hh[:mm].
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo) || s[7] != '-' || !digits(s, 8, 2, &d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
  size_t i = 10;
  if (i == s.size()) {
    zone_less = true;
    off = opt.tz_offset_minutes;
  } else {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
    i++;
    if (!digits(s, i, 2, &h) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(s, i + 3, 2, &mi)) return false;
    i += 5;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, &sec)) return false;
      i += 3;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        i++;
        size_t start = i;
        int64_t scale = 100;
        while (i < s.size() && is_digit(s[i])) {
          ms += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) return false;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return false;
    if (i < s.size() && s[i] == ' ' && i + 1 < s.size()) i++;   // "10:00:00 +02:00"
    if (i == s.size()) {
      zone_less = true;
      off = opt.tz_offset_minutes;
    } else if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
      off = 0;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i] == '-' ? -1 : 1;
      int64_t oh = 0, om = 0;
      if (!digits(s, i + 1, 2, &oh)) return false;
      size_t j = i + 3;
      if (j < s.size()) {
        if (s[j] == ':') j++;
        if (!digits(s, j, 2, &om) || j + 2 != s.size()) return false;
      }
      if (oh > 23 || om > 59) return false;
      off = sign * (oh * 60 + om);
    } else {
      return false;
    }
  }
  int64_t days = days_from_civil(y, mo, d);
  *ts_ms = ((days * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms) - off * 60000;
  if (no_zone) *no_zone = zone_less;
  return true;
}

std::string parse_score(const std::string& text, int* out) {
  std::string_view s = trim(text);
  if (s.empty()) return "BLANK_SCORE";
  size_t i = 0;
  int sign = 1;
  if (s[0] == '+' || s[0] == '-') {
    sign = s[0] == '-' ? -1 : 1;
    i = 1;
  }
  // One digit at s[i]: ASCII, Arabic-Indic U+0660-0669 (D9 A0-A9), Extended U+06F0-06F9 (DB B0-B9).
  auto digit_at = [&](size_t k, int* v, size_t* len) {
    if (k < s.size() && is_digit(s[k])) { *v = s[k] - '0'; *len = 1; return true; }
    if (k + 1 < s.size()) {
      unsigned char a = (unsigned char)s[k], b = (unsigned char)s[k + 1];
      if (a == 0xD9 && b >= 0xA0 && b <= 0xA9) { *v = b - 0xA0; *len = 2; return true; }
      if (a == 0xDB && b >= 0xB0 && b <= 0xB9) { *v = b - 0xB0; *len = 2; return true; }
    }
    return false;
  };
  int64_t v = 0;
  int nd = 0, dv;
  size_t len;
  while (digit_at(i, &dv, &len)) {
    v = v * 10 + dv;
    i += len;
    if (++nd > 9) return "BAD_NUMBER";
  }
  if (nd == 0) return "BAD_NUMBER";
  // A fraction: "8.5" is not an integer; "8.0" (a spreadsheet's way of writing 8) is.
  size_t sep = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) sep = 1;
  else if (i + 1 < s.size() && (unsigned char)s[i] == 0xD9 && (unsigned char)s[i + 1] == 0xAB) sep = 2;   // U+066B
  if (sep && digit_at(i + sep, &dv, &len)) {
    i += sep;
    bool zero = true;
    while (digit_at(i, &dv, &len)) {
      zero = zero && dv == 0;
      i += len;
    }
    if (!zero) return "SCORE_NOT_INTEGER";
  }
  if (i < s.size()) {
    // A label after the number: "10 - Extremely likely", "0 = Not at all", "7 (agree)".
    char c = s[i];
    bool label = c == ' ' || c == '\t' || c == '-' || c == '=' || c == ':' || c == '(' || c == ')' ||
                 s.compare(i, 3, "\xE2\x80\x93") == 0 || s.compare(i, 3, "\xE2\x80\x94") == 0;   // en, em dash
    if (!label) return "BAD_NUMBER";
  }
  *out = int(sign * v);
  return "";
}

// ---- Readers -----------------------------------------------------------------------------------

ImportReport read_events_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt, const Progress& progress) {
  ImportReport rep;
  rep.kind = "events";
  FileRead f(&rep, opt, progress);
  Interner sym_person{&ds->pool, {}}, sym_event{&ds->pool, {}}, sym_session{&ds->pool, {}}, sym_channel{&ds->pool, {}},
      sym_touch{&ds->pool, {}}, sym_stage{&ds->pool, {}};
  std::vector<Event> rows;
  int c_person = -1, c_time = -1, c_event = -1, c_session = -1, c_channel = -1, c_touch = -1, c_stage = -1,
      c_value = -1, c_conv = -1;
  std::string ts_text;
  f.run(bytes, "person_id, timestamp, event", CsvOptions{}, [&] {
    if (!f.require({&kPerson, &kTime, &kEvent})) return false;
    c_person = find_column(f.keys, kPerson);
    c_time = find_column(f.keys, kTime);
    c_event = find_column(f.keys, kEvent);
    c_session = find_column(f.keys, kSession);
    c_channel = find_column(f.keys, kChannel);
    c_touch = find_column(f.keys, kTouchpoint);
    c_stage = find_column(f.keys, kStage);
    c_value = find_column(f.keys, kValue);
    c_conv = find_column(f.keys, kConversion);
    rows.reserve((size_t)std::count(bytes.begin(), bytes.end(), '\n') + 1);
    return true;
  }, [&] {
    Event e;
    e.line = f.rec->line;
    std::string_view person = trim(f.field(c_person)), ev = trim(f.field(c_event)), ts = trim(f.field(c_time));
    if (person.empty()) return f.reject_col(c_person, "MISSING_REQUIRED");
    if (ts.empty()) return f.reject_col(c_time, "MISSING_REQUIRED");
    bool no_zone = false;
    ts_text.assign(ts.data(), ts.size());
    if (!parse_timestamp(ts_text, opt, &e.ts_ms, &no_zone)) return f.reject_col(c_time, "BAD_TIMESTAMP");
    if (ev.empty()) return f.reject_col(c_event, "MISSING_REQUIRED");
    if (c_value >= 0 && !trim(f.field(c_value)).empty() && !parse_number(f.field(c_value), rep.delimiter, &e.value))
      return f.reject_col(c_value, "BAD_NUMBER");
    if (c_conv >= 0) {
      std::string v = lower_ascii(trim(f.field(c_conv)));
      if (v == "1" || v == "true" || v == "yes") e.conversion = 1;
      else if (v == "0" || v == "false" || v == "no") e.conversion = 0;
      else if (!v.empty()) return f.reject_col(c_conv, "BAD_NUMBER");
    }
    if (no_zone) f.no_zone(ts);
    e.person = sym_person(person);
    e.event = sym_event(ev);
    if (c_session >= 0) e.session = sym_session(trim(f.field(c_session)));
    if (c_channel >= 0) e.channel = sym_channel(trim(f.field(c_channel)));
    if (c_touch >= 0) e.touchpoint = sym_touch(trim(f.field(c_touch)));
    if (c_stage >= 0) e.stage = sym_stage(trim(f.field(c_stage)));
    rows.push_back(e);
    return true;
  });
  std::vector<RowIssue> dups;
  if (rep.ok()) {
    sort_rows(&rows, event_less);
    // DUPLICATE: same person, time and event; the first in file order is kept. SAME_TIMESTAMP:
    // the others sharing a person's time, kept in file order.
    size_t w = 0;
    for (size_t i = 0; i < rows.size();) {
      size_t j = i;
      while (j < rows.size() && rows[j].person == rows[i].person && rows[j].ts_ms == rows[i].ts_ms) j++;
      size_t run_start = w;
      for (size_t k = i; k < j; k++) {
        bool dup = false;
        for (size_t m = run_start; m < w && !dup; m++) dup = rows[m].event == rows[k].event;
        if (dup) {
          f.note("DUPLICATE");
          if (dups.size() < kFirstIssues)
            dups.push_back(RowIssue{rows[k].line, f.column_name(c_event), "DUPLICATE", ds->pool.str(rows[k].event)});
          continue;
        }
        if (w > run_start) f.note("SAME_TIMESTAMP");
        rows[w++] = rows[k];
      }
      i = j;
    }
    rows.resize(w);
    rep.accepted = (int64_t)w;
    merge_rows(&ds->events, &rows, event_less);
  } else {
    rep.accepted = 0;
  }
  f.finish(ds, std::move(dups));
  return rep;
}

ImportReport read_responses_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt, const Progress& progress) {
  ImportReport rep;
  rep.kind = "responses";
  FileRead f(&rep, opt, progress);
  Interner sym{&ds->pool, {}};
  std::vector<Response> rows;
  int c_person = -1, c_time = -1, c_metric = -1, c_score = -1, c_min = -1, c_max = -1, c_touch = -1, c_stage = -1,
      c_comment = -1, c_persona = -1;
  std::string text;
  CsvOptions copt;
  copt.keep_spaces = true;   // comments exactly as written
  f.run(bytes, "timestamp, metric, score", copt, [&] {
    if (!f.require({&kTime, &kMetric, &kScore})) return false;
    c_person = find_column(f.keys, kPerson);
    c_time = find_column(f.keys, kTime);
    c_metric = find_column(f.keys, kMetric);
    c_score = find_column(f.keys, kScore);
    c_min = find_column(f.keys, kScaleMin);
    c_max = find_column(f.keys, kScaleMax);
    c_touch = find_column(f.keys, kTouchpoint);
    c_stage = find_column(f.keys, kStage);
    c_comment = find_column(f.keys, kComment);
    c_persona = find_column(f.keys, kPersona);
    return true;
  }, [&] {
    Response r;
    r.line = f.rec->line;
    std::string_view ts = trim(f.field(c_time)), metric = trim(f.field(c_metric));
    if (ts.empty()) return f.reject_col(c_time, "MISSING_REQUIRED");
    bool no_zone = false;
    text.assign(ts.data(), ts.size());
    if (!parse_timestamp(text, opt, &r.ts_ms, &no_zone)) return f.reject_col(c_time, "BAD_TIMESTAMP");
    if (metric.empty()) return f.reject_col(c_metric, "MISSING_REQUIRED");
    std::string m = lower_ascii(metric);
    default_scale(m, &r.scale_min, &r.scale_max);   // custom: 0, 0 (no range to check)
    for (int pass = 0; pass < 2; pass++) {
      int col = pass == 0 ? c_min : c_max;
      if (col < 0 || trim(f.field(col)).empty()) continue;
      int v = 0;
      text.assign(f.field(col));
      if (!parse_score(text, &v).empty()) return f.reject_col(col, "BAD_NUMBER");
      (pass == 0 ? r.scale_min : r.scale_max) = v;
    }
    if ((c_min >= 0 || c_max >= 0) && r.scale_min > r.scale_max) return f.reject_col(c_max >= 0 ? c_max : c_min, "BAD_NUMBER");
    text.assign(f.field(c_score));
    std::string why = parse_score(text, &r.score);
    if (why == "BLANK_SCORE") {
      r.blank = true;
      r.score = 0;
    } else if (!why.empty()) {
      return f.reject_col(c_score, why == "SCORE_NOT_INTEGER" ? "SCORE_NOT_INTEGER" : "BAD_NUMBER");
    } else if (r.scale_max > r.scale_min && (r.score < r.scale_min || r.score > r.scale_max)) {
      return f.reject_col(c_score, "SCORE_OUT_OF_RANGE");
    }
    if (r.blank) f.note("BLANK_SCORE");
    if (no_zone) f.no_zone(ts);
    r.metric = sym(m);
    if (c_person >= 0) r.person = sym(trim(f.field(c_person)));
    if (c_touch >= 0) r.touchpoint = sym(trim(f.field(c_touch)));
    if (c_stage >= 0) r.stage = sym(trim(f.field(c_stage)));
    if (c_persona >= 0) r.persona = sym(trim(f.field(c_persona)));
    if (c_comment >= 0) r.comment.assign(f.field(c_comment));
    rows.push_back(std::move(r));
    return true;
  });
  if (rep.ok()) {
    sort_rows(&rows, response_less);
    merge_rows(&ds->responses, &rows, response_less);
  } else {
    rep.accepted = 0;
  }
  f.finish(ds, {});
  return rep;
}

ImportReport read_paths_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt, const Progress& progress) {
  ImportReport rep;
  rep.kind = "paths";
  FileRead f(&rep, opt, progress);
  Interner sym{&ds->pool, {}};
  std::vector<PathRow> rows;
  int c_path = -1, c_conv = -1, c_null = -1, c_value = -1;
  const std::string sep = opt.path_separator.empty() ? std::string(">") : opt.path_separator;
  f.run(bytes, "path, total_conversions, total_null", CsvOptions{}, [&] {
    if (!f.require({&kPath, &kConversions, &kNulls})) return false;
    c_path = find_column(f.keys, kPath);
    c_conv = find_column(f.keys, kConversions);
    c_null = find_column(f.keys, kNulls);
    c_value = find_column(f.keys, kPathValue);
    return true;
  }, [&] {
    PathRow p;
    p.line = f.rec->line;
    std::string_view path = f.field(c_path);
    if (trim(path).empty()) return f.reject_col(c_path, "MISSING_REQUIRED");
    size_t start = 0;
    while (true) {
      size_t at = path.find(sep, start);
      std::string_view step = trim(path.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
      if (step.empty()) return f.reject_col(c_path, "MISSING_REQUIRED");   // "a > > b", "a >"
      p.steps.push_back(sym(step));
      if (at == std::string_view::npos) break;
      start = at + sep.size();
    }
    struct { int col; double* out; bool required; } nums[] = {{c_conv, &p.conversions, true}, {c_null, &p.nulls, true},
                                                              {c_value, &p.value, false}};
    for (auto& n : nums) {
      if (n.col < 0) continue;
      if (trim(f.field(n.col)).empty()) {
        if (n.required) return f.reject_col(n.col, "MISSING_REQUIRED");
        continue;
      }
      if (!parse_number(f.field(n.col), rep.delimiter, n.out) || *n.out < 0) return f.reject_col(n.col, "BAD_NUMBER");
    }
    rows.push_back(std::move(p));
    return true;
  });
  if (rep.ok()) {
    ds->paths.insert(ds->paths.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  } else {
    rep.accepted = 0;
  }
  f.finish(ds, {});
  return rep;
}

std::string sniff_data_kind(const std::string& bytes) {
  std::vector<std::string> keys;
  csv_read(bytes, CsvOptions{}, [&](const CsvRecord& r) {
    for (size_t i = 0; i < r.size(); i++) keys.push_back(header_key(r.field(i)));
    return false;
  });
  if (find_column(keys, kPath) >= 0 && find_column(keys, kConversions) >= 0) return "paths";
  if (find_column(keys, kMetric) >= 0 && find_column(keys, kScore) >= 0) return "responses";
  if (find_column(keys, kPerson) >= 0 && find_column(keys, kTime) >= 0 && find_column(keys, kEvent) >= 0) return "events";
  return "";
}

// ---- Reports as JSON ---------------------------------------------------------------------------

std::string import_report_to_json(const ImportReport& r) {
  json j;
  j["kind"] = r.kind;
  j["delimiter"] = std::string(1, r.delimiter);
  j["bom"] = r.bom;
  j["rows"] = r.rows;
  j["accepted"] = r.accepted;
  j["rejected"] = json::object();
  for (const auto& kv : r.rejected) j["rejected"][kv.first] = kv.second;
  j["noted"] = json::object();
  for (const auto& kv : r.noted) j["noted"][kv.first] = kv.second;
  j["first"] = json::array();
  for (const RowIssue& is : r.first)
    j["first"].push_back({{"line", is.line}, {"column", is.column}, {"reason", is.reason}, {"value", is.value}});
  j["warnings"] = r.warnings;
  j["error"] = r.error;
  // Values are cut at 200 bytes on a character boundary, but a file's bytes may not be UTF-8 at
  // all (an ENCODING row's value is its offset, never its bytes): replace rather than throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool import_report_from_json(const std::string& text, ImportReport* out, std::string* error) {
  json j = json::parse(text, nullptr, false);
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    return false;
  };
  if (j.is_discarded()) return fail("an import report is not valid JSON");
  if (!j.is_object()) return fail("an import report must be a JSON object");
  ImportReport r;
  auto str = [&](const json& o, const char* key, std::string* s) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_string()) return false;
    *s = it->get<std::string>();
    return true;
  };
  auto num = [&](const json& o, const char* key, int64_t* v) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_number_integer()) return false;
    *v = it->get<int64_t>();
    return true;
  };
  std::string delim = ",";
  if (!str(j, "kind", &r.kind)) return fail("report.kind must be a string");
  if (!str(j, "delimiter", &delim) || delim.size() != 1) return fail("report.delimiter must be one character");
  r.delimiter = delim[0];
  if (j.contains("bom")) {
    if (!j["bom"].is_boolean()) return fail("report.bom must be true or false");
    r.bom = j["bom"].get<bool>();
  }
  if (!num(j, "rows", &r.rows)) return fail("report.rows must be an integer");
  if (!num(j, "accepted", &r.accepted)) return fail("report.accepted must be an integer");
  for (const char* key : {"rejected", "noted"}) {
    auto it = j.find(key);
    if (it == j.end()) continue;
    if (!it->is_object()) return fail(std::string("report.") + key + " must be an object");
    auto& m = std::string(key) == "rejected" ? r.rejected : r.noted;
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      if (!kv.value().is_number_integer()) return fail(std::string("report.") + key + "." + kv.key() + " must be an integer");
      m[kv.key()] = kv.value().get<int64_t>();
    }
  }
  if (j.contains("first")) {
    if (!j["first"].is_array()) return fail("report.first must be an array");
    size_t i = 0;
    for (const json& e : j["first"]) {
      std::string at = "report.first[" + std::to_string(i++) + "]";
      if (!e.is_object()) return fail(at + " must be an object");
      RowIssue is;
      if (!num(e, "line", &is.line)) return fail(at + ".line must be an integer");
      if (!str(e, "column", &is.column) || !str(e, "reason", &is.reason) || !str(e, "value", &is.value))
        return fail(at + ": column, reason and value must be strings");
      r.first.push_back(std::move(is));
    }
  }
  if (j.contains("warnings")) {
    if (!j["warnings"].is_array()) return fail("report.warnings must be an array");
    for (const json& w : j["warnings"]) {
      if (!w.is_string()) return fail("report.warnings must hold strings");
      r.warnings.push_back(w.get<std::string>());
    }
  }
  if (!str(j, "error", &r.error)) return fail("report.error must be a string");
  *out = std::move(r);
  return true;
}

} // namespace jm
