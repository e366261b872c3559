// The file format's new fields (governance, stage notes, sub-journeys, evidence) and the canonical
// writer: two saves of the same map are byte-identical, defaults and empty arrays are left out,
// whole numbers are integers, and whatever older writers wrote still reads the same.
#include <catch2/catch.hpp>
#include "repo_files.h"
#include "core/edit.h"
#include "core/export.h"
#include "core/io.h"
#include "core/survey.h"
#include "core/text_view.h"
#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>

using namespace jm;
using jm_test::repo_path;
using jm_test::read_text;
using json = nlohmann::json;

namespace {


std::vector<std::string> template_paths() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(repo_path("assets/templates"))) {
    std::string p = e.path().string();
    if (p.size() > 13 && p.compare(p.size() - 13, 13, ".journey.json") == 0) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every place in a document where the canonical form is broken: an empty array, a float that is a
// whole number (written 1.0), or (outside the data layer and unknown fields) an empty string.
void canonical_problems(const json& j, const std::string& path, std::vector<std::string>& out, bool strings = true) {
  if (j.is_array()) {
    if (j.empty()) out.push_back(path + ": empty array");
    for (size_t i = 0; i < j.size(); i++) canonical_problems(j[i], path + "[" + std::to_string(i) + "]", out, strings);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      canonical_problems(it.value(), path + "." + it.key(), out, strings && it.key() != "data");
  } else if (j.is_number_float()) {
    double v = j.get<double>();
    if (v == (double)(long long)v) out.push_back(path + ": whole number written as a float");
  } else if (strings && j.is_string() && j.get<std::string>().empty()) {
    out.push_back(path + ": empty string (a default) written");
  }
}

// A map made through the editor's commands with random content: fractional orders (moves between
// cards), scores, widths, metrics, comments, evidence, governance.
Map generated_map(unsigned seed) {
  std::mt19937 rng(seed);
  seed_ids(seed);   // the same map, ids included, for the same seed
  Doc d;
  d.map = make_map(seed % 2 ? Template::Classic : Template::Blank);
  auto pick = [&](size_t n) { return (size_t)(rng() % n); };
  for (int i = 0; i < 40; i++) {
    Card c;
    c.stage = d.map.stages[pick(d.map.stages.size())].id;
    c.lane = d.map.lanes[pick(d.map.lanes.size())].id;
    c.text = i % 7 == 0 ? std::string() : "card " + std::to_string(i);
    c.score = (float)((int)pick(41) - 20) / 10.0f;   // -2.0 .. 2.0 in tenths: 0.3f is not exact
    if (i % 3 == 0) {
      Evidence e;
      e.quote = "quote " + std::to_string(i);
      e.kind = (EvidenceKind)pick((size_t)EvidenceKind::Count);
      e.confidence = (Confidence)pick((size_t)Confidence::Count);
      if (i % 2) e.date = "2024-0" + std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(10));
      c.evidence.push_back(e);
    }
    if (i % 5 == 0) c.journey = "uid:" + new_uid();
    if (i % 4 == 0) c.metrics.push_back(make_metric((MetricKind)pick((size_t)MetricKind::Count), (double)pick(1000) / 8));
    add_card(d, c);
  }
  // Moves put cards between others: orders like 1.5, 1.25, 0.875.
  for (int i = 0; i < 20; i++) {
    const Card& a = d.map.cards[pick(d.map.cards.size())];
    const Card& b = d.map.cards[pick(d.map.cards.size())];
    move_cards(d, {a.id}, b.stage, b.lane, b.id);
  }
  Stage s = d.map.stages[0];
  s.width = 240.5f + (float)pick(100) / 3.0f;
  s.notes = "Say hello";
  update_stage(d, s);
  MapMeta meta = d.map.meta;
  meta.owner = "CX team";
  meta.status = (MapStatus)pick((size_t)MapStatus::Count);
  meta.reviewed = "2024-05-31";
  set_meta(d, meta);
  if (seed % 3 == 0) { Persona p; p.name = "Mona"; p.demographics = {KeyValue{"Age", "", ""}}; add_persona(d, p); }
  if (seed % 3 == 1) { Action a; a.title = "Fix it"; a.cards = {d.map.cards[0].id}; add_action(d, a); }
  Map m = d.map;
  if (seed % 4 == 0) {   // a data layer: its numbers and arrays follow the same form
    MappingRule r;
    r.event = "view_pricing";
    r.card = m.cards[1].id;
    m.data.mapping.rules.push_back(r);
    m.data.settings.min_n = 7;
    DataRule rule;
    rule.id = "promoter";
    rule.kind = "latest_at_least";
    rule.metric = "nps";
    rule.threshold = seed % 8 == 0 ? 9.0 : 8.5;
    m.data.rules.push_back(rule);
    TargetScores ts;
    ts.card = m.cards[1].id;
    ScoreSummary nps;
    nps.metric = "nps";
    nps.n = 48;
    nps.shown = true;
    nps.value = 32;
    nps.lo = 12.5;
    ts.scores.push_back(nps);
    m.data.aggregates.scores.push_back(ts);
    m.data.aggregates.computed_at = "2024-02-10T09:30:00Z";
  }
  return m;
}

