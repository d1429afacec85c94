//===- bpat-match.cpp - Run a backend's matcher table over a graph --------===//
//
// A thin shell: bpat::loadRuntimeBackendWithSources loads the backend (or
// graphio::readCompiledBackendFile a compiled one, whose own tables give a
// plain match map without loading the configs),
// graphio::readGraphFile reads the graph, graphio::matchGraph runs the table
// (or the naive matcher) and graphio::matchMap{JSON,Text} print the match
// map. With --write-fused, graphio::fuseWithStandIns applies the fuse-mode
// matches (rt::fuseGraph) and graphio::writeGraphJSON writes the fused graph;
// --mode fuse-then-quantize is graphio::fuseThenQuantize. --explain is
// rt::explainMatches printed by graphio::explain{Text,JSON}; --coverage is
// graphio::CoverageReport; --format dot and html are graphio::matchMapDot
// and graphio::matchReportHtml. See docs/bpat-match.md.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/RuntimeBackend.h"
#include "bpat/Driver/ToolSupport.h"
#include "bpat/GraphIO/BackendReader.h"
#include "bpat/GraphIO/CompiledBackend.h"
#include "bpat/GraphIO/Coverage.h"
#include "bpat/GraphIO/DotReport.h"
#include "bpat/GraphIO/ExplainReport.h"
#include "bpat/GraphIO/GraphReader.h"
#include "bpat/GraphIO/HtmlReport.h"
#include "bpat/GraphIO/MatchReport.h"
#include "bpat/GraphIO/StandInFusion.h"
#include "bpat/GraphJSON/GraphWriter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include <cstdlib>

using namespace llvm;

static cl::OptionCategory matchCategory("bpat-match options");

static cl::opt<std::string> patternsFile(
    "patterns",
    cl::desc("The backend: a .bpat file, the .json file bpatc "
             "--emit=runtime-json wrote from one (loaded without compiling), "
             "or the .bpatb file bpatc --emit=runtime-bin wrote (its tables "
             "used as they are: the fastest way for repeated runs)"),
    cl::value_desc("file.bpat|file.json|file.bpatb"), cl::Required,
    cl::cat(matchCategory));

static cl::opt<std::string>
    backendName("backend",
                cl::desc("The backend to load (default: the only backend "
                         "of the --patterns file)"),
                cl::value_desc("name"), cl::cat(matchCategory));

static cl::list<std::string>
    includeDirs("I", cl::desc("Add <dir> to the import search path"),
                cl::value_desc("dir"), cl::Prefix, cl::cat(matchCategory));

static cl::opt<std::string> libraryDir(
    "library-dir",
    cl::desc("Directory of the shipped .bpat library (default: share/bpat "
             "next to the bin/ directory holding bpat-match)"),
    cl::value_desc("dir"), cl::cat(matchCategory));

static cl::list<std::string>
    graphFiles("graph",
               cl::desc("The graph JSON (docs/json-format.md §2), or - for "
                        "standard input; repeatable with --coverage"),
               cl::value_desc("graph.json"), cl::OneOrMore,
               cl::cat(matchCategory));

enum class ToolMode { Quantize, Fuse, FuseThenQuantize };
static cl::opt<ToolMode> toolMode(
    "mode", cl::desc("Which of PyTorch's matchers to reproduce"),
    cl::values(clEnumValN(ToolMode::Quantize, "quantize",
                          "prepare's find_matches: every config, "
                          "wildcard-matched nodes claimed (default)"),
               clEnumValN(ToolMode::Fuse, "fuse",
                          "fuse's _find_matches: configs with a fuser, "
                          "wildcard-matched nodes not claimed"),
               clEnumValN(ToolMode::FuseThenQuantize, "fuse-then-quantize",
                          "what prepare_fx matches: fuse the graph as "
                          "fuse_fx does, then quantize-mode matches on the "
                          "fused graph")),
    cl::init(ToolMode::Quantize), cl::cat(matchCategory));

static cl::list<std::string>
    explainNodes("explain",
                 cl::desc("Instead of the match map, say for node <name> "
                          "every pattern whose root op can match it, in "
                          "PyTorch's order, and why each failed or won "
                          "(repeatable)"),
                 cl::value_desc("name"), cl::cat(matchCategory));

