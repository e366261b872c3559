// merge.cpp: see merge.h.
//
// The merge runs in three steps. (1) Ids: theirs' new entities whose ids ours also used for new
// entities get fresh ids (renumbering, copy_side). (2) Each collection is merged id by id: an entity the
// same on both sides, or changed on one side only, is taken as a struct (no JSON: a merge of two
// large maps costs a pass over them); one changed on both sides is merged field by field on its
// JSON (merge_value); presence (added, deleted, deleted and edited) and display order are decided
// here too. (3) References the other side's deletions left dangling are dropped, with a note.
// Conflicts take the side in `choices` (resolve_merge runs the same merge again with the user's
// picks), Ours by default.
#include "core/merge.h"
#include "core/data_layer.h"
#include "core/diff.h"
#include "core/io_json.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <deque>
#include <functional>
#include <unordered_map>
#include <type_traits>
#include <unordered_set>

namespace jm {
using json = nlohmann::json;

// Id -> value, for the lookups a merge of large maps makes by the ten thousand: a plain array
// indexed by id for the counted ids of older files (below counted_id_limit, while they are dense
// enough), a hash map for the rest (random ids). V() means absent.
template <class V> class IdIndex {
public:
  IdIndex() = default;
  IdIndex(Id id_limit, size_t count) {
    if (id_limit <= Id(count) * 32 + 65536) dense_.assign(size_t(id_limit), V());
  }
  void set(Id id, V v) {
    if (id < dense_.size()) dense_[size_t(id)] = v;
    else sparse_[id] = v;
  }
  V get(Id id) const {
    if (id < dense_.size()) return dense_[size_t(id)];
    auto it = sparse_.find(id);
    return it == sparse_.end() ? V() : it->second;
  }
private:
  std::vector<V> dense_;
  IdMap<V> sparse_;
};

// Copies of the three maps, so resolve_merge can run the merge again after the caller's maps are
// gone. Copying three large maps would cost more than the merge itself, so the collections of base
// and theirs hold only the entities that differ from ours' one with the same id; `ids` has every
// id of each of their collections, in order (the others are ours').
enum Coll : int { kStages, kLanes, kCards, kPersonas, kActions, kLines, kColls };
struct MergeInputs {
  Map base, ours, theirs;            // theirs with its colliding new ids renumbered
  std::vector<Id> ids[2][kColls];    // [0] base, [1] theirs
  Id id_limit = 1;                   // above every counted id of the three maps (IdIndex)
  bool two_way = false;
  std::vector<std::string> id_notes; // what the renumbering did
};

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
std::string dump_or_empty(const json* j) { return j ? dump(*j) : std::string(); }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }
std::string who(const std::string& coll, Id id, const std::string& label) {
  std::string s = collection_noun(coll);
  if (id != kNoId) s += " " + std::to_string(id);
  if (!label.empty()) s += " " + quoted(label);
  return s;
}

std::string label_of(const Stage& s) { return short_label(s.name); }
std::string label_of(const Lane& l) { return short_label(l.name); }
std::string label_of(const Card& c) { return short_label(c.text); }
std::string label_of(const Persona& p) { return short_label(p.name); }
std::string label_of(const Action& a) { return short_label(a.title); }
std::string label_of(const BlueprintLine& b) { return short_label(b.label.empty() ? blueprint_line_name(b.kind) : b.label); }

std::string choice_key(const std::string& coll, Id id, const std::string& field) {
  return coll + '\x1f' + std::to_string(id) + '\x1f' + field;
}

// ---- Ids ---------------------------------------------------------------------------------------------

enum class Kind : uint8_t { Stage, Lane, Card, Persona, Action, Line, Comment };
const char* kind_collection(Kind k) {
  switch (k) {
    case Kind::Stage: return "stages";
    case Kind::Lane: return "lanes";
    case Kind::Card: return "cards";
    case Kind::Persona: return "personas";
    case Kind::Action: return "actions";
    case Kind::Line: return "blueprint_lines";
    case Kind::Comment: return "comments";
  }
  return "";
}

// Every id a map gives out (entities and comments), with what holds it.
struct IdOwner { Kind kind; const void* what; Id parent = kNoId; };   // parent: a comment's card or stage
// Those not in `skip` (when given).
IdMap<IdOwner> id_owners(const Map& m, const IdMap<IdOwner>* skip) {
  IdMap<IdOwner> all;
  struct Filter {
    IdMap<IdOwner>& out;
    const IdMap<IdOwner>* skip;
    void emplace(Id id, IdOwner o) { if (!skip || !skip->count(id)) out.emplace(id, o); }
  } out{all, skip};
  for (const Stage& s : m.stages) {
    out.emplace(s.id, IdOwner{Kind::Stage, &s});
    for (const Comment& c : s.comments) out.emplace(c.id, IdOwner{Kind::Comment, &c, s.id});
  }
  for (const Lane& l : m.lanes) out.emplace(l.id, IdOwner{Kind::Lane, &l});
  for (const Card& c : m.cards) {
    out.emplace(c.id, IdOwner{Kind::Card, &c});
    for (const Comment& x : c.comments) out.emplace(x.id, IdOwner{Kind::Comment, &x, c.id});
  }
  for (const Persona& p : m.personas) out.emplace(p.id, IdOwner{Kind::Persona, &p});
  for (const Action& a : m.actions) out.emplace(a.id, IdOwner{Kind::Action, &a});
  for (const BlueprintLine& b : m.blueprint_lines) out.emplace(b.id, IdOwner{Kind::Line, &b});
  return all;
}

