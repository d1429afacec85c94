//===- MigrationModel.h - What bpat-import knows of its output --*- C++ -*-===//
//
// The data bpat-import's steps share, one file each, run in this order by
// Migration.cpp:
//   DumpReader.cpp         reads the dump: a Statement per config, and the
//                          declarations it uses;
//   Declarations.cpp       those declarations: the library's (LibraryIndex),
//                          or new ones named by Naming.cpp;
//   MergeAlternatives.cpp  merges neighbouring statements into alternatives;
//   ModuleBuilder.cpp      builds the output as an ast::Module, which the
//                          formatter (ast::formatModule) prints.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_IMPORT_MIGRATIONMODEL_H
#define BPAT_LIB_IMPORT_MIGRATIONMODEL_H

#include "LibraryIndex.h"
#include "Naming.h"
#include "bpat/AST/AST.h"
#include "bpat/Import/JSONReader.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/Support/ErrorHandling.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace bpat {
namespace import {

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// An op a pattern or attribute uses.
struct OpEntry {
  std::string name;
  std::string target;
  ir::OpKind kind = ir::OpKind::Module;
  /// The library file declaring it; empty if the output declares it.
  std::string file;
};

/// A dtype constraint's value, and how the dump writes it.
struct ConstraintValue {
  ir::Number number;
  std::string text;
};

/// A dtype with constraints, as the dump gives it.
struct Constrained {
  std::string dtype; ///< target, e.g. "torch.quint8"
  /// In the canonical order of docs/json-format.md.
  std::vector<std::pair<std::string, ConstraintValue>> constraints;
};

struct DTypeConfigEntry {
  std::string name;
  /// The library file declaring it; empty if the output declares it.
  std::string file;
  std::optional<Constrained> input, output, weight;
  std::optional<std::string> bias;
  std::optional<bool> isDynamic;
};

/// A fuser or a getter.
struct DeclEntry {
  std::string name;
  std::string target;
  /// The library file declaring it; empty if the output declares it.
  std::string file;
  /// Fusers: the parameters, named after the pattern's ops.
  std::vector<ir::ParamShape> params;
  /// Getters: a root node getter (else an extra inputs getter).
  bool isRoot = false;
};

struct Node;

/// The declarations the output uses, each the library's (its file is then
/// imported) or declared by the output under a fresh name. Kept in order of
/// first use, which is the order the output declares them in.
class Declarations {
public:
  /// Indexes the library and the -I directories of `imports`.
  explicit Declarations(const ImportOptions &imports);

  /// See NameTable::freshBackendName.
  std::string backendName(const std::string &wanted) {
    return names.freshBackendName(wanted);
  }
  /// Notes a qualified name used as a root, QAT, reference or fused module:
  /// if the output declares it, it is a module whatever its name looks like.
  void noteModuleTarget(const std::string &target) {
    moduleTargets.insert(target);
  }

  /// The op `target` (a qualified name, or a method's name): an index into
  /// ops().
  unsigned op(const std::string &target);
  /// The name of the dtype "torch.X".
  const std::string &dtype(const std::string &target);
  /// The dtype config equal to `entry` (whose name and file are ignored):
  /// an index into dtypeConfigs().
  unsigned dtypeConfig(DTypeConfigEntry entry);
  /// The name of the fuser `target` taking the ops of `tree`: in forward
  /// order if `flat`, else in the nested shape of the legacy tuple.
  /// `nameHint` is what a new fuser is named after.
  std::string fuser(const std::string &target, const Node &tree, bool flat,
                    llvm::StringRef nameHint);
  std::string getter(const std::string &target, bool isRoot);
  /// The library's op set whose members are the ops `alts`, in order, if
  /// there is one.
  const LibraryEntry *opSet(const std::vector<unsigned> &alts);

  const std::vector<OpEntry> &ops() const { return opList; }
  /// The dtypes the output declares: (name, target).
  const std::vector<std::pair<std::string, std::string>> &
  declaredDTypes() const {
    return declaredDTypeList;
  }
  const std::vector<DTypeConfigEntry> &dtypeConfigs() const {
    return dtypeConfigList;
  }
  const std::vector<DeclEntry> &fusers() const { return fuserList; }
  const std::vector<DeclEntry> &getters() const { return getterList; }
  /// The name of a dtype dtype() has named.
  const std::string &nameOfDType(const std::string &target) const {
    return dtypeNames.at(target);
  }
  /// The library files to import.
  const std::set<std::string> &usedFiles() const { return usedFileSet; }

private:
  void useFile(const std::string &file) {
    if (!file.empty())
      usedFileSet.insert(file);
  }
  /// If `index` has `key`, `entry` is the library's declaration: it takes
  /// its name and file, and the file is imported.
  template <typename Entry>
  bool reuse(const std::map<std::string, LibraryEntry> &index,
             const std::string &key, Entry &entry) {
    auto it = index.find(key);
    if (it == index.end())
      return false;
    entry.name = it->second.name;
    entry.file = it->second.file;
    useFile(entry.file);
    return true;
  }

  LibraryIndex library;
  NameTable names;
  std::set<std::string> moduleTargets;
  std::set<std::string> usedFileSet;

