//===- MatcherTableBuilder.cpp - Compiling patterns into a table ----------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatcherTableBuilder.h"

#include "bpat/Runtime/Priority.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace bpat::rt {

using namespace table;

namespace {

/// One instruction before encoding. Fields by opcode: Load R <- arg B of A;
/// CheckUsers R; CheckOp R, key A; CheckNargs R, count A; Accept pattern A.
struct Instr {
  uint32_t op = 0, r = 0, a = 0, b = 0;
  friend bool operator==(const Instr &x, const Instr &y) {
    return x.op == y.op && x.r == y.r && x.a == y.a && x.b == y.b;
  }
};

/// A node of a bucket's prefix tree. Its preorder is the bucket's code.
/// Children are linked (first, last, next sibling) rather than held in a
/// vector each: a table has several nodes per pattern.
struct TrieNode {
  Instr i;
  uint32_t firstChild = 0, lastChild = 0, nextSibling = 0; // 0: none
  uint32_t numAccepts = 0;
};

class Builder {
public:
  Builder(const BackendConfig &bc, MatchMode mode) : bc(bc), mode(mode) {}
  Expected<MatcherTable> build();

private:
  uint32_t keyOf(const OpRef &op) const {
    return opKey(stringIds.at(op.target), static_cast<uint32_t>(op.kind));
  }
  uint32_t regFor(uint32_t parent, uint32_t argIndex) {
    auto [It, Inserted] = regs.emplace((uint64_t(parent) << 32) | argIndex,
                                       static_cast<uint32_t>(regs.size() + 1));
    (void)Inserted;
    return It->second;
  }
  void compileChild(const PatternNode &p, uint32_t parent, uint32_t argIndex,
                    std::vector<Instr> &seq);
  std::vector<Instr> compile(const PatternNode &p, uint32_t patternIndex);
  Error serializeTree(const PatternNode &p, std::vector<uint32_t> &out);
  void emit(const std::vector<TrieNode> &trie, uint32_t node,
            std::vector<uint32_t> &words);
  uint32_t countAccepts(std::vector<TrieNode> &trie, uint32_t node);

