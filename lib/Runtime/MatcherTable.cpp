//===- MatcherTable.cpp - Validating and describing tables ----------------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/MatcherTable.h"

#include <string>
#include <vector>

namespace bpat::rt {

using namespace table;

std::string_view MatcherTableView::string(uint32_t id) const {
  const uint32_t *offsets = words + header(HStringsOffset);
  return std::string_view(strings + offsets[id], offsets[id + 1] - offsets[id]);
}

/// True if [Offset, Offset + Count) lies inside a table of \p size words.
static bool inBounds(uint64_t offset, uint64_t count, uint64_t size) {
  return offset <= size && count <= size - offset;
}

/// Checks the tree at \p pos, which must end by \p end.
static bool checkTree(const uint32_t *w, uint64_t pos, uint64_t end,
                      unsigned depth) {
  if (pos >= end || depth > 10000)
    return false;
  uint32_t word = w[pos];
  uint64_t size = treeSize(word);
  if (size == 0 || size > end - pos)
    return false;
  uint64_t child = pos + 1;
  for (uint32_t i = 0, e = treeNumChildren(word); i != e; ++i) {
    if (!checkTree(w, child, pos + size, depth + 1))
      return false;
    child += treeSize(w[child]);
  }
  return child == pos + size && (word >> 9) == size;
}

Error validateTable(const MatcherTableView &t) {
  auto fail = [](const std::string &msg) {
    return Error::failure("invalid matcher table: " + msg);
  };
  if (!t.words || t.numWords < HeaderSize)
    return fail("shorter than its header");
  if (t.header(HMagic) != magic)
    return fail("bad magic number");
  if (t.header(HVersion) != version)
    return fail("unsupported version " + std::to_string(t.header(HVersion)));
  if (t.header(HMode) > 1)
    return fail("bad match mode");
  uint32_t numRegs = t.header(HNumRegisters);
  if (numRegs == 0 || numRegs >= (1u << 24))
    return fail("bad register count");
  const uint64_t n = t.numWords;
  const uint32_t *w = t.words;

  uint32_t numStrings = t.header(HNumStrings);
  if (numStrings >= (1u << 29) ||
      !inBounds(t.header(HStringsOffset), uint64_t(numStrings) + 1, n))
    return fail("string offsets out of bounds");
  const uint32_t *sOff = w + t.header(HStringsOffset);
  for (uint32_t i = 0; i != numStrings; ++i)
    if (sOff[i] > sOff[i + 1])
      return fail("string offsets not ascending");
  if (sOff[numStrings] > t.stringsSize || (numStrings && !t.strings))
    return fail("string table too short");

  uint32_t numPatterns = t.header(HNumPatterns);
  if (!inBounds(t.header(HPatternsOffset), 2 * uint64_t(numPatterns), n))
    return fail("patterns out of bounds");
  uint64_t treesBegin = t.header(HTreesOffset);
  uint64_t treesSize = t.header(HTreesSize);
  if (!inBounds(treesBegin, treesSize, n))
    return fail("pattern trees out of bounds");
  for (uint32_t p = 0; p != numPatterns; ++p) {
    uint64_t tree = w[t.header(HPatternsOffset) + 2 * p + 1];
    if (!checkTree(w, treesBegin + tree, treesBegin + treesSize, 0) ||
        tree >= treesSize)
      return fail("malformed tree of pattern " + std::to_string(p));
  }

  uint64_t codeBegin = t.header(HCodeOffset);
  uint64_t codeEnd = codeBegin + t.header(HCodeSize);
  if (!inBounds(codeBegin, t.header(HCodeSize), n) || codeBegin == codeEnd)
    return fail("code out of bounds");
  std::vector<bool> boundary(codeEnd - codeBegin, false);
  std::vector<std::pair<uint64_t, uint64_t>> jumps; // (from, to)
  uint32_t lastOp = 0;
  for (uint64_t pc = codeBegin; pc < codeEnd;) {
    uint32_t op = w[pc] & 0xFF, r = w[pc] >> 8;
    uint32_t size = instructionSize(op);
    if (size == 0 || size > codeEnd - pc)
      return fail("bad instruction at word " + std::to_string(pc));
    boundary[pc - codeBegin] = true;
    if (r >= numRegs)
      return fail("register out of range at word " + std::to_string(pc));
    switch (op) {
    case OpLoad:
      if (w[pc + 1] >= numRegs)
        return fail("register out of range at word " + std::to_string(pc));
      break;
    case OpCheckUsers:
      jumps.emplace_back(pc, w[pc + 1]);
      break;
    case OpCheckOp:
    case OpCheckNargs:
      jumps.emplace_back(pc, w[pc + 2]);
      break;
    case OpAccept:
      if (w[pc + 1] >= numPatterns)
        return fail("pattern index out of range at word " + std::to_string(pc));
      break;
    default:
      break;
    }
    lastOp = op;
    pc += size;
  }
  if (lastOp != OpAccept && lastOp != OpFail)
    return fail("code does not end in accept or fail");
  auto isInstr = [&](uint64_t pc) {
    return pc >= codeBegin && pc < codeEnd && boundary[pc - codeBegin];
  };
  for (const auto &j : jumps)
    if (j.second <= j.first || !isInstr(j.second))
      return fail("bad jump target at word " + std::to_string(j.first));
  if (!isInstr(t.header(HDefaultCode)))
    return fail("bad default code offset");

  uint32_t numBuckets = t.header(HNumBuckets);
  if (!inBounds(t.header(HBucketsOffset), 2 * uint64_t(numBuckets), n))
    return fail("buckets out of bounds");
  const uint32_t *bk = w + t.header(HBucketsOffset);
  for (uint32_t b = 0; b != numBuckets; ++b) {
    if (b && bk[2 * b] <= bk[2 * b - 2])
      return fail("bucket keys not ascending");
    if ((bk[2 * b] >> 2) >= numStrings || (bk[2 * b] & 3) > 2)
      return fail("bad bucket key");
    if (!isInstr(bk[2 * b + 1]))
      return fail("bad bucket code offset");
  }
  return Error::success();
}

TableStats tableStats(const MatcherTableView &t) {
  TableStats s;
  s.bytes = t.numWords * 4 + t.stringsSize;
  s.numPatterns = t.header(HNumPatterns);
  s.bytesPerPattern =
      s.numPatterns ? double(s.bytes) / double(s.numPatterns) : 0.0;
  s.numBuckets = t.header(HNumBuckets);
  s.maxDepth = t.header(HMaxDepth);
  s.numGroups = t.header(HNumGroups);
  s.codeWords = t.header(HCodeSize);
  s.numRegisters = t.header(HNumRegisters);
  s.numStrings = t.header(HNumStrings);
  return s;
}

static std::string keyText(const MatcherTableView &t, uint32_t key) {
  static const char *const kinds[] = {"module", "function", "method", "?"};
  return std::string(kinds[key & 3]) + " \"" + std::string(t.string(key >> 2)) +
         "\"";
}

std::string disassembleTable(const MatcherTableView &t) {
  std::string out;
  auto line = [&](const std::string &s) { out += s + "\n"; };
  line(std::string("mode ") + (t.header(HMode) ? "fuse" : "quantize") +
       ", registers " + std::to_string(t.header(HNumRegisters)) +
       ", patterns " + std::to_string(t.header(HNumPatterns)));
  const uint32_t *bk = t.words + t.header(HBucketsOffset);
  for (uint32_t b = 0; b != t.header(HNumBuckets); ++b)
    line("bucket " + keyText(t, bk[2 * b]) + " -> @" +
         std::to_string(bk[2 * b + 1]));
  line("default -> @" + std::to_string(t.header(HDefaultCode)));
  const uint32_t *w = t.words;
  uint64_t end = t.header(HCodeOffset) + t.header(HCodeSize);
  for (uint64_t pc = t.header(HCodeOffset); pc < end;) {
    uint32_t op = w[pc] & 0xFF, r = w[pc] >> 8;
    std::string s = "@" + std::to_string(pc) + " ";
    std::string reg = "r" + std::to_string(r);
    switch (op) {
    case OpLoad:
      s += "load " + reg + " = r" + std::to_string(w[pc + 1]) + ".args[" +
           std::to_string(w[pc + 2]) + "]";
      break;
    case OpCheckUsers:
      s += "users<=1 " + reg + " else @" + std::to_string(w[pc + 1]);
      break;
    case OpCheckOp:
      s += "op " + reg + " " + keyText(t, w[pc + 1]) + " else @" +
           std::to_string(w[pc + 2]);
      break;
    case OpCheckNargs:
      s += "nargs " + reg + " == " + std::to_string(w[pc + 1]) + " else @" +
           std::to_string(w[pc + 2]);
      break;
    case OpAccept:
      s += "accept pattern " + std::to_string(w[pc + 1]);
      break;
    case OpFail:
      s += "fail";
      break;
    default:
      s += "?";
      break;
    }
    line(s);
    uint32_t size = instructionSize(op);
    pc += size ? size : 1;
  }
  return out;
}

} // namespace bpat::rt
