//===- bpat-lsp.cpp - The .bpat language server ---------------------------===//
//
// A thin driver: options in, bpat::lsp::runServer over standard input and
// output. Editors start it (docs/editors.md); tests talk to it with
// --lit-test transcripts.
//
//===----------------------------------------------------------------------===//

#include "bpat/Driver/ToolSupport.h"
#include "bpat/LSP/Transport.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory lspCategory("bpat-lsp options");

static cl::list<std::string>
    includeDirs("I",
                cl::desc("Add <dir> to the import search path (unless "
                         "the client or a bpat-lsp.json says otherwise)"),
                cl::value_desc("dir"), cl::Prefix, cl::cat(lspCategory));
static cl::opt<std::string> libraryDir(
    "library-dir",
    cl::desc("Directory of the shipped .bpat library (default: share/bpat "
             "next to the bin/ directory holding bpat-lsp)"),
    cl::value_desc("dir"), cl::cat(lspCategory));
static cl::opt<bool> litTest(
    "lit-test",
    cl::desc("Read JSON-RPC messages separated by '// -----' lines, without "
             "Content-Length headers, and print each reply indented (for "
             "tests)"),
    cl::cat(lspCategory));

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "bpat-lsp (bpat) " << BPAT_VERSION << "\n";
  });
  cl::HideUnrelatedOptions(lspCategory);
  if (!bpat::parseCommandLine(
          argc, argv,
          "bpat-lsp: the .bpat language server\n\n"
          "Speaks the Language Server Protocol on standard input and output:\n"
          "diagnostics, go-to-definition, references, hover, completion,\n"
          "document symbols, formatting and fix-its as code actions.\n"
          "docs/editors.md says how to use it from VS Code and other "
          "editors.\n"))
    return 1;
  bpat::lsp::ServerOptions options;
  options.version = BPAT_VERSION;
  options.imports.includeDirs = includeDirs;
  options.imports.libraryDir = libraryDir.getNumOccurrences()
                                   ? std::string(libraryDir)
                                   : bpat::defaultLibraryDir(argv[0]);
  bpat::lsp::Server server(std::move(options));
  bpat::lsp::TransportOptions transport;
  transport.litTest = litTest;
  return bpat::lsp::runServer(server, stdin, outs(), errs(), transport);
}
