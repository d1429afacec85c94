//===- bpat/Support/NearestName.h - "Did you mean" --------------*- C++ -*-===//
//
// The one rule every "did you mean '...'?" of bpat follows (unknown names,
// attribute keys, dtype config fields and constraints, command-line options,
// warning names): the candidate nearest to what was written, by edit
// distance, if it is near enough to be a misspelling.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_NEARESTNAME_H
#define BPAT_SUPPORT_NEARESTNAME_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace bpat {

/// Feed it the candidates; it keeps the nearest one. Near enough means an
/// edit distance of at most max(2, n/3), and less than n, for a written name
/// of n characters (so a one-letter name gets no suggestion: everything of
/// one letter is that near), or that the candidate starts with what was
/// written (as in `-Wduplicate`), which counts as distance 1. Of candidates
/// equally near, the alphabetically first wins, so the suggestion does not
/// depend on order.
class NearestName {
public:
  explicit NearestName(llvm::StringRef written);

  void consider(llvm::StringRef candidate);

  /// The suggestion, or empty if no candidate was near enough.
  const std::string &get() const { return best; }

  /// "; did you mean 'X'?" with `prefix` before X, or empty.
  std::string didYouMean(llvm::StringRef prefix = "") const;

private:
  std::string written;
  unsigned limit;
  unsigned bestDistance;
  std::string best;
};

} // namespace bpat

#endif // BPAT_SUPPORT_NEARESTNAME_H
