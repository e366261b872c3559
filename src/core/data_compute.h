// data_compute.h: from raw rows to what the map keeps. Runs in the analytics worker (wasm) and in
// the CLI; the editor only reads the result (Map::data.aggregates).
#pragma once
#include "core/data_layer.h"
#include "core/dataset.h"
#include "core/model.h"
#include "core/person.h"

namespace jm {

// Resolves events and answers to cards and stages with a map's mapping (data_layer.h order).
struct MappingIndex {
  struct Target { Id card = 0, stage = 0; };
  MappingIndex(const Map& m, const DataMapping& mapping, const StringPool& pool);
  Target event(const Event& e) const;
  Target response(const Response& r) const;
  // internal tables (built once: resolving a million events must stay cheap)
  std::vector<Target> by_touchpoint;   // indexed by Sym (touchpoint), filled lazily per pool size
  std::vector<Target> by_stage;
  const Map* map = nullptr; const DataMapping* mapping = nullptr; const StringPool* pool = nullptr;
  // The rules compiled to the pool's symbols: an empty list with `any_*` set matches anything;
  // fields compare case-insensitively, trimmed. A rule with no field set, or whose card is not
  // in the map, is left out (it would otherwise catch every row).
  struct Rule { std::vector<Sym> touchpoint, event, channel; bool any_touchpoint = true, any_event = true, any_channel = true; Target target; };
  std::vector<Rule> rules;
  // Steps (2) and (3) for a text (also for symbols added to the pool after the index was built).
  Target touchpoint_target(const std::string& touchpoint_id) const;
  Target stage_target(const std::string& stage) const;
};

// Everything in DataAggregates, in this order (progress 0..1 across them): sources, scores
// (per card, stage, whole map; per persona when answers carry one; per period), funnel, flows,
// attribution (every model), unmapped, counts, rules fired. Returns false when cancelled.
bool compute_aggregates(const Map& m, const Dataset& ds, const DataLayer& settings,
                        DataAggregates* out, const Progress& progress = {});

// The units of a funnel over the map's stages or chosen cards (settings), for compute_funnel.
std::vector<std::vector<FunnelTouch>> funnel_units(const Map& m, const Dataset& ds, const DataLayer& d,
                                                   const MappingIndex& idx, std::vector<std::string>* labels,
                                                   std::vector<Id>* targets);
// The flow sequences (one per unit) labelled as settings.path_node says.
std::vector<FlowSequence> flow_sequences(const Map& m, const Dataset& ds, const DataLayer& d, const MappingIndex& idx);

} // namespace jm
