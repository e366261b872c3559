// merge_panel.cpp: File > Compare with file... and File > Merge with file... (issue #13, "Many
// authors"). The comparing and merging is the core's (core/diff.h, core/merge.h); this file is the
// file chooser, the choice of a base, and the two views:
//  - Compare: a panel on the inspector's side lists what the other file changes against the open
//    map, grouped (map, stages, lanes, cards, personas, actions, ...), each field from what to
//    what. A card change selects and shows the card. Read-only: it never touches the map.
//  - Merge: the chosen file is "theirs", the open map "ours". The base is looked for in the map's
//    own history (the page's IndexedDB versions, as history.cpp lists them): the saved version
//    closest to both copies (fewest changes to ours plus to theirs). Without one, the user picks a
//    base file or merges two-way (every difference is a decision). A modal dialog shows the
//    conflicts side by side (base / mine / theirs) with "Keep mine" / "Take theirs"; nothing
//    changes until "Apply merge", which is one replace_map step (one undo restores the map).
//
// The file chooser and the history read are the page's; they are small, so they live here as
// EM_JS rather than in a script of their own (no page, service worker or offline list to change).
#include "editor/editor.h"
#include "core/diff.h"
#include "core/io.h"
#include "core/merge.h"
#include "platform/platform.h"
#include <imgui_internal.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdio>
#include <ctime>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace jm {

// Every string this file shows is an interface string: assets/i18n/*.json, keys "merge.*".

namespace {

enum class Pick : int { Compare = 1, Merge = 2, Base = 3 };
enum class Phase : uint8_t { Closed, Versions, NoBase, Resolve };

struct CompareState {
  bool open = false;
  std::string file;            // the other file's name
  Map theirs;
  MapDiff diff;
  uint64_t revision = ~0ull;   // of the open map the diff was made against (redone when it changes)
  int selected = -1;           // the change clicked last
};

struct MergeState {
  Phase phase = Phase::Closed;
  std::string file;            // theirs
  Map ours, theirs;            // ours as it was when the merge began
  uint64_t ours_revision = 0;
  MergeResult result;
  std::string base_how;        // "history", "file", "two_way"
  std::string base_text;       // which version / file (logical, shown)
  size_t versions_seen = 0;    // versions the history held (for the test API)
  std::string base_key;        // the version used
  size_t merged_changes = 0;   // changes from theirs applied by themselves
  std::vector<float> block_h;  // each conflict's block height last frame (device px)
  float list_h = 0;            // the conflict list's content height last frame
  ImVec2 win_size;             // the dialog's size last frame
};

CompareState C;
MergeState M;

const char* kGroups[] = {"map", "stages", "lanes", "cards", "personas", "actions", "blueprint_lines", "data"};

std::string group_name(const std::string& collection) {
  std::string key = "merge.group_" + collection;
  return i18n().has("en", key) ? TX(key.c_str()) : collection;
}

// One entity of a collection ("Card"), for a conflict's heading.
std::string noun(const std::string& collection) {
  std::string key = "merge.noun_" + collection;
  return i18n().has("en", key) ? TX(key.c_str()) : group_name(collection);
}

std::string kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added: return TX("merge.kind_added");
    case ChangeKind::Removed: return TX("merge.kind_removed");
    case ChangeKind::Moved: return TX("merge.kind_moved");
    default: return TX("merge.kind_changed");
  }
}

// A field's name in the interface language; fields without a translation as the file names them.
std::string field_name(const std::string& field) {
  if (field.empty()) return TX("merge.field_whole");
  std::string key = "merge.f_" + field;
  return i18n().has("en", key) ? TX(key.c_str()) : field;
}

std::string shorten(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  return s.substr(0, cut) + "\xE2\x80\xA6";
}

std::string id_name(const Map& a, const Map& b, const std::string& field, Id id) {
  for (const Map* m : {&a, &b}) {
    if (field == "stage")
      for (const Stage& s : m->stages) if (s.id == id) return s.name;
    if (field == "lane")
      for (const Lane& l : m->lanes) if (l.id == id) return l.name.empty() ? lane_type_name(l.type) : l.name;
  }
  return {};
}

// A value as the core gives it (compact JSON; "" absent) as a person reads it: strings without
// quotes, a stage or lane id by its name, an entity by its text or name, the rest as JSON, short.
std::string shown_value(const std::string& json_text, const std::string& field, const Map& a, const Map& b) {
  if (json_text.empty()) return TX("merge.none");
  nlohmann::json v = nlohmann::json::parse(json_text, nullptr, false);
  if (v.is_discarded()) return shorten(json_text, 120);
  if (v.is_null()) return TX("merge.none");
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    return s.empty() ? TX("merge.empty") : shorten(s, 160);
  }
  if (v.is_number_unsigned() && (field == "stage" || field == "lane")) {
    std::string n = id_name(a, b, field, v.get<Id>());
    if (!n.empty()) return shorten(n, 80);
  }
  if (v.is_object()) {   // a whole entity (added, removed): its words first
    for (const char* k : {"text", "name", "title"})
      if (v.contains(k) && v[k].is_string() && !v[k].get<std::string>().empty()) return shorten(v[k].get<std::string>(), 120);
  }
  return shorten(v.dump(), 120);
}

