// Commands, undo and redo: each command, its undo, and a property test over random sequences.
#include <catch2/catch.hpp>
#include "core/edit.h"
#include "core/io.h"
#include <random>

using namespace jm;

static Doc classic() { seed_ids(7); Doc d; d.map = make_map(Template::Classic); return d; }
static Id lane_of(const Map& m, LaneType t) {
  for (const Lane& l : m.lanes) if (l.type == t) return l.id;
  return kNoId;
}
static Card card_in(Id stage, Id lane, const char* text) { Card c; c.stage = stage; c.lane = lane; c.text = text; return c; }

TEST_CASE("add_card then undo and redo restore the map exactly") {
  Doc d = classic();
  Map start = d.map;
  Id a = add_card(d, card_in(d.map.stages[0].id, d.map.lanes[0].id, "Searches the web"));
  REQUIRE(a != kNoId);
  REQUIRE(d.map.cards.size() == 1);
  REQUIRE(d.map.cards[0].text == "Searches the web");
  REQUIRE(undo(d));
  REQUIRE(d.map == start);
  REQUIRE(redo(d));
  REQUIRE(d.map.cards.size() == 1);
  REQUIRE(d.map.cards[0].id == a);
  REQUIRE_FALSE(redo(d));
}

TEST_CASE("cards added to one cell stack in order and move between cells") {
  Doc d = classic();
  Id s0 = d.map.stages[0].id, s2 = d.map.stages[2].id, l0 = d.map.lanes[0].id;
  Id a = add_card(d, card_in(s0, l0, "a")), b = add_card(d, card_in(s0, l0, "b")), c = add_card(d, card_in(s0, l0, "c"));
  auto cell = cell_cards(d.map, s0, l0);
  REQUIRE(cell.size() == 3);
  CHECK(cell[0]->id == a); CHECK(cell[1]->id == b); CHECK(cell[2]->id == c);
  move_cards(d, {c}, s0, l0, a);                 // c before a
  cell = cell_cards(d.map, s0, l0);
  CHECK(cell[0]->id == c); CHECK(cell[1]->id == a); CHECK(cell[2]->id == b);
  move_cards(d, {a, b}, s2, l0);                 // two cards to another stage
  CHECK(cell_cards(d.map, s0, l0).size() == 1);
  auto moved = cell_cards(d.map, s2, l0);
  REQUIRE(moved.size() == 2);
  CHECK(moved[0]->id == a);
  CHECK(moved[1]->id == b);
  REQUIRE(undo(d));
  CHECK(cell_cards(d.map, s0, l0).size() == 3);
  CHECK(d.undo_stack.back().label == "Move card");
}

TEST_CASE("deleting a stage deletes its cards, undo brings both back in place") {
  Doc d = classic();
  Id s1 = d.map.stages[1].id, l0 = d.map.lanes[0].id;
  add_card(d, card_in(s1, l0, "x"));
  add_card(d, card_in(d.map.stages[0].id, l0, "y"));
  Map before = d.map;
  delete_stage(d, s1);
  CHECK(find_stage(d.map, s1) < 0);
  CHECK(d.map.cards.size() == 1);
  CHECK(validate(d.map).empty());
  undo(d);
  CHECK(d.map == before);
}

TEST_CASE("deleting a lane deletes its cards, undo restores order of lanes") {
  Doc d = classic();
  Id l1 = d.map.lanes[1].id;
  add_card(d, card_in(d.map.stages[0].id, l1, "web"));
  Map before = d.map;
  delete_lane(d, l1);
  CHECK(find_lane(d.map, l1) < 0);
  CHECK(d.map.cards.empty());
  undo(d);
  CHECK(d.map == before);
  CHECK(d.map.lanes[1].id == l1);
}

TEST_CASE("stages and lanes reorder, rename, resize and recolour") {
  Doc d = classic();
  Id first = d.map.stages[0].id;
  move_stage(d, first, 3);
  CHECK(d.map.stages[3].id == first);
  Stage s = d.map.stages[3];
  s.name = "Awareness (web)";
  s.width = 10;               // clamped
  s.color = 0x123456;
  update_stage(d, s);
  CHECK(d.map.stages[3].name == "Awareness (web)");
  CHECK(d.map.stages[3].width == 40.0f);
  Id lane = d.map.lanes[0].id;
  move_lane(d, lane, 99);     // past the end: last
  CHECK(d.map.lanes.back().id == lane);
  Lane l = d.map.lanes.back();
  l.collapsed = true;
  update_lane(d, l, "Collapse lane");
  CHECK(d.map.lanes.back().collapsed);
  while (undo(d)) {}
  seed_ids(7);   // the same ids as classic() gave
  Map fresh = make_map(Template::Classic);
  fresh.meta.uid = d.map.meta.uid;   // every new map has a uid of its own
  CHECK(d.map == fresh);
}

