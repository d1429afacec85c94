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
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv3d")})}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("conv")}), "f"));
  bc.setPatternConfig(cfg(fn("add", {mod("conv"), any()})));
  bc.setPatternConfig(cfg(mod("relu")));
  bc.setPatternConfig(cfg(mod("conv")));
  return bc;
}

TEST(Table, BuildValidateAndStats) {
  BackendConfig bc = sample();
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t)) << t.message();
  EXPECT_FALSE(static_cast<bool>(validateTable(t->view())));
  TableStats s = tableStats(t->view());
  EXPECT_EQ(s.numPatterns, 6u);
  EXPECT_EQ(s.numBuckets, 3u); // relu, add, conv
  EXPECT_EQ(s.maxDepth, 3u);
  EXPECT_EQ(s.numStrings, 5u);
  EXPECT_EQ(s.bytes, t->words.size() * 4 + t->strings.size());
  EXPECT_DOUBLE_EQ(s.bytesPerPattern, double(s.bytes) / 6);
  // Shared checks in the relu bucket: nargs r0==1, users r1, op r1 bn,
  // nargs r1==1, users r2 are shared by the two 3-op chains.
  EXPECT_GE(s.numGroups, 3u);
  EXPECT_EQ(s.numRegisters, 3u);

  std::string listing = disassembleTable(t->view());
  EXPECT_NE(listing.find("bucket module \"relu\""), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("op r1 module \"bn\""), std::string::npos) << listing;
  // The conv3d chain shares the bn prefix: "op r1 module bn" appears once.
  size_t first = listing.find("op r1 module \"bn\"");
  EXPECT_EQ(listing.find("op r1 module \"bn\"", first + 1), std::string::npos)
      << listing;

  Expected<MatcherTable> tf = MatcherTableBuilder(bc).build(MatchMode::Fuse);
  ASSERT_TRUE(static_cast<bool>(tf));
  EXPECT_EQ(tableStats(tf->view()).numPatterns, 3u);
  EXPECT_EQ(tableStats(tf->view()).numBuckets, 1u);
}

TEST(Table, RunsFromPlainArrays) {
  // What generated code does: the words and strings as static arrays.
  BackendConfig bc = sample();
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t));
  static uint32_t words[1024];
  static char strings[256];
  ASSERT_LE(t->words.size(), 1024u);
  ASSERT_LE(t->strings.size(), 256u);
  std::copy(t->words.begin(), t->words.end(), words);
  std::copy(t->strings.begin(), t->strings.end(), strings);
  MatcherTableView v{words, t->words.size(), strings, t->strings.size()};
  Expected<TableMatcher> tm = TableMatcher::create(v);
  ASSERT_TRUE(static_cast<bool>(tm)) << tm.message();

  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("conv", "conv", {ref(x)});
  NodeId n = b.module("bn", "bn", {ref(c)});
  NodeId r = b.module("relu", "relu", {ref(n)});
  b.output({ref(r)});
  MatchMap m = tm->match(b.g);
  EXPECT_EQ(describe(b.g, m), (Described{{"conv", {"relu", 0}},
                                         {"bn", {"relu", 0}},
                                         {"relu", {"relu", 0}}}));
  EXPECT_EQ(tm->configIndex(0), 0u);
}

TEST(Table, CutAfterAlwaysMatchingPattern) {
  BackendConfig bc;
  bc.setPatternConfig(cfg(fn("add", {any(), any()})));
  bc.setPatternConfig(cfg(any()));
  bc.setPatternConfig(cfg(fn("mul")));
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t));
  std::string listing = disassembleTable(t->view());
  // The bare wildcard always matches, so mul's accept is dead and omitted.
  EXPECT_EQ(listing.find("accept pattern 2"), std::string::npos) << listing;
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId m = b.function("mul", "mul", {ref(x)});
  b.output({ref(m)});
  EXPECT_EQ(matchBoth(bc, b.g, MatchMode::Quantize),
            (Described{{"x", {"x", 1}},
                       {"mul", {"mul", 1}},
                       {"output", {"output", 1}}}));
}

