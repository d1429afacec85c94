//===- SemaPython.cpp - Checking the Python expressions of a .bpat --------===//
//
// `overwrite_output_observer = "torch.ao...FixedQParamsObserver.with_args(
// dtype=torch.quint8, ...)"`: a Python expression in a string. Sema scans it
// once, the way Python's tokenizer would see it at the level bpat needs:
// string literals, brackets, and dotted names (which the Python emitter
// resolves by qualified name). What would not survive being written as
// `name = <expr>` in a module is an error here, not a broken module later.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"

using namespace bpat;

static bool isIdentStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
static bool isIdentChar(char c) {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

std::optional<ir::PythonExpr> sema::parsePythonExpr(llvm::StringRef text,
                                                    std::string &error) {
  ir::PythonExpr expr;
  expr.text = text.str();
  std::vector<char> brackets;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c && text[j] != '\n')
        j += text[j] == '\\' ? 2 : 1;
      if (j >= text.size() || text[j] != c) {
        error = "a string in this Python expression is not closed";
        return std::nullopt;
      }
      i = j + 1;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      brackets.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
      ++i;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      if (brackets.empty() || brackets.back() != c) {
        error = std::string("unbalanced '") + c + "' in this Python expression";
        return std::nullopt;
      }
      brackets.pop_back();
      ++i;
      continue;
    }
    if ((c == '\n' || c == '\r') && brackets.empty()) {
      error = "a line break outside brackets ends this Python expression "
              "early; wrap it in parentheses";
      return std::nullopt;
    }
    bool afterWord = i > 0 && (isIdentChar(text[i - 1]) || text[i - 1] == '.');
    if (!isIdentStart(c) || afterWord) {
      // A number (with its exponent) or the rest of a word.
      size_t j = i + 1;
      if (!isIdentStart(c) && !(c >= '0' && c <= '9')) {
        ++i;
        continue;
      }
      while (j < text.size() && (isIdentChar(text[j]) || text[j] == '.'))
        ++j;
      i = j;
      continue;
    }
    size_t j = i;
    bool dotted = false;
    while (true) {
      while (j < text.size() && isIdentChar(text[j]))
        ++j;
      if (j + 1 < text.size() && text[j] == '.' && isIdentStart(text[j + 1])) {
        dotted = true;
        ++j;
        continue;
      }
      break;
    }
    if (dotted)
      expr.dottedNames.push_back({i, j});
    i = j;
  }
  if (!brackets.empty()) {
    error = std::string("this Python expression is missing a '") +
            brackets.back() + "'";
    return std::nullopt;
  }
  return expr;
}
