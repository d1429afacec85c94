#!/usr/bin/python3
"""Compare `bpat-match --mode fuse-then-quantize` with PyTorch's own
prepare_fx (1.13.1: Debian's python3-torch; 2.6: the root of
utils/torch2-root.sh), on torchvision models.

  compare_prepare_with_torch.py --bpat-match BIN --src-root DIR --tmp DIR
                                --models resnet18,... --backends native,...

For every model x backend (library/<--library>/backends/<name>.bpat, the
library tree of the ports being torch (1.13.1, the default) or torch-2.6,
against PyTorch's built-in config of that name):
  - PyTorch's side: prepare_fx(model.eval(), qconfig_mapping, example_inputs,
    backend_config=config), with the matcher that prepare.py calls
    (find_matches in 1.13.1, _find_matches in 2.x; same result tuples)
    wrapped to record its result (prepare_fx fuses first, with fuse_fx's
    code, then matches the fused graph; nothing else is run after the
    matcher), turned into the match map JSON as utils/torch_find_matches.py
    does; and the graph of fuse_fx(model.eval(), backend_config=config),
    exported with utils/fx_export.py;
  - bpat's side: the unfused graph exported the same way, and
    `bpat-match --mode fuse-then-quantize --format json --write-fused F`,
    with the matcher table and with --naive.
The fused graph must be the same text as fuse_fx's, and both match maps the
same text as prepare_fx's. One line per case; exit status 0 when all agree.

In two steps, for a PyTorch that runs where bpat-match cannot (PyTorch 2.6,
in its root, whose libraries are not this machine's):
  utils/torch2-python compare_prepare_with_torch.py --torch-side --library
      torch-2.6 --src-root DIR --tmp DIR --models ... --backends ...
      writes the unfused graphs, prepare_fx's match maps, fuse_fx's graphs
      and a cases.json into --tmp;
  compare_prepare_with_torch.py --compare --bpat-match BIN --src-root DIR
      --tmp DIR
      runs bpat-match on those cases here and compares.
"""

import argparse
import warnings
import json
import os
import subprocess
import sys
import time


class Recorded(Exception):
    """Stops prepare_fx once its matcher has run."""


def load_utils(src_root):
    sys.path.insert(0, os.path.join(src_root, "utils"))
    sys.path.insert(0, os.path.join(src_root, "python"))
    global fx_export, models, backends, names, find_matches_mod, torch
    import torch  # noqa: F401
    import fx_export  # noqa: F401
    from bpat_torch import models, backends, names  # noqa: F401
    from bpat_torch import find_matches as find_matches_mod  # noqa: F401


def prepare_matches(model_name, config):
    """The match map prepare_fx's matcher finds, as match map JSON text."""
    from torch.ao.quantization import get_default_qconfig_mapping
    import importlib
    # The module, not the function the package exports under the same name.
    prepare_module = importlib.import_module("torch.ao.quantization.fx.prepare")
    from torch.ao.quantization.quantize_fx import prepare_fx
    # The name prepare.py calls the matcher by: 1.13.1 imports find_matches
    # from match_utils, 2.x _find_matches (same arguments it passes, same
    # node name -> (root node, nodes, pattern, handler) result).
    matcher_name = next((n for n in ("find_matches", "_find_matches")
                         if callable(getattr(prepare_module, n, None))), None)
    if matcher_name is None:
        raise RuntimeError("torch.ao.quantization.fx.prepare has neither find_matches nor "
                           "_find_matches (PyTorch %s): prepare_fx's matcher cannot be recorded"
                           % torch.__version__)
    recorded = {}
    original = getattr(prepare_module, matcher_name)

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        recorded.update(result)
        raise Recorded()
    setattr(prepare_module, matcher_name, recording)
    try:
        model = models.build_model(model_name=model_name)
        example = (torch.randn(1, 3, 224, 224),)
        prepare_fx(model, get_default_qconfig_mapping(), example, backend_config=config)
        raise RuntimeError("prepare_fx never called %s" % matcher_name)
    except Recorded:
        pass
    finally:
        setattr(prepare_module, matcher_name, original)
    matches = {name: [value[0].name, names.complex_pattern_str(value[2])]
               for name, value in recorded.items()}
    return find_matches_mod.dumps_matches({k: matches[k] for k in sorted(matches)})


def fused_graph(model_name, config):
    from torch.ao.quantization.quantize_fx import fuse_fx
    fused = fuse_fx(models.build_model(model_name=model_name), backend_config=config)
    return fx_export.dumps_graph(fx_export.graph_to_json(fused))


def run_bpat(args, patterns, backend, graph_file, fused_file, naive):
    cmd = [args.bpat_match, "--patterns", patterns, "--backend", backend,
           "--library-dir", os.path.join(args.src_root, "library"), "--graph", graph_file,
           "--mode", "fuse-then-quantize", "--format", "json", "--write-fused", fused_file]
    if naive:
        cmd.append("--naive")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        return None, "bpat-match failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr)
    return proc.stdout, None