bool same_entity(const IdOwner& a, const IdOwner& b) {
  if (a.kind != b.kind || a.parent != b.parent) return false;
  switch (a.kind) {
    case Kind::Stage: return *(const Stage*)a.what == *(const Stage*)b.what;
    case Kind::Lane: return *(const Lane*)a.what == *(const Lane*)b.what;
    case Kind::Card: return *(const Card*)a.what == *(const Card*)b.what;
    case Kind::Persona: return *(const Persona*)a.what == *(const Persona*)b.what;
    case Kind::Action: return *(const Action*)a.what == *(const Action*)b.what;
    case Kind::Line: return *(const BlueprintLine*)a.what == *(const BlueprintLine*)b.what;
    case Kind::Comment: return *(const Comment*)a.what == *(const Comment*)b.what;
  }
  return false;
}

std::string owner_label(const IdOwner& o) {
  switch (o.kind) {
    case Kind::Stage: return label_of(*(const Stage*)o.what);
    case Kind::Lane: return label_of(*(const Lane*)o.what);
    case Kind::Card: return label_of(*(const Card*)o.what);
    case Kind::Persona: return label_of(*(const Persona*)o.what);
    case Kind::Action: return label_of(*(const Action*)o.what);
    case Kind::Line: return label_of(*(const BlueprintLine*)o.what);
    case Kind::Comment: return short_label(((const Comment*)o.what)->text);
  }
  return "";
}

// Every id of an entity and every reference in it, through `f` (which may change it).
template <class F> void visit_ids(Stage& s, F f) { f(s.id); f(s.origin); for (Comment& c : s.comments) f(c.id); }
template <class F> void visit_ids(Lane& l, F f) { f(l.id); }
template <class F> void visit_ids(Card& c, F f) {
  f(c.id); f(c.stage); f(c.lane); f(c.persona); f(c.origin);
  for (Id& x : c.personas) f(x);
  for (Id& x : c.links) f(x);
  for (Comment& x : c.comments) f(x.id);
}
template <class F> void visit_ids(Persona& p, F f) { f(p.id); }
template <class F> void visit_ids(Action& a, F f) { f(a.id); for (Id& x : a.cards) f(x); }
template <class F> void visit_ids(BlueprintLine& b, F f) { f(b.id); f(b.above_lane); }
template <class F> void visit_ids(DataLayer& d, F f) {
  for (MappingRule& r : d.mapping.rules) f(r.card);
  for (Id& x : d.settings.funnel_steps) f(x);
  for (Id& x : d.aggregates.funnel_targets) f(x);
  for (TargetScores& t : d.aggregates.scores) { f(t.card); f(t.stage); f(t.persona); }
}

// Theirs' new ids that ours also gave to something new: the same entity is kept once; a different
// one gets a fresh id on theirs' side (the returned old -> new), and every reference in theirs
// follows it (copy_side). New ids are random, so this happens only with counted ids: both copies
// of a file from before format version 3 edited by an older journeymap.
IdMap<Id> renumbering(const Map& base, const Map& ours, const Map& theirs,
                                       std::vector<std::string>* notes) {
  // What a side added is what base does not have: only those can clash.
  auto b = id_owners(base, nullptr);
  auto o = id_owners(ours, &b), t = id_owners(theirs, &b);
  IdSet taken;
  for (const auto& kv : o) taken.insert(kv.first);
  for (const auto& kv : t) taken.insert(kv.first);
  IdMap<Id> to;
  std::vector<Id> ids;
  for (const auto& kv : t)
    if (o.count(kv.first)) ids.push_back(kv.first);
  std::sort(ids.begin(), ids.end());   // notes in a stable order
  for (Id id : ids) {
    const IdOwner& x = t.at(id);
    const IdOwner& y = o.at(id);
    std::string coll = kind_collection(x.kind);
    if (same_entity(y, x)) {
      if (x.kind != Kind::Comment) notes->push_back(who(coll, id, owner_label(x)) + ": added the same on both sides; kept once");
      continue;
    }
    Id fresh = new_id();
    while (b.count(fresh) || !taken.insert(fresh).second) fresh = new_id();
    to[id] = fresh;
    notes->push_back(who(coll, id, owner_label(x)) + ": added on both sides" +
                     (y.kind == x.kind ? "" : std::string(" (ours: a ") + collection_noun(kind_collection(y.kind)) + ")") +
                     "; theirs renumbered to " + std::to_string(to[id]));
  }
  return to;
}

template <class T> IdMap<const T*> by_id(const std::vector<T>& v) {
  IdMap<const T*> out;
  out.reserve(v.size() * 2);
  for (const T& x : v) out.emplace(x.id, &x);
  return out;
}
template <class T> IdIndex<const T*> index_of(const std::vector<T>& v, Id id_limit) {
  IdIndex<const T*> out(id_limit, v.size());
  for (const T& x : v) out.set(x.id, &x);
  return out;
}

// `from` renumbered by `to`: its ids in order into *ids, the entities that differ from ours' into *out.
template <class T> void copy_side(const std::vector<T>& from, const std::vector<T>& ours, const IdMap<Id>& to,
                                  std::vector<T>* out, std::vector<Id>* ids, Id id_limit) {
  IdIndex<const T*> mo = index_of(ours, id_limit);
  auto remap = [&](Id& x) { auto it = to.find(x); if (it != to.end()) x = it->second; };
  ids->reserve(from.size());
  for (const T& e : from) {
    bool touched = false;
    if (!to.empty()) visit_ids(const_cast<T&>(e), [&](Id& x) { touched = touched || to.count(x) > 0; });   // reads only
    if (touched) { T x = e; visit_ids(x, remap); ids->push_back(x.id); out->push_back(std::move(x)); continue; }
    ids->push_back(e.id);
    const T* o = mo.get(e.id);
    if (!o || !(*o == e)) out->push_back(e);
  }
}

