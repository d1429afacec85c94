//===- Document.cpp - One open .bpat document and its analysis ------------===//
//
// URIs, LSP positions (UTF-16 columns) and the front-end run behind every
// feature: the same calls bpatc makes (load, analyze, check), with the
// diagnostics collected instead of printed.
//
//===----------------------------------------------------------------------===//

#include "Document.h"

#include "bpat/Check/TorchRules.h"
#include "bpat/Sema/Sema.h"
#include "bpat/Support/Quote.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace bpat;
using namespace bpat::lsp;

std::optional<std::string> lsp::pathFromURI(llvm::StringRef uri) {
  if (!uri.consume_front("file://"))
    return std::nullopt;
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && llvm::isHexDigit(uri[i + 1]) &&
        llvm::isHexDigit(uri[i + 2])) {
      path += char(llvm::hexFromNibbles(uri[i + 1], uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string lsp::uriFromPath(llvm::StringRef path) {
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
  return "file://" + percentEncodePath(absolute);
}

/// The UTF-16 code units of the UTF-8 text [begin, end): LSP's columns (a
/// character outside the BMP is a surrogate pair; a malformed byte counts
/// one).
static int utf16Units(const char *begin, const char *end) {
  int units = 0;
  for (const char *p = begin; p < end;) {
    unsigned len = llvm::getNumBytesForUTF8(*p);
    if (len == 0 || p + len > end)
      len = 1;
    units += len == 4 ? 2 : 1;
    p += len;
  }
  return units;
}

/// Byte offsets of the starts of the lines of `text`.
static size_t lineStart(llvm::StringRef text, int line) {
  size_t at = 0;
  for (int l = 0; l < line; ++l) {
    size_t next = text.find('\n', at);
    if (next == llvm::StringRef::npos)
      return text.size();
    at = next + 1;
  }
  return at;
}

size_t lsp::offsetOf(llvm::StringRef text, Position pos) {
  if (pos.line < 0)
    return 0;
  size_t at = lineStart(text, pos.line);
  int units = 0;
  while (at < text.size() && text[at] != '\n' && units < pos.character) {
    unsigned len = llvm::getNumBytesForUTF8(text[at]);
    if (len == 0 || at + len > text.size())
      len = 1;
    units += len == 4 ? 2 : 1; // outside the BMP: a surrogate pair
    at += len;
  }
  return at;
}

Position lsp::positionOf(llvm::StringRef text, size_t offset) {
  offset = std::min(offset, text.size());
  Position pos;
  size_t start = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++pos.line;
      start = i + 1;
    }
  pos.character = utf16Units(text.data() + start, text.data() + offset);
  return pos;
}

llvm::json::Value lsp::toJSON(Position pos) {
  return llvm::json::Object{{"line", pos.line}, {"character", pos.character}};
}

std::unique_ptr<Analysis> Analysis::run(const std::string &path,
                                        const std::string &text,
                                        const ImportOptions &imports) {
  auto analysis = std::make_unique<Analysis>();
  analysis->sourceMgr = std::make_unique<llvm::SourceMgr>();
  analysis->diags = std::make_unique<DiagnosticEngine>(*analysis->sourceMgr);
  DiagnosticEngine &diags = *analysis->diags;
  diags.setFormat(DiagnosticsFormat::Collect);
  diags.setErrorLimit(200);
  analysis->ast = loadProgramFromBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, path), imports, diags);
  analysis->mainBuffer = analysis->sourceMgr->getMainFileID();
  if (analysis->ast) {
    analysis->program = analyze(*analysis->ast, diags);
    if (analysis->program)
      check::checkTorchRules(*analysis->program, diags);
  }
  analysis->diagnostics = diags.takeDiagnostics();
  return analysis;
}

llvm::StringRef Analysis::bufferText(llvm::SMLoc loc) const {
  unsigned id = loc.isValid() ? sourceMgr->FindBufferContainingLoc(loc) : 0;
  return id ? sourceMgr->getMemoryBuffer(id)->getBuffer() : llvm::StringRef();
}

/// The LSP position of `loc`: its line from the SourceMgr's line cache, its
/// column counted in UTF-16 units from the line's start.
static Position positionOfLoc(const llvm::SourceMgr &sm, llvm::SMLoc loc) {
  auto [line, column] = sm.getLineAndColumn(loc);
  Position pos;
  pos.line = int(line) - 1;
  pos.character = utf16Units(loc.getPointer() - (column - 1), loc.getPointer());
  return pos;
}

llvm::json::Value Analysis::lspRange(llvm::SMRange range) const {
  llvm::StringRef text = bufferText(range.Start);
  if (text.empty())
    return llvm::json::Object{{"start", toJSON({0, 0})},
                              {"end", toJSON({0, 0})}};
  Position start = positionOfLoc(*sourceMgr, range.Start), end = start;
  if (range.End.isValid() &&
      range.End.getPointer() >= range.Start.getPointer() &&
      range.End.getPointer() <= text.end())
    end = positionOfLoc(*sourceMgr, range.End);
  return llvm::json::Object{{"start", toJSON(start)}, {"end", toJSON(end)}};
}

llvm::json::Value Analysis::location(llvm::SMRange range) const {
  unsigned id = range.Start.isValid()
                    ? sourceMgr->FindBufferContainingLoc(range.Start)
                    : 0;
  if (!id)
    return nullptr;
  return llvm::json::Object{
      {"uri",
       uriFromPath(sourceMgr->getMemoryBuffer(id)->getBufferIdentifier())},
      {"range", lspRange(range)}};
}
