//===- ASTPrinter.cpp - Dumping and formatting the AST --------------------===//
//
// Two printers over the same tree: a debugging dump with locations, and the
// canonical formatter. Both share the spelling of values and terms.
//
//===----------------------------------------------------------------------===//

#include "bpat/AST/ASTPrinter.h"
#include "bpat/Support/Quote.h"

using namespace bpat;
using namespace bpat::ast;

namespace {

std::string quote(const std::string &text) { return quoteString(text); }

void printValue(const Value &value, llvm::raw_ostream &os);

void printAttrsInline(const std::vector<Attr> &attrs, llvm::raw_ostream &os) {
  os << "{";
  for (const Attr &attr : attrs) {
    os << " " << attr.key.text << " = ";
    printValue(*attr.value, os);
    os << ";";
  }
  os << (attrs.empty() ? "}" : " }");
}

void printValue(const Value &value, llvm::raw_ostream &os) {
  switch (value.kind) {
  case Value::Kind::Name:
  case Value::Kind::Number:
    os << value.text;
    return;
  case Value::Kind::String:
    os << quote(value.text);
    return;
  case Value::Kind::List:
    os << "[";
    for (size_t i = 0; i < value.elements.size(); ++i) {
      if (i)
        os << ", ";
      printValue(*value.elements[i], os);
    }
    os << "]";
    return;
  case Value::Kind::Map:
    if (value.entries.empty()) {
      os << "{}";
      return;
    }
    os << "{ ";
    for (size_t i = 0; i < value.entries.size(); ++i) {
      if (i)
        os << ", ";
      os << value.entries[i].key.text << ": ";
      printValue(*value.entries[i].value, os);
    }
    os << " }";
    return;
  case Value::Kind::Constrained:
    os << value.text << " ";
    printAttrsInline(value.attrs, os);
    return;
  }
}

void printTerm(const Term &term, llvm::raw_ostream &os) {
  switch (term.kind) {
  case Term::Kind::Wildcard:
    os << "_";
    return;
  case Term::Kind::Prev:
    os << "<prev>";
    return;
  case Term::Kind::Alternatives:
    os << "(";
    for (size_t i = 0; i < term.children.size(); ++i) {
      if (i)
        os << " | ";
      printTerm(*term.children[i], os);
    }
    os << ")";
    return;
  case Term::Kind::Op:
    os << term.name.text;
    if (!term.hasArgs)
      return;
    os << "(";
    for (size_t i = 0; i < term.children.size(); ++i) {
      if (i)
        os << ", ";
      printTerm(*term.children[i], os);
    }
    os << ")";
    return;
  }
}

void printParams(const std::vector<FuserParam> &params, llvm::raw_ostream &os) {
  os << "(";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i)
      os << ", ";
    if (params[i].isTuple())
      printParams(params[i].elements, os);
    else
      os << params[i].name.text;
  }
  os << ")";
}

/// `(a, b, c)`
void printNames(const std::vector<Name> &names, llvm::raw_ostream &os) {
  os << "(";
  for (size_t i = 0; i < names.size(); ++i)
    os << (i ? ", " : "") << names[i].text;
  os << ")";
}

//===----------------------------------------------------------------------===//
// Formatter
//===----------------------------------------------------------------------===//

/// Whole-line comments, each on its own line at `indent`.
void printCommentLines(const std::vector<std::string> &comments,
                       unsigned indent, llvm::raw_ostream &os) {
  for (const std::string &comment : comments)
    os.indent(indent) << comment << "\n";
}

/// A construct's leading comments, then the empty line that followed them in
/// the source, if there was one.
void printLeading(const Comments &comments, unsigned indent,
                  llvm::raw_ostream &os) {
  printCommentLines(comments.leading, indent, os);
  if (comments.blankLineAfterLeading)
    os << "\n";
}

/// Ends a construct's last line, with its trailing comment if any.
void endLine(const Comments &comments, llvm::raw_ostream &os) {
  if (!comments.trailing.empty())
    os << "  " << comments.trailing;
  os << "\n";
}

