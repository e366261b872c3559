// From rows to the map: the mapping index's resolution order, the data layer's JSON (round trip,
// errors naming the path, unknown fields), and compute_aggregates on a small hand-built dataset
// against the B2B template (cards 32-44 are its touchpoints; stage 3 "Evaluate vendors" holds
// card 35 "Demo call with sales"; stage 2 holds card 34 "Vendor website").
#include <catch2/catch.hpp>
#include "core/data_compute.h"
#include "core/io.h"
#include "core/person.h"
#include <nlohmann/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

using namespace jm;

namespace {
const int64_t kDay = 86400000LL;
const int64_t kMay = 1714521600000LL;   // 2024-05-01T00:00:00Z
const int64_t kJune = 1717200000000LL;  // 2024-06-01T00:00:00Z

Map b2b_map() {
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

Event ev(Dataset& ds, const std::string& person, int64_t ts, const std::string& event, const std::string& channel = "",
         const std::string& touchpoint = "", const std::string& stage = "") {
  Event e;
  e.person = ds.pool.intern(person);
  e.ts_ms = ts;
  e.event = ds.pool.intern(event);
  if (!channel.empty()) e.channel = ds.pool.intern(channel);
  if (!touchpoint.empty()) e.touchpoint = ds.pool.intern(touchpoint);
  if (!stage.empty()) e.stage = ds.pool.intern(stage);
  return e;
}
Response ans(Dataset& ds, int64_t ts, const std::string& metric, int score, const std::string& touchpoint = "",
             const std::string& stage = "", const std::string& persona = "", const std::string& person = "") {
  Response r;
  r.ts_ms = ts;
  r.metric = ds.pool.intern(metric);
  r.score = score;
  if (metric == "csat") { r.scale_min = 1; r.scale_max = 5; }
  if (!touchpoint.empty()) r.touchpoint = ds.pool.intern(touchpoint);
  if (!stage.empty()) r.stage = ds.pool.intern(stage);
  if (!persona.empty()) r.persona = ds.pool.intern(persona);
  if (!person.empty()) r.person = ds.pool.intern(person);
  return r;
}
} // namespace

TEST_CASE("Mapping: rules first, then touchpoint id or card text, then the stage", "[data_compute]") {
  Map m = b2b_map();
  Dataset ds;
  DataMapping mp;
  mp.rules.push_back({"", "demo_booked", "phone", 41});    // event X on channel Y is card 41
  mp.rules.push_back({"", "", "EMAIL", 37});               // any event on e-mail (case-insensitive)
  mp.rules.push_back({"tp-x", "", "", 42});                // a touchpoint id of the file's own
  mp.rules.push_back({"", "", "", 40});                    // no field set: left out
  mp.rules.push_back({"", "anything", "", 9999});          // no such card: left out
  Event e1 = ev(ds, "u", 0, "demo_booked", "phone", "c35");
  Event e2 = ev(ds, "u", 0, "demo_booked", "chat", "c35");
  Event e3 = ev(ds, "u", 0, "view", "", "35");
  Event e4 = ev(ds, "u", 0, "view", "", "  vendor WEBSITE ");
  Event e5 = ev(ds, "u", 0, "view", "", "nope", "onboarding");
  Event e6 = ev(ds, "u", 0, "view", "", "", "5");
  Event e7 = ev(ds, "u", 0, "view", "", "", "s6");
  Event e8 = ev(ds, "u", 0, "anything");
  Event e9 = ev(ds, "u", 0, "open", "email", "c32");
  Response r1 = ans(ds, 0, "nps", 9, "tp-x");
  Response r2 = ans(ds, 0, "nps", 9, "", "Renewal");
  Response r3 = ans(ds, 0, "nps", 9, "c999");
  MappingIndex idx(m, mp, ds.pool);
  CHECK(idx.rules.size() == 3);
  CHECK(idx.event(e1).card == 41);   // the rule wins over touchpoint_id c35
  CHECK(idx.event(e1).stage == 6);
  CHECK(idx.event(e2).card == 35);   // rule does not match (channel): the touchpoint id
  CHECK(idx.event(e2).stage == 3);
  CHECK(idx.event(e3).card == 35);   // "35" as well as "c35"
  CHECK(idx.event(e4).card == 34);   // the card's text, case-insensitive and trimmed
  CHECK(idx.event(e5).card == kNoId);   // unknown touchpoint: the stage column, by name
  CHECK(idx.event(e5).stage == 4);
  CHECK(idx.event(e6).stage == 5);   // by id
  CHECK(idx.event(e7).stage == 6);
  CHECK(idx.event(e8).card == kNoId);   // nothing matches: unmapped
  CHECK(idx.event(e8).stage == kNoId);
  CHECK(idx.event(e9).card == 37);   // the channel-only rule comes before the touchpoint id
  CHECK(idx.response(r1).card == 42);   // a touchpoint-only rule applies to answers
  CHECK(idx.response(r2).card == kNoId);
  CHECK(idx.response(r2).stage == 7);
  CHECK(idx.response(r3).card == kNoId);
  CHECK(idx.response(r3).stage == kNoId);
  // A symbol added to the pool after the index was built is still resolved (slow path).
  Event late = ev(ds, "u", 0, "view", "", "Phone support");
  CHECK(idx.event(late).card == 41);
}

TEST_CASE("Mapping: a million events resolve in a few milliseconds", "[data_compute][.perf]") {
  Map m = b2b_map();
  Dataset ds;
  DataMapping mp;
  mp.rules.push_back({"", "demo_booked", "phone", 41});
  const char* tps[] = {"c32", "c33", "Vendor website", "c35", "", "c37", "unknown"};
  for (int i = 0; i < 1000000; ++i)
    ds.events.push_back(ev(ds, "p" + std::to_string(i % 50000), i, i % 11 ? "view" : "demo_booked", i % 3 ? "web" : "phone", tps[i % 7], "Support"));
  auto t0 = std::chrono::steady_clock::now();
  MappingIndex idx(m, mp, ds.pool);
  auto t1 = std::chrono::steady_clock::now();
  int64_t mapped = 0;
  for (const Event& e : ds.events) mapped += idx.event(e).card != 0;
  auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  WARN("index over " << ds.pool.strings.size() << " symbols: " << ms(t0, t1) << " ms; 1,000,000 events resolved: "
       << ms(t1, t2) << " ms, " << mapped << " on cards");
  CHECK(mapped > 0);
  // The whole computation on the same events plus 100,000 answers.
  for (int i = 0; i < 100000; ++i)
    ds.responses.push_back(ans(ds, kMay + int64_t(i) * 60000, "nps", i % 11, tps[i % 7], "", "", "p" + std::to_string(i % 50000)));
  for (Event& e : ds.events) e.ts_ms = kMay + e.ts_ms * 1000;
  DataLayer d;
  d.mapping = mp;
  d.rules = default_rules();
  DataAggregates a;
  std::vector<std::pair<double, double>> marks;
  auto t3 = std::chrono::steady_clock::now();
  REQUIRE(compute_aggregates(m, ds, d, &a, [&](double f) { marks.push_back({f, ms(t3, std::chrono::steady_clock::now())}); return true; }));
  auto t4 = std::chrono::steady_clock::now();
  auto seqs = flow_sequences(m, ds, d, idx);
  auto t5 = std::chrono::steady_clock::now();
  auto units = funnel_units(m, ds, d, idx, nullptr, nullptr);
  WARN("flow_sequences: " << ms(t4, t5) << " ms; funnel_units: " << ms(t5, std::chrono::steady_clock::now()) << " ms");
  std::string where;
  for (auto& x : marks) where += " " + std::to_string(x.first).substr(0, 4) + "@" + std::to_string(int(x.second));
  WARN("compute_aggregates, 1M events + 100k answers: " << ms(t3, std::chrono::steady_clock::now()) << " ms; progress at ms:" << where);
}

TEST_CASE("Data layer JSON: round trip, compact numbers, empty", "[data_compute]") {
  DataLayer d;
  CHECK(d.empty());
  d.mapping.rules.push_back({"tp-1", "", "", 35});
  d.mapping.rules.push_back({"", "demo_booked", "phone", 41});
  CHECK_FALSE(d.empty());
  d.settings.funnel_over = "cards";
  d.settings.funnel_steps = {32, 35, 42};
  d.settings.funnel.order = FunnelOrder::Strict;
  d.settings.funnel.window_ms = 3 * kDay;
  d.settings.funnel.open = true;
  d.settings.funnel.max_gap_ms = {0, kDay};
  d.settings.unit = "session";
  d.settings.path_node = "channel";
  d.settings.sankey.anchor = "Vendor website";
  d.settings.sankey.from_start = false;
  d.settings.sankey.top_k = 8;
  d.settings.attribution.half_life_days = 3.5;
  d.settings.attribution.transform = "frequency";
  d.settings.conversion_event = "purchase";
  d.settings.trend_by = "week";
  d.settings.min_n = 10;
  d.rules = default_rules();
  d.rules[2].threshold = 0.1 + 0.2;   // 0.30000000000000004 in binary: written as 0.3
  TargetScores t;
  t.card = 35;
  t.scores.push_back(summarize_scores("nps", {10, 9, 9, 8, 7, 3}, 1, 0, 10));
  d.aggregates.scores.push_back(t);
  d.aggregates.sources.push_back({"events", "events.csv", 10, 9, 1, kMay, kJune});
  d.aggregates.computed_at = "2024-06-02T10:00:00Z";
  std::string text = data_layer_to_json(d);
  CHECK(text.find("\"threshold\":0.3}") != std::string::npos);
  CHECK(text.find("33.3333") != std::string::npos);          // NPS 100 (3 - 1) / 6, 6 digits
  CHECK(text.find("33.33333") == std::string::npos);
  DataLayer back;
  std::string err;
  REQUIRE(data_layer_from_json(text, &back, &err));
  CHECK(back.rules[2].threshold == 0.3);
  d.rules[2].threshold = 0.3;
  CHECK(back == d);
  CHECK(data_layer_to_json(back) == text);
  REQUIRE(back.aggregates.scores.size() == 1);
  CHECK(back.aggregates.scores[0].scores[0].n == 6);
  CHECK(back.aggregates.sources[0].name == "events.csv");
  // Unknown fields (a newer version's) are skipped.
  REQUIRE(data_layer_from_json(R"({"mapping":{"rules":[{"card":3,"weight":2}],"v":1},"future":[1,2]})", &back, &err));
  CHECK(back.mapping.rules.size() == 1);
  CHECK(back.mapping.rules[0].card == 3);
}

TEST_CASE("Data layer JSON: errors name the path", "[data_compute]") {
  DataLayer d;
  std::string err;
  CHECK_FALSE(data_layer_from_json(R"({"rules":[{"id":"a"},{"kind":5}]})", &d, &err));
  CHECK(err == "data.rules[1].kind: expected a string");
  CHECK_FALSE(data_layer_from_json(R"({"mapping":{"rules":[{"card":-1}]}})", &d, &err));
  CHECK(err.rfind("data.mapping.rules[0].card: ", 0) == 0);
  CHECK_FALSE(data_layer_from_json(R"({"settings":{"unit":"team"}})", &d, &err));
  CHECK(err.rfind("data.settings.unit: expected one of", 0) == 0);
  CHECK_FALSE(data_layer_from_json(R"({"settings":{"funnel":{"order":"sideways"}}})", &d, &err));
  CHECK(err.rfind("data.settings.funnel.order: ", 0) == 0);
  CHECK_FALSE(data_layer_from_json(R"({"settings":{"funnel_steps":[1,"2"]}})", &d, &err));
  CHECK(err.rfind("data.settings.funnel_steps[1]: ", 0) == 0);
  CHECK_FALSE(data_layer_from_json(R"({"aggregates":{"scores":[{"scores":[{"n":"many"}]}]}})", &d, &err));
  CHECK(err == "data.aggregates.scores[0].scores[0].n: expected an integer");
  CHECK_FALSE(data_layer_from_json("[]", &d, &err));
  CHECK_FALSE(data_layer_from_json("{", &d, &err));
  DataAggregates a;
  CHECK_FALSE(data_aggregates_from_json(R"({"sankey":{"nodes":[],"links":[{"from":0,"to":1,"count":1}]}})", &a, &err));
  CHECK(err == "aggregates.sankey.links[0]: node index out of range");
}

namespace {
// The fixture of the next tests (answers in May and June 2024; min_n 5):
//   card 35 by "c35": NPS 10 (person r1), 9, 9, 8, 7 (these five by persona "it manager"), 3;
//                     CSAT 5, 4, 3, 5, 2 (1..5);
//   card 34 by its text "Vendor website": NPS 10, 10, 0;
//   stage 3 by its name "Evaluate vendors" only: NPS 9, 5;
//   no touchpoint or stage (the whole map only): NPS 6.
// Events: u1 stages 1, 2, 3 (touchpoints c32, c33, c35); u2 stages 1, 2; u3 stage 1; u4 stage 2;
// u5 an unmapped "newsletter_open" on email.
Dataset fixture() {
  Dataset ds;
  const int64_t h = 3600000;
  ds.events.push_back(ev(ds, "u1", kMay + 1 * h, "review_read", "reviews", "c32"));
  ds.events.push_back(ev(ds, "u1", kMay + 2 * h, "ad_click", "paid_ads", "c33"));
  ds.events.push_back(ev(ds, "u1", kMay + 5 * h, "demo", "phone", "c35"));
  ds.events.push_back(ev(ds, "u2", kMay + 1 * h, "review_read", "reviews", "c32"));
  ds.events.push_back(ev(ds, "u2", kMay + 3 * h, "ad_click", "paid_ads", "c33"));
  ds.events.push_back(ev(ds, "u3", kMay + 1 * h, "review_read", "reviews", "c32"));
  ds.events.push_back(ev(ds, "u4", kMay + 1 * h, "ad_click", "paid_ads", "c33"));
  ds.events.push_back(ev(ds, "u5", kMay + 1 * h, "newsletter_open", "email"));
  int64_t t = kMay + kDay;
  ds.responses.push_back(ans(ds, t, "nps", 10, "c35", "", "it manager", "r1"));
  ds.responses.push_back(ans(ds, t, "nps", 9, "c35", "", "IT Manager"));
  ds.responses.push_back(ans(ds, t, "nps", 9, "c35", "", "p-it"));   // by the persona's uid
  ds.responses.push_back(ans(ds, kJune, "nps", 8, "c35", "", "it manager"));
  ds.responses.push_back(ans(ds, kJune, "nps", 7, "c35", "", "it manager"));
  ds.responses.push_back(ans(ds, kJune, "nps", 3, "c35"));
  for (int s : {5, 4, 3, 5, 2}) ds.responses.push_back(ans(ds, t, "csat", s, "c35"));
  for (int s : {10, 10, 0}) ds.responses.push_back(ans(ds, t, "nps", s, "Vendor website"));
  ds.responses.push_back(ans(ds, kJune, "nps", 9, "", "Evaluate vendors"));
  ds.responses.push_back(ans(ds, kJune, "nps", 5, "", "evaluate vendors"));
  ds.responses.push_back(ans(ds, kJune, "nps", 6));
  ImportReport rep;
  rep.kind = "events"; rep.rows = 9; rep.accepted = 8; rep.rejected["BAD_TIMESTAMP"] = 1;
  ds.reports.push_back(rep);
  return ds;
}
Map fixture_map() {
  Map m = b2b_map();
  Persona p;
  p.id = new_id();
  p.uid = "p-it";
  p.name = "IT manager";
  m.personas.push_back(p);
  return m;
}
} // namespace

TEST_CASE("compute_aggregates on a hand-built dataset and the B2B template", "[data_compute]") {
  Map m = fixture_map();
  Id it = m.personas.back().id;
  Dataset ds = fixture();
  DataLayer d;
  d.rules = default_rules();
  DataAggregates a;
  std::vector<double> seen;
  REQUIRE(compute_aggregates(m, ds, d, &a, [&](double f) { seen.push_back(f); return true; }));
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == 1.0);

