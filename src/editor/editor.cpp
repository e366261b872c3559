// editor.cpp: the frame around the canvas (menu bar, inspector, status bar, dialogs), keyboard
// shortcuts, and the entry points the page calls (text typed, clipboard, files, test API).
#include "editor/editor.h"
#include "editor/evidence.h"
#include "editor/perf_marks.h"
#include "editor/render.h"
#include "core/export.h"
#include "core/pptx.h"
#include "core/xlsx.h"
#include "core/io.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <unordered_set>

namespace jm {

static void switch_document(Editor& ed, Doc& doc, Map m);

void editor_init(Editor& ed, Doc& doc) {
  ui_load_languages();
  ui_set_language(ed, platform::ui_language());
  theme_apply(ed, false);
  ed.frame_ms.assign(128, 0.0f);
  // No templates_scan here: the templates arrive when the gallery asks for them (templates_ensure).
  ed.panels.author = platform::comment_author();   // comments are signed with it; asked for once
  ed.panels.author_loaded = true;
  canvas_fit(ed, doc, true);   // unless a restored session says where the user was
}

void editor_set_scale(Editor& ed, float dpr) {
  ed.ui = dpr;
  ed.fonts_dirty = true;
  theme_apply(ed, ed.theme.dark);
}

void editor_before_frame(Editor& ed) {
  assets_before_frame(ed);   // faces and tables fetched since the last frame (lazy_assets.cpp)
  // The card font follows the zoom, rebaked once the zoom has settled so text stays sharp.
  if (ed.gesture == Gesture::None && std::fabs(ed.zoom - ed.font_zoom) > 0.001f) {
    float ratio = ed.zoom / ed.font_zoom;
    if (ratio > 1.15f || ratio < 0.87f || std::fabs(ed.zoom - 1.0f) < 0.001f) {
      ed.font_zoom = std::fabs(ed.zoom - 1.0f) < 0.001f ? 1.0f : std::min(2.5f, std::max(0.4f, ed.zoom));
      ed.fonts_dirty = true;
    }
  }
  if (!ed.pending_lang.empty()) {
    ui_set_language(ed, ed.pending_lang);
    platform::set_ui_language(i18n().language());
    theme_apply(ed, ed.theme.dark);   // the title alignment of dialogs follows the direction
    ed.pending_lang.clear();
  }
  i18n().trim();
  if (ed.fonts_dirty || fonts_stale()) fonts_build(ed);
}

bool editor_wants_frames(const Editor& ed) {
  if (ed.animating) return true;
  if (ed.toast_until > 0 && platform::now_ms() < ed.toast_until + 50) return false;  // a timer wakes us
  return false;
}

void editor_record_frame_time(Editor& ed, double ms) {
  if (ed.frame_ms.empty()) return;
  ed.frame_ms[ed.frame_ms_next % ed.frame_ms.size()] = (float)ms;
  ed.frame_ms_next++;
}

void editor_notify(Editor& ed, const std::string& msg, bool error) {
  // A message is one line: a file name or a reason can be any length.
  ed.toast = msg;
  if (msg.size() > 300) {
    size_t cut = 300;
    while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80) cut--;   // not inside a character
    ed.toast = msg.substr(0, cut) + "\xE2\x80\xA6";
  }
  ed.toast_error = error;
  a11y_announce(ed, ed.toast, error);   // what the toast shows, spoken (errors in the alert region)
  double ms = error ? 8000 : 3500;
  ed.toast_until = platform::now_ms() + ms;
  platform::wake_after(ms + 50);   // so it goes away on time, without drawing in between
}

void editor_cancel_gesture(Editor& ed) { ed.cancel_gesture = true; }

void editor_pinch(Editor& ed, float scale, float dx, float dy, float cx, float cy) {
  float k = ed.ui * ed.zoom;
  ed.scroll.x -= dx / k;
  ed.scroll.y -= dy / k;
  canvas_zoom_at(ed, ed.zoom * scale, ImVec2(cx, cy));
}

// ---- Text typed in the browser field ------------------------------------------------------------

void editor_text_input(Editor& ed, Doc& doc, const char* text) {
  (void)doc;
  if (ed.editing.kind == EditKind::Search) ed.search = text;
  if (ed.editing.kind == EditKind::LibraryFilter) ed.library_filter = text;
  if (ed.editing.kind == EditKind::Panel) panels_text_input(ed, text);
}

void editor_text_done(Editor& ed, Doc& doc, const char* text_c, bool commit) {
  TextEdit e = ed.editing;
  ed.editing = TextEdit();
  std::string text = text_c ? text_c : "";
  if (e.kind == EditKind::Search) { ed.search = commit ? text : ed.search; return; }
  if (e.kind == EditKind::LibraryFilter) { ed.library_filter = text; return; }
  if (e.kind == EditKind::VersionName) { history_name_done(ed, doc, text, commit); return; }
  if (!commit) {
    if (e.fresh_card) {   // cancelling a new, untyped card takes it away again
      if (const Card* c = card_by_id(doc.map, e.id))
        if (c->text.empty() && !doc.undo_stack.empty() && doc.undo_stack.back().merge_key == e.merge_key) {
          undo(doc);
          doc.redo_stack.pop_back();
          select_none(ed);
        }
    }
    return;
  }
  switch (e.kind) {
    case EditKind::CardText:
      if (const Card* c = card_by_id(doc.map, e.id)) {
        Card v = *c;
        v.text = text;
        if (e.fresh_card) {
          // Typing into a new card belongs to the step that created it: one undo removes both.
          update_card(doc, v, "Add card", e.merge_key);
        } else {
          update_card(doc, v, "Edit text");
        }
      }
      break;
    case EditKind::StageName: {
      int i = find_stage(doc.map, e.id);
      if (i >= 0) { Stage s = doc.map.stages[i]; s.name = text; update_stage(doc, s, "Rename stage", e.merge_key); }
      break;
    }
    case EditKind::StageDescription: {
      int i = find_stage(doc.map, e.id);
      if (i >= 0) { Stage s = doc.map.stages[i]; s.description = text; update_stage(doc, s, "Edit stage description"); }
      break;
    }
    case EditKind::StageNotes: {
      int i = find_stage(doc.map, e.id);
      if (i >= 0) { Stage s = doc.map.stages[i]; s.notes = text; update_stage(doc, s, "Edit speaker notes"); }
      break;
    }
    case EditKind::LaneName: {
      int i = find_lane(doc.map, e.id);
      if (i >= 0) { Lane l = doc.map.lanes[i]; l.name = text; update_lane(doc, l, "Rename lane"); }
      break;
    }
    case EditKind::Title: { MapMeta m = doc.map.meta; m.title = text; set_meta(doc, m); platform::set_title(text.empty() ? "journeymap" : text + " - journeymap"); break; }
    case EditKind::Goal: { MapMeta m = doc.map.meta; m.goal = text; set_meta(doc, m); break; }
    case EditKind::Description: { MapMeta m = doc.map.meta; m.description = text; set_meta(doc, m); break; }
    case EditKind::LibraryRename:
      if (!text.empty()) platform::library_rename(e.key, text);
      break;
    case EditKind::LibraryFilter: ed.library_filter = text; break;
    case EditKind::Panel: panels_text_done(ed, doc, e, text); break;
    case EditKind::Tag:
      if (ed.sel_kind == SelKind::Cards) {
        std::string tag = text;
        while (!tag.empty() && (tag[0] == '#' || tag[0] == ' ')) tag.erase(0, 1);
        while (!tag.empty() && tag.back() == ' ') tag.pop_back();
        tag_cards(doc, ed.sel, tag, true);
      }
      break;
    default: break;
  }
}

// ---- Clipboard -------------------------------------------------------------------------------

