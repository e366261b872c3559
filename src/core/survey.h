// survey.h: survey scores (NPS, CSAT, CES, custom) with their intervals; analytics.md 2.3.3, 2.4.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

// One metric over one group of answers. Percentages are 0..100. `shown` is false below the
// minimum n (default 5): the value fields are then 0 and only n / no_score may be displayed.
struct ScoreSummary {
  std::string metric;          // "nps", "csat", "ces" or a custom name
  int64_t n = 0;               // answers with a score
  int64_t no_score = 0;        // blank answers (not in n)
  bool shown = false;
  double value = 0;            // NPS -100..100; CSAT % top two boxes; CES and custom: mean score
  double lo = 0, hi = 0;       // 95 % interval: NPS adjusted Wald; CSAT adjusted Wald on the
                               // proportion (in %); CES/custom t interval on the mean
  double promoters = 0, passives = 0, detractors = 0;   // NPS only, % of n
  double agree = 0;            // CES: % of scores 5..7 (on a 1..7 scale); CSAT: unused
  int scale_min = 0, scale_max = 10;
};

// Scores of one metric; defaults for the scale come from the metric (nps 0-10, csat 1-5,
// ces 1-7, custom: min/max of the scores seen).
ScoreSummary summarize_scores(const std::string& metric, const std::vector<int>& scores,
                              int64_t no_score, int scale_min, int scale_max, int64_t min_n = 5);
void default_scale(const std::string& metric, int* scale_min, int* scale_max);

// NPS interval by the adjusted-Wald method (3 pseudo-respondents: 0.75 promoter, 1.5 passive,
// 0.75 detractor), 95 %; values in NPS points (-100..100), clamped.
void nps_adjusted_wald(int64_t promoters, int64_t passives, int64_t detractors, double* lo, double* hi);
// Adjusted-Wald (Agresti-Coull) 95 % interval of a proportion x/n, in 0..1.
void proportion_adjusted_wald(int64_t x, int64_t n, double* lo, double* hi);
// t interval (95 %) of a mean; lo == hi == mean when n < 2.
void mean_t_interval(const std::vector<int>& xs, double* mean, double* lo, double* hi);

// ISO 8601 week ("2024-W05") or calendar month ("2024-05") of a UTC timestamp.
std::string period_of(int64_t ts_ms, const std::string& by /* "week" or "month" */);

} // namespace jm
