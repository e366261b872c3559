// person.h: one customer's journey (their events and answers in time order, on the cards),
// their experience score and sentiment trend (analytics.md 2.3.4), and the automation rules
// that fire on a customer's scores (A9). Nothing is sent anywhere: the rules' firings are data.
#pragma once
#include "core/data_layer.h"
#include "core/dataset.h"
#include "core/model.h"
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

struct PersonEntry {
  int64_t ts_ms = 0;
  bool response = false;       // an answer; else an event
  std::string label;           // event name, or the metric ("nps")
  std::string channel;
  Id card = kNoId, stage = kNoId;   // where it lands on the map (kNoId: unmapped)
  int score = 0;               // responses
  double normalized = 0;       // responses: 0..1
  std::string comment;
};
struct PersonJourney {
  std::string person;
  std::vector<PersonEntry> entries;       // time order
  int responses = 0;
  bool has_score = false;  double experience_score = 0;   // 0..100: recency-weighted (half-life 90 d)
  bool has_trend = false;  double trend_per_30d = 0;      // least-squares slope, 0..100 points per 30 days
};
// `now_ms`: the moment recency is measured from (the last timestamp in the data when 0).
PersonJourney person_journey(const Map& m, const Dataset& ds, const DataMapping& mapping,
                             const std::string& person, int64_t now_ms = 0);
// People in the data, most active first (events + responses), at most `limit`.
std::vector<std::string> list_people(const Dataset& ds, size_t limit = 200);

// A rule's firing for one person.
struct RuleFiring { std::string rule; std::string action; std::string person; int64_t ts_ms = 0; std::string detail; };
std::vector<RuleFiring> evaluate_rules(const Dataset& ds, const std::vector<DataRule>& rules);
// The three rules the seed articles describe: latest NPS >= 9 -> advocacy; NPS category falls
// from promoter to detractor -> outreach; a score falls by 2 points or more -> outreach.
std::vector<DataRule> default_rules();
// JSON of a person's journey (worker -> editor) and back; of the people list (an array of strings).
std::string person_journey_to_json(const PersonJourney& p);
bool person_journey_from_json(const std::string& text, PersonJourney* out, std::string* error);

// One firing as a JSON object on one line (JSON Lines, the CLI and the embed's postMessage).
std::string rule_firing_json(const RuleFiring& f);

} // namespace jm
