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

static cl::opt<std::string> GraphFile(cl::Positional, cl::Required,
                                      cl::desc("<graph.json>"));
static cl::opt<unsigned> Reps("reps", cl::desc("Timed runs per way"),
                              cl::init(5));

namespace {

volatile size_t Sink;

/// Every value of the document, read as a client would.
size_t walk(JSONReader &R) {
  size_t Values = 0, Bytes = 0;
  std::vector<bool> InObject;
  bool Due = true;
  for (;;) {
    if (Due) {
      std::optional<JSONReader::Kind> K = R.peek();
      if (!K)
        return 0;
      ++Values;
      Due = false;
      StringRef S;
      JSONReader::Number N;
      bool B;
      switch (*K) {
      case JSONReader::Kind::Null:
        R.readNull();
        break;
      case JSONReader::Kind::Bool:
        R.readBool(B);
        break;
      case JSONReader::Kind::Number:
        R.readNumber(N);
        Bytes += N.Int ? 8 : 4;
        break;
      case JSONReader::Kind::String:
        R.readString(S);
        Bytes += S.size();
        break;
      case JSONReader::Kind::Array:
        R.enterArray();
        InObject.push_back(false);
        break;
      case JSONReader::Kind::Object:
        R.enterObject();
        InObject.push_back(true);
        break;
      }
      continue;
    }
    if (InObject.empty())
      break;
    StringRef Key;
    if (InObject.back() ? R.nextMember(Key) : R.nextElement()) {
      Bytes += Key.size();
      Due = true;
    } else {
      if (R.failed())
        return 0;
      InObject.pop_back();
    }
  }
  return R.finish() ? Values + Bytes : 0;
}

struct Way {
  Way(const char *Name, std::function<size_t()> Run)
      : Name(Name), Run(std::move(Run)) {}
  const char *Name;
  /// Runs once; returns a checksum (0 = failed).
  std::function<size_t()> Run;
  std::vector<double> Cpu, Wall;
  long PeakKB = -1;
};

long statusKB(const char *Field) {
  std::ifstream In("/proc/self/status");
  std::string Line;
  size_t Len = std::strlen(Field);
  while (std::getline(In, Line))
    if (Line.compare(0, Len, Field) == 0)
      return std::atol(Line.c_str() + Len + 1);
  return -1;
}

/// Peak memory of one run above the memory in use before it, in a child.
long peakKB(Way &W) {
  int Pipe[2];
  if (pipe(Pipe) != 0)
    return -1;
  pid_t Pid = fork();
  if (Pid == 0) {
    malloc_trim(0);
    long Result = -1;
    std::ofstream("/proc/self/clear_refs") << "5";
    long Base = statusKB("VmRSS:");
    if (statusKB("VmHWM:") <= Base + 1024) { // the reset worked
      Sink = W.Run();
      Result = statusKB("VmHWM:") - Base;
    }
    (void)!write(Pipe[1], &Result, sizeof Result);
    _exit(0);
  }
  long Result = -1;
  close(Pipe[1]);
  if (read(Pipe[0], &Result, sizeof Result) != sizeof Result)
    Result = -1;
  close(Pipe[0]);
  waitpid(Pid, nullptr, 0);
  return Result;
}

double best(std::vector<double> V) {
  return *std::min_element(V.begin(), V.end());
}
double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  size_t N = V.size();
  return N % 2 ? V[N / 2] : (V[N / 2 - 1] + V[N / 2]) / 2;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "graph JSON reading benchmark\n");
  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setProgramName("bpat-graph-read-bench");
  // Read into memory, not mapped: the input is resident before any run.
  ErrorOr<std::unique_ptr<MemoryBuffer>> File =
      MemoryBuffer::getFile(GraphFile, /*IsText=*/false,
                            /*RequiresNullTerminator=*/true,
                            /*IsVolatile=*/true);
  if (!File) {
    errs() << GraphFile << ": " << File.getError().message() << "\n";
    return 1;
  }
  StringRef Text = (*File)->getBuffer();
  unsigned ID = SM.AddNewSourceBuffer(std::move(*File), SMLoc());
  double MB = Text.size() / 1e6;

  // Check first: every way reads the file, and agrees on the node count.
  std::optional<rt::Graph> G = graphio::readGraph(ID, Diags);
  if (!G)
    return 1;
  Expected<json::Value> Dom = json::parse(Text);
  const json::Object *Top = Dom ? Dom->getAsObject() : nullptr;
  const json::Array *DomNodes = Top ? Top->getArray("nodes") : nullptr;
  if (!DomNodes || DomNodes->size() != G->size()) {
    errs() << "llvm::json disagrees on the graph\n";
    return 1;
  }
  size_t NumNodes = G->size();
  G.reset();
  Dom = json::Value(nullptr);

  std::vector<Way> Ways;
  // What a way builds is kept until after its timing: freeing it is not
  // reading.
  std::optional<rt::Graph> KeptGraph;
  std::optional<json::Value> KeptDom;
  auto Release = [&] {
    KeptGraph.reset();
    KeptDom.reset();
  };
  Ways.emplace_back("reader-skip", [&] {
    JSONReader R(Diags, ID);
    return R.finish() ? size_t(1) : size_t(0);
  });
  Ways.emplace_back("reader-walk", [&] {
    JSONReader R(Diags, ID);
    return walk(R);
  });
  Ways.emplace_back("graphio", [&] {
    KeptGraph = graphio::readGraph(ID, Diags);
    return KeptGraph ? KeptGraph->size() : 0;
  });
  Ways.emplace_back("llvm-json", [&] {
    Expected<json::Value> V = json::parse(Text);
    if (!V) {
      consumeError(V.takeError());
      return size_t(0);
    }
    KeptDom.emplace(std::move(*V));
    return size_t(KeptDom->kind() + 1);
  });

  outs() << "input: " << GraphFile << ", " << format("%.1f", MB) << " MB, "
         << NumNodes << " nodes; " << Reps
         << " runs per way (alternating), thread CPU time unless marked wall\n";
  for (unsigned Rep = 0; Rep != Reps; ++Rep)
    for (Way &W : Ways) {
      double C0 = bench::cpuSeconds(), W0 = bench::nowSeconds();
      size_t Check = W.Run();
      double C1 = bench::cpuSeconds(), W1 = bench::nowSeconds();
      if (!Check) {
        errs() << W.Name << " failed\n";
        return 1;
      }
      Sink = Check;
      W.Cpu.push_back(C1 - C0);
      W.Wall.push_back(W1 - W0);
      Release();
    }
  for (Way &W : Ways)
    W.PeakKB = peakKB(W);

  double Peer = best(Ways.back().Cpu);
  for (const Way &W : Ways) {
    double B = best(W.Cpu);
    outs() << format("  %-12s cpu best %8.1f ms median %8.1f ms | wall best "
                     "%8.1f ms | %7.1f MB/s | %6.2fx llvm-json | ",
                     W.Name, B * 1e3, median(W.Cpu) * 1e3, best(W.Wall) * 1e3,
                     MB / B, Peer / B);
    if (W.PeakKB < 0)
      outs() << "peak n/a (no /proc/self/clear_refs)\n";
    else
      outs() << format("peak +%6.1f MB (%.2fx input)\n", W.PeakKB / 1024.0,
                       W.PeakKB * 1024.0 / Text.size());
  }
  for (const Way &W : Ways)
    outs() << "RESULT way=" << W.Name << " bytes=" << Text.size()
           << " nodes=" << NumNodes
           << format(" cpu_ms=%.1f median_ms=%.1f wall_ms=%.1f mb_per_s=%.1f "
                     "peak_mb=%.1f",
                     best(W.Cpu) * 1e3, median(W.Cpu) * 1e3, best(W.Wall) * 1e3,
                     MB / best(W.Cpu), W.PeakKB / 1024.0)
           << "\n";
  return 0;
}
