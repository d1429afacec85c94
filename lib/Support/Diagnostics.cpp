//===- Diagnostics.cpp - Diagnostic engine for bpat -----------------------===//
//
// Clang-style diagnostics through llvm::SourceMgr, held back and sorted when
// a pass asks for it, with our own caret line where SourceMgr prints none.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Unicode.h"
#include <algorithm>

using namespace bpat;

/// Source lines longer than this many bytes are shown as a window of
/// WindowSize bytes starting WindowBefore bytes before the column.
static constexpr size_t longLine = 400, windowSize = 200, windowBefore = 100;

InFlightDiagnostic::~InFlightDiagnostic() {
  if (engine)
    engine->report(std::move(diag));
}

InFlightDiagnostic &InFlightDiagnostic::note(llvm::SMRange range,
                                             const llvm::Twine &message) {
  diag.notes.push_back({Severity::Note, range, message.str(), "", {}});
  return *this;
}

InFlightDiagnostic &InFlightDiagnostic::fixIt(llvm::SMRange range,
                                              const llvm::Twine &text) {
  diag.main.fixIts.push_back({range, text.str()});
  return *this;
}

InFlightDiagnostic DiagnosticEngine::error(llvm::SMRange range,
                                           const llvm::Twine &message) {
  return InFlightDiagnostic(
      this, {{Severity::Error, range, message.str(), "", {}}, {}});
}

const WarningInfo bpat::warningInfos[numWarningKinds] = {
#define BPAT_WARNING(Enumerator, Name, Summary)                                \
  {Warning::Enumerator, Name, Summary},
#include "bpat/Support/Warnings.def"
};

const WarningInfo &bpat::warningInfo(Warning w) {
  return warningInfos[static_cast<size_t>(w)];
}

const WarningInfo *bpat::findWarning(llvm::StringRef name) {
  for (const WarningInfo &info : warningInfos)
    if (name == info.name)
      return &info;
  return nullptr;
}

InFlightDiagnostic DiagnosticEngine::warning(Warning w, llvm::SMRange range,
                                             const llvm::Twine &message) {
  size_t index = static_cast<size_t>(w);
  std::string flag = std::string("-W") + warningInfo(w).name;
  bool error = asError[index] == 1 || (asError[index] == 0 && warningsAsErrors);
  Diagnostic diag;
  diag.main = {error ? Severity::Error : Severity::Warning,
               range,
               message.str(),
               error ? "-Werror," + flag : flag,
               {}};
  // A warning that is off still goes through report(), which drops it with
  // the notes the caller attaches.
  diag.suppressed = disabled[index] || ignoreWarnings;
  return InFlightDiagnostic(this, std::move(diag));
}

void DiagnosticEngine::errorNoLoc(const llvm::Twine &message) {
  report({{Severity::Error, llvm::SMRange(), message.str(), "", {}}, {}});
}

void DiagnosticEngine::report(Diagnostic diag) {
  if (diag.suppressed)
    return;
  fixIts.insert(fixIts.end(), diag.main.fixIts.begin(), diag.main.fixIts.end());
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
      if (format == DiagnosticsFormat::Text)
        os << "error: too many errors emitted, stopping now\n";
    }
    return;
  }
  if (format != DiagnosticsFormat::Text) {
    held.push_back(diag);
    return;
  }
  print(diag.main);
  for (const DiagnosticMessage &note : diag.notes)
    print(note);
}

