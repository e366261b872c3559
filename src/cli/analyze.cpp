// analyze.cpp: `journeymap analyze ...` (usage and exit status in analyze.h). Each command reads
// its CSV files with the core's readers (dataset.h), runs the same functions the editor's analytics
// worker runs, and writes JSON (nlohmann, keys in a fixed order) or CSV (one quoting function,
// csv_row below). Rejected rows go to standard error as they are found in the import reports and
// into the JSON's "rejected" array; --strict makes the first one fail the run.
#include "cli/analyze.h"
#include "core/attribution.h"
#include "core/data_compute.h"
#include "core/dataset.h"
#include "core/flows.h"
#include "core/funnel.h"
#include "core/io.h"
#include "core/person.h"
#include "core/survey.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace jm_cli {
namespace {

using ojson = nlohmann::ordered_json;
enum AnalyzeExit { kDone = 0, kBadInput = 1, kBadUsage = 2 };

struct Failure { int code; std::string message; };   // thrown inside a command, caught in run_analyze

[[noreturn]] void usage_error(const std::string& m) { throw Failure{kBadUsage, m}; }
[[noreturn]] void input_error(const std::string& m) { throw Failure{kBadInput, m}; }

// ---- options -----------------------------------------------------------------------------------
struct Opts {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  bool has(const std::string& k) const { return values.count(k) || flags.count(k); }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = values.find(k);
    return it == values.end() ? def : it->second;
  }
};

// `valued` and `flags` list the options a command takes (without "--"); --json, --csv, --strict
// and -o are common to all.
Opts parse_opts(const std::string& cmd, const std::vector<std::string>& a, std::vector<std::string> valued,
                std::vector<std::string> flags) {
  valued.push_back("output");
  flags.insert(flags.end(), {"json", "csv", "strict"});
  Opts o;
  for (size_t i = 0; i < a.size(); i++) {
    std::string s = a[i];
    if (s == "-o") s = "--output";
    if (s.compare(0, 2, "--") != 0) usage_error("analyze " + cmd + ": unexpected argument \"" + s + "\"");
    std::string name = s.substr(2), value;
    size_t eq = name.find('=');
    bool inline_value = eq != std::string::npos;
    if (inline_value) { value = name.substr(eq + 1); name = name.substr(0, eq); }
    if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
      if (o.values.count(name)) usage_error("--" + name + " given twice");
      if (!inline_value) {
        if (i + 1 >= a.size()) usage_error("--" + name + " needs a value");
        value = a[++i];
      }
      if (value.empty()) usage_error("--" + name + " needs a value");
      o.values[name] = value;
    } else if (std::find(flags.begin(), flags.end(), name) != flags.end() && !inline_value) {
      o.flags.insert(name);
    } else {
      usage_error("analyze " + cmd + ": unknown option \"" + s + "\"");
    }
  }
  if (o.flags.count("json") && o.flags.count("csv")) usage_error("--json and --csv: choose one");
  return o;
}

void require(const Opts& o, const std::string& cmd, const std::string& name) {
  if (!o.has(name)) usage_error("analyze " + cmd + " needs --" + name);
}

double number_opt(const Opts& o, const std::string& name, double def, double lo, double hi) {
  if (!o.values.count(name)) return def;
  const std::string& s = o.values.at(name);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end || errno || !std::isfinite(v) || v < lo || v > hi)
    usage_error("--" + name + " needs a number from " + ojson(lo).dump() + " to " + ojson(hi).dump() + " (got \"" + s + "\")");
  return v;
}

std::string one_of(const Opts& o, const std::string& name, const std::string& def, std::initializer_list<const char*> keys) {
  std::string v = o.get(name, def), list;
  for (const char* k : keys) {
    if (v == k) return v;
    list += (list.empty() ? "" : "|") + std::string(k);
  }
  usage_error("--" + name + " takes " + list + " (got \"" + v + "\")");
}

// ---- files -------------------------------------------------------------------------------------
std::string shown(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

std::string read_bytes(const std::string& path) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) input_error("cannot read \"" + path + "\": " + std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  bool bad = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (bad) input_error("cannot read \"" + path + "\"");
  return text;
}