std::string change_title(const EntityChange& c) {
  std::string label = c.label.empty() ? group_name(c.collection) : c.label;
  return TFX("merge.change_title", {{"kind", kind_name(c.kind)}, {"label", shorten(label, 100)}});
}

// User text inside an interface sentence, isolated (FSI ... PDI): "النص: Sees an advert ‹ Pays"
// keeps the interface's order and arrow instead of joining the two English values into one run.
std::string isolated(const std::string& s) { return "\xE2\x81\xA8" + s + "\xE2\x81\xA9"; }

// One field of a change; an added or removed entity's fields are listed by their value only.
std::string field_line(const EntityChange& c, const FieldChange& f, const Map& a, const Map& b) {
  std::string before = isolated(f.before_label.empty() ? shown_value(f.before, f.field, a, b) : shorten(f.before_label, 80));
  std::string after = isolated(f.after_label.empty() ? shown_value(f.after, f.field, a, b) : shorten(f.after_label, 80));
  if (c.kind == ChangeKind::Added) return TFX("merge.field_value", {{"field", field_name(f.field)}, {"value", after}});
  if (c.kind == ChangeKind::Removed) return TFX("merge.field_value", {{"field", field_name(f.field)}, {"value", before}});
  return TFX("merge.field_change", {{"field", field_name(f.field)}, {"before", before}, {"after", after}});
}

// The fields a row shows: for an added or removed entity what places it (stage, lane) and what it
// says beyond its label, not its bookkeeping (id, order); words first, then places, then the rest.
std::vector<const FieldChange*> shown_fields(const EntityChange& c) {
  std::vector<const FieldChange*> out;
  bool whole = c.kind == ChangeKind::Added || c.kind == ChangeKind::Removed;
  for (const FieldChange& f : c.fields) {
    if (whole && (f.field == "id" || f.field == "order" || f.field == "text" || f.field == "name" || f.field == "title")) continue;
    out.push_back(&f);
  }
  auto rank = [](const std::string& f) {
    static const char* first[] = {"text", "name", "title", "stage", "lane"};
    for (int i = 0; i < 5; i++) if (f == first[i]) return i;
    return 5;
  };
  std::stable_sort(out.begin(), out.end(), [&](const FieldChange* a, const FieldChange* b) { return rank(a->field) < rank(b->field); });
  return out;
}

ImU32 kind_color(const Editor& ed, ChangeKind k) {
  switch (k) {
    case ChangeKind::Added: return ed.theme.positive;
    case ChangeKind::Removed: return ed.theme.negative;
    case ChangeKind::Moved: return ed.theme.accent;
    default: return IM_COL32(217, 119, 6, 255);   // amber: changed
  }
}

