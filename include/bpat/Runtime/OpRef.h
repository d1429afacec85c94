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
  OpKind kind;
  /// The C++ enumerator, e.g. "Module".
  const char *enumerator;
  /// The .bpat keyword, e.g. "module".
  const char *keyword;
};

/// Every op kind, in value order.
inline constexpr OpKindInfo opKinds[] = {
#define BPAT_OP_KIND(Enumerator, Keyword, NodeOp)                              \
  {OpKind::Enumerator, #Enumerator, Keyword},
#include "bpat/Runtime/OpKind.def"
};

constexpr const OpKindInfo &opKindInfo(OpKind k) {
  return opKinds[static_cast<size_t>(k)];
}

/// The op kind a .bpat file spells \p keyword, or null.
constexpr const OpKindInfo *findOpKind(std::string_view keyword) {
  return detail::findRow(opKinds, &OpKindInfo::keyword, keyword);
}

/// An op: kind plus target string.
struct OpRef {
  OpKind kind = OpKind::Function;
  std::string target;

  static OpRef module(std::string t) { return {OpKind::Module, std::move(t)}; }
  static OpRef function(std::string t) {
    return {OpKind::Function, std::move(t)};
  }
  static OpRef method(std::string t) { return {OpKind::Method, std::move(t)}; }

  friend bool operator==(const OpRef &a, const OpRef &b) {
    return a.kind == b.kind && a.target == b.target;
  }
  friend bool operator!=(const OpRef &a, const OpRef &b) { return !(a == b); }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_OPREF_H
