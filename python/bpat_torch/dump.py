"""Dump a live PyTorch BackendConfig as bpat's backend config JSON
(docs/json-format.md section 1: the shape of PyTorch's post-#90698
BackendConfig.to_dict(), Python objects written as strings).

Usage (Debian's python with python3-torch 1.13.1):
  /usr/bin/python3 utils/dump_backend_config.py --backend native -o native.json
  /usr/bin/python3 utils/dump_backend_config.py --python mypkg.cfg:get_config -o my.json
  /usr/bin/python3 utils/dump_backend_config.py --list

  --backend NAME   native | fbgemm | qnnpack | x86 | tensorrt | executorch |
                   _native_and_fp16 (get_test_only_legacy_native_backend_config)
  --python M:F     import M (the current directory is on sys.path) and call F()
  --list           print the available built-in backends and exit
  -o FILE          output file ("-" or omitted: stdout; written atomically)

executorch: torch 1.13.1's get_executorch_backend_config() never returns
(executorch._get_share_qparams_ops_configs appends to the list it iterates
over). For --backend executorch that function is replaced, for the duration of
the call, with the fixed logic of PyTorch PR #86338; a note says so on stderr.

Conversion from 1.13.1 (legacy) to the post-#90698 form
-------------------------------------------------------
torch 1.13.1 keeps the legacy reversed nested pattern in `config.pattern`.
The contract is the post-PR to_dict() shape, so each config is converted the
way PR #90698 rewrote the built-ins, mechanically:

  pattern  X (not a tuple)            -> "pattern": X
           (B, A)      (A, B ops)     -> "pattern": [A, B]      (forward order)
           (C, (B, A)) (A, B, C ops)  -> "pattern": [A, B, C]
           anything else (a MatchAllNode, a literal, more arguments, longer
           chains)                    -> "pattern_complex_format": the legacy
                                         tuple as nested lists, written last
  fuser_method on a chain that became "pattern":
           reverse2(f) / _reverse2(f) on a 2-chain  -> f
           reverse3(f) / _reverse3(f) on a 3-chain  -> f
           reverse_sequential_wrapper2(X) on a 2-chain
               -> "torch.ao.quantization.fuser_method_mappings._sequential_wrapper2(<X>)"
           The wrapped callable is read from the wrapper's closure.
           Any other fuser takes the reversed nested arguments, so such a
           config stays in "pattern_complex_format" with its fuser unchanged
           (a note on stderr).
  fuser_method of a config kept in complex format, by its name; the 1.13.1
           wrappers are written with their post-PR names:
           sequential_wrapper2(X) -> "...fuser_method_mappings._sequential_wrapper2(<X>)",
           reverse_sequential_wrapper2(X) -> "..._reverse_sequential_wrapper2(<X>)",
           reverse2(f) / reverse3(f) -> "..._reverse2(<f>)" / "..._reverse3(<f>)".

Rendering
---------
  op in a pattern       module class: cls.__module__ + "." + cls.__qualname__;
                        function: torch.fx.node._get_qualified_name(fn)
                        (F.relu -> "torch.nn.functional.relu", operator.add ->
                        "_operator.add", F.linear -> "torch._C._nn.linear");
                        method: its name; MatchAllNode:
                        "torch.ao.quantization.utils.MatchAllNode"
  classes               cls.__module__ + "." + cls.__qualname__
  fuser / getters       fn.__module__ + "." + fn.__qualname__
  dtypes                str(dtype), e.g. "torch.quint8", "torch.float32"
  observation types     str(enum), e.g. "ObservationType.OUTPUT_SHARE_OBSERVER_WITH_INPUT"
  numbers               ints stay ints, floats as Python's repr writes them

overwrite_output_fake_quantize / overwrite_output_observer (1.13.1 only;
torch.ao.quantization.observer._PartialWrapper objects) are written as a Python
expression that re-creates an equivalent object:
  _PartialWrapper(partial(F, **kw)) -> "<F>.with_args(k=v, ...)", keyword
      arguments sorted by name, each value rendered by the same rules
      (nested _PartialWrapper recursively; classes and functions by qualified
      name; dtypes and qschemes by str(); floats by repr(); ints, bools, None
      and strings by repr()); callable args add ".with_callable_args(k=v, ...)"
      the same way. Example (sigmoid):
  "torch.ao.quantization.fake_quantize.FixedQParamsFakeQuantize.with_args(observer=torch.ao.quantization.observer.FixedQParamsObserver.with_args(dtype=torch.quint8, quant_max=255, quant_min=0, scale=0.00390625, zero_point=0))"
.bpat files hold these strings verbatim.

Order: configs in BackendConfig.configs order (dict insertion order); keys of
each config in the order of docs/json-format.md; 2-space indented JSON.

Importable: backend_config_to_json(backend_config) -> dict.
"""

from typing import Any, Callable, Dict, List, Optional
import argparse
import os
import sys

from .jsonio import prog
from . import backends, jsonio, names

FMM = "torch.ao.quantization.fuser_method_mappings"

