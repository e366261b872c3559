#include "core/model.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace jm {

// Colours follow the design brief: actions neutral, touchpoints blue, pain points red,
// opportunities green, backstage grey, metrics violet.
static const LaneTypeInfo kLaneTypes[] = {
  {"actions", "Actions", 0x64748b},
  {"thoughts", "Thoughts & questions", 0x0ea5e9},
  {"motivations", "Motivations", 0xf59e0b},
  {"barriers", "Barriers", 0xf97316},
  {"moments_of_truth", "Moments of truth", 0xeab308},
  {"touchpoints", "Touchpoints", 0x3b82f6},
  {"emotions", "Emotions", 0x10b981},
  {"pain_points", "Pain points", 0xef4444},
  {"opportunities", "Opportunities", 0x22c55e},
  {"backstage", "Backstage", 0x6b7280},
  {"metrics", "Metrics", 0x8b5cf6},
  {"owners", "Owners & teams", 0x14b8a6},
  {"text", "Notes", 0x94a3b8},
  {"frontstage", "Frontstage", 0x6366f1},
  {"support_processes", "Support processes", 0x78716c},
  {"physical_evidence", "Physical evidence", 0xa16207},
};
static_assert(sizeof(kLaneTypes) / sizeof(kLaneTypes[0]) == (size_t)LaneType::Count, "lane type table");

const LaneTypeInfo& lane_type_info(LaneType t) {
  size_t i = (size_t)t;
  return kLaneTypes[i < (size_t)LaneType::Count ? i : (size_t)LaneType::Text];
}

bool lane_type_from_key(const std::string& key, LaneType* out) {
  for (size_t i = 0; i < (size_t)LaneType::Count; i++)
    if (key == kLaneTypes[i].key) { *out = (LaneType)i; return true; }
  return false;
}

const std::vector<ChannelInfo>& builtin_channels() {
  static const std::vector<ChannelInfo> v = {
    {"website", "Website", "\xF0\x9F\x8C\x90"},  {"mobile_app", "Mobile app", "\xF0\x9F\x93\xB1"},
    {"email", "Email", "\xE2\x9C\x89"},           {"social", "Social media", "\xF0\x9F\x92\xAC"},
    {"phone", "Phone", "\xE2\x98\x8E"},           {"live_chat", "Live chat", "\xF0\x9F\x97\xA8"},
    {"sms", "SMS", "\xF0\x9F\x93\xA8"},           {"store", "Store / in person", "\xF0\x9F\x8F\xAA"},
    {"paid_ads", "Paid ads", "\xF0\x9F\x93\xA3"}, {"reviews", "Third-party reviews", "\xE2\x98\x85"},
    {"survey", "Survey", "\xF0\x9F\x93\x8B"},     {"in_product", "In-product", "\xE2\x9C\xA8"},
    {"other", "Other", "\xE2\x80\xA2"},
  };
  return v;
}

const ChannelInfo* channel_info(const std::string& key) {
  for (const ChannelInfo& c : builtin_channels())
    if (key == c.key) return &c;
  return nullptr;
}

bool Metric::operator==(const Metric& o) const {
  return kind == o.kind && name == o.name && value == o.value && target == o.target && unit == o.unit &&
         date == o.date && higher_is_better == o.higher_is_better && extra == o.extra;
}
bool Comment::operator==(const Comment& o) const {
  return id == o.id && author == o.author && time == o.time && text == o.text && extra == o.extra;
}
bool Stage::operator==(const Stage& o) const {
  return id == o.id && name == o.name && description == o.description && color == o.color && width == o.width &&
         state == o.state && origin == o.origin && metrics == o.metrics && comments == o.comments && notes == o.notes &&
         extra == o.extra;
}
bool Lane::operator==(const Lane& o) const {
  return id == o.id && name == o.name && type == o.type && color == o.color && collapsed == o.collapsed && extra == o.extra;
}
bool Card::operator==(const Card& o) const {
  return id == o.id && stage == o.stage && lane == o.lane && order == o.order && text == o.text &&
         color == o.color && tags == o.tags && icon == o.icon && channel == o.channel && score == o.score &&
         persona == o.persona && personas == o.personas && moment_of_truth == o.moment_of_truth && links == o.links &&
         origin == o.origin && owner == o.owner && device == o.device && metrics == o.metrics &&
         comments == o.comments && journey == o.journey && evidence == o.evidence && extra == o.extra;
}
bool Evidence::operator==(const Evidence& o) const {
  return quote == o.quote && kind == o.kind && source == o.source && date == o.date && confidence == o.confidence &&
         extra == o.extra;
}
bool Avatar::operator==(const Avatar& o) const {
  return image == o.image && initials == o.initials && color == o.color && extra == o.extra;
}
bool KeyValue::operator==(const KeyValue& o) const { return key == o.key && value == o.value && extra == o.extra; }
bool Persona::operator==(const Persona& o) const {
  return id == o.id && uid == o.uid && name == o.name && role == o.role && avatar == o.avatar && quote == o.quote &&
         demographics == o.demographics && goals == o.goals && needs == o.needs && motivations == o.motivations &&
         frustrations == o.frustrations && channels == o.channels && behaviours == o.behaviours && extra == o.extra;
}
bool Action::operator==(const Action& o) const {
  return id == o.id && kind == o.kind && title == o.title && owner == o.owner && team == o.team && status == o.status &&
         priority == o.priority && impact == o.impact && effort == o.effort && due == o.due &&
         description == o.description && cards == o.cards && extra == o.extra;
}
bool BlueprintLine::operator==(const BlueprintLine& o) const {
  return id == o.id && kind == o.kind && above_lane == o.above_lane && label == o.label && extra == o.extra;
}
bool MapMeta::operator==(const MapMeta& o) const {
  return title == o.title && goal == o.goal && description == o.description && direction == o.direction &&
         uid == o.uid && owner == o.owner && status == o.status && reviewed == o.reviewed &&
         review_due == o.review_due && extra == o.extra && root_extra == o.root_extra;
}
bool Map::operator==(const Map& o) const {
  return meta == o.meta && stages == o.stages && lanes == o.lanes && cards == o.cards && personas == o.personas &&
         actions == o.actions && blueprint_lines == o.blueprint_lines && data == o.data;
}

