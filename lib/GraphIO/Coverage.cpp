//===- Coverage.cpp - What a backend covers over a corpus of models -------===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/Coverage.h"

#include "bpat/GraphIO/ExplainReport.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/Priority.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace bpat;
using namespace bpat::graphio;

CoverageReport::CoverageReport(const rt::BackendConfig &backend,
                               rt::MatchMode mode)
    : backend(&backend), mode(mode),
      order(rt::patternPriorityOrder(backend, mode)),
      configMatches(backend.configs.size()) {}

static bool isCall(rt::NodeOp op) {
  return op == rt::NodeOp::CallModule || op == rt::NodeOp::CallFunction ||
         op == rt::NodeOp::CallMethod;
}

void CoverageReport::addModel(const std::string &model, const rt::Graph &graph,
                              const rt::MatchMap &map) {
  size_t index = models.size();
  ModelTotals totals;
  totals.name = model;
  totals.nodes = graph.size();
  std::set<std::pair<rt::NodeId, uint32_t>> matches;
  for (rt::NodeId n = 0; n < graph.size() && n < map.size(); ++n) {
    rt::NodeView node = graph.node(n);
    bool call = isCall(node.op());
    totals.callNodes += call;
    const rt::MatchEntry &e = map[n];
    if (e.matched() && e.config < backend->configs.size()) {
      ++totals.matchedNodes;
      totals.matchedCallNodes += call;
      matches.insert({e.anchor, e.config});
      continue;
    }
    if (!call)
      continue;
    OpTotals &op = uncovered[std::string(rt::nodeOpName(node.op())) + " " +
                             std::string(node.target())];
    ++op.nodes;
    ++op.perModel[index];
  }
  totals.matches = matches.size();
  for (const auto &m : matches)
    ++configMatches[m.second][index];
  models.push_back(std::move(totals));
}

size_t CoverageReport::totalMatches(uint32_t config) const {
  size_t total = 0;
  for (const auto &m : configMatches[config])
    total += m.second;
  return total;
}

std::vector<std::pair<std::string, const CoverageReport::OpTotals *>>
CoverageReport::uncoveredByCount() const {
  std::vector<std::pair<std::string, const OpTotals *>> ops;
  for (const auto &op : uncovered)
    ops.push_back({op.first, &op.second});
  std::stable_sort(ops.begin(), ops.end(), [](const auto &a, const auto &b) {
    return a.second->nodes > b.second->nodes;
  });
  return ops;
}

static const char *modeName(rt::MatchMode mode) {
  return mode == rt::MatchMode::Fuse ? "fuse" : "quantize";
}

static std::string percent(size_t part, size_t whole) {
  if (!whole)
    return "-";
  std::string s;
  llvm::raw_string_ostream(s)
      << llvm::format("%.1f%%", 100.0 * double(part) / double(whole));
  return s;
}

