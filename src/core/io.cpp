#include "core/io.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace jm {
using json = nlohmann::json;

std::string color_to_hex(Color c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", (unsigned)(c & 0xffffff));
  return buf;
}

bool color_from_hex(const std::string& s, Color* out) {
  if (s.size() != 7 || s[0] != '#') return false;
  Color v = 0;
  for (size_t i = 1; i < 7; i++) {
    char ch = s[i];
    int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
    if (d < 0) return false;
    v = v * 16 + (Color)d;
  }
  *out = v;
  return true;
}

// ---- Fields this version does not know ------------------------------------------------------
// A file written by a newer journeymap may carry fields this one does not know: they are kept,
// as JSON, on the entity they came with and written back unchanged, so a round trip through an
// older editor loses nothing.

static std::string unknown_fields(const json& o, std::initializer_list<const char*> known) {
  json extra = json::object();
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool is_known = false;
    for (const char* k : known) is_known = is_known || it.key() == k;
    if (!is_known) extra[it.key()] = it.value();
  }
  return extra.empty() ? std::string() : extra.dump(-1, ' ', false, json::error_handler_t::replace);
}

static void merge_unknown(json& j, const std::string& extra) {
  if (extra.empty()) return;
  json e = json::parse(extra, nullptr, false);
  if (!e.is_object()) return;
  for (auto it = e.begin(); it != e.end(); ++it)
    if (!j.contains(it.key())) j[it.key()] = it.value();   // what this version writes wins
}

#define JM_STAGE_KEYS {"id", "name", "description", "color", "width", "state", "origin", "metrics", "comments", "notes"}
#define JM_LANE_KEYS {"id", "name", "type", "color", "collapsed"}
#define JM_CARD_KEYS {"id", "stage", "lane", "order", "text", "color", "tags", "icon", "channel", "score", "lane_type", \
                      "persona", "personas", "moment_of_truth", "links", "origin", "owner", "device", "metrics", "comments", \
                      "journey", "evidence"}
#define JM_EVIDENCE_KEYS {"quote", "kind", "source", "date", "confidence"}
#define JM_METRIC_KEYS {"kind", "name", "value", "target", "unit", "date", "higher_is_better"}
#define JM_COMMENT_KEYS {"id", "author", "time", "text"}
#define JM_AVATAR_KEYS {"image", "initials", "color"}
#define JM_KEYVALUE_KEYS {"key", "value"}
#define JM_PERSONA_KEYS {"id", "uid", "name", "role", "avatar", "quote", "demographics", "goals", "needs", \
                         "motivations", "frustrations", "channels", "behaviours"}
#define JM_ACTION_KEYS {"id", "kind", "title", "owner", "team", "status", "priority", "impact", "effort", "due", \
                        "description", "cards"}
#define JM_LINE_KEYS {"id", "kind", "above_lane", "label"}
#define JM_MAP_KEYS {"title", "goal", "description", "direction", "stages", "lanes", "cards", "personas", \
                     "actions", "blueprint_lines", "data", "uid", "owner", "status", "reviewed", "review_due"}
#define JM_ROOT_KEYS {"format", "version", "map"}

// ---- to_json, beside each type ---------------------------------------------------------------
// The writer is canonical, so that two saves of the same map are byte-identical and a Git diff
// shows only what changed: keys in alphabetical order (nlohmann::json's objects are sorted),
// a field only when it differs from its default (what a reader assumes when it is absent, also
// what version 2 readers before this one assume), no empty arrays, whole numbers as integers.

// A whole number as an integer ("order": 1, not 1.0); any other as the shortest decimal that reads
// back as the same double (nlohmann writes doubles that way).
static json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9007199254740992.0) return json((int64_t)v);
  return json(v);
}
// Floats (widths, scores) as the shortest decimal that reads back as the same float: 0.3f is
// written 0.3, not 0.30000001192092896 (the double it widens to).
static json number(float v) {
  if (!std::isfinite(v)) return json((double)v);
  if (v == std::floor(v) && std::fabs(v) < 16777216.0f) return json((int64_t)v);
  char buf[32];
  for (int prec = 6; prec <= 9; prec++) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
    if (std::strtof(buf, nullptr) == v) break;
  }
  return json(std::strtod(buf, nullptr));
}

// The explicit form (save_map_explicit, the page's jm.model() and journeymap:get): every field the
// writer always wrote before the canonical form, and every array even when empty, so scripts and
// host pages can read map.cards.length or a card's order without knowing the defaults.
// The to_json functions keep nlohmann's signature, so the form is a flag of the thread, set for
// the length of one save_map_explicit call (and cleared even if that throws).
static thread_local bool g_explicit = false;
static bool put(bool differs) { return differs || g_explicit; }

template <class T> static json array_of(const std::vector<T>& v) {
  json a = json::array();
  for (const T& x : v) { json j; to_json(j, x); a.push_back(std::move(j)); }
  return a;
}
// j[key] = the array, unless it is empty (an absent array reads as an empty one).
template <class T> static void put_array(json& j, const char* key, const std::vector<T>& v) {
  if (put(!v.empty())) j[key] = array_of(v);
}

static void to_json(json& j, const Metric& m) {
  j = json{{"kind", metric_kind_info(m.kind).key}};
  if (put(!m.name.empty())) j["name"] = m.name;
  // Readers take an absent direction from the kind (since version 2).
  if (put(m.higher_is_better != metric_kind_info(m.kind).higher_is_better)) j["higher_is_better"] = m.higher_is_better;
  if (m.value) j["value"] = number(*m.value);
  if (m.target) j["target"] = number(*m.target);
  if (!m.unit.empty()) j["unit"] = m.unit;
  if (!m.date.empty()) j["date"] = m.date;
  merge_unknown(j, m.extra);
}

static void to_json(json& j, const Comment& c) {
  j = json{{"id", c.id}};
  if (put(!c.text.empty())) j["text"] = c.text;
  if (!c.author.empty()) j["author"] = c.author;
  if (!c.time.empty()) j["time"] = c.time;
  merge_unknown(j, c.extra);
}

