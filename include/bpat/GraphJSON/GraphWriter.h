//===- bpat/GraphJSON/GraphWriter.h - rt::Graph as JSON ---------*- C++ -*-===//
//
// Part of the bpat project. Plain C++17 (no LLVM), like the runtime, and
// installed with it (bpat::GraphJSON).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Writes an rt::Graph as the FX graph JSON of docs/json-format.md §2, in the
/// layout utils/fx_export.py writes (one node per line, Python's json.dumps
/// spacing), so that a graph read by graphio::readGraph is written back as
/// the same text, and a fused graph can be compared with one exported from
/// PyTorch.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_GRAPHWRITER_H
#define BPAT_GRAPHIO_GRAPHWRITER_H

#include "bpat/Runtime/Graph.h"

#include <string>

namespace bpat {
namespace graphio {

/// The graph JSON of \p g: `{"nodes": [` and `]}` on lines of their own, one
/// node per line in between as {"name", "op", "target", "args", "kwargs",
/// "users"}, a newline at the end. Arguments are written in the form they
/// were read in (lists, {"dict": ...}, {"slice": ...}, {"literal": ...},
/// floats as spelled); a float without a spelling is written as Python's
/// repr writes it.
std::string writeGraphJSON(const rt::Graph &g);

/// A float as Python's repr writes it ("1.0", "1e-05", "0.0001", "inf").
std::string pythonFloatRepr(double v);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_GRAPHWRITER_H
