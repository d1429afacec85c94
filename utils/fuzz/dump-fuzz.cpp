//===- dump-fuzz.cpp - libFuzzer target over bpat-import's dump reader ----===//
//
// Feeds arbitrary bytes to bpat-import's migration (the shared JSON reader,
// the dump reader, naming, merging, the .bpat writer), reusing the library
// under BPAT_FUZZ_LIBRARY; every .bpat it writes must then compile with
// bpatc's pipeline. Any crash, hang, sanitizer report, or output that does
// not compile is a bug.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "bpat/Import/Migration.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const char *Lib = std::getenv("BPAT_FUZZ_LIBRARY");
  llvm::SourceMgr SM;
  std::string Sink;
  llvm::raw_string_ostream DiagOut(Sink);
  bpat::DiagnosticEngine Diags(SM, DiagOut);
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  unsigned Id = SM.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(Text, "fuzz.json"), llvm::SMLoc());
  bpat::MigrationOptions Options;
  if (Lib)
    Options.imports.libraryDir = Lib;
  std::optional<bpat::MigrationResult> Result =
      bpat::migrateBackendConfig(Id, Options, Diags);
  if (!Result)
    return 0;
  llvm::SourceMgr SM2;
  bpat::DiagnosticEngine Diags2(SM2, DiagOut);
  bpat::CompileOptions Compile;
  Compile.emit = bpat::EmitKind::JSON;
  Compile.imports = Options.imports;
  if (!bpat::compileBuffer(
          llvm::MemoryBuffer::getMemBufferCopy(Result->text, "/fuzz/out.bpat"),
          Compile, Diags2))
    std::abort(); // bpat-import wrote a .bpat that does not compile
  return 0;
}
