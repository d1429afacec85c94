//===- JSONReader.cpp - JSON with number kinds and locations --------------===//
//
// bpat-import's view of a dump: a small tree of JSONValue built over the one
// JSON reader of lib/Support (which does the syntax, positions and limits),
// and the comparison of two such trees for the round-trip check.
//
//===----------------------------------------------------------------------===//

#include "bpat/Import/JSONReader.h"
#include "bpat/Support/JSONReader.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include <cerrno>
#include <cmath>
#include <cstdlib>

using namespace bpat;

const JSONValue *JSONValue::get(llvm::StringRef key) const {
  for (const auto &member : members)
    if (member.first == key)
      return &member.second;
  return nullptr;
}

const char *bpat::describeJSONKind(JSONValue::Kind kind) {
  switch (kind) {
  case JSONValue::Kind::Null:
    return "null";
  case JSONValue::Kind::Bool:
    return "a boolean";
  case JSONValue::Kind::Number:
    return "a number";
  case JSONValue::Kind::String:
    return "a string";
  case JSONValue::Kind::Array:
    return "an array";
  case JSONValue::Kind::Object:
    return "an object";
  }
  return "a value";
}

/// Builds the value the reader is at into `value`: the shared lib/Support
/// reader does the syntax (and caps the nesting, so this recursion is
/// bounded); this keeps what migration needs: each value's place, numbers
/// as written, members in order.
static bool build(JSONReader &reader, JSONValue &value,
                  DiagnosticEngine &diags) {
  std::optional<JSONReader::Kind> kind = reader.peek();
  if (!kind)
    return false;
  value.pos = reader.loc().getPointer();
  switch (*kind) {
  case JSONReader::Kind::Null:
    value.kind = JSONValue::Kind::Null;
    return reader.readNull();
  case JSONReader::Kind::Bool:
    value.kind = JSONValue::Kind::Bool;
    return reader.readBool(value.boolValue);
  case JSONReader::Kind::String: {
    value.kind = JSONValue::Kind::String;
    llvm::StringRef text;
    if (!reader.readString(text))
      return false;
    value.text = text.str();
    return true;
  }
  case JSONReader::Kind::Number: {
    value.kind = JSONValue::Kind::Number;
    JSONReader::Number number;
    if (!reader.readNumber(number))
      return false;
    value.text = number.spelling.str();
    value.isFloat = number.isFloat;
    // The shared reader accepts any size; a dump's numbers must fit.
    if (number.isFloat) {
      if (std::isinf(number.value)) {
        diags.error(reader.lastRange(), "invalid JSON: number out of range");
        return false;
      }
      value.floatValue = number.value;
    } else {
      if (!number.intValue) {
        diags.error(reader.lastRange(),
                    "invalid JSON: integer out of the 64-bit range");
        return false;
      }
      value.intValue = *number.intValue;
      value.floatValue = double(*number.intValue);
    }
    return true;
  }
  case JSONReader::Kind::Array:
    value.kind = JSONValue::Kind::Array;
    return reader.forEachElement([&]() {
      value.elements.emplace_back();
      return build(reader, value.elements.back(), diags);
    });
  case JSONReader::Kind::Object:
    value.kind = JSONValue::Kind::Object;
    return reader.forEachMember([&](llvm::StringRef key, llvm::SMRange) {
      value.members.emplace_back(key.str(), JSONValue());
      return build(reader, value.members.back().second, diags);
    });
  }
  return false;
}

std::optional<JSONValue> bpat::parseJSON(unsigned bufferId,
                                         DiagnosticEngine &diags) {
  JSONReader::Options options;
  options.rejectDuplicateKeys = true; // a dump's keys are unique
  JSONReader reader(diags, bufferId, options);
  JSONValue value;
  if (!build(reader, value, diags) || !reader.finish())
    return std::nullopt;
  return value;
}

std::optional<JSONValue> bpat::parseJSONText(llvm::StringRef text,
                                             std::string &error) {
  // A private engine whose messages are kept, "line:col: message".
  llvm::SourceMgr sourceMgr;
  std::string printed;
  llvm::raw_string_ostream os(printed);
  DiagnosticEngine diags(sourceMgr, os);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "<json>"), llvm::SMLoc());
  std::optional<JSONValue> value = parseJSON(id, diags);
  if (!value) {
    os.flush();
    llvm::StringRef first = llvm::StringRef(printed).split('\n').first;
    first.consume_front("<json>:");
    error = first.str();
  }
  return value;
}

static std::string shortText(const JSONValue &v) {
  switch (v.kind) {
  case JSONValue::Kind::Null:
    return "null";
  case JSONValue::Kind::Bool:
    return v.boolValue ? "true" : "false";
  case JSONValue::Kind::Number:
    return v.text.empty() ? std::to_string(v.floatValue) : v.text;
  case JSONValue::Kind::String:
    return "\"" + v.text + "\"";
  case JSONValue::Kind::Array:
    return "an array of " + std::to_string(v.elements.size());
  case JSONValue::Kind::Object:
    return "an object";
  }
  return "";
}

static bool equalAt(const JSONValue &a, const JSONValue &b,
                    const std::string &path, std::string &difference) {
  auto differ = [&](const std::string &what) {
    difference = (path.empty() ? std::string("$") : path) + ": " + what;
    return false;
  };
  if (a.kind != b.kind)
    return differ(std::string(describeJSONKind(a.kind)) + " vs " +
                  describeJSONKind(b.kind) + " (" + shortText(a) + " vs " +
                  shortText(b) + ")");
  switch (a.kind) {
  case JSONValue::Kind::Null:
    return true;
  case JSONValue::Kind::Bool:
    if (a.boolValue != b.boolValue)
      return differ(shortText(a) + " vs " + shortText(b));
    return true;
  case JSONValue::Kind::Number:
    if (a.isFloat != b.isFloat)
      return differ("an integer and a float (" + shortText(a) + " vs " +
                    shortText(b) + ")");
    if (a.isFloat ? a.floatValue != b.floatValue : a.intValue != b.intValue)
      return differ(shortText(a) + " vs " + shortText(b));
    return true;
  case JSONValue::Kind::String:
    if (a.text != b.text)
      return differ(shortText(a) + " vs " + shortText(b));
    return true;
  case JSONValue::Kind::Array:
    for (size_t i = 0; i < a.elements.size() && i < b.elements.size(); ++i)
      if (!equalAt(a.elements[i], b.elements[i],
                   path + "[" + std::to_string(i) + "]", difference))
        return false;
    if (a.elements.size() != b.elements.size())
      return differ(std::to_string(a.elements.size()) + " vs " +
                    std::to_string(b.elements.size()) + " elements");
    return true;
  case JSONValue::Kind::Object:
    for (const auto &[key, value] : a.members) {
      const JSONValue *other = b.get(key);
      if (!other)
        return differ("\"" + key + "\" only in the first");
      if (!equalAt(value, *other, path + "." + key, difference))
        return false;
    }
    for (const auto &member : b.members)
      if (!a.get(member.first))
        return differ("\"" + member.first + "\" only in the second");
    return true;
  }
  return true;
}

bool bpat::jsonEqual(const JSONValue &a, const JSONValue &b,
                     std::string &difference) {
  return equalAt(a, b, "", difference);
}
