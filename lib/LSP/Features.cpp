//===- Features.cpp - What the server answers about a document ------------===//
//
// Diagnostics, go-to-definition, references, hover, completion, document
// symbols, formatting and code actions, each read off the analysis the
// compiler's own stages produced. Names are found with the .bpat lexer
// (identifierSpans) and resolved to the declarations of the loaded files;
// a group's parameters shadow top-level names inside the group.
//
//===----------------------------------------------------------------------===//

#include "Document.h"

#include "bpat/AST/ASTPrinter.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/Lower/Lowering.h"
#include "bpat/Parse/Keywords.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/PatternAttr.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <set>

using namespace bpat;
using namespace bpat::lsp;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

//===----------------------------------------------------------------------===//
// Diagnostics and code actions
//===----------------------------------------------------------------------===//

static int severityCode(Severity s) {
  return s == Severity::Error ? 1 : s == Severity::Warning ? 2 : 3;
}

/// The warning's name from its flags (`-Werror,-Wname` -> `name`).
static std::string warningName(const std::string &flags) {
  llvm::StringRef flag = llvm::StringRef(flags).rsplit(',').second;
  if (flag.empty())
    flag = flags;
  flag.consume_front("-W");
  return flag.str();
}

/// Whether `loc` is in the document's own buffer.
static bool inMain(const Analysis &a, llvm::SMLoc loc) {
  return loc.isValid() &&
         a.sourceMgr->FindBufferContainingLoc(loc) == a.mainBuffer;
}

/// An LSP diagnostic; one outside the document is shown at its start, its
/// place named in the message.
static Value lspDiagnostic(const Analysis &a, const Diagnostic &d) {
  const DiagnosticMessage &m = d.main;
  std::string message = m.message;
  Value range = Object{{"start", toJSON({0, 0})}, {"end", toJSON({0, 0})}};
  if (inMain(a, m.range.Start)) {
    range = a.lspRange(m.range);
  } else if (m.range.Start.isValid()) {
    auto [line, column] = a.sourceMgr->getLineAndColumn(m.range.Start);
    unsigned id = a.sourceMgr->FindBufferContainingLoc(m.range.Start);
    message = a.sourceMgr->getMemoryBuffer(id)->getBufferIdentifier().str() +
              ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
              message;
  }
  Array related;
  for (const DiagnosticMessage &note : d.notes) {
    Value where = a.location(note.range);
    if (where.kind() == Value::Null) {
      message += "\n" + note.message;
      continue;
    }
    related.push_back(
        Object{{"location", std::move(where)}, {"message", note.message}});
  }
  Object out{{"range", std::move(range)},
             {"severity", severityCode(m.severity)},
             {"source", "bpat"},
             {"message", message}};
  if (!m.flags.empty())
    out["code"] = warningName(m.flags);
  if (!related.empty())
    out["relatedInformation"] = std::move(related);
  return Value(std::move(out));
}

Value lsp::publishDiagnostics(const Document &doc) {
  Array list;
  if (doc.current)
    for (const Diagnostic &d : doc.current->diagnostics)
      list.push_back(lspDiagnostic(*doc.current, d));
  return Object{{"uri", doc.uri},
                {"version", doc.version},
                {"diagnostics", std::move(list)}};
}

