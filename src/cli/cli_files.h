// cli_files.h: reading and writing the files the command-line tool works on, shared by its
// commands (main.cpp, merge_cli.cpp). Inline: main.cpp is also included by the unit tests.
#pragma once
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <ostream>
#include <string>

namespace jm_cli {

inline std::string quoted(const std::string& path) { return path == "-" ? "standard input" : "\"" + path + "\""; }

// Whole file, bytes as they are. stdio rather than iostreams: errno then names the reason
// ("No such file or directory", "Is a directory", "Permission denied").
inline bool read_file(const std::string& path, std::string* text, std::string* error) {
  if (path == "-") {
    text->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) { *error = "cannot read standard input"; return false; }
    return true;
  }
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) { *error = "cannot read " + quoted(path) + ": " + std::strerror(errno); return false; }
  text->clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, n);
  bool bad = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (bad) { *error = "cannot read " + quoted(path) + ": " + std::strerror(err ? err : EIO); return false; }
  return true;
}

inline bool write_output(const std::string& path, const std::string& data, std::ostream& out, std::string* error) {
  if (path.empty() || path == "-") {
    out << data;
    out.flush();
    if (!out) { *error = "cannot write to standard output"; return false; }
    return true;
  }
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) { *error = "cannot write " + quoted(path) + ": " + std::strerror(errno); return false; }
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  int err = errno;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) { *error = "cannot write " + quoted(path) + ": " + std::strerror(err ? err : errno ? errno : EIO); return false; }
  return true;
}

} // namespace jm_cli
