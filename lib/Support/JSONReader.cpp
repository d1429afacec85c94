//===- JSONReader.cpp - A pull reader for JSON with positions -------------===//
//
// A cursor over the buffer: peek() classifies the next value by its first
// byte, the read calls scan one token, enter/next walk containers keeping
// only a stack of open-container kinds (one bool each), and skipValue() and
// finish() drive those same calls in a loop, so nothing recurses. Strings are
// scanned a byte at a time against a table of the bytes that need a look
// (quote, backslash, control characters, non-ASCII); a string without escapes
// is handed out as a view of the buffer.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/JSONReader.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ConvertUTF.h"

#include <cassert>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace bpat;
using llvm::SMLoc;
using llvm::SMRange;
using llvm::StringRef;

namespace {

/// Bytes a string scan must stop at: `"`, `\`, control characters, and the
/// first byte of every non-ASCII sequence (checked to be UTF-8).
struct StringStops {
  bool Stop[256];
  constexpr StringStops() : Stop() {
    for (unsigned C = 0; C != 256; ++C)
      Stop[C] = C < 0x20 || C == '"' || C == '\\' || C >= 0x80;
  }
};
constexpr StringStops Stops;

bool isDigit(char C) { return C >= '0' && C <= '9'; }

int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

/// The four hex digits at `P` (at least four bytes before `End`), or -1.
int hex4(const char *P, const char *End) {
  if (End - P < 4)
    return -1;
  int V = 0;
  for (int I = 0; I != 4; ++I) {
    int D = hexValue(P[I]);
    if (D < 0)
      return -1;
    V = V * 16 + D;
  }
  return V;
}

/// strtod's result for the number text [B, E), without depending on the
/// locale unless the value is out of double's range.
double toDouble(const char *B, const char *E) {
  double V = 0;
  std::from_chars_result R = std::from_chars(B, E, V);
  if (R.ec == std::errc())
    return V;
  // Out of range: strtod gives ±HUGE_VAL or a (signed) zero.
  std::string Copy(B, E);
  return std::strtod(Copy.c_str(), nullptr);
}

} // namespace

JSONReader::JSONReader(DiagnosticEngine &Diags, unsigned BufferID, Options Opts)
    : Diags(Diags), BufferID(BufferID), Opts(Opts) {
  const llvm::MemoryBuffer *Buffer =
      Diags.getSourceMgr().getMemoryBuffer(BufferID);
  Begin = Cur = Buffer->getBufferStart();
  End = Buffer->getBufferEnd();
  LastBegin = LastEnd = Begin;
}

bool JSONReader::fail(const char *At, const llvm::Twine &Message) {
  if (!Failed) {
    Failed = true;
    SMLoc Loc = SMLoc::getFromPointer(At);
    Diags.error(SMRange(Loc, Loc), "invalid JSON: " + Message);
  }
  return false;
}

void JSONReader::skipSpace() {
  while (Cur != End &&
         (*Cur == ' ' || *Cur == '\n' || *Cur == '\r' || *Cur == '\t'))
    ++Cur;
}

std::optional<JSONReader::Kind> JSONReader::peek() {
  if (Failed)
    return std::nullopt;
  assert(ValueDue && "no value is due here");
  skipSpace();
  if (Cur == End) {
    fail(Cur, "Unexpected EOF");
    return std::nullopt;
  }
  switch (*Cur) {
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
    if (*Cur == '-' || isDigit(*Cur))
      return Kind::Number;
    fail(Cur, "Invalid JSON value");
    return std::nullopt;
  }
}

bool JSONReader::scanLiteral(StringRef Word, const char *Message) {
  if (size_t(End - Cur) < Word.size() ||
      std::memcmp(Cur, Word.data(), Word.size()) != 0)
    return fail(Cur, Message);
  LastBegin = Cur;
  Cur += Word.size();
  LastEnd = Cur;
  ValueDue = false;
  return true;
}

bool JSONReader::readNull() {
  if (!peek())
    return false;
  assert(*Cur == 'n' && "not null");
  return scanLiteral("null", "Invalid JSON value (null?)");
}

bool JSONReader::readBool(bool &Out) {
  if (!peek())
    return false;
  assert((*Cur == 't' || *Cur == 'f') && "not a boolean");
  Out = *Cur == 't';
  return Out ? scanLiteral("true", "Invalid JSON value (true?)")
             : scanLiteral("false", "Invalid JSON value (false?)");
}

