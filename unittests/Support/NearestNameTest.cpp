//===- NearestNameTest.cpp - The one "did you mean" rule ------------------===//
//
// NearestName: how near is near enough, prefixes, ties, and names too short
// or too long to guess for.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/NearestName.h"

#include "gtest/gtest.h"

#include <initializer_list>

using namespace bpat;

static std::string nearest(llvm::StringRef written,
                           std::initializer_list<const char *> candidates) {
  NearestName n(written);
  for (const char *c : candidates)
    n.consider(c);
  return n.get();
}

TEST(NearestNameTest, Misspellings) {
  EXPECT_EQ(nearest("conv2", {"conv2d", "linear"}), "conv2d");
  EXPECT_EQ(nearest("lienar", {"conv2d", "linear"}), "linear");
  // Two edits on a short name is the limit; three is too far.
  EXPECT_EQ(nearest("abcd", {"abxy"}), "abxy");
  EXPECT_EQ(nearest("abcd", {"axyz"}), "");
  // Long names allow n/3 edits.
  EXPECT_EQ(nearest("observation_typ", {"observation", "observation_type"}),
            "observation_type");
}

TEST(NearestNameTest, ShortNames) {
  // One letter: every other letter is one edit away, so no guess.
  EXPECT_EQ(nearest("x", {"I", "o", "d"}), "");
  // Two letters keep one of them.
  EXPECT_EQ(nearest("f3", {"f2", "zz"}), "f2");
  EXPECT_EQ(nearest("ab", {"xy"}), "");
}

TEST(NearestNameTest, PrefixesTiesAndLimits) {
  // The start of a longer name (`-Wduplicate`) counts as one edit.
  EXPECT_EQ(nearest("duplicate", {"duplicate-pattern", "unused-override"}),
            "duplicate-pattern");
  // Equally near: the alphabetically first, whatever the order.
  EXPECT_EQ(nearest("cat", {"cot", "bat"}), "bat");
  EXPECT_EQ(nearest("cat", {"bat", "cot"}), "bat");
  // The name itself, and empty candidates, are not suggestions.
  EXPECT_EQ(nearest("relu", {"relu", ""}), "");
  // No guess for something no one types.
  EXPECT_EQ(nearest(std::string(200, 'a'), {std::string(199, 'a').c_str()}),
            "");
  NearestName n("lienar");
  n.consider("linear");
  EXPECT_EQ(n.didYouMean("-W"), "; did you mean '-Wlinear'?");
  EXPECT_EQ(NearestName("zzzz").didYouMean(), "");
}
