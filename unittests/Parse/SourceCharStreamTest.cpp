//===- SourceCharStreamTest.cpp - SourceCharStream against ANTLR's --------===//
//
// The generated lexer reads .bpat files through SourceCharStream instead of
// ANTLRInputStream; tokens, their indices and their text must not change.
// These tests compare the two streams directly (getText of every interval,
// LA) and the generated lexer's tokens over each, on hand-picked corner cases
// and many random texts built from fragments of the grammar's tokens.
//
//===----------------------------------------------------------------------===//

#include "SourceCharStream.h"
#include "BPatLexer.h"
#include "LexerTestUtil.h"

#include <gtest/gtest.h>

#include <string>

using namespace bpat;

namespace {

void expectSameTokens(const std::string &text) {
  antlr4::ANTLRInputStream antlrInput(text);
  bpat_antlr::BPatLexer expected(&antlrInput);
  expected.removeErrorListeners();
  SourceCharStream input(text);
  bpat_antlr::BPatLexer actual(&input);
  actual.removeErrorListeners();
  EXPECT_EQ(test::describeTokens(expected), test::describeTokens(actual))
      << "input: " << text;
}

TEST(SourceCharStreamTest, CornerCases) {
  for (const char *text : test::lexerCornerCases)
    expectSameTokens(text);
  expectSameTokens(std::string("a\0b \"x\0y\"", 10));
}

TEST(SourceCharStreamTest, SourceCharStreamReadsAsANTLRInputStream) {
  const std::string texts[] = {"", "op a;", "\xEF\xBB\xBFop \"\xC3\xA9\";",
                               "x\xF0\x9F\x98\x80y\xE2\x82\xAC\n\xC3\xA9",
                               std::string("a\0b", 3)};
  for (const std::string &text : texts) {
    antlr4::ANTLRInputStream expected(text);
    SourceCharStream actual(text);
    ASSERT_EQ(expected.size(), actual.size()) << text;
    for (ssize_t a = -1; a <= ssize_t(text.size()) + 1; ++a)
      for (ssize_t b = -1; b <= ssize_t(text.size()) + 1; ++b)
        EXPECT_EQ(expected.getText({a, b}), actual.getText({a, b}))
            << text << " [" << a << ", " << b << "]";
    for (size_t i = 0; i <= expected.size(); ++i) {
      expected.seek(i);
      actual.seek(i);
      EXPECT_EQ(expected.index(), actual.index());
      for (ssize_t k : {-1, 1, 2})
        EXPECT_EQ(expected.LA(k), actual.LA(k)) << text << " at " << i;
    }
  }
}

TEST(SourceCharStreamTest, RandomTexts) {
  for (const std::string &text : test::randomLexerTexts(3000, 10))
    expectSameTokens(text);
}

} // namespace
