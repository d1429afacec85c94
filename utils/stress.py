#!/usr/bin/python3
"""Stress cases for the three tools: the big and deep inputs of issue 9,
each run once with a time limit, reporting wall time, CPU time, peak memory
(maximum resident set size) and how the tool ended. Not part of the test
suite (minutes, gigabytes); run it by hand:

  utils/stress.py [--build build] [--only NAME,...] [--timeout 300]

Cases (generated into a temporary directory, removed afterwards):
  patterns-1e6     a valid file with 10^6 patterns, --emit=simple
  patterns-1e6-json  the same, --emit=json
  bpat-50mb        a 50 MB .bpat file (ops and patterns)
  groups-50k       50,000 groups, each using the previous one
  opset-chain-30   one op set named 30 times in one chain
  opset-doubling   opset s1 = s0 | s0; ... 30 levels
  graph-1e6        a valid 10^6-node graph, bpat-match --mode fuse
  graph-fanout     one node with 200,000 users
  json-deep        a graph nested 100,000 arrays deep
  dump-10k         a BackendConfig dump with 10,000 configs, bpat-import
A tool is expected to finish (with output, or with a diagnostic at a limit)
within the timeout; "TIMEOUT" or a signal is a failure and makes the status 1.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

OPS = ['op m%d = module "stress.M%d";' % (i, i) for i in range(64)]


def gen_patterns(path, n):
    with open(path, "w") as f:
        f.write("\n".join(OPS) + "\n")
        f.write('dtype quint8 = "torch.quint8";\n')
        f.write("dtype_config d { input = quint8; output = quint8; }\n")
        f.write("backend stress {\n  defaults { dtypes = [d]; }\n")
        # distinct trees: chains of 1..4 ops over 64 ops
        written = 0
        length = 1
        while written < n:
            for i in range(64 ** length):
                if written >= n:
                    break
                ops, x = [], i
                for _ in range(length):
                    ops.append("m%d" % (x % 64))
                    x //= 64
                f.write("  pattern %s;\n" % " -> ".join(ops))
                written += 1
            length += 1
        f.write("}\n")


def gen_big_file(path, megabytes):
    with open(path, "w") as f:
        f.write("\n".join(OPS) + "\n")
        f.write("backend big {\n")
        line = "  pattern m1 -> m2;  // %s\n" % ("x" * 60)
        count = megabytes * (1 << 20) // len(line)
        f.write("  pattern m0;\n")
        for _ in range(count):
            f.write("  // %s\n" % ("filler " * 10))
        f.write("}\n")


def gen_groups(path, n):
    with open(path, "w") as f:
        f.write(OPS[0] + "\n")
        f.write("group g0 { pattern m0; }\n")
        for i in range(1, n):
            f.write("group g%d { use g%d; }\n" % (i, i - 1))
        f.write("backend b { use g%d; }\n" % (n - 1))


def gen_opset_chain(path, n):
    with open(path, "w") as f:
        f.write("\n".join(OPS[:4]) + "\n")
        f.write("opset s = m0 | m1 | m2 | m3;\n")
        f.write("backend b { pattern %s; }\n" % " -> ".join(["s"] * n))


def gen_opset_doubling(path, n):
    with open(path, "w") as f:
        f.write("\n".join(OPS[:2]) + "\n")
        f.write("opset s0 = m0 | m1;\n")
        for i in range(1, n):
            f.write("opset s%d = s%d | s%d;\n" % (i, i - 1, i - 1))
        f.write("backend b { pattern s%d; }\n" % (n - 1))


def gen_graph(path, n, fanout=False):
    with open(path, "w") as f:
        f.write('{"nodes": [\n')
        f.write(' {"name": "x", "op": "placeholder", "target": "x", "args": [], "kwargs": {}, "users": [%s]},\n'
                % (", ".join('"n%d"' % i for i in range(n)) if fanout else '"n0"'))
        for i in range(n):
            arg = "x" if fanout or i == 0 else "n%d" % (i - 1)
            users = '"out"' if fanout or i == n - 1 else '"n%d"' % (i + 1)
            target = "stress.M%d" % (i % 64)
            f.write(' {"name": "n%d", "op": "call_module", "target": "%s", "args": [{"node": "%s"}], '
                    '"kwargs": {}, "users": [%s]},\n' % (i, target, arg, users))
        outs = ", ".join('{"node": "n%d"}' % i for i in range(n)) if fanout else '{"node": "n%d"}' % (n - 1)
        f.write(' {"name": "out", "op": "output", "target": "output", "args": [[%s]], "kwargs": {}, "users": []}\n'
                % outs)
        f.write("]}\n")


def gen_deep_json(path, depth):
    with open(path, "w") as f:
        f.write('{"nodes": [' + "[" * depth + "]" * depth + "]}\n")


def gen_dump(path, n):
    configs = []
    for i in range(n):
        configs.append({"pattern": "stress.M%d" % i,
                        "observation_type": "ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT",
                        "dtype_configs": [{"input_dtype": {"dtype": "torch.quint8"},
                                           "output_dtype": {"dtype": "torch.quint8"}}]})
    with open(path, "w") as f:
        json.dump({"name": "stress", "configs": configs}, f, indent=1)


def run(cmd, timeout):
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    status, usage = None, None
    while True:
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status, usage = st, ru
            break
        if time.time() > deadline:
            proc.kill()
            _, st, ru = os.wait4(proc.pid, 0)
            status, usage = None, ru
            break
        time.sleep(0.02)
    wall = time.time() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    if status is None:
        ended = "TIMEOUT"
    elif os.WIFSIGNALED(status):
        ended = "signal %s" % signal.Signals(os.WTERMSIG(status)).name
    else:
        ended = "exit %d" % os.WEXITSTATUS(status)
    first = err.strip().splitlines()[0][:100] if err.strip() else ""
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, ended, first


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--only", default="")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    bpatc = os.path.join(args.build, "bin", "bpatc")
    match = os.path.join(args.build, "bin", "bpat-match")
    imp = os.path.join(args.build, "bin", "bpat-import")
    work = tempfile.mkdtemp(prefix="bpat-stress-")
    p = lambda name: os.path.join(work, name)  # noqa: E731
    cases = [
        ("patterns-1e6", lambda: gen_patterns(p("p.bpat"), 10 ** 6), [bpatc, p("p.bpat"), "--emit=simple", "-w"]),
        ("patterns-1e6-json", lambda: None, [bpatc, p("p.bpat"), "--emit=json", "-w"]),
        ("bpat-50mb", lambda: gen_big_file(p("big.bpat"), 50), [bpatc, p("big.bpat")]),
        ("groups-50k", lambda: gen_groups(p("groups.bpat"), 50000), [bpatc, p("groups.bpat")]),
        ("opset-chain-30", lambda: gen_opset_chain(p("chain.bpat"), 30), [bpatc, p("chain.bpat")]),
        ("opset-doubling", lambda: gen_opset_doubling(p("dbl.bpat"), 30), [bpatc, p("dbl.bpat")]),
        ("graph-1e6", lambda: gen_graph(p("g.json"), 10 ** 6),
         [match, "--patterns", p("small.bpat"), "--graph", p("g.json"), "--mode", "fuse"]),
        ("graph-fanout", lambda: gen_graph(p("fan.json"), 200000, fanout=True),
         [match, "--patterns", p("small.bpat"), "--graph", p("fan.json"), "--mode", "quantize"]),
        ("json-deep", lambda: gen_deep_json(p("deep.json"), 100000),
         [match, "--patterns", p("small.bpat"), "--graph", p("deep.json"), "--mode", "fuse"]),
        ("dump-10k", lambda: gen_dump(p("dump.json"), 10000), [imp, p("dump.json"), "-o", p("dump.bpat")]),
    ]
    only = set(filter(None, args.only.split(",")))
    failed = 0
    print("%-18s %9s %9s %10s  %-10s %s" % ("case", "wall s", "cpu s", "peak MB", "ended", "first stderr line"))
    try:
        for name, make, cmd in cases:
            if only and name not in only:
                continue
            if not os.path.exists(p("p.bpat")) and p("p.bpat") in cmd and name != "patterns-1e6":
                gen_patterns(p("p.bpat"), 10 ** 6)
            if not os.path.exists(p("small.bpat")):
                gen_patterns(p("small.bpat"), 200)  # a small backend for the graph cases
            make()
            wall, cpu, peak, ended, first = run(cmd, args.timeout)
            bad = ended == "TIMEOUT" or ended.startswith("signal")
            failed += bad
            print("%-18s %9.2f %9.2f %10.1f  %-10s %s" % (name, wall, cpu, peak, ended, first), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