// ---- Keys of the small enums ---------------------------------------------------------------------

// One table per enum, indexed by its value; *_from_key scans it. Out-of-range values (a corrupt
// in-memory map) read as the table's first entry rather than past its end.
template <size_t N> static const char* key_at(const char* const (&table)[N], size_t i) { return table[i < N ? i : 0]; }
template <class E, size_t N> static bool key_lookup(const char* const (&table)[N], const std::string& key, E* out) {
  for (size_t i = 0; i < N; i++)
    if (key == table[i]) { *out = (E)i; return true; }
  return false;
}

static const char* const kStateKeys[] = {"current", "future"};
static const char* const kActionKindKeys[] = {"opportunity", "action"};
static const char* const kActionStatusKeys[] = {"idea", "planned", "in_progress", "done"};
static const char* const kPriorityKeys[] = {"low", "medium", "high"};
static const char* const kLineKeys[] = {"interaction", "visibility", "internal_interaction"};
static const char* const kLineNames[] = {"Line of interaction", "Line of visibility", "Line of internal interaction"};
static const char* const kStatusKeys[] = {"unknown", "on_target", "near", "off"};
static const char* const kMapStatusKeys[] = {"draft", "in_review", "published", "retired"};
static const char* const kEvidenceKindKeys[] = {"interview", "survey", "ticket", "analytics", "url", "file", "other"};
static const char* const kConfidenceKeys[] = {"assumed", "reported", "observed"};
static const char* const kBackingKeys[] = {"unsupported", "assumed", "reported", "observed"};
static_assert(sizeof(kStateKeys) / sizeof(*kStateKeys) == (size_t)JourneyState::Count, "state keys");
static_assert(sizeof(kMapStatusKeys) / sizeof(*kMapStatusKeys) == (size_t)MapStatus::Count, "map statuses");
static_assert(sizeof(kEvidenceKindKeys) / sizeof(*kEvidenceKindKeys) == (size_t)EvidenceKind::Count, "evidence kinds");
static_assert(sizeof(kConfidenceKeys) / sizeof(*kConfidenceKeys) == (size_t)Confidence::Count, "confidences");
static_assert(sizeof(kActionKindKeys) / sizeof(*kActionKindKeys) == (size_t)ActionKind::Count, "action kinds");
static_assert(sizeof(kActionStatusKeys) / sizeof(*kActionStatusKeys) == (size_t)ActionStatus::Count, "statuses");
static_assert(sizeof(kPriorityKeys) / sizeof(*kPriorityKeys) == (size_t)Priority::Count, "priorities");
static_assert(sizeof(kLineKeys) / sizeof(*kLineKeys) == (size_t)BlueprintLineKind::Count, "blueprint lines");

