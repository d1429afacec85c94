//===- NearestName.cpp - "Did you mean" -----------------------------------===//
//
// NearestName (NearestName.h): edit distance with an upper bound, so that
// far candidates cost little.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/NearestName.h"

#include <algorithm>

using namespace bpat;

/// Longer names are never suggested for (nor compared in full): the distance
/// would cost their product and no one mistypes a name that long.
static constexpr size_t maxLength = 100;

NearestName::NearestName(llvm::StringRef written)
    : written(written.str()),
      // At most max(2, n/3) edits, and fewer than n: a suggestion keeps
      // some of what was written.
      limit(std::min<unsigned>(
          std::max<unsigned>(2, unsigned(written.size() / 3)),
          written.empty() ? 0 : unsigned(written.size() - 1))),
      bestDistance(limit + 1) {}

void NearestName::consider(llvm::StringRef candidate) {
  if (limit == 0 || written.size() > maxLength || candidate.empty() ||
      candidate == written)
    return;
  llvm::StringRef w(written);
  unsigned distance;
  if (w.size() >= 3 && candidate.startswith(w)) {
    distance = 1;
  } else {
    size_t longer = std::max(candidate.size(), w.size());
    size_t shorter = std::min(candidate.size(), w.size());
    if (longer - shorter > limit)
      return;
    distance = w.edit_distance(candidate, /*AllowReplacements=*/true,
                               /*MaxEditDistance=*/bestDistance);
  }
  if (distance > limit)
    return;
  if (distance < bestDistance ||
      (distance == bestDistance && candidate < llvm::StringRef(best))) {
    bestDistance = distance;
    best = candidate.str();
  }
}

std::string NearestName::didYouMean(llvm::StringRef prefix) const {
  if (best.empty())
    return "";
  return "; did you mean '" + prefix.str() + best + "'?";
}
