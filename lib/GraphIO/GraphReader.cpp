//===- GraphReader.cpp - Graph JSON through the DiagnosticEngine ----------===//
//
// The compiler's side of the one graph reader (bpat/GraphJSON/GraphJSON.h,
// plain C++17): the text of a SourceMgr buffer is read by
// graphio::parseGraph, and its problem, if any, is reported through the
// DiagnosticEngine at the same place (file:line:col, the line, a caret, a
// note).
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/GraphReader.h"
#include "bpat/GraphJSON/GraphJSON.h"
#include "bpat/Support/InputFile.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace bpat {
namespace graphio {

std::optional<rt::Graph> readGraph(unsigned bufferId, DiagnosticEngine &diags) {
  const MemoryBuffer *buffer = diags.getSourceMgr().getMemoryBuffer(bufferId);
  std::string_view text(buffer->getBufferStart(), buffer->getBufferSize());
  GraphParse parsed = parseGraph(text);
  if (parsed.graph)
    return std::move(parsed.graph);
  const TextProblem &p = parsed.problem;
  InFlightDiagnostic d = diags.error(
      SMRange(SMLoc::getFromPointer(p.at), SMLoc::getFromPointer(p.atEnd)),
      p.message);
  if (p.noteAt) {
    SMLoc note = SMLoc::getFromPointer(p.noteAt);
    d.note(SMRange(note, note), p.note);
  }
  return std::nullopt;
}

std::optional<rt::Graph> parseGraphJSON(StringRef text, StringRef fileName,
                                        DiagnosticEngine &diags) {
  unsigned id = diags.getSourceMgr().AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(text, fileName), SMLoc());
  return readGraph(id, diags);
}

std::optional<rt::Graph> readGraphFile(StringRef path,
                                       DiagnosticEngine &diags) {
  // A regular file's size is known before it is read: graphs of millions
  // of nodes (GBs) are read whole; a stream keeps the default limit.
  sys::fs::file_status status;
  bool regular = path != "-" && !sys::fs::status(path, status) &&
                 status.type() == sys::fs::file_type::regular_file;
  Expected<std::unique_ptr<MemoryBuffer>> buffer = readInputFile(
      path, regular ? graphFileSizeLimit : defaultInputSizeLimit);
  if (!buffer) {
    diags.errorNoLoc(toString(buffer.takeError()));
    return std::nullopt;
  }
  unsigned id =
      diags.getSourceMgr().AddNewSourceBuffer(std::move(*buffer), SMLoc());
  return readGraph(id, diags);
}

} // namespace graphio
} // namespace bpat
