"""(1) The --torch-api=1.13 module, imported into PyTorch 1.13.1, builds the
BackendConfig that `bpatc --emit=json` describes (compared through
utils/dump_backend_config.py), and for the ports of PyTorch's own backends the
one PyTorch builds.

The JSON is the post-#90698 shape. Two differences are by design
(docs/torch-emit.md) and are applied to the expected JSON, nothing else:
  - 1.13.1's DTypeWithConstraints has no scale_exact_match /
    zero_point_exact_match: the 1.13 module drops them;
  - in 1.13 every pattern is legacy, so `format = complex` cannot be seen on a
    config without a fuser: the dump (like PR #90698's rewrite) shows such a
    chain of 1-3 ops under "pattern".
"""

import copy
import os
import unittest

import common
from bpat_torch import backends
from dump_backend_config import backend_config_to_json

MATCH_ALL = "torch.ao.quantization.utils.MatchAllNode"
BACKENDS_DIR = os.path.join(common.LIBRARY, "torch", "backends")
PORTS = ["native", "fbgemm", "qnnpack", "x86", "tensorrt", "executorch", "native_and_fp16"]


def _is_op(x):
    return isinstance(x, str) and x != MATCH_ALL


def _legacy_to_simple(p):
    if _is_op(p):
        return p
    if isinstance(p, list) and len(p) == 2 and _is_op(p[0]):
        if _is_op(p[1]):
            return [p[1], p[0]]
        if isinstance(p[1], list) and len(p[1]) == 2 and all(_is_op(x) for x in p[1]):
            return [p[1][1], p[1][0], p[0]]
    return None


def expected_for_113(doc):
    doc = copy.deepcopy(doc)
    configs = []
    for c in doc["configs"]:
        for dc in c["dtype_configs"]:
            for key in ("input_dtype", "output_dtype", "weight_dtype"):
                if key in dc:
                    dc[key].pop("scale_exact_match", None)
                    dc[key].pop("zero_point_exact_match", None)
        if "pattern_complex_format" in c and "fuser_method" not in c:
            simple = _legacy_to_simple(c["pattern_complex_format"])
            if simple is not None:
                rest = {k: v for k, v in c.items() if k != "pattern_complex_format"}
                c = dict([("pattern", simple)] + list(rest.items()))
        configs.append(c)
    doc["configs"] = configs
    return doc


class RoundTripTest(unittest.TestCase):
    maxDiff = None

    def check(self, bpat_file, *args):
        expected = expected_for_113(common.emit_json(bpat_file, *args))
        module = common.import_torch_module(bpat_file, "1.13", *args)
        get = getattr(module, "get_%s_backend_config" % expected["name"])
        got = backend_config_to_json(get())
        self.assertEqual(len(got["configs"]), len(expected["configs"]))
        for i, (g, e) in enumerate(zip(got["configs"], expected["configs"])):
            self.assertEqual(g, e, "config %d of %s" % (i, bpat_file))
        self.assertEqual(got, expected)
        return got

    def test_every_attribute(self):
        got = self.check(os.path.join(common.INPUTS, "attrs.bpat"))
        # the 4-chains and the tree stay legacy, with bpat's adapters named as
        # --emit=json names them
        fusers = [c.get("fuser_method") for c in got["configs"]]
        self.assertIn("bpat.sequential(torch.nn.modules.container.Sequential)", fusers)
        self.assertIn("bpat.reverse_nested(bpat_torch_test_helpers.fuse_forward4)", fusers)

    def test_exact_match_constraints_are_dropped(self):
        path = os.path.join(common.INPUTS, "exact_match.bpat")
        self.check(path)
        source = common.emit_torch_source(path, "1.13")
        self.assertIn("# Not in PyTorch 1.13's DTypeWithConstraints, dropped: "
                      "scale_exact_match=0.00390625, zero_point_exact_match=0", source)

    def test_two_backends_in_one_module(self):
        path = os.path.join(common.INPUTS, "two_backends.bpat")
        module = common.import_torch_module(path, "1.13")
        for name in ("first", "second"):
            expected = expected_for_113(common.emit_json(path, "--backend", name))
            got = backend_config_to_json(getattr(module, "get_%s_backend_config" % name)())
            self.assertEqual(got, expected)

    def test_ports_equal_json(self):
        for port in PORTS:
            with self.subTest(port=port):
                self.check(os.path.join(BACKENDS_DIR, port + ".bpat"))

    def test_ports_equal_pytorch(self):
        """The generated module builds the configs PyTorch 1.13.1 builds, field
        by field and in order. executorch: 1.13.1's own function never
        returns (reference section 4.1); it is compared with the fixed logic
        of PR #86338, as python/bpat_torch/backends.py builds it."""
        for port in PORTS:
            name = "_native_and_fp16" if port == "native_and_fp16" else port
            with self.subTest(port=port):
                theirs = backend_config_to_json(backends.get_backend_config(name, None, report=lambda m: None))
                module = common.import_torch_module(os.path.join(BACKENDS_DIR, port + ".bpat"), "1.13")
                ours = backend_config_to_json(getattr(module, "get_%s_backend_config" % name)())
                self.assertGreater(len(theirs["configs"]), 20)
                self.assertEqual(ours, theirs)


if __name__ == "__main__":
    unittest.main()
