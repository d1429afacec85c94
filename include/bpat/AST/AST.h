//===- AST.h - The bpat abstract syntax tree --------------------*- C++ -*-===//
//
// The project's own syntax tree, built from the ANTLR parse tree, which is
// dropped afterwards. Every node carries the source range it came from, so
// later stages can point diagnostics at it. The AST is purely syntactic: names
// are unresolved strings; Sema gives them meaning.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_AST_AST_H
#define BPAT_AST_AST_H

#include "bpat/Runtime/OpRef.h"
#include "llvm/Support/SMLoc.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bpat {
namespace ast {

/// Comments kept for the formatter, attached to the construct they belong
/// to. The compiler proper ignores them.
struct Comments {
  /// Whole-line comments before the construct.
  std::vector<std::string> leading;
  /// A comment after the construct on its last line.
  std::string trailing;
  /// Comments after the last construct inside a block, before its `}`.
  std::vector<std::string> closing;
  /// An empty line separated the construct (with its leading comments) from
  /// the one before it: the formatter keeps such paragraph breaks.
  bool blankLineBefore = false;
  /// An empty line separated the leading comments from the construct.
  bool blankLineAfterLeading = false;
};

/// An identifier and where it was written.
struct Name {
  std::string text;
  llvm::SMRange range;
};

//===----------------------------------------------------------------------===//
// Attribute values
//===----------------------------------------------------------------------===//

struct Attr;

/// The right-hand side of `key = value;`.
struct Value {
  enum class Kind { Name, Number, String, List, Map, Constrained };
  /// A key of a map value: a name or an integer, kept as written.
  struct MapEntry {
    Name key;
    bool keyIsInteger = false;
    std::unique_ptr<Value> value;
  };

  Kind kind;
  llvm::SMRange range;
  /// Name and Constrained: the name. String: the unescaped text.
  /// Number: the spelling as written (with sign).
  std::string text;
  /// Number only.
  bool isFloat = false;
  int64_t intValue = 0;
  double floatValue = 0;
  /// List only.
  std::vector<std::unique_ptr<Value>> elements;
  /// Map only.
  std::vector<MapEntry> entries;
  /// Constrained only: `quint8 { quant_min_lower_bound = 0; }`.
  std::vector<Attr> attrs;

  explicit Value(Kind kind, llvm::SMRange range) : kind(kind), range(range) {}
};

/// `key = value;`
struct Attr {
  Name key;
  std::unique_ptr<Value> value;
  llvm::SMRange range;
  Comments comments;
};

//===----------------------------------------------------------------------===//
// Pattern terms
//===----------------------------------------------------------------------===//

/// One term of a pattern: an op (possibly with argument patterns), the
/// wildcard `_`, the previous-step slot `<prev>`, or a set of alternatives.
struct Term {
  enum class Kind { Op, Wildcard, Prev, Alternatives };
  Kind kind;
  llvm::SMRange range;
  /// Op: the op (or op set) name.
  Name name;
  /// Op: whether `(...)` followed the name.
  bool hasArgs = false;
  /// Op: the argument patterns. Alternatives: the choices.
  std::vector<std::unique_ptr<Term>> children;

  Term(Kind kind, llvm::SMRange range) : kind(kind), range(range) {}
};

//===----------------------------------------------------------------------===//
// Group items
//===----------------------------------------------------------------------===//

/// An item inside `backend NAME { ... }` or `group NAME { ... }`.
struct GroupItem {
  enum class Kind { Defaults, Use, Pattern };
  Kind kind;
  llvm::SMRange range;
  /// Defaults, Use, Pattern: the attributes (empty when written with `;`).
  std::vector<Attr> attrs;
  /// Use: the group used, and the names bound to its parameters.
  Name target;
  std::vector<Name> useArgs;
  bool hasUseArgs = false;
  /// Pattern: the chain steps in forward order.
  std::vector<std::unique_ptr<Term>> steps;
  /// Pattern: `=> X`.
  std::optional<Name> fused;
  /// Pattern: written `override pattern`.
  bool isOverride = false;
  /// Pattern: whether the item ended with `{...}` rather than `;`.
  bool hasBody = false;
  Comments comments;

  GroupItem(Kind kind, llvm::SMRange range) : kind(kind), range(range) {}
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// A fuser parameter: a name or a nested tuple of parameters.
struct FuserParam {
  Name name; ///< empty text for a tuple
  std::vector<FuserParam> elements;
  llvm::SMRange range;
  bool isTuple() const { return name.text.empty(); }
};

/// The runtime's op kinds (OpKind.def).
using rt::OpKind;
enum class GetterKind { RootNode, ExtraInputs };

struct Decl {
  enum class Kind {
    Import,
    Op,
    OpSet,
    DType,
    DTypeConfig,
    Fuser,
    Getter,
    Group
  };
  Kind kind;
  llvm::SMRange range;
  /// The declared name (empty for imports).
  Name name;
  /// Import: the path. Op, DType, Fuser, Getter: the Python target.
  std::string target;
  llvm::SMRange targetRange;
  /// Op only.
  OpKind opKind = OpKind::Module;
  /// Getter only.
  GetterKind getterKind = GetterKind::RootNode;
  /// DType: the dtype a constrained dtype refines (empty for a plain one).
  Name baseName;
  /// Op (optional block), DTypeConfig, and a constrained DType.
  std::vector<Attr> attrs;
  bool hasAttrBlock = false;
  /// OpSet: members.
  std::vector<Name> members;
  /// Fuser: parameters (without is_qat).
  std::vector<FuserParam> params;
  /// Group: `backend` (true) or `group`, and its parameters.
  bool isBackend = false;
  std::vector<Name> groupParams;
  bool hasGroupParams = false;
  Comments comments;
  std::vector<GroupItem> items;

  Decl(Kind kind, llvm::SMRange range) : kind(kind), range(range) {}
};

/// One parsed source file.
struct Module {
  std::string fileName;
  unsigned bufferId = 0;
  std::vector<std::unique_ptr<Decl>> decls;
  /// Comments after the last declaration.
  std::vector<std::string> trailingComments;
};

/// A source file and everything it imports, in load order. The main file is
/// last; every import appears before the file that imports it.
struct Program {
  std::vector<std::unique_ptr<Module>> modules;
  const Module &getMainModule() const { return *modules.back(); }
};

} // namespace ast
} // namespace bpat

#endif // BPAT_AST_AST_H
