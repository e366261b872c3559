// data_panel.cpp: the Data panel (View > Data…) in the bottom panel's place: where customer data
// comes in (Sources), how it is tied to cards (Mapping), and what it says (Scores, Funnel, Paths,
// Attribution, People, Rules). It reads the map's data layer (Map::data, core/data_layer.h) and
// issues commands (core/edit.h); what the page's worker reports is view state (DataView).
//
// ---- The contract between the editor and the page (web/data.js) ----------------------------------
// Editor -> page: platform::data_request(json) calls globalThis.jmData.request(jsonString) with one
// object: {"op":"import"} (open the file chooser: events, responses or paths CSV, several at
// once), {"op":"sample"} (load the B2B demo data), {"op":"compute"} (recompute with the current
// map, which the page reads itself as it does for saving: jm_model_json carries map.data with the
// mapping, settings and rules), {"op":"people"}, {"op":"person","id":"..."}, {"op":"rules"},
// {"op":"cancel"}, {"op":"clear"} (forget the raw rows of this map).
// Page -> editor: C functions exported from the editor's wasm (below), each taking a JSON string;
// each queues what it got, wakes the idle loop, and the next frame applies it (data_frame_begin):
//   jm_data_status(json)     {"state":"idle|reading|computing|done|error|cancelled","progress":0..1,
//                            "message":"...","reports":[import_report_to_json objects],
//                            "stored":{"events":N,"responses":N,"paths":N,"files":["name",...]}}
//                            view state only (a member left out keeps its value).
//   jm_data_aggregates(json) data_aggregates_to_json of the new aggregates: the set_data_aggregates
//                            command, a document change, undoable, labelled "Data updated".
//   jm_data_people(json)     an array of person ids (strings), most active first: view state.
//   jm_data_person(json)     person_journey_to_json of one person: view state (the map overlay).
//   jm_data_rules(json)      an array of rule_firing_json objects: view state.
// Raw rows never reach the editor: only what a person chose to look at (one person's journey)
// and the aggregates the map keeps.
#include "editor/editor.h"
#include "core/data_layer.h"
#include "core/person.h"
#include "platform/platform.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace jm {

using json = nlohmann::json;

// ---- What the page sent, applied at the next frame -------------------------------------------------

namespace {
struct Inbox {
  std::vector<std::string> status;
  std::string aggregates;
  bool has_aggregates = false;
  std::string people, person, rules;
  bool has_people = false, has_person = false, has_rules = false;
};
Inbox g_inbox;
} // namespace

static void request(const json& j) { platform::data_request(j.dump()); }
static void request_op(const char* op) { request(json{{"op", op}}); }

static void apply_status(DataView& dv, const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  if (j.contains("state") && j["state"].is_string()) dv.state = j["state"];
  if (j.contains("progress") && j["progress"].is_number()) dv.progress = std::clamp(j["progress"].get<double>(), 0.0, 1.0);
  if (j.contains("message") && j["message"].is_string()) dv.message = j["message"];
  if (j.contains("reports") && j["reports"].is_array()) {
    dv.reports.clear();
    for (const json& r : j["reports"]) {
      ImportReport rep;
      std::string err;
      if (import_report_from_json(r.dump(), &rep, &err)) dv.reports.push_back(std::move(rep));
    }
  }
  if (j.contains("stored") && j["stored"].is_object()) {
    const json& s = j["stored"];
    dv.stored_events = s.value("events", (int64_t)0);
    dv.stored_responses = s.value("responses", (int64_t)0);
    dv.stored_paths = s.value("paths", (int64_t)0);
    dv.stored_files.clear();
    if (s.contains("files") && s["files"].is_array())
      for (const json& f : s["files"]) if (f.is_string()) dv.stored_files.push_back(f);
  }
}

void data_frame_begin(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  for (const std::string& s : g_inbox.status) apply_status(dv, s);
  g_inbox.status.clear();
  if (g_inbox.has_aggregates) {
    g_inbox.has_aggregates = false;
    DataAggregates a;
    std::string err;
    if (data_aggregates_from_json(g_inbox.aggregates, &a, &err)) {
      if (doc.read_only) doc.map.data.aggregates = a;   // a shared map shows them, not as an edit
      else set_data_aggregates(doc, a);
    } else {
      editor_notify(ed, TFX("data.bad_aggregates", {{"error", err}}), true);
    }
    g_inbox.aggregates.clear();
  }
  if (g_inbox.has_people) {
    g_inbox.has_people = false;
    json j = json::parse(g_inbox.people, nullptr, false);
    dv.people.clear();
    if (j.is_array())
      for (const json& p : j) if (p.is_string()) dv.people.push_back(p);
  }
  if (g_inbox.has_person) {
    g_inbox.has_person = false;
    PersonJourney pj;
    std::string err;
    if (person_journey_from_json(g_inbox.person, &pj, &err)) {
      dv.person = std::move(pj);
      dv.person_shown = true;
    } else {
      editor_notify(ed, TFX("data.bad_person", {{"error", err}}), true);
    }
  }
  if (g_inbox.has_rules) {
    g_inbox.has_rules = false;
    json j = json::parse(g_inbox.rules, nullptr, false);
    dv.firings.clear();
    if (j.is_array())
      for (const json& f : j) {
        if (!f.is_object()) continue;
        RuleFiring r;
        r.rule = f.value("rule", "");
        r.action = f.value("action", "");
        r.person = f.value("person", "");
        r.detail = f.value("detail", "");
        if (f.contains("ts_ms") && f["ts_ms"].is_number()) r.ts_ms = f["ts_ms"].get<int64_t>();
        else if (f.contains("time") && f["time"].is_string()) {
          bool nz = false;
          parse_timestamp(f["time"], ImportOptions(), &r.ts_ms, &nz);
        }
        dv.firings.push_back(std::move(r));
      }
  }
}

// ---- Small pieces ------------------------------------------------------------------------------------

static std::string num(double v, int decimals = 0) {
  char b[48];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}
static std::string count_text(int64_t n) {   // 12,345
  std::string s = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < s.size(); i++) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return n < 0 ? "-" + out : out;
}
static std::string pct(double fraction, int decimals = 0) { return num(fraction * 100, decimals) + "%"; }
static std::string signed_num(double v) { return (v > 0 ? "+" : "") + num(v); }

// "NPS", "CSAT", "CES" or the custom metric's own name.
static std::string metric_label(const std::string& metric) {
  if (metric == "nps") return metric_kind_name(MetricKind::Nps);
  if (metric == "csat") return metric_kind_name(MetricKind::Csat);
  if (metric == "ces") return metric_kind_name(MetricKind::Ces);
  return metric;
}

// The value as the map shows it: NPS signed, CSAT in %, CES and custom means with one decimal.
std::string data_score_value(const ScoreSummary& s) {
  if (s.metric == "nps") return signed_num(s.value);
  if (s.metric == "csat") return num(s.value) + "%";
  return num(s.value, 1);
}

static std::string duration_text(double ms) {
  if (ms <= 0) return "-";
  double h = ms / 3600000.0;
  if (h < 1) return num(ms / 60000.0) + TX("data.unit_min");
  if (h < 48) return num(h, h < 10 ? 1 : 0) + TX("data.unit_h");
  return num(h / 24, h < 240 ? 1 : 0) + TX("data.unit_d");
}

static std::string card_title(const Map& m, Id id) {
  const Card* c = card_by_id(m, id);
  if (!c) return "#" + std::to_string(id);
  std::string t = c->text.substr(0, c->text.find('\n'));
  if (t.empty()) t = "#" + std::to_string(id);
  if (t.size() > 48) {
    size_t cut = 45;
    while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
    t = t.substr(0, cut) + "…";
  }
  return t;
}
static std::string stage_title(const Map& m, Id id) {
  const Stage* s = stage_by_id(m, id);
  if (!s) return "#" + std::to_string(id);
  return s->name.empty() ? TX("canvas.untitled_stage") : s->name;
}

static void heading(Editor& ed, const char* key) {
  ImGui::Spacing();
  ImGui::PushFont(ed.font_bold);
  ui_text(T(key), ed.theme.text_muted);
  ImGui::PopFont();
}

static void muted(Editor& ed, const std::string& logical) { ui_text_wrapped(logical, ed.theme.text_muted); }

