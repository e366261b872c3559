// text.cpp: FriBidi glue. The order of the steps follows FriBidi's own advice for display:
// bidi levels and Arabic joining/shaping are computed once per *paragraph* (joining and bracket
// pairing look across the whole paragraph), lines are broken on the logical text, and only then
// is each line reordered on its own (rule L1 resets trailing spaces per line, L2 reverses runs
// per line).
#include "core/text.h"
#include <fribidi.h>
#include <algorithm>
#include <climits>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace jm {
namespace {

// FriBidi's recommended display flags: mirror brackets, keep combining marks after their base in
// visual order, Arabic presentation forms and the mandatory lam-alef ligatures.
constexpr FriBidiFlags kFlags = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC;
constexpr FriBidiChar kReplacement = 0xFFFD;

// Strict UTF-8 decoding. Every byte of a malformed sequence (stray continuation, truncated or
// overlong sequence, surrogate, > U+10FFFF) becomes one U+FFFD, so each byte belongs to exactly
// one code point and the byte ranges handed back always fall on boundaries of the input.
// FriBidi's own UTF-8 reader is not used: it trusts its input and reads past a truncated tail.
void decode_utf8(const char* s, size_t n, uint32_t base, std::vector<FriBidiChar>& cps,
                 std::vector<uint32_t>& offs) {
  cps.clear();
  offs.clear();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = (unsigned char)s[i];
    FriBidiChar cp = 0;
    size_t len = 0;
    if (c < 0x80) { cp = c; len = 1; }
    else if (c >= 0xC2 && c <= 0xDF) { cp = c & 0x1Fu; len = 2; }
    else if (c >= 0xE0 && c <= 0xEF) { cp = c & 0x0Fu; len = 3; }
    else if (c >= 0xF0 && c <= 0xF4) { cp = c & 0x07u; len = 4; }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; k++) {
      const unsigned char cc = (unsigned char)s[i + k];
      if ((cc & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF)))
      ok = false;
    if (!ok) { cp = kReplacement; len = 1; }
    cps.push_back(cp);
    offs.push_back(base + (uint32_t)i);
    i += len;
  }
  offs.push_back(base + (uint32_t)n);
}

void append_utf8(std::string& out, FriBidiChar cp) {
  if (cp < 0x80) {
    out += (char)cp;
  } else if (cp < 0x800) {
    out += (char)(0xC0 | (cp >> 6));
    out += (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += (char)(0xE0 | (cp >> 12));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  } else {
    out += (char)(0xF0 | (cp >> 18));
    out += (char)(0x80 | ((cp >> 12) & 0x3F));
    out += (char)(0x80 | ((cp >> 6) & 0x3F));
    out += (char)(0x80 | (cp & 0x3F));
  }
}

bool is_space(FriBidiChar c) {
  return c == ' ' || c == '\t' || c == 0x1680 || (c >= 0x2000 && c <= 0x200A && c != 0x2007) ||
         c == 0x205F || c == 0x3000;
}

bool fallback_rtl(BaseDir d) { return d == BaseDir::AutoRtl || d == BaseDir::Rtl; }

FriBidiParType par_type(BaseDir d) {
  switch (d) {
    case BaseDir::Ltr: return FRIBIDI_PAR_LTR;
    case BaseDir::Rtl: return FRIBIDI_PAR_RTL;
    case BaseDir::AutoRtl: return FRIBIDI_PAR_WRTL;
    case BaseDir::Auto: break;
  }
  return FRIBIDI_PAR_WLTR;
}

// Rules P2/P3: the first L, R or AL outside isolates; -1 when there is none. (FriBidi's public
// fribidi_get_par_direction does not skip isolates, so it can disagree with the levels that
// fribidi_get_par_embedding_levels_ex computes; this loop matches the latter.)
int first_strong(const FriBidiCharType* t, size_t n) {
  int isolates = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] == FRIBIDI_TYPE_PDI) {
      if (isolates > 0) isolates--;
    } else if (FRIBIDI_IS_ISOLATE(t[i])) {
      isolates++;
    } else if (isolates == 0 && FRIBIDI_IS_LETTER(t[i])) {
      return FRIBIDI_IS_RTL(t[i]) ? 1 : 0;
    }
  }
  return -1;
}

