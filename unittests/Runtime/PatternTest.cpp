//===- PatternTest.cpp - Patterns, configs and priority -------------------===//
//
// Part of the bpat project: runtime unit tests.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "bpat/Runtime/Priority.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

const char *ReLU = "torch.nn.modules.activation.ReLU";
const char *BN = "torch.nn.modules.batchnorm.BatchNorm2d";
const char *Conv = "torch.nn.modules.conv.Conv2d";

TEST(Pattern, RenderAsEmitComplex) {
  EXPECT_EQ(renderPattern(mod(Conv)), Conv);
  EXPECT_EQ(renderPattern(mod(ReLU, {mod(Conv)})),
            std::string("(") + ReLU + ", " + Conv + ")");
  EXPECT_EQ(renderPattern(mod(ReLU, {mod(BN, {mod(Conv)})})),
            std::string("(") + ReLU + ", (" + BN + ", " + Conv + "))");
  EXPECT_EQ(renderPattern(fn("operator.add", {mod(Conv), any()})),
            std::string("(operator.add, ") + Conv + ", MatchAllNode)");
  EXPECT_EQ(renderPattern(meth("relu", {meth("add", {any(), any()})})),
            "('relu', ('add', MatchAllNode, MatchAllNode))");
  EXPECT_EQ(renderPattern(any()), "MatchAllNode");
}

TEST(Pattern, LeafCountAndSortKey) {
  EXPECT_EQ(leafCount(mod(Conv)), 1u);
  EXPECT_EQ(leafCount(mod(ReLU, {mod(BN, {mod(Conv)})})), 3u);
  EXPECT_EQ(leafCount(mod(ReLU, {fn("add", {mod(Conv), any()})})), 4u);
  EXPECT_EQ(prioritySortKey(mod(ReLU, {mod(Conv)})), -2);
  EXPECT_EQ(prioritySortKey(mod(Conv)), 1);
  EXPECT_EQ(prioritySortKey(any()), 1);
  EXPECT_EQ(patternDepth(mod(ReLU, {mod(BN, {mod(Conv)})})), 3u);
}

TEST(Pattern, EqualityComparesKindAndTarget) {
  EXPECT_EQ(fn("relu"), fn("relu"));
  EXPECT_NE(fn("relu"), meth("relu"));
  EXPECT_NE(fn("relu"), mod("relu"));
  EXPECT_NE(fn("relu"), fn("relu", {any()}));
  EXPECT_EQ(any(), PatternNode::wildcard());
}

TEST(BackendConfig, SetPatternConfigOverridesInPlace) {
  BackendConfig BC("native");
  EXPECT_EQ(BC.setPatternConfig(cfg(mod(Conv), "a")), 0u);
  EXPECT_EQ(BC.setPatternConfig(cfg(fn("relu"), "b")), 1u);
  EXPECT_EQ(BC.setPatternConfig(cfg(meth("relu"), "c")), 2u);
  EXPECT_EQ(BC.setPatternConfig(cfg(mod(Conv), "d")), 0u);
  ASSERT_EQ(BC.Configs.size(), 3u);
  EXPECT_EQ(BC.Configs[0].FuserMethod, "d");
  EXPECT_EQ(BC.find(meth("relu")), 2);
  EXPECT_EQ(BC.find(mod("relu")), -1);
}

TEST(BackendConfig, EveryFieldIsHeld) {
  BackendPatternConfig C;
  C.Pattern = mod(ReLU, {mod(Conv)});
  C.SimplePattern =
      std::vector<OpRef>{OpRef::module(Conv), OpRef::module(ReLU)};
  C.Observation = ObservationType::OutputShareObserverWithInput;
  DTypeConfig D;
  D.Input = DTypeWithConstraints{
      "torch.quint8",    Number::integer(0), Number::integer(255),
      std::nullopt,      std::nullopt,       Number::floating(1.0 / 256),
      Number::integer(0)};
  D.Weight = DTypeWithConstraints{"torch.qint8", {}, {}, {}, {}, {}, {}};
  D.Bias = "torch.float32";
  D.IsDynamic = false;
  C.DTypeConfigs.push_back(D);
  C.RootModule = "nn.Conv2d";
  C.QatModule = "nnqat.ConvReLU2d";
  C.ReferenceQuantizedModule = "nnqr.Conv2d";
  C.FusedModule = "nni.ConvReLU2d";
  C.FuserMethod = "bpat.sequential(nni.ConvReLU2d)";
  C.RootNodeGetter = "g";
  C.ExtraInputsGetter = "h";
  C.NumTensorArgsToObservationType = {
      {0, ObservationType::OutputUseDifferentObserverAsInput},
      {1, ObservationType::OutputShareObserverWithInput}};
  C.InputTypeToIndex = {{"weight", 1}, {"bias", 2}};
  C.InputOutputObserved = true;
  C.Provenance = "native.bpat:3:1";
  EXPECT_TRUE(C.hasFuser());
  EXPECT_NE(Number::integer(0), Number::floating(0.0));
  EXPECT_EQ(D.Input->scaleExactMatch->asDouble(), 0.00390625);
  EXPECT_EQ(observationTypeName(C.Observation),
            "OUTPUT_SHARE_OBSERVER_WITH_INPUT");
  BackendConfig BC;
  BC.setPatternConfig(C);
  EXPECT_EQ(BC.Configs[0].DTypeConfigs[0], D);
}

TEST(Priority, TuplesByLeafCountThenBareOpsStable) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod(Conv)));                                // 0: bare
  BC.setPatternConfig(cfg(mod(ReLU, {mod(Conv)})));                   // 1: 2
  BC.setPatternConfig(cfg(any()));                                    // 2: bare
  BC.setPatternConfig(cfg(mod(ReLU, {mod(BN, {mod(Conv)})})));        // 3: 3
  BC.setPatternConfig(cfg(mod(BN, {mod(Conv)})));                     // 4: 2
  BC.setPatternConfig(cfg(fn("add", {mod(Conv), any()}), "f"));       // 5: 3
  BC.setPatternConfig(cfg(fn("add", {mod(BN, {mod(Conv)}), any()}))); // 6: 4
  EXPECT_EQ(patternPriorityOrder(BC, MatchMode::Quantize),
            (std::vector<uint32_t>{6, 3, 5, 1, 4, 0, 2}));
  EXPECT_EQ(patternPriorityOrder(BC, MatchMode::Fuse),
            (std::vector<uint32_t>{5}));
}

} // namespace