std::string editor_copy(Editor& ed, Doc& doc, bool cut) {
  if (ed.sel_kind != SelKind::Cards || ed.sel.empty()) return "";
  nlohmann::json out{{"text", cards_to_text(doc.map, ed.sel)}, {"rich", cards_to_clipboard(doc.map, ed.sel)}};
  if (cut) {
    delete_cards(doc, ed.sel);
    select_none(ed);
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The cell that receives pasted or new cards: the selected card's, else the cursor cell;
// never an Emotions lane (its cards are points).
static bool target_cell(const Editor& ed, const Doc& doc, int* stage, int* lane) {
  const Map& m = doc.map;
  int s = ed.cursor_stage, l = ed.cursor_lane;
  if (ed.sel_kind == SelKind::Cards && !ed.sel.empty())
    if (const Card* c = card_by_id(m, ed.sel.back())) { s = find_stage(m, c->stage); l = find_lane(m, c->lane); }
  if (m.stages.empty() || m.lanes.empty()) return false;
  s = std::min(std::max(0, s), (int)m.stages.size() - 1);
  l = std::min(std::max(0, l), (int)m.lanes.size() - 1);
  if (m.lanes[l].type == LaneType::Emotions) {
    for (int i = 0; i < (int)m.lanes.size(); i++)
      if (m.lanes[i].type != LaneType::Emotions) { l = i; break; }
    if (m.lanes[l].type == LaneType::Emotions) return false;
  }
  *stage = s;
  *lane = l;
  return true;
}

void editor_paste(Editor& ed, Doc& doc, const char* text, const char* rich) {
  std::vector<Card> cards;
  if (!(rich && *rich && cards_from_clipboard(rich, &cards)) && !cards_from_clipboard(text ? text : "", &cards))
    cards = cards_from_text(text ? text : "");
  if (cards.empty()) { editor_notify(ed, TX("toast.paste_empty"), false); return; }
  if (cards.size() > 2000) { editor_notify(ed, TX("toast.paste_too_many"), true); return; }
  int s, l;
  if (!target_cell(ed, doc, &s, &l)) return;
  std::vector<Id> ids = paste_cards(doc, cards, doc.map.stages[s].id, doc.map.lanes[l].id);
  ed.sel_kind = SelKind::Cards;
  ed.sel = ids;
  ed.cursor_stage = s;
  ed.cursor_lane = l;
  canvas_ensure_layout(ed, doc);
  if (!ids.empty()) canvas_reveal_card(ed, ids.back());
  editor_notify(ed, TPX("toast.pasted", (long long)ids.size()), false);
}

static bool ends_with(const std::string& s, const char* suffix) {
  size_t n = strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Opens a journey map file, or imports Mermaid journey text (.mmd) or a CSV of cards (.csv).
void editor_open_text(Editor& ed, Doc& doc, const char* name_c, const std::string& text) {
  std::string name = name_c ? name_c : "file";
  std::string lower = name;
  for (char& c : lower) c = (char)std::tolower((unsigned char)c);
  LoadResult r;
  bool mermaid = ends_with(lower, ".mmd") || ends_with(lower, ".mermaid"), csv = ends_with(lower, ".csv");
  // UTF-16, a NUL byte, bytes that are not UTF-8 (load_map says these itself for JSON).
  std::string bytes_wrong = mermaid || csv ? text_problem(text) : std::string();
  if (!bytes_wrong.empty()) {
    r.error = bytes_wrong;
  } else if (mermaid) {
    r.ok = from_mermaid(text, &r.map, &r.error);
  } else if (csv) {
    r.ok = from_csv(text, &r.map, &r.error);
  } else {
    r = load_map(text);
  }
  if (!r.ok) {
    editor_notify(ed, TFX("toast.open_failed", {{"name", name}, {"reason", r.error}}), true);
    return;
  }
  switch_document(ed, doc, std::move(r.map));
  canvas_fit(ed, doc, true);
  editor_notify(ed, TFX("toast.opened", {{"name", name}}), false);
}

// ---- Keyboard ----------------------------------------------------------------------------------

static void move_cursor(Editor& ed, Doc& doc, int ds, int dl) {
  const Map& m = doc.map;
  if (m.stages.empty() || m.lanes.empty()) return;
  if (m.meta.direction == Direction::RightToLeft) ds = -ds;   // arrows follow the screen
  // Within a cell, up and down step through its cards first.
  if (dl != 0 && ed.sel_kind == SelKind::Cards && ed.sel.size() == 1) {
    const Card* c = card_by_id(m, ed.sel[0]);
    if (c) {
      auto cell = cell_cards(m, c->stage, c->lane);
      for (size_t i = 0; i < cell.size(); i++)
        if (cell[i]->id == c->id) {
          int j = (int)i + dl;
          if (j >= 0 && j < (int)cell.size()) { select_only(ed, SelKind::Cards, cell[j]->id); canvas_reveal_card(ed, cell[j]->id); return; }
        }
    }
  }
  // Stages of the state not shown are stepped over.
  int next = ed.cursor_stage + ds;
  while (ds != 0 && next >= 0 && next < (int)m.stages.size() && !canvas_stage_shown(ed, doc, next)) next += ds;
  if (next >= 0 && next < (int)m.stages.size() && canvas_stage_shown(ed, doc, next)) ed.cursor_stage = next;
  ed.cursor_lane = std::min(std::max(0, ed.cursor_lane + dl), (int)m.lanes.size() - 1);
  if (!canvas_stage_shown(ed, doc, ed.cursor_stage)) return;
  auto cell = cell_cards(m, m.stages[ed.cursor_stage].id, m.lanes[ed.cursor_lane].id);
  if (!cell.empty()) {
    const Card* pick = dl < 0 ? cell.back() : cell.front();
    select_only(ed, SelKind::Cards, pick->id);
    canvas_reveal_card(ed, pick->id);
  } else {
    select_none(ed);
  }
}

static void shortcuts(Editor& ed, Doc& doc) {
  ImGuiIO& io = ImGui::GetIO();
  if (ed.editing.kind != EditKind::None || io.WantTextInput) return;
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;
  bool mod = io.KeyCtrl || io.KeySuper;
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(k, true); };
  if (mod && pressed(ImGuiKey_Z)) { if (io.KeyShift) redo(doc); else undo(doc); return; }
  if (mod && pressed(ImGuiKey_Y)) { redo(doc); return; }
  if (mod && pressed(ImGuiKey_D)) {
    if (ed.sel_kind == SelKind::Cards && !ed.sel.empty()) ed.sel = duplicate_cards(doc, ed.sel);
    return;
  }
  if (mod && pressed(ImGuiKey_A)) {
    canvas_select_all(ed, doc);
    return;
  }
  if (mod && pressed(ImGuiKey_F)) {
    begin_text_edit(ed, doc, EditKind::Search, kNoId, ImVec2(0, 0), ImVec2(0, 0), 14 * ed.ui, false, ed.search, false, false);
    return;
  }
  if (mod && (pressed(ImGuiKey_Equal) || pressed(ImGuiKey_KeypadAdd))) { canvas_zoom_at(ed, ed.zoom * 1.25f, ImVec2((ed.canvas_min.x + ed.canvas_max.x) / 2, (ed.canvas_min.y + ed.canvas_max.y) / 2)); return; }
  if (mod && (pressed(ImGuiKey_Minus) || pressed(ImGuiKey_KeypadSubtract))) { canvas_zoom_at(ed, ed.zoom / 1.25f, ImVec2((ed.canvas_min.x + ed.canvas_max.x) / 2, (ed.canvas_min.y + ed.canvas_max.y) / 2)); return; }
  if (mod && pressed(ImGuiKey_0)) { canvas_zoom_at(ed, 1.0f, ed.canvas_min); return; }
  if (mod) return;
  if (pressed(ImGuiKey_LeftArrow)) move_cursor(ed, doc, -1, 0);
  if (pressed(ImGuiKey_RightArrow)) move_cursor(ed, doc, 1, 0);
  if (pressed(ImGuiKey_UpArrow)) move_cursor(ed, doc, 0, -1);
  if (pressed(ImGuiKey_DownArrow)) move_cursor(ed, doc, 0, 1);
  if (pressed(ImGuiKey_Delete) || pressed(ImGuiKey_Backspace)) delete_selection(ed, doc);
  if (pressed(ImGuiKey_Escape)) { select_none(ed); ed.search.clear(); ed.show_shortcuts = false; }
  if (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeypadEnter) || pressed(ImGuiKey_F2)) {
    if (ed.sel_kind == SelKind::Cards && ed.sel.size() == 1) edit_card_text(ed, doc, ed.sel[0]);
    else if (ed.sel.empty()) add_card_at(ed, doc, ed.cursor_stage, ed.cursor_lane);
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Slash, false) && io.KeyShift) ed.show_shortcuts = !ed.show_shortcuts;
  if (ImGui::IsKeyPressed(ImGuiKey_F, false) && io.KeyShift) canvas_fit(ed, doc);
}

// ---- Menu bar, status bar, dialogs --------------------------------------------------------

// Switching to another document (new, template, file): a new entry in "My maps", and a fresh
// history (undo must not carry one map's content into another's entry).
// The map by value: a loaded one is moved in, not copied (4,800 cards' strings and vectors).
static void switch_document(Editor& ed, Doc& doc, Map m) {
  platform::library_new();
  uint64_t rev = doc.map.revision;
  doc.map = std::move(m);
  doc.map.revision = rev + 1;
  doc.undo_stack.clear();
  doc.redo_stack.clear();
  select_none(ed);
  ed.editing = TextEdit();
  platform::text_field_close();
  canvas_reset_view(ed);
}

static void new_map(Editor& ed, Doc& doc, const Map& m) {
  switch_document(ed, doc, m);
  ed.cursor_stage = ed.cursor_lane = 0;
  canvas_fit(ed, doc, true);
  platform::set_title(m.meta.title.empty() ? "journeymap" : m.meta.title + " - journeymap");
}
// A new map speaks the interface's language: title, stage and lane names from the table, and
// right to left when the interface is.
std::string editor_ui_name(const std::string& key, const std::string& english) {
  return i18n().has("en", key) ? i18n().text(key) : english;
}

Map editor_new_map(Template t) {
  Map m = make_map(t, editor_ui_name);
  if (ui_rtl()) m.meta.direction = Direction::RightToLeft;
  return m;
}
static void new_map(Editor& ed, Doc& doc, Template t) { new_map(ed, doc, editor_new_map(t)); }
void editor_start_map(Editor& ed, Doc& doc, const Map& m) { new_map(ed, doc, map_from_template(m)); }   // a uid of its own, a draft

// A file name from the map's title, without the characters file systems refuse.
static std::string file_stem(const Doc& doc) {
  std::string name = doc.map.meta.title.empty() ? TX("file.stem") : doc.map.meta.title;
  for (char& c : name)
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') c = '-';
  return name;
}

static void save_file(Doc& doc) { platform::download(file_stem(doc) + ".journey.json", "application/json", save_map(doc.map, true)); }

// Card text (14 px) measured with the editor's own font, so exports wrap as the screen does.
static MeasureFn card_measure(const Editor& ed) {
  ImFont* f = ed.font_ui;
  return [f](const char* b, const char* e) { return measure_shaped(f, 14.0f, b, e); };
}

// The whole map as SVG.
std::string map_export_svg(Editor& ed, const Doc& doc) {
  SvgOptions opt;
  opt.style = ed.style;
  return to_svg(doc.map, card_measure(ed), opt);
}

// Cards, actions and metrics as an Excel workbook (core/xlsx.h).
static void download_xlsx(Editor& ed, const Doc& doc) {
  std::string error, data = map_to_xlsx(doc.map, &error, editor_ui_name);
  if (data.empty()) { editor_notify(ed, error, true); return; }
  platform::download(file_stem(doc) + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data);
}

