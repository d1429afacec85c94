//===- ExplainTest.cpp - rt::explainMatches -------------------------------===//
//
// Part of the bpat project: runtime unit tests.
//
// explainMatches watches the naive matcher: each reason is pinned on a small
// graph, and over the random cases of DifferentialTest the entry it gives
// every node is the table matcher's, with exactly one winner at each anchor
// the matcher reached.
//
//===----------------------------------------------------------------------===//

#include "RandomCase.h"

#include "bpat/Runtime/Explain.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

NodeExplanation only(const std::vector<NodeExplanation> &e) {
  EXPECT_EQ(e.size(), 1u);
  return e.empty() ? NodeExplanation() : e.front();
}

TEST(Explain, EachReason) {
  BackendConfig bc;
  // 0: relu(add(conv, _)), 1: add(conv, _), 2: relu, 3: conv -> relu.
  bc.setPatternConfig(
      cfg(mod("nn.ReLU", {fn("add", {mod("nn.Conv2d"), any()})})));
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()})));
  bc.setPatternConfig(cfg(mod("nn.ReLU")));
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId bn = b.module("bn", "nn.BatchNorm2d", {ref(c)});
  NodeId a = b.function("add", "add", {ref(bn), ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(a)});
  NodeId a3 = b.function("add3", "add", {ref(r), ref(x), lit(1)});
  NodeId a4 = b.function("add4", "add", {lit(2), ref(a3)});
  NodeId c5 = b.module("conv5", "nn.Conv2d", {ref(a4)});
  NodeId r5 = b.module("relu5", "nn.ReLU", {ref(c5)});
  NodeId m5 = b.function("mul5", "mul", {ref(c5)});
  NodeId c6 = b.module("conv6", "nn.Conv2d", {ref(r5)});
  NodeId r6 = b.module("relu6", "nn.ReLU", {ref(c6)});
  b.output({ref(r6), ref(m5)});
  const Graph &g = b.g;

  // The batch norm between the conv and the add, one level down.
  NodeExplanation er = only(explainMatches(g, bc, MatchMode::Quantize, {r}));
  EXPECT_FALSE(er.takenBy.matched());
  EXPECT_EQ(er.verdict(), (MatchEntry{r, 2}));
  ASSERT_EQ(er.attempts.size(), 3u); // relu(add(..)), (relu, conv), relu
  EXPECT_EQ(er.otherRootOps, 1u);    // add(conv, _)
  const PatternAttempt &deep = er.attempts[0];
  EXPECT_EQ(deep.config, 0u);
  EXPECT_TRUE(deep.tried);
  ASSERT_TRUE(deep.reason.has_value());
  EXPECT_EQ(deep.reason->kind, MismatchKind::WrongOp);
  EXPECT_FALSE(deep.reason->atRoot);
  EXPECT_EQ(deep.reason->parent, a);
  EXPECT_EQ(deep.reason->argIndex, 0u);
  EXPECT_EQ(deep.reason->value.node, bn);
  ASSERT_NE(deep.reason->parentPattern, nullptr);
  EXPECT_EQ(deep.reason->parentPattern->op.target, "add");
  EXPECT_EQ(er.attempts[1].config, 3u);
  EXPECT_EQ(er.attempts[2].config, 2u);
  EXPECT_TRUE(er.attempts[2].matched);

  // Argument count at the root.
  NodeExplanation e3 = only(explainMatches(g, bc, MatchMode::Quantize, {a3}));
  ASSERT_EQ(e3.attempts.size(), 1u);
  EXPECT_EQ(e3.attempts[0].reason->kind, MismatchKind::ArgCount);
  EXPECT_TRUE(e3.attempts[0].reason->atRoot);
  EXPECT_FALSE(e3.verdict().matched());

  // A literal where the pattern wants a node.
  NodeExplanation e4 = only(explainMatches(g, bc, MatchMode::Quantize, {a4}));
  ASSERT_EQ(e4.attempts.size(), 1u);
  EXPECT_EQ(e4.attempts[0].reason->kind, MismatchKind::NotANode);
  EXPECT_EQ(e4.attempts[0].reason->parent, a4);

  // conv5 has two users: relu5 -> conv5 is not a match; relu5 is claimed by
  // nothing longer, so the bare relu wins there.
  NodeExplanation e5 = only(explainMatches(g, bc, MatchMode::Quantize, {r5}));
  ASSERT_EQ(e5.attempts.size(), 3u);
  EXPECT_EQ(e5.attempts[1].reason->kind, MismatchKind::TooManyUsers);
  EXPECT_EQ(e5.attempts[1].reason->value.node, c5);

  // conv6 is taken by (relu, conv) at relu6 before the matcher reaches it;
  // nothing is tried there, and no pattern roots at a conv here.
  std::vector<NodeExplanation> e6 =
      explainMatches(g, bc, MatchMode::Quantize, {c6, r6});
  ASSERT_EQ(e6.size(), 2u);
  EXPECT_EQ(e6[0].takenBy, (MatchEntry{r6, 3}));
  EXPECT_TRUE(e6[0].attempts.empty());
  EXPECT_EQ(e6[0].verdict(), (MatchEntry{r6, 3}));
  // At relu6: (relu, conv) wins; the bare relu after it is not tried but
  // would have matched.
  ASSERT_EQ(e6[1].attempts.size(), 3u);
  EXPECT_TRUE(e6[1].attempts[1].tried && e6[1].attempts[1].matched);
  EXPECT_FALSE(e6[1].attempts[2].tried);
  EXPECT_TRUE(e6[1].attempts[2].matched);
}

