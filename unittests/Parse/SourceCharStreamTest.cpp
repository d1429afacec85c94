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

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace bpat;

namespace {

/// One line per token, every field the parser and the diagnostics read.
std::string describe(antlr4::TokenSource &source) {
  std::string out;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = source.nextToken();
    out += std::to_string(token->getType()) + " ch" +
           std::to_string(token->getChannel()) + " [" +
           std::to_string(token->getStartIndex()) + "," +
           std::to_string(token->getStopIndex()) + "] " +
           std::to_string(token->getLine()) + ":" +
           std::to_string(token->getCharPositionInLine()) + " '" +
           token->getText() + "'\n";
    if (token->getType() == antlr4::Token::EOF)
      return out;
  }
}

void expectSameTokens(const std::string &text) {
  antlr4::ANTLRInputStream antlrInput(text);
  bpat_antlr::BPatLexer expected(&antlrInput);
  expected.removeErrorListeners();
  SourceCharStream input(text);
  bpat_antlr::BPatLexer actual(&input);
  actual.removeErrorListeners();
  EXPECT_EQ(describe(expected), describe(actual)) << "input: " << text;
}

TEST(SourceCharStreamTest, CornerCases) {
  const char *cases[] = {
      "",
      "op conv = module \"torch.nn.Conv2d\" { args = 1; };",
      "opset opsetx op_ _ _a a_ dtype dtype_config dtype_configs import",
      "pattern a -> b(<prev>, _) => F { x = -1.5e-3; y = [1, .5, 2., 3e4]; }",
      "1e 1e+ 1e+5 1.e5 1.5.3 ..5 . 007 1_000 12ab 0x1F",
      "<prev <prev> <pre> < > => =>> -> - -- ->-",
      "\"unterminated\n\"ok\" \"esc \\\" \\\\ \\n\" \"\\\n\" \"a\\",
      "// line\r\n/* block */ /* /* nested */ */ /*/ x /**/ /* open",
      "a//b\n/*\n\n*/b\r\nc",
      "\xEF\xBB\xBFop a = module \"a\";",
      "\"h\xC3\xA9llo \xE2\x82\xAC\" \xC3\xA9 x\xF0\x9F\x98\x80y /* \xC3\xA9 "
      "*/",
      "\"\\\xC3\xA9\" \t\r\n \\ ` @ # $ % ^ & * ! ? ~ + .",
      std::string("a\0b \"x\0y\"", 10).c_str(),
  };
  for (const char *text : cases)
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
  const char *fragments[] = {
      "op",
      "opset",
      "module",
      "_",
      "x",
      "a1",
      "dtype_config",
      " ",
      "\n",
      "\r\n",
      "\t",
      "\"",
      "\\",
      "/",
      "*",
      "//",
      "/*",
      "*/",
      "<",
      "<prev>",
      ">",
      "=",
      "=>",
      "-",
      "->",
      "(",
      ")",
      "{",
      "}",
      "[",
      "]",
      ";",
      ",",
      ":",
      "|",
      "0",
      "12",
      ".",
      "e",
      "E+",
      "-3",
      "\xC3\xA9",
      "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80",
      "#",
      "pattern",
      "<prev",
  };
  std::mt19937 rng(10);
  std::uniform_int_distribution<size_t> pick(0, std::size(fragments) - 1);
  std::uniform_int_distribution<size_t> length(0, 40);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (size_t n = length(rng); n; --n)
      text += fragments[pick(rng)];
    expectSameTokens(text);
  }
}

} // namespace
