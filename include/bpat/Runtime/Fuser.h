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
  static NestedArg leaf(H value) {
    NestedArg a;
    a.handle = std::move(value);
    return a;
  }
  static NestedArg tuple(std::vector<NestedArg> elements) {
    NestedArg a;
    a.tupleElements = std::move(elements);
    return a;
  }

  bool isLeaf() const { return handle.has_value(); }
  /// The handle of a leaf.
  const H &value() const { return *handle; }
  /// The elements of a tuple.
  const std::vector<NestedArg> &elements() const { return tupleElements; }

  friend bool operator==(const NestedArg &a, const NestedArg &b) {
    return a.handle == b.handle && a.tupleElements == b.tupleElements;
  }

private:
  std::optional<H> handle;
  std::vector<NestedArg> tupleElements;
};

/// The positional arguments of a fuser call after `is_qat`.
template <typename H> using NestedArgs = std::vector<NestedArg<H>>;

/// A fuser taking the matched modules in forward (data-flow) order.
template <typename H>
using ForwardFuser =
    std::function<Expected<H>(bool isQat, const std::vector<H> &modules)>;

/// A fuser taking PyTorch's reversed nested arguments.
template <typename H>
using ReversedNestedFuser =
    std::function<Expected<H>(bool isQat, const NestedArgs<H> &args)>;

/// Builds one fused module from modules in forward order (`nn.Sequential`
/// or a fused class constructor).
template <typename H>
using SequentialBuilder = std::function<Expected<H>(std::vector<H> modules)>;

/// The arguments PyTorch passes for the forward chain \p forward = [A, B, C,
/// D]: `D, (C, (B, A))`; [A] gives `A`, [A, B] gives `B, A`.
template <typename H>
NestedArgs<H> forwardToReversedNested(const std::vector<H> &forward) {
  NestedArgs<H> args;
  if (forward.empty())
    return args;
  NestedArg<H> rest = NestedArg<H>::leaf(forward.front());
  for (size_t i = 1; i + 1 < forward.size(); ++i)
    rest = NestedArg<H>::tuple({NestedArg<H>::leaf(forward[i]), rest});
  if (forward.size() > 1)
    args.push_back(NestedArg<H>::leaf(forward.back()));
  args.push_back(rest);
  return args;
}

/// The inverse: turns the reversed nested arguments of a chain of any length
/// into forward order. Fails unless the shape is `X` or `X, Y` where Y is a
/// leaf or a 2-tuple of the same shape.
template <typename H>
Expected<std::vector<H>> chainToForward(const NestedArgs<H> &args) {
  auto notAChain = [] {
    return Error::failure("fuser arguments are not a reversed nested chain");
  };
  if (args.empty() || args.size() > 2)
    return notAChain();
  std::vector<H> reversed;
  const std::vector<NestedArg<H>> *level = &args;
  for (;;) {
    if (!(*level)[0].isLeaf())
      return notAChain();
    reversed.push_back((*level)[0].value());
    if (level->size() == 1)
      break;
    const NestedArg<H> &rest = (*level)[1];
    if (rest.isLeaf()) {
      reversed.push_back(rest.value());
      break;
    }
    if (rest.elements().size() != 2)
      return notAChain();
    level = &rest.elements();
  }
  std::reverse(reversed.begin(), reversed.end());
  return reversed;
}

/// The leaves of reversed nested arguments of any tree in data-flow order:
/// each tuple `(op, arg0, arg1, ...)` gives its arguments' leaves first (in
/// argument order), then op. For a chain this equals chainToForward.
template <typename H>
std::vector<H> postOrderLeaves(const NestedArgs<H> &args) {
  std::vector<H> out;
  struct Walker {
    std::vector<H> &out;
    void tuple(const std::vector<NestedArg<H>> &elements) {
      for (size_t i = 1; i < elements.size(); ++i)
        one(elements[i]);
      if (!elements.empty())
        one(elements[0]);
    }
    void one(const NestedArg<H> &a) {
      if (a.isLeaf())
        out.push_back(a.value());
      else
        tuple(a.elements());
    }
  };
  Walker{out}.tuple(args);
  return out;
}

/// Generalizes PyTorch's `_reverse2`/`_reverse3`: wraps a forward-order fuser
/// so PyTorch can call it with the reversed nested chain of any length.
template <typename H> ReversedNestedFuser<H> reverseNested(ForwardFuser<H> f) {
  return
      [f = std::move(f)](bool isQat, const NestedArgs<H> &args) -> Expected<H> {
        Expected<std::vector<H>> forward = chainToForward(args);
        if (!forward)
          return Error::failure(forward.message());
        return f(isQat, *forward);
      };
}

/// Like reverseNested, but accepts any tree and passes its leaves in
/// data-flow order (postOrderLeaves).
template <typename H>
ReversedNestedFuser<H> reverseNestedTree(ForwardFuser<H> f) {
  return
      [f = std::move(f)](bool isQat, const NestedArgs<H> &args) -> Expected<H> {
        return f(isQat, postOrderLeaves(args));
      };
}

/// PyTorch's `_sequential_wrapper2` for any length: a forward-order fuser that
/// ignores is_qat and builds the fused module from all matched modules.
template <typename H> ForwardFuser<H> sequential(SequentialBuilder<H> build) {
  return [build = std::move(build)](bool, const std::vector<H> &modules) {
    return build(modules);
  };
}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_FUSER_H
