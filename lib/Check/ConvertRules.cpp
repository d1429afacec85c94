//===- ConvertRules.cpp - Rules that convert_fx and QAT swapping apply ----===//
//
// The module rules: which modules convert_fx can turn into reference
// modules, which fused modules a backend can produce and quantize, and which
// QAT class a module is swapped for. Each function's comment names the
// PyTorch 1.13.1 code the rule comes from (2.6 keeps the same logic).
//
//===----------------------------------------------------------------------===//

#include "Facts.h"

#include "llvm/ADT/STLExtras.h"

#include <functional>
#include <set>

using namespace bpat;
using namespace bpat::check;

static void forEachModuleLeaf(const ir::PatternNode &node,
                              const std::function<void(const ir::Op *)> &fn) {
  if (!node.isWildcard() && node.op->kind == ir::OpKind::Module)
    fn(node.op);
  for (const ir::PatternNode &arg : node.args)
    forEachModuleLeaf(arg, fn);
}

// convert_fx (fx/convert.py, convert) calls convert_weighted_module only for
// modules whose class is a root module, QAT module or fused module of the
// backend, and that looks the float module (a fused module's `mod[0]`) up in
// get_root_module_to_quantized_reference_module (backend_config/utils.py),
// which holds the configs that set both root_module and
// reference_quantized_module. A weighted module missing there stays float
// (or, for a QAT module, fails an assertion in convert_weighted_module).
void check::checkReferenceModules(RuleContext &ctx) {
  std::set<const ir::Op *> reported;
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    if (!quantizesWeight(config))
      continue;
    forEachModuleLeaf(config.tree, [&](const ir::Op *leaf) {
      const ir::Op *module = ctx.backend.floatModuleOf(leaf);
      auto ref = ctx.program.referenceOf.find(module);
      if (ref == ctx.program.referenceOf.end() ||
          ctx.backend.rootClasses.count(module) ||
          !reported.insert(module).second)
        return;
      // Report at the module's own pattern if it has one: that is where
      // the fix goes.
      auto lone = ctx.backend.loneConfig.find(module);
      const ir::PatternConfig &at =
          lone != ctx.backend.loneConfig.end() ? *lone->second : config;
      std::string message = "convert_fx leaves '" + module->name +
                            "' modules in float in backend '" +
                            ctx.backend.backend.name +
                            "': no config maps root module '" + module->name +
                            "' to a reference quantized module";
      if (&at != &config || leaf != module)
        message += " (it is quantized by '" + describe(config.tree) + "')";
      std::optional<InFlightDiagnostic> diag =
          ctx.warn(Warning::MissingReferenceModule, at.loc, message);
      if (!diag)
        return;
      std::string wanted;
      if (at.rootModule != module)
        wanted += "root = " + module->name + ";";
      if (!at.referenceModule)
        wanted += std::string(wanted.empty() ? "" : " ") +
                  "reference = " + ref->second->name + ";";
      // The fix is mechanical only where the pattern is the module alone and
      // neither attribute is set to something else.
      bool mechanical = &at != &config || loneOp(config.tree) == module;
      if (mechanical && ctx.editable(at) && !at.rootModule &&
          !at.referenceModule) {
        FixIt fix = addAttributesFixIt(at, wanted);
        diag->fixIt(fix.range, fix.text);
      } else {
        diag->note(at.loc, "add '" + wanted + "' to the pattern of '" +
                               module->name + "' alone");
      }
      diag->note(ref->second->loc, "its reference quantized module is '" +
                                       ref->second->name + "'");
    });
  }
}

