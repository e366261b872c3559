// Customer data files read into the normal form (dataset.h) and the csv reader under them
// (csv.h): every bad-row reason of analytics.md 2.5, header aliases, delimiters, BOM, CRLF, line
// numbers, scores, timestamps, strict mode, sniffing, cancel, and the report as JSON.
// Expected epoch milliseconds were computed by hand from days since 1970-01-01 and checked with
// Python's datetime (e.g. datetime(2024,5,1,10,0,tzinfo=utc).timestamp()*1000 = 1714557600000).
#include <catch2/catch.hpp>
#include "repo_files.h"

#include "core/csv.h"
#include "core/dataset.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

using namespace jm;
using jm_test::repo_path;
using jm_test::read_text;

namespace {

int64_t count(const std::map<std::string, int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

int64_t ts(const std::string& s, const ImportOptions& opt = {}) {
  int64_t v = -1;
  bool nz = false;
  REQUIRE(parse_timestamp(s, opt, &v, &nz));
  return v;
}

bool bad_ts(const std::string& s) {
  int64_t v = 0;
  bool nz = false;
  return !parse_timestamp(s, ImportOptions{}, &v, &nz);
}

const RowIssue* issue_at(const ImportReport& r, int64_t line) {
  for (const RowIssue& is : r.first)
    if (is.line == line) return &is;
  return nullptr;
}

// n events for n/10 people, ten each, one second apart, sorted as a log usually is.
std::string generated_events(int n) {
  std::string s = "person_id,timestamp,event,channel,session_id\n";
  s.reserve((size_t)n * 70);
  const char* evs[] = {"page_view", "signup", "add_to_cart", "purchase", "email_open"};
  const char* chs[] = {"web", "email", "phone", "store"};
  char buf[160];
  for (int i = 0; i < n; i++) {
    int64_t t = 1714557600 + i;   // 2024-05-01T10:00:00Z + i s
    int sec = int(t % 60), min = int(t / 60 % 60), hr = int(t / 3600 % 24), day = 1 + int((t - 1714521600) / 86400);
    std::snprintf(buf, sizeof buf, "cust-%07d,2024-05-%02dT%02d:%02d:%02d.%03dZ,%s,%s,s%07d\n", i / 10, day, hr, min, sec,
                  i % 1000, evs[i % 5], chs[i % 4], i / 20);
    s += buf;
  }
  return s;
}

} // namespace

// ---- csv reader ---------------------------------------------------------------------------------

TEST_CASE("csv: delimiter from the header line, outside quotes, ties are commas", "[dataset]") {
  CHECK(detect_delimiter("a;b;c\n1,2,3\n") == ';');
  CHECK(detect_delimiter("a,b,c\n1;2;3;4;5\n") == ',');
  CHECK(detect_delimiter("\"x;y;z\",b\n") == ',');        // the quoted ;s do not count
  CHECK(detect_delimiter("a;b,c\n") == ',');               // 1 against 1: comma
  CHECK(detect_delimiter("\xEF\xBB\xBF" "a;b\r\n") == ';');
  CHECK(detect_delimiter("single\n") == ',');
}

TEST_CASE("csv: records carry their physical line, a quoted field spanning lines counts its lines", "[dataset]") {
  std::string text = "\xEF\xBB\xBF" "id;comment\r\n"
                     "1;\"first line\r\nsecond; line\r\nthird\"\r\n"
                     "\r\n"
                     "2;\"say \"\"hi\"\"\"\r\n"
                     "3;plain";
  std::vector<int64_t> lines, ends;
  std::vector<std::string> second;
  CsvInfo info;
  REQUIRE(csv_read(text, CsvOptions{}, [&](const CsvRecord& r) {
    lines.push_back(r.line);
    ends.push_back(r.end_line);
    second.push_back(r.size() > 1 ? std::string(r.field(1)) : "");
    return true;
  }, &info));
  CHECK(info.bom);
  CHECK(info.delimiter == ';');
  CHECK(lines == std::vector<int64_t>{1, 2, 6, 7});   // line 5 is blank
  CHECK(ends == std::vector<int64_t>{1, 4, 6, 7});
  CHECK(second[1] == "first line\r\nsecond; line\r\nthird");
  CHECK(second[2] == "say \"hi\"");
  CHECK(second[3] == "plain");
}

TEST_CASE("csv: ill-formed UTF-8 is reported per record with its byte offset", "[dataset]") {
  // "a,b\n" is 4 bytes; "ok,1\n" 5; the bad record starts at byte 9 and its 0xC3 0x28 (a lead
  // byte followed by ASCII) sits at 9 + 1 = 10.
  std::string text = "a,b\nok,1\nx\xC3(,2\nfine,3\n";
  std::vector<int64_t> bad;
  csv_read(text, CsvOptions{}, [&](const CsvRecord& r) { bad.push_back(r.bad_utf8); return true; });
  CHECK(bad == std::vector<int64_t>{-1, -1, 10, -1});
  CHECK(utf8_first_bad("\xED\xA0\x80", 3) == 0);                        // a UTF-16 surrogate
  CHECK(utf8_first_bad("\xC0\xAF", 2) == 0);                            // an overlong '/'
  CHECK(utf8_first_bad("\xD9\xA9 \xD7\xA9 \xF0\x9F\x98\x80", 11) == -1);   // ٩ ש 😀
}

TEST_CASE("csv: the callback stops the reading", "[dataset]") {
  int n = 0;
  CHECK_FALSE(csv_read("a\n1\n2\n3\n", CsvOptions{}, [&](const CsvRecord&) { return ++n < 2; }));
  CHECK(n == 2);
}

// ---- timestamps and scores -------------------------------------------------------------------------

TEST_CASE("dataset: timestamps in ISO 8601 with a zone, fractions, a date alone, epoch seconds and ms", "[dataset]") {
  // 2024-05-01 is day 19844 since 1970-01-01 (54 years, 13 leap days: 54*365+13 = 19723 to
  // 2024-01-01, +121 days of Jan-Apr 2024) -> 19844 * 86400000 = 1714521600000.
  CHECK(ts("2024-05-01") == 1714521600000LL);
  CHECK(ts("2024-05-01T10:00:00Z") == 1714557600000LL);             // + 10 h
  CHECK(ts("2024-05-01T10:00Z") == 1714557600000LL);
  CHECK(ts("2024-05-01 10:00:00.5Z") == 1714557600500LL);
  CHECK(ts("2024-05-01T10:00:00.123456Z") == 1714557600123LL);      // cut to ms
  CHECK(ts("2024-05-01T12:00:00+02:00") == 1714557600000LL);        // 12:00 at +2 is 10:00 UTC
  CHECK(ts("2024-05-01T05:30:00-0430") == 1714557600000LL);         // 05:30 + 4:30
  CHECK(ts("2024-05-01T13:00:00+03") == 1714557600000LL);
  // pm4py's running example: 2010-12-30 11:02:00+01:00 = 10:02 UTC on day 14973
  // (40 years and 10 leap days to 2010-01-01 = 14610, + 363) -> 14973*86400000 + 36120000.
  CHECK(ts("2010-12-30 11:02:00+01:00") == 1293703320000LL);
  CHECK(ts("2024-02-29T00:00:00Z") == 1709164800000LL);             // a leap day exists
  // Epoch: below 1e11 seconds, else milliseconds, unless the unit is given.
  CHECK(ts("1714557600") == 1714557600000LL);
  CHECK(ts("1714557600123") == 1714557600123LL);
  CHECK(ts("1714557600.25") == 1714557600250LL);
  ImportOptions ms;
  ms.epoch_unit = "ms";
  CHECK(ts("1714557600", ms) == 1714557600LL);
  // No zone: the import zone applies and it is said so.
  ImportOptions cairo;
  cairo.tz_offset_minutes = 180;
  int64_t v = 0;
  bool nz = false;
  REQUIRE(parse_timestamp("2024-05-01 13:00", cairo, &v, &nz));
  CHECK(nz);
  CHECK(v == 1714557600000LL);
  REQUIRE(parse_timestamp("2024-05-01T13:00:00Z", cairo, &v, &nz));
  CHECK_FALSE(nz);
  // Never a default time for what is not a time (openScale #1475).
  CHECK(bad_ts("8:30:00 AM"));
  CHECK(bad_ts("31/02/2024"));
  CHECK(bad_ts("2024-02-30"));
  CHECK(bad_ts("2023-02-29"));
  CHECK(bad_ts("2024-13-01"));
  CHECK(bad_ts("2024-05-01T24:00:00Z"));
  CHECK(bad_ts("2024-05-01T10:00:00 PM"));
  CHECK(bad_ts("2024-05-01T10:00:00+25:00"));
  CHECK(bad_ts("05/01/2024 10:00"));
  CHECK(bad_ts("yesterday"));
  CHECK(bad_ts(""));
}

TEST_CASE("dataset: scores: ASCII, Arabic-Indic and Extended Arabic-Indic digits, labels, reasons", "[dataset]") {
  int v = -1;
  CHECK(parse_score("9", &v) == "");
  CHECK(v == 9);
  CHECK(parse_score("\xD9\xA1\xD9\xA0", &v) == "");   // ١٠ (U+0661 U+0660)
  CHECK(v == 10);
  CHECK(parse_score("\xDB\xB7", &v) == "");           // ۷ (U+06F7)
  CHECK(v == 7);
  CHECK(parse_score("\xE2\x80\x8F\xD9\xA8", &v) == "");   // RLM then ٨, as spreadsheets write it
  CHECK(v == 8);
  CHECK(parse_score("10 - Extremely likely", &v) == "");
  CHECK(v == 10);
  CHECK(parse_score("0 = Not at all likely", &v) == "");
  CHECK(v == 0);
  CHECK(parse_score(" -2 ", &v) == "");
  CHECK(v == -2);
  CHECK(parse_score("8.0", &v) == "");
  CHECK(v == 8);
  CHECK(parse_score("", &v) == "BLANK_SCORE");
  CHECK(parse_score("   ", &v) == "BLANK_SCORE");
  CHECK(parse_score("8.5", &v) == "SCORE_NOT_INTEGER");
  CHECK(parse_score("\xD9\xA8\xD9\xAB\xD9\xA5", &v) == "SCORE_NOT_INTEGER");   // ٨٫٥
  CHECK(parse_score("easy", &v) == "BAD_NUMBER");
  CHECK(parse_score("9x", &v) == "BAD_NUMBER");
}

// ---- events ------------------------------------------------------------------------------------

TEST_CASE("dataset: an XES/pm4py-style event log is read through the header aliases", "[dataset]") {
  // The columns of pm4py's tests/input_data/running-example.csv, with its first events.
  std::string csv = "Case:Concept:Name , concept:name ,time:timestamp,org:resource\n"
                    "3,register request,2010-12-30 14:32:00+01:00,Pete\n"
                    "3,examine casually,2010-12-30 15:06:00+01:00,Mike\n"
                    "1,register request,2010-12-30 11:02:00+01:00,Pete\n"
                    "1,examine thoroughly,2010-12-31 10:06:00+01:00,Sue\n";
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.rows == 4);
  CHECK(r.accepted == 4);
  CHECK(r.rejected.empty());
  CHECK(r.delimiter == ',');
  REQUIRE(ds.events.size() == 4);
  REQUIRE(ds.reports.size() == 1);
  // Sorted by person (interned in order of appearance: "3" before "1"), then time.
  CHECK(ds.pool.str(ds.events[0].person) == "3");
  CHECK(ds.pool.str(ds.events[0].event) == "register request");
  CHECK(ds.events[0].line == 2);
  CHECK(ds.pool.str(ds.events[2].person) == "1");
  CHECK(ds.events[2].ts_ms == 1293703320000LL);
  CHECK(ds.events[2].line == 4);
  CHECK(ds.pool.str(ds.events[3].event) == "examine thoroughly");
  CHECK(ds.events[3].ts_ms == 1293703320000LL + 86400000LL - 56 * 60000LL);   // next day 10:06 vs 11:02
  // The other aliases of person and event.
  Dataset d2;
  CHECK(read_events_csv("customer_id,TIME,Activity\nc1,2024-05-01T10:00:00Z,visit\n", &d2).accepted == 1);
  CHECK(read_events_csv("user_id,timestamp,event\nc1,2024-05-01T10:00:00Z,visit\n", &d2).accepted == 1);
}

