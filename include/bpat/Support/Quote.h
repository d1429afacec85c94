//===- Quote.h - Double-quoted string literals ------------------*- C++ -*-===//

#ifndef BPAT_SUPPORT_QUOTE_H
#define BPAT_SUPPORT_QUOTE_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace bpat {

/// `text` as a double-quoted literal that both bpat and Python read back as
/// `text`: `"` and `\` escaped, newlines and tabs as `\n` and `\t`.
std::string quoteString(llvm::StringRef text);

/// `path` as the path part of a URI: letters, digits and `/-._~` kept, every
/// other byte percent-encoded (`a b` -> `a%20b`). SARIF's artifact locations
/// and the language server's file URIs both use it.
std::string percentEncodePath(llvm::StringRef path);

} // namespace bpat

#endif // BPAT_SUPPORT_QUOTE_H
