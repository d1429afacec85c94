//===- MatcherTableBuilder.cpp - Compiling patterns into a table ----------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatcherTableBuilder.h"

#include "bpat/Runtime/Priority.h"

#include <algorithm>
#include <map>

namespace bpat::rt {

using namespace table;

namespace {

/// One instruction before encoding. Fields by opcode: Load R <- arg B of A;
/// CheckUsers R; CheckOp R, key A; CheckNargs R, count A; Accept pattern A.
struct Instr {
  uint32_t Op = 0, R = 0, A = 0, B = 0;
  friend bool operator==(const Instr &X, const Instr &Y) {
    return X.Op == Y.Op && X.R == Y.R && X.A == Y.A && X.B == Y.B;
  }
};

/// A node of a bucket's prefix tree. Its preorder is the bucket's code.
struct TrieNode {
  Instr I;
  std::vector<uint32_t> Children;
  uint32_t NumAccepts = 0;
};

class Builder {
public:
  Builder(const BackendConfig &BC, MatchMode Mode) : BC(BC), Mode(Mode) {}
  Expected<MatcherTable> build();

private:
  uint32_t keyOf(const OpRef &Op) const {
    return opKey(StringIds.at(Op.Target), static_cast<uint32_t>(Op.Kind));
  }
  uint32_t regFor(uint32_t Parent, uint32_t ArgIndex) {
    auto [It, Inserted] = Regs.emplace(std::make_pair(Parent, ArgIndex),
                                       static_cast<uint32_t>(Regs.size() + 1));
    (void)Inserted;
    return It->second;
  }
  void compileChild(const PatternNode &P, uint32_t Parent, uint32_t ArgIndex,
                    std::vector<Instr> &Seq);
  std::vector<Instr> compile(const PatternNode &P, uint32_t PatternIndex);
  Error serializeTree(const PatternNode &P, std::vector<uint32_t> &Out);
  void emit(const std::vector<TrieNode> &Trie, uint32_t Node,
            std::vector<uint32_t> &Words);
  uint32_t countAccepts(std::vector<TrieNode> &Trie, uint32_t Node);

