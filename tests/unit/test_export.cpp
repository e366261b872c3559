// Exports: Markdown, CSV, Mermaid (both ways) and SVG, with exact expected output where the format
// is a contract (CSV quoting, Mermaid syntax) and safety checks where it is a risk (SVG markup).
#include <catch2/catch.hpp>
#include "core/export.h"
#include "core/io.h"
#include <cstring>
#include <fstream>
#include <iterator>
#include "../svg_markup.h"

using namespace jm;

namespace {

// Entities by named fields, not aggregate initialisation: the model structs grow fields.
Stage stage(Id id, const std::string& name, Color color) {
  Stage s;
  s.id = id; s.name = name; s.color = color;
  return s;
}
Lane lane(Id id, const std::string& name, LaneType type) {
  Lane l;
  l.id = id; l.name = name; l.type = type; l.color = lane_type_info(type).color;
  return l;
}
Card card(Id id, Id stage, Id lane, double order, const std::string& text, float score = 0) {
  Card c;
  c.id = id; c.stage = stage; c.lane = lane; c.order = order; c.text = text; c.score = score;
  return c;
}

// Two stages, three lanes; ids are fixed so expected texts can be written out.
Map small_map() {
  Map m;
  m.meta.title = "Buying a phone";
  m.meta.goal = "Find a phone that lasts";
  m.stages = {stage(1, "Awareness", 0x6366f1), stage(2, "Purchase", 0x10b981)};
  m.lanes = {lane(3, "Actions", LaneType::Actions),
             lane(4, "Emotions", LaneType::Emotions),
             lane(5, "Touchpoints", LaneType::Touchpoints)};
  auto add = [&](Id id, Id stage, Id lane, double order, const std::string& text) {
    m.cards.push_back(card(id, stage, lane, order, text));
    return &m.cards.back();
  };
  add(6, 1, 3, 0, "Searches the web")->tags = {"Owner", "IT"};
  add(7, 1, 3, 1, "Reads reviews");
  add(8, 1, 4, 0, "Curious")->score = 1;
  add(9, 1, 4, 1, "Unsure")->score = -0.5f;
  add(10, 1, 5, 0, "Search ads")->channel = "paid_ads";
  add(11, 2, 3, 0, "Buys online");
  add(12, 2, 4, 0, "")->score = 2;
  return m;
}

// The B2B example map as shipped before issue 13 (a fixture copy; the template has since gained a
// future state). The tests run with the repository root as working
// directory; JM_SEEDS_DIR (tests/fixtures, absolute) finds it from anywhere else.
std::string read_b2b_template() {
  const char* rel = "tests/fixtures/b2b-plain.journey.json";
  for (const std::string& path : {std::string(JM_SEEDS_DIR) + "/../../" + rel, std::string(rel)}) {
    std::ifstream f(path, std::ios::binary);
    if (f) return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return {};
}


size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + what.size())) n++;
  return n;
}

std::vector<std::string> stage_names(const Map& m) {
  std::vector<std::string> v;
  for (const Stage& s : m.stages) v.push_back(s.name);
  return v;
}

// Texts of one lane type, stage by stage, in order.
std::vector<std::string> texts(const Map& m, LaneType type) {
  std::vector<std::string> v;
  for (const Stage& s : m.stages)
    for (const Lane& l : m.lanes)
      if (l.type == type)
        for (const Card* c : cell_cards(m, s.id, l.id)) v.push_back(c->text);
  return v;
}

std::vector<float> scores(const Map& m) {
  std::vector<float> v;
  for (const Stage& s : m.stages)
    for (const Lane& l : m.lanes)
      if (l.type == LaneType::Emotions)
        for (const Card* c : cell_cards(m, s.id, l.id)) v.push_back(c->score);
  return v;
}

const char* const kBom = "\xEF\xBB\xBF";

} // namespace

