// layout.h: where each stage, lane, card and curve point goes, computed from the model and a
// text-measuring function. No window needed: the editor passes ImGui's measure, tests a fake.
//
// Coordinates are map units (CSS pixels at 100 % zoom) with (0,0) at the top-left corner of the
// first cell; stage headers sit above y=0 and lane titles beside the grid, drawn pinned by the
// editor. In a right-to-left map the first stage is on the right.
#pragma once
#include "core/model.h"
#include "core/text.h"
#include <functional>
#include <memory>
#include <vector>

namespace jm {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
  float right() const { return x + w; }
  float bottom() const { return y + h; }
};
struct Vec2 { float x = 0, y = 0; };

// Width of the UTF-8 text [b, e) in map units at the card font size.
using MeasureFn = std::function<float(const char* b, const char* e)>;

struct TextLine { uint32_t begin = 0, end = 0; };   // byte range into the logical text

// Greedy word wrap on the logical text: breaks at spaces (and after hyphens / slashes), never
// inside a word unless the word alone is wider than the line; explicit newlines are kept.
std::vector<TextLine> wrap_text(const std::string& text, float width, const MeasureFn& measure);

struct LayoutStyle {
  float stage_header_h = 58;      // above the grid
  float lane_header_w = 172;      // beside the grid
  float cell_pad = 10;
  float card_gap = 8;
  float card_pad_x = 10, card_pad_y = 8;
  float line_h = 20;              // card text line height (14 px text)
  float chip_h = 25;              // channel / tags row on a card
  float min_lane_h = 84;
  float collapsed_lane_h = 34;
  float emotion_lane_h = 180;
  float card_min_h = 40;
  float metric_row_h = 24;        // a row of metric chips on a card
  float metric_chip_min_w = 170;  // chips per row: as many as fit at this width (one on a usual card)
  float metric_chip_gap = 6;
};

// `index` is the card's position in Map::cards when the layout was made (valid for that revision).
// `text` holds the wrapped lines shaped and reordered for display (right-to-left text, Arabic
// joining): what the canvas draws; `lines` the same lines as byte ranges of the logical text.
struct CardBox {
  Id id = kNoId;
  int index = -1;
  int stage = -1, lane = -1;
  Rect r;
  std::vector<TextLine> lines;
  std::shared_ptr<const DisplayLines> text;
  bool chip_row = false;
  int metric_rows = 0;            // rows of metric chips, between the text and the chip row
};
// A stage of the state not shown has an empty box (w = 0, shown = false): indices into
// Layout::stages still match Map::stages, and nothing hits or draws it.
struct StageBox { Id id = kNoId; float x = 0, w = 0; bool shown = true; };
struct LaneBox { Id id = kNoId; float y = 0, h = 0; bool emotions = false; };
// `persona`: whose curve the point is on (kNoId: the shared curve). Points of one persona in one
// stage spread across it as steps; each persona's points spread on their own.
struct CurvePoint { Id card = kNoId; int index = -1; int stage = -1; float x = 0, y = 0; float score = 0; Id persona = kNoId; };

struct Layout {
  uint64_t revision = ~0ull;      // the map revision this was computed for
  float width = 0, height = 0;    // the grid, without headers
  std::vector<StageBox> stages;   // same order as Map::stages
  std::vector<LaneBox> lanes;     // same order as Map::lanes
  std::vector<CardBox> cards;     // cards of non-emotion lanes; by lane, then stage, then order
  std::vector<std::vector<CurvePoint>> curves;  // per lane index; empty unless an Emotions lane; all personas, by x

  Rect cell(int stage, int lane) const;
  int stage_at(float x) const;    // -1 outside
  int lane_at(float y) const;
  const CardBox* card_at(float x, float y) const;
  const CardBox* find(Id id) const;
};

// Which stages are laid out: all of them side by side (the exports), or only those of one
// journey state (the editor shows the current or the future state, one at a time).
struct LayoutFilter {
  bool one_state = false;
  JourneyState state = JourneyState::Current;
};

// `measure` measures text as drawn (shaped, visual order). With a cache, unchanged cards are not
// shaped again when the map changes elsewhere.
Layout layout_map(const Map& m, const LayoutStyle& st, const MeasureFn& measure, ShapeCache* cache = nullptr,
                  const LayoutFilter& filter = {});

// Metric chips on a card `card_w` wide: how many share a row (at least one). The canvas gives
// each chip an equal share of the row, so the height the layout reserves never depends on how
// a name is translated.
int metric_chips_per_row(const LayoutStyle& st, float card_w);

// y of a score inside an emotion lane box, and back.
float score_to_y(const LaneBox& lane, const LayoutStyle& st, float score);
float y_to_score(const LaneBox& lane, const LayoutStyle& st, float y);

// Catmull-Rom through the points, `steps` samples per segment (ends included once).
std::vector<Vec2> smooth_curve(const std::vector<Vec2>& pts, int steps);

} // namespace jm
