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

std::string_view MatcherTableView::string(uint32_t Id) const {
  const uint32_t *Offsets = Words + header(HStringsOffset);
  return std::string_view(Strings + Offsets[Id], Offsets[Id + 1] - Offsets[Id]);
}

/// True if [Offset, Offset + Count) lies inside a table of \p Size words.
static bool inBounds(uint64_t Offset, uint64_t Count, uint64_t Size) {
  return Offset <= Size && Count <= Size - Offset;
}

/// Checks the tree at \p Pos, which must end by \p End.
static bool checkTree(const uint32_t *W, uint64_t Pos, uint64_t End,
                      unsigned Depth) {
  if (Pos >= End || Depth > 10000)
    return false;
  uint32_t Word = W[Pos];
  uint64_t Size = treeSize(Word);
  if (Size == 0 || Size > End - Pos)
    return false;
  uint64_t Child = Pos + 1;
  for (uint32_t I = 0, E = treeNumChildren(Word); I != E; ++I) {
    if (!checkTree(W, Child, Pos + Size, Depth + 1))
      return false;
    Child += treeSize(W[Child]);
  }
  return Child == Pos + Size && (Word >> 9) == Size;
}

Error validateTable(const MatcherTableView &T) {
  auto Fail = [](const std::string &Msg) {
    return Error::failure("invalid matcher table: " + Msg);
  };
  if (!T.Words || T.NumWords < HeaderSize)
    return Fail("shorter than its header");
  if (T.header(HMagic) != Magic)
    return Fail("bad magic number");
  if (T.header(HVersion) != Version)
    return Fail("unsupported version " + std::to_string(T.header(HVersion)));
  if (T.header(HMode) > 1)
    return Fail("bad match mode");
  uint32_t NumRegs = T.header(HNumRegisters);
  if (NumRegs == 0 || NumRegs >= (1u << 24))
    return Fail("bad register count");
  const uint64_t N = T.NumWords;
  const uint32_t *W = T.Words;

  uint32_t NumStrings = T.header(HNumStrings);
  if (NumStrings >= (1u << 29) ||
      !inBounds(T.header(HStringsOffset), uint64_t(NumStrings) + 1, N))
    return Fail("string offsets out of bounds");
  const uint32_t *SOff = W + T.header(HStringsOffset);
  for (uint32_t I = 0; I != NumStrings; ++I)
    if (SOff[I] > SOff[I + 1])
      return Fail("string offsets not ascending");
  if (SOff[NumStrings] > T.StringsSize || (NumStrings && !T.Strings))
    return Fail("string table too short");

  uint32_t NumPatterns = T.header(HNumPatterns);
  if (!inBounds(T.header(HPatternsOffset), 2 * uint64_t(NumPatterns), N))
    return Fail("patterns out of bounds");
  uint64_t TreesBegin = T.header(HTreesOffset);
  uint64_t TreesSize = T.header(HTreesSize);
  if (!inBounds(TreesBegin, TreesSize, N))
    return Fail("pattern trees out of bounds");
  for (uint32_t P = 0; P != NumPatterns; ++P) {
    uint64_t Tree = W[T.header(HPatternsOffset) + 2 * P + 1];
    if (!checkTree(W, TreesBegin + Tree, TreesBegin + TreesSize, 0) ||
        Tree >= TreesSize)
      return Fail("malformed tree of pattern " + std::to_string(P));
  }

  uint64_t CodeBegin = T.header(HCodeOffset);
  uint64_t CodeEnd = CodeBegin + T.header(HCodeSize);
  if (!inBounds(CodeBegin, T.header(HCodeSize), N) || CodeBegin == CodeEnd)
    return Fail("code out of bounds");
  std::vector<bool> Boundary(CodeEnd - CodeBegin, false);
  std::vector<std::pair<uint64_t, uint64_t>> Jumps; // (from, to)
  uint32_t LastOp = 0;
  for (uint64_t Pc = CodeBegin; Pc < CodeEnd;) {
    uint32_t Op = W[Pc] & 0xFF, R = W[Pc] >> 8;
    uint32_t Size = instructionSize(Op);
    if (Size == 0 || Size > CodeEnd - Pc)
      return Fail("bad instruction at word " + std::to_string(Pc));
    Boundary[Pc - CodeBegin] = true;
    if (R >= NumRegs)
      return Fail("register out of range at word " + std::to_string(Pc));
    switch (Op) {
    case OpLoad:
      if (W[Pc + 1] >= NumRegs)
        return Fail("register out of range at word " + std::to_string(Pc));
      break;
    case OpCheckUsers:
      Jumps.emplace_back(Pc, W[Pc + 1]);
      break;
    case OpCheckOp:
    case OpCheckNargs:
      Jumps.emplace_back(Pc, W[Pc + 2]);
      break;
    case OpAccept:
      if (W[Pc + 1] >= NumPatterns)
        return Fail("pattern index out of range at word " + std::to_string(Pc));
      break;
    default:
      break;
    }
    LastOp = Op;
    Pc += Size;
  }
  if (LastOp != OpAccept && LastOp != OpFail)
    return Fail("code does not end in accept or fail");
  auto IsInstr = [&](uint64_t Pc) {
    return Pc >= CodeBegin && Pc < CodeEnd && Boundary[Pc - CodeBegin];
  };
  for (const auto &J : Jumps)
    if (J.second <= J.first || !IsInstr(J.second))
      return Fail("bad jump target at word " + std::to_string(J.first));
  if (!IsInstr(T.header(HDefaultCode)))
    return Fail("bad default code offset");

  uint32_t NumBuckets = T.header(HNumBuckets);
  if (!inBounds(T.header(HBucketsOffset), 2 * uint64_t(NumBuckets), N))
    return Fail("buckets out of bounds");
  const uint32_t *Bk = W + T.header(HBucketsOffset);
  for (uint32_t B = 0; B != NumBuckets; ++B) {
    if (B && Bk[2 * B] <= Bk[2 * B - 2])
      return Fail("bucket keys not ascending");
    if ((Bk[2 * B] >> 2) >= NumStrings || (Bk[2 * B] & 3) > 2)
      return Fail("bad bucket key");
    if (!IsInstr(Bk[2 * B + 1]))
      return Fail("bad bucket code offset");
  }
  return Error::success();
}

