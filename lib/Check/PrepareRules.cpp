//===- PrepareRules.cpp - Rules that prepare_fx applies -------------------===//
//
// The rules of observer insertion: which dtype configs a fused pattern is
// quantized with, which attributes prepare_fx reads for which patterns, and
// what argument indices and tensor-argument counts can occur. Each
// function's comment names the PyTorch 1.13.1 code the rule comes from.
//
//===----------------------------------------------------------------------===//

#include "Facts.h"

#include "bpat/Runtime/ObservationType.h"

using namespace bpat;
using namespace bpat::check;

/// The op whose own pattern a fused pattern should serve as well: its root
/// module, the first module of the fusion that produces it, or its first op
/// in forward order. Null for a pattern that is that op alone.
static const ir::Op *rootOpOf(const BackendFacts &facts,
                              const ir::PatternConfig &config) {
  const ir::Op *lone = loneOp(config.tree);
  const ir::Op *root = nullptr;
  if (config.rootModule)
    root = config.rootModule;
  else if (lone && facts.producers.count(lone))
    root = facts.floatModuleOf(lone);
  else if (!lone)
    root = firstForwardOp(config.tree);
  return root == lone ? nullptr : root;
}

// prepare_fx quantizes a match only if one of the matched pattern's own
// dtype configs supports the qconfig (fx/prepare.py,
// _is_pattern_dtype_config_and_qconfig_supported_by_backend). So a fused
// pattern lacking a dtype config of its root op leaves that op in float,
// under a qconfig the op alone would be quantized with, whenever it is fused
// or followed by the rest of the pattern.
void check::checkFusedDTypeConfigs(RuleContext &ctx) {
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    if (config.dtypeConfigs.empty())
      continue;
    const ir::Op *root = rootOpOf(ctx.backend, config);
    if (!root)
      continue;
    auto lone = ctx.backend.loneConfig.find(root);
    if (lone == ctx.backend.loneConfig.end() || lone->second == &config)
      continue;
    std::vector<const ir::DTypeConfig *> missing;
    for (const ir::DTypeConfig *wanted : lone->second->dtypeConfigs) {
      bool found = false;
      for (const ir::DTypeConfig *have : config.dtypeConfigs)
        found |= sameDTypeConfig(*wanted, *have);
      if (!found)
        missing.push_back(wanted);
    }
    if (missing.empty())
      continue;
    std::string names;
    for (const ir::DTypeConfig *d : missing)
      names += (names.empty() ? "'" : ", '") + d->name + "'";
    const auto *source = config.sourceOf(rt::PatternAttr::DTypes);
    bool own = source && source->own;
    std::optional<InFlightDiagnostic> diag = ctx.warn(
        Warning::FusedDTypeConfigs, own ? source->valueRange : config.loc,
        "'" + describe(config.tree) + "' lacks dtype config" +
            (missing.size() > 1 ? "s " : " ") + names + " of its root op '" +
            root->name +
            "': prepare_fx quantizes its matches only with its "
            "own dtype configs, so under a qconfig only " +
            (missing.size() > 1 ? "those serve" : "that serves") + ", '" +
            root->name + "' stays float here though it is quantized alone");
    if (!diag)
      continue;
    if (own && ctx.editable(config)) {
      std::string list;
      for (const ir::DTypeConfig *d : config.dtypeConfigs)
        list += (list.empty() ? "" : ", ") + d->name;
      for (const ir::DTypeConfig *d : missing)
        list += ", " + d->name;
      diag->fixIt(source->valueRange, "[" + list + "]");
    } else if (source)
      diag->note(source->range, "the dtype configs are set here");
    diag->note(lone->second->loc,
               "the pattern of '" + root->name + "' alone is here");
  }
}

/// Warns that `attr` of `config` is ignored, with a fix-it removing it when
/// the statement itself wrote it.
static void ignored(RuleContext &ctx, const ir::PatternConfig &config,
                    rt::PatternAttr attr, const std::string &why) {
  const auto *source = config.sourceOf(attr);
  if (!source)
    return;
  std::string key = rt::patternAttrInfo(attr).key;
  std::optional<InFlightDiagnostic> diag = ctx.warn(
      Warning::IgnoredAttribute, source->own ? source->range : config.loc,
      "'" + key + "' is ignored here: " + why);
  if (!diag)
    return;
  if (source->own && ctx.editable(config)) {
    FixIt fix = removeAttributeFixIt(ctx.diags.getSourceMgr(), *source);
    diag->fixIt(fix.range, fix.text);
  } else {
    diag->note(source->range, "'" + key + "' is set here");
  }
}