// The map as an editable slide deck (core/pptx.h).
static void download_pptx(Editor& ed, const Doc& doc) {
  std::string error, data = map_to_pptx(doc.map, card_measure(ed), &error, editor_ui_name);
  if (data.empty()) { editor_notify(ed, error, true); return; }
  platform::download(file_stem(doc) + ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", data);
}

static void export_menu(Editor& ed, Doc& doc) {
  std::string stem = file_stem(doc);
  if (ui_menu_key("export.png")) platform::export_png(map_export_svg(ed, doc), 2.0f, stem + ".png");
  if (ui_menu_key("export.svg")) platform::download(stem + ".svg", "image/svg+xml", map_export_svg(ed, doc));
  if (ui_menu_key("export.print", "Ctrl+P")) ed.print.show = true;
  ImGui::Separator();
  if (ui_menu_key("export.csv")) platform::download(stem + ".csv", "text/csv", to_csv(doc.map));
  if (ui_menu_key("export.xlsx")) download_xlsx(ed, doc);
  if (ui_menu_key("export.pptx")) download_pptx(ed, doc);
  if (ui_menu_key("export.md")) platform::download(stem + ".md", "text/markdown", to_markdown(doc.map));
  if (ui_menu_key("export.mermaid")) platform::download(stem + ".mmd", "text/plain", to_mermaid(doc.map));
}

static void menu_bar(Editor& ed, Doc& doc) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  bool rtl = ui_rtl();   // right to left: the brand and the menus from the right, search on the left
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10 * u, 8 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4 * u, 6 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12 * u, 10 * u));
  if (ImGui::BeginMainMenuBar()) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFrameHeight(), win_w = ImGui::GetWindowWidth();
    bool narrow = win_w < 600 * u;   // a phone: the logo without the name leaves room for the menus
    float logo_x = rtl ? win_w - p.x - 20 * u : p.x + 2 * u;
    dl->AddRectFilled(ImVec2(logo_x, p.y + h * 0.5f - 9 * u), ImVec2(logo_x + 18 * u, p.y + h * 0.5f + 9 * u), t.accent, 5 * u);
    dl->AddCircleFilled(ImVec2(logo_x + 9 * u, p.y + h * 0.5f), 3.5f * u, IM_COL32(255, 255, 255, 230));
    const char* brand = T("app.name");
    float brand_w = narrow ? 0 : ed.font_bold->CalcTextSizeA(ed.font_bold->FontSize, FLT_MAX, 0, brand).x;
    float right = logo_x - 8 * u - brand_w - (narrow ? 0 : 14 * u);   // where the next title ends (RTL)
    if (!rtl) {
      ImGui::SetCursorScreenPos(ImVec2(p.x + 28 * u, p.y));
      if (!narrow) {
        ImGui::PushFont(ed.font_bold);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(brand);
        ImGui::PopFont();
        ImGui::SameLine(0, 14 * u);
      }
    } else {
      ImGui::AlignTextToFramePadding();
      if (!narrow) dl->AddText(ed.font_bold, ed.font_bold->FontSize, ImVec2(logo_x - 8 * u - brand_w, p.y + (h - ed.font_bold->FontSize) * 0.5f), t.text, brand);
    }
    auto top = [&](const char* key) {
      bool open = rtl ? ui_bar_menu(T(key), key, &right) : ImGui::BeginMenu(TL(key));
      if (!rtl) ui_record(key);
      return open;
    };
    auto top_end = [&] { if (rtl) ImGui::EndPopup(); else ImGui::EndMenu(); };
    if (top("menu.file")) {
      if (ui_menu_key("menu.new_blank")) new_map(ed, doc, Template::Blank);
      if (ui_menu_key("menu.new_classic")) new_map(ed, doc, Template::Classic);
      if (ui_menu_key("menu.new_template", nullptr, false, templates_offered(ed))) ed.show_gallery = true;
      ImGui::Separator();
      if (ui_menu_key("menu.my_maps", "Ctrl+M")) { platform::library_request_list(); ed.show_library = true; }
      if (ui_menu_key("menu.portfolio")) platform::open_page("portfolio.html");   // every map at once (web/portfolio.js)
      history_menu_items(ed, doc);
      ImGui::Separator();
      if (ui_menu_key("menu.open_file", "Ctrl+O")) platform::open_file_picker();
      merge_menu_items(ed, doc);   // Compare with file..., Merge with file...
      if (ui_menu_key("menu.save_file", "Ctrl+S")) save_file(doc);
      if (ui_begin_menu(T("menu.export"), "menu.export")) { export_menu(ed, doc); ImGui::EndMenu(); }
      ImGui::Separator();
      if (ui_menu_key("menu.copy_link")) platform::share("link");
      if (ui_menu_key("menu.copy_embed")) platform::share("embed");
      top_end();
    }
    if (top("menu.edit")) {
      std::string ul = can_undo(doc) ? TF("menu.undo_action", {{"action", action_name(doc.undo_stack.back().label)}}) : T("menu.undo");
      std::string rl = can_redo(doc) ? TF("menu.redo_action", {{"action", action_name(doc.redo_stack.back().label)}}) : T("menu.redo");
      if (ui_menu_item(ul.c_str(), "menu.undo", "Ctrl+Z", false, can_undo(doc))) undo(doc);
      if (ui_menu_item(rl.c_str(), "menu.redo", "Ctrl+Shift+Z", false, can_redo(doc))) redo(doc);
      ImGui::Separator();
      bool cards = ed.sel_kind == SelKind::Cards && !ed.sel.empty();
      if (ui_menu_key("menu.cut", "Ctrl+X", false, cards)) {
        platform::clipboard_write(cards_to_text(doc.map, ed.sel), cards_to_clipboard(doc.map, ed.sel));
        delete_cards(doc, ed.sel);
        select_none(ed);
      }
      if (ui_menu_key("menu.copy", "Ctrl+C", false, cards)) platform::clipboard_write(cards_to_text(doc.map, ed.sel), cards_to_clipboard(doc.map, ed.sel));
      if (ui_menu_key("menu.paste", "Ctrl+V")) platform::clipboard_request_paste();
      if (ui_menu_key("menu.duplicate", "Ctrl+D", false, cards)) ed.sel = duplicate_cards(doc, ed.sel);
      if (ui_menu_key("menu.delete", "Del", false, !ed.sel.empty())) delete_selection(ed, doc);
      ImGui::Separator();
      if (ui_menu_key("menu.select_all", "Ctrl+A")) canvas_select_all(ed, doc);
      top_end();
    }
    if (top("menu.view")) {
      ImVec2 mid((ed.canvas_min.x + ed.canvas_max.x) / 2, (ed.canvas_min.y + ed.canvas_max.y) / 2);
      if (ui_menu_key("menu.zoom_in", "Ctrl++")) canvas_zoom_at(ed, ed.zoom * 1.25f, mid);
      if (ui_menu_key("menu.zoom_out", "Ctrl+-")) canvas_zoom_at(ed, ed.zoom / 1.25f, mid);
      if (ui_menu_key("menu.actual_size", "Ctrl+0")) canvas_zoom_at(ed, 1.0f, ed.canvas_min);
      if (ui_menu_key("menu.zoom_fit", "Shift+F")) canvas_fit(ed, doc);
      if (ui_menu_key("present.menu", nullptr, false, !doc.map.stages.empty())) present_start(ed, doc);
      ImGui::Separator();
      // The journey state shown on the canvas (also in its title band).
      bool future = ed.view_state == JourneyState::Future;
      if (ui_menu_key("canvas6.menu_current", nullptr, !future)) canvas_show_state(ed, doc, JourneyState::Current);
      if (ui_menu_key("canvas6.menu_future", nullptr, future)) canvas_show_state(ed, doc, JourneyState::Future);
      if (ui_menu_key("canvas6.menu_compare", nullptr, ed.compare, future && has_future_state(doc.map))) ed.compare = !ed.compare;
      ImGui::Separator();
      if (ui_menu_key("menu.inspector", nullptr, ed.show_inspector)) ed.show_inspector = !ed.show_inspector;
      panels_view_menu(ed);
      data_view_menu(ed, doc);
      ImGui::Separator();
      display_menu_items(ed);   // theme, text size, motion (look.cpp)
      if (ui_menu_key("a11y_say.menu_text_view")) a11y_command(ed, doc, "text_view", "");
      top_end();
    }
    if (top("menu.map")) {
      if (ui_menu_key("menu.add_stage")) select_only(ed, SelKind::Stage, canvas_add_stage(ed, doc));
      if (ui_menu_key("canvas6.copy_to_future", nullptr, false, !doc.read_only && !has_future_state(doc.map))) {
        copy_current_to_future(doc);
        canvas_show_state(ed, doc, JourneyState::Future);
      }
      if (ui_begin_menu(T("menu.add_lane"), "menu.add_lane")) {
        for (int i = 0; i < (int)LaneType::Count; i++) {
          std::string name = lane_type_name((LaneType)i), id = std::string("lane_type.") + lane_type_info((LaneType)i).key;
          if (ui_menu_item(T(id.c_str()), id.c_str())) select_only(ed, SelKind::Lane, add_lane(doc, name, (LaneType)i));
        }
        ImGui::EndMenu();
      }
      ImGui::Separator();
      bool is_rtl = doc.map.meta.direction == Direction::RightToLeft;
      if (ui_menu_key("menu.ltr", nullptr, !is_rtl)) { MapMeta m = doc.map.meta; m.direction = Direction::LeftToRight; set_meta(doc, m); canvas_fit(ed, doc); }
      if (ui_menu_key("menu.rtl", nullptr, is_rtl)) { MapMeta m = doc.map.meta; m.direction = Direction::RightToLeft; set_meta(doc, m); canvas_fit(ed, doc); }
      top_end();
    }
    if (top("menu.language")) {
      // Each language named in itself.
      for (const char* lang : {"en", "ar", "he"}) {
        std::string key = std::string("lang.") + lang;
        if (ui_menu_item(T(key.c_str()), key.c_str(), nullptr, i18n().language() == lang)) ed.pending_lang = lang;
      }
      top_end();
    }
    if (top("menu.help")) {
      if (ui_menu_key("menu.shortcuts", "?")) ed.show_shortcuts = true;
      if (ui_menu_key("menu.about")) ed.show_about = true;
      top_end();
    }
    // The far end: search box (typed in a browser field) and the shortcut sheet button.
    float search_w = std::min(240 * u, std::max(0.0f, win_w * 0.25f));
    float help_w = ImGui::GetFrameHeight();
    float help_x = rtl ? 12 * u : win_w - 12 * u - help_w;
    if (search_w > 100 * u) {
      ImVec2 sp(rtl ? help_x + help_w + 8 * u : help_x - 8 * u - search_w, p.y + 5 * u);
      ImVec2 sz(search_w, ImGui::GetFrameHeight() - 10 * u);
      ImGui::SetCursorScreenPos(sp);
      bool editing_search = ed.editing.kind == EditKind::Search;
      // The magnifier at the start of the box, the count of hits at its end.
      float icon_x = rtl ? sp.x + sz.x - 13 * u : sp.x + 13 * u;
      float text_x0 = rtl ? sp.x + 44 * u : sp.x + 26 * u;
      if (ImGui::InvisibleButton("##search", sz) && !editing_search)
        begin_text_edit(ed, doc, EditKind::Search, kNoId, ImVec2(rtl ? sp.x + 4 * u : text_x0, sp.y + 2 * u), ImVec2(sz.x - 30 * u, sz.y - 4 * u), 13 * u, false, ed.search, false, false);
      ui_record("search");
      bool hov = ImGui::IsItemHovered();
      dl->AddRectFilled(sp, ImVec2(sp.x + sz.x, sp.y + sz.y), t.dark ? IM_COL32(255, 255, 255, hov ? 22 : 14) : IM_COL32(15, 23, 42, hov ? 14 : 9), 7 * u);
      ImVec2 c(icon_x, sp.y + sz.y * 0.5f);
      dl->AddCircle(ImVec2(c.x - 1 * u, c.y - 1 * u), 4.5f * u, t.text_muted, 0, 1.5f * u);
      dl->AddLine(ImVec2(c.x + 2.5f * u, c.y + 2.5f * u), ImVec2(c.x + 5.5f * u, c.y + 5.5f * u), t.text_muted, 1.5f * u);
      if (!editing_search) {
        int hits = 0;
        if (!ed.search.empty())
          for (const Card& card : doc.map.cards) hits += card_matches_search(ed, card);
        float ty = sp.y + (sz.y - 13 * u * kEm) * 0.5f;
        if (ed.search.empty())
          draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(text_x0, ty), sz.x - 70 * u, t.text_faint, TX("search.placeholder"), rtl ? 1.0f : 0.0f);
        else
          draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(text_x0, ty), sz.x - 70 * u, t.text, ed.search, rtl ? 1.0f : 0.0f);
        if (!ed.search.empty()) {
          std::string n = std::to_string(hits);
          float w = measure_text(ed.font_ui, 12 * u, n.c_str(), n.c_str() + n.size());
          float nx = rtl ? sp.x + 10 * u : sp.x + sz.x - 10 * u - w;
          draw_text(dl, ed.font_ui, 12 * u, ImVec2(nx, sp.y + (sz.y - 12 * u * kEm) * 0.5f), t.accent, n.c_str(), n.c_str() + n.size());
        }
      }
    }
    ImGui::SetCursorScreenPos(ImVec2(help_x, p.y));
    if (ImGui::Button("?###help", ImVec2(help_w, 0))) ed.show_shortcuts = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("menu.shortcuts"));
    ImGui::EndMainMenuBar();
  }
  ImGui::PopStyleVar(3);
}

