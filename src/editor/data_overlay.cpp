// data_overlay.cpp: what the canvas draws of the map's data layer (Map::data.aggregates):
// - a band under each stage header: a heat strip coloured by the stage's NPS (or the first metric
//   present), with the value as text too (colour is never the only carrier), and, when the data
//   layer holds a funnel over stages, the funnel in line with the stage columns (a bar per stage,
//   its count, the conversion from the stage before and the drop-off);
// - a score chip on each card that has scores ("NPS +32 n=48"; "n=3" below the minimum n);
// - measured values for the metric chips that have none (data_measured);
// - a personal journey: numbered markers on the cards in the person's time order, their
//   answers' scores, and a legend (id, experience score, trend) with a close button; Esc leaves.
// Everything follows the map's direction: right to left the bars grow from the right.
//
// Measured values are shown, not written into the model: a card's Metric keeps what the team
// typed (a value they trust, or none), and the measured one is drawn in its place only while the
// metric has no value. Writing them in set_data_aggregates would make every recompute touch many
// cards in one undo step, mix typed and measured numbers in the file with nothing to tell them
// apart, and leave stale values behind when the data is cleared. The aggregates are in the map
// anyway, so a shared map shows the same numbers.
#include "editor/editor.h"
#include "core/data_layer.h"
#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace jm {

std::string data_score_value(const ScoreSummary& s);          // data_panel.cpp
std::string data_person_summary(const PersonJourney& p);     // data_panel.cpp: id, experience score, trend (logical)

// ---- Lookups, rebuilt when the map changes ----------------------------------------------------------

namespace {
struct ScoreIndex {
  uint64_t revision = ~0ull;
  const Map* map = nullptr;
  IdMap<const TargetScores*> card, stage;   // everyone, all time
  IdMap<int> funnel_step;                     // stage -> funnel step (funnel over stages)
};
ScoreIndex g_index;
} // namespace

static const ScoreIndex& index_of(const Doc& doc) {
  ScoreIndex& x = g_index;
  if (x.revision == doc.map.revision && x.map == &doc.map) return x;
  x = ScoreIndex();
  x.revision = doc.map.revision;
  x.map = &doc.map;
  const DataAggregates& a = doc.map.data.aggregates;
  for (const TargetScores& t : a.scores) {
    if (t.persona != 0 || !t.period.empty()) continue;
    if (t.card) x.card[t.card] = &t;
    else if (t.stage) x.stage[t.stage] = &t;
  }
  if (doc.map.data.settings.funnel_over != "cards")
    for (size_t i = 0; i < a.funnel_targets.size() && i < a.funnel.steps.size(); i++) x.funnel_step[a.funnel_targets[i]] = (int)i;
  return x;
}

// The summary to show for a target: the chosen metric when it has one, else the first.
static const ScoreSummary* pick(const TargetScores* t, const std::string& metric) {
  if (!t || t->scores.empty()) return nullptr;
  for (const ScoreSummary& s : t->scores) if (s.metric == metric) return &s;
  for (const char* m : {"nps", "csat", "ces"})
    for (const ScoreSummary& s : t->scores) if (s.metric == m) return &s;
  return &t->scores[0];
}

static bool on(const Editor& ed, const Doc& doc) { return ed.data.overlay && !doc.map.data.aggregates.empty(); }

// 0 (worst) .. 1 (best) on the metric's own scale.
static float goodness(const ScoreSummary& s) {
  double t;
  if (s.metric == "nps") t = (s.value + 100) / 200;
  else if (s.metric == "csat") t = s.value / 100;
  else if (s.scale_max > s.scale_min) t = (s.value - s.scale_min) / (double)(s.scale_max - s.scale_min);
  else t = 0.5;
  return (float)std::clamp(t, 0.0, 1.0);
}

