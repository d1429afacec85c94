//===- MatcherRulesTest.cpp - One test per matching rule ------------------===//
//
// Part of the bpat project: runtime unit tests.
//
// Every test runs both matchers (matchBoth checks that they agree) and pins
// the result PyTorch 1.13.1's find_matches / fuse _find_matches gives.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

const MatchMode Q = MatchMode::Quantize;
const MatchMode F = MatchMode::Fuse;

TEST(MatcherRules, ChainMatchesAndClaimsAllNodes) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(C)});
  B.output({ref(R)});
  Described Expect = {{"conv", {"relu", 0}}, {"relu", {"relu", 0}}};
  EXPECT_EQ(matchBoth(BC, B.G, Q), Expect);
  EXPECT_EQ(matchBoth(BC, B.G, F), Expect);
}

TEST(MatcherRules, InnerNodeNeedsSingleUser) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  BC.setPatternConfig(cfg(mod("nn.Conv2d"), "g"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(C)});
  B.output({ref(R), ref(C)}); // conv has two users
  Described Expect = {{"conv", {"conv", 1}}};
  EXPECT_EQ(matchBoth(BC, B.G, Q), Expect);
  EXPECT_EQ(matchBoth(BC, B.G, F), Expect);
}

TEST(MatcherRules, UsersAreDistinctNodesAndIncludeKwargs) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), mod("nn.Conv2d")})));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  // add(conv, conv): conv has ONE user (FX counts user nodes).
  NodeId A = B.function("add", "add", {ref(C), ref(C)});
  B.output({ref(A)});
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"add", {"add", 0}}, {"conv", {"add", 0}}}));

  GraphBuilder B2;
  X = B2.input("x");
  C = B2.module("conv", "nn.Conv2d", {ref(X)});
  A = B2.function("add", "add", {ref(C), ref(C)});
  // A kwarg reference makes a second user.
  B2.add("other", NodeOp::CallFunction, "mul", {ref(X)}, {{"other", ref(C)}});
  B2.output({ref(A)});
  EXPECT_EQ(matchBoth(BC, B2.G, Q), Described{});
}

TEST(MatcherRules, AnchorHasNoUsersLimit) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(C)});
  NodeId S = B.function("sig", "sigmoid", {ref(R)});
  B.output({ref(R), ref(S)});
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"conv", {"relu", 0}}, {"relu", {"relu", 0}}}));
}

TEST(MatcherRules, ArityMustBeEqualForTuples) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId Y = B.input("y");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId A = B.function("add", "add", {ref(C), ref(Y), lit(1)}); // 3 args
  B.output({ref(A)});
  EXPECT_EQ(matchBoth(BC, B.G, Q), Described{});

  // A bare op places no constraint on the args.
  BackendConfig Bare;
  Bare.setPatternConfig(cfg(fn("add")));
  EXPECT_EQ(matchBoth(Bare, B.G, Q), (Described{{"add", {"add", 0}}}));
}

TEST(MatcherRules, ArityCountsPositionalArgsOnly) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("F.relu", {any()})));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId R = B.add("relu", NodeOp::CallFunction, "F.relu", {ref(X)},
                   {{"inplace", Arg::literal(Literal::boolean(true))}});
  B.output({ref(R)});
  // Quantize mode claims x through the wildcard.
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"relu", {"relu", 0}}, {"x", {"relu", 0}}}));
}

TEST(MatcherRules, WildcardClaimsInQuantizeModeOnly) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  BC.setPatternConfig(cfg(mod("nn.ReLU"), "g"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(X)});
  NodeId A = B.function("add", "add", {ref(C), ref(R)});
  B.output({ref(A), ref(R)}); // relu has 2 users: no problem for a wildcard
  // Quantize: relu is claimed by the add match and not matched again.
  EXPECT_EQ(matchBoth(BC, B.G, Q), (Described{{"add", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"add", 0}}}));
  // Fuse: relu is not recorded, so it is matched by its own pattern.
  EXPECT_EQ(matchBoth(BC, B.G, F), (Described{{"add", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"relu", 1}}}));
}

