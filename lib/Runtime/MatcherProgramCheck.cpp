//===- MatcherProgramCheck.cpp - The derived program, checked -------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
// TableMatcher::create derives the program it interprets from a validated
// table (MatcherTableProgram.cpp). validateTable's promise (a table that
// passes cannot make the interpreter read out of bounds or loop) must hold
// for that program too, whatever the derivation does with a table of an
// unusual shape; so the program is checked before a TableMatcher is handed
// out. Its rebuilt code jumps both ways (children are emitted before their
// parents), so termination is checked as the absence of a loop. A program that
// fails the check is a bug of the derivation, reported as an error, never run.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/detail/MatcherProgram.h"

#include <string>

namespace bpat::rt::detail {

namespace {

/// Words of the instruction with opcode \p op (table's and internal ones),
/// or 0.
uint32_t programInstructionSize(uint32_t op) {
  switch (op) {
  case opLoadUsers:
  case opSwitchOp:
  case opSwitchNargs:
  case opCheckOpAccept:
    return 4;
  case opNargsLoadUsers:
    return 5;
  default:
    return table::instructionSize(op);
  }
}

class ProgramChecker {
public:
  ProgramChecker(const MatcherProgram &prog, uint32_t numRegisters,
                 uint32_t numPatterns)
      : prog(prog), numRegisters(numRegisters), numPatterns(numPatterns),
        state(prog.code.size(), New) {}

  /// Every instruction reachable from \p entry, depth first; a jump back to
  /// an instruction still on the path is a loop.
  Error checkFrom(uint32_t entry) {
    if (entry >= state.size())
      return fail("entry " + std::to_string(entry));
    if (state[entry] != New)
      return Error::success();
    if (Error e = enter(entry))
      return e;
    while (!path.empty()) {
      auto &[pc, next] = path.back();
      uint32_t to;
      if (!successor(pc, next++, to)) {
        state[pc] = Done;
        path.pop_back();
        continue;
      }
      if (to >= state.size())
        return fail("jump from " + std::to_string(pc) + " to " +
                    std::to_string(to));
      if (state[to] == OnPath)
        return fail("a loop through " + std::to_string(to));
      if (state[to] == New)
        if (Error e = enter(to))
          return e;
    }
    return Error::success();
  }

  /// A switch's slots: in range, a power of two of them with an empty one
  /// (select() probes until it finds the value or an empty slot).
  Error checkSlots(uint32_t first, uint32_t shift, const std::string &at) {
    if (shift == 0 || shift > 31)
      return fail(at + ": switch shift " + std::to_string(shift));
    uint64_t count = uint64_t(1) << (32 - shift);
    if (first + count > prog.slots.size())
      return fail(at + ": switch slots out of range");
    for (uint64_t i = 0; i != count; ++i)
      if (prog.slots[first + i].value == noIndex)
        return Error::success();
    return fail(at + ": switch without an empty slot");
  }

  Error fail(const std::string &what) {
    return Error::failure("inconsistent matcher program (a bug of "
                          "TableMatcher::create): " +
                          what);
  }

private:
  enum State : unsigned char { New, OnPath, Done };

  Error enter(uint32_t pc) {
    if (Error e = checkInstruction(pc))
      return e;
    state[pc] = OnPath;
    path.emplace_back(pc, 0);
    return Error::success();
  }

  /// The \p k-th instruction \p pc may continue at, if it has that many.
  bool successor(uint32_t pc, uint32_t k, uint32_t &to) const {
    const std::vector<uint32_t> &w = prog.code;
    uint32_t op = w[pc] & 0xFF;
    switch (op) {
    case table::OpLoad:
      to = pc + 3;
      return k == 0;
    case table::OpCheckUsers:
      to = k == 0 ? pc + 2 : w[pc + 1];
      return k < 2;
    case table::OpCheckOp:
    case table::OpCheckNargs:
      to = k == 0 ? pc + 3 : w[pc + 2];
      return k < 2;
    case opLoadUsers:
      to = k == 0 ? pc + 4 : w[pc + 3];
      return k < 2;
    case opNargsLoadUsers:
      to = k == 0 ? pc + 5 : w[pc + 4];
      return k < 2;
    case opCheckOpAccept:
      to = w[pc + 3];
      return k == 0;
    case opSwitchOp:
    case opSwitchNargs: {
      if (k == 0) {
        to = w[pc + 3];
        return true;
      }
      // The (k-1)-th occupied slot that leads to code.
      uint64_t count = uint64_t(1) << (32 - w[pc + 2]);
      for (uint64_t i = 0, seen = 0; i != count; ++i) {
        const SwitchSlot &s = prog.slots[w[pc + 1] + i];
        if (s.value == noIndex || (s.target & acceptBit))
          continue;
        if (++seen == k) {
          to = s.target;
          return true;
        }
      }
      return false;
    }
    default: // Accept, Fail
      return false;
    }
  }

