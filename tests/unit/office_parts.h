// Helpers of the Office and print tests: the parts of a zip package by name, and how often a
// string occurs in a text.
#pragma once
#include <catch2/catch.hpp>
#include "core/zip.h"
#include <map>
#include <string>
#include <vector>

namespace jm_test {

inline std::map<std::string, std::string> zip_parts(const std::string& archive) {
  std::vector<jm::ZipEntry> entries;
  std::string error;
  bool ok = jm::zip_read(archive, &entries, &error);
  INFO(error);
  REQUIRE(ok);
  std::map<std::string, std::string> out;
  for (jm::ZipEntry& e : entries) out[e.name] = std::move(e.data);
  return out;
}

inline size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) n++;
  return n;
}

}  // namespace jm_test
