#!/usr/bin/env python3
"""Issue 10's goals, each figure next to its target and its peer's figure.

Reads the output of bench/run.sh (every section prints `RESULT key=value ...`
lines) and prints one row per goal: the figure of this run, the target, the
peer measured in the same run where there is one, and whether the target is
met. A figure that the run did not measure is printed as such, never guessed.
Two figures come from their own scripts, which run.sh does not run by default
(too big for a routine run): the 10M-node graph (bench/big_graph.sh) and 1M
patterns (bench/bpatc_scaling.py --sizes ...,1000000); their rows say so when
absent.

  bench/summary.py RUN_LOG [BIG_GRAPH_LOG ...]
"""
import math
import sys


def parse(lines):
    """RESULT lines as (tag, {key: value}); tag is the first bare word, if any."""
    out = []
    for line in lines:
        if not line.startswith("RESULT "):
            continue
        fields, tag = {}, ""
        for word in line.split()[1:]:
            if "=" in word:
                k, v = word.split("=", 1)
                fields[k] = v
            elif not tag:
                tag = word
        out.append((tag, fields))
    return out


def num(d, key):
    try:
        return float(d[key])
    except (KeyError, ValueError):
        return None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    results = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            results += parse(f)

    def find(tag, **match):
        for t, d in results:
            if t == tag and all(d.get(k) == v for k, v in match.items()):
                return d
        return None

    def every(tag, **match):
        return [d for t, d in results
                if t == tag and all(d.get(k) == v for k, v in match.items())]

    rows = []

    def row(goal, what, figure, target, met, peer=""):
        # Figures and peers are written `d and "..." % ...`: a missing
        # result leaves None (or False) behind.
        if not figure:
            figure = None
        shown = "not measured" if figure is None else figure
        verdict = "-" if figure is None else ("yes" if met else "NO")
        rows.append((goal, what, shown, target, peer or "", verdict))

    # Goal 1: bpat-match as a process against PyTorch's matcher in process.
    for way, label in (("bin", "from compiled .bpatb"),
                       ("json", "from runtime JSON"), ("bpat", "from .bpat")):
        s = find("e2e_summary", way=way)
        floor = find("e2e_floor")
        peer = ("PyTorch find_matches in process; /bin/true %.2f ms"
                % num(floor, "true_ms")) if floor else ""
        row("1", "bpat-match %s, geometric mean" % label,
            s and "%.2fx" % num(s, "geomean"), ">= 10x",
            s and num(s, "geomean") >= 10, peer)
        row("1", "bpat-match %s, smallest" % label,
            s and "%.2fx" % num(s, "smallest"), ">= 3x",
            s and num(s, "smallest") >= 3)

    # Goal 2: graph reading, rt::Graph size and build time, 10M nodes.
    g = find("", way="graphio")
    peer = find("", way="llvm-json")
    mb = g and num(g, "median_mb_per_s") or (g and num(g, "mb_per_s"))
    row("2", "graph JSON into rt::Graph, MB/s (median of runs)",
        mb and "%.0f MB/s" % mb, ">= 100 MB/s", mb and mb >= 100,
        peer and "llvm::json DOM %.0f MB/s" % num(peer, "mb_per_s"))
    ratio = g and num(g, "peak_ratio")
    row("2", "peak memory above the input, x file size",
        ratio is not None and g and "%.2fx" % ratio, "<= 3x",
        ratio is not None and ratio <= 3,
        peer and num(peer, "peak_ratio") is not None
        and "llvm::json %.1fx" % num(peer, "peak_ratio"))
    size = find("", way="graph-size")
    bpn = size and num(size, "bytes_per_node")
    row("2", "rt::Graph bytes per node", bpn and "%.0f B" % bpn, "<= 100 B",
        bpn and bpn <= 100)
    build = find("", way="build")
    upn = build and num(build, "us_per_node")
    row("2", "rt::Graph build time per node", upn and "%.3f us" % upn,
        "<= 0.3 us", upn and upn <= 0.3)
    # bench/big_graph.sh's lines: way=<mode label>, with peak_ratio or failed.
    big = [d for t, d in results if t == "" and d.get("way") in
           ("quantize", "fuse") and ("peak_ratio" in d or "failed" in d)]
    if big:
        ok = all("failed" not in d for d in big)
        desc = ", ".join("%s %s s CPU, %sx the file" % (
            d["way"], d.get("cpu_s", "-"), d.get("peak_ratio", "-"))
            for d in big)
        row("2", "%s-node graph matched, both modes" % big[0].get("nodes"),
            desc, "both modes", ok and len(big) >= 2)
    else:
        row("2", "10M-node graph matched, both modes (bench/big_graph.sh)",
            None, "both modes", False)

    # Goal 3: the table matcher.
    for mode in ("quantize", "fuse"):
        d = find("goal", mode=mode)
        naive = find("", graph="rt::Graph", mode=mode)
        row("3", "table matcher ns/node, %s" % mode,
            d and "%.2f ns" % num(d, "ns_per_node"), "<= 5 ns",
            d and num(d, "ns_per_node") <= 5)
        row("3", "table vs naive, %s" % mode,
            d and "%.1fx" % num(d, "speedup"), ">= 20x",
            d and num(d, "speedup") >= 20, "naive matcher, same run")
        flat = every("flat", mode=mode)
        if flat:
            worst = max(num(x, "growth") for x in flat)
            span = "%s -> %s configs" % (flat[0]["configs"], flat[-1]["configs"])
            row("3", "ns/node growth over %s, %s" % (span, mode),
                "x%.2f" % worst, "flat (<= x1.25)", worst <= 1.25)
        else:
            row("3", "ns/node flat in patterns, %s" % mode, None, "flat", False)

    # Goals 4 and 5: bpatc.
    by = {}
    for t, d in results:
        if "emit" in d and "patterns" in d and "cpu_s" in d:
            by[d["emit"], int(d["patterns"])] = num(d, "cpu_s")
    emits = sorted({e for e, _ in by})
    if emits:
        growth = []
        for e in emits:
            sizes = sorted(n for x, n in by if x == e)
            for a, b in zip(sizes, sizes[1:]):
                if by[e, a] and b == 10 * a and a >= 10000:
                    growth.append((by[e, b] / by[e, a], e, a, b))
        if growth:
            worst = max(growth)
            row("4", "worst CPU growth per 10x patterns (>= 10k)",
                "x%.1f (%s %d -> %d)" % worst, "<= 15", worst[0] <= 15)
        for n, bound in ((100000, 2.0), (1000000, 20.0)):
            cpus = [(by[e, n], e) for e in emits if (e, n) in by]
            if cpus:
                c, e = max(cpus)
                row("4", "slowest emit kind at %d patterns" % n,
                    "%.2f s CPU (%s)" % (c, e), "< %g s" % bound, c < bound)
            else:
                row("4", "every emit kind at %d patterns" % n, None,
                    "< %g s" % bound, False)
    else:
        row("4", "bpatc scaling", None, "<= 15 per 10x", False)
    # Goal 5: bpatc_scaling.py --baseline OTHER (BASELINE_BPATC in run.sh)
    # times a previous bpatc alternately on the same files.
    speeds = [(num(d, "speedup"), d["emit"], int(d["patterns"]))
              for t, d in results if "speedup" in d and "emit" in d]
    if speeds:
        top = max(n for _, _, n in speeds)
        at = [x for x in speeds if x[2] == top]
        low, high = min(at), max(at)
        row("5", "bpatc speedup at %d patterns, every emit kind" % top,
            "%.2fx (%s) - %.2fx (%s)" % (low[0], low[1], high[0], high[1]),
            ">= 2x", low[0] >= 2, "the baseline bpatc, alternating runs")
    else:
        row("5", "bpatc speedup (run.sh with BASELINE_BPATC=...)", None,
            ">= 2x", False)

    widths = [max(len(str(r[i])) for r in rows + [("goal", "what", "figure",
                                                      "target", "peer",
                                                      "met")])
              for i in range(6)]
    header = ("goal", "what", "figure", "target", "peer (same run)", "met")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    met = sum(1 for r in rows if r[5] == "yes")
    print("%d of %d figures meet their target" % (met, len(rows)))


if __name__ == "__main__":
    main()
