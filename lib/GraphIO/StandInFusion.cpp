//===- StandInFusion.cpp - Fusing without modules -------------------------===//
//
// Part of the bpat project: rt::fuseGraph with stand-in modules (class
// names) and stand-in fusers that return the class PyTorch's fuser would.
// See bpat/GraphIO/StandInFusion.h and docs/runtime.md, "Fusion".
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/StandInFusion.h"

#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/Fusion.h"

#include <string_view>

namespace bpat {
namespace graphio {

namespace {

constexpr std::string_view reluFunction = "torch.nn.functional.relu";
constexpr std::string_view reluModule = "torch.nn.modules.activation.ReLU";
constexpr std::string_view convModulePrefix = "torch.nn.modules.conv.Conv";
constexpr std::string_view fusedModulePrefix =
    "torch.ao.nn.intrinsic.modules.fused.";

/// The fuser \p method names, without bpat's `bpat.reverse_nested(...)`
/// adapter (which changes how it is called, not what it returns).
std::string_view unwrapFuser(std::string_view method) {
  std::string prefix = std::string(rt::bpatReverseNestedName) + "(";
  if (method.size() > prefix.size() &&
      method.substr(0, prefix.size()) == prefix && method.back() == ')')
    return method.substr(prefix.size(), method.size() - prefix.size() - 1);
  return method;
}

bool isCallOf(std::string_view method, std::string_view function) {
  return method.size() > function.size() + 1 &&
         method.substr(0, function.size()) == function &&
         method[function.size()] == '(' && method.back() == ')';
}

/// A fuser of torch.ao.quantization.fuser_method_mappings, by its short
/// name, or empty.
std::string_view torchFuser(std::string_view method) {
  std::string_view module = rt::fuserMethodMappingsModule;
  if (method.size() > module.size() + 1 &&
      method.substr(0, module.size()) == module && method[module.size()] == '.')
    return method.substr(module.size() + 1);
  return {};
}

rt::Error fuserError(std::string_view fuser, const std::string &what) {
  return rt::Error::failure(std::string(fuser) + ": " + what);
}

} // namespace

rt::Expected<std::string>
standInFuserResult(const rt::BackendPatternConfig &config, bool isQat,
                   const std::vector<std::string> &modules) {
  std::string_view method = unwrapFuser(config.fuserMethod);
  auto fusedModule = [&]() -> rt::Expected<std::string> {
    if (config.fusedModule.empty())
      return fuserError(method, "the config has no fused module to tell the "
                                "class the fuser returns");
    return config.fusedModule;
  };
  if (isCallOf(method, rt::sequentialWrapper2QualifiedName) ||
      isCallOf(method, rt::bpatSequentialName))
    return fusedModule();
  std::string_view name = torchFuser(method);
  bool foldsIntoFirst = name == "fuse_conv_bn" || name == "fuse_linear_bn" ||
                        name == "fuse_convtranspose_bn";
  if (!foldsIntoFirst && name != "fuse_conv_bn_relu")
    return fusedModule(); // a fuser of the backend's own
  size_t arity = name == "fuse_conv_bn_relu" ? 3 : 2;
  if (modules.size() != arity)
    return fuserError(name, "expected " + std::to_string(arity) +
                                " modules, got " +
                                std::to_string(modules.size()));
  if (isQat) {
    if (name == "fuse_convtranspose_bn")
      return fuserError(name, "fusing ConvTranspose+BatchNorm is not "
                              "supported in QAT");
    return fusedModule();
  }
  if (foldsIntoFirst) // eval: the first module with the batch norm folded in
    return modules.front();
  // fuse_conv_bn_relu in eval mode: ConvReLU<N>d of the conv's dimension.
  const std::string &conv = modules.front();
  std::string_view prefix = convModulePrefix;
  if (conv.size() == prefix.size() + 2 &&
      conv.compare(0, prefix.size(), prefix) == 0 &&
      conv[prefix.size()] >= '1' && conv[prefix.size()] <= '3' &&
      conv.back() == 'd')
    return std::string(fusedModulePrefix) + "ConvReLU" + conv[prefix.size()] +
           "d";
  return fuserError(name, "cannot fuse eval modules: " + conv +
                              " is not Conv1d, Conv2d or Conv3d");
}

rt::Expected<std::string> standInModule(const rt::Graph &g, rt::NodeId n) {
  const rt::GraphNode &node = g.node(n);
  switch (node.op) {
  case rt::NodeOp::CallModule:
    return node.target;
  case rt::NodeOp::CallFunction:
    if (node.target == reluFunction)
      return std::string(reluModule); // a new ReLU module, in PyTorch
    return node.target;
  case rt::NodeOp::CallMethod:
    return node.target;
  default:
    return std::string(rt::matchAllNodeQualifiedName);
  }
}

rt::Expected<rt::BackendCallbacks<std::string>>
standInCallbacks(const rt::BackendConfig &backend, FuserCallObserver observer) {
  rt::BackendCallbacks<std::string> callbacks;
  for (uint32_t i = 0; i != backend.configs.size(); ++i) {
    const rt::BackendPatternConfig &config = backend.configs[i];
    if (!config.hasFuser())
      continue;
    for (const std::string *getter :
         {&config.rootNodeGetter, &config.extraInputsGetter})
      if (!getter->empty())
        return rt::Error::failure(
            "pattern " + rt::renderPattern(config.pattern) + " has getter " +
            *getter + ", which has no stand-in (only fusers have)");
    callbacks.at(i).fuser =
        [&config, i, observer](bool isQat,
                               const rt::NestedArgs<std::string> &modules)
        -> rt::Expected<std::string> {
      if (observer)
        observer(i, modules);
      return standInFuserResult(config, isQat, rt::postOrderLeaves(modules));
    };
  }
  return callbacks;
}

rt::Error fuseWithStandIns(rt::Graph &graph, const rt::BackendConfig &backend,
                           const rt::MatchMap &matches,
                           FuserCallObserver observer) {
  rt::Expected<rt::BackendCallbacks<std::string>> callbacks =
      standInCallbacks(backend, std::move(observer));
  if (!callbacks)
    return rt::Error::failure(callbacks.message());
  rt::ModuleOf<rt::Graph, std::string> moduleOf = standInModule;
  return rt::fuseGraph(graph, matches, backend, *callbacks, moduleOf);
}

std::string renderModules(const rt::NestedArgs<std::string> &modules) {
  std::string out;
  std::function<void(const rt::NestedArg<std::string> &)> one =
      [&](const rt::NestedArg<std::string> &a) {
        if (a.isLeaf()) {
          out += a.value();
          return;
        }
        out += '(';
        for (size_t i = 0; i != a.elements().size(); ++i) {
          if (i)
            out += ", ";
          one(a.elements()[i]);
        }
        out += a.elements().size() == 1 ? ",)" : ")";
      };
  for (size_t i = 0; i != modules.size(); ++i) {
    if (i)
      out += ", ";
    one(modules[i]);
  }
  return out;
}

} // namespace graphio
} // namespace bpat
