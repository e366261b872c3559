// The persona card (persona_card.h): text escaped, the avatar image only when it is acceptable,
// headings from the caller's table, empty sections left out, right to left mirrored.
#include <catch2/catch.hpp>
#include "core/export.h"
#include "core/persona_card.h"
#include <cstring>

using namespace jm;

namespace {

// The elements the card writes; user text that escaped xml_escape would show up as another tag.
bool only_card_markup(const std::string& svg) {
  static const char* const names[] = {"?xml ", "svg ", "/svg>", "title>", "/title>", "desc>", "/desc>", "rect ", "text ",
                                      "/text>", "circle ", "clipPath ", "/clipPath>", "image "};
  for (size_t i = svg.find('<'); i != std::string::npos; i = svg.find('<', i + 1)) {
    bool known = false;
    for (const char* n : names) known = known || svg.compare(i + 1, std::strlen(n), n) == 0;
    if (!known) return false;
  }
  return true;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t i = hay.find(needle); i != std::string::npos; i = hay.find(needle, i + 1)) n++;
  return n;
}

const MeasureFn measure = approx_text_width;
const NameFn english = [](const std::string&, const std::string& en) { return en; };

// A 1x1 PNG.
const char* kPng = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

Persona mona() {
  Persona p;
  p.id = 5;
  p.uid = "5f1c7b8e-2d3a-4c55-9e61-0a7b3c2d1e40";
  p.name = "Mona <b>Haddad</b>";
  p.role = "Office manager & buyer";
  p.quote = "I just want it to \"work\".";
  p.demographics = {{"Age", "41", ""}, {"Location", "Riyadh", ""}};
  p.goals = {"Replace the old phones", "  "};
  p.frustrations = {"Hidden prices"};
  p.channels = {"email", "my own forum"};
  return p;
}

} // namespace

TEST_CASE("persona card escapes every piece of persona text") {
  std::string svg = persona_card_svg(mona(), measure, english, false);
  CHECK(only_card_markup(svg));
  CHECK(svg.find("Mona &lt;b&gt;Haddad&lt;/b&gt;") != std::string::npos);
  CHECK(svg.find("Office manager &amp; buyer") != std::string::npos);
  CHECK(svg.find("&quot;work&quot;") != std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("direction=\"rtl\"") == std::string::npos);
}

TEST_CASE("persona card lists the sections that have content, headed by the caller's names") {
  NameFn names = [](const std::string& key, const std::string& en) { return key == "panel.goals" ? std::string("GOALS-X") : en; };
  std::string svg = persona_card_svg(mona(), measure, names, false);
  CHECK(svg.find(">GOALS-X<") != std::string::npos);
  CHECK(svg.find(">Frustrations<") != std::string::npos);
  CHECK(svg.find(">Demographics<") != std::string::npos);
  CHECK(svg.find(">Email<") != std::string::npos);           // a built-in channel by its name
  CHECK(svg.find(">my own forum<") != std::string::npos);    // a custom one as it is
  CHECK(svg.find(">Needs<") == std::string::npos);           // empty: left out
  CHECK(svg.find(">Behaviours<") == std::string::npos);
  CHECK(count(svg, ">Replace the old phones<") == 1);        // the blank goal is not a bullet
}

TEST_CASE("persona card draws the avatar image when it is acceptable, else the initials") {
  Persona p = mona();
  std::string svg = persona_card_svg(p, measure, english, false);
  CHECK(svg.find("<image") == std::string::npos);
  CHECK(svg.find(">MH<") == std::string::npos);   // "Mona <b>Haddad</b>": first letters M and <
  p.name = "Mona Haddad";
  svg = persona_card_svg(p, measure, english, false);
  CHECK(svg.find(">MH<") != std::string::npos);
  p.avatar.image = kPng;
  svg = persona_card_svg(p, measure, english, false);
  CHECK(svg.find(std::string("xlink:href=\"") + kPng + "\"") != std::string::npos);
  CHECK(svg.find("clip-path=\"url(#avatar)\"") != std::string::npos);
  CHECK(svg.find(">MH<") == std::string::npos);
  p.avatar.image = "data:image/png;base64,\"onload=alert(1)";   // not an image: never written
  svg = persona_card_svg(p, measure, english, false);
  CHECK(svg.find("<image") == std::string::npos);
  CHECK(svg.find("onload") == std::string::npos);
}

TEST_CASE("persona card right to left: root direction, avatar on the right, lines keep their own direction") {
  Persona p;
  p.uid = "u";
  p.name = "منى حداد";
  p.role = "مديرة مكتب";
  p.quote = "I want it simple";
  p.goals = {"هاتف يعمل"};
  std::string ltr = persona_card_svg(p, measure, english, false), rtl = persona_card_svg(p, measure, english, true);
  CHECK(rtl.find("<svg") != std::string::npos);
  CHECK(rtl.find(" direction=\"rtl\">") != std::string::npos);
  // The avatar disc: near the left edge left to right, near the right edge right to left.
  auto cx = [](const std::string& s) { size_t i = s.find("<circle cx=\""); return std::stof(s.substr(i + 12)); };
  CHECK(cx(ltr) < 200);
  CHECK(cx(rtl) > 600);
  CHECK(rtl.find(">مح<") != std::string::npos);   // initials from the Arabic name
  // The English quote inside the Arabic card reads left to right.
  size_t q = rtl.find(">I want it simple<");
  REQUIRE(q != std::string::npos);
  CHECK(rtl.rfind("direction=\"ltr\"", q) > rtl.rfind("<text", q));
}

TEST_CASE("persona initials and colour") {
  Persona p;
  p.name = "  mona  haddad sami";
  CHECK(persona_initials(p) == "MH");
  CHECK(persona_initials(p, 3) == "MHS");
  p.avatar.initials = "X";
  CHECK(persona_initials(p) == "X");
  p.name.clear();
  p.avatar.initials.clear();
  CHECK(persona_initials(p) == "?");
  Persona a, b;
  a.name = b.name = "David";
  CHECK(persona_color(a) == persona_color(b));
  a.avatar.color = 0x123456;
  CHECK(persona_color(a) == 0x123456);
}
