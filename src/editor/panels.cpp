// panels.cpp: the panels around the canvas that are not the inspector. Beside the canvas (on the
// interface's start side): the map's personas with their edit form, and the journey summary.
// Under it: the actions table and the impact-effort matrix (actions_panel.cpp). Dialogs: a persona's printable card
// and the browser-wide persona library. Like the rest of the editor they read the model and issue
// commands (core/edit.h); what they keep is view state (PanelsState in editor.h).
//
// Text the user types goes through the browser field laid over a box (EditKind::Panel, with
// TextEdit::key naming the field), so Arabic and Hebrew are typed as in any web page; the field
// is committed in panels_text_done.
#include "editor/editor.h"
#include "editor/evidence.h"
#include "editor/panels_parts.h"
#include "editor/render.h"
#include "core/analytics.h"
#include "core/export.h"
#include "core/io.h"
#include "core/persona_card.h"
#include "platform/platform.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <functional>
#include <unordered_map>

namespace jm {

static const Color kSwatches[] = {0x0ea5e9, 0x6366f1, 0x8b5cf6, 0xec4899, 0xef4444, 0xf97316, 0xeab308, 0x10b981, 0x14b8a6, 0x64748b};

// ---- Small pieces -------------------------------------------------------------------------------

void heading(Editor& ed, const char* key) {
  ImGui::Spacing();
  ImGui::PushFont(ed.font_bold);
  ui_text(T(key), ed.theme.text_muted);
  ImGui::PopFont();
}

// A small square button with a drawn cross (no glyph needed); `id` is recorded for tests.
bool cross_button(Editor& ed, const std::string& id, ImVec2 at, float size, const char* tip_key) {
  ImGui::SetCursorScreenPos(at);
  bool hit = ImGui::InvisibleButton(id.c_str(), ImVec2(size, size));
  ui_record(id.c_str());
  bool hov = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hov) dl->AddRectFilled(at, ImVec2(at.x + size, at.y + size), ed.theme.dark ? IM_COL32(255, 255, 255, 20) : IM_COL32(15, 23, 42, 14), 5 * ed.ui);
  float c = size * 0.5f, r = size * 0.2f;
  ImU32 col = hov ? ed.theme.text : ed.theme.text_muted;
  dl->AddLine(ImVec2(at.x + c - r, at.y + c - r), ImVec2(at.x + c + r, at.y + c + r), col, 1.5f * ed.ui);
  dl->AddLine(ImVec2(at.x + c + r, at.y + c - r), ImVec2(at.x + c - r, at.y + c + r), col, 1.5f * ed.ui);
  if (hov && tip_key) ImGui::SetTooltip("%s", T(tip_key));
  return hit;
}

// A button sized to its label, placed on the reading-start side of the line (right when RTL).
bool start_button(const char* key) {
  const char* label = TL(key);
  if (ui_rtl()) {
    float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - w));
  }
  bool r = ImGui::Button(label);
  ui_record(key);
  return r;
}

// The same with a label made here (display text + "###" id).
static bool start_button_text(const char* label, const char* record_id) {
  if (ui_rtl()) {
    float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - w));
  }
  bool r = ImGui::Button(label);
  ui_record(record_id);
  return r;
}

static bool danger_button(Editor& ed, const char* key) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.negative));
  bool r = ImGui::Button(TL(key), ImVec2(-1, 0));
  ui_record(key);
  ImGui::PopStyleColor();
  return r;
}

// Numbers typed by people: "42", "42.5", "42,5", "٤٢٫٥" (Arabic-Indic digits and separator), with
// an optional % or spaces around. Empty means no value. False when it is not a number.
static bool parse_number(const std::string& s, std::optional<double>* out) {
  std::string ascii;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xD9 && i + 1 < s.size() && (unsigned char)s[i + 1] >= 0xA0 && (unsigned char)s[i + 1] <= 0xA9) {   // U+0660..0669
      ascii += (char)('0' + ((unsigned char)s[i + 1] - 0xA0));
      i += 2;
    } else if (c == 0xDB && i + 1 < s.size() && (unsigned char)s[i + 1] >= 0xB0 && (unsigned char)s[i + 1] <= 0xB9) {   // U+06F0..06F9
      ascii += (char)('0' + ((unsigned char)s[i + 1] - 0xB0));
      i += 2;
    } else if (c == 0xD9 && i + 1 < s.size() && (unsigned char)s[i + 1] == 0xAB) {   // U+066B Arabic decimal separator
      ascii += '.';
      i += 2;
    } else if (c == ',') { ascii += '.'; i++; }
    else if (c == ' ' || c == '%') i++;
    else { ascii += (char)c; i++; }
  }
  if (ascii.empty()) { out->reset(); return true; }
  char* end = nullptr;
  double v = std::strtod(ascii.c_str(), &end);
  if (!end || *end || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// A UTC ISO 8601 date-time for a new comment, and a local "YYYY-MM-DD HH:MM" to show one.
std::string iso_now() {
  time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}
std::string comment_time_shown(const std::string& iso) {
  int Y, M, D, h = 0, m = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d", &Y, &M, &D, &h, &m) < 3) return iso;
  std::tm tm{};
  tm.tm_year = Y - 1900; tm.tm_mon = M - 1; tm.tm_mday = D; tm.tm_hour = h; tm.tm_min = m;
  bool utc = iso.find('Z') != std::string::npos;
  time_t t = utc ? timegm(&tm) : std::mktime(&tm);
  return local_time_text((double)t * 1000.0);
}

std::string file_stem(const Doc& doc) {
  std::string name = doc.map.meta.title.empty() ? TX("file.stem") : doc.map.meta.title;
  for (char& c : name)
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') c = '-';
  return name;
}

// ---- Text fields ---------------------------------------------------------------------------------

void panel_edit(Editor& ed, const Doc& doc, const std::string& key, Id id, ImVec2 pos, ImVec2 size, const std::string& text,
                const char* placeholder_key, bool multiline) {
  if (doc.read_only && key != "actions.filter") return;   // filtering a read-only map is fine
  ed.editing = TextEdit();
  ed.editing.kind = EditKind::Panel;
  ed.editing.key = key;
  ed.editing.id = id;
  ed.editing.pos = pos;
  ed.editing.size = size;
  ed.editing.font_px = 14 * ed.ui;
  platform::TextField f;
  f.x = pos.x;
  f.y = pos.y;
  f.w = size.x;
  f.h = size.y;
  f.font_px = 14 * ed.ui;
  f.multiline = multiline;
  f.text = text;
  f.placeholder = placeholder_key ? TX(placeholder_key) : std::string();
  f.color = ed.theme.dark ? 0xe5e7eb : 0x1f2937;
  f.background = ed.theme.dark ? 0x262a33 : 0xffffff;
  platform::text_field_open(f);
}

ImRect panel_text_box(Editor& ed, const Doc& doc, const std::string& key, Id id, const std::string& value,
                      const char* placeholder_key, bool multiline, float width) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  float w = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  float size = 14 * u, line_h = size * kEm, pad = 8 * u;
  ImFont* font = ed.font_ui;
  DisplayLines lines = wrap_display(value, w - 2 * pad, [font, size](const char* b, const char* e) { return measure_shaped(font, size, b, e); },
                                    ui_rtl() ? BaseDir::AutoRtl : BaseDir::Auto);
  if (!multiline && lines.size() > 1) lines.resize(1);
  float h = std::max(1, (int)lines.size()) * line_h + 2 * pad;
  if (multiline) h = std::max(h, 2 * line_h + 2 * pad);
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool editing_this = ed.editing.kind == EditKind::Panel && ed.editing.key == key && ed.editing.id == id;
  std::string wid = key + "#" + std::to_string(id);
  ImGui::PushID(wid.c_str());
  bool clicked = ImGui::InvisibleButton("box", ImVec2(w, h));
  ImGui::PopID();
  ui_record(wid.c_str());
  bool hov = ImGui::IsItemHovered();
  // A field asked for (a new persona's name, the value of a new demographic row) opens when drawn.
  if ((clicked || ed.panels.focus_field == wid) && !editing_this) {
    if (ed.panels.focus_field == wid) ed.panels.focus_field.clear();
    panel_edit(ed, doc, key, id, ImVec2(p.x + pad, p.y + pad), ImVec2(w - 2 * pad, h - 2 * pad), value, placeholder_key, multiline);
    editing_this = ed.editing.kind == EditKind::Panel;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.dark ? IM_COL32(255, 255, 255, hov ? 20 : 12) : IM_COL32(15, 23, 42, hov ? 12 : 7), 6 * u);
  ImRect box(p, ImVec2(p.x + w, p.y + h));
  if (editing_this) return box;
  if (value.empty()) {
    if (placeholder_key)
      draw_text_fit(dl, font, size, ImVec2(p.x + pad, p.y + pad), w - 2 * pad, t.text_faint, TX(placeholder_key), ui_rtl() ? 1.0f : 0.0f);
    return box;
  }
  float y = p.y + pad;
  ImVec4 clip(p.x, p.y, p.x + w, p.y + h);
  for (const DisplayLine& l : lines) {
    draw_shaped(dl, font, size, ImVec2(l.rtl ? p.x + w - pad - l.width : p.x + pad, y), t.text, l.visual, &clip);
    y += line_h;
  }
  return box;
}