/// Lines longer than this are wrapped where the formatter knows how: a map
/// or a constrained dtype in an attribute block, a fuser's target.
constexpr size_t lineWidth = 80;

std::string valueText(const Value &value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printValue(value, os);
  return os.str();
}

/// An attribute's value after `key = ` at `indent`, on one line if it fits,
/// else a map one entry per line (with trailing commas) or a constrained
/// dtype one constraint per line.
void formatAttrValue(const Attr &attr, unsigned indent, llvm::raw_ostream &os) {
  const Value &value = *attr.value;
  std::string text = valueText(value);
  bool fits = indent + attr.key.text.size() + 3 + text.size() + 1 <= lineWidth;
  if (fits || (value.kind == Value::Kind::Map && value.entries.empty()) ||
      (value.kind == Value::Kind::Constrained && value.attrs.empty()) ||
      (value.kind != Value::Kind::Map &&
       value.kind != Value::Kind::Constrained)) {
    os << text;
    return;
  }
  if (value.kind == Value::Kind::Map) {
    os << "{\n";
    for (const Value::MapEntry &entry : value.entries) {
      os.indent(indent + 2) << entry.key.text << ": ";
      printValue(*entry.value, os);
      os << ",\n";
    }
  } else {
    os << value.text << " {\n";
    for (const Attr &constraint : value.attrs) {
      os.indent(indent + 2) << constraint.key.text << " = ";
      printValue(*constraint.value, os);
      os << ";\n";
    }
  }
  os.indent(indent) << "}";
}

/// `{`, one attribute per line, the block's closing comments, `}`.
void formatAttrBlock(const std::vector<Attr> &attrs,
                     const std::vector<std::string> &closing, unsigned indent,
                     llvm::raw_ostream &os) {
  os << "{\n";
  for (const Attr &attr : attrs) {
    printLeading(attr.comments, indent + 2, os);
    os.indent(indent + 2) << attr.key.text << " = ";
    formatAttrValue(attr, indent + 2, os);
    os << ";";
    endLine(attr.comments, os);
  }
  printCommentLines(closing, indent + 2, os);
  os.indent(indent) << "}";
}

void formatGroupItem(const GroupItem &item, llvm::raw_ostream &os) {
  printLeading(item.comments, 2, os);
  os.indent(2);
  // A block is kept when it has attributes or comments of its own.
  bool block = !item.attrs.empty() || !item.comments.closing.empty();
  switch (item.kind) {
  case GroupItem::Kind::Defaults:
    os << "defaults ";
    formatAttrBlock(item.attrs, item.comments.closing, 2, os);
    break;
  case GroupItem::Kind::Use:
    os << "use " << item.target.text;
    if (item.hasUseArgs)
      printNames(item.useArgs, os);
    if (item.hasBody && block) {
      os << " ";
      formatAttrBlock(item.attrs, item.comments.closing, 2, os);
    } else {
      os << ";";
    }
    break;
  case GroupItem::Kind::Pattern:
    if (item.isOverride)
      os << "override ";
    os << "pattern ";
    for (size_t i = 0; i < item.steps.size(); ++i) {
      if (i)
        os << " -> ";
      printTerm(*item.steps[i], os);
    }
    if (item.fused)
      os << " => " << item.fused->text;
    if (block) {
      os << " ";
      formatAttrBlock(item.attrs, item.comments.closing, 2, os);
    } else {
      os << ";";
    }
    break;
  }
  endLine(item.comments, os);
}

/// Whether a declaration prints on one line.
bool isOneLine(const Decl &decl) {
  return decl.kind != Decl::Kind::DTypeConfig && decl.kind != Decl::Kind::Group;
}

