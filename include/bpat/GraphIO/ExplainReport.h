//===- ExplainReport.h - Why patterns matched a node or not -----*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What `bpat-match --explain NODE` and `--explain-unmatched` print: the
/// explanations rt::explainMatches collects from the naive matcher, said in
/// the model's terms, each reason at the .bpat location of its pattern
/// (rt::BackendPatternConfig::sourceLocation, or its provenance when the
/// backend was loaded from runtime JSON). docs/bpat-match.md, "Explain";
/// the JSON is docs/json-format.md §6.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_EXPLAINREPORT_H
#define BPAT_GRAPHIO_EXPLAINREPORT_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Explain.h"
#include "bpat/Runtime/Graph.h"

#include <string>
#include <vector>

namespace bpat {
namespace graphio {

/// Where config \p config of \p backend was written: its sourceLocation, its
/// provenance, or "?".
std::string configLocation(const rt::BackendConfig &backend, uint32_t config);

/// One reason as a sentence, e.g. "argument 0 of add_3 is layer1_0_bn2
/// (BatchNorm2d); the pattern wants Conv2d here".
std::string describeMismatch(const rt::Graph &graph, rt::NodeId root,
                             const rt::Mismatch &m);

/// The explanations as text for people.
std::string explainText(const rt::Graph &graph,
                        const rt::BackendConfig &backend, rt::MatchMode mode,
                        const std::vector<rt::NodeExplanation> &nodes);

/// The explanations as JSON (docs/json-format.md §6).
std::string explainJSON(const rt::Graph &graph,
                        const rt::BackendConfig &backend, rt::MatchMode mode,
                        const std::vector<rt::NodeExplanation> &nodes);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_EXPLAINREPORT_H
