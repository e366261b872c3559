#include "core/edit.h"
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace jm {

// ---- Entity-level changes, one template for every entity type --------------------------------

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

// Each entity type lives in its own vector, so the order between types does not matter; within
// a type changes apply in recorded order and revert in reverse.
void apply(Map& m, const Edit& e) {
  apply_changes(m.stages, e.stages);
  apply_changes(m.lanes, e.lanes);
  apply_changes(m.cards, e.cards);
  apply_changes(m.personas, e.personas);
  apply_changes(m.actions, e.actions);
  apply_changes(m.blueprint_lines, e.blueprint_lines);
  if (e.meta_after) m.meta = *e.meta_after;
  if (e.data_after) m.data = *e.data_after;
  m.revision++;
}

void revert(Map& m, const Edit& e) {
  if (e.meta_before) m.meta = *e.meta_before;
  if (e.data_before) m.data = *e.data_before;
  revert_changes(m.blueprint_lines, e.blueprint_lines);
  revert_changes(m.actions, e.actions);
  revert_changes(m.personas, e.personas);
  revert_changes(m.cards, e.cards);
  revert_changes(m.lanes, e.lanes);
  revert_changes(m.stages, e.stages);
  m.revision++;
}

// ---- Txn ---------------------------------------------------------------------------------

Txn::Txn(Doc& d, std::string label, std::string merge_key) : doc_(d) {
  edit_.label = std::move(label);
  edit_.merge_key = std::move(merge_key);
}

Txn::~Txn() {
  if (!done_) {  // abandoned: leave the map as it was
    revert(doc_.map, edit_);
  }
}

void Txn::put(const Stage& s, int index) { record(doc_.map.stages, edit_.stages, s.id, std::optional<Stage>(s), index); }
void Txn::put(const Lane& l, int index) { record(doc_.map.lanes, edit_.lanes, l.id, std::optional<Lane>(l), index); }
void Txn::put(const Card& c) { record(doc_.map.cards, edit_.cards, c.id, std::optional<Card>(c), -1); }
void Txn::erase_stage(Id id) { record(doc_.map.stages, edit_.stages, id, std::optional<Stage>(), -1); }
void Txn::erase_lane(Id id) { record(doc_.map.lanes, edit_.lanes, id, std::optional<Lane>(), -1); }
void Txn::erase_card(Id id) { record(doc_.map.cards, edit_.cards, id, std::optional<Card>(), -1); }
void Txn::put(const Persona& p, int index) { record(doc_.map.personas, edit_.personas, p.id, std::optional<Persona>(p), index); }
void Txn::put(const Action& a, int index) { record(doc_.map.actions, edit_.actions, a.id, std::optional<Action>(a), index); }
void Txn::put(const BlueprintLine& b, int index) {
  record(doc_.map.blueprint_lines, edit_.blueprint_lines, b.id, std::optional<BlueprintLine>(b), index);
}
void Txn::erase_persona(Id id) { record(doc_.map.personas, edit_.personas, id, std::optional<Persona>(), -1); }
void Txn::erase_action(Id id) { record(doc_.map.actions, edit_.actions, id, std::optional<Action>(), -1); }
void Txn::erase_blueprint_line(Id id) {
  record(doc_.map.blueprint_lines, edit_.blueprint_lines, id, std::optional<BlueprintLine>(), -1);
}

void Txn::set_meta(const MapMeta& meta) {
  if (doc_.map.meta == meta) return;
  if (!edit_.meta_before) edit_.meta_before = doc_.map.meta;
  edit_.meta_after = meta;
  doc_.map.meta = meta;
}

// The data layer is one value: compared whole (its aggregates by content too, so a recompute that
// changes nothing but the numbers is still a step).
static bool same_data(const DataLayer& a, const DataLayer& b) {
  return a == b && data_aggregates_to_json(a.aggregates) == data_aggregates_to_json(b.aggregates);
}

void Txn::set_data(const DataLayer& data) {
  if (same_data(doc_.map.data, data)) return;
  if (!edit_.data_before) edit_.data_before = doc_.map.data;
  edit_.data_after = data;
  doc_.map.data = data;
}

template <class T> static void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

bool Txn::commit() {
  if (doc_.read_only) return false;   // not done: the destructor takes the changes back
  done_ = true;
  if (edit_.empty()) return false;
  doc_.map.revision++;
  doc_.redo_stack.clear();
  std::vector<Edit>& u = doc_.undo_stack;
  if (!edit_.merge_key.empty() && !u.empty() && u.back().merge_key == edit_.merge_key) {
    // Continue the previous step (a drag, typing into one field): undo takes it back whole.
    Edit& prev = u.back();
    append(prev.stages, edit_.stages);
    append(prev.lanes, edit_.lanes);
    append(prev.cards, edit_.cards);
    append(prev.personas, edit_.personas);
    append(prev.actions, edit_.actions);
    append(prev.blueprint_lines, edit_.blueprint_lines);
    if (edit_.meta_after) {
      if (!prev.meta_before) prev.meta_before = edit_.meta_before;
      prev.meta_after = edit_.meta_after;
    }
    if (edit_.data_after) {
      if (!prev.data_before) prev.data_before = edit_.data_before;
      prev.data_after = edit_.data_after;
    }
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

// ---- Keeping references valid ------------------------------------------------------------------
// Commands take cards and stages from the editor (or a clipboard) and store them; these make
// what is stored consistent with the map, so a command can never produce a map validate() refuses.

// Comments whose id is not one of `own` (the ids this entity already had) get a fresh id: a new
// comment arrives with id 0, and a pasted or duplicated one carries its source's id.
static void renumber_comments(Txn& t, std::vector<Comment>& comments, const std::vector<Comment>& own) {
  IdSet mine;
  for (const Comment& c : own) mine.insert(c.id);
  for (Comment& c : comments)
    if (c.id == kNoId || !mine.erase(c.id)) c.id = t.new_id();   // erase: an id used twice is renumbered
}

static void clean_metrics(std::vector<Metric>& metrics) {
  for (Metric& x : metrics) {
    if ((size_t)x.kind >= (size_t)MetricKind::Count) x.kind = MetricKind::Custom;
    if (x.value && !std::isfinite(*x.value)) x.value.reset();
    if (x.target && !std::isfinite(*x.target)) x.target.reset();
  }
}

// Keeps the ids of `v` that `exists` accepts, each once, never `self`.
template <class F> static void keep_refs(std::vector<Id>& v, Id self, F exists) {
  IdSet seen;
  v.erase(std::remove_if(v.begin(), v.end(), [&](Id id) { return id == self || !exists(id) || !seen.insert(id).second; }),
          v.end());
}

static void clean_card(Txn& t, Card& c, const Card* before) {
  const Map& m = t.map();
  c.score = clamp_score(c.score);
  if (c.persona != kNoId && find_persona(m, c.persona) < 0) c.persona = kNoId;
  keep_refs(c.personas, kNoId, [&](Id id) { return find_persona(m, id) >= 0; });
  if (!c.links.empty()) {
    // Only cards of the same state (current or future) can be depended on.
    IdSet cards;
    JourneyState own = card_state(m, c);
    for (const Card& x : m.cards)
      if (card_state(m, x) == own) cards.insert(x.id);
    keep_refs(c.links, c.id, [&](Id id) { return cards.count(id) > 0; });
  }
  clean_metrics(c.metrics);
  renumber_comments(t, c.comments, before ? before->comments : std::vector<Comment>());
  for (Evidence& e : c.evidence) {
    if ((size_t)e.kind >= (size_t)EvidenceKind::Count) e.kind = EvidenceKind::Other;
    if ((size_t)e.confidence >= (size_t)Confidence::Count) e.confidence = Confidence::Reported;
    if (!e.date.empty() && !is_iso_date(e.date) && !is_iso_date_time(e.date)) e.date.clear();
  }
  if (c.journey == "uid:") c.journey.clear();
}

static void clean_stage(Txn& t, Stage& s, const Stage* before) {
  s.width = std::min(4000.0f, std::max(40.0f, s.width));
  if ((size_t)s.state >= (size_t)JourneyState::Count) s.state = JourneyState::Current;
  clean_metrics(s.metrics);
  renumber_comments(t, s.comments, before ? before->comments : std::vector<Comment>());
}

// Removes cards and every reference to them (other cards' links, actions' card lists) in the
// caller's transaction, so one undo brings back the cards and the references together.
static void erase_cards_with_refs(Txn& t, const IdSet& gone) {
  if (gone.empty()) return;
  Map& m = t.map();
  auto drop = [&](std::vector<Id>& v) {
    size_t n = v.size();
    v.erase(std::remove_if(v.begin(), v.end(), [&](Id id) { return gone.count(id) > 0; }), v.end());
    return v.size() != n;
  };
  std::vector<Card> relinked;
  for (const Card& c : m.cards)
    if (!gone.count(c.id) && !c.links.empty()) {
      Card x = c;
      if (drop(x.links)) relinked.push_back(std::move(x));
    }
  std::vector<Action> actions;
  for (const Action& a : m.actions) {
    Action x = a;
    if (drop(x.cards)) actions.push_back(std::move(x));
  }
  for (const Card& c : relinked) t.put(c);
  for (const Action& a : actions) t.put(a);
  // Last first: each erase is then at the end of what remains of a run of cards, so nothing is
  // shifted (a whole state or lane erased front to back moves every later card once per erase).
  std::vector<Id> ids;
  for (const Card& c : m.cards)
    if (gone.count(c.id)) ids.push_back(c.id);
  for (size_t i = ids.size(); i-- > 0;) t.erase_card(ids[i]);
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
  const Stage* before = stage_by_id(d.map, s.id);
  if (!before) return;
  Txn t(d, label, merge_key);
  Stage v = s;
  // A stage's state is fixed when it is made (add_stage_in_state, copy_current_to_future):
  // switching it here would carry its cards, and their links, across the two states.
  v.state = before->state;
  clean_stage(t, v, before);
  t.put(v);
  t.commit();
}

void update_lane(Doc& d, const Lane& l, const char* label, const std::string& merge_key) {
  if (find_lane(d.map, l.id) < 0) return;
  Txn t(d, label, merge_key);
  t.put(l);
  t.commit();
}

// Stages, lanes, personas and actions move alike: one template for all.
template <class T> static void move_entity(Doc& d, std::vector<T>& v, Id id, int new_index, const char* label) {
  int i = index_of(v, id);
  if (i < 0) return;
  Txn t(d, label);
  t.put(T(v[i]), std::max(0, new_index));
  t.commit();
}
void move_stage(Doc& d, Id id, int new_index) { move_entity(d, d.map.stages, id, new_index, "Move stage"); }
void move_lane(Doc& d, Id id, int new_index) { move_entity(d, d.map.lanes, id, new_index, "Move lane"); }

// Removes a stage or lane (is_stage) and every card in it, with the references to those cards;
// a lane also takes the blueprint lines drawn along it.
static void delete_column_or_row(Doc& d, Id id, bool is_stage) {
  if ((is_stage ? find_stage(d.map, id) : find_lane(d.map, id)) < 0) return;
  Txn t(d, is_stage ? "Delete stage" : "Delete lane");
  IdSet cards;
  for (const Card& c : d.map.cards)
    if ((is_stage ? c.stage : c.lane) == id) cards.insert(c.id);
  erase_cards_with_refs(t, cards);
  if (is_stage) {
    t.erase_stage(id);
  } else {
    std::vector<Id> lines;
    for (const BlueprintLine& b : d.map.blueprint_lines)
      if (b.above_lane == id) lines.push_back(b.id);
    for (Id b : lines) t.erase_blueprint_line(b);
    t.erase_lane(id);
  }
  t.commit();
}
void delete_stage(Doc& d, Id id) { delete_column_or_row(d, id, true); }
void delete_lane(Doc& d, Id id) { delete_column_or_row(d, id, false); }

void set_meta(Doc& d, const MapMeta& in) {
  // Dates half typed or mistyped are dropped rather than stored: the file would be refused.
  MapMeta meta = in;
  if ((size_t)meta.status >= (size_t)MapStatus::Count) meta.status = MapStatus::Draft;
  if (!meta.reviewed.empty() && !is_iso_date(meta.reviewed)) meta.reviewed.clear();
  if (!meta.review_due.empty() && !is_iso_date(meta.review_due)) meta.review_due.clear();
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
  clean_card(t, c, nullptr);
  t.put(c);
  return t.commit() ? c.id : kNoId;
}

void update_card(Doc& d, const Card& c, const char* label, const std::string& merge_key) {
  const Card* before = card_by_id(d.map, c.id);
  if (!before) return;
  Txn t(d, label, merge_key);
  Card v = c;
  clean_card(t, v, before);
  t.put(v);
  t.commit();
}

void move_cards(Doc& d, const std::vector<Id>& ids, Id stage, Id lane, Id before) {
  if (find_stage(d.map, stage) < 0 || find_lane(d.map, lane) < 0) return;
  IdSet moving(ids.begin(), ids.end());
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
  // Links are kept when cards move, except across the current/future divide: a dependency
  // between the two states means nothing, so links between a card that changes state and the
  // state it leaves are dropped in the same step.
  JourneyState to_state = stage_by_id(d.map, stage)->state;
  IdMap<JourneyState> state_after;
  bool crossing = false;
  for (const Card& c : d.map.cards) {
    JourneyState now = card_state(d.map, c);
    crossing = crossing || (moving.count(c.id) && now != to_state);
    state_after[c.id] = moving.count(c.id) ? to_state : now;
  }
  auto drop_crossing = [&](Card& c) {
    size_t n = c.links.size();
    JourneyState own = state_after[c.id];
    c.links.erase(std::remove_if(c.links.begin(), c.links.end(), [&](Id l) { return state_after[l] != own; }), c.links.end());
    return c.links.size() != n;
  };
  std::vector<Card> relinked;
  if (crossing) {
    IdSet in_cell;
    for (Card& c : cell) { drop_crossing(c); in_cell.insert(c.id); }
    for (const Card& c : d.map.cards) {
      if (in_cell.count(c.id) || c.links.empty()) continue;
      Card x = c;
      if (drop_crossing(x)) relinked.push_back(std::move(x));
    }
  }
  Txn t(d, moved.size() == 1 ? "Move card" : "Move cards");
  for (size_t i = 0; i < cell.size(); i++) {
    cell[i].order = (double)i;
    t.put(cell[i]);
  }
  for (const Card& c : relinked) t.put(c);
  t.commit();
}

void delete_cards(Doc& d, const std::vector<Id>& ids) {
  Txn t(d, ids.size() == 1 ? "Delete card" : "Delete cards");
  erase_cards_with_refs(t, IdSet(ids.begin(), ids.end()));
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
    c.origin = kNoId;                       // a new card, not a copy of the current state's
    clean_card(t, c, nullptr);              // its comments get ids of their own
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
    // Links and origin name cards of the map the card was copied from (maybe another map).
    c.links.clear();
    c.origin = kNoId;
    clean_card(t, c, nullptr);
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
  for (size_t i = d.map.blueprint_lines.size(); i-- > 0;) t.erase_blueprint_line(d.map.blueprint_lines[i].id);
  for (size_t i = d.map.actions.size(); i-- > 0;) t.erase_action(d.map.actions[i].id);
  for (size_t i = d.map.personas.size(); i-- > 0;) t.erase_persona(d.map.personas[i].id);
  for (size_t i = d.map.cards.size(); i-- > 0;) t.erase_card(d.map.cards[i].id);
  for (size_t i = d.map.lanes.size(); i-- > 0;) t.erase_lane(d.map.lanes[i].id);
  for (size_t i = d.map.stages.size(); i-- > 0;) t.erase_stage(d.map.stages[i].id);
  for (size_t i = 0; i < m.stages.size(); i++) t.put(m.stages[i], (int)i);
  for (size_t i = 0; i < m.lanes.size(); i++) t.put(m.lanes[i], (int)i);
  for (const Card& c : m.cards) t.put(c);
  for (size_t i = 0; i < m.personas.size(); i++) t.put(m.personas[i], (int)i);
  for (size_t i = 0; i < m.actions.size(); i++) t.put(m.actions[i], (int)i);
  for (size_t i = 0; i < m.blueprint_lines.size(); i++) t.put(m.blueprint_lines[i], (int)i);
  t.set_meta(m.meta);
  t.set_data(m.data);
  t.commit();
}

// ---- Personas ------------------------------------------------------------------------------------

static void clean_persona(Persona& p) {
  if (p.uid.empty()) p.uid = new_uid();
  // An avatar image the file format would refuse is dropped (initials remain) rather than stored.
  if (!p.avatar.image.empty() && !check_avatar_image(p.avatar.image).empty()) p.avatar.image.clear();
}

Id add_persona(Doc& d, Persona p, int index) {
  Txn t(d, "Add persona");
  p.id = t.new_id();
  clean_persona(p);
  if (find_persona_uid(d.map, p.uid) >= 0) p.uid = new_uid();   // uids stay unique in a map
  t.put(p, index);
  return t.commit() ? p.id : kNoId;
}

void update_persona(Doc& d, const Persona& p, const char* label, const std::string& merge_key) {
  int i = find_persona(d.map, p.id);
  if (i < 0) return;
  Persona v = p;
  if (v.uid.empty()) v.uid = d.map.personas[i].uid;
  clean_persona(v);
  int other = find_persona_uid(d.map, v.uid);
  if (other >= 0 && other != i) return;          // would make two personas one in the library
  Txn t(d, label, merge_key);
  t.put(v);
  t.commit();
}

void move_persona(Doc& d, Id id, int new_index) { move_entity(d, d.map.personas, id, new_index, "Move persona"); }

void delete_persona(Doc& d, Id id) {
  if (find_persona(d.map, id) < 0) return;
  Txn t(d, "Delete persona");
  std::vector<Card> changed;
  for (const Card& c : d.map.cards) {
    if (c.persona != id && std::find(c.personas.begin(), c.personas.end(), id) == c.personas.end()) continue;
    Card x = c;
    if (x.persona == id) x.persona = kNoId;
    x.personas.erase(std::remove(x.personas.begin(), x.personas.end(), id), x.personas.end());
    changed.push_back(std::move(x));
  }
  for (const Card& c : changed) t.put(c);
  t.erase_persona(id);
  t.commit();
}

Id upsert_persona(Doc& d, const Persona& from_library, PersonaMerge how) {
  int i = find_persona_uid(d.map, from_library.uid);
  if (i < 0) return add_persona(d, from_library);
  Persona merged = merge_persona(d.map.personas[i], from_library, how);
  Id id = merged.id;
  update_persona(d, merged, "Update persona from library");
  return id;
}

void tag_personas(Doc& d, const std::vector<Id>& cards, Id persona, bool add) {
  if (find_persona(d.map, persona) < 0) return;
  Txn t(d, add ? "Tag persona" : "Untag persona");
  for (Id id : cards)
    if (const Card* src = card_by_id(d.map, id)) {
      Card c = *src;
      auto it = std::find(c.personas.begin(), c.personas.end(), persona);
      if (add && it == c.personas.end()) c.personas.push_back(persona);
      if (!add && it != c.personas.end()) c.personas.erase(it);
      t.put(c);
    }
  t.commit();
}

Id set_persona_emotion(Doc& d, Id stage, Id lane, Id persona, float score, Id point, const std::string& merge_key) {
  if (persona != kNoId && find_persona(d.map, persona) < 0) return kNoId;
  if (const Card* p = card_by_id(d.map, point)) {
    Card c = *p;
    c.score = clamp_score(score);
    c.persona = persona;
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
  c.persona = persona;
  t.put(c);
  return t.commit() ? c.id : kNoId;
}

// ---- Card flags and links ------------------------------------------------------------------------

void set_moment_of_truth(Doc& d, const std::vector<Id>& ids, bool on) {
  Txn t(d, on ? "Mark moment of truth" : "Unmark moment of truth");
  for (Id id : ids)
    if (const Card* src = card_by_id(d.map, id)) {
      Card c = *src;
      c.moment_of_truth = on;
      t.put(c);
    }
  t.commit();
}

void link_cards(Doc& d, Id from, Id to, bool add) {
  const Card* src = card_by_id(d.map, from);
  const Card* dst = card_by_id(d.map, to);
  if (!src || from == to || (add && (!dst || card_state(d.map, *dst) != card_state(d.map, *src)))) return;
  Card c = *src;
  auto it = std::find(c.links.begin(), c.links.end(), to);
  if (add == (it != c.links.end())) return;
  if (add) c.links.push_back(to); else c.links.erase(it);
  Txn t(d, add ? "Link cards" : "Unlink cards");
  t.put(c);
  t.commit();
}

// ---- Metrics and comments ---------------------------------------------------------------------------

// Runs f(entity, txn) on a copy of the card or stage `target` and stores the copy when f returns
// true: the metrics and comments commands work alike on both.
template <class F> static bool edit_target(Doc& d, Id target, const char* label, const std::string& merge_key, F f) {
  if (const Card* c = card_by_id(d.map, target)) {
    Card x = *c;
    Txn t(d, label, merge_key);
    if (!f(x, t)) return false;
    clean_metrics(x.metrics);
    t.put(x);
    return t.commit();
  }
  if (const Stage* s = stage_by_id(d.map, target)) {
    Stage x = *s;
    Txn t(d, label, merge_key);
    if (!f(x, t)) return false;
    clean_metrics(x.metrics);
    t.put(x);
    return t.commit();
  }
  return false;
}

bool add_metric(Doc& d, Id target, const Metric& m) {
  return edit_target(d, target, "Add metric", {}, [&](auto& x, Txn&) { x.metrics.push_back(m); return true; });
}

bool update_metric(Doc& d, Id target, size_t index, const Metric& m, const std::string& merge_key) {
  return edit_target(d, target, "Edit metric", merge_key, [&](auto& x, Txn&) {
    if (index >= x.metrics.size()) return false;
    x.metrics[index] = m;
    return true;
  });
}

bool remove_metric(Doc& d, Id target, size_t index) {
  return edit_target(d, target, "Remove metric", {}, [&](auto& x, Txn&) {
    if (index >= x.metrics.size()) return false;
    x.metrics.erase(x.metrics.begin() + (long)index);
    return true;
  });
}

Id add_comment(Doc& d, Id target, const std::string& author, const std::string& time, const std::string& text) {
  Id id = kNoId;
  bool ok = edit_target(d, target, "Add comment", {}, [&](auto& x, Txn& t) {
    Comment c;
    c.id = id = t.new_id();
    c.author = author;
    c.time = time;
    c.text = text;
    x.comments.push_back(std::move(c));
    return true;
  });
  return ok ? id : kNoId;
}

Id comment_target(const Map& m, Id comment) {
  auto holds = [&](const std::vector<Comment>& v) {
    return std::any_of(v.begin(), v.end(), [&](const Comment& c) { return c.id == comment; });
  };
  if (comment == kNoId) return kNoId;
  for (const Card& c : m.cards)
    if (holds(c.comments)) return c.id;
  for (const Stage& s : m.stages)
    if (holds(s.comments)) return s.id;
  return kNoId;
}

bool edit_comment(Doc& d, Id comment, const std::string& text, const std::string& merge_key) {
  return edit_target(d, comment_target(d.map, comment), "Edit comment", merge_key, [&](auto& x, Txn&) {
    for (Comment& c : x.comments)
      if (c.id == comment) { c.text = text; return true; }
    return false;
  });
}

bool delete_comment(Doc& d, Id comment) {
  return edit_target(d, comment_target(d.map, comment), "Delete comment", {}, [&](auto& x, Txn&) {
    auto it = std::find_if(x.comments.begin(), x.comments.end(), [&](const Comment& c) { return c.id == comment; });
    if (it == x.comments.end()) return false;
    x.comments.erase(it);
    return true;
  });
}

// ---- Opportunities and action items ----------------------------------------------------------------

static void clean_action(const Map& m, Action& a) {
  a.impact = std::min(5, std::max(0, a.impact));
  a.effort = std::min(5, std::max(0, a.effort));
  if ((size_t)a.kind >= (size_t)ActionKind::Count) a.kind = ActionKind::Opportunity;
  if ((size_t)a.status >= (size_t)ActionStatus::Count) a.status = ActionStatus::Idea;
  if ((size_t)a.priority >= (size_t)Priority::Count) a.priority = Priority::Medium;
  if (!a.due.empty() && !is_iso_date(a.due)) a.due.clear();
  keep_refs(a.cards, kNoId, [&](Id id) { return find_card(m, id) >= 0; });
}

Id add_action(Doc& d, Action a, int index) {
  Txn t(d, a.kind == ActionKind::ActionItem ? "Add action item" : "Add opportunity");
  a.id = t.new_id();
  clean_action(d.map, a);
  t.put(a, index);
  return t.commit() ? a.id : kNoId;
}

void update_action(Doc& d, const Action& a, const char* label, const std::string& merge_key) {
  if (find_action(d.map, a.id) < 0) return;
  Action v = a;
  clean_action(d.map, v);
  Txn t(d, label, merge_key);
  t.put(v);
  t.commit();
}

void move_action(Doc& d, Id id, int new_index) { move_entity(d, d.map.actions, id, new_index, "Move action"); }

void delete_actions(Doc& d, const std::vector<Id>& ids) {
  Txn t(d, ids.size() == 1 ? "Delete action" : "Delete actions");
  for (Id id : ids) t.erase_action(id);
  t.commit();
}

// ---- Service blueprint lines ------------------------------------------------------------------------

Id add_blueprint_line(Doc& d, BlueprintLineKind kind, Id above_lane, const std::string& label) {
  if (find_lane(d.map, above_lane) < 0 || (size_t)kind >= (size_t)BlueprintLineKind::Count) return kNoId;
  Txn t(d, std::string("Add ") + blueprint_line_name(kind));
  BlueprintLine b;
  b.id = t.new_id();
  b.kind = kind;
  b.above_lane = above_lane;
  b.label = label;
  t.put(b);
  return t.commit() ? b.id : kNoId;
}

void update_blueprint_line(Doc& d, const BlueprintLine& b) {
  if (find_blueprint_line(d.map, b.id) < 0 || find_lane(d.map, b.above_lane) < 0 ||
      (size_t)b.kind >= (size_t)BlueprintLineKind::Count)
    return;
  Txn t(d, "Edit blueprint line");
  t.put(b);
  t.commit();
}

void delete_blueprint_line(Doc& d, Id id) {
  Txn t(d, "Delete blueprint line");
  t.erase_blueprint_line(id);
  t.commit();
}

// ---- Current and future state ----------------------------------------------------------------------

Id add_stage_in_state(Doc& d, JourneyState state, const std::string& name, int index) {
  if ((size_t)state >= (size_t)JourneyState::Count) return kNoId;
  Txn t(d, state == JourneyState::Future ? "Add future stage" : "Add stage");
  Stage s;
  s.id = t.new_id();
  s.name = name;
  s.state = state;
  static const Color palette[] = {0x6366f1, 0x0ea5e9, 0x10b981, 0xf59e0b, 0xec4899, 0x8b5cf6, 0x14b8a6, 0xf97316};
  s.color = palette[stages_in(d.map, state).size() % 8];
  t.put(s, index);
  return t.commit() ? s.id : kNoId;
}

// Deletes the stages of one state, their cards and the references to those cards.
static void erase_state(Txn& t, JourneyState state) {
  Map& m = t.map();
  IdSet stages, cards;
  for (const Stage& s : m.stages)
    if (s.state == state) stages.insert(s.id);
  for (const Card& c : m.cards)
    if (stages.count(c.stage)) cards.insert(c.id);
  erase_cards_with_refs(t, cards);
  std::vector<Id> ids;
  for (const Stage& s : m.stages)
    if (stages.count(s.id)) ids.push_back(s.id);
  for (size_t i = ids.size(); i-- > 0;) t.erase_stage(ids[i]);
}

void clear_future_state(Doc& d) {
  Txn t(d, "Delete future state");
  erase_state(t, JourneyState::Future);
  t.commit();
}

void copy_current_to_future(Doc& d) {
  Txn t(d, "Copy current state to future");
  erase_state(t, JourneyState::Future);
  const Map& m = d.map;
  std::vector<Stage> stages;
  std::vector<Card> cards;
  for (const Stage& s : m.stages)
    if (s.state == JourneyState::Current) stages.push_back(s);
  IdMap<Id> new_stage, new_card;
  for (const Stage& s : stages) new_stage[s.id] = t.new_id();
  for (const Card& c : m.cards)
    if (new_stage.count(c.stage)) cards.push_back(c);
  for (const Card& c : cards) new_card[c.id] = t.new_id();
  for (Stage s : stages) {
    s.origin = s.id;
    s.id = new_stage[s.id];
    s.state = JourneyState::Future;
    s.comments.clear();     // a discussion belongs to the stage it was written on
    t.put(s);
  }
  for (Card c : cards) {
    c.origin = c.id;
    c.id = new_card[c.id];
    c.stage = new_stage[c.stage];
    c.comments.clear();
    // Dependencies point at the copies; a link to a card outside the current state is dropped.
    std::vector<Id> links;
    for (Id l : c.links)
      if (new_card.count(l)) links.push_back(new_card[l]);
    c.links = std::move(links);
    t.put(c);
  }
  t.commit();
}

// ---- Data layer ------------------------------------------------------------------------------

void set_data_aggregates(Doc& d, const DataAggregates& a) {
  Txn t(d, "Data updated");
  DataLayer x = d.map.data;
  x.aggregates = a;
  t.set_data(x);
  t.commit();
}

void set_data_mapping(Doc& d, const DataMapping& m) {
  Txn t(d, "Edit data mapping");
  DataLayer x = d.map.data;
  x.mapping = m;
  t.set_data(x);
  t.commit();
}

void set_data_settings(Doc& d, const DataSettings& s) {
  Txn t(d, "Edit data settings", "data_settings");
  DataLayer x = d.map.data;
  x.settings = s;
  t.set_data(x);
  t.commit();
}

void set_data_rules(Doc& d, const std::vector<DataRule>& rules) {
  Txn t(d, "Edit data rules");
  DataLayer x = d.map.data;
  x.rules = rules;
  t.set_data(x);
  t.commit();
}

void clear_data(Doc& d) {
  Txn t(d, "Clear data");
  t.set_data(DataLayer());
  t.commit();
}

} // namespace jm