// Red through amber to green; lighter on the light theme so dark text stays readable on it.
static ImU32 heat(const Theme& th, float t, float alpha = 1) {
  static const float stops[3][3] = {{239, 68, 68}, {245, 158, 11}, {16, 185, 129}};
  int i = t < 0.5f ? 0 : 1;
  float f = t < 0.5f ? t * 2 : (t - 0.5f) * 2;
  float c[3];
  for (int k = 0; k < 3; k++) c[k] = stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f;
  float mix = th.dark ? 0.55f : 0.35f;   // toward the background
  float bg = th.dark ? 30 : 255;
  for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - mix) + bg * mix;
  return IM_COL32((int)c[0], (int)c[1], (int)c[2], (int)(alpha * 255));
}

static std::string metric_short(const std::string& metric) {
  if (metric == "nps") return metric_kind_name(MetricKind::Nps);
  if (metric == "csat") return metric_kind_name(MetricKind::Csat);
  if (metric == "ces") return metric_kind_name(MetricKind::Ces);
  return metric;
}

// "NPS +32 · n=48", or "NPS · n=3" below the minimum n.
static std::string chip_text(const ScoreSummary& s) {
  std::string n = "n=" + std::to_string(s.n);
  if (!s.shown) return metric_short(s.metric) + " · " + n;
  return metric_short(s.metric) + " " + data_score_value(s) + " · " + n;
}

const ScoreSummary* data_measured(const Editor& ed, const Doc& doc, Id card, Id stage, MetricKind kind) {
  if (doc.map.data.aggregates.empty()) return nullptr;
  const char* metric = kind == MetricKind::Nps ? "nps" : kind == MetricKind::Csat ? "csat" : kind == MetricKind::Ces ? "ces" : nullptr;
  if (!metric) return nullptr;
  const ScoreIndex& x = index_of(doc);
  const TargetScores* t = nullptr;
  if (card) { auto it = x.card.find(card); if (it != x.card.end()) t = it->second; }
  else if (stage) { auto it = x.stage.find(stage); if (it != x.stage.end()) t = it->second; }
  if (!t) return nullptr;
  for (const ScoreSummary& s : t->scores) if (s.metric == metric && s.shown) return &s;
  (void)ed;
  return nullptr;
}

// ---- The band under the stage headers -----------------------------------------------------------------

static constexpr float kHeatH = 22, kFunnelH = 30, kBandPad = 4;

float data_band_height(const Editor& ed, const Doc& doc) {
  if (!on(ed, doc)) return 0;
  const ScoreIndex& x = index_of(doc);
  float h = 0;
  if (!x.stage.empty()) h += kHeatH;
  if (!x.funnel_step.empty()) h += kFunnelH;
  return h > 0 ? h + kBandPad : 0;
}

