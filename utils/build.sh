#!/usr/bin/env bash
# Installs what is missing, then configures and builds bpat in ./build
# (Ninja, two jobs). Usage: utils/build.sh [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."

utils/install-deps.sh

BUILD_DIR=${BPAT_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@"
elif [ $# -gt 0 ]; then
  cmake "$BUILD_DIR" "$@"
fi
ninja -C "$BUILD_DIR" -j"${BPAT_JOBS:-2}"
