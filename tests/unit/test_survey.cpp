// Survey scores (analytics.md 2.3.3, 2.4): NPS with its adjusted-Wald interval, CSAT top two
// boxes, CES and custom means with t intervals, the minimum n, ISO weeks and months.
// Every expected value was computed by hand from the formula written beside it (the arithmetic
// checked with a calculator); none is copied from the code under test.
#include <catch2/catch.hpp>
#include "core/survey.h"

using namespace jm;

TEST_CASE("NPS: 3 promoters, 4 passives, 3 detractors is 0 with a symmetric adjusted-Wald interval", "[survey]") {
  // P = {9,10,10}, Pa = {7,8,7,8}, D = {0,5,6}: NPS = 100 (3 - 3) / 10 = 0.
  // Adjusted Wald: n' = 13, p_P = p_D = 3.75 / 13 = 0.288462; NPS' = 0;
  // var = p_P + p_D - (p_P - p_D)^2 = 0.576923; MoE = 1.959964 sqrt(0.576923 / 13) = 0.412891.
  ScoreSummary s = summarize_scores("nps", {9, 10, 10, 7, 8, 7, 8, 0, 5, 6}, 0, 0, 10);
  CHECK(s.shown);
  CHECK(s.n == 10);
  CHECK(s.value == Approx(0).margin(1e-12));
  CHECK(s.promoters == Approx(30));
  CHECK(s.passives == Approx(40));
  CHECK(s.detractors == Approx(30));
  CHECK(s.lo == Approx(-41.2891).margin(1e-3));
  CHECK(s.hi == Approx(41.2891).margin(1e-3));
}

TEST_CASE("NPS: 7 promoters, 2 passives, 1 detractor is 60, the interval is centred on the adjusted NPS", "[survey]") {
  // NPS = 100 (7 - 1) / 10 = 60. Adjusted: p_P = 7.75/13 = 0.596154, p_D = 1.75/13 = 0.134615,
  // NPS' = 0.461538; var = 0.730769 - 0.213018 = 0.517751; MoE = 1.959964 sqrt(0.517751/13)
  // = 0.391144 -> [7.0394, 85.2683]: computed here (no published example quoted exactly).
  double lo = 0, hi = 0;
  nps_adjusted_wald(7, 2, 1, &lo, &hi);
  CHECK(lo == Approx(7.0394).margin(1e-3));
  CHECK(hi == Approx(85.2683).margin(1e-3));
  ScoreSummary s = summarize_scores("nps", {10, 10, 9, 9, 9, 10, 9, 7, 8, 3}, 2, 0, 10);
  CHECK(s.value == Approx(60));
  CHECK(s.no_score == 2);   // blanks are not in n
  CHECK(s.n == 10);
  // All promoters: the interval is clamped to +100.
  nps_adjusted_wald(1000, 0, 0, &lo, &hi);
  CHECK(hi <= 100);
  CHECK(lo > 95);
}

TEST_CASE("NPS on a 1..5 scale is brought to 0..10 first", "[survey]") {
  // 5 -> 10 (promoter), 4 -> 7.5 rounds to 8 (passive), 3 -> 5 (detractor), 1 -> 0 (detractor).
  // {5,5,4,3,1}: P = 2, D = 2 -> NPS 0; promoters 40 %.
  ScoreSummary s = summarize_scores("nps", {5, 5, 4, 3, 1}, 0, 1, 5);
  CHECK(s.promoters == Approx(40));
  CHECK(s.passives == Approx(20));
  CHECK(s.value == Approx(0).margin(1e-12));
}

TEST_CASE("CSAT: top two boxes with an Agresti-Coull interval", "[survey]") {
  // {5,4,4,3,2,5,1,4} on 1..5: 4-5 count 5 of 8 -> 62.5 %.
  // n~ = 8 + z^2 = 11.841459, p~ = (5 + z^2/2) / n~ = 0.584449,
  // MoE = z sqrt(p~ (1 - p~) / n~) = 0.280693 -> [30.3756, 86.5142] %.
  ScoreSummary s = summarize_scores("csat", {5, 4, 4, 3, 2, 5, 1, 4}, 0, 1, 5);
  CHECK(s.value == Approx(62.5));
  CHECK(s.lo == Approx(30.3756).margin(1e-3));
  CHECK(s.hi == Approx(86.5142).margin(1e-3));
  // On 1..7 the top two boxes are 6-7: {7,6,5,5,1} -> 2 of 5 = 40 %.
  ScoreSummary s7 = summarize_scores("csat", {7, 6, 5, 5, 1}, 0, 1, 7);
  CHECK(s7.value == Approx(40));
}

