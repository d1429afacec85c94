//===- Migration.cpp - BackendConfig JSON dumps to .bpat ------------------===//
//
// Reads the dump config by config into statements (a pattern, its attributes
// and the declarations they use), merges neighbouring statements into
// alternatives where the expansion order allows, chooses `defaults` blocks,
// and prints the file. See docs/migration.md for the rules.
//
//===----------------------------------------------------------------------===//

#include "bpat/Import/Migration.h"
#include "LibraryIndex.h"
#include "bpat/Import/JSONReader.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <set>

using namespace bpat;
using namespace bpat::import;
using llvm::StringRef;

static const char *const matchAllNode =
    "torch.ao.quantization.utils.MatchAllNode";
static const char *const sequentialWrapper2 =
    "torch.ao.quantization.fuser_method_mappings._sequential_wrapper2";
static const char *const defaultObservation =
    "output_use_different_observer_as_input";

/// Words a generated name must not be: keywords, the wildcard, built-in
/// attribute values.
static bool isReservedWord(StringRef word) {
  static const char *const words[] = {"import",
                                      "op",
                                      "opset",
                                      "module",
                                      "function",
                                      "method",
                                      "dtype",
                                      "dtype_config",
                                      "fuser",
                                      "root_node_getter",
                                      "extra_inputs_getter",
                                      "backend",
                                      "group",
                                      "defaults",
                                      "use",
                                      "pattern",
                                      "override",
                                      "_",
                                      "sequential",
                                      "true",
                                      "false",
                                      "simple",
                                      "complex",
                                      "output_use_different_observer_as_input",
                                      "output_share_observer_with_input",
                                      "input_output_not_observed"};
  for (const char *w : words)
    if (word == w)
      return true;
  return false;
}

static bool isUpperChar(char c) { return c >= 'A' && c <= 'Z'; }
static bool isLowerChar(char c) { return c >= 'a' && c <= 'z'; }

