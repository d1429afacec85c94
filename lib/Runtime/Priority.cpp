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
static void appendKey(const PatternNode &P, std::string &Out) {
  if (P.IsWildcard) {
    Out += '*';
  } else {
    Out += static_cast<char>('0' + static_cast<int>(P.Op.Kind));
    Out += std::to_string(P.Op.Target.size());
    Out += ':';
    Out += P.Op.Target;
  }
  if (P.Children.empty())
    return;
  Out += '(';
  for (const PatternNode &C : P.Children)
    appendKey(C, Out);
  Out += ')';
}

std::vector<uint32_t> patternPriorityOrder(const BackendConfig &BC,
                                           MatchMode Mode) {
  // 1. Dict semantics over the complex pattern: the later config wins and
  //    keeps the first one's position.
  std::vector<uint32_t> Dict;
  std::unordered_map<std::string, size_t> Position;
  for (size_t I = 0, E = BC.Configs.size(); I != E; ++I) {
    std::string Key;
    appendKey(BC.Configs[I].Pattern, Key);
    auto [It, Inserted] = Position.emplace(std::move(Key), Dict.size());
    if (Inserted)
      Dict.push_back(static_cast<uint32_t>(I));
    else
      Dict[It->second] = static_cast<uint32_t>(I);
  }

  // 2. fuse.py only sees configs with a fuser method.
  if (Mode == MatchMode::Fuse)
    Dict.erase(
        std::remove_if(Dict.begin(), Dict.end(),
                       [&](uint32_t C) { return !BC.Configs[C].hasFuser(); }),
        Dict.end());

  // 3. sorted_patterns_dict: a stable sort by -get_len (tuples) or 1.
  std::vector<std::pair<long, uint32_t>> Keyed;
  Keyed.reserve(Dict.size());
  for (uint32_t C : Dict)
    Keyed.emplace_back(prioritySortKey(BC.Configs[C].Pattern), C);
  std::stable_sort(
      Keyed.begin(), Keyed.end(),
      [](const auto &A, const auto &B) { return A.first < B.first; });
  std::vector<uint32_t> Order;
  Order.reserve(Keyed.size());
  for (const auto &K : Keyed)
    Order.push_back(K.second);
  return Order;
}

} // namespace bpat::rt
