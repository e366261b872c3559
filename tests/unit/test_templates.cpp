// The shipped templates (assets/templates): each one shows what the format holds (personas,
// metrics with targets, owned action items, moments of truth, governance), the three languages of
// a journey keep one structure, the restaurant is a real service blueprint, B2B and e-commerce
// have a future state, and the customer-lifecycle map opens the detailed journeys of its own
// language through `journey` references.
#include <catch2/catch.hpp>
#include "repo_files.h"
#include "core/io.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace jm;
using jm_test::repo_path;
using jm_test::read_text;
using json = nlohmann::json;

namespace {

struct Tpl {
  std::string file;     // "b2b-phone-system.ar.journey.json"
  std::string journey;  // "b2b-phone-system"
  std::string lang;     // "en", "ar", "he"
  Map map;
};

// Every template file, loaded. "name.journey.json" is English, "name.xx.journey.json" language xx.
const std::vector<Tpl>& templates() {
  static std::vector<Tpl> all = [] {
    std::vector<Tpl> out;
    for (const auto& e : std::filesystem::directory_iterator(repo_path("assets/templates"))) {
      std::string f = e.path().filename().string();
      const std::string ext = ".journey.json";
      if (f.size() <= ext.size() || f.compare(f.size() - ext.size(), ext.size(), ext) != 0) continue;
      Tpl t;
      t.file = f;
      std::string stem = f.substr(0, f.size() - ext.size());
      size_t dot = stem.rfind('.');
      if (dot != std::string::npos && stem.size() - dot == 3) { t.journey = stem.substr(0, dot); t.lang = stem.substr(dot + 1); }
      else { t.journey = stem; t.lang = "en"; }
      std::ifstream in(e.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LoadResult r = load_map(text);
      INFO(f << ": " << r.error);
      REQUIRE(r.ok);
      t.map = std::move(r.map);
      out.push_back(std::move(t));
    }
    std::sort(out.begin(), out.end(), [](const Tpl& a, const Tpl& b) { return a.file < b.file; });
    return out;
  }();
  return all;
}

const Tpl* find_tpl(const std::string& journey, const std::string& lang) {
  for (const Tpl& t : templates()) if (t.journey == journey && t.lang == lang) return &t;
  return nullptr;
}

bool has_lane(const Map& m, LaneType type) {
  return std::any_of(m.lanes.begin(), m.lanes.end(), [&](const Lane& l) { return l.type == type; });
}
Id lane_id(const Map& m, LaneType type) {
  for (const Lane& l : m.lanes) if (l.type == type) return l.id;
  return kNoId;
}

// Whether UTF-8 text holds a code point in [lo, hi] (Arabic U+0600..U+06FF, Hebrew U+0590..U+05FF).
bool has_script(const std::string& s, uint32_t lo, uint32_t hi) {
  for (size_t i = 0; i + 1 < s.size(); i++) {
    unsigned char a = s[i], b = s[i + 1];
    if ((a & 0xE0) == 0xC0 && (b & 0xC0) == 0x80) {
      uint32_t cp = ((a & 0x1F) << 6) | (b & 0x3F);
      if (cp >= lo && cp <= hi) return true;
    }
  }
  return false;
}

// The language-free shape of a map: every id, reference, number and flag, none of the text.
json shape(const Map& m) {
  json j;
  for (const Stage& s : m.stages) {
    json ms = json::array();
    for (const Metric& x : s.metrics) ms.push_back({(int)x.kind, x.value.value_or(-1), x.target.value_or(-1), x.higher_is_better});
    j["stages"].push_back({s.id, (int)s.state, s.origin, s.color, ms, s.notes.empty()});
  }
  for (const Lane& l : m.lanes) j["lanes"].push_back({l.id, (int)l.type});
  for (const Card& c : m.cards) {
    json ms = json::array();
    for (const Metric& x : c.metrics) ms.push_back({(int)x.kind, x.value.value_or(-1), x.target.value_or(-1), x.higher_is_better, x.date});
    json ev = json::array();
    for (const Evidence& e : c.evidence) ev.push_back({(int)e.kind, (int)e.confidence, e.date});
    j["cards"].push_back({c.id, c.stage, c.lane, c.order, c.score, c.channel, c.moment_of_truth, c.personas, c.persona,
                          c.links, c.origin, ms, ev, c.journey.empty(), c.text.empty(), c.owner.empty()});
  }
  for (const Persona& p : m.personas) j["personas"].push_back({p.id, p.uid, p.channels, p.goals.size(), p.needs.size(), p.frustrations.size(), p.demographics.size()});
  for (const Action& a : m.actions)
    j["actions"].push_back({a.id, (int)a.kind, (int)a.status, (int)a.priority, a.impact, a.effort, a.due, a.cards, a.owner.empty(), a.team.empty()});
  for (const BlueprintLine& b : m.blueprint_lines) j["lines"].push_back({b.id, (int)b.kind, b.above_lane});
  j["meta"] = {(int)m.meta.status, m.meta.reviewed, m.meta.review_due};
  return j;
}

} // namespace

TEST_CASE("templates: every template is valid and shows personas, metrics, actions and moments of truth", "[templates]") {
  const auto& all = templates();
  CHECK(all.size() == 27);   // 9 journeys x en, ar, he
  std::set<std::string> uids;
  for (const Tpl& t : all) {
    INFO(t.file);
    const Map& m = t.map;
    CHECK(validate(m) == std::vector<std::string>{});
    // A starting point, not a wall: small enough to read.
    CHECK(m.cards.size() >= 25);
    CHECK(m.cards.size() <= 85);
    // Governance: a fixed uid (its own per language), an owner, published, reviewed with a next date.
    CHECK_FALSE(m.meta.uid.empty());
    CHECK(uids.insert(m.meta.uid).second);
    CHECK_FALSE(m.meta.owner.empty());
    CHECK(m.meta.status == MapStatus::Published);
    CHECK(is_iso_date(m.meta.reviewed));
    CHECK(is_iso_date(m.meta.review_due));
    CHECK(m.meta.reviewed < m.meta.review_due);
    // Personas, whole: initials on a colour, no pictures.
    REQUIRE_FALSE(m.personas.empty());
    for (const Persona& p : m.personas) {
      CHECK_FALSE(p.name.empty());
      CHECK_FALSE(p.role.empty());
      CHECK_FALSE(p.quote.empty());
      CHECK_FALSE(p.avatar.initials.empty());
      CHECK(p.avatar.image.empty());
      CHECK_FALSE(p.goals.empty());
      CHECK_FALSE(p.channels.empty());
      CHECK_FALSE(p.demographics.empty());
    }
    // A metric with a target, on a card or a stage.
    bool target = false;
    for (const Card& c : m.cards) for (const Metric& x : c.metrics) target |= x.target.has_value();
    for (const Stage& s : m.stages) for (const Metric& x : s.metrics) target |= x.target.has_value();
    CHECK(target);
    // An action item with an owner and a date, addressing cards; and every action owned.
    bool owned_item = false;
    for (const Action& a : m.actions) {
      CHECK_FALSE(a.owner.empty());
      CHECK_FALSE(a.cards.empty());
      CHECK(a.impact > 0);
      CHECK(a.effort > 0);
      owned_item |= a.kind == ActionKind::ActionItem && !a.due.empty();
    }
    CHECK(owned_item);
    CHECK(std::any_of(m.cards.begin(), m.cards.end(), [](const Card& c) { return c.moment_of_truth; }));
    // An Arabic or Hebrew template is written in its language, right to left.
    if (t.lang != "en") {
      uint32_t lo = t.lang == "ar" ? 0x600 : 0x590, hi = t.lang == "ar" ? 0x6FF : 0x5FF;
      CHECK(m.meta.direction == Direction::RightToLeft);
      CHECK(has_script(m.meta.title, lo, hi));
      CHECK(has_script(m.meta.owner, lo, hi));
      for (const Persona& p : m.personas) { CHECK(has_script(p.name, lo, hi)); CHECK(has_script(p.quote, lo, hi)); }
      for (const Action& a : m.actions) CHECK(has_script(a.title, lo, hi));
      size_t texts = 0, in_script = 0;
      for (const Card& c : m.cards) if (!c.text.empty()) { texts++; in_script += has_script(c.text, lo, hi); }
      CHECK(in_script * 10 >= texts * 9);
    }
  }
  // Evidence behind cards where the articles give a quote or a figure.
  size_t with_evidence = 0;
  for (const Tpl& t : all)
    with_evidence += std::any_of(t.map.cards.begin(), t.map.cards.end(), [](const Card& c) { return !c.evidence.empty(); });
  CHECK(with_evidence >= 24);
}

TEST_CASE("templates: the three languages of a journey have the same ids and structure", "[templates]") {
  std::set<std::string> journeys;
  for (const Tpl& t : templates()) journeys.insert(t.journey);
  CHECK(journeys.size() == 9);
  for (const std::string& j : journeys) {
    INFO(j);
    const Tpl* en = find_tpl(j, "en");
    const Tpl* ar = find_tpl(j, "ar");
    const Tpl* he = find_tpl(j, "he");
    REQUIRE(en);
    REQUIRE(ar);
    REQUIRE(he);
    json s = shape(en->map);
    CHECK(shape(ar->map) == s);
    CHECK(shape(he->map) == s);
    CHECK(ar->map.meta.uid != en->map.meta.uid);
    CHECK(he->map.meta.uid != en->map.meta.uid);
  }
}

TEST_CASE("templates: the restaurant is a service blueprint with its lanes, lines and links", "[templates]") {
  for (const char* lang : {"en", "ar", "he"}) {
    INFO(lang);
    const Tpl* t = find_tpl("restaurant-service-blueprint", lang);
    REQUIRE(t);
    const Map& m = t->map;
    for (LaneType type : {LaneType::PhysicalEvidence, LaneType::Actions, LaneType::Frontstage, LaneType::Backstage, LaneType::SupportProcesses})
      CHECK(has_lane(m, type));
    // The classic order from top to bottom.
    CHECK(find_lane(m, lane_id(m, LaneType::PhysicalEvidence)) < find_lane(m, lane_id(m, LaneType::Actions)));
    CHECK(find_lane(m, lane_id(m, LaneType::Actions)) < find_lane(m, lane_id(m, LaneType::Frontstage)));
    CHECK(find_lane(m, lane_id(m, LaneType::Frontstage)) < find_lane(m, lane_id(m, LaneType::Backstage)));
    CHECK(find_lane(m, lane_id(m, LaneType::Backstage)) < find_lane(m, lane_id(m, LaneType::SupportProcesses)));
    std::map<BlueprintLineKind, Id> lines;
    for (const BlueprintLine& b : m.blueprint_lines) lines[b.kind] = b.above_lane;
    CHECK(lines.size() == 3);
    CHECK(lines[BlueprintLineKind::Interaction] == lane_id(m, LaneType::Frontstage));
    CHECK(lines[BlueprintLineKind::Visibility] == lane_id(m, LaneType::Backstage));
    CHECK(lines[BlueprintLineKind::InternalInteraction] == lane_id(m, LaneType::SupportProcesses));
    // No plain text lanes standing in for blueprint rows.
    CHECK_FALSE(has_lane(m, LaneType::Text));
    // Steps that depend on one behind the line: frontstage on backstage, backstage on support.
    size_t links = 0, across = 0;
    for (const Card& c : m.cards)
      for (Id to : c.links) {
        links++;
        const Card* d = card_by_id(m, to);
        REQUIRE(d);
        across += find_lane(m, d->lane) > find_lane(m, c.lane);
      }
    CHECK(links >= 10);
    CHECK(across == links);
  }
}

TEST_CASE("templates: B2B and e-commerce have a future state that improves the current one", "[templates]") {
  for (const char* j : {"b2b-phone-system", "ecommerce-purchase"})
    for (const char* lang : {"en", "ar", "he"}) {
      INFO(j << "." << lang);
      const Tpl* t = find_tpl(j, lang);
      REQUIRE(t);
      const Map& m = t->map;
      REQUIRE(has_future_state(m));
      auto future = stages_in(m, JourneyState::Future);
      CHECK(future.size() >= 3);
      for (const Stage* s : future) {
        const Stage* from = stage_by_id(m, s->origin);
        REQUIRE(from);
        CHECK(from->state == JourneyState::Current);
      }
      size_t cards = 0, improved = 0;
      for (const Card& c : m.cards) {
        if (card_state(m, c) != JourneyState::Future) continue;
        cards++;
        if (const Card* o = card_by_id(m, c.origin)) {
          CHECK(card_state(m, *o) == JourneyState::Current);
          improved += o->text != c.text || o->score != c.score;
        }
      }
      CHECK(cards >= 8);
      CHECK(improved >= 6);
      // The future state sets targets for what it fixes.
      bool target = false;
      for (const Card& c : m.cards)
        if (card_state(m, c) == JourneyState::Future) for (const Metric& x : c.metrics) target |= x.target.has_value();
      CHECK(target);
    }
}

TEST_CASE("templates: every sub-journey of the customer lifecycle opens a template of the same language", "[templates]") {
  std::map<std::string, const Tpl*> by_uid;
  for (const Tpl& t : templates()) by_uid[t.map.meta.uid] = &t;
  for (const char* lang : {"en", "ar", "he"}) {
    INFO(lang);
    const Tpl* life = find_tpl("customer-lifecycle", lang);
    REQUIRE(life);
    std::set<std::string> opened;
    for (const Card& c : life->map.cards) {
      if (c.journey.empty()) continue;
      INFO(c.text << " -> " << c.journey);
      REQUIRE(c.journey.rfind("uid:", 0) == 0);
      auto it = by_uid.find(c.journey.substr(4));
      REQUIRE(it != by_uid.end());
      CHECK(it->second->lang == lang);
      opened.insert(it->second->journey);
    }
    // Every other journey hangs under the lifecycle.
    CHECK(opened.size() == 8);
    CHECK(opened.count("customer-lifecycle") == 0);
    // Its personas are the detailed journeys' own (same uid), so a portfolio sees one persona.
    for (const Persona& p : life->map.personas) {
      bool shared = false;
      for (const Tpl& t : templates())
        if (t.journey != "customer-lifecycle" && t.lang == lang) shared |= find_persona_uid(t.map, p.uid) >= 0;
      CHECK(shared);
    }
  }
}
