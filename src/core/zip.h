// zip.h: the zip container of Office Open XML files (.xlsx), written with zlib's deflate.
// Deterministic: entries in the order given, a fixed date (1980-01-01 00:00, the format's
// first), no extra fields, so the same files give the same bytes. No zip64: an archive over
// 4 GiB or 65,535 entries is refused (an Office document of a journey map is far from that).
#pragma once
#include <string>
#include <vector>

namespace jm {

struct ZipEntry {
  std::string name;   // path inside the archive, '/' separated ("xl/workbook.xml")
  std::string data;
};

// The archive, each entry deflated (stored as it is when deflate does not make it smaller).
// Empty on failure, with *error saying why.
std::string zip_write(const std::vector<ZipEntry>& entries, std::string* error);

// Reads what zip_write writes (and other plain zip files: stored or deflated entries, no
// encryption, no zip64), checking each entry's CRC-32. For tests and tools.
bool zip_read(const std::string& archive, std::vector<ZipEntry>* out, std::string* error);

} // namespace jm
