//===- bench/table_stats.cpp - Matcher table sizes per backend ------------===//
//
// Part of the bpat project: benchmarks (not part of the test suite).
//
//===----------------------------------------------------------------------===//
//
// table_stats [-I dir]... [--library-dir dir] FILE.bpat...
//
// For every backend declared in each file (files that declare none are
// listed and skipped), builds the matcher table in both modes and prints
// one row per backend and mode: configs, patterns in the table, bytes (words
// x 4 + string bytes, as tableStats counts them), bytes per pattern, the
// string bytes alone, buckets, max depth, groups, code words, registers,
// strings.
//
//===----------------------------------------------------------------------===//

#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Driver/Pipeline.h"
#include "bpat/Lower/Lowering.h"
#include "bpat/Runtime/MatcherTable.h"
#include "bpat/Runtime/MatcherTableBuilder.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace bpat;
using namespace llvm;

static cl::list<std::string> Files(cl::Positional, cl::desc("<file.bpat>..."),
                                   cl::OneOrMore);
static cl::list<std::string> IncludeDirs("I", cl::desc("Import directory"),
                                         cl::Prefix);
static cl::opt<std::string>
    LibraryDir("library-dir", cl::desc("Shipped .bpat library directory"),
               cl::init("library"));

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "bpat matcher table sizes\n");
  outs() << format(
      "%-28s %-18s %-8s %7s %8s %8s %9s %9s %7s %5s %6s %6s %4s %7s\n",
      (const char *)"file", (const char *)"backend", (const char *)"mode",
      (const char *)"configs", (const char *)"patterns", (const char *)"bytes",
      (const char *)"B/pattern", (const char *)"str bytes",
      (const char *)"buckets", (const char *)"depth", (const char *)"groups",
      (const char *)"code", (const char *)"regs", (const char *)"strings");
  int Status = 0;
  for (const std::string &File : Files) {
    SourceMgr SM;
    DiagnosticEngine Diags(SM);
    Diags.setIgnoreWarnings(true);
    ImportOptions Imports;
    Imports.includeDirs = IncludeDirs;
    Imports.libraryDir = LibraryDir;
    std::optional<AnalyzedProgram> A = analyzeFile(File, Imports, Diags);
    if (!A) {
      errs() << File << ": does not compile\n";
      Status = 1;
      continue;
    }
    std::string Short = sys::path::filename(File).str();
    bool Any = false;
    for (const ir::Backend &B : A->program->backends) {
      if (!B.inMainFile)
        continue;
      Any = true;
      rt::BackendConfig BC = codegen::toRuntimeBackend(lower::lowerBackend(B));
      for (rt::MatchMode M : {rt::MatchMode::Quantize, rt::MatchMode::Fuse}) {
        rt::Expected<rt::MatcherTable> T = rt::MatcherTableBuilder(BC).build(M);
        if (!T) {
          errs() << File << ": " << B.name << ": " << T.message() << "\n";
          Status = 1;
          continue;
        }
        rt::TableStats S = rt::tableStats(T->view());
        const char *Mode = M == rt::MatchMode::Quantize ? "quantize" : "fuse";
        outs() << format("%-28s %-18s %-8s %7zu %8zu %8zu %9.1f %9zu %7zu "
                         "%5zu %6zu %6zu %4zu %7zu\n",
                         Short.c_str(), B.name.c_str(), Mode, BC.Configs.size(),
                         S.NumPatterns, S.Bytes, S.BytesPerPattern,
                         T->Strings.size(), S.NumBuckets, S.MaxDepth,
                         S.NumGroups, S.CodeWords, S.NumRegisters,
                         S.NumStrings);
      }
    }
    if (!Any)
      outs() << format("%-28s %s\n", Short.c_str(),
                       (const char *)"(declares no backend)");
  }
  return Status;
}