TEST_CASE("export: CSV quotes commas, quotes and newlines, keeps Arabic, and starts with a BOM") {
  Map m;
  m.stages = {stage(1, "الوعي", 0x6366f1)};
  m.lanes = {lane(2, "Actions", LaneType::Actions), lane(3, "Feelings", LaneType::Emotions)};
  Card c;
  c.id = 4; c.stage = 1; c.lane = 2;
  c.text = "Says \"hi\", then\nleaves: يبحث في الويب";
  c.tags = {"web", "ويب"};
  c.channel = "website";
  m.cards.push_back(c);
  Card e;
  e.id = 5; e.stage = 1; e.lane = 3; e.text = "قلق"; e.score = -1.5f;
  m.cards.push_back(e);
  CHECK(to_csv(m) == std::string(kBom) +
                         "stage,lane,lane type,text,tags,channel,score,backing,evidence,journey\r\n"
                         "الوعي,Actions,actions,\"Says \"\"hi\"\", then\nleaves: يبحث في الويب\",web; ويب,website,,unsupported,,\r\n"
                         "الوعي,Feelings,emotions,قلق,,,-1.5,unsupported,,\r\n");
}

TEST_CASE("export: CSV guards cells a spreadsheet would run as formulas") {
  Map m = small_map();
  m.cards[0].text = "=HYPERLINK(\"http://x\")";
  m.cards[1].text = "'-already quoted";
  std::string csv = to_csv(m);
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
  CHECK(csv.find(",''-already quoted,") != std::string::npos);
  CHECK(csv.find(",-0.5,unsupported,") != std::string::npos);  // numbers stay numbers
  Map back;
  std::string err;
  REQUIRE(from_csv(csv, &back, &err));
  CHECK(back.cards[0].text == "=HYPERLINK(\"http://x\")");
  CHECK(back.cards[1].text == "'-already quoted");
}

TEST_CASE("export: CSV import reads what CSV export writes") {
  Map m = small_map();
  m.cards[0].text = "Line one, with comma\nLine \"two\"";
  Map back;
  std::string err;
  REQUIRE(from_csv(to_csv(m), &back, &err));
  CHECK(validate(back).empty());
  CHECK(stage_names(back) == stage_names(m));
  REQUIRE(back.lanes.size() == 3);
  CHECK(back.lanes[1].name == "Emotions");
  CHECK(back.lanes[1].type == LaneType::Emotions);
  CHECK(texts(back, LaneType::Actions) == texts(m, LaneType::Actions));
  CHECK(scores(back) == scores(m));
  REQUIRE(back.cards.size() == m.cards.size());
  CHECK(back.cards[0].tags == std::vector<std::string>{"Owner", "IT"});
  const Card* ads = nullptr;
  for (const Card& c : back.cards) if (c.text == "Search ads") ads = &c;
  REQUIRE(ads);
  CHECK(ads->channel == "paid_ads");
  CHECK(to_csv(back) == to_csv(m));
}

TEST_CASE("export: CSV import errors name the line") {
  Map m;
  std::string err;
  CHECK_FALSE(from_csv("stage,lane,text\nA,B,\"open\n", &m, &err));
  CHECK(err == "line 2: a quoted field is not closed");
  CHECK_FALSE(from_csv("stage,lane,text,score\nA,B,x,1\nA,B,y,9\n", &m, &err));
  CHECK(err == "line 3: score \"9\" is not a number from -2 to 2");
  CHECK_FALSE(from_csv("name,value\n1,2\n", &m, &err));
  CHECK(err == "line 1: the header row must name the columns stage, lane and text");
  CHECK_FALSE(from_csv("stage,lane,lane type,text\nA,B,weird,x\n", &m, &err));
  CHECK(err == "line 2: unknown lane type \"weird\"");
  CHECK_FALSE(from_csv("", &m, &err));
  // Without a BOM, with LF endings and unquoted fields, a lane named like a default lane.
  REQUIRE(from_csv("Text,Stage,Lane\nhello,S1,Pain points\n", &m, &err));
  REQUIRE(m.lanes.size() == 1);
  CHECK(m.lanes[0].type == LaneType::PainPoints);
  CHECK(m.cards[0].text == "hello");
}