jm::Map read_map(const std::string& path) {
  jm::LoadResult r = jm::load_map(read_bytes(path));
  if (!r.ok) input_error(shown(path) + ": " + r.error);
  return std::move(r.map);
}

// Reads one data file into ds. Rejected rows are listed on stderr and appended to `rejected`;
// a file that is unusable as a whole (or, with --strict, has a bad row) ends the run with 1.
void read_data(const std::string& kind, const std::string& path, jm::Dataset* ds, bool strict, std::ostream& err,
               ojson* rejected) {
  jm::ImportOptions opt;
  opt.strict = strict;
  std::string bytes = read_bytes(path);
  jm::ImportReport r = kind == "events" ? jm::read_events_csv(bytes, ds, opt)
                     : kind == "responses" ? jm::read_responses_csv(bytes, ds, opt)
                                           : jm::read_paths_csv(bytes, ds, opt);
  int64_t bad = 0;
  for (const auto& kv : r.rejected) bad += kv.second;
  for (const std::string& w : r.warnings) err << "journeymap: " << shown(path) << ": " << w << "\n";
  if (bad) {
    std::string by;
    for (const auto& kv : r.rejected) by += (by.empty() ? "" : ", ") + kv.first + " " + std::to_string(kv.second);
    err << "journeymap: " << shown(path) << ": " << bad << " of " << r.rows << " rows rejected (" << by << ")\n";
  }
  for (const jm::RowIssue& i : r.first) {
    if (!r.rejected.count(i.reason)) continue;   // noted rows (kept) are not rejections
    err << "  " << shown(path) << ":" << i.line << ": " << i.reason << (i.column.empty() ? "" : " in " + i.column)
        << (i.value.empty() ? "" : " (\"" + i.value + "\")") << "\n";
    rejected->push_back(ojson{{"file", path}, {"line", i.line}, {"column", i.column}, {"reason", i.reason}, {"value", i.value}});
  }
  if (!r.ok()) input_error(shown(path) + ": " + r.error);
  if (strict && bad) input_error(shown(path) + ": --strict: " + std::to_string(bad) + " rejected rows");
}

// ---- output ------------------------------------------------------------------------------------
// RFC 4180: a field holding the delimiter, a quote, CR or LF, or starting or ending with a space,
// is quoted with its quotes doubled. No spreadsheet formula guard here (export.cpp has one for
// the map's CSV): these files are data read back by programs, and an apostrophe would change a
// value (a channel named "-direct" must stay that).
std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); i++) {
    const std::string& s = fields[i];
    if (i) out += ',';
    bool quote = s.find_first_of(",\"\r\n") != std::string::npos || (!s.empty() && (s.front() == ' ' || s.back() == ' '));
    if (!quote) { out += s; continue; }
    out += '"';
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out + "\n";
}

