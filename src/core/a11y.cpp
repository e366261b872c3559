// a11y.cpp: the accessible mirror's HTML (a11y.h). Parts are hashed over what they are made of so
// that a rebuild after one edit copies every unchanged cell from the previous mirror: on the
// 4,800-card map an edit costs hashing, not writing 2 MB of HTML.
#include "core/a11y.h"
#include "core/analytics.h"
#include "core/export.h"
#include "core/text_view.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace jm {

// ---- Words -------------------------------------------------------------------------------------
// The English of every a11y.* and text_view.* key: what a caller without tables (the command-line
// tool, tests) gets, and what assets/i18n/en.json holds for them (a test keeps the two equal).
// `one`: the plural's "one" form (then `text` is "other"), nullptr for a plain string.
namespace {
struct Word { const char* key; const char* text; const char* one; };
const Word kEnglish[] = {
  {"a11y.corner", "Lane", nullptr},
  {"a11y.n_stages", "{n} stages", "{n} stage"},
  {"a11y.n_lanes", "{n} lanes", "{n} lane"},
  {"a11y.n_cards", "{n} cards", "{n} card"},
  {"a11y.n_points", "{n} points", "{n} point"},
  {"a11y.n_personas", "{n} personas", "{n} persona"},
  {"a11y.n_comments", "{n} comments", "{n} comment"},
  {"a11y.list_sep", ", ", nullptr},
  {"a11y.cell_label", "{stage}, {lane}, {count}", nullptr},
  {"a11y.listbox_label", "{stage}, {lane}", nullptr},
  {"a11y.empty_card", "Empty card", nullptr},
  {"a11y.untitled_stage", "Untitled stage", nullptr},
  {"a11y.untitled_map", "Untitled journey", nullptr},
  {"a11y.persona_unnamed", "Unnamed persona", nullptr},
  {"a11y.feeling_at", "Feeling at {stage}", nullptr},
  {"a11y.feeling_at_persona", "Feeling at {stage}, {persona}", nullptr},
  {"a11y.emotion_value", "{score}, {feeling}", nullptr},
  {"a11y.emotion.very_unhappy", "very unhappy", nullptr},
  {"a11y.emotion.unhappy", "unhappy", nullptr},
  {"a11y.emotion.neutral", "neutral", nullptr},
  {"a11y.emotion.satisfied", "satisfied", nullptr},
  {"a11y.emotion.very_satisfied", "very satisfied", nullptr},
  {"a11y.kind.actions", "Action", nullptr},
  {"a11y.kind.thoughts", "Thought or question", nullptr},
  {"a11y.kind.motivations", "Motivation", nullptr},
  {"a11y.kind.barriers", "Barrier", nullptr},
  {"a11y.kind.moments_of_truth", "Moment of truth", nullptr},
  {"a11y.kind.touchpoints", "Touchpoint", nullptr},
  {"a11y.kind.emotions", "Emotion point", nullptr},
  {"a11y.kind.pain_points", "Pain point", nullptr},
  {"a11y.kind.opportunities", "Opportunity", nullptr},
  {"a11y.kind.backstage", "Backstage step", nullptr},
  {"a11y.kind.metrics", "Metric", nullptr},
  {"a11y.kind.owners", "Owner or team", nullptr},
  {"a11y.kind.text", "Note", nullptr},
  {"a11y.kind.frontstage", "Frontstage step", nullptr},
  {"a11y.kind.support_processes", "Support process", nullptr},
  {"a11y.kind.physical_evidence", "Physical evidence", nullptr},
  {"a11y.tags", "Tags: {list}", nullptr},
  {"a11y.channel", "Channel: {name}", nullptr},
  {"a11y.owner", "Owner: {name}", nullptr},
  {"a11y.device", "Device: {name}", nullptr},
  {"a11y.for_personas", "For {list}", nullptr},
  {"a11y.moment_of_truth", "Moment of truth", nullptr},
  {"a11y.backing.unsupported", "No evidence", nullptr},
  {"a11y.backing.assumed", "Evidence: assumed", nullptr},
  {"a11y.backing.reported", "Evidence: reported", nullptr},
  {"a11y.backing.observed", "Evidence: observed", nullptr},
  {"a11y.sub_journey", "Opens a sub-journey", nullptr},
  {"a11y.dimmed", "Dimmed for this persona", nullptr},
  {"a11y.metric", "{name} {value}", nullptr},
  {"a11y.metric_about", "{metric} ({about})", nullptr},
  {"a11y.metric_target", "target {target}", nullptr},
  {"a11y.metric_no_value", "no value yet", nullptr},
  {"a11y.status.unknown", "no value or target yet", nullptr},
  {"a11y.status.on_target", "on target", nullptr},
  {"a11y.status.near", "near target", nullptr},
  {"a11y.status.off", "off target", nullptr},
  {"a11y.goal", "Goal: {goal}", nullptr},
  {"a11y.personas", "Personas", nullptr},
  {"a11y.state.current", "Current state", nullptr},
  {"a11y.state.future", "Future state", nullptr},
  {"a11y.tables", "Charts as tables", nullptr},
  {"text_view.title", "Text view", nullptr},
  {"text_view.no_stages", "This journey has no stages yet.", nullptr},
  {"text_view.role", "Role: {role}", nullptr},
  {"text_view.about", "About", nullptr},
  {"text_view.goals", "Goals", nullptr},
  {"text_view.needs", "Needs", nullptr},
  {"text_view.motivations", "Motivations", nullptr},
  {"text_view.frustrations", "Frustrations", nullptr},
  {"text_view.channels", "Preferred channels", nullptr},
  {"text_view.behaviours", "Behaviours", nullptr},
  {"text_view.stage_metrics", "Metrics of this stage", nullptr},
  {"text_view.feeling", "Feeling: {value}", nullptr},
  {"text_view.feeling_persona", "Feeling of {persona}: {value}", nullptr},
  {"text_view.emotion_curve", "Emotion curve", nullptr},
  {"text_view.curve_shared", "Emotion curve", nullptr},
  {"text_view.curve_persona", "Emotion curve, {persona}", nullptr},
  {"text_view.curve_summary", "Lowest at {low} ({low_score}), highest at {high} ({high_score})", nullptr},
  {"text_view.curve_one", "Only at {stage} ({score})", nullptr},
  {"text_view.col_stage", "Stage", nullptr},
  {"text_view.col_score", "Score", nullptr},
  {"text_view.col_feeling", "Feeling", nullptr},
  {"text_view.col_note", "Note", nullptr},
  {"text_view.metrics", "Metrics", nullptr},
  {"text_view.metrics_caption", "Metrics of the stages and cards", nullptr},
  {"text_view.col_where", "Where", nullptr},
  {"text_view.col_metric", "Metric", nullptr},
  {"text_view.col_value", "Value", nullptr},
  {"text_view.col_target", "Target", nullptr},
  {"text_view.col_status", "Status", nullptr},
  {"text_view.actions", "Opportunities and actions", nullptr},
  {"text_view.actions_caption", "Opportunities and action items", nullptr},
  {"text_view.col_title", "Title", nullptr},
  {"text_view.col_kind", "Kind", nullptr},
  {"text_view.col_owner", "Owner", nullptr},
  {"text_view.col_priority", "Priority", nullptr},
  {"text_view.col_impact", "Impact", nullptr},
  {"text_view.col_effort", "Effort", nullptr},
  {"text_view.col_due", "Due", nullptr},
  {"text_view.kind.opportunity", "Opportunity", nullptr},
  {"text_view.kind.action", "Action item", nullptr},
  {"text_view.status.idea", "Idea", nullptr},
  {"text_view.status.planned", "Planned", nullptr},
  {"text_view.status.in_progress", "In progress", nullptr},
  {"text_view.status.done", "Done", nullptr},
  {"text_view.priority.low", "Low", nullptr},
  {"text_view.priority.medium", "Medium", nullptr},
  {"text_view.priority.high", "High", nullptr},
  {"text_view.untitled_action", "Untitled action", nullptr},
  {"text_view.not_rated", "not rated", nullptr},
  {"text_view.matrix", "Impact and effort", nullptr},
  {"text_view.matrix_caption", "Rated actions by impact (rows) and effort (columns), 1 to 5", nullptr},
  {"text_view.impact_n", "Impact {n}", nullptr},
  {"text_view.effort_n", "Effort {n}", nullptr},
  {"text_view.matrix_unrated", "Not rated yet: {list}", nullptr},
  {"text_view.data", "Customer data", nullptr},
  {"text_view.data_from", "Computed {time} from {people}, {events} and {responses}.", nullptr},
  {"text_view.n_people", "{n} people", "{n} person"},
  {"text_view.n_events", "{n} events", "{n} event"},
  {"text_view.n_responses", "{n} survey answers", "{n} survey answer"},
  {"text_view.scores", "Scores", nullptr},
  {"text_view.scores_caption", "Survey scores per stage, with their 95 % interval", nullptr},
  {"text_view.whole_map", "Whole journey", nullptr},
  {"text_view.col_interval", "95 % interval", nullptr},
  {"text_view.col_answers", "Answers", nullptr},
  {"text_view.too_few", "too few answers to show", nullptr},
  {"text_view.funnel", "Funnel", nullptr},
  {"text_view.funnel_caption", "Funnel: people entering each step", nullptr},
  {"text_view.col_step", "Step", nullptr},
  {"text_view.col_entered", "Entered", nullptr},
  {"text_view.col_step_rate", "From the previous step", nullptr},
  {"text_view.col_overall", "From the first step", nullptr},
  {"text_view.col_median_time", "Median time", nullptr},
  {"text_view.paths", "Most frequent paths", nullptr},
  {"text_view.paths_caption", "What customers do next: the most frequent steps from one to the next", nullptr},
  {"text_view.col_from", "From", nullptr},
  {"text_view.col_to", "To", nullptr},
  {"text_view.col_count", "Count", nullptr},
  {"text_view.attribution", "Attribution", nullptr},
  {"text_view.attribution_caption", "Share of conversions credited to each channel, per model", nullptr},
  {"text_view.col_channel", "Channel", nullptr},
  {"text_view.model.first", "First touch", nullptr},
  {"text_view.model.last", "Last touch", nullptr},
  {"text_view.model.last_non_direct", "Last non-direct touch", nullptr},
  {"text_view.model.linear", "Linear", nullptr},
  {"text_view.model.time_decay", "Time decay", nullptr},
  {"text_view.model.position_u", "U-shaped", nullptr},
  {"text_view.model.position_j", "J-shaped", nullptr},
  {"text_view.model.position_inverse_j", "Inverse J-shaped", nullptr},
  {"text_view.model.participation", "Participation", nullptr},
  {"text_view.model.markov", "Markov chain", nullptr},
  {"text_view.model.shapley", "Shapley value", nullptr},
  {"text_view.model.fractribution", "Fractribution", nullptr},
  {"text_view.trends", "Trends", nullptr},
  {"text_view.trends_caption", "Scores of the whole journey per period", nullptr},
  {"text_view.col_period", "Period", nullptr},
  {"text_view.dur_s", "{n} s", nullptr},
  {"text_view.dur_min", "{n} min", nullptr},
  {"text_view.dur_h", "{n} h", nullptr},
  {"text_view.dur_d", "{n} d", nullptr},
  // Evidence, sub-journeys and governance in the text view: the editor's own keys (the same words
  // as in the inspector), here for a text view made without translation tables.
  {"evidence.heading", "Evidence", nullptr},
  {"evidence.confidence.assumed", "Assumed", nullptr},
  {"evidence.confidence.reported", "Reported", nullptr},
  {"evidence.confidence.observed", "Observed", nullptr},
  {"evidence.kind.interview", "Interview", nullptr},
  {"evidence.kind.survey", "Survey", nullptr},
  {"evidence.kind.ticket", "Support ticket", nullptr},
  {"evidence.kind.analytics", "Analytics", nullptr},
  {"evidence.kind.url", "Web page", nullptr},
  {"evidence.kind.file", "File", nullptr},
  {"evidence.kind.other", "Other", nullptr},
  {"journey.heading", "Sub-journey", nullptr},
  {"gov.owner", "Owner", nullptr},
  {"gov.status", "Status", nullptr},
  {"gov.status.draft", "Draft", nullptr},
  {"gov.status.in_review", "In review", nullptr},
  {"gov.status.published", "Published", nullptr},
  {"gov.status.retired", "Retired", nullptr},
  {"gov.reviewed", "Last reviewed", nullptr},
  {"gov.review_due", "Review due", nullptr},
};

const Word* english(const char* key) {
  static const std::unordered_map<std::string, const Word*> index = [] {
    std::unordered_map<std::string, const Word*> out;
    for (const Word& w : kEnglish) out[w.key] = &w;
    return out;
  }();
  auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

bool tr_has(const I18n* tr, const char* key) {
  return tr && (tr->has(tr->language(), key) || tr->has("en", key));
}

// A word of another part's table (lane_type.*, channel.*, canvas6.metric.*), else `fallback`.
std::string other_word(const I18n* tr, const std::string& key, const char* fallback) {
  if (tr && (tr->has(tr->language(), key) || tr->has("en", key))) return tr->text(key);
  return fallback;
}
}  // namespace

// The builtin English table, for the test that keeps en.json equal to it.
std::vector<std::pair<std::string, std::string>> a11y_builtin_words() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Word& w : kEnglish) out.push_back({w.key, w.one ? std::string(w.one) + "\n" + w.text : w.text});
  return out;
}

