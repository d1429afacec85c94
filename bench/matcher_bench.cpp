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
//      (interning targets), reported separately as well;
//   3. flatness: the backend plus generated patterns (never matching; see
//      addGeneratedPatterns) to 185, 1k, 10k and 100k configs in all
//      (--flat-sizes), the same graph, every map checked equal to the
//      backend's own, table match() timed per size, alternating;
//   4. prints the goals of issue 10 (<= 5 ns/node, >= 20x naive, flat) next
//      to the figures.
// --profile-loops N runs only the table matcher (for perf or callgrind; with
// one --flat-sizes value, on the backend plus that many generated configs),
// --dump-tables prints the tables, --mode restricts to one mode.
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
    backendFile("backend-file", cl::desc("The .bpat backend to load"),
                cl::init("library/torch/backends/native.bpat"));
static cl::opt<std::string>
    backendName("backend", cl::desc("Backend name (if several)"), cl::init(""));
static cl::list<std::string> includeDirs("I", cl::desc("Import directory"),
                                         cl::Prefix);
static cl::opt<std::string>
    libraryDir("library-dir", cl::desc("Shipped .bpat library directory"),
               cl::init("library"));
static cl::opt<std::string>
    dataDir("data", cl::desc("Directory of FX graph JSON files"),
            cl::init("bench/data"));
static cl::opt<unsigned long>
    minNodes("nodes", cl::desc("Minimum number of graph nodes"),
             cl::init(1000000));
static cl::opt<unsigned> reps("reps", cl::desc("Timed runs per matcher"),
                              cl::init(5));
static cl::list<unsigned>
    flatSizes("flat-sizes", cl::CommaSeparated,
              cl::desc("Total configs of the flatness runs (native + "
                       "generated; default 185,1000,10000,100000; 0 skips)"));
static cl::opt<std::string>
    onlyMode("mode", cl::desc("Only this match mode (quantize or fuse)"),
             cl::init(""));
static cl::opt<bool>
    dumpTables("dump-tables",
               cl::desc("Print the disassembled tables and exit"));
static cl::opt<unsigned>
    profileLoops("profile-loops",
                 cl::desc("Only run the table matcher on rt::Graph this many "
                          "times per mode (for a profiler), then exit"),
                 cl::init(0));

