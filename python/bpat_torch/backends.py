"""Getting a live PyTorch BackendConfig, in PyTorch 1.13.1 or 2.x.

Built-in names:
  native, fbgemm, qnnpack, x86, tensorrt, executorch, _native_and_fp16
  onednn (PyTorch 2.x only; 1.13.1 has no get_onednn_backend_config)

PyTorch 2.6 quirk: BackendConfig.set_backend_pattern_config refers to
torch.ao.quantization.backend_config.utils without importing it, so every
getter here imports that module first (harmless in 1.13.1).

executorch: torch 1.13.1's executorch._get_share_qparams_ops_configs appends
to the list it is iterating over, so get_executorch_backend_config() never
returns. We replace that function with the fixed logic of PyTorch PR #86338
(append the configs to the result list) before calling it, and say so on
stderr.
"""

import argparse
from typing import Any, Callable, Optional
import importlib
import sys

import torch.nn as nn
import torch.nn.functional as F
import torch


class BackendError(Exception):
    pass


def _prepare():
    import torch.ao.quantization.backend_config.utils  # noqa: F401 (2.6 quirk above)


def torch_major() -> int:
    """1 for PyTorch 1.x, 2 for 2.x."""
    return int(torch.__version__.split(".")[0])


def _native():
    from torch.ao.quantization.backend_config.native import get_native_backend_config
    return get_native_backend_config()


def _native_and_fp16():
    from torch.ao.quantization.backend_config.native import get_test_only_legacy_native_backend_config
    return get_test_only_legacy_native_backend_config()


def _fbgemm():
    from torch.ao.quantization.backend_config.fbgemm import get_fbgemm_backend_config
    return get_fbgemm_backend_config()


def _qnnpack():
    from torch.ao.quantization.backend_config.qnnpack import get_qnnpack_backend_config
    return get_qnnpack_backend_config()


def _x86():
    from torch.ao.quantization.backend_config.x86 import get_x86_backend_config
    return get_x86_backend_config()


def _tensorrt():
    from torch.ao.quantization.backend_config.tensorrt import get_tensorrt_backend_config
    return get_tensorrt_backend_config()


def _onednn():
    try:
        from torch.ao.quantization.backend_config.onednn import get_onednn_backend_config
    except ImportError:
        raise BackendError("onednn needs PyTorch 2.x; this is PyTorch %s" % torch.__version__)
    return get_onednn_backend_config()


EXECUTORCH_FIX_NOTE = (
    "note: torch 1.13.1's executorch._get_share_qparams_ops_configs never returns "
    "(it appends to the list it iterates); using the fixed logic of PyTorch PR #86338")


def _fixed_executorch_share_qparams_ops_configs():
    """The logic of executorch._get_share_qparams_ops_configs after PR #86338:
    one OUTPUT_SHARE_OBSERVER_WITH_INPUT config per op, appended to the
    result list (1.13.1 appends to the op list instead, looping forever)."""
    from torch.ao.quantization.backend_config import executorch as ex
    from torch.ao.quantization.backend_config.backend_config import (
        BackendPatternConfig, ObservationType)
    observation_type = ObservationType.OUTPUT_SHARE_OBSERVER_WITH_INPUT
    dtype_configs = [ex.executorch_default_op_quint8_dtype_config]
    share_qparams_ops = [
        F.adaptive_avg_pool2d,
        F.relu,
        F.relu6,
        nn.AdaptiveAvgPool2d,
        torch.squeeze,
        "permute",
        "reshape",
        "relu",
        "relu_",
        "squeeze",
        "squeeze_",
    ]
    configs = []
    for op in share_qparams_ops:
        configs.append(
            BackendPatternConfig(op)
            .set_observation_type(observation_type)
            .set_dtype_configs(dtype_configs))
    return configs


def _executorch_is_buggy(ex):
    import inspect
    try:
        src = inspect.getsource(ex._get_share_qparams_ops_configs)
    except (OSError, TypeError, AttributeError):
        return False
    return "share_qparams_ops.append(" in src


def _executorch(report=None):
    from torch.ao.quantization.backend_config import executorch as ex
    if _executorch_is_buggy(ex):
        if report is not None:
            report(EXECUTORCH_FIX_NOTE)
        original = ex._get_share_qparams_ops_configs
        ex._get_share_qparams_ops_configs = _fixed_executorch_share_qparams_ops_configs
        try:
            return ex.get_executorch_backend_config()
        finally:
            ex._get_share_qparams_ops_configs = original
    return ex.get_executorch_backend_config()


BACKENDS = {
    "native": _native,
    "fbgemm": _fbgemm,
    "qnnpack": _qnnpack,
    "x86": _x86,
    "tensorrt": _tensorrt,
    "executorch": _executorch,
    "_native_and_fp16": _native_and_fp16,
    "onednn": _onednn,
}

BACKEND_DESCRIPTIONS = {
    "native": "get_native_backend_config()",
    "fbgemm": "get_fbgemm_backend_config()",
    "qnnpack": "get_qnnpack_backend_config()",
    "x86": "get_x86_backend_config()",
    "tensorrt": "get_tensorrt_backend_config()",
    "executorch": "get_executorch_backend_config() with the PR #86338 loop fix",
    "_native_and_fp16": "get_test_only_legacy_native_backend_config()",
    "onednn": "get_onednn_backend_config() (PyTorch 2.x)",
}


def stderr_report(msg: str) -> None:
    print(msg, file=sys.stderr)


def get_backend_config(name: Optional[str] = None, python_spec: Optional[str] = None,
                       report: Callable[[str], None] = stderr_report) -> Any:
    """A BackendConfig by built-in name, or by calling 'module:function'."""
    if (name is None) == (python_spec is None):
        raise BackendError("give exactly one of --backend NAME or --python module:function")
    _prepare()
    if name is not None:
        if name not in BACKENDS:
            raise BackendError("unknown backend %r (known: %s)" % (name, ", ".join(BACKENDS)))
        if name == "executorch":
            return _executorch(report)
        return BACKENDS[name]()
    mod_name, sep, fn_name = python_spec.partition(":")
    if not sep or not mod_name or not fn_name:
        raise BackendError("--python expects module:function, got %r" % python_spec)
    import os
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(mod_name)
    except ImportError as e:
        raise BackendError("cannot import %s: %s" % (mod_name, e))
    fn = module
    for part in fn_name.split("."):
        fn = getattr(fn, part, None)
        if fn is None:
            raise BackendError("%s has no attribute %r" % (mod_name, fn_name))
    config = fn()
    from torch.ao.quantization.backend_config import BackendConfig
    if not isinstance(config, BackendConfig):
        raise BackendError("%s did not return a BackendConfig (got %s)" % (python_spec, type(config).__name__))
    return config


def add_backend_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--backend", choices=list(BACKENDS), help="a built-in PyTorch backend config")
    group.add_argument("--python", metavar="MODULE:FUNCTION",
                       help="call MODULE.FUNCTION() (importable from sys.path / PYTHONPATH) for the BackendConfig")
