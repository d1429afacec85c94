//===- bpat/Runtime/TableMatcher.h - Table interpreter ----------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Runs a MatcherTable over any graph with a GraphTraits specialization. A
/// pre-pass interns each node's target once (one hash lookup per node) into
/// an op key and copies the positional args into a compact form; matching then
/// compares integers only. The results equal NaiveMatcher's.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_TABLEMATCHER_H
#define BPAT_RUNTIME_TABLEMATCHER_H

#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatcherTable.h"
#include "bpat/Runtime/detail/Record.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bpat::rt {

/// A graph reduced to what the interpreter reads: op keys, user counts and
/// positional args (a node id or table::nonNode).
/// Pointers to a graph in the interpreter's flat form.
struct GraphView {
  size_t numNodes = 0;
  const uint32_t *opKey = nullptr;    ///< per node; table::NoOpKey if none
  const uint32_t *users = nullptr;    ///< per node
  const uint32_t *argBegin = nullptr; ///< per node + 1; slices of Args
  const uint32_t *args = nullptr;     ///< node ids, or NonNode
};

struct InternedGraph {
  std::vector<uint32_t> opKey;    ///< per node; table::NoOpKey if none
  std::vector<uint32_t> users;    ///< per node
  std::vector<uint32_t> argBegin; ///< per node + 1; slices of Args
  std::vector<uint32_t> args;

  GraphView view() const {
    return GraphView{opKey.size(), opKey.data(), users.data(), argBegin.data(),
                     args.data()};
  }
};

namespace detail {

/// A pattern tree inside a table, as a record cursor.
/// Whether GraphTraits<G> numbers distinct targets: `targetId(G, N)` in
/// [0, numTargets(G)).
template <typename G, typename = void> struct HasTargetIds : std::false_type {};
template <typename G>
struct HasTargetIds<G, std::void_t<decltype(GraphTraits<G>::targetId(
                                       std::declval<const G &>(), NodeId())),
                                   decltype(GraphTraits<G>::numTargets(
                                       std::declval<const G &>()))>>
    : std::true_type {};

struct TreeCursor {
  const uint32_t *w;
  bool isWildcard() const { return table::treeIsWildcard(*w); }
  size_t numChildren() const { return table::treeNumChildren(*w); }
  TreeCursor child(size_t i) const {
    const uint32_t *c = w + 1;
    for (; i; --i)
      c += table::treeSize(*c);
    return {c};
  }
};

/// Whether GraphTraits<G> hands over the interpreter's flat arrays:
/// `userCounts(G)`, `argBegin(G)` and `positionalArgs(G)` (see GraphTraits.h),
/// together with numbered targets.
template <typename G, typename = void> struct HasFlatView : std::false_type {};
template <typename G>
struct HasFlatView<
    G, std::void_t<
           decltype(GraphTraits<G>::userCounts(std::declval<const G &>())),
           decltype(GraphTraits<G>::argBegin(std::declval<const G &>())),
           decltype(GraphTraits<G>::positionalArgs(std::declval<const G &>()))>>
    : HasTargetIds<G> {};

/// Records a match as recordMatch does, reading positional arguments from a
/// flat view. Only a wildcard over a non-node argument in quantize mode looks
/// at the argument itself (the nodes inside a list are claimed too).
template <typename G> struct FlatRecorder {
  const G &gr;
  const GraphView &v;
  MatchMode mode;
  MatchEntry entry;
  MatchMap &map;

  void record(TreeCursor p, uint32_t value, NodeId owner, uint32_t index) {
    bool isNode = value < v.numNodes;
    if (mode == MatchMode::Quantize) {
      if (isNode)
        map[value] = entry;
      else
        GraphTraits<G>::forEachNodeInArg(gr, owner, index,
                                         [&](NodeId n) { map[n] = entry; });
    } else {
      if (!isNode)
        return;
      if (!map[value].matched() && !p.isWildcard())
        map[value] = entry;
    }
    size_t numChildren = p.numChildren();
    if (numChildren == 0 || !isNode)
      return;
    uint32_t begin = v.argBegin[value];
    size_t k = std::min<size_t>(numChildren, v.argBegin[value + 1] - begin);
    // Children are laid out one after another in the tree.
    const uint32_t *child = p.w + 1;
    for (size_t i = 0; i != k; ++i) {
      record(TreeCursor{child}, v.args[begin + i], value,
             static_cast<uint32_t>(i));
      child += table::treeSize(*child);
    }
  }
};

} // namespace detail

/// Interprets a matcher table.
class TableMatcher {
public:
  /// Validates \p t and prepares the target-string index. The table's data
  /// must outlive the matcher.
  static Expected<TableMatcher> create(const MatcherTableView &t);

  MatchMode mode() const { return matchMode; }
  const MatcherTableView &table() const { return t; }

  /// Matches \p gr; the result has one entry per node. A graph whose
  /// GraphTraits hand over flat arrays (see GraphTraits.h; Graph does) is
  /// read in place; any other goes through an interned copy.
  template <typename G> MatchMap match(const G &gr) const {
    if constexpr (detail::HasFlatView<G>::value)
      return matchFlat(gr);
    else
      return matchInterned(gr);
  }

  /// Matching through an interned copy of the graph (intern()); what
  /// match() does for graphs without a flat view.
  template <typename G> MatchMap matchInterned(const G &gr) const {
    InternedGraph ig = intern(gr);
    return matchView(ig.view(), [&](MatchMap &map, NodeId anchor,
                                    uint32_t config, detail::TreeCursor tree) {
      detail::recordMatch(gr, tree, anchor, config, matchMode, map);
    });
  }

