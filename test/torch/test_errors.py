"""A generated module fails its import, loudly, when a name it references does
not exist in the installed PyTorch (or the user's code): ImportError naming
the qualified name. Also: .bpat names that are Python keywords or builtins,
builtins as ops, determinism."""

import os
import unittest

import common

PRELUDE = 'import "torch/all.bpat";\ndtype_config w8 { input = quint8; output = quint8; weight = qint8; bias = float; }\n'


def write(name, text):
    path = os.path.join(common._tmpdir.name, name + ".bpat")
    with open(path, "w") as f:
        f.write(PRELUDE + text)
    return path


class ImportCheckTest(unittest.TestCase):
    """What only Python knows, checked when the generated module is imported:
    TypeError naming the .bpat line of the config."""

    def assertImportFails(self, bpat_text, *fragments, api="1.13"):
        path = write("checks", bpat_text)
        with self.assertRaises(TypeError) as ctx:
            common.import_torch_module(path, api)
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_fused_module_not_indexable(self):
        self.assertImportFails(
            'op Bad = module "bpat_torch_test_helpers.NotIndexableFused";\n'
            'backend b {\n  pattern conv2d -> relu => Bad { fuser = sequential; }\n}',
            "checks.bpat:5: fused module Bad (bpat_torch_test_helpers.NotIndexableFused) "
            "cannot be indexed, but convert_fx takes mod[0]")

    def test_fuser_arity(self):
        self.assertImportFails(
            'fuser f(a, b) = "bpat_torch_test_helpers.fuse_one_module";\n'
            'backend b {\n  pattern conv2d -> relu { fuser = f; }\n}',
            "checks.bpat:5: fuser 'f' cannot be called with 3 positional arguments")

    def test_getter_arity(self):
        self.assertImportFails(
            'fuser f(relu, (add, conv, other)) = "bpat_torch_test_helpers.fuse_conv_add_relu";\n'
            'root_node_getter g = "bpat_torch_test_helpers.root_getter_two_args";\n'
            'op Fused = module "bpat_torch_test_helpers.ConvAddReLU";\n'
            'backend b {\n  pattern relu(add(conv2d, _)) => Fused { fuser = f; root_node_getter = g; }\n}',
            "checks.bpat:7: root node getter 'g' cannot be called with 1 positional arguments")

    def test_qat_float_module(self):
        self.assertImportFails(
            'backend b {\n  pattern linear { qat = Conv2d_qat; } // -Wqat-module-mismatch too\n}',
            "checks.bpat:4: QAT module Conv2d_qat converts torch.nn.modules.conv.Conv2d "
            "(its _FLOAT_MODULE), not linear")

    def test_correct_backend_imports(self):
        path = write("fine", 'backend b {\n'
                             '  pattern linear { qat = Linear_qat; }\n'
                             '  pattern conv2d -> relu => ConvReLU2d { fuser = sequential; }\n}')
        module = common.import_torch_module(path, "1.13")
        self.assertEqual(len(module.get_b_backend_config().configs), 2)


class MissingNameTest(unittest.TestCase):
    def assertImportFails(self, bpat_text, qualified_name, api="1.13"):
        path = write("missing", bpat_text)
        with self.assertRaises(ImportError) as ctx:
            common.import_torch_module(path, api)
        self.assertEqual(ctx.exception.name, qualified_name)
        self.assertIn(repr(qualified_name), str(ctx.exception))

    def test_missing_class_in_existing_module(self):
        self.assertImportFails('op conv9d = module "torch.nn.modules.conv.Conv9d";\n'
                               'backend b { pattern conv9d { dtypes = [w8]; } }',
                               "torch.nn.modules.conv.Conv9d")

    def test_missing_module(self):
        self.assertImportFails('op foo = function "bpat_no_such_package.ops.foo";\n'
                               'backend b { pattern foo; }',
                               "bpat_no_such_package.ops.foo")

    def test_missing_fuser(self):
        self.assertImportFails('fuser f(a, b) = "torch.ao.quantization.fuser_method_mappings.fuse_nothing";\n'
                               'backend b { pattern conv2d -> relu { fuser = f; } }',
                               "torch.ao.quantization.fuser_method_mappings.fuse_nothing")

    def test_missing_dtype(self):
        self.assertImportFails('dtype quint1 = "torch.quint1";\n'
                               'dtype_config d { input = quint1; }\n'
                               'backend b { pattern conv2d { dtypes = [d]; } }',
                               "torch.quint1")

    def test_observation_type_missing_in_113(self):
        self.assertImportFails('backend b { pattern size_method { observation = input_output_not_observed; } }',
                               "torch.ao.quantization.backend_config.ObservationType.INPUT_OUTPUT_NOT_OBSERVED")

    def test_broken_module_error_is_not_hidden(self):
        path = write("broken", 'op x = module "bpat_torch_test_broken.X";\nbackend b { pattern x; }')
        with self.assertRaises(ModuleNotFoundError) as ctx:
            common.import_torch_module(path, "1.13")
        self.assertEqual(ctx.exception.name, "bpat_no_such_dependency_xyz")


class WrongTorchVersionTest(unittest.TestCase):
    """A --torch-api=2 module imported into this PyTorch 1.13.1 fails at once,
    before any name is looked up, naming the installed version and the flag
    to regenerate with (test/torch2 checks the other direction in 2.6)."""

    def test_api2_module_on_113(self):
        import torch
        source = common.emit_torch_source(common.NATIVE_BPAT, "2")
        with self.assertRaises(ImportError) as ctx:
            common.import_source(source, "api2")
        message = str(ctx.exception)
        self.assertIn("--torch-api=2", message)
        self.assertIn("PyTorch %s is installed" % torch.__version__, message)
        self.assertIn("regenerate it with bpatc --emit=torch --torch-api=1.13", message)

    def test_api113_module_on_113_imports(self):
        module = common.import_source(common.emit_torch_source(common.NATIVE_BPAT, "1.13"), "api113")
        self.assertEqual(module._TORCH_API, "1.13")


class NamesTest(unittest.TestCase):
    def test_python_names_and_builtins(self):
        path = write("names", '''
op max = function "torch.max";
op getattr = function "getattr";
op reverse2 = module "torch.nn.modules.activation.ReLU";
op _private = module "torch.nn.modules.conv.Conv2d";
backend b {
  defaults { dtypes = [w8]; }
  pattern max;
  pattern getattr;
  pattern _private -> reverse2 => ConvReLU2d { fuser = sequential; }
}
''')
        source = common.emit_torch_source(path, "1.13")
        for line in ('max_ = _get("torch.max")', 'getattr_ = _get("getattr")',
                     'reverse2_ = _get("torch.nn.modules.activation.ReLU")',
                     "BackendPatternConfig((reverse2_, _private_))",
                     "reverse_sequential_wrapper2(ConvReLU2d)"):
            self.assertIn(line, source)
        module = common.import_source(source)
        import torch
        import builtins
        self.assertIs(module.max_, torch.max)
        self.assertIs(module.getattr_, builtins.getattr)
        self.assertEqual(len(module.get_b_backend_config().configs), 3)

    def test_deterministic(self):
        self.assertEqual(common.emit_torch_source(common.NATIVE_BPAT, "1.13"),
                         common.emit_torch_source(common.NATIVE_BPAT, "1.13"))
        self.assertEqual(common.emit_torch_source(common.NATIVE_BPAT, "2"),
                         common.emit_torch_source(common.NATIVE_BPAT, "2"))


if __name__ == "__main__":
    unittest.main()
