#!/usr/bin/env python3
"""bpatc scaling benchmark (run through bench/bpatc_scaling.sh).

Generates .bpat files with N pattern configs (bench/gen_patterns.py) and times
`bpatc FILE --emit=KIND -o OUT` for every emit kind that compiles a backend
(or those given with --emit) end to end (process start to exit, output written
to a file), best of --reps runs. Reports wall seconds, CPU seconds (user+sys
of the bpatc process, robust when other jobs share the cores), and the ratios
time(next size)/time(size), each against issue 10's bound: growth per 10x in
patterns at most 15 (linear is 10), 100k patterns under 2 s of CPU and 1M
patterns under 20 s. Every figure with a target is printed next to it.
Exits 1 when a growth ratio passes its bound (the benchmark run fails; the
test suite does not run this).

With --baseline OTHER_BPATC (for example a build of the previous commit), every
run of bpatc alternates with a run of OTHER_BPATC on the same file, and the
report adds OTHER's best CPU time and the speedup OTHER / bpatc, measured
under the same load; their outputs must be identical.

Sizes: 1k, 10k and 100k by default; `--sizes 1000,10000,100000,1000000` adds
1M (a 38 MB file; each run takes seconds, so sizes of 1M and more are run
--big-reps times, default 1).
"""

EMITS = ["simple", "complex", "json", "runtime-json", "runtime-bin", "torch",
         "cpp-register", "cpp-matcher", "bpat"]
# Kinds a --baseline bpatc may predate (fe23957, before issue 10, has no
# runtime-bin): if the baseline rejects one, that kind is timed without it.

MAX_GROWTH_PER_10X = 15.0
# Patterns -> CPU seconds every emit kind must stay under (issue 10).
CPU_TARGETS = {100000: 2.0, 1000000: 20.0}
BIG = 1000000

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def baseline_has(baseline, emit):
    """Whether the baseline bpatc knows --emit=EMIT."""
    p = subprocess.run([baseline, "--help-list"], capture_output=True,
                       text=True)
    return f"={emit} " in p.stdout or f"={emit}\n" in p.stdout


def run_pair(bpatc, baseline, src, emit, tmp):
    """One run of bpatc and, if given, one of the baseline; their outputs
    must be byte-identical."""
    out = os.path.join(tmp, "out")
    mine = run_once(bpatc, src, emit, out)
    if not baseline:
        return mine, None
    with open(out, "rb") as f:
        expected = f.read()
    theirs = run_once(baseline, src, emit, out)
    with open(out, "rb") as f:
        if f.read() != expected:
            sys.exit(f"{baseline} and {bpatc} write different outputs "
                     f"for --emit={emit} on {src}")
    return mine, theirs


def run_once(bpatc, src, emit, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # -w: the generated backends are random, not realistic PyTorch configs,
    # so the checks of PyTorch's rules (lib/Check) warn on most patterns;
    # they still run, but printing ~100k warnings is not what is measured.
    p = subprocess.run([bpatc, src, f"--emit={emit}", "-o", out, "-w"],
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0 or p.stderr.strip():
        sys.exit(f"bpatc failed or printed diagnostics on {src}:\n"
                 + p.stderr[:2000])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bpatc", default=os.path.join(HERE, "..", "build", "bin",
                                                    "bpatc"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--emit", default=",".join(EMITS),
                    help="comma-separated emit kinds (default: all)")
    ap.add_argument("--baseline", help="another bpatc to compare with, run "
                    "alternately under the same load")
    ap.add_argument("--sizes", help="comma-separated pattern counts (default "
                    "1000,10000,100000; add 1000000 for the 1M target)")
    ap.add_argument("--big-reps", type=int, default=1,
                    help=f"runs of sizes >= {BIG} (default 1)")
    ap.add_argument("positional_sizes", nargs="*", type=int, metavar="SIZE",
                    help="sizes, as --sizes")
    a = ap.parse_args()
    emits = a.emit.split(",")
    if a.sizes:
        a.sizes = [int(x) for x in a.sizes.split(",")]
    else:
        a.sizes = a.positional_sizes or [1000, 10000, 100000]
    if not os.access(a.bpatc, os.X_OK):
        sys.exit(f"no {a.bpatc}; build first")
    print(f"bpatc scaling ({os.cpu_count()} cores, best of {a.reps}; "
          "wall = elapsed, cpu = user+sys of bpatc)")
    res = {}
    base_res = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_patterns.py"),
                            str(n), "-o", os.path.join(tmp, f"p{n}.bpat")],
                           check=True)
        base_head = f" {'base cpu':>8} {'speedup':>7}" if a.baseline else ""
        print(f"{'emit':<12} {'patterns':>8} {'file KB':>8} {'wall s':>8} "
              f"{'cpu s':>8} {'us/pattern':>10}{base_head}  cpu target")
        for emit in emits:
            baseline = a.baseline
            if baseline and not baseline_has(baseline, emit):
                print(f"({emit}: the baseline has no such emit kind; timed "
                      "without it)")
                baseline = None
            for n in a.sizes:
                src = os.path.join(tmp, f"p{n}.bpat")
                reps = a.big_reps if n >= BIG else a.reps
                pairs = [run_pair(a.bpatc, baseline, src, emit, tmp)
                         for _ in range(reps)]
                runs = [p[0] for p in pairs]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                res[emit, n] = (wall, cpu)
                base = ""
                if baseline:
                    bcpu = min(p[1][1] for p in pairs)
                    base_res[emit, n] = bcpu
                    base = f" {bcpu:>8.3f} {bcpu / cpu:>6.2f}x"
                kb = os.path.getsize(src) // 1024
                target = ""
                if n in CPU_TARGETS:
                    t = CPU_TARGETS[n]
                    target = f"  < {t:g} s {'met' if cpu < t else 'NOT met'}"
                print(f"{emit:<12} {n:>8} {kb:>8} {wall:>8.3f} {cpu:>8.3f} "
                      f"{cpu / n * 1e6:>10.1f}{base}{target}", flush=True)
    print("\nratios time(larger)/time(smaller) (linear = size ratio; bound "
          f"{MAX_GROWTH_PER_10X:g} per 10x):")
    failed = []
    for emit in emits:
        for x, y in zip(a.sizes, a.sizes[1:]):
            (wx, cx), (wy, cy) = res[emit, x], res[emit, y]
            # The bound scales with the size step: 15 per 10x.
            bound = MAX_GROWTH_PER_10X * (y / x) / 10
            over = cy / cx > bound
            if over:
                failed.append(f"{emit} {x} -> {y}: cpu x{cy / cx:.2f} > {bound:g}")
            print(f"  {emit:<12} {x:>7} -> {y:<7} (x{y / x:g})  wall {wy / wx:6.2f}"
                  f"   cpu {cy / cx:6.2f} (bound {bound:g}){'  OVER' if over else ''}")
    for n, t in CPU_TARGETS.items():
        if n not in a.sizes:
            continue
        print(f"\n{n // 1000}k patterns, CPU s (goal < {t:g}):")
        for emit in emits:
            c = res[emit, n][1]
            print(f"  {emit:<12} {c:6.2f}  {'met' if c < t else 'NOT met'}")
    for (emit, n), (w, c) in res.items():
        extra = ""
        if (emit, n) in base_res:
            b = base_res[emit, n]
            extra = f" baseline_cpu_s={b:.4f} speedup={b / c:.3f}"
        print(f"RESULT emit={emit} patterns={n} wall_s={w:.4f} cpu_s={c:.4f}"
              + extra)
    if failed:
        print("\ngrowth beyond the bound:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
