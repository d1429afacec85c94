//===- bpat/Runtime/Explain.h - Why patterns matched or not -----*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// rt::explainMatches runs rt::NaiveMatcher (PyTorch's algorithm) over a
/// graph with an observer (MatchObserver.h) and keeps, for the nodes asked
/// about, what the matcher did there: whether the node was already taken
/// when the matcher reached it, each pattern tried at it in priority order
/// with the first check that failed, the one that matched, and every match
/// map entry written for the node (the last is the node's final entry).
/// The reasons are the matcher's own: nothing here re-implements a rule.
///
/// The patterns PyTorch never tried at the node (those after the winner, or
/// all of them at a node already taken) are then run once more through the
/// same isMatch, outside the matching, to say whether they would have
/// matched; they are marked as not tried.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_EXPLAIN_H
#define BPAT_RUNTIME_EXPLAIN_H

#include "bpat/Runtime/NaiveMatcher.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace bpat::rt {

/// Where isMatch stopped: the check that failed, the pattern position, the
/// value there and where that value sits.
struct Mismatch {
  MismatchKind kind = MismatchKind::WrongOp;
  const PatternNode *pattern = nullptr;
  ArgRef value;
  /// True when the value is the node the pattern was tried at (its root).
  bool atRoot = true;
  /// Otherwise the value is argument \c argIndex of node \c parent, and
  /// \c parentPattern is the pattern position that matched \c parent.
  NodeId parent = 0;
  uint32_t argIndex = 0;
  const PatternNode *parentPattern = nullptr;
};

/// One pattern at one node.
struct PatternAttempt {
  uint32_t config = 0;
  /// False: PyTorch did not try it here (an earlier pattern matched, or the
  /// node was already taken); the rest says what isMatch would have said.
  bool tried = true;
  bool matched = false;
  /// Why it failed, when it did.
  std::optional<Mismatch> reason;
};

/// What the matcher did at one node.
struct NodeExplanation {
  NodeId node = 0;
  /// The entry the node had when the matcher reached it (then no pattern
  /// was tried there), or none.
  MatchEntry takenBy;
  /// The patterns whose root op can match the node (a wildcard root, or the
  /// node's op kind and target), in the order PyTorch tries them.
  std::vector<PatternAttempt> attempts;
  /// How many patterns of the mode have another root op (not listed).
  size_t otherRootOps = 0;
  /// Every entry written for the node, in order.
  std::vector<MatchEntry> records;

  /// The node's entry when matching ended: the last one written.
  MatchEntry verdict() const {
    return records.empty() ? MatchEntry{} : records.back();
  }
};

