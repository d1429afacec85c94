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

const MatchMode q = MatchMode::Quantize;
const MatchMode f = MatchMode::Fuse;

TEST(MatcherRules, ChainMatchesAndClaimsAllNodes) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(c)});
  b.output({ref(r)});
  Described expect = {{"conv", {"relu", 0}}, {"relu", {"relu", 0}}};
  EXPECT_EQ(matchBoth(bc, b.g, q), expect);
  EXPECT_EQ(matchBoth(bc, b.g, f), expect);
}

TEST(MatcherRules, InnerNodeNeedsSingleUser) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  bc.setPatternConfig(cfg(mod("nn.Conv2d"), "g"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(c)});
  b.output({ref(r), ref(c)}); // conv has two users
  Described expect = {{"conv", {"conv", 1}}};
  EXPECT_EQ(matchBoth(bc, b.g, q), expect);
  EXPECT_EQ(matchBoth(bc, b.g, f), expect);
}

TEST(MatcherRules, UsersAreDistinctNodesAndIncludeKwargs) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), mod("nn.Conv2d")})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  // add(conv, conv): conv has ONE user (FX counts user nodes).
  NodeId a = b.function("add", "add", {ref(c), ref(c)});
  b.output({ref(a)});
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"add", {"add", 0}}, {"conv", {"add", 0}}}));

  GraphBuilder b2;
  x = b2.input("x");
  c = b2.module("conv", "nn.Conv2d", {ref(x)});
  a = b2.function("add", "add", {ref(c), ref(c)});
  // A kwarg reference makes a second user.
  b2.add("other", NodeOp::CallFunction, "mul", {ref(x)}, {{"other", ref(c)}});
  b2.output({ref(a)});
  EXPECT_EQ(matchBoth(bc, b2.g, q), Described{});
}

TEST(MatcherRules, AnchorHasNoUsersLimit) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(c)});
  NodeId s = b.function("sig", "sigmoid", {ref(r)});
  b.output({ref(r), ref(s)});
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"conv", {"relu", 0}}, {"relu", {"relu", 0}}}));
}

TEST(MatcherRules, ArityMustBeEqualForTuples) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId y = b.input("y");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId a = b.function("add", "add", {ref(c), ref(y), lit(1)}); // 3 args
  b.output({ref(a)});
  EXPECT_EQ(matchBoth(bc, b.g, q), Described{});

  // A bare op places no constraint on the args.
  BackendConfig bare;
  bare.setPatternConfig(cfg(fn("add")));
  EXPECT_EQ(matchBoth(bare, b.g, q), (Described{{"add", {"add", 0}}}));
}

TEST(MatcherRules, ArityCountsPositionalArgsOnly) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("F.relu", {any()})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId r = b.add("relu", NodeOp::CallFunction, "F.relu", {ref(x)},
                   {{"inplace", Arg::makeLiteral(Literal::boolean(true))}});
  b.output({ref(r)});
  // Quantize mode claims x through the wildcard.
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"relu", {"relu", 0}}, {"x", {"relu", 0}}}));
}

TEST(MatcherRules, WildcardClaimsInQuantizeModeOnly) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  bc.setPatternConfig(cfg(mod("nn.ReLU"), "g"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(x)});
  NodeId a = b.function("add", "add", {ref(c), ref(r)});
  b.output({ref(a), ref(r)}); // relu has 2 users: no problem for a wildcard
  // Quantize: relu is claimed by the add match and not matched again.
  EXPECT_EQ(matchBoth(bc, b.g, q), (Described{{"add", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"add", 0}}}));
  // Fuse: relu is not recorded, so it is matched by its own pattern.
  EXPECT_EQ(matchBoth(bc, b.g, f), (Described{{"add", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"relu", 1}}}));
}