// Copies `m` (base or theirs) into `out` as copy_side does, for every collection.
void copy_map(const Map& m, const Map& ours, const IdMap<Id>& to, Map* out, std::vector<Id>* ids, Id id_limit) {
  out->meta = m.meta;
  out->data = m.data;
  if (!to.empty()) visit_ids(out->data, [&](Id& x) { auto it = to.find(x); if (it != to.end()) x = it->second; });
  copy_side(m.stages, ours.stages, to, &out->stages, &ids[kStages], id_limit);
  copy_side(m.lanes, ours.lanes, to, &out->lanes, &ids[kLanes], id_limit);
  copy_side(m.cards, ours.cards, to, &out->cards, &ids[kCards], id_limit);
  copy_side(m.personas, ours.personas, to, &out->personas, &ids[kPersonas], id_limit);
  copy_side(m.actions, ours.actions, to, &out->actions, &ids[kActions], id_limit);
  copy_side(m.blueprint_lines, ours.blueprint_lines, to, &out->blueprint_lines, &ids[kLines], id_limit);
}

// Id -> entity of one side; the ids it holds without a copy (equal to ours') resolve to ours' entity.
template <class T> IdIndex<const T*> resolved(const std::vector<T>& v, const std::vector<Id>& ids, const IdIndex<const T*>& ours,
                                             Id id_limit) {
  IdIndex<const T*> out(id_limit, ids.size());
  for (const T& x : v) out.set(x.id, &x);
  for (Id id : ids)
    if (!out.get(id)) out.set(id, ours.get(id));
  return out;
}

// ---- Order -------------------------------------------------------------------------------------------

// The order of the merged items (`in_result`) from three orders. The items all three hold keep
// the order of the side that changed it (ours when both did: *both_reordered); every other item
// goes after the item before it on its side, items from both sides at one place by `less`.
// `no_base` (a two-way merge): the items both sides hold are the core, and any difference in
// their order counts as both sides reordering.
// `in_b`, `in_o`, `in_t`: whether each side holds an item.
template <class K, class In, class Has, class Less>
std::vector<K> merge_order(const std::vector<K>& B, const std::vector<K>& O, const std::vector<K>& T, In in_result,
                           Has in_b, Has in_o, Has in_t, Less less, bool* both_reordered, bool prefer_theirs,
                           bool no_base = false) {
  auto core = [&](const K& k) { return (no_base || in_b(k)) && in_o(k) && in_t(k) && in_result(k); };
  std::vector<K> bc, oc, tc;
  for (const K& k : O) if (core(k)) oc.push_back(k);
  for (const K& k : T) if (core(k)) tc.push_back(k);
  if (!no_base) { for (const K& k : B) if (core(k)) bc.push_back(k); }
  else bc = oc == tc ? oc : std::vector<K>();   // equal: no reorder; else neither matches
  *both_reordered = false;
  const std::vector<K>* skeleton = &oc;
  if (oc == tc || (!no_base && tc == bc)) skeleton = &oc;
  else if (!no_base && oc == bc) skeleton = &tc;
  else { *both_reordered = true; skeleton = prefer_theirs ? &tc : &oc; }
  // Runs of other items after each core item (kNone: at the start), per side. An item both sides
  // hold (both added it) is in a run of each; it goes where the skeleton first reaches it.
  using H = typename std::conditional<std::is_same<K, Id>::value, IdHash, std::hash<K>>::type;
  std::unordered_map<K, std::vector<K>, H> runs_o, runs_t;
  std::vector<K> start_o, start_t;
  auto collect = [&](const std::vector<K>& side, std::unordered_map<K, std::vector<K>, H>& runs, std::vector<K>& start) {
    const K* anchor = nullptr;
    for (const K& k : side) {
      if (core(k)) { anchor = &k; continue; }
      if (in_result(k)) (anchor ? runs[*anchor] : start).push_back(k);
    }
  };
  collect(O, runs_o, start_o);
  collect(T, runs_t, start_t);
  std::vector<K> out;
  out.reserve(skeleton->size() + start_o.size() + start_t.size());
  std::unordered_set<K, H> emitted;
  // The two runs at one place interleaved the same way whichever side is ours: each side's order
  // kept, an item both hold once, and where they do not say, `less` decides.
  auto emit_runs = [&](const std::vector<K>* a, const std::vector<K>* b) {
    static const std::vector<K> kNone;
    if (!a) a = &kNone;
    if (!b) b = &kNone;
    // One side alone (the usual case: most anchors have additions on one side, or none) needs no
    // interleaving, and no sets to decide it.
    if (a->empty() || b->empty()) {
      for (const K& k : a->empty() ? *b : *a)
        if (emitted.insert(k).second) out.push_back(k);
      return;
    }
    std::unordered_set<K, H> in_a(a->begin(), a->end()), in_b(b->begin(), b->end());
    size_t i = 0, j = 0;
    auto emit = [&](const K& k) { if (emitted.insert(k).second) out.push_back(k); };
    while (i < a->size() || j < b->size()) {
      if (i < a->size() && emitted.count((*a)[i])) { i++; continue; }
      if (j < b->size() && emitted.count((*b)[j])) { j++; continue; }
      if (i == a->size()) { emit((*b)[j++]); continue; }
      if (j == b->size()) { emit((*a)[i++]); continue; }
      const K &x = (*a)[i], &y = (*b)[j];
      if (x == y) { emit(x); i++; j++; continue; }
      bool x_shared = in_b.count(x) > 0, y_shared = in_a.count(y) > 0;
      if (x_shared != y_shared) {   // the other one comes before the shared item on its side
        if (x_shared) emit((*b)[j++]);
        else emit((*a)[i++]);
      } else if (less(y, x)) emit((*b)[j++]);
      else emit((*a)[i++]);
    }
  };
  emit_runs(&start_o, &start_t);
  for (const K& k : *skeleton) {
    if (!emitted.insert(k).second) continue;
    out.push_back(k);
    auto ro = runs_o.find(k), rt = runs_t.find(k);
    emit_runs(ro == runs_o.end() ? nullptr : &ro->second, rt == runs_t.end() ? nullptr : &rt->second);
  }
  return out;
}

