//===- bpat-match.cpp - Run a backend's matcher table over a graph --------===//
//
// A thin shell: bpat::loadRuntimeBackend loads the backend,
// graphio::readGraphFile reads the graph, graphio::matchGraph runs the table
// (or the naive matcher) and graphio::matchMap{JSON,Text} print the match
// map. With --write-fused, graphio::fuseWithStandIns applies the fuse-mode
// matches (rt::fuseGraph) and graphio::writeGraphJSON writes the fused graph.
// See docs/bpat-match.md.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "bpat/Driver/ToolSupport.h"
#include "bpat/GraphIO/BackendReader.h"
#include "bpat/GraphIO/GraphReader.h"
#include "bpat/GraphIO/MatchReport.h"
#include "bpat/GraphIO/StandInFusion.h"
#include "bpat/GraphJSON/GraphWriter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory matchCategory("bpat-match options");

static cl::opt<std::string> patternsFile(
    "patterns",
    cl::desc("The backend: a .bpat file, or the .json file bpatc "
             "--emit=runtime-json wrote from one (loaded without compiling, "
             "the fast way for repeated runs)"),
    cl::value_desc("file.bpat|file.json"), cl::Required,
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

static cl::opt<std::string>
    graphFile("graph",
              cl::desc("The graph JSON (docs/json-format.md §2), or - for "
                       "standard input"),
              cl::value_desc("graph.json"), cl::Required,
              cl::cat(matchCategory));

static cl::opt<bpat::rt::MatchMode> matchMode(
    "mode", cl::desc("Which of PyTorch's matchers to reproduce"),
    cl::values(clEnumValN(bpat::rt::MatchMode::Quantize, "quantize",
                          "prepare's find_matches: every config, "
                          "wildcard-matched nodes claimed (default)"),
               clEnumValN(bpat::rt::MatchMode::Fuse, "fuse",
                          "fuse's _find_matches: configs with a fuser, "
                          "wildcard-matched nodes not claimed")),
    cl::init(bpat::rt::MatchMode::Quantize), cl::cat(matchCategory));

enum class OutputFormat { Text, JSON };
static cl::opt<OutputFormat> outputFormat(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(OutputFormat::Text, "text",
                          "one line per match (default)"),
               clEnumValN(OutputFormat::JSON, "json",
                          "the match map JSON of docs/json-format.md §3")),
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
    cl::desc("With --mode fuse: also apply the matches as PyTorch's fuse_fx "
             "does (eval mode) and write the fused graph, in the graph JSON "
             "format, to <file>; a fused node's target is the class the "
             "fuser returns (docs/bpat-match.md, \"Fusing\")"),
    cl::value_desc("file"), cl::cat(matchCategory));

static cl::opt<std::string> fuserCalls(
    "fuser-calls",
    cl::desc("With --write-fused: write one line per fuser call, in call "
             "order, with the modules the fuser receives after is_qat"),
    cl::value_desc("file"), cl::cat(matchCategory));

enum class FuserCallsAPI { V1_13, V2 };
static cl::opt<FuserCallsAPI> fuserCallsAPI(
    "torch-api",
    cl::desc("With --fuser-calls: the PyTorch whose configs' fuser_method "
             "the lines show the arguments of"),
    cl::values(clEnumValN(FuserCallsAPI::V1_13, "1.13",
                          "1.13.1: reversed nested, as its reverse2/reverse3 "
                          "wrappers receive them (default)"),
               clEnumValN(FuserCallsAPI::V2, "2",
                          "2.x: in forward order for a simple-format "
                          "config of 2 or 3 ops, reversed nested otherwise")),
    cl::init(FuserCallsAPI::V1_13), cl::cat(matchCategory));

static cl::opt<bool> noWarnings("w", cl::desc("Suppress all warnings"),
                                cl::cat(matchCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "bpat-match") << message << "\n";
  return 1;
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

  SourceMgr sourceMgr;
  bpat::DiagnosticEngine diags(sourceMgr);
  diags.setProgramName("bpat-match");
  diags.setIgnoreWarnings(noWarnings);
  bpat::ImportOptions imports;
  imports.includeDirs = includeDirs;
  imports.libraryDir = libraryDir.getNumOccurrences()
                           ? libraryDir
                           : bpat::defaultLibraryDir(argv[0]);

  std::optional<bpat::rt::BackendConfig> loaded;
  if (StringRef(patternsFile).endswith(".json")) {
    loaded = bpat::graphio::readRuntimeBackendFile(patternsFile, diags);
    if (loaded && !backendName.empty() && loaded->name != backendName)
      return fail("'" + patternsFile + "' holds backend '" + loaded->name +
                  "', not '" + backendName + "'");
  } else {
    loaded =
        bpat::loadRuntimeBackend(patternsFile, backendName, imports, diags);
  }
  if (!loaded)
    return 1;
  if (!writeFused.empty() && matchMode != bpat::rt::MatchMode::Fuse)
    return fail("--write-fused needs --mode fuse");
  if (!fuserCalls.empty() && writeFused.empty())
    return fail("--fuser-calls needs --write-fused");
  if (fuserCallsAPI.getNumOccurrences() && fuserCalls.empty())
    return fail("--torch-api needs --fuser-calls");
  const bpat::rt::BackendConfig &config = *loaded;

  std::optional<bpat::rt::Graph> graph =
      bpat::graphio::readGraphFile(graphFile, diags);
  if (!graph)
    return 1;

  Expected<bpat::rt::MatchMap> map =
      bpat::graphio::matchGraph(config, *graph, matchMode,
                                naive ? bpat::graphio::MatcherKind::Naive
                                      : bpat::graphio::MatcherKind::Table);
  if (!map)
    return fail(toString(map.takeError()));

  std::string text = outputFormat == OutputFormat::JSON
                         ? bpat::graphio::matchMapJSON(*graph, config, *map)
                         : bpat::graphio::matchMapText(*graph, config, *map);
  bpat::OutputFiles outputs;
  if (!writeFused.empty()) {
    std::string calls;
    bpat::rt::Error fused = bpat::graphio::fuseWithStandIns(
        *graph, config, *map,
        [&](uint32_t index, const bpat::rt::NestedArgs<std::string> &modules) {
          calls += bpat::graphio::renderModules(
                       fuserCallsAPI == FuserCallsAPI::V2
                           ? bpat::graphio::torch2FuserArguments(
                                 config.configs[index], modules)
                           : modules) +
                   "\n";
        });
    if (fused)
      return fail("cannot fuse '" + graphFile + "': " + fused.message());
    if (Error e =
            outputs.add(writeFused, bpat::graphio::writeGraphJSON(*graph)))
      return fail(toString(std::move(e)));
    if (!fuserCalls.empty())
      if (Error e = outputs.add(fuserCalls, calls))
        return fail(toString(std::move(e)));
  }
  if (Error e = outputs.add(outputFile, text))
    return fail(toString(std::move(e)));
  if (Error e = outputs.commit())
    return fail(toString(std::move(e)));
  return 0;
}
