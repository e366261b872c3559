// data_layer.h: what a map keeps of its customer data: how rows are tied to cards (the mapping),
// the analysis settings, the rules, and the computed aggregates, never the raw rows. A shared
// file or link therefore shows the numbers without personal data (raw rows stay in the browser's
// IndexedDB beside the map). Map::data holds one of these; io.cpp reads and writes it as
// map.data (to_json/from_json beside each type in data_layer.cpp).
#pragma once
#include "core/attribution.h"
#include "core/flows.h"
#include "core/funnel.h"
#include "core/id.h"
#include "core/survey.h"
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

// Ties rows to a card. Empty fields match anything; the first matching rule wins. A rule with
// `touchpoint` set matches the file's touchpoint_id; one with `event`/`channel` matches those
// columns ("event X on channel Y is this touchpoint").
struct MappingRule {
  std::string touchpoint, event, channel;
  Id card = 0;
  bool operator==(const MappingRule& o) const;
};
// Resolution order for an event or answer: (1) the rules, in order; (2) a touchpoint_id equal
// to a card's id ("42" or "c42") or, case-insensitively, to a card's text; (3) the `stage` column
// equal to a stage's name (case-insensitive) or id: the stage only. Otherwise it is unmapped
// (kept for funnels and paths, listed).
struct DataMapping {
  std::vector<MappingRule> rules;
  bool operator==(const DataMapping& o) const;
};

// A rule over a customer's answers (automation hooks). kind:
//   "latest_at_least": the latest `metric` score >= threshold         (e.g. NPS >= 9 -> advocacy)
//   "category_drop":   NPS category falls from promoter to detractor between consecutive answers
//   "fall_by":         a score falls by >= threshold between consecutive answers of `metric`
struct DataRule {
  std::string id, name, kind, metric = "nps", action;   // action: "advocacy", "outreach", free text
  double threshold = 0;
  bool operator==(const DataRule& o) const;
};

struct DataSettings {
  std::string funnel_over = "stages";    // "stages" or "cards"
  std::vector<Id> funnel_steps;          // cards or stages in order; empty: every stage in order
  FunnelOptions funnel;
  std::string unit = "person";           // "person" or "session"
  std::string path_node = "touchpoint";  // what a flow step is: "touchpoint" (mapped card), "event", "channel"
  SankeyOptions sankey;
  AttributionOptions attribution;
  std::string conversion_event;          // events: which event is a conversion ("" : the conversion column)
  std::string trend_by = "month";        // "week" or "month"
  int64_t min_n = 5;
  bool operator==(const DataSettings& o) const;
};

// Scores of one target (a card, a stage, or kNoId: the whole map), optionally for one persona
// (kNoId: everyone) and one period ("" : all time).
struct TargetScores {
  Id card = 0, stage = 0, persona = 0;
  std::string period;
  std::vector<ScoreSummary> scores;      // one per metric
};
struct SourceInfo {                      // a file that was read (no rows, only what it was)
  std::string kind, name;                // "events" | "responses" | "paths", the file name
  int64_t rows = 0, accepted = 0, rejected = 0;
  int64_t first_ms = 0, last_ms = 0;
};
struct UnmappedCount { std::string key; int64_t count = 0; };   // "event · channel" or touchpoint_id

struct DataAggregates {
  std::vector<SourceInfo> sources;
  std::vector<TargetScores> scores;      // per card, per stage, whole map; per persona; per period
  std::vector<std::string> periods;      // the trend's periods in order
  FunnelResult funnel;
  std::vector<Id> funnel_targets;        // the cards or stages of funnel.steps, same order
  Sankey sankey;
  Dfg dfg;
  std::vector<AttributionResult> attribution;   // one per model, in all_attribution_models() order
  std::vector<UnmappedCount> unmapped;   // the most frequent unmapped keys (top 50)
  int64_t people = 0, events = 0, responses = 0, rules_fired = 0;
  std::string computed_at;               // ISO 8601 date-time
  bool empty() const { return sources.empty(); }
};

struct DataLayer {
  DataMapping mapping;
  DataSettings settings;
  std::vector<DataRule> rules;
  DataAggregates aggregates;
  bool operator==(const DataLayer& o) const;   // compares mapping, settings, rules, computed_at
  bool empty() const;                          // nothing set: not written to the file
};

// JSON text of each part (the file format's map.data object and its members); from_json returns
// false and names the path of what is wrong ("map.data.rules[1].kind: ...").
std::string data_layer_to_json(const DataLayer& d);
bool data_layer_from_json(const std::string& text, DataLayer* out, std::string* error);

// The aggregates alone (what the worker sends the editor) and their reader.
std::string data_aggregates_to_json(const DataAggregates& a);
bool data_aggregates_from_json(const std::string& text, DataAggregates* out, std::string* error);

// Scores lookup for the editor: the summary of `metric` for a card / stage / whole map
// (persona kNoId = everyone, period "" = all time); nullptr when absent.
const ScoreSummary* find_score(const DataAggregates& a, Id card, Id stage, const std::string& metric,
                               Id persona = 0, const std::string& period = "");

} // namespace jm