  const BackendConfig &BC;
  MatchMode Mode;
  std::map<std::string, uint32_t> StringIds;
  /// (parent register, arg index) -> register; register 0 is the anchor.
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> Regs;
  size_t NumGroups = 0;
};

void Builder::compileChild(const PatternNode &P, uint32_t Parent,
                           uint32_t ArgIndex, std::vector<Instr> &Seq) {
  if (P.IsWildcard)
    return; // `_is_match` returns True before looking at anything.
  uint32_t R = regFor(Parent, ArgIndex);
  Seq.push_back({OpLoad, R, Parent, ArgIndex});
  Seq.push_back({OpCheckUsers, R, 0, 0}); // inner nodes: max_uses=1
  Seq.push_back({OpCheckOp, R, keyOf(P.Op), 0});
  if (P.Children.empty())
    return;
  Seq.push_back({OpCheckNargs, R, static_cast<uint32_t>(P.Children.size()), 0});
  for (size_t I = 0, E = P.Children.size(); I != E; ++I)
    compileChild(P.Children[I], R, static_cast<uint32_t>(I), Seq);
}

std::vector<Instr> Builder::compile(const PatternNode &P,
                                    uint32_t PatternIndex) {
  std::vector<Instr> Seq;
  // The root op is checked by the bucket; a wildcard root matches every node.
  if (!P.IsWildcard && !P.Children.empty()) {
    Seq.push_back(
        {OpCheckNargs, 0, static_cast<uint32_t>(P.Children.size()), 0});
    for (size_t I = 0, E = P.Children.size(); I != E; ++I)
      compileChild(P.Children[I], 0, static_cast<uint32_t>(I), Seq);
  }
  Seq.push_back({OpAccept, 0, PatternIndex, 0});
  return Seq;
}

Error Builder::serializeTree(const PatternNode &P, std::vector<uint32_t> &Out) {
  if (P.Children.size() > 0xFF)
    return Error::failure("a pattern has more than 255 arguments");
  size_t Start = Out.size();
  Out.push_back(0);
  for (const PatternNode &C : P.Children)
    if (Error E = serializeTree(C, Out))
      return E;
  size_t Size = Out.size() - Start;
  if (Size >= (1u << 23))
    return Error::failure("a pattern is too large for the table format");
  Out[Start] = treeWord(P.IsWildcard, static_cast<uint32_t>(P.Children.size()),
                        static_cast<uint32_t>(Size));
  return Error::success();
}

uint32_t Builder::countAccepts(std::vector<TrieNode> &Trie, uint32_t Node) {
  uint32_t N = Trie[Node].I.Op == OpAccept ? 1 : 0;
  for (uint32_t C : Trie[Node].Children)
    N += countAccepts(Trie, C);
  Trie[Node].NumAccepts = N;
  uint32_t Op = Trie[Node].I.Op;
  if (N >= 2 && (Op == OpCheckUsers || Op == OpCheckOp || Op == OpCheckNargs))
    ++NumGroups;
  return N;
}

void Builder::emit(const std::vector<TrieNode> &Trie, uint32_t Node,
                   std::vector<uint32_t> &Words) {
  const Instr &I = Trie[Node].I;
  size_t FailSlot = 0;
  switch (I.Op) {
  case OpLoad:
    Words.insert(Words.end(), {OpLoad | (I.R << 8), I.A, I.B});
    break;
  case OpCheckUsers:
    Words.insert(Words.end(), {OpCheckUsers | (I.R << 8), 0});
    FailSlot = Words.size() - 1;
    break;
  case OpCheckOp:
  case OpCheckNargs:
    Words.insert(Words.end(), {I.Op | (I.R << 8), I.A, 0});
    FailSlot = Words.size() - 1;
    break;
  case OpAccept:
    Words.insert(Words.end(), {OpAccept, I.A});
    break;
  }
  for (uint32_t C : Trie[Node].Children)
    emit(Trie, C, Words);
  // A failed check skips its whole subtree: every pattern sharing it.
  if (FailSlot)
    Words[FailSlot] = static_cast<uint32_t>(Words.size());
}

Expected<MatcherTable> Builder::build() {
  std::vector<uint32_t> Order = patternPriorityOrder(BC, Mode);
  if (Order.size() >= NoPattern / 2)
    return Error::failure("too many patterns");

  // Intern every target string used by a pattern (sorted, so ids are stable).
  std::vector<const PatternNode *> Stack;
  for (uint32_t C : Order)
    Stack.push_back(&BC.Configs[C].Pattern);
  size_t MaxDepth = 0;
  for (uint32_t C : Order)
    MaxDepth = std::max(MaxDepth, patternDepth(BC.Configs[C].Pattern));
  while (!Stack.empty()) {
    const PatternNode *P = Stack.back();
    Stack.pop_back();
    if (!P->IsWildcard)
      StringIds.emplace(P->Op.Target, 0);
    for (const PatternNode &C : P->Children)
      Stack.push_back(&C);
  }
  if (StringIds.size() >= (1u << 29))
    return Error::failure("too many target strings");
  uint32_t NextId = 0;
  for (auto &KV : StringIds)
    KV.second = NextId++;

  // One check sequence per pattern, in priority order.
  std::vector<std::vector<Instr>> Seqs;
  for (uint32_t P = 0; P != Order.size(); ++P)
    Seqs.push_back(compile(BC.Configs[Order[P]].Pattern, P));
  if (Regs.size() + 1 >= (1u << 24))
    return Error::failure("too many pattern positions");

  // Buckets: patterns whose root is that op, plus wildcard roots, in order.
  std::map<uint32_t, std::vector<uint32_t>> Buckets;
  std::vector<uint32_t> Default;
  for (uint32_t P = 0; P != Order.size(); ++P) {
    const PatternNode &Root = BC.Configs[Order[P]].Pattern;
    if (!Root.IsWildcard)
      Buckets[keyOf(Root.Op)];
  }
  auto Append = [&](std::vector<uint32_t> &List, uint32_t P) {
    // Nothing after a pattern that always matches can ever win.
    if (!List.empty() && Seqs[List.back()].size() == 1)
      return;
    List.push_back(P);
  };
  for (uint32_t P = 0; P != Order.size(); ++P) {
    const PatternNode &Root = BC.Configs[Order[P]].Pattern;
    if (Root.IsWildcard) {
      for (auto &KV : Buckets)
        Append(KV.second, P);
      Append(Default, P);
    } else {
      Append(Buckets[keyOf(Root.Op)], P);
    }
  }

  // Layout: header, strings, buckets, patterns, trees, code.
  MatcherTable T;
  std::vector<uint32_t> &W = T.Words;
  W.assign(HeaderSize, 0);
  W[HMagic] = Magic;
  W[HVersion] = Version;
  W[HMode] = static_cast<uint32_t>(Mode);
  W[HNumRegisters] = static_cast<uint32_t>(Regs.size() + 1);
  W[HNumStrings] = static_cast<uint32_t>(StringIds.size());
  W[HStringsOffset] = static_cast<uint32_t>(W.size());
  for (const auto &KV : StringIds) {
    W.push_back(static_cast<uint32_t>(T.Strings.size()));
    T.Strings += KV.first;
  }
  W.push_back(static_cast<uint32_t>(T.Strings.size()));
  W[HNumBuckets] = static_cast<uint32_t>(Buckets.size());
  W[HBucketsOffset] = static_cast<uint32_t>(W.size());
  size_t BucketSlots = W.size();
  W.resize(W.size() + 2 * Buckets.size());
  W[HNumPatterns] = static_cast<uint32_t>(Order.size());
  W[HPatternsOffset] = static_cast<uint32_t>(W.size());
  size_t PatternSlots = W.size();
  W.resize(W.size() + 2 * Order.size());
  W[HTreesOffset] = static_cast<uint32_t>(W.size());
  std::vector<uint32_t> Trees;
  for (uint32_t P = 0; P != Order.size(); ++P) {
    W[PatternSlots + 2 * P] = Order[P];
    W[PatternSlots + 2 * P + 1] = static_cast<uint32_t>(Trees.size());
    if (Error E = serializeTree(BC.Configs[Order[P]].Pattern, Trees))
      return E;
  }
  W.insert(W.end(), Trees.begin(), Trees.end());
  W[HTreesSize] = static_cast<uint32_t>(Trees.size());
  W[HCodeOffset] = static_cast<uint32_t>(W.size());

  auto EmitBucket = [&](const std::vector<uint32_t> &List) {
    uint32_t Start = static_cast<uint32_t>(W.size());
    // Insert each pattern next to the previous one only: shared prefixes
    // of consecutive patterns, so the preorder keeps priority order.
    std::vector<TrieNode> Trie(1);
    for (uint32_t P : List) {
      uint32_t Cur = 0;
      for (const Instr &I : Seqs[P]) {
        std::vector<uint32_t> &Kids = Trie[Cur].Children;
        if (!Kids.empty() && Trie[Kids.back()].I == I) {
          Cur = Kids.back();
          continue;
        }
        Trie.push_back(TrieNode{I, {}, 0});
        uint32_t New = static_cast<uint32_t>(Trie.size() - 1);
        Trie[Cur].Children.push_back(New);
        Cur = New;
      }
    }
    countAccepts(Trie, 0);
    for (uint32_t C : Trie[0].Children)
      emit(Trie, C, W);
    // Fail is reached only if the last pattern can fail.
    if (List.empty() || Seqs[List.back()].size() != 1)
      W.push_back(OpFail);
    return Start;
  };
  size_t B = 0;
  for (const auto &KV : Buckets) {
    uint32_t Start = EmitBucket(KV.second);
    W[BucketSlots + 2 * B] = KV.first;
    W[BucketSlots + 2 * B + 1] = Start;
    ++B;
  }
  W[HDefaultCode] = EmitBucket(Default);
  W[HCodeSize] = static_cast<uint32_t>(W.size() - W[HCodeOffset]);
  W[HNumGroups] = static_cast<uint32_t>(NumGroups);
  W[HMaxDepth] = static_cast<uint32_t>(MaxDepth);
  return T;
}

} // namespace

Expected<MatcherTable> MatcherTableBuilder::build(MatchMode Mode) const {
  return Builder(BC, Mode).build();
}

} // namespace bpat::rt
