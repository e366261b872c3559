// Interface strings: the tables shipped in assets/i18n, fallback to English, placeholders, plural
// rules, and the display form ImGui draws for Arabic and Hebrew (shaped, in visual order).
#include <catch2/catch.hpp>
#include "core/i18n.h"
#include <nlohmann/json.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace jm;

namespace {

std::string read_table(const char* lang) {
  std::ifstream f(std::string(JM_I18N_DIR) + "/" + lang + ".json", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

I18n& shipped() {
  static I18n t = [] {
    I18n i;
    for (const char* l : {"en", "ar", "he"}) {
      std::string err;
      std::string text = read_table(l);
      INFO(l << ": " << err);
      REQUIRE(!text.empty());
      REQUIRE(i.load(l, text, &err));
    }
    return i;
  }();
  return t;
}

std::vector<uint32_t> cps(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = c;
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len > 1) cp = c & (0x7F >> len);
    for (int k = 1; k < len; k++) cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::set<std::string> placeholders(const std::string& s) {
  std::set<std::string> out;
  static const std::regex re("\\{([a-z_]+)\\}");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.insert((*it)[1]);
  return out;
}

}  // namespace

TEST_CASE("i18n: a missing key falls back to English, then to the key itself") {
  I18n i;
  REQUIRE(i.load("en", R"({"menu.file": "File", "menu.edit": "Edit"})"));
  REQUIRE(i.load("ar", R"({"menu.file": "ملف"})"));
  REQUIRE(i.set_language("ar"));
  CHECK(i.text("menu.file") == "ملف");
  CHECK(i.text("menu.edit") == "Edit");
  CHECK(i.text("menu.nowhere") == "menu.nowhere");
  CHECK(i.rtl());
  CHECK_FALSE(i.set_language("fr"));   // not loaded: the language stays
  CHECK(i.language() == "ar");
  REQUIRE(i.set_language("en"));
  CHECK(i.text("menu.file") == "File");
  CHECK_FALSE(i.rtl());
}

TEST_CASE("i18n: placeholders are filled, unknown ones kept, braces escaped") {
  CHECK(format_placeholders("Undo {action}", {{"action", "Add card"}}) == "Undo Add card");
  CHECK(format_placeholders("{a}-{b}-{a}", {{"a", "1"}, {"b", "2"}}) == "1-2-1");
  CHECK(format_placeholders("{typo} stays", {{"n", "3"}}) == "{typo} stays");
  CHECK(format_placeholders("{{n}} is {n}", {{"n", "3"}}) == "{n} is 3");
  CHECK(format_placeholders("open {", {}) == "open {");
  I18n i;
  REQUIRE(i.load("en", R"({"toast.opened": "Opened {name}"})"));
  CHECK(i.format("toast.opened", {{"name", "a.json"}}) == "Opened a.json");
}

TEST_CASE("i18n: malformed tables are refused and the old one kept") {
  I18n i;
  REQUIRE(i.load("en", R"({"a": "A"})"));
  std::string err;
  CHECK_FALSE(i.load("en", "{not json", &err));
  CHECK(!err.empty());
  CHECK_FALSE(i.load("en", R"({"a": 3})", &err));
  CHECK(err.find("a") != std::string::npos);
  CHECK_FALSE(i.load("en", R"({"p": {"one": "x"}})", &err));   // a plural needs "other"
  CHECK(err == "p: a plural needs an \"other\" form");
  CHECK_FALSE(i.load("en", R"({"p": {"one": 1, "other": "x"}})", &err));
  CHECK(err == "p.one: not a string");
  CHECK_FALSE(i.load("en", R"({"p": {"one": {"x": "y"}, "other": "x"}})", &err));
  CHECK(err == "p.one: not a string");
  CHECK_FALSE(i.load("en", R"({"a": ["x"]})", &err));
  CHECK(err == "a: not a string");
  CHECK_FALSE(i.load("en", R"({"a": null})", &err));
  CHECK(err == "a: not a string");
  CHECK_FALSE(i.load("en", R"(["a"])", &err));
  CHECK(err == "the table is not a JSON object");
  CHECK_FALSE(i.load("en", R"("a")", &err));
  CHECK(err == "the table is not a JSON object");
  CHECK_FALSE(i.load("en", R"({"a": "A",})", &err));
  CHECK(err == "the table is not valid JSON");
  CHECK_FALSE(i.load("en", R"({"a": "A"} {"b": "B"})", &err));   // trailing text
  CHECK(err == "the table is not valid JSON");
  CHECK(i.text("a") == "A");
}

TEST_CASE("i18n: a repeated key keeps its last value, plural or not") {
  I18n i;
  REQUIRE(i.load("en", R"({"a": "one", "a": "two", "p": {"one": "x", "other": "xs"}, "p": "plain", "q": "plain", "q": {"one": "y", "other": "ys"}})"));
  CHECK(i.text("a") == "two");
  CHECK(i.plural("p", 1) == "plain");
  CHECK(i.text("q") == "ys");
  CHECK(i.plural("q", 1) == "y");
}

TEST_CASE("i18n: a packed table reads back as the JSON it was packed from") {
  // Every shipped table, every key, every plural form, in each language.
  for (const char* l : {"en", "ar", "he"}) {
    std::string blob = shipped().pack(l);
    REQUIRE(blob.compare(0, 4, "JMT1") == 0);
    I18n p;
    std::string err;
    INFO(l << ": " << err);
    REQUIRE(p.load_packed(l, blob, &err));
    REQUIRE(p.set_language(l));
    REQUIRE(shipped().set_language(l));
    CHECK(p.keys(l) == shipped().keys(l));
    for (const std::string& key : shipped().keys(l)) {
      INFO(key);
      CHECK(p.text(key) == shipped().text(key));
      for (long long n : {0, 1, 2, 3, 11, 100}) CHECK(p.plural(key, n) == shipped().plural(key, n));
    }
    CHECK(p.pack(l) == blob);   // the same bytes again: keys and forms in order
  }
  shipped().set_language("en");
}

TEST_CASE("i18n: a damaged or foreign packed table is refused, naming where, and the old one kept") {
  I18n src;
  REQUIRE(src.load("en", R"({"a": "A", "p": {"one": "one x", "other": "{n} xs"}})"));
  std::string blob = src.pack("en");
  I18n i;
  std::string err;
  REQUIRE(i.load_packed("en", blob, &err));
  CHECK(i.plural("p", 3) == "3 xs");
  CHECK_FALSE(i.load_packed("en", R"({"a": "A"})", &err));
  CHECK(err == "not a packed table (no JMT1 header)");
  for (size_t cut : {blob.size() - 1, blob.size() / 2, (size_t)6}) {
    CHECK_FALSE(i.load_packed("en", blob.substr(0, cut), &err));
    CHECK(err.find("the packed table is damaged (at byte") == 0);
    CHECK(err.find("of " + std::to_string(cut) + ")") != std::string::npos);
  }
  CHECK_FALSE(i.load_packed("en", blob + "x", &err));   // trailing bytes
  std::string many = blob.substr(0, 4) + "\xFF\xFF\xFF\xFF\x07" + blob.substr(5);   // 2 billion entries said
  CHECK_FALSE(i.load_packed("en", many, &err));
  std::string endless = blob.substr(0, 4) + std::string(8, '\x80') + blob.substr(5);   // a count that never ends
  CHECK_FALSE(i.load_packed("en", endless, &err));
  I18n nul;
  REQUIRE(nul.load("en", R"({"a": "A", "b": "x\u0000y"})"));
  CHECK(nul.pack("en", &err).empty());
  CHECK(err == "b: holds a NUL character (\\u0000)");
  CHECK(i.text("a") == "A");
  CHECK(I18n().pack("en").empty());
}

TEST_CASE("i18n: CLDR plural categories for English, Arabic and Hebrew") {
  CHECK(plural_form("en", 1) == PluralForm::One);
  CHECK(plural_form("en", 0) == PluralForm::Other);
  CHECK(plural_form("en", 2) == PluralForm::Other);
  CHECK(plural_form("ar", 0) == PluralForm::Zero);
  CHECK(plural_form("ar", 1) == PluralForm::One);
  CHECK(plural_form("ar", 2) == PluralForm::Two);
  CHECK(plural_form("ar", 3) == PluralForm::Few);
  CHECK(plural_form("ar", 10) == PluralForm::Few);
  CHECK(plural_form("ar", 103) == PluralForm::Few);
  CHECK(plural_form("ar", 11) == PluralForm::Many);
  CHECK(plural_form("ar", 99) == PluralForm::Many);
  CHECK(plural_form("ar", 100) == PluralForm::Other);
  CHECK(plural_form("ar", 102) == PluralForm::Other);
  CHECK(plural_form("he", 1) == PluralForm::One);
  CHECK(plural_form("he", 2) == PluralForm::Two);
  CHECK(plural_form("he", 20) == PluralForm::Other);

  I18n& i = shipped();
  REQUIRE(i.set_language("ar"));
  CHECK(i.plural("status.cards", 1) == "بطاقة واحدة");
  CHECK(i.plural("status.cards", 2) == "بطاقتان");
  CHECK(i.plural("status.cards", 5) == "5 بطاقات");
  CHECK(i.plural("status.cards", 24) == "24 بطاقة");
  REQUIRE(i.set_language("he"));
  CHECK(i.plural("status.stages", 2) == "שני שלבים");
  CHECK(i.plural("status.stages", 8) == "8 שלבים");
  REQUIRE(i.set_language("en"));
  CHECK(i.plural("toast.pasted", 1) == "Pasted 1 card");
  CHECK(i.plural("toast.pasted", 3) == "Pasted 3 cards");
}

TEST_CASE("i18n: the shipped tables have the same keys, placeholders and plural forms") {
  I18n& i = shipped();
  auto en = i.keys("en"), ar = i.keys("ar"), he = i.keys("he");
  REQUIRE(en.size() > 200);
  CHECK(ar == en);
  CHECK(he == en);
  // Per key: the same placeholders, and a plural in one table is a plural (or a plain string
  // with the same placeholders) in the others; each plural has the forms its language uses.
  std::map<std::string, nlohmann::json> raw;
  for (const char* l : {"en", "ar", "he"}) raw[l] = nlohmann::json::parse(read_table(l));
  const std::map<std::string, std::vector<std::string>> needed = {
    {"en", {"one", "other"}}, {"ar", {"zero", "one", "two", "few", "many", "other"}}, {"he", {"one", "two", "other"}}};
  for (const std::string& key : en) {
    std::set<std::string> want;
    for (const char* l : {"en", "ar", "he"}) {
      const nlohmann::json& v = raw[l][key];
      std::set<std::string> have;
      if (v.is_string()) have = placeholders(v.get<std::string>());
      else {
        for (auto f = v.begin(); f != v.end(); ++f) for (const std::string& p : placeholders(f->get<std::string>())) have.insert(p);
        if (std::string(l) != "en" || v.size() > 1)
          for (const std::string& form : needed.at(l)) {
            INFO(l << " " << key << " lacks the plural form " << form);
            // Arabic may leave a rare form to "other"; English and Hebrew need all of theirs.
            if (std::string(l) != "ar" || form == "one" || form == "other") CHECK(v.contains(form));
          }
      }
      have.erase("n");   // a plural's count may be spelled out ("one card")
      if (std::string(l) == "en") want = have;
      INFO(l << " " << key);
      CHECK(have == want);
    }
  }
}

TEST_CASE("i18n: Arabic display strings are presentation forms in visual order") {
  I18n& i = shipped();
  REQUIRE(i.set_language("ar"));
  // "ملف" (File): meem, lam, feh. Joined: meem initial U+FEE3, lam medial U+FEE0, feh final
  // U+FED2; drawn left to right the last letter comes first.
  CHECK(cps(i.text("menu.file")) == std::vector<uint32_t>({0x0645, 0x0644, 0x0641}));
  CHECK(cps(i.display("menu.file")) == std::vector<uint32_t>({0xFED2, 0xFEE0, 0xFEE3}));
  // Every Arabic letter of every display string is a presentation form (nothing left unshaped),
  // and the display string holds as many letters as its text (lam-alef aside).
  for (const std::string& key : i.keys("ar")) {
    const std::string& d = i.display(key);
    for (uint32_t c : cps(d)) {
      INFO(key << ": U+" << std::hex << c);
      // U+0621 hamza joins nothing and U+0640 tatweel (the joining stroke in "بـ") has no
      // presentation form: both stay as they are.
      CHECK(!(c >= 0x0622 && c <= 0x064A && c != 0x0640));
    }
  }
  // A Latin run inside keeps its own order: "(Ctrl+-)" (isolated in the table, so the trailing
  // "+-" stays with it) reads left to right, on the left of the Arabic word that comes first.
  const std::string& tip = i.display("tip.zoom_out");   // "تصغير (⁦Ctrl+-⁩)"
  CHECK(tip.find("(Ctrl+-)") != std::string::npos);
  CHECK(tip.find("(Ctrl+-)") < tip.find("\xEF\xBB"));   // left of the shaped Arabic (U+FExx)
  CHECK(tip.find("\xE2\x81\xA6") == std::string::npos);   // the isolate marks are not drawn
  // The display form is cached per key: the same object each time, until the language changes.
  CHECK(&i.display("menu.file") == &i.display("menu.file"));
  REQUIRE(i.set_language("en"));
  CHECK(i.display("menu.file") == "File");
  // A language name is shaped in any interface: the Language menu names Arabic in Arabic.
  CHECK(cps(i.display("lang.ar")).front() >= 0xFE70);
}

TEST_CASE("i18n: Hebrew display strings are reversed, with numbers kept left to right") {
  I18n& i = shipped();
  REQUIRE(i.set_language("he"));
  // "קובץ" (File) drawn left to right: tsadi sofit first.
  CHECK(cps(i.display("menu.file")) == std::vector<uint32_t>({0x05E5, 0x05D1, 0x05D5, 0x05E7}));
  // "8 שלבים": the number stays "12", on the right of the word in visual order.
  std::string s = i.display_text(i.plural("status.stages", 12));
  auto v = cps(s);
  REQUIRE(v.size() == 8);
  CHECK(v[0] == 0x05DD);   // final mem of שלבים, leftmost
  CHECK(v[6] == '1');
  CHECK(v[7] == '2');
  // User text follows its own direction: a Latin title stays as it is in a Hebrew interface.
  CHECK(i.display_text("Buying a phone system", true) == "Buying a phone system");
}
