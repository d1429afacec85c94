//===- JSONCursor.cpp - A pull reader for JSON ----------------------------===//
//
// Part of the bpat project. Plain C++17 (no LLVM).
//
// A cursor over the text: peek() classifies the next value by its first
// byte, the read calls scan one token, enter/next walk containers keeping
// only a stack of open-container kinds (one bool each), and skipValue() and
// finish() drive those same calls in a loop, so nothing recurses. Strings are
// scanned a byte at a time against a table of the bytes that need a look
// (quote, backslash, control characters, non-ASCII); a string without escapes
// is handed out as a view of the text.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphJSON/JSONCursor.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace bpat;

namespace {

/// Bytes a string scan must stop at: `"`, `\`, control characters, and the
/// first byte of every non-ASCII sequence (checked to be UTF-8).
struct StringStops {
  bool stop[256];
  constexpr StringStops() : stop() {
    for (unsigned c = 0; c != 256; ++c)
      stop[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  }
};
constexpr StringStops stops;

/// Which of the 8 bytes of `v` are bytes StringStops stops at: a quote,
/// a backslash, a control character or a non-ASCII byte. Eight bytes are
/// checked with a few word operations (the "has a zero byte" test of each
/// byte against 0x22 and 0x5C, and the "less than 0x20" variant), so that
/// the plain run of a string costs about an instruction per byte. Returns
/// the high bit of each such byte. A borrow can flag a byte more significant
/// than a true stop falsely, never a less significant one: on a little-endian
/// host the lowest flagged byte is exactly the first stop; on a big-endian
/// one it may come early, and the byte loop after it finds the stop.
inline uint64_t stringStops(uint64_t v) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t highs = 0x8080808080808080ULL;
  auto hasZero = [](uint64_t x) { return (x - ones) & ~x & highs; };
  uint64_t quote = hasZero(v ^ (ones * '"'));
  uint64_t backslash = hasZero(v ^ (ones * '\\'));
  uint64_t control = (v - ones * 0x20) & ~v & highs;
  return quote | backslash | control | (v & highs);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// The four hex digits at `P` (at least four bytes before `End`), or -1.
int hex4(const char *p, const char *end) {
  if (end - p < 4)
    return -1;
  int v = 0;
  for (int i = 0; i != 4; ++i) {
    int d = hexValue(p[i]);
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/// strtod's result for the number text [B, E), without depending on the
/// locale unless the value is out of double's range.
double toDouble(const char *b, const char *e) {
  double v = 0;
  std::from_chars_result r = std::from_chars(b, e, v);
  if (r.ec == std::errc())
    return v;
  // Out of range: strtod gives ±HUGE_VAL or a (signed) zero.
  std::string copy(b, e);
  return std::strtod(copy.c_str(), nullptr);
}

/// Writes the UTF-8 encoding of code point `c` (at most U+10FFFF).
void appendUTF8(std::string &out, unsigned c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

} // namespace

JSONCursor::JSONCursor(std::string_view text, Options opts)
    : opts(opts), begin(text.data()), cur(text.data()),
      end(text.data() + text.size()), lastStart(begin), lastStop(begin) {}

bool JSONCursor::fail(const char *at, std::string message) {
  if (!hasFailed) {
    hasFailed = true;
    error =
        TextProblem{at, at, "invalid JSON: " + std::move(message), nullptr, {}};
  }
  return false;
}

std::string_view JSONCursor::store(const std::string &s) {
  if (s.size() > chunkLeft) {
    size_t size = std::max<size_t>(s.size(), 4096);
    chunks.emplace_back(new char[size]);
    chunkPos = chunks.back().get();
    chunkLeft = size;
  }
  char *copy = chunkPos;
  std::memcpy(copy, s.data(), s.size());
  chunkPos += s.size();
  chunkLeft -= s.size();
  return std::string_view(copy, s.size());
}

void JSONCursor::skipSpace() {
  while (cur != end &&
         (*cur == ' ' || *cur == '\n' || *cur == '\r' || *cur == '\t'))
    ++cur;
}

std::optional<JSONCursor::Kind> JSONCursor::peek() {
  if (hasFailed)
    return std::nullopt;
  assert(valueDue && "no value is due here");
  skipSpace();
  if (cur == end) {
    fail(cur, "Unexpected EOF");
    return std::nullopt;
  }
  switch (*cur) {
  case 'n':
    return Kind::Null;
  case 't':
  case 'f':
    return Kind::Bool;
  case '"':
    return Kind::String;
  case '[':
    return Kind::Array;
  case '{':
    return Kind::Object;
  default:
    if (*cur == '-' || isDigit(*cur))
      return Kind::Number;
    // Some Windows tools start a UTF-8 file with a byte order mark, which
    // JSON does not allow (RFC 8259 8.1); say so rather than "invalid".
    if (cur == begin && end - cur >= 3 &&
        std::string_view(cur, 3) == "\xEF\xBB\xBF")
      fail(cur, "the file starts with a UTF-8 byte order mark, which JSON "
                "does not allow (save it as UTF-8 without BOM)");
    else
      fail(cur, "Invalid JSON value");
    return std::nullopt;
  }
}

bool JSONCursor::scanLiteral(std::string_view word, const char *message) {
  if (size_t(end - cur) < word.size() ||
      std::memcmp(cur, word.data(), word.size()) != 0)
    return fail(cur, message);
  lastStart = cur;
  cur += word.size();
  lastStop = cur;
  valueDue = false;
  return true;
}

bool JSONCursor::readNull() {
  if (!peek())
    return false;
  assert(*cur == 'n' && "not null");
  return scanLiteral("null", "Invalid JSON value (null?)");
}

bool JSONCursor::readBool(bool &out) {
  if (!peek())
    return false;
  assert((*cur == 't' || *cur == 'f') && "not a boolean");
  out = *cur == 't';
  return out ? scanLiteral("true", "Invalid JSON value (true?)")
             : scanLiteral("false", "Invalid JSON value (false?)");
}

bool JSONCursor::readNumber(Number &out) {
  if (!peek())
    return false;
  const char *start = cur, *p = cur;
  if (*p == '-')
    ++p;
  if (p == end || !isDigit(*p))
    return fail(p, "Invalid number (expected a digit)");
  if (*p == '0') {
    if (++p != end && isDigit(*p))
      return fail(start, "Invalid number (leading zero)");
  } else {
    while (p != end && isDigit(*p))
      ++p;
  }
  bool isFloat = false;
  if (p != end && *p == '.') {
    isFloat = true;
    if (++p == end || !isDigit(*p))
      return fail(p, "Invalid number (expected a digit after '.')");
    while (p != end && isDigit(*p))
      ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    isFloat = true;
    ++p;
    if (p != end && (*p == '+' || *p == '-'))
      ++p;
    if (p == end || !isDigit(*p))
      return fail(p, "Invalid number (expected a digit in the exponent)");
    while (p != end && isDigit(*p))
      ++p;
  }

  out.spelling = std::string_view(start, p - start);
  out.isFloat = isFloat;
  out.intValue.reset();
  if (isFloat) {
    out.value = toDouble(start, p);
  } else {
    bool negative = *start == '-';
    uint64_t magnitude = 0;
    bool fits = true;
    for (const char *d = start + negative; d != p && fits; ++d) {
      unsigned digit = *d - '0';
      if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        fits = false;
      else
        magnitude = magnitude * 10 + digit;
    }
    uint64_t limit = uint64_t(std::numeric_limits<int64_t>::max()) + negative;
    if (fits && magnitude <= limit) {
      int64_t i = negative ? int64_t(0 - magnitude) : int64_t(magnitude);
      out.intValue = i;
      out.value = double(i);
    } else {
      out.value = toDouble(start, p);
    }
  }
  lastStart = start;
  cur = lastStop = p;
  valueDue = false;
  return true;
}

bool JSONCursor::readString(std::string_view &out) {
  if (!peek())
    return false;
  assert(*cur == '"' && "not a string");
  if (!scanString(&out))
    return false;
  valueDue = false;
  return true;
}

bool JSONCursor::scanUTF8(const char *&p) {
  const auto *u = reinterpret_cast<const unsigned char *>(p);
  size_t avail = end - p;
  unsigned len;
  unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
  if (u[0] >= 0xC2 && u[0] <= 0xDF) {
    len = 2;
  } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
    len = 3;
    if (u[0] == 0xE0)
      low = 0xA0; // no overlong forms
    else if (u[0] == 0xED)
      high = 0x9F; // no surrogates
  } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
    len = 4;
    if (u[0] == 0xF0)
      low = 0x90;
    else if (u[0] == 0xF4)
      high = 0x8F; // nothing past U+10FFFF
  } else {
    return fail(p, "Invalid UTF-8 sequence");
  }
  if (avail < len || u[1] < low || u[1] > high)
    return fail(p, "Invalid UTF-8 sequence");
  for (unsigned i = 2; i < len; ++i)
    if ((u[i] & 0xC0) != 0x80)
      return fail(p, "Invalid UTF-8 sequence");
  p += len;
  return true;
}

/// `P` is at the `u` of `\u`; on success it is past the escape (and past a
/// second `\uXXXX` that completes a surrogate pair).
bool JSONCursor::scanUnicodeEscape(const char *backslash, std::string *out) {
  const char *&p = cur;
  int code = hex4(p + 1, end);
  if (code < 0)
    return fail(backslash, "Invalid \\u escape sequence");
  p += 5;
  if (code >= 0xD800 && code <= 0xDBFF) {
    if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
      return fail(backslash, "Unpaired surrogate in \\u escape");
    int low = hex4(p + 2, end);
    if (low < 0)
      return fail(p, "Invalid \\u escape sequence");
    if (low < 0xDC00 || low > 0xDFFF)
      return fail(backslash, "Unpaired surrogate in \\u escape");
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    p += 6;
  } else if (code >= 0xDC00 && code <= 0xDFFF) {
    return fail(backslash, "Unpaired surrogate in \\u escape");
  }
  if (out)
    appendUTF8(*out, unsigned(code));
  return true;
}

/// `Cur` is at the opening quote. With `Out`, the unescaped text is stored
/// there; without, the string is only checked. Leaves `Cur` past the closing
/// quote and the string's range in LastBegin/LastEnd.
bool JSONCursor::scanString(std::string_view *out) {
  const char *quote = cur;
  const char *run = cur + 1; // start of the text not yet copied to Scratch
  bool escaped = false;
  cur = run;
  for (;;) {
    for (uint64_t word; end - cur >= 8; cur += 8) {
      std::memcpy(&word, cur, 8);
      if (uint64_t stops = stringStops(word)) {
        // Straight to the first flagged byte (stringStops says why that is
        // never past the first stop).
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        cur += __builtin_ctzll(stops) / 8;
#else
        cur += __builtin_clzll(stops) / 8;
#endif
        break;
      }
    }
    while (cur != end && !stops.stop[static_cast<unsigned char>(*cur)])
      ++cur;
    if (cur == end)
      return fail(quote, "Unterminated string");
    char c = *cur;
    if (c == '"')
      break;
    if (static_cast<unsigned char>(c) >= 0x80) {
      if (!scanUTF8(cur))
        return false;
      continue;
    }
    if (c != '\\')
      return fail(cur, "Control character in string");
    std::string *text = out ? &scratch : nullptr;
    if (text) {
      if (!escaped)
        scratch.clear();
      scratch.append(run, cur);
    }
    escaped = true;
    const char *backslash = cur++;
    if (cur == end)
      return fail(quote, "Unterminated string");
    char unescaped;
    switch (*cur) {
    case '"':
    case '\\':
    case '/':
      unescaped = *cur;
      break;
    case 'b':
      unescaped = '\b';
      break;
    case 'f':
      unescaped = '\f';
      break;
    case 'n':
      unescaped = '\n';
      break;
    case 'r':
      unescaped = '\r';
      break;
    case 't':
      unescaped = '\t';
      break;
    case 'u':
      if (!scanUnicodeEscape(backslash, text))
        return false;
      run = cur;
      continue;
    default:
      return fail(backslash, "Invalid escape sequence");
    }
    if (text)
      text->push_back(unescaped);
    run = ++cur;
  }
  if (out) {
    if (!escaped) {
      *out = std::string_view(run, cur - run);
    } else {
      scratch.append(run, cur);
      *out = store(scratch);
    }
  }
  lastStart = quote;
  lastStop = ++cur;
  return true;
}

bool JSONCursor::enter(char bracket, bool isObject) {
  if (!peek())
    return false;
  assert(*cur == bracket && "not the container peek() saw");
  (void)bracket;
  if (open.size() >= opts.maxDepth)
    return fail(cur, "nested deeper than " + std::to_string(opts.maxDepth) +
                         " levels");
  ++cur;
  open.push_back(isObject);
  if (isObject && opts.rejectDuplicateKeys)
    keyStackBegin.push_back(keyStack.size());
  first = true;
  valueDue = false;
  return true;
}

bool JSONCursor::enterArray() { return enter('[', /*IsObject=*/false); }
bool JSONCursor::enterObject() { return enter('{', /*IsObject=*/true); }

void JSONCursor::close() {
  if (open.back() && opts.rejectDuplicateKeys) {
    unsigned depth = open.size();
    if (keyStack.size() - keyStackBegin.back() >= linearKeys)
      for (size_t i = keyStackBegin.back(); i != keyStack.size(); ++i)
        keySeen.erase({depth, keyStack[i].key});
    keyStack.resize(keyStackBegin.back());
    keyStackBegin.pop_back();
  }
  open.pop_back();
  ++cur;
  first = false;
  valueDue = false;
}

bool JSONCursor::nextElement() {
  if (hasFailed)
    return false;
  assert(!open.empty() && !open.back() && !valueDue &&
         "nextElement() outside an array, or an element not consumed");
  skipSpace();
  if (cur == end)
    return fail(cur, first ? "Unexpected EOF"
                           : "Expected , or ] after array element");
  if (*cur == ']') {
    close();
    return false;
  }
  if (!first) {
    if (*cur != ',')
      return fail(cur, "Expected , or ] after array element");
    ++cur;
  }
  first = false;
  valueDue = true;
  return true;
}

bool JSONCursor::nextMember(std::string_view &key) {
  return nextMemberImpl(&key);
}

bool JSONCursor::nextMemberImpl(std::string_view *key) {
  if (hasFailed)
    return false;
  assert(!open.empty() && open.back() && !valueDue &&
         "nextMember() outside an object, or a value not consumed");
  skipSpace();
  if (first) {
    first = false;
    if (cur != end && *cur == '}') {
      close();
      return false;
    }
  } else {
    if (cur != end && *cur == '}') {
      close();
      return false;
    }
    if (cur == end || *cur != ',')
      return fail(cur, "Expected , or } after object property");
    ++cur;
    skipSpace();
  }
  if (cur == end || *cur != '"')
    return fail(cur, "Expected object key");
  const char *keyBegin = cur;
  std::string_view k;
  bool needKey = key || opts.rejectDuplicateKeys;
  if (!scanString(needKey ? &k : nullptr))
    return false;
  skipSpace();
  if (cur == end || *cur != ':')
    return fail(cur, "Expected : after object key");
  ++cur;
  if (opts.rejectDuplicateKeys && !checkDuplicate(k, keyBegin))
    return false;
  if (key)
    *key = k;
  valueDue = true;
  return true;
}

bool JSONCursor::checkDuplicate(std::string_view key, const char *keyBegin) {
  // Most objects have a handful of keys: compare with those read so far, and
  // index an object's keys in KeySeen only once it has many.
  size_t from = keyStackBegin.back();
  size_t count = keyStack.size() - from;
  unsigned depth = open.size();
  const char *firstAt = nullptr;
  if (count < linearKeys) {
    for (size_t i = from; i != keyStack.size() && !firstAt; ++i)
      if (keyStack[i].key == key)
        firstAt = keyStack[i].at;
  } else {
    if (count == linearKeys)
      for (size_t i = from; i != keyStack.size(); ++i)
        keySeen.try_emplace({depth, keyStack[i].key}, keyStack[i].at);
    auto inserted = keySeen.try_emplace({depth, key}, keyBegin);
    if (!inserted.second)
      firstAt = inserted.first->second;
  }
  if (!firstAt) {
    keyStack.push_back({key, keyBegin});
    return true;
  }
  hasFailed = true;
  error = TextProblem{lastStart, lastStop,
                      "invalid JSON: Duplicate key " + quoteJSONString(key),
                      firstAt,
                      "the first " + quoteJSONString(key) + " of this object"};
  return false;
}

bool JSONCursor::drainTo(size_t toDepth) {
  while (valueDue || open.size() > toDepth) {
    if (hasFailed)
      return false;
    if (!valueDue) {
      if (open.back())
        nextMemberImpl(nullptr);
      else
        nextElement();
      continue;
    }
    std::optional<Kind> k = peek();
    if (!k)
      return false;
    switch (*k) {
    case Kind::Null:
      readNull();
      break;
    case Kind::Bool: {
      bool b;
      readBool(b);
      break;
    }
    case Kind::Number: {
      Number n;
      readNumber(n);
      break;
    }
    case Kind::String:
      if (scanString(nullptr))
        valueDue = false;
      break;
    case Kind::Array:
      enterArray();
      break;
    case Kind::Object:
      enterObject();
      break;
    }
  }
  return !hasFailed;
}

bool JSONCursor::skipValue() {
  if (!peek())
    return false;
  const char *start = cur;
  if (!drainTo(open.size()))
    return false;
  lastStart = start;
  lastStop = cur;
  return true;
}

bool JSONCursor::finish() {
  if (!drainTo(0))
    return false;
  skipSpace();
  if (cur != end)
    return fail(cur, "Text after end of document");
  return true;
}

const char *JSONCursor::describe(Kind k) {
  switch (k) {
  case Kind::Null:
    return "null";
  case Kind::Bool:
    return "a boolean";
  case Kind::Number:
    return "a number";
  case Kind::String:
    return "a string";
  case Kind::Array:
    return "an array";
  case Kind::Object:
    return "an object";
  }
  return "a value";
}

std::string bpat::quoteJSONString(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20) {
      out += char(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  out += '"';
  return out;
}