TEST(MatcherRules, WildcardMatchesLiteralsAndOpsDoNot) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {mod("nn.Conv2d"), any()}), "f"));
  bc.setPatternConfig(
      cfg(fn("mul", {mod("nn.Conv2d"), mod("nn.Conv2d")}), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId a = b.function("add", "add", {ref(c), lit(1)});
  NodeId c2 = b.module("conv2", "nn.Conv2d", {ref(a)});
  NodeId m = b.function("mul", "mul", {ref(c2), lit(2)});
  b.output({ref(m)});
  Described expect = {{"add", {"add", 0}}, {"conv", {"add", 0}}};
  EXPECT_EQ(matchBoth(bc, b.g, q), expect);
  EXPECT_EQ(matchBoth(bc, b.g, f), expect);
}

TEST(MatcherRules, NestedListArgIsNotANode) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("cat", {mod("nn.Conv2d"), any()}), "f"));
  bc.setPatternConfig(cfg(fn("stack", {any(), any()}), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId d = b.module("conv2", "nn.Conv2d", {ref(x)});
  NodeId cat = b.function("cat", "cat", {list({ref(c)}), lit(0)});
  NodeId st =
      b.function("stack", "stack", {list({ref(d), list({ref(x)})}), lit(0)});
  b.output({ref(cat), ref(st)});
  // cat: the list is not a conv node. stack: in quantize mode the wildcard
  // claims the nodes inside the list (PyTorch iterates it).
  EXPECT_EQ(matchBoth(bc, b.g, q), (Described{{"stack", {"stack", 1}},
                                              {"conv2", {"stack", 1}},
                                              {"x", {"stack", 1}}}));
  EXPECT_EQ(matchBoth(bc, b.g, f), (Described{{"stack", {"stack", 1}}}));
}

TEST(MatcherRules, NodesVisitedLastToFirst) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("relu")));
  bc.setPatternConfig(cfg(fn("relu", {fn("relu")})));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId r1 = b.function("r1", "relu", {ref(x)});
  NodeId r2 = b.function("r2", "relu", {ref(r1)});
  NodeId r3 = b.function("r3", "relu", {ref(r2)});
  b.output({ref(r3)});
  EXPECT_EQ(
      matchBoth(bc, b.g, q),
      (Described{{"r3", {"r3", 1}}, {"r2", {"r3", 1}}, {"r1", {"r1", 0}}}));
}

TEST(MatcherRules, PriorityLongerFirstBareLast) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU"), "a"));                 // 0
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.BN")}), "b")); // 1
  bc.setPatternConfig(
      cfg(mod("nn.ReLU", {mod("nn.BN", {mod("nn.Conv")})}), "c")); // 2
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv", {ref(x)});
  NodeId n = b.module("bn", "nn.BN", {ref(c)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(n)});
  b.output({ref(r)});
  Described expect = {
      {"conv", {"relu", 2}}, {"bn", {"relu", 2}}, {"relu", {"relu", 2}}};
  EXPECT_EQ(matchBoth(bc, b.g, q), expect);
  EXPECT_EQ(matchBoth(bc, b.g, f), expect);
}

TEST(MatcherRules, LeafCountIncludesWildcards) {
  // (add, (bn, conv), _) and (add, (bn, conv), relu) both have 4 leaves (the
  // wildcard counts): a tie, so registration order decides; (add, bn, _) has 3.
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {mod("bn", {mod("conv")}), any()}))); // 0
  bc.setPatternConfig(
      cfg(fn("add", {mod("bn", {mod("conv")}), mod("relu")}))); // 1
  bc.setPatternConfig(cfg(fn("add", {mod("bn"), any()})));      // 2
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "conv", {ref(x)});
  NodeId n = b.module("bn", "bn", {ref(c)});
  NodeId r = b.module("relu", "relu", {ref(x)});
  NodeId a = b.function("add", "add", {ref(n), ref(r)});
  b.output({ref(a)});
  EXPECT_EQ(matchBoth(bc, b.g, q), (Described{{"add", {"add", 0}},
                                              {"bn", {"add", 0}},
                                              {"conv", {"add", 0}},
                                              {"relu", {"add", 0}}}));
  // Swap registration order: now the explicit relu pattern wins the tie.
  BackendConfig bC2;
  bC2.setPatternConfig(bc.configs[2]);
  bC2.setPatternConfig(bc.configs[1]);
  bC2.setPatternConfig(bc.configs[0]);
  EXPECT_EQ(matchBoth(bC2, b.g, q), (Described{{"add", {"add", 1}},
                                               {"bn", {"add", 1}},
                                               {"conv", {"add", 1}},
                                               {"relu", {"add", 1}}}));
}

