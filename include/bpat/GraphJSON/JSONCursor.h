//===- bpat/GraphJSON/JSONCursor.h - A pull reader for JSON -----*- C++ -*-===//
//
// Part of the bpat project. Plain C++17 (no LLVM), like the runtime, and
// installed with it (bpat::GraphJSON).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one JSON reader of bpat. It reads a text value by value and builds no
/// tree: the caller asks what comes next and converts it straight into its
/// own data. Every value has its place (a pointer into the text, hence
/// file:line:col), and a syntax error is a TextProblem at the offending
/// byte, `invalid JSON: <reason>`, after which every call fails.
///
/// The grammar is RFC 8259's, strictly: no comments, trailing commas,
/// leading zeros, `+`, NaN or single quotes; white space is space, tab, CR
/// and LF; strings must be UTF-8 and hold no raw control character. Numbers
/// keep how they were written (integer or not). Strings are unescaped,
/// surrogate pairs joined; an unpaired surrogate escape is an error. Arrays
/// and objects may nest `maxDepth` deep (256 by default) and nothing in the
/// reader recurses, so no input can exhaust the stack.
///
/// The compiler's bpat::JSONReader (bpat/Support/JSONReader.h) is this
/// cursor reporting its problems through the DiagnosticEngine.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHJSON_JSONCURSOR_H
#define BPAT_GRAPHJSON_JSONCURSOR_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bpat {

/// A problem at a place of a text: [at, atEnd) (equal for a point), a
/// message, and optionally a note at another place.
struct TextProblem {
  const char *at = nullptr;
  const char *atEnd = nullptr;
  std::string message;
  const char *noteAt = nullptr;
  std::string note;
};

/// 1-based line and column of `at` in `text` (columns count bytes).
std::pair<unsigned, unsigned> lineAndColumn(std::string_view text,
                                            const char *at);

/// `problem` as clang (and bpat's DiagnosticEngine) prints it:
/// `<file>:<line>:<col>: error: <message>`, the line, a caret (and `~` under
/// the rest of the range on that line), then the note the same way.
std::string formatTextProblem(const TextProblem &problem, std::string_view text,
                              std::string_view fileName);

/// A cursor over one JSON document.
///
/// \code
///   JSONCursor c(text);
///   if (c.peek() != JSONCursor::Kind::Object || !c.enterObject())
///     return false;
///   std::string_view key;
///   while (c.nextMember(key)) {   // then consume exactly one value
///     if (key == "name" && c.peek() == JSONCursor::Kind::String)
///       c.readString(name);
///     else
///       c.skipValue();
///   }
///   if (!c.finish())              // syntax error, or text after the value
///     report(*c.problem());
/// \endcode
///
/// Every reading call returns false once a syntax error has been found
/// (failed(), problem()). A `read` or `enter` call must match the Kind
/// peek() gave. Strings and keys handed out stay valid as long as the
/// cursor and the text: they point into the text, or into the cursor's own
/// storage when they had escapes.
class JSONCursor {
public:
  enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

  struct Options {
    /// Arrays and objects nested deeper than this are an error.
    unsigned maxDepth = 256;
    /// A key repeated in one object is an error, with a note at the first.
    /// Otherwise every member is handed out and the caller decides (the
    /// graph reader keeps the last).
    bool rejectDuplicateKeys = false;
  };

  /// A number as written.
  struct Number {
    /// The text (points into the text read).
    std::string_view spelling;
    /// Written with a fraction or an exponent (`1.0`, `1e3`).
    bool isFloat = false;
    /// Set when written as an integer that fits in int64_t.
    std::optional<int64_t> intValue;
    /// The nearest double (±HUGE_VAL past double's range, as strtod).
    double value = 0;
  };

  JSONCursor(std::string_view text, Options opts);
  explicit JSONCursor(std::string_view text) : JSONCursor(text, Options()) {}
  JSONCursor(const JSONCursor &) = delete;
  JSONCursor &operator=(const JSONCursor &) = delete;

  /// \name The cursor
  /// @{

  /// The kind of the value at the cursor, after white space; the cursor
  /// then stands on it (loc()). An error if no value starts there.
  std::optional<Kind> peek();

  bool readNull();
  bool readBool(bool &out);
  bool readNumber(Number &out);
  bool readString(std::string_view &out);
  /// Reads the value at the cursor, whatever it is, checking it completely.
  bool skipValue();

