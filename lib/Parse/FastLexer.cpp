//===- FastLexer.cpp - The generated lexer with a cheaper DFA walk --------===//
//
// The walk of LexerATNSimulator::execATN/failOrAccept/accept and the token
// loop of Lexer::nextToken of the ANTLR 4.9 runtime, step for step, with the
// per-character edge lookup, stream reads and per-call casts made cheap.
// Edges are only ever taken from the runtime's shared DFA (or computed by
// it), so the tokens are the runtime's.
//
//===----------------------------------------------------------------------===//

#include "FastLexer.h"
#include "SourceCharStream.h"

using namespace bpat;
using antlr4::CharStream;
using antlr4::Token;
using antlr4::dfa::DFAState;

FlatDFALexerSimulator::FlatDFALexerSimulator(
    antlr4::Lexer *recog, const antlr4::atn::ATN &atn,
    std::vector<antlr4::dfa::DFA> &decisionToDFA,
    antlr4::atn::PredictionContextCache &sharedCache,
    SourceCharStream *fastInput)
    : LexerATNSimulator(recog, atn, decisionToDFA, sharedCache),
      fastInput(fastInput) {}

FlatDFALexerSimulator::~FlatDFALexerSimulator() = default;

void FlatDFALexerSimulator::reset() {
  LexerATNSimulator::reset();
  accepted = Accept();
}

size_t FlatDFALexerSimulator::match(CharStream *input, size_t mode) {
  // LexerATNSimulator::match; the base's _prevAccept, which only its own
  // execATN reads, is replaced by `accepted`.
  ++match_calls;
  _mode = mode;
  struct Release {
    CharStream *input;
    ssize_t mark;
    ~Release() { input->release(mark); }
  } release{input, input->mark()};
  _startIndex = input->index();
  accepted = Accept();
  const antlr4::dfa::DFA &dfa = _decisionToDFA[mode];
  if (dfa.s0 == nullptr)
    return matchATN(input); // computes s0, then calls execATN
  return execATN(input, dfa.s0);
}

size_t FlatDFALexerSimulator::execATN(CharStream *input, DFAState *ds0) {
  if (fastInput && input == fastInput && fastInput->asciiBytes())
    return walk<true>(input, ds0);
  return walk<false>(input, ds0);
}

FlatDFALexerSimulator::StateCache *FlatDFALexerSimulator::cacheOf(DFAState *s) {
  if (s->stateNumber < 0)
    return nullptr;
  if (cache.size() <= _mode)
    cache.resize(_mode + 1);
  std::vector<std::unique_ptr<StateCache>> &states = cache[_mode];
  size_t number = size_t(s->stateNumber);
  if (states.size() <= number)
    states.resize(number + 1);
  if (!states[number])
    states[number] = std::make_unique<StateCache>();
  return states[number].get();
}

DFAState *FlatDFALexerSimulator::slowTarget(CharStream *input, DFAState *s,
                                            size_t t) {
  DFAState *target = LexerATNSimulator::getExistingTargetState(s, t);
  if (!target)
    target = computeTargetState(input, s, t);
  // Remember only what the shared DFA holds (an edge after a semantic
  // predicate is not stored there, and must be computed every time).
  if (t <= MAX_DFA_EDGE &&
      LexerATNSimulator::getExistingTargetState(s, t) == target)
    if (StateCache *c = cacheOf(s))
      c->edges[t] = target;
  return target;
}

template <bool Ascii>
size_t FlatDFALexerSimulator::walk(CharStream *input, DFAState *ds0) {
  const char *bytes = Ascii ? fastInput->asciiBytes() : nullptr;
  size_t end = Ascii ? fastInput->size() : 0;
  size_t p = Ascii ? fastInput->position() : 0;
  auto lookAhead = [&]() -> size_t {
    if (Ascii)
      return p < end ? size_t(static_cast<unsigned char>(bytes[p]))
                     : size_t(Token::EOF);
    return input->LA(1);
  };
  auto index = [&]() { return Ascii ? p : input->index(); };

  if (ds0->isAcceptState)
    accepted = {index(), _line, _charPositionInLine, ds0};
  size_t t = lookAhead();
  DFAState *s = ds0;
  std::vector<std::unique_ptr<StateCache>> *states =
      _mode < cache.size() ? &cache[_mode] : nullptr;
  for (;;) {
    DFAState *target = nullptr;
    if (t <= MAX_DFA_EDGE && states && size_t(s->stateNumber) < states->size())
      if (StateCache *c = (*states)[s->stateNumber].get())
        target = c->edges[t];
    if (!target) {
      if (Ascii)
        fastInput->setPosition(p);
      target = slowTarget(input, s, t);
      states = &cache[_mode];
    }
    if (target == ERROR.get())
      break;
    // LexerATNSimulator::consume.
    if (t != Token::EOF) {
      if (t == '\n') {
        ++_line;
        _charPositionInLine = 0;
      } else {
        ++_charPositionInLine;
      }
      if (Ascii)
        ++p;
      else
        input->consume();
    }
    if (target->isAcceptState) {
      accepted = {index(), _line, _charPositionInLine, target};
      if (t == Token::EOF)
        break;
    }
    t = lookAhead();
    s = target;
  }
  if (Ascii)
    fastInput->setPosition(p);
  return finish(input, s, t);
}