TEST_CASE("dataset: events: semicolon files with a BOM and CRLF, optional columns, sorting and file order", "[dataset]") {
  std::string csv = "\xEF\xBB\xBF" "person_id;timestamp;event;channel;touchpoint_id;stage;value;conversion;session_id\r\n"
                    "b;2024-05-01T10:00:00Z;visit;web;tp1;Awareness;;;s1\r\n"
                    "a;2024-05-01T11:00:00Z;buy;phone;tp9;Purchase;12,5;1;s2\r\n"
                    "a;2024-05-01T09:00:00Z;visit;web;tp1;Awareness;0;0;s2\r\n"
                    "b;2024-05-01T10:00:00Z;call;phone;;;;;s1\r\n";
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.delimiter == ';');
  CHECK(r.bom);
  CHECK(r.accepted == 4);
  REQUIRE(ds.events.size() == 4);
  // b first (interned first), its two events at the same time in file order; then a by time.
  CHECK(ds.pool.str(ds.events[0].event) == "visit");
  CHECK(ds.pool.str(ds.events[1].event) == "call");
  CHECK(ds.events[1].line == 5);
  CHECK(count(r.noted, "SAME_TIMESTAMP") == 1);
  CHECK(ds.events[2].line == 4);
  CHECK(ds.events[2].conversion == 0);
  const Event& buy = ds.events[3];
  CHECK(ds.pool.str(buy.channel) == "phone");
  CHECK(ds.pool.str(buy.touchpoint) == "tp9");
  CHECK(ds.pool.str(buy.stage) == "Purchase");
  CHECK(ds.pool.str(buy.session) == "s2");
  CHECK(buy.value == 12.5);            // decimal comma in a ; file
  CHECK(buy.conversion == 1);
  CHECK(ds.events[0].conversion == -1);  // absent
  CHECK(ds.events[1].touchpoint == 0);
  // A second file joins the sorted events; on ties the rows already there come first.
  ImportReport r2 = read_events_csv("person_id,timestamp,event\nb,2024-05-01T10:00:00Z,mail\na,2024-05-01T08:00:00Z,ad\n", &ds);
  REQUIRE(r2.ok());
  REQUIRE(ds.events.size() == 6);
  CHECK(ds.pool.str(ds.events[2].event) == "mail");
  CHECK(ds.pool.str(ds.events[3].event) == "ad");
  CHECK(ds.reports.size() == 2);
}