// Shortest text that reads back as the same double (integers without a decimal point).
std::string num(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string((long long)v);
  char buf[40];
  for (int prec = 15; prec <= 17; prec++) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

void emit(const Opts& o, const std::string& text, std::ostream& out) {
  std::string path = o.get("output");
  if (path.empty() || path == "-") {
    out << text;
    out.flush();
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) input_error("cannot write \"" + path + "\": " + std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) input_error("cannot write \"" + path + "\"");
}

std::string json_text(const ojson& j) { return j.dump(2) + "\n"; }

ojson score_json(const jm::ScoreSummary& s) {
  return ojson{{"metric", s.metric}, {"n", s.n}, {"no_score", s.no_score}, {"shown", s.shown}, {"value", s.value},
               {"lo", s.lo}, {"hi", s.hi}, {"promoters", s.promoters}, {"passives", s.passives},
               {"detractors", s.detractors}, {"agree", s.agree}, {"scale_min", s.scale_min}, {"scale_max", s.scale_max}};
}

// The data layer a command works with: the map's own (mapping, settings, rules) or the defaults.
jm::DataLayer layer_of(const jm::Map* m) { return m ? m->data : jm::DataLayer(); }

// ---- survey ------------------------------------------------------------------------------------
struct MetricAcc { std::vector<int> scores; int64_t blank = 0; int smin = 0, smax = 10; bool scaled = false; };
using Groups = std::map<std::string, std::map<std::string, MetricAcc>>;

void add_response(MetricAcc* a, const jm::Response& r) {
  if (!a->scaled) { a->smin = r.scale_min; a->smax = r.scale_max; a->scaled = true; }
  if (r.blank) a->blank++;
  else a->scores.push_back(r.score);
}

// "9" < "10": numeric keys compare as numbers, the rest as text, numbers first.
bool key_less(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& s) { return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  bool da = digits(a), db = digits(b);
  if (da && db) return std::stoll(a) < std::stoll(b);
  if (da != db) return da;
  return a < b;
}

int cmd_survey(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("survey", a, {"responses", "map", "by", "min-n", "period"}, {});
  require(o, "survey", "responses");
  std::string by = one_of(o, "by", "card", {"card", "stage", "persona", "period"});
  std::string period = one_of(o, "period", "month", {"week", "month"});
  int64_t min_n = (int64_t)number_opt(o, "min-n", 5, 0, 1e9);
  jm::Map map;
  bool has_map = o.has("map");
  if (has_map) map = read_map(o.get("map"));
  jm::Dataset ds;
  ojson rejected = ojson::array();
  read_data("responses", o.get("responses"), &ds, o.flags.count("strict"), err, &rejected);

  jm::DataLayer layer = layer_of(has_map ? &map : nullptr);
  std::unique_ptr<jm::MappingIndex> idx;
  if (has_map) idx.reset(new jm::MappingIndex(map, layer.mapping, ds.pool));
  Groups groups;
  std::map<std::string, std::string> labels;
  std::map<std::string, MetricAcc> all;
  for (const jm::Response& r : ds.responses) {
    std::string metric = ds.pool.str(r.metric);
    add_response(&all[metric], r);
    std::string key, label;
    if (by == "period") {
      key = label = jm::period_of(r.ts_ms, period);
    } else if (by == "persona") {
      key = label = ds.pool.str(r.persona);
    } else if (has_map) {
      jm::MappingIndex::Target t = idx->response(r);
      jm::Id id = by == "card" ? t.card : t.stage;
      if (id) {
        key = std::to_string(id);
        if (by == "card") { const jm::Card* c = jm::card_by_id(map, id); label = c ? c->text : key; }
        else { const jm::Stage* s = jm::stage_by_id(map, id); label = s ? s->name : key; }
      }
    } else {
      key = label = ds.pool.str(by == "card" ? r.touchpoint : r.stage);
    }
    if (key.empty()) label = "(unmapped)";
    add_response(&groups[key][metric], r);
    labels[key] = label;
  }
  auto summaries = [&](const std::map<std::string, MetricAcc>& ms) {
    std::vector<jm::ScoreSummary> v;
    for (const auto& kv : ms) v.push_back(jm::summarize_scores(kv.first, kv.second.scores, kv.second.blank, kv.second.smin, kv.second.smax, min_n));
    return v;
  };
  std::vector<std::string> keys;
  for (const auto& kv : groups) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end(), key_less);

  if (o.flags.count("csv")) {
    std::string text = csv_row({"group", "label", "metric", "n", "no_score", "shown", "value", "lo", "hi", "promoters",
                                "passives", "detractors", "agree", "scale_min", "scale_max"});
    auto rows = [&](const std::string& key, const std::string& label, const std::vector<jm::ScoreSummary>& v) {
      for (const jm::ScoreSummary& s : v)
        text += csv_row({key, label, s.metric, std::to_string(s.n), std::to_string(s.no_score), s.shown ? "1" : "0",
                         num(s.value), num(s.lo), num(s.hi), num(s.promoters), num(s.passives), num(s.detractors),
                         num(s.agree), std::to_string(s.scale_min), std::to_string(s.scale_max)});
    };
    rows("(all)", "(all)", summaries(all));
    for (const std::string& k : keys) rows(k, labels[k], summaries(groups[k]));
    emit(o, text, out);
    return kDone;
  }
  ojson j{{"by", by}, {"min_n", min_n}};
  if (by == "period") j["period"] = period;
  j["all"] = ojson::array();
  for (const jm::ScoreSummary& s : summaries(all)) j["all"].push_back(score_json(s));
  j["groups"] = ojson::array();
  for (const std::string& k : keys) {
    ojson g{{"key", k}, {"label", labels[k]}, {"scores", ojson::array()}};
    for (const jm::ScoreSummary& s : summaries(groups[k])) g["scores"].push_back(score_json(s));
    j["groups"].push_back(std::move(g));
  }
  j["rejected"] = rejected;
  emit(o, json_text(j), out);
  return kDone;
}