def differing_entries(expected, actual, limit=5):
    e, a = json.loads(expected), json.loads(actual)
    lines = ["    %s: torch %s, bpat %s" % (k, e.get(k), a.get(k))
             for k in sorted(set(e) | set(a)) if e.get(k) != a.get(k)]
    return lines[:limit] or ["    (same entries, different text)"]


def torch_cases(args):
    """PyTorch's side: yields (label, backend, patterns, graph file,
    prepare_fx's match map text, fuse_fx's graph text) per case."""
    load_utils(args.src_root)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None)
               for b in args.backends.split(",")}
    for model_name in args.models.split(","):
        graph_file = os.path.join(args.tmp, model_name + ".json")
        with open(graph_file, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(
                models.trace(models.build_model(model_name=model_name)))))
        for backend, config in configs.items():
            patterns = os.path.join(args.src_root, "library", args.library, "backends", backend + ".bpat")
            yield ("%s %s" % (model_name, backend), backend, patterns, graph_file,
                   prepare_matches(model_name, config), fused_graph(model_name, config))


def write_torch_side(args):
    cases = []
    for label, backend, patterns, graph_file, expected_map, expected_graph in torch_cases(args):
        stem = os.path.join(args.tmp, label.replace(" ", "-"))
        for suffix, text in (("-prepare-matches.json", expected_map), ("-fuse-fx.json", expected_graph)):
            with open(stem + suffix, "w", encoding="utf-8") as f:
                f.write(text)
        cases.append({"label": label, "backend": backend, "patterns": patterns, "graph": graph_file,
                      "expected_map": stem + "-prepare-matches.json",
                      "expected_graph": stem + "-fuse-fx.json"})
    with open(os.path.join(args.tmp, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
    print("%d cases written for PyTorch %s" % (len(cases), torch.__version__))
    return 0 if cases else 1


def recorded_cases(args):
    """The cases a --torch-side run wrote, in the same shape as torch_cases."""
    with open(os.path.join(args.tmp, "cases.json"), encoding="utf-8") as f:
        recorded = json.load(f)
    print("PyTorch %s" % recorded["torch"])
    for case in recorded["cases"]:
        texts = []
        for key in ("expected_map", "expected_graph"):
            with open(case[key], encoding="utf-8") as f:
                texts.append(f.read())
        yield (case["label"], case["backend"], case["patterns"], case["graph"], texts[0], texts[1])


def compare(args, cases_iter):
    cases = failures = 0
    for label, backend, patterns, graph_file, expected_map, expected_graph in cases_iter:
        cases += 1
        problems = []
        for naive in (False, True):
            fused_file = os.path.join(args.tmp, "%s-%d-fused.json" % (label.replace(" ", "-"), naive))
            actual, error = run_bpat(args, patterns, backend, graph_file, fused_file, naive)
            which = "--naive" if naive else "table"
            if error:
                problems.append("  " + error)
                continue
            if actual != expected_map:
                problems.append("  %s: match map != prepare_fx's:" % which)
                problems += differing_entries(expected_map, actual)
            with open(fused_file, encoding="utf-8") as f:
                if f.read() != expected_graph:
                    problems.append("  %s: fused graph != fuse_fx's" % which)
        fused_nodes = len(json.loads(expected_graph)["nodes"])
        matched = len(json.loads(expected_map))
        if problems:
            failures += 1
            print("DIFFERENT %s: %d fused nodes, prepare_fx matched %d" % (label, fused_nodes, matched))
            print("\n".join(problems))
        else:
            print("same %s: %d fused nodes, %d matched" % (label, fused_nodes, matched))
    print("%d cases, %d different" % (cases, failures))
    return 0 if failures == 0 and cases else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpat-match")
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--models")
    parser.add_argument("--backends")
    parser.add_argument("--library", default="torch",
                        help="library tree of the ports: torch (1.13.1) or torch-2.6")
    step = parser.add_mutually_exclusive_group()
    step.add_argument("--torch-side", action="store_true",
                      help="only PyTorch's half: write the cases into --tmp")
    step.add_argument("--compare", action="store_true",
                      help="only bpat-match's half, on the cases a --torch-side run wrote")
    args = parser.parse_args()
    if not args.torch_side and not args.bpat_match:
        parser.error("--bpat-match is required (except with --torch-side)")
    if not args.compare and not (args.models and args.backends):
        parser.error("--models and --backends are required (except with --compare)")
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    warnings.filterwarnings("ignore")
    if args.torch_side:
        status = write_torch_side(args)
    elif args.compare:
        status = compare(args, recorded_cases(args))
    else:
        status = compare(args, torch_cases(args))
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
