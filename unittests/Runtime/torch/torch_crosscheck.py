#!/usr/bin/python3
"""Cross-checks bpat's NaiveMatcher against PyTorch 1.13.1's own matchers.

Reads the cases bpat-runtime-casedump prints (one JSON object per line) and runs
torch.ao.quantization.fx.match_utils.find_matches (quantize mode) and
torch.ao.quantization.fx.fuse._find_matches (fuse mode) on the same patterns
and FX graphs built with torch.fx. Targets become distinct nn.Module
subclasses, distinct Python functions, or method-name strings. Cases where
PyTorch itself raises (a wildcard over a literal, etc.) are counted, not
compared. Exit status 1 on any mismatch.

Usage: bpat-runtime-casedump 4000 > cases.jsonl
       /usr/bin/python3 torch_crosscheck.py cases.jsonl
"""
import json, sys
import torch
from collections import OrderedDict
from torch.fx import Graph
from torch.ao.quantization.fx.match_utils import find_matches
from torch.ao.quantization.fx.fuse import _find_matches as fuse_find_matches
from torch.ao.quantization.fx.pattern_utils import sorted_patterns_dict
from torch.ao.quantization.utils import MatchAllNode

classes = {}
funcs = {}
def cls(t):
    if t not in classes:
        classes[t] = type("M_" + t, (torch.nn.Module,), {"forward": lambda self, *a: None})
    return classes[t]
def fun(t):
    if t not in funcs:
        def f(*a, **k): pass
        f.__name__ = "f_" + t
        funcs[t] = f
    return funcs[t]

def pat(p):
    if p.get("w"):
        s = MatchAllNode
    else:
        s = [cls, fun, lambda t: t][p["k"]](p["t"])
    if not p["c"]:
        return s
    return tuple([s] + [pat(c) for c in p["c"]])

class Root:
    def __init__(self, m): self.m = m
    def named_modules(self): return self.m.items()

stats = {"ok": 0, "skip_q": 0, "skip_f": 0, "bad": 0}
for line in open(sys.argv[1]):
    case = json.loads(line)
    g = Graph()
    nodes = []
    modules = {}
    def arg(a):
        if isinstance(a, dict): return nodes[a["n"]]
        if isinstance(a, list): return [arg(x) for x in a]
        return a
    for n in case["nodes"]:
        op, t = n["op"], n["target"]
        args = tuple(arg(a) for a in n["args"])
        kwargs = {k: arg(v) for k, v in n["kwargs"].items()}
        if op == "call_module":
            target = n["name"]; modules[target] = cls(t)()
        elif op == "call_function":
            target = fun(t)
        else:
            target = t
        node = g.create_node(op, target, args, kwargs, name=n["name"])
        assert node.name == n["name"], (node.name, n["name"])
        nodes.append(node)
    d = {}
    for i, (p, hasf) in enumerate(case["configs"]):
        d[pat(p)] = (i, hasf)
    qpat = sorted_patterns_dict(OrderedDict((k, (lambda *a, i=v[0]: i)) for k, v in d.items()))
    fpat = sorted_patterns_dict(OrderedDict((k, (lambda node, i=v[0]: i)) for k, v in d.items() if v[1]))
    ok = True
    try:
        mq = find_matches(g, modules, qpat, {}, [], [], [])
        got = {k: [v[0].name, v[3]] for k, v in mq.items()}
        if got != case["quantize"]:
            print("QUANTIZE MISMATCH seed", case["seed"], "\n torch:", sorted(got.items()), "\n bpat: ", sorted(case["quantize"].items()))
            ok = False
    except Exception as e:
        stats["skip_q"] += 1; stats.setdefault("q:"+type(e).__name__+":"+str(e)[:50], 0); stats["q:"+type(e).__name__+":"+str(e)[:50]] += 1
    try:
        mf = fuse_find_matches(Root(modules), g, fpat)
        got = {k: [v[0].name, v[3]] for k, v in mf.items()}
        if got != case["fuse"]:
            print("FUSE MISMATCH seed", case["seed"], "\n torch:", sorted(got.items()), "\n bpat: ", sorted(case["fuse"].items()))
            ok = False
    except Exception as e:
        stats["skip_f"] += 1; stats.setdefault("f:"+type(e).__name__+":"+str(e)[:50], 0); stats["f:"+type(e).__name__+":"+str(e)[:50]] += 1
    stats["ok" if ok else "bad"] += 1
print(stats)
sys.exit(1 if stats["bad"] else 0)
