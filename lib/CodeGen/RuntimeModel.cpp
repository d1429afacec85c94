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
  result.IsWildcard = node.isWildcard();
  if (!result.IsWildcard)
    result.Op = toRuntimeOp(*node.op);
  for (const ir::PatternNode &arg : node.args)
    result.Children.push_back(toRuntimePattern(arg));
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
  result.DType = d->dtype->target;
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  result.Member = toRuntime(d->Member);
#include "bpat/Runtime/DTypeConstraints.def"
  return result;
}

rt::BackendConfig
codegen::toRuntimeBackend(const lower::LoweredBackend &backend) {
  rt::BackendConfig result(backend.backend->name);
  for (const lower::LoweredConfig &lowered : backend.configs) {
    const ir::PatternConfig &config = *lowered.config;
    rt::BackendPatternConfig out;
    out.Pattern = toRuntimePattern(config.tree);
    if (lowered.simple) {
      std::vector<rt::OpRef> chain;
      if (auto ops = lower::forwardChain(config.tree))
        for (const ir::Op *op : *ops)
          chain.push_back(toRuntimeOp(*op));
      out.SimplePattern = std::move(chain);
    }
    out.Observation = config.observation;
    for (const ir::DTypeConfig *d : config.dtypeConfigs) {
      rt::DTypeConfig dtype;
      dtype.Input = toRuntime(d->input);
      dtype.Output = toRuntime(d->output);
      dtype.Weight = toRuntime(d->weight);
      if (d->bias)
        dtype.Bias = d->bias->target;
      dtype.IsDynamic = d->isDynamic;
      out.DTypeConfigs.push_back(std::move(dtype));
    }
    auto name = [](const ir::Op *op) {
      return op ? op->target : std::string();
    };
    out.RootModule = name(config.rootModule);
    out.QatModule = name(config.qatModule);
    out.ReferenceQuantizedModule = name(config.referenceModule);
    out.FusedModule = name(config.fusedModule);
    out.FuserMethod = fuserMethodName(lowered);
    if (config.rootNodeGetter)
      out.RootNodeGetter = config.rootNodeGetter->target;
    if (config.extraInputsGetter)
      out.ExtraInputsGetter = config.extraInputsGetter->target;
    for (const auto &[count, type] : config.numTensorArgsToObservation)
      out.NumTensorArgsToObservationType.push_back({int(count), type});
    for (const auto &[key, index] : config.inputTypeToIndex)
      out.InputTypeToIndex.push_back({key, int(index)});
    out.InputOutputObserved = config.inputOutputObserved;
    out.Provenance =
        config.sourceFile + ":" + std::to_string(config.sourceLine);
    // Sema already folded duplicates, so this appends.
    result.setPatternConfig(std::move(out));
  }
  return result;
}
