// persona_card.h: one persona as a printable card (SVG), for the persona panel's "Print card" and
// "Save card as SVG". A plain function of a const Persona, like the map exports in export.h, so the
// editor and the tests share it natively and as wasm.
#pragma once
#include "core/layout.h"
#include "core/model.h"
#include <string>

namespace jm {

// The card, 760 units wide by default and as tall as its content: a header band with the avatar (the
// image clipped to a circle, or the initials on the persona's colour), name, role and quote;
// below it two columns, demographics and preferred channels on the reading-start side, then
// goals, needs, motivations, frustrations and behaviours as bulleted lists. Empty sections are
// left out. Text stays text; every piece of persona text goes through xml_escape, and the avatar
// image must pass check_avatar_image (otherwise the initials are drawn).
//
// `rtl` lays the card out right to left (the root carries direction="rtl", the avatar and the
// first column are on the right); each line still gets its own direction from its first strong
// letter, so an English quote in an Arabic card reads correctly. Headings come from `names`
// with keys "panel.demographics", "panel.channels", "panel.goals", "panel.needs",
// "panel.motivations", "panel.frustrations", "panel.behaviours" and channel names from
// "channel.<key>" (custom channels are shown as they are). `measure` is the width of logical text
// at 14 px, used for wrapping (other sizes are scaled from it).
// `width` is the card's (the page adds a margin): below 560 it has a single column, for a phone.
std::string persona_card_svg(const Persona& p, const MeasureFn& measure, const NameFn& names, bool rtl, float width = 760);

// Initials for a persona without any: the first letter of the first two words of the name
// ("Mona Haddad" -> "MH", "منى حداد" -> "مح"), at most `max` code points.
std::string persona_initials(const Persona& p, int max = 2);
// The avatar's disc colour: its own, else one of a fixed palette chosen from the name.
Color persona_color(const Persona& p);

} // namespace jm
