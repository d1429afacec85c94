"""Runs a module generated with --torch-api=2 against the FAKE torch of this
directory (which must come first on sys.path) and prints, as JSON:
  "config": the BackendConfig in the --emit=json shape (post-#90698 to_dict),
  "fusers": for each config with a fuser, how PyTorch 2 would call it (the
            fuser from _get_fuser_method_in_reversed_nested_tuple_format,
            called with the leaves of the legacy pattern, by class or
            function name, nested as PyTorch nests them) and what the
            user's fuser / fused module then received.
Usage: python3 run_generated.py MODULE.py
"""

import importlib.util
import json
import os
import sys

import torch

assert getattr(torch, "BPAT_FAKE", False), "not the fake torch: %s" % torch.__file__

import fakeops  # noqa: E402
from torch.ao.quantization import backend_config as bc  # noqa: E402
from torch.ao.quantization.utils import MatchAllNode  # noqa: E402

MATCH_ALL = "torch.ao.quantization.utils.MatchAllNode"


def name(x):
    if x is MatchAllNode:
        return MATCH_ALL
    if isinstance(x, str):
        return x
    return x.__module__ + "." + x.__qualname__


def pattern_json(p):
    return [pattern_json(e) for e in p] if isinstance(p, tuple) else name(p)


def dwc_json(d):
    out = {"dtype": repr(d.dtype)}
    for key in ("quant_min_lower_bound", "quant_max_upper_bound", "scale_min_lower_bound",
                "scale_max_upper_bound", "scale_exact_match", "zero_point_exact_match"):
        if getattr(d, key) is not None:
            out[key] = getattr(d, key)
    return out


def dtype_config_json(dc):
    out = {}
    for key in ("input", "output", "weight"):
        d = getattr(dc, key + "_dtype_with_constraints")
        if d.dtype is not None:
            out[key + "_dtype"] = dwc_json(d)
    if dc.bias_dtype is not None:
        out["bias_dtype"] = repr(dc.bias_dtype)
    if dc.is_dynamic is not None:
        out["is_dynamic"] = dc.is_dynamic
    return out


def config_json(c):
    out = {}
    if c.pattern is not None:
        out["pattern"] = pattern_json(c.pattern)
    out["observation_type"] = str(c.observation_type)
    out["dtype_configs"] = [dtype_config_json(d) for d in c.dtype_configs]
    for key, attr in (("root_module", "root_module"), ("qat_module", "qat_module"),
                      ("reference_quantized_module_for_root", "reference_quantized_module"),
                      ("fused_module", "fused_module"), ("fuser_method", "fuser_method"),
                      ("root_node_getter", "_root_node_getter"),
                      ("extra_inputs_getter", "_extra_inputs_getter")):
        if getattr(c, attr) is not None:
            out[key] = name(getattr(c, attr))
    if c._num_tensor_args_to_observation_type:
        out["num_tensor_args_to_observation_type"] = {
            str(k): str(v) for k, v in c._num_tensor_args_to_observation_type.items()}
    if c._input_type_to_index:
        out["input_type_to_index"] = dict(c._input_type_to_index)
    if c._input_output_observed is not None:
        out["input_output_observed"] = c._input_output_observed
    if c._pattern_complex_format is not None:
        out["pattern_complex_format"] = pattern_json(c._pattern_complex_format)
    return out


def leaves(p):
    """The legacy pattern with each op replaced by its short name: what the
    matched "modules" look like to a fuser."""
    if isinstance(p, tuple):
        return tuple(leaves(e) for e in p)
    return "MatchAllNode" if p is MatchAllNode else (p if isinstance(p, str) else p.__name__)


def listify(x):
    return [listify(e) for e in x] if isinstance(x, (tuple, list)) else x


def main():
    spec = importlib.util.spec_from_file_location("generated_v2", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    getters = [getattr(module, n) for n in dir(module) if n.startswith("get_") and n.endswith("_backend_config")]
    assert len(getters) == 1, getters
    config = getters[0]()
    fusers = []
    for i, c in enumerate(config.configs):
        if c.fuser_method is None:
            continue
        complex_pattern = bc._get_pattern_in_reversed_nested_tuple_format(c)
        fuser = bc._get_fuser_method_in_reversed_nested_tuple_format(c)
        args = leaves(complex_pattern)
        args = args if isinstance(args, tuple) else (args,)
        del fakeops.CALLS[:]
        fuser(False, *args)
        fusers.append({"index": i, "called_with": listify(args), "received": listify(fakeops.CALLS)})
    print(json.dumps({"config": {"name": config.name, "configs": [config_json(c) for c in config.configs]},
                      "fusers": fusers}, indent=1))


if __name__ == "__main__":
    main()
