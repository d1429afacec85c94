"""A module generated for the other PyTorch API fails its import at once:
a --torch-api=1.13 module (legacy patterns in BackendPatternConfig(pattern),
which PyTorch 2 would read as forward-order) in PyTorch 2.6, naming the
installed version and the flag to regenerate with. (test/torch/test_errors.py
checks a --torch-api=2 module in 1.13.1.)"""

import unittest

import torch

import common


class VersionTest(unittest.TestCase):
    def test_api113_module_refuses_2x(self):
        with self.assertRaises(ImportError) as ctx:
            common.load_module("seed_113.py")
        message = str(ctx.exception)
        self.assertIn("--torch-api=1.13", message)
        self.assertIn("PyTorch %s is installed" % torch.__version__, message)
        self.assertIn("regenerate it with bpatc --emit=torch --torch-api=2", message)

    def test_api2_module_imports(self):
        self.assertEqual(common.load_module("seed.py")._TORCH_API, "2")


if __name__ == "__main__":
    unittest.main()
