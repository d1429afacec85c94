//===- BackendConfig.cpp - Backend pattern configs ------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendConfig.h"
#include <functional>

namespace bpat::rt {

std::string BackendPatternConfig::*stringField(PatternAttr attr) {
  switch (attr) {
  case PatternAttr::Root:
    return &BackendPatternConfig::rootModule;
  case PatternAttr::Qat:
    return &BackendPatternConfig::qatModule;
  case PatternAttr::Reference:
    return &BackendPatternConfig::referenceQuantizedModule;
  case PatternAttr::Fused:
    return &BackendPatternConfig::fusedModule;
  case PatternAttr::Fuser:
    return &BackendPatternConfig::fuserMethod;
  case PatternAttr::RootNodeGetter:
    return &BackendPatternConfig::rootNodeGetter;
  case PatternAttr::ExtraInputsGetter:
    return &BackendPatternConfig::extraInputsGetter;
  default:
    return nullptr;
  }
}

size_t hashPattern(const PatternNode &p) {
  // FNV-style mixing over a preorder walk; the walk's own stack keeps deep
  // (hand-built) trees from overflowing the call stack.
  size_t h = 1469598103934665603ull;
  auto mix = [&h](size_t v) { h = (h ^ v) * 1099511628211ull; };
  std::vector<const PatternNode *> stack{&p};
  while (!stack.empty()) {
    const PatternNode *n = stack.back();
    stack.pop_back();
    mix(n->isWildcard);
    if (!n->isWildcard) {
      mix(static_cast<size_t>(n->op.kind));
      mix(std::hash<std::string>()(n->op.target));
    }
    mix(n->children.size());
    for (auto it = n->children.rbegin(); it != n->children.rend(); ++it)
      stack.push_back(&*it);
  }
  return h;
}

void BackendConfig::syncIndex() const {
  if (indexed == configs.size() && index.size() == configs.size())
    return;
  index.clear();
  index.reserve(configs.size());
  for (size_t i = 0, e = configs.size(); i != e; ++i)
    index.emplace(hashPattern(configs[i].pattern), i);
  indexed = configs.size();
}

long BackendConfig::find(const PatternNode &p) const {
  syncIndex();
  auto [Begin, End] = index.equal_range(hashPattern(p));
  for (auto it = Begin; it != End; ++it)
    if (it->second < configs.size() && configs[it->second].pattern == p)
      return static_cast<long>(it->second);
  return -1;
}

size_t BackendConfig::setPatternConfig(BackendPatternConfig config) {
  long existing = find(config.pattern);
  if (existing >= 0) {
    // Python dict assignment: the value changes, the position does not.
    configs[existing] = std::move(config);
    return static_cast<size_t>(existing);
  }
  size_t h = hashPattern(config.pattern);
  configs.push_back(std::move(config));
  index.emplace(h, configs.size() - 1);
  indexed = configs.size();
  return configs.size() - 1;
}

} // namespace bpat::rt
