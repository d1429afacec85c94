//===- SourceCharStream.cpp - A UTF-8 buffer as ANTLR's CharStream --------===//
//
// ANTLRInputStream's behaviour (getText's clamping, LA, seek) over the UTF-8
// bytes, with the code point offsets computed once for non-ASCII text.
//
//===----------------------------------------------------------------------===//

#include "SourceCharStream.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ConvertUTF.h"

using namespace bpat;

/// The bytes of the code point starting with `c` (valid UTF-8).
static size_t codePointBytes(char c) {
  return llvm::getNumBytesForUTF8(static_cast<unsigned char>(c));
}

SourceCharStream::SourceCharStream(llvm::StringRef source) : text(source) {
  if (text.startswith("\xEF\xBB\xBF"))
    text = text.drop_front(3);
  bool ascii = llvm::all_of(
      text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    n = text.size();
    return;
  }
  for (size_t i = 0; i < text.size(); i += codePointBytes(text[i]))
    offsets.push_back(i);
  n = offsets.size();
}

std::string SourceCharStream::getText(const antlr4::misc::Interval &interval) {
  // ANTLRInputStream::getText: the code points [a, b], b clamped to the
  // last; the count wraps as its size_t arithmetic does.
  if (interval.a < 0 || interval.b < 0)
    return "";
  size_t start = interval.a, stop = interval.b;
  if (stop >= n)
    stop = n - 1;
  if (start >= n)
    return "";
  size_t count = stop - start + 1;
  size_t end = count > n - start ? n : start + count;
  return text.slice(offsetOf(start), offsetOf(end)).str();
}

void SourceCharStream::consume() {
  if (p >= n)
    throw antlr4::IllegalStateException("cannot consume EOF");
  ++p;
}

size_t SourceCharStream::LA(ssize_t i) {
  if (i == 0)
    return 0;
  ssize_t at = i > 0 ? ssize_t(p) + i - 1 : ssize_t(p) + i;
  if (at < 0 || size_t(at) >= n)
    return antlr4::IntStream::EOF;
  if (offsets.empty()) // ASCII: the lexer reads every character this way
    return static_cast<unsigned char>(text[at]);
  const auto *begin =
      reinterpret_cast<const llvm::UTF8 *>(text.data() + offsetOf(at));
  llvm::UTF32 codePoint = 0;
  llvm::UTF32 *out = &codePoint;
  llvm::ConvertUTF8toUTF32(&begin, begin + codePointBytes(*(const char *)begin),
                           &out, out + 1, llvm::strictConversion);
  return codePoint;
}
