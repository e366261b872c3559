// portfolio.cpp: roll-ups over many maps (see portfolio.h).
#include "core/portfolio.h"
#include "core/export.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace jm {

namespace {

using ojson = nlohmann::ordered_json;

std::string trim_ascii(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) b++;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) e--;
  return s.substr(b, e - b);
}

// How names are compared across maps: "Onboarding ", "onboarding" and "ONBOARDING" are one stage.
// Only ASCII is folded: Arabic and Hebrew have no case, and other scripts are compared as written.
std::string name_key(const std::string& s) {
  std::string k = trim_ascii(s);
  for (char& c : k)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return k;
}

bool is_open(ActionStatus s) { return s != ActionStatus::Done; }

const char* kMetricStatusKeys[] = {"unknown", "on_target", "near", "off"};

void add_once(std::vector<size_t>& v, size_t x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

const char* map_flag_key(MapFlag f) {
  switch (f) {
    case MapFlag::ReviewOverdue: return "review_overdue";
    case MapFlag::PublishedOpenHigh: return "published_open_high";
    default: return "";
  }
}

std::string resolve_journey_path(const std::string& from, const std::string& target_in) {
  std::string target = trim_ascii(target_in);
  if (target.find("://") != std::string::npos) return target;
  std::vector<std::string> parts;
  auto push_path = [&](const std::string& path) {
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      std::string seg = path.substr(start, end - start);
      if (seg == "..") { if (!parts.empty() && parts.back() != "..") parts.pop_back(); else parts.push_back(seg); }
      else if (!seg.empty() && seg != ".") parts.push_back(seg);
      start = end + 1;
    }
  };
  if (!target.empty() && target[0] != '/') {
    size_t slash = from.find_last_of('/');
    if (slash != std::string::npos) push_path(from.substr(0, slash));
  }
  push_path(target);
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) out += (i ? "/" : "") + parts[i];
  return out;
}

