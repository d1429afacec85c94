//===- Facts.h - What the rule checks know about a program ------*- C++ -*-===//
//
// The facts the checks of PyTorch's rules share, computed once: for the
// whole program, which modules have reference and QAT counterparts and
// which functions carry a weight; for one backend, the config of each lone
// op, the fusions that produce each fused module, and the root modules
// convert_fx can map to a reference module.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_CHECK_FACTS_H
#define BPAT_LIB_CHECK_FACTS_H

#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bpat {
namespace check {

/// The last component of a qualified name: "Conv2d" for
/// "torch.nn.modules.conv.Conv2d".
std::string className(const ir::Op &op);

/// The op a pattern tree is, if it is one op with unconstrained arguments.
const ir::Op *loneOp(const ir::PatternNode &tree);

/// The first op in forward order: the node PyTorch's default root node
/// getter picks (the last element of the reversed nested tuple,
/// recursively). Null if that is a wildcard.
const ir::Op *firstForwardOp(const ir::PatternNode &tree);

/// The tree in .bpat's notation, for messages: `linear -> relu` for a chain,
/// `add(_, relu(conv2d))` otherwise.
std::string describe(const ir::PatternNode &tree);

struct ProgramFacts {
  /// A float module's reference quantized module: from a config anywhere in
  /// the program that maps it, else a declared op of a reference namespace
  /// with the same class name.
  std::map<const ir::Op *, const ir::Op *> referenceOf;
  /// A function some config in the program gives a weight index, and that
  /// config.
  std::map<const ir::Op *, const ir::PatternConfig *> weightIndexFrom;
  /// Modules that are a fusion's result somewhere, or are declared in an
  /// intrinsic (fused) namespace outside QAT.
  std::set<const ir::Op *> fusedModules;
  /// Declared ops of a QAT namespace.
  std::vector<const ir::Op *> qatOps;

  explicit ProgramFacts(const ir::Program &program);
};

struct BackendFacts {
  const ir::Backend &backend;
  /// The config whose pattern is just this op.
  std::map<const ir::Op *, const ir::PatternConfig *> loneConfig;
  /// The fusion configs that produce each fused module, in order.
  std::map<const ir::Op *, std::vector<const ir::PatternConfig *>> producers;
  /// Root modules convert_fx maps to a reference module (both set).
  std::set<const ir::Op *> rootClasses;
  /// The module a QAT module converts back to: the lone op of the (first)
  /// config whose `qat` it is.
  std::map<const ir::Op *, const ir::Op *> floatOfQat;
  /// Whether any config has dtype configs (the backend quantizes at all).
  bool quantizes = false;

  explicit BackendFacts(const ir::Backend &backend);

  /// The float module convert_fx looks up for a node of module `op`: the
  /// module itself, the first module of the fusion that produces it (convert
  /// takes `mod[0]` of a fused module), or what a QAT module's pattern is.
  const ir::Op *floatModuleOf(const ir::Op *op) const;
};

/// The context of one backend's checks.
struct RuleContext {
  RuleContext(const ProgramFacts &program, const BackendFacts &backend,
              DiagnosticEngine &diags)
      : program(program), backend(backend), diags(diags) {}

  const ProgramFacts &program;
  const BackendFacts &backend;
  DiagnosticEngine &diags;
  /// Whether the pattern statement is in the file being compiled (fix-its
  /// only edit that file).
  bool editable(const ir::PatternConfig &config) const;
  /// A note at `op`'s declaration.
  static std::string declaredNote(const ir::Op &op);
  /// A warning, unless the same one was reported at the same place already
  /// (a group used twice, or an op set expanded, yields one config per use
  /// and alternative from one statement).
  std::optional<InFlightDiagnostic> warn(Warning w, llvm::SMRange range,
                                         const std::string &message);

private:
  std::set<std::pair<const char *, std::string>> reported;
};

/// A fix-it that adds attributes (`text`, such as `root = a; reference =
/// b;`) to a pattern statement: before its `}`, or as a block in place of
/// its `;`.
FixIt addAttributesFixIt(const ir::PatternConfig &config,
                         const std::string &text);

/// A fix-it that deletes an attribute, `key = value;`, with the blanks after
/// it (and its line, if it is alone on it).
FixIt removeAttributeFixIt(const llvm::SourceMgr &sm,
                           const ir::PatternConfig::AttrSource &source);

/// Whether any of the config's dtype configs quantizes a weight.
bool quantizesWeight(const ir::PatternConfig &config);

/// Whether two dtype configs say the same (same name or same fields).
bool sameDTypeConfig(const ir::DTypeConfig &a, const ir::DTypeConfig &b);

// The rules, one function each (ConvertRules.cpp, PrepareRules.cpp).
void checkReferenceModules(RuleContext &ctx);
void checkFusedModules(RuleContext &ctx);
void checkQatModules(RuleContext &ctx);
void checkWeightIndices(RuleContext &ctx);
void checkFusedDTypeConfigs(RuleContext &ctx);
void checkIgnoredAttributes(RuleContext &ctx);
void checkArgumentIndices(RuleContext &ctx);

} // namespace check
} // namespace bpat

#endif // BPAT_LIB_CHECK_FACTS_H