void close_stale_popup(const char* name) {
  if (ImGui::IsPopupOpen(name) && ImGui::BeginPopupModal(name)) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace

#ifdef __EMSCRIPTEN__
// The file chooser; the chosen file's bytes come back through jm_merge_file (as app.js's open does:
// bytes and length, so the core names what is wrong with a broken file). UTF-16 with a byte order
// mark is decoded here, as app.js does.
EM_JS(void, js_merge_pick, (int purpose), {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'jm-merge-file';
  input.accept = '.json,.journey.json,application/json';
  input.addEventListener('change', () => {
    const file = input.files[0];
    input.remove();
    if (!file) return;
    file.arrayBuffer().then((buf) => {
      let bytes = new Uint8Array(buf);
      const le = bytes[0] === 0xff && bytes[1] === 0xfe, be = bytes[0] === 0xfe && bytes[1] === 0xff;
      if (le || be) {
        try { bytes = new TextEncoder().encode(new TextDecoder(le ? 'utf-16le' : 'utf-16be', {fatal: true}).decode(bytes)); } catch (e) {}
      }
      const p = _malloc(bytes.length + 1);
      const name = file.name;
      const np = _malloc(lengthBytesUTF8(name) + 1);
      stringToUTF8(name, np, lengthBytesUTF8(name) + 1);
      HEAPU8.set(bytes, p);
      try { Module._jm_merge_file(purpose, np, p, bytes.length); } finally { _free(p); _free(np); }
      if (window.JMApp && JMApp.wake) JMApp.wake(3);
    });
  });
  document.body.appendChild(input);
  input.click();
});

// The open map's saved versions with their maps (the page's 'journeymap-history' database, which
// app.js creates at start), to jm_merge_versions as {"versions":[{key,time,name,auto,json}]}.
// Never creates the database: an upgrade here would leave it without its stores.
EM_JS(void, js_merge_versions, (), {
  const send = (list) => {
    const text = JSON.stringify({versions: list});
    const n = lengthBytesUTF8(text) + 1, p = _malloc(n);
    stringToUTF8(text, p, n);
    try { Module._jm_merge_versions(p); } finally { _free(p); }
    if (window.JMApp && JMApp.wake) JMApp.wake(3);
  };
  const id = window.jm && window.jm.currentId ? window.jm.currentId() : null;
  if (!id || !window.indexedDB) { send([]); return; }
  let open;
  try { open = indexedDB.open('journeymap-history'); } catch (e) { send([]); return; }
  open.onupgradeneeded = () => open.transaction.abort();
  open.onerror = () => send([]);
  open.onsuccess = () => {
    const db = open.result;
    try {
      const tx = db.transaction(['versions', 'bodies']);
      const r = tx.objectStore('versions').index('map').getAll(id);
      r.onsuccess = () => {
        const metas = r.result || [];
        const out = [];
        let left = metas.length;
        if (!left) { db.close(); send([]); return; }
        for (const m of metas) {
          const b = tx.objectStore('bodies').get(m.vid);
          b.onsuccess = () => {
            if (b.result && typeof b.result.json === 'string')
              out.push({key: String(m.vid), time: m.time, name: m.name || "", auto: !!m.auto, json: b.result.json});
            if (--left === 0) { db.close(); send(out); }
          };
          b.onerror = () => { if (--left === 0) { db.close(); send(out); } };
        }
      };
      r.onerror = () => { db.close(); send([]); };
    } catch (e) { db.close(); send([]); }
  };
});
#else
static void js_merge_pick(int) {}
static void js_merge_versions() {}
#endif

namespace {

void compare_open(Editor& ed, const std::string& name, Map theirs) {
  C = CompareState();
  C.open = true;
  C.file = name;
  C.theirs = std::move(theirs);
  M.phase = Phase::Closed;   // one at a time
  (void)ed;
}

void merge_resolved(Editor& ed, MergeResult r, const std::string& how, const std::string& text) {
  M.result = std::move(r);
  M.base_how = how;
  M.base_text = text;
  // What theirs brought without a decision: the merged map (conflicts at ours) against ours.
  M.merged_changes = diff_maps(M.ours, M.result.merged).changes.size();
  M.phase = Phase::Resolve;
  (void)ed;
}

void merge_two_way_now(Editor& ed) {
  merge_resolved(ed, merge_two_way(M.ours, M.theirs), "two_way", TX("merge.base_two_way"));
}

// The page's versions of the open map: the one closest to both copies is the base, when it is
// plausibly an ancestor of both (the same map uid where both have one, and not farther from them
// than they are from each other, give or take a few changes).
void versions_arrived(Editor& ed, const char* json) {
  if (M.phase != Phase::Versions) return;
  nlohmann::json j = nlohmann::json::parse(json ? json : "", nullptr, false);
  const nlohmann::json none = nlohmann::json::array();
  const nlohmann::json& list = j.is_object() && j.contains("versions") && j["versions"].is_array() ? j["versions"] : none;
  M.versions_seen = list.size();
  bool same_uid_known = !M.ours.meta.uid.empty() && !M.theirs.meta.uid.empty();
  if (same_uid_known && M.ours.meta.uid != M.theirs.meta.uid) { M.phase = Phase::NoBase; return; }
  size_t apart = diff_maps(M.ours, M.theirs).changes.size();
  size_t best_score = (size_t)-1;
  double best_time = 0;
  bool best_named = false;
  Map best;
  std::string best_text, best_key;
  for (const auto& v : list) {
    if (!v.is_object() || !v.contains("json") || !v["json"].is_string()) continue;
    LoadResult r = load_map(v["json"].get<std::string>());
    if (!r.ok) continue;
    size_t score = diff_maps(r.map, M.ours).changes.size() + diff_maps(r.map, M.theirs).changes.size();
    double time = v.value("time", 0.0);
    bool named = !v.value("auto", false);
    // Ties: a version the user named (an automatic one often holds the same map), then the newer.
    if (score < best_score || (score == best_score && (named > best_named || (named == best_named && time > best_time)))) {
      best_score = score;
      best_time = time;
      best_named = named;
      best = std::move(r.map);
      best_key = v.value("key", "");
      std::string name = v.value("name", "");
      best_text = name.empty() ? TFX("merge.base_auto_version", {{"time", local_time_text(time)}})
                               : TFX("merge.base_version", {{"name", name}, {"time", local_time_text(time)}});
    }
  }
  // A common ancestor is about as far from the two copies together as they are from each other
  // (more when both made the same change); one map's old version is much farther from a stranger.
  // The same uid on both (a copy of this map) allows more.
  size_t limit = same_uid_known ? 2 * apart + 10 : apart + apart / 2 + 2;
  bool plausible = best_score != (size_t)-1 && best_score <= limit;
  if (!plausible) { M.phase = Phase::NoBase; return; }
  M.base_key = best_key;
  merge_resolved(ed, merge_maps(best, M.ours, M.theirs), "history", best_text);
}

void merge_open(Editor& ed, Doc& doc, const std::string& name, Map theirs) {
  C.open = false;
  M = MergeState();
  M.file = name;
  M.ours = doc.map;
  M.ours_revision = doc.map.revision;
  M.theirs = std::move(theirs);
  M.phase = Phase::Versions;
  js_merge_versions();
#ifndef __EMSCRIPTEN__
  versions_arrived(ed, "{\"versions\":[]}");
#endif
  (void)ed;
}

void file_arrived(Editor& ed, Doc& doc, int purpose, const std::string& name, const std::string& bytes) {
  LoadResult r = load_map(bytes);
  if (!r.ok) {
    const char* key = purpose == (int)Pick::Compare ? "merge.compare_failed" : purpose == (int)Pick::Base ? "merge.base_failed" : "merge.merge_failed";
    editor_notify(ed, TFX(key, {{"name", name}, {"reason", r.error}}), true);
    return;
  }
  if (purpose == (int)Pick::Compare) { compare_open(ed, name, std::move(r.map)); return; }
  if (purpose == (int)Pick::Merge) {
    if (doc.read_only) { editor_notify(ed, TX("merge.read_only"), true); return; }
    merge_open(ed, doc, name, std::move(r.map));
    return;
  }
  if (purpose == (int)Pick::Base && M.phase == Phase::NoBase)
    merge_resolved(ed, merge_maps(r.map, M.ours, M.theirs), "file", TFX("merge.base_file", {{"name", isolated(name)}}));
}

void pick(Pick p) {
  js_merge_pick((int)p);
}

// ---- The compare panel ---------------------------------------------------------------------------

JM_COLD static void compare_window(Editor& ed, Doc& doc) {
  if (C.revision != doc.map.revision) {   // the map changed under the panel: compare again
    C.diff = diff_maps(doc.map, C.theirs);
    C.revision = doc.map.revision;
    if (C.selected >= (int)C.diff.changes.size()) C.selected = -1;
  }
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  bool rtl = ui_rtl(), narrow = io.DisplaySize.x < 760 * u;
  float top = ed.canvas_min.y, bottom = ed.canvas_max.y;
  ImVec2 pos, size;
  if (narrow) {   // a sheet over the lower half, the map above it
    float h = std::max(220 * u, (bottom - top) * 0.5f);
    pos = ImVec2(0, bottom - h);
    size = ImVec2(io.DisplaySize.x, h);
  } else {        // in the inspector's place (the end side), as wide, so the map keeps its room
    float w = std::min(320 * u, io.DisplaySize.x * 0.3f);
    pos = ImVec2(rtl ? 0 : io.DisplaySize.x - w, top);
    size = ImVec2(w, bottom - top);
  }
  panel_begin(ed, "##compare_panel", pos, size, ImVec2(16 * u, 12 * u));
  // Above the inspector, but never above an open menu or dialog.
  if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(rtl || narrow ? pos.x + size.x - 1 : pos.x, pos.y), ImVec2(rtl || narrow ? pos.x + size.x - 1 : pos.x, pos.y + size.y),
              ed.theme.panel_border);
  if (narrow) dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), ed.theme.panel_border);

  // Header: title, the file, the count; Close at the end.
  float avail = ImGui::GetContentRegionAvail().x;
  const char* close_label = TL("button.close");
  float close_w = ImGui::CalcTextSize(close_label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  ImVec2 hp = ImGui::GetCursorScreenPos();
  float title_w = avail - close_w - 8 * u;
  draw_text_fit(dl, ed.font_bold, 16 * u, ImVec2(rtl ? hp.x + close_w + 8 * u : hp.x, hp.y), title_w, ed.theme.text, TX("merge.compare_title"),
                rtl ? 1.0f : 0.0f);
  ImGui::SetCursorScreenPos(ImVec2(rtl ? hp.x : hp.x + avail - close_w, hp.y));
  bool close = ImGui::Button(close_label);
  ui_record("merge.compare_close");
  ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + ImGui::GetFrameHeight() + 4 * u));
  ui_text_wrapped(TPX("merge.compare_sub", (long long)C.diff.changes.size(), {{"name", isolated(C.file)}}), ed.theme.text_muted);
  ImGui::Spacing();
  if (C.diff.changes.empty()) ui_text_wrapped(TX("merge.compare_same"), ed.theme.text_muted);

  ImGui::BeginChild("##compare_list", ImVec2(0, 0), false);
  ImDrawList* ldl = ImGui::GetWindowDrawList();
  float line = 14 * u * kEm * 1.1f;
  for (const char* group : kGroups) {
    int count = 0;
    for (const EntityChange& c : C.diff.changes) count += c.collection == group;
    if (!count) continue;
    ImGui::Spacing();
    ImVec2 gp = ImGui::GetCursorScreenPos();
    float gw = ImGui::GetContentRegionAvail().x;
    std::string head = TFX("merge.group_count", {{"group", group_name(group)}, {"n", std::to_string(count)}});
    draw_text_fit(ldl, ed.font_bold, 13 * u, gp, gw, ed.theme.text_muted, head, rtl ? 1.0f : 0.0f);
    ImGui::Dummy(ImVec2(gw, 13 * u * kEm + 2 * u));
    for (int i = 0; i < (int)C.diff.changes.size(); i++) {
      const EntityChange& c = C.diff.changes[i];
      if (c.collection != group) continue;
      ImGui::PushID(i);
      std::vector<const FieldChange*> fields = shown_fields(c);
      size_t shown = std::min<size_t>(fields.size(), 4);
      ImVec2 p = ImGui::GetCursorScreenPos();
      float w = ImGui::GetContentRegionAvail().x;
      float tx = rtl ? p.x + 6 * u : p.x + 12 * u, tw = w - 18 * u;
      // Field lines wrap (a text's before and after both matter), three lines at most each.
      std::vector<std::shared_ptr<const DisplayLines>> wrapped;
      float field_h = 0, fline = 13 * u * kEm * 1.1f;
      for (size_t f = 0; f < shown; f++) {
        wrapped.push_back(wrap_ui(field_line(c, *fields[f], doc.map, C.theirs), tw, ed.font_ui, 13 * u));
        field_h += fline * std::min<size_t>(std::max<size_t>(wrapped.back()->size(), 1), 3);
      }
      float rh = line + field_h + (fields.size() > shown ? fline : 0) + 10 * u;
      // Cards on the open map can be shown; the row is a button for them (and for the twins).
      bool card_here = c.collection == "cards" && card_by_id(doc.map, c.id);
      std::string row_label = change_title(c);
      bool clicked = ImGui::InvisibleButton(("##row" + std::to_string(i)).c_str(), ImVec2(w, rh));
#ifdef IMGUI_ENABLE_TEST_ENGINE
      {   // the screen reader's name for the row: its title and every field line
        std::string said = row_label;
        for (const FieldChange* f : fields) said += ". " + field_line(c, *f, doc.map, C.theirs);
        ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), ImGui::GetItemID(), U(said), 0);
      }
