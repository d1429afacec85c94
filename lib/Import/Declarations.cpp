//===- Declarations.cpp - What bpat-import's output declares --------------===//
//
// Every op, dtype, dtype config, fuser and getter the dump uses becomes the
// library's declaration of the same meaning, imported from its file, or a
// declaration of the output, named by Naming.cpp. Each is looked up once.
//
//===----------------------------------------------------------------------===//

#include "MigrationModel.h"

using namespace bpat;
using namespace bpat::import;

Declarations::Declarations(const ImportOptions &imports)
    : library(buildLibraryIndex(imports)), names(library.names) {}

unsigned Declarations::op(const std::string &target) {
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
      entry.kind = guessOpKind(target, moduleTargets.count(target));
      entry.name = names.fresh(opBaseName(target, entry.kind), target);
    }
    it = opsByTarget.emplace(target, opList.size()).first;
    opList.push_back(std::move(entry));
  }
  useFile(opList[it->second].file);
  return it->second;
}

const std::string &Declarations::dtype(const std::string &target) {
  auto it = dtypeNames.find(target);
  if (it != dtypeNames.end())
    return it->second;
  std::string name;
  if (auto lib = library.dtypesByTarget.find(target);
      lib != library.dtypesByTarget.end()) {
    name = lib->second.name;
    useFile(lib->second.file);
  } else {
    name = names.fresh(dtypeBaseName(target), target);
    declaredDTypeList.emplace_back(name, target);
  }
  return dtypeNames.emplace(target, name).first->second;
}

static std::optional<DTypeKey> keyOf(const std::optional<Constrained> &c) {
  if (!c)
    return std::nullopt;
  DTypeKey key{c->dtype, {}};
  for (const auto &[name, value] : c->constraints)
    key.constraints.push_back({name, value.number});
  return key;
}

unsigned Declarations::dtypeConfig(DTypeConfigEntry entry) {
  std::string key =
      dtypeConfigKey(keyOf(entry.input), keyOf(entry.output),
                     keyOf(entry.weight), entry.bias, entry.isDynamic);
  auto it = dtypeConfigsByKey.find(key);
  if (it != dtypeConfigsByKey.end())
    return it->second;
  if (!reuse(library.dtypeConfigsByKey, key, entry)) {
    // Named after its dtypes, which are named (and declared) first, in
    // this order.
    std::string input, output, weight, bias;
    if (entry.input)
      input = dtype(entry.input->dtype);
    if (entry.output &&
        (!entry.input || entry.output->dtype != entry.input->dtype))
      output = dtype(entry.output->dtype);
    if (entry.weight)
      weight = dtype(entry.weight->dtype);
    if (entry.bias)
      bias = dtype(*entry.bias);
    bool constrained = false;
    for (const auto *c : {&entry.input, &entry.output, &entry.weight})
      constrained |= c->has_value() && !(*c)->constraints.empty();
    entry.name = names.fresh(dtypeConfigBaseName(input, output, weight, bias,
                                                 entry.isDynamic, constrained));
  }
  // Declared dtypes are needed by the output's own dtype configs only.
  if (entry.file.empty()) {
    for (const auto *c : {&entry.input, &entry.output, &entry.weight})
      if (c->has_value())
        dtype((*c)->dtype);
    if (entry.bias)
      dtype(*entry.bias);
  }
  dtypeConfigsByKey.emplace(key, dtypeConfigList.size());
  dtypeConfigList.push_back(std::move(entry));
  return dtypeConfigList.size() - 1;
}

namespace {

/// Names a fuser's parameters after the ops of its pattern: `arg` for a
/// wildcard, and a number after a name used before (`relu`, `relu_2`).
class ParamNamer {
public:
  explicit ParamNamer(const std::vector<OpEntry> &ops) : ops(ops) {}

  ir::ParamShape named(std::string name) {
    unsigned &count = seen[name];
    if (++count > 1)
      name += "_" + std::to_string(count);
    ir::ParamShape param;
    param.name = std::move(name);
    return param;
  }
  ir::ParamShape leaf(const Node &node) {
    return named(node.wildcard ? "arg" : ops[node.alts.front()].name);
  }
  /// Sema's shape of the legacy tuple: the node, then its arguments, an
  /// argument with arguments of its own as a tuple.
  void nested(const Node &node, std::vector<ir::ParamShape> &out) {
    out.push_back(leaf(node));
    for (const Node &arg : node.args) {
      if (arg.args.empty()) {
        out.push_back(leaf(arg));
        continue;
      }
      ir::ParamShape tuple;
      nested(arg, tuple.elements);
      out.push_back(std::move(tuple));
    }
  }

private:
  const std::vector<OpEntry> &ops;
  std::map<std::string, unsigned> seen;
};

} // namespace

std::string Declarations::fuser(const std::string &target, const Node &tree,
                                bool flat, llvm::StringRef nameHint) {
  ParamNamer namer(opList);
  std::vector<ir::ParamShape> params;
  if (flat) {
    for (unsigned op : tree.forwardChain())
      params.push_back(namer.named(opList[op].name));
  } else {
    namer.nested(tree, params);
  }
  std::string key = fuserKey(target, shapeSignature(params));
  if (auto it = fusersByKey.find(key); it != fusersByKey.end())
    return fuserList[it->second].name;
  DeclEntry entry;
  entry.target = target;
  entry.params = std::move(params);
  if (!reuse(library.fusersByKey, key, entry)) {
    entry.name = names.fresh(identifierFrom(nameHint, "fuser"), target);
  }
  fusersByKey.emplace(key, fuserList.size());
  fuserList.push_back(std::move(entry));
  return fuserList.back().name;
}

std::string Declarations::getter(const std::string &target, bool isRoot) {
  std::string key = getterKey(isRoot, target);
  if (auto it = gettersByKey.find(key); it != gettersByKey.end())
    return getterList[it->second].name;
  DeclEntry entry;
  entry.target = target;
  entry.isRoot = isRoot;
  if (!reuse(library.gettersByKey, key, entry)) {
    entry.name =
        names.fresh(identifierFrom(lastComponent(target), "getter"), target);
  }
  gettersByKey.emplace(key, getterList.size());
  getterList.push_back(std::move(entry));
  return getterList.back().name;
}

const LibraryEntry *Declarations::opSet(const std::vector<unsigned> &alts) {
  std::vector<std::string> targets;
  for (unsigned op : alts)
    targets.push_back(opList[op].target);
  auto it = library.opSetsByMembers.find(targets);
  if (it == library.opSetsByMembers.end())
    return nullptr;
  useFile(it->second.file);
  return &it->second;
}
