// a11y.h: the accessible mirror of a map. Everything journeymap shows is pixels on one WebGL
// canvas, so the page keeps a parallel DOM built from the model (the pattern of Flutter web,
// Figma, Babylon.js): this file builds its HTML, natively testable, and tells the page which
// pieces changed after an edit so a 4,800-card map is patched, not rebuilt.
//
// The mirror (one <section>, every id prefixed "jm-"), with the parts it is patched by:
//   <section id="jm-a11y-map" aria-labelledby="jm-a11y-title" lang=?>
//     part "head" = <div id="jm-a11y-head"> <h2 id="jm-a11y-title">title</h2>, goal, an overview
//                   sentence ("8 stages, 7 lanes, 42 cards, 2 personas"), personas as a list </div>
//     <div role="grid" id="jm-grid" aria-labelledby="jm-a11y-title" aria-rowcount aria-colcount
//          aria-readonly="true"(viewer only) dir="rtl"|"ltr" (the MAP's direction)>
//       part "colheads" = <div role="row" id="jm-r-head" aria-rowindex="1"> a corner
//                   <div role="columnheader" aria-colindex="1">Lane</div>, then per stage shown
//                   <div role="columnheader" id="jm-s-<stage>" data-id="stage:<id>" tabindex="-1"
//                    aria-colindex="2.."><bdi>name</bdi><span class="jm-desc">metrics…</span></div></div>
//       per lane      <div role="row" id="jm-r-<lane>" aria-rowindex="2..">
//         part "rowhead:<lane>" = <div role="rowheader" id="jm-l-<lane>" data-id="lane:<id>"
//                   tabindex="-1" aria-colindex="1"><bdi>lane name</bdi></div>
//         part "cell:<stage>:<lane>" per stage shown = <div role="gridcell" id="jm-c-<stage>-<lane>"
//                   data-id="cell:<stage>:<lane>" tabindex="-1" aria-colindex="2.."
//                   aria-label="Purchase, Pain points, 3 cards">
//             <div role="listbox" aria-multiselectable="true" aria-label="Purchase, Pain points">
//               <div role="option" id="jm-k-<card>" data-id="card:<id>" tabindex="-1"
//                aria-selected="false" aria-labelledby="jm-kt-<card>"
//                aria-description="Pain point. Tags: … Channel: … NPS 45 % (target 50 %, near target)">
//                 <bdi id="jm-kt-<card>">card text</bdi>
//                 (the description is an attribute, not an element: two elements a card, not
//                 three, which is a third less DOM to build and lay out on a 4,800-card map)
//               </div> …   (no listbox in an empty cell)
//             An Emotions lane's cell holds its points instead, one per curve (shared first,
//             then personas in map order): <div role="slider" id="jm-k-<card>" data-id="card:<id>"
//             tabindex="-1" aria-valuemin="-2" aria-valuemax="2" aria-valuenow="1.5"
//             aria-valuetext="+1.5, satisfied" aria-label="Feeling at Purchase, Layla"></div>
//         </div>
//       </div> …
//     </div>
//     part "tables" = <div id="jm-a11y-tables"> "Emotion curve, <persona>" tables (stage, score,
//                   label), the metrics table, the impact-effort matrix as a table, and the data
//                   layer's charts as tables (text_view.h: the same tables as the text view) </div>
//   </section>
// A patch replaces parts by their element id (outerHTML). Adding, moving or removing a stage or
// lane, or switching the state shown, changes the set or order of parts: then the page rebuilds
// the whole section. A card added, edited, moved or deleted changes only its cells.
//
// Selection, focus (roving tabindex) and aria-selected are the page's (web/a11y.js): the HTML
// always says tabindex="-1" and aria-selected="false", so a selection change patches nothing.
// Text carries its own direction: user text sits in <bdi> (or dir="auto"), the grid has the
// map's direction (dir="rtl" for a right-to-left map), names come from the interface language.
#pragma once
#include "core/i18n.h"
#include "core/model.h"
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace jm {

// The words come from `i18n` (the editor passes &i18n(): the interface language's table, which also
// gives the section its lang). nullptr: the built-in English of a11y.cpp (the command-line tool,
// tests), the same text en.json holds for these keys.
struct A11yOptions {
  const I18n* i18n = nullptr;
  bool editable = true;                        // the editor (a grid one can act in); false: the viewer (aria-readonly)
  JourneyState state = JourneyState::Current;  // the stages shown
  Id persona_filter = kNoId;                   // cards not for this persona say "dimmed" in their description
};

// One independently replaceable piece of the mirror. `key` is stable: "head", "colheads",
// "rowhead:<lane>", "cell:<stage>:<lane>", "tables". `id` is the DOM id of its one element
// ("jm-a11y-head", "jm-r-head", "jm-l-<lane>", "jm-c-<stage>-<lane>", "jm-a11y-tables");
// `html` that element, complete and well-formed.
struct A11yPart {
  std::string key;
  std::string id;
  std::string html;
  uint64_t hash = 0;           // of what the html was made from; equal hash: equal html
};

struct A11yMirror {
  std::vector<A11yPart> parts;   // document order
  std::string section_open;      // <section id="jm-a11y-map" …> (carries lang)
  std::string grid_open;         // <div role="grid" id="jm-grid" …> (carries dir, counts)
  std::vector<std::string> row_open;   // per lane: <div role="row" id="jm-r-<lane>" aria-rowindex>
  size_t stages = 0, lanes = 0;  // shown: rows of parts are 1 rowhead + `stages` cells
  size_t cards = 0;              // options + sliders
};

// Builds the whole mirror. `prev`, when given, is the mirror built last time: parts whose inputs
// hash the same are copied from it instead of being written again (an edit to one card rebuilds
// one cell), which is what keeps an update on the 4,800-card map under a few milliseconds.
// The html of reused parts is MOVED out of prev (left empty there): prev still serves
// diff_a11y_mirror, which compares hashes, and nothing else.
A11yMirror build_a11y_mirror(const Map& m, const A11yOptions& o, A11yMirror* prev = nullptr);

// What changed from `prev` to `next`: `full` when the set or order of parts differs (a stage or
// lane added, moved or removed: the page replaces the whole section), else the parts whose html
// differs, to be replaced in place by their element id.
struct A11yPatch {
  bool full = false;
  std::vector<const A11yPart*> changed;   // into next
};
A11yPatch diff_a11y_mirror(const A11yMirror& prev, const A11yMirror& next);

// The page's message for a patch or the full mirror, JSON:
//   {"full":true,"html":"<section …>…</section>","cards":N}
//   {"full":false,"parts":[{"id":…,"html":…},…],"cards":N}   (parts: [] when nothing changed)
std::string a11y_patch_json(const A11yMirror& next, const A11yPatch& p);
std::string a11y_full_json(const A11yMirror& m);
std::string a11y_mirror_html(const A11yMirror& m);   // the whole <section>, parts nested as above

// Spoken forms, in the interface language (core/i18n): "+1.5, satisfied" for an emotion score
// (a11y.emotion.* labels: very unhappy, unhappy, neutral, satisfied, very satisfied, by rounding),
// "NPS 45 % (target 50 %, near target)" for a metric, "Purchase, Pain points, 3 cards" for a cell.
// `tr` nullptr: built-in English.
std::string a11y_emotion_text(float score, const I18n* tr = nullptr);
std::string a11y_metric_text(const Metric& mt, const I18n* tr = nullptr);
std::string a11y_cell_label(const Map& m, Id stage, Id lane, size_t cards, const I18n* tr = nullptr);

// One word of the a11y.* / text_view.* tables: tr's text, or the built-in English when tr is
// nullptr or lacks the key (shared with text_view.cpp). a11y_plural: a plural key with {n}.
std::string a11y_text(const I18n* tr, const char* key, I18nArgs args = {});
std::string a11y_plural(const I18n* tr, const char* key, long long n, I18nArgs args = {});

// Names as the mirror and the text view say them (shared with text_view.cpp): a stage's name or
// "Untitled stage"; a lane's name or its type's name; a persona's name or "Unnamed persona"; the
// singular word for a lane type's card ("Pain point"); a card's description ("Pain point. Tags: …
// Channel: … Owner: … NPS 45 % (target 50 %, near target). 2 comments. Dimmed for this persona",
// the last only when `persona_filter` is set and the card is not for that persona).
std::string a11y_stage_name(const Stage& s, const I18n* tr);
std::string a11y_lane_name(const Lane& l, const I18n* tr);
std::string a11y_persona_name(const Map& m, Id persona, const I18n* tr);
std::string a11y_kind_word(LaneType t, const I18n* tr);
std::string a11y_card_description(const Map& m, const Card& c, LaneType t, Id persona_filter, const I18n* tr);
std::string a11y_emotion_word(float score, const I18n* tr);   // "satisfied"
std::string a11y_metric_name(const Metric& mt, const I18n* tr);  // its name, or its kind's ("NPS")
std::string a11y_metric_value(double v, const std::string& unit); // "45 %"
std::string a11y_number(double v);       // "45", "3.5", "-0.25": at most 2 decimals, '.' always
std::string a11y_signed(double score);   // "+1.5", "0", "-2"

// HTML text helpers (shared with text_view.cpp): & < > " ' escaped; `dir="auto"` text in <bdi>.
std::string html_escape(const std::string& s);
std::string html_bdi(const std::string& s);
// A sentence of the interface holding one piece of user text: `formatted` is the sentence with
// "\x01" where the user text goes (a11y_text(tr, key, {{"name", "\x01"}})): escaped, the user
// text in its <bdi>.
std::string html_with_user(const std::string& formatted, const std::string& user);

}  // namespace jm
