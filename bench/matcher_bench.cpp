//===- bench/matcher_bench.cpp - Table matcher vs naive matcher -----------===//
//
// Part of the bpat project: benchmarks (not part of the test suite).
//
//===----------------------------------------------------------------------===//
//
// Builds one large rt::Graph (default >= 1,000,000 nodes) by tiling real
// torchvision FX graphs (bench/data/*.json, written by utils/fx_export.py),
// loads a backend from .bpat (default: the native port, 185 configs), and in
// ONE run, for both match modes:
//   1. builds the matcher table and checks that TableMatcher and NaiveMatcher
//      give identical match maps on the graph (the run aborts otherwise);
//   2. times both matchers on the same graph, alternating, --reps times each,
//      and reports the best and median wall time, nodes/s, ns/node and the
//      speedup naive/table. The table matcher's time includes its pre-pass
//      (interning targets), reported separately as well.
//
//===----------------------------------------------------------------------===//

#include "BenchCommon.h"

#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatcherTable.h"
#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/NaiveMatcher.h"
#include "bpat/Runtime/TableMatcher.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdio>

using namespace bpat;
using namespace llvm;

static cl::opt<std::string>
    BackendFile("backend-file", cl::desc("The .bpat backend to load"),
                cl::init("library/torch/backends/native.bpat"));
static cl::opt<std::string>
    BackendName("backend", cl::desc("Backend name (if several)"), cl::init(""));
static cl::list<std::string> IncludeDirs("I", cl::desc("Import directory"),
                                         cl::Prefix);
static cl::opt<std::string>
    LibraryDir("library-dir", cl::desc("Shipped .bpat library directory"),
               cl::init("library"));
static cl::opt<std::string>
    DataDir("data", cl::desc("Directory of FX graph JSON files"),
            cl::init("bench/data"));
static cl::opt<unsigned long>
    MinNodes("nodes", cl::desc("Minimum number of graph nodes"),
             cl::init(1000000));
static cl::opt<unsigned> Reps("reps", cl::desc("Timed runs per matcher"),
                              cl::init(5));

namespace {

struct Timing {
  std::vector<double> Secs;
  void add(double S) { Secs.push_back(S); }
  double best() const { return *std::min_element(Secs.begin(), Secs.end()); }
  double median() const {
    std::vector<double> V = Secs;
    std::sort(V.begin(), V.end());
    size_t N = V.size();
    return N % 2 ? V[N / 2] : (V[N / 2 - 1] + V[N / 2]) / 2;
  }
};

volatile size_t Sink;

size_t countMatched(const rt::MatchMap &M) {
  size_t C = 0;
  for (const rt::MatchEntry &E : M)
    C += E.matched();
  return C;
}

size_t countAnchors(const rt::MatchMap &M) {
  size_t C = 0;
  for (size_t I = 0; I != M.size(); ++I)
    C += M[I].Anchor == I;
  return C;
}

/// Both clocks of one timed section.
struct Sample {
  double Wall, Cpu;
};

template <typename Fn> Sample timeIt(Fn &&F) {
  double W0 = bench::nowSeconds(), C0 = bench::cpuSeconds();
  F();
  double C1 = bench::cpuSeconds(), W1 = bench::nowSeconds();
  return {W1 - W0, C1 - C0};
}

struct Row {
  Timing Wall, Cpu;
  void add(Sample S) {
    Wall.add(S.Wall);
    Cpu.add(S.Cpu);
  }
};

void printRow(const char *What, const Row &R, size_t Nodes) {
  double B = R.Cpu.best();
  outs() << format("  %-22s cpu best %8.2f ms median %8.2f ms | wall best "
                   "%8.2f ms | %7.1f ns/node %7.2f Mnodes/s\n",
                   What, B * 1e3, R.Cpu.median() * 1e3, R.Wall.best() * 1e3,
                   B * 1e9 / Nodes, Nodes / B / 1e6);
}

/// TableMatcher::match without its pre-pass, for a graph interned once.
template <typename G>
rt::MatchMap matchInterned(const rt::TableMatcher &TM,
                           const rt::InternedGraph &IG, const G &Gr) {
  const rt::MatcherTableView &T = TM.table();
  size_t NumNodes = IG.OpKey.size();
  rt::MatchMap Map(NumNodes);
  std::vector<uint32_t> Regs(TM.numRegisters(), rt::table::NonNode);
  const uint32_t *Patterns = T.Words + T.header(rt::table::HPatternsOffset);
  const uint32_t *Trees = T.Words + T.header(rt::table::HTreesOffset);
  for (size_t I = NumNodes; I-- > 0;) {
    rt::NodeId N = static_cast<rt::NodeId>(I);
    if (Map[N].matched())
      continue;
    uint32_t P = TM.run(IG, N, Regs.data());
    if (P == rt::table::NoPattern)
      continue;
    rt::detail::recordMatch(Gr,
                            rt::detail::TreeCursor{Trees + Patterns[2 * P + 1]},
                            N, Patterns[2 * P], TM.mode(), Map);
  }
  return Map;
}

// ---------------------------------------------------------------------------
// Prototype of two runtime changes recommended in docs/performance.md, built
// from the public runtime API only (lib/Runtime is unchanged):
//  (a) targets interned by the graph: each node carries a small target id
//      (what rt::Graph::addNode could compute once, or what a backend's own
//      graph already has), so the pre-pass maps ids to op keys through an
//      array instead of hashing every node's target string;
//  (b) recording reads positional args from the InternedGraph (flat arrays)
//      instead of the original graph; only nodes nested in non-node args
//      (lists under a wildcard) are read from the original graph;
//  (c) (with (a) and (b)) the graph already stores user counts and args in
//      the interpreter's flat layout, so the pre-pass computes op keys only
//      (matchShared; the flat arrays are built outside the timing, as part
//      of the graph).

/// Per-node target ids, computed once with the graph (not timed).
struct TargetIds {
  std::vector<uint32_t> Id;
  std::vector<std::string_view> Names;
};

template <typename G> TargetIds computeTargetIds(const G &Gr) {
  using Traits = rt::GraphTraits<G>;
  TargetIds T;
  std::unordered_map<std::string_view, uint32_t> Map;
  size_t N = Traits::numNodes(Gr);
  T.Id.resize(N);
  for (size_t I = 0; I != N; ++I) {
    std::string_view S = Traits::target(Gr, static_cast<rt::NodeId>(I));
    auto [It, New] = Map.emplace(S, static_cast<uint32_t>(T.Names.size()));
    if (New)
      T.Names.push_back(S);
    T.Id[I] = It->second;
  }
  return T;
}

/// (b): a graph view whose positional args come from the InternedGraph.
template <typename G> struct InternedView {
  const rt::InternedGraph *IG;
  const G *Gr;
};

} // namespace