// - get_quantize_handler_cls (fx/backend_config_utils.py) takes the
//   observation type from num_tensor_args_to_observation_type whenever that
//   map is set, and from observation_type only otherwise.
// - prepare_fx inserts no observer around a pattern whose
//   input_output_observed is False (fx/prepare.py,
//   get_target_dtype_info_for_node), so nothing about its observers is read.
// - A pattern without dtype configs is never supported
//   (_is_pattern_dtype_config_and_qconfig_supported_by_backend loops over
//   none), so nothing about its observers is read either.
// - node_arg_is_weight / node_arg_is_bias (fx/utils.py) read
//   input_type_to_index only from configs[node.target] of a call_function
//   node: the config of a function alone.
void check::checkIgnoredAttributes(RuleContext &ctx) {
  using rt::PatternAttr;
  const PatternAttr observerAttrs[] = {
      PatternAttr::Observation, PatternAttr::NumTensorArgs,
      PatternAttr::OverwriteFakeQuantize, PatternAttr::OverwriteObserver};
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    if (config.inputOutputObserved == false) {
      for (PatternAttr attr : observerAttrs)
        ignored(ctx, config, attr,
                "prepare_fx inserts no observers for a pattern with "
                "'input_output_observed = false'");
    } else if (config.dtypeConfigs.empty() && ctx.backend.quantizes) {
      for (PatternAttr attr : observerAttrs)
        ignored(ctx, config, attr,
                "the pattern has no dtype configs, so prepare_fx never "
                "quantizes its matches");
    } else if (!config.numTensorArgsToObservation.empty()) {
      ignored(ctx, config, PatternAttr::Observation,
              "PyTorch takes the observation type from "
              "'num_tensor_args_to_observation_type' when it is set");
    }
    const ir::Op *lone = loneOp(config.tree);
    if (!lone || lone->kind != ir::OpKind::Function)
      ignored(ctx, config, PatternAttr::InputTypeToIndex,
              "prepare_fx reads weight and bias indices only from the "
              "pattern of a function alone, not from '" +
                  describe(config.tree) + "'");
  }
}

/// The most positional arguments a call of `op` can have, if known.
static std::optional<unsigned> maxArgs(const ir::Op &op) {
  if (op.argCounts.empty())
    return std::nullopt;
  return op.argCounts.back();
}

// - node_arg_is_weight / node_arg_is_bias (fx/utils.py) use an index only
//   when it is below len(node.args), and otherwise look at the keyword.
// - ConfigurableQuantizeHandler.__init__ (fx/backend_config_utils.py)
//   asserts that the map has a key for the number of tensor arguments of
//   the matched root node, which can be anything from 0 to its argument
//   count.
void check::checkArgumentIndices(RuleContext &ctx) {
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    const ir::Op *lone = loneOp(config.tree);
    if (lone && lone->kind == ir::OpKind::Function && maxArgs(*lone))
      for (const auto &[key, index] : config.inputTypeToIndex) {
        if (index < int64_t(*maxArgs(*lone)))
          continue;
        const auto *source = config.sourceOf(rt::PatternAttr::InputTypeToIndex);
        if (auto diag = ctx.warn(
                Warning::ArgumentIndex,
                source ? source->valueRange : config.loc,
                "'" + key + ": " + std::to_string(index) +
                    "' never applies: '" + lone->name + "' takes at most " +
                    std::to_string(*maxArgs(*lone)) +
                    " positional arguments, so prepare_fx finds the " + key +
                    " only when it is passed by keyword"))
          diag->note(lone->loc, RuleContext::declaredNote(*lone));
      }

    if (config.numTensorArgsToObservation.empty() || config.rootNodeGetter)
      continue;
    const ir::Op *root = firstForwardOp(config.tree);
    if (!root || !maxArgs(*root))
      continue;
    std::string missing;
    for (unsigned count = 0; count <= *maxArgs(*root); ++count) {
      bool found = false;
      for (const auto &entry : config.numTensorArgsToObservation)
        found |= entry.first == int64_t(count);
      if (!found)
        missing += (missing.empty() ? "" : ", ") + std::to_string(count);
    }
    if (missing.empty())
      continue;
    const auto *source = config.sourceOf(rt::PatternAttr::NumTensorArgs);
    if (auto diag = ctx.warn(
            Warning::IncompleteNumTensorArgs,
            source ? source->valueRange : config.loc,
            "num_tensor_args_to_observation_type has no key for " + missing +
                " tensor argument(s): prepare_fx fails an assertion on a "
                "call of '" +
                root->name + "' with that many"))
      diag->note(root->loc, RuleContext::declaredNote(*root));
  }
}

// node_arg_is_weight (fx/utils.py) knows a function's weight only from the
// weight index of the function's own config (or a `weight=` keyword). A
// function that another config of the program gives a weight index, used
// here with a weight dtype but without one, has its weight observed and
// checked as an activation.
void check::checkWeightIndices(RuleContext &ctx) {
  for (const ir::PatternConfig &config : ctx.backend.backend.configs) {
    const ir::Op *lone = loneOp(config.tree);
    if (!lone || lone->kind != ir::OpKind::Function)
      continue;
    auto known = ctx.program.weightIndexFrom.find(lone);
    if (known == ctx.program.weightIndexFrom.end())
      continue;
    bool hasWeight = false;
    for (const auto &entry : config.inputTypeToIndex)
      hasWeight |= entry.first == "weight";
    if (!quantizesWeight(config) || hasWeight)
      continue;
    std::string map;
    for (const auto &[key, index] : known->second->inputTypeToIndex)
      map += (map.empty() ? "" : ", ") + key + ": " + std::to_string(index);
    std::string attr = "input_type_to_index = { " + map + " };";
    std::optional<InFlightDiagnostic> diag =
        ctx.warn(Warning::MissingWeightIndex, config.loc,
                 "'" + lone->name +
                     "' has no weight index here: prepare_fx observes "
                     "its weight argument as an activation");
    if (!diag)
      continue;
    if (!config.sourceOf(rt::PatternAttr::InputTypeToIndex) &&
        ctx.editable(config)) {
      FixIt fix = addAttributesFixIt(config, attr);
      diag->fixIt(fix.range, fix.text);
    }
    diag->note(known->second->loc,
               "'" + attr + "' is given to '" + lone->name + "' here");
  }
}
