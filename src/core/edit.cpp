#include "core/edit.h"
#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace jm {

// ---- Entity-level changes, one template for stages, lanes and cards ---------------------------

template <class T> static int index_of(const std::vector<T>& v, Id id) {
  for (size_t i = 0; i < v.size(); i++)
    if (v[i].id == id) return (int)i;
  return -1;
}

// Moves the vector from `from` (entity or nothing at from_index) to `to`.
template <class T>
static void switch_state(std::vector<T>& v, Id id, const std::optional<T>& from, int from_index,
                         const std::optional<T>& to, int to_index) {
  if (from && to && from_index == to_index && from_index >= 0 && from_index < (int)v.size() && v[from_index].id == id) {
    v[from_index] = *to;
    return;
  }
  if (from) {
    int i = (from_index >= 0 && from_index < (int)v.size() && v[from_index].id == id) ? from_index : index_of(v, id);
    if (i >= 0) v.erase(v.begin() + i);
  }
  if (to) {
    int i = std::min<int>(std::max(0, to_index), (int)v.size());
    v.insert(v.begin() + i, *to);
  }
}

template <class T> static void apply_changes(std::vector<T>& v, const std::vector<Change<T>>& cs) {
  for (const Change<T>& c : cs) switch_state(v, c.id, c.before, c.before_index, c.after, c.after_index);
}
template <class T> static void revert_changes(std::vector<T>& v, const std::vector<Change<T>>& cs) {
  for (size_t i = cs.size(); i-- > 0;) {
    const Change<T>& c = cs[i];
    switch_state(v, c.id, c.after, c.after_index, c.before, c.before_index);
  }
}

// Records and applies one change; `after` empty erases. index -1: stay in place, or append.
template <class T>
static void record(std::vector<T>& v, std::vector<Change<T>>& log, Id id, const std::optional<T>& after, int index) {
  Change<T> c;
  c.id = id;
  c.before_index = index_of(v, id);
  if (c.before_index >= 0) c.before = v[c.before_index];
  if (!c.before && !after) return;
  c.after = after;
  if (after) {
    int size_after_erase = (int)v.size() - (c.before ? 1 : 0);
    c.after_index = index < 0 ? (c.before ? c.before_index : size_after_erase) : std::min(index, size_after_erase);
  }
  if (c.before && c.after && c.before_index == c.after_index && *c.before == *c.after) return;  // no-op
  switch_state(v, id, c.before, c.before_index, c.after, c.after_index);
  log.push_back(std::move(c));
}

void apply(Map& m, const Edit& e) {
  apply_changes(m.stages, e.stages);
  apply_changes(m.lanes, e.lanes);
  apply_changes(m.cards, e.cards);
  if (e.meta_after) m.meta = *e.meta_after;
  m.next_id = e.next_id_after;
  m.revision++;
}

void revert(Map& m, const Edit& e) {
  if (e.meta_before) m.meta = *e.meta_before;
  revert_changes(m.cards, e.cards);
  revert_changes(m.lanes, e.lanes);
  revert_changes(m.stages, e.stages);
  m.next_id = e.next_id_before;
  m.revision++;
}

// ---- Txn ---------------------------------------------------------------------------------

Txn::Txn(Doc& d, std::string label, std::string merge_key) : doc_(d) {
  edit_.label = std::move(label);
  edit_.merge_key = std::move(merge_key);
  edit_.next_id_before = d.map.next_id;
}

Txn::~Txn() {
  if (!done_) {  // abandoned: leave the map as it was
    edit_.next_id_after = doc_.map.next_id;
    revert(doc_.map, edit_);
  }
}

void Txn::put(const Stage& s, int index) { record(doc_.map.stages, edit_.stages, s.id, std::optional<Stage>(s), index); }
void Txn::put(const Lane& l, int index) { record(doc_.map.lanes, edit_.lanes, l.id, std::optional<Lane>(l), index); }
void Txn::put(const Card& c) { record(doc_.map.cards, edit_.cards, c.id, std::optional<Card>(c), -1); }
void Txn::erase_stage(Id id) { record(doc_.map.stages, edit_.stages, id, std::optional<Stage>(), -1); }
void Txn::erase_lane(Id id) { record(doc_.map.lanes, edit_.lanes, id, std::optional<Lane>(), -1); }
void Txn::erase_card(Id id) { record(doc_.map.cards, edit_.cards, id, std::optional<Card>(), -1); }

