// The .pptx writer: the package's parts and relationships, the text on the slides, right-to-left
// decks, splitting a large map, speaker notes and pictures. LibreOffice Impress opening the decks
// and printing them to PDF is tests/clients/office.test.mjs.
#include <catch2/catch.hpp>
#include "office_parts.h"
#include "repo_files.h"
#include "core/export.h"
#include "core/io.h"
#include "core/pptx.h"
#include "core/zip.h"
#include <map>
#include <set>

using namespace jm;
using jm_test::count_of;
using jm_test::repo_path;
using jm_test::zip_parts;
using jm_test::read_text;

namespace {

using Parts = std::map<std::string, std::string>;

Map template_map(const std::string& name) {
  LoadResult r = load_map(read_text(repo_path("assets/templates/" + name)));
  INFO(name << ": " << r.error);
  REQUIRE(r.ok);
  return r.map;
}

std::string deck(const Map& m) {
  std::string error, out = map_to_pptx(m, approx_text_width, &error);
  INFO(error);
  REQUIRE(!out.empty());
  return out;
}

// Values of attribute `attr` on every element, in order (attr="value").
std::vector<std::string> attr_values(const std::string& xml, const std::string& attr) {
  std::vector<std::string> out;
  std::string key = " " + attr + "=\"";
  for (size_t at = xml.find(key); at != std::string::npos; at = xml.find(key, at + 1)) {
    size_t b = at + key.size(), e = xml.find('"', b);
    out.push_back(xml.substr(b, e - b));
  }
  return out;
}

// Well-formed XML as far as elements go: every start tag closed in order, one root, quoted
// attributes. Returns the first problem, or "".
std::string xml_problem(const std::string& x) {
  std::vector<std::string> stack;
  size_t i = 0, roots = 0;
  while ((i = x.find('<', i)) != std::string::npos) {
    if (x.compare(i, 2, "<?") == 0) { i = x.find("?>", i) + 2; continue; }
    size_t e = i + 1;
    char quote = 0;
    for (; e < x.size(); e++) {
      if (quote) { if (x[e] == quote) quote = 0; }
      else if (x[e] == '"' || x[e] == '\'') quote = x[e];
      else if (x[e] == '>') break;
    }
    if (e >= x.size()) return "a tag is not closed at byte " + std::to_string(i);
    std::string tag = x.substr(i + 1, e - i - 1);
    if (tag.empty()) return "an empty tag at byte " + std::to_string(i);
    if (tag[0] == '/') {
      std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) return "</" + name + "> does not close <" + (stack.empty() ? "" : stack.back()) + ">";
      stack.pop_back();
    } else if (tag.back() != '/') {
      if (stack.empty()) roots++;
      stack.push_back(tag.substr(0, tag.find_first_of(" \t\r\n")));
    } else if (stack.empty()) roots++;
    i = e + 1;
  }
  if (!stack.empty()) return "<" + stack.back() + "> is never closed";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return {};
}

// The directory part of a part name ("ppt/slides/slide1.xml" -> "ppt/slides/").
std::string dir_of(const std::string& part) {
  size_t s = part.rfind('/');
  return s == std::string::npos ? std::string() : part.substr(0, s + 1);
}

// "ppt/slides/" + "../media/image1.png" -> "ppt/media/image1.png".
std::string resolve(const std::string& dir, const std::string& target) {
  std::vector<std::string> segs;
  std::string path = dir + target, seg;
  for (size_t i = 0; i <= path.size(); i++) {
    if (i == path.size() || path[i] == '/') {
      if (seg == "..") { if (!segs.empty()) segs.pop_back(); }
      else if (!seg.empty() && seg != ".") segs.push_back(seg);
      seg.clear();
    } else seg += path[i];
  }
  std::string out;
  for (size_t i = 0; i < segs.size(); i++) out += (i ? "/" : "") + segs[i];
  return out;
}

