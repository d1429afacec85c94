//===- ItemByItemTest.cpp - The item-by-item parse against the whole-file one
//===//
//
// parseModule builds the AST item by item and frees each item's parse tree
// (parseItemByItem in lib/Parse/Parser.cpp), falling back to parsing the
// whole file when anything goes wrong. Its AST must be the one buildModule
// makes from a parse of the whole file: checked here on every .bpat file of
// the repository that parses, by their dumps.
//
//===----------------------------------------------------------------------===//

#include "ASTBuilder.h"
#include "FastLexer.h"
#include "LexerTestUtil.h"
#include "SourceCharStream.h"
#include "bpat/AST/ASTPrinter.h"
#include "bpat/Parse/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace bpat;

namespace {

/// The AST of a whole-file parse (`file` with LL prediction), dumped; empty
/// if the file does not parse. The text is ASCII or starts without a byte
/// order mark, so code point indices are byte offsets.
std::string wholeFileAST(llvm::SourceMgr &sourceMgr, unsigned bufferId) {
  llvm::StringRef text = sourceMgr.getMemoryBuffer(bufferId)->getBuffer();
  SourceCharStream input(text);
  FastBPatLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  bpat_antlr::BPatParser parser(&tokens);
  parser.removeErrorListeners();
  bpat_antlr::BPatParser::FileContext *file = parser.file();
  if (parser.getNumberOfSyntaxErrors())
    return "";
  DiagnosticEngine diags(sourceMgr, llvm::nulls());
  std::unique_ptr<ast::Module> module = buildModule(
      file,
      [&](size_t i) { return llvm::SMLoc::getFromPointer(text.data() + i); },
      /*textFromLocs=*/true, diags);
  if (!module)
    return "";
  module->fileName =
      sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier().str();
  std::string out;
  llvm::raw_string_ostream os(out);
  ast::dumpModule(*module, sourceMgr, os);
  return os.str();
}

TEST(ItemByItemTest, SameASTAsTheWholeFileParse) {
  unsigned compared = 0;
  for (const std::string &path : test::repositoryBpatFiles(
           {"examples", "library", "test", "unittests"})) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buffer)) << path;
    llvm::StringRef text = (*buffer)->getBuffer();
    bool ascii = llvm::all_of(
        text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii || text.find('\0') != llvm::StringRef::npos)
      continue;
    llvm::SourceMgr sourceMgr;
    unsigned id = sourceMgr.AddNewSourceBuffer(std::move(*buffer), {});
    std::string expected = wholeFileAST(sourceMgr, id);
    std::string messages;
    llvm::raw_string_ostream messagesOS(messages);
    DiagnosticEngine diags(sourceMgr, messagesOS);
    std::unique_ptr<ast::Module> module = parseModule(id, diags);
    if (expected.empty()) {
      EXPECT_FALSE(module) << path;
      continue;
    }
    // parseModule alone limits the nesting depth, before parsing.
    if (!module &&
        llvm::StringRef(messagesOS.str()).contains("nesting is deeper than"))
      continue;
    ASSERT_TRUE(module) << path << "\n" << messagesOS.str();
    std::string actual;
    llvm::raw_string_ostream os(actual);
    ast::dumpModule(*module, sourceMgr, os);
    EXPECT_EQ(expected, os.str()) << path;
    ++compared;
  }
  EXPECT_GT(compared, 100u);
}

} // namespace