/// `ConvReLU2d` -> `conv_re_lu2d`, `GRUCell` -> `gru_cell`; anything that is
/// not a letter, digit or `_` becomes `_`.
static std::string snakeCase(StringRef input) {
  // PyTorch's own spelling of one word.
  std::string spelled = input.str();
  for (size_t at; (at = spelled.find("ReLU")) != std::string::npos;)
    spelled.replace(at, 4, "Relu");
  StringRef text = spelled;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (isUpperChar(c)) {
      bool afterLower =
          i > 0 && (isLowerChar(text[i - 1]) || llvm::isDigit(text[i - 1]));
      bool endsAcronym = i > 0 && isUpperChar(text[i - 1]) &&
                         i + 1 < text.size() && isLowerChar(text[i + 1]);
      if ((afterLower || endsAcronym) && !out.empty() && out.back() != '_')
        out += '_';
      out += llvm::toLower(c);
    } else if (llvm::isAlnum(c) || c == '_') {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  return out;
}

/// A valid identifier from `text`: a trailing `_` (in-place) is spelled
/// `_inplace`, leading underscores go, and a leading digit gets a prefix.
static std::string identifierFrom(StringRef text, StringRef prefix = "op") {
  bool inplace = text.endswith("_") && text.size() > 1;
  std::string out = snakeCase(text.rtrim('_').ltrim('_'));
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  if (inplace && !out.empty())
    out += "_inplace";
  if (out.empty() || llvm::isDigit(out[0]))
    out = prefix.str() + (out.empty() ? "" : "_") + out;
  return out;
}

static StringRef lastComponent(StringRef qualified) {
  size_t dot = qualified.rfind('.');
  return dot == StringRef::npos ? qualified : qualified.drop_front(dot + 1);
}

/// "f(x)" -> ("f", "x"); nothing if `text` is not a call of one argument.
static std::optional<std::pair<std::string, std::string>>
splitCall(StringRef text) {
  size_t open = text.find('(');
  if (open == StringRef::npos || !text.endswith(")"))
    return std::nullopt;
  StringRef arg = text.slice(open + 1, text.size() - 1);
  if (arg.empty() || arg.contains('(') || arg.contains(','))
    return std::nullopt;
  return std::make_pair(text.take_front(open).str(), arg.str());
}

static std::string quoted(StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

namespace {

struct OpEntry {
  std::string name;
  std::string target;
  ir::OpKind kind = ir::OpKind::Module;
  /// The library file declaring it; empty if the output declares it.
  std::string file;
};

struct Number {
  bool isFloat = false;
  int64_t intValue = 0;
  double floatValue = 0;
  std::string text;
};

struct Constrained {
  std::string dtype; ///< target, e.g. "torch.quint8"
  /// In the canonical order of docs/json-format.md.
  std::vector<std::pair<std::string, Number>> constraints;
};

struct DTypeConfigEntry {
  std::string name;
  std::string file;
  std::optional<Constrained> input, output, weight;
  std::optional<std::string> bias;
  std::optional<bool> isDynamic;
};

struct DeclEntry {
  std::string name;
  std::string target;
  std::string file;
  /// Fusers: the parameter list as written, "(conv, bn)".
  std::string params;
  /// Getters: root node getter (else extra inputs getter).
  bool isRoot = false;
};

/// A pattern position: one op or several alternatives, or the wildcard.
struct Node {
  bool wildcard = false;
  std::vector<unsigned> alts; ///< indices into Migrator::ops
  std::vector<Node> args;

  bool sameShape(const Node &o) const {
    if (wildcard != o.wildcard || args.size() != o.args.size())
      return false;
    for (size_t i = 0; i < args.size(); ++i)
      if (!args[i].sameShape(o.args[i]))
        return false;
    return true;
  }
};

/// One `pattern` line of the output: one config, or several merged into
/// alternatives.
struct Statement {
  Node tree;
  /// Written `a -> b -> c` (a unary chain without wildcards).
  bool chain = false;
  int fused = -1; ///< op index, written `=> X`
  /// The attributes, rendered, in to_dict order. The ones a `defaults` block
  /// may set (isDefaultable) are always present; an empty value means unset.
  std::vector<std::pair<std::string, std::string>> attrs;
  unsigned configs = 1;

  bool sameAttributes(const Statement &o) const {
    return chain == o.chain && fused == o.fused && attrs == o.attrs;
  }
  const std::string &value(StringRef key) const {
    for (const auto &attr : attrs)
      if (attr.first == key)
        return attr.second;
    llvm_unreachable("defaultable attributes are always present");
  }
};

/// Attributes a `defaults` block can set: those a pattern can also set back
/// to "unset" (the built-in observation, `[]`, `{}`), so that a default never
/// forces a value on a pattern that has none.
static const char *const defaultableAttrs[] = {
    "observation", "dtypes", "num_tensor_args_to_observation_type",
    "input_type_to_index"};

/// The value that writes "unset" for a defaultable attribute.
static std::string unsetValue(StringRef key) {
  if (key == "observation")
    return defaultObservation;
  if (key == "dtypes")
    return "[]";
  return "{}";
}

/// The positions of a statement in source order, the order in which Sema
/// expands alternatives (leftmost slowest): forward order for a chain,
/// pre-order for a tree.
static void collectSlots(Node &node, bool chain, std::vector<Node *> &out) {
  if (chain) {
    std::vector<Node *> spine;
    for (Node *n = &node;; n = &n->args.front()) {
      spine.push_back(n);
      if (n->args.empty())
        break;
    }
    out.assign(spine.rbegin(), spine.rend());
    return;
  }
  out.push_back(&node);
  for (Node &arg : node.args)
    collectSlots(arg, false, out);
}

class Migrator {
public:
  Migrator(const MigrationOptions &options, DiagnosticEngine &diags)
      : options(options), diags(diags) {}

  std::optional<MigrationResult> run(unsigned bufferId);

private:
  // Reading the dump.
  bool readConfig(const JSONValue &config);
  std::optional<Node> readSimplePattern(const JSONValue &value);
  std::optional<Node> readComplexPattern(const JSONValue &value);
  std::optional<unsigned> opFor(const JSONValue &value, bool mustBeModule);
  std::optional<unsigned> dtypeConfigFor(const JSONValue &value);
  std::optional<Constrained> constrainedFor(const JSONValue &value);
  std::optional<std::string> fuserFor(const JSONValue &value, const Node &tree,
                                      bool chain, bool forceComplex, int fused);
  std::string fuserDecl(const std::string &target, const Node &tree, bool flat,
                        StringRef nameHint);
  std::string getterFor(const std::string &target, bool isRoot);
  std::optional<std::string> observationFor(const JSONValue &value);
  std::string dtypeName(const std::string &target);

  // Output.
  void mergeAlternatives();
  std::string renderSlot(const Node &node);
  std::string renderPattern(const Statement &stmt);
  std::string renderBackend(const std::string &name);
  std::string renderDeclarations();
  std::vector<std::string> dtypeConfigFields(const DTypeConfigEntry &entry);

  /// A fresh name: `base`, then qualified by earlier components of
  /// `qualified`, then numbered.
  std::string freshName(const std::string &base, StringRef qualified = "");
  void useFile(const std::string &file) {
    if (!file.empty())
      usedFiles.insert(file);
  }
  bool error(const JSONValue &at, const llvm::Twine &message) {
    diags.error(at.range(), message);
    return false;
  }

  const MigrationOptions &options;
  DiagnosticEngine &diags;
  LibraryIndex library;
  std::set<std::string> taken;
  std::set<std::string> usedFiles;

  std::vector<OpEntry> ops;
  std::map<std::string, unsigned> opsByTarget;
  /// Qualified names used as root/qat/reference/fused modules.
  std::set<std::string> moduleTargets;
  std::vector<std::pair<std::string, std::string>>
      declaredDTypes;                            // name, target
  std::map<std::string, std::string> dtypeNames; // target -> name
  std::vector<DTypeConfigEntry> dtypeConfigs;
  std::map<std::string, unsigned> dtypeConfigsByKey;
  std::vector<DeclEntry> fusers, getters;
  std::map<std::string, unsigned> fusersByKey, gettersByKey;

  std::vector<Statement> statements;
};

} // namespace

std::string Migrator::freshName(const std::string &base, StringRef qualified) {
  auto free = [&](const std::string &name) {
    return !name.empty() && !isReservedWord(name) && !taken.count(name);
  };
  if (free(base)) {
    taken.insert(base);
    return base;
  }
  // Qualify with the enclosing components, nearest first, skipping the
  // uninformative ones: torch.ao.nn.qat.modules.conv.Conv2d -> qat_conv2d.
  llvm::SmallVector<StringRef, 8> parts;
  qualified.split(parts, '.');
  if (!parts.empty())
    parts.pop_back();
  static const char *const skip[] = {"torch",      "ao",        "nn",
                                     "modules",    "_C",        "_nn",
                                     "functional", "_operator", "operator"};
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    std::string part = identifierFrom(*it, "m");
    if (llvm::is_contained(skip, *it) || StringRef(base).contains(part))
      continue;
    std::string candidate = part + "_" + base;
    if (free(candidate)) {
      taken.insert(candidate);
      return candidate;
    }
  }
  for (unsigned n = 2;; ++n) {
    std::string candidate = base + "_" + std::to_string(n);
    if (free(candidate)) {
      taken.insert(candidate);
      return candidate;
    }
  }
}

std::optional<unsigned> Migrator::opFor(const JSONValue &value,
                                        bool mustBeModule) {
  if (!value.isString() || value.text.empty()) {
    error(value, value.isString()
                     ? std::string("an op's qualified name cannot be empty")
                     : std::string("expected an op's qualified name (a "
                                   "string), not ") +
                           describeJSONKind(value.kind));
    return std::nullopt;
  }
  const std::string &target = value.text;
  auto it = opsByTarget.find(target);
  if (it == opsByTarget.end()) {
    OpEntry entry;
    entry.target = target;
    if (auto lib = library.opsByTarget.find(target);
        lib != library.opsByTarget.end()) {
      entry.name = lib->second.name;
      entry.kind = lib->second.kind;
      entry.file = lib->second.file;
    } else {
      StringRef last = lastComponent(target);
      if (!StringRef(target).contains('.'))
        entry.kind = ir::OpKind::Method;
      else if (moduleTargets.count(target) ||
               (!last.empty() && isUpperChar(last.front())))
        entry.kind = ir::OpKind::Module;
      else
        entry.kind = ir::OpKind::Function;
      // Named as the torch library names its ops (docs/torch-library.md).
      std::string base = identifierFrom(last);
      if (entry.kind == ir::OpKind::Method)
        base += "_method";
      else if (entry.kind == ir::OpKind::Function) {
        StringRef module = StringRef(target).drop_back(last.size() + 1);
        if (module == "torch.nn.functional")
          base += "_fn";
        else if (module == "torch")
          base = "torch_" + base;
      }
      entry.name = freshName(base, target);
    }
    it = opsByTarget.emplace(target, ops.size()).first;
    ops.push_back(std::move(entry));
  }
  const OpEntry &op = ops[it->second];
  if (mustBeModule && op.kind != ir::OpKind::Module) {
    error(value, "'" + target + "' is used as a module class here, but " +
                     (op.file.empty() ? std::string("it is also used as a ")
                                      : op.file + " declares it as a ") +
                     (op.kind == ir::OpKind::Method ? "method" : "function"));
    return std::nullopt;
  }
  useFile(op.file);
  return it->second;
}

std::optional<Node> Migrator::readSimplePattern(const JSONValue &value) {
  auto leaf = [&](const JSONValue &v) -> std::optional<Node> {
    if (v.isString() && v.text == matchAllNode) {
      error(v, "MatchAllNode in a simple-format pattern matches every node "
               "(PyTorch turns it into the top of the legacy tuple); bpat "
               "only writes it in the legacy format, under "
               "\"pattern_complex_format\"");
      return std::nullopt;
    }
    std::optional<unsigned> op = opFor(v, false);
    if (!op)
      return std::nullopt;
    Node node;
    node.alts.push_back(*op);
    return node;
  };
  if (!value.isArray())
    return leaf(value);
  if (value.elements.size() < 2 || value.elements.size() > 3) {
    error(value, "a simple-format pattern is a tuple of 2 or 3 ops (PyTorch "
                 "rejects other sizes); this one has " +
                     std::to_string(value.elements.size()));
    return std::nullopt;
  }
  std::optional<Node> tree;
  for (const JSONValue &element : value.elements) {
    if (element.isArray()) {
      error(element, "a simple-format pattern is a flat tuple of ops in "
                     "forward order; nested tuples belong under "
                     "\"pattern_complex_format\"");
      return std::nullopt;
    }
    std::optional<Node> node = leaf(element);
    if (!node)
      return std::nullopt;
    if (tree)
      node->args.push_back(std::move(*tree));
    tree = std::move(node);
  }
  return tree;
}

std::optional<Node> Migrator::readComplexPattern(const JSONValue &value) {
  if (value.isString()) {
    Node node;
    if (value.text == matchAllNode) {
      node.wildcard = true;
      return node;
    }
    std::optional<unsigned> op = opFor(value, false);
    if (!op)
      return std::nullopt;
    node.alts.push_back(*op);
    return node;
  }
  if (!value.isArray()) {
    error(value, std::string("a pattern holds op names, MatchAllNode and "
                             "tuples; bpat cannot express ") +
                     describeJSONKind(value.kind) +
                     " (a constant) in a pattern");
    return std::nullopt;
  }
  if (value.elements.size() < 2) {
    error(value, "a legacy pattern tuple is an op followed by at least one "
                 "argument pattern");
    return std::nullopt;
  }
  const JSONValue &head = value.elements.front();
  if (!head.isString() || head.text == matchAllNode) {
    error(head, "the first element of a legacy pattern tuple must be an op "
                "(the node whose arguments follow)");
    return std::nullopt;
  }
  std::optional<Node> node = readComplexPattern(head);
  if (!node)
    return std::nullopt;
  for (const JSONValue &arg : llvm::drop_begin(value.elements)) {
    std::optional<Node> child = readComplexPattern(arg);
    if (!child)
      return std::nullopt;
    node->args.push_back(std::move(*child));
  }
  return node;
}

/// The ops of a unary chain without wildcards, in forward order; empty if
/// the tree is not one.
static std::vector<unsigned> forwardChain(const Node &tree) {
  std::vector<unsigned> reversed;
  for (const Node *n = &tree;; n = &n->args.front()) {
    if (n->wildcard || n->args.size() > 1)
      return {};
    reversed.push_back(n->alts.front());
    if (n->args.empty())
      break;
  }
  return std::vector<unsigned>(reversed.rbegin(), reversed.rend());
}

std::optional<std::string> Migrator::observationFor(const JSONValue &value) {
  static const char *const names[] = {"OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT",
                                      "OUTPUT_SHARE_OBSERVER_WITH_INPUT",
                                      "INPUT_OUTPUT_NOT_OBSERVED"};
  if (value.isString()) {
    StringRef text = value.text;
    if (text.consume_front("ObservationType."))
      for (const char *name : names)
        if (text == name)
          return text.lower();
  }
  error(value, "expected an observation type: \"ObservationType.OUTPUT_USE_"
               "DIFFERENT_OBSERVER_AS_INPUT\", \"ObservationType.OUTPUT_"
               "SHARE_OBSERVER_WITH_INPUT\" or \"ObservationType.INPUT_"
               "OUTPUT_NOT_OBSERVED\"");
  return std::nullopt;
}

std::string Migrator::dtypeName(const std::string &target) {
  auto it = dtypeNames.find(target);
  if (it != dtypeNames.end())
    return it->second;
  std::string name;
  if (auto lib = library.dtypesByTarget.find(target);
      lib != library.dtypesByTarget.end()) {
    name = lib->second.name;
    useFile(lib->second.file);
  } else {
    StringRef bare = target;
    bare.consume_front("torch.");
    name = freshName(identifierFrom(bare, "dtype"), target);
    declaredDTypes.emplace_back(name, target);
  }
  dtypeNames.emplace(target, name);
  return name;
}

std::optional<Constrained> Migrator::constrainedFor(const JSONValue &value) {
  if (!value.isObject()) {
    error(value, "expected an object such as {\"dtype\": \"torch.quint8\"}");
    return std::nullopt;
  }
  Constrained result;
  const JSONValue *dtype = value.get("dtype");
  if (!dtype || !dtype->isString()) {
    error(dtype ? *dtype : value, "expected \"dtype\": a dtype string such "
                                  "as \"torch.quint8\"");
    return std::nullopt;
  }
  result.dtype = dtype->text;
  for (const auto &[key, member] : value.members) {
    if (key == "dtype")
      continue;
    if (!llvm::is_contained(ir::constraintFieldNames, key)) {
      error(member, "unknown dtype constraint \"" + key + "\"");
      return std::nullopt;
    }
    if (member.kind == JSONValue::Kind::Null)
      continue;
    if (member.kind != JSONValue::Kind::Number) {
      error(member, "a dtype constraint is a number");
      return std::nullopt;
    }
  }
  for (const char *name : ir::constraintFieldNames)
    if (const JSONValue *member = value.get(name);
        member && member->kind == JSONValue::Kind::Number)
      result.constraints.push_back(
          {name, Number{member->isFloat, member->intValue, member->floatValue,
                        member->text}});
  return result;
}

static std::string constrainedKey(const char *tag, const Constrained &c) {
  std::string out = std::string(tag) + "=" + c.dtype + "{";
  for (const auto &[name, n] : c.constraints)
    out += name + ":" + numberKey(n.isFloat, n.intValue, n.floatValue) + ",";
  return out + "};";
}

std::optional<unsigned> Migrator::dtypeConfigFor(const JSONValue &value) {
  if (!value.isObject()) {
    error(value, "expected a dtype config object");
    return std::nullopt;
  }
  DTypeConfigEntry entry;
  for (const auto &[key, member] : value.members) {
    if (key == "input_dtype" || key == "output_dtype" ||
        key == "weight_dtype") {
      std::optional<Constrained> c = constrainedFor(member);
      if (!c)
        return std::nullopt;
      (key == "input_dtype"    ? entry.input
       : key == "output_dtype" ? entry.output
                               : entry.weight) = std::move(c);
    } else if (key == "bias_dtype") {
      if (!member.isString()) {
        error(member, "expected a dtype string such as \"torch.float32\"");
        return std::nullopt;
      }
      entry.bias = member.text;
    } else if (key == "is_dynamic") {
      if (member.kind != JSONValue::Kind::Bool) {
        error(member, "expected true or false");
        return std::nullopt;
      }
      entry.isDynamic = member.boolValue;
    } else {
      error(member, "unknown dtype config key \"" + key +
                        "\" (expected input_dtype, output_dtype, "
                        "weight_dtype, bias_dtype, is_dynamic)");
      return std::nullopt;
    }
  }
  std::string key;
  if (entry.input)
    key += constrainedKey("in", *entry.input);
  if (entry.output)
    key += constrainedKey("out", *entry.output);
  if (entry.weight)
    key += constrainedKey("w", *entry.weight);
  if (entry.bias)
    key += "b=" + *entry.bias + ";";
  if (entry.isDynamic)
    key += std::string("dyn=") + (*entry.isDynamic ? "1" : "0") + ";";

  auto it = dtypeConfigsByKey.find(key);
  if (it != dtypeConfigsByKey.end())
    return it->second;
  if (auto lib = library.dtypeConfigsByKey.find(key);
      lib != library.dtypeConfigsByKey.end()) {
    entry.name = lib->second.name;
    entry.file = lib->second.file;
    useFile(entry.file);
  } else {
    // Named from the content: quint8_w_qint8_b_float,
    // quint8_to_float_w_qint8_b_float_dynamic, float_w_quint4x2.
    std::string name;
    if (entry.input)
      name = dtypeName(entry.input->dtype);
    if (entry.output &&
        (!entry.input || entry.output->dtype != entry.input->dtype))
      name += (name.empty() ? "to_" : "_to_") + dtypeName(entry.output->dtype);
    if (entry.weight)
      name += (name.empty() ? "w_" : "_w_") + dtypeName(entry.weight->dtype);
    if (entry.bias)
      name += (name.empty() ? "b_" : "_b_") + dtypeName(*entry.bias);
    if (entry.isDynamic)
      name += *entry.isDynamic ? "_dynamic" : "_static";
    bool constrained = false;
    for (const auto *c : {&entry.input, &entry.output, &entry.weight})
      constrained |= c->has_value() && !(*c)->constraints.empty();
    if (constrained)
      name += "_constrained";
    if (name.empty() || name[0] == '_')
      name = "dtypes" + name;
    // Activation dtypes only: `quint8_act` rather than a dtype's own name.
    if (!entry.weight && !entry.bias && !entry.isDynamic &&
        name.find('_') == std::string::npos)
      name += "_act";
    entry.name = freshName(name);
  }
  // Declared dtypes are needed by the output's own dtype configs only.
  if (entry.file.empty()) {
    for (const auto *c : {&entry.input, &entry.output, &entry.weight})
      if (c->has_value())
        dtypeName((*c)->dtype);
    if (entry.bias)
      dtypeName(*entry.bias);
  }
  dtypeConfigsByKey.emplace(key, dtypeConfigs.size());
  dtypeConfigs.push_back(std::move(entry));
  return dtypeConfigs.size() - 1;
}

/// The shape PyTorch passes to a fuser: forward order for a flat list, else
/// Sema's nested shape of the legacy tuple. Parameter names come from the
/// ops; `names` collects them to make them unique.
static void fuserParams(const Node &tree, const std::vector<OpEntry> &ops,
                        std::string &out, std::string &signature,
                        std::map<std::string, unsigned> &names) {
  auto leaf = [&](const Node &n) {
    std::string name = n.wildcard ? "arg" : ops[n.alts.front()].name;
    unsigned &count = names[name];
    if (++count > 1)
      name += "_" + std::to_string(count);
    return name;
  };
  out += "(" + leaf(tree);
  signature += "(_";
  for (const Node &arg : tree.args) {
    out += ", ";
    signature += ",";
    if (arg.args.empty()) {
      out += leaf(arg);
      signature += "_";
    } else {
      fuserParams(arg, ops, out, signature, names);
    }
  }
  out += ")";
  signature += ")";
}

std::string Migrator::fuserDecl(const std::string &target, const Node &tree,
                                bool flat, StringRef nameHint) {
  std::string params, signature;
  std::map<std::string, unsigned> names;
  if (flat) {
    std::vector<unsigned> chain = forwardChain(tree);
    params = "(";
    signature = "(";
    for (size_t i = 0; i < chain.size(); ++i) {
      std::string name = ops[chain[i]].name;
      if (++names[name] > 1)
        name += "_" + std::to_string(names[name]);
      params += (i ? ", " : "") + name;
      signature += i ? ",_" : "_";
    }
    params += ")";
    signature += ")";
  } else {
    fuserParams(tree, ops, params, signature, names);
  }
  std::string key = fuserKey(target, signature);
  if (auto it = fusersByKey.find(key); it != fusersByKey.end())
    return fusers[it->second].name;
  DeclEntry entry;
  entry.target = target;
  entry.params = params;
  if (auto lib = library.fusersByKey.find(key);
      lib != library.fusersByKey.end()) {
    entry.name = lib->second.name;
    entry.file = lib->second.file;
    useFile(entry.file);
  } else {
    entry.name = freshName(identifierFrom(nameHint, "fuser"), target);
  }
  fusersByKey.emplace(key, fusers.size());
  fusers.push_back(entry);
  return entry.name;
}

std::optional<std::string> Migrator::fuserFor(const JSONValue &value,
                                              const Node &tree, bool chain,
                                              bool forceComplex, int fused) {
  if (!value.isString() || value.text.empty()) {
    error(value, "expected the fuser method's qualified name (a string)");
    return std::nullopt;
  }
  const std::string &text = value.text;
  std::string fusedTarget = fused >= 0 ? ops[fused].target : "";
  std::optional<std::pair<std::string, std::string>> call = splitCall(text);
  std::string hint = lastComponent(call ? call->first : text).str();
  if (call)
    hint += "_" + lastComponent(call->second).str();

  // What Sema calls the chain: a forward chain not forced to the legacy form.
  size_t length = chain && !forceComplex ? forwardChain(tree).size() : 0;
  if (length >= 2 && call && !fusedTarget.empty() &&
      call->second == fusedTarget &&
      ((length == 2 && call->first == sequentialWrapper2) ||
       (length >= 3 && call->first == "bpat.sequential")))
    return std::string("sequential");
  if (length > 3 && call && call->first == "bpat.reverse_nested")
    return fuserDecl(call->second, tree, /*flat=*/true,
                     lastComponent(call->second));
  if (length == 1) {
    error(value, "a fuser on a single-op simple-format pattern cannot be "
                 "written in bpat (PyTorch rejects it: a fuser gets a tuple "
                 "pattern); put the pattern under \"pattern_complex_format\" "
                 "if the fuser takes the matched module alone");
    return std::nullopt;
  }
  if (length > 3) {
    // Not reached: such chains are forced to the legacy form by readConfig.
    error(value, "cannot express this fuser on a chain of " +
                     std::to_string(length) + " ops");
    return std::nullopt;
  }
  return fuserDecl(text, tree, /*flat=*/length >= 2, hint);
}

std::string Migrator::getterFor(const std::string &target, bool isRoot) {
  std::string key = getterKey(isRoot, target);
  if (auto it = gettersByKey.find(key); it != gettersByKey.end())
    return getters[it->second].name;
  DeclEntry entry;
  entry.target = target;
  entry.isRoot = isRoot;
  if (auto lib = library.gettersByKey.find(key);
      lib != library.gettersByKey.end()) {
    entry.name = lib->second.name;
    entry.file = lib->second.file;
    useFile(entry.file);
  } else {
    entry.name =
        freshName(identifierFrom(lastComponent(target), "getter"), target);
  }
  gettersByKey.emplace(key, getters.size());
  getters.push_back(entry);
  return entry.name;
}

bool Migrator::readConfig(const JSONValue &config) {
  if (!config.isObject())
    return error(config, "expected a backend pattern config object");
  static const char *const knownKeys[] = {"pattern",
                                          "observation_type",
                                          "dtype_configs",
                                          "root_module",
                                          "qat_module",
                                          "reference_quantized_module_for_root",
                                          "fused_module",
                                          "fuser_method",
                                          "root_node_getter",
                                          "extra_inputs_getter",
                                          "num_tensor_args_to_observation_type",
                                          "input_type_to_index",
                                          "input_output_observed",
                                          "overwrite_output_fake_quantize",
                                          "overwrite_output_observer",
                                          "pattern_complex_format"};
  bool ok = true;
  for (const auto &[key, member] : config.members)
    if (!llvm::is_contained(knownKeys, key))
      ok = error(member, "unknown backend pattern config key \"" + key + "\"");
  if (!ok)
    return false;

  Statement stmt;
  const JSONValue *simple = config.get("pattern");
  const JSONValue *complex = config.get("pattern_complex_format");
  if (simple && complex)
    return error(*complex, "a config has \"pattern\" or "
                           "\"pattern_complex_format\", not both");
  if (!simple && !complex)
    return error(config, "this config has no \"pattern\" and no "
                         "\"pattern_complex_format\"");
  std::optional<Node> tree =
      simple ? readSimplePattern(*simple) : readComplexPattern(*complex);
  if (!tree)
    return false;
  if (tree->wildcard)
    return error(*complex, "the top of a pattern cannot be MatchAllNode: it "
                           "would match every node");
  std::vector<unsigned> chain = forwardChain(*tree);
  stmt.chain = !chain.empty();

  // A chain PyTorch would register in the simple form (1 to 3 ops) but the
  // dump has in the legacy form must say `format = complex`; so must a
  // longer chain whose fuser takes the legacy (reversed nested) arguments.
  bool forceComplex = false;
  if (complex && stmt.chain) {
    forceComplex = true;
    if (chain.size() > 3) {
      const JSONValue *fuser = config.get("fuser_method");
      const JSONValue *fused = config.get("fused_module");
      std::optional<std::pair<std::string, std::string>> call;
      if (fuser && fuser->isString())
        call = splitCall(fuser->text);
      bool forward =
          !fuser ||
          (call && (call->first == "bpat.reverse_nested" ||
                    (call->first == "bpat.sequential" && fused &&
                     fused->isString() && fused->text == call->second)));
      forceComplex = !forward;
    }
  }

  const JSONValue *observation = config.get("observation_type");
  if (!observation)
    return error(config, "this config has no \"observation_type\" (PyTorch's "
                         "to_dict() always writes it)");
  std::optional<std::string> obs = observationFor(*observation);
  if (!obs)
    return false;
  stmt.attrs.push_back({"observation", *obs});

  const JSONValue *dtypes = config.get("dtype_configs");
  if (!dtypes)
    return error(config, "this config has no \"dtype_configs\" (PyTorch's "
                         "to_dict() always writes it)");
  if (!dtypes->isArray())
    return error(*dtypes, "\"dtype_configs\" is a list of dtype configs");
  std::string dtypeList = "[";
  for (const JSONValue &d : dtypes->elements) {
    std::optional<unsigned> index = dtypeConfigFor(d);
    if (!index)
      return false;
    dtypeList += (dtypeList.size() > 1 ? ", " : "") + dtypeConfigs[*index].name;
  }
  stmt.attrs.push_back({"dtypes", dtypeList + "]"});

  auto module = [&](const char *key, const char *attr) {
    const JSONValue *v = config.get(key);
    if (!v)
      return true;
    std::optional<unsigned> op = opFor(*v, true);
    if (!op)
      return false;
    if (attr)
      stmt.attrs.push_back({attr, ops[*op].name});
    else
      stmt.fused = *op;
    return true;
  };
  if (!module("root_module", "root") || !module("qat_module", "qat") ||
      !module("reference_quantized_module_for_root", "reference") ||
      !module("fused_module", nullptr))
    return false;

  if (const JSONValue *fuser = config.get("fuser_method")) {
    std::optional<std::string> name =
        fuserFor(*fuser, *tree, stmt.chain, forceComplex, stmt.fused);
    if (!name)
      return false;
    stmt.attrs.push_back({"fuser", *name});
  }
  for (const char *key : {"root_node_getter", "extra_inputs_getter"})
    if (const JSONValue *v = config.get(key)) {
      if (!v->isString() || v->text.empty())
        return error(*v, "expected a getter's qualified name (a string)");
      stmt.attrs.push_back(
          {key, getterFor(v->text, StringRef(key) == "root_node_getter")});
    }

  std::string numTensorArgs, inputTypeToIndex;
  if (const JSONValue *v = config.get("num_tensor_args_to_observation_type")) {
    if (!v->isObject() || v->members.empty())
      return error(*v, "expected a non-empty object mapping numbers of tensor "
                       "arguments to observation types (to_dict() leaves an "
                       "empty one out)");
    std::string text = "{ ";
    for (const auto &[key, member] : v->members) {
      if (key.empty() || key.size() > 9 ||
          !llvm::all_of(key, [](char c) { return llvm::isDigit(c); }) ||
          (key.size() > 1 && key[0] == '0'))
        return error(member, "the keys of num_tensor_args_to_observation_type "
                             "are numbers of tensor arguments, not \"" +
                                 key + "\"");
      std::optional<std::string> o = observationFor(member);
      if (!o)
        return false;
      text += (text.size() > 2 ? ", " : "") + key + ": " + *o;
    }
    numTensorArgs = text + " }";
  }
  stmt.attrs.push_back({"num_tensor_args_to_observation_type", numTensorArgs});
  if (const JSONValue *v = config.get("input_type_to_index")) {
    if (!v->isObject() || v->members.empty())
      return error(*v, "expected a non-empty object such as {\"weight\": 1, "
                       "\"bias\": 2} (to_dict() leaves an empty one out)");
    std::string text = "{ ";
    for (const auto &[key, member] : v->members) {
      if (key != "weight" && key != "bias" && key != "input")
        return error(member, "input_type_to_index keys are weight, bias and "
                             "input, not \"" +
                                 key + "\"");
      if (member.kind != JSONValue::Kind::Number || member.isFloat ||
          member.intValue < 0)
        return error(member, "an argument index is a whole number from 0");
      text += (text.size() > 2 ? ", " : "") + key + ": " + member.text;
    }
    inputTypeToIndex = text + " }";
  }
  stmt.attrs.push_back({"input_type_to_index", inputTypeToIndex});
  if (const JSONValue *v = config.get("input_output_observed")) {
    if (v->kind != JSONValue::Kind::Bool)
      return error(*v, "expected true or false");
    stmt.attrs.push_back(
        {"input_output_observed", v->boolValue ? "true" : "false"});
  }
  for (const char *key :
       {"overwrite_output_fake_quantize", "overwrite_output_observer"})
    if (const JSONValue *v = config.get(key)) {
      if (!v->isString())
        return error(*v, "expected a Python expression in a string");
      stmt.attrs.push_back({key, quoted(v->text)});
    }
  if (forceComplex)
    stmt.attrs.push_back({"format", "complex"});

  stmt.tree = std::move(*tree);
  statements.push_back(std::move(stmt));
  return true;
}

/// Merges neighbouring statements that differ in one position into
/// alternatives, as long as the expansion (leftmost slowest) gives back the
/// same configs in the same order: the merged position must be the leftmost
/// one with several alternatives. Repeats until nothing changes, so
/// `a->c, a->d, b->c, b->d` becomes `(a | b) -> (c | d)`.
void Migrator::mergeAlternatives() {
  bool changed = true;
  while (changed) {
    changed = false;
    std::vector<Statement> merged;
    for (Statement &stmt : statements) {
      if (!merged.empty()) {
        Statement &last = merged.back();
        std::vector<Node *> a, b;
        if (last.sameAttributes(stmt) && last.tree.sameShape(stmt.tree)) {
          collectSlots(last.tree, last.chain, a);
          collectSlots(stmt.tree, stmt.chain, b);
        }
        int differing = -1;
        bool mergeable = !a.empty();
        for (size_t i = 0; i < a.size() && mergeable; ++i) {
          if (a[i]->alts == b[i]->alts)
            continue;
          mergeable = differing < 0;
          differing = int(i);
        }
        if (mergeable && differing >= 0) {
          Node *x = a[differing], *y = b[differing];
          // Inline alternatives sit in a chain step or a tree leaf.
          mergeable = !x->wildcard && (last.chain || x->args.empty());
          for (int i = 0; i < differing && mergeable; ++i)
            mergeable = a[i]->alts.size() == 1;
          for (unsigned op : y->alts)
            mergeable &= !llvm::is_contained(x->alts, op);
          if (mergeable) {
            x->alts.insert(x->alts.end(), y->alts.begin(), y->alts.end());
            last.configs += stmt.configs;
            changed = true;
            continue;
          }
        }
      }
      merged.push_back(std::move(stmt));
    }
    statements = std::move(merged);
  }
}

std::string Migrator::renderSlot(const Node &node) {
  if (node.wildcard)
    return "_";
  if (node.alts.size() == 1)
    return ops[node.alts.front()].name;
  std::vector<std::string> targets;
  for (unsigned op : node.alts)
    targets.push_back(ops[op].target);
  if (auto it = library.opSetsByMembers.find(targets);
      it != library.opSetsByMembers.end()) {
    useFile(it->second.file);
    return it->second.name;
  }
  std::string out = "(";
  for (size_t i = 0; i < node.alts.size(); ++i)
    out += (i ? " | " : "") + ops[node.alts[i]].name;
  return out + ")";
}

std::string Migrator::renderPattern(const Statement &stmt) {
  if (stmt.chain) {
    std::vector<Node *> slots;
    collectSlots(const_cast<Node &>(stmt.tree), true, slots);
    std::string out;
    for (size_t i = 0; i < slots.size(); ++i)
      out += (i ? " -> " : "") + renderSlot(*slots[i]);
    return out;
  }
  std::string out = renderSlot(stmt.tree);
  if (!stmt.tree.args.empty()) {
    out += "(";
    for (size_t i = 0; i < stmt.tree.args.size(); ++i) {
      Statement child;
      child.tree = stmt.tree.args[i];
      std::string text = renderPattern(child);
      // An argument's alternatives need no parentheses: `add(a | b, _)`.
      if (child.tree.args.empty() && child.tree.alts.size() > 1 &&
          text.front() == '(')
        text = text.substr(1, text.size() - 2);
      out += (i ? ", " : "") + text;
    }
    out += ")";
  }
  return out;
}

/// Breaks a long pattern after ` | ` and ` -> ` so that lines stay short.
static std::string wrapPattern(const std::string &text, unsigned indent) {
  const unsigned width = 80;
  if (indent + text.size() <= width)
    return text;
  std::string out;
  unsigned column = indent;
  size_t start = 0;
  std::string pad(indent + 4, ' ');
  while (start < text.size()) {
    size_t bar = text.find(" | ", start), arrow = text.find(" -> ", start);
    size_t next = std::min(bar, arrow);
    size_t end =
        next == std::string::npos ? text.size() : next + (next == bar ? 2 : 3);
    std::string piece = text.substr(start, end - start);
    if (column + piece.size() > width && column > indent + 4 && start > 0) {
      while (!out.empty() && out.back() == ' ')
        out.pop_back();
      out += "\n" + pad;
      column = pad.size();
      if (!piece.empty() && piece.front() == ' ')
        piece.erase(0, 1);
    }
    out += piece;
    column += piece.size();
    start = end;
  }
  return out;
}

/// `key = value;` lines at `indent`, a long map one entry per line.
static std::string attrLines(const std::string &key, const std::string &value,
                             unsigned indent) {
  std::string pad(indent, ' ');
  std::string line = pad + key + " = " + value + ";";
  if (line.size() <= 100 || !StringRef(value).startswith("{ "))
    return line + "\n";
  llvm::SmallVector<StringRef, 8> entries;
  StringRef(value).drop_front(2).drop_back(2).split(entries, ", ");
  std::string out = pad + key + " = {\n";
  for (StringRef entry : entries)
    out += pad + "  " + entry.str() + ",\n";
  return out + pad + "};\n";
}

std::string Migrator::renderBackend(const std::string &name) {
  std::string out = "backend " + name + " {\n";
  std::map<std::string, std::string> current;
  for (const char *key : defaultableAttrs)
    current[key] = key == StringRef("observation") ? defaultObservation
                   : key == StringRef("dtypes")    ? "[]"
                                                   : "";
  const size_t minRun = 3;

  auto written = [](StringRef key, const std::string &value) {
    return value.empty() ? unsetValue(key) : value;
  };

  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement &stmt = statements[i];
    // A new `defaults` block where a run of at least minRun statements
    // shares a value other than the current default.
    std::vector<std::pair<std::string, std::string>> defaults;
    for (const char *key : defaultableAttrs) {
      const std::string &value = stmt.value(key);
      if (value == current[key])
        continue;
      size_t run = 0;
      while (i + run < statements.size() &&
             statements[i + run].value(key) == value)
        ++run;
      if (run < minRun)
        continue;
      current[key] = value;
      defaults.push_back({key, written(key, value)});
    }
    if (!defaults.empty()) {
      if (i)
        out += "\n";
      std::string line = "  defaults {";
      for (const auto &[key, value] : defaults)
        line += " " + key + " = " + value + ";";
      line += " }\n";
      if (line.size() > 81) {
        line = "  defaults {\n";
        for (const auto &[key, value] : defaults)
          line += attrLines(key, value, 4);
        line += "  }\n";
      }
      out += line;
    }

    std::vector<std::pair<std::string, std::string>> attrs;
    for (const auto &[key, value] : stmt.attrs) {
      if (llvm::is_contained(defaultableAttrs, key)) {
        if (value != current[key])
          attrs.push_back({key, written(key, value)});
      } else {
        attrs.push_back({key, value});
      }
    }

    std::string head = "pattern " + wrapPattern(renderPattern(stmt), 10);
    if (stmt.fused >= 0)
      head += " => " + ops[stmt.fused].name;
    std::string oneLine = "  " + head;
    if (attrs.empty()) {
      oneLine += ";";
    } else {
      oneLine += " {";
      for (const auto &[key, value] : attrs)
        oneLine += " " + key + " = " + value + ";";
      oneLine += " }";
    }
    size_t lastLine = oneLine.rfind('\n');
    size_t width =
        oneLine.size() - (lastLine == std::string::npos ? 0 : lastLine + 1);
    if (attrs.empty() || width <= 100) {
      out += oneLine + "\n";
      continue;
    }
    out += "  " + head + " {\n";
    for (const auto &[key, value] : attrs)
      out += attrLines(key, value, 4);
    out += "  }\n";
  }
  return out + "}\n";
}

