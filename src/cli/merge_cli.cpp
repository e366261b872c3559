// merge_cli.cpp: `journeymap diff` and `journeymap merge` (see merge_cli.h).
#include "cli/merge_cli.h"
#include "cli/cli_files.h"
#include "core/diff.h"
#include "core/io.h"
#include "core/merge.h"

namespace jm_cli {

const char* diff_usage_text() {
  return "usage: journeymap diff A B [--json]\n"
         "\n"
         "What changed from map A to map B, matched by ids: the map's fields, then stages, lanes, cards\n"
         "(stage by stage), personas, actions, blueprint lines and the data layer; each field with its\n"
         "value before and after. --json writes {\"changes\": [...]} instead.\n"
         "Exit status as diff(1): 0 the maps are the same, 1 they differ, 2 trouble (wrong usage, a file\n"
         "that can not be read or is not a valid map).\n"
         "As Git's diff driver (git config diff.journeymap.command \"journeymap diff\"), Git passes seven\n"
         "arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE; the exit status is then 0.\n";
}

const char* merge_usage_text() {
  return "usage: journeymap merge BASE OURS THEIRS [-o OUT] [--ours|--theirs]\n"
         "       journeymap merge OURS THEIRS [-o OUT] [--ours|--theirs]\n"
         "\n"
         "Three-way merge of two versions of a map with their common BASE: changes on one side, and\n"
         "changes to different fields of one card on both sides, merge by themselves. Conflicts (one field\n"
         "changed differently on both sides; something deleted on one side and edited on the other) are\n"
         "listed on standard error and take ours' side, or theirs' with --theirs. Without BASE (two\n"
         "copies with no common version) every difference is a conflict.\n"
         "The merged map goes to OUT (standard output without -o), conflicts or not, so a Git merge\n"
         "driver leaves a usable file: git config merge.journeymap.driver \"journeymap merge %O %A %B -o %A\"\n"
         "Exit status: 0 merged (or every conflict settled by --ours/--theirs), 1 conflicts left at ours'\n"
         "side, 2 trouble (wrong usage, a file that can not be read or is not a valid map; nothing written).\n";
}

namespace {

enum Exit { kSame = 0, kDifferent = 1, kTrouble = 2 };

// A map file ("-": standard input); Git's /dev/null (the side of an added or deleted file) is an
// empty map.
bool load(const std::string& path, jm::Map* map, std::string* error) {
  if (path == "/dev/null") { *map = jm::Map{}; return true; }
  std::string text;
  if (!read_file(path, &text, error)) return false;
  jm::LoadResult r = jm::load_map(text);
  if (!r.ok) { *error = (path == "-" ? std::string("<stdin>") : path) + ": " + r.error; return false; }
  *map = std::move(r.map);
  return true;
}

bool wants_help(const std::vector<std::string>& args) {
  for (const std::string& a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

}  // namespace

int run_diff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (wants_help(args)) { out << diff_usage_text(); return kSame; }
  bool as_json = false;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "--json") as_json = true;
    else if (a.size() > 1 && a[0] == '-' && a != "-") { err << "journeymap diff: unknown option \"" << a << "\" (see journeymap diff --help)\n"; return kTrouble; }
    else files.push_back(a);
  }
  bool git = files.size() == 7;   // diff.<driver>.command: path old-file old-hex old-mode new-file new-hex new-mode
  if (!git && files.size() != 2) {
    err << "journeymap diff: needs two maps, A and B (see journeymap diff --help)\n";
    return kTrouble;
  }
  const std::string& a_path = git ? files[1] : files[0];
  const std::string& b_path = git ? files[4] : files[1];
  jm::Map a, b;
  std::string error;
  if (!load(a_path, &a, &error) || !load(b_path, &b, &error)) { err << "journeymap diff: " << error << "\n"; return kTrouble; }
  jm::MapDiff d = jm::diff_maps(a, b);
  std::string text = as_json ? jm::diff_to_json(d) + "\n" : jm::diff_to_text(d);
  if (git && !as_json) text = "journeymap diff " + files[0] + "\n" + (d.changes.empty() ? std::string("(no changes to the map)\n") : text);
  if (!write_output("", text, out, &error)) { err << "journeymap diff: " << error << "\n"; return kTrouble; }
  if (git) return kSame;
  return d.changes.empty() ? kSame : kDifferent;
}

int run_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (wants_help(args)) { out << merge_usage_text(); return 0; }
  std::string out_path;
  bool has_out = false, take_ours = false, take_theirs = false;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--output") {
      if (has_out || i + 1 >= args.size()) { err << "journeymap merge: -o needs one value\n"; return kTrouble; }
      has_out = true;
      out_path = args[++i];
    } else if (a.compare(0, 9, "--output=") == 0) {
      if (has_out) { err << "journeymap merge: -o given twice\n"; return kTrouble; }
      has_out = true;
      out_path = a.substr(9);
    } else if (a == "--ours") take_ours = true;
    else if (a == "--theirs") take_theirs = true;
    else if (a.size() > 1 && a[0] == '-') { err << "journeymap merge: unknown option \"" << a << "\" (see journeymap merge --help)\n"; return kTrouble; }
    else files.push_back(a);
  }
  if (take_ours && take_theirs) { err << "journeymap merge: --ours and --theirs exclude each other\n"; return kTrouble; }
  if (files.size() != 2 && files.size() != 3) {
    err << "journeymap merge: needs BASE OURS THEIRS, or OURS THEIRS without a base (see journeymap merge --help)\n";
    return kTrouble;
  }
  std::vector<jm::Map> maps(files.size());
  std::string error;
  for (size_t i = 0; i < files.size(); i++)
    if (!load(files[i], &maps[i], &error)) { err << "journeymap merge: " << error << "\n"; return kTrouble; }
  jm::MergeResult r = files.size() == 3 ? jm::merge_maps(maps[0], maps[1], maps[2]) : jm::merge_two_way(maps[0], maps[1]);
  jm::Map merged = take_theirs ? jm::resolve_all(r, jm::Side::Theirs) : r.merged;
  const char* settled = take_theirs ? " (theirs taken)" : take_ours ? " (ours taken)" : "";
  for (const jm::Conflict& c : r.conflicts) err << "conflict" << settled << ": " << jm::conflict_to_text(c) << "\n";
  for (const std::string& n : r.notes) err << "note: " << n << "\n";
  if (!write_output(out_path, jm::save_map(merged, true) + "\n", out, &error)) { err << "journeymap merge: " << error << "\n"; return kTrouble; }
  if (r.conflicts.empty() || take_ours || take_theirs) return 0;
  err << "journeymap merge: " << r.conflicts.size() << (r.conflicts.size() == 1 ? " conflict" : " conflicts")
      << " left at ours' side in " << (out_path.empty() || out_path == "-" ? std::string("the output") : "\"" + out_path + "\"")
      << "; settle them with --ours or --theirs, or open the map in the editor (File > Merge with file...)\n";
  return 1;
}

} // namespace jm_cli
