// export.cpp: the exporters of export.h (Markdown, CSV tables, Mermaid, SVG); the importers are in
// import.cpp, their shared helpers in export_util.h.
#include "core/export.h"
#include "core/export_util.h"
#include "core/csv.h"
#include "core/io.h"
#include "core/text.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <locale>
#include <sstream>
#include <unordered_map>

namespace jm {

using namespace xu;

namespace {


// ---- Markdown ----------------------------------------------------------------------------------

// One line of user text inside a paragraph, heading or list item. Backslash escapes (CommonMark
// allows one before any ASCII punctuation) for what would otherwise be read as emphasis, code,
// links, tables, entities or raw HTML; at the line start also for what would open a block
// (heading, quote, list item, setext underline).
std::string md_line(const std::string& raw) {
  std::string s = trim(raw), out;
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') digits++;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    bool block_start = i == 0 && (c == '#' || c == '>' || c == '-' || c == '+' || c == '=');
    bool ordered = digits > 0 && i == digits && (c == '.' || c == ')');
    // '&' only where it could start an entity ("&amp;", "&#35;"): "Thoughts & questions" stays.
    bool entity = c == '&' && i + 1 < s.size() && (std::isalnum((unsigned char)s[i + 1]) || s[i + 1] == '#');
    if (block_start || ordered || entity || (c && std::strchr("\\`*_[]<>|~", c))) out += '\\';
    out += (c == '\t' || c == '\r') ? ' ' : c;
  }
  return out;
}

// Multi-line user text: one md_line per line, joined by hard line breaks (a backslash at the end
// of the line), continuation lines indented to stay inside the list item or paragraph. Blank
// lines are dropped: they would end the list item.
std::string md_text(const std::string& text, const std::string& indent) {
  std::vector<std::string> lines;
  for (const std::string& l : split(text, '\n'))
    if (!trim(l).empty()) lines.push_back(md_line(l));
  std::string out;
  for (size_t i = 0; i < lines.size(); i++) {
    if (i) out += "\\\n" + indent;
    out += lines[i];
  }
  return out;
}

// A heading holds one line: line breaks become spaces.
std::string md_heading(const std::string& text) {
  std::string s = text;
  std::replace(s.begin(), s.end(), '\n', ' ');
  return md_line(s);
}

// ---- CSV ---------------------------------------------------------------------------------------


std::string csv_field(const std::string& raw, bool guard) {
  std::string s = guard && needs_formula_guard(raw) ? "'" + raw : raw;
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}


// ---- Mermaid -----------------------------------------------------------------------------------

enum MmKind { MmTitle, MmSection, MmTask, MmActor, MmDescr };

// Makes user text safe for one Mermaid journey statement (see export.h): the characters the
// journey grammar reserves become their fullwidth look-alikes, control characters spaces.
std::string mm_clean(const std::string& s, MmKind kind) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    bool colon = kind == MmSection || kind == MmTask || kind == MmActor;
    if ((unsigned char)c < 0x20 || c == 0x7F) out += ' ';
    else if (kind == MmDescr) out += c;  // an accDescr value runs to the end of the line
    else if (c == ':' && colon) out += "\xEF\xBC\x9A";       // U+FF1A
    else if (c == '#') out += "\xEF\xBC\x83";                // U+FF03
    else if (c == ';') out += "\xEF\xBC\x9B";                // U+FF1B
    else if (c == ',' && kind == MmActor) out += "\xEF\xBC\x8C";  // U+FF0C
    else if (c == '%' && i + 1 < s.size() && s[i + 1] == '%') out += "%\xEF\xBC\x85", i++;  // U+FF05
    else out += c;
  }
  return trim(out);
}


// Keywords the Mermaid lexer matches at the start of a statement before it tries a task name.
bool mm_starts_with_keyword(const std::string& s) {
  for (const char* k : {"journey", "title", "section", "acctitle", "accdescr"})
    if (starts_with_ci(s, k)) return true;
  return false;
}

std::string mm_task_name(const std::string& text) {
  std::string s = mm_clean(text, MmTask);
  if (s.empty()) return "(no text)";  // a task needs a name, or the line is not a task
  // A name that already starts with U+200B gets one more, so from_mermaid's removing exactly one
  // gives the text back unchanged.
  return mm_starts_with_keyword(s) || s.compare(0, 3, kZwsp) == 0 ? kZwsp + s : s;
}

std::string mm_score(float score) {
  float s = clamp_score(score);
  return shortest((double)s + 3.0, [s](double back) { return score_from_mermaid(back) == s; });
}


// ---- SVG ---------------------------------------------------------------------------------------


struct SvgWriter {
  std::string out;
  bool map_rtl = false;

