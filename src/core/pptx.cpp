// pptx.cpp: see pptx.h. The package is the smallest one PowerPoint, LibreOffice Impress and Keynote
// open without a repair prompt: content types, package and presentation relationships, core
// properties, one slide master with one blank layout and a theme (its fonts are the editor's),
// presentation, view and table-style properties, the slides, and, for stages with speaker notes,
// a notes master (with its own theme) and notes slides. Shapes are placed in EMU (914,400 per
// inch, 9,525 per CSS pixel); font sizes are in hundredths of a point.
#include "core/pptx.h"
#include "core/a11y.h"
#include "core/export.h"
#include "core/export_util.h"
#include "core/i18n.h"
#include "core/io.h"
#include "core/persona_card.h"
#include "core/zip.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace jm {

using namespace xu;

namespace {

using i64 = long long;

constexpr i64 kSlideW = 12192000, kSlideH = 6858000;   // 16:9, 13.33 x 7.5 in
constexpr i64 kInch = 914400, kEmuPx = 9525, kEmuPt = 12700;
constexpr i64 kMargin = kInch * 4 / 10;
constexpr float kMinMapPt = 8.0f;   // card text of a map slide below this is unreadable: split the map
constexpr Color kInk = 0x1f2937, kMuted = 0x475569, kRule = 0xe2e8f0;

constexpr const char* kNsA = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* kNsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kNsP = "http://schemas.openxmlformats.org/presentationml/2006/main";
constexpr const char* kNsPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kCtPrefix = "application/vnd.openxmlformats-officedocument.presentationml.";

std::string E(i64 v) { return std::to_string(v); }
i64 px(float v) { return (i64)std::llround((double)v * kEmuPx); }

std::string hex(Color c) {
  char b[8];
  std::snprintf(b, sizeof b, "%06X", (unsigned)(c & 0xffffff));
  return b;
}

// Arabic letters anywhere in the text (U+0600..U+06FF, U+0750..U+077F: lead bytes D8..DD).
bool has_arabic(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xD8 && c <= 0xDD) return true;
  return false;
}

// Hebrew letters anywhere in the text (then its complex-script font is Noto Sans Hebrew).
bool has_hebrew(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); i++) {
    unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
    if ((a == 0xD6 && b >= 0x90) || a == 0xD7) return true;                     // U+0590..U+05FF
    if (a == 0xEF && b == 0xAC && i + 2 < s.size() && (unsigned char)s[i + 2] >= 0x9D) return true;   // U+FB1D..
  }
  return false;
}

// ---- Text ---------------------------------------------------------------------------------------

struct Font {
  float pt = 14;
  bool bold = false, italic = false;
  Color color = kInk;
};

std::string rpr(const Font& f, const std::string& text, const char* tag = "a:rPr") {
  int sz = std::max(100, std::min(400000, (int)std::lround(f.pt * 100)));
  // The language of a run in Arabic or Hebrew script (spelling and line breaking); none for the
  // rest, which the application takes from its own settings.
  const bool hebrew = has_hebrew(text);
  const char* lang = hebrew ? " lang=\"he-IL\"" : has_arabic(text) ? " lang=\"ar-SA\"" : "";
  return std::string("<") + tag + lang + " sz=\"" + E(sz) + "\"" +
         (f.bold ? " b=\"1\"" : "") + (f.italic ? " i=\"1\"" : "") + " dirty=\"0\"><a:solidFill><a:srgbClr val=\"" +
         hex(f.color) + "\"/></a:solidFill><a:latin typeface=\"Noto Sans\"/><a:cs typeface=\"" +
         (hebrew ? "Noto Sans Hebrew" : "Noto Sans Arabic") + "\"/></" + tag + ">";
}

std::string run(const std::string& text, const Font& f) {
  if (text.empty()) return {};
  return "<a:r>" + rpr(f, text) + "<a:t>" + xml_escape(text) + "</a:t></a:r>";
}

struct ParaStyle {
  bool rtl = false;
  const char* algn = nullptr;   // nullptr: the paragraph's start side
  float line_pt = 0;            // exact line spacing; 0: single
  float before_pt = 0;
  bool bullet = false;
  float indent_pt = 0;          // hanging indent of a bullet
};

std::string para(const std::string& runs, const ParaStyle& s, const Font& end) {
  const char* algn = s.algn ? s.algn : s.rtl ? "r" : "l";
  std::string p = "<a:p><a:pPr";
  if (s.bullet) p += " marL=\"" + E((i64)(s.indent_pt * kEmuPt)) + "\" indent=\"-" + E((i64)(s.indent_pt * kEmuPt)) + "\"";
  p += std::string(" algn=\"") + algn + "\" rtl=\"" + (s.rtl ? "1" : "0") + "\">";
  if (s.line_pt > 0) p += "<a:lnSpc><a:spcPts val=\"" + E((i64)std::lround(s.line_pt * 100)) + "\"/></a:lnSpc>";
  if (s.before_pt > 0) p += "<a:spcBef><a:spcPts val=\"" + E((i64)std::lround(s.before_pt * 100)) + "\"/></a:spcBef>";
  p += s.bullet ? "<a:buFont typeface=\"Arial\"/><a:buChar char=\"&#8226;\"/>" : "<a:buNone/>";
  p += "</a:pPr>" + runs + rpr(end, "", "a:endParaRPr") + "</a:p>";
  return p;
}

// User text as paragraphs, one per line of it, each in its own direction (else the map's).
std::string user_paras(const std::string& text, const Font& f, ParaStyle s, Direction dir, const std::string& prefix = {},
                       const std::string& suffix_runs = {}) {
  std::string out;
  std::vector<std::string> lines = split(text, '\n');
  for (size_t i = 0; i < lines.size(); i++) {
    s.rtl = para_rtl(lines[i], 0, dir);
    if (i > 0) { s.bullet = false; s.before_pt = 0; }
    out += para(run((i == 0 ? prefix : std::string()) + lines[i], f) + (i + 1 == lines.size() ? suffix_runs : ""), s, f);
  }
  return out;
}

// ---- Shapes -------------------------------------------------------------------------------------

struct Box { i64 x = 0, y = 0, w = 0, h = 0; };

std::string xfrm(const Box& b, const char* ns = "a") {
  return std::string("<") + ns + ":xfrm><a:off x=\"" + E(b.x) + "\" y=\"" + E(b.y) + "\"/><a:ext cx=\"" +
         E(std::max<i64>(0, b.w)) + "\" cy=\"" + E(std::max<i64>(0, b.h)) + "\"/></" + ns + ":xfrm>";
}
std::string prst(const char* name) { return std::string("<a:prstGeom prst=\"") + name + "\"><a:avLst/></a:prstGeom>"; }
std::string round_rect(const Box& b, i64 radius) {
  i64 side = std::max<i64>(1, std::min(b.w, b.h));
  i64 adj = std::min<i64>(50000, radius * 100000 / side);
  return "<a:prstGeom prst=\"roundRect\"><a:avLst><a:gd name=\"adj\" fmla=\"val " + E(adj) + "\"/></a:avLst></a:prstGeom>";
}
std::string solid(Color c) { return "<a:solidFill><a:srgbClr val=\"" + hex(c) + "\"/></a:solidFill>"; }
std::string outline(Color c, i64 w, const char* dash = nullptr) {
  return "<a:ln w=\"" + E(w) + "\">" + solid(c) + (dash ? std::string("<a:prstDash val=\"") + dash + "\"/>" : "") + "</a:ln>";
}
const char* kNoLine = "<a:ln><a:noFill/></a:ln>";

struct BodyStyle {
  i64 l = 0, t = 0, r = 0, b = 0;   // insets
  const char* anchor = "t";
  bool shrink = false;              // let the application shrink text that overflows
};

