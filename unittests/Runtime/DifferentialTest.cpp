//===- DifferentialTest.cpp - TableMatcher == NaiveMatcher ----------------===//
//
// Part of the bpat project: runtime unit tests.
//
// Thousands of random pattern sets (chains, trees, wildcards, duplicates,
// ops of all three kinds sharing target text) over random graphs (multi-user
// nodes, literal args, nested lists, kwargs), half of them with pattern
// instances planted in the graph. The table matcher must give exactly the
// naive matcher's match map, in both modes. Seeds are fixed.
//
//===----------------------------------------------------------------------===//

#include "RandomCase.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

struct Totals {
  size_t Runs = 0, MatchedNodes = 0, MultiNodeMatches = 0, WildcardClaims = 0;
};

void runOne(Generator &Gen, Totals &T) {
  BackendConfig BC = Gen.backend();
  Graph G = Gen.graph(BC);
  for (MatchMode Mode : {MatchMode::Quantize, MatchMode::Fuse}) {
    Expected<MatcherTable> Table = MatcherTableBuilder(BC).build(Mode);
    ASSERT_TRUE(static_cast<bool>(Table)) << Table.message();
    Expected<TableMatcher> TM = TableMatcher::create(Table->view());
    ASSERT_TRUE(static_cast<bool>(TM)) << TM.message();
    MatchMap Expect = NaiveMatcher(BC, Mode).match(G);
    MatchMap Got = TM->match(G); // the Graph's flat view
    // The path of graphs without one: an interned copy.
    MatchMap GotGeneric = TM->matchInterned(G);
    ASSERT_EQ(Got, GotGeneric);
    ASSERT_EQ(Expect.size(), Got.size());
    for (NodeId N = 0; N < Expect.size(); ++N) {
      ASSERT_EQ(Expect[N], Got[N])
          << "node " << G.node(N).Name << " mode " << int(Mode) << "\n"
          << disassembleTable(Table->view());
      if (Expect[N].matched()) {
        ++T.MatchedNodes;
        if (Expect[N].Anchor != N)
          ++T.MultiNodeMatches;
        if (Mode == MatchMode::Quantize && G.node(N).Op == NodeOp::Placeholder)
          ++T.WildcardClaims;
      }
    }
    ++T.Runs;
  }
}

TEST(Differential, TableMatcherEqualsNaiveMatcher) {
  Totals T;
  for (uint32_t Seed = 1; Seed <= 4000; ++Seed) {
    Generator Gen(Seed);
    runOne(Gen, T);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "seed " << Seed;
      return;
    }
  }
  RecordProperty("MatchedNodes", int(T.MatchedNodes));
  // The generator must exercise the interesting cases, or the test is empty.
  EXPECT_EQ(T.Runs, 8000u);
  EXPECT_GT(T.MatchedNodes, 50000u);
  EXPECT_GT(T.MultiNodeMatches, 10000u);
  EXPECT_GT(T.WildcardClaims, 100u);
}

} // namespace