#endif
      ui_record(("merge.row#" + std::to_string(i)).c_str());
      bool hov = ImGui::IsItemHovered();
      if (C.selected == i) ldl->AddRectFilled(p, ImVec2(p.x + w, p.y + rh), ed.theme.accent_soft, 6 * u);
      else if (hov && card_here) ldl->AddRectFilled(p, ImVec2(p.x + w, p.y + rh), ed.theme.dark ? IM_COL32(255, 255, 255, 12) : IM_COL32(15, 23, 42, 8), 6 * u);
      if (hov && card_here) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      // The kind's colour as a bar on the reading side.
      float bx = rtl ? p.x + w - 4 * u : p.x;
      ldl->AddRectFilled(ImVec2(bx, p.y + 4 * u), ImVec2(bx + 4 * u, p.y + rh - 4 * u), kind_color(ed, c.kind), 2 * u);
      float ty = p.y + 5 * u;
      draw_text_fit(ldl, ed.font_bold, 14 * u, ImVec2(tx, ty), tw, ed.theme.text, row_label, rtl ? 1.0f : 0.0f);
      ty += line;
      for (const auto& lines : wrapped) {
        for (size_t l = 0; l < lines->size() && l < 3; l++) {
          const DisplayLine& dl_line = (*lines)[l];
          if (l == 2 && lines->size() > 3) {   // the rest of a long value: cut with an ellipsis
            draw_shaped_fit(ldl, ed.font_ui, 13 * u, ImVec2(tx, ty), tw, ed.theme.text_muted, dl_line.rtl ? "\xE2\x80\xA6 " + dl_line.visual : dl_line.visual + " \xE2\x80\xA6",
                            dl_line.rtl ? 1.0f : 0.0f);
          } else {
            draw_shaped(ldl, ed.font_ui, 13 * u, ImVec2(dl_line.rtl ? tx + tw - dl_line.width : tx, ty), ed.theme.text_muted, dl_line.visual);
          }
          ty += fline;
        }
        if (lines->empty()) ty += fline;
      }
      if (fields.size() > shown) {
        draw_text_fit(ldl, ed.font_ui, 13 * u, ImVec2(tx, ty), tw, ed.theme.text_faint,
                      TPX("merge.more_fields", (long long)(fields.size() - shown)), rtl ? 1.0f : 0.0f);
      }
      if (clicked) {
        C.selected = i;
        if (card_here) {
          const Card* card = card_by_id(doc.map, c.id);
          JourneyState s = card_state(doc.map, *card);
          if (s != ed.view_state) canvas_show_state(ed, doc, s);
          select_only(ed, SelKind::Cards, c.id);
          canvas_ensure_layout(ed, doc);
          canvas_reveal_card(ed, c.id);
        }
      }
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  if (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))
    close = true;
  panel_end();
  if (close) C.open = false;
}

