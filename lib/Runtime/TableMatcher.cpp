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

} // namespace bpat::rt
