// data_layer.cpp: the map's data layer (mapping, settings, rules, computed aggregates) as JSON.
// Writers are nlohmann to_json functions beside each type; readers name the path of what is
// wrong ("data.rules[1].kind: expected a string") and skip fields they do not know.
#include "core/data_layer.h"
#include <nlohmann/json.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jm {
using json = nlohmann::json;

// ---- equality -----------------------------------------------------------------------------------
bool MappingRule::operator==(const MappingRule& o) const {
  return touchpoint == o.touchpoint && event == o.event && channel == o.channel && card == o.card;
}
bool DataMapping::operator==(const DataMapping& o) const { return rules == o.rules; }
bool DataRule::operator==(const DataRule& o) const {
  return id == o.id && name == o.name && kind == o.kind && metric == o.metric && action == o.action &&
         threshold == o.threshold;
}
static bool same_funnel(const FunnelOptions& a, const FunnelOptions& b) {
  return a.order == b.order && a.window_ms == b.window_ms && a.open == b.open && a.max_gap_ms == b.max_gap_ms;
}
static bool same_sankey(const SankeyOptions& a, const SankeyOptions& b) {
  return a.anchor == b.anchor && a.from_start == b.from_start && a.steps == b.steps && a.top_k == b.top_k &&
         a.collapse_repeats == b.collapse_repeats;
}
static bool same_attribution(const AttributionOptions& a, const AttributionOptions& b) {
  return a.half_life_days == b.half_life_days && a.direct == b.direct && a.transform == b.transform;
}
bool DataSettings::operator==(const DataSettings& o) const {
  return funnel_over == o.funnel_over && funnel_steps == o.funnel_steps && same_funnel(funnel, o.funnel) &&
         unit == o.unit && path_node == o.path_node && same_sankey(sankey, o.sankey) &&
         same_attribution(attribution, o.attribution) && conversion_event == o.conversion_event &&
         trend_by == o.trend_by && min_n == o.min_n;
}
bool DataLayer::operator==(const DataLayer& o) const {
  return mapping == o.mapping && settings == o.settings && rules == o.rules &&
         aggregates.computed_at == o.aggregates.computed_at;
}
bool DataLayer::empty() const {
  return mapping.rules.empty() && settings == DataSettings() && rules.empty() && aggregates.empty();
}

const ScoreSummary* find_score(const DataAggregates& a, Id card, Id stage, const std::string& metric,
                               Id persona, const std::string& period) {
  for (const TargetScores& t : a.scores) {
    // A card's scores are found by the card alone, whichever stage the caller passes.
    if (card != 0 ? t.card != card : (t.card != 0 || t.stage != stage)) continue;
    if (t.persona != persona || t.period != period) continue;
    for (const ScoreSummary& s : t.scores)
      if (s.metric == metric) return &s;
  }
  return nullptr;
}

// ---- numbers as written ---------------------------------------------------------------------------
// Statistics keep 6 significant digits; other doubles (counts, values, durations) 12, which is
// enough to drop binary noise such as 0.30000000000000004.
static double sig(double x, int digits) {
  if (!std::isfinite(x)) return 0;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  double r = std::strtod(buf, nullptr);
  return r == 0 ? 0 : r;   // no "-0.0"
}
static double r6(double x) { return sig(x, 6); }
static double r12(double x) { return sig(x, 12); }

static const char* order_key(FunnelOrder o) {
  return o == FunnelOrder::Strict ? "strict" : o == FunnelOrder::Any ? "any" : "ordered";
}
static bool order_from(const std::string& k, FunnelOrder* o) {
  if (k == "ordered") *o = FunnelOrder::Ordered;
  else if (k == "strict") *o = FunnelOrder::Strict;
  else if (k == "any") *o = FunnelOrder::Any;
  else return false;
  return true;
}

