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
  timespec TS;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &TS);
  return TS.tv_sec + TS.tv_nsec * 1e-9;
}

/// Loads the single backend of \p File (or the one named \p Backend).
inline std::optional<rt::BackendConfig>
loadBackend(const std::string &File, const std::string &Backend,
            const std::vector<std::string> &IncludeDirs,
            const std::string &LibraryDir) {
  llvm::SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setIgnoreWarnings(true);
  ImportOptions Imports;
  Imports.includeDirs = IncludeDirs;
  Imports.libraryDir = LibraryDir;
  return loadRuntimeBackend(File, Backend, Imports, Diags);
}

/// One model graph as read from JSON; args refer to nodes by local index.
struct ModelGraph {
  std::string Name;
  std::vector<rt::GraphNode> Nodes; ///< Users empty; Arg::Node = local index
  std::vector<uint32_t> Placeholders;
  /// The node the output node returns (first node nested in its args).
  std::optional<uint32_t> Result;
  uint32_t OutputNode = ~0u;
};

/// Reads an FX graph JSON file with the project's reader (GraphIO). Returns
/// nothing, after printing the diagnostic, on failure.
inline std::optional<ModelGraph> loadModelGraph(const std::string &Path) {
  llvm::SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setProgramName("bpat-bench");
  std::optional<rt::Graph> G = graphio::readGraphFile(Path, Diags);
  if (!G)
    return std::nullopt;
  ModelGraph M;
  M.Name = llvm::sys::path::stem(Path).str();
  M.Nodes = G->nodes();
  for (uint32_t Id = 0; Id != M.Nodes.size(); ++Id) {
    rt::GraphNode &N = M.Nodes[Id];
    N.Users.clear();
    if (N.Op == rt::NodeOp::Placeholder)
      M.Placeholders.push_back(Id);
    if (N.Op == rt::NodeOp::Output) {
      M.OutputNode = Id;
      std::vector<uint32_t> Refs;
      for (const rt::Arg &A : N.Args)
        rt::forEachNodeRef(A, [&](rt::NodeId R) { Refs.push_back(R); });
      if (!Refs.empty())
        M.Result = Refs.front();
    }
  }
  return M;
}

inline rt::Arg remapArg(const rt::Arg &A, const std::vector<rt::NodeId> &Map) {
  switch (A.K) {
  case rt::Arg::Kind::Node:
    return rt::Arg::node(Map[A.Node]);
  case rt::Arg::Kind::List: {
    std::vector<rt::Arg> E;
    E.reserve(A.Elements.size());
    for (const rt::Arg &X : A.Elements)
      E.push_back(remapArg(X, Map));
    return rt::Arg::list(std::move(E));
  }
  case rt::Arg::Kind::Literal:
    break;
  }
  return A;
}

/// Which model each copy came from, for the report.
struct TileInfo {
  size_t Copies = 0;
  std::vector<size_t> CopiesPerModel;
};

/// Builds one graph of at least \p MinNodes nodes from copies of \p Models,
/// taken round-robin. Copy k's nodes are renamed "c<k>_<name>". The first
/// copy keeps its placeholders; in every later copy the placeholders are
/// dropped and their uses refer to the node the previous copy returned; the
/// output nodes are dropped except for one final output node.
inline std::optional<rt::Graph>
tileModels(const std::vector<ModelGraph> &Models, size_t MinNodes,
           TileInfo &Info) {
  rt::Graph G;
  Info = TileInfo{};
  Info.CopiesPerModel.assign(Models.size(), 0);
  std::optional<rt::NodeId> Prev;
  std::vector<rt::NodeId> Map;
  for (size_t K = 0; G.size() < MinNodes; ++K) {
    size_t MI = K % Models.size();
    const ModelGraph &M = Models[MI];
    ++Info.Copies;
    ++Info.CopiesPerModel[MI];
    Map.assign(M.Nodes.size(), ~0u);
    std::string Prefix = "c" + std::to_string(K) + "_";
    for (size_t I = 0; I != M.Nodes.size(); ++I) {
      const rt::GraphNode &T = M.Nodes[I];
      if (T.Op == rt::NodeOp::Output)
        continue;
      if (T.Op == rt::NodeOp::Placeholder && Prev) {
        Map[I] = *Prev;
        continue;
      }
      rt::GraphNode N;
      N.Name = Prefix + T.Name;
      N.Op = T.Op;
      N.Target = T.Target;
      N.Args.reserve(T.Args.size());
      for (const rt::Arg &A : T.Args)
        N.Args.push_back(remapArg(A, Map));
      for (const auto &KV : T.Kwargs)
        N.Kwargs.emplace_back(KV.first, remapArg(KV.second, Map));
      rt::Expected<rt::NodeId> Id = G.addNode(std::move(N));
      if (!Id) {
        llvm::errs() << "tileModels: " << Id.message() << "\n";
        return std::nullopt;
      }
      Map[I] = *Id;
    }
    if (M.Result)
      Prev = Map[*M.Result];
  }
  rt::GraphNode Out;
  Out.Name = "output";
  Out.Op = rt::NodeOp::Output;
  Out.Target = "output";
  if (Prev)
    Out.Args.push_back(rt::Arg::node(*Prev));
  if (!G.addNode(std::move(Out)))
    return std::nullopt;
  return G;
}

