#!/usr/bin/python3
"""Compare `bpat-match --mode fuse --write-fused` with PyTorch 1.13.1's own
fuse_fx (Debian's python3-torch), graph against graph.

  compare_fused_with_torch.py --bpat-match BIN --src-root DIR --tmp DIR
                              --models resnet18,... | --modules FILE.py
                              --backends native,... [--library torch]

For every torchvision model, or every class in FILE.py's MODULES list
(python/bpat_torch/models.py builds and traces them) x every backend (library/<library>/backends/<name>.bpat against PyTorch's
built-in config of that name):
  - PyTorch's side: fuse_fx(model, backend_config=config) on the eval-mode
    model, its graph exported with utils/fx_export.py's graph_to_json (a
    call_module node's target is the class of the module it calls, after
    fusion), and, in call order, the modules each fuser received after
    is_qat (every config's fuser_method wrapped to record them);
  - bpat's side: the unfused graph exported the same way, and
    `bpat-match --mode fuse --write-fused F --fuser-calls C`.
The fused graphs must be the same text (every node: name, op, target,
args, kwargs, users, in order) and so must the fuser calls. One line per
case; a difference prints the first differing nodes or calls. Exit status 0
when every case agrees.
"""

import argparse
import copy
import json
import os
import subprocess
import sys
import time


def load_utils(src_root):
    sys.path.insert(0, os.path.join(src_root, "utils"))
    sys.path.insert(0, os.path.join(src_root, "python"))
    global fx_export, models, backends, names, torch
    import torch  # noqa: F401
    import fx_export  # noqa: F401
    from bpat_torch import models, backends, names  # noqa: F401


def describe_module(value):
    """One fuser argument as bpat-match --fuser-calls writes it."""
    from torch.nn.utils.parametrize import type_before_parametrizations
    if isinstance(value, tuple):
        inner = ", ".join(describe_module(v) for v in value)
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, torch.nn.Module):
        return names.class_name(type_before_parametrizations(value))
    if isinstance(value, type):
        return names.class_name(value)
    if isinstance(value, str):
        return value
    return names.function_op_name(value)


def recording_config(config, calls):
    """A copy of `config` whose fusers record their arguments in `calls`."""
    config = copy.copy(config)
    config.configs = dict(config.configs)
    for pattern, pattern_config in list(config.configs.items()):
        fuser = pattern_config.fuser_method
        if fuser is None:
            continue

        def recorder(is_qat, *modules, _fuser=fuser):
            calls.append(", ".join(describe_module(m) for m in modules))
            return _fuser(is_qat, *modules)
        pattern_config = copy.copy(pattern_config)
        pattern_config.fuser_method = recorder
        config.configs[pattern] = pattern_config
    return config


def build(spec):
    """A model from ("model", NAME) or ("module", FILE.py:CLASS)."""
    kind, name = spec
    return models.build_model(model_name=name) if kind == "model" else models.build_model(module_spec=name)


def torch_fused(spec, config):
    """PyTorch's fused graph JSON text and its fuser calls."""
    from torch.ao.quantization.quantize_fx import fuse_fx
    calls = []
    model = build(spec)
    fused = fuse_fx(model, backend_config=recording_config(config, calls))
    return fx_export.dumps_graph(fx_export.graph_to_json(fused)), calls


def first_differences(expected, actual, what, limit=3):
    lines = []
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else "(none)"
        a = actual[i] if i < len(actual) else "(none)"
        if e != a:
            lines.append("    %s %d:\n      torch: %s\n      bpat:  %s" % (what, i, e, a))
            if len(lines) == limit:
                break
    return lines


def node_lines(text):
    """The nodes of graph JSON text, one JSON text each."""
    return [json.dumps(n, ensure_ascii=False) for n in json.loads(text)["nodes"]]


def run_case(args, spec, model_name, backend_name, config, graph_file):
    expected_graph, expected_calls = torch_fused(spec, config)
    base = os.path.join(args.tmp, "%s-%s" % (model_name, backend_name))
    patterns = os.path.join(args.src_root, "library", args.library, "backends",
                            backend_name + ".bpat")
    cmd = [args.bpat_match, "--patterns", patterns, "--backend", backend_name,
           "--library-dir", os.path.join(args.src_root, "library"),
           "--graph", graph_file, "--mode", "fuse", "-o", base + "-matches.txt",
           "--write-fused", base + "-fused.json", "--fuser-calls", base + "-calls.txt"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    label = "%s %s" % (model_name, backend_name)
    if proc.returncode != 0:
        return False, ["DIFFERENT %s: bpat-match failed (%d): %s\n%s"
                       % (label, proc.returncode, " ".join(cmd), proc.stderr)]
    with open(base + "-fused.json", encoding="utf-8") as f:
        actual_graph = f.read()
    with open(base + "-calls.txt", encoding="utf-8") as f:
        actual_calls = f.read().splitlines()
    problems = []
    if actual_graph != expected_graph:
        problems.append("  fused graph != PyTorch's:")
        problems += first_differences(node_lines(expected_graph), node_lines(actual_graph), "node")
        if len(problems) == 1:
            problems.append("    (same nodes, different text)")
    if actual_calls != expected_calls:
        problems.append("  fuser calls != PyTorch's:")
        problems += first_differences(expected_calls, actual_calls, "call")
    nodes = len(json.loads(expected_graph)["nodes"])
    if problems:
        return False, ["DIFFERENT %s: %d fused nodes, %d fuser calls"
                       % (label, nodes, len(expected_calls))] + problems
    return True, ["same %s: %d fused nodes, %d fuser calls" % (label, nodes, len(expected_calls))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpat-match", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--tmp", required=True)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--models", help="torchvision model names, comma-separated")
    what.add_argument("--modules", help="a .py file with a MODULES list of class names")
    parser.add_argument("--backends", required=True)
    parser.add_argument("--library", default="torch",
                        help="library tree of the ports (torch: PyTorch 1.13.1)")
    args = parser.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    load_utils(args.src_root)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None)
               for b in args.backends.split(",")}
    cases = failures = 0
    if args.models:
        specs = [(name, ("model", name)) for name in args.models.split(",")]
    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(args.modules)))
        specs = [(name, ("module", args.modules + ":" + name))
                 for name in models.load_module_class(args.modules + ":MODULES")]
    for model_name, spec in specs:
        graph_file = os.path.join(args.tmp, model_name + ".json")
        with open(graph_file, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(models.trace(build(spec)))))
        for backend_name, config in configs.items():
            same, lines = run_case(args, spec, model_name, backend_name, config, graph_file)
            cases += 1
            failures += not same
            print("\n".join(lines))
    print("%d cases, %d different" % (cases, failures))
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return 0 if failures == 0 and cases else 1


if __name__ == "__main__":
    sys.exit(main())