std::string tx_body(const std::string& paras, const BodyStyle& s, const char* tag = "p:txBody") {
  std::string x = std::string("<") + tag + "><a:bodyPr wrap=\"square\" lIns=\"" + E(s.l) + "\" tIns=\"" + E(s.t) +
                  "\" rIns=\"" + E(s.r) + "\" bIns=\"" + E(s.b) + "\" anchor=\"" + s.anchor + "\" rtlCol=\"0\"";
  x += std::string(">") + (s.shrink ? "<a:normAutofit/>" : "<a:noAutofit/>") + "</a:bodyPr><a:lstStyle/>";
  x += paras.empty() ? "<a:p><a:endParaRPr lang=\"en-US\" dirty=\"0\"/></a:p>" : paras;
  return x + "</" + tag + ">";
}

struct Media { std::string name, data; bool png = true; };

struct Slide {
  std::string shapes;
  int next_id = 2;
  std::string notes;                 // paragraphs of the speaker notes; empty: none
  std::vector<Media> media;          // pictures on this slide, related as rId2, rId3, ...

  // A shape: `geom_fill` is the geometry, fill and line of its spPr; `body` its p:txBody or empty.
  void sp(const std::string& name, const Box& b, const std::string& geom_fill, const std::string& body = {},
          bool text_box = false) {
    shapes += "<p:sp><p:nvSpPr><p:cNvPr id=\"" + E(next_id++) + "\" name=\"" + xml_escape(name) + "\"/><p:cNvSpPr" +
              (text_box ? " txBox=\"1\"" : "") + "/><p:nvPr/></p:nvSpPr><p:spPr>" + xfrm(b) + geom_fill + "</p:spPr>" +
              body + "</p:sp>";
  }
  void text(const std::string& name, const Box& b, const std::string& paras, const BodyStyle& s = {}) {
    sp(name, b, prst("rect") + "<a:noFill/>" + kNoLine, tx_body(paras, s), true);
  }
  void line(const Box& b, Color c, i64 w, const char* dash = nullptr) {
    sp("Line", b, prst("line") + outline(c, w, dash));
  }
  void picture(const std::string& name, const Box& b, Media m) {
    std::string rid = "rId" + E((i64)media.size() + 2);
    media.push_back(std::move(m));
    shapes += "<p:pic><p:nvPicPr><p:cNvPr id=\"" + E(next_id++) + "\" name=\"" + xml_escape(name) +
              "\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"" +
              rid + "\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>" + xfrm(b) + prst("ellipse") +
              "</p:spPr></p:pic>";
  }
};

// ---- Words --------------------------------------------------------------------------------------

struct Words {
  const NameFn& fn;
  std::string operator()(const std::string& key, const std::string& english) const { return fn ? fn(key, english) : english; }
  std::string fmt(const std::string& key, const std::string& english, I18nArgs args) const {
    return format_placeholders((*this)(key, english), args);
  }
};

std::string map_title(const Map& m, const Words& w) {
  std::string t = one_line(trim(m.meta.title));
  return t.empty() ? w("pptx.untitled", "Customer journey map") : t;
}

std::string state_name(JourneyState s, const Words& w) {
  return s == JourneyState::Future ? w("panel.state_future", "Future state") : w("panel.state_current", "Current state");
}

std::string channel_label(const std::string& key, const Words& w) {
  return channel_info(key) ? w("channel." + key, channel_name(key)) : key;
}

// "in_progress" -> "In progress": the English of a file format key, where no name is given.
std::string key_words(const char* key) {
  std::string s = key;
  for (char& c : s) if (c == '_') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}
// A word for a file format key: names(prefix + key), else the key in English words.
std::string key_name(const Words& w, const std::string& prefix, const char* key) { return w(prefix + key, key_words(key)); }

// "NPS 31 (target 40)", "Conversion 2.1 % (target 3 %)".
std::string metric_text(const Metric& x, const Words& w) {
  std::string s = a11y_metric_name(x, nullptr);
  if (x.value) s += " " + a11y_metric_value(*x.value, x.unit);
  if (x.target) s += " (" + w.fmt("pptx.target", "target {target}", {{"target", a11y_metric_value(*x.target, x.unit)}}) + ")";
  return s;
}

// The slide's heading: a title and a line under it, on the map's reading side.
void heading(Slide& s, const std::string& title, const std::string& sub, bool map_rtl, Color bar = 0) {
  const char* algn = map_rtl ? "r" : "l";
  Font big{26, true}, small{13, false, false, kMuted};
  ParaStyle ps;
  ps.algn = algn;
  ps.rtl = para_rtl(title, 0, map_rtl ? Direction::RightToLeft : Direction::LeftToRight);
  std::string p = para(run(title, big), ps, big);
  if (!sub.empty()) {
    ps.rtl = para_rtl(sub, 0, map_rtl ? Direction::RightToLeft : Direction::LeftToRight);
    p += para(run(sub, small), ps, small);
  }
  s.text("Title", {kMargin, kInch * 25 / 100, kSlideW - 2 * kMargin, kInch * 85 / 100}, p, {0, 0, 0, 0, "b"});
  if (bar) s.sp("Stage colour", {kMargin, kInch * 115 / 100, kSlideW - 2 * kMargin, kInch / 16}, prst("rect") + solid(bar) + kNoLine);
}

constexpr i64 kBodyTop = kInch * 135 / 100;

// ---- The map ------------------------------------------------------------------------------------

// A part of a layout drawn on one slide: stages [the group] x lanes [l0, l1).
struct Region {
  std::vector<size_t> stages;   // indices into Map::stages, in map order
  size_t l0 = 0, l1 = 0;
};

