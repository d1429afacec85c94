//===- bpat/Runtime/Fusion.h - Applying fuse-mode matches -------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `fuseGraph` does what PyTorch 1.13.1's `fuse_fx` does after matching
/// (torch/ao/quantization/fx/fuse.py, `fuse`, and the default fuse handler):
/// it rebuilds the graph in order, copying each node no match claimed,
/// dropping each node a match claimed, and putting at each match's anchor
/// one node of the fused module: a copy of the match's root node (its op,
/// args and kwargs) that calls what the config's fuser returned, with the
/// extra inputs appended to its args. Users of the anchor use the new node.
///
/// Per match, in graph order of the anchors (the order fuse_fx calls the
/// fusers):
///   1. the matched node pattern is rebuilt from the match map: the nodes of
///      the match in the shape of the config's reversed nested pattern,
///      wildcard-matched nodes included, a node already claimed when
///      PyTorch recorded the match left out (`apply_match`);
///   2. the root node: the config's root node getter, or PyTorch's default
///      (the last element, descending into the last tuple);
///   3. the extra inputs: the config's extra inputs getter, or none;
///   4. the modules: `moduleOf` of every node of the pattern, in its shape;
///   5. the fuser, called as PyTorch calls it: `(isQat, *modules)`;
///   6. the fused node, named as FX names the copy of the root node.
///
/// Everything a rewrite needs is checked before the graph changes: the graph
/// is rebuilt into a new value (`FusionTraits<G>::emptyLike`) that replaces
/// the old one only when every match was fused, so on any error the graph is
/// left as it was. Fusers may have been called by then.
///
/// A graph type takes part through `GraphTraits<G>` (the matcher's view) and
/// `FusionTraits<G>`, a specialization with these static members:
///
/// \code
///   static std::string_view name(const G &, NodeId);
///   // f(NodeId) for every node in the node's args and kwargs, nested too.
///   template <typename Fn>
///   static void forEachInput(const G &, NodeId, Fn &&f);
///   // The empty graph the rewrite builds (G's other state copied, if any).
///   static G emptyLike(const G &);
///   // Appends to out a copy of node n of in; newIds maps every node n uses
///   // to its id in out. Returns the copy's id.
///   static Expected<NodeId> copyNode(G &out, const G &in, NodeId n,
///                                    const std::vector<NodeId> &newIds,
///                                    std::string name);
///   // Appends the fused node: a copy of node root of in calling module,
///   // its args followed by extraInputs (ids in out).
///   template <typename H>
///   static Expected<NodeId> addFusedNode(G &out, const G &in, NodeId root,
///                                        const H &module,
///                                        const std::vector<NodeId>
///                                        &extraInputs, const
///                                        std::vector<NodeId> &newIds,
///                                        std::string name);
/// \endcode
///
/// `FusionTraits<Graph>` is the reference implementation; its fused node's
/// target is `ModuleTraits<H>::target(module)` (for `H = std::string`, the
/// string itself: a class name, as bpat-match uses it).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_FUSION_H
#define BPAT_RUNTIME_FUSION_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Callbacks.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace bpat::rt {

/// Specialize for a graph type; see the file comment for the members.
template <typename G> struct FusionTraits;

/// What FusionTraits<Graph> writes as the target of a fused node for a
/// module handle: specialize `static std::string target(const H &)`.
template <typename H> struct ModuleTraits;
template <> struct ModuleTraits<std::string> {
  static std::string target(const std::string &h) { return h; }
};

/// The module handle a fuser receives for a matched node (PyTorch's fuse
/// handler: the called module of a call_module node, a new ReLU module for
/// `F.relu`, the target of another call, `MatchAllNode` otherwise).
template <typename G, typename H>
using ModuleOf = std::function<Expected<H>(const G &, NodeId)>;

struct FuseOptions {
  /// Passed to every fuser; `fuse_fx` passes false.
  bool isQat = false;
};

/// FX's names for the nodes of a graph being built (`_Namespace.create_name`
/// with no object): a candidate's characters outside [0-9a-zA-Z_] become
/// '_', a leading digit gets a '_' before it, and a name taken (or a Python
/// keyword or builtin) gets the next free `_<n>` suffix.
class NodeNamer {
public:
  /// The unique name FX gives a node created with name \p candidate.
  std::string create(std::string_view candidate);

private:
  std::unordered_set<std::string> used;
};

