//===- JSONReader.h - A pull reader for JSON with positions -----*- C++ -*-===//
//
// The one JSON reader for inputs with a source position (graph JSON, dumps,
// runtime JSON), as the compiler uses it: bpat::JSONCursor
// (bpat/GraphJSON/JSONCursor.h, plain C++17, installed with the runtime)
// over a buffer of the DiagnosticEngine's SourceMgr, its syntax error
// reported as a diagnostic at the offending byte, `invalid JSON: <reason>`
// (with a note at the first key for a duplicate key). It builds no tree:
// the caller asks what comes next and converts it straight into its own
// data. Every value has its place (an SMLoc, hence file:line:col).
//
// The grammar is RFC 8259's, strictly (JSONCursor.h has the details);
// arrays and objects may nest `maxDepth` deep (256 by default) and nothing
// in the reader recurses, so no input can exhaust the stack.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_JSONREADER_H
#define BPAT_SUPPORT_JSONREADER_H

#include "bpat/GraphJSON/JSONCursor.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
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
  using Kind = JSONCursor::Kind;
  using Options = JSONCursor::Options;

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
  llvm::SMLoc loc() const { return llvm::SMLoc::getFromPointer(cursor.loc()); }
  /// The text of the last scalar read, key read, or value skipped.
  llvm::SMRange lastRange() const {
    return {llvm::SMLoc::getFromPointer(cursor.lastBegin()),
            llvm::SMLoc::getFromPointer(cursor.lastEnd())};
  }
  /// Arrays and objects entered and not yet closed.
  unsigned depth() const { return cursor.depth(); }
  bool failed() const { return cursor.failed(); }
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
    return !failed();
  }
  template <typename Fn> bool forEachMember(Fn &&f) {
    if (!enterObject())
      return false;
    llvm::StringRef key;
    while (nextMember(key))
      if (!f(key, lastRange()))
        return false;
    return !failed();
  }
  /// @}

  /// 1-based line and column of `Loc` in the buffer.
  std::pair<unsigned, unsigned> lineAndColumn(llvm::SMLoc loc) const;
  DiagnosticEngine &diags() { return diagEngine; }

  /// "null", "a boolean", "a number", "a string", "an array", "an object".
  static const char *describe(Kind k) { return JSONCursor::describe(k); }

private:
  /// Reports the cursor's syntax error once, when it first appears;
  /// returns `ok`.
  bool sync(bool ok);

  DiagnosticEngine &diagEngine;
  unsigned bufferId;
  JSONCursor cursor;
  bool reported = false;
};

// quoteJSONString(s), `s` as a JSON string literal: JSONCursor.h.

} // namespace bpat

#endif // BPAT_SUPPORT_JSONREADER_H