namespace {

struct Timing {
  std::vector<double> secs;
  void add(double s) { secs.push_back(s); }
  double best() const { return *std::min_element(secs.begin(), secs.end()); }
  double median() const {
    std::vector<double> v = secs;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
};

volatile size_t sink;

size_t countMatched(const rt::MatchMap &m) {
  size_t c = 0;
  for (const rt::MatchEntry &e : m)
    c += e.matched();
  return c;
}

size_t countAnchors(const rt::MatchMap &m) {
  size_t c = 0;
  for (size_t i = 0; i != m.size(); ++i)
    c += m[i].anchor == i;
  return c;
}

/// Both clocks of one timed section.
struct Sample {
  double wall, cpu;
};

template <typename Fn> Sample timeIt(Fn &&f) {
  double w0 = bench::nowSeconds(), c0 = bench::cpuSeconds();
  f();
  double c1 = bench::cpuSeconds(), w1 = bench::nowSeconds();
  return {w1 - w0, c1 - c0};
}

struct Row {
  Timing wall, cpu;
  void add(Sample s) {
    wall.add(s.wall);
    cpu.add(s.cpu);
  }
};

void printRow(const char *what, const Row &r, size_t nodes) {
  double b = r.cpu.best();
  outs() << format("  %-22s cpu best %8.2f ms median %8.2f ms | wall best "
                   "%8.2f ms | %7.1f ns/node %7.2f Mnodes/s\n",
                   what, b * 1e3, r.cpu.median() * 1e3, r.wall.best() * 1e3,
                   b * 1e9 / nodes, nodes / b / 1e6);
}

/// TableMatcher::match without its pre-pass, for a graph interned once.
template <typename G>
rt::MatchMap matchInterned(const rt::TableMatcher &tm,
                           const rt::InternedGraph &ig, const G &gr) {
  const rt::MatcherTableView &t = tm.table();
  size_t numNodes = ig.opKey.size();
  rt::MatchMap map(numNodes);
  std::vector<uint32_t> regs(tm.numRegisters(), rt::table::nonNode);
  const uint32_t *patterns = t.words + t.header(rt::table::HPatternsOffset);
  const uint32_t *trees = t.words + t.header(rt::table::HTreesOffset);
  for (size_t i = numNodes; i-- > 0;) {
    rt::NodeId n = static_cast<rt::NodeId>(i);
    if (map[n].matched())
      continue;
    uint32_t p = tm.run(ig, n, regs.data());
    if (p == rt::table::noPattern)
      continue;
    rt::detail::recordMatch(gr,
                            rt::detail::TreeCursor{trees + patterns[2 * p + 1]},
                            n, patterns[2 * p], tm.mode(), map);
  }
  return map;
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
  std::vector<uint32_t> id;
  std::vector<std::string_view> names;
};

template <typename G> TargetIds computeTargetIds(const G &gr) {
  using Traits = rt::GraphTraits<G>;
  TargetIds t;
  std::unordered_map<std::string_view, uint32_t> map;
  size_t n = Traits::numNodes(gr);
  t.id.resize(n);
  for (size_t i = 0; i != n; ++i) {
    std::string_view s = Traits::target(gr, static_cast<rt::NodeId>(i));
    auto [It, New] = map.emplace(s, static_cast<uint32_t>(t.names.size()));
    if (New)
      t.names.push_back(s);
    t.id[i] = It->second;
  }
  return t;
}

/// (b): a graph view whose positional args come from the InternedGraph.
template <typename G> struct InternedView {
  const rt::InternedGraph *ig;
  const G *gr;
};

} // namespace

template <typename G> struct bpat::rt::GraphTraits<InternedView<G>> {
  using V = InternedView<G>;
  static size_t numNodes(const V &x) { return x.IG->OpKey.size(); }
  static size_t numArgs(const V &x, NodeId n) {
    return x.ig->argBegin[n + 1] - x.ig->argBegin[n];
  }
  static ArgRef arg(const V &x, NodeId n, size_t i) {
    uint32_t a = x.ig->args[x.ig->argBegin[n] + i];
    return a == ArgRef::nonNode ? ArgRef::makeNonNode() : ArgRef::makeNode(a);
  }
  template <typename Fn>
  static void forEachNodeInArg(const V &x, NodeId n, size_t i, Fn &&f) {
    GraphTraits<G>::forEachNodeInArg(*x.gr, n, i, std::forward<Fn>(f));
  }
};

namespace {

class ProtoMatcher {
public:
  explicit ProtoMatcher(const rt::TableMatcher &tm) : tm(tm) {
    const rt::MatcherTableView &t = tm.table();
    for (uint32_t i = 0, e = t.header(rt::table::HNumStrings); i != e; ++i)
      stringIds.emplace(t.string(i), i);
  }

  template <typename G>
  rt::MatchMap match(const G &gr, const TargetIds &ids) const {
    using Traits = rt::GraphTraits<G>;
    // (a) one hash lookup per distinct target, then an array per node.
    std::vector<uint32_t> sidOf(ids.names.size(), rt::table::noOpKey);
    for (size_t i = 0; i != ids.names.size(); ++i) {
      auto it = stringIds.find(ids.names[i]);
      if (it != stringIds.end())
        sidOf[i] = it->second;
    }
    rt::InternedGraph ig;
    size_t numNodes = Traits::numNodes(gr);
    ig.opKey.resize(numNodes);
    ig.users.resize(numNodes);
    ig.argBegin.resize(numNodes + 1);
    ig.args.reserve(numNodes * 2);
    for (size_t i = 0; i != numNodes; ++i) {
      rt::NodeId n = static_cast<rt::NodeId>(i);
      uint32_t sid = sidOf[ids.id[i]];
      std::optional<rt::OpKind> kind = rt::opKindForNodeOp(Traits::op(gr, n));
      ig.opKey[i] = sid == rt::table::noOpKey || !kind
                        ? rt::table::noOpKey
                        : rt::table::opKey(sid, static_cast<uint32_t>(*kind));
      ig.users[i] = static_cast<uint32_t>(Traits::numUsers(gr, n));
      ig.argBegin[i] = static_cast<uint32_t>(ig.args.size());
      for (size_t a = 0, e = Traits::numArgs(gr, n); a != e; ++a)
        ig.args.push_back(Traits::arg(gr, n, a).node);
    }
    ig.argBegin[numNodes] = static_cast<uint32_t>(ig.args.size());
    // (b) record through the interned args.
    return matchInterned(tm, ig, InternedView<G>{&ig, &gr});
  }