std::string a11y_text(const I18n* tr, const char* key, I18nArgs args) {
  if (tr) {
    const std::string& s = tr->text(key);   // the key itself when no table has it
    if (s != key) return args.size() ? format_placeholders(s, args) : s;
  }
  const Word* w = english(key);
  return format_placeholders(w ? w->text : key, args);
}

std::string a11y_plural(const I18n* tr, const char* key, long long n, I18nArgs args) {
  if (tr_has(tr, key)) return tr->plural(key, n, args);
  const Word* w = english(key);
  if (!w) return key;
  std::string out = format_placeholders(n == 1 && w->one ? w->one : w->text, {{"n", std::to_string(n)}});
  return args.size() ? format_placeholders(out, args) : out;
}

// ---- Text helpers --------------------------------------------------------------------------------

std::string html_escape(const std::string& s) { return xml_escape(s); }
std::string html_bdi(const std::string& s) { return "<bdi>" + html_escape(s) + "</bdi>"; }

std::string html_with_user(const std::string& formatted, const std::string& user) {
  size_t at = formatted.find('\x01');
  if (at == std::string::npos) return html_escape(formatted);
  return html_escape(formatted.substr(0, at)) + html_bdi(user) + html_escape(formatted.substr(at + 1));
}

std::string a11y_number(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  size_t dot = s.find('.');
  if (dot == std::string::npos) dot = s.find(',');   // a locale that writes a comma
  if (dot != std::string::npos) {
    s[dot] = '.';
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string a11y_signed(double score) {
  std::string s = a11y_number(score);
  return s == "0" || s[0] == '-' ? s : "+" + s;
}

std::string a11y_emotion_word(float score, const I18n* tr) {
  // Bands of the -2..+2 scale: 1.5 still reads "satisfied", only beyond it "very satisfied".
  const char* key = score > 1.5f ? "a11y.emotion.very_satisfied" : score >= 0.5f ? "a11y.emotion.satisfied"
                  : score > -0.5f ? "a11y.emotion.neutral" : score >= -1.5f ? "a11y.emotion.unhappy"
                  : "a11y.emotion.very_unhappy";
  return a11y_text(tr, key);
}

std::string a11y_emotion_text(float score, const I18n* tr) {
  return a11y_text(tr, "a11y.emotion_value", {{"score", a11y_signed(score)}, {"feeling", a11y_emotion_word(score, tr)}});
}

std::string a11y_metric_name(const Metric& mt, const I18n* tr) {
  const MetricKindInfo& info = metric_kind_info(mt.kind);
  if (!mt.name.empty() && mt.name != info.name) return mt.name;
  return other_word(tr, std::string("canvas6.metric.") + info.key, info.name);
}

std::string a11y_metric_value(double v, const std::string& unit) {
  return a11y_number(v) + (unit.empty() ? "" : " " + unit);
}

std::string a11y_metric_text(const Metric& mt, const I18n* tr) {
  std::string value = mt.value ? a11y_metric_value(*mt.value, mt.unit) : a11y_text(tr, "a11y.metric_no_value");
  std::string out = a11y_text(tr, "a11y.metric", {{"name", a11y_metric_name(mt, tr)}, {"value", value}});
  std::vector<std::string> about;
  if (mt.target) about.push_back(a11y_text(tr, "a11y.metric_target", {{"target", a11y_metric_value(*mt.target, mt.unit)}}));
  MetricStatus st = metric_status(mt);
  if (st != MetricStatus::Unknown) about.push_back(a11y_text(tr, (std::string("a11y.status.") + metric_status_key(st)).c_str()));
  if (about.empty()) return out;
  std::string joined;
  for (size_t i = 0; i < about.size(); i++) joined += (i ? a11y_text(tr, "a11y.list_sep") : "") + about[i];
  return a11y_text(tr, "a11y.metric_about", {{"metric", out}, {"about", joined}});
}

std::string a11y_stage_name(const Stage& s, const I18n* tr) {
  return s.name.empty() ? a11y_text(tr, "a11y.untitled_stage") : s.name;
}

std::string a11y_lane_name(const Lane& l, const I18n* tr) {
  if (!l.name.empty()) return l.name;
  const LaneTypeInfo& info = lane_type_info(l.type);
  return other_word(tr, std::string("lane_type.") + info.key, info.name);
}

std::string a11y_persona_name(const Map& m, Id persona, const I18n* tr) {
  const Persona* p = persona_by_id(m, persona);
  return p && !p->name.empty() ? p->name : a11y_text(tr, "a11y.persona_unnamed");
}

std::string a11y_kind_word(LaneType t, const I18n* tr) {
  return a11y_text(tr, (std::string("a11y.kind.") + lane_type_info(t).key).c_str());
}

static std::string join_list(const std::vector<std::string>& v, const I18n* tr) {
  std::string sep = a11y_text(tr, "a11y.list_sep"), out;
  for (size_t i = 0; i < v.size(); i++) out += (i ? sep : "") + v[i];
  return out;
}

static std::string channel_word(const std::string& key, const I18n* tr) {
  const ChannelInfo* ci = channel_info(key);
  return ci ? other_word(tr, std::string("channel.") + ci->key, ci->name) : key;
}

std::string a11y_card_description(const Map& m, const Card& c, LaneType t, Id persona_filter, const I18n* tr) {
  std::vector<std::string> parts;
  if (t != LaneType::Emotions) parts.push_back(a11y_kind_word(t, tr));
  if (c.moment_of_truth && t != LaneType::MomentsOfTruth) parts.push_back(a11y_text(tr, "a11y.moment_of_truth"));
  if (!c.tags.empty()) parts.push_back(a11y_text(tr, "a11y.tags", {{"list", join_list(c.tags, tr)}}));
  if (!c.channel.empty()) parts.push_back(a11y_text(tr, "a11y.channel", {{"name", channel_word(c.channel, tr)}}));
  if (!c.owner.empty()) parts.push_back(a11y_text(tr, "a11y.owner", {{"name", c.owner}}));
  if (!c.device.empty()) parts.push_back(a11y_text(tr, "a11y.device", {{"name", c.device}}));
  if (!c.personas.empty()) {
    std::vector<std::string> names;
    for (Id p : c.personas) names.push_back(a11y_persona_name(m, p, tr));
    parts.push_back(a11y_text(tr, "a11y.for_personas", {{"list", join_list(names, tr)}}));
  }
  for (const Metric& mt : c.metrics) parts.push_back(a11y_metric_text(mt, tr));
  if (!c.comments.empty()) parts.push_back(a11y_plural(tr, "a11y.n_comments", (long long)c.comments.size()));
  // What the canvas's backing badge and sub-journey badge show (editor/card_badges.cpp), in words.
  if (t != LaneType::Emotions && (!c.evidence.empty() || t == LaneType::PainPoints))
    parts.push_back(a11y_text(tr, (std::string("a11y.backing.") + backing_key(card_backing(c))).c_str()));
  if (!c.journey.empty()) parts.push_back(a11y_text(tr, "a11y.sub_journey"));
  bool dimmed = persona_filter != kNoId &&
                (t == LaneType::Emotions ? c.persona != persona_filter : !card_for_persona(c, persona_filter));
  if (dimmed) parts.push_back(a11y_text(tr, "a11y.dimmed"));
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) out += (i ? ". " : "") + parts[i];
  return out;
}

std::string a11y_cell_label(const Map& m, Id stage, Id lane, size_t cards, const I18n* tr) {
  const Stage* s = stage_by_id(m, stage);
  int li = find_lane(m, lane);
  std::string sn = s ? a11y_stage_name(*s, tr) : std::string();
  std::string ln = li >= 0 ? a11y_lane_name(m.lanes[li], tr) : std::string();
  bool points = li >= 0 && m.lanes[li].type == LaneType::Emotions;
  std::string count = a11y_plural(tr, points ? "a11y.n_points" : "a11y.n_cards", (long long)cards);
  return a11y_text(tr, "a11y.cell_label", {{"stage", sn}, {"lane", ln}, {"count", count}});
}

// ---- Hashing -------------------------------------------------------------------------------------
namespace {
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, size_t n) {
    const unsigned char* b = (const unsigned char*)p;
    for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 1099511628211ull; }
  }
  void u64(uint64_t v) { bytes(&v, sizeof v); }
  void f64(double v) { bytes(&v, sizeof v); }
  void str(const std::string& s) { u64(s.size()); bytes(s.data(), s.size()); }
};

