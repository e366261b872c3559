// history.cpp: versions of the open map. "Save a version…" keeps the map under a name; the page
// also keeps automatic versions (thinned: see web/app.js, which owns the storage in IndexedDB).
// The History dialog lists them (time, name, card count); Preview shows one read-only under a
// banner, and Restore brings one back as a single undoable step, after the page has kept the
// state before it as another version, so nothing is lost either way.
//
// Wiring, as for "My maps": the editor asks the page with platform::history_request(op, ...);
// the page answers through jm_history_list (the list) and jm_history_apply (a version's map).
#include "editor/editor.h"
#include "core/io.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdio>
#include <ctime>

namespace jm {

// Every string this file shows is an interface string: assets/i18n/*.json, keys "history.*".

// ---- State: the dialog, the naming prompt, the preview ----------------------------------------
struct HistoryEntry {
  std::string key, name, reason;
  double time = 0, of = 0, cards = 0;
  bool automatic = false;
};

struct HistoryState {
  bool show = false;              // the History dialog
  bool listed = false;            // the page has answered since it was opened
  std::vector<HistoryEntry> entries;

  bool naming = false;            // the "Save a version" prompt
  bool reopen_history = false;    // it was opened from the History dialog
  bool focus_pending = false;     // start typing once the prompt is placed
  std::string name;               // typed so far (committed from the browser field)

  bool previewing = false;        // a version shown read-only; the map being edited waits in stash
  Doc stash;
  float zoom = 1;
  ImVec2 scroll;
  SelKind sel_kind = SelKind::None;
  std::vector<Id> sel;
  std::string preview_key, preview_name;
  double preview_time = 0;

