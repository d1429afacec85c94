//===- FastParser.cpp - Recursive-descent fast path ----------------------===//
//
// One function per rule of grammar/BPat.g4, each building what ASTBuilder
// builds from that rule's context. A rule's range runs from its first token
// to the last token it consumed, as ANTLR's start and stop tokens do. Any
// token the grammar does not allow, and any condition ASTBuilder would
// report, throws Bail: the caller then parses the file with ANTLR.
//
//===----------------------------------------------------------------------===//

#include "FastParser.h"
#include "BPatLexer.h"
#include "BPatParser.h"
#include "FastLexer.h"
#include "bpat/Parse/Keywords.h"
#include "llvm/Support/ConvertUTF.h"
#include <cerrno>
#include <cmath>
#include <cstdlib>

using namespace bpat;
using namespace bpat::ast;
using P = bpat_antlr::BPatParser;

namespace {

struct Bail {};

struct Token {
  size_t type;
  const char *begin;
  const char *end;
  llvm::StringRef text() const { return llvm::StringRef(begin, end - begin); }
};

/// The types of the punctuation tokens, from the grammar's literals.
struct Punctuation {
  size_t semi = literalTokenType(";"), assign = literalTokenType("="),
         bar = literalTokenType("|"), lparen = literalTokenType("("),
         rparen = literalTokenType(")"), comma = literalTokenType(","),
         lbrace = literalTokenType("{"), rbrace = literalTokenType("}"),
         fatArrow = literalTokenType("=>"), arrow = literalTokenType("->"),
         wildcard = literalTokenType("_"), lbracket = literalTokenType("["),
         rbracket = literalTokenType("]"), colon = literalTokenType(":"),
         minus = literalTokenType("-");
};

const Punctuation &punct() {
  static const Punctuation table;
  return table;
}

class FastParser {
public:
  FastParser(llvm::StringRef text, std::vector<SourceComment> &comments);
  std::unique_ptr<Module> parseFile();

private:
  const Token &peek() const { return tokens[pos]; }
  bool at(size_t type) const { return tokens[pos].type == type; }
  const Token &expect(size_t type) {
    if (!at(type))
      throw Bail();
    return tokens[pos++];
  }
  bool accept(size_t type) {
    if (!at(type))
      return false;
    ++pos;
    return true;
  }
  static llvm::SMLoc loc(const char *p) {
    return llvm::SMLoc::getFromPointer(p);
  }
  static llvm::SMRange rangeOf(const Token &tok) {
    return {loc(tok.begin), loc(tok.end)};
  }
  /// From token `start` to the last token consumed.
  llvm::SMRange rangeFrom(size_t start) const {
    return {loc(tokens[start].begin), loc(tokens[pos - 1].end)};
  }
  Name name() {
    const Token &tok = expect(P::IDENT);
    return {tok.text().str(), rangeOf(tok)};
  }
  std::string unquote(const Token &tok);

  std::unique_ptr<Decl> item();
  std::vector<Attr> attrBlock();
  std::unique_ptr<Value> value();
  std::unique_ptr<Term> term();
  FuserParam param();
  std::vector<Name> groupParams();
  GroupItem groupItem();

  std::vector<Token> tokens;
  size_t pos = 0;
};

} // namespace

FastParser::FastParser(llvm::StringRef text,
                       std::vector<SourceComment> &comments) {
  // The tokens the parser sees; comments aside; too deep a nesting is the
  // ANTLR path's error to report.
  const Punctuation &p = punct();
  unsigned depth = 0;
  tokens.reserve(text.size() / 4);
  for (size_t at = 0; at < text.size();) {
    size_t length;
    bool hidden;
    size_t type = scanToken(text, at, length, hidden);
    const char *begin = text.data() + at;
    at += length;
    if (type == bpat_antlr::BPatLexer::WS)
      continue;
    if (hidden) {
      comments.push_back({std::string(begin, length), begin, begin + length});
      continue;
    }
    if (type == bpat_antlr::BPatLexer::UNKNOWN_CHAR)
      throw Bail();
    if (type == p.lparen || type == p.lbracket || type == p.lbrace) {
      if (++depth > 200)
        throw Bail();
    } else if ((type == p.rparen || type == p.rbracket || type == p.rbrace) &&
               depth) {
      --depth;
    }
    tokens.push_back({type, begin, begin + length});
  }
  const char *end = text.data() + text.size();
  tokens.push_back({size_t(antlr4::Token::EOF), end, end});
}

