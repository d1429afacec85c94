//===- LoweringTest.cpp - Pattern tree to PyTorch pattern formats ---------===//

#include "bpat/Lower/Lowering.h"
#include "PyTorchFormats.h"
#include "gtest/gtest.h"

using namespace bpat;
using namespace bpat::lower;
using namespace bpat::lower::test;

namespace {

/// Owns a set of ops named A, B, C, ... with targets "m.A", "m.B", ...
class LoweringTest : public ::testing::Test {
protected:
  const ir::Op *op(unsigned i) {
    while (ops.size() <= i) {
      auto o = std::make_unique<ir::Op>();
      o->name = std::string(1, char('A' + ops.size()));
      o->kind = ir::OpKind::Module;
      o->target = "m." + o->name;
      ops.push_back(std::move(o));
    }
    return ops[i].get();
  }
  /// The tree of the forward chain op(0) -> op(1) -> ... -> op(n-1).
  ir::PatternNode chain(unsigned n) {
    ir::PatternNode node;
    node.op = op(0);
    for (unsigned i = 1; i < n; ++i) {
      ir::PatternNode next;
      next.op = op(i);
      next.args.push_back(std::move(node));
      node = std::move(next);
    }
    return node;
  }
  static ir::PatternNode leaf(const ir::Op *o) {
    ir::PatternNode n;
    n.op = o;
    return n;
  }
  static ir::PatternNode wildcard() {
    ir::PatternNode n;
    n.kind = ir::PatternNode::Kind::Wildcard;
    return n;
  }
  std::vector<std::unique_ptr<ir::Op>> ops;
};

TEST_F(LoweringTest, ChainsOfOneToEightOps) {
  for (unsigned n = 1; n <= 8; ++n) {
    ir::PatternNode tree = chain(n);
    // Complex: (X_n, (X_n-1, (... (B, A)))), a bare op for n == 1.
    std::string expectedComplex = "m.A";
    for (unsigned i = 1; i < n; ++i)
      expectedComplex =
          "(m." + std::string(1, char('A' + i)) + ", " + expectedComplex + ")";
    EXPECT_EQ(show(toComplex(tree)), expectedComplex) << n;

    // Simple: the ops in forward order, a bare op for n == 1.
    auto forward = forwardChain(tree);
    ASSERT_TRUE(forward.has_value()) << n;
    ASSERT_EQ(forward->size(), n);
    std::string expectedSimple;
    for (unsigned i = 0; i < n; ++i)
      expectedSimple += (i ? ", m." : "m.") + std::string(1, char('A' + i));
    if (n > 1)
      expectedSimple = "(" + expectedSimple + ")";
    PyPattern simple = simpleFromChain(*forward);
    EXPECT_EQ(show(simple), expectedSimple) << n;

    // Round trips, both directions.
    EXPECT_EQ(simpleToComplex(simple), toComplex(tree)) << n;
    auto back = complexToSimple(toComplex(tree));
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(n == 1 ? simple : *back, simple) << n;
    EXPECT_EQ(simpleToComplex(*back), toComplex(tree)) << n;
  }
}

TEST_F(LoweringTest, PyTorchsOwnTwoAndThreeOpConversions) {
  // reference §2.1: (A, B) -> (B, A); (A, B, C) -> (C, (B, A)).
  PyPattern a = PyPattern::makeOp(op(0)), b = PyPattern::makeOp(op(1)),
            c = PyPattern::makeOp(op(2));
  EXPECT_EQ(simpleToComplex(PyPattern::makeTuple({a, b})),
            PyPattern::makeTuple({b, a}));
  EXPECT_EQ(simpleToComplex(PyPattern::makeTuple({a, b, c})),
            PyPattern::makeTuple({c, PyPattern::makeTuple({b, a})}));
  EXPECT_EQ(simpleToComplex(a), a);
}

TEST_F(LoweringTest, TreeWithWildcardHasNoSimpleForm) {
  // relu(add(conv, _)) -> (relu, (add, conv, MatchAllNode))
  ir::PatternNode add = leaf(op(1));
  add.args.push_back(leaf(op(2)));
  add.args.push_back(wildcard());
  ir::PatternNode relu = leaf(op(0));
  relu.args.push_back(add);
  EXPECT_EQ(show(toComplex(relu)),
            "(m.A, (m.B, m.C, MatchAllNode))");
  EXPECT_FALSE(forwardChain(relu).has_value());
  EXPECT_FALSE(complexToSimple(toComplex(relu)).has_value());
  EXPECT_EQ(ir::countLeaves(relu), 4u);
}

TEST_F(LoweringTest, WildcardInAChainPositionIsNotSimple) {
  ir::PatternNode relu = leaf(op(0));
  relu.args.push_back(wildcard());
  EXPECT_EQ(show(toComplex(relu)), "(m.A, MatchAllNode)");
  EXPECT_FALSE(forwardChain(relu).has_value());
  EXPECT_FALSE(complexToSimple(toComplex(relu)).has_value());
}

TEST_F(LoweringTest, ComplexToSimpleRejectsNonChains) {
  PyPattern a = PyPattern::makeOp(op(0)), b = PyPattern::makeOp(op(1)),
            c = PyPattern::makeOp(op(2));
  // An op with two argument patterns.
  EXPECT_FALSE(complexToSimple(PyPattern::makeTuple({a, b, c})).has_value());
  // A branch in the first position: ((B, A), C) is not a reversed chain.
  EXPECT_FALSE(
      complexToSimple(PyPattern::makeTuple({PyPattern::makeTuple({b, a}), c}))
          .has_value());
  EXPECT_FALSE(complexToSimple(PyPattern::makeMatchAll()).has_value());
}

TEST_F(LoweringTest, PriorityFollowsSortedPatternsDict) {
  // Registration order: A, (B,A), (C,(B,A)), D, (E, A, _)
  ir::Backend backend;
  auto add = [&](ir::PatternNode tree) {
    ir::PatternConfig config;
    config.tree = std::move(tree);
    backend.configs.push_back(std::move(config));
  };
  add(chain(1));
  add(chain(2));
  add(chain(3));
  add(leaf(op(3)));
  ir::PatternNode tree = leaf(op(4));
  tree.args.push_back(leaf(op(0)));
  tree.args.push_back(wildcard());
  add(tree);
  LoweredBackend lowered = lowerBackend(backend);
  // Tuples by descending leaf count (ties in registration order), then ops.
  std::vector<unsigned> expected = {2, 4, 1, 0, 3};
  EXPECT_EQ(lowered.priorityOrder, expected);
  EXPECT_EQ(lowered.configs[2].priority, 0u);
  EXPECT_EQ(lowered.configs[3].priority, 4u);
  // Chains of 1-3 register simple; the tree does not.
  EXPECT_TRUE(lowered.configs[2].registersSimple());
  EXPECT_FALSE(lowered.configs[4].registersSimple());
}

TEST_F(LoweringTest, LongChainsHaveSimpleFormButRegisterComplex) {
  ir::Backend backend;
  ir::PatternConfig config;
  config.tree = chain(4);
  backend.configs.push_back(std::move(config));
  LoweredBackend lowered = lowerBackend(backend);
  ASSERT_TRUE(lowered.configs[0].simple.has_value());
  EXPECT_EQ(lowered.configs[0].chainLength, 4u);
  EXPECT_FALSE(lowered.configs[0].registersSimple());
}

TEST_F(LoweringTest, FormatComplexSuppressesSimpleForm) {
  ir::Backend backend;
  ir::PatternConfig config;
  config.tree = chain(2);
  config.forceComplex = true;
  backend.configs.push_back(std::move(config));
  LoweredBackend lowered = lowerBackend(backend);
  EXPECT_FALSE(lowered.configs[0].simple.has_value());
  EXPECT_EQ(lowered.configs[0].noSimpleReason, "format = complex");
}

} // namespace
