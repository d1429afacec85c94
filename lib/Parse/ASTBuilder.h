//===- ASTBuilder.h - ANTLR parse tree to bpat AST (private) ----*- C++ -*-===//

#ifndef BPAT_LIB_PARSE_ASTBUILDER_H
#define BPAT_LIB_PARSE_ASTBUILDER_H

#include "BPatParser.h"
#include "bpat/AST/AST.h"
#include "bpat/Support/Diagnostics.h"
#include <functional>

namespace bpat {

/// Maps ANTLR token indices (code points) to source locations.
using LocMapper = std::function<llvm::SMLoc(size_t codePointIndex)>;

/// Builds the AST of a syntactically valid parse tree. Reports the few
/// structural errors the grammar lets through (for example `op()`). With
/// `textFromLocs`, tokens' text is read from the buffer between the
/// locations `locOf` gives (exact unless the buffer starts with a byte order
/// mark, which ANTLR's indices skip).
std::unique_ptr<ast::Module> buildModule(bpat_antlr::BPatParser::FileContext *,
                                         const LocMapper &locOf,
                                         bool textFromLocs,
                                         DiagnosticEngine &diags);

/// What buildModule makes of one item of the file: for a parse that builds
/// the AST item by item and frees each item's parse tree.
std::unique_ptr<ast::Decl> buildDecl(bpat_antlr::BPatParser::ItemContext *,
                                     const LocMapper &locOf, bool textFromLocs,
                                     DiagnosticEngine &diags);

} // namespace bpat

#endif
