//===- Emitters.h - Output generators of bpatc ------------------*- C++ -*-===//
//
// Every emitter reads the lowered form (and, through it, the checked IR) and
// writes one kind of output. They never look back at the AST.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_CODEGEN_EMITTERS_H
#define BPAT_CODEGEN_EMITTERS_H

#include "bpat/Lower/Lowering.h"
#include "bpat/Runtime/BackendConfig.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace bpat {
namespace codegen {

/// `--emit=simple` / `--emit=complex`: a `# backend NAME` line, then one line
/// per config in registration order.
void emitPatternList(const lower::LoweredBackend &backend, bool simple,
                     llvm::raw_ostream &os);

/// A pattern as Python source, as `--emit=simple` / `--emit=complex` write it:
/// `(torch.nn.ReLU, (torch.nn.BatchNorm2d, torch.nn.Conv2d))`.
std::string renderPattern(const lower::PyPattern &pattern);

/// `--emit=json`: the post-#90698 BackendConfig.to_dict() shape
/// (docs/json-format.md).
void emitJSON(const lower::LoweredBackend &backend, llvm::raw_ostream &os);

/// `--emit=runtime-json`: the backend as the runtime's data model
/// (rt::BackendConfig: typed ops, the legacy pattern of every config, its
/// provenance), which bpat-match loads without compiling .bpat sources
/// (docs/json-format.md).
void emitRuntimeJSON(const lower::LoweredBackend &backend,
                     llvm::raw_ostream &os);
/// The same, given the backend's toRuntimeMatcherModel (RuntimeModel.h),
/// which the overload above builds.
void emitRuntimeJSON(const lower::LoweredBackend &backend,
                     const rt::BackendConfig &matcherModel,
                     llvm::raw_ostream &os);
/// The same from a whole runtime model, as toRuntimeBackend builds it.
void emitRuntimeJSON(const rt::BackendConfig &config, llvm::raw_ostream &os);

/// `--emit=runtime-bin`: the compiled backend (rt::writeBackendImage):
/// both matcher tables, what a match map prints of each config, and the
/// runtime JSON above, which bpat-match loads without parsing
/// (docs/json-format.md §7). `matcherModel` is the backend's
/// toRuntimeMatcherModel (RuntimeModel.h): the tables and labels are built
/// from it. Fails where the table builder does.
llvm::Error emitRuntimeImage(const lower::LoweredBackend &backend,
                             const rt::BackendConfig &matcherModel,
                             llvm::raw_ostream &os);

/// The PyTorch API a generated Python module targets.
enum class TorchTarget { V113, V2 };

/// `--emit=torch`: a Python module with `get_<backend>_backend_config()`
/// building PyTorch's BackendConfig for the chosen API.
void emitTorch(const lower::LoweredBackend &backend, TorchTarget target,
               llvm::raw_ostream &os);

/// `--emit=cpp-register`: a header whose registerBackend<Hooks>() fills a
/// bpat::rt::BackendConfig (and the fusers and getters beside it).
void emitCppRegister(const lower::LoweredBackend &backend,
                     llvm::raw_ostream &os);

struct CppMatcherOptions {
  /// Per-pattern provenance comments.
  bool comments = true;
};

/// `--emit=cpp-matcher`: the quantize and fuse matcher tables as constexpr
/// arrays. Writes a summary of the tables' size and shape to `stats`. Fails
/// if the tables cannot be built (a backend beyond the table format's
/// limits).
llvm::Error emitCppMatcher(const lower::LoweredBackend &backend,
                           const CppMatcherOptions &options,
                           llvm::raw_ostream &os, llvm::raw_ostream &stats);
/// The same with `backend`'s runtime model (toRuntimeBackend(backend))
/// built by the caller.
llvm::Error emitCppMatcher(const lower::LoweredBackend &backend,
                           const rt::BackendConfig &config,
                           const CppMatcherOptions &options,
                           llvm::raw_ostream &os, llvm::raw_ostream &stats);

} // namespace codegen
} // namespace bpat

#endif // BPAT_CODEGEN_EMITTERS_H
