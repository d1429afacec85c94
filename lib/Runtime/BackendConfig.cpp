//===- BackendConfig.cpp - Backend pattern configs ------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendConfig.h"

namespace bpat::rt {

long BackendConfig::find(const PatternNode &P) const {
  for (size_t I = 0, E = Configs.size(); I != E; ++I)
    if (Configs[I].Pattern == P)
      return static_cast<long>(I);
  return -1;
}

size_t BackendConfig::setPatternConfig(BackendPatternConfig Config) {
  long Existing = find(Config.Pattern);
  if (Existing >= 0) {
    // Python dict assignment: the value changes, the position does not.
    Configs[Existing] = std::move(Config);
    return static_cast<size_t>(Existing);
  }
  Configs.push_back(std::move(Config));
  return Configs.size() - 1;
}

} // namespace bpat::rt
