//===- bpat/Runtime/NaiveMatcher.h - PyTorch's algorithm --------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The reference matcher: PyTorch 1.13.1's algorithm as written. Nodes are
/// visited last to first; at each unclaimed node every pattern is tried in
/// priority order with `_is_match`, comparing target strings; the first hit is
/// recorded. It is the oracle for TableMatcher and the benchmark baseline.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_NAIVEMATCHER_H
#define BPAT_RUNTIME_NAIVEMATCHER_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/Priority.h"
#include "bpat/Runtime/detail/Record.h"

#include <cstddef>
#include <limits>
#include <vector>

namespace bpat::rt {

namespace detail {

/// A PatternNode as a record cursor.
struct PatternNodeCursor {
  const PatternNode *P;
  bool isWildcard() const { return P->IsWildcard; }
  size_t numChildren() const { return P->Children.size(); }
  PatternNodeCursor child(size_t I) const { return {&P->Children[I]}; }
};

} // namespace detail

/// PyTorch's `_is_match(modules, node, pattern, max_uses)` on a graph \p Gr.
/// \p V is the value at this position (a node or a non-node argument).
template <typename G>
bool isMatch(const G &Gr, ArgRef V, const PatternNode &P, size_t MaxUses) {
  using Traits = GraphTraits<G>;
  if (P.IsWildcard)
    return true;
  if (!V.isNode())
    return false;
  NodeId N = V.Node;
  if (Traits::numUsers(Gr, N) > MaxUses)
    return false;
  std::optional<OpKind> Kind = opKindForNodeOp(Traits::op(Gr, N));
  if (!Kind || *Kind != P.Op.Kind || Traits::target(Gr, N) != P.Op.Target)
    return false;
  if (P.Children.empty())
    return true;
  if (P.Children.size() != Traits::numArgs(Gr, N))
    return false;
  for (size_t I = 0, E = P.Children.size(); I != E; ++I)
    if (!isMatch(Gr, Traits::arg(Gr, N, I), P.Children[I], /*MaxUses=*/1))
      return false;
  return true;
}

/// Tries every pattern at every node, as PyTorch does.
class NaiveMatcher {
public:
  /// \p BC must outlive the matcher.
  NaiveMatcher(const BackendConfig &BC, MatchMode Mode)
      : BC(&BC), Mode(Mode), Order(patternPriorityOrder(BC, Mode)) {}

  MatchMode mode() const { return Mode; }
  /// Config indices in the order they are tried.
  const std::vector<uint32_t> &order() const { return Order; }

  /// Matches \p Gr; the result has one entry per node.
  template <typename G> MatchMap match(const G &Gr) const {
    using Traits = GraphTraits<G>;
    size_t NumNodes = Traits::numNodes(Gr);
    MatchMap Map(NumNodes);
    for (size_t I = NumNodes; I-- > 0;) {
      NodeId N = static_cast<NodeId>(I);
      if (Map[N].matched())
        continue;
      for (uint32_t C : Order) {
        const PatternNode &P = BC->Configs[C].Pattern;
        if (isMatch(Gr, ArgRef::node(N), P,
                    std::numeric_limits<size_t>::max())) {
          detail::recordMatch(Gr, detail::PatternNodeCursor{&P}, N, C, Mode,
                              Map);
          break;
        }
      }
    }
    return Map;
  }

private:
  const BackendConfig *BC;
  MatchMode Mode;
  std::vector<uint32_t> Order;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_NAIVEMATCHER_H
