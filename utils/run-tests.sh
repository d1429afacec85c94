#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite through ctest:
# unit tests (GoogleTest), the lit/FileCheck suite, and the tests that
# compare against the real PyTorch. Usage (as root on Debian):
#   utils/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
utils/build.sh
cd "${BPAT_BUILD_DIR:-build}"
ctest --output-on-failure -j"${BPAT_JOBS:-2}"
