// assets/journey.schema.json against the loader and the writer: the templates and what the writer
// emits validate, every key the writer emits is declared, and the schema's `required` lists are
// exactly what the loader refuses to do without. The schema is checked with a small validator for
// the keywords it uses (no new dependency); a keyword it does not know fails the test instead of
// being skipped silently.
#include <catch2/catch.hpp>
#include "repo_files.h"
#include "core/io.h"
#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

using namespace jm;
using jm_test::repo_path;
using jm_test::read_text;
using json = nlohmann::json;

namespace {


const json& schema() {
  static const json s = json::parse(read_text(repo_path("assets/journey.schema.json")));
  return s;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += ((unsigned char)c & 0xC0) != 0x80;
  return n;
}

// Draft 2020-12, the subset the schema uses. `strict`: a key an object's schema does not declare
// is an error (for what journeymap itself writes; files from elsewhere may carry more).
struct Checker {
  bool strict = false;
  std::vector<std::string> errors;

  const json& resolve(const json& s) {
    if (!s.contains("$ref")) return s;
    std::string ref = s["$ref"];
    REQUIRE(ref.rfind("#/$defs/", 0) == 0);
    return schema()["$defs"].at(ref.substr(8));
  }
  void fail(const std::string& path, const std::string& what) { errors.push_back(path + ": " + what); }

  bool type_ok(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    if (t == "number") return v.is_number();
    if (t == "integer") return v.is_number_integer() || (v.is_number_float() && v.get<double>() == (double)(long long)v.get<double>());
    FAIL("unknown type " << t);
    return false;
  }

  void check(const json& v, const json& s0, const std::string& path) {
    if (s0.contains("$ref")) check(v, resolve(s0), path);
    const json& s = s0;
    if (s.contains("type") && !type_ok(v, s["type"])) { fail(path, "expected " + s["type"].get<std::string>()); return; }
    if (s.contains("const") && v != s["const"]) fail(path, "expected " + s["const"].dump());
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end()) fail(path, "not one of " + s["enum"].dump());
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) fail(path, "below minimum");
      if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) fail(path, "above maximum");
    }
    if (v.is_string()) {
      std::string str = v;
      if (s.contains("minLength") && code_points(str) < s["minLength"].get<size_t>()) fail(path, "too short");
      if (s.contains("maxLength") && code_points(str) > s["maxLength"].get<size_t>()) fail(path, "too long");
      if (s.contains("pattern") && !std::regex_search(str, std::regex(s["pattern"].get<std::string>())))
        fail(path, "does not match " + s["pattern"].get<std::string>());
    }
    if (v.is_array() && s.contains("items"))
      for (size_t i = 0; i < v.size(); i++) check(v[i], s["items"], path + "[" + std::to_string(i) + "]");
    if (v.is_object()) {
      if (s.contains("required"))
        for (const json& k : s["required"])
          if (!v.contains(k.get<std::string>())) fail(path + "." + k.get<std::string>(), "required");
      if (s.contains("properties")) {
        for (auto it = v.begin(); it != v.end(); ++it) {
          if (s["properties"].contains(it.key())) check(it.value(), s["properties"][it.key()], path + "." + it.key());
          else if (strict) fail(path + "." + it.key(), "not declared in the schema");
        }
      }
    }
  }
};

std::vector<std::string> check(const json& doc, bool strict) {
  Checker c;
  c.strict = strict;
  c.check(doc, schema(), "$");
  return c.errors;
}

// Every keyword anywhere in the schema (walking subschemas only, not enum values or defaults).
void keywords(const json& s, std::set<std::string>& out) {
  if (!s.is_object()) return;
  for (auto it = s.begin(); it != s.end(); ++it) {
    out.insert(it.key());
    if (it.key() == "properties" || it.key() == "$defs")
      for (auto p = it->begin(); p != it->end(); ++p) keywords(p.value(), out);
    else if (it.key() == "items")
      keywords(it.value(), out);
  }
}

// The version 2 fixture as version 3 has it (migrate_2_to_3 drops next_id and nothing else).
json fixture() {
  json j = json::parse(read_text(repo_path("tests/fixtures/v2-content.journey.json")));
  j["version"] = kFormatVersion;
  j["map"].erase("next_id");
  return j;
}

} // namespace

