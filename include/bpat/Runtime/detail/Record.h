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
#include "bpat/Runtime/MatchObserver.h"

#include <algorithm>
#include <cstddef>

namespace bpat::rt::detail {

/// A value a pattern position was matched against: a node, or the non-node
/// argument \p index of node \p owner.
struct MatchedValue {
  ArgRef ref;
  NodeId owner = 0;
  uint32_t index = 0;
};

/// PyTorch's quantize-mode record_match followed by
/// _recursive_record_node_in_match_map: every value in the matched node
/// pattern is recorded, wildcard positions included, overwriting any previous
/// entry. A non-node value contributes the nodes nested in it (PyTorch
/// iterates it; it would raise on a literal, which we skip).
template <typename G, typename Cursor, typename Observer>
void recordQuantize(const G &gr, const Cursor &p, const MatchedValue &v,
                    MatchEntry entry, MatchMap &map, Observer &obs) {
  using Traits = GraphTraits<G>;
  auto set = [&](NodeId n) {
    map[n] = entry;
    if constexpr (Observer::enabled)
      obs.recorded(n, entry);
  };
  if (v.ref.isNode())
    set(v.ref.node);
  else
    Traits::forEachNodeInArg(gr, v.owner, v.index, set);
  size_t numChildren = p.numChildren();
  if (numChildren == 0 || !v.ref.isNode())
    return; // PyTorch would raise on node.args of a non-node; nothing to do.
  NodeId n = v.ref.node;
  size_t k = std::min(numChildren, Traits::numArgs(gr, n));
  for (size_t i = 0; i != k; ++i)
    recordQuantize(
        gr, p.child(i),
        MatchedValue{Traits::arg(gr, n, i), n, static_cast<uint32_t>(i)}, entry,
        map, obs);
}

/// PyTorch's fuse-mode apply_match: a node is recorded only if it is not yet
/// in the map ("the first pattern matches will take precedence") and its
/// pattern position is not the wildcard. Non-node values are skipped (PyTorch
/// would raise on `.name`).
template <typename G, typename Cursor, typename Observer>
void recordFuse(const G &gr, const Cursor &p, const MatchedValue &v,
                MatchEntry entry, MatchMap &map, Observer &obs) {
  using Traits = GraphTraits<G>;
  if (!v.ref.isNode())
    return;
  NodeId n = v.ref.node;
  if (!map[n].matched() && !p.isWildcard()) {
    map[n] = entry;
    if constexpr (Observer::enabled)
      obs.recorded(n, entry);
  }
  size_t numChildren = p.numChildren();
  if (numChildren == 0)
    return;
  size_t k = std::min(numChildren, Traits::numArgs(gr, n));
  for (size_t i = 0; i != k; ++i)
    recordFuse(gr, p.child(i),
               MatchedValue{Traits::arg(gr, n, i), n, static_cast<uint32_t>(i)},
               entry, map, obs);
}

/// Records the match of pattern \p p anchored at \p anchor in \p mode,
/// telling \p obs every entry written (MatchObserver.h).
template <typename G, typename Cursor, typename Observer>
void recordMatch(const G &gr, const Cursor &p, NodeId anchor, uint32_t config,
                 MatchMode mode, MatchMap &map, Observer &obs) {
  MatchEntry entry{anchor, config};
  MatchedValue root{ArgRef::makeNode(anchor), 0, 0};
  if (mode == MatchMode::Quantize)
    recordQuantize(gr, p, root, entry, map, obs);
  else
    recordFuse(gr, p, root, entry, map, obs);
}

/// recordMatch without an observer.
template <typename G, typename Cursor>
void recordMatch(const G &gr, const Cursor &p, NodeId anchor, uint32_t config,
                 MatchMode mode, MatchMap &map) {
  NoMatchObserver none;
  recordMatch(gr, p, anchor, config, mode, map, none);
}

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_RECORD_H
