//===- bpat/Runtime/detail/Record.h - Recording a match ---------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// How a successful match is written into the match map, shared by both
/// matchers so that they differ only in how they find the winning pattern.
/// The walk follows the pattern, not the match: PyTorch's record_match and
/// apply_match zip the sub-patterns with node.args without re-checking.
///
/// A pattern is reached through a cursor type with `isWildcard()`,
/// `numChildren()` and `child(I)`.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_DETAIL_RECORD_H
#define BPAT_RUNTIME_DETAIL_RECORD_H

#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"

#include <algorithm>
#include <cstddef>

namespace bpat::rt::detail {

/// A value a pattern position was matched against: a node, or the non-node
/// argument \p Index of node \p Owner.
struct MatchedValue {
  ArgRef Ref;
  NodeId Owner = 0;
  uint32_t Index = 0;
};

/// PyTorch's quantize-mode record_match followed by
/// _recursive_record_node_in_match_map: every value in the matched node
/// pattern is recorded, wildcard positions included, overwriting any previous
/// entry. A non-node value contributes the nodes nested in it (PyTorch
/// iterates it; it would raise on a literal, which we skip).
template <typename G, typename Cursor>
void recordQuantize(const G &Gr, const Cursor &P, const MatchedValue &V,
                    MatchEntry Entry, MatchMap &Map) {
  using Traits = GraphTraits<G>;
  if (V.Ref.isNode())
    Map[V.Ref.Node] = Entry;
  else
    Traits::forEachNodeInArg(Gr, V.Owner, V.Index,
                             [&](NodeId N) { Map[N] = Entry; });
  size_t NumChildren = P.numChildren();
  if (NumChildren == 0 || !V.Ref.isNode())
    return; // PyTorch would raise on node.args of a non-node; nothing to do.
  NodeId N = V.Ref.Node;
  size_t K = std::min(NumChildren, Traits::numArgs(Gr, N));
  for (size_t I = 0; I != K; ++I)
    recordQuantize(
        Gr, P.child(I),
        MatchedValue{Traits::arg(Gr, N, I), N, static_cast<uint32_t>(I)}, Entry,
        Map);
}

/// PyTorch's fuse-mode apply_match: a node is recorded only if it is not yet
/// in the map ("the first pattern matches will take precedence") and its
/// pattern position is not the wildcard. Non-node values are skipped (PyTorch
/// would raise on `.name`).
template <typename G, typename Cursor>
void recordFuse(const G &Gr, const Cursor &P, const MatchedValue &V,
                MatchEntry Entry, MatchMap &Map) {
  using Traits = GraphTraits<G>;
  if (!V.Ref.isNode())
    return;
  NodeId N = V.Ref.Node;
  if (!Map[N].matched() && !P.isWildcard())
    Map[N] = Entry;
  size_t NumChildren = P.numChildren();
  if (NumChildren == 0)
    return;
  size_t K = std::min(NumChildren, Traits::numArgs(Gr, N));
  for (size_t I = 0; I != K; ++I)
    recordFuse(Gr, P.child(I),
               MatchedValue{Traits::arg(Gr, N, I), N, static_cast<uint32_t>(I)},
               Entry, Map);
}

/// Records the match of pattern \p P anchored at \p Anchor in \p Mode.
template <typename G, typename Cursor>
void recordMatch(const G &Gr, const Cursor &P, NodeId Anchor, uint32_t Config,
                 MatchMode Mode, MatchMap &Map) {
  MatchEntry Entry{Anchor, Config};
  MatchedValue Root{ArgRef::node(Anchor), 0, 0};
  if (Mode == MatchMode::Quantize)
    recordQuantize(Gr, P, Root, Entry, Map);
  else
    recordFuse(Gr, P, Root, Entry, Map);
}

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_RECORD_H
