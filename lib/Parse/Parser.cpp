//===- Parser.cpp - Parsing .bpat files into the AST ----------------------===//
//
// Runs the ANTLR-generated lexer and parser over a SourceMgr buffer. ANTLR's
// own console error listeners are replaced by one that reports through the
// DiagnosticEngine, and any exception from the runtime is caught here.
//
//===----------------------------------------------------------------------===//

#include "bpat/Parse/Parser.h"
#include "ASTBuilder.h"
#include "BPatLexer.h"
#include "BPatParser.h"
#include "CommentAttacher.h"
#include "FastLexer.h"
#include "SourceCharStream.h"
#include "antlr4-runtime.h"
#include "llvm/Support/ConvertUTF.h"
#include <optional>

using namespace bpat;

namespace {

/// Maps code point indices (what ANTLR counts) to byte offsets in the buffer.
class SourceIndex {
public:
  explicit SourceIndex(llvm::StringRef text) : text(text) {
    for (size_t i = 0; i < text.size(); ++i)
      if (static_cast<unsigned char>(text[i]) >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii)
      return;
    for (size_t i = 0; i < text.size();) {
      offsets.push_back(i);
      i += llvm::getNumBytesForUTF8(text[i]);
    }
  }
  llvm::SMLoc locOf(size_t codePoint) const {
    size_t byte = codePoint;
    if (!ascii)
      byte = codePoint < offsets.size() ? offsets[codePoint] : text.size();
    if (byte > text.size())
      byte = text.size();
    return llvm::SMLoc::getFromPointer(text.data() + byte);
  }

private:
  llvm::StringRef text;
  bool ascii = true;
  std::vector<size_t> offsets;
};

/// Describes a token for a message: `'x'`, or "end of file".
std::string describeToken(antlr4::Token *token) {
  if (!token || token->getType() == antlr4::Token::EOF)
    return "end of file";
  return "'" + token->getText() + "'";
}

/// Reports ANTLR syntax errors as bpat diagnostics.
class DiagnosticErrorListener : public antlr4::BaseErrorListener {
public:
  DiagnosticErrorListener(const SourceIndex &index, DiagnosticEngine &diags)
      : index(index), diags(diags) {}

  void syntaxError(antlr4::Recognizer *recognizer,
                   antlr4::Token *offendingSymbol, size_t line,
                   size_t charPositionInLine, const std::string &msg,
                   std::exception_ptr e) override {
    llvm::SMRange range;
    if (offendingSymbol) {
      size_t start = offendingSymbol->getStartIndex();
      size_t stop = offendingSymbol->getStopIndex();
      if (offendingSymbol->getType() == antlr4::Token::EOF)
        stop = start - 1;
      range = {index.locOf(start), index.locOf(stop + 1)};
    }
    std::optional<std::string> unclosed = unterminated(offendingSymbol, range);
    // A missing ';' at the end of a line is reported where it belongs,
    // right after the last token of the line, as clang does, rather than at
    // whatever starts the next line.
    std::string expecting = expectedIn(msg);
    if (!unclosed && isUnexpectedToken(msg) &&
        llvm::StringRef(expecting).startswith("';'"))
      if (const antlr4::Token *prev =
              lineEndBefore(recognizer, offendingSymbol)) {
        llvm::SMLoc after = index.locOf(prev->getStopIndex() + 1);
        diags.error({after, after}, "expected " + expecting);
        return;
      }
    diags.error(range, unclosed.value_or(rewrite(msg, offendingSymbol)));
  }

private:
  /// The parser's previous token when `offending` starts a later line (or is
  /// the end of the file): the statement before it ended at a line break.
  static const antlr4::Token *lineEndBefore(antlr4::Recognizer *recognizer,
                                            antlr4::Token *offending) {
    auto *parser = dynamic_cast<antlr4::Parser *>(recognizer);
    if (!parser || !offending)
      return nullptr;
    const antlr4::Token *prev = parser->getTokenStream()->LT(-1);
    if (!prev || prev == offending)
      return nullptr;
    if (offending->getType() != antlr4::Token::EOF &&
        offending->getLine() <= prev->getLine())
      return nullptr;
    return prev;
  }

  /// A lone `"` or `/*` only becomes a token of its own when the string or
  /// comment it starts is never closed; say so instead of "unexpected '/'".
  static std::optional<std::string> unterminated(antlr4::Token *token,
                                                 llvm::SMRange range) {
    if (!token || token->getType() != bpat_antlr::BPatLexer::UNKNOWN_CHAR ||
        !range.Start.isValid())
      return std::nullopt;
    const char *at = range.Start.getPointer();
    if (at[0] == '"')
      return std::string("unterminated string (a string ends on the line it "
                         "starts on)");
    if (at[0] == '/' && at[1] == '*')
      return std::string("unterminated '/*' comment");
    return std::nullopt;
  }

