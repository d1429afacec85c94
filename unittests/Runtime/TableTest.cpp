//===- TableTest.cpp - Matcher table format, stats and validation ---------===//
//
// Part of the bpat project: runtime unit tests.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

BackendConfig sample() {
  BackendConfig BC;
  BC.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})}), "f"));
  BC.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv3d")})}), "f"));
  BC.setPatternConfig(cfg(mod("relu", {mod("conv")}), "f"));
  BC.setPatternConfig(cfg(fn("add", {mod("conv"), any()})));
  BC.setPatternConfig(cfg(mod("relu")));
  BC.setPatternConfig(cfg(mod("conv")));
  return BC;
}

TEST(Table, BuildValidateAndStats) {
  BackendConfig BC = sample();
  Expected<MatcherTable> T = MatcherTableBuilder(BC).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(T)) << T.message();
  EXPECT_FALSE(static_cast<bool>(validateTable(T->view())));
  TableStats S = tableStats(T->view());
  EXPECT_EQ(S.NumPatterns, 6u);
  EXPECT_EQ(S.NumBuckets, 3u); // relu, add, conv
  EXPECT_EQ(S.MaxDepth, 3u);
  EXPECT_EQ(S.NumStrings, 5u);
  EXPECT_EQ(S.Bytes, T->Words.size() * 4 + T->Strings.size());
  EXPECT_DOUBLE_EQ(S.BytesPerPattern, double(S.Bytes) / 6);
  // Shared checks in the relu bucket: nargs r0==1, users r1, op r1 bn,
  // nargs r1==1, users r2 are shared by the two 3-op chains.
  EXPECT_GE(S.NumGroups, 3u);
  EXPECT_EQ(S.NumRegisters, 3u);

  std::string Listing = disassembleTable(T->view());
  EXPECT_NE(Listing.find("bucket module \"relu\""), std::string::npos)
      << Listing;
  EXPECT_NE(Listing.find("op r1 module \"bn\""), std::string::npos) << Listing;
  // The conv3d chain shares the bn prefix: "op r1 module bn" appears once.
  size_t First = Listing.find("op r1 module \"bn\"");
  EXPECT_EQ(Listing.find("op r1 module \"bn\"", First + 1), std::string::npos)
      << Listing;

  Expected<MatcherTable> TF = MatcherTableBuilder(BC).build(MatchMode::Fuse);
  ASSERT_TRUE(static_cast<bool>(TF));
  EXPECT_EQ(tableStats(TF->view()).NumPatterns, 3u);
  EXPECT_EQ(tableStats(TF->view()).NumBuckets, 1u);
}

TEST(Table, RunsFromPlainArrays) {
  // What generated code does: the words and strings as static arrays.
  BackendConfig BC = sample();
  Expected<MatcherTable> T = MatcherTableBuilder(BC).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(T));
  static uint32_t Words[1024];
  static char Strings[256];
  ASSERT_LE(T->Words.size(), 1024u);
  ASSERT_LE(T->Strings.size(), 256u);
  std::copy(T->Words.begin(), T->Words.end(), Words);
  std::copy(T->Strings.begin(), T->Strings.end(), Strings);
  MatcherTableView V{Words, T->Words.size(), Strings, T->Strings.size()};
  Expected<TableMatcher> TM = TableMatcher::create(V);
  ASSERT_TRUE(static_cast<bool>(TM)) << TM.message();

  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId C = B.module("conv", "conv", {ref(X)});
  NodeId N = B.module("bn", "bn", {ref(C)});
  NodeId R = B.module("relu", "relu", {ref(N)});
  B.output({ref(R)});
  MatchMap M = TM->match(B.G);
  EXPECT_EQ(describe(B.G, M), (Described{{"conv", {"relu", 0}},
                                         {"bn", {"relu", 0}},
                                         {"relu", {"relu", 0}}}));
  EXPECT_EQ(TM->configIndex(0), 0u);
}

TEST(Table, CutAfterAlwaysMatchingPattern) {
  BackendConfig BC;
  BC.setPatternConfig(cfg(fn("add", {any(), any()})));
  BC.setPatternConfig(cfg(any()));
  BC.setPatternConfig(cfg(fn("mul")));
  Expected<MatcherTable> T = MatcherTableBuilder(BC).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(T));
  std::string Listing = disassembleTable(T->view());
  // The bare wildcard always matches, so mul's accept is dead and omitted.
  EXPECT_EQ(Listing.find("accept pattern 2"), std::string::npos) << Listing;
  GraphBuilder B;
  NodeId X = B.input("x");
  NodeId M = B.function("mul", "mul", {ref(X)});
  B.output({ref(M)});
  EXPECT_EQ(matchBoth(BC, B.G, MatchMode::Quantize),
            (Described{{"x", {"x", 1}},
                       {"mul", {"mul", 1}},
                       {"output", {"output", 1}}}));
}

TEST(Table, ValidationRejectsCorruptTables) {
  BackendConfig BC = sample();
  Expected<MatcherTable> Good =
      MatcherTableBuilder(BC).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(Good));
  auto Corrupt = [&](auto Edit) {
    MatcherTable T = *Good;
    Edit(T);
    return static_cast<bool>(validateTable(T.view()));
  };
  EXPECT_TRUE(Corrupt([](MatcherTable &T) { T.Words[table::HMagic] ^= 1; }));
  EXPECT_TRUE(Corrupt([](MatcherTable &T) { T.Words.resize(5); }));
  EXPECT_TRUE(Corrupt([](MatcherTable &T) { T.Words[table::HMode] = 7; }));
  EXPECT_TRUE(Corrupt([](MatcherTable &T) { T.Strings.clear(); }));
  EXPECT_TRUE(
      Corrupt([](MatcherTable &T) { T.Words[table::HCodeSize] += 1000; }));
  // A jump backwards (could loop) or into the middle of an instruction.
  EXPECT_TRUE(Corrupt([](MatcherTable &T) {
    uint32_t Code = T.Words[table::HCodeOffset];
    for (uint32_t Pc = Code;;) {
      uint32_t Op = T.Words[Pc] & 0xFF;
      if (Op == table::OpCheckNargs) {
        T.Words[Pc + 2] = Pc;
        return;
      }
      Pc += table::instructionSize(Op);
    }
  }));
  EXPECT_TRUE(Corrupt([](MatcherTable &T) {
    uint32_t Code = T.Words[table::HCodeOffset];
    for (uint32_t Pc = Code;;) {
      uint32_t Op = T.Words[Pc] & 0xFF;
      if (Op == table::OpCheckOp) {
        T.Words[Pc + 2] = Pc + 4; // inside the next instruction
        return;
      }
      Pc += table::instructionSize(Op);
    }
  }));
  EXPECT_TRUE(Corrupt([](MatcherTable &T) {
    uint32_t Code = T.Words[table::HCodeOffset];
    T.Words[Code] = table::OpLoad | (999u << 8);
  }));
  Expected<TableMatcher> TM = TableMatcher::create(MatcherTableView{});
  ASSERT_FALSE(static_cast<bool>(TM));
  EXPECT_NE(TM.message().find("invalid matcher table"), std::string::npos);
}

} // namespace