TEST_CASE("dataset: events: every rejection reason is counted and the first are listed with line, column and value", "[dataset]") {
  std::string csv = "person_id,timestamp,event,value\n"
                    ",2024-05-01T10:00:00Z,visit,\n"             // 2 MISSING_REQUIRED person_id
                    "c1,8:30:00 AM,visit,\n"                     // 3 BAD_TIMESTAMP
                    "c1,2024-05-01T10:00:00Z,,\n"                // 4 MISSING_REQUIRED event
                    "c1,2024-05-01T10:00:00Z,visit,abc\n"        // 5 BAD_NUMBER
                    "c1,2024-05-01T10:00:00Z,visit\n"            // 6 COLUMN_COUNT
                    "c1,2024-05-01T10:00:00Z,caf\xE9,\n"         // 7 ENCODING
                    "c1,2024-05-01 10:00,visit,1\n"              // 8 NO_TIMEZONE (kept)
                    "c1,2024-05-01T10:00:00Z,visit,2\n"          // 9 SAME_TIMESTAMP as 8
                    "c1,2024-05-01T10:00:00Z,visit,3\n";         // 10 DUPLICATE of 8 (kept one)
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.rows == 9);
  CHECK(count(r.rejected, "MISSING_REQUIRED") == 2);
  CHECK(count(r.rejected, "BAD_TIMESTAMP") == 1);
  CHECK(count(r.rejected, "BAD_NUMBER") == 1);
  CHECK(count(r.rejected, "COLUMN_COUNT") == 1);
  CHECK(count(r.rejected, "ENCODING") == 1);
  CHECK(count(r.noted, "NO_TIMEZONE") == 1);
  CHECK(count(r.noted, "DUPLICATE") == 2);   // lines 9 and 10 repeat line 8's person, time, event
  CHECK(r.accepted == 1);
  CHECK(r.rows == r.accepted + 6 + count(r.noted, "DUPLICATE"));   // nothing vanishes (dataset.h)
  REQUIRE(ds.events.size() == 1);
  CHECK(ds.events[0].line == 8);
  CHECK(ds.events[0].value == 1);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "line 8: no time zone (\"2024-05-01 10:00\"): read as UTC");
  // In file order, with the column and the raw value.
  REQUIRE(r.first.size() == 8);
  CHECK(r.first[0].line == 2);
  CHECK(r.first[0].column == "person_id");
  CHECK(r.first[0].reason == "MISSING_REQUIRED");
  CHECK(r.first[1].reason == "BAD_TIMESTAMP");
  CHECK(r.first[1].value == "8:30:00 AM");
  CHECK(r.first[2].column == "event");
  CHECK(r.first[3].column == "value");
  CHECK(r.first[3].value == "abc");
  CHECK(r.first[4].reason == "COLUMN_COUNT");
  CHECK(r.first[4].value == "3 fields, the header has 4");
  CHECK(r.first[5].reason == "ENCODING");
  CHECK(r.first[5].value == "byte 199");   // header 32 + rows of 29, 21, 26, 34, 30 bytes, then 27 in
  CHECK(r.first[6].line == 9);
  CHECK(r.first[6].reason == "DUPLICATE");
  CHECK(r.first[7].line == 10);
}