// ---- funnel ------------------------------------------------------------------------------------
std::vector<jm::Id> id_list(const std::string& s, const std::string& opt) {
  std::vector<jm::Id> ids;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string t = s.substr(i, j - i);
    if (!t.empty() && (t[0] == 'c' || t[0] == 's')) t = t.substr(1);
    char* end = nullptr;
    unsigned long v = t.empty() ? 0 : std::strtoul(t.c_str(), &end, 10);
    if (t.empty() || *end || v == 0 || v > 0xffffffffUL) usage_error(opt + " takes ids separated by commas (got \"" + s + "\")");
    ids.push_back((jm::Id)v);
    i = j + 1;
  }
  return ids;
}

int cmd_funnel(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("funnel", a, {"events", "map", "steps", "step-ids", "order", "window-days", "unit", "conversion-event"}, {"open"});
  require(o, "funnel", "events");
  require(o, "funnel", "map");
  jm::Map map = read_map(o.get("map"));
  jm::DataLayer d = layer_of(&map);
  d.settings.funnel_over = one_of(o, "steps", d.settings.funnel_over, {"stages", "cards"});
  if (o.has("step-ids")) d.settings.funnel_steps = id_list(o.get("step-ids"), "--step-ids");
  else if (o.has("steps")) d.settings.funnel_steps.clear();   // the map's chosen steps were for its own setting
  jm::FunnelOrder order;
  jm::funnel_order_from_key(one_of(o, "order", jm::funnel_order_key(d.settings.funnel.order), {"ordered", "strict", "any"}), &order);
  d.settings.funnel.order = order;
  if (o.has("window-days")) d.settings.funnel.window_ms = (int64_t)std::llround(number_opt(o, "window-days", 7, 0, 36500) * 86400000.0);
  if (o.flags.count("open")) d.settings.funnel.open = true;
  d.settings.unit = one_of(o, "unit", d.settings.unit, {"person", "session"});
  jm::Dataset ds;
  ojson rejected = ojson::array();
  read_data("events", o.get("events"), &ds, o.flags.count("strict"), err, &rejected);

  jm::MappingIndex idx(map, d.mapping, ds.pool);
  std::vector<std::string> labels;
  std::vector<jm::Id> targets;
  std::vector<std::vector<jm::FunnelTouch>> units = jm::funnel_units(map, ds, d, idx, &labels, &targets);
  if (labels.empty()) input_error(shown(o.get("map")) + ": no funnel steps (the map has no " + d.settings.funnel_over + " to use)");
  jm::FunnelResult r = jm::compute_funnel(units, labels, d.settings.funnel);

  if (o.flags.count("csv")) {
    std::string text = csv_row({"step", "label", "target", "count", "step_conversion", "overall_conversion", "dropoff",
                                "median_ms", "mean_ms", "p90_ms", "min_ms", "max_ms"});
    for (size_t i = 0; i < r.steps.size(); i++) {
      const jm::FunnelStepResult& s = r.steps[i];
      text += csv_row({std::to_string(i + 1), s.label, i < targets.size() ? std::to_string(targets[i]) : "", std::to_string(s.count),
                       num(s.step_conversion), num(s.overall_conversion), std::to_string(s.dropoff), num(s.median_ms),
                       num(s.mean_ms), num(s.p90_ms), num(s.min_ms), num(s.max_ms)});
    }
    emit(o, text, out);
    return kDone;
  }
  ojson j{{"over", d.settings.funnel_over}, {"order", jm::funnel_order_key(d.settings.funnel.order)},
          {"window_days", d.settings.funnel.window_ms / 86400000.0}, {"open", d.settings.funnel.open},
          {"unit", d.settings.unit}, {"units", r.units}, {"steps", ojson::array()}};
  for (size_t i = 0; i < r.steps.size(); i++) {
    const jm::FunnelStepResult& s = r.steps[i];
    j["steps"].push_back(ojson{{"label", s.label}, {"target", i < targets.size() ? targets[i] : 0}, {"count", s.count},
                               {"step_conversion", s.step_conversion}, {"overall_conversion", s.overall_conversion},
                               {"dropoff", s.dropoff}, {"median_ms", s.median_ms}, {"mean_ms", s.mean_ms},
                               {"p90_ms", s.p90_ms}, {"min_ms", s.min_ms}, {"max_ms", s.max_ms}});
  }
  j["rejected"] = rejected;
  emit(o, json_text(j), out);
  return kDone;
}

