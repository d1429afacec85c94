//===- bench/graph_read_bench.cpp - Reading graph JSON --------------------===//
//
// Part of the bpat project: benchmarks (not part of the test suite).
//
//===----------------------------------------------------------------------===//
//
// Reads one large graph JSON file (bench/gen_graph.py writes one, 200,000
// nodes by default) from memory, in ONE run, four ways:
//   reader-skip   bpat::JSONReader::finish() over the whole text: every byte
//                 checked, nothing kept (the reader's own speed);
//   reader-walk   JSONReader visiting every value: strings unescaped,
//                 numbers converted, keys read (what any client pays);
//   graphio       graphio::readGraph: the text into rt::Graph, every check
//                 of bpat-match (end to end);
//   llvm-json     llvm::json::parse of the same bytes into its DOM (what the
//                 graph reader was built on before), the peer.
// Each is run --reps times, alternating, timed with thread CPU time and wall
// time (what a way builds is freed after its timing); MB/s are of the input
// size. Peak memory is measured once per way in a forked child: the rise of
// VmHWM over VmRSS after /proc/self/clear_refs reset it, i.e. what the way
// allocates on top of the input, which is already in memory.
//
// Then rt::Graph itself, apart from the reader:
//   graph-size    the heap bytes a read graph holds (mallinfo2: bytes in use,
//                 arena plus mmapped, after the read minus before), per node;
//   build         rt::Graph::addNode of the same nodes, prebuilt as
//                 rt::GraphNode values (moved in; copying them is not
//                 timed), best and median of --reps, per node.
//
//===----------------------------------------------------------------------===//

#include "BenchCommon.h"

#include "bpat/GraphIO/GraphReader.h"
#include "bpat/Support/JSONReader.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace bpat;
using namespace llvm;

static cl::opt<std::string> graphFile(cl::Positional, cl::Required,
                                      cl::desc("<graph.json>"));
static cl::opt<unsigned> reps("reps", cl::desc("Timed runs per way"),
                              cl::init(5));

namespace {

volatile size_t sink;

/// Every value of the document, read as a client would.
size_t walk(JSONReader &r) {
  size_t values = 0, bytes = 0;
  std::vector<bool> inObject;
  bool due = true;
  for (;;) {
    if (due) {
      std::optional<JSONReader::Kind> k = r.peek();
      if (!k)
        return 0;
      ++values;
      due = false;
      StringRef s;
      JSONReader::Number n;
      bool b;
      switch (*k) {
      case JSONReader::Kind::Null:
        r.readNull();
        break;
      case JSONReader::Kind::Bool:
        r.readBool(b);
        break;
      case JSONReader::Kind::Number:
        r.readNumber(n);
        bytes += n.intValue ? 8 : 4;
        break;
      case JSONReader::Kind::String:
        r.readString(s);
        bytes += s.size();
        break;
      case JSONReader::Kind::Array:
        r.enterArray();
        inObject.push_back(false);
        break;
      case JSONReader::Kind::Object:
        r.enterObject();
        inObject.push_back(true);
        break;
      }
      continue;
    }
    if (inObject.empty())
      break;
    StringRef key;
    if (inObject.back() ? r.nextMember(key) : r.nextElement()) {
      bytes += key.size();
      due = true;
    } else {
      if (r.failed())
        return 0;
      inObject.pop_back();
    }
  }
  return r.finish() ? values + bytes : 0;
}

struct Way {
  Way(const char *name, std::function<size_t()> run)
      : name(name), run(std::move(run)) {}
  const char *name;
  /// Runs once; returns a checksum (0 = failed).
  std::function<size_t()> run;
  std::vector<double> cpu, wall;
  long peakKb = -1;
};

long statusKB(const char *field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  size_t len = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, len, field) == 0)
      return std::atol(line.c_str() + len + 1);
  return -1;
}

/// Peak memory of one run above the memory in use before it, in a child.
long peakKB(Way &w) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    malloc_trim(0);
    long result = -1;
    std::ofstream("/proc/self/clear_refs") << "5";
    long base = statusKB("VmRSS:");
    if (statusKB("VmHWM:") <= base + 1024) { // the reset worked
      sink = w.run();
      result = statusKB("VmHWM:") - base;
    }
    (void)!write(fds[1], &result, sizeof result);
    _exit(0);
  }
  long result = -1;
  close(fds[1]);
  if (read(fds[0], &result, sizeof result) != sizeof result)
    result = -1;
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return result;
}

