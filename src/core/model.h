// model.h: what a journey map holds. Plain structs, no behaviour beyond lookups.
// Every change to a Map goes through a Txn (edit.h) so that undo and redo are exact.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace jm {

using Id = uint32_t;      // stable, unique within a map, never reused (Map::next_id)
using Color = uint32_t;   // 0xRRGGBB
constexpr Id kNoId = 0;

enum class Direction : uint8_t { LeftToRight, RightToLeft };

// Lane types: each one tells what its cards hold and how they are drawn.
enum class LaneType : uint8_t {
  Actions, Thoughts, Motivations, Barriers, MomentsOfTruth, Touchpoints, Emotions,
  PainPoints, Opportunities, Backstage, Metrics, Owners, Text,
  Count
};

struct LaneTypeInfo {
  const char* key;      // file format name
  const char* name;     // default English lane title
  Color color;          // accent colour of the lane and its cards
};
const LaneTypeInfo& lane_type_info(LaneType t);
bool lane_type_from_key(const std::string& key, LaneType* out);

// Built-in channels for touchpoint cards. Channels are strings so a team can add its own; the
// built-in keys get a name and an icon.
struct ChannelInfo { const char* key; const char* name; const char* icon; };
const ChannelInfo* channel_info(const std::string& key);   // nullptr for custom channels
const std::vector<ChannelInfo>& builtin_channels();

struct Stage {
  Id id = kNoId;
  std::string name;
  std::string description;
  Color color = 0x5b7cfa;
  float width = 240.0f;           // in map units (CSS pixels at 100 % zoom)
  std::string extra;              // fields a newer version wrote that this one does not know (JSON)
  bool operator==(const Stage& o) const;
};

struct Lane {
  Id id = kNoId;
  std::string name;
  LaneType type = LaneType::Actions;
  Color color = 0x8a94a6;
  bool collapsed = false;
  std::string extra;
  bool operator==(const Lane& o) const;
};

// A card belongs to one lane and one stage. In an Emotions lane a card is a point of the curve:
// `score` (-2..+2) is its height and `text` its label; several in one stage are steps within it.
struct Card {
  Id id = kNoId;
  Id stage = kNoId;
  Id lane = kNoId;
  double order = 0;               // position within its cell, ascending
  std::string text;
  Color color = 0;                // 0: the lane's colour
  std::vector<std::string> tags;
  std::string icon;               // an emoji or short symbol, optional
  std::string channel;            // touchpoints: a built-in key or a custom name
  float score = 0;                // emotions: -2..+2
  std::string extra;
  bool operator==(const Card& o) const;
};

struct MapMeta {
  std::string title;
  std::string goal;
  std::string description;
  Direction direction = Direction::LeftToRight;
  std::string extra;              // unknown fields of the map object (JSON)
  std::string root_extra;         // unknown fields next to "format" and "version" (JSON)
  bool operator==(const MapMeta& o) const;
};

struct Map {
  MapMeta meta;
  std::vector<Stage> stages;      // in display order
  std::vector<Lane> lanes;        // in display order
  std::vector<Card> cards;        // any order; a cell's cards sort by Card::order
  Id next_id = 1;
  uint64_t revision = 0;          // bumped by every change; layout caches key on it

  bool operator==(const Map& o) const;  // content equality (revision not compared)
};

// Lookups. Linear, cheap at the sizes maps reach; return -1 / nullptr when absent.
int find_stage(const Map& m, Id id);
int find_lane(const Map& m, Id id);
int find_card(const Map& m, Id id);
const Card* card_by_id(const Map& m, Id id);
// Cards of one cell, sorted by order.
std::vector<const Card*> cell_cards(const Map& m, Id stage, Id lane);

constexpr float kMinScore = -2.0f, kMaxScore = 2.0f;
float clamp_score(float s);

// A new map: blank has three stages and a few lanes; classic has the five classic stages and
// the common lanes.
enum class Template { Blank, Classic };
Map make_map(Template t);
// The same with the title, goal, stage and lane names in the interface language: `names` gets a
// key ("map.untitled", "new_map.classic_title", "new_map.classic_goal", "new_map.stage_1".."3",
// "stage.awareness", "lane_type.actions", ...) and the English default, and returns the text to
// use. The core reads no translation tables itself.
using NameFn = std::function<std::string(const std::string& key, const std::string& english)>;
Map make_map(Template t, const NameFn& names);

// A generated map for benchmarks and stress tests: stages x lanes, `per_cell` cards in each
// cell, texts taken in turn from `texts`. Lane types cycle and include one Emotions lane.
Map make_large_map(int stages, int lanes, int per_cell, const std::vector<std::string>& texts);

// Validation of invariants (ids unique, references valid, scores in range); returns a list of
// problems, each naming the path (e.g. "cards[3].stage"). Empty means valid.
std::vector<std::string> validate(const Map& m);

} // namespace jm