// A one-line cell of the actions table: the value (or a faint placeholder) clipped to the cell;
// a click opens the browser field over the cell.
void cell_box(Editor& ed, const Doc& doc, const std::string& key, Id id, const std::string& value, const char* placeholder_key,
              ImU32 col) {
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight();
  ImVec2 p = ImGui::GetCursorScreenPos();
  std::string wid = key + "#" + std::to_string(id);
  bool editing_this = ed.editing.kind == EditKind::Panel && ed.editing.key == key && ed.editing.id == id;
  ImGui::PushID(wid.c_str());
  bool clicked = ImGui::InvisibleButton("cell", ImVec2(std::max(1.0f, w), h));
  ImGui::PopID();
  ui_record(wid.c_str());
  bool hov = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hov) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ed.theme.dark ? IM_COL32(255, 255, 255, 16) : IM_COL32(15, 23, 42, 10), 5 * u);
  if ((clicked || ed.panels.focus_field == wid) && !editing_this) {
    if (ed.panels.focus_field == wid) ed.panels.focus_field.clear();
    ed.panels.action_sel = id;
    panel_edit(ed, doc, key, id, ImVec2(p.x + 6 * u, p.y + 3 * u), ImVec2(w - 12 * u, h - 6 * u), value, placeholder_key, false);
    return;
  }
  if (editing_this) return;
  float ty = p.y + (h - 14 * u * kEm) * 0.5f;
  if (value.empty()) {
    if (placeholder_key && hov)
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(p.x + 6 * u, ty), w - 12 * u, ed.theme.text_faint, TX(placeholder_key), ui_rtl() ? 1.0f : 0.0f);
    return;
  }
  draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(p.x + 6 * u, ty), w - 12 * u, col ? col : ed.theme.text, value, ui_rtl() ? 1.0f : 0.0f);
}

// ---- Avatar and card textures --------------------------------------------------------------------
// The browser decodes images (an avatar's data URL, a persona card's SVG) into RGBA pixels that
// become GL textures here, keyed by a hash of what was decoded and how: the same picture is
// decoded once however many panels show it, and a changed one gets a new key.
struct Texture {
  ImTextureID tex = nullptr;   // the renderer's (render.h)
  int w = 0, h = 0;
  int last_used = 0;
  bool failed = false;
};
static std::unordered_map<std::string, Texture> g_textures;

static std::string texture_key(const char* kind, const std::string& source, int size) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s:%zx:%zu:%d", kind, std::hash<std::string>()(source), source.size(), size);
  return buf;
}

// The texture for `key`, asking the browser for it the first time; null until it has arrived.
static const Texture* texture(const std::string& key, const std::string& source, bool svg, int size, bool square) {
  auto it = g_textures.find(key);
  if (it == g_textures.end()) {
    // Forget textures no one drew for a while (pictures replaced, cards closed).
    if (g_textures.size() > 48) {
      for (auto i = g_textures.begin(); i != g_textures.end();) {
        if (ImGui::GetFrameCount() - i->second.last_used > 120) {
          render::image_destroy(i->second.tex);
          i = g_textures.erase(i);
        } else ++i;
      }
    }
    it = g_textures.emplace(key, Texture()).first;
    platform::decode_image(key, source, svg, size, square);
  }
  it->second.last_used = ImGui::GetFrameCount();
  return it->second.tex ? &it->second : nullptr;
}

ImTextureID svg_texture(const char* kind, const std::string& svg, int px) {
  const Texture* t = texture(texture_key(kind, svg, px), svg, true, px, false);
  return t ? t->tex : nullptr;
}

void panels_image_pixels(Editor& ed, const char* key, int w, int h, const unsigned char* rgba) {
  (void)ed;
  auto it = g_textures.find(key ? key : "");
  if (it == g_textures.end()) return;   // forgotten meanwhile
  if (!rgba || w <= 0 || h <= 0) { it->second.failed = true; return; }
  ImTextureID tex = render::image_create(w, h, rgba, it->second.tex);
  it->second.tex = tex;
  it->second.w = w;
  it->second.h = h;
}

void draw_avatar(Editor& ed, ImDrawList* dl, const Persona& p, ImVec2 c, float r) {
  if (!p.avatar.image.empty()) {
    // Decoded at a size that stays sharp at the largest avatar shown (the form's, 36 px radius).
    int px = (int)std::ceil(72 * ed.ui);
    px = px <= 96 ? 96 : px <= 160 ? 160 : 256;
    if (const Texture* t = texture(texture_key("avatar", p.avatar.image, px), p.avatar.image, false, px, true)) {
      dl->AddImageRounded(t->tex, ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), ImVec2(0, 0), ImVec2(1, 1),
                          IM_COL32_WHITE, r);
      dl->AddCircle(c, r, ed.theme.dark ? IM_COL32(255, 255, 255, 40) : IM_COL32(15, 23, 42, 30), 0, 1 * ed.ui);
      ed.panels.avatars_drawn.push_back(p.id);
      return;
    }
  }
  dl->AddCircleFilled(c, r, color_u32(persona_color(p)));
  std::string ini = persona_initials(p);
  ImFont* f = ed.font_bold;
  float size = std::max(9.0f * ed.ui, r * 0.8f);
  float w = measure_text(f, size, ini.c_str(), ini.c_str() + ini.size());
  draw_text(dl, f, size, ImVec2(c.x - w * 0.5f, c.y - size * kEm * 0.5f), IM_COL32_WHITE, ini.c_str(), ini.c_str() + ini.size());
}

// ---- Layout --------------------------------------------------------------------------------------

float panels_side_width(const Editor& ed, ImVec2 display, bool narrow) {
  if (ed.panels.side == SidePanel::None || narrow || ed.embed) return 0;
  return std::min(320 * ed.ui, display.x * 0.28f);
}

float panels_bottom_height(const Editor& ed, ImVec2 display, bool narrow) {
  if (ed.panels.bottom == BottomPanel::None || narrow || ed.embed) return 0;
  if (ed.panels.bottom == BottomPanel::Data) return std::max(260 * ed.ui, std::min(display.y * 0.5f, 460 * ed.ui));   // charts need room
  return std::max(230 * ed.ui, std::min(display.y * 0.42f, 400 * ed.ui));
}

// A panel's window: the theme's panel colour, a scrollbar when its content is taller.
static bool panel_window(Editor& ed, const char* name, ImVec2 pos, ImVec2 size, ImVec2 pad, bool front) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, pad);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(ed.theme.panel_bg));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
  if (!front) flags |= ImGuiWindowFlags_NoBringToFrontOnFocus;
  bool open = ImGui::Begin(name, nullptr, flags);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(3);
  // On a phone the panel covers the canvas and the inspector sheet; a dialog or a menu opened
  // since stays above it.
  if (front && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  return open;
}

// A panel's title line: the title on the reading side, a close cross at the far end.
static bool panel_title(Editor& ed, const char* title, const char* close_id) {
  float u = ed.ui, avail = ImGui::GetContentRegionAvail().x, size = 26 * u;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::PushFont(ed.font_title);
  float th = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  float tw = ed.font_title->CalcTextSizeA(ed.font_title->FontSize * 0.8f, FLT_MAX, 0, title).x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float fs = ed.font_title->FontSize * 0.8f;
  dl->AddText(ed.font_title, fs, ImVec2(ui_rtl() ? p.x + avail - tw : p.x, p.y + (size - fs) * 0.5f), ed.theme.text, title);
  bool closed = cross_button(ed, close_id, ImVec2(ui_rtl() ? p.x : p.x + avail - size, p.y), size, "panel.close");
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + std::max(size, th * 0.8f) + 6 * u));
  ImGui::Dummy(ImVec2(avail, 1));
  return closed;
}

// ---- Personas panel ------------------------------------------------------------------------------

static const struct { const char* field; const char* heading; const char* placeholder; } kLists[] = {
    {"goals", "panel.goals", "panel.add_goal"},
    {"needs", "panel.needs", "panel.add_need"},
    {"motivations", "panel.motivations", "panel.add_motivation"},
    {"frustrations", "panel.frustrations", "panel.add_frustration"},
    {"behaviours", "panel.behaviours", "panel.add_behaviour"},
};

