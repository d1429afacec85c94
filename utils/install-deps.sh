#!/usr/bin/env bash
# Installs every Debian package bpat needs to build, test and benchmark.
# The one list both README commands use; run as root on Debian 12.
set -euo pipefail

PACKAGES=(
  # build, and the naming check (utils/check-tidy.sh)
  cmake ninja-build g++ clang clang-tidy
  # parser generator and its C++ runtime
  antlr4 libantlr4-runtime-dev
  # LLVM Support, lit and FileCheck
  llvm-14-dev llvm-14-tools
  # archives for the fully static tools (BPAT_STATIC_TOOLS in CMakeLists.txt)
  libc6-dev zlib1g-dev libncurses-dev
  # bpatc's allocator (cmake/BPatAllocator.cmake)
  libjemalloc-dev
  # unit tests, benchmarks, fuzzing runtime
  googletest libgtest-dev libbenchmark-dev libclang-rt-14-dev
  # real PyTorch to compare against
  python3 python3-psutil python3-torch python3-torchvision
  # installing python/ (the bpat_torch package) into a virtual environment
  python3-pip python3-setuptools python3-venv python3-wheel
  # the Debian 13 root that holds PyTorch 2.6 (utils/torch2-root.sh)
  debootstrap
  # the editor grammar's and extension's tests (npm packages below)
  nodejs
  # the Vim syntax file's test (test/editors/vim_syntax.py)
  vim
  # bpat-match --format dot drawn in its test, --format html opened in a browser
  graphviz chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# npm comes with some nodejs builds (NodeSource's) and is a package of its
# own in Debian's.
command -v npm >/dev/null 2>&1 || dpkg-query -W -f='${Status}' npm 2>/dev/null |
  grep -q "install ok installed" || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages, each directory pinned by its package-lock.json:
#   editors/vscode  the packages VS Code tokenizes with, for
#                   test/editors/tokenize.js;
#   test/npm        a JSON Schema validator and the SARIF 2.1.0 schema, for
#                   test/Diagnostics/sarif.test.
cd "$(dirname "$0")/.."
for dir in editors/vscode test/npm; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.bpat-lock"; then
    echo "install-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error &&
       cp package-lock.json node_modules/.bpat-lock)
  fi
done
