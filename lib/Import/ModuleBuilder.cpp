//===- ModuleBuilder.cpp - The migrated file as an ast::Module ------------===//
//
// Builds the output of bpat-import as a syntax tree: a header comment, the
// imports, the declarations the library does not have, and the backend,
// whose statements get `defaults` blocks where a run of them shares a value.
// The tree is printed by the formatter (ast::formatModule), so the migrated
// file is in canonical layout by construction: `bpatc --emit=bpat` gives it
// back unchanged.
//
//===----------------------------------------------------------------------===//

#include "MigrationModel.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/ObservationType.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace bpat;
using namespace bpat::import;
using ast::Attr;
using ast::Decl;
using ast::GroupItem;
using ast::Term;
using ast::Value;
using rt::PatternAttr;

/// Attributes a `defaults` block can set: those a pattern can also set back
/// to "unset" (the built-in observation, `[]`, `{}`), so that a default never
/// forces a value on a pattern that has none.
static constexpr PatternAttr defaultableAttrs[] = {
    PatternAttr::Observation, PatternAttr::DTypes, PatternAttr::NumTensorArgs,
    PatternAttr::InputTypeToIndex};

/// A statement needs this many neighbours sharing a value before the value
/// becomes a `defaults` block.
static constexpr size_t minDefaultsRun = 3;

/// The value that writes "unset" for a defaultable attribute.
static AttrValue unsetValue(PatternAttr key) {
  if (key == PatternAttr::Observation)
    return AttrValue::name(
        rt::observationTypeInfo(
            rt::ObservationType::OutputUseDifferentObserverAsInput)
            .bPatName);
  if (key == PatternAttr::DTypes)
    return AttrValue::list({});
  return AttrValue::map({});
}

static ast::Name name(const std::string &text) { return ast::Name{text, {}}; }

static std::unique_ptr<Value> leafValue(Value::Kind kind,
                                        const std::string &text) {
  auto value = std::make_unique<Value>(kind, llvm::SMRange());
  value->text = text;
  return value;
}

static std::unique_ptr<Value> nameValue(const std::string &text) {
  return leafValue(Value::Kind::Name, text);
}

static bool isWholeNumber(llvm::StringRef text) {
  return !text.empty() && llvm::all_of(text, llvm::isDigit);
}

static std::unique_ptr<Value> toValue(const AttrValue &v) {
  switch (v.kind) {
  case AttrValue::Kind::Unset:
    llvm_unreachable("an unset value is written as its unsetValue");
  case AttrValue::Kind::Name:
    return nameValue(v.text);
  case AttrValue::Kind::String:
    return leafValue(Value::Kind::String, v.text);
  case AttrValue::Kind::List: {
    auto value = std::make_unique<Value>(Value::Kind::List, llvm::SMRange());
    for (const std::string &element : v.elements)
      value->elements.push_back(nameValue(element));
    return value;
  }
  case AttrValue::Kind::Map: {
    auto value = std::make_unique<Value>(Value::Kind::Map, llvm::SMRange());
    for (const auto &[key, entry] : v.entries) {
      Value::MapEntry mapEntry;
      mapEntry.key = name(key);
      mapEntry.keyIsInteger = isWholeNumber(key);
      mapEntry.value = leafValue(isWholeNumber(entry) ? Value::Kind::Number
                                                      : Value::Kind::Name,
                                 entry);
      value->entries.push_back(std::move(mapEntry));
    }
    return value;
  }
  }
  llvm_unreachable("covered switch");
}

static Attr attr(const std::string &key, std::unique_ptr<Value> value) {
  Attr result;
  result.key = name(key);
  result.value = std::move(value);
  return result;
}

static Attr patternAttr(PatternAttr key, const AttrValue &value) {
  return attr(
      rt::patternAttrInfo(key).key,
      toValue(value.kind == AttrValue::Kind::Unset ? unsetValue(key) : value));
}

/// `text` for a `//` comment: control characters (a line break would end
/// the comment) as `\xNN`.
static std::string commentText(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      out += "\\x" + llvm::utohexstr(static_cast<unsigned char>(c), true, 2);
    else
      out += c;
  }
  return out;
}

static std::unique_ptr<Decl> decl(Decl::Kind kind, const std::string &text) {
  auto result = std::make_unique<Decl>(kind, llvm::SMRange());
  result->name = name(text);
  return result;
}

static std::vector<ast::FuserParam>
fuserParams(const std::vector<ir::ParamShape> &params) {
  std::vector<ast::FuserParam> result;
  for (const ir::ParamShape &param : params) {
    ast::FuserParam p;
    if (param.isTuple())
      p.elements = fuserParams(param.elements);
    else
      p.name = name(param.name);
    result.push_back(std::move(p));
  }
  return result;
}

