//===- SemaPatterns.cpp - Backends, groups and pattern expansion ----------===//
//
// Flattens each backend (its own items and the groups it uses) into a list of
// pattern items with the attribute layers in force for each, expands every
// pattern's alternatives into canonical trees, and builds one PatternConfig
// per tree.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"
#include "llvm/Support/Path.h"

using namespace bpat;
using namespace bpat::sema;

/// More expansions than this from one pattern is almost surely a mistake.
static constexpr size_t maxExpansions = 4096;
/// How deep groups may use groups (a backend's `use g` is depth 1).
static constexpr size_t maxUseDepth = 256;
/// How many patterns one backend may hold once its groups are flattened
/// (each may still expand to up to maxExpansions configs).
static constexpr size_t maxFlatPatterns = 2000000;

const Bindings *SemaImpl::bindUseArgs(const ast::GroupItem &use,
                                      const ast::Decl &used,
                                      const Bindings *outer) {
  size_t wanted = used.groupParams.size();
  if (!used.hasGroupParams && use.hasUseArgs) {
    if (firstReport(use.target.range.Start, "use-args"))
      diags
          .error(use.target.range,
                 "'" + used.name.text + "' takes no parameters")
          .note(used.name.range, "declared here");
    return nullptr;
  }
  if (used.hasGroupParams && use.useArgs.size() != wanted) {
    if (firstReport(use.target.range.Start, "use-args"))
      diags
          .error(use.target.range,
                 "'" + used.name.text + "' takes " + std::to_string(wanted) +
                     " name" + (wanted == 1 ? "" : "s") + ", but " +
                     std::to_string(use.useArgs.size()) +
                     (use.useArgs.size() == 1 ? " is" : " are") + " given")
          .note(used.name.range, "declared here");
    return nullptr;
  }
  if (!used.hasGroupParams)
    return nullptr;
  Bindings bindings;
  for (size_t i = 0; i < wanted; ++i) {
    ast::Name arg = use.useArgs[i];
    // An argument may itself be a parameter of the enclosing group.
    if (outer)
      if (auto it = outer->find(arg.text); it != outer->end())
        arg.text = it->second.text;
    if (!symbols.count(arg.text)) {
      if (firstReport(use.useArgs[i].range.Start, "use-arg"))
        diags.error(use.useArgs[i].range, "unknown name '" + arg.text +
                                              "' passed to '" + used.name.text +
                                              "'");
      return nullptr;
    }
    bindings[used.groupParams[i].text] = arg;
  }
  std::string key;
  for (const auto &[param, arg] : bindings)
    key += param + "=" + arg.text + ";";
  return &bindingSets.emplace(std::move(key), std::move(bindings))
              .first->second;
}