static void status_bar(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size) {
  float u = ed.ui;
  const Theme& t = ed.theme;
  bool rtl = ui_rtl();   // mirrored: the counts on the right, the zoom controls on the left
  panel_begin(ed, "##status", pos, size, ImVec2(12 * u, 4 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8 * u, 3 * u));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), t.panel_border, 1 * u);
  // The state shown: its stages and cards (emotion points are cards in the model, not in the count).
  size_t ns = ed.facts.shown_stages, nl = doc.map.lanes.size(), nc = ed.facts.shown_cards;
  // One line in logical order, shaped whole: right to left its first part is on the right.
  std::string info = TPX("status.stages", (long long)ns) + "  \xC2\xB7  " + TPX("status.lanes", (long long)nl) + "  \xC2\xB7  " +
                     TPX("status.cards", (long long)nc);
  if (ed.sel.size() > 1) info += "  \xC2\xB7  " + TPX("status.selected", (long long)ed.sel.size());
  float ty = pos.y + (size.y - 14 * u * kEm) * 0.5f;
  float info_w = measure_text(ed.font_ui, 14 * u, info.c_str(), info.c_str() + info.size());
  float bw = ImGui::GetFrameHeight();
  float zoom_w = bw * 2 + 60 * u + 44 * u + 3 * 4 * u;
  // The data item (the analytics worker's progress, or the data's size) before the zoom controls.
  float data_w = data_status_item(ed, doc, dl, pos, size.y, false);
  if (data_w > 0 && data_w < size.x - zoom_w - 260 * u) {
    data_status_item(ed, doc, dl, ImVec2(rtl ? pos.x + 12 * u + zoom_w + 12 * u : pos.x + size.x - zoom_w - 24 * u - data_w, pos.y), size.y, true);
  } else {
    data_w = 0;
  }
  float room = size.x - zoom_w - 48 * u - (data_w > 0 ? data_w + 12 * u : 0);   // for the counts and the message
  float start = rtl ? pos.x + size.x - 12 * u : pos.x + 12 * u;   // the reading start of the line
  draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(rtl ? start - room : start, ty), room, t.text_muted, info, rtl ? 1.0f : 0.0f);
  info_w = std::min(info_w, room);
  if (!ed.toast.empty() && room - info_w > 60 * u) {
    float tw = room - info_w - 16 * u;
    float tx = rtl ? start - info_w - 16 * u - tw : start + info_w + 16 * u;
    draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(tx, ty), tw, ed.toast_error ? t.negative : t.positive, ed.toast, rtl ? 1.0f : 0.0f);
  }
  // Zoom controls at the far end, in mirrored order right to left.
  ImGui::SetCursorScreenPos(ImVec2(rtl ? pos.x + 12 * u : pos.x + size.x - zoom_w - 12 * u, pos.y + (size.y - bw) * 0.5f));
  ImVec2 mid((ed.canvas_min.x + ed.canvas_max.x) / 2, (ed.canvas_min.y + ed.canvas_max.y) / 2);
  char z[16];
  std::snprintf(z, sizeof z, "%d%%###zoom_pct", (int)std::lround(ed.zoom * 100));
  auto zoom_out = [&] {
    if (ImGui::Button("\xE2\x80\x93###zoom_out", ImVec2(bw, 0))) canvas_zoom_at(ed, ed.zoom / 1.25f, mid);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("tip.zoom_out"));
  };
  auto pct = [&] {
    if (ImGui::Button(z, ImVec2(60 * u, 0))) canvas_zoom_at(ed, 1.0f, ed.canvas_min);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("tip.actual_size"));
  };
  auto zoom_in = [&] {
    if (ImGui::Button("+###zoom_in", ImVec2(bw, 0))) canvas_zoom_at(ed, ed.zoom * 1.25f, mid);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("tip.zoom_in"));
  };
  auto fit = [&] {
    if (ImGui::Button(TL("button.fit"), ImVec2(44 * u, 0))) canvas_fit(ed, doc);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("tip.fit"));
  };
  if (!rtl) { zoom_out(); ImGui::SameLine(0, 4 * u); pct(); ImGui::SameLine(0, 4 * u); zoom_in(); ImGui::SameLine(0, 4 * u); fit(); }
  else { fit(); ImGui::SameLine(0, 4 * u); zoom_in(); ImGui::SameLine(0, 4 * u); pct(); ImGui::SameLine(0, 4 * u); zoom_out(); }
  ImGui::PopStyleVar();
  panel_end();
}

// A two-column row of the shortcut sheet: the keys (bold), then what they do; mirrored right to left.
static void shortcut_row(Editor& ed, const char* keys, const char* what) {
  bool rtl = ui_rtl();
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (!rtl) { ImGui::PushFont(ed.font_bold); ui_text(T(keys)); ImGui::PopFont(); }
  else ui_text(T(what));
  ImGui::TableNextColumn();
  if (!rtl) ui_text(T(what));
  else { ImGui::PushFont(ed.font_bold); ui_text(T(keys)); ImGui::PopFont(); }
}

