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

#include <string>

namespace bpat::rt {

/// The kind of an op; it selects the FX node op that can match it.
enum class OpKind : unsigned char {
  Module = 0,   ///< matches `call_module` nodes; target = class qualified name
  Function = 1, ///< matches `call_function` nodes; target = function name
  Method = 2,   ///< matches `call_method` nodes; target = method name
};

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