void data_draw_stage_band(Editor& ed, const Doc& doc, ImDrawList* dl, int stage, ImRect r, float k) {
  if (ed.data.band <= 0 || stage < 0 || stage >= (int)doc.map.stages.size()) return;
  const Theme& t = ed.theme;
  const Stage& s = doc.map.stages[(size_t)stage];
  const ScoreIndex& x = index_of(doc);
  bool rtl = doc.map.meta.direction == Direction::RightToLeft;
  float y = r.Max.y - 8 * k - (ed.data.band - kBandPad) * k;
  float x0 = r.Min.x + 10 * k, x1 = r.Max.x - 10 * k, fs = 11.5f * k;
  if (fs < 4) return;
  if (!x.stage.empty()) {
    auto it = x.stage.find(s.id);
    const ScoreSummary* sc = it != x.stage.end() ? pick(it->second, ed.data.metric) : nullptr;
    ImVec2 a(x0, y + 2 * k), b(x1, y + (kHeatH - 3) * k);
    if (sc && sc->shown) {
      dl->AddRectFilled(a, b, heat(t, goodness(*sc)), 4 * k);
      std::string label = chip_text(*sc);
      draw_text_fit(dl, ed.font_card_bold, fs, ImVec2(a.x + 6 * k, a.y + (b.y - a.y - fs * kEm) * 0.5f), b.x - a.x - 12 * k,
                    t.dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(17, 24, 39, 255), label, rtl ? 1.0f : 0.0f);
    } else {
      // No score, or too few answers: a hatched grey strip with the count.
      dl->AddRectFilled(a, b, t.dark ? IM_COL32(255, 255, 255, 16) : IM_COL32(15, 23, 42, 10), 4 * k);
      dl->PushClipRect(a, b, true);
      for (float hx = a.x - (b.y - a.y); hx < b.x; hx += 7 * k)
        dl->AddLine(ImVec2(hx, b.y), ImVec2(hx + (b.y - a.y), a.y), t.dark ? IM_COL32(255, 255, 255, 18) : IM_COL32(15, 23, 42, 16), 1 * k);
      dl->PopClipRect();
      std::string label = sc ? chip_text(*sc) : "\xE2\x80\x93";
      draw_text_fit(dl, ed.font_card, fs, ImVec2(a.x + 6 * k, a.y + (b.y - a.y - fs * kEm) * 0.5f), b.x - a.x - 12 * k, t.text_muted, label,
                    rtl ? 1.0f : 0.0f);
    }
    y += kHeatH * k;
  }
  if (!x.funnel_step.empty()) {
    auto it = x.funnel_step.find(s.id);
    const FunnelResult& f = doc.map.data.aggregates.funnel;
    ImVec2 a(x0, y + 3 * k), b(x1, y + (kFunnelH - 3) * k);
    dl->AddRectFilled(a, b, t.dark ? IM_COL32(255, 255, 255, 10) : IM_COL32(15, 23, 42, 7), 4 * k);
    if (it != x.funnel_step.end()) {
      const FunnelStepResult& st = f.steps[(size_t)it->second];
      int64_t top = f.steps.empty() ? 0 : std::max<int64_t>(1, f.steps[0].count);
      float frac = (float)std::clamp((double)st.count / (double)top, 0.0, 1.0);
      float bw = (b.x - a.x) * frac;
      // The bar grows from the stage's reading start: the right edge in a right-to-left map.
      ImVec2 ba(rtl ? b.x - bw : a.x, a.y), bb(rtl ? b.x : a.x + bw, b.y);
      dl->AddRectFilled(ba, bb, (t.accent & 0x00ffffff) | (ImU32)(0x55u << 24), 4 * k);
      // "1,204 · 62%" then, from the second step on, the drop-off "−458" in red.
      std::string main = std::to_string(st.count);
      if (it->second > 0) main += " \xC2\xB7 " + std::to_string((int)std::lround(st.step_conversion * 100)) + "%";
      std::string drop = it->second > 0 && st.dropoff > 0 ? "\xE2\x88\x92" + std::to_string(st.dropoff) : "";
      float mw = measure_text(ed.font_card_bold, fs, main.data(), main.data() + main.size());
      float dw = drop.empty() ? 0 : measure_text(ed.font_card, fs, drop.data(), drop.data() + drop.size());
      float ty = a.y + (b.y - a.y - fs * kEm) * 0.5f;
      float mx = rtl ? b.x - 6 * k - mw : a.x + 6 * k;
      draw_text(dl, ed.font_card_bold, fs, ImVec2(mx, ty), t.text, main.data(), main.data() + main.size());
      if (!drop.empty() && mw + dw + 24 * k < b.x - a.x) {
        float dx = rtl ? a.x + 6 * k : b.x - 6 * k - dw;   // at the stage's far end
        draw_text(dl, ed.font_card, fs, ImVec2(dx, ty), t.negative, drop.data(), drop.data() + drop.size());
      }
    } else {
      const std::string& none = TX("data.not_in_funnel");
      draw_text_fit(dl, ed.font_card, fs, ImVec2(a.x + 6 * k, a.y + (b.y - a.y - fs * kEm) * 0.5f), b.x - a.x - 12 * k, t.text_faint, none,
                    rtl ? 1.0f : 0.0f);
    }
  }
}

// ---- Card chips ------------------------------------------------------------------------------------------

