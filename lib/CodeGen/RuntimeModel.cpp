//===- RuntimeModel.cpp - Lowered configs as runtime data -----------------===//

#include "bpat/CodeGen/RuntimeModel.h"
#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"

using namespace bpat;
using namespace bpat::codegen;

static rt::OpRef toRuntimeOp(const ir::Op &op) {
  return rt::OpRef{op.kind, op.target};
}

rt::PatternNode codegen::toRuntimePattern(const ir::PatternNode &node) {
  rt::PatternNode result;
  result.isWildcard = node.isWildcard();
  if (!result.isWildcard)
    result.op = toRuntimeOp(*node.op);
  for (const ir::PatternNode &arg : node.args)
    result.children.push_back(toRuntimePattern(arg));
  return result;
}

static std::optional<rt::Number> toRuntime(const std::optional<ir::Number> &n) {
  if (!n)
    return std::nullopt;
  return n->isFloat ? rt::Number::floating(n->floatValue)
                    : rt::Number::integer(n->intValue);
}

static std::optional<rt::DTypeWithConstraints>
toRuntime(const std::optional<ir::DTypeWithConstraints> &d) {
  if (!d)
    return std::nullopt;
  rt::DTypeWithConstraints result;
  result.dtype = d->dtype->target;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  result.Member = toRuntime(d->Member);
#include "bpat/Runtime/DTypeConstraints.def"
  return result;
}

/// "file:line" of the config's pattern statement.
static std::string provenanceOf(const ir::PatternConfig &config) {
  return config.sourceFile + ":" + std::to_string(config.sourceLine);
}

rt::BackendPatternConfig
codegen::toRuntimeConfig(const lower::LoweredConfig &lowered) {
  const ir::PatternConfig &config = *lowered.config;
  rt::BackendPatternConfig out;
  out.pattern = toRuntimePattern(config.tree);
  if (lowered.simple) {
    std::vector<rt::OpRef> chain;
    if (auto ops = lower::forwardChain(config.tree))
      for (const ir::Op *op : *ops)
        chain.push_back(toRuntimeOp(*op));
    out.simplePattern = std::move(chain);
  }
  out.observation = config.observation;
  out.dtypeConfigs.reserve(config.dtypeConfigs.size());
  for (const ir::DTypeConfig *d : config.dtypeConfigs) {
    rt::DTypeConfig dtype;
    dtype.input = toRuntime(d->input);
    dtype.output = toRuntime(d->output);
    dtype.weight = toRuntime(d->weight);
    if (d->bias)
      dtype.bias = d->bias->target;
    dtype.isDynamic = d->isDynamic;
    out.dtypeConfigs.push_back(std::move(dtype));
  }
  auto name = [](const ir::Op *op) { return op ? op->target : std::string(); };
  out.rootModule = name(config.rootModule);
  out.qatModule = name(config.qatModule);
  out.referenceQuantizedModule = name(config.referenceModule);
  out.fusedModule = name(config.fusedModule);
  out.fuserMethod = fuserMethodName(lowered);
  if (config.rootNodeGetter)
    out.rootNodeGetter = config.rootNodeGetter->target;
  if (config.extraInputsGetter)
    out.extraInputsGetter = config.extraInputsGetter->target;
  for (const auto &[count, type] : config.numTensorArgsToObservation)
    out.numTensorArgsToObservationType.push_back({int(count), type});
  for (const auto &[key, index] : config.inputTypeToIndex)
    out.inputTypeToIndex.push_back({key, int(index)});
  out.inputOutputObserved = config.inputOutputObserved;
  out.provenance = provenanceOf(config);
  return out;
}

rt::BackendConfig
codegen::toRuntimeBackend(const lower::LoweredBackend &backend) {
  rt::BackendConfig result(backend.backend->name);
  result.configs.reserve(backend.configs.size());
  // Sema already folded duplicates, so this appends.
  for (const lower::LoweredConfig &lowered : backend.configs)
    result.setPatternConfig(toRuntimeConfig(lowered));
  return result;
}

rt::BackendConfig
codegen::toRuntimeMatcherModel(const lower::LoweredBackend &backend) {
  rt::BackendConfig result(backend.backend->name);
  result.configs.reserve(backend.configs.size());
  for (const lower::LoweredConfig &lowered : backend.configs) {
    rt::BackendPatternConfig out;
    out.pattern = toRuntimePattern(lowered.config->tree);
    out.fuserMethod = fuserMethodName(lowered);
    out.provenance = provenanceOf(*lowered.config);
    result.setPatternConfig(std::move(out));
  }
  return result;
}