bool JSONReader::readNumber(Number &Out) {
  if (!peek())
    return false;
  const char *Start = Cur, *P = Cur;
  if (*P == '-')
    ++P;
  if (P == End || !isDigit(*P))
    return fail(P, "Invalid number (expected a digit)");
  if (*P == '0') {
    if (++P != End && isDigit(*P))
      return fail(Start, "Invalid number (leading zero)");
  } else {
    while (P != End && isDigit(*P))
      ++P;
  }
  bool IsFloat = false;
  if (P != End && *P == '.') {
    IsFloat = true;
    if (++P == End || !isDigit(*P))
      return fail(P, "Invalid number (expected a digit after '.')");
    while (P != End && isDigit(*P))
      ++P;
  }
  if (P != End && (*P == 'e' || *P == 'E')) {
    IsFloat = true;
    ++P;
    if (P != End && (*P == '+' || *P == '-'))
      ++P;
    if (P == End || !isDigit(*P))
      return fail(P, "Invalid number (expected a digit in the exponent)");
    while (P != End && isDigit(*P))
      ++P;
  }

  Out.Spelling = StringRef(Start, P - Start);
  Out.IsFloat = IsFloat;
  Out.Int.reset();
  if (IsFloat) {
    Out.Value = toDouble(Start, P);
  } else {
    bool Negative = *Start == '-';
    uint64_t Magnitude = 0;
    bool Fits = true;
    for (const char *D = Start + Negative; D != P && Fits; ++D) {
      unsigned Digit = *D - '0';
      if (Magnitude > (std::numeric_limits<uint64_t>::max() - Digit) / 10)
        Fits = false;
      else
        Magnitude = Magnitude * 10 + Digit;
    }
    uint64_t Limit = uint64_t(std::numeric_limits<int64_t>::max()) + Negative;
    if (Fits && Magnitude <= Limit) {
      int64_t I = Negative ? int64_t(0 - Magnitude) : int64_t(Magnitude);
      Out.Int = I;
      Out.Value = double(I);
    } else {
      Out.Value = toDouble(Start, P);
    }
  }
  LastBegin = Start;
  Cur = LastEnd = P;
  ValueDue = false;
  return true;
}

bool JSONReader::readString(StringRef &Out) {
  if (!peek())
    return false;
  assert(*Cur == '"' && "not a string");
  if (!scanString(&Out))
    return false;
  ValueDue = false;
  return true;
}

bool JSONReader::scanUTF8(const char *&P) {
  const auto *U = reinterpret_cast<const unsigned char *>(P);
  size_t Avail = End - P;
  unsigned Len;
  unsigned char Low = 0x80, High = 0xBF; // allowed range of the second byte
  if (U[0] >= 0xC2 && U[0] <= 0xDF) {
    Len = 2;
  } else if (U[0] >= 0xE0 && U[0] <= 0xEF) {
    Len = 3;
    if (U[0] == 0xE0)
      Low = 0xA0; // no overlong forms
    else if (U[0] == 0xED)
      High = 0x9F; // no surrogates
  } else if (U[0] >= 0xF0 && U[0] <= 0xF4) {
    Len = 4;
    if (U[0] == 0xF0)
      Low = 0x90;
    else if (U[0] == 0xF4)
      High = 0x8F; // nothing past U+10FFFF
  } else {
    return fail(P, "Invalid UTF-8 sequence");
  }
  if (Avail < Len || U[1] < Low || U[1] > High)
    return fail(P, "Invalid UTF-8 sequence");
  for (unsigned I = 2; I < Len; ++I)
    if ((U[I] & 0xC0) != 0x80)
      return fail(P, "Invalid UTF-8 sequence");
  P += Len;
  return true;
}