  /// ANTLR's messages name tokens by grammar symbols; make them read as
  /// sentences about the user's text.
  /// What ANTLR's message says it expected, tidied (`';' or '{'`); empty if
  /// it does not say.
  static std::string expectedIn(const std::string &msg) {
    size_t pos = msg.find(" expecting ");
    return pos == std::string::npos ? std::string()
                                    : tidyExpected(msg.substr(pos + 11));
  }
  /// ANTLR's message is about a token that should not be where it is.
  static bool isUnexpectedToken(const std::string &msg) {
    llvm::StringRef text = msg;
    return text.startswith("extraneous input") ||
           text.startswith("mismatched input");
  }

  std::string rewrite(const std::string &msg, antlr4::Token *token) {
    auto startsWith = [&](const char *prefix) {
      return llvm::StringRef(msg).startswith(prefix);
    };
    std::string expecting = expectedIn(msg);
    if (startsWith("missing "))
      return "expected " + tidyExpected(msg.substr(8, msg.find(" at ") - 8)) +
             " before " + describeToken(token);
    if (isUnexpectedToken(msg))
      return "unexpected " + describeToken(token) +
             (expecting.empty() ? "" : "; expected " + expecting);
    if (startsWith("no viable alternative"))
      return "unexpected " + describeToken(token) + " here";
    return msg;
  }

  /// `{';', IDENT}` -> `';' or a name`.
  static std::string tidyExpected(std::string text) {
    if (!text.empty() && text.front() == '{' && text.back() == '}')
      text = text.substr(1, text.size() - 2);
    std::vector<std::string> parts;
    llvm::SmallVector<llvm::StringRef, 8> pieces;
    llvm::StringRef(text).split(pieces, ", ");
    for (llvm::StringRef piece : pieces) {
      if (piece == "IDENT")
        parts.push_back("a name");
      else if (piece == "STRING")
        parts.push_back("a string");
      else if (piece == "INT" || piece == "FLOAT")
        parts.push_back("a number");
      else if (piece == "<EOF>")
        parts.push_back("end of file");
      else if (piece.size() > 2 && piece.front() == '\'')
        parts.push_back(piece.str());
      else
        parts.push_back("'" + piece.lower() + "'");
    }
    // Drop duplicates such as "a number" twice.
    std::vector<std::string> unique;
    for (std::string &part : parts)
      if (std::find(unique.begin(), unique.end(), part) == unique.end())
        unique.push_back(part);
    std::string result;
    for (size_t i = 0; i < unique.size(); ++i) {
      if (i)
        result += i + 1 == unique.size() ? " or " : ", ";
      result += unique[i];
    }
    return result;
  }

  const SourceIndex &index;
  DiagnosticEngine &diags;
};

/// Brackets may nest this deep; the recursive-descent parser takes that
/// safely.
constexpr unsigned maxNestingDepth = 200;

/// Follows the nesting of brackets token by token.
class NestingDepth {
public:
  explicit NestingDepth(const antlr4::dfa::Vocabulary &vocabulary)
      : bracket(vocabulary.getMaxTokenType() + 1, 0) {
    // The bracket tokens' types, found once by their literal names rather
    // than by converting every token's text.
    for (size_t type = 0; type < bracket.size(); ++type) {
      std::string name = vocabulary.getLiteralName(type);
      if (name == "'('" || name == "'['" || name == "'{'")
        bracket[type] = 1;
      else if (name == "')'" || name == "']'" || name == "'}'")
        bracket[type] = -1;
    }
  }
  /// Takes the next token; false when it opens a bracket past
  /// maxNestingDepth.
  bool next(const antlr4::Token &token) {
    size_t type = token.getType();
    int kind = type < bracket.size() ? bracket[type] : 0;
    if (kind > 0 && ++depth > maxNestingDepth)
      return false;
    if (kind < 0 && depth)
      --depth;
    return true;
  }

private:
  std::vector<int> bracket;
  unsigned depth = 0;
};

/// Rejects nesting deeper than the recursive-descent parser can take safely.
bool checkNestingDepth(antlr4::CommonTokenStream &tokens,
                       const antlr4::dfa::Vocabulary &vocabulary,
                       const SourceIndex &index, DiagnosticEngine &diags) {
  NestingDepth nesting(vocabulary);
  for (antlr4::Token *token : tokens.getTokens())
    if (!nesting.next(*token)) {
      size_t start = token->getStartIndex();
      diags.error({index.locOf(start), index.locOf(start + 1)},
                  "nesting is deeper than " + std::to_string(maxNestingDepth) +
                      " levels");
      return false;
    }
  return true;
}

/// Adds `token` to `comments` if it is one, with its place in the buffer.
void collectComment(const antlr4::Token &token, const SourceIndex &index,
                    std::vector<SourceComment> &comments) {
  if (token.getType() == bpat_antlr::BPatLexer::LINE_COMMENT ||
      token.getType() == bpat_antlr::BPatLexer::BLOCK_COMMENT)
    comments.push_back({token.getText(),
                        index.locOf(token.getStartIndex()).getPointer(),
                        index.locOf(token.getStopIndex() + 1).getPointer()});
}

/// The token stream of the item-by-item parse when nothing is wrong with
/// the file: tokens are fetched as the parser needs them and freed once
/// the parser is past them (a whole file's tokens take about 30 times the
/// file's size), their comments kept. Brackets nested too deep make it give
/// up as the parser does on a syntax error (ParseCancellationException):
/// the file is then parsed the checked way, which reports it.
class ReleasingTokenStream : public antlr4::CommonTokenStream {
public:
  ReleasingTokenStream(antlr4::Lexer *lexer, const SourceIndex &index)
      : CommonTokenStream(lexer), nesting(lexer->getVocabulary()),
        index(index) {}

