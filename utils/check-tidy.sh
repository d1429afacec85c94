#!/usr/bin/env bash
# Checks the project's naming style (.clang-tidy: readability-identifier-naming)
# over every C++ file the build compiles: lib/, tools/, bench/, unittests/ and
# the headers they include from include/. Needs a configured and built tree
# (the compile database, and the generated headers some tests include).
#   utils/check-tidy.sh [build-dir=build]
# Prints each violation as clang-tidy does and exits 1 if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SRC=$PWD
if [ ! -f "$BUILD/compile_commands.json" ]; then
  echo "check-tidy.sh: no $BUILD/compile_commands.json (configure and build first)" >&2
  exit 1
fi
RUN=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
if [ -z "$RUN" ]; then
  echo "check-tidy.sh: run-clang-tidy not found (utils/install-deps.sh installs clang-tidy)" >&2
  exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$RUN" -p "$BUILD" -j "${BPAT_JOBS:-2}" -quiet \
  -header-filter="^$SRC/(include|lib|bench|tools|unittests)/" \
  "^$SRC/(lib|tools|bench|unittests)/" >"$out" 2>&1 || status=$?
# Drop the runner's command echo and colours; keep the diagnostics.
sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -v '^clang-tidy-14 \|^clang-tidy \|warnings\? generated\.$\|^Suppressed \|^Use -header-filter\|^[0-9]* warnings\? treated as errors' || true
files=$(python3 -c "import json,sys; print(sum(1 for c in json.load(open(sys.argv[1])) if c['file'].startswith(sys.argv[2] + '/') and '/$BUILD/' not in c['file']))" "$BUILD/compile_commands.json" "$SRC")
if [ "$status" -ne 0 ]; then
  echo "check-tidy.sh: naming violations (or clang-tidy errors) above; $files files checked" >&2
  exit 1
fi
echo "check-tidy.sh: $files files checked, no naming violations"