// Local to this file (names like Table exist elsewhere in namespace jm).
namespace {
// A button on the reading-start side of the line, then the next one after it (SameLine mirrored).
struct ButtonRow {
  float x0, avail, used = 0, gap;
  bool first = true;
  explicit ButtonRow(float gap_px) : gap(gap_px) {
    x0 = ImGui::GetCursorPosX();
    avail = ImGui::GetContentRegionAvail().x;
  }
  bool button(const char* label, const char* record_id) {
    float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    if (!first && used + gap + w > avail) { used = 0; first = true; }   // wraps on a phone
    else if (!first) { ImGui::SameLine(); }
    float x = ui_rtl() ? x0 + avail - used - (first ? 0 : gap) - w : x0 + used + (first ? 0 : gap);
    ImGui::SetCursorPosX(x);
    used += (first ? 0 : gap) + w;
    first = false;
    bool r = ImGui::Button(label);
    ui_record(record_id);
    return r;
  }
  bool key(const char* k) { return button(TL(k), k); }
};

// Tables whose columns read from the interface's start: right to left the first column is the
// rightmost one and cells are right-aligned.
struct Table {
  int n;
  bool open;
  Table(const char* id, std::initializer_list<const char*> header_keys, float height = 0) : n((int)header_keys.size()) {
    ImGuiTableFlags fl = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingStretchProp;
    if (height > 0) fl |= ImGuiTableFlags_ScrollY;
    open = ImGui::BeginTable(id, n, fl, ImVec2(0, height));
    if (!open) return;
    std::vector<const char*> keys(header_keys);
    for (int i = 0; i < n; i++) {
      int li = ui_rtl() ? n - 1 - i : i;
      ImGui::TableSetupColumn(T(keys[(size_t)li]), li == 0 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthStretch,
                              li == 0 ? 2.4f : 1.0f);
    }
    if (height > 0) ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i < n; i++) {
      ImGui::TableSetColumnIndex(ui_rtl() ? n - 1 - i : i);
      ui_text(T(keys[(size_t)i]), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    }
  }
  void row() { ImGui::TableNextRow(); }
  void cell(int i, const std::string& logical, ImU32 col = 0) {
    ImGui::TableSetColumnIndex(ui_rtl() ? n - 1 - i : i);
    ui_text(U(logical), col);
  }
  void at(int i) { ImGui::TableSetColumnIndex(ui_rtl() ? n - 1 - i : i); }
  ~Table() { if (open) ImGui::EndTable(); }
};
}  // namespace

// A combo of interface keys; returns the chosen index or -1.
static int key_combo(const char* id, const char* const* keys, int n, int current, float width) {
  int chosen = -1;
  ImGui::SetNextItemWidth(width);
  if (ui_begin_combo(id, current >= 0 && current < n ? T(keys[current]) : "")) {
    for (int i = 0; i < n; i++)
      if (ui_selectable(T(keys[i]), keys[i], i == current)) chosen = i;
    ImGui::EndCombo();
  }
  ui_record(id);
  return chosen;
}

static bool has_rows(const DataView& dv) { return dv.stored_events + dv.stored_responses + dv.stored_paths > 0; }
static bool busy(const DataView& dv) { return dv.state == "reading" || dv.state == "computing"; }

// ---- Charts ------------------------------------------------------------------------------------------

// Colours for series (models, columns): distinct, readable on both themes.
static ImU32 series_colour(int i, float alpha = 1) {
  static const Color c[] = {0x6366f1, 0x0ea5e9, 0x10b981, 0xf59e0b, 0xef4444, 0x8b5cf6, 0x14b8a6, 0xec4899, 0x64748b, 0x84cc16, 0xf97316, 0x06b6d4};
  return color_u32(c[(size_t)i % (sizeof c / sizeof c[0])], alpha);
}

// Horizontal bars: one per row, label on the reading side, the bar growing from the reading start.
static void bar_chart(Editor& ed, const std::vector<std::string>& labels, const std::vector<double>& values,
                      const std::vector<std::string>& value_texts, ImU32 col) {
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x, row_h = 22 * u;
  float label_w = std::min(180 * u, w * 0.35f), text_w = 70 * u;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  double mx = 0;
  for (double v : values) mx = std::max(mx, std::abs(v));
  bool rtl = ui_rtl();
  float bar_room = w - label_w - text_w - 16 * u;
  for (size_t i = 0; i < labels.size(); i++) {
    float y = p.y + i * row_h;
    float fs = 13 * u;
    float ty = y + (row_h - fs * kEm) * 0.5f;
    if (!rtl) draw_text_fit(dl, ed.font_ui, fs, ImVec2(p.x, ty), label_w - 8 * u, ed.theme.text, labels[i], 0);
    else draw_text_fit(dl, ed.font_ui, fs, ImVec2(p.x + w - label_w + 8 * u, ty), label_w - 8 * u, ed.theme.text, labels[i], 1);
    float bw = mx > 0 ? (float)(std::abs(values[i]) / mx) * bar_room : 0;
    float bx = rtl ? p.x + w - label_w - bw : p.x + label_w;
    dl->AddRectFilled(ImVec2(bx, y + 4 * u), ImVec2(bx + bw, y + row_h - 4 * u), col, 3 * u);
    float tx = rtl ? bx - 6 * u - text_w : bx + bw + 6 * u;
    draw_text_fit(dl, ed.font_ui, 12 * u, ImVec2(tx, ty), text_w, ed.theme.text_muted, i < value_texts.size() ? value_texts[i] : "", rtl ? 1.0f : 0.0f);
  }
  ImGui::Dummy(ImVec2(w, labels.size() * row_h + 4 * u));
}

// A small line chart of one series over periods (gaps where a period has no shown value); x runs
// from the reading start, so right to left the first period is on the right.
static void line_chart(Editor& ed, const std::vector<std::string>& periods, const std::vector<double>& v, const std::vector<bool>& has,
                       double lo, double hi, float height) {
  float u = ed.ui, w = std::min(ImGui::GetContentRegionAvail().x, 520 * u);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  bool rtl = ui_rtl();
  float pad_l = 8 * u, pad_b = 18 * u;
  ImVec2 a(p.x + pad_l, p.y + 6 * u), b(p.x + w - pad_l, p.y + height - pad_b);
  dl->AddRect(a, b, ed.theme.grid_line, 4 * u);
  if (hi <= lo) hi = lo + 1;
  if (lo < 0 && hi > 0) {
    float zy = b.y - (float)((0 - lo) / (hi - lo)) * (b.y - a.y);
    dl->AddLine(ImVec2(a.x, zy), ImVec2(b.x, zy), ed.theme.zero_line, 1 * u);
  }
  size_t n = periods.size();
  auto px = [&](size_t i) {
    float t = n > 1 ? (float)i / (float)(n - 1) : 0.5f;
    return rtl ? b.x - 10 * u - t * (b.x - a.x - 20 * u) : a.x + 10 * u + t * (b.x - a.x - 20 * u);
  };
  auto py = [&](double x) { return b.y - 4 * u - (float)((x - lo) / (hi - lo)) * (b.y - a.y - 8 * u); };
  ImVec2 prev;
  bool have_prev = false;
  for (size_t i = 0; i < n; i++) {
    if (!has[i]) { have_prev = false; continue; }
    ImVec2 q(px(i), py(v[i]));
    if (have_prev) dl->AddLine(prev, q, ed.theme.accent, 2 * u);
    dl->AddCircleFilled(q, 3.5f * u, ed.theme.accent);
    prev = q;
    have_prev = true;
  }
  // First and last period under the axis.
  if (n > 0) {
    float fs = 11 * u;
    draw_text_fit(dl, ed.font_ui, fs, ImVec2(rtl ? b.x - 120 * u : a.x, b.y + 3 * u), 120 * u, ed.theme.text_faint, periods.front(), rtl ? 1.0f : 0.0f);
    if (n > 1) draw_text_fit(dl, ed.font_ui, fs, ImVec2(rtl ? a.x : b.x - 120 * u, b.y + 3 * u), 120 * u, ed.theme.text_faint, periods.back(), rtl ? 0.0f : 1.0f);
  }
  ImGui::Dummy(ImVec2(w, height));
}

// ---- Tabs ----------------------------------------------------------------------------------------------

static const char* const kTabs[] = {"data.tab_sources", "data.tab_mapping", "data.tab_scores", "data.tab_funnel",
                                    "data.tab_paths", "data.tab_attribution", "data.tab_people", "data.tab_rules"};