  // One line of user text in the box [left, right]. SVG's text-anchor follows the text's
  // direction: with direction="rtl", "start" is the right edge. So every line is anchored at its
  // start, placed at the right edge when its paragraph is right-to-left; the direction attribute
  // is written only where it differs from the one inherited from the root.
  void line(float left, float right, float y, const std::string& s, bool rtl, const std::string& attrs = {}) {
    out += "<text x=\"" + num(rtl ? right : left) + "\" y=\"" + num(y) + "\"";
    if (rtl != map_rtl) out += rtl ? " direction=\"rtl\"" : " direction=\"ltr\"";
    out += attrs;
    out += ">" + xml_escape(s) + "</text>\n";
  }
  void rect(float x, float y, float w, float h, const std::string& attrs) {
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(0.0f, w)) + "\" height=\"" +
           num(std::max(0.0f, h)) + "\" " + attrs + "/>\n";
  }
};

} // namespace

// ---- Public ------------------------------------------------------------------------------------

std::string format_score(float v) {
  if (v == 0 || !std::isfinite(v)) return "0";
  return shortest((double)v, [v](double back) { return (float)back == v; });
}

double score_to_mermaid(float score) { return (double)clamp_score(score) + 3.0; }

float score_from_mermaid(double mermaid_score) {
  double s = std::min(5.0, std::max(1.0, mermaid_score));
  return clamp_score((float)(s - 3.0));
}

float approx_text_width(const char* b, const char* e) {
  float w = 0;
  for (const char* p = b; p < e; p++)
    if (((unsigned char)*p & 0xC0) != 0x80) w += 7.2f;
  return w;
}

std::string xml_escape(const std::string& s, bool keep_line_breaks) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    if (!next_cp(s, i, &cp)) { out += "\xEF\xBF\xBD"; continue; }  // U+FFFD
    if (keep_line_breaks && (cp == '\n' || cp == '\t')) { out += char(cp); continue; }
    if (keep_line_breaks && cp == '\r') { if (i >= s.size() || s[i] != '\n') out += '\n'; continue; }   // CRLF, CR: LF
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': case '\n': case '\r': out += ' '; break;
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) break;
        append_utf8(out, cp);
    }
  }
  return out;
}