static void to_json(json& j, const Evidence& e) {
  j = json::object();
  if (!e.quote.empty()) j["quote"] = e.quote;
  if (e.kind != EvidenceKind::Interview) j["kind"] = evidence_kind_key(e.kind);
  if (!e.source.empty()) j["source"] = e.source;
  if (!e.date.empty()) j["date"] = e.date;
  if (e.confidence != Confidence::Reported) j["confidence"] = confidence_key(e.confidence);
  merge_unknown(j, e.extra);
}

static void to_json(json& j, const Stage& s) {
  const Stage d;   // defaults
  j = json{{"id", s.id}};
  if (put(!s.name.empty())) j["name"] = s.name;
  if (put(s.color != d.color)) j["color"] = color_to_hex(s.color);
  if (put(s.width != d.width)) j["width"] = number(s.width);
  if (!s.description.empty()) j["description"] = s.description;
  if (s.state != JourneyState::Current) j["state"] = journey_state_key(s.state);
  if (s.origin != kNoId) j["origin"] = s.origin;
  put_array(j, "metrics", s.metrics);
  put_array(j, "comments", s.comments);
  if (!s.notes.empty()) j["notes"] = s.notes;
  merge_unknown(j, s.extra);
}

// The type is always written: a lane without one reads as a text lane.
static void to_json(json& j, const Lane& l) {
  j = json{{"id", l.id}, {"type", lane_type_info(l.type).key}};
  if (put(!l.name.empty())) j["name"] = l.name;
  if (put(l.color != Lane().color)) j["color"] = color_to_hex(l.color);
  if (l.collapsed) j["collapsed"] = true;
  merge_unknown(j, l.extra);
}

static void to_json(json& j, const Card& c) {
  j = json{{"id", c.id}, {"stage", c.stage}, {"lane", c.lane}};
  if (put(c.order != 0)) j["order"] = number(c.order);
  if (put(!c.text.empty())) j["text"] = c.text;
  if (c.color) j["color"] = color_to_hex(c.color);
  if (!c.tags.empty()) j["tags"] = c.tags;
  if (!c.icon.empty()) j["icon"] = c.icon;
  if (!c.channel.empty()) j["channel"] = c.channel;
  if (c.score != 0) j["score"] = number(c.score);
  if (c.persona != kNoId) j["persona"] = c.persona;
  if (!c.personas.empty()) j["personas"] = c.personas;
  if (c.moment_of_truth) j["moment_of_truth"] = true;
  if (!c.links.empty()) j["links"] = c.links;
  if (c.origin != kNoId) j["origin"] = c.origin;
  if (!c.owner.empty()) j["owner"] = c.owner;
  if (!c.device.empty()) j["device"] = c.device;
  put_array(j, "metrics", c.metrics);
  put_array(j, "comments", c.comments);
  if (!c.journey.empty()) j["journey"] = c.journey;
  put_array(j, "evidence", c.evidence);
  merge_unknown(j, c.extra);
}

static void to_json(json& j, const Avatar& a) {
  j = json::object();
  if (!a.image.empty()) j["image"] = a.image;
  if (!a.initials.empty()) j["initials"] = a.initials;
  if (a.color) j["color"] = color_to_hex(a.color);
  merge_unknown(j, a.extra);
}

static void to_json(json& j, const KeyValue& kv) {
  j = json{{"key", kv.key}};
  if (put(!kv.value.empty())) j["value"] = kv.value;
  merge_unknown(j, kv.extra);
}

static void to_json(json& j, const Persona& p) {
  j = json{{"id", p.id}, {"uid", p.uid}};
  if (put(!p.name.empty())) j["name"] = p.name;
  if (!p.role.empty()) j["role"] = p.role;
  json avatar;
  to_json(avatar, p.avatar);
  if (!avatar.empty()) j["avatar"] = std::move(avatar);
  if (!p.quote.empty()) j["quote"] = p.quote;
  put_array(j, "demographics", p.demographics);
  auto list = [&](const char* key, const std::vector<std::string>& v) { if (!v.empty()) j[key] = v; };
  list("goals", p.goals);
  list("needs", p.needs);
  list("motivations", p.motivations);
  list("frustrations", p.frustrations);
  list("channels", p.channels);
  list("behaviours", p.behaviours);
  merge_unknown(j, p.extra);
}

static void to_json(json& j, const Action& a) {
  const Action d;   // defaults
  j = json{{"id", a.id}};
  if (put(a.kind != d.kind)) j["kind"] = action_kind_key(a.kind);
  if (put(!a.title.empty())) j["title"] = a.title;
  if (put(a.status != d.status)) j["status"] = action_status_key(a.status);
  if (put(a.priority != d.priority)) j["priority"] = priority_key(a.priority);
  if (!a.owner.empty()) j["owner"] = a.owner;
  if (!a.team.empty()) j["team"] = a.team;
  if (a.impact) j["impact"] = a.impact;
  if (a.effort) j["effort"] = a.effort;
  if (!a.due.empty()) j["due"] = a.due;
  if (!a.description.empty()) j["description"] = a.description;
  if (!a.cards.empty()) j["cards"] = a.cards;
  merge_unknown(j, a.extra);
}

static void to_json(json& j, const BlueprintLine& b) {
  j = json{{"id", b.id}, {"kind", blueprint_line_key(b.kind)}, {"above_lane", b.above_lane}};
  if (!b.label.empty()) j["label"] = b.label;
  merge_unknown(j, b.extra);
}

// The data layer in the same canonical form: its reader takes an absent member as empty, so empty
// arrays that are members of an object go (an empty array inside an array keeps its place), and
// whole numbers become integers (its reader takes any number where it wants a double).
static void canonical_data(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      if (it->is_array() && it->empty()) it = j.erase(it);
      else { canonical_data(*it); ++it; }
    }
  } else if (j.is_array()) {
    for (json& x : j) canonical_data(x);
  } else if (j.is_number_float()) {
    j = number(j.get<double>());
  }
}