/// A flat, cache-friendly copy of an rt::Graph, as a backend's own graph
/// type might be: per-node arrays, targets as views of one interned string
/// per distinct target, positional args in one array. Both matchers run on
/// it through GraphTraits, exactly as on rt::Graph.
struct CompactGraph {
  std::vector<rt::NodeOp> Ops;
  std::vector<std::string_view> Targets;
  /// Targets numbered by first appearance (the optional
  /// GraphTraits::targetId), as a backend's own graph would keep them.
  std::vector<uint32_t> TargetIds;
  std::unordered_map<std::string_view, uint32_t> TargetNumbers;
  std::vector<uint32_t> NumUsers;
  std::vector<uint32_t> ArgBegin; ///< per node + 1
  std::vector<uint32_t> Args;     ///< node id or ArgRef::NonNode
  /// For every positional arg: the nodes nested inside a non-node arg.
  std::vector<uint32_t> NestedBegin; ///< per arg + 1
  std::vector<uint32_t> Nested;
  std::unordered_map<std::string, std::unique_ptr<std::string>> Pool;

  explicit CompactGraph(const rt::Graph &G) {
    size_t N = G.size();
    Ops.reserve(N);
    Targets.reserve(N);
    NumUsers.reserve(N);
    ArgBegin.reserve(N + 1);
    for (const rt::GraphNode &Node : G.nodes()) {
      Ops.push_back(Node.Op);
      auto &Slot = Pool[Node.Target];
      if (!Slot)
        Slot = std::make_unique<std::string>(Node.Target);
      Targets.push_back(*Slot);
      TargetIds.push_back(
          TargetNumbers
              .emplace(*Slot, static_cast<uint32_t>(TargetNumbers.size()))
              .first->second);
      NumUsers.push_back(static_cast<uint32_t>(Node.Users.size()));
      ArgBegin.push_back(static_cast<uint32_t>(Args.size()));
      for (const rt::Arg &A : Node.Args) {
        NestedBegin.push_back(static_cast<uint32_t>(Nested.size()));
        if (A.isNode()) {
          Args.push_back(A.Node);
        } else {
          Args.push_back(rt::ArgRef::NonNode);
          rt::forEachNodeRef(A, [&](rt::NodeId X) { Nested.push_back(X); });
        }
      }
    }
    ArgBegin.push_back(static_cast<uint32_t>(Args.size()));
    NestedBegin.push_back(static_cast<uint32_t>(Nested.size()));
  }
  size_t size() const { return Ops.size(); }
};

} // namespace bpat::bench

template <> struct bpat::rt::GraphTraits<bpat::bench::CompactGraph> {
  using CG = bpat::bench::CompactGraph;
  static size_t numNodes(const CG &G) { return G.Ops.size(); }
  static NodeOp op(const CG &G, NodeId N) { return G.Ops[N]; }
  static std::string_view target(const CG &G, NodeId N) { return G.Targets[N]; }
  static size_t numArgs(const CG &G, NodeId N) {
    return G.ArgBegin[N + 1] - G.ArgBegin[N];
  }
  static ArgRef arg(const CG &G, NodeId N, size_t I) {
    uint32_t A = G.Args[G.ArgBegin[N] + I];
    return A == ArgRef::NonNode ? ArgRef::nonNode() : ArgRef::node(A);
  }
  static size_t numUsers(const CG &G, NodeId N) { return G.NumUsers[N]; }
  static uint32_t targetId(const CG &G, NodeId N) { return G.TargetIds[N]; }
  static size_t numTargets(const CG &G) { return G.TargetNumbers.size(); }
  // The flat arrays, handed over as they are (no copy).
  static const uint32_t *userCounts(const CG &G) { return G.NumUsers.data(); }
  static const uint32_t *argBegin(const CG &G) { return G.ArgBegin.data(); }
  static const uint32_t *positionalArgs(const CG &G) { return G.Args.data(); }
  template <typename Fn>
  static void forEachNodeInArg(const CG &G, NodeId N, size_t I, Fn &&F) {
    size_t A = G.ArgBegin[N] + I;
    for (uint32_t K = G.NestedBegin[A]; K != G.NestedBegin[A + 1]; ++K)
      F(static_cast<NodeId>(G.Nested[K]));
  }
};

#endif // BPAT_BENCH_BENCHCOMMON_H