  /// (c): \p IG holds the graph's own users and args; only op keys are
  /// computed here.
  template <typename G>
  rt::MatchMap matchShared(const G &gr, const TargetIds &ids,
                           rt::InternedGraph &ig) const {
    using Traits = rt::GraphTraits<G>;
    std::vector<uint32_t> sidOf(ids.names.size(), rt::table::noOpKey);
    for (size_t i = 0; i != ids.names.size(); ++i) {
      auto it = stringIds.find(ids.names[i]);
      if (it != stringIds.end())
        sidOf[i] = it->second;
    }
    size_t numNodes = Traits::numNodes(gr);
    for (size_t i = 0; i != numNodes; ++i) {
      uint32_t sid = sidOf[ids.id[i]];
      std::optional<rt::OpKind> kind =
          rt::opKindForNodeOp(Traits::op(gr, static_cast<rt::NodeId>(i)));
      ig.opKey[i] = sid == rt::table::noOpKey || !kind
                        ? rt::table::noOpKey
                        : rt::table::opKey(sid, static_cast<uint32_t>(*kind));
    }
    return matchInterned(tm, ig, InternedView<G>{&ig, &gr});
  }

private:
  const rt::TableMatcher &tm;
  std::unordered_map<std::string_view, uint32_t> stringIds;
};

/// The (anchor, pattern) pairs matchInterned accepts, in visit order.
template <typename G>
std::vector<std::pair<rt::NodeId, uint32_t>>
acceptedPatterns(const rt::TableMatcher &tm, const rt::InternedGraph &ig,
                 const G &gr) {
  rt::MatchMap map = matchInterned(tm, ig, gr);
  std::vector<std::pair<rt::NodeId, uint32_t>> out;
  std::vector<uint32_t> regs(tm.numRegisters(), rt::table::nonNode);
  rt::MatchMap seen(ig.opKey.size());
  const rt::MatcherTableView &t = tm.table();
  const uint32_t *patterns = t.words + t.header(rt::table::HPatternsOffset);
  const uint32_t *trees = t.words + t.header(rt::table::HTreesOffset);
  for (size_t i = ig.opKey.size(); i-- > 0;) {
    rt::NodeId n = static_cast<rt::NodeId>(i);
    if (seen[n].matched())
      continue;
    uint32_t p = tm.run(ig, n, regs.data());
    if (p == rt::table::noPattern)
      continue;
    out.emplace_back(n, p);
    rt::detail::recordMatch(gr,
                            rt::detail::TreeCursor{trees + patterns[2 * p + 1]},
                            n, patterns[2 * p], tm.mode(), seen);
  }
  return out;
}

/// Only the recording of the given matches (shared by both matchers): the
/// part of the work that does not depend on how the pattern was chosen.
template <typename G>
rt::MatchMap
replayRecords(const rt::TableMatcher &tm, const G &gr, size_t numNodes,
              const std::vector<std::pair<rt::NodeId, uint32_t>> &a) {
  const rt::MatcherTableView &t = tm.table();
  const uint32_t *patterns = t.words + t.header(rt::table::HPatternsOffset);
  const uint32_t *trees = t.words + t.header(rt::table::HTreesOffset);
  rt::MatchMap map(numNodes);
  for (const auto &[N, P] : a)
    rt::detail::recordMatch(gr,
                            rt::detail::TreeCursor{trees + patterns[2 * P + 1]},
                            N, patterns[2 * P], tm.mode(), map);
  return map;
}

struct ModeSetup {
  rt::MatchMode mode;
  const char *name;
  rt::MatcherTable table;
  std::optional<rt::TableMatcher> tm;
  std::optional<rt::NaiveMatcher> nm;
};

/// What the goal summary needs from one graph and mode.
struct Outcome {
  double nsPerNode = 0, speedup = 0;
};

template <typename G>
bool benchGraph(const char *graphName, const G &gr, ModeSetup &setup,
                Outcome &out) {
  size_t nodes = rt::GraphTraits<G>::numNodes(gr);
  outs() << "[" << graphName << ", " << setup.name << "]\n";
  // Sanity check: identical match maps before any timing.
  rt::MatchMap mt = setup.tm->match(gr);
  rt::MatchMap mn = setup.nm->match(gr);
  rt::MatchMap mi = matchInterned(*setup.tm, setup.tm->intern(gr), gr);
  ProtoMatcher pm(*setup.tm);
  TargetIds ids = computeTargetIds(gr);
  rt::MatchMap mp = pm.match(gr, ids);
  rt::InternedGraph shared =
      setup.tm->intern(gr); // stands for the graph's storage
  std::fill(shared.opKey.begin(), shared.opKey.end(), 0u);
  rt::MatchMap ms = pm.matchShared(gr, ids, shared);
  std::vector<std::pair<rt::NodeId, uint32_t>> accepts =
      acceptedPatterns(*setup.tm, setup.tm->intern(gr), gr);
  rt::MatchMap mr = replayRecords(*setup.tm, gr, nodes, accepts);
  if (mt != mn || mi != mt || mp != mt || ms != mt || mr != mt) {
    size_t first = 0;
    while (first < mt.size() && mt[first] == mn[first])
      ++first;
    errs() << "MISMATCH (" << graphName << ", " << setup.name << ") at node "
           << first << "\n";
    return false;
  }
  outs() << "  check: table == naive on all " << nodes << " nodes ("
         << countMatched(mt) << " nodes matched, " << countAnchors(mt)
         << " matches)\n";

  Row tab, naive, intern, run, proto, protoC, rec;
  rt::InternedGraph ig = setup.tm->intern(gr);
  for (unsigned r = 0; r != reps; ++r) {
    tab.add(timeIt([&] { sink = setup.tm->match(gr).size(); }));
    naive.add(timeIt([&] { sink = setup.nm->match(gr).size(); }));
    intern.add(timeIt([&] { sink = setup.tm->intern(gr).args.size(); }));
    run.add(timeIt([&] { sink = matchInterned(*setup.tm, ig, gr).size(); }));
    proto.add(timeIt([&] { sink = pm.match(gr, ids).size(); }));
    protoC.add(timeIt([&] { sink = pm.matchShared(gr, ids, shared).size(); }));
    rec.add(timeIt(
        [&] { sink = replayRecords(*setup.tm, gr, nodes, accepts).size(); }));
  }
  printRow("table match()", tab, nodes);
  printRow("  pre-pass (intern)", intern, nodes);
  printRow("  tree+record only", run, nodes);
  printRow("    record only", rec, nodes);
  printRow("naive match()", naive, nodes);
  printRow("prototype (a)+(b)", proto, nodes);
  printRow("prototype (a)+(b)+(c)", protoC, nodes);
  double s = naive.cpu.best() / tab.cpu.best();
  double sRun = naive.cpu.best() / run.cpu.best();
  // Speedups are medians of per-run ratios: each run times all variants back
  // to back, so a ratio compares runs under the same machine load.
  auto ratio = [&](const Row &fast) {
    std::vector<double> v;
    for (size_t i = 0; i != fast.cpu.secs.size(); ++i)
      v.push_back(naive.cpu.secs[i] / fast.cpu.secs[i]);
    Timing t;
    t.secs = v;
    return t.median();
  };
  s = ratio(tab);
  sRun = ratio(run);
  double sProto = ratio(proto);
  double sProtoC = ratio(protoC);
  // Choosing the pattern, without the recording both matchers share.
  double selTable = run.cpu.median() - rec.cpu.median();
  double selNaive = naive.cpu.median() - rec.cpu.median();
  outs() << format("  pattern selection only (medians minus record): table "
                   "%.1f ns/node, naive %.1f ns/node, ratio %.1fx\n",
                   selTable * 1e9 / nodes, selNaive * 1e9 / nodes,
                   selNaive / selTable);
  outs() << format("  speedup naive/table (cpu, median of per-run ratios): "
                   "%.2fx; pre-pass excluded: %.2fx; wall best/best: %.2fx\n"
                   "  prototypes: (a)+(b) %.2fx, (a)+(b)+(c) %.2fx\n",
                   s, sRun, naive.wall.best() / tab.wall.best(), sProto,
                   sProtoC);
  outs() << format("RESULT graph=%s mode=%s nodes=%zu table_ms=%.3f "
                   "prepass_ms=%.3f tree_record_ms=%.3f naive_ms=%.3f "
                   "speedup=%.2f speedup_no_prepass=%.2f speedup_proto=%.2f "
                   "speedup_proto_c=%.2f record_ms=%.3f selection_ratio=%.2f "
                   "table_ns_per_node=%.2f table_nodes_per_s=%.0f\n",
                   graphName, setup.name, nodes, tab.cpu.best() * 1e3,
                   intern.cpu.best() * 1e3, run.cpu.best() * 1e3,
                   naive.cpu.best() * 1e3, s, sRun, sProto, sProtoC,
                   rec.cpu.best() * 1e3, selNaive / selTable,
                   tab.cpu.best() * 1e9 / nodes, nodes / tab.cpu.best());
  out.nsPerNode = tab.cpu.best() * 1e9 / nodes;
  out.speedup = s;
  return true;
}

// ---------------------------------------------------------------------------
// Flatness: the native backend plus generated patterns, same graph.

/// The distinct ops the backend's patterns are rooted at.
std::vector<rt::OpRef> rootOps(const rt::BackendConfig &bc) {
  std::vector<rt::OpRef> roots;
  for (const rt::BackendPatternConfig &c : bc.configs)
    if (!c.pattern.isWildcard &&
        std::find(roots.begin(), roots.end(), c.pattern.op) == roots.end())
      roots.push_back(c.pattern.op);
  return roots;
}

/// Appends generated configs to \p bc until it has \p total. Half are rooted
/// at synthetic ops (chains and trees of them, as bench/gen_patterns.py
/// writes), half at the backend's own root ops with synthetic ops below
/// them (`root(s)`, `root(s(t))`, `root(s, _)`), which lengthens the buckets
/// the graph's nodes do reach. Every other config has a fuser, so the fuse
/// table grows too. No graph node has a synthetic target, so no generated
/// pattern can match and the match map stays the backend's own.
void addGeneratedPatterns(rt::BackendConfig &bc, size_t total) {
  std::vector<rt::OpRef> roots = rootOps(bc);
  size_t numSynthetic = 100 + total / 40;
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  auto synthetic = [&](std::vector<rt::PatternNode> children = {}) {
    size_t i = next() % numSynthetic;
    std::string target = "bench.generated.op" + std::to_string(i);
    rt::OpRef op = i % 3 == 0   ? rt::OpRef::module(target)
                   : i % 3 == 1 ? rt::OpRef::function(target)
                                : rt::OpRef::method(target);
    return rt::PatternNode::makeOp(std::move(op), std::move(children));
  };
  for (size_t k = 0; bc.configs.size() < total; ++k) {
    rt::PatternNode p;
    switch (next() % 6) {
    case 0: // a synthetic op alone
      p = synthetic();
      break;
    case 1: // a chain of two or three
      p = synthetic(
          {synthetic(next() % 2 ? std::vector<rt::PatternNode>{}
                                : std::vector<rt::PatternNode>{synthetic()})});
      break;
    case 2: // a tree
      p = synthetic({synthetic(), rt::PatternNode::makeWildcard()});
      break;
    case 3: // root(s)
      p = rt::PatternNode::makeOp(roots[next() % roots.size()], {synthetic()});
      break;
    case 4: // root(s(t))
      p = rt::PatternNode::makeOp(roots[next() % roots.size()],
                                  {synthetic({synthetic()})});
      break;
    default: // root(s, _)
      p = rt::PatternNode::makeOp(
          roots[next() % roots.size()],
          {synthetic(), rt::PatternNode::makeWildcard()});
      break;
    }
    rt::BackendPatternConfig c;
    c.pattern = std::move(p);
    if (k % 2)
      c.fuserMethod = "bench.generated_fuser";
    bc.setPatternConfig(std::move(c));
  }
}

struct FlatSize {
  size_t patterns;
  rt::BackendConfig bc;
  std::vector<ModeSetup> modes;
};

/// Times TableMatcher::match on \p g for each size, alternating sizes within
/// each repetition; checks first that every map equals the backend's own.
bool benchFlatness(const rt::Graph &g, std::vector<FlatSize> &sizes,
                   const std::vector<rt::MatchMap> &expected,
                   std::vector<std::vector<double>> &nsPerNode) {
  size_t nodes = g.size();
  for (FlatSize &fs : sizes)
    for (size_t m = 0; m != fs.modes.size(); ++m)
      if (fs.modes[m].tm->match(g) != expected[m]) {
        errs() << "MISMATCH (flatness, " << fs.patterns << " patterns, "
               << fs.modes[m].name << ")\n";
        return false;
      }
  std::vector<std::vector<Row>> rows(sizes.size(),
                                     std::vector<Row>(expected.size()));
  for (unsigned r = 0; r != reps; ++r)
    for (size_t i = 0; i != sizes.size(); ++i)
      for (size_t m = 0; m != sizes[i].modes.size(); ++m)
        rows[i][m].add(
            timeIt([&] { sink = sizes[i].modes[m].tm->match(g).size(); }));
  outs() << "[flatness: native + generated patterns, rt::Graph, " << nodes
         << " nodes]\n"
         << "  check: every map == the native backend's (which == naive)\n";
  nsPerNode.assign(sizes.size(), std::vector<double>(expected.size()));
  for (size_t i = 0; i != sizes.size(); ++i)
    for (size_t m = 0; m != expected.size(); ++m)
      nsPerNode[i][m] = rows[i][m].cpu.best() * 1e9 / nodes;
  for (size_t m = 0; m != expected.size(); ++m) {
    for (size_t i = 0; i != sizes.size(); ++i) {
      const ModeSetup &ms = sizes[i].modes[m];
      rt::TableStats st = rt::tableStats(ms.table.view());
      double growth = nsPerNode[i][m] / nsPerNode[0][m];
      outs() << format("  %-8s %7zu configs (%6zu in the table, %8zu bytes): "
                       "%6.2f ns/node (median %6.2f), x%.2f of %zu configs\n",
                       ms.name, sizes[i].patterns, st.numPatterns, st.bytes,
                       nsPerNode[i][m], rows[i][m].cpu.median() * 1e9 / nodes,
                       growth, sizes[0].patterns);
      outs() << format("RESULT flat mode=%s configs=%zu table_patterns=%zu "
                       "nodes=%zu table_ms=%.3f table_ns_per_node=%.2f "
                       "growth=%.2f\n",
                       ms.name, sizes[i].patterns, st.numPatterns, nodes,
                       rows[i][m].cpu.best() * 1e3, nsPerNode[i][m], growth);
    }
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "bpat matcher benchmark\n");
  if (reps == 0)
    reps = 1;

  double t0 = bench::nowSeconds();
  std::optional<rt::BackendConfig> bc =
      bench::loadBackend(backendFile, backendName, includeDirs, libraryDir);
  if (!bc) {
    errs() << "cannot load backend " << backendFile << "\n";
    return 1;
  }
  // --profile-loops with one --flat-sizes profiles the backend plus the
  // generated patterns of the flatness run.
  if (profileLoops && flatSizes.size() == 1 &&
      flatSizes[0] > bc->configs.size())
    addGeneratedPatterns(*bc, flatSizes[0]);
  double t1 = bench::nowSeconds();
  outs() << "backend: " << backendFile << " (" << bc->configs.size()
         << " configs, loaded in " << format("%.1f", (t1 - t0) * 1e3)
         << " ms)\n";

  std::vector<std::string> files;
  std::error_code ec;
  for (sys::fs::directory_iterator it(dataDir, ec), end; it != end && !ec;
       it.increment(ec))
    if (sys::path::extension(it->path()) == ".json")
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    errs() << "no .json graphs in " << dataDir << "\n";
    return 1;
  }
  std::vector<bench::ModelGraph> models;
  for (const std::string &f : files) {
    std::optional<bench::ModelGraph> m = bench::loadModelGraph(f);
    if (!m)
      return 1;
    models.push_back(std::move(*m));
  }