static json map_to_json(const Map& m) {
  json j = json::object();
  const MapMeta& meta = m.meta;
  if (put(!meta.title.empty())) j["title"] = meta.title;
  if (put(!meta.goal.empty())) j["goal"] = meta.goal;
  if (put(!meta.description.empty())) j["description"] = meta.description;
  if (put(meta.direction == Direction::RightToLeft)) j["direction"] = meta.direction == Direction::RightToLeft ? "rtl" : "ltr";
  if (!meta.uid.empty()) j["uid"] = meta.uid;
  if (!meta.owner.empty()) j["owner"] = meta.owner;
  if (meta.status != MapStatus::Draft) j["status"] = map_status_key(meta.status);
  if (!meta.reviewed.empty()) j["reviewed"] = meta.reviewed;
  if (!meta.review_due.empty()) j["review_due"] = meta.review_due;
  put_array(j, "stages", m.stages);
  put_array(j, "lanes", m.lanes);
  put_array(j, "cards", m.cards);
  put_array(j, "personas", m.personas);
  put_array(j, "actions", m.actions);
  put_array(j, "blueprint_lines", m.blueprint_lines);
  // The data layer only when there is one: maps without data stay as they were.
  if (!m.data.empty()) {
    j["data"] = json::parse(data_layer_to_json(m.data), nullptr, false);
    canonical_data(j["data"]);
  }
  merge_unknown(j, m.meta.extra);
  return j;
}

std::string save_map_explicit(const Map& m) {
  struct Scope { Scope() { g_explicit = true; } ~Scope() { g_explicit = false; } } scope;
  return save_map(m);
}

std::string save_map(const Map& m, bool pretty) {
  json root{{"format", kFormatName}, {"version", kFormatVersion}, {"map", map_to_json(m)}};
  merge_unknown(root, m.meta.root_extra);
  return root.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

// ---- from_json: a reader that names the path of whatever is wrong -----------------------------

static std::string short_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

struct Reader {
  std::string error;
  bool fail(const std::string& path, const std::string& what) {
    if (error.empty()) error = path + ": " + what;
    return false;
  }
  // Optional fields: absent is fine, present with the wrong type is an error.
  bool str(const json& o, const char* key, const std::string& path, std::string* out, bool required = false) {
    auto it = o.find(key);
    if (it == o.end()) return required ? fail(path + "." + key, "missing") : true;
    if (!it->is_string()) return fail(path + "." + key, "expected a string");
    *out = it->get<std::string>();
    return true;
  }
  // Ids are most of what a large map holds: the path of one is spelled out only when it is wrong.
  static constexpr const char* kBadId = "expected a positive integer id (1 to 2^53 - 1)";
  static bool read_id(const json& v, Id* out) {
    if (!v.is_number_unsigned()) return false;
    uint64_t x = v.get<uint64_t>();
    if (x == 0 || x > kMaxId) return false;
    *out = (Id)x;
    return true;
  }
  bool id(const json& o, const char* key, const std::string& path, Id* out, bool required = true) {
    auto it = o.find(key);
    if (it == o.end()) return required ? fail(path + "." + key, "missing") : true;
    return read_id(*it, out) || fail(path + "." + key, kBadId);
  }
  bool id_value(const json& v, const std::string& path, Id* out) { return read_id(v, out) || fail(path, kBadId); }
  bool num(const json& o, const char* key, const std::string& path, double* out, double lo, double hi) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_number()) return fail(path + "." + key, "expected a number");
    double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi)
      return fail(path + "." + key, "out of range " + short_num(lo) + ".." + short_num(hi));
    *out = v;
    return true;
  }
  bool opt_num(const json& o, const char* key, const std::string& path, std::optional<double>* out) {
    double v = 0;
    if (o.find(key) == o.end()) return true;
    if (!num(o, key, path, &v, -1e15, 1e15)) return false;
    *out = v;
    return true;
  }
  bool integer(const json& o, const char* key, const std::string& path, int* out, int lo, int hi) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi)
      return fail(path + "." + key, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    *out = (int)it->get<int64_t>();
    return true;
  }
  bool boolean(const json& o, const char* key, const std::string& path, bool* out) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_boolean()) return fail(path + "." + key, "expected true or false");
    *out = it->get<bool>();
    return true;
  }
  bool color(const json& o, const char* key, const std::string& path, Color* out) {
    std::string s;
    if (!str(o, key, path, &s)) return false;
    if (s.empty()) return true;
    return color_from_hex(s, out) ? true : fail(path + "." + key, "expected a colour like #3b82f6");
  }
  bool object(const json& o, const std::string& path) {
    return o.is_object() ? true : fail(path, "expected an object");
  }
  bool strings(const json& o, const char* key, const std::string& path, std::vector<std::string>* out) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_array()) return fail(path + "." + key, "expected an array of strings");
    for (size_t i = 0; i < it->size(); i++) {
      if (!(*it)[i].is_string()) return fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
      out->push_back((*it)[i].get<std::string>());
    }
    return true;
  }
  bool ids(const json& o, const char* key, const std::string& path, std::vector<Id>* out) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_array()) return fail(path + "." + key, "expected an array of ids");
    for (size_t i = 0; i < it->size(); i++) {
      Id v = kNoId;
      if (!read_id((*it)[i], &v)) return fail(path + "." + key + "[" + std::to_string(i) + "]", kBadId);
      out->push_back(v);
    }
    return true;
  }
  // A string naming one value of an enum: `from_key` reads it, `what` lists the choices.
  template <class E>
  bool key(const json& o, const char* k, const std::string& path, E* out, bool (*from_key)(const std::string&, E*),
           const char* what, bool required = false) {
    auto it = o.find(k);
    if (it == o.end()) return required ? fail(path + "." + k, "missing") : true;
    if (!it->is_string()) return fail(path + "." + k, std::string("expected one of ") + what);
    std::string s = it->get<std::string>();
    if (!from_key(s, out)) return fail(path + "." + k, "unknown value \"" + s + "\" (expected one of " + what + ")");
    return true;
  }
};

