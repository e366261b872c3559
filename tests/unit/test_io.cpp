// The file format: round trip, and errors that name the problem.
#include <catch2/catch.hpp>
#include "core/edit.h"
#include "core/io.h"
#include <nlohmann/json.hpp>

using namespace jm;

TEST_CASE("save then load gives the same map") {
  Doc d;
  d.map = make_map(Template::Classic);
  Card c;
  c.stage = d.map.stages[1].id;
  c.lane = d.map.lanes[1].id;
  c.text = "مقارنة الأسعار على الموقع\nNPS 45%";
  c.channel = "website";
  c.tags = {"web", "ويب"};
  c.color = 0xabcdef;
  c.icon = "\xF0\x9F\x94\x8D";
  add_card(d, c);
  d.map.meta.direction = Direction::RightToLeft;
  LoadResult r = load_map(save_map(d.map, true));
  REQUIRE(r.ok);
  CHECK(r.map == d.map);
}

TEST_CASE("broken files get messages that name the problem") {
  std::string good = save_map(make_map(Template::Blank));
  struct Case { std::string text; std::string expect; };
  std::vector<Case> cases = {
    {good.substr(0, good.size() / 2), "ends too early"},
    {"{\"format\": \"journeymap\", \"version\": 1, \"map\": {\"title\": 5}}", "map.title: expected a string"},
    {"{\"format\": \"journeymap\", \"version\": 9, \"map\": {}}", "made by a newer journeymap (version 9); this one reads up to 3"},
    {"{\"format\": \"trello\"}", "not a journey map"},
    {"[1,2,3]", "not a journey map"},
    {"{\n  \"format\": \"journeymap\",\n  oops\n}", "line 3, column 3"},
    {"{\"format\":\"journeymap\",\"version\":1,\"map\":{\"stages\":[{\"id\":1}],\"lanes\":[{\"id\":2,\"type\":\"actions\"}],"
     "\"cards\":[{\"id\":3,\"stage\":1,\"lane\":7}]}}", "map.cards[0].lane: no lane with id 7"},
    {"{\"format\":\"journeymap\",\"version\":1,\"map\":{\"lanes\":[{\"id\":2,\"type\":\"weird\"}]}}", "map.lanes[0].type: unknown lane type"},
    {"{\"format\":\"journeymap\",\"version\":1,\"map\":{\"stages\":[{\"id\":1,\"width\":-3}]}}", "map.stages[0].width: out of range"},
    {"{\"format\":\"journeymap\",\"version\":1,\"map\":{\"stages\":[{\"id\":1},{\"id\":1}]}}", "duplicate id 1"},
  };
  for (const Case& c : cases) {
    LoadResult r = load_map(c.text);
    INFO(c.text);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains(c.expect));
  }
}

TEST_CASE("colours read and write as #rrggbb") {
  Color c = 0;
  CHECK(color_from_hex("#3B82f6", &c));
  CHECK(c == 0x3b82f6u);
  CHECK(color_to_hex(c) == "#3b82f6");
  CHECK_FALSE(color_from_hex("3b82f6", &c));
  CHECK_FALSE(color_from_hex("#3b82fg", &c));
}

TEST_CASE("fields this version does not know survive a round trip") {
  std::string text = R"({"format":"journeymap","version":2,"generator":{"name":"future"},
    "map":{"title":"T","journeys_v3":[{"id":"j1","name":"Mona"}],
      "stages":[{"id":1,"name":"S","sla_days":3}],
      "lanes":[{"id":2,"name":"L","type":"actions","swimlane_owner":"CX"}],
      "cards":[{"id":3,"stage":1,"lane":2,"text":"x","attribution":[{"model":"linear","weight":0.4}]}],"next_id":4}})";
  LoadResult r = load_map(text);
  REQUIRE(r.ok);
  CHECK(r.map.cards[0].extra == R"({"attribution":[{"model":"linear","weight":0.4}]})");
  LoadResult again = load_map(save_map(r.map));
  REQUIRE(again.ok);
  CHECK(again.map == r.map);
  nlohmann::json out = nlohmann::json::parse(save_map(r.map));
  CHECK(out["generator"]["name"] == "future");
  CHECK(out["map"]["journeys_v3"][0]["name"] == "Mona");
  CHECK(out["map"]["stages"][0]["sla_days"] == 3);
  CHECK(out["map"]["lanes"][0]["swimlane_owner"] == "CX");
  CHECK(out["map"]["cards"][0]["attribution"][0]["weight"] == 0.4);
  // Known fields are never shadowed by a kept unknown one.
  CHECK(out["map"]["cards"][0]["text"] == "x");
}

TEST_CASE("files that are not maps are named for what they are") {
  CHECK(load_map("").error == "the file is empty");
  CHECK(load_map(" \n\t ").error == "the file is empty");
  CHECK_THAT(load_map("\x89PNG\r\n\x1a\n").error, Catch::Contains("not JSON"));
  CHECK_THAT(load_map("journey\n  title X").error, Catch::Contains("not JSON"));
  // Deep nesting is refused before it is read (copying it would recurse that deep).
  std::string deep = "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"x\":" + std::string(500, '[') + std::string(500, ']') + "}}";
  CHECK_THAT(load_map(deep).error, Catch::Contains("nests deeper than 64"));
  // A syntax error says why, never quoting a huge token.
  std::string nan = "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"cards\":[{\"score\":NaN}]}}";
  std::string e = load_map(nan).error;
  CHECK_THAT(e, Catch::Contains("line 1, column"));
  CHECK_THAT(e, Catch::Contains("invalid literal"));
  std::string huge = "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"title\":\"" + std::string(100000, 'x') + "}}";
  CHECK(load_map(huge).error.size() < 300);
  CHECK_THAT(load_map("{\"format\":\"journeymap\",\"version\":1,\"map\":{\"cards\":[{\"id\":1,\"stage\":1,\"lane\":1,\"score\":9}]}}").error,
             Catch::Contains("out of range -2..2"));
}