  bench::TileInfo info;
  double t2 = bench::nowSeconds();
  std::optional<rt::Graph> g = bench::tileModels(models, minNodes, info);
  double t3 = bench::nowSeconds();
  if (!g)
    return 1;
  outs() << "graph: " << g->size() << " nodes, " << info.copies
         << " chained copies of";
  for (size_t i = 0; i != models.size(); ++i)
    outs() << " " << models[i].name << " (" << models[i].nodes.size()
           << " nodes) x" << info.copiesPerModel[i]
           << (i + 1 == models.size() ? "" : ",");
  outs() << "; built in " << format("%.0f", (t3 - t2) * 1e3) << " ms\n";
  outs() << "timed runs per matcher: " << reps
         << " (alternating); times are thread CPU time unless marked wall\n";

  std::vector<ModeSetup> modes;
  for (rt::MatchMode mode : {rt::MatchMode::Quantize, rt::MatchMode::Fuse}) {
    if (!onlyMode.empty() &&
        onlyMode != (mode == rt::MatchMode::Quantize ? "quantize" : "fuse"))
      continue;
    ModeSetup m{mode,
                mode == rt::MatchMode::Quantize ? "quantize" : "fuse",
                {},
                std::nullopt,
                std::nullopt};
    double b0 = bench::nowSeconds();
    rt::Expected<rt::MatcherTable> table =
        rt::MatcherTableBuilder(*bc).build(mode);
    double b1 = bench::nowSeconds();
    if (!table) {
      errs() << "table build failed: " << table.message() << "\n";
      return 1;
    }
    m.table = table.take();
    modes.push_back(std::move(m));
    ModeSetup &r = modes.back();
    rt::Expected<rt::TableMatcher> tm =
        rt::TableMatcher::create(r.table.view());
    if (!tm) {
      errs() << "TableMatcher::create failed: " << tm.message() << "\n";
      return 1;
    }
    r.tm.emplace(tm.take());
    r.nm.emplace(*bc, mode);
    rt::TableStats s = rt::tableStats(r.table.view());
    outs() << "table " << r.name << ": " << s.numPatterns << " patterns, "
           << s.bytes << " bytes (" << format("%.1f", s.bytesPerPattern)
           << " B/pattern), " << s.numBuckets << " buckets, built in "
           << format("%.2f", (b1 - b0) * 1e3) << " ms\n";
  }

