#!/usr/bin/env bash
# Sets everything up, then compiles the shipped examples with bpatc and
# prints both pattern formats. Usage (as root on Debian): utils/run-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
utils/build.sh
BPATC=${BPAT_BUILD_DIR:-build}/bin/bpatc

echo
echo "== examples/seed.bpat: what PyTorch would only show at convert time =="
echo "   (the brief's example as written; docs/diagnostics.md explains each)"
"$BPATC" examples/seed.bpat --emit=simple -o /dev/null 2>&1
echo
echo "== examples/seed.bpat: forward-order (simple) patterns =="
"$BPATC" examples/seed.bpat --emit=simple -w
echo
echo "== examples/seed.bpat: legacy reversed nested (complex) patterns =="
"$BPATC" examples/seed.bpat --emit=complex -w
echo
echo "== PyTorch 2.6's native backend, ported to bpat: first configs of each form =="
# Whole outputs to files first: bpatc writing into a pipe that `head` has
# already closed exits with status 74 (LLVM's SIGPIPE handling), which
# pipefail would turn into a failed run.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BPATC" library/torch-2.6/backends/native.bpat --emit=simple -o "$tmp/simple.txt"
"$BPATC" library/torch-2.6/backends/native.bpat --emit=complex -o "$tmp/complex.txt"
head -n 12 "$tmp/simple.txt"
head -n 12 "$tmp/complex.txt"
echo "..."
echo "(full outputs: $BPATC library/torch-2.6/backends/native.bpat --emit=simple|complex|json|torch)"
