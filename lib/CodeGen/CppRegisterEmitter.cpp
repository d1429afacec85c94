//===- CppRegisterEmitter.cpp - --emit=cpp-register -----------------------===//
//
// Writes a header with one function template that fills a
// bpat::rt::BackendConfig (and, optionally, the fusers and getters beside it)
// with every config of a backend, in registration order.
//
// The backend author supplies a `Hooks` class with the module handle type and
// one static function per fuser and getter the backend uses; a missing or
// mistyped one is a compile error at the call site, which names it. The
// header's opening comment lists exactly what Hooks must declare.
//
//===----------------------------------------------------------------------===//

#include "CppNames.h"
#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

using namespace bpat;
using namespace bpat::codegen;
using rt::PatternAttr;

namespace {

const char *opKindEnum(ir::OpKind kind) {
  return rt::opKindInfo(kind).enumerator;
}

const char *observationEnum(ir::ObservationType type) {
  return rt::observationTypeInfo(type).enumerator;
}

/// The bpat::rt::BackendPatternConfig member holding field `attr`.
const char *field(PatternAttr attr) {
  return rt::patternAttrInfo(attr).runtimeField;
}

std::string numberExpr(const ir::Number &n) {
  if (n.isFloat)
    return "Number::floating(" + formatPythonFloat(n.floatValue) + ")";
  return "Number::integer(" + std::to_string(n.intValue) + ")";
}

std::string patternExpr(const ir::PatternNode &node) {
  // The grammar gives wildcards no arguments.
  if (node.isWildcard())
    return "any()";
  std::string out = std::string("op(OpKind::") + opKindEnum(node.op->kind) +
                    ", " + cppStringLiteral(node.op->target);
  if (node.args.empty())
    return out + ")";
  out += ", {";
  for (size_t i = 0; i < node.args.size(); ++i)
    out += (i ? ", " : "") + patternExpr(node.args[i]);
  return out + "})";
}

/// The C++ parameter list a Hooks fuser function has.
std::string fuserSignature(const ir::Fuser &fuser) {
  if (fuser.takesNestedArgs())
    return "(bool isQat, const bpat::rt::NestedArgs<Module> &modules)";
  std::string out = "(bool isQat";
  for (const ir::ParamShape &param : fuser.params)
    out += ", const Module &" + cppIdentifier(param.name);
  return out + ")";
}

class RegisterEmitter {
public:
  RegisterEmitter(const lower::LoweredBackend &backend, llvm::raw_ostream &os)
      : backend(backend), os(os) {}

  void emit();

private:
  void collectUses();
  void emitHooksComment();
  void emitDTypeConfigs();
  void emitConfig(unsigned index, const lower::LoweredConfig &lowered);
  std::string fuserExpr(const lower::LoweredConfig &lowered);

  const lower::LoweredBackend &backend;
  llvm::raw_ostream &os;
  llvm::SetVector<const ir::Fuser *> fusers;
  llvm::SetVector<const ir::Getter *> getters;
  llvm::SetVector<const ir::DTypeConfig *> dtypeConfigs;
  bool usesSequential = false;
};

} // namespace

void RegisterEmitter::collectUses() {
  for (const lower::LoweredConfig &lowered : backend.configs) {
    const ir::PatternConfig &config = *lowered.config;
    if (config.fuser) {
      if (config.fuser->isSequential())
        usesSequential = true;
      else
        fusers.insert(config.fuser->fuser);
    }
    if (config.rootNodeGetter)
      getters.insert(config.rootNodeGetter);
    if (config.extraInputsGetter)
      getters.insert(config.extraInputsGetter);
    for (const ir::DTypeConfig *d : config.dtypeConfigs)
      dtypeConfigs.insert(d);
  }
}

