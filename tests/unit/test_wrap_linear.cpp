// Wrapping long card texts costs time in proportion to their length: each word is measured once
// and lines are found from the running sums (the real measure only confirms each line), instead
// of measuring the rest of the paragraph again for every line.
#include <catch2/catch.hpp>
#include "core/text.h"
#include <chrono>
#include <string>

using namespace jm;

namespace {
// Every code point 7 units wide (about a 14 px Latin font); counts what is measured.
struct CountingMeasure {
  size_t calls = 0, bytes = 0;
  MeasureFn fn() {
    return [this](const char* b, const char* e) {
      calls++;
      bytes += (size_t)(e - b);
      float w = 0;
      for (const char* p = b; p < e; p++)
        if (((unsigned char)*p & 0xC0) != 0x80) w += 7;
      return w;
    };
  }
};

// A card text of about `chars` characters, as tests/fixtures/make_broken.mjs bigValidMap writes.
std::string card_text(int i, size_t chars) {
  static const char* words[] = {"the", "customer", "calls", "support", "about", "the", "invoice", "and", "waits", "on", "hold",
                                "while", "the", "agent", "checks", "the", "account", "history", "then", "promises", "a", "call",
                                "back", "that", "never", "comes", "so", "the", "customer", "writes", "an", "angry", "email"};
  std::string t = "Card " + std::to_string(i + 1) + ":";
  for (int w = 0; t.size() < chars; w++) t += std::string(" ") + words[(i * 7 + w * 3) % 33];
  return t;
}
}  // namespace

TEST_CASE("text: wrapping measures a long paragraph a bounded number of times over", "[text]") {
  CountingMeasure m;
  std::string text = card_text(3, 2000);
  DisplayLines lines = wrap_display(text, 216, m.fn(), BaseDir::Auto);
  REQUIRE(lines.size() > 40);
  // Every line fits, and the next word would not have.
  for (size_t i = 0; i < lines.size(); i++) {
    CHECK(lines[i].width <= 216);
    if (i + 1 < lines.size()) {
      std::string longer = text.substr(lines[i].begin, text.find(' ', lines[i + 1].begin) == std::string::npos
                                                           ? std::string::npos
                                                           : text.find(' ', lines[i + 1].begin) - lines[i].begin);
      CHECK(longer.size() * 7 > 216);
    }
  }
  // Linear: a few times the text's own size in all (the old wrap measured about 25 times it here,
  // and that factor grows with the length of the paragraph).
  INFO("measured " << m.bytes << " bytes in " << m.calls << " calls for a text of " << text.size());
  CHECK(m.bytes < text.size() * 6);
  // Four times the text: about four times the measuring, not sixteen.
  CountingMeasure m4;
  std::string text4 = text + " " + text + " " + text + " " + text;
  wrap_display(text4, 216, m4.fn(), BaseDir::Auto);
  CHECK(m4.bytes < m.bytes * 5);
}

TEST_CASE("text: benchmark: wrapping 20 MB of 2000-character cards", "[.bench]") {
  CountingMeasure m;
  MeasureFn fn = m.fn();
  size_t total = 0;
  std::vector<std::string> texts;
  for (int i = 0; total < 20000000; i++) { texts.push_back(card_text(i, 2000)); total += texts.back().size(); }
  auto t0 = std::chrono::steady_clock::now();
  size_t lines = 0;
  for (const std::string& t : texts) lines += wrap_display(t, 216, fn, BaseDir::Auto).size();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  WARN(texts.size() << " cards, " << total << " bytes, " << lines << " lines: " << ms << " ms; measured " << m.bytes << " bytes");
}