TEST(MatcherRules, WildcardMatchesLiteralsAndOpsDoNot) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  BC.setPatternConfig(
      cfg(fn("mul", {mod("nn.Conv2d"), mod("nn.Conv2d")}), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId A = B.function("add", "add", {ref(C), lit(1)});
  NodeId C2 = B.module("conv2", "nn.Conv2d", {ref(A)});
  NodeId M = B.function("mul", "mul", {ref(C2), lit(2)});
  B.output({ref(M)});
  Described Expect = {{"add", {"add", 0}}, {"conv", {"add", 0}}};
  EXPECT_EQ(matchBoth(BC, B.G, Q), Expect);
  EXPECT_EQ(matchBoth(BC, B.G, F), Expect);
}

TEST(MatcherRules, NestedListArgIsNotANode) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("cat", {mod("nn.Conv2d"), any()}), "f"));
  BC.setPatternConfig(cfg(fn("stack", {any(), any()}), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId D = B.module("conv2", "nn.Conv2d", {ref(X)});
  NodeId Cat = B.function("cat", "cat", {list({ref(C)}), lit(0)});
  NodeId St =
      B.function("stack", "stack", {list({ref(D), list({ref(X)})}), lit(0)});
  B.output({ref(Cat), ref(St)});
  // cat: the list is not a conv node. stack: in quantize mode the wildcard
  // claims the nodes inside the list (PyTorch iterates it).
  EXPECT_EQ(matchBoth(BC, B.G, Q), (Described{{"stack", {"stack", 1}},
                                              {"conv2", {"stack", 1}},
                                              {"x", {"stack", 1}}}));
  EXPECT_EQ(matchBoth(BC, B.G, F), (Described{{"stack", {"stack", 1}}}));
}

TEST(MatcherRules, NodesVisitedLastToFirst) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("relu")));
  BC.setPatternConfig(cfg(fn("relu", {fn("relu")})));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId R1 = B.function("r1", "relu", {ref(X)});
  NodeId R2 = B.function("r2", "relu", {ref(R1)});
  NodeId R3 = B.function("r3", "relu", {ref(R2)});
  B.output({ref(R3)});
  EXPECT_EQ(
      matchBoth(BC, B.G, Q),
      (Described{{"r3", {"r3", 1}}, {"r2", {"r3", 1}}, {"r1", {"r1", 0}}}));
}

TEST(MatcherRules, PriorityLongerFirstBareLast) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU"), "a"));                 // 0
  BC.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.BN")}), "b")); // 1
  BC.setPatternConfig(
      cfg(mod("nn.ReLU", {mod("nn.BN", {mod("nn.Conv")})}), "c")); // 2
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv", {ref(X)});
  NodeId N = B.module("bn", "nn.BN", {ref(C)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(N)});
  B.output({ref(R)});
  Described Expect = {
      {"conv", {"relu", 2}}, {"bn", {"relu", 2}}, {"relu", {"relu", 2}}};
  EXPECT_EQ(matchBoth(BC, B.G, Q), Expect);
  EXPECT_EQ(matchBoth(BC, B.G, F), Expect);
}

TEST(MatcherRules, LeafCountIncludesWildcards) {
  // (add, (bn, conv), _) and (add, (bn, conv), relu) both have 4 leaves (the
  // wildcard counts): a tie, so registration order decides; (add, bn, _) has 3.
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {mod("bn", {mod("conv")}), any()}))); // 0
  BC.setPatternConfig(
      cfg(fn("add", {mod("bn", {mod("conv")}), mod("relu")}))); // 1
  BC.setPatternConfig(cfg(fn("add", {mod("bn"), any()})));      // 2
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "conv", {ref(X)});
  NodeId N = B.module("bn", "bn", {ref(C)});
  NodeId R = B.module("relu", "relu", {ref(X)});
  NodeId A = B.function("add", "add", {ref(N), ref(R)});
  B.output({ref(A)});
  EXPECT_EQ(matchBoth(BC, B.G, Q), (Described{{"add", {"add", 0}},
                                              {"bn", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"add", 0}}}));
  // Swap registration order: now the explicit relu pattern wins the tie.
  BackendConfig BC2;
  BC2.setPatternConfig(BC.Configs[2]);
  BC2.setPatternConfig(BC.Configs[1]);
  BC2.setPatternConfig(BC.Configs[0]);
  EXPECT_EQ(matchBoth(BC2, B.G, Q), (Described{{"add", {"add", 1}},
                                               {"bn", {"add", 1}},
                                               {"conv", {"add", 1}},
                                               {"relu", {"add", 1}}}));
}

