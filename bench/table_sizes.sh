#!/bin/sh
# Matcher table sizes: bytes per pattern for every example backend
# (library/torch/backends/*.bpat and examples/*.bpat), both match modes.
# Files that declare no backend (imported helpers) are listed as such.
#
# Usage: bench/table_sizes.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
tool=$build/bin/bpat-table-stats
[ -x "$tool" ] || { echo "no $tool; build first (ninja -C build bpat-table-stats)" >&2; exit 1; }
cd "$root"
exec "$tool" -I library --library-dir library \
  library/torch/backends/*.bpat examples/*.bpat
