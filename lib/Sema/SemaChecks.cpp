//===- SemaChecks.cpp - Whole-backend checks ------------------------------===//
//
// Checks that need all of a backend's configs: patterns with the same legacy
// form (PyTorch keeps the later one, silently), and patterns that can never
// match because an earlier one in PyTorch's priority order always wins.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"

#include <algorithm>
#include <map>
#include <vector>

using namespace bpat;
using namespace bpat::sema;

void SemaImpl::foldDuplicates(ir::Backend &backend,
                              std::vector<const ast::GroupItem *> &items,
                              std::vector<const ast::GroupItem *> &useSites) {
  // Folded in place: the configs kept are moved to the front, in order (the
  // k-th distinct legacy form to index k, never past where it was read), so
  // that a large backend's configs are not held twice.
  std::vector<ir::PatternConfig> &configs = backend.configs;
  size_t numFolded = 0;
  std::vector<const ast::GroupItem *> foldedItems, foldedSites;
  // Index among the folded configs of each distinct legacy form.
  // Only looked up, never iterated: hashed.
  llvm::StringMap<size_t> indexByKey(configs.size());
  std::function<void(const ir::PatternNode &, std::string &)> keyOf =
      [&](const ir::PatternNode &node, std::string &key) {
        key += node.isWildcard() ? "_" : std::to_string(uintptr_t(node.op));
        if (node.args.empty())
          return;
        key += '(';
        for (const ir::PatternNode &arg : node.args) {
          keyOf(arg, key);
          key += ',';
        }
        key += ')';
      };
  std::string key;
  for (size_t i = 0; i < configs.size(); ++i) {
    key.clear();
    keyOf(configs[i].tree, key);
    auto [it, inserted] = indexByKey.try_emplace(key, numFolded);
    if (inserted) {
      if (numFolded != i)
        configs[numFolded] = std::move(configs[i]);
      ++numFolded;
      foldedItems.push_back(items[i]);
      foldedSites.push_back(useSites[i]);
      continue;
    }
    const ast::GroupItem *earlier = foldedItems[it->second];
    const ast::GroupItem *later = items[i];
    const ast::GroupItem *earlierSite = foldedSites[it->second];
    const ast::GroupItem *laterSite = useSites[i];
    // One warning per pattern and use: a group used twice duplicates each
    // of its patterns, and both uses are worth pointing at.
    std::string reportKey = "duplicate:" + backend.name + ":" +
                            std::to_string(uintptr_t(laterSite));
    if (!later->isOverride && firstReport(later->range.Start, reportKey)) {
      InFlightDiagnostic diag = diags.warning(
          Warning::DuplicatePattern, later->range,
          "this pattern has the same legacy form as an earlier one in "
          "backend '" +
              backend.name +
              "'; it replaces that config, which keeps its position (write "
              "'override pattern' if that is intended)");
      if (laterSite)
        diag.note(laterSite->range, "this pattern comes from the use here");
      diag.note(earlier->range, "earlier pattern here");
      if (earlierSite)
        diag.note(earlierSite->range,
                  "the earlier pattern comes from the use here");
    }
    configs[it->second] = std::move(configs[i]);
    foldedItems[it->second] = later;
    foldedSites[it->second] = laterSite;
    // The override target is now the later item; remember that it was used.
    overridesUsed.insert(later);
  }
  for (size_t i = 0; i < numFolded; ++i) {
    const ast::GroupItem *item = foldedItems[i];
    if (item->isOverride && !overridesUsed.count(item) &&
        firstReport(item->range.Start, "override-unused:" + backend.name))
      diags.warning(Warning::UnusedOverride, item->range,
                    "'override' but no earlier pattern in "
                    "backend '" +
                        backend.name + "' has this legacy form");
  }
  configs.erase(configs.begin() + numFolded, configs.end());
  items = std::move(foldedItems);
  useSites = std::move(foldedSites);
}

/// Whether every node `b` matches is also matched by `a` (in the same
/// position, so under the same users limit).
static bool subsumes(const ir::PatternNode &a, const ir::PatternNode &b) {
  if (a.isWildcard())
    return true;
  if (b.isWildcard() || a.op != b.op)
    return false;
  if (a.args.empty())
    return true;
  if (a.args.size() != b.args.size())
    return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!subsumes(a.args[i], b.args[i]))
      return false;
  return true;
}

void SemaImpl::checkUnreachable(const ir::Backend &backend) {
  // Without a wildcard, a pattern can only cover another of the same root op
  // whose arguments it leaves unconstrained, and that one has more leaves and
  // so comes first. So only patterns with wildcards can hide later ones.
  std::vector<size_t> order(backend.configs.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::vector<long> keys(order.size());
  for (size_t i = 0; i < keys.size(); ++i)
    keys[i] = ir::prioritySortKey(backend.configs[i].tree);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return keys[x] < keys[y]; });
  // A pattern's root is an op (a wildcard root is rejected earlier), and a
  // pattern can only subsume patterns with the same root op. So each
  // wildcard pattern is compared with the later patterns of its root op
  // only, in priority order: the same pairs, reported in the same order, as
  // comparing it with every later pattern, without the quadratic cost.
  // (Should a wildcard root get here after an error, it is compared with
  // every later pattern, as before.)
  std::map<const ir::Op *, std::vector<size_t>> positionsByRoot;
  std::vector<size_t> allPositions(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    allPositions[i] = i;
    const ir::PatternNode &root = backend.configs[order[i]].tree;
    if (!root.isWildcard())
      positionsByRoot[root.op].push_back(i);
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const ir::PatternConfig &earlier = backend.configs[order[i]];
    if (!ir::hasWildcard(earlier.tree))
      continue;
    const std::vector<size_t> &sameRoot =
        earlier.tree.isWildcard() ? allPositions
                                  : positionsByRoot[earlier.tree.op];
    for (auto it = std::upper_bound(sameRoot.begin(), sameRoot.end(), i);
         it != sameRoot.end(); ++it) {
      const ir::PatternConfig &later = backend.configs[order[*it]];
      if (!subsumes(earlier.tree, later.tree))
        continue;
      // In fusion only configs with a fuser take part.
      bool hiddenInFusion = !later.fuser || earlier.fuser;
      if (!firstReport(later.loc.Start, "unreachable:" + backend.name))
        continue;
      diags
          .warning(
              Warning::UnreachablePattern, later.loc,
              std::string("this pattern can never match in backend '") +
                  backend.name +
                  "': an earlier pattern in PyTorch's priority order "
                  "matches everything it matches" +
                  (hiddenInFusion ? "" : " (it can still match in fusion)"))
          .note(earlier.loc, "the earlier pattern is here");
    }
  }
}
