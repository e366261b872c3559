// Layout of one journey state at a time, per-persona emotion curves and metric chip rows.
// Fake measure: 7 units per code point.
#include <catch2/catch.hpp>
#include "core/edit.h"
#include "core/layout.h"

using namespace jm;

static float fake_measure(const char* b, const char* e) {
  float w = 0;
  for (const char* p = b; p < e; p++) if (((unsigned char)*p & 0xC0) != 0x80) w += 7;
  return w;
}

// A blank map (3 stages, lanes Actions/Touchpoints/Emotions...) with one card in the first cell,
// copied to the future state, plus one card added only to the future.
static Doc two_state_doc() {
  Doc d;
  d.map = make_map(Template::Blank);
  Card c;
  c.stage = d.map.stages[0].id;
  c.lane = d.map.lanes[0].id;
  c.text = "Reads reviews";
  add_card(d, c);
  copy_current_to_future(d);
  return d;
}

TEST_CASE("layout of one state: the other state's stages take no room and their cards are left out") {
  Doc d = two_state_doc();
  REQUIRE(d.map.stages.size() == 6);
  LayoutStyle st;
  LayoutFilter cur{true, JourneyState::Current}, fut{true, JourneyState::Future};

  Layout all = layout_map(d.map, st, fake_measure);
  CHECK(all.width == Approx(6 * 240));
  CHECK(all.cards.size() == 2);

  Layout a = layout_map(d.map, st, fake_measure, nullptr, cur);
  REQUIRE(a.stages.size() == 6);   // indices still match Map::stages
  CHECK(a.width == Approx(3 * 240));
  CHECK(a.stages[0].shown);
  CHECK_FALSE(a.stages[3].shown);
  CHECK(a.stages[3].w == 0);
  REQUIRE(a.cards.size() == 1);
  CHECK(a.cards[0].id == d.map.cards[0].id);
  CHECK(a.stage_at(10) == 0);

  Layout b = layout_map(d.map, st, fake_measure, nullptr, fut);
  CHECK(b.width == Approx(3 * 240));
  CHECK_FALSE(b.stages[0].shown);
  CHECK(b.stages[0].w == 0);
  CHECK(b.stages[3].x == Approx(0));   // the first future stage starts the grid
  CHECK(b.stage_at(10) == 3);          // never a hidden (empty) stage
  REQUIRE(b.cards.size() == 1);
  const Card* fc = card_by_id(d.map, b.cards[0].id);
  REQUIRE(fc);
  CHECK(card_state(d.map, *fc) == JourneyState::Future);
  CHECK(b.cards[0].stage == 3);

  // Right to left: the first shown stage is on the right edge of the shown grid.
  d.map.meta.direction = Direction::RightToLeft;
  Layout r = layout_map(d.map, st, fake_measure, nullptr, fut);
  CHECK(r.stages[3].x == Approx(480));
  CHECK(r.stages[5].x == Approx(0));
}

TEST_CASE("an empty future state lays out an empty grid") {
  Doc d;
  d.map = make_map(Template::Blank);
  Layout L = layout_map(d.map, LayoutStyle(), fake_measure, nullptr, {true, JourneyState::Future});
  CHECK(L.width == 0);
  CHECK(L.cards.empty());
  CHECK(L.stage_at(0) == -1);
  for (const StageBox& s : L.stages) CHECK_FALSE(s.shown);
}

TEST_CASE("emotion points carry their persona and each persona's steps spread on their own") {
  Doc d;
  d.map = make_map(Template::Blank);
  Persona p;
  p.name = "Mona";
  Id mona = add_persona(d, p);
  Id emo = d.map.lanes[2].id;
  REQUIRE(d.map.lanes[2].type == LaneType::Emotions);
  Id s0 = d.map.stages[0].id;
  set_emotion(d, s0, emo, 1);                        // shared curve
  set_persona_emotion(d, s0, emo, mona, -1);         // Mona: one point in the same stage
  set_persona_emotion(d, s0, emo, mona, -2);         // and a second step
  LayoutStyle st;
  Layout L = layout_map(d.map, st, fake_measure);
  const auto& curve = L.curves[2];
  REQUIRE(curve.size() == 3);
  int shared = 0, own = 0;
  for (const CurvePoint& cp : curve) {
    if (cp.persona == kNoId) {
      shared++;
      CHECK(cp.x == Approx(120));   // alone on its curve in the stage: the middle
    } else {
      CHECK(cp.persona == mona);
      own++;
    }
  }
  CHECK(shared == 1);
  CHECK(own == 2);
  // Mona's two steps at a quarter and three quarters of the stage, sorted by x.
  std::vector<float> xs;
  for (const CurvePoint& cp : curve) if (cp.persona == mona) xs.push_back(cp.x);
  CHECK(xs[0] == Approx(60));
  CHECK(xs[1] == Approx(180));
}

TEST_CASE("metric chips reserve rows on a card") {
  Doc d;
  d.map = make_map(Template::Blank);
  LayoutStyle st;
  Card c;
  c.stage = d.map.stages[0].id;
  c.lane = d.map.lanes[0].id;
  c.text = "x";
  Id plain = add_card(d, c);
  c.metrics = {make_metric(MetricKind::Csat, 3.9, 4.2), make_metric(MetricKind::Nps, 32, 30)};
  Id two = add_card(d, c);
  c.metrics.push_back(make_metric(MetricKind::Ces, 2.1));
  Id three = add_card(d, c);
  Layout L = layout_map(d.map, st, fake_measure);
  const CardBox* a = L.find(plain);
  const CardBox* b = L.find(two);
  const CardBox* e = L.find(three);
  REQUIRE((a && b && e));
  // A 240-wide stage holds cards 220 wide: one chip per row.
  CHECK(metric_chips_per_row(st, b->r.w) == 1);
  CHECK(a->metric_rows == 0);
  CHECK(b->metric_rows == 2);
  CHECK(e->metric_rows == 3);
  float text_h = 2 * st.card_pad_y + st.line_h;   // one line ("x"); the plain card is card_min_h
  CHECK(a->r.h == Approx(std::max(st.card_min_h, text_h)));
  CHECK(b->r.h == Approx(text_h + 2 * st.metric_row_h));
  CHECK(e->r.h == Approx(text_h + 3 * st.metric_row_h));
  // A wide stage: two chips share a row, and the three metrics take two rows.
  Stage wide = d.map.stages[0];
  wide.width = 440;
  update_stage(d, wide);
  Layout W = layout_map(d.map, st, fake_measure);
  CHECK(metric_chips_per_row(st, W.find(three)->r.w) == 2);
  CHECK(W.find(three)->metric_rows == 2);
  CHECK(W.find(two)->metric_rows == 1);
}
