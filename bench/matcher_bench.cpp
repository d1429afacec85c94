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
static cl::opt<std::string> BackendName("backend",
                                        cl::desc("Backend name (if several)"),
                                        cl::init(""));
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
    rt::detail::recordMatch(
        Gr, rt::detail::TreeCursor{Trees + Patterns[2 * P + 1]}, N,
        Patterns[2 * P], TM.mode(), Map);
  }
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
  if (MT != MN || MI != MT) {
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

  Row Tab, Naive, Intern, Run;
  rt::InternedGraph IG = M.TM->intern(Gr);
  for (unsigned R = 0; R != Reps; ++R) {
    Tab.add(timeIt([&] { Sink = M.TM->match(Gr).size(); }));
    Naive.add(timeIt([&] { Sink = M.NM->match(Gr).size(); }));
    Intern.add(timeIt([&] { Sink = M.TM->intern(Gr).Args.size(); }));
    Run.add(timeIt([&] { Sink = matchInterned(*M.TM, IG, Gr).size(); }));
  }
  printRow("table match()", Tab, Nodes);
  printRow("  pre-pass (intern)", Intern, Nodes);
  printRow("  tree+record only", Run, Nodes);
  printRow("naive match()", Naive, Nodes);
  double S = Naive.Cpu.best() / Tab.Cpu.best();
  double SRun = Naive.Cpu.best() / Run.Cpu.best();
  outs() << format("  speedup naive/table (cpu best): %.2fx; pre-pass "
                   "excluded: %.2fx; wall best: %.2fx\n",
                   S, SRun, Naive.Wall.best() / Tab.Wall.best());
  outs() << format("RESULT graph=%s mode=%s nodes=%zu table_ms=%.3f "
                   "prepass_ms=%.3f tree_record_ms=%.3f naive_ms=%.3f "
                   "speedup=%.2f speedup_no_prepass=%.2f "
                   "table_ns_per_node=%.2f table_nodes_per_s=%.0f\n",
                   GraphName, M.Name, Nodes, Tab.Cpu.best() * 1e3,
                   Intern.Cpu.best() * 1e3, Run.Cpu.best() * 1e3,
                   Naive.Cpu.best() * 1e3, S, SRun,
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
    ModeSetup M{Mode, Mode == rt::MatchMode::Quantize ? "quantize" : "fuse",
                {}, std::nullopt, std::nullopt};
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
    rt::Expected<rt::TableMatcher> TM = rt::TableMatcher::create(R.Table.view());
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
