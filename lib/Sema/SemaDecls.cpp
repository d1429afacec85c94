//===- SemaDecls.cpp - Top-level declarations -----------------------------===//
//
// Collects every declaration of every loaded file into one namespace,
// reports redefinitions, and checks ops, dtypes, dtype configs and fusers.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"
#include "bpat/Runtime/BuiltinNames.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Sema/Sema.h"
#include "bpat/Support/NearestName.h"
#include "llvm/ADT/StringExtras.h"

using namespace bpat;
using namespace bpat::sema;

const char *sema::describeDeclKind(ast::Decl::Kind kind) {
  switch (kind) {
  case ast::Decl::Kind::Import:
    return "import";
  case ast::Decl::Kind::Op:
    return "op";
  case ast::Decl::Kind::OpSet:
    return "op set";
  case ast::Decl::Kind::DType:
    return "dtype";
  case ast::Decl::Kind::DTypeConfig:
    return "dtype config";
  case ast::Decl::Kind::Fuser:
    return "fuser";
  case ast::Decl::Kind::Getter:
    return "getter";
  case ast::Decl::Kind::Group:
    return "group";
  }
  return "declaration";
}

static const char *describeDecl(const ast::Decl &decl) {
  if (decl.kind == ast::Decl::Kind::Group && decl.isBackend)
    return "backend";
  return describeDeclKind(decl.kind);
}

bool SemaImpl::firstReport(llvm::SMLoc loc, const std::string &key) {
  return reported.insert({loc.getPointer(), key}).second;
}

void SemaImpl::collectDecls() {
  mainModule = &program.getMainModule();
  result->mainFile = mainModule->fileName;
  for (const std::unique_ptr<ast::Module> &module : program.modules) {
    for (const std::unique_ptr<ast::Decl> &declPtr : module->decls) {
      const ast::Decl &decl = *declPtr;
      if (decl.kind == ast::Decl::Kind::Import)
        continue;
      if (decl.name.text == rt::sequentialFuserName &&
          decl.kind == ast::Decl::Kind::Fuser) {
        diags.error(decl.name.range,
                    "'sequential' is the built-in fuser and cannot be "
                    "redeclared");
        continue;
      }
      auto [it, inserted] = symbols.try_emplace(decl.name.text);
      if (!inserted) {
        const ast::Decl &first = *it->second.decl;
        diags
            .error(decl.name.range, llvm::Twine("redefinition of '") +
                                        decl.name.text + "' as " +
                                        describeDecl(decl))
            .note(first.name.range, llvm::Twine("previously defined as ") +
                                        describeDecl(first) + " here");
        continue;
      }
      Symbol &symbol = it->second;
      symbol.decl = &decl;
      symbol.isModuleFile = module.get() == mainModule;
      result->declarationFiles.emplace(decl.name.text, module->fileName);
      switch (decl.kind) {
      case ast::Decl::Kind::Op: {
        auto op = std::make_unique<ir::Op>();
        symbol.op = op.get();
        result->ops.push_back(std::move(op));
        break;
      }
      case ast::Decl::Kind::DType: {
        auto dtype = std::make_unique<ir::DType>();
        symbol.dtype = dtype.get();
        result->dtypes.push_back(std::move(dtype));
        break;
      }
      case ast::Decl::Kind::DTypeConfig: {
        auto config = std::make_unique<ir::DTypeConfig>();
        symbol.dtypeConfig = config.get();
        result->dtypeConfigs.push_back(std::move(config));
        break;
      }
      case ast::Decl::Kind::Fuser: {
        auto fuser = std::make_unique<ir::Fuser>();
        symbol.fuser = fuser.get();
        result->fusers.push_back(std::move(fuser));
        break;
      }
      case ast::Decl::Kind::Getter: {
        auto getter = std::make_unique<ir::Getter>();
        symbol.getter = getter.get();
        result->getters.push_back(std::move(getter));
        break;
      }
      case ast::Decl::Kind::Group: {
        groups.push_back(&decl);
        std::map<std::string, const ast::Name *> params;
        for (const ast::Name &param : decl.groupParams)
          if (auto [it, inserted] = params.emplace(param.text, &param);
              !inserted)
            diags
                .error(param.range,
                       "parameter '" + param.text + "' is given twice")
                .note(it->second->range, "first given here");
        break;
      }
      default:
        break;
      }
    }
  }
}