  // Card 35: 6 answers, P = {10, 9, 9} = 3, D = {3} = 1: NPS = 100 (3 - 1) / 6 = 33.33.
  const ScoreSummary* c35 = find_score(a, 35, 0, "nps");
  REQUIRE(c35);
  CHECK(c35->n == 6);
  CHECK(c35->shown);
  CHECK(c35->value == Approx(100.0 * 2 / 6));
  CHECK(find_score(a, 35, 3, "nps") == c35);   // found by the card whatever the stage
  // CSAT on card 35: 4-5 are {5, 4, 5} = 3 of 5 = 60 %.
  REQUIRE(find_score(a, 35, 0, "csat"));
  CHECK(find_score(a, 35, 0, "csat")->value == Approx(60));
  // Card 34: 3 answers, below min_n 5: hidden, n kept.
  const ScoreSummary* c34 = find_score(a, 34, 0, "nps");
  REQUIRE(c34);
  CHECK(c34->n == 3);
  CHECK_FALSE(c34->shown);
  CHECK(c34->value == 0);
  // Stage 3 = card 35's 6 + its own 2 = 8: P = 3 + 1 = 4, D = 1 + 1 = 2: NPS = 100 (4 - 2) / 8 = 25.
  const ScoreSummary* s3 = find_score(a, 0, 3, "nps");
  REQUIRE(s3);
  CHECK(s3->n == 8);
  CHECK(s3->value == Approx(25));
  CHECK(find_score(a, 0, 2, "nps")->n == 3);   // stage 2 holds card 34
  // Whole map: 6 + 3 + 2 + 1 = 12: P = 3 + 2 + 1 = 6, D = 1 + 1 + 1 + 1 = 4: NPS = 100 * 2 / 12.
  const ScoreSummary* all = find_score(a, 0, 0, "nps");
  REQUIRE(all);
  CHECK(all->n == 12);
  CHECK(all->value == Approx(100.0 * 2 / 12));
  // Persona "IT manager" (by name in any case, or by uid) on card 35: {10, 9, 9, 8, 7}: P 3, D 0 = 60.
  const ScoreSummary* p35 = find_score(a, 35, 0, "nps", it);
  REQUIRE(p35);
  CHECK(p35->n == 5);
  CHECK(p35->value == Approx(60));
  CHECK(find_score(a, 0, 0, "nps", it)->n == 5);
  CHECK(find_score(a, 34, 0, "nps", it) == nullptr);
  // Periods by month: May holds card 35's first 3 NPS and card 34's 3: n = 6 (P = 10, 9, 9, 10, 10
  // = 5, D = {0} = 1: NPS 100 (5 - 1) / 6 = 66.67); June the other 6 NPS.
  CHECK(a.periods == std::vector<std::string>{"2024-05", "2024-06"});
  REQUIRE(find_score(a, 0, 0, "nps", 0, "2024-05"));
  CHECK(find_score(a, 0, 0, "nps", 0, "2024-05")->n == 6);
  CHECK(find_score(a, 0, 0, "nps", 0, "2024-05")->value == Approx(100.0 * 4 / 6));
  CHECK(find_score(a, 0, 0, "nps", 0, "2024-06")->n == 6);
  CHECK(find_score(a, 0, 3, "nps", 0, "2024-06")->n == 5);   // 8, 7, 3 on card 35 + 9, 5 on the stage
  CHECK(find_score(a, 35, 0, "nps", 0, "2024-06") == nullptr);   // periods: whole map and stages only

