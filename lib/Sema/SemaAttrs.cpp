//===- SemaAttrs.cpp - Pattern attributes
//----------------------------------===//
//
// Checks attribute blocks once each, then gives every expanded pattern its
// attributes from the closest layer that sets them (the pattern, then the
// defaults and `use` blocks around it), and checks the fuser against the
// shape PyTorch will call it with.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/PatternAttr.h"
#include "bpat/Support/NearestName.h"

using namespace bpat;
using namespace bpat::sema;

using rt::PatternAttr;

/// The .bpat spelling of observation type `type`.
static const char *observationName(ir::ObservationType type) {
  return rt::observationTypeInfo(type).bPatName;
}

std::optional<ir::ObservationType>
SemaImpl::observationOf(const ast::Value &value) {
  if (value.kind == ast::Value::Kind::Name)
    if (const rt::ObservationTypeInfo *type =
            rt::findObservationType(value.text))
      return type->type;
  if (firstReport(value.range.Start, "observation"))
    diags.error(value.range,
                "expected an observation type: " +
                    listNames(rt::observationTypes,
                              &rt::ObservationTypeInfo::bPatName, " or "));
  return std::nullopt;
}

void SemaImpl::checkAttrBlock(const std::vector<ast::Attr> &attrs) {
  if (!checkedBlocks.insert({&attrs, true}).second)
    return;
  std::map<std::string, const ast::Attr *> seen;
  for (const ast::Attr &attr : attrs) {
    auto [it, inserted] = seen.emplace(attr.key.text, &attr);
    if (!inserted) {
      diags.error(attr.key.range, "'" + attr.key.text + "' is given twice")
          .note(it->second->key.range, "first given here");
      continue;
    }
    if (rt::findPatternAttr(attr.key.text))
      continue;
    NearestName nearest(attr.key.text);
    for (const rt::PatternAttrInfo &info : rt::patternAttrs)
      nearest.consider(info.key);
    diags.error(attr.key.range, "unknown pattern attribute '" + attr.key.text +
                                    "'" + nearest.didYouMean());
  }
}

/// Number of forward steps if `tree` is a unary chain of ops, else 0.
static unsigned unaryChainLength(const ir::PatternNode &tree) {
  unsigned length = 0;
  const ir::PatternNode *node = &tree;
  while (true) {
    if (node->isWildcard())
      return 0;
    ++length;
    if (node->args.empty())
      return length;
    if (node->args.size() != 1)
      return 0;
    node = &node->args[0];
  }
}

/// The shape PyTorch passes to a fuser of a legacy-format pattern: one
/// element per top-level item, nested items as tuples.
static std::vector<ir::ParamShape> nestedShape(const ir::PatternNode &tree) {
  std::vector<ir::ParamShape> shape;
  auto leafName = [](const ir::PatternNode &n) {
    return n.isWildcard() ? std::string("_") : n.op->name;
  };
  shape.push_back({leafName(tree), {}});
  for (const ir::PatternNode &arg : tree.args) {
    if (arg.args.empty()) {
      shape.push_back({leafName(arg), {}});
      continue;
    }
    ir::ParamShape tuple;
    tuple.elements = nestedShape(arg);
    shape.push_back(std::move(tuple));
  }
  return shape;
}

static bool sameShape(const std::vector<ir::ParamShape> &a,
                      const std::vector<ir::ParamShape> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].isTuple() != b[i].isTuple())
      return false;
    if (a[i].isTuple() && !sameShape(a[i].elements, b[i].elements))
      return false;
  }
  return true;
}

static std::string printShape(const std::vector<ir::ParamShape> &shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      out += ", ";
    out += shape[i].isTuple() ? printShape(shape[i].elements) : shape[i].name;
  }
  return out + ")";
}

