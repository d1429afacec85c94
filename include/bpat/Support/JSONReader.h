//===- JSONReader.h - A pull reader for JSON with positions -----*- C++ -*-===//
//
// The one JSON reader for inputs with a source position (graph JSON, dumps).
// It reads a buffer of the DiagnosticEngine's SourceMgr value by value and
// builds no tree: the caller asks what comes next and converts it straight
// into its own data. Every value has its place (an SMLoc, hence
// file:line:col), and a syntax error is a diagnostic at the offending byte,
// `invalid JSON: <reason>`, after which every call fails.
//
// The grammar is RFC 8259's, strictly: no comments, trailing commas, leading
// zeros, `+`, NaN or single quotes; white space is space, tab, CR and LF;
// strings must be UTF-8 and hold no raw control character. Numbers keep how
// they were written (integer or not). Strings are unescaped, surrogate pairs
// joined; an unpaired surrogate escape is an error. Arrays and objects may
// nest `MaxDepth` deep (256 by default) and nothing in the reader recurses,
// so no input can exhaust the stack.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_JSONREADER_H
#define BPAT_SUPPORT_JSONREADER_H

#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/SMLoc.h"
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace bpat {

/// A cursor over one JSON document.
///
/// \code
///   JSONReader R(Diags, BufferID);
///   if (!R.enterObject())         // after R.peek() ==
///   JSONReader::Kind::Object
///     return false;
///   llvm::StringRef Key;
///   while (R.nextMember(Key)) {   // then consume exactly one value
///     if (Key == "name" && R.peek() == JSONReader::Kind::String)
///       R.readString(Name);
///     else
///       R.skipValue();
///   }
///   if (!R.finish())              // syntax error, or text after the value
///     return false;
/// \endcode
///
/// Every reading call returns false once a syntax error has been reported
/// (failed()). A `read` or `enter` call must match the Kind peek() gave.
/// Strings and keys handed out stay valid as long as the reader: they point
/// into the buffer, or into the reader's own storage when they had escapes.
class JSONReader {
public:
  enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

  struct Options {
    /// Arrays and objects nested deeper than this are an error.
    unsigned maxDepth = 256;
    /// A key repeated in one object is an error, with a note at the first.
    /// Otherwise every member is handed out and the caller decides (the
    /// graph reader keeps the last, as llvm::json did).
    bool rejectDuplicateKeys = false;
  };

  /// A number as written.
  struct Number {
    /// The text (points into the buffer).
    llvm::StringRef spelling;
    /// Written with a fraction or an exponent (`1.0`, `1e3`).
    bool isFloat = false;
    /// Set when written as an integer that fits in int64_t.
    std::optional<int64_t> intValue;
    /// The nearest double (±HUGE_VAL past double's range, as strtod).
    double value = 0;
  };

  JSONReader(DiagnosticEngine &diags, unsigned bufferId, Options opts);
  JSONReader(DiagnosticEngine &diags, unsigned bufferId)
      : JSONReader(diags, bufferId, Options()) {}
  JSONReader(const JSONReader &) = delete;
  JSONReader &operator=(const JSONReader &) = delete;

  /// \name The cursor
  /// @{

  /// The kind of the value at the cursor, after white space; the cursor
  /// then stands on it (loc()). Reports an error if no value starts there.
  std::optional<Kind> peek();

  bool readNull();
  bool readBool(bool &out);
  bool readNumber(Number &out);
  bool readString(llvm::StringRef &out);
  /// Reads the value at the cursor, whatever it is, checking it completely.
  bool skipValue();

  /// Consumes `[`; then nextElement() before each element.
  bool enterArray();
  /// True when an element follows (the caller consumes it); false at the
  /// closing `]`, which it consumes, or on a syntax error.
  bool nextElement();
  /// Consumes `{`; then nextMember() before each member.
  bool enterObject();
  /// True when a member follows: `Key` is its key (unescaped, range in
  /// lastRange()) and the cursor stands before its value, which the caller
  /// consumes. False at the closing `}` or on a syntax error.
  bool nextMember(llvm::StringRef &key);

  /// Reads whatever the caller left (the rest of open arrays and objects,
  /// the top-level value if it was not read) and checks that only white
  /// space follows. Call it last: it is how the end of the document is
  /// checked, and how a caller that stops early still reports the first
  /// syntax error of the file.
  bool finish();

  /// Where the cursor stands (after peek(): where the next value starts).
  llvm::SMLoc loc() const { return llvm::SMLoc::getFromPointer(cur); }
  /// The text of the last scalar read, key read, or value skipped.
  llvm::SMRange lastRange() const {
    return {llvm::SMLoc::getFromPointer(lastBegin),
            llvm::SMLoc::getFromPointer(lastEnd)};
  }
  /// Arrays and objects entered and not yet closed.
  unsigned depth() const { return static_cast<unsigned>(open.size()); }
  bool failed() const { return hasFailed; }
  /// @}

  /// \name Iteration with callbacks
  /// `F` consumes the element or member value and returns false to stop;
  /// these then return false too, leaving the container open (finish() still
  /// reads the rest).
  /// @{
  template <typename Fn> bool forEachElement(Fn &&f) {
    if (!enterArray())
      return false;
    while (nextElement())
      if (!f())
        return false;
    return !hasFailed;
  }
  template <typename Fn> bool forEachMember(Fn &&f) {
    if (!enterObject())
      return false;
    llvm::StringRef key;
    while (nextMember(key))
      if (!f(key, lastRange()))
        return false;
    return !hasFailed;
  }
  /// @}

  /// 1-based line and column of `Loc` in the buffer.
  std::pair<unsigned, unsigned> lineAndColumn(llvm::SMLoc loc) const;
  DiagnosticEngine &diags() { return diagEngine; }

  /// "null", "a boolean", "a number", "a string", "an array", "an object".
  static const char *describe(Kind k);

private:
  bool fail(const char *at, const llvm::Twine &message);
  void skipSpace();
  bool scanString(llvm::StringRef *out);
  bool scanUnicodeEscape(const char *backslash, std::string *out);
  bool scanUTF8(const char *&p);
  bool scanLiteral(llvm::StringRef word, const char *message);
  bool enter(char bracket, bool isObject);
  void close();
  bool nextMemberImpl(llvm::StringRef *key);
  /// Consumes one value (and, for an array or object, everything in it).
  bool consumeValue(bool keepStrings);
  /// Consumes the rest of open containers down to `ToDepth`.
  bool drainTo(size_t toDepth);
  void valueDone();
  bool checkDuplicate(llvm::StringRef key, const char *keyBegin);

  DiagnosticEngine &diagEngine;
  unsigned bufferId;
  Options opts;
  const char *begin, *cur, *end;
  const char *lastBegin = nullptr, *lastEnd = nullptr;
  /// Per open container: true for an object.
  llvm::SmallVector<bool, 32> open;
  /// Just after `[` or `{`: no comma before the first element.
  bool first = false;
  /// A value is due (at the top, or after nextElement/nextMember).
  bool valueDue = true;
  bool hasFailed = false;
  /// Unescaped strings.
  llvm::BumpPtrAllocator strings;
  std::string scratch;
  /// RejectDuplicateKeys: the keys of the open objects, (depth, key) to
  /// where the key starts, and each object's keys in order for close().
  llvm::DenseMap<std::pair<unsigned, llvm::StringRef>, const char *> keySeen;
  llvm::SmallVector<llvm::StringRef, 16> keyStack;
  llvm::SmallVector<unsigned, 16> keyStackBegin;
};

/// `S` as a JSON string literal, escaped as llvm::json writes it (what
/// messages quote).
std::string quoteJSONString(llvm::StringRef s);

} // namespace bpat

#endif // BPAT_SUPPORT_JSONREADER_H