const char* journey_state_key(JourneyState s) { return key_at(kStateKeys, (size_t)s); }
bool journey_state_from_key(const std::string& key, JourneyState* out) { return key_lookup(kStateKeys, key, out); }
const char* action_kind_key(ActionKind k) { return key_at(kActionKindKeys, (size_t)k); }
const char* action_status_key(ActionStatus s) { return key_at(kActionStatusKeys, (size_t)s); }
const char* priority_key(Priority p) { return key_at(kPriorityKeys, (size_t)p); }
bool action_kind_from_key(const std::string& key, ActionKind* out) { return key_lookup(kActionKindKeys, key, out); }
bool action_status_from_key(const std::string& key, ActionStatus* out) { return key_lookup(kActionStatusKeys, key, out); }
bool priority_from_key(const std::string& key, Priority* out) { return key_lookup(kPriorityKeys, key, out); }
const char* blueprint_line_key(BlueprintLineKind k) { return key_at(kLineKeys, (size_t)k); }
const char* blueprint_line_name(BlueprintLineKind k) { return key_at(kLineNames, (size_t)k); }
bool blueprint_line_from_key(const std::string& key, BlueprintLineKind* out) { return key_lookup(kLineKeys, key, out); }
const char* metric_status_key(MetricStatus s) { return key_at(kStatusKeys, (size_t)s); }
const char* map_status_key(MapStatus s) { return key_at(kMapStatusKeys, (size_t)s); }
bool map_status_from_key(const std::string& key, MapStatus* out) { return key_lookup(kMapStatusKeys, key, out); }
const char* evidence_kind_key(EvidenceKind k) { return key_at(kEvidenceKindKeys, (size_t)k); }
bool evidence_kind_from_key(const std::string& key, EvidenceKind* out) { return key_lookup(kEvidenceKindKeys, key, out); }
const char* confidence_key(Confidence c) { return key_at(kConfidenceKeys, (size_t)c); }
bool confidence_from_key(const std::string& key, Confidence* out) { return key_lookup(kConfidenceKeys, key, out); }
const char* backing_key(Backing b) { return key_at(kBackingKeys, (size_t)b); }

// Backing follows Confidence one step up (Unsupported below Assumed), so the strongest confidence
// maps onto it by adding one.
Backing card_backing(const Card& c) {
  if (c.evidence.empty()) return Backing::Unsupported;
  size_t best = 0;
  for (const Evidence& e : c.evidence)
    if ((size_t)e.confidence < (size_t)Confidence::Count) best = std::max(best, (size_t)e.confidence);
  return (Backing)(best + 1);
}

// ---- Metrics -------------------------------------------------------------------------------------

// Directions follow common practice: effort (CES asked as "how much effort did it take"), drop-off
// and response time are better low. A team that asks CES as agreement flips it on the metric.
static const MetricKindInfo kMetricKinds[] = {
  {"nps", "NPS", "", true, false},
  {"csat", "CSAT", "%", true, false},
  {"ces", "CES", "", false, false},
  {"conversion", "Conversion rate", "%", true, true},
  {"drop_off", "Drop-off rate", "%", false, true},
  {"retention", "Retention rate", "%", true, true},
  {"response_time", "Response time", "min", false, false},
  {"fcr", "First-contact resolution", "%", true, false},
  {"clv", "Customer lifetime value", "", true, false},
  {"custom", "Metric", "", true, false},
};
static_assert(sizeof(kMetricKinds) / sizeof(kMetricKinds[0]) == (size_t)MetricKind::Count, "metric kind table");

const MetricKindInfo& metric_kind_info(MetricKind k) {
  size_t i = (size_t)k;
  return kMetricKinds[i < (size_t)MetricKind::Count ? i : (size_t)MetricKind::Custom];
}

bool metric_kind_from_key(const std::string& key, MetricKind* out) {
  for (size_t i = 0; i < (size_t)MetricKind::Count; i++)
    if (key == kMetricKinds[i].key) { *out = (MetricKind)i; return true; }
  return false;
}

Metric make_metric(MetricKind kind, std::optional<double> value, std::optional<double> target) {
  Metric m;
  m.kind = kind;
  m.name = metric_kind_info(kind).name;
  m.unit = metric_kind_info(kind).unit;
  m.higher_is_better = metric_kind_info(kind).higher_is_better;
  m.value = value;
  m.target = target;
  return m;
}

MetricStatus metric_status(const Metric& m, double near_fraction) {
  if (!m.value || !m.target || !std::isfinite(*m.value) || !std::isfinite(*m.target)) return MetricStatus::Unknown;
  double v = *m.value, t = *m.target;
  // How far short of the target, in the metric's good direction; <= 0 is on target. The margin
  // is a fraction of the target's size, so it works for NPS (-100..100) as for seconds.
  double shortfall = m.higher_is_better ? t - v : v - t;
  if (shortfall <= 0) return MetricStatus::OnTarget;
  if (shortfall <= std::fabs(t) * near_fraction) return MetricStatus::Near;
  return MetricStatus::Off;
}

// ---- Personas ------------------------------------------------------------------------------------

