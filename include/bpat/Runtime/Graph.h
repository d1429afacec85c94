//===- bpat/Runtime/Graph.h - A concrete FX-like graph ----------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Graph`, a plain FX-like graph (what `bpat-match` reads from JSON), and its
/// `GraphTraits` specialization.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_GRAPH_H
#define BPAT_RUNTIME_GRAPH_H

#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/GraphTraits.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bpat::rt {

/// A literal argument value, kept as written.
struct Literal {
  enum class Kind : unsigned char { None, Bool, Int, Float, String };
  Kind K = Kind::None;
  bool Bool = false;
  int64_t Int = 0;
  double Float = 0.0;
  std::string Str;

  static Literal none() { return Literal{}; }
  static Literal boolean(bool V) {
    Literal L;
    L.K = Kind::Bool;
    L.Bool = V;
    return L;
  }
  static Literal integer(int64_t V) {
    Literal L;
    L.K = Kind::Int;
    L.Int = V;
    return L;
  }
  static Literal floating(double V) {
    Literal L;
    L.K = Kind::Float;
    L.Float = V;
    return L;
  }
  static Literal string(std::string V) {
    Literal L;
    L.K = Kind::String;
    L.Str = std::move(V);
    return L;
  }
};

/// An argument: a node reference, a list of arguments, or a literal.
struct Arg {
  enum class Kind : unsigned char { Node, List, Literal };
  Kind K = Kind::Literal;
  NodeId Node = 0;
  std::vector<Arg> Elements;
  rt::Literal Lit;

  static Arg node(NodeId N) {
    Arg A;
    A.K = Kind::Node;
    A.Node = N;
    return A;
  }
  static Arg list(std::vector<Arg> Elements) {
    Arg A;
    A.K = Kind::List;
    A.Elements = std::move(Elements);
    return A;
  }
  static Arg literal(rt::Literal L) {
    Arg A;
    A.K = Kind::Literal;
    A.Lit = std::move(L);
    return A;
  }
  bool isNode() const { return K == Kind::Node; }
};

/// One node of a graph.
struct GraphNode {
  std::string Name;
  NodeOp Op = NodeOp::CallFunction;
  std::string Target;
  std::vector<Arg> Args;
  std::vector<std::pair<std::string, Arg>> Kwargs;
  /// Distinct users in graph order; filled in by Graph::addNode.
  std::vector<NodeId> Users;
};

/// An FX-like graph. Nodes are appended in graph order and may refer only to
/// nodes added before them, as in FX.
class Graph {
public:
  /// Appends \p N (its Users are ignored and recomputed). Fails if the name is
  /// empty or taken, or an argument refers to a node not yet added.
  Expected<NodeId> addNode(GraphNode N);

  size_t size() const { return Nodes.size(); }
  const GraphNode &node(NodeId Id) const { return Nodes[Id]; }
  const std::vector<GraphNode> &nodes() const { return Nodes; }
  /// The node named \p Name, if any.
  std::optional<NodeId> find(std::string_view Name) const;

  /// \name The matcher's view, kept up to date by addNode.
  /// Flat per-node arrays, so that matching reads no GraphNode and hashes
  /// each distinct target once rather than once per node.
  /// @{
  NodeOp op(NodeId Id) const { return Ops[Id]; }
  /// The target of node \p Id as an index into the distinct targets.
  uint32_t targetId(NodeId Id) const { return TargetIds[Id]; }
  size_t numTargets() const { return TargetNames.size(); }
  std::string_view targetName(uint32_t TargetId) const {
    return *TargetNames[TargetId];
  }
  /// Number of distinct users of each node.
  const std::vector<uint32_t> &userCounts() const { return UserCounts; }
  /// Node \p Id's positional arguments are positionalArgs()[argBegin()[Id]]
  /// up to argBegin()[Id + 1]: the node referred to, or ArgRef::NonNode.
  const std::vector<uint32_t> &argBegin() const { return ArgBegins; }
  const std::vector<uint32_t> &positionalArgs() const { return FlatArgs; }
  /// @}

private:
  std::vector<GraphNode> Nodes;
  std::unordered_map<std::string, NodeId> ByName;

  std::vector<NodeOp> Ops;
  std::vector<uint32_t> TargetIds;
  std::unordered_map<std::string, uint32_t> TargetIndex;
  /// Keys of TargetIndex (stable: the map's nodes do not move).
  std::vector<const std::string *> TargetNames;
  std::vector<uint32_t> UserCounts;
  std::vector<uint32_t> ArgBegins{0};
  std::vector<uint32_t> FlatArgs;
};

/// Calls \p F for every node reference inside \p A, recursively, in order.
template <typename Fn> void forEachNodeRef(const Arg &A, Fn &&F) {
  if (A.K == Arg::Kind::Node)
    F(A.Node);
  else if (A.K == Arg::Kind::List)
    for (const Arg &E : A.Elements)
      forEachNodeRef(E, F);
}

template <> struct GraphTraits<Graph> {
  static size_t numNodes(const Graph &G) { return G.size(); }
  static NodeOp op(const Graph &G, NodeId N) { return G.op(N); }
  static std::string_view target(const Graph &G, NodeId N) {
    return G.node(N).Target;
  }
  static size_t numArgs(const Graph &G, NodeId N) {
    return G.node(N).Args.size();
  }
  static ArgRef arg(const Graph &G, NodeId N, size_t I) {
    const Arg &A = G.node(N).Args[I];
    return A.isNode() ? ArgRef::node(A.Node) : ArgRef::nonNode();
  }
  static size_t numUsers(const Graph &G, NodeId N) {
    return G.node(N).Users.size();
  }
  static uint32_t targetId(const Graph &G, NodeId N) { return G.targetId(N); }
  static size_t numTargets(const Graph &G) { return G.numTargets(); }
  static const uint32_t *userCounts(const Graph &G) {
    return G.userCounts().data();
  }
  static const uint32_t *argBegin(const Graph &G) {
    return G.argBegin().data();
  }
  static const uint32_t *positionalArgs(const Graph &G) {
    return G.positionalArgs().data();
  }
  template <typename Fn>
  static void forEachNodeInArg(const Graph &G, NodeId N, size_t I, Fn &&F) {
    const Arg &A = G.node(N).Args[I];
    if (!A.isNode())
      forEachNodeRef(A, F);
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_GRAPH_H