size_t FlatDFALexerSimulator::finish(CharStream *input, DFAState *s, size_t t) {
  // LexerATNSimulator::failOrAccept and accept.
  DFAState *state = accepted.state;
  if (!state) {
    if (t == Token::EOF && input->index() == _startIndex)
      return Token::EOF;
    throw antlr4::LexerNoViableAltException(_recog, input, _startIndex,
                                            s->configs.get());
  }
  input->seek(accepted.index);
  _line = accepted.line;
  _charPositionInLine = accepted.charPos;
  if (state->lexerActionExecutor != nullptr && _recog != nullptr) {
    StateCache *c = cacheOf(state);
    if (c && !c->actionsKnown) {
      for (const auto &action : state->lexerActionExecutor->getLexerActions()) {
        c->positionDependent |= action->isPositionDependent();
        c->actions.push_back(action.get()); // the DFA state keeps them alive
      }
      c->actionsKnown = true;
    }
    // Actions such as skip or channel(HIDDEN) only set the lexer's fields;
    // LexerActionExecutor::execute would seek around the others.
    if (c && !c->positionDependent)
      for (antlr4::atn::LexerAction *action : c->actions)
        action->execute(_recog);
    else
      state->lexerActionExecutor->execute(_recog, input, _startIndex);
  }
  return state->prediction;
}

namespace {
/// Replaces the simulator the generated constructor made.
FlatDFALexerSimulator *install(antlr4::Lexer &lexer,
                               antlr4::atn::ATNSimulator *&interpreter,
                               SourceCharStream *fastInput) {
  auto *stock = static_cast<antlr4::atn::LexerATNSimulator *>(interpreter);
  auto *simulator =
      new FlatDFALexerSimulator(&lexer, stock->atn, stock->_decisionToDFA,
                                stock->getSharedContextCache(), fastInput);
  delete stock;
  interpreter = simulator; // deleted by ~BPatLexer
  return simulator;
}
} // namespace

FastBPatLexer::FastBPatLexer(CharStream *input)
    : BPatLexer(input), simulator(install(*this, _interpreter, nullptr)) {}

FastBPatLexer::FastBPatLexer(SourceCharStream *input)
    : BPatLexer(input), simulator(install(*this, _interpreter, input)) {}

size_t FastBPatLexer::getLine() const { return simulator->getLine(); }

size_t FastBPatLexer::getCharPositionInLine() {
  return simulator->getCharPositionInLine();
}

std::unique_ptr<Token> FastBPatLexer::nextToken() {
  // Lexer::nextToken of the 4.9 runtime.
  struct Release {
    CharStream *input;
    ssize_t mark;
    ~Release() { input->release(mark); }
  } release{_input, _input->mark()};
  for (;;) {
    if (hitEOF) {
      emitEOF();
      return std::move(token);
    }
    token.reset();
    channel = Token::DEFAULT_CHANNEL;
    tokenStartCharIndex = _input->index();
    tokenStartCharPositionInLine = simulator->getCharPositionInLine();
    tokenStartLine = simulator->getLine();
    _text.clear();
    bool skipped = false;
    do {
      type = Token::INVALID_TYPE;
      size_t ttype;
      try {
        ttype = simulator->match(_input, mode);
      } catch (antlr4::LexerNoViableAltException &e) {
        notifyListeners(e);
        recover(e);
        ttype = SKIP;
      }
      if (_input->LA(1) == Token::EOF)
        hitEOF = true;
      if (type == Token::INVALID_TYPE)
        type = ttype;
      if (type == SKIP) {
        skipped = true;
        break;
      }
    } while (type == MORE);
    if (skipped)
      continue;
    if (!token)
      emit();
    return std::move(token);
  }
}
