// The personal journey (analytics.md 2.3.4): entries on the cards in time order, experience
// score (recency-weighted, half-life 90 days) and trend (least-squares slope per 30 days), the
// people list, and the automation rules firing on a hand-made history.
#include <catch2/catch.hpp>
#include "core/data_compute.h"
#include "core/io.h"
#include "core/person.h"
#include <nlohmann/json.hpp>
#include <fstream>
#include <sstream>

using namespace jm;

namespace {
const int64_t kDay = 86400000LL;
const int64_t kT0 = 1714521600000LL;   // 2024-05-01T00:00:00Z

Map person_test_map() {
  const char* rel = "assets/templates/b2b-phone-system.journey.json";
  for (const std::string& path : {std::string(JM_SEEDS_DIR) + "/../../" + rel, std::string(rel)}) {
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    std::stringstream ss;
    ss << f.rdbuf();
    LoadResult r = load_map(ss.str());
    if (r.ok) return r.map;
  }
  FAIL("the B2B template was not found");
  return Map();
}

void answer(Dataset& ds, const std::string& person, int64_t day, const std::string& metric, int score,
            const std::string& touchpoint = "", int smin = 0, int smax = 10) {
  Response r;
  r.person = person.empty() ? 0 : ds.pool.intern(person);
  r.ts_ms = kT0 + day * kDay;
  r.metric = ds.pool.intern(metric);
  r.score = score;
  r.scale_min = smin;
  r.scale_max = smax;
  if (!touchpoint.empty()) r.touchpoint = ds.pool.intern(touchpoint);
  ds.responses.push_back(r);
}

// alice: NPS 10 (day 0), 9 (day 30), 4 (day 60), and one event; bob: 8 (day 10), 6 (day 40);
// carol: 9 (day 5); dan: CSAT 4, CES 7, "ease" 4 on 1..10; an anonymous 10.
Dataset history() {
  Dataset ds;
  answer(ds, "alice", 0, "nps", 10, "c35");
  answer(ds, "carol", 5, "nps", 9);
  answer(ds, "bob", 10, "nps", 8);
  answer(ds, "", 12, "nps", 10);
  answer(ds, "dan", 15, "csat", 4, "", 1, 5);
  answer(ds, "dan", 16, "ces", 7, "", 1, 7);
  answer(ds, "dan", 17, "ease", 4, "", 1, 10);
  answer(ds, "alice", 30, "nps", 9, "Demo call with sales");
  answer(ds, "bob", 40, "nps", 6);
  answer(ds, "alice", 60, "nps", 4);
  Event e;
  e.person = ds.pool.intern("alice");
  e.ts_ms = kT0 + 1 * kDay;
  e.event = ds.pool.intern("visit");
  e.channel = ds.pool.intern("website");
  e.touchpoint = ds.pool.intern("c34");
  ds.events.push_back(e);
  return ds;
}
} // namespace

TEST_CASE("Personal journey: entries in time order on their cards, experience score and trend", "[person]") {
  Map m = person_test_map();
  Dataset ds = history();
  PersonJourney p = person_journey(m, ds, DataMapping(), "alice");
  REQUIRE(p.entries.size() == 4);
  CHECK(p.entries[0].response);
  CHECK(p.entries[0].card == 35);          // touchpoint_id "c35"
  CHECK(p.entries[0].stage == 3);
  CHECK_FALSE(p.entries[1].response);      // the event of day 1
  CHECK(p.entries[1].label == "visit");
  CHECK(p.entries[1].card == 34);
  CHECK(p.entries[2].card == 35);          // by the card's text
  CHECK(p.entries[3].card == kNoId);       // no touchpoint: unmapped
  CHECK(p.entries[3].normalized == Approx(0.4));
  CHECK(p.responses == 3);
  // now = the data's last timestamp (day 60). Normalised 1.0, 0.9, 0.4 with ages 60, 30, 0 days:
  // weights 2^(-60/90) = 0.629961, 2^(-30/90) = 0.793701, 1;
  // score = 100 (0.629961 + 0.714331 + 0.4) / 2.423662 = 71.9693.
  REQUIRE(p.has_score);
  CHECK(p.experience_score == Approx(71.9693).margin(1e-3));
  // Trend: t = 0, 1, 2 (30-day units), y = 100, 90, 40: slope = ((-1)(23.33) + (1)(-36.67)) / 2 = -30.
  REQUIRE(p.has_trend);
  CHECK(p.trend_per_30d == Approx(-30).margin(1e-9));
  // Measured from day 30: the day-0 answer is 30 days old (weight 2^(-1/3) = 0.793701), the
  // day-30 one weighs 1, and the day-60 one lies after `now` and is not discounted (weight 1).
  PersonJourney q = person_journey(m, ds, DataMapping(), "alice", kT0 + 30 * kDay);
  CHECK(q.experience_score == Approx(100 * (0.793701 * 1 + 0.9 + 0.4) / (0.793701 + 2)).margin(1e-3));
}