// One paragraph analysed once: levels, joining, shaped code points (still in logical order).
struct Para {
  std::vector<FriBidiChar> cps, shaped;
  std::vector<uint32_t> offs;  // byte offset of each code point in the whole text, + end
  std::vector<FriBidiCharType> types;
  std::vector<FriBidiBracketType> brackets;
  std::vector<FriBidiLevel> levels;
  std::vector<FriBidiArabicProp> props;
  bool rtl = false;
  bool plain_ltr = false;  // every level is 0: a line's visual order is its logical order
  // Scratch reused by every line / candidate line rendered from this paragraph.
  std::vector<FriBidiLevel> line_levels;
  std::vector<FriBidiChar> line_vis;
  std::vector<FriBidiStrIndex> line_map;

  int size() const { return (int)cps.size(); }

  // Not drawn: the lam whose glyph went into a lam-alef ligature (FriBidi leaves U+FEFF in its
  // place and marks it), and invisible format characters. They have no glyph of their own, and
  // Dear ImGui would draw a fallback box for any code point the font lacks.
  bool dropped(int i) const {
    if (props[i] & FRIBIDI_MASK_LIGATURED) return true;
    const FriBidiCharType t = types[i];
    const FriBidiChar c = cps[i];
    return FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t) || t == FRIBIDI_TYPE_BN || c == 0x200E ||
           c == 0x200F || c == 0x061C;
  }
  // A line may not end at i when that splits a glyph: before a combining mark, or between the
  // two halves of a lam-alef ligature.
  bool glyph_boundary(int i) const {
    if (i <= 0 || i >= size()) return true;
    return types[i] != FRIBIDI_TYPE_NSM && !(props[i - 1] & FRIBIDI_MASK_LIGATURED);
  }
  // A line may end at i (holding [.., i)) and the next one start after any spaces at i.
  bool break_at(int i) const {
    if (i <= 0 || i >= size()) return false;
    const FriBidiChar c = cps[i], prev = cps[i - 1];
    if (is_space(c) && !is_space(prev)) return true;
    if (prev == 0x200B) return true;  // zero width space: an explicit break opportunity
    // "self-service", "خدمة/دعم": break after the hyphen, but not in "2021-11-17", "24/7",
    // "-5" or "ו-NLP"'s one-letter prefix, so numbers and short prefixes stay whole.
    if ((prev == '-' || prev == '/' || prev == 0x2010) && i >= 3 && FRIBIDI_IS_LETTER(types[i - 2]) &&
        FRIBIDI_IS_LETTER(types[i - 3]) && FRIBIDI_IS_LETTER(types[i]))
      return true;
    return false;
  }
};

