//===- FastLexerTest.cpp - FastBPatLexer against the stock lexer ----------===//
//
// bpatc lexes with FastBPatLexer (lib/Parse/FastLexer.h): the generated lexer
// with a LexerATNSimulator subclass that walks the DFA through flat edge
// arrays and reads ASCII SourceCharStreams directly. Its tokens (type,
// channel, indices, line, column, text) and lexer errors must be the stock
// BPatLexer's over ANTLRInputStream: on every .bpat file of the repository,
// corner cases, non-ASCII text, random texts, and from a cold DFA (the
// simulator computing edges itself) as well as a warm one.
//
//===----------------------------------------------------------------------===//

#include "FastLexer.h"
#include "LexerTestUtil.h"
#include "SourceCharStream.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <string>

using namespace bpat;

namespace {

/// Records what a lexer reports.
class RecordingListener : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t line,
                   size_t column, const std::string &msg,
                   std::exception_ptr) override {
    log += "error " + std::to_string(line) + ":" + std::to_string(column) +
           " " + msg + "\n";
  }
  std::string log;
};

/// describeTokens, then the lexer's errors.
std::string describe(antlr4::Lexer &lexer) {
  RecordingListener listener;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  return test::describeTokens(lexer) + listener.log;
}

std::string stockTokens(const std::string &text) {
  antlr4::ANTLRInputStream input(text);
  bpat_antlr::BPatLexer lexer(&input);
  return describe(lexer);
}

/// FastBPatLexer over SourceCharStream (as bpatc runs it) and over
/// ANTLRInputStream (the generic path), against the stock lexer.
void expectSameTokens(const std::string &text) {
  SourceCharStream source(text);
  FastBPatLexer direct(&source);
  std::string actual = describe(direct);
  antlr4::ANTLRInputStream input(text);
  FastBPatLexer generic(static_cast<antlr4::CharStream *>(&input));
  std::string actualGeneric = describe(generic);
  std::string expected = stockTokens(text);
  EXPECT_EQ(expected, actual) << "input: " << text;
  EXPECT_EQ(expected, actualGeneric) << "input: " << text;
}

TEST(FastLexerTest, CornerCases) {
  for (const char *text : test::lexerCornerCases)
    expectSameTokens(text);
  expectSameTokens(std::string("a\0b \"x\0y\"", 10));
}

TEST(FastLexerTest, EveryBpatFileOfTheRepository) {
  unsigned files = 0;
  for (const std::string &path :
       test::repositoryBpatFiles({"examples", "library", "test", "unittests",
                                  "docs", "editors", "python", "bench"})) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buffer)) << path;
    std::string text = (*buffer)->getBuffer().str();
    // bpatc rejects invalid UTF-8 before lexing (test/Diagnostics).
    const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
    if (!llvm::isLegalUTF8String(&begin, begin + text.size()))
      continue;
    expectSameTokens(text);
    ++files;
  }
  EXPECT_GT(files, 100u);
}

TEST(FastLexerTest, RandomTexts) {
  for (const std::string &text : test::randomLexerTexts(3000, 11))
    expectSameTokens(text);
}

/// The DFA is shared by every lexer of the process; cleared, the fast lexer
/// computes the edges (through the base class) before the stock lexer sees
/// them, and must still agree with it.
TEST(FastLexerTest, ColdDFA) {
  std::vector<std::string> texts = test::randomLexerTexts(500, 12);
  texts.insert(texts.end(), std::begin(test::lexerCornerCases),
               std::end(test::lexerCornerCases));
  for (const std::string &text : texts) {
    {
      antlr4::ANTLRInputStream input("");
      bpat_antlr::BPatLexer stock(&input);
      stock.getInterpreter<antlr4::atn::LexerATNSimulator>()->clearDFA();
    }
    SourceCharStream source(text);
    FastBPatLexer fast(&source);
    std::string actual = describe(fast);
    EXPECT_EQ(stockTokens(text), actual) << "input: " << text;
  }
}

TEST(FastLexerTest, InvalidUTF8) {
  // bpatc rejects invalid UTF-8 before lexing (SourceCharStream requires
  // valid text); over ANTLRInputStream, where it decodes the bytes at all,
  // the fast lexer must still lex what the stock one lexes.
  for (const char *text :
       {"op \xC3", "\xFF", "a \xE2\x82 b", "\xC0\x80", "\"\xED\xA0\x80\"",
        "x\xF8\x88\x80\x80\x80y", "/* \xFE */ a"}) {
    const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text);
    EXPECT_FALSE(llvm::isLegalUTF8String(&begin, begin + strlen(text)));
    std::string expected, actual;
    try {
      expected = stockTokens(text);
    } catch (const std::exception &e) {
      expected = std::string("throws ") + e.what();
    }
    try {
      antlr4::ANTLRInputStream input(text);
      FastBPatLexer fast(static_cast<antlr4::CharStream *>(&input));
      actual = describe(fast);
    } catch (const std::exception &e) {
      actual = std::string("throws ") + e.what();
    }
    EXPECT_EQ(expected, actual) << text;
  }
}

} // namespace
