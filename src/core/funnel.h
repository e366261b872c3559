// funnel.h: conversion funnels over ordered steps; analytics.md 2.3.1.
#pragma once
#include "core/survey.h"
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

enum class FunnelOrder : uint8_t { Ordered, Strict, Any };
const char* funnel_order_key(FunnelOrder o);                 // "ordered", "strict", "any"
bool funnel_order_from_key(const std::string& k, FunnelOrder* out);

struct FunnelOptions {
  FunnelOrder order = FunnelOrder::Ordered;
  int64_t window_ms = 7LL * 86400000;   // from the entry (first step-1 event); 0: no limit
  bool open = false;                    // open funnel: a unit may enter at any step
  std::vector<int64_t> max_gap_ms;      // optional per-step limit t_j - t_{j-1} <= D_j (index j,
                                        // 0 or missing: none), inclusive
};

// One unit's (person's or session's) touches in time order: step index 0..k-1, or -1 for an
// event that is no step of the funnel (it matters for the strict order).
struct FunnelTouch { int64_t ts_ms = 0; int32_t step = -1; };

struct FunnelStepResult {
  std::string label;
  int64_t count = 0;
  double step_conversion = 0;     // count_j / count_{j-1} (1 for the first step), 0..1
  double overall_conversion = 0;  // count_j / count_1, 0..1
  int64_t dropoff = 0;            // count_{j-1} - count_j (0 for the first step)
  // Time from the previous step over the units that reached this one (ms); all 0 for step 1.
  double median_ms = 0, mean_ms = 0, p90_ms = 0, min_ms = 0, max_ms = 0;
};
struct FunnelResult {
  std::vector<FunnelStepResult> steps;
  int64_t units = 0;              // units seen (with any touch)
};

// `units`: each unit's touches, sorted by time (ties in file order). `labels` names the steps.
FunnelResult compute_funnel(const std::vector<std::vector<FunnelTouch>>& units,
                            const std::vector<std::string>& labels, const FunnelOptions& opt);
// Percentile by linear interpolation between closest ranks (p in 0..1) of sorted values.
double percentile_sorted(const std::vector<double>& sorted, double p);

} // namespace jm
