//===- bpat/Runtime/BackendConfig.h - Backend pattern configs ---*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `BackendPatternConfig` and `BackendConfig`, the data model generated
/// registration code fills in. Python callables (fusers, getters) and module
/// classes are held by their qualified names; a backend resolves them.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_BACKENDCONFIG_H
#define BPAT_RUNTIME_BACKENDCONFIG_H

#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/OpRef.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/PatternAttr.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bpat::rt {

/// Everything PyTorch's `BackendPatternConfig` holds.
struct BackendPatternConfig {
  /// The legacy reversed nested tuple; always set. This is the matching key.
  PatternNode pattern;
  /// The simple forward-order chain, when the pattern is a chain and the
  /// config uses the simple format.
  std::optional<std::vector<OpRef>> simplePattern;
  ObservationType observation =
      ObservationType::OutputUseDifferentObserverAsInput;
  std::vector<DTypeConfig> dtypeConfigs;
  /// Module class qualified names; empty when unset.
  std::string rootModule;
  std::string qatModule;
  std::string referenceQuantizedModule;
  std::string fusedModule;
  /// The fuser method reference (e.g. its qualified name, or
  /// "bpat.sequential(<fused module>)"); empty when the config has no fuser.
  std::string fuserMethod;
  /// Qualified names of the getters; empty when unset.
  std::string rootNodeGetter;
  std::string extraInputsGetter;
  /// In insertion order.
  std::vector<std::pair<int, ObservationType>> numTensorArgsToObservationType;
  /// In insertion order, e.g. {{"weight", 1}, {"bias", 2}}.
  std::vector<std::pair<std::string, int>> inputTypeToIndex;
  std::optional<bool> inputOutputObserved;
  /// Where the config came from (e.g. "native.bpat:12:3"); informational.
  std::string provenance;
  /// Where the pattern statement is, as a diagnostic names it
  /// ("path/native.bpat:12:3"), when the config was compiled from its source
  /// in this process (bpat::loadRuntimeBackendWithSources); empty otherwise.
  /// Not part of any emitted form; tools point at the pattern with it.
  std::string sourceLocation;

  /// True if the config takes part in fusion (PyTorch: fuser_method is set).
  bool hasFuser() const { return !fuserMethod.empty(); }
};

/// The member of BackendPatternConfig holding attribute \p attr when it is a
/// string (the module classes, the fuser method, the getters; empty when
/// unset), or null for an attribute of another type.
std::string BackendPatternConfig::*stringField(PatternAttr attr);

/// A hash of a pattern tree, consistent with PatternNode's operator==.
size_t hashPattern(const PatternNode &p);

/// A named list of pattern configs, unique by complex pattern.
///
/// Read Configs freely; add and replace configs through setPatternConfig,
/// which keeps an index by pattern so that registering N configs takes
/// O(N) expected time (PyTorch's dict), not O(N^2).
struct BackendConfig {
  std::string name;
  std::vector<BackendPatternConfig> configs;

  BackendConfig() = default;
  explicit BackendConfig(std::string name) : name(std::move(name)) {}

  /// PyTorch's `set_backend_pattern_config`: configs are keyed by complex
  /// pattern; a config whose pattern is already present replaces the old one
  /// in the old one's position (Python dict semantics), otherwise it is
  /// appended. Returns the index the config now has.
  size_t setPatternConfig(BackendPatternConfig config);

  /// The index of the config whose complex pattern is \p p, or -1.
  long find(const PatternNode &p) const;

private:
  /// Config indices by pattern hash; rebuilt when Configs was changed
  /// directly (its size no longer matches what was indexed).
  mutable std::unordered_multimap<size_t, size_t> index;
  mutable size_t indexed = 0;
  void syncIndex() const;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_BACKENDCONFIG_H