void draw_region(Slide& s, const Map& m, const Layout& L, const LayoutStyle& st, const MeasureFn& measure, const Region& g,
                 const Box& area, const Words& w) {
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  float rx0 = 1e30f, rx1 = -1e30f;
  for (size_t si : g.stages) { rx0 = std::min(rx0, L.stages[si].x); rx1 = std::max(rx1, L.stages[si].x + L.stages[si].w); }
  const float ry0 = L.lanes[g.l0].y, ry1 = L.lanes[g.l1 - 1].y + L.lanes[g.l1 - 1].h;
  const float cw = st.lane_header_w + (rx1 - rx0), ch = st.stage_header_h + (ry1 - ry0);
  const double k = std::min({(double)area.w / cw, (double)area.h / ch, 1.5 * kEmuPx});   // EMU per map unit
  const float cx0 = rtl ? rx0 : rx0 - st.lane_header_w, cy0 = ry0 - st.stage_header_h;
  const i64 ox = area.x + (i64)((area.w - cw * k) / 2), oy = area.y;
  auto X = [&](float gx) { return ox + (i64)std::llround((gx - cx0) * k); };
  auto Y = [&](float gy) { return oy + (i64)std::llround((gy - cy0) * k); };
  auto B = [&](float x, float y, float bw, float bh) { return Box{X(x), Y(y), (i64)std::llround(bw * k), (i64)std::llround(bh * k)}; };
  auto pt = [&](float px_size) { return (float)(px_size * k / kEmuPt); };
  const Direction dir = m.meta.direction;
  std::vector<bool> in_group(m.stages.size(), false);
  for (size_t si : g.stages) in_group[si] = true;

  // Lane bands, then lane titles beside the grid (with a colour bar on their outer edge).
  const float box_l = rtl ? rx1 + 6 : rx0 - st.lane_header_w, box_w = st.lane_header_w - 6;
  for (size_t li = g.l0; li < g.l1; li++) {
    const LaneBox& lb = L.lanes[li];
    const Lane& lane = m.lanes[li];
    if (li % 2) s.sp("Lane band", B(rx0, lb.y, rx1 - rx0, lb.h), prst("rect") + solid(0xf8fafc) + kNoLine);
    Font f{pt(13), true};
    ParaStyle ps;
    ps.rtl = para_rtl(lane_title(lane), 0, dir);
    Box tb = B(box_l, lb.y + 1, box_w, lb.h - 2);
    s.sp("Lane: " + one_line(lane_title(lane)), tb, round_rect(tb, px(6 * k / kEmuPx)) + solid(mix_white(lane.color, 0.88f)) + kNoLine,
         tx_body(para(run(one_line(lane_title(lane)), f), ps, f),
                 {(i64)((rtl ? 10 : 14) * k), (i64)(10 * k), (i64)((rtl ? 14 : 10) * k), (i64)(4 * k)}));
    s.sp("Lane colour", B(rtl ? box_l + box_w - 4 : box_l, lb.y + 1, 4, lb.h - 2), prst("rect") + solid(lane.color) + kNoLine);
  }

  // Stage headers, and the lines between stages.
  for (size_t si : g.stages) {
    const StageBox& sb = L.stages[si];
    Font f{pt(15), true, false, 0xffffff};
    std::string name = one_line(stage_title(m, si));
    ParaStyle ps;
    ps.algn = "ctr";
    ps.rtl = para_rtl(name, 0, dir);
    Box hb = B(sb.x + 3, ry0 - st.stage_header_h + 4, sb.w - 6, st.stage_header_h - 10);
    s.sp("Stage: " + name, hb, round_rect(hb, (i64)(6 * k)) + solid(m.stages[si].color) + kNoLine,
         tx_body(para(run(name, f), ps, f), {(i64)(10 * k), (i64)(2 * k), (i64)(10 * k), (i64)(2 * k), "ctr"}));
    if (sb.x > rx0 + 0.5f && sb.x < rx1 - 0.5f) s.line(B(sb.x, ry0, 0, ry1 - ry0), kRule, 9525);
  }

  // Lines of a service blueprint, along the top edge of their lane.
  for (const BlueprintLine& bl : m.blueprint_lines)
    for (size_t li = g.l0; li < g.l1; li++) {
      if (m.lanes[li].id != bl.above_lane || li == 0) continue;
      s.line(B(rx0, L.lanes[li].y, rx1 - rx0, 0), 0x64748b, 12700, "dash");
      std::string label = bl.label.empty() ? w(std::string("canvas6.line.") + blueprint_line_key(bl.kind), blueprint_line_name(bl.kind)) : bl.label;
      Font f{pt(11), false, true, 0x64748b};
      ParaStyle ps;
      ps.rtl = para_rtl(label, 0, dir);
      ps.algn = rtl ? "r" : "l";
      s.text("Blueprint line", B(rx0 + 4, L.lanes[li].y - 16, std::min(260.0f, rx1 - rx0 - 8), 15), para(run(one_line(label), f), ps, f));
    }

  // Cards: text, then metrics, then channel and tags, as the layout measured them.
  IdMap<const Card*> by_id;
  by_id.reserve(m.cards.size());
  for (const Card& c : m.cards) by_id.emplace(c.id, &c);
  for (const CardBox& cb : L.cards) {
    if (cb.lane < (int)g.l0 || cb.lane >= (int)g.l1 || cb.stage < 0 || !in_group[(size_t)cb.stage]) continue;
    auto it = by_id.find(cb.id);
    if (it == by_id.end()) continue;
    const Card& c = *it->second;
    const Color col = c.color ? c.color : m.lanes[(size_t)cb.lane].color;
    Font f{pt(14)}, small{pt(11), false, false, darken(col, 0.35f)};
    ParaStyle ps;
    ps.line_pt = pt(st.line_h);
    std::string paras = user_paras(c.text, f, ps, dir, c.icon.empty() ? std::string() : c.icon + " ");
    ParaStyle chip_ps;
    chip_ps.line_pt = pt(st.metric_row_h);
    chip_ps.rtl = rtl;
    for (const Metric& x : c.metrics) paras += para(run(metric_text(x, w), small), chip_ps, small);
    if (cb.chip_row) {
      std::vector<std::string> chips;
      if (!c.channel.empty()) chips.push_back(channel_label(c.channel, w));
      for (const std::string& t : c.tags) chips.push_back("#" + t);
      chip_ps.line_pt = pt(st.chip_h);
      std::string row = one_line(join(chips, "  "));
      paras += para(run(fit(row, cb.r.w - 2 * st.card_pad_x, [&](const char* b, const char* e) { return measure(b, e) * 11 / 14; }), small), chip_ps, small);
    }
    Box r = B(cb.r.x, cb.r.y, cb.r.w, cb.r.h);
    s.sp("Card", r, round_rect(r, (i64)(6 * k)) + solid(mix_white(col, 0.9f)) + outline(col, std::max<i64>(3175, (i64)(k * 1))),
         tx_body(paras, {(i64)(st.card_pad_x * k), (i64)(st.card_pad_y * k), (i64)(st.card_pad_x * k), (i64)(2 * k)}));
  }

  // Emotion curves: the neutral line, each persona's curve (a native line through the smoothed
  // points, cut at the region's edges), then the points and their labels.
  for (size_t li = g.l0; li < g.l1 && li < L.curves.size(); li++) {
    const LaneBox& lb = L.lanes[li];
    const auto& pts = L.curves[li];
    if (!lb.emotions || pts.empty()) continue;
    float y0 = score_to_y(lb, st, 0);
    s.line(B(rx0, y0, rx1 - rx0, 0), 0xcbd5e1, 9525, "dash");
    std::vector<Id> personas;
    for (const CurvePoint& p : pts)
      if (std::find(personas.begin(), personas.end(), p.persona) == personas.end()) personas.push_back(p.persona);
    for (Id who : personas) {
      std::vector<Vec2> ctrl;
      for (const CurvePoint& p : pts) if (p.persona == who) ctrl.push_back({p.x, p.y});
      if (ctrl.size() < 2) continue;
      Color col = 0x475569;
      for (const Persona& p : m.personas) if (p.id == who) col = persona_color(p);
      std::vector<Vec2> curve = smooth_curve(ctrl, 12);
      // Runs of samples inside the region's stages.
      std::vector<std::vector<Vec2>> runs(1);
      for (const Vec2& v : curve) {
        if (v.x >= rx0 - 0.01f && v.x <= rx1 + 0.01f) runs.back().push_back(v);
        else if (!runs.back().empty()) runs.emplace_back();
      }
      for (const auto& r : runs) {
        if (r.size() < 2) continue;
        float minx = r[0].x, maxx = r[0].x, miny = r[0].y, maxy = r[0].y;
        for (const Vec2& v : r) { minx = std::min(minx, v.x); maxx = std::max(maxx, v.x); miny = std::min(miny, v.y); maxy = std::max(maxy, v.y); }
        Box bb = B(minx, miny, std::max(maxx - minx, 0.01f), std::max(maxy - miny, 0.01f));
        bb.w = std::max<i64>(bb.w, 1);
        bb.h = std::max<i64>(bb.h, 1);
        std::string path = "<a:path w=\"" + E(bb.w) + "\" h=\"" + E(bb.h) + "\" fill=\"none\">";
        for (size_t i = 0; i < r.size(); i++) {
          i64 x = std::min(bb.w, std::max<i64>(0, X(r[i].x) - bb.x)), y = std::min(bb.h, std::max<i64>(0, Y(r[i].y) - bb.y));
          path += std::string(i ? "<a:lnTo>" : "<a:moveTo>") + "<a:pt x=\"" + E(x) + "\" y=\"" + E(y) + "\"/>" + (i ? "</a:lnTo>" : "</a:moveTo>");
        }
        path += "</a:path>";
        s.sp("Emotion curve", bb,
             "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l=\"0\" t=\"0\" r=\"r\" b=\"b\"/><a:pathLst>" + path +
                 "</a:pathLst></a:custGeom><a:noFill/><a:ln w=\"" + E(std::max<i64>(12700, (i64)(2.5 * k))) + "\" cap=\"rnd\">" + solid(col) +
                 "<a:round/></a:ln>");
      }
    }
    for (size_t i = 0; i < pts.size(); i++) {
      const CurvePoint& p = pts[i];
      if (p.stage < 0 || !in_group[(size_t)p.stage]) continue;
      Color fill = p.score > 0.25f ? 0x10b981 : p.score < -0.25f ? 0xef4444 : 0xf59e0b;
      s.sp("Feeling " + signed_score(p.score), B(p.x - 6, p.y - 6, 12, 12), prst("ellipse") + solid(fill) + outline(0xffffff, (i64)(2 * k)));
      auto it = by_id.find(p.card);
      std::string label = it != by_id.end() ? one_line(trim(it->second->text)) : std::string();
      if (label.empty()) continue;
      float room = rx1 - rx0;
      for (size_t j = 0; j < pts.size(); j++)
        if (j != i && pts[j].stage >= 0 && in_group[(size_t)pts[j].stage] && pts[j].persona == p.persona) room = std::min(room, std::fabs(pts[j].x - p.x));
      room = std::max(40.0f, room - 8);
      label = fit(label, room, [&](const char* b, const char* e) { return measure(b, e) * 12 / 14; });
      bool above = p.score >= 0;
      if (above && p.y - 26 < lb.y) above = false;
      else if (!above && p.y + 26 > lb.y + lb.h) above = true;
      Font f{pt(12)};
      ParaStyle ps;
      ps.algn = "ctr";
      ps.rtl = para_rtl(label, 0, dir);
      s.text("Feeling label", B(p.x - room / 2, above ? p.y - 26 : p.y + 8, room, 18), para(run(label, f), ps, f));
    }
  }
}

