//===- Sema.h - Semantic analysis of bpat programs --------------*- C++ -*-===//

#ifndef BPAT_SEMA_SEMA_H
#define BPAT_SEMA_SEMA_H

#include "bpat/AST/AST.h"
#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"
#include <memory>

namespace bpat {

/// Checks `program` and builds the IR. Every problem is reported through
/// `diags`; returns null if there was an error (warnings do not count unless
/// they were turned into errors).
std::unique_ptr<ir::Program> analyze(const ast::Program &program,
                                     DiagnosticEngine &diags);

/// Whether `text` can be the target of an op or dtype: a Python qualified
/// name (identifiers joined by dots; `<locals>` allowed, as __qualname__
/// writes it). Sema requires it; bpat-import checks dumps with it.
bool isPythonQualifiedName(llvm::StringRef text);

/// Whether `text` can be the target of a fuser or getter: a qualified name
/// or a call on such names (`_sequential_wrapper2(X)`).
bool isPythonCallableReference(llvm::StringRef text);

} // namespace bpat

#endif // BPAT_SEMA_SEMA_H