  Error reg(uint32_t pc, uint32_t r) {
    return r < numRegisters ? Error::success()
                            : fail("register " + std::to_string(r) + " at " +
                                   std::to_string(pc));
  }

  Error pattern(uint32_t pc, uint32_t p) {
    return p < numPatterns ? Error::success()
                           : fail("pattern " + std::to_string(p) + " at " +
                                  std::to_string(pc));
  }

  /// The instruction at \p pc is whole and known; its registers, patterns
  /// and switch slots are in range (its jumps are checked as they are
  /// followed).
  Error checkInstruction(uint32_t pc) {
    const std::vector<uint32_t> &w = prog.code;
    uint32_t op = w[pc] & 0xFF, size = programInstructionSize(op);
    // The interpreter dispatches on the low four bits.
    if (size == 0 || op > 0xF || pc + size > w.size())
      return fail("instruction " + std::to_string(w[pc]) + " at " +
                  std::to_string(pc));
    uint32_t r = w[pc] >> 8;
    switch (op) {
    case table::OpLoad:
    case opLoadUsers:
    case opNargsLoadUsers:
      if (Error e = reg(pc, w[pc + 1]))
        return e;
      return reg(pc, r);
    case table::OpAccept:
      return pattern(pc, w[pc + 1]);
    case table::OpFail:
      return Error::success();
    case opCheckOpAccept:
      if (Error e = pattern(pc, w[pc + 2]))
        return e;
      return reg(pc, r);
    case opSwitchOp:
    case opSwitchNargs: {
      if (Error e = reg(pc, r))
        return e;
      if (Error e =
              checkSlots(w[pc + 1], w[pc + 2], "at " + std::to_string(pc)))
        return e;
      uint64_t count = uint64_t(1) << (32 - w[pc + 2]);
      for (uint64_t i = 0; i != count; ++i) {
        const SwitchSlot &s = prog.slots[w[pc + 1] + i];
        if (s.value != noIndex && (s.target & acceptBit))
          if (Error e = pattern(pc, s.target & ~acceptBit))
            return e;
      }
      return Error::success();
    }
    default: // CheckUsers, CheckOp, CheckNargs
      return reg(pc, r);
    }
  }

  const MatcherProgram &prog;
  uint32_t numRegisters, numPatterns;
  std::vector<State> state;
  std::vector<std::pair<uint32_t, uint32_t>> path;
};

} // namespace

Error checkProgram(const MatcherProgram &prog, uint32_t numRegisters,
                   uint32_t numPatterns, const std::vector<uint32_t> &entries) {
  ProgramChecker checker(prog, numRegisters, numPatterns);
  for (uint32_t entry : entries)
    if (Error e = checker.checkFrom(entry))
      return e;
  for (size_t f = 0; f != prog.filters.size(); ++f) {
    const BucketFilter &filter = prog.filters[f];
    std::string at = "filter " + std::to_string(f);
    if (Error e = checker.checkSlots(filter.firstSlot, filter.shift, at))
      return e;
    if (filter.fallback != table::noPattern && filter.fallback >= numPatterns)
      return checker.fail(at + " falls back to pattern " +
                          std::to_string(filter.fallback));
    uint64_t count = uint64_t(1) << (32 - filter.shift);
    for (uint64_t i = 0; i != count; ++i) {
      const SwitchSlot &s = prog.slots[filter.firstSlot + i];
      if (s.value != noIndex)
        if (Error e = checker.checkFrom(s.target))
          return e;
    }
  }
  return Error::success();
}

} // namespace bpat::rt::detail
