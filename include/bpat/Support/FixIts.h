//===- bpat/Support/FixIts.h - Applying fix-its to a source -----*- C++ -*-===//
//
// What `bpatc --fixit` does with the fix-its the diagnostics carry: edits
// one buffer's text.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SUPPORT_FIXITS_H
#define BPAT_SUPPORT_FIXITS_H

#include "bpat/Support/Diagnostics.h"

#include <string>

namespace bpat {

struct FixedText {
  std::string text;
  /// Fix-its applied, and left out because they overlap an earlier one.
  unsigned applied = 0, conflicting = 0;
};

/// The text of buffer `bufferId` of `sm` with the fix-its that lie in it
/// applied. Identical fix-its (a statement reported through two uses) count
/// once; of two that overlap, the one reported first wins, as in clang.
FixedText applyFixIts(const llvm::SourceMgr &sm, unsigned bufferId,
                      llvm::ArrayRef<FixIt> fixIts);

} // namespace bpat

#endif // BPAT_SUPPORT_FIXITS_H