void compare_panel(Editor& ed, Doc& doc) {
  if (C.open) compare_window(ed, doc);   // closed: nothing more to run (JM_COLD)
}

// ---- The merge dialog ------------------------------------------------------------------------------

// A button drawn "chosen" (accent) or plain.
bool choice_button(const Editor& ed, const char* label, bool chosen, float w) {
  if (chosen) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(ed.theme.accent));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(ed.theme.accent));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  }
  bool r = ImGui::Button(label, ImVec2(w, 0));
#ifdef IMGUI_ENABLE_TEST_ENGINE
  // Said as a toggle: which of the two is chosen.
  ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), ImGui::GetItemID(), label,
                               ImGuiItemStatusFlags_Checkable | (chosen ? ImGuiItemStatusFlags_Checked : 0));
#endif
  if (chosen) ImGui::PopStyleColor(3);
  return r;
}

// Buttons laid out in reading order from the start side (right to left: from the right).
struct ButtonRow {
  float x, y, gap;
  bool rtl;
  void place(float w) {
    if (rtl) { x -= w; ImGui::SetCursorScreenPos(ImVec2(x, y)); x -= gap; }
    else { ImGui::SetCursorScreenPos(ImVec2(x, y)); x += w + gap; }
  }
};
float button_w(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2; }

