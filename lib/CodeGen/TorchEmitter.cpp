//===- TorchEmitter.cpp - --emit=torch ------------------------------------===//
//
// Writes a Python module with `get_<backend>_backend_config()` building
// PyTorch's BackendConfig, for one of two APIs (docs/torch-emit.md):
//
//  - TorchTarget::V113, PyTorch 1.13.1: every pattern in the legacy reversed
//    nested format passed to `BackendPatternConfig(pattern)`; forward-order
//    fusers wrapped as 1.13 calls them (reverse2, reverse3,
//    reverse_sequential_wrapper2, or a generated adapter).
//  - TorchTarget::V2, after PyTorch PR #90698: chains of 1 to 3 ops in the
//    simple forward format, everything else through
//    `_set_pattern_complex_format`; fusers in forward order for simple
//    patterns, adapted otherwise.
//
// Every object is referenced by its qualified Python name and resolved when
// the module is imported, so a name missing from the installed PyTorch fails
// the import with an ImportError that names it. The resolved names are module
// globals named after the .bpat declarations; a name depends only on its
// declaration, never on the order of use, so modules with several backends
// stay consistent.
//
//===----------------------------------------------------------------------===//

#include "PythonRepr.h"
#include "TorchPrelude.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "bpat/Support/Quote.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace bpat;
using namespace bpat::codegen;
using rt::PatternAttr;

namespace {

/// The BackendPatternConfig method that sets field `attr`.
std::string setter(PatternAttr attr) {
  return rt::patternAttrInfo(attr).pySetter;
}

/// Python keywords, builtins and the generated module's own globals: a .bpat
/// name equal to one of these gets a trailing underscore.
const llvm::StringSet<> &reservedNames() {
  static const llvm::StringSet<> names = [] {
    llvm::StringSet<> set;
    const char *list[] = {
        // keywords and soft keywords
        "False", "None", "True", "and", "as", "assert", "async", "await",
        "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
        "while", "with", "yield", "_", "case", "match",
        // builtins
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "Ellipsis", "Exception", "ImportError", "IndexError", "KeyError",
        "LookupError", "ModuleNotFoundError", "NameError", "NotImplemented",
        "NotImplementedError", "RuntimeError", "StopIteration", "TypeError",
        "ValueError", "Warning", "abs", "aiter", "all", "anext", "any", "ascii",
        "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod", "compile", "complex", "copyright", "credits", "delattr",
        "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
        "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash",
        "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter",
        "len", "license", "list", "locals", "map", "max", "memoryview", "min",
        "next", "object", "oct", "open", "ord", "pow", "print", "property",
        "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice",
        "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
        "vars", "zip",
        // the module's own globals
        "builtins", "importlib", "torch", "Any", "Callable", "List", "Tuple",
        "BackendConfig", "BackendPatternConfig", "DTypeConfig",
        "DTypeWithConstraints", "MatchAllNode", "reverse2", "reverse3",
        "reverse_sequential_wrapper2", "sequential_wrapper2"};
    for (const char *name : list)
      set.insert(name);
    // The observation types are globals too.
    for (const rt::ObservationTypeInfo &type : rt::observationTypes)
      set.insert(type.pythonName);
    return set;
  }();
  return names;
}

/// The Python global for a .bpat name. Names starting with an underscore are
/// the module's private helpers'; get_*_backend_config are its functions.
std::string pyName(llvm::StringRef name) {
  if (reservedNames().contains(name) || name.startswith("_") ||
      (name.startswith("get_") && name.endswith("_backend_config")))
    return name.str() + "_";
  return name.str();
}

/// A Python string literal.
std::string pyStr(llvm::StringRef text) { return quoteString(text); }

std::string pyNumber(const ir::Number &number) {
  return number.isFloat ? formatPythonFloat(number.floatValue)
                        : std::to_string(number.intValue);
}

/// A checked Python expression with every dotted name in it (`torch.quint8`,
/// `a.b.C.with_args`) found with `_get`: `_get("a.b.C.with_args")(...)`.
/// Sema found the names; this only substitutes them.
std::string rewriteExpression(const ir::PythonExpr &expr) {
  std::string out;
  size_t done = 0;
  for (const auto &[begin, end] : expr.dottedNames) {
    out += expr.text.substr(done, begin - done);
    out += "_get(" + pyStr(expr.text.substr(begin, end - begin)) + ")";
    done = end;
  }
  return out + expr.text.substr(done);
}

class TorchEmitter {
public:
  TorchEmitter(const lower::LoweredBackend &lowered, TorchTarget target,
               llvm::raw_ostream &os)
      : lowered(lowered), target(target), os(os) {}