// Groups of consecutive items whose sizes add up to at most `limit` (at least one per group).
std::vector<std::pair<size_t, size_t>> groups(const std::vector<float>& sizes, float limit) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t b = 0;
  float sum = 0;
  for (size_t i = 0; i < sizes.size(); i++) {
    if (i > b && sum + sizes[i] > limit) { out.push_back({b, i}); b = i; sum = 0; }
    sum += sizes[i];
  }
  if (b < sizes.size()) out.push_back({b, sizes.size()});
  return out;
}

void map_slides(std::vector<Slide>& slides, const Map& m, const MeasureFn& measure, JourneyState state, bool two_states,
                const Words& w) {
  LayoutStyle st;
  Map expanded = m;
  for (Lane& l : expanded.lanes) l.collapsed = false;
  LayoutFilter filter;
  filter.one_state = two_states;
  filter.state = state;
  Layout L = layout_map(expanded, st, measure, nullptr, filter);
  Region all;
  for (size_t i = 0; i < m.stages.size() && i < L.stages.size(); i++)
    if (L.stages[i].shown && L.stages[i].w > 0) all.stages.push_back(i);
  if (all.stages.empty() || L.lanes.empty()) return;
  all.l1 = L.lanes.size();
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  const Box area{kMargin, kBodyTop, kSlideW - 2 * kMargin, kSlideH - kBodyTop - kMargin / 2};
  const std::string title = map_title(m, w);
  std::string state_label = two_states ? state_name(state, w) : std::string();

  Slide whole;
  heading(whole, title, state_label, rtl);
  draw_region(whole, expanded, L, st, measure, all, area, w);
  slides.push_back(std::move(whole));

  // Readable size: card text at kMinMapPt or more. Too small as a whole: stage groups (and lane
  // groups) that are readable, each on its own slide.
  const double k_read = kMinMapPt * kEmuPt / 14.0 * 1.0;   // EMU per map unit that gives card text kMinMapPt
  float gw = 0;
  for (size_t si : all.stages) gw += L.stages[si].w;
  const float cw = st.lane_header_w + gw, chh = st.stage_header_h + L.height;
  if (std::min((double)area.w / cw, (double)area.h / chh) >= k_read) return;
  std::vector<float> stage_w, lane_h;
  for (size_t si : all.stages) stage_w.push_back(L.stages[si].w);
  for (const LaneBox& lb : L.lanes) lane_h.push_back(lb.h);
  auto sg = groups(stage_w, (float)(area.w / k_read) - st.lane_header_w);
  auto lg = groups(lane_h, (float)(area.h / k_read) - st.stage_header_h);
  if (sg.size() * lg.size() <= 1) return;
  size_t part = 0, parts = sg.size() * lg.size();
  for (const auto& sgi : sg)
    for (const auto& lgi : lg) {
      Region r;
      for (size_t i = sgi.first; i < sgi.second; i++) r.stages.push_back(all.stages[i]);
      r.l0 = lgi.first;
      r.l1 = lgi.second;
      std::string first = one_line(stage_title(m, r.stages.front())), last = one_line(stage_title(m, r.stages.back()));
      std::string sub = r.stages.size() == 1 ? first : w.fmt("pptx.stages_range", "{first} to {last}", {{"first", first}, {"last", last}});
      sub += " \xC2\xB7 " + w.fmt("pptx.part", "part {n} of {total}", {{"n", std::to_string(++part)}, {"total", std::to_string(parts)}});
      if (!state_label.empty()) sub = state_label + " \xC2\xB7 " + sub;
      Slide s;
      heading(s, title, sub, rtl);
      draw_region(s, expanded, L, st, measure, r, area, w);
      slides.push_back(std::move(s));
    }
}

// ---- Lists that continue over slides ------------------------------------------------------------

// A paragraph of a text slide: its text, then `extra` in a smaller muted run; its font's size
// is relative to the body's (written once the body's size is chosen).
struct Item {
  std::string text, extra;
  Font font{1};              // font.pt: relative to the body size
  float before = 0;          // space before, in lines of the body size
  bool bullet = false;
  int group = -1;            // heading item this one belongs to (repeated on a continued slide)
  std::string measured() const { return extra.empty() ? text : text + "  " + extra; }
};

constexpr float kSizes[] = {18, 16, 14, 11};

// On the map's reading side, each paragraph in its own direction.
std::string item_xml(const Item& it, float body_pt, Direction dir) {
  Font f = it.font;
  f.pt = body_pt * it.font.pt;
  Font muted{f.pt * 0.8f, false, false, kMuted};
  ParaStyle ps;
  ps.before_pt = it.before * body_pt;
  ps.bullet = it.bullet;
  ps.indent_pt = body_pt * 1.05f;
  ps.algn = dir == Direction::RightToLeft ? "r" : "l";
  return user_paras(it.text, f, ps, dir, {}, it.extra.empty() ? std::string() : run("  " + it.extra, muted));
}