static int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string check_avatar_image(const std::string& url) {
  if (url.size() > kMaxAvatarBytes)
    return "image too large (" + std::to_string(url.size() / 1024) + " KB; at most " +
           std::to_string(kMaxAvatarBytes / 1024) + " KB)";
  static const std::string png = "data:image/png;base64,", jpeg = "data:image/jpeg;base64,";
  bool is_png = url.compare(0, png.size(), png) == 0, is_jpeg = url.compare(0, jpeg.size(), jpeg) == 0;
  if (!is_png && !is_jpeg) return "expected a data URL of a PNG or JPEG image (data:image/png;base64,...)";
  size_t b = (is_png ? png : jpeg).size();
  size_t n = url.size() - b;
  if (n == 0 || n % 4 != 0) return "the base64 data is cut short";
  for (size_t i = b; i < url.size(); i++) {
    bool pad = url[i] == '=' && i + 2 >= url.size() && (i + 1 == url.size() || url[i + 1] == '=');
    if (base64_value(url[i]) < 0 && !pad) return "not base64 data at character " + std::to_string(i);
  }
  // The first bytes must be the format's signature: a data URL that claims PNG but holds
  // something else would be drawn as a broken image, or not at all.
  unsigned char head[6] = {0};
  size_t got = 0;
  for (size_t i = b; i + 3 < url.size() && got < 6; i += 4) {
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) v = v << 6 | (uint32_t)std::max(0, base64_value(url[i + k]));
    for (int k = 0; k < 3 && got < 6; k++) head[got++] = (unsigned char)(v >> (16 - 8 * k));
  }
  static const unsigned char png_sig[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A}, jpeg_sig[] = {0xFF, 0xD8, 0xFF};
  if (is_png && (got < 6 || !std::equal(png_sig, png_sig + 6, head))) return "the data is not a PNG image";
  if (is_jpeg && (got < 3 || !std::equal(jpeg_sig, jpeg_sig + 3, head))) return "the data is not a JPEG image";
  return {};
}

bool decode_avatar_image(const std::string& url, std::string* bytes, bool* png) {
  if (!check_avatar_image(url).empty()) return false;
  *png = url.compare(0, 15, "data:image/png;") == 0;
  size_t b = url.find(',') + 1;
  bytes->clear();
  bytes->reserve((url.size() - b) / 4 * 3);
  for (size_t i = b; i + 3 < url.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; k++) {
      int d = base64_value(url[i + k]);
      if (d < 0) pad++;
      v = v << 6 | (uint32_t)std::max(0, d);
    }
    for (int k = 0; k < 3 - pad; k++) *bytes += (char)(unsigned char)(v >> (16 - 8 * k));
  }
  return true;
}

// One generator for uids and ids. random_device alone is enough where it is a real source
// (Linux, browsers' getRandomValues); the clock is mixed in for platforms where it is a fixed
// sequence.
static std::mt19937_64& random_source() {
  static std::mt19937_64 gen([] {
    std::random_device rd;
    uint64_t t = (uint64_t)std::chrono::high_resolution_clock::now().time_since_epoch().count();
    std::seed_seq seq{rd(), rd(), rd(), rd(), (uint32_t)t, (uint32_t)(t >> 32)};
    return std::mt19937_64(seq);
  }());
  return gen;
}

std::string new_uid() {
  std::mt19937_64& gen = random_source();
  uint64_t hi = gen(), lo = gen();
  hi = (hi & ~0xF000ull) | 0x4000ull;                      // version 4
  lo = (lo & ~(0xC000ull << 48)) | (0x8000ull << 48);      // variant 10xx
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32), (unsigned)(hi >> 16 & 0xffff),
                (unsigned)(hi & 0xffff), (unsigned)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffull));
  return buf;
}

Id new_id() {
  // Uniform over [2^32, 2^53): the top 11 bits dropped, then moved above the counted range.
  for (;;) {
    Id id = random_source()() >> 11;
    if (id >= kFirstRandomId) return id;
  }
}

void seed_ids(uint64_t seed) { random_source().seed(seed); }

Id parse_id(const char* s) {
  if (!s) return kNoId;
  while (*s == ' ') s++;
  if (*s < '0' || *s > '9') return kNoId;
  Id v = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    v = v * 10 + Id(*s - '0');
    if (v > kMaxId) return kNoId;
  }
  return v;
}

Id counted_id_limit(const Map& m) {
  Id top = 0;
  auto see = [&](Id id) { if (id < kFirstRandomId && id > top) top = id; };
  for (const Stage& s : m.stages) { see(s.id); for (const Comment& c : s.comments) see(c.id); }
  for (const Lane& l : m.lanes) see(l.id);
  for (const Card& c : m.cards) { see(c.id); for (const Comment& x : c.comments) see(x.id); }
  for (const Persona& p : m.personas) see(p.id);
  for (const Action& a : m.actions) see(a.id);
  for (const BlueprintLine& b : m.blueprint_lines) see(b.id);
  return top + 1;
}

