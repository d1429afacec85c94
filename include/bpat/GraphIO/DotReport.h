//===- DotReport.h - A match map as a Graphviz graph ------------*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What `bpat-match --format dot` prints: the graph in Graphviz's DOT
/// language, each match's nodes in a cluster labelled with its pattern and
/// the pattern's source, filled with one colour per pattern config; call
/// nodes outside every match drawn dashed in red. `dot -Tsvg` draws it.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_DOTREPORT_H
#define BPAT_GRAPHIO_DOTREPORT_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"

#include <string>

namespace bpat {
namespace graphio {

/// The short label the pictures (DOT and the HTML report) give node \p n: a
/// module's class name without its package, `.name()` for a method, a
/// function's qualified name.
std::string shortTarget(rt::NodeView n);

/// The DOT text of \p graph with the matches of \p map.
std::string matchMapDot(const rt::Graph &graph,
                        const rt::BackendConfig &backend,
                        const rt::MatchMap &map);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_DOTREPORT_H