constexpr int kTabCount = 8;

// The tab strip from the reading start, wrapping on a phone.
static void tab_strip(Editor& ed) {
  DataView& dv = ed.data;
  float u = ed.ui;
  ButtonRow row(4 * u);
  for (int i = 0; i < kTabCount; i++) {
    bool on = dv.tab == i;
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::ColorConvertU32ToFloat4(ed.theme.accent_soft) : ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(on ? ed.theme.accent : ed.theme.text));
    if (row.key(kTabs[i])) dv.tab = i;
    ImGui::PopStyleColor(2);
  }
  ImGui::Separator();
}

// ---- Sources --------------------------------------------------------------------------------------------

static const char* reason_key(const std::string& reason) {
  static std::map<std::string, std::string> keys;
  auto it = keys.find(reason);
  if (it == keys.end()) {
    std::string k = "data.reason." + reason;
    it = keys.emplace(reason, i18n().has("en", k) ? k : std::string()).first;
  }
  return it->second.empty() ? nullptr : it->second.c_str();
}
static std::string reason_text(const std::string& reason) {
  const char* k = reason_key(reason);
  return k ? TX(k) : reason;
}
static std::string kind_text(const std::string& kind) {
  if (kind == "events") return TX("data.kind_events");
  if (kind == "responses") return TX("data.kind_responses");
  if (kind == "paths") return TX("data.kind_paths");
  return kind;
}

static void progress_line(Editor& ed) {
  DataView& dv = ed.data;
  float u = ed.ui;
  if (!busy(dv)) return;
  std::string what = TX(dv.state == "reading" ? "data.reading" : "data.computing");
  if (!dv.message.empty()) what += " · " + dv.message;
  ui_text(U(what));
  float bw = ImGui::CalcTextSize(TL("data.cancel"), nullptr, true).x + 24 * u;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - bw - 8 * u);
  if (ui_rtl()) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + bw + 8 * u);
  float y = ImGui::GetCursorPosY();
  ImGui::ProgressBar((float)dv.progress, ImVec2(ImGui::GetContentRegionAvail().x - (ui_rtl() ? 0 : bw + 8 * u), 0), pct(dv.progress).c_str());
  ui_record("data.progress");
  if (ui_rtl()) ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, y));
  else ImGui::SameLine();
  if (ImGui::Button(TL("data.cancel"), ImVec2(bw, 0))) request_op("cancel");
  ui_record("data.cancel");
}

static void report_block(Editor& ed, const ImportReport& r, int index) {
  const Theme& t = ed.theme;
  std::string head = kind_text(r.kind) + " · " + TFX("data.report_counts", {{"rows", count_text(r.rows)}, {"accepted", count_text(r.accepted)}});
  int64_t rejected = 0;
  for (const auto& kv : r.rejected) rejected += kv.second;
  if (rejected) head += " · " + TFX("data.report_rejected", {{"n", count_text(rejected)}});
  ImGui::PushFont(ed.font_bold);
  ui_text(U(head));
  ImGui::PopFont();
  if (!r.error.empty()) ui_text_wrapped(r.error, t.negative);
  for (const auto& kv : r.rejected) ui_text(U("  " + reason_text(kv.first) + ": " + count_text(kv.second)), t.negative);
  for (const auto& kv : r.noted) ui_text(U("  " + reason_text(kv.first) + ": " + count_text(kv.second)), t.text_muted);
  for (const std::string& w : r.warnings) ui_text_wrapped(w, t.text_muted);
  if (!r.first.empty()) {
    std::string id = "data.first_rows_" + std::to_string(index);
    ImGui::PushID(id.c_str());
    {   // the table ends before the id is popped
      Table tb("first", {"data.col_line", "data.col_column", "data.col_reason", "data.col_value"});
      if (tb.open)
        for (const RowIssue& is : r.first) {
          tb.row();
          tb.cell(0, std::to_string(is.line));
          tb.cell(1, is.column);
          tb.cell(2, reason_text(is.reason));
          tb.cell(3, is.value);
        }
    }
    ImGui::PopID();
  }
  ImGui::Spacing();
}

static void tab_sources(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  const DataAggregates& a = doc.map.data.aggregates;
  float u = ed.ui;
  muted(ed, TX("data.sources_lead"));
  ImGui::Spacing();
  {
    ButtonRow row(8 * u);
    ImGui::BeginDisabled(busy(dv) || doc.read_only);
    if (row.key("data.import")) request_op("import");
    if (row.key("data.sample")) request_op("sample");
    ImGui::EndDisabled();
    ImGui::BeginDisabled(busy(dv) || !has_rows(dv) || doc.read_only);
    if (row.key("data.recompute")) request_op("compute");
    ImGui::EndDisabled();
  }
  progress_line(ed);
  if (dv.state == "error" && !dv.message.empty()) ui_text_wrapped(dv.message, ed.theme.negative);
  if (dv.state == "cancelled") ui_text(T("data.cancelled"), ed.theme.text_muted);

  heading(ed, "data.stored");
  if (has_rows(dv)) {
    ui_text(U(TPX("data.n_events", dv.stored_events) + " · " + TPX("data.n_responses", dv.stored_responses) + " · " +
              TPX("data.n_paths", dv.stored_paths)));
    for (const std::string& f : dv.stored_files) ui_text(U("· " + f), ed.theme.text_muted);
  } else {
    muted(ed, TX("data.nothing_stored"));
  }
  if (!a.empty()) {
    heading(ed, "data.computed");
    ui_text(U(TFX("data.computed_at", {{"time", comment_time_shown(a.computed_at)}}) + " · " + TPX("data.n_people", a.people)));
    Table tb("sources", {"data.col_file", "data.col_kind", "data.col_rows", "data.col_accepted", "data.col_rejected"});
    if (tb.open)
      for (const SourceInfo& s : a.sources) {
        tb.row();
        tb.cell(0, s.name);
        tb.cell(1, kind_text(s.kind));
        tb.cell(2, count_text(s.rows));
        tb.cell(3, count_text(s.accepted));
        tb.cell(4, count_text(s.rejected), s.rejected ? ed.theme.negative : 0);
      }
  }
  if (!dv.reports.empty()) {
    heading(ed, "data.import_reports");
    for (size_t i = 0; i < dv.reports.size(); i++) report_block(ed, dv.reports[i], (int)i);
  }
  if (!doc.read_only && (!doc.map.data.empty() || has_rows(dv))) {
    ImGui::Spacing();
    ImGui::Separator();
    ButtonRow row(8 * u);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.negative));
    if (row.key("data.clear")) {
      clear_data(doc);
      request_op("clear");
      dv.person = PersonJourney();
      dv.person_shown = false;
      dv.people.clear();
      dv.firings.clear();
      dv.reports.clear();
    }
    ImGui::PopStyleColor();
    muted(ed, TX("data.clear_hint"));
  }
}

// ---- Mapping -------------------------------------------------------------------------------------------

// Cards a key can be tied to: touchpoints first, then the rest, in stage order.
static std::vector<const Card*> mappable_cards(const Map& m) {
  std::vector<const Card*> out;
  for (int pass = 0; pass < 2; pass++)
    for (const Stage& s : m.stages)
      for (const Lane& l : m.lanes) {
        if ((l.type == LaneType::Touchpoints) != (pass == 0) || l.type == LaneType::Emotions) continue;
        for (const Card* c : cell_cards(m, s.id, l.id)) out.push_back(c);
      }
  return out;
}

static std::string card_choice(const Map& m, const Card& c) { return stage_title(m, c.stage) + " › " + card_title(m, c.id); }

