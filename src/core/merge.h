// merge.h: three-way merge of two versions of a map that share a base (`journeymap merge`,
// File > Merge with file..., a Git merge driver), and the two-way merge of copies without one.
//
// Entities are matched by id in each collection and merged field by field on their JSON objects
// as the file format writes them (core/io_json.h): ours changed a card's text and theirs its
// colour gives both; lists of values (tags, links, a persona's goals) and lists of entities with
// ids (comments) merge element by element. A conflict is the same field changed differently on
// both sides, or an entity deleted on one side and edited (or given new cards) on the other.
// Nothing either side wrote is dropped silently: what the merge leaves out is a conflict or a note,
// and the merged map always passes validate().
#pragma once
#include "core/model.h"
#include <memory>
#include <string>
#include <vector>

namespace jm {

enum class Side : uint8_t { Ours, Theirs };

struct Conflict {
  std::string collection;            // as in diff.h; "map" for the map's own fields
  Id id = kNoId;                     // kNoId for "map"/"data" and for an order conflict
  std::string label;                 // readable: the card's text, the stage's name (shortened)
  // The field ("text", "avatar.initials"); "" : the whole entity (deleted on one side, edited on
  // the other); "order": the display order of stages, lanes, personas or actions, reordered
  // differently on both sides (values: arrays of ids).
  std::string field;
  std::string base, ours, theirs;    // compact JSON of each side's value; "" = absent / deleted
  Side choice = Side::Ours;          // the user's pick; resolve_merge applies it
};

struct MergeInputs;                  // merge.cpp: the three maps, theirs already renumbered

struct MergeResult {
  Map merged;                        // every non-conflicting change applied; conflicts at Ours
  std::vector<Conflict> conflicts;
  std::vector<std::string> notes;    // e.g. "cards 57: added on both sides; theirs renumbered to 812"
  std::shared_ptr<const MergeInputs> inputs;   // what resolve_merge merges again with the choices
};

// Ids: new ids are random (model.h), so two copies do not give one id to two new things. Counted
// ids from before format version 3 can still clash (both copies of an old file edited by an older
// journeymap): both sides adding the same id with different content is not a conflict: theirs'
// entity gets a fresh random id and every reference to it in theirs
// (links, action cards, personas, origins, blueprint lines, comment ids, data mapping) follows; the
// same addition on both sides is kept once. Order of stages, lanes, personas and actions: the side
// that reordered wins (a conflict when both did), additions go after the entity before them on
// their side. References to entities the other side deleted are dropped with a note.
MergeResult merge_maps(const Map& base, const Map& ours, const Map& theirs);
// Copies without a common base (the base unknown): every difference is a conflict: a field that
// differs, an entity only one copy has (keep it or leave it out), a different order. Ids are not
// renumbered: the same id in both copies is taken as the same entity.
MergeResult merge_two_way(const Map& ours, const Map& theirs);
// `merged` with each conflict set to its choice (conflicts matched by collection, id and field).
Map resolve_merge(const MergeResult& r);
// Every conflict set to one side, then resolved.
Map resolve_all(MergeResult r, Side side);

// "cards 57 \"Books a demo\" text: ours \"A\", theirs \"B\" (base \"C\")": one line per conflict.
std::string conflict_to_text(const Conflict& c);

} // namespace jm