/// Prints a declaration up to the end of its last line (not the newline).
void formatDecl(const Decl &decl, llvm::raw_ostream &os) {
  switch (decl.kind) {
  case Decl::Kind::Import:
    os << "import " << quote(decl.target) << ";";
    return;
  case Decl::Kind::Op:
    os << "op " << decl.name.text << " = "
       << rt::opKindInfo(decl.opKind).keyword << " " << quote(decl.target);
    if (decl.hasAttrBlock) {
      os << " ";
      printAttrsInline(decl.attrs, os);
    }
    os << ";";
    return;
  case Decl::Kind::OpSet:
    os << "opset " << decl.name.text << " =";
    for (size_t i = 0; i < decl.members.size(); ++i)
      os << (i ? " | " : " ") << decl.members[i].text;
    os << ";";
    return;
  case Decl::Kind::DType:
    os << "dtype " << decl.name.text << " = ";
    if (decl.baseName.text.empty()) {
      os << quote(decl.target);
    } else {
      os << decl.baseName.text << " ";
      printAttrsInline(decl.attrs, os);
    }
    os << ";";
    return;
  case Decl::Kind::DTypeConfig:
    os << "dtype_config " << decl.name.text << " ";
    formatAttrBlock(decl.attrs, decl.comments.closing, 0, os);
    return;
  case Decl::Kind::Fuser: {
    std::string head;
    llvm::raw_string_ostream headOS(head);
    headOS << "fuser " << decl.name.text;
    printParams(decl.params, headOS);
    std::string target = quote(decl.target) + ";";
    // A long fuser breaks before `=`, the target indented on the next line.
    bool fits = headOS.str().size() + 3 + target.size() <= lineWidth;
    os << head << (fits ? " = " : "\n    = ") << target;
    return;
  }
  case Decl::Kind::Getter:
    os << (decl.getterKind == GetterKind::RootNode ? "root_node_getter "
                                                   : "extra_inputs_getter ")
       << decl.name.text << " = " << quote(decl.target) << ";";
    return;
  case Decl::Kind::Group:
    os << (decl.isBackend ? "backend " : "group ") << decl.name.text;
    if (decl.hasGroupParams)
      printNames(decl.groupParams, os);
    os << " {\n";
    for (size_t i = 0; i < decl.items.size(); ++i) {
      if (i && decl.items[i].comments.blankLineBefore)
        os << "\n";
      formatGroupItem(decl.items[i], os);
    }
    printCommentLines(decl.comments.closing, 2, os);
    os << "}";
    return;
  }
}

//===----------------------------------------------------------------------===//
// Dumper
//===----------------------------------------------------------------------===//

class Dumper {
public:
  Dumper(const llvm::SourceMgr &sm, llvm::raw_ostream &os) : sm(sm), os(os) {}

