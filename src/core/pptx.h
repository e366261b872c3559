// pptx.h: the map as an editable PowerPoint deck (Office Open XML PresentationML, ECMA-376),
// written by the core so the editor (File > Export > PowerPoint) and the CLI (`--to pptx`) give
// the same kind of file. Everything is native and editable: shapes, text boxes and a table,
// no pictures of text.
//
// Slides, 16:9 (13.33 x 7.5 in):
//   1. Title: the map's title, goal and description, its owner and status, its personas.
//   2. The map, per journey state (current, then future when the map has one): stage headers,
//      lane titles, cards as rounded rectangles with their text (icon, metrics, channel and tags),
//      each emotion lane's curve as a native line with its points and labels, fitted to the slide.
//      When the whole map would print its card text below 8 pt, that slide is followed by
//      slides of stage groups (and lane groups when one lane is taller than a slide) at a
//      readable size, each with its own stage headers and lane titles.
//   3. One slide per stage with its cards in full, lane by lane (a feeling with its score),
//      the stage's description and metrics; continued on further slides when it does not fit
//      at 11 pt. The stage's speaker notes are the slide's notes.
//   4. One slide per persona: picture (or initials), name, role, quote, demographics, goals,
//      needs, motivations, frustrations, preferred channels, behaviours.
//   5. Opportunities and actions as a native table (title, kind, status, priority, owner, due,
//      impact, effort, linked cards), continued over as many slides as it needs.
//
// Text stays text. Each paragraph gets the direction of its first strong letter (else the map's):
// Arabic and Hebrew paragraphs are marked right to left and set in Noto Sans Arabic / Noto Sans
// Hebrew (Latin in Noto Sans), the fonts the editor draws with; a right-to-left map is laid out
// mirrored (first stage on the right, lane titles on the right, tables right to left).
//
// `measure` is the width of logical text at 14 px, as for the SVG export (the editor passes its
// font's, the CLI approx_text_width); it decides the layout of the map and where long lists are
// continued. `names` gives the deck's own words in the interface language (keys "pptx.*",
// "text_view.*", "panel.*", "channel.*", "gov.*"), English without it. Deterministic: the same map
// gives the same bytes. Empty with *error set when the deck cannot be written.
#pragma once
#include "core/layout.h"
#include "core/model.h"
#include <string>

namespace jm {

std::string map_to_pptx(const Map& m, const MeasureFn& measure, std::string* error, const NameFn& names = nullptr);

} // namespace jm