// save -> load -> save: the same bytes, and the same map.
void check_stable(const Map& m, const std::string& what) {
  INFO(what);
  std::string once = save_map(m), pretty = save_map(m, true);
  LoadResult back = load_map(once);
  INFO(back.error);
  REQUIRE(back.ok);
  CHECK(back.map == m);
  CHECK(save_map(back.map) == once);
  CHECK(save_map(back.map, true) == pretty);
  LoadResult back_pretty = load_map(pretty);
  REQUIRE(back_pretty.ok);
  CHECK(save_map(back_pretty.map) == once);
  std::vector<std::string> problems;
  canonical_problems(json::parse(once), "$", problems);
  CHECK(problems == std::vector<std::string>{});
}

Map map_with_everything_new() {
  Map m = make_map(Template::Classic);
  m.meta.owner = "Customer experience";
  m.meta.status = MapStatus::InReview;
  m.meta.reviewed = "2024-05-31";
  m.meta.review_due = "2024-11-30";
  m.stages[1].notes = "Pause here:\nask who has switched providers";
  Card c;
  c.id = new_id();
  c.stage = m.stages[0].id;
  c.lane = m.lanes[0].id;
  c.text = "Searches the web";
  c.journey = "onboarding.journey.json";
  Evidence a;
  a.quote = "I always start on Google";
  a.kind = EvidenceKind::Interview;
  a.source = "INT-07";
  a.date = "2024-05-02";
  a.confidence = Confidence::Observed;
  Evidence b;
  b.quote = "Probably compares prices";
  b.kind = EvidenceKind::Other;
  b.confidence = Confidence::Assumed;
  Evidence t;
  t.kind = EvidenceKind::Ticket;
  t.source = "T-4711";
  t.date = "2024-05-03T09:30:00Z";
  t.extra = R"({"weight":2})";   // a field a newer version wrote: kept
  c.evidence = {a, b, t};
  m.cards.push_back(c);
  Card d = c;
  d.id = new_id();
  d.order = 1;
  d.text = "Opens the lifecycle";
  d.journey = "uid:" + m.meta.uid;
  d.evidence.clear();
  m.cards.push_back(d);
  return m;
}

} // namespace

