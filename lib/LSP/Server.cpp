//===- Server.cpp - The .bpat language server's message loop --------------===//
//
// JSON-RPC dispatch: the lifecycle (initialize, shutdown, exit), the open
// documents (full-text sync; each change re-runs the front end and publishes
// the diagnostics), and the requests, each answered by Features.cpp. Every
// handler checks the shape of its params; a malformed request gets an
// InvalidParams error, never a crash.
//
//===----------------------------------------------------------------------===//

#include "bpat/LSP/Server.h"
#include "Document.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace bpat;
using namespace bpat::lsp;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {
// JSON-RPC and LSP error codes.
constexpr int invalidRequest = -32600, methodNotFound = -32601,
              invalidParams = -32602, serverNotInitialized = -32002;

/// The file that configures the import paths of the documents below it.
constexpr const char *projectFileName = "bpat-lsp.json";
} // namespace

struct Server::Impl {
  ServerOptions options;
  /// From initializationOptions, if the client gave any.
  std::optional<ImportOptions> clientImports;
  bool initialized = false, shutdownRequested = false;
  std::optional<int> exitStatus;
  std::map<std::string, Document> documents;

  std::vector<Value> handle(const Value &message);
  Value dispatchRequest(llvm::StringRef method, const Object *params,
                        std::vector<Value> &notifications, int &errorCode,
                        std::string &errorMessage);
  void dispatchNotification(llvm::StringRef method, const Object *params,
                            std::vector<Value> &out);
  ImportOptions importsFor(const std::string &path) const;
  void analyze(Document &doc, std::vector<Value> &out);
};

Server::Server(ServerOptions options) : impl(std::make_unique<Impl>()) {
  impl->options = std::move(options);
}
Server::~Server() = default;

std::vector<Value> Server::handle(const Value &message) {
  return impl->handle(message);
}

std::optional<int> Server::exitStatus() const { return impl->exitStatus; }

/// Reads {"includeDirs": [...], "libraryDir": "..."}; relative paths are
/// taken from `base`.
static ImportOptions readImports(const Object &o, const ImportOptions &fallback,
                                 llvm::StringRef base) {
  ImportOptions imports = fallback;
  auto absolute = [&](llvm::StringRef p) {
    llvm::SmallString<256> path(p);
    if (!base.empty() && llvm::sys::path::is_relative(path)) {
      path = base;
      llvm::sys::path::append(path, p);
    }
    return std::string(path);
  };
  if (const Array *dirs = o.getArray("includeDirs")) {
    imports.includeDirs.clear();
    for (const Value &d : *dirs)
      if (auto s = d.getAsString())
        imports.includeDirs.push_back(absolute(*s));
  }
  if (auto lib = o.getString("libraryDir"))
    imports.libraryDir = absolute(*lib);
  return imports;
}

ImportOptions Server::Impl::importsFor(const std::string &path) const {
  ImportOptions imports = clientImports ? *clientImports : options.imports;
  // The nearest bpat-lsp.json above the document wins.
  std::string dir = llvm::sys::path::parent_path(path).str();
  for (int depth = 0; !dir.empty() && depth < 64; ++depth) {
    llvm::SmallString<256> file(dir);
    llvm::sys::path::append(file, projectFileName);
    if (auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true)) {
      llvm::Expected<Value> json = llvm::json::parse((*buffer)->getBuffer());
      if (json && json->getAsObject())
        return readImports(*json->getAsObject(), imports, dir);
      llvm::consumeError(json.takeError());
      return imports;
    }
    std::string parent = llvm::sys::path::parent_path(dir).str();
    if (parent == dir)
      break;
    dir = std::move(parent);
  }
  return imports;
}

