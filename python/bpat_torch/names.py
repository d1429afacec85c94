"""Rendering PyTorch objects as the strings of docs/json-format.md.

Rules (these are what every bpat tool compares against):

* module class / any class:   cls.__module__ + "." + cls.__qualname__
                              e.g. "torch.nn.modules.conv.Conv2d"
* op function (in a pattern or an FX call_function target):
                              torch.fx.node._get_qualified_name(fn), the name
                              torch.fx itself prints, e.g.
                                F.relu        -> "torch.nn.functional.relu"
                                torch.add     -> "torch.add"
                                operator.add  -> "_operator.add"
                                F.linear      -> "torch._C._nn.linear"
                                getattr       -> "getattr"
* method op (a str in a pattern): the name itself, e.g. "relu"
* the wildcard:               "torch.ao.quantization.utils.MatchAllNode"
* a plain Python callable that is not an op (fuser method, root node getter,
  extra inputs getter): fn.__module__ + "." + fn.__qualname__
* dtype:                      str(dtype), e.g. "torch.quint8"
* enum (ObservationType):     str(enum), e.g. "ObservationType.OUTPUT_..."
"""

from typing import Any
import builtins
import enum
import functools
import math

import torch
from torch.ao.quantization.utils import MatchAllNode
from torch.fx.node import _get_qualified_name

MATCH_ALL_NODE_NAME = "torch.ao.quantization.utils.MatchAllNode"


class RenderError(ValueError):
    pass


def is_match_all(x: Any) -> bool:
    return isinstance(x, type) and issubclass(x, MatchAllNode)


def class_name(cls: type) -> str:
    """Qualified name of a class."""
    return cls.__module__ + "." + cls.__qualname__


def callable_name(fn: Any) -> str:
    """Qualified name of a plain Python callable (not an op)."""
    if isinstance(fn, type):
        return class_name(fn)
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if module is None or qualname is None:
        raise RenderError("cannot name callable %r" % (fn,))
    return module + "." + qualname


def function_op_name(fn: Any) -> str:
    """torch.fx's qualified name of a function used as an op."""
    try:
        return _get_qualified_name(fn)
    except Exception:  # pragma: no cover - objects fx cannot name
        return callable_name(fn)


def op_name(op: Any) -> str:
    """Name of one op of a pattern (or an FX target object)."""
    if is_match_all(op):
        return MATCH_ALL_NODE_NAME
    if isinstance(op, str):
        return op
    if isinstance(op, type):
        return class_name(op)
    if callable(op):
        return function_op_name(op)
    raise RenderError("not an op: %r" % (op,))


def pattern_to_json(pattern: Any) -> Any:
    """A pattern (simple or complex) as JSON: ops as strings, tuples as lists.
    Non-op literals (ints, floats, bools, None) in argument positions stay
    JSON literals."""
    if isinstance(pattern, tuple):
        return [pattern_to_json(p) for p in pattern]
    if pattern is None or isinstance(pattern, (bool, int, float)) and not isinstance(pattern, enum.Enum):
        return pattern
    return op_name(pattern)


def complex_pattern_str(pattern: Any) -> str:
    """The legacy complex pattern in Python tuple syntax, as the match map of
    docs/json-format.md section 3 writes it: "(A, (B, C))", ops by their
    qualified names, methods quoted ('relu'), the wildcard as MatchAllNode."""
    if isinstance(pattern, tuple):
        items = [complex_pattern_str(p) for p in pattern]
        if len(items) == 1:
            return "(" + items[0] + ",)"
        return "(" + ", ".join(items) + ")"
    if is_match_all(pattern):
        return "MatchAllNode"
    if isinstance(pattern, str):
        return repr(pattern)
    if pattern is None or isinstance(pattern, (bool, int, float)):
        return repr(pattern)
    return op_name(pattern)


def dtype_str(dtype: Any) -> str:
    return str(dtype)


def enum_str(value: Any) -> str:
    return str(value)


# --------------------------------------------------------------------------
# Python-expression rendering of observer / fake-quantize factories
# --------------------------------------------------------------------------

def _is_partial_wrapper(obj):
    # torch.ao.quantization.observer._PartialWrapper, without importing a
    # private name (its location moved between releases)
    return type(obj).__name__ == "_PartialWrapper" and hasattr(obj, "p") and hasattr(obj, "callable_args")


def python_expr(value):
    """A deterministic Python expression that re-creates `value`.

    Rules:
      _PartialWrapper(partial(F, **kw))  -> "<expr F>.with_args(k1=v1, k2=v2)"
                                           keyword arguments sorted by name;
                                           callable args (with_callable_args)
                                           add ".with_callable_args(...)" the
                                           same way
      class / function                   -> qualified name (module + qualname)
      torch.dtype, torch.qscheme         -> str(), e.g. "torch.quint8",
                                           "torch.per_tensor_affine"
      float                              -> repr(), e.g. "0.00390625"
      int, bool, None, str               -> repr()
      list / tuple                       -> "[a, b]" / "(a, b)" / "(a,)"
      dict                               -> "{k: v}" in insertion order
    Anything else raises RenderError.
    """
    if _is_partial_wrapper(value):
        p = value.p
        if not isinstance(p, functools.partial):
            raise RenderError("unsupported _PartialWrapper payload %r" % (p,))
        if p.args:
            raise RenderError("positional arguments in _PartialWrapper are not supported: %r" % (p,))
        text = python_expr(p.func)
        text += ".with_args(" + _kwargs_expr(p.keywords) + ")"
        if value.callable_args:
            text += ".with_callable_args(" + _kwargs_expr(value.callable_args) + ")"
        return text
    if isinstance(value, functools.partial):
        if value.args:
            raise RenderError("positional arguments in partial are not supported: %r" % (value,))
        return "functools.partial(" + python_expr(value.func) + (
            ", " + _kwargs_expr(value.keywords) if value.keywords else "") + ")"
    if isinstance(value, (torch.dtype, torch.qscheme)):
        return str(value)
    if isinstance(value, enum.Enum):
        return callable_name(type(value)) + "." + value.name
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "float(%r)" % repr(value)
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_expr(v) for v in value) + "]"
    if isinstance(value, tuple):
        if len(value) == 1:
            return "(" + python_expr(value[0]) + ",)"
        return "(" + ", ".join(python_expr(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(python_expr(k) + ": " + python_expr(v) for k, v in value.items()) + "}"
    if isinstance(value, type) or callable(value):
        if getattr(builtins, getattr(value, "__name__", ""), None) is value:
            return value.__name__
        return callable_name(value)
    raise RenderError("cannot render %r as a Python expression" % (value,))


def _kwargs_expr(kwargs):
    return ", ".join("%s=%s" % (k, python_expr(kwargs[k])) for k in sorted(kwargs))