template <typename G> struct bpat::rt::GraphTraits<InternedView<G>> {
  using V = InternedView<G>;
  static size_t numNodes(const V &X) { return X.IG->OpKey.size(); }
  static size_t numArgs(const V &X, NodeId N) {
    return X.IG->ArgBegin[N + 1] - X.IG->ArgBegin[N];
  }
  static ArgRef arg(const V &X, NodeId N, size_t I) {
    uint32_t A = X.IG->Args[X.IG->ArgBegin[N] + I];
    return A == ArgRef::NonNode ? ArgRef::nonNode() : ArgRef::node(A);
  }
  template <typename Fn>
  static void forEachNodeInArg(const V &X, NodeId N, size_t I, Fn &&F) {
    GraphTraits<G>::forEachNodeInArg(*X.Gr, N, I, std::forward<Fn>(F));
  }
};

namespace {

class ProtoMatcher {
public:
  explicit ProtoMatcher(const rt::TableMatcher &TM) : TM(TM) {
    const rt::MatcherTableView &T = TM.table();
    for (uint32_t I = 0, E = T.header(rt::table::HNumStrings); I != E; ++I)
      StringIds.emplace(T.string(I), I);
  }

  template <typename G>
  rt::MatchMap match(const G &Gr, const TargetIds &Ids) const {
    using Traits = rt::GraphTraits<G>;
    // (a) one hash lookup per distinct target, then an array per node.
    std::vector<uint32_t> SidOf(Ids.Names.size(), rt::table::NoOpKey);
    for (size_t I = 0; I != Ids.Names.size(); ++I) {
      auto It = StringIds.find(Ids.Names[I]);
      if (It != StringIds.end())
        SidOf[I] = It->second;
    }
    rt::InternedGraph IG;
    size_t NumNodes = Traits::numNodes(Gr);
    IG.OpKey.resize(NumNodes);
    IG.Users.resize(NumNodes);
    IG.ArgBegin.resize(NumNodes + 1);
    IG.Args.reserve(NumNodes * 2);
    for (size_t I = 0; I != NumNodes; ++I) {
      rt::NodeId N = static_cast<rt::NodeId>(I);
      uint32_t Sid = SidOf[Ids.Id[I]];
      std::optional<rt::OpKind> Kind = rt::opKindForNodeOp(Traits::op(Gr, N));
      IG.OpKey[I] = Sid == rt::table::NoOpKey || !Kind
                        ? rt::table::NoOpKey
                        : rt::table::opKey(Sid, static_cast<uint32_t>(*Kind));
      IG.Users[I] = static_cast<uint32_t>(Traits::numUsers(Gr, N));
      IG.ArgBegin[I] = static_cast<uint32_t>(IG.Args.size());
      for (size_t A = 0, E = Traits::numArgs(Gr, N); A != E; ++A)
        IG.Args.push_back(Traits::arg(Gr, N, A).Node);
    }
    IG.ArgBegin[NumNodes] = static_cast<uint32_t>(IG.Args.size());
    // (b) record through the interned args.
    return matchInterned(TM, IG, InternedView<G>{&IG, &Gr});
  }

