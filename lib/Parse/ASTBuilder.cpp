//===- ASTBuilder.cpp - ANTLR parse tree to bpat AST ----------------------===//
//
// Walks the parse tree that ANTLR built and creates the project's own AST
// nodes with source ranges. After this the parse tree is dropped.
//
//===----------------------------------------------------------------------===//

#include "ASTBuilder.h"
#include "llvm/ADT/StringExtras.h"
#include <cerrno>
#include <cmath>
#include <cstdlib>

using namespace bpat;
using namespace bpat::ast;
using P = bpat_antlr::BPatParser;

namespace {

class Builder {
public:
  Builder(const LocMapper &locOf, DiagnosticEngine &diags)
      : locOf(locOf), diags(diags) {}

  std::unique_ptr<Module> build(P::FileContext *file);

private:
  llvm::SMRange rangeOf(antlr4::ParserRuleContext *ctx) {
    return {locOf(ctx->getStart()->getStartIndex()),
            locOf(ctx->getStop()->getStopIndex() + 1)};
  }
  llvm::SMRange rangeOf(antlr4::tree::TerminalNode *node) {
    antlr4::Token *tok = node->getSymbol();
    return {locOf(tok->getStartIndex()), locOf(tok->getStopIndex() + 1)};
  }
  Name nameOf(antlr4::tree::TerminalNode *node) {
    return {node->getText(), rangeOf(node)};
  }
  /// The text of a STRING token without quotes, escapes resolved.
  std::string unquote(antlr4::tree::TerminalNode *node);

  std::unique_ptr<Decl> buildItem(P::ItemContext *item);
  std::vector<Attr> buildAttrs(P::AttrBlockContext *block);
  std::unique_ptr<Value> buildValue(P::ValueContext *value);
  std::unique_ptr<Term> buildTerm(P::TermContext *term);
  FuserParam buildParam(P::ParamContext *param);
  GroupItem buildGroupItem(P::GroupItemContext *item);

  const LocMapper &locOf;
  DiagnosticEngine &diags;
};

} // namespace

std::string Builder::unquote(antlr4::tree::TerminalNode *node) {
  std::string text = node->getText();
  std::string result;
  result.reserve(text.size());
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 2 < text.size()) {
      char next = text[++i];
      switch (next) {
      case 'n':
        result += '\n';
        break;
      case 't':
        result += '\t';
        break;
      case '"':
      case '\\':
        result += next;
        break;
      default: {
        // The code point index of the backslash, for its source position.
        size_t codePoints = 0;
        for (size_t k = 0; k + 1 < i; ++k)
          codePoints += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
        size_t start = node->getSymbol()->getStartIndex() + codePoints;
        diags.error({locOf(start), locOf(start + 2)},
                    "unknown escape in a string; the escapes are \\\", "
                    "\\\\, \\n and \\t");
        result += next;
      }
      }
      continue;
    }
    result += c;
  }
  return result;
}

std::vector<Attr> Builder::buildAttrs(P::AttrBlockContext *block) {
  std::vector<Attr> attrs;
  if (!block)
    return attrs;
  for (P::AttrContext *attr : block->attr()) {
    Attr result;
    result.key = {attr->key()->getText(), rangeOf(attr->key())};
    result.value = buildValue(attr->value());
    result.range = rangeOf(attr);
    attrs.push_back(std::move(result));
  }
  return attrs;
}

std::unique_ptr<Value> Builder::buildValue(P::ValueContext *ctx) {
  llvm::SMRange range = rangeOf(ctx);
  if (auto *c = dynamic_cast<P::ConstrainedValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::Constrained, range);
    value->text = c->IDENT()->getText();
    value->attrs = buildAttrs(c->attrBlock());
    return value;
  }
  if (auto *n = dynamic_cast<P::NameValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::Name, range);
    value->text = n->IDENT()->getText();
    return value;
  }
  if (auto *s = dynamic_cast<P::StringValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::String, range);
    value->text = unquote(s->STRING());
    return value;
  }
  if (auto *l = dynamic_cast<P::ListValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::List, range);
    for (P::ValueContext *element : l->value())
      value->elements.push_back(buildValue(element));
    return value;
  }
  if (auto *m = dynamic_cast<P::MapValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::Map, range);
    for (P::MapEntryContext *entry : m->mapEntry()) {
      Value::MapEntry result;
      result.key = {entry->mapKey()->getText(), rangeOf(entry->mapKey())};
      result.keyIsInteger = entry->mapKey()->INT() != nullptr;
      result.value = buildValue(entry->value());
      value->entries.push_back(std::move(result));
    }
    return value;
  }
  auto *num = dynamic_cast<P::NumberValueContext *>(ctx);
  auto value = std::make_unique<Value>(Value::Kind::Number, range);
  P::NumberContext *n = num->number();
  bool negative = n->children.size() > 1;
  std::string digits = n->FLOAT() ? n->FLOAT()->getText() : n->INT()->getText();
  value->text = (negative ? "-" : "") + digits;
  if (n->FLOAT()) {
    value->isFloat = true;
    errno = 0;
    value->floatValue = std::strtod(value->text.c_str(), nullptr);
    // Overflow gives infinity, which neither JSON nor Python source can
    // spell as a literal; underflow to zero or a denormal is what Python's
    // float() does too, so only overflow is an error.
    if (errno == ERANGE && std::isinf(value->floatValue))
      diags.error(range, "number '" + value->text +
                             "' is too large for a 64-bit float");
  } else {
    errno = 0;
    long long parsed = std::strtoll(value->text.c_str(), nullptr, 10);
    if (errno == ERANGE)
      diags.error(range, "integer literal '" + value->text +
                             "' does not fit in 64 bits");
    value->intValue = parsed;
  }
  return value;
}