void SemaImpl::flattenGroup(const ast::Decl &group, const AttrLayers &outer,
                            const Bindings *bindings,
                            const ast::GroupItem *useSite,
                            std::vector<FlatPattern> &out) {
  if (declModules.empty())
    for (const auto &m : program.modules)
      for (const auto &d : m->decls)
        declModules[d.get()] = m.get();
  const ast::Module *module = declModules[&group];

  flattenStack.push_back(&group);
  // Defaults in force, newest first.
  AttrLayers defaults;
  for (const ast::GroupItem &item : group.items) {
    switch (item.kind) {
    case ast::GroupItem::Kind::Defaults:
      checkAttrBlock(item.attrs);
      defaults.insert(defaults.begin(), &item.attrs);
      break;
    case ast::GroupItem::Kind::Use: {
      checkAttrBlock(item.attrs);
      currentBindings = bindings;
      Symbol *symbol =
          lookup(item.target, "group or backend", [](const Symbol &s) {
            return s.decl->kind == ast::Decl::Kind::Group;
          });
      currentBindings = nullptr;
      if (!symbol)
        break;
      const ast::Decl &used = *symbol->decl;
      const Bindings *usedBindings = bindUseArgs(item, used, bindings);
      if (used.hasGroupParams && !usedBindings)
        break;
      auto onStack = std::find(flattenStack.begin(), flattenStack.end(), &used);
      if (onStack != flattenStack.end()) {
        if (firstReport(item.target.range.Start, "use-cycle"))
          diags
              .error(item.target.range, "'" + used.name.text +
                                            "' uses itself through '" +
                                            group.name.text + "'")
              .note(used.name.range, "'" + used.name.text + "' declared here");
        break;
      }
      // Bounded, so that a hostile file cannot exhaust the stack or the
      // memory: groups nest at most maxUseDepth deep and flatten to at most
      // maxFlatPatterns patterns.
      if (flattenStack.size() >= maxUseDepth) {
        if (firstReport(item.target.range.Start, "use-depth"))
          diags.error(item.target.range,
                      "groups use groups more than " +
                          std::to_string(maxUseDepth) +
                          " deep here; flatten some of them");
        break;
      }
      if (out.size() >= maxFlatPatterns) {
        if (!flattenLimitReported)
          diags.error(item.target.range,
                      "this backend holds more than " +
                          std::to_string(maxFlatPatterns) +
                          " patterns once its groups are used; use fewer "
                          "groups more than once");
        flattenLimitReported = true;
        break;
      }
      AttrLayers layers;
      layers.push_back(&item.attrs);
      layers.insert(layers.end(), defaults.begin(), defaults.end());
      layers.insert(layers.end(), outer.begin(), outer.end());
      flattenGroup(used, layers, usedBindings, useSite ? useSite : &item, out);
      break;
    }
    case ast::GroupItem::Kind::Pattern: {
      checkAttrBlock(item.attrs);
      FlatPattern flat{&item, {}, module, bindings, useSite};
      flat.layers.push_back(&item.attrs);
      flat.layers.insert(flat.layers.end(), defaults.begin(), defaults.end());
      flat.layers.insert(flat.layers.end(), outer.begin(), outer.end());
      out.push_back(std::move(flat));
      break;
    }
    }
  }
  flattenStack.pop_back();
}

/// Counts `<prev>` terms under `term`; sets `inAlternative` if one of them is
/// a choice among alternatives.
static unsigned countPrev(const ast::Term &term, bool underAlt,
                          bool &inAlternative) {
  if (term.kind == ast::Term::Kind::Prev) {
    inAlternative |= underAlt;
    return 1;
  }
  unsigned count = 0;
  for (const auto &child : term.children)
    count += countPrev(*child,
                       underAlt || term.kind == ast::Term::Kind::Alternatives,
                       inAlternative);
  return count;
}

