//===- bench/BenchCommon.h - Shared helpers of the benchmarks ---*- C++ -*-===//
//
// Part of the bpat project: benchmarks (not part of the test suite).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Small helpers shared by the benchmark programs:
///  - loadBackend(): .bpat file -> rt::BackendConfig (analyzeFile,
///    selectSingleBackend, lowerBackend, toRuntimeBackend);
///  - loadModelGraph(): an FX graph JSON file (docs/json-format.md section 2)
///    read with graphio::readGraphFile, as bpat-match reads it;
///  - tileModels(): replicates model graphs into one large rt::Graph by
///    renaming nodes and chaining copies (the value a copy returns feeds the
///    placeholder of the next copy).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_BENCH_BENCHCOMMON_H
#define BPAT_BENCH_BENCHCOMMON_H

#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Driver/Pipeline.h"
#include "bpat/GraphIO/GraphReader.h"
#include "bpat/Lower/Lowering.h"
#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Graph.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bpat::bench {

inline double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// CPU time of the calling thread (robust when other jobs share the cores).
inline double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/// Loads the single backend of \p File (or the one named \p Backend).
inline std::optional<rt::BackendConfig>
loadBackend(const std::string &file, const std::string &backend,
            const std::vector<std::string> &includeDirs,
            const std::string &libraryDir) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  diags.setIgnoreWarnings(true);
  ImportOptions imports;
  imports.includeDirs = includeDirs;
  imports.libraryDir = libraryDir;
  return loadRuntimeBackend(file, backend, imports, diags);
}

/// One model graph as read from JSON; args refer to nodes by local index.
struct ModelGraph {
  std::string name;
  std::vector<rt::GraphNode> nodes; ///< Arg::Node = local index
  std::vector<uint32_t> placeholders;
  /// The node the output node returns (first node nested in its args).
  std::optional<uint32_t> result;
  uint32_t outputNode = ~0u;
};

/// Reads an FX graph JSON file with the project's reader (GraphIO). Returns
/// nothing, after printing the diagnostic, on failure.
inline std::optional<ModelGraph> loadModelGraph(const std::string &path) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  diags.setProgramName("bpat-bench");
  std::optional<rt::Graph> g = graphio::readGraphFile(path, diags);
  if (!g)
    return std::nullopt;
  ModelGraph m;
  m.name = llvm::sys::path::stem(path).str();
  m.nodes.reserve(g->size());
  for (uint32_t id = 0; id != g->size(); ++id)
    m.nodes.push_back(g->node(id).toGraphNode());
  for (uint32_t id = 0; id != m.nodes.size(); ++id) {
    rt::GraphNode &n = m.nodes[id];
    if (n.op == rt::NodeOp::Placeholder)
      m.placeholders.push_back(id);
    if (n.op == rt::NodeOp::Output) {
      m.outputNode = id;
      std::vector<uint32_t> refs;
      for (const rt::Arg &a : n.args)
        rt::forEachNodeRef(a, [&](rt::NodeId r) { refs.push_back(r); });
      if (!refs.empty())
        m.result = refs.front();
    }
  }
  return m;
}

inline rt::Arg remapArg(const rt::Arg &a, const std::vector<rt::NodeId> &map) {
  switch (a.k) {
  case rt::Arg::Kind::Node:
    return rt::Arg::makeNode(map[a.node]);
  case rt::Arg::Kind::List: {
    std::vector<rt::Arg> e;
    e.reserve(a.elements.size());
    for (const rt::Arg &x : a.elements)
      e.push_back(remapArg(x, map));
    return rt::Arg::makeList(std::move(e));
  }
  case rt::Arg::Kind::Literal:
    break;
  }
  return a;
}

/// Which model each copy came from, for the report.
struct TileInfo {
  size_t copies = 0;
  std::vector<size_t> copiesPerModel;
};

/// Builds one graph of at least \p MinNodes nodes from copies of \p Models,
/// taken round-robin. Copy k's nodes are renamed "c<k>_<name>". The first
/// copy keeps its placeholders; in every later copy the placeholders are
/// dropped and their uses refer to the node the previous copy returned; the
/// output nodes are dropped except for one final output node.
inline std::optional<rt::Graph>
tileModels(const std::vector<ModelGraph> &models, size_t minNodes,
           TileInfo &info) {
  rt::Graph g;
  info = TileInfo{};
  info.copiesPerModel.assign(models.size(), 0);
  std::optional<rt::NodeId> prev;
  std::vector<rt::NodeId> map;
  for (size_t k = 0; g.size() < minNodes; ++k) {
    size_t mi = k % models.size();
    const ModelGraph &m = models[mi];
    ++info.copies;
    ++info.copiesPerModel[mi];
    map.assign(m.nodes.size(), ~0u);
    std::string prefix = "c" + std::to_string(k) + "_";
    for (size_t i = 0; i != m.nodes.size(); ++i) {
      const rt::GraphNode &t = m.nodes[i];
      if (t.op == rt::NodeOp::Output)
        continue;
      if (t.op == rt::NodeOp::Placeholder && prev) {
        map[i] = *prev;
        continue;
      }
      rt::GraphNode n;
      n.name = prefix + t.name;
      n.op = t.op;
      n.target = t.target;
      n.args.reserve(t.args.size());
      for (const rt::Arg &a : t.args)
        n.args.push_back(remapArg(a, map));
      for (const auto &kv : t.kwargs)
        n.kwargs.emplace_back(kv.first, remapArg(kv.second, map));
      rt::Expected<rt::NodeId> id = g.addNode(std::move(n));
      if (!id) {
        llvm::errs() << "tileModels: " << id.message() << "\n";
        return std::nullopt;
      }
      map[i] = *id;
    }
    if (m.result)
      prev = map[*m.result];
  }
  rt::GraphNode out;
  out.name = "output";
  out.op = rt::NodeOp::Output;
  out.target = "output";
  if (prev)
    out.args.push_back(rt::Arg::makeNode(*prev));
  if (!g.addNode(std::move(out)))
    return std::nullopt;
  return g;
}

