// data_compute.cpp: from a Dataset to what the map keeps (DataAggregates): the mapping index,
// the units of a funnel, the flow sequences, and the scores per card, stage, persona and period.
#include "core/data_compute.h"
#include "core/attribution.h"
#include "core/flows.h"
#include "core/funnel.h"
#include "core/survey.h"
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <unordered_map>

namespace jm {

static std::string lower_trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  std::string r = s.substr(a, b - a);
  for (char& c : r) if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return r;
}
// "42" or "c42" (or "s3" for a stage) -> the number; 0 when it is not one.
static Id id_of(const std::string& t, char prefix) {
  size_t i = (!t.empty() && (t[0] == prefix || t[0] == prefix - 32)) ? 1 : 0;
  if (i >= t.size() || t.size() - i > 9) return 0;
  Id v = 0;
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return 0;
    v = v * 10 + Id(t[i] - '0');
  }
  return v;
}

// ---- the mapping index ------------------------------------------------------------------------------
MappingIndex::Target MappingIndex::touchpoint_target(const std::string& touchpoint_id) const {
  std::string t = lower_trim(touchpoint_id);
  if (t.empty()) return {};
  if (Id id = id_of(t, 'c'))
    if (const Card* c = card_by_id(*map, id)) return {c->id, c->stage};
  // By text: a card of the current state first (a future card often repeats its text).
  const Card* found = nullptr;
  for (const Card& c : map->cards) {
    if (lower_trim(c.text) != t) continue;
    if (card_state(*map, c) == JourneyState::Current) return {c.id, c.stage};
    if (!found) found = &c;
  }
  return found ? Target{found->id, found->stage} : Target{};
}
MappingIndex::Target MappingIndex::stage_target(const std::string& stage) const {
  std::string t = lower_trim(stage);
  if (t.empty()) return {};
  const Stage* found = nullptr;
  for (const Stage& s : map->stages) {
    if (lower_trim(s.name) != t) continue;
    if (s.state == JourneyState::Current) return {kNoId, s.id};
    if (!found) found = &s;
  }
  if (found) return {kNoId, found->id};
  if (Id id = id_of(t, 's'))
    if (stage_by_id(*map, id)) return {kNoId, id};
  return {};
}

MappingIndex::MappingIndex(const Map& m, const DataMapping& mp, const StringPool& pl) : map(&m), mapping(&mp), pool(&pl) {
  size_t n = pl.strings.size();
  std::vector<std::string> low(n);
  for (size_t i = 1; i < n; ++i) low[i] = lower_trim(pl.strings[i]);
  for (const MappingRule& r : mp.rules) {
    const Card* c = card_by_id(m, r.card);
    if (!c || (r.touchpoint.empty() && r.event.empty() && r.channel.empty())) continue;
    Rule cr;
    cr.target = {c->id, c->stage};
    auto compile = [&](const std::string& field, std::vector<Sym>* out, bool* any) {
      std::string f = lower_trim(field);
      *any = f.empty();
      if (f.empty()) return;
      for (size_t i = 1; i < n; ++i) if (low[i] == f) out->push_back(Sym(i));
    };
    compile(r.touchpoint, &cr.touchpoint, &cr.any_touchpoint);
    compile(r.event, &cr.event, &cr.any_event);
    compile(r.channel, &cr.channel, &cr.any_channel);
    rules.push_back(std::move(cr));
  }
  // Per-symbol tables: text maps built once, then one hash lookup per symbol.
  std::unordered_map<std::string, Target> card_text, stage_name;
  for (int pass = 0; pass < 2; ++pass) {   // current state first: it wins a tie on the text
    for (const Card& c : m.cards)
      if ((card_state(m, c) == JourneyState::Current) == (pass == 0)) card_text.emplace(lower_trim(c.text), Target{c.id, c.stage});
    for (const Stage& s : m.stages)
      if ((s.state == JourneyState::Current) == (pass == 0)) stage_name.emplace(lower_trim(s.name), Target{kNoId, s.id});
  }
  by_touchpoint.assign(n, Target{});
  by_stage.assign(n, Target{});
  for (size_t i = 1; i < n; ++i) {
    const std::string& t = low[i];
    if (t.empty()) continue;
    Target tp;
    if (Id id = id_of(t, 'c'))
      if (const Card* c = card_by_id(m, id)) tp = {c->id, c->stage};
    if (!tp.card) {
      auto it = card_text.find(t);
      if (it != card_text.end()) tp = it->second;
    }
    by_touchpoint[i] = tp;
    auto it = stage_name.find(t);
    if (it != stage_name.end()) by_stage[i] = it->second;
    else if (Id id = id_of(t, 's'))
      if (stage_by_id(m, id)) by_stage[i] = {kNoId, id};
  }
}

