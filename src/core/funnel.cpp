// funnel.cpp: conversion funnels; analytics.md 2.3.1.
//
// Every unit (person or session) is walked once, independently of the others:
//  - entry: the unit's first touch of the entry step (closed funnel: step 1). The window W and
//    step 1's time t_1 start there; later step-1 touches do not reset it (Mixpanel's default).
//  - ordered: t_j = the first step-j touch with t_j >= t_{j-1} and t_j - t_1 <= W. The choice is
//    greedy, as the spec words it: a unit that fails the per-step gap after the greedy t_{j-1}
//    is not searched again with a later t_{j-1}.
//  - strict: the touch right after step j-1's touch (touches that are no step, step -1, included)
//    must be step j (GA4 isDirectlyFollowedBy, Adobe "Next hit", Amplitude "exact order").
//  - any: steps 2..k may come in any order among themselves, each at its first touch in
//    [t_1, t_1 + W] (touches before the entry do not count: the entry opens the window).
//    count_j = units that did step 1 and each of steps 2..j within that window. A unit's time
//    "at" step j is c_j = max(t_1..t_j), the moment it had done all of steps 1..j; the time
//    between steps is c_j - c_{j-1} (>= 0) and the per-step gap applies to it.
//  - per-step gap: t_j - t_{j-1} <= D_j, inclusive (GA4 withinDurationFromPriorStep).
//  - open funnel (GA4 is_open_funnel): a unit enters at the lowest step it touched at all, at its
//    first touch of that step (the window starts there), and then goes on by the same rules as a
//    closed funnel would from that step. count_j counts the units that entered at or before j
//    and reached j. So counts can rise along an open funnel (units entering late add to them);
//    the ratios stay in 0..1 because they count continuers only: step conversion = (units at
//    step j-1 that reached j) / count_{j-1}, drop-off = count_{j-1} - those continuers, overall =
//    (units at step 1 that reached j) / count_1. In a closed funnel these are exactly
//    count_j / count_{j-1}, count_{j-1} - count_j and count_j / count_1.
//  - times between steps are over the units that went from step j-1 to step j (an open-funnel
//    unit entering at j has none for j).
#include "core/funnel.h"
#include <algorithm>
#include <cmath>