  void emit();

private:
  bool v113() const { return target == TorchTarget::V113; }

  /// A resolved global: `name = _get("target")` (or an observation type).
  std::string use(const std::string &name, const std::string &target) {
    if (definedNames.insert(name).second)
      names.push_back({name, "_get(" + pyStr(target) + ")"});
    return name;
  }
  std::string useOp(const ir::Op *op) {
    return use(pyName(op->name), op->target);
  }
  std::string useMatchAll() {
    return use(rt::matchAllNodeName, rt::matchAllNodeQualifiedName);
  }
  std::string useObservation(ir::ObservationType type) {
    std::string member = rt::observationTypeInfo(type).pythonName;
    if (definedNames.insert(member).second)
      observationTypes.push_back(member);
    return member;
  }
  std::string useFMM(const std::string &name, const std::string &member) {
    return use(name, std::string(rt::fuserMethodMappingsModule) + "." + member);
  }
  std::string useDTypeConfig(const ir::DTypeConfig *config) {
    std::string name = pyName(config->name);
    if (definedDTypeConfigs.insert(name).second)
      dtypeConfigs.push_back(config);
    return name;
  }

  std::string pattern(const lower::PyPattern &p);
  std::string fuser(const lower::LoweredConfig &lowered);
  std::string dtype(const ir::DType *d);
  std::string constrained(const ir::DTypeWithConstraints &d,
                          std::string &dropped);
  void writeConfig(const lower::LoweredConfig &config, std::string &body);
  void writeHeader();
  void writeHelpers();
  void writeDTypeConfig(const ir::DTypeConfig &config);

  const lower::LoweredBackend &lowered;
  TorchTarget target;
  llvm::raw_ostream &os;

  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::string> observationTypes;
  std::set<std::string> definedNames;
  std::vector<const ir::DTypeConfig *> dtypeConfigs;
  std::set<std::string> definedDTypeConfigs;
  /// Hoisted Python expressions (overwrite_output_*), by text.
  std::vector<std::pair<std::string, const ir::PythonExpr *>> expressions;
  std::map<std::string, std::string> expressionNames;
  bool needsSequential = false, needsReverseNested = false;
  /// Import-time checks of what only Python knows (TorchPrelude.py,
  /// `checks`), each once, in order.
  std::vector<std::string> checks;
  std::set<std::string> definedChecks;
  void addCheck(const std::string &call) {
    if (definedChecks.insert(call).second)
      checks.push_back(call);
  }
  void addChecks(const lower::LoweredConfig &config);
};

} // namespace

std::string TorchEmitter::pattern(const lower::PyPattern &p) {
  switch (p.kind) {
  case lower::PyPattern::Kind::MatchAll:
    return useMatchAll();
  case lower::PyPattern::Kind::Op:
    if (p.op->kind == ir::OpKind::Method)
      return pyStr(p.op->target);
    return useOp(p.op);
  case lower::PyPattern::Kind::Tuple:
    break;
  }
  std::string out = "(";
  for (size_t i = 0; i < p.elements.size(); ++i)
    out += (i ? ", " : "") + pattern(p.elements[i]);
  return out + ")";
}

std::string TorchEmitter::fuser(const lower::LoweredConfig &config) {
  const ir::PatternConfig &c = *config.config;
  unsigned chain = config.chainLength;
  if (c.fuser->isSequential()) {
    // Sema: a forward chain of two or more ops with a fused module.
    std::string fused = useOp(c.fusedModule);
    if (chain == 2)
      return v113() ? useFMM("reverse_sequential_wrapper2",
                             "reverse_sequential_wrapper2") +
                          "(" + fused + ")"
                    : useFMM("sequential_wrapper2", "_sequential_wrapper2") +
                          "(" + fused + ")";
    needsSequential = true;
    std::string seq = "_sequential(" + fused + ")";
    if (v113() && chain == 3)
      return useFMM("reverse3", "reverse3") + "(" + seq + ")";
    return seq;
  }
  std::string f = use(pyName(c.fuser->fuser->name), c.fuser->fuser->target);
  // A fuser on a pattern without a simple form (a tree, or `format =
  // complex`) takes the reversed nested arguments: used as-is.
  if (!config.simple || chain < 2)
    return f;
  if (v113() && chain == 2)
    return useFMM("reverse2", "reverse2") + "(" + f + ")";
  if (v113() && chain == 3)
    return useFMM("reverse3", "reverse3") + "(" + f + ")";
  if (!v113() && chain <= 3)
    return f;
  needsReverseNested = true;
  return "_reverse_nested(" + f + ")";
}

