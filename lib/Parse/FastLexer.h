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

/// The characters of a UTF-8 buffer as ANTLR's CharStream, indexed by code
/// point as ANTLRInputStream indexes them (a leading byte order mark is not
/// one), without ANTLRInputStream's copy of the whole buffer as UTF-32:
/// tokens read their text from here, and only when asked.
class SourceCharStream : public antlr4::CharStream {
public:
  explicit SourceCharStream(llvm::StringRef text);

  std::string getText(const antlr4::misc::Interval &interval) override;
  std::string toString() const override { return text.str(); }
  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return p; }
  void seek(size_t index) override { p = std::min(index, n); }
  size_t size() override { return n; }
  std::string getSourceName() const override {
    return antlr4::IntStream::UNKNOWN_SOURCE_NAME;
  }

private:
  /// The byte offset of code point `i` (`text.size()` for `n`).
  size_t offsetOf(size_t i) const {
    return offsets.empty() ? i : i < n ? offsets[i] : text.size();
  }

  llvm::StringRef text;
  std::vector<size_t> offsets; // empty when the text is ASCII
  size_t n = 0;                // code points
  size_t p = 0;                // current index
};

/// The type of the token at byte `pos` of `text` (BPatLexer's types, WS for
/// whitespace) and its length in bytes; sets `hidden` for comments.
size_t scanToken(llvm::StringRef text, size_t pos, size_t &length,
                 bool &hidden);

/// The type of the grammar's literal token spelled `spelling` (`;`, `op`).
size_t literalTokenType(llvm::StringRef spelling);

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
