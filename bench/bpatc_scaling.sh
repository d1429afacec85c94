#!/bin/sh
# bpatc scaling: times `bpatc --emit=json` and `--emit=simple` on generated
# files of 1k, 10k and 100k pattern configs, best of 3, and prints the
# ratios. See bench/bpatc_scaling.py and docs/performance.md.
#
# Usage: bench/bpatc_scaling.sh [--bpatc PATH] [--reps N] [SIZES...]
exec python3 "$(dirname "$0")/bpatc_scaling.py" "$@"