// Lays `items` out in a body of `box` at the largest size that fits in one or two columns, else
// at the smallest in two columns over as many slides as needed. Calls `make(slide_index)` for
// each new slide (it adds the heading) and puts the text box on it.
template <class Make>
void flow(std::vector<Slide>& slides, const std::vector<Item>& items, const Box& box, const MeasureFn& measure, Direction dir,
          Make make) {
  auto height_pt = [&](const Item& it, float pt, float col_w_emu) {
    float px_size = pt / 0.75f * it.font.pt;
    float width_px = (float)col_w_emu / kEmuPx - (it.bullet ? pt / 0.75f * 1.4f : 0);
    MeasureFn at = [&](const char* b, const char* e) { return measure(b, e) * px_size / 14.0f; };
    size_t lines = std::max<size_t>(1, wrap_text(it.measured(), std::max(20.0f, width_px - 4), at).size());
    return (float)lines * pt * it.font.pt * 1.22f + it.before * pt;
  };
  const float avail = (float)box.h / kEmuPt - 8;
  int size_i = -1, cols = 1;
  for (int c = 1; c <= 2 && size_i < 0; c++)
    for (int si = 0; si < 4; si++) {
      if (c == 1 && si == 3) continue;   // one column stops at 14 pt; 11 pt goes to two columns
      float col_w = c == 1 ? (float)box.w : (float)(box.w - kInch / 3) / 2;
      float total = 0;
      for (const Item& it : items) total += height_pt(it, kSizes[si], col_w);
      if (total <= avail * (float)c) { size_i = si; cols = c; break; }
    }
  bool paged = size_i < 0;
  if (paged) { size_i = 3; cols = 2; }
  // Columns are text boxes of their own (the first on the reading side), so where a column
  // ends is decided here and every application shows the same.
  const float pt = kSizes[size_i];
  const i64 gap = kInch / 3, col_w = cols == 1 ? box.w : (box.w - gap) / 2;
  std::vector<float> h(items.size());
  float total = 0;
  for (size_t k = 0; k < items.size(); k++) total += h[k] = height_pt(items[k], pt, (float)col_w);
  const bool rtl = dir == Direction::RightToLeft;
  BodyStyle bs;
  bs.shrink = true;
  const size_t n = items.size();
  size_t i = 0;
  int page = 0;
  do {
    Slide s;
    make(s, page++);
    for (int c = 0; c < cols && (i < n || c == 0); c++) {
      // Unpaged two columns: the first takes about half; paged: each as much as fits.
      const bool balance = !paged && cols == 2 && c == 0, last = !paged && c == cols - 1;
      std::string xml;
      float used = 0;
      const size_t start = i;
      // A continued column starts with the heading of the group it continues.
      if (i < n && items[i].group >= 0 && (size_t)items[i].group != i && (paged || c > 0)) {
        const Item& hd = items[(size_t)items[i].group];
        xml += item_xml(hd, pt, dir);
        used += height_pt(hd, pt, (float)col_w);
      }
      while (i < n) {
        if (i > start && !last) {
          if (balance ? used >= total / 2 : used + h[i] > avail) break;
          // A heading does not end a column.
          bool heading = items[i].group == (int)i && i + 1 < n;
          if (heading && used + h[i] + h[i + 1] > (balance ? total / 2 : avail)) break;
        }
        xml += item_xml(items[i], pt, dir);
        used += h[i];
        i++;
      }
      const i64 x = rtl ? box.x + box.w - (c + 1) * col_w - c * gap : box.x + c * (col_w + gap);
      s.text("Body", {x, box.y, col_w, box.h}, xml, bs);
    }
    slides.push_back(std::move(s));
  } while (i < n);
}

// ---- Stage slides -------------------------------------------------------------------------------

void stage_slides(std::vector<Slide>& slides, const Map& m, const MeasureFn& measure, JourneyState state, bool two_states,
                  const Words& w) {
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  const Direction dir = m.meta.direction;
  Cells cells(m);
  std::vector<size_t> shown;
  for (size_t si = 0; si < m.stages.size(); si++)
    if (!two_states || m.stages[si].state == state) shown.push_back(si);
  IdMap<const Persona*> persona_of;
  for (const Persona& p : m.personas) persona_of.emplace(p.id, &p);
  for (size_t n = 0; n < shown.size(); n++) {
    const size_t si = shown[n];
    const Stage& stage = m.stages[si];
    std::vector<Item> items;
    auto add = [&](std::string text, Font f, float before, bool bullet, int group, std::string extra = {}) {
      items.push_back({std::move(text), std::move(extra), f, before, bullet, group});
    };
    if (!trim(stage.description).empty()) add(trim(stage.description), {1, false, true, kMuted}, 0, false, -1);
    for (const Metric& x : stage.metrics) add(metric_text(x, w), {0.9f, true, false, kMuted}, 0, false, -1);
    for (size_t li = 0; li < m.lanes.size(); li++) {
      const auto& cs = cells.at(si, li);
      if (cs.empty()) continue;
      const Lane& lane = m.lanes[li];
      int group = (int)items.size();
      add(one_line(lane_title(lane)), {1, true, false, darken(lane.color, 0.25f)}, items.empty() ? 0 : 0.6f, false, group);
      for (const Card* c : cs) {
        std::vector<std::string> extras;
        if (lane.type == LaneType::Emotions) {
          auto p = persona_of.find(c->persona);
          extras.push_back((p != persona_of.end() ? p->second->name + ": " : std::string()) + signed_score(c->score));
        }
        if (!c->channel.empty()) extras.push_back(channel_label(c->channel, w));
        for (const std::string& t : c->tags) extras.push_back("#" + t);
        for (const Metric& x : c->metrics) extras.push_back(metric_text(x, w));
        if (!c->owner.empty()) extras.push_back(c->owner);
        std::string text = trim(c->text);
        if (!c->icon.empty()) text = c->icon + " " + text;
        if (c->moment_of_truth) text = "\xE2\x98\x85 " + text;   // a star: a moment of truth
        add(text.empty() ? std::string("\xE2\x80\x94") : text, {1}, 0.15f, true, group, join(extras, " \xC2\xB7 "));
      }
    }
    std::string title = one_line(stage_title(m, si));
    std::string sub = w.fmt("present.stage_of", "Stage {n} of {total}", {{"n", std::to_string(n + 1)}, {"total", std::to_string(shown.size())}});
    if (two_states) sub = state_name(state, w) + " \xC2\xB7 " + sub;
    sub += " \xC2\xB7 " + map_title(m, w);
    Font nf{14};
    ParaStyle nps;
    std::string notes = trim(stage.notes).empty() ? std::string() : user_paras(trim(stage.notes), nf, nps, dir);
    flow(slides, items, {kMargin, kBodyTop + kInch / 8, kSlideW - 2 * kMargin, kSlideH - kBodyTop - kInch / 8 - kMargin / 2}, measure, dir,
         [&](Slide& s, int page) {
           heading(s, page ? w.fmt("pptx.continued", "{title} (continued)", {{"title", title}}) : title, sub, rtl, stage.color);
           if (page == 0) s.notes = notes;
         });
  }
}

// ---- Personas -----------------------------------------------------------------------------------