void SemaImpl::checkFuser(const ast::GroupItem &item,
                          const ast::Attr *fuserAttr,
                          ir::PatternConfig &config) {
  llvm::SMRange where = fuserAttr ? fuserAttr->value->range : item.range;
  auto report = [&](const std::string &message, const ir::Fuser *fuser) {
    if (!firstReport(where.Start, message))
      return;
    InFlightDiagnostic diag = diags.error(where, message);
    if (fuserAttr && fuserAttr->value->range.Start.getPointer() <
                         item.range.Start.getPointer())
      diag.note(item.range, "for the pattern here");
    if (fuser)
      diag.note(fuser->loc, "fuser '" + fuser->name + "' declared here");
  };

  unsigned chain = config.forceComplex ? 0 : unaryChainLength(config.tree);
  const ir::Fuser *fuser = config.fuser->fuser;
  if (config.fuser->isSequential()) {
    if (!config.fusedModule)
      report("'sequential' builds the fused module, so this pattern needs "
             "one: write '=> Module' or 'fused = Module;'",
             nullptr);
    else if (chain < 2)
      report("'sequential' needs a forward chain of two or more ops" +
                 std::string(config.forceComplex
                                 ? ", and this pattern is 'format = complex'"
                                 : ""),
             nullptr);
    return;
  }
  if (chain == 1) {
    report("a fuser on a single-op pattern is rejected by PyTorch (it expects "
           "a tuple pattern); use 'format = complex' if the fuser takes the "
           "matched module alone",
           fuser);
    return;
  }
  if (chain >= 2) {
    if (fuser->takesNestedArgs()) {
      report("fuser '" + fuser->name + "' takes reversed nested arguments " +
                 printShape(fuser->params) +
                 ", but this pattern is a forward chain whose fuser gets its " +
                 std::to_string(chain) +
                 " modules in forward order; add 'format = complex;' to "
                 "register it in the legacy form",
             fuser);
    } else if (fuser->params.size() != chain) {
      report("fuser '" + fuser->name + "' takes " +
                 std::to_string(fuser->params.size()) +
                 " module(s) after is_qat, but this chain passes " +
                 std::to_string(chain) + " in forward order",
             fuser);
    }
    return;
  }
  std::vector<ir::ParamShape> expected = nestedShape(config.tree);
  if (!sameShape(fuser->params, expected))
    report("fuser '" + fuser->name + "' takes " + printShape(fuser->params) +
               ", but this pattern calls it with the reversed nested "
               "arguments " +
               printShape(expected),
           fuser);
}

/// The node PyTorch's default root node getter picks for quantization: the
/// last element, recursively (the first op in forward order).
static const ir::PatternNode &defaultRoot(const ir::PatternNode &tree) {
  const ir::PatternNode *node = &tree;
  while (!node->args.empty())
    node = &node->args.back();
  return *node;
}

void SemaImpl::checkNumTensorArgs(const ast::Attr &attr,
                                  ir::PatternConfig &config) {
  if (config.rootNodeGetter)
    return;
  const ir::PatternNode &root = defaultRoot(config.tree);
  if (root.isWildcard())
    return;
  unsigned maxArgs;
  if (!root.op->argCounts.empty())
    maxArgs = root.op->argCounts.back();
  else
    return;
  for (const auto &[count, observation] : config.numTensorArgsToObservation) {
    if (count <= int64_t(maxArgs))
      continue;
    std::string message = "num_tensor_args_to_observation_type key " +
                          std::to_string(count) + " can never occur: '" +
                          root.op->name + "' takes at most " +
                          std::to_string(maxArgs) + " positional argument" +
                          (maxArgs == 1 ? "" : "s");
    if (firstReport(attr.value->range.Start, message))
      diags.error(attr.value->range, message)
          .note(root.op->loc, "'" + root.op->name + "' declared here");
  }
}

