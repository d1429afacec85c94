//===- MergeAlternatives.cpp - Neighbouring configs as alternatives -------===//
//
// Merges neighbouring statements that differ in one position into one with
// alternatives there (docs/migration.md, "Grouping"), as long as Sema's
// expansion of the merged pattern gives back the same configs in the same
// order.
//
//===----------------------------------------------------------------------===//

#include "MigrationModel.h"
#include "llvm/ADT/STLExtras.h"

using namespace bpat;
using namespace bpat::import;

/// Sema's limit on the configs one pattern expands to.
static constexpr unsigned maxConfigsPerPattern = 4096;

/// Merges `next` into `last` if they differ in one position only, and that
/// position is the leftmost one with several alternatives after the merge:
/// alternatives expand leftmost slowest, so the merged statement gives back
/// `last`'s configs, then `next`'s.
static bool mergeInto(Statement &last, Statement &next) {
  std::vector<Node *> a, b;
  if (last.sameAttributes(next) && last.tree.sameShape(next.tree)) {
    collectSlots(last.tree, last.chain, a);
    collectSlots(next.tree, next.chain, b);
  }
  int differing = -1;
  bool mergeable = !a.empty();
  for (size_t i = 0; i < a.size() && mergeable; ++i) {
    if (a[i]->alts == b[i]->alts)
      continue;
    mergeable = differing < 0;
    differing = int(i);
  }
  if (!mergeable || differing < 0)
    return false;
  Node *x = a[differing], *y = b[differing];
  // Inline alternatives sit in a chain step or a tree leaf.
  mergeable = !x->wildcard && (last.chain || x->args.empty());
  for (int i = 0; i < differing && mergeable; ++i)
    mergeable = a[i]->alts.size() == 1;
  for (unsigned op : y->alts)
    mergeable &= !llvm::is_contained(x->alts, op);
  // bpatc expands one pattern to at most 4096 configs (docs/language.md,
  // "Limits"); a bigger merge would not compile, so it stops short of that.
  if (!mergeable || last.configs + next.configs > maxConfigsPerPattern)
    return false;
  x->alts.insert(x->alts.end(), y->alts.begin(), y->alts.end());
  last.configs += next.configs;
  return true;
}

void import::mergeAlternatives(std::vector<Statement> &statements) {
  // Repeated until nothing changes, so that `a->c, a->d, b->c, b->d` becomes
  // `(a | b) -> (c | d)`.
  bool changed = true;
  while (changed) {
    changed = false;
    std::vector<Statement> merged;
    for (Statement &stmt : statements) {
      if (!merged.empty() && mergeInto(merged.back(), stmt)) {
        changed = true;
        continue;
      }
      merged.push_back(std::move(stmt));
    }
    statements = std::move(merged);
  }
}