// ---- The merge ---------------------------------------------------------------------------------------

struct Merger {
  const MergeInputs& in;
  const std::unordered_map<std::string, Side>* choices;
  MergeResult& res;
  // The entity being merged, for conflicts.
  std::string coll, label;
  Id id = kNoId;

  Side conflict(const std::string& field, const json* b, const json* o, const json* t) {
    Conflict c{coll, id, label, field, dump_or_empty(b), dump_or_empty(o), dump_or_empty(t), Side::Ours};
    if (choices) {
      auto it = choices->find(choice_key(coll, id, field));
      if (it != choices->end()) c.choice = it->second;
    }
    res.conflicts.push_back(c);
    return c.choice;
  }
  // A conflict over the whole entity, given as structs.
  template <class T> Side conflict_whole(const T* b, const T* o, const T* t) {
    json jb, jo, jt;
    if (b) jb = entity_to_json(*b);
    if (o) jo = entity_to_json(*o);
    if (t) jt = entity_to_json(*t);
    return conflict("", b ? &jb : nullptr, o ? &jo : nullptr, t ? &jt : nullptr);
  }
  void note(const std::string& text) { res.notes.push_back(who(coll, id, label) + ": " + text); }

  static bool eq(const json* x, const json* y) { return (!x || !y) ? x == y : *x == *y; }

  // Lists of values, or of objects with ids (comments), element by element. Whole: the sides both
  // reordered, or the elements have no identity (the caller makes the whole list a conflict).
  // Split: elements with ids that both sides changed differently (or one deleted and the other
  // edited); *out is the merged list with ours' versions of those, *alt with theirs', so the
  // conflict is about them alone and what else either side did to the list stays either way.
  enum class ArrayMerge { Merged, Split, Whole };
  ArrayMerge merge_array(const json* b, const json& o, const json& t, json* out, json* alt) {
    static const json kEmpty = json::array();
    const json& bb = b ? *b : kEmpty;
    auto by_id = [](const json& a) {
      for (const json& e : a) {
        if (!e.is_object()) return false;
        auto it = e.find("id");
        if (it == e.end() || !it->is_number_unsigned()) return false;
      }
      return true;
    };
    auto scalars = [](const json& a) {
      for (const json& e : a)
        if (e.is_object() || e.is_array()) return false;
      return true;
    };
    bool ids = by_id(bb) && by_id(o) && by_id(t);
    if (!ids && !(scalars(bb) && scalars(o) && scalars(t))) return ArrayMerge::Whole;
    auto key = [&](const json& e) { return ids ? std::to_string(e["id"].get<uint64_t>()) : dump(e); };
    std::vector<std::string> kb, ko, kt;
    std::unordered_map<std::string, const json*> vb, vo, vt;
    auto index = [&](const json& a, std::vector<std::string>& keys, std::unordered_map<std::string, const json*>& vals) {
      for (const json& e : a) {
        keys.push_back(key(e));
        if (!vals.emplace(keys.back(), &e).second) return false;   // a value twice: no element identity
      }
      return true;
    };
    if (!index(bb, kb, vb) || !index(o, ko, vo) || !index(t, kt, vt)) return ArrayMerge::Whole;
    std::unordered_map<std::string, const json*> result;
    std::unordered_map<std::string, const json*> theirs_pick;   // the split elements: theirs' version
    auto get = [](const std::unordered_map<std::string, const json*>& m, const std::string& k) -> const json* {
      auto it = m.find(k);
      return it == m.end() ? nullptr : it->second;
    };
    auto decide = [&](const std::string& k) {
      if (result.count(k)) return true;
      const json *eb = get(vb, k), *eo = get(vo, k), *et = get(vt, k);
      const json* pick = nullptr;
      if (eq(eo, et)) pick = eo;
      else if (eq(eo, eb)) pick = et;
      else if (eq(et, eb)) pick = eo;
      else if (ids) { theirs_pick[k] = et; pick = eo ? eo : et; }   // placed where either side has it
      else return false;
      result[k] = pick;
      return true;
    };
    for (const auto* keys : {&kb, &ko, &kt})
      for (const std::string& k : *keys)
        if (!decide(k)) return ArrayMerge::Whole;
    bool both = false;
    auto numeric_less = [&](const std::string& x, const std::string& y) {
      return ids ? (x.size() != y.size() ? x.size() < y.size() : x < y) : x < y;
    };
    using Has = std::function<bool(const std::string&)>;
    Has hb = [&](const std::string& k) { return vb.count(k) > 0; }, ho = [&](const std::string& k) { return vo.count(k) > 0; },
        ht = [&](const std::string& k) { return vt.count(k) > 0; };
    std::vector<std::string> order = merge_order(kb, ko, kt, [&](const std::string& k) { return result.at(k) != nullptr; },
                                                 hb, ho, ht, numeric_less, &both, false);
    if (both) return ArrayMerge::Whole;
    *out = json::array();
    *alt = json::array();
    for (const std::string& k : order) {
      auto split = theirs_pick.find(k);
      if (split == theirs_pick.end()) { out->push_back(*result.at(k)); alt->push_back(*result.at(k)); continue; }
      if (const json* eo = get(vo, k)) out->push_back(*eo);
      if (split->second) alt->push_back(*split->second);
    }
    return theirs_pick.empty() ? ArrayMerge::Merged : ArrayMerge::Split;
  }

