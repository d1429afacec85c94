//===- Diagnostics.cpp - Diagnostic engine for bpat -----------------------===//

#include "bpat/Support/Diagnostics.h"

#include <algorithm>

using namespace bpat;

InFlightDiagnostic::~InFlightDiagnostic() {
  if (engine)
    engine->report(std::move(diag));
}

InFlightDiagnostic &InFlightDiagnostic::note(llvm::SMRange range,
                                             const llvm::Twine &message) {
  diag.notes.push_back({Severity::Note, range, message.str()});
  return *this;
}

InFlightDiagnostic DiagnosticEngine::error(llvm::SMRange range,
                                           const llvm::Twine &message) {
  return InFlightDiagnostic(this,
                            {{Severity::Error, range, message.str()}, {}});
}

InFlightDiagnostic DiagnosticEngine::warning(llvm::SMRange range,
                                             const llvm::Twine &message) {
  return InFlightDiagnostic(this,
                            {{Severity::Warning, range, message.str()}, {}});
}

void DiagnosticEngine::errorNoLoc(const llvm::Twine &message) {
  report({{Severity::Error, llvm::SMRange(), message.str()}, {}});
}

void DiagnosticEngine::report(Diagnostic diag) {
  if (diag.main.severity == Severity::Warning) {
    if (ignoreWarnings)
      return;
    if (warningsAsErrors) {
      diag.main.severity = Severity::Error;
      diag.main.message += " [-Werror]";
    }
  }
  if (diag.main.severity == Severity::Error)
    ++numErrors;
  else
    ++numWarnings;
  if (deferring)
    deferred.push_back(std::move(diag));
  else
    emit(diag);
}

void DiagnosticEngine::emit(const Diagnostic &diag) {
  if (diag.main.severity == Severity::Error && errorLimit &&
      ++numPrintedErrors > errorLimit) {
    if (!limitReported) {
      limitReported = true;
      os << "error: too many errors emitted, stopping now\n";
    }
    return;
  }
  print(diag.main);
  for (const DiagnosticMessage &note : diag.notes)
    print(note);
}

void DiagnosticEngine::flushDeferred() {
  deferring = false;
  // (buffer, offset) of a location; diagnostics without one go last.
  auto position = [&](const Diagnostic &d) {
    llvm::SMLoc loc = d.main.range.Start;
    if (!loc.isValid())
      return std::make_pair(~0u, uintptr_t(0));
    return std::make_pair(sourceMgr.FindBufferContainingLoc(loc),
                          uintptr_t(loc.getPointer()));
  };
  std::stable_sort(deferred.begin(), deferred.end(),
                   [&](const Diagnostic &a, const Diagnostic &b) {
                     return position(a) < position(b);
                   });
  for (const Diagnostic &diag : deferred)
    emit(diag);
  deferred.clear();
}

void DiagnosticEngine::print(const DiagnosticMessage &msg) {
  llvm::SourceMgr::DiagKind kind = llvm::SourceMgr::DK_Error;
  if (msg.severity == Severity::Warning)
    kind = llvm::SourceMgr::DK_Warning;
  else if (msg.severity == Severity::Note)
    kind = llvm::SourceMgr::DK_Note;

  llvm::SMLoc loc = msg.range.Start;
  if (!loc.isValid()) {
    // No location: print in the same style, naming the tool.
    llvm::SMDiagnostic diag(programName, kind, msg.message);
    diag.print(nullptr, os, /*ShowColors=*/false);
    return;
  }
  llvm::SmallVector<llvm::SMRange, 1> ranges;
  if (msg.range.End.isValid() && msg.range.End != msg.range.Start)
    ranges.push_back(msg.range);
  sourceMgr.PrintMessage(os, loc, kind, msg.message, ranges);
}