static std::vector<std::string>* persona_list(Persona& p, const std::string& field) {
  if (field == "goals") return &p.goals;
  if (field == "needs") return &p.needs;
  if (field == "motivations") return &p.motivations;
  if (field == "frustrations") return &p.frustrations;
  if (field == "behaviours") return &p.behaviours;
  return nullptr;
}

static void open_persona(Editor& ed, Id id) {
  ed.panels.side = SidePanel::Personas;
  ed.panels.persona_open = id;
}

static Id new_persona(Editor& ed, Doc& doc) {
  Persona p;
  p.name = TX("panel.new_persona");
  Id id = add_persona(doc, p);
  if (id == kNoId) return kNoId;
  open_persona(ed, id);
  ed.panels.focus_field = "persona.name#" + std::to_string(id);   // type its name straight away
  return id;
}

// A persona in the list: avatar, name and role; a click opens its form.
static void persona_row(Editor& ed, const Persona& p) {
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x, h = 52 * u;
  bool rtl = ui_rtl();
  ImVec2 a = ImGui::GetCursorScreenPos();
  std::string id = "persona.row." + std::to_string(p.id);
  if (ImGui::InvisibleButton(id.c_str(), ImVec2(w, h))) open_persona(ed, p.id);
  ui_record(id.c_str());
  bool hov = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hov) dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), ed.theme.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 8), 8 * u);
  float r = 18 * u, ax = rtl ? a.x + w - 8 * u - r : a.x + 8 * u + r;
  draw_avatar(ed, dl, p, ImVec2(ax, a.y + h * 0.5f), r);
  float tx = rtl ? a.x + 8 * u : a.x + 8 * u + 2 * r + 12 * u, tw = w - 16 * u - 2 * r - 12 * u;
  float align = rtl ? 1.0f : 0.0f;
  const std::string& name = p.name.empty() ? TX("panel.unnamed") : p.name;
  float y = a.y + (p.role.empty() ? (h - 15 * u * kEm) * 0.5f : 7 * u);
  draw_text_fit(dl, ed.font_bold, 15 * u, ImVec2(tx, y), tw, ed.theme.text, name, align);
  if (!p.role.empty()) draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(tx, y + 15 * u * kEm + 1 * u), tw, ed.theme.text_muted, p.role, align);
}

// Colour dots for the initials disc.
static bool colour_row(Editor& ed, Color current, Color* out) {
  float u = ed.ui, r = 9 * u, gap = 6 * u;
  bool changed = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float avail = ImGui::GetContentRegionAvail().x;
  ImVec2 start = ImGui::GetCursorScreenPos();
  int n = (int)(sizeof kSwatches / sizeof kSwatches[0]);
  int per_row = std::max(1, (int)((avail + gap) / (2 * r + gap)));
  for (int i = 0; i < n; i++) {
    int col = i % per_row, row = i / per_row;
    float x = ui_rtl() ? start.x + avail - (col + 1) * 2 * r - col * gap : start.x + col * (2 * r + gap);
    ImVec2 p(x, start.y + row * (2 * r + gap));
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("swatch", ImVec2(2 * r, 2 * r))) { *out = kSwatches[i]; changed = true; }
    bool hov = ImGui::IsItemHovered();
    ImGui::PopID();
    ImVec2 c(p.x + r, p.y + r);
    dl->AddCircleFilled(c, hov ? r : r - 1 * u, color_u32(kSwatches[i]));
    if (kSwatches[i] == current) dl->AddCircle(c, r + 3 * u, ed.theme.text, 0, 2 * u);
  }
  int rows = (n + per_row - 1) / per_row;
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + rows * (2 * r + gap)));
  ImGui::Dummy(ImVec2(avail, 1));
  return changed;
}

// A list of strings (goals, needs, ...): one box per item with a remove cross, then an empty box
// that adds an item.
static void string_list(Editor& ed, Doc& doc, const Persona& p, const std::string& field, const char* placeholder_key) {
  float u = ed.ui, cross = 24 * u, gap = 4 * u;
  bool rtl = ui_rtl();
  Persona q = p;
  std::vector<std::string>* items = persona_list(q, field);
  for (size_t i = 0; i < items->size(); i++) {
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 row = ImGui::GetCursorScreenPos();
    if (rtl) ImGui::SetCursorScreenPos(ImVec2(row.x + cross + gap, row.y));
    ImRect box = panel_text_box(ed, doc, "persona.list." + field + "." + std::to_string(i), p.id, (*items)[i], nullptr, false, avail - cross - gap);
    ImVec2 after = ImGui::GetCursorScreenPos();
    ImVec2 at(rtl ? row.x : row.x + avail - cross, box.Min.y + (box.GetHeight() - cross) * 0.5f);
    if (cross_button(ed, "persona.remove." + field + "." + std::to_string(i), at, cross, "panel.remove")) {
      items->erase(items->begin() + (long)i);
      update_persona(doc, q);
      ImGui::SetCursorScreenPos(after);
      return;
    }
    ImGui::SetCursorScreenPos(after);
  }
  panel_text_box(ed, doc, "persona.list." + field + ".new", p.id, "", placeholder_key, false);
}

static void demographics(Editor& ed, Doc& doc, const Persona& p) {
  float u = ed.ui, cross = 24 * u, gap = 4 * u;
  bool rtl = ui_rtl();
  for (size_t i = 0; i < p.demographics.size(); i++) {
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 row = ImGui::GetCursorScreenPos();
    float kw = std::floor((avail - cross - 2 * gap) * 0.4f), vw = avail - cross - 2 * gap - kw;
    // Reading order: key, value, cross; right to left from the right edge.
    float kx = rtl ? row.x + avail - kw : row.x, vx = rtl ? row.x + cross + gap : row.x + kw + gap;
    ImGui::SetCursorScreenPos(ImVec2(kx, row.y));
    ImRect kb = panel_text_box(ed, doc, "persona.demo.key." + std::to_string(i), p.id, p.demographics[i].key, "panel.demo_key", false, kw);
    ImGui::SetCursorScreenPos(ImVec2(vx, row.y));
    panel_text_box(ed, doc, "persona.demo.value." + std::to_string(i), p.id, p.demographics[i].value, "panel.demo_value", false, vw);
    ImVec2 after = ImGui::GetCursorScreenPos();
    ImVec2 at(rtl ? row.x : row.x + avail - cross, kb.Min.y + (kb.GetHeight() - cross) * 0.5f);
    if (cross_button(ed, "persona.demo.remove." + std::to_string(i), at, cross, "panel.remove")) {
      Persona q = p;
      q.demographics.erase(q.demographics.begin() + (long)i);
      update_persona(doc, q);
      ImGui::SetCursorScreenPos(after);
      return;
    }
    ImGui::SetCursorScreenPos(after);
  }
  panel_text_box(ed, doc, "persona.demo.new", p.id, "", "panel.add_demo", false);
}

// Preferred channels: check boxes of the built-in channels in two columns (reading order).
static void channel_checks(Doc& doc, const Persona& p) {
  const auto& all = builtin_channels();
  float avail = ImGui::GetContentRegionAvail().x, col_w = std::floor(avail * 0.5f);
  ImVec2 start = ImGui::GetCursorScreenPos();
  float row_h = ImGui::GetFrameHeightWithSpacing();
  const ImGuiStyle& st = ImGui::GetStyle();
  for (size_t i = 0; i < all.size(); i++) {
    std::string key = std::string("channel.") + all[i].key;
    bool on = std::find(p.channels.begin(), p.channels.end(), all[i].key) != p.channels.end();
    int col = (int)(i % 2), row = (int)(i / 2);
    float w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(T(key.c_str())).x;
    float x = ui_rtl() ? start.x + avail - col * col_w - w : start.x + col * col_w;
    ImGui::SetCursorScreenPos(ImVec2(x, start.y + row * row_h));
    bool v = on;
    if (ui_checkbox(key.c_str(), &v)) {
      Persona q = p;
      if (on) q.channels.erase(std::remove(q.channels.begin(), q.channels.end(), std::string(all[i].key)), q.channels.end());
      else q.channels.push_back(all[i].key);
      update_persona(doc, q);
    }
    ui_record(("persona.channel." + std::string(all[i].key)).c_str());
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + ((all.size() + 1) / 2) * row_h));
  ImGui::Dummy(ImVec2(avail, 1));
}

