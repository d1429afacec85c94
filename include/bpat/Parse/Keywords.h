//===- bpat/Parse/Keywords.h - The words the grammar reserves ---*- C++ -*-===//
//
// The keywords of the .bpat grammar, from Keywords.def, and a test for one.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_PARSE_KEYWORDS_H
#define BPAT_PARSE_KEYWORDS_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

namespace bpat {

/// Every keyword, in the grammar's order.
inline constexpr const char *keywords[] = {
#define BPAT_KEYWORD(Enumerator, Spelling) Spelling,
#include "bpat/Parse/Keywords.def"
};

/// Whether `word` is a keyword, and so can never be a name.
inline bool isKeyword(llvm::StringRef word) {
  return llvm::any_of(keywords,
                      [&](const char *keyword) { return word == keyword; });
}

} // namespace bpat

#endif // BPAT_PARSE_KEYWORDS_H
