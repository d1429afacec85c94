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

const char *reLu = "torch.nn.modules.activation.ReLU";
const char *bn = "torch.nn.modules.batchnorm.BatchNorm2d";
const char *conv = "torch.nn.modules.conv.Conv2d";

TEST(Pattern, RenderAsEmitComplex) {
  EXPECT_EQ(renderPattern(mod(conv)), conv);
  EXPECT_EQ(renderPattern(mod(reLu, {mod(conv)})),
            std::string("(") + reLu + ", " + conv + ")");
  EXPECT_EQ(renderPattern(mod(reLu, {mod(bn, {mod(conv)})})),
            std::string("(") + reLu + ", (" + bn + ", " + conv + "))");
  EXPECT_EQ(renderPattern(fn("operator.add", {mod(conv), any()})),
            std::string("(operator.add, ") + conv + ", MatchAllNode)");
  EXPECT_EQ(renderPattern(meth("relu", {meth("add", {any(), any()})})),
            "('relu', ('add', MatchAllNode, MatchAllNode))");
  EXPECT_EQ(renderPattern(any()), "MatchAllNode");
}

TEST(Pattern, LeafCountAndSortKey) {
  EXPECT_EQ(leafCount(mod(conv)), 1u);
  EXPECT_EQ(leafCount(mod(reLu, {mod(bn, {mod(conv)})})), 3u);
  EXPECT_EQ(leafCount(mod(reLu, {fn("add", {mod(conv), any()})})), 4u);
  EXPECT_EQ(prioritySortKey(mod(reLu, {mod(conv)})), -2);
  EXPECT_EQ(prioritySortKey(mod(conv)), 1);
  EXPECT_EQ(prioritySortKey(any()), 1);
  EXPECT_EQ(patternDepth(mod(reLu, {mod(bn, {mod(conv)})})), 3u);
}

TEST(Pattern, EqualityComparesKindAndTarget) {
  EXPECT_EQ(fn("relu"), fn("relu"));
  EXPECT_NE(fn("relu"), meth("relu"));
  EXPECT_NE(fn("relu"), mod("relu"));
  EXPECT_NE(fn("relu"), fn("relu", {any()}));
  EXPECT_EQ(any(), PatternNode::makeWildcard());
}

TEST(BackendConfig, SetPatternConfigOverridesInPlace) {
  BackendConfig bc("native");
  EXPECT_EQ(bc.setPatternConfig(cfg(mod(conv), "a")), 0u);
  EXPECT_EQ(bc.setPatternConfig(cfg(fn("relu"), "b")), 1u);
  EXPECT_EQ(bc.setPatternConfig(cfg(meth("relu"), "c")), 2u);
  EXPECT_EQ(bc.setPatternConfig(cfg(mod(conv), "d")), 0u);
  ASSERT_EQ(bc.configs.size(), 3u);
  EXPECT_EQ(bc.configs[0].fuserMethod, "d");
  EXPECT_EQ(bc.find(meth("relu")), 2);
  EXPECT_EQ(bc.find(mod("relu")), -1);
}

TEST(BackendConfig, EveryFieldIsHeld) {
  BackendPatternConfig c;
  c.pattern = mod(reLu, {mod(conv)});
  c.simplePattern =
      std::vector<OpRef>{OpRef::module(conv), OpRef::module(reLu)};
  c.observation = ObservationType::OutputShareObserverWithInput;
  DTypeConfig d;
  d.input = DTypeWithConstraints{
      "torch.quint8",    Number::integer(0), Number::integer(255),
      std::nullopt,      std::nullopt,       Number::floating(1.0 / 256),
      Number::integer(0)};
  d.weight = DTypeWithConstraints{"torch.qint8", {}, {}, {}, {}, {}, {}};
  d.bias = "torch.float32";
  d.isDynamic = false;
  c.dtypeConfigs.push_back(d);
  c.rootModule = "nn.Conv2d";
  c.qatModule = "nnqat.ConvReLU2d";
  c.referenceQuantizedModule = "nnqr.Conv2d";
  c.fusedModule = "nni.ConvReLU2d";
  c.fuserMethod = "bpat.sequential(nni.ConvReLU2d)";
  c.rootNodeGetter = "g";
  c.extraInputsGetter = "h";
  c.numTensorArgsToObservationType = {
      {0, ObservationType::OutputUseDifferentObserverAsInput},
      {1, ObservationType::OutputShareObserverWithInput}};
  c.inputTypeToIndex = {{"weight", 1}, {"bias", 2}};
  c.inputOutputObserved = true;
  c.provenance = "native.bpat:3:1";
  EXPECT_TRUE(c.hasFuser());
  EXPECT_NE(Number::integer(0), Number::floating(0.0));
  EXPECT_EQ(d.input->scaleExactMatch->asDouble(), 0.00390625);
  EXPECT_EQ(observationTypeName(c.observation),
            "OUTPUT_SHARE_OBSERVER_WITH_INPUT");
  BackendConfig bc;
  bc.setPatternConfig(c);
  EXPECT_EQ(bc.configs[0].dtypeConfigs[0], d);
}

TEST(Priority, TuplesByLeafCountThenBareOpsStable) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod(conv)));                                // 0: bare
  bc.setPatternConfig(cfg(mod(reLu, {mod(conv)})));                   // 1: 2
  bc.setPatternConfig(cfg(any()));                                    // 2: bare
  bc.setPatternConfig(cfg(mod(reLu, {mod(bn, {mod(conv)})})));        // 3: 3
  bc.setPatternConfig(cfg(mod(bn, {mod(conv)})));                     // 4: 2
  bc.setPatternConfig(cfg(fn("add", {mod(conv), any()}), "f"));       // 5: 3
  bc.setPatternConfig(cfg(fn("add", {mod(bn, {mod(conv)}), any()}))); // 6: 4
  EXPECT_EQ(patternPriorityOrder(bc, MatchMode::Quantize),
            (std::vector<uint32_t>{6, 3, 5, 1, 4, 0, 2}));
  EXPECT_EQ(patternPriorityOrder(bc, MatchMode::Fuse),
            (std::vector<uint32_t>{5}));
}

} // namespace