  /// Consumes `[`; then nextElement() before each element.
  bool enterArray();
  /// True when an element follows (the caller consumes it); false at the
  /// closing `]`, which it consumes, or on a syntax error.
  bool nextElement();
  /// Consumes `{`; then nextMember() before each member.
  bool enterObject();
  /// True when a member follows: `key` is its key (unescaped, range in
  /// lastBegin()/lastEnd()) and the cursor stands before its value, which
  /// the caller consumes. False at the closing `}` or on a syntax error.
  bool nextMember(std::string_view &key);

  /// Reads whatever the caller left (the rest of open arrays and objects,
  /// the top-level value if it was not read) and checks that only white
  /// space follows. Call it last: it is how the end of the document is
  /// checked, and how a caller that stops early still finds the first
  /// syntax error of the text.
  bool finish();

  /// Where the cursor stands (after peek(): where the next value starts).
  const char *loc() const { return cur; }
  /// The text of the last scalar read, key read, or value skipped.
  const char *lastBegin() const { return lastStart; }
  const char *lastEnd() const { return lastStop; }
  /// Arrays and objects entered and not yet closed.
  unsigned depth() const { return static_cast<unsigned>(open.size()); }
  bool failed() const { return hasFailed; }
  /// The syntax error, once failed().
  const TextProblem *problem() const { return hasFailed ? &error : nullptr; }
  std::string_view text() const {
    return std::string_view(begin, size_t(end - begin));
  }
  /// @}

  /// \name Iteration with callbacks
  /// `f` consumes the element or member value and returns false to stop;
  /// these then return false too, leaving the container open (finish()
  /// still reads the rest).
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
    std::string_view key;
    while (nextMember(key))
      if (!f(key))
        return false;
    return !hasFailed;
  }
  /// @}

  /// "null", "a boolean", "a number", "a string", "an array", "an object".
  static const char *describe(Kind k);

private:
  bool fail(const char *at, std::string message);
  void skipSpace();
  bool scanString(std::string_view *out);
  bool scanUnicodeEscape(const char *backslash, std::string *out);
  bool scanUTF8(const char *&p);
  bool scanLiteral(std::string_view word, const char *message);
  bool enter(char bracket, bool isObject);
  void close();
  bool nextMemberImpl(std::string_view *key);
  bool drainTo(size_t toDepth);
  bool checkDuplicate(std::string_view key, const char *keyBegin);
  std::string_view store(const std::string &s);

  struct KeyAt {
    unsigned depth;
    std::string_view key;
    bool operator==(const KeyAt &o) const {
      return depth == o.depth && key == o.key;
    }
  };
  struct KeyAtHash {
    size_t operator()(const KeyAt &k) const {
      return std::hash<std::string_view>()(k.key) ^ (size_t(k.depth) << 1);
    }
  };

  Options opts;
  const char *begin, *cur, *end;
  const char *lastStart, *lastStop;
  /// Per open container: 1 for an object (bytes, not std::vector<bool>'s
  /// bits: this stack is touched at every value).
  std::vector<uint8_t> open;
  /// Just after `[` or `{`: no comma before the first element.
  bool first = false;
  /// A value is due (at the top, or after nextElement/nextMember).
  bool valueDue = true;
  bool hasFailed = false;
  TextProblem error;
  /// Unescaped strings: chunks that never move.
  std::vector<std::unique_ptr<char[]>> chunks;
  size_t chunkLeft = 0;
  char *chunkPos = nullptr;
  std::string scratch;
  /// rejectDuplicateKeys: the keys of the open objects in order, each with
  /// where it starts; an object's keys are compared one by one until it has
  /// linearKeys of them, then looked up in KeySeen, (depth, key) to where the
  /// key starts.
  struct KeyRead {
    std::string_view key;
    const char *at;
  };
  static constexpr size_t linearKeys = 16;
  std::unordered_map<KeyAt, const char *, KeyAtHash> keySeen;
  std::vector<KeyRead> keyStack;
  std::vector<size_t> keyStackBegin;
};

/// `s` as a JSON string literal, escaped as llvm::json writes it (what
/// messages quote).
std::string quoteJSONString(std::string_view s);

} // namespace bpat

#endif // BPAT_GRAPHJSON_JSONCURSOR_H