// A combo of the map's cards; returns the chosen card or kNoId.
static Id card_combo(Editor& ed, const Doc& doc, const std::string& id, Id current, float width) {
  Id chosen = kNoId;
  ImGui::SetNextItemWidth(width);
  std::string preview = current ? card_choice(doc.map, *card_by_id(doc.map, current)) : TX("data.pick_card");
  if (ui_begin_combo(("##" + id).c_str(), U(preview))) {
    for (const Card* c : mappable_cards(doc.map)) {
      ImGui::PushID((int)c->id);
      if (ui_selectable(U(card_choice(doc.map, *c)), "card", c->id == current)) chosen = c->id;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ui_record(id.c_str());
  (void)ed;
  return chosen;
}

// An unmapped key is "event · channel" (either part may be empty) or a touchpoint_id.
static MappingRule rule_for_key(const std::string& key, Id card) {
  MappingRule r;
  r.card = card;
  const std::string sep = " \xC2\xB7 ";
  size_t at = key.find(sep);
  if (at == std::string::npos) r.touchpoint = key;
  else { r.event = key.substr(0, at); r.channel = key.substr(at + sep.size()); }
  return r;
}

static void after_mapping_change(Editor& ed) {
  if (has_rows(ed.data)) request_op("compute");   // the numbers follow the mapping at once
}

static void tab_mapping(Editor& ed, Doc& doc) {
  const DataLayer& d = doc.map.data;
  float u = ed.ui;
  muted(ed, TX("data.mapping_lead"));
  heading(ed, "data.unmapped");
  if (d.aggregates.unmapped.empty()) muted(ed, TX(d.aggregates.empty() ? "data.no_data_yet" : "data.all_mapped"));
  else {
    Table tb("unmapped", {"data.col_key", "data.col_count", "data.col_card"});
    if (tb.open)
      for (size_t i = 0; i < d.aggregates.unmapped.size(); i++) {
        const UnmappedCount& uc = d.aggregates.unmapped[i];
        tb.row();
        tb.cell(0, uc.key);
        tb.cell(1, count_text(uc.count));
        tb.at(2);
        if (doc.read_only) continue;
        ImGui::PushID((int)i);
        Id c = card_combo(ed, doc, "data.map_key_" + std::to_string(i), kNoId, -1);
        ImGui::PopID();
        if (c) {
          DataMapping m = d.mapping;
          m.rules.push_back(rule_for_key(uc.key, c));
          set_data_mapping(doc, m);
          after_mapping_change(ed);
        }
      }
  }
  heading(ed, "data.rules_mapping");
  if (d.mapping.rules.empty()) muted(ed, TX("data.no_mapping_rules"));
  else {
    Table tb("mapping_rules", {"data.col_when", "data.col_card", "data.col_remove"});
    int remove = -1;
    if (tb.open)
      for (size_t i = 0; i < d.mapping.rules.size(); i++) {
        const MappingRule& r = d.mapping.rules[i];
        std::string when;
        if (!r.touchpoint.empty()) when = TFX("data.when_touchpoint", {{"id", r.touchpoint}});
        else if (!r.channel.empty() && !r.event.empty()) when = TFX("data.when_event_channel", {{"event", r.event}, {"channel", r.channel}});
        else if (!r.event.empty()) when = TFX("data.when_event", {{"event", r.event}});
        else when = TFX("data.when_channel", {{"channel", r.channel}});
        tb.row();
        tb.cell(0, when);
        tb.cell(1, card_by_id(doc.map, r.card) ? card_choice(doc.map, *card_by_id(doc.map, r.card)) : TX("data.card_gone"),
                card_by_id(doc.map, r.card) ? 0 : ed.theme.negative);
        tb.at(2);
        if (!doc.read_only) {
          ImGui::PushID((int)i);
          if (ImGui::SmallButton(TL("data.remove"))) remove = (int)i;
          ui_record(("data.remove_rule_" + std::to_string(i)).c_str());
          ImGui::PopID();
        }
      }
    if (remove >= 0) {
      DataMapping m = d.mapping;
      m.rules.erase(m.rules.begin() + remove);
      set_data_mapping(doc, m);
      after_mapping_change(ed);
    }
  }
  ImGui::Spacing();
  ButtonRow row(8 * u);
  ImGui::BeginDisabled(busy(ed.data) || !has_rows(ed.data) || doc.read_only);
  if (row.key("data.recompute")) request_op("compute");
  ImGui::EndDisabled();
}

// ---- Scores -------------------------------------------------------------------------------------------

// The metrics the aggregates hold, NPS, CSAT and CES first.
static std::vector<std::string> metrics_present(const DataAggregates& a) {
  std::vector<std::string> out;
  for (const char* m : {"nps", "csat", "ces"})
    for (const TargetScores& t : a.scores) {
      bool found = false;
      for (const ScoreSummary& s : t.scores) if (s.metric == m) { found = true; break; }
      if (found) { out.push_back(m); break; }
    }
  for (const TargetScores& t : a.scores)
    for (const ScoreSummary& s : t.scores)
      if (std::find(out.begin(), out.end(), s.metric) == out.end()) out.push_back(s.metric);
  return out;
}

std::string data_score_cell(const ScoreSummary& s, int64_t min_n) {
  if (!s.shown) return TFX("data.too_few", {{"n", std::to_string(s.n)}, {"min", std::to_string(min_n)}});
  return data_score_value(s);
}

static void score_row(Editor& ed, Table& tb, const std::string& name, const ScoreSummary* s, int64_t min_n) {
  tb.row();
  tb.cell(0, name);
  if (!s) { tb.cell(1, "0"); return; }
  tb.cell(1, count_text(s->n));
  tb.cell(2, data_score_cell(*s, min_n), s->shown ? 0 : ed.theme.text_muted);
  if (!s->shown) return;
  std::string ci = s->metric == "nps" ? signed_num(s->lo) + " … " + signed_num(s->hi)
                   : s->metric == "csat" ? num(s->lo) + "% … " + num(s->hi) + "%" : num(s->lo, 1) + " … " + num(s->hi, 1);
  tb.cell(3, ci, ed.theme.text_muted);
  if (s->metric == "nps") tb.cell(4, num(s->promoters) + " / " + num(s->passives) + " / " + num(s->detractors));
  else if (s->metric == "ces") tb.cell(4, TFX("data.agree", {{"pct", num(s->agree)}}));
}

static void tab_scores(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  const DataAggregates& a = doc.map.data.aggregates;
  const Map& m = doc.map;
  float u = ed.ui;
  std::vector<std::string> metrics = metrics_present(a);
  if (metrics.empty()) { muted(ed, TX("data.no_scores")); return; }
  if (std::find(metrics.begin(), metrics.end(), dv.metric) == metrics.end()) dv.metric = metrics[0];
  // The metric switch: one button per metric present.
  {
    ButtonRow row(4 * u);
    for (const std::string& mt : metrics) {
      bool on = mt == dv.metric;
      ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::ColorConvertU32ToFloat4(ed.theme.accent_soft) : ImGui::GetStyle().Colors[ImGuiCol_Button]);
      std::string label = std::string(U(metric_label(mt))) + "###data.metric_" + mt;
      if (row.button(label.c_str(), ("data.metric_" + mt).c_str())) dv.metric = mt;
      ImGui::PopStyleColor();
    }
  }
  int64_t min_n = m.data.settings.min_n;
  muted(ed, TFX("data.scores_lead", {{"min", std::to_string(min_n)}}));
  bool nps = dv.metric == "nps";
  {
    Table tb("scores", {"data.col_where", "data.col_n", "data.col_value", "data.col_ci", nps ? "data.col_pnd" : "data.col_more"});
    if (tb.open) {
      score_row(ed, tb, TX("data.whole_map"), find_score(a, 0, 0, dv.metric), min_n);
      for (const Stage& s : m.stages) {
        if (s.state != ed.view_state) continue;
        const ScoreSummary* ss = find_score(a, 0, s.id, dv.metric);
        if (ss) score_row(ed, tb, stage_title(m, s.id), ss, min_n);
        for (const Card& c : m.cards) {
          if (c.stage != s.id) continue;
          const ScoreSummary* cs = find_score(a, c.id, 0, dv.metric);
          if (cs) score_row(ed, tb, "   " + card_title(m, c.id), cs, min_n);
        }
      }
      for (const Persona& p : m.personas) {
        const ScoreSummary* ps = find_score(a, 0, 0, dv.metric, p.id);
        if (ps) score_row(ed, tb, TFX("data.persona_row", {{"name", p.name}}), ps, min_n);
      }
    }
  }
  // Trend over the whole map by period.
  if (!a.periods.empty()) {
    heading(ed, m.data.settings.trend_by == "week" ? "data.trend_week" : "data.trend_month");
    std::vector<double> v;
    std::vector<bool> has;
    double lo = 1e18, hi = -1e18;
    for (const std::string& p : a.periods) {
      const ScoreSummary* s = find_score(a, 0, 0, dv.metric, 0, p);
      bool ok = s && s->shown;
      v.push_back(ok ? s->value : 0);
      has.push_back(ok);
      if (ok) { lo = std::min(lo, s->lo); hi = std::max(hi, s->hi); lo = std::min(lo, s->value); hi = std::max(hi, s->value); }
    }
    if (nps) { lo = std::min(lo, -20.0); hi = std::max(hi, 20.0); }
    if (lo > hi) { lo = 0; hi = 1; }
    line_chart(ed, a.periods, v, has, lo, hi, 120 * u);
    Table tb("trend", {"data.col_period", "data.col_n", "data.col_value", "data.col_ci"});
    if (tb.open)
      for (const std::string& p : a.periods) {
        const ScoreSummary* s = find_score(a, 0, 0, dv.metric, 0, p);
        if (!s) continue;
        tb.row();
        tb.cell(0, p);
        tb.cell(1, count_text(s->n));
        tb.cell(2, data_score_cell(*s, min_n), s->shown ? 0 : ed.theme.text_muted);
        if (s->shown) tb.cell(3, nps ? signed_num(s->lo) + " … " + signed_num(s->hi) : num(s->lo, 1) + " … " + num(s->hi, 1), ed.theme.text_muted);
      }
  }
}

// ---- Funnel ---------------------------------------------------------------------------------------------

static void settings_changed(Editor& ed, Doc& doc, const DataSettings& s) {
  set_data_settings(doc, s);
  (void)ed;
}

static void tab_funnel(Editor& ed, Doc& doc) {
  const DataLayer& d = doc.map.data;
  DataSettings s = d.settings;
  float u = ed.ui;
  bool changed = false;
  heading(ed, "data.funnel_settings");
  ImGui::BeginDisabled(doc.read_only);
  {
    bool stages = s.funnel_over != "cards";
    if (ui_radio("data.over_stages", stages) && !stages) { s.funnel_over = "stages"; s.funnel_steps.clear(); changed = true; }
    ImGui::SameLine();
    if (ui_radio("data.over_cards", !stages) && stages) { s.funnel_over = "cards"; s.funnel_steps.clear(); changed = true; }
  }
  static const char* const kOrders[] = {"data.order_ordered", "data.order_strict", "data.order_any"};
  float cw = std::min(220 * u, ImGui::GetContentRegionAvail().x);
  ui_text(T("data.order"));
  int o = key_combo("##data.order", kOrders, 3, (int)s.funnel.order, cw);
  if (o >= 0 && o != (int)s.funnel.order) { s.funnel.order = (FunnelOrder)o; changed = true; }
  int days = (int)(s.funnel.window_ms / 86400000LL);
  ui_text(T("data.window_days"));
  ImGui::SetNextItemWidth(cw);
  if (ImGui::SliderInt("##data.window", &days, 0, 90, days == 0 ? T("data.no_limit") : "%d")) { s.funnel.window_ms = (int64_t)days * 86400000LL; changed = true; }
  ui_record("data.window");
  if (ui_checkbox("data.open_funnel", &s.funnel.open)) changed = true;
  bool session = s.unit == "session";
  if (ui_radio("data.unit_person", !session) && session) { s.unit = "person"; changed = true; }
  ImGui::SameLine();
  if (ui_radio("data.unit_session", session) && !session) { s.unit = "session"; changed = true; }
  // Steps: stages in the map's order, or chosen cards in an order the user sets.
  if (s.funnel_over == "cards") {
    heading(ed, "data.steps");
    int remove = -1, up = -1;
    for (size_t i = 0; i < s.funnel_steps.size(); i++) {
      ImGui::PushID((int)i);
      ButtonRow row(6 * u);
      std::string label = std::string(U(std::to_string(i + 1) + ". " + card_title(doc.map, s.funnel_steps[i]))) + "###step";
      row.button(label.c_str(), "data.step");
      if (i > 0 && row.button(T("data.move_up"), "data.move_up")) up = (int)i;
      if (row.button(T("data.remove"), "data.remove_step")) remove = (int)i;
      ImGui::PopID();
    }
    if (remove >= 0) { s.funnel_steps.erase(s.funnel_steps.begin() + remove); changed = true; }
    if (up > 0) { std::swap(s.funnel_steps[(size_t)up], s.funnel_steps[(size_t)up - 1]); changed = true; }
    Id add = card_combo(ed, doc, "data.add_step", kNoId, cw);
    if (add) { s.funnel_steps.push_back(add); changed = true; }
  }
  ImGui::EndDisabled();
  if (changed && !doc.read_only) settings_changed(ed, doc, s);
  ImGui::Spacing();
  {
    ButtonRow row(8 * u);
    ImGui::BeginDisabled(busy(ed.data) || !has_rows(ed.data) || doc.read_only);
    if (row.key("data.recompute")) request_op("compute");
    ImGui::EndDisabled();
  }
  const FunnelResult& f = d.aggregates.funnel;
  heading(ed, "data.funnel_result");
  if (f.steps.empty()) { muted(ed, TX("data.no_funnel")); return; }
  ui_text(U(TPX("data.n_units", f.units)), ed.theme.text_muted);
  {
    std::vector<std::string> labels, texts;
    std::vector<double> values;
    for (const FunnelStepResult& st : f.steps) {
      labels.push_back(st.label);
      values.push_back((double)st.count);
      texts.push_back(count_text(st.count) + " · " + pct(st.overall_conversion));
    }
    bar_chart(ed, labels, values, texts, ed.theme.accent);
  }
  Table tb("funnel", {"data.col_step", "data.col_count", "data.col_step_conv", "data.col_overall", "data.col_dropoff", "data.col_median", "data.col_p90"});
  if (tb.open)
    for (size_t i = 0; i < f.steps.size(); i++) {
      const FunnelStepResult& st = f.steps[i];
      tb.row();
      tb.cell(0, st.label);
      tb.cell(1, count_text(st.count));
      tb.cell(2, pct(st.step_conversion, 1));
      tb.cell(3, pct(st.overall_conversion, 1));
      tb.cell(4, i ? count_text(st.dropoff) : "-", st.dropoff ? ed.theme.negative : 0);
      tb.cell(5, i ? duration_text(st.median_ms) : "-");
      tb.cell(6, i ? duration_text(st.p90_ms) : "-");
    }
}

// ---- Paths: a Sankey drawn with the draw list, then the directly-follows edges ------------------------

static void sankey_chart(Editor& ed, const Sankey& sk, float height) {
  float u = ed.ui, w = ImGui::GetContentRegionAvail().x;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  bool rtl = ui_rtl();
  int cols = 0;
  for (const SankeyNode& n : sk.nodes) cols = std::max(cols, n.column + 1);
  if (cols == 0) { ImGui::Dummy(ImVec2(w, 1)); return; }
  float bar = 10 * u, gap = 6 * u, label_room = std::min(150 * u, w / (cols + 1));
  float span = w - bar - label_room;
  std::vector<int64_t> col_total((size_t)cols, 0);
  std::vector<int> col_count((size_t)cols, 0);
  for (const SankeyNode& n : sk.nodes) { col_total[(size_t)n.column] += n.count; col_count[(size_t)n.column]++; }
  double scale = 1e18;
  for (int c = 0; c < cols; c++)
    if (col_total[(size_t)c] > 0) scale = std::min(scale, (double)(height - gap * (col_count[(size_t)c] - 1)) / (double)col_total[(size_t)c]);
  if (scale > 1e17) scale = 0;
  // Node rectangles, stacked per column in the order given.
  std::vector<ImRect> r(sk.nodes.size());
  std::vector<float> next_y((size_t)cols, p.y);
  for (size_t i = 0; i < sk.nodes.size(); i++) {
    const SankeyNode& n = sk.nodes[i];
    float x = cols > 1 ? span * (float)n.column / (float)(cols - 1) : 0;
    float x0 = rtl ? p.x + w - x - bar : p.x + x;
    float h = std::max(2.0f * u, (float)(n.count * scale));
    float& y = next_y[(size_t)n.column];
    r[i] = ImRect(ImVec2(x0, y), ImVec2(x0 + bar, y + h));
    y += h + gap;
  }
  // Links as bands: out of the source's far side, into the target's near side, stacked in order.
  std::vector<float> out_off(sk.nodes.size(), 0), in_off(sk.nodes.size(), 0);
  // A band is a strip of quads: without anti-aliased edges between them (they would show as seams).
  ImDrawListFlags flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (const SankeyLink& l : sk.links) {
    if (l.from < 0 || l.to < 0 || (size_t)l.from >= r.size() || (size_t)l.to >= r.size()) continue;
    float th = (float)(l.count * scale);
    const ImRect& a = r[(size_t)l.from];
    const ImRect& b = r[(size_t)l.to];
    float ax = rtl ? a.Min.x : a.Max.x, bx = rtl ? b.Max.x : b.Min.x;
    float ay = a.Min.y + out_off[(size_t)l.from], by = b.Min.y + in_off[(size_t)l.to];
    out_off[(size_t)l.from] += th;
    in_off[(size_t)l.to] += th;
    const SankeyNode& tn = sk.nodes[(size_t)l.to];
    ImU32 col = tn.exit ? (ed.theme.dark ? IM_COL32(255, 255, 255, 24) : IM_COL32(15, 23, 42, 18)) : series_colour(l.from, 0.30f);
    const int seg = 16;
    ImVec2 prev_t, prev_b;
    for (int sgi = 0; sgi <= seg; sgi++) {
      float t = (float)sgi / seg, s = t * t * (3 - 2 * t);   // smoothstep: an S-shaped band
      float x = ax + (bx - ax) * t, yt = ay + (by - ay) * s;
      ImVec2 pt(x, yt), pb(x, yt + std::max(th, 1.0f));
      if (sgi > 0) dl->AddQuadFilled(prev_t, pt, pb, prev_b, col);
      prev_t = pt;
      prev_b = pb;
    }
  }
  dl->Flags = flags;
  for (size_t i = 0; i < sk.nodes.size(); i++) {
    const SankeyNode& n = sk.nodes[i];
    ImU32 col = n.exit ? ed.theme.text_faint : n.other ? ed.theme.text_muted : series_colour((int)i);
    dl->AddRectFilled(r[i].Min, r[i].Max, col, 2 * u);
    float fs = 12 * u;
    if (r[i].GetHeight() < fs * kEm * 0.8f && n.count * scale < 4 * u) continue;
    std::string label = (n.exit ? TX("data.exit") : n.other ? TX("data.other") : n.label) + " " + count_text(n.count);
    // Beside the bar on its far side (the room after the last column is kept for its labels).
    float lx = rtl ? r[i].Min.x - 4 * u - label_room : r[i].Max.x + 4 * u, align = rtl ? 1.0f : 0.0f;
    float ty = r[i].Min.y + std::max(0.0f, (r[i].GetHeight() - fs * kEm) * 0.5f);
    draw_text_fit(dl, ed.font_ui, fs, ImVec2(lx, ty), label_room, ed.theme.text, label, align);
  }
  ImGui::Dummy(ImVec2(w, height + 8 * u));
}

static void tab_paths(Editor& ed, Doc& doc) {
  const DataAggregates& a = doc.map.data.aggregates;
  float u = ed.ui;
  if (a.sankey.nodes.empty() && a.dfg.edges.empty()) { muted(ed, TX("data.no_paths")); return; }
  heading(ed, "data.flow");
  ui_text(U(TPX("data.n_sequences", a.sankey.sequences)), ed.theme.text_muted);
  ImGui::Spacing();
  sankey_chart(ed, a.sankey, std::max(160 * u, std::min(300 * u, ImGui::GetContentRegionAvail().y - 40 * u)));
  heading(ed, "data.dfg");
  Table tb("dfg", {"data.col_from", "data.col_to", "data.col_count", "data.col_median"});
  if (tb.open)
    for (size_t i = 0; i < a.dfg.edges.size() && i < 40; i++) {
      const DfgEdge& e = a.dfg.edges[i];
      tb.row();
      tb.cell(0, e.from);
      tb.cell(1, e.to);
      tb.cell(2, count_text(e.count));
      tb.cell(3, duration_text(e.median_ms));
    }
}

// ---- Attribution -----------------------------------------------------------------------------------------

static std::string model_name(const std::string& key) {
  std::string k = "data.model." + key;
  return i18n().has("en", k) ? TX(k.c_str()) : key;
}

static void tab_attribution(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  const DataAggregates& a = doc.map.data.aggregates;
  float u = ed.ui;
  if (a.attribution.empty()) { muted(ed, TX("data.no_attribution")); return; }
  if (dv.attribution >= (int)a.attribution.size()) dv.attribution = -1;
  ImGui::SetNextItemWidth(std::min(260 * u, ImGui::GetContentRegionAvail().x));
  std::string preview = dv.attribution < 0 ? TX("data.side_by_side") : model_name(a.attribution[(size_t)dv.attribution].model);
  if (ui_rtl()) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - std::min(260 * u, ImGui::GetContentRegionAvail().x)));
  if (ui_begin_combo("##data.model", U(preview))) {
    if (ui_selectable(T("data.side_by_side"), "side", dv.attribution < 0)) dv.attribution = -1;
    for (size_t i = 0; i < a.attribution.size(); i++) {
      ImGui::PushID((int)i);
      if (ui_selectable(U(model_name(a.attribution[i].model)), "m", dv.attribution == (int)i)) dv.attribution = (int)i;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ui_record("data.model");
  // Channels: the union over the models, in the first model's order (sorted by name).
  std::vector<std::string> channels;
  for (const AttributionResult& r : a.attribution)
    for (const ChannelCredit& c : r.channels)
      if (std::find(channels.begin(), channels.end(), c.channel) == channels.end()) channels.push_back(c.channel);
  auto credit = [](const AttributionResult& r, const std::string& ch) -> const ChannelCredit* {
    for (const ChannelCredit& c : r.channels) if (c.channel == ch) return &c;
    return nullptr;
  };
  if (dv.attribution >= 0) {
    const AttributionResult& r = a.attribution[(size_t)dv.attribution];
    ui_text(U(TFX("data.attr_total", {{"conv", num(r.total_conversions, 1)}, {"value", num(r.total_value, 0)}})), ed.theme.text_muted);
    std::vector<std::string> labels, texts;
    std::vector<double> values;
    for (const std::string& ch : channels) {
      const ChannelCredit* c = credit(r, ch);
      labels.push_back(ch);
      values.push_back(c ? c->conversions : 0);
      texts.push_back(c ? num(c->conversions, 1) + " · " + pct(c->share) : "0");
    }
    bar_chart(ed, labels, values, texts, ed.theme.accent);
    {
      Table tb("attr_one", {"data.col_channel", "data.col_conversions", "data.col_share", "data.col_value_attr"});
      if (tb.open)
        for (const std::string& ch : channels) {
          const ChannelCredit* c = credit(r, ch);
          tb.row();
          tb.cell(0, ch);
          tb.cell(1, c ? num(c->conversions, 2) : "0");
          tb.cell(2, c ? pct(c->share, 1) : "0%");
          tb.cell(3, c ? num(c->value, 0) : "0");
        }
    }
    for (const RowIssue& is : r.rejected) ui_text_wrapped(TFX("data.attr_rejected", {{"line", std::to_string(is.line)}, {"reason", reason_text(is.reason)}}), ed.theme.text_muted);
    return;
  }
  // Side by side: grouped bars (share per channel, one colour per model), then the table.
  {
    float w = ImGui::GetContentRegionAvail().x, row_h = 6 * u * (float)a.attribution.size() + 10 * u;
    float label_w = std::min(160 * u, w * 0.3f), room = w - label_w - 12 * u;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    bool rtl = ui_rtl();
    for (size_t ci = 0; ci < channels.size(); ci++) {
      float y = p.y + ci * row_h;
      float fs = 12.5f * u;
      if (!rtl) draw_text_fit(dl, ed.font_ui, fs, ImVec2(p.x, y + (row_h - fs * kEm) * 0.5f), label_w - 8 * u, ed.theme.text, channels[ci], 0);
      else draw_text_fit(dl, ed.font_ui, fs, ImVec2(p.x + w - label_w + 8 * u, y + (row_h - fs * kEm) * 0.5f), label_w - 8 * u, ed.theme.text, channels[ci], 1);
      for (size_t mi = 0; mi < a.attribution.size(); mi++) {
        const ChannelCredit* c = credit(a.attribution[mi], channels[ci]);
        float bw = c ? (float)std::clamp(c->share, 0.0, 1.0) * room : 0;
        float by = y + 5 * u + mi * 6 * u;
        float bx = rtl ? p.x + w - label_w - bw : p.x + label_w;
        dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, by + 5 * u), series_colour((int)mi));
      }
    }
    ImGui::Dummy(ImVec2(w, channels.size() * row_h + 6 * u));
    // Legend: a swatch and the model's name, wrapping.
    ButtonRow row(10 * u);
    for (size_t mi = 0; mi < a.attribution.size(); mi++) {
      std::string label = std::string(U(model_name(a.attribution[mi].model))) + "###legend" + std::to_string(mi);
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(series_colour((int)mi, 0.18f)));
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ed.theme.text));
      if (row.button(label.c_str(), "data.legend")) dv.attribution = (int)mi;
      ImGui::PopStyleColor(2);
    }
  }
  ImGui::Spacing();
  int nm = (int)a.attribution.size();
  ImGuiTableFlags fl = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("attr_all", nm + 1, fl, ImVec2(0, (channels.size() + 2) * ImGui::GetFrameHeightWithSpacing()))) {
    auto col_at = [&](int i) { return ui_rtl() ? nm - i : i; };
    for (int i = 0; i <= nm; i++) {
      int li = ui_rtl() ? nm - i : i;
      ImGui::TableSetupColumn(li == 0 ? T("data.col_channel") : U(model_name(a.attribution[(size_t)li - 1].model)));
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i <= nm; i++) {
      ImGui::TableSetColumnIndex(col_at(i));
      ui_text(i == 0 ? T("data.col_channel") : U(model_name(a.attribution[(size_t)i - 1].model)), ed.theme.text_muted);
    }
    for (const std::string& ch : channels) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(col_at(0));
      ui_text(U(ch));
      for (int i = 1; i <= nm; i++) {
        ImGui::TableSetColumnIndex(col_at(i));
        const ChannelCredit* c = credit(a.attribution[(size_t)i - 1], ch);
        ui_text(U(c ? num(c->conversions, 1) : "0"));
      }
    }
    ImGui::EndTable();
  }
}

