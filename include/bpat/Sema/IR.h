//===- IR.h - The checked program produced by Sema --------------*- C++ -*-===//
//
// Sema turns the AST into this IR: every name resolved to its declaration,
// alternatives expanded, defaults applied, duplicates folded. Later stages
// (lowering, emitters) read only this, never the AST.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_SEMA_IR_H
#define BPAT_SEMA_IR_H

#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/OpRef.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/Support/SMLoc.h"
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bpat {
namespace ir {

/// The runtime's enums (OpKind.def, ObservationType.def) are the IR's too.
using rt::ObservationType;
using rt::OpKind;

/// A framework operator or class: `op conv2d = module "torch...Conv2d";`.
struct Op {
  std::string name;
  OpKind kind;
  /// Qualified class/function name, or the method name.
  std::string target;
  /// Numbers of positional arguments a call may have; empty if unknown.
  std::vector<unsigned> argCounts;
  llvm::SMRange loc;
};

struct DTypeWithConstraints;

struct DType {
  std::string name;
  std::string target; ///< e.g. "torch.quint8" (the base's, if constrained)
  /// A constrained dtype (`dtype act = qint8 { ... };`): the dtype it
  /// refines, and its constraints. Null for a plain dtype.
  const DType *base = nullptr;
  std::shared_ptr<DTypeWithConstraints> constraints;
  llvm::SMRange loc;
};

/// A number that remembers whether it was written as an integer.
struct Number {
  bool isFloat = false;
  int64_t intValue = 0;
  double floatValue = 0;
  double asDouble() const { return isFloat ? floatValue : double(intValue); }
};

/// PyTorch's DTypeWithConstraints.
struct DTypeWithConstraints {
  const DType *dtype = nullptr;
  /// quantMinLowerBound, quantMaxUpperBound, scaleMinLowerBound,
  /// scaleMaxUpperBound, scaleExactMatch, zeroPointExactMatch
  /// (DTypeConstraints.def).
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13)                       \
  std::optional<Number> Member;
#include "bpat/Runtime/DTypeConstraints.def"
};

/// The constraint fields of DTypeWithConstraints, by their Python names, in
/// the dataclass's order (which is also the JSON order): DTypeConstraints.def.
inline constexpr const char *constraintFieldNames[] = {
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13) Name,
#include "bpat/Runtime/DTypeConstraints.def"
};

/// Calls `fn(pythonName, field)` for each constraint field of `d` (const or
/// not), in the order of constraintFieldNames.
template <typename Constraints, typename Fn>
void forEachConstraint(Constraints &d, Fn &&fn) {
#define BPAT_DTYPE_CONSTRAINT(Member, Name, InTorch1_13) fn(Name, d.Member);
#include "bpat/Runtime/DTypeConstraints.def"
}

/// PyTorch's DTypeConfig, named.
struct DTypeConfig {
  std::string name;
  std::optional<DTypeWithConstraints> input, output, weight;
  const DType *bias = nullptr;
  std::optional<bool> isDynamic;
  llvm::SMRange loc;
};

/// The shape of a fuser's parameters: a name, or a tuple of shapes.
struct ParamShape {
  std::string name; ///< empty for a tuple
  std::vector<ParamShape> elements;
  bool isTuple() const { return name.empty(); }
};

struct Fuser {
  std::string name;
  std::string target;
  /// Parameters after `is_qat`.
  std::vector<ParamShape> params;
  /// Whether any parameter is a tuple: the fuser takes reversed nested args.
  bool takesNestedArgs() const {
    for (const ParamShape &p : params)
      if (p.isTuple())
        return true;
    return false;
  }
  llvm::SMRange loc;
};

/// An op set (`opset relu_fusable = relu | relu_fn;`): its members flattened
/// to ops, in order, as a pattern expands it.
struct OpSet {
  std::string name;
  std::vector<const Op *> members;
  llvm::SMRange loc;
};

enum class GetterKind { RootNode, ExtraInputs };

struct Getter {
  std::string name;
  GetterKind kind;
  std::string target;
  llvm::SMRange loc;
};

/// A node of a pattern tree. The root is the last op in forward order; its
/// children are the patterns of its positional arguments, exactly as in
/// PyTorch's legacy reversed nested tuple.
struct PatternNode {
  enum class Kind { Op, Wildcard };
  Kind kind = Kind::Op;
  const Op *op = nullptr;
  /// Argument patterns. Empty means "arguments unconstrained".
  std::vector<PatternNode> args;
  llvm::SMRange loc;

  bool isWildcard() const { return kind == Kind::Wildcard; }
  bool operator==(const PatternNode &other) const {
    return kind == other.kind && op == other.op && args == other.args;
  }
};

/// The fuser of a config: a declared fuser or the built-in `sequential`.
struct FuserRef {
  const Fuser *fuser = nullptr; ///< null for `sequential`
  bool isSequential() const { return fuser == nullptr; }
};

