//===- ToolSupport.h - Shared pieces of the command-line tools --*- C++ -*-===//

#ifndef BPAT_DRIVER_TOOLSUPPORT_H
#define BPAT_DRIVER_TOOLSUPPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>

namespace bpat {

/// share/bpat beside the bin/ directory holding the running tool: where the
/// shipped .bpat library is, in the build tree and after install alike.
std::string defaultLibraryDir(const char *argv0);

/// Writes `contents` to `path` ("-" is standard output) through a temporary
/// file renamed into place, so that a failure leaves any existing file
/// untouched and never a partial one.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef contents);

} // namespace bpat

#endif // BPAT_DRIVER_TOOLSUPPORT_H