// ---- paths -------------------------------------------------------------------------------------
// Without a map: one sequence per person (or session) labelled by a column of the file.
std::vector<jm::FlowSequence> raw_sequences(const jm::Dataset& ds, const std::string& node, bool by_session) {
  std::vector<jm::FlowSequence> seqs;
  std::map<jm::Sym, size_t> session_index;
  jm::Sym unit = 0;
  bool first = true;
  for (const jm::Event& e : ds.events) {   // sorted by person, then time
    jm::Sym label = node == "event" ? e.event : node == "channel" ? e.channel : e.touchpoint;
    if (!label) continue;
    jm::FlowSequence* s;
    if (by_session) {
      auto it = session_index.find(e.session);
      if (it == session_index.end()) { it = session_index.emplace(e.session, seqs.size()).first; seqs.emplace_back(); }
      s = &seqs[it->second];
    } else {
      if (first || e.person != unit) { seqs.emplace_back(); unit = e.person; first = false; }
      s = &seqs.back();
    }
    s->steps.push_back(ds.pool.str(label));
    s->ts_ms.push_back(e.ts_ms);
  }
  return seqs;
}

// The aggregated paths the core derives from the events (journeys_from_events), in the paths
// file layout: what assets/sql/path_counts*.sql computes in a warehouse.
std::string paths_csv(const std::vector<jm::Journey>& journeys) {
  struct Acc { double conv = 0, nulls = 0, value = 0; };
  std::map<std::string, Acc> acc;
  for (const jm::Journey& j : journeys) {
    std::string key;
    for (size_t i = 0; i < j.channels.size(); i++) key += (i ? " > " : "") + j.channels[i];
    Acc& a = acc[key];
    a.conv += j.conversions;
    a.nulls += j.nulls;
    a.value += j.value;
  }
  std::string text = csv_row({"path", "total_conversions", "total_null", "total_conversion_value"});
  for (const auto& kv : acc) text += csv_row({kv.first, num(kv.second.conv), num(kv.second.nulls), num(kv.second.value)});
  return text;
}

ojson counts_json(const std::vector<jm::DfgCount>& v) {
  ojson a = ojson::array();
  for (const jm::DfgCount& c : v) a.push_back(ojson{{"label", c.label}, {"count", c.count}});
  return a;
}

