//===- GraphReader.h - Graph JSON through the DiagnosticEngine --*- C++ -*-===//
//
// The compiler's entry to the one graph JSON reader (bpat/GraphJSON/
// GraphJSON.h, plain C++17, installed as bpat::GraphJSON): the graph of a
// SourceMgr buffer, its problem reported through the DiagnosticEngine.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_GRAPHIO_GRAPHREADER_H
#define BPAT_GRAPHIO_GRAPHREADER_H

#include "bpat/Runtime/Graph.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace bpat {
namespace graphio {

/// Reads the graph in buffer `bufferId` of the engine's SourceMgr with
/// graphio::parseGraph (GraphJSON.h lists what is accepted and every
/// message). A problem is reported through `diags` as
/// `<file>:<line>:<col>: error: <what>` with the line, a caret and a note
/// where there is one, and the result is empty.
std::optional<rt::Graph> readGraph(unsigned bufferId, DiagnosticEngine &diags);

/// Registers a copy of `Text` as the file `FileName` in the engine's
/// SourceMgr and reads it (tests, the benchmark).
std::optional<rt::Graph> parseGraphJSON(llvm::StringRef text,
                                        llvm::StringRef fileName,
                                        DiagnosticEngine &diags);

/// The size limit of a graph that is a regular file: 16 GiB (a graph of
/// 10,000,000 nodes is about 2.5 GB). Standard input, pipes and devices
/// keep bpat::readInputFile's default limit (256 MiB), which bounds what an
/// endless stream can make the reader hold.
inline constexpr uint64_t graphFileSizeLimit = uint64_t(16) << 30;

/// Reads `Path` ("-" for standard input) with bpat::readInputFile (up to
/// graphFileSizeLimit for a regular file) and then the graph; a file that
/// cannot be read is an error without a position.
std::optional<rt::Graph> readGraphFile(llvm::StringRef path,
                                       DiagnosticEngine &diags);

} // namespace graphio
} // namespace bpat

#endif // BPAT_GRAPHIO_GRAPHREADER_H