void Server::Impl::analyze(Document &doc, std::vector<Value> &out) {
  doc.current = Analysis::run(doc.path, doc.text, importsFor(doc.path));
  if (doc.current->ast)
    doc.lastGood = doc.current;
  out.push_back(Object{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", publishDiagnostics(doc)}});
}

static std::optional<Position> positionParam(const Object *params) {
  const Object *pos = params ? params->getObject("position") : nullptr;
  if (!pos)
    return std::nullopt;
  auto line = pos->getInteger("line"), character = pos->getInteger("character");
  if (!line || !character || *line < 0 || *character < 0 || *line > INT32_MAX ||
      *character > INT32_MAX)
    return std::nullopt;
  return Position{int(*line), int(*character)};
}

static std::optional<std::string> uriParam(const Object *params) {
  const Object *td = params ? params->getObject("textDocument") : nullptr;
  if (!td)
    return std::nullopt;
  if (auto uri = td->getString("uri"))
    return uri->str();
  return std::nullopt;
}

Value Server::Impl::dispatchRequest(llvm::StringRef method,
                                    const Object *params,
                                    std::vector<Value> &notifications,
                                    int &errorCode, std::string &errorMessage) {
  auto fail = [&](int code, std::string message) -> Value {
    errorCode = code;
    errorMessage = std::move(message);
    return nullptr;
  };
  if (method == "initialize") {
    initialized = true;
    if (const Object *init =
            params ? params->getObject("initializationOptions") : nullptr)
      clientImports = readImports(*init, options.imports, "");
    return Object{
        {"capabilities",
         Object{{"textDocumentSync",
                 Object{{"openClose", true}, {"change", 1}}}, // full text
                {"definitionProvider", true},
                {"referencesProvider", true},
                {"hoverProvider", true},
                {"completionProvider", Object{{"triggerCharacters", Array{}}}},
                {"documentSymbolProvider", true},
                {"documentFormattingProvider", true},
                {"codeActionProvider", true}}},
        {"serverInfo",
         Object{{"name", "bpat-lsp"}, {"version", options.version}}}};
  }
  if (!initialized)
    return fail(serverNotInitialized, "the server is not initialized");
  if (method == "shutdown") {
    shutdownRequested = true;
    return nullptr;
  }
  std::optional<std::string> uri = uriParam(params);
  if (!uri)
    return fail(invalidParams, "no textDocument.uri");
  auto it = documents.find(*uri);
  if (it == documents.end())
    return fail(invalidParams, "the document is not open: " + *uri);
  const Document &doc = it->second;
  if (method == "textDocument/documentSymbol")
    return documentSymbols(doc);
  if (method == "textDocument/formatting")
    return formatting(doc);
  if (method == "textDocument/codeAction") {
    const Object *range = params->getObject("range");
    Object wrapped;
    if (range && range->getObject("start") && range->getObject("end")) {
      Object start{{"position", *range->get("start")}};
      Object end{{"position", *range->get("end")}};
      auto s = positionParam(&start), e = positionParam(&end);
      if (s && e)
        return codeActions(doc, *s, *e);
    }
    return fail(invalidParams, "no valid range");
  }
  std::optional<Position> pos = positionParam(params);
  if (!pos)
    return fail(invalidParams, "no valid position");
  if (method == "textDocument/definition")
    return definition(doc, *pos);
  if (method == "textDocument/references") {
    bool includeDeclaration = true;
    if (const Object *context = params->getObject("context"))
      includeDeclaration =
          context->getBoolean("includeDeclaration").getValueOr(true);
    return references(doc, *pos, includeDeclaration);
  }
  if (method == "textDocument/hover")
    return hover(doc, *pos);
  if (method == "textDocument/completion")
    return completion(doc, *pos);
  return fail(methodNotFound, "unknown method: " + method.str());
}

void Server::Impl::dispatchNotification(llvm::StringRef method,
                                        const Object *params,
                                        std::vector<Value> &out) {
  if (method == "exit") {
    exitStatus = shutdownRequested ? 0 : 1;
    return;
  }
  if (!initialized)
    return;
  std::optional<std::string> uri = uriParam(params);
  if (!uri)
    return;
  if (method == "textDocument/didOpen") {
    const Object *td = params->getObject("textDocument");
    auto text = td->getString("text");
    std::optional<std::string> path = pathFromURI(*uri);
    if (!text || !path)
      return;
    Document &doc = documents[*uri];
    doc.uri = *uri;
    doc.path = *path;
    doc.text = text->str();
    doc.version = td->getInteger("version").getValueOr(0);
    analyze(doc, out);
  } else if (method == "textDocument/didChange") {
    auto it = documents.find(*uri);
    const Array *changes = params->getArray("contentChanges");
    if (it == documents.end() || !changes || changes->empty())
      return;
    // Full sync: the last change holds the whole text.
    const Object *last = changes->back().getAsObject();
    auto text = last ? last->getString("text") : llvm::None;
    if (!text)
      return;
    it->second.text = text->str();
    if (const Object *td = params->getObject("textDocument"))
      it->second.version = td->getInteger("version").getValueOr(0);
    analyze(it->second, out);
  } else if (method == "textDocument/didClose") {
    documents.erase(*uri);
    out.push_back(
        Object{{"jsonrpc", "2.0"},
               {"method", "textDocument/publishDiagnostics"},
               {"params", Object{{"uri", *uri}, {"diagnostics", Array{}}}}});
  }
}

std::vector<Value> Server::Impl::handle(const Value &message) {
  std::vector<Value> out;
  const Object *o = message.getAsObject();
  auto error = [&](Value id, int code, std::string text) {
    out.insert(out.begin(),
               Object{{"jsonrpc", "2.0"},
                      {"id", std::move(id)},
                      {"error",
                       Object{{"code", code}, {"message", std::move(text)}}}});
  };
  if (!o) {
    error(nullptr, invalidRequest, "a message must be a JSON object");
    return out;
  }
  const Value *id = o->get("id");
  auto method = o->getString("method");
  const Object *params = o->getObject("params");
  if (!method) {
    if (!id) // neither request nor response
      error(nullptr, invalidRequest, "a message needs a method or an id");
    return out; // a response to us: nothing to do
  }
  if (!id) {
    dispatchNotification(*method, params, out);
    return out;
  }
  int code = 0;
  std::string text;
  Value result = dispatchRequest(*method, params, out, code, text);
  if (code) {
    error(*id, code, std::move(text));
    return out;
  }
  out.insert(
      out.begin(),
      Object{{"jsonrpc", "2.0"}, {"id", *id}, {"result", std::move(result)}});
  return out;
}
