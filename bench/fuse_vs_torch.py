#!/usr/bin/python3
"""bench/fuse_vs_torch.py: fusing one model's graph, C++ vs PyTorch.

  /usr/bin/python3 bench/fuse_vs_torch.py [--build build] [--model densenet121]
                                          [--backend native] [--reps 20]

The model (default densenet121, the largest graph of test/Match/torch-fuse.test:
433 nodes) is exported with utils/fx_export.py, then fused
  - in C++ by build/bin/bpat-fuse-bench (bench/fuse_bench.cpp): the graph
    JSON read, matched with the backend's fuse table, fused by rt::fuseGraph
    (the stand-in fusers of bpat-match --write-fused) and written back;
  - in PyTorch 1.13.1 (Debian's python3-torch, in this process) by
    fuse_fx(model, backend_config=...) (symbolic_trace + _fuse_fx), and by
    _fuse_fx alone on an already traced GraphModule (what corresponds to
    the C++ match + fuse; PyTorch's fusers also fold batch norm weights).
The backend is library/torch/backends/<backend>.bpat on the C++ side and
PyTorch's own config of that name (the port test/Ports checks equal).
Best and median wall time of --reps runs each; a deep copy of the model per
PyTorch run is made outside the timing. The fused graphs themselves are
compared by test/Match/torch-fuse.test. Not part of the test suite.
"""

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "utils"))
sys.path.insert(0, os.path.join(ROOT, "python"))


def timed(fn, reps, setup):
    times = []
    for _ in range(reps):
        arg = setup()
        t0 = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times), statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--model", default="densenet121")
    ap.add_argument("--backend", default="native")
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()

    import torch
    import fx_export
    from bpat_torch import models, backends
    from torch.ao.quantization.quantize_fx import fuse_fx, _fuse_fx

    model = models.build_model(model_name=args.model)
    config = backends.get_backend_config(args.backend)
    with tempfile.TemporaryDirectory() as tmp:
        graph = os.path.join(tmp, args.model + ".json")
        with open(graph, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(models.trace(model))))
        out = subprocess.run(
            [os.path.join(args.build, "bin", "bpat-fuse-bench"), graph,
             "--backend-file", os.path.join(ROOT, "library", "torch", "backends",
                                            args.backend + ".bpat"),
             "--backend", args.backend, "--library-dir", os.path.join(ROOT, "library"),
             "--reps", str(args.reps)],
            check=True, stdout=subprocess.PIPE, text=True).stdout
        patterns = os.path.join(tmp, "backend.json")
        subprocess.run([os.path.join(args.build, "bin", "bpatc"),
                        os.path.join(ROOT, "library", "torch", "backends", args.backend + ".bpat"),
                        "--emit=runtime-json", "--backend", args.backend, "-o", patterns],
                       check=True)
        match_cmd = [os.path.join(args.build, "bin", "bpat-match"), "--patterns", patterns,
                     "--backend", args.backend, "--graph", graph, "--mode", "fuse",
                     "-o", os.path.join(tmp, "matches.txt"),
                     "--write-fused", os.path.join(tmp, "fused.json")]
        process_best, process_median = timed(
            lambda _: subprocess.run(match_cmd, check=True), args.reps, lambda: None)
    result = dict(kv.split("=") for kv in out.splitlines()[-1].split()[1:])

    traced = torch.fx.symbolic_trace(model)
    fx_best, fx_median = timed(lambda m: fuse_fx(m, backend_config=config), args.reps,
                               lambda: copy.deepcopy(model))
    inner_best, inner_median = timed(lambda gm: _fuse_fx(gm, False, None, config), args.reps,
                                     lambda: copy.deepcopy(traced))
    cpp_total = float(result["total_ms"])
    cpp_core = float(result["match_ms"]) + float(result["fuse_ms"])
    print("model %s (%s nodes -> %s), backend %s, torch %s, best of %d (median), wall ms"
          % (args.model, result["nodes"], result["fused_nodes"], args.backend,
             torch.__version__, args.reps))
    print("  C++     read %s + match %s + fuse %s + write %s = %.3f ms"
          % (result["read_ms"], result["match_ms"], result["fuse_ms"], result["write_ms"],
             cpp_total))
    print("  bpat-match --write-fused, as a process  %8.3f ms (%.3f)"
          % (process_best, process_median))
    print("  PyTorch fuse_fx (trace + fuse)   %8.3f ms (%.3f)  = %6.0fx C++ total"
          % (fx_best, fx_median, fx_best / cpp_total))
    print("  PyTorch _fuse_fx (traced graph)  %8.3f ms (%.3f)  = %6.0fx C++ match + fuse (%.3f ms)"
          % (inner_best, inner_median, inner_best / cpp_core, cpp_core))


if __name__ == "__main__":
    main()