TEST(Table, ValidationRejectsCorruptTables) {
  BackendConfig bc = sample();
  Expected<MatcherTable> good =
      MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(good));
  auto corrupt = [&](auto edit) {
    MatcherTable t = *good;
    edit(t);
    return static_cast<bool>(validateTable(t.view()));
  };
  EXPECT_TRUE(corrupt([](MatcherTable &T) { T.words[table::HMagic] ^= 1; }));
  EXPECT_TRUE(corrupt([](MatcherTable &T) { T.words.resize(5); }));
  EXPECT_TRUE(corrupt([](MatcherTable &T) { T.words[table::HMode] = 7; }));
  EXPECT_TRUE(corrupt([](MatcherTable &T) { T.strings.clear(); }));
  EXPECT_TRUE(
      corrupt([](MatcherTable &T) { T.words[table::HCodeSize] += 1000; }));
  // A jump backwards (could loop) or into the middle of an instruction.
  EXPECT_TRUE(corrupt([](MatcherTable &T) {
    uint32_t Code = T.words[table::HCodeOffset];
    for (uint32_t Pc = Code;;) {
      uint32_t Op = T.words[Pc] & 0xFF;
      if (Op == table::OpCheckNargs) {
        T.words[Pc + 2] = Pc;
        return;
      }
      Pc += table::instructionSize(Op);
    }
  }));
  EXPECT_TRUE(corrupt([](MatcherTable &T) {
    uint32_t Code = T.words[table::HCodeOffset];
    for (uint32_t Pc = Code;;) {
      uint32_t Op = T.words[Pc] & 0xFF;
      if (Op == table::OpCheckOp) {
        T.words[Pc + 2] = Pc + 4; // inside the next instruction
        return;
      }
      Pc += table::instructionSize(Op);
    }
  }));
  EXPECT_TRUE(corrupt([](MatcherTable &T) {
    uint32_t Code = T.words[table::HCodeOffset];
    T.words[Code] = table::OpLoad | (999u << 8);
  }));
  Expected<TableMatcher> tm = TableMatcher::create(MatcherTableView{});
  ASSERT_FALSE(static_cast<bool>(tm));
  EXPECT_NE(tm.message().find("invalid matcher table"), std::string::npos);
}

TEST(Table, InterleavedPatternsKeepPriorityOrder) {
  // Many patterns rooted at relu testing its argument for different ops and
  // argument counts, interleaved in priority order: the matcher merges them
  // into switches (detail/MatcherProgram.h) and must still pick the first
  // pattern that matches.
  BackendConfig bc;
  for (int i = 0; i != 40; ++i) {
    std::string op = "op" + std::to_string(i);
    bc.setPatternConfig(cfg(mod("relu", {mod(op, {mod("conv")})})));
    bc.setPatternConfig(cfg(mod("relu", {mod(op), any()})));
    if (i == 20)
      bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})})));
  }
  bc.setPatternConfig(cfg(mod("relu", {mod("op5")})));
  bc.setPatternConfig(cfg(mod("relu")));

  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c1 = b.module("c1", "conv", {ref(x)});
  NodeId o7 = b.module("o7", "op7", {ref(c1)});
  NodeId r1 = b.module("r1", "relu", {ref(o7)});
  NodeId c2 = b.module("c2", "conv", {ref(r1)});
  NodeId bn = b.module("bn", "bn", {ref(c2)});
  NodeId r2 = b.module("r2", "relu", {ref(bn)});
  NodeId o3 = b.module("o3", "op3", {ref(r2)});
  NodeId r3 = b.module("r3", "relu", {ref(o3), ref(x)});
  // op5 over a conv with two users: relu(op5(conv)) fails on the users
  // check, relu(op5) matches.
  NodeId c3 = b.module("c3", "conv", {ref(r3)});
  NodeId o5 = b.module("o5", "op5", {ref(c3)});
  NodeId r4 = b.module("r4", "relu", {ref(o5)});
  NodeId r5 = b.module("r5", "relu", {ref(c3)});
  b.output({ref(r4), ref(r5)});
  uint32_t relu7 = 14, reluBn = 42, relu3 = 7, relu5 = 81, relu = 82;
  ASSERT_EQ(bc.configs[relu7].pattern,
            mod("relu", {mod("op7", {mod("conv")})}));
  ASSERT_EQ(bc.configs[reluBn].pattern,
            mod("relu", {mod("bn", {mod("conv")})}));
  ASSERT_EQ(bc.configs[relu3].pattern, mod("relu", {mod("op3"), any()}));
  ASSERT_EQ(bc.configs[relu5].pattern, mod("relu", {mod("op5")}));
  ASSERT_EQ(bc.configs[relu].pattern, mod("relu"));
  Described d = matchBoth(bc, b.g, MatchMode::Quantize);
  EXPECT_EQ(d["r1"], std::make_pair(std::string("r1"), relu7));
  EXPECT_EQ(d["c1"], std::make_pair(std::string("r1"), relu7));
  EXPECT_EQ(d["r2"], std::make_pair(std::string("r2"), reluBn));
  EXPECT_EQ(d["r3"], std::make_pair(std::string("r3"), relu3));
  EXPECT_EQ(d["x"], std::make_pair(std::string("r3"), relu3));
  EXPECT_EQ(d["r4"], std::make_pair(std::string("r4"), relu5));
  EXPECT_EQ(d["o5"], std::make_pair(std::string("r4"), relu5));
  EXPECT_EQ(d.count("c3"), 0u);
  EXPECT_EQ(d["r5"], std::make_pair(std::string("r5"), relu));
  for (auto &c : bc.configs)
    c.fuserMethod = "f";
  matchBoth(bc, b.g, MatchMode::Fuse);
}

