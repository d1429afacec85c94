//===- Migration.h - BackendConfig JSON dumps to .bpat ----------*- C++ -*-===//
//
// The inverse of `bpatc --emit=json`: reads the JSON dump of a PyTorch
// BackendConfig (docs/json-format.md) and writes an equivalent, readable
// .bpat file (docs/migration.md). Ops, dtypes, dtype configs and fusers the
// shipped library declares are imported by their short names; the rest are
// declared in the output. Errors are reported through the DiagnosticEngine at
// their place in the JSON file.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_IMPORT_MIGRATION_H
#define BPAT_IMPORT_MIGRATION_H

#include "bpat/Parse/Parser.h"
#include "bpat/Support/Diagnostics.h"
#include <optional>
#include <string>

namespace bpat {

struct MigrationOptions {
  /// Where the .bpat declarations to reuse are found: every .bpat file under
  /// the library directory and the -I directories that declares no backend.
  /// The output imports them by their path relative to that directory.
  ImportOptions imports;
  /// The backend's name in the output; empty for the dump's "name".
  std::string backendName;
  /// Shown in the header comment of the output (e.g. the input file name).
  std::string sourceName;
};

struct MigrationResult {
  /// The .bpat file.
  std::string text;
  /// The name of the backend it declares (the dump's name made an
  /// identifier, unless MigrationOptions::backendName gave one).
  std::string backendName;
};

/// Converts the dump in buffer `bufferId` of the engine's SourceMgr. Returns
/// the .bpat file, or nothing after reporting the problems found.
std::optional<MigrationResult>
migrateBackendConfig(unsigned bufferId, const MigrationOptions &options,
                     DiagnosticEngine &diags);

} // namespace bpat

#endif // BPAT_IMPORT_MIGRATION_H
