//===- MatcherProgramCheckTest.cpp - The derived program's check ----------===//
//
// Part of the bpat project: runtime unit tests.
//
// detail::checkProgram accepts what TableMatcher::create derives (every
// table of the other tests goes through it) and rejects, each with its own
// message, the faults that would make the interpreter read out of bounds or
// loop.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatcherTable.h"
#include "bpat/Runtime/detail/MatcherProgram.h"
#include "gtest/gtest.h"

using namespace bpat::rt;
using namespace bpat::rt::detail;

namespace {

constexpr uint32_t numRegisters = 3, numPatterns = 2;

/// A valid program: r1 = arg 0 of r0 with one user; a switch on r1's op key
/// sends key 7 to pattern 1 (accepted in the slot) and key 9 to a CheckOp,
/// which accepts pattern 0; everything else fails.
MatcherProgram valid() {
  MatcherProgram p;
  p.code = {/*0*/ opLoadUsers | 1 << 8,
            0,
            0,
            10,
            /*4*/ opSwitchOp | 1 << 8,
            0,
            31,
            10,
            /*8*/ table::OpAccept,
            0,
            /*10*/ table::OpFail,
            /*11*/ table::OpCheckOp | 1 << 8,
            9,
            10,
            /*14*/ table::OpAccept,
            0};
  // Four slots (shift 30), two of them empty.
  p.code[6] = 30;
  p.slots = {SwitchSlot{7, acceptBit | 1}, SwitchSlot{}, SwitchSlot{},
             SwitchSlot{9, 11}};
  return p;
}

std::string check(const MatcherProgram &p,
                  std::vector<uint32_t> entries = {0}) {
  bpat::rt::Error e = checkProgram(p, numRegisters, numPatterns, entries);
  return e ? e.message() : "ok";
}

const std::string bug =
    "inconsistent matcher program (a bug of TableMatcher::create): ";

TEST(MatcherProgramCheck, AcceptsAValidProgram) {
  EXPECT_EQ(check(valid()), "ok");
  EXPECT_EQ(check(valid(), {0, 11, 10}), "ok");
}

TEST(MatcherProgramCheck, RejectsEachFault) {
  MatcherProgram p = valid();
  p.code[0] = opLoadUsers | 3 << 8;
  EXPECT_EQ(check(p), bug + "register 3 at 0");

  p = valid();
  p.code[1] = 5; // the parent register
  EXPECT_EQ(check(p), bug + "register 5 at 0");

  p = valid();
  p.code[15] = 2;
  EXPECT_EQ(check(p), bug + "pattern 2 at 14");

  p = valid();
  p.slots[0].target = acceptBit | 2;
  EXPECT_EQ(check(p), bug + "pattern 2 at 4");

  p = valid();
  p.code[3] = 40;
  EXPECT_EQ(check(p), bug + "jump from 0 to 40");

  p = valid();
  p.code[13] = 4; // the CheckOp fails back to the switch above it
  EXPECT_EQ(check(p), bug + "a loop through 4");

  p = valid();
  p.code[14] = 12; // not an opcode
  EXPECT_EQ(check(p), bug + "instruction 12 at 14");

  p = valid();
  p.code.resize(15); // the last Accept cut short
  EXPECT_EQ(check(p), bug + "instruction 5 at 14");

  p = valid();
  p.slots[1] = SwitchSlot{8, 10};
  p.slots[2] = SwitchSlot{6, 10};
  EXPECT_EQ(check(p), bug + "at 4: switch without an empty slot");

  p = valid();
  p.code[5] = 2; // slots 2..5 of 4
  EXPECT_EQ(check(p), bug + "at 4: switch slots out of range");

  p = valid();
  p.code[6] = 0;
  EXPECT_EQ(check(p), bug + "at 4: switch shift 0");

  EXPECT_EQ(check(valid(), {16}), bug + "entry 16");
}

TEST(MatcherProgramCheck, ChecksFilters) {
  MatcherProgram p = valid();
  // A filter with slots of its own: key 9 runs the CheckOp at 11.
  p.slots.insert(p.slots.end(),
                 {SwitchSlot{9, 11}, SwitchSlot{}, SwitchSlot{}, SwitchSlot{}});
  BucketFilter f;
  f.firstSlot = 4;
  f.shift = 30;
  p.filters.push_back(f);
  EXPECT_EQ(check(p, {}), "ok");
  p.filters[0].fallback = 2;
  EXPECT_EQ(check(p, {}), bug + "filter 0 falls back to pattern 2");
  p.filters[0].fallback = table::noPattern;
  p.filters[0].firstSlot = 5;
  EXPECT_EQ(check(p, {}), bug + "filter 0: switch slots out of range");
  // A filter's slot leads to code; the interpreter does not accept there.
  p.filters[0].firstSlot = 4;
  p.slots[4].target = acceptBit | 1;
  EXPECT_EQ(check(p, {}), bug + "entry 2147483649");
}

} // namespace