  /// Frees the tokens before the last on-channel one before the current
  /// token: the next rule to exit may still look back at that one
  /// (`LT(-1)`), nothing before it.
  void releaseDone() {
    size_t keep = _p;
    while (keep > released) {
      --keep;
      if (_tokens[keep]->getChannel() == channel)
        break;
    }
    for (; released < keep; ++released) {
      collectComment(*_tokens[released], index, comments);
      _tokens[released].reset();
    }
  }

  /// The comments of the whole file, once it is parsed.
  std::vector<SourceComment> takeComments() {
    for (size_t i = released; i < _tokens.size(); ++i)
      collectComment(*_tokens[i], index, comments);
    return std::move(comments);
  }

protected:
  size_t fetch(size_t n) override {
    size_t first = _tokens.size();
    size_t fetched = CommonTokenStream::fetch(n);
    for (size_t i = first; i < _tokens.size(); ++i)
      if (!nesting.next(*_tokens[i]))
        throw antlr4::ParseCancellationException();
    return fetched;
  }

private:
  NestingDepth nesting;
  const SourceIndex &index;
  size_t released = 0;
  std::vector<SourceComment> comments;
};

/// Notes that the lexer reported something, without reporting it: the
/// file is then parsed again the checked way, which does.
class NoteLexerErrors : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t, size_t,
                   const std::string &, std::exception_ptr) override {
    any = true;
  }
  bool any = false;
};

/// Parses the whole file in two stages, as ANTLR recommends: SLL prediction
/// with an error strategy that gives up at the first error, which is much
/// cheaper and gives the same tree as LL whenever it succeeds; on any syntax
/// error the file is parsed again with full LL and the default recovery, so
/// that the errors reported are exactly those of an LL parse.
bpat_antlr::BPatParser::FileContext *
parseTwoStage(bpat_antlr::BPatParser &parser,
              antlr4::ANTLRErrorListener &listener) {
  auto *simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  try {
    return parser.file();
  } catch (const antlr4::ParseCancellationException &) {
  }
  parser.reset(); // rewinds the token stream too
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.addErrorListener(&listener);
  return parser.file();
}

/// The common case, in a fraction of the memory: the file parsed item by
/// item (what `file : item* EOF` does) with SLL prediction and
/// BailErrorStrategy, each item's AST built as soon as it is parsed and its
/// parse tree freed (a whole file's tree takes about 90 times the file's
/// size). SLL prediction does not depend on the rule a decision is called
/// from, so each item's tree is the one parseTwoStage would build. Returns
/// null, having reported nothing, on a syntax error or an error of the AST
/// builder; the caller then parses the whole file the usual way, which
/// reports them as before.
std::unique_ptr<ast::Module>
parseItemByItem(bpat_antlr::BPatParser &parser, antlr4::TokenStream &tokens,
                const LocMapper &locOf, bool textFromLocs,
                DiagnosticEngine &diags,
                ReleasingTokenStream *releasing = nullptr) {
  auto *simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  // The tokens `item*` goes on with: those that can start an item.
  const antlr4::atn::ATN &atn = parser.getATN();
  const antlr4::misc::IntervalSet &first =
      atn.nextTokens(atn.ruleToStartState[bpat_antlr::BPatParser::RuleItem]);
  DiagnosticEngine scratch(diags.getSourceMgr(), llvm::nulls());
  auto module = std::make_unique<ast::Module>();
  try {
    for (;;) {
      size_t next = tokens.LA(1);
      if (next == antlr4::Token::EOF)
        return module;
      if (!first.contains(next))
        return nullptr;
      bpat_antlr::BPatParser::ItemContext *item = parser.item();
      module->decls.push_back(buildDecl(item, locOf, textFromLocs, scratch));
      parser.getTreeTracker().reset(); // the item's contexts and leaves
      if (scratch.hadError())
        return nullptr;
      if (releasing)
        releasing->releaseDone();
    }
  } catch (const antlr4::ParseCancellationException &) {
  }
  return nullptr;
}

} // namespace