int cmd_paths(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("paths", a, {"events", "map", "from", "to", "steps", "top", "node", "unit", "conversion-event"},
                      {"dfg", "to-paths-csv", "collapse"});
  require(o, "paths", "events");
  if (o.has("from") && o.has("to")) usage_error("--from and --to: choose one");
  if (o.flags.count("dfg") && o.flags.count("to-paths-csv")) usage_error("--dfg and --to-paths-csv: choose one");
  jm::Map map;
  bool has_map = o.has("map");
  if (has_map) map = read_map(o.get("map"));
  jm::DataLayer d = layer_of(has_map ? &map : nullptr);
  std::string node = one_of(o, "node", has_map ? d.settings.path_node : std::string("event"), {"touchpoint", "event", "channel"});
  d.settings.path_node = node;
  d.settings.unit = one_of(o, "unit", d.settings.unit, {"person", "session"});
  jm::SankeyOptions so = d.settings.sankey;
  so.steps = (int)number_opt(o, "steps", so.steps, 1, 50);
  so.top_k = (int)number_opt(o, "top", so.top_k, 1, 20);
  if (o.has("from")) { so.anchor = o.get("from"); so.from_start = true; }
  if (o.has("to")) { so.anchor = o.get("to"); so.from_start = false; }
  if (o.flags.count("collapse")) so.collapse_repeats = true;
  jm::Dataset ds;
  ojson rejected = ojson::array();
  read_data("events", o.get("events"), &ds, o.flags.count("strict"), err, &rejected);

  if (o.flags.count("to-paths-csv")) {
    emit(o, paths_csv(jm::journeys_from_events(ds, o.get("conversion-event", d.settings.conversion_event))), out);
    return kDone;
  }
  std::vector<jm::FlowSequence> seqs;
  if (has_map) {
    jm::MappingIndex idx(map, d.mapping, ds.pool);
    seqs = jm::flow_sequences(map, ds, d, idx);
  } else {
    seqs = raw_sequences(ds, node, d.settings.unit == "session");
  }
  const bool csv = o.flags.count("csv") > 0;
  if (o.flags.count("dfg")) {
    jm::Dfg g = jm::compute_dfg(seqs);
    if (csv) {
      std::string text = csv_row({"from", "to", "count", "median_ms", "mean_ms"});
      for (const jm::DfgEdge& e : g.edges) text += csv_row({e.from, e.to, std::to_string(e.count), num(e.median_ms), num(e.mean_ms)});
      emit(o, text, out);
      return kDone;
    }
    ojson j{{"node", node}, {"unit", d.settings.unit}, {"sequences", (int64_t)seqs.size()}, {"activities", counts_json(g.activities)},
            {"edges", ojson::array()}};
    for (const jm::DfgEdge& e : g.edges)
      j["edges"].push_back(ojson{{"from", e.from}, {"to", e.to}, {"count", e.count}, {"median_ms", e.median_ms}, {"mean_ms", e.mean_ms}});
    j["starts"] = counts_json(g.starts);
    j["ends"] = counts_json(g.ends);
    j["variants"] = counts_json(g.variants);
    j["case_median_ms"] = g.case_median_ms;
    j["case_mean_ms"] = g.case_mean_ms;
    j["rejected"] = rejected;
    emit(o, json_text(j), out);
    return kDone;
  }
  jm::Sankey s = jm::compute_sankey(seqs, so);
  if (csv) {
    std::string text = csv_row({"from_column", "from", "to_column", "to", "count"});
    for (const jm::SankeyLink& l : s.links) {
      const jm::SankeyNode& f = s.nodes[l.from];
      const jm::SankeyNode& t = s.nodes[l.to];
      text += csv_row({std::to_string(f.column), f.label, std::to_string(t.column), t.label, std::to_string(l.count)});
    }
    emit(o, text, out);
    return kDone;
  }
  ojson j{{"node", node}, {"unit", d.settings.unit}, {"anchor", so.anchor}, {"from_start", so.from_start},
          {"sequences", s.sequences}, {"nodes", ojson::array()}, {"links", ojson::array()}};
  for (const jm::SankeyNode& n : s.nodes)
    j["nodes"].push_back(ojson{{"column", n.column}, {"label", n.label}, {"count", n.count}, {"other", n.other}, {"exit", n.exit}});
  for (const jm::SankeyLink& l : s.links) j["links"].push_back(ojson{{"from", l.from}, {"to", l.to}, {"count", l.count}});
  j["rejected"] = rejected;
  emit(o, json_text(j), out);
  return kDone;
}