namespace detail {

/// Collects NodeExplanations for the selected nodes.
template <typename G> class ExplainObserver {
public:
  static constexpr bool enabled = true;

  ExplainObserver(std::vector<NodeExplanation> &out, size_t numNodes)
      : out(out), slot(numNodes, -1) {
    for (size_t i = 0; i != out.size(); ++i)
      slot[out[i].node] = static_cast<long>(i);
  }

  void claimed(NodeId n, MatchEntry e) {
    if (slot[n] >= 0)
      out[slot[n]].takenBy = e;
  }
  void tryPattern(NodeId n, uint32_t c) {
    stack.clear();
    current = slot[n] >= 0 ? &out[slot[n]] : nullptr;
    if (current)
      current->attempts.push_back(PatternAttempt{c, true, false, {}});
  }
  void enterArg(NodeId parent, uint32_t index) {
    if (current)
      stack.push_back({parent, index});
  }
  void leaveArg() {
    if (current)
      stack.pop_back();
  }
  void mismatch(MismatchKind kind, const PatternNode &p, ArgRef v) {
    if (!current)
      return;
    Mismatch m;
    m.kind = kind;
    m.pattern = &p;
    m.value = v;
    if (!stack.empty()) {
      m.atRoot = false;
      m.parent = stack.back().first;
      m.argIndex = stack.back().second;
    }
    current->attempts.back().reason = m;
  }
  void matched(NodeId, uint32_t) {
    if (current)
      current->attempts.back().matched = true;
    current = nullptr; // recording follows
  }
  void recorded(NodeId n, MatchEntry e) {
    if (slot[n] >= 0)
      out[slot[n]].records.push_back(e);
  }

private:
  std::vector<NodeExplanation> &out;
  std::vector<long> slot;
  NodeExplanation *current = nullptr;
  std::vector<std::pair<NodeId, uint32_t>> stack;
};

/// The pattern position reached by following argument indices from the root
/// down to the parent of a mismatch: what matched the parent.
inline const PatternNode *patternAt(const PatternNode &root,
                                    const std::vector<uint32_t> &path) {
  const PatternNode *p = &root;
  for (uint32_t i : path)
    p = &p->children[i];
  return p;
}

/// An observer for one isMatch call outside the matching (a pattern PyTorch
/// did not try), and for finding the pattern position of a parent.
struct SingleMismatchObserver {
  static constexpr bool enabled = true;
  std::optional<Mismatch> reason;
  std::vector<std::pair<NodeId, uint32_t>> stack;
  std::vector<uint32_t> failedPath;
  void claimed(NodeId, MatchEntry) {}
  void tryPattern(NodeId, uint32_t) {}
  void enterArg(NodeId parent, uint32_t index) {
    stack.push_back({parent, index});
  }
  void leaveArg() { stack.pop_back(); }
  void mismatch(MismatchKind kind, const PatternNode &p, ArgRef v) {
    Mismatch m;
    m.kind = kind;
    m.pattern = &p;
    m.value = v;
    if (!stack.empty()) {
      m.atRoot = false;
      m.parent = stack.back().first;
      m.argIndex = stack.back().second;
    }
    for (const auto &s : stack)
      failedPath.push_back(s.second);
    reason = m;
  }
  void matched(NodeId, uint32_t) {}
  void recorded(NodeId, MatchEntry) {}
};

/// True when \p m says the pattern's root op is not the node's.
inline bool isRootOpMismatch(const std::optional<Mismatch> &m) {
  return m && m->atRoot && m->kind == MismatchKind::WrongOp;
}

} // namespace detail

/// Matches \p gr with PyTorch's algorithm in \p mode and explains the nodes
/// \p nodes (ids of \p gr, each once), in that order. \p map, if given,
/// receives the match map of that same run.
template <typename G>
std::vector<NodeExplanation>
explainMatches(const G &gr, const BackendConfig &bc, MatchMode mode,
               const std::vector<NodeId> &nodes, MatchMap *map = nullptr) {
  std::vector<NodeExplanation> out(nodes.size());
  for (size_t i = 0; i != nodes.size(); ++i)
    out[i].node = nodes[i];
  NaiveMatcher matcher(bc, mode);
  detail::ExplainObserver<G> obs(out, GraphTraits<G>::numNodes(gr));
  MatchMap result = matcher.match(gr, obs);

  // The parent positions of failures, and the patterns not tried. Both run
  // isMatch again on the same node, which decides exactly as it did.
  const std::vector<uint32_t> &order = matcher.order();
  for (NodeExplanation &e : out) {
    std::vector<PatternAttempt> attempts;
    size_t next = 0;
    for (PatternAttempt &a : e.attempts) {
      ++next;
      if (detail::isRootOpMismatch(a.reason)) {
        ++e.otherRootOps;
        continue;
      }
      attempts.push_back(a);
    }
    for (size_t k = next; k != order.size(); ++k) {
      PatternAttempt a{order[k], false, false, {}};
      detail::SingleMismatchObserver single;
      a.matched =
          isMatch(gr, ArgRef::makeNode(e.node), bc.configs[order[k]].pattern,
                  std::numeric_limits<size_t>::max(), single);
      a.reason = single.reason;
      if (detail::isRootOpMismatch(a.reason)) {
        ++e.otherRootOps;
        continue;
      }
      attempts.push_back(a);
    }
    // Fill in the pattern position of each failure's parent.
    for (PatternAttempt &a : attempts) {
      if (!a.reason || a.reason->atRoot)
        continue;
      detail::SingleMismatchObserver single;
      isMatch(gr, ArgRef::makeNode(e.node), bc.configs[a.config].pattern,
              std::numeric_limits<size_t>::max(), single);
      if (single.reason && !single.failedPath.empty()) {
        single.failedPath.pop_back();
        a.reason->parentPattern =
            detail::patternAt(bc.configs[a.config].pattern, single.failedPath);
      }
    }
    e.attempts = std::move(attempts);
  }
  if (map)
    *map = std::move(result);
  return out;
}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_EXPLAIN_H
