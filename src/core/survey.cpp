// survey.cpp: NPS, CSAT, CES and custom scores with their 95 % intervals; analytics.md 2.3.3, 2.4.
#include "core/survey.h"
#include "core/dataset.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jm {

static const double kZ = 1.959964;   // two-sided 95 % normal quantile

void default_scale(const std::string& metric, int* scale_min, int* scale_max) {
  if (metric == "nps") { *scale_min = 0; *scale_max = 10; }
  else if (metric == "csat") { *scale_min = 1; *scale_max = 5; }
  else if (metric == "ces") { *scale_min = 1; *scale_max = 7; }
  else { *scale_min = 0; *scale_max = 0; }   // custom: the caller takes the scores' own range
}

void nps_adjusted_wald(int64_t promoters, int64_t passives, int64_t detractors, double* lo, double* hi) {
  // Rocks 2016 / MeasuringU: add 0.75 promoter, 1.5 passive, 0.75 detractor, then Wald with the
  // per-respondent variance p_P + p_D - (p_P - p_D)^2 (R NPS npvar).
  double n = double(promoters + passives + detractors) + 3.0;
  double pp = (promoters + 0.75) / n, pd = (detractors + 0.75) / n;
  double nps = pp - pd;
  double var = pp + pd - nps * nps;
  double moe = kZ * std::sqrt(std::max(0.0, var) / n);
  *lo = std::max(-100.0, 100.0 * (nps - moe));
  *hi = std::min(100.0, 100.0 * (nps + moe));
}

void proportion_adjusted_wald(int64_t x, int64_t n, double* lo, double* hi) {
  // Agresti-Coull: n~ = n + z^2, p~ = (x + z^2/2) / n~, p~ +- z sqrt(p~(1-p~)/n~).
  double z2 = kZ * kZ;
  double nt = double(n) + z2;
  double pt = (double(x) + z2 / 2) / nt;
  double moe = kZ * std::sqrt(pt * (1 - pt) / nt);
  *lo = std::max(0.0, pt - moe);
  *hi = std::min(1.0, pt + moe);
}

// Two-sided 95 % Student t quantile t_{0.975, df}: exact table values for df 1..30, then the
// Cornish-Fisher expansion in 1/df (error below 1e-5 from df 30 on).
static double t975(int64_t df) {
  static const double table[31] = {0, 12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
    2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054,
    2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439,
    2.051830516, 2.048407142, 2.045229642, 2.042272456};
  if (df < 1) return 0;
  if (df <= 30) return table[df];
  double z = kZ, v = double(df), z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

void mean_t_interval(const std::vector<int>& xs, double* mean, double* lo, double* hi) {
  double s = 0;
  for (int x : xs) s += x;
  double m = xs.empty() ? 0 : s / double(xs.size());
  *mean = m; *lo = m; *hi = m;
  if (xs.size() < 2) return;
  double ss = 0;
  for (int x : xs) ss += (x - m) * (x - m);
  double sd = std::sqrt(ss / double(xs.size() - 1));
  double moe = t975(int64_t(xs.size()) - 1) * sd / std::sqrt(double(xs.size()));
  *lo = m - moe; *hi = m + moe;
}

ScoreSummary summarize_scores(const std::string& metric, const std::vector<int>& scores,
                              int64_t no_score, int scale_min, int scale_max, int64_t min_n) {
  ScoreSummary s;
  s.metric = metric;
  s.n = int64_t(scores.size());
  s.no_score = no_score;
  if (scale_max <= scale_min) default_scale(metric, &scale_min, &scale_max);
  if (scale_max <= scale_min && !scores.empty()) {
    scale_min = *std::min_element(scores.begin(), scores.end());
    scale_max = *std::max_element(scores.begin(), scores.end());
  }
  s.scale_min = scale_min; s.scale_max = scale_max;
  s.shown = s.n > 0 && s.n >= min_n;
  if (!s.shown) return s;
  double n = double(s.n);
  if (metric == "nps") {
    // On another scale than 0..10 a score is first brought to 0..10 and rounded to the nearest
    // integer, then 9-10 promote and 0-6 detract.
    int64_t p = 0, d = 0;
    for (int x : scores) {
      double y = x;
      if (scale_min != 0 || scale_max != 10)
        y = scale_max > scale_min ? std::round(10.0 * (x - scale_min) / (scale_max - scale_min)) : 0;
      if (y >= 9) ++p; else if (y <= 6) ++d;
    }
    int64_t pa = s.n - p - d;
    s.promoters = 100.0 * p / n; s.passives = 100.0 * pa / n; s.detractors = 100.0 * d / n;
    s.value = 100.0 * double(p - d) / n;
    nps_adjusted_wald(p, pa, d, &s.lo, &s.hi);
  } else if (metric == "csat") {
    // Top two boxes: the two highest values of the scale (4-5 on 1-5, 6-7 on 1-7).
    int64_t x = 0;
    for (int v : scores) if (v >= scale_max - 1) ++x;
    s.value = 100.0 * double(x) / n;
    proportion_adjusted_wald(x, s.n, &s.lo, &s.hi);
    s.lo *= 100; s.hi *= 100;
  } else {
    mean_t_interval(scores, &s.value, &s.lo, &s.hi);
    if (metric == "ces") {
      // "Agree": 5..7 on 1..7, i.e. the top three values of the scale.
      int64_t a = 0;
      for (int v : scores) if (v >= scale_max - 2) ++a;
      s.agree = 100.0 * double(a) / n;
    }
  }
  return s;
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm, proleptic Gregorian).
static void civil_from_days(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = int(doy - (153 * mp + 2) / 5 + 1);
  *m = int(mp < 10 ? mp + 3 : mp - 9);
  *y = int(yy + (*m <= 2));
}

std::string period_of(int64_t ts_ms, const std::string& by) {
  int64_t days = ts_ms >= 0 ? ts_ms / 86400000 : -((-ts_ms + 86400000 - 1) / 86400000);
  char buf[32];
  int y, m, d;
  if (by == "week") {
    // ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday, so a date's week
    // and year are those of the Thursday of its week.
    int64_t wd = ((days % 7) + 7 + 3) % 7;   // 1970-01-01 was a Thursday: 0 = Monday
    int64_t thursday = days - wd + 3;
    civil_from_days(thursday, &y, &m, &d);
    int64_t week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    std::snprintf(buf, sizeof buf, "%04d-W%02d", y, int(week));
  } else {
    civil_from_days(days, &y, &m, &d);
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  }
  return buf;
}

} // namespace jm
