//===- Lowering.cpp - Pattern trees to PyTorch's two formats --------------===//

#include "bpat/Lower/Lowering.h"
#include <algorithm>
#include <cassert>

using namespace bpat;
using namespace bpat::lower;

PyPattern lower::toComplex(const ir::PatternNode &tree) {
  PyPattern self = tree.isWildcard() ? PyPattern::makeMatchAll()
                                     : PyPattern::makeOp(tree.op);
  if (tree.args.empty())
    return self;
  std::vector<PyPattern> elements;
  elements.push_back(std::move(self));
  for (const ir::PatternNode &arg : tree.args)
    elements.push_back(toComplex(arg));
  return PyPattern::makeTuple(std::move(elements));
}

std::optional<std::vector<const ir::Op *>>
lower::forwardChain(const ir::PatternNode &tree) {
  std::vector<const ir::Op *> reversed;
  const ir::PatternNode *node = &tree;
  while (true) {
    if (node->isWildcard() || node->args.size() > 1)
      return std::nullopt;
    reversed.push_back(node->op);
    if (node->args.empty())
      break;
    node = &node->args.front();
  }
  return std::vector<const ir::Op *>(reversed.rbegin(), reversed.rend());
}

PyPattern lower::simpleFromChain(const std::vector<const ir::Op *> &chain) {
  assert(!chain.empty() && "a chain has at least one op");
  if (chain.size() == 1)
    return PyPattern::makeOp(chain.front());
  std::vector<PyPattern> elements;
  for (const ir::Op *op : chain)
    elements.push_back(PyPattern::makeOp(op));
  return PyPattern::makeTuple(std::move(elements));
}

LoweredBackend lower::lowerBackend(const ir::Backend &backend) {
  LoweredBackend result;
  result.backend = &backend;
  result.configs.reserve(backend.configs.size());
  for (const ir::PatternConfig &config : backend.configs) {
    LoweredConfig lowered;
    lowered.config = &config;
    lowered.complex = toComplex(config.tree);
    lowered.leafCount = ir::countLeaves(config.tree);
    if (auto chain = forwardChain(config.tree)) {
      lowered.chainLength = chain->size();
      if (config.forceComplex)
        lowered.noSimpleReason = "format = complex";
      else
        lowered.simple = simpleFromChain(*chain);
    } else {
      lowered.noSimpleReason = ir::hasWildcard(config.tree)
                                   ? "has a wildcard"
                                   : "an op has several argument patterns";
    }
    result.configs.push_back(std::move(lowered));
  }

  result.priorityOrder.resize(result.configs.size());
  for (unsigned i = 0; i < result.priorityOrder.size(); ++i)
    result.priorityOrder[i] = i;
  // Keys computed once, not in the comparator: each walks the whole tree.
  std::vector<long> keys(result.configs.size());
  for (unsigned i = 0; i < keys.size(); ++i)
    keys[i] = ir::prioritySortKey(result.configs[i].config->tree);
  std::stable_sort(result.priorityOrder.begin(), result.priorityOrder.end(),
                   [&](unsigned a, unsigned b) { return keys[a] < keys[b]; });
  for (unsigned rank = 0; rank < result.priorityOrder.size(); ++rank)
    result.configs[result.priorityOrder[rank]].priority = rank;
  return result;
}
