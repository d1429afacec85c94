//===- bpat-import.cpp - PyTorch BackendConfig dumps to .bpat ------------===//
//
// Reads the JSON dump of a BackendConfig (utils/dump_backend_config.py, or
// `bpatc --emit=json`) and writes an equivalent .bpat file. Before writing,
// it compiles its own output in memory and checks that `--emit=json` gives
// the dump back; the output file is written only if that holds.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "bpat/Driver/ToolSupport.h"
#include "bpat/Support/InputFile.h"
#include "bpat/Import/JSONReader.h"
#include "bpat/Import/Migration.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory importCategory("bpat-import options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<BackendConfig JSON dump, or "
                                               "- for stdin>"),
                                      cl::Required, cl::cat(importCategory));

static cl::opt<std::string> outputFile("o",
                                       cl::desc("Write the .bpat file to "
                                                "<file> (default: standard "
                                                "output)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(importCategory));

static cl::opt<std::string>
    backendName("backend-name",
                cl::desc("Name of the backend in the output (default: the "
                         "dump's \"name\")"),
                cl::value_desc("name"), cl::cat(importCategory));

static cl::list<std::string>
    includeDirs("I",
                cl::desc("Also reuse the declarations of the .bpat files "
                         "under <dir> (and pass -I <dir> to bpatc)"),
                cl::value_desc("dir"), cl::Prefix, cl::cat(importCategory));

static cl::opt<std::string> libraryDir(
    "library-dir",
    cl::desc("Directory of the shipped .bpat library (default: share/bpat "
             "next to the bin/ directory holding bpat-import)"),
    cl::value_desc("dir"), cl::cat(importCategory));

static cl::opt<bool>
    noVerify("no-verify",
             cl::desc("Do not check that the output compiles back to the "
                      "dump"),
             cl::cat(importCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "bpat-import") << message << "\n";
  return 1;
}

/// Compiles `text` as bpatc would and compares its JSON with the dump.
/// Returns an empty string if they are equal, else what went wrong.
static std::string verify(const std::string &text,
                          const bpat::MigrationResult &result,
                          const bpat::ImportOptions &imports,
                          StringRef dumpText) {
  std::string bufferName = outputFile == "-"
                               ? std::string("<bpat-import output>")
                               : std::string(outputFile);
  SourceMgr sourceMgr;
  std::string diagnostics;
  raw_string_ostream diagStream(diagnostics);
  bpat::DiagnosticEngine diags(sourceMgr, diagStream);
  diags.setIgnoreWarnings(true);
  bpat::CompileOptions options;
  options.emit = bpat::EmitKind::JSON;
  options.imports = imports;
  options.backend = result.backendName;
  std::optional<bpat::CompileResult> compiled = bpat::compileBuffer(
      MemoryBuffer::getMemBufferCopy(text, bufferName), options, diags);
  diagStream.flush();
  if (!compiled)
    return "the generated .bpat does not compile:\n" + diagnostics;

  std::string error;
  std::optional<bpat::JSONValue> expected =
      bpat::parseJSONText(dumpText, error);
  std::optional<bpat::JSONValue> actual =
      bpat::parseJSONText(compiled->output, error);
  if (!expected || !actual)
    return "cannot read back the JSON: " + error;
  // The backend's name may have been changed to an identifier.
  for (auto &member : expected->members)
    if (member.first == "name")
      member.second.text = result.backendName;
  std::string difference;
  if (!bpat::jsonEqual(*expected, *actual, difference))
    return "the generated .bpat compiles to different configs (dump vs "
           "bpatc --emit=json): " +
           difference;
  return "";
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(importCategory);
  if (!bpat::parseCommandLine(
          argc, argv,
          "bpat-import: migrate a PyTorch BackendConfig to bpat\n\n"
          "Reads the JSON dump of a BackendConfig "
          "(utils/dump_backend_config.py)\n"
          "and writes an equivalent .bpat file: forward chains where the "
          "legacy\n"
          "patterns are chains, alternatives grouped, dtype configs named and\n"
          "shared, the shipped library's names reused. The output is checked "
          "to\n"
          "compile back to the same configs before it is written.\n"))
    return 1;

  Expected<std::unique_ptr<MemoryBuffer>> input =
      bpat::readInputFile(inputFile);
  if (!input)
    return fail(toString(input.takeError()));

  SourceMgr sourceMgr;
  bpat::DiagnosticEngine diags(sourceMgr);
  diags.setProgramName("bpat-import");
  std::string dumpText = (*input)->getBuffer().str();
  unsigned bufferId = sourceMgr.AddNewSourceBuffer(std::move(*input), SMLoc());

  bpat::MigrationOptions options;
  options.backendName = backendName;
  options.imports.includeDirs = includeDirs;
  options.imports.libraryDir = libraryDir.getNumOccurrences()
                                   ? libraryDir
                                   : bpat::defaultLibraryDir(argv[0]);
  options.sourceName =
      inputFile == "-" ? std::string() : sys::path::filename(inputFile).str();

  std::optional<bpat::MigrationResult> result =
      bpat::migrateBackendConfig(bufferId, options, diags);
  if (!result)
    return 1;

  if (!noVerify) {
    std::string problem =
        verify(result->text, *result, options.imports, dumpText);
    if (!problem.empty())
      return fail(problem + "\nthis is a bug in bpat-import; --no-verify "
                            "writes the output anyway");
  }

  if (Error e = bpat::writeFileAtomically(outputFile, result->text))
    return fail(toString(std::move(e)));
  return 0;
}