Portfolio build_portfolio(const std::vector<PortfolioMap>& in, const std::string& today, std::vector<PortfolioError> errors) {
  Portfolio p;
  p.today = today;
  p.errors = std::move(errors);
  std::unordered_map<std::string, size_t> stage_index, persona_index, by_uid, by_name, by_title;
  std::map<std::string, std::vector<size_t>> owners;

  for (size_t mi = 0; mi < in.size(); mi++) {
    const Map& m = in[mi].map;
    PortfolioMapInfo info;
    info.name = in[mi].name;
    info.title = m.meta.title;
    info.uid = m.meta.uid;
    info.owner = trim_ascii(m.meta.owner);
    info.status = m.meta.status;
    info.reviewed = m.meta.reviewed;
    info.review_due = m.meta.review_due;
    info.stages = m.stages.size();
    info.cards = m.cards.size();
    info.actions = m.actions.size();
    if (!m.meta.uid.empty()) by_uid.emplace(m.meta.uid, mi);   // a copy of a map: the first one wins
    by_name.emplace(resolve_journey_path("", in[mi].name), mi);
    if (!name_key(m.meta.title).empty()) by_title.emplace(name_key(m.meta.title), mi);

    // Opportunities and action items.
    for (const Action& a : m.actions) {
      PortfolioItem it;
      it.map = mi;
      it.id = a.id;
      it.kind = a.kind;
      it.title = a.title;
      it.owner = a.owner;
      it.team = a.team;
      it.due = a.due;
      it.status = a.status;
      it.priority = a.priority;
      it.impact = a.impact;
      it.effort = a.effort;
      for (Id id : a.cards)
        if (const Card* c = card_by_id(m, id)) it.cards.push_back({id, c->text});
      it.overdue = is_open(a.status) && !a.due.empty() && !today.empty() && a.due < today;
      if (is_open(a.status) && a.priority == Priority::High) info.open_high++;
      p.items.push_back(std::move(it));
    }

    // Stages by name: pain points, lowest feeling, metrics. The current state only: a future
    // state is the plan, not what customers live through.
    for (const Stage& st : m.stages) {
      if (st.state != JourneyState::Current) continue;
      std::string key = name_key(st.name);
      auto found = stage_index.find(key);
      size_t si;
      if (found == stage_index.end()) {
        si = p.stages.size();
        stage_index.emplace(key, si);
        StageSummary s;
        s.name = trim_ascii(st.name);
        p.stages.push_back(std::move(s));
      } else {
        si = found->second;
      }
      StageSummary& sum = p.stages[si];
      add_once(sum.maps, mi);
      for (const Metric& x : st.metrics) p.metrics.push_back({mi, trim_ascii(st.name), kNoId, x, metric_status(x)});
      for (const Lane& lane : m.lanes) {
        if (lane.type != LaneType::PainPoints && lane.type != LaneType::Emotions) continue;
        for (const Card* c : cell_cards(m, st.id, lane.id)) {
          if (lane.type == LaneType::PainPoints) sum.pain_points.push_back({mi, c->id, c->text});
          if (lane.type == LaneType::Emotions && (!sum.lowest_emotion || c->score < *sum.lowest_emotion)) {
            sum.lowest_emotion = c->score;
            sum.lowest = {mi, c->id, c->text};
          }
        }
      }
      // Card metrics in display order (lane, then card order), whatever lane they sit in.
      for (const Lane& lane : m.lanes)
        for (const Card* c : cell_cards(m, st.id, lane.id))
          for (const Metric& x : c->metrics) p.metrics.push_back({mi, trim_ascii(st.name), c->id, x, metric_status(x)});
    }

    // Personas.
    for (const Persona& per : m.personas) {
      std::string key = !per.uid.empty() ? "uid:" + per.uid : "name:" + name_key(per.name);
      auto found = persona_index.find(key);
      if (found == persona_index.end()) {
        persona_index.emplace(key, p.personas.size());
        p.personas.push_back({per.uid, per.name, per.role, {mi}});
      } else {
        add_once(p.personas[found->second].maps, mi);
      }
    }
    owners[info.owner].push_back(mi);
    p.by_status[(size_t)info.status].push_back(mi);
    p.maps.push_back(std::move(info));
  }

  for (const MetricRow& r : p.metrics) p.metric_counts[(size_t)r.status]++;

  // The impact-effort matrix: high impact first, low effort first (the quick wins top left).
  for (int impact = 5; impact >= 1; impact--)
    for (int effort = 1; effort <= 5; effort++) {
      MatrixCell cell{impact, effort, {}};
      for (size_t i = 0; i < p.items.size(); i++)
        if (p.items[i].impact == impact && p.items[i].effort == effort) cell.items.push_back(i);
      if (!cell.items.empty()) p.matrix.push_back(std::move(cell));
    }
  for (size_t i = 0; i < p.items.size(); i++)
    if (p.items[i].impact < 1 || p.items[i].impact > 5 || p.items[i].effort < 1 || p.items[i].effort > 5) p.unrated.push_back(i);

  // Owners sorted, maps without an owner last.
  for (auto& [owner, maps] : owners)
    if (!owner.empty()) p.by_owner.push_back({owner, maps});
  if (owners.count("")) p.by_owner.push_back({"", owners[""]});

  // Last review: never reviewed first, then the oldest; ties keep map order.
  for (size_t i = 0; i < p.maps.size(); i++) p.by_review.push_back(i);
  std::stable_sort(p.by_review.begin(), p.by_review.end(),
                   [&](size_t a, size_t b) { return p.maps[a].reviewed < p.maps[b].reviewed; });

  // Flags.
  for (PortfolioMapInfo& info : p.maps) {
    if (!info.review_due.empty() && !today.empty() && info.review_due < today && info.status != MapStatus::Retired)
      info.flags.push_back(MapFlag::ReviewOverdue);
    if (info.status == MapStatus::Published && info.open_high > 0) info.flags.push_back(MapFlag::PublishedOpenHigh);
  }

  // Sub-journeys: "uid:<uid>" by the map's uid; anything else as a path relative to the map.
  for (size_t mi = 0; mi < in.size(); mi++) {
    const Map& m = in[mi].map;
    for (const Card& c : m.cards) {
      if (trim_ascii(c.journey).empty()) continue;
      JourneyLink l;
      l.from = mi;
      l.card = c.id;
      l.card_text = c.text;
      l.target = c.journey;
      std::string t = trim_ascii(c.journey);
      if (t.compare(0, 4, "uid:") == 0) {
        auto f = by_uid.find(trim_ascii(t.substr(4)));
        if (f != by_uid.end()) l.to = (int)f->second;
        else l.problem = "no map with uid " + t.substr(4) + " in the portfolio";
      } else {
        std::string path = resolve_journey_path(in[mi].name, t);
        auto f = by_name.find(path);
        // Maps without files (My maps in the browser) are known by title: "Onboarding" or
        // "onboarding.journey.json" then finds the map titled Onboarding, as the editor does.
        std::string stem = t.substr(t.find_last_of('/') == std::string::npos ? 0 : t.find_last_of('/') + 1);
        if (stem.size() > 13 && name_key(stem.substr(stem.size() - 13)) == ".journey.json") stem.resize(stem.size() - 13);
        auto g = by_title.find(name_key(stem));
        if (f != by_name.end()) l.to = (int)f->second;
        else if (g != by_title.end()) l.to = (int)g->second;
        else l.problem = "no map \"" + path + "\" in the portfolio";
      }
      if (l.to >= 0) {
        add_once(p.maps[mi].children, (size_t)l.to);
        add_once(p.maps[(size_t)l.to].parents, mi);
      }
      p.links.push_back(std::move(l));
    }
  }
  // Roots: maps nothing opens; then, for maps only reachable through a cycle, the first of each.
  std::vector<char> reached(p.maps.size(), 0);
  std::function<void(size_t)> reach = [&](size_t i) {
    if (reached[i]) return;
    reached[i] = 1;
    for (size_t c : p.maps[i].children) reach(c);
  };
  for (size_t i = 0; i < p.maps.size(); i++)
    if (p.maps[i].parents.empty()) { p.roots.push_back(i); reach(i); }
  for (size_t i = 0; i < p.maps.size(); i++)
    if (!reached[i]) { p.roots.push_back(i); reach(i); }
  return p;
}

