//===- BpatWriter.cpp - The migrated .bpat file ---------------------------===//
//
// Writes the output of bpat-import: a header comment, the imports, the
// declarations the library does not have, and the backend, whose statements
// get `defaults` blocks where a value runs long enough. The layout is
// bpat-import's own (a pattern on one line where it fits, long alternatives
// and maps wrapped, op declarations aligned): `bpatc --emit=bpat` would lay
// the same file out differently.
//
//===----------------------------------------------------------------------===//

#include "MigrationModel.h"
#include "bpat/Support/Quote.h"
#include "bpat/Runtime/DType.h"
#include "bpat/Runtime/ObservationType.h"
#include "bpat/Runtime/OpRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace bpat;
using namespace bpat::import;
using llvm::StringRef;
using rt::PatternAttr;

/// The .bpat key of a pattern attribute.
static std::string bpatKey(PatternAttr attr) {
  return rt::patternAttrInfo(attr).Key;
}

static const char *const defaultObservation =
    rt::observationTypeInfo(
        rt::ObservationType::OutputUseDifferentObserverAsInput)
        .BPatName;

/// Attributes a `defaults` block can set: those a pattern can also set back
/// to "unset" (the built-in observation, `[]`, `{}`), so that a default never
/// forces a value on a pattern that has none.
static constexpr PatternAttr defaultableAttrs[] = {
    PatternAttr::Observation, PatternAttr::DTypes, PatternAttr::NumTensorArgs,
    PatternAttr::InputTypeToIndex};

/// The value that writes "unset" for a defaultable attribute.
static std::string unsetValue(PatternAttr key) {
  if (key == PatternAttr::Observation)
    return defaultObservation;
  if (key == PatternAttr::DTypes)
    return "[]";
  return "{}";
}

std::string import::quoted(StringRef text) {
  // The one .bpat string writer (the formatter's): newlines and tabs as
  // escapes, so a dump's "a\nb" stays one .bpat string.
  return quoteString(text);
}

/// Breaks a long pattern after ` | ` and ` -> ` so that lines stay short.
static std::string wrapPattern(const std::string &text, unsigned indent) {
  const unsigned width = 80;
  if (indent + text.size() <= width)
    return text;
  std::string out;
  unsigned column = indent;
  size_t start = 0;
  std::string pad(indent + 4, ' ');
  while (start < text.size()) {
    size_t bar = text.find(" | ", start), arrow = text.find(" -> ", start);
    size_t next = std::min(bar, arrow);
    size_t end =
        next == std::string::npos ? text.size() : next + (next == bar ? 2 : 3);
    std::string piece = text.substr(start, end - start);
    if (column + piece.size() > width && column > indent + 4 && start > 0) {
      while (!out.empty() && out.back() == ' ')
        out.pop_back();
      out += "\n" + pad;
      column = pad.size();
      if (!piece.empty() && piece.front() == ' ')
        piece.erase(0, 1);
    }
    out += piece;
    column += piece.size();
    start = end;
  }
  return out;
}

/// `key = value;` lines at `indent`, a long map one entry per line.
static std::string attrLines(const std::string &key, const std::string &value,
                             unsigned indent) {
  std::string pad(indent, ' ');
  std::string line = pad + key + " = " + value + ";";
  if (line.size() <= 100 || !StringRef(value).startswith("{ "))
    return line + "\n";
  llvm::SmallVector<StringRef, 8> entries;
  StringRef(value).drop_front(2).drop_back(2).split(entries, ", ");
  std::string out = pad + key + " = {\n";
  for (StringRef entry : entries)
    out += pad + "  " + entry.str() + ",\n";
  return out + pad + "};\n";
}

/// `(relu, (add, conv2d, arg))`
static std::string paramList(const std::vector<ir::ParamShape> &params) {
  std::string out = "(";
  for (size_t i = 0; i < params.size(); ++i)
    out +=
        (i ? ", " : "") +
        (params[i].isTuple() ? paramList(params[i].elements) : params[i].name);
  return out + ")";
}

/// The lines `line` writes for the entries the output declares itself (not
/// the library's), after an empty line; nothing if there are none.
template <typename Entry, typename LineFn>
static std::string paragraph(const std::vector<Entry> &entries, LineFn line) {
  std::string out;
  for (const Entry &entry : entries)
    if (entry.file.empty())
      out += line(entry);
  return out.empty() ? out : "\n" + out;
}

namespace {

class BpatWriter {
public:
  explicit BpatWriter(Declarations &decls) : decls(decls) {}

