// Layout without a window: a fake measure of 7 units per code point.
#include <catch2/catch.hpp>
#include "core/edit.h"
#include "core/layout.h"

using namespace jm;

static float fake_measure(const char* b, const char* e) {
  float w = 0;
  for (const char* p = b; p < e; p++) if (((unsigned char)*p & 0xC0) != 0x80) w += 7;
  return w;
}

static std::vector<std::string> lines_of(const std::string& s, float width) {
  std::vector<std::string> out;
  for (TextLine l : wrap_text(s, width, fake_measure)) out.push_back(s.substr(l.begin, l.end - l.begin));
  return out;
}

TEST_CASE("wrap breaks at spaces, keeps newlines, splits only over-long words") {
  CHECK(lines_of("Searches the web for reviews", 70) == std::vector<std::string>{"Searches", "the web", "for", "reviews"});
  CHECK(lines_of("one\ntwo three", 1000) == std::vector<std::string>{"one", "two three"});
  CHECK(lines_of("abcdefghijkl", 35) == std::vector<std::string>{"abcde", "fghij", "kl"});
  CHECK(lines_of("self-service portal", 84) == std::vector<std::string>{"self-service", "portal"});
  CHECK(lines_of("", 100).size() == 1);
  // Arabic: widths count code points, never split inside a word.
  auto ar = lines_of("مرحلة الوعي بالعلامة", 56);
  REQUIRE(ar.size() == 3);
  CHECK(ar[0] == "مرحلة");
}

TEST_CASE("layout stacks cards in cells and lane height follows the tallest cell") {
  Doc d;
  d.map = make_map(Template::Blank);
  LayoutStyle st;
  Id s0 = d.map.stages[0].id, s1 = d.map.stages[1].id, l0 = d.map.lanes[0].id;
  for (int i = 0; i < 4; i++) { Card c; c.stage = s0; c.lane = l0; c.text = "Reads a long article about the product"; add_card(d, c); }
  { Card c; c.stage = s1; c.lane = l0; c.text = "x"; add_card(d, c); }
  Layout L = layout_map(d.map, st, fake_measure);
  REQUIRE(L.stages.size() == 3);
  CHECK(L.stages[1].x == Approx(240));
  CHECK(L.width == Approx(720));
  REQUIRE(L.cards.size() == 5);
  const CardBox& a = L.cards[0];
  const CardBox& b = L.cards[1];
  CHECK(a.r.y == Approx(st.cell_pad));
  CHECK(b.r.y == Approx(a.r.bottom() + st.card_gap));
  CHECK(a.lines.size() == 2);   // 200 units of text width hold 28 code points
  float stack = L.cards[3].r.bottom() + st.cell_pad;
  CHECK(L.lanes[0].h == Approx(stack));
  CHECK(L.lanes[1].y == Approx(L.lanes[0].h));
  CHECK(L.card_at(a.r.x + 5, a.r.y + 5)->id == a.id);
  CHECK(L.card_at(-5, -5) == nullptr);
  CHECK(L.stage_at(250) == 1);
  CHECK(L.lane_at(L.lanes[1].y + 1) == 1);
}

TEST_CASE("right-to-left maps put the first stage on the right") {
  Map m = make_map(Template::Blank);
  m.meta.direction = Direction::RightToLeft;
  Layout L = layout_map(m, LayoutStyle(), fake_measure);
  CHECK(L.stages[0].x == Approx(480));
  CHECK(L.stages[2].x == Approx(0));
}

TEST_CASE("emotion points: one per card, steps spread, score maps to height and back") {
  Doc d;
  d.map = make_map(Template::Blank);
  Id emo = d.map.lanes[2].id;
  REQUIRE(d.map.lanes[2].type == LaneType::Emotions);
  set_emotion(d, d.map.stages[0].id, emo, 2);
  set_emotion(d, d.map.stages[1].id, emo, -2);
  set_emotion(d, d.map.stages[1].id, emo, 0);
  LayoutStyle st;
  Layout L = layout_map(d.map, st, fake_measure);
  const auto& curve = L.curves[2];
  REQUIRE(curve.size() == 3);
  CHECK(curve[0].x == Approx(120));
  CHECK(curve[1].x == Approx(240 + 60));
  CHECK(curve[2].x == Approx(240 + 180));
  CHECK(curve[0].y < curve[2].y);
  CHECK(curve[2].y < curve[1].y);
  const LaneBox& lb = L.lanes[2];
  CHECK(curve[2].y == Approx(lb.y + lb.h / 2));
  CHECK(y_to_score(lb, st, curve[0].y) == Approx(2));
  CHECK(y_to_score(lb, st, curve[1].y) == Approx(-2));
  CHECK(y_to_score(lb, st, -1000) == Approx(2));   // clamped
}

TEST_CASE("smooth curve passes through its points") {
  std::vector<Vec2> pts = {{0, 0}, {10, 5}, {20, -5}, {30, 0}};
  auto s = smooth_curve(pts, 8);
  REQUIRE(s.size() == 3 * 8 + 1);
  CHECK(s[0].x == Approx(0));
  CHECK(s[8].x == Approx(10));
  CHECK(s[8].y == Approx(5));
  CHECK(s[16].y == Approx(-5));
  CHECK(s.back().x == Approx(30));
}

TEST_CASE("collapsed lanes are short and hide their cards from layout height") {
  Doc d;
  d.map = make_map(Template::Blank);
  Lane l = d.map.lanes[0];
  l.collapsed = true;
  update_lane(d, l);
  LayoutStyle st;
  Layout L = layout_map(d.map, st, fake_measure);
  CHECK(L.lanes[0].h == Approx(st.collapsed_lane_h));
}
