#!/usr/bin/env python3
"""Compiles every ```bpat example of a Markdown file with bpatc.

Usage: doc_examples.py BPATC DOC.md PRELUDE.bpat OUT_DIR [bpatc args...]

Each example is written to OUT_DIR/example-N.bpat and compiled:
- an example with an `import` is compiled alone (its imports declare what it
  uses); any other gets the declarations of PRELUDE that it does not make
  itself (a prelude declaration is one line starting with a keyword and a name);
- an example made of bare `pattern` items is wrapped in `backend doc_example { }`;
- with a backend it is compiled with --emit=complex, otherwise --emit=bpat
  (both run every check).
Prints one line per example and its diagnostics; exits 1 if any example fails
to compile or there are none.
"""
import os
import re
import subprocess
import sys

DECL = re.compile(r"^(op|opset|dtype|dtype_config|fuser|root_node_getter|"
                  r"extra_inputs_getter|group|backend)\s+([A-Za-z_][A-Za-z0-9_]*)",
                  re.M)


def examples(text):
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```bpat":
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            yield start + 1, "\n".join(lines[start:j]) + "\n"
            i = j
        i += 1


def main():
    bpatc, doc, prelude_path, out_dir = sys.argv[1:5]
    extra = sys.argv[5:]
    os.makedirs(out_dir, exist_ok=True)
    prelude = open(prelude_path).read().split("\n")
    count = failed = 0
    for n, (line, code) in enumerate(examples(open(doc).read()), 1):
        count += 1
        declared = {m.group(2) for m in DECL.finditer(code)}
        body = code
        stripped = re.sub(r"//[^\n]*", "", code).strip()
        if stripped.startswith(("pattern", "override")):
            body = "backend doc_example {\n" + code + "}\n"
        source = body
        if not re.search(r"^\s*import\s", code, re.M):
            kept = [l for l in prelude
                    if not (DECL.match(l) and DECL.match(l).group(2) in declared)]
            source = body + "\n// prelude\n" + "\n".join(kept)
        path = os.path.join(out_dir, "example-%d.bpat" % n)
        with open(path, "w") as f:
            f.write(source)
        emit = "complex" if re.search(r"^\s*backend\s", source, re.M) else "bpat"
        proc = subprocess.run([bpatc, path, "--emit=" + emit, "-o",
                               path + ".out"] + extra,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=60)
        ok = proc.returncode == 0
        failed += not ok
        print("example %d (%s:%d): %s" % (n, os.path.basename(doc), line,
                                          "ok" if ok else "FAILED"))
        sys.stdout.write(proc.stdout.decode("utf-8", "replace"))
    if count == 0:
        print("no ```bpat examples found")
        return 1
    print("%d of %d examples compile" % (count - failed, count))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