std::vector<std::string>
Migrator::dtypeConfigFields(const DTypeConfigEntry &entry) {
  std::vector<std::string> fields;
  auto field = [&](const char *key, const std::optional<Constrained> &c) {
    if (!c)
      return;
    std::string text = std::string(key) + " = " + dtypeNames.at(c->dtype);
    if (!c->constraints.empty()) {
      std::string block = " {";
      for (const auto &[name, number] : c->constraints)
        block += " " + name + " = " + number.text + ";";
      block += " }";
      // Long blocks get one constraint per line.
      if (text.size() + block.size() > 76) {
        block = " {\n";
        for (const auto &[name, number] : c->constraints)
          block += "    " + name + " = " + number.text + ";\n";
        block += "  }";
      }
      text += block;
    }
    fields.push_back(text + ";");
  };
  field("input", entry.input);
  field("output", entry.output);
  field("weight", entry.weight);
  if (entry.bias)
    fields.push_back("bias = " + dtypeNames.at(*entry.bias) + ";");
  if (entry.isDynamic)
    fields.push_back(std::string("is_dynamic = ") +
                     (*entry.isDynamic ? "true" : "false") + ";");
  return fields;
}

std::string Migrator::renderDeclarations() {
  std::string out;
  auto aligned =
      [](const std::vector<std::pair<std::string, std::string>> &lines) {
        size_t width = 0;
        for (const auto &line : lines)
          width = std::max(width, line.first.size());
        std::string text;
        for (const auto &[left, right] : lines)
          text += left + std::string(width - left.size(), ' ') + right + "\n";
        return text;
      };

  std::vector<std::pair<std::string, std::string>> opLines;
  for (const OpEntry &op : ops) {
    if (!op.file.empty())
      continue;
    const char *kind = op.kind == ir::OpKind::Module     ? "module"
                       : op.kind == ir::OpKind::Function ? "function"
                                                         : "method";
    opLines.push_back({"op " + op.name, " = " + std::string(kind) + " " +
                                            quoted(op.target) + ";"});
  }
  if (!opLines.empty())
    out += "\n// Ops the library does not declare.\n" + aligned(opLines);

  if (!declaredDTypes.empty()) {
    std::vector<std::pair<std::string, std::string>> lines;
    for (const auto &[name, target] : declaredDTypes)
      lines.push_back({"dtype " + name, " = " + quoted(target) + ";"});
    out += "\n" + aligned(lines);
  }

  bool header = false;
  for (const DTypeConfigEntry &entry : dtypeConfigs) {
    if (!entry.file.empty())
      continue;
    if (!header)
      out += "\n";
    header = true;
    std::vector<std::string> fields = dtypeConfigFields(entry);
    std::string line = "dtype_config " + entry.name + " {";
    bool multiLine = false;
    for (const std::string &field : fields) {
      line += " " + field;
      multiLine |= field.find('\n') != std::string::npos;
    }
    line += " }";
    if (!multiLine && line.size() <= 100) {
      out += line + "\n";
      continue;
    }
    out += "dtype_config " + entry.name + " {\n";
    for (const std::string &field : fields)
      out += "  " + field + "\n";
    out += "}\n";
  }

  header = false;
  for (const DeclEntry &fuser : fusers) {
    if (!fuser.file.empty())
      continue;
    if (!header)
      out += "\n";
    header = true;
    out += "fuser " + fuser.name + fuser.params +
           "\n    = " + quoted(fuser.target) + ";\n";
  }
  header = false;
  for (const DeclEntry &getter : getters) {
    if (!getter.file.empty())
      continue;
    if (!header)
      out += "\n";
    header = true;
    out += std::string(getter.isRoot ? "root_node_getter "
                                     : "extra_inputs_getter ") +
           getter.name + " = " + quoted(getter.target) + ";\n";
  }
  return out;
}

