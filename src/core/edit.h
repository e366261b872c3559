// edit.h: commands, undo and redo.
//
// A command opens a Txn on the document, makes entity-level changes through it (each change is
// applied at once and recorded with the entity's state and index before and after), and commits.
// Undo reverts the recorded changes in reverse order; redo applies them again. Because every
// change records the whole entity and its index, undo and redo are exact by construction: the
// property test applies random commands, undoes them all and compares with the start.
#pragma once
#include "core/model.h"
#include <optional>
#include <string>
#include <vector>

namespace jm {

template <class T> struct Change {
  Id id = kNoId;
  std::optional<T> before, after;   // absent: the entity did not exist / no longer exists
  int before_index = -1, after_index = -1;
};

struct Edit {
  std::string label;                // "Move 3 cards", shown in the Edit menu
  std::string merge_key;            // consecutive edits with the same non-empty key merge
  std::vector<Change<Stage>> stages;
  std::vector<Change<Lane>> lanes;
  std::vector<Change<Card>> cards;
  std::vector<Change<Persona>> personas;
  std::vector<Change<Action>> actions;
  std::vector<Change<BlueprintLine>> blueprint_lines;
  std::optional<MapMeta> meta_before, meta_after;
  std::optional<DataLayer> data_before, data_after;   // the map's data layer, whole
  bool empty() const {
    return stages.empty() && lanes.empty() && cards.empty() && personas.empty() && actions.empty() &&
           blueprint_lines.empty() && !meta_after && !data_after;
  }
};

struct Doc {
  Map map;
  std::vector<Edit> undo_stack, redo_stack;
  size_t max_undo = 1000;
  uint64_t saved_revision = 0;      // revision last written to storage (platform sets it)
  bool read_only = false;           // a shared or embedded map: every command is refused
};

// A transaction: use its setters, then commit(). Destroying an uncommitted Txn reverts it.
class Txn {
public:
  Txn(Doc& d, std::string label, std::string merge_key = {});
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  Map& map() { return doc_.map; }
  Id new_id() { return jm::new_id(); }

  // Insert or replace (same id) at index; index -1 keeps the current place or appends.
  void put(const Stage& s, int index = -1);
  void put(const Lane& l, int index = -1);
  void put(const Card& c);
  void put(const Persona& p, int index = -1);
  void put(const Action& a, int index = -1);
  void put(const BlueprintLine& b, int index = -1);
  void erase_stage(Id id);
  void erase_lane(Id id);
  void erase_card(Id id);
  void erase_persona(Id id);
  void erase_action(Id id);
  void erase_blueprint_line(Id id);
  void set_meta(const MapMeta& meta);
  void set_data(const DataLayer& data);

