// portfolio.h: roll-ups over many maps at once (journey management, issue #13). Given a list of
// named maps (files of a folder, the browser's library, URLs of an intranet index) it collects
// every opportunity and action item, an impact-effort matrix, pain points and the lowest feeling
// per stage name, metrics against their targets, which personas have which journeys, the maps by
// owner, status and last review with governance flags, and the hierarchy of sub-journeys
// (Card::journey) resolved to other maps of the same portfolio. Read-only; the CLI
// (`journeymap portfolio DIR`) and the portfolio page (through wasm) print the same roll-ups.
#pragma once
#include "core/model.h"
#include <optional>
#include <string>
#include <vector>

namespace jm {

// One map of the portfolio. `name` identifies it and anchors relative sub-journey paths: a path
// relative to the folder ("sales/onboarding.journey.json"), a URL relative to an index, or a
// library title. Names use '/' as separator.
struct PortfolioMap {
  std::string name;
  Map map;
};
// An input that could not be read: shown, never silently dropped.
struct PortfolioError {
  std::string name;
  std::string error;
};

struct CardRef {
  Id id = kNoId;
  std::string text;
};

// An opportunity or action item of one map.
struct PortfolioItem {
  size_t map = 0;                    // index in Portfolio::maps
  Id id = kNoId;
  ActionKind kind = ActionKind::Opportunity;
  std::string title, owner, team, due;
  ActionStatus status = ActionStatus::Idea;
  Priority priority = Priority::Medium;
  int impact = 0, effort = 0;        // 1..5; 0: not rated
  std::vector<CardRef> cards;        // the cards it addresses that exist
  bool overdue = false;              // due before today and not done
};

// A cell of the impact-effort matrix: impact and effort 1..5, and the items (indices in
// Portfolio::items) rated so. Only cells holding items are listed.
struct MatrixCell {
  int impact = 0, effort = 0;
  std::vector<size_t> items;
};

struct PainRef {
  size_t map = 0;
  Id card = kNoId;
  std::string text;
};
// Every stage of that name (current state, compared trimmed and without ASCII case) across maps.
struct StageSummary {
  std::string name;                  // as the first map holding it spells it
  std::vector<size_t> maps;          // maps that have a stage of this name
  std::vector<PainRef> pain_points;  // cards of pain point lanes in those stages
  // The lowest point of any emotion curve in those stages (score, where), if there is one.
  std::optional<double> lowest_emotion;
  PainRef lowest;                    // the emotion card at that score (the first one found)
};

// A metric with a value or a target, on a stage or a card.
struct MetricRow {
  size_t map = 0;
  std::string stage;                 // the stage's name
  Id card = kNoId;                   // kNoId: the stage's own metric
  Metric metric;
  MetricStatus status = MetricStatus::Unknown;
};

// A persona across maps: matched by uid, else by name (trimmed, without ASCII case).
struct PersonaCoverage {
  std::string uid, name, role;
  std::vector<size_t> maps;
};

// A card that opens another map.
struct JourneyLink {
  size_t from = 0;                   // the map holding the card
  Id card = kNoId;
  std::string card_text;
  std::string target;                // Card::journey as written
  int to = -1;                       // the map it opens; -1: not in this portfolio
  std::string problem;               // why it is unresolved
};

enum class MapFlag : uint8_t { ReviewOverdue, PublishedOpenHigh, Count };
const char* map_flag_key(MapFlag f);   // "review_overdue", "published_open_high"

struct PortfolioMapInfo {
  std::string name, title, uid, owner, reviewed, review_due;
  MapStatus status = MapStatus::Draft;
  size_t stages = 0, cards = 0, actions = 0;
  size_t open_high = 0;              // open (not done) items of high priority
  std::vector<MapFlag> flags;
  std::vector<size_t> parents, children;   // through resolved links, each listed once
};

struct NamedGroup {
  std::string key;                   // the owner ("" for maps without one)
  std::vector<size_t> maps;
};

struct Portfolio {
  std::string today;                 // ISO date the flags were computed for
  std::vector<PortfolioMapInfo> maps;
  std::vector<PortfolioError> errors;
  std::vector<PortfolioItem> items;  // map order, then each map's action order
  std::vector<MatrixCell> matrix;    // impact descending, then effort ascending
  std::vector<size_t> unrated;       // items without an impact or an effort
  std::vector<StageSummary> stages;  // in order of first appearance
  std::vector<MetricRow> metrics;
  size_t metric_counts[4] = {0, 0, 0, 0};   // by MetricStatus
  std::vector<PersonaCoverage> personas;    // in order of first appearance
  std::vector<NamedGroup> by_owner;         // sorted by owner; maps without one last
  std::vector<size_t> by_status[(size_t)MapStatus::Count];
  std::vector<size_t> by_review;            // never reviewed first, then oldest review first
  std::vector<JourneyLink> links;           // every card with a journey, resolved or not
  std::vector<size_t> roots;                // maps no other map opens (and one per cycle)
};

// `today`: "YYYY-MM-DD" (flags: reviews due before it, actions due before it). Maps keep their
// input order (the CLI sorts by path).
Portfolio build_portfolio(const std::vector<PortfolioMap>& maps, const std::string& today,
                          std::vector<PortfolioError> errors = {});

// "dir/a.journey.json" + "../b.journey.json" -> "b.journey.json": a path relative to the folder of
// `from`, normalised ("." and ".." resolved, "./" dropped). Absolute URLs are returned as they are.
std::string resolve_journey_path(const std::string& from, const std::string& target);

// One JSON object (see README, "Portfolio"); the action table as CSV (BOM, CRLF, formula guard as
// the map's CSV exports); Markdown with one section per roll-up.
std::string portfolio_to_json(const Portfolio& p);
std::string portfolio_to_csv(const Portfolio& p);
std::string portfolio_to_markdown(const Portfolio& p);

} // namespace jm
