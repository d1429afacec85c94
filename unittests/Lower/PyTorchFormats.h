//===- PyTorchFormats.h - PyTorch's format conversions ----------*- C++ -*-===//
//
// Test oracles: PyTorch's conversions between its two pattern formats,
// written independently of the lowering (which builds both formats from the
// tree) so that LoweringTest can check the lowering against them, and a
// printer for the expected texts.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_UNITTESTS_LOWER_PYTORCHFORMATS_H
#define BPAT_UNITTESTS_LOWER_PYTORCHFORMATS_H

#include "bpat/Lower/Lowering.h"
#include <cassert>
#include <optional>
#include <string>

namespace bpat::lower::test {

/// PyTorch's _get_pattern_in_reversed_nested_tuple_format, for chains of any
/// length: `A` -> `A`, `(A, B)` -> `(B, A)`, `(A, B, C, D)` ->
/// `(D, (C, (B, A)))`. The input must be a bare op or a flat tuple of ops.
inline PyPattern simpleToComplex(const PyPattern &simple) {
  if (!simple.isTuple())
    return simple;
  assert(!simple.elements.empty() && "empty simple pattern");
  PyPattern result = simple.elements.front();
  for (size_t i = 1; i < simple.elements.size(); ++i)
    result = PyPattern::makeTuple({simple.elements[i], std::move(result)});
  return result;
}

/// The inverse: the simple form of a legacy pattern, if it has one (bare op,
/// or nested pairs of ops: `(C, (B, A))` -> `(A, B, C)`).
inline std::optional<PyPattern> complexToSimple(const PyPattern &complex) {
  if (complex.kind == PyPattern::Kind::MatchAll)
    return std::nullopt;
  if (!complex.isTuple())
    return complex;
  std::vector<PyPattern> reversed;
  const PyPattern *node = &complex;
  while (node->isTuple()) {
    if (node->elements.size() != 2 ||
        node->elements[0].kind != PyPattern::Kind::Op)
      return std::nullopt;
    reversed.push_back(node->elements[0]);
    node = &node->elements[1];
  }
  if (node->kind != PyPattern::Kind::Op)
    return std::nullopt;
  reversed.push_back(*node);
  return PyPattern::makeTuple(
      std::vector<PyPattern>(reversed.rbegin(), reversed.rend()));
}

/// A pattern as the tests spell it: Python tuple syntax, ops by target,
/// methods quoted, the wildcard as MatchAllNode (what --emit=complex prints).
inline std::string show(const PyPattern &pattern) {
  switch (pattern.kind) {
  case PyPattern::Kind::MatchAll:
    return "MatchAllNode";
  case PyPattern::Kind::Op:
    return pattern.op->kind == ir::OpKind::Method
               ? "'" + pattern.op->target + "'"
               : pattern.op->target;
  case PyPattern::Kind::Tuple:
    break;
  }
  std::string out = "(";
  for (size_t i = 0; i < pattern.elements.size(); ++i)
    out += (i ? ", " : "") + show(pattern.elements[i]);
  return out + ")";
}

} // namespace bpat::lower::test

#endif // BPAT_UNITTESTS_LOWER_PYTORCHFORMATS_H