static bool has(const std::vector<Sym>& v, Sym s) {
  for (Sym x : v) if (x == s) return true;
  return false;
}

MappingIndex::Target MappingIndex::event(const Event& e) const {
  for (const Rule& r : rules)
    if ((r.any_touchpoint || has(r.touchpoint, e.touchpoint)) && (r.any_event || has(r.event, e.event)) &&
        (r.any_channel || has(r.channel, e.channel)))
      return r.target;
  if (e.touchpoint) {
    Target t = e.touchpoint < by_touchpoint.size() ? by_touchpoint[e.touchpoint] : touchpoint_target(pool->str(e.touchpoint));
    if (t.card) return t;
  }
  if (e.stage) return e.stage < by_stage.size() ? by_stage[e.stage] : stage_target(pool->str(e.stage));
  return {};
}

MappingIndex::Target MappingIndex::response(const Response& r) const {
  // An answer has no event or channel: only rules on the touchpoint alone can match it.
  for (const Rule& x : rules)
    if (x.any_event && x.any_channel && !x.any_touchpoint && has(x.touchpoint, r.touchpoint)) return x.target;
  if (r.touchpoint) {
    Target t = r.touchpoint < by_touchpoint.size() ? by_touchpoint[r.touchpoint] : touchpoint_target(pool->str(r.touchpoint));
    if (t.card) return t;
  }
  if (r.stage) return r.stage < by_stage.size() ? by_stage[r.stage] : stage_target(pool->str(r.stage));
  return {};
}

// ---- units ------------------------------------------------------------------------------------------
// Event indices per unit (person, or person and session), each in time order (file order on ties).
static std::vector<std::vector<uint32_t>> group_units(const Dataset& ds, const std::string& unit) {
  std::vector<std::vector<uint32_t>> units;
  if (unit == "session") {
    IdMap<uint32_t> index;   // person << 32 | session: the folding hash suits it
    for (size_t i = 0; i < ds.events.size(); ++i) {
      const Event& e = ds.events[i];
      uint64_t key = (uint64_t(e.person) << 32) | e.session;
      auto it = index.emplace(key, uint32_t(units.size())).first;
      if (it->second == units.size()) units.emplace_back();
      units[it->second].push_back(uint32_t(i));
    }
  } else {
    std::vector<int32_t> index(ds.pool.strings.size(), -1);
    for (size_t i = 0; i < ds.events.size(); ++i) {
      Sym p = ds.events[i].person;
      if (p >= index.size()) index.resize(p + 1, -1);
      if (index[p] < 0) { index[p] = int32_t(units.size()); units.emplace_back(); }
      units[size_t(index[p])].push_back(uint32_t(i));
    }
  }
  auto by_time = [&](uint32_t a, uint32_t b) { return ds.events[a].ts_ms < ds.events[b].ts_ms; };
  for (auto& u : units)
    if (!std::is_sorted(u.begin(), u.end(), by_time)) std::stable_sort(u.begin(), u.end(), by_time);
  return units;
}

static std::vector<Id> default_funnel_steps(const Map& m, const std::string& over) {
  std::vector<Id> out;
  if (over == "cards") {
    // Every touchpoint card of the current state, stage by stage, in card order.
    for (const Stage& s : m.stages) {
      if (s.state != JourneyState::Current) continue;
      std::vector<const Card*> cs;
      for (const Card& c : m.cards) {
        const Lane* l = nullptr;
        for (const Lane& x : m.lanes) if (x.id == c.lane) l = &x;
        if (c.stage == s.id && l && l->type == LaneType::Touchpoints) cs.push_back(&c);
      }
      std::stable_sort(cs.begin(), cs.end(), [](const Card* a, const Card* b) { return a->order < b->order; });
      for (const Card* c : cs) out.push_back(c->id);
    }
  } else {
    for (const Stage& s : m.stages) if (s.state == JourneyState::Current) out.push_back(s.id);
  }
  return out;
}

