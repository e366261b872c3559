// io.h: the *.journey.json file format, and the card clipboard format.
// {"format": "journeymap", "version": 3, "map": {...}}; see README ("File format") and
// assets/journey.schema.json. Older versions are migrated on load, one step per version.
#pragma once
#include "core/model.h"
#include <string>
#include <vector>

namespace jm {

constexpr int kFormatVersion = 3;
constexpr const char* kFormatName = "journeymap";

// Canonical: the same map gives the same bytes every time (keys in alphabetical order, fields at
// their default and empty arrays left out, whole numbers as integers), so a Git diff of two saves
// shows only what changed. load_map reads absent fields as those defaults.
std::string save_map(const Map& m, bool pretty = false);
// The same document with every array (also empty ones) and the fields older writers always wrote
// (a card's order and text, a stage's name, colour and width, the map's title and direction...):
// what the page hands to scripts and host pages (jm.model(), journeymap:get). It loads the same.
std::string save_map_explicit(const Map& m);

struct LoadResult {
  bool ok = false;
  Map map;
  std::string error;      // names the problem: "line 3, column 7: ..." or "map.cards[2].stage: ..."
  int version = 0;        // the version the file was written in (older ones are migrated)
};
LoadResult load_map(const std::string& text);

// One persona as JSON, as kept in the browser-wide persona library (the same object a map file
// holds under map.personas). persona_from_json accepts it without an id (the library's copies
// have none that matter); it needs a uid and checks the avatar image.
std::string persona_to_json(const Persona& p);
bool persona_from_json(const std::string& text, Persona* out, std::string* error);
// Byte-level problems of a file meant to be text (UTF-16, a NUL byte, ill-formed UTF-8), named
// with the offset: "" when there are none. load_map checks these itself; other readers (Mermaid,
// CSV) call this first.
std::string text_problem(const std::string& bytes);
// "line L, column C" of the character holding byte `byte` (columns count characters).
std::string text_position(const std::string& text, size_t byte);

// Cards on the clipboard between maps: {"format":"journeymap-cards","cards":[...]}.
std::string cards_to_clipboard(const Map& m, const std::vector<Id>& ids);
bool cards_from_clipboard(const std::string& text, std::vector<Card>* out);
// Plain text for other applications: one card per line (paragraphs for multi-line cards).
std::string cards_to_text(const Map& m, const std::vector<Id>& ids);
// Plain text from other applications: each non-empty line becomes a card.
std::vector<Card> cards_from_text(const std::string& text);

std::string color_to_hex(Color c);
bool color_from_hex(const std::string& s, Color* out);

} // namespace jm
