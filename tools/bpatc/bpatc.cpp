//===- bpatc.cpp - The bpat compiler driver -------------------------------===//
//
// A thin command-line shell over bpat::compileFile: options in, diagnostics
// and one output file out. The output file is written only when compilation
// succeeded, so a failed run never leaves a partial or truncated file.
//
//===----------------------------------------------------------------------===//

#include "Allocator.h"
#include "bpat/Driver/Pipeline.h"
#include "bpat/Driver/ToolSupport.h"
#include "bpat/Support/Diagnostics.h"
#include "bpat/Support/FixIts.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include <optional>

using namespace llvm;

static cl::OptionCategory bpatcCategory("bpatc options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<input .bpat file, or - for "
                                               "stdin>"),
                                      cl::Required, cl::cat(bpatcCategory));

static cl::opt<std::string> outputFile("o",
                                       cl::desc("Write the output to <file> "
                                                "(default: standard output)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(bpatcCategory));

static cl::list<std::string>
    includeDirs("I", cl::desc("Add <dir> to the import search path"),
                cl::value_desc("dir"), cl::Prefix, cl::cat(bpatcCategory));

static cl::opt<std::string> libraryDir(
    "library-dir",
    cl::desc("Directory of the shipped .bpat library (default: share/bpat "
             "next to the bin/ directory holding bpatc)"),
    cl::value_desc("dir"), cl::cat(bpatcCategory));

static cl::opt<bpat::EmitKind> emitKind(
    "emit", cl::desc("What to write:"), cl::init(bpat::EmitKind::Simple),
    cl::values(
        clEnumValN(bpat::EmitKind::Simple, "simple",
                   "each config's forward-order pattern tuple, one per line"),
        clEnumValN(bpat::EmitKind::Complex, "complex",
                   "each config's legacy reversed nested tuple, one per line"),
        clEnumValN(bpat::EmitKind::JSON, "json",
                   "the backend as BackendConfig.to_dict() JSON"),
        clEnumValN(bpat::EmitKind::AST, "ast",
                   "the syntax tree of the input file, for debugging"),
        clEnumValN(bpat::EmitKind::BPat, "bpat",
                   "the input file in canonical format"),
        clEnumValN(bpat::EmitKind::Torch, "torch",
                   "a Python module building PyTorch's BackendConfig"),
        clEnumValN(bpat::EmitKind::CppRegister, "cpp-register",
                   "a C++ header registering the configs with the runtime"),
        clEnumValN(bpat::EmitKind::CppMatcher, "cpp-matcher",
                   "the C++ matcher tables (constexpr data)"),
        clEnumValN(bpat::EmitKind::RuntimeJSON, "runtime-json",
                   "the backend as the runtime's data model in JSON, which "
                   "bpat-match loads without compiling .bpat sources"),
        clEnumValN(bpat::EmitKind::RuntimeBin, "runtime-bin",
                   "the compiled backend (binary: -o or a pipe, not a "
                   "terminal): matcher tables "
                   "and the runtime JSON in one file, which bpat-match loads "
                   "without parsing; the fastest way to run it")),
    cl::cat(bpatcCategory));

static cl::opt<bpat::codegen::TorchTarget> torchTarget(
    "torch-api", cl::desc("PyTorch API for --emit=torch:"),
    cl::init(bpat::codegen::TorchTarget::V2),
    cl::values(clEnumValN(bpat::codegen::TorchTarget::V113, "1.13",
                          "legacy patterns under `pattern`, fusers wrapped "
                          "as 1.13 expects"),
               clEnumValN(bpat::codegen::TorchTarget::V2, "2",
                          "simple patterns for chains of 2 or 3 ops, "
                          "_set_pattern_complex_format otherwise")),
    cl::cat(bpatcCategory));

static cl::opt<std::string>
    backendName("backend",
                cl::desc("Emit only backend <name> (default: every backend "
                         "declared in the input file)"),
                cl::value_desc("name"), cl::cat(bpatcCategory));

static cl::opt<std::string> dependencyFile(
    "d",
    cl::desc("Write a Makefile-style dependency file listing every .bpat "
             "file read, for build systems (needs -o)"),
    cl::value_desc("file"), cl::cat(bpatcCategory));

static cl::opt<bool> writeIfChanged(
    "write-if-changed",
    cl::desc("Leave the output file untouched (and its timestamp unchanged) "
             "when the new contents are the same"),
    cl::cat(bpatcCategory));

static cl::opt<bool> omitComments(
    "omit-comments",
    cl::desc("With --emit=cpp-matcher: leave out per-pattern comments"),
    cl::cat(bpatcCategory));

/// The -W option's help, naming the warnings from Warnings.def.
static std::string warningFlagHelp() {
  std::string names;
  for (size_t i = 0; i < bpat::numWarningKinds; ++i)
    names += std::string(i ? ", " : "") + bpat::warningInfos[i].name;
  return "-Werror: treat warnings as errors; -W<name> / -Wno-<name>: turn a "
         "warning on or off; -Werror=<name> / -Wno-error=<name>: make one an "
         "error or not. Names: " +
         names + " (docs/diagnostics.md)";
}
static const std::string warningHelp = warningFlagHelp();

static cl::list<std::string> warningFlags("W", cl::Prefix,
                                          cl::desc(warningHelp),
                                          cl::value_desc("flag"),
                                          cl::cat(bpatcCategory));
static cl::opt<bool> noWarnings("w", cl::desc("Suppress all warnings"),
                                cl::cat(bpatcCategory));
static cl::opt<unsigned>
    errorLimit("error-limit",
               cl::desc("Stop reporting after <n> errors (0: no limit)"),
               cl::value_desc("n"), cl::init(50), cl::cat(bpatcCategory));

static cl::opt<bpat::DiagnosticsFormat> diagnosticsFormat(
    "diagnostics-format", cl::desc("How to write diagnostics:"),
    cl::init(bpat::DiagnosticsFormat::Text),
    cl::values(clEnumValN(bpat::DiagnosticsFormat::Text, "text",
                          "clang's form, each as it is found"),
               clEnumValN(bpat::DiagnosticsFormat::JSON, "json",
                          "one JSON document at the end (docs/diagnostics.md)"),
               clEnumValN(bpat::DiagnosticsFormat::SARIF, "sarif",
                          "one SARIF 2.1.0 log at the end, for CI and "
                          "editors")),
    cl::cat(bpatcCategory));

static cl::opt<std::string> fixitOutput(
    "fixit",
    cl::desc("Apply the fix-its of the diagnostics to the input file (in "
             "place), or with --fixit=<file> to a copy written there"),
    cl::value_desc("file"), cl::ValueOptional, cl::cat(bpatcCategory));

/// Escapes a path for a Makefile rule.
static std::string makeEscape(StringRef path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#')
      out += '\\';
    else if (c == '$')
      out += '$';
    out += c;
  }
  return out;
}

/// `output: input1 input2 ...`, written only after a successful compile.
static std::string dependencyRule(const bpat::CompileResult &result) {
  std::string rule = makeEscape(outputFile) + ":";
  for (const std::string &input : result.inputs)
    rule += " \\\n  " + makeEscape(input);
  rule += "\n";
  return rule;
}

/// Applies the fix-its reported in the input file (--fixit), in place or to
/// the copy --fixit=<file> names, and says how many.
static Error applyFixIts(bpat::DiagnosticEngine &diags) {
  SourceMgr &sm = diags.getSourceMgr();
  unsigned mainID = sm.getMainFileID();
  if (!mainID || mainID > sm.getNumBuffers())
    return createStringError(inconvertibleErrorCode(),
                             "--fixit: the input file could not be read");
  StringRef input = sm.getMemoryBuffer(mainID)->getBufferIdentifier();
  std::string target = fixitOutput.empty() ? input.str() : fixitOutput;
  if (target == "-" || (fixitOutput.empty() && input == "<stdin>"))
    return createStringError(inconvertibleErrorCode(),
                             "--fixit cannot edit standard input in place; "
                             "name a copy with --fixit=<file>");
  bpat::FixedText fixed = bpat::applyFixIts(sm, mainID, diags.getFixIts());
  if (fixed.applied == 0 && fixitOutput.empty())
    return Error::success();
  if (Error e = bpat::writeFileAtomically(target, fixed.text))
    return e;
  if (diags.getFormat() == bpat::DiagnosticsFormat::Text) {
    errs() << "bpatc: applied " << fixed.applied << " fix-it"
           << (fixed.applied == 1 ? "" : "s") << " to " << target;
    if (fixed.conflicting)
      errs() << " (" << fixed.conflicting
             << " left out: they overlap an earlier one)";
    errs() << "\n";
  }
  return Error::success();
}

/// Everything after the command line, reporting through `diags`.
static int run(bpat::DiagnosticEngine &diags, const char *argv0,
               bool printStats) {
  diags.setIgnoreWarnings(noWarnings);
  if (Error e = bpat::applyWarningFlags(warningFlags, diags)) {
    diags.errorNoLoc(toString(std::move(e)));
    return 1;
  }
  diags.setErrorLimit(errorLimit);
  if (emitKind == bpat::EmitKind::RuntimeBin && outputFile == "-" &&
      sys::Process::StandardOutIsDisplayed()) {
    diags.errorNoLoc("--emit=runtime-bin writes a binary file; name it with "
                     "-o (or redirect standard output)");
    return 1;
  }

  bpat::CompileOptions options;
  options.emit = emitKind;
  options.backend = backendName;
  options.torchTarget = torchTarget;
  options.omitComments = omitComments;
  // bpatc exits right after writing the output: skip freeing the program.
  options.disableFree = true;
  options.imports.includeDirs = includeDirs;
  options.imports.libraryDir = libraryDir.getNumOccurrences()
                                   ? libraryDir
                                   : bpat::defaultLibraryDir(argv0);

  // The output streams to its file (a temporary one beside it, renamed into
  // place only when all went well) instead of being held in memory: at 1M
  // patterns the output is hundreds of MB. The output and the dependency
  // file are committed together: both or neither. If the file cannot be
  // opened, the output goes to memory and that is reported after the
  // compile, as a failed write is.
  bpat::OutputFiles outputs;
  Expected<raw_ostream &> out =
      outputs.open(outputFile, writeIfChanged && outputFile != "-");
  std::optional<std::string> openError;
  if (out)
    options.output = &*out;
  else
    openError = toString(out.takeError());

  std::optional<bpat::CompileResult> result =
      bpat::compileFile(inputFile, options, diags);
  if (fixitOutput.getNumOccurrences())
    if (Error e = applyFixIts(diags))
      diags.errorNoLoc(toString(std::move(e)));
  if (!result || diags.hadError())
    return 1;
  if (dependencyFile.getNumOccurrences() && outputFile == "-") {
    diags.errorNoLoc("-d needs an output file given with -o");
    return 1;
  }
  if (openError) {
    diags.errorNoLoc(*openError);
    return 1;
  }

  if (printStats)
    errs() << result->stats;

  auto write = [&]() -> Error {
    if (!dependencyFile.empty())
      if (Error e = outputs.add(dependencyFile, dependencyRule(*result)))
        return e;
    return outputs.commit();
  };
  if (Error e = write()) {
    diags.errorNoLoc(toString(std::move(e)));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "bpatc (bpat) " << BPAT_VERSION << "\n"
       << "  allocator: " << bpat::tools::describeAllocator() << "\n";
  });
  // LLVM registers its own -stats; ours (table statistics) takes the name.
  StringMap<cl::Option *> &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("stats"); it != registered.end())
    it->second->setArgStr("llvm-stats");
  static cl::opt<bool> printStats(
      "stats",
      cl::desc("With --emit=cpp-matcher: print the tables' size (bytes, "
               "bytes per pattern) and shape to stderr"),
      cl::cat(bpatcCategory));
  cl::HideUnrelatedOptions(bpatcCategory);
  if (!bpat::parseCommandLine(
          argc, argv,
          "bpatc: the bpat compiler\n\n"
          "Reads a .bpat file (and the files it imports), checks it, and "
          "writes\n"
          "the backend's pattern configs in the form chosen with --emit.\n"
          "Diagnostics go to standard error; the exit status is 1 if there "
          "was\n"
          "any error, and then no output file is written.\n"))
    return 1;

  SourceMgr sourceMgr;
  bpat::DiagnosticEngine diags(sourceMgr);
  diags.setFormat(diagnosticsFormat, BPAT_VERSION);
  int status = run(diags, argv[0], printStats);
  diags.finish();
  return status;
}