uint64_t hash_text(const std::string& s) { Fnv f; f.str(s); return f.h; }

void hash_metric(Fnv& f, const Metric& mt) {
  f.u64((uint64_t)mt.kind); f.str(mt.name); f.str(mt.unit); f.str(mt.date); f.u64(mt.higher_is_better);
  f.u64(mt.value.has_value()); f.f64(mt.value.value_or(0));
  f.u64(mt.target.has_value()); f.f64(mt.target.value_or(0));
}

// Everything of a card that reaches its HTML (persona names are hashed by the cell).
void hash_card(Fnv& f, const Card& c) {
  f.u64(c.id); f.str(c.text); f.str(c.channel); f.str(c.owner); f.str(c.device);
  f.u64(c.tags.size());
  for (const std::string& t : c.tags) f.str(t);
  f.u64(c.personas.size());
  for (Id p : c.personas) f.u64(p);
  f.u64(c.persona); f.f64(c.score); f.u64(c.moment_of_truth); f.u64(c.comments.size());
  f.u64(c.metrics.size());
  for (const Metric& mt : c.metrics) hash_metric(f, mt);
  f.u64((uint64_t)card_backing(c)); f.str(c.journey);
}

std::string attr(const char* name, const std::string& value) { return std::string(" ") + name + "=\"" + html_escape(value) + "\""; }
}  // namespace

