//===- JSONReader.h - A dump as a tree of JSON values -----------*- C++ -*-===//
//
// bpat-import must keep what llvm::json forgets: whether a number was written
// as an integer or a float (PyTorch's `0` and `0.0` are different constraint
// values), where each value is in the file, and the order of object members.
// The syntax is read by lib/Support's JSONReader; this builds the small tree
// migration walks, and compares two of them.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_IMPORT_JSONREADER_H
#define BPAT_IMPORT_JSONREADER_H

#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bpat {

struct JSONValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  /// Where the value starts in its buffer.
  const char *pos = nullptr;

  bool boolValue = false;
  /// String: the unescaped contents. Number: the text as written.
  std::string text;
  /// Number: written with a fraction or an exponent.
  bool isFloat = false;
  int64_t intValue = 0;
  double floatValue = 0;

  std::vector<JSONValue> elements;
  /// Object members in file order; keys are unique.
  std::vector<std::pair<std::string, JSONValue>> members;

  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }
  /// The member `key` of an object, or null.
  const JSONValue *get(llvm::StringRef key) const;
  llvm::SMRange range() const {
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(pos);
    return {loc, loc};
  }
};

/// "a string", "an object", ...
const char *describeJSONKind(JSONValue::Kind kind);

/// Parses buffer `bufferId` of the engine's SourceMgr. Reports the first
/// syntax error at its location and returns nothing if there is one.
std::optional<JSONValue> parseJSON(unsigned bufferId, DiagnosticEngine &diags);

/// Parses `text`; on failure `error` gets "line:col: message".
std::optional<JSONValue> parseJSONText(llvm::StringRef text,
                                       std::string &error);

/// Whether `a` and `b` are the same document: same kinds (an integer is not a
/// float), equal numbers and strings, arrays in the same order, objects with
/// the same members in any order. If not, `difference` describes the first
/// difference with its JSON path.
bool jsonEqual(const JSONValue &a, const JSONValue &b, std::string &difference);

} // namespace bpat

#endif // BPAT_IMPORT_JSONREADER_H
