//===- KeywordsTest.cpp - Keywords.def against the grammar ----------------===//
//
// Keywords.def is written by hand; these tests hold it to grammar/BPat.g4
// through the lexer ANTLR generates from it: every row lexes as its own
// literal token, and every literal token spelled like a name is a row.
//
//===----------------------------------------------------------------------===//

#include "bpat/Parse/Keywords.h"
#include "BPatLexer.h"
#include "bpat/Runtime/OpRef.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

using namespace bpat;

namespace {

/// Whether `text` is spelled like a name (the grammar's IDENT).
bool isNameLike(const std::string &text) {
  if (text.empty() || !(std::isalpha((unsigned char)text[0]) || text[0] == '_'))
    return false;
  for (char c : text)
    if (!(std::isalnum((unsigned char)c) || c == '_'))
      return false;
  return true;
}

/// The token types of `text`, lexed alone (EOF excluded).
std::vector<size_t> lex(const std::string &text) {
  antlr4::ANTLRInputStream input(text);
  bpat_antlr::BPatLexer lexer(&input);
  std::vector<size_t> types;
  for (auto token = lexer.nextToken(); token->getType() != antlr4::Token::EOF;
       token = lexer.nextToken())
    types.push_back(token->getType());
  return types;
}

TEST(Keywords, EveryRowIsALiteralTokenOfTheGrammar) {
  antlr4::ANTLRInputStream input("");
  bpat_antlr::BPatLexer lexer(&input);
  const antlr4::dfa::Vocabulary &vocabulary = lexer.getVocabulary();
  for (const char *keyword : keywords) {
    std::vector<size_t> types = lex(keyword);
    ASSERT_EQ(types.size(), 1u) << keyword;
    EXPECT_NE(types[0], size_t(bpat_antlr::BPatLexer::IDENT)) << keyword;
    EXPECT_EQ(vocabulary.getLiteralName(types[0]),
              "'" + std::string(keyword) + "'");
  }
}

TEST(Keywords, EveryNameLikeLiteralOfTheGrammarIsARow) {
  antlr4::ANTLRInputStream input("");
  bpat_antlr::BPatLexer lexer(&input);
  const antlr4::dfa::Vocabulary &vocabulary = lexer.getVocabulary();
  std::set<std::string> rows(std::begin(keywords), std::end(keywords));
  unsigned found = 0;
  for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
    std::string literal = vocabulary.getLiteralName(type);
    if (literal.size() < 3 || literal.front() != '\'' || literal.back() != '\'')
      continue;
    std::string text = literal.substr(1, literal.size() - 2);
    if (!isNameLike(text))
      continue;
    ++found;
    EXPECT_TRUE(rows.count(text))
        << "'" << text << "' is missing from Keywords.def";
  }
  EXPECT_EQ(found, std::size(keywords));
}

TEST(Keywords, OpKindsAreKeywords) {
  for (const rt::OpKindInfo &kind : rt::opKinds)
    EXPECT_TRUE(isKeyword(kind.keyword)) << kind.keyword;
  EXPECT_TRUE(isKeyword("dtype_config"));
  EXPECT_FALSE(isKeyword("sequential"));
  EXPECT_FALSE(isKeyword("Pattern"));
}

} // namespace
