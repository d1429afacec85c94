#!/usr/bin/env python3
"""bpatc scaling benchmark (run through bench/bpatc_scaling.sh).

Generates .bpat files with N pattern configs (bench/gen_patterns.py) and times
`bpatc FILE --emit=json -o OUT` and `--emit=simple` end to end (process start
to exit, output written to a file), best of --reps runs. Reports wall seconds,
CPU seconds (user+sys of the bpatc process, robust when other jobs share the
cores), peak RSS, and the ratios time(next size)/time(size).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(bpatc, src, emit, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([bpatc, src, f"--emit={emit}", "-o", out],
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
    ap.add_argument("sizes", nargs="*", type=int,
                    default=[1000, 10000, 100000])
    a = ap.parse_args()
    if not os.access(a.bpatc, os.X_OK):
        sys.exit(f"no {a.bpatc}; build first")
    print(f"bpatc scaling ({os.cpu_count()} cores, best of {a.reps}; "
          "wall = elapsed, cpu = user+sys of bpatc)")
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_patterns.py"),
                            str(n), "-o", os.path.join(tmp, f"p{n}.bpat")],
                           check=True)
        print(f"{'emit':<7} {'patterns':>8} {'file KB':>8} {'wall s':>8} "
              f"{'cpu s':>8} {'us/pattern':>10}")
        for emit in ("json", "simple"):
            for n in a.sizes:
                src = os.path.join(tmp, f"p{n}.bpat")
                runs = [run_once(a.bpatc, src, emit, os.path.join(tmp, "out"))
                        for _ in range(a.reps)]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                res[emit, n] = (wall, cpu)
                kb = os.path.getsize(src) // 1024
                print(f"{emit:<7} {n:>8} {kb:>8} {wall:>8.3f} {cpu:>8.3f} "
                      f"{cpu / n * 1e6:>10.1f}")
    print("\nratios time(larger)/time(smaller) (linear = size ratio):")
    for emit in ("json", "simple"):
        for x, y in zip(a.sizes, a.sizes[1:]):
            (wx, cx), (wy, cy) = res[emit, x], res[emit, y]
            print(f"  {emit:<7} {x:>7} -> {y:<7} (x{y / x:g})  wall {wy / wx:6.2f}"
                  f"   cpu {cy / cx:6.2f}")
    for (emit, n), (w, c) in res.items():
        print(f"RESULT emit={emit} patterns={n} wall_s={w:.4f} cpu_s={c:.4f}")


if __name__ == "__main__":
    main()
