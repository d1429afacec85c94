//===- ToolSupport.h - Shared pieces of the command-line tools --*- C++ -*-===//
//
// What bpatc, bpat-import and bpat-match share: where the library is, and
// how output files are written (never partially, never through a symlink's
// replacement, never some of several).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_DRIVER_TOOLSUPPORT_H
#define BPAT_DRIVER_TOOLSUPPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <vector>

namespace bpat {

class DiagnosticEngine;

/// share/bpat beside the bin/ directory holding the running tool: where the
/// shipped .bpat library is, in the build tree and after install alike.
std::string defaultLibraryDir(const char *argv0);

/// cl::ParseCommandLineOptions, with its complaints in bpat's style
/// ("bpatc: error: for the --emit option: ...", on standard error). Returns
/// false after such an error; the tool then exits with status 1.
bool parseCommandLine(int argc, const char *const *argv,
                      llvm::StringRef overview);

/// Applies the values of the `-W` prefix option, in order, as clang does:
/// `error` (every warning an error), `error=NAME`, `no-error=NAME`, `NAME`,
/// `no-NAME` (NAME from Warnings.def). An unknown name is an error naming
/// the nearest known one; returns it.
llvm::Error applyWarningFlags(const std::vector<std::string> &values,
                              DiagnosticEngine &diags);

/// Writes `contents` to `path` ("-" is standard output) through a temporary
/// file renamed into place, so that a failure leaves any existing file
/// untouched and never a partial one. Same rules as OutputFiles.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef contents);

/// Several output files written all or nothing (bpatc's -o and -d): add()
/// or open() each, then commit(). Until commit() nothing is visible; if any
/// add(), open() or the commit fails, no output is written or changed.
///
/// Rules for each path: a symlink is followed and its target written (the
/// link stays a link; a dangling link is refused); a regular file (or a new
/// one) is replaced by renaming a temporary file created beside it; a device
/// or FIFO (/dev/null, /dev/stdout) is written in place, after every renamed
/// file; a directory is refused; "-" is standard output.
class OutputFiles {
public:
  OutputFiles();
  ~OutputFiles();
  OutputFiles(const OutputFiles &) = delete;
  OutputFiles &operator=(const OutputFiles &) = delete;

  llvm::Error add(llvm::StringRef path, llvm::StringRef contents);

  /// Like add(), with the contents written to the returned stream before
  /// commit(), so that a large output is never held in memory as a whole: a
  /// regular file's temporary file is created now and filled as the stream
  /// flushes. With `keepIfUnchanged`, commit() leaves an existing file whose
  /// contents are the same untouched, timestamp included. The stream lives
  /// until commit() or the destructor.
  llvm::Expected<llvm::raw_ostream &> open(llvm::StringRef path,
                                           bool keepIfUnchanged = false);

  llvm::Error commit();

private:
  struct Pending;
  /// Where `path` leads, and its temporary file if it is a regular file.
  llvm::Error prepare(llvm::StringRef path, Pending &p);
  std::vector<std::unique_ptr<Pending>> pending;
};

} // namespace bpat

#endif // BPAT_DRIVER_TOOLSUPPORT_H
