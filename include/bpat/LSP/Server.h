//===- bpat/LSP/Server.h - The .bpat language server ------------*- C++ -*-===//
//
// A Language Server Protocol server for .bpat files, built on the compiler's
// own stages: the parser and Sema for diagnostics, names and positions, the
// Check stage for PyTorch's rules (with their fix-its as code actions), the
// lowering for what a pattern expands to, the formatter for formatting.
// docs/editors.md lists the features and how to configure the import paths.
//
// The server is a function from one JSON-RPC message to the messages it
// sends back, so that tests and the transport (Transport.h) drive it alike.
// Nothing here reads or writes a stream, throws, or exits.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LSP_SERVER_H
#define BPAT_LSP_SERVER_H

#include "bpat/Parse/Parser.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <optional>
#include <vector>

namespace bpat {
namespace lsp {

struct ServerOptions {
  /// Where imports are looked for when neither the client's
  /// initializationOptions nor a bpat-lsp.json beside the document say.
  ImportOptions imports;
  /// Reported in initialize's serverInfo.
  std::string version;
};

class Server {
public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  /// Handles one message (request, notification or response) and returns
  /// what to send: at most one response, then notifications such as
  /// textDocument/publishDiagnostics. Malformed messages get JSON-RPC errors.
  std::vector<llvm::json::Value> handle(const llvm::json::Value &message);

  /// Set once `exit` arrives: 0 if `shutdown` came first, else 1.
  std::optional<int> exitStatus() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace lsp
} // namespace bpat

#endif // BPAT_LSP_SERVER_H