void conflict_block(Editor& ed, int i, Conflict& c, bool narrow) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  ImGui::PushID(i);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  // The block's card, drawn first at the height it had last frame (the table inside splits the
  // draw list into channels itself, so the background cannot go into a channel of its own).
  if (M.block_h.size() <= (size_t)i) M.block_h.resize(i + 1, 0);
  if (M.block_h[i] > 0) {
    ImVec2 p1(p0.x + w, p0.y + M.block_h[i]);
    dl->AddRectFilled(p0, p1, ed.theme.dark ? IM_COL32(255, 255, 255, 10) : IM_COL32(15, 23, 42, 7), 8 * u);
    dl->AddRect(p0, p1, ed.theme.panel_border, 8 * u);
  }
  ImGui::Dummy(ImVec2(w, 4 * u));
  std::string what = c.label.empty() ? noun(c.collection) : TFX("merge.conflict_what", {{"group", noun(c.collection)}, {"label", isolated(shorten(c.label, 100))}});
  ImGui::Indent(10 * u);
  ImGui::PushFont(ed.font_bold);
  ui_text_wrapped(TFX("merge.conflict_title", {{"what", what}, {"field", field_name(c.field)}}), ed.theme.text);
  ImGui::PopFont();
  const Map& base = M.ours;   // names of stages and lanes: from either copy
  struct Col { const char* head; const std::string* value; } cols[3] = {
      {"merge.col_base", &c.base}, {"merge.col_mine", &c.ours}, {"merge.col_theirs", &c.theirs}};
  if (!narrow && ImGui::BeginTable("vals", 3, ImGuiTableFlags_SizingStretchSame, ImVec2(w - 20 * u, 0))) {
    ImGui::TableNextRow();   // right to left, base in the right column
    for (int k = 0; k < 3; k++) {
      ImGui::TableSetColumnIndex(rtl ? 2 - k : k);
      ui_text(T(cols[k].head), ed.theme.text_faint);
      ui_text_wrapped(shown_value(*cols[k].value, c.field, base, M.theirs),
                      k == 0 ? ed.theme.text_muted : (k == 1) == (c.choice == Side::Ours) ? ed.theme.text : ed.theme.text_muted);
    }
    ImGui::EndTable();
  } else if (narrow) {
    for (int k = 0; k < 3; k++) {
      ui_text(T(cols[k].head), ed.theme.text_faint);
      ui_text_wrapped(shown_value(*cols[k].value, c.field, base, M.theirs), k == 0 ? ed.theme.text_muted : ed.theme.text);
    }
  }
  ImGui::Spacing();
  const char* mine = TL("merge.keep_mine");
  const char* theirs = TL("merge.take_theirs");
  float bw = std::max(button_w(mine), button_w(theirs)) + 8 * u;
  ImVec2 bp = ImGui::GetCursorScreenPos();
  ButtonRow row{rtl ? p0.x + w - 10 * u : bp.x, bp.y, 8 * u, rtl};
  row.place(bw);
  if (choice_button(ed, mine, c.choice == Side::Ours, bw)) c.choice = Side::Ours;
  ui_record(("merge.keep_mine#" + std::to_string(i)).c_str());
  row.place(bw);
  if (choice_button(ed, theirs, c.choice == Side::Theirs, bw)) c.choice = Side::Theirs;
  ui_record(("merge.take_theirs#" + std::to_string(i)).c_str());
  ImGui::Dummy(ImVec2(w - 20 * u, 6 * u));
  ImGui::Unindent(10 * u);
  float h = ImGui::GetCursorScreenPos().y - p0.y;
  if (h != M.block_h[i]) { M.block_h[i] = h; platform::wake(2); }
  ImGui::Dummy(ImVec2(w, 6 * u));
  ImGui::PopID();
}

