//===- TableMatcher.cpp - The matcher-table interpreter -------------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
//
// What TableMatcher::create derives from a validated table so that matching
// does no decoding it can avoid: the dense op key -> bucket array (with the
// buckets that are a lone Fail or a lone-op Accept marked), and per pattern
// the registers its positions are loaded into, so that a match is recorded
// from the registers instead of by walking the pattern tree over the graph.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/TableMatcher.h"

#include <map>

namespace bpat::rt {

using namespace table;

namespace {

/// (parent register, argument index) of a Load.
using Position = std::pair<uint32_t, uint32_t>;

/// The registers the code loads each position into. A position loaded into
/// two registers, or a register loaded from two positions, is left out: the
/// patterns using it are recorded by walking their tree.
std::map<Position, uint32_t> loadedPositions(const MatcherTableView &t) {
  std::map<Position, uint32_t> regOf;
  std::map<uint32_t, Position> posOf;
  std::map<Position, bool> ambiguous;
  const uint32_t *w = t.words;
  uint64_t end = uint64_t(t.header(HCodeOffset)) + t.header(HCodeSize);
  for (uint64_t pc = t.header(HCodeOffset); pc < end;) {
    uint32_t op = w[pc] & 0xFF;
    if (op == OpLoad) {
      uint32_t r = w[pc] >> 8;
      Position pos{w[pc + 1], w[pc + 2]};
      auto [ri, newPos] = regOf.emplace(pos, r);
      auto [pi, newReg] = posOf.emplace(r, pos);
      if ((!newPos && ri->second != r) || (!newReg && pi->second != pos) ||
          r == 0) {
        ambiguous[pos] = true;
        ambiguous[pi->second] = true;
      }
    }
    pc += instructionSize(op);
  }
  for (const auto &kv : ambiguous)
    regOf.erase(kv.first);
  return regOf;
}

} // namespace

Expected<TableMatcher> TableMatcher::create(const MatcherTableView &t) {
  if (Error e = validateTable(t))
    return e;
  TableMatcher m(t);
  m.matchMode = static_cast<MatchMode>(t.header(HMode));
  m.registerCount = t.header(HNumRegisters);
  for (size_t op = 0; op != std::size(nodeOpNames); ++op)
    if (std::optional<OpKind> k = opKindForNodeOp(static_cast<NodeOp>(op)))
      m.kindBits[op] = static_cast<uint32_t>(*k);
  uint32_t numStrings = t.header(HNumStrings);
  m.stringIds.reserve(numStrings);
  for (uint32_t i = 0; i != numStrings; ++i)
    m.stringIds.emplace(t.string(i), i);
  m.prepareRecords();

  // A dense op key -> bucket array (the table stores sorted pairs). Keys of
  // the spare string id numStrings (unknown targets) and of kind 3 (nodes
  // that match no op) keep the default bucket.
  auto set = [&](uint32_t key, uint32_t code) {
    uint32_t op = t.words[code] & 0xFF;
    uint32_t action = op == OpFail ? 0 : code, pattern = noPattern;
    if (op == OpAccept) {
      pattern = t.words[code + 1];
      if (m.recordsAnchorOnly(pattern))
        action = directBit | m.patternRecords[pattern].config;
    }
    m.bucketActions[key] = action;
    m.directPatterns[key] = pattern;
  };
  size_t numKeys = (size_t(numStrings) + 1) * 4;
  m.bucketActions.resize(numKeys);
  m.directPatterns.resize(numKeys);
  for (uint32_t key = 0; key != numKeys; ++key)
    set(key, t.header(HDefaultCode));
  m.defaultKey = numStrings * 4 + 3;
  const uint32_t *bk = t.words + t.header(HBucketsOffset);
  for (uint32_t b = 0; b != t.header(HNumBuckets); ++b)
    set(bk[2 * b], bk[2 * b + 1]);
  // The interpreter runs the rebuilt buckets (detail/MatcherProgram.h).
  std::vector<uint32_t> starts;
  for (uint32_t a : m.bucketActions)
    if (a && !(a & directBit))
      starts.push_back(a);
  std::vector<uint32_t> rebuilt = starts, filterOf;
  m.prog = detail::compileProgram(t, rebuilt, filterOf);
  std::map<uint32_t, std::pair<uint32_t, uint32_t>> moved;
  bool allRebuilt = true;
  for (size_t i = 0; i != starts.size(); ++i) {
    moved.emplace(starts[i], std::make_pair(rebuilt[i], filterOf[i]));
    allRebuilt &= rebuilt[i] != starts[i];
  }
  // The registers are known to hold a pattern's positions only on the
  // rebuilt paths; a table of another shape records by walking the trees.
  if (!allRebuilt)
    for (PatternRecord &pr : m.patternRecords)
      pr.walk = true;
  for (uint32_t &a : m.bucketActions) {
    if (!a || (a & directBit))
      continue;
    auto [code, filter] = moved[a];
    a = code;
    // A filter is used when its fallback is recorded as the node alone.
    if (filter == detail::noIndex || filter >= filterBit || code >= filterBit)
      continue;
    uint32_t fallback = m.prog.filters[filter].fallback;
    if (fallback != noPattern && !m.recordsAnchorOnly(fallback))
      continue;
    if (m.filterCode.size() <= filter)
      m.filterCode.resize(filter + 1, 0);
    m.filterCode[filter] = code;
    m.prog.filters[filter].fallbackConfig =
        fallback == noPattern ? noPattern : m.patternRecords[fallback].config;
    a = filterBit | filter;
  }
  std::vector<uint32_t> entries;
  for (uint32_t a : m.bucketActions)
    if (a && !(a & directBit))
      entries.push_back(a & filterBit ? m.filterCode[a & ~filterBit] : a);
  if (Error e =
          detail::checkProgram(m.prog, static_cast<uint32_t>(m.registerCount),
                               t.header(HNumPatterns), entries))
    return e;
  return m;
}

void TableMatcher::prepareRecords() {
  std::map<Position, uint32_t> regOf = loadedPositions(t);
  const uint32_t *patterns = t.words + t.header(HPatternsOffset);
  const uint32_t *trees = t.words + t.header(HTreesOffset);
  uint32_t numPatterns = t.header(HNumPatterns);
  patternRecords.resize(numPatterns);
  for (uint32_t p = 0; p != numPatterns; ++p) {
    PatternRecord &pr = patternRecords[p];
    pr.config = patterns[2 * p];
    pr.tree = patterns[2 * p + 1];
    pr.regsBegin = static_cast<uint32_t>(recordRegs.size());
    pr.wildBegin = static_cast<uint32_t>(wildcardPositions.size());
    bool ok = true;
    // Positions in preorder: (tree word, register holding its value).
    std::vector<std::pair<const uint32_t *, uint32_t>> stack;
    const uint32_t *root = trees + pr.tree;
    if (treeIsWildcard(*root)) {
      // The root is the anchor; quantize records it even as a wildcard.
      ok = treeNumChildren(*root) == 0;
      if (matchMode == MatchMode::Quantize)
        recordRegs.push_back(0);
    } else {
      recordRegs.push_back(0);
      stack.emplace_back(root, 0);
    }
    while (ok && !stack.empty()) {
      auto [node, reg] = stack.back();
      stack.pop_back();
      const uint32_t *child = node + 1;
      for (uint32_t i = 0, e = treeNumChildren(*node); i != e; ++i) {
        if (treeIsWildcard(*child)) {
          // Nothing checked it: a wildcard's children are recorded without
          // checks, which the tree walk does.
          if (treeNumChildren(*child) != 0) {
            ok = false;
            break;
          }
          wildcardPositions.emplace_back(reg, i);
        } else {
          auto it = regOf.find(Position{reg, i});
          if (it == regOf.end()) {
            ok = false;
            break;
          }
          recordRegs.push_back(it->second);
          stack.emplace_back(child, it->second);
        }
        child += treeSize(*child);
      }
    }
    if (!ok) {
      recordRegs.resize(pr.regsBegin);
      wildcardPositions.resize(pr.wildBegin);
    }
    pr.walk = !ok;
    pr.regsEnd = static_cast<uint32_t>(recordRegs.size());
    pr.wildEnd = static_cast<uint32_t>(wildcardPositions.size());
  }
}

bool TableMatcher::recordsAnchorOnly(uint32_t p) const {
  const PatternRecord &pr = patternRecords[p];
  return !pr.walk && pr.wildBegin == pr.wildEnd &&
         pr.regsEnd - pr.regsBegin == 1 && recordRegs[pr.regsBegin] == 0 &&
         pr.config < filterBit;
}

uint32_t TableMatcher::lookupString(std::string_view target) const {
  auto it = stringIds.find(target);
  return it == stringIds.end() ? t.header(HNumStrings) : it->second;
}

} // namespace bpat::rt
