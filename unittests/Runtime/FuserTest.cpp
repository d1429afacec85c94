//===- FuserTest.cpp - Fuser calling-convention adapters ------------------===//
//
// Part of the bpat project: runtime unit tests.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/Fuser.h"

#include "gtest/gtest.h"

#include <string>

using namespace bpat::rt;

namespace {

using Handle = std::string;
using NA = NestedArg<Handle>;

NA leaf(const char *s) { return NA::leaf(s); }
NA tup(std::vector<NA> e) { return NA::tuple(std::move(e)); }

std::vector<Handle> chain(size_t n) {
  std::vector<Handle> out;
  for (size_t i = 0; i != n; ++i)
    out.push_back(std::string(1, static_cast<char>('A' + i)));
  return out;
}

/// Joins modules: the fused "module" of a forward fuser in these tests.
Expected<Handle> joinFuser(bool isQat, const std::vector<Handle> &modules) {
  std::string s = isQat ? "qat:" : "";
  for (const Handle &m : modules)
    s += m;
  return s;
}

TEST(Fuser, ReversedNestedShapeMatchesPyTorch) {
  // (ReLU, Conv) -> fuser(is_qat, relu, conv)
  EXPECT_EQ(forwardToReversedNested<Handle>({"conv", "relu"}),
            (NestedArgs<Handle>{leaf("relu"), leaf("conv")}));
  // (ReLU, (BN, Conv)) -> fuser(is_qat, relu, (bn, conv))
  EXPECT_EQ(
      forwardToReversedNested<Handle>({"conv", "bn", "relu"}),
      (NestedArgs<Handle>{leaf("relu"), tup({leaf("bn"), leaf("conv")})}));
  // (D, (C, (B, A)))
  EXPECT_EQ(forwardToReversedNested(chain(4)),
            (NestedArgs<Handle>{
                leaf("D"), tup({leaf("C"), tup({leaf("B"), leaf("A")})})}));
  EXPECT_EQ(forwardToReversedNested(chain(1)), (NestedArgs<Handle>{leaf("A")}));
}

TEST(Fuser, ChainsOfLength1To8RoundTrip) {
  for (size_t n = 1; n <= 8; ++n) {
    std::vector<Handle> forward = chain(n);
    NestedArgs<Handle> args = forwardToReversedNested(forward);
    Expected<std::vector<Handle>> back = chainToForward(args);
    ASSERT_TRUE(static_cast<bool>(back)) << back.message();
    EXPECT_EQ(*back, forward) << "length " << n;
    EXPECT_EQ(postOrderLeaves(args), forward) << "length " << n;

    ReversedNestedFuser<Handle> f = reverseNested<Handle>(joinFuser);
    Expected<Handle> fused = f(true, args);
    ASSERT_TRUE(static_cast<bool>(fused));
    std::string want = "qat:";
    for (const Handle &h : forward)
      want += h;
    EXPECT_EQ(*fused, want);
  }
}

TEST(Fuser, Reverse2AndReverse3AsPyTorch) {
  // _reverse2: reversed(is_qat, x, y) = f(is_qat, y, x)
  ReversedNestedFuser<Handle> r2 = reverseNested<Handle>(joinFuser);
  EXPECT_EQ(*r2(false, {leaf("x"), leaf("y")}), "yx");
  // _reverse3: reversed(is_qat, x, (y, z)) = f(is_qat, z, y, x)
  EXPECT_EQ(*r2(false, {leaf("x"), tup({leaf("y"), leaf("z")})}), "zyx");
}

TEST(Fuser, NonChainShapesAreRejected) {
  ReversedNestedFuser<Handle> f = reverseNested<Handle>(joinFuser);
  EXPECT_FALSE(static_cast<bool>(f(false, {})));
  EXPECT_FALSE(static_cast<bool>(f(false, {leaf("a"), leaf("b"), leaf("c")})));
  EXPECT_FALSE(static_cast<bool>(
      f(false, {leaf("relu"), tup({leaf("add"), leaf("conv"), leaf("x")})})));
  EXPECT_FALSE(static_cast<bool>(f(false, {tup({leaf("a")}), leaf("b")})));
  Expected<Handle> e = f(false, {tup({leaf("a"), leaf("b")})});
  ASSERT_FALSE(static_cast<bool>(e));
  EXPECT_NE(e.message().find("not a reversed nested chain"), std::string::npos);
}

TEST(Fuser, TreeInDataFlowOrder) {
  // (ReLU, (add, (BN, Conv), MatchAllNode)) is called as
  // fuser(is_qat, relu, (add, (bn, conv), pool)).
  NestedArgs<Handle> args = {
      leaf("relu"),
      tup({leaf("add"), tup({leaf("bn"), leaf("conv")}), leaf("pool")})};
  EXPECT_EQ(postOrderLeaves(args),
            (std::vector<Handle>{"conv", "bn", "pool", "add", "relu"}));
  ReversedNestedFuser<Handle> f = reverseNestedTree<Handle>(joinFuser);
  EXPECT_EQ(*f(false, args), "convbnpooladdrelu");
  EXPECT_FALSE(
      static_cast<bool>(reverseNested<Handle>(joinFuser)(false, args)));
}

TEST(Fuser, SequentialBuildsFromForwardModulesIgnoringQat) {
  std::vector<std::vector<Handle>> seen;
  ForwardFuser<Handle> seq =
      sequential<Handle>([&](std::vector<Handle> ms) -> Expected<Handle> {
        seen.push_back(ms);
        std::string s = "Sequential(";
        for (size_t i = 0; i != ms.size(); ++i)
          s += (i ? ", " : "") + ms[i];
        return s + ")";
      });
  ReversedNestedFuser<Handle> f = reverseNested(seq);
  Expected<Handle> r =
      f(true, forwardToReversedNested<Handle>({"conv", "bn", "relu"}));
  ASSERT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, "Sequential(conv, bn, relu)");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], (std::vector<Handle>{"conv", "bn", "relu"}));

  // A builder's failure comes back as a value.
  ForwardFuser<Handle> failing =
      sequential<Handle>([](std::vector<Handle>) -> Expected<Handle> {
        return Error::failure("cannot fuse");
      });
  Expected<Handle> e = reverseNested(failing)(false, {leaf("a")});
  ASSERT_FALSE(static_cast<bool>(e));
  EXPECT_EQ(e.message(), "cannot fuse");
}

} // namespace
