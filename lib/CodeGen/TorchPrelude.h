//===- TorchPrelude.h - The fixed Python text of --emit=torch ---*- C++ -*-===//
//
// Private to lib/CodeGen: the parts of TorchPrelude.py (a resource compiled
// into bpatc), expanded for one module.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_CODEGEN_TORCHPRELUDE_H
#define BPAT_LIB_CODEGEN_TORCHPRELUDE_H

#include "llvm/ADT/StringRef.h"
#include <set>
#include <string>

namespace bpat {
namespace codegen {

/// The part `part` of TorchPrelude.py with its `#@if FLAG` blocks kept for
/// the flags in `flags` and dropped otherwise, and @API@ replaced by `api`.
std::string expandTorchPrelude(llvm::StringRef part,
                               const std::set<std::string> &flags,
                               llvm::StringRef api);

} // namespace codegen
} // namespace bpat

#endif // BPAT_LIB_CODEGEN_TORCHPRELUDE_H