// ---- JSON ------------------------------------------------------------------------------------------

namespace {

ojson card_refs(const std::vector<CardRef>& v) {
  ojson a = ojson::array();
  for (const CardRef& c : v) a.push_back({{"id", c.id}, {"text", c.text}});
  return a;
}

ojson optional_number(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

}  // namespace

std::string portfolio_to_json(const Portfolio& p) {
  ojson j;
  j["format"] = "journeymap-portfolio";
  j["version"] = 1;
  j["today"] = p.today;
  ojson maps = ojson::array();
  for (const PortfolioMapInfo& m : p.maps) {
    ojson flags = ojson::array();
    for (MapFlag f : m.flags) flags.push_back(map_flag_key(f));
    maps.push_back({{"name", m.name}, {"title", m.title}, {"uid", m.uid}, {"owner", m.owner},
                    {"status", map_status_key(m.status)}, {"reviewed", m.reviewed}, {"review_due", m.review_due},
                    {"stages", m.stages}, {"cards", m.cards}, {"actions", m.actions}, {"open_high", m.open_high},
                    {"flags", flags}, {"parents", m.parents}, {"children", m.children}});
  }
  j["maps"] = maps;
  ojson errors = ojson::array();
  for (const PortfolioError& e : p.errors) errors.push_back({{"name", e.name}, {"error", e.error}});
  j["errors"] = errors;
  ojson items = ojson::array();
  for (const PortfolioItem& it : p.items)
    items.push_back({{"map", it.map}, {"id", it.id}, {"kind", action_kind_key(it.kind)}, {"title", it.title},
                     {"owner", it.owner}, {"team", it.team}, {"status", action_status_key(it.status)},
                     {"priority", priority_key(it.priority)}, {"impact", it.impact}, {"effort", it.effort},
                     {"due", it.due}, {"overdue", it.overdue}, {"cards", card_refs(it.cards)}});
  j["items"] = items;
  ojson cells = ojson::array();
  for (const MatrixCell& c : p.matrix)
    cells.push_back({{"impact", c.impact}, {"effort", c.effort}, {"count", c.items.size()}, {"items", c.items}});
  j["matrix"] = {{"cells", cells}, {"unrated", p.unrated}};
  ojson stages = ojson::array();
  for (const StageSummary& s : p.stages) {
    ojson pains = ojson::array();
    for (const PainRef& r : s.pain_points) pains.push_back({{"map", r.map}, {"card", r.card}, {"text", r.text}});
    ojson low = nullptr;
    if (s.lowest_emotion)
      low = {{"score", *s.lowest_emotion}, {"map", s.lowest.map}, {"card", s.lowest.card}, {"text", s.lowest.text}};
    stages.push_back({{"name", s.name}, {"maps", s.maps}, {"pain_points", pains}, {"lowest_emotion", low}});
  }
  j["stages"] = stages;
  ojson counts;
  for (int i = 0; i < 4; i++) counts[kMetricStatusKeys[i]] = p.metric_counts[i];
  ojson rows = ojson::array();
  for (const MetricRow& r : p.metrics) {
    const Metric& x = r.metric;
    rows.push_back({{"map", r.map}, {"stage", r.stage}, {"card", r.card}, {"kind", metric_kind_info(x.kind).key},
                    {"name", x.name.empty() ? std::string(metric_kind_info(x.kind).name) : x.name},
                    {"value", optional_number(x.value)}, {"target", optional_number(x.target)}, {"unit", x.unit},
                    {"higher_is_better", x.higher_is_better}, {"date", x.date}, {"status", metric_status_key(r.status)}});
  }
  j["metrics"] = {{"counts", counts}, {"rows", rows}};
  ojson personas = ojson::array();
  for (const PersonaCoverage& c : p.personas)
    personas.push_back({{"uid", c.uid}, {"name", c.name}, {"role", c.role}, {"maps", c.maps}});
  j["personas"] = personas;
  ojson owners = ojson::array();
  for (const NamedGroup& g : p.by_owner) owners.push_back({{"owner", g.key}, {"maps", g.maps}});
  j["by_owner"] = owners;
  ojson status;
  for (size_t s = 0; s < (size_t)MapStatus::Count; s++) status[map_status_key((MapStatus)s)] = p.by_status[s];
  j["by_status"] = status;
  j["by_review"] = p.by_review;
  ojson flags;
  for (size_t f = 0; f < (size_t)MapFlag::Count; f++) {
    ojson v = ojson::array();
    for (size_t i = 0; i < p.maps.size(); i++)
      if (std::count(p.maps[i].flags.begin(), p.maps[i].flags.end(), (MapFlag)f)) v.push_back(i);
    flags[map_flag_key((MapFlag)f)] = v;
  }
  j["flags"] = flags;
  ojson links = ojson::array(), unresolved = ojson::array();
  for (size_t i = 0; i < p.links.size(); i++) {
    const JourneyLink& l = p.links[i];
    ojson o = {{"from", l.from}, {"card", l.card}, {"card_text", l.card_text}, {"target", l.target},
               {"to", l.to >= 0 ? ojson(l.to) : ojson(nullptr)}};
    if (l.to < 0) { o["problem"] = l.problem; unresolved.push_back(i); }
    links.push_back(o);
  }
  j["hierarchy"] = {{"roots", p.roots}, {"links", links}, {"unresolved", unresolved}};
  return j.dump();
}

// ---- CSV -------------------------------------------------------------------------------------------

std::string portfolio_to_csv(const Portfolio& p) {
  std::string out = "\xEF\xBB\xBF" "map,map title,kind,title,status,priority,impact,effort,owner,team,due,overdue,cards,card ids\r\n";
  for (const PortfolioItem& it : p.items) {
    std::string texts, ids;
    for (size_t i = 0; i < it.cards.size(); i++) {
      texts += (i ? "; " : "") + it.cards[i].text;
      ids += (i ? "; " : "") + std::to_string(it.cards[i].id);
    }
    const PortfolioMapInfo& m = p.maps[it.map];
    out += csv_cell(m.name) + "," + csv_cell(m.title) + "," + action_kind_key(it.kind) + "," + csv_cell(it.title) + "," +
           action_status_key(it.status) + "," + priority_key(it.priority) + "," +
           (it.impact ? std::to_string(it.impact) : "") + "," + (it.effort ? std::to_string(it.effort) : "") + "," +
           csv_cell(it.owner) + "," + csv_cell(it.team) + "," + csv_cell(it.due) + "," + (it.overdue ? "yes" : "") + "," +
           csv_cell(texts) + "," + ids + "\r\n";
  }
  return out;
}

// ---- Markdown ----------------------------------------------------------------------------------------

namespace {

std::string map_label(const Portfolio& p, size_t i) {
  const PortfolioMapInfo& m = p.maps[i];
  return md_cell(m.title.empty() ? m.name : m.title);
}

std::string map_list(const Portfolio& p, const std::vector<size_t>& maps) {
  std::string out;
  for (size_t k = 0; k < maps.size(); k++) out += (k ? ", " : "") + map_label(p, maps[k]);
  return out;
}

// 42, -1.5, 4.25: integers without a fraction, others with up to 6 significant digits.
std::string number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string((long long)v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void md_tree(const Portfolio& p, size_t i, int depth, std::vector<char>& on_path, std::string& out) {
  out += std::string((size_t)depth * 2, ' ') + "- " + map_label(p, i) + " (" + md_cell(p.maps[i].name) + ")";
  if (on_path[i]) { out += " (cycle)\n"; return; }
  out += "\n";
  on_path[i] = 1;
  for (size_t c : p.maps[i].children) md_tree(p, c, depth + 1, on_path, out);
  on_path[i] = 0;
}

}  // namespace

std::string portfolio_to_markdown(const Portfolio& p) {
  std::string out = "# Journey portfolio\n\n";
  out += std::to_string(p.maps.size()) + (p.maps.size() == 1 ? " map" : " maps") + ", " + std::to_string(p.items.size()) +
         " opportunities and actions" + (p.today.empty() ? "" : ", as of " + p.today) + ".\n\n";

  out += "## Maps\n\n| Map | File | Owner | Status | Reviewed | Review due | Cards | Open high-priority | Flags |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < p.maps.size(); i++) {
    const PortfolioMapInfo& m = p.maps[i];
    std::string flags;
    for (size_t k = 0; k < m.flags.size(); k++) flags += (k ? ", " : "") + std::string(map_flag_key(m.flags[k]));
    out += "| " + map_label(p, i) + " | " + md_cell(m.name) + " | " + md_cell(m.owner) + " | " + map_status_key(m.status) +
           " | " + md_cell(m.reviewed) + " | " + md_cell(m.review_due) + " | " + std::to_string(m.cards) + " | " +
           std::to_string(m.open_high) + " | " + flags + " |\n";
  }
  out += "\n";
  if (!p.errors.empty()) {
    out += "## Files that could not be read\n\n";
    for (const PortfolioError& e : p.errors) out += "- " + md_cell(e.name) + ": " + md_cell(e.error) + "\n";
    out += "\n";
  }

