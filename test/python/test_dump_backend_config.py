import json
import operator
import os
import re
import subprocess
import tempfile
import textwrap
import unittest

import common
from common import ENUMERATION, run_script

import torch
import torch.nn as nn
import torch.nn.functional as F

import dump_backend_config as dbc
from bpat_torch import backends, names

FMM = "torch.ao.quantization.fuser_method_mappings"

SECTION_TO_BACKEND = {
    "native": "native",
    "test_only_legacy_native": "_native_and_fp16",
    "fbgemm": "fbgemm",
    "qnnpack": "qnnpack",
    "x86": "x86",
    "tensorrt": "tensorrt",
    "executorch": "executorch",
}


def _namespace():
    import torch.ao.nn.quantized.reference as nnqr
    import torch.nn.intrinsic as nni
    import torch.nn.intrinsic.qat as nniqat
    import torch.nn.qat as nnqat
    from torch.ao.quantization import fuser_method_mappings as fmm
    ns = {"nn": nn, "F": F, "nni": nni, "nniqat": nniqat, "nnqat": nnqat, "nnqr": nnqr,
          "operator": operator, "torch": torch}
    for name in ("fuse_conv_bn", "fuse_conv_bn_relu", "fuse_convtranspose_bn", "fuse_linear_bn"):
        ns[name] = getattr(fmm, name)
    # the mechanical #90698 fuser rewrite, rendered as the contract writes it
    ns["reverse2"] = names.callable_name
    ns["reverse3"] = names.callable_name
    ns["reverse_sequential_wrapper2"] = lambda cls: "%s._sequential_wrapper2(%s)" % (FMM, names.class_name(cls))
    return ns


def parse_enumeration(path=ENUMERATION):
    """{backend: {"name": str, "count": int, "configs": [dict of raw fields]}}"""
    out = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"## (\w+).*backend name='([^']*)'", line)
            if m:
                current = {"name": m.group(2), "configs": []}
                out[SECTION_TO_BACKEND[m.group(1)]] = current
                continue
            m = re.match(r"count=(\d+)$", line)
            if m and current is not None:
                current["count"] = int(m.group(1))
                continue
            m = re.match(r"\s*(\d+)\. complex=(.*?) \| simple=(.*?) \| (.*)$", line)
            if m and current is not None:
                fields = {"complex": m.group(2), "simple": m.group(3)}
                for part in m.group(4).split("; "):
                    key, _, value = part.partition("=")
                    fields[key] = value
                current["configs"].append(fields)
    return out


def expected_config(raw, ns):
    """What the contract says dump_backend_config.py must write for one
    enumeration line (minus the dtype details, which the line abbreviates)."""
    simple = eval(raw["simple"], ns)
    exp = {"pattern": [names.op_name(p) for p in simple] if isinstance(simple, tuple) else names.op_name(simple),
           "observation_type": "ObservationType." + raw["obs"]}
    for key, out_key in (("root_module", "root_module"), ("qat_module", "qat_module"),
                         ("reference_quantized_module", "reference_quantized_module_for_root"),
                         ("fused_module", "fused_module")):
        if key in raw:
            exp[out_key] = names.class_name(eval(raw[key], ns))
    if "fuser" in raw:
        exp["fuser_method"] = eval(raw["fuser"], ns)
    if "num_tensor_args_to_obs" in raw:
        body = raw["num_tensor_args_to_obs"].strip("{}")
        exp["num_tensor_args_to_observation_type"] = {
            k.strip(): "ObservationType." + v.strip() for k, v in (item.split(":") for item in body.split(", "))}
    if "input_type_to_index" in raw:
        exp["input_type_to_index"] = eval(raw["input_type_to_index"])
    if "input_output_observed" in raw:
        exp["input_output_observed"] = eval(raw["input_output_observed"])
    return exp


_DUMPS = {}


def dump(backend):
    if backend not in _DUMPS:
        _DUMPS[backend] = dbc.backend_config_to_json(backends.get_backend_config(backend, report=lambda m: None))
    return _DUMPS[backend]