std::string FastParser::unquote(const Token &tok) {
  llvm::StringRef text = tok.text();
  std::string result;
  result.reserve(text.size());
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 2 < text.size()) {
      char next = text[++i];
      if (next == 'n')
        result += '\n';
      else if (next == 't')
        result += '\t';
      else if (next == '"' || next == '\\')
        result += next;
      else
        throw Bail(); // an unknown escape: ASTBuilder reports it
      continue;
    }
    result += c;
  }
  return result;
}

std::unique_ptr<Module> FastParser::parseFile() {
  auto module = std::make_unique<Module>();
  while (!at(antlr4::Token::EOF))
    module->decls.push_back(item());
  return module;
}

std::vector<Attr> FastParser::attrBlock() {
  // '{' (key '=' value ';')* '}'; a key is a name or a keyword but `_`.
  std::vector<Attr> attrs;
  expect(punct().lbrace);
  while (!accept(punct().rbrace)) {
    size_t start = pos;
    const Token &key = peek();
    if (key.type != P::IDENT &&
        (key.type == punct().wildcard || !isKeyword(key.text())))
      throw Bail();
    ++pos;
    Attr attr;
    attr.key = {key.text().str(), rangeOf(key)};
    expect(punct().assign);
    attr.value = value();
    expect(punct().semi);
    attr.range = rangeFrom(start);
    attrs.push_back(std::move(attr));
  }
  return attrs;
}

std::unique_ptr<Value> FastParser::value() {
  const Punctuation &p = punct();
  size_t start = pos;
  const Token &first = peek();
  std::unique_ptr<Value> result;
  if (accept(P::IDENT)) {
    bool constrained = at(p.lbrace);
    std::vector<Attr> attrs;
    if (constrained)
      attrs = attrBlock();
    result = std::make_unique<Value>(constrained ? Value::Kind::Constrained
                                                 : Value::Kind::Name,
                                     rangeFrom(start));
    result->text = first.text().str();
    result->attrs = std::move(attrs);
  } else if (accept(P::STRING)) {
    result = std::make_unique<Value>(Value::Kind::String, rangeFrom(start));
    result->text = unquote(first);
  } else if (accept(p.lbracket)) {
    std::vector<std::unique_ptr<Value>> elements;
    if (!at(p.rbracket)) {
      elements.push_back(value());
      while (accept(p.comma) && !at(p.rbracket))
        elements.push_back(value());
    }
    expect(p.rbracket);
    result = std::make_unique<Value>(Value::Kind::List, rangeFrom(start));
    result->elements = std::move(elements);
  } else if (accept(p.lbrace)) {
    std::vector<Value::MapEntry> entries;
    auto entry = [&] {
      Value::MapEntry e;
      const Token &key = peek();
      if (key.type != P::IDENT && key.type != P::INT)
        throw Bail();
      ++pos;
      e.key = {key.text().str(), rangeOf(key)};
      e.keyIsInteger = key.type == P::INT;
      expect(p.colon);
      e.value = value();
      entries.push_back(std::move(e));
    };
    if (!at(p.rbrace)) {
      entry();
      while (accept(p.comma) && !at(p.rbrace))
        entry();
    }
    expect(p.rbrace);
    result = std::make_unique<Value>(Value::Kind::Map, rangeFrom(start));
    result->entries = std::move(entries);
  } else {
    bool negative = accept(p.minus);
    const Token &digits = peek();
    if (digits.type != P::INT && digits.type != P::FLOAT)
      throw Bail();
    ++pos;
    result = std::make_unique<Value>(Value::Kind::Number, rangeFrom(start));
    result->text = (negative ? "-" : "") + digits.text().str();
    errno = 0;
    if (digits.type == P::FLOAT) {
      result->isFloat = true;
      result->floatValue = std::strtod(result->text.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(result->floatValue))
        throw Bail(); // too large: ASTBuilder reports it
    } else {
      result->intValue = std::strtoll(result->text.c_str(), nullptr, 10);
      if (errno == ERANGE)
        throw Bail();
    }
  }
  return result;
}

