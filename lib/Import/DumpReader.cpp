//===- DumpReader.cpp - A BackendConfig dump's configs as statements ------===//
//
// Checks each config of the dump (docs/json-format.md) and turns it into one
// Statement: its pattern as a tree of ops, whether it is written as a chain,
// and its attributes as .bpat spells them, after asking Declarations for the
// names of what it uses. Whatever cannot be migrated is reported at its
// place in the dump (docs/migration.md, "What cannot be migrated").
//
//===----------------------------------------------------------------------===//

#include "MigrationModel.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/OpRef.h"
#include "bpat/Sema/Sema.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <iterator>

using namespace bpat;
using namespace bpat::import;
using llvm::StringRef;
using rt::PatternAttr;

/// The to_dict() key of a BackendPatternConfig field.
static const char *jsonKey(PatternAttr attr) {
  return rt::patternAttrInfo(attr).jsonKey;
}

/// The fields that name a module class.
static constexpr PatternAttr moduleAttrs[] = {
    PatternAttr::Root, PatternAttr::Qat, PatternAttr::Reference,
    PatternAttr::Fused};

using rt::matchAllNodeQualifiedName;
using rt::sequentialWrapper2QualifiedName;

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

namespace {

class DumpReader {
public:
  DumpReader(Declarations &decls, DiagnosticEngine &diags)
      : decls(decls), diags(diags) {}

  /// Appends the statement of `config` to `out`, or returns false after
  /// reporting why it cannot be migrated.
  bool readConfig(const JSONValue &config, std::vector<Statement> &out);

private:
  std::optional<Node> readSimplePattern(const JSONValue &value);
  std::optional<Node> readComplexPattern(const JSONValue &value);
  std::optional<unsigned> opFor(const JSONValue &value, bool mustBeModule);
  std::optional<unsigned> dtypeConfigFor(const JSONValue &value);
  std::optional<Constrained> constrainedFor(const JSONValue &value);
  std::optional<std::string> fuserFor(const JSONValue &value, const Node &tree,
                                      bool chain, bool forceComplex, int fused);
  std::optional<std::string> observationFor(const JSONValue &value);
  std::optional<AttrValue> numTensorArgsFor(const JSONValue &value);
  std::optional<AttrValue> inputTypeToIndexFor(const JSONValue &value);

  /// The configs' patterns so far, by patternKey.
  std::map<std::string, const JSONValue *> patternsSeen;

  bool error(const JSONValue &at, const llvm::Twine &message) {
    diags.error(at.range(), message);
    return false;
  }

  Declarations &decls;
  DiagnosticEngine &diags;
};

} // namespace

std::optional<unsigned> DumpReader::opFor(const JSONValue &value,
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
  if (!isPythonQualifiedName(target)) {
    error(value, "'" + target +
                     "' is not a qualified Python name; bpat names ops only "
                     "by one (identifiers joined by dots)");
    return std::nullopt;
  }
  unsigned index = decls.op(target);
  const OpEntry &op = decls.ops()[index];
  if (mustBeModule && op.kind != ir::OpKind::Module) {
    error(value, "'" + target + "' is used as a module class here, but " +
                     (op.file.empty() ? std::string("it is also used as a ")
                                      : op.file + " declares it as a ") +
                     rt::opKindInfo(op.kind).keyword);
    return std::nullopt;
  }
  return index;
}

