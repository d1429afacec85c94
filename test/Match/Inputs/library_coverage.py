#!/usr/bin/env python3
"""Every op in the FX graphs of torchvision's classification models is
declared in the shipped library under its exact qualified name.

  library_coverage.py --bpatc BPATC --library DIR --graphs DIR [--save DIR]
                      MODEL...

Exports each MODEL with bpat_torch (as utils/fx_export.py does), adds the
graphs already exported under --graphs, lists the ops every file of
DIR/torch declares (with `bpatc --emit=ast`, so the library is read by the
compiler itself), and prints one line per (kind, target) no declaration
has, with the models that use it. Exit status 1 if there is any.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "python"))

KINDS = {"call_module": "module", "call_function": "function",
         "call_method": "method"}


def declared_ops(bpatc, library):
    ops = set()
    for path in sorted(glob.glob(os.path.join(library, "torch", "*.bpat"))):
        out = subprocess.run([bpatc, "--emit=ast", path], check=True,
                             capture_output=True, text=True).stdout
        for m in re.finditer(r'^  Op \S+ (module|function|method) "([^"]*)"',
                             out, re.M):
            ops.add((m.group(1), m.group(2)))
    return ops


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bpatc", required=True)
    p.add_argument("--library", required=True)
    p.add_argument("--graphs", required=True)
    p.add_argument("--save", help="also write the exported graphs here")
    p.add_argument("models", nargs="*")
    a = p.parse_args()
    warnings.filterwarnings("ignore")
    from bpat_torch import fx_export, models
    graphs = {}
    for name in a.models:
        gm = models.trace(models.build_torchvision_model(name))
        graphs[name] = fx_export.export_module(gm)
        if a.save:
            with open(os.path.join(a.save, name + ".json"), "w") as f:
                json.dump(graphs[name], f)
    for path in sorted(glob.glob(os.path.join(a.graphs, "*.json"))):
        with open(path) as f:
            graphs.setdefault(os.path.basename(path)[:-5], json.load(f))
    declared = declared_ops(a.bpatc, a.library)
    missing = {}
    ops = set()
    for model, graph in graphs.items():
        for node in graph["nodes"]:
            kind = KINDS.get(node["op"])
            if kind:
                ops.add((kind, node["target"]))
                if (kind, node["target"]) not in declared:
                    missing.setdefault((kind, node["target"]), set()).add(model)
    for (kind, target), used in sorted(missing.items()):
        print("MISSING %s \"%s\" (%s)" % (kind, target, ", ".join(sorted(used))))
    print("%d models, %d distinct ops, %d declared in the library, %d missing"
          % (len(graphs), len(ops), len(ops) - len(missing), len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
