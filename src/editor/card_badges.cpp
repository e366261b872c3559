// card_badges.cpp: what the canvas draws for evidence, sub-journeys and governance (issue #13):
// a backing badge on cards (how well the card is backed by evidence), a stacked-maps badge on
// cards that open a sub-journey, the "show only assumptions" filter's dimming, and the map's
// status chip after its title. Drawn per card per frame: shapes only, no strings, no allocation.
//
// The backing badge is a small meter of three bars on the card's bottom edge at its end side:
// unsupported is three hollow bars (the "hollow marker"), assumed one filled, reported two,
// observed three. The count of filled bars tells them apart without colour (WCAG 1.4.1); the
// colour (red, amber, blue, green) only adds to it. Unsupported is shown where it matters: on pain
// points (and on every card while the assumptions filter is on); a card with evidence always shows
// its badge.
#include "editor/evidence.h"
#include <ctime>

namespace jm {

void evidence_view_menu(Editor& ed) {
  if (ui_menu_key("evidence.menu_assumptions", nullptr, ed.assumptions_only)) ed.assumptions_only = !ed.assumptions_only;
}

std::string today_iso(int days_later) {
  std::time_t t = std::time(nullptr) + (std::time_t)days_later * 24 * 3600;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
  return buf;
}

bool review_overdue(const MapMeta& m) {
  if (m.review_due.empty() || !is_iso_date(m.review_due) || m.status == MapStatus::Retired) return false;
  // Checked once per second at most: the canvas asks every frame.
  static std::time_t last = 0;
  static std::string today;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    last = now;
    today = today_iso();
  }
  return m.review_due < today;   // ISO dates sort as text
}

static ImU32 backing_colour(const Theme& t, Backing b) {
  switch (b) {
    case Backing::Unsupported: return t.negative;
    case Backing::Assumed: return t.dark ? IM_COL32(251, 191, 36, 255) : IM_COL32(180, 83, 9, 255);
    case Backing::Reported: return t.dark ? IM_COL32(96, 165, 250, 255) : IM_COL32(37, 99, 235, 255);
    default: return t.positive;
  }
}

void card_badges_draw(Editor& ed, const Doc& doc, ImDrawList* dl, const Card& c, LaneType lane, ImVec2 p, ImVec2 q, float k, bool rtl) {
  (void)doc;
  if (lane == LaneType::Emotions) return;
  const Theme& t = ed.theme;
  Backing b = card_backing(c);
  bool show = !c.evidence.empty() || lane == LaneType::PainPoints || ed.assumptions_only;
  float x = rtl ? p.x + 12 * k : q.x - 12 * k;   // the end side: where the badges start, going inwards
  float cy = q.y;                               // on the bottom edge, half outside like the star on the top one
  if (show && k * 14 > 5) {
    float bw = 26 * k, bh = 14 * k;
    float x0 = rtl ? x : x - bw;
    ImU32 col = backing_colour(t, b);
    dl->AddRectFilled(ImVec2(x0, cy - bh * 0.5f), ImVec2(x0 + bw, cy + bh * 0.5f), t.card_bg, bh * 0.5f);
    dl->AddRect(ImVec2(x0, cy - bh * 0.5f), ImVec2(x0 + bw, cy + bh * 0.5f), col, bh * 0.5f, 0, std::max(1.0f, 1.2f * k));
    int filled = (int)b;   // Unsupported 0 .. Observed 3
    float w = 3.2f * k, gap = 2.2f * k, base = cy + 3.8f * k;
    float bx = x0 + (bw - 3 * w - 2 * gap) * 0.5f;
    for (int i = 0; i < 3; i++) {
      float h = (3.0f + 2.2f * i) * k;
      ImVec2 a(bx + i * (w + gap), base - h), z(bx + i * (w + gap) + w, base);
      if (i < filled) dl->AddRectFilled(a, z, col, 0.8f * k);
      else dl->AddRect(a, z, col, 0.8f * k, 0, std::max(1.0f, 0.9f * k));
    }
    x += rtl ? bw + 5 * k : -(bw + 5 * k);
  }
  if (!c.journey.empty() && k * 14 > 5) {
    // Two maps stacked: an outline behind, a filled one in front with two lines of "text".
    float s = 14 * k, r = 2 * k;
    float x0 = rtl ? x : x - s - 3 * k;
    ImU32 col = t.accent;
    dl->AddRectFilled(ImVec2(x0 - 2 * k, cy - s * 0.5f - 2 * k), ImVec2(x0 + s + 5 * k, cy + s * 0.5f + 2 * k), t.card_bg, 4 * k);
    dl->AddRect(ImVec2(x0 + 3 * k, cy - s * 0.5f), ImVec2(x0 + s + 3 * k, cy + s * 0.5f - 3 * k), col, r, 0, std::max(1.0f, 1.2f * k));
    ImVec2 a(x0, cy - s * 0.5f + 3 * k), z(x0 + s, cy + s * 0.5f);
    dl->AddRectFilled(a, z, col, r);
    ImU32 ink = t.card_bg;
    dl->AddLine(ImVec2(a.x + 3 * k, a.y + 4 * k), ImVec2(z.x - 3 * k, a.y + 4 * k), ink, std::max(1.0f, 1.1f * k));
    dl->AddLine(ImVec2(a.x + 3 * k, a.y + 7.5f * k), ImVec2(z.x - 5 * k, a.y + 7.5f * k), ink, std::max(1.0f, 1.1f * k));
    ed.journey_marks.push_back({c.id, ImRect(ImVec2(x0 - 2 * k, cy - s * 0.5f - 2 * k), ImVec2(x0 + s + 5 * k, cy + s * 0.5f + 2 * k))});
  }
  // Show only assumptions: what rests on evidence steps back.
  if (ed.assumptions_only && (b == Backing::Reported || b == Backing::Observed))
    dl->AddRectFilled(ImVec2(p.x - 2 * k, p.y - 10 * k), ImVec2(q.x + 2 * k, q.y + 9 * k), (t.canvas_bg & 0x00ffffff) | (ImU32)(0xB0u << 24), 6 * k);
}

