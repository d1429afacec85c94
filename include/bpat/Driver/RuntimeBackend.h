//===- RuntimeBackend.h - A backend with its source locations ---*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// loadRuntimeBackend (Pipeline.h) plus where each config's pattern was
/// written: what bpat-match --explain and --coverage point at.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_DRIVER_RUNTIMEBACKEND_H
#define BPAT_DRIVER_RUNTIMEBACKEND_H

#include "bpat/Driver/Pipeline.h"

namespace bpat {

/// loadRuntimeBackend, with rt::BackendPatternConfig::sourceLocation set on
/// every config to "file:line:col" of its pattern statement, the file named
/// as diagnostics name it.
std::optional<rt::BackendConfig> loadRuntimeBackendWithSources(
    const std::string &file, const std::string &backend,
    const ImportOptions &imports, DiagnosticEngine &diags);

} // namespace bpat

#endif // BPAT_DRIVER_RUNTIMEBACKEND_H