static void add_missing(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from)
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

Persona merge_persona(const Persona& in_map, const Persona& from_library, PersonaMerge how) {
  if (how == PersonaMerge::Replace) {
    Persona p = from_library;
    p.id = in_map.id;
    if (p.uid.empty()) p.uid = in_map.uid;
    return p;
  }
  Persona p = in_map;
  auto fill = [](std::string& to, const std::string& from) { if (to.empty()) to = from; };
  fill(p.uid, from_library.uid);
  fill(p.name, from_library.name);
  fill(p.role, from_library.role);
  fill(p.quote, from_library.quote);
  if (p.avatar.image.empty() && p.avatar.initials.empty()) p.avatar = from_library.avatar;
  for (const KeyValue& kv : from_library.demographics)
    if (std::none_of(p.demographics.begin(), p.demographics.end(), [&](const KeyValue& x) { return x.key == kv.key; }))
      p.demographics.push_back(kv);
  add_missing(p.goals, from_library.goals);
  add_missing(p.needs, from_library.needs);
  add_missing(p.motivations, from_library.motivations);
  add_missing(p.frustrations, from_library.frustrations);
  add_missing(p.channels, from_library.channels);
  add_missing(p.behaviours, from_library.behaviours);
  fill(p.extra, from_library.extra);
  return p;
}

template <class T> static int find_by_id(const std::vector<T>& v, Id id) {
  for (size_t i = 0; i < v.size(); i++)
    if (v[i].id == id) return (int)i;
  return -1;
}
int find_stage(const Map& m, Id id) { return find_by_id(m.stages, id); }
int find_lane(const Map& m, Id id) { return find_by_id(m.lanes, id); }
int find_card(const Map& m, Id id) { return find_by_id(m.cards, id); }
int find_persona(const Map& m, Id id) { return find_by_id(m.personas, id); }
int find_action(const Map& m, Id id) { return find_by_id(m.actions, id); }
int find_blueprint_line(const Map& m, Id id) { return find_by_id(m.blueprint_lines, id); }
int find_persona_uid(const Map& m, const std::string& uid) {
  if (uid.empty()) return -1;
  for (size_t i = 0; i < m.personas.size(); i++)
    if (m.personas[i].uid == uid) return (int)i;
  return -1;
}
const Card* card_by_id(const Map& m, Id id) {
  int i = find_card(m, id);
  return i < 0 ? nullptr : &m.cards[i];
}
const Stage* stage_by_id(const Map& m, Id id) {
  int i = find_stage(m, id);
  return i < 0 ? nullptr : &m.stages[i];
}
const Persona* persona_by_id(const Map& m, Id id) {
  int i = find_persona(m, id);
  return i < 0 ? nullptr : &m.personas[i];
}

JourneyState card_state(const Map& m, const Card& c) {
  const Stage* s = stage_by_id(m, c.stage);
  return s ? s->state : JourneyState::Current;
}

std::vector<const Stage*> stages_in(const Map& m, JourneyState st) {
  std::vector<const Stage*> out;
  for (const Stage& s : m.stages)
    if (s.state == st) out.push_back(&s);
  return out;
}

bool has_future_state(const Map& m) {
  return std::any_of(m.stages.begin(), m.stages.end(), [](const Stage& s) { return s.state == JourneyState::Future; });
}

bool card_for_persona(const Card& c, Id persona) {
  if (c.persona == kNoId && c.personas.empty()) return true;
  return c.persona == persona || std::find(c.personas.begin(), c.personas.end(), persona) != c.personas.end();
}

std::vector<const Card*> cell_cards(const Map& m, Id stage, Id lane) {
  std::vector<const Card*> out;
  for (const Card& c : m.cards)
    if (c.stage == stage && c.lane == lane) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const Card* a, const Card* b) { return a->order < b->order; });
  return out;
}

float clamp_score(float s) {
  if (!(s == s)) return 0;  // NaN
  return std::min(kMaxScore, std::max(kMinScore, s));
}

Map make_map(Template t) { return make_map(t, nullptr); }