TEST(Table, BucketFilterOnTheFirstArgument) {
  // Every relu pattern but the lone op needs relu's first argument to be a
  // bn, conv or linear: the matcher decides on that argument's op first
  // (detail/MatcherProgram.h, BucketFilter), then runs only the patterns
  // needing it, then the lone relu. The add patterns have no such argument
  // (a wildcard first), so their bucket runs without a filter. (The checks
  // of the filter's key lead past the first op check of r0.args[0].)
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("conv")}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("linear"), any()}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("bn")}), "f"));
  bc.setPatternConfig(cfg(fn("add", {any(), mod("conv")}), "f"));
  bc.setPatternConfig(cfg(mod("relu"), "f"));
  bc.setPatternConfig(cfg(fn("add"), "f"));

  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c1 = b.module("c1", "conv", {ref(x)});
  NodeId n1 = b.module("n1", "bn", {ref(c1)});
  NodeId r1 = b.module("r1", "relu", {ref(n1)}); // relu(bn(conv))
  NodeId l = b.module("l", "linear", {ref(r1)});
  NodeId r2 = b.module("r2", "relu", {ref(l)}); // linear, one arg: lone relu
  NodeId r3 = b.module("r3", "relu", {ref(r2), ref(x)}); // relu's arg: lone
  NodeId n2 = b.module("n2", "bn", {ref(r3)});
  NodeId r4 = b.module("r4", "relu", {ref(n2)}); // relu(bn), bn over relu
  NodeId r5 = b.module("r5", "relu", {});        // no argument: lone relu
  NodeId c2 = b.module("c2", "conv", {ref(r5)});
  NodeId a = b.function("a", "add", {lit(1), ref(c2)}); // add(_, conv)
  NodeId l2 = b.module("l2", "linear", {ref(a)});
  NodeId r6 = b.module("r6", "relu", {ref(l2), ref(x)}); // relu(linear, _)
  b.output({ref(r6)});
  Described d = matchBoth(bc, b.g, MatchMode::Quantize);
  using E = std::pair<std::string, uint32_t>;
  EXPECT_EQ(d["r1"], E("r1", 0));
  EXPECT_EQ(d["c1"], E("r1", 0));
  EXPECT_EQ(d["r2"], E("r2", 5));
  EXPECT_EQ(d.count("l"), 0u);
  EXPECT_EQ(d["r3"], E("r3", 5));
  EXPECT_EQ(d["r4"], E("r4", 3));
  EXPECT_EQ(d["n2"], E("r4", 3));
  EXPECT_EQ(d["r5"], E("r5", 5));
  EXPECT_EQ(d["a"], E("a", 4));
  EXPECT_EQ(d["c2"], E("a", 4));
  EXPECT_EQ(d["r6"], E("r6", 2));
  EXPECT_EQ(d["l2"], E("r6", 2));
  EXPECT_EQ(d["x"], E("r6", 2));

  // Without the lone relu, a relu whose argument no pattern needs is not
  // matched at all.
  bc.configs.erase(bc.configs.begin() + 5);
  Described noLone = matchBoth(bc, b.g, MatchMode::Fuse);
  EXPECT_EQ(noLone.count("r2"), 0u);
  EXPECT_EQ(noLone.count("r3"), 0u);
  EXPECT_EQ(noLone.count("r5"), 0u);
  EXPECT_EQ(noLone["r1"], E("r1", 0));
  EXPECT_EQ(noLone["r6"], E("r6", 2));
  EXPECT_EQ(noLone.count("x"), 0u); // fuse: a wildcard claims nothing
}