static void persona_form(Editor& ed, Doc& doc, const Persona& p, int index) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  // Back to the list, and close.
  {
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    // Back points toward the start of the reading order: left, or right when right to left.
    std::string back = rtl ? std::string(T("panel.all_personas")) + "  \xE2\x80\xBA" : std::string("\xE2\x80\xB9  ") + T("panel.all_personas");
    float bw = ImGui::CalcTextSize(back.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorScreenPos(ImVec2(rtl ? p0.x + avail - bw : p0.x, p0.y));
    if (ImGui::Button((back + "###back").c_str())) ed.panels.persona_open = kNoId;
    ui_record("persona.back");
    if (cross_button(ed, "panel.close_side", ImVec2(rtl ? p0.x : p0.x + avail - 26 * u, p0.y), 26 * u, "panel.close")) ed.panels.side = SidePanel::None;
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + 34 * u));
  }
  // The picture: the avatar with its buttons beside it.
  {
    float avail = ImGui::GetContentRegionAvail().x, r = 36 * u;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_avatar(ed, dl, p, ImVec2(rtl ? p0.x + avail - r : p0.x + r, p0.y + r), r);
    ImGui::GetCurrentContext()->LastItemData.Rect = ImRect(ImVec2(rtl ? p0.x + avail - 2 * r : p0.x, p0.y), ImVec2(rtl ? p0.x + avail : p0.x + 2 * r, p0.y + 2 * r));
    ui_record("persona.avatar");
    float bx = rtl ? p0.x : p0.x + 2 * r + 14 * u, bw = avail - 2 * r - 14 * u;
    ImGui::SetCursorScreenPos(ImVec2(bx, p0.y + 2 * u));
    if (ImGui::Button(TL("panel.choose_image"), ImVec2(bw, 0))) platform::pick_avatar_image(p.id);
    ui_record("panel.choose_image");
    ImGui::SetCursorScreenPos(ImVec2(bx, ImGui::GetCursorScreenPos().y));
    if (!p.avatar.image.empty()) {
      if (ImGui::Button(TL("panel.remove_image"), ImVec2(bw, 0))) {
        Persona q = p;
        q.avatar.image.clear();
        update_persona(doc, q);
      }
      ui_record("panel.remove_image");
    } else {
      // Initials beside their label, for a persona without a picture.
      ImVec2 lp = ImGui::GetCursorScreenPos();
      const char* lab = T("panel.initials");
      float lw = ImGui::CalcTextSize(lab).x + 8 * u, fw = bw - lw;
      ImGui::SetCursorScreenPos(ImVec2(rtl ? bx + fw + 8 * u : bx, lp.y + 8 * u));
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted), "%s", lab);
      ImGui::SetCursorScreenPos(ImVec2(rtl ? bx : bx + lw, lp.y));
      panel_text_box(ed, doc, "persona.initials", p.id, p.avatar.initials, "panel.initials_auto", false, fw);
    }
    float bottom = std::max(p0.y + 2 * r, ImGui::GetCursorScreenPos().y);
    ImGui::SetCursorScreenPos(ImVec2(p0.x, bottom + 8 * u));
    if (p.avatar.image.empty()) {
      Color c;
      if (colour_row(ed, persona_color(p), &c)) {
        Persona q = p;
        q.avatar.color = c;
        update_persona(doc, q);
      }
    }
  }
  heading(ed, "panel.name");
  panel_text_box(ed, doc, "persona.name", p.id, p.name, "panel.name_ph", false);
  heading(ed, "panel.role");
  panel_text_box(ed, doc, "persona.role", p.id, p.role, "panel.role_ph", false);
  heading(ed, "panel.quote");
  panel_text_box(ed, doc, "persona.quote", p.id, p.quote, "panel.quote_ph", true);
  heading(ed, "panel.demographics");
  demographics(ed, doc, p);
  for (const auto& l : kLists) {
    heading(ed, l.heading);
    string_list(ed, doc, p, l.field, l.placeholder);
  }
  heading(ed, "panel.channels");
  channel_checks(doc, p);
  ImGui::Spacing();
  ImGui::Spacing();
  if (ImGui::Button(TL("panel.view_card"), ImVec2(-1, 0))) ed.panels.persona_card = p.id;
  ui_record("panel.view_card");
  if (ImGui::Button(TL("panel.save_to_library"), ImVec2(-1, 0))) {
    platform::persona_library("save", p.uid, persona_to_json(p));
    editor_notify(ed, TFX("panel.saved_to_library", {{"name", p.name}}), false);
  }
  ui_record("panel.save_to_library");
  // Order among the map's personas: in reading order.
  float half = ImGui::GetContentRegionAvail().x * 0.5f - 3 * u;
  int n = (int)doc.map.personas.size();
  auto earlier = [&] {
    ImGui::BeginDisabled(index == 0);
    if (ImGui::Button(TL("panel.move_earlier"), ImVec2(half, 0))) move_persona(doc, p.id, index - 1);
    ImGui::EndDisabled();
  };
  auto later = [&] {
    ImGui::BeginDisabled(index + 1 >= n);
    if (ImGui::Button(TL("panel.move_later"), ImVec2(-1, 0))) move_persona(doc, p.id, index + 1);
    ImGui::EndDisabled();
  };
  if (!rtl) { earlier(); ImGui::SameLine(0, 6 * u); later(); }
  else {
    ImGui::BeginDisabled(index + 1 >= n);
    if (ImGui::Button(TL("panel.move_later"), ImVec2(half, 0))) move_persona(doc, p.id, index + 1);
    ImGui::EndDisabled();
    ImGui::SameLine(0, 6 * u);
    ImGui::BeginDisabled(index == 0);
    if (ImGui::Button(TL("panel.move_earlier"), ImVec2(-1, 0))) move_persona(doc, p.id, index - 1);
    ImGui::EndDisabled();
  }
  if (danger_button(ed, "panel.delete_persona")) {
    delete_persona(doc, p.id);
    ed.panels.persona_open = kNoId;
  }
  ImGui::Dummy(ImVec2(1, 12 * u));
}

static void personas_panel(Editor& ed, Doc& doc) {
  PanelsState& ps = ed.panels;
  int open = ps.persona_open ? find_persona(doc.map, ps.persona_open) : -1;
  if (open < 0) ps.persona_open = kNoId;
  if (open >= 0) { persona_form(ed, doc, doc.map.personas[(size_t)open], open); return; }
  if (panel_title(ed, T("panel.personas"), "panel.close_side")) ps.side = SidePanel::None;
  if (doc.map.personas.empty()) ui_text_wrapped(TX("panel.personas_empty"), ed.theme.text_muted);
  for (const Persona& p : doc.map.personas) persona_row(ed, p);
  ImGui::Spacing();
  if (ImGui::Button(TL("panel.new_persona_button"), ImVec2(-1, 0))) new_persona(ed, doc);
  ui_record("panel.new_persona_button");
  if (ImGui::Button(TL("panel.add_from_library"), ImVec2(-1, 0))) {
    platform::persona_library("list", "", "");
    ps.show_persona_library = true;
  }
  ui_record("panel.add_from_library");
}

// ---- Journey summary -----------------------------------------------------------------------------

// Brings a stage into view and selects it (the canvas scrolls only when it is off screen).
static void reveal_stage(Editor& ed, const Doc& doc, Id stage) {
  select_only(ed, SelKind::Stage, stage);
  for (const StageBox& s : ed.layout.stages) {
    if (s.id != stage) continue;
    float k = ed.ui * ed.zoom, view_w = ed.grid_size.x / k;
    if (s.x < ed.scroll.x || s.x + s.w > ed.scroll.x + view_w) {
      ed.scroll.x = std::max(0.0f, s.x - std::max(0.0f, (view_w - s.w) * 0.5f));
      ed.fit_pending = true;   // the canvas clamps the scroll next frame
    }
  }
  (void)doc;
}

void reveal_cards(Editor& ed, const std::vector<Id>& ids) {
  if (ids.empty()) return;
  ed.sel_kind = SelKind::Cards;
  ed.sel = ids;
  canvas_reveal_card(ed, ids.front());
}

