#!/usr/bin/env python3
"""Runs bpat-match from each shipped port's .bpat file, from the runtime JSON
bpatc compiles it to (--emit=runtime-json) and from the compiled backend
(--emit=runtime-bin, whose own tables and labels give the match map), on
every graph of a directory, in both modes and both output formats, and checks
that the outputs are byte-identical.

  compare_runtime_json.py --bpatc B --bpat-match M --library DIR --graphs DIR --work DIR
"""
import argparse
import glob
import os
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    for name in ("--bpatc", "--bpat-match", "--library", "--graphs", "--work"):
        p.add_argument(name, required=True)
    a = p.parse_args()
    ports = sorted(glob.glob(os.path.join(a.library, "torch*", "backends", "*.bpat")))
    ports = [f for f in ports if not f.endswith(("common.bpat", "shared_groups.bpat",
                                                 "native_dtypes.bpat"))]
    graphs = sorted(glob.glob(os.path.join(a.graphs, "*.json")))
    runs = 0
    bad = []
    backends = 0
    for port in ports:
        rel = os.path.relpath(port, a.library)
        stem = os.path.join(a.work, rel.replace(os.sep, "_"))
        compiled, image = stem + ".json", stem + ".bpatb"
        r = subprocess.run([a.bpatc, port, "--library-dir", a.library,
                            "--emit=runtime-json", "-o", compiled],
                           capture_output=True, text=True)
        if r.returncode != 0:
            # A file with no backend of its own (a shared file) is skipped.
            if "no backend" in r.stderr:
                continue
            bad.append("%s: bpatc failed: %s" % (rel, r.stderr.strip()))
            continue
        r = subprocess.run([a.bpatc, port, "--library-dir", a.library,
                            "--emit=runtime-bin", "-o", image],
                           capture_output=True, text=True)
        if r.returncode != 0:
            bad.append("%s: bpatc --emit=runtime-bin failed: %s"
                       % (rel, r.stderr.strip()))
            continue
        backends += 1
        for graph in graphs:
            for mode in ("quantize", "fuse"):
                for fmt in ("text", "json"):
                    common = ["--graph", graph, "--mode", mode, "--format", fmt]
                    src = subprocess.run([a.bpat_match, "--patterns", port,
                                          "--library-dir", a.library] + common,
                                         capture_output=True)
                    fast = subprocess.run([a.bpat_match, "--patterns", compiled] + common,
                                          capture_output=True)
                    fastest = subprocess.run([a.bpat_match, "--patterns", image] + common,
                                             capture_output=True)
                    runs += 3
                    for way, run in (("runtime JSON", fast), ("compiled", fastest)):
                        if src.returncode != 0 or src.stdout != run.stdout or \
                                src.returncode != run.returncode or run.stderr:
                            bad.append("%s %s %s %s: outputs differ from %s"
                                       % (rel, os.path.basename(graph), mode, fmt, way))
    for line in bad:
        print("FAIL: " + line)
    if bad:
        return 1
    print("%d backends, %d graphs, %d runs from .bpat, runtime JSON and "
          "compiled backend: all identical" % (backends, len(graphs), runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
