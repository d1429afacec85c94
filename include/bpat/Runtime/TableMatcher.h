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
/// positional args (a node id or table::NonNode).
/// Pointers to a graph in the interpreter's flat form.
struct GraphView {
  size_t NumNodes = 0;
  const uint32_t *OpKey = nullptr;    ///< per node; table::NoOpKey if none
  const uint32_t *Users = nullptr;    ///< per node
  const uint32_t *ArgBegin = nullptr; ///< per node + 1; slices of Args
  const uint32_t *Args = nullptr;     ///< node ids, or NonNode
};

struct InternedGraph {
  std::vector<uint32_t> OpKey;    ///< per node; table::NoOpKey if none
  std::vector<uint32_t> Users;    ///< per node
  std::vector<uint32_t> ArgBegin; ///< per node + 1; slices of Args
  std::vector<uint32_t> Args;

  GraphView view() const {
    return GraphView{OpKey.size(), OpKey.data(), Users.data(), ArgBegin.data(),
                     Args.data()};
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
  const uint32_t *W;
  bool isWildcard() const { return table::treeIsWildcard(*W); }
  size_t numChildren() const { return table::treeNumChildren(*W); }
  TreeCursor child(size_t I) const {
    const uint32_t *C = W + 1;
    for (; I; --I)
      C += table::treeSize(*C);
    return {C};
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
  const G &Gr;
  const GraphView &V;
  MatchMode Mode;
  MatchEntry Entry;
  MatchMap &Map;

  void record(TreeCursor P, uint32_t Value, NodeId Owner, uint32_t Index) {
    bool IsNode = Value < V.NumNodes;
    if (Mode == MatchMode::Quantize) {
      if (IsNode)
        Map[Value] = Entry;
      else
        GraphTraits<G>::forEachNodeInArg(Gr, Owner, Index,
                                         [&](NodeId N) { Map[N] = Entry; });
    } else {
      if (!IsNode)
        return;
      if (!Map[Value].matched() && !P.isWildcard())
        Map[Value] = Entry;
    }
    size_t NumChildren = P.numChildren();
    if (NumChildren == 0 || !IsNode)
      return;
    uint32_t Begin = V.ArgBegin[Value];
    size_t K = std::min<size_t>(NumChildren, V.ArgBegin[Value + 1] - Begin);
    // Children are laid out one after another in the tree.
    const uint32_t *Child = P.W + 1;
    for (size_t I = 0; I != K; ++I) {
      record(TreeCursor{Child}, V.Args[Begin + I], Value,
             static_cast<uint32_t>(I));
      Child += table::treeSize(*Child);
    }
  }
};

} // namespace detail

/// Interprets a matcher table.
class TableMatcher {
public:
  /// Validates \p T and prepares the target-string index. The table's data
  /// must outlive the matcher.
  static Expected<TableMatcher> create(const MatcherTableView &T);

  MatchMode mode() const { return Mode; }
  const MatcherTableView &table() const { return T; }

  /// Matches \p Gr; the result has one entry per node. A graph whose
  /// GraphTraits hand over flat arrays (see GraphTraits.h; Graph does) is
  /// read in place; any other goes through an interned copy.
  template <typename G> MatchMap match(const G &Gr) const {
    if constexpr (detail::HasFlatView<G>::value)
      return matchFlat(Gr);
    else
      return matchInterned(Gr);
  }

  /// Matching through an interned copy of the graph (intern()); what
  /// match() does for graphs without a flat view.
  template <typename G> MatchMap matchInterned(const G &Gr) const {
    InternedGraph IG = intern(Gr);
    return matchView(IG.view(), [&](MatchMap &Map, NodeId Anchor,
                                    uint32_t Config, detail::TreeCursor Tree) {
      detail::recordMatch(Gr, Tree, Anchor, Config, Mode, Map);
    });
  }

  /// Matching that reads a flat view in place: op keys are computed once
  /// per distinct target and nothing else is copied.
  template <typename G> MatchMap matchFlat(const G &Gr) const {
    using Traits = GraphTraits<G>;
    size_t NumNodes = Traits::numNodes(Gr);
    constexpr uint32_t Unknown = 0xFFFFFFFEu;
    std::vector<uint32_t> KeyOfTarget(Traits::numTargets(Gr) * 3, Unknown);
    std::vector<uint32_t> OpKeys(NumNodes);
    for (size_t I = 0; I != NumNodes; ++I) {
      NodeId N = static_cast<NodeId>(I);
      NodeOp Op = Traits::op(Gr, N);
      std::optional<OpKind> Kind = opKindForNodeOp(Op);
      if (!Kind) {
        OpKeys[I] = table::NoOpKey;
        continue;
      }
      uint32_t &Key = KeyOfTarget[size_t(Traits::targetId(Gr, N)) * 3 +
                                  static_cast<uint32_t>(*Kind)];
      if (Key == Unknown)
        Key = lookupOpKey(Op, Traits::target(Gr, N));
      OpKeys[I] = Key;
    }
    GraphView V{NumNodes, OpKeys.data(), Traits::userCounts(Gr),
                Traits::argBegin(Gr), Traits::positionalArgs(Gr)};
    return matchView(V, [&](MatchMap &Map, NodeId Anchor, uint32_t Config,
                            detail::TreeCursor Tree) {
      detail::FlatRecorder<G>{Gr, V, Mode, MatchEntry{Anchor, Config}, Map}
          .record(Tree, Anchor, 0, 0);
    });
  }