TEST_CASE("format: every new field round-trips and is written under its documented key", "[format]") {
  Map m = map_with_everything_new();
  REQUIRE(validate(m).empty());
  std::string text = save_map(m);
  LoadResult r = load_map(text);
  INFO(r.error);
  REQUIRE(r.ok);
  CHECK(r.map == m);
  CHECK(r.version == kFormatVersion);
  json j = json::parse(text)["map"];
  CHECK(j["uid"] == m.meta.uid);
  CHECK(j["owner"] == "Customer experience");
  CHECK(j["status"] == "in_review");
  CHECK(j["reviewed"] == "2024-05-31");
  CHECK(j["review_due"] == "2024-11-30");
  CHECK(j["stages"][1]["notes"] == "Pause here:\nask who has switched providers");
  CHECK_FALSE(j["stages"][0].contains("notes"));
  json card = j["cards"][0];
  CHECK(card["journey"] == "onboarding.journey.json");
  CHECK(card["evidence"][0] == json{{"quote", "I always start on Google"}, {"source", "INT-07"}, {"date", "2024-05-02"},
                                    {"confidence", "observed"}});   // kind interview: the default
  CHECK(card["evidence"][1] == json{{"quote", "Probably compares prices"}, {"kind", "other"}, {"confidence", "assumed"}});
  CHECK(card["evidence"][2] == json{{"kind", "ticket"}, {"source", "T-4711"}, {"date", "2024-05-03T09:30:00Z"}, {"weight", 2}});
  CHECK(j["cards"][1]["journey"] == "uid:" + m.meta.uid);
  CHECK_FALSE(j["cards"][1].contains("evidence"));               // no empty array

  // Every status, kind and confidence by its key, and back.
  for (size_t s = 0; s < (size_t)MapStatus::Count; s++) {
    Map x = m;
    x.meta.status = (MapStatus)s;
    LoadResult y = load_map(save_map(x));
    REQUIRE(y.ok);
    CHECK(y.map.meta.status == (MapStatus)s);
  }
  for (size_t k = 0; k < (size_t)EvidenceKind::Count; k++)
    for (size_t c = 0; c < (size_t)Confidence::Count; c++) {
      Map x = m;
      x.cards[0].evidence[0].kind = (EvidenceKind)k;
      x.cards[0].evidence[0].confidence = (Confidence)c;
      LoadResult y = load_map(save_map(x));
      REQUIRE(y.ok);
      CHECK(y.map.cards[0].evidence[0] == x.cards[0].evidence[0]);
    }
  CHECK(std::string(map_status_key(MapStatus::InReview)) == "in_review");
  CHECK(std::string(evidence_kind_key(EvidenceKind::Analytics)) == "analytics");
  CHECK(std::string(confidence_key(Confidence::Observed)) == "observed");
  MapStatus st;
  CHECK_FALSE(map_status_from_key("live", &st));
  // Evidence travels with a card on the clipboard.
  std::vector<Card> pasted;
  REQUIRE(cards_from_clipboard(cards_to_clipboard(m, {m.cards[0].id}), &pasted));
  CHECK(pasted[0].evidence == m.cards[0].evidence);
  CHECK(pasted[0].journey == m.cards[0].journey);
}

TEST_CASE("format: a card's backing is its strongest evidence", "[format]") {
  Card c;
  CHECK(card_backing(c) == Backing::Unsupported);
  Evidence e;
  e.confidence = Confidence::Assumed;
  c.evidence.push_back(e);
  CHECK(card_backing(c) == Backing::Assumed);
  e.confidence = Confidence::Observed;
  c.evidence.push_back(e);
  e.confidence = Confidence::Reported;
  c.evidence.push_back(e);
  CHECK(card_backing(c) == Backing::Observed);
  CHECK(std::string(backing_key(Backing::Unsupported)) == "unsupported");
  CHECK(std::string(backing_key(card_backing(c))) == "observed");
}

