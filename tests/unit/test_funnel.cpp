// Funnels (analytics.md 2.3.1). Every expected count and time below was worked out by hand from
// the touches written next to it; the rules are those in funnel.cpp's header comment.
#include <catch2/catch.hpp>
#include "core/funnel.h"
#include <random>

using namespace jm;

namespace {

const int64_t H = 3600000;      // one hour in ms
const int64_t D = 24 * H;       // one day
const std::vector<std::string> kABC = {"A", "B", "C"};
const int X = -1;               // a touch that is no step of the funnel

using Unit = std::vector<FunnelTouch>;
FunnelTouch T(int64_t ts, int step) { FunnelTouch t; t.ts_ms = ts; t.step = step; return t; }

std::vector<int64_t> counts(const FunnelResult& r) {
  std::vector<int64_t> c;
  for (const auto& s : r.steps) c.push_back(s.count);
  return c;
}

} // namespace

TEST_CASE("percentile_sorted interpolates linearly between closest ranks", "[funnel]") {
  // {1,2,3,4}: rank h = 3p; p=0.5 -> h=1.5 -> 2 + 0.5*(3-2) = 2.5; p=0.9 -> h=2.7 -> 3.7.
  std::vector<double> v = {1, 2, 3, 4};
  CHECK(percentile_sorted(v, 0.5) == Approx(2.5));
  CHECK(percentile_sorted(v, 0.9) == Approx(3.7));
  CHECK(percentile_sorted(v, 0.0) == 1);
  CHECK(percentile_sorted(v, 1.0) == 4);
  CHECK(percentile_sorted({7}, 0.9) == 7);
  CHECK(percentile_sorted({}, 0.5) == 0);
}

TEST_CASE("funnel order keys round-trip", "[funnel]") {
  for (FunnelOrder o : {FunnelOrder::Ordered, FunnelOrder::Strict, FunnelOrder::Any}) {
    FunnelOrder back = FunnelOrder::Any;
    REQUIRE(funnel_order_from_key(funnel_order_key(o), &back));
    CHECK(back == o);
  }
  CHECK(std::string(funnel_order_key(FunnelOrder::Strict)) == "strict");
  FunnelOrder o;
  CHECK_FALSE(funnel_order_from_key("sequential", &o));
}

TEST_CASE("ordered closed funnel: counts, conversions, drop-off, times", "[funnel]") {
  std::vector<Unit> units = {
    {T(0, 0), T(1 * H, 1), T(2 * H, 2)},          // u1: A B C -> all three; B after 1 h, C after 1 h
    {T(0, 0), T(1 * H, 2), T(2 * H, 1)},          // u2: A C B -> A, B (no C after B)
    {T(0, 1), T(1 * H, 0)},                       // u3: B A -> A only (B came before the entry)
    {T(0, 0), T(5 * H, 0), T(8 * D, 1)},          // u4: A A ... B after 8 days: the window runs from
                                                  //     the FIRST A (7 d), the second A does not reset it
    {T(0, X)},                                    // u5: no step at all: seen, not in the funnel
  };
  FunnelResult r = compute_funnel(units, kABC, FunnelOptions());
  CHECK(r.units == 5);
  CHECK(counts(r) == std::vector<int64_t>{4, 2, 1});
  CHECK(r.steps[0].label == "A");
  CHECK(r.steps[0].step_conversion == 1.0);
  CHECK(r.steps[1].step_conversion == Approx(0.5));     // 2 / 4
  CHECK(r.steps[2].step_conversion == Approx(0.5));     // 1 / 2
  CHECK(r.steps[2].overall_conversion == Approx(0.25)); // 1 / 4
  CHECK(r.steps[1].dropoff == 2);
  CHECK(r.steps[2].dropoff == 1);
  // Times A -> B over u1 (1 h) and u2 (2 h): median 1.5 h, mean 1.5 h, p90 = 1 + 0.9 * 1 = 1.9 h.
  CHECK(r.steps[1].median_ms == Approx(1.5 * H));
  CHECK(r.steps[1].mean_ms == Approx(1.5 * H));
  CHECK(r.steps[1].p90_ms == Approx(1.9 * H));
  CHECK(r.steps[1].min_ms == 1 * H);
  CHECK(r.steps[1].max_ms == 2 * H);
  CHECK(r.steps[2].median_ms == 1 * H);
  CHECK(r.steps[0].median_ms == 0);
}

