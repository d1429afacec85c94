#!/bin/sh
# bpatc scaling: times every emit kind of bpatc on generated
# files of 1k, 10k and 100k pattern configs, best of 3, and prints the
# ratios, failing when one passes 15 per 10x. See bench/bpatc_scaling.py.
#
# Usage: bench/bpatc_scaling.sh [--bpatc PATH] [--reps N] [--emit KINDS]
#          [--sizes 1000,10000,100000,1000000] [--big-reps N]
#          [--baseline OTHER_BPATC] [SIZES...]
exec python3 "$(dirname "$0")/bpatc_scaling.py" "$@"