  // Three-way merge of one value (nullptr: absent). Returns whether the result has one.
  bool merge_value(const json* b, const json* o, const json* t, const std::string& path, json* out) {
    if (eq(o, t)) { if (o) *out = *o; return o != nullptr; }
    if (!in.two_way) {
      if (eq(o, b)) { if (t) *out = *t; return t != nullptr; }
      if (eq(t, b)) { if (o) *out = *o; return o != nullptr; }
    }
    if (o && t && o->is_object() && t->is_object() && (!b || b->is_object())) {
      *out = json::object();
      auto visit = [&](const std::string& k) {
        if (out->contains(k)) return;
        auto find = [&](const json* x) -> const json* {
          if (!x) return nullptr;
          auto it = x->find(k);
          return it == x->end() ? nullptr : &*it;
        };
        json v;
        if (merge_value(find(b), find(o), find(t), path.empty() ? k : path + "." + k, &v)) (*out)[k] = std::move(v);
      };
      for (const json* x : {o, t, b})
        if (x)
          for (auto it = x->begin(); it != x->end(); ++it) visit(it.key());
      return true;
    }
    if (!in.two_way && o && t && o->is_array() && t->is_array() && (!b || b->is_array())) {
      json alt;
      ArrayMerge r = merge_array(b, *o, *t, out, &alt);
      if (r == ArrayMerge::Merged) return true;
      if (r == ArrayMerge::Split) {
        if (conflict(path, b, out, &alt) == Side::Theirs) *out = std::move(alt);
        return true;
      }
    }
    const json* pick = conflict(path, b, o, t) == Side::Ours ? o : t;
    if (pick) *out = *pick;
    return pick != nullptr;
  }

  // An entity changed on both sides (or different in the two copies), field by field.
  template <class T> T merge_fields(const T* b, const T& o, const T& t) {
    json jb, jo = entity_to_json(o), jt = entity_to_json(t), out;
    if (b) jb = entity_to_json(*b);
    merge_value(b ? &jb : nullptr, &jo, &jt, "", &out);
    T x;
    std::string why;
    if (entity_from_json(out, &x, &why)) return x;
    // Cannot happen with values the reader wrote itself; kept as a note rather than lost.
    note("fields merged into a value this version cannot read (" + why + "); ours kept");
    return o;
  }
};

template <class T> std::vector<Id> ids_of(const std::vector<T>& v) {
  std::vector<Id> out;
  out.reserve(v.size());
  for (const T& x : v) out.push_back(x.id);
  return out;
}

// How a deletion on one side is weighed, beyond "unchanged on the other side: deleted; changed:
// a conflict".
struct Hooks {
  // An entity deleted by one side and unchanged on the other is deleted, unless this says the
  // other side still needs it (a stage holding cards it changed): then it is a conflict too.
  std::function<bool(Id, Side kept_by)> needed;
  // A deletion that follows another decision (a card of a stage whose deletion a conflict
  // overruled, or upheld): 1 keep `kept`, 0 delete, -1 decide as usual.
  std::function<int(Id, Side deleted_by, const void* kept)> follows;
};

