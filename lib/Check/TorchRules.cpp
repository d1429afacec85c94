//===- TorchRules.cpp - Runs the checks of PyTorch's rules ----------------===//
//
// The entry point of the Check stage: computes the facts once, then runs
// each rule over each backend of the main file, reporting in source order.
//
//===----------------------------------------------------------------------===//

#include "bpat/Check/TorchRules.h"
#include "Facts.h"

using namespace bpat;
using namespace bpat::check;

void check::checkTorchRules(const ir::Program &program,
                            DiagnosticEngine &diags) {
  ProgramFacts programFacts(program);
  diags.beginDeferred();
  for (const ir::Backend &backend : program.backends) {
    if (!backend.inMainFile)
      continue;
    BackendFacts backendFacts(backend);
    RuleContext ctx{programFacts, backendFacts, diags};
    checkReferenceModules(ctx);
    checkWeightIndices(ctx);
    checkFusedModules(ctx);
    checkQatModules(ctx);
    checkFusedDTypeConfigs(ctx);
    checkIgnoredAttributes(ctx);
    checkArgumentIndices(ctx);
  }
  diags.flushDeferred();
}
