// analytics.h: what a map says beyond its cards. Read-only functions of a const Map for the
// inspector, summaries and exports: current vs future state, hand-off gaps, metric roll-ups, and
// a journey summary (where it hurts most, where it falls most).
#pragma once
#include "core/model.h"
#include <optional>
#include <string>
#include <vector>

namespace jm {

// ---- Current vs future state ---------------------------------------------------------------------
// Cards of state `to` are paired with cards of state `from`: first by origin (the id recorded
// when copy_current_to_future made the card), then, for cards made by hand, by the same stage
// (paired the same way: origin, else name), lane and text. Paired cards are compared field by
// field; order within a cell, comments (a discussion, not the design) and unknown fields are not
// compared.
struct CardDiff {
  Id from = kNoId, to = kNoId;              // the card in each state
  std::vector<std::string> fields;          // file format names: "text", "channel", "metrics", ...
};
struct StateDiff {
  std::vector<Id> added;                    // cards of `to` with no counterpart (ids in `to`)
  std::vector<Id> removed;                  // cards of `from` with no counterpart (ids in `from`)
  std::vector<CardDiff> changed;            // paired cards that differ
  size_t unchanged = 0;                     // paired cards that are the same
  std::vector<Id> added_stages, removed_stages;
  bool empty() const { return added.empty() && removed.empty() && changed.empty() && added_stages.empty() && removed_stages.empty(); }
};
StateDiff diff_states(const Map& m, JourneyState from = JourneyState::Current, JourneyState to = JourneyState::Future);

// ---- Hand-off gaps -------------------------------------------------------------------------------
// Touchpoints (cards of Touchpoints lanes) walked in stage order, then lane order, then card
// order; a gap is a pair of consecutive touchpoints where the channel, the device or the team
// changes. The team is the card's owner, else the first card of an Owners lane in its stage.
// A side that is not filled in is not a change (an unknown device is not a device switch).
struct HandoffGap {
  Id from = kNoId, to = kNoId;
  bool channel = false, device = false, team = false;
  std::string reason;                       // "channel: Website → Live chat; team: Sales → Support"
};
std::vector<HandoffGap> handoff_gaps(const Map& m, JourneyState state = JourneyState::Current);

// ---- Metric roll-ups -----------------------------------------------------------------------------
// Per stage, one figure per metric kind (custom metrics: per name). A metric set on the stage
// itself is the stage's figure for that kind; otherwise the figure is the average over the
// stage's cards. Metrics without a value do not count.
struct MetricRollup {
  MetricKind kind = MetricKind::Custom;
  std::string name;
  std::string unit;
  bool higher_is_better = true;
  double value = 0;                         // average of the values
  std::optional<double> target;             // average of the targets given
  int count = 0;                            // values averaged
  bool from_stage = false;                  // the stage's own metric, not an average of cards
  MetricStatus status = MetricStatus::Unknown;
};
struct StageRollup {
  Id stage = kNoId;
  std::vector<MetricRollup> metrics;        // in the order kinds first appear
};
std::vector<StageRollup> stage_rollups(const Map& m, JourneyState state = JourneyState::Current);

// ---- Emotion curve -------------------------------------------------------------------------------
// The points of one persona's curve (kNoId: the shared curve), in stage order then card order.
std::vector<const Card*> emotion_points(const Map& m, JourneyState state = JourneyState::Current, Id persona = kNoId);
struct StageEmotion { Id stage = kNoId; double average = 0; int points = 0; };
// Average feeling per stage that has points on that curve, in stage order.
std::vector<StageEmotion> emotion_by_stage(const Map& m, JourneyState state = JourneyState::Current, Id persona = kNoId);

// ---- Journey summary -----------------------------------------------------------------------------
// "Consecutive" stages are consecutive among those that have a value, so a stage left empty does
// not read as a fall to zero.
struct StageDrop {
  Id from = kNoId, to = kNoId;
  double before = 0, after = 0;
};
struct MetricDrop {
  MetricKind kind = MetricKind::Custom;
  std::string name;
  StageDrop drop;                           // a fall for higher-is-better kinds, a rise otherwise
};
struct JourneySummary {
  Id lowest_emotion_stage = kNoId;          // on the chosen curve
  double lowest_emotion = 0;
  Id most_pain_stage = kNoId;               // most pain point cards; a tie goes to the lower feeling
  int most_pain = 0;
  std::optional<StageDrop> emotion_drop;    // the curve's biggest fall between consecutive stages
  std::vector<MetricDrop> metric_drops;     // per funnel kind (conversion, drop-off, retention)
  int pain_points = 0, moments_of_truth = 0, touchpoints = 0;
  int unsupported_pain = 0;                 // pain points with no evidence behind them (card_backing)
  int assumed_pain = 0;                     // pain points whose strongest evidence is an assumption
  size_t handoff_gaps = 0;
};
// `persona`: whose curve, and which cards count (card_for_persona); kNoId: the shared curve and
// every card.
JourneySummary summarize(const Map& m, JourneyState state = JourneyState::Current, Id persona = kNoId);

} // namespace jm
