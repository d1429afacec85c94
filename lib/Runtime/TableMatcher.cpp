//===- TableMatcher.cpp - The matcher-table interpreter -------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/TableMatcher.h"

#include <algorithm>

namespace bpat::rt {

using namespace table;

Expected<TableMatcher> TableMatcher::create(const MatcherTableView &T) {
  if (Error E = validateTable(T))
    return E;
  TableMatcher M(T);
  M.Mode = static_cast<MatchMode>(T.header(HMode));
  M.NumRegisters = T.header(HNumRegisters);
  M.DefaultCode = T.header(HDefaultCode);
  uint32_t NumStrings = T.header(HNumStrings);
  M.StringIds.reserve(NumStrings);
  for (uint32_t I = 0; I != NumStrings; ++I)
    M.StringIds.emplace(T.string(I), I);
  // A dense op key -> bucket map; the table itself stores sorted pairs.
  M.CodeByKey.assign(size_t(NumStrings) * 4, M.DefaultCode);
  const uint32_t *Bk = T.Words + T.header(HBucketsOffset);
  for (uint32_t B = 0; B != T.header(HNumBuckets); ++B)
    M.CodeByKey[Bk[2 * B]] = Bk[2 * B + 1];
  return M;
}

uint32_t TableMatcher::lookupOpKey(NodeOp Op, std::string_view Target) const {
  std::optional<OpKind> Kind = opKindForNodeOp(Op);
  if (!Kind)
    return NoOpKey;
  auto It = StringIds.find(Target);
  if (It == StringIds.end())
    return NoOpKey;
  return opKey(It->second, static_cast<uint32_t>(*Kind));
}

uint32_t TableMatcher::run(const GraphView &IG, NodeId N,
                           uint32_t *Regs) const {
  const uint32_t *W = T.Words;
  const uint32_t NumNodes = static_cast<uint32_t>(IG.NumNodes);
  uint32_t Key = IG.OpKey[N];
  uint32_t Pc = Key < CodeByKey.size() ? CodeByKey[Key] : DefaultCode;
  Regs[0] = N;
  for (;;) {
    uint32_t Word = W[Pc];
    uint32_t R = Word >> 8;
    switch (Word & 0xFF) {
    case OpLoad: {
      uint32_t Parent = Regs[W[Pc + 1]];
      uint32_t I = W[Pc + 2];
      uint32_t V = NonNode;
      if (Parent < NumNodes &&
          I < IG.ArgBegin[Parent + 1] - IG.ArgBegin[Parent])
        V = IG.Args[IG.ArgBegin[Parent] + I];
      Regs[R] = V < NumNodes ? V : NonNode;
      Pc += 3;
      break;
    }
    case OpCheckUsers: {
      uint32_t V = Regs[R];
      Pc = (V < NumNodes && IG.Users[V] <= 1) ? Pc + 2 : W[Pc + 1];
      break;
    }
    case OpCheckOp: {
      uint32_t V = Regs[R];
      Pc = (V < NumNodes && IG.OpKey[V] == W[Pc + 1]) ? Pc + 3 : W[Pc + 2];
      break;
    }
    case OpCheckNargs: {
      uint32_t V = Regs[R];
      Pc = (V < NumNodes && IG.ArgBegin[V + 1] - IG.ArgBegin[V] == W[Pc + 1])
               ? Pc + 3
               : W[Pc + 2];
      break;
    }
    case OpAccept:
      return W[Pc + 1];
    default:
      return NoPattern;
    }
  }
}

namespace {

/// Records a match the way detail::recordMatch does, reading positional
/// arguments from the graph's flat view. Only a wildcard over a non-node
/// argument in quantize mode looks at the argument itself (the nodes inside
/// a list are claimed too).
struct FlatRecorder {
  const Graph &Gr;
  const GraphView &V;
  MatchMode Mode;
  MatchEntry Entry;
  MatchMap &Map;

  void record(detail::TreeCursor P, uint32_t Value, NodeId Owner,
              uint32_t Index) {
    bool IsNode = Value < V.NumNodes;
    if (Mode == MatchMode::Quantize) {
      if (IsNode)
        Map[Value] = Entry;
      else
        GraphTraits<Graph>::forEachNodeInArg(Gr, Owner, Index,
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
      record(detail::TreeCursor{Child}, V.Args[Begin + I], Value,
             static_cast<uint32_t>(I));
      Child += table::treeSize(*Child);
    }
  }
};

} // namespace

MatchMap TableMatcher::match(const Graph &Gr) const {
  size_t NumNodes = Gr.size();
  // Op keys: one hash lookup per distinct (target, kind), not per node.
  constexpr uint32_t Unknown = 0xFFFFFFFEu;
  std::vector<uint32_t> KeyOfTarget(Gr.numTargets() * 3, Unknown);
  std::vector<uint32_t> OpKeys(NumNodes);
  for (size_t I = 0; I != NumNodes; ++I) {
    NodeOp Op = Gr.op(static_cast<NodeId>(I));
    std::optional<OpKind> Kind = opKindForNodeOp(Op);
    if (!Kind) {
      OpKeys[I] = NoOpKey;
      continue;
    }
    uint32_t &Key =
        KeyOfTarget[size_t(Gr.targetId(static_cast<NodeId>(I))) * 3 +
                    static_cast<uint32_t>(*Kind)];
    if (Key == Unknown)
      Key = lookupOpKey(Op, Gr.targetName(Gr.targetId(static_cast<NodeId>(I))));
    OpKeys[I] = Key;
  }
  GraphView V{NumNodes, OpKeys.data(), Gr.userCounts().data(),
              Gr.argBegin().data(), Gr.positionalArgs().data()};

  MatchMap Map(NumNodes);
  std::vector<uint32_t> Regs(NumRegisters, NonNode);
  const uint32_t *Patterns = T.Words + T.header(HPatternsOffset);
  const uint32_t *Trees = T.Words + T.header(HTreesOffset);
  // Most nodes' ops root no pattern: their bucket is a lone Fail.
  auto FailsAtOnce = [&](uint32_t Code) {
    return (T.Words[Code] & 0xFF) == OpFail;
  };
  for (size_t I = NumNodes; I-- > 0;) {
    NodeId N = static_cast<NodeId>(I);
    if (Map[N].matched())
      continue;
    uint32_t Key = OpKeys[I];
    if (FailsAtOnce(Key < CodeByKey.size() ? CodeByKey[Key] : DefaultCode))
      continue;
    uint32_t P = run(V, N, Regs.data());
    if (P == NoPattern)
      continue;
    FlatRecorder{Gr, V, Mode, MatchEntry{N, Patterns[2 * P]}, Map}.record(
        detail::TreeCursor{Trees + Patterns[2 * P + 1]}, N, 0, 0);
  }
  return Map;
}

} // namespace bpat::rt