_warnings = []


def _warn(msg):
    _warnings.append(msg)
    print(prog() + ": note: " + msg, file=sys.stderr)


# ---------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------

def _is_op(x):
    """A single op allowed in a simple pattern (not a tuple, not the wildcard,
    not a literal)."""
    if isinstance(x, tuple) or names.is_match_all(x):
        return False
    return isinstance(x, str) or callable(x)


def legacy_to_simple(pattern: Any) -> Any:
    """The forward-order simple pattern equivalent to a legacy complex
    pattern, or None when there is none (reference section 2.3)."""
    if not isinstance(pattern, tuple):
        return pattern if _is_op(pattern) else None
    if len(pattern) == 2:
        last, prev = pattern
        if _is_op(last) and _is_op(prev):
            return (prev, last)
        if _is_op(last) and isinstance(prev, tuple) and len(prev) == 2 and all(_is_op(p) for p in prev):
            return (prev[1], prev[0], last)
    return None


def _simple_pattern_json(simple):
    if isinstance(simple, tuple):
        return [names.op_name(op) for op in simple]
    return names.op_name(simple)


# ---------------------------------------------------------------------------
# fuser methods
# ---------------------------------------------------------------------------

def _closure_values(fn):
    code = getattr(fn, "__code__", None)
    cells = getattr(fn, "__closure__", None) or ()
    if code is None:
        return {}
    return {name: cell.cell_contents for name, cell in zip(code.co_freevars, cells)}


def _wrapper_kind(fn):
    """('reverse2'|'reverse3'|'reverse_sequential_wrapper2'|'sequential_wrapper2',
    wrapped) for the fuser-method wrappers of fuser_method_mappings, else None."""
    if getattr(fn, "__module__", None) != FMM:
        return None
    qualname = getattr(fn, "__qualname__", "")
    outer, sep, _ = qualname.partition(".<locals>.")
    if not sep:
        return None
    outer = outer.lstrip("_")
    closure = _closure_values(fn)
    if outer in ("reverse2", "reverse3") and "f" in closure:
        return outer, closure["f"]
    if outer in ("reverse_sequential_wrapper2", "sequential_wrapper2") and "sequential" in closure:
        return outer, closure["sequential"]
    return None


def _callable_str(fn):
    if getattr(fn, "__qualname__", "").find("<locals>") >= 0:
        kind = _wrapper_kind(fn)
        if kind is None:
            _warn("callable %s.%s is a closure; written by its qualified name, which cannot be imported"
                  % (fn.__module__, fn.__qualname__))
    return names.callable_name(fn)


def fuser_str_complex(fn: Callable[..., Any]) -> str:
    """A fuser used as-is (complex-format config), post-PR names for wrappers."""
    kind = _wrapper_kind(fn)
    if kind is None:
        return _callable_str(fn)
    outer, inner = kind
    inner_str = _callable_str(inner)
    post_pr = {
        "reverse2": "_reverse2",
        "reverse3": "_reverse3",
        "reverse_sequential_wrapper2": "_reverse_sequential_wrapper2",
        "sequential_wrapper2": "_sequential_wrapper2",
    }[outer]
    return "%s.%s(%s)" % (FMM, post_pr, inner_str)


def fuser_str_simple(fn: Callable[..., Any], chain_len: int) -> Optional[str]:
    """The forward-order fuser for a config converted to a simple chain of
    `chain_len` ops, or None if `fn` is not a recognised reversing wrapper."""
    kind = _wrapper_kind(fn)
    if kind is None:
        return None
    outer, inner = kind
    if outer == "reverse2" and chain_len == 2:
        return _callable_str(inner)
    if outer == "reverse3" and chain_len == 3:
        return _callable_str(inner)
    if outer == "reverse_sequential_wrapper2" and chain_len == 2:
        return "%s._sequential_wrapper2(%s)" % (FMM, _callable_str(inner))
    return None


# ---------------------------------------------------------------------------
# configs
# ---------------------------------------------------------------------------

_CONSTRAINTS = ("quant_min_lower_bound", "quant_max_upper_bound", "scale_min_lower_bound",
                "scale_max_upper_bound", "scale_exact_match", "zero_point_exact_match")


def _dtype_with_constraints_json(dwc):
    out = {"dtype": names.dtype_str(dwc.dtype) if dwc.dtype is not None else None}
    for key in _CONSTRAINTS:
        value = getattr(dwc, key, None)
        if value is not None:
            out[key] = value
    return out


def dtype_config_json(dc: Any) -> Dict[str, Any]:
    out = {}
    for key, attr in (("input_dtype", "input_dtype_with_constraints"),
                      ("output_dtype", "output_dtype_with_constraints"),
                      ("weight_dtype", "weight_dtype_with_constraints")):
        dwc = getattr(dc, attr, None)
        if dwc is not None and dwc.dtype is not None:
            out[key] = _dtype_with_constraints_json(dwc)
    if dc.bias_dtype is not None:
        out["bias_dtype"] = names.dtype_str(dc.bias_dtype)
    if dc.is_dynamic is not None:
        out["is_dynamic"] = bool(dc.is_dynamic)
    return out


