//===- bpat/Runtime/detail/MatcherProgram.h - Run-time form ---*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What TableMatcher actually interprets: the table's code with
/// superinstructions patched in, worked out once by TableMatcher::create.
/// The table format is unchanged; this is private to the matcher.
///
/// - `LoadUsers` is a Load followed by the CheckUsers of the same register
///   (every inner pattern position starts so).
/// - A *test* is a CheckOp, with the CheckNargs after it when both fail to
///   the same place, and the Accept after them folded in.
/// - A *chain* is a list of tests of one register where each fails to the
///   next: the siblings that test one position for different ops (ReLU after
///   BatchNorm2d, after Conv2d, after Linear...). When the op check of one
///   fails, a hash of the node's op key finds the next test of the chain
///   with that key instead of trying them one by one, so the cost of a
///   position does not grow with the number of patterns testing it.
///
/// Only the first word of an instruction is patched, so the words after it
/// are still the original instructions for anything jumping to them.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H
#define BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H

#include "bpat/Runtime/MatcherTable.h"

#include <cstdint>
#include <vector>

namespace bpat::rt::detail {

/// Internal opcodes. LoadUsers: [op | R << 8, ParentReg, ArgIndex,
/// CheckUsers | R << 8, FailTarget]. Test: [op | TestIndex << 8, ...].
constexpr uint32_t opLoadUsers = 7;
constexpr uint32_t opTest = 8;
/// LoadUsers followed by a test of the same register, run in one step.
constexpr uint32_t opLoadUsersTest = 9;
constexpr uint32_t noIndex = 0xFFFFFFFFu;
/// Test::nargs when the test does not check the number of arguments.
constexpr uint32_t anyNargs = 0xFFFFFFFFu;

struct Test {
  uint32_t r = 0, key = 0;
  uint32_t nargs = anyNargs;
  uint32_t fail = 0;                  ///< where a failed check goes
  uint32_t next = 0;                  ///< where success goes (no Accept folded)
  uint32_t accept = table::noPattern; ///< the pattern of a folded Accept
  uint32_t chain = noIndex;           ///< the chain it is in, if any
  uint32_t element = 0;               ///< its index in the chain
};

/// Tests of one register, each failing to the next.
struct Chain {
  std::vector<uint32_t> test;     ///< per element: its test
  std::vector<uint32_t> nextSame; ///< per element: next one with its key
  /// Open addressing, key -> first element with that key.
  std::vector<uint32_t> slotKey, slotElement;
  uint32_t shift = 31; ///< 32 - log2(slots); at least 2 slots
  uint32_t end = 0;    ///< where the last element fails to

  /// When element \p e's op check fails for a node of op key \p key: the
  /// test of the next element testing that key, or noIndex (go to End).
  uint32_t next(uint32_t e, uint32_t key) const {
    for (uint32_t s = slot(key);; s = (s + 1) & (slotKey.size() - 1)) {
      if (slotKey[s] == key) {
        uint32_t j = slotElement[s];
        while (j != noIndex && j <= e)
          j = nextSame[j];
        return j == noIndex ? noIndex : test[j];
      }
      if (slotKey[s] == table::noOpKey)
        return noIndex;
    }
  }
  uint32_t slot(uint32_t key) const { return (key * 2654435761u) >> shift; }
};

struct MatcherProgram {
  /// The table's words with superinstructions patched in.
  std::vector<uint32_t> code;
  std::vector<Test> tests;
  std::vector<Chain> chains;
};

/// Builds the program of a validated table.
MatcherProgram compileProgram(const MatcherTableView &t);

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H
