"""(3) prepare_fx / prepare_qat_fx and convert_fx on torchvision models with
the generated native config (library/torch/backends/native.bpat,
--torch-api=1.13) and with PyTorch's get_native_backend_config(): the same
graph code and module types after each step, and the same outputs.

Models (weights=None, no download): resnet18 (conv-bn-relu, add-relu,
linear), mobilenet_v3_small (hardswish, hardsigmoid: the fixed-qparams
configs with overwrite_output_*, adaptive pooling, flatten).
"""

import copy
import unittest

import torch
import torchvision
from torch.ao.quantization import get_default_qat_qconfig_mapping, get_default_qconfig_mapping
from torch.ao.quantization.backend_config import get_native_backend_config
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx, prepare_qat_fx

import common


def module_types(gm):
    return [(name, type(m)) for name, m in gm.named_modules() if name]


class PrepareConvertTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.generated = staticmethod(
            common.import_torch_module(common.NATIVE_BPAT, "1.13").get_native_backend_config)

    def check(self, model_name, qat):
        torch.manual_seed(0)
        model = getattr(torchvision.models, model_name)(weights=None)
        example = (torch.randn(1, 3, 224, 224),)
        if qat:
            model.train()
            mapping, prepare = get_default_qat_qconfig_mapping("fbgemm"), prepare_qat_fx
        else:
            model.eval()
            mapping, prepare = get_default_qconfig_mapping("fbgemm"), prepare_fx
        results = {}
        for label, backend_config in (("theirs", get_native_backend_config()), ("ours", self.generated())):
            torch.manual_seed(0)
            prepared = prepare(copy.deepcopy(model), mapping, example, backend_config=backend_config)
            prepared(*example)
            converted = convert_fx(copy.deepcopy(prepared).eval(), backend_config=backend_config)
            results[label] = (prepared, converted)
        (p_theirs, c_theirs), (p_ours, c_ours) = results["theirs"], results["ours"]
        self.assertEqual(p_ours.code, p_theirs.code)
        self.assertEqual(module_types(p_ours), module_types(p_theirs))
        self.assertEqual(c_ours.code, c_theirs.code)
        self.assertEqual(module_types(c_ours), module_types(c_theirs))
        self.assertTrue(torch.equal(c_ours(*example), c_theirs(*example)))
        # not vacuous: something was quantized
        self.assertIn("quantize_per_tensor", c_ours.code)

    def test_resnet18_ptq(self):
        self.check("resnet18", qat=False)

    def test_resnet18_qat(self):
        self.check("resnet18", qat=True)

    def test_mobilenet_v3_small_ptq(self):
        self.check("mobilenet_v3_small", qat=False)


if __name__ == "__main__":
    unittest.main()
