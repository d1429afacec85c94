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
/// recorded. It is the oracle for TableMatcher and the benchmark baseline,
/// and, given an observer (MatchObserver.h), what rt::explainMatches watches.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_NAIVEMATCHER_H
#define BPAT_RUNTIME_NAIVEMATCHER_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatchObserver.h"
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
  const PatternNode *p;
  bool isWildcard() const { return p->isWildcard; }
  size_t numChildren() const { return p->children.size(); }
  PatternNodeCursor child(size_t i) const { return {&p->children[i]}; }
};

} // namespace detail

/// PyTorch's `_is_match(modules, node, pattern, max_uses)` on a graph \p gr.
/// \p v is the value at this position (a node or a non-node argument).
/// \p obs hears the first check that fails (MatchObserver.h).
template <typename G, typename Observer>
bool isMatch(const G &gr, ArgRef v, const PatternNode &p, size_t maxUses,
             Observer &obs) {
  using Traits = GraphTraits<G>;
  if (p.isWildcard)
    return true;
  if (!v.isNode()) {
    if constexpr (Observer::enabled)
      obs.mismatch(MismatchKind::NotANode, p, v);
    return false;
  }
  NodeId n = v.node;
  if (Traits::numUsers(gr, n) > maxUses) {
    if constexpr (Observer::enabled)
      obs.mismatch(MismatchKind::TooManyUsers, p, v);
    return false;
  }
  std::optional<OpKind> kind = opKindForNodeOp(Traits::op(gr, n));
  if (!kind || *kind != p.op.kind || Traits::target(gr, n) != p.op.target) {
    if constexpr (Observer::enabled)
      obs.mismatch(MismatchKind::WrongOp, p, v);
    return false;
  }
  if (p.children.empty())
    return true;
  if (p.children.size() != Traits::numArgs(gr, n)) {
    if constexpr (Observer::enabled)
      obs.mismatch(MismatchKind::ArgCount, p, v);
    return false;
  }
  for (size_t i = 0, e = p.children.size(); i != e; ++i) {
    if constexpr (Observer::enabled)
      obs.enterArg(n, static_cast<uint32_t>(i));
    bool ok = isMatch(gr, Traits::arg(gr, n, i), p.children[i],
                      /*MaxUses=*/1, obs);
    if constexpr (Observer::enabled)
      obs.leaveArg();
    if (!ok)
      return false;
  }
  return true;
}

/// isMatch without an observer.
template <typename G>
bool isMatch(const G &gr, ArgRef v, const PatternNode &p, size_t maxUses) {
  NoMatchObserver none;
  return isMatch(gr, v, p, maxUses, none);
}

/// Tries every pattern at every node, as PyTorch does.
class NaiveMatcher {
public:
  /// \p bc must outlive the matcher.
  NaiveMatcher(const BackendConfig &bc, MatchMode mode)
      : bc(&bc), matchMode(mode), tryOrder(patternPriorityOrder(bc, mode)) {}

  MatchMode mode() const { return matchMode; }
  /// Config indices in the order they are tried.
  const std::vector<uint32_t> &order() const { return tryOrder; }

  /// Matches \p gr; the result has one entry per node.
  template <typename G> MatchMap match(const G &gr) const {
    NoMatchObserver none;
    return match(gr, none);
  }

  /// Matches \p gr, telling \p obs every step (MatchObserver.h): the nodes
  /// skipped as claimed, each pattern tried, the first check that failed,
  /// the match, every map entry written.
  template <typename G, typename Observer>
  MatchMap match(const G &gr, Observer &obs) const {
    using Traits = GraphTraits<G>;
    size_t numNodes = Traits::numNodes(gr);
    MatchMap map(numNodes);
    for (size_t i = numNodes; i-- > 0;) {
      NodeId n = static_cast<NodeId>(i);
      if (map[n].matched()) {
        if constexpr (Observer::enabled)
          obs.claimed(n, map[n]);
        continue;
      }
      for (uint32_t c : tryOrder) {
        const PatternNode &p = bc->configs[c].pattern;
        if constexpr (Observer::enabled)
          obs.tryPattern(n, c);
        if (isMatch(gr, ArgRef::makeNode(n), p,
                    std::numeric_limits<size_t>::max(), obs)) {
          if constexpr (Observer::enabled)
            obs.matched(n, c);
          detail::recordMatch(gr, detail::PatternNodeCursor{&p}, n, c,
                              matchMode, map, obs);
          break;
        }
      }
    }
    return map;
  }

private:
  const BackendConfig *bc;
  MatchMode matchMode;
  std::vector<uint32_t> tryOrder;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_NAIVEMATCHER_H
