//===- Quote.cpp - Double-quoted string literals --------------------------===//

#include "bpat/Support/Quote.h"

#include "llvm/ADT/StringExtras.h"

std::string bpat::quoteString(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
    case '"':
    case '\\':
      out += '\\';
      out += c;
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += c;
    }
  }
  return out + "\"";
}

std::string bpat::percentEncodePath(llvm::StringRef path) {
  std::string out;
  for (char c : path) {
    if (llvm::isAlnum(c) || llvm::StringRef("/-._~").contains(c))
      out += c;
    else
      out += "%" + llvm::utohexstr((unsigned char)c, /*LowerCase=*/false,
                                   /*Width=*/2);
  }
  return out;
}
