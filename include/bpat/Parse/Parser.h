//===- Parser.h - Parsing .bpat files into the AST --------------*- C++ -*-===//
//
// Entry points of the front end: parse one buffer, or load a file together
// with everything it imports. Syntax errors are reported through the
// DiagnosticEngine; nothing here prints on its own or throws.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_PARSE_PARSER_H
#define BPAT_PARSE_PARSER_H

#include "bpat/AST/AST.h"
#include "bpat/Support/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace bpat {

/// Parse the buffer `bufferId` of the engine's SourceMgr. Returns null if the
/// buffer had syntax errors (all of them are reported).
std::unique_ptr<ast::Module> parseModule(unsigned bufferId,
                                         DiagnosticEngine &diags);

/// Where `import "path";` looks, after the importing file's own directory.
struct ImportOptions {
  /// `-I` directories, in order.
  std::vector<std::string> includeDirs;
  /// The library shipped with bpatc (share/bpat); empty to disable.
  std::string libraryDir;
};

/// Load `mainFile` and, recursively, the files it imports. Each file is loaded
/// once. Returns null after reporting any error (missing file, syntax error,
/// import cycle). `loadedFiles`, if given, receives every file read, for
/// dependency files.
std::unique_ptr<ast::Program>
loadProgram(llvm::StringRef mainFile, const ImportOptions &options,
            DiagnosticEngine &diags,
            std::vector<std::string> *loadedFiles = nullptr);

/// Same, with the main file's text given in memory under `bufferName`.
std::unique_ptr<ast::Program>
loadProgramFromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer,
                      const ImportOptions &options, DiagnosticEngine &diags,
                      std::vector<std::string> *loadedFiles = nullptr);

/// The byte ranges of the identifiers in `text`, as the .bpat lexer reads it
/// (comments, strings and keywords are not identifiers). For tools that need
/// the names of a file that may not parse (the language server). Empty for
/// text that is not valid UTF-8.
std::vector<std::pair<size_t, size_t>> identifierSpans(llvm::StringRef text);

} // namespace bpat

#endif // BPAT_PARSE_PARSER_H