// One line of the summary: a label, its value, clickable when it leads somewhere.
static bool summary_item(Editor& ed, const std::string& id, const std::string& label_logical, const std::string& value_logical,
                         bool clickable, ImU32 accent) {
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x;
  bool rtl = ui_rtl();
  ImFont* f = ed.font_bold;   // the value is drawn bold: wrapped with the bold font's widths
  float size = 14 * u;
  DisplayLines lines = wrap_display(value_logical, w - 24 * u, [f, size](const char* b, const char* e) { return measure_shaped(f, size, b, e); },
                                    rtl ? BaseDir::AutoRtl : BaseDir::Auto);
  float line_h = size * kEm * 1.08f, h = 12 * u + 13 * u * kEm + 4 * u + line_h * lines.size() + 10 * u;
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool hit = ImGui::InvisibleButton(id.c_str(), ImVec2(w, h)) && clickable;
  ui_record(id.c_str());
  bool hov = clickable && ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ed.theme.dark ? IM_COL32(255, 255, 255, hov ? 20 : 10) : IM_COL32(15, 23, 42, hov ? 12 : 6), 8 * u);
  // An accent strip on the reading-start edge tells good (green) from bad (red) at a glance.
  float sx = rtl ? p.x + w - 4 * u : p.x;
  dl->AddRectFilled(ImVec2(sx, p.y), ImVec2(sx + 4 * u, p.y + h), accent, 8 * u, rtl ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersLeft);
  draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(p.x + 12 * u, p.y + 10 * u), w - 24 * u, ed.theme.text_muted, label_logical, rtl ? 1.0f : 0.0f);
  float y = p.y + 12 * u + 13 * u * kEm + 2 * u;
  for (const DisplayLine& l : lines) {
    draw_shaped(dl, ed.font_bold, size, ImVec2(l.rtl ? p.x + w - 12 * u - l.width : p.x + 12 * u, y), ed.theme.text, l.visual);
    y += line_h;
  }
  if (hov) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImGui::Dummy(ImVec2(1, 2 * u));
  return hit;
}

static std::string score_text(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%+.1f", v);
  return buf;
}

static std::string metric_value_text(double v, const std::string& unit) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return unit.empty() ? std::string(buf) : unit == "%" ? std::string(buf) + "%" : std::string(buf) + " " + unit;
}

std::string metric_kind_name(MetricKind k) {
  return editor_ui_name(std::string("panel.metric.") + metric_kind_info(k).key, metric_kind_info(k).name);
}

