"""Shared helpers of test/torch2 (inside the 2.6 root): the generated files
of manifest.py and importing them."""

import importlib.util
import json
import os

WORK = os.environ["BPAT_TORCH2_WORK"]
_loaded = {}


def path(name):
    return os.path.join(WORK, name)


def load_json(name):
    with open(path(name)) as f:
        return json.load(f)


def load_module(name):
    """Imports a generated module (once) from the work directory."""
    if name not in _loaded:
        mod_name = "bpat_gen_" + os.path.splitext(name)[0]
        spec = importlib.util.spec_from_file_location(mod_name, path(name))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded[name] = module
    return _loaded[name]
