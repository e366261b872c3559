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
  std::optional<MapMeta> meta_before, meta_after;
  Id next_id_before = 0, next_id_after = 0;
  bool empty() const { return stages.empty() && lanes.empty() && cards.empty() && !meta_after; }
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
  Id new_id() { return doc_.map.next_id++; }

  // Insert or replace (same id) at index; index -1 keeps the current place or appends.
  void put(const Stage& s, int index = -1);
  void put(const Lane& l, int index = -1);
  void put(const Card& c);
  void erase_stage(Id id);
  void erase_lane(Id id);
  void erase_card(Id id);
  void set_meta(const MapMeta& meta);

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

} // namespace jm
