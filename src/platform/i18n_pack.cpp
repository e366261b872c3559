// i18n_pack.cpp: packs an interface table for the page; the web build runs it under Node.
//   node i18n-pack.js assets/i18n/en.json build/web/i18n/en.jmt
// The page reads the packed form (core/i18n.h, I18n::load_packed) because reading the JSON was
// 20 ms of the editor's start: its lexer runs in the browser's baseline compiler then. The JSON
// stays the source, and what it says is checked here exactly as the editor checked it: a table
// the editor would refuse fails the build, naming the key.
#include "core/i18n.h"
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: i18n-pack IN.json OUT.jmt\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "i18n-pack: %s: cannot read\n", argv[1]);
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  jm::I18n table;
  std::string error;
  if (!table.load("t", text.str(), &error)) {
    std::fprintf(stderr, "i18n-pack: %s: %s\n", argv[1], error.c_str());
    return 1;
  }
  std::string blob = table.pack("t", &error);
  if (blob.empty()) {
    std::fprintf(stderr, "i18n-pack: %s: %s\n", argv[1], error.c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(blob.data(), (std::streamsize)blob.size());
  if (!out.good()) {
    std::fprintf(stderr, "i18n-pack: %s: cannot write\n", argv[2]);
    return 1;
  }
  return 0;
}