float governance_title_chip(Editor& ed, const Doc& doc, ImDrawList* dl, ImRect tr, bool rtl, bool draw) {
  const MapMeta& m = doc.map.meta;
  bool overdue = review_overdue(m);
  // A draft that nobody owns or reviews says nothing: the chip appears once there is governance.
  if (m.status == MapStatus::Draft && !overdue && m.owner.empty()) return 0;
  float u = ed.ui, fs = 12 * u;
  static const char* const keys[] = {"gov.status.draft", "gov.status.in_review", "gov.status.published", "gov.status.retired"};
  // On a phone the title needs the room: one label, the late review first.
  bool compact = tr.GetWidth() < 420 * u;
  const std::string& label = TX(compact && overdue ? "gov.chip_overdue" : keys[(int)m.status]);
  const std::string& late = TX("gov.chip_overdue");
  bool pill = overdue && !compact;
  float lw = measure_text(ed.font_ui, fs, label.data(), label.data() + label.size());
  float ow = pill ? measure_text(ed.font_ui, fs, late.data(), late.data() + late.size()) + 14 * u : 0;
  float w = lw + 26 * u + ow, h = 22 * u, gap = 10 * u;
  if (!draw) return w + gap;
  // After the title's text (its end side in the map's direction), never past the title's room.
  const std::string& title = m.title.empty() ? TX("map.untitled") : m.title;
  float tw = measure_text(ed.font_title, 22 * u, title.data(), title.data() + title.size());
  tw = std::min(tw, std::max(0.0f, tr.GetWidth() - w - gap));
  float x0 = rtl ? tr.Max.x - tw - gap - w : tr.Min.x + tw + gap;
  float y0 = tr.Min.y + (tr.GetHeight() - h) * 0.5f + 2 * u;
  const Theme& t = ed.theme;
  ImU32 col = compact && overdue ? t.negative
            : m.status == MapStatus::Published ? t.positive : m.status == MapStatus::InReview ? t.accent
            : m.status == MapStatus::Retired ? t.text_faint : t.text_muted;
  dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + w, y0 + h), t.canvas_bg, h * 0.5f);
  dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + w, y0 + h), col, h * 0.5f, 0, 1.2f * u);
  // Inside, the interface's reading order: a dot whose shape is the status's (filled once
  // published, hollow before), the status, then the late review as a red pill.
  bool in_rtl = ui_rtl();
  float dx = in_rtl ? x0 + w - 11 * u : x0 + 11 * u, cyy = y0 + h * 0.5f;
  if (m.status == MapStatus::Published && !(compact && overdue)) dl->AddCircleFilled(ImVec2(dx, cyy), 3.5f * u, col);
  else dl->AddCircle(ImVec2(dx, cyy), 3.5f * u, col, 0, 1.4f * u);
  float lx = in_rtl ? x0 + w - 20 * u - lw : x0 + 20 * u;
  draw_text(dl, ed.font_ui, fs, ImVec2(lx, y0 + (h - fs * kEm) * 0.5f), compact && overdue ? t.negative : t.text_muted, label.data(),
            label.data() + label.size());
  if (pill) {
    float text_w = ow - 14 * u;
    float ox = in_rtl ? x0 + 8 * u : x0 + 20 * u + lw + 8 * u;
    ImVec2 a(ox - 3 * u, y0 + 3 * u), z(ox + text_w + 5 * u, y0 + h - 3 * u);
    dl->AddRectFilled(a, z, t.negative, (z.y - a.y) * 0.5f);
    ImU32 ink = t.dark ? IM_COL32(17, 24, 39, 255) : IM_COL32(255, 255, 255, 255);
    draw_text(dl, ed.font_ui, fs, ImVec2(ox + 1 * u, y0 + (h - fs * kEm) * 0.5f), ink, late.data(), late.data() + late.size());
  }
  return w + gap;
}

} // namespace jm