std::string TorchEmitter::dtype(const ir::DType *d) {
  llvm::StringRef target = d->target;
  if (target.consume_front("torch.") && !target.contains('.'))
    return "_dtype(" + pyStr(target) + ")";
  return "_get(" + pyStr(d->target) + ")";
}

std::string TorchEmitter::constrained(const ir::DTypeWithConstraints &d,
                                      std::string &dropped) {
  std::vector<std::pair<const char *, const std::optional<ir::Number> *>>
      fields;
  ir::forEachConstraint(
      d, [&](const char *key, const std::optional<ir::Number> &value) {
        fields.push_back({key, &value});
      });
  std::string args;
  for (auto &[key, value] : fields) {
    if (!*value)
      continue;
    std::string text = std::string(key) + "=" + pyNumber(**value);
    bool missingIn113 = !rt::findDTypeConstraint(key)->inTorch113;
    if (v113() && missingIn113) {
      dropped += (dropped.empty() ? "" : ", ") + text;
      continue;
    }
    args += ", " + text;
  }
  if (args.empty())
    return dtype(d.dtype);
  return "DTypeWithConstraints(dtype=" + dtype(d.dtype) + args + ")";
}

void TorchEmitter::writeDTypeConfig(const ir::DTypeConfig &config) {
  using Field = rt::DTypeConfigField;
  auto key = [](Field field) { return rt::dtypeConfigFieldInfo(field).name; };
  os << pyName(config.name) << " = DTypeConfig(\n";
  auto field = [&](Field field,
                   const std::optional<ir::DTypeWithConstraints> &d) {
    if (!d)
      return;
    std::string dropped;
    std::string value = constrained(*d, dropped);
    if (!dropped.empty())
      os << "    # Not in PyTorch 1.13's DTypeWithConstraints, dropped: "
         << dropped << "\n";
    os << "    " << key(field) << "=" << value << ",\n";
  };
  field(Field::Input, config.input);
  field(Field::Output, config.output);
  field(Field::Weight, config.weight);
  if (config.bias)
    os << "    " << key(Field::Bias) << "=" << dtype(config.bias) << ",\n";
  if (config.isDynamic)
    os << "    " << key(Field::IsDynamic) << "="
       << (*config.isDynamic ? "True" : "False") << ",\n";
  os << ")\n";
}

