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
#include "SourceCharStream.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <random>
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

/// One line per token, every field the parser and the diagnostics read,
/// then the lexer's errors.
std::string describe(antlr4::Lexer &lexer) {
  RecordingListener listener;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  std::string out;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lexer.nextToken();
    out += std::to_string(token->getType()) + " ch" +
           std::to_string(token->getChannel()) + " [" +
           std::to_string(token->getStartIndex()) + "," +
           std::to_string(token->getStopIndex()) + "] " +
           std::to_string(token->getLine()) + ":" +
           std::to_string(token->getCharPositionInLine()) + " '" +
           token->getText() + "'\n";
    if (token->getType() == antlr4::Token::EOF)
      break;
  }
  return out + listener.log;
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

const char *const cornerCases[] = {
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
    "\"h\xC3\xA9llo \xE2\x82\xAC\" \xC3\xA9 x\xF0\x9F\x98\x80y /* \xC3\xA9 */",
    "\"\\\xC3\xA9\" \t\r\n \\ ` @ # $ % ^ & * ! ? ~ + .",
    "a /* \xC3\xA9 unclosed \xE2\x82\xAC",
    "\x7F \x01 \"\x7F\"",
};

TEST(FastLexerTest, CornerCases) {
  for (const char *text : cornerCases)
    expectSameTokens(text);
  expectSameTokens(std::string("a\0b \"x\0y\"", 10));
}

TEST(FastLexerTest, EveryBpatFileOfTheRepository) {
  unsigned files = 0;
  for (const char *dir : {"examples", "library", "test", "unittests", "docs",
                          "editors", "python", "bench"}) {
    llvm::SmallString<256> root(BPAT_SOURCE_ROOT);
    llvm::sys::path::append(root, dir);
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end;
         it != end && !ec; it.increment(ec)) {
      if (llvm::sys::path::extension(it->path()) != ".bpat")
        continue;
      auto buffer = llvm::MemoryBuffer::getFile(it->path());
      ASSERT_TRUE(bool(buffer)) << it->path();
      std::string text = (*buffer)->getBuffer().str();
      // bpatc rejects invalid UTF-8 before lexing (test/Diagnostics).
      const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
      if (!llvm::isLegalUTF8String(&begin, begin + text.size()))
        continue;
      expectSameTokens(text);
      ++files;
    }
  }
  EXPECT_GT(files, 100u);
}

/// Texts of random grammar fragments, ASCII and not.
std::vector<std::string> randomTexts(unsigned count, unsigned seed) {
  const char *fragments[] = {"op",
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
                             "#",
                             "pattern",
                             "<prev",
                             "\x7F",
                             "\xC3\xA9",
                             "\xE2\x82\xAC",
                             "\xF0\x9F\x98\x80"};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, std::size(fragments) - 1);
  std::uniform_int_distribution<size_t> length(0, 40);
  std::vector<std::string> texts;
  for (unsigned i = 0; i < count; ++i) {
    std::string text;
    for (size_t n = length(rng); n; --n)
      text += fragments[pick(rng)];
    texts.push_back(text);
  }
  return texts;
}

TEST(FastLexerTest, RandomTexts) {
  for (const std::string &text : randomTexts(3000, 11))
    expectSameTokens(text);
}

/// The DFA is shared by every lexer of the process; cleared, the fast lexer
/// computes the edges (through the base class) before the stock lexer sees
/// them, and must still agree with it.
TEST(FastLexerTest, ColdDFA) {
  std::vector<std::string> texts = randomTexts(500, 12);
  texts.insert(texts.end(), std::begin(cornerCases), std::end(cornerCases));
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