  const BackendConfig &bc;
  MatchMode mode;
  /// The target strings in sorted order (their ids), and each one's id.
  /// Views into the backend's patterns, which outlive the builder.
  std::vector<std::string_view> strings;
  std::unordered_map<std::string_view, uint32_t> stringIds;
  /// (parent register << 32 | arg index) -> register; register 0 is the
  /// anchor.
  std::unordered_map<uint64_t, uint32_t> regs;
  size_t numGroups = 0;
};

void Builder::compileChild(const PatternNode &p, uint32_t parent,
                           uint32_t argIndex, std::vector<Instr> &seq) {
  if (p.isWildcard)
    return; // `_is_match` returns True before looking at anything.
  uint32_t r = regFor(parent, argIndex);
  seq.push_back({OpLoad, r, parent, argIndex});
  seq.push_back({OpCheckUsers, r, 0, 0}); // inner nodes: max_uses=1
  seq.push_back({OpCheckOp, r, keyOf(p.op), 0});
  if (p.children.empty())
    return;
  seq.push_back({OpCheckNargs, r, static_cast<uint32_t>(p.children.size()), 0});
  for (size_t i = 0, e = p.children.size(); i != e; ++i)
    compileChild(p.children[i], r, static_cast<uint32_t>(i), seq);
}

std::vector<Instr> Builder::compile(const PatternNode &p,
                                    uint32_t patternIndex) {
  std::vector<Instr> seq;
  // The root op is checked by the bucket; a wildcard root matches every node.
  if (!p.isWildcard && !p.children.empty()) {
    seq.push_back(
        {OpCheckNargs, 0, static_cast<uint32_t>(p.children.size()), 0});
    for (size_t i = 0, e = p.children.size(); i != e; ++i)
      compileChild(p.children[i], 0, static_cast<uint32_t>(i), seq);
  }
  seq.push_back({OpAccept, 0, patternIndex, 0});
  return seq;
}

Error Builder::serializeTree(const PatternNode &p, std::vector<uint32_t> &out) {
  if (p.children.size() > 0xFF)
    return Error::failure("a pattern has more than 255 arguments");
  size_t start = out.size();
  out.push_back(0);
  for (const PatternNode &c : p.children)
    if (Error e = serializeTree(c, out))
      return e;
  size_t size = out.size() - start;
  if (size >= (1u << 23))
    return Error::failure("a pattern is too large for the table format");
  out[start] = treeWord(p.isWildcard, static_cast<uint32_t>(p.children.size()),
                        static_cast<uint32_t>(size));
  return Error::success();
}

uint32_t Builder::countAccepts(std::vector<TrieNode> &trie, uint32_t node) {
  uint32_t n = trie[node].i.op == OpAccept ? 1 : 0;
  for (uint32_t c = trie[node].firstChild; c; c = trie[c].nextSibling)
    n += countAccepts(trie, c);
  trie[node].numAccepts = n;
  uint32_t op = trie[node].i.op;
  if (n >= 2 && (op == OpCheckUsers || op == OpCheckOp || op == OpCheckNargs))
    ++numGroups;
  return n;
}

void Builder::emit(const std::vector<TrieNode> &trie, uint32_t node,
                   std::vector<uint32_t> &words) {
  const Instr &i = trie[node].i;
  size_t failSlot = 0;
  switch (i.op) {
  case OpLoad:
    words.insert(words.end(), {OpLoad | (i.r << 8), i.a, i.b});
    break;
  case OpCheckUsers:
    words.insert(words.end(), {OpCheckUsers | (i.r << 8), 0});
    failSlot = words.size() - 1;
    break;
  case OpCheckOp:
  case OpCheckNargs:
    words.insert(words.end(), {i.op | (i.r << 8), i.a, 0});
    failSlot = words.size() - 1;
    break;
  case OpAccept:
    words.insert(words.end(), {OpAccept, i.a});
    break;
  }
  for (uint32_t c = trie[node].firstChild; c; c = trie[c].nextSibling)
    emit(trie, c, words);
  // A failed check skips its whole subtree: every pattern sharing it.
  if (failSlot)
    words[failSlot] = static_cast<uint32_t>(words.size());
}

Expected<MatcherTable> Builder::build() {
  std::vector<uint32_t> order = patternPriorityOrder(bc, mode);
  if (order.size() >= noPattern / 2)
    return Error::failure("too many patterns");

  // Intern every target string used by a pattern (sorted, so ids are stable).
  std::vector<const PatternNode *> stack;
  for (uint32_t c : order)
    stack.push_back(&bc.configs[c].pattern);
  size_t maxDepth = 0;
  for (uint32_t c : order)
    maxDepth = std::max(maxDepth, patternDepth(bc.configs[c].pattern));
  while (!stack.empty()) {
    const PatternNode *p = stack.back();
    stack.pop_back();
    if (!p->isWildcard && stringIds.emplace(p->op.target, 0).second)
      strings.push_back(p->op.target);
    for (const PatternNode &c : p->children)
      stack.push_back(&c);
  }
  if (stringIds.size() >= (1u << 29))
    return Error::failure("too many target strings");
  // Hashing while collecting and sorting once keep this O(n log n) in the
  // distinct targets, not in every op of every pattern.
  std::sort(strings.begin(), strings.end());
  for (uint32_t id = 0; id != strings.size(); ++id)
    stringIds[strings[id]] = id;

  // One check sequence per pattern, in priority order.
  std::vector<std::vector<Instr>> seqs;
  for (uint32_t p = 0; p != order.size(); ++p)
    seqs.push_back(compile(bc.configs[order[p]].pattern, p));
  if (regs.size() + 1 >= (1u << 24))
    return Error::failure("too many pattern positions");

  // Buckets: patterns whose root is that op, plus wildcard roots, in order.
  std::map<uint32_t, std::vector<uint32_t>> buckets;
  std::vector<uint32_t> defaultBucket;
  for (uint32_t p = 0; p != order.size(); ++p) {
    const PatternNode &root = bc.configs[order[p]].pattern;
    if (!root.isWildcard)
      buckets[keyOf(root.op)];
  }
  auto append = [&](std::vector<uint32_t> &list, uint32_t p) {
    // Nothing after a pattern that always matches can ever win.
    if (!list.empty() && seqs[list.back()].size() == 1)
      return;
    list.push_back(p);
  };
  for (uint32_t p = 0; p != order.size(); ++p) {
    const PatternNode &root = bc.configs[order[p]].pattern;
    if (root.isWildcard) {
      for (auto &kv : buckets)
        append(kv.second, p);
      append(defaultBucket, p);
    } else {
      append(buckets[keyOf(root.op)], p);
    }
  }

  // Layout: header, strings, buckets, patterns, trees, code.
  MatcherTable t;
  std::vector<uint32_t> &w = t.words;
  w.assign(HeaderSize, 0);
  w[HMagic] = magic;
  w[HVersion] = version;
  w[HMode] = static_cast<uint32_t>(mode);
  w[HNumRegisters] = static_cast<uint32_t>(regs.size() + 1);
  w[HNumStrings] = static_cast<uint32_t>(stringIds.size());
  w[HStringsOffset] = static_cast<uint32_t>(w.size());
  for (std::string_view s : strings) {
    w.push_back(static_cast<uint32_t>(t.strings.size()));
    t.strings += s;
  }
  w.push_back(static_cast<uint32_t>(t.strings.size()));
  w[HNumBuckets] = static_cast<uint32_t>(buckets.size());
  w[HBucketsOffset] = static_cast<uint32_t>(w.size());
  size_t bucketSlots = w.size();
  w.resize(w.size() + 2 * buckets.size());
  w[HNumPatterns] = static_cast<uint32_t>(order.size());
  w[HPatternsOffset] = static_cast<uint32_t>(w.size());
  size_t patternSlots = w.size();
  w.resize(w.size() + 2 * order.size());
  w[HTreesOffset] = static_cast<uint32_t>(w.size());
  std::vector<uint32_t> trees;
  for (uint32_t p = 0; p != order.size(); ++p) {
    w[patternSlots + 2 * p] = order[p];
    w[patternSlots + 2 * p + 1] = static_cast<uint32_t>(trees.size());
    if (Error e = serializeTree(bc.configs[order[p]].pattern, trees))
      return e;
  }
  w.insert(w.end(), trees.begin(), trees.end());
  w[HTreesSize] = static_cast<uint32_t>(trees.size());
  w[HCodeOffset] = static_cast<uint32_t>(w.size());

  auto emitBucket = [&](const std::vector<uint32_t> &list) {
    uint32_t start = static_cast<uint32_t>(w.size());
    // Insert each pattern next to the previous one only: shared prefixes
    // of consecutive patterns, so the preorder keeps priority order.
    std::vector<TrieNode> trie(1);
    for (uint32_t p : list) {
      uint32_t cur = 0;
      for (const Instr &i : seqs[p]) {
        uint32_t last = trie[cur].lastChild;
        if (last && trie[last].i == i) {
          cur = last;
          continue;
        }
        TrieNode node;
        node.i = i;
        trie.push_back(node);
        uint32_t child = static_cast<uint32_t>(trie.size() - 1);
        if (last)
          trie[last].nextSibling = child;
        else
          trie[cur].firstChild = child;
        trie[cur].lastChild = child;
        cur = child;
      }
    }
    countAccepts(trie, 0);
    for (uint32_t c = trie[0].firstChild; c; c = trie[c].nextSibling)
      emit(trie, c, w);
    // Fail is reached only if the last pattern can fail.
    if (list.empty() || seqs[list.back()].size() != 1)
      w.push_back(OpFail);
    return start;
  };
  size_t b = 0;
  for (const auto &kv : buckets) {
    uint32_t start = emitBucket(kv.second);
    w[bucketSlots + 2 * b] = kv.first;
    w[bucketSlots + 2 * b + 1] = start;
    ++b;
  }
  w[HDefaultCode] = emitBucket(defaultBucket);
  w[HCodeSize] = static_cast<uint32_t>(w.size() - w[HCodeOffset]);
  w[HNumGroups] = static_cast<uint32_t>(numGroups);
  w[HMaxDepth] = static_cast<uint32_t>(maxDepth);
  return t;
}

} // namespace

Expected<MatcherTable> MatcherTableBuilder::build(MatchMode mode) const {
  return Builder(bc, mode).build();
}

} // namespace bpat::rt
