//===- JSONReader.cpp - JSON with number kinds and locations --------------===//

#include "bpat/Import/JSONReader.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
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

namespace {

/// Recursive descent over one buffer. Stops at the first error.
class Reader {
public:
  Reader(llvm::StringRef text)
      : begin(text.begin()), cur(text.begin()), end(text.end()) {}

  std::optional<JSONValue> run() {
    JSONValue value;
    skipSpace();
    if (!parseValue(value, 0))
      return std::nullopt;
    skipSpace();
    if (cur != end)
      return fail(cur, "unexpected text after the JSON document"), std::nullopt;
    return value;
  }

  const char *errorPos = nullptr;
  std::string errorMessage;

private:
  static constexpr unsigned maxDepth = 256;

  bool fail(const char *at, const std::string &message) {
    if (!errorPos) {
      errorPos = at;
      errorMessage = message;
    }
    return false;
  }

  void skipSpace() {
    while (cur != end &&
           (*cur == ' ' || *cur == '\t' || *cur == '\n' || *cur == '\r'))
      ++cur;
  }

  bool expectWord(const char *word) {
    const char *start = cur;
    for (const char *w = word; *w; ++w, ++cur)
      if (cur == end || *cur != *w)
        return fail(start, "invalid literal; expected a JSON value");
    return true;
  }

  bool parseValue(JSONValue &value, unsigned depth) {
    if (depth > maxDepth)
      return fail(cur, "nesting deeper than " + std::to_string(maxDepth));
    value.pos = cur;
    if (cur == end)
      return fail(cur, "unexpected end of input; expected a JSON value");
    switch (*cur) {
    case 'n':
      value.kind = JSONValue::Kind::Null;
      return expectWord("null");
    case 't':
      value.kind = JSONValue::Kind::Bool;
      value.boolValue = true;
      return expectWord("true");
    case 'f':
      value.kind = JSONValue::Kind::Bool;
      return expectWord("false");
    case '"':
      value.kind = JSONValue::Kind::String;
      return parseString(value.text);
    case '[':
      return parseArray(value, depth);
    case '{':
      return parseObject(value, depth);
    default:
      if (*cur == '-' || llvm::isDigit(*cur))
        return parseNumber(value);
      return fail(cur, std::string("unexpected character '") + *cur +
                           "'; expected a JSON value");
    }
  }

  bool parseNumber(JSONValue &value) {
    const char *start = cur;
    value.kind = JSONValue::Kind::Number;
    if (*cur == '-')
      ++cur;
    if (cur == end || !llvm::isDigit(*cur))
      return fail(start, "invalid number");
    if (*cur == '0' && cur + 1 != end && llvm::isDigit(cur[1]))
      return fail(start, "invalid number: leading zero");
    while (cur != end && llvm::isDigit(*cur))
      ++cur;
    if (cur != end && *cur == '.') {
      value.isFloat = true;
      ++cur;
      if (cur == end || !llvm::isDigit(*cur))
        return fail(start, "invalid number: no digits after '.'");
      while (cur != end && llvm::isDigit(*cur))
        ++cur;
    }
    if (cur != end && (*cur == 'e' || *cur == 'E')) {
      value.isFloat = true;
      ++cur;
      if (cur != end && (*cur == '+' || *cur == '-'))
        ++cur;
      if (cur == end || !llvm::isDigit(*cur))
        return fail(start, "invalid number: no digits in the exponent");
      while (cur != end && llvm::isDigit(*cur))
        ++cur;
    }
    value.text = std::string(start, cur);
    errno = 0;
    if (value.isFloat) {
      value.floatValue = std::strtod(value.text.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(value.floatValue))
        return fail(start, "number out of range");
    } else {
      value.intValue = std::strtoll(value.text.c_str(), nullptr, 10);
      if (errno == ERANGE)
        return fail(start, "integer out of the 64-bit range");
      value.floatValue = double(value.intValue);
    }
    return true;
  }

  bool parseHex4(unsigned &code) {
    code = 0;
    for (int i = 0; i < 4; ++i, ++cur) {
      if (cur == end || !llvm::isHexDigit(*cur))
        return fail(cur, "invalid \\u escape");
      code = code * 16 + llvm::hexDigitValue(*cur);
    }
    return true;
  }