static void summary_panel(Editor& ed, Doc& doc) {
  PanelsState& ps = ed.panels;
  float u = ed.ui;
  const Map& m = doc.map;
  if (panel_title(ed, T("panel.summary"), "panel.close_side")) ps.side = SidePanel::None;
  if (ps.summary_persona && find_persona(m, ps.summary_persona) < 0) ps.summary_persona = kNoId;
  if (!has_future_state(m)) ps.summary_state = 0;
  // Whose journey: everyone, or one persona (their curve and the cards tagged for them).
  if (!m.personas.empty()) {
    const Persona* who = persona_by_id(m, ps.summary_persona);
    ImGui::SetNextItemWidth(-1);
    bool open = ui_begin_combo("##summary_persona", who ? U(who->name) : T("panel.everyone"));
    ui_record("summary.persona");
    if (open) {
      if (ui_selectable(T("panel.everyone"), "everyone", !who)) ps.summary_persona = kNoId;
      for (const Persona& p : m.personas) {
        ImGui::PushID((int)p.id);
        if (ui_selectable(U(p.name), "p", p.id == ps.summary_persona)) ps.summary_persona = p.id;
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  if (has_future_state(m)) {
    ImGui::SetNextItemWidth(-1);
    const char* states[] = {T("panel.state_current"), T("panel.state_future")};
    if (ui_begin_combo("##summary_state", states[ps.summary_state])) {
      for (int i = 0; i < 2; i++)
        if (ui_selectable(states[i], i ? "future" : "current", ps.summary_state == i)) ps.summary_state = i;
      ImGui::EndCombo();
    }
  }
  JourneyState state = (JourneyState)ps.summary_state;
  JourneySummary s = summarize(m, state, ps.summary_persona);
  auto stage_name = [&](Id id) { const Stage* st = stage_by_id(m, id); return st ? (st->name.empty() ? TX("panel.unnamed") : st->name) : std::string(); };

  // Four counts as tiles, two by two in reading order.
  {
    struct Tile { const char* key; int n; ImU32 col; };
    Tile tiles[] = {{"panel.count_pain", s.pain_points, ed.theme.negative},
                    {"panel.count_mot", s.moments_of_truth, ed.theme.accent},
                    {"panel.count_touch", s.touchpoints, IM_COL32(59, 130, 246, 255)},
                    {"panel.count_gaps", (int)s.handoff_gaps, IM_COL32(245, 158, 11, 255)}};
    float avail = ImGui::GetContentRegionAvail().x, gap = 8 * u, tw = (avail - gap) * 0.5f, th = 62 * u;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 4; i++) {
      int col = i % 2, row = i / 2;
      float x = ui_rtl() ? p0.x + avail - (col + 1) * tw - col * gap : p0.x + col * (tw + gap);
      ImVec2 a(x, p0.y + row * (th + gap));
      dl->AddRectFilled(a, ImVec2(a.x + tw, a.y + th), ed.theme.dark ? IM_COL32(255, 255, 255, 10) : IM_COL32(15, 23, 42, 6), 8 * u);
      std::string n = std::to_string(tiles[i].n);
      float nw = measure_text(ed.font_title, 22 * u, n.c_str(), n.c_str() + n.size());
      float nx = ui_rtl() ? a.x + tw - 12 * u - nw : a.x + 12 * u;
      draw_text(dl, ed.font_title, 22 * u, ImVec2(nx, a.y + 6 * u), tiles[i].col, n.c_str(), n.c_str() + n.size());
      std::string lab = TPX(tiles[i].key, tiles[i].n);
      draw_text_fit(dl, ed.font_ui, 12 * u, ImVec2(a.x + 12 * u, a.y + 6 * u + 22 * u * kEm), tw - 24 * u, ed.theme.text_muted, lab,
                    ui_rtl() ? 1.0f : 0.0f);
      ImGui::SetCursorScreenPos(a);
      ImGui::Dummy(ImVec2(tw, th));
      ui_record((std::string("summary.") + tiles[i].key).c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + 2 * th + gap + 10 * u));
  }
  bool any = evidence_summary_line(ed, s);   // pain points without evidence (evidence_panel.cpp)
  if (s.most_pain_stage) {
    any = true;
    if (summary_item(ed, "summary.pain", TX("panel.biggest_pain"),
                     TPX("panel.pain_in_stage", s.most_pain, {{"stage", stage_name(s.most_pain_stage)}}), true,
                     ed.theme.negative))
      reveal_stage(ed, doc, s.most_pain_stage);
  }
  if (s.lowest_emotion_stage) {
    any = true;
    if (summary_item(ed, "summary.lowest", TX("panel.lowest_feeling"),
                     TFX("panel.feeling_in_stage", {{"stage", stage_name(s.lowest_emotion_stage)}, {"score", score_text(s.lowest_emotion)}}), true,
                     s.lowest_emotion < 0 ? ed.theme.negative : ed.theme.positive))
      reveal_stage(ed, doc, s.lowest_emotion_stage);
  }
  if (s.emotion_drop) {
    any = true;
    const StageDrop& d = *s.emotion_drop;
    if (summary_item(ed, "summary.drop", TX("panel.biggest_drop"),
                     TFX("panel.drop_between", {{"from", stage_name(d.from)}, {"to", stage_name(d.to)},
                                                {"before", score_text(d.before)}, {"after", score_text(d.after)}}),
                     true, ed.theme.negative))
      reveal_stage(ed, doc, d.to);
  }
  for (size_t i = 0; i < s.metric_drops.size(); i++) {
    any = true;
    const MetricDrop& md = s.metric_drops[i];
    std::string name = md.name.empty() ? metric_kind_name(md.kind) : md.name;
    std::string unit = metric_kind_info(md.kind).unit;
    if (summary_item(ed, "summary.metric_drop." + std::to_string(i), TFX("panel.metric_drop", {{"metric", name}}),
                     TFX("panel.drop_between", {{"from", stage_name(md.drop.from)}, {"to", stage_name(md.drop.to)},
                                                {"before", metric_value_text(md.drop.before, unit)},
                                                {"after", metric_value_text(md.drop.after, unit)}}),
                     true, IM_COL32(139, 92, 246, 255)))
      reveal_stage(ed, doc, md.drop.to);
  }
  // Hand-off gaps: each one leads to its two touchpoints.
  std::vector<HandoffGap> gaps = handoff_gaps(m, state);
  if (!gaps.empty()) {
    any = true;
    heading(ed, "panel.handoff_gaps");
    // The first few; all of them on request (a long map has dozens).
    const size_t few = 4;
    size_t shown = ps.summary_all_gaps ? gaps.size() : std::min(gaps.size(), few);
    for (size_t i = 0; i < shown; i++) {
      const Card* a = card_by_id(m, gaps[i].from);
      const Card* b = card_by_id(m, gaps[i].to);
      if (!a || !b) continue;
      std::vector<std::string> what;
      if (gaps[i].channel) what.push_back(TX("panel.gap_channel"));
      if (gaps[i].device) what.push_back(TX("panel.gap_device"));
      if (gaps[i].team) what.push_back(TX("panel.gap_team"));
      std::string kinds;
      for (size_t k = 0; k < what.size(); k++) kinds += (k ? TX("panel.list_sep") : "") + what[k];
      std::string ta = a->text.substr(0, a->text.find('\n')), tb = b->text.substr(0, b->text.find('\n'));
      if (summary_item(ed, "summary.gap." + std::to_string(i), kinds, TFX("panel.gap_between", {{"from", ta}, {"to", tb}}), true,
                       IM_COL32(245, 158, 11, 255)))
        reveal_cards(ed, {a->id, b->id});
    }
    if (gaps.size() > few) {
      std::string label = ps.summary_all_gaps ? TF("panel.show_fewer", {}) : TF("panel.show_all", {{"n", std::to_string(gaps.size())}});
      if (start_button_text((label + "###gaps_toggle").c_str(), "summary.gaps_toggle")) ps.summary_all_gaps = !ps.summary_all_gaps;
    }
  }
  if (!any) ui_text_wrapped(TX("panel.summary_empty"), ed.theme.text_muted);
}

// ---- Frame ---------------------------------------------------------------------------------------

void panels_draw(Editor& ed, Doc& doc, ImVec2 side_pos, ImVec2 side_size, ImVec2 bottom_pos, ImVec2 bottom_size) {
  PanelsState& ps = ed.panels;
  if (ed.embed) return;
  float u = ed.ui;
  bool narrow = ImGui::GetIO().DisplaySize.x < 760 * u;
  if (ps.side != SidePanel::None && side_size.x > 0 && side_size.y > 0) {
    if (panel_window(ed, "##side_panel", side_pos, side_size, ImVec2(16 * u, 14 * u), narrow)) {
      // The edge toward the canvas.
      float x = ui_rtl() ? side_pos.x : side_pos.x + side_size.x - 1;
      ImGui::GetWindowDrawList()->AddLine(ImVec2(x, side_pos.y), ImVec2(x, side_pos.y + side_size.y), ed.theme.panel_border, 1 * u);
      if (ps.side == SidePanel::Personas) personas_panel(ed, doc);
      else summary_panel(ed, doc);
      ImGui::GetCurrentContext()->LastItemData.Rect = ImGui::GetCurrentWindow()->Rect();
      ui_record("side_panel");
    }
    ImGui::End();
  }
  if (ps.bottom != BottomPanel::Actions) ps.actions_rtl_scrolled = false;   // a table shown again starts at its start
  if (ps.bottom != BottomPanel::None && bottom_size.x > 0 && bottom_size.y > 0) {
    if (panel_window(ed, "##bottom_panel", bottom_pos, bottom_size, ImVec2(16 * u, 12 * u), narrow)) {
      ImGui::GetWindowDrawList()->AddLine(bottom_pos, ImVec2(bottom_pos.x + bottom_size.x, bottom_pos.y), ed.theme.panel_border, 1 * u);
      if (ps.bottom == BottomPanel::Data) data_panel_draw(ed, doc, bottom_pos, bottom_size);   // data_panel.cpp
      else actions_panel(ed, doc, bottom_pos, bottom_size);
      ImGui::GetCurrentContext()->LastItemData.Rect = ImGui::GetCurrentWindow()->Rect();
      ui_record("bottom_panel");
    }
    ImGui::End();
  }
}

// ---- Dialogs: the persona card and the persona library --------------------------------------------

JM_COLD static void persona_card_window(Editor& ed, Doc& doc) {
  PanelsState& ps = ed.panels;
  int pi = ps.persona_card ? find_persona(doc.map, ps.persona_card) : -1;
  if (pi < 0) { ps.persona_card = kNoId; return; }
  const Persona& p = doc.map.personas[(size_t)pi];
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  const char* title = TL("panel.persona_card");
  ImGui::OpenPopup(title);
  // The card is SVG drawn by the browser into a texture, so the screen shows what the printer
  // gets, with the browser's own text shaping. What prints is the full-width card; on screen it
  // reflows to the dialog (one column on a phone) and is drawn at its size in CSS pixels, so its
  // text is as large as the interface's. The dialog is as tall as the card, up to the screen.
  auto measure = [&ed](const char* b, const char* e) { return measure_text(ed.font_ui, 14.0f, b, e); };
  std::string svg = persona_card_svg(p, measure, editor_ui_name, ui_rtl());
  const ImGuiStyle& st = ImGui::GetStyle();
  bool two_rows = io.DisplaySize.x < 520 * u;
  float pad_x = 20 * u, pad_y = 16 * u;
  float dw = std::min(860 * u, io.DisplaySize.x - 24 * u);
  float view_w = dw - 2 * pad_x - st.ScrollbarSize;
  float card_w = view_w / u - 48;                  // the card's margins: 24 a side, 12 when it is narrow
  if (card_w < 560) card_w = view_w / u - 24;
  std::string shown_svg = persona_card_svg(p, measure, editor_ui_name, ui_rtl(), std::min(760.0f, card_w));
  float svg_w = 808, svg_h = 600;
  svg_size(shown_svg, &svg_w, &svg_h);
  float shown_w = svg_w * u, shown_h = svg_h * u;
  float footer = (ImGui::GetFrameHeight() + 8 * u) * (two_rows ? 2 : 1) + 8 * u;
  float dh = std::min(io.DisplaySize.y - 40 * u, ImGui::GetFrameHeight() + 2 * pad_y + shown_h + st.ItemSpacing.y * 2 + footer);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(dw, dh));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad_x, pad_y));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    ImGui::BeginChild("card", ImVec2(0, ImGui::GetContentRegionAvail().y - footer), false);
    float child_w = ImGui::GetContentRegionAvail().x;
    int px = (int)std::ceil(shown_w);
    ImVec2 at = ImGui::GetCursorScreenPos();
    at.x += std::max(0.0f, (child_w - shown_w) * 0.5f);
    const Texture* t = texture(texture_key("card", shown_svg, px), shown_svg, true, px, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (t) {
      dl->AddImage(t->tex, at, ImVec2(at.x + shown_w, at.y + shown_h));
      ps.card_drawn = true;
    } else {
      dl->AddRectFilled(at, ImVec2(at.x + shown_w, at.y + shown_h), ed.theme.dark ? IM_COL32(255, 255, 255, 10) : IM_COL32(15, 23, 42, 6), 16 * u);
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(at.x, at.y + 40 * u), shown_w, ed.theme.text_muted, TX("panel.preparing_card"), 0.5f);
    }
    ImGui::Dummy(ImVec2(child_w, shown_h));
    ImGui::EndChild();
    // Buttons in reading order: print, save as SVG, then close at the far end; on a phone print and
    // save share the first row and close takes the second.
    float gap = 8 * u, avail = ImGui::GetContentRegionAvail().x, x0 = ImGui::GetCursorScreenPos().x, y = ImGui::GetCursorScreenPos().y;
    float bw = two_rows ? (avail - gap) * 0.5f : 150 * u, cw = two_rows ? avail : 110 * u;
    auto at_slot = [&](int i) { ImGui::SetCursorScreenPos(ImVec2(ui_rtl() ? x0 + avail - (i + 1) * bw - i * gap : x0 + i * (bw + gap), y)); };
    std::string stem = p.name.empty() ? TX("panel.persona") : p.name;
    at_slot(0);
    if (ImGui::Button(TL("panel.print_card"), ImVec2(bw, 0))) platform::print_svg(svg, stem);
    ui_record("panel.print_card");
    at_slot(1);
    if (ImGui::Button(TL("panel.save_card_svg"), ImVec2(bw, 0))) platform::download(stem + ".svg", "image/svg+xml", svg);
    ui_record("panel.save_card_svg");
    float cy = two_rows ? y + ImGui::GetFrameHeight() + gap : y;
    ImGui::SetCursorScreenPos(ImVec2(two_rows || ui_rtl() ? x0 : x0 + avail - cw, cy));
    if (ImGui::Button(TL("button.close"), ImVec2(cw, 0)) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None)) {
      ps.persona_card = kNoId;
      ImGui::CloseCurrentPopup();
    }
    ui_record("panel.close_card");
    ImGui::EndPopup();
  }
  if (!open) ps.persona_card = kNoId;
  ImGui::PopStyleVar();
}

