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

static cl::list<std::string> files(cl::Positional, cl::desc("<file.bpat>..."),
                                   cl::OneOrMore);
static cl::list<std::string> includeDirs("I", cl::desc("Import directory"),
                                         cl::Prefix);
static cl::opt<std::string>
    libraryDir("library-dir", cl::desc("Shipped .bpat library directory"),
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
  int status = 0;
  for (const std::string &file : files) {
    SourceMgr sm;
    DiagnosticEngine diags(sm);
    diags.setIgnoreWarnings(true);
    ImportOptions imports;
    imports.includeDirs = includeDirs;
    imports.libraryDir = libraryDir;
    std::optional<AnalyzedProgram> a = analyzeFile(file, imports, diags);
    if (!a) {
      errs() << file << ": does not compile\n";
      status = 1;
      continue;
    }
    std::string shortName = sys::path::filename(file).str();
    bool any = false;
    for (const ir::Backend &b : a->program->backends) {
      if (!b.inMainFile)
        continue;
      any = true;
      rt::BackendConfig bc = codegen::toRuntimeBackend(lower::lowerBackend(b));
      for (rt::MatchMode m : {rt::MatchMode::Quantize, rt::MatchMode::Fuse}) {
        rt::Expected<rt::MatcherTable> t = rt::MatcherTableBuilder(bc).build(m);
        if (!t) {
          errs() << file << ": " << b.name << ": " << t.message() << "\n";
          status = 1;
          continue;
        }
        rt::TableStats s = rt::tableStats(t->view());
        const char *mode = m == rt::MatchMode::Quantize ? "quantize" : "fuse";
        outs() << format("%-28s %-18s %-8s %7zu %8zu %8zu %9.1f %9zu %7zu "
                         "%5zu %6zu %6zu %4zu %7zu\n",
                         shortName.c_str(), b.name.c_str(), mode,
                         bc.configs.size(), s.numPatterns, s.bytes,
                         s.bytesPerPattern, t->strings.size(), s.numBuckets,
                         s.maxDepth, s.numGroups, s.codeWords, s.numRegisters,
                         s.numStrings);
      }
    }
    if (!any)
      outs() << format("%-28s %s\n", shortName.c_str(),
                       (const char *)"(declares no backend)");
  }
  return status;
}