std::optional<MigrationResult> Migrator::run(unsigned bufferId) {
  std::optional<JSONValue> dump = parseJSON(bufferId, diags);
  if (!dump)
    return std::nullopt;
  if (!dump->isObject()) {
    error(*dump, "expected a BackendConfig dump: an object with \"name\" and "
                 "\"configs\"");
    return std::nullopt;
  }
  for (const auto &[key, member] : dump->members)
    if (key != "name" && key != "configs") {
      error(member, "unknown key \"" + key +
                        "\" in a BackendConfig dump "
                        "(expected \"name\" and \"configs\")");
      return std::nullopt;
    }
  const JSONValue *name = dump->get("name");
  const JSONValue *configs = dump->get("configs");
  if (name && !name->isString()) {
    error(*name, "the backend name is a string");
    return std::nullopt;
  }
  if (!configs || !configs->isArray()) {
    error(configs ? *configs : *dump, "expected \"configs\": a list of "
                                      "backend pattern configs");
    return std::nullopt;
  }

  library = buildLibraryIndex(options.imports);
  taken = library.names;

  std::string backend = options.backendName;
  if (backend.empty())
    backend = name && !name->text.empty() ? name->text : "imported";
  // Kept as written if it is an identifier (`_native_and_fp16`).
  bool isIdentifier = backend != "_" && !llvm::isDigit(backend[0]) &&
                      llvm::all_of(backend, [](char c) {
                        return llvm::isAlnum(c) || c == '_';
                      });
  if (!isIdentifier)
    backend = identifierFrom(backend, "backend");
  if (taken.count(backend) || isReservedWord(backend))
    backend += "_backend";
  backend = freshName(backend);

  // A class used as a root/QAT/reference/fused module is a module op even if
  // its name does not look like a class.
  for (const JSONValue &config : configs->elements)
    for (const char *key :
         {"root_module", "qat_module", "reference_quantized_module_for_root",
          "fused_module"})
      if (const JSONValue *v = config.isObject() ? config.get(key) : nullptr)
        if (v->isString())
          moduleTargets.insert(v->text);

  bool ok = true;
  for (const JSONValue &config : configs->elements)
    ok &= readConfig(config);
  if (!ok)
    return std::nullopt;

  mergeAlternatives();
  std::string body = renderBackend(backend);
  std::string declarations = renderDeclarations();

  std::string out;
  llvm::raw_string_ostream os(out);
  os << "// The " << (name ? name->text : backend)
     << " backend, migrated by bpat-import";
  if (!options.sourceName.empty())
    os << " from " << options.sourceName;
  os << ".\n// " << configs->elements.size() << " pattern configs in "
     << statements.size() << " patterns; `bpatc --emit=json` gives them "
     << "back.\n";
  if (!usedFiles.empty())
    os << "\n";
  for (const std::string &file : usedFiles)
    os << "import " << quoted(file) << ";\n";
  os << declarations << "\n" << body;
  os.flush();
  return MigrationResult{std::move(out), backend};
}

std::optional<MigrationResult>
bpat::migrateBackendConfig(unsigned bufferId, const MigrationOptions &options,
                           DiagnosticEngine &diags) {
  Migrator migrator(options, diags);
  return migrator.run(bufferId);
}