void TorchEmitter::writeConfig(const lower::LoweredConfig &config,
                               std::string &body) {
  const ir::PatternConfig &c = *config.config;
  llvm::raw_string_ostream out(body);
  out << "\n    # " << c.sourceFile << ":" << c.sourceLine << "\n";
  out << "    configs.append(\n";
  if (v113())
    out << "        BackendPatternConfig(" << pattern(config.complex) << ")\n";
  else if (config.registersSimple())
    out << "        BackendPatternConfig(" << pattern(*config.simple) << ")\n";
  else
    out << "        BackendPatternConfig()."
        << setter(PatternAttr::PatternComplexFormat) << "("
        << pattern(config.complex) << ")\n";

  std::vector<std::string> calls;
  std::vector<std::string> comments;
  calls.push_back("." + setter(PatternAttr::Observation) + "(" +
                  useObservation(c.observation) + ")");
  if (!c.dtypeConfigs.empty()) {
    std::string list;
    for (const ir::DTypeConfig *d : c.dtypeConfigs)
      list += (list.empty() ? "" : ", ") + useDTypeConfig(d);
    calls.push_back("." + setter(PatternAttr::DTypes) + "([" + list + "])");
  }
  auto module = [&](PatternAttr attr, const ir::Op *op) {
    if (op)
      calls.push_back("." + setter(attr) + "(" + useOp(op) + ")");
  };
  module(PatternAttr::Root, c.rootModule);
  module(PatternAttr::Qat, c.qatModule);
  module(PatternAttr::Reference, c.referenceModule);
  module(PatternAttr::Fused, c.fusedModule);
  if (c.fuser)
    calls.push_back("." + setter(PatternAttr::Fuser) + "(" + fuser(config) +
                    ")");
  auto getter = [&](PatternAttr attr, const ir::Getter *g) {
    if (g)
      calls.push_back("." + setter(attr) + "(" +
                      use(pyName(g->name), g->target) + ")");
  };
  getter(PatternAttr::RootNodeGetter, c.rootNodeGetter);
  getter(PatternAttr::ExtraInputsGetter, c.extraInputsGetter);
  if (!c.numTensorArgsToObservation.empty()) {
    std::string dict;
    for (const auto &[count, type] : c.numTensorArgsToObservation)
      dict += (dict.empty() ? "" : ", ") + std::to_string(count) + ": " +
              useObservation(type);
    calls.push_back("." + setter(PatternAttr::NumTensorArgs) + "({" + dict +
                    "})");
  }
  if (!c.inputTypeToIndex.empty()) {
    std::string dict;
    for (const auto &[key, index] : c.inputTypeToIndex)
      dict += (dict.empty() ? "" : ", ") + pyStr(key) + ": " +
              std::to_string(index);
    calls.push_back("." + setter(PatternAttr::InputTypeToIndex) + "({" + dict +
                    "})");
  }
  // input_output_observed: PyTorch 1.13 and 2.0 have the setter, later 2.x
  // releases dropped it (2.6 has none). A 2 module sets it where it exists.
  std::string ioObservedAfter;
  if (c.inputOutputObserved) {
    std::string call = setter(PatternAttr::InputOutputObserved) + "(" +
                       (*c.inputOutputObserved ? "True" : "False") + ")";
    if (v113() ||
        rt::patternAttrInfo(PatternAttr::InputOutputObserved).inTorch2)
      calls.push_back("." + call);
    else
      ioObservedAfter = "    if hasattr(BackendPatternConfig, " +
                        pyStr(setter(PatternAttr::InputOutputObserved)) +
                        "):  # gone after PyTorch 2.0\n"
                        "        configs[-1]." +
                        call + "\n";
  }
  auto overwrite = [&](PatternAttr attr,
                       const std::optional<ir::PythonExpr> &expr) {
    if (!expr)
      return;
    if (!v113() && !rt::patternAttrInfo(attr).inTorch2) {
      comments.push_back("# " + setter(attr) +
                         " dropped: PyTorch 1.13 only (use "
                         "scale_exact_match / zero_point_exact_match)");
      return;
    }
    auto [it, inserted] = expressionNames.insert({expr->text, ""});
    if (inserted) {
      it->second = "_" + lowered.backend->name + "_overwrite_" +
                   std::to_string(expressions.size() + 1);
      expressions.push_back({it->second, &*expr});
    }
    calls.push_back("." + setter(attr) + "(" + it->second + ")");
  };
  overwrite(PatternAttr::OverwriteFakeQuantize, c.overwriteOutputFakeQuantize);
  overwrite(PatternAttr::OverwriteObserver, c.overwriteOutputObserver);

  for (size_t i = 0; i < calls.size(); ++i)
    out << "        " << calls[i]
        << (i + 1 == calls.size() && comments.empty() ? ")" : "") << "\n";
  for (size_t i = 0; i < comments.size(); ++i)
    out << "        " << comments[i] << "\n";
  if (!comments.empty())
    out << "    )\n";
  out << ioObservedAfter;
}

