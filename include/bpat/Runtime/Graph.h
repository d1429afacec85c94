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
  /// Repr: a value JSON cannot hold, by its Python repr (`{"literal": R}`).
  enum class Kind : unsigned char { None, Bool, Int, Float, String, Repr };
  Kind k = Kind::None;
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0.0;
  /// The text of a String or Repr; for a Float, its spelling as written
  /// (empty when the value was not read from text).
  std::string str;

  static Literal none() { return Literal{}; }
  static Literal boolean(bool v) {
    Literal l;
    l.k = Kind::Bool;
    l.boolValue = v;
    return l;
  }
  static Literal integer(int64_t v) {
    Literal l;
    l.k = Kind::Int;
    l.intValue = v;
    return l;
  }
  static Literal floating(double v) {
    Literal l;
    l.k = Kind::Float;
    l.floatValue = v;
    return l;
  }
  static Literal string(std::string v) {
    Literal l;
    l.k = Kind::String;
    l.str = std::move(v);
    return l;
  }
  static Literal repr(std::string v) {
    Literal l = string(std::move(v));
    l.k = Kind::Repr;
    return l;
  }
};

/// An argument: a node reference, a list of arguments, or a literal.
///
/// A dict and a slice are lists too (of the dict's values, of start, stop
/// and step): non-node arguments whose nested nodes are uses, as in FX.
/// `form` and `keys` only remember how to write them back.
struct Arg {
  enum class Kind : unsigned char { Node, List, Literal };
  /// How a List was written: a list (or tuple), a dict, a slice.
  enum class ListForm : unsigned char { List, Dict, Slice };
  Kind k = Kind::Literal;
  ListForm form = ListForm::List;
  NodeId node = 0;
  std::vector<Arg> elements;
  /// A Dict's keys, one per element.
  std::vector<std::string> keys;
  rt::Literal lit;

  static Arg makeNode(NodeId n) {
    Arg a;
    a.k = Kind::Node;
    a.node = n;
    return a;
  }
  static Arg makeList(std::vector<Arg> elements) {
    Arg a;
    a.k = Kind::List;
    a.elements = std::move(elements);
    return a;
  }
  static Arg makeDict(std::vector<std::string> keys, std::vector<Arg> values) {
    Arg a = makeList(std::move(values));
    a.form = ListForm::Dict;
    a.keys = std::move(keys);
    return a;
  }
  static Arg makeSlice(std::vector<Arg> startStopStep) {
    Arg a = makeList(std::move(startStopStep));
    a.form = ListForm::Slice;
    return a;
  }
  static Arg makeLiteral(rt::Literal l) {
    Arg a;
    a.k = Kind::Literal;
    a.lit = std::move(l);
    return a;
  }
  bool isNode() const { return k == Kind::Node; }
};

/// One node of a graph.
struct GraphNode {
  std::string name;
  NodeOp op = NodeOp::CallFunction;
  std::string target;
  std::vector<Arg> args;
  std::vector<std::pair<std::string, Arg>> kwargs;
  /// Distinct users in graph order; filled in by Graph::addNode.
  std::vector<NodeId> users;
};

/// An FX-like graph. Nodes are appended in graph order and may refer only to
/// nodes added before them, as in FX.
class Graph {
public:
  /// Appends \p n (its Users are ignored and recomputed). Fails if the name is
  /// empty or taken, or an argument refers to a node not yet added.
  Expected<NodeId> addNode(GraphNode n);

  size_t size() const { return nodeList.size(); }
  const GraphNode &node(NodeId id) const { return nodeList[id]; }
  const std::vector<GraphNode> &nodes() const { return nodeList; }
  /// The node named \p name, if any.
  std::optional<NodeId> find(std::string_view name) const;

  /// \name The matcher's view, kept up to date by addNode.
  /// Flat per-node arrays, so that matching reads no GraphNode and hashes
  /// each distinct target once rather than once per node.
  /// @{
  NodeOp op(NodeId id) const { return ops[id]; }
  /// The target of node \p id as an index into the distinct targets.
  uint32_t targetId(NodeId id) const { return targetIds[id]; }
  size_t numTargets() const { return targetNames.size(); }
  std::string_view targetName(uint32_t targetId) const {
    return *targetNames[targetId];
  }
  /// Number of distinct users of each node.
  const std::vector<uint32_t> &userCounts() const { return userCountList; }
  /// Node \p id's positional arguments are positionalArgs()[argBegin()[Id]]
  /// up to argBegin()[Id + 1]: the node referred to, or ArgRef::nonNode.
  const std::vector<uint32_t> &argBegin() const { return argBegins; }
  const std::vector<uint32_t> &positionalArgs() const { return flatArgs; }
  /// @}

private:
  std::vector<GraphNode> nodeList;
  std::unordered_map<std::string, NodeId> byName;

  std::vector<NodeOp> ops;
  std::vector<uint32_t> targetIds;
  std::unordered_map<std::string, uint32_t> targetIndex;
  /// Keys of TargetIndex (stable: the map's nodes do not move).
  std::vector<const std::string *> targetNames;
  std::vector<uint32_t> userCountList;
  std::vector<uint32_t> argBegins{0};
  std::vector<uint32_t> flatArgs;
};

/// Calls \p f for every node reference inside \p a, recursively, in order.
template <typename Fn> void forEachNodeRef(const Arg &a, Fn &&f) {
  if (a.k == Arg::Kind::Node)
    f(a.node);
  else if (a.k == Arg::Kind::List)
    for (const Arg &e : a.elements)
      forEachNodeRef(e, f);
}

template <> struct GraphTraits<Graph> {
  static size_t numNodes(const Graph &g) { return g.size(); }
  static NodeOp op(const Graph &g, NodeId n) { return g.op(n); }
  static std::string_view target(const Graph &g, NodeId n) {
    return g.node(n).target;
  }
  static size_t numArgs(const Graph &g, NodeId n) {
    return g.node(n).args.size();
  }
  static ArgRef arg(const Graph &g, NodeId n, size_t i) {
    const Arg &a = g.node(n).args[i];
    return a.isNode() ? ArgRef::makeNode(a.node) : ArgRef::makeNonNode();
  }
  static size_t numUsers(const Graph &g, NodeId n) {
    return g.node(n).users.size();
  }
  static uint32_t targetId(const Graph &g, NodeId n) { return g.targetId(n); }
  static size_t numTargets(const Graph &g) { return g.numTargets(); }
  static const uint32_t *userCounts(const Graph &g) {
    return g.userCounts().data();
  }
  static const uint32_t *argBegin(const Graph &g) {
    return g.argBegin().data();
  }
  static const uint32_t *positionalArgs(const Graph &g) {
    return g.positionalArgs().data();
  }
  template <typename Fn>
  static void forEachNodeInArg(const Graph &g, NodeId n, size_t i, Fn &&f) {
    const Arg &a = g.node(n).args[i];
    if (!a.isNode())
      forEachNodeRef(a, f);
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_GRAPH_H
