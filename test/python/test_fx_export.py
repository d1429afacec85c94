import json
import operator
import os
import tempfile
import unittest

import common  # noqa: F401  (sets sys.path)
from common import TINY, derived_users, resnet18_gm, run_script, tiny

import torch
import torch.nn.functional as F
from torch.fx.node import _get_qualified_name

import fx_export


class GraphInvariants:
    def check_graph(self, gm, g):
        fx_nodes = list(gm.graph.nodes)
        self.assertEqual(len(g["nodes"]), len(fx_nodes))
        self.assertEqual([n["name"] for n in g["nodes"]], [n.name for n in fx_nodes])
        self.assertEqual([n["op"] for n in g["nodes"]], [n.op for n in fx_nodes])
        self.assertEqual(len({n["name"] for n in g["nodes"]}), len(fx_nodes), "node names are unique")
        for n in g["nodes"]:
            self.assertEqual(list(n), ["name", "op", "target", "args", "kwargs", "users"])
        # users agree with args/kwargs, and with torch.fx's own users
        derived = derived_users(g)
        for n, fx_n in zip(g["nodes"], fx_nodes):
            self.assertEqual(n["users"], derived[n["name"]], n["name"])
            self.assertEqual(sorted(n["users"]), sorted(u.name for u in fx_n.users), n["name"])
            self.assertEqual(len(n["args"]), len(fx_n.args), n["name"])
            self.assertEqual(list(n["kwargs"]), list(fx_n.kwargs), n["name"])
        modules = dict(gm.named_modules())
        for n, fx_n in zip(g["nodes"], fx_nodes):
            if fx_n.op == "call_module":
                cls = type(modules[fx_n.target])
                self.assertEqual(n["target"], cls.__module__ + "." + cls.__qualname__)
            elif fx_n.op == "call_function":
                self.assertEqual(n["target"], _get_qualified_name(fx_n.target))
            elif fx_n.op == "call_method":
                self.assertEqual(n["target"], fx_n.target)


class FxExportResnet18(GraphInvariants, unittest.TestCase):
    def test_resnet18_graph(self):
        gm = resnet18_gm()
        g = fx_export.graph_to_json(gm)
        self.check_graph(gm, g)
        ops = [n["op"] for n in g["nodes"]]
        self.assertEqual(ops.count("placeholder"), 1)
        self.assertEqual(ops.count("output"), 1)
        targets = [n["target"] for n in g["nodes"]]
        self.assertEqual(targets.count("torch.nn.modules.conv.Conv2d"), 20)
        self.assertEqual(targets.count("torch.nn.modules.batchnorm.BatchNorm2d"), 20)
        self.assertEqual(targets.count("_operator.add"), 8)
        self.assertIn("torch.flatten", targets)
        # the first residual block: maxpool feeds both layer1_0_conv1 and the add
        by_name = {n["name"]: n for n in g["nodes"]}
        self.assertEqual(by_name["maxpool"]["users"], ["layer1_0_conv1", "add"])
        self.assertEqual(by_name["add"]["args"], [{"node": "layer1_0_bn2"}, {"node": "maxpool"}])
        self.assertEqual(by_name["flatten"]["args"], [{"node": "avgpool"}, 1])

    def test_cli_matches_library_and_is_deterministic(self):
        with tempfile.TemporaryDirectory() as d:
            out1 = os.path.join(d, "a.json")
            out2 = os.path.join(d, "b.json")
            run_script("fx_export.py", "--model", "resnet18", "-o", out1)
            run_script("fx_export.py", "--model", "resnet18", "-o", out2)
            with open(out1, "rb") as f1, open(out2, "rb") as f2:
                text = f1.read()
                self.assertEqual(text, f2.read())
            self.assertEqual(json.loads(text.decode("utf-8")), fx_export.graph_to_json(resnet18_gm()))