/// PyTorch's default root node: the last element of \p matched, descending
/// into the last element of a tuple until it is a node.
Expected<NodeId> defaultRootNode(const NestedArgs<NodeId> &matched);

/// The nodes of \p args in order (all leaves, depth first).
template <typename H> std::vector<H> nestedLeaves(const NestedArgs<H> &args) {
  std::vector<H> out;
  std::function<void(const NestedArg<H> &)> visit = [&](const NestedArg<H> &a) {
    if (a.isLeaf())
      out.push_back(a.value());
    else
      for (const NestedArg<H> &e : a.elements())
        visit(e);
  };
  for (const NestedArg<H> &a : args)
    visit(a);
  return out;
}

namespace detail {

/// Rebuilds `matched_node_pattern` of the match anchored at `anchor`.
template <typename G> class MatchedPatternBuilder {
public:
  MatchedPatternBuilder(const G &g, const MatchMap &matches, NodeId anchor,
                        uint32_t config)
      : g(g), matches(matches), anchor(anchor), config(config) {}

  Expected<NestedArgs<NodeId>> build(const PatternNode &pattern) {
    NestedArgs<NodeId> top;
    if (Error e = walk(pattern, ArgRef::makeNode(anchor), top))
      return e;
    // The anchor's entry is the list the anchor itself went into: the
    // top-level tuple's elements, or [anchor] for a bare op.
    if (!pattern.children.empty() && top.size() == 1 && !top[0].isLeaf())
      return top[0].elements();
    return top;
  }

private:
  using Traits = GraphTraits<G>;

  Error walk(const PatternNode &p, ArgRef value, NestedArgs<NodeId> &list) {
    if (p.children.empty())
      return leaf(p, value, list);
    NestedArgs<NodeId> current;
    if (Error e = leaf(p, value, current))
      return e;
    size_t n = std::min(p.children.size(), Traits::numArgs(g, value.node));
    for (size_t i = 0; i != n; ++i)
      if (Error e = walk(p.children[i], Traits::arg(g, value.node, i), current))
        return e;
    list.push_back(NestedArg<NodeId>::tuple(std::move(current)));
    return Error::success();
  }

  Error leaf(const PatternNode &p, ArgRef value, NestedArgs<NodeId> &list) {
    if (!value.isNode())
      return Error::failure(
          "a wildcard of the match at '" +
          std::string(FusionTraits<G>::name(g, anchor)) +
          "' matched an argument that is not a node (PyTorch's fuse fails "
          "there)");
    NodeId n = value.node;
    const MatchEntry &e = matches[n];
    // In PyTorch's match map when this match was recorded: claimed earlier
    // in this walk, or by a match recorded before (a later anchor).
    bool inMap = claimedNow.count(n) || (e.matched() && e.anchor > anchor);
    if (inMap)
      return Error::success();
    list.push_back(NestedArg<NodeId>::leaf(n));
    if (p.isWildcard)
      return Error::success();
    if (e.anchor != anchor || e.config != config)
      return Error::failure(
          "the match map is not a fuse-mode match map of this graph: node '" +
          std::string(FusionTraits<G>::name(g, n)) +
          "' is in the pattern matched at '" +
          std::string(FusionTraits<G>::name(g, anchor)) +
          "' but not claimed by it");
    claimedNow.insert(n);
    return Error::success();
  }

  const G &g;
  const MatchMap &matches;
  NodeId anchor;
  uint32_t config;
  std::unordered_set<NodeId> claimedNow;
};

inline std::string quoted(std::string_view name) {
  return "'" + std::string(name) + "'";
}

} // namespace detail

/// PyTorch's `matched_node_pattern` of the match anchored at \p anchor
/// (which the match map must show claimed by its own match): the argument
/// root node getters and extra inputs getters receive, and the shape of the
/// modules handed to the fuser.
template <typename G>
Expected<NestedArgs<NodeId>>
matchedNodePattern(const G &g, const MatchMap &matches,
                   const BackendConfig &config, NodeId anchor) {
  if (anchor >= matches.size() || matches[anchor].anchor != anchor ||
      matches[anchor].config >= config.configs.size())
    return Error::failure("node " + std::to_string(anchor) +
                          " is not the anchor of a match");
  uint32_t index = matches[anchor].config;
  return detail::MatchedPatternBuilder<G>(g, matches, anchor, index)
      .build(config.configs[index].pattern);
}