Symbol *SemaImpl::lookup(const ast::Name &written, const char *what,
                         const std::function<bool(const Symbol &)> &accept) {
  // Inside a parameterized group, a parameter stands for the name passed.
  ast::Name name = written;
  const ast::Name *boundTo = nullptr;
  if (currentBindings)
    if (auto bound = currentBindings->find(written.text);
        bound != currentBindings->end()) {
      boundTo = &bound->second;
      name.text = bound->second.text;
    }
  auto it = symbols.find(name.text);
  if (it != symbols.end() && accept(it->second))
    return &it->second;

  if (!firstReport(name.range.Start, std::string(what) + ":" + name.text))
    return nullptr;
  // Suggest the closest name of the right kind.
  NearestName nearest(name.text);
  for (const auto &entry : symbols)
    if (accept(entry.second))
      nearest.consider(entry.first());
  std::string message;
  if (it != symbols.end())
    message =
        "'" + name.text + "' is " +
        (it->second.decl->kind == ast::Decl::Kind::Group &&
                 it->second.decl->isBackend
             ? std::string("a backend")
             : std::string("a ") + describeDeclKind(it->second.decl->kind)) +
        ", not " +
        (llvm::StringRef(what).startswith_insensitive("o") ||
                 llvm::StringRef(what).startswith("a")
             ? "an "
             : "a ") +
        what;
  else
    message = std::string("unknown ") + what + " '" + name.text + "'";
  message += nearest.didYouMean();
  InFlightDiagnostic diag = diags.error(name.range, message);
  if (boundTo)
    diag.note(boundTo->range,
              "'" + written.text + "' is '" + boundTo->text + "', passed here");
  if (it != symbols.end())
    diag.note(it->second.decl->name.range, "declared here");
  return nullptr;
}

/// The most members an op set may have once nested sets are flattened: one
/// pattern may expand to at most 4096 configs.
static constexpr size_t maxOpSetMembers = 4096;

const std::vector<const ir::Op *> *SemaImpl::resolveOpSet(Symbol &symbol) {
  if (symbol.opSetResolved)
    return &symbol.opSetMembers;
  if (symbol.opSetResolving) {
    diags.error(symbol.decl->name.range,
                "op set '" + symbol.decl->name.text + "' contains itself");
    return nullptr;
  }
  symbol.opSetResolving = true;
  std::vector<const ir::Op *> members;
  bool ok = true;
  for (const ast::Name &member : symbol.decl->members) {
    Symbol *s = lookup(member, "op or op set", [](const Symbol &s) {
      return s.op || s.decl->kind == ast::Decl::Kind::OpSet;
    });
    if (!s) {
      ok = false;
      continue;
    }
    if (s->op) {
      members.push_back(s->op);
      continue;
    }
    const std::vector<const ir::Op *> *nested = resolveOpSet(*s);
    if (!nested) {
      ok = false;
      continue;
    }
    // Counted before it is copied: `s1 = s0 | s0; s2 = s1 | s1; ...` doubles
    // at every level. A pattern may use at most 4096 configs anyway.
    if (members.size() + nested->size() > maxOpSetMembers) {
      diags.error(member.range, "op set '" + symbol.decl->name.text +
                                    "' would have more than " +
                                    std::to_string(maxOpSetMembers) +
                                    " members; use fewer nested op sets");
      ok = false;
      break;
    }
    members.insert(members.end(), nested->begin(), nested->end());
  }
  symbol.opSetResolving = false;
  if (!ok)
    return nullptr;
  symbol.opSetMembers = std::move(members);
  symbol.opSetResolved = true;
  return &symbol.opSetMembers;
}

const ir::Op *SemaImpl::lookupModuleOp(const ast::Name &name,
                                       const char *role) {
  Symbol *symbol =
      lookup(name, "module op", [](const Symbol &s) { return s.op; });
  if (!symbol)
    return nullptr;
  if (symbol->op->kind != ir::OpKind::Module) {
    if (firstReport(name.range.Start, "module-kind"))
      diags
          .error(name.range, llvm::Twine("the ") + role +
                                 " must be a class, "
                                 "but '" +
                                 name.text + "' is a " +
                                 rt::opKindInfo(symbol->op->kind).keyword)
          .note(symbol->decl->name.range, "declared here");
    return nullptr;
  }
  return symbol->op;
}

/// Whether `text` is a Python qualified name as bpat's targets are:
/// identifiers joined by dots, a segment possibly `<locals>` or `<lambda>`
/// (as __qualname__ writes them). Such a name cannot break out of a string
/// or comment bpat writes it into, and anything else cannot name a Python
/// object.
static bool isQualifiedName(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  text.split(parts, '.');
  for (llvm::StringRef part : parts) {
    if (part == "<locals>" || part == "<lambda>")
      continue;
    // Non-ASCII bytes (UTF-8) may be letters of a Python identifier.
    auto isStart = [](char c) {
      return llvm::isAlpha(c) || c == '_' ||
             static_cast<unsigned char>(c) >= 0x80;
    };
    if (part.empty() || !isStart(part[0]))
      return false;
    for (char c : part)
      if (!(isStart(c) || llvm::isDigit(c)))
        return false;
  }
  return true;
}

