// diff.cpp: see diff.h. Entities equal as structs are skipped before any JSON is made, so a diff
// of two large maps costs a pass over them plus the JSON of what changed.
#include "core/diff.h"
#include "core/data_layer.h"
#include "core/io_json.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

namespace jm {
using json = nlohmann::json;

static std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

const char* change_kind_key(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added: return "added";
    case ChangeKind::Removed: return "removed";
    case ChangeKind::Changed: return "changed";
    case ChangeKind::Moved: return "moved";
  }
  return "changed";
}

const char* collection_noun(const std::string& c) {
  if (c == "stages") return "stage";
  if (c == "lanes") return "lane";
  if (c == "cards") return "card";
  if (c == "personas") return "persona";
  if (c == "actions") return "action";
  if (c == "blueprint_lines") return "blueprint line";
  if (c == "data") return "data layer";
  if (c == "map") return "map";
  return "entity";
}

// At most `max_chars` code points; whitespace runs (line breaks too) become one space.
static std::string clip(const std::string& text, size_t max_chars, bool flatten) {
  std::string out;
  size_t chars = 0;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = (unsigned char)text[i];
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (flatten && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
      space = !out.empty();
      i++;
      continue;
    }
    if (space) { out += ' '; chars++; space = false; }
    if (chars + 1 >= max_chars && i + len < text.size()) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      return out + "\xE2\x80\xA6";   // …
    }
    out.append(text, i, len);
    chars++;
    i += len;
  }
  return out;
}

std::string short_label(const std::string& text, size_t max_chars) { return clip(text, max_chars, true); }

static std::string label_of(const Stage& s) { return short_label(s.name); }
static std::string label_of(const Lane& l) { return short_label(l.name); }
static std::string label_of(const Card& c) { return short_label(c.text); }
static std::string label_of(const Persona& p) { return short_label(p.name); }
static std::string label_of(const Action& a) { return short_label(a.title); }
static std::string label_of(const BlueprintLine& b) { return short_label(b.label.empty() ? blueprint_line_name(b.kind) : b.label); }

// Every key of `a` or `b` whose values differ (absent on one side: ""); `keep` picks the keys.
template <class Keep> static void field_changes(const json& a, const json& b, std::vector<FieldChange>* out, Keep keep) {
  auto visit = [&](const std::string& key) {
    if (!keep(key)) return;
    auto ia = a.find(key), ib = b.find(key);
    bool ha = ia != a.end(), hb = ib != b.end();
    if (ha && hb && *ia == *ib) return;
    out->push_back({key, ha ? dump(*ia) : std::string(), hb ? dump(*ib) : std::string(), {}, {}});
  };
  for (auto it = a.begin(); it != a.end(); ++it) visit(it.key());
  for (auto it = b.begin(); it != b.end(); ++it)
    if (!a.contains(it.key())) visit(it.key());
}

static const json kEmptyObject = json::object();

// Ids whose relative order changed: every common id off one longest run kept in order (a longest
// increasing subsequence of their old positions, taken in the new order).
static IdSet moved_ids(const std::vector<Id>& a_order, const std::vector<Id>& b_order) {
  IdMap<int> pos_a;
  for (size_t i = 0; i < a_order.size(); i++) pos_a[a_order[i]] = (int)i;
  std::vector<Id> common;
  std::vector<int> pos;
  for (Id id : b_order) {
    auto it = pos_a.find(id);
    if (it != pos_a.end()) { common.push_back(id); pos.push_back(it->second); }
  }
  // Patience sorting with back links.
  std::vector<int> tails, tail_at, prev(pos.size(), -1);
  for (size_t i = 0; i < pos.size(); i++) {
    size_t k = std::lower_bound(tails.begin(), tails.end(), pos[i]) - tails.begin();
    if (k == tails.size()) { tails.push_back(pos[i]); tail_at.push_back((int)i); }
    else { tails[k] = pos[i]; tail_at[k] = (int)i; }
    prev[i] = k > 0 ? tail_at[k - 1] : -1;
  }
  IdSet keep;
  for (int i = tail_at.empty() ? -1 : tail_at.back(); i >= 0; i = prev[i]) keep.insert(common[i]);
  IdSet moved;
  for (Id id : common)
    if (!keep.count(id)) moved.insert(id);
  return moved;
}

template <class T> static std::vector<Id> ids_of(const std::vector<T>& v) {
  std::vector<Id> out;
  out.reserve(v.size());
  for (const T& x : v) out.push_back(x.id);
  return out;
}

template <class T> static IdMap<int> index_of(const std::vector<T>& v) {
  IdMap<int> out;
  out.reserve(v.size() * 2);
  for (size_t i = 0; i < v.size(); i++) out.emplace(v[i].id, (int)i);
  return out;
}

