#!/usr/bin/env bash
# Makes (once) and checks the Debian 13 root that holds PyTorch 2.6, the
# second real PyTorch the test suite compares against (Debian 12 ships only
# 1.13.1). Idempotent: a root whose stamp matches is reused in seconds; a
# missing, half-made or out-of-date one is rebuilt. The root lives outside the
# clone, in $BPAT_TORCH2_ROOT (default /var/cache/bpat/torch2-root).
#
#   utils/torch2-root.sh            make or check the root, print its path
#   utils/torch2-root.sh --path     print the path only, do nothing else
#
# Needs root (debootstrap, chroot) and the `debootstrap` package, which
# utils/install-deps.sh installs. debootstrap uses its default Debian mirror.
# On failure the reason goes to stderr and the status is 1; tests that need
# the root then fail with that reason (utils/torch2-python).
set -euo pipefail

# The version stamp: change any part and every cached root is rebuilt.
SUITE=trixie
PACKAGES=(python3-torch python3-torchvision python3-setuptools python3-pip python3-venv)
STAMP="bpat-torch2-root v1 $SUITE ${PACKAGES[*]}"

ROOT=${BPAT_TORCH2_ROOT:-/var/cache/bpat/torch2-root}

if [ "${1:-}" = "--path" ]; then
  echo "$ROOT"
  exit 0
fi

log() { echo "torch2-root: $*" >&2; }
die() { log "error: $*"; exit 1; }

# The check that a root is usable: the stamp matches and torch imports.
root_ok() {
  [ -f "$1/.bpat-stamp" ] && [ "$(cat "$1/.bpat-stamp")" = "$STAMP" ] &&
    chroot "$1" /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1
}

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot); try: sudo $0"

mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9 # one builder at a time; a second caller waits, then reuses

if root_ok "$ROOT"; then
  echo "$ROOT"
  exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap is not installed (utils/install-deps.sh installs it)"

# Build beside the final place and rename at the end, so an interrupted run
# never leaves a root that looks finished.
TMP="$ROOT.partial"
rm -rf --one-file-system "$TMP"
start=$(date +%s)
log "making a Debian $SUITE root in $TMP (a few minutes, once)"
if ! debootstrap --variant=minbase "$SUITE" "$TMP" >"$ROOT.log" 2>&1; then
  tail -n 20 "$ROOT.log" >&2
  die "debootstrap $SUITE failed (full log: $ROOT.log)"
fi
log "debootstrap took $(( $(date +%s) - start )) s; installing ${PACKAGES[*]}"
cp /etc/resolv.conf "$TMP/etc/resolv.conf" 2>/dev/null || true
if ! chroot "$TMP" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >>"$ROOT.log" 2>&1; then
  tail -n 20 "$ROOT.log" >&2
  die "apt-get install in the $SUITE root failed (full log: $ROOT.log)"
fi
chroot "$TMP" apt-get clean >/dev/null 2>&1 || true
echo "$STAMP" >"$TMP/.bpat-stamp"
root_ok "$TMP" || die "the new root cannot import torch (log: $ROOT.log)"
rm -rf --one-file-system "$ROOT"
mv "$TMP" "$ROOT"
log "ready in $(( $(date +%s) - start )) s: $(chroot "$ROOT" /usr/bin/python3 -c 'import torch; print("torch", torch.__version__)' 2>/dev/null | tail -n 1)"
echo "$ROOT"