template <class T, class F>
static bool read_array(Reader& r, const json& o, const char* key, const std::string& path, std::vector<T>* out, F read_one) {
  auto it = o.find(key);
  if (it == o.end()) return true;
  if (!it->is_array()) return r.fail(path + "." + key, "expected an array");
  out->reserve(it->size());
  for (size_t i = 0; i < it->size(); i++) {
    T v;
    if (!read_one(r, (*it)[i], path + "." + key + "[" + std::to_string(i) + "]", &v)) return false;
    out->push_back(std::move(v));
  }
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, Metric* m) {
  if (!r.object(j, p) ||
      !r.key(j, "kind", p, &m->kind, metric_kind_from_key,
             "nps, csat, ces, conversion, drop_off, retention, response_time, fcr, clv, custom", true))
    return false;
  // A missing direction or name takes the kind's default, as make_metric() would.
  m->higher_is_better = metric_kind_info(m->kind).higher_is_better;
  if (!r.str(j, "name", p, &m->name) || !r.opt_num(j, "value", p, &m->value) || !r.opt_num(j, "target", p, &m->target) ||
      !r.str(j, "unit", p, &m->unit) || !r.str(j, "date", p, &m->date) ||
      !r.boolean(j, "higher_is_better", p, &m->higher_is_better))
    return false;
  m->extra = unknown_fields(j, JM_METRIC_KEYS);
  return true;
}

// `need_id`: a comment on the clipboard may come without its id (paste gives it a new one).
static bool from_json(Reader& r, const json& j, const std::string& p, Comment* c, bool need_id = true) {
  if (!r.object(j, p) || !r.id(j, "id", p, &c->id, need_id) || !r.str(j, "author", p, &c->author) ||
      !r.str(j, "time", p, &c->time) || !r.str(j, "text", p, &c->text))
    return false;
  c->extra = unknown_fields(j, JM_COMMENT_KEYS);
  return true;
}

static bool read_metrics(Reader& r, const json& j, const std::string& p, std::vector<Metric>* out) {
  return read_array(r, j, "metrics", p, out, [](Reader& r, const json& j, const std::string& p, Metric* m) { return from_json(r, j, p, m); });
}
static bool read_comments(Reader& r, const json& j, const std::string& p, std::vector<Comment>* out, bool need_ids = true) {
  return read_array(r, j, "comments", p, out, [need_ids](Reader& r, const json& j, const std::string& p, Comment* c) {
    return from_json(r, j, p, c, need_ids);
  });
}

static bool from_json(Reader& r, const json& j, const std::string& p, Stage* s) {
  double w = s->width;
  if (!r.object(j, p) || !r.id(j, "id", p, &s->id) || !r.str(j, "name", p, &s->name) ||
      !r.str(j, "description", p, &s->description) || !r.color(j, "color", p, &s->color) ||
      !r.num(j, "width", p, &w, 40, 4000) ||
      !r.key(j, "state", p, &s->state, journey_state_from_key, "current, future") ||
      !r.id(j, "origin", p, &s->origin, false) || !read_metrics(r, j, p, &s->metrics) ||
      !read_comments(r, j, p, &s->comments) || !r.str(j, "notes", p, &s->notes))
    return false;
  s->width = (float)w;
  s->extra = unknown_fields(j, JM_STAGE_KEYS);
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, Lane* l) {
  std::string type = "text";
  if (!r.object(j, p) || !r.id(j, "id", p, &l->id) || !r.str(j, "name", p, &l->name) ||
      !r.str(j, "type", p, &type) || !r.color(j, "color", p, &l->color) || !r.boolean(j, "collapsed", p, &l->collapsed))
    return false;
  if (!lane_type_from_key(type, &l->type)) return r.fail(p + ".type", "unknown lane type \"" + type + "\"");
  l->extra = unknown_fields(j, JM_LANE_KEYS);
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, Evidence* e) {
  if (!r.object(j, p) || !r.str(j, "quote", p, &e->quote) ||
      !r.key(j, "kind", p, &e->kind, evidence_kind_from_key, "interview, survey, ticket, analytics, url, file, other") ||
      !r.str(j, "source", p, &e->source) || !r.str(j, "date", p, &e->date) ||
      !r.key(j, "confidence", p, &e->confidence, confidence_from_key, "assumed, reported, observed"))
    return false;
  e->extra = unknown_fields(j, JM_EVIDENCE_KEYS);
  return true;
}

// `need_refs`: a card in a file has its id, stage and lane; one on the clipboard has none.
static bool from_json(Reader& r, const json& j, const std::string& p, Card* c, bool need_refs) {
  double score = 0, order = 0;
  if (!r.object(j, p)) return false;
  if (need_refs && (!r.id(j, "id", p, &c->id) || !r.id(j, "stage", p, &c->stage) || !r.id(j, "lane", p, &c->lane)))
    return false;
  if (!r.str(j, "text", p, &c->text) || !r.color(j, "color", p, &c->color) || !r.str(j, "icon", p, &c->icon) ||
      !r.str(j, "channel", p, &c->channel) || !r.num(j, "score", p, &score, kMinScore, kMaxScore) ||
      !r.num(j, "order", p, &order, -1e15, 1e15) || !r.strings(j, "tags", p, &c->tags) ||
      !r.id(j, "persona", p, &c->persona, false) || !r.ids(j, "personas", p, &c->personas) ||
      !r.boolean(j, "moment_of_truth", p, &c->moment_of_truth) || !r.ids(j, "links", p, &c->links) ||
      !r.id(j, "origin", p, &c->origin, false) || !r.str(j, "owner", p, &c->owner) ||
      !r.str(j, "device", p, &c->device) || !read_metrics(r, j, p, &c->metrics) ||
      !read_comments(r, j, p, &c->comments, need_refs) || !r.str(j, "journey", p, &c->journey) ||
      !read_array(r, j, "evidence", p, &c->evidence,
                  [](Reader& r, const json& j, const std::string& p, Evidence* e) { return from_json(r, j, p, e); }))
    return false;
  c->score = (float)score;
  c->order = order;
  c->extra = unknown_fields(j, JM_CARD_KEYS);
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, KeyValue* kv) {
  if (!r.object(j, p) || !r.str(j, "key", p, &kv->key, true) || !r.str(j, "value", p, &kv->value)) return false;
  kv->extra = unknown_fields(j, JM_KEYVALUE_KEYS);
  return true;
}