  if (dumpTables) {
    for (ModeSetup &m : modes)
      outs() << rt::disassembleTable(m.table.view());
    return 0;
  }
  if (profileLoops) {
    for (ModeSetup &m : modes) {
      double c0 = bench::cpuSeconds();
      for (unsigned i = 0; i != profileLoops; ++i)
        sink = m.tm->match(*g).size();
      outs() << m.name << ": "
             << format("%.2f", (bench::cpuSeconds() - c0) * 1e9 / profileLoops /
                                   g->size())
             << " ns/node\n";
    }
    return 0;
  }
  std::vector<Outcome> outcomes(modes.size());
  for (size_t i = 0; i != modes.size(); ++i)
    if (!benchGraph("rt::Graph", *g, modes[i], outcomes[i]))
      return 1;
  bench::CompactGraph cg(*g);
  for (ModeSetup &m : modes) {
    Outcome ignored;
    if (!benchGraph("CompactGraph", cg, m, ignored))
      return 1;
  }

  // Flatness in the number of patterns.
  std::vector<unsigned> totals(flatSizes.begin(), flatSizes.end());
  if (totals.empty())
    totals = {185, 1000, 10000, 100000};
  totals.erase(std::remove(totals.begin(), totals.end(), 0u), totals.end());
  std::vector<FlatSize> sizes;
  for (unsigned total : totals) {
    FlatSize fs{std::max<size_t>(total, bc->configs.size()), *bc, {}};
    addGeneratedPatterns(fs.bc, fs.patterns);
    fs.patterns = fs.bc.configs.size();
    for (const ModeSetup &base : modes) {
      rt::Expected<rt::MatcherTable> table =
          rt::MatcherTableBuilder(fs.bc).build(base.mode);
      if (!table) {
        errs() << "table build failed: " << table.message() << "\n";
        return 1;
      }
      fs.modes.push_back(ModeSetup{base.mode, base.name, table.take(),
                                   std::nullopt, std::nullopt});
    }
    sizes.push_back(std::move(fs));
    for (ModeSetup &m : sizes.back().modes) {
      rt::Expected<rt::TableMatcher> tm =
          rt::TableMatcher::create(m.table.view());
      if (!tm) {
        errs() << "TableMatcher::create failed: " << tm.message() << "\n";
        return 1;
      }
      m.tm.emplace(tm.take());
    }
  }
  std::vector<std::vector<double>> flatNs;
  if (!sizes.empty()) {
    std::vector<rt::MatchMap> expected;
    for (ModeSetup &m : modes)
      expected.push_back(m.tm->match(*g));
    if (!benchFlatness(*g, sizes, expected, flatNs))
      return 1;
  }