/// What bpatc cannot know, checked when the module is imported, with the
/// config's .bpat location in the message: that the fused module can be
/// indexed (convert_fx takes mod[0]), that fusers and getters take the
/// arguments PyTorch passes, and that a QAT class converts the pattern's
/// module (its _FLOAT_MODULE).
void TorchEmitter::addChecks(const lower::LoweredConfig &lowered) {
  const ir::PatternConfig &c = *lowered.config;
  std::string where = pyStr(c.sourceFile + ":" + std::to_string(c.sourceLine));
  if (c.fusedModule)
    addCheck("_check_indexable(" + useOp(c.fusedModule) + ", " +
             pyStr(c.fusedModule->name) + ", " + where + ")");
  if (c.fuser && !c.fuser->isSequential()) {
    const ir::Fuser &f = *c.fuser->fuser;
    addCheck("_check_arity(" + use(pyName(f.name), f.target) + ", " +
             std::to_string(1 + f.params.size()) + ", " +
             pyStr("fuser '" + f.name + "'") + ", " + where + ")");
  }
  for (const ir::Getter *g : {c.rootNodeGetter, c.extraInputsGetter})
    if (g)
      addCheck("_check_arity(" + use(pyName(g->name), g->target) + ", 1, " +
               pyStr((g->kind == ir::GetterKind::RootNode
                          ? "root node getter '"
                          : "extra inputs getter '") +
                     g->name + "'") +
               ", " + where + ")");
  if (c.qatModule && c.tree.args.empty() && !c.tree.isWildcard() &&
      c.tree.op->kind == ir::OpKind::Module)
    addCheck("_check_qat(" + useOp(c.qatModule) + ", " + useOp(c.tree.op) +
             ", " + pyStr(c.qatModule->name) + ", " + pyStr(c.tree.op->name) +
             ", " + where + ")");
}

void TorchEmitter::writeHeader() {
  // The fixed text lives in TorchPrelude.py (a resource compiled in).
  os << expandTorchPrelude("header", {v113() ? "v1.13" : "v2"},
                           v113() ? "1.13" : "2");
}

void TorchEmitter::writeHelpers() {
  if (!needsSequential && !needsReverseNested && checks.empty())
    return;
  std::set<std::string> flags;
  if (!checks.empty())
    flags.insert("checks");
  if (needsSequential)
    flags.insert("sequential");
  if (needsReverseNested)
    flags.insert("reverse_nested");
  os << expandTorchPrelude("helpers", flags, v113() ? "1.13" : "2");
}

void TorchEmitter::emit() {
  // The function body first: it decides which names and helpers are used.
  std::string body;
  for (const lower::LoweredConfig &config : lowered.configs) {
    writeConfig(config, body);
    addChecks(config);
  }

  const std::string &backendName = lowered.backend->name;
  if (os.tell() == 0)
    writeHeader();
  writeHelpers();

  os << "\n\n# " << std::string(75, '-') << "\n# backend " << backendName
     << "\n# " << std::string(75, '-') << "\n";
  if (!observationTypes.empty()) {
    os << "\n# Observation types.\n";
    for (const std::string &member : observationTypes)
      os << member << " = _get("
         << pyStr("torch.ao.quantization.backend_config.ObservationType." +
                  member)
         << ")\n";
  }
  os << "\n# Ops, classes and callables, by their .bpat names.\n";
  for (const auto &[name, value] : names)
    os << name << " = " << value << "\n";

  if (!dtypeConfigs.empty()) {
    os << "\n# Dtype configs.\n";
    for (const ir::DTypeConfig *config : dtypeConfigs)
      writeDTypeConfig(*config);
  }
  if (!expressions.empty()) {
    os << "\n# Python expressions of the .bpat sources.\n";
    for (const auto &[name, expr] : expressions)
      os << name << " = " << rewriteExpression(*expr) << "\n";
  }

  if (!checks.empty()) {
    os << "\n# What only Python can check, checked on import (each message "
          "names the\n# .bpat line): fused modules can be indexed, fusers "
          "and getters take\n# PyTorch's arguments, QAT classes convert the "
          "pattern's module.\n";
    for (const std::string &call : checks)
      os << call << "\n";
  }

  std::string function = "get_" + backendName + "_backend_config";
  os << "\n\ndef " << function << "() -> BackendConfig:\n"
     << "    \"\"\"PyTorch's BackendConfig for backend '" << backendName
     << "': " << lowered.configs.size() << " pattern config"
     << (lowered.configs.size() == 1 ? "" : "s")
     << " in registration order.\"\"\"\n"
     << "    configs = []\n"
     << body << "\n"
     << "    return BackendConfig(" << pyStr(backendName)
     << ").set_backend_pattern_configs(configs)\n";
}

void codegen::emitTorch(const lower::LoweredBackend &backend,
                        TorchTarget target, llvm::raw_ostream &os) {
  TorchEmitter(backend, target, os).emit();
}
