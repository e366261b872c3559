#include "core/model.h"
#include <algorithm>
#include <cmath>
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

bool Stage::operator==(const Stage& o) const {
  return id == o.id && name == o.name && description == o.description && color == o.color && width == o.width &&
         extra == o.extra;
}
bool Lane::operator==(const Lane& o) const {
  return id == o.id && name == o.name && type == o.type && color == o.color && collapsed == o.collapsed && extra == o.extra;
}
bool Card::operator==(const Card& o) const {
  return id == o.id && stage == o.stage && lane == o.lane && order == o.order && text == o.text &&
         color == o.color && tags == o.tags && icon == o.icon && channel == o.channel && score == o.score && extra == o.extra;
}
bool MapMeta::operator==(const MapMeta& o) const {
  return title == o.title && goal == o.goal && description == o.description && direction == o.direction &&
         extra == o.extra && root_extra == o.root_extra;
}
bool Map::operator==(const Map& o) const {
  return meta == o.meta && stages == o.stages && lanes == o.lanes && cards == o.cards && next_id == o.next_id;
}

template <class T> static int find_by_id(const std::vector<T>& v, Id id) {
  for (size_t i = 0; i < v.size(); i++)
    if (v[i].id == id) return (int)i;
  return -1;
}
int find_stage(const Map& m, Id id) { return find_by_id(m.stages, id); }
int find_lane(const Map& m, Id id) { return find_by_id(m.lanes, id); }
int find_card(const Map& m, Id id) { return find_by_id(m.cards, id); }
const Card* card_by_id(const Map& m, Id id) {
  int i = find_card(m, id);
  return i < 0 ? nullptr : &m.cards[i];
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
  auto name = [&](const std::string& key, const char* english) { return names ? names(key, english) : std::string(english); };
  auto stage = [&](const char* key, const char* english, Color c) {
    Stage s; s.id = m.next_id++; s.name = name(key, english); s.color = c; m.stages.push_back(s);
  };
  auto lane = [&](LaneType type) {
    Lane l; l.id = m.next_id++; l.type = type; l.name = name(std::string("lane_type.") + lane_type_info(type).key, lane_type_info(type).name);
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
  static const LaneType cycle[] = {LaneType::Actions, LaneType::Touchpoints, LaneType::Thoughts, LaneType::Emotions,
                                   LaneType::PainPoints, LaneType::Opportunities, LaneType::Backstage, LaneType::Metrics,
                                   LaneType::Motivations, LaneType::Barriers, LaneType::Owners, LaneType::Text};
  for (int i = 0; i < stages; i++) {
    Stage s; s.id = m.next_id++; s.name = "Stage " + std::to_string(i + 1); m.stages.push_back(s);
  }
  for (int i = 0; i < lanes; i++) {
    Lane l; l.id = m.next_id++; l.type = cycle[i % 12]; l.name = lane_type_info(l.type).name;
    l.color = lane_type_info(l.type).color; m.lanes.push_back(l);
  }
  size_t t = 0;
  const auto& ch = builtin_channels();
  m.cards.reserve((size_t)stages * lanes * per_cell);
  for (const Lane& l : m.lanes)
    for (const Stage& s : m.stages)
      for (int k = 0; k < per_cell; k++) {
        Card c;
        c.id = m.next_id++;
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

std::vector<std::string> validate(const Map& m) {
  std::vector<std::string> errs;
  std::unordered_set<Id> ids;
  auto check_id = [&](Id id, const std::string& path) {
    if (id == kNoId) errs.push_back(path + ".id: must not be 0");
    else if (!ids.insert(id).second) errs.push_back(path + ".id: duplicate id " + std::to_string(id));
    if (id >= m.next_id) errs.push_back(path + ".id: not below next_id");
  };
  std::unordered_set<Id> stage_ids, lane_ids;
  for (size_t i = 0; i < m.stages.size(); i++) {
    const Stage& s = m.stages[i];
    std::string p = "stages[" + std::to_string(i) + "]";
    check_id(s.id, p);
    stage_ids.insert(s.id);
    if (!(s.width >= 40 && s.width <= 4000)) errs.push_back(p + ".width: out of range 40..4000");
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
  }
  return errs;
}

} // namespace jm