/// Applies every fuse-mode match of \p matches to \p graph as PyTorch's
/// `fuse_fx` does (see the file comment), calling the callbacks of
/// \p callbacks (one entry per config of \p config) and \p moduleOf.
/// On error \p graph is unchanged and the message names the node.
template <typename G, typename H>
Error fuseGraph(G &graph, const MatchMap &matches, const BackendConfig &config,
                const BackendCallbacks<H> &callbacks,
                const ModuleOf<G, H> &moduleOf, FuseOptions options = {}) {
  using Traits = GraphTraits<G>;
  using FTraits = FusionTraits<G>;
  using detail::quoted;
  size_t numNodes = Traits::numNodes(graph);
  if (matches.size() != numNodes)
    return Error::failure(
        "the match map has " + std::to_string(matches.size()) +
        " entries for a graph of " + std::to_string(numNodes) + " nodes");
  auto nameOf = [&](NodeId n) { return quoted(FTraits::name(graph, n)); };
  std::vector<NodeId> newIds(numNodes, ArgRef::nonNode);
  // The first input of node n not in the new graph (removed by fusion).
  auto missingInput = [&](NodeId n) {
    NodeId missing = ArgRef::nonNode;
    FTraits::forEachInput(graph, n, [&](NodeId in) {
      if (missing == ArgRef::nonNode &&
          (in >= numNodes || newIds[in] == ArgRef::nonNode))
        missing = in;
    });
    return missing;
  };
  auto removedMessage = [&](NodeId user, NodeId used) {
    return "node " + nameOf(user) + " uses node " +
           (used < numNodes ? nameOf(used) : std::to_string(used)) +
           ", which fusion removed (PyTorch's fuse fails there)";
  };

  G out = FTraits::emptyLike(graph);
  NodeNamer namer;
  for (NodeId node = 0; node != numNodes; ++node) {
    const MatchEntry &entry = matches[node];
    if (entry.matched() && entry.anchor != node)
      continue; // claimed by a match: removed
    if (!entry.matched()) {
      if (NodeId m = missingInput(node); m != ArgRef::nonNode)
        return Error::failure(removedMessage(node, m));
      Expected<NodeId> id = FTraits::copyNode(
          out, graph, node, newIds, namer.create(FTraits::name(graph, node)));
      if (!id)
        return Error::failure("copying node " + nameOf(node) + ": " +
                              id.message());
      newIds[node] = *id;
      continue;
    }

    // The anchor of a match: fuse it.
    if (entry.config >= config.configs.size())
      return Error::failure("node " + nameOf(node) + " is matched by config " +
                            std::to_string(entry.config) + ", but there are " +
                            std::to_string(config.configs.size()));
    const BackendPatternConfig &pc = config.configs[entry.config];
    std::string where = "fusing the match at " + nameOf(node) + " (" +
                        renderPattern(pc.pattern) + "): ";
    Expected<NestedArgs<NodeId>> matched =
        matchedNodePattern(graph, matches, config, node);
    if (!matched)
      return Error::failure(where + matched.message());
    const ConfigCallbacks<H> *cb = entry.config < callbacks.configs.size()
                                       ? &callbacks.configs[entry.config]
                                       : nullptr;
    std::vector<NodeId> members = nestedLeaves(*matched);
    auto inMatch = [&](NodeId n) {
      return std::find(members.begin(), members.end(), n) != members.end();
    };

    Expected<NodeId> root =
        cb && cb->rootNode ? cb->rootNode(*matched) : defaultRootNode(*matched);
    if (!root)
      return Error::failure(where +
                            "the root node getter failed: " + root.message());
    if (*root >= numNodes || !inMatch(*root))
      return Error::failure(
          where + "the root node getter returned node " +
          (*root < numNodes ? nameOf(*root) : std::to_string(*root)) +
          ", which is not in the match");
    std::vector<NodeId> extra;
    if (cb && cb->extraInputs) {
      Expected<std::vector<NodeId>> got = cb->extraInputs(*matched);
      if (!got)
        return Error::failure(
            where + "the extra inputs getter failed: " + got.message());
      extra = std::move(*got);
    }
    for (NodeId x : extra)
      if (x >= numNodes || !inMatch(x))
        return Error::failure(where + "the extra inputs getter returned node " +
                              (x < numNodes ? nameOf(x) : std::to_string(x)) +
                              ", which is not in the match");
    if (Traits::op(graph, *root) != NodeOp::CallModule)
      return Error::failure(where + "the root node " + nameOf(*root) +
                            " is not a call_module node");

    // The modules, in the shape of the matched node pattern.
    std::function<Expected<NestedArg<H>>(const NestedArg<NodeId> &)> toModule =
        [&](const NestedArg<NodeId> &a) -> Expected<NestedArg<H>> {
      if (a.isLeaf()) {
        Expected<H> m = moduleOf(graph, a.value());
        if (!m)
          return Error::failure("no module for node " + nameOf(a.value()) +
                                ": " + m.message());
        return NestedArg<H>::leaf(std::move(*m));
      }
      std::vector<NestedArg<H>> elements;
      for (const NestedArg<NodeId> &e : a.elements()) {
        Expected<NestedArg<H>> m = toModule(e);
        if (!m)
          return m;
        elements.push_back(std::move(*m));
      }
      return NestedArg<H>::tuple(std::move(elements));
    };
    NestedArgs<H> modules;
    for (const NestedArg<NodeId> &a : *matched) {
      Expected<NestedArg<H>> m = toModule(a);
      if (!m)
        return Error::failure(where + m.message());
      modules.push_back(std::move(*m));
    }
    if (!cb || !cb->fuser)
      return Error::failure(where + "no fuser is registered for config " +
                            std::to_string(entry.config));
    Expected<H> fused = cb->fuser(options.isQat, modules);
    if (!fused)
      return Error::failure(where + "the fuser failed: " + fused.message());

    std::vector<NodeId> newExtra;
    for (NodeId x : extra) {
      if (newIds[x] == ArgRef::nonNode)
        return Error::failure(where + "the extra input " + nameOf(x) +
                              (matches[x].matched()
                                   ? " is removed by fusion"
                                   : " is not defined before the match"));
      newExtra.push_back(newIds[x]);
    }
    if (NodeId m = missingInput(*root); m != ArgRef::nonNode)
      return Error::failure(where + removedMessage(*root, m));
    Expected<NodeId> id =
        FTraits::addFusedNode(out, graph, *root, *fused, newExtra, newIds,
                              namer.create(FTraits::name(graph, *root)));
    if (!id)
      return Error::failure(where + id.message());
    newIds[node] = *id;
  }
  graph = std::move(out);
  return Error::success();
}

