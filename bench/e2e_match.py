#!/usr/bin/python3
"""End-to-end matching: bpat-match as a process against PyTorch's matchers in
process, on the same torchvision graphs and the same backend (issue 10's
goal 1). Not part of the test suite; bench/run.sh runs it.

For each model (resnet50, densenet121, mobilenet_v3_large, swin_t) and mode:
- PyTorch: the matcher call alone (prepare's find_matches for quantize,
  fuse's _find_matches for fuse), on a graph traced once, with the pattern
  dicts built beforehand; CPU time, best of --reps.
- bpat-match: the commands docs/bpat-match.md shows, run as a process; CPU
  time of the child (user + system), best of --reps. Three ways: from the
  .bpat sources (`--patterns native.bpat`, which parses and checks the
  backend and the library it imports on every run), from the backend
  compiled once with `bpatc --emit=runtime-json` (`--patterns native.json`),
  and from the compiled backend of `bpatc --emit=runtime-bin`
  (`--patterns native.bpatb`: the matcher tables as they are, nothing
  parsed but the graph).
It also times two processes that do nothing (/bin/true and bpat-match
--version): the floor any process pays on this machine.

Prints one line per model and mode, the geometric mean, and each figure next
to the goal (10x geometric mean, 3x each). Exit status 0 whatever the ratios:
a benchmark reports, it does not gate.

  bench/e2e_match.py [--build build] [--reps 7] [--backend-file F]
"""
import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
MODELS = ["resnet50", "densenet121", "mobilenet_v3_large", "swin_t"]


def child_cpu(cmd, reps):
    """Best CPU time (s) of `cmd` as a child process, over `reps` runs."""
    best = float("inf")
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + \
            (after.ru_stime - before.ru_stime)
        best = min(best, cpu)
    return best


def in_process_cpu(fn, reps):
    best = float("inf")
    for _ in range(reps):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--backend-file", default=os.path.join(
        ROOT, "library", "torch", "backends", "native.bpat"))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")

    import torch
    from torch.ao.quantization.backend_config import get_native_backend_config
    from bpat_torch import fx_export, models
    from bpat_torch.find_matches import _import_matchers
    (get_q, get_f, sorted_patterns_dict, find_matches, fuse_find_matches,
     get_rng) = _import_matchers()
    backend = get_native_backend_config()
    quantize_patterns = sorted_patterns_dict(get_q(backend))
    fuse_patterns = sorted_patterns_dict(get_f(backend))
    root_getters = get_rng(backend)

    match = os.path.join(args.build, "bin", "bpat-match")
    library = os.path.join(ROOT, "library")
    print("== end-to-end matching, native backend: PyTorch %s in process vs "
          "bpat-match as a process (CPU ms, best of %d)"
          % (torch.__version__, args.reps))
    floor_true = child_cpu(["/bin/true"], args.reps)
    floor_match = child_cpu([match, "--version"], args.reps)
    print("process floor: /bin/true %.2f ms, bpat-match --version %.2f ms"
          % (floor_true * 1e3, floor_match * 1e3))
    print("%-20s %-9s %6s %10s %11s %7s %11s %7s %11s %7s"
          % ("model", "mode", "nodes", "pytorch", "from .bpat", "ratio",
             "from .json", "ratio", "from .bpatb", "ratio"))
    ratios = {"bpat": [], "json": [], "bin": []}
    results = ["RESULT e2e_floor true_ms=%.3f version_ms=%.3f"
               % (floor_true * 1e3, floor_match * 1e3)]
    with tempfile.TemporaryDirectory() as tmp:
        compiled = os.path.join(tmp, "backend.json")
        image = os.path.join(tmp, "backend.bpatb")
        for emit, out in (("runtime-json", compiled), ("runtime-bin", image)):
            subprocess.run([os.path.join(args.build, "bin", "bpatc"),
                            args.backend_file, "--library-dir", library,
                            "--emit=" + emit, "-o", out], check=True)
        for name in MODELS:
            gm = models.trace(models.build_torchvision_model(name))
            graph_file = os.path.join(tmp, name + ".json")
            with open(graph_file, "w") as f:
                f.write(fx_export.dumps_graph(fx_export.export_module(gm)))
            modules = dict(gm.named_modules(remove_duplicate=False))
            runs = {
                "quantize": lambda: find_matches(
                    gm.graph, modules, quantize_patterns, root_getters,
                    [], [], []),
                "fuse": lambda: fuse_find_matches(gm, gm.graph,
                                                  fuse_patterns),
            }
            for mode, run in runs.items():
                torch_cpu = in_process_cpu(run, args.reps)
                tail = ["--graph", graph_file, "--mode", mode, "-o",
                        os.devnull]
                from_bpat = child_cpu(
                    [match, "--patterns", args.backend_file, "--library-dir",
                     library] + tail, args.reps)
                from_json = child_cpu([match, "--patterns", compiled] + tail,
                                      args.reps)
                from_bin = child_cpu([match, "--patterns", image] + tail,
                                     args.reps)
                ratios["bpat"].append(torch_cpu / from_bpat)
                ratios["json"].append(torch_cpu / from_json)
                ratios["bin"].append(torch_cpu / from_bin)
                print("%-20s %-9s %6d %8.2f ms %8.2f ms %6.2fx %8.2f ms %6.2fx"
                      " %8.2f ms %6.2fx"
                      % (name, mode, len(gm.graph.nodes), torch_cpu * 1e3,
                         from_bpat * 1e3, ratios["bpat"][-1],
                         from_json * 1e3, ratios["json"][-1],
                         from_bin * 1e3, ratios["bin"][-1]))
                results.append("RESULT e2e model=%s mode=%s torch_ms=%.3f "
                               "bpat_ms=%.3f json_ms=%.3f bin_ms=%.3f"
                               % (name, mode, torch_cpu * 1e3,
                                  from_bpat * 1e3, from_json * 1e3,
                                  from_bin * 1e3))
    for way, label in (("bpat", "from .bpat"), ("json", "from runtime JSON"),
                       ("bin", "from compiled .bpatb")):
        r = ratios[way]
        geo = math.exp(sum(math.log(x) for x in r) / len(r))
        print("%s: geometric mean %.2fx (goal >= 10x); smallest %.2fx "
              "(goal >= 3x)" % (label, geo, min(r)))
        results.append("RESULT e2e_summary way=%s geomean=%.3f smallest=%.3f"
                       % (way, geo, min(r)))
    print("\n".join(results))


if __name__ == "__main__":
    main()
