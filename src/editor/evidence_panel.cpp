// evidence_panel.cpp: the inspector's sections for evidence behind a card, the sub-journey a card
// opens, and the map's governance (owner, status, review dates); opening a sub-journey from My
// maps and the breadcrumb bar that leads back (issue #13). Every edit goes through update_card or
// set_meta, so undo takes it back; what is kept here is view state (the trail of maps above the
// one shown, an open waiting for My maps to be listed).
#include "editor/evidence.h"
#include "platform/platform.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

namespace jm {

namespace {

// A map above the one shown: where "back" goes.
struct Crumb {
  std::string lib_id;   // its entry in My maps ("" when it was not there)
  std::string title;
  std::string key;      // map_key of it: how we know it is on screen again
};

struct Nav {
  std::vector<Crumb> trail;     // outermost first
  std::string pending_ref;      // an Open waiting for My maps to be listed
  Crumb pending_crumb;          // the map the Open was made from
  bool push_on_change = false;  // the next other map on screen is the sub-journey: push pending_crumb
  int pending_back = -1;        // a crumb whose map is looked up in My maps (its entry was not known)
  std::string shown_key;        // the map on screen last frame
  std::string bad_date;         // "<key>#<id>" of a date field whose typed text is no date
} N;

// What identifies a map on screen: its uid, else (an old file) its title.
std::string map_key(const MapMeta& m) { return m.uid.empty() ? "title:" + m.title : "uid:" + m.uid; }

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = (char)std::tolower((unsigned char)c);
  return s;
}

// "maps/Onboarding.journey.json" -> "onboarding": what a file name says of the map's title.
std::string name_stem(const std::string& ref) {
  std::string s = ref;
  size_t slash = s.find_last_of("/\\");
  if (slash != std::string::npos) s = s.substr(slash + 1);
  for (const char* ext : {".journey.json", ".json"}) {
    size_t n = std::strlen(ext);
    if (s.size() > n && lower_ascii(s.substr(s.size() - n)) == ext) { s = s.substr(0, s.size() - n); break; }
  }
  return lower_ascii(s);
}

// A title as a file name would write it: lower case, runs of spaces and punctuation as one "-".
std::string slug(const std::string& title) {
  std::string out;
  bool dash = false;
  for (unsigned char c : title) {
    if (c >= 0x80 || std::isalnum(c)) { out += (char)std::tolower(c); dash = false; }
    else if (!dash && !out.empty()) { out += '-'; dash = true; }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

const Editor::LibraryEntry* find_entry(const Editor& ed, const std::string& ref) {
  if (ref.rfind("uid:", 0) == 0) {
    std::string uid = ref.substr(4);
    for (const Editor::LibraryEntry& e : ed.library)
      if (!e.trashed && e.uid == uid) return &e;
    return nullptr;
  }
  std::string stem = name_stem(ref);
  if (stem.empty()) return nullptr;
  for (const Editor::LibraryEntry& e : ed.library)
    if (!e.trashed && (lower_ascii(e.title) == stem || slug(e.title) == stem || slug(e.title) == slug(stem))) return &e;
  return nullptr;
}

// A date field's text is a date, or could still become one as it is typed ("2026-1").
bool date_so_far(const std::string& s) {
  static const char pattern[] = "dddd-dd-dd";
  if (s.size() > 10) return false;
  for (size_t i = 0; i < s.size(); i++)
    if (pattern[i] == 'd' ? !std::isdigit((unsigned char)s[i]) : s[i] != '-') return false;
  // The month and the day as far as they go: "2026-1" may still be October, "2026-13" is no month.
  if (s.size() >= 6 && s[5] > '1') return false;
  if (s.size() >= 7) { int mo = (s[5] - '0') * 10 + (s[6] - '0'); if (mo < 1 || mo > 12) return false; }
  if (s.size() >= 9 && s[8] > '3') return false;
  return s.size() < 10 || is_iso_date(s);
}

void section(Editor& ed, const char* key) {
  ImGui::Spacing();
  ImGui::PushFont(ed.font_bold);
  ui_text(T(key), ed.theme.text_muted);
  ImGui::PopFont();
}

// A small label above a box, on the reading side.
void small_label(Editor& ed, const char* key, float x, float w, float y) {
  draw_text_fit(ImGui::GetWindowDrawList(), ed.font_ui, 12 * ed.ui, ImVec2(x, y), w, ed.theme.text_muted, TX(key), ui_rtl() ? 1.0f : 0.0f);
}

// A date box: the text box, outlined in red with a hint under it while what is typed is no date.
ImRect date_box(Editor& ed, const Doc& doc, const std::string& key, Id id, const std::string& value, float width) {
  ImRect b = panel_text_box(ed, doc, key, id, value, "panel.date_ph", false, width);
  bool editing = ed.editing.kind == EditKind::Panel && ed.editing.key == key && ed.editing.id == id;
  if (editing && N.bad_date == key + "#" + std::to_string(id)) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float u = ed.ui;
    dl->AddRect(ImVec2(b.Min.x - 2 * u, b.Min.y - 2 * u), ImVec2(b.Max.x + 2 * u, b.Max.y + 2 * u), ed.theme.negative, 7 * u, 0, 2 * u);
    small_label(ed, "gov.date_hint", b.Min.x, b.GetWidth(), b.Max.y + 3 * u);
    ImGui::Dummy(ImVec2(1, 12 * u * kEm + 4 * u));
  }
  return b;
}

// Two combos side by side (reading order) and a square button at the far end. Returns the x and
// width of each slot; the button's slot is [2].
void three_slots(float x0, float avail, float btn, float gap, bool rtl, float* x, float* w) {
  float half = (avail - btn - 2 * gap) * 0.5f;
  w[0] = w[1] = half;
  w[2] = btn;
  if (!rtl) { x[0] = x0; x[1] = x0 + half + gap; x[2] = x0 + avail - btn; }
  else { x[0] = x0 + avail - half; x[1] = x0 + avail - 2 * half - gap; x[2] = x0; }
}

// A combo of one of an evidence entry's choices (`field`: "confidence" or "kind"; key(n) the
// choice's file key, also its i18n key under "evidence.<field>."). Returns the choice picked
// when it differs from `current`, else -1. Recorded for tests as evidence.<field>.<idx>#<card>
// and evidence.<field>.<idx>.<key>.
int evidence_choice(ImVec2 at, float width, const char* field, const std::string& idx, const std::string& tid, int current, int count,
                    const char* (*key)(int)) {
  ImGui::SetCursorScreenPos(at);
  ImGui::SetNextItemWidth(width);
  std::string prefix = std::string("evidence.") + field + ".";
  std::string cur = prefix + key(current);
  bool open = ui_begin_combo((std::string("##") + field).c_str(), T(cur.c_str()));
  ui_record((prefix + idx + "#" + tid).c_str());
  int picked = -1;
  if (!open) return picked;
  for (int n = 0; n < count; n++) {
    std::string label = prefix + key(n);
    if (ui_selectable(T(label.c_str()), key(n), n == current) && n != current) picked = n;
    ui_record((prefix + idx + "." + key(n)).c_str());
  }
  ImGui::EndCombo();
  return picked;
}

} // namespace

// ---- Inspector: evidence and sub-journey -----------------------------------------------------------

void inspector_evidence(Editor& ed, Doc& doc, const Card& c) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  section(ed, "evidence.heading");
  std::string tid = std::to_string(c.id);
  if (c.evidence.empty()) ui_text_wrapped(TX("evidence.none"), ed.theme.text_faint);
  for (size_t i = 0; i < c.evidence.size(); i++) {
    const Evidence& ev = c.evidence[i];
    std::string idx = std::to_string(i);
    ImGui::PushID((int)i);
    float avail = ImGui::GetContentRegionAvail().x, gap = 6 * u, line_h = ImGui::GetFrameHeight();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float x[3], w[3];
    three_slots(p.x, avail, line_h, gap, rtl, x, w);
    // How it was learnt, then what kind of source: the confidence first, it is what the badge shows.
    int k = evidence_choice(ImVec2(x[0], p.y), w[0], "confidence", idx, tid, (int)ev.confidence, (int)Confidence::Count,
                            [](int n) { return confidence_key((Confidence)n); });
    if (k >= 0) {
      Card v = c;
      v.evidence[i].confidence = (Confidence)k;
      update_card(doc, v, "Edit evidence");
    }
    k = evidence_choice(ImVec2(x[1], p.y), w[1], "kind", idx, tid, (int)ev.kind, (int)EvidenceKind::Count,
                        [](int n) { return evidence_kind_key((EvidenceKind)n); });
    if (k >= 0) {
      Card v = c;
      v.evidence[i].kind = (EvidenceKind)k;
      update_card(doc, v, "Edit evidence");
    }
    ImGui::SetCursorScreenPos(ImVec2(x[2], p.y));
    bool remove = ImGui::Button("\xC3\x97###remove_evidence", ImVec2(line_h, line_h));
    ui_record(("evidence.remove." + idx + "#" + tid).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("evidence.remove"));
    // The quote, then source and date side by side under small labels.
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + line_h + 4 * u));
    panel_text_box(ed, doc, "evidence.quote." + idx, c.id, ev.quote, "evidence.quote_ph", true);
    float y = ImGui::GetCursorScreenPos().y + 2 * u;
    float dw = std::min(avail * 0.42f, 120 * u), sw = avail - dw - gap;
    float sx = rtl ? p.x + avail - sw : p.x, dx = rtl ? p.x : p.x + sw + gap;
    small_label(ed, "evidence.source", sx, sw, y);
    small_label(ed, "evidence.date", dx, dw, y);
    float by = y + 12 * u * kEm + 2 * u;
    ImGui::SetCursorScreenPos(ImVec2(sx, by));
    ImRect sb = panel_text_box(ed, doc, "evidence.source." + idx, c.id, ev.source, "evidence.source_ph", false, sw);
    ImGui::SetCursorScreenPos(ImVec2(dx, by));
    ImRect db = date_box(ed, doc, "evidence.date." + idx, c.id, ev.date, dw);
    float bottom = std::max({sb.Max.y, db.Max.y, ImGui::GetCursorScreenPos().y - 4 * u});
    ImGui::SetCursorScreenPos(ImVec2(p.x, bottom + 8 * u));
    // A thin rule between entries.
    if (i + 1 < c.evidence.size())
      ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, bottom + 5 * u), ImVec2(p.x + avail, bottom + 5 * u), ed.theme.panel_border, 1 * u);
    ImGui::Dummy(ImVec2(avail, 1));
    ImGui::PopID();
    if (remove) {
      Card v = c;
      v.evidence.erase(v.evidence.begin() + (long)i);
      update_card(doc, v, "Remove evidence");
      break;
    }
  }
  // Add one: its quote opens for typing at once.
  const char* add = TL("evidence.add");
  if (rtl) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(add, nullptr, true).x -
                                                                       ImGui::GetStyle().FramePadding.x * 2));
  if (ImGui::Button(add) && !doc.read_only) {
    Card v = c;
    v.evidence.push_back(Evidence());
    update_card(doc, v, "Add evidence");
    ed.panels.focus_field = "evidence.quote." + std::to_string(v.evidence.size() - 1) + "#" + tid;
  }
  ui_record("evidence.add");

  // The sub-journey: a map of My maps chosen by title (kept as "uid:<uid>"), or a file name typed.
  section(ed, "journey.heading");
  std::string shown = c.journey.empty() ? TX("journey.none") : journey_ref_title(ed, c.journey);
  if (shown.empty()) shown = c.journey;
  ImGui::SetNextItemWidth(-1);
  bool open = ui_begin_combo("##journey_pick", U(shown));
  ui_record(("journey.pick#" + tid).c_str());
  if (open) {
    if (ImGui::IsWindowAppearing()) platform::library_request_list();   // fresh titles and uids
    if (ui_selectable(T("journey.none"), "none", c.journey.empty()) && !c.journey.empty()) {
      Card v = c;
      v.journey.clear();
      update_card(doc, v, "Set sub-journey");
    }
    int n = 0;
    for (const Editor::LibraryEntry& e : ed.library) {
      if (e.trashed || e.current || e.uid.empty()) continue;
      ImGui::PushID(e.id.c_str());
      std::string ref = "uid:" + e.uid;
      std::string title = e.title.empty() ? TX("map.untitled") : e.title;
      if (ui_selectable(U(title), "map", c.journey == ref) && c.journey != ref) {
        Card v = c;
        v.journey = ref;
        update_card(doc, v, "Set sub-journey");
      }
      ui_record(("journey.pick.uid." + e.uid).c_str());
      n++;
      ImGui::PopID();
    }
    if (n == 0) ui_text(T("journey.no_maps"), ed.theme.text_faint);
    ImGui::EndCombo();
  }
  // Or a file name (a map kept beside this one, or on the intranet).
  bool typed = !c.journey.empty() && c.journey.rfind("uid:", 0) != 0;
  panel_text_box(ed, doc, "journey.ref", c.id, typed ? c.journey : std::string(), "journey.ref_ph", false);
  ImGui::BeginDisabled(c.journey.empty());
  if (ui_button("journey.open", ImVec2(-1, 0))) journey_open(ed, doc, c.journey);
  ui_record("journey.open");
  ImGui::EndDisabled();
}