/// \name The reference implementation's helpers (Fusion.cpp).
/// @{
/// Appends to \p out a copy of node \p n of \p in, its node references mapped
/// by \p newIds; with \p target set, the copy has that target and
/// \p extraInputs appended to its args.
Expected<NodeId> copyGraphNode(Graph &out, const Graph &in, NodeId n,
                               const std::vector<NodeId> &newIds,
                               std::string name,
                               const std::string *target = nullptr,
                               const std::vector<NodeId> &extraInputs = {});
/// @}

template <> struct FusionTraits<Graph> {
  static std::string_view name(const Graph &g, NodeId n) { return g.name(n); }
  template <typename Fn>
  static void forEachInput(const Graph &g, NodeId n, Fn &&f) {
    g.node(n).forEachInput(f);
  }
  static Graph emptyLike(const Graph &in) {
    Graph out;
    out.reserve(in.size()); // fusion only removes nodes
    return out;
  }
  static Expected<NodeId> copyNode(Graph &out, const Graph &in, NodeId n,
                                   const std::vector<NodeId> &newIds,
                                   std::string name) {
    return copyGraphNode(out, in, n, newIds, std::move(name));
  }
  template <typename H>
  static Expected<NodeId>
  addFusedNode(Graph &out, const Graph &in, NodeId root, const H &module,
               const std::vector<NodeId> &extraInputs,
               const std::vector<NodeId> &newIds, std::string name) {
    std::string target = ModuleTraits<H>::target(module);
    return copyGraphNode(out, in, root, newIds, std::move(name), &target,
                         extraInputs);
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_FUSION_H