namespace {

class ModuleBuilder {
public:
  explicit ModuleBuilder(Declarations &decls) : decls(decls) {}

  /// `backend NAME { ... }`. Built first: the op sets it uses add imports.
  std::unique_ptr<Decl> backend(const std::string &name,
                                const std::vector<Statement> &statements);
  /// The declarations the library does not have, each kind a paragraph.
  void declarations(std::vector<std::unique_ptr<Decl>> &out);

private:
  std::unique_ptr<Term> slot(const Node &node);
  std::unique_ptr<Term> tree(const Node &node);
  GroupItem pattern(const Statement &stmt);
  std::unique_ptr<Value> dtypeValue(const Constrained &dtype);

  Declarations &decls;
};

} // namespace

std::unique_ptr<Term> ModuleBuilder::slot(const Node &node) {
  if (node.wildcard)
    return std::make_unique<Term>(Term::Kind::Wildcard, llvm::SMRange());
  auto op = [&](const std::string &text) {
    auto term = std::make_unique<Term>(Term::Kind::Op, llvm::SMRange());
    term->name = name(text);
    return term;
  };
  const std::vector<OpEntry> &ops = decls.ops();
  if (node.alts.size() == 1)
    return op(ops[node.alts.front()].name);
  if (const LibraryEntry *set = decls.opSet(node.alts))
    return op(set->name);
  auto alternatives =
      std::make_unique<Term>(Term::Kind::Alternatives, llvm::SMRange());
  for (unsigned alt : node.alts)
    alternatives->children.push_back(op(ops[alt].name));
  return alternatives;
}

std::unique_ptr<Term> ModuleBuilder::tree(const Node &node) {
  std::unique_ptr<Term> term = slot(node);
  if (node.args.empty())
    return term;
  // Merging puts alternatives only where the grammar has them: in a chain
  // step or a tree leaf (MergeAlternatives.cpp).
  assert(term->kind == Term::Kind::Op && "alternatives with arguments");
  term->hasArgs = true;
  for (const Node &arg : node.args)
    term->children.push_back(tree(arg));
  return term;
}

GroupItem ModuleBuilder::pattern(const Statement &stmt) {
  GroupItem item(GroupItem::Kind::Pattern, llvm::SMRange());
  if (stmt.chain) {
    std::vector<const Node *> slots;
    collectSlots(stmt.tree, true, slots);
    for (const Node *step : slots)
      item.steps.push_back(slot(*step));
  } else {
    item.steps.push_back(tree(stmt.tree));
  }
  if (stmt.fused >= 0)
    item.fused = name(decls.ops()[stmt.fused].name);
  return item;
}

std::unique_ptr<Decl>
ModuleBuilder::backend(const std::string &backendName,
                       const std::vector<Statement> &statements) {
  std::unique_ptr<Decl> result = decl(Decl::Kind::Group, backendName);
  result->isBackend = true;
  // The values in force: the built-in ones until a `defaults` block.
  // (DumpReader.cpp always gives the observation type and the dtype list,
  // so only the maps are ever Unset.)
  std::map<PatternAttr, AttrValue> current;
  for (PatternAttr key : defaultableAttrs)
    current[key] = key == PatternAttr::Observation || key == PatternAttr::DTypes
                       ? unsetValue(key)
                       : AttrValue();

  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement &stmt = statements[i];
    // A new `defaults` block where a run of at least minDefaultsRun
    // statements shares a value other than the current default.
    GroupItem defaults(GroupItem::Kind::Defaults, llvm::SMRange());
    for (PatternAttr key : defaultableAttrs) {
      const AttrValue &value = stmt.value(key);
      if (value == current[key])
        continue;
      size_t run = 0;
      while (i + run < statements.size() &&
             statements[i + run].value(key) == value)
        ++run;
      if (run < minDefaultsRun)
        continue;
      current[key] = value;
      defaults.attrs.push_back(patternAttr(key, value));
    }
    if (!defaults.attrs.empty()) {
      defaults.comments.blankLineBefore = i > 0;
      result->items.push_back(std::move(defaults));
    }

    GroupItem item = pattern(stmt);
    for (const auto &[key, value] : stmt.attrs)
      if (!llvm::is_contained(defaultableAttrs, key) || value != current[key])
        item.attrs.push_back(patternAttr(key, value));
    item.hasBody = !item.attrs.empty();
    result->items.push_back(std::move(item));
  }
  return result;
}