// ---- Inspector: governance of the map ------------------------------------------------------------

void inspector_governance(Editor& ed, Doc& doc) {
  float u = ed.ui;
  bool rtl = ui_rtl();
  const MapMeta& m = doc.map.meta;
  section(ed, "gov.owner");
  panel_text_box(ed, doc, "gov.owner", kNoId, m.owner, "gov.owner_ph", false);
  section(ed, "gov.status");
  ImGui::SetNextItemWidth(-1);
  std::string cur = std::string("gov.status.") + map_status_key(m.status);
  bool open = ui_begin_combo("##map_status", T(cur.c_str()));
  ui_record("gov.status");
  if (open) {
    for (int k = 0; k < (int)MapStatus::Count; k++) {
      std::string key = std::string("gov.status.") + map_status_key((MapStatus)k);
      if (ui_selectable(T(key.c_str()), map_status_key((MapStatus)k), (int)m.status == k) && (int)m.status != k) {
        MapMeta v = m;
        v.status = (MapStatus)k;
        set_meta(doc, v);
      }
      ui_record(("gov.status." + std::string(map_status_key((MapStatus)k))).c_str());
    }
    ImGui::EndCombo();
  }
  // Last reviewed and review due, side by side under small labels.
  float avail = ImGui::GetContentRegionAvail().x, gap = 8 * u, w = (avail - gap) * 0.5f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  p.y += 6 * u;
  float x0 = rtl ? p.x + avail - w : p.x, x1 = rtl ? p.x : p.x + w + gap;
  small_label(ed, "gov.reviewed", x0, w, p.y);
  small_label(ed, "gov.review_due", x1, w, p.y);
  float by = p.y + 12 * u * kEm + 2 * u;
  ImGui::SetCursorScreenPos(ImVec2(x0, by));
  ImRect a = date_box(ed, doc, "gov.reviewed", kNoId, m.reviewed, w);
  float after_a = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos(ImVec2(x1, by));
  ImRect b = date_box(ed, doc, "gov.review_due", kNoId, m.review_due, w);
  bool overdue = review_overdue(m);
  if (overdue) ImGui::GetWindowDrawList()->AddRect(b.Min, b.Max, ed.theme.negative, 6 * u, 0, 1.5f * u);
  float bottom = std::max({a.Max.y, b.Max.y, after_a - 4 * u, ImGui::GetCursorScreenPos().y - 4 * u});
  ImGui::SetCursorScreenPos(ImVec2(p.x, bottom + 6 * u));
  if (overdue) {
    // Said in words (and a mark), not by the red outline alone.
    ui_text_wrapped(TFX("gov.overdue", {{"date", m.review_due}}), ed.theme.negative);
  }
  if (ui_button("gov.reviewed_today", ImVec2(-1, 0)) && !doc.read_only) {
    MapMeta v = m;
    v.reviewed = today_iso();
    // The next review a quarter later, unless one is already planned after today.
    if (v.review_due.empty() || v.review_due <= v.reviewed) v.review_due = today_iso(91);
    set_meta(doc, v);
  }
  ui_record("gov.reviewed_today");
}