// `need_id`: a persona in a map has its map-local id; one from the library may not.
static bool from_json(Reader& r, const json& j, const std::string& p, Persona* x, bool need_id = true) {
  if (!r.object(j, p) || !r.id(j, "id", p, &x->id, need_id) || !r.str(j, "uid", p, &x->uid, true) ||
      !r.str(j, "name", p, &x->name) || !r.str(j, "role", p, &x->role) || !r.str(j, "quote", p, &x->quote) ||
      !r.strings(j, "goals", p, &x->goals) || !r.strings(j, "needs", p, &x->needs) ||
      !r.strings(j, "motivations", p, &x->motivations) || !r.strings(j, "frustrations", p, &x->frustrations) ||
      !r.strings(j, "channels", p, &x->channels) || !r.strings(j, "behaviours", p, &x->behaviours) ||
      !read_array(r, j, "demographics", p, &x->demographics,
                  [](Reader& r, const json& j, const std::string& p, KeyValue* kv) { return from_json(r, j, p, kv); }))
    return false;
  auto av = j.find("avatar");
  if (av != j.end()) {
    std::string q = p + ".avatar";
    if (!r.object(*av, q) || !r.str(*av, "image", q, &x->avatar.image) || !r.str(*av, "initials", q, &x->avatar.initials) ||
        !r.color(*av, "color", q, &x->avatar.color))
      return false;
    x->avatar.extra = unknown_fields(*av, JM_AVATAR_KEYS);
  }
  x->extra = unknown_fields(j, JM_PERSONA_KEYS);
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, Action* a) {
  if (!r.object(j, p) || !r.id(j, "id", p, &a->id) ||
      !r.key(j, "kind", p, &a->kind, action_kind_from_key, "opportunity, action") ||
      !r.str(j, "title", p, &a->title) || !r.str(j, "owner", p, &a->owner) || !r.str(j, "team", p, &a->team) ||
      !r.key(j, "status", p, &a->status, action_status_from_key, "idea, planned, in_progress, done") ||
      !r.key(j, "priority", p, &a->priority, priority_from_key, "low, medium, high") ||
      !r.integer(j, "impact", p, &a->impact, 0, 5) || !r.integer(j, "effort", p, &a->effort, 0, 5) ||
      !r.str(j, "due", p, &a->due) || !r.str(j, "description", p, &a->description) || !r.ids(j, "cards", p, &a->cards))
    return false;
  a->extra = unknown_fields(j, JM_ACTION_KEYS);
  return true;
}

static bool from_json(Reader& r, const json& j, const std::string& p, BlueprintLine* b) {
  if (!r.object(j, p) || !r.id(j, "id", p, &b->id) ||
      !r.key(j, "kind", p, &b->kind, blueprint_line_from_key, "interaction, visibility, internal_interaction", true) ||
      !r.id(j, "above_lane", p, &b->above_lane) || !r.str(j, "label", p, &b->label))
    return false;
  b->extra = unknown_fields(j, JM_LINE_KEYS);
  return true;
}

// Line and column (in characters) of the character that holds byte `byte`. A parser may stop
// inside a multi-byte character (its lead byte already read): that is still the character's
// column, not the next one (counting its lead byte made it one too many).
std::string text_position(const std::string& text, size_t byte) {
  while (byte > 0 && byte < text.size() && ((unsigned char)text[byte] & 0xC0) == 0x80) byte--;
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); i++) {
    if (text[i] == '\n') { line++; col = 1; }
    else if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}
static std::string line_col(const std::string& text, size_t byte) { return text_position(text, byte); }

// ---- Byte-level checks: what a file is, before what its text says ----------------------------

// UTF-16 without a byte order mark (a BOM is honoured by the page, which converts such a file):
// in the first characters, one byte of most pairs is zero (ASCII in UTF-16). With a BOM, as
// the core sees it (a tool reading the file directly), it is UTF-16 all the same.
static bool looks_utf16(const std::string& b) {
  if (b.size() >= 2 && (((unsigned char)b[0] == 0xFF && (unsigned char)b[1] == 0xFE) || ((unsigned char)b[0] == 0xFE && (unsigned char)b[1] == 0xFF)))
    return true;
  size_t pairs = std::min<size_t>(b.size() / 2, 64), le = 0, be = 0;
  for (size_t i = 0; i < pairs; i++) {
    bool z0 = b[2 * i] == 0, z1 = b[2 * i + 1] == 0;
    if (z1 && !z0) le++;
    if (z0 && !z1) be++;
  }
  return pairs >= 1 && (le * 2 > pairs || be * 2 > pairs);
}

// Offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing past U+10FFFF), or npos.
static size_t bad_utf8(const std::string& s) {
  const unsigned char* p = (const unsigned char*)s.data();
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { i++; continue; }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else return i;
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; k++)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string::npos;
}

static std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// A NUL byte or ill-formed UTF-8 anywhere: "" if the bytes are good UTF-8 text.
static std::string byte_problem(const std::string& b) {
  size_t nul = b.find('\0');
  size_t bad = bad_utf8(b);
  if (nul != std::string::npos && (bad == std::string::npos || nul < bad))
    return "contains a NUL byte at offset " + std::to_string(nul) + " (" + line_col(b, nul) + "): a map file is text, and text has none";
  if (bad != std::string::npos)
    return "not UTF-8: the byte " + hex_byte((unsigned char)b[bad]) + " at offset " + std::to_string(bad) + " (" + line_col(b, bad) +
           ") is not UTF-8 text; save the file as UTF-8";
  return "";
}