namespace jm {

const char* funnel_order_key(FunnelOrder o) {
  switch (o) {
    case FunnelOrder::Ordered: return "ordered";
    case FunnelOrder::Strict: return "strict";
    case FunnelOrder::Any: return "any";
  }
  return "ordered";
}

bool funnel_order_from_key(const std::string& k, FunnelOrder* out) {
  for (FunnelOrder o : {FunnelOrder::Ordered, FunnelOrder::Strict, FunnelOrder::Any})
    if (k == funnel_order_key(o)) { *out = o; return true; }
  return false;
}

double percentile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  if (p <= 0) return sorted.front();
  if (p >= 1) return sorted.back();
  // Rank h = (n - 1) p, 0-based; interpolate between floor and ceil (R type 7, NumPy "linear").
  double h = (double)(sorted.size() - 1) * p;
  size_t lo = (size_t)std::floor(h);
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

namespace {

// Per unit: reached[j] and the time at step j (for the time between steps).
struct UnitWalk {
  int entry = -1;                 // entry step, -1: not in the funnel
  int last = -1;                  // last step reached (entry..last all reached)
  std::vector<int64_t> t;         // time at step j for entry <= j <= last
};

int64_t gap_limit(const FunnelOptions& opt, int j) {
  return j < (int)opt.max_gap_ms.size() ? opt.max_gap_ms[j] : 0;
}

void walk_unit(const std::vector<FunnelTouch>& touches, int k, const FunnelOptions& opt, UnitWalk* w) {
  w->entry = -1;
  w->last = -1;
  w->t.assign(k, 0);
  int e = -1;
  size_t ei = 0;
  if (opt.open) {
    for (const FunnelTouch& tc : touches)
      if (tc.step >= 0 && tc.step < k && (e < 0 || tc.step < e)) e = tc.step;
  } else {
    e = 0;
  }
  if (e < 0) return;
  bool found = false;
  for (size_t i = 0; i < touches.size(); i++)
    if (touches[i].step == e) { ei = i; found = true; break; }
  if (!found) return;
  const int64_t t1 = touches[ei].ts_ms;
  const int64_t W = opt.window_ms;
  auto in_window = [&](int64_t ts) { return W <= 0 || ts - t1 <= W; };
  w->entry = e;
  w->last = e;
  w->t[e] = t1;

  if (opt.order == FunnelOrder::Any) {
    int64_t c = t1;
    for (int j = e + 1; j < k; j++) {
      // First touch of step j in [t1, t1 + W].
      bool hit = false;
      int64_t tj = 0;
      for (size_t i = 0; i < touches.size(); i++) {
        const FunnelTouch& tc = touches[i];
        if (tc.step != j || tc.ts_ms < t1) continue;
        if (!in_window(tc.ts_ms)) break;   // sorted by time: the rest is later still
        hit = true;
        tj = tc.ts_ms;
        break;
      }
      if (!hit) return;
      int64_t cj = std::max(c, tj);
      int64_t D = gap_limit(opt, j);
      if (D > 0 && cj - c > D) return;
      c = cj;
      w->t[j] = c;
      w->last = j;
    }
    return;
  }

  size_t prev_i = ei;
  for (int j = e + 1; j < k; j++) {
    const int64_t tprev = w->t[j - 1];
    bool hit = false;
    size_t hi = 0;
    if (opt.order == FunnelOrder::Strict) {
      size_t i = prev_i + 1;
      if (i < touches.size() && touches[i].step == j) { hit = true; hi = i; }
    } else {
      // Ordered: the first step-j touch at or after t_{j-1}. Touches are sorted by time, so
      // start from the first touch with that time (ties in file order before prev_i count too).
      size_t i = prev_i;
      while (i > 0 && touches[i - 1].ts_ms >= tprev) i--;
      for (; i < touches.size(); i++) {
        if (touches[i].ts_ms < tprev) continue;
        if (touches[i].step == j) { hit = true; hi = i; break; }
      }
    }
    if (!hit) return;
    const int64_t tj = touches[hi].ts_ms;
    if (tj < tprev || !in_window(tj)) return;
    int64_t D = gap_limit(opt, j);
    if (D > 0 && tj - tprev > D) return;
    w->t[j] = tj;
    w->last = j;
    prev_i = hi;
  }
}

} // namespace

FunnelResult compute_funnel(const std::vector<std::vector<FunnelTouch>>& units,
                            const std::vector<std::string>& labels, const FunnelOptions& opt) {
  FunnelResult r;
  const int k = (int)labels.size();
  r.steps.resize(k);
  for (int j = 0; j < k; j++) r.steps[j].label = labels[j];
  if (k == 0) {
    for (const auto& u : units) if (!u.empty()) r.units++;
    return r;
  }
  std::vector<int64_t> count(k, 0), cont(k, 0), from_first(k, 0);
  std::vector<std::vector<double>> gaps(k);
  UnitWalk w;
  for (const auto& u : units) {
    if (u.empty()) continue;
    r.units++;
    walk_unit(u, k, opt, &w);
    if (w.entry < 0) continue;
    for (int j = w.entry; j <= w.last; j++) {
      count[j]++;
      if (j > w.entry) {
        cont[j]++;
        gaps[j].push_back((double)(w.t[j] - w.t[j - 1]));
      }
      if (w.entry == 0) from_first[j]++;
    }
  }
  for (int j = 0; j < k; j++) {
    FunnelStepResult& s = r.steps[j];
    s.count = count[j];
    if (j == 0) {
      s.step_conversion = count[0] > 0 ? 1.0 : 0.0;
      s.overall_conversion = count[0] > 0 ? 1.0 : 0.0;
      s.dropoff = 0;
      continue;
    }
    s.step_conversion = count[j - 1] > 0 ? (double)cont[j] / (double)count[j - 1] : 0.0;
    s.overall_conversion = count[0] > 0 ? (double)from_first[j] / (double)count[0] : 0.0;
    s.dropoff = count[j - 1] - cont[j];
    std::vector<double>& g = gaps[j];
    if (!g.empty()) {
      std::sort(g.begin(), g.end());
      double sum = 0;
      for (double x : g) sum += x;
      s.mean_ms = sum / (double)g.size();
      s.median_ms = percentile_sorted(g, 0.5);
      s.p90_ms = percentile_sorted(g, 0.9);
      s.min_ms = g.front();
      s.max_ms = g.back();
    }
  }
  return r;
}

} // namespace jm
