//===- StandInFusion.cpp - Fusing without modules -------------------------===//
//
// Part of the bpat project: rt::fuseGraph with stand-in modules (class
// names), stand-in fusers that return the class PyTorch's fuser would, and
// stand-ins for PyTorch 2.6 onednn's root node and extra inputs getters.
// See bpat/GraphIO/StandInFusion.h and docs/runtime.md, "Fusion".
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/StandInFusion.h"

#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/Fusion.h"

#include <optional>
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

/// The module of PyTorch 2.x's onednn backend config, whose conv-add
/// patterns have root node and extra inputs getters.
constexpr std::string_view onednnModule =
    "torch.ao.quantization.backend_config.onednn.";

/// How one of onednn's getters unpacks the matched node pattern, Python
/// tuple unpacking written as a shape: `(a, b)` unpacks a tuple (or the
/// top-level list) of exactly that many elements, `_` is any element, `R`
/// the node the root node getter returns and `X` the node the extra inputs
/// getter returns (as a one-element list). Both getters of a kind unpack the
/// same shape, `bn, conv = bn_conv` included where only one of them uses
/// it, so a pattern of another shape fails in both as Python's unpacking
/// does.
struct OnednnGetterShape {
  std::string_view kind;
  std::string_view shape;
};

constexpr OnednnGetterShape onednnGetterShapes[] = {
    {"conv_add_left", "(_, R, X)"},
    {"conv_bn_add_left", "(_, (_, R), X)"},
    {"conv_add_right", "(_, X, R)"},
    {"conv_bn_add_right", "(_, X, (_, R))"},
    {"conv_add_relu_left", "(_, (_, R, X))"},
    {"conv_bn_add_relu_left", "(_, (_, (_, R), X))"},
    {"conv_add_relu_right", "(_, (_, X, R))"},
    {"conv_bn_add_relu_right", "(_, (_, X, (_, R)))"},
};

/// The shape of onednn's getter \p getter (qualified name), or empty.
/// `_<kind-prefix>_root_node_getter_<side>` and
/// `_<kind-prefix>_extra_inputs_getter_<side>` have kind
/// `<kind-prefix>_<side>`.
std::string_view onednnGetterShape(std::string_view getter, bool root) {
  if (getter.substr(0, onednnModule.size()) != onednnModule)
    return {};
  std::string_view name = getter.substr(onednnModule.size());
  std::string_view infix =
      root ? "_root_node_getter_" : "_extra_inputs_getter_";
  size_t at = name.find(infix);
  if (name.empty() || name[0] != '_' || at == std::string_view::npos)
    return {};
  std::string kind = std::string(name.substr(1, at - 1)) + "_" +
                     std::string(name.substr(at + infix.size()));
  for (const OnednnGetterShape &s : onednnGetterShapes)
    if (s.kind == kind)
      return s.shape;
  return {};
}

/// A getter's shape, parsed: a tuple of elements, or a leaf ('_', 'R', 'X').
struct Shape {
  char leaf = 0;
  std::vector<Shape> elements;
};

/// Parses the shape at \p pos of \p text (which the table above holds, so
/// it is well formed).
Shape parseShape(std::string_view text, size_t &pos) {
  while (text[pos] == ' ')
    ++pos;
  Shape shape;
  if (text[pos] != '(') {
    shape.leaf = text[pos++];
    return shape;
  }
  ++pos;
  for (;;) {
    shape.elements.push_back(parseShape(text, pos));
    while (text[pos] == ' ')
      ++pos;
    if (text[pos++] == ')')
      return shape;
  }
}

/// Unpacks \p matched by \p shape as Python does (every tuple of the shape
/// must be a tuple of that many elements, checked before its elements are),
/// setting \p found to the node where the shape has \p want.
rt::Error unpackShape(const Shape &shape,
                      const rt::NestedArgs<rt::NodeId> &matched, char want,
                      std::optional<rt::NodeId> &found) {
  if (matched.size() != shape.elements.size())
    return rt::Error::failure(
        std::string(matched.size() < shape.elements.size() ? "not enough"
                                                           : "too many") +
        " values to unpack (expected " + std::to_string(shape.elements.size()) +
        ", got " + std::to_string(matched.size()) + ")");
  for (size_t i = 0; i != matched.size(); ++i) {
    const Shape &s = shape.elements[i];
    const rt::NestedArg<rt::NodeId> &value = matched[i];
    if (!s.elements.empty()) {
      if (value.isLeaf())
        return rt::Error::failure("cannot unpack a node as a tuple of " +
                                  std::to_string(s.elements.size()));
      if (rt::Error e = unpackShape(s, value.elements(), want, found))
        return e;
    } else if (s.leaf == want) {
      if (!value.isLeaf())
        return rt::Error::failure("a tuple where the getter returns a node");
      found = value.value();
    }
  }
  return rt::Error::success();
}

/// A getter's stand-in: \p name's shape unpacked for \p want.
rt::Expected<rt::NodeId> unpackGetter(const std::string &name,
                                      std::string_view text,
                                      const rt::NestedArgs<rt::NodeId> &matched,
                                      char want) {
  size_t pos = 0;
  std::optional<rt::NodeId> found;
  if (rt::Error e = unpackShape(parseShape(text, pos), matched, want, found))
    return rt::Error::failure(name + ": " + e.message());
  return *found; // every shape of the table has one R and one X
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
  rt::NodeView node = g.node(n);
  switch (node.op()) {
  case rt::NodeOp::CallModule:
    return std::string(node.target());
  case rt::NodeOp::CallFunction:
    if (node.target() == reluFunction)
      return std::string(reluModule); // a new ReLU module, in PyTorch
    return std::string(node.target());
  case rt::NodeOp::CallMethod:
    return std::string(node.target());
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
         {&config.rootNodeGetter, &config.extraInputsGetter}) {
      if (getter->empty())
        continue;
      bool root = getter == &config.rootNodeGetter;
      std::string_view shape = onednnGetterShape(*getter, root);
      if (shape.empty())
        return rt::Error::failure(
            "pattern " + rt::renderPattern(config.pattern) + " has getter " +
            *getter +
            ", which has no stand-in (only PyTorch's onednn getters have)");
      std::string name = *getter;
      if (root) {
        callbacks.at(i).rootNode =
            [shape, name](const rt::NestedArgs<rt::NodeId> &matched)
            -> rt::Expected<rt::NodeId> {
          return unpackGetter(name, shape, matched, 'R');
        };
      } else {
        callbacks.at(i).extraInputs =
            [shape, name](const rt::NestedArgs<rt::NodeId> &matched)
            -> rt::Expected<std::vector<rt::NodeId>> {
          rt::Expected<rt::NodeId> n = unpackGetter(name, shape, matched, 'X');
          if (!n)
            return rt::Error::failure(n.message());
          return std::vector<rt::NodeId>{*n};
        };
      }
    }
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

rt::NestedArgs<std::string>
torch2FuserArguments(const rt::BackendPatternConfig &config,
                     const rt::NestedArgs<std::string> &modules) {
  if (!config.simplePattern || config.simplePattern->size() < 2 ||
      config.simplePattern->size() > 3)
    return modules;
  rt::NestedArgs<std::string> forward;
  for (std::string &m : rt::postOrderLeaves(modules))
    forward.push_back(rt::NestedArg<std::string>::leaf(std::move(m)));
  return forward;
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