  out += "## Governance\n\n";
  bool any = false;
  for (size_t i = 0; i < p.maps.size(); i++)
    for (MapFlag f : p.maps[i].flags) {
      any = true;
      out += "- " + map_label(p, i) + ": " +
             (f == MapFlag::ReviewOverdue ? "review was due " + md_cell(p.maps[i].review_due)
                                          : "published with open high-priority items (" + std::to_string(p.maps[i].open_high) + ")") +
             "\n";
    }
  if (!any) out += "No map is past its review date or published with open high-priority items.\n";
  out += "\n### By owner\n\n";
  for (const NamedGroup& g : p.by_owner) out += "- " + (g.key.empty() ? std::string("(no owner)") : md_cell(g.key)) + ": " + map_list(p, g.maps) + "\n";
  out += "\n### By status\n\n";
  for (size_t s = 0; s < (size_t)MapStatus::Count; s++)
    if (!p.by_status[s].empty()) out += "- " + std::string(map_status_key((MapStatus)s)) + ": " + map_list(p, p.by_status[s]) + "\n";
  out += "\n";

  out += "## Opportunities and actions\n\n| Map | Kind | Title | Status | Priority | Impact | Effort | Owner | Due | Cards |\n"
         "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const PortfolioItem& it : p.items) {
    std::string cards;
    for (size_t k = 0; k < it.cards.size(); k++) cards += (k ? "; " : "") + md_cell(it.cards[k].text);
    out += "| " + map_label(p, it.map) + " | " + action_kind_key(it.kind) + " | " + md_cell(it.title) + " | " +
           action_status_key(it.status) + " | " + priority_key(it.priority) + " | " + (it.impact ? std::to_string(it.impact) : "") +
           " | " + (it.effort ? std::to_string(it.effort) : "") + " | " + md_cell(it.owner) + " | " + md_cell(it.due) +
           (it.overdue ? " (overdue)" : "") + " | " + cards + " |\n";
  }
  out += "\n## Impact and effort\n\nItems per cell (impact down the side, effort across).\n\n"
         "| Impact / effort | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n";
  for (int impact = 5; impact >= 1; impact--) {
    out += "| " + std::to_string(impact);
    for (int effort = 1; effort <= 5; effort++) {
      size_t n = 0;
      for (const MatrixCell& c : p.matrix)
        if (c.impact == impact && c.effort == effort) n = c.items.size();
      out += " | " + (n ? std::to_string(n) : std::string());
    }
    out += " |\n";
  }
  out += "\nNot rated: " + std::to_string(p.unrated.size()) + "\n\n";