std::string CoverageReport::text() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "coverage of backend '" << backend->name << "' in " << modeName(mode)
     << " mode over " << models.size()
     << (models.size() == 1 ? " model" : " models") << "\n";

  os << "\nmodels:\n";
  auto row = [&](const std::string &name, const std::string &nodes,
                 const std::string &calls, const std::string &matched,
                 const std::string &matches) {
    os << "  " << llvm::left_justify(name, 24) << " "
       << llvm::right_justify(nodes, 7) << " " << llvm::right_justify(calls, 7)
       << " " << llvm::right_justify(matched, 9) << " "
       << llvm::right_justify(matches, 8) << "\n";
  };
  row("model", "nodes", "calls", "matched", "matches");
  ModelTotals sum;
  for (const ModelTotals &m : models) {
    row(m.name, std::to_string(m.nodes), std::to_string(m.callNodes),
        percent(m.matchedCallNodes, m.callNodes), std::to_string(m.matches));
    sum.nodes += m.nodes;
    sum.callNodes += m.callNodes;
    sum.matchedCallNodes += m.matchedCallNodes;
    sum.matches += m.matches;
  }
  row("total", std::to_string(sum.nodes), std::to_string(sum.callNodes),
      percent(sum.matchedCallNodes, sum.callNodes),
      std::to_string(sum.matches));
  os << "  (calls: call_module, call_function and call_method nodes; "
        "matched: the share of them in a match)\n";

  size_t matchedConfigs = 0;
  for (uint32_t c : order)
    matchedConfigs += !configMatches[c].empty();
  os << "\npattern configs that matched (" << matchedConfigs << " of "
     << order.size() << " in " << modeName(mode) << " mode), by matches:\n";
  std::vector<uint32_t> byCount;
  for (uint32_t c : order)
    if (!configMatches[c].empty())
      byCount.push_back(c);
  std::stable_sort(byCount.begin(), byCount.end(), [&](uint32_t a, uint32_t b) {
    return totalMatches(a) > totalMatches(b);
  });
  for (uint32_t c : byCount) {
    os << llvm::format("  %6zu  ", totalMatches(c))
       << rt::renderPattern(backend->configs[c].pattern) << "  ("
       << configLocation(*backend, c) << ")\n          in ";
    bool first = true;
    for (const auto &m : configMatches[c]) {
      os << (first ? "" : ", ") << models[m.first].name << " " << m.second;
      first = false;
    }
    os << "\n";
  }

  os << "\nnever matched (" << order.size() - matchedConfigs << "):\n";
  for (uint32_t c : order)
    if (configMatches[c].empty())
      os << "  " << rt::renderPattern(backend->configs[c].pattern) << "  ("
         << configLocation(*backend, c) << ")\n";
  if (mode == rt::MatchMode::Fuse && order.size() != backend->configs.size())
    os << "  (" << backend->configs.size() - order.size()
       << " configs without a fuser take no part in fuse mode)\n";

  os << "\nops no pattern covers (call nodes outside every match), by "
        "count:\n";
  if (uncovered.empty())
    os << "  (none)\n";
  for (const auto &[op, totals] : uncoveredByCount()) {
    os << llvm::format("  %6zu  ", totals->nodes) << op << "\n          in ";
    bool first = true;
    for (const auto &m : totals->perModel) {
      os << (first ? "" : ", ") << models[m.first].name << " " << m.second;
      first = false;
    }
    os << "\n";
  }
  return os.str();
}

std::string CoverageReport::json() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream j(os, 1);
  auto perModel = [&](const std::map<size_t, size_t> &counts) {
    j.attributeObject("models", [&] {
      for (const auto &m : counts)
        j.attribute(models[m.first].name, static_cast<int64_t>(m.second));
    });
  };
  j.object([&] {
    j.attribute("backend", backend->name);
    j.attribute("mode", modeName(mode));
    j.attributeArray("models", [&] {
      for (const ModelTotals &m : models)
        j.object([&] {
          j.attribute("name", m.name);
          j.attribute("nodes", static_cast<int64_t>(m.nodes));
          j.attribute("call_nodes", static_cast<int64_t>(m.callNodes));
          j.attribute("matched_nodes", static_cast<int64_t>(m.matchedNodes));
          j.attribute("matched_call_nodes",
                      static_cast<int64_t>(m.matchedCallNodes));
          j.attribute("matches", static_cast<int64_t>(m.matches));
        });
    });
    j.attributeArray("configs", [&] {
      for (uint32_t c : order)
        j.object([&] {
          j.attribute("pattern",
                      rt::renderPattern(backend->configs[c].pattern));
          j.attribute("source", configLocation(*backend, c));
          j.attribute("matches", static_cast<int64_t>(totalMatches(c)));
          perModel(configMatches[c]);
        });
    });
    j.attributeArray("never_matched", [&] {
      for (uint32_t c : order)
        if (configMatches[c].empty())
          j.value(rt::renderPattern(backend->configs[c].pattern));
    });
    j.attributeArray("uncovered_ops", [&] {
      for (const auto &entry : uncoveredByCount())
        j.object([&] {
          const std::string &op = entry.first;
          size_t space = op.find(' ');
          j.attribute("op", op.substr(0, space));
          j.attribute("target", op.substr(space + 1));
          j.attribute("nodes", static_cast<int64_t>(entry.second->nodes));
          perModel(entry.second->perModel);
        });
    });
  });
  os << "\n";
  return os.str();
}
