//===- MatchReport.cpp - Running a matcher over a graph, and its report ---===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/MatchReport.h"

#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/NaiveMatcher.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/TableMatcher.h"

#include <algorithm>
#include <utility>
#include <vector>

using namespace llvm;

namespace bpat {
namespace graphio {

static Expected<rt::MatchMap> runTable(const rt::MatcherTableView &table,
                                       const rt::Graph &graph) {
  rt::Expected<rt::TableMatcher> matcher = rt::TableMatcher::create(table);
  if (!matcher)
    return createStringError(inconvertibleErrorCode(),
                             "invalid matcher table: %s",
                             matcher.message().c_str());
  return matcher->match(graph);
}

Expected<rt::MatchMap> matchGraph(const rt::BackendConfig &backend,
                                  const rt::Graph &graph, rt::MatchMode mode,
                                  MatcherKind kind) {
  if (kind == MatcherKind::Naive)
    return rt::NaiveMatcher(backend, mode).match(graph);
  rt::Expected<rt::MatcherTable> table =
      rt::MatcherTableBuilder(backend).build(mode);
  if (!table)
    return createStringError(inconvertibleErrorCode(),
                             "cannot build the matcher table: %s",
                             table.message().c_str());
  return runTable(table->view(), graph);
}

Expected<rt::MatchMap> matchGraph(const rt::BackendImage &image,
                                  const rt::Graph &graph, rt::MatchMode mode) {
  return runTable(image.table(mode), graph);
}

Expected<rt::MatchMap> fuseThenQuantize(const rt::BackendConfig &backend,
                                        rt::Graph &graph, MatcherKind kind,
                                        FuserCallObserver observer) {
  Expected<rt::MatchMap> fuse =
      matchGraph(backend, graph, rt::MatchMode::Fuse, kind);
  if (!fuse)
    return fuse.takeError();
  if (rt::Error e = fuseWithStandIns(graph, backend, *fuse, observer))
    return createStringError(inconvertibleErrorCode(), "%s",
                             e.message().c_str());
  return matchGraph(backend, graph, rt::MatchMode::Quantize, kind);
}

std::string matchMapJSON(const rt::Graph &graph, const rt::ConfigLabels &labels,
                         const rt::MatchMap &map) {
  return rt::matchMapToJson(graph, labels, map);
}

std::string matchMapText(const rt::Graph &graph, const rt::ConfigLabels &labels,
                         const rt::MatchMap &map) {
  // (anchor, config, node), sorted by anchor and config; a stable sort keeps
  // each match's nodes in graph order.
  struct Claim {
    rt::NodeId anchor;
    uint32_t config;
    rt::NodeId node;
  };
  std::vector<Claim> claims;
  for (rt::NodeId n = 0; n < map.size() && n < graph.size(); ++n) {
    const rt::MatchEntry &e = map[n];
    if (e.matched() && e.anchor < graph.size() && e.config < labels.size())
      claims.push_back({e.anchor, e.config, n});
  }
  std::stable_sort(
      claims.begin(), claims.end(), [](const Claim &a, const Claim &b) {
        return a.anchor != b.anchor ? a.anchor < b.anchor : a.config < b.config;
      });
  size_t matchedNodes = claims.size();
  size_t numMatches = 0;
  std::string out;
  out.reserve(claims.size() * 64);
  for (size_t i = 0; i != claims.size();) {
    rt::NodeId anchor = claims[i].anchor;
    uint32_t config = claims[i].config;
    ++numMatches;
    out += graph.name(anchor);
    out += ": ";
    out += labels.pattern(config);
    out += " [";
    for (size_t first = i; i != claims.size() && claims[i].anchor == anchor &&
                           claims[i].config == config;
         ++i) {
      if (i != first)
        out += ", ";
      out += graph.name(claims[i].node);
    }
    out += "]";
    std::string_view provenance = labels.provenance(config);
    if (!provenance.empty()) {
      out += "  (";
      out += provenance;
      out += ")";
    }
    out += "\n";
  }
  out += std::to_string(numMatches) +
         (numMatches == 1 ? " match, " : " matches, ") +
         std::to_string(matchedNodes) + " of " + std::to_string(graph.size()) +
         " nodes matched\n";
  return out;
}

} // namespace graphio
} // namespace bpat