bool SemaImpl::applyAttributes(const FlatPattern &flat,
                               ir::PatternConfig &config) {
  const ast::GroupItem &item = *flat.item;
  // The closest layer that sets each attribute.
  std::map<PatternAttr, const ast::Attr *> chosen;
  for (const std::vector<ast::Attr> *layer : flat.layers)
    for (const ast::Attr &attr : *layer)
      if (const rt::PatternAttrInfo *info = rt::findPatternAttr(attr.key.text))
        chosen.emplace(info->attr, &attr);

  for (const auto &[kind, attr] : chosen) {
    bool own = false;
    for (const ast::Attr &a : item.attrs)
      own |= &a == attr;
    config.attrSources[kind] = {attr->range, attr->value->range, own};
  }
  config.hasBody = item.hasBody;
  if (item.fused)
    config.fusedArrowRange = item.fused->range;

  bool ok = true;
  auto onceAt = [&](llvm::SMRange range, const std::string &message) {
    ok = false;
    if (firstReport(range.Start, message))
      diags.error(range, message);
  };
  auto once = [&](const ast::Value &v, const std::string &message) {
    onceAt(v.range, message);
  };
  auto nameOf = [](const ast::Value &v) { return ast::Name{v.text, v.range}; };
  auto expectName = [&](const ast::Value &v, const char *what) {
    if (v.kind == ast::Value::Kind::Name)
      return true;
    once(v, std::string("expected ") + what);
    return false;
  };
  auto expectBool = [&](const ast::Value &v) -> std::optional<bool> {
    if (v.kind == ast::Value::Kind::Name &&
        (v.text == rt::trueName || v.text == rt::falseName))
      return v.text == rt::trueName;
    once(v, "expected true or false");
    return std::nullopt;
  };

  if (item.fused) {
    for (const ast::Attr &attr : item.attrs)
      if (attr.key.text == rt::patternAttrInfo(PatternAttr::Fused).key) {
        if (firstReport(attr.key.range.Start, "fused twice"))
          diags.error(attr.key.range, "the fused module is given twice")
              .note(item.fused->range, "also given by '=>' here");
        ok = false;
      }
    config.fusedModule = lookupModuleOp(*item.fused, "fused module");
    ok &= config.fusedModule != nullptr;
  }

  const ast::Attr *fuserAttr = nullptr;
  for (const auto &[kind, attr] : chosen) {
    const ast::Value &v = *attr->value;
    switch (kind) {
    case PatternAttr::Observation:
      if (auto o = observationOf(v))
        config.observation = *o;
      else
        ok = false;
      break;
    case PatternAttr::DTypes: {
      if (v.kind != ast::Value::Kind::List) {
        once(v, "'dtypes' takes a list of dtype configs: [a, b]");
        break;
      }
      for (const auto &element : v.elements) {
        if (!expectName(*element, "a dtype config name"))
          continue;
        Symbol *s = lookup(nameOf(*element), "dtype config",
                           [](const Symbol &s) { return s.dtypeConfig; });
        if (s)
          config.dtypeConfigs.push_back(s->dtypeConfig);
        else
          ok = false;
      }
      break;
    }
    case PatternAttr::Root:
    case PatternAttr::Qat:
    case PatternAttr::Reference:
    case PatternAttr::Fused: {
      if (kind == PatternAttr::Fused && item.fused)
        break;
      if (!expectName(v, "a module op"))
        break;
      static const char *const roles[] = {"root module", "QAT module",
                                          "reference module", "fused module"};
      const ir::Op *op = lookupModuleOp(
          nameOf(v), roles[unsigned(kind) - unsigned(PatternAttr::Root)]);
      ok &= op != nullptr;
      if (kind == PatternAttr::Root)
        config.rootModule = op;
      else if (kind == PatternAttr::Qat)
        config.qatModule = op;
      else if (kind == PatternAttr::Reference)
        config.referenceModule = op;
      else
        config.fusedModule = op;
      break;
    }
    case PatternAttr::Fuser: {
      if (!expectName(v, "a fuser name or 'sequential'"))
        break;
      fuserAttr = attr;
      if (v.text == rt::sequentialFuserName) {
        config.fuser = ir::FuserRef{nullptr};
        break;
      }
      Symbol *s =
          lookup(nameOf(v), "fuser", [](const Symbol &s) { return s.fuser; });
      if (s)
        config.fuser = ir::FuserRef{s->fuser};
      else
        ok = false;
      break;
    }
    case PatternAttr::RootNodeGetter:
    case PatternAttr::ExtraInputsGetter: {
      if (!expectName(v, "a getter name"))
        break;
      bool wantRoot = kind == PatternAttr::RootNodeGetter;
      Symbol *s = lookup(
          nameOf(v), wantRoot ? "root node getter" : "extra inputs getter",
          [wantRoot](const Symbol &s) {
            return s.getter &&
                   (s.getter->kind == ir::GetterKind::RootNode) == wantRoot;
          });
      if (!s)
        ok = false;
      else if (wantRoot)
        config.rootNodeGetter = s->getter;
      else
        config.extraInputsGetter = s->getter;
      break;
    }
    case PatternAttr::NumTensorArgs: {
      if (v.kind != ast::Value::Kind::Map) {
        using Type = ir::ObservationType;
        once(v, std::string("expected a map such as { 0: ") +
                    observationName(Type::OutputUseDifferentObserverAsInput) +
                    ", 1: " +
                    observationName(Type::OutputShareObserverWithInput) + " }");
        break;
      }
      std::set<int64_t> seen;
      for (const auto &entry : v.entries) {
        if (!entry.keyIsInteger) {
          onceAt(entry.key.range,
                 "the keys of num_tensor_args_to_observation_type "
                 "are numbers of tensor arguments");
          continue;
        }
        int64_t count = std::stoll(entry.key.text);
        if (!seen.insert(count).second) {
          onceAt(entry.key.range, "key " + entry.key.text + " is given twice");
          continue;
        }
        if (auto o = observationOf(*entry.value))
          config.numTensorArgsToObservation.push_back({count, *o});
        else
          ok = false;
      }
      break;
    }
    case PatternAttr::InputTypeToIndex: {
      if (v.kind != ast::Value::Kind::Map) {
        once(v, "expected a map such as { weight: 1, bias: 2 }");
        break;
      }
      std::set<std::string> seen;
      for (const auto &entry : v.entries) {
        const std::string &key = entry.key.text;
        if (key != "weight" && key != "bias" && key != "input") {
          onceAt(entry.key.range, "input_type_to_index keys are weight, bias "
                                  "and input, not '" +
                                      key + "'");
          continue;
        }
        if (!seen.insert(key).second) {
          onceAt(entry.key.range, "'" + key + "' is given twice");
          continue;
        }
        const ast::Value &index = *entry.value;
        if (index.kind != ast::Value::Kind::Number || index.isFloat ||
            index.intValue < 0) {
          once(index, "an argument index is a whole number from 0");
          continue;
        }
        config.inputTypeToIndex.push_back({key, index.intValue});
      }
      break;
    }
    case PatternAttr::InputOutputObserved:
      config.inputOutputObserved = expectBool(v);
      break;
    case PatternAttr::OverwriteFakeQuantize:
    case PatternAttr::OverwriteObserver:
      if (v.kind != ast::Value::Kind::String) {
        once(v, "expected a Python expression in a string");
        break;
      }
      {
        std::string error;
        std::optional<ir::PythonExpr> expr = parsePythonExpr(v.text, error);
        if (!expr) {
          once(v, error);
          break;
        }
        (kind == PatternAttr::OverwriteFakeQuantize
             ? config.overwriteOutputFakeQuantize
             : config.overwriteOutputObserver) = std::move(*expr);
      }
      break;
    case PatternAttr::Format:
      if (v.kind == ast::Value::Kind::Name &&
          (v.text == rt::simpleFormatName || v.text == rt::complexFormatName))
        config.forceComplex = v.text == rt::complexFormatName;
      else
        once(v, "expected 'simple' or 'complex'");
      break;
    case PatternAttr::Pattern:
    case PatternAttr::PatternComplexFormat:
      // Set by the pattern itself: no .bpat key reaches here.
      break;
    }
  }

  if (!ok)
    return false;
  if (config.fuser)
    checkFuser(item, fuserAttr, config);
  if (auto it = chosen.find(PatternAttr::NumTensorArgs); it != chosen.end())
    checkNumTensorArgs(*it->second, config);
  return true;
}