// ---- attribution -------------------------------------------------------------------------------
int cmd_attribution(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("attribution", a, {"paths", "events", "model", "transform", "half-life-days", "direct", "conversion-event"}, {});
  if (o.has("paths") == o.has("events")) usage_error("analyze attribution needs --paths FILE or --events FILE (one of them)");
  std::vector<jm::AttributionModel> models;
  std::string name = o.get("model", "all");
  if (name == "all") {
    models = jm::all_attribution_models();
  } else {
    jm::AttributionModel m;
    if (!jm::attribution_model_from_key(name, &m)) {
      std::string list;
      for (jm::AttributionModel k : jm::all_attribution_models()) list += std::string(list.empty() ? "" : ", ") + jm::attribution_model_key(k);
      usage_error("unknown model \"" + name + "\" (" + list + ", or all)");
    }
    models.push_back(m);
  }
  jm::AttributionOptions ao;
  ao.transform = one_of(o, "transform", ao.transform, {"unique", "exposure", "first", "frequency"});
  ao.half_life_days = number_opt(o, "half-life-days", ao.half_life_days, 1e-6, 1e6);
  if (o.has("direct")) ao.direct = o.get("direct");

  jm::Dataset ds;
  ojson rejected = ojson::array();
  bool from_paths = o.has("paths");
  std::string file = from_paths ? o.get("paths") : o.get("events");
  read_data(from_paths ? "paths" : "events", file, &ds, o.flags.count("strict"), err, &rejected);
  std::vector<jm::Journey> journeys = from_paths ? jm::journeys_from_paths(ds) : jm::journeys_from_events(ds, o.get("conversion-event"));
  if (journeys.empty())
    input_error(shown(file) + ": no journeys (" + (from_paths ? "no usable path rows" : "no event with a channel") + ")");

  const bool csv = o.flags.count("csv") > 0;
  std::string text = csv ? csv_row({"model", "channel", "conversions", "value"}) : std::string();
  ojson all = ojson::array();
  for (jm::AttributionModel m : models) {
    jm::AttributionResult r = jm::attribute(journeys, m, ao);
    if (!r.rejected.empty())
      err << "journeymap: " << r.model << ": " << (r.rejected_count ? r.rejected_count : (int64_t)r.rejected.size())
          << " journeys not used (" << r.rejected.front().reason << ")\n";
    if (csv) {
      for (const jm::ChannelCredit& c : r.channels) text += csv_row({r.model, c.channel, num(c.conversions), num(c.value)});
      continue;
    }
    ojson j{{"model", r.model}, {"channels", ojson::array()}, {"rejected", rejected}};
    for (const jm::ChannelCredit& c : r.channels)
      j["channels"].push_back(ojson{{"channel", c.channel}, {"conversions", c.conversions}, {"value", c.value}});
    for (const jm::RowIssue& i : r.rejected)
      j["rejected"].push_back(ojson{{"file", file}, {"line", i.line}, {"column", i.column}, {"reason", i.reason}, {"value", i.value}});
    all.push_back(std::move(j));
  }
  if (csv) emit(o, text, out);
  else emit(o, json_text(name == "all" ? all : all[0]), out);
  return kDone;
}

// ---- person and rules --------------------------------------------------------------------------
int cmd_person(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("person", a, {"events", "responses", "map", "id"}, {});
  require(o, "person", "map");
  require(o, "person", "id");
  if (!o.has("events") && !o.has("responses")) usage_error("analyze person needs --events FILE and/or --responses FILE");
  jm::Map map = read_map(o.get("map"));
  jm::Dataset ds;
  ojson rejected = ojson::array();
  if (o.has("events")) read_data("events", o.get("events"), &ds, o.flags.count("strict"), err, &rejected);
  if (o.has("responses")) read_data("responses", o.get("responses"), &ds, o.flags.count("strict"), err, &rejected);
  std::string id = o.get("id");
  if (!ds.pool.find(id)) input_error("no person \"" + id + "\" in the data");
  jm::PersonJourney p = jm::person_journey(map, ds, map.data.mapping, id);
  if (p.entries.empty()) input_error("no person \"" + id + "\" in the data");
  if (o.flags.count("csv")) {
    std::string text = csv_row({"ts_ms", "kind", "label", "channel", "card", "stage", "score", "normalized", "comment"});
    for (const jm::PersonEntry& e : p.entries)
      text += csv_row({std::to_string(e.ts_ms), e.response ? "response" : "event", e.label, e.channel,
                       e.card ? std::to_string(e.card) : "", e.stage ? std::to_string(e.stage) : "",
                       e.response ? std::to_string(e.score) : "", e.response ? num(e.normalized) : "", e.comment});
    emit(o, text, out);
    return kDone;
  }
  ojson j = ojson::parse(jm::person_journey_to_json(p));
  j["rejected"] = rejected;
  emit(o, json_text(j), out);
  return kDone;
}