TEST_CASE("export: CSV import reads semicolon-separated files with a BOM and CRLF (European and Arabic spreadsheet locales)") {
  Map m;
  std::string err;
  // As a spreadsheet in a ;-locale saves it: BOM, ; between fields, CRLF, a ; inside a quoted
  // field, a doubled quote, a quoted field spanning two lines, Arabic text and a decimal score.
  std::string csv = "\xEF\xBB\xBFstage;lane;lane type;text;tags;channel;score\r\n"
                    "Awareness;Actions;actions;\"Reads; compares\";\"web; ads\";website;\r\n"
                    "Awareness;Feelings;emotions;\"Says \"\"hmm\"\"\";;;-1\r\n"
                    "\u0627\u0644\u0648\u0639\u064a;Actions;actions;\"\u064a\u0642\u0627\u0631\u0646 \u0627\u0644\u0623\u0633\u0639\u0627\u0631\r\nثم يتصل\";;phone;\r\n";
  REQUIRE(from_csv(csv, &m, &err));
  REQUIRE(m.stages.size() == 2);
  CHECK(m.stages[0].name == "Awareness");
  CHECK(m.stages[1].name == "\u0627\u0644\u0648\u0639\u064a");   // الوعي, byte for byte
  REQUIRE(m.lanes.size() == 2);
  CHECK(m.lanes[1].type == LaneType::Emotions);
  REQUIRE(m.cards.size() == 3);
  CHECK(m.cards[0].text == "Reads; compares");                  // the ; inside quotes is text
  CHECK(m.cards[0].tags == std::vector<std::string>{"web", "ads"});
  CHECK(m.cards[0].channel == "website");
  CHECK(m.cards[1].text == "Says \"hmm\"");
  CHECK(m.cards[1].score == -1.0f);
  CHECK(m.cards[2].text == "\u064a\u0642\u0627\u0631\u0646 \u0627\u0644\u0623\u0633\u0639\u0627\u0631\r\nثم يتصل");
  CHECK(m.cards[2].channel == "phone");
  // Errors name the physical line: the record after the two-line field starts on line 6.
  CHECK_FALSE(from_csv(csv + "A;B;text;;;;9\r\n", &m, &err));
  CHECK(err == "line 6: score \"9\" is not a number from -2 to 2");
}

TEST_CASE("export: CSV import keeps the comma when the header has more commas than semicolons") {
  Map m;
  std::string err;
  REQUIRE(from_csv("stage,lane,text\nS;1,Actions,\"a, b; c\"\n", &m, &err));
  REQUIRE(m.cards.size() == 1);
  CHECK(m.stages[0].name == "S;1");
  CHECK(m.cards[0].text == "a, b; c");
  // Spaces around an unquoted field are part of it (RFC 4180), so what to_csv wrote comes back.
  REQUIRE(from_csv("stage;lane;text\n S ;Actions;  two spaces\n", &m, &err));
  CHECK(m.stages[0].name == " S ");
  CHECK(m.cards[0].text == "  two spaces");
}

TEST_CASE("export: Markdown outline holds title, goal, stages, lanes, cards, feelings, channels and tags") {
  CHECK(to_markdown(small_map()) ==
        "# Buying a phone\n"
        "\n"
        "**Goal:** Find a phone that lasts\n"
        "\n"
        "## Awareness\n"
        "\n"
        "### Actions\n"
        "\n"
        "- Searches the web\n"
        "  - Tags: Owner, IT\n"
        "- Reads reviews\n"
        "\n"
        "### Emotions\n"
        "\n"
        "- Feeling: +1 (Curious)\n"
        "- Feeling: -0.5 (Unsure)\n"
        "\n"
        "### Touchpoints\n"
        "\n"
        "- Search ads\n"
        "  - Channel: Paid ads\n"
        "\n"
        "## Purchase\n"
        "\n"
        "### Actions\n"
        "\n"
        "- Buys online\n"
        "\n"
        "### Emotions\n"
        "\n"
        "- Feeling: +2\n");
}

TEST_CASE("export: Markdown escapes card text that would become markup") {
  Map m = small_map();
  m.cards[0].text = "# not a heading <b>x</b> [link](y)\n1. not a list";
  m.cards[0].tags.clear();
  std::string md = to_markdown(m);
  CHECK(md.find("- \\# not a heading \\<b\\>x\\</b\\> \\[link\\](y)\\\n  1\\. not a list\n") != std::string::npos);
}

