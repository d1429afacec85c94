//===- NativeHooks.cpp - End-to-end tests on the native port --------------===//

#include "HooksCommon.h"
#include "matcher.h"
#include "register.h"
#include "gtest/gtest.h"

// The hooks are named after the .bpat fusers and getters the generated
// header calls.
// NOLINTBEGIN(readability-identifier-naming)
struct Hooks : CommonHooks {
  static bpat::rt::Expected<Module> fuse_conv_bn(bool, const Module &conv,
                                                 const Module &bn) {
    return forward("fuse_conv_bn", {conv, bn});
  }
  static bpat::rt::Expected<Module> fuse_conv_bn_relu(bool, const Module &conv,
                                                      const Module &bn,
                                                      const Module &relu) {
    return forward("fuse_conv_bn_relu", {conv, bn, relu});
  }
  static bpat::rt::Expected<Module> fuse_linear_bn(bool, const Module &linear,
                                                   const Module &bn) {
    return forward("fuse_linear_bn", {linear, bn});
  }
  static bpat::rt::Expected<Module>
  fuse_convtranspose_bn(bool, const Module &convt, const Module &bn) {
    return forward("fuse_convtranspose_bn", {convt, bn});
  }
};
// NOLINTEND(readability-identifier-naming)

static void expectFuserResult(const bpat::rt::BackendPatternConfig &c,
                              const std::string &fused) {
  // Every native fuser is sequential or a torch fuse_* function.
  if (c.fuserMethod.find("_sequential_wrapper2(") != std::string::npos)
    EXPECT_EQ(fused, "sequential:" + c.fusedModule);
  else
    EXPECT_EQ("torch.ao.quantization.fuser_method_mappings." + fused,
              c.fuserMethod);
}

#define BPAT_E2E_NS bpat_gen_native
#define BPAT_E2E_SUITE NativeEndToEnd
#include "E2ETests.inc"

TEST(NativeEndToEnd, NativeHas185Configs) {
  EXPECT_EQ(bpat_gen_native::NumConfigs, 185u);
}