static EntityChange whole(ChangeKind kind, const char* coll, Id id, std::string label, const json& j) {
  EntityChange e{kind, coll, id, std::move(label), {}};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "id") {
      std::string v = dump(it.value());
      e.fields.push_back({it.key(), kind == ChangeKind::Added ? std::string() : v, kind == ChangeKind::Added ? v : std::string(), {}, {}});
    }
  return e;
}

// Stages, lanes, personas, actions, blueprint lines: in b's order, then what b no longer has.
template <class T> static void diff_ordered(const std::vector<T>& a, const std::vector<T>& b, const char* coll,
                                            std::vector<EntityChange>* out) {
  auto ia = index_of(a), ib = index_of(b);
  IdSet moved = moved_ids(ids_of(a), ids_of(b));
  for (size_t j = 0; j < b.size(); j++) {
    auto it = ia.find(b[j].id);
    if (it == ia.end()) { out->push_back(whole(ChangeKind::Added, coll, b[j].id, label_of(b[j]), entity_to_json(b[j]))); continue; }
    const T& x = a[it->second];
    if (!(x == b[j])) {
      EntityChange e{ChangeKind::Changed, coll, b[j].id, label_of(b[j]), {}};
      field_changes(entity_to_json(x), entity_to_json(b[j]), &e.fields, [](const std::string& k) { return k != "id"; });
      if (!e.fields.empty()) out->push_back(std::move(e));
    }
    if (moved.count(b[j].id))
      out->push_back({ChangeKind::Moved, coll, b[j].id, label_of(b[j]),
                      {{"index", std::to_string(it->second), std::to_string(j), {}, {}}}});
  }
  for (const T& x : a)
    if (!ib.count(x.id)) out->push_back(whole(ChangeKind::Removed, coll, x.id, label_of(x), entity_to_json(x)));
}

static bool is_place(const std::string& k) { return k == "stage" || k == "lane" || k == "order"; }

// Cards, stage by stage (b's stage order; a removed card where it was), lane by lane, by order.
static void diff_cards(const Map& a, const Map& b, std::vector<EntityChange>* out) {
  auto ia = index_of(a.cards), ib = index_of(b.cards);
  auto sa = index_of(a.stages), sb = index_of(b.stages), la = index_of(a.lanes), lb = index_of(b.lanes);
  auto name = [](const auto& coll, const auto& index, Id id) -> std::string {
    auto it = index.find(id);
    return it == index.end() ? std::string() : short_label(coll[it->second].name);
  };
  auto name_refs = [&](FieldChange& f) {
    if (f.field == "stage") { f.before_label = name(a.stages, sa, parse_id(f.before)); f.after_label = name(b.stages, sb, parse_id(f.after)); }
    if (f.field == "lane") { f.before_label = name(a.lanes, la, parse_id(f.before)); f.after_label = name(b.lanes, lb, parse_id(f.after)); }
  };
  struct Keyed { int stage, lane; double order; Id id; int sub; EntityChange change; };
  std::vector<Keyed> list;
  auto pos = [](const IdMap<int>& index, Id id) { auto it = index.find(id); return it == index.end() ? -1 : it->second; };
  for (const Card& c : b.cards) {
    auto it = ia.find(c.id);
    int st = pos(sb, c.stage), ln = pos(lb, c.lane);
    if (it == ia.end()) {
      EntityChange e = whole(ChangeKind::Added, "cards", c.id, label_of(c), entity_to_json(c));
      for (FieldChange& f : e.fields) name_refs(f);
      list.push_back({st, ln, c.order, c.id, 0, std::move(e)});
      continue;
    }
    const Card& x = a.cards[it->second];
    if (x == c) continue;
    json ja = entity_to_json(x), jb = entity_to_json(c);
    EntityChange moved{ChangeKind::Moved, "cards", c.id, label_of(c), {}};
    field_changes(ja, jb, &moved.fields, is_place);
    for (FieldChange& f : moved.fields) name_refs(f);
    EntityChange changed{ChangeKind::Changed, "cards", c.id, label_of(c), {}};
    field_changes(ja, jb, &changed.fields, [](const std::string& k) { return k != "id" && !is_place(k); });
    if (!changed.fields.empty()) list.push_back({st, ln, c.order, c.id, 0, std::move(changed)});
    if (!moved.fields.empty()) list.push_back({st, ln, c.order, c.id, 1, std::move(moved)});
  }
  for (const Card& x : a.cards)
    if (!ib.count(x.id)) {
      EntityChange e = whole(ChangeKind::Removed, "cards", x.id, label_of(x), entity_to_json(x));
      for (FieldChange& f : e.fields) {
        if (f.field == "stage") f.before_label = name(a.stages, sa, x.stage);
        if (f.field == "lane") f.before_label = name(a.lanes, la, x.lane);
      }
      // Where it was, in b's stage order when its stage is still there.
      int st = pos(sb, x.stage), ln = pos(lb, x.lane);
      list.push_back({st >= 0 ? st : pos(sa, x.stage), ln >= 0 ? ln : pos(la, x.lane), x.order, x.id, 2, std::move(e)});
    }
  std::stable_sort(list.begin(), list.end(), [](const Keyed& p, const Keyed& q) {
    if (p.stage != q.stage) return p.stage < q.stage;
    if (p.lane != q.lane) return p.lane < q.lane;
    if (p.order != q.order) return p.order < q.order;
    if (p.id != q.id) return p.id < q.id;
    return p.sub < q.sub;
  });
  for (Keyed& k : list) out->push_back(std::move(k.change));
}

