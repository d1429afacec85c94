#!/usr/bin/python3
"""The Python side as a package a PyTorch user installs (python/, bpat_torch):
`pip install` from the source tree, with Debian's pip and setuptools and no
registry (--no-build-isolation --no-index), into a fresh virtual environment
(--system-site-packages, for the system's PyTorch), in PyTorch 1.13.1 here
and in PyTorch 2.6 inside the root of utils/torch2-root.sh. In each, the
installed console scripts run: bpat-dump-backend-config equals
`bpatc --emit=json` of the port for that PyTorch, bpat-fx-export and
bpat-torch-find-matches run on resnet18, and the package is typed (py.typed).

  /usr/bin/python3 test/package/run_tests.py path/to/bpatc
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TORCH2_PYTHON = os.path.join(ROOT, "utils", "torch2-python")


def run(cmd, env=None, cwd=None):
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    if result.returncode != 0:
        raise SystemExit("test/package: FAILED: %s\n%s%s" % (" ".join(cmd), result.stdout, result.stderr))
    return result.stdout


def check_flavour(label, python_cmd, venv_python_env, work, bpatc, port, backend):
    """python_cmd: how to run the base interpreter; venv_python_env(venv):
    (argv prefix, env) that runs the venv's interpreter."""
    src = os.path.join(work, "src-" + label)
    shutil.copytree(os.path.join(ROOT, "python"), src)  # the build writes egg-info
    venv = os.path.join(work, "venv-" + label)
    run(python_cmd + ["-m", "venv", "--system-site-packages", venv])
    prefix, env = venv_python_env(venv)
    run(prefix + ["-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
                  "--disable-pip-version-check", src], env=env)
    out = os.path.join(work, label)
    os.makedirs(out)
    # console scripts are files in the venv's bin/, run by its interpreter
    script = lambda name: prefix + [os.path.join(venv, "bin", name)]  # noqa: E731
    run(script("bpat-dump-backend-config") + ["--backend", backend, "-o", os.path.join(out, "dump.json")],
        env=env, cwd=work)
    run([bpatc, "-Werror", os.path.join(ROOT, port), "--emit=json", "-o", os.path.join(out, "port.json")])
    run([sys.executable, os.path.join(ROOT, "test", "Inputs", "json_equal.py"),
         os.path.join(out, "dump.json"), os.path.join(out, "port.json")])
    run(script("bpat-fx-export") + ["--model", "resnet18", "-o", os.path.join(out, "graph.json")],
        env=env, cwd=work)
    with open(os.path.join(out, "graph.json")) as f:
        nodes = json.load(f)["nodes"]
    assert len(nodes) == 71, len(nodes)
    matches = run(script("bpat-torch-find-matches") + ["--model", "resnet18", "--backend", backend,
                                                       "--mode", "fuse"], env=env, cwd=work)
    assert '"relu": ["relu", ' in matches, matches[:200]
    # installed from the package, not from the source tree; typed
    where = run(prefix + ["-c", "import bpat_torch, os; print(os.path.dirname(bpat_torch.__file__)); "
                          "print(os.path.exists(os.path.join(os.path.dirname(bpat_torch.__file__), 'py.typed')))"],
                env=env, cwd=work).split()
    assert where[0].startswith(venv), where
    assert where[1] == "True", where
    print("test/package: %s: installed in %s; dump == %s, fx export and matcher ran" % (label, venv, port))


def main():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("run_tests.py: error: give the bpatc path", file=sys.stderr)
        return 2
    bpatc = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="bpat-package-", dir="/tmp")
    try:
        check_flavour("torch-1.13", [sys.executable], lambda v: ([os.path.join(v, "bin", "python")], None),
                      work, bpatc, "library/torch/backends/native.bpat", "native")
        env26 = lambda v: ([TORCH2_PYTHON], dict(os.environ, BPAT_TORCH2_PYTHON=os.path.join(v, "bin", "python")))  # noqa: E731
        check_flavour("torch-2.6", [TORCH2_PYTHON], env26,
                      work, bpatc, "library/torch-2.6/backends/onednn.bpat", "onednn")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