std::unique_ptr<ast::Module> bpat::parseModule(unsigned bufferId,
                                               DiagnosticEngine &diags) {
  const llvm::MemoryBuffer *buffer =
      diags.getSourceMgr().getMemoryBuffer(bufferId);
  llvm::StringRef text = buffer->getBuffer();

  // The ANTLR runtime throws on malformed UTF-8; find the spot ourselves.
  const llvm::UTF8 *bad = nullptr;
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  if (!llvm::isLegalUTF8String(&begin, begin + text.size())) {
    bad = begin;
    const char *at = reinterpret_cast<const char *>(bad);
    diags.error(
        {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(at + 1)},
        "the file is not valid UTF-8");
    return nullptr;
  }

  SourceIndex index(text);
  unsigned errorsBefore = diags.getNumErrors();
  LocMapper locOf = [&](size_t i) { return index.locOf(i); };
  bool textFromLocs = !text.startswith("\xEF\xBB\xBF");
  try {
    std::vector<SourceComment> comments;
    std::unique_ptr<ast::Module> module;
    // First, the way that holds one item's tokens at a time; it reports
    // nothing and gives up on anything wrong with the file.
    {
      SourceCharStream input(text);
      FastBPatLexer lexer(&input);
      NoteLexerErrors lexerErrors;
      lexer.removeErrorListeners();
      lexer.addErrorListener(&lexerErrors);
      ReleasingTokenStream tokens(&lexer, index);
      bpat_antlr::BPatParser parser(&tokens);
      module =
          parseItemByItem(parser, tokens, locOf, textFromLocs, diags, &tokens);
      if (module && !lexerErrors.any)
        comments = tokens.takeComments();
      else
        module.reset();
    }
    // Then, if that gave up, the checked way: every token first, then the
    // parse again, reporting what is wrong.
    if (!module) {
      SourceCharStream input(text);
      FastBPatLexer lexer(&input);
      DiagnosticErrorListener listener(index, diags);
      lexer.removeErrorListeners();
      lexer.addErrorListener(&listener);
      antlr4::CommonTokenStream tokens(&lexer);
      tokens.fill();
      bpat_antlr::BPatParser parser(&tokens);
      if (!checkNestingDepth(tokens, parser.getVocabulary(), index, diags))
        return nullptr;
      module = parseItemByItem(parser, tokens, locOf, textFromLocs, diags);
      if (!module) {
        parser.reset(); // rewinds the token stream too
        bpat_antlr::BPatParser::FileContext *file =
            parseTwoStage(parser, listener);
        if (diags.getNumErrors() != errorsBefore)
          return nullptr;
        module = buildModule(file, locOf, textFromLocs, diags);
      }
      if (module)
        for (antlr4::Token *token : tokens.getTokens())
          collectComment(*token, index, comments);
    }
    if (module) {
      module->fileName = buffer->getBufferIdentifier().str();
      module->bufferId = bufferId;
      attachComments(*module, comments);
    }
    return module;
  } catch (const std::exception &e) {
    diags.errorNoLoc(llvm::Twine("internal parser error in '") +
                     buffer->getBufferIdentifier() + "': " + e.what());
  } catch (...) {
    diags.errorNoLoc(llvm::Twine("internal parser error in '") +
                     buffer->getBufferIdentifier() + "'");
  }
  return nullptr;
}

std::vector<std::pair<size_t, size_t>>
bpat::identifierSpans(llvm::StringRef text) {
  std::vector<std::pair<size_t, size_t>> spans;
  // ANTLR counts code points; invalid UTF-8 would make its offsets
  // meaningless, and such a buffer never parses anyway.
  const llvm::UTF8 *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  if (!llvm::isLegalUTF8String(&begin, begin + text.size()))
    return spans;
  SourceIndex index(text);
  try {
    SourceCharStream input(text);
    FastBPatLexer lexer(&input);
    lexer.removeErrorListeners();
    for (std::unique_ptr<antlr4::Token> token = lexer.nextToken();
         token && token->getType() != antlr4::Token::EOF;
         token = lexer.nextToken()) {
      if (token->getType() != bpat_antlr::BPatLexer::IDENT)
        continue;
      const char *begin = index.locOf(token->getStartIndex()).getPointer();
      const char *end = index.locOf(token->getStopIndex() + 1).getPointer();
      spans.push_back({size_t(begin - text.data()), size_t(end - text.data())});
    }
  } catch (...) {
    // The lexer has no syntax to fail on; whatever it threw, what was found
    // so far is still right.
  }
  return spans;
}