void RegisterEmitter::emitHooksComment() {
  os << "// Hooks, the class you pass to registerBackend, declares:\n"
     << "//\n"
     << "//   struct MyHooks {\n"
     << "//     using Module = ...;  // your handle to a module\n";
  for (const ir::Fuser *fuser : fusers)
    os << "//     static bpat::rt::Expected<Module> "
       << cppIdentifier(fuser->name) << fuserSignature(*fuser) << ";  // "
       << cppCommentText(fuser->target) << "\n";
  if (usesSequential)
    os << "//     static bpat::rt::Expected<Module> sequential(const char "
          "*fusedModule, std::vector<Module> modules);\n";
  for (const ir::Getter *getter : getters)
    os << "//     static bpat::rt::Expected<"
       << (getter->kind == ir::GetterKind::RootNode
               ? "bpat::rt::NodeId"
               : "std::vector<bpat::rt::NodeId>")
       << "> " << cppIdentifier(getter->name)
       << "(const bpat::rt::NestedArgs<bpat::rt::NodeId> &matched);  // "
       << cppCommentText(getter->target) << "\n";
  os << "//   };\n//\n"
     << "// Fusers declared with a flat parameter list take the matched "
        "modules in\n"
     << "// forward order; nested ones take PyTorch's reversed nested "
        "shape.\n\n";
}

