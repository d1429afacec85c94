//===- LibraryIndex.h - What the .bpat library already declares -*- C++ -*-===//
//
// bpat-import reuses the short names of the shipped library (and of -I
// directories): it loads every .bpat file there through the front end and
// indexes its declarations by what they mean (an op by its qualified name, a
// dtype config by its content, a fuser by its target and parameter shape).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_IMPORT_LIBRARYINDEX_H
#define BPAT_LIB_IMPORT_LIBRARYINDEX_H

#include "bpat/Parse/Parser.h"
#include "bpat/Sema/IR.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace bpat {
namespace import {

/// A library declaration: its name and the import path of its file
/// ("torch/nn.bpat").
struct LibraryEntry {
  std::string name;
  std::string file;
};

struct LibraryOp : LibraryEntry {
  ir::OpKind kind = ir::OpKind::Module;
};

struct LibraryIndex {
  /// Ops by qualified name (a method by its name).
  std::map<std::string, LibraryOp> opsByTarget;
  /// Dtypes by their str(torch.dtype) spelling.
  std::map<std::string, LibraryEntry> dtypesByTarget;
  /// Dtype configs by dtypeConfigKey().
  std::map<std::string, LibraryEntry> dtypeConfigsByKey;
  /// Fusers by fuserKey(target, shape).
  std::map<std::string, LibraryEntry> fusersByKey;
  /// Getters by getterKey(isRoot, target).
  std::map<std::string, LibraryEntry> gettersByKey;
  /// Op sets by their flattened members' qualified names, in order.
  std::map<std::vector<std::string>, LibraryEntry> opSetsByMembers;
  /// Every name declared by an indexed file or anything it imports.
  std::set<std::string> names;
  /// Files that could not be indexed, with why (for --verbose output).
  std::vector<std::string> skipped;
};

/// Loads and indexes every .bpat file under `options.libraryDir` and each of
/// `options.includeDirs` that declares no backend (directly or through its
/// imports: importing it would clash with the backend being written).
LibraryIndex buildLibraryIndex(const ImportOptions &options);

/// "(_,(_,_))" for a fuser taking (relu, (add, conv)): the shape alone.
std::string shapeSignature(const std::vector<ir::ParamShape> &params);
std::string fuserKey(const std::string &target, const std::string &signature);
std::string getterKey(bool isRoot, const std::string &target);

/// A dtype of a dtype config as dtypeConfigKey() reads it: the dtype's
/// target, and the constraints given, by Python name, in the order of
/// ir::constraintFieldNames.
struct DTypeKey {
  std::string target;
  std::vector<std::pair<std::string, ir::Number>> constraints;
};

/// A dtype config's content in a canonical string: two configs with the same
/// key emit the same JSON. Absent fields are empty.
std::string dtypeConfigKey(const std::optional<DTypeKey> &input,
                           const std::optional<DTypeKey> &output,
                           const std::optional<DTypeKey> &weight,
                           const std::optional<std::string> &bias,
                           std::optional<bool> isDynamic);
/// The key of a dtype config of the library.
std::string dtypeConfigKey(const ir::DTypeConfig &config);

} // namespace import
} // namespace bpat

#endif // BPAT_LIB_IMPORT_LIBRARYINDEX_H
