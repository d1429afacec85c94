//===- FastLexer.h - The generated lexer with a cheaper DFA walk -*- C++
//-*-===//
//
// The ANTLR-generated BPatLexer, unchanged, driven by a LexerATNSimulator
// subclass that keeps the DFA edges it has seen for ASCII characters in flat
// per-state arrays (no hash lookup, no lock per character) and reads an
// ASCII SourceCharStream's bytes directly. Every edge still comes from the
// runtime: a character without a cached edge goes to the base class
// (getExistingTargetState, then computeTargetState), and so does anything
// but the plain walk (errors, non-ASCII input, lexer actions that depend on
// the position). The lexer subclass reaches the simulator without the
// runtime's dynamic_cast per call. unittests/Parse/FastLexerTest.cpp holds
// its tokens to the stock lexer's.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_PARSE_FASTLEXER_H
#define BPAT_LIB_PARSE_FASTLEXER_H

#include "BPatLexer.h"
#include "antlr4-runtime.h"
#include <array>
#include <memory>
#include <vector>

namespace bpat {

class SourceCharStream;

/// LexerATNSimulator with a flat edge cache; see the file comment.
class FlatDFALexerSimulator final : public antlr4::atn::LexerATNSimulator {
public:
  /// `fastInput`, if not null, is read byte by byte when it is ASCII and is
  /// the stream `match` is given.
  FlatDFALexerSimulator(antlr4::Lexer *recog, const antlr4::atn::ATN &atn,
                        std::vector<antlr4::dfa::DFA> &decisionToDFA,
                        antlr4::atn::PredictionContextCache &cache,
                        SourceCharStream *fastInput);
  ~FlatDFALexerSimulator() override;

  size_t match(antlr4::CharStream *input, size_t mode) override;
  void reset() override;

protected:
  size_t execATN(antlr4::CharStream *input,
                 antlr4::dfa::DFAState *ds0) override;

private:
  /// What this simulator knows of one DFA state.
  struct StateCache {
    std::array<antlr4::dfa::DFAState *, MAX_DFA_EDGE + 1> edges{};
    /// For an accept state: its lexer actions if none depends on the
    /// position (run directly), else `positionDependent`.
    bool actionsKnown = false;
    bool positionDependent = false;
    std::vector<antlr4::atn::LexerAction *> actions;
  };
  /// The last accept state passed, where the token ends.
  struct Accept {
    size_t index = 0, line = 0, charPos = 0;
    antlr4::dfa::DFAState *state = nullptr;
  };

  StateCache *cacheOf(antlr4::dfa::DFAState *s); // null if unnumbered
  /// The base class's edge (computed if new), remembered for ASCII `t`.
  antlr4::dfa::DFAState *slowTarget(antlr4::CharStream *input,
                                    antlr4::dfa::DFAState *s, size_t t);
  template <bool Ascii>
  size_t walk(antlr4::CharStream *input, antlr4::dfa::DFAState *ds0);
  size_t finish(antlr4::CharStream *input, antlr4::dfa::DFAState *s, size_t t);

  SourceCharStream *fastInput;
  /// [mode][DFA state number]; states are never freed (the DFA is static).
  std::vector<std::vector<std::unique_ptr<StateCache>>> cache;
  Accept accepted;
};

/// The generated lexer with FlatDFALexerSimulator installed, and the
/// runtime's nextToken/getLine/getCharPositionInLine without a dynamic_cast
/// to reach it (the same steps otherwise, as ANTLR 4.9 takes them).
class FastBPatLexer final : public bpat_antlr::BPatLexer {
public:
  explicit FastBPatLexer(antlr4::CharStream *input);
  /// Reads `input` directly when it is ASCII.
  explicit FastBPatLexer(SourceCharStream *input);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override;
  size_t getCharPositionInLine() override;

private:
  FlatDFALexerSimulator *simulator;
};

} // namespace bpat

#endif
