//===- bpat/Runtime/Priority.h - The order patterns are tried ---*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// PyTorch's pattern order: the patterns dict built from the backend config
/// (keyed by complex pattern) sorted by `sorted_patterns_dict`.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_PRIORITY_H
#define BPAT_RUNTIME_PRIORITY_H

#include "bpat/Runtime/MatchMap.h"

#include <cstdint>
#include <vector>

namespace bpat::rt {

struct BackendConfig;

/// Config indices in the order the matcher tries them:
/// 1. configs are keyed by complex pattern as a Python dict would key them: if
///    two configs in BC.Configs have equal patterns, the later one wins and
///    takes the earlier one's position (BackendConfig::setPatternConfig never
///    leaves duplicates, but a hand-filled Configs vector may);
/// 2. in Fuse mode, configs without a fuser are dropped;
/// 3. a stable sort by key `-leafCount` for tuples and `1` for bare ops and
///    a bare wildcard: longest tuples first, bare ops last, ties in order.
std::vector<uint32_t> patternPriorityOrder(const BackendConfig &bc,
                                           MatchMode mode);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_PRIORITY_H
