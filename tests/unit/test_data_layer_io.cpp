// The map keeps its data layer: map.data in the file (round trip, error paths), the commands
// that change it (undoable), and what a shared copy of the map carries (aggregates, no rows).
#include <catch2/catch.hpp>
#include "core/edit.h"
#include "core/io.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <functional>

using namespace jm;
using json = nlohmann::json;

namespace {

// A classic map with a data layer filled by hand: one mapping rule, non-default settings, one
// rule, and aggregates with a score per card and stage, a funnel, a flow and an attribution.
Map map_with_data() {
  Map m = make_map(Template::Classic);
  Card c;
  c.id = new_id();
  c.stage = m.stages[1].id;
  c.lane = m.lanes[1].id;
  c.text = "Pricing page";
  m.cards.push_back(c);
  DataLayer& d = m.data;
  MappingRule r;
  r.event = "view_pricing";
  r.channel = "web";
  r.card = c.id;
  d.mapping.rules.push_back(r);
  d.settings.funnel_over = "stages";
  d.settings.funnel.order = FunnelOrder::Strict;
  d.settings.funnel.window_ms = 14LL * 86400000;
  d.settings.trend_by = "week";
  d.settings.min_n = 7;
  DataRule rule;
  rule.id = "promoter";
  rule.name = "Promoter to advocacy";
  rule.kind = "latest_at_least";
  rule.metric = "nps";
  rule.threshold = 9;
  rule.action = "advocacy";
  d.rules.push_back(rule);
  DataAggregates& a = d.aggregates;
  SourceInfo s;
  s.kind = "responses";
  s.name = "answers.csv";
  s.rows = 60;
  s.accepted = 58;
  s.rejected = 2;
  a.sources.push_back(s);
  TargetScores card_scores;
  card_scores.card = c.id;
  ScoreSummary nps;
  nps.metric = "nps";
  nps.n = 48;
  nps.shown = true;
  nps.value = 32;   // set by hand (50 % promoters - 18 % detractors): the file keeps what it is given
  nps.lo = 12;
  nps.hi = 50;
  nps.promoters = 50;
  nps.passives = 32;
  nps.detractors = 18;
  card_scores.scores.push_back(nps);
  a.scores.push_back(card_scores);
  TargetScores stage_scores;
  stage_scores.stage = m.stages[1].id;
  ScoreSummary few;
  few.metric = "nps";
  few.n = 3;            // below min n: not shown
  stage_scores.scores.push_back(few);
  a.scores.push_back(stage_scores);
  a.periods = {"2024-W05", "2024-W06"};
  FunnelStepResult f1, f2;
  f1.label = "Awareness";
  f1.count = 100;
  f1.step_conversion = 1;
  f1.overall_conversion = 1;
  f2.label = "Consideration";
  f2.count = 40;
  f2.step_conversion = 0.4;
  f2.overall_conversion = 0.4;
  f2.dropoff = 60;
  a.funnel.steps = {f1, f2};
  a.funnel.units = 120;
  a.funnel_targets = {m.stages[0].id, m.stages[1].id};
  a.sankey.nodes.push_back({0, "web", 10, false, false});
  a.sankey.nodes.push_back({1, "(exit)", 10, false, true});
  a.sankey.links.push_back({0, 1, 10});
  a.sankey.sequences = 10;
  AttributionResult ar;
  ar.model = "linear";
  ar.channels.push_back({"web", 3, 0, 1});
  ar.total_conversions = 3;
  a.attribution.push_back(ar);
  a.unmapped.push_back({"signup \xC2\xB7 email", 12});
  a.people = 120;
  a.events = 900;
  a.responses = 58;
  a.computed_at = "2024-02-10T09:30:00Z";
  return m;
}

} // namespace

TEST_CASE("data_io: a map with a data layer saves and loads back the same", "[data_io]") {
  Map m = map_with_data();
  REQUIRE(validate(m).empty());
  std::string text = save_map(m, true);
  json j = json::parse(text);
  REQUIRE(j["map"].contains("data"));
  CHECK(j["map"]["data"]["mapping"]["rules"][0]["event"] == "view_pricing");
  CHECK(j["map"]["data"]["aggregates"]["computed_at"] == "2024-02-10T09:30:00Z");
  LoadResult r = load_map(text);
  INFO(r.error);
  REQUIRE(r.ok);
  CHECK(r.map == m);
  // Map::operator== compares the data layer by its settings and computed_at; the aggregates
  // themselves come back whole too.
  CHECK(data_aggregates_to_json(r.map.data.aggregates) == data_aggregates_to_json(m.data.aggregates));
  CHECK(r.map.data.settings.funnel.order == FunnelOrder::Strict);
  CHECK(r.map.data.settings.min_n == 7);
  REQUIRE(r.map.data.aggregates.scores.size() == 2);
  CHECK(r.map.data.aggregates.scores[0].scores[0].value == 32);
  CHECK_FALSE(r.map.data.aggregates.scores[1].scores[0].shown);
  // A changed data layer is a different map.
  Map other = m;
  other.data.rules[0].threshold = 10;
  CHECK_FALSE(other == m);
}

