//===- Document.h - One open .bpat document and its analysis ----*- C++ -*-===//
//
// What the server knows about an open document: its text, and the result of
// running the compiler's front end on it (the loaded files, the checked
// program, the diagnostics). Positions convert between LSP's (0-based line,
// UTF-16 column) and the analysis' SMLocs here.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_LSP_DOCUMENT_H
#define BPAT_LIB_LSP_DOCUMENT_H

#include "bpat/AST/AST.h"
#include "bpat/Parse/Parser.h"
#include "bpat/Sema/IR.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bpat {
namespace lsp {

/// `file:///a%20b/c.bpat` -> `/a b/c.bpat`; nothing for another scheme.
std::optional<std::string> pathFromURI(llvm::StringRef uri);
std::string uriFromPath(llvm::StringRef path);

/// An LSP position: 0-based line, UTF-16 code units into the line.
struct Position {
  int line = 0, character = 0;
};

/// The byte offset of `pos` in `text` (clamped to the line and the text).
size_t offsetOf(llvm::StringRef text, Position pos);
/// The LSP position of byte `offset` of `text`.
Position positionOf(llvm::StringRef text, size_t offset);
llvm::json::Value toJSON(Position pos);

/// One run of the front end over a document's text.
struct Analysis {
  std::unique_ptr<llvm::SourceMgr> sourceMgr;
  std::unique_ptr<DiagnosticEngine> diags;
  /// Null when the document (or an import) did not parse.
  std::unique_ptr<ast::Program> ast;
  /// Null when Sema found errors.
  std::unique_ptr<ir::Program> program;
  std::vector<Diagnostic> diagnostics;
  unsigned mainBuffer = 0;

  /// Runs the parser, Sema and the Check stage on `text` as file `path`.
  static std::unique_ptr<Analysis> run(const std::string &path,
                                       const std::string &text,
                                       const ImportOptions &imports);

  /// The text of the buffer holding `loc` (empty if none).
  llvm::StringRef bufferText(llvm::SMLoc loc) const;
  /// An LSP Location for a range of the analysis: {uri, range}.
  llvm::json::Value location(llvm::SMRange range) const;
  /// The LSP range of `range` (in whichever buffer holds it).
  llvm::json::Value lspRange(llvm::SMRange range) const;
};

struct Document {
  std::string uri, path, text;
  int64_t version = 0;
  /// The analysis of the current text.
  std::shared_ptr<Analysis> current;
  /// The last analysis whose files all parsed: names are looked up in it
  /// while the text does not parse.
  std::shared_ptr<Analysis> lastGood;

  const Analysis *navigation() const {
    return current && current->ast ? current.get() : lastGood.get();
  }
};

// The features (Features.cpp). Each takes the document and the request's
// params and returns the result (null where there is none).
llvm::json::Value publishDiagnostics(const Document &doc);
llvm::json::Value definition(const Document &doc, Position pos);
llvm::json::Value references(const Document &doc, Position pos,
                             bool includeDeclaration);
llvm::json::Value hover(const Document &doc, Position pos);
llvm::json::Value completion(const Document &doc, Position pos);
llvm::json::Value documentSymbols(const Document &doc);
llvm::json::Value formatting(const Document &doc);
llvm::json::Value codeActions(const Document &doc, Position start,
                              Position end);

} // namespace lsp
} // namespace bpat

#endif // BPAT_LIB_LSP_DOCUMENT_H