// Merges one collection; `ordered`: its order is shown (stages, lanes, personas, actions), so two
// different reorderings are a conflict.
template <class T>
void merge_collection(Merger& mg, const char* coll, Coll k, const std::vector<T>& B, const std::vector<T>& O,
                      const std::vector<T>& Tv, bool ordered, const Hooks& hooks, std::vector<T>* out,
                      IdSet* deleted_against[2] = nullptr) {
  const Id limit = mg.in.id_limit;
  const std::vector<Id>& b_ids = mg.in.ids[0][k];
  const std::vector<Id>& t_ids = mg.in.ids[1][k];
  const std::vector<Id> o_ids = ids_of(O);
  IdIndex<const T*> mo = index_of(O, limit);
  IdIndex<const T*> mb = resolved(B, b_ids, mo, limit), mt = resolved(Tv, t_ids, mo, limit);
  // What the merge keeps: pointers into the inputs, or into `built` for entities merged field by
  // field; copied once into *out at the end.
  struct Kept {
    const T* p = nullptr;
    bool decided = false;
    bool operator!=(const Kept& o) const { return p != o.p || decided != o.decided; }
  };
  IdIndex<Kept> merged(limit, O.size() + Tv.size());
  auto keep = [&](Id id, const T* p) { merged.set(id, Kept{p, true}); };
  std::deque<T> built;
  auto decide = [&](Id id) {
    if (merged.get(id).decided) return;
    merged.set(id, Kept{nullptr, true});
    const T *b = mb.get(id), *o = mo.get(id), *t = mt.get(id);
    mg.coll = coll;
    mg.id = id;
    mg.label = label_of(o ? *o : t ? *t : *b);
    if (o && t) {
      if (o == t || *o == *t) keep(id, o);
      else if (!mg.in.two_way && b && (b == o || *o == *b)) keep(id, t);
      else if (!mg.in.two_way && b && (b == t || *t == *b)) keep(id, o);
      else { built.push_back(mg.merge_fields(mg.in.two_way ? nullptr : b, *o, *t)); keep(id, &built.back()); }
      return;
    }
    if (!o && !t) return;   // deleted on both sides
    const T* kept = o ? o : t;
    Side kept_by = o ? Side::Ours : Side::Theirs;
    if (mg.in.two_way) {
      // Only one copy has it: added there or deleted in the other, nobody knows.
      Side s = kept_by == Side::Ours ? mg.conflict_whole<T>(nullptr, o, nullptr) : mg.conflict_whole<T>(nullptr, nullptr, t);
      if (s == kept_by) keep(id, kept);
      return;
    }
    if (!b) { keep(id, kept); return; }   // added by one side
    Side deleted_by = kept_by == Side::Ours ? Side::Theirs : Side::Ours;
    if (hooks.follows) {
      int f = hooks.follows(id, deleted_by, kept);
      if (f == 1) keep(id, kept);
      if (f == 0 && !(*kept == *b)) mg.note("dropped: changed on one side, but its stage or lane is deleted (see that conflict)");
      if (f != -1) return;
    }
    bool edited = kept != b && !(*kept == *b);
    if (!edited && !(hooks.needed && hooks.needed(id, kept_by))) return;   // deleted by the other side
    if (!edited) mg.note(std::string("deleted by ") + (deleted_by == Side::Ours ? "ours" : "theirs") + ", while " +
                         (kept_by == Side::Ours ? "ours" : "theirs") + " changed or added cards in it (a conflict)");
    Side s = kept_by == Side::Ours ? mg.conflict_whole(b, o, (const T*)nullptr) : mg.conflict_whole(b, (const T*)nullptr, t);
    if (s == kept_by) {
      keep(id, kept);
      if (deleted_against) deleted_against[(int)deleted_by]->insert(id);   // kept although that side deleted it
    }
  };
  for (Id id : o_ids) decide(id);
  for (Id id : t_ids) decide(id);
  for (Id id : b_ids) decide(id);
  bool both = false;
  Side prefer = Side::Ours;
  if (ordered && mg.choices) {
    // Whether the order is a conflict is only known after the merge; its choice is looked up first.
    auto it = mg.choices->find(choice_key(coll, kNoId, "order"));
    if (it != mg.choices->end()) prefer = it->second;
  }
  auto in_result = [&](Id id) { return merged.get(id).p != nullptr; };
  auto has_b = [&](Id id) { return mb.get(id) != nullptr; };
  auto has_o = [&](Id id) { return mo.get(id) != nullptr; };
  auto has_t = [&](Id id) { return mt.get(id) != nullptr; };
  std::vector<Id> order;
  if (!ordered && b_ids == o_ids && o_ids == t_ids) {
    for (Id id : o_ids) if (in_result(id)) order.push_back(id);   // the same entities in the same order
  } else {
    std::function<bool(Id)> hb = has_b, ho = has_o, ht = has_t;
    order = merge_order(b_ids, o_ids, t_ids, in_result, hb, ho, ht, std::less<Id>(), &both, prefer == Side::Theirs,
                        mg.in.two_way);
  }
  if (both && ordered) {
    auto ids_json = [&](const std::vector<Id>& v) {
      json a = json::array();
      for (Id id : v) if (in_result(id)) a.push_back(id);
      return a;
    };
    json jb = ids_json(b_ids), jo = ids_json(o_ids), jt = ids_json(t_ids);
    mg.coll = coll;
    mg.id = kNoId;
    mg.label = std::string("order of ") + coll;
    mg.conflict("order", &jb, &jo, &jt);   // its choice was applied above
  }
  out->clear();
  out->reserve(order.size());
  for (Id id : order) out->push_back(*merged.get(id).p);
}

bool touched(const Card& c, const IdIndex<const Card*>& base) {
  const Card* b = base.get(c.id);
  return !b || (b != &c && !(*b == c));
}