void persona_slides(std::vector<Slide>& slides, const Map& m, const MeasureFn& measure, const Words& w) {
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  const Direction dir = m.meta.direction;
  int n = 0;
  for (const Persona& p : m.personas) {
    n++;
    std::vector<Item> items;
    auto section = [&](const char* key, const char* english, const std::vector<std::string>& list) {
      if (list.empty()) return;
      int group = (int)items.size();
      for (int pass = 0; pass <= (int)list.size(); pass++) {
        Item it;
        it.text = pass == 0 ? w(key, english) : list[(size_t)pass - 1];
        it.font = {1, pass == 0, false, pass == 0 ? kMuted : kInk};
        it.before = pass == 0 ? (items.empty() ? 0 : 0.6f) : 0.1f;
        it.bullet = pass > 0;
        it.group = group;
        items.push_back(std::move(it));
      }
    };
    std::vector<std::string> about, channels;
    for (const KeyValue& kv : p.demographics) about.push_back(kv.key + ": " + kv.value);
    for (const std::string& c : p.channels) channels.push_back(channel_label(c, w));
    section("panel.demographics", "About", about);
    section("panel.goals", "Goals", p.goals);
    section("panel.needs", "Needs", p.needs);
    section("panel.motivations", "Motivations", p.motivations);
    section("panel.frustrations", "Frustrations", p.frustrations);
    section("panel.channels", "Preferred channels", p.channels.empty() ? std::vector<std::string>() : channels);
    section("panel.behaviours", "Behaviours", p.behaviours);

    const std::string name = one_line(trim(p.name)).empty() ? w("pptx.persona", "Persona") : one_line(trim(p.name));
    const i64 avatar = kInch * 12 / 10, top = kInch * 3 / 10;
    const i64 text_x = rtl ? kMargin : kMargin + avatar + kInch / 4, text_w = kSlideW - 2 * kMargin - avatar - kInch / 4;
    const Box head{text_x, top, text_w, avatar + kInch / 3};
    const i64 body_top = top + avatar + kInch / 2;
    flow(slides, items, {kMargin, body_top, kSlideW - 2 * kMargin, kSlideH - body_top - kMargin / 2}, measure, dir, [&](Slide& s, int page) {
      Box ab{rtl ? kSlideW - kMargin - avatar : kMargin, top, avatar, avatar};
      std::string bytes;
      bool png = true;
      if (decode_avatar_image(p.avatar.image, &bytes, &png)) {
        s.picture(name, ab, {"", std::move(bytes), png});
      } else {
        Font f{30, true, false, 0xffffff};
        ParaStyle ps;
        ps.algn = "ctr";
        std::string ini = persona_initials(p);
        s.sp("Avatar", ab, prst("ellipse") + solid(persona_color(p)) + kNoLine,
             tx_body(para(run(ini, f), ps, f), {0, 0, 0, 0, "ctr"}));
      }
      Font big{28, true}, role{15, false, false, kMuted}, quote{15, false, true, kInk};
      ParaStyle ps;
      ps.algn = rtl ? "r" : "l";
      std::string x = user_paras(page ? w.fmt("pptx.continued", "{title} (continued)", {{"title", name}}) : name, big, ps, dir);
      if (!trim(p.role).empty()) x += user_paras(trim(p.role), role, ps, dir);
      if (!trim(p.quote).empty() && page == 0) {
        ParaStyle q = ps;
        q.before_pt = 6;
        x += user_paras("\xE2\x80\x9C" + trim(p.quote) + "\xE2\x80\x9D", quote, q, dir);
      }
      BodyStyle bs;
      bs.anchor = "ctr";
      bs.shrink = true;
      s.text("Persona", head, x, bs);
    });
    (void)n;
  }
}

// ---- Actions ------------------------------------------------------------------------------------

void action_slides(std::vector<Slide>& slides, const Map& m, const MeasureFn& measure, const Words& w) {
  if (m.actions.empty()) return;
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  const Direction dir = m.meta.direction;
  IdMap<const Card*> card_of;
  for (const Card& c : m.cards) card_of.emplace(c.id, &c);
  struct Col { const char* key; const char* english; float share; };
  const Col cols[] = {{"text_view.col_title", "Title", 3.0f},   {"text_view.col_kind", "Kind", 1.3f},
                      {"text_view.col_status", "Status", 1.2f}, {"text_view.col_priority", "Priority", 1.0f},
                      {"text_view.col_owner", "Owner", 1.4f},   {"text_view.col_due", "Due", 1.2f},
                      {"text_view.col_impact", "Impact", 0.9f}, {"text_view.col_effort", "Effort", 0.9f},
                      {"xlsx.col.cards", "Cards", 3.0f}};
  const size_t nc = sizeof cols / sizeof cols[0];
  float total_share = 0;
  for (const Col& c : cols) total_share += c.share;
  const i64 table_w = kSlideW - 2 * kMargin;
  std::vector<i64> widths;
  for (const Col& c : cols) widths.push_back((i64)(table_w * c.share / total_share));
  std::vector<std::vector<std::string>> rows;
  for (const Action& a : m.actions) {
    std::vector<std::string> linked;
    for (Id id : a.cards) {
      auto it = card_of.find(id);
      if (it != card_of.end()) linked.push_back(one_line(trim(it->second->text)));
    }
    std::string owner = trim(a.owner);
    if (!trim(a.team).empty()) owner += (owner.empty() ? "" : " (") + trim(a.team) + (owner.empty() ? "" : ")");
    rows.push_back({trim(a.title).empty() ? w("text_view.untitled_action", "Untitled action") : trim(a.title),
                    w(std::string("text_view.kind.") + action_kind_key(a.kind), a.kind == ActionKind::ActionItem ? "Action item" : "Opportunity"),
                    key_name(w, "text_view.status.", action_status_key(a.status)),
                    key_name(w, "text_view.priority.", priority_key(a.priority)),
                    owner, a.due,
                    a.impact ? std::to_string(a.impact) : std::string("\xE2\x80\x94"),
                    a.effort ? std::to_string(a.effort) : std::string("\xE2\x80\x94"),
                    join(linked, "; ")});
  }
  const float pt = 11, line = pt * 1.25f;
  const i64 pad = kInch / 20;
  auto row_h = [&](const std::vector<std::string>& r, bool bold) {
    size_t lines = 1;
    for (size_t c = 0; c < nc && c < r.size(); c++) {
      MeasureFn at = [&](const char* b, const char* e) { return measure(b, e) * (pt / 0.75f) / 14.0f * (bold ? 1.05f : 1.0f); };
      float wpx = (float)(widths[c] - 2 * pad) / kEmuPx - 2;
      lines = std::max(lines, wrap_text(r[c], std::max(10.0f, wpx), at).size());
    }
    return (i64)((float)lines * line * kEmuPt) + 2 * pad;
  };
  auto cell = [&](const std::string& text, bool header, Color fill) {
    Font f{pt, header, false, header ? 0xffffff : kInk};
    ParaStyle ps;
    ps.algn = rtl ? "r" : "l";
    std::string x = "<a:tc>" + tx_body(user_paras(text, f, ps, dir), {}, "a:txBody");
    return x + "<a:tcPr marL=\"" + E(pad) + "\" marR=\"" + E(pad) + "\" marT=\"" + E(pad) + "\" marB=\"" + E(pad) + "\">" + solid(fill) + "</a:tcPr></a:tc>";
  };
  std::vector<std::string> header;
  for (const Col& c : cols) header.push_back(w(c.key, c.english));
  // A right-to-left table: the columns from the right. Written in that order rather than marked
  // rtl="1", which LibreOffice does not read.
  if (rtl) {
    std::reverse(widths.begin(), widths.end());
    std::reverse(header.begin(), header.end());
    for (auto& r : rows) std::reverse(r.begin(), r.end());
  }
  const i64 top = kBodyTop, avail = kSlideH - top - kMargin / 2;
  const std::string title = w("text_view.actions", "Opportunities and actions");
  size_t i = 0;
  int page = 0;
  while (i < rows.size()) {
    std::string grid = "<a:tblGrid>";
    for (i64 wd : widths) grid += "<a:gridCol w=\"" + E(wd) + "\"/>";
    grid += "</a:tblGrid>";
    i64 hh = row_h(header, true), used = hh;
    std::string trs = "<a:tr h=\"" + E(hh) + "\">";
    for (const std::string& h : header) trs += cell(h, true, 0x334155);
    trs += "</a:tr>";
    size_t start = i;
    while (i < rows.size()) {
      i64 rh = row_h(rows[i], false);
      if (i > start && used + rh > avail) break;
      used += rh;
      trs += "<a:tr h=\"" + E(rh) + "\">";
      for (const std::string& v : rows[i]) trs += cell(v, false, (i - start) % 2 ? 0xf1f5f9 : 0xffffff);
      trs += "</a:tr>";
      i++;
    }
    Slide s;
    heading(s, page++ ? w.fmt("pptx.continued", "{title} (continued)", {{"title", title}}) : title, map_title(m, w), rtl);
    s.shapes += "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"" + E(s.next_id++) +
                "\" name=\"Actions\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>" +
                xfrm({kMargin, top, table_w, used}, "p") +
                "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\" bandRow=\"1\"/>" + grid + trs + "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>";
    slides.push_back(std::move(s));
  }
}

// ---- Title --------------------------------------------------------------------------------------