@unittest.skipUnless(os.path.exists(ENUMERATION), "reference enumeration not found")
class AgainstReferenceEnumeration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.enum = parse_enumeration()
        cls.ns = _namespace()

    def test_native_count_and_first_three(self):
        d = dump("native")
        self.assertEqual(d["name"], "native")
        self.assertEqual(len(d["configs"]), 185)
        first3 = [eval(c["simple"], self.ns) for c in self.enum["native"]["configs"][:3]]
        self.assertEqual([c["pattern"] for c in d["configs"][:3]], [names.op_name(p) for p in first3])
        self.assertEqual([c["pattern"] for c in d["configs"][:3]],
                         ["torch.nn.modules.conv.Conv1d", "torch.ao.nn.qat.modules.conv.Conv1d", "torch.conv1d"])

    def _check_backend(self, backend):
        ref = self.enum[backend]
        d = dump(backend)
        self.assertEqual(d["name"], ref["name"])
        self.assertEqual(len(d["configs"]), ref["count"])
        self.assertEqual(len(ref["configs"]), ref["count"])
        for i, (got, raw) in enumerate(zip(d["configs"], ref["configs"])):
            exp = expected_config(raw, self.ns)
            for key, value in exp.items():
                self.assertEqual(got.get(key), value, "%s config %d key %s" % (backend, i + 1, key))
            n_dtypes = len([x for x in raw["dtypes"].strip("[]").split(", ") if x])
            self.assertEqual(len(got["dtype_configs"]), n_dtypes, "%s config %d" % (backend, i + 1))
            has_overwrite = "overwrite_output_observer" in raw
            self.assertEqual("overwrite_output_observer" in got, has_overwrite)
            self.assertEqual("overwrite_output_fake_quantize" in got, has_overwrite)
            # nothing beyond what the enumeration lists
            allowed = set(exp) | {"dtype_configs"}
            if has_overwrite:
                allowed |= {"overwrite_output_observer", "overwrite_output_fake_quantize"}
            self.assertEqual(set(got), allowed, "%s config %d" % (backend, i + 1))
            # key order is the contract's
            order = ["pattern", "observation_type", "dtype_configs", "root_module", "qat_module",
                     "reference_quantized_module_for_root", "fused_module", "fuser_method", "root_node_getter",
                     "extra_inputs_getter", "num_tensor_args_to_observation_type", "input_type_to_index",
                     "input_output_observed", "overwrite_output_fake_quantize", "overwrite_output_observer",
                     "pattern_complex_format"]
            self.assertEqual(list(got), [k for k in order if k in got])

    def test_native(self):
        self._check_backend("native")

    def test_native_and_fp16(self):
        self._check_backend("_native_and_fp16")

    def test_fbgemm(self):
        self._check_backend("fbgemm")

    def test_qnnpack(self):
        self._check_backend("qnnpack")

    def test_x86(self):
        self._check_backend("x86")

    def test_tensorrt(self):
        self._check_backend("tensorrt")

    def test_executorch(self):
        self._check_backend("executorch")