void DiagnosticEngine::finish() {
  if (format == DiagnosticsFormat::JSON)
    printJSON();
  else if (format == DiagnosticsFormat::SARIF)
    printSARIF();
  held.clear();
  os.flush();
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

void DiagnosticEngine::print(const DiagnosticMessage &diagnostic) {
  DiagnosticMessage msg = diagnostic;
  if (!msg.flags.empty())
    msg.message += " [" + msg.flags + "]";
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
  // SourceMgr prints a fix-it's text under the caret line when it lies on
  // it. A deletion has no text to show; the diagnostic's own range marks
  // what goes.
  llvm::SmallVector<llvm::SMFixIt, 1> fixIts;
  for (const FixIt &f : msg.fixIts)
    if (!f.text.empty())
      fixIts.emplace_back(f.range, f.text);
  llvm::SMDiagnostic diag =
      sourceMgr.GetMessage(loc, kind, msg.message, ranges, fixIts);
  llvm::StringRef line = diag.getLineContents();
  if (line.size() <= longLine &&
      llvm::all_of(line, [](char c) { return llvm::isASCII(c); })) {
    sourceMgr.PrintMessage(os, diag, /*ShowColors=*/false);
    return;
  }
  // LLVM prints no caret under a line holding non-ASCII text, and prints a
  // long line whole (a minified JSON file is one line); print the header
  // through it (with the import stack), then the line, or a window of it
  // around the column, and a caret placed by display width.
  // (Line and column go into the file name: an SMDiagnostic with a line
  // number prints a source line, even an empty one.)
  std::string where =
      (diag.getFilename() + ":" + llvm::Twine(diag.getLineNo()) + ":" +
       llvm::Twine(diag.getColumnNo() + 1))
          .str();
  llvm::SMDiagnostic header(sourceMgr, loc, where, /*Line=*/-1, /*Col=*/-1,
                            kind, msg.message, /*LineStr=*/"",
                            /*Ranges=*/{});
  sourceMgr.PrintMessage(os, header, /*ShowColors=*/false);
  int column = diag.getColumnNo();
  std::vector<std::pair<unsigned, unsigned>> shownRanges(
      diag.getRanges().begin(), diag.getRanges().end());
  std::string window;
  if (line.size() > longLine) {
    // WindowBefore bytes before the column, up to WindowSize in all, cut at
    // UTF-8 character boundaries, "..." where the line goes on.
    auto charStart = [&](size_t i) {
      while (i > 0 && i < line.size() && (line[i] & 0xC0) == 0x80)
        --i;
      return i;
    };
    size_t begin = charStart(
        size_t(column) > windowBefore ? size_t(column) - windowBefore : 0);
    size_t end = charStart(std::min(line.size(), begin + windowSize));
    size_t shift = begin - (begin ? 3 : 0); // where the window starts
    window = (begin ? "..." : "") + line.slice(begin, end).str() +
             (end < line.size() ? "..." : "");
    column -= int(shift);
    for (auto &[first, last] : shownRanges) {
      first = unsigned(std::clamp<size_t>(first, begin, end) - shift);
      last = unsigned(std::clamp<size_t>(last, begin, end) - shift);
    }
    line = window;
  }
  printSourceLine(os, line, column, shownRanges);
}

/// `line` with tabs expanded to stops of 8, and under it `^` at byte column
/// `column` and `~` under the byte ranges, placed by the display width of
/// the UTF-8 text before them.
void DiagnosticEngine::printSourceLine(
    llvm::raw_ostream &os, llvm::StringRef line, int column,
    llvm::ArrayRef<std::pair<unsigned, unsigned>> ranges) {
  std::string expanded;
  std::vector<unsigned> displayCol(line.size() + 1, 0); // byte -> column
  unsigned width = 0;
  for (size_t i = 0; i < line.size();) {
    displayCol[i] = width;
    if (line[i] == '\t') {
      unsigned next = (width / 8 + 1) * 8;
      expanded.append(next - width, ' ');
      width = next;
      ++i;
      continue;
    }
    unsigned len = llvm::getNumBytesForUTF8(line[i]);
    if (len == 0 || i + len > line.size())
      len = 1;
    llvm::StringRef ch = line.substr(i, len);
    int w = llvm::sys::unicode::columnWidthUTF8(ch);
    expanded += ch.str();
    for (size_t k = 1; k < len; ++k)
      displayCol[i + k] = width;
    width += w < 0 ? 1 : unsigned(w);
    i += len;
  }
  displayCol[line.size()] = width;
  std::string caret(width + 1, ' ');
  for (const auto &[begin, end] : ranges)
    for (unsigned c = displayCol[std::min<size_t>(begin, line.size())];
         c < displayCol[std::min<size_t>(end, line.size())]; ++c)
      caret[c] = '~';
  if (column >= 0)
    caret[displayCol[std::min<size_t>(column, line.size())]] = '^';
  caret.erase(caret.find_last_not_of(' ') + 1);
  os << expanded << "\n" << caret << "\n";
}