TEST_CASE("export: Mermaid export of a small map") {
  CHECK(to_mermaid(small_map()) ==
        "journey\n"
        "  title Buying a phone\n"
        "  accDescr: Find a phone that lasts\n"
        "  section Awareness\n"
        "    Searches the web: 4: Owner, IT\n"
        "    Reads reviews: 2.5\n"
        "  section Purchase\n"
        "    Buys online: 5\n");
}

TEST_CASE("export: Mermaid scores map -2..2 to 1..5 and back") {
  CHECK(score_to_mermaid(-2) == 1);
  CHECK(score_to_mermaid(0) == 3);
  CHECK(score_to_mermaid(1.5f) == 4.5);
  CHECK(score_from_mermaid(5) == 2);
  CHECK(score_from_mermaid(1) == -2);
  CHECK(score_from_mermaid(9) == 2);    // clamped
  CHECK(score_from_mermaid(0) == -2);
}

TEST_CASE("export: Mermaid import builds stages, an Actions lane and emotion points") {
  const std::string text =
      "%%{init: {'theme': 'forest'}}%%\n"
      "journey\n"
      "    title My working day\n"
      "    %% a comment\n"
      "    section Go to work\n"
      "      Make tea: 5: Me\n"
      "      Go upstairs: 3: Me, Cat   # a trailing comment\n"
      "    section Go home\n"
      "      Go downstairs: 4.5\n"
      "      Sit down\n";
  Map m;
  std::string err;
  REQUIRE(from_mermaid(text, &m, &err));
  CHECK(validate(m).empty());
  CHECK(m.meta.title == "My working day");
  CHECK(stage_names(m) == std::vector<std::string>{"Go to work", "Go home"});
  REQUIRE(m.lanes.size() == 2);
  CHECK(m.lanes[0].type == LaneType::Actions);
  CHECK(m.lanes[1].type == LaneType::Emotions);
  CHECK(texts(m, LaneType::Actions) == std::vector<std::string>{"Make tea", "Go upstairs", "Go downstairs", "Sit down"});
  CHECK(scores(m) == std::vector<float>{2, 0, 1.5f});  // "Sit down" has no score: no point
  CHECK(cell_cards(m, m.stages[0].id, m.lanes[0].id)[1]->tags == std::vector<std::string>{"Me", "Cat"});
}

TEST_CASE("export: Mermaid text survives import then export unchanged") {
  const std::string text =
      "journey\n"
      "  title Onboarding\n"
      "  section Sign up\n"
      "    Fills the form: 3.5: Customer\n"
      "    Gets the welcome email: 4: Customer, CRM\n"
      "  section التفعيل\n"
      "    يفعّل الحساب: 2\n";
  Map m;
  std::string err;
  REQUIRE(from_mermaid(text, &m, &err));
  CHECK(to_mermaid(m) == text);
}

TEST_CASE("export: A map survives Mermaid export then import with stage names, task texts and scores") {
  Map m = small_map();
  m.cards.push_back(card(13, 2, 4, 1, "Relieved", 0.5f));
  m.cards.push_back(card(14, 2, 3, 1, "Gets the phone", 0));
  Map back;
  std::string err;
  REQUIRE(from_mermaid(to_mermaid(m), &back, &err));
  CHECK(back.meta.title == m.meta.title);
  CHECK(back.meta.goal == m.meta.goal);
  CHECK(stage_names(back) == stage_names(m));
  CHECK(texts(back, LaneType::Actions) == texts(m, LaneType::Actions));
  CHECK(scores(back) == scores(m));
  CHECK(to_mermaid(back) == to_mermaid(m));
}

TEST_CASE("export: Mermaid export writes reserved characters and keywords so they parse back") {
  Map m = small_map();
  m.stages[0].name = "Step 1: look; compare #2";
  m.cards[0].text = "Title search: finds it";
  m.cards[0].tags = {"Owner, Sr.", "IT"};
  m.cards[1].text = "50%% off\non launch";
  std::string mmd = to_mermaid(m);
  CHECK(mmd.find("  section Step 1\xEF\xBC\x9A look\xEF\xBC\x9B compare \xEF\xBC\x83" "2\n") != std::string::npos);
  CHECK(mmd.find("    \xE2\x80\x8BTitle search\xEF\xBC\x9A finds it: 4: Owner\xEF\xBC\x8C Sr., IT\n") != std::string::npos);
  CHECK(mmd.find("    50%\xEF\xBC\x85 off on launch: 2.5\n") != std::string::npos);
  Map back;
  std::string err;
  REQUIRE(from_mermaid(mmd, &back, &err));
  CHECK(back.cards[0].text == "Title search\xEF\xBC\x9A finds it");  // the guard is gone
  CHECK(back.meta.title == "Buying a phone");
  CHECK(back.stages.size() == 2);
}