  // Where the buttons were drawn last (device px), for the test API.
  struct Row { std::string key; ImRect preview, restore; };
  std::vector<Row> rows;
  ImRect banner_restore, banner_close, name_field, name_save, name_cancel, dialog_close;
};
static HistoryState H;

static std::string when(double epoch_ms) {
  time_t t = (time_t)(epoch_ms / 1000);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  return buf;
}

static std::string label_of(const HistoryEntry& e) {
  if (!e.automatic) return e.name.empty() ? TX("history.untitled") : e.name;
  if (e.reason == "session") return TX("history.auto_session");
  if (e.reason == "minute") return TX("history.auto_minute");
  if (e.reason == "reload") return TX("history.auto_reload");
  if (e.reason == "restore") {
    return TFX("history.auto_restore", {{"time", when(e.of)}});
  }
  return TX("history.auto");
}

// A click that has reached ImGui's input queue but not its frame yet. A browser field loses
// focus on mousedown, before ImGui sees the click: this tells that commit from an Enter.
static bool click_pending() {
  for (const ImGuiInputEvent& e : GImGui->InputEventsQueue)
    if (e.Type == ImGuiInputEventType_MouseButton && e.MouseButton.Down) return true;
  return false;
}

static void open_naming(Editor& ed, bool from_history) {
  (void)ed;
  H.naming = true;
  H.reopen_history = from_history;
  H.name.clear();
  H.name_field = ImRect();
  H.focus_pending = true;
}

static void save_version(Editor& ed, const std::string& name) {
  H.naming = false;
  platform::history_request("save", "", name);
  if (H.reopen_history) { H.show = true; H.listed = false; }
  H.reopen_history = false;
  (void)ed;
}

// Ends the preview: the map being edited comes back as it was (view too), not as a change.
static void end_preview(Editor& ed, Doc& doc) {
  if (!H.previewing) return;
  uint64_t rev = doc.map.revision;
  doc = std::move(H.stash);
  H.stash = Doc();
  doc.map.revision = rev + 1;
  ed.notified_revision = doc.map.revision;   // showing it again is not an edit: nothing to save
  ed.zoom = H.zoom;
  ed.scroll = H.scroll;
  ed.sel_kind = H.sel_kind;
  ed.sel = H.sel;
  ed.editing = TextEdit();
  platform::text_field_close();
  H.previewing = false;
  platform::history_request("closed", "", "");
}

// Another map replaces the preview (My maps, a new map, a file; the page says so before): the
// preview is over, and what it hid was saved before it began, so only the flags are put back.
static void drop_preview(Doc& doc) {
  doc.read_only = H.stash.read_only;
  H.stash = Doc();
  H.previewing = false;
  platform::history_request("closed", "", "");
}

static void restore_map(Editor& ed, Doc& doc, const Map& m, double time) {
  end_preview(ed, doc);
  // The page keeps the map as it is now as an automatic version first: the restore is undoable
  // here, and survives a reload in History.
  char of[32];
  std::snprintf(of, sizeof of, "%.0f", time);
  platform::history_request("before_restore", "", of);
  replace_map(doc, m, "Restore version");
  select_none(ed);
  ed.editing = TextEdit();
  editor_notify(ed, TFX("history.restored", {{"time", when(time)}}), false);
}

// ---- Entry points from the page ----------------------------------------------------------------

void history_list(Editor& ed, const char* json) {
  (void)ed;
  nlohmann::json j = nlohmann::json::parse(json ? json : "", nullptr, false);
  if (!j.is_object()) return;
  H.entries.clear();
  for (const auto& v : j.value("versions", nlohmann::json::array())) {
    if (!v.is_object()) continue;
    HistoryEntry e;
    e.key = v.value("key", "");
    e.name = v.value("name", "");
    e.reason = v.value("reason", "");
    e.time = v.value("time", 0.0);
    e.of = v.value("of", 0.0);
    e.cards = v.value("cards", 0.0);
    e.automatic = v.value("auto", false);
    H.entries.push_back(std::move(e));
  }
  std::sort(H.entries.begin(), H.entries.end(), [](const auto& a, const auto& b) { return a.time > b.time; });
  H.listed = true;
}

// A version's map from the page: {key, time, name, json}; shown read-only, or restored.
void history_apply(Editor& ed, Doc& doc, const char* record, bool restore) {
  nlohmann::json rec = nlohmann::json::parse(record ? record : "", nullptr, false);
  std::string error = "not a version record";
  LoadResult r;
  if (rec.is_object() && rec.contains("json") && rec["json"].is_string()) {
    r = load_map(rec["json"].get<std::string>());
    error = r.error;
  }
  if (!r.ok) {
    editor_notify(ed, TFX("history.unreadable", {{"reason", error}}), true);
    if (!restore && !H.previewing) platform::history_request("closed", "", "");
    return;
  }
  double time = rec.value("time", 0.0);
  if (restore) { restore_map(ed, doc, r.map, time); H.show = false; return; }
  if (!H.previewing) {
    H.stash = std::move(doc);
    doc = Doc();
    H.zoom = ed.zoom;
    H.scroll = ed.scroll;
    H.sel_kind = ed.sel_kind;
    H.sel = ed.sel;
  }
  uint64_t rev = std::max(doc.map.revision, H.stash.map.revision);
  doc.map = std::move(r.map);
  doc.map.revision = rev + 1;
  doc.undo_stack.clear();
  doc.redo_stack.clear();
  doc.read_only = true;
  ed.notified_revision = doc.map.revision;   // a preview is not a change of the map
  ed.editing = TextEdit();
  platform::text_field_close();
  select_none(ed);
  H.previewing = true;
  H.preview_key = rec.value("key", "");
  H.preview_name = rec.value("name", "");
  H.preview_time = time;
  H.show = false;
}

// The name typed in the browser field (Enter, or the field lost focus).
void history_name_done(Editor& ed, Doc& doc, const std::string& text, bool commit) {
  (void)doc;
  if (!commit || !H.naming) return;
  H.name = text;
  // Enter saves at once; a click elsewhere (Save, Cancel) decides in the frame that sees it.
  if (!click_pending()) {
    if (H.name.empty()) editor_notify(ed, TX("history.empty_name"), true);
    else save_version(ed, H.name);
  }
}

// ---- Drawing ------------------------------------------------------------------------------------

void history_menu_items(Editor& ed, Doc& doc) {
  if (ui_menu_key("history.menu_save", nullptr, false, !doc.read_only)) open_naming(ed, false);
  if (ui_menu_key("history.menu_history", nullptr, false, !ed.shared_view)) history_command(ed, doc, "history", "");
}

float history_banner(Editor& ed, Doc& doc, float top, float width) {
  if (!H.previewing) return 0;
  float u = ed.ui, bh = 40 * u;
  panel_begin(ed, "##history_preview", ImVec2(0, top), ImVec2(width, bh), ImVec2(16 * u, 6 * u));
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(width, top + bh), ed.theme.accent_soft);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(TF("history.banner", {{"time", when(H.preview_time)}}).c_str());
  if (!H.preview_name.empty()) {   // the user's name for it, through draw_text (right to left, shaping)
    ImGui::SameLine(0, 8 * u);
    std::string quoted = "\xE2\x80\x9C" + H.preview_name + "\xE2\x80\x9D";
    float fw = std::min(measure_text(ed.font_bold, 14 * u, quoted.data(), quoted.data() + quoted.size()), width * 0.4f);
    ImVec2 p = ImGui::GetCursorScreenPos();
    draw_text_fit(ImGui::GetWindowDrawList(), ed.font_bold, 14 * u, ImVec2(p.x, p.y + (ImGui::GetFrameHeight() - 14 * u * kEm) * 0.5f),
                  fw, ed.theme.text, quoted);
    ImGui::Dummy(ImVec2(fw, ImGui::GetFrameHeight()));
  }
  ImGui::SameLine(0, 16 * u);
  bool restore = ImGui::Button(TL("history.restore"));
  H.banner_restore = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::SameLine();
  bool close = ImGui::Button(TL("button.close"));
  H.banner_close = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  panel_end();
  if (restore) {
    Map m = doc.map;
    restore_map(ed, doc, m, H.preview_time);
  } else if (close) {
    end_preview(ed, doc);
  }
  return bh;
}

