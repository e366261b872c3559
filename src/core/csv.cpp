// csv.cpp: see csv.h. libcsv does the tokenizing (quotes, doubled quotes, delimiters, CR/LF);
// this file feeds it one physical line at a time, which is how each record learns its line
// number and byte offset without libcsv knowing about either.
#include "core/csv.h"

#include <csv.h>
#include <cstring>

namespace jm {

char detect_delimiter(std::string_view b) {
  size_t i = has_utf8_bom(b) ? 3 : 0;
  int64_t commas = 0, semis = 0;
  bool quoted = false;
  for (; i < b.size(); i++) {
    char c = b[i];
    if (c == '"') quoted = !quoted;   // a doubled quote toggles twice: still right
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ',') commas++;
    else if (!quoted && c == ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

int64_t utf8_first_bad(const char* s, size_t n) {
  const unsigned char* b = (const unsigned char*)s;
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most data files are almost all ASCII.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, b + i, 8);
      if ((w & 0x8080808080808080ull) == 0) { i += 8; continue; }
    }
    unsigned char c = b[i];
    if (c < 0x80) { i++; continue; }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;   // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) { len = 3; hi = 0x9F; }          // no UTF-16 surrogates
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) { len = 4; hi = 0x8F; }          // nothing above U+10FFFF
    else return (int64_t)i;
    if (i + len > n) return (int64_t)i;
    if (b[i + 1] < lo || b[i + 1] > hi) return (int64_t)i;
    for (size_t k = 2; k < len; k++)
      if ((b[i + k] & 0xC0) != 0x80) return (int64_t)i;
    i += len;
  }
  return -1;
}

namespace {

struct Reader {
  const std::function<bool(const CsvRecord&)>* fn = nullptr;
  CsvRecord rec;
  int64_t line = 0, line_offset = 0;
  bool stop = false;

  void start(int64_t l, int64_t off) {
    rec.line = l;
    rec.offset = off;
  }
  void emit() {
    rec.end_line = line;
    if (!(*fn)(rec)) stop = true;
    rec.text.clear();
    rec.ends.clear();
    rec.bad_utf8 = -1;
    rec.unclosed_quote = false;
    start(line, line_offset);   // a record after a bare CR in the same line starts on it
  }
};

void on_field(void* s, size_t len, void* data) {
  Reader* r = (Reader*)data;
  if (r->stop) return;
  if (len) r->rec.text.append((const char*)s, len);
  r->rec.ends.push_back((uint32_t)r->rec.text.size());
}

void on_row(int, void* data) {
  Reader* r = (Reader*)data;
  if (r->stop) return;
  r->emit();
}

int never_space(unsigned char) { return 0; }

} // namespace

bool csv_read(std::string_view bytes, const CsvOptions& opt, const std::function<bool(const CsvRecord&)>& fn,
              CsvInfo* info) {
  CsvInfo local;
  CsvInfo* inf = info ? info : &local;
  inf->bom = has_utf8_bom(bytes);
  inf->delimiter = opt.delimiter ? opt.delimiter : detect_delimiter(bytes);
  inf->size = (int64_t)bytes.size();

  csv_parser p;
  csv_init(&p, 0);
  csv_set_delim(&p, (unsigned char)inf->delimiter);
  if (opt.keep_spaces) csv_set_space_func(&p, never_space);
  csv_set_blk_size(&p, 256);

  Reader r;
  r.fn = &fn;
  const char* data = bytes.data();
  size_t n = bytes.size(), i = inf->bom ? 3 : 0;
  // Lines end at LF; a file with no LF at all but CRs (classic Mac) has its lines end at CR.
  char eol = std::memchr(data + i, '\n', n - i) || !std::memchr(data + i, '\r', n - i) ? '\n' : '\r';
  r.line = 0;
  while (i < n && !r.stop) {
    const char* nl = (const char*)std::memchr(data + i, eol, n - i);
    size_t end = nl ? (size_t)(nl - data) + 1 : n;
    r.line++;
    r.line_offset = (int64_t)i;
    if (p.pstate == 0) r.start(r.line, (int64_t)i);   // ROW_NOT_BEGUN: a new record starts here
    if (r.rec.bad_utf8 < 0) {
      int64_t bad = utf8_first_bad(data + i, end - i);
      if (bad >= 0) r.rec.bad_utf8 = (int64_t)i + bad;
    }
    csv_parse(&p, data + i, end - i, on_field, on_row, &r);
    i = end;
  }
  if (!r.stop) {
    // FIELD_BEGUN (2) inside quotes at the very end: the quote was never closed.
    bool unclosed = p.pstate == 2 && p.quoted;
    if (unclosed) r.rec.unclosed_quote = true;
    csv_fini(&p, on_field, on_row, &r);
  }
  csv_free(&p);
  return !r.stop;
}

} // namespace jm
