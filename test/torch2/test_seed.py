"""The brief's example in the real PyTorch 2.6.

examples/seed.bpat, emitted with --torch-api=2, registers conv2d -> batchnorm2d
-> relu in the simple forward format with PyTorch's own forward fuser
fuse_conv_bn_relu(is_qat, conv, bn, relu), and linear -> relu as
_sequential_wrapper2(LinearReLU). Inputs/legacy.bpat registers the same
conv-bn-relu in the backward-compatible form, _set_pattern_complex_format(
(ReLU, (BatchNorm2d, Conv2d))), with a fuser taking (relu, (bn, conv)).
Both fuse a real model: to nni.ConvBnReLU2d for QAT (is_qat=True), and to
exactly what PyTorch's own native config gives in eval mode.
"""

import copy
import unittest

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.ao.nn.intrinsic as nni
from torch.ao.quantization.backend_config import get_native_backend_config
from torch.ao.quantization.fuser_method_mappings import fuse_conv_bn_relu
from torch.ao.quantization.quantize_fx import _fuse_fx, fuse_fx
from torch.fx import symbolic_trace

import common
import my_backend


class ConvBnReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class LinearReLUs(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(8, 8)
        self.relu = nn.ReLU()
        self.l2 = nn.Linear(8, 8)

    def forward(self, x):
        return F.relu(self.l2(self.relu(self.l1(x))))


class ConvAddReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU()

    def forward(self, x, y):
        return self.relu(torch.add(self.conv(x), y))


def module_types(gm):
    return [(name, type(m).__name__) for name, m in gm.named_modules() if name]


class SeedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.simple = staticmethod(common.load_module("seed.py").get_native_backend_config)
        cls.legacy = staticmethod(common.load_module("legacy.py").get_legacy_backend_config)

    def test_simple_format_registration(self):
        configs = {c.pattern: c for c in self.simple().configs if c.pattern is not None}
        cbr = configs[(nn.Conv2d, nn.BatchNorm2d, nn.ReLU)]
        self.assertIs(cbr.fuser_method, fuse_conv_bn_relu)  # PyTorch's forward fuser, unwrapped
        self.assertIs(cbr.fused_module, nni.ConvBnReLU2d)
        self.assertIsNone(cbr._pattern_complex_format)
        lr = configs[(nn.Linear, nn.ReLU)]
        self.assertEqual(lr.fuser_method.__qualname__, "_sequential_wrapper2.<locals>.fuser_method")
        self.assertIn((nn.Linear, F.relu), configs)
        self.assertIn((nn.Linear, "relu"), configs)

    def test_legacy_format_registration(self):
        (config,) = self.legacy().configs
        self.assertIsNone(config.pattern)
        self.assertEqual(config._pattern_complex_format, (nn.ReLU, (nn.BatchNorm2d, nn.Conv2d)))
        self.assertIs(config.fuser_method, my_backend.fuse_conv_bn_relu_reversed)

    def fuse_qat(self, get_config):
        torch.manual_seed(0)
        model = ConvBnReLU().train()
        return _fuse_fx(symbolic_trace(model), is_qat=True, backend_config=get_config())

    def test_both_forms_fuse_conv_bn_relu_for_qat(self):
        del my_backend.CALLS[:]
        simple, legacy = self.fuse_qat(self.simple), self.fuse_qat(self.legacy)
        theirs = self.fuse_qat(get_native_backend_config)
        for fused in (simple, legacy):
            self.assertEqual(module_types(fused), module_types(theirs))
            self.assertIsInstance(fused.conv, nni.ConvBnReLU2d)
            self.assertEqual(fused.code, theirs.code)
        # the legacy fuser got the reversed nested modules
        self.assertEqual(my_backend.CALLS, [("fuse_conv_bn_relu_reversed", True,
                                             ["ReLU", ["BatchNorm2d", "Conv2d"]])])

    def test_both_forms_fuse_like_pytorch_in_eval(self):
        torch.manual_seed(0)
        model = ConvBnReLU().eval()
        x = torch.randn(2, 3, 8, 8)
        results = [fuse_fx(copy.deepcopy(model), backend_config=get())
                   for get in (get_native_backend_config, self.simple, self.legacy)]
        theirs = results[0]
        self.assertIsInstance(theirs.conv, nni.ConvReLU2d)  # bn folded in eval
        for fused in results[1:]:
            self.assertEqual(fused.code, theirs.code)
            self.assertEqual(module_types(fused), module_types(theirs))
            self.assertTrue(torch.allclose(fused(x), model(x), atol=1e-5))

    def test_linear_relu_module_and_functional(self):
        model = LinearReLUs().eval()
        fused = fuse_fx(copy.deepcopy(model), backend_config=self.simple())
        theirs = fuse_fx(copy.deepcopy(model), backend_config=get_native_backend_config())
        self.assertIsInstance(fused.l1, nni.LinearReLU)
        self.assertIsInstance(fused.l2, nni.LinearReLU)
        self.assertEqual(fused.code, theirs.code)
        x = torch.randn(4, 8)
        self.assertTrue(torch.equal(fused(x), model(x)))

    def test_tree_pattern_with_getters(self):
        del my_backend.CALLS[:]
        torch.manual_seed(0)
        model = ConvAddReLU().eval()
        fused = fuse_fx(copy.deepcopy(model), backend_config=self.simple())
        self.assertIsInstance(fused.conv, my_backend.ConvAddReLU2d)
        from torch.ao.quantization.utils import MatchAllNode
        self.assertEqual(my_backend.CALLS, [("fuse_conv_add_relu", False,
                                             ["ReLU", [repr(torch.add), "Conv2d", repr(MatchAllNode)]])])
        x, y = torch.randn(1, 3, 4, 4), torch.randn(1, 3, 4, 4)
        self.assertTrue(torch.allclose(fused(x, y), model(x, y)))


if __name__ == "__main__":
    unittest.main()
