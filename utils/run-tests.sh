#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite through ctest:
# unit tests (GoogleTest), the lit/FileCheck suite, and the tests that
# compare against the real PyTorch. Usage (as root on Debian):
#   utils/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
utils/build.sh
# The PyTorch 2.6 root (minutes once, seconds when cached). If it cannot be
# made, say so and go on: the tests that need it then fail with the reason.
utils/torch2-root.sh >/dev/null ||
  echo "run-tests.sh: the PyTorch 2.6 root could not be set up; the 2.6 tests will fail" >&2
cd "${BPAT_BUILD_DIR:-build}"
ctest --output-on-failure -j"${BPAT_JOBS:-2}"
