// libFuzzer target for everything that reads files a user may be sent: the *.journey.json loader,
// and the Mermaid and CSV importers. Build with `bash tools/build.sh fuzz` (clang, ASan + UBSan);
// run with `build/fuzz/fuzz_load_map -max_total_time=30 <corpus dir>` (tests/fuzz/corpus seeds it).
//
// Besides crashes and sanitizer reports, it aborts when a property breaks:
//   - a map that loads saves to text that loads back to an equal map, and saves identically again;
//   - every map a reader accepts passes validate();
//   - every export and analysis runs; a copy of the current state to the future diffs as unchanged
//     and undoes exactly; a Mermaid export imports back with the same stages and exports to the
//     same text again; a CSV export imports back with the same number of cards;
//   - the SVG holds no markup but its own (user text can not open an element).
#include "core/analytics.h"
#include "core/edit.h"
#include "core/export.h"
#include "core/io.h"
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include "../svg_markup.h"

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_load_map: property broken: %s\n", what);
  std::abort();
}


void check_exports(const jm::Map& m) {
  check(jm::validate(m).empty(), "an accepted map does not validate");
  std::string md = jm::to_markdown(m);
  check(!md.empty(), "empty Markdown");

  std::string csv = jm::to_csv(m);
  jm::Map table;
  std::string err;
  check(jm::from_csv(csv, &table, &err), "a CSV export does not import");
  check(table.cards.size() == m.cards.size(), "CSV round trip changed the number of cards");
  check(jm::validate(table).empty(), "a CSV import does not validate");

  std::string mmd = jm::to_mermaid(m);
  jm::Map diagram;
  check(jm::from_mermaid(mmd, &diagram, &err), "a Mermaid export does not import");
  check(diagram.stages.size() == m.stages.size(), "Mermaid round trip changed the number of stages");
  check(jm::validate(diagram).empty(), "a Mermaid import does not validate");
  check(jm::to_mermaid(diagram) == mmd, "Mermaid export -> import -> export is not stable");

  // The analytics and the action table run on any accepted map; copying the current state to the
  // future keeps it valid, and the copy diffs as unchanged.
  std::string actions = jm::actions_to_csv(m);
  check(actions.compare(0, 3, "\xEF\xBB\xBF") == 0, "action table without its BOM");
  jm::summarize(m);
  jm::stage_rollups(m);
  jm::handoff_gaps(m, jm::JourneyState::Future);
  if (m.cards.size() <= 2000) {
    jm::Doc d;
    d.map = m;
    jm::copy_current_to_future(d);
    check(jm::validate(d.map).empty(), "copy_current_to_future made an invalid map");
    jm::StateDiff diff = jm::diff_states(d.map);
    check(diff.added.empty() && diff.removed.empty() && diff.changed.empty(), "a fresh copy of the current state differs");
    jm::undo(d);
    check(d.map == m, "undoing the copy did not restore the map");
  }

  // Layout and SVG cost the most; a map of thousands of cards adds time, not coverage.
  if (m.cards.size() + m.stages.size() + m.lanes.size() <= 2000)
    check(only_our_markup(jm::to_svg(m, jm::approx_text_width)), "user text got into the SVG as markup");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  jm::LoadResult r = jm::load_map(text);
  if (r.ok) {
    std::string saved = jm::save_map(r.map);
    jm::LoadResult again = jm::load_map(saved);
    check(again.ok, "a saved map does not load");
    check(again.map == r.map, "save + load changed the map");
    check(jm::save_map(again.map) == saved, "saving a reloaded map gives other text");
    check(jm::load_map(jm::save_map(r.map, true)).map == r.map, "pretty save + load changed the map");
    check_exports(r.map);
  } else {
    check(!r.error.empty(), "a refused file without a message");
  }

  jm::Map m;
  std::string err;
  if (jm::from_mermaid(text, &m, &err)) check_exports(m);
  else check(!err.empty(), "a refused Mermaid file without a message");
  if (jm::from_csv(text, &m, &err)) check_exports(m);
  else check(!err.empty(), "a refused CSV file without a message");
  return 0;
}