// fuse_fx replaces a match with the fused module; prepare_fx then matches
// the fused module by its own pattern, and quantizes it with that pattern's
// dtype configs (fx/prepare.py,
// _is_pattern_dtype_config_and_qconfig_supported_by_backend). Without such
// a pattern the fused module stays
// float. Conversely a pattern of a fused module that no fusion of the
// backend produces matches only models fused by hand.
void check::checkFusedModules(RuleContext &ctx) {
  const BackendFacts &facts = ctx.backend;
  if (facts.quantizes)
    for (const auto &[fused, producers] : facts.producers) {
      auto lone = facts.loneConfig.find(fused);
      if (lone != facts.loneConfig.end() && !lone->second->dtypeConfigs.empty())
        continue;
      const ir::PatternConfig &first = *producers.front();
      llvm::SMRange at =
          first.fusedArrowRange.isValid() ? first.fusedArrowRange : first.loc;
      if (const auto *source = first.sourceOf(rt::PatternAttr::Fused);
          source && !first.fusedArrowRange.isValid())
        at = source->valueRange;
      std::string message =
          "no pattern of backend '" + facts.backend.name + "' quantizes '" +
          fused->name + "', the fused module of '" + describe(first.tree) +
          "': once fuse_fx has put it in a model, prepare_fx leaves it in "
          "float";
      std::optional<InFlightDiagnostic> diag =
          ctx.warn(Warning::UnquantizedFusedModule, at, message);
      if (!diag)
        continue;
      if (lone != facts.loneConfig.end())
        diag->note(lone->second->loc,
                   "the pattern of '" + fused->name + "' has no dtype configs");
      diag->note(fused->loc, RuleContext::declaredNote(*fused));
    }

  for (const auto &[op, config] : facts.loneConfig) {
    if (!ctx.program.fusedModules.count(op) || facts.producers.count(op))
      continue;
    // A QAT module's pattern is reached by swapping, not by fusion.
    if (facts.floatOfQat.count(op))
      continue;
    if (auto diag = ctx.warn(
            Warning::NeverFusedModule, config->loc,
            "no fusion pattern of backend '" + facts.backend.name +
                "' produces '" + op->name +
                "': fuse_fx never puts one in a model, so this pattern "
                "matches only models fused by hand"))
      diag->note(op->loc, RuleContext::declaredNote(*op));
  }
}

// prepare_qat_fx swaps modules through get_module_to_qat_module
// (backend_config/utils.py): a dict from pattern to qat_module that the
// eager swap (quantize.py, convert/swap_module) consults by module class, so
// only a pattern that is one module class is ever used; the swap calls
// qat_module.from_float, which accepts only the class's _FLOAT_MODULE.
void check::checkQatModules(RuleContext &ctx) {
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    const ir::Op *qat = config.qatModule;
    if (!qat)
      continue;
    const auto *source = config.sourceOf(rt::PatternAttr::Qat);
    llvm::SMRange at = source ? source->valueRange : config.loc;
    const ir::Op *module = loneOp(config.tree);
    if (!module || module->kind != ir::OpKind::Module) {
      std::optional<InFlightDiagnostic> diag = ctx.warn(
          Warning::IgnoredAttribute, at,
          "'qat' is ignored here: prepare_qat_fx swaps a module for its QAT "
          "class only through a pattern that is one module, not '" +
              describe(config.tree) + "'");
      if (diag && source && source->own && ctx.editable(config)) {
        FixIt fix = removeAttributeFixIt(ctx.diags.getSourceMgr(), *source);
        diag->fixIt(fix.range, fix.text);
      }
      continue;
    }
    // Only a class of a QAT namespace has a counterpart to compare with.
    if (className(*qat) == className(*module) ||
        !llvm::is_contained(ctx.program.qatOps, qat))
      continue;
    std::optional<InFlightDiagnostic> diag =
        ctx.warn(Warning::QatModuleMismatch, at,
                 "'" + qat->name + "' (" + className(*qat) +
                     ") is not the QAT counterpart of '" + module->name +
                     "' (" + className(*module) + "): prepare_qat_fx calls " +
                     qat->name + ".from_float on each '" + module->name +
                     "', which accepts only its own float class");
    if (!diag)
      continue;
    const ir::Op *candidate = nullptr;
    bool intrinsic = llvm::StringRef(module->target).contains(".intrinsic.");
    for (const ir::Op *op : ctx.program.qatOps)
      if (className(*op) == className(*module) &&
          llvm::StringRef(op->target).contains(".intrinsic.") == intrinsic) {
        candidate = op;
        break;
      }
    if (candidate && source && source->own && ctx.editable(config))
      diag->fixIt(source->valueRange, candidate->name);
    diag->note(qat->loc, RuleContext::declaredNote(*qat));
  }
}
