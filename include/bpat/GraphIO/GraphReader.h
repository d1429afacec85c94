//===- GraphReader.h - Graph JSON into rt::Graph ----------------*- C++ -*-===//
//
// Reads the FX graph JSON of docs/json-format.md §2 (what utils/fx_export.py
// writes) into the runtime's concrete graph, checking it completely: a
// malformed file gives one error that names the place, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_GRAPHREADER_H
#define BPAT_GRAPHIO_GRAPHREADER_H

#include "bpat/Runtime/Graph.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace bpat {
namespace graphio {

/// Parses graph JSON text. `fileName` prefixes every error message:
///   `<file>:<line>:<col>: invalid JSON: <reason>` for text that is not JSON,
///   `<file>: node <i> ("<name>"): <what>` for a bad node (i counts from 0
///   in the "nodes" array), `<file>: <what>` for the top level.
///
/// Accepted argument forms (args, kwargs values, nested):
///   {"node": NAME}            a reference to a node defined earlier
///   [ ... ]                   a list (also a tuple)
///   number, string, bool, null  a literal
///   {"literal": STRING}       a value fx_export.py writes by its repr
///   {"dict": {KEY: ARG, ...}} a dict; node references inside count as uses
///   {"slice": [A, B, C]}      a slice holding a node; likewise
/// A dict or slice becomes a list of its values in the graph: a non-node
/// argument whose nested nodes are users, as in FX.
///
/// `users` is optional; when present it must name exactly the nodes that
/// refer to this one in their args or kwargs, each once.
llvm::Expected<rt::Graph> parseGraphJSON(llvm::StringRef text,
                                         llvm::StringRef fileName);

/// Reads `path` ("-" for standard input) and parses it; errors name the file
/// as given.
llvm::Expected<rt::Graph> readGraphFile(llvm::StringRef path);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_GRAPHREADER_H
