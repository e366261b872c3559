// Paths: the Sankey (top k, "Other", "(exit)", anchors, collapsed repeats) and the
// directly-follows graph. Expectations are hand-counted from the sequences written next to them;
// the DFG case is pm4py's running example.
#include <catch2/catch.hpp>
#include "core/flows.h"
#include <map>
#include <random>
#include <sstream>

using namespace jm;

namespace {

FlowSequence S(const std::string& spaced, std::vector<int64_t> ts = {}) {
  FlowSequence s;
  std::istringstream in(spaced);
  std::string w;
  while (in >> w) s.steps.push_back(w);
  s.ts_ms = std::move(ts);
  return s;
}

// "c:label=count" for each node, in output order.
std::vector<std::string> nodes_of(const Sankey& sk) {
  std::vector<std::string> out;
  for (const SankeyNode& n : sk.nodes)
    out.push_back(std::to_string(n.column) + ":" + n.label + "=" + std::to_string(n.count));
  return out;
}
// "from_label>to_label=count" with columns, for each link.
std::map<std::string, int64_t> links_of(const Sankey& sk) {
  std::map<std::string, int64_t> out;
  for (const SankeyLink& l : sk.links) {
    const SankeyNode& a = sk.nodes[l.from];
    const SankeyNode& b = sk.nodes[l.to];
    out[std::to_string(a.column) + a.label + ">" + std::to_string(b.column) + b.label] += l.count;
  }
  return out;
}

// Totals are conserved: every column's nodes sum to the sequences still present in the column
// before (column 0: all), and each non-exit node's outgoing links sum to its count.
void check_conserved(const Sankey& sk) {
  std::map<int, int64_t> col_total, col_present;
  for (const SankeyNode& n : sk.nodes) {
    col_total[n.column] += n.count;
    if (!n.exit) col_present[n.column] += n.count;
  }
  for (const auto& kv : col_total) {
    if (kv.first == 0) CHECK(kv.second == sk.sequences);
    else CHECK(kv.second == col_present[kv.first - 1]);
  }
  std::vector<int64_t> out(sk.nodes.size(), 0), in(sk.nodes.size(), 0);
  for (const SankeyLink& l : sk.links) {
    CHECK(sk.nodes[l.to].column == sk.nodes[l.from].column + 1);
    out[l.from] += l.count;
    in[l.to] += l.count;
  }
  const int last = col_total.empty() ? 0 : col_total.rbegin()->first;
  for (size_t i = 0; i < sk.nodes.size(); i++) {
    if (sk.nodes[i].column > 0) CHECK(in[i] == sk.nodes[i].count);
    if (!sk.nodes[i].exit && sk.nodes[i].column < last) CHECK(out[i] == sk.nodes[i].count);
    if (sk.nodes[i].exit) CHECK(out[i] == 0);
  }
}

const std::vector<FlowSequence> kSeqs = {
  S("A B C"), S("A B D"), S("A C"), S("B A B"), S("A A B"),
};

} // namespace

TEST_CASE("sankey from a start anchor: columns, exits, links", "[flows]") {
  SankeyOptions o;
  o.anchor = "A";
  o.steps = 3;
  // From the first A: [A B C] [A B D] [A C] [A B] (s4 from its A) [A A B].
  // Column 1: B 3, then A 1 and C 1 (count desc, then label). Column 2: s1 C, s2 D, s5 B;
  // s3 and s4 ended: (exit) 2. Column 2 sums to 5 = the 5 present in column 1.
  Sankey sk = compute_sankey(kSeqs, o);
  CHECK(sk.sequences == 5);
  CHECK(nodes_of(sk) == std::vector<std::string>{"0:A=5", "1:B=3", "1:A=1", "1:C=1", "2:B=1", "2:C=1",
                                                 "2:D=1", "2:(exit)=2"});
  CHECK(sk.nodes.back().exit);
  auto l = links_of(sk);
  CHECK(l == std::map<std::string, int64_t>{{"0A>1B", 3}, {"0A>1A", 1}, {"0A>1C", 1}, {"1B>2C", 1},
                                            {"1B>2D", 1}, {"1B>2(exit)", 1}, {"1A>2B", 1}, {"1C>2(exit)", 1}});
  check_conserved(sk);
}