/// A Python expression from a .bpat string (`overwrite_output_*`), checked
/// by Sema: strings closed, brackets balanced, no line break outside
/// brackets. `dottedNames` are the byte ranges of its dotted names
/// (`torch.quint8`, `a.b.C.with_args`): what an emitter resolves by name.
struct PythonExpr {
  std::string text;
  std::vector<std::pair<size_t, size_t>> dottedNames;
};

/// One BackendPatternConfig, with every field PyTorch has.
struct PatternConfig {
  PatternNode tree;
  /// Written in chain form (`a -> b`), so a fuser is called in forward order.
  bool writtenAsChain = false;
  /// `format = complex`: registered in the legacy form only.
  bool forceComplex = false;
  ObservationType observation =
      ObservationType::OutputUseDifferentObserverAsInput;
  std::vector<const DTypeConfig *> dtypeConfigs;
  const Op *rootModule = nullptr;
  const Op *qatModule = nullptr;
  const Op *referenceModule = nullptr;
  const Op *fusedModule = nullptr;
  std::optional<FuserRef> fuser;
  const Getter *rootNodeGetter = nullptr;
  const Getter *extraInputsGetter = nullptr;
  std::vector<std::pair<int64_t, ObservationType>> numTensorArgsToObservation;
  std::vector<std::pair<std::string, int64_t>> inputTypeToIndex;
  std::optional<bool> inputOutputObserved;
  std::optional<PythonExpr> overwriteOutputFakeQuantize;
  std::optional<PythonExpr> overwriteOutputObserver;

  /// Where the pattern was written (file name without directories, line).
  std::string sourceFile;
  unsigned sourceLine = 0;
  /// The whole pattern statement, `pattern ... ;` or `pattern ... { ... }`.
  llvm::SMRange loc;
  /// Whether the statement ends in a `{ ... }` block (else in `;`).
  bool hasBody = false;
  /// Where an attribute in force was written: the whole `key = value;`, its
  /// value, and whether it is the statement's own (not a `defaults` or `use`
  /// block's). Checks point notes at it and fix-its edit it.
  struct AttrSource {
    llvm::SMRange range;
    llvm::SMRange valueRange;
    bool own = false;
  };
  std::map<rt::PatternAttr, AttrSource> attrSources;
  /// `=> X` (empty range if the fused module was not written so).
  llvm::SMRange fusedArrowRange;

  const AttrSource *sourceOf(rt::PatternAttr attr) const {
    auto it = attrSources.find(attr);
    return it == attrSources.end() ? nullptr : &it->second;
  }
};

/// A backend: its configs in BackendConfig order (duplicates already folded:
/// the later config took the earlier one's place).
struct Backend {
  std::string name;
  std::vector<PatternConfig> configs;
  llvm::SMRange loc;
  /// Declared in the main file (as opposed to an imported one).
  bool inMainFile = false;
};

/// Everything Sema produced. Declarations are owned here; configs point to
/// them.
struct Program {
  std::vector<std::unique_ptr<Op>> ops;
  std::vector<std::unique_ptr<DType>> dtypes;
  std::vector<std::unique_ptr<DTypeConfig>> dtypeConfigs;
  std::vector<std::unique_ptr<Fuser>> fusers;
  std::vector<std::unique_ptr<Getter>> getters;
  std::vector<Backend> backends;
  std::vector<std::unique_ptr<OpSet>> opSets;
  /// The file declaring each top-level name (of every kind, groups and
  /// backends included), as it was loaded (ast::Module::fileName).
  std::map<std::string, std::string> declarationFiles;
  /// The file analyzed; the others were loaded through its imports.
  std::string mainFile;

  bool isDeclaredInMainFile(const std::string &name) const {
    auto it = declarationFiles.find(name);
    return it != declarationFiles.end() && it->second == mainFile;
  }

  const Backend *findBackend(const std::string &name) const {
    for (const Backend &b : backends)
      if (b.name == name)
        return &b;
    return nullptr;
  }
};

} // namespace ir
} // namespace bpat

namespace bpat {
namespace ir {

/// The argument patterns of a node, for the runtime's tree functions.
inline const std::vector<PatternNode> &argsOf(const PatternNode &node) {
  return node.args;
}

/// Number of leaves (ops and wildcards) of a pattern tree, as PyTorch's
/// get_len counts them for sorting: `(relu, (bn, conv))` has 3.
inline unsigned countLeaves(const PatternNode &node) {
  return unsigned(rt::countPatternLeaves(node, argsOf));
}

/// Whether a wildcard appears anywhere in the tree.
inline bool hasWildcard(const PatternNode &node) {
  if (node.isWildcard())
    return true;
  for (const PatternNode &arg : node.args)
    if (hasWildcard(arg))
      return true;
  return false;
}

/// PyTorch's sort key: tuples (nodes with arguments) by descending leaf
/// count, then single ops. Smaller sorts first; the sort must be stable.
inline int prioritySortKey(const PatternNode &node) {
  return int(rt::patternPrioritySortKey(node, argsOf));
}

} // namespace ir
} // namespace bpat

#endif // BPAT_SEMA_IR_H
