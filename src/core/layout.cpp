#include "core/layout.h"
#include <algorithm>
#include <unordered_map>

namespace jm {

static bool is_space(char c) { return c == ' ' || c == '\t'; }
static bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

std::vector<TextLine> wrap_text(const std::string& text, float width, const MeasureFn& measure) {
  std::vector<TextLine> lines;
  const char* s = text.data();
  const uint32_t n = (uint32_t)text.size();
  uint32_t para = 0;
  while (para <= n) {
    uint32_t para_end = para;
    while (para_end < n && s[para_end] != '\n') para_end++;
    uint32_t end_trim = para_end;
    if (end_trim > para && s[end_trim - 1] == '\r') end_trim--;
    // Greedy fill of one paragraph.
    uint32_t line = para;
    while (true) {
      if (measure(s + line, s + end_trim) <= width) { lines.push_back({line, end_trim}); break; }
      // Find the last break opportunity that still fits.
      uint32_t best = 0, i = line;
      while (i < end_trim) {
        uint32_t next = i + 1;
        while (next < end_trim && is_cont((unsigned char)s[next])) next++;
        bool brk = is_space(s[i]) || ((s[i] == '-' || s[i] == '/') && next < end_trim && !is_space(s[next]));
        if (brk) {
          uint32_t cut = is_space(s[i]) ? i : next;   // a hyphen stays on its line
          if (cut > line && measure(s + line, s + cut) <= width) best = cut;
          else if (cut > line) break;
        }
        i = next;
      }
      uint32_t cut = best;
      if (cut == 0) {
        // One word wider than the line: break it between code points.
        cut = line;
        uint32_t j = line;
        while (j < end_trim) {
          uint32_t next = j + 1;
          while (next < end_trim && is_cont((unsigned char)s[next])) next++;
          if (measure(s + line, s + next) > width && j > line) break;
          cut = j = next;
        }
        if (cut == line) cut = end_trim;
      }
      lines.push_back({line, cut});
      line = cut;
      while (line < end_trim && is_space(s[line])) line++;
      if (line >= end_trim) break;
    }
    if (para_end >= n) break;
    para = para_end + 1;
  }
  return lines;
}

Rect Layout::cell(int stage, int lane) const {
  if (stage < 0 || lane < 0 || stage >= (int)stages.size() || lane >= (int)lanes.size()) return {};
  return {stages[stage].x, lanes[lane].y, stages[stage].w, lanes[lane].h};
}

int Layout::stage_at(float x) const {
  for (size_t i = 0; i < stages.size(); i++)
    if (x >= stages[i].x && x < stages[i].x + stages[i].w) return (int)i;
  return -1;
}

int Layout::lane_at(float y) const {
  for (size_t i = 0; i < lanes.size(); i++)
    if (y >= lanes[i].y && y < lanes[i].y + lanes[i].h) return (int)i;
  return -1;
}

const CardBox* Layout::card_at(float x, float y) const {
  for (const CardBox& c : cards)
    if (c.r.contains(x, y)) return &c;
  return nullptr;
}

const CardBox* Layout::find(Id id) const {
  for (const CardBox& c : cards)
    if (c.id == id) return &c;
  return nullptr;
}

float score_to_y(const LaneBox& lane, const LayoutStyle& st, float score) {
  float half = lane.h * 0.5f - st.cell_pad - 12;
  return lane.y + lane.h * 0.5f - clamp_score(score) / kMaxScore * half;
}

float y_to_score(const LaneBox& lane, const LayoutStyle& st, float y) {
  float half = lane.h * 0.5f - st.cell_pad - 12;
  if (half <= 0) return 0;
  return clamp_score((lane.y + lane.h * 0.5f - y) / half * kMaxScore);
}

int metric_chips_per_row(const LayoutStyle& st, float card_w) {
  float inner = card_w - 2 * st.card_pad_x;
  return std::max(1, (int)((inner + st.metric_chip_gap) / (st.metric_chip_min_w + st.metric_chip_gap)));
}

Layout layout_map(const Map& m, const LayoutStyle& st, const MeasureFn& measure, ShapeCache* cache, const LayoutFilter& filter) {
  const BaseDir dir = base_dir_for(m.meta.direction);
  Layout L;
  L.revision = m.revision;
  const int ns = (int)m.stages.size(), nl = (int)m.lanes.size();
  IdMap<int> stage_ix, lane_ix;
  for (int i = 0; i < ns; i++) stage_ix[m.stages[i].id] = i;
  for (int i = 0; i < nl; i++) lane_ix[m.lanes[i].id] = i;

  // Stages left to right, then mirrored for a right-to-left map. A stage of the state not shown
  // takes no room.
  float x = 0;
  for (const Stage& s : m.stages) {
    bool shown = !filter.one_state || s.state == filter.state;
    L.stages.push_back({s.id, x, shown ? s.width : 0.0f, shown});
    x += shown ? s.width : 0.0f;
  }
  L.width = x;
  if (m.meta.direction == Direction::RightToLeft)
    for (StageBox& b : L.stages) b.x = L.width - b.x - b.w;

  // Bucket the cards per cell, sorted by order.
  std::vector<std::vector<const Card*>> cells((size_t)ns * nl);
  for (const Card& c : m.cards) {
    auto si = stage_ix.find(c.stage), li = lane_ix.find(c.lane);
    if (si == stage_ix.end() || li == lane_ix.end() || !L.stages[si->second].shown) continue;
    cells[(size_t)li->second * ns + si->second].push_back(&c);
  }
  for (auto& cell : cells)
    std::stable_sort(cell.begin(), cell.end(), [](const Card* a, const Card* b) { return a->order < b->order; });

  L.curves.resize(nl);
  float y = 0;
  for (int li = 0; li < nl; li++) {
    const Lane& lane = m.lanes[li];
    LaneBox lb{lane.id, y, 0, lane.type == LaneType::Emotions};
    if (lane.collapsed) {
      lb.h = st.collapsed_lane_h;
    } else if (lb.emotions) {
      lb.h = st.emotion_lane_h;
    } else {
      // Cards stack in their cell; the lane is as tall as its tallest cell.
      float tallest = 0;
      for (int si = 0; si < ns; si++) {
        float cy = y + st.cell_pad;
        float inner_w = std::max(20.0f, L.stages[si].w - 2 * st.cell_pad);
        for (const Card* c : cells[(size_t)li * ns + si]) {
          CardBox cb;
          cb.id = c->id;
          cb.index = (int)(c - m.cards.data());
          cb.stage = si;
          cb.lane = li;
          const float tw = inner_w - 2 * st.card_pad_x;
          cb.text = cache ? cache->wrap(c->text, tw, dir, measure)
                          : std::make_shared<const DisplayLines>(wrap_display(c->text, tw, measure, dir));
          cb.lines.reserve(cb.text->size());
          for (const DisplayLine& l : *cb.text) cb.lines.push_back({l.begin, l.end});
          cb.chip_row = !c->channel.empty() || !c->tags.empty();
          if (!c->metrics.empty()) {
            int per_row = metric_chips_per_row(st, inner_w);
            cb.metric_rows = ((int)c->metrics.size() + per_row - 1) / per_row;
          }
          float h = 2 * st.card_pad_y + (float)cb.lines.size() * st.line_h + (float)cb.metric_rows * st.metric_row_h +
                    (cb.chip_row ? st.chip_h : 0);
          cb.r = {L.stages[si].x + st.cell_pad, cy, inner_w, std::max(st.card_min_h, h)};
          cy += cb.r.h + st.card_gap;
          L.cards.push_back(std::move(cb));
        }
        tallest = std::max(tallest, cy - st.card_gap + st.cell_pad - y);
      }
      lb.h = std::max(st.min_lane_h, tallest);
    }
    L.lanes.push_back(lb);
    if (lb.emotions && !lane.collapsed) {
      // One point per card; a persona's several points in a stage spread evenly across it
      // (steps), in reading order. Each persona's curve spreads on its own, so two personas with
      // one point each in a stage both sit in its middle.
      std::vector<CurvePoint>& curve = L.curves[li];
      std::vector<Id> owners;
      for (int si = 0; si < ns; si++) {
        const auto& pts = cells[(size_t)li * ns + si];
        const StageBox& sb = L.stages[si];
        owners.clear();
        for (const Card* c : pts)
          if (std::find(owners.begin(), owners.end(), c->persona) == owners.end()) owners.push_back(c->persona);
        for (Id owner : owners) {
          size_t n = 0, k = 0;
          for (const Card* c : pts) n += c->persona == owner;
          for (const Card* c : pts) {
            if (c->persona != owner) continue;
            float t = ((float)k++ + 0.5f) / (float)n;
            if (m.meta.direction == Direction::RightToLeft) t = 1 - t;
            curve.push_back({c->id, (int)(c - m.cards.data()), si, sb.x + t * sb.w, score_to_y(lb, st, c->score), c->score, c->persona});
          }
        }
      }
      std::stable_sort(curve.begin(), curve.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
    }
    y += lb.h;
  }
  L.height = y;
  return L;
}

std::vector<Vec2> smooth_curve(const std::vector<Vec2>& p, int steps) {
  std::vector<Vec2> out;
  if (p.size() < 3 || steps < 2) return p;
  out.reserve((p.size() - 1) * steps + 1);
  for (size_t i = 0; i + 1 < p.size(); i++) {
    const Vec2& p0 = p[i ? i - 1 : 0];
    const Vec2& p1 = p[i];
    const Vec2& p2 = p[i + 1];
    const Vec2& p3 = p[i + 2 < p.size() ? i + 2 : i + 1];
    for (int s = 0; s < steps; s++) {
      float t = (float)s / (float)steps, t2 = t * t, t3 = t2 * t;
      auto cr = [&](float a, float b, float c, float d) {
        return 0.5f * ((2 * b) + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      };
      out.push_back({cr(p0.x, p1.x, p2.x, p3.x), cr(p0.y, p1.y, p2.y, p3.y)});
    }
  }
  out.push_back(p.back());
  return out;
}

} // namespace jm