bool SemaImpl::expandTerm(const ast::Term &term,
                          const std::vector<ir::PatternNode> *prev,
                          std::vector<ir::PatternNode> &out, bool isStep) {
  auto tooMany = [&]() {
    if (out.size() <= maxExpansions)
      return false;
    diags.error(term.range, "this pattern expands to more than " +
                                std::to_string(maxExpansions) +
                                " configs; split it up");
    return true;
  };

  switch (term.kind) {
  case ast::Term::Kind::Wildcard: {
    if (isStep && prev) {
      diags.error(term.range,
                  "the wildcard '_' cannot be a chain step after the first; "
                  "it would take the previous step as an argument");
      return false;
    }
    ir::PatternNode node;
    node.kind = ir::PatternNode::Kind::Wildcard;
    node.loc = term.range;
    out.push_back(std::move(node));
    return true;
  }
  case ast::Term::Kind::Prev:
    if (isStep) {
      diags.error(term.range, "'<prev>' alone is not a step; it marks where "
                              "the previous step flows into an op, as in "
                              "'add(<prev>, _)'");
      return false;
    }
    if (!prev) {
      diags.error(term.range,
                  "'<prev>' can only appear in a chain step after the first");
      return false;
    }
    out.insert(out.end(), prev->begin(), prev->end());
    return true;
  case ast::Term::Kind::Alternatives: {
    bool ok = true;
    if (isStep && prev) {
      // A chain step: the previous step comes first in the source, so it
      // varies slowest, as in `(a | b) -> (c | d)`: a->c, a->d, b->c, b->d.
      for (const ir::PatternNode &p : *prev) {
        std::vector<ir::PatternNode> single{p};
        for (const auto &choice : term.children)
          ok &= expandTerm(*choice, &single, out, isStep);
        if (!ok || tooMany())
          return false;
      }
      return true;
    }
    for (const auto &choice : term.children)
      ok &= expandTerm(*choice, prev, out, isStep);
    return ok && !tooMany();
  }
  case ast::Term::Kind::Op:
    break;
  }

  Symbol *symbol = lookup(term.name, "op", [](const Symbol &s) {
    return s.op || s.decl->kind == ast::Decl::Kind::OpSet;
  });
  if (!symbol) {
    // Still look at the arguments, to report every unknown name at once.
    for (const auto &arg : term.children) {
      std::vector<ir::PatternNode> ignored;
      expandTerm(*arg, prev, ignored, /*isStep=*/false);
    }
    return false;
  }
  std::vector<const ir::Op *> ops;
  if (symbol->op) {
    ops.push_back(symbol->op);
  } else {
    const std::vector<const ir::Op *> *members = resolveOpSet(*symbol);
    if (!members)
      return false;
    ops = *members;
  }

  // A chain step after the first: the previous step is its only argument,
  // or flows in where `<prev>` says.
  if (isStep && prev) {
    if (!term.hasArgs) {
      // Count before producing: a long chain of op sets multiplies.
      if (out.size() + prev->size() * ops.size() > maxExpansions) {
        diags.error(term.range, "this pattern expands to more than " +
                                    std::to_string(maxExpansions) +
                                    " configs; split it up");
        return false;
      }
      for (const ir::PatternNode &p : *prev)
        for (const ir::Op *op : ops) {
          ir::PatternNode node;
          node.op = op;
          node.loc = term.range;
          node.args.push_back(p);
          out.push_back(std::move(node));
        }
      return !tooMany();
    }
    bool inAlternative = false;
    unsigned count = countPrev(term, false, inAlternative);
    if (count == 0) {
      diags.error(term.range,
                  "this chain step has arguments but no '<prev>'; mark the "
                  "argument the previous step flows into");
      return false;
    }
    if (count > 1) {
      diags.error(term.range, "a chain step can use '<prev>' only once");
      return false;
    }
    if (inAlternative) {
      diags.error(term.range, "'<prev>' cannot be one of several alternatives");
      return false;
    }
    // The previous step varies slowest: it comes first in the source.
    for (const ir::PatternNode &p : *prev) {
      std::vector<ir::PatternNode> single{p};
      if (!expandTerm(term, &single, out, /*isStep=*/false))
        return false;
    }
    return !tooMany();
  }

  // Cartesian product of the argument expansions, leftmost slowest.
  std::vector<std::vector<ir::PatternNode>> argChoices;
  bool argsOk = true;
  for (const auto &arg : term.children) {
    std::vector<ir::PatternNode> choices;
    argsOk &= expandTerm(*arg, prev, choices, /*isStep=*/false);
    argChoices.push_back(std::move(choices));
  }
  if (!argsOk)
    return false;
  size_t total = ops.size();
  for (const auto &choices : argChoices)
    total *= choices.size();
  if (total + out.size() > maxExpansions) {
    diags.error(term.range, "this pattern expands to more than " +
                                std::to_string(maxExpansions) +
                                " configs; split it up");
    return false;
  }
  for (const ir::Op *op : ops) {
    std::vector<size_t> index(argChoices.size(), 0);
    while (true) {
      ir::PatternNode node;
      node.op = op;
      node.loc = term.range;
      for (size_t i = 0; i < argChoices.size(); ++i)
        node.args.push_back(argChoices[i][index[i]]);
      out.push_back(std::move(node));
      // Advance the rightmost index first.
      size_t i = argChoices.size();
      while (i > 0) {
        --i;
        if (++index[i] < argChoices[i].size())
          break;
        index[i] = 0;
        if (i == 0) {
          i = ~size_t(0);
          break;
        }
      }
      if (argChoices.empty() || i == ~size_t(0))
        break;
    }
  }
  return true;
}