TEST_CASE("format: new maps have a uid of their own", "[format]") {
  Map a = make_map(Template::Blank), b = make_map(Template::Classic);
  CHECK(std::regex_match(a.meta.uid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(a.meta.uid != b.meta.uid);
  CHECK(json::parse(save_map(a))["map"]["uid"] == a.meta.uid);
}

TEST_CASE("format: two saves of every template are byte-identical and canonical", "[format]") {
  std::vector<std::string> paths = template_paths();
  REQUIRE(paths.size() >= 24);
  for (const std::string& path : paths) {
    LoadResult r = load_map(read_text(path));
    INFO(path << ": " << r.error);
    REQUIRE(r.ok);
    check_stable(r.map, path);
  }
}

TEST_CASE("format: two saves of generated maps are byte-identical and canonical", "[format]") {
  for (unsigned seed = 1; seed <= 12; seed++) check_stable(generated_map(seed), "seed " + std::to_string(seed));
  check_stable(make_large_map(6, 8, 3, {"a", "b", "c"}), "large map");
  json data = json::parse(save_map(generated_map(8)))["map"]["data"];
  CHECK(data["rules"][0]["threshold"].is_number_integer());   // 9, not 9.0
  CHECK(data["aggregates"]["scores"][0]["scores"][0]["value"] == 32);
  CHECK(data["aggregates"]["scores"][0]["scores"][0]["value"].is_number_integer());
  LoadResult with_data = load_map(save_map(generated_map(8)));
  REQUIRE(with_data.ok);
  CHECK(data_aggregates_to_json(with_data.map.data.aggregates) == data_aggregates_to_json(generated_map(8).data.aggregates));
  check_stable(make_map(Template::Blank), "blank");
  check_stable(Map(), "empty map");
  check_stable(map_with_everything_new(), "every new field");
}

TEST_CASE("format: whole numbers are written as integers, others exactly", "[format]") {
  Map m = make_map(Template::Blank);
  Card c;
  c.id = new_id();
  c.stage = m.stages[0].id;
  c.lane = m.lanes[2].id;   // emotions
  c.order = 1.0;
  c.score = 0.3f;
  c.metrics.push_back(make_metric(MetricKind::Nps, 45.0, 50.0));
  c.metrics.push_back(make_metric(MetricKind::Csat, 0.1 + 0.2, 87.25));
  m.cards.push_back(c);
  Card d = c;
  d.id = new_id();
  d.order = 1.5;
  d.score = -2;
  d.metrics.clear();
  m.cards.push_back(d);
  m.stages[0].width = 240.0f;
  m.stages[1].width = 300.0f;
  m.stages[2].width = 123.4f;
  std::string text = save_map(m);
  CHECK(text.find("\"order\":1,") != std::string::npos);
  CHECK(text.find("\"order\":1.5") != std::string::npos);
  CHECK(text.find("\"score\":0.3,") != std::string::npos);     // not 0.30000001192092896
  CHECK(text.find("\"score\":-2,") != std::string::npos);
  CHECK(text.find("\"value\":45}") != std::string::npos);
  CHECK(text.find("\"target\":50,") != std::string::npos);
  CHECK(text.find("\"value\":0.30000000000000004") != std::string::npos);   // exact, as a double
  CHECK(text.find("\"target\":87.25") != std::string::npos);
  CHECK(text.find("\"width\":300") != std::string::npos);
  CHECK(text.find("\"width\":123.4") != std::string::npos);
  CHECK(text.find("\"width\":240") == std::string::npos);       // the default
  CHECK(text.find(".0,") == std::string::npos);
  CHECK(text.find(".0}") == std::string::npos);
  LoadResult r = load_map(text);
  REQUIRE(r.ok);
  CHECK(r.map == m);
  CHECK(r.map.cards[0].metrics[1].value == 0.1 + 0.2);
  CHECK(r.map.cards[0].score == 0.3f);
  CHECK(r.map.stages[2].width == 123.4f);
}

TEST_CASE("format: defaults and empty arrays are left out, and read back as the defaults", "[format]") {
  Map m;
  Stage s; s.id = 1; m.stages.push_back(s);
  Lane l; l.id = 2; l.type = LaneType::Actions; m.lanes.push_back(l);
  Card c; c.id = 3; c.stage = s.id; c.lane = l.id; c.metrics.push_back(make_metric(MetricKind::Ces));
  c.metrics[0].name.clear();
  c.metrics[0].unit.clear();
  m.cards.push_back(c);
  Action a; a.id = 4; m.actions.push_back(a);
  json j = json::parse(save_map(m))["map"];
  CHECK(j == json::parse(R"({"stages":[{"id":1}],"lanes":[{"id":2,"type":"actions"}],
                             "cards":[{"id":3,"stage":1,"lane":2,"metrics":[{"kind":"ces"}]}],"actions":[{"id":4}]})"));
  LoadResult r = load_map(save_map(m));
  REQUIRE(r.ok);
  CHECK(r.map == m);
  CHECK(r.map.cards[0].metrics[0].higher_is_better == false);   // CES: the kind's direction
  CHECK_FALSE(json::parse(save_map(Map()))["map"].contains("stages"));
}

TEST_CASE("format: files as older versions wrote them (defaults and empty arrays spelled out) read the same", "[format]") {
  // The version 2 writer before the canonical form, for the fixture's map: every default written.
  for (const char* name : {"tests/fixtures/v2-content.journey.json", "tests/fixtures/b2b-plain.journey.json",
                           "tests/fixtures/rtl-ar.journey.json", "tests/fixtures/rtl-he.journey.json"}) {
    INFO(name);
    std::string text = read_text(repo_path(name));
    LoadResult old = load_map(text);
    INFO(old.error);
    REQUIRE(old.ok);
    CHECK(old.map.meta.uid.empty());   // older files have none; none is made up on load
    std::string saved = save_map(old.map);
    LoadResult again = load_map(saved);
    REQUIRE(again.ok);
    CHECK(again.map == old.map);
    CHECK(save_map(again.map) == saved);
    CHECK(saved.size() <= text.size());
  }
  // A canonical file with every default written back in, as the previous writer did.
  Map m = generated_map(3);
  json doc = json::parse(save_map(m));
  json& j = doc["map"];
  for (const char* k : {"title", "goal", "description"}) if (!j.contains(k)) j[k] = "";
  if (!j.contains("direction")) j["direction"] = "ltr";
  for (const char* k : {"stages", "lanes", "cards", "personas", "actions", "blueprint_lines"}) if (!j.contains(k)) j[k] = json::array();
  for (json& s : j["stages"]) {
    if (!s.contains("width")) s["width"] = 240.0;
    if (!s.contains("color")) s["color"] = "#5b7cfa";
  }
  for (json& c : j["cards"]) {
    if (!c.contains("order")) c["order"] = 0.0;
    else c["order"] = c["order"].get<double>();   // 1.0 as the old writer wrote it
    if (!c.contains("text")) c["text"] = "";
    c["links"] = c.value("links", json::array());
    for (json& x : c.value("metrics", json::array())) (void)x;
    if (c.contains("metrics"))
      for (json& x : c["metrics"]) {
        MetricKind k;
        REQUIRE(metric_kind_from_key(x["kind"], &k));
        if (!x.contains("higher_is_better")) x["higher_is_better"] = metric_kind_info(k).higher_is_better;
        if (!x.contains("name")) x["name"] = "";
      }
  }
  for (json& a : j["actions"]) {
    if (!a.contains("kind")) a["kind"] = "opportunity";
    if (!a.contains("status")) a["status"] = "idea";
    if (!a.contains("priority")) a["priority"] = "medium";
  }
  for (json& p : j["personas"]) for (const char* k : {"goals", "needs", "behaviours"}) if (!p.contains(k)) p[k] = json::array();
  LoadResult r = load_map(doc.dump(2));
  INFO(r.error);
  REQUIRE(r.ok);
  CHECK(r.map == m);
  CHECK(save_map(r.map) == save_map(m));
}

TEST_CASE("format: bad governance and evidence are refused with the path", "[format]") {
  json base = json::parse(save_map(map_with_everything_new()));
  struct Case { std::function<void(json&)> change; std::string expect; };
  std::vector<Case> cases = {
    {[](json& d) { d["map"]["cards"][0]["evidence"][1]["confidence"] = "sure"; },
     "map.cards[0].evidence[1].confidence: unknown value \"sure\" (expected one of assumed, reported, observed)"},
    {[](json& d) { d["map"]["cards"][0]["evidence"][0]["date"] = "31/05/2024"; },
     "map.cards[0].evidence[0].date: not an ISO date (expected one like 2024-05-31)"},
    {[](json& d) { d["map"]["cards"][0]["evidence"][0]["date"] = "2024-02-30"; },
     "map.cards[0].evidence[0].date: not an ISO date (expected one like 2024-05-31)"},
    {[](json& d) { d["map"]["cards"][0]["evidence"][2]["kind"] = "tweet"; },
     "map.cards[0].evidence[2].kind: unknown value \"tweet\" (expected one of interview, survey, ticket, analytics, url, file, other)"},
    {[](json& d) { d["map"]["cards"][0]["evidence"][0]["quote"] = 7; }, "map.cards[0].evidence[0].quote: expected a string"},
    {[](json& d) { d["map"]["cards"][0]["evidence"][1] = "a quote"; }, "map.cards[0].evidence[1]: expected an object"},
    {[](json& d) { d["map"]["cards"][0]["evidence"] = json::object(); }, "map.cards[0].evidence: expected an array"},
    {[](json& d) { d["map"]["cards"][0]["journey"] = json::array(); }, "map.cards[0].journey: expected a string"},
    {[](json& d) { d["map"]["cards"][0]["journey"] = "uid:"; }, "map.cards[0].journey: \"uid:\" names no map"},
    {[](json& d) { d["map"]["stages"][2]["notes"] = false; }, "map.stages[2].notes: expected a string"},
    {[](json& d) { d["map"]["status"] = "live"; },
     "map.status: unknown value \"live\" (expected one of draft, in_review, published, retired)"},
    {[](json& d) { d["map"]["reviewed"] = "yesterday"; }, "map.reviewed: not an ISO date (expected one like 2024-05-31)"},
    {[](json& d) { d["map"]["review_due"] = "2024-11-30T10:00"; }, "map.review_due: not an ISO date (expected one like 2024-05-31)"},
    {[](json& d) { d["map"]["owner"] = 3; }, "map.owner: expected a string"},
    {[](json& d) { d["map"]["uid"] = nullptr; }, "map.uid: expected a string"},
  };
  for (const Case& c : cases) {
    json d = base;
    c.change(d);
    LoadResult r = load_map(d.dump());
    INFO(c.expect);
    CHECK_FALSE(r.ok);
    CHECK(r.error == c.expect);
  }
  CHECK(load_map(base.dump()).ok);
}

TEST_CASE("format: version 1 files keep fields under the new names aside, unread", "[format]") {
  std::string v1 = R"({"format":"journeymap","version":1,
    "map":{"title":"T","status":"live","owner":{"name":"x"},
      "stages":[{"id":1,"name":"S","notes":42}],
      "lanes":[{"id":2,"name":"L","type":"actions"}],
      "cards":[{"id":3,"stage":1,"lane":2,"text":"x","evidence":"none","journey":7}],"next_id":4}})";
  LoadResult r = load_map(v1);
  INFO(r.error);
  REQUIRE(r.ok);
  CHECK(r.map.meta.status == MapStatus::Draft);
  CHECK(r.map.meta.owner.empty());
  CHECK(r.map.stages[0].notes.empty());
  CHECK(r.map.cards[0].evidence.empty());
  CHECK(r.map.cards[0].extra == R"({"v1_evidence":"none","v1_journey":7})");
  json saved = json::parse(save_map(r.map));
  CHECK(saved["map"]["v1_status"] == "live");
  CHECK(saved["map"]["stages"][0]["v1_notes"] == 42);
}

