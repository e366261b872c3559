// portfolio_cli.cpp: `journeymap portfolio` (see portfolio_cli.h).
#include "cli/portfolio_cli.h"
#include "cli/cli_files.h"
#include "core/io.h"
#include "core/portfolio.h"
#include <algorithm>
#include <ctime>
#include <filesystem>

namespace jm_cli {

namespace fs = std::filesystem;

const char* portfolio_usage_text() {
  return "usage: journeymap portfolio DIR --to json|csv|md [-o OUT] [--today YYYY-MM-DD]\n"
         "\n"
         "Rolls up every *.journey.json under DIR (subfolders included, sorted by path):\n"
         "  json  one object: maps (owner, status, review dates, flags, hierarchy), opportunities and\n"
         "        actions, the impact-effort matrix, pain points and lowest feelings per stage name,\n"
         "        metrics against targets, persona coverage, sub-journey links\n"
         "  csv   the table of opportunities and actions of every map\n"
         "  md    the same roll-ups as Markdown sections and tables\n"
         "--today sets the date the review and due-date flags are computed for (default: today, UTC).\n"
         "A file that can not be read is named on standard error and skipped; the output is still\n"
         "written and the exit status is 1. Exit status 2: wrong usage.\n";
}

namespace {

std::string utc_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); i++) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

int run_portfolio(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string dir, to, output, today;
  bool has_to = false, has_out = false, has_today = false;
  auto usage = [&](const std::string& problem) {
    err << "journeymap portfolio: " << problem << " (see journeymap portfolio --help)\n";
    return 2;
  };
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& s = args[i];
    if (s == "--help" || s == "-h") { out << portfolio_usage_text(); return 0; }
    auto value = [&](const char* name, std::string* dst, bool* seen) -> std::string {
      if (*seen) return std::string(name) + " given twice";
      *seen = true;
      size_t eq = s.find('=');
      if (s.compare(0, 2, "--") == 0 && eq != std::string::npos) *dst = s.substr(eq + 1);
      else if (i + 1 < args.size()) *dst = args[++i];
      else return std::string(name) + " needs a value";
      return dst->empty() ? std::string(name) + " needs a value" : std::string();
    };
    std::string problem;
    if (s == "--to" || s == "-t" || s.compare(0, 5, "--to=") == 0) problem = value("--to", &to, &has_to);
    else if (s == "-o" || s == "--output" || s.compare(0, 9, "--output=") == 0) problem = value("-o", &output, &has_out);
    else if (s == "--today" || s.compare(0, 8, "--today=") == 0) problem = value("--today", &today, &has_today);
    else if (s.size() > 1 && s[0] == '-') problem = "unknown option \"" + s + "\"";
    else if (!dir.empty()) problem = "more than one folder (\"" + dir + "\", \"" + s + "\")";
    else dir = s;
    if (!problem.empty()) return usage(problem);
  }
  if (dir.empty()) return usage("portfolio needs a folder DIR");
  if (!has_to) return usage("portfolio needs --to json|csv|md");
  if (to == "markdown") to = "md";
  if (to != "json" && to != "csv" && to != "md") return usage("unknown format \"" + to + "\" for --to (json, csv, md)");
  if (has_today && !jm::is_iso_date(today)) return usage("--today: \"" + today + "\" is not a date (YYYY-MM-DD)");
  if (!has_today) today = utc_today();

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    err << "journeymap portfolio: \"" << dir << "\" is not a folder\n";
    return 1;
  }
  // Every *.journey.json, by path relative to DIR ('/' separators: names are what sub-journey
  // links are resolved against, the same on every system).
  std::vector<std::string> names;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (ends_with_ci(rel, ".journey.json")) names.push_back(rel);
  }
  if (ec) {
    err << "journeymap portfolio: cannot list \"" << dir << "\": " << ec.message() << "\n";
    return 1;
  }
  std::sort(names.begin(), names.end());

  std::vector<jm::PortfolioMap> maps;
  std::vector<jm::PortfolioError> errors;
  for (const std::string& name : names) {
    std::string text, error, path = (fs::path(dir) / name).generic_string();
    if (!read_file(path, &text, &error)) {
      err << "journeymap portfolio: " << error << "\n";   // names the file
    } else {
      jm::LoadResult r = jm::load_map(text);
      if (r.ok) { maps.push_back({name, std::move(r.map)}); continue; }
      error = r.error;
      err << path << ": " << error << "\n";
    }
    errors.push_back({name, error});
  }
  jm::Portfolio p = jm::build_portfolio(maps, today, errors);
  std::string data = to == "json" ? jm::portfolio_to_json(p) + "\n" : to == "csv" ? jm::portfolio_to_csv(p) : jm::portfolio_to_markdown(p);
  std::string error;
  if (!write_output(output, data, out, &error)) {
    err << "journeymap portfolio: " << error << "\n";
    return 1;
  }
  return errors.empty() ? 0 : 1;
}

} // namespace jm_cli
