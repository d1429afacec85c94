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
    unsigned MaxDepth = 256;
    /// A key repeated in one object is an error, with a note at the first.
    /// Otherwise every member is handed out and the caller decides (the
    /// graph reader keeps the last, as llvm::json did).
    bool RejectDuplicateKeys = false;
  };

  /// A number as written.
  struct Number {
    /// The text (points into the buffer).
    llvm::StringRef Spelling;
    /// Written with a fraction or an exponent (`1.0`, `1e3`).
    bool IsFloat = false;
    /// Set when written as an integer that fits in int64_t.
    std::optional<int64_t> Int;
    /// The nearest double (±HUGE_VAL past double's range, as strtod).
    double Value = 0;
  };

  JSONReader(DiagnosticEngine &Diags, unsigned BufferID, Options Opts);
  JSONReader(DiagnosticEngine &Diags, unsigned BufferID)
      : JSONReader(Diags, BufferID, Options()) {}
  JSONReader(const JSONReader &) = delete;
  JSONReader &operator=(const JSONReader &) = delete;

  /// \name The cursor
  /// @{

  /// The kind of the value at the cursor, after white space; the cursor
  /// then stands on it (loc()). Reports an error if no value starts there.
  std::optional<Kind> peek();

  bool readNull();
  bool readBool(bool &Out);
  bool readNumber(Number &Out);
  bool readString(llvm::StringRef &Out);
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
  bool nextMember(llvm::StringRef &Key);

  /// Reads whatever the caller left (the rest of open arrays and objects,
  /// the top-level value if it was not read) and checks that only white
  /// space follows. Call it last: it is how the end of the document is
  /// checked, and how a caller that stops early still reports the first
  /// syntax error of the file.
  bool finish();

  /// Where the cursor stands (after peek(): where the next value starts).
  llvm::SMLoc loc() const { return llvm::SMLoc::getFromPointer(Cur); }
  /// The text of the last scalar read, key read, or value skipped.
  llvm::SMRange lastRange() const {
    return {llvm::SMLoc::getFromPointer(LastBegin),
            llvm::SMLoc::getFromPointer(LastEnd)};
  }
  /// Arrays and objects entered and not yet closed.
  unsigned depth() const { return static_cast<unsigned>(Open.size()); }
  bool failed() const { return Failed; }
  /// @}

  /// \name Iteration with callbacks
  /// `F` consumes the element or member value and returns false to stop;
  /// these then return false too, leaving the container open (finish() still
  /// reads the rest).
  /// @{
  template <typename Fn> bool forEachElement(Fn &&F) {
    if (!enterArray())
      return false;
    while (nextElement())
      if (!F())
        return false;
    return !Failed;
  }
  template <typename Fn> bool forEachMember(Fn &&F) {
    if (!enterObject())
      return false;
    llvm::StringRef Key;
    while (nextMember(Key))
      if (!F(Key, lastRange()))
        return false;
    return !Failed;
  }
  /// @}

  /// 1-based line and column of `Loc` in the buffer.
  std::pair<unsigned, unsigned> lineAndColumn(llvm::SMLoc Loc) const;
  DiagnosticEngine &diags() { return Diags; }

  /// "null", "a boolean", "a number", "a string", "an array", "an object".
  static const char *describe(Kind K);

private:
  bool fail(const char *At, const llvm::Twine &Message);
  void skipSpace();
  bool scanString(llvm::StringRef *Out);
  bool scanUnicodeEscape(const char *Backslash, std::string *Out);
  bool scanUTF8(const char *&P);
  bool scanLiteral(llvm::StringRef Word, const char *Message);
  bool enter(char Bracket, bool IsObject);
  void close();
  bool nextMemberImpl(llvm::StringRef *Key);
  /// Consumes one value (and, for an array or object, everything in it).
  bool consumeValue(bool KeepStrings);
  /// Consumes the rest of open containers down to `ToDepth`.
  bool drainTo(size_t ToDepth);
  void valueDone();
  bool checkDuplicate(llvm::StringRef Key, const char *KeyBegin);

  DiagnosticEngine &Diags;
  unsigned BufferID;
  Options Opts;
  const char *Begin, *Cur, *End;
  const char *LastBegin = nullptr, *LastEnd = nullptr;
  /// Per open container: true for an object.
  llvm::SmallVector<bool, 32> Open;
  /// Just after `[` or `{`: no comma before the first element.
  bool First = false;
  /// A value is due (at the top, or after nextElement/nextMember).
  bool ValueDue = true;
  bool Failed = false;
  /// Unescaped strings.
  llvm::BumpPtrAllocator Strings;
  std::string Scratch;
  /// RejectDuplicateKeys: the keys of the open objects, (depth, key) to
  /// where the key starts, and each object's keys in order for close().
  llvm::DenseMap<std::pair<unsigned, llvm::StringRef>, const char *> KeySeen;
  llvm::SmallVector<llvm::StringRef, 16> KeyStack;
  llvm::SmallVector<unsigned, 16> KeyStackBegin;
};

/// `S` as a JSON string literal, escaped as llvm::json writes it (what
/// messages quote).
std::string quoteJSONString(llvm::StringRef S);

} // namespace bpat

#endif // BPAT_SUPPORT_JSONREADER_H
