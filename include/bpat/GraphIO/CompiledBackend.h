//===- CompiledBackend.h - The compiled backend file, read ------*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Loads the file `bpatc --emit=runtime-bin` writes (docs/json-format.md §7):
/// a match map comes straight from its tables and labels; everything else
/// (explanations, fusion, coverage, pictures, the naive matcher) reads the
/// whole backend from the runtime JSON it carries.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_COMPILEDBACKEND_H
#define BPAT_GRAPHIO_COMPILEDBACKEND_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/BackendImage.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <optional>
#include <string>

namespace bpat {
namespace graphio {

/// A compiled backend in memory: the file's bytes and the checked view of
/// them.
struct CompiledBackend {
  std::string path;
  std::unique_ptr<llvm::MemoryBuffer> bytes;
  rt::BackendImage image;
};

/// Reads `path` ("-" for standard input) with bpat::readInputFile and checks
/// it with rt::BackendImage::open. A problem is one error naming the file:
/// "<path>: not a valid backend image: <why>".
std::optional<CompiledBackend> readCompiledBackendFile(llvm::StringRef path,
                                                       DiagnosticEngine &diags);

/// The whole backend of `compiled`: its runtime JSON, read as
/// readRuntimeBackend reads a file (a problem is reported at its place in
/// that text, which diagnostics name "<path>(runtime JSON)"), then checked
/// against the image: the same name, the same number of configs, and each
/// config's label the one its pattern and provenance give. A mismatch is an
/// error: the tables would not belong to the configs.
std::optional<rt::BackendConfig>
readCompiledBackendConfigs(const CompiledBackend &compiled,
                           DiagnosticEngine &diags);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_COMPILEDBACKEND_H