// The package's rules (ECMA-376 part 2): each part has a content type, each relationship's
// target exists, each r:id a part uses is one of its relationships, the ids are unique.
void check_package(const Parts& p) {
  REQUIRE(p.count("[Content_Types].xml"));
  const std::string& types = p.at("[Content_Types].xml");
  std::set<std::string> overrides, defaults;
  for (const std::string& v : attr_values(types, "PartName")) overrides.insert(v.substr(1));
  for (const std::string& v : attr_values(types, "Extension")) defaults.insert(v);
  for (const std::string& o : overrides) { INFO(o); CHECK(p.count(o)); }
  for (const auto& [name, data] : p) {
    INFO(name);
    if (name.size() > 4 && (name.compare(name.size() - 4, 4, ".xml") == 0 || name.compare(name.size() - 5, 5, ".rels") == 0))
      CHECK(xml_problem(data) == "");
    if (name == "[Content_Types].xml") continue;
    std::string ext = name.substr(name.rfind('.') + 1);
    CHECK((overrides.count(name) || defaults.count(ext)));
    if (name.find("_rels/") != std::string::npos) continue;
    // This part's relationships.
    std::string dir = dir_of(name), rels_name = dir + "_rels/" + name.substr(dir.size()) + ".rels";
    std::set<std::string> ids;
    if (p.count(rels_name)) {
      const std::string& rels = p.at(rels_name);
      std::vector<std::string> rid = attr_values(rels, "Id"), targets = attr_values(rels, "Target");
      REQUIRE(rid.size() == targets.size());
      for (size_t i = 0; i < rid.size(); i++) {
        CHECK(ids.insert(rid[i]).second);
        INFO(rels_name << " -> " << targets[i]);
        CHECK(p.count(resolve(dir, targets[i])));
      }
    }
    for (const char* use : {"r:id", "r:embed"})
      for (const std::string& v : attr_values(data, use)) { INFO(use << "=" << v); CHECK(ids.count(v)); }
  }
  // The package relationships name the presentation.
  REQUIRE(p.count("_rels/.rels"));
  CHECK(p.at("_rels/.rels").find("Target=\"ppt/presentation.xml\"") != std::string::npos);
  for (const auto& [name, data] : p) {
    if (name.find("_rels/") == std::string::npos || name == "_rels/.rels") continue;
    std::string source = resolve(name.substr(0, name.find("_rels/")), name.substr(name.find("_rels/") + 6, name.size() - name.find("_rels/") - 6 - 5));
    INFO(name << " belongs to " << source);
    CHECK(p.count(source));
  }
}

std::vector<std::string> slide_names(const Parts& p) {
  std::vector<std::string> out;
  for (size_t i = 1; p.count("ppt/slides/slide" + std::to_string(i) + ".xml"); i++) out.push_back("ppt/slides/slide" + std::to_string(i) + ".xml");
  return out;
}

// Every run's text (<a:t>...</a:t>) on the slides, with how often it occurs.
std::map<std::string, size_t> run_texts(const std::string& xml) {
  std::map<std::string, size_t> out;
  for (size_t at = xml.find("<a:t>"); at != std::string::npos; at = xml.find("<a:t>", at + 5)) {
    size_t e = xml.find("</a:t>", at);
    out[xml.substr(at + 5, e - at - 5)]++;
  }
  return out;
}

std::string all_slides(const Parts& p) {
  std::string out;
  for (const std::string& s : slide_names(p)) out += p.at(s);
  return out;
}

}  // namespace

TEST_CASE("pptx: every template gives a package whose parts, content types and relationships agree", "[pptx]") {
  for (const char* name : {"b2b-phone-system.journey.json", "b2b-phone-system.ar.journey.json", "restaurant-service-blueprint.he.journey.json",
                           "customer-lifecycle.en.journey.json", "classic-five-stages.en.journey.json"}) {
    INFO(name);
    Map m = template_map(name);
    std::string d = deck(m);
    CHECK(d == deck(m));   // deterministic
    Parts p = zip_parts(d);
    check_package(p);
    // The presentation lists every slide part, in order.
    std::vector<std::string> slides = slide_names(p);
    CHECK(count_of(p.at("ppt/presentation.xml"), "<p:sldId ") == slides.size());
    CHECK(p.at("ppt/presentation.xml").find("<p:sldSz cx=\"12192000\" cy=\"6858000\"/>") != std::string::npos);
    // Title, at least one map slide, one per stage, one per persona, the actions.
    CHECK(slides.size() >= 1 + 1 + m.stages.size() + m.personas.size() + (m.actions.empty() ? 0 : 1));
  }
}