/// An upper bound on the depth of the pattern tree a term contributes, as
/// ASTBuilder's termDepth computes it from the parse tree.
static unsigned termDepth(const Term &term) {
  unsigned depth = 0;
  for (const auto &child : term.children)
    depth = std::max(depth, termDepth(*child));
  if (term.kind == Term::Kind::Alternatives)
    return depth;
  return depth + 1;
}

std::unique_ptr<Term> FastParser::term() {
  const Punctuation &p = punct();
  size_t start = pos;
  if (accept(p.wildcard))
    return std::make_unique<Term>(Term::Kind::Wildcard, rangeFrom(start));
  if (accept(P::PREV))
    return std::make_unique<Term>(Term::Kind::Prev, rangeFrom(start));
  if (accept(p.lparen)) {
    std::vector<std::unique_ptr<Term>> choices;
    choices.push_back(term());
    while (accept(p.bar))
      choices.push_back(term());
    expect(p.rparen);
    auto alt =
        std::make_unique<Term>(Term::Kind::Alternatives, rangeFrom(start));
    alt->children = std::move(choices);
    return alt;
  }
  Name opName = name();
  std::vector<std::unique_ptr<Term>> args;
  bool hasArgs = accept(p.lparen);
  if (hasArgs) {
    if (at(p.rparen))
      throw Bail(); // `op()`: ASTBuilder reports it
    do {
      size_t argStart = pos;
      std::vector<std::unique_ptr<Term>> choices;
      choices.push_back(term());
      while (accept(p.bar))
        choices.push_back(term());
      if (choices.size() == 1) {
        args.push_back(std::move(choices[0]));
        continue;
      }
      auto alt =
          std::make_unique<Term>(Term::Kind::Alternatives, rangeFrom(argStart));
      alt->children = std::move(choices);
      args.push_back(std::move(alt));
    } while (accept(p.comma));
    expect(p.rparen);
  }
  auto op = std::make_unique<Term>(Term::Kind::Op, rangeFrom(start));
  op->name = std::move(opName);
  op->hasArgs = hasArgs;
  op->children = std::move(args);
  return op;
}

FuserParam FastParser::param() {
  size_t start = pos;
  FuserParam result;
  if (accept(punct().lparen)) {
    do
      result.elements.push_back(param());
    while (accept(punct().comma));
    expect(punct().rparen);
  } else {
    result.name = name();
  }
  result.range = rangeFrom(start);
  return result;
}

std::vector<Name> FastParser::groupParams() {
  std::vector<Name> names;
  expect(punct().lparen);
  do
    names.push_back(name());
  while (accept(punct().comma));
  expect(punct().rparen);
  return names;
}

GroupItem FastParser::groupItem() {
  const Punctuation &p = punct();
  size_t start = pos;
  if (accept(P::DEFAULTS)) {
    std::vector<Attr> attrs = attrBlock();
    GroupItem item(GroupItem::Kind::Defaults, rangeFrom(start));
    item.attrs = std::move(attrs);
    item.hasBody = true;
    return item;
  }
  if (accept(P::USE)) {
    Name target = name();
    std::vector<Name> useArgs;
    bool hasUseArgs = at(p.lparen);
    if (hasUseArgs)
      useArgs = groupParams();
    std::vector<Attr> attrs;
    bool hasBody = at(p.lbrace);
    if (hasBody)
      attrs = attrBlock();
    else
      expect(p.semi);
    GroupItem item(GroupItem::Kind::Use, rangeFrom(start));
    item.target = std::move(target);
    item.hasUseArgs = hasUseArgs;
    item.useArgs = std::move(useArgs);
    item.attrs = std::move(attrs);
    item.hasBody = hasBody;
    return item;
  }
  bool isOverride = accept(P::OVERRIDE);
  expect(P::PATTERN);
  std::vector<std::unique_ptr<Term>> steps;
  unsigned depth = 0;
  do {
    steps.push_back(term());
    depth += termDepth(*steps.back());
    if (depth > 200)
      throw Bail(); // ASTBuilder reports the pattern as too deep
  } while (accept(p.arrow));
  std::optional<Name> fused;
  if (accept(p.fatArrow))
    fused = name();
  std::vector<Attr> attrs;
  bool hasBody = at(p.lbrace);
  if (hasBody)
    attrs = attrBlock();
  else
    expect(p.semi);
  GroupItem item(GroupItem::Kind::Pattern, rangeFrom(start));
  item.isOverride = isOverride;
  item.steps = std::move(steps);
  item.fused = std::move(fused);
  item.attrs = std::move(attrs);
  item.hasBody = hasBody;
  return item;
}