/// `P` is at the `u` of `\u`; on success it is past the escape (and past a
/// second `\uXXXX` that completes a surrogate pair).
bool JSONReader::scanUnicodeEscape(const char *Backslash, std::string *Out) {
  const char *&P = Cur;
  int Code = hex4(P + 1, End);
  if (Code < 0)
    return fail(Backslash, "Invalid \\u escape sequence");
  P += 5;
  if (Code >= 0xD800 && Code <= 0xDBFF) {
    if (End - P < 2 || P[0] != '\\' || P[1] != 'u')
      return fail(Backslash, "Unpaired surrogate in \\u escape");
    int Low = hex4(P + 2, End);
    if (Low < 0)
      return fail(P, "Invalid \\u escape sequence");
    if (Low < 0xDC00 || Low > 0xDFFF)
      return fail(Backslash, "Unpaired surrogate in \\u escape");
    Code = 0x10000 + ((Code - 0xD800) << 10) + (Low - 0xDC00);
    P += 6;
  } else if (Code >= 0xDC00 && Code <= 0xDFFF) {
    return fail(Backslash, "Unpaired surrogate in \\u escape");
  }
  if (Out) {
    char Buffer[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *BufferEnd = Buffer;
    llvm::ConvertCodePointToUTF8(Code, BufferEnd);
    Out->append(Buffer, BufferEnd);
  }
  return true;
}

/// `Cur` is at the opening quote. With `Out`, the unescaped text is stored
/// there; without, the string is only checked. Leaves `Cur` past the closing
/// quote and the string's range in LastBegin/LastEnd.
bool JSONReader::scanString(StringRef *Out) {
  const char *Quote = Cur;
  const char *Run = Cur + 1; // start of the text not yet copied to Scratch
  bool Escaped = false;
  Cur = Run;
  for (;;) {
    while (Cur != End && !Stops.Stop[static_cast<unsigned char>(*Cur)])
      ++Cur;
    if (Cur == End)
      return fail(Quote, "Unterminated string");
    char C = *Cur;
    if (C == '"')
      break;
    if (static_cast<unsigned char>(C) >= 0x80) {
      if (!scanUTF8(Cur))
        return false;
      continue;
    }
    if (C != '\\')
      return fail(Cur, "Control character in string");
    std::string *Text = Out ? &Scratch : nullptr;
    if (Text) {
      if (!Escaped)
        Scratch.clear();
      Scratch.append(Run, Cur);
    }
    Escaped = true;
    const char *Backslash = Cur++;
    if (Cur == End)
      return fail(Quote, "Unterminated string");
    char Unescaped;
    switch (*Cur) {
    case '"':
    case '\\':
    case '/':
      Unescaped = *Cur;
      break;
    case 'b':
      Unescaped = '\b';
      break;
    case 'f':
      Unescaped = '\f';
      break;
    case 'n':
      Unescaped = '\n';
      break;
    case 'r':
      Unescaped = '\r';
      break;
    case 't':
      Unescaped = '\t';
      break;
    case 'u':
      if (!scanUnicodeEscape(Backslash, Text))
        return false;
      Run = Cur;
      continue;
    default:
      return fail(Backslash, "Invalid escape sequence");
    }
    if (Text)
      Text->push_back(Unescaped);
    Run = ++Cur;
  }
  if (Out) {
    if (!Escaped) {
      *Out = StringRef(Run, Cur - Run);
    } else {
      Scratch.append(Run, Cur);
      char *Copy = Strings.Allocate<char>(Scratch.size());
      std::memcpy(Copy, Scratch.data(), Scratch.size());
      *Out = StringRef(Copy, Scratch.size());
    }
  }
  LastBegin = Quote;
  LastEnd = ++Cur;
  return true;
}

bool JSONReader::enter(char Bracket, bool IsObject) {
  if (!peek())
    return false;
  assert(*Cur == Bracket && "not the container peek() saw");
  (void)Bracket;
  if (Open.size() >= Opts.MaxDepth)
    return fail(Cur,
                "nested deeper than " + llvm::Twine(Opts.MaxDepth) + " levels");
  ++Cur;
  Open.push_back(IsObject);
  if (IsObject && Opts.RejectDuplicateKeys)
    KeyStackBegin.push_back(KeyStack.size());
  First = true;
  ValueDue = false;
  return true;
}

bool JSONReader::enterArray() { return enter('[', /*IsObject=*/false); }
bool JSONReader::enterObject() { return enter('{', /*IsObject=*/true); }

void JSONReader::close() {
  if (Open.back() && Opts.RejectDuplicateKeys) {
    unsigned Depth = Open.size();
    for (size_t I = KeyStackBegin.back(); I != KeyStack.size(); ++I)
      KeySeen.erase({Depth, KeyStack[I]});
    KeyStack.truncate(KeyStackBegin.pop_back_val());
  }
  Open.pop_back();
  ++Cur;
  First = false;
  ValueDue = false;
}

bool JSONReader::nextElement() {
  if (Failed)
    return false;
  assert(!Open.empty() && !Open.back() && !ValueDue &&
         "nextElement() outside an array, or an element not consumed");
  skipSpace();
  if (Cur == End)
    return fail(Cur, First ? "Unexpected EOF"
                           : "Expected , or ] after array element");
  if (*Cur == ']') {
    close();
    return false;
  }
  if (!First) {
    if (*Cur != ',')
      return fail(Cur, "Expected , or ] after array element");
    ++Cur;
  }
  First = false;
  ValueDue = true;
  return true;
}

bool JSONReader::nextMember(StringRef &Key) { return nextMemberImpl(&Key); }

bool JSONReader::nextMemberImpl(StringRef *Key) {
  if (Failed)
    return false;
  assert(!Open.empty() && Open.back() && !ValueDue &&
         "nextMember() outside an object, or a value not consumed");
  skipSpace();
  if (First) {
    First = false;
    if (Cur != End && *Cur == '}') {
      close();
      return false;
    }
  } else {
    if (Cur != End && *Cur == '}') {
      close();
      return false;
    }
    if (Cur == End || *Cur != ',')
      return fail(Cur, "Expected , or } after object property");
    ++Cur;
    skipSpace();
  }
  if (Cur == End || *Cur != '"')
    return fail(Cur, "Expected object key");
  const char *KeyBegin = Cur;
  StringRef K;
  bool NeedKey = Key || Opts.RejectDuplicateKeys;
  if (!scanString(NeedKey ? &K : nullptr))
    return false;
  skipSpace();
  if (Cur == End || *Cur != ':')
    return fail(Cur, "Expected : after object key");
  ++Cur;
  if (Opts.RejectDuplicateKeys && !checkDuplicate(K, KeyBegin))
    return false;
  if (Key)
    *Key = K;
  ValueDue = true;
  return true;
}

bool JSONReader::checkDuplicate(StringRef Key, const char *KeyBegin) {
  unsigned Depth = Open.size();
  auto Inserted = KeySeen.try_emplace({Depth, Key}, KeyBegin);
  if (Inserted.second) {
    KeyStack.push_back(Key);
    return true;
  }
  Failed = true;
  SMLoc First = SMLoc::getFromPointer(Inserted.first->second);
  Diags
      .error(lastRange(), "invalid JSON: Duplicate key " + quoteJSONString(Key))
      .note(SMRange(First, First),
            "the first " + quoteJSONString(Key) + " of this object");
  return false;
}

bool JSONReader::drainTo(size_t ToDepth) {
  while (ValueDue || Open.size() > ToDepth) {
    if (Failed)
      return false;
    if (!ValueDue) {
      if (Open.back())
        nextMemberImpl(nullptr);
      else
        nextElement();
      continue;
    }
    std::optional<Kind> K = peek();
    if (!K)
      return false;
    switch (*K) {
    case Kind::Null:
      readNull();
      break;
    case Kind::Bool: {
      bool B;
      readBool(B);
      break;
    }
    case Kind::Number: {
      Number N;
      readNumber(N);
      break;
    }
    case Kind::String:
      if (scanString(nullptr))
        ValueDue = false;
      break;
    case Kind::Array:
      enterArray();
      break;
    case Kind::Object:
      enterObject();
      break;
    }
  }
  return !Failed;
}

bool JSONReader::skipValue() {
  if (!peek())
    return false;
  const char *Start = Cur;
  if (!drainTo(Open.size()))
    return false;
  LastBegin = Start;
  LastEnd = Cur;
  return true;
}

bool JSONReader::finish() {
  if (!drainTo(0))
    return false;
  skipSpace();
  if (Cur != End)
    return fail(Cur, "Text after end of document");
  return true;
}

std::pair<unsigned, unsigned> JSONReader::lineAndColumn(SMLoc Loc) const {
  return Diags.getSourceMgr().getLineAndColumn(Loc, BufferID);
}

const char *JSONReader::describe(Kind K) {
  switch (K) {
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

std::string bpat::quoteJSONString(StringRef S) {
  static const char Hex[] = "0123456789abcdef";
  std::string Out = "\"";
  Out.reserve(S.size() + 2);
  for (unsigned char C : S) {
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += char(C);
    } else if (C >= 0x20) {
      Out += char(C);
    } else if (C == '\t') {
      Out += "\\t";
    } else if (C == '\n') {
      Out += "\\n";
    } else if (C == '\r') {
      Out += "\\r";
    } else {
      Out += "\\u00";
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  Out += '"';
  return Out;
}