std::string text_problem(const std::string& bytes) {
  if (looks_utf16(bytes)) return "UTF-16 text: save the file as UTF-8";
  return byte_problem(bytes);
}

// Files people open by mistake, known by their first bytes.
static const char* file_kind(const std::string& b) {
  auto starts = [&](const char* sig, size_t n) { return b.size() >= n && b.compare(0, n, sig, n) == 0; };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return "a PNG image";
  if (starts("\xFF\xD8\xFF", 3)) return "a JPEG image";
  if (starts("GIF8", 4)) return "a GIF image";
  if (starts("%PDF", 4)) return "a PDF document";
  if (starts("PK\x03\x04", 4)) return "a ZIP archive (or an Office document)";
  size_t first = b.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && b[first] == '<') return "an HTML or XML page";
  return nullptr;
}

// How deeply arrays and objects nest (outside strings). Copying and writing JSON recurse, so a
// map deeper than any real one is refused before it is read.
static int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return deepest;
}

constexpr int kMaxDepth = 64;

static bool parse(const std::string& text, json* out, std::string* error) {
  // What the file is, before what is wrong with its JSON.
  size_t first = text.find_first_not_of(" \t\r\n");
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) first = text.find_first_not_of(" \t\r\n", 3);
  if (first == std::string::npos) { *error = "the file is empty"; return false; }
  // UTF-16 first: its first byte can be the '{' of a map.
  if (looks_utf16(text)) { *error = "UTF-16 text: save the file as UTF-8"; return false; }
  if (text[first] != '{' && text[first] != '[') {
    const char* kind = file_kind(text);
    *error = kind ? std::string("not a journey map: the file is ") + kind + ", not JSON (a map file starts with '{')"
                  : "not a journey map: the file is not JSON (a map file starts with '{')";
    return false;
  }
  // Bytes the JSON parser would stop at without saying why (or, for a NUL, never reach when the
  // text came as a C string): named with their offset.
  std::string bytes = byte_problem(text);
  if (!bytes.empty()) { *error = bytes; return false; }
  if (nesting_depth(text) > kMaxDepth) {
    *error = "not a journey map: its data nests deeper than " + std::to_string(kMaxDepth) + " levels";
    return false;
  }
  try {
    *out = json::parse(text);
    return true;
  } catch (const json::parse_error& e) {
    // nlohmann's message ends with "...: syntax error while parsing value - <why>; last read: '<token>'":
    // keep the why, never the token (it can be megabytes long).
    std::string what = e.what();
    std::string reason = "not valid JSON";
    size_t at = what.find("syntax error while parsing");
    if (at != std::string::npos) {
      size_t dash = what.find(" - ", at), semi = what.find("; last read", at);
      if (dash != std::string::npos) reason = what.substr(dash + 3, (semi == std::string::npos ? what.size() : semi) - dash - 3);
    }
    if (reason.size() > 120) reason = reason.substr(0, 120) + "...";
    if (e.byte >= text.size() + 1 || text.empty()) *error = "the file ends too early (" + line_col(text, e.byte) + "): not complete JSON";
    else *error = line_col(text, e.byte > 0 ? e.byte - 1 : 0) + ": " + reason;
    return false;
  } catch (const std::exception& e) {
    *error = std::string("not readable as JSON: ") + e.what();
    return false;
  }
}

// ---- Migrations: one function per format version step --------------------------------------------
// Step N turns a version N document into version N+1. Steps run on the parsed JSON, oldest first,
// before anything is read, so the reader only knows the current version. A new format version
// adds one function to kMigrations and nothing else changes.

// Moves fields out of the way under "v1_<name>" (another '_' while that is taken too), where
// they stay as unknown fields: kept and written back, never interpreted.
static void set_aside(json& o, std::initializer_list<const char*> keys) {
  if (!o.is_object()) return;
  for (const char* k : keys) {
    auto it = o.find(k);
    if (it == o.end()) continue;
    std::string to = std::string("v1_") + k;
    while (o.contains(to)) to += "_";
    json v = std::move(*it);
    o.erase(k);
    o[to] = std::move(v);
  }
}

// Version 1 -> 2. Version 2 added personas, the future state, metrics, comments, actions,
// blueprint lines and card links, moments of truth, owners and devices; nothing of version 1
// changed meaning, so its fields carry over as they are. A version 1 file may still hold fields
// under the new names, written by some other tool with a meaning of its own (version 1 kept fields
// it did not know): read as version 2 data they could refuse the file or mean something else, so
// they are set aside.
static bool migrate_1_to_2(json& root, std::string* /*error*/) {
  auto mj = root.find("map");
  if (mj != root.end() && mj->is_object()) {
    // (and the map's governance fields, stage notes, card evidence and sub-journeys, which
    // version 2 gained later without a version step: they are new fields, not new meanings)
    set_aside(*mj, {"personas", "actions", "blueprint_lines", "uid", "owner", "status", "reviewed", "review_due"});
    auto each = [&](const char* key, std::initializer_list<const char*> fields) {
      auto arr = mj->find(key);
      if (arr == mj->end() || !arr->is_array()) return;
      for (json& o : *arr) set_aside(o, fields);
    };
    each("stages", {"state", "origin", "metrics", "comments", "notes"});
    each("cards", {"persona", "personas", "moment_of_truth", "links", "origin", "owner", "device", "metrics", "comments",
                   "journey", "evidence"});
  }
  root["version"] = 2;
  return true;
}

// Version 2 -> 3. Version 3 ids are random (id.h: new_id) instead of counted from the map's
// "next_id", which goes. Existing ids stay as they are: every copy of a file keeps the ids its
// entities already have, so copies still match in a merge. A next_id a version 2 reader would have
// refused still refuses the file.
static bool migrate_2_to_3(json& root, std::string* error) {
  auto mj = root.find("map");
  if (mj == root.end() || !mj->is_object()) return true;   // the reader names that
  auto n = mj->find("next_id");
  if (n == mj->end()) return true;
  if (!n->is_number()) { *error = "map.next_id: expected a number"; return false; }
  double v = n->get<double>();
  if (!std::isfinite(v) || v < 0 || v > 4294967295.0) { *error = "map.next_id: out of range 0..4294967295"; return false; }
  mj->erase(n);
  return true;
}