def _complex_pattern_of(config):
    """(pattern, is_legacy): 1.13.1 keeps the legacy complex pattern in
    `pattern` (converted to the simple form where it is a chain); a post-#90698
    config says which form it holds, and is written as it is."""
    if not hasattr(config, "_pattern_complex_format"):
        return config.pattern, True
    if config._pattern_complex_format is not None:
        return config._pattern_complex_format, False
    return config.pattern, False


def backend_pattern_config_json(config: Any) -> Dict[str, Any]:
    pattern_obj, is_legacy = _complex_pattern_of(config)
    out = {}
    simple = None
    fuser = None
    if is_legacy:
        simple = legacy_to_simple(pattern_obj)
        if simple is not None and config.fuser_method is not None:
            chain_len = len(simple) if isinstance(simple, tuple) else 1
            fuser = fuser_str_simple(config.fuser_method, chain_len)
            if fuser is None:
                _warn("fuser %s of pattern %s is not a recognised reversing wrapper; "
                      "config kept in pattern_complex_format"
                      % (names.callable_name(config.fuser_method), names.complex_pattern_str(pattern_obj)))
                simple = None
        if simple is None and config.fuser_method is not None:
            fuser = fuser_str_complex(config.fuser_method)
    else:
        # a post-#90698 config: `pattern` is the simple form, or None when
        # the config holds a pattern_complex_format
        simple = config.pattern
        if config.fuser_method is not None:
            fuser = fuser_str_complex(config.fuser_method)

    if simple is not None:
        out["pattern"] = _simple_pattern_json(simple)
    out["observation_type"] = names.enum_str(config.observation_type)
    out["dtype_configs"] = [dtype_config_json(dc) for dc in config.dtype_configs]
    if config.root_module is not None:
        out["root_module"] = names.class_name(config.root_module)
    if config.qat_module is not None:
        out["qat_module"] = names.class_name(config.qat_module)
    if config.reference_quantized_module is not None:
        out["reference_quantized_module_for_root"] = names.class_name(config.reference_quantized_module)
    if config.fused_module is not None:
        out["fused_module"] = names.class_name(config.fused_module)
    if fuser is not None:
        out["fuser_method"] = fuser
    if getattr(config, "_root_node_getter", None) is not None:
        out["root_node_getter"] = _callable_str(config._root_node_getter)
    if getattr(config, "_extra_inputs_getter", None) is not None:
        out["extra_inputs_getter"] = _callable_str(config._extra_inputs_getter)
    nta = getattr(config, "_num_tensor_args_to_observation_type", None) or {}
    if len(nta) > 0:
        out["num_tensor_args_to_observation_type"] = {str(k): names.enum_str(v) for k, v in nta.items()}
    itti = getattr(config, "_input_type_to_index", None) or {}
    if len(itti) > 0:
        out["input_type_to_index"] = {str(k): v for k, v in itti.items()}
    if getattr(config, "_input_output_observed", None) is not None:
        out["input_output_observed"] = bool(config._input_output_observed)
    if getattr(config, "_overwrite_output_fake_quantize", None) is not None:
        out["overwrite_output_fake_quantize"] = names.python_expr(config._overwrite_output_fake_quantize)
    if getattr(config, "_overwrite_output_observer", None) is not None:
        out["overwrite_output_observer"] = names.python_expr(config._overwrite_output_observer)
    if simple is None:
        out["pattern_complex_format"] = names.pattern_to_json(pattern_obj)
    return out


def _configs_in_order(backend_config):
    configs = backend_config.configs
    if isinstance(configs, dict):  # 1.13.1: Dict[pattern, config], insertion order
        return list(configs.values())
    return list(configs)  # post-PR: a list property


def backend_config_to_json(backend_config: Any) -> Dict[str, Any]:
    return {
        "name": backend_config.name,
        "configs": [backend_pattern_config_json(c) for c in _configs_in_order(backend_config)],
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--backend", choices=list(backends.BACKENDS), help="a built-in PyTorch backend config")
    group.add_argument("--python", metavar="MODULE:FUNCTION",
                       help="call MODULE.FUNCTION() for the BackendConfig (cwd is on sys.path)")
    group.add_argument("--list", action="store_true", help="list the built-in backends and exit")
    parser.add_argument("-o", "--output", default="-", help="output JSON file (default: stdout)")
    args = parser.parse_args(argv)
    if args.list:
        for name in backends.BACKENDS:
            print("%-18s %s" % (name, backends.BACKEND_DESCRIPTIONS[name]))
        return 0
    try:
        config = backends.get_backend_config(
            args.backend, args.python,
            report=lambda msg: print(prog() + ": " + msg, file=sys.stderr))
        text = jsonio.dumps(backend_config_to_json(config))
    except (backends.BackendError, names.RenderError) as e:
        print(prog() + ": error: %s" % e, file=sys.stderr)
        return 1
    jsonio.write_text(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