TEST(Table, RunOnOneNodeWithKeysOfNoOp) {
  // TableMatcher::run on a view whose op keys say "no op" (table::noOpKey)
  // for an argument: a switch on that key finds no pattern needing it (the
  // key equals no value, not even an empty slot's marker).
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})})));
  bc.setPatternConfig(cfg(mod("relu", {mod("conv")})));
  bc.setPatternConfig(cfg(mod("relu", {mod("linear")})));
  bc.setPatternConfig(cfg(mod("relu")));
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t));
  Expected<TableMatcher> tm = TableMatcher::create(t->view());
  ASSERT_TRUE(static_cast<bool>(tm)) << tm.message();
  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("c", "conv", {ref(x)});
  NodeId r = b.module("r", "relu", {ref(c)});
  b.output({ref(r)});
  InternedGraph ig = tm->intern(b.g);
  std::vector<uint32_t> regs(tm->numRegisters(), table::nonNode);
  EXPECT_EQ(tm->configIndex(tm->run(ig, r, regs.data())), 1u); // relu(conv)
  ig.opKey[c] = table::noOpKey;
  EXPECT_EQ(tm->configIndex(tm->run(ig, r, regs.data())), 3u); // lone relu
  ig.opKey[r] = table::noOpKey;
  EXPECT_EQ(tm->run(ig, r, regs.data()), table::noPattern);
}

TEST(Table, RunsCodeNotInTheBuildersShape) {
  // A valid table whose bucket is not a prefix tree of the builder's shape
  // (a check jumps out of its parent's subtree) runs as the table says.
  BackendConfig bc;
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})})));
  bc.setPatternConfig(cfg(mod("relu", {mod("bn")})));
  Expected<MatcherTable> t = MatcherTableBuilder(bc).build(MatchMode::Quantize);
  ASSERT_TRUE(static_cast<bool>(t));
  MatcherTable patched = *t;
  // "op r2 conv else <accept pattern 1>" now fails to the bucket's Fail.
  uint32_t end =
      patched.words[table::HCodeOffset] + patched.words[table::HCodeSize];
  uint32_t failPc = 0, convCheck = 0;
  for (uint32_t pc = patched.words[table::HCodeOffset]; pc < end;) {
    uint32_t op = patched.words[pc] & 0xFF;
    if (op == table::OpFail && !failPc)
      failPc = pc;
    if (op == table::OpCheckOp && patched.words[pc] >> 8 == 2)
      convCheck = pc;
    pc += table::instructionSize(op);
  }
  ASSERT_TRUE(failPc && convCheck) << disassembleTable(t->view());
  patched.words[convCheck + 2] = failPc;
  ASSERT_FALSE(static_cast<bool>(validateTable(patched.view())));
  Expected<TableMatcher> tm = TableMatcher::create(patched.view());
  ASSERT_TRUE(static_cast<bool>(tm)) << tm.message();

  GraphBuilder b;
  NodeId x = b.input("x");
  NodeId c = b.module("c", "conv", {ref(x)});
  NodeId n1 = b.module("n1", "bn", {ref(c)});
  NodeId r1 = b.module("r1", "relu", {ref(n1)});
  NodeId l = b.module("l", "linear", {ref(r1)});
  NodeId n2 = b.module("n2", "bn", {ref(l)});
  NodeId r2 = b.module("r2", "relu", {ref(n2)});
  b.output({ref(r2)});
  // relu(bn(linear)) would match pattern 1; the patched code fails it.
  EXPECT_EQ(
      describe(b.g, tm->match(b.g)),
      (Described{{"c", {"r1", 0}}, {"n1", {"r1", 0}}, {"r1", {"r1", 0}}}));
  EXPECT_EQ(describe(b.g, tm->matchInterned(b.g)),
            describe(b.g, tm->match(b.g)));
}

} // namespace