MapDiff diff_maps(const Map& a, const Map& b) {
  MapDiff d;
  if (!(a.meta == b.meta)) {
    EntityChange e{ChangeKind::Changed, "map", kNoId, short_label(b.meta.title), {}};
    field_changes(meta_to_json(a.meta), meta_to_json(b.meta), &e.fields, [](const std::string&) { return true; });
    if (!e.fields.empty()) d.changes.push_back(std::move(e));
  }
  diff_ordered(a.stages, b.stages, "stages", &d.changes);
  diff_ordered(a.lanes, b.lanes, "lanes", &d.changes);
  diff_cards(a, b, &d.changes);
  diff_ordered(a.personas, b.personas, "personas", &d.changes);
  diff_ordered(a.actions, b.actions, "actions", &d.changes);
  diff_ordered(a.blueprint_lines, b.blueprint_lines, "blueprint_lines", &d.changes);
  // Written whole even when empty: an added data layer lists what differs from the defaults.
  std::string da = data_layer_to_json(a.data), db = data_layer_to_json(b.data);
  if (da != db) {
    json ja = json::parse(da, nullptr, false), jb = json::parse(db, nullptr, false);
    bool ea = a.data.empty(), eb = b.data.empty();
    EntityChange e{ea && !eb ? ChangeKind::Added : eb && !ea ? ChangeKind::Removed : ChangeKind::Changed, "data", kNoId, "", {}};
    field_changes(ja.is_object() ? ja : kEmptyObject, jb.is_object() ? jb : kEmptyObject, &e.fields, [](const std::string&) { return true; });
    if (!e.fields.empty()) d.changes.push_back(std::move(e));
  }
  return d;
}

// ---- Output ------------------------------------------------------------------------------------------

static std::string value_text(const std::string& v) { return v.empty() ? std::string("(none)") : clip(v, 100, false); }

static std::string quoted_label(const std::string& s) { return "\"" + s + "\""; }

std::string diff_to_text(const MapDiff& d) {
  std::string out;
  for (const EntityChange& e : d.changes) {
    std::string kind = change_kind_key(e.kind);
    kind.resize(8, ' ');
    out += kind + " " + collection_noun(e.collection);
    if (e.id != kNoId) out += " " + std::to_string(e.id);
    if (!e.label.empty()) out += " " + quoted_label(e.label);
    if (e.kind == ChangeKind::Added || e.kind == ChangeKind::Removed) {
      // One line: where a card is (or was); the rest is in --json.
      std::string stage, lane;
      for (const FieldChange& f : e.fields) {
        const std::string& name = e.kind == ChangeKind::Added ? f.after_label : f.before_label;
        if (f.field == "stage") stage = name;
        if (f.field == "lane") lane = name;
      }
      if (!stage.empty() || !lane.empty())
        out += " (" + (stage.empty() ? std::string() : "stage " + quoted_label(stage)) + (!stage.empty() && !lane.empty() ? ", " : "") +
               (lane.empty() ? std::string() : "lane " + quoted_label(lane)) + ")";
      out += "\n";
      continue;
    }
    out += "\n";
    for (const FieldChange& f : e.fields) {
      auto side = [](const std::string& v, const std::string& name) {
        return value_text(v) + (name.empty() ? std::string() : " " + quoted_label(name));
      };
      out += "    " + f.field + ": " + side(f.before, f.before_label) + " -> " + side(f.after, f.after_label) + "\n";
    }
  }
  return out;
}

std::string diff_to_json(const MapDiff& d) {
  json changes = json::array();
  for (const EntityChange& e : d.changes) {
    json c{{"kind", change_kind_key(e.kind)}, {"collection", e.collection}, {"label", e.label}};
    if (e.id != kNoId) c["id"] = e.id;
    json fields = json::array();
    for (const FieldChange& f : e.fields) {
      json x{{"field", f.field}};
      if (!f.before.empty()) x["before"] = json::parse(f.before, nullptr, false);
      if (!f.after.empty()) x["after"] = json::parse(f.after, nullptr, false);
      if (!f.before_label.empty()) x["before_label"] = f.before_label;
      if (!f.after_label.empty()) x["after_label"] = f.after_label;
      fields.push_back(std::move(x));
    }
    c["fields"] = std::move(fields);
    changes.push_back(std::move(c));
  }
  return json{{"changes", std::move(changes)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace jm