static cl::opt<bool>
    explainUnmatched("explain-unmatched",
                     cl::desc("Explain every call node outside the match map"),
                     cl::cat(matchCategory));

static cl::opt<bool> coverage(
    "coverage",
    cl::desc("Instead of the match map, report over all --graph files which "
             "patterns matched where, which never did, and which ops no "
             "pattern covers"),
    cl::cat(matchCategory));

enum class OutputFormat { Text, JSON, Dot, HTML };
static cl::opt<OutputFormat> outputFormat(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(OutputFormat::Text, "text",
                          "one line per match (default)"),
               clEnumValN(OutputFormat::JSON, "json",
                          "the match map JSON of docs/json-format.md §3"),
               clEnumValN(OutputFormat::Dot, "dot",
                          "the graph in Graphviz's DOT, each match a "
                          "cluster coloured by pattern"),
               clEnumValN(OutputFormat::HTML, "html",
                          "a self-contained HTML report: the graph as SVG "
                          "with the matches, the coverage, and each node's "
                          "explanation on a click")),
    cl::init(OutputFormat::Text), cl::cat(matchCategory));

static cl::opt<bool>
    naive("naive",
          cl::desc("Use the reference matcher (every pattern at every node, "
                   "in priority order) instead of the matcher table"),
          cl::cat(matchCategory));

