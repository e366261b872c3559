// panels_parts.h: the small pieces of the panels that panels.cpp and actions_panel.cpp share
// (not included by the rest of the editor).
#pragma once
#include "editor/editor.h"
#include <string>
#include <vector>

namespace jm {

// A bold, muted section heading from an interface key.
void heading(Editor& ed, const char* key);
// A small square button with a drawn cross (no glyph needed); `id` is recorded for tests.
bool cross_button(Editor& ed, const std::string& id, ImVec2 at, float size, const char* tip_key);
// A button sized to its label, placed on the reading-start side of the line (right when RTL).
bool start_button(const char* key);
// A UTC ISO 8601 date-time, for what is stamped now (a comment, an action's change).
std::string iso_now();
// The map's title as a file name (characters file systems refuse replaced by '-').
std::string file_stem(const Doc& doc);
// A one-line cell of the actions table: the value (or a faint placeholder) clipped to the cell;
// a click opens the browser field over the cell. `col`: the value's colour (0: the text's).
void cell_box(Editor& ed, const Doc& doc, const std::string& key, Id id, const std::string& value, const char* placeholder_key,
              ImU32 col = 0);
// Selects the cards and scrolls the first into view.
void reveal_cards(Editor& ed, const std::vector<Id>& ids);
// The actions panel (actions_panel.cpp) in the bottom panel's window at pos, size.
void actions_panel(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size);

}  // namespace jm
