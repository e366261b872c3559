// The content of file format version 2: personas, current and future state, metrics, comments,
// opportunities and actions, service blueprint lines, card links; their commands and undo, their
// file format (round trip, unknown fields, migration from version 1, errors with paths), and the
// analytics over them.
#include <catch2/catch.hpp>
#include "repo_files.h"
#include "core/analytics.h"
#include "core/edit.h"
#include "core/export.h"
#include "core/io.h"
#include <nlohmann/json.hpp>
#include <fstream>
#include <set>

using namespace jm;
using jm_test::repo_path;
using jm_test::read_text;
using json = nlohmann::json;

namespace {

const char* kPng1x1 = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

Id lane_of(const Map& m, LaneType t) {
  for (const Lane& l : m.lanes) if (l.type == t) return l.id;
  return kNoId;
}

Card card_in(Id stage, Id lane, const std::string& text) { Card c; c.stage = stage; c.lane = lane; c.text = text; return c; }

Map fixture() {
  LoadResult r = load_map(read_text(repo_path("tests/fixtures/v2-content.journey.json")));
  REQUIRE(r.ok);
  return r.map;
}

// A classic map with a bit of everything, made through commands.
Doc rich() {
  Doc d;
  d.map = make_map(Template::Classic);
  Map& m = d.map;
  Id tp = lane_of(m, LaneType::Touchpoints), pain = lane_of(m, LaneType::PainPoints);
  Persona p; p.name = "Mona"; p.goals = {"Fair price"};
  Id mona = add_persona(d, p);
  Card a = card_in(m.stages[0].id, tp, "Sees an ad"); a.channel = "social"; a.device = "mobile"; a.owner = "Marketing";
  Id ca = add_card(d, a);
  Card b = card_in(m.stages[1].id, tp, "Reads reviews"); b.channel = "reviews"; b.device = "desktop"; b.links = {ca};
  Id cb = add_card(d, b);
  Id cp = add_card(d, card_in(m.stages[1].id, pain, "Prices unclear"));
  tag_personas(d, {cp}, mona, true);
  add_metric(d, cb, make_metric(MetricKind::Csat, 70, 80));
  add_comment(d, cb, "Ali", "2024-05-01T10:00:00Z", "Check the review sites");
  Action act; act.title = "Publish prices"; act.cards = {cp};
  add_action(d, act);
  add_blueprint_line(d, BlueprintLineKind::Visibility, lane_of(m, LaneType::Backstage));
  set_persona_emotion(d, m.stages[1].id, lane_of(m, LaneType::Emotions), mona, -1.5f);
  d.undo_stack.clear();
  REQUIRE(validate(d.map).empty());
  return d;
}

} // namespace

// ---- File format ----------------------------------------------------------------------------------

TEST_CASE("content: every new entity survives save then load, with the fields it did not know") {
  Map m = fixture();
  CHECK(m.personas.size() == 2);
  CHECK(m.actions.size() == 2);
  CHECK(m.blueprint_lines.size() == 3);
  CHECK(stages_in(m, JourneyState::Future).size() == 3);
  const Card* letter = card_by_id(m, 12);
  REQUIRE(letter);
  CHECK(letter->moment_of_truth);
  CHECK(letter->device == "paper");
  CHECK(letter->owner == "Billing");
  CHECK(letter->personas == std::vector<Id>{30});
  REQUIRE(letter->metrics.size() == 1);
  CHECK(letter->metrics[0].kind == MetricKind::Csat);
  CHECK(*letter->metrics[0].value == 62);
  CHECK(letter->metrics[0].date == "2024-04-30");
  CHECK(letter->metrics[0].extra == R"({"source":"survey tool"})");
  CHECK(letter->comments[0].time == "2024-05-03T10:00:00+03:00");
  CHECK(letter->extra == R"({"ab_test":"B"})");
  CHECK(card_by_id(m, 14)->links == std::vector<Id>{13});
  CHECK(card_by_id(m, 19)->persona == 30);
  CHECK(card_by_id(m, 32)->origin == 12);
  CHECK(m.stages[3].state == JourneyState::Future);
  CHECK(m.stages[3].origin == 1);
  CHECK(m.stages[0].comments[0].extra == R"({"pinned":true})");
  CHECK(m.stages[0].extra == R"({"sla_days":3})");
  const Persona& mona = m.personas[0];
  CHECK(mona.uid == "5f1c7b8e-2d3a-4c55-9e61-0a7b3c2d1e40");
  CHECK(mona.avatar.image.rfind("data:image/png;base64,", 0) == 0);
  CHECK(mona.avatar.extra == R"({"crop":[0,0,1,1]})");
  CHECK(mona.demographics[1].extra == R"({"source":"interview 3"})");
  CHECK(mona.channels == std::vector<std::string>{"email", "live_chat"});
  CHECK(mona.extra == R"({"segment":"SMB"})");
  CHECK(m.personas[1].avatar.initials == "\xD9\x8A");
  CHECK(m.actions[0].status == ActionStatus::Planned);
  CHECK(m.actions[0].priority == Priority::High);
  CHECK(m.actions[0].impact == 4);
  CHECK(m.actions[0].cards == std::vector<Id>{12, 23});
  CHECK(m.actions[0].extra == R"({"jira":"CX-12"})");
  CHECK(m.actions[1].kind == ActionKind::ActionItem);
  CHECK(m.blueprint_lines[1].kind == BlueprintLineKind::Visibility);
  CHECK(m.blueprint_lines[1].extra == R"({"style":"dashed"})");
  CHECK(m.meta.extra == R"({"review_cycle":"quarterly"})");

  std::string saved = save_map(m);
  LoadResult back = load_map(saved);
  REQUIRE(back.ok);
  CHECK(back.map == m);
  CHECK(save_map(back.map) == saved);          // stable: a second save writes the same bytes
  json j = json::parse(saved);
  CHECK(j["version"] == kFormatVersion);
  CHECK(j["map"]["personas"][0]["segment"] == "SMB");
  CHECK(j["map"]["cards"][0]["ab_test"] == "B");
}

TEST_CASE("content: a map made through the commands round-trips, and default fields stay out of the file") {
  Doc d = rich();
  LoadResult r = load_map(save_map(d.map, true));
  REQUIRE(r.ok);
  CHECK(r.map == d.map);
  // A card with none of the new content is written exactly as version 1 wrote it.
  Map plain = make_map(Template::Blank);
  Card c = card_in(plain.stages[0].id, plain.lanes[0].id, "x");
  c.id = new_id();
  plain.cards.push_back(c);
  json j = json::parse(save_map(plain));
  CHECK(j["map"]["cards"][0].size() == 4);     // id, stage, lane, text (order 0 is the default)
  CHECK(j["map"]["stages"][0].size() == 3);    // id, name, color (width 240 is the default)
  // No empty arrays: an absent one reads as empty.
  CHECK_FALSE(j["map"].contains("personas"));
  CHECK_FALSE(j["map"].contains("actions"));
  CHECK_FALSE(j["map"].contains("blueprint_lines"));
}

TEST_CASE("content: version 1 files are migrated on load and written in the current version") {
  // The shipped B2B example as it was written in version 1, and the e2e fixture's base map.
  std::string b2b = read_text(repo_path("tests/fixtures/b2b-plain.journey.json"));
  json v1 = json::parse(b2b);
  v1["version"] = 1;
  LoadResult old = load_map(v1.dump());
  REQUIRE(old.ok);
  CHECK(old.version == 1);
  LoadResult now = load_map(b2b);
  REQUIRE(now.ok);
  CHECK(now.version == 2);
  CHECK(old.map == now.map);                     // nothing of version 1 changed meaning
  CHECK(old.map.cards.size() == 65);
  json out = json::parse(save_map(old.map));
  CHECK(out["version"] == kFormatVersion);

  for (const char* name : {"tests/fuzz/corpus/valid-b2b.journey.json", "tests/fixtures/broken/card-lane-is-a-stage.journey.json"}) {
    std::string text = read_text(repo_path(name));
    LoadResult r = load_map(text);
    INFO(name << ": " << r.error);
    if (json::parse(text)["version"] != 1) continue;
    // Valid ones load as they are; broken ones still fail for their own reason, not the version.
    if (r.ok) CHECK(load_map(save_map(r.map)).map == r.map);
    else CHECK_THAT(r.error, !Catch::Contains("version"));
  }

  // Fields a version 1 file held under names version 2 now defines were some other tool's; they
  // are kept, unread, under "v1_<name>".
  std::string foreign = R"({"format":"journeymap","version":1,
    "map":{"title":"T","personas":[{"id":"p1","name":"Mona"}],"actions":"call back",
      "stages":[{"id":1,"name":"S","state":"draft","v1_state":0}],
      "lanes":[{"id":2,"name":"L","type":"actions"}],
      "cards":[{"id":3,"stage":1,"lane":2,"text":"x","metrics":[{"name":"NPS","value":45}],"links":"none","owner":"CX"}],"next_id":4}})";
  LoadResult f = load_map(foreign);
  REQUIRE(f.ok);
  CHECK(f.map.personas.empty());
  CHECK(f.map.cards[0].metrics.empty());
  CHECK(f.map.cards[0].owner.empty());
  CHECK(f.map.cards[0].extra == R"({"v1_links":"none","v1_metrics":[{"name":"NPS","value":45}],"v1_owner":"CX"})");
  CHECK(f.map.stages[0].extra == R"({"v1_state":0,"v1_state_":"draft"})");
  json saved = json::parse(save_map(f.map));
  CHECK(saved["map"]["v1_personas"][0]["name"] == "Mona");
  CHECK(saved["map"]["v1_actions"] == "call back");
  CHECK_FALSE(saved["map"].contains("personas"));   // none read: no empty array
  CHECK(load_map(saved.dump()).map == f.map);
}

TEST_CASE("content: version 2 files keep their ids and lose next_id, what is added since gets random ids") {
  std::string b2b = read_text(repo_path("tests/fixtures/b2b-plain.journey.json"));
  REQUIRE(json::parse(b2b)["map"].contains("next_id"));
  LoadResult r = load_map(b2b);
  REQUIRE(r.ok);
  CHECK(r.version == 2);
  for (const Card& c : r.map.cards) CHECK(c.id < kFirstRandomId);   // counted ids, as they were
  json out = json::parse(save_map(r.map));
  CHECK(out["version"] == 3);
  CHECK_FALSE(out["map"].contains("next_id"));
  std::vector<Id> before, after;
  json in = json::parse(b2b);
  for (const json& c : in["map"]["cards"]) before.push_back(c["id"].get<Id>());
  for (const json& c : out["map"]["cards"]) after.push_back(c["id"].get<Id>());
  CHECK(before == after);   // the same ids, so copies migrated apart still match in a merge
  // Two copies add a card each: different ids, above every counted one, within what a double holds.
  Doc a, b;
  a.map = b.map = r.map;
  Card c;
  c.stage = r.map.stages[0].id;
  c.lane = r.map.lanes[0].id;
  c.text = "New";
  Id ia = add_card(a, c), ib = add_card(b, c);
  CHECK(ia != ib);
  CHECK((ia >= kFirstRandomId && ia <= kMaxId && ib >= kFirstRandomId && ib <= kMaxId));
  CHECK(validate(a.map).empty());
  LoadResult back = load_map(save_map(a.map));
  REQUIRE(back.ok);
  CHECK(back.map == a.map);
  CHECK(json::parse(save_map(a.map))["map"]["cards"].back()["id"].get<double>() == double(ia));
  // A next_id a version 2 reader refused still refuses the file, naming it.
  json bad = json::parse(b2b);
  bad["map"]["next_id"] = -1;
  CHECK(load_map(bad.dump()).error == "map.next_id: out of range 0..4294967295");
  bad["map"]["next_id"] = "12";
  CHECK(load_map(bad.dump()).error == "map.next_id: expected a number");
  // Ids past 2^53 - 1 are refused; in version 3 next_id is an unknown field, kept.
  json big = json::parse(save_map(r.map));
  big["map"]["cards"][0]["id"] = 9007199254740992ull;
  CHECK_THAT(load_map(big.dump()).error, Catch::Contains("map.cards[0].id: expected a positive integer id"));
  json kept = json::parse(save_map(r.map));
  kept["map"]["next_id"] = 5;
  LoadResult k = load_map(kept.dump());
  REQUIRE(k.ok);
  CHECK(json::parse(save_map(k.map))["map"]["next_id"] == 5);
}

TEST_CASE("ids: random ones from 2^32 up to 2^53 - 1, repeatable when seeded, parse_id reads what they write") {
  std::set<Id> seen;
  for (int i = 0; i < 10000; i++) {
    Id id = new_id();
    CHECK((id >= kFirstRandomId && id <= kMaxId));
    seen.insert(id);
  }
  CHECK(seen.size() == 10000);
  seed_ids(42);
  Id x = new_id();
  seed_ids(42);
  CHECK(new_id() == x);
  CHECK(parse_id("12") == 12);
  CHECK(parse_id(" 12 34") == 12);
  CHECK(parse_id(std::to_string(x)) == x);
  CHECK(parse_id("9007199254740991") == kMaxId);
  CHECK(parse_id("9007199254740992") == kNoId);
  CHECK(parse_id("99999999999999999999999") == kNoId);
  CHECK(parse_id("card") == kNoId);
  CHECK(parse_id("") == kNoId);
}

TEST_CASE("content: a file from a newer journeymap says so, and which versions this one reads") {
  LoadResult r = load_map(R"({"format":"journeymap","version":4,"map":{}})");
  CHECK_FALSE(r.ok);
  CHECK(r.error == "version: made by a newer journeymap (version 4); this one reads up to 3");
  CHECK_THAT(load_map(R"({"format":"journeymap","version":0,"map":{}})").error,
             Catch::Contains("version 0; this journeymap reads versions 1 to 3"));
}

TEST_CASE("content: broken version 2 files name the field") {
  json base = json::parse(read_text(repo_path("tests/fixtures/v2-content.journey.json")));
  struct Case { std::function<void(json&)> change; std::string expect; };
  std::vector<Case> cases = {
    {[](json& d) { d["map"]["personas"][0]["goals"][1] = 7; }, "map.personas[0].goals[1]: expected a string"},
    {[](json& d) { d["map"]["personas"][0].erase("uid"); }, "map.personas[0].uid: missing"},
    {[](json& d) { d["map"]["personas"][1]["uid"] = d["map"]["personas"][0]["uid"]; }, "map.personas[1].uid: duplicate uid"},
    {[](json& d) { d["map"]["personas"][0]["avatar"]["image"] = "data:image/gif;base64,R0lGODlh"; }, "map.personas[0].avatar.image: expected a data URL of a PNG or JPEG"},
    {[](json& d) { d["map"]["personas"][0]["avatar"]["image"] = "data:image/png;base64,/9j/4AAQ"; }, "map.personas[0].avatar.image: the data is not a PNG image"},
    {[](json& d) { d["map"]["personas"][0]["avatar"]["image"] = "data:image/png;base64," + std::string(300000, 'A'); }, "map.personas[0].avatar.image: image too large"},
    {[](json& d) { d["map"]["personas"][1]["avatar"]["initials"] = "ABCD"; }, "map.personas[1].avatar.initials: at most 3 characters"},
    {[](json& d) { d["map"]["personas"][0]["demographics"][0].erase("key"); }, "map.personas[0].demographics[0].key: missing"},
    {[](json& d) { d["map"]["cards"][0]["personas"] = {99}; }, "map.cards[0].personas[0]: no persona with id 99"},
    {[](json& d) { d["map"]["cards"][7]["persona"] = 12; }, "map.cards[7].persona: no persona with id 12"},
    {[](json& d) { d["map"]["cards"][2]["links"] = {14}; }, "map.cards[2].links[0]: refers to itself"},
    {[](json& d) { d["map"]["cards"][2]["links"] = {13, 13}; }, "map.cards[2].links[1]: card 13 listed twice"},
    {[](json& d) { d["map"]["cards"][2]["links"] = {"13"}; }, "map.cards[2].links[0]: expected a positive integer id"},
    {[](json& d) { d["map"]["cards"][0]["moment_of_truth"] = "yes"; }, "map.cards[0].moment_of_truth: expected true or false"},
    {[](json& d) { d["map"]["cards"][0]["metrics"][0]["kind"] = "happiness"; }, "map.cards[0].metrics[0].kind: unknown value \"happiness\""},
    {[](json& d) { d["map"]["cards"][0]["metrics"][0]["value"] = "62"; }, "map.cards[0].metrics[0].value: expected a number"},
    {[](json& d) { d["map"]["cards"][0]["metrics"][0]["date"] = "April"; }, "map.cards[0].metrics[0].date: expected an ISO date"},
    {[](json& d) { d["map"]["cards"][0]["comments"][0]["time"] = "2024-02-30T10:00Z"; }, "map.cards[0].comments[0].time: expected an ISO date-time"},
    {[](json& d) { d["map"]["cards"][0]["comments"][0]["id"] = 13; }, "map.cards[1].id: duplicate id 13"},   // ids are map-wide
    {[](json& d) { d["map"]["stages"][3]["state"] = "someday"; }, "map.stages[3].state: unknown value \"someday\" (expected one of current, future)"},
    {[](json& d) { d["map"]["stages"][0]["comments"][0].erase("id"); }, "map.stages[0].comments[0].id: missing"},
    {[](json& d) { d["map"]["actions"][0]["impact"] = 6; }, "map.actions[0].impact: expected a whole number from 0 to 5"},
    {[](json& d) { d["map"]["actions"][0]["status"] = "blocked"; }, "map.actions[0].status: unknown value \"blocked\""},
    {[](json& d) { d["map"]["actions"][1]["priority"] = 1; }, "map.actions[1].priority: expected one of low, medium, high"},
    {[](json& d) { d["map"]["actions"][0]["due"] = "2024-13-01"; }, "map.actions[0].due: expected an ISO date"},
    {[](json& d) { d["map"]["actions"][1]["cards"] = {24, 404}; }, "map.actions[1].cards[1]: no card with id 404"},
    {[](json& d) { d["map"]["blueprint_lines"][0]["above_lane"] = 1; }, "map.blueprint_lines[0].above_lane: no lane with id 1"},
    {[](json& d) { d["map"]["blueprint_lines"][0].erase("kind"); }, "map.blueprint_lines[0].kind: missing"},
    {[](json& d) { d["map"]["lanes"][4]["type"] = "frontstages"; }, "map.lanes[4].type: unknown lane type"},
  };
  for (const Case& c : cases) {
    json d = base;
    c.change(d);
    LoadResult r = load_map(d.dump());
    INFO(c.expect);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::StartsWith(c.expect));
  }
}

TEST_CASE("content: ISO dates and date-times are checked, not only their shape") {
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
  CHECK_FALSE(is_iso_date("2024-04-31"));
  CHECK_FALSE(is_iso_date("24-04-01"));
  CHECK(is_iso_date_time("2024-05-31T14:03"));
  CHECK(is_iso_date_time("2024-05-31T14:03:59.123Z"));
  CHECK(is_iso_date_time("2024-05-31T14:03:00-05:00"));
  CHECK_FALSE(is_iso_date_time("2024-05-31T24:00"));
  CHECK_FALSE(is_iso_date_time("2024-05-31T14:03:00+5"));
  CHECK_FALSE(is_iso_date_time("2024-05-31"));
}

TEST_CASE("content: avatar images must be small PNG or JPEG data URLs") {
  CHECK(check_avatar_image(kPng1x1).empty());
  CHECK(check_avatar_image("data:image/jpeg;base64,/9j/4AAQSkZJRg==").empty());
  CHECK_THAT(check_avatar_image("data:image/jpeg;base64,iVBORw0KGgo="), Catch::Contains("not a JPEG"));
  CHECK_THAT(check_avatar_image("https://example.org/mona.png"), Catch::Contains("data URL"));
  CHECK_THAT(check_avatar_image("data:image/png;base64,iVBORw0KGgo"), Catch::Contains("cut short"));
  CHECK_THAT(check_avatar_image("data:image/png;base64,iVBORw0K<b>="), Catch::Contains("not base64"));
  CHECK_THAT(check_avatar_image("data:image/png;base64,iVBORw0KGgo=" + std::string(kMaxAvatarBytes, 'A')), Catch::Contains("too large"));
}

// ---- Personas -------------------------------------------------------------------------------------

TEST_CASE("content: personas are added with a uid, merged from the library by uid, and deleted with their references") {
  Doc d = rich();
  Id mona = d.map.personas[0].id;
  std::string uid = d.map.personas[0].uid;
  CHECK(uid.size() == 36);
  CHECK(uid[14] == '4');
  CHECK(new_uid() != new_uid());
  Map start = d.map;

  // The library's copy: Fill keeps the map's fields and adds what is missing.
  Persona lib;
  lib.uid = uid;
  lib.name = "Mona H.";
  lib.role = "Office manager";
  lib.goals = {"Fair price", "No calls"};
  lib.demographics = {{"Age", "41", ""}};
  CHECK(upsert_persona(d, lib, PersonaMerge::Fill) == mona);
  const Persona* p = persona_by_id(d.map, mona);
  CHECK(p->name == "Mona");
  CHECK(p->role == "Office manager");
  CHECK(p->goals == std::vector<std::string>{"Fair price", "No calls"});
  CHECK(p->demographics.size() == 1);
  // Replace takes the library's copy whole, keeping the map-local id.
  upsert_persona(d, lib, PersonaMerge::Replace);
  p = persona_by_id(d.map, mona);
  CHECK(p->name == "Mona H.");
  CHECK(p->id == mona);
  // An unknown uid adds a persona; its JSON is what the library stores.
  Persona other;
  other.uid = "lib-7";
  other.name = "Ali";
  other.avatar.image = kPng1x1;
  Id ali = upsert_persona(d, other);
  CHECK(d.map.personas.size() == 2);
  CHECK(persona_by_id(d.map, ali)->uid == "lib-7");
  Persona copy;
  std::string err;
  REQUIRE(persona_from_json(persona_to_json(*persona_by_id(d.map, ali)), &copy, &err));
  CHECK(copy == *persona_by_id(d.map, ali));
  CHECK_FALSE(persona_from_json(R"({"name":"no uid"})", &copy, &err));
  CHECK(err == "persona.uid: missing");
  CHECK_FALSE(persona_from_json(R"({"uid":"x","avatar":{"image":"data:image/png;base64,AAAA"}})", &copy, &err));
  CHECK(err == "persona.avatar.image: the data is not a PNG image");

  // Two personas can not end up with one uid.
  Persona clash = *persona_by_id(d.map, ali);
  clash.uid = uid;
  update_persona(d, clash);
  CHECK(persona_by_id(d.map, ali)->uid == "lib-7");

  // Deleting Mona clears her from the cards tagged with her and from her curve, in one step.
  Map before = d.map;
  size_t steps = d.undo_stack.size();
  delete_persona(d, mona);
  CHECK(d.undo_stack.size() == steps + 1);
  CHECK(validate(d.map).empty());
  for (const Card& c : d.map.cards) {
    CHECK(c.persona != mona);
    CHECK(std::find(c.personas.begin(), c.personas.end(), mona) == c.personas.end());
  }
  undo(d);
  CHECK(d.map == before);
  while (undo(d)) {}
  CHECK(d.map == start);
}

TEST_CASE("content: cards filter by persona, and each persona has its own emotion curve") {
  Doc d = rich();
  Id mona = d.map.personas[0].id;
  Id emo = lane_of(d.map, LaneType::Emotions);
  set_emotion(d, d.map.stages[0].id, emo, 1.0f);                  // shared curve
  set_emotion(d, d.map.stages[1].id, emo, 0.0f);
  auto shared = emotion_points(d.map);
  auto hers = emotion_points(d.map, JourneyState::Current, mona);
  REQUIRE(shared.size() == 2);
  REQUIRE(hers.size() == 1);
  CHECK(hers[0]->score == -1.5f);
  Card plain; plain.text = "for everyone";
  Card tagged; tagged.personas = {mona};
  CHECK(card_for_persona(plain, mona));
  CHECK(card_for_persona(tagged, mona));
  CHECK_FALSE(card_for_persona(tagged, mona + 1000));
  // A persona that does not exist is refused, not stored.
  CHECK(set_persona_emotion(d, d.map.stages[0].id, emo, 9999, 1.0f) == kNoId);
}

// ---- Links, moments of truth, comments, metrics, actions, blueprint lines ----------------------------

TEST_CASE("content: deleting a card removes the links and action references to it, undo restores both") {
  Doc d = rich();
  Id reviews = d.map.cards[1].id, ad = d.map.cards[0].id, pain = d.map.cards[2].id;
  REQUIRE(card_by_id(d.map, reviews)->links == std::vector<Id>{ad});
  Map before = d.map;
  delete_cards(d, {ad, pain});
  CHECK(card_by_id(d.map, reviews)->links.empty());
  CHECK(d.map.actions[0].cards.empty());
  CHECK(validate(d.map).empty());
  CHECK(d.undo_stack.size() == 1);
  undo(d);
  CHECK(d.map == before);
  // Deleting the stage holding a linked card does the same; moving keeps the links.
  move_cards(d, {reviews}, d.map.stages[4].id, d.map.lanes[0].id);
  CHECK(card_by_id(d.map, reviews)->links == std::vector<Id>{ad});
  delete_stage(d, d.map.stages[0].id);
  CHECK(card_by_id(d.map, reviews)->links.empty());
  undo(d);
  CHECK(card_by_id(d.map, reviews)->links == std::vector<Id>{ad});
  // link_cards refuses a link to itself or to nothing.
  link_cards(d, reviews, reviews, true);
  link_cards(d, reviews, 99999, true);
  CHECK(card_by_id(d.map, reviews)->links == std::vector<Id>{ad});
  link_cards(d, reviews, ad, false);
  CHECK(card_by_id(d.map, reviews)->links.empty());
}

TEST_CASE("content: links stay within a state, a move into the other state drops the ones that would cross") {
  Doc d = rich();
  Id ad = d.map.cards[0].id, reviews = d.map.cards[1].id;
  Id future = add_stage_in_state(d, JourneyState::Future, "Later");
  Id tp = lane_of(d.map, LaneType::Touchpoints);
  Id later = add_card(d, card_in(future, tp, "Later touchpoint"));
  link_cards(d, later, ad, true);                       // across states: refused
  CHECK(card_by_id(d.map, later)->links.empty());
  Card c = *card_by_id(d.map, later);
  c.links = {ad, reviews};
  update_card(d, c);                                    // dropped on the way in
  CHECK(card_by_id(d.map, later)->links.empty());
  link_cards(d, ad, reviews, true);
  Map before = d.map;
  move_cards(d, {reviews}, future, tp);                 // reviews -> ad and ad -> reviews both cross now
  CHECK(card_by_id(d.map, reviews)->links.empty());
  CHECK(card_by_id(d.map, ad)->links.empty());
  CHECK(validate(d.map).empty());
  undo(d);
  CHECK(d.map == before);
  // update_stage never switches a stage's state.
  Stage s = *stage_by_id(d.map, future);
  s.state = JourneyState::Current;
  s.name = "Later on";
  update_stage(d, s);
  CHECK(stage_by_id(d.map, future)->name == "Later on");
  CHECK(stage_by_id(d.map, future)->state == JourneyState::Future);
  // A file with a link across states is refused with the path.
  json j = json::parse(save_map(d.map));
  for (json& x : j["map"]["cards"])
    if (x["id"] == later) x["links"] = {ad};
  CHECK_THAT(load_map(j.dump()).error, Catch::Contains(".links[0]: card " + std::to_string(ad) + " is in the other state"));
}

TEST_CASE("content: deleting a lane takes the blueprint lines drawn along it") {
  Doc d = rich();
  Id back = lane_of(d.map, LaneType::Backstage);
  REQUIRE(d.map.blueprint_lines.size() == 1);
  Map before = d.map;
  delete_lane(d, back);
  CHECK(d.map.blueprint_lines.empty());
  undo(d);
  CHECK(d.map == before);
  CHECK(add_blueprint_line(d, BlueprintLineKind::Interaction, 4242) == kNoId);
  Id line = add_blueprint_line(d, BlueprintLineKind::InternalInteraction, d.map.lanes[0].id, "Support");
  BlueprintLine b = d.map.blueprint_lines.back();
  CHECK(b.id == line);
  b.above_lane = d.map.lanes[2].id;
  update_blueprint_line(d, b);
  CHECK(d.map.blueprint_lines.back().above_lane == d.map.lanes[2].id);
  delete_blueprint_line(d, line);
  CHECK(d.map.blueprint_lines.size() == 1);
}

TEST_CASE("content: comments on cards and stages get ids, edit and delete as one step each") {
  Doc d = rich();
  Id stage = d.map.stages[2].id;
  Id c1 = add_comment(d, stage, "Mona", "2024-06-01T08:00:00Z", "Too many steps");
  REQUIRE(c1 != kNoId);
  CHECK(comment_target(d.map, c1) == stage);
  CHECK(edit_comment(d, c1, "Too many steps?", "typing"));
  CHECK(edit_comment(d, c1, "Too many steps!", "typing"));
  CHECK(d.undo_stack.back().label == "Edit comment");
  size_t steps = d.undo_stack.size();
  CHECK(stage_by_id(d.map, stage)->comments[0].text == "Too many steps!");
  undo(d);
  CHECK(stage_by_id(d.map, stage)->comments[0].text == "Too many steps");
  CHECK(d.undo_stack.size() == steps - 1);
  CHECK(delete_comment(d, c1));
  CHECK(stage_by_id(d.map, stage)->comments.empty());
  CHECK_FALSE(delete_comment(d, c1));
  CHECK(add_comment(d, 424242, "x", "", "nowhere") == kNoId);
  // A comment passed in with an id that is not its own (copied from elsewhere) gets a fresh one.
  Card c = *card_by_id(d.map, d.map.cards[1].id);
  Comment dup = c.comments[0];
  dup.text = "copy";
  c.comments.push_back(dup);
  Comment fresh;
  fresh.text = "new";
  c.comments.push_back(fresh);
  update_card(d, c);
  const Card* got = card_by_id(d.map, c.id);
  REQUIRE(got->comments.size() == 3);
  CHECK(got->comments[0].id == c.comments[0].id);
  CHECK(got->comments[1].id != got->comments[0].id);
  CHECK(got->comments[2].id != kNoId);
  CHECK(validate(d.map).empty());
}

TEST_CASE("content: metric status is on target, near (within 10 %) or off, either direction") {
  CHECK(metric_status(make_metric(MetricKind::Nps, 50, 45)) == MetricStatus::OnTarget);
  CHECK(metric_status(make_metric(MetricKind::Nps, 45, 50)) == MetricStatus::Near);
  CHECK(metric_status(make_metric(MetricKind::Nps, 44.9, 50)) == MetricStatus::Off);
  CHECK(metric_status(make_metric(MetricKind::Nps, -12, -10)) == MetricStatus::Off);   // 2 short of 10 % of |-10|
  CHECK(metric_status(make_metric(MetricKind::Nps, -10.5, -10)) == MetricStatus::Near);
  // Response time: lower is better.
  Metric rt = make_metric(MetricKind::ResponseTime, 5.4, 5);
  CHECK_FALSE(rt.higher_is_better);
  CHECK(rt.unit == "min");
  CHECK(metric_status(rt) == MetricStatus::Near);
  rt.value = 4;
  CHECK(metric_status(rt) == MetricStatus::OnTarget);
  rt.value = 6;
  CHECK(metric_status(rt) == MetricStatus::Off);
  CHECK(metric_status(rt, 0.25) == MetricStatus::Near);
  CHECK(metric_status(make_metric(MetricKind::Csat, 70)) == MetricStatus::Unknown);
  CHECK(std::string(metric_status_key(MetricStatus::Near)) == "near");
}

TEST_CASE("content: metric commands edit a card's or a stage's list and undo exactly") {
  Doc d = rich();
  Id card = d.map.cards[1].id, stage = d.map.stages[0].id;
  Map start = d.map;
  CHECK(add_metric(d, stage, make_metric(MetricKind::Conversion, 30, 40)));
  CHECK(add_metric(d, card, make_metric(MetricKind::Nps, 10, 20)));
  Metric m = make_metric(MetricKind::Nps, 15, 20);
  CHECK(update_metric(d, card, 1, m));
  CHECK(*card_by_id(d.map, card)->metrics[1].value == 15);
  CHECK_FALSE(update_metric(d, card, 7, m));
  Metric nan = m;
  nan.value = std::nan("");
  CHECK(update_metric(d, card, 1, nan));
  CHECK_FALSE(card_by_id(d.map, card)->metrics[1].value.has_value());   // a NaN is no value
  CHECK(remove_metric(d, card, 0));
  CHECK(card_by_id(d.map, card)->metrics.size() == 1);
  CHECK_FALSE(remove_metric(d, 999999, 0));
  CHECK(validate(d.map).empty());
  while (undo(d)) {}
  CHECK(d.map == start);
}

TEST_CASE("content: actions add, edit, move and delete, their card links are kept valid") {
  Doc d = rich();
  Map start = d.map;
  Action a;
  a.kind = ActionKind::ActionItem;
  a.title = "Call back within a day";
  a.impact = 9;                               // clamped to 5
  a.due = "next week";                        // not a date: dropped
  a.cards = {d.map.cards[0].id, 77777, d.map.cards[0].id};
  Id id = add_action(d, a, 0);
  REQUIRE(id != kNoId);
  CHECK(d.map.actions[0].id == id);
  CHECK(d.map.actions[0].impact == 5);
  CHECK(d.map.actions[0].due.empty());
  CHECK(d.map.actions[0].cards == std::vector<Id>{d.map.cards[0].id});
  CHECK(d.undo_stack.back().label == "Add action item");
  Action e = d.map.actions[0];
  e.status = ActionStatus::Done;
  e.due = "2024-10-01";
  update_action(d, e);
  CHECK(d.map.actions[0].status == ActionStatus::Done);
  move_action(d, id, 1);
  CHECK(d.map.actions[1].id == id);
  delete_actions(d, {id});
  CHECK(d.map.actions.size() == 1);
  CHECK(validate(d.map).empty());
  while (undo(d)) {}
  CHECK(d.map == start);
}

TEST_CASE("content: moments of truth, pasted and duplicated cards keep references valid") {
  Doc d = rich();
  Id reviews = d.map.cards[1].id;
  set_moment_of_truth(d, {reviews}, true);
  CHECK(card_by_id(d.map, reviews)->moment_of_truth);
  // Duplicate: a new card with its links, new comment ids, no origin.
  auto dup = duplicate_cards(d, {reviews});
  REQUIRE(dup.size() == 1);
  const Card* c = card_by_id(d.map, dup[0]);
  CHECK(c->links == card_by_id(d.map, reviews)->links);
  CHECK(c->comments[0].id != card_by_id(d.map, reviews)->comments[0].id);
  CHECK(validate(d.map).empty());
  // The clipboard leaves map-local ids behind: a paste into another map must not link to
  // whatever card happens to have that id there.
  std::string clip = cards_to_clipboard(d.map, {reviews});
  json j = json::parse(clip);
  CHECK_FALSE(j["cards"][0].contains("links"));
  CHECK_FALSE(j["cards"][0]["comments"][0].contains("id"));
  CHECK(j["cards"][0]["moment_of_truth"] == true);
  std::vector<Card> got;
  REQUIRE(cards_from_clipboard(clip, &got));
  Doc other;
  other.map = make_map(Template::Classic);
  auto ids = paste_cards(other, got, other.map.stages[0].id, other.map.lanes[0].id);
  REQUIRE(ids.size() == 1);
  const Card* p = card_by_id(other.map, ids[0]);
  CHECK(p->moment_of_truth);
  CHECK(p->metrics == card_by_id(d.map, reviews)->metrics);
  CHECK(p->comments.size() == 1);
  CHECK(validate(other.map).empty());
}

// ---- Current and future state ------------------------------------------------------------------------

TEST_CASE("content: copy current to future makes a linked copy in one undoable step") {
  Doc d = rich();
  Map start = d.map;
  copy_current_to_future(d);
  CHECK(d.undo_stack.size() == 1);
  CHECK(d.undo_stack.back().label == "Copy current state to future");
  auto cur = stages_in(d.map, JourneyState::Current), fut = stages_in(d.map, JourneyState::Future);
  REQUIRE(fut.size() == cur.size());
  for (size_t i = 0; i < cur.size(); i++) {
    CHECK(fut[i]->origin == cur[i]->id);
    CHECK(fut[i]->name == cur[i]->name);
  }
  CHECK(d.map.cards.size() == 2 * start.cards.size());
  Id reviews = start.cards[1].id, ad = start.cards[0].id;
  const Card* copy = nullptr;
  const Card* ad_copy = nullptr;
  for (const Card& c : d.map.cards) {
    if (c.origin == reviews) copy = &c;
    if (c.origin == ad) ad_copy = &c;
  }
  REQUIRE(copy);
  REQUIRE(ad_copy);
  CHECK(card_state(d.map, *copy) == JourneyState::Future);
  CHECK(copy->links == std::vector<Id>{ad_copy->id});   // links point at the copies
  CHECK(copy->comments.empty());                         // notes stay on the card they were written on
  CHECK(copy->metrics == card_by_id(d.map, reviews)->metrics);
  CHECK(validate(d.map).empty());
  CHECK(diff_states(d.map).empty());
  CHECK(diff_states(d.map).unchanged == start.cards.size());
  // Copying again replaces the future state rather than adding a second one.
  copy_current_to_future(d);
  CHECK(stages_in(d.map, JourneyState::Future).size() == cur.size());
  CHECK(d.map.cards.size() == 2 * start.cards.size());
  clear_future_state(d);
  CHECK_FALSE(has_future_state(d.map));
  CHECK(d.map.cards.size() == start.cards.size());
  while (undo(d)) {}
  CHECK(d.map == start);
}

TEST_CASE("content: diff of current and future names added, removed and changed cards with their fields") {
  Doc d = rich();
  copy_current_to_future(d);
  Map& m = d.map;
  Id ad = m.cards[0].id, reviews = m.cards[1].id, pain = m.cards[2].id;
  auto copy_of = [&](Id id) { for (const Card& c : m.cards) if (c.origin == id) return c.id; return kNoId; };
  Card c = *card_by_id(m, copy_of(reviews));
  c.text = "Reads reviews in the app";
  c.channel = "in_product";
  c.metrics[0].value = 85;
  update_card(d, c);
  delete_cards(d, {copy_of(pain)});
  auto fut = stages_in(m, JourneyState::Future);
  Id added = add_card(d, card_in(fut[4]->id, lane_of(m, LaneType::Touchpoints), "Referral reward"));
  // A card made by hand in both states pairs up by stage, lane and text.
  Id hand_cur = add_card(d, card_in(m.stages[3].id, lane_of(m, LaneType::Actions), "Renews"));
  Id hand_fut = add_card(d, card_in(fut[3]->id, lane_of(m, LaneType::Actions), "Renews"));
  // Moving a card to another stage is a change of stage.
  move_cards(d, {copy_of(ad)}, fut[2]->id, lane_of(m, LaneType::Touchpoints));
  Id future_stage = add_stage_in_state(d, JourneyState::Future, "Referral");
  CHECK(stage_by_id(m, future_stage)->state == JourneyState::Future);

  StateDiff diff = diff_states(m);
  CHECK(diff.added == std::vector<Id>{added});
  CHECK(diff.removed == std::vector<Id>{pain});
  CHECK(diff.added_stages == std::vector<Id>{future_stage});
  CHECK(diff.removed_stages.empty());
  REQUIRE(diff.changed.size() == 2);
  const CardDiff* rv = nullptr;
  const CardDiff* mv = nullptr;
  for (const CardDiff& x : diff.changed) {
    if (x.from == reviews) rv = &x;
    if (x.from == ad) mv = &x;
  }
  REQUIRE(rv);
  REQUIRE(mv);
  CHECK(rv->fields == std::vector<std::string>{"text", "channel", "metrics"});
  CHECK(mv->fields == std::vector<std::string>{"stage"});
  CHECK(std::none_of(diff.changed.begin(), diff.changed.end(), [&](const CardDiff& x) { return x.from == hand_cur || x.to == hand_fut; }));
  // The emotion point and the hand-made pair are unchanged.
  CHECK(diff.unchanged == 2);
  // Diff the other way round: what was added is now removed.
  StateDiff back = diff_states(m, JourneyState::Future, JourneyState::Current);
  CHECK(back.removed == std::vector<Id>{added});
  CHECK(back.added == std::vector<Id>{pain});
}

// ---- Analytics ---------------------------------------------------------------------------------------

TEST_CASE("content: hand-off gaps are consecutive touchpoints that change channel, device or team") {
  Map m = fixture();
  auto gaps = handoff_gaps(m);
  // Current touchpoints in order: letter (other, paper, Billing) -> website (mobile, Digital)
  // -> live chat (desktop, Sales) -> phone (mobile, Retention).
  REQUIRE(gaps.size() == 3);
  CHECK(gaps[0].from == 12);
  CHECK(gaps[0].to == 13);
  CHECK(gaps[0].channel);
  CHECK(gaps[0].device);
  CHECK(gaps[0].team);
  CHECK(gaps[0].reason == "channel: Other \xE2\x86\x92 Website; device: paper \xE2\x86\x92 mobile; team: Billing \xE2\x86\x92 Digital");
  CHECK(gaps[1].reason == "channel: Website \xE2\x86\x92 Live chat; device: mobile \xE2\x86\x92 desktop; team: Digital \xE2\x86\x92 Sales");
  CHECK(gaps[2].to == 15);
  // The future state: e-mail -> website (same device and team for the last two: no gap there).
  auto future = handoff_gaps(m, JourneyState::Future);
  REQUIRE(future.size() == 1);
  CHECK(future[0].from == 32);
  CHECK(future[0].channel);
  CHECK_FALSE(future[0].device);
  CHECK(future[0].team);

  // An unknown side is not a change; the team falls back to the stage's Owners lane.
  Doc d;
  d.map = make_map(Template::Blank);
  Id tp = lane_of(d.map, LaneType::Touchpoints);
  Id owners = add_lane(d, "Owners", LaneType::Owners);
  Card a = card_in(d.map.stages[0].id, tp, "a"); a.channel = "email";
  Card b = card_in(d.map.stages[1].id, tp, "b"); b.channel = "Email "; b.device = "mobile";
  Card c = card_in(d.map.stages[2].id, tp, "c"); c.channel = "email";
  add_card(d, a); add_card(d, b); add_card(d, c);
  CHECK(handoff_gaps(d.map).empty());             // case and spaces do not make a new channel
  add_card(d, card_in(d.map.stages[1].id, owners, "Sales"));
  add_card(d, card_in(d.map.stages[2].id, owners, "Support"));
  auto g = handoff_gaps(d.map);
  REQUIRE(g.size() == 1);
  CHECK(g[0].reason == "team: Sales \xE2\x86\x92 Support");
}

TEST_CASE("content: stage roll-ups average per kind, the stage's own figure wins") {
  Map m = fixture();
  auto rolls = stage_rollups(m);
  REQUIRE(rolls.size() == 3);
  // Notice: the stage's own conversion, and the letter's CSAT.
  REQUIRE(rolls[0].metrics.size() == 2);
  CHECK(rolls[0].metrics[0].kind == MetricKind::Conversion);
  CHECK(rolls[0].metrics[0].from_stage);
  CHECK(rolls[0].metrics[0].value == 80);
  CHECK(rolls[0].metrics[0].status == MetricStatus::Off);       // 10 short of 90: more than 9
  CHECK(rolls[0].metrics[1].kind == MetricKind::Csat);
  CHECK(rolls[0].metrics[1].value == 62);
  // Two cards' NPS average; the stage's conversion is not averaged with a card's.
  Doc d;
  d.map = make_map(Template::Blank);
  Id s0 = d.map.stages[0].id, tp = lane_of(d.map, LaneType::Touchpoints);
  Id a = add_card(d, card_in(s0, tp, "a")), b = add_card(d, card_in(s0, tp, "b"));
  add_metric(d, a, make_metric(MetricKind::Nps, 20, 30));
  add_metric(d, b, make_metric(MetricKind::Nps, 40, 40));
  add_metric(d, b, make_metric(MetricKind::Conversion, 5));
  add_metric(d, s0, make_metric(MetricKind::Conversion, 12));
  Metric custom = make_metric(MetricKind::Custom, 3);
  custom.name = "Tickets";
  add_metric(d, a, custom);
  add_metric(d, a, make_metric(MetricKind::Csat));              // no value: does not count
  auto r = stage_rollups(d.map)[0].metrics;
  REQUIRE(r.size() == 3);
  CHECK(r[0].kind == MetricKind::Conversion);
  CHECK(r[0].value == 12);
  CHECK(r[0].count == 1);
  CHECK(r[1].kind == MetricKind::Nps);
  CHECK(r[1].value == 30);
  CHECK(r[1].count == 2);
  CHECK(*r[1].target == 35);
  CHECK(r[1].status == MetricStatus::Off);                      // 5 short of 35: more than 3.5
  CHECK(r[2].name == "Tickets");
}

TEST_CASE("content: the journey summary finds the lowest feeling, the biggest pain and the biggest falls") {
  Map m = fixture();
  JourneySummary s = summarize(m);
  CHECK(s.lowest_emotion_stage == 3);          // Decide: -1.5
  CHECK(s.lowest_emotion == -1.5);
  CHECK(s.most_pain_stage == 3);               // two pain points
  CHECK(s.most_pain == 2);
  REQUIRE(s.emotion_drop);
  CHECK(s.emotion_drop->from == 2);            // Compare (+0.5) -> Decide (-1.5)
  CHECK(s.emotion_drop->to == 3);
  CHECK(s.emotion_drop->before == 0.5);
  REQUIRE(s.metric_drops.size() == 1);
  CHECK(s.metric_drops[0].kind == MetricKind::Conversion);
  CHECK(s.metric_drops[0].drop.from == 1);
  CHECK(s.metric_drops[0].drop.to == 2);
  CHECK(s.metric_drops[0].drop.before == 80);
  CHECK(s.metric_drops[0].drop.after == 45);
  CHECK(s.pain_points == 3);
  CHECK(s.moments_of_truth == 2);
  CHECK(s.touchpoints == 4);
  CHECK(s.handoff_gaps == 3);
  // Mona's curve: one point in Compare (-2); only cards for her count.
  JourneySummary mona = summarize(m, JourneyState::Current, 30);
  CHECK(mona.lowest_emotion_stage == 2);
  CHECK(mona.lowest_emotion == -2);
  CHECK_FALSE(mona.emotion_drop);
  CHECK(mona.pain_points == 3);                // two for everyone, one tagged with her
  // The future state's curve only rises: no fall.
  JourneySummary fut = summarize(m, JourneyState::Future);
  CHECK_FALSE(fut.emotion_drop);
  CHECK(fut.lowest_emotion_stage == 20);
}

// ---- Exports -----------------------------------------------------------------------------------------

TEST_CASE("content: actions export as CSV with quoting and the formula guard, text in logical order") {
  Map m = fixture();
  m.actions[0].description = "Letter, e-mail \"and\" SMS\nsay the price first";
  m.actions[1].owner = "\xD9\x8A\xD9\x88\xD8\xB3\xD9\x81";   // Arabic, stored and written as typed
  std::string csv = actions_to_csv(m);
  CHECK(csv.rfind("\xEF\xBB\xBF" "kind,title,status,priority,impact,effort,owner,team,due,description,cards,card ids\r\n", 0) == 0);
  CHECK_THAT(csv, Catch::Contains("opportunity,Show the new price in the first line,planned,high,4,1,Lina,Billing,2024-09-30,"
                                  "\"Letter, e-mail \"\"and\"\" SMS\nsay the price first\",Renewal letter; Prices hidden behind a form,12; 23\r\n"));
  CHECK_THAT(csv, Catch::Contains("action,\"'=Cancel online, no call\",in_progress,medium,5,4,\xD9\x8A\xD9\x88\xD8\xB3\xD9\x81,Digital,,,"
                                  "Two calls to cancel; Calls to cancel the old plan,24; 15\r\n"));
  // Unrated impact and effort are empty cells.
  m.actions[0].impact = 0;
  CHECK_THAT(actions_to_csv(m), Catch::Contains(",high,,1,"));
  CHECK(actions_to_csv(Map()) == "\xEF\xBB\xBF" "kind,title,status,priority,impact,effort,owner,team,due,description,cards,card ids\r\n");
}

TEST_CASE("content: Markdown shows personas, both states, metrics, notes and actions, older maps export as before") {
  Map m = fixture();
  std::string md = to_markdown(m);
  CHECK_THAT(md, Catch::Contains("## Personas\n\n- **Mona Haddad**, Office manager\n  - \"I just want to know what I will pay next year.\"\n  - Age: 41\n"));
  CHECK_THAT(md, Catch::Contains("  - Preferred channels: Email; Live chat\n"));
  CHECK_THAT(md, Catch::Contains("## Current state: Notice\n"));
  CHECK_THAT(md, Catch::Contains("## Future state: Notice\n"));
  CHECK_THAT(md, Catch::Contains("- Opened the letter: 80% (target 90%, off target)\n- Note (Mona, 2024-05-02T09:15:00Z): Letters go out too late\n"));
  CHECK_THAT(md, Catch::Contains("- Renewal letter\n  - Channel: Other\n  - Moment of truth\n  - Owner: Billing\n  - Device: paper\n  - Personas: Mona Haddad\n"
                                 "  - CSAT: 62% (target 75%, off target, 2024-04-30)\n  - Note (Ali, 2024-05-03T10:00:00+03:00): Nobody reads page 2\n"));
  CHECK_THAT(md, Catch::Contains("  - Depends on: Compares offers on the website\n  - First answer: 6 min (target 5 min, off target)\n"));
  CHECK_THAT(md, Catch::Contains("- Feeling (Mona Haddad): -2 (Mona: lost in the tariffs)\n"));
  CHECK_THAT(md, Catch::Contains("## Opportunities and actions\n\n- **Show the new price in the first line** (opportunity, planned, high priority)\n"
                                 "  - Owner: Lina; Team: Billing; Due: 2024-09-30; Impact: 4/5; Effort: 1/5\n"));
  CHECK_THAT(md, Catch::Contains("  - Addresses: Renewal letter; Prices hidden behind a form\n"));
  CHECK_THAT(md, Catch::Contains("- **\\=Cancel online, no call** (action item, in progress, medium priority)"));
  // A map without any of it: no new sections, no state prefixes.
  std::string plain = to_markdown(make_map(Template::Classic));
  CHECK(plain.find("Personas") == std::string::npos);
  CHECK(plain.find("state:") == std::string::npos);
  CHECK(plain.find("Opportunities and actions") == std::string::npos);
}

TEST_CASE("content: new lane types have keys, names and colours, and the old ones keep theirs") {
  CHECK(std::string(lane_type_info(LaneType::Frontstage).key) == "frontstage");
  CHECK(std::string(lane_type_info(LaneType::SupportProcesses).key) == "support_processes");
  CHECK(std::string(lane_type_info(LaneType::PhysicalEvidence).key) == "physical_evidence");
  CHECK(std::string(lane_type_info(LaneType::Text).key) == "text");
  CHECK((int)LaneType::Text == 12);            // saved files and the editor's menus rely on it
  LaneType t;
  REQUIRE(lane_type_from_key("physical_evidence", &t));
  CHECK(t == LaneType::PhysicalEvidence);
  CHECK(std::string(blueprint_line_name(BlueprintLineKind::Visibility)) == "Line of visibility");
}

TEST_CASE("content: a read-only document refuses the new commands too") {
  Doc d = rich();
  Map before = d.map;
  d.read_only = true;
  Persona p;
  p.name = "refused";
  CHECK(add_persona(d, p) == kNoId);
  CHECK(add_action(d, Action()) == kNoId);
  CHECK(add_comment(d, d.map.cards[0].id, "a", "", "refused") == kNoId);
  CHECK_FALSE(add_metric(d, d.map.stages[0].id, make_metric(MetricKind::Nps, 1)));
  CHECK(add_blueprint_line(d, BlueprintLineKind::Interaction, d.map.lanes[0].id) == kNoId);
  copy_current_to_future(d);
  delete_persona(d, d.map.personas[0].id);
  delete_cards(d, {d.map.cards[0].id});
  CHECK(d.map == before);
  CHECK(d.undo_stack.empty());
}
