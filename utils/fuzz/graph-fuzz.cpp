//===- graph-fuzz.cpp - libFuzzer target over graph JSON and matching -----===//
//
// Feeds arbitrary bytes to the FX graph reader (lib/GraphIO over the shared
// JSON reader); every graph it accepts is then matched, in both modes, by
// the table matcher and by the naive matcher (PyTorch's algorithm), which
// must agree. The backend is a .bpat (BPAT_FUZZ_BACKEND, default the native
// 2.6 port under BPAT_FUZZ_LIBRARY). Any crash, hang, sanitizer report or
// disagreement is a bug.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "bpat/GraphIO/GraphReader.h"
#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/NaiveMatcher.h"
#include "bpat/Runtime/TableMatcher.h"
#include "llvm/Support/SourceMgr.h"
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {
/// The backend and its tables, built once.
struct Backend {
  bpat::rt::BackendConfig Config;
  std::vector<bpat::rt::MatcherTable> Tables; // quantize, fuse
};

const Backend &backend() {
  static std::unique_ptr<Backend> B = [] {
    auto Result = std::make_unique<Backend>();
    const char *Lib = std::getenv("BPAT_FUZZ_LIBRARY");
    std::string Library = Lib ? Lib : "library";
    const char *File = std::getenv("BPAT_FUZZ_BACKEND");
    std::string Path =
        File ? File : Library + "/torch-2.6/backends/native.bpat";
    llvm::SourceMgr SM;
    bpat::DiagnosticEngine Diags(SM);
    bpat::ImportOptions Imports;
    Imports.libraryDir = Library;
    auto Config = bpat::loadRuntimeBackend(Path, "", Imports, Diags);
    if (!Config)
      std::abort(); // the fuzzer is misconfigured, not the input
    Result->Config = std::move(*Config);
    bpat::rt::MatcherTableBuilder Builder(Result->Config);
    for (auto Mode : {bpat::rt::MatchMode::Quantize, bpat::rt::MatchMode::Fuse}) {
      auto Table = Builder.build(Mode);
      if (!Table)
        std::abort();
      Result->Tables.push_back(std::move(*Table));
    }
    return Result;
  }();
  return *B;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const Backend &B = backend();
  llvm::SourceMgr SM;
  std::string Sink;
  llvm::raw_string_ostream DiagOut(Sink);
  bpat::DiagnosticEngine Diags(SM, DiagOut);
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  std::optional<bpat::rt::Graph> G =
      bpat::graphio::parseGraphJSON(Text, "fuzz.json", Diags);
  if (!G)
    return 0;
  const bpat::rt::MatchMode Modes[] = {bpat::rt::MatchMode::Quantize,
                                       bpat::rt::MatchMode::Fuse};
  for (size_t I = 0; I < 2; ++I) {
    auto Matcher = bpat::rt::TableMatcher::create(B.Tables[I].view());
    if (!Matcher)
      std::abort();
    bpat::rt::MatchMap Table = Matcher->match(*G);
    bpat::rt::MatchMap Naive =
        bpat::rt::NaiveMatcher(B.Config, Modes[I]).match(*G);
    if (Table != Naive)
      std::abort(); // the two matchers disagree
  }
  return 0;
}
