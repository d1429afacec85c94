//===- GraphReader.h - Graph JSON into rt::Graph ----------------*- C++ -*-===//
//
// Reads the FX graph JSON of docs/json-format.md §2 (what utils/fx_export.py
// writes) into the runtime's concrete graph, checking it completely: a
// malformed file gives one diagnostic at its place, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_GRAPHREADER_H
#define BPAT_GRAPHIO_GRAPHREADER_H

#include "bpat/Runtime/Graph.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace bpat {
namespace graphio {

/// Reads the graph in buffer `BufferID` of the engine's SourceMgr, with
/// bpat::JSONReader (one pass, no JSON tree). A problem is reported through
/// `Diags` as `<file>:<line>:<col>: error: <what>` with the line and a
/// caret, and the result is empty:
///   `invalid JSON: <reason>` for text that is not JSON (RFC 8259, nesting
///   at most 256 deep), at the offending byte;
///   `node <i> ("<name>"): <what>` for a bad node (i counts from 0 in the
///   "nodes" array), at the key or value concerned;
///   `<what>` for the top level.
/// Syntax errors come first, then the top level, then the nodes in order
/// (each checked name, op, target, args, kwargs, users), then `users` lists.
///
/// Accepted argument forms (args, kwargs values, nested):
///   {"node": NAME}            a reference to a node defined earlier
///   [ ... ]                   a list (also a tuple)
///   number, string, bool, null  a literal (a number kept as written:
///                             integer if it has no fraction or exponent
///                             and fits in 64 bits, float otherwise)
///   {"literal": STRING}       a value fx_export.py writes by its repr
///   {"dict": {KEY: ARG, ...}} a dict; node references inside count as uses
///   {"slice": [A, B, C]}      a slice holding a node; likewise
/// A dict or slice becomes a list of its values in the graph (marked with
/// its form, a dict's keys kept; dicts and kwargs in the order written): a
/// non-node argument whose nested nodes are users, as in FX. Where an object
/// repeats a key, the last value counts (as llvm::json, which this reader
/// replaces, did), at the key's first place. A float keeps its spelling and
/// {"literal": R} is a Repr literal, so graphio::writeGraph writes the graph
/// back as it was read.
///
/// `users` is optional; when present it must name exactly the nodes that
/// refer to this one in their args or kwargs, each once.
std::optional<rt::Graph> readGraph(unsigned bufferId, DiagnosticEngine &diags);

/// Registers a copy of `Text` as the file `FileName` in the engine's
/// SourceMgr and reads it (tests, the benchmark).
std::optional<rt::Graph> parseGraphJSON(llvm::StringRef text,
                                        llvm::StringRef fileName,
                                        DiagnosticEngine &diags);

/// Reads `Path` ("-" for standard input) with bpat::readInputFile and then
/// the graph; a file that cannot be read is an error without a position.
std::optional<rt::Graph> readGraphFile(llvm::StringRef path,
                                       DiagnosticEngine &diags);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_GRAPHREADER_H