TEST_CASE("format: commands keep governance and evidence dates valid", "[format]") {
  Doc d;
  d.map = map_with_everything_new();
  Card c = d.map.cards[0];
  c.evidence[0].date = "2024-05-3";        // half typed
  c.evidence[1].date = "2024-05-03";
  update_card(d, c);
  CHECK(d.map.cards[0].evidence[0].date.empty());
  CHECK(d.map.cards[0].evidence[1].date == "2024-05-03");
  MapMeta meta = d.map.meta;
  meta.reviewed = "31.05.2024";
  meta.review_due = "2025-01-15";
  set_meta(d, meta);
  CHECK(d.map.meta.reviewed.empty());
  CHECK(d.map.meta.review_due == "2025-01-15");
  CHECK(validate(d.map).empty());
  CHECK(load_map(save_map(d.map)).ok);
}

TEST_CASE("format: exports keep governance, stage notes, sub-journeys and evidence", "[format]") {
  Map m = map_with_everything_new();
  m.cards[0].evidence[0].quote = "I <always> start on *Google*";
  std::string md = to_markdown(m);
  CHECK(md.find("Owner: Customer experience; Status: in review; Reviewed: 2024-05-31; Review due: 2024-11-30\n") !=
        std::string::npos);
  CHECK(md.find("**Speaker notes:** Pause here:") != std::string::npos);
  CHECK(md.find("  - Opens the journey: onboarding.journey.json\n") != std::string::npos);
  CHECK(md.find("  - Evidence (observed, interview INT-07, 2024-05-02): \"I \\<always\\> start on \\*Google\\*\"\n") !=
        std::string::npos);
  CHECK(md.find("  - Evidence (assumed, other): \"Probably compares prices\"\n") != std::string::npos);
  CHECK(md.find("  - Evidence (reported, ticket T-4711, 2024-05-03T09:30:00Z)\n") != std::string::npos);
  // A map without any of it exports as before: no governance line.
  Map plain = make_map(Template::Classic);
  CHECK(to_markdown(plain).find("Status:") == std::string::npos);

  std::string csv = to_csv(m);
  CHECK(csv.find("stage,lane,lane type,text,tags,channel,score,backing,evidence,journey\r\n") == 3);
  CHECK(csv.find(",observed,\"\"\"I <always> start on *Google*\"\" (observed, interview INT-07, 2024-05-02); "
                 "\"\"Probably compares prices\"\" (assumed, other); (reported, ticket T-4711, 2024-05-03T09:30:00Z)\","
                 "onboarding.journey.json\r\n") != std::string::npos);
  CHECK(csv.find(",unsupported,,uid:" + m.meta.uid + "\r\n") != std::string::npos);
  Map back;
  std::string err;
  REQUIRE(from_csv(csv, &back, &err));   // the new columns do not disturb the import
  CHECK(back.cards.size() == m.cards.size());

  TextViewOptions o;
  std::string html = to_text_view_html(m, o);
  INFO(html.substr(0, 1500));
  CHECK(html.find("<p class=\"jm-tv-gov\">Owner: <bdi>Customer experience</bdi>, Status: In review, Last reviewed: 2024-05-31, "
                  "Review due: 2024-11-30</p>") != std::string::npos);
  CHECK(html.find("<li>Evidence: <q><bdi>I &lt;always&gt; start on *Google*</bdi></q> (Observed, Interview <bdi>INT-07</bdi>, "
                  "2024-05-02)</li>") != std::string::npos);
  CHECK(html.find("<li>Sub-journey: <bdi>onboarding.journey.json</bdi></li>") != std::string::npos);
  CHECK(to_text_view_html(plain, o).find("jm-tv-gov") == std::string::npos);
}

