// export.h: a journey map in the formats other tools read: a Markdown outline for documents and
// wikis, CSV for spreadsheets, Mermaid `journey` diagrams for docs-as-code (export and import),
// and SVG for slides and print. Plain functions on a const Map: no editor, no window, so the
// command-line tool, the editor and the tests share them, natively and as wasm.
//
// None of these formats holds everything a *.journey.json file holds (ids, colours, widths, card
// order values); they are for reading a map elsewhere. Importers build a fresh map.
#pragma once
#include "core/layout.h"
#include "core/model.h"
#include <optional>
#include <string>

namespace jm {

// ---- Markdown ----------------------------------------------------------------------------------
// Title, goal and description, then one "## " heading per stage and one "### " heading per lane
// that has cards in that stage; cards are list items, with channel and tags as sub-items.
// Emotion points read "Feeling: +1.5 (label)". User text is escaped so a card can not turn into
// a heading, a link or raw HTML.
//
// Content of file format version 2 appears only where a map has it, so older maps export as
// before: a governance line under the title ("Owner: ...; Status: published; Reviewed: ...;
// Review due: ...") when the map has an owner, a status other than draft or review dates; a
// "Personas" section after the description; "Current state: " / "Future state: "
// before stage names when the map has a future state; a stage's speaker notes, metrics and notes
// under its heading; per card, sub-items for moment of truth, owner, device, personas, dependencies,
// metrics (value, target and status), notes, the sub-journey it opens and each piece of evidence
// ("Evidence (observed, interview INT-07, 2024-05-02): "quote""); a feeling on a persona's curve
// names the persona; then "Opportunities and actions", one item per action with its linked cards.
std::string to_markdown(const Map& m);

// ---- CSV (RFC 4180) ------------------------------------------------------------------------------
// Header `stage,lane,lane type,text,tags,channel,score,backing,evidence,journey`, then one row per card by stage, lane
// and order. Starts with a UTF-8 byte order mark (Excel reads a file without one in the
// system code page, which garbles Arabic and Hebrew); lines end in CRLF; a field holding a
// comma, quote, CR or LF is quoted with quotes doubled. Tags are joined with "; ". `lane type` is
// the file format key (e.g. "pain_points"), `channel` the stored key. `score` is written for
// emotion points (and for any other card whose score is not 0). `backing` is card_backing's key
// ("unsupported" for a card without evidence), `evidence` each entry as `"quote" (confidence, kind
// source, date)` joined with "; ", `journey` the sub-journey the card opens. from_csv ignores these three.
//
// A text field that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is
// prefixed with an apostrophe; so is one that already starts with apostrophes followed by such a
// character, which keeps from_csv able to undo it exactly.
std::string to_csv(const Map& m);

// The opportunities and action items as a table, with the same BOM, CRLF, quoting and formula
// guard as to_csv. Header `kind,title,status,priority,impact,effort,owner,team,due,description,
// cards,card ids`; one row per action in map order. kind, status and priority are the file format
// keys ("action", "in_progress", "high"); impact and effort are empty when not rated; `cards`
// joins the texts of the linked cards with "; " and `card ids` their ids. Text is written in
// logical order as stored (spreadsheets apply the bidi algorithm themselves).
std::string actions_to_csv(const Map& m);

// The tables behind the CSV exports and the spreadsheet's sheets (core/xlsx.h): a header and rows
// of cells; a number cell keeps its value beside the text CSV writes (the same digits).
// cards_table is to_csv's, actions_table actions_to_csv's; metrics_table has one row per metric,
// by stage (the stage's own, then its cards' by lane and order): stage, state, card (its text;
// empty for a stage's metric), kind (file format key), name, value, target, unit, status
// (metric_status_key), higher is better (yes/no), date.
struct ExportCell {
  std::string text;
  std::optional<double> number;
  ExportCell() = default;
  ExportCell(std::string t) : text(std::move(t)) {}   // a text cell
  static ExportCell num(double v, std::string shown);
};
struct ExportTable {
  std::string name;                          // the sheet's name ("Cards")
  std::vector<std::string> header;
  std::vector<std::vector<ExportCell>> rows;  // each as long as the header
};
ExportTable cards_table(const Map& m);
ExportTable actions_table(const Map& m);
ExportTable metrics_table(const Map& m);
// BOM, header, rows, CRLF; text cells quoted and formula-guarded as csv_cell does, numbers as they are.
std::string table_to_csv(const ExportTable& t);

// One field of such a table (quoted when needed, formula guard) and one cell of a Markdown table
// or line (user text escaped, line breaks as spaces): for other tables built the same way
// (core/portfolio.cpp).
std::string csv_cell(const std::string& text);
std::string md_cell(const std::string& text);

// Reads what to_csv writes (and similar files): a header row naming at least `stage`, `lane` and
// `text` (any order, case-insensitive; `lane type`, `tags`, `channel`, `score` optional), comma
// or semicolon separated (the one the header holds more of), quoted or not, LF or CRLF, with or
// without a BOM. Stages and lanes are created by
// name in the order they first appear; a lane's type comes from `lane type`, else from a lane
// name that is a default lane title ("Emotions"), else it is a notes lane. On failure returns
// false and sets *error ("line 4: ..."); *out is untouched then.
bool from_csv(const std::string& text, Map* out, std::string* error);

// ---- Mermaid user journey ------------------------------------------------------------------------
//   journey
//     title Buying a phone system
//     section Research solutions
//       Searches the web: 4: Owner, IT
//
// Export: each stage is a section. Its tasks are the cards of the map's Actions lanes (in lane
// order, then card order) and each task's score comes from the stage's emotion points: with as
// many points as tasks they pair up in order, otherwise the points are sampled evenly (one point
// gives every task the stage's feeling). A stage without action cards lists its emotion points
// as tasks, labelled by their text. Scores map -2..+2 to Mermaid's 1..5 (score + 3, decimals kept
// so a round trip is exact); a task with no emotion point at all is neutral (3). Card tags become
// the task's actors.
//
// Mermaid's journey syntax has no escapes: a task or section can not hold ':', '#', ';' or
// "%%", and actors not ','. Those are written as their fullwidth forms (U+FF1A, U+FF03, U+FF1B,
// U+FF05, U+FF0C), line breaks as spaces. A task that starts with a keyword Mermaid would read
// as a statement ("Title search", "Section 3", "journey planning") gets a leading U+200B, which
// from_mermaid removes again.
std::string to_mermaid(const Map& m);

// Import: a fresh map with one stage per section and two lanes, Actions and Emotions. Each task
// becomes an Actions card (its actors as tags) and, when it has a score, an emotion point in the
// same stage (score - 3, clamped to -2..+2). Reads `title`, `accDescr` (as the goal), comments
// (%% and #), a leading front matter block and %%{init}%% directives; tasks before the first
// section go into a stage named "Stage 1". A missing score is allowed (no emotion point); a
// score that is not a number is an error. On failure returns false and sets *error
// ("line 7: ..."); *out is untouched then.
bool from_mermaid(const std::string& text, Map* out, std::string* error);

// Mermaid 1..5 from a map score -2..+2, and back (clamped).
double score_to_mermaid(float score);
float score_from_mermaid(double mermaid_score);

// ---- SVG ---------------------------------------------------------------------------------------
// A width measure good enough where no font is at hand (the command-line tool, tests): 7.2 map
// units per code point, about the average advance of Noto Sans at 14 px. The editor passes its
// real font measure instead.
float approx_text_width(const char* b, const char* e);

struct SvgOptions {
  LayoutStyle style;              // must be the style the Layout was made with
  float margin = 24;              // around everything
  bool title = true;              // the map title and goal above the grid
  bool background = true;         // a white page behind the map (else transparent)
};

// The whole map as one standalone SVG document, drawn from `layout` (which must be
// layout_map(m, options.style, measure) for this revision of `m`): title and goal, stage headers,
// lane titles, cards as rounded rectangles with their wrapped lines, channel and tags, and each
// emotion lane's curve as a path with its points and labels. Text stays text (<text> elements,
// searchable and selectable); the root carries the Noto Sans font family stack, and
// direction="rtl" for a right-to-left map. Every piece of user text goes through xml_escape, so
// map content can never add markup or script.
std::string to_svg(const Map& m, const Layout& layout, const MeasureFn& measure, const SvgOptions& options = {});
// Convenience: lays the map out with options.style and `measure`, with every lane expanded
// (an export shows the whole map, not the collapsed view), then draws it.
std::string to_svg(const Map& m, const MeasureFn& measure, const SvgOptions& options = {});

// The width and height the root <svg> element declares, in user units (the exporters write plain
// numbers there: to_svg, persona_card_svg). Read with the classic locale, from the root's own tag
// only (never a child's stroke-width). False, and w, h untouched, when either is missing.
bool svg_size(const std::string& svg, float* w, float* h);

// Text for XML character data and attribute values: & < > " ' escaped; control characters
// (C0 except tab/CR/LF, which become spaces, DEL and C1), U+FFFE/U+FFFF removed; bytes that are
// not UTF-8 become U+FFFD. XML 1.0 forbids those characters, so leaving them in would make the
// whole file unreadable.
// keep_line_breaks: LF and tab stay, CRLF and CR become LF (text of a spreadsheet cell).
std::string xml_escape(const std::string& s, bool keep_line_breaks = false);

// A score with as few digits as give back the same float (1.5 -> "1.5", 2 -> "2", -0.25 ->
// "-0.25"), with a '.' whatever the process locale.
std::string format_score(float v);

} // namespace jm
