#!/usr/bin/python3
"""Check `bpat-match --explain` against the match map, on every node.

  check_explain.py --bpat-match BIN --src-root DIR --tmp DIR
                   --models resnet18,... --backends native,...
                   [--modes quantize,fuse,fuse-then-quantize]

For every torchvision model (exported with utils/fx_export.py, as
compare_with_torch.py does) x backend (library/torch/backends/<name>.bpat)
x mode, runs bpat-match twice on the same graph: `--format json` (the match
map of the matcher table) and `--format json --explain N` for every node N
of the graph (of the fused graph in fuse-then-quantize mode). Explain's
reasons come from the naive matcher's own run (an observer on it); they
must agree with the table's map on every node:
  - the entry explain gives each node (anchor and pattern) is the node's
    entry in the match map, and a node explain leaves unmatched is not in it;
  - at the anchor of a match that the matcher did not find taken, exactly
    one pattern was tried and matched, and it is the entry's pattern, and
    every pattern tried before it failed with a reason;
  - at a node that was neither taken nor matched, every pattern was tried
    and each failed with a reason;
  - at a node taken when the matcher reached it, no pattern was tried;
  - every reason and every pattern has a source location (file:line:col).
One line per case; exit status 0 when every case agrees.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

LOCATION = re.compile(r"^.+\.bpat:[0-9]+:[0-9]+$")


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr))
    return proc.stdout


def check_case(args, graph_file, backend, mode):
    patterns = os.path.join(args.src_root, "library", "torch", "backends", backend + ".bpat")
    base = [args.bpat_match, "--patterns", patterns, "--backend", backend, "--graph", graph_file,
            "--library-dir", os.path.join(args.src_root, "library"), "--mode", mode,
            "--format", "json"]
    match_map = json.loads(run(base))
    if mode == "fuse-then-quantize":
        fused = graph_file + "." + backend + ".fused.json"
        run(base + ["--write-fused", fused])
        graph_file_nodes = fused
    else:
        graph_file_nodes = graph_file
    with open(graph_file_nodes, encoding="utf-8") as f:
        names = [n["name"] for n in json.load(f)["nodes"]]
    cmd = list(base)
    for name in names:
        cmd += ["--explain", name]
    explained = json.loads(run(cmd))
    problems = []
    nodes = explained["nodes"]
    if [n["node"] for n in nodes] != names:
        problems.append("explain did not answer for every node, in order")
    matched_anchors = 0
    for n in nodes:
        name = n["node"]
        entry = n["entry"]
        expected = match_map.get(name)
        got = None if entry is None else [entry["anchor"], entry["pattern"]]
        if got != expected:
            problems.append("%s: explain says %s, the match map %s" % (name, got, expected))
            continue
        for p in n["patterns"]:
            if not LOCATION.match(p["source"]):
                problems.append("%s: pattern %s has no file:line:col (%r)"
                                % (name, p["pattern"], p["source"]))
            if not p["matched"] and not p["why"]:
                problems.append("%s: pattern %s failed without a reason" % (name, p["pattern"]))
        tried = [p for p in n["patterns"] if p["tried"]]
        if n["taken_by"] is not None:
            if tried:
                problems.append("%s: taken, yet %d patterns tried" % (name, len(tried)))
            continue
        winners = [p for p in tried if p["matched"]]
        if entry is not None and entry["anchor"] == name:
            matched_anchors += 1
            if len(winners) != 1 or tried[-1] is not winners[0] \
                    or winners[0]["pattern"] != entry["pattern"]:
                problems.append("%s: the anchor of %s, but explain's winner is %s"
                                % (name, entry["pattern"], [w["pattern"] for w in winners]))
        elif winners:
            problems.append("%s: a pattern matched here but the node is not its anchor" % name)
        if any(p["reason"] is None for p in tried if not p["matched"]):
            problems.append("%s: a tried pattern failed without a reason" % name)
        if not winners and any(not p["tried"] for p in n["patterns"]):
            problems.append("%s: nothing matched, yet some patterns were not tried" % name)
    return len(nodes), matched_anchors, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpat-match", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--backends", required=True)
    parser.add_argument("--modes", default="quantize,fuse")
    args = parser.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    start = time.time()
    sys.path.insert(0, os.path.join(args.src_root, "utils"))
    sys.path.insert(0, os.path.join(args.src_root, "python"))
    import fx_export
    from bpat_torch import models
    jobs = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    for model in args.models.split(","):
        graph_file = os.path.join(args.tmp, model + ".json")
        with open(graph_file, "w", encoding="utf-8") as f:
            f.write(fx_export.dumps_graph(fx_export.graph_to_json(
                models.trace(models.build_model(model)))))
        for backend in args.backends.split(","):
            for mode in args.modes.split(","):
                label = "%s %s %s" % (model, backend, mode)
                jobs.append((label, pool.submit(check_case, args, graph_file, backend, mode)))
    failures = total_nodes = 0
    for label, future in jobs:
        try:
            nodes, anchors, problems = future.result()
        except RuntimeError as e:
            nodes, anchors, problems = 0, 0, [str(e)]
        total_nodes += nodes
        if problems:
            failures += 1
            print("DIFFERENT %s: %d nodes explained" % (label, nodes))
            for p in problems[:10]:
                print("    " + p)
        else:
            print("agree %s: %d nodes explained, %d anchors" % (label, nodes, anchors))
    print("%d cases, %d nodes explained, %d different" % (len(jobs), total_nodes, failures))
    print("time: %.1f s" % (time.time() - start), file=sys.stderr)
    return 0 if failures == 0 and jobs else 1


if __name__ == "__main__":
    sys.exit(main())
