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
  Builder(const LocMapper &locOf, bool textFromLocs, DiagnosticEngine &diags)
      : locOf(locOf), textFromLocs(textFromLocs), diags(diags) {}

  std::unique_ptr<Module> build(P::FileContext *file);
  std::unique_ptr<Decl> buildItem(P::ItemContext *item);

private:
  llvm::SMRange rangeOf(antlr4::ParserRuleContext *ctx) {
    return {locOf(ctx->getStart()->getStartIndex()),
            locOf(ctx->getStop()->getStopIndex() + 1)};
  }
  llvm::SMRange rangeOf(antlr4::tree::TerminalNode *node) {
    antlr4::Token *tok = node->getSymbol();
    return {locOf(tok->getStartIndex()), locOf(tok->getStopIndex() + 1)};
  }
  /// A token's text: its bytes in the buffer (ANTLR's getText() converts
  /// the code points it holds back to UTF-8 on every call).
  std::string textOf(antlr4::Token *tok) {
    if (!textFromLocs)
      return tok->getText();
    const char *begin = locOf(tok->getStartIndex()).getPointer();
    return std::string(begin, locOf(tok->getStopIndex() + 1).getPointer());
  }
  Name nameOf(antlr4::tree::TerminalNode *node) {
    return {textOf(node->getSymbol()), rangeOf(node)};
  }
  /// Child `i` of a context whose rule puts a token or a rule there (the
  /// tree is syntactically valid, so the grammar fixes the positions; the
  /// generated accessors would search the children with dynamic_cast).
  template <typename T>
  static T *child(antlr4::ParserRuleContext *ctx, size_t i) {
    return static_cast<T *>(ctx->children[i]);
  }
  /// The text of a STRING token without quotes, escapes resolved.
  std::string unquote(antlr4::tree::TerminalNode *node);

  std::vector<Attr> buildAttrs(P::AttrBlockContext *block);
  std::unique_ptr<Value> buildValue(P::ValueContext *value);
  std::unique_ptr<Term> buildTerm(P::TermContext *term);
  FuserParam buildParam(P::ParamContext *param);
  GroupItem buildGroupItem(P::GroupItemContext *item);

  const LocMapper &locOf;
  bool textFromLocs;
  DiagnosticEngine &diags;
};

} // namespace

std::string Builder::unquote(antlr4::tree::TerminalNode *node) {
  std::string text = textOf(node->getSymbol());
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
  // '{' attr* '}'; attr: key '=' value ';'; key: one token.
  for (size_t i = 1; i + 1 < block->children.size(); ++i) {
    auto *attr = child<P::AttrContext>(block, i);
    auto *key = child<P::KeyContext>(attr, 0);
    Attr result;
    result.key = {textOf(key->getStart()), rangeOf(key)};
    result.value = buildValue(child<P::ValueContext>(attr, 2));
    result.range = rangeOf(attr);
    attrs.push_back(std::move(result));
  }
  return attrs;
}