TEST_CASE("dataset: a file that cannot be read names the problem and the accepted names", "[dataset]") {
  Dataset ds;
  ImportReport r = read_events_csv("customer,when,what\nc1,2024-05-01T10:00:00Z,visit\n", &ds);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "line 1: no column named person_id (or customer_id, user_id, case:concept:name); no column named "
                   "timestamp (or time:timestamp, time); no column named event (or concept:name, activity); the header "
                   "has: customer, when, what");
  CHECK(ds.events.empty());
  CHECK(ds.reports.size() == 1);
  CHECK(read_events_csv("", &ds).error == "the file is empty: expected a header row with person_id, timestamp, event");
  CHECK(read_responses_csv(std::string("\xFF\xFE t\0", 5), &ds).error.find("UTF-16") != std::string::npos);
  CHECK(read_paths_csv(std::string("PK\3\4\0\0", 6), &ds).error.find("not a text file") == 0);
  CHECK(read_responses_csv("timestamp,metric\n", &ds).error.find("no column named score;") != std::string::npos);
}

TEST_CASE("dataset: strict mode fails the file at the first rejected row and keeps nothing", "[dataset]") {
  std::string csv = "person_id,timestamp,event\nc1,2024-05-01T10:00:00Z,visit\nc2,31/02/2024,visit\nc3,,visit\n";
  ImportOptions strict;
  strict.strict = true;
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds, strict);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "line 3: BAD_TIMESTAMP in column timestamp (\"31/02/2024\") (strict mode stops at the first rejected row)");
  CHECK(ds.events.empty());
  CHECK(r.rows == 2);   // it stopped there
  // Noted rows (no zone, same time) do not stop it.
  Dataset d2;
  CHECK(read_events_csv("person_id,timestamp,event\nc1,2024-05-01 10:00,a\nc1,2024-05-01 10:00,b\n", &d2, strict).ok());
  CHECK(d2.events.size() == 2);
}