namespace {

// Plain decimal notation (a metric of 80 reads "80", never "8e+01"), with as few decimals as give
// back the value, at most 10.
std::string fmt_number(double v) {
  if (v == 0 || !std::isfinite(v)) return "0";
  std::string s;
  for (int prec = 0; prec <= 10; prec++) {
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed;
    os.precision(prec);
    os << v;
    s = os.str();
    double back = 0;
    if (parse_number(s, &back) && back == v) break;
  }
  return s == "-0" ? "0" : s;
}

// "NPS: 45 (target 50, near)", "Response time: 4 min".
std::string metric_line(const Metric& x) {
  std::string unit = x.unit.empty() ? "" : (x.unit == "%" ? "%" : " " + x.unit);
  std::string out = (x.name.empty() ? metric_kind_info(x.kind).name : x.name) + ": ";
  out += x.value ? fmt_number(*x.value) + unit : std::string("no value yet");
  std::vector<std::string> about;
  if (x.target) about.push_back("target " + fmt_number(*x.target) + unit);
  MetricStatus st = metric_status(x);
  if (st == MetricStatus::OnTarget) about.push_back("on target");
  if (st == MetricStatus::Near) about.push_back("near target");
  if (st == MetricStatus::Off) about.push_back("off target");
  if (!x.date.empty()) about.push_back(x.date);
  if (!about.empty()) out += " (" + join(about, ", ") + ")";
  return out;
}

std::string comment_head(const Comment& c) {
  std::vector<std::string> who;
  if (!trim(c.author).empty()) who.push_back(c.author);
  if (!trim(c.time).empty()) who.push_back(c.time);
  return who.empty() ? "Note" : "Note (" + join(who, ", ") + ")";
}

// "observed, interview INT-07, 2024-05-02": how a piece of evidence was learnt and where from.
std::string evidence_about(const Evidence& e) {
  std::vector<std::string> about = {confidence_key(e.confidence), evidence_kind_key(e.kind)};
  if (!trim(e.source).empty()) about.back() += " " + e.source;
  if (!e.date.empty()) about.push_back(e.date);
  return join(about, ", ");
}

// "Owner: CX team; status: published; reviewed 2024-05-31; next review due 2024-11-30": empty for
// a map with no governance set (a draft without an owner or dates).
std::string governance_line(const MapMeta& meta) {
  std::vector<std::string> parts;
  if (!trim(meta.owner).empty()) parts.push_back("Owner: " + meta.owner);
  if (meta.status != MapStatus::Draft || !parts.empty()) {
    std::string st = map_status_key(meta.status);
    std::replace(st.begin(), st.end(), '_', ' ');
    parts.push_back("Status: " + st);
  }
  if (!meta.reviewed.empty()) parts.push_back("Reviewed: " + meta.reviewed);
  if (!meta.review_due.empty()) parts.push_back("Review due: " + meta.review_due);
  return join(parts, "; ");
}

std::string persona_name(const Map& m, Id id) {
  const Persona* p = persona_by_id(m, id);
  return p ? (p->name.empty() ? std::string("Persona") : p->name) : std::string();
}

void md_personas(const Map& m, std::string& out) {
  if (m.personas.empty()) return;
  out += "## Personas\n\n";
  for (const Persona& p : m.personas) {
    out += "- **" + md_heading(p.name.empty() ? std::string("Persona") : p.name) + "**";
    if (!trim(p.role).empty()) out += ", " + md_heading(p.role);
    out += "\n";
    if (!trim(p.quote).empty()) out += "  - \"" + md_text(p.quote, "    ") + "\"\n";
    for (const KeyValue& kv : p.demographics) out += "  - " + md_heading(kv.key) + ": " + md_heading(kv.value) + "\n";
    auto list = [&](const char* label, const std::vector<std::string>& v, bool channels) {
      if (v.empty()) return;
      std::vector<std::string> items;
      for (const std::string& s : v) items.push_back(md_heading(channels ? channel_name(s) : s));
      out += std::string("  - ") + label + ": " + join(items, "; ") + "\n";
    };
    list("Goals", p.goals, false);
    list("Needs", p.needs, false);
    list("Motivations", p.motivations, false);
    list("Frustrations", p.frustrations, false);
    list("Preferred channels", p.channels, true);
    list("Behaviours", p.behaviours, false);
  }
  out += "\n";
}

// Sub-items of a card (or lines under a stage) for what version 2 added.
void md_card_extras(const Map& m, const Card& c, std::string& out) {
  if (c.moment_of_truth) out += "  - Moment of truth\n";
  if (!trim(c.owner).empty()) out += "  - Owner: " + md_heading(c.owner) + "\n";
  if (!trim(c.device).empty()) out += "  - Device: " + md_heading(c.device) + "\n";
  if (!c.personas.empty()) {
    std::vector<std::string> names;
    for (Id id : c.personas) names.push_back(md_heading(persona_name(m, id)));
    out += "  - Personas: " + join(names, ", ") + "\n";
  }
  if (!c.links.empty()) {
    std::vector<std::string> deps;
    for (Id id : c.links)
      if (const Card* d = card_by_id(m, id)) deps.push_back(md_heading(d->text.empty() ? "(empty card)" : d->text));
    out += "  - Depends on: " + join(deps, "; ") + "\n";
  }
  for (const Metric& x : c.metrics) out += "  - " + md_heading(metric_line(x)) + "\n";
  for (const Comment& x : c.comments) out += "  - " + md_heading(comment_head(x)) + ": " + md_text(x.text, "    ") + "\n";
  if (!trim(c.journey).empty()) out += "  - Opens the journey: " + md_heading(c.journey) + "\n";
  for (const Evidence& e : c.evidence)
    out += "  - Evidence (" + md_heading(evidence_about(e)) + ")" +
           (trim(e.quote).empty() ? std::string() : ": \"" + md_text(e.quote, "    ") + "\"") + "\n";
}

void md_actions(const Map& m, std::string& out) {
  if (m.actions.empty()) return;
  out += "## Opportunities and actions\n\n";
  static const char* const status[] = {"idea", "planned", "in progress", "done"};
  for (const Action& a : m.actions) {
    std::vector<std::string> about;
    about.push_back(a.kind == ActionKind::ActionItem ? "action item" : "opportunity");
    about.push_back(status[(size_t)a.status < 4 ? (size_t)a.status : 0]);
    about.push_back(std::string(priority_key(a.priority)) + " priority");
    out += "- **" + md_heading(a.title.empty() ? std::string("(untitled)") : a.title) + "** (" + join(about, ", ") + ")\n";
    std::vector<std::string> who;
    if (!trim(a.owner).empty()) who.push_back("Owner: " + md_heading(a.owner));
    if (!trim(a.team).empty()) who.push_back("Team: " + md_heading(a.team));
    if (!a.due.empty()) who.push_back("Due: " + md_heading(a.due));
    if (a.impact) who.push_back("Impact: " + std::to_string(a.impact) + "/5");
    if (a.effort) who.push_back("Effort: " + std::to_string(a.effort) + "/5");
    if (!who.empty()) out += "  - " + join(who, "; ") + "\n";
    if (!trim(a.description).empty()) out += "  - " + md_text(a.description, "    ") + "\n";
    if (!a.cards.empty()) {
      std::vector<std::string> texts;
      for (Id id : a.cards)
        if (const Card* c = card_by_id(m, id)) texts.push_back(md_heading(c->text.empty() ? "(empty card)" : c->text));
      out += "  - Addresses: " + join(texts, "; ") + "\n";
    }
  }
  out += "\n";
}

} // namespace

