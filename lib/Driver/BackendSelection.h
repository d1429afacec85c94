//===- BackendSelection.h - Which backends a run emits ----------*- C++ -*-===//
//
// Private to lib/Driver: the selection rules of bpatc (and of the tools that
// take one backend through selectSingleBackend in Pipeline.h).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_DRIVER_BACKENDSELECTION_H
#define BPAT_LIB_DRIVER_BACKENDSELECTION_H

#include "bpat/AST/AST.h"
#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"
#include <optional>
#include <string>
#include <vector>

namespace bpat {

/// The backend named `name` if it is not empty, else every backend declared
/// in the main file; with `single`, exactly one. Reports an error and returns
/// nothing when there is no such backend, none, or (with `single`) several.
std::optional<std::vector<const ir::Backend *>>
selectBackends(const ir::Program &program, const ast::Program &ast,
               const std::string &name, bool single, DiagnosticEngine &diags);

} // namespace bpat

#endif // BPAT_LIB_DRIVER_BACKENDSELECTION_H