TEST_CASE("dataset: progress is called every 64K rows and returning false cancels", "[dataset]") {
  std::string csv = generated_events(140000);
  int calls = 0;
  double last = 0;
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds, ImportOptions{}, [&](double f) { calls++; last = f; return true; });
  CHECK(r.ok());
  CHECK(calls == 2);   // rows 65536 and 131072
  CHECK(last > 0.9);
  CHECK(last < 1.0);
  Dataset d2;
  ImportReport c = read_events_csv(csv, &d2, ImportOptions{}, [](double) { return false; });
  CHECK(c.error == "cancelled");
  CHECK(d2.events.empty());
  CHECK(c.rows == 65536);
}

TEST_CASE("dataset: 200,000 generated events are read, counted and sorted", "[dataset]") {
  std::string csv = generated_events(200000);
  // Two bad rows at the end: a bad time and a missing event.
  csv += "cust-9999999,2024-13-01T00:00:00Z,visit,web,s1\ncust-9999999,2024-05-01T00:00:00Z,,web,s1\n";
  Dataset ds;
  ImportReport r = read_events_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.rows == 200002);
  CHECK(r.accepted == 200000);
  CHECK(count(r.rejected, "BAD_TIMESTAMP") == 1);
  CHECK(count(r.rejected, "MISSING_REQUIRED") == 1);
  REQUIRE(ds.events.size() == 200000);
  CHECK(ds.pool.strings.size() == 1 + 20000 + 5 + 4 + 10000);   // "", people, events, channels, sessions
  CHECK(ds.events.front().ts_ms == 1714557600000LL);
  CHECK(ds.events.back().ts_ms == 1714557600000LL + 199999 * 1000LL + 999);
  bool sorted = true;
  for (size_t i = 1; i < ds.events.size(); i++)
    sorted = sorted && (ds.events[i - 1].person < ds.events[i].person ||
                        (ds.events[i - 1].person == ds.events[i].person && ds.events[i - 1].ts_ms <= ds.events[i].ts_ms));
  CHECK(sorted);
  CHECK(ds.events[123456].line == 123456 + 2);
}