  void dump(const Module &module) {
    os << "Module " << quote(module.fileName) << "\n";
    for (const auto &decl : module.decls)
      dumpDecl(*decl, 1);
  }

private:
  void line(unsigned depth, llvm::SMRange range, const llvm::Twine &text) {
    os.indent(depth * 2) << text;
    if (range.Start.isValid()) {
      auto [l, c] = sm.getLineAndColumn(range.Start);
      os << " <" << l << ":" << c << ">";
    }
    os << "\n";
  }
  static std::string namesText(const std::vector<Name> &names) {
    std::string text;
    llvm::raw_string_ostream s(text);
    if (!names.empty())
      printNames(names, s);
    return s.str();
  }
  std::string valueText(const Value &value) {
    std::string text;
    llvm::raw_string_ostream s(text);
    printValue(value, s);
    return s.str();
  }
  void dumpAttrs(const std::vector<Attr> &attrs, unsigned depth) {
    for (const Attr &attr : attrs)
      line(depth, attr.range,
           "Attr " + attr.key.text + " = " + valueText(*attr.value));
  }
  void dumpTerm(const Term &term, unsigned depth) {
    switch (term.kind) {
    case Term::Kind::Wildcard:
      line(depth, term.range, "Wildcard");
      return;
    case Term::Kind::Prev:
      line(depth, term.range, "Prev");
      return;
    case Term::Kind::Alternatives:
      line(depth, term.range, "Alternatives");
      break;
    case Term::Kind::Op:
      line(depth, term.range,
           "Op " + term.name.text + (term.hasArgs ? " (args)" : ""));
      break;
    }
    for (const auto &child : term.children)
      dumpTerm(*child, depth + 1);
  }
  void dumpDecl(const Decl &decl, unsigned depth) {
    switch (decl.kind) {
    case Decl::Kind::Import:
      line(depth, decl.range, "Import " + quote(decl.target));
      return;
    case Decl::Kind::Op:
      line(depth, decl.range,
           "Op " + decl.name.text + " " + rt::opKindInfo(decl.opKind).keyword +
               " " + quote(decl.target));
      dumpAttrs(decl.attrs, depth + 1);
      return;
    case Decl::Kind::OpSet: {
      std::string members;
      for (const Name &m : decl.members)
        members += " " + m.text;
      line(depth, decl.range, "OpSet " + decl.name.text + members);
      return;
    }
    case Decl::Kind::DType:
      line(depth, decl.range,
           "DType " + decl.name.text + " " +
               (decl.baseName.text.empty() ? quote(decl.target)
                                           : decl.baseName.text));
      dumpAttrs(decl.attrs, depth + 1);
      return;
    case Decl::Kind::DTypeConfig:
      line(depth, decl.range, "DTypeConfig " + decl.name.text);
      dumpAttrs(decl.attrs, depth + 1);
      return;
    case Decl::Kind::Fuser: {
      std::string params;
      llvm::raw_string_ostream s(params);
      printParams(decl.params, s);
      line(depth, decl.range,
           "Fuser " + decl.name.text + s.str() + " " + quote(decl.target));
      return;
    }
    case Decl::Kind::Getter:
      line(depth, decl.range,
           std::string(decl.getterKind == GetterKind::RootNode
                           ? "RootNodeGetter "
                           : "ExtraInputsGetter ") +
               decl.name.text + " " + quote(decl.target));
      return;
    case Decl::Kind::Group:
      line(depth, decl.range,
           (decl.isBackend ? "Backend " : "Group ") + decl.name.text +
               namesText(decl.groupParams));
      for (const GroupItem &item : decl.items)
        dumpItem(item, depth + 1);
      return;
    }
  }
  void dumpItem(const GroupItem &item, unsigned depth) {
    switch (item.kind) {
    case GroupItem::Kind::Defaults:
      line(depth, item.range, "Defaults");
      break;
    case GroupItem::Kind::Use:
      line(depth, item.range,
           "Use " + item.target.text + namesText(item.useArgs));
      break;
    case GroupItem::Kind::Pattern:
      line(depth, item.range,
           std::string(item.isOverride ? "OverridePattern" : "Pattern") +
               (item.fused ? " => " + item.fused->text : ""));
      for (const auto &step : item.steps) {
        line(depth + 1, step->range, "Step");
        dumpTerm(*step, depth + 2);
      }
      break;
    }
    dumpAttrs(item.attrs, depth + 1);
  }

  const llvm::SourceMgr &sm;
  llvm::raw_ostream &os;
};

} // namespace

void ast::formatModule(const Module &module, llvm::raw_ostream &os) {
  const Decl *previous = nullptr;
  for (const auto &declPtr : module.decls) {
    const Decl &decl = *declPtr;
    // Runs of one-line declarations of one kind stay together; everything
    // else is separated by a blank line.
    if (previous && (decl.comments.blankLineBefore ||
                     !(isOneLine(*previous) && isOneLine(decl) &&
                       previous->kind == decl.kind)))
      os << "\n";
    printLeading(decl.comments, 0, os);
    formatDecl(decl, os);
    endLine(decl.comments, os);
    previous = &decl;
  }
  if (!module.trailingComments.empty()) {
    if (previous)
      os << "\n";
    printCommentLines(module.trailingComments, 0, os);
  }
}

void ast::dumpModule(const Module &module, const llvm::SourceMgr &sourceMgr,
                     llvm::raw_ostream &os) {
  Dumper(sourceMgr, os).dump(module);
}