// ---- People ----------------------------------------------------------------------------------------------

static std::string date_text(int64_t ms) {
  time_t t = (time_t)(ms / 1000);
  struct tm tmv;
  gmtime_r(&t, &tmv);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%d %H:%M", &tmv);
  return b;
}

std::string data_person_summary(const PersonJourney& p) {
  std::string s = p.person;
  if (p.has_score) s += " · " + TFX("data.experience", {{"score", num(p.experience_score)}});
  if (p.has_trend) s += " · " + TFX("data.trend_30d", {{"delta", signed_num(p.trend_per_30d)}});
  return s;
}

static void tab_people(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  float u = ed.ui;
  if (!has_rows(dv)) { muted(ed, TX("data.people_need_rows")); return; }
  if (!dv.people_asked) { dv.people_asked = true; request_op("people"); }
  bool narrow = ImGui::GetContentRegionAvail().x < 560 * u;
  float list_w = narrow ? ImGui::GetContentRegionAvail().x : 220 * u;
  float list_h = narrow ? 140 * u : std::max(120 * u, ImGui::GetContentRegionAvail().y - 4 * u);
  auto list = [&] {
    ImGui::BeginChild("people_list", ImVec2(list_w, list_h), true);
    if (dv.people.empty()) muted(ed, TX("data.loading_people"));
    for (size_t i = 0; i < dv.people.size(); i++) {
      ImGui::PushID((int)i);
      bool sel = dv.person.person == dv.people[i];
      if (ui_selectable(U(dv.people[i]), "person", sel)) {
        dv.person_pick = dv.people[i];
        request(json{{"op", "person"}, {"id", dv.people[i]}});
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
  };
  auto detail = [&] {
    ImGui::BeginChild("person_detail", ImVec2(0, narrow ? 0 : list_h), false);
    const PersonJourney& p = dv.person;
    if (p.person.empty()) { muted(ed, TX("data.pick_person")); ImGui::EndChild(); return; }
    ImGui::PushFont(ed.font_bold);
    ui_text(U(data_person_summary(p)));
    ImGui::PopFont();
    {
      ButtonRow row(8 * u);
      if (row.key(dv.person_shown ? "data.hide_on_map" : "data.show_on_map")) dv.person_shown = !dv.person_shown;
    }
    {   // the table ends before the child does
    Table tb("journey", {"data.col_n", "data.col_time", "data.col_what", "data.col_where", "data.col_score", "data.col_comment"});
    if (tb.open)
      for (size_t i = 0; i < p.entries.size(); i++) {
        const PersonEntry& e = p.entries[i];
        tb.row();
        tb.cell(0, std::to_string(i + 1));
        tb.cell(1, date_text(e.ts_ms));
        tb.cell(2, e.response ? metric_label(e.label) : e.label + (e.channel.empty() ? "" : " · " + e.channel));
        tb.cell(3, e.card ? card_title(doc.map, e.card) : e.stage ? stage_title(doc.map, e.stage) : TX("data.unmapped_short"),
                e.card || e.stage ? 0 : ed.theme.text_muted);
        if (e.response) tb.cell(4, std::to_string(e.score));
        if (!e.comment.empty()) tb.cell(5, e.comment);
      }
    }
    ImGui::EndChild();
  };
  if (narrow) { list(); detail(); return; }
  // Side by side: the list on the reading-start side.
  if (!ui_rtl()) { list(); ImGui::SameLine(); detail(); }
  else {
    float x0 = ImGui::GetCursorPosX(), avail = ImGui::GetContentRegionAvail().x, y = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(x0 + avail - list_w, y));
    list();
    ImGui::SetCursorPos(ImVec2(x0, y));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(avail - list_w - 8 * u);
    ImGui::BeginChild("person_wrap", ImVec2(avail - list_w - 8 * u, list_h), false);
    detail();
    ImGui::EndChild();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
  }
}

// ---- Rules ---------------------------------------------------------------------------------------------

static const char* const kRuleKinds[] = {"data.rule_latest_at_least", "data.rule_category_drop", "data.rule_fall_by"};
static const char* const kRuleKindKeys[] = {"latest_at_least", "category_drop", "fall_by"};
static const char* const kActions[] = {"data.action_advocacy", "data.action_outreach"};
static const char* const kActionKeys[] = {"advocacy", "outreach"};

static void tab_rules(Editor& ed, Doc& doc) {
  DataView& dv = ed.data;
  float u = ed.ui;
  std::vector<DataRule> rules = doc.map.data.rules;
  bool changed = false;
  muted(ed, TX("data.rules_lead"));
  ImGui::BeginDisabled(doc.read_only);
  int remove = -1;
  float cw = std::min(200 * u, ImGui::GetContentRegionAvail().x * 0.3f);
  for (size_t i = 0; i < rules.size(); i++) {
    DataRule& r = rules[i];
    ImGui::PushID((int)i);
    int kind = 0;
    for (int k = 0; k < 3; k++) if (r.kind == kRuleKindKeys[k]) kind = k;
    int action = r.action == "outreach" ? 1 : 0;
    ImGui::Separator();
    ui_text(U(r.name.empty() ? TX(kRuleKinds[kind]) : r.name), ed.theme.text);
    int nk = key_combo("##kind", kRuleKinds, 3, kind, cw);
    if (nk >= 0 && nk != kind) { r.kind = kRuleKindKeys[nk]; r.name.clear(); changed = true; }
    ImGui::SameLine();
    static const char* const kMetrics[] = {"data.metric_nps", "data.metric_csat", "data.metric_ces"};
    static const char* const kMetricKeys[] = {"nps", "csat", "ces"};
    int mi = r.metric == "csat" ? 1 : r.metric == "ces" ? 2 : 0;
    if (r.kind != "category_drop") {
      int nm = key_combo("##metric", kMetrics, 3, mi, cw * 0.6f);
      if (nm >= 0 && nm != mi) { r.metric = kMetricKeys[nm]; changed = true; }
      ImGui::SameLine();
      float th = (float)r.threshold;
      ImGui::SetNextItemWidth(cw * 0.7f);
      if (ImGui::SliderFloat("##threshold", &th, 0, 10, "%.0f")) { r.threshold = std::round(th); changed = true; }
      ImGui::SameLine();
    }
    int na = key_combo("##action", kActions, 2, action, cw * 0.8f);
    if (na >= 0 && na != action) { r.action = kActionKeys[na]; changed = true; }
    ImGui::SameLine();
    if (ImGui::SmallButton(TL("data.remove"))) remove = (int)i;
    ImGui::PopID();
  }
  if (remove >= 0) { rules.erase(rules.begin() + remove); changed = true; }
  ImGui::Spacing();
  {
    ButtonRow row(8 * u);
    if (rules.empty() && row.key("data.suggested_rules")) { rules = default_rules(); changed = true; }
    if (row.key("data.add_rule")) {
      DataRule r;
      r.id = "r" + std::to_string(rules.size() + 1) + "_" + std::to_string((long long)platform::now_ms() % 100000);
      r.kind = "latest_at_least";
      r.threshold = 9;
      r.action = "advocacy";
      rules.push_back(r);
      changed = true;
    }
    ImGui::EndDisabled();
    ImGui::BeginDisabled(!has_rows(dv) || rules.empty());
    if (row.key("data.evaluate_rules")) { dv.firings_asked = true; request_op("rules"); }
    ImGui::EndDisabled();
    ImGui::BeginDisabled(doc.read_only);
  }
  ImGui::EndDisabled();
  if (changed && !doc.read_only) set_data_rules(doc, rules);
  heading(ed, "data.firings");
  if (!doc.map.data.aggregates.empty()) ui_text(U(TPX("data.n_fired", doc.map.data.aggregates.rules_fired)), ed.theme.text_muted);
  if (dv.firings.empty()) { muted(ed, TX(dv.firings_asked ? "data.no_firings" : "data.firings_hint")); return; }
  Table tb("firings", {"data.col_person", "data.col_rule", "data.col_action", "data.col_time", "data.col_detail"});
  if (tb.open)
    for (size_t i = 0; i < dv.firings.size() && i < 500; i++) {
      const RuleFiring& f = dv.firings[i];
      std::string rule = f.rule;
      for (const DataRule& r : doc.map.data.rules)
        if (r.id == f.rule) rule = r.name.empty() ? TX(r.kind == "category_drop" ? kRuleKinds[1] : r.kind == "fall_by" ? kRuleKinds[2] : kRuleKinds[0]) : r.name;
      tb.row();
      tb.cell(0, f.person);
      tb.cell(1, rule);
      tb.cell(2, f.action == "advocacy" ? TX(kActions[0]) : f.action == "outreach" ? TX(kActions[1]) : f.action);
      tb.cell(3, f.ts_ms ? date_text(f.ts_ms) : "");
      tb.cell(4, f.detail, ed.theme.text_muted);
    }
}

// ---- The panel -----------------------------------------------------------------------------------------

void data_panel_draw(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size) {
  float u = ed.ui;
  // The title line: "Data" on the reading side, the close cross at the far end.
  {
    float avail = ImGui::GetContentRegionAvail().x, bs = 26 * u;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float fs = ed.font_title->FontSize * 0.8f;
    const char* title = T("data.title");
    float tw = ed.font_title->CalcTextSizeA(fs, FLT_MAX, 0, title).x;
    dl->AddText(ed.font_title, fs, ImVec2(ui_rtl() ? p.x + avail - tw : p.x, p.y + (bs - fs) * 0.5f), ed.theme.text, title);
    ImGui::SetCursorScreenPos(ImVec2(ui_rtl() ? p.x : p.x + avail - bs, p.y));
    if (ImGui::InvisibleButton("##data_close", ImVec2(bs, bs))) ed.panels.bottom = BottomPanel::None;
    ui_record("data.close");
    bool hov = ImGui::IsItemHovered();
    ImVec2 c(ImGui::GetItemRectMin().x + bs * 0.5f, ImGui::GetItemRectMin().y + bs * 0.5f);
    float r = bs * 0.2f;
    ImU32 col = hov ? ed.theme.text : ed.theme.text_muted;
    dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, 1.5f * u);
    dl->AddLine(ImVec2(c.x + r, c.y - r), ImVec2(c.x - r, c.y + r), col, 1.5f * u);
    if (hov) ImGui::SetTooltip("%s", T("panel.close"));
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + bs + 4 * u));
  }
  tab_strip(ed);
  ImGui::BeginChild("data_tab", ImVec2(0, 0), false);
  switch (ed.data.tab) {
    case 0: tab_sources(ed, doc); break;
    case 1: tab_mapping(ed, doc); break;
    case 2: tab_scores(ed, doc); break;
    case 3: tab_funnel(ed, doc); break;
    case 4: tab_paths(ed, doc); break;
    case 5: tab_attribution(ed, doc); break;
    case 6: tab_people(ed, doc); break;
    default: tab_rules(ed, doc); break;
  }
  ImGui::EndChild();
  (void)pos; (void)size;
}

