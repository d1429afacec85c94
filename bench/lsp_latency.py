#!/usr/bin/env python3
"""bpat-lsp's latency per change, as an editor sees it: the time from sending
a didChange (the whole text, as the server syncs) to receiving its
publishDiagnostics, for a keystroke at a time, p50 and p99.

Two documents: the largest shipped port (library/torch-2.6/backends/onednn.bpat
with everything it imports) and a generated 5,000-line file (ops, dtype
configs and a backend of patterns), each typed into one character at a time
(a name in a comment, then deleted again, so the text keeps compiling).

    bench/lsp_latency.py [BUILD_DIR] [--changes N]

Not part of the test suite (timings): bench/run.sh runs it as section 6.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "LSP", "Inputs"))
import lsp_session  # noqa: E402


def five_thousand_lines():
    lines = ['import "torch/all.bpat";', ""]
    for i in range(1500):
        lines.append('op my_op_%d = function "my_backend.ops.op_%d" { args = 2; };' % (i, i))
    for i in range(500):
        lines.append("dtype_config my_dtypes_%d { input = quint8; output = quint8; }" % i)
    lines.append("backend mine {")
    i = 0
    while len(lines) < 4999:
        lines.append("  pattern my_op_%d -> my_op_%d { dtypes = [my_dtypes_%d]; }"
                     % (i % 1500, (i + 1 + 3 * (i // 1500)) % 1500, i % 500))
        i += 1
    lines.append("}")
    return "\n".join(lines) + "\n"


def measure(session, uri, text, changes):
    session.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "bpat", "version": 1, "text": text}})
    first = session.wait_diagnostics(uri)
    word = "// typing a comment "
    times = []
    current = text
    for n in range(changes):
        k = n % (2 * len(word))
        if k < len(word):
            current = current + word[k]
        else:
            current = current[:-1]
        start = time.perf_counter()
        session.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": n + 2},
            "contentChanges": [{"text": current}]})
        session.wait_diagnostics(uri)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return len(first), statistics.median(times), p99


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--changes", type=int, default=300)
    args = parser.parse_args()
    server = [os.path.join(args.build, "bin", "bpat-lsp"), "--library-dir",
              os.path.join(args.build, "share", "bpat")]
    session = lsp_session.Session(server)
    session.request("initialize", {"processId": None, "capabilities": {}})
    port = os.path.join(ROOT, "library", "torch-2.6", "backends", "onednn.bpat")
    with open(port) as f:
        text = f.read()
    diags, p50, p99 = measure(session, lsp_session.uri_of(port), text, args.changes)
    print("largest shipped port (torch-2.6/backends/onednn.bpat, %d lines + imports): "
          "%d diagnostics; per change p50 %.1f ms, p99 %.1f ms (%d changes)"
          % (text.count("\n"), diags, p50, p99, args.changes))
    big = five_thousand_lines()
    path = os.path.join(ROOT, "build-lsp-bench.bpat")
    diags, p50, p99 = measure(session, lsp_session.uri_of(path), big, args.changes)
    print("generated file (%d lines, %d patterns): %d diagnostics; per change "
          "p50 %.1f ms, p99 %.1f ms (%d changes)"
          % (big.count("\n"), big.count("pattern "), diags, p50, p99, args.changes))
    session.finish()


if __name__ == "__main__":
    sys.exit(main())