static void persona_card_dialog(Editor& ed, Doc& doc) {
  if (ed.panels.persona_card) persona_card_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

JM_COLD static void persona_library_window(Editor& ed, Doc& doc) {
  PanelsState& ps = ed.panels;
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  bool rtl = ui_rtl();
  const char* title = TL("panel.library");
  ImGui::OpenPopup(title);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560 * u, io.DisplaySize.x - 24 * u), std::min(520 * u, io.DisplaySize.y - 40 * u)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    ui_text_wrapped(TX("panel.library_intro"), ed.theme.text_muted);
    ImGui::Spacing();
    float footer = ImGui::GetFrameHeightWithSpacing() + 8 * u;
    ImGui::BeginChild("list", ImVec2(0, ImGui::GetContentRegionAvail().y - footer), false);
    if (!ps.library_listed) ui_text(T("panel.library_loading"), ed.theme.text_muted);
    else if (ps.library.empty()) ui_text_wrapped(TX("panel.library_empty"), ed.theme.text_muted);
    const ImGuiStyle& st = ImGui::GetStyle();
    for (const Persona& lp : ps.library) {
      ImGui::PushID(lp.uid.c_str());
      float w = ImGui::GetContentRegionAvail().x, h = 56 * u;
      ImVec2 a = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      bool in_map = find_persona_uid(doc.map, lp.uid) >= 0;
      const char* add_key = in_map ? "panel.update_in_map" : "panel.add_to_map";
      float add_w = ImGui::CalcTextSize(T(add_key)).x + st.FramePadding.x * 2, del_w = ImGui::CalcTextSize(T("panel.remove_from_library")).x + st.FramePadding.x * 2;
      float r = 20 * u, ax = rtl ? a.x + w - r - 4 * u : a.x + r + 4 * u;
      draw_avatar(ed, dl, lp, ImVec2(ax, a.y + h * 0.5f), r);
      float buttons = add_w + del_w + 8 * u;
      float tx = rtl ? a.x + buttons + 12 * u : a.x + 2 * r + 16 * u, tw = w - 2 * r - 28 * u - buttons;
      draw_text_fit(dl, ed.font_bold, 15 * u, ImVec2(tx, a.y + 8 * u), tw, ed.theme.text, lp.name.empty() ? TX("panel.unnamed") : lp.name, rtl ? 1.0f : 0.0f);
      std::string sub = lp.role;
      if (in_map) sub = sub.empty() ? TX("panel.in_this_map") : sub + TX("panel.list_sep") + TX("panel.in_this_map");
      draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(tx, a.y + 8 * u + 15 * u * kEm + 2 * u), tw, ed.theme.text_muted, sub, rtl ? 1.0f : 0.0f);
      float by = a.y + (h - ImGui::GetFrameHeight()) * 0.5f;
      float add_x = rtl ? a.x + del_w + 8 * u : a.x + w - add_w - del_w - 8 * u, del_x = rtl ? a.x : a.x + w - del_w;
      ImGui::SetCursorScreenPos(ImVec2(add_x, by));
      if (ImGui::Button(TL(add_key))) {
        Id id = upsert_persona(doc, lp, PersonaMerge::Replace);
        if (id) editor_notify(ed, TFX(in_map ? "panel.updated_from_library" : "panel.added_from_library", {{"name", lp.name}}), false);
      }
      ui_record(("library.add." + lp.uid).c_str());
      ImGui::SetCursorScreenPos(ImVec2(del_x, by));
      if (ImGui::Button(TL("panel.remove_from_library"))) platform::persona_library("delete", lp.uid, "");
      ui_record(("library.remove." + lp.uid).c_str());
      ImGui::SetCursorScreenPos(a);
      ImGui::Dummy(ImVec2(w, h));
      dl->AddLine(ImVec2(a.x, a.y + h), ImVec2(a.x + w, a.y + h), ed.theme.panel_border, 1 * u);
      ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SetCursorPosX(rtl ? 20 * u : ImGui::GetWindowWidth() - 120 * u);
    if (ImGui::Button(TL("button.close"), ImVec2(100 * u, 0)) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None)) {
      ps.show_persona_library = false;
      ImGui::CloseCurrentPopup();
    }
    ui_record("library.close");
    ImGui::EndPopup();
  }
  if (!open) ps.show_persona_library = false;
  ImGui::PopStyleVar();
}