static void shortcut_sheet(Editor& ed) {
  const char* title = TL("dialog.shortcuts");
  if (ed.show_shortcuts) ImGui::OpenPopup(title);
  float u = ed.ui;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560 * u, io.DisplaySize.x - 24 * u), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    static const char* rows[] = {"add_card", "edit_text", "enter", "new_line", "escape", "arrows", "delete", "undo", "redo",
                                 "clipboard", "duplicate", "select_all", "add_select", "band", "pan", "zoom", "fit", "search",
                                 "sheet"};
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_PadOuterX)) {
      float key_w = std::min(230 * u, ImGui::GetContentRegionAvail().x * 0.45f);
      // Right to left the keys are the right-hand column.
      if (ui_rtl()) { ImGui::TableSetupColumn("what"); ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, key_w); }
      else ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, key_w);
      for (const char* r : rows) {
        std::string k = std::string("shortcuts.") + r;
        shortcut_row(ed, (k + ".keys").c_str(), k.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ui_button("button.close", ImVec2(-1, 0)) || ImGui::IsKeyPressed(ImGuiKey_Escape)) { ed.show_shortcuts = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  if (!open) ed.show_shortcuts = false;
  ImGui::PopStyleVar();

  const char* about_title = TL("dialog.about");
  if (ed.show_about) ImGui::OpenPopup(about_title);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(440 * u, io.DisplaySize.x - 24 * u), 0));
  bool about = true;
  if (ui_begin_modal(about_title, &about, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    ui_text_wrapped(TX("about.text"), 0);
    ImGui::Spacing();
    ui_text(TF("about.credits", {{"version", IMGUI_VERSION}}).c_str(), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    // Which renderer draws, when it is not the usual WebGL 2 (render.h).
    if (render::kind() == render::Kind::WebGL1) ui_text_wrapped(TX("about.renderer_webgl1"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (render::kind() == render::Kind::Canvas2D) ui_text_wrapped(TX("about.renderer_canvas2d"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (ui_button("button.close", ImVec2(-1, 0))) { ed.show_about = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  if (!about) ed.show_about = false;
}

// The viewer of an embedded map: the canvas alone, with small zoom buttons in a corner.
static void embed_controls(Editor& ed, Doc& doc) {
  float u = ed.ui;
  ImGuiIO& io = ImGui::GetIO();
  float bw = 30 * u;
  ImVec2 size(bw * 3 + 4 * u * 2 + 16 * u, bw + 12 * u);
  panel_begin(ed, "##embed_zoom", ImVec2(io.DisplaySize.x - size.x - 10 * u, io.DisplaySize.y - size.y - 10 * u), size, ImVec2(8 * u, 6 * u));
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());   // above the canvas, which fills the frame
  ImVec2 mid((ed.canvas_min.x + ed.canvas_max.x) / 2, (ed.canvas_min.y + ed.canvas_max.y) / 2);
  if (ImGui::Button("\xE2\x80\x93", ImVec2(bw, bw))) canvas_zoom_at(ed, ed.zoom / 1.25f, mid);
  ImGui::SameLine(0, 4 * u);
  if (ImGui::Button(TL("button.fit"), ImVec2(bw, bw))) canvas_fit(ed, doc);
  ImGui::SameLine(0, 4 * u);
  if (ImGui::Button("+", ImVec2(bw, bw))) canvas_zoom_at(ed, ed.zoom * 1.25f, mid);
  panel_end();
  // No status bar in the viewer: its messages (a map that could not be loaded) show here.
  if (!ed.toast.empty()) {
    ImVec2 tsize(std::min(io.DisplaySize.x - size.x - 30 * u, measure_text(ed.font_ui, 14 * u, ed.toast.c_str(), ed.toast.c_str() + ed.toast.size()) + 24 * u), size.y);
    panel_begin(ed, "##embed_toast", ImVec2(10 * u, io.DisplaySize.y - tsize.y - 10 * u), tsize, ImVec2(12 * u, 6 * u));
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    draw_text_fit(ImGui::GetWindowDrawList(), ed.font_ui, 14 * u, ImVec2(ImGui::GetWindowPos().x + 12 * u, ImGui::GetWindowPos().y + (tsize.y - 14 * u * kEm) * 0.5f),
                  tsize.x - 24 * u, ed.toast_error ? ed.theme.negative : ed.theme.text, ed.toast);
    panel_end();
  }
}

void editor_frame(Editor& ed, Doc& doc) {
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  a11y_chrome_begin_frame(ed);   // before any widget: the chrome's items are collected as ImGui submits them
  if (!ed.toast.empty() && platform::now_ms() > ed.toast_until) ed.toast.clear();
  data_frame_begin(ed, doc);   // what the page's data layer sent since the last frame
  selection_drop_dead(ed, doc);
  ed.cursor_stage = std::min(ed.cursor_stage, std::max(0, (int)doc.map.stages.size() - 1));
  ed.cursor_lane = std::min(ed.cursor_lane, std::max(0, (int)doc.map.lanes.size() - 1));

  ImVec2 display = io.DisplaySize;
  float top = 0, status_h = 0;
  bool presenting = present_active(ed);   // present.cpp: no chrome, the notes band at the bottom
  if (!ed.embed && !presenting) {
    menu_bar(ed, doc);
    top = ImGui::GetFrameHeight() + 16 * u;   // the menu bar's height with its padding
    status_h = 34 * u;
  }
  if (ed.shared_view && !presenting) {
    // A map opened from a link: read-only, with the way to keep it.
    float bh = 40 * u;
    panel_begin(ed, "##shared", ImVec2(0, top), ImVec2(display.x, bh), ImVec2(16 * u, 6 * u));
    // The message, then its button; right to left both from the right edge.
    const char* msg = T("shared.banner");
    const char* save = TL("shared.save");
    float msg_w = ImGui::CalcTextSize(msg).x, save_w = ImGui::CalcTextSize(save, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    float y = ImGui::GetCursorPosY();
    ImGui::AlignTextToFramePadding();
    if (ui_rtl()) ImGui::SetCursorPosX(ImGui::GetWindowWidth() - 16 * u - msg_w);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted), "%s", msg);
    ImGui::SameLine();
    if (ui_rtl()) ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - 16 * u - msg_w - 12 * u - save_w, y));
    if (ImGui::Button(save)) {
      doc.read_only = false;
      ed.shared_view = false;
      platform::library_new();
      doc.map.revision++;   // a new entry in My maps, saved within a second
      editor_notify(ed, TX("toast.saved_copy"), false);
    }
    panel_end();
    top += bh;
  }
  if (!presenting) {
    top += history_banner(ed, doc, top, display.x);
    top += journey_breadcrumbs(ed, doc, top, display.x);   // back from a sub-journey (evidence_panel.cpp)
  }
  bool narrow = display.x < 760 * u;
  bool chrome = !ed.embed && !presenting;
  float insp_w = (chrome && ed.show_inspector && !narrow) ? std::min(320 * u, display.x * 0.3f) : 0;
  bool insp_left = ui_rtl();   // the side panel sits on the interface's end side: the left, right to left
  // The personas / summary panel on the start side, the actions panel under everything (0 when closed).
  float side_w = panels_side_width(ed, display, narrow), bottom_h = panels_bottom_height(ed, display, narrow);
  if (presenting) { side_w = 0; bottom_h = present_band_height(ed, doc); }
  ed.canvas_min = ImVec2(insp_left ? insp_w : side_w, top);
  // On a phone the inspector is a sheet at the bottom, shown while something is selected.
  float sheet_h = (chrome && ed.show_inspector && narrow && !ed.sel.empty()) ? std::min(display.y * 0.42f, 380 * u) : 0;
  ed.canvas_max = ImVec2(insp_left ? display.x - side_w : display.x - insp_w, display.y - status_h - sheet_h - bottom_h);

  // The canvas window: no decoration, behind everything.
  ImGui::SetNextWindowPos(ed.canvas_min);
  ImGui::SetNextWindowSize(ImVec2(ed.canvas_max.x - ed.canvas_min.x, ed.canvas_max.y - ed.canvas_min.y));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::Begin("##canvas_window", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                               ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(3);
  // Keys first, then the canvas: a shortcut's change (Delete, undo...) is laid out and drawn in
  // the frame that handled the key, not one frame later (input -> command -> model -> layout -> draw).
  if (presenting) present_keys(ed, doc); else shortcuts(ed, doc);
  canvas_draw(ed, doc);
  present_canvas(ed, doc);
  perf_canvas_drawn(doc.map.revision);
  ImGui::End();

  // An empty map teaches: in the title band, away from the cells, the templates to start from.
  // Hidden while a dialog is open: it would sit above it.
  bool dialog_open = ed.show_gallery || ed.show_library || ed.show_shortcuts || ed.show_about || ed.print.show;
  if (doc.map.cards.empty() && !doc.read_only && chrome && ed.editing.kind == EditKind::None && !narrow && !dialog_open) {
    const char* lead = T("empty.lead");
    const char* classic = TL("empty.classic");
    ImGuiStyle& st = ImGui::GetStyle();
    float w = ImGui::CalcTextSize(lead).x + 12 * u + ImGui::CalcTextSize(classic, nullptr, true).x + st.FramePadding.x * 2 + 8 * u;
    const char* more = TL("empty.more");
    if (templates_offered(ed)) w += ImGui::CalcTextSize(more, nullptr, true).x + st.FramePadding.x * 2 + 8 * u;
    w += 24 * u;
    float h = ImGui::GetFrameHeight() + 16 * u;
    bool rtl_map = doc.map.meta.direction == Direction::RightToLeft;
    ImVec2 pos(rtl_map ? ed.canvas_min.x + 16 * u : ed.canvas_max.x - w - 16 * u, ed.canvas_min.y + 20 * u);
    if (w < (ed.canvas_max.x - ed.canvas_min.x) * 0.6f) {
      panel_begin(ed, "##empty_map", pos, ImVec2(w, h), ImVec2(12 * u, 8 * u));
      // Above the canvas, but never above an open menu (it covered the Help menu of a right-to-left map).
      if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
      // The lead, then the choices: right to left the lead is on the right and the choices run leftwards.
      bool rtl = ui_rtl();
      float x = rtl ? w - 12 * u : 12 * u, y = ImGui::GetCursorPosY();
      auto place = [&](float item_w) { if (rtl) { x -= item_w; ImGui::SetCursorPos(ImVec2(x, y)); } else { ImGui::SetCursorPos(ImVec2(x, y)); x += item_w; } };
      place(ImGui::CalcTextSize(lead).x);
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ed.theme.text_muted), "%s", lead);
      x += rtl ? -12 * u : 12 * u;
      place(ImGui::CalcTextSize(classic, nullptr, true).x + st.FramePadding.x * 2);
      if (ImGui::Button(classic)) new_map(ed, doc, Template::Classic);
      if (templates_offered(ed)) {
        x += rtl ? -8 * u : 8 * u;
        place(ImGui::CalcTextSize(more, nullptr, true).x + st.FramePadding.x * 2);
        if (ImGui::Button(more)) ed.show_gallery = true;
      }
      panel_end();
    }
  }
  if (insp_w > 0) inspector_draw(ed, doc, ImVec2(insp_left ? 0 : display.x - insp_w, top), ImVec2(insp_w, display.y - status_h - top - bottom_h));
  if (sheet_h > 0) inspector_draw(ed, doc, ImVec2(0, display.y - status_h - sheet_h), ImVec2(display.x, sheet_h));
  if (chrome) {
    // On a phone an open panel covers the canvas (and the inspector sheet) down to the status bar.
    ImVec2 full(display.x, display.y - status_h - top);
    if (narrow) panels_draw(ed, doc, ImVec2(0, top), full, ImVec2(0, top), full);
    else panels_draw(ed, doc, ImVec2(insp_left ? display.x - side_w : 0, top), ImVec2(side_w, display.y - status_h - top - bottom_h),
                     ImVec2(0, display.y - status_h - bottom_h), ImVec2(display.x, bottom_h));
  }
  if (chrome) status_bar(ed, doc, ImVec2(0, display.y - status_h), ImVec2(display.x, status_h));
  else if (!presenting) embed_controls(ed, doc);
  present_overlay(ed, doc);
  shortcut_sheet(ed);
  if (!ed.embed) print_dialog(ed, doc);
  library_dialog(ed, doc);
  gallery_dialog(ed, doc);
  history_dialog(ed, doc);
  merge_dialogs(ed, doc);
  panels_dialogs(ed, doc);

  // A hovered widget may show a tooltip after the hover delay: one wake-up then, not a loop.
  if (ImGui::IsAnyItemHovered() && io.MouseDelta.x == 0 && io.MouseDelta.y == 0 && !ed.tooltip_wake) {
    ed.tooltip_wake = true;
    platform::wake_after(ImGui::GetStyle().HoverDelayNormal * 1000 + 60);
  }
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) ed.tooltip_wake = false;

  // Every change reaches the browser library (the page debounces the writes).
  // The view (zoom, scroll, selection) is kept too, in a lighter write. Not in the first frame:
  // its first JSON write costs 4 ms of code compiled on first use, and the frame after the first
  // (main.cpp asks for it) writes the same.
  bool after_first = ed.frame_ms_next > 0;
  if (after_first && doc.map.revision != ed.notified_revision) {
    ed.notified_revision = doc.map.revision;
    ed.notified_session = editor_session_json(ed, doc);
    platform::map_changed(doc.map.meta.title, true);
  } else if (after_first && ed.gesture == Gesture::None) {
    std::string session = editor_session_json(ed, doc);
    if (session != ed.notified_session) {
      ed.notified_session = std::move(session);
      platform::map_changed(doc.map.meta.title, false);
    }
  }

  // Ctrl+O / Ctrl+S work from anywhere but a text field.
  if (ed.editing.kind == EditKind::None && !ed.embed && !present_active(ed) && (io.KeyCtrl || io.KeySuper)) {
    if (ImGui::IsKeyPressed(ImGuiKey_O, false)) platform::open_file_picker();
    if (ImGui::IsKeyPressed(ImGuiKey_S, false)) save_file(doc);
    if (ImGui::IsKeyPressed(ImGuiKey_P, false)) ed.print.show = true;
    if (ImGui::IsKeyPressed(ImGuiKey_M, false)) { platform::library_request_list(); ed.show_library = true; }
  }

  // The accessible mirror and the chrome's twins follow what this frame did.
  a11y_after_frame(ed, doc);
  a11y_chrome_end_frame(ed);
}

// ---- Test and host API ----------------------------------------------------------------------------

std::string editor_view_json(const Editor& ed, const Doc& doc) {
  using nlohmann::json;
  float u = ed.ui;
  auto css = [u](ImVec2 p) { return json::array({p.x / u, p.y / u}); };
  auto to_css = [&](float x, float y) { return css(map_to_screen(ed, x, y)); };
  json j;
  j["zoom"] = ed.zoom;
  j["scroll"] = json::array({ed.scroll.x, ed.scroll.y});
  j["dpr"] = u;
  j["theme"] = theme_kind_key(ed.display.theme);   // light, dark, contrast, contrast-dark, forced
  j["selection"] = ed.sel;
  j["selection_kind"] = ed.sel_kind == SelKind::Cards ? "cards" : ed.sel_kind == SelKind::Stage ? "stage" : ed.sel_kind == SelKind::Lane ? "lane" : "none";
  j["editing"] = ed.editing.kind != EditKind::None;
  j["search"] = ed.search;
  j["toast"] = ed.toast;
  j["language"] = i18n().language();
  j["ui_rtl"] = ui_rtl();
  // Screen rectangles of named interface parts drawn in the last frame (menu titles, language
  // items, search box), in CSS pixels: tests click them as a person would.
  json widgets = json::object();
  for (const auto& w : ui_recorded()) widgets[w.first] = {w.second.x / u, w.second.y / u, w.second.z / u, w.second.w / u};
  j["widgets"] = std::move(widgets);
  j["popup_open"] = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
  j["can_undo"] = can_undo(doc);
  j["can_redo"] = can_redo(doc);
  j["undo_label"] = can_undo(doc) ? doc.undo_stack.back().label : "";
  j["grid"] = {{"min", css(ed.grid_origin)}, {"max", css(ImVec2(ed.grid_origin.x + ed.grid_size.x, ed.grid_origin.y + ed.grid_size.y))}};
  // Screen rectangles in CSS pixels: [x, y, w, h].
  float k = u * ed.zoom;
  json stages = json::array(), lanes = json::array(), cards = json::array(), points = json::array();
  float header_top = ed.grid_origin.y - ed.style.stage_header_h * k;
  for (size_t i = 0; i < ed.layout.stages.size() && i < doc.map.stages.size(); i++) {
    const StageBox& s = ed.layout.stages[i];
    if (!s.shown) continue;   // the other journey state
    ImVec2 p = map_to_screen(ed, s.x, 0);
    stages.push_back({{"id", s.id}, {"header", {p.x / u, header_top / u, s.w * k / u, ed.style.stage_header_h * k / u}}});
  }
  bool is_rtl = doc.map.meta.direction == Direction::RightToLeft;
  float lane_x = is_rtl ? ed.grid_origin.x + ed.grid_size.x : ed.canvas_min.x;
  for (size_t i = 0; i < ed.layout.lanes.size(); i++) {
    const LaneBox& l = ed.layout.lanes[i];
    ImVec2 p = map_to_screen(ed, 0, l.y);
    lanes.push_back({{"id", l.id}, {"header", {lane_x / u, p.y / u, ed.style.lane_header_w * k / u, l.h * k / u}}});
  }
  for (const CardBox& c : ed.layout.cards) {
    ImVec2 p = map_to_screen(ed, c.r.x, c.r.y);
    json card = {{"id", c.id}, {"rect", {p.x / u, p.y / u, c.r.w * k / u, c.r.h * k / u}}, {"lines", c.lines.size()}};
    // What the canvas marks on the card: comparison badge, metric chips (with their status),
    // moment of truth, dimmed by the persona filter.
    if (c.index < 0 || c.index >= (int)doc.map.cards.size()) continue;   // a layout of the map before an open (no frame since)
    const Card& mc = doc.map.cards[c.index];
    auto mark = ed.facts.diff_mark.find(c.id);
    if (mark != ed.facts.diff_mark.end()) card["badge"] = mark->second == 1 ? "new" : "changed";
    if (c.metric_rows > 0) {
      json chips = json::array();
      for (const Metric& mt : mc.metrics) chips.push_back({{"kind", metric_kind_info(mt.kind).key}, {"status", metric_status_key(metric_status(mt))}});
      card["metrics"] = std::move(chips);
      card["metric_rows"] = c.metric_rows;
    }
    if (mc.moment_of_truth) card["moment_of_truth"] = true;
    if (ed.persona_filter != kNoId && !card_for_persona(mc, ed.persona_filter)) card["dimmed"] = true;
    cards.push_back(std::move(card));
  }
  for (const auto& curve : ed.layout.curves)
    for (const CurvePoint& p : curve) points.push_back({{"id", p.card}, {"at", to_css(p.x, p.y)}, {"persona", p.persona}});
  j["stages"] = std::move(stages);
  j["lanes"] = std::move(lanes);
  j["cards"] = std::move(cards);
  j["points"] = std::move(points);
  json cells = json::array();
  for (size_t li = 0; li < ed.layout.lanes.size(); li++) {
    json row = json::array();
    for (size_t si = 0; si < ed.layout.stages.size(); si++) {
      if (!ed.layout.stages[si].shown) continue;   // cells of the state shown, in stage order
      Rect r = ed.layout.cell((int)si, (int)li);
      ImVec2 p = map_to_screen(ed, r.x, r.y);
      row.push_back({p.x / u, p.y / u, r.w * k / u, r.h * k / u});
    }
    cells.push_back(std::move(row));
  }
  j["cells"] = std::move(cells);
  // Journey content on the canvas.
  const CanvasFacts& F = ed.facts;
  j["state"] = journey_state_key(ed.view_state);
  j["has_future"] = has_future_state(doc.map);
  j["compare"] = ed.compare;
  j["diff"] = {{"shown", !F.diff_mark.empty() || !F.diff.empty()}, {"added", F.diff.added.size()}, {"removed", F.diff.removed.size()},
               {"changed", F.diff.changed.size()}, {"added_ids", F.diff.added}, {"removed_ids", F.diff.removed}};
  j["persona_filter"] = ed.persona_filter;
  j["linking_from"] = ed.linking_from;
  json curves = json::array();
  for (size_t li = 0; li < F.curves.size() && li < doc.map.lanes.size(); li++)
    for (const CanvasFacts::Curve& cv : F.curves[li]) {
      bool hidden = std::find(ed.hidden_curves.begin(), ed.hidden_curves.end(), cv.persona) != ed.hidden_curves.end();
      curves.push_back({{"lane", doc.map.lanes[li].id}, {"persona", cv.persona}, {"points", cv.points.size()}, {"hidden", hidden}});
    }
  j["curves"] = std::move(curves);
  json links = json::array();
  for (const CanvasFacts::Link& lk : F.links) {
    if (lk.from < 0 || lk.to < 0 || lk.from >= (int)ed.layout.cards.size() || lk.to >= (int)ed.layout.cards.size()) continue;
    const CardBox& a = ed.layout.cards[lk.from];
    const CardBox& b = ed.layout.cards[lk.to];
    links.push_back({{"from", a.id}, {"to", b.id}});
  }
  j["links"] = std::move(links);
  json gaps = json::array();
  for (size_t i = 0; i < F.gaps.size(); i++) {
    const HandoffGap& g = F.gaps[i];
    json gj = {{"from", g.from}, {"to", g.to}, {"channel", g.channel}, {"device", g.device}, {"team", g.team}};
    if (F.gap_at[i].x > -1e8f) gj["at"] = to_css(F.gap_at[i].x, F.gap_at[i].y);
    gaps.push_back(std::move(gj));
  }
  j["gaps"] = std::move(gaps);
  json lines = json::array();
  for (const BlueprintLine& bl : doc.map.blueprint_lines) {
    int li = find_lane(doc.map, bl.above_lane);
    if (li < 0 || li >= (int)ed.layout.lanes.size()) continue;
    lines.push_back({{"id", bl.id}, {"kind", blueprint_line_key(bl.kind)}, {"y", map_to_screen(ed, 0, ed.layout.lanes[li].y).y / u}});
  }
  j["blueprint"] = std::move(lines);
  json rollups = json::object();
  for (const StageRollup& r : F.rollups) {
    if (r.metrics.empty()) continue;
    json ms = json::array();
    for (const MetricRollup& mr : r.metrics) ms.push_back({{"kind", metric_kind_info(mr.kind).key}, {"value", mr.value}, {"status", metric_status_key(mr.status)}});
    rollups[std::to_string(r.stage)] = std::move(ms);
  }
  j["rollups"] = std::move(rollups);
  json controls = json::object();
  for (const auto& c : ed.canvas_controls) controls[c.first] = {c.second.x / u, c.second.y / u, c.second.z / u, c.second.w / u};
  j["controls"] = std::move(controls);
  json marks = json::array();   // sub-journey marks on cards: [card, [x, y, w, h]]
  for (const auto& mk : ed.journey_marks)
    marks.push_back({mk.first, {mk.second.Min.x / u, mk.second.Min.y / u, mk.second.GetWidth() / u, mk.second.GetHeight() / u}});
  j["journey_marks"] = std::move(marks);
  // Recent frame build times (ms), oldest first.
  json fm = json::array();
  size_t n = std::min(ed.frame_ms_next, ed.frame_ms.size());
  for (size_t i = 0; i < n; i++) fm.push_back(ed.frame_ms[(ed.frame_ms_next - n + i) % ed.frame_ms.size()]);
  j["frame_ms"] = std::move(fm);
  // The accessible mirror's last update (a11y_bridge.cpp): build time, what went to the page.
  j["a11y"] = {{"build_ms", ed.a11y.build_ms}, {"parts", ed.a11y.sent_parts}, {"bytes", ed.a11y.sent_bytes},
               {"full", ed.a11y.sent_full}, {"updates", ed.a11y.updates}, {"cards", ed.a11y.mirror.cards}};
  panels_view_json(ed, doc, j);
  present_view_json(ed, doc, j);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string editor_session_json(const Editor& ed, const Doc& doc) {
  nlohmann::json j{{"zoom", ed.zoom}, {"scroll", {ed.scroll.x, ed.scroll.y}}, {"selection", ed.sel},
                   {"selection_kind", (int)ed.sel_kind}, {"cursor", {ed.cursor_stage, ed.cursor_lane}},
                   {"dark", ed.theme.dark}, {"inspector", ed.show_inspector}, {"state", journey_state_key(ed.view_state)}};
  // High contrast chosen in the View menu is kept; forced colours are the system's, applied by
  // the page at every start, never saved.
  if (ed.display.theme == ThemeKind::Contrast || ed.display.theme == ThemeKind::ContrastDark) j["theme"] = theme_kind_key(ed.display.theme);
  (void)doc;
  return j.dump();
}

// Opens a library record {id, json, session}: the map and where the user was in it.
void editor_restore(Editor& ed, Doc& doc, const char* record_json) {
  nlohmann::json rec = nlohmann::json::parse(record_json ? record_json : "", nullptr, false);
  if (!rec.is_object() || !rec.contains("json") || !rec["json"].is_string()) return;
  LoadResult r = load_map(rec["json"].get<std::string>());
  if (!r.ok) { editor_notify(ed, TFX("toast.restore_failed", {{"reason", r.error}}), true); return; }
  uint64_t rev = doc.map.revision;
  doc.map = r.map;
  doc.map.revision = rev + 1;
  doc.undo_stack.clear();
  doc.redo_stack.clear();
  canvas_reset_view(ed);
  ed.notified_revision = doc.map.revision;   // opening is not a change: nothing to save
  ed.editing = TextEdit();
  select_none(ed);
  ed.want_fit = false;
  ed.fit_pending = true;
  platform::set_title(doc.map.meta.title.empty() ? "journeymap" : doc.map.meta.title + " - journeymap");
  // No session (a template, a shared link): fitted. Not parsed: an empty text is a parse error.
  std::string session = rec.value("session", std::string());
  nlohmann::json s = session.empty() ? nlohmann::json() : nlohmann::json::parse(session, nullptr, false);
  if (!s.is_object()) { canvas_fit(ed, doc, true); return; }
  try {
    ed.zoom = std::min(3.0f, std::max(0.2f, s.value("zoom", 1.0f)));
    if (s.contains("scroll") && s["scroll"].size() == 2) ed.scroll = ImVec2(s["scroll"][0].get<float>(), s["scroll"][1].get<float>());
    int kind = s.value("selection_kind", 0);
    ed.sel_kind = (SelKind)std::min(3, std::max(0, kind));
    ed.sel = s.value("selection", std::vector<Id>());
    if (s.contains("cursor") && s["cursor"].size() == 2) { ed.cursor_stage = s["cursor"][0].get<int>(); ed.cursor_lane = s["cursor"][1].get<int>(); }
    ThemeKind saved = ThemeKind::Light;
    if (ed.display.theme == ThemeKind::Forced) {
      // the system's colours stay: the page set them
    } else if (theme_kind_from_key(s.value("theme", std::string()), &saved) && saved != ThemeKind::Forced) {
      if (saved != ed.display.theme) theme_set(ed, saved);
    } else if (s.value("dark", false) != ed.theme.dark) {
      theme_apply(ed, s.value("dark", false));   // keeps a high contrast the page's preferences set
    }
    ed.show_inspector = s.value("inspector", true);
    JourneyState js = JourneyState::Current;
    journey_state_from_key(s.value("state", std::string("current")), &js);
    ed.view_state = js;
  } catch (const std::exception&) {
    canvas_fit(ed, doc, true);
  }
  ed.notified_session = editor_session_json(ed, doc);
}

void editor_library_list(Editor& ed, const char* json) {
  nlohmann::json j = nlohmann::json::parse(json ? json : "", nullptr, false);
  if (!j.is_object()) return;
  ed.library.clear();
  for (const auto& m : j.value("maps", nlohmann::json::array())) {
    Editor::LibraryEntry e;
    e.id = m.value("id", "");
    e.title = m.value("title", "");
    e.updated = m.value("updated", 0.0);
    e.bytes = m.value("bytes", 0.0);
    e.trashed = m.value("trashed", false);
    e.current = m.value("current", false);
    e.uid = m.value("uid", "");
    ed.library.push_back(std::move(e));
  }
  ed.storage_usage = j.value("usage", 0.0);
  ed.storage_quota = j.value("quota", 0.0);
  journey_library_listed(ed);   // a sub-journey waiting for My maps (evidence_panel.cpp)
}

// A size for people, logical text in the interface language.
static std::string human_bytes(double b) {
  char buf[32];
  const char* unit = "units.b";
  if (b < 1024) std::snprintf(buf, sizeof buf, "%.0f", b);
  else if (b < 1024 * 1024) { std::snprintf(buf, sizeof buf, "%.0f", b / 1024); unit = "units.kb"; }
  else if (b < 1024.0 * 1024 * 1024) { std::snprintf(buf, sizeof buf, "%.1f", b / 1048576); unit = "units.mb"; }
  else { std::snprintf(buf, sizeof buf, "%.1f", b / 1073741824.0); unit = "units.gb"; }
  return TFX(unit, {{"n", buf}});
}

std::string local_time_text(double epoch_ms) {
  time_t t = (time_t)(epoch_ms / 1000);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&t));
  return buf;
}

