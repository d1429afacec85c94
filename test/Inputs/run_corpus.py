#!/usr/bin/env python3
"""Runs bpatc over every file of a corpus with every emit kind.

Usage: run_corpus.py BPATC CORPUS_DIR OUT_DIR [extra bpatc args...]

For each file (sorted by name) and each emit kind it runs
`BPATC FILE --emit=KIND -o OUT_DIR/FILE.KIND` with a time limit, and prints
one line per file: `NAME: simple=S complex=S json=S ast=S bpat=S torch=S`
with the exit statuses, for the test to compare with its expectations.

It fails (exit 1, after printing every line) if any run
- exits with a status other than 0 or 1, or is killed by a signal (a crash),
- runs longer than the time limit (a hang),
- exits 1 but leaves an output file, or prints no "error:" diagnostic,
- exits 0 but writes no output file,
- prints a crash report (LLVM's stack dump) or ANTLR console output.
"""
import os
import re
import subprocess
import sys

KINDS = ["simple", "complex", "json", "ast", "bpat", "torch"]
TIMEOUT = 30
BAD_STDERR = [
    re.compile(r"Stack dump|PLEASE submit|LLVM ERROR|terminate called"),
    # ANTLR's ConsoleErrorListener: "line 1:2 token recognition error ..."
    re.compile(r"^line \d+:\d+ ", re.M),
]


def main():
    bpatc, corpus, out_dir = sys.argv[1:4]
    extra = sys.argv[4:]
    os.makedirs(out_dir, exist_ok=True)
    problems = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isfile(path):
            continue
        statuses = []
        for kind in KINDS:
            out = os.path.join(out_dir, name + "." + kind)
            if os.path.exists(out):
                os.remove(out)
            what = "%s --emit=%s" % (name, kind)
            try:
                proc = subprocess.run(
                    [bpatc, path, "--emit=" + kind, "-o", out] + extra,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                problems.append("%s: HANG (more than %ds)" % (what, TIMEOUT))
                statuses.append("%s=hang" % kind)
                continue
            status = proc.returncode
            err = proc.stderr.decode("utf-8", "replace")
            statuses.append("%s=%s" % (kind, status if status >= 0
                                       else "signal%d" % -status))
            if status < 0 or status > 1:
                problems.append("%s: CRASH (status %d)\n%s" %
                                (what, status, err[-2000:]))
            for bad in BAD_STDERR:
                if bad.search(err):
                    problems.append("%s: bad stderr\n%s" % (what, err[-2000:]))
            if status == 1:
                if os.path.exists(out):
                    problems.append("%s: exit 1 left an output file" % what)
                if "error:" not in err:
                    problems.append("%s: exit 1 without an error message"
                                    % what)
            elif status == 0 and not os.path.exists(out):
                problems.append("%s: exit 0 without an output file" % what)
        print("%s: %s" % (name, " ".join(statuses)))
    for problem in problems:
        print("PROBLEM: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