std::unique_ptr<Value> ModuleBuilder::dtypeValue(const Constrained &dtype) {
  std::unique_ptr<Value> value = nameValue(decls.nameOfDType(dtype.dtype));
  if (dtype.constraints.empty())
    return value;
  value->kind = Value::Kind::Constrained;
  for (const auto &[key, constraint] : dtype.constraints)
    value->attrs.push_back(
        attr(key, leafValue(Value::Kind::Number, constraint.text)));
  return value;
}

void ModuleBuilder::declarations(std::vector<std::unique_ptr<Decl>> &out) {
  // Each kind's first declaration starts a paragraph.
  auto add = [&](std::unique_ptr<Decl> d, bool &first) {
    d->comments.blankLineBefore = first;
    first = false;
    out.push_back(std::move(d));
  };

  bool first = true;
  for (const OpEntry &op : decls.ops()) {
    if (!op.file.empty())
      continue;
    std::unique_ptr<Decl> d = decl(Decl::Kind::Op, op.name);
    d->opKind = op.kind;
    d->target = op.target;
    if (first)
      d->comments.leading.push_back("// Ops the library does not declare.");
    add(std::move(d), first);
  }

  first = true;
  for (const auto &[dtypeName, target] : decls.declaredDTypes()) {
    std::unique_ptr<Decl> d = decl(Decl::Kind::DType, dtypeName);
    d->target = target;
    add(std::move(d), first);
  }

  first = true;
  using rt::DTypeConfigField;
  auto key = [](DTypeConfigField field) {
    return std::string(rt::dtypeConfigFieldInfo(field).key);
  };
  for (const DTypeConfigEntry &entry : decls.dtypeConfigs()) {
    if (!entry.file.empty())
      continue;
    std::unique_ptr<Decl> d = decl(Decl::Kind::DTypeConfig, entry.name);
    d->hasAttrBlock = true;
    for (auto [field, dtype] :
         {std::pair{DTypeConfigField::Input, &entry.input},
          std::pair{DTypeConfigField::Output, &entry.output},
          std::pair{DTypeConfigField::Weight, &entry.weight}})
      if (*dtype)
        d->attrs.push_back(attr(key(field), dtypeValue(**dtype)));
    if (entry.bias)
      d->attrs.push_back(attr(key(DTypeConfigField::Bias),
                              nameValue(decls.nameOfDType(*entry.bias))));
    if (entry.isDynamic)
      d->attrs.push_back(
          attr(key(DTypeConfigField::IsDynamic),
               nameValue(*entry.isDynamic ? rt::trueName : rt::falseName)));
    add(std::move(d), first);
  }

  first = true;
  for (const DeclEntry &fuser : decls.fusers()) {
    if (!fuser.file.empty())
      continue;
    std::unique_ptr<Decl> d = decl(Decl::Kind::Fuser, fuser.name);
    d->target = fuser.target;
    d->params = fuserParams(fuser.params);
    add(std::move(d), first);
  }

  first = true;
  for (const DeclEntry &getter : decls.getters()) {
    if (!getter.file.empty())
      continue;
    std::unique_ptr<Decl> d = decl(Decl::Kind::Getter, getter.name);
    d->target = getter.target;
    d->getterKind = getter.isRoot ? ast::GetterKind::RootNode
                                  : ast::GetterKind::ExtraInputs;
    add(std::move(d), first);
  }
}

ast::Module import::buildModule(const FileHeader &header,
                                const std::string &backendName,
                                const std::vector<Statement> &statements,
                                Declarations &decls) {
  ModuleBuilder builder(decls);
  std::unique_ptr<Decl> backend = builder.backend(backendName, statements);

  ast::Module module;
  module.fileName = header.sourceName;
  for (const std::string &file : decls.usedFiles()) {
    std::unique_ptr<Decl> import = decl(Decl::Kind::Import, "");
    import->target = file;
    module.decls.push_back(std::move(import));
  }
  builder.declarations(module.decls);
  backend->comments.blankLineBefore = true;
  module.decls.push_back(std::move(backend));

  std::string first, second;
  llvm::raw_string_ostream(first) << "// The " << commentText(header.dumpName)
                                  << " backend, migrated by bpat-import"
                                  << (header.sourceName.empty() ? "" : " from ")
                                  << commentText(header.sourceName) << ".";
  llvm::raw_string_ostream(second)
      << "// " << header.configs << " pattern config"
      << (header.configs == 1 ? "" : "s") << " in " << statements.size()
      << " pattern" << (statements.size() == 1 ? "" : "s")
      << "; `bpatc --emit=json` gives " << (header.configs == 1 ? "it" : "them")
      << " back.";
  ast::Comments &comments = module.decls.front()->comments;
  comments.leading = {first, second};
  comments.blankLineAfterLeading = true;
  return module;
}