using Migration = bool (*)(json& root, std::string* error);
static const Migration kMigrations[] = {migrate_1_to_2, migrate_2_to_3};   // [N - 1]: version N -> N + 1
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kFormatVersion - 1, "one migration per version step");

LoadResult load_map(const std::string& text) {
  LoadResult res;
  json root;
  if (!parse(text, &root, &res.error)) return res;
  Reader r;
  if (!root.is_object()) { res.error = "not a journey map: the file holds JSON but not an object"; return res; }
  auto fmt = root.find("format");
  if (fmt == root.end() || !fmt->is_string() || fmt->get<std::string>() != kFormatName) {
    res.error = "not a journey map: \"format\" must be \"journeymap\"";
    return res;
  }
  auto ver = root.find("version");
  if (ver == root.end() || !ver->is_number_integer()) { res.error = "version: missing or not a whole number"; return res; }
  int64_t version = ver->get<int64_t>();
  if (version > kFormatVersion) {
    res.error = "version: made by a newer journeymap (version " + std::to_string(version) + "); this one reads up to " +
                std::to_string(kFormatVersion);
    return res;
  }
  if (version < 1) {
    res.error = "version: this file is version " + std::to_string(version) + "; this journeymap reads versions 1 to " +
                std::to_string(kFormatVersion);
    return res;
  }
  res.version = (int)version;
  for (int64_t v = version; v < kFormatVersion; v++) {
    std::string why;
    if (!kMigrations[v - 1](root, &why)) {
      // A field's problem names its path, as the reader's errors do.
      res.error = why.rfind("map", 0) == 0 ? why : "version: cannot bring version " + std::to_string(v) + " up to date: " + why;
      return res;
    }
  }
  auto mj = root.find("map");
  if (mj == root.end() || !mj->is_object()) { res.error = "map: missing or not an object"; return res; }
  Map& m = res.map;
  std::string dir = "ltr";
  bool ok = r.str(*mj, "title", "map", &m.meta.title) && r.str(*mj, "goal", "map", &m.meta.goal) &&
            r.str(*mj, "description", "map", &m.meta.description) && r.str(*mj, "direction", "map", &dir) &&
            r.str(*mj, "uid", "map", &m.meta.uid) && r.str(*mj, "owner", "map", &m.meta.owner) &&
            r.key(*mj, "status", "map", &m.meta.status, map_status_from_key, "draft, in_review, published, retired") &&
            r.str(*mj, "reviewed", "map", &m.meta.reviewed) && r.str(*mj, "review_due", "map", &m.meta.review_due) &&
            read_array(r, *mj, "stages", "map", &m.stages, [](Reader& r, const json& j, const std::string& p, Stage* s) { return from_json(r, j, p, s); }) &&
            read_array(r, *mj, "lanes", "map", &m.lanes, [](Reader& r, const json& j, const std::string& p, Lane* l) { return from_json(r, j, p, l); }) &&
            read_array(r, *mj, "cards", "map", &m.cards, [](Reader& r, const json& j, const std::string& p, Card* c) { return from_json(r, j, p, c, true); }) &&
            read_array(r, *mj, "personas", "map", &m.personas, [](Reader& r, const json& j, const std::string& p, Persona* x) { return from_json(r, j, p, x); }) &&
            read_array(r, *mj, "actions", "map", &m.actions, [](Reader& r, const json& j, const std::string& p, Action* a) { return from_json(r, j, p, a); }) &&
            read_array(r, *mj, "blueprint_lines", "map", &m.blueprint_lines, [](Reader& r, const json& j, const std::string& p, BlueprintLine* b) { return from_json(r, j, p, b); });
  if (!ok) { res.error = r.error; return res; }
  auto dj = mj->find("data");
  if (dj != mj->end()) {
    // Its reader names paths from "map.data" on, as every other error here does.
    if (!dj->is_object()) { res.error = "map.data: expected an object"; return res; }
    std::string why;
    if (!data_layer_from_json(dj->dump(-1, ' ', false, json::error_handler_t::replace), &m.data, &why)) {
      // The data layer's reader names paths from "data" on ("data.rules[1].kind: ..."): under the map.
      res.error = why.rfind("map.", 0) == 0 ? why : why.rfind("data", 0) == 0 ? "map." + why : "map.data: " + why;
      return res;
    }
  }
  if (dir != "ltr" && dir != "rtl") { res.error = "map.direction: expected \"ltr\" or \"rtl\""; return res; }
  m.meta.direction = dir == "rtl" ? Direction::RightToLeft : Direction::LeftToRight;
  m.meta.extra = unknown_fields(*mj, JM_MAP_KEYS);
  m.meta.root_extra = unknown_fields(root, JM_ROOT_KEYS);
  std::vector<std::string> errs = validate(m);
  if (!errs.empty()) { res.error = "map." + errs[0]; return res; }
  res.ok = true;
  return res;
}

// ---- Personas on their own, for the browser-wide library ------------------------------------------