TEST_CASE("CES: mean on 1..7 with a t interval and the agree share", "[survey]") {
  // {7,6,5,5,4,3,6}: mean 36/7 = 5.142857, s = 1.345185, t(0.975, 6) = 2.446912 (table),
  // MoE = 2.446912 * 1.345185 / sqrt(7) = 1.244089 -> [3.898768, 6.386946]; agree 5..7: 5/7.
  ScoreSummary s = summarize_scores("ces", {7, 6, 5, 5, 4, 3, 6}, 0, 1, 7);
  CHECK(s.value == Approx(5.142857).margin(1e-6));
  CHECK(s.lo == Approx(3.898768).margin(1e-5));
  CHECK(s.hi == Approx(6.386946).margin(1e-5));
  CHECK(s.agree == Approx(100.0 * 5 / 7));
}

TEST_CASE("Custom metric: mean with a t interval, the scale is taken from the scores", "[survey]") {
  // {1,2,3,4,5}: mean 3, s = sqrt(2.5) = 1.581139, t(0.975, 4) = 2.776445,
  // MoE = 2.776445 * 1.581139 / sqrt(5) = 1.963243 -> lo 1.036757.
  ScoreSummary s = summarize_scores("ease", {1, 2, 3, 4, 5}, 0, 0, 0);
  CHECK(s.value == Approx(3));
  CHECK(s.lo == Approx(1.036757).margin(1e-5));
  CHECK(s.hi == Approx(4.963243).margin(1e-5));
  CHECK(s.scale_min == 1);
  CHECK(s.scale_max == 5);
  CHECK(s.agree == 0);
}

TEST_CASE("t interval beyond the table (df 40) uses the Cornish-Fisher expansion", "[survey]") {
  // 21 zeros and 20 ones: mean 20/41 = 0.487805, s = 0.506061; t(0.975, 40) = 2.021075 (printed
  // t tables) -> hi = 0.487805 + 2.021075 * 0.506061 / sqrt(41) = 0.647537.
  std::vector<int> xs(21, 0);
  xs.insert(xs.end(), 20, 1);
  double m = 0, lo = 0, hi = 0;
  mean_t_interval(xs, &m, &lo, &hi);
  CHECK(hi == Approx(0.647537).margin(2e-6));
  // One value: no interval.
  mean_t_interval({4}, &m, &lo, &hi);
  CHECK(lo == 4);
  CHECK(hi == 4);
}

TEST_CASE("Below the minimum n the value is hidden and only n is kept", "[survey]") {
  ScoreSummary s = summarize_scores("nps", {10, 10, 10, 0}, 1, 0, 10);   // default min_n 5
  CHECK_FALSE(s.shown);
  CHECK(s.n == 4);
  CHECK(s.no_score == 1);
  CHECK(s.value == 0);
  CHECK(s.lo == 0);
  CHECK(s.hi == 0);
  CHECK(s.promoters == 0);
  ScoreSummary t = summarize_scores("nps", {10, 10, 10, 0}, 1, 0, 10, 4);
  CHECK(t.shown);
  CHECK(t.value == Approx(50));   // 100 (3 - 1) / 4
  ScoreSummary e = summarize_scores("csat", {}, 3, 1, 5, 0);   // min_n 0 but nothing to show
  CHECK_FALSE(e.shown);
}

TEST_CASE("Default scales per metric", "[survey]") {
  int lo = -1, hi = -1;
  default_scale("nps", &lo, &hi);  CHECK((lo == 0 && hi == 10));
  default_scale("csat", &lo, &hi); CHECK((lo == 1 && hi == 5));
  default_scale("ces", &lo, &hi);  CHECK((lo == 1 && hi == 7));
  ScoreSummary s = summarize_scores("ces", {7, 7, 7, 7, 7}, 0, 0, 0);   // no scale given: 1..7
  CHECK(s.scale_min == 1);
  CHECK(s.scale_max == 7);
}

TEST_CASE("ISO 8601 weeks and calendar months", "[survey]") {
  // Timestamps are noon UTC of the date; expected weeks agree with Python's date.isocalendar().
  CHECK(period_of(1609675200000LL, "week") == "2020-W53");   // 2021-01-03, a Sunday
  CHECK(period_of(1735560000000LL, "week") == "2025-W01");   // 2024-12-30, a Monday
  CHECK(period_of(1704110400000LL, "week") == "2024-W01");   // 2024-01-01, a Monday
  CHECK(period_of(1609416000000LL, "week") == "2020-W53");   // 2020-12-31, a Thursday
  CHECK(period_of(1451822400000LL, "week") == "2015-W53");   // 2016-01-03
  CHECK(period_of(1796212800000LL, "week") == "2026-W49");   // 2026-12-02
  CHECK(period_of(-216000000LL, "week") == "1970-W01");      // 1969-12-29, before the epoch
  CHECK(period_of(1735560000000LL, "month") == "2024-12");
  CHECK(period_of(1609675200000LL, "month") == "2021-01");
  CHECK(period_of(-1, "month") == "1969-12");                // 1 ms before the epoch
  // The last millisecond of a Sunday still belongs to its week: 2021-01-03T23:59:59.999Z.
  CHECK(period_of(1609718399999LL, "week") == "2020-W53");
  CHECK(period_of(1609718400000LL, "week") == "2021-W01");   // Monday 2021-01-04T00:00Z
}
