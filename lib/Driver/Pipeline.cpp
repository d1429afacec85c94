//===- Pipeline.cpp - The whole of bpatc as one function ------------------===//
//
// The stages in the order they run: load (parse every file), analyze (Sema),
// check PyTorch's rules, select the backends, lower each, emit. Every stage
// reports through the one DiagnosticEngine; the output is complete or absent.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/Pipeline.h"
#include "BackendSelection.h"
#include "bpat/AST/ASTPrinter.h"
#include "bpat/Check/TorchRules.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Lower/Lowering.h"
#include "bpat/Sema/Sema.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace bpat;

/// The outputs that describe exactly one backend.
static bool takesOneBackend(EmitKind emit) {
  return emit == EmitKind::JSON || emit == EmitKind::CppRegister ||
         emit == EmitKind::CppMatcher || emit == EmitKind::RuntimeJSON ||
         emit == EmitKind::RuntimeBin;
}

static std::optional<CompileResult>
compileProgram(std::unique_ptr<ast::Program> ast, const CompileOptions &options,
               DiagnosticEngine &diags, std::vector<std::string> inputs) {
  if (!ast)
    return std::nullopt;
  CompileResult result;
  result.inputs = std::move(inputs);
  llvm::raw_string_ostream stringOS(result.output);
  // raw_string_ostream is unbuffered: every small write of an emitter would
  // go through write_impl. Buffer it; each `return result` flushes first.
  stringOS.SetBuffered();
  llvm::raw_ostream &os = options.output ? *options.output : stringOS;

  // The syntactic outputs need no checking beyond parsing.
  if (options.emit == EmitKind::AST) {
    ast::dumpModule(ast->getMainModule(), diags.getSourceMgr(), os);
    os.flush();
    stringOS.flush();
    return result;
  }

  std::unique_ptr<ir::Program> program = analyze(*ast, diags);
  if (!program)
    return std::nullopt;
  if (options.emit == EmitKind::BPat) {
    ast::formatModule(ast->getMainModule(), os);
    os.flush();
    stringOS.flush();
    return result;
  }
  check::checkTorchRules(*program, diags);

  std::optional<std::vector<const ir::Backend *>> backends = selectBackends(
      *program, *ast, options.backend, takesOneBackend(options.emit), diags);
  if (!backends)
    return std::nullopt;
  // Nothing below reads the syntax tree (the checked IR holds what it
  // needs): freed now, its memory is reused by lowering and emission instead
  // of their touching fresh pages, which is much of a large compile's cost.
  ast.reset();
  for (const ir::Backend *backend : *backends) {
    auto loweredPtr =
        std::make_unique<lower::LoweredBackend>(lower::lowerBackend(*backend));
    const lower::LoweredBackend &lowered = *loweredPtr;
    // The runtime model of the backend, for the outputs built from it.
    // The matcher tables and a compiled backend's labels need the patterns
    // alone (and the runtime JSON is written config by config).
    std::unique_ptr<rt::BackendConfig> model;
    if (options.emit == EmitKind::RuntimeJSON ||
        options.emit == EmitKind::RuntimeBin ||
        options.emit == EmitKind::CppMatcher)
      model = std::make_unique<rt::BackendConfig>(
          codegen::toRuntimeMatcherModel(lowered));
    switch (options.emit) {
    case EmitKind::Simple:
    case EmitKind::Complex:
      codegen::emitPatternList(lowered, options.emit == EmitKind::Simple, os);
      break;
    case EmitKind::JSON:
      codegen::emitJSON(lowered, os);
      break;
    case EmitKind::Torch:
      codegen::emitTorch(lowered, options.torchTarget, os);
      break;
    case EmitKind::CppRegister:
      codegen::emitCppRegister(lowered, os);
      break;
    case EmitKind::RuntimeJSON:
      codegen::emitRuntimeJSON(lowered, *model, os);
      break;
    case EmitKind::RuntimeBin:
      if (llvm::Error e = codegen::emitRuntimeImage(lowered, *model, os))
        diags.errorNoLoc("cannot compile backend '" + backend->name +
                         "': " + llvm::toString(std::move(e)));
      break;
    case EmitKind::CppMatcher: {
      codegen::CppMatcherOptions matcherOptions;
      matcherOptions.comments = !options.omitComments;
      llvm::raw_string_ostream statsOS(result.stats);
      if (llvm::Error e = codegen::emitCppMatcher(lowered, *model,
                                                  matcherOptions, os, statsOS))
        diags.errorNoLoc("cannot build the matcher tables of backend '" +
                         backend->name + "': " + llvm::toString(std::move(e)));
      break;
    }
    case EmitKind::AST:
    case EmitKind::BPat:
      break;
    }
    // Like the program below: freeing a large backend's pieces one by one
    // costs more than the process's exit does.
    if (options.disableFree) {
      llvm::BuryPointer(std::move(loweredPtr));
      llvm::BuryPointer(std::move(model));
    }
  }
  os.flush();
  stringOS.flush();
  if (options.disableFree)
    llvm::BuryPointer(std::move(program));
  if (diags.hadError())
    return std::nullopt;
  return result;
}

std::optional<CompileResult> bpat::compileFile(const std::string &mainFile,
                                               const CompileOptions &options,
                                               DiagnosticEngine &diags) {
  std::vector<std::string> inputs;
  std::unique_ptr<ast::Program> ast =
      loadProgram(mainFile, options.imports, diags, &inputs);
  return compileProgram(std::move(ast), options, diags, std::move(inputs));
}

std::optional<CompileResult>
bpat::compileBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer,
                    const CompileOptions &options, DiagnosticEngine &diags) {
  std::vector<std::string> inputs;
  std::unique_ptr<ast::Program> ast =
      loadProgramFromBuffer(std::move(buffer), options.imports, diags, &inputs);
  return compileProgram(std::move(ast), options, diags, std::move(inputs));
}

std::optional<AnalyzedProgram> bpat::analyzeFile(const std::string &mainFile,
                                                 const ImportOptions &imports,
                                                 DiagnosticEngine &diags) {
  AnalyzedProgram result;
  result.ast = loadProgram(mainFile, imports, diags, &result.inputs);
  if (!result.ast)
    return std::nullopt;
  result.program = analyze(*result.ast, diags);
  if (!result.program)
    return std::nullopt;
  return result;
}

std::optional<rt::BackendConfig>
bpat::loadRuntimeBackend(const std::string &file, const std::string &backend,
                         const ImportOptions &imports,
                         DiagnosticEngine &diags) {
  std::optional<AnalyzedProgram> analyzed = analyzeFile(file, imports, diags);
  if (!analyzed)
    return std::nullopt;
  const ir::Backend *selected = selectSingleBackend(*analyzed, backend, diags);
  if (!selected)
    return std::nullopt;
  return codegen::toRuntimeBackend(lower::lowerBackend(*selected));
}
