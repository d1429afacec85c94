//===- SemaImpl.h - Shared state of the Sema passes (private) ---*- C++ -*-===//
//
// Sema runs in three steps, one file each:
//   SemaDecls.cpp     collect and check top-level declarations;
//   SemaPatterns.cpp  flatten backends and groups, expand alternatives, apply
//                     attributes (SemaAttrs.cpp) and build pattern configs;
//   SemaChecks.cpp    whole-backend checks: duplicates, unreachable patterns.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_SEMA_SEMAIMPL_H
#define BPAT_LIB_SEMA_SEMAIMPL_H

#include "bpat/Sema/Sema.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <map>
#include <set>

namespace bpat {
namespace sema {

/// What a top-level name refers to.
struct Symbol {
  const ast::Decl *decl = nullptr;
  ir::Op *op = nullptr;
  ir::DType *dtype = nullptr;
  ir::DTypeConfig *dtypeConfig = nullptr;
  ir::Fuser *fuser = nullptr;
  ir::Getter *getter = nullptr;
  /// For op sets: the member ops, flattened, in order (filled on demand).
  std::vector<const ir::Op *> opSetMembers;
  bool opSetResolved = false;
  bool opSetResolving = false;
  bool isModuleFile = false; ///< declared in the main file
};

/// Human-readable name of a declaration kind ("op", "dtype config", ...).
const char *describeDeclKind(ast::Decl::Kind kind);

/// `a, b or c`: column `column` of every row of a vocabulary table (the
/// runtime's .def tables), the last two joined by `last` (" or ", " and ").
template <typename Row, size_t N>
std::string listNames(const Row (&table)[N], const char *const Row::*column,
                      const char *last) {
  std::string list;
  for (size_t i = 0; i < N; ++i) {
    if (i)
      list += i + 1 == N ? last : ", ";
    list += table[i].*column;
  }
  return list;
}

/// One layer of attributes, by precedence (pattern, defaults, use blocks).
using AttrLayers = std::vector<const std::vector<ast::Attr> *>;

/// The names a `use G(a, b)` binds to G's parameters: parameter -> the name
/// passed for it and where it was passed.
using Bindings = std::map<std::string, ast::Name>;

/// A pattern item with the attribute layers in force where it is used.
struct FlatPattern {
  const ast::GroupItem *item;
  AttrLayers layers;
  const ast::Module *module;
  /// The parameters of the group the item is in (null outside one).
  const Bindings *bindings = nullptr;
  /// The backend's own `use` item the pattern came through (null when the
  /// pattern is written in the backend itself).
  const ast::GroupItem *useSite = nullptr;
};

/// Checks a Python expression from a .bpat string (SemaPython.cpp):
/// nothing and `error` set if it could not be written into a module as is.
std::optional<ir::PythonExpr> parsePythonExpr(llvm::StringRef text,
                                              std::string &error);

class SemaImpl {
public:
  SemaImpl(const ast::Program &program, DiagnosticEngine &diags)
      : program(program), diags(diags), result(new ir::Program) {}

  std::unique_ptr<ir::Program> run();

  // SemaDecls.cpp
  void collectDecls();
  void analyzeDecls();
  /// An error if the target of `decl` (an op, dtype, fuser or getter) is
  /// not a Python qualified name.
  void checkQualifiedName(const ast::Decl &decl, const char *what);
  void analyzeOp(const ast::Decl &decl, ir::Op &op);
  void analyzeDTypeConfig(const ast::Decl &decl, ir::DTypeConfig &config);
  std::optional<ir::DTypeWithConstraints>
  analyzeConstrainedDType(const ast::Value &value);
  /// Sets the constraint fields `attrs` give; fields already set come from
  /// the constrained dtype `preset`. Returns false after reporting errors.
  bool applyConstraints(const std::vector<ast::Attr> &attrs,
                        ir::DTypeWithConstraints &result,
                        const ir::DType *preset);
  void analyzeConstrainedDTypeDecl(const ast::Decl &decl, ir::DType &dtype);
  /// Reports bounds that contradict each other, once, at the bound written
  /// in `attrs` (a note at the constrained dtype `refined` they add to, if
  /// the other bound is its); false if there was one.
  bool checkConstraints(const ir::DTypeWithConstraints &c, llvm::SMRange where,
                        const std::vector<ast::Attr> &attrs,
                        const ir::DType *refined);
  ir::ParamShape analyzeParam(const ast::FuserParam &param);