  /// PyTorch's node loop over a graph view: last node first, claimed nodes
  /// skipped, the first pattern that matches wins and `Record(Map, Anchor,
  /// Config, Tree)` records it. Nodes whose op roots no pattern (their
  /// bucket is a lone Fail) never enter the interpreter.
  template <typename RecordFn>
  MatchMap matchView(const GraphView &V, RecordFn &&Record) const {
    MatchMap Map(V.NumNodes);
    std::vector<uint32_t> Regs(NumRegisters, table::NonNode);
    const uint32_t *Patterns = T.Words + T.header(table::HPatternsOffset);
    const uint32_t *Trees = T.Words + T.header(table::HTreesOffset);
    for (size_t I = V.NumNodes; I-- > 0;) {
      NodeId N = static_cast<NodeId>(I);
      if (Map[N].matched())
        continue;
      uint32_t Key = V.OpKey[I];
      uint32_t Code = Key < CodeByKey.size() ? CodeByKey[Key] : DefaultCode;
      if ((T.Words[Code] & 0xFF) == table::OpFail)
        continue;
      uint32_t P = run(V, N, Regs.data());
      if (P == table::NoPattern)
        continue;
      Record(Map, N, Patterns[2 * P],
             detail::TreeCursor{Trees + Patterns[2 * P + 1]});
    }
    return Map;
  }

  /// The pre-pass: interns targets and copies args.
  template <typename G> InternedGraph intern(const G &Gr) const {
    using Traits = GraphTraits<G>;
    InternedGraph IG;
    size_t NumNodes = Traits::numNodes(Gr);
    IG.OpKey.resize(NumNodes);
    IG.Users.resize(NumNodes);
    IG.ArgBegin.resize(NumNodes + 1);
    // A graph that numbers its distinct targets (the optional
    // GraphTraits::targetId/numTargets) is hashed once per target.
    constexpr uint32_t Unknown = 0xFFFFFFFEu;
    std::vector<uint32_t> KeyOfTarget;
    if constexpr (detail::HasTargetIds<G>::value)
      KeyOfTarget.assign(Traits::numTargets(Gr) * 3, Unknown);
    for (size_t I = 0; I != NumNodes; ++I) {
      NodeId N = static_cast<NodeId>(I);
      NodeOp Op = Traits::op(Gr, N);
      if constexpr (detail::HasTargetIds<G>::value) {
        std::optional<OpKind> Kind = opKindForNodeOp(Op);
        if (!Kind) {
          IG.OpKey[I] = table::NoOpKey;
        } else {
          uint32_t &Key = KeyOfTarget[size_t(Traits::targetId(Gr, N)) * 3 +
                                      static_cast<uint32_t>(*Kind)];
          if (Key == Unknown)
            Key = lookupOpKey(Op, Traits::target(Gr, N));
          IG.OpKey[I] = Key;
        }
      } else {
        IG.OpKey[I] = lookupOpKey(Op, Traits::target(Gr, N));
      }
      IG.Users[I] = static_cast<uint32_t>(Traits::numUsers(Gr, N));
      IG.ArgBegin[I] = static_cast<uint32_t>(IG.Args.size());
      for (size_t A = 0, E = Traits::numArgs(Gr, N); A != E; ++A)
        IG.Args.push_back(Traits::arg(Gr, N, A).Node);
    }
    IG.ArgBegin[NumNodes] = static_cast<uint32_t>(IG.Args.size());
    return IG;
  }

  uint32_t run(const GraphView &V, NodeId N, uint32_t *Regs) const;
  uint32_t run(const InternedGraph &IG, NodeId N, uint32_t *Regs) const {
    return run(IG.view(), N, Regs);
  }

  /// The config index of pattern \p P.
  uint32_t configIndex(uint32_t P) const {
    return T.Words[T.header(table::HPatternsOffset) + 2 * P];
  }
  size_t numRegisters() const { return NumRegisters; }

private:
  explicit TableMatcher(const MatcherTableView &T) : T(T) {}
  uint32_t lookupOpKey(NodeOp Op, std::string_view Target) const;

  MatcherTableView T;
  MatchMode Mode = MatchMode::Quantize;
  size_t NumRegisters = 1;
  uint32_t DefaultCode = 0;
  /// Target string -> string id.
  std::unordered_map<std::string_view, uint32_t> StringIds;
  /// Op key -> code offset of its bucket (DefaultCode if it has none).
  std::vector<uint32_t> CodeByKey;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_TABLEMATCHER_H