  /// (c): \p IG holds the graph's own users and args; only op keys are
  /// computed here.
  template <typename G>
  rt::MatchMap matchShared(const G &Gr, const TargetIds &Ids,
                           rt::InternedGraph &IG) const {
    using Traits = rt::GraphTraits<G>;
    std::vector<uint32_t> SidOf(Ids.Names.size(), rt::table::NoOpKey);
    for (size_t I = 0; I != Ids.Names.size(); ++I) {
      auto It = StringIds.find(Ids.Names[I]);
      if (It != StringIds.end())
        SidOf[I] = It->second;
    }
    size_t NumNodes = Traits::numNodes(Gr);
    for (size_t I = 0; I != NumNodes; ++I) {
      uint32_t Sid = SidOf[Ids.Id[I]];
      std::optional<rt::OpKind> Kind =
          rt::opKindForNodeOp(Traits::op(Gr, static_cast<rt::NodeId>(I)));
      IG.OpKey[I] = Sid == rt::table::NoOpKey || !Kind
                        ? rt::table::NoOpKey
                        : rt::table::opKey(Sid, static_cast<uint32_t>(*Kind));
    }
    return matchInterned(TM, IG, InternedView<G>{&IG, &Gr});
  }

private:
  const rt::TableMatcher &TM;
  std::unordered_map<std::string_view, uint32_t> StringIds;
};

/// The (anchor, pattern) pairs matchInterned accepts, in visit order.
template <typename G>
std::vector<std::pair<rt::NodeId, uint32_t>>
acceptedPatterns(const rt::TableMatcher &TM, const rt::InternedGraph &IG,
                 const G &Gr) {
  rt::MatchMap Map = matchInterned(TM, IG, Gr);
  std::vector<std::pair<rt::NodeId, uint32_t>> Out;
  std::vector<uint32_t> Regs(TM.numRegisters(), rt::table::NonNode);
  rt::MatchMap Seen(IG.OpKey.size());
  const rt::MatcherTableView &T = TM.table();
  const uint32_t *Patterns = T.Words + T.header(rt::table::HPatternsOffset);
  const uint32_t *Trees = T.Words + T.header(rt::table::HTreesOffset);
  for (size_t I = IG.OpKey.size(); I-- > 0;) {
    rt::NodeId N = static_cast<rt::NodeId>(I);
    if (Seen[N].matched())
      continue;
    uint32_t P = TM.run(IG, N, Regs.data());
    if (P == rt::table::NoPattern)
      continue;
    Out.emplace_back(N, P);
    rt::detail::recordMatch(Gr,
                            rt::detail::TreeCursor{Trees + Patterns[2 * P + 1]},
                            N, Patterns[2 * P], TM.mode(), Seen);
  }
  return Out;
}

/// Only the recording of the given matches (shared by both matchers): the
/// part of the work that does not depend on how the pattern was chosen.
template <typename G>
rt::MatchMap
replayRecords(const rt::TableMatcher &TM, const G &Gr, size_t NumNodes,
              const std::vector<std::pair<rt::NodeId, uint32_t>> &A) {
  const rt::MatcherTableView &T = TM.table();
  const uint32_t *Patterns = T.Words + T.header(rt::table::HPatternsOffset);
  const uint32_t *Trees = T.Words + T.header(rt::table::HTreesOffset);
  rt::MatchMap Map(NumNodes);
  for (const auto &[N, P] : A)
    rt::detail::recordMatch(Gr,
                            rt::detail::TreeCursor{Trees + Patterns[2 * P + 1]},
                            N, Patterns[2 * P], TM.mode(), Map);
  return Map;
}

struct ModeSetup {
  rt::MatchMode Mode;
  const char *Name;
  rt::MatcherTable Table;
  std::optional<rt::TableMatcher> TM;
  std::optional<rt::NaiveMatcher> NM;
};

template <typename G>
bool benchGraph(const char *GraphName, const G &Gr, ModeSetup &M) {
  size_t Nodes = rt::GraphTraits<G>::numNodes(Gr);
  outs() << "[" << GraphName << ", " << M.Name << "]\n";
  // Sanity check: identical match maps before any timing.
  rt::MatchMap MT = M.TM->match(Gr);
  rt::MatchMap MN = M.NM->match(Gr);
  rt::MatchMap MI = matchInterned(*M.TM, M.TM->intern(Gr), Gr);
  ProtoMatcher PM(*M.TM);
  TargetIds Ids = computeTargetIds(Gr);
  rt::MatchMap MP = PM.match(Gr, Ids);
  rt::InternedGraph Shared = M.TM->intern(Gr); // stands for the graph's storage
  std::fill(Shared.OpKey.begin(), Shared.OpKey.end(), 0u);
  rt::MatchMap MS = PM.matchShared(Gr, Ids, Shared);
  std::vector<std::pair<rt::NodeId, uint32_t>> Accepts =
      acceptedPatterns(*M.TM, M.TM->intern(Gr), Gr);
  rt::MatchMap MR = replayRecords(*M.TM, Gr, Nodes, Accepts);
  if (MT != MN || MI != MT || MP != MT || MS != MT || MR != MT) {
    size_t First = 0;
    while (First < MT.size() && MT[First] == MN[First])
      ++First;
    errs() << "MISMATCH (" << GraphName << ", " << M.Name << ") at node "
           << First << "\n";
    return false;
  }
  outs() << "  check: table == naive on all " << Nodes << " nodes ("
         << countMatched(MT) << " nodes matched, " << countAnchors(MT)
         << " matches)\n";

  Row Tab, Naive, Intern, Run, Proto, ProtoC, Rec;
  rt::InternedGraph IG = M.TM->intern(Gr);
  for (unsigned R = 0; R != Reps; ++R) {
    Tab.add(timeIt([&] { Sink = M.TM->match(Gr).size(); }));
    Naive.add(timeIt([&] { Sink = M.NM->match(Gr).size(); }));
    Intern.add(timeIt([&] { Sink = M.TM->intern(Gr).Args.size(); }));
    Run.add(timeIt([&] { Sink = matchInterned(*M.TM, IG, Gr).size(); }));
    Proto.add(timeIt([&] { Sink = PM.match(Gr, Ids).size(); }));
    ProtoC.add(timeIt([&] { Sink = PM.matchShared(Gr, Ids, Shared).size(); }));
    Rec.add(timeIt(
        [&] { Sink = replayRecords(*M.TM, Gr, Nodes, Accepts).size(); }));
  }
  printRow("table match()", Tab, Nodes);
  printRow("  pre-pass (intern)", Intern, Nodes);
  printRow("  tree+record only", Run, Nodes);
  printRow("    record only", Rec, Nodes);
  printRow("naive match()", Naive, Nodes);
  printRow("prototype (a)+(b)", Proto, Nodes);
  printRow("prototype (a)+(b)+(c)", ProtoC, Nodes);
  double S = Naive.Cpu.best() / Tab.Cpu.best();
  double SRun = Naive.Cpu.best() / Run.Cpu.best();
  // Speedups are medians of per-run ratios: each run times all variants back
  // to back, so a ratio compares runs under the same machine load.
  auto ratio = [&](const Row &Fast) {
    std::vector<double> V;
    for (size_t I = 0; I != Fast.Cpu.Secs.size(); ++I)
      V.push_back(Naive.Cpu.Secs[I] / Fast.Cpu.Secs[I]);
    Timing T;
    T.Secs = V;
    return T.median();
  };
  S = ratio(Tab);
  SRun = ratio(Run);
  double SProto = ratio(Proto);
  double SProtoC = ratio(ProtoC);
  // Choosing the pattern, without the recording both matchers share.
  double SelTable = Run.Cpu.median() - Rec.Cpu.median();
  double SelNaive = Naive.Cpu.median() - Rec.Cpu.median();
  outs() << format("  pattern selection only (medians minus record): table "
                   "%.1f ns/node, naive %.1f ns/node, ratio %.1fx\n",
                   SelTable * 1e9 / Nodes, SelNaive * 1e9 / Nodes,
                   SelNaive / SelTable);
  outs() << format("  speedup naive/table (cpu, median of per-run ratios): "
                   "%.2fx; pre-pass excluded: %.2fx; wall best/best: %.2fx\n"
                   "  prototypes: (a)+(b) %.2fx, (a)+(b)+(c) %.2fx\n",
                   S, SRun, Naive.Wall.best() / Tab.Wall.best(), SProto,
                   SProtoC);
  outs() << format("RESULT graph=%s mode=%s nodes=%zu table_ms=%.3f "
                   "prepass_ms=%.3f tree_record_ms=%.3f naive_ms=%.3f "
                   "speedup=%.2f speedup_no_prepass=%.2f speedup_proto=%.2f "
                   "speedup_proto_c=%.2f record_ms=%.3f selection_ratio=%.2f "
                   "table_ns_per_node=%.2f table_nodes_per_s=%.0f\n",
                   GraphName, M.Name, Nodes, Tab.Cpu.best() * 1e3,
                   Intern.Cpu.best() * 1e3, Run.Cpu.best() * 1e3,
                   Naive.Cpu.best() * 1e3, S, SRun, SProto, SProtoC,
                   Rec.Cpu.best() * 1e3, SelNaive / SelTable,
                   Tab.Cpu.best() * 1e9 / Nodes, Nodes / Tab.Cpu.best());
  return true;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "bpat matcher benchmark\n");
  if (Reps == 0)
    Reps = 1;

