//===- CppNames.cpp - Spelling names and literals in C++ ------------------===//

#include "CppNames.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdio>
#include <cstring>

using namespace bpat;

std::string codegen::cppIdentifier(const std::string &name) {
  static const char *const keywords[] = {
      "alignas",       "alignof",     "and",
      "and_eq",        "asm",         "auto",
      "bitand",        "bitor",       "bool",
      "break",         "case",        "catch",
      "char",          "char16_t",    "char32_t",
      "char8_t",       "class",       "co_await",
      "co_return",     "co_yield",    "compl",
      "concept",       "const",       "const_cast",
      "consteval",     "constexpr",   "constinit",
      "continue",      "decltype",    "default",
      "delete",        "do",          "double",
      "dynamic_cast",  "else",        "enum",
      "explicit",      "export",      "extern",
      "false",         "float",       "for",
      "friend",        "goto",        "if",
      "inline",        "int",         "long",
      "mutable",       "namespace",   "new",
      "noexcept",      "not",         "not_eq",
      "nullptr",       "operator",    "or",
      "or_eq",         "private",     "protected",
      "public",        "register",    "reinterpret_cast",
      "requires",      "return",      "short",
      "signed",        "sizeof",      "static",
      "static_assert", "static_cast", "struct",
      "switch",        "template",    "this",
      "thread_local",  "throw",       "true",
      "try",           "typedef",     "typeid",
      "typename",      "union",       "unsigned",
      "using",         "virtual",     "void",
      "volatile",      "wchar_t",     "while",
      "xor",           "xor_eq"};
  // The list is sorted: a binary search, as most names are no keyword.
  static const bool sorted = std::is_sorted(
      std::begin(keywords), std::end(keywords),
      [](const char *a, const char *b) { return std::strcmp(a, b) < 0; });
  assert(sorted && "cppIdentifier's keywords must stay sorted");
  (void)sorted;
  if (std::binary_search(std::begin(keywords), std::end(keywords), name,
                         [](const auto &a, const auto &b) {
                           return llvm::StringRef(a) < llvm::StringRef(b);
                         }))
    return name + "_";
  // Names with a double underscore are reserved in C++.
  std::string result = name;
  if (result.find("__") == std::string::npos)
    return result;
  size_t pos;
  while ((pos = result.find("__")) != std::string::npos)
    result.replace(pos, 2, "_0_");
  return result;
}

std::string codegen::cppStringLiteral(const std::string &text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  // Most text needs no escape: copy it whole.
  if (llvm::all_of(text, [](char c) {
        unsigned char u = c;
        return u >= 0x20 && u < 0x7f && c != '"' && c != '\\' && c != '?';
      })) {
    out += text;
    out += '"';
    return out;
  }
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\%03o", c);
      out += buffer;
    }
  }
  out += '"';
  return out;
}

std::string codegen::cppCommentText(const std::string &text) {
  // Most text needs no escape at all.
  if (llvm::none_of(text, [](char c) {
        unsigned char u = c;
        return u < 0x20 || u == 0x7f || c == '\\' || c == '?';
      }))
    return text;
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", c);
      out += buffer;
    } else if (c == '?' && i + 1 < text.size() && text[i + 1] == '?') {
      out += "?\\";
    } else {
      out += char(c);
    }
  }
  // A comment line must not end in a backslash (a line splice), even as
  // the second of an escaped pair.
  if (!out.empty() && out.back() == '\\')
    out += "(end)";
  return out;
}

std::string codegen::includeGuard(const std::string &kind,
                                  const std::string &backendName) {
  std::string guard =
      "BPAT_GENERATED_" + kind + "_" + cppIdentifier(backendName) + "_H";
  for (char &c : guard)
    c = std::toupper(static_cast<unsigned char>(c));
  return guard;
}

std::string codegen::backendNamespace(const std::string &backendName) {
  // Leading underscores would make a reserved "__" after the prefix.
  size_t start = backendName.find_first_not_of('_');
  return cppIdentifier(
      "bpat_gen_" + backendName.substr(start == std::string::npos ? 0 : start));
}