TEST_CASE("sankey top k groups the rest as Other, totals kept", "[flows]") {
  SankeyOptions o;
  o.anchor = "A";
  o.steps = 3;
  o.top_k = 1;
  // Column 1: B 3 kept; A 1 + C 1 -> Other 2. Column 2: B, C, D have 1 each: B first by label,
  // C + D -> Other 2; (exit) 2.
  Sankey sk = compute_sankey(kSeqs, o);
  CHECK(nodes_of(sk) == std::vector<std::string>{"0:A=5", "1:B=3", "1:Other=2", "2:B=1", "2:Other=2",
                                                 "2:(exit)=2"});
  CHECK(sk.nodes[2].other);
  auto l = links_of(sk);
  CHECK(l["1Other>2B"] == 1);        // s5: A A B
  CHECK(l["1Other>2(exit)"] == 1);   // s3: A C
  CHECK(l["1B>2Other"] == 2);        // s1 C, s2 D
  check_conserved(sk);
}

TEST_CASE("sankey collapses repeats when asked", "[flows]") {
  SankeyOptions o;
  o.anchor = "A";
  o.steps = 3;
  o.collapse_repeats = true;
  // s5 A A B -> A B. Column 1: B 4, C 1. Column 2: C (s1), D (s2); exit 3 (s3, s4, s5).
  Sankey sk = compute_sankey(kSeqs, o);
  CHECK(nodes_of(sk) == std::vector<std::string>{"0:A=5", "1:B=4", "1:C=1", "2:C=1", "2:D=1", "2:(exit)=3"});
  check_conserved(sk);
}

TEST_CASE("sankey to an end anchor reads backwards from its first occurrence", "[flows]") {
  SankeyOptions o;
  o.anchor = "B";
  o.from_start = false;
  o.steps = 3;
  // s1 [B A], s2 [B A], s3 has no B, s4 first B at 0: [B], s5 first B at 2: [B A A].
  // Column 1: A 3, (exit) 1 (s4). Column 2: A 1 (s5), (exit) 2.
  Sankey sk = compute_sankey(kSeqs, o);
  CHECK(sk.sequences == 4);
  CHECK(nodes_of(sk) == std::vector<std::string>{"0:B=4", "1:A=3", "1:(exit)=1", "2:A=1", "2:(exit)=2"});
  check_conserved(sk);
}

TEST_CASE("sankey without an anchor starts every sequence at its first step", "[flows]") {
  SankeyOptions o;
  o.steps = 2;
  // Column 0: A 4, B 1. Column 1: s1 B, s2 B, s3 C, s4 A, s5 A -> A 2, B 2 (by label), C 1.
  // Nothing exits.
  Sankey sk = compute_sankey(kSeqs, o);
  CHECK(nodes_of(sk) == std::vector<std::string>{"0:A=4", "0:B=1", "1:A=2", "1:B=2", "1:C=1"});
  check_conserved(sk);
  // An anchor nobody reached: an empty diagram.
  o.anchor = "Z";
  Sankey none = compute_sankey(kSeqs, o);
  CHECK(none.sequences == 0);
  CHECK(none.nodes.empty());
}

TEST_CASE("sankey totals are conserved over random sequences", "[flows]") {
  std::mt19937 rng(7);
  std::vector<FlowSequence> seqs(200);
  const char* names[] = {"home", "search", "product", "cart", "pay", "help", "blog", "login"};
  for (FlowSequence& s : seqs) {
    int n = (int)(rng() % 9);
    for (int i = 0; i < n; i++) s.steps.push_back(names[rng() % 8]);
  }
  for (int k : {1, 3, 5, 20})
    for (bool collapse : {false, true})
      for (bool fwd : {true, false})
        for (const char* anchor : {"", "search", "pay"}) {
          SankeyOptions o;
          o.anchor = anchor;
          o.from_start = fwd;
          o.top_k = k;
          o.steps = 6;
          o.collapse_repeats = collapse;
          Sankey sk = compute_sankey(seqs, o);
          CHECK(sk.sequences > 0);
          check_conserved(sk);
          std::map<int, int> per_col;
          for (const SankeyNode& n : sk.nodes) if (!n.other && !n.exit) per_col[n.column]++;
          for (const auto& kv : per_col) CHECK(kv.second <= k);
        }
}

