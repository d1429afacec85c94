//===- MatcherTableProgram.cpp - A table's code, ready to run -------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
//
// Rebuilds the buckets of a validated table as detail/MatcherProgram.h
// describes: each pattern's check sequence is read off the bucket's prefix
// tree (a check's subtree ends at its fail target), and the sequences are
// merged again, level by level, with switches where runs of patterns test
// one register for different values. A bucket not in the builder's shape is
// left to the table's own code.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/detail/MatcherProgram.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace bpat::rt::detail {

using namespace table;

namespace {

/// One check of a pattern's sequence (LoadUsers, CheckUsers, CheckOp,
/// CheckNargs) or its Accept (A = pattern).
struct Step {
  uint32_t op = 0, r = 0, a = 0, b = 0;
  friend bool operator==(const Step &x, const Step &y) {
    return x.op == y.op && x.r == y.r && x.a == y.a && x.b == y.b;
  }
};
using Sequence = std::vector<Step>;

/// Reads the patterns of the prefix tree in [Pc, End) into \p out, in
/// order, each ending with its Accept. False if the code is not a prefix
/// tree in the builder's shape.
bool readTree(const uint32_t *w, uint32_t pc, uint32_t end, Sequence &path,
              std::vector<Sequence> &out, bool topLevel) {
  while (pc < end) {
    uint32_t op = w[pc] & 0xFF, r = w[pc] >> 8;
    if (op == OpAccept) {
      path.push_back({OpAccept, 0, w[pc + 1], 0});
      out.push_back(path);
      path.pop_back();
      if (topLevel)
        return true; // nothing after it is reachable
      pc += 2;
      continue;
    }
    if (op == OpFail)
      return topLevel;
    Step s;
    uint32_t sub, fail;
    if (op == OpLoad) {
      // Always followed by the CheckUsers of its register, whose subtree
      // is the Load's.
      if (pc + 5 > end || (w[pc + 3] & 0xFF) != OpCheckUsers ||
          w[pc + 3] >> 8 != r)
        return false;
      s = {opLoadUsers, r, w[pc + 1], w[pc + 2]};
      sub = pc + 5;
      fail = w[pc + 4];
    } else if (op == OpCheckUsers) {
      s = {op, r, 0, 0};
      sub = pc + 2;
      fail = w[pc + 1];
    } else if (op == OpCheckOp || op == OpCheckNargs) {
      s = {op, r, w[pc + 1], 0};
      sub = pc + 3;
      fail = w[pc + 2];
    } else {
      return false;
    }
    if (fail <= pc || (!topLevel && fail > end))
      return false;
    path.push_back(s);
    bool ok = readTree(w, sub, fail, path, out, false);
    path.pop_back();
    if (!ok)
      return false;
    pc = fail;
  }
  return !topLevel;
}

/// A forward reference: code slots waiting for an offset.
struct Label {
  std::vector<uint32_t> slots;
  uint32_t target = noIndex;
};

class Emitter {
public:
  Emitter(MatcherProgram &prog) : prog(prog) {}

  /// Emits code trying the patterns \p items (sequence, next step) in
  /// order; when none matches, control goes to \p fail. Returns its offset.
  uint32_t emitList(std::vector<std::pair<const Sequence *, size_t>> items,
                    Label &fail);

private:
  void use(Label &l, uint32_t slot) {
    if (l.target != noIndex)
      prog.code[slot] = l.target;
    else
      l.slots.push_back(slot);
  }
  void bind(Label &l, uint32_t pc) {
    l.target = pc;
    for (uint32_t s : l.slots)
      prog.code[s] = pc;
  }
  uint32_t here() const { return static_cast<uint32_t>(prog.code.size()); }
  void emitRun(const std::vector<std::pair<const Sequence *, size_t>> &run,
               Label &fail);

