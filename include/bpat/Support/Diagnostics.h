//===- Diagnostics.h - Diagnostic engine for bpat ---------------*- C++ -*-===//
//
// Every stage reports problems through a DiagnosticEngine. It renders them in
// clang's form through llvm::SourceMgr: `file:line:col: error: message`, the
// source line, a caret under the range, then notes at related places.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_DIAGNOSTICS_H
#define BPAT_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace bpat {

enum class Severity { Error, Warning, Note };

/// How diagnostics are written: clang's text as they come, or one JSON or
/// SARIF 2.1.0 document at the end (docs/diagnostics.md); or not at all,
/// held for the caller (a language server) to take.
enum class DiagnosticsFormat { Text, JSON, SARIF, Collect };

/// Every warning, named (Warnings.def).
enum class Warning : unsigned char {
#define BPAT_WARNING(Enumerator, Name, Summary) Enumerator,
#include "bpat/Support/Warnings.def"
};

/// One row of Warnings.def.
struct WarningInfo {
  Warning warning;
  const char *name;
  const char *summary;
};

/// How many warnings there are.
inline constexpr size_t numWarningKinds = 0
#define BPAT_WARNING(Enumerator, Name, Summary) +1
#include "bpat/Support/Warnings.def"
    ;

/// Every warning, in Warnings.def's order.
extern const WarningInfo warningInfos[numWarningKinds];
const WarningInfo &warningInfo(Warning w);
/// The warning named `name` (without `-W`), or null.
const WarningInfo *findWarning(llvm::StringRef name);

/// A mechanical fix: replace `range` with `text` (an empty range inserts).
struct FixIt {
  llvm::SMRange range;
  std::string text;
};

/// One message with an optional source range.
struct DiagnosticMessage {
  Severity severity;
  llvm::SMRange range;
  std::string message;
  /// The flags printed after the message: `-Wname`, `-Werror,-Wname`.
  std::string flags;
  /// Printed under the source line as clang prints them; `--fixit` applies
  /// them.
  std::vector<FixIt> fixIts;
};

/// A diagnostic and the notes that explain it.
struct Diagnostic {
  DiagnosticMessage main;
  std::vector<DiagnosticMessage> notes;
  /// A warning that is turned off: report() drops it, notes and all.
  bool suppressed = false;
};

/// Builder returned by DiagnosticEngine::error/warning; notes may be attached
/// before it goes out of scope, at which point the diagnostic is reported.
class InFlightDiagnostic {
public:
  InFlightDiagnostic(class DiagnosticEngine *engine, Diagnostic diag)
      : engine(engine), diag(std::move(diag)) {}
  InFlightDiagnostic(InFlightDiagnostic &&other)
      : engine(other.engine), diag(std::move(other.diag)) {
    other.engine = nullptr;
  }
  InFlightDiagnostic(const InFlightDiagnostic &) = delete;
  ~InFlightDiagnostic();

  /// Attach a note at `range` (may be empty for a note without a location).
  InFlightDiagnostic &note(llvm::SMRange range, const llvm::Twine &message);
  /// Attach a fix-it to the diagnostic (not to its last note): replace
  /// `range` with `text`; an empty range (Start == End) inserts at Start.
  InFlightDiagnostic &fixIt(llvm::SMRange range, const llvm::Twine &text);

private:
  DiagnosticEngine *engine;
  Diagnostic diag;
};

/// Collects and prints diagnostics. Warnings can be silenced (`-w`) or turned
/// into errors (`-Werror`).
class DiagnosticEngine {
public:
  explicit DiagnosticEngine(llvm::SourceMgr &sourceMgr,
                            llvm::raw_ostream &os = llvm::errs())
      : sourceMgr(sourceMgr), os(os) {}

  InFlightDiagnostic error(llvm::SMRange range, const llvm::Twine &message);
  /// A warning of kind `w`: dropped if disabled (-w, -Wno-<name>), an error
  /// under -Werror or -Werror=<name>; printed with its flag.
  InFlightDiagnostic warning(Warning w, llvm::SMRange range,
                             const llvm::Twine &message);

