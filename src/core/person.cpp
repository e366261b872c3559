// person.cpp: one customer's journey, experience score and trend (analytics.md 2.3.4, ours: no
// published standard), and the automation rules over customers' answers (A9).
#include "core/person.h"
#include "core/data_compute.h"
#include "core/survey.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <unordered_map>

namespace jm {
using json = nlohmann::json;

static const double kDayMs = 86400000.0;

// A score on 0..1: NPS x/10, CSAT (x-1)/4, CES (x-1)/6, any other metric (x-min)/(max-min), using
// the answer's own scale when it has one.
static double normalize(const std::string& metric, int score, int smin, int smax) {
  if (smax <= smin) default_scale(metric, &smin, &smax);
  if (smax <= smin) return 0;
  double x = double(score - smin) / double(smax - smin);
  return std::min(1.0, std::max(0.0, x));
}

PersonJourney person_journey(const Map& m, const Dataset& ds, const DataMapping& mapping,
                             const std::string& person, int64_t now_ms) {
  PersonJourney pj;
  pj.person = person;
  Sym who = 0;
  for (size_t i = 1; i < ds.pool.strings.size(); ++i)
    if (ds.pool.strings[i] == person) { who = Sym(i); break; }
  if (!who) return pj;
  MappingIndex idx(m, mapping, ds.pool);
  if (now_ms == 0) {
    for (const Event& e : ds.events) now_ms = std::max(now_ms, e.ts_ms);
    for (const Response& r : ds.responses) now_ms = std::max(now_ms, r.ts_ms);
  }
  for (const Event& e : ds.events) {
    if (e.person != who) continue;
    PersonEntry x;
    x.ts_ms = e.ts_ms;
    x.label = ds.pool.str(e.event);
    x.channel = ds.pool.str(e.channel);
    MappingIndex::Target t = idx.event(e);
    x.card = t.card; x.stage = t.stage;
    pj.entries.push_back(x);
  }
  std::vector<std::pair<int64_t, double>> scored;
  for (const Response& r : ds.responses) {
    if (r.person != who) continue;
    PersonEntry x;
    x.ts_ms = r.ts_ms;
    x.response = true;
    x.label = ds.pool.str(r.metric);
    MappingIndex::Target t = idx.response(r);
    x.card = t.card; x.stage = t.stage;
    x.score = r.score;
    x.normalized = r.blank ? 0 : normalize(x.label, r.score, r.scale_min, r.scale_max);
    x.comment = r.comment;
    pj.entries.push_back(x);
    if (!r.blank) { ++pj.responses; scored.push_back({r.ts_ms, x.normalized}); }
  }
  std::stable_sort(pj.entries.begin(), pj.entries.end(), [](const PersonEntry& a, const PersonEntry& b) { return a.ts_ms < b.ts_ms; });

  // Scored answers (time, 0..1) in time order; blank answers carry no score.
  std::stable_sort(scored.begin(), scored.end(), [](const std::pair<int64_t, double>& x, const std::pair<int64_t, double>& y) { return x.first < y.first; });
  if (!scored.empty()) {
    // Experience score: recency-weighted mean, weight 2^(-age / 90 days); answers after `now` weigh 1.
    double sw = 0, swx = 0;
    for (const auto& e : scored) {
      double age = std::max(0.0, double(now_ms - e.first)) / kDayMs;
      double w = std::pow(2.0, -age / 90.0);
      sw += w; swx += w * e.second;
    }
    pj.has_score = true;
    pj.experience_score = 100.0 * swx / sw;
  }
  if (scored.size() >= 3) {
    // Trend: least-squares slope of 100 x normalised score against time in 30-day units, over
    // the last 10 answers.
    size_t from = scored.size() > 10 ? scored.size() - 10 : 0;
    double n = 0, st = 0, sy = 0;
    for (size_t i = from; i < scored.size(); ++i) { st += double(scored[i].first) / (30 * kDayMs); sy += 100 * scored[i].second; ++n; }
    double mt = st / n, my = sy / n, sxx = 0, sxy = 0;
    for (size_t i = from; i < scored.size(); ++i) {
      double t = double(scored[i].first) / (30 * kDayMs) - mt;
      sxx += t * t; sxy += t * (100 * scored[i].second - my);
    }
    if (sxx > 0) { pj.has_trend = true; pj.trend_per_30d = sxy / sxx; }
  }
  return pj;
}

std::vector<std::string> list_people(const Dataset& ds, size_t limit) {
  std::vector<int64_t> count(ds.pool.strings.size(), 0);
  auto see = [&](Sym p) { if (p) { if (p >= count.size()) count.resize(p + 1, 0); ++count[p]; } };
  for (const Event& e : ds.events) see(e.person);
  for (const Response& r : ds.responses) see(r.person);
  std::vector<Sym> people;
  for (size_t i = 1; i < count.size(); ++i) if (count[i]) people.push_back(Sym(i));
  std::sort(people.begin(), people.end(), [&](Sym a, Sym b) {
    return count[a] != count[b] ? count[a] > count[b] : ds.pool.str(a) < ds.pool.str(b);
  });
  if (people.size() > limit) people.resize(limit);
  std::vector<std::string> out;
  for (Sym p : people) out.push_back(ds.pool.str(p));
  return out;
}

std::vector<DataRule> default_rules() {
  std::vector<DataRule> r(3);
  r[0].id = "advocacy"; r[0].name = "Promoter: invite to advocacy"; r[0].kind = "latest_at_least";
  r[0].metric = "nps"; r[0].action = "advocacy"; r[0].threshold = 9;
  r[1].id = "promoter_to_detractor"; r[1].name = "Promoter became a detractor"; r[1].kind = "category_drop";
  r[1].metric = "nps"; r[1].action = "outreach"; r[1].threshold = 0;
  r[2].id = "fall_by_2"; r[2].name = "Score fell by 2 points or more"; r[2].kind = "fall_by";
  r[2].metric = "nps"; r[2].action = "outreach"; r[2].threshold = 2;
  return r;
}

static std::string fmt_num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::vector<RuleFiring> evaluate_rules(const Dataset& ds, const std::vector<DataRule>& rules) {
  std::vector<RuleFiring> out;
  // Each person's scored answers, per metric, in time order (responses are sorted by time; a
  // stable sort keeps that when a hand-built dataset is not).
  std::vector<uint32_t> order(ds.responses.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = uint32_t(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return ds.responses[a].ts_ms < ds.responses[b].ts_ms; });
  for (size_t ri = 0; ri < rules.size(); ++ri) {
    const DataRule& rule = rules[ri];
    Sym metric = 0;
    for (size_t i = 1; i < ds.pool.strings.size(); ++i)
      if (ds.pool.strings[i] == rule.metric) { metric = Sym(i); break; }
    if (!metric) continue;
    std::unordered_map<Sym, std::vector<const Response*>> by_person;
    std::vector<Sym> people;   // first-answer order
    for (uint32_t i : order) {
      const Response& r = ds.responses[i];
      if (r.metric != metric || r.blank || !r.person) continue;
      auto& v = by_person[r.person];
      if (v.empty()) people.push_back(r.person);
      v.push_back(&r);
    }
    for (Sym p : people) {
      const auto& v = by_person[p];
      auto fire = [&](const Response& r, const std::string& detail) {
        out.push_back(RuleFiring{rule.id, rule.action, ds.pool.str(p), r.ts_ms, detail});
      };
      if (rule.kind == "latest_at_least") {
        const Response& last = *v.back();
        if (last.score >= rule.threshold) fire(last, rule.metric + " " + std::to_string(last.score) + " >= " + fmt_num(rule.threshold));
      } else if (rule.kind == "category_drop") {
        // NPS categories on the 0..10 scale (another scale is brought to it first).
        auto category = [&](const Response& r) {
          double y = r.score;
          if (r.scale_max > r.scale_min && (r.scale_min != 0 || r.scale_max != 10))
            y = std::round(10.0 * (r.score - r.scale_min) / (r.scale_max - r.scale_min));
          return y >= 9 ? 1 : y <= 6 ? -1 : 0;
        };
        for (size_t i = 1; i < v.size(); ++i)
          if (category(*v[i - 1]) == 1 && category(*v[i]) == -1)
            fire(*v[i], rule.metric + " " + std::to_string(v[i - 1]->score) + " -> " + std::to_string(v[i]->score) + ": promoter to detractor");
      } else if (rule.kind == "fall_by") {
        for (size_t i = 1; i < v.size(); ++i)
          if (double(v[i - 1]->score - v[i]->score) >= rule.threshold && rule.threshold > 0)
            fire(*v[i], rule.metric + " " + std::to_string(v[i - 1]->score) + " -> " + std::to_string(v[i]->score) +
                            " (fell by " + std::to_string(v[i - 1]->score - v[i]->score) + ")");
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleFiring& a, const RuleFiring& b) { return a.ts_ms < b.ts_ms; });
  return out;
}


std::string rule_firing_json(const RuleFiring& f) {
  json j{{"rule", f.rule}, {"action", f.action}, {"person", f.person}, {"time", iso_utc(f.ts_ms)},
         {"ts_ms", f.ts_ms}, {"detail", f.detail}};
  return j.dump();   // one line: dump() without indent never breaks lines (newlines are escaped)
}

static double round6(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return std::strtod(buf, nullptr);
}

std::string person_journey_to_json(const PersonJourney& p) {
  json entries = json::array();
  for (const PersonEntry& e : p.entries) {
    json x{{"ts_ms", e.ts_ms}, {"response", e.response}, {"label", e.label}, {"channel", e.channel},
           {"card", e.card}, {"stage", e.stage}};
    if (e.response) { x["score"] = e.score; x["normalized"] = round6(e.normalized); }
    if (!e.comment.empty()) x["comment"] = e.comment;
    entries.push_back(x);
  }
  json j{{"person", p.person}, {"entries", entries}, {"responses", p.responses}, {"has_score", p.has_score},
         {"experience_score", round6(p.experience_score)}, {"has_trend", p.has_trend},
         {"trend_per_30d", round6(p.trend_per_30d)}};
  return j.dump();
}

bool person_journey_from_json(const std::string& text, PersonJourney* out, std::string* error) {
  json j = json::parse(text, nullptr, false);
  auto fail = [&](const std::string& path, const char* what) { if (error) *error = path + ": " + what; return false; };
  if (j.is_discarded()) return fail("person", "not valid JSON");
  if (!j.is_object()) return fail("person", "expected an object");
  PersonJourney p;
  // Reads o[key] when present, checking its type; absent keeps the default.
  auto str = [&](const json& o, const char* k, std::string* v, const std::string& path) {
    auto it = o.find(k);
    if (it == o.end() || it->is_null()) return true;
    if (!it->is_string()) return fail(path + "." + k, "expected a string");
    *v = it->get<std::string>(); return true;
  };
  auto num = [&](const json& o, const char* k, double* v, const std::string& path) {
    auto it = o.find(k);
    if (it == o.end() || it->is_null()) return true;
    if (!it->is_number()) return fail(path + "." + k, "expected a number");
    *v = it->get<double>(); return true;
  };
  auto integer = [&](const json& o, const char* k, int64_t* v, const std::string& path) {
    auto it = o.find(k);
    if (it == o.end() || it->is_null()) return true;
    if (!it->is_number_integer()) return fail(path + "." + k, "expected an integer");
    *v = it->get<int64_t>(); return true;
  };
  auto boolean = [&](const json& o, const char* k, bool* v, const std::string& path) {
    auto it = o.find(k);
    if (it == o.end() || it->is_null()) return true;
    if (!it->is_boolean()) return fail(path + "." + k, "expected true or false");
    *v = it->get<bool>(); return true;
  };
  int64_t responses = 0;
  if (!str(j, "person", &p.person, "person") || !integer(j, "responses", &responses, "person") ||
      !boolean(j, "has_score", &p.has_score, "person") || !num(j, "experience_score", &p.experience_score, "person") ||
      !boolean(j, "has_trend", &p.has_trend, "person") || !num(j, "trend_per_30d", &p.trend_per_30d, "person"))
    return false;
  p.responses = int(responses);
  auto it = j.find("entries");
  if (it != j.end() && !it->is_null()) {
    if (!it->is_array()) return fail("person.entries", "expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& o = (*it)[i];
      std::string path = "person.entries[" + std::to_string(i) + "]";
      if (!o.is_object()) return fail(path, "expected an object");
      PersonEntry e;
      int64_t card = 0, stage = 0, score = 0;
      if (!integer(o, "ts_ms", &e.ts_ms, path) || !boolean(o, "response", &e.response, path) ||
          !str(o, "label", &e.label, path) || !str(o, "channel", &e.channel, path) ||
          !integer(o, "card", &card, path) || !integer(o, "stage", &stage, path) ||
          !integer(o, "score", &score, path) || !num(o, "normalized", &e.normalized, path) ||
          !str(o, "comment", &e.comment, path))
        return false;
      if (card < 0 || card > INT32_MAX) return fail(path + ".card", "expected an id");
      if (stage < 0 || stage > INT32_MAX) return fail(path + ".stage", "expected an id");
      e.card = Id(card); e.stage = Id(stage); e.score = int(score);
      p.entries.push_back(e);
    }
  }
  *out = std::move(p);
  return true;
}

} // namespace jm
