//===- Transport.cpp - LSP messages over streams --------------------------===//
//
// Content-Length framing (and the lit-test framing) around Server::handle.
// A message that is not JSON gets a JSON-RPC parse error; a broken header
// ends the session, since the stream can no longer be followed. In the
// lit-test framing, lines starting with `//` are the test's and skipped.
//
//===----------------------------------------------------------------------===//

#include "bpat/LSP/Transport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <string>

using namespace bpat;
using namespace bpat::lsp;

/// The largest message accepted (a 5,000-line document is well under 1 MB).
static constexpr size_t maxMessageBytes = 64u << 20;

static void send(llvm::raw_ostream &out, const llvm::json::Value &message,
                 bool pretty) {
  std::string body = pretty ? llvm::formatv("{0:2}", message).str()
                            : llvm::formatv("{0}", message).str();
  if (pretty) {
    out << body << "\n";
  } else {
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  }
  out.flush();
}

/// Handles one message text; false once the server has exited.
static bool dispatch(Server &server, llvm::StringRef text,
                     llvm::raw_ostream &out, bool pretty) {
  llvm::Expected<llvm::json::Value> message = llvm::json::parse(text);
  if (!message) {
    send(out,
         llvm::json::Object{
             {"jsonrpc", "2.0"},
             {"id", nullptr},
             {"error",
              llvm::json::Object{
                  {"code", -32700},
                  {"message",
                   "parse error: " + llvm::toString(message.takeError())}}}},
         pretty);
    return true;
  }
  for (const llvm::json::Value &reply : server.handle(*message))
    send(out, reply, pretty);
  return !server.exitStatus();
}

/// One header line, without its line break; false at the end of input.
static bool readLine(std::FILE *in, std::string &line) {
  line.clear();
  int c;
  while ((c = std::fgetc(in)) != EOF) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      return true;
    }
    line += char(c);
    if (line.size() > 4096)
      return true; // no header is this long; the caller rejects it
  }
  return !line.empty();
}

int lsp::runServer(Server &server, std::FILE *in, llvm::raw_ostream &out,
                   llvm::raw_ostream &log, const TransportOptions &options) {
  if (options.litTest) {
    std::string all, chunk;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0)
      all.append(buffer, n);
    llvm::SmallVector<llvm::StringRef, 16> lines;
    llvm::StringRef(all).split(lines, '\n');
    auto flush = [&]() {
      bool go = llvm::StringRef(chunk).trim().empty() ||
                dispatch(server, chunk, out, /*pretty=*/true);
      chunk.clear();
      return go;
    };
    for (llvm::StringRef line : lines) {
      if (line.trim() == "// -----") {
        if (!flush())
          return *server.exitStatus();
        continue;
      }
      // The test's own lines (RUN, CHECK, comments) are not the message.
      if (!line.trim().startswith("//"))
        chunk += line.str() + "\n";
    }
    if (!flush())
      return *server.exitStatus();
    return server.exitStatus().value_or(1);
  }

  std::string line;
  while (true) {
    size_t length = 0;
    bool haveLength = false;
    while (true) {
      if (!readLine(in, line))
        return server.exitStatus().value_or(1);
      if (line.empty())
        break;
      llvm::StringRef header(line);
      if (header.consume_front_insensitive("Content-Length:")) {
        unsigned long long value;
        if (llvm::getAsUnsignedInteger(header.trim(), 10, value) ||
            value > maxMessageBytes) {
          log << "bpat-lsp: error: bad Content-Length header '" << line
              << "'\n";
          return 1;
        }
        length = size_t(value);
        haveLength = true;
      }
    }
    if (!haveLength) {
      log << "bpat-lsp: error: a message without a Content-Length header\n";
      return 1;
    }
    std::string body(length, '\0');
    if (length && std::fread(&body[0], 1, length, in) != length) {
      log << "bpat-lsp: error: the input ended inside a message\n";
      return 1;
    }
    if (!dispatch(server, body, out, /*pretty=*/false))
      return *server.exitStatus();
  }
}