void Txn::set_meta(const MapMeta& meta) {
  if (doc_.map.meta == meta) return;
  if (!edit_.meta_before) edit_.meta_before = doc_.map.meta;
  edit_.meta_after = meta;
  doc_.map.meta = meta;
}

template <class T> static void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

bool Txn::commit() {
  if (doc_.read_only) return false;   // not done: the destructor takes the changes back
  done_ = true;
  edit_.next_id_after = doc_.map.next_id;
  if (edit_.empty()) {
    doc_.map.next_id = edit_.next_id_before;
    return false;
  }
  doc_.map.revision++;
  doc_.redo_stack.clear();
  std::vector<Edit>& u = doc_.undo_stack;
  if (!edit_.merge_key.empty() && !u.empty() && u.back().merge_key == edit_.merge_key) {
    // Continue the previous step (a drag, typing into one field): undo takes it back whole.
    Edit& prev = u.back();
    append(prev.stages, edit_.stages);
    append(prev.lanes, edit_.lanes);
    append(prev.cards, edit_.cards);
    if (edit_.meta_after) {
      if (!prev.meta_before) prev.meta_before = edit_.meta_before;
      prev.meta_after = edit_.meta_after;
    }
    prev.next_id_after = edit_.next_id_after;
    return true;
  }
  u.push_back(std::move(edit_));
  if (u.size() > doc_.max_undo) u.erase(u.begin());
  return true;
}

bool can_undo(const Doc& d) { return !d.undo_stack.empty(); }
bool can_redo(const Doc& d) { return !d.redo_stack.empty(); }

bool undo(Doc& d) {
  if (d.undo_stack.empty() || d.read_only) return false;
  revert(d.map, d.undo_stack.back());
  d.redo_stack.push_back(std::move(d.undo_stack.back()));
  d.undo_stack.pop_back();
  return true;
}

bool redo(Doc& d) {
  if (d.redo_stack.empty() || d.read_only) return false;
  apply(d.map, d.redo_stack.back());
  d.undo_stack.push_back(std::move(d.redo_stack.back()));
  d.redo_stack.pop_back();
  return true;
}

// ---- Commands ------------------------------------------------------------------------------

Id add_stage(Doc& d, const std::string& name, int index, const std::string& merge_key) {
  Txn t(d, "Add stage", merge_key);
  Stage s;
  s.id = t.new_id();
  s.name = name;
  static const Color palette[] = {0x6366f1, 0x0ea5e9, 0x10b981, 0xf59e0b, 0xec4899, 0x8b5cf6, 0x14b8a6, 0xf97316};
  s.color = palette[d.map.stages.size() % 8];
  t.put(s, index);
  return t.commit() ? s.id : kNoId;
}

Id add_lane(Doc& d, const std::string& name, LaneType type, int index) {
  Txn t(d, "Add lane");
  Lane l;
  l.id = t.new_id();
  l.name = name;
  l.type = type;
  l.color = lane_type_info(type).color;
  t.put(l, index);
  return t.commit() ? l.id : kNoId;
}

void update_stage(Doc& d, const Stage& s, const char* label, const std::string& merge_key) {
  if (find_stage(d.map, s.id) < 0) return;
  Txn t(d, label, merge_key);
  Stage v = s;
  v.width = std::min(4000.0f, std::max(40.0f, v.width));
  t.put(v);
  t.commit();
}

void update_lane(Doc& d, const Lane& l, const char* label, const std::string& merge_key) {
  if (find_lane(d.map, l.id) < 0) return;
  Txn t(d, label, merge_key);
  t.put(l);
  t.commit();
}

