import json
import operator
import unittest

import common  # noqa: F401
from common import TINY, resnet18_gm, run_script, tiny

import torch
import torch.nn as nn
from torch.ao.quantization.backend_config import BackendConfig, BackendPatternConfig, DTypeConfig
from torch.ao.quantization.utils import MatchAllNode

import fx_export
import torch_find_matches as tfm
from bpat_torch import backends, models

RELU = "torch.nn.modules.activation.ReLU"
BN2D = "torch.nn.modules.batchnorm.BatchNorm2d"
CONV2D = "torch.nn.modules.conv.Conv2d"
CONV_BN_RELU = "(%s, (%s, %s))" % (RELU, BN2D, CONV2D)


def native():
    return backends.get_backend_config("native")


def matches(module, mode, backend_config=None):
    gm = models.trace(module)
    return tfm.find_matches_json(gm, backend_config or native(), mode)


class TinyModules(unittest.TestCase):
    def test_conv_bn_relu_fuse(self):
        m = matches(tiny("ConvBnReLU"), "fuse")
        self.assertEqual(m, {"bn": ["relu", CONV_BN_RELU], "conv": ["relu", CONV_BN_RELU],
                             "relu": ["relu", CONV_BN_RELU]})
        self.assertEqual(list(m), sorted(m))

    def test_conv_bn_relu_quantize(self):
        self.assertEqual(matches(tiny("ConvBnReLU"), "quantize"),
                         {"bn": ["relu", CONV_BN_RELU], "conv": ["relu", CONV_BN_RELU],
                          "relu": ["relu", CONV_BN_RELU]})

    def test_residual(self):
        # native 1.13.1 has no conv-add-relu fusion pattern
        self.assertEqual(matches(tiny("ResidualAddReLU"), "fuse"), {})
        add_relu = "(%s, _operator.add)" % RELU
        self.assertEqual(matches(tiny("ResidualAddReLU"), "quantize"),
                         {"add": ["relu", add_relu], "conv": ["conv", CONV2D], "relu": ["relu", add_relu]})

    def test_relu_variants(self):
        f_relu = "(torch.nn.functional.relu, %s)" % CONV2D
        m_relu = "(%s, %s)" % (RELU, CONV2D)
        # x.relu() (call_method 'relu') has no fusion pattern after a conv
        self.assertEqual(matches(tiny("ReLUVariants"), "fuse"),
                         {"conv1": ["relu", f_relu], "relu": ["relu", f_relu],
                          "conv2": ["relu_1", m_relu], "relu_1": ["relu_1", m_relu]})
        q = matches(tiny("ReLUVariants"), "quantize")
        self.assertEqual(q["relu_2"], ["relu_2", "'relu'"])
        self.assertEqual(q["conv3"], ["conv3", CONV2D])
        self.assertEqual(q["add"], ["add", "torch.add"])
        self.assertEqual(q["add_1"], ["add_1", "_operator.add"])
        self.assertEqual(q["linear"], ["linear", "torch._C._nn.linear"])
        self.assertEqual(q["permute"], ["permute", "'permute'"])

    def test_match_all_node_complex_pattern(self):
        pattern = (nn.ReLU, (operator.add, nn.Conv2d, MatchAllNode))
        cfg = BackendConfig("t").set_backend_pattern_config(
            BackendPatternConfig(pattern)
            .add_dtype_config(DTypeConfig(input_dtype=torch.quint8, output_dtype=torch.quint8))
            .set_fuser_method(lambda is_qat, relu, add_pattern: None))
        text = "(%s, (_operator.add, %s, MatchAllNode))" % (RELU, CONV2D)
        # fuse: nodes matched by MatchAllNode are not recorded
        self.assertEqual(matches(tiny("ResidualAddReLU"), "fuse", cfg),
                         {"add": ["relu", text], "conv": ["relu", text], "relu": ["relu", text]})
        # quantize: they are
        self.assertEqual(matches(tiny("ResidualAddReLU"), "quantize", cfg),
                         {"add": ["relu", text], "conv": ["relu", text], "relu": ["relu", text],
                          "x": ["relu", text]})


class Resnet18(unittest.TestCase):
    def test_fuse_agrees_with_fuse_fx(self):
        gm = resnet18_gm()
        m = tfm.find_matches_json(gm, native(), "fuse")
        anchors = {a for a, _ in m.values()}
        for a in anchors:
            self.assertEqual(m[a][0], a, "an anchor is matched by its own pattern")
        # 20 conv+bn pairs: 17 end in a relu module (conv-bn-relu), the rest are conv-bn
        patterns = [p for _, p in m.values()]
        self.assertEqual(len(anchors), 20)
        self.assertEqual(len(m), 20 * 2 + patterns.count(CONV_BN_RELU) // 3)
        # torch's fuse_fx drops every matched node except one per match
        from torch.ao.quantization.quantize_fx import fuse_fx
        fused = fuse_fx(models.build_model(model_name="resnet18"))
        self.assertEqual(len(fused.graph.nodes), len(gm.graph.nodes) - (len(m) - len(anchors)))

    def test_quantize_covers_graph(self):
        gm = resnet18_gm()
        m = tfm.find_matches_json(gm, native(), "quantize")
        names = {n.name for n in gm.graph.nodes}
        self.assertTrue(set(m) <= names)
        compute = {n.name for n in gm.graph.nodes if n.op not in ("placeholder", "output")}
        self.assertEqual(set(m), compute, "every compute node of resnet18 is claimed")
        self.assertEqual(m["add"], ["layer1_0_relu_1", "(%s, _operator.add)" % RELU])

    def test_cli_node_names_line_up_with_fx_export(self):
        g = json.loads(run_script("fx_export.py", "--model", "resnet18").stdout)
        node_names = {n["name"] for n in g["nodes"]}
        for mode in ("fuse", "quantize"):
            out = run_script("torch_find_matches.py", "--model", "resnet18", "--backend", "native",
                             "--mode", mode).stdout
            m = json.loads(out)
            self.assertEqual(m, tfm.find_matches_json(resnet18_gm(), native(), mode))
            self.assertTrue(set(m) <= node_names)
            self.assertTrue({a for a, _ in m.values()} <= node_names)
            self.assertEqual(list(m), sorted(m))

    def test_cli_module(self):
        out = run_script("torch_find_matches.py", "--module", TINY + ":ConvBnReLU", "--backend", "fbgemm",
                         "--mode", "fuse").stdout
        self.assertEqual(out, '{"bn": ["relu", "%s"],\n "conv": ["relu", "%s"],\n "relu": ["relu", "%s"]}\n'
                         % ((CONV_BN_RELU,) * 3))
        g = fx_export.export_module(tiny("ConvBnReLU"))
        self.assertEqual({n["name"] for n in g["nodes"]} - {"x", "output"}, set(json.loads(out)))


if __name__ == "__main__":
    unittest.main()