  MatcherProgram &prog;
};

uint32_t
Emitter::emitList(std::vector<std::pair<const Sequence *, size_t>> items,
                  Label &fail) {
  uint32_t start = here();
  // Runs: an Accept alone (it ends the list); a switchable check (CheckOp or
  // CheckNargs of one register, any value); or one identical step.
  size_t i = 0;
  std::vector<Label> next(items.size() + 1);
  bool first = true;
  while (i < items.size()) {
    const Step &s = (*items[i].first)[items[i].second];
    size_t j = i + 1;
    if (s.op != OpAccept) {
      bool switchable = s.op == OpCheckOp || s.op == OpCheckNargs;
      while (j < items.size()) {
        const Step &t = (*items[j].first)[items[j].second];
        if (switchable ? t.op != s.op || t.r != s.r : !(t == s))
          break;
        ++j;
      }
    }
    if (!first)
      bind(next[i], here());
    first = false;
    bool last = s.op == OpAccept || j == items.size();
    std::vector<std::pair<const Sequence *, size_t>> run(items.begin() + i,
                                                         items.begin() + j);
    emitRun(run, last ? fail : next[j]);
    if (s.op == OpAccept)
      break;
    i = j;
  }
  return start;
}

void Emitter::emitRun(
    const std::vector<std::pair<const Sequence *, size_t>> &run, Label &fail) {
  const Step &s = (*run[0].first)[run[0].second];
  auto advanced = [](std::vector<std::pair<const Sequence *, size_t>> v) {
    for (auto &item : v)
      ++item.second;
    return v;
  };
  switch (s.op) {
  case OpAccept:
    prog.code.insert(prog.code.end(), {OpAccept, s.a});
    return;
  case opLoadUsers:
    prog.code.insert(prog.code.end(), {opLoadUsers | (s.r << 8), s.a, s.b, 0});
    use(fail, here() - 1);
    emitList(advanced(run), fail);
    return;
  case OpCheckUsers:
    prog.code.insert(prog.code.end(), {OpCheckUsers | (s.r << 8), 0});
    use(fail, here() - 1);
    emitList(advanced(run), fail);
    return;
  default:
    break;
  }
  // CheckOp / CheckNargs: the patterns grouped by value, each group in order.
  std::vector<uint32_t> values;
  std::map<uint32_t, std::vector<std::pair<const Sequence *, size_t>>> groups;
  for (const auto &item : run) {
    uint32_t v = (*item.first)[item.second].a;
    auto &g = groups[v];
    if (g.empty())
      values.push_back(v);
    g.push_back(item);
  }
  if (values.size() == 1) {
    std::vector<std::pair<const Sequence *, size_t>> next = advanced(run);
    const Step &n = (*next[0].first)[next[0].second];
    if (s.op == OpCheckOp && n.op == OpAccept) {
      // Nothing after the Accept is reachable.
      prog.code.insert(prog.code.end(),
                       {opCheckOpAccept | (s.r << 8), s.a, n.a, 0});
      use(fail, here() - 1);
      return;
    }
    if (s.op == OpCheckNargs && n.op == opLoadUsers && n.a == s.r &&
        n.b < s.a &&
        std::all_of(next.begin(), next.end(), [&](const auto &item) {
          return (*item.first)[item.second] == n;
        })) {
      prog.code.insert(prog.code.end(),
                       {opNargsLoadUsers | (n.r << 8), s.r, s.a, n.b, 0});
      use(fail, here() - 1);
      emitList(advanced(next), fail);
      return;
    }
    prog.code.insert(prog.code.end(), {s.op | (s.r << 8), s.a, 0});
    use(fail, here() - 1);
    emitList(std::move(next), fail);
    return;
  }
  uint32_t bits = 1;
  while ((size_t(1) << bits) < 2 * values.size())
    ++bits;
  uint32_t shift = 32 - bits;
  uint32_t first = static_cast<uint32_t>(prog.slots.size());
  prog.slots.resize(first + (size_t(1) << bits));
  prog.code.insert(
      prog.code.end(),
      {(s.op == OpCheckOp ? opSwitchOp : opSwitchNargs) | (s.r << 8), first,
       shift, 0});
  use(fail, here() - 1);
  uint32_t mask = (1u << bits) - 1;
  for (uint32_t v : values) {
    std::vector<std::pair<const Sequence *, size_t>> group =
        advanced(groups[v]);
    const Step &n = (*group[0].first)[group[0].second];
    // A group that starts with an Accept is that pattern.
    uint32_t target = n.op == OpAccept && n.a < acceptBit
                          ? acceptBit | n.a
                          : emitList(std::move(group), fail);
    uint32_t i = (v * 2654435761u) >> shift;
    while (prog.slots[first + i].value != noIndex)
      i = (i + 1) & mask;
    prog.slots[first + i] = SwitchSlot{v, target};
  }
}

/// The filter of a bucket whose patterns \p patterns (in order) all need
/// the anchor's first argument to have one of a set of op keys before the
/// first pattern that is the lone op (the fallback; patterns after it are
/// unreachable). Each key leads to the code of the patterns needing it and
/// the fallback. Adds the filter to \p prog and returns its index, or
/// noIndex when the bucket has no such filter.
uint32_t addFilter(MatcherProgram &prog, Emitter &emitter,
                   const std::vector<Sequence> &patterns, Label &fail) {
  std::vector<uint32_t> witness; // per pattern before the fallback
  // The patterns without that op check, which the key's slot has done.
  std::vector<Sequence> trimmed;
  const Sequence *fallback = nullptr;
  for (const Sequence &seq : patterns) {
    if (seq.size() == 1) {
      fallback = &seq; // the lone op's Accept
      break;
    }
    // The register of r0.args[0], then the first op check on it.
    uint32_t reg = noIndex, key = noIndex;
    size_t at = 0;
    for (; at != seq.size(); ++at) {
      const Step &st = seq[at];
      if (reg == noIndex && st.op == opLoadUsers && st.a == 0 && st.b == 0) {
        reg = st.r;
      } else if (reg != noIndex && st.r == reg) {
        if (st.op == OpCheckOp)
          key = st.a;
        if (st.op == OpCheckOp || st.op == opLoadUsers)
          break; // checked, or the register reused for another position
      }
    }
    if (key == noIndex)
      return noIndex;
    witness.push_back(key);
    trimmed.push_back(seq);
    trimmed.back().erase(trimmed.back().begin() + at);
  }
  if (witness.empty())
    return noIndex;
  std::vector<uint32_t> keys = witness;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  uint32_t bits = 1;
  while ((size_t(1) << bits) < 2 * keys.size())
    ++bits;
  BucketFilter f;
  f.shift = 32 - bits;
  f.firstSlot = static_cast<uint32_t>(prog.slots.size());
  f.fallback = fallback ? (*fallback)[0].a : noPattern;
  prog.slots.resize(f.firstSlot + (size_t(1) << bits));
  uint32_t mask = (1u << bits) - 1;
  for (uint32_t k : keys) {
    // Patterns needing another key there cannot match.
    std::vector<std::pair<const Sequence *, size_t>> items;
    for (size_t p = 0; p != witness.size(); ++p)
      if (witness[p] == k)
        items.emplace_back(&trimmed[p], 0);
    if (fallback)
      items.emplace_back(fallback, 0);
    uint32_t target = emitter.emitList(std::move(items), fail);
    uint32_t i = (k * 2654435761u) >> f.shift;
    while (prog.slots[f.firstSlot + i].value != noIndex)
      i = (i + 1) & mask;
    prog.slots[f.firstSlot + i] = SwitchSlot{k, target};
  }
  prog.filters.push_back(f);
  return static_cast<uint32_t>(prog.filters.size() - 1);
}

} // namespace