  /// Report an error that has no source location (bad command line, I/O).
  void errorNoLoc(const llvm::Twine &message);

  void setWarningsAsErrors(bool value) { warningsAsErrors = value; }
  /// -W<name> / -Wno-<name>.
  void setWarningEnabled(Warning w, bool value) {
    disabled[static_cast<size_t>(w)] = !value;
  }
  /// -Werror=<name> / -Wno-error=<name>.
  void setWarningAsError(Warning w, bool value) {
    asError[static_cast<size_t>(w)] = value ? 1 : 2;
  }
  void setIgnoreWarnings(bool value) { ignoreWarnings = value; }
  /// Whether warning `w` is dropped when reported (-w, -Wno-<name>): code
  /// whose only effect is that warning can skip its work.
  bool isSuppressed(Warning w) const {
    return ignoreWarnings || disabled[static_cast<size_t>(w)];
  }
  /// The tool named in diagnostics without a location (default "bpatc").
  void setProgramName(std::string name) { programName = std::move(name); }
  /// Stop printing (but keep counting) after this many errors; 0 = no limit.
  void setErrorLimit(unsigned limit) { errorLimit = limit; }
  /// Text (the default) prints each diagnostic when it is reported; JSON and
  /// SARIF hold them back and print one document in finish().
  void setFormat(DiagnosticsFormat value, std::string toolVersion = "") {
    format = value;
    version = std::move(toolVersion);
  }
  DiagnosticsFormat getFormat() const { return format; }
  /// Prints what the format holds back. A tool calls it once, after its last
  /// diagnostic; it does nothing for Text.
  void finish();
  /// The fix-its of every diagnostic reported and not suppressed, in the
  /// order reported.
  const std::vector<FixIt> &getFixIts() const { return fixIts; }
  /// With DiagnosticsFormat::Collect: every diagnostic reported so far (in
  /// the order printed), handed over and forgotten.
  std::vector<Diagnostic> takeDiagnostics() { return std::move(held); }

  unsigned getNumErrors() const { return numErrors; }
  unsigned getNumWarnings() const { return numWarnings; }
  bool hadError() const { return numErrors != 0; }

  llvm::SourceMgr &getSourceMgr() { return sourceMgr; }

  /// Called by InFlightDiagnostic when it is complete.
  void report(Diagnostic diag);

  /// While deferred, diagnostics are counted but held back; flushDeferred()
  /// prints them in source order (file by file, then by position). Sema
  /// uses this because its passes do not visit the source in order.
  void beginDeferred() { deferring = true; }
  void flushDeferred();

private:
  void print(const DiagnosticMessage &msg);
  /// finish() for JSON and SARIF (DiagnosticFormats.cpp).
  void printJSON();
  void printSARIF();
  static void
  printSourceLine(llvm::raw_ostream &os, llvm::StringRef line, int column,
                  llvm::ArrayRef<std::pair<unsigned, unsigned>> ranges);
  void emit(const Diagnostic &diag);

  llvm::SourceMgr &sourceMgr;
  llvm::raw_ostream &os;
  bool warningsAsErrors = false;
  bool ignoreWarnings = false;
  /// Per warning: disabled; as error (0 = as -Werror says, 1 = yes, 2 = no).
  bool disabled[numWarningKinds] = {};
  unsigned char asError[numWarningKinds] = {};
  unsigned errorLimit = 0;
  unsigned numErrors = 0;
  unsigned numPrintedErrors = 0;
  unsigned numWarnings = 0;
  bool limitReported = false;
  std::string programName = "bpatc";
  bool deferring = false;
  std::vector<Diagnostic> deferred;
  DiagnosticsFormat format = DiagnosticsFormat::Text;
  std::string version;
  /// JSON, SARIF: every diagnostic emitted, for finish().
  std::vector<Diagnostic> held;
  std::vector<FixIt> fixIts;
};

} // namespace bpat

#endif // BPAT_SUPPORT_DIAGNOSTICS_H
