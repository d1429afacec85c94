//===- bpat/Runtime/MatchMap.h - The result of matching ---------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The match map both matchers produce: for every node, the anchor of the
/// match that claimed it and the index of the winning config.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_MATCHMAP_H
#define BPAT_RUNTIME_MATCHMAP_H

#include "bpat/Runtime/GraphTraits.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bpat::rt {

class Graph;
struct BackendConfig;

/// Which of PyTorch's two matchers to reproduce.
enum class MatchMode : unsigned char {
  /// prepare's `find_matches` (match_utils.py): every config takes part, and
  /// nodes matched by a wildcard are claimed too.
  Quantize = 0,
  /// fuse.py's `_find_matches`: only configs with a fuser take part; nodes
  /// matched by a wildcard are not claimed; a claimed node is never re-claimed.
  Fuse = 1,
};

/// What the match map holds for one node.
struct MatchEntry {
  static constexpr uint32_t none = 0xFFFFFFFFu;
  /// The anchor (last node) of the match, or None if the node is unmatched.
  NodeId anchor = none;
  /// Index of the winning config in BackendConfig::Configs.
  uint32_t config = none;

  bool matched() const { return anchor != none; }
  friend bool operator==(const MatchEntry &a, const MatchEntry &b) {
    return a.anchor == b.anchor && a.config == b.config;
  }
  friend bool operator!=(const MatchEntry &a, const MatchEntry &b) {
    return !(a == b);
  }
};

/// Indexed by node id; one entry per graph node.
using MatchMap = std::vector<MatchEntry>;

/// What a match map prints of each config: its pattern as renderPattern
/// writes it, and its provenance. A backend renders them when asked
/// (BackendLabels); a compiled backend holds them (BackendImage.h).
class ConfigLabels {
public:
  virtual ~ConfigLabels() = default;
  /// The number of configs.
  virtual size_t size() const = 0;
  virtual std::string pattern(uint32_t index) const = 0;
  virtual std::string_view provenance(uint32_t index) const = 0;
};

/// The labels of a backend's configs, rendered on demand.
class BackendLabels final : public ConfigLabels {
public:
  /// \p bc must outlive the labels.
  explicit BackendLabels(const BackendConfig &bc) : bc(bc) {}
  size_t size() const override;
  std::string pattern(uint32_t index) const override;
  std::string_view provenance(uint32_t index) const override;

private:
  const BackendConfig &bc;
};

/// Writes \p m as the JSON match map of docs/json-format.md §3: node name ->
/// [anchor name, rendered complex pattern], keys sorted by node name.
std::string matchMapToJson(const Graph &g, const ConfigLabels &labels,
                           const MatchMap &m);
/// The same with the labels of \p bc.
std::string matchMapToJson(const Graph &g, const BackendConfig &bc,
                           const MatchMap &m);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_MATCHMAP_H
