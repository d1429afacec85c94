//===- bpat/GraphIO/StandInFusion.h - Fusing without modules ----*- C++ -*-===//
//
// Part of the bpat project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What `bpat-match --write-fused` fuses with: rt::fuseGraph on an rt::Graph
/// whose "modules" are stand-ins, the class qualified names a call_module
/// node's target holds. Each config's fuser is a stand-in that returns the
/// class PyTorch's fuser returns for those modules (docs/runtime.md,
/// "Fusion"):
///   - the built-in `sequential` (`_sequential_wrapper2(X)`,
///     `bpat.sequential(X)`): the fused module X;
///   - PyTorch's fusers in torch.ao.quantization.fuser_method_mappings, as
///     they behave in eval mode (fuse_fx): fuse_conv_bn, fuse_linear_bn and
///     fuse_convtranspose_bn fold the batch norm into the first module and
///     return its own class; fuse_conv_bn_relu returns ConvReLU<N>d of the
///     conv's dimension. With isQat they return the config's fused module;
///   - any other fuser: the config's fused module (`=> X`); a config with
///     neither is an error.
/// Root node and extra inputs getters: PyTorch 2.x onednn's conv-add getters
/// (torch.ao.quantization.backend_config.onednn._conv[_bn]_add[_relu]_
/// {root_node,extra_inputs}_getter_{left,right}) have stand-ins that unpack
/// the matched node pattern as those functions do, returning the conv node
/// and the wildcard-matched residual input (failing as Python's unpacking
/// would on another shape); a config naming any other getter is an error.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_STANDINFUSION_H
#define BPAT_GRAPHIO_STANDINFUSION_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Callbacks.h"
#include "bpat/Runtime/Graph.h"
#include "bpat/Runtime/MatchMap.h"

#include <functional>
#include <string>
#include <vector>

namespace bpat {
namespace graphio {

/// The class the fuser of \p config returns for \p modules (class names, or
/// function targets, in data-flow order), as above.
rt::Expected<std::string>
standInFuserResult(const rt::BackendPatternConfig &config, bool isQat,
                   const std::vector<std::string> &modules);

/// The stand-in module PyTorch's fuse handler passes for node \p n: the class
/// of a call_module node, a ReLU module for `torch.nn.functional.relu`, the
/// target of another call, `MatchAllNode` for any other node.
rt::Expected<std::string> standInModule(const rt::Graph &g, rt::NodeId n);

/// Called once per fuser call with the config index and the modules as the
/// fuser receives them.
using FuserCallObserver = std::function<void(
    uint32_t config, const rt::NestedArgs<std::string> &modules)>;

/// Stand-in callbacks for every config of \p backend that has a fuser.
/// Fails if a config has a root node or extra inputs getter other than
/// onednn's above.
rt::Expected<rt::BackendCallbacks<std::string>>
standInCallbacks(const rt::BackendConfig &backend,
                 FuserCallObserver observer = nullptr);

/// Fuses \p graph in place (rt::fuseGraph with the stand-ins, is_qat false
/// as in fuse_fx); \p matches must be its fuse-mode match map.
rt::Error fuseWithStandIns(rt::Graph &graph, const rt::BackendConfig &backend,
                           const rt::MatchMap &matches,
                           FuserCallObserver observer = nullptr);

/// The modules of a fuser call (as rt::fuseGraph passes them: reversed
/// nested) as the `fuser_method` of \p config receives them in PyTorch 2.x:
/// in forward order for a config of the simple format of 2 or 3 ops (2.x
/// adapts its fuser with `_reverse2`/`_reverse3`), unchanged for any other.
/// In PyTorch 1.13.1 every config's fuser_method receives them unchanged
/// (its configs hold the `reverse2`/`reverse3` wrappers themselves).
rt::NestedArgs<std::string>
torch2FuserArguments(const rt::BackendPatternConfig &config,
                     const rt::NestedArgs<std::string> &modules);

/// The modules of a fuser call as text, as Python prints the argument list
/// after is_qat: names as they are, tuples in parentheses ("A, (B, C)";
/// a 1-tuple "(A,)").
std::string renderModules(const rt::NestedArgs<std::string> &modules);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_STANDINFUSION_H