std::unique_ptr<Term> Builder::buildTerm(P::TermContext *ctx) {
  llvm::SMRange range = rangeOf(ctx);
  if (dynamic_cast<P::WildcardTermContext *>(ctx))
    return std::make_unique<Term>(Term::Kind::Wildcard, range);
  if (dynamic_cast<P::PrevTermContext *>(ctx))
    return std::make_unique<Term>(Term::Kind::Prev, range);
  if (auto *alt = dynamic_cast<P::AltTermContext *>(ctx)) {
    auto term = std::make_unique<Term>(Term::Kind::Alternatives, range);
    for (P::TermContext *choice : alt->term())
      term->children.push_back(buildTerm(choice));
    return term;
  }
  auto *op = dynamic_cast<P::OpTermContext *>(ctx);
  auto term = std::make_unique<Term>(Term::Kind::Op, range);
  term->name = nameOf(op->IDENT());
  term->hasArgs = op->children.size() > 1;
  if (term->hasArgs && !op->args())
    diags.error(range, "'" + term->name.text +
                           "()' has an empty argument list; write '" +
                           term->name.text +
                           "' to leave its arguments unconstrained");
  if (op->args()) {
    for (P::ArgContext *arg : op->args()->arg()) {
      std::vector<P::TermContext *> choices = arg->term();
      if (choices.size() == 1) {
        term->children.push_back(buildTerm(choices[0]));
        continue;
      }
      auto alt = std::make_unique<Term>(Term::Kind::Alternatives, rangeOf(arg));
      for (P::TermContext *choice : choices)
        alt->children.push_back(buildTerm(choice));
      term->children.push_back(std::move(alt));
    }
  }
  return term;
}

/// An upper bound on the depth of the pattern tree a term contributes.
static unsigned termDepth(P::TermContext *ctx) {
  if (auto *alt = dynamic_cast<P::AltTermContext *>(ctx)) {
    unsigned depth = 0;
    for (P::TermContext *choice : alt->term())
      depth = std::max(depth, termDepth(choice));
    return depth;
  }
  auto *op = dynamic_cast<P::OpTermContext *>(ctx);
  if (!op)
    return 1; // `_` or `<prev>`
  unsigned depth = 0;
  if (op->args())
    for (P::ArgContext *arg : op->args()->arg())
      for (P::TermContext *choice : arg->term())
        depth = std::max(depth, termDepth(choice));
  return depth + 1;
}

FuserParam Builder::buildParam(P::ParamContext *ctx) {
  FuserParam param;
  param.range = rangeOf(ctx);
  if (ctx->IDENT()) {
    param.name = nameOf(ctx->IDENT());
    return param;
  }
  for (P::ParamContext *element : ctx->paramList()->param())
    param.elements.push_back(buildParam(element));
  return param;
}

GroupItem Builder::buildGroupItem(P::GroupItemContext *ctx) {
  llvm::SMRange range = rangeOf(ctx);
  if (auto *d = dynamic_cast<P::DefaultsItemContext *>(ctx)) {
    GroupItem item(GroupItem::Kind::Defaults, range);
    item.attrs = buildAttrs(d->attrBlock());
    item.hasBody = true;
    return item;
  }
  if (auto *u = dynamic_cast<P::UseItemContext *>(ctx)) {
    GroupItem item(GroupItem::Kind::Use, range);
    item.target = nameOf(u->IDENT());
    if (P::GroupParamsContext *args = u->groupParams()) {
      item.hasUseArgs = true;
      for (antlr4::tree::TerminalNode *arg : args->IDENT())
        item.useArgs.push_back(nameOf(arg));
    }
    item.attrs = buildAttrs(u->attrBlock());
    item.hasBody = u->attrBlock() != nullptr;
    return item;
  }
  auto *p = dynamic_cast<P::PatternItemContext *>(ctx);
  GroupItem item(GroupItem::Kind::Pattern, range);
  item.isOverride = p->OVERRIDE() != nullptr;
  // Every later stage walks pattern trees recursively and copies subtrees
  // while expanding them, and a chain is a tree as deep as the sum of its
  // steps' depths; keep that within the bound the parser puts on bracket
  // nesting, so that no input can exhaust the stack or take quadratic time.
  constexpr unsigned maxDepth = 200;
  std::vector<P::TermContext *> steps = p->chain()->term();
  unsigned depth = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    depth += termDepth(steps[i]);
    if (depth > maxDepth) {
      diags.error(rangeOf(steps[i]), "this pattern is more than " +
                                         std::to_string(maxDepth) +
                                         " ops deep");
      steps.resize(i);
      break;
    }
  }
  for (P::TermContext *step : steps)
    item.steps.push_back(buildTerm(step));
  if (p->IDENT())
    item.fused = nameOf(p->IDENT());
  item.attrs = buildAttrs(p->attrBlock());
  item.hasBody = p->attrBlock() != nullptr;
  return item;
}