Slide title_slide(const Map& m, const Words& w) {
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  const Direction dir = m.meta.direction;
  Slide s;
  // A band of the stage colours along the top, in journey order from the reading side.
  std::vector<Color> colors;
  for (const Stage& st : m.stages) if (st.state == JourneyState::Current) colors.push_back(st.color);
  if (!colors.empty()) {
    i64 seg = kSlideW / (i64)colors.size();
    for (size_t i = 0; i < colors.size(); i++) {
      i64 x = rtl ? kSlideW - (i64)(i + 1) * seg : (i64)i * seg;
      s.sp("Stage colour", {x, 0, i + 1 == colors.size() ? kSlideW - (i64)i * seg : seg, kInch / 8}, prst("rect") + solid(colors[i]) + kNoLine);
    }
  }
  ParaStyle ps;
  ps.algn = rtl ? "r" : "l";
  Font big{40, true}, goal{20, false, false, kMuted}, body{14}, meta{13, false, false, kMuted};
  std::string x = user_paras(map_title(m, w), big, ps, dir);
  if (!trim(m.meta.goal).empty()) { ParaStyle g = ps; g.before_pt = 12; x += user_paras(trim(m.meta.goal), goal, g, dir); }
  if (!trim(m.meta.description).empty()) { ParaStyle d = ps; d.before_pt = 14; x += user_paras(trim(m.meta.description), body, d, dir); }
  BodyStyle bs;
  bs.anchor = "b";
  bs.shrink = true;
  s.text("Title", {kMargin, kInch, kSlideW - 2 * kMargin, kInch * 37 / 10}, x, bs);
  std::vector<std::string> facts;
  if (!trim(m.meta.owner).empty()) facts.push_back(w("gov.owner", "Owner") + ": " + trim(m.meta.owner));
  facts.push_back(w("gov.status", "Status") + ": " +
                  key_name(w, "gov.status.", map_status_key(m.meta.status)));
  if (!m.meta.reviewed.empty()) facts.push_back(w("gov.reviewed", "Last reviewed") + ": " + m.meta.reviewed);
  if (!m.meta.review_due.empty()) facts.push_back(w("gov.review_due", "Review due") + ": " + m.meta.review_due);
  std::string y = para(run(join(facts, "  \xC2\xB7  "), meta), ps, meta);
  if (!m.personas.empty()) {
    std::vector<std::string> names;
    for (const Persona& p : m.personas) names.push_back(one_line(trim(p.name)));
    ParaStyle pp = ps;
    pp.before_pt = 6;
    y += para(run(w("pptx.personas", "Personas") + ": " + join(names, ", "), meta), pp, meta);
  }
  s.text("About", {kMargin, kInch * 49 / 10, kSlideW - 2 * kMargin, kInch * 15 / 10}, y);
  return s;
}

// ---- Package ------------------------------------------------------------------------------------

std::string ns_attrs() { return std::string(" xmlns:a=\"") + kNsA + "\" xmlns:r=\"" + kNsR + "\" xmlns:p=\"" + kNsP + "\""; }
const char* kGroup =
    "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
    "<a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";
const char* kClrMap =
    "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" "
    "accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>";

std::string rels(const std::vector<std::pair<std::string, std::string>>& list) {   // (type, target), ids rId1...
  std::string x = std::string(kXmlHead) + "<Relationships xmlns=\"" + kNsPkgRel + "\">";
  for (size_t i = 0; i < list.size(); i++)
    x += "<Relationship Id=\"rId" + E((i64)i + 1) + "\" Type=\"" + list[i].first + "\" Target=\"" + list[i].second + "\"/>";
  return x + "</Relationships>";
}
std::string rel_type(const char* t) { return std::string(kNsR) + "/" + t; }

std::string theme_xml(const char* name) {
  auto fonts = [](const char* tag) {
    return std::string("<a:") + tag + "><a:latin typeface=\"Noto Sans\"/><a:ea typeface=\"\"/><a:cs typeface=\"Noto Sans Arabic\"/>"
           "<a:font script=\"Arab\" typeface=\"Noto Sans Arabic\"/><a:font script=\"Hebr\" typeface=\"Noto Sans Hebrew\"/></a:" + tag + ">";
  };
  auto fill = [](const char* c) { return std::string("<a:solidFill><a:schemeClr val=\"") + c + "\"/></a:solidFill>"; };
  std::string x = std::string(kXmlHead) + "<a:theme xmlns:a=\"" + kNsA + "\" name=\"" + name + "\"><a:themeElements>"
      "<a:clrScheme name=\"journeymap\"><a:dk1><a:srgbClr val=\"1F2937\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>"
      "<a:dk2><a:srgbClr val=\"334155\"/></a:dk2><a:lt2><a:srgbClr val=\"F1F5F9\"/></a:lt2>"
      "<a:accent1><a:srgbClr val=\"6366F1\"/></a:accent1><a:accent2><a:srgbClr val=\"0EA5E9\"/></a:accent2>"
      "<a:accent3><a:srgbClr val=\"10B981\"/></a:accent3><a:accent4><a:srgbClr val=\"F59E0B\"/></a:accent4>"
      "<a:accent5><a:srgbClr val=\"EF4444\"/></a:accent5><a:accent6><a:srgbClr val=\"EC4899\"/></a:accent6>"
      "<a:hlink><a:srgbClr val=\"2563EB\"/></a:hlink><a:folHlink><a:srgbClr val=\"7C3AED\"/></a:folHlink></a:clrScheme>"
      "<a:fontScheme name=\"journeymap\">" + fonts("majorFont") + fonts("minorFont") + "</a:fontScheme>"
      "<a:fmtScheme name=\"journeymap\"><a:fillStyleLst>" + fill("phClr") + fill("phClr") + fill("phClr") + "</a:fillStyleLst>"
      "<a:lnStyleLst><a:ln w=\"6350\">" + fill("phClr") + "</a:ln><a:ln w=\"12700\">" + fill("phClr") + "</a:ln><a:ln w=\"19050\">" +
      fill("phClr") + "</a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle>"
      "<a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"
      "<a:bgFillStyleLst>" + fill("phClr") + fill("phClr") + fill("phClr") + "</a:bgFillStyleLst></a:fmtScheme>"
      "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>";
  return x;
}