  bool parseString(std::string &out) {
    const char *start = cur;
    ++cur; // opening quote
    while (true) {
      if (cur == end)
        return fail(start, "unterminated string");
      char c = *cur;
      if (c == '"') {
        ++cur;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        return fail(cur, "control character in a string");
      if (c != '\\') {
        out += c;
        ++cur;
        continue;
      }
      const char *escape = cur++;
      if (cur == end)
        return fail(escape, "unterminated escape");
      char e = *cur++;
      switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code;
        if (!parseHex4(code))
          return false;
        if (code >= 0xD800 && code < 0xDC00) {
          unsigned low;
          if (cur + 1 >= end || cur[0] != '\\' || cur[1] != 'u')
            return fail(escape, "unpaired surrogate in \\u escape");
          cur += 2;
          if (!parseHex4(low) || low < 0xDC00 || low > 0xDFFF)
            return fail(escape, "invalid surrogate pair");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code < 0xE000) {
          return fail(escape, "unpaired surrogate in \\u escape");
        }
        char buffer[8];
        char *ptr = buffer;
        llvm::ConvertCodePointToUTF8(code, ptr);
        out.append(buffer, ptr);
        break;
      }
      default:
        return fail(escape, std::string("invalid escape '\\") + e + "'");
      }
    }
  }

  bool parseArray(JSONValue &value, unsigned depth) {
    value.kind = JSONValue::Kind::Array;
    ++cur;
    skipSpace();
    if (cur != end && *cur == ']') {
      ++cur;
      return true;
    }
    while (true) {
      skipSpace();
      JSONValue element;
      if (!parseValue(element, depth + 1))
        return false;
      value.elements.push_back(std::move(element));
      skipSpace();
      if (cur != end && *cur == ',') {
        ++cur;
        continue;
      }
      if (cur != end && *cur == ']') {
        ++cur;
        return true;
      }
      return fail(cur, "expected ',' or ']' in an array");
    }
  }

  bool parseObject(JSONValue &value, unsigned depth) {
    value.kind = JSONValue::Kind::Object;
    ++cur;
    skipSpace();
    if (cur != end && *cur == '}') {
      ++cur;
      return true;
    }
    while (true) {
      skipSpace();
      if (cur == end || *cur != '"')
        return fail(cur, "expected a string key in an object");
      const char *keyPos = cur;
      std::string key;
      if (!parseString(key))
        return false;
      if (value.get(key))
        return fail(keyPos, "duplicate key \"" + key + "\"");
      skipSpace();
      if (cur == end || *cur != ':')
        return fail(cur, "expected ':' after an object key");
      ++cur;
      skipSpace();
      JSONValue member;
      if (!parseValue(member, depth + 1))
        return false;
      value.members.emplace_back(std::move(key), std::move(member));
      skipSpace();
      if (cur != end && *cur == ',') {
        ++cur;
        continue;
      }
      if (cur != end && *cur == '}') {
        ++cur;
        return true;
      }
      return fail(cur, "expected ',' or '}' in an object");
    }
  }

  const char *begin;
  const char *cur;
  const char *end;
};

} // namespace

std::optional<JSONValue> bpat::parseJSON(unsigned bufferId,
                                         DiagnosticEngine &diags) {
  const llvm::MemoryBuffer *buffer =
      diags.getSourceMgr().getMemoryBuffer(bufferId);
  Reader reader(buffer->getBuffer());
  std::optional<JSONValue> value = reader.run();
  if (!value) {
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(reader.errorPos);
    diags.error({loc, loc}, "invalid JSON: " + reader.errorMessage);
  }
  return value;
}

std::optional<JSONValue> bpat::parseJSONText(llvm::StringRef text,
                                             std::string &error) {
  Reader reader(text);
  std::optional<JSONValue> value = reader.run();
  if (!value) {
    unsigned line = 1, col = 1;
    for (const char *p = text.begin(); p < reader.errorPos; ++p) {
      if (*p == '\n')
        ++line, col = 1;
      else
        ++col;
    }
    error = std::to_string(line) + ":" + std::to_string(col) + ": " +
            reader.errorMessage;
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