void merge_dialog(Editor& ed, Doc& doc) {
  const char* title = TL("merge.dialog");
  if (M.phase == Phase::Closed) { close_stale_popup(title); return; }
  ImGuiIO& io = ImGui::GetIO();
  float u = ed.ui;
  bool rtl = ui_rtl(), narrow = io.DisplaySize.x < 760 * u;
  ImGui::OpenPopup(title);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  bool big = M.phase == Phase::Resolve;
  // As tall as what it shows (one conflict is a short dialog), up to the screen; the list scrolls.
  float dw = std::min((big ? 880 : 560) * u, io.DisplaySize.x - (narrow ? 12 : 24) * u), max_h = io.DisplaySize.y - 40 * u;
  ImGui::SetNextWindowSizeConstraints(ImVec2(dw, 0), ImVec2(dw, max_h));
  ImGui::SetNextWindowSize(ImVec2(dw, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2((narrow ? 12 : 20) * u, 16 * u));
  bool open = true, cancel = false;
  if (ui_begin_modal(title, &open, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize)) {
    // It fits itself to its content over a few frames: draw them (the main loop would sleep on a
    // half-grown dialog, and a click would land where its buttons were).
    ImVec2 ws = ImGui::GetWindowSize();
    if (ws.x != M.win_size.x || ws.y != M.win_size.y) { M.win_size = ws; platform::wake(3); }
    ui_text_wrapped(TFX("merge.intro", {{"name", isolated(M.file)}}), ed.theme.text_muted);
    ImGui::Spacing();
    if (M.phase == Phase::Versions) {
      ui_text_wrapped(TX("merge.looking"), ed.theme.text_muted);
      ImGui::Spacing();
    } else if (M.phase == Phase::NoBase) {
      ui_text_wrapped(TX("merge.no_base"), ed.theme.text);
      ImGui::Spacing();
      const char* pick_l = TL("merge.pick_base");
      const char* two_l = TL("merge.two_way");
      ImVec2 bp = ImGui::GetCursorScreenPos();
      float w = ImGui::GetContentRegionAvail().x;
      ButtonRow row{rtl ? bp.x + w : bp.x, bp.y, 8 * u, rtl};
      row.place(button_w(pick_l));
      if (ImGui::Button(pick_l)) pick(Pick::Base);
      ui_record("merge.pick_base");
      row.place(button_w(two_l));
      if (ImGui::Button(two_l)) merge_two_way_now(ed);
      ui_record("merge.two_way");
      ImGui::Spacing();
    } else {
      ui_text_wrapped(TFX("merge.base_used", {{"base", M.base_text}}), ed.theme.text);
      std::string counts = TPX("merge.merged_n", (long long)M.merged_changes) + "  \xC2\xB7  " +
                           TPX("merge.conflicts_n", (long long)M.result.conflicts.size());
      ui_text_wrapped(counts, ed.theme.text_muted);
      ImGui::Spacing();
      const char* all_mine = TL("merge.all_mine");
      const char* all_theirs = TL("merge.all_theirs");
      if (!M.result.conflicts.empty()) {
        ImVec2 bp = ImGui::GetCursorScreenPos();
        float w = ImGui::GetContentRegionAvail().x;
        ButtonRow row{rtl ? bp.x + w : bp.x, bp.y, 8 * u, rtl};
        row.place(button_w(all_mine));
        if (ImGui::Button(all_mine)) for (Conflict& c : M.result.conflicts) c.choice = Side::Ours;
        ui_record("merge.all_mine");
        row.place(button_w(all_theirs));
        if (ImGui::Button(all_theirs)) for (Conflict& c : M.result.conflicts) c.choice = Side::Theirs;
        ui_record("merge.all_theirs");
        ImGui::Spacing();
      }
      float footer = ImGui::GetFrameHeightWithSpacing() + 16 * u + ImGui::GetStyle().WindowPadding.y;
      float room = max_h - ImGui::GetCursorPosY() - footer;
      ImGui::BeginChild("##merge_list", ImVec2(0, std::max(60 * u, std::min(M.list_h, room))), false);
      if (M.result.conflicts.empty()) ui_text_wrapped(TX("merge.no_conflicts"), ed.theme.text_muted);
      for (int i = 0; i < (int)M.result.conflicts.size(); i++) conflict_block(ed, i, M.result.conflicts[i], narrow);
      if (!M.result.notes.empty()) {
        ImGui::Spacing();
        ImGui::PushFont(ed.font_bold);
        ui_text(T("merge.notes"));
        ImGui::PopFont();
        for (const std::string& n : M.result.notes) ui_text_wrapped("\xE2\x80\xA2 " + n, ed.theme.text_muted);
      }
      float list_h = ImGui::GetCursorPosY() + ImGui::GetStyle().ItemSpacing.y;
      if (list_h != M.list_h) { M.list_h = list_h; platform::wake(2); }
      ImGui::EndChild();
    }
    // Footer: Cancel, and Apply once there is something to apply.
    ImGui::Spacing();
    const char* cancel_l = TL("history.cancel");
    const char* apply_l = TL("merge.apply");
    float cw = button_w(cancel_l) + 16 * u, aw = button_w(apply_l) + 16 * u;
    float wx = ImGui::GetWindowPos().x, ww = ImGui::GetWindowWidth(), pad = (narrow ? 12 : 20) * u;
    float y = ImGui::GetCursorScreenPos().y;
    // The confirming button at the end of the reading order, Cancel before it.
    ButtonRow row{rtl ? wx + pad + (M.phase == Phase::Resolve ? aw + 8 * u : 0) + cw : wx + ww - pad - cw - (M.phase == Phase::Resolve ? aw + 8 * u : 0),
                  y, 8 * u, rtl};
    row.place(cw);
    cancel = ImGui::Button(cancel_l, ImVec2(cw, 0));
    ui_record("merge.cancel");
    bool apply = false;
    if (M.phase == Phase::Resolve) {
      row.place(aw);
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(ed.theme.accent));
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
      apply = ImGui::Button(apply_l, ImVec2(aw, 0));
      ImGui::PopStyleColor(2);
      ui_record("merge.apply");
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Escape) && ed.editing.kind == EditKind::None) cancel = true;
    if (apply) {
      if (doc.map.revision != M.ours_revision) {
        // Cannot happen through the dialog (it is modal); a page command could: merge again.
        editor_notify(ed, TX("merge.changed_meanwhile"), true);
      } else {
        Map merged = resolve_merge(M.result);
        replace_map(doc, merged, "Merge file");
        selection_drop_dead(ed, doc);
        editor_notify(ed, TFX("merge.applied", {{"name", M.file}}), false);
      }
      M.phase = Phase::Closed;
    }
    if (cancel) M.phase = Phase::Closed;
    if (M.phase == Phase::Closed) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (!open) M.phase = Phase::Closed;
  ImGui::PopStyleVar();
}

}  // namespace

