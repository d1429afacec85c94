"""The `my_backend` module that examples/seed.bpat and the test/torch2 inputs
name by qualified name: a fused conv-add-relu module with its fuser and
getters, and recording fusers for every calling convention. Every fuser
appends (its name, is_qat, the types it received) to CALLS."""

import operator

import torch.nn as nn
from torch.ao.quantization.fuser_method_mappings import fuse_conv_bn_relu

CALLS = []


def _shape(x):
    """Types of what a fuser received, nested as received."""
    if isinstance(x, (tuple, list)):
        return [_shape(y) for y in x]
    return type(x).__name__ if isinstance(x, nn.Module) else repr(x)


def _record(name, is_qat, *args):
    CALLS.append((name, is_qat, _shape(list(args))))


class ConvAddReLU2d(nn.Sequential):
    """relu(conv(x) + other). A Sequential, as PyTorch's fused modules are:
    convert_fx indexes a fused module (mod[0] is the conv), and the module
    bpatc generates checks that on import."""

    def __init__(self, conv, relu):
        super().__init__(conv, relu)

    @property
    def conv(self):
        return self[0]

    @property
    def relu(self):
        return self[1]

    def forward(self, x, other):
        return self.relu(self.conv(x) + other)


def fuse_conv_add_relu(is_qat, relu, add_pattern):
    """The seed's tree fuser: reversed nested arguments relu, (add, conv, other)."""
    _record("fuse_conv_add_relu", is_qat, relu, add_pattern)
    add, conv, _other = add_pattern
    assert add in (operator.add, __import__("torch").add), add
    return ConvAddReLU2d(conv, relu)


def conv_add_root(node_pattern):
    _relu, (_add, conv, _other) = node_pattern
    return conv


def conv_add_extra_inputs(node_pattern):
    _relu, (_add, _conv, other) = node_pattern
    return [other]


def fuse_conv_bn_relu_reversed(is_qat, relu, bn_conv):
    """conv-bn-relu fused by a legacy (reversed nested) fuser: (relu, (bn, conv))."""
    _record("fuse_conv_bn_relu_reversed", is_qat, relu, bn_conv)
    bn, conv = bn_conv
    return fuse_conv_bn_relu(is_qat, conv, bn, relu)


def fwd2(is_qat, a, b):
    _record("fwd2", is_qat, a, b)
    return nn.Sequential(a, b)


def fwd3(is_qat, a, b, c):
    _record("fwd3", is_qat, a, b, c)
    return nn.Sequential(a, b, c)


def fwd4(is_qat, a, b, c, d):
    _record("fwd4", is_qat, a, b, c, d)
    return nn.Sequential(a, b, c, d)


def rev2(is_qat, b, a):
    """A 2-chain a -> b registered with `format = complex`: called (b, a)."""
    _record("rev2", is_qat, b, a)
    return nn.Sequential(a, b)
