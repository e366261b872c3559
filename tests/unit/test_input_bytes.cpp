// Files as bytes: what is wrong below the JSON (UTF-16, NUL bytes, ill-formed UTF-8) is named
// with its offset, and positions point at the character, not into it.
#include <catch2/catch.hpp>
#include "core/io.h"

using namespace jm;

static const std::string kGood = "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"title\":\"Renewing a contract\"}}\n";

static std::string utf16le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) { out += c; out += '\0'; }
  return out;
}

TEST_CASE("UTF-16 without a byte order mark is named as such") {
  LoadResult r = load_map(utf16le(kGood));
  CHECK_FALSE(r.ok);
  CHECK(r.error == "UTF-16 text: save the file as UTF-8");
  std::string be;
  for (char c : kGood) { be += '\0'; be += c; }
  CHECK(load_map(be).error == "UTF-16 text: save the file as UTF-8");
  CHECK(text_problem("\xFF\xFE" + utf16le("stage,lane,text\n")) == "UTF-16 text: save the file as UTF-8");
}

TEST_CASE("a NUL byte is named with its offset, line and column, wherever it is") {
  std::string text = kGood;
  size_t at = text.find("a contract");
  text[at + 1] = '\0';   // "Renewing a\0contract"
  LoadResult r = load_map(text);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "contains a NUL byte at offset " + std::to_string(at + 1) + " (line 1, column " + std::to_string(at + 2) +
                   "): a map file is text, and text has none");
  // After a complete map: the map alone would be fine, the file is not.
  std::string tail = kGood + std::string(1, '\0') + "garbage {{{";
  CHECK_THAT(load_map(tail).error, Catch::Contains("NUL byte at offset " + std::to_string(kGood.size()) + " (line 2, column 1)"));
  CHECK_THAT(text_problem(std::string("stage,lane,text\nA,B,x\0y\n", 23)), Catch::Contains("NUL byte at offset 21 (line 2, column 6)"));
}

TEST_CASE("ill-formed UTF-8 is refused with the byte and its offset") {
  std::string text = kGood;
  size_t at = text.find("Renewing");
  text.replace(at, 8, "R\xE9novation\xFF");   // Latin-1 e-acute and a stray byte
  LoadResult r = load_map(text);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "not UTF-8: the byte 0xE9 at offset " + std::to_string(at + 1) + " (line 1, column " + std::to_string(at + 2) +
                   ") is not UTF-8 text; save the file as UTF-8");
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either; good text is.
  CHECK_THAT(text_problem("a\xC0\xAF"), Catch::Contains("0xC0 at offset 1"));
  CHECK_THAT(text_problem("ab\xED\xA0\x80"), Catch::Contains("0xED at offset 2"));
  CHECK_THAT(text_problem("\xF4\x90\x80\x80"), Catch::Contains("0xF4 at offset 0"));
  CHECK_THAT(text_problem("caf\xC3"), Catch::Contains("0xC3 at offset 3"));   // cut short
  CHECK(text_problem("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x8D \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A") == "");
  CHECK(load_map(kGood).ok);
  CHECK(load_map("\xEF\xBB\xBF" + kGood).ok);   // a UTF-8 byte order mark is fine
}

TEST_CASE("a position inside a multi-byte character is that character's column") {
  // "é" is two bytes: its second byte is still column 1, and "!" after it column 2.
  CHECK(text_position("\xC3\xA9!", 0) == "line 1, column 1");
  CHECK(text_position("\xC3\xA9!", 1) == "line 1, column 1");
  CHECK(text_position("\xC3\xA9!", 2) == "line 1, column 2");
  // A PNG's first character, as the browser used to pass it (U+FFFD, three bytes): a parser that
  // stops on its second or third byte points at column 1, not 2.
  CHECK(text_position("\xEF\xBF\xBDPNG", 1) == "line 1, column 1");
  CHECK(text_position("\xEF\xBF\xBDPNG", 2) == "line 1, column 1");
  CHECK(text_position("ab\n\xE2\x82\xAC\xE2\x82\xAC", 7) == "line 2, column 2");
}

TEST_CASE("files opened by mistake are named for what they are") {
  CHECK_THAT(load_map(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)).error, Catch::Contains("not a journey map: the file is a PNG image"));
  CHECK_THAT(load_map("%PDF-1.7\n").error, Catch::Contains("a PDF document"));
  CHECK_THAT(load_map("<!DOCTYPE html><html></html>").error, Catch::Contains("an HTML or XML page"));
  CHECK_THAT(load_map("journey\n  title X").error, Catch::Contains("not a journey map: the file is not JSON"));
}
