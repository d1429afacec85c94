//===- Sema.cpp - The entry point of semantic analysis --------------------===//
//
// analyze(): the passes of Sema in the order they run. Each pass lives in its
// own file (SemaDecls: declarations; SemaAttrs: attribute values; SemaPatterns:
// patterns, groups and backends; SemaChecks: whole-backend checks).
// Diagnostics are held back while the passes run, because they do not visit
// the source in order, and printed sorted by position at the end.
//
//===----------------------------------------------------------------------===//

#include "bpat/Sema/Sema.h"
#include "SemaImpl.h"

using namespace bpat;
using namespace bpat::sema;

std::unique_ptr<ir::Program> SemaImpl::run() {
  diags.beginDeferred();
  collectDecls();
  analyzeDecls();
  analyzeBackends();
  diags.flushDeferred();
  if (diags.hadError())
    return nullptr;
  return std::move(result);
}

std::unique_ptr<ir::Program> bpat::analyze(const ast::Program &program,
                                           DiagnosticEngine &diags) {
  return SemaImpl(program, diags).run();
}