/// A qualified name, or (for callables) a call of one on such references:
/// `f(g, h.i(j))`, as a dumped wrapper such as `_sequential_wrapper2(X)` is
/// written. Only identifier characters, dots, parentheses, commas and
/// spaces: nothing that could end a string or comment it is written into.
static bool isCallableReference(llvm::StringRef text) {
  int depth = 0;
  std::string name;
  auto flush = [&]() {
    bool ok = isQualifiedName(llvm::StringRef(name).trim(' '));
    name.clear();
    return ok;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(') {
      if (!flush() || ++depth > 16)
        return false;
    } else if (c == ',' || c == ')') {
      if (!flush() || depth == 0)
        return false;
      if (c == ')') {
        --depth;
        // ")" ends an argument list: only ")" or "," (or the end) follow.
        while (i + 1 < text.size() && text[i + 1] == ')') {
          if (depth == 0)
            return false;
          --depth;
          ++i;
        }
        if (i + 1 < text.size() && text[i + 1] != ',')
          return false;
        if (i + 1 < text.size())
          name = "placeholder"; // the "," that follows ends this argument
      }
    } else {
      name += c;
    }
  }
  return depth == 0 && (name.empty() ? text.endswith(")") : flush());
}

bool bpat::isPythonQualifiedName(llvm::StringRef text) {
  return !text.empty() && isQualifiedName(text);
}

bool bpat::isPythonCallableReference(llvm::StringRef text) {
  return isPythonQualifiedName(text) || isCallableReference(text);
}

void SemaImpl::checkQualifiedName(const ast::Decl &decl, const char *what) {
  if (decl.target.empty() || isQualifiedName(decl.target))
    return;
  bool callable =
      llvm::StringRef(what) == "fuser" || llvm::StringRef(what) == "getter";
  if (callable && isCallableReference(decl.target))
    return;
  diags.error(decl.targetRange,
              std::string("the target of ") + what + " '" + decl.name.text +
                  "' is not a qualified Python name: write identifiers "
                  "joined by dots, as in \"torch.nn.modules.conv.Conv2d\"");
}

void SemaImpl::analyzeOp(const ast::Decl &decl, ir::Op &op) {
  op.name = decl.name.text;
  op.target = decl.target;
  op.loc = decl.name.range;
  op.kind = decl.opKind;
  if (op.target.empty())
    diags.error(decl.targetRange,
                "the target of op '" + op.name + "' is empty");
  else if (op.kind == ir::OpKind::Method &&
           op.target.find('.') != std::string::npos)
    diags.error(decl.targetRange,
                "a method target is the method's name, without dots");
  else
    checkQualifiedName(decl, "op");

  std::map<std::string, const ast::Attr *> seen;
  for (const ast::Attr &attr : decl.attrs) {
    if (auto [it, inserted] = seen.emplace(attr.key.text, &attr); !inserted) {
      diags.error(attr.key.range, "'" + attr.key.text + "' is given twice")
          .note(it->second->key.range, "first given here");
      continue;
    }
    if (attr.key.text != "args") {
      diags.error(attr.key.range, "unknown op attribute '" + attr.key.text +
                                      "'; the only one is 'args'");
      continue;
    }
    auto addCount = [&](const ast::Value &v) {
      if (v.kind != ast::Value::Kind::Number || v.isFloat || v.intValue < 0 ||
          v.intValue > 1000) {
        diags.error(v.range, "'args' takes argument counts: whole numbers "
                             "from 0 to 1000");
        return;
      }
      op.argCounts.push_back(unsigned(v.intValue));
    };
    if (attr.value->kind == ast::Value::Kind::List) {
      if (attr.value->elements.empty())
        diags.error(attr.value->range, "'args' needs at least one count");
      for (const auto &element : attr.value->elements)
        addCount(*element);
    } else {
      addCount(*attr.value);
    }
  }
  std::sort(op.argCounts.begin(), op.argCounts.end());
  op.argCounts.erase(std::unique(op.argCounts.begin(), op.argCounts.end()),
                     op.argCounts.end());
}

