//===- bpat/Runtime/MatcherTableBuilder.h - Building tables -----*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builds a MatcherTable from a BackendConfig for one match mode.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_MATCHERTABLEBUILDER_H
#define BPAT_RUNTIME_MATCHERTABLEBUILDER_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatcherTable.h"

namespace bpat::rt {

/// Compiles a backend's patterns into a decision tree:
/// - patterns are ordered by patternPriorityOrder;
/// - each becomes a check sequence (preorder over its tree);
/// - patterns are distributed into one bucket per root op (a wildcard-rooted
///   pattern goes into every bucket and the default bucket), keeping order;
///   a bucket is cut after its first pattern that always matches;
/// - within a bucket, equal leading instructions of consecutive patterns are
///   shared, so a failed shared check skips all of them at once.
class MatcherTableBuilder {
public:
  /// \p bc must outlive the builder.
  explicit MatcherTableBuilder(const BackendConfig &bc) : bc(bc) {}

  /// Builds the table for \p mode. Fails only on limits of the format
  /// (more than 255 arguments in a pattern, more than 2^24 registers...).
  Expected<MatcherTable> build(MatchMode mode) const;

private:
  const BackendConfig &bc;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_MATCHERTABLEBUILDER_H