Map merge_impl(const MergeInputs& in, const std::unordered_map<std::string, Side>* choices, MergeResult* res) {
  Merger mg{in, choices, *res, {}, {}, kNoId};
  res->notes = in.id_notes;
  const Map &B = in.base, &O = in.ours, &T = in.theirs;
  Map m;

  // The map's own fields.
  if (O.meta == T.meta || (!in.two_way && T.meta == B.meta)) m.meta = O.meta;
  else if (!in.two_way && O.meta == B.meta) m.meta = T.meta;
  else {
    json jb = meta_to_json(B.meta), jo = meta_to_json(O.meta), jt = meta_to_json(T.meta), out;
    mg.coll = "map";
    mg.id = kNoId;
    mg.label = short_label(O.meta.title);
    mg.merge_value(in.two_way ? nullptr : &jb, &jo, &jt, "", &out);
    std::string why;
    if (!meta_from_json(out, &m.meta, &why)) { m.meta = O.meta; mg.note("merged fields not readable (" + why + "); ours kept"); }
  }

  // Stages and lanes a side deleted while the other side changed or added cards in them.
  auto ours_cards = index_of(O.cards, in.id_limit);
  auto base_cards = resolved(B.cards, in.ids[0][kCards], ours_cards, in.id_limit);
  auto theirs_cards = resolved(T.cards, in.ids[1][kCards], ours_cards, in.id_limit);
  IdSet stage_touched[2], lane_touched[2];
  if (!in.two_way)
    for (int s = 0; s < 2; s++)
      for (Id id : s == 0 ? ids_of(O.cards) : in.ids[1][kCards]) {
        const Card& c = s == 0 ? *ours_cards.get(id) : *theirs_cards.get(id);
        if (touched(c, base_cards)) { stage_touched[s].insert(c.stage); lane_touched[s].insert(c.lane); }
      }
  IdSet kept_stages[2], kept_lanes[2];   // [deleted_by]: kept by a conflict's choice
  IdSet* ks[2] = {&kept_stages[0], &kept_stages[1]};
  IdSet* kl[2] = {&kept_lanes[0], &kept_lanes[1]};
  Hooks stage_hooks{[&](Id id, Side kept_by) { return stage_touched[(int)kept_by].count(id) > 0; }, nullptr};
  Hooks lane_hooks{[&](Id id, Side kept_by) { return lane_touched[(int)kept_by].count(id) > 0; }, nullptr};
  merge_collection(mg, "stages", kStages, B.stages, O.stages, T.stages, true, stage_hooks, &m.stages, ks);
  merge_collection(mg, "lanes", kLanes, B.lanes, O.lanes, T.lanes, true, lane_hooks, &m.lanes, kl);
  merge_collection(mg, "personas", kPersonas, B.personas, O.personas, T.personas, true, Hooks{}, &m.personas);
  merge_collection(mg, "actions", kActions, B.actions, O.actions, T.actions, true, Hooks{}, &m.actions);
  // A card deleted along with its stage or lane follows that stage's or lane's fate when a
  // conflict decided it: kept with it, or gone with it (the conflict covers the card).
  auto m_stages = by_id(m.stages);
  auto m_lanes = by_id(m.lanes);
  Hooks card_hooks{nullptr, [&](Id id, Side deleted_by, const void* kept) {
    const Card* b = base_cards.get(id);
    const Card* k = (const Card*)kept;
    int d = (int)deleted_by;
    if (kept_stages[d].count(b->stage) || kept_lanes[d].count(b->lane)) return 1;
    return m_stages.count(k->stage) && m_lanes.count(k->lane) ? -1 : 0;
  }};
  merge_collection(mg, "cards", kCards, B.cards, O.cards, T.cards, false, card_hooks, &m.cards);
  merge_collection(mg, "blueprint_lines", kLines, B.blueprint_lines, O.blueprint_lines, T.blueprint_lines, false, Hooks{}, &m.blueprint_lines);

  // The data layer, on its JSON.
  // Written whole even when empty, so a setting changed from its default merges against the default.
  std::string db = data_layer_to_json(B.data), dout = data_layer_to_json(O.data), dt = data_layer_to_json(T.data);
  if (dout == dt || (!in.two_way && dt == db)) m.data = O.data;
  else if (!in.two_way && dout == db) m.data = T.data;
  else {
    auto parse = [](const std::string& s) { return json::parse(s, nullptr, false); };
    json jb = parse(db), jo = parse(dout), jt = parse(dt), out;
    mg.coll = "data";
    mg.id = kNoId;
    mg.label = "";
    mg.merge_value(in.two_way ? nullptr : &jb, &jo, &jt, "", &out);
    std::string why;
    if (!out.is_object() || out.empty()) m.data = DataLayer{};
    else if (!data_layer_from_json(dump(out), &m.data, &why)) { m.data = O.data; mg.note("merged data not readable (" + why + "); ours kept"); }
  }
  return m;
}

