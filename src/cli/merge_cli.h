// merge_cli.h: `journeymap diff` and `journeymap merge` (core/diff.h, core/merge.h), for scripts and
// as Git's diff and merge drivers for *.journey.json (README "Diff and merge").
//
//   journeymap diff A B [--json]
//       What changed from A to B, card by card, stage by stage. Exit status as diff(1): 0 the maps
//       are the same, 1 they differ, 2 trouble (wrong usage, a file that can not be read or is not
//       a valid map).
//   journeymap diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
//       The same called by Git as diff.journeymap.command (seven arguments; /dev/null is an empty
//       map); exit status 0 unless there is trouble, as Git expects.
//   journeymap merge BASE OURS THEIRS [-o OUT] [--ours|--theirs]
//       Three-way merge. Conflicts are listed on standard error and take ours' side (--theirs:
//       theirs'); OUT is written either way, so a Git merge driver leaves a usable map. Exit status
//       0 merged (or every conflict settled by --ours/--theirs), 1 conflicts left at ours' side,
//       2 trouble (nothing written).
//   journeymap merge OURS THEIRS [-o OUT] [--ours|--theirs]
//       Two copies without a common base: every difference is a conflict (an entity only one copy
//       has, a field that differs); same output and exit status.
// Notes (what the merge renumbered or dropped) go to standard error in every case.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace jm_cli {

// `args` are the words after "diff" / "merge".
int run_diff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
const char* diff_usage_text();
const char* merge_usage_text();

} // namespace jm_cli