TEST(Explain, QuantizeOverwritesAreRecorded) {
  // cat(_, conv) at the end claims x through the wildcard; then
  // add(conv, _) nearer the start takes x again.
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("cat", {any(), mod("nn.Conv2d")})));
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c1 = b.module("conv1", "nn.Conv2d", {ref(x)});
  NodeId y = b.function("y", "sin", {ref(x)});
  NodeId a = b.function("add", "add", {ref(c1), ref(y)});
  NodeId c2 = b.module("conv2", "nn.Conv2d", {ref(a)});
  NodeId k = b.function("cat", "cat", {ref(y), ref(c2)});
  b.output({ref(k)});
  std::vector<NodeExplanation> e =
      explainMatches(b.g, bc, MatchMode::Quantize, {y});
  ASSERT_EQ(e[0].records.size(), 2u);
  EXPECT_EQ(e[0].records[0], (MatchEntry{k, 0}));
  EXPECT_EQ(e[0].records[1], (MatchEntry{a, 1}));
  EXPECT_EQ(e[0].verdict(),
            NaiveMatcher(bc, MatchMode::Quantize).match(b.g)[y]);
}

TEST(Explain, AgreesWithTheTableOnRandomCases) {
  size_t nodes = 0, anchors = 0;
  for (uint32_t seed = 1; seed <= 600; ++seed) {
    Generator gen(seed);
    BackendConfig bc = gen.backend();
    Graph g = gen.graph(bc);
    std::vector<NodeId> all(g.size());
    for (NodeId n = 0; n < g.size(); ++n)
      all[n] = n;
    for (MatchMode mode : {MatchMode::Quantize, MatchMode::Fuse}) {
      Expected<MatcherTable> table = MatcherTableBuilder(bc).build(mode);
      ASSERT_TRUE(static_cast<bool>(table)) << table.message();
      Expected<TableMatcher> tm = TableMatcher::create(table->view());
      ASSERT_TRUE(static_cast<bool>(tm)) << tm.message();
      MatchMap expect = tm->match(g);
      MatchMap watched;
      std::vector<NodeExplanation> e =
          explainMatches(g, bc, mode, all, &watched);
      ASSERT_EQ(watched, expect) << "seed " << seed;
      for (const NodeExplanation &x : e) {
        ++nodes;
        ASSERT_EQ(x.verdict(), expect[x.node])
            << "seed " << seed << " node " << g.name(x.node);
        size_t winners = 0;
        for (const PatternAttempt &a : x.attempts) {
          winners += a.tried && a.matched;
          ASSERT_EQ(a.matched, !a.reason.has_value());
        }
        if (x.takenBy.matched()) {
          ASSERT_EQ(winners, 0u);
          continue;
        }
        bool anchor =
            expect[x.node].matched() && expect[x.node].anchor == x.node;
        // In quantize mode a later match may overwrite an anchor's own entry.
        if (winners == 1)
          ++anchors;
        if (anchor)
          ASSERT_EQ(winners, 1u) << "seed " << seed;
        ASSERT_LE(winners, 1u);
      }
    }
  }
  EXPECT_GT(anchors, 1000u);
  EXPECT_GT(nodes, 10000u);
}

} // namespace