static cl::opt<std::string> outputFile("o",
                                       cl::desc("Write the match map to "
                                                "<file> (default: standard "
                                                "output)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(matchCategory));

static cl::opt<std::string> writeFused(
    "write-fused",
    cl::desc("With --mode fuse or fuse-then-quantize: also apply the matches "
             "as PyTorch's fuse_fx "
             "does (eval mode) and write the fused graph, in the graph JSON "
             "format, to <file>; a fused node's target is the class the "
             "fuser returns (docs/bpat-match.md, \"Fusing\")"),
    cl::value_desc("file"), cl::cat(matchCategory));

static cl::opt<std::string> fuserCalls(
    "fuser-calls",
    cl::desc("With --write-fused: write one line per fuser call, in call "
             "order, with the modules the fuser receives after is_qat"),
    cl::value_desc("file"), cl::cat(matchCategory));

enum class FuserCallsAPI { V113, V2 };
static cl::opt<FuserCallsAPI> fuserCallsAPI(
    "torch-api",
    cl::desc("With --fuser-calls: the PyTorch whose configs' fuser_method "
             "the lines show the arguments of"),
    cl::values(clEnumValN(FuserCallsAPI::V113, "1.13",
                          "1.13.1: reversed nested, as its reverse2/reverse3 "
                          "wrappers receive them (default)"),
               clEnumValN(FuserCallsAPI::V2, "2",
                          "2.x: in forward order for a simple-format "
                          "config of 2 or 3 ops, reversed nested otherwise")),
    cl::init(FuserCallsAPI::V113), cl::cat(matchCategory));

static cl::opt<bool> noWarnings("w", cl::desc("Suppress all warnings"),
                                cl::cat(matchCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "bpat-match") << message << "\n";
  return 1;
}

/// The name of a model in the coverage report: the graph file's stem.
static std::string modelName(StringRef file) {
  return file == "-" ? "<stdin>" : sys::path::stem(file).str();
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(matchCategory);
  if (!bpat::parseCommandLine(
          argc, argv,
          "bpat-match: run a backend's patterns over an FX graph\n\n"
          "Loads a backend from a .bpat file (or from the JSON bpatc\n"
          "--emit=runtime-json wrote from one), builds its matcher table for "
          "the\n"
          "chosen mode, runs it over a graph exported with utils/fx_export.py\n"
          "and prints the match map: the nodes PyTorch's FX matcher would "
          "match,\n"
          "each with the anchor of its match and the matched pattern.\n"))
    return 1;

  bool explaining = !explainNodes.empty() || explainUnmatched;
  bool fusing = toolMode != ToolMode::Quantize;
  if (!writeFused.empty() && !fusing)
    return fail("--write-fused needs --mode fuse or fuse-then-quantize");
  if (!fuserCalls.empty() && writeFused.empty())
    return fail("--fuser-calls needs --write-fused");
  if (fuserCallsAPI.getNumOccurrences() && fuserCalls.empty())
    return fail("--torch-api needs --fuser-calls");
  if (coverage && (explaining || !writeFused.empty()))
    return fail("--coverage cannot be combined with --explain, "
                "--explain-unmatched or --write-fused");
  bool picture =
      outputFormat == OutputFormat::Dot || outputFormat == OutputFormat::HTML;
  if (picture && (coverage || explaining))
    return fail(std::string("--format ") +
                (outputFormat == OutputFormat::Dot ? "dot" : "html") +
                " draws a match map; it cannot be combined with "
                "--coverage, --explain or --explain-unmatched");
  if (graphFiles.size() > 1 && !coverage)
    return fail("more than one --graph needs --coverage");

  SourceMgr sourceMgr;
  bpat::DiagnosticEngine diags(sourceMgr);
  diags.setProgramName("bpat-match");
  diags.setIgnoreWarnings(noWarnings);

  auto wrongName = [&](StringRef name) {
    if (backendName.empty() || name == backendName)
      return false;
    fail("'" + patternsFile + "' holds backend '" + name + "', not '" +
         backendName + "'");
    return true;
  };
  std::optional<bpat::graphio::CompiledBackend> compiled;
  if (StringRef(patternsFile).endswith(".bpatb")) {
    compiled = bpat::graphio::readCompiledBackendFile(patternsFile, diags);
    if (!compiled)
      return 1;
    if (wrongName(compiled->image.name()))
      return 1;
  }
  // A plain match map comes from a compiled backend's own tables and
  // labels; everything else needs the configs.
  bool fromTables = compiled && !naive &&
                    toolMode != ToolMode::FuseThenQuantize && !explaining &&
                    !coverage && writeFused.empty() &&
                    (outputFormat == OutputFormat::Text ||
                     outputFormat == OutputFormat::JSON);
  std::optional<bpat::rt::BackendConfig> loaded;
  if (compiled) {
    if (!fromTables &&
        !(loaded = bpat::graphio::readCompiledBackendConfigs(*compiled, diags)))
      return 1;
  } else if (StringRef(patternsFile).endswith(".json")) {
    loaded = bpat::graphio::readRuntimeBackendFile(patternsFile, diags);
    if (!loaded || wrongName(loaded->name))
      return 1;
  } else {
    // Only .bpat sources import: the library is looked up for them alone.
    bpat::ImportOptions imports;
    imports.includeDirs = includeDirs;
    imports.libraryDir = libraryDir.getNumOccurrences()
                             ? libraryDir
                             : bpat::defaultLibraryDir(argv[0]);
    loaded = bpat::loadRuntimeBackendWithSources(patternsFile, backendName,
                                                 imports, diags);
    if (!loaded)
      return 1;
  }
  // Empty only when fromTables, which reads no config.
  static const bpat::rt::BackendConfig noConfigs;
  const bpat::rt::BackendConfig &config = loaded ? *loaded : noConfigs;
  std::unique_ptr<bpat::rt::ConfigLabels> labels;
  if (fromTables)
    labels = std::make_unique<bpat::rt::ImageLabels>(compiled->image);
  else
    labels = std::make_unique<bpat::rt::BackendLabels>(config);
  bpat::graphio::MatcherKind kind = naive ? bpat::graphio::MatcherKind::Naive
                                          : bpat::graphio::MatcherKind::Table;
  // The mode of the match map printed (fuse-then-quantize: of the fused
  // graph).
  bpat::rt::MatchMode mapMode = toolMode == ToolMode::Fuse
                                    ? bpat::rt::MatchMode::Fuse
                                    : bpat::rt::MatchMode::Quantize;

  std::optional<bpat::graphio::CoverageReport> report;
  if (coverage)
    report.emplace(config, mapMode);
  // A progress line when the corpus is long and someone is watching.
  bool progress = coverage && graphFiles.size() >= 5 &&
                  sys::Process::StandardErrIsDisplayed();

  bpat::OutputFiles outputs;
  std::string text;
  for (size_t g = 0; g != graphFiles.size(); ++g) {
    const std::string &graphFile = graphFiles[g];
    if (progress)
      errs() << "\rbpat-match: " << g + 1 << "/" << graphFiles.size() << " "
             << graphFile << "\x1b[K";
    std::optional<bpat::rt::Graph> graph =
        bpat::graphio::readGraphFile(graphFile, diags);
    if (!graph)
      return 1;

    std::string calls;
    // PyTorch 2 hands a simple-format config's fuser the modules in forward
    // order; --torch-api says which PyTorch the calls are listed for.
    auto recordCall = [&](uint32_t index,
                          const bpat::rt::NestedArgs<std::string> &modules) {
      calls += bpat::graphio::renderModules(
                   fuserCallsAPI == FuserCallsAPI::V2
                       ? bpat::graphio::torch2FuserArguments(
                             config.configs[index], modules)
                       : modules) +
               "\n";
    };
    Expected<bpat::rt::MatchMap> map =
        fromTables ? bpat::graphio::matchGraph(compiled->image, *graph, mapMode)
        : toolMode == ToolMode::FuseThenQuantize
            ? bpat::graphio::fuseThenQuantize(config, *graph, kind, recordCall)
            : bpat::graphio::matchGraph(config, *graph, mapMode, kind);
    if (!map)
      return fail("cannot match '" + graphFile +
                  "': " + toString(map.takeError()));

    if (report) {
      report->addModel(modelName(graphFile), *graph, *map);
      continue;
    }
    if (explaining) {
      std::vector<bpat::rt::NodeId> nodes;
      std::vector<bool> chosen(graph->size());
      for (const std::string &name : explainNodes) {
        std::optional<bpat::rt::NodeId> n = graph->find(name);
        if (!n)
          return fail(
              "--explain: '" + graphFile + "' has no node named '" + name +
              "'" +
              (toolMode == ToolMode::FuseThenQuantize ? " after fusion" : ""));
        if (!chosen[*n])
          nodes.push_back(*n);
        chosen[*n] = true;
      }
      if (explainUnmatched)
        for (bpat::rt::NodeId n = 0; n != graph->size(); ++n) {
          bpat::rt::NodeOp op = graph->op(n);
          bool call = op == bpat::rt::NodeOp::CallModule ||
                      op == bpat::rt::NodeOp::CallFunction ||
                      op == bpat::rt::NodeOp::CallMethod;
          if (call && !(*map)[n].matched() && !chosen[n]) {
            nodes.push_back(n);
            chosen[n] = true;
          }
        }
      std::vector<bpat::rt::NodeExplanation> explained =
          bpat::rt::explainMatches(*graph, config, mapMode, nodes);
      text =
          outputFormat == OutputFormat::JSON
              ? bpat::graphio::explainJSON(*graph, config, mapMode, explained)
              : bpat::graphio::explainText(*graph, config, mapMode, explained);
    } else if (outputFormat == OutputFormat::Dot) {
      text = bpat::graphio::matchMapDot(*graph, config, *map);
    } else if (outputFormat == OutputFormat::HTML) {
      text = bpat::graphio::matchReportHtml(*graph, config, mapMode, *map,
                                            modelName(graphFile));
    } else {
      text = outputFormat == OutputFormat::JSON
                 ? bpat::graphio::matchMapJSON(*graph, *labels, *map)
                 : bpat::graphio::matchMapText(*graph, *labels, *map);
    }

    // In fuse mode the output above is of the graph before fusion.
    if (toolMode == ToolMode::Fuse && !writeFused.empty()) {
      bpat::rt::Error fused =
          bpat::graphio::fuseWithStandIns(*graph, config, *map, recordCall);
      if (fused)
        return fail("cannot fuse '" + graphFile + "': " + fused.message());
    }
    if (!writeFused.empty()) {
      if (Error e =
              outputs.add(writeFused, bpat::graphio::writeGraphJSON(*graph)))
        return fail(toString(std::move(e)));
      if (!fuserCalls.empty())
        if (Error e = outputs.add(fuserCalls, calls))
          return fail(toString(std::move(e)));
    }
  }
  if (progress)
    errs() << "\r\x1b[K";
  if (report)
    text = outputFormat == OutputFormat::JSON ? report->json() : report->text();
  if (Error e = outputs.add(outputFile, text))
    return fail(toString(std::move(e)));
  if (Error e = outputs.commit())
    return fail(toString(std::move(e)));
  // As clang does with -disable-free: the backend, its tables and the match
  // map go back to the system with the process. Freeing them node by node
  // was a tenth of a run from a compiled backend (bench/e2e_match.py).
  outs().flush();
  std::exit(0);
}
