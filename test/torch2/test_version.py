"""A module generated for the other PyTorch API fails its import at once:
a --torch-api=1.13 module (legacy patterns in BackendPatternConfig(pattern),
which PyTorch 2 would read as forward-order) in PyTorch 2.6, naming the
installed version and the flag to regenerate with. (test/torch/test_errors.py
checks a --torch-api=2 module in 1.13.1.)"""

import os
import subprocess
import sys
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

    def test_setter_gone_in_26_is_skipped(self):
        """input_output_observed (1.13.1's embedding configs) is set only
        where BackendPatternConfig still has the setter; 2.6 has not."""
        from torch.ao.quantization.backend_config import BackendPatternConfig
        self.assertFalse(hasattr(BackendPatternConfig, "_set_input_output_observed"))
        config = common.load_module("native113_api2.py").get_native_backend_config()
        self.assertEqual(len(config.configs), 185)

    def test_api2_module_imports(self):
        self.assertEqual(common.load_module("seed.py")._TORCH_API, "2")

    def test_api2_module_alone_in_a_fresh_process(self):
        """Nothing else imported first: PyTorch 2.6's BackendConfig needs
        torch.ao.quantization.backend_config.utils imported, which
        quantize_fx does but a plain script may not; the module does it."""
        script = ("import importlib.util, sys\n"
                  "spec = importlib.util.spec_from_file_location('seed', sys.argv[1])\n"
                  "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
                  "print(len(m.get_native_backend_config().configs))\n")
        inputs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs")
        result = subprocess.run([sys.executable, "-c", script, common.path("seed.py")],
                                capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=inputs))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split()[-1], str(len(common.load_json("seed.json")["configs"])))


if __name__ == "__main__":
    unittest.main()