// ---- The mirror ----------------------------------------------------------------------------------

A11yMirror build_a11y_mirror(const Map& m, const A11yOptions& o, A11yMirror* prev) {
  const I18n* tr = o.i18n;
  std::string lang = tr ? tr->language() : "en";
  bool ui_rtl = language_is_rtl(lang);
  A11yMirror out;
  std::vector<const Stage*> stages = stages_in(m, o.state);
  const size_t S = stages.size(), L = m.lanes.size();
  out.stages = S;
  out.lanes = L;

  // Cells: cards bucketed by (lane, stage shown), then sorted; an Emotions cell's points go curve
  // by curve (the shared one first, then personas in map order), each curve by order.
  IdMap<size_t> col, row, persona_at;
  for (size_t i = 0; i < S; i++) col[stages[i]->id] = i;
  for (size_t i = 0; i < L; i++) row[m.lanes[i].id] = i;
  for (size_t i = 0; i < m.personas.size(); i++) persona_at[m.personas[i].id] = i + 1;
  std::vector<std::vector<const Card*>> cells(S * L);
  for (const Card& c : m.cards) {
    auto cs = col.find(c.stage);
    auto rl = row.find(c.lane);
    if (cs == col.end() || rl == row.end()) continue;
    cells[rl->second * S + cs->second].push_back(&c);
  }
  auto curve_rank = [&](const Card* c) -> size_t {
    if (c->persona == kNoId) return 0;
    auto it = persona_at.find(c->persona);
    return it == persona_at.end() ? m.personas.size() + 1 : it->second;
  };
  for (size_t li = 0; li < L; li++) {
    bool emo = m.lanes[li].type == LaneType::Emotions;
    for (size_t si = 0; si < S; si++) {
      auto& v = cells[li * S + si];
      if (v.size() < 2) continue;
      if (emo)
        std::stable_sort(v.begin(), v.end(), [&](const Card* a, const Card* b) {
          size_t ra = curve_rank(a), rb = curve_rank(b);
          return ra != rb ? ra < rb : a->order < b->order;
        });
      else
        std::stable_sort(v.begin(), v.end(), [](const Card* a, const Card* b) { return a->order < b->order; });
    }
  }

  // Reused html is moved out of prev, not copied: on the 4,800-card map the unchanged cells are
  // ~1.5 MB, and copying them was most of an edit's cost in the browser.
  std::unordered_map<std::string, A11yPart*> old;
  if (prev)
    for (A11yPart& p : prev->parts) old[p.key] = &p;
  auto reuse = [&](A11yPart& part) {
    auto it = old.find(part.key);
    if (it == old.end() || it->second->hash != part.hash || it->second->html.empty()) return false;
    part.html = std::move(it->second->html);
    return true;
  };

  // Section and grid.
  out.section_open = "<section id=\"jm-a11y-map\" aria-labelledby=\"jm-a11y-title\"" + attr("lang", lang) +
                     attr("dir", ui_rtl ? "rtl" : "ltr") + ">";
  out.grid_open = "<div role=\"grid\" id=\"jm-grid\" aria-labelledby=\"jm-a11y-title\" aria-rowcount=\"" +
                  std::to_string(L + 1) + "\" aria-colcount=\"" + std::to_string(S + 1) + "\"" +
                  (o.editable ? "" : " aria-readonly=\"true\"") +
                  attr("dir", m.meta.direction == Direction::RightToLeft ? "rtl" : "ltr") + ">";

  size_t total_cards = 0;
  for (const auto& v : cells) total_cards += v.size();
  out.cards = total_cards;

  // "head": small, written every time and hashed by its html.
  {
    A11yPart p;
    p.key = "head";
    p.id = "jm-a11y-head";
    std::string h = "<div id=\"jm-a11y-head\"><h2 id=\"jm-a11y-title\">" +
                    html_bdi(m.meta.title.empty() ? a11y_text(tr, "a11y.untitled_map") : m.meta.title) + "</h2>";
    if (!m.meta.goal.empty())
      h += "<p>" + html_with_user(a11y_text(tr, "a11y.goal", {{"goal", "\x01"}}), m.meta.goal) + "</p>";
    std::vector<std::string> counts;
    if (has_future_state(m)) counts.push_back(a11y_text(tr, o.state == JourneyState::Future ? "a11y.state.future" : "a11y.state.current"));
    counts.push_back(a11y_plural(tr, "a11y.n_stages", (long long)S));
    counts.push_back(a11y_plural(tr, "a11y.n_lanes", (long long)L));
    counts.push_back(a11y_plural(tr, "a11y.n_cards", (long long)total_cards));
    if (!m.personas.empty()) counts.push_back(a11y_plural(tr, "a11y.n_personas", (long long)m.personas.size()));
    h += "<p>" + html_escape(join_list(counts, tr)) + "</p>";
    if (!m.personas.empty()) {
      h += "<h3>" + html_escape(a11y_text(tr, "a11y.personas")) + "</h3><ul>";
      for (const Persona& ps : m.personas) {
        h += "<li>" + html_bdi(a11y_persona_name(m, ps.id, tr));
        if (!ps.role.empty()) h += html_escape(a11y_text(tr, "a11y.list_sep")) + html_bdi(ps.role);
        h += "</li>";
      }
      h += "</ul>";
    }
    h += "</div>";
    p.html = std::move(h);
    p.hash = hash_text(p.html);
    out.parts.push_back(std::move(p));
  }

  // "colheads": the corner and the stage headers with their metrics as text.
  {
    A11yPart p;
    p.key = "colheads";
    p.id = "jm-r-head";
    std::string h = "<div role=\"row\" id=\"jm-r-head\" aria-rowindex=\"1\"><div role=\"columnheader\" aria-colindex=\"1\">" +
                    html_escape(a11y_text(tr, "a11y.corner")) + "</div>";
    for (size_t si = 0; si < S; si++) {
      const Stage& st = *stages[si];
      std::string sid = std::to_string(st.id);
      h += "<div role=\"columnheader\" id=\"jm-s-" + sid + "\" data-id=\"stage:" + sid + "\" tabindex=\"-1\" aria-colindex=\"" +
           std::to_string(si + 2) + "\">" + html_bdi(a11y_stage_name(st, tr));
      std::vector<std::string> desc;
      for (const Metric& mt : st.metrics) desc.push_back(a11y_metric_text(mt, tr));
      if (!st.comments.empty()) desc.push_back(a11y_plural(tr, "a11y.n_comments", (long long)st.comments.size()));
      if (!desc.empty()) {
        std::string d;
        for (const std::string& x : desc) d += ". " + x;
        h += "<span class=\"jm-desc\">" + html_escape(d) + "</span>";
      }
      h += "</div>";
    }
    h += "</div>";
    p.html = std::move(h);
    p.hash = hash_text(p.html);
    out.parts.push_back(std::move(p));
  }

  // Per lane: the row header and one cell per stage shown, hashed over their inputs.
  Fnv base;
  base.str(lang); base.u64((uint64_t)(uintptr_t)tr); base.u64(o.editable); base.u64(o.persona_filter);
  base.u64((uint64_t)o.state);
  std::string sep = a11y_text(tr, "a11y.list_sep");
  for (size_t li = 0; li < L; li++) {
    const Lane& lane = m.lanes[li];
    std::string lid = std::to_string(lane.id);
    std::string lane_name = a11y_lane_name(lane, tr);
    out.row_open.push_back("<div role=\"row\" id=\"jm-r-" + lid + "\" aria-rowindex=\"" + std::to_string(li + 2) + "\">");
    {
      A11yPart p;
      p.key = "rowhead:" + lid;
      p.id = "jm-l-" + lid;
      Fnv f = base;
      f.str(lane_name); f.u64((uint64_t)lane.type); f.u64(li);
      p.hash = f.h;
      if (!reuse(p)) {
        p.html = "<div role=\"rowheader\" id=\"jm-l-" + lid + "\" data-id=\"lane:" + lid + "\" data-type=\"" + lane_type_info(lane.type).key +
                 "\" tabindex=\"-1\" aria-colindex=\"1\">" +
                 html_bdi(lane_name);
        const LaneTypeInfo& info = lane_type_info(lane.type);
        std::string type_name = other_word(tr, std::string("lane_type.") + info.key, info.name);
        if (lane_name != type_name && lane_name != info.name)
          p.html += "<span class=\"jm-desc\">" + html_escape(sep + type_name) + "</span>";
        p.html += "</div>";
      }
      out.parts.push_back(std::move(p));
    }
    bool emo = lane.type == LaneType::Emotions;
    for (size_t si = 0; si < S; si++) {
      const Stage& st = *stages[si];
      const auto& cards = cells[li * S + si];
      std::string sid = std::to_string(st.id);
      std::string stage_name = a11y_stage_name(st, tr);
      A11yPart p;
      p.key = "cell:" + sid + ":" + lid;
      p.id = "jm-c-" + sid + "-" + lid;
      Fnv f = base;
      f.str(stage_name); f.str(lane_name); f.u64(lane.type == LaneType::Emotions); f.u64((uint64_t)lane.type);
      f.u64(si); f.u64(li); f.u64(cards.size());
      for (const Card* c : cards) {
        hash_card(f, *c);
        if (emo && c->persona != kNoId) f.str(a11y_persona_name(m, c->persona, tr));
        for (Id pid : c->personas) f.str(a11y_persona_name(m, pid, tr));
      }
      p.hash = f.h;
      if (reuse(p)) {
        out.parts.push_back(std::move(p));
        continue;
      }
      std::string cell_label = a11y_text(tr, "a11y.cell_label", {{"stage", stage_name}, {"lane", lane_name},
          {"count", a11y_plural(tr, emo ? "a11y.n_points" : "a11y.n_cards", (long long)cards.size())}});
      std::string h;
      h.reserve(200 + cards.size() * 320);
      h += "<div role=\"gridcell\" id=\"" + p.id + "\" data-id=\"cell:" + sid + ":" + lid + "\" tabindex=\"-1\" aria-colindex=\"" +
           std::to_string(si + 2) + "\"" + attr("aria-label", cell_label) + ">";
      if (!cards.empty() && !emo)
        h += "<div role=\"listbox\" aria-multiselectable=\"true\"" +
             attr("aria-label", a11y_text(tr, "a11y.listbox_label", {{"stage", stage_name}, {"lane", lane_name}})) + ">";
      for (const Card* c : cards) {
        std::string cid = std::to_string(c->id);
        std::string desc = a11y_card_description(m, *c, lane.type, o.persona_filter, tr);
        if (emo) {
          std::string name = c->persona == kNoId
              ? a11y_text(tr, "a11y.feeling_at", {{"stage", stage_name}})
              : a11y_text(tr, "a11y.feeling_at_persona", {{"stage", stage_name}, {"persona", a11y_persona_name(m, c->persona, tr)}});
          h += "<div role=\"slider\" id=\"jm-k-" + cid + "\" data-id=\"card:" + cid + "\"" +
               (c->persona != kNoId ? " data-persona=\"" + std::to_string(c->persona) + "\"" : std::string()) + " tabindex=\"-1\" aria-orientation=\"vertical\" aria-valuemin=\"-2\" aria-valuemax=\"2\" aria-valuenow=\"" +
               a11y_number(clamp_score(c->score)) + "\"" + attr("aria-valuetext", a11y_emotion_text(clamp_score(c->score), tr)) +
               " aria-labelledby=\"jm-kt-" + cid + "\"" + (desc.empty() ? "" : attr("aria-description", desc)) +
               "><span id=\"jm-kt-" + cid + "\">" + html_escape(name);
          if (!c->text.empty()) h += html_escape(": ") + html_bdi(c->text);
          h += "</span>";
          h += "</div>";
        } else {
          h += "<div role=\"option\" id=\"jm-k-" + cid + "\" data-id=\"card:" + cid +
               "\" tabindex=\"-1\" aria-selected=\"false\" aria-labelledby=\"jm-kt-" + cid + "\"" + (desc.empty() ? "" : attr("aria-description", desc)) +
               "><bdi id=\"jm-kt-" + cid + "\">" +
               html_escape(c->text.find_first_not_of(" \t\r\n") == std::string::npos ? a11y_text(tr, "a11y.empty_card") : c->text) +
               "</bdi></div>";
        }
      }
      if (!cards.empty() && !emo) h += "</div>";
      h += "</div>";
      p.html = std::move(h);
      out.parts.push_back(std::move(p));
    }
  }

  // "tables": the text view's tables; hashed by its html (bounded by stages and points, cheap).
  {
    A11yPart p;
    p.key = "tables";
    p.id = "jm-a11y-tables";
    TextViewOptions tv;
    tv.i18n = tr;
    tv.state = o.state;
    p.html = "<div id=\"jm-a11y-tables\"><h2>" + html_escape(a11y_text(tr, "a11y.tables")) + "</h2>" +
             text_view_tables_html(m, tv) + "</div>";
    p.hash = hash_text(p.html);
    out.parts.push_back(std::move(p));
  }
  return out;
}

