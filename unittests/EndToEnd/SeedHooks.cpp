//===- SeedHooks.cpp - End-to-end tests on examples/seed.bpat -------------===//

#include "HooksCommon.h"
#include "matcher.h"
#include "register.h"
#include "gtest/gtest.h"

// The hooks are named after the .bpat fusers and getters the generated
// header calls.
// NOLINTBEGIN(readability-identifier-naming)
struct Hooks : CommonHooks {
  static bpat::rt::Expected<Module> fuse_conv_bn_relu(bool, const Module &conv,
                                                      const Module &bn,
                                                      const Module &relu) {
    return forward("fuse_conv_bn_relu", {conv, bn, relu});
  }
  static bpat::rt::Expected<Module>
  fuse_conv_add_relu(bool, const bpat::rt::NestedArgs<Module> &modules) {
    return render(modules);
  }
  static bpat::rt::Expected<bpat::rt::NodeId>
  conv_add_root(const bpat::rt::NestedArgs<bpat::rt::NodeId> &) {
    return bpat::rt::NodeId(0);
  }
  static bpat::rt::Expected<std::vector<bpat::rt::NodeId>>
  conv_add_extra_inputs(const bpat::rt::NestedArgs<bpat::rt::NodeId> &) {
    return std::vector<bpat::rt::NodeId>{};
  }
};
// NOLINTEND(readability-identifier-naming)

static void expectFuserResult(const bpat::rt::BackendPatternConfig &c,
                              const std::string &fused) {
  if (c.fuserMethod == "my_backend.fuse_conv_add_relu")
    // relu(add(conv2d, _)): the legacy shape, as PyTorch passes it.
    EXPECT_EQ(fused, "(torch.nn.ReLU, (torch.add, torch.nn.Conv2d, _))");
  else if (c.fusedModule == "torch.ao.nn.intrinsic.LinearReLU")
    EXPECT_EQ(fused, "sequential:torch.ao.nn.intrinsic.LinearReLU");
  else
    EXPECT_EQ(fused, "fuse_conv_bn_relu");
}

#define BPAT_E2E_NS bpat_gen_native
#define BPAT_E2E_SUITE SeedEndToEnd
#include "E2ETests.inc"

TEST(SeedEndToEnd, SeedGettersAreRegistered) {
  Registered r;
  // relu(add(conv2d, _)) is config 4 (after the chain and its 3 choices).
  ASSERT_GT(r.callbacks.configs.size(), 4u);
  EXPECT_TRUE(bool(r.callbacks.configs[4].rootNode));
  EXPECT_TRUE(bool(r.callbacks.configs[4].extraInputs));
  EXPECT_FALSE(bool(r.callbacks.configs[0].rootNode));
}
