// model.h: what a journey map holds. Plain structs, no behaviour beyond lookups.
// Every change to a Map goes through a Txn (edit.h) so that undo and redo are exact.
#pragma once
#include "core/data_layer.h"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jm {

using Color = uint32_t;   // 0xRRGGBB

enum class Direction : uint8_t { LeftToRight, RightToLeft };

// Lane types: each one tells what its cards hold and how they are drawn.
// Service blueprint rows: Actions are the customer's actions, Touchpoints and Frontstage what the
// customer sees of the business, Backstage what runs behind it, SupportProcesses the systems and
// teams that back both, PhysicalEvidence what the customer can touch (receipts, emails, signs).
// New types are appended before Count: the editor lists them in this order.
enum class LaneType : uint8_t {
  Actions, Thoughts, Motivations, Barriers, MomentsOfTruth, Touchpoints, Emotions,
  PainPoints, Opportunities, Backstage, Metrics, Owners, Text,
  Frontstage, SupportProcesses, PhysicalEvidence,
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

// ---- Current and future state -----------------------------------------------------------------
// A map holds two journeys over the same lanes and personas: the current state (how it is) and
// the future state (how it should be). Each stage belongs to one state and a card to the state of
// its stage, so every existing command works in either state and ids stay unique map-wide. A
// future stage or card copied from the current state records its source in `origin`, which is
// how diff_states() (analytics.h) pairs them up even after both sides were edited.
enum class JourneyState : uint8_t { Current, Future, Count };
const char* journey_state_key(JourneyState s);           // "current", "future"
bool journey_state_from_key(const std::string& key, JourneyState* out);

// ---- Metrics -------------------------------------------------------------------------------------
enum class MetricKind : uint8_t {
  Nps, Csat, Ces, Conversion, DropOff, Retention, ResponseTime, Fcr, Clv, Custom,
  Count
};
struct MetricKindInfo {
  const char* key;                // file format name
  const char* name;               // default English name ("NPS")
  const char* unit;               // default unit ("%", "s", ""), a hint for new metrics
  bool higher_is_better;          // default direction for new metrics of this kind
  bool funnel;                    // conversion-like: a fall between stages is a loss (summaries)
};
const MetricKindInfo& metric_kind_info(MetricKind k);
bool metric_kind_from_key(const std::string& key, MetricKind* out);

// A measured value on a touchpoint card or a stage. `value` and `target` are optional: a team
// often sets a target before it has a measurement, or records a value with no target yet.
struct Metric {
  MetricKind kind = MetricKind::Custom;
  std::string name;               // shown name; empty: the kind's name
  std::optional<double> value, target;
  std::string unit;               // "%", "s", "EUR", free text
  std::string date;               // ISO 8601 date of the measurement ("2024-05-31"), optional
  bool higher_is_better = true;
  std::string extra;
  bool operator==(const Metric& o) const;
};
// A metric of `kind` with that kind's name, unit and direction.
Metric make_metric(MetricKind kind, std::optional<double> value = {}, std::optional<double> target = {});

// On target; near it (short of it by no more than `near_fraction` of the target's size, 10 % by
// default); off it. Unknown without both a value and a target.
enum class MetricStatus : uint8_t { Unknown, OnTarget, Near, Off };
MetricStatus metric_status(const Metric& m, double near_fraction = 0.10);
const char* metric_status_key(MetricStatus s);          // "unknown", "on_target", "near", "off"

// ---- Comments ------------------------------------------------------------------------------------
// A note on a card or a stage. `author` is whatever name the browser gives; `time` an ISO 8601
// date-time ("2024-05-31T14:03:00Z"). Ids come from new_id() like every other entity's.
struct Comment {
  Id id = kNoId;
  std::string author;
  std::string time;
  std::string text;
  std::string extra;
  bool operator==(const Comment& o) const;
};

// ---- Evidence behind cards ---------------------------------------------------------------------
// What a card rests on: a quote from an interview, a survey result, a support ticket, an analytics
// figure, a URL or a file. `confidence` says how it was learnt, weakest to strongest: assumed (a
// guess of the team), reported (a customer or colleague said so), observed (seen or measured).
enum class EvidenceKind : uint8_t { Interview, Survey, Ticket, Analytics, Url, File, Other, Count };
enum class Confidence : uint8_t { Assumed, Reported, Observed, Count };   // weakest to strongest
const char* evidence_kind_key(EvidenceKind k);   // "interview","survey","ticket","analytics","url","file","other"
const char* confidence_key(Confidence c);        // "assumed","reported","observed"
bool evidence_kind_from_key(const std::string& key, EvidenceKind* out);
bool confidence_from_key(const std::string& key, Confidence* out);
struct Evidence {
  std::string quote;                 // what was said or seen
  EvidenceKind kind = EvidenceKind::Interview;
  std::string source;                // interview id, survey name, ticket number, URL or file name
  std::string date;                  // ISO date, optional
  Confidence confidence = Confidence::Reported;
  std::string extra;
  bool operator==(const Evidence& o) const;
};

struct Stage {
  Id id = kNoId;
  std::string name;
  std::string description;
  Color color = 0x5b7cfa;
  float width = 240.0f;           // in map units (CSS pixels at 100 % zoom)
  JourneyState state = JourneyState::Current;
  Id origin = kNoId;              // the current stage this future one was copied from (may be gone)
  std::vector<Metric> metrics;
  std::vector<Comment> comments;
  std::string notes;              // speaker notes for presenting
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
  // Whose emotion curve this point belongs to: kNoId is the shared curve. Meaningful in an
  // Emotions lane; elsewhere a card is linked to personas through `personas`.
  Id persona = kNoId;
  std::vector<Id> personas;       // personas this card concerns (filtering); empty: everyone
  bool moment_of_truth = false;   // one of the interactions with the greatest impact
  std::vector<Id> links;          // cards this one depends on (service blueprint arrows)
  Id origin = kNoId;              // the current card this future one was copied from (may be gone)
  std::string owner;              // the team that owns this step ("Sales", "Support")
  std::string device;             // touchpoints: "mobile", "desktop", free text
  std::vector<Metric> metrics;
  std::vector<Comment> comments;
  // A sub-journey this card opens: "uid:<map uid>" or a relative path or URL
  // ("onboarding.journey.json"); empty: none.
  std::string journey;
  std::vector<Evidence> evidence;
  std::string extra;
  bool operator==(const Card& o) const;
};

// How well a card is backed: no evidence -> Unsupported; else the strongest confidence present.
enum class Backing : uint8_t { Unsupported, Assumed, Reported, Observed };
Backing card_backing(const Card& c);
const char* backing_key(Backing b);   // "unsupported","assumed","reported","observed"

// ---- Personas ------------------------------------------------------------------------------------
// A persona's picture: an image kept in the map as a data URL (PNG or JPEG, base64, at most
// kMaxAvatarBytes of URL text so a map stays small enough to share as a link), or, without one,
// initials on a coloured disc.
constexpr size_t kMaxAvatarBytes = 256 * 1024;
struct Avatar {
  std::string image;              // "data:image/png;base64,..." or "data:image/jpeg;base64,..."
  std::string initials;           // at most 3 characters (code points)
  Color color = 0;                // 0: derived from the name when drawn
  std::string extra;
  bool operator==(const Avatar& o) const;
};
// Empty when `url` is an acceptable avatar image, else what is wrong with it.
std::string check_avatar_image(const std::string& url);
// The image's bytes and whether it is a PNG (else a JPEG), for exports that embed it (.pptx);
// false when check_avatar_image refuses the URL.
bool decode_avatar_image(const std::string& url, std::string* bytes, bool* png);

struct KeyValue {
  std::string key, value;         // demographics: "Age" -> "34", "Location" -> "Riyadh"
  std::string extra;
  bool operator==(const KeyValue& o) const;
};

// A map carries its personas whole so a file is self-contained. `uid` is stable across copies:
// the browser-wide persona library and every map holding that persona share it, which is how a
// library copy and a map copy are matched (merge_persona, upsert_persona in edit.h), while `id`
// is the map-local id cards refer to.
struct Persona {
  Id id = kNoId;
  std::string uid;
  std::string name;
  std::string role;
  Avatar avatar;
  std::string quote;
  std::vector<KeyValue> demographics;
  std::vector<std::string> goals, needs, motivations, frustrations;
  std::vector<std::string> channels;   // preferred channels: built-in keys or custom names
  std::vector<std::string> behaviours;
  std::string extra;
  bool operator==(const Persona& o) const;
};

// How a library copy of a persona updates the map's copy (matched by uid): Replace takes the
// library's fields; Fill keeps what the map has and only fills empty fields and adds missing list
// entries and demographic keys. Either way the map's `id` stays, so cards keep pointing at it.
enum class PersonaMerge : uint8_t { Replace, Fill };
Persona merge_persona(const Persona& in_map, const Persona& from_library, PersonaMerge how);
// A new random uid (RFC 4122 version 4 form: 8-4-4-4-12 lowercase hex digits).
std::string new_uid();

// ---- Opportunities and action items ---------------------------------------------------------------
enum class ActionKind : uint8_t { Opportunity, ActionItem, Count };
enum class ActionStatus : uint8_t { Idea, Planned, InProgress, Done, Count };
enum class Priority : uint8_t { Low, Medium, High, Count };
const char* action_kind_key(ActionKind k);       // "opportunity", "action"
const char* action_status_key(ActionStatus s);   // "idea", "planned", "in_progress", "done"
const char* priority_key(Priority p);            // "low", "medium", "high"
bool action_kind_from_key(const std::string& key, ActionKind* out);
bool action_status_from_key(const std::string& key, ActionStatus* out);
bool priority_from_key(const std::string& key, Priority* out);

// What the team will do about the map: an opportunity (an idea worth pursuing) or an action item
// (work with an owner and a date). `cards` are the pain points and touchpoints it addresses.
// impact and effort run 1..5; 0 means not rated yet.
struct Action {
  Id id = kNoId;
  ActionKind kind = ActionKind::Opportunity;
  std::string title;
  std::string owner;
  std::string team;
  ActionStatus status = ActionStatus::Idea;
  Priority priority = Priority::Medium;
  int impact = 0, effort = 0;
  std::string due;                // ISO 8601 date ("2024-09-30"), optional
  std::string description;
  std::vector<Id> cards;
  std::string extra;
  bool operator==(const Action& o) const;
};

// ---- Service blueprint lines ---------------------------------------------------------------------
// The three classic lines of a service blueprint, each drawn along the top edge of a lane: the
// line of interaction (customer above, frontstage below), the line of visibility (what the
// customer sees above, backstage below) and the line of internal interaction (support below).
enum class BlueprintLineKind : uint8_t { Interaction, Visibility, InternalInteraction, Count };
const char* blueprint_line_key(BlueprintLineKind k);  // "interaction", "visibility", "internal_interaction"
const char* blueprint_line_name(BlueprintLineKind k); // "Line of interaction", ...
bool blueprint_line_from_key(const std::string& key, BlueprintLineKind* out);

struct BlueprintLine {
  Id id = kNoId;
  BlueprintLineKind kind = BlueprintLineKind::Visibility;
  Id above_lane = kNoId;          // drawn along the top edge of this lane
  std::string label;              // empty: the kind's name
  std::string extra;
  bool operator==(const BlueprintLine& o) const;
};

// Governance: where a map is in its life. Draft while being made, in review, published (the
// reference others rely on), retired (kept for history).
enum class MapStatus : uint8_t { Draft, InReview, Published, Retired, Count };
const char* map_status_key(MapStatus s);            // "draft","in_review","published","retired"
bool map_status_from_key(const std::string& key, MapStatus* out);

struct MapMeta {
  std::string title;
  std::string goal;
  std::string description;
  Direction direction = Direction::LeftToRight;
  std::string uid;                // stable id of the map across copies (new_uid() for new maps); may be empty in old files
  std::string owner;              // person or team accountable for the map
  MapStatus status = MapStatus::Draft;
  std::string reviewed;           // ISO date of the last review, optional
  std::string review_due;         // ISO date the next review is due, optional
  std::string extra;              // unknown fields of the map object (JSON)
  std::string root_extra;         // unknown fields next to "format" and "version" (JSON)
  bool operator==(const MapMeta& o) const;
};

struct Map {
  MapMeta meta;
  std::vector<Stage> stages;      // in display order
  std::vector<Lane> lanes;        // in display order
  std::vector<Card> cards;        // any order; a cell's cards sort by Card::order
  std::vector<Persona> personas;  // in display order
  std::vector<Action> actions;    // in display order
  std::vector<BlueprintLine> blueprint_lines;
  DataLayer data;                 // customer data: mapping, settings, rules, aggregates (never raw rows)
  uint64_t revision = 0;          // bumped by every change; layout caches key on it

