//===- BackendReader.h - The runtime backend file, read ---------*- C++ -*-===//
//-*-//
//
// Reads the file `bpatc --emit=runtime-json` writes (docs/json-format.md §4)
// back into the runtime's data model, so that bpat-match can load a backend
// without compiling .bpat sources. A malformed file gives one diagnostic at
// its place, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_BACKENDREADER_H
#define BPAT_GRAPHIO_BACKENDREADER_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace bpat {
namespace graphio {

/// Reads the runtime backend in buffer `bufferId` of the engine's SourceMgr,
/// in one pass with bpat::JSONReader. Every config is checked completely
/// (known keys, typed ops, observation types, dtype fields, numbers); a
/// problem is reported as `<file>:<line>:<col>: error: <what>` at the key or
/// value concerned, and the result is empty.
std::optional<rt::BackendConfig> readRuntimeBackend(unsigned bufferId,
                                                    DiagnosticEngine &diags);

/// Reads `path` with bpat::readInputFile, then the backend.
std::optional<rt::BackendConfig>
readRuntimeBackendFile(llvm::StringRef path, DiagnosticEngine &diags);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_BACKENDREADER_H