std::unique_ptr<Decl> Builder::buildItem(P::ItemContext *item) {
  llvm::SMRange range = rangeOf(item);
  if (P::ImportDeclContext *c = item->importDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::Import, range);
    decl->target = unquote(c->STRING());
    decl->targetRange = rangeOf(c->STRING());
    return decl;
  }
  if (P::OpDeclContext *c = item->opDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::Op, range);
    decl->name = nameOf(c->IDENT());
    decl->target = unquote(c->STRING());
    decl->targetRange = rangeOf(c->STRING());
    // The grammar's opKind rule is the keywords of OpKind.def.
    const rt::OpKindInfo *kind = rt::findOpKind(c->opKind()->getText());
    assert(kind && "an opKind keyword missing from OpKind.def");
    decl->opKind = kind->kind;
    decl->hasAttrBlock = c->attrBlock() != nullptr;
    decl->attrs = buildAttrs(c->attrBlock());
    return decl;
  }
  if (P::OpSetDeclContext *c = item->opSetDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::OpSet, range);
    std::vector<antlr4::tree::TerminalNode *> idents = c->IDENT();
    decl->name = nameOf(idents[0]);
    for (size_t i = 1; i < idents.size(); ++i)
      decl->members.push_back(nameOf(idents[i]));
    return decl;
  }
  if (P::DtypeDeclContext *c = item->dtypeDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::DType, range);
    std::vector<antlr4::tree::TerminalNode *> idents = c->IDENT();
    decl->name = nameOf(idents[0]);
    if (c->STRING()) {
      decl->target = unquote(c->STRING());
      decl->targetRange = rangeOf(c->STRING());
    } else {
      decl->baseName = nameOf(idents[1]);
      decl->attrs = buildAttrs(c->attrBlock());
      decl->hasAttrBlock = true;
    }
    return decl;
  }
  if (P::DtypeConfigDeclContext *c = item->dtypeConfigDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::DTypeConfig, range);
    decl->name = nameOf(c->IDENT());
    decl->attrs = buildAttrs(c->attrBlock());
    decl->hasAttrBlock = true;
    return decl;
  }
  if (P::FuserDeclContext *c = item->fuserDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::Fuser, range);
    decl->name = nameOf(c->IDENT());
    decl->target = unquote(c->STRING());
    decl->targetRange = rangeOf(c->STRING());
    if (c->paramList())
      for (P::ParamContext *param : c->paramList()->param())
        decl->params.push_back(buildParam(param));
    return decl;
  }
  if (P::GetterDeclContext *c = item->getterDecl()) {
    auto decl = std::make_unique<Decl>(Decl::Kind::Getter, range);
    decl->name = nameOf(c->IDENT());
    decl->target = unquote(c->STRING());
    decl->targetRange = rangeOf(c->STRING());
    decl->getterKind = c->getterKind()->ROOT_NODE_GETTER()
                           ? GetterKind::RootNode
                           : GetterKind::ExtraInputs;
    return decl;
  }
  P::GroupDeclContext *c = item->groupDecl();
  auto decl = std::make_unique<Decl>(Decl::Kind::Group, range);
  decl->name = nameOf(c->IDENT());
  decl->isBackend = c->groupKind()->BACKEND() != nullptr;
  if (P::GroupParamsContext *params = c->groupParams()) {
    decl->hasGroupParams = true;
    for (antlr4::tree::TerminalNode *param : params->IDENT())
      decl->groupParams.push_back(nameOf(param));
  }
  for (P::GroupItemContext *groupItem : c->groupItem())
    decl->items.push_back(buildGroupItem(groupItem));
  return decl;
}

std::unique_ptr<Module> Builder::build(P::FileContext *file) {
  auto module = std::make_unique<Module>();
  for (P::ItemContext *item : file->item())
    module->decls.push_back(buildItem(item));
  return module;
}

std::unique_ptr<Module> bpat::buildModule(P::FileContext *file,
                                          const LocMapper &locOf,
                                          DiagnosticEngine &diags) {
  unsigned errorsBefore = diags.getNumErrors();
  std::unique_ptr<Module> module = Builder(locOf, diags).build(file);
  if (diags.getNumErrors() != errorsBefore)
    return nullptr;
  return module;
}
