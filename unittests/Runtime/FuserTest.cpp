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

NA leaf(const char *S) { return NA::leaf(S); }
NA tup(std::vector<NA> E) { return NA::tuple(std::move(E)); }

std::vector<Handle> chain(size_t N) {
  std::vector<Handle> Out;
  for (size_t I = 0; I != N; ++I)
    Out.push_back(std::string(1, static_cast<char>('A' + I)));
  return Out;
}

/// Joins modules: the fused "module" of a forward fuser in these tests.
Expected<Handle> joinFuser(bool IsQat, const std::vector<Handle> &Modules) {
  std::string S = IsQat ? "qat:" : "";
  for (const Handle &M : Modules)
    S += M;
  return S;
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
  for (size_t N = 1; N <= 8; ++N) {
    std::vector<Handle> Forward = chain(N);
    NestedArgs<Handle> Args = forwardToReversedNested(Forward);
    Expected<std::vector<Handle>> Back = chainToForward(Args);
    ASSERT_TRUE(static_cast<bool>(Back)) << Back.message();
    EXPECT_EQ(*Back, Forward) << "length " << N;
    EXPECT_EQ(postOrderLeaves(Args), Forward) << "length " << N;

    ReversedNestedFuser<Handle> F = reverseNested<Handle>(joinFuser);
    Expected<Handle> Fused = F(true, Args);
    ASSERT_TRUE(static_cast<bool>(Fused));
    std::string Want = "qat:";
    for (const Handle &H : Forward)
      Want += H;
    EXPECT_EQ(*Fused, Want);
  }
}

TEST(Fuser, Reverse2AndReverse3AsPyTorch) {
  // _reverse2: reversed(is_qat, x, y) = f(is_qat, y, x)
  ReversedNestedFuser<Handle> R2 = reverseNested<Handle>(joinFuser);
  EXPECT_EQ(*R2(false, {leaf("x"), leaf("y")}), "yx");
  // _reverse3: reversed(is_qat, x, (y, z)) = f(is_qat, z, y, x)
  EXPECT_EQ(*R2(false, {leaf("x"), tup({leaf("y"), leaf("z")})}), "zyx");
}

TEST(Fuser, NonChainShapesAreRejected) {
  ReversedNestedFuser<Handle> F = reverseNested<Handle>(joinFuser);
  EXPECT_FALSE(static_cast<bool>(F(false, {})));
  EXPECT_FALSE(static_cast<bool>(F(false, {leaf("a"), leaf("b"), leaf("c")})));
  EXPECT_FALSE(static_cast<bool>(
      F(false, {leaf("relu"), tup({leaf("add"), leaf("conv"), leaf("x")})})));
  EXPECT_FALSE(static_cast<bool>(F(false, {tup({leaf("a")}), leaf("b")})));
  Expected<Handle> E = F(false, {tup({leaf("a"), leaf("b")})});
  ASSERT_FALSE(static_cast<bool>(E));
  EXPECT_NE(E.message().find("not a reversed nested chain"), std::string::npos);
}

TEST(Fuser, TreeInDataFlowOrder) {
  // (ReLU, (add, (BN, Conv), MatchAllNode)) is called as
  // fuser(is_qat, relu, (add, (bn, conv), pool)).
  NestedArgs<Handle> Args = {
      leaf("relu"),
      tup({leaf("add"), tup({leaf("bn"), leaf("conv")}), leaf("pool")})};
  EXPECT_EQ(postOrderLeaves(Args),
            (std::vector<Handle>{"conv", "bn", "pool", "add", "relu"}));
  ReversedNestedFuser<Handle> F = reverseNestedTree<Handle>(joinFuser);
  EXPECT_EQ(*F(false, Args), "convbnpooladdrelu");
  EXPECT_FALSE(
      static_cast<bool>(reverseNested<Handle>(joinFuser)(false, Args)));
}

TEST(Fuser, SequentialBuildsFromForwardModulesIgnoringQat) {
  std::vector<std::vector<Handle>> Seen;
  ForwardFuser<Handle> Seq =
      sequential<Handle>([&](std::vector<Handle> Ms) -> Expected<Handle> {
        Seen.push_back(Ms);
        std::string S = "Sequential(";
        for (size_t I = 0; I != Ms.size(); ++I)
          S += (I ? ", " : "") + Ms[I];
        return S + ")";
      });
  ReversedNestedFuser<Handle> F = reverseNested(Seq);
  Expected<Handle> R =
      F(true, forwardToReversedNested<Handle>({"conv", "bn", "relu"}));
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(*R, "Sequential(conv, bn, relu)");
  ASSERT_EQ(Seen.size(), 1u);
  EXPECT_EQ(Seen[0], (std::vector<Handle>{"conv", "bn", "relu"}));

  // A builder's failure comes back as a value.
  ForwardFuser<Handle> Failing =
      sequential<Handle>([](std::vector<Handle>) -> Expected<Handle> {
        return Error::failure("cannot fuse");
      });
  Expected<Handle> E = reverseNested(Failing)(false, {leaf("a")});
  ASSERT_FALSE(static_cast<bool>(E));
  EXPECT_EQ(E.message(), "cannot fuse");
}

} // namespace