std::string to_markdown(const Map& m) {
  Cells cells(m);
  std::string out = "# " + (m.meta.title.empty() ? std::string("Untitled journey") : md_heading(m.meta.title)) + "\n\n";
  std::string governance = governance_line(m.meta);
  if (!governance.empty()) out += md_heading(governance) + "\n\n";
  if (!trim(m.meta.goal).empty()) out += "**Goal:** " + md_text(m.meta.goal, "") + "\n\n";
  if (!trim(m.meta.description).empty()) out += md_text(m.meta.description, "") + "\n\n";
  md_personas(m, out);
  bool two_states = has_future_state(m);
  for (size_t si = 0; si < m.stages.size(); si++) {
    const Stage& st = m.stages[si];
    std::string prefix = !two_states ? "" : st.state == JourneyState::Future ? "Future state: " : "Current state: ";
    out += "## " + md_heading(prefix + stage_title(m, si)) + "\n\n";
    if (!trim(st.description).empty()) out += md_text(st.description, "") + "\n\n";
    if (!trim(st.notes).empty()) out += "**Speaker notes:** " + md_text(st.notes, "") + "\n\n";
    if (!st.metrics.empty() || !st.comments.empty()) {
      for (const Metric& x : st.metrics) out += "- " + md_heading(metric_line(x)) + "\n";
      for (const Comment& x : st.comments) out += "- " + md_heading(comment_head(x)) + ": " + md_text(x.text, "  ") + "\n";
      out += "\n";
    }
    for (size_t li = 0; li < m.lanes.size(); li++) {
      const auto& cards = cells.at(si, li);
      if (cards.empty()) continue;
      const Lane& lane = m.lanes[li];
      out += "### " + md_heading(lane_title(lane)) + "\n\n";
      for (const Card* c : cards) {
        std::string text = md_text(c->text, "  ");
        if (lane.type == LaneType::Emotions) {
          std::string label = c->text;
          std::replace(label.begin(), label.end(), '\n', ' ');
          std::string whose = c->persona == kNoId ? "" : " (" + md_heading(persona_name(m, c->persona)) + ")";
          out += "- Feeling" + whose + ": " + signed_score(c->score) + (trim(label).empty() ? "" : " (" + md_line(label) + ")") + "\n";
        } else {
          std::string icon = c->icon.empty() ? "" : md_line(c->icon) + " ";
          out += "- " + icon + (text.empty() ? "(empty card)" : text) + "\n";
        }
        if (!c->channel.empty()) out += "  - Channel: " + md_line(channel_name(c->channel)) + "\n";
        if (!c->tags.empty()) {
          std::vector<std::string> tags;
          for (const std::string& t : c->tags) tags.push_back(md_heading(t));
          out += "  - Tags: " + join(tags, ", ") + "\n";
        }
        md_card_extras(m, *c, out);
      }
      out += "\n";
    }
  }
  md_actions(m, out);
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

// ---- Tables: the CSV exports and the spreadsheet's sheets -------------------------------------------

ExportCell ExportCell::num(double v, std::string shown) {
  ExportCell c(std::move(shown));
  c.number = v;
  return c;
}

ExportTable cards_table(const Map& m) {
  ExportTable t;
  t.name = "Cards";
  t.header = {"stage", "lane", "lane type", "text", "tags", "channel", "score", "backing", "evidence", "journey"};
  Cells cells(m);
  for (size_t si = 0; si < m.stages.size(); si++)
    for (size_t li = 0; li < m.lanes.size(); li++) {
      const Lane& lane = m.lanes[li];
      for (const Card* c : cells.at(si, li)) {
        bool scored = lane.type == LaneType::Emotions || c->score != 0;
        std::vector<std::string> evidence;
        for (const Evidence& e : c->evidence)
          evidence.push_back((trim(e.quote).empty() ? std::string() : "\"" + e.quote + "\" ") + "(" + evidence_about(e) + ")");
        t.rows.push_back({{m.stages[si].name}, {lane.name}, {lane_type_info(lane.type).key}, {c->text}, {join(c->tags, "; ")},
                          {c->channel}, scored ? ExportCell::num(c->score, format_score(c->score)) : ExportCell{},
                          {backing_key(card_backing(*c))}, {join(evidence, "; ")}, {c->journey}});
      }
    }
  return t;
}

ExportTable actions_table(const Map& m) {
  ExportTable t;
  t.name = "Actions";
  t.header = {"kind", "title", "status", "priority", "impact", "effort", "owner", "team", "due", "description", "cards", "card ids"};
  auto rating = [](int v) { return v ? ExportCell::num(v, std::to_string(v)) : ExportCell{}; };
  for (const Action& a : m.actions) {
    std::vector<std::string> texts, ids;
    for (Id id : a.cards)
      if (const Card* c = card_by_id(m, id)) {
        texts.push_back(c->text);
        ids.push_back(std::to_string(id));
      }
    t.rows.push_back({{action_kind_key(a.kind)}, {a.title}, {action_status_key(a.status)}, {priority_key(a.priority)},
                      rating(a.impact), rating(a.effort), {a.owner}, {a.team}, {a.due}, {a.description},
                      {join(texts, "; ")}, {join(ids, "; ")}});
  }
  return t;
}

ExportTable metrics_table(const Map& m) {
  ExportTable t;
  t.name = "Metrics";
  t.header = {"stage", "state", "card", "kind", "name", "value", "target", "unit", "status", "higher is better", "date"};
  auto number = [](const std::optional<double>& v) {
    return v ? ExportCell::num(*v, shortest(*v, [&](double back) { return back == *v; })) : ExportCell{};
  };
  auto row = [&](const Stage& s, const std::string& card, const Metric& x) {
    t.rows.push_back({{s.name}, {s.state == JourneyState::Future ? "future" : "current"}, {card},
                      {metric_kind_info(x.kind).key}, {x.name.empty() ? metric_kind_info(x.kind).name : x.name},
                      number(x.value), number(x.target), {x.unit}, {metric_status_key(metric_status(x))},
                      {x.higher_is_better ? "yes" : "no"}, {x.date}});
  };
  // By stage: the stage's own metrics, then its cards' by lane and order.
  Cells cells(m);
  for (size_t si = 0; si < m.stages.size(); si++) {
    for (const Metric& x : m.stages[si].metrics) row(m.stages[si], "", x);
    for (size_t li = 0; li < m.lanes.size(); li++)
      for (const Card* c : cells.at(si, li))
        for (const Metric& x : c->metrics) row(m.stages[si], c->text, x);
  }
  return t;
}

std::string table_to_csv(const ExportTable& t) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < t.header.size(); i++) out += (i ? "," : "") + csv_field(t.header[i], false);
  out += "\r\n";
  for (const auto& r : t.rows) {
    for (size_t i = 0; i < r.size(); i++) out += (i ? "," : "") + (r[i].number ? r[i].text : csv_field(r[i].text, true));
    out += "\r\n";
  }
  return out;
}

