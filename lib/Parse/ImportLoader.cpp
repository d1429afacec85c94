//===- ImportLoader.cpp - Loading a file and its imports ------------------===//
//
// Resolves `import "path";` against the importing file's directory, the -I
// directories and the shipped library, loads each file once, and reports
// import cycles with the whole chain instead of recursing forever.
//
//===----------------------------------------------------------------------===//

#include "bpat/Parse/Parser.h"
#include "bpat/Support/InputFile.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace bpat;

namespace {

class ImportLoader {
public:
  ImportLoader(const ImportOptions &options, DiagnosticEngine &diags,
               std::vector<std::string> *loadedFiles)
      : options(options), diags(diags), loadedFiles(loadedFiles) {}

  /// Parses the buffer and, first, everything it imports. Returns false on
  /// any error.
  bool loadBuffer(unsigned bufferId, const std::string &key);

  std::unique_ptr<ast::Program> takeProgram() { return std::move(program); }

private:
  /// The file an import names, or empty if none exists.
  std::string resolve(llvm::StringRef path, llvm::StringRef importer);

  struct ActiveImport {
    std::string key;
    llvm::SMRange importRange; ///< where the parent imported this file
  };

  const ImportOptions &options;
  DiagnosticEngine &diags;
  std::vector<std::string> *loadedFiles;
  std::unique_ptr<ast::Program> program = std::make_unique<ast::Program>();
  /// Files already loaded completely, by canonical path.
  llvm::StringMap<bool> done;
  /// The chain of files being loaded, outermost first.
  std::vector<ActiveImport> stack;
};

} // namespace

static std::string canonicalKey(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real))
    return std::string(real);
  return path.str();
}

/// The buffer with CRLF and lone CR line endings made LF, so that every
/// position, caret and printed source line counts lines as an editor does
/// (SourceMgr knows only LF). Unchanged if it holds no CR.
static std::unique_ptr<llvm::MemoryBuffer>
normalizeLineEndings(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  llvm::StringRef text = buffer->getBuffer();
  if (!text.contains('\r'))
    return buffer;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
      continue;
    }
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n')
      ++i;
  }
  return llvm::MemoryBuffer::getMemBufferCopy(out,
                                              buffer->getBufferIdentifier());
}

std::string ImportLoader::resolve(llvm::StringRef path,
                                  llvm::StringRef importer) {
  auto exists = [](const llvm::Twine &candidate) {
    return llvm::sys::fs::exists(candidate) &&
           !llvm::sys::fs::is_directory(candidate);
  };
  if (llvm::sys::path::is_absolute(path))
    return exists(path) ? path.str() : std::string();

  std::vector<std::string> dirs;
  llvm::StringRef importerDir = llvm::sys::path::parent_path(importer);
  dirs.push_back(importerDir.empty() ? "." : importerDir.str());
  for (const std::string &dir : options.includeDirs)
    dirs.push_back(dir);
  if (!options.libraryDir.empty())
    dirs.push_back(options.libraryDir);

  for (const std::string &dir : dirs) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, path);
    if (exists(candidate))
      return std::string(candidate);
  }
  return {};
}

bool ImportLoader::loadBuffer(unsigned bufferId, const std::string &key) {
  llvm::SourceMgr &sm = diags.getSourceMgr();
  // A NUL byte is never .bpat text; ANTLR and C strings would cut at it
  // (an import path "a.bpat\0junk" would silently read "a.bpat").
  // (A file that is not UTF-8 at all is the parser's to report.)
  llvm::StringRef text = sm.getMemoryBuffer(bufferId)->getBuffer();
  size_t nul = text.find('\0');
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.begin());
  if (nul != llvm::StringRef::npos &&
      llvm::isLegalUTF8String(&begin,
                              reinterpret_cast<const llvm::UTF8 *>(text.end()))) {
    llvm::SMLoc at = llvm::SMLoc::getFromPointer(text.data() + nul);
    diags.error(llvm::SMRange(at, llvm::SMLoc::getFromPointer(
                                      text.data() + nul + 1)),
                "this file holds a NUL byte; .bpat files are text");
    return false;
  }
  std::unique_ptr<ast::Module> module = parseModule(bufferId, diags);
  if (!module)
    return false;

  bool ok = true;
  for (const std::unique_ptr<ast::Decl> &decl : module->decls) {
    if (decl->kind != ast::Decl::Kind::Import)
      continue;
    std::string file = resolve(decl->target, module->fileName);
    if (file.empty()) {
      diags
          .error(decl->targetRange,
                 "cannot find imported file '" + decl->target + "'")
          .note({}, "searched the importing file's directory, the -I "
                    "directories and the bpat library" +
                        (options.libraryDir.empty()
                             ? std::string(" (none found)")
                             : " (" + options.libraryDir + ")"));
      ok = false;
      continue;
    }
    std::string importedKey = canonicalKey(file);
    if (done.count(importedKey))
      continue;

    auto active =
        std::find_if(stack.begin(), stack.end(), [&](const ActiveImport &a) {
          return a.key == importedKey;
        });
    if (active != stack.end() || importedKey == key) {
      InFlightDiagnostic diag =
          diags.error(decl->targetRange, "import cycle: '" + decl->target +
                                             "' is already being imported");
      for (auto it = active; it != stack.end(); ++it)
        if (it->importRange.Start.isValid())
          diag.note(it->importRange, "imported from here");
      ok = false;
      continue;
    }

    auto bufferOrErr = readInputFile(file);
    if (!bufferOrErr) {
      diags.error(decl->targetRange,
                  "imported file: " + llvm::toString(bufferOrErr.takeError()));
      ok = false;
      continue;
    }
    if (loadedFiles)
      loadedFiles->push_back(file);
    unsigned importedId = sm.AddNewSourceBuffer(
        normalizeLineEndings(std::move(*bufferOrErr)), decl->range.Start);
    stack.push_back({key, decl->targetRange});
    ok &= loadBuffer(importedId, importedKey);
    stack.pop_back();
  }
  done[key] = true;
  program->modules.push_back(std::move(module));
  return ok;
}

std::unique_ptr<ast::Program> bpat::loadProgramFromBuffer(
    std::unique_ptr<llvm::MemoryBuffer> buffer, const ImportOptions &options,
    DiagnosticEngine &diags, std::vector<std::string> *loadedFiles) {
  std::string key = canonicalKey(buffer->getBufferIdentifier());
  unsigned id = diags.getSourceMgr().AddNewSourceBuffer(
      normalizeLineEndings(std::move(buffer)), llvm::SMLoc());
  ImportLoader loader(options, diags, loadedFiles);
  if (!loader.loadBuffer(id, key))
    return nullptr;
  return loader.takeProgram();
}

std::unique_ptr<ast::Program>
bpat::loadProgram(llvm::StringRef mainFile, const ImportOptions &options,
                  DiagnosticEngine &diags,
                  std::vector<std::string> *loadedFiles) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> bufferOrErr =
      readInputFile(mainFile);
  if (!bufferOrErr) {
    diags.errorNoLoc(llvm::toString(bufferOrErr.takeError()));
    return nullptr;
  }
  if (loadedFiles && mainFile != "-")
    loadedFiles->push_back(mainFile.str());
  return loadProgramFromBuffer(std::move(*bufferOrErr), options, diags,
                               loadedFiles);
}