  bool operator==(const Map& o) const;  // content equality (revision not compared)
};

// Lookups. Linear, cheap at the sizes maps reach; return -1 / nullptr when absent.
int find_stage(const Map& m, Id id);
int find_lane(const Map& m, Id id);
int find_card(const Map& m, Id id);
const Card* card_by_id(const Map& m, Id id);
int find_persona(const Map& m, Id id);
int find_persona_uid(const Map& m, const std::string& uid);
int find_action(const Map& m, Id id);
int find_blueprint_line(const Map& m, Id id);
const Stage* stage_by_id(const Map& m, Id id);
const Persona* persona_by_id(const Map& m, Id id);
// The state a card is in: its stage's (Current for a card whose stage is missing).
JourneyState card_state(const Map& m, const Card& c);
// Stages of one state, in display order.
std::vector<const Stage*> stages_in(const Map& m, JourneyState s);
bool has_future_state(const Map& m);
// Whether a card shows when filtering by `persona`: cards for everyone (no persona tags, no
// curve owner) always do; otherwise the persona must be tagged or own the emotion point.
bool card_for_persona(const Card& c, Id persona);
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
// A new map started from a template (or from any map used as one): the template's content, but a
// uid of its own and a draft with no owner or review dates, so two maps made from one template are
// two maps in a portfolio. Links to other templates ("uid:...") stay; a portfolio or the editor
// then finds the user's copies by title.
Map map_from_template(const Map& t);

// A generated map for benchmarks and stress tests: stages x lanes, `per_cell` cards in each
// cell, texts taken in turn from `texts`. Lane types cycle and include one Emotions lane.
Map make_large_map(int stages, int lanes, int per_cell, const std::vector<std::string>& texts);

// ISO 8601 forms the file format accepts: a date "YYYY-MM-DD"; a date-time "YYYY-MM-DDTHH:MM",
// optionally with ":SS", a fraction and "Z" or "+HH:MM". Months and days are range-checked.
bool is_iso_date(const std::string& s);
bool is_iso_date_time(const std::string& s);

// 1 + the largest counted id (below kFirstRandomId) of the map's entities and comments: a bound
// for arrays indexed by id (IdIndex), which take the random ids in a hash map beside them.
Id counted_id_limit(const Map& m);

// Validation of invariants (ids unique, references valid, scores in range, enums known, dates
// ISO, avatars acceptable); returns a list of problems, each naming the path (e.g.
// "cards[3].stage", "personas[0].avatar.image"). Empty means valid.
std::vector<std::string> validate(const Map& m);

} // namespace jm
