"""The --torch-api=2 module (the API after PyTorch PR #90698).

PyTorch 2 is not installed here (Debian ships 1.13.1), so this runs the
generated module in a subprocess against FAKE stand-ins of the post-#90698
API in test/torch/fake_torch2 (BackendPatternConfig(pattern=None),
_set_pattern_complex_format, the 2-or-3 limit of the simple format, and the
fuser conversion _reverse2 / _reverse3 of reference section 2.2, re-typed).
What it shows: the module uses that API as PR #90698 defines it, builds the
configs --emit=json describes, and every fuser receives its modules in the
order it declares. What it cannot show: that a real PyTorch 2 matches and
fuses with them (test_fusion.py does that for 1.13).
"""

import json
import os
import subprocess
import sys
import unittest

import common

FAKE = os.path.join(common.HERE, "fake_torch2")
INPUT = os.path.join(common.INPUTS, "torch2.bpat")


def short(qualified):
    return qualified.rsplit(".", 1)[-1]


def forward_leaves(legacy):
    """(C, (B, A)) -> [A, B, C] for a legacy chain."""
    out = []
    while isinstance(legacy, list):
        out.append(legacy[0])
        legacy = legacy[1]
    out.append(legacy)
    return out[::-1]


class Torch2FakeTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        source = common.emit_torch_source(INPUT, "2")
        path = os.path.join(common._tmpdir.name, "torch2_generated.py")
        with open(path, "w") as f:
            f.write(source)
        env = dict(os.environ, PYTHONPATH=FAKE)
        result = subprocess.run([sys.executable, os.path.join(FAKE, "run_generated.py"), path],
                                capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise AssertionError("generated --torch-api=2 module failed on the fake API:\n" + result.stderr)
        cls.run_result = json.loads(result.stdout)
        cls.expected = common.emit_json(INPUT)
        cls.source = source

    def test_config_equals_json(self):
        """Equal to --emit=json but for overwrite_output_*: PyTorch 1.13-only
        fields that the --torch-api=2 module drops (docs/torch-emit.md)."""
        expected = json.loads(json.dumps(self.expected))
        dropped = 0
        for c in expected["configs"]:
            for key in ("overwrite_output_fake_quantize", "overwrite_output_observer"):
                dropped += c.pop(key, None) is not None
        self.assertEqual(dropped, 1)
        self.assertEqual(self.run_result["config"], expected)

    def test_fusers_get_their_declared_order(self):
        configs = self.expected["configs"]
        checked = set()
        for record in self.run_result["fusers"]:
            c = configs[record["index"]]
            fuser = c["fuser_method"]
            received = record["received"]
            if "pattern" in c:
                forward = [short(x) for x in c["pattern"]]
            else:
                forward = [short(x) if isinstance(x, str) else x for x in forward_leaves(
                    json.loads(json.dumps(c["pattern_complex_format"]).replace(
                        "torch.ao.quantization.utils.MatchAllNode", "MatchAllNode")))]
            with self.subTest(fuser=fuser, pattern=c.get("pattern") or c["pattern_complex_format"]):
                if fuser in ("fakeops.tree", "fakeops.rev2"):
                    # legacy-format fusers: the reversed nested arguments as-is
                    self.assertEqual(received, [[short(fuser), record["called_with"]]])
                elif "sequential" in fuser:
                    self.assertEqual(received, [[short(c["fused_module"]), forward]])
                else:
                    self.assertEqual(received, [[short(fuser.replace("bpat.reverse_nested(", "").rstrip(")")),
                                                 forward]])
                checked.add(fuser)
        self.assertEqual(checked, {
            "fakeops.fwd2", "fakeops.fwd3", "bpat.reverse_nested(fakeops.fwd4)", "fakeops.tree", "fakeops.rev2",
            "torch.ao.quantization.fuser_method_mappings._sequential_wrapper2(fakeops.ConvReLU)",
            "bpat.sequential(fakeops.Fused)"})

    def test_api_shape(self):
        self.assertIn("BackendPatternConfig((conv, bn, relu))", self.source)
        self.assertIn("BackendPatternConfig()._set_pattern_complex_format((drop, (relu, (bn, conv))))", self.source)
        self.assertIn("# _set_overwrite_output_observer dropped", self.source)
        self.assertNotIn("reverse2", self.source)


if __name__ == "__main__":
    unittest.main()