TEST(MatcherRules, OverrideKeepsFirstPosition) {
  PatternNode P1 = fn("add", {mod("conv"), any()});
  PatternNode P2 = fn("add", {any(), mod("conv")});
  BackendConfig BC;
  BC.setPatternConfig(cfg(P1, "old")); // index 0
  BC.setPatternConfig(cfg(P2, "p2"));  // index 1
  EXPECT_EQ(BC.setPatternConfig(cfg(P1, "new")), 0u);
  ASSERT_EQ(BC.Configs.size(), 2u);
  EXPECT_EQ(BC.Configs[0].FuserMethod, "new");

  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("c1", "conv", {ref(X)});
  NodeId D = B.module("c2", "conv", {ref(X)});
  NodeId A = B.function("add", "add", {ref(C), ref(D)});
  B.output({ref(A)});
  // Both patterns match and tie; P1 keeps the first position.
  Described Expect = {{"add", {"add", 0}}, {"c1", {"add", 0}}};
  EXPECT_EQ(matchBoth(BC, B.G, F), Expect);

  // A hand-filled Configs vector with a duplicate gets dict semantics too:
  // the later duplicate (index 2) wins, at the first one's position.
  BackendConfig Raw;
  Raw.Configs = {cfg(P1, "old"), cfg(P2, "p2"), cfg(P1, "new")};
  EXPECT_EQ(matchBoth(Raw, B.G, F),
            (Described{{"add", {"add", 2}}, {"c1", {"add", 2}}}));
  // In fuse mode, a winning duplicate without a fuser removes the pattern.
  Raw.Configs[2].FuserMethod.clear();
  EXPECT_EQ(matchBoth(Raw, B.G, F),
            (Described{{"add", {"add", 1}}, {"c2", {"add", 1}}}));
  EXPECT_EQ(
      matchBoth(Raw, B.G, Q),
      (Described{{"add", {"add", 2}}, {"c1", {"add", 2}}, {"c2", {"add", 2}}}));
}

TEST(MatcherRules, KindsWithSameTargetTextAreDistinct) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(meth("relu", {mod("relu")}))); // 0
  BC.setPatternConfig(cfg(fn("relu", {meth("relu")})));  // 1
  BC.setPatternConfig(cfg(mod("relu", {fn("relu")})));   // 2
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId M1 = B.module("m1", "relu", {ref(X)});
  NodeId F1 = B.function("f1", "relu", {ref(M1)});    // fn(mod): none
  NodeId T1 = B.method("t1", "relu", {ref(F1)});      // meth(fn): none
  NodeId M2 = B.module("m2", "relu", {ref(T1)});      // mod(meth): none
  NodeId T2 = B.method("t2", "relu", {ref(M2)});      // meth(mod): pattern 0
  NodeId P = B.add("p", NodeOp::Placeholder, "relu"); // not an op at all
  NodeId F2 = B.function("f2", "relu", {ref(P)});
  B.output({ref(T2), ref(F2)});
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"t2", {"t2", 0}}, {"m2", {"t2", 0}}}));
}

TEST(MatcherRules, FuseModeUsesOnlyConfigsWithFuser) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}))); // no fuser
  BC.setPatternConfig(cfg(mod("nn.Conv2d"), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "nn.Conv2d", {ref(X)});
  NodeId R = B.module("relu", "nn.ReLU", {ref(C)});
  B.output({ref(R)});
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"conv", {"relu", 0}}, {"relu", {"relu", 0}}}));
  EXPECT_EQ(matchBoth(BC, B.G, F), (Described{{"conv", {"conv", 1}}}));
}

TEST(MatcherRules, BareWildcardMatchesEveryNodeInQuantizeMode) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(any(), "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId O = B.output({ref(X)});
  (void)O;
  EXPECT_EQ(matchBoth(BC, B.G, Q),
            (Described{{"x", {"x", 0}}, {"output", {"output", 0}}}));
  // Fuse mode: the wildcard never records anything.
  EXPECT_EQ(matchBoth(BC, B.G, F), Described{});
}

TEST(MatcherRules, WildcardWithChildrenRecordsArgsUnchecked) {
  // PyTorch returns True at a wildcard before looking at its args, but
  // record_match / apply_match still zip the sub-patterns with node.args.
  BackendConfig BC;
  BC.setPatternConfig(cfg(PatternNode{true, OpRef{}, {mod("never")}}, "f"));
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId R = B.function("r", "relu", {ref(X)});
  NodeId S = B.function("s", "sigmoid", {ref(R)});
  NodeId T = B.function("t", "tanh", {ref(R)});
  (void)S;
  (void)T; // no output node: s and t are both anchors
  // Quantize: r is recorded by t's match, then overwritten by s's.
  EXPECT_EQ(
      matchBoth(BC, B.G, Q),
      (Described{
          {"t", {"t", 0}}, {"s", {"s", 0}}, {"r", {"s", 0}}, {"x", {"x", 0}}}));
  // Fuse: anchors are wildcards (never recorded); the first claim of r (by
  // t) is kept.
  EXPECT_EQ(matchBoth(BC, B.G, F), (Described{{"r", {"t", 0}}}));
}

} // namespace