std::string to_csv(const Map& m) { return table_to_csv(cards_table(m)); }
std::string actions_to_csv(const Map& m) { return table_to_csv(actions_table(m)); }


std::string to_mermaid(const Map& m) {
  Cells cells(m);
  int emotions = -1;
  std::vector<size_t> actions;
  for (size_t li = 0; li < m.lanes.size(); li++) {
    if (m.lanes[li].type == LaneType::Emotions && emotions < 0) emotions = (int)li;
    if (m.lanes[li].type == LaneType::Actions) actions.push_back(li);
  }
  std::string out = "journey\n";
  std::string title = mm_clean(m.meta.title, MmTitle), goal = mm_clean(m.meta.goal, MmDescr);
  if (!title.empty()) out += "  title " + title + "\n";
  if (!goal.empty()) out += "  accDescr: " + goal + "\n";
  auto task = [&](const Card& c, float score) {
    out += "    " + mm_task_name(c.text) + ": " + mm_score(score);
    std::vector<std::string> actors;
    for (const std::string& t : c.tags)
      if (!mm_clean(t, MmActor).empty()) actors.push_back(mm_clean(t, MmActor));
    if (!actors.empty()) out += ": " + join(actors, ", ");
    out += "\n";
  };
  for (size_t si = 0; si < m.stages.size(); si++) {
    std::string name = mm_clean(m.stages[si].name, MmSection);
    out += "  section " + (name.empty() ? "Stage " + std::to_string(si + 1) : name) + "\n";
    std::vector<const Card*> acts;
    for (size_t li : actions) acts.insert(acts.end(), cells.at(si, li).begin(), cells.at(si, li).end());
    static const std::vector<const Card*> none;
    const std::vector<const Card*>& pts = emotions >= 0 ? cells.at(si, (size_t)emotions) : none;
    if (acts.empty()) {
      for (const Card* p : pts) task(*p, p->score);
    } else {
      // Equal counts pair up; otherwise sample the points evenly across the tasks.
      for (size_t i = 0; i < acts.size(); i++)
        task(*acts[i], pts.empty() ? 0.0f : pts[i * pts.size() / acts.size()]->score);
    }
  }
  return out;
}