TEST_CASE("data_io: a map without data writes no data member", "[data_io]") {
  Map m = make_map(Template::Classic);
  CHECK(m.data.empty());
  json j = json::parse(save_map(m));
  CHECK_FALSE(j["map"].contains("data"));
  LoadResult r = load_map(j.dump());
  REQUIRE(r.ok);
  CHECK(r.map.data.empty());
}

TEST_CASE("data_io: errors in map.data name their path", "[data_io]") {
  json j = json::parse(save_map(map_with_data()));
  struct Case { std::function<void(json&)> spoil; std::string expect; };
  std::vector<Case> cases = {
    {[](json& x) { x["map"]["data"] = 5; }, "map.data: expected an object"},
    {[](json& x) { x["map"]["data"]["rules"][0]["kind"] = 3; }, "map.data.rules[0].kind"},
    {[](json& x) { x["map"]["data"]["mapping"]["rules"][0]["card"] = "seven"; }, "map.data.mapping.rules[0].card"},
    {[](json& x) { x["map"]["data"]["aggregates"]["people"] = "many"; }, "map.data.aggregates.people"},
  };
  for (const Case& c : cases) {
    json bad = j;
    c.spoil(bad);
    LoadResult r = load_map(bad.dump());
    INFO(c.expect << " / got: " << r.error);
    CHECK_FALSE(r.ok);
    CHECK(r.error.rfind(c.expect, 0) == 0);
  }
}

TEST_CASE("data_io: a shared map keeps the aggregates only", "[data_io]") {
  // The file (and so a share link, which carries the saved map) holds the mapping, settings,
  // rules and computed aggregates; nothing in the data layer can hold a raw row. The person ids
  // and comments of the rows the aggregates came from are nowhere in it.
  Map m = map_with_data();
  std::string text = save_map(m);
  json d = json::parse(text)["map"]["data"];
  std::vector<std::string> keys;
  for (auto it = d.begin(); it != d.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"aggregates", "mapping", "rules", "settings"});
  for (const char* raw : {"events", "responses", "paths", "rows", "people_ids"})
    if (d["aggregates"].contains(raw)) CHECK_FALSE(d["aggregates"][raw].is_array());   // counts at most, never rows
  CHECK(d["aggregates"]["people"] == 120);
  CHECK(text.find("person_id") == std::string::npos);
}

TEST_CASE("data_io: data commands are undoable steps", "[data_io]") {
  Doc d;
  d.map = make_map(Template::Classic);
  Map start = d.map;
  Map filled = map_with_data();
  set_data_aggregates(d, filled.data.aggregates);
  REQUIRE(d.undo_stack.size() == 1);
  CHECK(d.undo_stack.back().label == "Data updated");
  CHECK(d.map.data.aggregates.people == 120);
  DataMapping mapping;
  mapping.rules.push_back({"tp-7", "", "", d.map.stages[0].id});
  set_data_mapping(d, mapping);
  DataSettings s;
  s.unit = "session";
  set_data_settings(d, s);
  set_data_rules(d, filled.data.rules);
  CHECK(d.undo_stack.size() == 4);
  // The same aggregates again change nothing: no step.
  set_data_aggregates(d, d.map.data.aggregates);
  CHECK(d.undo_stack.size() == 4);
  Map before_clear = d.map;
  clear_data(d);
  CHECK(d.map.data.empty());
  REQUIRE(undo(d));
  CHECK(d.map == before_clear);
  CHECK(d.map.data.aggregates.people == 120);
  while (can_undo(d)) undo(d);
  CHECK(d.map == start);
  CHECK(d.map.data.empty());
  while (can_redo(d)) redo(d);
  CHECK(d.map.data.empty());   // the last step redone is the clear
  undo(d);
  CHECK(d.map.data.settings.unit == "session");
  CHECK(d.map.data.rules.size() == 1);
  // Aggregates with the same computed_at but other numbers are still a step (compared whole).
  DataAggregates a = d.map.data.aggregates;
  a.people = 121;
  size_t n = d.undo_stack.size();
  set_data_aggregates(d, a);
  CHECK(d.undo_stack.size() == n + 1);
  // Replacing the map (open a file) brings its data layer along, undoably.
  Map plain = make_map(Template::Blank);
  replace_map(d, plain);
  CHECK(d.map.data.empty());
  undo(d);
  CHECK(d.map.data.aggregates.people == 121);
}