TEST(MatcherRules, OverrideKeepsFirstPosition) {
  PatternNode p1 = fn("add", {mod("conv"), any()});
  PatternNode p2 = fn("add", {any(), mod("conv")});
  BackendConfig bc;
  bc.setPatternConfig(cfg(p1, "old")); // index 0
  bc.setPatternConfig(cfg(p2, "p2"));  // index 1
  EXPECT_EQ(bc.setPatternConfig(cfg(p1, "new")), 0u);
  ASSERT_EQ(bc.configs.size(), 2u);
  EXPECT_EQ(bc.configs[0].fuserMethod, "new");

  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("c1", "conv", {ref(x)});
  NodeId d = b.module("c2", "conv", {ref(x)});
  NodeId a = b.function("add", "add", {ref(c), ref(d)});
  b.output({ref(a)});
  // Both patterns match and tie; P1 keeps the first position.
  Described expect = {{"add", {"add", 0}}, {"c1", {"add", 0}}};
  EXPECT_EQ(matchBoth(bc, b.g, f), expect);

  // A hand-filled Configs vector with a duplicate gets dict semantics too:
  // the later duplicate (index 2) wins, at the first one's position.
  BackendConfig raw;
  raw.configs = {cfg(p1, "old"), cfg(p2, "p2"), cfg(p1, "new")};
  EXPECT_EQ(matchBoth(raw, b.g, f),
            (Described{{"add", {"add", 2}}, {"c1", {"add", 2}}}));
  // In fuse mode, a winning duplicate without a fuser removes the pattern.
  raw.configs[2].fuserMethod.clear();
  EXPECT_EQ(matchBoth(raw, b.g, f),
            (Described{{"add", {"add", 1}}, {"c2", {"add", 1}}}));
  EXPECT_EQ(
      matchBoth(raw, b.g, q),
      (Described{{"add", {"add", 2}}, {"c1", {"add", 2}}, {"c2", {"add", 2}}}));
}

TEST(MatcherRules, KindsWithSameTargetTextAreDistinct) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(meth("relu", {mod("relu")}))); // 0
  bc.setPatternConfig(cfg(fn("relu", {meth("relu")})));  // 1
  bc.setPatternConfig(cfg(mod("relu", {fn("relu")})));   // 2
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId m1 = b.module("m1", "relu", {ref(x)});
  NodeId f1 = b.function("f1", "relu", {ref(m1)});    // fn(mod): none
  NodeId t1 = b.method("t1", "relu", {ref(f1)});      // meth(fn): none
  NodeId m2 = b.module("m2", "relu", {ref(t1)});      // mod(meth): none
  NodeId t2 = b.method("t2", "relu", {ref(m2)});      // meth(mod): pattern 0
  NodeId p = b.add("p", NodeOp::Placeholder, "relu"); // not an op at all
  NodeId f2 = b.function("f2", "relu", {ref(p)});
  b.output({ref(t2), ref(f2)});
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"t2", {"t2", 0}}, {"m2", {"t2", 0}}}));
}

TEST(MatcherRules, FuseModeUsesOnlyConfigsWithFuser) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("nn.ReLU", {mod("nn.Conv2d")}))); // no fuser
  bc.setPatternConfig(cfg(mod("nn.Conv2d"), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "nn.Conv2d", {ref(x)});
  NodeId r = b.module("relu", "nn.ReLU", {ref(c)});
  b.output({ref(r)});
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"conv", {"relu", 0}}, {"relu", {"relu", 0}}}));
  EXPECT_EQ(matchBoth(bc, b.g, f), (Described{{"conv", {"conv", 1}}}));
}

TEST(MatcherRules, BareWildcardMatchesEveryNodeInQuantizeMode) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(any(), "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId o = b.output({ref(x)});
  (void)o;
  EXPECT_EQ(matchBoth(bc, b.g, q),
            (Described{{"x", {"x", 0}}, {"output", {"output", 0}}}));
  // Fuse mode: the wildcard never records anything.
  EXPECT_EQ(matchBoth(bc, b.g, f), Described{});
}

TEST(MatcherRules, WildcardWithChildrenRecordsArgsUnchecked) {
  // PyTorch returns True at a wildcard before looking at its args, but
  // record_match / apply_match still zip the sub-patterns with node.args.
  BackendConfig bc;
  bc.setPatternConfig(cfg(PatternNode{true, OpRef{}, {mod("never")}}, "f"));
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId r = b.function("r", "relu", {ref(x)});
  NodeId s = b.function("s", "sigmoid", {ref(r)});
  NodeId t = b.function("t", "tanh", {ref(r)});
  (void)s;
  (void)t; // no output node: s and t are both anchors
  // Quantize: r is recorded by t's match, then overwritten by s's.
  EXPECT_EQ(
      matchBoth(bc, b.g, q),
      (Described{
          {"t", {"t", 0}}, {"s", {"s", 0}}, {"r", {"s", 0}}, {"x", {"x", 0}}}));
  // Fuse: anchors are wildcards (never recorded); the first claim of r (by
  // t) is kept.
  EXPECT_EQ(matchBoth(bc, b.g, f), (Described{{"r", {"t", 0}}}));
}

} // namespace
