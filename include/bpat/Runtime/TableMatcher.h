//===- bpat/Runtime/TableMatcher.h - Table interpreter ----------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Runs a MatcherTable over any graph with a GraphTraits specialization. A
/// graph with a flat view (rt::Graph) is read in place, each distinct target
/// looked up once; any other is first interned (one hash lookup per node,
/// args copied into a compact form). Matching compares integers only, runs
/// the buckets rebuilt with hashed switches (detail/MatcherProgram.h) and
/// records matches from the interpreter's registers. The results equal
/// NaiveMatcher's.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_TABLEMATCHER_H
#define BPAT_RUNTIME_TABLEMATCHER_H

#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/GraphTraits.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatcherTable.h"
#include "bpat/Runtime/detail/MatcherProgram.h"
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

/// Pointers to a graph in the interpreter's flat form: op keys (null when
/// they are computed from the graph), user counts and positional args (a
/// node id or table::nonNode).
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

/// Whether GraphTraits<G> numbers distinct targets: `targetId(G, N)` in
/// [0, numTargets(G)).
template <typename G, typename = void> struct HasTargetIds : std::false_type {};
template <typename G>
struct HasTargetIds<G, std::void_t<decltype(GraphTraits<G>::targetId(
                                       std::declval<const G &>(), NodeId())),
                                   decltype(GraphTraits<G>::numTargets(
                                       std::declval<const G &>()))>>
    : std::true_type {};

/// A pattern tree inside a table, as a record cursor.
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

/// Whether GraphTraits<G> also hands over its per-node arrays of ops and
/// target ids: `opArray(G)` and `targetIdArray(G)` (see GraphTraits.h).
template <typename G, typename = void>
struct HasNodeArrays : std::false_type {};
template <typename G>
struct HasNodeArrays<
    G, std::void_t<decltype(GraphTraits<G>::opArray(std::declval<const G &>())),
                   decltype(GraphTraits<G>::targetIdArray(
                       std::declval<const G &>()))>> : std::true_type {};

/// Whether a key function's keys are always below the bucket array's size
/// (it says so with a `keysInRange` member).
template <typename K, typename = void> struct KeysInRange : std::false_type {};
template <typename K>
struct KeysInRange<K, std::void_t<decltype(K::keysInRange)>> : std::true_type {
};

