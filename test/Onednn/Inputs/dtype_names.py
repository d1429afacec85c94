#!/usr/bin/env python3
"""Filter for the output of test/Inputs/json_lines.py: writes each dtype
config that equals one of onednn.py's five DTypeConfigs (as
BackendConfig.to_dict() JSON) as that config's name, so the checks can say
which list a config has. Any other dtype config is left as it is.

Usage: json_lines.py X.json | dtype_names.py
"""
import json
import sys

Q8 = {"dtype": "torch.quint8"}
S8 = {"dtype": "torch.qint8"}
F32 = {"dtype": "torch.float32"}

# onednn.py: onednn_<name>_dtype_config
NAMES = {
    "weighted_op_int8": {"input_dtype": Q8, "output_dtype": Q8, "weight_dtype": S8,
                         "bias_dtype": "torch.float32"},
    "op_quint8": {"input_dtype": Q8, "output_dtype": Q8},
    "dynamic_int8": {"input_dtype": Q8, "output_dtype": F32, "weight_dtype": S8,
                     "bias_dtype": "torch.float32", "is_dynamic": True},
    "weight_only_qint8": {"input_dtype": F32, "output_dtype": F32, "weight_dtype": S8},
    "input_output_only_quint8": {"input_dtype": Q8, "output_dtype": Q8, "weight_dtype": F32,
                                 "bias_dtype": "torch.float32"},
}


def name_of(dc):
    for name, value in NAMES.items():
        # key order matters too: bpatc writes to_dict()'s order
        if dc == value and list(dc) == list(value):
            return name
    return dc


for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.startswith("{"):
        print(line)
        continue
    config = json.loads(line)
    if "dtype_configs" in config:
        config["dtype_configs"] = [name_of(dc) for dc in config["dtype_configs"]]
    print(json.dumps(config, separators=(", ", ": ")))