  out += "## Pain points by stage\n\n| Stage | Maps | Pain points | Lowest feeling |\n|---|---|---|---|\n";
  for (const StageSummary& s : p.stages) {
    std::string pains;
    for (size_t k = 0; k < s.pain_points.size(); k++) pains += (k ? "; " : "") + md_cell(s.pain_points[k].text);
    std::string low = s.lowest_emotion ? number(*s.lowest_emotion) + " (" + map_label(p, s.lowest.map) +
                                             (s.lowest.text.empty() ? "" : ": " + md_cell(s.lowest.text)) + ")"
                                       : "";
    out += "| " + md_cell(s.name) + " | " + std::to_string(s.maps.size()) + " | " + pains + " | " + low + " |\n";
  }
  out += "\n## Metrics against targets\n\n";
  out += std::to_string(p.metric_counts[(int)MetricStatus::OnTarget]) + " on target, " +
         std::to_string(p.metric_counts[(int)MetricStatus::Near]) + " near, " +
         std::to_string(p.metric_counts[(int)MetricStatus::Off]) + " off, " +
         std::to_string(p.metric_counts[(int)MetricStatus::Unknown]) + " without a value or a target.\n\n";
  if (!p.metrics.empty()) {
    out += "| Map | Stage | Metric | Value | Target | Status |\n|---|---|---|---|---|---|\n";
    for (const MetricRow& r : p.metrics) {
      const Metric& x = r.metric;
      std::string name = x.name.empty() ? metric_kind_info(x.kind).name : x.name;
      std::string unit = x.unit.empty() ? "" : " " + md_cell(x.unit);
      out += "| " + map_label(p, r.map) + " | " + md_cell(r.stage) + " | " + md_cell(name) + " | " +
             (x.value ? number(*x.value) + unit : "") + " | " + (x.target ? number(*x.target) + unit : "") + " | " +
             metric_status_key(r.status) + " |\n";
    }
    out += "\n";
  }
  out += "## Personas\n\n";
  if (p.personas.empty()) out += "No personas.\n";
  for (const PersonaCoverage& c : p.personas)
    out += "- " + md_cell(c.name.empty() ? std::string("(unnamed)") : c.name) + ": " + map_list(p, c.maps) + "\n";
  out += "\n## Hierarchy\n\n";
  std::vector<char> on_path(p.maps.size(), 0);
  for (size_t r : p.roots) md_tree(p, r, 0, on_path, out);
  bool unresolved = false;
  for (const JourneyLink& l : p.links)
    if (l.to < 0) {
      if (!unresolved) out += "\n### Unresolved sub-journeys\n\n";
      unresolved = true;
      out += "- " + map_label(p, l.from) + ", card \"" + md_cell(l.card_text) + "\": " + md_cell(l.problem) + "\n";
    }
  return out;
}

} // namespace jm