// ---- Text typed into our fields ----------------------------------------------------------------------

void evidence_text_input(Editor& ed, const std::string& text) {
  const std::string& key = ed.editing.key;
  bool date = key.rfind("evidence.date.", 0) == 0 || key == "gov.reviewed" || key == "gov.review_due";
  if (!date) return;
  std::string t = trim(text);
  N.bad_date = !t.empty() && !date_so_far(t) ? key + "#" + std::to_string(ed.editing.id) : std::string();
}

bool evidence_text_done(Editor& ed, Doc& doc, const TextEdit& e, const std::string& text_in) {
  const std::string& key = e.key;
  bool ours = key.rfind("evidence.", 0) == 0 || key.rfind("journey.", 0) == 0 || key.rfind("gov.", 0) == 0;
  if (!ours) return false;
  N.bad_date.clear();
  std::string text = trim(text_in);
  auto check_date = [&](const std::string& d) {
    if (d.empty() || is_iso_date(d)) return true;
    editor_notify(ed, TFX("panel.bad_date", {{"text", d}}), true);
    return false;
  };
  if (key.rfind("gov.", 0) == 0) {
    MapMeta v = doc.map.meta;
    if (key == "gov.owner") v.owner = text;
    else if (key == "gov.reviewed") { if (!check_date(text)) return true; v.reviewed = text; }
    else if (key == "gov.review_due") { if (!check_date(text)) return true; v.review_due = text; }
    else return true;
    if (!(v.owner == doc.map.meta.owner && v.reviewed == doc.map.meta.reviewed && v.review_due == doc.map.meta.review_due)) set_meta(doc, v);
    return true;
  }
  const Card* c = card_by_id(doc.map, e.id);
  if (!c) return true;
  Card v = *c;
  if (key == "journey.ref") {
    if (text == v.journey || (text.empty() && v.journey.rfind("uid:", 0) == 0)) return true;   // emptying the box leaves a picked map
    v.journey = text;
    update_card(doc, v, "Set sub-journey");
    return true;
  }
  // "evidence.<field>.<index>"
  size_t dot = key.find('.', 9);
  if (dot == std::string::npos) return true;
  std::string field = key.substr(9, dot - 9);
  size_t i = (size_t)std::atoi(key.c_str() + dot + 1);
  if (i >= v.evidence.size()) return true;
  Evidence& ev = v.evidence[i];
  if (field == "quote") ev.quote = text;
  else if (field == "source") ev.source = text;
  else if (field == "date") { if (!check_date(text)) return true; ev.date = text; }
  else return true;
  if (ev == c->evidence[i]) return true;
  update_card(doc, v, "Edit evidence");
  return true;
}