void data_draw_card(Editor& ed, const Doc& doc, ImDrawList* dl, const Card& c, ImVec2 p, ImVec2 q, float k) {
  if (!on(ed, doc)) return;
  const ScoreIndex& x = index_of(doc);
  auto it = x.card.find(c.id);
  if (it == x.card.end()) return;
  const ScoreSummary* sc = pick(it->second, ed.data.metric);
  if (!sc) return;
  const Theme& t = ed.theme;
  bool rtl = doc.map.meta.direction == Direction::RightToLeft;
  float fs = 10.5f * k;
  if (fs < 4) return;
  std::string label = sc->shown ? chip_text(*sc) : "n=" + std::to_string(sc->n);
  float tw = measure_text(ed.font_card_bold, fs, label.data(), label.data() + label.size());
  float h = fs * 1.6f, w = tw + fs * 1.2f;
  // On the top edge at the card's far end, clear of the moment-of-truth star.
  float end_gap = (c.moment_of_truth ? 28 : 8) * k;
  float x0 = rtl ? p.x + end_gap : q.x - end_gap - w;
  if (w > q.x - p.x - end_gap - 8 * k) return;
  ImU32 bg = sc->shown ? heat(t, goodness(*sc)) : (t.dark ? IM_COL32(55, 65, 81, 255) : IM_COL32(229, 231, 235, 255));
  ImU32 fg = sc->shown ? (t.dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(17, 24, 39, 255)) : t.text_muted;
  dl->AddRectFilled(ImVec2(x0, p.y - h * 0.5f), ImVec2(x0 + w, p.y + h * 0.5f), bg, h * 0.5f);
  dl->AddRect(ImVec2(x0, p.y - h * 0.5f), ImVec2(x0 + w, p.y + h * 0.5f), t.card_bg, h * 0.5f, 0, 1.0f);
  draw_text(dl, ed.font_card_bold, fs, ImVec2(x0 + fs * 0.6f, p.y - fs * kEm * 0.5f), fg, label.data(), label.data() + label.size());
}

// ---- A personal journey over the cards ---------------------------------------------------------------

bool data_escape(Editor& ed) {
  if (!ed.data.person_shown) return false;
  ed.data.person_shown = false;
  return true;
}

