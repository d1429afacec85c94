//===- bpat/Runtime/GraphTraits.h - The graph adapter interface -*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The matchers run on any graph through `GraphTraits<G>`, a specialization a
/// backend writes for its own graph type. Nodes are numbered 0..numNodes-1 in
/// graph order (the order FX lists them; arguments before users).
///
/// A specialization provides these static members:
///
/// \code
///   static size_t numNodes(const G &);
///   static NodeOp op(const G &, NodeId);
///   static std::string_view target(const G &, NodeId);
///   static size_t numArgs(const G &, NodeId);          // positional only
///   static ArgRef arg(const G &, NodeId, size_t I);
///   static size_t numUsers(const G &, NodeId);         // distinct user nodes
///   template <typename Fn>
///   static void forEachNodeInArg(const G &, NodeId, size_t I, Fn &&F);
/// \endcode
///
/// `arg` returns a node reference for an argument that is a node, and
/// `ArgRef::makeNonNode()` for anything else (a literal, or a list even when it
/// contains nodes, as in FX). `forEachNodeInArg` calls `F(NodeId)` for each
/// node nested inside a non-node argument (lists of lists...), in order; it is
/// used only when a wildcard claims such an argument in quantize mode.
/// `numUsers` counts distinct nodes whose args or kwargs mention the node.
///
/// Optionally, a graph that numbers its distinct targets also provides
///
/// \code
///   static uint32_t targetId(const G &, NodeId);  // in [0, numTargets)
///   static size_t numTargets(const G &);
/// \endcode
///
/// and the table matcher then looks each distinct target up once instead of
/// hashing every node's target string. A graph that also keeps the
/// interpreter's flat arrays hands them over and is read in place:
///
/// \code
///   static const uint32_t *userCounts(const G &);     // per node
///   static const uint32_t *argBegin(const G &);       // per node, plus one
///   static const uint32_t *positionalArgs(const G &); // node id or NonNode
/// \endcode
///
/// (node N's positional arguments are positionalArgs[argBegin[N]] up to
/// positionalArgs[argBegin[N + 1]]; an argument that is not a node is
/// ArgRef::nonNode). Such a graph may also hand over its ops and target ids
/// as per-node arrays, which the table matcher's node loop then reads
/// directly:
///
/// \code
///   static const NodeOp *opArray(const G &);          // per node
///   static const uint32_t *targetIdArray(const G &);  // per node
/// \endcode
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_GRAPHTRAITS_H
#define BPAT_RUNTIME_GRAPHTRAITS_H

#include "bpat/Runtime/OpRef.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace bpat::rt {

/// A node's index in graph order.
using NodeId = uint32_t;

/// An FX node's `op`.
enum class NodeOp : unsigned char {
#define BPAT_NODE_OP(Enumerator, Name) Enumerator,
#include "bpat/Runtime/NodeOp.def"
};

/// Every FX op name, in value order.
inline constexpr const char *nodeOpNames[] = {
#define BPAT_NODE_OP(Enumerator, Name) Name,
#include "bpat/Runtime/NodeOp.def"
};

/// Parses an FX op name ("call_module", ...).
inline std::optional<NodeOp> parseNodeOp(std::string_view name) {
  for (size_t i = 0; i < std::size(nodeOpNames); ++i)
    if (name == nodeOpNames[i])
      return static_cast<NodeOp>(i);
  return std::nullopt;
}

/// The FX op name of \p op.
inline std::string_view nodeOpName(NodeOp op) {
  return nodeOpNames[static_cast<size_t>(op)];
}

/// The op kind a node op can match, if any (call_module -> Module, ...).
inline std::optional<OpKind> opKindForNodeOp(NodeOp op) {
  switch (op) {
#define BPAT_OP_KIND(Enumerator, Keyword, NodeOpMember)                        \
  case NodeOp::NodeOpMember:                                                   \
    return OpKind::Enumerator;
#include "bpat/Runtime/OpKind.def"
  default:
    return std::nullopt;
  }
}

/// The node op an op kind matches (Module -> CallModule, ...).
constexpr NodeOp nodeOpForOpKind(OpKind k) {
  switch (k) {
#define BPAT_OP_KIND(Enumerator, Keyword, NodeOpMember)                        \
  case OpKind::Enumerator:                                                     \
    return NodeOp::NodeOpMember;
#include "bpat/Runtime/OpKind.def"
  }
  return NodeOp::CallFunction;
}

/// A positional argument as the matcher sees it: a node, or not a node.
struct ArgRef {
  static constexpr NodeId nonNode = 0xFFFFFFFFu;
  NodeId node = nonNode;

  static ArgRef makeNode(NodeId n) { return ArgRef{n}; }
  static ArgRef makeNonNode() { return ArgRef{}; }
  bool isNode() const { return node != nonNode; }
};

/// Specialize for a graph type; see the file comment for the members.
template <typename G> struct GraphTraits;

} // namespace bpat::rt

#endif // BPAT_RUNTIME_GRAPHTRAITS_H