A11yPatch diff_a11y_mirror(const A11yMirror& prev, const A11yMirror& next) {
  A11yPatch p;
  bool same = prev.parts.size() == next.parts.size() && prev.section_open == next.section_open &&
              prev.grid_open == next.grid_open && prev.row_open == next.row_open;
  for (size_t i = 0; same && i < next.parts.size(); i++) same = prev.parts[i].key == next.parts[i].key;
  if (!same) {
    p.full = true;
    return p;
  }
  for (size_t i = 0; i < next.parts.size(); i++)
    if (prev.parts[i].hash != next.parts[i].hash) p.changed.push_back(&next.parts[i]);   // equal hash: equal html (prev's may have been moved into next)
  return p;
}

std::string a11y_mirror_html(const A11yMirror& m) {
  size_t n = m.section_open.size() + m.grid_open.size() + 64;
  for (const A11yPart& p : m.parts) n += p.html.size() + 32;
  std::string out;
  out.reserve(n);
  out += m.section_open;
  size_t i = 0;
  auto part = [&](const char* key) {
    if (i < m.parts.size() && m.parts[i].key == key) out += m.parts[i++].html;
  };
  part("head");
  out += m.grid_open;
  part("colheads");
  for (size_t li = 0; li < m.row_open.size(); li++) {
    out += m.row_open[li];
    for (size_t k = 0; k < m.stages + 1 && i < m.parts.size(); k++) out += m.parts[i++].html;
    out += "</div>";
  }
  out += "</div>";
  part("tables");
  out += "</section>";
  return out;
}

