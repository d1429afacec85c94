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

} // namespace bpat

#endif // BPAT_SEMA_SEMA_H