// Hidden: run it with `core_tests "[.bench]"`.
TEST_CASE("dataset: 1,000,000 generated events, timed", "[.bench]") {
  std::string csv = generated_events(1000000);
  Dataset ds;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  ImportReport r = read_events_csv(csv, &ds);
  double cpu = double(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Both: on a shared machine the wall time mostly measures the other processes.
  std::printf("read_events_csv: 1,000,000 rows, %.1f MB, %.0f ms wall, %.0f ms CPU\n", csv.size() / 1e6, ms, cpu);
  CHECK(r.accepted == 1000000);
}

// ---- survey answers ----------------------------------------------------------------------------

TEST_CASE("dataset: survey answers: scales, Arabic-Indic digits, labels, comments kept as written, persona", "[dataset]") {
  const std::string ar = "\xD8\xA7\xD9\x84\xD8\xAE\xD8\xAF\xD9\x85\xD8\xA9 \xD8\xB3\xD8\xB1\xD9\x8A\xD8\xB9\xD8\xA9\xD8\x8C \xD8\xB4\xD9\x83\xD8\xB1\xD9\x8B\xD8\xA7";   // الخدمة سريعة، شكرًا
  const std::string he = "\xD7\x94\xD7\xA9\xD7\x99\xD7\xA8\xD7\x95\xD7\xAA \xD7\x94\xD7\x99\xD7\x94 \"\xD7\x9E\xD7\xA6\xD7\x95\xD7\x99\xD7\x9F\"";   // השירות היה "מצוין"
  std::string csv = "Timestamp,Metric,Score,person_id,comment,persona,touchpoint_id,stage,scale_min,scale_max\n"
                    "2024-05-02T10:00:00Z,NPS,\xD9\xA9,p1,\"" + ar + "\",Mona,tp1,Onboarding,,\n"
                    "2024-05-01T10:00:00Z,csat,5,p2,\"" + std::string("\xD7\x94\xD7\xA9\xD7\x99\xD7\xA8\xD7\x95\xD7\xAA \xD7\x94\xD7\x99\xD7\x94 \"\"\xD7\x9E\xD7\xA6\xD7\x95\xD7\x99\xD7\x9F\"\"") + "\",,,,,\n"
                    "2024-05-03T10:00:00Z,nps,10 - Extremely likely,,\"line one\nline two\",,,,,\n"
                    "2024-05-04T10:00:00Z,ces,8,p3,,,,,,\n"              // line 6: CES 1-7: out of range
                    "2024-05-04T10:00:00Z,ces,7,p3,,,,,1,10\n"           // line 7: its own scale 1-10
                    "2024-05-04T10:00:00Z,effort,42,p3,,,,,,\n"          // line 8: custom, no range
                    "2024-05-04T10:00:00Z,nps,,p4,  leading spaces kept,,,,,\n";   // line 9: blank score
  Dataset ds;
  ImportReport r = read_responses_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.rows == 7);
  CHECK(r.accepted == 6);
  CHECK(count(r.rejected, "SCORE_OUT_OF_RANGE") == 1);
  REQUIRE(r.first.size() == 1);
  CHECK(r.first[0].line == 6);
  CHECK(r.first[0].column == "Score");
  CHECK(count(r.noted, "BLANK_SCORE") == 1);
  REQUIRE(ds.responses.size() == 6);
  // Sorted by time: the CSAT answer of May 1 first.
  const Response& csat = ds.responses[0];
  CHECK(ds.pool.str(csat.metric) == "csat");
  CHECK(csat.scale_min == 1);
  CHECK(csat.scale_max == 5);
  CHECK(csat.comment == he);
  const Response& nps = ds.responses[1];
  CHECK(ds.pool.str(nps.metric) == "nps");   // lower-cased
  CHECK(nps.score == 9);                      // ٩
  CHECK(nps.comment == ar);
  CHECK(ds.pool.str(nps.persona) == "Mona");
  CHECK(ds.pool.str(nps.touchpoint) == "tp1");
  CHECK(ds.pool.str(nps.stage) == "Onboarding");
  CHECK(ds.pool.str(nps.person) == "p1");
  CHECK(nps.line == 2);
  const Response& labelled = ds.responses[2];
  CHECK(labelled.score == 10);
  CHECK(labelled.person == 0);   // anonymous
  CHECK(labelled.comment == "line one\nline two");
  CHECK(labelled.line == 4);
  CHECK(ds.responses[3].line == 7);   // line 5 spans two lines, so the CES answers are 6, 7
  CHECK(ds.responses[3].scale_max == 10);
  CHECK(ds.responses[4].score == 42);
  CHECK(ds.responses[4].scale_max == 0);   // custom: no scale
  CHECK(ds.responses[5].blank);
  CHECK(ds.responses[5].comment == "  leading spaces kept");
}

