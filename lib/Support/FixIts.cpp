//===- FixIts.cpp - Applying fix-its to a source --------------------------===//
//
// Sorts one buffer's fix-its by position, drops duplicates and overlaps, and
// splices the replacements in.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/FixIts.h"

#include <algorithm>
#include <set>

using namespace bpat;

FixedText bpat::applyFixIts(const llvm::SourceMgr &sm, unsigned bufferId,
                            llvm::ArrayRef<FixIt> fixIts) {
  llvm::StringRef buffer = sm.getMemoryBuffer(bufferId)->getBuffer();
  const char *base = buffer.data();
  struct Edit {
    size_t begin, end;
    std::string text;
    size_t order;
  };
  std::vector<Edit> edits;
  std::set<std::tuple<size_t, size_t, std::string>> seen;
  for (const FixIt &fix : fixIts) {
    const char *start = fix.range.Start.getPointer();
    const char *end =
        fix.range.End.isValid() ? fix.range.End.getPointer() : start;
    if (!start || start < base || end > base + buffer.size() || end < start)
      continue;
    size_t b = size_t(start - base), e = size_t(end - base);
    if (seen.insert({b, e, fix.text}).second)
      edits.push_back({b, e, fix.text, edits.size()});
  }
  // The first reported of two overlapping edits wins; two insertions at one
  // place keep their report order.
  std::vector<Edit> kept;
  FixedText result;
  for (const Edit &edit : edits) {
    bool clash = false;
    for (const Edit &k : kept)
      clash |= edit.begin < k.end && k.begin < edit.end;
    if (clash)
      ++result.conflicting;
    else
      kept.push_back(edit);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Edit &a, const Edit &b) {
    return a.begin != b.begin ? a.begin < b.begin : a.order < b.order;
  });
  size_t at = 0;
  for (const Edit &edit : kept) {
    result.text.append(buffer.data() + at, edit.begin - at);
    result.text += edit.text;
    at = edit.end;
  }
  result.text.append(buffer.data() + at, buffer.size() - at);
  result.applied = unsigned(kept.size());
  return result;
}