Map make_map(Template t, const NameFn& names) {
  Map m;
  m.meta.uid = new_uid();   // copies of this map keep it: the portfolio and sub-journeys find it by it
  auto name = [&](const std::string& key, const char* english) { return names ? names(key, english) : std::string(english); };
  auto stage = [&](const char* key, const char* english, Color c) {
    Stage s; s.id = new_id(); s.name = name(key, english); s.color = c; m.stages.push_back(s);
  };
  auto lane = [&](LaneType type) {
    Lane l; l.id = new_id(); l.type = type; l.name = name(std::string("lane_type.") + lane_type_info(type).key, lane_type_info(type).name);
    l.color = lane_type_info(type).color; m.lanes.push_back(l);
  };
  if (t == Template::Classic) {
    m.meta.title = name("new_map.classic_title", "Customer journey");
    m.meta.goal = name("new_map.classic_goal", "From first hearing of us to recommending us");
    stage("stage.awareness", "Awareness", 0x6366f1); stage("stage.consideration", "Consideration", 0x0ea5e9);
    stage("stage.purchase", "Purchase", 0x10b981); stage("stage.retention", "Retention", 0xf59e0b);
    stage("stage.advocacy", "Advocacy", 0xec4899);
    for (LaneType lt : {LaneType::Actions, LaneType::Touchpoints, LaneType::Thoughts, LaneType::Emotions,
                        LaneType::PainPoints, LaneType::Opportunities, LaneType::Backstage})
      lane(lt);
  } else {
    m.meta.title = name("map.untitled", "Untitled journey");
    stage("new_map.stage_1", "Stage 1", 0x6366f1); stage("new_map.stage_2", "Stage 2", 0x0ea5e9);
    stage("new_map.stage_3", "Stage 3", 0x10b981);
    for (LaneType lt : {LaneType::Actions, LaneType::Touchpoints, LaneType::Emotions, LaneType::PainPoints,
                        LaneType::Opportunities})
      lane(lt);
  }
  return m;
}

Map make_large_map(int stages, int lanes, int per_cell, const std::vector<std::string>& texts) {
  Map m;
  m.meta.title = "Generated journey";
  Id next = 1;   // counted ids, as files from before version 3 hold: the same map every time
  static const LaneType cycle[] = {LaneType::Actions, LaneType::Touchpoints, LaneType::Thoughts, LaneType::Emotions,
                                   LaneType::PainPoints, LaneType::Opportunities, LaneType::Backstage, LaneType::Metrics,
                                   LaneType::Motivations, LaneType::Barriers, LaneType::Owners, LaneType::Text};
  for (int i = 0; i < stages; i++) {
    Stage s; s.id = next++; s.name = "Stage " + std::to_string(i + 1); m.stages.push_back(s);
  }
  for (int i = 0; i < lanes; i++) {
    Lane l; l.id = next++; l.type = cycle[i % 12]; l.name = lane_type_info(l.type).name;
    l.color = lane_type_info(l.type).color; m.lanes.push_back(l);
  }
  size_t t = 0;
  const auto& ch = builtin_channels();
  m.cards.reserve((size_t)stages * lanes * per_cell);
  for (const Lane& l : m.lanes)
    for (const Stage& s : m.stages)
      for (int k = 0; k < per_cell; k++) {
        Card c;
        c.id = next++;
        c.stage = s.id;
        c.lane = l.id;
        c.order = k;
        c.text = texts.empty() ? "Card" : texts[t++ % texts.size()];
        if (l.type == LaneType::Touchpoints) c.channel = ch[(c.id) % ch.size()].key;
        if (l.type == LaneType::Emotions) c.score = (float)((int)(c.id % 5) - 2);
        m.cards.push_back(std::move(c));
      }
  return m;
}

static bool digits(const std::string& s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool is_iso_date(const std::string& s) {
  int y, mo, d;
  if (s.size() != 10 || !digits(s, 0, 4, &y) || s[4] != '-' || !digits(s, 5, 2, &mo) || s[7] != '-' || !digits(s, 8, 2, &d))
    return false;
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(mo == 2 && d == 29 && !leap);
}

bool is_iso_date_time(const std::string& s) {
  int h, mi, sec;
  if (s.size() < 16 || !is_iso_date(s.substr(0, 10)) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, &h) || s[13] != ':' || !digits(s, 14, 2, &mi) || h > 23 || mi > 59)
    return false;
  size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, &sec) || sec > 60) return false;   // 60: a leap second
    i += 3;
    if (i < s.size() && s[i] == '.') {
      size_t f = ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
      if (i == f) return false;
    }
  }
  if (i == s.size()) return true;                               // local time
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return true;
  int oh, om;
  return (s[i] == '+' || s[i] == '-') && i + 6 == s.size() && digits(s, i + 1, 2, &oh) && s[i + 3] == ':' &&
         digits(s, i + 4, 2, &om) && oh <= 23 && om <= 59;
}

