// diff.h: what differs between two versions of a map (`journeymap diff A B`, File > Compare with
// file...). Entities are matched by id in each collection and compared field by field on their
// JSON objects as the file format writes them (core/io_json.h), so every field, including ones
// added later and unknown `extra` fields, is covered without being listed here.
#pragma once
#include "core/model.h"
#include <string>
#include <vector>

namespace jm {

enum class ChangeKind : uint8_t { Added, Removed, Changed, Moved };

struct FieldChange {
  std::string field;
  std::string before, after;         // values as compact JSON text; "" = absent
  // Reference fields (a card's stage or lane): the name of what each side points to, for reading.
  std::string before_label, after_label;
};

struct EntityChange {
  ChangeKind kind = ChangeKind::Changed;
  std::string collection;            // "map","stages","lanes","cards","personas","actions","blueprint_lines","data"
  Id id = kNoId;                     // kNoId for "map"/"data"
  std::string label;                 // readable: the card's text, the stage's name (shortened)
  // Changed: every differing field. Moved: a card's stage/lane/order, or "index" for the stages,
  // lanes, personas, actions and blueprint lines (display order). Added/Removed: every field of
  // the entity as the side that has it wrote it (the other side "").
  std::vector<FieldChange> fields;
};

struct MapDiff { std::vector<EntityChange> changes; };

// Changes that turn `a` into `b`: the map's own fields, then stages, lanes, cards (stage by stage,
// lane by lane, in card order), personas, actions, blueprint lines and the data layer. A card both
// moved and edited has a Moved and a Changed entry. A stage that only shifted because others were
// added, removed or moved around it is not Moved: only the fewest stages whose moves explain the
// new order are.
MapDiff diff_maps(const Map& a, const Map& b);
// Readable: one line per change ("changed  card 57 \"Books a demo\""), its fields indented below
// ("    text: \"Books a demo\" -> \"Books a demo with sales\""); long values shortened. "" when equal.
std::string diff_to_text(const MapDiff& d);
// {"changes":[{"kind":"changed","collection":"cards","id":57,"label":"...",
//   "fields":[{"field":"text","before":"Books a demo","after":"Books a demo with sales"}]}]}:
// before/after are the JSON values themselves, left out when absent.
std::string diff_to_json(const MapDiff& d);

const char* change_kind_key(ChangeKind k);            // "added","removed","changed","moved"
// "card", "stage", "blueprint line", "map", "data layer": one entity of a collection, for messages.
const char* collection_noun(const std::string& collection);
// Text on one line, at most `max_chars` code points ("Books a demo with…").
std::string short_label(const std::string& text, size_t max_chars = 40);

} // namespace jm