void data_view_menu(Editor& ed, Doc& doc) {
  bool narrow = ImGui::GetIO().DisplaySize.x < 760 * ed.ui;
  if (ui_menu_key("data.menu", nullptr, ed.panels.bottom == BottomPanel::Data)) {
    ed.panels.bottom = ed.panels.bottom == BottomPanel::Data ? BottomPanel::None : BottomPanel::Data;
    if (narrow && ed.panels.bottom != BottomPanel::None) ed.panels.side = SidePanel::None;
  }
  if (ui_menu_key("data.menu_overlay", nullptr, ed.data.overlay, !doc.map.data.aggregates.empty() || ed.data.person_shown))
    ed.data.overlay = !ed.data.overlay;
}

// The status bar's data item: the worker's progress while it runs, else how much data the map
// has; a click opens the panel.
float data_status_item(Editor& ed, Doc& doc, ImDrawList* dl, ImVec2 pos, float height, bool draw) {
  DataView& dv = ed.data;
  const DataAggregates& a = doc.map.data.aggregates;
  float u = ed.ui;
  std::string text;
  if (busy(dv)) text = TFX("data.status_busy", {{"pct", pct(dv.progress)}});
  else if (!a.empty()) text = TFX("data.status_people", {{"people", count_text(a.people)}, {"answers", count_text(a.responses)}});
  else return 0;
  float fs = 13 * u;
  float w = measure_text(ed.font_ui, fs, text.data(), text.data() + text.size()) + 26 * u;
  if (!draw) return w;
  ImGui::SetCursorScreenPos(pos);
  if (ImGui::InvisibleButton("##data_status", ImVec2(w, height))) {
    ed.panels.bottom = BottomPanel::Data;
    if (busy(dv)) ed.data.tab = 0;
  }
  ui_record("data.status");
  bool hov = ImGui::IsItemHovered();
  if (hov) ImGui::SetTooltip("%s", T("data.status_tip"));
  float h = 22 * u, y = pos.y + (height - h) * 0.5f;
  dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + w, y + h), hov ? ed.theme.accent_soft : (ed.theme.dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(15, 23, 42, 8)), h * 0.5f);
  if (busy(dv)) {
    float pw = (w - 4 * u) * (float)dv.progress;
    bool rtl = ui_rtl();
    float px = rtl ? pos.x + w - 2 * u - pw : pos.x + 2 * u;
    dl->AddRectFilled(ImVec2(px, y + h - 4 * u), ImVec2(px + pw, y + h - 2 * u), ed.theme.accent, 1 * u);
  }
  bool rtl = ui_rtl();
  float dot_x = rtl ? pos.x + w - 11 * u : pos.x + 11 * u;
  dl->AddCircleFilled(ImVec2(dot_x, y + h * 0.5f), 3.5f * u, busy(dv) ? ed.theme.accent : ed.theme.positive);
  draw_text_fit(dl, ed.font_ui, fs, ImVec2(rtl ? pos.x + 6 * u : pos.x + 20 * u, y + (h - fs * kEm) * 0.5f), w - 26 * u, ed.theme.text, text, rtl ? 1.0f : 0.0f);
  return w;
}

} // namespace jm

// ---- Entry points from the page ---------------------------------------------------------------------
#ifdef __EMSCRIPTEN__
extern "C" {
EMSCRIPTEN_KEEPALIVE void jm_data_status(const char* json) {
  jm::g_inbox.status.push_back(json ? json : "");
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_data_aggregates(const char* json) {
  jm::g_inbox.aggregates = json ? json : "";
  jm::g_inbox.has_aggregates = true;
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_data_people(const char* json) {
  jm::g_inbox.people = json ? json : "";
  jm::g_inbox.has_people = true;
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_data_person(const char* json) {
  jm::g_inbox.person = json ? json : "";
  jm::g_inbox.has_person = true;
  jm::platform::wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_data_rules(const char* json) {
  jm::g_inbox.rules = json ? json : "";
  jm::g_inbox.has_rules = true;
  jm::platform::wake(3);
}
}
#endif
