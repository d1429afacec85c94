#!/bin/bash
# Runs every bpat benchmark (docs/performance.md):
#   1. matcher throughput, table vs naive, >= 1,000,000 nodes (bpat-matcher-bench)
#   2. bpatc scaling on generated files of 1k, 10k, 100k patterns
#   3. matcher table sizes (bytes per pattern) of every example backend
#   4. graph JSON reading: JSONReader and GraphIO vs llvm::json, MB/s and peak
#      memory, on a generated graph of GRAPH_NODES nodes (~49 MB at 200,000)
#   5. end to end: bpat-match as a process (from .bpat and from runtime JSON)
#      against PyTorch's matchers in process, four torchvision models
#   6. fusion: reading, matching, fusing and writing densenet121's graph in
#      C++ (bpat-fuse-bench, bpat-match --write-fused) against PyTorch's
#      fuse_fx (bench/fuse_vs_torch.py)
#   7. bpat-lsp: time from a change to its diagnostics, p50 and p99, on the
#      largest shipped port and a generated 5,000-line file
# then a summary of issue 10's goals (bench/summary.py): each figure next to
# its target and the peer measured in the same run.
#
# Usage: bench/run.sh [BUILD_DIR]     (default: build; builds the tools first)
# Environment: REPS (matcher runs, default 7), NODES (default 1000000),
#              SCALING_REPS (default 3), GRAPH_NODES (default 200000),
#              GRAPH_REPS (default 5), E2E_REPS (default 7), NO_BUILD=1 to
#              skip the build; BASELINE_BPATC=path/to/an/older/bpatc to time
#              it against this one (goal 5's speedup).
# Not part of the test suite. Takes about 3-4 minutes on 2 cores.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  ninja -C "$build" bpatc bpat-match bpat-lsp bpat-matcher-bench bpat-table-stats bpat-graph-read-bench bpat-fuse-bench >/dev/null
fi

# Everything below is also kept in a log, from which bench/summary.py prints
# issue 10's goals at the end: each figure, its target, its peer.
log=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$log"' EXIT
set -o pipefail
{
echo "== machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "== 1. matcher throughput (native backend, torchvision graphs tiled)"
"$build/bin/bpat-matcher-bench" --reps "${REPS:-7}" --nodes "${NODES:-1000000}" \
  --backend-file library/torch/backends/native.bpat --library-dir library
echo
echo "== 2. bpatc scaling"
# A growth ratio over its bound fails the run, after the other benchmarks
# and the summary have been printed.
python3 bench/bpatc_scaling.py --bpatc "$build/bin/bpatc" --reps "${SCALING_REPS:-3}" \
  ${BASELINE_BPATC:+--baseline "$BASELINE_BPATC"} || touch "$tmp/scaling-failed"
echo
echo "== 3. matcher table sizes"
bench/table_sizes.sh "$build"
python3 bench/gen_patterns.py 10000 -o "$tmp/generated-10k.bpat"
"$build/bin/bpat-table-stats" "$tmp/generated-10k.bpat" | tail -n +2
echo
echo "== 4. graph JSON reading"
python3 bench/gen_graph.py --nodes "${GRAPH_NODES:-200000}" -o "$tmp/graph.json"
"$build/bin/bpat-graph-read-bench" "$tmp/graph.json" --reps "${GRAPH_REPS:-5}"
echo
echo "== 5. end-to-end matching against PyTorch"
/usr/bin/python3 bench/e2e_match.py --build "$build" --reps "${E2E_REPS:-7}"
echo
echo "== 6. fusion against PyTorch's fuse_fx"
/usr/bin/python3 bench/fuse_vs_torch.py --build "$build" --reps "${E2E_REPS:-7}"
echo
echo "== 7. language server latency per change"
python3 bench/lsp_latency.py "$build" --changes "${LSP_CHANGES:-300}"
} | tee "$log"
echo
echo "== summary: issue 10's goals, this run"
python3 bench/summary.py "$log"
if [ -e "$tmp/scaling-failed" ]; then
  echo "bench/run.sh: bpatc's growth per 10x patterns passed its bound (section 2)" >&2
  exit 1
fi