TEST_CASE("pptx: every card, stage, lane, persona and action is text on the slides", "[pptx]") {
  Map m = template_map("b2b-phone-system.journey.json");
  Parts p = zip_parts(deck(m));
  std::string text = all_slides(p);
  for (const Card& c : m.cards)
    for (const std::string& line : {c.text}) {
      std::string first = line.substr(0, line.find('\n'));
      INFO(first);
      CHECK(text.find("<a:t>" + xml_escape(first)) != std::string::npos);
    }
  for (const Stage& s : m.stages) CHECK(text.find(">" + xml_escape(s.name) + "</a:t>") != std::string::npos);
  for (const Lane& l : m.lanes) CHECK(text.find(">" + xml_escape(l.name) + "</a:t>") != std::string::npos);
  for (const Persona& ps : m.personas) {
    CHECK(text.find(">" + xml_escape(ps.name) + "</a:t>") != std::string::npos);
    for (const std::string& g : ps.goals) CHECK(text.find(">" + xml_escape(g) + "</a:t>") != std::string::npos);
  }
  REQUIRE(!m.actions.empty());
  for (const Action& a : m.actions) CHECK(text.find(">" + xml_escape(a.title) + "</a:t>") != std::string::npos);
  CHECK(count_of(text, "<a:tbl>") >= 1);                       // a native table
  CHECK(count_of(text, "<a:custGeom>") >= 2);                  // the emotion curves are lines
  CHECK(count_of(text, "prst=\"roundRect\"") >= m.cards.size() / 2);
  // English words where no names are given: "In progress", "High", "Published".
  CHECK(text.find(">In progress</a:t>") != std::string::npos);
  CHECK(text.find(">in_progress</a:t>") == std::string::npos);
}

TEST_CASE("pptx: an Arabic map gives right-to-left paragraphs, a mirrored layout and its fonts", "[pptx]") {
  Map m = template_map("b2b-phone-system.ar.journey.json");
  Parts p = zip_parts(deck(m));
  std::string text = all_slides(p);
  // Every paragraph holding an Arabic card's text is right to left, on its reading side (feeling
  // labels on the curve are centred on their point).
  IdSet feelings;
  for (const Lane& l : m.lanes)
    if (l.type == LaneType::Emotions) feelings.insert(l.id);
  for (const Card& c : m.cards) {
    std::string first = xml_escape(c.text.substr(0, c.text.find('\n')));
    size_t at = text.find("<a:t>" + first);
    INFO(first);
    REQUIRE(at != std::string::npos);
    size_t ppr = text.rfind("<a:pPr", at);
    std::string head = text.substr(ppr, text.find('>', ppr) - ppr);
    CHECK(head.find("rtl=\"1\"") != std::string::npos);
    CHECK(head.find(feelings.count(c.lane) ? "algn=\"ctr\"" : "algn=\"r\"") != std::string::npos);
  }
  // The actions table runs from the right: its last column is the title.
  size_t table = text.find("<a:tbl>");
  REQUIRE(table != std::string::npos);
  size_t first_row_end = text.find("</a:tr>", table);
  CHECK(text.rfind(">Title</a:t>", first_row_end) > text.rfind(">Cards</a:t>", first_row_end));
  CHECK(text.find("<a:cs typeface=\"Noto Sans Arabic\"/>") != std::string::npos);
  CHECK(text.find("lang=\"ar-SA\"") != std::string::npos);   // Arabic runs say so (spelling, line breaks)
  // Mirrored: on the map slide the first stage's header is right of the last one's.
  const std::string& map_slide = p.at("ppt/slides/slide2.xml");
  auto x_of = [&](const std::string& stage) {
    size_t at = map_slide.find("name=\"Stage: " + xml_escape(stage) + "\"");
    REQUIRE(at != std::string::npos);
    size_t off = map_slide.find("<a:off x=\"", at) + 10;
    return std::stoll(map_slide.substr(off, map_slide.find('"', off) - off));
  };
  CHECK(x_of(m.stages.front().name) > x_of(m.stages[3].name));
  // The theme names the fonts per script.
  CHECK(p.at("ppt/theme/theme1.xml").find("<a:font script=\"Hebr\" typeface=\"Noto Sans Hebrew\"/>") != std::string::npos);
}

