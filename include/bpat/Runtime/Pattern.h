//===- bpat/Runtime/Pattern.h - Pattern trees -------------------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A pattern tree in PyTorch's legacy "reversed nested tuple" form:
/// `(op, arg0, arg1, ...)`, where each argument is itself a pattern. The root
/// is the last node of the match in data-flow order (the anchor).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_PATTERN_H
#define BPAT_RUNTIME_PATTERN_H

#include "bpat/Runtime/OpRef.h"

#include <cstddef>
#include <string>
#include <vector>

namespace bpat::rt {

/// One node of a pattern tree: an op or the wildcard (PyTorch's
/// `MatchAllNode`), and the sub-patterns of its positional arguments.
///
/// An op with no children is a bare op (a non-tuple in PyTorch): it places no
/// constraint on the node's arguments. An op with children is a tuple: the
/// node must have exactly that many positional arguments. A wildcard matches
/// anything, and PyTorch ignores the children of a wildcard when matching.
///
/// PyTorch's 1-tuple `(op,)` cannot be represented; it is the bare op here.
struct PatternNode {
  bool isWildcard = false;
  OpRef op;
  std::vector<PatternNode> children;

  /// An op node with argument sub-patterns.
  static PatternNode makeOp(OpRef op, std::vector<PatternNode> children = {}) {
    PatternNode n;
    n.op = std::move(op);
    n.children = std::move(children);
    return n;
  }
  /// The wildcard, `MatchAllNode`.
  static PatternNode makeWildcard() {
    PatternNode n;
    n.isWildcard = true;
    return n;
  }

  /// True if PyTorch would see this pattern as a tuple.
  bool isTuple() const { return !children.empty(); }

  friend bool operator==(const PatternNode &a, const PatternNode &b);
  friend bool operator!=(const PatternNode &a, const PatternNode &b) {
    return !(a == b);
  }
};

/// PyTorch's `get_len` over any pattern tree whose node \p n gives its
/// argument sub-patterns as `Children(N)` (a container of nodes): the number
/// of leaves, counted recursively, wildcards included. `(ReLU, (BN, Conv))`
/// has 3; a bare op has 1. The runtime's PatternNode and bpatc's IR both
/// count with this.
template <typename Node, typename ChildrenFn>
size_t countPatternLeaves(const Node &n, const ChildrenFn &children) {
  // The op itself is one leaf.
  size_t count = 1;
  for (const Node &c : children(n))
    count += countPatternLeaves(c, children);
  return count;
}

/// The key PyTorch's `sorted_patterns_dict` sorts by, over any pattern tree
/// (see countPatternLeaves): `-leafCount` for a tuple (a node with
/// arguments), 1 for anything else. Smaller sorts first; the sort is stable.
template <typename Node, typename ChildrenFn>
long patternPrioritySortKey(const Node &n, const ChildrenFn &children) {
  if (children(n).empty())
    return 1;
  return -static_cast<long>(countPatternLeaves(n, children));
}

/// PyTorch's `get_len` of \p p (countPatternLeaves).
size_t leafCount(const PatternNode &p);

/// The depth of the tree (a bare op has depth 1).
size_t patternDepth(const PatternNode &p);

/// The key PyTorch's `sorted_patterns_dict` sorts by
/// (patternPrioritySortKey).
long prioritySortKey(const PatternNode &p);

/// Renders \p p as `bpatc --emit=complex` writes it: Python tuple syntax with
/// ", " separators; a module or function by its target, a method as its name
/// in single quotes, the wildcard as `MatchAllNode`, and a bare op without
/// parentheses. Example: `(torch.nn.modules.activation.ReLU, 'add')`.
std::string renderPattern(const PatternNode &p);

/// Renders one op as renderPattern does.
std::string renderOp(const OpRef &op);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_PATTERN_H
