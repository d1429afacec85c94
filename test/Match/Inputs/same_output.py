#!/usr/bin/env python3
"""Runs one bpat-match command twice, with `--patterns A` and then
`--patterns B`, and checks that the two runs give the same exit status,
standard output, standard error and output files. An argument ending in
.OUT names an output file: each run writes its own copy (.A / .B suffix).

  same_output.py A B -- bpat-match ARGS...
"""
import subprocess
import sys


def run(patterns, suffix, command):
    args = [a + suffix if a.endswith(".OUT") else a for a in command]
    r = subprocess.run(args[:1] + ["--patterns", patterns] + args[1:],
                       capture_output=True)
    files = {a: open(a + suffix, "rb").read()
             for a in command if a.endswith(".OUT")}
    return r.returncode, r.stdout, r.stderr.replace(patterns.encode(), b"P"), files


def main():
    sep = sys.argv.index("--")
    a, b = sys.argv[1:sep]
    command = sys.argv[sep + 1:]
    ra, rb = run(a, ".A", command), run(b, ".B", command)
    if ra[0] != 0:
        print("the first run failed (%d): %s" % (ra[0], ra[2].decode()))
        return 1
    for name, x, y in zip(("exit status", "stdout", "stderr", "output files"),
                          ra, rb):
        if x != y:
            print("%s differ between %s and %s" % (name, a, b))
            return 1
    if not ra[1] and not ra[3]:
        print("no output at all: nothing was compared")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