TEST_CASE("schema: a draft 2020-12 schema of the current format version that this checker fully understands") {
  const json& s = schema();
  CHECK(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(s["properties"]["version"]["const"] == kFormatVersion);
  std::set<std::string> used;
  keywords(s, used);
  const std::set<std::string> known = {"$schema", "$id", "$ref", "$defs", "title", "description", "default", "type",
                                       "const", "enum", "required", "properties", "items", "minimum", "maximum",
                                       "minLength", "maxLength", "pattern"};
  for (const std::string& k : used) {
    INFO("keyword " << k);
    CHECK(known.count(k) == 1);
  }
  // Every $ref resolves.
  std::function<void(const json&)> refs = [&](const json& x) {
    if (x.is_object()) {
      if (x.contains("$ref")) {
        std::string r = x["$ref"];
        INFO(r);
        CHECK(s["$defs"].contains(r.substr(8)));
      }
      for (auto it = x.begin(); it != x.end(); ++it) refs(it.value());
    } else if (x.is_array()) {
      for (const json& y : x) refs(y);
    }
  };
  refs(s);
}

TEST_CASE("schema: the checker refuses what the schema forbids") {
  json doc = fixture();
  CHECK(check(doc, false).empty());
  json bad = doc;
  bad["map"]["cards"][0]["personas"][0] = "Mona";
  bad["map"]["stages"][3]["state"] = "someday";
  bad["map"]["actions"][0]["due"] = "30/09/2024";
  bad["map"]["personas"][1]["avatar"]["initials"] = "ABCD";
  bad["map"]["lanes"][0]["surprise"] = 1;
  std::vector<std::string> e = check(bad, false);
  std::string all;
  for (const std::string& x : e) all += x + "\n";
  CHECK_THAT(all, Catch::Contains("$.map.cards[0].personas[0]: expected integer"));
  CHECK_THAT(all, Catch::Contains("$.map.stages[3].state: not one of"));
  CHECK_THAT(all, Catch::Contains("$.map.actions[0].due: does not match"));
  CHECK_THAT(all, Catch::Contains("$.map.personas[1].avatar.initials: too long"));
  CHECK(e.size() == 4);                          // unknown fields are fine outside strict mode
  std::vector<std::string> strict = check(bad, true);
  CHECK(std::find(strict.begin(), strict.end(), "$.map.lanes[0].surprise: not declared in the schema") != strict.end());
  CHECK(std::find(strict.begin(), strict.end(), "$.generator: not declared in the schema") != strict.end());
}

TEST_CASE("schema: every template loads and validates, before and after a save") {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(repo_path("assets/templates"))) {
    std::string path = entry.path().string();
    if (path.size() < 13 || path.compare(path.size() - 13, 13, ".journey.json") != 0) continue;
    n++;
    INFO(path);
    std::string text = read_text(path);
    LoadResult r = load_map(text);
    INFO(r.error);
    REQUIRE(r.ok);
    // A template still in an older version is migrated by the loader; one in the current version
    // must match the schema as it is. Templates may carry fields of their own (not strict).
    json raw = json::parse(text);
    if (raw["version"] == kFormatVersion) CHECK(check(raw, false) == std::vector<std::string>{});
    CHECK(check(json::parse(save_map(r.map)), false) == std::vector<std::string>{});
  }
  CHECK(n >= 1);
}