  /// `backend NAME { ... }`. Written first: the op sets it uses add imports.
  std::string backend(const std::string &name,
                      const std::vector<Statement> &statements);
  /// The declarations the library does not have, each kind a paragraph.
  std::string declarations();

private:
  std::string renderSlot(const Node &node);
  std::string renderTree(const Node &node);
  std::string renderPattern(const Statement &stmt);
  std::vector<std::string> dtypeConfigFields(const DTypeConfigEntry &entry);

  Declarations &decls;
};

} // namespace

std::string BpatWriter::renderSlot(const Node &node) {
  if (node.wildcard)
    return "_";
  const std::vector<OpEntry> &ops = decls.ops();
  if (node.alts.size() == 1)
    return ops[node.alts.front()].name;
  if (const LibraryEntry *set = decls.opSet(node.alts))
    return set->name;
  std::string out = "(";
  for (size_t i = 0; i < node.alts.size(); ++i)
    out += (i ? " | " : "") + ops[node.alts[i]].name;
  return out + ")";
}

std::string BpatWriter::renderTree(const Node &node) {
  std::string out = renderSlot(node);
  if (node.args.empty())
    return out;
  out += "(";
  for (size_t i = 0; i < node.args.size(); ++i) {
    const Node &arg = node.args[i];
    std::string text = renderTree(arg);
    // An argument's alternatives need no parentheses: `add(a | b, _)`.
    if (arg.args.empty() && arg.alts.size() > 1 && text.front() == '(')
      text = text.substr(1, text.size() - 2);
    out += (i ? ", " : "") + text;
  }
  return out + ")";
}

std::string BpatWriter::renderPattern(const Statement &stmt) {
  if (!stmt.chain)
    return renderTree(stmt.tree);
  std::vector<const Node *> slots;
  collectSlots(stmt.tree, true, slots);
  std::string out;
  for (size_t i = 0; i < slots.size(); ++i)
    out += (i ? " -> " : "") + renderSlot(*slots[i]);
  return out;
}

std::string BpatWriter::backend(const std::string &name,
                                const std::vector<Statement> &statements) {
  std::string out = "backend " + name + " {\n";
  // The values in force: the built-in ones until a `defaults` block.
  std::map<PatternAttr, std::string> current;
  for (PatternAttr key : defaultableAttrs)
    current[key] = key == PatternAttr::Observation ? defaultObservation
                   : key == PatternAttr::DTypes    ? "[]"
                                                   : "";
  const size_t minRun = 3;

  auto written = [](PatternAttr key, const std::string &value) {
    return value.empty() ? unsetValue(key) : value;
  };

  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement &stmt = statements[i];
    // A new `defaults` block where a run of at least minRun statements
    // shares a value other than the current default.
    std::vector<std::pair<std::string, std::string>> defaults;
    for (PatternAttr key : defaultableAttrs) {
      const std::string &value = stmt.value(key);
      if (value == current[key])
        continue;
      size_t run = 0;
      while (i + run < statements.size() &&
             statements[i + run].value(key) == value)
        ++run;
      if (run < minRun)
        continue;
      current[key] = value;
      defaults.push_back({bpatKey(key), written(key, value)});
    }
    if (!defaults.empty()) {
      if (i)
        out += "\n";
      std::string line = "  defaults {";
      for (const auto &[key, value] : defaults)
        line += " " + key + " = " + value + ";";
      line += " }\n";
      if (line.size() > 81) {
        line = "  defaults {\n";
        for (const auto &[key, value] : defaults)
          line += attrLines(key, value, 4);
        line += "  }\n";
      }
      out += line;
    }

    std::vector<std::pair<std::string, std::string>> attrs;
    for (const auto &[key, value] : stmt.attrs) {
      if (llvm::is_contained(defaultableAttrs, key)) {
        if (value != current[key])
          attrs.push_back({bpatKey(key), written(key, value)});
      } else {
        attrs.push_back({bpatKey(key), value});
      }
    }

    std::string head = "pattern " + wrapPattern(renderPattern(stmt), 10);
    if (stmt.fused >= 0)
      head += " => " + decls.ops()[stmt.fused].name;
    std::string oneLine = "  " + head;
    if (attrs.empty()) {
      oneLine += ";";
    } else {
      oneLine += " {";
      for (const auto &[key, value] : attrs)
        oneLine += " " + key + " = " + value + ";";
      oneLine += " }";
    }
    size_t lastLine = oneLine.rfind('\n');
    size_t width =
        oneLine.size() - (lastLine == std::string::npos ? 0 : lastLine + 1);
    if (attrs.empty() || width <= 100) {
      out += oneLine + "\n";
      continue;
    }
    out += "  " + head + " {\n";
    for (const auto &[key, value] : attrs)
      out += attrLines(key, value, 4);
    out += "  }\n";
  }
  return out + "}\n";
}

