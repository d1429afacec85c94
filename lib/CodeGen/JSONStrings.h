//===- JSONStrings.h - String values for llvm::json::OStream ----*- C++ -*-===//
//
// json::OStream::value(std::string) first copies the string into a
// json::Value and then quotes it a character at a time. The emitters write
// hundreds of thousands of qualified names, almost all plain ASCII: those are
// written as they are, between quotes, which is exactly what llvm::json
// writes for them; anything else still goes through llvm::json.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_CODEGEN_JSONSTRINGS_H
#define BPAT_LIB_CODEGEN_JSONSTRINGS_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"

namespace bpat::codegen {

/// Whether llvm::json writes `text` unescaped: printable ASCII, no quote or
/// backslash.
inline bool isPlainJSONString(llvm::StringRef text) {
  return llvm::all_of(text, [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
}

/// `j.value(text)`.
inline void writeString(llvm::json::OStream &j, llvm::StringRef text) {
  if (!isPlainJSONString(text)) {
    j.value(text);
    return;
  }
  j.rawValue([&](llvm::raw_ostream &os) { os << '"' << text << '"'; });
}

/// `j.attribute(key, text)`.
inline void writeStringAttribute(llvm::json::OStream &j, llvm::StringRef key,
                                 llvm::StringRef text) {
  j.attributeBegin(key);
  writeString(j, text);
  j.attributeEnd();
}

} // namespace bpat::codegen

#endif
