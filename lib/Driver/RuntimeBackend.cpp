//===- RuntimeBackend.cpp - A backend as runtime data, with its sources ---===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/RuntimeBackend.h"

#include "bpat/CodeGen/RuntimeModel.h"
#include "bpat/Lower/Lowering.h"
#include "llvm/Support/SourceMgr.h"

using namespace bpat;

std::optional<rt::BackendConfig> bpat::loadRuntimeBackendWithSources(
    const std::string &file, const std::string &backend,
    const ImportOptions &imports, DiagnosticEngine &diags) {
  std::optional<AnalyzedProgram> analyzed = analyzeFile(file, imports, diags);
  if (!analyzed)
    return std::nullopt;
  const ir::Backend *selected = selectSingleBackend(*analyzed, backend, diags);
  if (!selected)
    return std::nullopt;
  lower::LoweredBackend lowered = lower::lowerBackend(*selected);
  rt::BackendConfig result = codegen::toRuntimeBackend(lowered);
  // Sema folded duplicate patterns, so configs and lowered configs pair up.
  if (result.configs.size() != lowered.configs.size())
    return result;
  const llvm::SourceMgr &sm = diags.getSourceMgr();
  for (size_t i = 0; i != result.configs.size(); ++i) {
    llvm::SMLoc loc = lowered.configs[i].config->loc.Start;
    unsigned buffer = loc.isValid() ? sm.FindBufferContainingLoc(loc) : 0;
    if (!buffer)
      continue;
    auto [line, col] = sm.getLineAndColumn(loc, buffer);
    result.configs[i].sourceLocation =
        sm.getMemoryBuffer(buffer)->getBufferIdentifier().str() + ":" +
        std::to_string(line) + ":" + std::to_string(col);
  }
  return result;
}