// References the merge left pointing at nothing (the other side deleted what they point to), and
// two personas with one uid (both sides added the same library persona): dropped or joined, each
// with a note.
void repair(Map& m, std::vector<std::string>* notes) {
  auto note = [&](const std::string& coll, Id id, const std::string& label, const std::string& what) {
    notes->push_back(who(coll, id, label) + ": " + what);
  };
  // One persona per uid: the first (ours' order) stays, references to the others move to it.
  std::unordered_map<std::string, Id> by_uid;
  IdMap<Id> persona_to;
  std::vector<Persona> personas;
  for (Persona& p : m.personas) {
    auto it = by_uid.find(p.uid);
    if (it == by_uid.end() || p.uid.empty()) { by_uid.emplace(p.uid, p.id); personas.push_back(std::move(p)); continue; }
    persona_to[p.id] = it->second;
    note("personas", p.id, label_of(p), "the same persona (uid " + p.uid + ") as persona " + std::to_string(it->second) +
                                        " on the other side; joined into that one, this copy's own fields dropped");
  }
  m.personas = std::move(personas);
  IdSet stages, lanes, persona_ids, cards;
  IdMap<JourneyState> state;
  for (const Stage& s : m.stages) { stages.insert(s.id); state[s.id] = s.state; }
  for (const Lane& l : m.lanes) lanes.insert(l.id);
  for (const Persona& p : m.personas) persona_ids.insert(p.id);
  std::vector<Card> kept;
  kept.reserve(m.cards.size());
  for (Card& c : m.cards) {
    if (!stages.count(c.stage) || !lanes.count(c.lane)) {
      note("cards", c.id, label_of(c), std::string("dropped: its ") + (!stages.count(c.stage) ? "stage " + std::to_string(c.stage) : "lane " + std::to_string(c.lane)) +
                                          " was deleted on the other side");
      continue;
    }
    cards.insert(c.id);
    kept.push_back(std::move(c));
  }
  m.cards = std::move(kept);
  IdMap<JourneyState> card_state;
  for (const Card& c : m.cards) card_state[c.id] = state[c.stage];
  for (Card& c : m.cards) {
    auto pto = persona_to.find(c.persona);
    if (pto != persona_to.end()) c.persona = pto->second;
    if (c.persona != kNoId && !persona_ids.count(c.persona)) {
      note("cards", c.id, label_of(c), "its persona " + std::to_string(c.persona) + " was deleted on the other side; the point joins the shared curve");
      c.persona = kNoId;
    }
    std::vector<Id> ps;
    for (Id p : c.personas) {
      auto it = persona_to.find(p);
      if (it != persona_to.end()) p = it->second;
      if (!persona_ids.count(p)) { note("cards", c.id, label_of(c), "persona " + std::to_string(p) + " was deleted on the other side; the card's tag for it is dropped"); continue; }
      if (std::find(ps.begin(), ps.end(), p) == ps.end()) ps.push_back(p);
    }
    c.personas = std::move(ps);
    std::vector<Id> links;
    for (Id l : c.links) {
      if (!cards.count(l)) { note("cards", c.id, label_of(c), "its link to card " + std::to_string(l) + " is dropped: that card was deleted on the other side"); continue; }
      if (card_state[l] != card_state[c.id]) { note("cards", c.id, label_of(c), "its link to card " + std::to_string(l) + " is dropped: that card moved to the other state"); continue; }
      if (l == c.id || std::find(links.begin(), links.end(), l) != links.end()) continue;
      links.push_back(l);
    }
    c.links = std::move(links);
  }
  for (Action& a : m.actions) {
    std::vector<Id> cs;
    for (Id c : a.cards) {
      if (!cards.count(c)) { note("actions", a.id, label_of(a), "card " + std::to_string(c) + " was deleted on the other side; the action no longer lists it"); continue; }
      if (std::find(cs.begin(), cs.end(), c) == cs.end()) cs.push_back(c);
    }
    a.cards = std::move(cs);
  }
  std::vector<BlueprintLine> lines;
  for (BlueprintLine& b : m.blueprint_lines) {
    if (!lanes.count(b.above_lane)) { note("blueprint_lines", b.id, label_of(b), "dropped: its lane " + std::to_string(b.above_lane) + " was deleted on the other side"); continue; }
    lines.push_back(std::move(b));
  }
  m.blueprint_lines = std::move(lines);
}

MergeResult run(std::shared_ptr<const MergeInputs> in, const std::unordered_map<std::string, Side>* choices) {
  MergeResult r;
  r.merged = merge_impl(*in, choices, &r);
  repair(r.merged, &r.notes);
  std::vector<std::string> problems = validate(r.merged);
  if (!problems.empty()) {
    // Not expected: a merge of two valid maps that still breaks an invariant keeps ours whole.
    r.notes.push_back("the merged map breaks a rule (" + problems[0] + "); ours kept whole");
    r.merged = in->ours;
  }
  r.inputs = std::move(in);
  return r;
}

} // namespace

MergeResult merge_maps(const Map& base, const Map& ours, const Map& theirs) {
  auto in = std::make_shared<MergeInputs>();
  IdMap<Id> to = renumbering(base, ours, theirs, &in->id_notes);
  in->ours = ours;
  in->id_limit = std::max({counted_id_limit(base), counted_id_limit(ours), counted_id_limit(theirs)});
  copy_map(base, ours, {}, &in->base, in->ids[0], in->id_limit);
  copy_map(theirs, ours, to, &in->theirs, in->ids[1], in->id_limit);
  return run(std::move(in), nullptr);
}

MergeResult merge_two_way(const Map& ours, const Map& theirs) {
  auto in = std::make_shared<MergeInputs>();
  in->ours = ours;
  in->id_limit = std::max(counted_id_limit(ours), counted_id_limit(theirs));
  copy_map(theirs, ours, {}, &in->theirs, in->ids[1], in->id_limit);
  in->two_way = true;
  return run(std::move(in), nullptr);
}

Map resolve_merge(const MergeResult& r) {
  if (!r.inputs) return r.merged;
  std::unordered_map<std::string, Side> choices;
  for (const Conflict& c : r.conflicts) choices[choice_key(c.collection, c.id, c.field)] = c.choice;
  MergeResult again = run(r.inputs, &choices);
  // A choice can bring up a conflict the first pass did not have (a stage kept brings back cards
  // whose own conflicts then count): those stay at Ours, as in `merged`.
  return again.merged;
}

Map resolve_all(MergeResult r, Side side) {
  if (!r.inputs) return r.merged;
  // Conflicts that only appear under the chosen side's picks get the same side: repeat until the
  // set of conflicts is stable (twice is enough in practice; bounded anyway).
  std::unordered_map<std::string, Side> choices;
  for (int round = 0; round < 4; round++) {
    size_t before = choices.size();
    for (const Conflict& c : r.conflicts) choices[choice_key(c.collection, c.id, c.field)] = side;
    if (round > 0 && choices.size() == before) break;
    r = run(r.inputs, &choices);
  }
  return r.merged;
}

std::string conflict_to_text(const Conflict& c) {
  auto v = [](const std::string& s) { return s.empty() ? std::string("(none)") : short_label(s, 100); };
  std::string field = !c.field.empty() ? c.field
                      : c.base.empty() ? std::string("in one copy only")
                                       : std::string("deleted on one side, changed on the other");
  std::string s = c.collection == "map" ? std::string("map") : who(c.collection, c.id, c.label);
  if (c.id == kNoId && c.collection != "map" && c.field == "order") s = c.label;
  return s + " " + field + ": ours " + v(c.ours) + ", theirs " + v(c.theirs) + " (base " + v(c.base) + ")";
}

} // namespace jm
