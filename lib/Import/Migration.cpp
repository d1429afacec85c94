//===- Migration.cpp - BackendConfig JSON dumps to .bpat ------------------===//
//
// The entry point of bpat-import: checks the dump's top level, then runs the
// steps of MigrationModel.h in order (read the configs, merge alternatives,
// build the output's syntax tree, which the formatter prints). See
// docs/migration.md for the rules.
//
//===----------------------------------------------------------------------===//

#include "bpat/Import/Migration.h"
#include "MigrationModel.h"
#include "bpat/AST/ASTPrinter.h"

using namespace bpat;
using namespace bpat::import;

std::optional<MigrationResult>
bpat::migrateBackendConfig(unsigned bufferId, const MigrationOptions &options,
                           DiagnosticEngine &diags) {
  std::optional<JSONValue> dump = parseJSON(bufferId, diags);
  if (!dump)
    return std::nullopt;
  auto error = [&](const JSONValue &at, const llvm::Twine &message) {
    diags.error(at.range(), message);
    return std::nullopt;
  };
  if (!dump->isObject())
    return error(*dump, "expected a BackendConfig dump: an object with "
                        "\"name\" and \"configs\"");
  for (const auto &[key, member] : dump->members)
    if (key != "name" && key != "configs")
      return error(member, "unknown key \"" + key +
                               "\" in a BackendConfig dump "
                               "(expected \"name\" and \"configs\")");
  const JSONValue *name = dump->get("name");
  const JSONValue *configs = dump->get("configs");
  if (name && !name->isString())
    return error(*name, "the backend name is a string");
  if (!configs || !configs->isArray())
    return error(configs ? *configs : *dump, "expected \"configs\": a list of "
                                             "backend pattern configs");

  // The backend is named first: the library's names are the only ones
  // taken yet.
  Declarations decls(options.imports);
  std::string backend = options.backendName;
  if (backend.empty())
    backend = name && !name->text.empty() ? name->text : "imported";
  backend = decls.backendName(backend);

  std::vector<Statement> statements;
  if (!readConfigs(*configs, decls, diags, statements))
    return std::nullopt;
  mergeAlternatives(statements);

  FileHeader header;
  header.dumpName = name ? name->text : backend;
  header.sourceName = options.sourceName;
  header.configs = configs->elements.size();
  std::string text;
  llvm::raw_string_ostream os(text);
  ast::formatModule(buildModule(header, backend, statements, decls), os);
  os.flush();
  return MigrationResult{std::move(text), backend};
}