/// Records a match as recordMatch does, reading positional arguments from a
/// flat view. Only a wildcard over a non-node argument in quantize mode looks
/// at the argument itself (the nodes inside a list are claimed too).
template <typename G> struct FlatRecorder {
  const G &gr;
  const GraphView &v;
  MatchMode mode;
  MatchEntry entry;
  MatchEntry *map;

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

/// How a pattern's match is recorded, worked out once per table by
/// TableMatcher::create from its tree and the registers the code loads.
struct PatternRecord {
  uint32_t config = 0;
  uint32_t tree = 0; ///< offset into the trees section
  /// Registers holding the positions to record, in
  /// TableMatcher::recordRegs: every non-wildcard position (and, in quantize
  /// mode, the anchor even under a wildcard root).
  uint32_t regsBegin = 0, regsEnd = 0;
  /// Wildcard leaves (parent register, argument index), in
  /// TableMatcher::wildcardPositions; recorded in quantize mode only.
  uint32_t wildBegin = 0, wildEnd = 0;
  /// The tree has a wildcard with children (PyTorch records under it
  /// without checking): recorded by walking the tree instead.
  bool walk = true;
};

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
    GraphView v = ig.view();
    const uint32_t *opKeys = v.opKey;
    return matchWith(gr, v, [opKeys](NodeId n) { return opKeys[n]; });
  }

  /// Matching that reads a flat view in place: a node's op key is computed
  /// when it is needed from its op and target id, each distinct target
  /// being looked up once; nothing is copied per node.
  template <typename G> MatchMap matchFlat(const G &gr) const {
    using Traits = GraphTraits<G>;
    size_t numNodes = Traits::numNodes(gr);
    GraphView v{numNodes, nullptr, Traits::userCounts(gr), Traits::argBegin(gr),
                Traits::positionalArgs(gr)};
    // Per target id: string id << 2, computed on first use. Unknown targets
    // get the spare string id numStrings, whose keys have no bucket and
    // equal no key of the table.
    std::vector<uint32_t> sidOf(Traits::numTargets(gr), unresolved);
    FlatKeys<G> keyOf{&gr, this, sidOf.data(), kindBits, nullptr, nullptr};
    if constexpr (detail::HasNodeArrays<G>::value) {
      keyOf.ops = Traits::opArray(gr);
      keyOf.targetIds = Traits::targetIdArray(gr);
    }
    return matchWith(gr, v, keyOf);
  }

  /// PyTorch's node loop: last node first, claimed nodes skipped, the first
  /// pattern that matches wins and is recorded. \p keyOf gives a node's op
  /// key (keys of nodes that can match no op have no bucket). Nodes whose
  /// op roots no pattern never enter the interpreter; a bucket that accepts
  /// a lone op records the node directly.
  template <typename G, typename KeyFn>
  MatchMap matchWith(const G &gr, const GraphView &v, KeyFn &&keyOf) const {
    MatchMap map(v.numNodes);
    std::vector<uint32_t> regs(registerCount, table::nonNode);
    if (matchMode == MatchMode::Quantize)
      interpret<MatchMode::Quantize, true>(&gr, v, keyOf, map.data(),
                                           regs.data(), 0, 0);
    else
      interpret<MatchMode::Fuse, true>(&gr, v, keyOf, map.data(), regs.data(),
                                       0, 0);
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
    std::vector<uint32_t> sidOf;
    if constexpr (detail::HasTargetIds<G>::value)
      sidOf.assign(Traits::numTargets(gr), unresolved);
    for (size_t i = 0; i != numNodes; ++i) {
      NodeId n = static_cast<NodeId>(i);
      uint32_t sid;
      if constexpr (detail::HasTargetIds<G>::value) {
        uint32_t &s = sidOf[Traits::targetId(gr, n)];
        if (s == unresolved)
          s = lookupString(Traits::target(gr, n)) << 2;
        sid = s;
      } else {
        sid = lookupString(Traits::target(gr, n)) << 2;
      }
      ig.opKey[i] = sid | kindBits[static_cast<size_t>(Traits::op(gr, n)) & 7];
      ig.users[i] = static_cast<uint32_t>(Traits::numUsers(gr, n));
      ig.argBegin[i] = static_cast<uint32_t>(ig.args.size());
      for (size_t a = 0, e = Traits::numArgs(gr, n); a != e; ++a)
        ig.args.push_back(Traits::arg(gr, n, a).node);
    }
    ig.argBegin[numNodes] = static_cast<uint32_t>(ig.args.size());
    return ig;
  }

  /// Runs the bucket of node \p n; returns the pattern index or noPattern.
  uint32_t run(const GraphView &v, NodeId n, uint32_t *regs) const {
    const uint32_t *opKeys = v.opKey;
    auto keyOf = [opKeys](NodeId m) { return opKeys[m]; };
    uint32_t key = keyOf(n);
    uint32_t action =
        bucketActions[key < bucketActions.size() ? key : defaultKey];
    if (action & directBit)
      return directPatterns[key < bucketActions.size() ? key : defaultKey];
    if (action & filterBit)
      action = filterCode[action & ~filterBit]; // the bucket's whole code
    return action ? interpret<MatchMode::Quantize, false, int>(
                        nullptr, v, keyOf, nullptr, regs, action, n)
                  : table::noPattern;
  }
  uint32_t run(const InternedGraph &ig, NodeId n, uint32_t *regs) const {
    return run(ig.view(), n, regs);
  }

  /// The config index of pattern \p p.
  uint32_t configIndex(uint32_t p) const { return patternRecords[p].config; }
  size_t numRegisters() const { return registerCount; }