std::string persona_to_json(const Persona& p) {
  json j;
  to_json(j, p);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool persona_from_json(const std::string& text, Persona* out, std::string* error) {
  json j;
  std::string err;
  if (!parse(text, &j, &err)) { *error = err; return false; }
  Reader r;
  Persona p;
  if (!from_json(r, j, "persona", &p, false)) { *error = r.error; return false; }
  if (p.uid.empty()) { *error = "persona.uid: must not be empty"; return false; }
  if (!p.avatar.image.empty()) {
    std::string why = check_avatar_image(p.avatar.image);
    if (!why.empty()) { *error = "persona.avatar.image: " + why; return false; }
  }
  *out = std::move(p);
  return true;
}

// ---- Clipboard ---------------------------------------------------------------------------------

std::string cards_to_clipboard(const Map& m, const std::vector<Id>& ids) {
  json arr = json::array();
  for (Id id : ids)
    if (const Card* c = card_by_id(m, id)) {
      json x;
      to_json(x, *c);
      x.erase("id"); x.erase("stage"); x.erase("lane"); x.erase("order");
      // Ids of other entities mean nothing in the map the cards are pasted into (maybe another
      // one): links, personas and the origin stay behind; comments get new ids on paste.
      x.erase("links"); x.erase("persona"); x.erase("personas"); x.erase("origin");
      if (x.contains("comments"))
        for (json& cm : x["comments"]) cm.erase("id");
      int li = find_lane(m, c->lane);
      if (li >= 0) x["lane_type"] = lane_type_info(m.lanes[li].type).key;
      arr.push_back(std::move(x));
    }
  return json{{"format", "journeymap-cards"}, {"cards", std::move(arr)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool cards_from_clipboard(const std::string& text, std::vector<Card>* out) {
  if (text.find("journeymap-cards") == std::string::npos) return false;
  json root;
  std::string err;
  if (!parse(text, &root, &err) || !root.is_object() || root.value("format", "") != "journeymap-cards") return false;
  Reader r;
  std::vector<Card> cards;
  if (!read_array(r, root, "cards", "cards", &cards, [](Reader& r, const json& j, const std::string& p, Card* c) { return from_json(r, j, p, c, false); }))
    return false;
  *out = std::move(cards);
  return true;
}

std::string cards_to_text(const Map& m, const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids)
    if (const Card* c = card_by_id(m, id)) {
      if (!out.empty()) out += "\n";
      out += c->text;
    }
  return out;
}

std::vector<Card> cards_from_text(const std::string& text) {
  std::vector<Card> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    size_t b = line.find_first_not_of(" \t");
    if (b != std::string::npos) {
      Card c;
      c.text = line.substr(b);
      out.push_back(std::move(c));
    }
    start = nl + 1;
  }
  return out;
}

} // namespace jm

// ==== io_json.h (owner: diff and merge; keep this block at the end of the file) ====================
// The writer and reader above, one entity at a time, for core/diff.cpp and core/merge.cpp.
#include "core/io_json.h"
namespace jm {

json map_to_json_value(const Map& m) { return map_to_json(m); }

bool map_from_json_value(const json& map, Map* out, std::string* error) {
  json root{{"format", kFormatName}, {"version", kFormatVersion}, {"map", map}};
  LoadResult r = load_map(root.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!r.ok) { *error = r.error; return false; }
  *out = std::move(r.map);
  return true;
}

template <class T> static json entity_json(const T& x) { json j; to_json(j, x); return j; }
json entity_to_json(const Stage& s) { return entity_json(s); }
json entity_to_json(const Lane& l) { return entity_json(l); }
json entity_to_json(const Card& c) { return entity_json(c); }
json entity_to_json(const Persona& p) { return entity_json(p); }
json entity_to_json(const Action& a) { return entity_json(a); }
json entity_to_json(const BlueprintLine& b) { return entity_json(b); }

template <class T, class F> static bool entity_read(const json& j, T* out, std::string* error, const char* path, F read) {
  Reader r;
  T x;
  if (!read(r, j, path, &x)) { *error = r.error; return false; }
  *out = std::move(x);
  return true;
}
bool entity_from_json(const json& j, Stage* out, std::string* error) {
  return entity_read(j, out, error, "stage", [](Reader& r, const json& j, const char* p, Stage* x) { return from_json(r, j, p, x); });
}
bool entity_from_json(const json& j, Lane* out, std::string* error) {
  return entity_read(j, out, error, "lane", [](Reader& r, const json& j, const char* p, Lane* x) { return from_json(r, j, p, x); });
}
bool entity_from_json(const json& j, Card* out, std::string* error) {
  return entity_read(j, out, error, "card", [](Reader& r, const json& j, const char* p, Card* x) { return from_json(r, j, p, x, true); });
}
bool entity_from_json(const json& j, Persona* out, std::string* error) {
  return entity_read(j, out, error, "persona", [](Reader& r, const json& j, const char* p, Persona* x) { return from_json(r, j, p, x); });
}
bool entity_from_json(const json& j, Action* out, std::string* error) {
  return entity_read(j, out, error, "action", [](Reader& r, const json& j, const char* p, Action* x) { return from_json(r, j, p, x); });
}
bool entity_from_json(const json& j, BlueprintLine* out, std::string* error) {
  return entity_read(j, out, error, "blueprint_line", [](Reader& r, const json& j, const char* p, BlueprintLine* x) { return from_json(r, j, p, x); });
}

static const char* const kCollectionKeys[] = {"stages", "lanes", "cards", "personas", "actions", "blueprint_lines", "data"};

json meta_to_json(const MapMeta& meta) {
  Map m;
  m.meta = meta;
  json j = map_to_json(m);
  for (const char* k : kCollectionKeys) j.erase(k);
  if (!meta.root_extra.empty()) {
    json e = json::parse(meta.root_extra, nullptr, false);
    if (e.is_object() && !e.empty()) j[kRootExtraKey] = std::move(e);
  }
  return j;
}

// Through load_map, so the map's fields are read (and checked) by the one reader of the format.
bool meta_from_json(const json& j, MapMeta* out, std::string* error) {
  if (!j.is_object()) { *error = "map: expected an object"; return false; }
  json map = j;
  json root{{"format", kFormatName}, {"version", kFormatVersion}};
  auto re = map.find(kRootExtraKey);
  if (re != map.end()) {
    if (re->is_object())
      for (auto it = re->begin(); it != re->end(); ++it)
        if (!root.contains(it.key()) && it.key() != "map") root[it.key()] = it.value();
    map.erase(kRootExtraKey);
  }
  for (const char* k : kCollectionKeys) map.erase(k);
  root["map"] = std::move(map);
  LoadResult r = load_map(root.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!r.ok) { *error = r.error; return false; }
  *out = std::move(r.map.meta);
  return true;
}

} // namespace jm
// ==== end of the io_json.h block ====================================================================
