"""Shared helpers of the test/torch suite: running bpatc and importing the
Python modules it generates."""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIBRARY = os.path.join(ROOT, "library")
INPUTS = os.path.join(HERE, "Inputs")
NATIVE_BPAT = os.path.join(LIBRARY, "torch", "backends", "native.bpat")

for path in (HERE, os.path.join(ROOT, "utils"), os.path.join(ROOT, "python")):
    if path not in sys.path:
        sys.path.insert(0, path)

#: Set by run_tests.py from its argument or $BPATC.
BPATC = os.environ.get("BPATC")

_tmpdir = tempfile.TemporaryDirectory(prefix="bpat-torch-test-")
_counter = [0]


def bpatc(*args):
    """Runs bpatc with the repository's library on the import path; returns
    stdout, raises with stderr on failure."""
    if not BPATC or not os.access(BPATC, os.X_OK):
        raise RuntimeError("bpatc not found: pass its path to run_tests.py or set BPATC (got %r)" % BPATC)
    result = subprocess.run([BPATC, "-I", LIBRARY] + list(args), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("bpatc %s failed:\n%s" % (" ".join(args), result.stderr))
    return result.stdout


def emit_json(bpat_file, *args):
    return json.loads(bpatc(bpat_file, "--emit=json", *args))


def emit_torch_source(bpat_file, api, *args):
    return bpatc(bpat_file, "--emit=torch", "--torch-api=" + api, *args)


def import_source(source, hint="generated"):
    """Writes `source` to a fresh file and imports it as a new module."""
    _counter[0] += 1
    name = "bpat_%s_%d" % (hint, _counter[0])
    path = os.path.join(_tmpdir.name, name + ".py")
    with open(path, "w") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_torch_module(bpat_file, api="1.13", *args):
    return import_source(emit_torch_source(bpat_file, api, *args),
                         os.path.splitext(os.path.basename(bpat_file))[0])