bool svg_size(const std::string& svg, float* w, float* h) {
  size_t root = svg.find("<svg");
  if (root == std::string::npos) return false;
  size_t end = svg.find('>', root);
  if (end == std::string::npos) return false;
  const std::string tag = svg.substr(root, end - root);
  auto attr = [&tag](const char* name, double* v) {
    std::string key = std::string(" ") + name + "=\"";
    size_t at = tag.find(key);
    if (at == std::string::npos) return false;
    at += key.size();
    size_t close = tag.find('"', at);
    return close != std::string::npos && xu::parse_number(tag.substr(at, close - at), v);
  };
  double fw = 0, fh = 0;
  if (!attr("width", &fw) || !attr("height", &fh)) return false;
  *w = (float)fw;
  *h = (float)fh;
  return true;
}

std::string to_svg(const Map& m, const MeasureFn& measure, const SvgOptions& o) {
  Map expanded = m;
  for (Lane& l : expanded.lanes) l.collapsed = false;
  Layout L = layout_map(expanded, o.style, measure);
  return to_svg(expanded, L, measure, o);
}

std::string to_svg(const Map& m, const Layout& L, const MeasureFn& measure, const SvgOptions& o) {
  const LayoutStyle& st = o.style;
  const bool rtl = m.meta.direction == Direction::RightToLeft;
  // Measures at other font sizes, scaled from the card font's 14 px.
  auto at_size = [&](float px) {
    return MeasureFn([&measure, px](const char* b, const char* e) { return measure(b, e) * px / 14.0f; });
  };
  const MeasureFn title_measure = at_size(22), header_measure = at_size(15), lane_measure = at_size(13),
                  small_measure = at_size(11), label_measure = at_size(12);

  std::string title = trim(m.meta.title), goal = trim(m.meta.goal);
  std::replace(title.begin(), title.end(), '\n', ' ');
  std::replace(goal.begin(), goal.end(), '\n', ' ');
  const bool head = o.title && (!title.empty() || !goal.empty());
  const float title_h = head ? (title.empty() ? 0.0f : 34.0f) + (goal.empty() ? 0.0f : 24.0f) + 14.0f : 0.0f;
  float width = 2 * o.margin + st.lane_header_w + L.width;
  if (head) {
    float tw = std::max(title_measure(title.data(), title.data() + title.size()),
                        measure(goal.data(), goal.data() + goal.size()));
    width = std::max(width, 2 * o.margin + tw);
  }
  const float gx = o.margin + (rtl ? 0 : st.lane_header_w);       // grid origin in the page
  const float gy = o.margin + title_h + st.stage_header_h;
  const float height = gy + L.height + o.margin;

  SvgWriter w;
  w.map_rtl = rtl;
  std::string& out = w.out;
  out.reserve(4096 + m.cards.size() * 400);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\"" +
         " font-family=\"Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif\" font-size=\"14\" fill=\"#1f2937\"" +
         (rtl ? " direction=\"rtl\"" : "") + ">\n";
  out += "<title>" + xml_escape(title.empty() ? std::string("Customer journey map") : title) + "</title>\n";
  if (!goal.empty()) out += "<desc>" + xml_escape(goal) + "</desc>\n";
  if (o.background) w.rect(0, 0, width, height, "fill=\"#ffffff\"");

  // Title and goal, on the reading side of the page.
  if (head) {
    float y = o.margin;
    if (!title.empty()) {
      y += 26;
      w.line(o.margin, width - o.margin, y, title, para_rtl(title, 0, m.meta.direction), " font-size=\"22\" font-weight=\"700\"");
      y += 8;
    }
    if (!goal.empty())
      w.line(o.margin, width - o.margin, y + 18, goal, para_rtl(goal, 0, m.meta.direction), " fill=\"#475569\"");
  }

  out += "<g transform=\"translate(" + num(gx) + " " + num(gy) + ")\">\n";
  const size_t ns = std::min(L.stages.size(), m.stages.size()), nl = std::min(L.lanes.size(), m.lanes.size());

  // Lane bands and titles (titles beside the grid: left of it, or right of it in an RTL map),
  // each title box 6 units away from the grid with a colour bar on its outer edge.
  const float box_l = rtl ? L.width + 6 : -st.lane_header_w, box_r = box_l + st.lane_header_w - 6;
  const float text_l = box_l + (rtl ? 10 : 14), text_r = box_r - (rtl ? 14 : 10);
  for (size_t li = 0; li < nl; li++) {
    const LaneBox& lb = L.lanes[li];
    const Lane& lane = m.lanes[li];
    w.rect(0, lb.y, L.width, lb.h, li % 2 ? "fill=\"#f8fafc\"" : "fill=\"#ffffff\"");
    w.rect(box_l, lb.y + 1, box_r - box_l, lb.h - 2, "rx=\"6\" fill=\"" + color_to_hex(mix_white(lane.color, 0.88f)) + "\"");
    w.rect(rtl ? box_r - 4 : box_l, lb.y + 1, 4, lb.h - 2, "fill=\"" + color_to_hex(lane.color) + "\"");
    const std::string name = lane_title(lane);
    const auto lines = wrap_text(name, text_r - text_l, lane_measure);
    const size_t shown = std::min<size_t>(lines.size(), lb.h >= 70 ? 3 : 1);
    for (size_t k = 0; k < shown; k++) {
      std::string s = name.substr(lines[k].begin, lines[k].end - lines[k].begin);
      if (k + 1 == shown && lines.size() > shown) s = fit(one_line(name.substr(lines[k].begin)), text_r - text_l, lane_measure);
      w.line(text_l, text_r, lb.y + 22 + 18 * (float)k, s, para_rtl(name, lines[k].begin, m.meta.direction),
             " font-size=\"13\" font-weight=\"600\"");
    }
  }

  // Stage headers above the grid, and the lines between stages.
  for (size_t si = 0; si < ns; si++) {
    const StageBox& sb = L.stages[si];
    const Stage& stage = m.stages[si];
    w.rect(sb.x + 3, -st.stage_header_h + 4, sb.w - 6, st.stage_header_h - 10,
           "rx=\"6\" fill=\"" + color_to_hex(stage.color) + "\"");
    std::string name = stage_title(m, si);
    auto lines = wrap_text(name, sb.w - 26, header_measure);
    const float inner = sb.w - 26;
    const size_t shown = std::min<size_t>(lines.size(), 2);
    float y0 = -st.stage_header_h + 4 + (st.stage_header_h - 10) / 2 + 5 - 9.0f * (float)(shown - 1);
    for (size_t k = 0; k < shown; k++) {
      std::string s = name.substr(lines[k].begin, lines[k].end - lines[k].begin);
      if (k == 1 && lines.size() > 2) s = fit(one_line(name.substr(lines[1].begin)), inner, header_measure);
      w.line(sb.x + 13, sb.x + sb.w - 13, y0 + 18 * (float)k, s, para_rtl(name, lines[k].begin, m.meta.direction),
             " font-size=\"15\" font-weight=\"700\" fill=\"#ffffff\"");
    }
    if (sb.x > 0.5f && sb.x < L.width - 0.5f)  // the edge shared with the neighbouring stage
      out += "<line x1=\"" + num(sb.x) + "\" y1=\"0\" x2=\"" + num(sb.x) + "\" y2=\"" + num(L.height) + "\" stroke=\"#e2e8f0\"/>\n";
  }

  // Cards.
  IdMap<const Card*> by_id;
  by_id.reserve(m.cards.size());
  for (const Card& c : m.cards) by_id.emplace(c.id, &c);
  for (const CardBox& cb : L.cards) {
    auto it = by_id.find(cb.id);
    if (it == by_id.end() || cb.lane < 0 || (size_t)cb.lane >= nl) continue;  // a stale layout: skip
    const Card& c = *it->second;
    const Color col = c.color ? c.color : m.lanes[cb.lane].color;
    const Rect& r = cb.r;
    out += "<g>\n";
    w.rect(r.x, r.y, r.w, r.h, "rx=\"6\" fill=\"" + color_to_hex(mix_white(col, 0.9f)) + "\" stroke=\"" +
                                   color_to_hex(col) + "\"");
    const float left = r.x + st.card_pad_x, right = r.right() - st.card_pad_x;
    for (size_t k = 0; k < cb.lines.size(); k++) {
      uint32_t b = std::min<uint32_t>(cb.lines[k].begin, (uint32_t)c.text.size());
      uint32_t e = std::min<uint32_t>(std::max(cb.lines[k].end, b), (uint32_t)c.text.size());
      std::string s = c.text.substr(b, e - b);
      if (k == 0 && !c.icon.empty()) s = c.icon + " " + s;
      // The direction the layout resolved for this line's paragraph when it has it, so the
      // SVG aligns every line as the canvas does.
      bool line_rtl = cb.text && k < cb.text->size() ? (*cb.text)[k].rtl : para_rtl(c.text, b, m.meta.direction);
      w.line(left, right, r.y + st.card_pad_y + 15 + st.line_h * (float)k, s, line_rtl);
    }
    if (cb.chip_row) {
      std::vector<std::string> chips;
      // Each chip in a first-strong isolate (U+2068 ... U+2069): "#NPS 45%" beside an Arabic tag
      // keeps its own direction instead of having its '#' pulled to the wrong side.
      auto isolate = [](const std::string& t) { return "\xE2\x81\xA8" + t + "\xE2\x81\xA9"; };
      if (!c.channel.empty()) chips.push_back(isolate(channel_name(c.channel)));
      for (const std::string& t : c.tags) chips.push_back(isolate("#" + t));
      std::string s = join(chips, "  ");
      std::replace(s.begin(), s.end(), '\n', ' ');
      s = fit(s, right - left, small_measure);
      // A row of chips runs in the map's direction, whatever the script of the first one.
      w.line(left, right, r.bottom() - st.card_pad_y - 5, s, rtl,
             " font-size=\"11\" fill=\"" + color_to_hex(darken(col, 0.35f)) + "\"");
    }
    out += "</g>\n";
  }

  // Emotion curves: a neutral line, the smoothed curve, then the points with their labels.
  for (size_t li = 0; li < nl && li < L.curves.size(); li++) {
    const LaneBox& lb = L.lanes[li];
    const auto& pts = L.curves[li];
    if (!lb.emotions || pts.empty()) continue;
    float y0 = score_to_y(lb, st, 0);
    out += "<line x1=\"0\" y1=\"" + num(y0) + "\" x2=\"" + num(L.width) + "\" y2=\"" + num(y0) +
           "\" stroke=\"#cbd5e1\" stroke-dasharray=\"4 4\"/>\n";
    std::vector<Vec2> ctrl;
    for (const CurvePoint& p : pts) ctrl.push_back({p.x, p.y});
    std::vector<Vec2> curve = smooth_curve(ctrl, 12);
    std::string d;
    for (size_t k = 0; k < curve.size(); k++) d += (k ? " L" : "M") + num(curve[k].x) + " " + num(curve[k].y);
    // As on the canvas: green above the zero line, red below, split exactly where it crosses.
    std::string grad = "jm-feel-" + std::to_string(li);
    out += "<linearGradient id=\"" + grad + "\" gradientUnits=\"userSpaceOnUse\" x1=\"0\" y1=\"" + num(lb.y) +
           "\" x2=\"0\" y2=\"" + num(lb.y + lb.h) + "\"><stop offset=\"0.5\" stop-color=\"#10b981\"/>"
           "<stop offset=\"0.5\" stop-color=\"#ef4444\"/></linearGradient>\n";
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"url(#" + grad +
           ")\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n";
    for (size_t k = 0; k < pts.size(); k++) {
      const CurvePoint& p = pts[k];
      auto it = by_id.find(p.card);
      std::string label = it != by_id.end() ? trim(it->second->text) : std::string();
      std::replace(label.begin(), label.end(), '\n', ' ');
      const char* fill = p.score > 0.25f ? "#10b981" : p.score < -0.25f ? "#ef4444" : "#f59e0b";
      out += "<circle cx=\"" + num(p.x) + "\" cy=\"" + num(p.y) + "\" r=\"6\" fill=\"" + fill +
             "\" stroke=\"#ffffff\" stroke-width=\"2\"><title>" +
             xml_escape((label.empty() ? std::string() : label + ": ") + signed_score(p.score)) + "</title></circle>\n";
      if (label.empty()) continue;
      // Room for the label: half-way to the neighbouring points, within the grid.
      float room = L.width;
      if (k > 0) room = std::min(room, p.x - pts[k - 1].x);
      if (k + 1 < pts.size()) room = std::min(room, pts[k + 1].x - p.x);
      room = std::max(40.0f, room - 8);
      label = fit(label, room, label_measure);
      // Above a point of a good feeling, below a bad one; flipped where it would leave the lane.
      bool above = p.score >= 0;
      if (above && p.y - 26 < lb.y) above = false;
      else if (!above && p.y + 26 > lb.y + lb.h) above = true;
      float ly = above ? p.y - 12 : p.y + 22;
      out += "<text x=\"" + num(p.x) + "\" y=\"" + num(ly) + "\" text-anchor=\"middle\" font-size=\"12\"";
      bool lr = para_rtl(label, 0, m.meta.direction);
      if (lr != rtl) out += lr ? " direction=\"rtl\"" : " direction=\"ltr\"";
      out += ">" + xml_escape(label) + "</text>\n";
    }
  }
  out += "</g>\n</svg>\n";
  return out;
}

std::string csv_cell(const std::string& text) { return csv_field(text, true); }
std::string md_cell(const std::string& text) { return md_heading(text); }

} // namespace jm
