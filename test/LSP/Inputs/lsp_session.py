#!/usr/bin/env python3
"""A small LSP client for bpat-lsp, over real Content-Length framing, and a
random-edit run built on it.

    lsp_session.py random-edits BPAT_LSP --library-dir DIR [--edits N]
                   [--seed S] FILE...

opens each FILE, applies N random edits in all (insertions of characters
.bpat uses, deletions, duplicated and dropped lines, cut-and-paste), sends
each as a didChange, and every few edits asks for hover, definition,
references, completion, symbols, formatting or code actions at a random
place. Every request must get its response and every change its diagnostics
within the timeout; the server must end with status 0 after shutdown/exit.
Prints one summary line; exits 1 on the first failure, saying what.

bench/lsp_latency.py uses Session to time changes.
"""
import argparse
import json
import os
import random
import select
import subprocess
import sys
import time

TIMEOUT = 20.0


class Failure(Exception):
    pass


class Session:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.next_id = 0
        self.buffer = b""

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read_exact(self, n, deadline):
        fd = self.proc.stdout.fileno()
        while len(self.buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("no reply within %.0f s (server hung?)" % TIMEOUT)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise Failure("the server closed its output (crashed?): %s"
                              % self.proc.stderr.read().decode(errors="replace")[-2000:])
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        deadline = time.monotonic() + TIMEOUT
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += self._read_exact(1, deadline)
        length = None
        for line in header.decode().split("\r\n"):
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        if length is None:
            raise Failure("a reply without Content-Length: %r" % header)
        return json.loads(self._read_exact(length, deadline))

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            reply = self.receive()
            if reply.get("id") == rid:
                if "error" in reply:
                    raise Failure("%s failed: %s" % (method, reply["error"]))
                return reply.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri):
        while True:
            reply = self.receive()
            if reply.get("method") == "textDocument/publishDiagnostics" and \
                    reply["params"]["uri"] == uri:
                return reply["params"]["diagnostics"]

    def finish(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            status = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not exit after shutdown/exit")
        if status != 0:
            raise Failure("the server exited with status %d" % status)


def uri_of(path):
    return "file://" + os.path.abspath(path)


PIECES = ["{", "}", "(", ")", ";", "->", "=>", "|", "_", "=", ",", "\"", "/",
          "*", "\n", " ", "pattern ", "op ", "import ", "backend ", "<prev>",
          "x", "relu", "conv2d", "1.5", "7", "[", "]", ":", "\u00e9", "\t"]


def random_edit(rng, text):
    kind = rng.randrange(6)
    at = rng.randrange(len(text) + 1)
    if kind <= 1 or not text:
        return text[:at] + rng.choice(PIECES) + text[at:]
    if kind == 2:
        end = min(len(text), at + rng.randrange(1, 40))
        return text[:at] + text[end:]
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    if kind == 3:
        lines.insert(i, lines[i])
    elif kind == 4:
        del lines[i]
    else:
        j = rng.randrange(len(lines))
        lines.insert(j, lines.pop(i))
    return "\n".join(lines)


def position_in(rng, text):
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    return {"line": line, "character": rng.randrange(len(lines[line]) + 2)}


def random_edits(args):
    rng = random.Random(args.seed)
    session = Session([args.bpat_lsp, "--library-dir", args.library_dir])
    session.request("initialize", {"processId": None, "rootUri": None,
                                   "capabilities": {}})
    texts = {}
    for path in args.files:
        uri = uri_of(path)
        with open(path, encoding="utf-8") as f:
            texts[uri] = f.read()
        session.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "bpat", "version": 1, "text": texts[uri]}})
        session.wait_diagnostics(uri)
    requests = 0
    uris = sorted(texts)
    for n in range(args.edits):
        uri = uris[n % len(uris)]
        texts[uri] = random_edit(rng, texts[uri])
        session.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": n + 2},
            "contentChanges": [{"text": texts[uri]}]})
        session.wait_diagnostics(uri)
        if n % 4 == 0:
            doc = {"uri": uri}
            pos = position_in(rng, texts[uri])
            method, params = rng.choice([
                ("textDocument/hover", {"textDocument": doc, "position": pos}),
                ("textDocument/definition", {"textDocument": doc, "position": pos}),
                ("textDocument/references", {"textDocument": doc, "position": pos,
                                             "context": {"includeDeclaration": True}}),
                ("textDocument/completion", {"textDocument": doc, "position": pos}),
                ("textDocument/documentSymbol", {"textDocument": doc}),
                ("textDocument/formatting", {"textDocument": doc, "options": {}}),
                ("textDocument/codeAction", {"textDocument": doc,
                                             "range": {"start": pos, "end": pos},
                                             "context": {"diagnostics": []}}),
            ])
            session.request(method, params)
            requests += 1
    session.finish()
    print("random edits: %d edits and %d requests on %d files, every reply "
          "received, exit status 0" % (args.edits, requests, len(uris)))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    edits = sub.add_parser("random-edits")
    edits.add_argument("bpat_lsp")
    edits.add_argument("--library-dir", required=True)
    edits.add_argument("--edits", type=int, default=2000)
    edits.add_argument("--seed", type=int, default=1)
    edits.add_argument("files", nargs="+")
    args = parser.parse_args()
    try:
        random_edits(args)
    except Failure as e:
        print("FAILED: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
