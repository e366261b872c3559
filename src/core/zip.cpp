// zip.cpp: see zip.h. Layout from PKWARE's APPNOTE.TXT: a local header and the data per entry,
// then the central directory (one header per entry, pointing back at its local header), then
// the end-of-central-directory record. All numbers little-endian.
#include "core/zip.h"
#include <zlib.h>
#include <cstdint>
#include <cstring>

namespace jm {

namespace {

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50;
constexpr uint16_t kVersion = 20;           // 2.0: deflate
constexpr uint16_t kUtf8Names = 0x0800;     // general purpose flag bit 11: names are UTF-8
constexpr uint16_t kDate1980 = (0 << 9) | (1 << 5) | 1;   // 1980-01-01; time 00:00

void put16(std::string& o, uint16_t v) { o += char(v & 0xff); o += char(v >> 8); }
void put32(std::string& o, uint32_t v) { put16(o, uint16_t(v & 0xffff)); put16(o, uint16_t(v >> 16)); }
uint16_t get16(const std::string& s, size_t at) { return uint16_t(uint8_t(s[at]) | uint8_t(s[at + 1]) << 8); }
uint32_t get32(const std::string& s, size_t at) { return uint32_t(get16(s, at)) | uint32_t(get16(s, at + 2)) << 16; }

// Raw deflate (no zlib header: zip stores the method itself). False when zlib fails.
bool deflate_raw(const std::string& in, std::string* out) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out->resize(deflateBound(&z, uLong(in.size())));
  z.next_in = (Bytef*)in.data();
  z.avail_in = uInt(in.size());
  z.next_out = (Bytef*)&(*out)[0];
  z.avail_out = uInt(out->size());
  int rc = deflate(&z, Z_FINISH);
  out->resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END;
}

bool inflate_raw(const std::string& in, size_t size, std::string* out) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  if (inflateInit2(&z, -15) != Z_OK) return false;
  out->assign(size, '\0');
  z.next_in = (Bytef*)in.data();
  z.avail_in = uInt(in.size());
  z.next_out = size ? (Bytef*)&(*out)[0] : nullptr;
  z.avail_out = uInt(size);
  int rc = inflate(&z, Z_FINISH);
  bool ok = rc == Z_STREAM_END && z.total_out == size;
  inflateEnd(&z);
  return ok;
}

uint32_t crc_of(const std::string& s) { return uint32_t(crc32(crc32(0, nullptr, 0), (const Bytef*)s.data(), uInt(s.size()))); }

}  // namespace

std::string zip_write(const std::vector<ZipEntry>& entries, std::string* error) {
  if (entries.size() > 0xffff) { *error = "more than 65,535 files in one archive"; return {}; }
  std::string out, central;
  for (const ZipEntry& e : entries) {
    if (e.name.empty() || e.name.size() > 0xffff) { *error = "a file name in the archive is empty or too long"; return {}; }
    if (e.data.size() > 0xffffffffu || out.size() > 0xffffffffu) { *error = "the archive would pass 4 GiB"; return {}; }
    std::string packed;
    uint16_t method = 8;
    if (!deflate_raw(e.data, &packed)) { *error = "zlib could not compress " + e.name; return {}; }
    if (packed.size() >= e.data.size()) { packed = e.data; method = 0; }
    uint32_t crc = crc_of(e.data), offset = uint32_t(out.size());
    auto header = [&](std::string& o, bool local) {
      put32(o, local ? kLocalSig : kCentralSig);
      if (!local) put16(o, kVersion);   // made by
      put16(o, kVersion);               // needed to extract
      put16(o, kUtf8Names);
      put16(o, method);
      put16(o, 0);                      // time
      put16(o, kDate1980);
      put32(o, crc);
      put32(o, uint32_t(packed.size()));
      put32(o, uint32_t(e.data.size()));
      put16(o, uint16_t(e.name.size()));
      put16(o, 0);                      // extra field length
      if (!local) {
        put16(o, 0);                    // comment length
        put16(o, 0);                    // disk
        put16(o, 0);                    // internal attributes
        put32(o, 0);                    // external attributes
        put32(o, offset);
      }
      o += e.name;
    };
    header(out, true);
    out += packed;
    header(central, false);
  }
  if (out.size() + central.size() > 0xffffffffu) { *error = "the archive would pass 4 GiB"; return {}; }
  uint32_t cd_offset = uint32_t(out.size());
  out += central;
  put32(out, kEndSig);
  put16(out, 0);
  put16(out, 0);
  put16(out, uint16_t(entries.size()));
  put16(out, uint16_t(entries.size()));
  put32(out, uint32_t(central.size()));
  put32(out, cd_offset);
  put16(out, 0);   // comment length
  return out;
}

bool zip_read(const std::string& a, std::vector<ZipEntry>* out, std::string* error) {
  out->clear();
  // The end record is the last 22 bytes, before a comment of at most 65,535 bytes.
  size_t end = std::string::npos;
  if (a.size() >= 22) {
    size_t lo = a.size() > 22 + 0xffff ? a.size() - 22 - 0xffff : 0;
    for (size_t i = a.size() - 22 + 1; i-- > lo;)
      if (get32(a, i) == kEndSig) { end = i; break; }
  }
  if (end == std::string::npos) { *error = "not a zip archive: no end of central directory"; return false; }
  size_t count = get16(a, end + 10), at = get32(a, end + 16);
  for (size_t k = 0; k < count; k++) {
    if (at + 46 > a.size() || get32(a, at) != kCentralSig) { *error = "broken central directory"; return false; }
    uint16_t flags = get16(a, at + 8), method = get16(a, at + 10);
    uint32_t crc = get32(a, at + 16), csize = get32(a, at + 20), usize = get32(a, at + 24);
    size_t nlen = get16(a, at + 28), xlen = get16(a, at + 30), clen = get16(a, at + 32), local = get32(a, at + 42);
    if (at + 46 + nlen > a.size()) { *error = "broken central directory"; return false; }
    ZipEntry e;
    e.name = a.substr(at + 46, nlen);
    at += 46 + nlen + xlen + clen;
    if (flags & 1) { *error = e.name + ": encrypted"; return false; }
    if (local + 30 > a.size() || get32(a, local) != kLocalSig) { *error = e.name + ": no local header"; return false; }
    size_t data = local + 30 + get16(a, local + 26) + get16(a, local + 28);
    if (data + csize > a.size()) { *error = e.name + ": truncated"; return false; }
    std::string packed = a.substr(data, csize);
    if (method == 0) e.data = packed;
    else if (method != 8 || !inflate_raw(packed, usize, &e.data)) { *error = e.name + ": cannot be decompressed"; return false; }
    if (e.data.size() != usize || crc_of(e.data) != crc) { *error = e.name + ": CRC-32 mismatch"; return false; }
    out->push_back(std::move(e));
  }
  return true;
}

} // namespace jm