std::vector<std::vector<FunnelTouch>> funnel_units(const Map& m, const Dataset& ds, const DataLayer& d,
                                                   const MappingIndex& idx, std::vector<std::string>* labels,
                                                   std::vector<Id>* targets) {
  const DataSettings& st = d.settings;
  bool cards = st.funnel_over == "cards";
  std::vector<Id> steps = st.funnel_steps.empty() ? default_funnel_steps(m, st.funnel_over) : st.funnel_steps;
  // The step of each card or stage id (the first step naming it).
  IdMap<int32_t> step_of;
  std::vector<std::string> lab;
  std::vector<Id> tg;
  for (Id id : steps) {
    std::string name;
    if (cards) { const Card* c = card_by_id(m, id); if (!c) continue; name = c->text; }
    else { const Stage* s = stage_by_id(m, id); if (!s) continue; name = s->name; }
    step_of.emplace(id, int32_t(tg.size()));
    tg.push_back(id);
    lab.push_back(name);
  }
  if (labels) *labels = lab;
  if (targets) *targets = tg;
  std::vector<std::vector<FunnelTouch>> out;
  for (const auto& u : group_units(ds, st.unit)) {
    std::vector<FunnelTouch> touches;
    touches.reserve(u.size());
    for (uint32_t i : u) {
      const Event& e = ds.events[i];
      MappingIndex::Target t = idx.event(e);
      Id key = cards ? t.card : t.stage;
      auto at = key ? step_of.find(key) : step_of.end();
      int32_t step = at == step_of.end() ? -1 : at->second;
      touches.push_back({e.ts_ms, step});
    }
    out.push_back(std::move(touches));
  }
  return out;
}

std::vector<FlowSequence> flow_sequences(const Map& m, const Dataset& ds, const DataLayer& d, const MappingIndex& idx) {
  const std::string& node = d.settings.path_node;
  IdMap<const std::string*> text_of;   // card id -> its text
  text_of.reserve(m.cards.size());
  for (const Card& c : m.cards) text_of[c.id] = &c.text;
  std::vector<FlowSequence> out;
  for (const auto& u : group_units(ds, d.settings.unit)) {
    FlowSequence s;
    s.steps.reserve(u.size());
    s.ts_ms.reserve(u.size());
    for (uint32_t i : u) {
      const Event& e = ds.events[i];
      if (node == "channel") {
        if (!e.channel) continue;   // no channel: not a step of a channel flow
        s.steps.push_back(ds.pool.str(e.channel));
      } else if (node == "event") {
        s.steps.push_back(ds.pool.str(e.event));
      } else {
        MappingIndex::Target t = idx.event(e);
        auto at = t.card ? text_of.find(t.card) : text_of.end();
        const std::string* text = at == text_of.end() ? nullptr : at->second;
        s.steps.push_back(text ? *text : ds.pool.str(e.event));
      }
      s.ts_ms.push_back(e.ts_ms);
    }
    if (!s.steps.empty()) out.push_back(std::move(s));
  }
  return out;
}

// ---- aggregates -------------------------------------------------------------------------------------
namespace {
struct CellKey {
  Id card, stage, persona;
  int32_t period;
  Sym metric;
  bool operator==(const CellKey& o) const {
    return card == o.card && stage == o.stage && persona == o.persona && period == o.period && metric == o.metric;
  }
};
struct CellHash {
  size_t operator()(const CellKey& k) const {
    uint64_t h = k.card;
    h = h * 1000003u ^ k.stage;
    h = h * 1000003u ^ k.persona;
    h = h * 1000003u ^ uint32_t(k.period);
    h = h * 1000003u ^ k.metric;
    return size_t(h ^ (h >> 29));
  }
};
struct Histogram {
  std::map<int, int64_t> counts;
  int64_t no_score = 0;
  void add(const Histogram& o) {
    for (const auto& kv : o.counts) counts[kv.first] += kv.second;
    no_score += o.no_score;
  }
};
} // namespace

static std::string iso_now() { return iso_utc(int64_t(std::time(nullptr)) * 1000); }