TEST_CASE("dataset: survey answers: reasons", "[dataset]") {
  std::string csv = "timestamp;metric;score\n"
                    "2024-05-01T10:00:00Z;nps;11\n"
                    "2024-05-01T10:00:00Z;csat;0\n"
                    "2024-05-01T10:00:00Z;nps;8.5\n"
                    "2024-05-01T10:00:00Z;nps;good\n"
                    "2024-05-01T10:00:00Z;;5\n"
                    "31/02/2024;nps;5\n"
                    "2024-05-01T10:00:00Z;nps;5\n";
  Dataset ds;
  ImportReport r = read_responses_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(count(r.rejected, "SCORE_OUT_OF_RANGE") == 2);
  CHECK(count(r.rejected, "SCORE_NOT_INTEGER") == 1);
  CHECK(count(r.rejected, "BAD_NUMBER") == 1);
  CHECK(count(r.rejected, "MISSING_REQUIRED") == 1);
  CHECK(count(r.rejected, "BAD_TIMESTAMP") == 1);
  CHECK(r.accepted == 1);
  CHECK(ds.responses.size() == 1);
}

// ---- paths -------------------------------------------------------------------------------------

TEST_CASE("dataset: aggregated paths: steps, the total_non_conversions alias, numbers", "[dataset]") {
  std::string csv = "path;total_conversions;total_non_conversions;total_conversion_value\n"
                    "search > email >  direct ;3;10;129,5\n"
                    "email;0;4;\n"
                    "search > > email;1;1;0\n"
                    "search;-1;2;0\n"
                    "search;x;2;0\n";
  Dataset ds;
  ImportReport r = read_paths_csv(csv, &ds);
  REQUIRE(r.ok());
  CHECK(r.accepted == 2);
  CHECK(count(r.rejected, "MISSING_REQUIRED") == 1);
  CHECK(count(r.rejected, "BAD_NUMBER") == 2);
  REQUIRE(ds.paths.size() == 2);
  REQUIRE(ds.paths[0].steps.size() == 3);
  CHECK(ds.pool.str(ds.paths[0].steps[2]) == "direct");
  CHECK(ds.paths[0].conversions == 3);
  CHECK(ds.paths[0].nulls == 10);
  CHECK(ds.paths[0].value == 129.5);
  CHECK(ds.paths[1].steps.size() == 1);
  CHECK(ds.paths[1].value == 0);
  // Another separator.
  ImportOptions opt;
  opt.path_separator = "|";
  Dataset d2;
  REQUIRE(read_paths_csv("path,total_conversions,total_null\na|b,1,0\n", &d2, opt).accepted == 1);
  CHECK(d2.paths[0].steps.size() == 2);
}

