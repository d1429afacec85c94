"""Building and tracing models identically in fx_export.py and
torch_find_matches.py, so that node names line up between the exported graph
and PyTorch's own match map.

Construction:
  --model NAME            torchvision.models.NAME(weights=None), eval mode
                          (falls back to pretrained=False for builders that do
                          not take `weights`); torch.manual_seed(0) first.
  --module FILE.py:Class  the class from a file, instantiated with no
                          arguments, eval mode. The file is imported as a
                          module named after its stem, so its classes are
                          named "<stem>.<Class>".
Tracing: torch.fx.symbolic_trace (the tracer fuse_fx uses; prepare_fx's
QuantizationTracer has the same leaf-module rule for modules under torch.nn).
"""

import argparse
from typing import Any, Optional
import importlib.util
import os
import sys

import torch
import torch.fx


class ModelError(Exception):
    pass


def build_torchvision_model(name: str) -> Any:
    import torchvision.models as tvm
    builder = getattr(tvm, name, None)
    if builder is None or not callable(builder) or name.startswith("_"):
        raise ModelError("unknown torchvision model %r" % name)
    torch.manual_seed(0)
    try:
        model = builder(weights=None)
    except TypeError:
        model = builder(pretrained=False)
    return model.eval()


def load_module_class(spec: str) -> Any:
    """'path/to/file.py:ClassName' -> the class."""
    path, sep, cls_name = spec.rpartition(":")
    if not sep or not path or not cls_name:
        raise ModelError("--module expects path/to/file.py:ClassName, got %r" % spec)
    if not os.path.isfile(path):
        raise ModelError("no such file: %s" % path)
    mod_name = os.path.splitext(os.path.basename(path))[0]
    if mod_name in sys.modules and getattr(sys.modules[mod_name], "__file__", None) and \
            os.path.abspath(sys.modules[mod_name].__file__) == os.path.abspath(path):
        module = sys.modules[mod_name]
    else:
        file_spec = importlib.util.spec_from_file_location(mod_name, path)
        module = importlib.util.module_from_spec(file_spec)
        sys.modules[mod_name] = module
        file_spec.loader.exec_module(module)
    obj = module
    for part in cls_name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise ModelError("%s has no attribute %r" % (path, cls_name))
    return obj


def build_user_module(spec: str) -> Any:
    cls = load_module_class(spec)
    torch.manual_seed(0)
    return cls().eval()


def build_model(model_name: Optional[str] = None, module_spec: Optional[str] = None) -> Any:
    if (model_name is None) == (module_spec is None):
        raise ModelError("give exactly one of --model NAME or --module FILE.py:CLASS")
    if model_name is not None:
        return build_torchvision_model(model_name)
    return build_user_module(module_spec)


def trace(model: Any) -> Any:
    """Symbolically trace an nn.Module into a GraphModule."""
    if isinstance(model, torch.fx.GraphModule):
        return model
    return torch.fx.symbolic_trace(model)


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--model", metavar="NAME",
                       help="torchvision model name, e.g. resnet18 (built with weights=None, eval mode)")
    group.add_argument("--module", metavar="FILE.py:CLASS",
                       help="user module class, instantiated with no arguments, eval mode")
