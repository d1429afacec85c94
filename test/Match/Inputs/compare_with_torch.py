#!/usr/bin/python3
"""Compare bpat-match with PyTorch's own FX matchers (Debian's python3-torch
1.13.1), exactly, match map against match map.

  compare_with_torch.py models --bpat-match BIN --src-root DIR --tmp DIR
                               --models resnet18,... --backends native,...
      torchvision models (utils/bpat_torch/models.py builds and traces them)
      x the ported backends library/torch/backends/<name>.bpat
      x both modes, against PyTorch's built-in backend configs.
  compare_with_torch.py modules --bpat-match BIN --bpatc BIN --src-root DIR
                                --tmp DIR --file MODULES.py --patterns X.bpat
                                --backend NAME
      every class in MODULES.py's MODULES list x both modes, against the
      BackendConfig that `bpatc --emit=torch --torch-api=1.13` makes of
      X.bpat, imported into PyTorch.

For every case: the graph is exported with utils/fx_export.py's
graph_to_json, PyTorch's match map computed with utils/torch_find_matches.py's
find_matches_json (same traced GraphModule), and `bpat-match --format json`
run twice, with the matcher table and with --naive. The three texts must be
identical. One line per case; a difference prints both maps' differing
entries. Exit status 0 when every case agrees.
"""

import argparse
import concurrent.futures
import importlib.util
import json
import os
import subprocess
import sys
import time


SRC_ROOT = None


def load_utils(src_root):
    global SRC_ROOT
    SRC_ROOT = src_root
    sys.path.insert(0, os.path.join(src_root, "utils"))
    global fx_export, torch_find_matches, models, backends
    import fx_export  # noqa: F401
    import torch_find_matches  # noqa: F401
    from bpat_torch import models, backends  # noqa: F401


def run_bpat_match(binary, patterns, backend, graph_file, mode, naive, extra=()):
    # The source tree's library, not the build's copy (which a concurrent
    # build may be rewriting).
    cmd = [binary, "--patterns", patterns, "--backend", backend, "--graph", graph_file,
           "--library-dir", os.path.join(SRC_ROOT, "library"),
           "--mode", mode, "--format", "json"] + list(extra)
    if naive:
        cmd.append("--naive")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        return None, "bpat-match failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr)
    return proc.stdout, proc.stderr


def describe_difference(expected, actual):
    try:
        e, a = json.loads(expected), json.loads(actual)
    except ValueError:
        return "    (output is not JSON)\n" + actual
    lines = []
    for name in sorted(set(e) | set(a)):
        if e.get(name) != a.get(name):
            lines.append("    %s: torch %s, bpat %s" % (name, e.get(name), a.get(name)))
    if not lines and expected != actual:
        lines.append("    (same entries, different text)")
    return "\n".join(lines)


class Comparer:
    def __init__(self, args):
        self.args = args
        self.failures = 0
        self.cases = 0
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
        self.pending = []

    def case(self, label, gm, backend_config, patterns, backend_name, graph_file, mode, extra=()):
        """Queues one comparison; PyTorch's side is computed now."""
        expected = torch_find_matches.dumps_matches(
            torch_find_matches.find_matches_json(gm, backend_config, mode))
        futures = [self.pool.submit(run_bpat_match, self.args.bpat_match, patterns, backend_name,
                                    graph_file, mode, naive, extra) for naive in (False, True)]
        self.pending.append((label, expected, futures, len(gm.graph.nodes)))

    def finish(self):
        for label, expected, futures, num_nodes in self.pending:
            self.cases += 1
            (table, table_err), (naive, naive_err) = [f.result() for f in futures]
            problems = []
            if table is None:
                problems.append(table_err)
            elif table != expected:
                problems.append("  table matcher != PyTorch:\n" + describe_difference(expected, table))
            if naive is None:
                problems.append(naive_err)
            elif naive != expected:
                problems.append("  --naive != PyTorch:\n" + describe_difference(expected, naive))
            matched = len(json.loads(expected))
            if problems:
                self.failures += 1
                print("DIFFERENT %s: %d nodes, PyTorch matched %d" % (label, num_nodes, matched))
                for p in problems:
                    print(p)
            else:
                print("same %s: %d nodes, %d matched" % (label, num_nodes, matched))
        self.pending = []
        self.pool.shutdown()
        print("%d cases, %d different" % (self.cases, self.failures))
        return 0 if self.failures == 0 and self.cases else 1


def write_graph(gm, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(fx_export.dumps_graph(fx_export.graph_to_json(gm)))


def cmd_models(args):
    cmp = Comparer(args)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None) for b in args.backends.split(",")}
    for model_name in args.models.split(","):
        gm = models.trace(models.build_model(model_name))
        graph_file = os.path.join(args.tmp, model_name + ".json")
        write_graph(gm, graph_file)
        for backend_name, config in configs.items():
            patterns = os.path.join(args.src_root, "library", "torch", "backends", backend_name + ".bpat")
            for mode in ("quantize", "fuse"):
                cmp.case("%s %s %s" % (model_name, backend_name, mode), gm, config, patterns,
                         backend_name, graph_file, mode)
    return cmp.finish()


def cmd_modules(args):
    cmp = Comparer(args)
    here = os.path.dirname(os.path.abspath(args.file))
    sys.path.insert(0, here)
    # The --torch-api=1.13 BackendConfig module, generated from the same .bpat.
    generated = os.path.join(args.tmp, "generated_%s.py" % args.backend)
    proc = subprocess.run([args.bpatc, args.patterns, "--emit=torch", "--torch-api=1.13",
                           "--backend", args.backend, "--library-dir",
                           os.path.join(args.src_root, "library"), "-o", generated],
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("bpatc --emit=torch failed:\n" + proc.stderr)
        return 1
    spec = importlib.util.spec_from_file_location("generated_" + args.backend, generated)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = getattr(module, "get_%s_backend_config" % args.backend)()
    classes = models.load_module_class(args.file + ":MODULES")
    for cls_name in classes:
        gm = models.trace(models.build_model(module_spec=args.file + ":" + cls_name))
        graph_file = os.path.join(args.tmp, cls_name + ".json")
        write_graph(gm, graph_file)
        for mode in ("quantize", "fuse"):
            cmp.case("%s %s %s" % (cls_name, args.backend, mode), gm, config, args.patterns,
                     args.backend, graph_file, mode)
    return cmp.finish()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("models", "modules"):
        p = sub.add_parser(name)
        p.add_argument("--bpat-match", required=True)
        p.add_argument("--src-root", required=True)
        p.add_argument("--tmp", required=True)
        if name == "models":
            p.add_argument("--models", required=True)
            p.add_argument("--backends", required=True)
        else:
            p.add_argument("--bpatc", required=True)
            p.add_argument("--file", required=True)
            p.add_argument("--patterns", required=True)
            p.add_argument("--backend", required=True)
    args = parser.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    load_utils(args.src_root)
    start = time.time()
    status = cmd_models(args) if args.command == "models" else cmd_modules(args)
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