TEST_CASE("export: Mermaid import errors name the line") {
  Map m;
  std::string err;
  CHECK_FALSE(from_mermaid("flowchart LR\nA-->B\n", &m, &err));
  CHECK(err == "line 1: not a Mermaid user journey: the diagram must start with \"journey\"");
  CHECK_FALSE(from_mermaid("journey\nsection A\n  Task: great: Me\n", &m, &err));
  CHECK(err == "line 3: the score \"great\" of task \"Task\" is not a number from 1 to 5");
  CHECK_FALSE(from_mermaid("journey\nsection A\n  : 3: Me\n", &m, &err));
  CHECK(err == "line 3: a task needs a name before its \":\"");
  CHECK_FALSE(from_mermaid("", &m, &err));
  CHECK(err == "not a Mermaid user journey: no \"journey\" line");
}

TEST_CASE("export: SVG escapes card text so map content can not inject markup") {
  Map m = small_map();
  m.stages[0].width = 800;  // one line for the card below
  m.cards[0].text = "<script>alert(\"x\")</script> & \"q\"";
  m.cards[0].tags = {"<img src=x onerror=alert(1)>"};
  m.meta.title = "</title><script>x</script>";
  m.stages[1].name = "a'b\x01\x7f";
  std::string svg = to_svg(m, approx_text_width);
  CHECK(svg.find(">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;q&quot;</text>") != std::string::npos);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("<img") == std::string::npos);
  CHECK(svg.find("<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>") != std::string::npos);
  CHECK(svg.find(">a&#39;b</text>") != std::string::npos);
  CHECK(only_our_markup(svg));
}