// JSON string text for the page's messages. Written by hand rather than through nlohmann::json:
// the full mirror of the 4,800-card map is 1.5 MB and the library's dump took ~10x longer. The
// HTML is valid UTF-8 (user text went through html_escape, which replaces bad bytes), so only
// quotes, backslashes and control characters need escaping.
static void json_string(std::string& out, const std::string& s) {
  // Two passes: the escaped size first, then the bytes written in place (no append per quote).
  size_t extra = 0;
  for (unsigned char c : s) extra += c == '"' || c == '\\' || c == '\n' ? 1 : c < 0x20 ? 5 : 0;
  size_t at = out.size();
  out.resize(at + s.size() + extra + 2);
  char* w = &out[at];
  *w++ = '"';
  for (unsigned char c : s) {
    if (c >= 0x20 && c != '"' && c != '\\') { *w++ = (char)c; continue; }
    *w++ = '\\';
    if (c == '"' || c == '\\') *w++ = (char)c;
    else if (c == '\n') *w++ = 'n';
    else {
      static const char hex[] = "0123456789abcdef";
      *w++ = 'u'; *w++ = '0'; *w++ = '0'; *w++ = hex[c >> 4]; *w++ = hex[c & 15];
    }
  }
  *w++ = '"';
}

std::string a11y_full_json(const A11yMirror& m) {
  std::string html = a11y_mirror_html(m);
  std::string out;
  out.reserve(html.size() + html.size() / 16 + 64);
  out += "{\"full\":true,\"html\":";
  json_string(out, html);
  out += ",\"cards\":" + std::to_string(m.cards) + "}";
  return out;
}

std::string a11y_patch_json(const A11yMirror& next, const A11yPatch& p) {
  if (p.full) return a11y_full_json(next);
  std::string out = "{\"full\":false,\"parts\":[";
  for (size_t i = 0; i < p.changed.size(); i++) {
    out += i ? ",{\"id\":" : "{\"id\":";
    json_string(out, p.changed[i]->id);
    out += ",\"html\":";
    json_string(out, p.changed[i]->html);
    out += "}";
  }
  out += "],\"cards\":" + std::to_string(next.cards) + "}";
  return out;
}

}  // namespace jm
