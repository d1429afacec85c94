//===- BackendSelection.cpp - Which backends a run emits ------------------===//
//
// --backend NAME picks one backend of the whole program; without it, the
// backends declared in the main file (not in its imports) are emitted. The
// outputs that describe one backend (JSON, the C++ headers, and the tools
// that load one) need exactly one.
//
//===----------------------------------------------------------------------===//

#include "BackendSelection.h"
#include "bpat/Driver/Pipeline.h"

using namespace bpat;

/// "a, b, c"
template <typename Range, typename GetName>
static std::string joinNames(const Range &range, GetName getName) {
  std::string names;
  for (const auto &item : range)
    names += (names.empty() ? "" : ", ") + getName(item);
  return names;
}

std::optional<std::vector<const ir::Backend *>>
bpat::selectBackends(const ir::Program &program, const ast::Program &ast,
                     const std::string &name, bool single,
                     DiagnosticEngine &diags) {
  std::vector<const ir::Backend *> selected;
  if (!name.empty()) {
    if (const ir::Backend *b = program.findBackend(name)) {
      selected.push_back(b);
      return selected;
    }
    std::string names = joinNames(
        program.backends, [](const ir::Backend &b) { return b.name; });
    diags.errorNoLoc("no backend named '" + name + "'" +
                     (names.empty() ? "; the input declares none"
                                    : "; the backends are " + names));
    return std::nullopt;
  }
  for (const ir::Backend &b : program.backends)
    if (b.inMainFile)
      selected.push_back(&b);
  if (selected.empty()) {
    diags.errorNoLoc("'" + ast.getMainModule().fileName +
                     "' declares no backend; nothing to emit (use --backend "
                     "to pick one from an imported file)");
    return std::nullopt;
  }
  if (single && selected.size() > 1) {
    diags.errorNoLoc(
        "this output takes one backend, and the input declares several (" +
        joinNames(selected, [](const ir::Backend *b) { return b->name; }) +
        "); choose one with --backend");
    return std::nullopt;
  }
  return selected;
}

const ir::Backend *bpat::selectSingleBackend(const AnalyzedProgram &analyzed,
                                             const std::string &name,
                                             DiagnosticEngine &diags) {
  std::optional<std::vector<const ir::Backend *>> selected = selectBackends(
      *analyzed.program, *analyzed.ast, name, /*single=*/true, diags);
  return selected ? selected->front() : nullptr;
}