// Decodes text[begin, end) as one paragraph and runs the paragraph-level steps.
void analyse(Para& p, std::string_view text, uint32_t begin, uint32_t end, BaseDir dir) {
  decode_utf8(text.data() + begin, end - begin, begin, p.cps, p.offs);
  const FriBidiStrIndex n = (FriBidiStrIndex)p.cps.size();
  p.types.resize(n);
  p.brackets.resize(n);
  p.levels.resize(n);
  p.props.resize(n);
  p.shaped = p.cps;
  p.rtl = fallback_rtl(dir);
  p.plain_ltr = false;
  if (n == 0) return;
  fribidi_get_bidi_types(p.cps.data(), n, p.types.data());
  // Paragraphs are ours to split (at '\n' in wrap_display, not at all in shape_line), so any
  // paragraph separator left inside ('\r', U+2029, U+0085, U+001C..U+001E, a '\n' given to
  // shape_line) is handed to FriBidi as a segment separator, which L1 likewise puts at the
  // paragraph level. It also keeps FriBidi 1.0.8 off a bug: a paragraph separator inside an
  // isolate ("\u2067\r\n\u2069\u0629") makes fribidi_get_par_embedding_levels_ex read a run it
  // has already freed (heap-use-after-free in get_adjacent_run, seen with ASan).
  for (FriBidiCharType& t : p.types)
    if (t == FRIBIDI_TYPE_BS) t = FRIBIDI_TYPE_SS;
  fribidi_get_bracket_types(p.cps.data(), n, p.types.data(), p.brackets.data());
  FriBidiParType pt = par_type(dir);
  const FriBidiLevel max_level =
      fribidi_get_par_embedding_levels_ex(p.types.data(), p.brackets.data(), n, &pt, p.levels.data());
  if (max_level == 0) {
    // FriBidi failed (only on out of memory): show the text unreordered rather than nothing.
    std::fill(p.levels.begin(), p.levels.end(), (FriBidiLevel)(p.rtl ? 1 : 0));
  } else {
    // With a weak (Auto) direction and no strong letter FriBidi leaves pt weak, still carrying
    // the fallback's RTL bit.
    p.rtl = FRIBIDI_IS_RTL(pt) != 0;
    p.plain_ltr = max_level == 1 && !p.rtl;   // FriBidi answers the highest level plus one
  }
  fribidi_get_joining_types(p.cps.data(), n, p.props.data());
  fribidi_join_arabic(p.types.data(), n, p.levels.data(), p.props.data());
  fribidi_shape(kFlags, p.levels.data(), n, p.props.data(), p.shaped.data());
}

// Reorders the code points [a, b) of the paragraph as one line into visual UTF-8; fills `maps`
// (everything but `visual`) when given.
void render(Para& p, int a, int b, std::string& out, BidiLine* maps) {
  out.clear();
  const int len = std::max(0, b - a);
  if (!maps && p.plain_ltr) {
    // Nothing to reorder (wrapping long Latin text renders many candidate lines).
    for (int i = a; i < b; i++)
      if (!p.dropped(i)) append_utf8(out, p.shaped[i]);
    return;
  }
  if (maps) {
    maps->rtl = p.rtl;
    maps->log_to_vis.assign(len, -1);
    maps->vis_to_log.clear();
    maps->vis_bytes.clear();
    maps->log_bytes.assign(p.offs.begin() + a, p.offs.begin() + a + len + 1);
    maps->levels.clear();
    maps->stops.assign(len + 1, 1);
    for (int i = 1; i < len; i++) maps->stops[i] = p.glyph_boundary(a + i) ? 1 : 0;
  }
  if (len > 0) {
    p.line_levels.assign(p.levels.begin() + a, p.levels.begin() + b);
    p.line_vis.assign(p.shaped.begin() + a, p.shaped.begin() + b);
    p.line_map.resize(len);
    for (int i = 0; i < len; i++) p.line_map[i] = i;
    if (!fribidi_reorder_line(kFlags, p.types.data() + a, len, 0, p.rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
                              p.line_levels.data(), p.line_vis.data(), p.line_map.data())) {
      // Cannot fail in 1.0.8 for a non-empty line; later versions allocate. Logical order then.
      p.line_vis.assign(p.shaped.begin() + a, p.shaped.begin() + b);
      for (int i = 0; i < len; i++) p.line_map[i] = i;
    }
    for (int k = 0; k < len; k++) {
      const int li = p.line_map[k];
      if (p.dropped(a + li)) continue;
      if (maps) {
        maps->log_to_vis[li] = (int)maps->vis_to_log.size();
        maps->vis_to_log.push_back(li);
        maps->vis_bytes.push_back((uint32_t)out.size());
      }
      append_utf8(out, p.line_vis[k]);
    }
  }
  if (!maps) return;
  maps->vis_bytes.push_back((uint32_t)out.size());
  maps->levels.assign(p.line_levels.begin(), p.line_levels.begin() + len);
  // A ligature stands for both halves, and is found from the first one (the lam).
  for (int li = 0; li + 1 < len; li++)
    if ((p.props[a + li] & FRIBIDI_MASK_LIGATURED) && maps->log_to_vis[li + 1] >= 0) {
      maps->log_to_vis[li] = maps->log_to_vis[li + 1];
      maps->vis_to_log[maps->log_to_vis[li]] = li;
    }
  // Dropped controls: the nearest visible character after them, else before them.
  int next = -1;
  std::vector<int>& l2v = maps->log_to_vis;
  std::vector<int> fill(len, -1);
  for (int li = len - 1; li >= 0; li--) {
    if (l2v[li] >= 0) next = l2v[li];
    else fill[li] = next;
  }
  int prev = -1;
  for (int li = 0; li < len; li++) {
    if (l2v[li] >= 0) { prev = l2v[li]; continue; }
    l2v[li] = fill[li] >= 0 ? fill[li] : prev;
  }
}

