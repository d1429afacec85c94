//===- Lowering.h - Pattern trees to PyTorch's two formats ------*- C++ -*-===//
//
// Lowers each checked pattern config to the two notations PyTorch uses:
//  - the legacy "reversed nested tuple" (complex format), always;
//  - the forward-order tuple (simple format), where the tree is a unary chain
//    of ops.
// It also computes PyTorch's matching priority (_sorted_patterns_dict).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LOWER_LOWERING_H
#define BPAT_LOWER_LOWERING_H

#include "bpat/Sema/IR.h"
#include <optional>
#include <string>
#include <vector>

namespace bpat {
namespace lower {

/// A pattern as a Python value: an op, the MatchAllNode class, or a tuple.
struct PyPattern {
  enum class Kind { Op, MatchAll, Tuple };
  Kind kind = Kind::Op;
  const ir::Op *op = nullptr;
  std::vector<PyPattern> elements;

  static PyPattern makeOp(const ir::Op *op) { return {Kind::Op, op, {}}; }
  static PyPattern makeMatchAll() { return {Kind::MatchAll, nullptr, {}}; }
  static PyPattern makeTuple(std::vector<PyPattern> elements) {
    return {Kind::Tuple, nullptr, std::move(elements)};
  }
  bool isTuple() const { return kind == Kind::Tuple; }
  bool operator==(const PyPattern &o) const {
    return kind == o.kind && op == o.op && elements == o.elements;
  }
};

/// The legacy reversed nested tuple of a pattern tree.
PyPattern toComplex(const ir::PatternNode &tree);

/// The ops of `tree` in forward order if it is a unary chain without
/// wildcards; otherwise nothing.
std::optional<std::vector<const ir::Op *>>
forwardChain(const ir::PatternNode &tree);

/// The simple (forward-order) form of a chain: a bare op for one op, else a
/// tuple in forward order.
PyPattern simpleFromChain(const std::vector<const ir::Op *> &chain);

/// One lowered config.
struct LoweredConfig {
  const ir::PatternConfig *config = nullptr;
  PyPattern complex;
  /// The simple form, if the tree is a unary chain and the config is not
  /// `format = complex`.
  std::optional<PyPattern> simple;
  /// Why there is no simple form (empty if there is one).
  std::string noSimpleReason;
  /// Number of ops in the forward chain, 0 if not a chain.
  unsigned chainLength = 0;
  /// Leaf count, as PyTorch's get_len.
  unsigned leafCount = 0;
  /// Position in PyTorch's matching order (0 is tried first).
  unsigned priority = 0;
  /// What PyTorch 2 can register under "pattern" (chains of 1 to 3 ops);
  /// everything else goes to "pattern_complex_format".
  bool registersSimple() const {
    return simple && chainLength >= 1 && chainLength <= 3;
  }
  /// The fuser is written in forward order (it is a chain), but the config is
  /// registered in the legacy form, so PyTorch needs an adapter.
  bool fuserNeedsReverseNestedAdapter() const {
    return config->fuser && !config->fuser->isSequential() && simple &&
           !registersSimple();
  }
};

struct LoweredBackend {
  const ir::Backend *backend = nullptr;
  /// In registration (BackendConfig) order.
  std::vector<LoweredConfig> configs;
  /// Indices into `configs` in PyTorch's matching order.
  std::vector<unsigned> priorityOrder;
};

LoweredBackend lowerBackend(const ir::Backend &backend);

} // namespace lower
} // namespace bpat

#endif // BPAT_LOWER_LOWERING_H
