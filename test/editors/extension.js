#!/usr/bin/env node
// The VS Code extension of editors/vscode, as far as it can run outside VS
// Code:
//  1. package.json declares the entry point, the activation and the settings
//     extension.js reads;
//  2. activate() starts a LanguageClient for .bpat files with the server
//     command and import paths from the settings (VS Code's `vscode` module
//     and the client class are stand-ins that record what they get);
//  3. that server command, started for real, talks to VS Code's own JSON-RPC
//     implementation (vscode-jsonrpc, the language client's transport):
//     initialize with the extension's initializationOptions, didOpen of a
//     file with a mistake, its diagnostics, shutdown, exit with status 0.
//
//   node test/editors/extension.js BPAT_LSP LIBRARY_DIR
'use strict';
const assert = require('assert');
const childProcess = require('child_process');
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const extensionDir = path.join(root, 'editors', 'vscode');
const [bpatLsp, libraryDir] = process.argv.slice(2);
if (!bpatLsp || !libraryDir) {
  console.error('usage: extension.js BPAT_LSP LIBRARY_DIR');
  process.exit(2);
}

// 1. The manifest.
const manifest = require(path.join(extensionDir, 'package.json'));
assert.strictEqual(manifest.main, './extension.js');
assert.deepStrictEqual(manifest.activationEvents, ['onLanguage:bpat']);
const settings = Object.keys(manifest.contributes.configuration.properties);
for (const key of ['bpat.server.path', 'bpat.server.args', 'bpat.includeDirs', 'bpat.libraryDir'])
  assert.ok(settings.includes(key), 'package.json lacks the setting ' + key);
require.resolve('vscode-languageclient/node', {paths: [extensionDir]});
console.log('manifest: main, activation and ' + settings.length + ' settings; vscode-languageclient installed');

// 2. activate() with stand-ins for `vscode` and the client.
const config = {
  'server.path': bpatLsp,
  'server.args': ['--library-dir', libraryDir],
  'includeDirs': ['/nonexistent/includes'],
  'libraryDir': '',
};
const started = [];
class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, {id, name, serverOptions, clientOptions});
  }
  start() { started.push(this); return Promise.resolve(); }
  dispose() {}
}
const realLoad = Module._load;
Module._load = function(request, parent, isMain) {
  if (request === 'vscode')
    return {workspace: {getConfiguration: (section) => {
      assert.strictEqual(section, 'bpat');
      return {get: (key) => config[key]};
    }}};
  if (request === 'vscode-languageclient/node')
    return {LanguageClient: FakeClient};
  return realLoad.apply(this, arguments);
};
const extension = require(path.join(extensionDir, 'extension.js'));
Module._load = realLoad;
const context = {subscriptions: []};
extension.activate(context);
assert.strictEqual(started.length, 1);
const client = started[0];
assert.strictEqual(client.serverOptions.command, bpatLsp);
assert.deepStrictEqual(client.serverOptions.args, ['--library-dir', libraryDir]);
assert.deepStrictEqual(client.clientOptions.documentSelector, [{scheme: 'file', language: 'bpat'}]);
assert.deepStrictEqual(client.clientOptions.initializationOptions, {includeDirs: ['/nonexistent/includes']});
assert.strictEqual(context.subscriptions[0], client);
console.log('activate: a language client for bpat files, server ' +
            path.basename(client.serverOptions.command) + ' with the settings\' arguments');

// 3. The server, through vscode-jsonrpc.
const rpc = require(require.resolve('vscode-jsonrpc/node', {paths: [extensionDir]}));
const server = childProcess.spawn(client.serverOptions.command, client.serverOptions.args,
                                  {stdio: ['pipe', 'pipe', 'inherit']});
const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const uri = 'file:///bpat-extension-test/x.bpat';
const timer = setTimeout(() => { console.error('FAILED: no reply within 20 s'); process.exit(1); }, 20000);
connection.onNotification('textDocument/publishDiagnostics', async (params) => {
  try {
    assert.strictEqual(params.uri, uri);
    assert.strictEqual(params.diagnostics.length, 1);
    assert.match(params.diagnostics[0].message, /unknown op 'nosuch'/);
    assert.deepStrictEqual(params.diagnostics[0].range.start, {line: 1, character: 20});
    console.log('server: diagnostics over vscode-jsonrpc: ' + params.diagnostics[0].message);
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
  } catch (e) {
    console.error('FAILED: ' + e.message);
    process.exit(1);
  }
});
server.on('exit', (code) => {
  clearTimeout(timer);
  if (code !== 0) {
    console.error('FAILED: bpat-lsp exited with status ' + code);
    process.exit(1);
  }
  console.log('server: exit status 0 after shutdown');
  process.exit(0);
});
connection.listen();
connection.sendRequest('initialize', {
  processId: process.pid, rootUri: null, capabilities: {},
  initializationOptions: client.clientOptions.initializationOptions,
}).then((result) => {
  assert.ok(result.capabilities.hoverProvider);
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', {textDocument: {
    uri, languageId: 'bpat', version: 1,
    text: 'import "torch/all.bpat";\nbackend b { pattern nosuch; }\n'}});
});
