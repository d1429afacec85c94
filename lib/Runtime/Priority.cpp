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

/// An injective string key for a pattern (renderPattern is not: a module and
/// a function with the same target text render alike).
static void appendKey(const PatternNode &p, std::string &out) {
  if (p.isWildcard) {
    out += '*';
  } else {
    out += static_cast<char>('0' + static_cast<int>(p.op.kind));
    out += std::to_string(p.op.target.size());
    out += ':';
    out += p.op.target;
  }
  if (p.children.empty())
    return;
  out += '(';
  for (const PatternNode &c : p.children)
    appendKey(c, out);
  out += ')';
}

std::vector<uint32_t> patternPriorityOrder(const BackendConfig &bc,
                                           MatchMode mode) {
  // 1. Dict semantics over the complex pattern: the later config wins and
  //    keeps the first one's position.
  std::vector<uint32_t> dict;
  std::unordered_map<std::string, size_t> position;
  for (size_t i = 0, e = bc.configs.size(); i != e; ++i) {
    std::string key;
    appendKey(bc.configs[i].pattern, key);
    auto [It, Inserted] = position.emplace(std::move(key), dict.size());
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
