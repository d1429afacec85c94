//===- Pattern.cpp - Pattern trees ----------------------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/BuiltinNames.h"

#include <algorithm>

namespace bpat::rt {

bool operator==(const PatternNode &a, const PatternNode &b) {
  if (a.isWildcard != b.isWildcard || a.children != b.children)
    return false;
  // The op of a wildcard is meaningless.
  return a.isWildcard || a.op == b.op;
}

static const std::vector<PatternNode> &childrenOf(const PatternNode &p) {
  return p.children;
}

size_t leafCount(const PatternNode &p) {
  return countPatternLeaves(p, childrenOf);
}

size_t patternDepth(const PatternNode &p) {
  size_t d = 0;
  for (const PatternNode &c : p.children)
    d = std::max(d, patternDepth(c));
  return d + 1;
}

long prioritySortKey(const PatternNode &p) {
  return patternPrioritySortKey(p, childrenOf);
}

std::string renderOp(const OpRef &op) {
  if (op.kind == OpKind::Method)
    return "'" + op.target + "'";
  return op.target;
}

static void render(const PatternNode &p, std::string &out) {
  std::string self = p.isWildcard ? matchAllNodeName : renderOp(p.op);
  if (!p.isTuple()) {
    out += self;
    return;
  }
  out += '(';
  out += self;
  for (const PatternNode &c : p.children) {
    out += ", ";
    render(c, out);
  }
  out += ')';
}

std::string renderPattern(const PatternNode &p) {
  std::string out;
  render(p, out);
  return out;
}

} // namespace bpat::rt
