// portfolio_cli.h: `journeymap portfolio DIR --to json|csv|md [-o OUT] [--today YYYY-MM-DD]`:
// the roll-ups of core/portfolio.h over every *.journey.json under DIR (recursively, sorted by
// path), for intranet pipelines. A file that can not be read is named on standard error and
// skipped (it is listed in the JSON's "errors" and the Markdown too); the output is still written
// and the exit status is then 1. Exit status 2: wrong usage.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace jm_cli {

// `args` are the words after "portfolio".
int run_portfolio(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
const char* portfolio_usage_text();

} // namespace jm_cli