TEST_CASE("Personal journey: fewer than 3 answers have no trend, each metric is normalised by its scale", "[person]") {
  Map m = person_test_map();
  Dataset ds = history();
  PersonJourney bob = person_journey(m, ds, DataMapping(), "bob");
  CHECK(bob.has_score);
  CHECK_FALSE(bob.has_trend);
  PersonJourney dan = person_journey(m, ds, DataMapping(), "dan");
  REQUIRE(dan.entries.size() == 3);
  CHECK(dan.entries[0].normalized == Approx(0.75));        // CSAT (4 - 1) / 4
  CHECK(dan.entries[1].normalized == Approx(1.0));         // CES (7 - 1) / 6
  CHECK(dan.entries[2].normalized == Approx(3.0 / 9.0));   // ease (4 - 1) / (10 - 1)
  PersonJourney nobody = person_journey(m, ds, DataMapping(), "nobody");
  CHECK(nobody.entries.empty());
  CHECK_FALSE(nobody.has_score);
}

TEST_CASE("People: most active first", "[person]") {
  Dataset ds = history();
  // alice 3 answers + 1 event, dan 3, bob 2, carol 1; the anonymous answer is nobody.
  std::vector<std::string> all = list_people(ds);
  CHECK(all == std::vector<std::string>{"alice", "dan", "bob", "carol"});
  CHECK(list_people(ds, 2) == std::vector<std::string>{"alice", "dan"});
}

TEST_CASE("Rules fire on a hand-made history", "[person]") {
  Dataset ds = history();
  std::vector<DataRule> rules = default_rules();
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].id == "advocacy");
  CHECK(rules[1].id == "promoter_to_detractor");
  CHECK(rules[2].id == "fall_by_2");
  // advocacy (latest NPS >= 9): carol (9); alice's latest is 4, bob's 6; the anonymous 10 is no one.
  // promoter_to_detractor: alice 9 -> 4 (day 60); bob 8 -> 6 is passive to detractor: no.
  // fall_by_2: alice 10 -> 9 no, 9 -> 4 yes (day 60); bob 8 -> 6 yes (day 40).
  std::vector<RuleFiring> f = evaluate_rules(ds, rules);
  REQUIRE(f.size() == 4);
  CHECK((f[0].rule == "advocacy" && f[0].person == "carol" && f[0].action == "advocacy"));
  CHECK((f[1].rule == "fall_by_2" && f[1].person == "bob" && f[1].action == "outreach"));
  CHECK(f[1].ts_ms == kT0 + 40 * kDay);
  CHECK((f[2].rule == "promoter_to_detractor" && f[2].person == "alice"));
  CHECK((f[3].rule == "fall_by_2" && f[3].person == "alice"));
  // A threshold of 5 catches alice's fall of 5 only; of 6, nothing.
  DataRule r = rules[2];
  r.threshold = 5;
  CHECK(evaluate_rules(ds, {r}).size() == 1);
  r.threshold = 6;
  CHECK(evaluate_rules(ds, {r}).empty());
  // A rule on a metric nobody answered, or of an unknown kind, fires nothing.
  DataRule other = rules[0];
  other.metric = "csat_x";
  CHECK(evaluate_rules(ds, {other}).empty());
  other = rules[0];
  other.kind = "someday";
  CHECK(evaluate_rules(ds, {other}).empty());
}

TEST_CASE("A rule firing is one JSON line", "[person]") {
  RuleFiring f{"advocacy", "advocacy", "عميل \"7\"\nx", kT0, "nps 10 >= 9"};
  std::string line = rule_firing_json(f);
  CHECK(line.find('\n') == std::string::npos);
  nlohmann::json j = nlohmann::json::parse(line);
  CHECK(j["rule"] == "advocacy");
  CHECK(j["person"] == "عميل \"7\"\nx");
  CHECK(j["ts_ms"] == kT0);
  CHECK(j["time"] == "2024-05-01T00:00:00Z");
}

TEST_CASE("Personal journey JSON round trip and errors", "[person]") {
  Map m = person_test_map();
  Dataset ds = history();
  PersonJourney p = person_journey(m, ds, DataMapping(), "alice");
  std::string text = person_journey_to_json(p);
  PersonJourney back;
  std::string err;
  REQUIRE(person_journey_from_json(text, &back, &err));
  CHECK(person_journey_to_json(back) == text);
  CHECK(back.entries.size() == 4);
  CHECK(back.entries[0].card == 35);
  CHECK(back.experience_score == Approx(71.9693).margin(1e-3));
  CHECK_FALSE(person_journey_from_json(R"({"entries":[{"ts_ms":1},{"ts_ms":"x"}]})", &back, &err));
  CHECK(err == "person.entries[1].ts_ms: expected an integer");
  CHECK_FALSE(person_journey_from_json("[1]", &back, &err));
  CHECK_FALSE(person_journey_from_json("{", &back, &err));
}
