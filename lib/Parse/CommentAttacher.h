//===- CommentAttacher.h - Comments onto AST nodes (private) ----*- C++ -*-===//

#ifndef BPAT_LIB_PARSE_COMMENTATTACHER_H
#define BPAT_LIB_PARSE_COMMENTATTACHER_H

#include "bpat/AST/AST.h"
#include <string>
#include <vector>

namespace bpat {

/// A comment as the lexer found it: its text and where it is in the buffer.
struct SourceComment {
  std::string text;
  const char *begin;
  const char *end;
};

/// Attaches each comment to the declaration, group item or attribute it
/// belongs to (see ast::Comments), so that the formatter can print it back.
void attachComments(ast::Module &module,
                    const std::vector<SourceComment> &comments);

} // namespace bpat

#endif
