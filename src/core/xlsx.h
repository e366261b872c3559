// xlsx.h: the map as an Excel workbook (Office Open XML SpreadsheetML, ECMA-376), written by the
// core so the editor and the CLI (`--to xlsx`) give the same file.
//
// Three sheets, Cards, Actions and Metrics (export.h: cards_table, actions_table,
// metrics_table; values as there, file format keys included): a bold header row frozen at the top with an AutoFilter over the table, column
// widths fitted to their text, numbers as numbers (scores, impact, effort, metric values and
// targets), the rest as text wrapped in its column (line breaks kept, nothing cut off in print). A right-to-left map gives right-to-left sheets.
// The workbook's title is the map's. Text a spreadsheet would run as a formula stays text (a cell
// of type string is never evaluated). Characters XML cannot carry are dropped, text past Excel's
// 32,767 characters per cell is cut.
#pragma once
#include "core/model.h"
#include <string>

namespace jm {

// The .xlsx file's bytes; empty with *error set when it cannot be written. `names` gives the sheet
// names and column headings in the interface language: keys "xlsx.sheet.cards" (".actions",
// ".metrics") and "xlsx.col.<column>" ("xlsx.col.lane_type", the CSV header with '_' for ' ')
// with the English ("Cards", "Lane type") as the default; without it, the English.
std::string map_to_xlsx(const Map& m, std::string* error, const NameFn& names = nullptr);

} // namespace jm
