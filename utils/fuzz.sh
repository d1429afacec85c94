#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + AddressSanitizer + UBSan and runs
# each for its share of a bounded time, over corpora seeded from the tree:
#   bpat-fuzz   every .bpat file (imports resolve against library/)
#   graph-fuzz  the graph JSON of test/ and bench/data (table vs naive matcher)
#   dump-fuzz   test/Import's dumps and the JSON of every shipped port
#   image-fuzz  every shipped port compiled with --emit=runtime-bin
# Inputs up to 1 MB. Not part of the test suite (it is long and random); run
# it by hand:
#   utils/fuzz.sh [seconds=120]      (split evenly between the four)
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
ninja -C "$BUILD" -j2 bpatc bpat-fuzz graph-fuzz dump-fuzz image-fuzz
export BPAT_FUZZ_LIBRARY=$PWD/library
EACH=$(( SECONDS_TO_RUN / 4 ))
[ "$EACH" -ge 1 ] || EACH=1

corpus() { mkdir -p "$BUILD/corpus-$1"; echo "$BUILD/corpus-$1"; }
BPAT_CORPUS=$(corpus bpat)
find examples library test -name '*.bpat' -exec cp {} "$BPAT_CORPUS/" \; 2>/dev/null || true
GRAPH_CORPUS=$(corpus graph)
find test -path '*Inputs*' -name '*.json' -size -1024k -exec cp {} "$GRAPH_CORPUS/" \; 2>/dev/null || true
find bench/data -name '*.json' -size -1024k -exec cp {} "$GRAPH_CORPUS/" \; 2>/dev/null || true
DUMP_CORPUS=$(corpus dump)
cp test/Import/Inputs/*.json "$DUMP_CORPUS/"
for f in library/torch*/backends/*.bpat; do
  "$BUILD/bin/bpatc" --library-dir library "$f" --emit=json \
    -o "$DUMP_CORPUS/$(echo "$f" | tr / _).json" 2>/dev/null || true
done

IMAGE_CORPUS=$(corpus image)
for f in library/torch*/backends/*.bpat; do
  "$BUILD/bin/bpatc" --library-dir library "$f" --emit=runtime-bin -w \
    -o "$IMAGE_CORPUS/$(echo "$f" | tr / _).bpatb" 2>/dev/null || true
done

status=0
run() { # target corpus [extra flags]
  local target=$1 dir=$2; shift 2
  echo "== $target, $EACH s"
  "$BUILD/bin/$target" "$dir" -max_total_time="$EACH" -max_len=1048576 \
    -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$BUILD/$target-" "$@" || status=1
}
run bpat-fuzz "$BPAT_CORPUS" -dict=utils/fuzz/bpat.dict
run graph-fuzz "$GRAPH_CORPUS"
run dump-fuzz "$DUMP_CORPUS"
run image-fuzz "$IMAGE_CORPUS"
exit $status
