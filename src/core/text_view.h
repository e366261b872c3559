// text_view.h: the whole map as real, visible HTML text: headings, tables and lists. The editor
// shows it from View > Text view, the embedded viewer from its "Text view" button; a reader who
// cannot use the canvas (screen reader, 200 % zoom, 320 px wide, own text spacing, print) reads
// the map here. Canvas text counts as images of text (WCAG 1.4.5): this is the same content as
// text. Built from the model, natively testable, like to_markdown.
//
// Shape (every id prefixed "jm-tv-"; user text escaped, in <bdi> or dir="auto"):
//   <article id="jm-tv" lang=ui-language dir=map-direction class="jm-tv">
//     <h1>title</h1> <p>goal</p> <p>description</p> <p>overview sentence</p>
//     <h2>Personas</h2> per persona <h3>name</h3> role, quote, goals/needs/frustrations as lists
//     <h2>stage name</h2> per stage shown (logical order), its description and metrics, then per
//       lane with cards in that stage <h3>lane name</h3><ul><li>card text <span>tags, channel,
//       owner, metrics with value, target and status as words</span></li></ul>
//       (the Emotions lane: "Feeling: +1.5, satisfied" per point, with the persona's name)
//     <h2>Emotion curve</h2> one <table> per curve: <caption>, <th scope="col"> Stage | Score |
//       Feeling, one row per stage; a summary sentence before it ("Lowest at Purchase (-1.5),
//       highest at Advocacy (+2)")
//     <h2>Metrics</h2> <table> target | metric | value | target | status (words, not colour)
//     <h2>Opportunities and actions</h2> <table> title | kind | owner | status | priority | impact
//       | effort | due; then the impact-effort matrix as a table (impact rows x effort columns,
//       action titles in the cells)
//     data layer, when the map has aggregates: <h2>Customer data</h2> scores per stage (table),
//       funnel (step | entered | converted | rate | median time), paths (top transitions
//       from | to | count), attribution (channel | each model's share), trends (period | value)
//   </article>
// Tables are narrow enough to reflow at 320 px (the page's CSS lets a table scroll on its own,
// never the page) and carry <th scope>.
#pragma once
#include "core/i18n.h"
#include "core/model.h"
#include <string>

namespace jm {

struct TextViewOptions {
  const I18n* i18n = nullptr;                   // the interface's words and lang; nullptr: built-in English
  JourneyState state = JourneyState::Current;   // the stages shown (the future state's, or the current's)
  bool with_data = true;                        // the data layer's tables, when the map has aggregates
};

std::string to_text_view_html(const Map& m, const TextViewOptions& o = {});

// The tables alone (emotion curves, metrics, impact-effort matrix, data charts), as the mirror's
// "tables" part embeds them: headings start at <h3>.
std::string text_view_tables_html(const Map& m, const TextViewOptions& o = {});

// "Lowest at Purchase (-1.5), highest at Advocacy (+2)" for one curve (persona kNoId: the
// shared one); empty when the curve has no point.
std::string emotion_curve_summary(const Map& m, Id persona, JourneyState state, const I18n* tr = nullptr);

}  // namespace jm