// ---- Sub-journeys ---------------------------------------------------------------------------------

std::string journey_ref_title(const Editor& ed, const std::string& ref) {
  const Editor::LibraryEntry* e = find_entry(ed, ref);
  if (!e) return std::string();
  return e->title.empty() ? TX("map.untitled") : e->title;
}

void journey_open(Editor& ed, Doc& doc, const std::string& ref) {
  (void)ed;   // the library answers through editor_library_list
  if (ref.empty()) return;
  N.pending_ref = ref;
  N.pending_crumb = Crumb{"", doc.map.meta.title, map_key(doc.map.meta)};
  platform::library_request_list();   // answered through editor_library_list -> journey_library_listed
}

void journey_library_listed(Editor& ed) {
  if (N.pending_back >= 0 && N.pending_back < (int)N.trail.size()) {
    // Back to a map whose entry was not known when we left it (it was saved on the way out):
    // the newest entry that is that map.
    const Crumb& c = N.trail[(size_t)N.pending_back];
    N.pending_back = -1;
    const Editor::LibraryEntry* best = nullptr;
    for (const Editor::LibraryEntry& e : ed.library)
      if (!e.trashed && (c.key == "uid:" + e.uid || c.key == "title:" + e.title) && (!best || e.updated > best->updated)) best = &e;
    if (best) platform::library_open(best->id);
    else editor_notify(ed, TFX("journey.not_found", {{"ref", c.title}}), true);
  }
  if (N.pending_ref.empty()) return;
  std::string ref = N.pending_ref;
  N.pending_ref.clear();
  // The map we leave: its entry in My maps, when it has one yet (a map not saved so far is saved
  // on the way out and found by its uid on the way back).
  N.pending_crumb.lib_id.clear();
  for (const Editor::LibraryEntry& e : ed.library)
    if (e.current) N.pending_crumb.lib_id = e.id;
  const Editor::LibraryEntry* target = find_entry(ed, ref);
  if (target && target->current) { editor_notify(ed, TX("journey.already_open"), false); return; }
  N.push_on_change = true;
  if (target) {
    platform::library_open(target->id);
    return;
  }
  // Not in My maps: say which, and let the user find the file.
  editor_notify(ed, TFX("journey.not_found", {{"ref", ref.rfind("uid:", 0) == 0 ? TX("journey.linked_map") : ref}}), true);
  platform::open_file_picker();
}

