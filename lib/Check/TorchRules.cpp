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
  // Each rule with the warnings it can report; a rule reports nothing else,
  // so one whose warnings are all off (-w, -Wno-<name>) is skipped, and the
  // whole stage when every rule is.
  using Rule = void (*)(RuleContext &);
  struct {
    Rule rule;
    std::initializer_list<Warning> warnings;
  } rules[] = {
      {checkReferenceModules, {Warning::MissingReferenceModule}},
      {checkWeightIndices, {Warning::MissingWeightIndex}},
      {checkFusedModules,
       {Warning::UnquantizedFusedModule, Warning::NeverFusedModule}},
      {checkQatModules,
       {Warning::IgnoredAttribute, Warning::QatModuleMismatch}},
      {checkFusedDTypeConfigs, {Warning::FusedDTypeConfigs}},
      {checkIgnoredAttributes, {Warning::IgnoredAttribute}},
      {checkArgumentIndices,
       {Warning::ArgumentIndex, Warning::IncompleteNumTensorArgs}},
  };
  std::vector<Rule> enabled;
  for (const auto &entry : rules)
    if (llvm::any_of(entry.warnings,
                     [&](Warning w) { return !diags.isSuppressed(w); }))
      enabled.push_back(entry.rule);
  if (enabled.empty())
    return;

  ProgramFacts programFacts(program);
  diags.beginDeferred();
  for (const ir::Backend &backend : program.backends) {
    if (!backend.inMainFile)
      continue;
    BackendFacts backendFacts(backend);
    RuleContext ctx{programFacts, backendFacts, diags};
    for (Rule rule : enabled)
      rule(ctx);
  }
  diags.flushDeferred();
}