TEST_CASE("window is inclusive and counted from the entry, 0 means no limit", "[funnel]") {
  // A at 0, B at exactly 2 h (2 h - 0 <= 2 h: in), C 1 ms later (out).
  std::vector<Unit> units = {{T(0, 0), T(2 * H, 1), T(2 * H + 1, 2)}};
  FunnelOptions o;
  o.window_ms = 2 * H;
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{1, 1, 0});
  o.window_ms = 0;
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{1, 1, 1});
}

TEST_CASE("per-step maximum gap is inclusive (GA4 withinDurationFromPriorStep)", "[funnel]") {
  FunnelOptions o;
  o.max_gap_ms = {0, 1 * H, 30 * 60000};   // B within 1 h of A, C within 30 min of B
  std::vector<Unit> units = {
    {T(0, 0), T(1 * H, 1), T(1 * H + 31 * 60000, 2)},   // B at exactly 1 h: in; C 31 min later: out
    {T(0, 0), T(1 * H + 1, 1)},                          // B 1 ms too late: out
    {T(0, 0), T(10, 1), T(30 * 60000 + 10, 2)},          // C at exactly 30 min after B: in
  };
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{3, 2, 1});
  // Greedy choice, as the spec words it (t_j = the FIRST S_j after t_{j-1}): A 0, B 1 h, B 10 h,
  // C 11 h with C within 2 h of B: the first B (1 h) is taken, C is 10 h after it: no C,
  // although the later B would have allowed it.
  FunnelOptions g;
  g.max_gap_ms = {0, 0, 2 * H};
  std::vector<Unit> greedy = {{T(0, 0), T(1 * H, 1), T(10 * H, 1), T(11 * H, 2)}};
  CHECK(counts(compute_funnel(greedy, kABC, g)) == std::vector<int64_t>{1, 1, 0});
}

TEST_CASE("strict order: the step must be the very next touch, non-steps included", "[funnel]") {
  std::vector<Unit> units = {
    {T(0, 0), T(H / 2, X), T(1 * H, 1)},            // an unrelated touch between A and B
    {T(0, 0), T(1 * H, 1), T(2 * H, 2)},            // A B C directly
    {T(0, 0), T(1 * H, 1), T(H + H / 2, X), T(2 * H, 2)},
  };
  FunnelOptions o;
  o.order = FunnelOrder::Strict;
  // Strict: u1 stops at A, u2 reaches C, u3 stops at B -> 3, 2, 1.
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{3, 2, 1});
  // The same units ordered: unrelated touches do not matter -> 3, 3, 2.
  o.order = FunnelOrder::Ordered;
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{3, 3, 2});
}

TEST_CASE("touches at the same time count in either order (ordered)", "[funnel]") {
  // B then A at the same millisecond (file order), C later: t_B = 0 >= t_A = 0, so B counts.
  std::vector<Unit> units = {{T(0, 1), T(0, 0), T(H, 2)}};
  CHECK(counts(compute_funnel(units, kABC, FunnelOptions())) == std::vector<int64_t>{1, 1, 1});
}

TEST_CASE("any order: steps 2..j in any order within the window from the entry", "[funnel]") {
  std::vector<Unit> units = {
    {T(0, 0), T(1 * H, 2), T(3 * H, 1)},   // A C B: has A, B (at 3 h), C -> 3 steps; c_B = 3 h,
                                           // c_C = max(3 h, 1 h) = 3 h: B after 3 h, C after 0
    {T(0, 0), T(1 * H, 2)},                // A C: no B -> A only (count_j needs steps 1..j)
    {T(0, 2), T(1 * H, 0), T(2 * H, 1)},   // C before the entry does not count -> A, B (after 1 h)
  };
  FunnelOptions o;
  o.order = FunnelOrder::Any;
  FunnelResult r = compute_funnel(units, kABC, o);
  CHECK(counts(r) == std::vector<int64_t>{3, 2, 1});
  // B times {3 h, 1 h}: median 2 h; C times {0}.
  CHECK(r.steps[1].median_ms == Approx(2 * H));
  CHECK(r.steps[1].min_ms == 1 * H);
  CHECK(r.steps[2].max_ms == 0);
  // Ordered on the same units: u1 has no C after B -> 3, 2, 0.
  CHECK(counts(compute_funnel(units, kABC, FunnelOptions())) == std::vector<int64_t>{3, 2, 0});
}

