// text_view.cpp: the map as semantic HTML (text_view.h). Words come from the a11y tables
// (a11y_text), user text is escaped and isolated in <bdi>, tables carry <caption> and <th scope>.
#include "core/text_view.h"
#include "core/a11y.h"
#include "core/analytics.h"
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace jm {

namespace {

using Tr = const I18n*;

std::string T(Tr tr, const char* key, I18nArgs args = {}) { return html_escape(a11y_text(tr, key, args)); }
std::string hx(int level, const std::string& inner) {
  std::string n = std::to_string(std::min(level, 6));
  return "<h" + n + ">" + inner + "</h" + n + ">";
}
std::string th_col(Tr tr, const char* key) { return "<th scope=\"col\">" + T(tr, key) + "</th>"; }
std::string td(const std::string& inner) { return "<td>" + inner + "</td>"; }
std::string th_row(const std::string& inner) { return "<th scope=\"row\">" + inner + "</th>"; }

std::string table_open(const std::string& caption, const std::vector<std::string>& heads) {
  std::string h = "<table class=\"jm-tv-table\"><caption>" + caption + "</caption><thead><tr>";
  for (const std::string& x : heads) h += x;
  return h + "</tr></thead><tbody>";
}
const char* table_close() { return "</tbody></table>"; }

std::string card_text(const Card& c, Tr tr) {
  return c.text.find_first_not_of(" \t\r\n") == std::string::npos ? T(tr, "a11y.empty_card") : html_bdi(c.text);
}

// Evidence and the sub-journey under a card: "Evidence: “quote” (Observed, Interview INT-07, 2024-05-02)".
std::string card_backing_html(const Card& c, Tr tr) {
  if (c.evidence.empty() && c.journey.empty()) return {};
  std::string sep = T(tr, "a11y.list_sep");
  std::string out = "<ul class=\"jm-tv-evidence\">";
  for (const Evidence& e : c.evidence) {
    std::string about = T(tr, (std::string("evidence.confidence.") + confidence_key(e.confidence)).c_str()) + sep +
                        T(tr, (std::string("evidence.kind.") + evidence_kind_key(e.kind)).c_str());
    if (!e.source.empty()) about += " " + html_bdi(e.source);
    if (!e.date.empty()) about += sep + html_escape(e.date);
    out += "<li>" + T(tr, "evidence.heading") + ": ";
    if (!e.quote.empty()) out += "<q>" + html_bdi(e.quote) + "</q> ";
    out += "(" + about + ")</li>";
  }
  if (!c.journey.empty()) out += "<li>" + T(tr, "journey.heading") + ": " + html_bdi(c.journey) + "</li>";
  return out + "</ul>";
}

// "Owner: CX · Status: Published · Last reviewed: 2024-05-31 · Review due: 2024-11-30"; empty for
// a draft with no owner and no dates.
std::string governance_html(const MapMeta& meta, Tr tr) {
  std::vector<std::string> parts;
  if (!meta.owner.empty()) parts.push_back(T(tr, "gov.owner") + ": " + html_bdi(meta.owner));
  if (meta.status != MapStatus::Draft || !parts.empty())
    parts.push_back(T(tr, "gov.status") + ": " + T(tr, (std::string("gov.status.") + map_status_key(meta.status)).c_str()));
  if (!meta.reviewed.empty()) parts.push_back(T(tr, "gov.reviewed") + ": " + html_escape(meta.reviewed));
  if (!meta.review_due.empty()) parts.push_back(T(tr, "gov.review_due") + ": " + html_escape(meta.review_due));
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) out += (i ? T(tr, "a11y.list_sep") : "") + parts[i];
  return out.empty() ? out : "<p class=\"jm-tv-gov\">" + out + "</p>";
}

std::string percent(double fraction) { return a11y_number(fraction * 100) + " %"; }

std::string duration(double ms, Tr tr) {
  double s = ms / 1000;
  auto one = [](double v) { return a11y_number(std::round(v * 10) / 10); };
  if (s < 60) return html_escape(a11y_text(tr, "text_view.dur_s", {{"n", one(s)}}));
  if (s < 3600) return html_escape(a11y_text(tr, "text_view.dur_min", {{"n", one(s / 60)}}));
  if (s < 86400) return html_escape(a11y_text(tr, "text_view.dur_h", {{"n", one(s / 3600)}}));
  return html_escape(a11y_text(tr, "text_view.dur_d", {{"n", one(s / 86400)}}));
}

std::string score_metric_name(const std::string& metric, Tr tr) {
  MetricKind k;
  if (metric_kind_from_key(metric, &k)) {
    Metric mt = make_metric(k);
    mt.name.clear();
    return a11y_metric_name(mt, tr);
  }
  return metric;
}

std::string score_value(const ScoreSummary& s, Tr tr) {
  if (!s.shown) return T(tr, "text_view.too_few");
  if (s.metric == "nps") return html_escape(a11y_signed(std::round(s.value)));
  if (s.metric == "csat") return html_escape(a11y_number(s.value) + " %");
  return html_escape(a11y_number(s.value));
}

std::string metric_status_word(const Metric& mt, Tr tr) {
  return T(tr, (std::string("a11y.status.") + metric_status_key(metric_status(mt))).c_str());
}

// ---- Tables (shared by the text view and the mirror's "tables" part) ----------------------------

void curve_tables(const Map& m, const TextViewOptions& o, int h, std::string& out) {
  Tr tr = o.i18n;
  std::vector<Id> curves = {kNoId};
  for (const Persona& p : m.personas) curves.push_back(p.id);
  std::string body;
  for (Id who : curves) {
    std::vector<const Card*> pts = emotion_points(m, o.state, who);
    if (pts.empty()) continue;
    std::string caption = who == kNoId ? T(tr, "text_view.curve_shared")
                                       : html_with_user(a11y_text(tr, "text_view.curve_persona", {{"persona", "\x01"}}),
                                                        a11y_persona_name(m, who, tr));
    std::string summary = emotion_curve_summary(m, who, o.state, tr);
    if (!summary.empty()) body += "<p>" + html_escape(summary) + "</p>";
    body += table_open(caption, {th_col(tr, "text_view.col_stage"), th_col(tr, "text_view.col_score"),
                                 th_col(tr, "text_view.col_feeling"), th_col(tr, "text_view.col_note")});
    for (const Card* c : pts) {
      const Stage* st = stage_by_id(m, c->stage);
      float s = clamp_score(c->score);
      body += "<tr>" + th_row(st ? html_bdi(a11y_stage_name(*st, tr)) : std::string()) + td(html_escape(a11y_signed(s))) +
              td(html_escape(a11y_emotion_word(s, tr))) + td(c->text.empty() ? std::string() : html_bdi(c->text)) + "</tr>";
    }
    body += table_close();
  }
  if (!body.empty()) out += hx(h, T(tr, "text_view.emotion_curve")) + body;
}

void metrics_table(const Map& m, const TextViewOptions& o, int h, std::string& out) {
  Tr tr = o.i18n;
  std::string rows;
  auto row = [&](const std::string& where, const Metric& mt) {
    rows += "<tr>" + th_row(where) + td(html_bdi(a11y_metric_name(mt, tr))) +
            td(mt.value ? html_escape(a11y_metric_value(*mt.value, mt.unit)) : T(tr, "a11y.metric_no_value")) +
            td(mt.target ? html_escape(a11y_metric_value(*mt.target, mt.unit)) : std::string()) +
            td(metric_status_word(mt, tr)) + "</tr>";
  };
  // One pass over the cards (the mirror rebuilds this on every edit of a 4,800-card map): those
  // with metrics, by stage, lane and order.
  std::vector<const Stage*> stages = stages_in(m, o.state);
  IdMap<size_t> stage_at, lane_at;
  for (size_t i = 0; i < stages.size(); i++) stage_at[stages[i]->id] = i;
  for (size_t i = 0; i < m.lanes.size(); i++) lane_at[m.lanes[i].id] = i;
  std::vector<std::vector<const Card*>> by_stage(stages.size());
  for (const Card& c : m.cards) {
    if (c.metrics.empty()) continue;
    auto s = stage_at.find(c.stage);
    if (s != stage_at.end() && lane_at.count(c.lane)) by_stage[s->second].push_back(&c);
  }
  for (size_t si = 0; si < stages.size(); si++) {
    const Stage* st = stages[si];
    for (const Metric& mt : st->metrics) row(html_bdi(a11y_stage_name(*st, tr)), mt);
    auto& cs = by_stage[si];
    std::stable_sort(cs.begin(), cs.end(), [&](const Card* a, const Card* b) {
      size_t la = lane_at[a->lane], lb = lane_at[b->lane];
      return la != lb ? la < lb : a->order < b->order;
    });
    for (const Card* c : cs)
      for (const Metric& mt : c->metrics)
        row(card_text(*c, tr) + html_escape(a11y_text(tr, "a11y.list_sep")) + html_bdi(a11y_stage_name(*st, tr)), mt);
  }
  if (rows.empty()) return;
  out += hx(h, T(tr, "text_view.metrics"));
  out += table_open(T(tr, "text_view.metrics_caption"),
                    {th_col(tr, "text_view.col_where"), th_col(tr, "text_view.col_metric"), th_col(tr, "text_view.col_value"),
                     th_col(tr, "text_view.col_target"), th_col(tr, "text_view.col_status")});
  out += rows + table_close();
}

std::string action_title(const Action& a, Tr tr) {
  return a.title.empty() ? T(tr, "text_view.untitled_action") : html_bdi(a.title);
}

void actions_tables(const Map& m, const TextViewOptions& o, int h, std::string& out) {
  if (m.actions.empty()) return;
  Tr tr = o.i18n;
  out += hx(h, T(tr, "text_view.actions"));
  out += table_open(T(tr, "text_view.actions_caption"),
                    {th_col(tr, "text_view.col_title"), th_col(tr, "text_view.col_kind"), th_col(tr, "text_view.col_owner"),
                     th_col(tr, "text_view.col_status"), th_col(tr, "text_view.col_priority"), th_col(tr, "text_view.col_impact"),
                     th_col(tr, "text_view.col_effort"), th_col(tr, "text_view.col_due")});
  auto rating = [&](int v) { return v ? std::to_string(v) + "/5" : a11y_text(tr, "text_view.not_rated"); };
  for (const Action& a : m.actions) {
    std::string owner = a.owner;
    if (!a.team.empty()) owner += (owner.empty() ? "" : a11y_text(tr, "a11y.list_sep")) + a.team;
    out += "<tr>" + th_row(action_title(a, tr)) +
           td(T(tr, a.kind == ActionKind::ActionItem ? "text_view.kind.action" : "text_view.kind.opportunity")) +
           td(owner.empty() ? std::string() : html_bdi(owner)) +
           td(T(tr, (std::string("text_view.status.") + action_status_key(a.status)).c_str())) +
           td(T(tr, (std::string("text_view.priority.") + priority_key(a.priority)).c_str())) +
           td(html_escape(rating(a.impact))) + td(html_escape(rating(a.effort))) + td(html_escape(a.due)) + "</tr>";
  }
  out += table_close();

  // The impact-effort matrix: high impact first, low effort first (the quick wins top left).
  bool any = false;
  std::vector<std::string> unrated;
  for (const Action& a : m.actions) {
    bool rated = a.impact >= 1 && a.impact <= 5 && a.effort >= 1 && a.effort <= 5;
    any = any || rated;
    if (!rated) unrated.push_back(action_title(a, tr));
  }
  if (!any) return;
  out += hx(h + 1, T(tr, "text_view.matrix"));
  std::vector<std::string> heads = {"<td></td>"};
  for (int e = 1; e <= 5; e++) heads.push_back("<th scope=\"col\">" + T(tr, "text_view.effort_n", {{"n", std::to_string(e)}}) + "</th>");
  out += table_open(T(tr, "text_view.matrix_caption"), heads);
  for (int i = 5; i >= 1; i--) {
    out += "<tr>" + th_row(T(tr, "text_view.impact_n", {{"n", std::to_string(i)}}));
    for (int e = 1; e <= 5; e++) {
      std::string cell;
      for (const Action& a : m.actions)
        if (a.impact == i && a.effort == e) cell += (cell.empty() ? "" : html_escape(a11y_text(tr, "a11y.list_sep"))) + action_title(a, tr);
      out += td(cell);
    }
    out += "</tr>";
  }
  out += table_close();
  if (!unrated.empty()) {
    std::string list;
    for (const std::string& x : unrated) list += (list.empty() ? "" : html_escape(a11y_text(tr, "a11y.list_sep"))) + x;
    std::string sentence = a11y_text(tr, "text_view.matrix_unrated", {{"list", "\x01"}});
    size_t at = sentence.find('\x01');
    out += "<p>" + (at == std::string::npos ? html_escape(sentence)
                                           : html_escape(sentence.substr(0, at)) + list + html_escape(sentence.substr(at + 1))) + "</p>";
  }
}

void data_tables(const Map& m, const TextViewOptions& o, int h, std::string& out) {
  const DataAggregates& a = m.data.aggregates;
  if (!o.with_data || a.empty()) return;
  Tr tr = o.i18n;
  out += hx(h, T(tr, "text_view.data"));
  out += "<p>" + T(tr, "text_view.data_from", {{"time", a.computed_at},
                                                {"people", a11y_plural(tr, "text_view.n_people", a.people)},
                                                {"events", a11y_plural(tr, "text_view.n_events", a.events)},
                                                {"responses", a11y_plural(tr, "text_view.n_responses", a.responses)}}) + "</p>";
  // Scores: the whole journey and each stage, everyone, all time.
  std::string rows;
  auto where_of = [&](const TargetScores& t) -> std::string {
    if (t.stage == kNoId && t.card == kNoId) return T(tr, "text_view.whole_map");
    if (t.card != kNoId) {
      const Card* c = card_by_id(m, t.card);
      return c ? card_text(*c, tr) : std::string();
    }
    const Stage* st = stage_by_id(m, t.stage);
    return st ? html_bdi(a11y_stage_name(*st, tr)) : std::string();
  };
  for (int pass = 0; pass < 3; pass++)   // whole journey, stages, cards
    for (const TargetScores& t : a.scores) {
      if (t.persona != kNoId || !t.period.empty()) continue;
      int kind = t.card != kNoId ? 2 : t.stage != kNoId ? 1 : 0;
      if (kind != pass) continue;
      std::string where = where_of(t);
      if (where.empty()) continue;
      for (const ScoreSummary& s : t.scores)
        rows += "<tr>" + th_row(where) + td(html_escape(score_metric_name(s.metric, tr))) + td(score_value(s, tr)) +
                td(s.shown ? html_escape(a11y_number(s.lo) + " \xE2\x80\x93 " + a11y_number(s.hi)) : std::string()) +
                td(std::to_string(s.n)) + "</tr>";
    }
  if (!rows.empty()) {
    out += hx(h + 1, T(tr, "text_view.scores"));
    out += table_open(T(tr, "text_view.scores_caption"),
                      {th_col(tr, "text_view.col_where"), th_col(tr, "text_view.col_metric"), th_col(tr, "text_view.col_value"),
                       th_col(tr, "text_view.col_interval"), th_col(tr, "text_view.col_answers")});
    out += rows + table_close();
  }
  if (!a.funnel.steps.empty()) {
    out += hx(h + 1, T(tr, "text_view.funnel"));
    out += table_open(T(tr, "text_view.funnel_caption"),
                      {th_col(tr, "text_view.col_step"), th_col(tr, "text_view.col_entered"), th_col(tr, "text_view.col_step_rate"),
                       th_col(tr, "text_view.col_overall"), th_col(tr, "text_view.col_median_time")});
    for (size_t i = 0; i < a.funnel.steps.size(); i++) {
      const FunnelStepResult& s = a.funnel.steps[i];
      out += "<tr>" + th_row(html_bdi(s.label)) + td(std::to_string(s.count)) + td(html_escape(percent(s.step_conversion))) +
             td(html_escape(percent(s.overall_conversion))) + td(i ? duration(s.median_ms, tr) : std::string()) + "</tr>";
    }
    out += table_close();
  }
  if (!a.dfg.edges.empty()) {
    out += hx(h + 1, T(tr, "text_view.paths"));
    out += table_open(T(tr, "text_view.paths_caption"),
                      {th_col(tr, "text_view.col_from"), th_col(tr, "text_view.col_to"), th_col(tr, "text_view.col_count"),
                       th_col(tr, "text_view.col_median_time")});
    for (size_t i = 0; i < a.dfg.edges.size() && i < 20; i++) {
      const DfgEdge& e = a.dfg.edges[i];
      out += "<tr>" + th_row(html_bdi(e.from)) + td(html_bdi(e.to)) + td(std::to_string(e.count)) + td(duration(e.median_ms, tr)) + "</tr>";
    }
    out += table_close();
  }
  if (!a.attribution.empty()) {
    std::set<std::string> channels;
    for (const AttributionResult& r : a.attribution)
      for (const ChannelCredit& c : r.channels) channels.insert(c.channel);
    if (!channels.empty()) {
      out += hx(h + 1, T(tr, "text_view.attribution"));
      std::vector<std::string> heads = {th_col(tr, "text_view.col_channel")};
      for (const AttributionResult& r : a.attribution)
        heads.push_back("<th scope=\"col\">" + T(tr, ("text_view.model." + r.model).c_str()) + "</th>");
      out += table_open(T(tr, "text_view.attribution_caption"), heads);
      for (const std::string& ch : channels) {
        out += "<tr>" + th_row(html_bdi(ch));
        for (const AttributionResult& r : a.attribution) {
          std::string v;
          for (const ChannelCredit& c : r.channels)
            if (c.channel == ch) v = percent(c.share);
          out += td(html_escape(v));
        }
        out += "</tr>";
      }
      out += table_close();
    }
  }
  // Trends: the whole journey's scores per period.
  std::vector<std::string> metrics;
  for (const TargetScores& t : a.scores)
    if (t.card == kNoId && t.stage == kNoId && t.persona == kNoId && !t.period.empty())
      for (const ScoreSummary& s : t.scores)
        if (std::find(metrics.begin(), metrics.end(), s.metric) == metrics.end()) metrics.push_back(s.metric);
  if (!a.periods.empty() && !metrics.empty()) {
    out += hx(h + 1, T(tr, "text_view.trends"));
    std::vector<std::string> heads = {th_col(tr, "text_view.col_period")};
    for (const std::string& mt : metrics) heads.push_back("<th scope=\"col\">" + html_escape(score_metric_name(mt, tr)) + "</th>");
    out += table_open(T(tr, "text_view.trends_caption"), heads);
    for (const std::string& period : a.periods) {
      out += "<tr>" + th_row(html_escape(period));
      for (const std::string& mt : metrics) {
        std::string v;
        for (const TargetScores& t : a.scores)
          if (t.card == kNoId && t.stage == kNoId && t.persona == kNoId && t.period == period)
            for (const ScoreSummary& s : t.scores)
              if (s.metric == mt) v = score_value(s, tr);
        out += td(v);
      }
      out += "</tr>";
    }
    out += table_close();
  }
}

std::string all_tables(const Map& m, const TextViewOptions& o, int h) {
  std::string out;
  curve_tables(m, o, h, out);
  metrics_table(m, o, h, out);
  actions_tables(m, o, h, out);
  data_tables(m, o, h, out);
  return out;
}

void text_list(Tr tr, const char* key, const std::vector<std::string>& items, std::string& out) {
  if (items.empty()) return;
  out += "<h4>" + T(tr, key) + "</h4><ul>";
  for (const std::string& s : items) out += "<li>" + html_bdi(s) + "</li>";
  out += "</ul>";
}

}  // namespace