  /// Look up `name`; report "unknown X" (with a suggestion among the symbols
  /// accepted by `accept`) if it is missing or of the wrong kind.
  Symbol *lookup(const ast::Name &name, const char *what,
                 const std::function<bool(const Symbol &)> &accept);
  const ir::Op *lookupModuleOp(const ast::Name &name, const char *role);
  const std::vector<const ir::Op *> *resolveOpSet(Symbol &symbol);

  // SemaPatterns.cpp
  void analyzeBackends();
  void flattenGroup(const ast::Decl &group, const AttrLayers &outer,
                    const Bindings *bindings, const ast::GroupItem *useSite,
                    std::vector<FlatPattern> &out);
  /// The bindings `use` makes for `used`, or null after reporting an error.
  const Bindings *bindUseArgs(const ast::GroupItem &use, const ast::Decl &used,
                              const Bindings *outer);
  const std::vector<ir::PatternNode> *expandPattern(const ast::GroupItem &item);
  bool expandTerm(const ast::Term &term,
                  const std::vector<ir::PatternNode> *prev,
                  std::vector<ir::PatternNode> &out, bool isStep);
  void buildConfigs(const FlatPattern &flat,
                    std::vector<ir::PatternConfig> &out);

  // SemaAttrs.cpp
  bool applyAttributes(const FlatPattern &flat, ir::PatternConfig &config);
  void checkAttrBlock(const std::vector<ast::Attr> &attrs);
  std::optional<ir::ObservationType> observationOf(const ast::Value &value);
  void checkFuser(const ast::GroupItem &item, const ast::Attr *fuserAttr,
                  ir::PatternConfig &config);
  void checkNumTensorArgs(const ast::Attr &attr, ir::PatternConfig &config);

  // SemaChecks.cpp
  void foldDuplicates(ir::Backend &backend,
                      std::vector<const ast::GroupItem *> &items,
                      std::vector<const ast::GroupItem *> &useSites);
  void checkUnreachable(const ir::Backend &backend);

  /// Report once per (location, message).
  bool firstReport(llvm::SMLoc loc, const std::string &key);

  const ast::Program &program;
  DiagnosticEngine &diags;
  std::unique_ptr<ir::Program> result;
  llvm::StringMap<Symbol> symbols;
  /// Declaration order of all groups and backends.
  std::vector<const ast::Decl *> groups;
  const ast::Module *mainModule = nullptr;

  /// Expansions per pattern item and bindings (null entry: the expansion
  /// failed).
  llvm::DenseMap<std::pair<const ast::GroupItem *, const Bindings *>,
                 std::unique_ptr<std::vector<ir::PatternNode>>>
      expansions;
  /// Every distinct set of bindings, by its text, owned here (stable
  /// addresses, so that expansions can be cached per set).
  std::map<std::string, Bindings> bindingSets;
  /// The bindings of the pattern being analyzed; lookup() substitutes them.
  const Bindings *currentBindings = nullptr;
  /// Attribute blocks already checked, so that errors appear once.
  llvm::DenseMap<const std::vector<ast::Attr> *, bool> checkedBlocks;
  std::set<std::pair<const char *, std::string>> reported;
  /// Groups being flattened, to find `use` cycles.
  std::vector<const ast::Decl *> flattenStack;
  /// The module declaring each top-level declaration (built on first use).
  std::map<const ast::Decl *, const ast::Module *> declModules;
  /// Whether the limit on flattened patterns was reported for this backend.
  bool flattenLimitReported = false;
  /// Pattern items written `override` that did replace an earlier one.
  std::set<const ast::GroupItem *> overridesUsed;
};

} // namespace sema
} // namespace bpat

#endif
