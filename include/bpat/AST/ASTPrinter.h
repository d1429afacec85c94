//===- ASTPrinter.h - Dumping and formatting the AST ------------*- C++ -*-===//

#ifndef BPAT_AST_ASTPRINTER_H
#define BPAT_AST_ASTPRINTER_H

#include "bpat/AST/AST.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace bpat {
namespace ast {

/// `--emit=ast`: an indented tree with line:column of every node.
void dumpModule(const Module &module, const llvm::SourceMgr &sourceMgr,
                llvm::raw_ostream &os);

/// `--emit=bpat`: the module in canonical layout. Formatting the output again
/// gives the same text. Comments are kept, each with the construct it was
/// attached to (see ast::Comments); blank lines are not.
void formatModule(const Module &module, llvm::raw_ostream &os);

} // namespace ast
} // namespace bpat

#endif // BPAT_AST_ASTPRINTER_H