// ---- writers ----------------------------------------------------------------------------------------
static void to_json(json& j, const MappingRule& r) {
  j = json::object();
  if (!r.touchpoint.empty()) j["touchpoint"] = r.touchpoint;
  if (!r.event.empty()) j["event"] = r.event;
  if (!r.channel.empty()) j["channel"] = r.channel;
  j["card"] = r.card;
}
static void to_json(json& j, const DataMapping& m) { j = json{{"rules", m.rules}}; }
static void to_json(json& j, const DataRule& r) {
  j = json{{"id", r.id}, {"name", r.name}, {"kind", r.kind}, {"metric", r.metric}, {"action", r.action},
           {"threshold", r12(r.threshold)}};
}
static void to_json(json& j, const FunnelOptions& f) {
  j = json{{"order", order_key(f.order)}, {"window_ms", f.window_ms}, {"open", f.open}};
  if (!f.max_gap_ms.empty()) j["max_gap_ms"] = f.max_gap_ms;
}
static void to_json(json& j, const SankeyOptions& s) {
  j = json{{"anchor", s.anchor}, {"from_start", s.from_start}, {"steps", s.steps}, {"top_k", s.top_k},
           {"collapse_repeats", s.collapse_repeats}};
}
static void to_json(json& j, const AttributionOptions& a) {
  j = json{{"half_life_days", r12(a.half_life_days)}, {"direct", a.direct}, {"transform", a.transform}};
}
static void to_json(json& j, const DataSettings& s) {
  j = json{{"funnel_over", s.funnel_over}, {"funnel_steps", s.funnel_steps}, {"funnel", s.funnel},
           {"unit", s.unit}, {"path_node", s.path_node}, {"sankey", s.sankey}, {"attribution", s.attribution},
           {"conversion_event", s.conversion_event}, {"trend_by", s.trend_by}, {"min_n", s.min_n}};
}
static void to_json(json& j, const ScoreSummary& s) {
  j = json{{"metric", s.metric}, {"n", s.n}, {"no_score", s.no_score}, {"shown", s.shown},
           {"value", r6(s.value)}, {"lo", r6(s.lo)}, {"hi", r6(s.hi)},
           {"scale_min", s.scale_min}, {"scale_max", s.scale_max}};
  if (s.promoters != 0 || s.passives != 0 || s.detractors != 0) {
    j["promoters"] = r6(s.promoters); j["passives"] = r6(s.passives); j["detractors"] = r6(s.detractors);
  }
  if (s.agree != 0) j["agree"] = r6(s.agree);
}
static void to_json(json& j, const TargetScores& t) {
  j = json::object();
  if (t.card) j["card"] = t.card;
  if (t.stage) j["stage"] = t.stage;
  if (t.persona) j["persona"] = t.persona;
  if (!t.period.empty()) j["period"] = t.period;
  j["scores"] = t.scores;
}
static void to_json(json& j, const SourceInfo& s) {
  j = json{{"kind", s.kind}, {"name", s.name}, {"rows", s.rows}, {"accepted", s.accepted},
           {"rejected", s.rejected}, {"first_ms", s.first_ms}, {"last_ms", s.last_ms}};
}
static void to_json(json& j, const UnmappedCount& u) { j = json{{"key", u.key}, {"count", u.count}}; }
static void to_json(json& j, const FunnelStepResult& s) {
  j = json{{"label", s.label}, {"count", s.count}, {"step_conversion", r6(s.step_conversion)},
           {"overall_conversion", r6(s.overall_conversion)}, {"dropoff", s.dropoff},
           {"median_ms", r12(s.median_ms)}, {"mean_ms", r12(s.mean_ms)}, {"p90_ms", r12(s.p90_ms)},
           {"min_ms", r12(s.min_ms)}, {"max_ms", r12(s.max_ms)}};
}
static void to_json(json& j, const FunnelResult& f) { j = json{{"units", f.units}, {"steps", f.steps}}; }
static void to_json(json& j, const SankeyNode& n) {
  j = json{{"column", n.column}, {"label", n.label}, {"count", n.count}};
  if (n.other) j["other"] = true;
  if (n.exit) j["exit"] = true;
}
static void to_json(json& j, const SankeyLink& l) { j = json{{"from", l.from}, {"to", l.to}, {"count", l.count}}; }
static void to_json(json& j, const Sankey& s) { j = json{{"sequences", s.sequences}, {"nodes", s.nodes}, {"links", s.links}}; }
static void to_json(json& j, const DfgCount& c) { j = json{{"label", c.label}, {"count", c.count}}; }
static void to_json(json& j, const DfgEdge& e) {
  j = json{{"from", e.from}, {"to", e.to}, {"count", e.count}, {"median_ms", r12(e.median_ms)}, {"mean_ms", r12(e.mean_ms)}};
}
static void to_json(json& j, const Dfg& d) {
  j = json{{"activities", d.activities}, {"edges", d.edges}, {"starts", d.starts}, {"ends", d.ends},
           {"variants", d.variants}, {"case_median_ms", r12(d.case_median_ms)}, {"case_mean_ms", r12(d.case_mean_ms)}};
}
static void to_json(json& j, const RowIssue& r) {
  j = json{{"line", r.line}, {"column", r.column}, {"reason", r.reason}, {"value", r.value}};
}
static void to_json(json& j, const ChannelCredit& c) {
  j = json{{"channel", c.channel}, {"conversions", r12(c.conversions)}, {"value", r12(c.value)}, {"share", r6(c.share)}};
  if (c.removal_effect != 0) j["removal_effect"] = r6(c.removal_effect);
}
static void to_json(json& j, const AttributionResult& a) {
  j = json{{"model", a.model}, {"channels", a.channels}, {"total_conversions", r12(a.total_conversions)},
           {"total_value", r12(a.total_value)}, {"removal_probability", r6(a.removal_probability)}};
  if (!a.rejected.empty()) j["rejected"] = a.rejected;
  if (a.rejected_count != 0) j["rejected_count"] = a.rejected_count;
}
static void to_json(json& j, const DataAggregates& a) {
  j = json{{"sources", a.sources}, {"scores", a.scores}, {"periods", a.periods}, {"funnel", a.funnel},
           {"funnel_targets", a.funnel_targets}, {"sankey", a.sankey}, {"dfg", a.dfg},
           {"attribution", a.attribution}, {"unmapped", a.unmapped}, {"people", a.people},
           {"events", a.events}, {"responses", a.responses}, {"rules_fired", a.rules_fired},
           {"computed_at", a.computed_at}};
}
static void to_json(json& j, const DataLayer& d) {
  j = json::object();
  j["mapping"] = d.mapping;
  j["settings"] = d.settings;
  j["rules"] = d.rules;
  if (!d.aggregates.empty() || !d.aggregates.computed_at.empty()) j["aggregates"] = d.aggregates;
}

