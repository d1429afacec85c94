//===- bpat/Runtime/MatchObserver.h - Watching a matcher work ---*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The hooks rt::NaiveMatcher and detail::recordMatch call while they match,
/// so that a tool can say why a pattern did or did not match a node from the
/// very code that decided it (rt::explainMatches, Explain.h). An observer is
/// a type with a `static constexpr bool enabled` and the members of
/// NoMatchObserver; every call site is `if constexpr (Observer::enabled)`, so
/// matching without an observer (NoMatchObserver) compiles to the code it
/// was before the hooks existed.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_MATCHOBSERVER_H
#define BPAT_RUNTIME_MATCHOBSERVER_H

#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"

#include <cstdint>

namespace bpat::rt {

struct PatternNode;

/// The first check of PyTorch's `_is_match` that failed, in its order.
enum class MismatchKind : unsigned char {
  /// The value at a non-wildcard position is not a node (a literal, a list).
  NotANode,
  /// The node has more users than allowed (an inner node must have one).
  TooManyUsers,
  /// The node's op kind (call_module, call_function, call_method) or target
  /// is not the pattern's.
  WrongOp,
  /// A tuple pattern: the node's positional argument count differs.
  ArgCount,
};

/// The observer that observes nothing (the default).
struct NoMatchObserver {
  static constexpr bool enabled = false;
  /// The matcher reached node \p n, which is already in the map as \p e;
  /// PyTorch tries no pattern there.
  void claimed(NodeId, MatchEntry) {}
  /// The matcher tries config \p config at node \p n.
  void tryPattern(NodeId, uint32_t) {}
  /// isMatch descends into argument \p index of node \p parent / returns.
  void enterArg(NodeId, uint32_t) {}
  void leaveArg() {}
  /// isMatch failed at pattern position \p p, holding value \p v.
  void mismatch(MismatchKind, const PatternNode &, ArgRef) {}
  /// The config last tried at node \p n matched; it is recorded next.
  void matched(NodeId, uint32_t) {}
  /// The map entry of node \p n was set to \p e.
  void recorded(NodeId, MatchEntry) {}
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_MATCHOBSERVER_H