static void persona_library_dialog(Editor& ed, Doc& doc) {
  if (ed.panels.show_persona_library) persona_library_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

void panels_dialogs(Editor& ed, Doc& doc) {
  PanelsState& ps = ed.panels;
  if (!ed.embed) {
    persona_card_dialog(ed, doc);
    persona_library_dialog(ed, doc);
  }
  // Drawn last in the frame: what this frame drew is what the test API reports between frames.
  ps.avatars_drawn_last.swap(ps.avatars_drawn);
  ps.avatars_drawn.clear();
  ps.card_drawn_last = ps.card_drawn;
  ps.card_drawn = false;
}

// ---- Menu ----------------------------------------------------------------------------------------

void panels_view_menu(Editor& ed) {
  PanelsState& ps = ed.panels;
  bool narrow = ImGui::GetIO().DisplaySize.x < 760 * ed.ui;
  // On a phone one panel covers the canvas at a time: opening one closes the other.
  if (ui_menu_key("panel.menu_personas", nullptr, ps.side == SidePanel::Personas)) {
    ps.side = ps.side == SidePanel::Personas ? SidePanel::None : SidePanel::Personas;
    if (narrow && ps.side != SidePanel::None) ps.bottom = BottomPanel::None;
  }
  if (ui_menu_key("panel.menu_actions", nullptr, ps.bottom == BottomPanel::Actions)) {
    ps.bottom = ps.bottom == BottomPanel::Actions ? BottomPanel::None : BottomPanel::Actions;
    if (narrow && ps.bottom != BottomPanel::None) ps.side = SidePanel::None;
  }
  if (ui_menu_key("panel.menu_matrix", nullptr, ps.bottom == BottomPanel::Matrix)) {
    ps.bottom = ps.bottom == BottomPanel::Matrix ? BottomPanel::None : BottomPanel::Matrix;
    if (narrow && ps.bottom != BottomPanel::None) ps.side = SidePanel::None;
  }
  if (ui_menu_key("panel.menu_summary", nullptr, ps.side == SidePanel::Summary)) {
    ps.side = ps.side == SidePanel::Summary ? SidePanel::None : SidePanel::Summary;
    if (narrow && ps.side != SidePanel::None) ps.bottom = BottomPanel::None;
  }
  evidence_view_menu(ed);   // Show only assumptions (card_badges.cpp)
}

// ---- Text typed in the browser field ------------------------------------------------------------

void panels_text_input(Editor& ed, const std::string& text) {
  evidence_text_input(ed, text);   // date fields of evidence_panel.cpp
  if (ed.editing.key == "actions.filter") ed.panels.actions_filter = text;   // the table filters as one types
}

static std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

static std::string first_code_points(const std::string& s, int n) {
  size_t i = 0;
  for (int k = 0; k < n && i < s.size(); k++) {
    i++;
    while (i < s.size() && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
  return s.substr(0, i);
}

void panels_text_done(Editor& ed, Doc& doc, const TextEdit& e, const std::string& text_in) {
  PanelsState& ps = ed.panels;
  const std::string& key = e.key;
  std::string text = text_in;
  auto starts = [&](const char* prefix) { return key.compare(0, std::strlen(prefix), prefix) == 0; };
  if (key == "actions.filter") { ps.actions_filter = text; return; }
  if (evidence_text_done(ed, doc, e, text)) return;   // evidence, sub-journey, governance fields
  if (key == "author") {
    std::string name = trim(text);
    if (name.empty()) return;
    ps.author = name;
    platform::set_comment_author(name);
    ps.comment_pending = e.id;   // the comment it was asked for opens next frame
    return;
  }
  if (starts("persona.")) {
    int pi = find_persona(doc.map, e.id);
    if (pi < 0) return;
    Persona p = doc.map.personas[(size_t)pi];
    if (key == "persona.name") p.name = trim(text);
    else if (key == "persona.role") p.role = trim(text);
    else if (key == "persona.quote") p.quote = trim(text);
    else if (key == "persona.initials") p.avatar.initials = first_code_points(trim(text), 3);
    else if (starts("persona.list.")) {
      std::string rest = key.substr(13);   // "<field>.<index>" or "<field>.new"
      size_t dot = rest.find('.');
      if (dot == std::string::npos) return;
      std::vector<std::string>* list = persona_list(p, rest.substr(0, dot));
      if (!list) return;
      std::string which = rest.substr(dot + 1), value = trim(text);
      if (which == "new") {
        if (value.empty()) return;
        list->push_back(value);
        ps.focus_field = "persona.list." + rest.substr(0, dot) + ".new#" + std::to_string(p.id);   // the next one, at once
      } else {
        size_t i = (size_t)std::atoi(which.c_str());
        if (i >= list->size()) return;
        if (value.empty()) list->erase(list->begin() + (long)i);   // emptied: gone
        else (*list)[i] = value;
      }
    } else if (key == "persona.demo.new") {
      if (trim(text).empty()) return;
      p.demographics.push_back({trim(text), "", ""});
      ps.focus_field = "persona.demo.value." + std::to_string(p.demographics.size() - 1) + "#" + std::to_string(p.id);
    } else if (starts("persona.demo.key.") || starts("persona.demo.value.")) {
      bool is_key = starts("persona.demo.key.");
      size_t i = (size_t)std::atoi(key.c_str() + (is_key ? 17 : 19));
      if (i >= p.demographics.size()) return;
      (is_key ? p.demographics[i].key : p.demographics[i].value) = trim(text);
    } else return;
    update_persona(doc, p);
    return;
  }
  if (starts("action.")) {
    int ai = find_action(doc.map, e.id);
    if (ai < 0) return;
    Action a = doc.map.actions[(size_t)ai];
    if (key == "action.title") a.title = trim(text);
    else if (key == "action.owner") a.owner = trim(text);
    else if (key == "action.team") a.team = trim(text);
    else if (key == "action.description") a.description = trim(text);
    else if (key == "action.due") {
      std::string d = trim(text);
      if (!d.empty() && !is_iso_date(d)) { editor_notify(ed, TFX("panel.bad_date", {{"text", d}}), true); return; }
      a.due = d;
    } else return;
    update_action(doc, a);
    return;
  }
  if (starts("card.")) {
    const Card* c = card_by_id(doc.map, e.id);
    if (!c) return;
    Card v = *c;
    if (key == "card.owner") v.owner = trim(text);
    else if (key == "card.device") v.device = trim(text);
    else return;
    update_card(doc, v, "Edit card");
    return;
  }
  if (starts("metric.")) {
    // "metric.<field>.<index>" on the card or stage e.id.
    size_t dot = key.find('.', 7);
    if (dot == std::string::npos) return;
    std::string field = key.substr(7, dot - 7);
    size_t i = (size_t)std::atoi(key.c_str() + dot + 1);
    const std::vector<Metric>* list = nullptr;
    if (const Card* c = card_by_id(doc.map, e.id)) list = &c->metrics;
    else if (const Stage* s = stage_by_id(doc.map, e.id)) list = &s->metrics;
    if (!list || i >= list->size()) return;
    Metric m = (*list)[i];
    if (field == "name") m.name = trim(text);
    else if (field == "unit") m.unit = trim(text);
    else if (field == "date") {
      std::string d = trim(text);
      if (!d.empty() && !is_iso_date(d)) { editor_notify(ed, TFX("panel.bad_date", {{"text", d}}), true); return; }
      m.date = d;
    } else if (field == "value" || field == "target") {
      std::optional<double> v;
      if (!parse_number(text, &v)) { editor_notify(ed, TFX("panel.bad_number", {{"text", trim(text)}}), true); return; }
      (field == "value" ? m.value : m.target) = v;
    } else return;
    update_metric(doc, e.id, i, m);
    return;
  }
  if (key == "comment.new") {
    std::string t = trim(text);
    if (t.empty()) return;
    add_comment(doc, e.id, ps.author, iso_now(), t);
    return;
  }
  if (key == "comment.edit") {
    std::string t = trim(text);
    if (t.empty()) return;   // deleting is its own button
    edit_comment(doc, e.id, t);
    return;
  }
}

// ---- From the page -------------------------------------------------------------------------------

void panels_avatar_chosen(Editor& ed, Doc& doc, Id persona, const char* data_url) {
  std::string url = data_url ? data_url : "";
  int pi = find_persona(doc.map, persona);
  if (pi < 0) return;
  if (url.rfind("error:", 0) == 0) {   // the page could not read the file: say why in our words
    std::string why = url.substr(6);
    editor_notify(ed, TX(why == "type" ? "panel.avatar_not_image" : "panel.avatar_unreadable"), true);
    return;
  }
  std::string why = check_avatar_image(url);
  if (!why.empty()) { editor_notify(ed, TFX("panel.avatar_refused", {{"reason", why}}), true); return; }
  Persona p = doc.map.personas[(size_t)pi];
  p.avatar.image = url;
  update_persona(doc, p);
}

void panels_persona_library(Editor& ed, const char* json) {
  nlohmann::json j = nlohmann::json::parse(json ? json : "", nullptr, false);
  if (!j.is_object()) return;
  PanelsState& ps = ed.panels;
  ps.library.clear();
  ps.library_listed = true;
  for (const auto& item : j.value("personas", nlohmann::json::array())) {
    if (!item.is_string()) continue;
    Persona p;
    std::string error;
    if (persona_from_json(item.get<std::string>(), &p, &error)) ps.library.push_back(std::move(p));
  }
  // By name, as people look for them.
  std::stable_sort(ps.library.begin(), ps.library.end(), [](const Persona& a, const Persona& b) { return a.name < b.name; });
  if (j.contains("error") && j["error"].is_string()) editor_notify(ed, TFX("panel.library_failed", {{"reason", j["error"].get<std::string>()}}), true);
}

// ---- Commands and the test view ------------------------------------------------------------------

double panels_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  PanelsState& ps = ed.panels;
  if (double r = evidence_command(ed, doc, name, arg); r != -1) return r;
  if (name == "panel") {
    if (arg == "personas") ps.side = SidePanel::Personas;
    else if (arg == "summary") ps.side = SidePanel::Summary;
    else if (arg == "actions") ps.bottom = BottomPanel::Actions;
    else if (arg == "matrix") ps.bottom = BottomPanel::Matrix;
    else if (arg == "data") ps.bottom = BottomPanel::Data;   // data_panel.cpp
    else if (arg.rfind("data:", 0) == 0) { ps.bottom = BottomPanel::Data; ed.data.tab = std::atoi(arg.c_str() + 5); }   // a tab (0..7)
    else if (arg == "none") { ps.side = SidePanel::None; ps.bottom = BottomPanel::None; }
    else return 0;
    return 1;
  }
  if (name == "add_persona") {
    Persona p;
    std::string error;
    nlohmann::json j = nlohmann::json::parse(arg, nullptr, false);
    if (!j.is_object()) return 0;
    if (!j.contains("uid")) j["uid"] = new_uid();
    if (!persona_from_json(j.dump(), &p, &error)) { editor_notify(ed, error, true); return 0; }
    return (double)add_persona(doc, p);
  }
  if (name == "persona_open") { open_persona(ed, parse_id(arg)); return 1; }
  if (name == "persona_card") { ps.persona_card = parse_id(arg); return find_persona(doc.map, ps.persona_card) >= 0; }
  if (name == "author") {
    ps.author = arg;
    ps.author_loaded = true;
    platform::set_comment_author(arg);
    return 1;
  }
  if (name == "select_card") {
    Id id = parse_id(arg);
    if (!card_by_id(doc.map, id)) return 0;
    select_only(ed, SelKind::Cards, id);
    canvas_reveal_card(ed, id);
    return 1;
  }
  if (name == "select_stage") {
    Id id = parse_id(arg);
    if (find_stage(doc.map, id) < 0) return 0;
    select_only(ed, SelKind::Stage, id);
    return 1;
  }
  if (name == "select_action") { ps.action_sel = parse_id(arg); return find_action(doc.map, ps.action_sel) >= 0; }
  if (name == "persona_library") { platform::persona_library("list", "", ""); ps.show_persona_library = arg != "0"; return 1; }
  return -1;
}

void panels_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j) {
  const PanelsState& ps = ed.panels;
  evidence_view_json(ed, doc, j);
  (void)doc;
  nlohmann::json p;
  p["side"] = ps.side == SidePanel::Personas ? "personas" : ps.side == SidePanel::Summary ? "summary" : "none";
  p["bottom"] = ps.bottom == BottomPanel::Actions ? "actions" : ps.bottom == BottomPanel::Matrix ? "matrix" : "none";
  p["persona_open"] = ps.persona_open;
  p["persona_card"] = ps.persona_card;
  p["card_drawn"] = ps.card_drawn_last;
  p["library_open"] = ps.show_persona_library;
  p["action_selected"] = ps.action_sel;
  p["actions_rows"] = ps.actions_rows;
  p["actions_sort"] = {{"column", ps.actions_sort_col}, {"descending", ps.actions_sort_desc}};
  p["actions_filter"] = ps.actions_filter;
  nlohmann::json lib = nlohmann::json::array();
  for (const Persona& x : ps.library) lib.push_back({{"uid", x.uid}, {"name", x.name}, {"has_image", !x.avatar.image.empty()}});
  p["library"] = std::move(lib);
  p["library_listed"] = ps.library_listed;
  p["author"] = ps.author;
  p["avatars_drawn"] = ps.avatars_drawn_last;
  j["panels"] = std::move(p);
}

} // namespace jm
