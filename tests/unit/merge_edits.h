// Random edits for the diff and merge tests: a seeded starting map and a random sequence of the
// editor's own commands (edit.h) on a copy of it, so concurrent edits look like two authors' work.
#pragma once
#include "core/edit.h"
#include <random>
#include <string>

namespace jm_test {

inline jm::Card card_at(jm::Id stage, jm::Id lane, const std::string& text) {
  jm::Card c;
  c.stage = stage;
  c.lane = lane;
  c.text = text;
  return c;
}

// The classic map with 30 cards, two personas, two actions, a comment and a blueprint line.
inline jm::Map seeded_map(unsigned seed) {
  using namespace jm;
  std::mt19937 rng(seed);
  Doc d;
  d.map = make_map(Template::Classic);
  for (int i = 0; i < 30; i++) {
    const Stage& s = d.map.stages[rng() % d.map.stages.size()];
    const Lane& l = d.map.lanes[rng() % d.map.lanes.size()];
    add_card(d, card_at(s.id, l.id, "card " + std::to_string(i)));
  }
  for (const char* name : {"Anna", "Ben"}) { Persona p; p.name = name; p.goals = {"g"}; add_persona(d, p); }
  for (int i = 0; i < 2; i++) { Action a; a.title = "action " + std::to_string(i); a.cards = {d.map.cards[i].id}; add_action(d, a); }
  add_comment(d, d.map.cards[3].id, "A", "2024-05-01T10:00:00Z", "first comment");
  add_blueprint_line(d, BlueprintLineKind::Visibility, d.map.lanes[2].id);
  return d.map;
}

// `steps` random commands on d (every command of the editor that a co-author might use).
inline void random_edits(jm::Doc& d, std::mt19937& rng, int steps, const std::string& who) {
  using namespace jm;
  auto pick = [&](size_t n) { return n ? (size_t)(rng() % n) : 0; };
  for (int step = 0; step < steps; step++) {
    Map& m = d.map;
    auto any_card = [&]() { return m.cards.empty() ? kNoId : m.cards[pick(m.cards.size())].id; };
    auto any_stage = [&]() { return m.stages.empty() ? kNoId : m.stages[pick(m.stages.size())].id; };
    auto any_lane = [&]() { return m.lanes.empty() ? kNoId : m.lanes[pick(m.lanes.size())].id; };
    auto any_persona = [&]() { return m.personas.empty() ? kNoId : m.personas[pick(m.personas.size())].id; };
    auto any_action = [&]() { return m.actions.empty() ? kNoId : m.actions[pick(m.actions.size())].id; };
    std::string tag = who + std::to_string(step);
    switch (rng() % 24) {
      case 0: case 1: add_card(d, card_at(any_stage(), any_lane(), "new " + tag)); break;
      case 2: delete_cards(d, {any_card()}); break;
      case 3: move_cards(d, {any_card()}, any_stage(), any_lane(), any_card()); break;
      case 4: case 5: { if (const Card* p = card_by_id(m, any_card())) { Card x = *p; x.text += " " + tag; update_card(d, x); } break; }
      case 6: recolor_cards(d, {any_card()}, rng() & 0xffffff); break;
      case 7: tag_cards(d, {any_card()}, "t" + std::to_string(rng() % 4), rng() % 3 != 0); break;
      case 8: if (m.stages.size() < 9) add_stage(d, "S " + tag, (int)pick(m.stages.size() + 1)); break;
      case 9: if (m.stages.size() > 2 && rng() % 3 == 0) delete_stage(d, any_stage()); break;
      case 10: if (rng() % 2) move_stage(d, any_stage(), (int)pick(m.stages.size())); break;
      case 11: { int i = find_stage(m, any_stage()); if (i >= 0) { Stage s = m.stages[i]; s.name += " " + tag; update_stage(d, s); } break; }
      case 12: { MapMeta mm = m.meta; if (rng() % 2) mm.title += " " + tag; else mm.goal += " " + tag; set_meta(d, mm); break; }
      case 13: if (m.personas.size() < 5) { Persona p; p.name = "P " + tag; add_persona(d, p, (int)pick(m.personas.size() + 1)); } break;
      case 14: if (rng() % 3 == 0) delete_persona(d, any_persona()); break;
      case 15: { int i = find_persona(m, any_persona()); if (i >= 0) { Persona x = m.personas[i]; x.needs.push_back(tag); update_persona(d, x); } break; }
      case 16: tag_personas(d, {any_card()}, any_persona(), rng() % 2); break;
      case 17: link_cards(d, any_card(), any_card(), rng() % 3 != 0); break;
      case 18: add_comment(d, any_card(), who, "2024-05-01T10:00:00Z", "comment " + tag); break;
      case 19: { Action a; a.title = "a " + tag; a.cards = {any_card()}; add_action(d, a, (int)pick(m.actions.size() + 1)); break; }
      case 20: { int i = find_action(m, any_action()); if (i >= 0) { Action a = m.actions[i]; a.status = (ActionStatus)(rng() % 4); a.cards.push_back(any_card()); update_action(d, a); } break; }
      case 21: if (rng() % 2) delete_actions(d, {any_action()}); else move_action(d, any_action(), (int)pick(m.actions.size())); break;
      case 22: set_moment_of_truth(d, {any_card()}, rng() % 2); break;
      case 23: if (rng() % 2) add_blueprint_line(d, (BlueprintLineKind)(rng() % 3), any_lane()); else add_metric(d, any_card(), make_metric(MetricKind::Nps, (double)(rng() % 100))); break;
    }
  }
}

} // namespace jm_test