class DumpDetails(unittest.TestCase):
    def test_dtype_configs(self):
        c = dump("native")["configs"][0]
        self.assertEqual(c["dtype_configs"], [{
            "input_dtype": {"dtype": "torch.quint8"}, "output_dtype": {"dtype": "torch.quint8"},
            "weight_dtype": {"dtype": "torch.qint8"}, "bias_dtype": "torch.float32"}])
        linear = next(c for c in dump("native")["configs"] if c["pattern"] == "torch.nn.modules.linear.Linear")
        self.assertEqual(linear["dtype_configs"][1], {
            "input_dtype": {"dtype": "torch.quint8"}, "output_dtype": {"dtype": "torch.float32"},
            "weight_dtype": {"dtype": "torch.qint8"}, "bias_dtype": "torch.float32", "is_dynamic": True})
        q = dump("qnnpack")["configs"][0]["dtype_configs"][0]
        self.assertEqual(q["weight_dtype"], {"dtype": "torch.qint8", "quant_min_lower_bound": -127,
                                             "quant_max_upper_bound": 127, "scale_min_lower_bound": 2 ** -12})
        self.assertIsInstance(q["weight_dtype"]["quant_min_lower_bound"], int)

    def test_overwrite_expressions_recreate_objects(self):
        from torch.ao.quantization.backend_config.native import get_native_backend_config
        live = list(get_native_backend_config().configs.values())
        got = dump("native")["configs"]
        ns = {"torch": torch}
        seen = 0
        for cfg, out in zip(live, got):
            if cfg._overwrite_output_observer is None:
                continue
            seen += 1
            obs_expr = out["overwrite_output_observer"]
            fq_expr = out["overwrite_output_fake_quantize"]
            # rendering is deterministic and sorted
            self.assertTrue(obs_expr.startswith("torch.ao.quantization.observer.FixedQParamsObserver.with_args("))
            self.assertIn("(dtype=torch.quint8, quant_max=255, quant_min=0, scale=", obs_expr)
            self.assertEqual(fq_expr, "torch.ao.quantization.fake_quantize.FixedQParamsFakeQuantize.with_args("
                             "observer=%s)" % obs_expr)
            # and evaluating it gives an equivalent factory
            a, b = eval(obs_expr, ns)(), cfg._overwrite_output_observer()
            self.assertIs(type(a), type(b))
            self.assertEqual((a.scale.item(), a.zero_point.item(), a.dtype, a.quant_min, a.quant_max),
                             (b.scale.item(), b.zero_point.item(), b.dtype, b.quant_min, b.quant_max))
            fa, fb = eval(fq_expr, ns)(), cfg._overwrite_output_fake_quantize()
            self.assertIs(type(fa), type(fb))
            self.assertEqual((fa.scale.item(), fa.zero_point.item()), (fb.scale.item(), fb.zero_point.item()))
        self.assertEqual(seen, 13)
        sig = next(c for c in got if c["pattern"] == "torch.sigmoid")
        self.assertEqual(sig["overwrite_output_fake_quantize"],
                         "torch.ao.quantization.fake_quantize.FixedQParamsFakeQuantize.with_args("
                         "observer=torch.ao.quantization.observer.FixedQParamsObserver.with_args("
                         "dtype=torch.quint8, quant_max=255, quant_min=0, scale=0.00390625, zero_point=0))")
        tanh = next(c for c in got if c["pattern"] == "torch.tanh")
        self.assertIn("scale=0.0078125, zero_point=128", tanh["overwrite_output_observer"])

    def test_cli_output_format(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "native.json")
            run_script("dump_backend_config.py", "--backend", "native", "-o", out)
            with open(out, encoding="utf-8") as f:
                text = f.read()
        self.assertTrue(text.startswith('{\n  "name": "native",\n  "configs": [\n    {\n      "pattern": '))
        self.assertEqual(json.loads(text), dump("native"))
        proc = run_script("dump_backend_config.py", "--list")
        for b in ("native", "fbgemm", "qnnpack", "x86", "tensorrt", "executorch", "_native_and_fp16"):
            self.assertIn(b, proc.stdout)

    def test_cli_executorch_fix_note(self):
        proc = run_script("dump_backend_config.py", "--backend", "executorch", timeout=120)
        self.assertIn("#86338", proc.stderr)
        self.assertEqual(len(json.loads(proc.stdout)["configs"]), 23)

    def test_python_option_and_complex_patterns(self):
        src = textwrap.dedent('''
            import operator
            import torch.nn as nn
            from torch.ao.quantization.backend_config import BackendConfig, BackendPatternConfig, DTypeConfig
            from torch.ao.quantization.fuser_method_mappings import reverse2, sequential_wrapper2
            from torch.ao.quantization.utils import MatchAllNode
            import torch

            def my_fuser(is_qat, relu, add_pattern):
                return None

            def my_root(pattern):
                return pattern[-1]

            def get():
                dc = DTypeConfig(input_dtype=torch.quint8, output_dtype=torch.quint8)
                return BackendConfig("custom").set_backend_pattern_configs([
                    BackendPatternConfig((nn.ReLU, (operator.add, nn.Conv2d, MatchAllNode)))
                        .add_dtype_config(dc).set_fuser_method(my_fuser)._set_root_node_getter(my_root),
                    BackendPatternConfig((nn.ReLU, nn.Linear)).set_fuser_method(my_fuser),
                    BackendPatternConfig((nn.ReLU, nn.Conv2d)).set_fuser_method(sequential_wrapper2(nn.Sequential)),
                    BackendPatternConfig((nn.BatchNorm2d, nn.Conv2d)).set_fuser_method(reverse2(my_fuser)),
                    BackendPatternConfig("relu"),
                ])
        ''')
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bpat_test_custom_cfg.py"), "w") as f:
                f.write(src)
            proc = run_script("dump_backend_config.py", "--python", "bpat_test_custom_cfg:get", check=False)
            # the current directory is on sys.path for --python
            env_proc = subprocess.run(
                [common.PYTHON, os.path.join(common.UTILS, "dump_backend_config.py"),
                 "--python", "bpat_test_custom_cfg:get"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, cwd=d)
        self.assertNotEqual(proc.returncode, 0)  # not importable from the repo root
        self.assertEqual(env_proc.returncode, 0, env_proc.stderr)
        out = json.loads(env_proc.stdout)
        self.assertEqual(out["name"], "custom")
        c0, c1, c2, c3, c4 = out["configs"]
        self.assertNotIn("pattern", c0)
        self.assertEqual(c0["pattern_complex_format"], [
            "torch.nn.modules.activation.ReLU",
            ["_operator.add", "torch.nn.modules.conv.Conv2d", "torch.ao.quantization.utils.MatchAllNode"]])
        self.assertEqual(list(c0)[-1], "pattern_complex_format")
        self.assertEqual(c0["fuser_method"], "bpat_test_custom_cfg.my_fuser")
        self.assertEqual(c0["root_node_getter"], "bpat_test_custom_cfg.my_root")
        # a chain with a fuser that takes reversed arguments stays complex
        self.assertEqual(c1["pattern_complex_format"],
                         ["torch.nn.modules.activation.ReLU", "torch.nn.modules.linear.Linear"])
        self.assertEqual(c2["pattern_complex_format"],
                         ["torch.nn.modules.activation.ReLU", "torch.nn.modules.conv.Conv2d"])
        self.assertEqual(c2["fuser_method"], FMM + "._sequential_wrapper2(torch.nn.modules.container.Sequential)")
        self.assertIn("kept in pattern_complex_format", env_proc.stderr)
        # reverse2(f) on a 2-chain becomes the forward pattern with f
        self.assertEqual(c3["pattern"], ["torch.nn.modules.conv.Conv2d", "torch.nn.modules.batchnorm.BatchNorm2d"])
        self.assertEqual(c3["fuser_method"], "bpat_test_custom_cfg.my_fuser")
        self.assertEqual(c4, {"pattern": "relu", "observation_type":
                              "ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT", "dtype_configs": []})

    def test_legacy_to_simple(self):
        from torch.ao.quantization.utils import MatchAllNode
        self.assertEqual(dbc.legacy_to_simple(nn.Conv2d), nn.Conv2d)
        self.assertEqual(dbc.legacy_to_simple((nn.ReLU, nn.Conv2d)), (nn.Conv2d, nn.ReLU))
        self.assertEqual(dbc.legacy_to_simple((F.relu, (nn.BatchNorm2d, nn.Conv2d))),
                         (nn.Conv2d, nn.BatchNorm2d, F.relu))
        self.assertIsNone(dbc.legacy_to_simple((nn.ReLU, (operator.add, nn.Conv2d, MatchAllNode))))
        self.assertIsNone(dbc.legacy_to_simple((nn.ReLU, MatchAllNode)))
        self.assertIsNone(dbc.legacy_to_simple(MatchAllNode))
        self.assertIsNone(dbc.legacy_to_simple((nn.ReLU, (nn.BatchNorm2d, (nn.Conv2d, nn.Conv2d)))))
        self.assertIsNone(dbc.legacy_to_simple((operator.getitem, nn.MaxPool2d, 0)))


if __name__ == "__main__":
    unittest.main()