std::string package(const Map& m, const std::vector<Slide>& slides, std::string* error) {
  std::vector<ZipEntry> files;
  const size_t n = slides.size();
  bool any_notes = false;
  bool png = false, jpeg = false;
  for (const Slide& s : slides) {
    any_notes = any_notes || !s.notes.empty();
    for (const Media& md : s.media) (md.png ? png : jpeg) = true;
  }
  std::string types = std::string(kXmlHead) + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
  if (png) types += "<Default Extension=\"png\" ContentType=\"image/png\"/>";
  if (jpeg) types += "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>";
  auto over = [&](const std::string& part, const std::string& ct) { types += "<Override PartName=\"" + part + "\" ContentType=\"" + ct + "\"/>"; };
  const std::string pml = kCtPrefix;
  over("/ppt/presentation.xml", pml + "presentation.main+xml");
  over("/ppt/slideMasters/slideMaster1.xml", pml + "slideMaster+xml");
  over("/ppt/slideLayouts/slideLayout1.xml", pml + "slideLayout+xml");
  over("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml");
  over("/ppt/presProps.xml", pml + "presProps+xml");
  over("/ppt/viewProps.xml", pml + "viewProps+xml");
  over("/ppt/tableStyles.xml", pml + "tableStyles+xml");
  over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  if (any_notes) {
    over("/ppt/notesMasters/notesMaster1.xml", pml + "notesMaster+xml");
    over("/ppt/theme/theme2.xml", "application/vnd.openxmlformats-officedocument.theme+xml");
  }
  for (size_t i = 0; i < n; i++) {
    over("/ppt/slides/slide" + E((i64)i + 1) + ".xml", pml + "slide+xml");
    if (!slides[i].notes.empty()) over("/ppt/notesSlides/notesSlide" + E((i64)i + 1) + ".xml", pml + "notesSlide+xml");
  }
  types += "</Types>";
  files.push_back({"[Content_Types].xml", types});
  files.push_back({"_rels/.rels", rels({{rel_type("officeDocument"), "ppt/presentation.xml"},
                                        {std::string(kNsPkgRel) + "/metadata/core-properties", "docProps/core.xml"}})});
  std::string title = m.meta.title.empty() ? std::string("Customer journey map") : m.meta.title;
  files.push_back({"docProps/core.xml", std::string(kXmlHead) +
      "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" + xml_escape(title) +
      "</dc:title><dc:creator>journeymap</dc:creator></cp:coreProperties>"});

  // The presentation: rId1 the master, rId2.. the slides, then the other parts.
  std::vector<std::pair<std::string, std::string>> prels{{rel_type("slideMaster"), "slideMasters/slideMaster1.xml"}};
  std::string ids;
  for (size_t i = 0; i < n; i++) {
    prels.push_back({rel_type("slide"), "slides/slide" + E((i64)i + 1) + ".xml"});
    ids += "<p:sldId id=\"" + E(256 + (i64)i) + "\" r:id=\"rId" + E((i64)i + 2) + "\"/>";
  }
  prels.push_back({rel_type("presProps"), "presProps.xml"});
  prels.push_back({rel_type("viewProps"), "viewProps.xml"});
  prels.push_back({rel_type("theme"), "theme/theme1.xml"});
  prels.push_back({rel_type("tableStyles"), "tableStyles.xml"});
  std::string notes_master_id;
  if (any_notes) {
    prels.push_back({rel_type("notesMaster"), "notesMasters/notesMaster1.xml"});
    notes_master_id = "<p:notesMasterIdLst><p:notesMasterId r:id=\"rId" + E((i64)prels.size()) + "\"/></p:notesMasterIdLst>";
  }
  files.push_back({"ppt/presentation.xml", std::string(kXmlHead) + "<p:presentation" + ns_attrs() + " saveSubsetFonts=\"1\">"
      "<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>" + notes_master_id +
      "<p:sldIdLst>" + ids + "</p:sldIdLst><p:sldSz cx=\"" + E(kSlideW) + "\" cy=\"" + E(kSlideH) +
      "\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>"});
  files.push_back({"ppt/_rels/presentation.xml.rels", rels(prels)});
  files.push_back({"ppt/presProps.xml", std::string(kXmlHead) + "<p:presentationPr" + ns_attrs() + "/>"});
  files.push_back({"ppt/viewProps.xml", std::string(kXmlHead) + "<p:viewPr" + ns_attrs() +
      "><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr>"
      "<p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"});
  files.push_back({"ppt/tableStyles.xml", std::string(kXmlHead) + "<a:tblStyleLst xmlns:a=\"" + kNsA +
      "\" def=\"{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}\"/>"});
  files.push_back({"ppt/theme/theme1.xml", theme_xml("journeymap")});
  const char* kTx = "<a:lvl1pPr><a:defRPr sz=\"1800\"><a:latin typeface=\"+mn-lt\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl1pPr>";
  files.push_back({"ppt/slideMasters/slideMaster1.xml", std::string(kXmlHead) + "<p:sldMaster" + ns_attrs() +
      "><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>" +
      kGroup + "</p:spTree></p:cSld>" + kClrMap +
      "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle>" + kTx +
      "</p:titleStyle><p:bodyStyle>" + kTx + "</p:bodyStyle><p:otherStyle>" + kTx + "</p:otherStyle></p:txStyles></p:sldMaster>"});
  files.push_back({"ppt/slideMasters/_rels/slideMaster1.xml.rels",
                   rels({{rel_type("slideLayout"), "../slideLayouts/slideLayout1.xml"}, {rel_type("theme"), "../theme/theme1.xml"}})});
  files.push_back({"ppt/slideLayouts/slideLayout1.xml", std::string(kXmlHead) + "<p:sldLayout" + ns_attrs() +
      " type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\"><p:spTree>" + kGroup +
      "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"});
  files.push_back({"ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels({{rel_type("slideMaster"), "../slideMasters/slideMaster1.xml"}})});
  if (any_notes) {
    files.push_back({"ppt/theme/theme2.xml", theme_xml("journeymap notes")});
    files.push_back({"ppt/notesMasters/notesMaster1.xml", std::string(kXmlHead) + "<p:notesMaster" + ns_attrs() + "><p:cSld><p:spTree>" +
        kGroup +
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/>"
        "</p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/>"
        "<a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr></p:sp>"
        "<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>"
        "<p:ph type=\"body\" sz=\"quarter\" idx=\"3\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"685800\" y=\"4343400\"/>"
        "<a:ext cx=\"5486400\" cy=\"4114800\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>"
        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp></p:spTree></p:cSld>" +
        kClrMap + "<p:notesStyle>" + kTx + "</p:notesStyle></p:notesMaster>"});
    files.push_back({"ppt/notesMasters/_rels/notesMaster1.xml.rels", rels({{rel_type("theme"), "../theme/theme2.xml"}})});
  }
  int image = 0;
  for (size_t i = 0; i < n; i++) {
    const Slide& s = slides[i];
    const std::string k = E((i64)i + 1);
    files.push_back({"ppt/slides/slide" + k + ".xml", std::string(kXmlHead) + "<p:sld" + ns_attrs() + "><p:cSld><p:spTree>" + kGroup +
        s.shapes + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"});
    std::vector<std::pair<std::string, std::string>> r{{rel_type("slideLayout"), "../slideLayouts/slideLayout1.xml"}};
    for (const Media& md : s.media) {
      std::string file = "image" + E(++image) + (md.png ? ".png" : ".jpeg");
      r.push_back({rel_type("image"), "../media/" + file});
      files.push_back({"ppt/media/" + file, md.data});
    }
    if (!s.notes.empty()) {
      r.push_back({rel_type("notesSlide"), "../notesSlides/notesSlide" + k + ".xml"});
      files.push_back({"ppt/notesSlides/notesSlide" + k + ".xml", std::string(kXmlHead) + "<p:notes" + ns_attrs() +
          "><p:cSld><p:spTree>" + kGroup +
          "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/>"
          "</p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>"
          "<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>"
          "<p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/>" + tx_body(s.notes, {}, "p:txBody") +
          "</p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"});
      files.push_back({"ppt/notesSlides/_rels/notesSlide" + k + ".xml.rels",
                       rels({{rel_type("notesMaster"), "../notesMasters/notesMaster1.xml"}, {rel_type("slide"), "../slides/slide" + k + ".xml"}})});
    }
    files.push_back({"ppt/slides/_rels/slide" + k + ".xml.rels", rels(r)});
  }
  return zip_write(files, error);
}

}  // namespace

std::string map_to_pptx(const Map& m, const MeasureFn& measure, std::string* error, const NameFn& names) {
  Words w{names};
  std::vector<Slide> slides;
  slides.push_back(title_slide(m, w));
  bool has_future = false;
  for (const Stage& s : m.stages) has_future = has_future || s.state == JourneyState::Future;
  for (JourneyState state : {JourneyState::Current, JourneyState::Future}) {
    if (state == JourneyState::Future && !has_future) break;
    map_slides(slides, m, measure, state, has_future, w);
  }
  for (JourneyState state : {JourneyState::Current, JourneyState::Future}) {
    if (state == JourneyState::Future && !has_future) break;
    stage_slides(slides, m, measure, state, has_future, w);
  }
  persona_slides(slides, m, measure, w);
  action_slides(slides, m, measure, w);
  return package(m, slides, error);
}

} // namespace jm
