// The bpat extension's entry point: starts bpat-lsp (docs/editors.md) for
// .bpat files, with the import paths from the settings, through the
// language client VS Code's own extensions use.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

/** The server command and the client options, from the `bpat.*` settings. */
function serverSetup(config) {
  const libraryDir = config.get("libraryDir");
  return {
    serverOptions: {
      command: config.get("server.path") || "bpat-lsp",
      args: config.get("server.args") || [],
    },
    clientOptions: {
      documentSelector: [{ scheme: "file", language: "bpat" }],
      initializationOptions: Object.assign(
        { includeDirs: config.get("includeDirs") || [] },
        libraryDir ? { libraryDir } : {}),
    },
  };
}

function activate(context) {
  const { serverOptions, clientOptions } =
      serverSetup(vscode.workspace.getConfiguration("bpat"));
  client = new LanguageClient("bpat", "bpat language server", serverOptions,
                              clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverSetup };
