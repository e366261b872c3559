// What differs between two maps (core/diff.h): hand-made edits of each kind, and a property over
// random edits: every entity the edits touched is reported, nothing else is.
#include <catch2/catch.hpp>
#include "core/diff.h"
#include "core/edit.h"
#include "core/io.h"
#include "merge_edits.h"
#include <nlohmann/json.hpp>
#include <random>
#include <set>

using namespace jm;
using jm_test::card_at;

namespace {

Doc doc_of(const Map& m) { Doc d; d.map = m; return d; }

const EntityChange* find_change(const MapDiff& d, ChangeKind k, const std::string& coll, Id id) {
  for (const EntityChange& e : d.changes)
    if (e.kind == k && e.collection == coll && e.id == id) return &e;
  return nullptr;
}

const FieldChange* find_field(const EntityChange& e, const std::string& field) {
  for (const FieldChange& f : e.fields)
    if (f.field == field) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("diff: equal maps have no changes", "[diff]") {
  Map m = jm_test::seeded_map(1);
  MapDiff d = diff_maps(m, m);
  CHECK(d.changes.empty());
  CHECK(diff_to_text(d).empty());
  CHECK(diff_to_json(d) == "{\"changes\":[]}");
}

TEST_CASE("diff: added, removed, changed and moved cards, stage by stage", "[diff]") {
  Map a = jm_test::seeded_map(2);
  Doc d = doc_of(a);
  const Card c0 = a.cards[0], c1 = a.cards[1];
  Id other_stage = a.stages[0].id == c0.stage ? a.stages[2].id : a.stages[0].id;
  Card e = c1;
  e.text = "A much longer text for this card than a label should ever hold on one line";
  e.color = 0xff0000;
  update_card(d, e);
  move_cards(d, {c0.id}, other_stage, c0.lane);
  Id added = add_card(d, card_at(a.stages[4].id, a.lanes[0].id, "Brand new"));
  delete_cards(d, {a.cards[2].id});
  MapDiff diff = diff_maps(a, d.map);

  const EntityChange* changed = find_change(diff, ChangeKind::Changed, "cards", c1.id);
  REQUIRE(changed != nullptr);
  CHECK(changed->fields.size() == 2);
  const FieldChange* text = find_field(*changed, "text");
  REQUIRE(text != nullptr);
  CHECK(text->before == "\"card 1\"");
  CHECK(text->after == nlohmann::json(e.text).dump());
  CHECK(find_field(*changed, "color")->after == "\"#ff0000\"");
  CHECK(changed->label == "A much longer text for this card than a\xE2\x80\xA6");

  const EntityChange* moved = find_change(diff, ChangeKind::Moved, "cards", c0.id);
  REQUIRE(moved != nullptr);
  const FieldChange* stage = find_field(*moved, "stage");
  REQUIRE(stage != nullptr);
  CHECK(stage->before == std::to_string(c0.stage));
  CHECK(stage->after == std::to_string(other_stage));
  CHECK(stage->before_label == stage_by_id(a, c0.stage)->name);
  CHECK(stage->after_label == stage_by_id(a, other_stage)->name);
  CHECK(find_change(diff, ChangeKind::Changed, "cards", c0.id) == nullptr);   // only moved

  const EntityChange* add = find_change(diff, ChangeKind::Added, "cards", added);
  REQUIRE(add != nullptr);
  CHECK(add->label == "Brand new");
  CHECK(find_field(*add, "text")->after == "\"Brand new\"");
  CHECK(find_change(diff, ChangeKind::Removed, "cards", a.cards[2].id) != nullptr);

  // Cards come stage by stage: the added card (last stage) after every card change in earlier stages.
  size_t at_added = 0;
  for (size_t i = 0; i < diff.changes.size(); i++)
    if (diff.changes[i].id == added) at_added = i;
  for (size_t i = 0; i < diff.changes.size(); i++) {
    const EntityChange& x = diff.changes[i];
    if (x.collection != "cards" || x.kind == ChangeKind::Removed) continue;
    const Card* c = card_by_id(d.map, x.id);
    if (c && find_stage(d.map, c->stage) < 4) CHECK(i < at_added);
  }

  std::string text_out = diff_to_text(diff);
  CHECK(text_out.find("added    card " + std::to_string(added) + " \"Brand new\" (stage \"" + a.stages[4].name + "\", lane \"" +
                      a.lanes[0].name + "\")\n") != std::string::npos);
  CHECK(text_out.find("moved    card " + std::to_string(c0.id)) != std::string::npos);
  CHECK(text_out.find("    stage: " + std::to_string(c0.stage) + " \"" + stage_by_id(a, c0.stage)->name + "\" -> ") != std::string::npos);
  nlohmann::json j = nlohmann::json::parse(diff_to_json(diff));
  CHECK(j["changes"].size() == diff.changes.size());
}

TEST_CASE("diff: a moved stage is the one moved, not the ones it passed", "[diff]") {
  Map a = jm_test::seeded_map(3);
  Doc d = doc_of(a);
  move_stage(d, a.stages[4].id, 0);
  Stage s = d.map.stages[2];
  s.name = "Renamed";
  update_stage(d, s);
  MapDiff diff = diff_maps(a, d.map);
  std::vector<Id> moved;
  for (const EntityChange& e : diff.changes)
    if (e.kind == ChangeKind::Moved) moved.push_back(e.id);
  CHECK(moved == std::vector<Id>{a.stages[4].id});
  const EntityChange* m = find_change(diff, ChangeKind::Moved, "stages", a.stages[4].id);
  CHECK(find_field(*m, "index")->before == "4");
  CHECK(find_field(*m, "index")->after == "0");
  const EntityChange* renamed = find_change(diff, ChangeKind::Changed, "stages", s.id);
  REQUIRE(renamed != nullptr);
  CHECK(renamed->label == "Renamed");
  CHECK(diff_to_text(diff).find("changed  stage " + std::to_string(s.id) + " \"Renamed\"\n    name: ") != std::string::npos);
}

TEST_CASE("diff: the map's fields, unknown fields and the data layer", "[diff]") {
  Map a = jm_test::seeded_map(4), b = a;
  b.meta.title = "New title";
  b.meta.owner = "CX team";
  b.cards[0].extra = "{\"x_new\":true}";
  b.data.settings.min_n = 9;
  MapDiff diff = diff_maps(a, b);
  const EntityChange* map = find_change(diff, ChangeKind::Changed, "map", kNoId);
  REQUIRE(map != nullptr);
  CHECK(find_field(*map, "title")->after == "\"New title\"");
  REQUIRE(find_field(*map, "owner") != nullptr);
  CHECK(find_field(*map, "owner")->before == "");
  const EntityChange* card = find_change(diff, ChangeKind::Changed, "cards", a.cards[0].id);
  REQUIRE(card != nullptr);
  CHECK(find_field(*card, "x_new")->after == "true");
  const EntityChange* data = find_change(diff, ChangeKind::Added, "data", kNoId);
  REQUIRE(data != nullptr);
  CHECK(find_field(*data, "settings") != nullptr);
}

TEST_CASE("diff: random edits, every touched entity reported and nothing else", "[diff]") {
  for (unsigned seed = 1; seed <= 30; seed++) {
    Map a = jm_test::seeded_map(seed);
    Doc d = doc_of(a);
    std::mt19937 rng(seed);
    jm_test::random_edits(d, rng, 30, "x");
    const Map& b = d.map;
    MapDiff diff = diff_maps(a, b);
    std::set<Id> reported;
    for (const EntityChange& e : diff.changes)
      if (e.collection == "cards") reported.insert(e.id);
    std::set<Id> expected;
    for (const Card& c : b.cards) {
      const Card* o = card_by_id(a, c.id);
      if (!o || !(*o == c)) expected.insert(c.id);
    }
    for (const Card& c : a.cards)
      if (!card_by_id(b, c.id)) expected.insert(c.id);
    INFO("seed " << seed);
    CHECK(reported == expected);
    CHECK(diff_maps(a, a).changes.empty());
    CHECK(diff_maps(b, a).changes.size() == diff.changes.size());   // the same changes, the other way
  }
}
