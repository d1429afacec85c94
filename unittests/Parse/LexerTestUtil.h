//===- LexerTestUtil.h - What the lexer tests share ------------*- C++ -*-===//
//
// Part of the bpat project: parse unit tests.
//
// The tests that hold a lexer or a parse to another (SourceCharStreamTest,
// FastLexerTest, ItemByItemTest) compare the same things on the same
// inputs: tokens described field by field, hand-picked corner cases, random
// texts built from fragments of the grammar's tokens, and every .bpat file
// of the repository.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_UNITTESTS_PARSE_LEXERTESTUTIL_H
#define BPAT_UNITTESTS_PARSE_LEXERTESTUTIL_H

#include "antlr4-runtime.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <initializer_list>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace bpat::test {

/// One line per token of \p source, to its end, with every field the parser
/// and the diagnostics read.
inline std::string describeTokens(antlr4::TokenSource &source) {
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

/// Texts where lexers tend to differ: keywords as prefixes, numbers, the
/// `<prev>` token, strings and comments left open, line ends, a byte order
/// mark, non-ASCII text, characters no token starts with.
inline const char *const lexerCornerCases[] = {
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

/// \p count texts of up to 40 random fragments of the grammar's tokens,
/// ASCII and not (valid UTF-8), from \p seed.
inline std::vector<std::string> randomLexerTexts(unsigned count,
                                                 unsigned seed) {
  static const char *const fragments[] = {"op",
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
    texts.push_back(std::move(text));
  }
  return texts;
}

/// The paths of the .bpat files below \p dirs of the source tree.
inline std::vector<std::string>
repositoryBpatFiles(std::initializer_list<const char *> dirs) {
  std::vector<std::string> files;
  for (const char *dir : dirs) {
    llvm::SmallString<256> root(BPAT_SOURCE_ROOT);
    llvm::sys::path::append(root, dir);
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end;
         it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".bpat")
        files.push_back(it->path());
  }
  return files;
}

} // namespace bpat::test

#endif // BPAT_UNITTESTS_PARSE_LEXERTESTUTIL_H