  std::vector<OpEntry> opList;
  std::map<std::string, unsigned> opsByTarget;
  std::vector<std::pair<std::string, std::string>> declaredDTypeList;
  std::map<std::string, std::string> dtypeNames; // target -> name
  std::vector<DTypeConfigEntry> dtypeConfigList;
  std::map<std::string, unsigned> dtypeConfigsByKey;
  std::vector<DeclEntry> fuserList, getterList;
  std::map<std::string, unsigned> fusersByKey, gettersByKey;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

/// A pattern position: one op or several alternatives, or the wildcard.
struct Node {
  bool wildcard = false;
  std::vector<unsigned> alts; ///< indices into Declarations::ops()
  std::vector<Node> args;

  bool sameShape(const Node &o) const {
    if (wildcard != o.wildcard || args.size() != o.args.size())
      return false;
    for (size_t i = 0; i < args.size(); ++i)
      if (!args[i].sameShape(o.args[i]))
        return false;
    return true;
  }

  /// The ops of a unary chain without wildcards, in forward order; empty if
  /// the tree is not one.
  std::vector<unsigned> forwardChain() const {
    std::vector<unsigned> reversed;
    for (const Node *n = this;; n = &n->args.front()) {
      if (n->wildcard || n->args.size() > 1)
        return {};
      reversed.push_back(n->alts.front());
      if (n->args.empty())
        break;
    }
    return std::vector<unsigned>(reversed.rbegin(), reversed.rend());
  }
};

/// The positions of a pattern in source order, the order in which Sema
/// expands alternatives (leftmost slowest): forward order for a chain,
/// pre-order for a tree.
template <typename NodeT>
void collectSlots(NodeT &node, bool chain, std::vector<NodeT *> &out) {
  if (chain) {
    std::vector<NodeT *> spine;
    for (NodeT *n = &node;; n = &n->args.front()) {
      spine.push_back(n);
      if (n->args.empty())
        break;
    }
    out.assign(spine.rbegin(), spine.rend());
    return;
  }
  out.push_back(&node);
  for (NodeT &arg : node.args)
    collectSlots(arg, false, out);
}

/// An attribute's value as the output writes it: the few shapes a pattern
/// attribute takes (ModuleBuilder.cpp turns each into an ast::Value).
struct AttrValue {
  enum class Kind {
    Unset,  ///< a defaultable attribute the config does not set
    Name,   ///< an observation type, op, fuser, getter, true/false
    String, ///< a Python expression, unescaped
    List,   ///< names: dtype configs
    Map     ///< `{ key: value, ... }`; keys and values are names or numbers
  };
  Kind kind = Kind::Unset;
  std::string text;
  std::vector<std::string> elements;
  std::vector<std::pair<std::string, std::string>> entries;

  static AttrValue name(std::string text) {
    AttrValue v;
    v.kind = Kind::Name;
    v.text = std::move(text);
    return v;
  }
  static AttrValue string(std::string text) {
    AttrValue v = name(std::move(text));
    v.kind = Kind::String;
    return v;
  }
  static AttrValue list(std::vector<std::string> elements) {
    AttrValue v;
    v.kind = Kind::List;
    v.elements = std::move(elements);
    return v;
  }
  static AttrValue
  map(std::vector<std::pair<std::string, std::string>> entries) {
    AttrValue v;
    v.kind = Kind::Map;
    v.entries = std::move(entries);
    return v;
  }
  bool operator==(const AttrValue &o) const {
    return kind == o.kind && text == o.text && elements == o.elements &&
           entries == o.entries;
  }
  bool operator!=(const AttrValue &o) const { return !(*this == o); }
};

/// One `pattern` of the output: one config, or several merged into
/// alternatives.
struct Statement {
  Node tree;
  /// Written `a -> b -> c` (a unary chain without wildcards).
  bool chain = false;
  int fused = -1; ///< op index, written `=> X`
  /// The attributes in to_dict order. The ones a `defaults` block may set
  /// (ModuleBuilder.cpp) are always present, Unset if the config has none.
  std::vector<std::pair<rt::PatternAttr, AttrValue>> attrs;
  unsigned configs = 1;

  bool sameAttributes(const Statement &o) const {
    return chain == o.chain && fused == o.fused && attrs == o.attrs;
  }
  const AttrValue &value(rt::PatternAttr key) const {
    for (const auto &attr : attrs)
      if (attr.first == key)
        return attr.second;
    llvm_unreachable("defaultable attributes are always present");
  }
};

//===----------------------------------------------------------------------===//
// The steps
//===----------------------------------------------------------------------===//

/// Reads the configs of a dump (a JSON array) into `statements`, one per
/// config, and the declarations they use into `decls`. Returns false after
/// reporting, at its place in the dump, every config that cannot be
/// migrated.
bool readConfigs(const JSONValue &configs, Declarations &decls,
                 DiagnosticEngine &diags, std::vector<Statement> &statements);

/// Merges neighbouring statements that differ in one position into
/// alternatives where the expansion order gives back the same configs.
void mergeAlternatives(std::vector<Statement> &statements);

/// What the header comment of the output says.
struct FileHeader {
  /// The backend's name in the dump (or in the output, if it had none).
  std::string dumpName;
  /// The input file's name; may be empty.
  std::string sourceName;
  size_t configs = 0;
};

/// The output file: the header comment, the imports, the declarations the
/// library does not have, then backend `backend` with the statements
/// (choosing `defaults` blocks). The formatter prints it.
ast::Module buildModule(const FileHeader &header, const std::string &backend,
                        const std::vector<Statement> &statements,
                        Declarations &decls);

} // namespace import
} // namespace bpat

#endif // BPAT_LIB_IMPORT_MIGRATIONMODEL_H
