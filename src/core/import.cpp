// import.cpp: the importers of export.h: a map from a CSV table (from_csv) or a Mermaid journey
// (from_mermaid). Each builds a fresh map and leaves *out untouched on failure.
#include "core/csv.h"
#include "core/export.h"
#include "core/export_util.h"
#include <algorithm>
#include <cmath>

namespace jm {

using namespace xu;

namespace {

// Stage colours for imported maps, the same family as the built-in templates.
const Color kStagePalette[] = {0x6366f1, 0x0ea5e9, 0x14b8a6, 0x10b981, 0x84cc16, 0xf59e0b, 0xf97316, 0xec4899};

std::string csv_unguard(const std::string& s) {
  return !s.empty() && s[0] == '\'' && needs_formula_guard(s) ? s.substr(1) : s;
}

struct CsvRow { int64_t line = 0; std::vector<std::string> fields; };

// The records of a map CSV, read by libcsv through csv_read (csv.h): `,` or `;` (from the header,
// as spreadsheets in many European and Arabic locales write `;`), BOM, LF or CRLF, RFC 4180
// quoting with spaces kept as written. Lenient where it costs nothing (a quote inside an unquoted
// field taken literally); strict where guessing would corrupt data (an unclosed quote).
bool parse_csv(const std::string& text, std::vector<CsvRow>* out, std::string* error) {
  CsvOptions opt;
  opt.keep_spaces = true;
  bool ok = true;
  csv_read(text, opt, [&](const CsvRecord& r) {
    if (r.unclosed_quote) {
      *error = "line " + std::to_string(r.line) + ": a quoted field is not closed";
      ok = false;
      return false;
    }
    if (r.size() == 1 && r.field(0).empty()) return true;   // a blank record
    CsvRow row;
    row.line = r.line;
    for (size_t i = 0; i < r.size(); i++) row.fields.emplace_back(r.field(i));
    out->push_back(std::move(row));
    return true;
  });
  return ok;
}

Map fresh_import_map() {
  Map m;
  for (LaneType t : {LaneType::Actions, LaneType::Emotions}) {
    Lane l;
    l.id = new_id();
    l.type = t;
    l.name = lane_type_info(t).name;
    l.color = lane_type_info(t).color;
    m.lanes.push_back(l);
  }
  return m;
}

Id add_stage(Map& m, const std::string& name) {
  Stage s;
  s.id = new_id();
  s.name = name;
  s.color = kStagePalette[m.stages.size() % (sizeof kStagePalette / sizeof kStagePalette[0])];
  m.stages.push_back(s);
  return s.id;
}

} // namespace

bool from_csv(const std::string& text, Map* out, std::string* error) {
  std::string err;
  std::vector<CsvRow> recs;
  if (!parse_csv(text, &recs, &err)) { *error = err; return false; }
  if (recs.empty()) { *error = "the file is empty: expected a header row (stage,lane,text,...)"; return false; }
  enum Col { Stage_, Lane_, Type_, Text_, Tags_, Channel_, Score_, NCols };
  int col[NCols];
  std::fill(col, col + NCols, -1);
  const auto& head = recs[0].fields;
  for (size_t i = 0; i < head.size(); i++) {
    std::string h = lower_ascii(trim(head[i]));
    std::replace(h.begin(), h.end(), '_', ' ');
    int which = h == "stage" ? Stage_ : h == "lane" ? Lane_ : (h == "lane type" || h == "type") ? Type_
              : h == "text" ? Text_ : h == "tags" ? Tags_ : h == "channel" ? Channel_ : h == "score" ? Score_ : -1;
    if (which >= 0 && col[which] < 0) col[which] = (int)i;
  }
  if (col[Stage_] < 0 || col[Lane_] < 0 || col[Text_] < 0) {
    *error = "line " + std::to_string(recs[0].line) + ": the header row must name the columns stage, lane and text";
    return false;
  }
  Map m;
  std::unordered_map<std::string, Id> stages, lanes;
  std::map<std::pair<Id, Id>, double> next_order;  // per cell (stage, lane)
  for (size_t r = 1; r < recs.size(); r++) {
    const CsvRow& rec = recs[r];
    auto field = [&](int c) { return c >= 0 && (size_t)c < rec.fields.size() ? csv_unguard(rec.fields[c]) : std::string(); };
    const std::string at = "line " + std::to_string(rec.line) + ": ";
    std::string stage = field(col[Stage_]), lane = field(col[Lane_]);
    auto s = stages.find(stage);
    Id sid = s != stages.end() ? s->second : (stages[stage] = add_stage(m, stage));
    Id lid;
    auto l = lanes.find(lane);
    if (l != lanes.end()) {
      lid = l->second;
    } else {
      LaneType type = LaneType::Text;
      std::string key = trim(field(col[Type_]));
      bool known = false;
      if (!key.empty()) {
        known = lane_type_from_key(lower_ascii(key), &type);
        for (size_t t = 0; !known && t < (size_t)LaneType::Count; t++)
          if (lower_ascii(key) == lower_ascii(lane_type_info((LaneType)t).name)) { type = (LaneType)t; known = true; }
        if (!known) { *error = at + "unknown lane type \"" + key + "\""; return false; }
      }
      for (size_t t = 0; !known && t < (size_t)LaneType::Count; t++)
        if (lower_ascii(trim(lane)) == lower_ascii(lane_type_info((LaneType)t).name)) { type = (LaneType)t; known = true; }
      Lane nl;
      nl.id = lid = new_id();
      nl.name = lane;
      nl.type = type;
      nl.color = lane_type_info(type).color;
      m.lanes.push_back(nl);
      lanes[lane] = lid;
    }
    Card c;
    c.id = new_id();
    c.stage = sid;
    c.lane = lid;
    c.order = next_order[{sid, lid}]++;
    c.text = field(col[Text_]);
    for (const std::string& t : split(field(col[Tags_]), ';'))
      if (!trim(t).empty()) c.tags.push_back(trim(t));
    c.channel = trim(field(col[Channel_]));
    std::string score = trim(field(col[Score_]));
    if (!score.empty()) {
      double v = 0;
      if (!parse_number(score, &v) || v < kMinScore || v > kMaxScore) {
        *error = at + "score \"" + score + "\" is not a number from -2 to 2";
        return false;
      }
      c.score = clamp_score((float)v);
    }
    m.cards.push_back(std::move(c));
  }
  *out = std::move(m);
  return true;
}

bool from_mermaid(const std::string& text, Map* out, std::string* error) {
  Map m = fresh_import_map();
  const Id actions = m.lanes[0].id, emotions = m.lanes[1].id;
  Id stage = kNoId;
  double order = 0;
  bool seen_journey = false, in_front = false, in_descr = false;
  std::string descr;
  std::vector<std::string> lines = split(text, '\n');
  if (!lines.empty() && lines[0].compare(0, 3, "\xEF\xBB\xBF") == 0) lines[0].erase(0, 3);
  for (size_t ln = 0; ln < lines.size(); ln++) {
    const std::string at = "line " + std::to_string(ln + 1) + ": ";
    std::string line = lines[ln];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = trim(line);
    // A YAML front matter block before the diagram: only its title is read.
    if (!seen_journey && ln == 0 && t == "---") { in_front = true; continue; }
    if (in_front) {
      if (t == "---") in_front = false;
      else if (starts_with_ci(t, "title:")) {
        std::string v = trim(t.substr(6));
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
        m.meta.title = v;
      }
      continue;
    }
    if (in_descr) {  // accDescr { ... } spans lines up to the closing brace
      size_t close = line.find('}');
      descr += (descr.empty() ? "" : " ") + trim(line.substr(0, close));
      if (close != std::string::npos) { in_descr = false; m.meta.goal = trim(descr); }
      continue;
    }
    if (t.empty() || t.compare(0, 2, "%%") == 0 || t[0] == '#') continue;  // comments, directives
    if (!seen_journey) {
      std::string rest = starts_with_ci(t, "journey") ? trim(t.substr(7)) : "-";
      if (!rest.empty() && rest[0] != '#' && rest.compare(0, 2, "%%") != 0) {
        *error = at + "not a Mermaid user journey: the diagram must start with \"journey\"";
        return false;
      }
      seen_journey = true;
      continue;
    }
    // accDescr values run to the end of the line, '#' and ';' included.
    if (starts_with_ci(t, "accdescr")) {
      std::string rest = trim(t.substr(8));
      if (!rest.empty() && rest[0] == ':') { m.meta.goal = trim(rest.substr(1)); continue; }
      if (!rest.empty() && rest[0] == '{') {
        size_t close = rest.find('}');
        descr = trim(rest.substr(1, close == std::string::npos ? std::string::npos : close - 1));
        if (close == std::string::npos) in_descr = true;
        else m.meta.goal = descr;
        continue;
      }
    }
    if (starts_with_ci(t, "acctitle")) {
      std::string rest = trim(t.substr(8));
      if (!rest.empty() && rest[0] == ':') {
        if (m.meta.title.empty()) m.meta.title = trim(rest.substr(1));
        continue;
      }
    }
    // '#' starts a comment; ';' separates statements (Mermaid itself refuses it in a journey).
    std::string code = t.substr(0, t.find('#'));
    for (const std::string& part : split(code, ';')) {
      std::string s = trim(part);
      if (s.empty()) continue;
      if (starts_with_ci(s, "title") && (s.size() == 5 || is_ascii_space(s[5]))) {
        m.meta.title = trim(s.substr(5));
        continue;
      }
      if (starts_with_ci(s, "section") && (s.size() == 7 || is_ascii_space(s[7]))) {
        std::string name = trim(s.substr(7));
        stage = add_stage(m, name.empty() ? "Stage " + std::to_string(m.stages.size() + 1) : name);
        order = 0;
        continue;
      }
      // A task: "name: score: actor, actor"; the score and the actors may be left out.
      size_t colon = s.find(':');
      std::string name = trim(s.substr(0, colon));
      if (name.compare(0, 3, kZwsp) == 0) name.erase(0, 3);
      if (name.empty()) { *error = at + "a task needs a name before its \":\""; return false; }
      std::vector<std::string> pieces = colon == std::string::npos ? std::vector<std::string>{} : split(s.substr(colon + 1), ':');
      std::string score = pieces.empty() ? "" : trim(pieces[0]);
      double v = 0;
      if (!score.empty() && !parse_number(score, &v)) {
        *error = at + "the score \"" + score + "\" of task \"" + name + "\" is not a number from 1 to 5";
        return false;
      }
      if (stage == kNoId) stage = add_stage(m, "Stage " + std::to_string(m.stages.size() + 1));
      Card c;
      c.id = new_id();
      c.stage = stage;
      c.lane = actions;
      c.order = order;
      c.text = name;
      if (pieces.size() > 1)
        for (const std::string& a : split(pieces[1], ','))
          if (!trim(a).empty()) c.tags.push_back(trim(a));
      m.cards.push_back(c);
      if (!score.empty()) {
        Card p;
        p.id = new_id();
        p.stage = stage;
        p.lane = emotions;
        p.order = order;
        p.score = score_from_mermaid(v);
        m.cards.push_back(p);
      }
      order++;
    }
  }
  if (!seen_journey) {
    *error = "not a Mermaid user journey: no \"journey\" line";
    return false;
  }
  if (in_descr) {
    *error = "accDescr { is not closed by a }";
    return false;
  }
  *out = std::move(m);
  return true;
}

} // namespace jm
