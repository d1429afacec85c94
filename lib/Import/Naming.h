//===- Naming.h - Names for what bpat-import declares -----------*- C++ -*-===//
//
// bpat-import names what its output declares as the torch library names its
// own declarations (docs/torch-library.md, docs/migration.md): from the last
// component of a Python qualified name, in snake_case, made unique by an
// enclosing package name or a number. Nothing here knows the dump or the
// output; the callers say what is being named.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_IMPORT_NAMING_H
#define BPAT_LIB_IMPORT_NAMING_H

#include "bpat/Sema/IR.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <set>
#include <string>

namespace bpat {
namespace import {

/// `Conv2d` of `torch.nn.Conv2d`; a name without dots is its own.
llvm::StringRef lastComponent(llvm::StringRef qualified);

/// A valid identifier from `text`, in snake_case: a trailing `_` (in-place)
/// is spelled `_inplace`, leading underscores go, and an empty name or one
/// starting with a digit gets `prefix` in front.
std::string identifierFrom(llvm::StringRef text, llvm::StringRef prefix = "op");

/// The kind of an op the library does not declare, from its qualified name:
/// no dot is a method; a class (`usedAsModule`, or a last component starting
/// with an upper-case letter) is a module; anything else a function.
ir::OpKind guessOpKind(llvm::StringRef target, bool usedAsModule);

/// The library's name for an op: `fancy_conv_relu`, `relu_fn` for
/// torch.nn.functional, `torch_add` for torch, `flatten_method` for a method.
std::string opBaseName(llvm::StringRef target, ir::OpKind kind);

/// `int16` for "torch.int16".
std::string dtypeBaseName(llvm::StringRef target);

/// A dtype config named from its content,
/// `<input>[_to_<output>][_w_<weight>][_b_<bias>]` then `_dynamic`/`_static`,
/// `_constrained` and `_act`. Each argument is a dtype's name, empty where
/// the config has none; `output` is empty where it equals the input.
std::string dtypeConfigBaseName(llvm::StringRef input, llvm::StringRef output,
                                llvm::StringRef weight, llvm::StringRef bias,
                                std::optional<bool> isDynamic,
                                bool constrained);

/// The names in use in the output, and fresh ones.
class NameTable {
public:
  /// `taken`: the names the imported library files declare.
  explicit NameTable(std::set<std::string> taken) : taken(std::move(taken)) {}

  bool isTaken(const std::string &name) const { return taken.count(name); }

  /// `base` if it is free; else `base` behind the nearest informative
  /// component of `qualified` (`qat_conv2d`); else numbered. The name
  /// returned is taken from then on.
  std::string fresh(const std::string &base, llvm::StringRef qualified = "");

  /// The backend's name: `wanted` as written if it is an identifier
  /// (`_native_and_fp16`), else made one; `_backend` added if it is taken.
  std::string freshBackendName(const std::string &wanted);

private:
  bool isFree(const std::string &name) const;

  std::set<std::string> taken;
};

} // namespace import
} // namespace bpat

#endif // BPAT_LIB_IMPORT_NAMING_H