std::unique_ptr<Value> Builder::buildValue(P::ValueContext *ctx) {
  llvm::SMRange range = rangeOf(ctx);
  if (auto *c = dynamic_cast<P::ConstrainedValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::Constrained, range);
    value->text = textOf(c->IDENT()->getSymbol());
    value->attrs = buildAttrs(c->attrBlock());
    return value;
  }
  if (auto *n = dynamic_cast<P::NameValueContext *>(ctx)) {
    auto value = std::make_unique<Value>(Value::Kind::Name, range);
    value->text = textOf(n->IDENT()->getSymbol());
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
      result.key = {textOf(entry->mapKey()->getStart()),
                    rangeOf(entry->mapKey())};
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
  std::string digits =
      textOf((n->FLOAT() ? n->FLOAT() : n->INT())->getSymbol());
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

/// Which alternative of `term` a context is, from its first token:
/// IDENT ('(' args? ')')? | '_' | PREV | '(' term ('|' term)* ')'.
static Term::Kind termKind(P::TermContext *ctx) {
  size_t first = ctx->getStart()->getType();
  if (first == P::IDENT)
    return Term::Kind::Op;
  if (first == P::PREV)
    return Term::Kind::Prev;
  return ctx->children.size() == 1 ? Term::Kind::Wildcard
                                   : Term::Kind::Alternatives;
}

/// Calls `f` on every term of an op term's arguments, `args: arg (',' arg)*`
/// and `arg: term ('|' term)*`, with the arg and the number of its terms.
template <typename F> static void forEachArg(P::TermContext *op, F f) {
  if (op->children.size() != 4) // IDENT '(' args ')'
    return;
  auto *args = static_cast<P::ArgsContext *>(op->children[2]);
  for (size_t i = 0; i < args->children.size(); i += 2)
    f(static_cast<P::ArgContext *>(args->children[i]));
}

std::unique_ptr<Term> Builder::buildTerm(P::TermContext *ctx) {
  llvm::SMRange range = rangeOf(ctx);
  Term::Kind kind = termKind(ctx);
  if (kind == Term::Kind::Wildcard || kind == Term::Kind::Prev)
    return std::make_unique<Term>(kind, range);
  if (kind == Term::Kind::Alternatives) {
    auto term = std::make_unique<Term>(Term::Kind::Alternatives, range);
    for (size_t i = 1; i < ctx->children.size(); i += 2)
      term->children.push_back(buildTerm(child<P::TermContext>(ctx, i)));
    return term;
  }
  auto term = std::make_unique<Term>(Term::Kind::Op, range);
  term->name = nameOf(child<antlr4::tree::TerminalNode>(ctx, 0));
  term->hasArgs = ctx->children.size() > 1;
  if (ctx->children.size() == 3) // IDENT '(' ')'
    diags.error(range, "'" + term->name.text +
                           "()' has an empty argument list; write '" +
                           term->name.text +
                           "' to leave its arguments unconstrained");
  forEachArg(ctx, [&](P::ArgContext *arg) {
    if (arg->children.size() == 1) {
      term->children.push_back(buildTerm(child<P::TermContext>(arg, 0)));
      return;
    }
    auto alt = std::make_unique<Term>(Term::Kind::Alternatives, rangeOf(arg));
    for (size_t i = 0; i < arg->children.size(); i += 2)
      alt->children.push_back(buildTerm(child<P::TermContext>(arg, i)));
    term->children.push_back(std::move(alt));
  });
  return term;
}

/// An upper bound on the depth of the pattern tree a term contributes.
static unsigned termDepth(P::TermContext *ctx) {
  Term::Kind kind = termKind(ctx);
  if (kind == Term::Kind::Alternatives) {
    unsigned depth = 0;
    for (size_t i = 1; i < ctx->children.size(); i += 2)
      depth = std::max(
          depth, termDepth(static_cast<P::TermContext *>(ctx->children[i])));
    return depth;
  }
  if (kind != Term::Kind::Op)
    return 1; // `_` or `<prev>`
  unsigned depth = 0;
  forEachArg(ctx, [&](P::ArgContext *arg) {
    for (size_t i = 0; i < arg->children.size(); i += 2)
      depth = std::max(
          depth, termDepth(static_cast<P::TermContext *>(arg->children[i])));
  });
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
  size_t first = ctx->getStart()->getType();
  if (first == P::DEFAULTS) {
    auto *d = static_cast<P::DefaultsItemContext *>(ctx);
    GroupItem item(GroupItem::Kind::Defaults, range);
    item.attrs = buildAttrs(d->attrBlock());
    item.hasBody = true;
    return item;
  }
  if (first == P::USE) {
    auto *u = static_cast<P::UseItemContext *>(ctx);
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
  // OVERRIDE? PATTERN chain ('=>' IDENT)? (attrBlock | ';')
  GroupItem item(GroupItem::Kind::Pattern, range);
  item.isOverride = ctx->getStart()->getType() == P::OVERRIDE;
  size_t chainAt = item.isOverride ? 2 : 1;
  auto *chain = child<P::ChainContext>(ctx, chainAt);
  // Every later stage walks pattern trees recursively and copies subtrees
  // while expanding them, and a chain is a tree as deep as the sum of its
  // steps' depths; keep that within the bound the parser puts on bracket
  // nesting, so that no input can exhaust the stack or take quadratic time.
  constexpr unsigned maxDepth = 200;
  // chain: term ('->' term)*
  std::vector<P::TermContext *> steps;
  steps.reserve(chain->children.size() / 2 + 1);
  for (size_t i = 0; i < chain->children.size(); i += 2)
    steps.push_back(child<P::TermContext>(chain, i));
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
  if (ctx->children.size() == chainAt + 4)
    item.fused = nameOf(child<antlr4::tree::TerminalNode>(ctx, chainAt + 2));
  auto *body = dynamic_cast<P::AttrBlockContext *>(ctx->children.back());
  item.attrs = buildAttrs(body);
  item.hasBody = body != nullptr;
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
    const rt::OpKindInfo *kind =
        rt::findOpKind(textOf(c->opKind()->getStart()));
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
                                          bool textFromLocs,
                                          DiagnosticEngine &diags) {
  unsigned errorsBefore = diags.getNumErrors();
  std::unique_ptr<Module> module =
      Builder(locOf, textFromLocs, diags).build(file);
  if (diags.getNumErrors() != errorsBefore)
    return nullptr;
  return module;
}

std::unique_ptr<Decl> bpat::buildDecl(P::ItemContext *item,
                                      const LocMapper &locOf, bool textFromLocs,
                                      DiagnosticEngine &diags) {
  return Builder(locOf, textFromLocs, diags).buildItem(item);
}