// ---- Entry points -------------------------------------------------------------------------------------

void merge_menu_items(Editor& ed, Doc& doc) {
  (void)ed;
  if (ui_menu_key("merge.menu_compare")) pick(Pick::Compare);
  if (ui_menu_key("merge.menu_merge", nullptr, false, !doc.read_only)) pick(Pick::Merge);
}

void merge_dialogs(Editor& ed, Doc& doc) {
  compare_panel(ed, doc);
  merge_dialog(ed, doc);
}

double merge_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  (void)arg;
  if (name == "compare_file") { pick(Pick::Compare); return 1; }
  if (name == "merge_file") { if (doc.read_only) return 0; pick(Pick::Merge); return 1; }
  if (name == "compare_close") { C.open = false; return 1; }
  if (name == "merge_cancel") { M.phase = Phase::Closed; return 1; }
  (void)ed;
  return -1;
}

// For the end-to-end tests: the panel's changes and the dialog's conflicts (CSS px rects are in
// view().widgets under the merge.* ids).
std::string merge_json() {
  using nlohmann::json;
  json changes = json::array();
  for (const EntityChange& c : C.diff.changes) {
    json fields = json::array();
    for (const FieldChange& f : c.fields) fields.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
    changes.push_back({{"kind", (int)c.kind}, {"collection", c.collection}, {"id", c.id}, {"label", c.label},
                       {"title", change_title(c)}, {"fields", std::move(fields)}});
  }
  json conflicts = json::array();
  for (const Conflict& c : M.result.conflicts)
    conflicts.push_back({{"collection", c.collection}, {"id", c.id}, {"label", c.label}, {"field", c.field}, {"base", c.base},
                         {"ours", c.ours}, {"theirs", c.theirs}, {"choice", c.choice == Side::Theirs ? "theirs" : "ours"}});
  static const char* phases[] = {"closed", "versions", "no_base", "resolve"};
  json j{{"compare", {{"open", C.open}, {"file", C.file}, {"selected", C.selected}, {"changes", std::move(changes)}}},
         {"merge", {{"phase", phases[(int)M.phase]}, {"file", M.file}, {"base_how", M.base_how}, {"base_text", M.base_text},
                    {"base_key", M.base_key}, {"versions", M.versions_seen}, {"merged_changes", M.merged_changes},
                    {"conflicts", std::move(conflicts)}, {"notes", M.result.notes}}}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace jm

#ifdef __EMSCRIPTEN__
extern "C" {
EMSCRIPTEN_KEEPALIVE void jm_merge_file(int purpose, const char* name, const char* data, int len) {
  jm::file_arrived(jm::app_editor(), jm::app_doc(), purpose, name ? name : "file", std::string(data, (size_t)std::max(0, len)));
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_merge_versions(const char* json) {
  jm::versions_arrived(jm::app_editor(), json);
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE const char* jm_merge_json() {
  static std::string out;
  out = jm::merge_json();
  return out.c_str();
}
}
#endif