// ---- sniffing, JSON, corpus --------------------------------------------------------------------

TEST_CASE("dataset: the kind of a file from its header", "[dataset]") {
  CHECK(sniff_data_kind("person_id,timestamp,event\n") == "events");
  CHECK(sniff_data_kind("\xEF\xBB\xBF" "case:concept:name;concept:name;time:timestamp\r\n") == "events");
  CHECK(sniff_data_kind("timestamp,metric,score,comment\n") == "responses");
  CHECK(sniff_data_kind("path;total_conversions;total_conversion_value;total_null\n") == "paths");
  CHECK(sniff_data_kind("stage,lane,text\n") == "");
  CHECK(sniff_data_kind("") == "");
}

TEST_CASE("dataset: a report survives JSON", "[dataset]") {
  Dataset ds;
  ImportReport r = read_events_csv("person_id;timestamp;event\nc1;8:30;x\nc1;2024-05-01 10:00;\xD8\xB2\xD9\x8A\xD8\xA7\xD8\xB1\xD8\xA9\n", &ds);
  REQUIRE(r.ok());
  std::string text = import_report_to_json(r);
  ImportReport back;
  std::string err;
  REQUIRE(import_report_from_json(text, &back, &err));
  CHECK(back.kind == "events");
  CHECK(back.delimiter == ';');
  CHECK(back.rows == 2);
  CHECK(back.accepted == 1);
  CHECK(back.rejected == r.rejected);
  CHECK(back.noted == r.noted);
  REQUIRE(back.first.size() == 1);
  CHECK(back.first[0].line == 2);
  CHECK(back.first[0].value == "8:30");
  CHECK(back.warnings == r.warnings);
  CHECK(import_report_to_json(back) == text);
  CHECK_FALSE(import_report_from_json("{\"rows\": \"many\"}", &back, &err));
  CHECK(err == "report.rows must be an integer");
  CHECK_FALSE(import_report_from_json("not json", &back, &err));
}

TEST_CASE("dataset: the bad-row corpus (tests/fixtures/data/bad, expected.tsv) gives each file its reason", "[dataset]") {
  std::string dir = std::string(JM_SEEDS_DIR) + "/data/bad/";
  std::istringstream manifest(read_text(dir + "expected.tsv"));
  std::string row;
  int files = 0;
  while (std::getline(manifest, row)) {
    if (row.empty() || row[0] == '#') continue;
    std::istringstream cols(row);
    std::string file, kind, reason, line;
    std::getline(cols, file, '\t');
    std::getline(cols, kind, '\t');
    std::getline(cols, reason, '\t');
    std::getline(cols, line, '\t');
    INFO(file);
    std::string bytes = read_text(dir + file);
    REQUIRE_FALSE(bytes.empty());
    CHECK(sniff_data_kind(bytes) == (std::stoi(line) == 0 ? sniff_data_kind(bytes) : kind));
    Dataset ds;
    ImportReport r = kind == "events" ? read_events_csv(bytes, &ds) : kind == "responses" ? read_responses_csv(bytes, &ds)
                                                                                           : read_paths_csv(bytes, &ds);
    if (std::stoi(line) == 0) {
      CHECK(r.error.find(reason) != std::string::npos);
    } else {
      REQUIRE(r.ok());
      CHECK(count(r.rejected, reason) + count(r.noted, reason) == 1);
      bool listed = reason == "NO_TIMEZONE" || reason == "BLANK_SCORE";   // noted, not listed
      const RowIssue* is = issue_at(r, std::stoi(line));
      if (!listed) {
        REQUIRE(is);
        CHECK(is->reason == reason);
      }
    }
    files++;
  }
  CHECK(files >= 24);
}
