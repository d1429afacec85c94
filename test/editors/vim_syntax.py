#!/usr/bin/env python3
"""Checks editors/vim in a real Vim (headless): *.bpat is detected as
filetype bpat, and its syntax file gives each kind of text its group. Also
that every keyword of include/bpat/Parse/Keywords.def is one of the syntax
file's keywords. Prints one line per check; exits 1 on any mismatch.

    vim_syntax.py SRC_ROOT WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys

SAMPLE = '''import "torch/all.bpat";
op conv = module "torch.nn.Conv2d" { args = [2, 3]; };
dtype_config w8 { input = quint8; output = quint8; }
backend b {
  pattern relu(add(conv, _)) => X { fuser = sequential; } // a comment
  /* block */ override pattern conv -> <prev> { input_output_observed = false; }
}
'''

# (line, text to find on it, which occurrence, expected syntax group)
EXPECT = [
    (1, "import", 0, "bpatImport"),
    (1, '"torch', 0, "bpatString"),
    (2, "op", 0, "bpatDeclaration"),
    (2, "module", 0, "bpatOpKind"),
    (2, "args", 0, "bpatAttrKey"),
    (2, "3", 0, "bpatNumber"),
    (3, "dtype_config", 0, "bpatDeclaration"),
    (4, "backend", 0, "bpatDeclaration"),
    (5, "pattern", 0, "bpatStatement"),
    (5, "_", 0, "bpatWildcard"),
    (5, "=>", 0, "bpatOperator"),
    (5, "fuser", 0, "bpatAttrKey"),
    (5, "// a", 0, "bpatLineComment"),
    (6, "/* block", 0, "bpatBlockComment"),
    (6, "override", 0, "bpatStatement"),
    (6, "->", 0, "bpatOperator"),
    (6, "<prev>", 0, "bpatPrev"),
    (6, "false", 0, "bpatBoolean"),
    (5, "relu", 0, ""),  # a name: no group
]


def main():
    src_root, work = sys.argv[1:3]
    vim = shutil.which("vim")
    if not vim:
        print("FAILED: vim is not installed (utils/install-deps.sh installs it)")
        return 1
    os.makedirs(work, exist_ok=True)
    sample = os.path.join(work, "sample.bpat")
    with open(sample, "w") as f:
        f.write(SAMPLE)
    lines = SAMPLE.split("\n")
    probes = []
    for line, text, nth, group in EXPECT:
        col = -1
        for _ in range(nth + 1):
            col = lines[line - 1].index(text, col + 1)
        probes.append((line, col + 1, text, group))
    out = os.path.join(work, "probe.out")
    script = os.path.join(work, "probe.vim")
    with open(script, "w") as f:
        f.write("set nocompatible\nlet &rtp = %r . ',' . &rtp\nfiletype on\nsyntax on\n"
                % os.path.join(src_root, "editors", "vim"))
        f.write("edit %s\nlet out = [&filetype]\n" % sample)
        for line, col, _, _ in probes:
            f.write("call add(out, synIDattr(synID(%d, %d, 1), 'name'))\n" % (line, col))
        f.write("call writefile(out, %r)\nqall!\n" % out)
    subprocess.run([vim, "-Nu", "NONE", "-i", "NONE", "-es", "-S", script],
                   timeout=60, check=False)
    with open(out) as f:
        got = f.read().split("\n")
    failed = 0
    print("filetype: %s" % got[0])
    failed += got[0] != "bpat"
    for (line, col, text, group), actual in zip(probes, got[1:]):
        ok = actual == group
        failed += not ok
        print("%s %d:%d %r -> %r%s" % ("ok" if ok else "WRONG", line, col, text,
                                       actual, "" if ok else " (want %r)" % group))
    keywords = re.findall(r'BPAT_KEYWORD\(\w+, "([^"]+)"\)',
                          open(os.path.join(src_root, "include", "bpat", "Parse",
                                            "Keywords.def")).read())
    syntax = open(os.path.join(src_root, "editors", "vim", "syntax", "bpat.vim")).read()
    listed = set()
    for m in re.finditer(r"^syn keyword \w+ (.*)$", syntax, re.M):
        listed.update(m.group(1).split())
    for m in re.finditer(r'^syn match \w+ "[^"]*\\\((.*?)\\\)', syntax, re.M):
        listed.update(m.group(1).split("\\|"))
    missing = [k for k in keywords if k != "_" and k not in listed]
    failed += bool(missing)
    print("keywords: %d of Keywords.def, missing from the syntax file: %s"
          % (len(keywords), " ".join(missing) or "none"))
    print("%d checks failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
