//===- Pipeline.cpp - The whole of bpatc as one function ------------------===//

#include "bpat/Driver/Pipeline.h"
#include "bpat/AST/ASTPrinter.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Lower/Lowering.h"
#include "bpat/Sema/Sema.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace bpat;

/// The backends to emit: the one asked for, or those of the main file.
static std::optional<std::vector<const ir::Backend *>>
selectBackends(const ir::Program &program, const CompileOptions &options,
               const ast::Program &ast, DiagnosticEngine &diags) {
  std::vector<const ir::Backend *> selected;
  if (!options.backend.empty()) {
    if (const ir::Backend *b = program.findBackend(options.backend)) {
      selected.push_back(b);
      return selected;
    }
    std::string message = "no backend named '" + options.backend + "'";
    std::string names;
    for (const ir::Backend &b : program.backends)
      names += (names.empty() ? "" : ", ") + b.name;
    diags.errorNoLoc(message + (names.empty() ? "; the input declares none"
                                              : "; the backends are " + names));
    return std::nullopt;
  }
  for (const ir::Backend &b : program.backends)
    if (b.inMainFile)
      selected.push_back(&b);
  if (selected.empty()) {
    diags.errorNoLoc("'" + ast.getMainModule().fileName +
                     "' declares no backend; nothing to emit (use --backend "
                     "to pick one from an imported file)");
    return std::nullopt;
  }
  bool singleBackend = options.emit == EmitKind::JSON ||
                       options.emit == EmitKind::CppRegister ||
                       options.emit == EmitKind::CppMatcher;
  if (singleBackend && selected.size() > 1) {
    std::string names;
    for (const ir::Backend *b : selected)
      names += (names.empty() ? "" : ", ") + b->name;
    diags.errorNoLoc("this output takes one backend, and the input declares "
                     "several (" +
                     names + "); choose one with --backend");
    return std::nullopt;
  }
  return selected;
}

static std::optional<CompileResult>
compileProgram(std::unique_ptr<ast::Program> ast, const CompileOptions &options,
               DiagnosticEngine &diags, std::vector<std::string> inputs) {
  if (!ast)
    return std::nullopt;
  CompileResult result;
  result.inputs = std::move(inputs);
  llvm::raw_string_ostream os(result.output);

  // The syntactic outputs need no checking beyond parsing.
  if (options.emit == EmitKind::AST) {
    ast::dumpModule(ast->getMainModule(), diags.getSourceMgr(), os);
    os.flush();
    return result;
  }

  std::unique_ptr<ir::Program> program = analyze(*ast, diags);
  if (!program)
    return std::nullopt;
  if (options.emit == EmitKind::BPat) {
    ast::formatModule(ast->getMainModule(), os);
    os.flush();
    return result;
  }

  std::optional<std::vector<const ir::Backend *>> backends =
      selectBackends(*program, options, *ast, diags);
  if (!backends)
    return std::nullopt;
  for (const ir::Backend *backend : *backends) {
    lower::LoweredBackend lowered = lower::lowerBackend(*backend);
    switch (options.emit) {
    case EmitKind::Simple:
    case EmitKind::Complex:
      codegen::emitPatternList(lowered, options.emit == EmitKind::Simple, os);
      break;
    case EmitKind::JSON:
      codegen::emitJSON(lowered, os);
      break;
    case EmitKind::Torch:
      codegen::emitTorch(lowered,
                         options.torchAPI == TorchAPI::V1_13
                             ? codegen::TorchTarget::V1_13
                             : codegen::TorchTarget::V2,
                         os);
      break;
    case EmitKind::CppRegister:
      codegen::emitCppRegister(lowered, os);
      break;
    case EmitKind::CppMatcher: {
      codegen::CppMatcherOptions matcherOptions;
      matcherOptions.comments = !options.omitComments;
      llvm::raw_string_ostream statsOS(result.stats);
      std::string error;
      if (!codegen::emitCppMatcher(lowered, matcherOptions, os, statsOS, error))
        diags.errorNoLoc("cannot build the matcher tables of backend '" +
                         backend->name + "': " + error);
      break;
    }
    case EmitKind::AST:
    case EmitKind::BPat:
      break;
    }
  }
  os.flush();
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

const ir::Backend *bpat::selectSingleBackend(const AnalyzedProgram &analyzed,
                                             const std::string &name,
                                             DiagnosticEngine &diags) {
  CompileOptions options;
  options.backend = name;
  // JSON output takes exactly one backend: reuse its selection rules.
  options.emit = EmitKind::JSON;
  std::optional<std::vector<const ir::Backend *>> selected =
      selectBackends(*analyzed.program, options, *analyzed.ast, diags);
  if (!selected)
    return nullptr;
  return selected->front();
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