// Everything wrap_para keeps between calls, owned by wrap_display. Besides reusing memory, this
// leaves wrap_para without locals that need destroying: in a build with C++ exceptions (the web
// build) every call made while such a local is alive goes out through a JavaScript trampoline
// (invoke_*), and wrap_para makes millions of small calls (push_back, measure) for a large map.
struct WrapScratch {
  std::string text;                             // a candidate line or a piece, as UTF-8
  std::string fitted;                           // the last candidate line that fitted
  int fitted_a = -1, fitted_b = -1;
  float fitted_w = 0;
  std::vector<int> ends, pos, glyphs;
  std::vector<float> run, glyph_run;
  std::unordered_map<std::string, float> pieces;  // widths of short pieces by their text: words
                                                  // and spaces repeat, each is measured once
};

// Greedy fill of one analysed paragraph, in time linear in its length. The pieces between the
// places a line may end (break opportunities) or start (after the spaces there) are measured
// once each; their running sums estimate the width of any line, which says where to look. The
// real measure of the line then decides, as it always did: a line ends at the last break whose
// text fits, checked against the measured line and the one a break further. With a measure that
// adds up (glyph advances: ImGui's) the estimate is right and each line is measured about
// twice; with one that does not, the check walks from the estimate to the right break.
// (Measuring the rest of the paragraph for every line made a 2,000-character card quadratic:
// 20 MB of such cards took a minute to lay out.)
void wrap_para(Para& p, float width, const MeasureFn& measure, DisplayLines& out, WrapScratch& w) {
  auto width_of = [&](const std::string& s) { return measure ? measure(s.data(), s.data() + s.size()) : 0.0f; };
  // A candidate line as it will be drawn; the last one that fits is kept for emit.
  auto measure_range = [&](int a, int b) {
    render(p, a, b, w.text, nullptr);
    const float tw = width_of(w.text);
    if (tw <= width) { w.fitted.assign(w.text); w.fitted_a = a; w.fitted_b = b; w.fitted_w = tw; }
    return tw;
  };
  // A piece for the running sums: its glyphs in logical order. The order changes no width (a
  // drawer adds up advances), so the bidi reordering of a line is not needed here.
  auto measure_piece = [&](int a, int b) {
    w.text.clear();
    for (int i = a; i < b; i++)
      if (!p.dropped(i)) append_utf8(w.text, p.shaped[i]);
    if (w.text.size() > 24) return width_of(w.text);  // long words seldom come again
    auto it = w.pieces.find(w.text);
    if (it != w.pieces.end()) return it->second;
    const float pw = width_of(w.text);
    w.pieces.emplace(w.text, pw);
    return pw;
  };
  auto emit = [&](int a, int b) {
    out.emplace_back();
    DisplayLine& l = out.back();
    l.begin = p.offs[a];
    l.end = p.offs[b];
    if (a == w.fitted_a && b == w.fitted_b) {
      l.visual.swap(w.fitted);
      l.width = w.fitted_w;
    } else {
      render(p, a, b, l.visual, nullptr);
      l.width = width_of(l.visual);
    }
    w.fitted_a = -1;
    l.rtl = p.rtl;
  };
  const int n = p.size();
  // Most paragraphs fit on one line: one measurement, as before.
  w.fitted_a = -1;
  if (n == 0 || measure_range(0, n) <= width) { emit(0, n); return; }

  // Where lines may end: every break opportunity, and the paragraph's end.
  std::vector<int>& ends = w.ends;
  ends.resize((size_t)n);
  int m_ends = 0;
  for (int i = 1; i < n; i++)
    if (p.break_at(i)) ends[m_ends++] = i;
  ends[m_ends++] = n;
  // Positions with a known running width: the start, every end, and where the next line would
  // start after the spaces at an end. (No break falls inside a run of spaces, so this is sorted.)
  std::vector<int>& pos = w.pos;
  pos.resize((size_t)(2 * m_ends + 1));
  int m_pos = 0;
  pos[m_pos++] = 0;
  for (int k = 0; k < m_ends; k++) {
    const int b = ends[k];
    if (b != pos[m_pos - 1]) pos[m_pos++] = b;
    int a = b;
    while (a < n && is_space(p.cps[a])) a++;
    if (a != pos[m_pos - 1]) pos[m_pos++] = a;
  }
  std::vector<float>& run = w.run;
  run.resize((size_t)m_pos);
  run[0] = 0;
  for (int k = 1; k < m_pos; k++) run[k] = run[k - 1] + measure_piece(pos[k - 1], pos[k]);
  auto index_of = [&](int x) { return (int)(std::lower_bound(pos.data(), pos.data() + m_pos, x) - pos.data()); };
  // The running width at a position: exact at the known ones; elsewhere (a line that starts
  // inside a word split between glyphs) from the next known one less the piece up to it.
  auto run_at = [&](int x) {
    const int k = index_of(x);
    return pos[k] == x ? run[k] : run[k] - measure_piece(x, pos[k]);
  };
  // Of the candidate ends c[0..m) (ascending), the last whose line [s, c) fits by the real
  // measure, starting from the estimate est (the last that fits by the running sums, or -1);
  // -1 when none fits. Widths grow with the line, so the first that does not fit ends the walk.
  auto last_fitting = [&](int s, const int* c, int m, int est) {
    int k = est;
    if (k >= 0 && measure_range(s, c[k]) > width) {
      do k--; while (k >= 0 && measure_range(s, c[k]) > width);
    } else {
      while (k + 1 < m && measure_range(s, c[k + 1]) <= width) k++;
    }
    return k;
  };

  int e = 0, s = 0;
  while (true) {
    while (ends[e] <= s) e++;  // ends[e..] are the line's possible ends (n is always one)
    const float base = run_at(s);
    const int m = m_ends - e;
    int est = -1;
    for (int lo = 0, hi = m - 1; lo <= hi;) {
      const int mid = (lo + hi) / 2;
      if (run[index_of(ends[e + mid])] - base <= width) { est = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    const int k = last_fitting(s, ends.data() + e, m, est);
    int cut;
    if (k >= 0) {
      cut = ends[e + k];
    } else {
      // The first word alone is wider than the line: split it between glyphs, keeping as many
      // as fit but at least one so that every line makes progress. Each glyph is measured once
      // here too.
      const int first_break = ends[e];
      w.glyphs.resize((size_t)(first_break - s));
      w.glyph_run.resize((size_t)(first_break - s));
      int m_glyphs = 0, prev = s;
      float gw = 0;
      for (int j = s + 1; j <= first_break; j++) {
        if (!p.glyph_boundary(j)) continue;
        gw += measure_piece(prev, j);
        prev = j;
        w.glyphs[m_glyphs] = j;
        w.glyph_run[m_glyphs++] = gw;
      }
      const int g = (int)(std::upper_bound(w.glyph_run.data(), w.glyph_run.data() + m_glyphs, width) - w.glyph_run.data()) - 1;
      const int fit = last_fitting(s, w.glyphs.data(), m_glyphs, g);
      cut = fit >= 0 ? w.glyphs[fit] : m_glyphs > 0 ? w.glyphs[0] : first_break;
    }
    emit(s, cut);
    if (cut >= n) return;
    s = cut;
    while (s < n && is_space(p.cps[s])) s++;
    if (s >= n) return;  // spaces at the end of a broken paragraph belong to no line
  }
}

} // namespace

bool paragraph_is_rtl(std::string_view text, BaseDir dir) {
  if (dir == BaseDir::Ltr) return false;
  if (dir == BaseDir::Rtl) return true;
  // The first paragraph only, split as wrap_display splits them (at '\n'), so both agree.
  const size_t n = std::min(text.find('\n'), text.size());
  std::vector<FriBidiChar> cps;
  std::vector<uint32_t> offs;
  decode_utf8(text.data(), n, 0, cps, offs);
  std::vector<FriBidiCharType> types(cps.size());
  if (!cps.empty()) fribidi_get_bidi_types(cps.data(), (FriBidiStrIndex)cps.size(), types.data());
  const int strong = first_strong(types.data(), types.size());
  return strong < 0 ? fallback_rtl(dir) : strong == 1;
}

BidiLine shape_line(std::string_view line, BaseDir dir) {
  Para p;
  analyse(p, line, 0, (uint32_t)std::min<size_t>(line.size(), UINT32_MAX), dir);
  BidiLine out;
  std::string visual;
  render(p, 0, p.size(), visual, &out);
  out.visual = std::move(visual);
  return out;
}

BidiLine shape_line_in(std::string_view text, uint32_t begin, uint32_t end, bool rtl) {
  const uint32_t n = (uint32_t)std::min<size_t>(text.size(), UINT32_MAX);
  begin = std::min(begin, n);
  end = std::min(std::max(end, begin), n);
  // The '\n'-separated paragraph holding `begin`, as wrap_display splits them.
  uint32_t pb = begin, pe = begin;
  while (pb > 0 && text[pb - 1] != '\n') pb--;
  while (pe < n && text[pe] != '\n') pe++;
  if (pe > pb && text[pe - 1] == '\r') pe--;
  end = std::min(end, pe);
  begin = std::min(begin, end);
  Para p;
  analyse(p, text, pb, pe, rtl ? BaseDir::Rtl : BaseDir::Ltr);
  // Code point indices of the range (a byte inside a code point rounds up to the next one).
  const int a = (int)(std::lower_bound(p.offs.begin(), p.offs.end(), begin) - p.offs.begin());
  const int b = (int)(std::lower_bound(p.offs.begin(), p.offs.end(), end) - p.offs.begin());
  BidiLine out;
  std::string visual;
  render(p, a, std::max(a, b), visual, &out);
  out.visual = std::move(visual);
  return out;
}

int caret_to_visual(const BidiLine& l, int pos) {
  const int n = (int)l.log_to_vis.size(), m = (int)l.vis_to_log.size();
  if (n == 0 || m == 0) return 0;
  pos = std::clamp(pos, 0, n);
  // The cluster the caret stands before (after, at the end): a base letter and its marks, or a
  // lam-alef; its glyphs are next to each other on screen, marks right of their base.
  const bool at_end = pos == n;
  int start = at_end ? n - 1 : pos, after = start + 1;
  while (start > 0 && !l.stops[start]) start--;
  while (after < n && !l.stops[after]) after++;
  int lo = m, hi = -1;
  for (int i = start; i < after; i++) {
    lo = std::min(lo, l.log_to_vis[i]);
    hi = std::max(hi, l.log_to_vis[i]);
  }
  // Before a character: its leading edge, the right one for an RTL character; after the last
  // one: its trailing edge.
  const bool rtl = l.levels[start] & 1;
  return (rtl != at_end) ? hi + 1 : lo;
}

int caret_to_logical(const BidiLine& l, int vpos) {
  const int n = (int)l.log_to_vis.size(), m = (int)l.vis_to_log.size();
  if (n == 0 || m == 0) return 0;
  vpos = std::clamp(vpos, 0, m);
  // The glyph right of the boundary (or left of it at the right end) decides.
  const int g = vpos < m ? vpos : m - 1;
  const int li = l.vis_to_log[g];
  // The glyph's cluster: a base letter with its marks, or both halves of a lam-alef.
  int start = li, after = li + 1;
  while (start > 0 && !l.stops[start]) start--;
  while (after < n && !l.stops[after]) after++;
  const bool rtl = l.levels[li] & 1;
  const bool left_edge = vpos < m;
  // The left edge of an LTR glyph, or the right edge of an RTL one, is before it.
  return left_edge != rtl ? start : after;
}

DisplayLines wrap_display(std::string_view text, float width, const MeasureFn& measure, BaseDir dir) {
  DisplayLines out;
  Para p;
  WrapScratch scratch;
  const uint32_t n = (uint32_t)std::min<size_t>(text.size(), UINT32_MAX);
  uint32_t para = 0;
  while (true) {
    uint32_t pe = para;
    while (pe < n && text[pe] != '\n') pe++;
    uint32_t trim = pe;
    if (trim > para && text[trim - 1] == '\r') trim--;
    analyse(p, text, para, trim, dir);
    wrap_para(p, width, measure, out, scratch);
    if (pe >= n) break;
    para = pe + 1;
  }
  return out;
}

// ---- cache ----------------------------------------------------------------------------------

namespace {
uint32_t float_bits(float f) {
  if (f == 0) f = 0;  // -0 and +0 are one key
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
uint64_t key_hash(std::string_view text, uint32_t wbits, BaseDir dir) {
  uint64_t h = std::hash<std::string_view>{}(text);
  h ^= ((uint64_t)wbits << 8 | (uint64_t)dir) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}
} // namespace

ShapeCache::ShapeCache(size_t capacity) : capacity_(capacity) {}

std::shared_ptr<const DisplayLines> ShapeCache::wrap(std::string_view text, float width, BaseDir dir,
                                                     const MeasureFn& measure) {
  const uint32_t wbits = float_bits(width);
  const uint64_t h = key_hash(text, wbits, dir);
  auto range = index_.equal_range(h);
  for (auto it = range.first; it != range.second; ++it) {
    const Entry& e = *it->second;
    if (e.width_bits == wbits && e.dir == dir && e.text == text) {
      hits_++;
      lru_.splice(lru_.begin(), lru_, it->second);  // iterators stay valid
      return e.lines;
    }
  }
  misses_++;
  auto lines = std::make_shared<const DisplayLines>(wrap_display(text, width, measure, dir));
  if (capacity_ == 0) return lines;
  evict_to(capacity_ - 1);
  lru_.push_front(Entry{h, std::string(text), wbits, dir, lines});
  index_.emplace(h, lru_.begin());
  return lines;
}

std::shared_ptr<const DisplayLines> ShapeCache::line(std::string_view text, BaseDir dir, const MeasureFn& measure) {
  return wrap(text, std::numeric_limits<float>::infinity(), dir, measure);
}

void ShapeCache::clear() {
  lru_.clear();
  index_.clear();
}

void ShapeCache::set_capacity(size_t capacity) {
  capacity_ = capacity;
  evict_to(capacity_);
}

void ShapeCache::evict_to(size_t n) {
  while (lru_.size() > n) {
    auto last = std::prev(lru_.end());
    auto range = index_.equal_range(last->hash);
    for (auto it = range.first; it != range.second; ++it)
      if (it->second == last) { index_.erase(it); break; }
    lru_.pop_back();
  }
}

} // namespace jm
