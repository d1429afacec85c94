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

constexpr uint32_t magic = 0x544D5042; // "BPMT" read as little-endian bytes
constexpr uint32_t version = 1;

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

/// The number of words of the instruction with opcode \p op (0 if invalid).
inline uint32_t instructionSize(uint32_t op) {
  switch (op) {
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
inline uint32_t opKey(uint32_t stringId, uint32_t kind) {
  return (stringId << 2) | kind;
}
/// The op key of nodes that can match no op (placeholder, output, an unknown
/// target): never equal to a real key.
constexpr uint32_t noOpKey = 0xFFFFFFFFu;
/// The sentinel a register holds when its position is not a node.
constexpr uint32_t nonNode = 0xFFFFFFFFu;
/// The pattern index `run` returns when nothing matches.
constexpr uint32_t noPattern = 0xFFFFFFFFu;

/// A pattern-tree word: bit 0 wildcard, bits 1-8 number of children, bits
/// 9-31 size of the subtree in words (this word included). Preorder.
inline uint32_t treeWord(bool wildcard, uint32_t numChildren, uint32_t size) {
  return (wildcard ? 1u : 0u) | (numChildren << 1) | (size << 9);
}
inline bool treeIsWildcard(uint32_t w) { return w & 1u; }
inline uint32_t treeNumChildren(uint32_t w) { return (w >> 1) & 0xFFu; }
inline uint32_t treeSize(uint32_t w) { return w >> 9; }

} // namespace table

/// A non-owning view of a table; what the interpreter runs. Both arrays may be
/// `constexpr` data in generated code.
struct MatcherTableView {
  const uint32_t *words = nullptr;
  size_t numWords = 0;
  /// Target strings, back to back (no terminators needed).
  const char *strings = nullptr;
  size_t stringsSize = 0;

  uint32_t header(table::HeaderField f) const { return words[f]; }
  /// Target string \p id. Requires a validated table.
  std::string_view string(uint32_t id) const;
};

/// A table that owns its data.
struct MatcherTable {
  std::vector<uint32_t> words;
  std::string strings;

  MatcherTableView view() const {
    return MatcherTableView{words.data(), words.size(), strings.data(),
                            strings.size()};
  }
};

/// Checks that \p t is well formed: header, section bounds, every instruction,
/// every jump target on an instruction boundary, registers and pattern indices
/// in range, pattern trees consistent. A table that passes cannot make the
/// interpreter read out of bounds.
Error validateTable(const MatcherTableView &t);

/// Size and shape of a table.
struct TableStats {
  size_t bytes = 0; ///< words * 4 + string bytes
  size_t numPatterns = 0;
  double bytesPerPattern = 0.0;
  size_t numBuckets = 0; ///< root-op buckets (default bucket not counted)
  size_t maxDepth = 0;   ///< deepest pattern position (root = 1)
  size_t numGroups = 0;  ///< checks shared by 2 or more patterns
  size_t codeWords = 0;
  size_t numRegisters = 0;
  size_t numStrings = 0;
};

/// Statistics of a validated table.
TableStats tableStats(const MatcherTableView &t);

/// A readable listing of the table (header, buckets, instructions).
std::string disassembleTable(const MatcherTableView &t);

} // namespace bpat::rt

#endif // BPAT_RUNTIME_MATCHERTABLE_H
