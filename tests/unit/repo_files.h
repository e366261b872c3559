// Files of the repository for the unit tests: a path from the repository's root, and a file's
// bytes as a string (empty when it cannot be read).
#pragma once
#include <fstream>
#include <iterator>
#include <string>

namespace jm_test {

inline std::string repo_path(const std::string& rel) { return std::string(JM_SEEDS_DIR) + "/../../" + rel; }

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace jm_test
