//===- FastLexer.h - Hand-written lexer for .bpat files ---------*- C++ -*-===//
//
// A token source for the ANTLR parser that produces exactly the tokens of the
// lexer ANTLR generates from grammar/BPat.g4 (same types, channels, code point
// indices, lines and columns; unittests/Parse/FastLexerTest.cpp holds it to
// that), about ten times faster: ANTLR's lexer simulates the lexer ATN per
// character and takes a lock on its DFA cache for every transition.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_PARSE_FASTLEXER_H
#define BPAT_LIB_PARSE_FASTLEXER_H

#include "antlr4-runtime.h"
#include "llvm/ADT/StringRef.h"

namespace bpat {

class FastLexer : public antlr4::TokenSource {
public:
  /// Lexes `text` (valid UTF-8), which `input` holds as code points; tokens
  /// refer to `input` for their text, as those of ANTLR's lexer do.
  FastLexer(llvm::StringRef text, antlr4::CharStream *input);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line; }
  size_t getCharPositionInLine() override { return column; }
  antlr4::CharStream *getInputStream() override { return input; }
  std::string getSourceName() override { return input->getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

private:
  /// Moves to byte `to`, counting code points, lines and columns.
  void advanceTo(size_t to);
  /// The token type and byte length of the token at `pos`, or 0 for
  /// whitespace; sets `hidden` for comments.
  size_t scan(size_t &length, bool &hidden) const;

  llvm::StringRef text;
  antlr4::CharStream *input;
  std::pair<antlr4::TokenSource *, antlr4::CharStream *> source;
  size_t pos = 0;       // byte offset
  size_t codePoint = 0; // ANTLR's index
  size_t line = 1;
  size_t column = 0;
};

} // namespace bpat

#endif
