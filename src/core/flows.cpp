// flows.cpp: the Sankey of the most frequent paths and the directly-follows graph;
// analytics.md 2.1 (A5).
//
// Sankey rules (the choices the spec leaves open are written here):
//  - collapse_repeats is applied first (A A B -> A B, PostHog's default), then the anchor is
//    looked for: a sequence takes part when it holds the anchor, from the anchor's FIRST
//    occurrence (from_start: reading forwards; else reading backwards from that occurrence, so
//    column 1 is the step right before the first time the unit reached the anchor). With no
//    anchor every non-empty sequence takes part, from its first step (or backwards from its last).
//  - column c holds the step c places away from the anchor; column 0 is the anchor (or the first /
//    last steps, top k of them). A sequence with no step at column c but one at c-1 goes to the
//    "(exit)" node of column c and leaves the diagram (backwards, "(exit)" means the path began
//    there). So every column's nodes, "(exit)" included, sum to the sequences still present in
//    the column before, and each non-exit node's outgoing links sum to its count.
//  - top k per column among the labels present there, by count descending then label; the rest
//    are one "Other" node (other = true). Nodes of a column are ordered: the top k (count desc,
//    label asc), then "Other", then "(exit)". Links are ordered by source node, then target node.
#include "core/flows.h"
#include <algorithm>
#include <map>
#include <unordered_map>

namespace jm {

namespace {

const char* kOther = "Other";
const char* kExit = "(exit)";

double median_of(std::vector<double>& v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double s = 0;
  for (double x : v) s += x;
  return s / (double)v.size();
}

// Counts sorted by count descending, then label.
std::vector<DfgCount> sorted_counts(const std::unordered_map<std::string, int64_t>& m) {
  std::vector<DfgCount> out;
  out.reserve(m.size());
  for (const auto& kv : m) out.push_back({kv.first, kv.second});
  std::sort(out.begin(), out.end(), [](const DfgCount& a, const DfgCount& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  return out;
}

} // namespace

Sankey compute_sankey(const std::vector<FlowSequence>& seqs, const SankeyOptions& opt) {
  Sankey sk;
  const int ncol = std::max(1, opt.steps);
  const int top_k = std::min(20, std::max(1, opt.top_k));
  // Each taking-part sequence reduced to its columns: path[c] for c < its length (<= ncol).
  std::vector<std::vector<const std::string*>> paths;
  paths.reserve(seqs.size());
  std::vector<const std::string*> steps;
  for (const FlowSequence& s : seqs) {
    steps.clear();
    for (const std::string& st : s.steps)
      if (!opt.collapse_repeats || steps.empty() || *steps.back() != st) steps.push_back(&st);
    if (steps.empty()) continue;
    long a = -1;
    if (opt.anchor.empty()) {
      a = opt.from_start ? 0 : (long)steps.size() - 1;
    } else {
      for (size_t i = 0; i < steps.size(); i++)
        if (*steps[i] == opt.anchor) { a = (long)i; break; }
    }
    if (a < 0) continue;
    std::vector<const std::string*> p;
    for (int c = 0; c < ncol; c++) {
      long i = opt.from_start ? a + c : a - c;
      if (i < 0 || i >= (long)steps.size()) break;
      p.push_back(steps[i]);
    }
    paths.push_back(std::move(p));
  }
  sk.sequences = (int64_t)paths.size();
  if (paths.empty()) return sk;

  // Node index of each path at each column (-1: gone).
  std::vector<int> prev_node(paths.size(), -1), cur_node(paths.size(), -1);
  for (int c = 0; c < ncol; c++) {
    std::unordered_map<std::string, int64_t> counts;
    int64_t exits = 0, present = 0;
    for (size_t i = 0; i < paths.size(); i++) {
      if (c > 0 && prev_node[i] < 0) continue;          // left earlier
      if (c > 0 && sk.nodes[prev_node[i]].exit) continue;
      if ((int)paths[i].size() > c) { counts[*paths[i][c]]++; present++; }
      else exits++;
    }
    if (present == 0 && exits == 0) break;
    std::vector<DfgCount> order = sorted_counts(counts);
    std::unordered_map<std::string, int> index;
    int64_t other = 0;
    for (size_t r = 0; r < order.size(); r++) {
      if ((int)r < top_k) {
        index[order[r].label] = (int)sk.nodes.size();
        sk.nodes.push_back({c, order[r].label, order[r].count, false, false});
      } else {
        other += order[r].count;
      }
    }
    int other_node = -1, exit_node = -1;
    if (other > 0) { other_node = (int)sk.nodes.size(); sk.nodes.push_back({c, kOther, other, true, false}); }
    if (exits > 0) { exit_node = (int)sk.nodes.size(); sk.nodes.push_back({c, kExit, exits, false, true}); }
    std::map<std::pair<int, int>, int64_t> links;
    for (size_t i = 0; i < paths.size(); i++) {
      cur_node[i] = -1;
      if (c > 0 && (prev_node[i] < 0 || sk.nodes[prev_node[i]].exit)) continue;
      if ((int)paths[i].size() > c) {
        auto it = index.find(*paths[i][c]);
        cur_node[i] = it != index.end() ? it->second : other_node;
      } else {
        cur_node[i] = exit_node;
      }
      if (c > 0) links[{prev_node[i], cur_node[i]}]++;
    }
    for (const auto& kv : links) sk.links.push_back({kv.first.first, kv.first.second, kv.second});
    std::swap(prev_node, cur_node);
    if (present == 0) break;
  }
  return sk;
}

Dfg compute_dfg(const std::vector<FlowSequence>& seqs) {
  Dfg d;
  std::unordered_map<std::string, int64_t> acts, starts, ends, variants;
  struct EdgeAcc { int64_t count = 0; std::vector<double> gaps; };
  std::map<std::pair<std::string, std::string>, EdgeAcc> edges;
  std::vector<double> durations;
  std::string variant;
  for (const FlowSequence& s : seqs) {
    if (s.steps.empty()) continue;
    const bool timed = s.ts_ms.size() == s.steps.size();
    variant.clear();
    for (size_t i = 0; i < s.steps.size(); i++) {
      acts[s.steps[i]]++;
      if (i) variant += " > ";
      variant += s.steps[i];
      if (i + 1 < s.steps.size()) {
        EdgeAcc& e = edges[{s.steps[i], s.steps[i + 1]}];
        e.count++;
        if (timed) e.gaps.push_back((double)(s.ts_ms[i + 1] - s.ts_ms[i]));
      }
    }
    starts[s.steps.front()]++;
    ends[s.steps.back()]++;
    variants[variant]++;
    if (timed) durations.push_back((double)(s.ts_ms.back() - s.ts_ms.front()));
  }
  d.activities = sorted_counts(acts);
  d.starts = sorted_counts(starts);
  d.ends = sorted_counts(ends);
  d.variants = sorted_counts(variants);
  if (d.variants.size() > 50) d.variants.resize(50);
  for (auto& kv : edges) {
    DfgEdge e;
    e.from = kv.first.first;
    e.to = kv.first.second;
    e.count = kv.second.count;
    e.mean_ms = mean_of(kv.second.gaps);
    e.median_ms = median_of(kv.second.gaps);
    d.edges.push_back(std::move(e));
  }
  // std::map already orders by (from, to); a stable sort by count keeps that as the tie-break.
  std::stable_sort(d.edges.begin(), d.edges.end(), [](const DfgEdge& a, const DfgEdge& b) { return a.count > b.count; });
  d.case_mean_ms = mean_of(durations);
  d.case_median_ms = median_of(durations);
  return d;
}

} // namespace jm