static void compute_scores(const Map& m, const Dataset& ds, const DataLayer& d, const MappingIndex& idx,
                           DataAggregates* out) {
  // Persona symbol -> the map's persona (by name, case-insensitive, or uid).
  std::vector<Id> persona_of(ds.pool.strings.size(), kNoId);
  {
    std::vector<bool> seen(ds.pool.strings.size(), false);
    for (const Response& r : ds.responses) {
      if (!r.persona || r.persona >= seen.size() || seen[r.persona]) continue;
      seen[r.persona] = true;
      std::string t = lower_trim(ds.pool.str(r.persona));
      for (const Persona& p : m.personas)
        if (lower_trim(p.name) == t || (!p.uid.empty() && lower_trim(p.uid) == t)) { persona_of[r.persona] = p.id; break; }
    }
  }
  // One pass over the answers into cells (card, stage, persona, period, metric), then the cells
  // are rolled up into the targets: far fewer cells than answers.
  std::unordered_map<int64_t, int32_t> period_of_day;
  std::vector<std::string> periods;
  std::unordered_map<CellKey, Histogram, CellHash> cells;
  std::map<Sym, std::pair<int, int>> scale;   // metric -> the scale of its first answer that has one
  for (const Response& r : ds.responses) {
    MappingIndex::Target t = idx.response(r);
    int64_t day = r.ts_ms >= 0 ? r.ts_ms / 86400000 : -((-r.ts_ms + 86399999) / 86400000);
    auto pit = period_of_day.find(day);
    if (pit == period_of_day.end()) {
      std::string p = period_of(day * 86400000, d.settings.trend_by);
      auto f = std::find(periods.begin(), periods.end(), p);
      int32_t pi = int32_t(f - periods.begin());
      if (f == periods.end()) periods.push_back(p);
      pit = period_of_day.emplace(day, pi).first;
    }
    Id persona = r.persona < persona_of.size() ? persona_of[r.persona] : kNoId;
    Histogram& h = cells[CellKey{t.card, t.stage, persona, pit->second, r.metric}];
    if (r.blank) ++h.no_score; else ++h.counts[r.score];
    if (!scale.count(r.metric) && r.scale_max > r.scale_min) scale[r.metric] = {r.scale_min, r.scale_max};
  }
  struct TKey {
    Id card, stage, persona;
    std::string period;
    std::string metric;
    bool operator<(const TKey& o) const {
      return std::tie(card, stage, persona, period, metric) < std::tie(o.card, o.stage, o.persona, o.period, o.metric);
    }
  };
  std::map<TKey, Histogram> targets;
  for (const auto& kv : cells) {
    const CellKey& k = kv.first;
    const std::string& metric = ds.pool.str(k.metric);
    const std::string& period = periods[size_t(k.period)];
    auto add = [&](Id card, Id stage, Id persona, const std::string& per) { targets[TKey{card, stage, persona, per, metric}].add(kv.second); };
    for (Id persona : {kNoId, k.persona}) {
      if (k.card) add(k.card, kNoId, persona, "");
      if (k.stage) add(kNoId, k.stage, persona, "");
      add(kNoId, kNoId, persona, "");
      if (k.persona == kNoId) break;   // everyone only
    }
    add(kNoId, kNoId, kNoId, period);
    if (k.stage) add(kNoId, k.stage, kNoId, period);
  }
  std::sort(periods.begin(), periods.end());
  out->periods = periods;
  out->scores.clear();
  for (const auto& kv : targets) {
    const TKey& k = kv.first;
    if (out->scores.empty() || out->scores.back().card != k.card || out->scores.back().stage != k.stage ||
        out->scores.back().persona != k.persona || out->scores.back().period != k.period) {
      TargetScores ts;
      ts.card = k.card; ts.stage = k.stage; ts.persona = k.persona; ts.period = k.period;
      out->scores.push_back(ts);
    }
    std::vector<int> xs;
    for (const auto& c : kv.second.counts) xs.insert(xs.end(), size_t(c.second), c.first);
    int lo = 0, hi = 0;
    for (const auto& sc : scale)
      if (ds.pool.str(sc.first) == k.metric) { lo = sc.second.first; hi = sc.second.second; }
    out->scores.back().scores.push_back(summarize_scores(k.metric, xs, kv.second.no_score, lo, hi, d.settings.min_n));
  }
}

