//===- BackendConfig.cpp - Backend pattern configs ------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendConfig.h"
#include <functional>

namespace bpat::rt {

size_t hashPattern(const PatternNode &P) {
  // FNV-style mixing over a preorder walk; the walk's own stack keeps deep
  // (hand-built) trees from overflowing the call stack.
  size_t H = 1469598103934665603ull;
  auto Mix = [&H](size_t V) { H = (H ^ V) * 1099511628211ull; };
  std::vector<const PatternNode *> Stack{&P};
  while (!Stack.empty()) {
    const PatternNode *N = Stack.back();
    Stack.pop_back();
    Mix(N->IsWildcard);
    if (!N->IsWildcard) {
      Mix(static_cast<size_t>(N->Op.Kind));
      Mix(std::hash<std::string>()(N->Op.Target));
    }
    Mix(N->Children.size());
    for (auto It = N->Children.rbegin(); It != N->Children.rend(); ++It)
      Stack.push_back(&*It);
  }
  return H;
}

void BackendConfig::syncIndex() const {
  if (Indexed == Configs.size() && Index.size() == Configs.size())
    return;
  Index.clear();
  Index.reserve(Configs.size());
  for (size_t I = 0, E = Configs.size(); I != E; ++I)
    Index.emplace(hashPattern(Configs[I].Pattern), I);
  Indexed = Configs.size();
}

long BackendConfig::find(const PatternNode &P) const {
  syncIndex();
  auto [Begin, End] = Index.equal_range(hashPattern(P));
  for (auto It = Begin; It != End; ++It)
    if (It->second < Configs.size() && Configs[It->second].Pattern == P)
      return static_cast<long>(It->second);
  return -1;
}

size_t BackendConfig::setPatternConfig(BackendPatternConfig Config) {
  long Existing = find(Config.Pattern);
  if (Existing >= 0) {
    // Python dict assignment: the value changes, the position does not.
    Configs[Existing] = std::move(Config);
    return static_cast<size_t>(Existing);
  }
  size_t H = hashPattern(Config.Pattern);
  Configs.push_back(std::move(Config));
  Index.emplace(H, Configs.size() - 1);
  Indexed = Configs.size();
  return Configs.size() - 1;
}

} // namespace bpat::rt
