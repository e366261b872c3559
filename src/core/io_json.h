// io_json.h: the file format as nlohmann::json values, for code that works on the JSON of each
// entity rather than on the structs (diff and merge, core/diff.h and core/merge.h): field by
// field, so every field the writer knows, fields added later and unknown `extra` fields are all
// compared and merged without being listed by hand. Implemented in the marked block at the end of
// io.cpp, where the writer and the reader it reuses live.
#pragma once
#include "core/model.h"
#include <nlohmann/json.hpp>
#include <string>

namespace jm {

// The "map" object of a file, exactly as save_map writes it.
nlohmann::json map_to_json_value(const Map& m);
// A "map" object of the current format version back into a Map (validated); false with the path
// of the problem in *error.
bool map_from_json_value(const nlohmann::json& map, Map* out, std::string* error);

// One entity as map.stages[i], map.lanes[i], ... holds it; the readers check types and ranges but
// not references to other entities (validate() on the whole map does).
nlohmann::json entity_to_json(const Stage& s);
nlohmann::json entity_to_json(const Lane& l);
nlohmann::json entity_to_json(const Card& c);
nlohmann::json entity_to_json(const Persona& p);
nlohmann::json entity_to_json(const Action& a);
nlohmann::json entity_to_json(const BlueprintLine& b);
bool entity_from_json(const nlohmann::json& j, Stage* out, std::string* error);
bool entity_from_json(const nlohmann::json& j, Lane* out, std::string* error);
bool entity_from_json(const nlohmann::json& j, Card* out, std::string* error);
bool entity_from_json(const nlohmann::json& j, Persona* out, std::string* error);
bool entity_from_json(const nlohmann::json& j, Action* out, std::string* error);
bool entity_from_json(const nlohmann::json& j, BlueprintLine* out, std::string* error);

// The map's own fields (title, goal, governance, direction, unknown fields): the "map" object
// without its collections and data. Unknown fields of the file's root object (beside
// "format" and "version") come under the key kRootExtraKey.
constexpr const char* kRootExtraKey = "@root";
nlohmann::json meta_to_json(const MapMeta& meta);
bool meta_from_json(const nlohmann::json& j, MapMeta* out, std::string* error);

} // namespace jm