// Stages and lanes move and delete alike: one template for both.
template <class T> static void move_entity(Doc& d, std::vector<T>& v, Id id, int new_index, const char* label) {
  int i = index_of(v, id);
  if (i < 0) return;
  Txn t(d, label);
  t.put(T(v[i]), std::max(0, new_index));
  t.commit();
}
void move_stage(Doc& d, Id id, int new_index) { move_entity(d, d.map.stages, id, new_index, "Move stage"); }
void move_lane(Doc& d, Id id, int new_index) { move_entity(d, d.map.lanes, id, new_index, "Move lane"); }

// Removes a stage or lane (is_stage) and every card in it.
static void delete_column_or_row(Doc& d, Id id, bool is_stage) {
  if ((is_stage ? find_stage(d.map, id) : find_lane(d.map, id)) < 0) return;
  Txn t(d, is_stage ? "Delete stage" : "Delete lane");
  std::vector<Id> cards;
  for (const Card& c : d.map.cards)
    if ((is_stage ? c.stage : c.lane) == id) cards.push_back(c.id);
  for (Id c : cards) t.erase_card(c);
  if (is_stage) t.erase_stage(id); else t.erase_lane(id);
  t.commit();
}
void delete_stage(Doc& d, Id id) { delete_column_or_row(d, id, true); }
void delete_lane(Doc& d, Id id) { delete_column_or_row(d, id, false); }

void set_meta(Doc& d, const MapMeta& meta) {
  Txn t(d, "Edit map details", "meta");
  t.set_meta(meta);
  t.commit();
}

static double end_order(const Map& m, Id stage, Id lane) {
  double o = 0;
  bool any = false;
  for (const Card& c : m.cards)
    if (c.stage == stage && c.lane == lane && (!any || c.order >= o)) { o = c.order; any = true; }
  return any ? o + 1 : 0;
}

Id add_card(Doc& d, Card c, const char* label, const std::string& merge_key) {
  if (find_stage(d.map, c.stage) < 0 || find_lane(d.map, c.lane) < 0) return kNoId;
  Txn t(d, label, merge_key);
  c.id = t.new_id();
  if (!std::isfinite(c.order) || c.order == 0) c.order = end_order(d.map, c.stage, c.lane);
  c.score = clamp_score(c.score);
  t.put(c);
  return t.commit() ? c.id : kNoId;
}

void update_card(Doc& d, const Card& c, const char* label, const std::string& merge_key) {
  if (find_card(d.map, c.id) < 0) return;
  Txn t(d, label, merge_key);
  Card v = c;
  v.score = clamp_score(v.score);
  t.put(v);
  t.commit();
}

void move_cards(Doc& d, const std::vector<Id>& ids, Id stage, Id lane, Id before) {
  if (find_stage(d.map, stage) < 0 || find_lane(d.map, lane) < 0) return;
  std::unordered_set<Id> moving(ids.begin(), ids.end());
  // Cards that stay in the target cell, in order; the moved ones go before `before`.
  std::vector<const Card*> rest;
  for (const Card* c : cell_cards(d.map, stage, lane))
    if (!moving.count(c->id)) rest.push_back(c);
  std::vector<Card> moved;
  for (Id id : ids)
    if (const Card* c = card_by_id(d.map, id)) moved.push_back(*c);
  if (moved.empty()) return;
  // Keep the moved cards in their current visual order (stage index, lane index, order).
  auto key = [&](const Card& c) { return std::make_tuple(find_stage(d.map, c.stage), find_lane(d.map, c.lane), c.order); };
  std::stable_sort(moved.begin(), moved.end(), [&](const Card& a, const Card& b) { return key(a) < key(b); });
  size_t at = rest.size();
  for (size_t i = 0; i < rest.size(); i++)
    if (rest[i]->id == before) at = i;
  // Renumber the whole cell: simple and exact (orders stay small integers).
  std::vector<Card> cell;
  for (size_t i = 0; i < at; i++) cell.push_back(*rest[i]);
  for (Card& c : moved) { c.stage = stage; c.lane = lane; cell.push_back(c); }
  for (size_t i = at; i < rest.size(); i++) cell.push_back(*rest[i]);
  Txn t(d, moved.size() == 1 ? "Move card" : "Move cards");
  for (size_t i = 0; i < cell.size(); i++) {
    cell[i].order = (double)i;
    t.put(cell[i]);
  }
  t.commit();
}

