//===- bpat/GraphJSON/GraphJSON.h - Graph JSON into rt::Graph ---*- C++ -*-===//
//
// Part of the bpat project. Plain C++17 (no LLVM), like the runtime, and
// installed with it (bpat::GraphJSON).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads the FX graph JSON of docs/json-format.md §2 (what utils/fx_export.py
/// writes, and graphio::writeGraphJSON) into the runtime's concrete graph,
/// checking it completely: a malformed file gives one problem at its place,
/// never a crash. This is the one graph reader: bpat-match reads through it
/// too (graphio::readGraph in bpat/GraphIO/GraphReader.h only reports its
/// problem through the compiler's DiagnosticEngine).
///
/// Messages:
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
/// repeats a key, the last value counts, at the key's first place. A float
/// keeps its spelling and {"literal": R} is a Repr literal, so
/// graphio::writeGraphJSON writes the graph back as it was read.
///
/// `users` is optional; when present it must name exactly the nodes that
/// refer to this one in their args or kwargs, each once.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHJSON_GRAPHJSON_H
#define BPAT_GRAPHJSON_GRAPHJSON_H

#include "bpat/GraphJSON/JSONCursor.h"
#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/Graph.h"

#include <optional>
#include <string>
#include <string_view>

namespace bpat {
namespace graphio {

/// What parseGraph gives: the graph, or (graph empty) the first problem,
/// pointing into the text read.
struct GraphParse {
  std::optional<rt::Graph> graph;
  TextProblem problem;
};

/// Reads the graph JSON `text` in one pass (JSONCursor, no JSON tree).
GraphParse parseGraph(std::string_view text);

/// Reads the graph JSON `text`; a problem is the error, as
/// formatTextProblem writes it with `fileName`
/// (`<file>:<line>:<col>: error: ...`, the line, a caret, a note).
rt::Expected<rt::Graph> readGraphJSON(std::string_view text,
                                      std::string_view fileName);

/// Reads the file `path` and then the graph; a file that cannot be read is
/// an error `<path>: cannot read the file`.
rt::Expected<rt::Graph> readGraphJSONFile(const std::string &path);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHJSON_GRAPHJSON_H
