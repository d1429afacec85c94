//===- bpat/Check/TorchRules.h - PyTorch's own rules, checked ---*- C++ -*-===//
//
// Checks a checked program against rules that PyTorch applies only when a
// model goes through prepare_fx, convert_fx or fuse_fx: a weighted module
// that convert cannot map to a reference module, a fusion whose result no
// pattern quantizes, a fused pattern with fewer dtype configs than its root
// op, a QAT module that is not its module's counterpart, attributes PyTorch
// never reads, indices past an op's arguments. Each is a named warning
// (Warnings.def); docs/diagnostics.md cites the PyTorch function each rule
// comes from.
//
// Reads the IR only; reports through the DiagnosticEngine, in source order.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_CHECK_TORCHRULES_H
#define BPAT_CHECK_TORCHRULES_H

#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"

namespace bpat {
namespace check {

/// Checks every backend declared in the program's main file. What the
/// program knows beyond a backend (the library's reference and QAT modules,
/// the weight indices other backends give a function) informs the checks.
void checkTorchRules(const ir::Program &program, DiagnosticEngine &diags);

} // namespace check
} // namespace bpat

#endif // BPAT_CHECK_TORCHRULES_H