  // The goals of issue 10 (end-to-end speed), next to the figures.
  outs() << "[goals: issue 10, table matcher on rt::Graph, native backend]\n";
  for (size_t i = 0; i != modes.size(); ++i) {
    outs() << format("  %-8s %6.2f ns/node (target <= 5: %s), %6.2fx naive "
                     "(target >= 20: %s)\n",
                     modes[i].name, outcomes[i].nsPerNode,
                     outcomes[i].nsPerNode <= 5 ? "met" : "NOT met",
                     outcomes[i].speedup,
                     outcomes[i].speedup >= 20 ? "met" : "NOT met");
    if (flatNs.size() >= 2) {
      double worst = 0;
      for (size_t k = 1; k != flatNs.size(); ++k)
        worst = std::max(worst, flatNs[k][i] / flatNs[0][i]);
      double tail = flatNs.back()[i] / flatNs[1][i];
      outs() << format("  %-8s flatness: largest growth over %zu configs "
                       "x%.2f; %zu -> %zu configs x%.2f (target: flat, "
                       "<= x1.25: %s)\n",
                       modes[i].name, sizes[0].patterns, worst,
                       sizes[1].patterns, sizes.back().patterns, tail,
                       worst <= 1.25 ? "met" : "NOT met");
    }
    outs() << format("RESULT goal mode=%s ns_per_node=%.2f speedup=%.2f "
                     "ns_met=%d speedup_met=%d\n",
                     modes[i].name, outcomes[i].nsPerNode, outcomes[i].speedup,
                     outcomes[i].nsPerNode <= 5, outcomes[i].speedup >= 20);
  }
  return 0;
}
