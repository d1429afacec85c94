//===- TableMatcher.cpp - The matcher-table interpreter -------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/TableMatcher.h"

#include <algorithm>

namespace bpat::rt {

using namespace table;

Expected<TableMatcher> TableMatcher::create(const MatcherTableView &t) {
  if (Error e = validateTable(t))
    return e;
  TableMatcher m(t);
  m.matchMode = static_cast<MatchMode>(t.header(HMode));
  m.registerCount = t.header(HNumRegisters);
  m.defaultCode = t.header(HDefaultCode);
  uint32_t numStrings = t.header(HNumStrings);
  m.stringIds.reserve(numStrings);
  for (uint32_t i = 0; i != numStrings; ++i)
    m.stringIds.emplace(t.string(i), i);
  // A dense op key -> bucket map; the table itself stores sorted pairs.
  m.codeByKey.assign(size_t(numStrings) * 4, m.defaultCode);
  const uint32_t *bk = t.words + t.header(HBucketsOffset);
  for (uint32_t b = 0; b != t.header(HNumBuckets); ++b)
    m.codeByKey[bk[2 * b]] = bk[2 * b + 1];
  return m;
}

uint32_t TableMatcher::lookupOpKey(NodeOp op, std::string_view target) const {
  std::optional<OpKind> kind = opKindForNodeOp(op);
  if (!kind)
    return noOpKey;
  auto it = stringIds.find(target);
  if (it == stringIds.end())
    return noOpKey;
  return opKey(it->second, static_cast<uint32_t>(*kind));
}

uint32_t TableMatcher::run(const GraphView &ig, NodeId n,
                           uint32_t *regs) const {
  const uint32_t *w = t.words;
  const uint32_t numNodes = static_cast<uint32_t>(ig.numNodes);
  uint32_t key = ig.opKey[n];
  uint32_t pc = key < codeByKey.size() ? codeByKey[key] : defaultCode;
  regs[0] = n;
  for (;;) {
    uint32_t word = w[pc];
    uint32_t r = word >> 8;
    switch (word & 0xFF) {
    case OpLoad: {
      uint32_t parent = regs[w[pc + 1]];
      uint32_t i = w[pc + 2];
      uint32_t v = nonNode;
      if (parent < numNodes &&
          i < ig.argBegin[parent + 1] - ig.argBegin[parent])
        v = ig.args[ig.argBegin[parent] + i];
      regs[r] = v < numNodes ? v : nonNode;
      pc += 3;
      break;
    }
    case OpCheckUsers: {
      uint32_t v = regs[r];
      pc = (v < numNodes && ig.users[v] <= 1) ? pc + 2 : w[pc + 1];
      break;
    }
    case OpCheckOp: {
      uint32_t v = regs[r];
      pc = (v < numNodes && ig.opKey[v] == w[pc + 1]) ? pc + 3 : w[pc + 2];
      break;
    }
    case OpCheckNargs: {
      uint32_t v = regs[r];
      pc = (v < numNodes && ig.argBegin[v + 1] - ig.argBegin[v] == w[pc + 1])
               ? pc + 3
               : w[pc + 2];
      break;
    }
    case OpAccept:
      return w[pc + 1];
    default:
      return noPattern;
    }
  }
}

} // namespace bpat::rt
