//===- JSONReader.cpp - A pull reader for JSON with positions -------------===//
//
// bpat::JSONCursor (lib/GraphJSON, the one JSON reader) over a SourceMgr
// buffer: every call is the cursor's, and the cursor's syntax error is
// reported through the DiagnosticEngine once, by the call that found it.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/JSONReader.h"

using namespace bpat;
using llvm::SMLoc;
using llvm::SMRange;
using llvm::StringRef;

static std::string_view bufferText(DiagnosticEngine &diags, unsigned bufferId) {
  const llvm::MemoryBuffer *buffer =
      diags.getSourceMgr().getMemoryBuffer(bufferId);
  return std::string_view(buffer->getBufferStart(), buffer->getBufferSize());
}

JSONReader::JSONReader(DiagnosticEngine &diags, unsigned bufferId, Options opts)
    : diagEngine(diags), bufferId(bufferId),
      cursor(bufferText(diags, bufferId), opts) {}

bool JSONReader::sync(bool ok) {
  if (reported || !cursor.failed())
    return ok;
  reported = true;
  const TextProblem &p = *cursor.problem();
  InFlightDiagnostic d = diagEngine.error(
      SMRange(SMLoc::getFromPointer(p.at), SMLoc::getFromPointer(p.atEnd)),
      p.message);
  if (p.noteAt) {
    SMLoc note = SMLoc::getFromPointer(p.noteAt);
    d.note(SMRange(note, note), p.note);
  }
  return ok;
}

std::optional<JSONReader::Kind> JSONReader::peek() {
  std::optional<Kind> k = cursor.peek();
  sync(true);
  return k;
}

bool JSONReader::readNull() { return sync(cursor.readNull()); }
bool JSONReader::readBool(bool &out) { return sync(cursor.readBool(out)); }

bool JSONReader::readNumber(Number &out) {
  JSONCursor::Number n;
  if (!sync(cursor.readNumber(n)))
    return false;
  out.spelling = n.spelling;
  out.isFloat = n.isFloat;
  out.intValue = n.intValue;
  out.value = n.value;
  return true;
}

bool JSONReader::readString(StringRef &out) {
  std::string_view s;
  if (!sync(cursor.readString(s)))
    return false;
  out = s;
  return true;
}

bool JSONReader::skipValue() { return sync(cursor.skipValue()); }
bool JSONReader::enterArray() { return sync(cursor.enterArray()); }
bool JSONReader::nextElement() { return sync(cursor.nextElement()); }
bool JSONReader::enterObject() { return sync(cursor.enterObject()); }

bool JSONReader::nextMember(StringRef &key) {
  std::string_view k;
  bool more = sync(cursor.nextMember(k));
  if (more)
    key = k;
  return more;
}

bool JSONReader::finish() { return sync(cursor.finish()); }

std::pair<unsigned, unsigned> JSONReader::lineAndColumn(SMLoc loc) const {
  return diagEngine.getSourceMgr().getLineAndColumn(loc, bufferId);
}
