#!/usr/bin/python3
"""Compare `bpat-match --mode fuse-then-quantize` with PyTorch 1.13.1's own
prepare_fx (Debian's python3-torch), on torchvision models.

  compare_prepare_with_torch.py --bpat-match BIN --src-root DIR --tmp DIR
                                --models resnet18,... --backends native,...

For every model x backend (library/torch/backends/<name>.bpat against
PyTorch's built-in config of that name):
  - PyTorch's side: prepare_fx(model.eval(), qconfig_mapping, example_inputs,
    backend_config=config), with the find_matches that prepare.py calls
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
    recorded = {}
    original = prepare_module.find_matches

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        recorded.update(result)
        raise Recorded()
    prepare_module.find_matches = recording
    try:
        model = models.build_model(model_name=model_name)
        example = (torch.randn(1, 3, 224, 224),)
        prepare_fx(model, get_default_qconfig_mapping(), example, backend_config=config)
        raise RuntimeError("prepare_fx never called find_matches")
    except Recorded:
        pass
    finally:
        prepare_module.find_matches = original
    matches = {name: [value[0].name, names.complex_pattern_str(value[2])]
               for name, value in recorded.items()}
    return find_matches_mod.dumps_matches({k: matches[k] for k in sorted(matches)})


def fused_graph(model_name, config):
    from torch.ao.quantization.quantize_fx import fuse_fx
    fused = fuse_fx(models.build_model(model_name=model_name), backend_config=config)
    return fx_export.dumps_graph(fx_export.graph_to_json(fused))


def run_bpat(args, backend, graph_file, fused_file, naive):
    patterns = os.path.join(args.src_root, "library", "torch", "backends", backend + ".bpat")
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpat-match", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--backends", required=True)
    args = parser.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    warnings.filterwarnings("ignore")
    load_utils(args.src_root)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None)
               for b in args.backends.split(",")}
    cases = failures = 0
    for model_name in args.models.split(","):
        graph_file = os.path.join(args.tmp, model_name + ".json")
        with open(graph_file, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(
                models.trace(models.build_model(model_name=model_name)))))
        for backend, config in configs.items():
            cases += 1
            label = "%s %s" % (model_name, backend)
            expected_map = prepare_matches(model_name, config)
            expected_graph = fused_graph(model_name, config)
            problems = []
            for naive in (False, True):
                fused_file = os.path.join(args.tmp, "%s-%s-%d-fused.json" % (model_name, backend, naive))
                actual, error = run_bpat(args, backend, graph_file, fused_file, naive)
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
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return 0 if failures == 0 and cases else 1


if __name__ == "__main__":
    sys.exit(main())
