//===- MatchReport.h - Running a matcher over a graph, and its report -*- C++
//-*-===//
//
// What bpat-match does between loading a backend and printing: build the
// matcher table for a mode and run it (or the naive reference matcher), and
// write the match map as JSON (docs/json-format.md §3) or as a readable
// listing.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_MATCHREPORT_H
#define BPAT_GRAPHIO_MATCHREPORT_H

#include "bpat/GraphIO/StandInFusion.h"
#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/BackendImage.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"
#include "llvm/Support/Error.h"

#include <string>

namespace bpat {
namespace graphio {

enum class MatcherKind {
  /// rt::MatcherTableBuilder + rt::TableMatcher (what generated code runs).
  Table,
  /// rt::NaiveMatcher: every pattern at every node, in priority order.
  Naive,
};

/// Matches `graph` against `backend` in `mode`. Fails only if the table
/// cannot be built or does not validate.
llvm::Expected<rt::MatchMap> matchGraph(const rt::BackendConfig &backend,
                                        const rt::Graph &graph,
                                        rt::MatchMode mode, MatcherKind kind);

/// Matches `graph` with the table of `mode` that a compiled backend holds
/// (no table is built). Fails only if the table does not validate.
llvm::Expected<rt::MatchMap> matchGraph(const rt::BackendImage &image,
                                        const rt::Graph &graph,
                                        rt::MatchMode mode);

/// What PyTorch's prepare_fx matches: the fuse-mode matches of `graph`
/// applied with fuseWithStandIns (rt::fuseGraph, as --write-fused does), then
/// the quantize-mode match map of the fused graph, which replaces `graph`.
/// `observer` hears the fuser calls.
llvm::Expected<rt::MatchMap>
fuseThenQuantize(const rt::BackendConfig &backend, rt::Graph &graph,
                 MatcherKind kind, FuserCallObserver observer = nullptr);

/// The match map as docs/json-format.md §3 JSON (rt::matchMapToJson).
std::string matchMapJSON(const rt::Graph &graph, const rt::ConfigLabels &labels,
                         const rt::MatchMap &map);

/// One line per match, anchors in graph order:
///   <anchor>: <complex pattern> [<node>, ...]   (<provenance>)
/// the matched nodes (those the map gives this anchor and config) in graph
/// order; then a summary line "<n> matches, <k> of <N> nodes matched".
/// `labels` give each config's pattern and provenance (rt::BackendLabels
/// for a backend, rt::ImageLabels for a compiled one).
std::string matchMapText(const rt::Graph &graph, const rt::ConfigLabels &labels,
                         const rt::MatchMap &map);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_MATCHREPORT_H
