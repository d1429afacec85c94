#!/usr/bin/env python3
"""Generate a large FX graph JSON file, for the graph-reading benchmark.

Usage: bench/gen_graph.py [--nodes N] [--data DIR] [-o FILE]

Tiles the real torchvision graphs in bench/data (written by utils/fx_export.py)
the way bpat-matcher-bench does in memory: the models are taken round-robin,
copy k renames every node c<k>_<name>, the placeholder of every copy after the
first is replaced by the node the previous copy returned, and output nodes
are dropped except one final `output`. Every node gets its `users` list, and
the text is laid out as fx_export.py writes it (one node per line), so the
file is what bpat-match reads from a real model, only larger. The default,
200,000 nodes, is about 49 MB (10,000,000 nodes about 2.5 GB; the nodes
are written as they are made, never all held). Output is deterministic.
"""

import argparse
import json
import os
import sys


def load_models(data_dir):
    models = []
    for name in sorted(os.listdir(data_dir)):
        if name.endswith(".json"):
            with open(os.path.join(data_dir, name)) as f:
                models.append(json.load(f)["nodes"])
    if not models:
        sys.exit("gen_graph.py: no .json graphs in " + data_dir)
    return models


def first_ref(arg):
    """The first node name nested in an argument, or None."""
    if isinstance(arg, dict):
        if "node" in arg:
            return arg["node"]
        values = arg.get("dict", {}).values() if "dict" in arg else arg.get("slice", [])
        arg = list(values)
    if isinstance(arg, list):
        for a in arg:
            r = first_ref(a)
            if r is not None:
                return r
    return None


def remap(arg, names):
    """`arg` with every node reference renamed through `names`."""
    if isinstance(arg, list):
        return [remap(a, names) for a in arg]
    if isinstance(arg, dict):
        if "node" in arg:
            return {"node": names[arg["node"]]}
        if "dict" in arg:
            return {"dict": {k: remap(v, names) for k, v in arg["dict"].items()}}
        if "slice" in arg:
            return {"slice": [remap(v, names) for v in arg["slice"]]}
    return arg


def refs(arg, out):
    if isinstance(arg, list):
        for a in arg:
            refs(a, out)
    elif isinstance(arg, dict):
        if "node" in arg:
            out.append(arg["node"])
        elif "dict" in arg:
            refs(list(arg["dict"].values()), out)
        elif "slice" in arg:
            refs(arg["slice"], out)


def tile(models, min_nodes):
    """The nodes of the tiled graph, in order, each with its `users` list.

    A generator, so that a graph of millions of nodes is never held whole:
    a node's users are in its own copy or, for the node a copy returns (the
    placeholder of the next copy), in the next one, so every node before the
    returned one is final, and yielded, once its copy is built.
    """
    buffered = []  # nodes not yet yielded: from prev on
    index = {}  # name -> graph index, of the buffered nodes
    count = 0
    prev = None
    k = 0

    def add(node):
        nonlocal count
        used = []
        refs(node["args"], used)
        refs(list(node["kwargs"].values()), used)
        for name in sorted(set(used), key=index.get):
            buffered[index[name] - (count - len(buffered))]["users"].append(node["name"])
        index[node["name"]] = count
        buffered.append(node)
        count += 1

    while count < min_nodes:
        model = models[k % len(models)]
        names = {}
        result = None
        for n in model:
            if n["op"] == "output":
                result = first_ref(n["args"])
                continue
            if n["op"] == "placeholder" and prev is not None:
                names[n["name"]] = prev
                continue
            names[n["name"]] = "c%d_%s" % (k, n["name"])
            add({"name": names[n["name"]], "op": n["op"], "target": n["target"],
                 "args": remap(n["args"], names),
                 "kwargs": {key: remap(v, names) for key, v in n["kwargs"].items()},
                 "users": []})
        if result is not None:
            prev = names[result]
        k += 1
        # Later nodes refer to their own copy or to prev: the nodes before
        # prev are final.
        keep = index[prev] - (count - len(buffered)) if prev is not None else len(buffered)
        for node in buffered[:keep]:
            del index[node["name"]]
            yield node
        del buffered[:keep]
    add({"name": "output", "op": "output", "target": "output",
         "args": [{"node": prev}] if prev else [], "kwargs": {}, "users": []})
    for node in buffered:
        yield node


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--nodes", type=int, default=200000, help="at least this many nodes")
    parser.add_argument("--data", default=os.path.join(here, "data"), help="directory of graph JSON")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    args = parser.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    out.write("{\"nodes\": [")
    first = True
    for n in tile(load_models(args.data), args.nodes):
        out.write(("\n  " if first else ",\n  ") +
                  json.dumps(n, ensure_ascii=False, allow_nan=False))
        first = False
    out.write("\n]}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