Value lsp::codeActions(const Document &doc, Position start, Position end) {
  Array actions;
  if (!doc.current)
    return Value(std::move(actions));
  const Analysis &a = *doc.current;
  size_t from = offsetOf(doc.text, start), to = offsetOf(doc.text, end);
  llvm::StringRef text =
      a.sourceMgr->getMemoryBuffer(a.mainBuffer)->getBuffer();
  for (const Diagnostic &d : a.diagnostics) {
    const DiagnosticMessage &m = d.main;
    if (m.fixIts.empty() || !inMain(a, m.range.Start))
      continue;
    size_t b = size_t(m.range.Start.getPointer() - text.data());
    size_t e = m.range.End.isValid()
                   ? size_t(m.range.End.getPointer() - text.data())
                   : b;
    if (e < from || b > to)
      continue;
    Array edits;
    for (const FixIt &fix : m.fixIts)
      if (inMain(a, fix.range.Start))
        edits.push_back(
            Object{{"range", a.lspRange(fix.range)}, {"newText", fix.text}});
    if (edits.empty())
      continue;
    Object changes;
    changes[doc.uri] = std::move(edits);
    actions.push_back(
        Object{{"title", "Apply fix-it: " + m.message.substr(0, 80)},
               {"kind", "quickfix"},
               {"isPreferred", true},
               {"diagnostics", Array{lspDiagnostic(a, d)}},
               {"edit", Object{{"changes", std::move(changes)}}}});
  }
  return Value(std::move(actions));
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

namespace {
/// A name the cursor is on, and what it refers to.
struct Target {
  std::string name;
  /// The declaration (top-level), or the group whose parameter it is.
  const ast::Decl *decl = nullptr;
  const ast::Decl *paramOf = nullptr;
  llvm::SMRange declRange; ///< the declaring name
};
} // namespace

/// The identifier of `text` around byte `offset`.
static std::optional<std::pair<size_t, size_t>>
identifierAt(llvm::StringRef text, size_t offset) {
  for (const auto &[b, e] : identifierSpans(text))
    if (b <= offset && offset <= e)
      return std::make_pair(b, e);
  return std::nullopt;
}

static bool contains(llvm::SMRange range, const char *p) {
  return range.Start.getPointer() <= p && p < range.End.getPointer();
}

/// What the identifier at `pos` names, looked up in the navigation analysis.
static std::optional<Target> resolve(const Document &doc, Position pos) {
  const Analysis *a = doc.navigation();
  if (!a)
    return std::nullopt;
  auto span = identifierAt(doc.text, offsetOf(doc.text, pos));
  if (!span)
    return std::nullopt;
  Target t;
  t.name = doc.text.substr(span->first, span->second - span->first);
  // A group parameter, if the cursor is inside that group (only when the
  // analysis is of the current text, whose offsets are the document's).
  if (a == doc.current.get()) {
    const char *at =
        a->sourceMgr->getMemoryBuffer(a->mainBuffer)->getBufferStart() +
        span->first;
    for (const auto &decl : a->ast->getMainModule().decls)
      if (decl->kind == ast::Decl::Kind::Group && contains(decl->range, at))
        for (const ast::Name &param : decl->groupParams)
          if (param.text == t.name) {
            t.paramOf = decl.get();
            t.declRange = param.range;
            return t;
          }
  }
  for (const auto &module : a->ast->modules)
    for (const auto &decl : module->decls)
      if (decl->kind != ast::Decl::Kind::Import && decl->name.text == t.name) {
        t.decl = decl.get();
        t.declRange = decl->name.range;
        return t;
      }
  return std::nullopt;
}

Value lsp::definition(const Document &doc, Position pos) {
  std::optional<Target> t = resolve(doc, pos);
  if (!t)
    return nullptr;
  return doc.navigation()->location(t->declRange);
}

Value lsp::references(const Document &doc, Position pos,
                      bool includeDeclaration) {
  std::optional<Target> t = resolve(doc, pos);
  if (!t)
    return nullptr;
  const Analysis &a = *doc.navigation();
  Array out;
  for (const auto &module : a.ast->modules) {
    llvm::StringRef text =
        a.sourceMgr->getMemoryBuffer(module->bufferId)->getBuffer();
    // Groups whose parameter of this name shadows the top-level one.
    std::vector<llvm::SMRange> shadowing;
    for (const auto &decl : module->decls)
      if (decl->kind == ast::Decl::Kind::Group)
        for (const ast::Name &param : decl->groupParams)
          if (param.text == t->name)
            shadowing.push_back(decl->range);
    for (const auto &[b, e] : identifierSpans(text)) {
      if (text.substr(b, e - b) != t->name)
        continue;
      const char *p = text.data() + b;
      bool inParamGroup = t->paramOf && contains(t->paramOf->range, p);
      bool shadowed = false;
      for (llvm::SMRange r : shadowing)
        shadowed |= contains(r, p);
      if (t->paramOf ? !inParamGroup : shadowed)
        continue;
      if (!includeDeclaration && p == t->declRange.Start.getPointer())
        continue;
      out.push_back(a.location({llvm::SMLoc::getFromPointer(p),
                                llvm::SMLoc::getFromPointer(text.data() + e)}));
    }
  }
  return Value(std::move(out));
}

//===----------------------------------------------------------------------===//
// Hover
//===----------------------------------------------------------------------===//

static const char *kindWord(const ast::Decl &decl) {
  switch (decl.kind) {
  case ast::Decl::Kind::Import:
    return "import";
  case ast::Decl::Kind::Op:
    return "op";
  case ast::Decl::Kind::OpSet:
    return "opset";
  case ast::Decl::Kind::DType:
    return "dtype";
  case ast::Decl::Kind::DTypeConfig:
    return "dtype_config";
  case ast::Decl::Kind::Fuser:
    return "fuser";
  case ast::Decl::Kind::Getter:
    return decl.getterKind == ast::GetterKind::RootNode ? "root_node_getter"
                                                        : "extra_inputs_getter";
  case ast::Decl::Kind::Group:
    return decl.isBackend ? "backend" : "group";
  }
  return "name";
}

/// The source of a declaration, at most `maxLines` lines.
static std::string sourceOf(const Analysis &a, llvm::SMRange range,
                            unsigned maxLines) {
  llvm::StringRef text = a.bufferText(range.Start);
  if (text.empty())
    return "";
  llvm::StringRef source(range.Start.getPointer(),
                         range.End.getPointer() - range.Start.getPointer());
  llvm::SmallVector<llvm::StringRef, 16> lines;
  source.split(lines, '\n');
  std::string out;
  for (unsigned i = 0; i < lines.size() && i < maxLines; ++i)
    out += lines[i].rtrim().str() + "\n";
  if (lines.size() > maxLines)
    out += "...\n";
  return out;
}

/// The configs a pattern statement expands to, in every backend.
static std::string patternForms(const Analysis &a, const ast::GroupItem &item) {
  if (!a.program)
    return "";
  std::string out;
  for (const ir::Backend &backend : a.program->backends) {
    bool uses = false;
    for (const ir::PatternConfig &c : backend.configs)
      uses |= c.loc.Start == item.range.Start;
    if (!uses)
      continue;
    lower::LoweredBackend lowered = lower::lowerBackend(backend);
    for (const lower::LoweredConfig &c : lowered.configs) {
      if (c.config->loc.Start != item.range.Start)
        continue;
      out += "- backend `" + backend.name + "`: simple `" +
             (c.simple ? codegen::renderPattern(*c.simple)
                       : "(none: " + c.noSimpleReason + ")") +
             "`, legacy `" + codegen::renderPattern(c.complex) + "`\n";
    }
  }
  return out.empty() ? "" : "Expands to:\n" + out;
}

Value lsp::hover(const Document &doc, Position pos) {
  const Analysis *a = doc.navigation();
  if (!a)
    return nullptr;
  std::string markdown;
  Value range = nullptr;
  if (std::optional<Target> t = resolve(doc, pos)) {
    if (t->paramOf) {
      markdown = "parameter `" + t->name + "` of group `" +
                 t->paramOf->name.text + "`";
    } else {
      const ast::Decl &d = *t->decl;
      markdown = "**" + std::string(kindWord(d)) + "** `" + d.name.text + "`";
      if (d.kind == ast::Decl::Kind::Op)
        markdown += ": " + std::string(rt::opKindInfo(d.opKind).keyword) +
                    " `" + d.target + "`";
      else if (!d.target.empty())
        markdown += ": `" + d.target + "`";
      markdown += "\n\n```bpat\n" + sourceOf(*a, d.range, 12) + "```";
      auto [line, column] = a->sourceMgr->getLineAndColumn(d.name.range.Start);
      unsigned id = a->sourceMgr->FindBufferContainingLoc(d.name.range.Start);
      markdown += "\n\nDeclared in " +
                  llvm::sys::path::filename(
                      a->sourceMgr->getMemoryBuffer(id)->getBufferIdentifier())
                      .str() +
                  ":" + std::to_string(line);
    }
  } else if (a == doc.current.get()) {
    // On a pattern statement (not on a name): what it expands to.
    const char *at =
        a->sourceMgr->getMemoryBuffer(a->mainBuffer)->getBufferStart() +
        offsetOf(doc.text, pos);
    for (const auto &decl : a->ast->getMainModule().decls)
      for (const ast::GroupItem &item : decl->items)
        if (item.kind == ast::GroupItem::Kind::Pattern &&
            contains(item.range, at)) {
          markdown = patternForms(*a, item);
          range = a->lspRange(item.range);
        }
  }
  if (markdown.empty())
    return nullptr;
  Object out{{"contents", Object{{"kind", "markdown"}, {"value", markdown}}}};
  if (range.kind() != Value::Null)
    out["range"] = std::move(range);
  return Value(std::move(out));
}

//===----------------------------------------------------------------------===//
// Completion, symbols, formatting
//===----------------------------------------------------------------------===//

/// LSP's CompletionItemKind / SymbolKind numbers for a declaration.
static int completionKind(const ast::Decl &d) {
  switch (d.kind) {
  case ast::Decl::Kind::Op:
    return d.opKind == rt::OpKind::Module ? 7 : 3; // Class, Function
  case ast::Decl::Kind::OpSet:
    return 13; // Enum
  case ast::Decl::Kind::DType:
    return 25; // TypeParameter
  case ast::Decl::Kind::DTypeConfig:
    return 22; // Struct
  case ast::Decl::Kind::Group:
    return 9; // Module
  default:
    return 3; // Function: fusers, getters
  }
}

static int symbolKind(const ast::Decl &d) {
  switch (d.kind) {
  case ast::Decl::Kind::Op:
    return d.opKind == rt::OpKind::Module ? 5 : 12; // Class, Function
  case ast::Decl::Kind::OpSet:
    return 10; // Enum
  case ast::Decl::Kind::DType:
    return 26; // TypeParameter
  case ast::Decl::Kind::DTypeConfig:
    return 23; // Struct
  case ast::Decl::Kind::Group:
    return 2; // Module
  default:
    return 12; // Function
  }
}

Value lsp::completion(const Document &doc, Position pos) {
  size_t offset = offsetOf(doc.text, pos);
  size_t begin = offset;
  while (begin > 0 &&
         (llvm::isAlnum(doc.text[begin - 1]) || doc.text[begin - 1] == '_'))
    --begin;
  llvm::StringRef prefix = llvm::StringRef(doc.text).slice(begin, offset);
  Array items;
  std::set<std::string> seen;
  auto add = [&](llvm::StringRef label, int kind, std::string detail) {
    if (!label.startswith(prefix) || !seen.insert(label.str()).second)
      return;
    items.push_back(Object{
        {"label", label}, {"kind", kind}, {"detail", std::move(detail)}});
  };
  if (const Analysis *a = doc.navigation())
    for (const auto &module : a->ast->modules)
      for (const auto &decl : module->decls)
        if (decl->kind != ast::Decl::Kind::Import)
          add(decl->name.text, completionKind(*decl),
              std::string(kindWord(*decl)) +
                  (decl->target.empty() ? "" : " " + decl->target));
  for (const rt::PatternAttrInfo &info : rt::patternAttrs)
    if (*info.key)
      add(info.key, 10, "pattern attribute"); // Property
  for (const rt::ObservationTypeInfo &info : rt::observationTypes)
    add(info.bPatName, 20, "observation type"); // EnumMember
  for (const rt::DTypeConfigFieldInfo &info : rt::dtypeConfigFields)
    add(info.key, 10, "dtype_config field");
  for (const rt::DTypeConstraintInfo &info : rt::dtypeConstraints)
    add(info.name, 10, "dtype constraint");
  for (const char *keyword : keywords)
    add(keyword, 14, "keyword"); // Keyword
  return Object{{"isIncomplete", false}, {"items", std::move(items)}};
}

Value lsp::documentSymbols(const Document &doc) {
  Array out;
  const Analysis *a =
      doc.current && doc.current->ast ? doc.current.get() : nullptr;
  if (!a)
    return Value(std::move(out));
  for (const auto &decl : a->ast->getMainModule().decls) {
    if (decl->kind == ast::Decl::Kind::Import)
      continue;
    out.push_back(Object{{"name", decl->name.text},
                         {"detail", kindWord(*decl)},
                         {"kind", symbolKind(*decl)},
                         {"range", a->lspRange(decl->range)},
                         {"selectionRange", a->lspRange(decl->name.range)}});
  }
  return Value(std::move(out));
}

Value lsp::formatting(const Document &doc) {
  if (!doc.current || !doc.current->ast)
    return nullptr; // nothing to format from while the text does not parse
  std::string formatted;
  llvm::raw_string_ostream os(formatted);
  ast::formatModule(doc.current->ast->getMainModule(), os);
  os.flush();
  Array edits;
  if (formatted != doc.text)
    edits.push_back(
        Object{{"range",
                Object{{"start", toJSON({0, 0})},
                       {"end", toJSON(positionOf(doc.text, doc.text.size()))}}},
               {"newText", formatted}});
  return Value(std::move(edits));
}