void SemaImpl::analyzeDTypeConfig(const ast::Decl &decl,
                                  ir::DTypeConfig &config) {
  config.name = decl.name.text;
  config.loc = decl.name.range;
  std::map<std::string, const ast::Attr *> seen;
  for (const ast::Attr &attr : decl.attrs) {
    const std::string &key = attr.key.text;
    auto [it, inserted] = seen.emplace(key, &attr);
    if (!inserted) {
      diags.error(attr.key.range, "'" + key + "' is given twice")
          .note(it->second->key.range, "first given here");
      continue;
    }
    const ast::Value &value = *attr.value;
    const rt::DTypeConfigFieldInfo *field = rt::findDTypeConfigField(key);
    if (!field) {
      NearestName nearest(key);
      for (const rt::DTypeConfigFieldInfo &f : rt::dtypeConfigFields)
        nearest.consider(f.key);
      const std::string &best = nearest.get();
      diags.error(
          attr.key.range,
          "unknown dtype config field '" + key + "'" +
              (best.empty()
                   ? "; the fields are " +
                         listNames(rt::dtypeConfigFields,
                                   &rt::DTypeConfigFieldInfo::key, " and ")
                   : "; did you mean '" + best + "'?"));
      continue;
    }
    switch (field->field) {
    case rt::DTypeConfigField::Input:
      config.input = analyzeConstrainedDType(value);
      break;
    case rt::DTypeConfigField::Output:
      config.output = analyzeConstrainedDType(value);
      break;
    case rt::DTypeConfigField::Weight:
      config.weight = analyzeConstrainedDType(value);
      break;
    case rt::DTypeConfigField::Bias:
      if (value.kind != ast::Value::Kind::Name) {
        diags.error(value.range, "'bias' takes a dtype without constraints");
        break;
      }
      if (Symbol *s = lookup({value.text, value.range}, "dtype",
                             [](const Symbol &s) { return s.dtype; })) {
        if (s->dtype->base)
          diags
              .error(value.range, "'bias' takes a dtype without constraints, "
                                  "and '" +
                                      value.text + "' has some")
              .note(s->dtype->loc, "declared here");
        else
          config.bias = s->dtype;
      }
      break;
    case rt::DTypeConfigField::IsDynamic:
      if (value.kind != ast::Value::Kind::Name ||
          (value.text != rt::trueName && value.text != rt::falseName)) {
        diags.error(value.range, "'is_dynamic' takes true or false");
        break;
      }
      config.isDynamic = value.text == rt::trueName;
      break;
    }
  }
}

ir::ParamShape SemaImpl::analyzeParam(const ast::FuserParam &param) {
  ir::ParamShape shape;
  shape.name = param.name.text;
  for (const ast::FuserParam &element : param.elements)
    shape.elements.push_back(analyzeParam(element));
  return shape;
}

void SemaImpl::analyzeDecls() {
  // Visit declarations in source order so that diagnostics come out in that
  // order. Dtype configs go last: they refer to dtypes.
  auto forEachDecl = [&](const std::function<void(Symbol &)> &fn) {
    for (const std::unique_ptr<ast::Module> &module : program.modules)
      for (const std::unique_ptr<ast::Decl> &decl : module->decls) {
        if (decl->kind == ast::Decl::Kind::Import)
          continue;
        auto it = symbols.find(decl->name.text);
        if (it != symbols.end() && it->second.decl == decl.get())
          fn(it->second);
      }
  };
  forEachDecl([&](Symbol &symbol) {
    const ast::Decl &decl = *symbol.decl;
    if (symbol.op) {
      analyzeOp(decl, *symbol.op);
    } else if (symbol.dtype) {
      symbol.dtype->name = decl.name.text;
      symbol.dtype->target = decl.target;
      symbol.dtype->loc = decl.name.range;
      if (decl.baseName.text.empty())
        checkQualifiedName(decl, "dtype");
    } else if (symbol.fuser) {
      checkQualifiedName(decl, "fuser");
      symbol.fuser->name = decl.name.text;
      symbol.fuser->target = decl.target;
      symbol.fuser->loc = decl.name.range;
      for (const ast::FuserParam &param : decl.params)
        symbol.fuser->params.push_back(analyzeParam(param));
      if (decl.params.empty())
        diags.error(decl.name.range, "fuser '" + decl.name.text +
                                         "' needs at least one parameter "
                                         "besides is_qat");
    } else if (symbol.getter) {
      checkQualifiedName(decl, "getter");
      symbol.getter->name = decl.name.text;
      symbol.getter->target = decl.target;
      symbol.getter->loc = decl.name.range;
      symbol.getter->kind = decl.getterKind == ast::GetterKind::RootNode
                                ? ir::GetterKind::RootNode
                                : ir::GetterKind::ExtraInputs;
    }
  });
  forEachDecl([&](Symbol &symbol) {
    if (symbol.decl->kind == ast::Decl::Kind::OpSet) {
      if (const std::vector<const ir::Op *> *members = resolveOpSet(symbol))
        result->opSets.push_back(std::make_unique<ir::OpSet>(ir::OpSet{
            symbol.decl->name.text, *members, symbol.decl->name.range}));
    } else if (symbol.dtype && !symbol.decl->baseName.text.empty())
      analyzeConstrainedDTypeDecl(*symbol.decl, *symbol.dtype);
  });
  forEachDecl([&](Symbol &symbol) {
    if (symbol.dtypeConfig)
      analyzeDTypeConfig(*symbol.decl, *symbol.dtypeConfig);
  });
}