MatcherProgram compileProgram(const MatcherTableView &t,
                              std::vector<uint32_t> &bucketStarts,
                              std::vector<uint32_t> &filterOf) {
  MatcherProgram prog;
  const uint32_t *w = t.words;
  prog.code.assign(w, w + t.numWords);
  uint32_t end = t.header(HCodeOffset) + t.header(HCodeSize);
  // Every rebuilt bucket fails to one shared Fail.
  Label fail;
  uint32_t failPc = static_cast<uint32_t>(prog.code.size());
  prog.code.push_back(OpFail);
  fail.target = failPc;
  Emitter emitter(prog);
  // Old start -> (new start, filter).
  std::map<uint32_t, std::pair<uint32_t, uint32_t>> done;
  filterOf.assign(bucketStarts.size(), noIndex);
  for (size_t b = 0; b != bucketStarts.size(); ++b) {
    uint32_t &start = bucketStarts[b];
    if (auto it = done.find(start); it != done.end()) {
      std::tie(start, filterOf[b]) = it->second;
      continue;
    }
    Sequence path;
    std::vector<Sequence> patterns;
    uint32_t old = start;
    if (readTree(w, start, end, path, patterns, true)) {
      std::vector<std::pair<const Sequence *, size_t>> items;
      for (const Sequence &s : patterns)
        items.emplace_back(&s, 0);
      start = items.empty() ? failPc : emitter.emitList(items, fail);
      filterOf[b] = addFilter(prog, emitter, patterns, fail);
    }
    done.emplace(old, std::make_pair(start, filterOf[b]));
  }
  return prog;
}

} // namespace bpat::rt::detail