float journey_breadcrumbs(Editor& ed, Doc& doc, float top, float width) {
  // Which map is on screen: the sub-journey asked for (push), one of the trail (back), or another
  // one opened some other way (the trail no longer applies).
  std::string key = map_key(doc.map.meta);
  if (key != N.shown_key) {
    auto at = std::find_if(N.trail.begin(), N.trail.end(), [&](const Crumb& c) { return c.key == key; });
    if (at != N.trail.end()) N.trail.erase(at, N.trail.end());
    else if (N.push_on_change && !N.shown_key.empty()) N.trail.push_back(N.pending_crumb);
    else if (!N.shown_key.empty() && !N.trail.empty() && N.shown_key.rfind("title:", 0) != 0) N.trail.clear();
    N.push_on_change = false;
    N.shown_key = key;
  }
  if (N.trail.empty() || ed.embed) return 0;
  float u = ed.ui, bh = 32 * u;
  bool rtl = ui_rtl();
  panel_begin(ed, "##breadcrumbs", ImVec2(0, top), ImVec2(width, bh), ImVec2(16 * u, 4 * u));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(0, top + bh - 1), ImVec2(width, top + bh - 1), ed.theme.panel_border, 1 * u);
  // The maps above in reading order, each a link; the one shown last, bold. Right to left the
  // trail starts on the right and the separators point left.
  const char* sep = rtl ? "  \xE2\x80\xB9  " : "  \xE2\x80\xBA  ";
  float sep_w = ImGui::CalcTextSize(sep).x;
  const ImGuiStyle& st = ImGui::GetStyle();
  float x = rtl ? width - 16 * u : 16 * u, y = top + (bh - ImGui::GetFrameHeight()) * 0.5f;
  int back = -1;
  for (size_t i = 0; i <= N.trail.size(); i++) {
    bool last = i == N.trail.size();
    const std::string& title = last ? doc.map.meta.title : N.trail[i].title;
    std::string shown = std::string(U(title.empty() ? TX("map.untitled") : title));
    float tw = std::min(ImGui::CalcTextSize(shown.c_str()).x, width * 0.3f) + st.FramePadding.x * 2;
    float at = rtl ? x - tw : x;
    ImGui::SetCursorScreenPos(ImVec2(at, y));
    if (last) {
      ImGui::PushFont(ed.font_bold);
      ImGui::SetCursorScreenPos(ImVec2(at + st.FramePadding.x, y));
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(shown.c_str());
      ui_record("journey.crumb.current");
      ImGui::PopFont();
      break;
    }
    ImGui::PushID((int)i);
    ImGui::PushStyleColor(ImGuiCol_Button, 0u);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.accent));
    if (ImGui::Button((shown + "###crumb").c_str(), ImVec2(tw, 0))) back = (int)i;
    ImGui::PopStyleColor(2);
    ui_record(("journey.crumb." + std::to_string(i)).c_str());
    if (ImGui::IsItemHovered()) { ImGui::SetMouseCursor(ImGuiMouseCursor_Hand); ImGui::SetTooltip("%s", T("journey.back_to")); }
    ImGui::PopID();
    x += rtl ? -tw : tw;
    dl->AddText(ImVec2(rtl ? x - sep_w : x, y + st.FramePadding.y), ed.theme.text_faint, sep);
    x += rtl ? -sep_w : sep_w;
  }
  panel_end();
  if (back >= 0) {
    const Crumb& c = N.trail[(size_t)back];
    if (!c.lib_id.empty()) platform::library_open(c.lib_id);
    else { N.pending_back = back; platform::library_request_list(); }
  }
  return bh;
}

