// id.h: the ids of a map's entities (model.h), and of what refers to them (data_layer.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace jm {

// Ids: stable, unique across the whole map, never reused. New ones are random (new_id), so two
// copies of a map that both add cards never give one id to two things and a merge matches
// entities by id alone. Files from before format version 3 hold counted ids (1, 2, 3, ...): they
// stay as they are, and new ids are drawn above them, from 2^32 up to 2^53 - 1, the largest whole
// number JavaScript (and any JSON reader that uses doubles) holds exactly.
using Id = uint64_t;
constexpr Id kNoId = 0;
constexpr Id kFirstRandomId = Id(1) << 32;
constexpr Id kMaxId = (Id(1) << 53) - 1;
// A fresh random id in [kFirstRandomId, kMaxId]. Two of them are equal once in 2^53: two authors
// who each add ten thousand cards to their copies share an id with a chance of about 1 in 10^8.
Id new_id();
// Makes new_id() repeat one sequence (tests and benchmarks that compare output byte for byte).
void seed_ids(uint64_t seed);
// An id written in decimal at the start of `s` (what follows it is ignored); kNoId when there
// is none or it is out of range. For ids in command arguments, keys and URLs.
Id parse_id(const char* s);
inline Id parse_id(const std::string& s) { return parse_id(s.c_str()); }

// Hash tables keyed by id. Random ids are random in their low bits and counted ones are small, so
// folding the halves is enough; std::hash of a 64-bit integer in 32-bit wasm mixes every bit,
// which made merges and diffs of a 4,800-card map 2 to 3 times slower.
struct IdHash {
  size_t operator()(Id id) const noexcept { return size_t(id ^ (id >> 32)); }
};
template <class V> using IdMap = std::unordered_map<Id, V, IdHash>;
using IdSet = std::unordered_set<Id, IdHash>;

} // namespace jm