  // Funnel over the 8 stages (closed, ordered, 7-day window): stage 1 u1 u2 u3 = 3; stage 2 u1 u2 = 2
  // (u4 never entered); stage 3 u1 = 1; later stages 0.
  REQUIRE(a.funnel.steps.size() == 8);
  CHECK(a.funnel_targets == std::vector<Id>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(a.funnel.steps[0].label == "Problem / need");
  CHECK(a.funnel.steps[0].count == 3);
  CHECK(a.funnel.steps[1].count == 2);
  CHECK(a.funnel.steps[2].count == 1);
  CHECK(a.funnel.steps[3].count == 0);

  // Flows: 5 sequences (one per person); the touchpoint labels are the cards' texts.
  CHECK(a.sankey.sequences == 5);
  bool demo = false;
  for (const DfgCount& c : a.dfg.activities) demo = demo || (c.label == "Demo call with sales" && c.count == 1);
  CHECK(demo);
  CHECK(a.attribution.size() == all_attribution_models().size());

  // Unmapped: the newsletter event, keyed "event · channel".
  REQUIRE(a.unmapped.size() == 1);
  CHECK(a.unmapped[0].key == "newsletter_open \xC2\xB7 email");
  CHECK(a.unmapped[0].count == 1);
  // Counts: u1..u5 and r1 are people; r1's only (and so latest) NPS is 10: advocacy fires once.
  CHECK(a.people == 6);
  CHECK(a.events == 8);
  CHECK(a.responses == 17);
  CHECK(a.rules_fired == 1);
  REQUIRE(a.sources.size() == 1);
  CHECK(a.sources[0].rejected == 1);
  CHECK(a.sources[0].first_ms == kMay + 3600000);
  CHECK(a.computed_at.size() == 20);

  // The aggregates survive their JSON.
  std::string text = data_aggregates_to_json(a);
  DataAggregates back;
  std::string err;
  REQUIRE(data_aggregates_from_json(text, &back, &err));
  CHECK(data_aggregates_to_json(back) == text);
  CHECK(find_score(back, 0, 3, "nps")->n == 8);
}

TEST_CASE("compute_aggregates: funnel over chosen cards, sessions, and flows by channel", "[data_compute]") {
  Map m = fixture_map();
  Dataset ds = fixture();
  DataLayer d;
  d.settings.funnel_over = "cards";
  d.settings.funnel_steps = {32, 35};
  d.settings.path_node = "channel";
  MappingIndex idx(m, d.mapping, ds.pool);
  std::vector<std::string> labels;
  std::vector<Id> targets;
  auto units = funnel_units(m, ds, d, idx, &labels, &targets);
  CHECK(labels == std::vector<std::string>{"Review site comparison", "Demo call with sales"});
  CHECK(targets == std::vector<Id>{32, 35});
  REQUIRE(units.size() == 5);
  REQUIRE(units[0].size() == 3);           // u1: c32 -> step 0, c33 -> none, c35 -> step 1
  CHECK(units[0][0].step == 0);
  CHECK(units[0][1].step == -1);
  CHECK(units[0][2].step == 1);
  auto seqs = flow_sequences(m, ds, d, idx);
  REQUIRE(seqs.size() == 5);
  CHECK(seqs[0].steps == std::vector<std::string>{"reviews", "paid_ads", "phone"});
  d.settings.path_node = "event";
  CHECK(flow_sequences(m, ds, d, idx)[4].steps == std::vector<std::string>{"newsletter_open"});
  // Sessions: u1's events split over two sessions make two units.
  ds.events[0].session = ds.pool.intern("s1");
  ds.events[1].session = ds.pool.intern("s1");
  ds.events[2].session = ds.pool.intern("s2");
  d.settings.unit = "session";
  CHECK(funnel_units(m, ds, d, idx, nullptr, nullptr).size() == 6);
}

TEST_CASE("compute_aggregates stops when progress returns false", "[data_compute]") {
  Map m = fixture_map();
  Dataset ds = fixture();
  DataLayer d;
  DataAggregates a;
  a.computed_at = "untouched";
  CHECK_FALSE(compute_aggregates(m, ds, d, &a, [](double) { return false; }));
  CHECK(a.computed_at == "untouched");
  int calls = 0;
  CHECK_FALSE(compute_aggregates(m, ds, d, &a, [&](double f) { ++calls; return f < 0.5; }));
  CHECK(calls >= 3);
  CHECK(a.computed_at == "untouched");
}
