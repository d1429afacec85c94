//===- bpat/Runtime/detail/MatcherProgram.h - Run-time form ---*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What TableMatcher actually interprets, worked out once by
/// TableMatcher::create; private to the matcher (the table format is
/// unchanged).
///
/// The table's bucket code is a prefix tree that shares checks only between
/// patterns adjacent in priority order, so a bucket whose patterns test one
/// position for many different ops (or argument counts), interleaved, is a
/// long list of siblings tried one by one: its cost grows with the number of
/// patterns. The program rebuilds each bucket from its patterns' check
/// sequences (read off the code) so that a run of patterns whose next checks
/// test the same register for different values (op keys, argument counts)
/// becomes one *switch*: a hash of the node's value picks the patterns that
/// can still match, in their priority order. Patterns testing different
/// values of one quantity exclude each other, so only their order within one
/// value matters. A Load followed by the CheckUsers of its register becomes
/// one LoadUsers.
///
/// `code` starts with the table's words at their own offsets (a bucket whose
/// code is not in the builder's shape keeps running from there); the rebuilt
/// buckets follow.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H
#define BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H

#include "bpat/Runtime/MatcherTable.h"

#include <cstdint>
#include <vector>

/// The interpreter's small helpers must be inlined into the node loop (GCC
/// otherwise keeps some as calls).
#if defined(__GNUC__) || defined(__clang__)
#define BPAT_ALWAYS_INLINE __attribute__((always_inline))
#else
#define BPAT_ALWAYS_INLINE
#endif

namespace bpat::rt::detail {

/// Internal opcodes, after the table's (1-6).
/// LoadUsers: [op | R << 8, ParentReg, ArgIndex, FailTarget].
constexpr uint32_t opLoadUsers = 7;
/// Switches: [op | R << 8, SwitchIndex, FailTarget], on the op key or on the
/// number of arguments of register R's node.
constexpr uint32_t opSwitchOp = 8;
constexpr uint32_t opSwitchNargs = 9;
constexpr uint32_t noIndex = 0xFFFFFFFFu;

/// Open addressing over MatcherProgram's slots: value -> code offset.
struct Switch {
  uint32_t begin = 0;  ///< first slot
  uint32_t shift = 31; ///< 32 - log2(slots); at least 2 slots
};

struct MatcherProgram {
  std::vector<uint32_t> code;
  std::vector<Switch> switches;
  /// Empty slots hold value noIndex (no op key or argument count is).
  std::vector<uint32_t> slotValue, slotTarget;

  /// Where switch \p s sends value \p v, or \p fail.
  BPAT_ALWAYS_INLINE uint32_t select(uint32_t s, uint32_t v,
                                     uint32_t fail) const {
    const Switch &sw = switches[s];
    uint32_t mask = (1u << (32 - sw.shift)) - 1;
    for (uint32_t i = (v * 2654435761u) >> sw.shift;; i = (i + 1) & mask) {
      uint32_t have = slotValue[sw.begin + i];
      if (have == v)
        return slotTarget[sw.begin + i];
      if (have == noIndex)
        return fail;
    }
  }
};

/// Builds the program of a validated table. \p bucketStarts are the code
/// offsets of the buckets to rebuild (the default bucket included); returns
/// each one's offset in the program (unchanged where it is not rebuilt).
MatcherProgram compileProgram(const MatcherTableView &t,
                              std::vector<uint32_t> &bucketStarts);

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H