static size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += ((unsigned char)c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> validate(const Map& m) {
  std::vector<std::string> errs;
  // The map's own fields: paths without a prefix ("reviewed"), as load_map puts "map." before them.
  if ((size_t)m.meta.status >= (size_t)MapStatus::Count) errs.push_back("status: unknown");
  if (!m.meta.reviewed.empty() && !is_iso_date(m.meta.reviewed))
    errs.push_back("reviewed: not an ISO date (expected one like 2024-05-31)");
  if (!m.meta.review_due.empty() && !is_iso_date(m.meta.review_due))
    errs.push_back("review_due: not an ISO date (expected one like 2024-05-31)");
  IdSet ids;
  auto check_id = [&](Id id, const std::string& path) {
    if (id == kNoId) errs.push_back(path + ".id: must not be 0");
    else if (id > kMaxId) errs.push_back(path + ".id: above 2^53 - 1");
    else if (!ids.insert(id).second) errs.push_back(path + ".id: duplicate id " + std::to_string(id));
  };
  auto idx = [](const std::string& p, const char* key, size_t i) { return p + "." + key + "[" + std::to_string(i) + "]"; };
  auto check_metrics = [&](const std::vector<Metric>& v, const std::string& p) {
    for (size_t i = 0; i < v.size(); i++) {
      const Metric& x = v[i];
      std::string q = idx(p, "metrics", i);
      if ((size_t)x.kind >= (size_t)MetricKind::Count) errs.push_back(q + ".kind: unknown");
      if (x.value && !std::isfinite(*x.value)) errs.push_back(q + ".value: not a finite number");
      if (x.target && !std::isfinite(*x.target)) errs.push_back(q + ".target: not a finite number");
      if (!x.date.empty() && !is_iso_date(x.date) && !is_iso_date_time(x.date))
        errs.push_back(q + ".date: expected an ISO date like 2024-05-31");
    }
  };
  auto check_comments = [&](const std::vector<Comment>& v, const std::string& p) {
    for (size_t i = 0; i < v.size(); i++) {
      std::string q = idx(p, "comments", i);
      check_id(v[i].id, q);
      if (!v[i].time.empty() && !is_iso_date_time(v[i].time) && !is_iso_date(v[i].time))
        errs.push_back(q + ".time: expected an ISO date-time like 2024-05-31T14:03:00Z");
    }
  };
  // References to a set of ids: each must exist, none twice, never the owner itself.
  auto check_refs = [&](const std::vector<Id>& v, const IdSet& valid, Id self, const std::string& p,
                        const char* key, const char* what) {
    IdSet seen;
    for (size_t i = 0; i < v.size(); i++) {
      std::string q = idx(p, key, i);
      if (!valid.count(v[i])) errs.push_back(q + ": no " + what + " with id " + std::to_string(v[i]));
      else if (v[i] == self) errs.push_back(q + ": refers to itself");
      else if (!seen.insert(v[i]).second) errs.push_back(q + ": " + what + " " + std::to_string(v[i]) + " listed twice");
    }
  };

  IdSet stage_ids, lane_ids, card_ids, persona_ids;
  IdMap<JourneyState> stage_state;
  IdSet state_cards[(size_t)JourneyState::Count];   // links stay within a state
  for (const Stage& s : m.stages) stage_state.emplace(s.id, s.state);
  for (const Card& c : m.cards) {
    card_ids.insert(c.id);
    auto st = stage_state.find(c.stage);
    if (st != stage_state.end() && (size_t)st->second < (size_t)JourneyState::Count) state_cards[(size_t)st->second].insert(c.id);
  }
  for (const Persona& p : m.personas) persona_ids.insert(p.id);
  for (size_t i = 0; i < m.stages.size(); i++) {
    const Stage& s = m.stages[i];
    std::string p = "stages[" + std::to_string(i) + "]";
    check_id(s.id, p);
    stage_ids.insert(s.id);
    if (!(s.width >= 40 && s.width <= 4000)) errs.push_back(p + ".width: out of range 40..4000");
    if ((size_t)s.state >= (size_t)JourneyState::Count) errs.push_back(p + ".state: unknown");
    check_metrics(s.metrics, p);
    check_comments(s.comments, p);
  }
  for (size_t i = 0; i < m.lanes.size(); i++) {
    std::string p = "lanes[" + std::to_string(i) + "]";
    check_id(m.lanes[i].id, p);
    lane_ids.insert(m.lanes[i].id);
    if ((size_t)m.lanes[i].type >= (size_t)LaneType::Count) errs.push_back(p + ".type: unknown");
  }
  for (size_t i = 0; i < m.cards.size(); i++) {
    const Card& c = m.cards[i];
    std::string p = "cards[" + std::to_string(i) + "]";
    check_id(c.id, p);
    if (!stage_ids.count(c.stage)) errs.push_back(p + ".stage: no stage with id " + std::to_string(c.stage));
    if (!lane_ids.count(c.lane)) errs.push_back(p + ".lane: no lane with id " + std::to_string(c.lane));
    if (!(c.score >= kMinScore && c.score <= kMaxScore)) errs.push_back(p + ".score: out of range -2..2");
    if (!std::isfinite(c.order)) errs.push_back(p + ".order: not a finite number");
    if (c.persona != kNoId && !persona_ids.count(c.persona))
      errs.push_back(p + ".persona: no persona with id " + std::to_string(c.persona));
    check_refs(c.personas, persona_ids, kNoId, p, "personas", "persona");
    check_refs(c.links, card_ids, c.id, p, "links", "card");
    auto st = stage_state.find(c.stage);
    if (st != stage_state.end() && (size_t)st->second < (size_t)JourneyState::Count)
      for (size_t k = 0; k < c.links.size(); k++)
        if (card_ids.count(c.links[k]) && !state_cards[(size_t)st->second].count(c.links[k]))
          errs.push_back(p + ".links[" + std::to_string(k) + "]: card " + std::to_string(c.links[k]) +
                         " is in the other state (links stay within the current or the future state)");
    check_metrics(c.metrics, p);
    check_comments(c.comments, p);
    if (c.journey.rfind("uid:", 0) == 0 && c.journey.size() == 4) errs.push_back(p + ".journey: \"uid:\" names no map");
    for (size_t k = 0; k < c.evidence.size(); k++) {
      const Evidence& e = c.evidence[k];
      std::string q = idx(p, "evidence", k);
      if ((size_t)e.kind >= (size_t)EvidenceKind::Count) errs.push_back(q + ".kind: unknown");
      if ((size_t)e.confidence >= (size_t)Confidence::Count) errs.push_back(q + ".confidence: unknown");
      if (!e.date.empty() && !is_iso_date(e.date) && !is_iso_date_time(e.date))
        errs.push_back(q + ".date: not an ISO date (expected one like 2024-05-31)");
    }
  }
  std::unordered_set<std::string> uids;
  for (size_t i = 0; i < m.personas.size(); i++) {
    const Persona& x = m.personas[i];
    std::string p = "personas[" + std::to_string(i) + "]";
    check_id(x.id, p);
    if (x.uid.empty()) errs.push_back(p + ".uid: must not be empty");
    else if (!uids.insert(x.uid).second) errs.push_back(p + ".uid: duplicate uid \"" + x.uid + "\"");
    if (!x.avatar.image.empty()) {
      std::string why = check_avatar_image(x.avatar.image);
      if (!why.empty()) errs.push_back(p + ".avatar.image: " + why);
    }
    if (code_points(x.avatar.initials) > 3) errs.push_back(p + ".avatar.initials: at most 3 characters");
  }
  for (size_t i = 0; i < m.actions.size(); i++) {
    const Action& a = m.actions[i];
    std::string p = "actions[" + std::to_string(i) + "]";
    check_id(a.id, p);
    if ((size_t)a.kind >= (size_t)ActionKind::Count) errs.push_back(p + ".kind: unknown");
    if ((size_t)a.status >= (size_t)ActionStatus::Count) errs.push_back(p + ".status: unknown");
    if ((size_t)a.priority >= (size_t)Priority::Count) errs.push_back(p + ".priority: unknown");
    if (a.impact < 0 || a.impact > 5) errs.push_back(p + ".impact: out of range 1..5 (0: not rated)");
    if (a.effort < 0 || a.effort > 5) errs.push_back(p + ".effort: out of range 1..5 (0: not rated)");
    if (!a.due.empty() && !is_iso_date(a.due)) errs.push_back(p + ".due: expected an ISO date like 2024-09-30");
    check_refs(a.cards, card_ids, kNoId, p, "cards", "card");
  }
  for (size_t i = 0; i < m.blueprint_lines.size(); i++) {
    const BlueprintLine& b = m.blueprint_lines[i];
    std::string p = "blueprint_lines[" + std::to_string(i) + "]";
    check_id(b.id, p);
    if ((size_t)b.kind >= (size_t)BlueprintLineKind::Count) errs.push_back(p + ".kind: unknown");
    if (!lane_ids.count(b.above_lane)) errs.push_back(p + ".above_lane: no lane with id " + std::to_string(b.above_lane));
  }
  return errs;
}

Map map_from_template(const Map& t) {
  Map m = t;
  m.meta.uid = new_uid();
  m.meta.status = MapStatus::Draft;
  m.meta.owner.clear();
  m.meta.reviewed.clear();
  m.meta.review_due.clear();
  return m;
}

} // namespace jm