/// A flat, cache-friendly copy of an rt::Graph, as a backend's own graph
/// type might be: per-node arrays, targets as views of one interned string
/// per distinct target, positional args in one array. Both matchers run on
/// it through GraphTraits, exactly as on rt::Graph.
struct CompactGraph {
  std::vector<rt::NodeOp> ops;
  std::vector<std::string_view> targets;
  /// Targets numbered by first appearance (the optional
  /// GraphTraits::targetId), as a backend's own graph would keep them.
  std::vector<uint32_t> targetIds;
  std::unordered_map<std::string_view, uint32_t> targetNumbers;
  std::vector<uint32_t> numUsers;
  std::vector<uint32_t> argBegin; ///< per node + 1
  std::vector<uint32_t> args;     ///< node id or ArgRef::nonNode
  /// For every positional arg: the nodes nested inside a non-node arg.
  std::vector<uint32_t> nestedBegin; ///< per arg + 1
  std::vector<uint32_t> nested;
  std::unordered_map<std::string, std::unique_ptr<std::string>> pool;

  explicit CompactGraph(const rt::Graph &g) {
    size_t n = g.size();
    ops.reserve(n);
    targets.reserve(n);
    numUsers.reserve(n);
    argBegin.reserve(n + 1);
    for (rt::NodeId id = 0; id != n; ++id) {
      rt::NodeView node = g.node(id);
      ops.push_back(node.op());
      auto &slot = pool[std::string(node.target())];
      if (!slot)
        slot = std::make_unique<std::string>(node.target());
      targets.push_back(*slot);
      targetIds.push_back(
          targetNumbers
              .emplace(*slot, static_cast<uint32_t>(targetNumbers.size()))
              .first->second);
      numUsers.push_back(static_cast<uint32_t>(node.users().size()));
      argBegin.push_back(static_cast<uint32_t>(args.size()));
      for (rt::ArgView a : node.args()) {
        nestedBegin.push_back(static_cast<uint32_t>(nested.size()));
        if (a.isNode()) {
          args.push_back(a.node());
        } else {
          args.push_back(rt::ArgRef::nonNode);
          rt::forEachNodeRef(a, [&](rt::NodeId x) { nested.push_back(x); });
        }
      }
    }
    argBegin.push_back(static_cast<uint32_t>(args.size()));
    nestedBegin.push_back(static_cast<uint32_t>(nested.size()));
  }
  size_t size() const { return ops.size(); }
};

} // namespace bpat::bench

template <> struct bpat::rt::GraphTraits<bpat::bench::CompactGraph> {
  using CG = bpat::bench::CompactGraph;
  static size_t numNodes(const CG &g) { return g.ops.size(); }
  static NodeOp op(const CG &g, NodeId n) { return g.ops[n]; }
  static std::string_view target(const CG &g, NodeId n) { return g.targets[n]; }
  static size_t numArgs(const CG &g, NodeId n) {
    return g.argBegin[n + 1] - g.argBegin[n];
  }
  static ArgRef arg(const CG &g, NodeId n, size_t i) {
    uint32_t a = g.args[g.argBegin[n] + i];
    return a == ArgRef::nonNode ? ArgRef::makeNonNode() : ArgRef::makeNode(a);
  }
  static size_t numUsers(const CG &g, NodeId n) { return g.numUsers[n]; }
  static uint32_t targetId(const CG &g, NodeId n) { return g.targetIds[n]; }
  static size_t numTargets(const CG &g) { return g.targetNumbers.size(); }
  // The flat arrays, handed over as they are (no copy).
  static const uint32_t *userCounts(const CG &g) { return g.numUsers.data(); }
  static const uint32_t *argBegin(const CG &g) { return g.argBegin.data(); }
  static const uint32_t *positionalArgs(const CG &g) { return g.args.data(); }
  template <typename Fn>
  static void forEachNodeInArg(const CG &g, NodeId n, size_t i, Fn &&f) {
    size_t a = g.argBegin[n] + i;
    for (uint32_t k = g.nestedBegin[a]; k != g.nestedBegin[a + 1]; ++k)
      f(static_cast<NodeId>(g.nested[k]));
  }
};

#endif // BPAT_BENCH_BENCHCOMMON_H
