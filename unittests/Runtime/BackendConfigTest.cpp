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

PatternNode chain(const std::vector<std::string> &Ops) {
  PatternNode N = PatternNode::op(OpRef::module(Ops.front()));
  for (size_t I = 1; I < Ops.size(); ++I)
    N = PatternNode::op(OpRef::module(Ops[I]), {std::move(N)});
  return N;
}

BackendPatternConfig cfg(PatternNode P, std::string Fuser = "") {
  BackendPatternConfig C;
  C.Pattern = std::move(P);
  C.FuserMethod = std::move(Fuser);
  return C;
}

TEST(BackendConfigTest, ReplaceKeepsPositionAppendOtherwise) {
  BackendConfig BC("b");
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"a"}))), 0u);
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"a", "b"}))), 1u);
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"c"}))), 2u);
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"a", "b"}), "f")), 1u);
  ASSERT_EQ(BC.Configs.size(), 3u);
  EXPECT_EQ(BC.Configs[1].FuserMethod, "f");
  EXPECT_EQ(BC.find(chain({"c"})), 2);
  EXPECT_EQ(BC.find(chain({"b", "a"})), -1);
}

TEST(BackendConfigTest, KindAndWildcardAreDistinctKeys) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(PatternNode::op(OpRef::module("relu"))));
  BC.setPatternConfig(cfg(PatternNode::op(OpRef::function("relu"))));
  BC.setPatternConfig(cfg(PatternNode::op(OpRef::method("relu"))));
  BC.setPatternConfig(cfg(PatternNode::op(
      OpRef::function("add"), {PatternNode::wildcard(), chain({"conv"})})));
  BC.setPatternConfig(cfg(PatternNode::op(
      OpRef::function("add"), {chain({"conv"}), PatternNode::wildcard()})));
  EXPECT_EQ(BC.Configs.size(), 5u);
}

TEST(BackendConfigTest, ManyConfigsEachOnce) {
  // 100k distinct chains, then every one registered again: still 100k, in
  // the first order (a quadratic scan took minutes here).
  BackendConfig BC;
  const int N = 100000;
  for (int Pass = 0; Pass < 2; ++Pass)
    for (int I = 0; I < N; ++I)
      BC.setPatternConfig(cfg(chain({"m" + std::to_string(I % 317),
                                     "n" + std::to_string(I / 317)}),
                              Pass ? "second" : "first"));
  ASSERT_EQ(BC.Configs.size(), size_t(N));
  EXPECT_EQ(BC.Configs[12345].FuserMethod, "second");
  EXPECT_EQ(BC.find(chain({"m" + std::to_string(12345 % 317),
                           "n" + std::to_string(12345 / 317)})),
            12345);
}

TEST(BackendConfigTest, DirectEditsOfConfigsAreSeen) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(chain({"a"})));
  BC.Configs.push_back(cfg(chain({"b"})));
  EXPECT_EQ(BC.find(chain({"b"})), 1);
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"b"}), "f")), 1u);
  BC.Configs.clear();
  EXPECT_EQ(BC.find(chain({"a"})), -1);
  EXPECT_EQ(BC.setPatternConfig(cfg(chain({"a"}))), 0u);
}

} // namespace
