//===- ChainsHooks.cpp - End-to-end tests on long chains and trees --------===//

#include "HooksCommon.h"
#include "matcher.h"
#include "register.h"
#include "gtest/gtest.h"

// The hooks are named after the .bpat fusers and getters the generated
// header calls.
// NOLINTBEGIN(readability-identifier-naming)
struct Hooks : CommonHooks {
  static bpat::rt::Expected<Module> fuse2(bool, const Module &x,
                                          const Module &y) {
    return forward("fuse2", {x, y});
  }
  static bpat::rt::Expected<Module> fuse4(bool, const Module &w,
                                          const Module &x, const Module &y,
                                          const Module &z) {
    return forward("fuse4", {w, x, y, z});
  }
  static bpat::rt::Expected<Module> fuse8(bool, const Module &a1,
                                          const Module &a2, const Module &a3,
                                          const Module &a4, const Module &a5,
                                          const Module &a6, const Module &a7,
                                          const Module &a8) {
    return forward("fuse8", {a1, a2, a3, a4, a5, a6, a7, a8});
  }
  static bpat::rt::Expected<Module>
  nested3(bool, const bpat::rt::NestedArgs<Module> &modules) {
    return "nested3" + render(modules);
  }
  static bpat::rt::Expected<Module> flat2(bool, const Module &top,
                                          const Module &low) {
    return "flat2(" + top + ", " + low + ")";
  }
  static bpat::rt::Expected<Module>
  tree(bool, const bpat::rt::NestedArgs<Module> &modules) {
    return "tree" + render(modules);
  }
  static bpat::rt::Expected<bpat::rt::NodeId>
  pick(const bpat::rt::NestedArgs<bpat::rt::NodeId> &) {
    return bpat::rt::NodeId(7);
  }
  static bpat::rt::Expected<std::vector<bpat::rt::NodeId>>
  extras(const bpat::rt::NestedArgs<bpat::rt::NodeId> &) {
    return std::vector<bpat::rt::NodeId>{1, 2};
  }
};
// NOLINTEND(readability-identifier-naming)

static void expectFuserResult(const bpat::rt::BackendPatternConfig &c,
                              const std::string &fused) {
  // What each fuser must receive, written from chains.bpat by hand.
  if (c.fuserMethod == "m.nested3")
    EXPECT_EQ(fused, "nested3(m.E, (m.B, m.c))");
  else if (c.fuserMethod == "m.flat2")
    EXPECT_EQ(fused, "flat2(m.E, m.B)");
  else if (c.fuserMethod == "m.tree")
    EXPECT_EQ(fused, "tree(m.H, (m.f, m.G, _))");
  else if (c.fuserMethod == "bpat.sequential(m.Fused)")
    EXPECT_EQ(fuserLog,
              (std::vector<std::string>{"m.A", "m.B", "m.c", "d", "m.E"}));
  else if (c.fuserMethod == "bpat.reverse_nested(m.fuse8)")
    EXPECT_EQ(fused, "fuse8");
  else if (c.fuserMethod == "bpat.reverse_nested(m.fuse4)")
    EXPECT_EQ(fused, "fuse4");
  else
    EXPECT_EQ(c.fuserMethod, "m.fuse2");
}

#define BPAT_E2E_NS bpat_gen_chains
#define BPAT_E2E_SUITE ChainsEndToEnd
#include "E2ETests.inc"

TEST(ChainsEndToEnd, LongChainsReachForwardFusersInOrder) {
  Registered r;
  // a -> b -> c -> d -> e -> g -> h -> a is config 2.
  const auto &c = r.config.configs[2];
  ASSERT_EQ(c.fuserMethod, "bpat.reverse_nested(m.fuse8)");
  fuserLog.clear();
  ASSERT_TRUE(
      bool(r.callbacks.configs[2].fuser(false, reversedNested(c.pattern))));
  EXPECT_EQ(fuserLog, (std::vector<std::string>{"m.A", "m.B", "m.c", "d", "m.E",
                                                "m.G", "m.H", "m.A"}));
}

TEST(ChainsEndToEnd, GettersAreTheHooks) {
  Registered r;
  for (size_t i = 0; i < r.config.configs.size(); ++i) {
    if (r.config.configs[i].rootNodeGetter.empty())
      continue;
    auto root = r.callbacks.configs[i].rootNode({});
    ASSERT_TRUE(bool(root));
    EXPECT_EQ(*root, 7u);
    auto extra = r.callbacks.configs[i].extraInputs({});
    ASSERT_TRUE(bool(extra));
    EXPECT_EQ(extra->size(), 2u);
    return;
  }
  FAIL() << "no config with getters";
}
