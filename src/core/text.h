// text.h: right-to-left text for display. Card texts are stored in logical order (the order they
// are typed and read); a left-to-right glyph drawer such as Dear ImGui needs them in visual order,
// with Arabic letters already joined into their presentation forms and brackets mirrored. This
// layer runs FriBidi (Unicode bidi algorithm + Arabic joining/shaping) over logical UTF-8 and
// hands back visual-order UTF-8, the index maps an editor needs for its cursor, and word-wrapped
// lines. Plain C++: no window, no ImGui, so the same code is tested natively and as wasm.
//
// Shaping is done with FriBidi's tables (Arabic Presentation Forms-B, U+FE70..U+FEFC), not with
// OpenType: it needs a font that carries those code points (Noto Sans Arabic does).
#pragma once
#include "core/model.h"
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jm {

// Width of the UTF-8 range [b, e) as it will be drawn. The same type as jm::MeasureFn in
// layout.h (repeating an alias for the same type is allowed), declared here too so that this
// header does not depend on layout.h, which may come to depend on this one.
using MeasureFn = std::function<float(const char* b, const char* e)>;

// How a paragraph's base direction is chosen. The two Auto values follow rules P2/P3 of the
// bidi algorithm (the first strong letter, skipping isolates, decides) and differ only in the
// fallback for paragraphs with no strong letter at all ("45%", "  ", ""): a card holding just a
// number should sit on the same side as its neighbours, i.e. follow the map's direction.
enum class BaseDir : uint8_t {
  Auto,      // first strong letter; none -> left-to-right
  AutoRtl,   // first strong letter; none -> right-to-left
  Ltr,       // forced left-to-right (an override: the letters do not matter)
  Rtl,       // forced right-to-left
};

// The Auto flavour that falls back to the map's own direction.
inline BaseDir base_dir_for(Direction map_dir) {
  return map_dir == Direction::RightToLeft ? BaseDir::AutoRtl : BaseDir::Auto;
}

// The resolved direction of the first paragraph of `text` (up to the first '\n'), as
// wrap_display resolves it for that paragraph: true for right-to-left.
bool paragraph_is_rtl(std::string_view text, BaseDir dir);

// One line shaped and reordered for display, with the maps an editor needs to put a cursor on
// it. Indices are code point indices: "logical" into the input, "visual" into `visual`. The
// visual text can be shorter than the logical one: a lam-alef pair becomes one ligature, and
// invisible controls (bidi marks and embeddings, ZWJ/ZWNJ, soft hyphen, BOM) are dropped because
// a plain glyph drawer would show them as boxes.
struct BidiLine {
  std::string visual;               // UTF-8, left to right as drawn
  bool rtl = false;                 // resolved paragraph direction: right-align when true
  std::vector<int> log_to_vis;      // per logical code point: its visual code point. A dropped
                                    // control maps to the nearest visible neighbour (-1 when
                                    // nothing is visible); both halves of a lam-alef map to the
                                    // ligature.
  std::vector<int> vis_to_log;      // per visual code point: its logical code point (for a
                                    // ligature, the first of the pair)
  std::vector<uint8_t> levels;      // per logical code point: resolved bidi level (odd = RTL)
  std::vector<uint8_t> stops;       // per logical caret position 0..n: 1 where a caret may stand,
                                    // 0 inside a glyph (before a combining mark, inside a lam-alef)
  std::vector<uint32_t> log_bytes;  // byte offset of each logical code point in the input text,
                                    // plus one past the end (size = logical count + 1)
  std::vector<uint32_t> vis_bytes;  // byte offset of each visual code point in `visual`, plus end
};

// Shapes `line` as one paragraph of its own. A '\n' inside is not a line break here (use
// wrap_display for multi-line text): like any paragraph separator inside a paragraph it is
// treated as a segment separator (as a tab is) and stays in the output.
BidiLine shape_line(std::string_view line, BaseDir dir);

// The line [begin, end) (bytes) of `text`, shaped and reordered in the context of the
// '\n'-separated paragraph that holds it, with direction `rtl` forced: gives the same visual
// string as the DisplayLine wrap_display made for that range (pass its `rtl`), plus the maps.
BidiLine shape_line_in(std::string_view text, uint32_t begin, uint32_t end, bool rtl);

// Cursor helpers on a BidiLine. A logical caret position is a code point boundary 0..n (before
// logical code point i); a visual caret position is a glyph boundary 0..m counted from the left.
// Where the direction changes one logical position has two places on screen; these pick the
// one beside the character the caret is before (the usual "logical" caret). caret_to_logical
// always answers a position with stops[pos] == 1.
int caret_to_visual(const BidiLine& l, int logical_pos);
int caret_to_logical(const BidiLine& l, int visual_pos);

// One display line of a wrapped text.
struct DisplayLine {
  uint32_t begin = 0, end = 0;  // byte range into the logical text (like jm::TextLine); spaces
                                // where a line was broken and the '\n's belong to no line
  std::string visual;           // shaped + reordered UTF-8, ready for a left-to-right drawer
  float width = 0;              // measure(visual): for right alignment without measuring again
  bool rtl = false;             // paragraph direction, the same for all lines of a paragraph
  bool operator==(const DisplayLine& o) const {
    return begin == o.begin && end == o.end && visual == o.visual && width == o.width && rtl == o.rtl;
  }
};
using DisplayLines = std::vector<DisplayLine>;

// Greedy word wrap of logical UTF-8 into lines no wider than `width`, where widths are those of
// the shaped visual form (shaping changes widths: a lam-alef is one glyph). Breaks at spaces and
// tabs, after U+200B, and after a hyphen or slash between two letters; never inside a word or a
// number unless that word alone is wider than the line (then between glyphs, never before a
// combining mark nor inside a ligature). Explicit '\n's are kept (a "\r\n" counts as one), and
// each '\n'-separated paragraph gets its own direction from `dir`, shared by all its lines
// (other separators such as U+2029 are not line breaks, as in layout.h's wrap_text).
// Always returns at least one line (an empty text gives one empty line).
DisplayLines wrap_display(std::string_view text, float width, const MeasureFn& measure, BaseDir dir);

// Wrapping results keyed by (text, width, direction), least recently used dropped first, so a
// frame that draws thousands of cards shapes only the ones that changed. The measure function is
// not part of the key: clear() when the font or the text size changes. Not thread-safe.
//
// Drawing a card with Dear ImGui, for example:
//   MeasureFn measure = [&](const char* b, const char* e) {
//     return font->CalcTextSizeA(size, FLT_MAX, 0, b, e).x; };
//   auto lines = cache.wrap(card.text, inner_w, base_dir_for(map.meta.direction), measure);
//   for (const DisplayLine& l : *lines) {
//     float x = l.rtl ? box_right - l.width : box_left;  // RTL paragraphs are right-aligned
//     dl->AddText(font, size, ImVec2(x, y), col, l.visual.data(), l.visual.data() + l.visual.size());
//     y += line_h;
//   }
class ShapeCache {
 public:
  explicit ShapeCache(size_t capacity = 8192);

  // The wrapped lines of `text`; computed with wrap_display on a miss. The pointer stays valid
  // after the entry is evicted or the cache cleared.
  std::shared_ptr<const DisplayLines> wrap(std::string_view text, float width, BaseDir dir,
                                           const MeasureFn& measure);
  // A single line of a title or label: wrap() with an unbounded width.
  std::shared_ptr<const DisplayLines> line(std::string_view text, BaseDir dir, const MeasureFn& measure);

  void clear();
  void set_capacity(size_t capacity);  // evicts down to it at once
  size_t size() const { return lru_.size(); }
  size_t capacity() const { return capacity_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    uint64_t hash;
    std::string text;
    uint32_t width_bits;  // the float's bits: equal widths, equal keys (no tolerance needed
                          // because layout passes the same computed width every frame)
    BaseDir dir;
    std::shared_ptr<const DisplayLines> lines;
  };
  using Lru = std::list<Entry>;
  void evict_to(size_t n);

  size_t capacity_;
  Lru lru_;                                                // front = most recently used
  std::unordered_multimap<uint64_t, Lru::iterator> index_;  // hash -> entries (text compared)
  uint64_t hits_ = 0, misses_ = 0;
};

} // namespace jm
