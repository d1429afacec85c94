//===- FastLexer.cpp - Hand-written lexer for .bpat files -----------------===//
//
// The rules of grammar/BPat.g4's lexer, by hand. ANTLR's lexer takes the
// longest match and, between matches of the same length, the rule defined
// first; literal tokens (keywords, punctuation) come before every named rule.
// The literals and their token types are read from the generated lexer's
// vocabulary, so the grammar stays the one place they are spelled.
//
//===----------------------------------------------------------------------===//

#include "FastLexer.h"
#include "BPatLexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"

using namespace bpat;
using L = bpat_antlr::BPatLexer;

namespace {

/// The grammar's literal tokens: those spelled like names (keywords, `_`) and
/// the others (punctuation), longest first.
struct Literals {
  llvm::StringMap<size_t> names;
  std::vector<std::pair<std::string, size_t>> punctuation;

  Literals() {
    antlr4::ANTLRInputStream empty("");
    L lexer(&empty);
    const antlr4::dfa::Vocabulary &vocabulary = lexer.getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
      std::string literal = vocabulary.getLiteralName(type);
      if (literal.size() < 3)
        continue;
      std::string spelling = literal.substr(1, literal.size() - 2);
      if (isNameStart(spelling[0]))
        names[spelling] = type;
      else
        punctuation.push_back({spelling, type});
    }
    std::stable_sort(punctuation.begin(), punctuation.end(),
                     [](const auto &a, const auto &b) {
                       return a.first.size() > b.first.size();
                     });
  }
  static bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
};

const Literals &literals() {
  static const Literals table;
  return table;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNameChar(char c) { return Literals::isNameStart(c) || isDigit(c); }

/// The bytes of the code point starting with `c` (valid UTF-8).
size_t codePointBytes(char c) {
  return llvm::getNumBytesForUTF8(static_cast<unsigned char>(c));
}

} // namespace

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
  const auto *begin =
      reinterpret_cast<const llvm::UTF8 *>(text.data() + offsetOf(at));
  llvm::UTF32 codePoint = 0;
  llvm::UTF32 *out = &codePoint;
  llvm::ConvertUTF8toUTF32(&begin, begin + codePointBytes(*(const char *)begin),
                           &out, out + 1, llvm::strictConversion);
  return codePoint;
}

FastLexer::FastLexer(llvm::StringRef text, antlr4::CharStream *input)
    : text(text), input(input), source(this, input) {
  literals();
  // ANTLRInputStream drops a UTF-8 byte order mark: it has no index.
  if (text.startswith("\xEF\xBB\xBF"))
    pos = 3;
}

void FastLexer::advanceTo(size_t to) {
  for (; pos < to; ++pos) {
    char c = text[pos];
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80)
      continue; // a continuation byte: same code point
    ++codePoint;
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
}

/// Length of EXPONENT ([eE] [+-]? [0-9]+) at `i`, or 0.
static size_t exponentAt(llvm::StringRef text, size_t i) {
  if (i >= text.size() || (text[i] != 'e' && text[i] != 'E'))
    return 0;
  size_t j = i + 1;
  if (j < text.size() && (text[j] == '+' || text[j] == '-'))
    ++j;
  size_t digits = j;
  while (j < text.size() && isDigit(text[j]))
    ++j;
  return j > digits ? j - i : 0;
}

size_t bpat::literalTokenType(llvm::StringRef spelling) {
  const Literals &table = literals();
  auto it = table.names.find(spelling);
  if (it != table.names.end())
    return it->second;
  for (const auto &[text, type] : table.punctuation)
    if (text == spelling)
      return type;
  return antlr4::Token::INVALID_TYPE;
}

size_t bpat::scanToken(llvm::StringRef text, size_t pos, size_t &length,
                       bool &hidden) {
  size_t n = text.size();
  char c = text[pos];
  hidden = false;
  length = 1;
  // WS: [ \t\r\n]+
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    size_t i = pos + 1;
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
                     text[i] == '\n'))
      ++i;
    length = i - pos;
    return L::WS;
  }
  // IDENT, or a keyword when the whole word is one.
  if (Literals::isNameStart(c)) {
    size_t i = pos + 1;
    while (i < n && isNameChar(text[i]))
      ++i;
    length = i - pos;
    const llvm::StringMap<size_t> &names = literals().names;
    auto it = names.find(text.substr(pos, length));
    return it == names.end() ? size_t(L::IDENT) : it->second;
  }
  // INT: [0-9]+, FLOAT: [0-9]+ '.' [0-9]* EXPONENT? | [0-9]+ EXPONENT |
  // '.' [0-9]+ EXPONENT?
  if (isDigit(c) || (c == '.' && pos + 1 < n && isDigit(text[pos + 1]))) {
    size_t i = pos;
    while (i < n && isDigit(text[i]))
      ++i;
    bool isFloat = false;
    if (i < n && text[i] == '.') {
      isFloat = true;
      ++i;
      while (i < n && isDigit(text[i]))
        ++i;
    }
    if (size_t e = exponentAt(text, i)) {
      isFloat = true;
      i += e;
    }
    length = i - pos;
    return isFloat ? L::FLOAT : L::INT;
  }
  // STRING: '"' (~["\\\r\n] | '\\' .)* '"'; unclosed, the quote alone is
  // UNKNOWN_CHAR.
  if (c == '"') {
    for (size_t i = pos + 1; i < n;) {
      char d = text[i];
      if (d == '"') {
        length = i + 1 - pos;
        return L::STRING;
      }
      if (d == '\r' || d == '\n')
        break;
      if (d == '\\') {
        if (i + 1 >= n)
          break;
        i += 1 + codePointBytes(text[i + 1]);
        continue;
      }
      i += codePointBytes(d);
    }
    return L::UNKNOWN_CHAR;
  }
  // LINE_COMMENT: '//' ~[\r\n]*, BLOCK_COMMENT: '/*' .*? '*/'
  if (c == '/' && pos + 1 < n && text[pos + 1] == '/') {
    size_t end = text.find_first_of("\r\n", pos + 2);
    length = (end == llvm::StringRef::npos ? n : end) - pos;
    hidden = true;
    return L::LINE_COMMENT;
  }
  if (c == '/' && pos + 1 < n && text[pos + 1] == '*') {
    size_t end = text.find("*/", pos + 2);
    if (end == llvm::StringRef::npos)
      return L::UNKNOWN_CHAR;
    length = end + 2 - pos;
    hidden = true;
    return L::BLOCK_COMMENT;
  }
  for (const auto &[spelling, type] : literals().punctuation)
    if (text.substr(pos).startswith(spelling)) {
      length = spelling.size();
      return type;
    }
  // UNKNOWN_CHAR: any one code point.
  length = codePointBytes(c);
  return L::UNKNOWN_CHAR;
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  static const std::string noText;
  antlr4::TokenFactory<antlr4::CommonToken> *factory = getTokenFactory();
  while (pos < text.size()) {
    size_t length;
    bool hidden;
    size_t type = scanToken(text, pos, length, hidden);
    if (type == L::WS) {
      advanceTo(pos + length);
      continue;
    }
    size_t startIndex = codePoint, startLine = line, startColumn = column;
    advanceTo(pos + length);
    return factory->create(source, type, noText,
                           hidden ? antlr4::Token::HIDDEN_CHANNEL
                                  : antlr4::Token::DEFAULT_CHANNEL,
                           startIndex, codePoint - 1, startLine, startColumn);
  }
  return factory->create(source, antlr4::Token::EOF, noText,
                         antlr4::Token::DEFAULT_CHANNEL, codePoint,
                         codePoint - 1, line, column);
}