TEST_CASE("export: SVG draws headers, lane titles, cards, and the emotion curve with its points") {
  Map m = small_map();
  std::string svg = to_svg(m, approx_text_width);
  CHECK(svg.compare(0, 38, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") == 0);
  CHECK(svg.find("font-family=\"Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\"") != std::string::npos);
  CHECK(svg.find("direction=\"rtl\"") == std::string::npos);
  for (const char* s : {">Awareness</text>", ">Purchase</text>", ">Actions</text>", ">Touchpoints</text>",
                        ">Searches the web</text>", "Paid ads\xE2\x81\xA9</text>", ">Curious</text>"})
    CHECK(svg.find(s) != std::string::npos);
  CHECK(count_of(svg, "<path d=\"M") == 1);
  CHECK(count_of(svg, "<circle ") == 3);            // three emotion points
  CHECK(count_of(svg, "rx=\"6\" fill=") == 4 + 2 + 3);  // cards, stage headers, lane titles
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  CHECK(only_our_markup(svg));
}

TEST_CASE("export: svg_size reads the root's width and height, never a child's, whatever the locale") {
  Map m = small_map();
  SvgOptions o;
  Layout L = layout_map(m, o.style, approx_text_width);
  std::string svg = to_svg(m, L, approx_text_width, o);
  float w = 0, h = 0;
  REQUIRE(svg_size(svg, &w, &h));
  // The layout's extent plus the margins and the title band, as to_svg declares them.
  CHECK(w >= L.width + 2 * o.margin);
  CHECK(h > L.height + 2 * o.margin);
  size_t at = svg.find(" width=\"", svg.find("<svg")) + 8;
  CHECK(w == std::stof(svg.substr(at, svg.find('"', at) - at)));
  // Fractions with a point, a stroke-width before the root's own, and what is not there.
  CHECK(svg_size("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" stroke-width=\"3\" width=\"808.5\" height=\"600.25\">", &w, &h));
  CHECK(w == 808.5f);
  CHECK(h == 600.25f);
  float keep_w = 1, keep_h = 2;
  CHECK_FALSE(svg_size("<svg viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>", &keep_w, &keep_h));
  CHECK_FALSE(svg_size("<svg width=\"10\"", &keep_w, &keep_h));
  CHECK_FALSE(svg_size("<svg width=\"ten\" height=\"5\">", &keep_w, &keep_h));
  CHECK_FALSE(svg_size("", &keep_w, &keep_h));
  CHECK(keep_w == 1);
  CHECK(keep_h == 2);
}

TEST_CASE("export: An RTL map's SVG has direction rtl and right-aligned text") {
  Map m;
  m.meta.direction = Direction::RightToLeft;
  m.meta.title = "رحلة العميل";
  m.stages = {stage(1, "الوعي", 0x6366f1)};
  m.lanes = {lane(2, "الإجراءات", LaneType::Actions)};
  m.cards = {card(3, 1, 2, 0, "يبحث في الويب", 0), card(4, 1, 2, 1, "Compares prices", 0)};
  SvgOptions o;
  Layout L = layout_map(m, o.style, approx_text_width);
  std::string svg = to_svg(m, L, approx_text_width, o);
  std::string root = svg.substr(svg.find("<svg "), svg.find('>', svg.find("<svg ")) - svg.find("<svg "));
  CHECK(root.find(" direction=\"rtl\"") != std::string::npos);
  CHECK(root.find("font-family=\"Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\"") != std::string::npos);
  // The grid starts at the left margin (lane titles are on the right); the card spans 10..230
  // in its stage, so an Arabic line starts at its right edge inside the padding (230 - 10) and
  // inherits the direction, while the English card's line is marked left-to-right at the left.
  CHECK(svg.find("<g transform=\"translate(24 ") != std::string::npos);
  CHECK(svg.find("<text x=\"220\" y=\"33\">يبحث في الويب</text>") != std::string::npos);
  CHECK(svg.find("direction=\"ltr\">Compares prices</text>") != std::string::npos);
}

TEST_CASE("export: xml_escape drops control characters and repairs broken UTF-8") {
  CHECK(xml_escape("a\x01" "b\x7f\xC2\x85" "c\td\xFF") == "abc d\xEF\xBF\xBD");
  CHECK(xml_escape("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;");
  CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate
  CHECK(xml_escape("ok \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x93\xB1") == "ok \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x93\xB1");
}

TEST_CASE("export: Scores print with as few digits as they need") {
  CHECK(format_score(1.5f) == "1.5");
  CHECK(format_score(-2) == "-2");
  CHECK(format_score(0) == "0");
  CHECK(format_score(-0.0f) == "0");
  CHECK(format_score(0.1f) == "0.1");
  CHECK(format_score(1.0f / 3) == "0.33333334");
}

TEST_CASE("export: Every format of the B2B template exports without error") {
  std::string json = read_b2b_template();
  REQUIRE_FALSE(json.empty());
  LoadResult r = load_map(json);
  REQUIRE(r.ok);
  const Map& m = r.map;
  REQUIRE(m.stages.size() == 8);

  std::string md = to_markdown(m);
  CHECK(md.compare(0, 33, "# Buying a business phone system\n") == 0);
  CHECK(count_of(md, "\n## ") == 8);

  std::string csv = to_csv(m);
  CHECK(count_of(csv, "\r\n") >= m.cards.size() + 1);
  Map from_table;
  std::string err;
  REQUIRE(from_csv(csv, &from_table, &err));
  CHECK(from_table.cards.size() == m.cards.size());
  CHECK(stage_names(from_table) == stage_names(m));

  std::string mmd = to_mermaid(m);
  Map from_diagram;
  REQUIRE(from_mermaid(mmd, &from_diagram, &err));
  CHECK(stage_names(from_diagram) == stage_names(m));
  CHECK(texts(from_diagram, LaneType::Actions) == texts(m, LaneType::Actions));
  CHECK(to_mermaid(from_diagram) == mmd);

  std::string svg = to_svg(m, approx_text_width);
  CHECK(only_our_markup(svg));
  for (const Stage& s : m.stages) CHECK(svg.find(">" + xml_escape(s.name) + "</text>") != std::string::npos);
  CHECK(count_of(svg, "<circle ") == texts(m, LaneType::Emotions).size());

  LoadResult again = load_map(save_map(m, true));
  REQUIRE(again.ok);
  CHECK(again.map == m);
}
