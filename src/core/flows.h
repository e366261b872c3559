// flows.h: what customers do next: the most frequent paths as a flow (Sankey) and the
// directly-follows graph; analytics.md 2.1 (A5).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

// One unit's steps in time order (labels already chosen by the caller: event names, channels or
// mapped cards' texts) with their timestamps (same length).
struct FlowSequence { std::vector<std::string> steps; std::vector<int64_t> ts_ms; };

struct SankeyOptions {
  std::string anchor;              // start (or end) step label; "" = every sequence from its start
  bool from_start = true;          // false: the paths that lead to `anchor`, read backwards
  int steps = 5;                   // columns after (or before) the anchor, the anchor included
  int top_k = 5;                   // nodes per column; the rest are grouped as "Other" (1..20)
  bool collapse_repeats = false;   // a step repeated back to back counts once
};
struct SankeyNode { int column = 0; std::string label; int64_t count = 0; bool other = false, exit = false; };
struct SankeyLink { int from = 0, to = 0; int64_t count = 0; };   // node indices
// Totals are conserved: every column's counts sum to the sequences that reached it, and a
// sequence that ends before the last column flows into an "(exit)" node.
struct Sankey { std::vector<SankeyNode> nodes; std::vector<SankeyLink> links; int64_t sequences = 0; };
Sankey compute_sankey(const std::vector<FlowSequence>& seqs, const SankeyOptions& opt);

struct DfgEdge { std::string from, to; int64_t count = 0; double median_ms = 0, mean_ms = 0; };
struct DfgCount { std::string label; int64_t count = 0; };
struct Dfg {
  std::vector<DfgCount> activities;       // by count, descending
  std::vector<DfgEdge> edges;             // by count, descending, then from, to
  std::vector<DfgCount> starts, ends;     // start and end activities
  std::vector<DfgCount> variants;         // whole sequences joined with " > ", by count (top 50)
  double case_median_ms = 0, case_mean_ms = 0;   // first to last step
};
Dfg compute_dfg(const std::vector<FlowSequence>& seqs);

} // namespace jm
