//===- MatcherTableProgram.cpp - A table's code, ready to run -------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
//
// Patches the superinstructions of detail/MatcherProgram.h into a copy of a
// validated table's code. Only the builder's shapes are sped up; anything
// else stays a plain instruction, which the interpreter runs as before.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/detail/MatcherProgram.h"

#include <map>

namespace bpat::rt::detail {

using namespace table;

namespace {

/// The fail target of a check instruction at \p pc, or noIndex.
uint32_t failOf(const uint32_t *w, uint64_t pc) {
  switch (w[pc] & 0xFF) {
  case OpCheckUsers:
    return w[pc + 1];
  case OpCheckOp:
  case OpCheckNargs:
    return w[pc + 2];
  default:
    return noIndex;
  }
}

void buildChain(MatcherProgram &prog, const std::vector<uint32_t> &elements) {
  Chain c;
  uint32_t n = static_cast<uint32_t>(elements.size());
  size_t slots = 2;
  uint32_t bits = 1;
  while (slots < 2 * size_t(n)) {
    slots *= 2;
    ++bits;
  }
  c.shift = 32 - bits;
  c.slotKey.assign(slots, noOpKey);
  c.slotElement.assign(slots, noIndex);
  c.nextSame.assign(n, noIndex);
  std::map<uint32_t, uint32_t> lastWithKey;
  for (uint32_t e = 0; e != n; ++e) {
    uint32_t key = prog.tests[elements[e]].key;
    c.test.push_back(elements[e]);
    auto [it, first] = lastWithKey.emplace(key, e);
    if (!first) {
      c.nextSame[it->second] = e;
      it->second = e;
      continue;
    }
    uint32_t s = c.slot(key);
    while (c.slotKey[s] != noOpKey)
      s = (s + 1) & (slots - 1);
    c.slotKey[s] = key;
    c.slotElement[s] = e;
  }
  uint32_t index = static_cast<uint32_t>(prog.chains.size());
  for (uint32_t e = 0; e != n; ++e) {
    Test &test = prog.tests[elements[e]];
    test.chain = index;
    test.element = e;
  }
  c.end = prog.tests[elements.back()].fail;
  prog.chains.push_back(std::move(c));
}

} // namespace

MatcherProgram compileProgram(const MatcherTableView &t) {
  MatcherProgram prog;
  const uint32_t *w = t.words;
  prog.code.assign(w, w + t.numWords);
  uint64_t begin = t.header(HCodeOffset);
  uint64_t end = begin + t.header(HCodeSize);
  auto opAt = [&](uint64_t pc) { return pc < end ? w[pc] & 0xFF : 0; };

  std::map<uint32_t, uint32_t> testAt; // code offset -> test
  for (uint64_t pc = begin; pc < end; pc += instructionSize(w[pc] & 0xFF)) {
    uint32_t op = w[pc] & 0xFF, r = w[pc] >> 8;
    if (op == OpLoad && opAt(pc + 3) == OpCheckUsers && w[pc + 3] >> 8 == r) {
      prog.code[pc] = opLoadUsers | (r << 8);
      continue;
    }
    if (op != OpCheckOp || prog.tests.size() >= (1u << 24))
      continue;
    Test test;
    test.r = r;
    test.key = w[pc + 1];
    test.fail = w[pc + 2];
    uint64_t next = pc + 3;
    if (opAt(next) == OpCheckNargs && w[next] >> 8 == r &&
        w[next + 2] == test.fail) {
      test.nargs = w[next + 1];
      next += 3;
    }
    test.next = static_cast<uint32_t>(next);
    if (opAt(next) == OpAccept)
      test.accept = w[next + 1];
    uint32_t index = static_cast<uint32_t>(prog.tests.size());
    prog.tests.push_back(test);
    prog.code[pc] = opTest | (index << 8);
    testAt.emplace(static_cast<uint32_t>(pc), index);
  }

  // Chains: tests of one register, each failing to the next.
  for (const auto &[Pc, Index] : testAt) {
    if (prog.tests[Index].chain != noIndex)
      continue;
    std::vector<uint32_t> elements{Index};
    for (;;) {
      auto it = testAt.find(prog.tests[elements.back()].fail);
      if (it == testAt.end() || prog.tests[it->second].chain != noIndex ||
          prog.tests[it->second].r != prog.tests[Index].r)
        break;
      elements.push_back(it->second);
    }
    if (elements.size() >= 2)
      buildChain(prog, elements);
  }
  // A LoadUsers whose register the next instruction tests runs both.
  for (uint64_t pc = begin; pc < end; pc += instructionSize(w[pc] & 0xFF)) {
    uint32_t word = prog.code[pc];
    if ((word & 0xFF) == opLoadUsers && pc + 5 < end &&
        (prog.code[pc + 5] & 0xFF) == opTest &&
        prog.tests[prog.code[pc + 5] >> 8].r == word >> 8)
      prog.code[pc] = opLoadUsersTest | (word & ~0xFFu);
  }
  return prog;
}

} // namespace bpat::rt::detail
