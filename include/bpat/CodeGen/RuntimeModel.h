//===- RuntimeModel.h - Lowered configs as runtime data ---------*- C++ -*-===//
//
// Builds the runtime library's data model (bpat::rt::BackendConfig) from a
// lowered backend: the same configs the generated registration code fills
// in, used by the matcher-table emitter and by bpat-match.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_CODEGEN_RUNTIMEMODEL_H
#define BPAT_CODEGEN_RUNTIMEMODEL_H

#include "bpat/Lower/Lowering.h"
#include "bpat/Runtime/BackendConfig.h"

namespace bpat {
namespace codegen {

/// One runtime pattern config per lowered config, in registration order.
rt::BackendConfig toRuntimeBackend(const lower::LoweredBackend &backend);

/// The runtime form of one lowered config: what toRuntimeBackend adds to
/// its model for it.
rt::BackendPatternConfig toRuntimeConfig(const lower::LoweredConfig &config);

/// The same configs with only what rt::MatcherTableBuilder and a compiled
/// backend's labels (rt::writeBackendImage) read: each pattern, fuser
/// method and provenance. The tables and labels built from it are those of
/// toRuntimeBackend's model, at a fraction of its memory (no dtype configs,
/// module names or getters).
rt::BackendConfig toRuntimeMatcherModel(const lower::LoweredBackend &backend);

/// The runtime form of a pattern tree.
rt::PatternNode toRuntimePattern(const ir::PatternNode &node);

} // namespace codegen
} // namespace bpat

#endif // BPAT_CODEGEN_RUNTIMEMODEL_H