TEST_CASE("directly-follows graph of pm4py's running example", "[flows]") {
  // The six traces of pm4py's tests/input_data/running-example.csv (the running example of
  // van der Aalst's "Process Mining" book), case by case in time order. Expected edges, start and
  // end activities: pm4py's tests/input_data/running-example.dfg (16 edges, counts summing to 36
  // = 42 events - 6 cases; start "register request" x6; ends "pay compensation" x3,
  // "reject request" x3).
  const std::string reg = "register request", et = "examine thoroughly", ec = "examine casually",
                    ct = "check ticket", de = "decide", rj = "reject request", pc = "pay compensation",
                    ri = "reinitiate request";
  std::vector<FlowSequence> cases(6);
  cases[0].steps = {reg, et, ct, de, rj};
  cases[1].steps = {reg, ct, ec, de, pc};
  cases[2].steps = {reg, ec, ct, de, ri, et, ct, de, pc};
  cases[3].steps = {reg, ct, et, de, rj};
  cases[4].steps = {reg, ec, ct, de, ri, ct, ec, de, ri, ec, ct, de, rj};
  cases[5].steps = {reg, ec, ct, de, pc};
  Dfg d = compute_dfg(cases);
  std::map<std::pair<std::string, std::string>, int64_t> got;
  for (const DfgEdge& e : d.edges) got[{e.from, e.to}] = e.count;
  const std::map<std::pair<std::string, std::string>, int64_t> want = {
    {{reg, ec}, 3}, {{ec, ct}, 4}, {{ct, de}, 6}, {{de, ri}, 3}, {{ri, et}, 1}, {{et, ct}, 2},
    {{de, pc}, 3}, {{reg, ct}, 2}, {{ct, ec}, 2}, {{ec, de}, 2}, {{reg, et}, 1}, {{de, rj}, 3},
    {{ri, ct}, 1}, {{ri, ec}, 1}, {{ct, et}, 1}, {{et, de}, 1},
  };
  CHECK(got == want);
  // Edges by count desc, then from, to: the first is check ticket > decide (6).
  REQUIRE(d.edges.size() == 16);
  CHECK(d.edges[0].from == ct);
  CHECK(d.edges[0].to == de);
  CHECK(d.edges[1].from == ec);   // examine casually > check ticket (4)
  for (size_t i = 1; i < d.edges.size(); i++) CHECK(d.edges[i - 1].count >= d.edges[i].count);
  REQUIRE(d.starts.size() == 1);
  CHECK(d.starts[0].label == reg);
  CHECK(d.starts[0].count == 6);
  REQUIRE(d.ends.size() == 2);
  CHECK(d.ends[0].label == pc);   // 3 each: by label
  CHECK(d.ends[0].count == 3);
  CHECK(d.ends[1].label == rj);
  // Activity counts (hand-counted from the traces): check ticket 9, decide 9, examine casually 6,
  // register request 6, then 3 each.
  REQUIRE(d.activities.size() == 8);
  CHECK(d.activities[0].label == ct);
  CHECK(d.activities[0].count == 9);
  CHECK(d.activities[1].label == de);
  CHECK(d.activities[2].label == ec);
  CHECK(d.activities[2].count == 6);
  CHECK(d.activities[3].label == reg);
  CHECK(d.activities[7].count == 3);
  int64_t total = 0;
  for (const DfgCount& a : d.activities) total += a.count;
  CHECK(total == 42);
  // Six cases, six different variants, one each.
  CHECK(d.variants.size() == 6);
  for (const DfgCount& v : d.variants) CHECK(v.count == 1);
  CHECK(d.case_mean_ms == 0);   // no times given
}

TEST_CASE("directly-follows graph times: median and mean gaps, case durations", "[flows]") {
  // X->Y gaps 10, 30, 80 ms: median 30, mean 40. Y->Z gap 30 (only in the first).
  // Case durations 40, 30, 80: median 40, mean 50.
  std::vector<FlowSequence> seqs = {
    S("X Y Z", {0, 10, 40}), S("X Y", {100, 130}), S("X Y", {0, 80}),
    S("X Y Z", {}),   // no times: counts, no durations
  };
  Dfg d = compute_dfg(seqs);
  REQUIRE(d.edges.size() == 2);
  CHECK(d.edges[0].from == "X");
  CHECK(d.edges[0].count == 4);
  CHECK(d.edges[0].median_ms == 30);
  CHECK(d.edges[0].mean_ms == 40);
  CHECK(d.edges[1].count == 2);
  CHECK(d.edges[1].median_ms == 30);
  CHECK(d.case_median_ms == 40);
  CHECK(d.case_mean_ms == 50);
  REQUIRE(d.variants.size() == 2);
  CHECK(d.variants[0].label == "X > Y");   // 2 each: by label
  CHECK(d.variants[0].count == 2);
  CHECK(d.variants[1].label == "X > Y > Z");
}

TEST_CASE("directly-follows graph keeps the top 50 variants", "[flows]") {
  std::vector<FlowSequence> seqs;
  for (int i = 0; i < 60; i++)
    for (int r = 0; r <= i % 3; r++) seqs.push_back(S("start v" + std::to_string(i)));
  Dfg d = compute_dfg(seqs);
  CHECK(d.variants.size() == 50);
  CHECK(d.variants[0].count == 3);
  // 20 variants occur 3 times, 20 twice, 20 once: the top 50 are 20 x3, 20 x2, 10 x1.
  CHECK(d.variants.back().count == 1);
  int ones = 0;
  for (const DfgCount& v : d.variants) ones += v.count == 1;
  CHECK(ones == 10);
}
