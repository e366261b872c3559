// csv.h: a thin streaming reader over libcsv (RFC 4180) for the map's CSV import and the data
// files (events, survey answers, paths). It adds what libcsv leaves to its caller: the UTF-8 BOM,
// the `,` or `;` delimiter guessed from the header line, the physical line number and byte offset
// of each record (a quoted field spanning lines counts its lines), and a UTF-8 check per record.
// Records are handed to a callback one at a time, fields as views into a buffer that is reused, so
// a file of a million rows is never copied whole a second time.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jm {

struct CsvOptions {
  char delimiter = 0;        // 0: detect from the header line (see detect_delimiter)
  // RFC 4180 keeps spaces and tabs around an unquoted field as part of it (the map's import needs
  // that to read back what to_csv wrote); false lets libcsv trim them, which the data files want.
  bool keep_spaces = false;
};

// One record. Fields are views into `text`, valid until the callback returns.
struct CsvRecord {
  int64_t line = 0;            // physical line (1-based) its first byte is on
  int64_t end_line = 0;        // physical line its last byte is on
  int64_t offset = 0;          // byte offset in the input of the line it starts on
  int64_t bad_utf8 = -1;       // byte offset in the input of its first ill-formed UTF-8 byte; -1: none
  bool unclosed_quote = false; // a quoted field ran to the end of the input (only the last record)
  std::string text;            // the fields, end to end
  std::vector<uint32_t> ends;  // end of each field in text
  size_t size() const { return ends.size(); }
  std::string_view field(size_t i) const {
    size_t b = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(b, ends[i] - b);
  }
};

struct CsvInfo {
  char delimiter = ',';
  bool bom = false;
  int64_t size = 0;            // bytes in the input (for progress: record.offset / size)
};

// The delimiter of a file from its first line: `;` when it holds more semicolons than commas
// outside quotes, else `,` (ties, and a one-column header, are `,`). A BOM is skipped.
char detect_delimiter(std::string_view bytes);

// True when the bytes start with a UTF-8 byte order mark.
inline bool has_utf8_bom(std::string_view b) { return b.size() >= 3 && b.compare(0, 3, "\xEF\xBB\xBF") == 0; }

// Offset of the first ill-formed UTF-8 byte in [b, b+n) (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or -1.
int64_t utf8_first_bad(const char* b, size_t n);

// Reads every record (blank lines are skipped) and calls fn for each; fn returns false to stop.
// Returns false when fn stopped the reading, else true. *info (optional) gets the delimiter used
// and whether there was a BOM.
bool csv_read(std::string_view bytes, const CsvOptions& opt, const std::function<bool(const CsvRecord&)>& fn,
              CsvInfo* info = nullptr);

} // namespace jm
