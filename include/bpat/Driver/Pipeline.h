//===- Pipeline.h - The whole of bpatc as one function ----------*- C++ -*-===//
//
// Parse -> Sema -> Lower -> emit, in the order the stages run. The bpatc tool
// and the fuzzer both call this; neither duplicates the pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_DRIVER_PIPELINE_H
#define BPAT_DRIVER_PIPELINE_H

#include "bpat/CodeGen/Emitters.h"
#include "bpat/Parse/Parser.h"
#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"
#include <optional>
#include <string>
#include <vector>

namespace bpat {

enum class EmitKind {
  Simple,
  Complex,
  JSON,
  AST,
  BPat,
  Torch,
  CppRegister,
  CppMatcher,
  RuntimeJSON,
  RuntimeBin
};

struct CompileOptions {
  EmitKind emit = EmitKind::Simple;
  ImportOptions imports;
  /// Emit this backend only; empty for the backends of the main file.
  std::string backend;
  /// --emit=torch: which PyTorch API to target (docs/torch-emit.md says why
  /// 2 is the default).
  codegen::TorchTarget torchTarget = codegen::TorchTarget::V2;
  /// --emit=cpp-matcher: omit the per-pattern comments.
  bool omitComments = false;
  /// Leave the syntax tree and the checked IR allocated when done (as
  /// clang's -disable-free): a tool that exits right after compiling saves
  /// tearing down millions of small objects. Tests and long-lived callers
  /// keep the default.
  bool disableFree = false;
  /// Where the output goes; null for CompileResult::output. A large output
  /// then never sits in memory whole (bpatc passes its output file). The
  /// stream gets the output as it is made: when the compile returns
  /// nothing, what it holds is to be thrown away.
  llvm::raw_ostream *output = nullptr;
};

/// What a compilation produced.
struct CompileResult {
  /// The output, unless CompileOptions::output took it.
  std::string output;
  /// Table statistics (--emit=cpp-matcher), for --stats.
  std::string stats;
  /// Every file read (main file first), for dependency files.
  std::vector<std::string> inputs;
};

/// Compiles `mainFile` ("-" for stdin). Returns nothing if any error was
/// reported; the output is complete or absent, never partial.
std::optional<CompileResult> compileFile(const std::string &mainFile,
                                         const CompileOptions &options,
                                         DiagnosticEngine &diags);

/// Same, with the main file's text in memory.
std::optional<CompileResult>
compileBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer,
              const CompileOptions &options, DiagnosticEngine &diags);

/// A file parsed and checked, for tools that work on the configs themselves
/// (bpat-match, bpat-import). The AST is kept alive because diagnostics may
/// still point into the source buffers.
struct AnalyzedProgram {
  std::unique_ptr<ast::Program> ast;
  std::unique_ptr<ir::Program> program;
  std::vector<std::string> inputs;
};

/// Parse and check `mainFile`; nothing if any error was reported.
std::optional<AnalyzedProgram> analyzeFile(const std::string &mainFile,
                                           const ImportOptions &imports,
                                           DiagnosticEngine &diags);

/// The backend called `name`, or (when `name` is empty) the only backend of
/// the main file. Reports an error and returns null otherwise.
const ir::Backend *selectSingleBackend(const AnalyzedProgram &analyzed,
                                       const std::string &name,
                                       DiagnosticEngine &diags);

/// A backend of `file` (the one named `backend`, or the main file's only
/// one) as the runtime's data model, in registration order: what generated
/// registration code would fill in. Nothing if an error was reported.
std::optional<rt::BackendConfig>
loadRuntimeBackend(const std::string &file, const std::string &backend,
                   const ImportOptions &imports, DiagnosticEngine &diags);

} // namespace bpat

#endif // BPAT_DRIVER_PIPELINE_H
