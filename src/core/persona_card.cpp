// persona_card.cpp: a persona as a printable SVG card (see persona_card.h).
#include "core/persona_card.h"
#include "core/export.h"
#include "core/text.h"
#include <algorithm>
#include <cmath>

namespace jm {

namespace {

std::string num(float v) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", (double)v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string hex(Color c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", (unsigned)(c & 0xffffff));
  return buf;
}

// c mixed toward white by (1 - t): tints for the header band.
Color tint(Color c, float t) {
  auto ch = [&](int shift) { float v = (float)((c >> shift) & 255); return (Color)std::lround(255 - (255 - v) * t); };
  return ch(16) << 16 | ch(8) << 8 | ch(0);
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

size_t next_cp(const std::string& s, size_t i) {
  i++;
  while (i < s.size() && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  return i;
}

// Writes the card. All x positions are computed as if left to right and mirrored on output when
// the card is right to left, so the layout code is written once.
struct CardWriter {
  bool rtl = false;
  float page_w = 0;
  std::string out;
  const MeasureFn& measure;

  explicit CardWriter(const MeasureFn& m) : measure(m) {}

  float mx(float x, float w = 0) const { return rtl ? page_w - x - w : x; }
  MeasureFn at(float px) const {
    const MeasureFn& m = measure;
    return [&m, px](const char* b, const char* e) { return m(b, e) * px / 14.0f; };
  }
  // One line in the (left-to-right) box [left, right]: anchored at its start, which is the right
  // edge for a right-to-left line; the direction attribute only where it differs from the root.
  // Every line sits on the card's reading-start side (the right edge of a right-to-left card), an
  // English goal in an Arabic card included, as a designer lines up a list; the letters still run
  // in the line's own direction. SVG anchors text at its start, which for a line of the other
  // direction is the far edge: such a line is anchored at its end instead.
  void line(float left, float right, float y, const std::string& s, bool line_rtl, const std::string& attrs) {
    float l = mx(left, right - left), r = l + (right - left);
    out += "<text x=\"" + num(rtl ? r : l) + "\" y=\"" + num(y) + "\"";
    if (line_rtl != rtl) out += std::string(line_rtl ? " direction=\"rtl\"" : " direction=\"ltr\"") + " text-anchor=\"end\"";
    out += attrs + ">" + xml_escape(s) + "</text>\n";
  }
  // Wrapped text in [left, left + width] starting at baseline y; returns the y after it.
  float para(float left, float width, float y, const std::string& text, float px, float line_h, const std::string& attrs,
             int max_lines = 1000) {
    std::vector<TextLine> lines = wrap_text(text, width, at(px));
    int n = 0;
    for (const TextLine& tl : lines) {
      std::string s = text.substr(tl.begin, tl.end - tl.begin);
      if (++n == max_lines && &tl != &lines.back()) s += "\xE2\x80\xA6";
      // The paragraph holding this line decides its direction (like the editor's cards).
      size_t start = text.rfind('\n', tl.begin == 0 ? 0 : tl.begin - 1);
      start = (start == std::string::npos || tl.begin == 0) ? 0 : start + 1;
      bool r = paragraph_is_rtl(std::string_view(text).substr(start), rtl ? BaseDir::AutoRtl : BaseDir::Auto);
      if (!s.empty()) line(left, left + width, y, s, r, attrs);
      y += line_h;
      if (n >= max_lines) break;
    }
    return y;
  }
  void rect(float x, float y, float w, float h, const std::string& attrs) {
    out += "<rect x=\"" + num(mx(x, w)) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\" " + attrs + "/>\n";
  }
  void circle(float cx, float cy, float r, const std::string& attrs) {
    out += "<circle cx=\"" + num(mx(cx)) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" " + attrs + "/>\n";
  }
};



} // namespace

std::string persona_initials(const Persona& p, int max) {
  if (!p.avatar.initials.empty()) return p.avatar.initials;
  std::string out, name = trimmed(p.name);
  int n = 0;
  bool word_start = true;
  for (size_t i = 0; i < name.size() && n < max;) {
    size_t j = next_cp(name, i);
    bool space = name[i] == ' ' || name[i] == '\t' || name[i] == '\n';
    if (!space && word_start) {
      std::string cp = name.substr(i, j - i);
      if (cp.size() == 1) cp[0] = (char)std::toupper((unsigned char)cp[0]);
      out += cp;
      n++;
    }
    word_start = space;
    i = j;
  }
  return out.empty() ? "?" : out;
}

Color persona_color(const Persona& p) {
  if (p.avatar.color) return p.avatar.color;
  static const Color palette[] = {0x0ea5e9, 0x6366f1, 0x8b5cf6, 0xec4899, 0xf97316, 0x10b981, 0x14b8a6, 0xeab308};
  uint32_t h = 2166136261u;   // FNV-1a of the name (or uid): the same persona gets the same colour everywhere
  for (unsigned char c : (p.name.empty() ? p.uid : p.name)) h = (h ^ c) * 16777619u;
  return palette[h % (sizeof palette / sizeof palette[0])];
}

std::string persona_card_svg(const Persona& p, const MeasureFn& measure, const NameFn& names, bool rtl, float width) {
  // A narrow card (a phone) has one column and a smaller picture; a print is 760 wide.
  const float kCardW = std::max(280.0f, std::min(1200.0f, width));
  const bool single = kCardW < 560;
  const float kMargin = single ? 12 : 24, kPad = single ? 20 : 28, kAvatar = single ? 64 : 96;
  CardWriter c(measure);
  c.rtl = rtl;
  c.page_w = kCardW + 2 * kMargin;
  const Color accent = persona_color(p);
  std::string body;   // everything under the root, written after the height is known

  // ---- Header band: avatar, name, role, quote ----
  const float x0 = kMargin, y0 = kMargin;
  const float tx = x0 + kPad + kAvatar + (single ? 16 : 24), tw = kCardW - (tx - x0) - kPad;
  std::string name = trimmed(p.name), role = trimmed(p.role), quote = trimmed(p.quote);
  // para() returns the next baseline; the ink of the last line ends about 8 units under its own.
  const float name_px = single ? 21 : 26, name_h = single ? 28 : 34;
  float y = c.para(tx, tw, y0 + kPad + name_px + 4, name.empty() ? std::string("\xE2\x80\x94") : name, name_px, name_h,
                   " font-size=\"" + num(name_px) + "\" font-weight=\"700\"", 2);
  float bottom = y - name_h + 8;
  if (!role.empty()) { y = c.para(tx, tw, bottom + 20, role, 15, 22, " font-size=\"15\" fill=\"#475569\"", 2); bottom = y - 22 + 6; }
  if (!quote.empty()) {
    // A quote is set off by a bar on its reading-start side (no quotation marks: Arabic, Hebrew and
    // English each use their own).
    float qy = bottom + 28;
    y = c.para(tx + 14, tw - 14, qy, quote, 15, 22, " font-size=\"15\" fill=\"#334155\"", 6);
    c.rect(tx, qy - 15, 3, y - qy - 2, "rx=\"1.5\" fill=\"" + hex(accent) + "\"");
    bottom = y - 22 + 6;
  }
  std::string header_text = c.out;
  float header_h = std::max(kAvatar + 2 * kPad, bottom - y0 + kPad);

  // Avatar: the image in a circle, or the initials on the persona's colour.
  c.out.clear();
  float acx = x0 + kPad + kAvatar / 2, acy = y0 + kPad + kAvatar / 2;
  if (!p.avatar.image.empty() && check_avatar_image(p.avatar.image).empty()) {
    c.out += "<clipPath id=\"avatar\"><circle cx=\"" + num(c.mx(acx)) + "\" cy=\"" + num(acy) + "\" r=\"" + num(kAvatar / 2) + "\"/></clipPath>\n";
    c.out += "<image x=\"" + num(c.mx(acx - kAvatar / 2, kAvatar)) + "\" y=\"" + num(acy - kAvatar / 2) + "\" width=\"" + num(kAvatar) +
             "\" height=\"" + num(kAvatar) + "\" preserveAspectRatio=\"xMidYMid slice\" clip-path=\"url(#avatar)\" xlink:href=\"" +
             xml_escape(p.avatar.image) + "\"/>\n";
    c.circle(acx, acy, kAvatar / 2, "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"3\"");
  } else {
    c.circle(acx, acy, kAvatar / 2, "fill=\"" + hex(accent) + "\"");
    c.out += "<text x=\"" + num(c.mx(acx)) + "\" y=\"" + num(acy + kAvatar * 0.125f) + "\" text-anchor=\"middle\" font-size=\"" +
             num(kAvatar * 0.35f) + "\" font-weight=\"700\" fill=\"#ffffff\">" +
             xml_escape(persona_initials(p)) + "</text>\n";
  }
  std::string avatar = c.out;

  // ---- Body: two columns ----
  const float by = y0 + header_h + 30;
  const float col1_x = x0 + kPad, col1_w = single ? kCardW - 2 * kPad : 220, col2_x = col1_x + col1_w + 36,
              col2_w = kCardW - (col2_x - x0) - kPad;
  c.out.clear();
  auto heading = [&](float x, float w, float yy, const char* key, const char* english) {
    std::string h = names(key, english);
    c.line(x, x + w, yy, h, paragraph_is_rtl(h, rtl ? BaseDir::AutoRtl : BaseDir::Auto),
           " font-size=\"12\" font-weight=\"700\" fill=\"" + hex(accent) + "\" letter-spacing=\"0.4\"");
    c.rect(x, yy + 7, w, 1, "fill=\"#e2e8f0\"");
    return yy + 28;
  };
  // Column 1: demographics (key above value), preferred channels.
  float y1 = by;
  bool any1 = false;
  if (!p.demographics.empty()) {
    y1 = heading(col1_x, col1_w, y1, "panel.demographics", "Demographics");
    for (const KeyValue& kv : p.demographics) {
      if (trimmed(kv.key).empty() && trimmed(kv.value).empty()) continue;
      y1 = c.para(col1_x, col1_w, y1, trimmed(kv.key), 12, 17, " font-size=\"12\" fill=\"#64748b\"", 2);
      y1 = c.para(col1_x, col1_w, y1, trimmed(kv.value), 14, 20, "", 4) + 6;
    }
    any1 = true;
  }
  if (!p.channels.empty()) {
    if (any1) y1 += 12;
    y1 = heading(col1_x, col1_w, y1, "panel.channels", "Preferred channels");
    for (const std::string& ch : p.channels) {
      const ChannelInfo* ci = channel_info(ch);
      std::string shown = ci ? names("channel." + ch, ci->name) : ch;
      c.circle(col1_x + 4, y1 - 5, 3, "fill=\"" + hex(accent) + "\"");
      y1 = c.para(col1_x + 14, col1_w - 14, y1, shown, 14, 22, "", 2);
    }
    any1 = true;
  }
  // Column 2 (the whole width when column 1 is empty): the lists.
  float lx = any1 && !single ? col2_x : col1_x, lw = any1 && !single ? col2_w : kCardW - 2 * kPad;
  float y2 = single && any1 ? y1 + 12 : by;   // one column: the lists under the details
  struct List { const char* key; const char* english; const std::vector<std::string>* items; };
  const List lists[] = {{"panel.goals", "Goals", &p.goals}, {"panel.needs", "Needs", &p.needs},
                        {"panel.motivations", "Motivations", &p.motivations}, {"panel.frustrations", "Frustrations", &p.frustrations},
                        {"panel.behaviours", "Behaviours", &p.behaviours}};
  bool first = true;
  for (const List& l : lists) {
    std::vector<std::string> items;
    for (const std::string& s : *l.items)
      if (!trimmed(s).empty()) items.push_back(trimmed(s));
    if (items.empty()) continue;
    if (!first) y2 += 12;
    first = false;
    y2 = heading(lx, lw, y2, l.key, l.english);
    for (const std::string& s : items) {
      c.circle(lx + 4, y2 - 5, 3, "fill=\"" + hex(accent) + "\"");
      y2 = c.para(lx + 14, lw - 14, y2, s, 14, 20, "") + 6;
    }
  }
  std::string columns = c.out;
  bool empty_body = !any1 && first;
  float card_h = header_h + (empty_body ? 0 : std::max(y1, y2) - by + 30 + 8);
  float page_h = card_h + 2 * kMargin;

  std::string& out = body;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"" + num(c.page_w) +
         "\" height=\"" + num(page_h) + "\" viewBox=\"0 0 " + num(c.page_w) + " " + num(page_h) + "\"" +
         " font-family=\"Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\" font-size=\"14\" fill=\"#1f2937\"" +
         (rtl ? " direction=\"rtl\"" : "") + ">\n";
  out += "<title>" + xml_escape(name.empty() ? std::string("Persona") : name) + "</title>\n";
  if (!role.empty()) out += "<desc>" + xml_escape(role) + "</desc>\n";
  c.out.clear();
  c.rect(0, 0, c.page_w, page_h, "fill=\"#ffffff\"");
  c.rect(x0, y0, kCardW, card_h, "rx=\"16\" fill=\"#ffffff\" stroke=\"#e2e8f0\" stroke-width=\"1.5\"");
  // The band: rounded at the top only (a rounded rect, its lower corners covered by a square strip).
  c.rect(x0, y0, kCardW, header_h, "rx=\"16\" fill=\"" + hex(tint(accent, 0.12f)) + "\"");
  if (!empty_body) c.rect(x0, y0 + header_h - 16, kCardW, 16, "fill=\"" + hex(tint(accent, 0.12f)) + "\"");
  out += c.out + avatar + header_text + columns;
  out += "</svg>\n";
  return body;
}

} // namespace jm
