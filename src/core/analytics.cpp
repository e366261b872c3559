#include "core/analytics.h"
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace jm {

namespace {

// Cards of one state sorted the way a reader walks the map: stage order, lane order, card order.
// Indices come from one pass over stages and lanes so sorting stays O(n log n) on large maps.
struct Walk {
  IdMap<int> stage_index, lane_index;
  explicit Walk(const Map& m, JourneyState state) {
    for (size_t i = 0; i < m.stages.size(); i++)
      if (m.stages[i].state == state) stage_index.emplace(m.stages[i].id, (int)i);
    for (size_t i = 0; i < m.lanes.size(); i++) lane_index.emplace(m.lanes[i].id, (int)i);
  }
  bool has(const Card& c) const { return stage_index.count(c.stage) && lane_index.count(c.lane); }
  void sort(std::vector<const Card*>& v) const {
    std::stable_sort(v.begin(), v.end(), [&](const Card* a, const Card* b) {
      int sa = stage_index.at(a->stage), sb = stage_index.at(b->stage);
      if (sa != sb) return sa < sb;
      int la = lane_index.at(a->lane), lb = lane_index.at(b->lane);
      if (la != lb) return la < lb;
      return a->order < b->order;
    });
  }
};

LaneType lane_type_of(const Map& m, Id lane) {
  int i = find_lane(m, lane);
  return i < 0 ? LaneType::Text : m.lanes[i].type;
}

std::string trim_lower(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  std::string out = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return out;
}

std::string channel_label(const std::string& key) {
  const ChannelInfo* ci = channel_info(key);
  return ci ? ci->name : key;
}

// Roll-up groups: the kind, and for custom metrics the name too (two custom metrics are only the
// same figure when they are named alike).
std::string group_key(const Metric& x) {
  return x.kind == MetricKind::Custom ? "custom:" + x.name : metric_kind_info(x.kind).key;
}

} // namespace

// ---- Current vs future state ---------------------------------------------------------------------

StateDiff diff_states(const Map& m, JourneyState from, JourneyState to) {
  StateDiff out;
  // Stages: by origin, then by name.
  std::vector<const Stage*> a = stages_in(m, from), b = stages_in(m, to);
  IdMap<Id> stage_pair;      // stage in `to` -> stage in `from`
  IdSet a_taken;
  IdSet a_ids;
  for (const Stage* s : a) a_ids.insert(s->id);
  IdSet b_ids;
  for (const Stage* s : b) b_ids.insert(s->id);
  // Origins point from the future to the current state; pair both ways so a diff can run either
  // direction.
  for (const Stage* s : b)
    if (s->origin != kNoId && a_ids.count(s->origin) && a_taken.insert(s->origin).second) stage_pair[s->id] = s->origin;
  for (const Stage* t : a)
    if (t->origin != kNoId && b_ids.count(t->origin) && !stage_pair.count(t->origin) && a_taken.insert(t->id).second)
      stage_pair[t->origin] = t->id;
  for (const Stage* s : b) {
    if (stage_pair.count(s->id)) continue;
    for (const Stage* t : a)
      if (!a_taken.count(t->id) && t->name == s->name) { stage_pair[s->id] = t->id; a_taken.insert(t->id); break; }
  }
  for (const Stage* s : b)
    if (!stage_pair.count(s->id)) out.added_stages.push_back(s->id);
  for (const Stage* t : a)
    if (!a_taken.count(t->id)) out.removed_stages.push_back(t->id);

  // Cards, in reading order so results read in map order.
  Walk wa(m, from), wb(m, to);
  std::vector<const Card*> ca, cb;
  for (const Card& c : m.cards) {
    if (wa.has(c)) ca.push_back(&c);
    else if (wb.has(c)) cb.push_back(&c);
  }
  wa.sort(ca);
  wb.sort(cb);
  IdMap<const Card*> a_by_id;
  for (const Card* c : ca) a_by_id[c->id] = c;
  IdMap<Id> pair;            // card in `to` -> card in `from`
  IdSet used;
  IdSet cb_ids;
  for (const Card* c : cb) cb_ids.insert(c->id);
  for (const Card* c : cb)
    if (c->origin != kNoId && a_by_id.count(c->origin) && used.insert(c->origin).second) pair[c->id] = c->origin;
  for (const Card* c : ca)
    if (c->origin != kNoId && cb_ids.count(c->origin) && !pair.count(c->origin) && used.insert(c->id).second)
      pair[c->origin] = c->id;
  // Fallback for cards made by hand in both states: same stage (paired), lane and text.
  std::multimap<std::tuple<Id, Id, std::string>, const Card*> loose;
  for (const Card* c : ca)
    if (!used.count(c->id)) loose.emplace(std::make_tuple(c->stage, c->lane, c->text), c);
  for (const Card* c : cb) {
    if (pair.count(c->id)) continue;
    auto sp = stage_pair.find(c->stage);
    if (sp == stage_pair.end()) continue;
    // Only cards no origin paired are in `loose`, and each is taken out once paired.
    auto it = loose.find(std::make_tuple(sp->second, c->lane, c->text));
    if (it == loose.end()) continue;
    pair[c->id] = it->second->id;
    used.insert(it->second->id);
    loose.erase(it);
  }
  for (const Card* c : cb) {
    auto p = pair.find(c->id);
    if (p == pair.end()) { out.added.push_back(c->id); continue; }
    const Card& x = *a_by_id[p->second];
    const Card& y = *c;
    CardDiff d;
    d.from = x.id;
    d.to = y.id;
    auto sp = stage_pair.find(y.stage);
    if (sp == stage_pair.end() || sp->second != x.stage) d.fields.push_back("stage");
    if (x.lane != y.lane) d.fields.push_back("lane");
    if (x.text != y.text) d.fields.push_back("text");
    if (x.color != y.color) d.fields.push_back("color");
    if (x.tags != y.tags) d.fields.push_back("tags");
    if (x.icon != y.icon) d.fields.push_back("icon");
    if (x.channel != y.channel) d.fields.push_back("channel");
    if (x.score != y.score) d.fields.push_back("score");
    if (x.persona != y.persona) d.fields.push_back("persona");
    if (x.personas != y.personas) d.fields.push_back("personas");
    if (x.moment_of_truth != y.moment_of_truth) d.fields.push_back("moment_of_truth");
    // Links name cards of their own state: compare them through the pairing.
    std::vector<Id> mapped;
    for (Id l : y.links) {
      auto q = pair.find(l);
      mapped.push_back(q == pair.end() ? kNoId : q->second);
    }
    std::vector<Id> xl = x.links;
    std::sort(xl.begin(), xl.end());
    std::sort(mapped.begin(), mapped.end());
    if (xl != mapped) d.fields.push_back("links");
    if (x.owner != y.owner) d.fields.push_back("owner");
    if (x.device != y.device) d.fields.push_back("device");
    if (x.metrics != y.metrics) d.fields.push_back("metrics");
    if (d.fields.empty()) out.unchanged++;
    else out.changed.push_back(std::move(d));
  }
  for (const Card* c : ca)
    if (!used.count(c->id)) out.removed.push_back(c->id);
  return out;
}

// ---- Hand-off gaps -------------------------------------------------------------------------------

std::vector<HandoffGap> handoff_gaps(const Map& m, JourneyState state) {
  Walk w(m, state);
  std::vector<const Card*> touch;
  IdMap<std::string> stage_team;   // the first card of an Owners lane per stage
  std::vector<const Card*> owners;
  for (const Card& c : m.cards) {
    if (!w.has(c)) continue;
    LaneType t = lane_type_of(m, c.lane);
    if (t == LaneType::Touchpoints) touch.push_back(&c);
    else if (t == LaneType::Owners) owners.push_back(&c);
  }
  w.sort(touch);
  w.sort(owners);
  for (const Card* c : owners)
    if (!stage_team.count(c->stage) && !trim_lower(c->text).empty()) stage_team[c->stage] = c->text;
  auto team = [&](const Card* c) {
    if (!trim_lower(c->owner).empty()) return c->owner;
    auto it = stage_team.find(c->stage);
    return it == stage_team.end() ? std::string() : it->second;
  };
  std::vector<HandoffGap> out;
  for (size_t i = 1; i < touch.size(); i++) {
    const Card* a = touch[i - 1];
    const Card* b = touch[i];
    HandoffGap g;
    g.from = a->id;
    g.to = b->id;
    auto differs = [](const std::string& x, const std::string& y) {
      std::string p = trim_lower(x), q = trim_lower(y);
      return !p.empty() && !q.empty() && p != q;
    };
    auto say = [&](const char* what, const std::string& x, const std::string& y) {
      if (!g.reason.empty()) g.reason += "; ";
      g.reason += std::string(what) + ": " + x + " \xE2\x86\x92 " + y;   // U+2192
    };
    if (differs(a->channel, b->channel)) { g.channel = true; say("channel", channel_label(a->channel), channel_label(b->channel)); }
    if (differs(a->device, b->device)) { g.device = true; say("device", a->device, b->device); }
    std::string ta = team(a), tb = team(b);
    if (differs(ta, tb)) { g.team = true; say("team", ta, tb); }
    if (g.channel || g.device || g.team) out.push_back(std::move(g));
  }
  return out;
}

// ---- Metric roll-ups -----------------------------------------------------------------------------

std::vector<StageRollup> stage_rollups(const Map& m, JourneyState state) {
  IdMap<std::vector<const Card*>> by_stage;
  for (const Card& c : m.cards)
    if (!c.metrics.empty()) by_stage[c.stage].push_back(&c);
  std::vector<StageRollup> out;
  for (const Stage* s : stages_in(m, state)) {
    StageRollup r;
    r.stage = s->id;
    struct Acc { MetricRollup r; double sum = 0, tsum = 0; int tcount = 0; };
    std::vector<std::string> order;
    std::unordered_map<std::string, Acc> acc;
    auto add = [&](const Metric& x, bool from_stage) {
      if (!x.value) return;
      std::string k = group_key(x);
      auto it = acc.find(k);
      if (it == acc.end()) {
        order.push_back(k);
        Acc a;
        a.r.kind = x.kind;
        a.r.name = x.name.empty() ? metric_kind_info(x.kind).name : x.name;
        a.r.unit = x.unit;
        a.r.higher_is_better = x.higher_is_better;
        a.r.from_stage = from_stage;
        it = acc.emplace(k, a).first;
      }
      Acc& a = it->second;
      if (a.r.from_stage != from_stage) return;   // the stage's own figure wins over its cards
      a.sum += *x.value;
      a.r.count++;
      if (x.target) { a.tsum += *x.target; a.tcount++; }
    };
    for (const Metric& x : s->metrics) add(x, true);
    auto cards = by_stage.find(s->id);
    if (cards != by_stage.end())
      for (const Card* c : cards->second)
        for (const Metric& x : c->metrics) add(x, false);
    for (const std::string& k : order) {
      Acc& a = acc[k];
      a.r.value = a.sum / a.r.count;
      if (a.tcount) a.r.target = a.tsum / a.tcount;
      Metric probe;
      probe.value = a.r.value;
      probe.target = a.r.target;
      probe.higher_is_better = a.r.higher_is_better;
      a.r.status = metric_status(probe);
      r.metrics.push_back(a.r);
    }
    out.push_back(std::move(r));
  }
  return out;
}

// ---- Emotion curve -------------------------------------------------------------------------------

std::vector<const Card*> emotion_points(const Map& m, JourneyState state, Id persona) {
  Walk w(m, state);
  std::vector<const Card*> out;
  for (const Card& c : m.cards)
    if (w.has(c) && c.persona == persona && lane_type_of(m, c.lane) == LaneType::Emotions) out.push_back(&c);
  w.sort(out);
  return out;
}

std::vector<StageEmotion> emotion_by_stage(const Map& m, JourneyState state, Id persona) {
  std::vector<StageEmotion> out;
  for (const Card* c : emotion_points(m, state, persona)) {
    if (out.empty() || out.back().stage != c->stage) out.push_back(StageEmotion{c->stage, 0, 0});
    out.back().average += c->score;
    out.back().points++;
  }
  for (StageEmotion& e : out) e.average /= e.points;
  return out;
}

// ---- Journey summary -----------------------------------------------------------------------------

JourneySummary summarize(const Map& m, JourneyState state, Id persona) {
  JourneySummary s;
  std::vector<StageEmotion> feel = emotion_by_stage(m, state, persona);
  IdMap<double> feel_of;
  for (const StageEmotion& e : feel) {
    feel_of[e.stage] = e.average;
    if (s.lowest_emotion_stage == kNoId || e.average < s.lowest_emotion) {
      s.lowest_emotion_stage = e.stage;
      s.lowest_emotion = e.average;
    }
  }
  for (size_t i = 1; i < feel.size(); i++) {
    double fall = feel[i - 1].average - feel[i].average;
    if (fall > 0 && (!s.emotion_drop || fall > s.emotion_drop->before - s.emotion_drop->after))
      s.emotion_drop = StageDrop{feel[i - 1].stage, feel[i].stage, feel[i - 1].average, feel[i].average};
  }

  Walk w(m, state);
  IdMap<int> pain;
  for (const Card& c : m.cards) {
    if (!w.has(c) || (persona != kNoId && !card_for_persona(c, persona))) continue;
    LaneType t = lane_type_of(m, c.lane);
    if (t == LaneType::PainPoints) {
      pain[c.stage]++;
      s.pain_points++;
      Backing b = card_backing(c);
      if (b == Backing::Unsupported) s.unsupported_pain++;
      else if (b == Backing::Assumed) s.assumed_pain++;
    }
    if (t == LaneType::Touchpoints) s.touchpoints++;
    if (c.moment_of_truth) s.moments_of_truth++;
  }
  for (const Stage* st : stages_in(m, state)) {
    auto p = pain.find(st->id);
    if (p == pain.end()) continue;
    auto f = feel_of.find(st->id);
    double here = f == feel_of.end() ? 0 : f->second;
    auto g = feel_of.find(s.most_pain_stage);
    double best = g == feel_of.end() ? 0 : g->second;
    if (p->second > s.most_pain || (p->second == s.most_pain && here < best)) {
      s.most_pain_stage = st->id;
      s.most_pain = p->second;
    }
  }

  // Funnel metrics: per kind, the stage figures in stage order, and the biggest loss between
  // consecutive stages that have one.
  std::vector<StageRollup> rolls = stage_rollups(m, state);
  std::vector<std::string> kinds;
  std::unordered_map<std::string, std::vector<std::pair<Id, const MetricRollup*>>> series;
  for (const StageRollup& r : rolls)
    for (const MetricRollup& x : r.metrics) {
      if (!metric_kind_info(x.kind).funnel) continue;
      std::string k = metric_kind_info(x.kind).key;
      if (!series.count(k)) kinds.push_back(k);
      series[k].push_back({r.stage, &x});
    }
  for (const std::string& k : kinds) {
    const auto& v = series[k];
    std::optional<MetricDrop> best;
    double best_loss = 0;
    for (size_t i = 1; i < v.size(); i++) {
      const MetricRollup& a = *v[i - 1].second;
      const MetricRollup& b = *v[i].second;
      double loss = a.higher_is_better ? a.value - b.value : b.value - a.value;
      if (loss > best_loss) {
        best_loss = loss;
        best = MetricDrop{a.kind, a.name, StageDrop{v[i - 1].first, v[i].first, a.value, b.value}};
      }
    }
    if (best) s.metric_drops.push_back(*best);
  }
  s.handoff_gaps = handoff_gaps(m, state).size();
  return s;
}

} // namespace jm
