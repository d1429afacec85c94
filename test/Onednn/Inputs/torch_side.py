#!/usr/bin/python3
"""torch-crosscheck.test's PyTorch side (Debian's python3-torch 1.13.1).

  torch_side.py SRC_ROOT ONEDNN_113_PY OUT_DIR

onednn does not exist in 1.13.1, so the Python module `bpatc --emit=torch
--torch-api=1.13` makes of onednn.bpat (ONEDNN_113_PY) cannot import its
PyTorch 2.x names. This installs stand-ins for them first: the four nni
classes (empty nn.Sequential subclasses, named and placed as in 2.x) and a
module torch.ao.quantization.backend_config.onednn whose fusers raise if
called (matching never calls a fuser) and whose getters do what onednn.py's
do. Then, for each model of torch_nets.py, it writes the traced graph
(OUT_DIR/<Model>.json, utils/fx_export.py's format) and PyTorch's own match
maps for both modes (OUT_DIR/<Model>.<mode>.torch.json,
utils/torch_find_matches.py's format), for bpat-match to be diffed against.
"""
import importlib.util
import os
import sys
import types

src_root, onednn_py, out_dir = sys.argv[1:4]
sys.path.insert(0, os.path.join(src_root, "utils"))
sys.path.insert(0, os.path.join(src_root, "python"))

import torch  # noqa: E402
import torch.ao.nn.intrinsic.modules.fused as fused  # noqa: E402
import torch.ao.quantization.backend_config as backend_config  # noqa: E402

import fx_export  # noqa: E402
import torch_find_matches  # noqa: E402
from bpat_torch import models  # noqa: E402

for cls_name in ["ConvAdd2d", "ConvAddReLU2d", "LinearLeakyReLU", "LinearTanh"]:
    cls = type(cls_name, (torch.nn.Sequential,), {})
    cls.__module__ = fused.__name__
    setattr(fused, cls_name, cls)


def _getter(name):
    """onednn.py's root node / extra inputs getters. fuse passes the
    reversed nested node pattern (add, conv_or_(bn, conv), extra) or
    (relu, (add, ...)); 1.13.1's prepare matcher passes a list of another
    shape, for which only the root's existence matters here."""
    def getter(pattern):
        if not isinstance(pattern, tuple):
            node = pattern
            while isinstance(node, (list, tuple)):
                node = node[-1]
            return [] if "extra_inputs" in name else node
        add = pattern[1] if "_relu_" in name else pattern
        branch, extra = (add[1], add[2]) if name.endswith("_left") else (add[2], add[1])
        if "_bn_" in name:
            branch = branch[1]
        return [extra] if "extra_inputs" in name else branch
    getter.__name__ = name
    return getter


def _fuser(name):
    def fuser(*args):
        raise RuntimeError("stand-in fuser %s called" % name)
    fuser.__name__ = name
    return fuser


onednn = types.ModuleType("torch.ao.quantization.backend_config.onednn")


def _module_getattr(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _getter(name) if "getter" in name else _fuser(name)


onednn.__getattr__ = _module_getattr
sys.modules[onednn.__name__] = onednn
backend_config.onednn = onednn

spec = importlib.util.spec_from_file_location("onednn_113", onednn_py)
emitted = importlib.util.module_from_spec(spec)
spec.loader.exec_module(emitted)
config = emitted.get_onednn_backend_config()

nets = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_nets.py")
for model_name in ["Residual", "TwoUsers", "ConvConv", "Eltwise"]:
    gm = models.trace(models.build_user_module(nets + ":" + model_name))
    with open(os.path.join(out_dir, model_name + ".json"), "w") as f:
        f.write(fx_export.dumps_graph(fx_export.graph_to_json(gm)))
    for mode in ["fuse", "quantize"]:
        matches = torch_find_matches.find_matches_json(gm, config, mode)
        with open(os.path.join(out_dir, "%s.%s.torch.json" % (model_name, mode)), "w") as f:
            f.write(torch_find_matches.dumps_matches(matches))
print("ok: %d configs" % len(config.configs))
