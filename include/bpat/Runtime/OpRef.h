//===- bpat/Runtime/OpRef.h - A reference to a framework op -----*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An op in a pattern: a module class, a function or a method, named by its
/// target string. Two ops are equal only if both kind and target are equal, so
/// `module "relu"`, `function "relu"` and `method "relu"` are three ops.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_OPREF_H
#define BPAT_RUNTIME_OPREF_H

#include "bpat/Runtime/detail/Vocabulary.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace bpat::rt {

/// The kind of an op; it selects the FX node op that can match it.
enum class OpKind : unsigned char {
#define BPAT_OP_KIND(Enumerator, Keyword, NodeOp) Enumerator,
#include "bpat/Runtime/OpKind.def"
};

/// One row of OpKind.def.
struct OpKindInfo {
  OpKind Kind;
  /// The C++ enumerator, e.g. "Module".
  const char *Enumerator;
  /// The .bpat keyword, e.g. "module".
  const char *Keyword;
};

/// Every op kind, in value order.
inline constexpr OpKindInfo OpKinds[] = {
#define BPAT_OP_KIND(Enumerator, Keyword, NodeOp)                              \
  {OpKind::Enumerator, #Enumerator, Keyword},
#include "bpat/Runtime/OpKind.def"
};

constexpr const OpKindInfo &opKindInfo(OpKind K) {
  return OpKinds[static_cast<size_t>(K)];
}

/// The op kind a .bpat file spells \p Keyword, or null.
constexpr const OpKindInfo *findOpKind(std::string_view Keyword) {
  return detail::findRow(OpKinds, &OpKindInfo::Keyword, Keyword);
}

/// An op: kind plus target string.
struct OpRef {
  OpKind Kind = OpKind::Function;
  std::string Target;

  static OpRef module(std::string T) { return {OpKind::Module, std::move(T)}; }
  static OpRef function(std::string T) {
    return {OpKind::Function, std::move(T)};
  }
  static OpRef method(std::string T) { return {OpKind::Method, std::move(T)}; }

  friend bool operator==(const OpRef &A, const OpRef &B) {
    return A.Kind == B.Kind && A.Target == B.Target;
  }
  friend bool operator!=(const OpRef &A, const OpRef &B) { return !(A == B); }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_OPREF_H
