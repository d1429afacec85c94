//===- Quote.cpp - Double-quoted string literals --------------------------===//

#include "bpat/Support/Quote.h"

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