TableStats tableStats(const MatcherTableView &T) {
  TableStats S;
  S.Bytes = T.NumWords * 4 + T.StringsSize;
  S.NumPatterns = T.header(HNumPatterns);
  S.BytesPerPattern =
      S.NumPatterns ? double(S.Bytes) / double(S.NumPatterns) : 0.0;
  S.NumBuckets = T.header(HNumBuckets);
  S.MaxDepth = T.header(HMaxDepth);
  S.NumGroups = T.header(HNumGroups);
  S.CodeWords = T.header(HCodeSize);
  S.NumRegisters = T.header(HNumRegisters);
  S.NumStrings = T.header(HNumStrings);
  return S;
}

static std::string keyText(const MatcherTableView &T, uint32_t Key) {
  static const char *const Kinds[] = {"module", "function", "method", "?"};
  return std::string(Kinds[Key & 3]) + " \"" + std::string(T.string(Key >> 2)) +
         "\"";
}

std::string disassembleTable(const MatcherTableView &T) {
  std::string Out;
  auto Line = [&](const std::string &S) { Out += S + "\n"; };
  Line(std::string("mode ") + (T.header(HMode) ? "fuse" : "quantize") +
       ", registers " + std::to_string(T.header(HNumRegisters)) +
       ", patterns " + std::to_string(T.header(HNumPatterns)));
  const uint32_t *Bk = T.Words + T.header(HBucketsOffset);
  for (uint32_t B = 0; B != T.header(HNumBuckets); ++B)
    Line("bucket " + keyText(T, Bk[2 * B]) + " -> @" +
         std::to_string(Bk[2 * B + 1]));
  Line("default -> @" + std::to_string(T.header(HDefaultCode)));
  const uint32_t *W = T.Words;
  uint64_t End = T.header(HCodeOffset) + T.header(HCodeSize);
  for (uint64_t Pc = T.header(HCodeOffset); Pc < End;) {
    uint32_t Op = W[Pc] & 0xFF, R = W[Pc] >> 8;
    std::string S = "@" + std::to_string(Pc) + " ";
    std::string Reg = "r" + std::to_string(R);
    switch (Op) {
    case OpLoad:
      S += "load " + Reg + " = r" + std::to_string(W[Pc + 1]) + ".args[" +
           std::to_string(W[Pc + 2]) + "]";
      break;
    case OpCheckUsers:
      S += "users<=1 " + Reg + " else @" + std::to_string(W[Pc + 1]);
      break;
    case OpCheckOp:
      S += "op " + Reg + " " + keyText(T, W[Pc + 1]) + " else @" +
           std::to_string(W[Pc + 2]);
      break;
    case OpCheckNargs:
      S += "nargs " + Reg + " == " + std::to_string(W[Pc + 1]) + " else @" +
           std::to_string(W[Pc + 2]);
      break;
    case OpAccept:
      S += "accept pattern " + std::to_string(W[Pc + 1]);
      break;
    case OpFail:
      S += "fail";
      break;
    default:
      S += "?";
      break;
    }
    Line(S);
    uint32_t Size = instructionSize(Op);
    Pc += Size ? Size : 1;
  }
  return Out;
}

} // namespace bpat::rt
