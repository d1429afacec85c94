//===- Priority.cpp - PyTorch's pattern order -----------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Priority.h"

#include "bpat/Runtime/BackendConfig.h"

#include <algorithm>
#include <unordered_map>

namespace bpat::rt {

namespace {
/// Patterns by structure (PatternNode's operator==, under which a module and
/// a function with the same target differ), hashed consistently with it.
struct PatternHash {
  size_t operator()(const PatternNode *p) const { return hashPattern(*p); }
};
struct PatternEq {
  bool operator()(const PatternNode *a, const PatternNode *b) const {
    return *a == *b;
  }
};
} // namespace

std::vector<uint32_t> patternPriorityOrder(const BackendConfig &bc,
                                           MatchMode mode) {
  // 1. Dict semantics over the complex pattern: the later config wins and
  //    keeps the first one's position.
  std::vector<uint32_t> dict;
  std::unordered_map<const PatternNode *, size_t, PatternHash, PatternEq>
      position;
  position.reserve(bc.configs.size());
  for (size_t i = 0, e = bc.configs.size(); i != e; ++i) {
    auto [It, Inserted] = position.emplace(&bc.configs[i].pattern, dict.size());
    if (Inserted)
      dict.push_back(static_cast<uint32_t>(i));
    else
      dict[It->second] = static_cast<uint32_t>(i);
  }

  // 2. fuse.py only sees configs with a fuser method.
  if (mode == MatchMode::Fuse)
    dict.erase(
        std::remove_if(dict.begin(), dict.end(),
                       [&](uint32_t c) { return !bc.configs[c].hasFuser(); }),
        dict.end());

  // 3. sorted_patterns_dict: a stable sort by -get_len (tuples) or 1.
  std::vector<std::pair<long, uint32_t>> keyed;
  keyed.reserve(dict.size());
  for (uint32_t c : dict)
    keyed.emplace_back(prioritySortKey(bc.configs[c].pattern), c);
  std::stable_sort(
      keyed.begin(), keyed.end(),
      [](const auto &a, const auto &b) { return a.first < b.first; });
  std::vector<uint32_t> order;
  order.reserve(keyed.size());
  for (const auto &k : keyed)
    order.push_back(k.second);
  return order;
}

} // namespace bpat::rt
