//===- bpat/Runtime/Fuser.h - Fuser calling conventions ---------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// PyTorch calls a fuser with the matched modules in the shape of the legacy
/// pattern: `fuser(is_qat, relu, (bn, conv))` for `(ReLU, (BN, Conv))`. A
/// forward-order fuser wants `(is_qat, conv, bn, relu)`. This file has the
/// nested-argument type and the adapters between the two shapes, for chains
/// of any length (PyTorch's `_reverse2`/`_reverse3` stop at 3), plus
/// `sequential`.
///
/// Templates over a module handle type `H` (a pointer, an id, ...).
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_FUSER_H
#define BPAT_RUNTIME_FUSER_H

#include "bpat/Runtime/Error.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace bpat::rt {

/// A fuser argument: a module handle or a tuple of nested arguments.
template <typename H> class NestedArg {
public:
  static NestedArg leaf(H Value) {
    NestedArg A;
    A.Leaf = std::move(Value);
    return A;
  }
  static NestedArg tuple(std::vector<NestedArg> Elements) {
    NestedArg A;
    A.Elements = std::move(Elements);
    return A;
  }

  bool isLeaf() const { return Leaf.has_value(); }
  /// The handle of a leaf.
  const H &value() const { return *Leaf; }
  /// The elements of a tuple.
  const std::vector<NestedArg> &elements() const { return Elements; }

  friend bool operator==(const NestedArg &A, const NestedArg &B) {
    return A.Leaf == B.Leaf && A.Elements == B.Elements;
  }

private:
  std::optional<H> Leaf;
  std::vector<NestedArg> Elements;
};

/// The positional arguments of a fuser call after `is_qat`.
template <typename H> using NestedArgs = std::vector<NestedArg<H>>;

/// A fuser taking the matched modules in forward (data-flow) order.
template <typename H>
using ForwardFuser =
    std::function<Expected<H>(bool IsQat, const std::vector<H> &Modules)>;

/// A fuser taking PyTorch's reversed nested arguments.
template <typename H>
using ReversedNestedFuser =
    std::function<Expected<H>(bool IsQat, const NestedArgs<H> &Args)>;

/// Builds one fused module from modules in forward order (`nn.Sequential`
/// or a fused class constructor).
template <typename H>
using SequentialBuilder = std::function<Expected<H>(std::vector<H> Modules)>;

/// The arguments PyTorch passes for the forward chain \p Forward = [A, B, C,
/// D]: `D, (C, (B, A))`; [A] gives `A`, [A, B] gives `B, A`.
template <typename H>
NestedArgs<H> forwardToReversedNested(const std::vector<H> &Forward) {
  NestedArgs<H> Args;
  if (Forward.empty())
    return Args;
  NestedArg<H> Rest = NestedArg<H>::leaf(Forward.front());
  for (size_t I = 1; I + 1 < Forward.size(); ++I)
    Rest = NestedArg<H>::tuple({NestedArg<H>::leaf(Forward[I]), Rest});
  if (Forward.size() > 1)
    Args.push_back(NestedArg<H>::leaf(Forward.back()));
  Args.push_back(Rest);
  return Args;
}

/// The inverse: turns the reversed nested arguments of a chain of any length
/// into forward order. Fails unless the shape is `X` or `X, Y` where Y is a
/// leaf or a 2-tuple of the same shape.
template <typename H>
Expected<std::vector<H>> chainToForward(const NestedArgs<H> &Args) {
  auto NotAChain = [] {
    return Error::failure("fuser arguments are not a reversed nested chain");
  };
  if (Args.empty() || Args.size() > 2)
    return NotAChain();
  std::vector<H> Reversed;
  const std::vector<NestedArg<H>> *Level = &Args;
  for (;;) {
    if (!(*Level)[0].isLeaf())
      return NotAChain();
    Reversed.push_back((*Level)[0].value());
    if (Level->size() == 1)
      break;
    const NestedArg<H> &Rest = (*Level)[1];
    if (Rest.isLeaf()) {
      Reversed.push_back(Rest.value());
      break;
    }
    if (Rest.elements().size() != 2)
      return NotAChain();
    Level = &Rest.elements();
  }
  std::reverse(Reversed.begin(), Reversed.end());
  return Reversed;
}

/// The leaves of reversed nested arguments of any tree in data-flow order:
/// each tuple `(op, arg0, arg1, ...)` gives its arguments' leaves first (in
/// argument order), then op. For a chain this equals chainToForward.
template <typename H>
std::vector<H> postOrderLeaves(const NestedArgs<H> &Args) {
  std::vector<H> Out;
  struct Walker {
    std::vector<H> &Out;
    void tuple(const std::vector<NestedArg<H>> &Elements) {
      for (size_t I = 1; I < Elements.size(); ++I)
        one(Elements[I]);
      if (!Elements.empty())
        one(Elements[0]);
    }
    void one(const NestedArg<H> &A) {
      if (A.isLeaf())
        Out.push_back(A.value());
      else
        tuple(A.elements());
    }
  };
  Walker{Out}.tuple(Args);
  return Out;
}

/// Generalizes PyTorch's `_reverse2`/`_reverse3`: wraps a forward-order fuser
/// so PyTorch can call it with the reversed nested chain of any length.
template <typename H> ReversedNestedFuser<H> reverseNested(ForwardFuser<H> F) {
  return
      [F = std::move(F)](bool IsQat, const NestedArgs<H> &Args) -> Expected<H> {
        Expected<std::vector<H>> Forward = chainToForward(Args);
        if (!Forward)
          return Error::failure(Forward.message());
        return F(IsQat, *Forward);
      };
}

/// Like reverseNested, but accepts any tree and passes its leaves in
/// data-flow order (postOrderLeaves).
template <typename H>
ReversedNestedFuser<H> reverseNestedTree(ForwardFuser<H> F) {
  return
      [F = std::move(F)](bool IsQat, const NestedArgs<H> &Args) -> Expected<H> {
        return F(IsQat, postOrderLeaves(Args));
      };
}

/// PyTorch's `_sequential_wrapper2` for any length: a forward-order fuser that
/// ignores is_qat and builds the fused module from all matched modules.
template <typename H> ForwardFuser<H> sequential(SequentialBuilder<H> Build) {
  return [Build = std::move(Build)](bool, const std::vector<H> &Modules) {
    return Build(Modules);
  };
}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_FUSER_H