// A modal no longer wanted is closed through ImGui too (else it would keep blocking input).
static void close_stale_popup(const char* name) {
  if (ImGui::IsPopupOpen(name) && ImGui::BeginPopupModal(name)) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

static void naming_dialog(Editor& ed, Doc& doc) {
  if (!H.naming) { close_stale_popup(TL("history.name_dialog")); return; }
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  ImGui::OpenPopup(TL("history.name_dialog"));
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.35f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(460 * u, io.DisplaySize.x - 24 * u), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  if (ui_begin_modal(TL("history.name_dialog"), &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    ui_text(T("history.name_label"));
    ImGui::Spacing();
    // The name is typed in a browser field laid over this box (input methods, right to left).
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight() + 6 * u;
    bool typing = ed.editing.kind == EditKind::VersionName;
    bool clicked = ImGui::InvisibleButton("##version_name", ImVec2(w, h));
    H.name_field = ImRect(p, ImVec2(p.x + w, p.y + h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ed.theme.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 9), 6 * u);
    if (!typing)
      draw_text_fit(dl, ed.font_ui, 14 * u, ImVec2(p.x + 10 * u, p.y + (h - 14 * u * kEm) * 0.5f), w - 20 * u,
                    H.name.empty() ? ed.theme.text_faint : ed.theme.text, H.name.empty() ? TX("history.name_hint") : H.name);
    // Typing starts when the prompt has its place (not in its first, auto-sized frame), and again
    // on a click into the box; the field follows the box if the prompt moves.
    ImVec2 fp(p.x + 8 * u, p.y + 4 * u), fs(w - 16 * u, h - 8 * u);
    if (!typing && (clicked || (H.focus_pending && !ImGui::IsWindowAppearing()))) {
      H.focus_pending = false;
      begin_text_edit(ed, doc, EditKind::VersionName, kNoId, fp, fs, 14 * u, false, H.name, false, false);
    } else if (typing && (fp.x != ed.editing.pos.x || fp.y != ed.editing.pos.y || fs.x != ed.editing.size.x)) {
      ed.editing.pos = fp;
      ed.editing.size = fs;
      platform::text_field_move(fp.x, fp.y, fs.x, fs.y, 14 * u);
    }
    ImGui::Spacing();
    ImGui::Spacing();
    float bw = 100 * u;
    ImGui::SetCursorPosX(ImGui::GetWindowWidth() - 2 * bw - 20 * u - ImGui::GetStyle().ItemSpacing.x);
    bool cancel = ImGui::Button(TL("history.cancel"), ImVec2(bw, 0));
    H.name_cancel = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::SameLine();
    bool save = ImGui::Button(TL("history.save"), ImVec2(bw, 0));
    H.name_save = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None) cancel = true;
    if (save) {
      if (H.name.empty()) editor_notify(ed, TX("history.empty_name"), true);
      else save_version(ed, H.name);
    }
    if (cancel) {
      H.naming = false;
      if (H.reopen_history) H.show = true;
      H.reopen_history = false;
    }
    if (!H.naming) {
      if (ed.editing.kind == EditKind::VersionName) { ed.editing = TextEdit(); platform::text_field_close(); }
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  if (!open) {
    H.naming = false;
    if (ed.editing.kind == EditKind::VersionName) { ed.editing = TextEdit(); platform::text_field_close(); }
  }
  ImGui::PopStyleVar();
}

void history_dialog(Editor& ed, Doc& doc) {
  naming_dialog(ed, doc);
  if (!H.show) { close_stale_popup(TL("history.dialog")); return; }
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  ImGui::OpenPopup(TL("history.dialog"));
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(760 * u, io.DisplaySize.x - 24 * u), std::min(520 * u, io.DisplaySize.y - 40 * u)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  bool open = true;
  H.rows.clear();
  if (ui_begin_modal(TL("history.dialog"), &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    float footer = 2 * ImGui::GetFrameHeightWithSpacing() + 8 * u;
    std::string pick_key;
    bool pick_restore = false;
    if (ImGui::BeginTable("versions", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX,
                          ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(T("history.col_time"), ImGuiTableColumnFlags_WidthFixed, 150 * u);
      ImGui::TableSetupColumn(T("history.col_name"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn(T("history.col_cards"), ImGuiTableColumnFlags_WidthFixed, 60 * u);
      ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 150 * u);
      ImGui::TableHeadersRow();
      for (const HistoryEntry& e : H.entries) {
        ImGui::PushID(e.key.c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_None, ImGui::GetFrameHeight() + 6 * u);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", when(e.time).c_str());
        ImGui::TableNextColumn();
        ImVec2 cp = ImGui::GetCursorScreenPos();
        float cw = ImGui::GetContentRegionAvail().x;
        draw_text_fit(ImGui::GetWindowDrawList(), e.automatic ? ed.font_ui : ed.font_bold, 14 * u, ImVec2(cp.x, cp.y + 5 * u), cw,
                      e.automatic ? ed.theme.text_muted : ed.theme.text, label_of(e));
        ImGui::Dummy(ImVec2(cw, ImGui::GetFrameHeight()));
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%.0f", e.cards);
        ImGui::TableNextColumn();
        HistoryState::Row row;
        row.key = e.key;
        if (ImGui::SmallButton(TL("history.preview"))) pick_key = e.key;
        row.preview = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::SameLine();
        if (ImGui::SmallButton(TL("history.restore"))) { pick_key = e.key; pick_restore = true; }
        row.restore = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        H.rows.push_back(row);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    if (!H.listed) ui_text(T("history.loading"), ed.theme.text_muted);
    else if (H.entries.empty()) ui_text_wrapped(TX("history.empty"), ed.theme.text_muted);
    ui_text_wrapped(TX("history.foot"), ed.theme.text_faint);
    ImGui::BeginDisabled(doc.read_only);
    if (ImGui::Button(TL("history.menu_save"))) { H.show = false; open_naming(ed, true); }
    ImGui::EndDisabled();
    ImGui::SameLine(ImGui::GetWindowWidth() - 120 * u);
    bool close = ImGui::Button(TL("button.close"), ImVec2(100 * u, 0));
    H.dialog_close = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (close || ImGui::IsKeyPressed(ImGuiKey_Escape)) H.show = false;
    if (!pick_key.empty()) {
      // The page reads the version and answers through history_apply.
      platform::history_request("get", pick_key, pick_restore ? "restore" : "preview");
      H.show = false;
    }
    if (!H.show) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (!open) H.show = false;
  ImGui::PopStyleVar();
}

// ---- Commands (menu actions by name, for tests and the page) --------------------------------------

double history_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  if (name == "history") {
    if (ed.shared_view) return 0;
    H.show = true;
    H.listed = false;
    platform::history_request("list", "", "");
    return 1;
  }
  if (name == "save_version") {   // File > Save a version…; with a name, saved without the prompt
    if (doc.read_only) return 0;
    if (arg.empty()) { open_naming(ed, false); return 1; }
    save_version(ed, arg);
    return 1;
  }
  if (name == "history_close_preview") { end_preview(ed, doc); return 1; }
  if (name == "history_drop_preview") { if (H.previewing) drop_preview(doc); return 1; }
  return -1;
}

bool history_previewing() { return H.previewing; }

// Where things are, in CSS pixels, for the end-to-end tests: [x, y, w, h].
std::string history_json(const Editor& ed) {
  using nlohmann::json;
  float u = ed.ui;
  auto rect = [u](const ImRect& r) { return json::array({r.Min.x / u, r.Min.y / u, r.GetWidth() / u, r.GetHeight() / u}); };
  json rows = json::array();
  for (const auto& r : H.rows) rows.push_back({{"key", r.key}, {"preview", rect(r.preview)}, {"restore", rect(r.restore)}});
  json entries = json::array();
  for (const auto& e : H.entries)
    entries.push_back({{"key", e.key}, {"name", e.name}, {"label", label_of(e)}, {"auto", e.automatic}, {"reason", e.reason},
                       {"time", e.time}, {"cards", e.cards}});
  json j{{"open", H.show}, {"listed", H.listed}, {"naming", H.naming}, {"name", H.name}, {"previewing", H.previewing},
         {"preview_key", H.preview_key}, {"preview_time", H.preview_time}, {"entries", std::move(entries)}, {"rows", std::move(rows)},
         {"banner_restore", rect(H.banner_restore)}, {"banner_close", rect(H.banner_close)}, {"name_field", rect(H.name_field)},
         {"name_save", rect(H.name_save)}, {"name_cancel", rect(H.name_cancel)}, {"dialog_close", rect(H.dialog_close)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace jm
