// merge_bench.cpp: the benchmark's merge_ms_4800 and diff_ms_4800 (tests/bench/bench.mjs). The page
// calls jm_bench_merge_prepare() once (the generated 4,800-card map and two copies edited by two
// authors through the editor's commands), then times jm_bench_merge() (merge_maps, as File > Merge
// with file... runs it) and jm_bench_diff() (diff_maps of the base and one copy) in the wasm.
#include "core/diff.h"
#include "core/edit.h"
#include "core/merge.h"
#include <emscripten.h>
#include <string>
#include <vector>

namespace {

struct BenchMaps { jm::Map base, ours, theirs; bool ready = false; };
BenchMaps g_bench;

// One author's afternoon: edits every `every`-th card's text, moves some cards to the next stage,
// adds cards (random ids, as both authors' copies give them: no renumbering),
// deletes a few, renames a stage; `colour`: recolours instead of editing texts on other cards.
void author(jm::Doc& d, int offset, bool colour) {
  using namespace jm;
  const Map base = d.map;
  for (size_t i = (size_t)offset; i < base.cards.size(); i += 50) {
    Card c = base.cards[i];
    if (colour) c.color = 0x3366cc;
    else c.text += " (edited)";
    update_card(d, c);
  }
  for (size_t i = (size_t)offset + 7; i < base.cards.size(); i += 240) {
    const Card& c = base.cards[i];
    int s = find_stage(base, c.stage);
    move_cards(d, {c.id}, base.stages[(size_t)(s + 1) % base.stages.size()].id, c.lane);
  }
  for (int i = 0; i < 20; i++) {
    Card c;
    c.stage = base.stages[(size_t)(i * 2 + offset) % base.stages.size()].id;
    c.lane = base.lanes[(size_t)i % base.lanes.size()].id;
    c.text = std::string(colour ? "Theirs " : "Ours ") + std::to_string(i);
    add_card(d, c);
  }
  std::vector<Id> gone;
  for (size_t i = (size_t)offset + 13; i < base.cards.size(); i += 480) gone.push_back(base.cards[i].id);
  delete_cards(d, gone);
  Stage s = base.stages[(size_t)offset % base.stages.size()];
  s.name += colour ? " (theirs)" : " (ours)";
  update_stage(d, s);
}

} // namespace

extern "C" {

// Returns the number of cards of the base (4,800).
EMSCRIPTEN_KEEPALIVE int jm_bench_merge_prepare() {
  static const std::vector<std::string> texts = {
    "Searches the web for a business phone system", "Reads reviews on a comparison site", "Books a demo with sales",
    "Waits two days for a quote", "Compares three vendors in a spreadsheet", "Signs the contract online"};
  g_bench.base = jm::make_large_map(40, 12, 10, texts);
  jm::Doc ours, theirs;
  ours.map = g_bench.base;
  theirs.map = g_bench.base;
  author(ours, 0, false);
  author(theirs, 25, true);
  // A few cards both authors edited: conflicts, as a real merge has.
  for (size_t i = 1; i < 6; i++) {
    jm::Card a = g_bench.base.cards[i * 700], b = a;
    a.text = "Ours' wording " + std::to_string(i);
    b.text = "Theirs' wording " + std::to_string(i);
    jm::update_card(ours, a);
    jm::update_card(theirs, b);
  }
  g_bench.ours = std::move(ours.map);
  g_bench.theirs = std::move(theirs.map);
  g_bench.ready = true;
  return (int)g_bench.base.cards.size();
}

// Returns the number of conflicts (-1 before jm_bench_merge_prepare).
EMSCRIPTEN_KEEPALIVE int jm_bench_merge() {
  if (!g_bench.ready) return -1;
  jm::MergeResult r = jm::merge_maps(g_bench.base, g_bench.ours, g_bench.theirs);
  return (int)r.conflicts.size();
}

// Returns the number of changes from the base to ours' copy.
EMSCRIPTEN_KEEPALIVE int jm_bench_diff() {
  if (!g_bench.ready) return -1;
  return (int)jm::diff_maps(g_bench.base, g_bench.ours).changes.size();
}

} // extern "C"
