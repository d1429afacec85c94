#!/usr/bin/env python3
"""Runs bpat-match over a corpus of graph files, or bpat-import over a corpus
of BackendConfig dumps, and holds every run to the tools' contract.

Usage:
  run_json_corpus.py graph BPAT_MATCH PATTERNS CORPUS OUT [tool args...]
  run_json_corpus.py dump BPAT_IMPORT BPATC CORPUS OUT [tool args...]

Besides the files of CORPUS (sorted by name) it makes a few big inputs in
OUT/generated (the classes a small checked-in file cannot show: a node with
200,000 users, a 200,000-node chain, arguments nested 100,000 deep, a dump of
10,000 configs, a 1 MB fuser name) and runs them too.

graph: each file runs in both modes (quantize, fuse) and prints
`NAME: quantize=S fuse=S`. dump: prints `NAME: import=S` and, when the import
succeeded, ` compile=S` for `bpatc OUT.bpat --emit=json`.

It fails (exit 1, after printing every line) if any run
- exits with a status other than 0 or 1, or is killed by a signal (a crash),
- runs longer than the time limit (a hang),
- exits 1 but leaves an output file, or prints no "error:" diagnostic,
- exits 0 but writes no output file,
- prints a crash report (LLVM's stack dump, a sanitizer report),
- (dump) writes a .bpat file that bpatc does not compile.
"""
import json
import os
import subprocess
import sys

TIMEOUT = 60
BAD_STDERR = ["Stack dump", "PLEASE submit", "LLVM ERROR",
              "terminate called", "AddressSanitizer", "runtime error:"]


def generate_graphs(out):
    def node(name, op, target, args=(), kwargs=None):
        return {"name": name, "op": op, "target": target,
                "args": list(args), "kwargs": kwargs or {}}
    files = {}
    # One node used by 200,000 others (a quadratic users check would hang).
    nodes = [node("x", "placeholder", "x")]
    nodes += [node("r%d" % i, "call_module",
                   "torch.nn.modules.activation.ReLU", [{"node": "x"}])
              for i in range(200000)]
    files["wide-users-200k.json"] = {"nodes": nodes}
    # A 200,000-node chain.
    nodes = [node("x", "placeholder", "x")]
    nodes += [node("n%d" % i, "call_module",
                   "torch.nn.modules.conv.Conv2d" if i % 2 else
                   "torch.nn.modules.activation.ReLU",
                   [{"node": nodes[-1]["name"] if i == 0 else "n%d" % (i - 1)}])
              for i in range(200000)]
    files["chain-200k.json"] = {"nodes": nodes}
    for name, value in files.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(value, f)
    # Arguments nested 100,000 deep (written as text: json.dump recurses).
    with open(os.path.join(out, "deep-args-100k.json"), "w") as f:
        f.write('{"nodes": [{"name": "x", "op": "placeholder", "target": "x", '
                '"args": [], "kwargs": {}}, {"name": "a", "op": '
                '"call_function", "target": "torch.cat", "args": [' +
                "[" * 100000 + '{"node": "x"}' + "]" * 100000 +
                '], "kwargs": {}}]}')


def generate_dumps(out):
    obs = "ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT"
    configs = [{"pattern": "my.ops.Op%d" % i, "observation_type": obs,
                "dtype_configs": []} for i in range(10000)]
    with open(os.path.join(out, "configs-10k.json"), "w") as f:
        json.dump({"name": "many", "configs": configs}, f)
    fuser = "my." + "f" * (1 << 20)
    with open(os.path.join(out, "fuser-1mb.json"), "w") as f:
        json.dump({"name": "long", "configs": [{
            "pattern": ["torch.nn.modules.conv.Conv2d",
                        "torch.nn.modules.activation.ReLU"],
            "observation_type": obs, "dtype_configs": [],
            "fuser_method": fuser, "fused_module": "my.Fused"}]}, f)
    with open(os.path.join(out, "deep-pattern-100k.json"), "w") as f:
        f.write('{"name": "deep", "configs": [{"pattern_complex_format": ' +
                "[" * 100000 + '"torch.nn.modules.conv.Conv2d"' +
                "]" * 100000 + ', "observation_type": "%s", '
                '"dtype_configs": []}]}' % obs)


def run(cmd, out, problems, what):
    """Runs `cmd`, which writes `out`; returns its status (or "hang")."""
    if os.path.exists(out):
        os.remove(out)
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        problems.append("%s: HANG (more than %ds)" % (what, TIMEOUT))
        return "hang"
    status = proc.returncode
    err = proc.stderr.decode("utf-8", "replace")
    if status < 0 or status > 1:
        problems.append("%s: CRASH (status %d)\n%s" % (what, status,
                                                        err[-2000:]))
    for bad in BAD_STDERR:
        if bad in err:
            problems.append("%s: bad stderr\n%s" % (what, err[-2000:]))
    if status == 1:
        if os.path.exists(out):
            problems.append("%s: exit 1 left an output file" % what)
        if "error:" not in err:
            problems.append("%s: exit 1 without an error message" % what)
    elif status == 0 and not os.path.exists(out):
        problems.append("%s: exit 0 without an output file" % what)
    return status if status >= 0 else "signal%d" % -status


def main():
    kind = sys.argv[1]
    if kind == "graph":
        tool, patterns, corpus, out_dir = sys.argv[2:6]
    elif kind == "dump":
        tool, bpatc, corpus, out_dir = sys.argv[2:6]
    else:
        sys.exit("run_json_corpus.py: the first argument is graph or dump")
    extra = sys.argv[6:]
    generated = os.path.join(out_dir, "generated")
    os.makedirs(generated, exist_ok=True)
    (generate_graphs if kind == "graph" else generate_dumps)(generated)
    inputs = [(name, os.path.join(corpus, name))
              for name in sorted(os.listdir(corpus))]
    inputs += [("generated/" + name, os.path.join(generated, name))
               for name in sorted(os.listdir(generated))]
    problems = []
    for name, path in inputs:
        if not os.path.isfile(path):
            continue
        out = os.path.join(out_dir, os.path.basename(name) + ".out")
        if kind == "graph":
            statuses = []
            for mode in ("quantize", "fuse"):
                status = run([tool, "--patterns", patterns, "--graph", path,
                              "--mode=" + mode, "--format=json", "-o", out] +
                             extra, out, problems, "%s --mode=%s" % (name, mode))
                statuses.append("%s=%s" % (mode, status))
            print("%s: %s" % (name, " ".join(statuses)))
            continue
        status = run([tool, path, "-o", out] + extra, out, problems, name)
        line = "%s: import=%s" % (name, status)
        if status == 0:
            compiled = out + ".json"
            cstatus = run([bpatc, out, "--emit=json", "-o", compiled] + extra,
                          compiled, problems, name + " (bpatc)")
            line += " compile=%s" % cstatus
            if cstatus != 0:
                problems.append("%s: bpat-import wrote a file bpatc does not "
                                "compile" % name)
        print(line)
    for problem in problems:
        print("PROBLEM: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
