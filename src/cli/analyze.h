// analyze.h: `journeymap analyze ...`: the analytics of the core (survey scores, funnels, paths,
// attribution, one person's journey, the automation rules) over CSV files, for scripts, CI and
// data that outgrows the page. Same code as the editor's analytics worker; output is JSON (or CSV)
// on standard output, rejected rows on standard error and in the JSON.
//
//   journeymap analyze survey      --responses FILE [--map MAP] [--by card|stage|persona|period] [--min-n N]
//   journeymap analyze funnel      --events FILE --map MAP [--steps stages|cards] [--order ordered|strict|any]
//                                  [--window-days D] [--open] [--unit person|session]
//   journeymap analyze paths       --events FILE [--map MAP] [--from X | --to X] [--steps N] [--top K]
//                                  [--node touchpoint|event|channel] [--dfg | --to-paths-csv]
//   journeymap analyze attribution --paths FILE | --events FILE [--model NAME|all]
//                                  [--transform unique|exposure|first|frequency] [--half-life-days H]
//   journeymap analyze person      --events FILE --responses FILE --map MAP --id PERSON
//   journeymap analyze rules       --responses FILE [--map MAP]          (JSON Lines of firings)
//   common: --json (default) | --csv, --strict (the first rejected row fails), -o OUT
//
// Exit status: 0 done, 1 unusable input (a file that can not be read, a header without the
// required columns, --strict and a bad row, an unknown person), 2 wrong usage.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace jm_cli {

// `args` are the words after "analyze".
int run_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
const char* analyze_usage_text();

} // namespace jm_cli
