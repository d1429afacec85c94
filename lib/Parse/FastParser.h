//===- FastParser.h - Recursive-descent fast path (private) -----*- C++ -*-===//
//
// parseModule's first try: a recursive-descent parser over FastLexer's
// token rules that builds the AST directly, as ASTBuilder builds it from
// ANTLR's parse tree (same nodes, texts and ranges), without a parse tree or
// token objects. It only handles files that parse and build without any
// diagnostic; on anything else it gives up, and parseModule runs the ANTLR
// parser, whose error messages and recovery stay the reference.
// unittests/Parse/FastParserTest.cpp holds both paths to the same AST.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_PARSE_FASTPARSER_H
#define BPAT_LIB_PARSE_FASTPARSER_H

#include "CommentAttacher.h"
#include "bpat/AST/AST.h"
#include "bpat/Support/Diagnostics.h"

namespace bpat {

/// The module of `text` and its comments, or null when the ANTLR path must
/// decide (malformed UTF-8, a syntax error, a diagnostic of the AST builder,
/// a byte order mark).
std::unique_ptr<ast::Module> parseFast(llvm::StringRef text,
                                       std::vector<SourceComment> &comments);

/// parseModule without the fast path: ANTLR's parser and ASTBuilder.
std::unique_ptr<ast::Module> parseModuleWithANTLR(unsigned bufferId,
                                                  DiagnosticEngine &diags);

} // namespace bpat

#endif