std::optional<Node> DumpReader::readSimplePattern(const JSONValue &value) {
  auto leaf = [&](const JSONValue &v) -> std::optional<Node> {
    if (v.isString() && v.text == matchAllNodeQualifiedName) {
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

std::optional<Node> DumpReader::readComplexPattern(const JSONValue &value) {
  if (value.isString()) {
    Node node;
    if (value.text == matchAllNodeQualifiedName) {
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
  if (!head.isString() || head.text == matchAllNodeQualifiedName) {
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

std::optional<std::string> DumpReader::observationFor(const JSONValue &value) {
  if (value.isString())
    if (const rt::ObservationTypeInfo *type =
            rt::findObservationTypeByDictName(value.text))
      return std::string(type->bPatName);
  std::string list;
  size_t count = std::size(rt::observationTypes);
  for (size_t i = 0; i < count; ++i) {
    if (i)
      list += i + 1 == count ? " or " : ", ";
    list += "\"" + rt::observationTypeDictName(rt::observationTypes[i].type) +
            "\"";
  }
  error(value, "expected an observation type: " + list);
  return std::nullopt;
}

std::optional<Constrained> DumpReader::constrainedFor(const JSONValue &value) {
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
  if (!isPythonQualifiedName(dtype->text)) {
    error(*dtype, "'" + dtype->text + "' is not a dtype's qualified name");
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
          {name, ConstraintValue{ir::Number{member->isFloat, member->intValue,
                                            member->floatValue},
                                 member->text}});
  return result;
}

std::optional<unsigned> DumpReader::dtypeConfigFor(const JSONValue &value) {
  if (!value.isObject()) {
    error(value, "expected a dtype config object");
    return std::nullopt;
  }
  using rt::DTypeConfigField;
  DTypeConfigEntry entry;
  for (const auto &[key, member] : value.members) {
    const rt::DTypeConfigFieldInfo *field = rt::findDTypeConfigFieldByName(key);
    if (!field) {
      std::string names;
      for (const rt::DTypeConfigFieldInfo &f : rt::dtypeConfigFields)
        names += (names.empty() ? "" : ", ") + std::string(f.name);
      error(member, "unknown dtype config key \"" + key + "\" (expected " +
                        names + ")");
      return std::nullopt;
    }
    switch (field->field) {
    case DTypeConfigField::Input:
    case DTypeConfigField::Output:
    case DTypeConfigField::Weight: {
      std::optional<Constrained> c = constrainedFor(member);
      if (!c)
        return std::nullopt;
      (field->field == DTypeConfigField::Input    ? entry.input
       : field->field == DTypeConfigField::Output ? entry.output
                                                  : entry.weight) =
          std::move(c);
      break;
    }
    case DTypeConfigField::Bias:
      if (!member.isString() || !isPythonQualifiedName(member.text)) {
        error(member, "expected a dtype string such as \"torch.float32\"");
        return std::nullopt;
      }
      entry.bias = member.text;
      break;
    case DTypeConfigField::IsDynamic:
      if (member.kind != JSONValue::Kind::Bool) {
        error(member, "expected true or false");
        return std::nullopt;
      }
      entry.isDynamic = member.boolValue;
      break;
    }
  }
  return decls.dtypeConfig(std::move(entry));
}

std::optional<std::string> DumpReader::fuserFor(const JSONValue &value,
                                                const Node &tree, bool chain,
                                                bool forceComplex, int fused) {
  if (!value.isString() || value.text.empty()) {
    error(value, "expected the fuser method's qualified name (a string)");
    return std::nullopt;
  }
  const std::string &text = value.text;
  if (!isPythonCallableReference(text)) {
    error(value, "'" + text +
                     "' is not a qualified Python name or a call on such "
                     "names; bpat names fusers only by one");
    return std::nullopt;
  }
  std::string fusedTarget = fused >= 0 ? decls.ops()[fused].target : "";
  std::optional<std::pair<std::string, std::string>> call = splitCall(text);
  // A new fuser is named after the callable, and a wrapper after what it
  // wraps too.
  std::string hint = lastComponent(call ? call->first : text).str();
  if (call)
    hint += "_" + lastComponent(call->second).str();

  // What Sema calls the chain: a forward chain not forced to the legacy form.
  size_t length = chain && !forceComplex ? tree.forwardChain().size() : 0;
  if (length >= 2 && call && !fusedTarget.empty() &&
      call->second == fusedTarget &&
      ((length == 2 && call->first == sequentialWrapper2QualifiedName) ||
       (length >= 3 && call->first == rt::bpatSequentialName)))
    return std::string(rt::sequentialFuserName);
  if (length > 3 && call && call->first == rt::bpatReverseNestedName)
    return decls.fuser(call->second, tree, /*flat=*/true,
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
  return decls.fuser(text, tree, /*flat=*/length >= 2, hint);
}

std::optional<AttrValue> DumpReader::numTensorArgsFor(const JSONValue &value) {
  if (!value.isObject() || value.members.empty()) {
    error(value, "expected a non-empty object mapping numbers of tensor "
                 "arguments to observation types (to_dict() leaves an "
                 "empty one out)");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto &[key, member] : value.members) {
    if (key.empty() || key.size() > 9 ||
        !llvm::all_of(key, [](char c) { return llvm::isDigit(c); }) ||
        (key.size() > 1 && key[0] == '0')) {
      error(member, "the keys of num_tensor_args_to_observation_type are "
                    "numbers of tensor arguments, not \"" +
                        key + "\"");
      return std::nullopt;
    }
    std::optional<std::string> o = observationFor(member);
    if (!o)
      return std::nullopt;
    entries.push_back({key, *o});
  }
  return AttrValue::map(std::move(entries));
}

std::optional<AttrValue>
DumpReader::inputTypeToIndexFor(const JSONValue &value) {
  if (!value.isObject() || value.members.empty()) {
    error(value, "expected a non-empty object such as {\"weight\": 1, "
                 "\"bias\": 2} (to_dict() leaves an empty one out)");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto &[key, member] : value.members) {
    if (key != "weight" && key != "bias" && key != "input") {
      error(member, "input_type_to_index keys are weight, bias and input, "
                    "not \"" +
                        key + "\"");
      return std::nullopt;
    }
    if (member.kind != JSONValue::Kind::Number || member.isFloat ||
        member.intValue < 0) {
      error(member, "an argument index is a whole number from 0");
      return std::nullopt;
    }
    entries.push_back({key, member.text});
  }
  return AttrValue::map(std::move(entries));
}

/// A pattern tree as a string, equal for equal trees: the op indices and
/// the wildcard, in prefix order with the argument counts.
static std::string patternKey(const Node &node) {
  std::string key = node.wildcard ? "_" : std::to_string(node.alts.front());
  key += "(" + std::to_string(node.args.size());
  for (const Node &arg : node.args)
    key += "," + patternKey(arg);
  return key + ")";
}

bool DumpReader::readConfig(const JSONValue &config,
                            std::vector<Statement> &out) {
  if (!config.isObject())
    return error(config, "expected a backend pattern config object");
  bool ok = true;
  for (const auto &[key, member] : config.members)
    if (!rt::findPatternAttrByJSONKey(key))
      ok = error(member, "unknown backend pattern config key \"" + key + "\"");
  if (!ok)
    return false;

  Statement stmt;
  const JSONValue *simple = config.get(jsonKey(PatternAttr::Pattern));
  const JSONValue *complex =
      config.get(jsonKey(PatternAttr::PatternComplexFormat));
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
  // BackendConfig keys its configs by pattern (a dict), so to_dict() never
  // writes two for one pattern; the same chain in both formats is one key.
  const JSONValue &patternValue = simple ? *simple : *complex;
  auto [seen, fresh] =
      patternsSeen.try_emplace(patternKey(*tree), &patternValue);
  if (!fresh) {
    diags
        .error(patternValue.range(),
               "a second config for this pattern; PyTorch's BackendConfig "
               "keeps one config per pattern (the last one set), so a dump "
               "never has two")
        .note(seen->second->range(), "the first config for it is here");
    return false;
  }
  std::vector<unsigned> chain = tree->forwardChain();
  stmt.chain = !chain.empty();

  // A chain PyTorch would register in the simple form (1 to 3 ops) but the
  // dump has in the legacy form must say `format = complex`; so must a
  // longer chain whose fuser takes the legacy (reversed nested) arguments.
  bool forceComplex = false;
  if (complex && stmt.chain) {
    forceComplex = true;
    if (chain.size() > 3) {
      const JSONValue *fuser = config.get(jsonKey(PatternAttr::Fuser));
      const JSONValue *fused = config.get(jsonKey(PatternAttr::Fused));
      std::optional<std::pair<std::string, std::string>> call;
      if (fuser && fuser->isString())
        call = splitCall(fuser->text);
      bool forward =
          !fuser ||
          (call && (call->first == rt::bpatReverseNestedName ||
                    (call->first == rt::bpatSequentialName && fused &&
                     fused->isString() && fused->text == call->second)));
      forceComplex = !forward;
    }
  }

  const JSONValue *observation = config.get(jsonKey(PatternAttr::Observation));
  if (!observation)
    return error(config, "this config has no \"observation_type\" (PyTorch's "
                         "to_dict() always writes it)");
  std::optional<std::string> obs = observationFor(*observation);
  if (!obs)
    return false;
  stmt.attrs.push_back({PatternAttr::Observation, AttrValue::name(*obs)});

  const JSONValue *dtypes = config.get(jsonKey(PatternAttr::DTypes));
  if (!dtypes)
    return error(config, "this config has no \"dtype_configs\" (PyTorch's "
                         "to_dict() always writes it)");
  if (!dtypes->isArray())
    return error(*dtypes, "\"dtype_configs\" is a list of dtype configs");
  std::vector<std::string> dtypeList;
  for (const JSONValue &d : dtypes->elements) {
    std::optional<unsigned> index = dtypeConfigFor(d);
    if (!index)
      return false;
    dtypeList.push_back(decls.dtypeConfigs()[*index].name);
  }
  stmt.attrs.push_back(
      {PatternAttr::DTypes, AttrValue::list(std::move(dtypeList))});

  for (PatternAttr attr : moduleAttrs) {
    const JSONValue *v = config.get(jsonKey(attr));
    if (!v)
      continue;
    std::optional<unsigned> op = opFor(*v, true);
    if (!op)
      return false;
    if (attr == PatternAttr::Fused)
      stmt.fused = *op;
    else
      stmt.attrs.push_back({attr, AttrValue::name(decls.ops()[*op].name)});
  }

  if (const JSONValue *fuser = config.get(jsonKey(PatternAttr::Fuser))) {
    std::optional<std::string> name =
        fuserFor(*fuser, *tree, stmt.chain, forceComplex, stmt.fused);
    if (!name)
      return false;
    stmt.attrs.push_back({PatternAttr::Fuser, AttrValue::name(*name)});
  }
  for (PatternAttr attr :
       {PatternAttr::RootNodeGetter, PatternAttr::ExtraInputsGetter})
    if (const JSONValue *v = config.get(jsonKey(attr))) {
      if (!v->isString() || v->text.empty())
        return error(*v, "expected a getter's qualified name (a string)");
      if (!isPythonCallableReference(v->text))
        return error(*v, "'" + v->text +
                             "' is not a qualified Python name or a call "
                             "on such names");
      stmt.attrs.push_back(
          {attr, AttrValue::name(decls.getter(
                     v->text, attr == PatternAttr::RootNodeGetter))});
    }

  // The maps are always present (ModuleBuilder.cpp may default them).
  using MapReader = std::optional<AttrValue> (DumpReader::*)(const JSONValue &);
  for (auto [attr, read] :
       {std::pair<PatternAttr, MapReader>{PatternAttr::NumTensorArgs,
                                          &DumpReader::numTensorArgsFor},
        {PatternAttr::InputTypeToIndex, &DumpReader::inputTypeToIndexFor}}) {
    AttrValue unset;
    if (const JSONValue *v = config.get(jsonKey(attr))) {
      std::optional<AttrValue> value = (this->*read)(*v);
      if (!value)
        return false;
      unset = std::move(*value);
    }
    stmt.attrs.push_back({attr, std::move(unset)});
  }
  if (const JSONValue *v =
          config.get(jsonKey(PatternAttr::InputOutputObserved))) {
    if (v->kind != JSONValue::Kind::Bool)
      return error(*v, "expected true or false");
    stmt.attrs.push_back(
        {PatternAttr::InputOutputObserved,
         AttrValue::name(v->boolValue ? rt::trueName : rt::falseName)});
  }
  for (PatternAttr attr :
       {PatternAttr::OverwriteFakeQuantize, PatternAttr::OverwriteObserver})
    if (const JSONValue *v = config.get(jsonKey(attr))) {
      if (!v->isString())
        return error(*v, "expected a Python expression in a string");
      stmt.attrs.push_back({attr, AttrValue::string(v->text)});
    }
  if (forceComplex)
    stmt.attrs.push_back(
        {PatternAttr::Format, AttrValue::name(rt::complexFormatName)});

  stmt.tree = std::move(*tree);
  out.push_back(std::move(stmt));
  return true;
}

bool import::readConfigs(const JSONValue &configs, Declarations &decls,
                         DiagnosticEngine &diags,
                         std::vector<Statement> &statements) {
  // A class used as a root/QAT/reference/fused module is a module op even if
  // its name does not look like a class.
  for (const JSONValue &config : configs.elements)
    for (PatternAttr attr : moduleAttrs)
      if (const JSONValue *v =
              config.isObject() ? config.get(jsonKey(attr)) : nullptr)
        if (v->isString())
          decls.noteModuleTarget(v->text);

  DumpReader reader(decls, diags);
  bool ok = true;
  for (const JSONValue &config : configs.elements)
    ok &= reader.readConfig(config, statements);
  return ok;
}
