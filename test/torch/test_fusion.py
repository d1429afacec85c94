"""(2) fuse_fx with generated configs.

- The native port (library/torch/backends/native.bpat, --torch-api=1.13)
  fuses hand-written modules exactly as PyTorch's own
  get_native_backend_config() does: same graph text, same module types.
- Fusions that only bpat's adapters make possible run in real PyTorch 1.13.1:
  4-op chains (`sequential` and a forward-order fuser, registered in the
  legacy format through bpat's reverse-nested adapter), a tree pattern with a
  wildcard, root node and extra inputs getters, and a `format = complex`
  fuser. The fused model computes what the original computes.
"""

import copy
import os
import unittest

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization.backend_config import get_native_backend_config
from torch.ao.quantization.quantize_fx import fuse_fx

import bpat_torch_test_helpers as helpers
import common


class ConvBnReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class LinearReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 8)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.linear(x))


class ConvFunctionalReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return F.relu(self.conv(x))


class Mixed(nn.Module):
    """All three, a conv-bn without relu, a multi-user conv (not fused with
    its relu) and a method relu."""

    def __init__(self):
        super().__init__()
        self.a = ConvBnReLU()
        self.conv = nn.Conv2d(4, 4, 1)
        self.bn = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 1)
        self.relu = nn.ReLU()
        self.c = ConvFunctionalReLU()
        self.lin = LinearReLU()

    def forward(self, x):
        y = self.bn(self.conv(self.a(x)))
        z = self.conv2(y)
        w = self.relu(z) + z
        w = w.relu()
        return self.lin(torch.flatten(self.c(w[:, :3]), 1)[:, :8])


INPUTS = {
    ConvBnReLU: lambda: torch.randn(1, 3, 8, 8),
    LinearReLU: lambda: torch.randn(2, 8),
    ConvFunctionalReLU: lambda: torch.randn(1, 3, 8, 8),
    Mixed: lambda: torch.randn(1, 3, 10, 10),
}


def module_types(gm):
    """(name, class) of every submodule; the root is a per-instance
    GraphModuleImpl class, so it is left out."""
    return [(name, type(m)) for name, m in gm.named_modules() if name]


class NativeFusionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.generated = staticmethod(common.import_torch_module(common.NATIVE_BPAT, "1.13").get_native_backend_config)

    def check(self, model_cls, training):
        torch.manual_seed(0)
        model = model_cls().train(training)
        theirs = fuse_fx(copy.deepcopy(model), backend_config=get_native_backend_config())
        ours = fuse_fx(copy.deepcopy(model), backend_config=self.generated())
        self.assertEqual(str(ours.graph), str(theirs.graph))
        self.assertEqual(ours.code, theirs.code)
        self.assertEqual(module_types(ours), module_types(theirs))
        x = INPUTS[model_cls]()
        self.assertTrue(torch.allclose(ours(x), theirs(x)))
        return ours

    def test_conv_bn_relu(self):
        fused = self.check(ConvBnReLU, training=False)
        # eval-mode conv-bn-relu folds the bn: ConvReLU2d
        self.assertIn("ConvReLU2d", str(type(fused.conv)))

    def test_linear_relu(self):
        fused = self.check(LinearReLU, training=False)
        self.assertIn("LinearReLU", str(type(fused.linear)))

    def test_conv_functional_relu(self):
        fused = self.check(ConvFunctionalReLU, training=False)
        self.assertIn("ConvReLU2d", str(type(fused.conv)))

    def test_mixed_model(self):
        self.check(Mixed, training=False)


class Chain4(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout()
        self.linear = nn.Linear(6, 6)
        self.relu2 = nn.ReLU()
        self.dropout2 = nn.Dropout()
        self.identity = nn.Identity()

    def forward(self, x):
        y = self.dropout(self.relu(self.bn(self.conv(x))))
        return self.identity(self.dropout2(self.relu2(self.linear(y))))


class ConvAdd(nn.Module):
    """relu(conv(x) + y), the residual on the right; and relu(y + conv(x))
    on the left, which relu(add(conv2d, _)) must not match."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(3, 3, 1)
        self.relu2 = nn.ReLU()

    def forward(self, x, y):
        a = self.relu(self.conv(x) + y)
        return self.relu2(a + self.conv2(a))


class Complex2(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.linear(x))


class BpatOnlyFusionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        module = common.import_torch_module(os.path.join(common.INPUTS, "attrs.bpat"), "1.13")
        cls.config = staticmethod(module.get_attrs_backend_config)

    def fuse(self, model, *inputs):
        model.eval()
        expected = model(*inputs)
        del helpers.CALLS[:]
        fused = fuse_fx(copy.deepcopy(model), backend_config=self.config())
        self.assertTrue(torch.allclose(fused(*inputs), expected))
        return fused

    def test_four_op_chains(self):
        torch.manual_seed(0)
        fused = self.fuse(Chain4(), torch.randn(1, 3, 8, 8))
        # conv-bn-relu-dropout: bpat's `sequential` in nn.Sequential, in forward order
        self.assertIsInstance(fused.conv, nn.Sequential)
        self.assertEqual([type(m) for m in fused.conv],
                         [nn.Conv2d, nn.BatchNorm2d, nn.ReLU, nn.Dropout])
        # linear-relu-dropout-identity: the forward fuser got forward order
        self.assertEqual([(name, [type(m) for m in args]) for name, _, args in helpers.CALLS],
                         [("fuse_forward4", [nn.Linear, nn.ReLU, nn.Dropout, nn.Identity])])
        self.assertEqual([n.op for n in fused.graph.nodes], ["placeholder", "call_module", "call_module", "output"])

    def test_tree_pattern_with_getters(self):
        torch.manual_seed(0)
        fused = self.fuse(ConvAdd(), torch.randn(1, 3, 4, 4), torch.randn(1, 3, 4, 4))
        self.assertIsInstance(fused.conv, helpers.ConvAddReLU)
        # the residual on the left is not relu(add(conv2d, _))
        self.assertIsInstance(fused.conv2, nn.Conv2d)
        # called with PyTorch's reversed nested arguments: relu, (add, conv, other)
        ((name, is_qat, (relu, (add, conv, other))),) = helpers.CALLS
        self.assertEqual((name, is_qat, type(relu), type(conv)),
                         ("fuse_conv_add_relu", False, nn.ReLU, nn.Conv2d))
        # extra_inputs_getter: the fused conv node takes the add's other input
        conv_node = [n for n in fused.graph.nodes if n.target == "conv"][0]
        self.assertEqual([str(a) for a in conv_node.args], ["x", "y"])

    def test_complex_format_fuser(self):
        torch.manual_seed(0)
        fused = self.fuse(Complex2(), torch.randn(2, 4))
        ((name, _, args),) = helpers.CALLS
        self.assertEqual((name, [type(a) for a in args]), ("fuse_reversed2", [nn.ReLU, nn.Linear]))
        self.assertIsInstance(fused.linear, nn.Sequential)


if __name__ == "__main__":
    unittest.main()
