//===- bpat-fuzz.cpp - libFuzzer target over the whole of bpatc -----------===//
//
// Feeds arbitrary bytes through parse, Sema, lowering and every emitter.
// Any crash, hang, sanitizer report or uncaught exception is a bug: bad input
// must only ever produce diagnostics.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bpat::EmitKind kinds[] = {
      bpat::EmitKind::Simple,      bpat::EmitKind::Complex,
      bpat::EmitKind::JSON,        bpat::EmitKind::AST,
      bpat::EmitKind::BPat,        bpat::EmitKind::Torch,
      bpat::EmitKind::CppRegister, bpat::EmitKind::CppMatcher};
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  for (bpat::EmitKind kind : kinds) {
    llvm::SourceMgr sourceMgr;
    std::string sink;
    llvm::raw_string_ostream diagOut(sink);
    bpat::DiagnosticEngine diags(sourceMgr, diagOut);
    bpat::CompileOptions options;
    options.emit = kind;
    if (const char *lib = std::getenv("BPAT_FUZZ_LIBRARY"))
      options.imports.libraryDir = lib;
    // Import paths resolve against a directory that holds no .bpat files
    // unless the library is given, so inputs cannot read arbitrary files.
    auto buffer =
        llvm::MemoryBuffer::getMemBufferCopy(text, "/fuzz/input.bpat");
    bpat::compileBuffer(std::move(buffer), options, diags);
  }
  return 0;
}
