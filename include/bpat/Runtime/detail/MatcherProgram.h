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

/// Internal opcodes, after the table's (1-6); R is the register written
/// (LoadUsers, NargsLoadUsers) or read (the others).
/// LoadUsers: [op | R << 8, ParentReg, ArgIndex, FailTarget].
constexpr uint32_t opLoadUsers = 7;
/// Switches: [op | R << 8, FirstSlot, Shift, FailTarget], on the op key or
/// on the number of arguments of register R's node (see select()).
constexpr uint32_t opSwitchOp = 8;
constexpr uint32_t opSwitchNargs = 9;
/// A CheckNargs of ParentReg followed by the LoadUsers of one of its
/// arguments, both failing to the same target (ArgIndex < Nargs):
/// [op | R << 8, ParentReg, Nargs, ArgIndex, FailTarget].
constexpr uint32_t opNargsLoadUsers = 10;
/// A CheckOp whose success is an Accept:
/// [op | R << 8, OpKey, PatternIndex, FailTarget].
constexpr uint32_t opCheckOpAccept = 11;
constexpr uint32_t noIndex = 0xFFFFFFFFu;
/// A switch slot's target with this bit set is the pattern accepted there
/// (the slot's code would be a lone Accept).
constexpr uint32_t acceptBit = 0x80000000u;

/// One slot of a switch: a value (noIndex when empty) and where it leads.
struct SwitchSlot {
  uint32_t value = noIndex;
  uint32_t target = 0;
};

/// A bucket's first step (see compileProgram): unless the anchor's first
/// argument is a node whose op key is in the slots, no pattern of the
/// bucket before its lone-op pattern `fallback` can match, and the result
/// is `fallback` (or noPattern); otherwise the key's slot gives the code of
/// the patterns that need that key, then the fallback.
struct BucketFilter {
  uint32_t firstSlot = 0, shift = 31;
  uint32_t fallback = table::noPattern;
  /// Its config (set by TableMatcher::create), or noPattern.
  uint32_t fallbackConfig = table::noPattern;
};

struct MatcherProgram {
  std::vector<uint32_t> code;
  std::vector<BucketFilter> filters;
  /// Every switch's open-addressing table: 2^(32 - Shift) slots (at least
  /// 2) from FirstSlot, linear probing.
  std::vector<SwitchSlot> slots;

  /// Where the switch of slots from \p first (\p shift) sends value \p v,
  /// or \p fail.
  BPAT_ALWAYS_INLINE uint32_t select(uint32_t first, uint32_t shift, uint32_t v,
                                     uint32_t fail) const {
    const SwitchSlot *s = slots.data() + first;
    uint32_t mask = 0xFFFFFFFFu >> shift;
    // Empty slots first: a value may be noIndex (table::noOpKey).
    for (uint32_t i = (v * 2654435761u) >> shift;; i = (i + 1) & mask) {
      if (s[i].value == noIndex)
        return fail;
      if (s[i].value == v)
        return s[i].target;
    }
  }
};

/// Builds the program of a validated table. \p bucketStarts are the code
/// offsets of the buckets to rebuild (the default bucket included); returns
/// each one's offset in the program (unchanged where it is not rebuilt),
/// and in \p filterOf its filter in MatcherProgram::filters, or noIndex.
MatcherProgram compileProgram(const MatcherTableView &t,
                              std::vector<uint32_t> &bucketStarts,
                              std::vector<uint32_t> &filterOf);

/// Checks what validateTable checks of a table, for \p prog: from each of
/// \p entries and each filter's slots, every reachable instruction is whole
/// and known, its registers are below \p numRegisters, its patterns below
/// \p numPatterns, its switches' slots in range with an empty one, and its
/// jumps in the code and on no loop, so a run cannot read out of bounds or
/// loop. TableMatcher::create returns the error rather than run it.
Error checkProgram(const MatcherProgram &prog, uint32_t numRegisters,
                   uint32_t numPatterns, const std::vector<uint32_t> &entries);

} // namespace bpat::rt::detail

#endif // BPAT_RUNTIME_DETAIL_MATCHERPROGRAM_H
