//===- SourceCharStream.h - A UTF-8 buffer as a CharStream ------*- C++ -*-===//
//
// What the generated lexer reads: the characters of the buffer, indexed by
// code point exactly as ANTLRInputStream indexes them (a leading byte order
// mark is not one), without ANTLRInputStream's copy of the whole file as
// UTF-32. Tokens read their text from here, and only when asked.
// unittests/Parse/SourceCharStreamTest.cpp holds it to ANTLRInputStream.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_PARSE_SOURCECHARSTREAM_H
#define BPAT_LIB_PARSE_SOURCECHARSTREAM_H

#include "antlr4-runtime.h"
#include "llvm/ADT/StringRef.h"

namespace bpat {

class SourceCharStream final : public antlr4::CharStream {
public:
  /// `text` must be valid UTF-8 and outlive the stream.
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

  /// For FlatDFALexerSimulator's walk: the bytes when the text is ASCII (one
  /// byte a character), else null; the position, read and set directly.
  const char *asciiBytes() const {
    return offsets.empty() ? text.data() : nullptr;
  }
  size_t position() const { return p; }
  void setPosition(size_t index) { p = index; }

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

} // namespace bpat

#endif