private:
  explicit TableMatcher(const MatcherTableView &t) : t(t) {}
  /// A node's op key on a graph with a flat view (see matchFlat): the
  /// string id of its target, looked up on first use, and its op kind.
  template <typename G> struct FlatKeys {
    const G *gr;
    const TableMatcher *tm;
    uint32_t *sidOf;
    const uint32_t *kindBits;
    /// The graph's per-node arrays, when its traits hand them over.
    const NodeOp *ops;
    const uint32_t *targetIds;
    /// String ids are at most numStrings, kinds at most 3.
    static constexpr bool keysInRange = true;

    BPAT_ALWAYS_INLINE uint32_t operator()(NodeId n) const {
      uint32_t s = sidOf[targetId(n)];
      if (s == unresolved)
        s = resolve(n);
      return s | kindBits[static_cast<size_t>(op(n)) & 7];
    }
    BPAT_ALWAYS_INLINE uint32_t targetId(NodeId n) const {
      if constexpr (detail::HasNodeArrays<G>::value)
        return targetIds[n];
      else
        return GraphTraits<G>::targetId(*gr, n);
    }
    BPAT_ALWAYS_INLINE NodeOp op(NodeId n) const {
      if constexpr (detail::HasNodeArrays<G>::value)
        return ops[n];
      else
        return GraphTraits<G>::op(*gr, n);
    }
    BPAT_ALWAYS_INLINE uint32_t resolve(NodeId n) const {
      return resolveTarget(gr, tm, sidOf, targetId(n), n);
    }
    // Static, so that the key function's address does not escape (its
    // members stay in registers).
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((noinline, cold))
#endif
    static uint32_t
    resolveTarget(const G *gr, const TableMatcher *tm, uint32_t *sidOf,
                  uint32_t targetId, NodeId n) {
      return sidOf[targetId] = tm->lookupString(GraphTraits<G>::target(*gr, n))
                               << 2;
    }
  };

  /// The string id of \p target, or the spare id numStrings.
  uint32_t lookupString(std::string_view target) const;
  void prepareRecords();
  /// Whether pattern \p p's match is recorded as the anchor alone.
  bool recordsAnchorOnly(uint32_t p) const;

  /// The interpreter. With \p Loop, PyTorch's node loop over the whole
  /// graph (see matchWith), recording matches in \p map; without, one run
  /// from code offset \p pc with node \p n in register 0, returning the
  /// pattern index or noPattern. Each handler dispatches the next
  /// instruction itself (computed goto where the compiler has it), so that
  /// the branch predictor sees where each kind of instruction tends to lead;
  /// the node loop lives here too, as the handler table cannot be inlined.
  template <MatchMode Mode, bool Loop, typename G, typename KeyFn>
  uint32_t interpret(const G *gr, const GraphView &v, const KeyFn &keyOfIn,
                     MatchEntry *map, uint32_t *regs, uint32_t pc,
                     NodeId n) const {
    const KeyFn keyOf = keyOfIn; // its pointers in registers
    // Arguments are node ids or nonNode (GraphView).
    constexpr uint32_t nonNode = table::nonNode;
    const uint32_t *w = prog.code.data();
    const uint32_t *argBegin = v.argBegin, *args = v.args, *users = v.users;
    const uint32_t *actions = bucketActions.data();
    auto nargs = [&](uint32_t m) { return argBegin[m + 1] - argBegin[m]; };
    auto load = [&](uint32_t parent, uint32_t i) {
      uint32_t val = table::nonNode;
      if (parent != nonNode && i < nargs(parent))
        val = args[argBegin[parent] + i];
      return val;
    };
    // A node with at most one user.
    auto loadedOne = [&](uint32_t val) {
      return val != nonNode && users[val] <= 1;
    };
    const uint32_t numKeys = static_cast<uint32_t>(bucketActions.size());
    size_t i = Loop ? v.numNodes : 0;
    uint32_t p = table::noPattern;
#if defined(__GNUC__) || defined(__clang__)
    static const void *const handlers[16] = {
        &&fail,       &&load,        &&checkUsers,     &&checkOp,
        &&checkNargs, &&accept,      &&fail,           &&loadUsers,
        &&switchOp,   &&switchNargs, &&nargsLoadUsers, &&checkOpAccept,
        &&fail,       &&fail,        &&fail,           &&fail};
    // One run (run()) dispatches through the switch below.
#define BPAT_NEXT()                                                            \
  do {                                                                         \
    if constexpr (Loop)                                                        \
      goto *handlers[w[pc] & 0xF];                                             \
    else                                                                       \
      goto dispatch;                                                           \
  } while (false)
#else
#define BPAT_NEXT() goto dispatch
#endif
    if constexpr (Loop)
      goto fail;
    regs[0] = n;
    goto dispatch;
  dispatch:
    switch (w[pc] & 0xF) {
    case table::OpLoad:
      goto load;
    case table::OpCheckUsers:
      goto checkUsers;
    case table::OpCheckOp:
      goto checkOp;
    case table::OpCheckNargs:
      goto checkNargs;
    case table::OpAccept:
      goto accept;
    case detail::opLoadUsers:
      goto loadUsers;
    case detail::opSwitchOp:
      goto switchOp;
    case detail::opSwitchNargs:
      goto switchNargs;
    case detail::opNargsLoadUsers:
      goto nargsLoadUsers;
    case detail::opCheckOpAccept:
      goto checkOpAccept;
    default:
      goto fail;
    }
    BPAT_NEXT();
  nargsLoadUsers : {
    uint32_t parent = regs[w[pc + 1]], val = table::nonNode;
    if (parent != nonNode && nargs(parent) == w[pc + 2])
      val = args[argBegin[parent] + w[pc + 3]];
    regs[w[pc] >> 8] = val;
    pc = loadedOne(val) ? pc + 5 : w[pc + 4];
    BPAT_NEXT();
  }
  loadUsers : {
    uint32_t val = load(regs[w[pc + 1]], w[pc + 2]);
    regs[w[pc] >> 8] = val;
    pc = loadedOne(val) ? pc + 4 : w[pc + 3];
    BPAT_NEXT();
  }
  switchOp : {
    uint32_t val = regs[w[pc] >> 8];
    pc = val != nonNode
             ? prog.select(w[pc + 1], w[pc + 2], keyOf(val), w[pc + 3])
             : w[pc + 3];
    if (pc & detail::acceptBit) {
      p = pc & ~detail::acceptBit;
      goto matched;
    }
    BPAT_NEXT();
  }
  switchNargs : {
    uint32_t val = regs[w[pc] >> 8];
    pc = val != nonNode
             ? prog.select(w[pc + 1], w[pc + 2], nargs(val), w[pc + 3])
             : w[pc + 3];
    if (pc & detail::acceptBit) {
      p = pc & ~detail::acceptBit;
      goto matched;
    }
    BPAT_NEXT();
  }
  checkOpAccept : {
    uint32_t val = regs[w[pc] >> 8];
    if (val != nonNode && keyOf(val) == w[pc + 1]) {
      p = w[pc + 2];
      goto matched;
    }
    pc = w[pc + 3];
    BPAT_NEXT();
  }
  load:
    regs[w[pc] >> 8] = load(regs[w[pc + 1]], w[pc + 2]);
    pc += 3;
    BPAT_NEXT();
  checkUsers:
    pc = loadedOne(regs[w[pc] >> 8]) ? pc + 2 : w[pc + 1];
    BPAT_NEXT();
  checkOp : {
    uint32_t val = regs[w[pc] >> 8];
    pc = (val != nonNode && keyOf(val) == w[pc + 1]) ? pc + 3 : w[pc + 2];
    BPAT_NEXT();
  }
  checkNargs : {
    uint32_t val = regs[w[pc] >> 8];
    pc = (val != nonNode && nargs(val) == w[pc + 1]) ? pc + 3 : w[pc + 2];
    BPAT_NEXT();
  }
  accept:
    p = w[pc + 1];
  matched:
    if constexpr (Loop)
      record<Mode>(*gr, v, p, n, regs, map);
    else
      return p;
  fail: // and on to the next node (there is none without Loop)
    while (i != 0) {
      --i;
      if (map[i].matched())
        continue;
      n = static_cast<NodeId>(i);
      uint32_t key = keyOf(n);
      if constexpr (!detail::KeysInRange<KeyFn>::value)
        key = key < numKeys ? key : defaultKey;
      uint32_t action = actions[key];
      if (action & directBit) {
        map[i] = MatchEntry{n, action & ~directBit};
        continue;
      }
      if (action == 0)
        continue;
      if (action & filterBit) {
        const detail::BucketFilter &f = prog.filters[action & ~filterBit];
        uint32_t b = argBegin[n];
        uint32_t first = argBegin[n + 1] != b ? args[b] : nonNode;
        action = first == nonNode
                     ? nonNode
                     : prog.select(f.firstSlot, f.shift, keyOf(first), nonNode);
        if (action == nonNode) {
          if (f.fallbackConfig != table::noPattern)
            map[i] = MatchEntry{n, f.fallbackConfig};
          continue;
        }
      }
      pc = action;
      regs[0] = n;
      BPAT_NEXT();
    }
    return table::noPattern;
#undef BPAT_NEXT
  }

  /// Records the match of pattern \p p anchored at \p anchor, from the
  /// registers the interpreter left (the values of the pattern's positions).
  template <MatchMode Mode, typename G>
  void record(const G &gr, const GraphView &v, uint32_t p, NodeId anchor,
              const uint32_t *regs, MatchEntry *map) const {
    const PatternRecord &pr = patternRecords[p];
    if (pr.walk) {
      recordByWalk(gr, v, pr, anchor, map);
      return;
    }
    const MatchEntry entry{anchor, pr.config};
    // The registers of the pattern's positions hold nodes (their loads
    // succeeded on the way to the Accept).
    for (const uint32_t *k = recordRegs.data() + pr.regsBegin,
                        *e = recordRegs.data() + pr.regsEnd;
         k != e; ++k) {
      uint32_t val = regs[*k];
      // Fuse: only unclaimed nodes at non-wildcard positions.
      if (Mode == MatchMode::Quantize || !map[val].matched())
        map[val] = entry;
    }
    if (Mode == MatchMode::Quantize && pr.wildBegin != pr.wildEnd)
      recordWildcards(gr, v, pr, entry, regs, map);
  }

  /// Quantize: a wildcard claims its node, or the nodes nested in a list.
  template <typename G>
  void recordWildcards(const G &gr, const GraphView &v, const PatternRecord &pr,
                       MatchEntry entry, const uint32_t *regs,
                       MatchEntry *map) const {
    const uint32_t numNodes = static_cast<uint32_t>(v.numNodes);
    for (uint32_t k = pr.wildBegin; k != pr.wildEnd; ++k) {
      uint32_t owner = regs[wildcardPositions[k].first];
      uint32_t i = wildcardPositions[k].second;
      if (owner >= numNodes || i >= v.argBegin[owner + 1] - v.argBegin[owner])
        continue;
      uint32_t val = v.args[v.argBegin[owner] + i];
      if (val < numNodes)
        map[val] = entry;
      else
        GraphTraits<G>::forEachNodeInArg(gr, owner, i,
                                         [&](NodeId m) { map[m] = entry; });
    }
  }

  template <typename G>
  void recordByWalk(const G &gr, const GraphView &v, const PatternRecord &pr,
                    NodeId anchor, MatchEntry *map) const {
    const uint32_t *trees = t.words + t.header(table::HTreesOffset);
    detail::FlatRecorder<G>{gr, v, matchMode, MatchEntry{anchor, pr.config},
                            map}
        .record(detail::TreeCursor{trees + pr.tree}, anchor, 0, 0);
  }

  /// NodeOp -> OpKind, 3 for ops that match no op kind.
  static constexpr uint32_t unresolved = 0xFFFFFFFFu;
  uint32_t kindBits[8] = {3, 3, 3, 3, 3, 3, 3, 3};

  MatcherTableView t;
  MatchMode matchMode = MatchMode::Quantize;
  size_t registerCount = 1;
  /// Target string -> string id.
  std::unordered_map<std::string_view, uint32_t> stringIds;
  /// Op key -> what its bucket does: 0 if it is a lone Fail (no pattern is
  /// rooted at the op), DirectBit | config if its first pattern is the lone
  /// op (the match is the node alone), FilterBit | filter if it has a
  /// filter, else its code offset. Keys of the
  /// spare string id numStrings (unknown targets) and of kind 3 (no op
  /// kind) lead to the default bucket.
  std::vector<uint32_t> bucketActions;
  /// Per filter, its bucket's code (for run()).
  std::vector<uint32_t> filterCode;
  /// For a DirectBit action, the pattern index (for run()).
  std::vector<uint32_t> directPatterns;
  static constexpr uint32_t directBit = 0x80000000u;
  /// FilterBit | filter index: the bucket's filter
  /// (MatcherProgram::filters) decides first whether to run its code.
  static constexpr uint32_t filterBit = 0x40000000u;
  /// A key whose entry is the default bucket.
  uint32_t defaultKey = 0;
  detail::MatcherProgram prog;
  std::vector<PatternRecord> patternRecords;
  std::vector<uint32_t> recordRegs;
  std::vector<std::pair<uint32_t, uint32_t>> wildcardPositions;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_TABLEMATCHER_H