std::string data_layer_to_json(const DataLayer& d) { return json(d).dump(); }
std::string data_aggregates_to_json(const DataAggregates& a) { return json(a).dump(); }

// ---- readers ------------------------------------------------------------------------------------------
// Each reads o[key] into *out when present (absent or null keeps the default) and names
// path.key when its type is wrong.
namespace {
struct Rd {
  std::string* err;
  bool fail(const std::string& path, const char* what) {
    if (err) *err = path + ": " + what;
    return false;
  }
  const json* at(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() || it->is_null() ? nullptr : &*it;
  }
  bool str(const json& o, const char* key, std::string* out, const std::string& path) {
    const json* v = at(o, key);
    if (!v) return true;
    if (!v->is_string()) return fail(path + "." + key, "expected a string");
    *out = v->get<std::string>();
    return true;
  }
  bool num(const json& o, const char* key, double* out, const std::string& path) {
    const json* v = at(o, key);
    if (!v) return true;
    if (!v->is_number()) return fail(path + "." + key, "expected a number");
    *out = v->get<double>();
    return true;
  }
  bool i64(const json& o, const char* key, int64_t* out, const std::string& path) {
    const json* v = at(o, key);
    if (!v) return true;
    if (!v->is_number_integer()) return fail(path + "." + key, "expected an integer");
    *out = v->get<int64_t>();
    return true;
  }
  bool i32(const json& o, const char* key, int* out, const std::string& path) {
    int64_t x = *out;
    if (!i64(o, key, &x, path)) return false;
    if (x < INT32_MIN || x > INT32_MAX) return fail(path + "." + key, "out of range");
    *out = int(x);
    return true;
  }
  bool id(const json& v, Id* out, const std::string& path) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() > kMaxId) return fail(path, "expected an id (a whole number from 0 to 2^53 - 1)");
    *out = Id(v.get<uint64_t>());
    return true;
  }
  bool id(const json& o, const char* key, Id* out, const std::string& path) {
    const json* v = at(o, key);
    return !v || id(*v, out, path + "." + key);
  }
  bool boolean(const json& o, const char* key, bool* out, const std::string& path) {
    const json* v = at(o, key);
    if (!v) return true;
    if (!v->is_boolean()) return fail(path + "." + key, "expected true or false");
    *out = v->get<bool>();
    return true;
  }
  bool obj(const json& o, const char* key, const json** out, const std::string& path) {
    *out = at(o, key);
    if (*out && !(*out)->is_object()) return fail(path + "." + key, "expected an object");
    return true;
  }
  // An array of objects, each read by f(element, out, element_path).
  template <class T, class F>
  bool list(const json& o, const char* key, std::vector<T>* out, const std::string& path, F f) {
    const json* v = at(o, key);
    if (!v) return true;
    std::string p = path + "." + key;
    if (!v->is_array()) return fail(p, "expected an array");
    out->clear();
    for (size_t i = 0; i < v->size(); ++i) {
      std::string ep = p + "[" + std::to_string(i) + "]";
      const json& e = (*v)[i];
      T t;
      if (!f(e, &t, ep)) return false;
      out->push_back(std::move(t));
    }
    return true;
  }
  template <class T, class F>
  bool objects(const json& o, const char* key, std::vector<T>* out, const std::string& path, F f) {
    return list(o, key, out, path, [&](const json& e, T* t, const std::string& ep) {
      if (!e.is_object()) return fail(ep, "expected an object");
      return f(e, t, ep);
    });
  }
  bool ids(const json& o, const char* key, std::vector<Id>* out, const std::string& path) {
    return list(o, key, out, path, [&](const json& e, Id* t, const std::string& ep) { return id(e, t, ep); });
  }
  bool strings(const json& o, const char* key, std::vector<std::string>* out, const std::string& path) {
    return list(o, key, out, path, [&](const json& e, std::string* t, const std::string& ep) {
      if (!e.is_string()) return fail(ep, "expected a string");
      *t = e.get<std::string>();
      return true;
    });
  }
  bool one_of(const std::string& v, std::initializer_list<const char*> keys, const std::string& path) {
    for (const char* k : keys) if (v == k) return true;
    std::string what = "expected one of";
    for (const char* k : keys) what += std::string(" \"") + k + "\"";
    return fail(path, what.c_str());
  }

  bool read(const json& o, MappingRule* r, const std::string& p) {
    return str(o, "touchpoint", &r->touchpoint, p) && str(o, "event", &r->event, p) &&
           str(o, "channel", &r->channel, p) && id(o, "card", &r->card, p);
  }
  bool read(const json& o, DataRule* r, const std::string& p) {
    return str(o, "id", &r->id, p) && str(o, "name", &r->name, p) && str(o, "kind", &r->kind, p) &&
           str(o, "metric", &r->metric, p) && str(o, "action", &r->action, p) &&
           num(o, "threshold", &r->threshold, p);
  }
  bool read(const json& o, DataSettings* s, const std::string& p) {
    const json *f = nullptr, *sk = nullptr, *at_ = nullptr;
    if (!str(o, "funnel_over", &s->funnel_over, p) || !one_of(s->funnel_over, {"stages", "cards"}, p + ".funnel_over")) return false;
    if (!ids(o, "funnel_steps", &s->funnel_steps, p)) return false;
    if (!obj(o, "funnel", &f, p)) return false;
    if (f) {
      std::string fp = p + ".funnel", order = order_key(s->funnel.order);
      if (!str(*f, "order", &order, fp)) return false;
      if (!order_from(order, &s->funnel.order)) return one_of(order, {"ordered", "strict", "any"}, fp + ".order");
      if (!i64(*f, "window_ms", &s->funnel.window_ms, fp) || !boolean(*f, "open", &s->funnel.open, fp)) return false;
      if (!list(*f, "max_gap_ms", &s->funnel.max_gap_ms, fp, [&](const json& e, int64_t* t, const std::string& ep) {
            if (!e.is_number_integer()) return fail(ep, "expected an integer");
            *t = e.get<int64_t>();
            return true;
          }))
        return false;
    }
    if (!str(o, "unit", &s->unit, p) || !one_of(s->unit, {"person", "session"}, p + ".unit")) return false;
    if (!str(o, "path_node", &s->path_node, p) || !one_of(s->path_node, {"touchpoint", "event", "channel"}, p + ".path_node")) return false;
    if (!obj(o, "sankey", &sk, p)) return false;
    if (sk) {
      std::string sp = p + ".sankey";
      if (!str(*sk, "anchor", &s->sankey.anchor, sp) || !boolean(*sk, "from_start", &s->sankey.from_start, sp) ||
          !i32(*sk, "steps", &s->sankey.steps, sp) || !i32(*sk, "top_k", &s->sankey.top_k, sp) ||
          !boolean(*sk, "collapse_repeats", &s->sankey.collapse_repeats, sp))
        return false;
    }
    if (!obj(o, "attribution", &at_, p)) return false;
    if (at_) {
      std::string ap = p + ".attribution";
      if (!num(*at_, "half_life_days", &s->attribution.half_life_days, ap) ||
          !str(*at_, "direct", &s->attribution.direct, ap) || !str(*at_, "transform", &s->attribution.transform, ap) ||
          !one_of(s->attribution.transform, {"unique", "exposure", "first", "frequency"}, ap + ".transform"))
        return false;
    }
    if (!str(o, "conversion_event", &s->conversion_event, p)) return false;
    if (!str(o, "trend_by", &s->trend_by, p) || !one_of(s->trend_by, {"week", "month"}, p + ".trend_by")) return false;
    return i64(o, "min_n", &s->min_n, p);
  }
  bool read(const json& o, ScoreSummary* s, const std::string& p) {
    return str(o, "metric", &s->metric, p) && i64(o, "n", &s->n, p) && i64(o, "no_score", &s->no_score, p) &&
           boolean(o, "shown", &s->shown, p) && num(o, "value", &s->value, p) && num(o, "lo", &s->lo, p) &&
           num(o, "hi", &s->hi, p) && num(o, "promoters", &s->promoters, p) && num(o, "passives", &s->passives, p) &&
           num(o, "detractors", &s->detractors, p) && num(o, "agree", &s->agree, p) &&
           i32(o, "scale_min", &s->scale_min, p) && i32(o, "scale_max", &s->scale_max, p);
  }
  bool read(const json& o, TargetScores* t, const std::string& p) {
    return id(o, "card", &t->card, p) && id(o, "stage", &t->stage, p) && id(o, "persona", &t->persona, p) &&
           str(o, "period", &t->period, p) &&
           objects(o, "scores", &t->scores, p, [&](const json& e, ScoreSummary* s, const std::string& ep) { return read(e, s, ep); });
  }
  bool read(const json& o, SourceInfo* s, const std::string& p) {
    return str(o, "kind", &s->kind, p) && str(o, "name", &s->name, p) && i64(o, "rows", &s->rows, p) &&
           i64(o, "accepted", &s->accepted, p) && i64(o, "rejected", &s->rejected, p) &&
           i64(o, "first_ms", &s->first_ms, p) && i64(o, "last_ms", &s->last_ms, p);
  }
  bool read(const json& o, UnmappedCount* u, const std::string& p) {
    return str(o, "key", &u->key, p) && i64(o, "count", &u->count, p);
  }
  bool read(const json& o, FunnelStepResult* s, const std::string& p) {
    return str(o, "label", &s->label, p) && i64(o, "count", &s->count, p) &&
           num(o, "step_conversion", &s->step_conversion, p) && num(o, "overall_conversion", &s->overall_conversion, p) &&
           i64(o, "dropoff", &s->dropoff, p) && num(o, "median_ms", &s->median_ms, p) && num(o, "mean_ms", &s->mean_ms, p) &&
           num(o, "p90_ms", &s->p90_ms, p) && num(o, "min_ms", &s->min_ms, p) && num(o, "max_ms", &s->max_ms, p);
  }
  bool read(const json& o, FunnelResult* f, const std::string& p) {
    return i64(o, "units", &f->units, p) &&
           objects(o, "steps", &f->steps, p, [&](const json& e, FunnelStepResult* s, const std::string& ep) { return read(e, s, ep); });
  }
  bool read(const json& o, SankeyNode* n, const std::string& p) {
    return i32(o, "column", &n->column, p) && str(o, "label", &n->label, p) && i64(o, "count", &n->count, p) &&
           boolean(o, "other", &n->other, p) && boolean(o, "exit", &n->exit, p);
  }
  bool read(const json& o, SankeyLink* l, const std::string& p) {
    return i32(o, "from", &l->from, p) && i32(o, "to", &l->to, p) && i64(o, "count", &l->count, p);
  }
  bool read(const json& o, Sankey* s, const std::string& p) {
    if (!i64(o, "sequences", &s->sequences, p)) return false;
    if (!objects(o, "nodes", &s->nodes, p, [&](const json& e, SankeyNode* n, const std::string& ep) { return read(e, n, ep); })) return false;
    if (!objects(o, "links", &s->links, p, [&](const json& e, SankeyLink* l, const std::string& ep) { return read(e, l, ep); })) return false;
    for (size_t i = 0; i < s->links.size(); ++i) {
      const SankeyLink& l = s->links[i];
      if (l.from < 0 || l.to < 0 || size_t(l.from) >= s->nodes.size() || size_t(l.to) >= s->nodes.size())
        return fail(p + ".links[" + std::to_string(i) + "]", "node index out of range");
    }
    return true;
  }
  bool read(const json& o, DfgCount* c, const std::string& p) {
    return str(o, "label", &c->label, p) && i64(o, "count", &c->count, p);
  }
  bool read(const json& o, DfgEdge* e, const std::string& p) {
    return str(o, "from", &e->from, p) && str(o, "to", &e->to, p) && i64(o, "count", &e->count, p) &&
           num(o, "median_ms", &e->median_ms, p) && num(o, "mean_ms", &e->mean_ms, p);
  }
  bool read(const json& o, Dfg* d, const std::string& p) {
    auto counts = [&](const char* key, std::vector<DfgCount>* out) {
      return objects(o, key, out, p, [&](const json& e, DfgCount* c, const std::string& ep) { return read(e, c, ep); });
    };
    return counts("activities", &d->activities) &&
           objects(o, "edges", &d->edges, p, [&](const json& e, DfgEdge* x, const std::string& ep) { return read(e, x, ep); }) &&
           counts("starts", &d->starts) && counts("ends", &d->ends) && counts("variants", &d->variants) &&
           num(o, "case_median_ms", &d->case_median_ms, p) && num(o, "case_mean_ms", &d->case_mean_ms, p);
  }
  bool read(const json& o, RowIssue* r, const std::string& p) {
    return i64(o, "line", &r->line, p) && str(o, "column", &r->column, p) && str(o, "reason", &r->reason, p) &&
           str(o, "value", &r->value, p);
  }
  bool read(const json& o, ChannelCredit* c, const std::string& p) {
    return str(o, "channel", &c->channel, p) && num(o, "conversions", &c->conversions, p) &&
           num(o, "value", &c->value, p) && num(o, "share", &c->share, p) &&
           num(o, "removal_effect", &c->removal_effect, p);
  }
  bool read(const json& o, AttributionResult* a, const std::string& p) {
    return str(o, "model", &a->model, p) &&
           objects(o, "channels", &a->channels, p, [&](const json& e, ChannelCredit* c, const std::string& ep) { return read(e, c, ep); }) &&
           num(o, "total_conversions", &a->total_conversions, p) && num(o, "total_value", &a->total_value, p) &&
           num(o, "removal_probability", &a->removal_probability, p) &&
           objects(o, "rejected", &a->rejected, p, [&](const json& e, RowIssue* r, const std::string& ep) { return read(e, r, ep); }) &&
           i64(o, "rejected_count", &a->rejected_count, p);
  }
  bool read(const json& o, DataAggregates* a, const std::string& p) {
    const json *f = nullptr, *s = nullptr, *d = nullptr;
    return objects(o, "sources", &a->sources, p, [&](const json& e, SourceInfo* x, const std::string& ep) { return read(e, x, ep); }) &&
           objects(o, "scores", &a->scores, p, [&](const json& e, TargetScores* x, const std::string& ep) { return read(e, x, ep); }) &&
           strings(o, "periods", &a->periods, p) &&
           obj(o, "funnel", &f, p) && (!f || read(*f, &a->funnel, p + ".funnel")) &&
           ids(o, "funnel_targets", &a->funnel_targets, p) &&
           obj(o, "sankey", &s, p) && (!s || read(*s, &a->sankey, p + ".sankey")) &&
           obj(o, "dfg", &d, p) && (!d || read(*d, &a->dfg, p + ".dfg")) &&
           objects(o, "attribution", &a->attribution, p, [&](const json& e, AttributionResult* x, const std::string& ep) { return read(e, x, ep); }) &&
           objects(o, "unmapped", &a->unmapped, p, [&](const json& e, UnmappedCount* x, const std::string& ep) { return read(e, x, ep); }) &&
           i64(o, "people", &a->people, p) && i64(o, "events", &a->events, p) && i64(o, "responses", &a->responses, p) &&
           i64(o, "rules_fired", &a->rules_fired, p) && str(o, "computed_at", &a->computed_at, p);
  }
  bool read(const json& o, DataLayer* d, const std::string& p) {
    const json *m = nullptr, *s = nullptr, *a = nullptr;
    if (!obj(o, "mapping", &m, p)) return false;
    if (m && !objects(*m, "rules", &d->mapping.rules, p + ".mapping",
                      [&](const json& e, MappingRule* r, const std::string& ep) { return read(e, r, ep); }))
      return false;
    if (!obj(o, "settings", &s, p) || (s && !read(*s, &d->settings, p + ".settings"))) return false;
    if (!objects(o, "rules", &d->rules, p, [&](const json& e, DataRule* r, const std::string& ep) { return read(e, r, ep); }))
      return false;
    return obj(o, "aggregates", &a, p) && (!a || read(*a, &d->aggregates, p + ".aggregates"));
  }
};

template <class T>
bool parse_into(const std::string& text, T* out, std::string* error, const char* root) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    if (error) *error = std::string(root) + ": not valid JSON";
    return false;
  }
  if (!j.is_object()) {
    if (error) *error = std::string(root) + ": expected an object";
    return false;
  }
  T t;
  Rd rd{error};
  if (!rd.read(j, &t, root)) return false;
  *out = std::move(t);
  return true;
}
} // namespace

bool data_layer_from_json(const std::string& text, DataLayer* out, std::string* error) {
  return parse_into(text, out, error, "data");
}
bool data_aggregates_from_json(const std::string& text, DataAggregates* out, std::string* error) {
  return parse_into(text, out, error, "aggregates");
}

} // namespace jm
