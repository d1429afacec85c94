//===- BackendConfigTest.cpp - BackendConfig's dict semantics -------------===//
//
// setPatternConfig behaves as PyTorch's dict of configs keyed by pattern
// (replace in place, else append) through its hash index, also for many
// configs, equal-hash-looking patterns and direct edits of Configs.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendConfig.h"
#include "gtest/gtest.h"

using namespace bpat::rt;

namespace {

PatternNode chain(const std::vector<std::string> &ops) {
  PatternNode n = PatternNode::makeOp(OpRef::module(ops.front()));
  for (size_t i = 1; i < ops.size(); ++i)
    n = PatternNode::makeOp(OpRef::module(ops[i]), {std::move(n)});
  return n;
}

BackendPatternConfig cfg(PatternNode p, std::string fuser = "") {
  BackendPatternConfig c;
  c.pattern = std::move(p);
  c.fuserMethod = std::move(fuser);
  return c;
}

TEST(BackendConfigTest, ReplaceKeepsPositionAppendOtherwise) {
  BackendConfig bc("b");
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"a"}))), 0u);
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"a", "b"}))), 1u);
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"c"}))), 2u);
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"a", "b"}), "f")), 1u);
  ASSERT_EQ(bc.configs.size(), 3u);
  EXPECT_EQ(bc.configs[1].fuserMethod, "f");
  EXPECT_EQ(bc.find(chain({"c"})), 2);
  EXPECT_EQ(bc.find(chain({"b", "a"})), -1);
}

TEST(BackendConfigTest, KindAndWildcardAreDistinctKeys) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(PatternNode::makeOp(OpRef::module("relu"))));
  bc.setPatternConfig(cfg(PatternNode::makeOp(OpRef::function("relu"))));
  bc.setPatternConfig(cfg(PatternNode::makeOp(OpRef::method("relu"))));
  bc.setPatternConfig(cfg(PatternNode::makeOp(
      OpRef::function("add"), {PatternNode::makeWildcard(), chain({"conv"})})));
  bc.setPatternConfig(cfg(PatternNode::makeOp(
      OpRef::function("add"), {chain({"conv"}), PatternNode::makeWildcard()})));
  EXPECT_EQ(bc.configs.size(), 5u);
}

TEST(BackendConfigTest, ManyConfigsEachOnce) {
  // 100k distinct chains, then every one registered again: still 100k, in
  // the first order (a quadratic scan took minutes here).
  BackendConfig bc;
  const int n = 100000;
  for (int pass = 0; pass < 2; ++pass)
    for (int i = 0; i < n; ++i)
      bc.setPatternConfig(cfg(
          chain({"m" + std::to_string(i % 317), "n" + std::to_string(i / 317)}),
          pass ? "second" : "first"));
  ASSERT_EQ(bc.configs.size(), size_t(n));
  EXPECT_EQ(bc.configs[12345].fuserMethod, "second");
  EXPECT_EQ(bc.find(chain({"m" + std::to_string(12345 % 317),
                           "n" + std::to_string(12345 / 317)})),
            12345);
}

TEST(BackendConfigTest, DirectEditsOfConfigsAreSeen) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(chain({"a"})));
  bc.configs.push_back(cfg(chain({"b"})));
  EXPECT_EQ(bc.find(chain({"b"})), 1);
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"b"}), "f")), 1u);
  bc.configs.clear();
  EXPECT_EQ(bc.find(chain({"a"})), -1);
  EXPECT_EQ(bc.setPatternConfig(cfg(chain({"a"}))), 0u);
}

} // namespace
