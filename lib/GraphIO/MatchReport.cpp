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
#include <map>
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
  // (anchor, config) -> matched nodes in graph order.
  std::map<std::pair<rt::NodeId, uint32_t>, std::vector<rt::NodeId>> matches;
  size_t matchedNodes = 0;
  for (rt::NodeId n = 0; n < map.size() && n < graph.size(); ++n) {
    const rt::MatchEntry &e = map[n];
    if (!e.matched() || e.anchor >= graph.size() || e.config >= labels.size())
      continue;
    ++matchedNodes;
    matches[{e.anchor, e.config}].push_back(n);
  }
  std::string out;
  for (const auto &m : matches) {
    uint32_t config = m.first.second;
    out += graph.name(m.first.first);
    out += ": ";
    out += labels.pattern(config);
    out += " [";
    for (size_t i = 0; i != m.second.size(); ++i) {
      if (i)
        out += ", ";
      out += graph.name(m.second[i]);
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
  out += std::to_string(matches.size()) +
         (matches.size() == 1 ? " match, " : " matches, ") +
         std::to_string(matchedNodes) + " of " + std::to_string(graph.size()) +
         " nodes matched\n";
  return out;
}

} // namespace graphio
} // namespace bpat
