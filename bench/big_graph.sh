#!/bin/sh
# A 10,000,000-node graph through bpat-match, as a process, in both modes
# (docs/performance.md §4.4): bench/gen_graph.py writes the graph (about
# 2.5 GB; written as it is made), then bpat-match matches it in quantize
# mode, in fuse mode, and in fuse mode with --write-fused (the graph rebuilt
# by fusion and written back). Each run is timed by /usr/bin/time -v: user +
# sys CPU, wall, and peak RSS, which is also given as a ratio to the file
# size (bpat-match reads the whole file into memory first, so 1x of it is
# the input).
#
# Not part of bench/run.sh's default run nor of the test suite: it needs
# about 10 minutes and several GB of memory.
#
# Usage: bench/big_graph.sh [BUILD_DIR]   (default: build; builds the tools)
# Environment: NODES (default 10000000); GRAPH=FILE to reuse a graph written
#              before (generated there if missing; default: a temporary
#              file, removed at the end); MATCH=PATH of another bpat-match
#              (e.g. a build of the tree before a change); LIMIT_GB (default
#              20: bpat-match's address space is capped there with ulimit -v,
#              so that a run that needs too much fails rather than pushes the
#              machine into swap or the OOM killer); NO_BUILD=1.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  ninja -C "$build" bpatc bpat-match >/dev/null
fi
match=${MATCH:-$build/bin/bpat-match}
nodes=${NODES:-10000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
graph=${GRAPH:-$tmp/graph.json}

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); bpat-match: $match"
if [ ! -s "$graph" ]; then
  /usr/bin/time -f "gen_graph.py: %e s wall, %M KB peak" \
    python3 bench/gen_graph.py --nodes "$nodes" -o "$graph"
fi
bytes=$(stat -c %s "$graph")
count=$(grep -c '"name": ' "$graph" || true)
echo "graph: $graph, $bytes bytes, $count nodes"

# The backend as runtime JSON: loading it is not what is measured.
"$build/bin/bpatc" library/torch/backends/native.bpat --library-dir library \
  --emit=runtime-json -o "$tmp/native.json"

run() {
  label=$1
  shift
  if ! (ulimit -v $((${LIMIT_GB:-20} * 1024 * 1024)) && exec /usr/bin/time -v -o "$tmp/time.txt" "$match" --patterns "$tmp/native.json" \
      --graph "$graph" -o "$tmp/out.txt" "$@") 2>"$tmp/err.txt"; then
    echo "  $label: bpat-match failed:"
    tail -n 5 "$tmp/err.txt" "$tmp/time.txt" 2>/dev/null | sed 's/^/    /'
    echo "RESULT way=$label nodes=$count bytes=$bytes failed=1"
    return 0
  fi
  awk -v label="$label" -v bytes="$bytes" -v nodes="$count" \
      -v lines="$(wc -l <"$tmp/out.txt")" '
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Elapsed \(wall clock\)/ {
      n = split($NF, p, ":"); wall = 0
      for (i = 1; i <= n; ++i) wall = wall * 60 + p[i]
    }
    /Maximum resident set size/ { rss = $NF }
    END {
      cpu = user + sys
      printf "  %-18s cpu %7.1f s (user %.1f, sys %.1f), wall %7.1f s, %6.1f MB/s of input per cpu s, %6.3f us/node; peak RSS %7.1f MB = %.2fx the file; %d output lines\n",
        label, cpu, user, sys, wall, bytes / 1e6 / cpu, cpu * 1e6 / nodes, rss / 1024, rss * 1024 / bytes, lines
      printf "RESULT way=%s nodes=%d bytes=%.0f cpu_s=%.1f wall_s=%.1f mb_per_s=%.1f peak_rss_mb=%.1f peak_ratio=%.2f\n",
        label, nodes, bytes, cpu, wall, bytes / 1e6 / cpu, rss / 1024, rss * 1024 / bytes
    }' "$tmp/time.txt"
  # To compare the output of two builds byte for byte.
  echo "  output md5: $(md5sum <"$tmp/out.txt" | cut -d' ' -f1)"
}

run quantize --mode quantize
run fuse --mode fuse
run fuse-write-fused --mode fuse --write-fused "$tmp/fused.json"
if [ -s "$tmp/fused.json" ]; then
  echo "  fused graph: $(stat -c %s "$tmp/fused.json") bytes, md5 $(md5sum <"$tmp/fused.json" | cut -d' ' -f1)"
fi
