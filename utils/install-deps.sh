#!/usr/bin/env bash
# Installs every Debian package bpat needs to build, test and benchmark.
# The one list both README commands use; run as root on Debian 12.
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build g++ clang
  # parser generator and its C++ runtime
  antlr4 libantlr4-runtime-dev
  # LLVM Support, lit and FileCheck
  llvm-14-dev llvm-14-tools
  # unit tests, benchmarks, fuzzing runtime
  googletest libgtest-dev libbenchmark-dev libclang-rt-14-dev
  # real PyTorch to compare against
  python3 python3-psutil python3-torch python3-torchvision
  # installing python/ (the bpat_torch package) into a virtual environment
  python3-pip python3-setuptools python3-venv python3-wheel
  # the Debian 13 root that holds PyTorch 2.6 (utils/torch2-root.sh)
  debootstrap
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
