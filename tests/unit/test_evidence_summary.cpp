// The journey summary's count of pain points without evidence (issue #13, "Evidence behind
// cards"): what the summary panel shows and the assumptions filter leads to. Evidence edits go
// through update_card, so undo takes them back and the count follows.
#include <catch2/catch.hpp>
#include "core/analytics.h"
#include "core/edit.h"

using namespace jm;

namespace {

Id lane_typed(const Map& m, LaneType t) {
  for (const Lane& l : m.lanes) if (l.type == t) return l.id;
  return kNoId;
}

Evidence said(Confidence c, const std::string& quote) {
  Evidence e;
  e.quote = quote;
  e.kind = EvidenceKind::Interview;
  e.source = "INT-07";
  e.date = "2026-11-02";
  e.confidence = c;
  return e;
}

} // namespace

TEST_CASE("evidence: the summary counts unsupported and merely assumed pain points, other lanes do not count") {
  Doc d;
  d.map = make_map(Template::Blank);
  Id s0 = d.map.stages[0].id, pain = lane_typed(d.map, LaneType::PainPoints), acts = lane_typed(d.map, LaneType::Actions);
  REQUIRE(pain != kNoId);
  REQUIRE(acts != kNoId);
  auto card = [&](Id lane, const char* text) { Card c; c.stage = s0; c.lane = lane; c.text = text; return add_card(d, c); };
  Id bare = card(pain, "Hold music for 20 minutes");
  Id guessed = card(pain, "Forms ask twice");
  Id seen = card(pain, "Setup fails on old routers");
  card(acts, "Calls support");   // an action without evidence is not a pain point
  auto with = [&](Id id, std::vector<Evidence> ev) { Card c = *card_by_id(d.map, id); c.evidence = std::move(ev); update_card(d, c, "Edit evidence"); };
  with(guessed, {said(Confidence::Assumed, "We think so")});
  with(seen, {said(Confidence::Assumed, "A hunch"), said(Confidence::Observed, "Seen in 14 of 20 sessions")});

  CHECK(card_backing(*card_by_id(d.map, bare)) == Backing::Unsupported);
  CHECK(card_backing(*card_by_id(d.map, guessed)) == Backing::Assumed);
  CHECK(card_backing(*card_by_id(d.map, seen)) == Backing::Observed);   // the strongest wins
  JourneySummary s = summarize(d.map);
  CHECK(s.pain_points == 3);
  CHECK(s.unsupported_pain == 1);
  CHECK(s.assumed_pain == 1);

  // Undo takes the observation back: the card rests on its assumption alone again.
  REQUIRE(undo(d));
  CHECK(card_backing(*card_by_id(d.map, seen)) == Backing::Unsupported);
  s = summarize(d.map);
  CHECK(s.unsupported_pain == 2);
  CHECK(s.assumed_pain == 1);
}