TEST_CASE("add stage and lane at an index") {
  Doc d = classic();
  Id s = add_stage(d, "Onboarding", 2);
  CHECK(d.map.stages[2].id == s);
  CHECK(d.map.stages.size() == 6);
  Id l = add_lane(d, "Metrics", LaneType::Metrics);
  CHECK(d.map.lanes.back().id == l);
  CHECK(d.map.lanes.back().type == LaneType::Metrics);
  CHECK(d.map.lanes.back().color == lane_type_info(LaneType::Metrics).color);
}

TEST_CASE("duplicate recolour and tag many cards at once") {
  Doc d = classic();
  Id s0 = d.map.stages[0].id, l0 = d.map.lanes[0].id;
  Id a = add_card(d, card_in(s0, l0, "a")), b = add_card(d, card_in(s0, l0, "b"));
  auto dup = duplicate_cards(d, {a});
  REQUIRE(dup.size() == 1);
  auto cell = cell_cards(d.map, s0, l0);
  REQUIRE(cell.size() == 3);
  CHECK(cell[1]->id == dup[0]);    // right after the original
  CHECK(cell[1]->text == "a");
  recolor_cards(d, {a, b}, 0xff0000);
  CHECK(card_by_id(d.map, a)->color == 0xff0000u);
  CHECK(card_by_id(d.map, b)->color == 0xff0000u);
  tag_cards(d, {a, b}, "urgent", true);
  CHECK(card_by_id(d.map, b)->tags == std::vector<std::string>{"urgent"});
  tag_cards(d, {a}, "urgent", false);
  CHECK(card_by_id(d.map, a)->tags.empty());
  CHECK(d.undo_stack.size() == 6);
}

TEST_CASE("emotion points: set, drag merges into one undo step, scores clamp") {
  Doc d = classic();
  Id emo = lane_of(d.map, LaneType::Emotions);
  Id s0 = d.map.stages[0].id;
  Id p = set_emotion(d, s0, emo, 1.0f);
  REQUIRE(p != kNoId);
  size_t steps = d.undo_stack.size();
  set_emotion(d, s0, emo, 0.5f, p, "drag-1");
  set_emotion(d, s0, emo, -0.5f, p, "drag-1");
  set_emotion(d, s0, emo, -9.0f, p, "drag-1");
  CHECK(card_by_id(d.map, p)->score == -2.0f);
  CHECK(d.undo_stack.size() == steps + 1);
  undo(d);
  CHECK(card_by_id(d.map, p)->score == 1.0f);
}

TEST_CASE("paste keeps text, tags and channel, gets new ids in the target cell") {
  Doc d = classic();
  Id s0 = d.map.stages[0].id, tp = lane_of(d.map, LaneType::Touchpoints);
  Card c = card_in(s0, tp, "Live chat with sales");
  c.channel = "live_chat";
  c.tags = {"sales"};
  Id a = add_card(d, c);
  std::string clip = cards_to_clipboard(d.map, {a});
  std::vector<Card> got;
  REQUIRE(cards_from_clipboard(clip, &got));
  REQUIRE(got.size() == 1);
  Doc other = classic();
  auto ids = paste_cards(other, got, other.map.stages[3].id, lane_of(other.map, LaneType::Touchpoints));
  REQUIRE(ids.size() == 1);
  const Card* p = card_by_id(other.map, ids[0]);
  CHECK(p->text == "Live chat with sales");
  CHECK(p->channel == "live_chat");
  CHECK(p->tags == std::vector<std::string>{"sales"});
  CHECK(p->stage == other.map.stages[3].id);
}

TEST_CASE("plain text from other applications becomes one card per line") {
  auto cards = cards_from_text("Calls support\r\n\n  Waits 20 minutes  \nGives up");
  REQUIRE(cards.size() == 3);
  CHECK(cards[1].text == "Waits 20 minutes");
  CHECK_FALSE(cards_from_clipboard("Calls support", &cards));
}