class FxExportTiny(GraphInvariants, unittest.TestCase):
    def test_relu_variants_and_function_names(self):
        m = tiny("ReLUVariants")
        gm = torch.fx.symbolic_trace(m)
        g = fx_export.export_module(m)
        self.check_graph(gm, g)
        by_name = {n["name"]: n for n in g["nodes"]}
        # F.relu -> call_function, nn.ReLU -> call_module, x.relu() -> call_method
        self.assertEqual((by_name["relu"]["op"], by_name["relu"]["target"]),
                         ("call_function", "torch.nn.functional.relu"))
        self.assertEqual(by_name["relu"]["kwargs"], {"inplace": False})
        self.assertEqual((by_name["relu_1"]["op"], by_name["relu_1"]["target"]),
                         ("call_module", "torch.nn.modules.activation.ReLU"))
        self.assertEqual((by_name["relu_2"]["op"], by_name["relu_2"]["target"]), ("call_method", "relu"))
        self.assertEqual(by_name["add"]["target"], "torch.add")
        self.assertEqual(by_name["add_1"]["target"], "_operator.add")
        self.assertEqual(by_name["linear"]["target"], "torch._C._nn.linear")
        self.assertEqual(by_name["permute"]["args"], [{"node": "add_1"}, 0, 2, 3, 1])
        self.assertEqual(by_name["weight"]["op"], "get_attr")
        self.assertEqual(by_name["x"]["users"], ["conv1", "conv2", "conv3"])

    def test_qualified_name_facts(self):
        self.assertEqual(_get_qualified_name(F.relu), "torch.nn.functional.relu")
        self.assertEqual(_get_qualified_name(torch.add), "torch.add")
        self.assertEqual(_get_qualified_name(operator.add), "_operator.add")
        self.assertEqual(_get_qualified_name(F.linear), "torch._C._nn.linear")
        self.assertEqual(_get_qualified_name(F.conv2d), "torch.conv2d")
        self.assertEqual(_get_qualified_name(getattr), "getattr")

    def test_conv_bn_relu(self):
        g = fx_export.export_module(tiny("ConvBnReLU"))
        self.assertEqual([(n["name"], n["op"], n["target"]) for n in g["nodes"]], [
            ("x", "placeholder", "x"),
            ("conv", "call_module", "torch.nn.modules.conv.Conv2d"),
            ("bn", "call_module", "torch.nn.modules.batchnorm.BatchNorm2d"),
            ("relu", "call_module", "torch.nn.modules.activation.ReLU"),
            ("output", "output", "output"),
        ])
        self.assertEqual([n["users"] for n in g["nodes"]], [["conv"], ["bn"], ["relu"], ["output"], []])

    def test_residual(self):
        m = tiny("ResidualAddReLU")
        g = fx_export.export_module(m)
        self.check_graph(torch.fx.symbolic_trace(m), g)
        by_name = {n["name"]: n for n in g["nodes"]}
        self.assertEqual(by_name["x"]["users"], ["conv", "add"])
        self.assertEqual(by_name["add"]["args"], [{"node": "conv"}, {"node": "x"}])

    def test_literal_encoding(self):
        m = tiny("Literals")
        g = fx_export.export_module(m)
        self.check_graph(torch.fx.symbolic_trace(m), g)
        by_name = {n["name"]: n for n in g["nodes"]}
        self.assertEqual(by_name["to"]["args"], [{"node": "x"}, {"literal": "torch.float32"}])
        self.assertEqual(by_name["getitem"]["args"],
                         [{"node": "to"}, [{"literal": "Ellipsis"}, {"literal": "slice(0, 2, None)"}]])
        self.assertEqual(by_name["cat"]["args"], [[{"node": "flatten"}, {"node": "flatten"}]])
        self.assertEqual(by_name["cat"]["kwargs"], {"dim": 1})
        self.assertEqual(by_name["sum_1"]["kwargs"], {"dim": -1, "keepdim": True})
        self.assertEqual(by_name["mul"]["args"], [{"node": "sum_1"}, 0.5])
        self.assertEqual(by_name["flatten"]["users"], ["cat"])  # listed once though used twice

    def test_encode_arg(self):
        enc = fx_export.encode_arg
        self.assertEqual(enc(torch.Size([1, 3])), {"literal": "torch.Size([1, 3])"})
        self.assertEqual(enc((1, (2.5, None), "s", True)), [1, [2.5, None], "s", True])
        self.assertEqual(enc(float("inf")), {"literal": "inf"})
        self.assertEqual(enc(torch.channels_last), {"literal": "torch.channels_last"})
        self.assertEqual(enc({"a": 1}), {"dict": {"a": 1}})

    def test_parametrized_module_keeps_its_class_name(self):
        import torch.nn.utils.parametrize as parametrize

        class Same(torch.nn.Module):
            def forward(self, w):
                return w

        m = tiny("ConvBnReLU")
        parametrize.register_parametrization(m.conv, "weight", Same())
        self.assertNotEqual(type(m.conv), torch.nn.Conv2d)
        g = fx_export.export_module(m)
        self.assertEqual(g["nodes"][1]["target"], "torch.nn.modules.conv.Conv2d")

    def test_cli_module_and_errors(self):
        proc = run_script("fx_export.py", "--module", TINY + ":ConvBnReLU")
        self.assertEqual(json.loads(proc.stdout), fx_export.export_module(tiny("ConvBnReLU")))
        bad = run_script("fx_export.py", "--module", TINY + ":NoSuchClass", check=False)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("error", bad.stderr)
        bad = run_script("fx_export.py", "--model", "no_such_model", check=False)
        self.assertNotEqual(bad.returncode, 0)


if __name__ == "__main__":
    unittest.main()
