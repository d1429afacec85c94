#!/usr/bin/env bash
# Builds the libFuzzer target with clang + AddressSanitizer + UBSan and runs it
# for a bounded time over a corpus seeded with every .bpat file in the tree.
# Not part of the test suite (it is long and random); run it by hand:
#   utils/fuzz.sh [seconds=120]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-120}
utils/install-deps.sh

BUILD=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# Coverage instrumentation for every library, not just the target file.
COV="-fsanitize=fuzzer-no-link"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_C_FLAGS="$SAN $COV" -DCMAKE_CXX_FLAGS="$SAN $COV" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" \
    -DBPAT_BUILD_FUZZER=ON -DBPAT_BUILD_TESTS=OFF -DBPAT_BUILD_BENCH=OFF
fi
ninja -C "$BUILD" -j2 bpat-fuzz

CORPUS=$BUILD/fuzz-corpus
mkdir -p "$CORPUS"
find examples library test -name '*.bpat' -exec cp {} "$CORPUS/" \; 2>/dev/null || true
export BPAT_FUZZ_LIBRARY=$PWD/library
"$BUILD/bin/bpat-fuzz" "$CORPUS" -max_total_time="$SECONDS_TO_RUN" \
  -max_len=8192 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
  -dict=utils/fuzz/bpat.dict -artifact_prefix="$BUILD/"
