//===- Pattern.cpp - Pattern trees ----------------------------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Pattern.h"

#include <algorithm>

namespace bpat::rt {

bool operator==(const PatternNode &A, const PatternNode &B) {
  if (A.IsWildcard != B.IsWildcard || A.Children != B.Children)
    return false;
  // The op of a wildcard is meaningless.
  return A.IsWildcard || A.Op == B.Op;
}

static const std::vector<PatternNode> &childrenOf(const PatternNode &P) {
  return P.Children;
}

size_t leafCount(const PatternNode &P) {
  return countPatternLeaves(P, childrenOf);
}

size_t patternDepth(const PatternNode &P) {
  size_t D = 0;
  for (const PatternNode &C : P.Children)
    D = std::max(D, patternDepth(C));
  return D + 1;
}

long prioritySortKey(const PatternNode &P) {
  return patternPrioritySortKey(P, childrenOf);
}

std::string renderOp(const OpRef &Op) {
  if (Op.Kind == OpKind::Method)
    return "'" + Op.Target + "'";
  return Op.Target;
}

static void render(const PatternNode &P, std::string &Out) {
  std::string Self = P.IsWildcard ? "MatchAllNode" : renderOp(P.Op);
  if (!P.isTuple()) {
    Out += Self;
    return;
  }
  Out += '(';
  Out += Self;
  for (const PatternNode &C : P.Children) {
    Out += ", ";
    render(C, Out);
  }
  Out += ')';
}

std::string renderPattern(const PatternNode &P) {
  std::string Out;
  render(P, Out);
  return Out;
}

} // namespace bpat::rt
