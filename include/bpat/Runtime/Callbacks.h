//===- bpat/Runtime/Callbacks.h - Fusers and getters per config -*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The callables of a backend's configs, kept beside its BackendConfig (one
/// entry per config, same index). Generated registration code fills them in
/// from the functions a backend author writes; fusion code calls them the way
/// PyTorch does: fusers with the reversed nested module shape, getters with
/// the reversed nested node pattern of the match.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_CALLBACKS_H
#define BPAT_RUNTIME_CALLBACKS_H

#include "bpat/Runtime/Fuser.h"
#include "bpat/Runtime/GraphTraits.h"

#include <functional>
#include <vector>

namespace bpat::rt {

/// `_root_node_getter`: picks the node fusion keeps from the matched nodes.
using RootNodeGetter =
    std::function<Expected<NodeId>(const NestedArgs<NodeId> &matched)>;
/// `_extra_inputs_getter`: extra inputs appended to the fused root node.
using ExtraInputsGetter = std::function<Expected<std::vector<NodeId>>(
    const NestedArgs<NodeId> &matched)>;

/// The callables of one config; empty functions where the config has none.
template <typename H> struct ConfigCallbacks {
  /// Called as PyTorch calls a fuser: `(is_qat, *reversed_nested_modules)`.
  ReversedNestedFuser<H> fuser;
  RootNodeGetter rootNode;
  ExtraInputsGetter extraInputs;
};

/// One entry per config of a BackendConfig, in the same order.
template <typename H> struct BackendCallbacks {
  std::vector<ConfigCallbacks<H>> configs;

  /// The entry for config \p index, created on first use.
  ConfigCallbacks<H> &at(size_t index) {
    if (configs.size() <= index)
      configs.resize(index + 1);
    return configs[index];
  }
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_CALLBACKS_H