  double T0 = bench::nowSeconds();
  std::optional<rt::BackendConfig> BC =
      bench::loadBackend(BackendFile, BackendName, IncludeDirs, LibraryDir);
  if (!BC) {
    errs() << "cannot load backend " << BackendFile << "\n";
    return 1;
  }
  double T1 = bench::nowSeconds();
  outs() << "backend: " << BackendFile << " (" << BC->Configs.size()
         << " configs, loaded in " << format("%.1f", (T1 - T0) * 1e3)
         << " ms)\n";

  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(DataDir, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".json")
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  if (Files.empty()) {
    errs() << "no .json graphs in " << DataDir << "\n";
    return 1;
  }
  std::vector<bench::ModelGraph> Models;
  for (const std::string &F : Files) {
    std::optional<bench::ModelGraph> M = bench::loadModelGraph(F);
    if (!M)
      return 1;
    Models.push_back(std::move(*M));
  }

  bench::TileInfo Info;
  double T2 = bench::nowSeconds();
  std::optional<rt::Graph> G = bench::tileModels(Models, MinNodes, Info);
  double T3 = bench::nowSeconds();
  if (!G)
    return 1;
  outs() << "graph: " << G->size() << " nodes, " << Info.Copies
         << " chained copies of";
  for (size_t I = 0; I != Models.size(); ++I)
    outs() << " " << Models[I].Name << " (" << Models[I].Nodes.size()
           << " nodes) x" << Info.CopiesPerModel[I]
           << (I + 1 == Models.size() ? "" : ",");
  outs() << "; built in " << format("%.0f", (T3 - T2) * 1e3) << " ms\n";
  outs() << "timed runs per matcher: " << Reps
         << " (alternating); times are thread CPU time unless marked wall\n";

