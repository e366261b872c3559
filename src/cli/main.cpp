// main.cpp: the `journeymap` command-line tool, built natively from the same core as the editor,
// for scripts and CI: check maps, convert them to and from other formats, rewrite old files.
//
//   journeymap validate FILE
//   journeymap convert FILE --to json|mermaid|csv|md|svg|actions|xlsx|pptx [-o OUT]
//   journeymap migrate FILE [-o OUT]
//   journeymap analyze survey|funnel|paths|attribution|person|rules ...   (cli/analyze.h)
//   journeymap portfolio DIR --to json|csv|md [-o OUT]                   (cli/portfolio_cli.h)
//   journeymap diff A B [--json]; journeymap merge [BASE] OURS THEIRS [-o OUT] (cli/merge_cli.h)
//
// Exit status: 0 done, 1 the input is invalid or a file can not be read or written, 2 wrong usage.
// Everything happens in jm_cli::run(), which takes its streams as arguments, so the unit tests
// can include this file with JM_CLI_NO_MAIN defined and call it without spawning a process.
#include "cli/analyze.h"
#include "cli/cli_files.h"
#include "cli/merge_cli.h"
#include "cli/portfolio_cli.h"
#include "core/export.h"
#include "core/io.h"
#include "core/pptx.h"
#include "core/xlsx.h"
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace jm_cli {

enum Exit { kOk = 0, kInvalid = 1, kUsage = 2 };

inline const char* usage_text() {
  return "usage: journeymap <command> FILE [options]\n"
         "\n"
         "commands:\n"
         "  validate FILE                     check a map: prints \"FILE: valid (...)\" or what is wrong\n"
         "  convert FILE --to FORMAT [-o OUT] write the map as FORMAT: json, mermaid, csv, md, svg, actions\n"
         "                                    (the opportunities and action items as CSV), xlsx (cards,\n"
         "                                    actions and metrics sheets) or pptx (an editable slide deck)\n"
         "  migrate FILE [-o OUT]             rewrite a map in the current file format version (pretty JSON)\n"
         "  analyze COMMAND [options]         customer data: survey, funnel, paths, attribution, person, rules\n"
         "                                    (journeymap analyze --help)\n"
         "  portfolio DIR --to json|csv|md    roll-ups over every *.journey.json under DIR: actions, matrix,\n"
         "                                    pain points, metrics, personas, governance, sub-journeys\n"
         "                                    (journeymap portfolio --help)\n"
         "  diff A B [--json]                 what changed from map A to map B; exit status 0 same, 1 different,\n"
         "                                    2 trouble, as diff(1) (journeymap diff --help)\n"
         "  merge BASE OURS THEIRS [-o OUT]   three-way merge; conflicts on standard error, exit status 1 while\n"
         "        [--ours|--theirs]           any is left at ours' side; also a Git merge driver; OURS THEIRS\n"
         "                                    alone: every difference is a conflict (journeymap merge --help)\n"
         "  --help                            show this text\n"
         "\n"
         "FILE is a *.journey.json map, a Mermaid user journey (*.mmd) or a CSV export (*.csv); \"-\"\n"
         "reads standard input. Output goes to OUT, or to standard output without -o.\n"
         "Exit status: 0 done, 1 invalid input or a file that can not be read or written, 2 wrong usage.\n";
}

inline bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[s.size() - n + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

enum class Input { Json, Mermaid, Csv };

// By extension first; otherwise by the first characters (standard input, unusual names).
inline Input detect_input(const std::string& path, const std::string& text) {
  if (ends_with(path, ".mmd") || ends_with(path, ".mermaid")) return Input::Mermaid;
  if (ends_with(path, ".csv")) return Input::Csv;
  if (ends_with(path, ".json")) return Input::Json;
  size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
  std::string head = text.substr(i, 16);
  for (char& c : head)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  if (head.compare(0, 7, "journey") == 0 || head.compare(0, 2, "%%") == 0 || head.compare(0, 3, "---") == 0) return Input::Mermaid;
  if (head.compare(0, 6, "stage,") == 0) return Input::Csv;
  return Input::Json;
}

// "maps/Buying a phone.mmd" -> "Buying a phone": a title for imports that carry none.
inline std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  for (const char* ext : {".journey.json", ".json", ".mmd", ".mermaid", ".csv"})
    if (ends_with(name, ext)) return name.substr(0, name.size() - std::strlen(ext));
  return name;
}

// *io_error tells a file that could not be read from one whose content is wrong.
inline bool load_any(const std::string& path, jm::Map* map, std::string* error, bool* io_error) {
  std::string text;
  *io_error = !read_file(path, &text, error);
  if (*io_error) return false;
  Input kind = detect_input(path, text);
  if (kind == Input::Json) {
    jm::LoadResult r = jm::load_map(text);
    if (!r.ok) { *error = r.error; return false; }
    *map = std::move(r.map);
    return true;
  }
  bool ok = kind == Input::Mermaid ? jm::from_mermaid(text, map, error) : jm::from_csv(text, map, error);
  if (!ok) return false;
  if (map->meta.title.empty() && path != "-") map->meta.title = file_stem(path);
  // Imports build their maps by construction; check anyway so a bug shows here, not in the editor.
  std::vector<std::string> problems = jm::validate(*map);
  if (!problems.empty()) { *error = "map." + problems[0]; return false; }
  return true;
}

inline std::string count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

struct Args {
  std::string command, file, to, out;
  bool has_to = false, has_out = false;
};

// Returns an empty string when the arguments make sense, else the one-line problem.
inline std::string parse_args(const std::vector<std::string>& a, Args* args) {
  if (a.empty()) return "no command given";
  args->command = a[0];
  if (args->command != "validate" && args->command != "convert" && args->command != "migrate")
    return "unknown command \"" + args->command + "\"";
  for (size_t i = 1; i < a.size(); i++) {
    const std::string& s = a[i];
    auto value = [&](const char* name, std::string* dst, bool* seen) -> std::string {
      if (*seen) return std::string(name) + " given twice";
      *seen = true;
      size_t eq = s.find('=');
      if (s.compare(0, 2, "--") == 0 && eq != std::string::npos) { *dst = s.substr(eq + 1); }
      else if (i + 1 < a.size()) { *dst = a[++i]; }
      else return std::string(name) + " needs a value";
      return dst->empty() ? std::string(name) + " needs a value" : std::string();
    };
    std::string problem;
    if (s == "--to" || s.compare(0, 5, "--to=") == 0 || s == "-t") problem = value("--to", &args->to, &args->has_to);
    else if (s == "-o" || s == "--output" || s.compare(0, 9, "--output=") == 0) problem = value("-o", &args->out, &args->has_out);
    else if (s.size() > 1 && s[0] == '-') problem = "unknown option \"" + s + "\"";
    else if (!args->file.empty()) problem = "more than one input file (\"" + args->file + "\", \"" + s + "\")";
    else args->file = s;
    if (!problem.empty()) return problem;
  }
  if (args->file.empty()) return args->command + " needs a FILE";
  if (args->command == "convert" && !args->has_to) return "convert needs --to json|mermaid|csv|md|svg|actions|xlsx|pptx";
  if (args->command != "convert" && args->has_to) return "--to belongs to convert";
  if (args->command == "validate" && args->has_out) return "validate writes no file: -o belongs to convert and migrate";
  if (args->has_to) {
    const std::string& t = args->to;
    if (t != "json" && t != "mermaid" && t != "mmd" && t != "csv" && t != "md" && t != "markdown" && t != "svg" &&
        t != "actions" && t != "xlsx" && t != "pptx")
      return "unknown format \"" + t + "\" for --to (json, mermaid, csv, md, svg, actions, xlsx, pptx)";
    if ((t == "xlsx" || t == "pptx") && args->out.empty() && isatty(1)) return t + " is a binary file: give -o FILE (or redirect the output)";
  }
  return {};
}

inline int run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  // analyze has its own options and help (cli/analyze.cpp).
  if (!argv.empty() && argv[0] == "analyze") return run_analyze(std::vector<std::string>(argv.begin() + 1, argv.end()), out, err);
  if (!argv.empty() && argv[0] == "portfolio") return run_portfolio(std::vector<std::string>(argv.begin() + 1, argv.end()), out, err);
  if (!argv.empty() && argv[0] == "diff") return run_diff(std::vector<std::string>(argv.begin() + 1, argv.end()), out, err);
  if (!argv.empty() && argv[0] == "merge") return run_merge(std::vector<std::string>(argv.begin() + 1, argv.end()), out, err);
  bool help = !argv.empty() && argv[0] == "help";
  for (const std::string& a : argv) help = help || a == "--help" || a == "-h";
  if (help) { out << usage_text(); return kOk; }
  Args args;
  std::string problem = parse_args(argv, &args);
  if (!problem.empty()) {
    err << "journeymap: " << problem << " (see journeymap --help)\n";
    return kUsage;
  }
  jm::Map map;
  std::string error;
  bool io_error = false;
  if (!load_any(args.file, &map, &error, &io_error)) {
    // A read failure already names the file; a content problem gets it as a prefix.
    if (io_error) err << "journeymap: " << error << "\n";
    else err << (args.file == "-" ? std::string("<stdin>") : args.file) << ": " << error << "\n";
    return kInvalid;
  }
  if (args.command == "validate") {
    out << (args.file == "-" ? std::string("<stdin>") : args.file) << ": valid ("
        << count(map.stages.size(), "stage", "stages") << ", " << count(map.lanes.size(), "lane", "lanes") << ", "
        << count(map.cards.size(), "card", "cards") << ")\n";
    return kOk;
  }
  std::string data;
  const std::string to = args.command == "migrate" ? std::string("json") : args.to;
  if (to == "json") data = jm::save_map(map, true) + "\n";
  else if (to == "mermaid" || to == "mmd") data = jm::to_mermaid(map);
  else if (to == "csv") data = jm::to_csv(map);
  else if (to == "md" || to == "markdown") data = jm::to_markdown(map);
  else if (to == "actions") data = jm::actions_to_csv(map);
  else if (to == "xlsx") {
    data = jm::map_to_xlsx(map, &error);
    if (data.empty()) { err << "journeymap: " << error << "\n"; return kInvalid; }
  }
  else if (to == "pptx") {
    data = jm::map_to_pptx(map, jm::approx_text_width, &error);
    if (data.empty()) { err << "journeymap: " << error << "\n"; return kInvalid; }
  }
  else data = jm::to_svg(map, jm::approx_text_width);
  if (!write_output(args.out, data, out, &error)) {
    err << "journeymap: " << error << "\n";
    return kInvalid;
  }
  return kOk;
}

} // namespace jm_cli

#ifndef JM_CLI_NO_MAIN
int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return jm_cli::run(args, std::cout, std::cerr);
}
#endif