  bool commit();                    // false if nothing changed (nothing is recorded then)

private:
  Doc& doc_;
  Edit edit_;
  bool done_ = false;
};

void apply(Map& m, const Edit& e);    // redo
void revert(Map& m, const Edit& e);   // undo
bool undo(Doc& d);
bool redo(Doc& d);
bool can_undo(const Doc& d);
bool can_redo(const Doc& d);

// ---- Commands: what the editor (and tests) call. Each is one undoable step. -----------------
Id add_stage(Doc& d, const std::string& name, int index = -1, const std::string& merge_key = {});
Id add_lane(Doc& d, const std::string& name, LaneType type, int index = -1);
void update_stage(Doc& d, const Stage& s, const char* label = "Edit stage", const std::string& merge_key = {});
void update_lane(Doc& d, const Lane& l, const char* label = "Edit lane", const std::string& merge_key = {});
void move_stage(Doc& d, Id id, int new_index);
void move_lane(Doc& d, Id id, int new_index);
void delete_stage(Doc& d, Id id);     // and the cards in it
void delete_lane(Doc& d, Id id);      // and the cards in it
void set_meta(Doc& d, const MapMeta& meta);

// Adds a card at the end of its cell (or at `order` when given); returns its id.
Id add_card(Doc& d, Card proto, const char* label = "Add card", const std::string& merge_key = {});
void update_card(Doc& d, const Card& c, const char* label = "Edit card", const std::string& merge_key = {});
// Moves cards into (stage, lane), placed before the card `before` (kNoId: at the end).
void move_cards(Doc& d, const std::vector<Id>& ids, Id stage, Id lane, Id before = kNoId);
void delete_cards(Doc& d, const std::vector<Id>& ids);
std::vector<Id> duplicate_cards(Doc& d, const std::vector<Id>& ids);
void recolor_cards(Doc& d, const std::vector<Id>& ids, Color color);
void tag_cards(Doc& d, const std::vector<Id>& ids, const std::string& tag, bool add);
// Pastes copies of cards into a cell (new ids); cards keep their relative order.
std::vector<Id> paste_cards(Doc& d, const std::vector<Card>& cards, Id stage, Id lane);
// Emotion lane: sets the score of the point at (stage, step) or adds a point there.
Id set_emotion(Doc& d, Id stage, Id lane, float score, Id point = kNoId, const std::string& merge_key = {});

// Replaces the whole map (new map, open file): one undoable step.
void replace_map(Doc& d, const Map& m, const char* label = "Open map");

// ---- Content of file format version 2 (see model.h). Each command is one undoable step; ones
// that remove something also remove every reference to it in the same step, so undo restores
// both. Cards and stages passed in are checked against the map: references to personas and
// cards that do not exist are dropped, comments without an id (or with one that is not theirs)
// get a fresh id.

// Personas. add_persona gives the persona a new id, and a uid when it has none.
Id add_persona(Doc& d, Persona p, int index = -1);
void update_persona(Doc& d, const Persona& p, const char* label = "Edit persona", const std::string& merge_key = {});
void move_persona(Doc& d, Id id, int new_index);
void delete_persona(Doc& d, Id id);                 // and every card's reference to it
// A persona from the browser-wide library: merged into the map's copy with the same uid, or
// added when the map has none. Returns the map-local id.
Id upsert_persona(Doc& d, const Persona& from_library, PersonaMerge how = PersonaMerge::Replace);
// Tags (add) or untags cards with a persona, for filtering.
void tag_personas(Doc& d, const std::vector<Id>& cards, Id persona, bool add);
// Emotion curve of one persona (kNoId: the shared curve): set_emotion for that persona's points.
Id set_persona_emotion(Doc& d, Id stage, Id lane, Id persona, float score, Id point = kNoId,
                       const std::string& merge_key = {});

// Card flags and dependencies. `from` depends on `to`, a card of the same state. Links survive
// moves (a move into the other state drops the links that would cross), and deleting a card
// removes the links to it.
void set_moment_of_truth(Doc& d, const std::vector<Id>& ids, bool on);
void link_cards(Doc& d, Id from, Id to, bool add);

// Metrics and comments on a card or a stage (`target` is either: ids are unique map-wide).
bool add_metric(Doc& d, Id target, const Metric& m);
bool update_metric(Doc& d, Id target, size_t index, const Metric& m, const std::string& merge_key = {});
bool remove_metric(Doc& d, Id target, size_t index);
Id add_comment(Doc& d, Id target, const std::string& author, const std::string& time, const std::string& text);
bool edit_comment(Doc& d, Id comment, const std::string& text, const std::string& merge_key = {});
bool delete_comment(Doc& d, Id comment);
Id comment_target(const Map& m, Id comment);        // the card or stage holding it, kNoId if none

// Opportunities and action items.
Id add_action(Doc& d, Action a, int index = -1);
void update_action(Doc& d, const Action& a, const char* label = "Edit action", const std::string& merge_key = {});
void move_action(Doc& d, Id id, int new_index);
void delete_actions(Doc& d, const std::vector<Id>& ids);

// Service blueprint lines, drawn along the top edge of `above_lane`; deleting that lane deletes them.
Id add_blueprint_line(Doc& d, BlueprintLineKind kind, Id above_lane, const std::string& label = {});
void update_blueprint_line(Doc& d, const BlueprintLine& b);
void delete_blueprint_line(Doc& d, Id id);

// Current and future state. add_stage_in_state adds a stage to one state (index into Map::stages,
// -1: after the last stage). copy_current_to_future replaces the future state with a copy of the
// current one: new ids, `origin` set to the source, links remapped to the copies; comments stay
// with the cards they were written on. clear_future_state deletes the future stages and cards.
// A stage keeps the state it was made in: update_stage does not change Stage::state.
Id add_stage_in_state(Doc& d, JourneyState state, const std::string& name, int index = -1);
void copy_current_to_future(Doc& d);
void clear_future_state(Doc& d);

// The map's data layer (core/data_layer.h). Each is one undoable step: new aggregates from the
// analytics worker ("Data updated"), the mapping, the settings, the rules; clear_data removes the
// whole layer (the page forgets the raw rows itself).
void set_data_aggregates(Doc& d, const DataAggregates& a);
void set_data_mapping(Doc& d, const DataMapping& m);
void set_data_settings(Doc& d, const DataSettings& s);
void set_data_rules(Doc& d, const std::vector<DataRule>& rules);
void clear_data(Doc& d);

} // namespace jm