  std::vector<ModeSetup> Modes;
  for (rt::MatchMode Mode : {rt::MatchMode::Quantize, rt::MatchMode::Fuse}) {
    ModeSetup M{Mode,
                Mode == rt::MatchMode::Quantize ? "quantize" : "fuse",
                {},
                std::nullopt,
                std::nullopt};
    double B0 = bench::nowSeconds();
    rt::Expected<rt::MatcherTable> Table =
        rt::MatcherTableBuilder(*BC).build(Mode);
    double B1 = bench::nowSeconds();
    if (!Table) {
      errs() << "table build failed: " << Table.message() << "\n";
      return 1;
    }
    M.Table = Table.take();
    Modes.push_back(std::move(M));
    ModeSetup &R = Modes.back();
    rt::Expected<rt::TableMatcher> TM =
        rt::TableMatcher::create(R.Table.view());
    if (!TM) {
      errs() << "TableMatcher::create failed: " << TM.message() << "\n";
      return 1;
    }
    R.TM.emplace(TM.take());
    R.NM.emplace(*BC, Mode);
    rt::TableStats S = rt::tableStats(R.Table.view());
    outs() << "table " << R.Name << ": " << S.NumPatterns << " patterns, "
           << S.Bytes << " bytes (" << format("%.1f", S.BytesPerPattern)
           << " B/pattern), " << S.NumBuckets << " buckets, built in "
           << format("%.2f", (B1 - B0) * 1e3) << " ms\n";
  }

  for (ModeSetup &M : Modes)
    if (!benchGraph("rt::Graph", *G, M))
      return 1;
  bench::CompactGraph CG(*G);
  for (ModeSetup &M : Modes)
    if (!benchGraph("CompactGraph", CG, M))
      return 1;
  return 0;
}
