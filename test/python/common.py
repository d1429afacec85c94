"""Shared bits of the self-tests."""

import functools
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UTILS = os.path.join(ROOT, "utils")
TINY = os.path.join(HERE, "tiny_models.py")
# The project's shared/ folder sits beside the repository (as CI lays it out).
REFERENCE_DIR = os.environ.get(
    "BPAT_REFERENCE_DIR", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
ENUMERATION = os.path.join(REFERENCE_DIR, "pytorch-1.13.1-backend-config-enumeration.txt")

for _path in (UTILS, os.path.join(ROOT, "python")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

PYTHON = sys.executable


def run_script(name, *args, check=True, timeout=300):
    """Run utils/<name> with this interpreter; returns CompletedProcess."""
    proc = subprocess.run([PYTHON, os.path.join(UTILS, name)] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError("%s %s failed (%d):\n%s" % (name, " ".join(args), proc.returncode, proc.stderr))
    return proc


@functools.lru_cache(maxsize=None)
def resnet18_gm():
    from bpat_torch import models
    return models.trace(models.build_model(model_name="resnet18"))


def tiny(name):
    from bpat_torch import models
    return models.build_model(module_spec=TINY + ":" + name)


def derived_users(graph_json):
    """users derived from args/kwargs, in graph order, as bpat-match would."""
    order = {n["name"]: i for i, n in enumerate(graph_json["nodes"])}
    users = {n["name"]: [] for n in graph_json["nodes"]}

    def refs(value, out):
        if isinstance(value, dict):
            if "node" in value and len(value) == 1:
                out.append(value["node"])
            elif "dict" in value:
                for v in value["dict"].values():
                    refs(v, out)
            elif "slice" in value:
                for v in value["slice"]:
                    refs(v, out)
        elif isinstance(value, list):
            for v in value:
                refs(v, out)

    for n in graph_json["nodes"]:
        found = []
        refs(n["args"], found)
        refs(list(n["kwargs"].values()), found)
        for name in dict.fromkeys(found):  # a user is listed once
            users[name].append(n["name"])
    return {k: sorted(v, key=order.get) for k, v in users.items()}