std::unique_ptr<Decl> FastParser::item() {
  const Punctuation &p = punct();
  size_t start = pos;
  size_t keyword = peek().type;
  ++pos;
  // The fields a declaration fills in before its range is known.
  auto make = [&](Decl::Kind kind) {
    return std::make_unique<Decl>(kind, llvm::SMRange());
  };
  std::unique_ptr<Decl> decl;
  auto target = [&] {
    const Token &tok = expect(P::STRING);
    decl->target = unquote(tok);
    decl->targetRange = rangeOf(tok);
  };
  if (keyword == P::IMPORT) {
    decl = make(Decl::Kind::Import);
    target();
    expect(p.semi);
  } else if (keyword == P::OP) {
    decl = make(Decl::Kind::Op);
    decl->name = name();
    expect(p.assign);
    const Token &kind = peek();
    if (kind.type != P::MODULE && kind.type != P::FUNCTION &&
        kind.type != P::METHOD)
      throw Bail();
    ++pos;
    decl->opKind = rt::findOpKind(kind.text())->kind;
    target();
    decl->hasAttrBlock = at(p.lbrace);
    if (decl->hasAttrBlock)
      decl->attrs = attrBlock();
    expect(p.semi);
  } else if (keyword == P::OPSET) {
    decl = make(Decl::Kind::OpSet);
    decl->name = name();
    expect(p.assign);
    do
      decl->members.push_back(name());
    while (accept(p.bar));
    expect(p.semi);
  } else if (keyword == P::DTYPE) {
    decl = make(Decl::Kind::DType);
    decl->name = name();
    expect(p.assign);
    if (at(P::STRING)) {
      target();
    } else {
      decl->baseName = name();
      decl->attrs = attrBlock();
      decl->hasAttrBlock = true;
    }
    expect(p.semi);
  } else if (keyword == P::DTYPE_CONFIG) {
    decl = make(Decl::Kind::DTypeConfig);
    decl->name = name();
    decl->attrs = attrBlock();
    decl->hasAttrBlock = true;
  } else if (keyword == P::FUSER) {
    decl = make(Decl::Kind::Fuser);
    decl->name = name();
    expect(p.lparen);
    if (!at(p.rparen))
      do
        decl->params.push_back(param());
      while (accept(p.comma));
    expect(p.rparen);
    expect(p.assign);
    target();
    expect(p.semi);
  } else if (keyword == P::ROOT_NODE_GETTER ||
             keyword == P::EXTRA_INPUTS_GETTER) {
    decl = make(Decl::Kind::Getter);
    decl->getterKind = keyword == P::ROOT_NODE_GETTER ? GetterKind::RootNode
                                                      : GetterKind::ExtraInputs;
    decl->name = name();
    expect(p.assign);
    target();
    expect(p.semi);
  } else if (keyword == P::BACKEND || keyword == P::GROUP) {
    decl = make(Decl::Kind::Group);
    decl->isBackend = keyword == P::BACKEND;
    decl->name = name();
    decl->hasGroupParams = at(p.lparen);
    if (decl->hasGroupParams)
      decl->groupParams = groupParams();
    expect(p.lbrace);
    while (!accept(p.rbrace))
      decl->items.push_back(groupItem());
  } else {
    throw Bail();
  }
  decl->range = rangeFrom(start);
  return decl;
}

std::unique_ptr<ast::Module>
bpat::parseFast(llvm::StringRef text, std::vector<SourceComment> &comments) {
  // ANTLR's indices skip a byte order mark, which ASTBuilder's locations do
  // not account for; keep such a file on the path that defines its output.
  if (text.startswith("\xEF\xBB\xBF"))
    return nullptr;
  // Malformed UTF-8 is an error, reported by the ANTLR path.
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  if (!llvm::isLegalUTF8String(&begin, begin + text.size()))
    return nullptr;
  try {
    FastParser parser(text, comments);
    return parser.parseFile();
  } catch (const Bail &) {
    comments.clear();
    return nullptr;
  }
}