TEST_CASE("format: the explicit form spells out every array and the usual fields, and loads the same", "[format]") {
  // What the page gives scripts and host pages (jm.model(), journeymap:get): an empty map still has
  // its arrays, a card at order 0 its order, a left-to-right map its direction.
  Map m = make_map(Template::Blank);
  m.cards.clear();
  m.personas.clear();
  json j = json::parse(save_map_explicit(m));
  for (const char* key : {"stages", "lanes", "cards", "personas", "actions", "blueprint_lines"})
    CHECK(j["map"].contains(key));
  CHECK(j["map"]["cards"].empty());
  CHECK(j["map"]["direction"] == "ltr");
  CHECK(j["map"]["stages"][0].contains("width"));
  CHECK_FALSE(json::parse(save_map(m))["map"].contains("cards"));   // the file leaves it out
  Card c;
  c.id = new_id();
  c.stage = m.stages[0].id;
  c.lane = m.lanes[0].id;
  m.cards.push_back(c);
  json k = json::parse(save_map_explicit(m));
  CHECK(k["map"]["cards"][0]["order"] == 0);
  CHECK(k["map"]["cards"][0]["text"] == "");
  LoadResult r = load_map(save_map_explicit(m));
  REQUIRE(r.ok);
  CHECK(r.map == m);
  CHECK(save_map(r.map) == save_map(m));   // the same canonical file either way
}

TEST_CASE("format: a map started from a template is a draft with a uid of its own", "[format]") {
  Map t = make_map(Template::Classic);
  t.meta.owner = "CX team";
  t.meta.status = MapStatus::Published;
  t.meta.reviewed = "2026-11-01";
  t.meta.review_due = "2027-02-01";
  Map a = map_from_template(t), b = map_from_template(t);
  CHECK(a.meta.uid != t.meta.uid);
  CHECK(a.meta.uid != b.meta.uid);
  CHECK(a.meta.status == MapStatus::Draft);
  CHECK(a.meta.owner.empty());
  CHECK(a.meta.reviewed.empty());
  CHECK(a.meta.review_due.empty());
  CHECK(a.cards == t.cards);
  CHECK(a.meta.title == t.meta.title);
  CHECK(validate(a).empty());
}
