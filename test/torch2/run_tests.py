#!/usr/bin/python3
"""Tests of bpat against the real PyTorch 2.6 (Debian 13's python3-torch, in
the root that utils/torch2-root.sh makes; no stand-ins, nothing skipped).

  /usr/bin/python3 test/torch2/run_tests.py path/to/bpatc [-v] [test names...]

Runs here: bpatc generates every file of manifest.py into a fresh work
directory under /tmp. Then, inside the 2.6 root (utils/torch2-python), the
test_*.py files of this directory run on those files:

  test_ports.py     every 2.6 port: the generated module builds the config
                    PyTorch 2.6 builds, and equals bpatc --emit=json
  test_seed.py      the brief's example, simple and legacy formats, fusing
                    real modules (ConvBnReLU2d, LinearReLU) in fuse_fx
  test_api.py       every fuser calling convention and setter of the
                    --torch-api=2 module, with recording fusers
  test_models.py    fuse_fx / prepare_fx / prepare_qat_fx / convert_fx on
                    torchvision models: generated configs == PyTorch's own
  test_version.py   a --torch-api=1.13 module refuses PyTorch 2.6 at import

If the 2.6 root is missing, the run fails and says how to make it.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import manifest  # noqa: E402


def main():
    argv = sys.argv[1:]
    if not argv or not os.access(argv[0], os.X_OK):
        print("run_tests.py: error: give the bpatc path as the first argument", file=sys.stderr)
        return 2
    bpatc, rest = os.path.abspath(argv[0]), argv[1:]
    work = tempfile.mkdtemp(prefix="bpat-torch2-", dir="/tmp")
    try:
        for out, source, args in manifest.outputs():
            cmd = [bpatc, "-I", os.path.join(ROOT, "library"), os.path.join(ROOT, source)] + args + \
                  ["-o", os.path.join(work, out)]
            result = subprocess.run(cmd, capture_output=True, text=True)
            if result.returncode != 0:
                print("run_tests.py: error: %s failed:\n%s" % (" ".join(cmd), result.stderr), file=sys.stderr)
                return 1
        inside = [os.path.join(ROOT, "utils", "torch2-python"), os.path.join(HERE, "inside.py"), work] + rest
        return subprocess.run(inside, cwd=ROOT).returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
