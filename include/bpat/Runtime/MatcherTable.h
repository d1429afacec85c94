//===- bpat/Runtime/MatcherTable.h - Tables as data -------------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A matcher table: every pattern of a backend for one match mode merged into
/// one decision tree, stored as an array of 32-bit words plus a string table,
/// so that a code generator can print it as two `constexpr` arrays. The exact
/// format is documented in docs/runtime.md; the constants below name it.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_MATCHERTABLE_H
#define BPAT_RUNTIME_MATCHERTABLE_H

#include "bpat/Runtime/Error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bpat::rt {

/// Table format constants.
namespace table {

constexpr uint32_t Magic = 0x544D5042; // "BPMT" read as little-endian bytes
constexpr uint32_t Version = 1;

/// Word indices of the header fields. Section offsets are word indices into
/// the whole word array.
enum HeaderField : uint32_t {
  HMagic = 0,
  HVersion = 1,
  HMode = 2,          ///< MatchMode
  HNumRegisters = 3,  ///< registers the interpreter needs (>= 1)
  HNumStrings = 4,    ///< target strings
  HStringsOffset = 5, ///< NumStrings + 1 byte offsets into the string table
  HNumBuckets = 6,    ///< root-op buckets
  HBucketsOffset = 7, ///< NumBuckets pairs (OpKey, CodeOffset), OpKey ascending
  HDefaultCode = 8,   ///< code offset for nodes whose op has no bucket
  HNumPatterns = 9,   ///< patterns in priority order
  HPatternsOffset = 10, ///< NumPatterns pairs (ConfigIndex, TreeOffset)
  HTreesOffset = 11,    ///< pattern trees (for recording)
  HTreesSize = 12,
  HCodeOffset = 13, ///< instructions
  HCodeSize = 14,
  HNumGroups = 15, ///< shared-prefix checks (statistics only)
  HMaxDepth = 16,  ///< deepest pattern position (statistics only)
  HeaderSize = 17,
};

/// Instruction opcodes: the low 8 bits of an instruction's first word. The
/// upper 24 bits hold the register operand R (0 for Accept and Fail).
enum Opcode : uint32_t {
  OpLoad = 1,       ///< [Load|R<<8, ParentReg, ArgIndex]: R = arg of ParentReg
  OpCheckUsers = 2, ///< [CheckUsers|R<<8, FailTarget]: R is a node, <=1 user
  OpCheckOp = 3,    ///< [CheckOp|R<<8, OpKey, FailTarget]: R is a node of op
  OpCheckNargs = 4, ///< [CheckNargs|R<<8, N, FailTarget]: R has N args
  OpAccept = 5,     ///< [Accept, PatternIndex]: the match is found
  OpFail = 6,       ///< [Fail]: no pattern matches
};

/// The number of words of the instruction with opcode \p Op (0 if invalid).
inline uint32_t instructionSize(uint32_t Op) {
  switch (Op) {
  case OpLoad:
  case OpCheckOp:
  case OpCheckNargs:
    return 3;
  case OpCheckUsers:
  case OpAccept:
    return 2;
  case OpFail:
    return 1;
  default:
    return 0;
  }
}

/// An op key: (target string id << 2) | OpKind.
inline uint32_t opKey(uint32_t StringId, uint32_t Kind) {
  return (StringId << 2) | Kind;
}
/// The op key of nodes that can match no op (placeholder, output, an unknown
/// target): never equal to a real key.
constexpr uint32_t NoOpKey = 0xFFFFFFFFu;
/// The sentinel a register holds when its position is not a node.
constexpr uint32_t NonNode = 0xFFFFFFFFu;
/// The pattern index `run` returns when nothing matches.
constexpr uint32_t NoPattern = 0xFFFFFFFFu;

/// A pattern-tree word: bit 0 wildcard, bits 1-8 number of children, bits
/// 9-31 size of the subtree in words (this word included). Preorder.
inline uint32_t treeWord(bool Wildcard, uint32_t NumChildren, uint32_t Size) {
  return (Wildcard ? 1u : 0u) | (NumChildren << 1) | (Size << 9);
}
inline bool treeIsWildcard(uint32_t W) { return W & 1u; }
inline uint32_t treeNumChildren(uint32_t W) { return (W >> 1) & 0xFFu; }
inline uint32_t treeSize(uint32_t W) { return W >> 9; }

} // namespace table

/// A non-owning view of a table; what the interpreter runs. Both arrays may be
/// `constexpr` data in generated code.
struct MatcherTableView {
  const uint32_t *Words = nullptr;
  size_t NumWords = 0;
  /// Target strings, back to back (no terminators needed).
  const char *Strings = nullptr;
  size_t StringsSize = 0;

  uint32_t header(table::HeaderField F) const { return Words[F]; }
  /// Target string \p Id. Requires a validated table.
  std::string_view string(uint32_t Id) const;
};

/// A table that owns its data.
struct MatcherTable {
  std::vector<uint32_t> Words;
  std::string Strings;

  MatcherTableView view() const {
    return MatcherTableView{Words.data(), Words.size(), Strings.data(),
                            Strings.size()};
  }
};

/// Checks that \p T is well formed: header, section bounds, every instruction,
/// every jump target on an instruction boundary, registers and pattern indices
/// in range, pattern trees consistent. A table that passes cannot make the
/// interpreter read out of bounds.
Error validateTable(const MatcherTableView &T);

/// Size and shape of a table.
struct TableStats {
  size_t Bytes = 0; ///< words * 4 + string bytes
  size_t NumPatterns = 0;
  double BytesPerPattern = 0.0;
  size_t NumBuckets = 0; ///< root-op buckets (default bucket not counted)
  size_t MaxDepth = 0;   ///< deepest pattern position (root = 1)
  size_t NumGroups = 0;  ///< checks shared by 2 or more patterns
  size_t CodeWords = 0;
  size_t NumRegisters = 0;
  size_t NumStrings = 0;
};

/// Statistics of a validated table.
TableStats tableStats(const MatcherTableView &T);

/// A readable listing of the table (header, buckets, instructions).
std::string disassembleTable(const MatcherTableView &T);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_MATCHERTABLE_H
