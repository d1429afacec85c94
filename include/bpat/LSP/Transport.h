//===- bpat/LSP/Transport.h - LSP messages over streams ---------*- C++ -*-===//
//
// The base protocol: messages framed by a `Content-Length` header, read from
// one stream and written to another, and a test mode that reads messages
// separated by `// -----` lines without headers (as LLVM's language servers'
// lit tests are written).
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LSP_TRANSPORT_H
#define BPAT_LSP_TRANSPORT_H

#include "bpat/LSP/Server.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

namespace bpat {
namespace lsp {

struct TransportOptions {
  /// Read `// -----`-separated JSON (other `//` lines skipped) and write each
  /// reply pretty-printed.
  bool litTest = false;
};

/// Serves messages from `in` until `exit` or the end of input; replies go to
/// `out`, problems with the framing to `log`. Returns the process exit
/// status: the server's after `exit`, 1 at the end of input without one.
int runServer(Server &server, std::FILE *in, llvm::raw_ostream &out,
              llvm::raw_ostream &log, const TransportOptions &options);

} // namespace lsp
} // namespace bpat

#endif // BPAT_LSP_TRANSPORT_H