bool compute_aggregates(const Map& m, const Dataset& ds, const DataLayer& d, DataAggregates* out,
                        const Progress& progress) {
  auto step = [&](double f) { return !progress || progress(f); };
  DataAggregates a;
  if (!step(0)) return false;
  MappingIndex idx(m, d.mapping, ds.pool);

  // Sources: what was read. Rows carry no file index, so first/last are those of the kind.
  int64_t ev_first = 0, ev_last = 0, re_first = 0, re_last = 0;
  for (size_t i = 0; i < ds.events.size(); ++i) {
    int64_t t = ds.events[i].ts_ms;
    if (i == 0 || t < ev_first) ev_first = t;
    if (i == 0 || t > ev_last) ev_last = t;
  }
  for (size_t i = 0; i < ds.responses.size(); ++i) {
    int64_t t = ds.responses[i].ts_ms;
    if (i == 0 || t < re_first) re_first = t;
    if (i == 0 || t > re_last) re_last = t;
  }
  for (const ImportReport& r : ds.reports) {
    SourceInfo s;
    s.kind = r.kind;
    s.rows = r.rows;
    s.accepted = r.accepted;
    for (const auto& kv : r.rejected) s.rejected += kv.second;
    if (r.kind == "events") { s.first_ms = ev_first; s.last_ms = ev_last; }
    if (r.kind == "responses") { s.first_ms = re_first; s.last_ms = re_last; }
    a.sources.push_back(s);
  }
  if (!step(0.05)) return false;

  compute_scores(m, ds, d, idx, &a);
  if (!step(0.3)) return false;

  std::vector<std::string> labels;
  auto units = funnel_units(m, ds, d, idx, &labels, &a.funnel_targets);
  a.funnel = compute_funnel(units, labels, d.settings.funnel);
  units.clear();
  units.shrink_to_fit();
  if (!step(0.5)) return false;

  {
    auto seqs = flow_sequences(m, ds, d, idx);
    a.sankey = compute_sankey(seqs, d.settings.sankey);
    a.dfg = compute_dfg(seqs);
  }
  if (!step(0.7)) return false;

  {
    std::vector<Journey> js = !ds.paths.empty() ? journeys_from_paths(ds) : journeys_from_events(ds, d.settings.conversion_event);
    const auto& models = all_attribution_models();
    for (size_t i = 0; i < models.size(); ++i) {
      a.attribution.push_back(attribute(js, models[i], d.settings.attribution));
      if (!step(0.7 + 0.2 * double(i + 1) / double(models.size()))) return false;
    }
  }

  // Unmapped: events (and answers naming a touchpoint or stage) that land nowhere, by key.
  {
    IdMap<int64_t> counts;
    for (const Event& e : ds.events) {
      MappingIndex::Target t = idx.event(e);
      if (t.card || t.stage) continue;
      uint64_t key = e.touchpoint ? ((1ull << 63) | e.touchpoint) : ((uint64_t(e.event) << 32) | e.channel);
      ++counts[key];
    }
    for (const Response& r : ds.responses) {
      if (!r.touchpoint && !r.stage) continue;
      MappingIndex::Target t = idx.response(r);
      if (t.card || t.stage) continue;
      ++counts[(1ull << 63) | (r.touchpoint ? r.touchpoint : r.stage)];
    }
    for (const auto& kv : counts) {
      UnmappedCount u;
      u.count = kv.second;
      if (kv.first >> 63) u.key = ds.pool.str(Sym(kv.first & 0xffffffffu));
      else {
        u.key = ds.pool.str(Sym(kv.first >> 32));
        Sym ch = Sym(kv.first & 0xffffffffu);
        if (ch) u.key += " \xC2\xB7 " + ds.pool.str(ch);
      }
      a.unmapped.push_back(u);
    }
    std::sort(a.unmapped.begin(), a.unmapped.end(), [](const UnmappedCount& x, const UnmappedCount& y) {
      return x.count != y.count ? x.count > y.count : x.key < y.key;
    });
    if (a.unmapped.size() > 50) a.unmapped.resize(50);
  }

  {
    std::vector<bool> seen(ds.pool.strings.size(), false);
    auto see = [&](Sym p) {
      if (!p) return;
      if (p >= seen.size()) seen.resize(p + 1, false);
      if (!seen[p]) { seen[p] = true; ++a.people; }
    };
    for (const Event& e : ds.events) see(e.person);
    for (const Response& r : ds.responses) see(r.person);
  }
  a.events = int64_t(ds.events.size());
  a.responses = int64_t(ds.responses.size());
  a.rules_fired = int64_t(evaluate_rules(ds, d.rules).size());
  a.computed_at = iso_now();
  if (!step(1)) return false;
  *out = std::move(a);
  return true;
}

} // namespace jm