std::string emotion_curve_summary(const Map& m, Id persona, JourneyState state, const I18n* tr) {
  std::vector<StageEmotion> feel = emotion_by_stage(m, state, persona);
  if (feel.empty()) return {};
  const StageEmotion* lo = &feel[0];
  const StageEmotion* hi = &feel[0];
  for (const StageEmotion& e : feel) {
    if (e.average < lo->average) lo = &e;
    if (e.average > hi->average) hi = &e;
  }
  auto name = [&](Id id) {
    const Stage* s = stage_by_id(m, id);
    return s ? a11y_stage_name(*s, tr) : std::string();
  };
  if (lo->average == hi->average)
    return feel.size() == 1 ? a11y_text(tr, "text_view.curve_one", {{"stage", name(lo->stage)}, {"score", a11y_signed(lo->average)}})
                            : std::string();
  return a11y_text(tr, "text_view.curve_summary", {{"low", name(lo->stage)}, {"low_score", a11y_signed(lo->average)},
                                                   {"high", name(hi->stage)}, {"high_score", a11y_signed(hi->average)}});
}

std::string text_view_tables_html(const Map& m, const TextViewOptions& o) { return all_tables(m, o, 3); }

std::string to_text_view_html(const Map& m, const TextViewOptions& o) {
  Tr tr = o.i18n;
  std::string lang = tr ? tr->language() : "en";
  std::string out;
  out.reserve(4096 + m.cards.size() * 160);
  out += "<article id=\"jm-tv\" class=\"jm-tv\" lang=\"" + html_escape(lang) + "\" dir=\"" +
         (m.meta.direction == Direction::RightToLeft ? "rtl" : "ltr") + "\">";
  out += "<h1>" + html_bdi(m.meta.title.empty() ? a11y_text(tr, "a11y.untitled_map") : m.meta.title) + "</h1>";
  if (!m.meta.goal.empty()) out += "<p>" + html_with_user(a11y_text(tr, "a11y.goal", {{"goal", "\x01"}}), m.meta.goal) + "</p>";
  if (!m.meta.description.empty()) out += "<p dir=\"auto\">" + html_escape(m.meta.description) + "</p>";
  out += governance_html(m.meta, tr);

  std::vector<const Stage*> stages = stages_in(m, o.state);
  size_t cards = 0;
  for (const Card& c : m.cards) {
    const Stage* st = stage_by_id(m, c.stage);
    if (st && st->state == o.state && find_lane(m, c.lane) >= 0) cards++;
  }
  std::vector<std::string> counts;
  if (has_future_state(m)) counts.push_back(a11y_text(tr, o.state == JourneyState::Future ? "a11y.state.future" : "a11y.state.current"));
  counts.push_back(a11y_plural(tr, "a11y.n_stages", (long long)stages.size()));
  counts.push_back(a11y_plural(tr, "a11y.n_lanes", (long long)m.lanes.size()));
  counts.push_back(a11y_plural(tr, "a11y.n_cards", (long long)cards));
  if (!m.personas.empty()) counts.push_back(a11y_plural(tr, "a11y.n_personas", (long long)m.personas.size()));
  std::string overview;
  for (size_t i = 0; i < counts.size(); i++) overview += (i ? a11y_text(tr, "a11y.list_sep") : "") + counts[i];
  out += "<p>" + html_escape(overview) + "</p>";

  if (!m.personas.empty()) {
    out += "<h2>" + T(tr, "a11y.personas") + "</h2>";
    for (const Persona& p : m.personas) {
      out += "<h3>" + html_bdi(a11y_persona_name(m, p.id, tr)) + "</h3>";
      if (!p.role.empty()) out += "<p>" + html_with_user(a11y_text(tr, "text_view.role", {{"role", "\x01"}}), p.role) + "</p>";
      if (!p.quote.empty()) out += "<blockquote><p dir=\"auto\">" + html_escape(p.quote) + "</p></blockquote>";
      std::vector<std::string> about;
      for (const KeyValue& kv : p.demographics) about.push_back(kv.key + ": " + kv.value);
      text_list(tr, "text_view.about", about, out);
      text_list(tr, "text_view.goals", p.goals, out);
      text_list(tr, "text_view.needs", p.needs, out);
      text_list(tr, "text_view.motivations", p.motivations, out);
      text_list(tr, "text_view.frustrations", p.frustrations, out);
      std::vector<std::string> channels;
      for (const std::string& c : p.channels) {
        const ChannelInfo* ci = channel_info(c);
        std::string key = ci ? std::string("channel.") + ci->key : std::string();
        channels.push_back(ci ? (tr && tr->has("en", key) ? tr->text(key) : std::string(ci->name)) : c);
      }
      text_list(tr, "text_view.channels", channels, out);
      text_list(tr, "text_view.behaviours", p.behaviours, out);
    }
  }

  if (stages.empty()) out += "<p>" + T(tr, "text_view.no_stages") + "</p>";
  std::string sep = html_escape(a11y_text(tr, "a11y.list_sep"));
  for (const Stage* st : stages) {
    out += "<h2 id=\"jm-tv-s-" + std::to_string(st->id) + "\">" + html_bdi(a11y_stage_name(*st, tr)) + "</h2>";
    if (!st->description.empty()) out += "<p dir=\"auto\">" + html_escape(st->description) + "</p>";
    if (!st->metrics.empty()) {
      out += "<p>" + T(tr, "text_view.stage_metrics") + "</p><ul>";
      for (const Metric& mt : st->metrics) out += "<li>" + html_escape(a11y_metric_text(mt, tr)) + "</li>";
      out += "</ul>";
    }
    for (const Lane& l : m.lanes) {
      std::vector<const Card*> cs = cell_cards(m, st->id, l.id);
      if (cs.empty()) continue;
      out += "<h3>" + html_bdi(a11y_lane_name(l, tr)) + "</h3><ul>";
      for (const Card* c : cs) {
        out += "<li>";
        std::string desc = a11y_card_description(m, *c, l.type, kNoId, tr);
        if (l.type == LaneType::Emotions) {
          std::string value = a11y_emotion_text(clamp_score(c->score), tr);
          out += c->persona == kNoId
              ? T(tr, "text_view.feeling", {{"value", value}})
              : html_with_user(a11y_text(tr, "text_view.feeling_persona", {{"persona", "\x01"}, {"value", value}}),
                               a11y_persona_name(m, c->persona, tr));
          if (!c->text.empty()) out += sep + html_bdi(c->text);
        } else {
          if (!c->icon.empty()) out += html_escape(c->icon) + " ";
          out += card_text(*c, tr);
        }
        if (!desc.empty()) out += " <span class=\"jm-tv-desc\">\xE2\x80\x94 " + html_escape(desc) + "</span>";
        out += card_backing_html(*c, tr);
        out += "</li>";
      }
      out += "</ul>";
    }
  }
  out += all_tables(m, o, 2);
  out += "</article>";
  return out;
}

}  // namespace jm
