// attribution.h: credit for conversions and their value to channels; analytics.md 2.3.2.
// Exact and deterministic: the Markov removal effect solves the absorbing chain, no simulation.
#pragma once
#include "core/dataset.h"
#include <cstdint>
#include <string>
#include <vector>

namespace jm {

// One journey (or an aggregated path row standing for `conversions + nulls` journeys).
struct Journey {
  std::vector<std::string> channels;   // touches in time order
  std::vector<int64_t> ts_ms;          // same length, or empty when times are unknown (paths files)
  int64_t conversion_ts_ms = 0;        // time of the conversion (time decay); 0: unknown
  double conversions = 0;              // converting journeys this row stands for
  double nulls = 0;                    // non-converting journeys this row stands for
  double value = 0;                    // total conversion value of the row
  int64_t line = 0;                    // physical line of its row in the file (0: unknown), for
                                       // the rejected list
};

enum class AttributionModel : uint8_t {
  First, Last, LastNonDirect, Linear, TimeDecay, PositionU, PositionJ, PositionInverseJ,
  Participation, Markov, Shapley, Fractribution
};
const char* attribution_model_key(AttributionModel m);   // "first", "last", "last_non_direct",
  // "linear", "time_decay", "position_u", "position_j", "position_inverse_j", "participation",
  // "markov", "shapley", "fractribution"
bool attribution_model_from_key(const std::string& k, AttributionModel* out);
const std::vector<AttributionModel>& all_attribution_models();

struct AttributionOptions {
  double half_life_days = 7;           // time decay
  std::string direct = "direct";       // the channel last-non-direct skips (case-insensitive)
  std::string transform = "exposure";  // fractribution: unique, exposure, first, frequency
};
struct ChannelCredit {
  std::string channel; double conversions = 0, value = 0, share = 0;
  double removal_effect = 0;            // markov only: RE_c = 1 - P_{-c}/P (0..1 up to rounding)
};
struct AttributionResult {
  std::string model;                    // the key
  std::vector<ChannelCredit> channels;  // sorted by channel name (stable for comparisons)
  double total_conversions = 0, total_value = 0;
  double removal_probability = 0;       // markov: P of conversion from (start), else 0
  std::vector<RowIssue> rejected;       // journeys the model could not use (e.g. time decay without times)
                                        // (the first 20 listed)
  int64_t rejected_count = 0;           // all of them
};
AttributionResult attribute(const std::vector<Journey>& journeys, AttributionModel model,
                            const AttributionOptions& opt = {});

// Journeys from an aggregated paths file.
std::vector<Journey> journeys_from_paths(const Dataset& ds);
// Journeys from an event log: per person, the touches with a channel up to and including a
// conversion (conversion == 1, or an event named `conversion_event` when given) form one
// converting journey (value = that event's value); touches after the last conversion form a
// non-converting one. Events without a channel are not touches.
std::vector<Journey> journeys_from_events(const Dataset& ds, const std::string& conversion_event = "");

} // namespace jm