  /// Matching that reads a flat view in place: op keys are computed once
  /// per distinct target and nothing else is copied.
  template <typename G> MatchMap matchFlat(const G &gr) const {
    using Traits = GraphTraits<G>;
    size_t numNodes = Traits::numNodes(gr);
    constexpr uint32_t unknown = 0xFFFFFFFEu;
    std::vector<uint32_t> keyOfTarget(Traits::numTargets(gr) * 3, unknown);
    std::vector<uint32_t> opKeys(numNodes);
    for (size_t i = 0; i != numNodes; ++i) {
      NodeId n = static_cast<NodeId>(i);
      NodeOp op = Traits::op(gr, n);
      std::optional<OpKind> kind = opKindForNodeOp(op);
      if (!kind) {
        opKeys[i] = table::noOpKey;
        continue;
      }
      uint32_t &key = keyOfTarget[size_t(Traits::targetId(gr, n)) * 3 +
                                  static_cast<uint32_t>(*kind)];
      if (key == unknown)
        key = lookupOpKey(op, Traits::target(gr, n));
      opKeys[i] = key;
    }
    GraphView v{numNodes, opKeys.data(), Traits::userCounts(gr),
                Traits::argBegin(gr), Traits::positionalArgs(gr)};
    return matchView(v, [&](MatchMap &map, NodeId anchor, uint32_t config,
                            detail::TreeCursor tree) {
      detail::FlatRecorder<G>{gr, v, matchMode, MatchEntry{anchor, config}, map}
          .record(tree, anchor, 0, 0);
    });
  }

  /// PyTorch's node loop over a graph view: last node first, claimed nodes
  /// skipped, the first pattern that matches wins and `Record(Map, Anchor,
  /// Config, Tree)` records it. Nodes whose op roots no pattern (their
  /// bucket is a lone Fail) never enter the interpreter.
  template <typename RecordFn>
  MatchMap matchView(const GraphView &v, RecordFn &&record) const {
    MatchMap map(v.numNodes);
    std::vector<uint32_t> regs(registerCount, table::nonNode);
    const uint32_t *patterns = t.words + t.header(table::HPatternsOffset);
    const uint32_t *trees = t.words + t.header(table::HTreesOffset);
    for (size_t i = v.numNodes; i-- > 0;) {
      NodeId n = static_cast<NodeId>(i);
      if (map[n].matched())
        continue;
      uint32_t key = v.opKey[i];
      uint32_t code = key < codeByKey.size() ? codeByKey[key] : defaultCode;
      if ((t.words[code] & 0xFF) == table::OpFail)
        continue;
      uint32_t p = run(v, n, regs.data());
      if (p == table::noPattern)
        continue;
      record(map, n, patterns[2 * p],
             detail::TreeCursor{trees + patterns[2 * p + 1]});
    }
    return map;
  }

  /// The pre-pass: interns targets and copies args.
  template <typename G> InternedGraph intern(const G &gr) const {
    using Traits = GraphTraits<G>;
    InternedGraph ig;
    size_t numNodes = Traits::numNodes(gr);
    ig.opKey.resize(numNodes);
    ig.users.resize(numNodes);
    ig.argBegin.resize(numNodes + 1);
    // A graph that numbers its distinct targets (the optional
    // GraphTraits::targetId/numTargets) is hashed once per target.
    constexpr uint32_t unknown = 0xFFFFFFFEu;
    std::vector<uint32_t> keyOfTarget;
    if constexpr (detail::HasTargetIds<G>::value)
      keyOfTarget.assign(Traits::numTargets(gr) * 3, unknown);
    for (size_t i = 0; i != numNodes; ++i) {
      NodeId n = static_cast<NodeId>(i);
      NodeOp op = Traits::op(gr, n);
      if constexpr (detail::HasTargetIds<G>::value) {
        std::optional<OpKind> kind = opKindForNodeOp(op);
        if (!kind) {
          ig.opKey[i] = table::noOpKey;
        } else {
          uint32_t &key = keyOfTarget[size_t(Traits::targetId(gr, n)) * 3 +
                                      static_cast<uint32_t>(*kind)];
          if (key == unknown)
            key = lookupOpKey(op, Traits::target(gr, n));
          ig.opKey[i] = key;
        }
      } else {
        ig.opKey[i] = lookupOpKey(op, Traits::target(gr, n));
      }
      ig.users[i] = static_cast<uint32_t>(Traits::numUsers(gr, n));
      ig.argBegin[i] = static_cast<uint32_t>(ig.args.size());
      for (size_t a = 0, e = Traits::numArgs(gr, n); a != e; ++a)
        ig.args.push_back(Traits::arg(gr, n, a).node);
    }
    ig.argBegin[numNodes] = static_cast<uint32_t>(ig.args.size());
    return ig;
  }

  uint32_t run(const GraphView &v, NodeId n, uint32_t *regs) const;
  uint32_t run(const InternedGraph &ig, NodeId n, uint32_t *regs) const {
    return run(ig.view(), n, regs);
  }

  /// The config index of pattern \p p.
  uint32_t configIndex(uint32_t p) const {
    return t.words[t.header(table::HPatternsOffset) + 2 * p];
  }
  size_t numRegisters() const { return registerCount; }

private:
  explicit TableMatcher(const MatcherTableView &t) : t(t) {}
  uint32_t lookupOpKey(NodeOp op, std::string_view target) const;

  MatcherTableView t;
  MatchMode matchMode = MatchMode::Quantize;
  size_t registerCount = 1;
  uint32_t defaultCode = 0;
  /// Target string -> string id.
  std::unordered_map<std::string_view, uint32_t> stringIds;
  /// Op key -> code offset of its bucket (DefaultCode if it has none).
  std::vector<uint32_t> codeByKey;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_TABLEMATCHER_H