TEST_CASE("set_meta merges consecutive edits into one step") {
  Doc d = classic();
  MapMeta m = d.map.meta;
  m.title = "B";
  set_meta(d, m);
  m.title = "B2";
  set_meta(d, m);
  CHECK(d.undo_stack.size() == 1);
  undo(d);
  CHECK(d.map.meta.title == "Customer journey");
}

TEST_CASE("an abandoned transaction leaves the map as it was") {
  Doc d = classic();
  Map before = d.map;
  {
    Txn t(d, "nothing");
    t.erase_stage(d.map.stages[0].id);
    Card c; c.id = t.new_id(); c.stage = d.map.stages[0].id; c.lane = d.map.lanes[0].id;
    t.put(c);
  }
  CHECK(d.map == before);
  CHECK(d.undo_stack.empty());
}

TEST_CASE("property: random commands, undo all, equals the start, redo all equals the end") {
  for (unsigned seed = 1; seed <= 25; seed++) {
    std::mt19937 rng(seed);
    Doc d = classic();
    auto pick = [&](size_t n) { return n ? (size_t)(rng() % n) : 0; };
    for (int i = 0; i < 25; i++) add_card(d, card_in(d.map.stages[pick(5)].id, d.map.lanes[pick(7)].id, "seed"));
    Persona first;
    first.name = "P";
    add_persona(d, first);
    d.undo_stack.clear();
    Map start = d.map;
    for (int step = 0; step < 150; step++) {
      Map& m = d.map;
      auto any_card = [&]() { return m.cards.empty() ? kNoId : m.cards[pick(m.cards.size())].id; };
      auto any_stage = [&]() { return m.stages.empty() ? kNoId : m.stages[pick(m.stages.size())].id; };
      auto any_lane = [&]() { return m.lanes.empty() ? kNoId : m.lanes[pick(m.lanes.size())].id; };
      auto any_persona = [&]() { return m.personas.empty() ? kNoId : m.personas[pick(m.personas.size())].id; };
      auto any_action = [&]() { return m.actions.empty() ? kNoId : m.actions[pick(m.actions.size())].id; };
      // A card or a stage: what metrics and comments hang on.
      auto any_target = [&]() { return rng() % 3 ? any_card() : any_stage(); };
      auto any_comment = [&]() {
        for (int tries = 0; tries < 4; tries++) {
          Id t = any_target();
          if (const Card* c = card_by_id(m, t)) { if (!c->comments.empty()) return c->comments[pick(c->comments.size())].id; }
          else if (const Stage* s = stage_by_id(m, t)) { if (!s->comments.empty()) return s->comments[pick(s->comments.size())].id; }
        }
        return kNoId;
      };
      switch (rng() % 34) {
        case 0: add_card(d, card_in(any_stage(), any_lane(), "new")); break;
        case 1: delete_cards(d, {any_card(), any_card()}); break;
        case 2: move_cards(d, {any_card(), any_card()}, any_stage(), any_lane(), any_card()); break;
        case 3: duplicate_cards(d, {any_card()}); break;
        case 4: recolor_cards(d, {any_card()}, rng() & 0xffffff); break;
        case 5: tag_cards(d, {any_card()}, "t" + std::to_string(rng() % 3), rng() % 2); break;
        case 6: if (m.stages.size() < 12) add_stage(d, "S", (int)pick(m.stages.size() + 1)); break;
        case 7: if (m.stages.size() > 1) delete_stage(d, any_stage()); break;
        case 8: move_stage(d, any_stage(), (int)pick(m.stages.size())); break;
        case 9: if (m.lanes.size() < 12) add_lane(d, "L", (LaneType)(rng() % (int)LaneType::Count)); break;
        case 10: if (m.lanes.size() > 1) delete_lane(d, any_lane()); break;
        case 11: move_lane(d, any_lane(), (int)pick(m.lanes.size())); break;
        case 12: { Id c = any_card(); if (const Card* p = card_by_id(m, c)) { Card x = *p; x.text += "!"; x.links.push_back(any_card()); update_card(d, x); } break; }
        case 13: set_emotion(d, any_stage(), any_lane(), (float)(rng() % 5) - 2.0f, rng() % 2 ? any_card() : kNoId); break;
        case 14: { MapMeta mm = m.meta; mm.title += "x"; set_meta(d, mm); break; }
        case 15: if (rng() % 3 == 0) undo(d); break;
        // Content of format version 2.
        case 16: if (m.personas.size() < 5) { Persona p; p.name = "P" + std::to_string(step); p.goals = {"g"}; add_persona(d, p, (int)pick(m.personas.size() + 1)); } break;
        case 17: delete_persona(d, any_persona()); break;
        case 18: { if (const Persona* p = persona_by_id(m, any_persona())) { Persona x = *p; x.needs.push_back("n"); upsert_persona(d, x, rng() % 2 ? PersonaMerge::Fill : PersonaMerge::Replace); } break; }
        case 19: tag_personas(d, {any_card(), any_card()}, any_persona(), rng() % 2); break;
        case 20: set_persona_emotion(d, any_stage(), any_lane(), rng() % 2 ? any_persona() : kNoId, (float)(rng() % 5) - 2.0f, rng() % 2 ? any_card() : kNoId); break;
        case 21: set_moment_of_truth(d, {any_card()}, rng() % 2); break;
        case 22: link_cards(d, any_card(), any_card(), rng() % 3 != 0); break;
        case 23: add_metric(d, any_target(), make_metric((MetricKind)(rng() % (int)MetricKind::Count), (double)(rng() % 100), (double)(rng() % 100))); break;
        case 24: update_metric(d, any_target(), 0, make_metric(MetricKind::Nps, (double)(rng() % 100)), rng() % 2 ? "metric" : ""); break;
        case 25: remove_metric(d, any_target(), pick(2)); break;
        case 26: add_comment(d, any_target(), "A", "2024-05-01T10:00:00Z", "c"); break;
        case 27: if (rng() % 2) edit_comment(d, any_comment(), "edited", "typing"); else delete_comment(d, any_comment()); break;
        case 28: { Action a; a.title = "a"; a.impact = (int)(rng() % 6); a.cards = {any_card(), any_card()}; add_action(d, a, (int)pick(m.actions.size() + 1)); break; }
        case 29: { int i = find_action(m, any_action()); if (i >= 0) { Action a = m.actions[i]; a.status = (ActionStatus)(rng() % 4); a.cards.push_back(any_card()); update_action(d, a); } break; }
        case 30: if (rng() % 2) delete_actions(d, {any_action()}); else move_action(d, any_action(), (int)pick(m.actions.size())); break;
        case 31: if (rng() % 2) add_blueprint_line(d, (BlueprintLineKind)(rng() % 3), any_lane()); else if (!m.blueprint_lines.empty()) delete_blueprint_line(d, m.blueprint_lines[pick(m.blueprint_lines.size())].id); break;
        case 32: if (rng() % 4 == 0) copy_current_to_future(d); else if (rng() % 2) clear_future_state(d); break;
        case 33: if (m.stages.size() < 14) add_stage_in_state(d, rng() % 2 ? JourneyState::Future : JourneyState::Current, "F", (int)pick(m.stages.size() + 1)); break;
      }
      REQUIRE(validate(d.map).empty());
    }
    Map end = d.map;
    LoadResult saved = load_map(save_map(end));   // whatever the commands made, the file keeps
    REQUIRE(saved.ok);
    REQUIRE(saved.map == end);
    while (undo(d)) {}
    REQUIRE(d.map == start);
    while (redo(d)) {}
    REQUIRE(d.map == end);
  }
}

TEST_CASE("a read-only document refuses every command and keeps its map") {
  Doc d = classic();
  add_card(d, card_in(d.map.stages[0].id, d.map.lanes[0].id, "kept"));
  Map before = d.map;
  d.read_only = true;
  CHECK(add_card(d, card_in(d.map.stages[0].id, d.map.lanes[0].id, "refused")) == kNoId);
  CHECK(add_stage(d, "refused") == kNoId);
  delete_stage(d, d.map.stages[0].id);
  move_lane(d, d.map.lanes[0].id, 3);
  MapMeta m = d.map.meta;
  m.title = "changed";
  set_meta(d, m);
  CHECK_FALSE(undo(d));
  CHECK(d.map == before);
  CHECK(d.undo_stack.size() == 1);
}
