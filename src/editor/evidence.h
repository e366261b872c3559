// evidence.h: evidence behind cards, sub-journeys and map governance in the editor (issue #13).
// evidence_panel.cpp: the inspector's sections (evidence, sub-journey, governance), the text they
// type, opening a sub-journey and the breadcrumb bar back; card_badges.cpp: what the canvas
// draws for them (a backing badge and a sub-journey badge on cards, the status chip by the title)
// and the "show only assumptions" filter. View state only lives here; the map holds the rest.
#pragma once
#include "editor/editor.h"

namespace jm {

// ---- Inspector (evidence_panel.cpp) ----------------------------------------------------------
void inspector_evidence(Editor& ed, Doc& doc, const Card& c);   // Evidence + Sub-journey sections of a card
void inspector_governance(Editor& ed, Doc& doc);                // owner, status, reviewed, review due of the map
// A panel field of ours committed (keys "evidence.*", "journey.*", "gov.*"): true when it was ours.
bool evidence_text_done(Editor& ed, Doc& doc, const TextEdit& e, const std::string& text);
void evidence_text_input(Editor& ed, const std::string& text);   // date fields say as typed when they are not a date

// ---- Sub-journeys (evidence_panel.cpp) -------------------------------------------------------
// Opens the map a card refers to ("uid:<uid>", or a file name or title): from My maps by uid, else
// by file name or title; otherwise says so and offers the file chooser. Pushes a breadcrumb.
void journey_open(Editor& ed, Doc& doc, const std::string& ref);
void journey_library_listed(Editor& ed);    // My maps was listed: resolve an open waiting for it
// The breadcrumb bar above the canvas ("Customer lifecycle › Onboarding"): its height, 0 when
// there is no trail.
float journey_breadcrumbs(Editor& ed, Doc& doc, float top, float width);
// A library entry's title for a reference (empty when not in My maps).
std::string journey_ref_title(const Editor& ed, const std::string& ref);
// The summary panel's line on pain points without evidence (a click shows only assumptions):
// true when it drew one.
bool evidence_summary_line(Editor& ed, const JourneySummary& s);
double evidence_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);   // -1: not ours
void evidence_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j);

// ---- Canvas (card_badges.cpp) ----------------------------------------------------------------
void evidence_view_menu(Editor& ed);        // its View menu item
// A card's backing badge and sub-journey badge (on its bottom edge, at the end side) and the
// assumptions filter's dimming. p, q the card's screen corners; k the canvas scale. Allocates nothing.
void card_badges_draw(Editor& ed, const Doc& doc, ImDrawList* dl, const Card& c, LaneType lane, ImVec2 p, ImVec2 q, float k, bool rtl);
// The map's status chip after the title (title_rect `tr`): the room it takes from the title's end.
float governance_title_chip(Editor& ed, const Doc& doc, ImDrawList* dl, ImRect tr, bool rtl, bool draw);
bool review_overdue(const MapMeta& m);      // review_due is before today
std::string today_iso(int days_later = 0);  // "2026-12-03", local time (or that many days later)

} // namespace jm