// A table header cell whose text follows the interface direction.
static void header_cell(const char* text) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  ImGui::TableHeader("##h");
  float tw = ImGui::CalcTextSize(text).x;
  ImGui::GetWindowDrawList()->AddText(ImVec2(ui_rtl() ? p.x + w - tw : p.x, p.y), ImGui::GetColorU32(ImGuiCol_Text), text);
}

JM_COLD static void library_window(Editor& ed, Doc& doc) {
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  const Theme& t = ed.theme;
  bool rtl = ui_rtl();   // mirrored: filter on the right, columns from the right, buttons in reading order
  const char* title = TL("dialog.my_maps");
  ImGui::OpenPopup(title);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(800 * u, io.DisplaySize.x - 24 * u), std::min(520 * u, io.DisplaySize.y - 40 * u)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    // Filter box (a browser field), sort, trash toggle.
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 start = ImGui::GetCursorScreenPos();
    float w = 260 * u, h = ImGui::GetFrameHeight();
    ImVec2 p(rtl ? start.x + avail - w : start.x, start.y);
    ImGui::SetCursorScreenPos(p);
    bool filtering = ed.editing.kind == EditKind::LibraryFilter;
    if (ImGui::InvisibleButton("##filter", ImVec2(w, h)) && !filtering)
      begin_text_edit(ed, doc, EditKind::LibraryFilter, kNoId, ImVec2(p.x + 8 * u, p.y + 4 * u), ImVec2(w - 16 * u, h - 8 * u), 14 * u, false, ed.library_filter, false, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 9), 6 * u);
    if (!filtering)
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(p.x + 10 * u, p.y + (h - 14 * u * kEm) * 0.5f), w - 20 * u,
                    ed.library_filter.empty() ? t.text_faint : t.text, ed.library_filter.empty() ? TX("library.search") : ed.library_filter,
                    rtl ? 1.0f : 0.0f);
    const char* sorts[] = {T("library.sort_updated"), T("library.sort_title"), T("library.sort_size")};
    if (!rtl) {
      ImGui::SameLine(0, 12 * u);
      ImGui::SetNextItemWidth(150 * u);
      ImGui::Combo("##sort", &ed.library_sort, sorts, 3);
      ImGui::SameLine(0, 12 * u);
      ui_checkbox("library.trash", &ed.library_trash);
    } else {
      ImGui::SetCursorScreenPos(ImVec2(p.x - 12 * u - 150 * u, p.y));
      ImGui::SetNextItemWidth(150 * u);
      if (ui_begin_combo("##sort", sorts[ed.library_sort])) {
        for (int i = 0; i < 3; i++)
          if (ui_selectable(sorts[i], sorts[i], ed.library_sort == i)) ed.library_sort = i;
        ImGui::EndCombo();
      }
      float cw = ImGui::CalcTextSize(T("library.trash")).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
      ImGui::SetCursorScreenPos(ImVec2(p.x - 24 * u - 150 * u - cw, p.y));
      ui_checkbox("library.trash", &ed.library_trash, false);
    }
    ImGui::Spacing();

    std::vector<const Editor::LibraryEntry*> rows;
    auto lower = [](std::string s) { for (char& c : s) c = (char)std::tolower((unsigned char)c); return s; };
    std::string f = lower(ed.library_filter);
    for (const auto& e : ed.library)
      if (e.trashed == ed.library_trash && (f.empty() || lower(e.title).find(f) != std::string::npos)) rows.push_back(&e);
    std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      if (ed.library_sort == 1) return lower(a->title) < lower(b->title);
      if (ed.library_sort == 2) return a->bytes > b->bytes;
      return a->updated > b->updated;
    });
    float footer = ImGui::GetFrameHeightWithSpacing() + 8 * u;
    // The actions column fits its buttons in the interface language.
    const ImGuiStyle& st = ImGui::GetStyle();
    auto small_w = [&](const char* key) { return ImGui::CalcTextSize(T(key)).x + st.FramePadding.x * 2; };
    float actions_w = small_w("library.open_now") + small_w("library.rename") + small_w("library.duplicate") + small_w("library.delete") +
                      3 * st.ItemSpacing.x + 4 * u;
    if (ImGui::BeginTable("maps", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX,
                          ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
      // Columns: title, last change, size, actions; right to left the same from the right.
      enum { kTitle, kUpdated, kSize, kActions };
      int order[4] = {kTitle, kUpdated, kSize, kActions};
      if (rtl) { order[0] = kActions; order[1] = kSize; order[2] = kUpdated; order[3] = kTitle; }
      ImGui::TableSetupScrollFreeze(0, 1);
      for (int c : order) {
        if (c == kTitle) ImGui::TableSetupColumn("title", ImGuiTableColumnFlags_WidthStretch);
        if (c == kUpdated) ImGui::TableSetupColumn("updated", ImGuiTableColumnFlags_WidthFixed, 140 * u);
        if (c == kSize) ImGui::TableSetupColumn("size", ImGuiTableColumnFlags_WidthFixed, 70 * u);
        if (c == kActions) ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
      }
      auto col = [&](int c) { for (int i = 0; i < 4; i++) if (order[i] == c) ImGui::TableSetColumnIndex(i); };
      ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
      col(kTitle); header_cell(T("library.col_title"));
      col(kUpdated); header_cell(T("library.col_updated"));
      col(kSize); header_cell(T("library.col_size"));
      col(kActions); header_cell("");
      for (const auto* e : rows) {
        ImGui::PushID(e->id.c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_None, ImGui::GetFrameHeight() + 6 * u);
        col(kTitle);
        ImVec2 cp = ImGui::GetCursorScreenPos();
        float cw = ImGui::GetContentRegionAvail().x;
        bool renaming = ed.editing.kind == EditKind::LibraryRename && ed.editing.key == e->id;
        if (!renaming) {
          const std::string& name = e->title.empty() ? TX("map.untitled") : e->title;
          draw_text_fit(ImGui::GetWindowDrawList(), e->current ? ed.font_bold : ed.font_ui, 14 * u, ImVec2(cp.x, cp.y + 5 * u), cw, t.text, name,
                        rtl ? 1.0f : 0.0f);
        }
        ImGui::Dummy(ImVec2(cw, ImGui::GetFrameHeight()));
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0) && !e->trashed) { platform::library_open(e->id); ed.show_library = false; }
        col(kUpdated);
        ImGui::AlignTextToFramePadding();
        ui_text(local_time_text(e->updated).c_str(), ImGui::GetColorU32(ImGuiCol_TextDisabled));
        col(kSize);
        ImGui::AlignTextToFramePadding();
        ui_text(i18n().display_text(human_bytes(e->bytes)).c_str(), ImGui::GetColorU32(ImGuiCol_TextDisabled));
        col(kActions);
        if (!e->trashed) {
          // In reading order: open, rename, duplicate, delete (from the right, right to left).
          auto open_b = [&] {
            ImGui::BeginDisabled(e->current);
            if (ImGui::SmallButton(e->current ? TL("library.open_now") : TL("library.open"))) { platform::library_open(e->id); ed.show_library = false; }
            ImGui::EndDisabled();
          };
          auto rename_b = [&] {
            if (ImGui::SmallButton(TL("library.rename"))) {
              ed.editing.key = e->id;
              begin_text_edit(ed, doc, EditKind::LibraryRename, kNoId, cp, ImVec2(cw, ImGui::GetFrameHeight()), 14 * u, false, e->title, false, false);
              ed.editing.key = e->id;
            }
          };
          auto dup_b = [&] { if (ImGui::SmallButton(TL("library.duplicate"))) platform::library_duplicate(e->id); };
          auto del_b = [&] { if (ImGui::SmallButton(TL("library.delete"))) platform::library_delete(e->id); };
          if (!rtl) { open_b(); ImGui::SameLine(); rename_b(); ImGui::SameLine(); dup_b(); ImGui::SameLine(); del_b(); }
          else {
            float total = small_w(e->current ? "library.open_now" : "library.open") + small_w("library.rename") + small_w("library.duplicate") +
                          small_w("library.delete") + 3 * st.ItemSpacing.x;
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - total));
            del_b(); ImGui::SameLine(); dup_b(); ImGui::SameLine(); rename_b(); ImGui::SameLine(); open_b();
          }
        } else {
          if (rtl) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(T("library.restore")).x - ImGui::GetStyle().FramePadding.x * 2));
          if (ImGui::SmallButton(TL("library.restore"))) platform::library_restore(e->id);
        }
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    if (rows.empty()) ui_text(T(ed.library_trash ? "library.trash_empty" : "library.none"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    std::string usage = ed.storage_quota > 0
        ? TF("library.usage", {{"used", human_bytes(ed.storage_usage)}, {"quota", human_bytes(ed.storage_quota)}})
        : TP("library.count", (long long)ed.library.size());
    float close_x = rtl ? 20 * u : ImGui::GetWindowWidth() - 120 * u;
    float y = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(rtl ? ImGui::GetWindowWidth() - 20 * u - ImGui::CalcTextSize(usage.c_str()).x : 20 * u, y));
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", usage.c_str());
    ImGui::SetCursorPos(ImVec2(close_x, y));
    if (ui_button("button.close", ImVec2(100 * u, 0)) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None)) {
      ed.show_library = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  if (!open) ed.show_library = false;
  ImGui::PopStyleVar();
}