std::vector<std::string>
BpatWriter::dtypeConfigFields(const DTypeConfigEntry &entry) {
  using rt::DTypeConfigField;
  auto key = [](DTypeConfigField field) {
    return std::string(rt::dtypeConfigFieldInfo(field).Key);
  };
  std::vector<std::string> fields;
  auto field = [&](DTypeConfigField f, const std::optional<Constrained> &c) {
    if (!c)
      return;
    std::string text = key(f) + " = " + decls.nameOfDType(c->dtype);
    if (!c->constraints.empty()) {
      std::string block = " {";
      for (const auto &[name, value] : c->constraints)
        block += " " + name + " = " + value.text + ";";
      block += " }";
      // Long blocks get one constraint per line.
      if (text.size() + block.size() > 76) {
        block = " {\n";
        for (const auto &[name, value] : c->constraints)
          block += "    " + name + " = " + value.text + ";\n";
        block += "  }";
      }
      text += block;
    }
    fields.push_back(text + ";");
  };
  field(DTypeConfigField::Input, entry.input);
  field(DTypeConfigField::Output, entry.output);
  field(DTypeConfigField::Weight, entry.weight);
  if (entry.bias)
    fields.push_back(key(DTypeConfigField::Bias) + " = " +
                     decls.nameOfDType(*entry.bias) + ";");
  if (entry.isDynamic)
    fields.push_back(key(DTypeConfigField::IsDynamic) + " = " +
                     (*entry.isDynamic ? "true" : "false") + ";");
  return fields;
}

std::string BpatWriter::declarations() {
  std::string out;
  auto aligned =
      [](const std::vector<std::pair<std::string, std::string>> &lines) {
        size_t width = 0;
        for (const auto &line : lines)
          width = std::max(width, line.first.size());
        std::string text;
        for (const auto &[left, right] : lines)
          text += left + std::string(width - left.size(), ' ') + right + "\n";
        return text;
      };

  std::vector<std::pair<std::string, std::string>> opLines;
  for (const OpEntry &op : decls.ops()) {
    if (!op.file.empty())
      continue;
    opLines.push_back({"op " + op.name, std::string(" = ") +
                                            rt::opKindInfo(op.kind).Keyword +
                                            " " + quoted(op.target) + ";"});
  }
  if (!opLines.empty())
    out += "\n// Ops the library does not declare.\n" + aligned(opLines);

  if (!decls.declaredDTypes().empty()) {
    std::vector<std::pair<std::string, std::string>> lines;
    for (const auto &[name, target] : decls.declaredDTypes())
      lines.push_back({"dtype " + name, " = " + quoted(target) + ";"});
    out += "\n" + aligned(lines);
  }

  out += paragraph(decls.dtypeConfigs(), [&](const DTypeConfigEntry &entry) {
    std::vector<std::string> fields = dtypeConfigFields(entry);
    std::string line = "dtype_config " + entry.name + " {";
    bool multiLine = false;
    for (const std::string &field : fields) {
      line += " " + field;
      multiLine |= field.find('\n') != std::string::npos;
    }
    line += " }";
    if (!multiLine && line.size() <= 100)
      return line + "\n";
    std::string block = "dtype_config " + entry.name + " {\n";
    for (const std::string &field : fields)
      block += "  " + field + "\n";
    return block + "}\n";
  });
  out += paragraph(decls.fusers(), [](const DeclEntry &fuser) {
    return "fuser " + fuser.name + paramList(fuser.params) +
           "\n    = " + quoted(fuser.target) + ";\n";
  });
  out += paragraph(decls.getters(), [](const DeclEntry &getter) {
    return std::string(getter.isRoot ? "root_node_getter "
                                     : "extra_inputs_getter ") +
           getter.name + " = " + quoted(getter.target) + ";\n";
  });
  return out;
}

std::string import::writeBpat(const FileHeader &header,
                              const std::string &backend,
                              const std::vector<Statement> &statements,
                              Declarations &decls) {
  BpatWriter writer(decls);
  std::string body = writer.backend(backend, statements);
  std::string declarations = writer.declarations();

  std::string out;
  llvm::raw_string_ostream os(out);
  os << "// The " << header.dumpName << " backend, migrated by bpat-import";
  if (!header.sourceName.empty())
    os << " from " << header.sourceName;
  os << ".\n// " << header.configs << " pattern configs in "
     << statements.size() << " patterns; `bpatc --emit=json` gives them "
     << "back.\n";
  if (!decls.usedFiles().empty())
    os << "\n";
  for (const std::string &file : decls.usedFiles())
    os << "import " << quoted(file) << ";\n";
  os << declarations << "\n" << body;
  os.flush();
  return out;
}
