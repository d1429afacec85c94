//===- bench/fuse_bench.cpp - Reading, matching and fusing one graph ------===//
//
// Part of the bpat project: benchmarks (not part of the test suite).
//
//===----------------------------------------------------------------------===//
//
// What fusing a model's graph costs in C++, step by step, as a backend
// linking bpat::GraphJSON and bpat::Runtime pays it: the graph JSON file read
// into an rt::Graph (graphio::readGraphJSONFile), the fuse-mode matches
// (rt::TableMatcher over the backend's table, built once beforehand as a
// generated header holds it), the fusion (rt::fuseGraph with the stand-in
// fusers of bpat-match --write-fused), and the fused graph written as JSON.
// Each step is timed --reps times with the steady clock (wall time); the
// best and median are printed, then one RESULT line for bench/fuse_vs_torch.py.
//
//   bpat-fuse-bench GRAPH.json --backend-file B.bpat --backend NAME
//                   [--library-dir DIR] [--reps N]
//
//===----------------------------------------------------------------------===//

#include "BenchCommon.h"

#include "bpat/GraphIO/StandInFusion.h"
#include "bpat/GraphJSON/GraphJSON.h"
#include "bpat/GraphJSON/GraphWriter.h"
#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/TableMatcher.h"

#include "llvm/Support/CommandLine.h"

#include <algorithm>
#include <cstdio>

using namespace bpat;
namespace cl = llvm::cl;

static cl::opt<std::string> graphFile(cl::Positional, cl::Required,
                                      cl::desc("<graph.json>"));
static cl::opt<std::string> backendFile("backend-file", cl::Required,
                                        cl::desc(".bpat file of the backend"));
static cl::opt<std::string> backendName("backend", cl::Required,
                                        cl::desc("backend name"));
static cl::opt<std::string> libraryDir("library-dir", cl::init("library"),
                                       cl::desc("the .bpat library"));
static cl::opt<unsigned> reps("reps", cl::init(20), cl::desc("runs"));

namespace {
struct Step {
  const char *name;
  std::vector<double> ms;
  double best() const { return *std::min_element(ms.begin(), ms.end()); }
  double median() const {
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
};
} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "bpat fuse benchmark\n");
  std::optional<rt::BackendConfig> backend =
      bench::loadBackend(backendFile, backendName, {}, libraryDir);
  if (!backend)
    return 1;
  rt::Expected<rt::MatcherTable> table =
      rt::MatcherTableBuilder(*backend).build(rt::MatchMode::Fuse);
  if (!table) {
    std::fprintf(stderr, "%s\n", table.message().c_str());
    return 1;
  }
  rt::Expected<rt::TableMatcher> matcher =
      rt::TableMatcher::create(table->view());
  if (!matcher) {
    std::fprintf(stderr, "%s\n", matcher.message().c_str());
    return 1;
  }

  Step read{"read", {}}, match{"match", {}}, fuse{"fuse", {}},
      write{"write", {}}, total{"total", {}};
  size_t nodesBefore = 0, nodesAfter = 0;
  for (unsigned r = 0; r < std::max(1u, unsigned(reps)); ++r) {
    double t0 = bench::nowSeconds();
    rt::Expected<rt::Graph> g = graphio::readGraphJSONFile(graphFile);
    if (!g) {
      std::fprintf(stderr, "%s", g.message().c_str());
      return 1;
    }
    double t1 = bench::nowSeconds();
    rt::MatchMap m = matcher->match(*g);
    double t2 = bench::nowSeconds();
    nodesBefore = g->size();
    if (rt::Error e = graphio::fuseWithStandIns(*g, *backend, m)) {
      std::fprintf(stderr, "%s\n", e.message().c_str());
      return 1;
    }
    double t3 = bench::nowSeconds();
    std::string text = graphio::writeGraphJSON(*g);
    double t4 = bench::nowSeconds();
    nodesAfter = g->size();
    read.ms.push_back((t1 - t0) * 1e3);
    match.ms.push_back((t2 - t1) * 1e3);
    fuse.ms.push_back((t3 - t2) * 1e3);
    write.ms.push_back((t4 - t3) * 1e3);
    total.ms.push_back((t4 - t0) * 1e3);
  }
  std::printf("%s: %zu nodes -> %zu fused, backend %s, %u runs (wall ms)\n",
              graphFile.c_str(), nodesBefore, nodesAfter, backendName.c_str(),
              unsigned(reps));
  for (const Step *s : {&read, &match, &fuse, &write, &total})
    std::printf("  %-6s best %8.3f  median %8.3f\n", s->name, s->best(),
                s->median());
  std::printf("RESULT nodes=%zu fused_nodes=%zu read_ms=%.3f match_ms=%.3f "
              "fuse_ms=%.3f write_ms=%.3f total_ms=%.3f\n",
              nodesBefore, nodesAfter, read.best(), match.best(), fuse.best(),
              write.best(), total.best());
  return 0;
}
