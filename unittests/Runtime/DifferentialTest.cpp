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
  size_t runs = 0, matchedNodes = 0, multiNodeMatches = 0, wildcardClaims = 0;
};

void runOne(Generator &gen, Totals &t) {
  BackendConfig bc = gen.backend();
  Graph g = gen.graph(bc);
  for (MatchMode mode : {MatchMode::Quantize, MatchMode::Fuse}) {
    Expected<MatcherTable> table = MatcherTableBuilder(bc).build(mode);
    ASSERT_TRUE(static_cast<bool>(table)) << table.message();
    Expected<TableMatcher> tm = TableMatcher::create(table->view());
    ASSERT_TRUE(static_cast<bool>(tm)) << tm.message();
    MatchMap expect = NaiveMatcher(bc, mode).match(g);
    MatchMap got = tm->match(g); // the Graph's flat view
    // The path of graphs without one: an interned copy.
    MatchMap gotGeneric = tm->matchInterned(g);
    ASSERT_EQ(got, gotGeneric);
    ASSERT_EQ(expect.size(), got.size());
    for (NodeId n = 0; n < expect.size(); ++n) {
      ASSERT_EQ(expect[n], got[n])
          << "node " << g.name(n) << " mode " << int(mode) << "\n"
          << disassembleTable(table->view());
      if (expect[n].matched()) {
        ++t.matchedNodes;
        if (expect[n].anchor != n)
          ++t.multiNodeMatches;
        if (mode == MatchMode::Quantize && g.op(n) == NodeOp::Placeholder)
          ++t.wildcardClaims;
      }
    }
    ++t.runs;
  }
}

TEST(Differential, TableMatcherEqualsNaiveMatcher) {
  Totals t;
  for (uint32_t seed = 1; seed <= 4000; ++seed) {
    Generator gen(seed);
    runOne(gen, t);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "seed " << seed;
      return;
    }
  }
  RecordProperty("MatchedNodes", int(t.matchedNodes));
  // The generator must exercise the interesting cases, or the test is empty.
  EXPECT_EQ(t.runs, 8000u);
  EXPECT_GT(t.matchedNodes, 50000u);
  EXPECT_GT(t.multiNodeMatches, 10000u);
  EXPECT_GT(t.wildcardClaims, 100u);
}

} // namespace