TEST_CASE("pptx: Hebrew text is set in Noto Sans Hebrew", "[pptx]") {
  Map m = template_map("restaurant-service-blueprint.he.journey.json");
  std::string text = all_slides(zip_parts(deck(m)));
  CHECK(text.find("lang=\"he-IL\"") != std::string::npos);
  CHECK(text.find("<a:cs typeface=\"Noto Sans Hebrew\"/>") != std::string::npos);
}

TEST_CASE("pptx: a map too large for one readable slide is split into stage and lane groups that hold each card once", "[pptx]") {
  Map m;
  m.meta.title = "Generated";
  for (int l = 0; l < 12; l++) {
    Lane lane;
    lane.id = (Id)(1000 + l);
    lane.type = l == 3 ? LaneType::Emotions : LaneType::Actions;
    lane.name = "Lane " + std::to_string(l + 1);
    m.lanes.push_back(lane);
  }
  for (int s = 0; s < 40; s++) {
    Stage st;
    st.id = (Id)(1 + s);
    st.name = "Stage " + std::to_string(s + 1);
    m.stages.push_back(st);
  }
  Id next = 5000;
  size_t boxed = 0;
  for (int s = 0; s < 40; s++)
    for (int l = 0; l < 12; l++)
      for (int k = 0; k < 10; k++) {
        Card c;
        c.id = next++;
        c.stage = m.stages[(size_t)s].id;
        c.lane = m.lanes[(size_t)l].id;
        c.order = k;
        c.text = "Card " + std::to_string(c.id) + " of stage " + std::to_string(s + 1);
        c.score = (float)((k % 5) - 2);
        if (l != 3) boxed++;
        m.cards.push_back(c);
      }
  Parts p = zip_parts(deck(m));
  check_package(p);
  std::vector<std::string> slides = slide_names(p);
  // Slide 2 is the whole map; the groups follow it, each titled "... part n of N".
  size_t parts = 0, in_groups = 0;
  for (size_t i = 2; i < slides.size(); i++) {
    const std::string& x = p.at(slides[i]);
    if (x.find(" part ") == std::string::npos || x.find("name=\"Card\"") == std::string::npos) continue;
    parts++;
    in_groups += count_of(x, "name=\"Card\"");
  }
  CHECK(count_of(p.at(slides[1]), "name=\"Card\"") == boxed);
  CHECK(parts > 4);
  CHECK(in_groups == boxed);
  // The stage slides hold every card's text in full, continued over several slides.
  std::map<std::string, size_t> runs = run_texts(all_slides(p));
  for (const Card& c : m.cards) {
    INFO(c.text);
    // A box on the map slides and a line on its stage's slides; a feeling at least there.
    CHECK(runs[c.text] >= (c.lane == m.lanes[3].id ? 1u : 2u));
  }
  CHECK(runs.count("Stage 1 (continued)"));
}

TEST_CASE("pptx: a stage's speaker notes become its slide's notes, a persona's picture is embedded", "[pptx]") {
  Map m = template_map("b2b-phone-system.journey.json");
  m.stages[1].notes = "Say: most buyers start with a search.\nThen show the ads.";
  // A 1x1 PNG.
  m.personas[0].avatar.image =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  Parts p = zip_parts(deck(m));
  check_package(p);
  std::string notes;
  for (const auto& [name, data] : p)
    if (name.rfind("ppt/notesSlides/notesSlide", 0) == 0 && name.find("_rels") == std::string::npos) notes += data;
  size_t with_notes = 0;
  for (const Stage& s : m.stages) with_notes += !s.notes.empty();
  CHECK(count_of(notes, "<p:notes ") == with_notes);
  CHECK(notes.find(">Say: most buyers start with a search.</a:t>") != std::string::npos);
  CHECK(notes.find(">Then show the ads.</a:t>") != std::string::npos);
  REQUIRE(p.count("ppt/media/image1.png"));
  CHECK(p.at("ppt/media/image1.png").compare(0, 4, "\x89PNG") == 0);
  CHECK(p.at("ppt/media/image1.png").size() == 70);
  CHECK(p.at("[Content_Types].xml").find("Extension=\"png\"") != std::string::npos);
}

TEST_CASE("pptx: an empty map still gives a deck that opens, with its title slide", "[pptx]") {
  Map m;
  Parts p = zip_parts(deck(m));
  check_package(p);
  CHECK(slide_names(p).size() == 1);
  CHECK(p.at("ppt/slides/slide1.xml").find(">Customer journey map</a:t>") != std::string::npos);
}
