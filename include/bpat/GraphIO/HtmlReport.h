//===- HtmlReport.h - A self-contained HTML report of a match ---*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What `bpat-match --format html` writes: one HTML file with no external
/// resources holding the graph drawn as SVG (nodes in layers by their depth
/// from the inputs; each match's nodes in one `<g class="match">` filled
/// with its config's colour; call nodes outside every match outlined in
/// red), the coverage report of the graph, and the --explain text of every
/// node, shown when the node is clicked (or named in the URL's fragment,
/// `report.html#explain=NODE`).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_HTMLREPORT_H
#define BPAT_GRAPHIO_HTMLREPORT_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"

#include <string>

namespace bpat {
namespace graphio {

/// The report of \p graph matched in \p mode; \p map is its match map. The
/// explanations come from rt::explainMatches over every node.
std::string matchReportHtml(const rt::Graph &graph,
                            const rt::BackendConfig &backend,
                            rt::MatchMode mode, const rt::MatchMap &map,
                            const std::string &title);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_HTMLREPORT_H
