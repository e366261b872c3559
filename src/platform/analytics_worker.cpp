// analytics_worker.cpp: the wasm side of the analytics Web Worker (web/analytics-worker.js). The
// same core as the editor (dataset, data_compute, person), built on its own as
// analytics-worker-core.js/.wasm so the editor's page stays responsive while a large file is read
// and computed. The parsed Dataset stays in this module's memory between requests: people, a
// person's journey, the rules and a recompute after a mapping change do not read the files again.
//
// Every function returns a pointer to a NUL-terminated UTF-8 string owned here, valid until the
// next call (the worker copies it out at once). Progress goes to the worker script through
// jmw_progress(stage, fraction); cancelling is the page's business (it terminates the worker).
#include "core/data_compute.h"
#include "core/data_layer.h"
#include "core/dataset.h"
#include "core/io.h"
#include "core/person.h"
#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace jm;
using nlohmann::json;

EM_JS(void, js_progress, (const char* stage, double fraction), {
  if (self.jmwProgress) self.jmwProgress(UTF8ToString(stage), fraction);
});

namespace {
Dataset g_ds;                         // the rows read so far (since the last jmw_reset)
std::vector<std::string> g_names;     // the file name of each report in g_ds.reports
std::string g_out;
std::string g_file;                   // the bytes of the file being read (jmw_buffer)

const char* out(std::string s) { g_out = std::move(s); return g_out.c_str(); }
const char* error(const std::string& msg) { return out(json{{"error", msg}}.dump()); }

// The map and its data layer from the document JSON the editor saves ({"format":..,"map":{..}}).
// map.data is read here from the JSON itself, so the worker needs nothing of the editor's state.
bool read_map(const char* doc, Map* map, DataLayer* layer, std::string* err) {
  LoadResult r = load_map(doc ? doc : "");
  if (!r.ok) { *err = "the map could not be read: " + r.error; return false; }
  *map = std::move(r.map);
  *layer = DataLayer{};
  json j = json::parse(doc, nullptr, false);
  if (j.is_object() && j.contains("map") && j["map"].is_object() && j["map"].contains("data")) {
    if (!data_layer_from_json(j["map"]["data"].dump(), layer, err)) return false;
  }
  return true;
}
}  // namespace

extern "C" {

// Forgets every row: the next jmw_read starts a new dataset.
EMSCRIPTEN_KEEPALIVE void jmw_reset() {
  g_ds = Dataset{};
  g_names.clear();
}

// Room for the next file's bytes, which the worker copies straight in: the readers take a
// std::string, and a file of 60 MB copied twice would cost 60 MB more at the peak.
EMSCRIPTEN_KEEPALIVE char* jmw_buffer(int len) {
  g_file.assign(len > 0 ? (size_t)len : 0, '\0');
  return g_file.data();
}

// Reads the file in the buffer (jmw_buffer) into the dataset, then lets the buffer go. kind:
// "events", "responses", "paths", or "" to tell from the header. Returns the file's import report
// as JSON, with "name" and "kind" added; a file whose kind cannot be told gets a report with "error".
EMSCRIPTEN_KEEPALIVE const char* jmw_read(const char* kind_in, const char* name) {
  std::string data;
  data.swap(g_file);
  std::string kind = kind_in ? kind_in : "";
  if (kind.empty()) kind = sniff_data_kind(data);
  Progress progress = [](double f) { js_progress("reading", f); return true; };
  ImportReport rep;
  if (kind == "events") rep = read_events_csv(data, &g_ds, {}, progress);
  else if (kind == "responses") rep = read_responses_csv(data, &g_ds, {}, progress);
  else if (kind == "paths") rep = read_paths_csv(data, &g_ds, {}, progress);
  else {
    json j{{"name", name ? name : ""}, {"kind", ""}, {"rows", 0}, {"accepted", 0},
           {"error", "not an events, survey responses or aggregated paths file: its first line has no "
                     "person_id and timestamp columns, no metric and score columns, and no path column"}};
    return out(j.dump());
  }
  g_names.resize(g_ds.reports.size(), std::string());
  if (!g_names.empty()) g_names.back() = name ? name : "";
  json j = json::parse(import_report_to_json(rep), nullptr, false);
  if (!j.is_object()) j = json::object();
  j["name"] = name ? name : "";
  j["kind"] = kind;
  return out(j.dump());
}

// Row counts of the dataset: {"events":N,"responses":N,"paths":N}.
EMSCRIPTEN_KEEPALIVE const char* jmw_counts() {
  return out(json{{"events", g_ds.events.size()}, {"responses", g_ds.responses.size()}, {"paths", g_ds.paths.size()}}.dump());
}

// Everything the map keeps (DataAggregates JSON) from the rows read, for the map document `doc`.
EMSCRIPTEN_KEEPALIVE const char* jmw_compute(const char* doc) {
  Map map;
  DataLayer layer;
  std::string err;
  if (!read_map(doc, &map, &layer, &err)) return error(err);
  DataAggregates agg;
  Progress progress = [](double f) { js_progress("computing", f); return true; };
  if (!compute_aggregates(map, g_ds, layer, &agg, progress)) return error("cancelled");
  // The core knows each source by its report; the file names are the page's.
  for (size_t i = 0; i < agg.sources.size() && i < g_names.size(); i++)
    if (agg.sources[i].name.empty()) agg.sources[i].name = g_names[i];
  return out(data_aggregates_to_json(agg));
}

// The people in the data, most active first: a JSON array of strings.
EMSCRIPTEN_KEEPALIVE const char* jmw_people(int limit) {
  return out(json(list_people(g_ds, limit > 0 ? (size_t)limit : 200)).dump());
}

// One person's journey on the map `doc` (person_journey_to_json).
EMSCRIPTEN_KEEPALIVE const char* jmw_person(const char* doc, const char* person) {
  Map map;
  DataLayer layer;
  std::string err;
  if (!read_map(doc, &map, &layer, &err)) return error(err);
  return out(person_journey_to_json(person_journey(map, g_ds, layer.mapping, person ? person : "")));
}

// The map's rules over the data: a JSON array of firings (rule_firing_json objects). A map
// without rules is judged by the three default ones (person.h default_rules).
EMSCRIPTEN_KEEPALIVE const char* jmw_rules(const char* doc) {
  Map map;
  DataLayer layer;
  std::string err;
  if (!read_map(doc, &map, &layer, &err)) return error(err);
  std::vector<DataRule> rules = layer.rules.empty() ? default_rules() : layer.rules;
  json all = json::array();
  for (const RuleFiring& f : evaluate_rules(g_ds, rules)) all.push_back(json::parse(rule_firing_json(f), nullptr, false));
  return out(all.dump());
}

}  // extern "C"