void library_dialog(Editor& ed, Doc& doc) {
  if (ed.show_library) library_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

static std::string last_export;   // the last export made by a command, for jm_last_export
const std::string& editor_last_export() { return last_export; }

double editor_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  if (double r = history_command(ed, doc, name, arg); r != -1) return r;
  if (double r = merge_command(ed, doc, name, arg); r != -1) return r;
  if (name == "undo") return undo(doc);
  if (name == "redo") return redo(doc);
  if (name == "new_blank") { new_map(ed, doc, Template::Blank); return 1; }
  if (name == "new_classic") { new_map(ed, doc, Template::Classic); return 1; }
  if (name == "fit") { canvas_fit(ed, doc); return 1; }
  if (name == "zoom") { canvas_zoom_at(ed, (float)std::atof(arg.c_str()), ed.grid_origin); return 1; }
  if (name == "pan") {
    float dx = 0, dy = 0;
    std::sscanf(arg.c_str(), "%f,%f", &dx, &dy);
    ed.scroll.x += dx / ed.zoom;
    ed.scroll.y += dy / ed.zoom;
    return 1;
  }
  if (double r = display_command(ed, name, arg); r != -1) return r;       // theme, text_scale, motion
  if (double r = a11y_command(ed, doc, name, arg); r != -1) return r;      // the mirror's commands
  if (double r = a11y_chrome_command(ed, name, arg); r != -1) return r;   // a11y_escape
  if (name == "language") { ed.pending_lang = arg; return ui_language_offered(arg); }
  if (name == "load") {
    LoadResult r = load_map(arg);
    if (!r.ok) { editor_notify(ed, r.error, true); return 0; }
    switch_document(ed, doc, std::move(r.map));   // also into a read-only viewer: the host loads it
    canvas_fit(ed, doc, !ed.embed);
    return 1;
  }
  if (name == "generate") {
    // "SxLxC": a generated map, for benchmarks. Lines after the first, if any, are the card texts
    // to use; then stage and lane names come from the interface language and the map reads in
    // its direction (an Arabic map for an Arabic interface).
    int s = 40, l = 12, c = 10;
    std::sscanf(arg.c_str(), "%dx%dx%d", &s, &l, &c);
    std::vector<std::string> given;
    for (size_t at = arg.find('\n'); at != std::string::npos;) {
      size_t next = arg.find('\n', at + 1);
      std::string line = arg.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
      if (!line.empty()) given.push_back(line);
      at = next;
    }
    static const std::vector<std::string> latin = {
      "Searches the web for a business phone system", "Reads reviews on a comparison site",
      "Books a demo with sales", "Waits two days for a quote", "Compares three vendors in a spreadsheet",
      "Asks IT whether the new system works with the CRM", "Signs the contract online",
      "Sets up numbers and users in the admin portal", "Calls support about call forwarding",
      "Receives the renewal reminder by email", "Recommends the product to a partner company",
      "NPS 45%", "Onboarding takes 3 weeks instead of 1"};
    Map big = make_large_map(s, l, c, given.empty() ? latin : given);
    if (!given.empty()) {
      for (size_t i = 0; i < big.stages.size(); i++) big.stages[i].name = TFX("new_map.stage_n", {{"n", std::to_string(i + 1)}});
      for (Lane& ln : big.lanes) ln.name = lane_type_name(ln.type);
      big.meta.title = TX("map.untitled");
      if (ui_rtl()) big.meta.direction = Direction::RightToLeft;
    }
    big.revision = doc.map.revision + 1;   // a fresh Map starts at 0: force a new layout
    doc.map = std::move(big);
    doc.undo_stack.clear();
    doc.redo_stack.clear();
    select_none(ed);
    canvas_reset_view(ed);
    ed.zoom = 1;
    ed.scroll = ImVec2(0, 0);
    return (int)doc.map.cards.size();
  }
  if (name == "select_all") {
    canvas_select_all(ed, doc);
    return (int)ed.sel.size();
  }
  // Journey content on the canvas: the state shown, copying and comparing, links, personas.
  if (name == "state") {
    JourneyState s;
    if (!journey_state_from_key(arg, &s)) return 0;
    canvas_show_state(ed, doc, s);
    return 1;
  }
  if (name == "copy_to_future") {
    if (doc.read_only) return 0;
    copy_current_to_future(doc);
    canvas_show_state(ed, doc, JourneyState::Future);
    return 1;
  }
  if (name == "compare") { ed.compare = arg != "off" && arg != "0"; return 1; }
  if (name == "link" || name == "unlink") {   // "<from> <to>": from depends on to
    unsigned long long from = 0, to = 0;
    if (std::sscanf(arg.c_str(), "%llu %llu", &from, &to) != 2) return 0;
    link_cards(doc, from, to, name == "link");
    const Card* c = card_by_id(doc.map, from);
    return c && (std::find(c->links.begin(), c->links.end(), (Id)to) != c->links.end()) == (name == "link");
  }
  if (name == "persona_filter") {   // a persona id, or 0 for everyone
    Id p = parse_id(arg);
    if (p != kNoId && find_persona(doc.map, p) < 0) return 0;
    ed.persona_filter = p;
    return 1;
  }
  if (name == "curve") {   // "<persona> on|off": a curve of the Emotions lane shown or hidden (0: the shared one)
    unsigned long long p = 0;
    char state[8] = "";
    if (std::sscanf(arg.c_str(), "%llu %7s", &p, state) != 2) return 0;
    auto it = std::find(ed.hidden_curves.begin(), ed.hidden_curves.end(), (Id)p);
    bool show = std::strcmp(state, "off") != 0;
    if (show && it != ed.hidden_curves.end()) ed.hidden_curves.erase(it);
    if (!show && it == ed.hidden_curves.end()) ed.hidden_curves.push_back(p);
    return 1;
  }
  if (name == "edit_bench") {
    // Benchmark: N edits, all undone, all redone; returns microseconds.
    int n = std::max(1, std::atoi(arg.c_str()));
    double t0 = platform::now_ms();
    for (int i = 0; i < n && !doc.map.cards.empty(); i++) {
      Card c = doc.map.cards[(size_t)(i * 37) % doc.map.cards.size()];
      c.text += " (edited)";
      update_card(doc, c);
    }
    for (int i = 0; i < n; i++) undo(doc);
    for (int i = 0; i < n; i++) redo(doc);
    return (int)std::lround((platform::now_ms() - t0) * 1000.0);
  }
  if (name == "read_only") { doc.read_only = arg != "0"; return 1; }
  // Presenting: "0" stops, "N" shows stages 1..N (the viewer's ?present=N and journeymap:present).
  if (name == "present") {
    int n = std::atoi(arg.c_str());
    if (n <= 0) { present_stop(ed, doc); return 1; }
    if (doc.map.stages.empty()) return 0;
    present_start(ed, doc, n - 1);
    return 1;
  }
  if (name == "embed") { ed.embed = arg != "0"; doc.read_only = ed.embed || doc.read_only; canvas_fit(ed, doc); return 1; }
  if (name == "shared") { ed.shared_view = arg != "0"; doc.read_only = ed.shared_view; return 1; }
  if (name == "set_title") {
    MapMeta m = doc.map.meta;
    m.title = arg;
    set_meta(doc, m);
    return 1;
  }
  if (name == "library") { platform::library_request_list(); ed.show_library = true; return 1; }
  if (name == "open_text") { editor_open_text(ed, doc, "file", arg); return 1; }
  if (name == "export_text") {   // what File > Export's text formats download
    std::string stem = file_stem(doc);
    if (arg == "csv") platform::download(stem + ".csv", "text/csv", to_csv(doc.map));
    else if (arg == "md") platform::download(stem + ".md", "text/markdown", to_markdown(doc.map));
    else if (arg == "mmd") platform::download(stem + ".mmd", "text/plain", to_mermaid(doc.map));
    else if (arg == "xlsx") download_xlsx(ed, doc);
    else if (arg == "pptx") download_pptx(ed, doc);
    else return 0;
    return 1;
  }
  if (name == "svg") { last_export = map_export_svg(ed, doc); return (int)last_export.size(); }
  // The print document (core/print.h) to the browser's print dialog, as the Print button makes it:
  // "a4 landscape tiled 100" (print_map); "dialog" opens File > Export > Print or PDF... instead.
  if (name == "print") {
    if (arg == "dialog") { ed.print.show = true; return 1; }
    return print_map(ed, doc, arg);
  }
  // The Office exports built as File > Export builds them, without the download (the benchmark
  // times this): the file's size in bytes, 0 on failure.
  if (name == "office_size") {
    std::string error;
    if (arg == "xlsx") return (int)map_to_xlsx(doc.map, &error, editor_ui_name).size();
    if (arg != "pptx") return 0;
    return (int)map_to_pptx(doc.map, card_measure(ed), &error, editor_ui_name).size();
  }
  if (name == "export_png") { platform::export_png(map_export_svg(ed, doc), arg.empty() ? 2.0f : (float)std::atof(arg.c_str()), file_stem(doc) + ".png"); return 1; }
  if (name == "gallery") { ed.show_gallery = arg != "off"; if (!arg.empty() && arg != "off" && arg != "on") ed.gallery_lang = arg; return 1; }
  if (name == "template") {
    const Editor::TemplateFile* t = template_find(ed, arg);
    if (!t) return 0;
    new_map(ed, doc, map_from_template(t->map));
    return 1;
  }
  return panels_command(ed, doc, name, arg);
}

} // namespace jm