TEST_CASE("open funnel: units enter at the lowest step they touched", "[funnel]") {
  std::vector<Unit> units = {
    {T(0, 1), T(1 * H, 2)},   // u1 enters at B, goes on to C
    {T(0, 0), T(1 * H, 1)},   // u2: A, B
    {T(0, 2)},                // u3 enters at C
    {T(0, 0)},                // u4: A only
  };
  FunnelOptions o;
  o.open = true;
  FunnelResult r = compute_funnel(units, kABC, o);
  // A: u2 u4 = 2; B: u1 u2 = 2; C: u1 u3 = 2.
  CHECK(counts(r) == std::vector<int64_t>{2, 2, 2});
  // B: of the 2 at A, u2 went on: 1/2, drop-off 1. C: of the 2 at B, u1 went on: 1/2, drop-off 1.
  CHECK(r.steps[1].step_conversion == Approx(0.5));
  CHECK(r.steps[1].dropoff == 1);
  CHECK(r.steps[2].step_conversion == Approx(0.5));
  CHECK(r.steps[2].dropoff == 1);
  // Overall: of the 2 at A, 1 reached B and none reached C.
  CHECK(r.steps[1].overall_conversion == Approx(0.5));
  CHECK(r.steps[2].overall_conversion == 0);
  // Time B -> C over u1 only (u3 entered at C): 1 h.
  CHECK(r.steps[2].median_ms == 1 * H);
  // Closed: only u2 and u4 enter: A 2, B 1, C 0.
  o.open = false;
  CHECK(counts(compute_funnel(units, kABC, o)) == std::vector<int64_t>{2, 1, 0});
}

TEST_CASE("funnel properties over random units", "[funnel]") {
  std::mt19937 rng(20261202);
  std::vector<Unit> units(200);
  for (Unit& u : units) {
    int n = (int)(rng() % 12);
    int64_t t = 0;
    for (int i = 0; i < n; i++) {
      t += (int64_t)(rng() % (3 * D));
      u.push_back(T(t, (int)(rng() % 5) - 1));   // steps -1..3
    }
  }
  const std::vector<std::string> labels = {"s1", "s2", "s3", "s4"};
  for (bool gaps : {false, true}) {
    FunnelOptions o;
    if (gaps) o.max_gap_ms = {0, 2 * D, 4 * D, 1 * D};
    std::vector<std::vector<int64_t>> by_order;
    for (FunnelOrder ord : {FunnelOrder::Strict, FunnelOrder::Ordered, FunnelOrder::Any}) {
      o.order = ord;
      o.open = false;
      FunnelResult r = compute_funnel(units, labels, o);
      CHECK(r.units == (int64_t)std::count_if(units.begin(), units.end(), [](const Unit& u) { return !u.empty(); }));
      for (size_t j = 1; j < r.steps.size(); j++) {
        CHECK(r.steps[j].count <= r.steps[j - 1].count);     // closed: never increases
        CHECK(r.steps[j].dropoff == r.steps[j - 1].count - r.steps[j].count);
        CHECK(r.steps[j].min_ms <= r.steps[j].median_ms);
        CHECK(r.steps[j].median_ms <= r.steps[j].p90_ms);
        CHECK(r.steps[j].p90_ms <= r.steps[j].max_ms);
        CHECK(r.steps[j].max_ms <= (double)o.window_ms);
      }
      by_order.push_back(counts(r));
      o.open = true;
      FunnelResult op = compute_funnel(units, labels, o);
      for (size_t j = 0; j < op.steps.size(); j++) {
        CHECK(op.steps[j].count >= r.steps[j].count);         // open adds entrants, never removes
        CHECK(op.steps[j].step_conversion >= 0);
        CHECK(op.steps[j].step_conversion <= 1);
        CHECK(op.steps[j].overall_conversion <= 1);
      }
    }
    // Without gap limits, strict <= ordered <= any at every step (each one's converters satisfy
    // the next one's rules; the ordered choice of the first touch is never later than strict's).
    if (!gaps) {
      for (size_t j = 0; j < labels.size(); j++) {
        CHECK(by_order[0][j] <= by_order[1][j]);
        CHECK(by_order[1][j] <= by_order[2][j]);
      }
      CHECK(by_order[1][3] > 0);   // the data reach the last step at all (the test means something)
    }
  }
}