int cmd_rules(const std::vector<std::string>& a, std::ostream& out, std::ostream& err) {
  Opts o = parse_opts("rules", a, {"responses", "events", "map"}, {});
  require(o, "rules", "responses");
  jm::Map map;
  if (o.has("map")) map = read_map(o.get("map"));
  std::vector<jm::DataRule> rules = o.has("map") && !map.data.rules.empty() ? map.data.rules : jm::default_rules();
  jm::Dataset ds;
  ojson rejected = ojson::array();
  if (o.has("events")) read_data("events", o.get("events"), &ds, o.flags.count("strict"), err, &rejected);
  read_data("responses", o.get("responses"), &ds, o.flags.count("strict"), err, &rejected);
  std::vector<jm::RuleFiring> fired = jm::evaluate_rules(ds, rules);
  std::string text;
  if (o.flags.count("csv")) {
    text = csv_row({"rule", "action", "person", "ts_ms", "detail"});
    for (const jm::RuleFiring& f : fired) text += csv_row({f.rule, f.action, f.person, std::to_string(f.ts_ms), f.detail});
  } else {
    for (const jm::RuleFiring& f : fired) text += jm::rule_firing_json(f) + "\n";   // JSON Lines
  }
  emit(o, text, out);
  return kDone;
}

} // namespace

const char* analyze_usage_text() {
  return "usage: journeymap analyze <survey|funnel|paths|attribution|person|rules> [options]\n"
         "\n"
         "  survey      --responses FILE [--map MAP] [--by card|stage|persona|period] [--period week|month] [--min-n N]\n"
         "  funnel      --events FILE --map MAP [--steps stages|cards] [--step-ids 1,2,3] [--order ordered|strict|any]\n"
         "              [--window-days D] [--open] [--unit person|session]\n"
         "  paths       --events FILE [--map MAP] [--from X | --to X] [--steps N] [--top K] [--collapse]\n"
         "              [--node touchpoint|event|channel] [--unit person|session] [--dfg | --to-paths-csv]\n"
         "  attribution --paths FILE | --events FILE [--model NAME|all] [--transform unique|exposure|first|frequency]\n"
         "              [--half-life-days H] [--direct CHANNEL] [--conversion-event NAME]\n"
         "              NAME: first, last, last_non_direct, linear, time_decay, position_u, position_j,\n"
         "              position_inverse_j, participation, markov, shapley, fractribution\n"
         "  person      --events FILE --responses FILE --map MAP --id PERSON\n"
         "  rules       --responses FILE [--events FILE] [--map MAP]   (JSON Lines of the rules that fire)\n"
         "\n"
         "  --json (default) or --csv; -o OUT writes to a file; --strict fails at the first rejected row.\n"
         "  --to-paths-csv prints the paths the core derives from the events, in the paths file layout.\n"
         "Rejected rows are listed on standard error and in the JSON's \"rejected\".\n"
         "Exit status: 0 done, 1 unusable input, 2 wrong usage.\n";
}

int run_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << "journeymap: analyze needs a command: survey, funnel, paths, attribution, person or rules (see journeymap analyze --help)\n";
    return kBadUsage;
  }
  for (const std::string& s : args)
    if (s == "--help" || s == "-h") { out << analyze_usage_text(); return kDone; }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string& cmd = args[0];
  try {
    if (cmd == "survey") return cmd_survey(rest, out, err);
    if (cmd == "funnel") return cmd_funnel(rest, out, err);
    if (cmd == "paths") return cmd_paths(rest, out, err);
    if (cmd == "attribution") return cmd_attribution(rest, out, err);
    if (cmd == "person") return cmd_person(rest, out, err);
    if (cmd == "rules") return cmd_rules(rest, out, err);
    usage_error("unknown analyze command \"" + cmd + "\" (survey, funnel, paths, attribution, person, rules)");
  } catch (const Failure& f) {
    err << "journeymap: " << f.message << (f.code == kBadUsage ? " (see journeymap analyze --help)" : "") << "\n";
    return f.code;
  } catch (const std::exception& e) {   // bad_alloc on a huge file, a JSON error
    err << "journeymap: " << e.what() << "\n";
    return kBadInput;
  }
}

} // namespace jm_cli