// ---- Summary: pain points without evidence ------------------------------------------------------

bool evidence_summary_line(Editor& ed, const JourneySummary& s) {
  if (s.pain_points == 0) return false;
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x;
  bool rtl = ui_rtl();
  int weak = s.unsupported_pain;
  std::string label = TX("evidence.summary_label");
  std::string value = weak == 0 ? TX("evidence.summary_all_backed")
                                : TPX("evidence.summary_unsupported", weak, {{"total", std::to_string(s.pain_points)}});
  if (s.assumed_pain > 0) value += "  \xC2\xB7  " + TPX("evidence.summary_assumed", s.assumed_pain);
  float h = 12 * u + 13 * u * kEm + 4 * u + 14 * u * kEm + 10 * u;
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool hit = ImGui::InvisibleButton("summary.unsupported", ImVec2(w, h));
  ui_record("summary.unsupported");
  bool hov = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 accent = weak ? ed.theme.negative : ed.theme.positive;
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ed.theme.dark ? IM_COL32(255, 255, 255, hov ? 20 : 10) : IM_COL32(15, 23, 42, hov ? 12 : 6), 8 * u);
  float sx = rtl ? p.x + w - 4 * u : p.x;
  dl->AddRectFilled(ImVec2(sx, p.y), ImVec2(sx + 4 * u, p.y + h), accent, 8 * u, rtl ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersLeft);
  draw_text_fit(dl, ed.font_ui, 13 * u, ImVec2(p.x + 12 * u, p.y + 10 * u), w - 24 * u, ed.theme.text_muted, label, rtl ? 1.0f : 0.0f);
  draw_text_fit(dl, ed.font_bold, 14 * u, ImVec2(p.x + 12 * u, p.y + 12 * u + 13 * u * kEm + 2 * u), w - 24 * u, ed.theme.text, value, rtl ? 1.0f : 0.0f);
  if (hov) { ImGui::SetMouseCursor(ImGuiMouseCursor_Hand); ImGui::SetTooltip("%s", T(ed.assumptions_only ? "evidence.tip_show_all" : "evidence.tip_show_assumptions")); }
  if (hit) ed.assumptions_only = !ed.assumptions_only;
  ImGui::Dummy(ImVec2(1, 2 * u));
  return true;
}

// ---- Commands and the test view --------------------------------------------------------------------

double evidence_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg) {
  if (name == "assumptions") { ed.assumptions_only = arg != "0" && arg != "off"; return 1; }
  if (name == "open_journey") {   // a card id: its sub-journey, as its Open button does
    const Card* c = card_by_id(doc.map, (Id)std::atoll(arg.c_str()));
    if (!c || c->journey.empty()) return 0;
    journey_open(ed, doc, c->journey);
    return 1;
  }
  return -1;
}

void evidence_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j) {
  (void)ed;
  nlohmann::json trail = nlohmann::json::array();
  for (const Crumb& c : N.trail) trail.push_back({{"title", c.title}, {"id", c.lib_id}});
  j["journey"] = {{"trail", trail}, {"pending", N.pending_ref}, {"bad_date", N.bad_date}};
  j["assumptions_only"] = ed.assumptions_only;
  j["review_overdue"] = review_overdue(doc.map.meta);
}

} // namespace jm