TEST_CASE("schema: every key the writer emits is declared, and what it always writes is all the schema requires") {
  // A map of defaults: the writer leaves out every optional field, so a required key it does not
  // write would show here.
  Map m;
  Stage s; s.id = new_id(); m.stages.push_back(s);
  Lane l; l.id = new_id(); m.lanes.push_back(l);
  Card c; c.id = new_id(); c.stage = s.id; c.lane = l.id;
  Comment cm; cm.id = new_id(); c.comments.push_back(cm);
  c.metrics.push_back(Metric());
  m.cards.push_back(c);
  Persona p; p.id = new_id(); p.uid = "u"; p.demographics.push_back(KeyValue()); m.personas.push_back(p);
  Action a; a.id = new_id(); m.actions.push_back(a);
  BlueprintLine b; b.id = new_id(); b.above_lane = l.id; m.blueprint_lines.push_back(b);
  REQUIRE(validate(m).empty());
  CHECK(check(json::parse(save_map(m)), true) == std::vector<std::string>{});
  // And the richest map: every field set.
  LoadResult full = load_map(fixture().dump());
  REQUIRE(full.ok);
  Map& f = full.map;
  f.meta.extra.clear();
  f.meta.root_extra.clear();
  for (Stage& x : f.stages) x.extra.clear();
  for (Card& x : f.cards) { x.extra.clear(); for (Metric& y : x.metrics) y.extra.clear(); for (Comment& y : x.comments) y.extra.clear(); }
  for (Stage& x : f.stages) for (Comment& y : x.comments) y.extra.clear();
  for (Persona& x : f.personas) { x.extra.clear(); x.avatar.extra.clear(); for (KeyValue& y : x.demographics) y.extra.clear(); }
  for (Action& x : f.actions) x.extra.clear();
  for (BlueprintLine& x : f.blueprint_lines) x.extra.clear();
  f.cards[0].persona = f.personas[0].id;     // card fields the fixture leaves unset
  f.cards[0].color = 0x123456;
  f.cards[0].icon = "!";
  f.cards[0].tags = {"t"};
  f.lanes[0].collapsed = true;
  f.personas[1].avatar.image.clear();
  f.cards[0].journey = "uid:5f1c7b8e-2d3a-4c55-9e61-0a7b3c2d1e40";
  Evidence ev; ev.quote = "q"; ev.kind = EvidenceKind::Ticket; ev.source = "T-1"; ev.date = "2024-05-31";
  ev.confidence = Confidence::Observed;
  f.cards[0].evidence = {ev};
  f.stages[0].notes = "n";
  f.meta.uid = "m"; f.meta.owner = "CX"; f.meta.status = MapStatus::Published;
  f.meta.reviewed = "2024-05-31"; f.meta.review_due = "2024-11-30";
  CHECK(check(json::parse(save_map(f)), true) == std::vector<std::string>{});
  // Every property the schema declares for a card is written by the writer for this map.
  json written = json::parse(save_map(f));
  std::set<std::string> card_keys;
  for (const json& x : written["map"]["cards"])
    for (auto it = x.begin(); it != x.end(); ++it) card_keys.insert(it.key());
  for (auto it = schema()["$defs"]["card"]["properties"].begin(); it != schema()["$defs"]["card"]["properties"].end(); ++it) {
    INFO(it.key());
    CHECK(card_keys.count(it.key()) == 1);
  }
}

TEST_CASE("schema: `required` lists exactly what the loader can not do without") {
  // For one instance of each object, drop each property it has: the loader must refuse the file
  // exactly when the schema says the property is required.
  json doc = fixture();
  struct Where { const char* def; std::vector<std::string> path; };
  std::vector<Where> where = {
    {"stage", {"map", "stages", "0"}}, {"lane", {"map", "lanes", "0"}}, {"card", {"map", "cards", "0"}},
    {"card", {"map", "cards", "2"}}, {"metric", {"map", "cards", "0", "metrics", "0"}},
    {"comment", {"map", "cards", "0", "comments", "0"}}, {"persona", {"map", "personas", "0"}},
    {"avatar", {"map", "personas", "0", "avatar"}}, {"key_value", {"map", "personas", "0", "demographics", "1"}},
    {"action", {"map", "actions", "0"}}, {"blueprint_line", {"map", "blueprint_lines", "1"}},
    {"stage", {"map", "stages", "3"}},
  };
  auto at = [](json& j, const std::vector<std::string>& path) -> json& {
    json* p = &j;
    for (const std::string& k : path) p = p->is_array() ? &(*p)[std::stoul(k)] : &(*p)[k];
    return *p;
  };
  int tried = 0;
  for (const Where& w : where) {
    const json& def = schema()["$defs"][w.def];
    std::set<std::string> required;
    if (def.contains("required")) for (const json& k : def["required"]) required.insert(k);
    json probe = doc;
    std::vector<std::string> keys;
    for (auto it = at(probe, w.path).begin(); it != at(probe, w.path).end(); ++it)
      if (def["properties"].contains(it.key())) keys.push_back(it.key());
    for (const std::string& k : required) {
      INFO(w.def << " must have " << k);
      CHECK(std::find(keys.begin(), keys.end(), k) != keys.end());
    }
    for (const std::string& k : keys) {
      json copy = doc;
      at(copy, w.path).erase(k);
      LoadResult r = load_map(copy.dump());
      INFO(w.def << "." << k << ": " << r.error);
      CHECK(r.ok == !required.count(k));
      tried++;
    }
  }
  // The root and the map object: the loader needs format, version and map, nothing inside map.
  for (const char* k : {"format", "version", "map"}) {
    json copy = doc;
    copy.erase(k);
    CHECK_FALSE(load_map(copy.dump()).ok);
  }
  json blank = json::parse(save_map(make_map(Template::Blank)));
  for (auto it = blank["map"].begin(); it != blank["map"].end(); ++it) {
    json copy = blank;
    copy["map"].erase(it.key());
    INFO("map." << it.key());
    CHECK(load_map(copy.dump()).ok);
  }
  CHECK(schema()["$defs"]["map"].count("required") == 0);
  CHECK(tried > 60);
}
