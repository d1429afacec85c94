#!/usr/bin/python3
"""Compare bpat-match with PyTorch's own FX matchers (Debian's python3-torch
1.13.1), exactly, match map against match map.

  compare_with_torch.py models --bpat-match BIN --src-root DIR --tmp DIR
                               --models resnet18,... --backends native,...
      torchvision models (python/bpat_torch/models.py builds and traces them)
      x the ported backends library/torch/backends/<name>.bpat
      x both modes, against PyTorch's built-in backend configs.
  compare_with_torch.py modules --bpat-match BIN --bpatc BIN --src-root DIR
                                --tmp DIR --file MODULES.py --patterns X.bpat
                                --backend NAME
      every class in MODULES.py's MODULES list x both modes, against the
      BackendConfig that `bpatc --emit=torch --torch-api=1.13` makes of
      X.bpat, imported into PyTorch (or, with --builtin NAME, against
      PyTorch's own built-in config NAME, X.bpat being its port).

For every case: the graph is exported with utils/fx_export.py's
graph_to_json, PyTorch's match map computed with utils/torch_find_matches.py's
find_matches_json (same traced GraphModule), and `bpat-match --format json`
run twice, with the matcher table and with --naive. The three texts must be
identical. One line per case; a difference prints both maps' differing
entries. Exit status 0 when every case agrees.

In two steps, for a PyTorch that runs where bpat-match cannot (PyTorch 2.6,
in the root of utils/torch2-root.sh):
  utils/torch2-python compare_with_torch.py models|modules --torch-side ...
      writes the graphs, PyTorch's match maps and a cases.json into --tmp
      (`modules` then takes --generated MODULE.py, the --torch-api=2 module
      generated beforehand, instead of --bpatc; --library names the library
      tree of the ports, e.g. torch-2.6)
  compare_with_torch.py compare --bpat-match BIN --src-root DIR --tmp DIR
      runs bpat-match on those cases here and compares.
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
    sys.path.insert(0, os.path.join(src_root, "python"))
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


class TorchSide:
    """The PyTorch half only: match maps and a cases.json for `compare`."""

    def __init__(self, args):
        self.args = args
        self.cases = []

    def case(self, label, gm, backend_config, patterns, backend_name, graph_file, mode, extra=()):
        expected = torch_find_matches.dumps_matches(
            torch_find_matches.find_matches_json(gm, backend_config, mode))
        expected_file = os.path.join(self.args.tmp, "expected-%d.json" % len(self.cases))
        with open(expected_file, "w", encoding="utf-8") as f:
            f.write(expected)
        self.cases.append({"label": label, "patterns": patterns, "backend": backend_name,
                           "graph": graph_file, "mode": mode, "extra": list(extra),
                           "expected": expected_file, "nodes": len(gm.graph.nodes)})

    def finish(self):
        import torch
        with open(os.path.join(self.args.tmp, "cases.json"), "w", encoding="utf-8") as f:
            json.dump({"torch": torch.__version__, "cases": self.cases}, f, indent=1)
        print("%d cases written for PyTorch %s" % (len(self.cases), torch.__version__))
        return 0 if self.cases else 1


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
        self.queue(label, expected, patterns, backend_name, graph_file, mode, len(gm.graph.nodes), extra)

    def queue(self, label, expected, patterns, backend_name, graph_file, mode, num_nodes, extra=()):
        futures = [self.pool.submit(run_bpat_match, self.args.bpat_match, patterns, backend_name,
                                    graph_file, mode, naive, extra) for naive in (False, True)]
        self.pending.append((label, expected, futures, num_nodes))

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


def make_comparer(args):
    return TorchSide(args) if getattr(args, "torch_side", False) else Comparer(args)


def cmd_compare(args):
    """The bpat-match half of a --torch-side run."""
    with open(os.path.join(args.tmp, "cases.json"), encoding="utf-8") as f:
        recorded = json.load(f)
    print("PyTorch %s" % recorded["torch"])
    cmp = Comparer(args)
    for case in recorded["cases"]:
        with open(case["expected"], encoding="utf-8") as f:
            expected = f.read()
        cmp.queue(case["label"], expected, case["patterns"], case["backend"], case["graph"],
                  case["mode"], case["nodes"], case["extra"])
    return cmp.finish()


def cmd_models(args):
    cmp = make_comparer(args)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None) for b in args.backends.split(",")}
    for model_name in args.models.split(","):
        gm = models.trace(models.build_model(model_name))
        graph_file = os.path.join(args.tmp, model_name + ".json")
        write_graph(gm, graph_file)
        for backend_name, config in configs.items():
            patterns = os.path.join(args.src_root, "library", args.library, "backends", backend_name + ".bpat")
            for mode in ("quantize", "fuse"):
                cmp.case("%s %s %s" % (model_name, backend_name, mode), gm, config, patterns,
                         backend_name, graph_file, mode)
    return cmp.finish()


def cmd_modules(args):
    cmp = make_comparer(args)
    here = os.path.dirname(os.path.abspath(args.file))
    sys.path.insert(0, here)
    if args.builtin:
        generated = None
    elif args.generated:
        generated = args.generated
    else:
        # The --torch-api=1.13 BackendConfig module, generated from the same .bpat.
        generated = os.path.join(args.tmp, "generated_%s.py" % args.backend)
        proc = subprocess.run([args.bpatc, args.patterns, "--emit=torch", "--torch-api=1.13",
                               "--backend", args.backend, "--library-dir",
                               os.path.join(args.src_root, "library"), "-o", generated],
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            print("bpatc --emit=torch failed:\n" + proc.stderr)
            return 1
    if generated is None:
        # PyTorch's own built-in config, against the port in --patterns.
        config = backends.get_backend_config(args.builtin, report=lambda msg: None)
    else:
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
    for name in ("models", "modules", "compare"):
        p = sub.add_parser(name)
        p.add_argument("--src-root", required=True)
        p.add_argument("--tmp", required=True)
        if name == "compare":
            p.add_argument("--bpat-match", required=True)
            continue
        p.add_argument("--torch-side", action="store_true",
                       help="only PyTorch's half: write cases.json for `compare`")
        p.add_argument("--bpat-match")
        if name == "models":
            p.add_argument("--models", required=True)
            p.add_argument("--backends", required=True)
            p.add_argument("--library", default="torch",
                           help="library tree of the ports: torch (1.13.1) or torch-2.6")
        else:
            p.add_argument("--bpatc")
            p.add_argument("--generated", help="the generated BackendConfig module to use")
            p.add_argument("--builtin", help="use PyTorch's own built-in backend config NAME instead")
            p.add_argument("--file", required=True)
            p.add_argument("--patterns", required=True)
            p.add_argument("--backend", required=True)
    args = parser.parse_args()
    if args.command != "compare" and not args.torch_side and not args.bpat_match:
        parser.error("--bpat-match is required (or --torch-side)")
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    if args.command == "compare":
        global SRC_ROOT
        SRC_ROOT = args.src_root
        status = cmd_compare(args)
    else:
        load_utils(args.src_root)
        status = cmd_models(args) if args.command == "models" else cmd_modules(args)
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
