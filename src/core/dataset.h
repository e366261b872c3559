// dataset.h: customer data brought to the map: event logs, survey answers and aggregated paths
// read from CSV files into one normal form, with every rejected row kept with its reason.
// Definitions and bad-row rules: ../shared/research/analytics.md (sections 2.2 and 2.5).
// Plain C++17; the same code runs natively (CLI, tests) and as wasm (the analytics worker).
//
// Normal form: strings are interned in a StringPool (ids, events, channels, metric names repeat
// millions of times in a large log), timestamps are int64 epoch milliseconds UTC, and ties on
// the timestamp keep file order (stable sort).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace jm {

using Sym = uint32_t;               // index into a StringPool; 0 is always the empty string
struct StringPool {
  std::vector<std::string> strings{std::string()};
  std::unordered_map<std::string, Sym> index{{std::string(), 0}};
  Sym intern(const std::string& s);
  const std::string& str(Sym s) const { return strings[s]; }
  Sym find(const std::string& s) const;   // 0 when absent (or empty)
};

// A rejected (or, for warnings, accepted but noted) row: physical line number in the file
// (1 = the header), the column, a reason key from analytics.md 2.5 and the raw value (cut to
// 200 bytes).
struct RowIssue {
  int64_t line = 0;
  std::string column;
  std::string reason;     // MISSING_REQUIRED, BAD_TIMESTAMP, NO_TIMEZONE, SCORE_OUT_OF_RANGE,
                          // SCORE_NOT_INTEGER, BLANK_SCORE, DUPLICATE, COLUMN_COUNT, ENCODING,
                          // BAD_NUMBER, UNMAPPED
  std::string value;
};
struct ImportReport {
  std::string kind;                         // "events", "responses", "paths"
  char delimiter = ',';                     // detected from the header
  bool bom = false;
  int64_t rows = 0;                         // data rows read (header not counted)
  int64_t accepted = 0;
  std::map<std::string, int64_t> rejected;  // reason -> count (rows skipped)
  std::map<std::string, int64_t> noted;     // reason -> count (rows kept: NO_TIMEZONE, DUPLICATE
                                            // keeps one, BLANK_SCORE, SAME_TIMESTAMP). DUPLICATE
                                            // counts the extra copies dropped, so rows ==
                                            // accepted + sum(rejected) + noted["DUPLICATE"]
  std::vector<RowIssue> first;              // the first 20 issues, in file order: rejected rows
                                            // and dropped duplicates (NO_TIMEZONE, BLANK_SCORE and
                                            // SAME_TIMESTAMP are only counted in `noted`)
  std::vector<std::string> warnings;        // one per file and kind ("no time zone: read as UTC")
  std::string error;                        // the file as a whole is unusable ("no column named
                                            // person_id (or customer_id, user_id, case:concept:name)")
  bool ok() const { return error.empty(); }
};

struct Event {
  Sym person = 0;
  int64_t ts_ms = 0;
  Sym event = 0;
  Sym session = 0;          // 0: none
  Sym channel = 0;          // 0: none
  Sym touchpoint = 0;       // the file's touchpoint_id, 0: none
  Sym stage = 0;            // the file's stage, 0: none
  double value = 0;         // 0 when absent
  int8_t conversion = -1;   // -1 absent, 0 or 1
  int64_t line = 0;         // physical line in its file
};
struct Response {
  Sym person = 0;           // 0: anonymous
  int64_t ts_ms = 0;
  Sym metric = 0;           // lower-cased: "nps", "csat", "ces" or a custom name
  int score = 0;
  bool blank = false;       // no score given: not in n, counted as "no score"
  int scale_min = 0, scale_max = 10;
  Sym touchpoint = 0, stage = 0;
  Sym persona = 0;          // optional `persona` column: a persona's name or uid in the map
  std::string comment;      // verbatim (Arabic and Hebrew kept as written)
  int64_t line = 0;
};
// One row of an aggregated paths file: `path,total_conversions,total_null[,total_conversion_value]`.
struct PathRow {
  std::vector<Sym> steps;   // channels in order
  double conversions = 0, nulls = 0, value = 0;
  int64_t line = 0;
};

struct Dataset {
  StringPool pool;
  std::vector<Event> events;        // sorted by person, then ts_ms, then file order
  std::vector<Response> responses;  // sorted by ts_ms, then file order
  std::vector<PathRow> paths;
  std::vector<ImportReport> reports;   // one per file read, in order
};

struct ImportOptions {
  int64_t tz_offset_minutes = 0;    // zone for timestamps without one (default UTC)
  std::string epoch_unit;           // "", "s" or "ms": how a bare integer timestamp is read;
                                    // "" guesses: >= 1e11 is ms, else s
  std::string path_separator = ">"; // paths files: steps split on it, trimmed
  bool strict = false;              // the first rejected row fails the file (CLI --strict)
};

// Progress and cancel for long reads and computations: called now and then with the fraction
// done (0..1); returning false cancels (the function then returns with report.error "cancelled").
using Progress = std::function<bool(double)>;

// Each reads one CSV file (UTF-8, BOM tolerated, `,` or `;` detected from the header, RFC 4180
// quoting, LF or CRLF) and appends to `ds`. Returns the file's report (also appended to
// ds->reports).
ImportReport read_events_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt = {}, const Progress& progress = {});
ImportReport read_responses_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt = {}, const Progress& progress = {});
ImportReport read_paths_csv(const std::string& bytes, Dataset* ds, const ImportOptions& opt = {}, const Progress& progress = {});
// Which of the three a file is, from its header: "events", "responses", "paths" or "" (unknown).
std::string sniff_data_kind(const std::string& bytes);

// A report as JSON ({"kind":..,"delimiter":",","rows":..,"accepted":..,"rejected":{reason:n},
// "noted":{..},"first":[{"line":..,"column":..,"reason":..,"value":..}],"warnings":[..],"error":..})
// and back (the worker sends reports to the editor's data panel).
std::string import_report_to_json(const ImportReport& r);
bool import_report_from_json(const std::string& text, ImportReport* out, std::string* error);

// Timestamps: ISO 8601 date-time with Z or an offset (seconds and fractions optional), a date
// alone (midnight), or epoch seconds / milliseconds. False for anything else (never a default).
// *no_zone is set when the text had no zone and tz_offset_minutes was applied.
bool parse_timestamp(const std::string& s, const ImportOptions& opt, int64_t* ts_ms, bool* no_zone);
// Calendar helpers the data code shares: days since 1970-01-01 of a proleptic Gregorian date
// (Howard Hinnant's days_from_civil), and a time in ms since the epoch as ISO 8601 UTC
// ("2026-12-02T21:36:00Z").
int64_t days_from_civil(int64_t y, int64_t m, int64_t d);
std::string iso_utc(int64_t ms);
// An integer score: ASCII, Arabic-Indic (U+0660-0669) or Extended Arabic-Indic (U+06F0-06F9)
// digits, optional sign; a labelled value "10 - Extremely likely" reads as its leading integer.
// Returns "" when it is an integer, else a reason: "BLANK_SCORE", "SCORE_NOT_INTEGER", "BAD_NUMBER".
std::string parse_score(const std::string& s, int* out);

} // namespace jm
