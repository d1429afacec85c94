"""fuse_fx, prepare_fx (PTQ), prepare_qat_fx (QAT) and convert_fx on
torchvision models in the real PyTorch 2.6, with the generated config of a
2.6 port and with PyTorch's own: the same graph code and module types after
every step, the same outputs.

Models (weights=None, no download): resnet18 (conv-bn-relu, add-relu,
linear), mobilenet_v2 (relu6, residual adds), mobilenet_v3_small (hardswish,
hardsigmoid: the fixed-qparams configs, now dtype constraints), shufflenet_v2
(cat, chunk, transpose, flatten). fuse_fx with all seven backends; prepare
(PTQ and QAT) and convert with native on all four; x86 and qnnpack (their
default qconfig mappings) on two, x86 QAT on mobilenet_v2, onednn on resnet18.
"""

import copy
import unittest

import torch
import torchvision
from torch.ao.quantization import get_default_qat_qconfig_mapping, get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, fuse_fx, prepare_fx, prepare_qat_fx

import common
import manifest
from bpat_torch import backends

MODELS = ["resnet18", "mobilenet_v2", "mobilenet_v3_small", "shufflenet_v2_x0_5"]
QCONFIG = {"native": "fbgemm", "x86": "x86", "qnnpack": "qnnpack", "onednn": "onednn"}


def module_types(gm):
    return [(name, type(m)) for name, m in gm.named_modules() if name]


def build(name, train=False):
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    return model.train() if train else model.eval()


EXAMPLE = (torch.randn(1, 3, 224, 224),)


class ModelsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ours = {}
        for name in manifest.PORTS:
            cls.ours[name] = getattr(common.load_module(name + "_config.py"), "get_%s_backend_config" % name)

    def pair(self, backend):
        return backends.get_backend_config(backend), self.ours[backend]()

    def test_fuse_all_backends(self):
        for model_name in MODELS:
            model = build(model_name)
            expected = model(*EXAMPLE)
            for backend in manifest.PORTS:
                with self.subTest(model=model_name, backend=backend):
                    theirs, ours = (fuse_fx(copy.deepcopy(model), backend_config=c) for c in self.pair(backend))
                    self.assertEqual(ours.code, theirs.code)
                    self.assertEqual(module_types(ours), module_types(theirs))
                    self.assertTrue(torch.allclose(ours(*EXAMPLE), expected, atol=1e-4))

    def check_quantize(self, model_name, backend, qat):
        model = build(model_name, train=qat)
        if qat:
            mapping, prepare = get_default_qat_qconfig_mapping(QCONFIG[backend]), prepare_qat_fx
        else:
            mapping, prepare = get_default_qconfig_mapping(QCONFIG[backend]), prepare_fx
        results = []
        for config in self.pair(backend):
            torch.manual_seed(0)
            prepared = prepare(copy.deepcopy(model), mapping, EXAMPLE, backend_config=config)
            prepared(*EXAMPLE)
            converted = convert_fx(copy.deepcopy(prepared).eval(), backend_config=config)
            results.append((prepared, converted))
        (p_theirs, c_theirs), (p_ours, c_ours) = results
        self.assertEqual(p_ours.code, p_theirs.code)
        self.assertEqual(module_types(p_ours), module_types(p_theirs))
        self.assertEqual(c_ours.code, c_theirs.code)
        self.assertEqual(module_types(c_ours), module_types(c_theirs))
        self.assertTrue(torch.equal(c_ours(*EXAMPLE), c_theirs(*EXAMPLE)))
        self.assertIn("quantize_per_tensor", c_ours.code)  # not vacuous

    def test_ptq_native(self):
        for model_name in MODELS:
            with self.subTest(model=model_name):
                self.check_quantize(model_name, "native", qat=False)

    def test_qat_native(self):
        for model_name in MODELS:
            with self.subTest(model=model_name):
                self.check_quantize(model_name, "native", qat=True)

    def test_ptq_x86_and_qnnpack(self):
        for backend in ("x86", "qnnpack"):
            for model_name in ("resnet18", "mobilenet_v3_small"):
                with self.subTest(model=model_name, backend=backend):
                    self.check_quantize(model_name, backend, qat=False)

    def test_qat_x86(self):
        self.check_quantize("mobilenet_v2", "x86", qat=True)

    def test_ptq_onednn(self):
        self.check_quantize("resnet18", "onednn", qat=False)


if __name__ == "__main__":
    unittest.main()