const std::vector<ir::PatternNode> *
SemaImpl::expandPattern(const ast::GroupItem &item) {
  auto key = std::make_pair(&item, currentBindings);
  auto it = expansions.find(key);
  if (it != expansions.end())
    return it->second.get();

  std::vector<ir::PatternNode> current;
  bool ok = true;
  // Every step is looked at, even after an error, so that all unknown names
  // of a pattern are reported at once.
  for (size_t i = 0; i < item.steps.size(); ++i) {
    std::vector<ir::PatternNode> next;
    ok &= expandTerm(*item.steps[i], i == 0 ? nullptr : &current, next,
                     /*isStep=*/true);
    current = std::move(next);
  }
  if (ok) {
    for (const ir::PatternNode &tree : current)
      if (tree.isWildcard()) {
        if (firstReport(item.steps.back()->range.Start, "wildcard-top"))
          diags.error(item.steps.back()->range,
                      "the top of a pattern cannot be the wildcard '_': it "
                      "would match every node");
        ok = false;
        break;
      }
  }
  std::unique_ptr<std::vector<ir::PatternNode>> result;
  if (ok)
    result = std::make_unique<std::vector<ir::PatternNode>>(std::move(current));
  // Not a reference from find() above: expanding may have added entries.
  return (expansions[key] = std::move(result)).get();
}

void SemaImpl::buildConfigs(const FlatPattern &flat,
                            std::vector<ir::PatternConfig> &out) {
  // Names in the item resolve through its group's parameters.
  currentBindings = flat.bindings;
  struct Reset {
    const Bindings *&ref;
    ~Reset() { ref = nullptr; }
  } reset{currentBindings};
  const std::vector<ir::PatternNode> *trees = expandPattern(*flat.item);
  if (!trees)
    return;
  llvm::SourceMgr &sm = diags.getSourceMgr();
  llvm::SMLoc loc = flat.item->range.Start;
  unsigned line = sm.getLineAndColumn(loc).first;
  std::string file = llvm::sys::path::filename(
                         sm.getMemoryBuffer(sm.FindBufferContainingLoc(loc))
                             ->getBufferIdentifier())
                         .str();
  for (const ir::PatternNode &tree : *trees) {
    ir::PatternConfig config;
    config.tree = tree;
    config.writtenAsChain = flat.item->steps.size() > 1;
    config.sourceFile = file;
    config.sourceLine = line;
    config.loc = flat.item->range;
    if (applyAttributes(flat, config))
      out.push_back(std::move(config));
  }
}

void SemaImpl::analyzeBackends() {
  for (const ast::Decl *group : groups) {
    if (!group->isBackend)
      continue;
    if (group->hasGroupParams) {
      diags.error(group->name.range,
                  "a backend cannot take parameters; declare a group and "
                  "use it from backends");
      continue;
    }
    std::vector<FlatPattern> flat;
    flattenLimitReported = false;
    flattenGroup(*group, {}, nullptr, nullptr, flat);
    if (flattenLimitReported)
      continue;

    ir::Backend backend;
    backend.name = group->name.text;
    backend.loc = group->name.range;
    for (const auto &m : program.modules)
      for (const auto &d : m->decls)
        if (d.get() == group)
          backend.inMainFile = m.get() == mainModule;

    // The pattern item and use site of each config.
    std::vector<const ast::GroupItem *> items, useSites;
    for (const FlatPattern &pattern : flat) {
      buildConfigs(pattern, backend.configs);
      items.resize(backend.configs.size(), pattern.item);
      useSites.resize(backend.configs.size(), pattern.useSite);
    }
    foldDuplicates(backend, items, useSites);
    checkUnreachable(backend);
    result->backends.push_back(std::move(backend));
  }
}
