#!/usr/bin/python3
"""Compare `bpat-match --mode fuse --write-fused` with PyTorch's own fuse_fx
(Debian's python3-torch 1.13.1, or PyTorch 2.6 in two steps), graph against
graph.

  compare_fused_with_torch.py --bpat-match BIN --src-root DIR --tmp DIR
                              --models resnet18,... | --modules FILE.py[:LIST]
                              --backends native,... [--library torch]

For every torchvision model, or every class in FILE.py's MODULES list (or
the list LIST) (python/bpat_torch/models.py builds and traces them) x every
backend (library/<library>/backends/<name>.bpat against PyTorch's built-in
config of that name):
  - PyTorch's side: fuse_fx(model, backend_config=config) on the eval-mode
    model, its graph exported with utils/fx_export.py's graph_to_json (a
    call_module node's target is the class of the module it calls, after
    fusion), and, in call order, the modules each fuser received after
    is_qat (every config's fuser_method wrapped to record them);
  - bpat's side: the unfused graph exported the same way, and
    `bpat-match --mode fuse --write-fused F --fuser-calls C --torch-api V`
    (V: 1.13 or 2, the PyTorch whose configs' fusers the calls record).
The fused graphs must be the same text (every node: name, op, target,
args, kwargs, users, in order) and so must the fuser calls. One line per
case; a difference prints the first differing nodes or calls. Exit status 0
when every case agrees.

In two steps, for a PyTorch that runs where bpat-match cannot (PyTorch 2.6,
in the root of utils/torch2-root.sh):
  utils/torch2-python compare_fused_with_torch.py --torch-side --src-root DIR
      --tmp DIR --models ...|--modules ... --backends ... --library torch-2.6
      writes the unfused graphs, PyTorch's fused graphs and fuser calls and a
      cases.json into --tmp;
  compare_fused_with_torch.py --compare --bpat-match BIN --src-root DIR
      --tmp DIR
      runs bpat-match on those cases here and compares.
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
    """A copy of `config` whose fusers record their arguments in `calls`.
    PyTorch 1.13.1 keeps the pattern configs in `configs` (a dict by pattern),
    2.x in `_pattern_complex_format_to_config`."""
    attr = "configs" if isinstance(getattr(config, "configs", None), dict) \
        else "_pattern_complex_format_to_config"
    config = copy.copy(config)
    pattern_configs = dict(getattr(config, attr))
    setattr(config, attr, pattern_configs)
    for pattern, pattern_config in list(pattern_configs.items()):
        fuser = pattern_config.fuser_method
        if fuser is None:
            continue

        def recorder(is_qat, *modules, _fuser=fuser):
            calls.append(", ".join(describe_module(m) for m in modules))
            return _fuser(is_qat, *modules)
        pattern_config = copy.copy(pattern_config)
        pattern_config.fuser_method = recorder
        pattern_configs[pattern] = pattern_config
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


def torch_case(args, spec, model_name, backend_name, config, graph_file):
    """PyTorch's half of one case: its fused graph and fuser calls written
    into --tmp, and the case as cases.json records it."""
    expected_graph, expected_calls = torch_fused(spec, config)
    base = os.path.join(args.tmp, "%s-%s" % (model_name, backend_name))
    with open(base + "-expected.json", "w", encoding="utf-8") as f:
        f.write(expected_graph)
    with open(base + "-expected-calls.txt", "w", encoding="utf-8") as f:
        f.write("".join(call + "\n" for call in expected_calls))
    # Whose fuser_method the recorded calls are the arguments of: 1.13.1's
    # configs hold reverse2/reverse3 wrappers (reversed nested modules), 2.x
    # adapts a simple-format config's fuser itself (forward order).
    torch_api = "1.13" if torch.__version__.startswith("1.") else "2"
    return {"label": "%s %s" % (model_name, backend_name), "base": base,
            "torch_api": torch_api,
            "patterns": os.path.join(args.src_root, "library", args.library, "backends",
                                     backend_name + ".bpat"),
            "backend": backend_name, "graph": graph_file}


def check_case(args, case):
    """bpat-match's half of one case, compared with PyTorch's."""
    base, label = case["base"], case["label"]
    with open(base + "-expected.json", encoding="utf-8") as f:
        expected_graph = f.read()
    with open(base + "-expected-calls.txt", encoding="utf-8") as f:
        expected_calls = f.read().splitlines()
    # The source tree's library, not the build's copy (which a concurrent
    # build may be rewriting).
    cmd = [args.bpat_match, "--patterns", case["patterns"], "--backend", case["backend"],
           "--library-dir", os.path.join(args.src_root, "library"),
           "--graph", case["graph"], "--mode", "fuse", "-o", base + "-matches.txt",
           "--write-fused", base + "-fused.json", "--fuser-calls", base + "-calls.txt",
           "--torch-api", case["torch_api"]]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


def report(args, cases):
    """Checks every case, one line each (more for a difference)."""
    failures = 0
    for case in cases:
        same, lines = check_case(args, case)
        failures += not same
        print("\n".join(lines))
    print("%d cases, %d different" % (len(cases), failures))
    return 0 if failures == 0 and cases else 1


def torch_cases(args):
    """PyTorch's half of every case, for the models or modules and backends
    of the command line, as cases.json records them."""
    load_utils(args.src_root)
    configs = {b: backends.get_backend_config(b, report=lambda msg: None)
               for b in args.backends.split(",")}
    if args.models:
        specs = [(name, ("model", name)) for name in args.models.split(",")]
    else:
        path, sep, list_name = args.modules.rpartition(":")
        if not sep or not path.endswith(".py"):
            path, list_name = args.modules, "MODULES"
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        specs = [(name, ("module", path + ":" + name))
                 for name in models.load_module_class(path + ":" + list_name)]
    cases = []
    for model_name, spec in specs:
        graph_file = os.path.join(args.tmp, model_name + ".json")
        with open(graph_file, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(models.trace(build(spec)))))
        for backend_name, config in configs.items():
            cases.append(torch_case(args, spec, model_name, backend_name, config, graph_file))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpat-match")
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--tmp", required=True)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--models", help="torchvision model names, comma-separated")
    what.add_argument("--modules", help="a .py file with a MODULES list of class names "
                      "(FILE.py:LIST: the list LIST)")
    what.add_argument("--compare", action="store_true",
                      help="bpat-match's half of a --torch-side run in --tmp")
    parser.add_argument("--torch-side", action="store_true",
                        help="only PyTorch's half: write cases.json for --compare")
    parser.add_argument("--backends")
    parser.add_argument("--library", default="torch",
                        help="library tree of the ports: torch (PyTorch 1.13.1) or torch-2.6")
    args = parser.parse_args()
    if not args.torch_side and not args.bpat_match:
        parser.error("--bpat-match is required (or --torch-side)")
    if not args.compare and not args.backends:
        parser.error("--backends is required with --models or --modules")
    if args.compare and args.torch_side:
        parser.error("--compare is the other half of --torch-side")
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    cases_file = os.path.join(args.tmp, "cases.json")
    if args.compare:
        with open(cases_file, encoding="utf-8") as f:
            recorded = json.load(f)
        print("PyTorch %s" % recorded["torch"])
        status = report(args, recorded["cases"])
    else:
        cases = torch_cases(args)
        if args.torch_side:
            with open(cases_file, "w", encoding="utf-8") as f:
                json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
            print("%d cases written for PyTorch %s" % (len(cases), torch.__version__))
            status = 0 if cases else 1
        else:
            status = report(args, cases)
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