void delete_cards(Doc& d, const std::vector<Id>& ids) {
  Txn t(d, ids.size() == 1 ? "Delete card" : "Delete cards");
  for (Id id : ids) t.erase_card(id);
  t.commit();
}

std::vector<Id> duplicate_cards(Doc& d, const std::vector<Id>& ids) {
  std::vector<Id> out;
  Txn t(d, ids.size() == 1 ? "Duplicate card" : "Duplicate cards");
  for (Id id : ids) {
    const Card* src = card_by_id(d.map, id);
    if (!src) continue;
    Card c = *src;
    c.id = t.new_id();
    // Right after the original: halfway to the next card of the cell.
    double next = c.order + 1;
    for (const Card& o : d.map.cards)
      if (o.stage == c.stage && o.lane == c.lane && o.order > c.order && o.order < next) next = o.order;
    c.order = (c.order + next) / 2;
    t.put(c);
    out.push_back(c.id);
  }
  t.commit();
  return out;
}

void recolor_cards(Doc& d, const std::vector<Id>& ids, Color color) {
  Txn t(d, "Recolour");
  for (Id id : ids)
    if (const Card* src = card_by_id(d.map, id)) {
      Card c = *src;
      c.color = color;
      t.put(c);
    }
  t.commit();
}

void tag_cards(Doc& d, const std::vector<Id>& ids, const std::string& tag, bool add) {
  if (tag.empty()) return;
  Txn t(d, add ? "Add tag" : "Remove tag");
  for (Id id : ids)
    if (const Card* src = card_by_id(d.map, id)) {
      Card c = *src;
      auto it = std::find(c.tags.begin(), c.tags.end(), tag);
      if (add && it == c.tags.end()) c.tags.push_back(tag);
      if (!add && it != c.tags.end()) c.tags.erase(it);
      t.put(c);
    }
  t.commit();
}

std::vector<Id> paste_cards(Doc& d, const std::vector<Card>& cards, Id stage, Id lane) {
  std::vector<Id> out;
  if (find_stage(d.map, stage) < 0 || find_lane(d.map, lane) < 0) return out;
  Txn t(d, cards.size() == 1 ? "Paste card" : "Paste cards");
  double order = end_order(d.map, stage, lane);
  for (const Card& src : cards) {
    Card c = src;
    c.id = t.new_id();
    c.stage = stage;
    c.lane = lane;
    c.order = order++;
    c.score = clamp_score(c.score);
    t.put(c);
    out.push_back(c.id);
  }
  t.commit();
  return out;
}

Id set_emotion(Doc& d, Id stage, Id lane, float score, Id point, const std::string& merge_key) {
  if (const Card* p = card_by_id(d.map, point)) {
    Card c = *p;
    c.score = clamp_score(score);
    update_card(d, c, "Set emotion", merge_key);
    return c.id;
  }
  if (find_stage(d.map, stage) < 0 || find_lane(d.map, lane) < 0) return kNoId;
  Txn t(d, "Set emotion", merge_key);
  Card c;
  c.id = t.new_id();
  c.stage = stage;
  c.lane = lane;
  c.order = end_order(d.map, stage, lane);
  c.score = clamp_score(score);
  t.put(c);
  return t.commit() ? c.id : kNoId;
}

void replace_map(Doc& d, const Map& m, const char* label) {
  Txn t(d, label);
  for (size_t i = d.map.cards.size(); i-- > 0;) t.erase_card(d.map.cards[i].id);
  for (size_t i = d.map.lanes.size(); i-- > 0;) t.erase_lane(d.map.lanes[i].id);
  for (size_t i = d.map.stages.size(); i-- > 0;) t.erase_stage(d.map.stages[i].id);
  for (size_t i = 0; i < m.stages.size(); i++) t.put(m.stages[i], (int)i);
  for (size_t i = 0; i < m.lanes.size(); i++) t.put(m.lanes[i], (int)i);
  for (const Card& c : m.cards) t.put(c);
  t.set_meta(m.meta);
  d.map.next_id = std::max(m.next_id, d.map.next_id);
  t.commit();
}

} // namespace jm
