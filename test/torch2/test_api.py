"""Every calling convention and setter of the --torch-api=2 module, in the
real PyTorch 2.6 (Inputs/api.bpat; this replaces test/torch's run against
fake stand-ins of the post-#90698 API).

- The generated config, rendered by utils/dump_backend_config.py, is exactly
  `bpatc --emit=json` of the same file (patterns in both formats, fused / root
  / QAT / reference modules, getters, num_tensor_args_to_observation_type,
  input_type_to_index, dtype constraints, is_dynamic).
- fuse_fx on one small model per fusion pattern: each fuser receives its
  modules in the order it declares (forward for 2- and 3-chains, forward
  through bpat's adapter for longer chains, reversed for `format = complex`,
  nested for trees), the fused model has the fused module, and computes what
  the float model computes.
"""

import operator
import unittest

import torch
import torch.nn as nn
from torch.ao.quantization.quantize_fx import fuse_fx
from torch.ao.quantization.utils import MatchAllNode

import common
import my_backend
from dump_backend_config import backend_config_to_json


class Chain(nn.Module):
    def __init__(self, *mods):
        super().__init__()
        self.mods = nn.ModuleList(mods)

    def forward(self, x):
        for m in self.mods:
            x = m(x)
        return x


class ConvAddReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU()

    def forward(self, x, y):
        return self.relu(self.conv(x) + y)


def conv():
    return nn.Conv2d(3, 3, 1)


def linear():
    return nn.Linear(6, 6)


class ApiTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.get_config = staticmethod(common.load_module("api.py").get_api_backend_config)

    def test_config_equals_json(self):
        self.assertEqual(backend_config_to_json(self.get_config()), common.load_json("api.json"))

    def fuse(self, model, *inputs):
        del my_backend.CALLS[:]
        torch.manual_seed(0)
        model = model.eval()
        fused = fuse_fx(model, backend_config=self.get_config())
        self.assertTrue(torch.allclose(fused(*inputs), model(*inputs), atol=1e-5))
        return fused, list(my_backend.CALLS)

    def test_forward_fusers_of_2_and_3_chains(self):
        x = torch.randn(1, 3, 4, 4)
        _, calls = self.fuse(Chain(conv(), nn.BatchNorm2d(3)), x)
        self.assertEqual(calls, [("fwd2", False, ["Conv2d", "BatchNorm2d"])])
        _, calls = self.fuse(Chain(conv(), nn.BatchNorm2d(3), nn.ReLU()), x)
        self.assertEqual(calls, [("fwd3", False, ["Conv2d", "BatchNorm2d", "ReLU"])])

    def test_sequential_fusers(self):
        x = torch.randn(1, 3, 4, 4)
        fused, _ = self.fuse(Chain(conv(), nn.ReLU()), x)
        self.assertEqual(type(fused.get_submodule("mods.0")).__name__, "ConvReLU2d")
        y = torch.randn(2, 6)
        fused, _ = self.fuse(Chain(linear(), nn.ReLU(), nn.Dropout()), y)
        self.assertEqual([type(m).__name__ for m in fused.get_submodule("mods.0")], ["Linear", "ReLU", "Dropout"])
        fused, _ = self.fuse(Chain(linear(), nn.ReLU(), nn.Identity(), nn.Dropout(), nn.Identity()), y)
        self.assertEqual([type(m).__name__ for m in fused.get_submodule("mods.0")],
                         ["Linear", "ReLU", "Identity", "Dropout", "Identity"])

    def test_forward_fuser_of_a_4_chain_through_the_adapter(self):
        _, calls = self.fuse(Chain(linear(), nn.ReLU(), nn.Dropout(), nn.Identity()), torch.randn(2, 6))
        self.assertEqual(calls, [("fwd4", False, ["Linear", "ReLU", "Dropout", "Identity"])])

    def test_complex_format_fuser_gets_reversed_modules(self):
        fused, calls = self.fuse(Chain(linear(), nn.Dropout()), torch.randn(2, 6))
        self.assertEqual(calls, [("rev2", False, ["Dropout", "Linear"])])

    def test_tree_fuser_and_getters(self):
        x, y = torch.randn(1, 3, 4, 4), torch.randn(1, 3, 4, 4)
        fused, calls = self.fuse(ConvAddReLU(), x, y)
        self.assertEqual(calls, [("fuse_conv_add_relu", False,
                                  ["ReLU", [repr(operator.add), "Conv2d", repr(MatchAllNode)]])])
        self.assertIsInstance(fused.conv, my_backend.ConvAddReLU2d)
        # the root node getter put the fused module at the conv, the extra
        # inputs getter appended y to its arguments
        (node,) = [n for n in fused.graph.nodes if n.op == "call_module"]
        self.assertEqual([a.name for a in node.args], ["x", "y"])


if __name__ == "__main__":
    unittest.main()
