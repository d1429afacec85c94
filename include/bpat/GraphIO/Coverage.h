//===- Coverage.h - What a backend covers over a corpus ---------*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What `bpat-match --coverage` prints: over one or many graphs matched in
/// one mode, per pattern config how many matches it has and in which
/// models (configs that never matched listed), per op target how many call
/// nodes no pattern covers ("what this backend leaves in float"), and totals
/// per model. Text for people, JSON for CI (docs/json-format.md §5).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_COVERAGE_H
#define BPAT_GRAPHIO_COVERAGE_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"

#include <map>
#include <string>
#include <vector>

namespace bpat {
namespace graphio {

/// Coverage accumulated one model at a time.
class CoverageReport {
public:
  CoverageReport(const rt::BackendConfig &backend, rt::MatchMode mode);

  /// Adds the match map \p map of \p graph, called \p model.
  void addModel(const std::string &model, const rt::Graph &graph,
                const rt::MatchMap &map);

  std::string text() const;
  std::string json() const;

  /// Totals for one model.
  struct ModelTotals {
    std::string name;
    size_t nodes = 0;
    /// call_module, call_function and call_method nodes.
    size_t callNodes = 0;
    size_t matchedNodes = 0;
    size_t matchedCallNodes = 0;
    size_t matches = 0;
  };
  /// One op target left unmatched.
  struct OpTotals {
    size_t nodes = 0;
    /// Unmatched nodes per model index (models without any are absent).
    std::map<size_t, size_t> perModel;
  };

private:
  const rt::BackendConfig *backend;
  rt::MatchMode mode;
  /// The configs taking part in the mode, in PyTorch's order.
  std::vector<uint32_t> order;
  std::vector<ModelTotals> models;
  /// Per config: matches per model index.
  std::vector<std::map<size_t, size_t>> configMatches;
  /// "<node op> <target>" -> unmatched nodes.
  std::map<std::string, OpTotals> uncovered;

  size_t totalMatches(uint32_t config) const;
  std::vector<std::pair<std::string, const OpTotals *>>
  uncoveredByCount() const;
};

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_COVERAGE_H