void data_draw_person(Editor& ed, const Doc& doc, ImDrawList* dl, ImRect grid, float k) {
  DataView& dv = ed.data;
  if (!dv.person_shown || dv.person.person.empty()) return;
  const Theme& t = ed.theme;
  float u = ed.ui;
  bool rtl = doc.map.meta.direction == Direction::RightToLeft;
  const PersonJourney& pj = dv.person;
  // Markers: on the card's top edge from its reading start, one after another when a card has
  // several; consecutive ones joined by a thin line so the order reads as a path.
  IdMap<int> on_card;
  ImVec2 prev;
  bool have_prev = false;
  float rad = std::max(9.0f * u, 10.0f * k);
  int number = 0, mapped = 0;
  struct Mark { ImVec2 c; int n; const PersonEntry* e; };
  std::vector<Mark> marks;
  for (const PersonEntry& e : pj.entries) {
    number++;
    if (!e.card) continue;
    const CardBox* cb = ed.layout.find(e.card);
    if (!cb) continue;
    mapped++;
    int slot = on_card[e.card]++;
    ImVec2 a = map_to_screen(ed, cb->r.x, cb->r.y), b = map_to_screen(ed, cb->r.right(), cb->r.y);
    float step = rad * 2.2f;
    ImVec2 c(rtl ? b.x - 14 * k - slot * step : a.x + 14 * k + slot * step, a.y + 2 * k);
    if (have_prev) dl->AddLine(prev, c, (t.accent & 0x00ffffff) | (ImU32)(0x99u << 24), 2 * u);
    prev = c;
    have_prev = true;
    marks.push_back({c, number, &e});
  }
  for (const Mark& m : marks) {
    ImU32 fill = t.accent;
    if (m.e->response) fill = heat(t, (float)m.e->normalized) | 0xff000000u;
    dl->AddCircleFilled(m.c, rad, fill);
    dl->AddCircle(m.c, rad, t.card_bg, 0, 2 * u);
    std::string n = std::to_string(m.n);
    float fs = rad * 1.05f;
    float w = measure_text(ed.font_bold, fs, n.data(), n.data() + n.size());
    ImU32 ink = m.e->response ? IM_COL32(17, 24, 39, 255) : IM_COL32(255, 255, 255, 255);
    draw_text(dl, ed.font_bold, fs, ImVec2(m.c.x - w * 0.5f, m.c.y - fs * kEm * 0.5f), ink, n.data(), n.data() + n.size());
    if (m.e->response) {
      // The answer beside its marker: "NPS 9".
      std::string s = metric_short(m.e->label) + " " + std::to_string(m.e->score);
      float sfs = std::max(10.0f * u, 10.5f * k);
      float sw = measure_text(ed.font_ui, sfs, s.data(), s.data() + s.size());
      float sx = rtl ? m.c.x - rad - 4 * u - sw - 8 * u : m.c.x + rad + 4 * u;
      ImVec2 ta(sx, m.c.y - sfs * 0.8f), tb(sx + sw + 8 * u, m.c.y + sfs * 0.8f);
      dl->AddRectFilled(ta, tb, t.card_bg, 4 * u);
      dl->AddRect(ta, tb, fill, 4 * u, 0, 1.5f * u);
      draw_text(dl, ed.font_ui, sfs, ImVec2(sx + 4 * u, m.c.y - sfs * kEm * 0.5f), t.text, s.data(), s.data() + s.size());
    }
  }
  // The legend: at the grid's bottom corner on the interface's reading start, in its own window so
  // its close button takes clicks before the canvas does.
  bool ui_r = ui_rtl();
  std::string line1 = data_person_summary(pj);
  std::string line2 = TFX("data.person_marks", {{"n", std::to_string(pj.entries.size())}, {"mapped", std::to_string(mapped)}});
  float fs = 13 * u;
  float w1 = measure_text(ed.font_bold, fs, line1.data(), line1.data() + line1.size());
  float w2 = measure_text(ed.font_ui, fs, line2.data(), line2.data() + line2.size());
  float bw = 28 * u;
  float w = std::min(grid.GetWidth() - 24 * u, std::max(w1, w2) + bw + 40 * u), h = fs * kEm * 2 + 28 * u;
  ImVec2 pos(ui_r ? grid.Max.x - w - 12 * u : grid.Min.x + 12 * u, grid.Max.y - h - 12 * u);
  panel_begin(ed, "##person_legend", pos, ImVec2(w, h), ImVec2(12 * u, 8 * u));
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImDrawList* ldl = ImGui::GetWindowDrawList();
  ldl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), t.accent, 8 * u, 0, 1.5f * u);
  float tx = ui_r ? pos.x + bw + 12 * u : pos.x + 12 * u, tw = w - bw - 24 * u;
  draw_text_fit(ldl, ed.font_bold, fs, ImVec2(tx, pos.y + 10 * u), tw, t.text, line1, ui_r ? 1.0f : 0.0f);
  draw_text_fit(ldl, ed.font_ui, fs, ImVec2(tx, pos.y + 14 * u + fs * kEm), tw, t.text_muted, line2, ui_r ? 1.0f : 0.0f);
  ImGui::SetCursorScreenPos(ImVec2(ui_r ? pos.x + 6 * u : pos.x + w - bw - 6 * u, pos.y + (h - bw) * 0.5f));
  bool close = ImGui::InvisibleButton("##person_close", ImVec2(bw, bw));
  ui_record("data.person_close");
  bool hov = ImGui::IsItemHovered();
  ImVec2 cc = ImGui::GetItemRectMin();
  cc.x += bw * 0.5f;
  cc.y += bw * 0.5f;
  float cr = bw * 0.2f;
  if (hov) ldl->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), t.accent_soft, 5 * u);
  ldl->AddLine(ImVec2(cc.x - cr, cc.y - cr), ImVec2(cc.x + cr, cc.y + cr), hov ? t.text : t.text_muted, 1.5f * u);
  ldl->AddLine(ImVec2(cc.x + cr, cc.y - cr), ImVec2(cc.x - cr, cc.y + cr), hov ? t.text : t.text_muted, 1.5f * u);
  if (hov) ImGui::SetTooltip("%s", T("data.leave_person"));
  panel_end();
  if (close || (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None)) dv.person_shown = false;
}

} // namespace jm