void RegisterEmitter::emitDTypeConfigs() {
  os << "namespace dtypes {\n"
     << "using bpat::rt::Number;\n\n";
  for (const ir::DTypeConfig *d : dtypeConfigs) {
    os << "/// dtype_config " << d->name << "\n"
       << "inline bpat::rt::DTypeConfig " << cppIdentifier(d->name) << "() {\n"
       << "  bpat::rt::DTypeConfig d;\n";
    auto constrained = [&](const char *field,
                           const std::optional<ir::DTypeWithConstraints> &c) {
      if (!c)
        return;
      // emplace() then assignments: no aggregate initializer, so no
      // -Wmissing-field-initializers whatever fields the struct grows.
      os << "  d." << field << ".emplace();\n"
         << "  d." << field
         << "->dtype = " << cppStringLiteral(c->dtype->target) << ";\n";
      auto bound = [&](const char *name, const std::optional<ir::Number> &n) {
        if (n)
          os << "  d." << field << "->" << name << " = " << numberExpr(*n)
             << ";\n";
      };
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  bound(#Member, c->Member);
#include "bpat/Runtime/DTypeConstraints.def"
    };
    using Field = rt::DTypeConfigField;
    auto member = [](Field field) {
      return rt::dtypeConfigFieldInfo(field).member;
    };
    constrained(member(Field::Input), d->input);
    constrained(member(Field::Output), d->output);
    constrained(member(Field::Weight), d->weight);
    if (d->bias)
      os << "  d." << member(Field::Bias) << " = "
         << cppStringLiteral(d->bias->target) << ";\n";
    if (d->isDynamic)
      os << "  d." << member(Field::IsDynamic) << " = "
         << (*d->isDynamic ? "true" : "false") << ";\n";
    os << "  return d;\n}\n\n";
  }
  os << "} // namespace dtypes\n\n";
}

std::string RegisterEmitter::fuserExpr(const lower::LoweredConfig &lowered) {
  const ir::PatternConfig &config = *lowered.config;
  if (config.fuser->isSequential())
    return llvm::formatv(
        "bpat::rt::reverseNested<Module>(bpat::rt::sequential<Module>(\n"
        "        [](std::vector<Module> modules) {{\n"
        "          return Hooks::sequential({0}, std::move(modules));\n"
        "        }))",
        cppStringLiteral(config.fusedModule->target));
  const ir::Fuser &fuser = *config.fuser->fuser;
  std::string name = cppIdentifier(fuser.name);
  if (fuser.takesNestedArgs())
    return "&Hooks::" + name;
  std::string args;
  if (lowered.simple) {
    // A forward chain: PyTorch passes the reversed nested chain.
    for (size_t i = 0; i < fuser.params.size(); ++i)
      args += ", modules[" + std::to_string(i) + "]";
    return llvm::formatv("bpat::rt::reverseNested<Module>(\n"
                         "        [](bool isQat, const std::vector<Module> "
                         "&modules) {{\n"
                         "          return Hooks::{0}(isQat{1});\n"
                         "        })",
                         name, args);
  }
  // `format = complex` with a flat fuser: every argument is a single module.
  for (size_t i = 0; i < fuser.params.size(); ++i)
    args += ", args[" + std::to_string(i) + "].value()";
  return llvm::formatv(
      "[](bool isQat, const bpat::rt::NestedArgs<Module> &args)\n"
      "          -> bpat::rt::Expected<Module> {{\n"
      "        if (args.size() != {0})\n"
      "          return bpat::rt::Error::failure(\"{1}: expected {0} "
      "modules\");\n"
      "        return Hooks::{1}(isQat{2});\n"
      "      }",
      fuser.params.size(), name, args);
}

void RegisterEmitter::emitConfig(unsigned index,
                                 const lower::LoweredConfig &lowered) {
  const ir::PatternConfig &config = *lowered.config;
  os << "  // " << cppCommentText(config.sourceFile) << ":" << config.sourceLine
     << ": " << cppCommentText(renderPython(lowered.complex)) << "\n"
     << "  {\n"
     << "    bpat::rt::BackendPatternConfig c;\n"
     << "    c." << field(PatternAttr::PatternComplexFormat) << " = "
     << patternExpr(config.tree) << ";\n";
  if (lowered.simple) {
    os << "    c." << field(PatternAttr::Pattern)
       << " = std::vector<bpat::rt::OpRef>{";
    auto chain = lower::forwardChain(config.tree);
    for (size_t i = 0; i < chain->size(); ++i)
      os << (i ? ", " : "") << "{OpKind::" << opKindEnum((*chain)[i]->kind)
         << ", " << cppStringLiteral((*chain)[i]->target) << "}";
    os << "};\n";
  }
  if (config.observation !=
      ir::ObservationType::OutputUseDifferentObserverAsInput)
    os << "    c." << field(PatternAttr::Observation)
       << " = bpat::rt::ObservationType::"
       << observationEnum(config.observation) << ";\n";
  if (!config.dtypeConfigs.empty()) {
    os << "    c." << field(PatternAttr::DTypes) << " = {";
    for (size_t i = 0; i < config.dtypeConfigs.size(); ++i)
      os << (i ? ", " : "")
         << "dtypes::" << cppIdentifier(config.dtypeConfigs[i]->name) << "()";
    os << "};\n";
  }
  auto stringField = [&](PatternAttr attr, const std::string &value) {
    os << "    c." << field(attr) << " = " << cppStringLiteral(value) << ";\n";
  };
  auto module = [&](PatternAttr attr, const ir::Op *op) {
    if (op)
      stringField(attr, op->target);
  };
  module(PatternAttr::Root, config.rootModule);
  module(PatternAttr::Qat, config.qatModule);
  module(PatternAttr::Reference, config.referenceModule);
  module(PatternAttr::Fused, config.fusedModule);
  if (config.fuser)
    stringField(PatternAttr::Fuser, fuserMethodName(lowered));
  if (config.rootNodeGetter)
    stringField(PatternAttr::RootNodeGetter, config.rootNodeGetter->target);
  if (config.extraInputsGetter)
    stringField(PatternAttr::ExtraInputsGetter,
                config.extraInputsGetter->target);
  for (const auto &[count, type] : config.numTensorArgsToObservation)
    os << "    c." << field(PatternAttr::NumTensorArgs) << ".push_back({"
       << count << ", bpat::rt::ObservationType::" << observationEnum(type)
       << "});\n";
  for (const auto &[key, value] : config.inputTypeToIndex)
    os << "    c." << field(PatternAttr::InputTypeToIndex) << ".push_back({"
       << cppStringLiteral(key) << ", " << value << "});\n";
  if (config.inputOutputObserved)
    os << "    c." << field(PatternAttr::InputOutputObserved) << " = "
       << (*config.inputOutputObserved ? "true" : "false") << ";\n";
  os << "    c.provenance = "
     << cppStringLiteral(config.sourceFile + ":" +
                         std::to_string(config.sourceLine))
     << ";\n"
     << "    size_t index = config.setPatternConfig(std::move(c));\n";
  bool hasCallbacks =
      config.fuser || config.rootNodeGetter || config.extraInputsGetter;
  if (hasCallbacks) {
    os << "    if constexpr (!std::is_same_v<Hooks, NoHooks>) {\n"
       << "    if (callbacks) {\n"
       << "      bpat::rt::ConfigCallbacks<Module> &cb = "
          "callbacks->at(index);\n";
    if (config.fuser)
      os << "      cb.fuser = " << fuserExpr(lowered) << ";\n";
    if (config.rootNodeGetter)
      os << "      cb.rootNode = &Hooks::"
         << cppIdentifier(config.rootNodeGetter->name) << ";\n";
    if (config.extraInputsGetter)
      os << "      cb.extraInputs = &Hooks::"
         << cppIdentifier(config.extraInputsGetter->name) << ";\n";
    os << "    }\n    }\n";
  } else {
    os << "    (void)index;\n";
  }
  os << "  }\n";
  (void)index;
}

void RegisterEmitter::emit() {
  collectUses();
  const std::string &name = backend.backend->name;
  std::string guard = includeGuard("register", name);
  os << "//===- Generated by bpatc --emit=cpp-register: backend " << name
     << " -===//\n"
     << "//\n// Do not edit: regenerate from the .bpat sources instead.\n//\n";
  emitHooksComment();
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include \"bpat/Runtime/BackendConfig.h\"\n"
     << "#include \"bpat/Runtime/Callbacks.h\"\n"
     << "#include \"bpat/Runtime/Fuser.h\"\n\n"
     << "#include <type_traits>\n#include <utility>\n#include <vector>\n\n"
     << "namespace " << backendNamespace(name) << " {\n\n"
     << "/// The backend's name, as BackendConfig(name) sets it.\n"
     << "inline constexpr const char *BackendName = " << cppStringLiteral(name)
     << ";\n"
     << "/// The number of configs registerBackend adds.\n"
     << "inline constexpr unsigned NumConfigs = " << backend.configs.size()
     << ";\n\n";
  emitDTypeConfigs();
  os << "namespace detail {\n"
     << "using bpat::rt::OpKind;\n"
     << "inline bpat::rt::PatternNode op(OpKind kind, const char *target,\n"
     << "                                std::vector<bpat::rt::PatternNode> "
        "args = {}) {\n"
     << "  bpat::rt::PatternNode node;\n"
     << "  node.op = bpat::rt::OpRef{kind, target};\n"
     << "  node.children = std::move(args);\n"
     << "  return node;\n}\n"
     << "inline bpat::rt::PatternNode any() {\n"
     << "  bpat::rt::PatternNode node;\n"
     << "  node.isWildcard = true;\n"
     << "  return node;\n}\n"
     << "} // namespace detail\n\n"
     << "/// Hooks for registering the data model only, without callables.\n"
     << "struct NoHooks {\n  using Module = void *;\n};\n\n"
     << "/// Adds every config of backend " << name
     << " to `config`, in registration order,\n"
     << "/// and, if `callbacks` is given, its fusers and getters (same "
        "indices).\n"
     << "template <typename Hooks>\n"
     << "void registerBackend(bpat::rt::BackendConfig &config,\n"
     << "                     bpat::rt::BackendCallbacks<typename "
        "Hooks::Module> *callbacks = nullptr) {\n"
     << "  using Module [[maybe_unused]] = typename Hooks::Module;\n"
     << "  using namespace detail;\n"
     << "  (void)callbacks;\n"
     << "  config.name = BackendName;\n"
     << "  config.configs.reserve(config.configs.size() + NumConfigs);\n\n";
  for (unsigned i = 0; i < backend.configs.size(); ++i)
    emitConfig(i, backend.configs[i]);
  os << "}\n\n"
     << "/// The backend's configs, without callables.\n"
     << "inline bpat::rt::BackendConfig makeBackendConfig() {\n"
     << "  bpat::rt::BackendConfig config;\n"
     << "  registerBackend<NoHooks>(config);\n"
     << "  return config;\n}\n\n"
     << "} // namespace " << backendNamespace(name) << "\n\n"
     << "#endif // " << guard << "\n";
}

void codegen::emitCppRegister(const lower::LoweredBackend &backend,
                              llvm::raw_ostream &os) {
  RegisterEmitter(backend, os).emit();
}