/// Heap bytes in use (malloc's arena plus its mmapped chunks).
size_t heapInUse() {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

/// Owned copies of every node of \p g: addNode's input.
std::vector<rt::GraphNode> prebuiltNodes(const rt::Graph &g) {
  std::vector<rt::GraphNode> nodes;
  nodes.reserve(g.size());
  for (rt::NodeId id = 0; id != g.size(); ++id)
    nodes.push_back(g.node(id).toGraphNode());
  return nodes;
}

double best(std::vector<double> v) {
  return *std::min_element(v.begin(), v.end());
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "graph JSON reading benchmark\n");
  SourceMgr sm;
  DiagnosticEngine diags(sm);
  diags.setProgramName("bpat-graph-read-bench");
  // Read into memory, not mapped: the input is resident before any run.
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(graphFile, /*IsText=*/false,
                            /*RequiresNullTerminator=*/true,
                            /*IsVolatile=*/true);
  if (!file) {
    errs() << graphFile << ": " << file.getError().message() << "\n";
    return 1;
  }
  StringRef text = (*file)->getBuffer();
  unsigned bufferId = sm.AddNewSourceBuffer(std::move(*file), SMLoc());
  double mb = text.size() / 1e6;

  // Check first: every way reads the file, and agrees on the node count.
  std::optional<rt::Graph> g = graphio::readGraph(bufferId, diags);
  if (!g)
    return 1;
  Expected<json::Value> dom = json::parse(text);
  const json::Object *top = dom ? dom->getAsObject() : nullptr;
  const json::Array *domNodes = top ? top->getArray("nodes") : nullptr;
  if (!domNodes || domNodes->size() != g->size()) {
    errs() << "llvm::json disagrees on the graph\n";
    return 1;
  }
  size_t numNodes = g->size();
  g.reset();
  dom = json::Value(nullptr);

  std::vector<Way> ways;
  // What a way builds is kept until after its timing: freeing it is not
  // reading.
  std::optional<rt::Graph> keptGraph;
  std::optional<json::Value> keptDom;
  auto release = [&] {
    keptGraph.reset();
    keptDom.reset();
  };
  ways.emplace_back("reader-skip", [&] {
    JSONReader r(diags, bufferId);
    return r.finish() ? size_t(1) : size_t(0);
  });
  ways.emplace_back("reader-walk", [&] {
    JSONReader r(diags, bufferId);
    return walk(r);
  });
  ways.emplace_back("graphio", [&] {
    keptGraph = graphio::readGraph(bufferId, diags);
    return keptGraph ? keptGraph->size() : 0;
  });
  ways.emplace_back("llvm-json", [&] {
    Expected<json::Value> v = json::parse(text);
    if (!v) {
      consumeError(v.takeError());
      return size_t(0);
    }
    keptDom.emplace(std::move(*v));
    return size_t(keptDom->kind() + 1);
  });

  outs() << "input: " << graphFile << ", " << format("%.1f", mb) << " MB, "
         << numNodes << " nodes; " << reps
         << " runs per way (alternating), thread CPU time unless marked wall\n";
  for (unsigned rep = 0; rep != reps; ++rep)
    for (Way &w : ways) {
      double c0 = bench::cpuSeconds(), w0 = bench::nowSeconds();
      size_t check = w.run();
      double c1 = bench::cpuSeconds(), w1 = bench::nowSeconds();
      if (!check) {
        errs() << w.name << " failed\n";
        return 1;
      }
      sink = check;
      w.cpu.push_back(c1 - c0);
      w.wall.push_back(w1 - w0);
      release();
    }
  for (Way &w : ways)
    w.peakKb = peakKB(w);

  // rt::Graph apart from the reader: its size, and addNode's time.
  malloc_trim(0);
  size_t heapBefore = heapInUse();
  keptGraph = graphio::readGraph(bufferId, diags);
  size_t graphBytes = heapInUse() - heapBefore;
  std::vector<rt::GraphNode> prebuilt = prebuiltNodes(*keptGraph);
  release();
  std::vector<double> buildCpu;
  for (unsigned rep = 0; rep != reps; ++rep) {
    std::vector<rt::GraphNode> input = prebuilt; // not timed
    std::optional<rt::Graph> built(std::in_place);
    double c0 = bench::cpuSeconds();
    for (rt::GraphNode &n : input)
      if (!built->addNode(std::move(n))) {
        errs() << "build failed\n";
        return 1;
      }
    buildCpu.push_back(bench::cpuSeconds() - c0);
    sink = built->size();
  }

  double peer = best(ways.back().cpu);
  for (const Way &w : ways) {
    double b = best(w.cpu);
    outs() << format("  %-12s cpu best %8.1f ms median %8.1f ms | wall best "
                     "%8.1f ms | %7.1f MB/s | %6.2fx llvm-json | ",
                     w.name, b * 1e3, median(w.cpu) * 1e3, best(w.wall) * 1e3,
                     mb / b, peer / b);
    if (w.peakKb < 0)
      outs() << "peak n/a (no /proc/self/clear_refs)\n";
    else
      outs() << format("peak +%6.1f MB (%.2fx input)\n", w.peakKb / 1024.0,
                       w.peakKb * 1024.0 / text.size());
  }
  for (const Way &w : ways)
    outs() << "RESULT way=" << w.name << " bytes=" << text.size()
           << " nodes=" << numNodes
           << format(" cpu_ms=%.1f median_ms=%.1f wall_ms=%.1f mb_per_s=%.1f "
                     "median_mb_per_s=%.1f peak_mb=%.1f peak_ratio=%.2f",
                     best(w.cpu) * 1e3, median(w.cpu) * 1e3, best(w.wall) * 1e3,
                     mb / best(w.cpu), mb / median(w.cpu), w.peakKb / 1024.0,
                     w.peakKb * 1024.0 / text.size())
           << "\n";
  outs() << format("  rt::Graph: %.1f MB held, %.1f B/node; addNode of "
                   "prebuilt nodes: best %.1f ms (%.3f us/node), median "
                   "%.1f ms\n",
                   graphBytes / 1e6, double(graphBytes) / numNodes,
                   best(buildCpu) * 1e3, best(buildCpu) * 1e6 / numNodes,
                   median(buildCpu) * 1e3);
  outs() << "RESULT way=graph-size nodes=" << numNodes
         << " graph_bytes=" << graphBytes
         << format(" bytes_per_node=%.1f", double(graphBytes) / numNodes)
         << "\n";
  outs() << "RESULT way=build nodes=" << numNodes
         << format(" cpu_ms=%.1f median_ms=%.1f us_per_node=%.3f",
                   best(buildCpu) * 1e3, median(buildCpu) * 1e3,
                   best(buildCpu) * 1e6 / numNodes)
         << "\n";
  return 0;
}
