"""Fusers, getters and modules that the .bpat inputs of test/torch name by
qualified name (`bpat_torch_test_helpers.X`). test/torch is put on sys.path
before a generated module is imported.

Every fuser records the arguments it was called with in CALLS, so that the
tests can check the calling convention PyTorch used.
"""

import operator

import torch
import torch.nn as nn

CALLS = []


def _record(name, is_qat, args):
    CALLS.append((name, is_qat, args))


def fuse_forward4(is_qat, a, b, c, d):
    """A forward-order fuser of a 4-op chain: builds nn.Sequential(a, b, c, d)."""
    _record("fuse_forward4", is_qat, (a, b, c, d))
    return nn.Sequential(a, b, c, d)


def fuse_reversed2(is_qat, relu, linear):
    """A fuser of a 2-op pattern registered with `format = complex`: PyTorch
    calls it with the reversed arguments (relu, linear)."""
    _record("fuse_reversed2", is_qat, (relu, linear))
    return nn.Sequential(linear, relu)


class ConvAddReLU(nn.Sequential):
    """relu(conv(x) + other), the fused module of relu(add(conv2d, _)). A
    Sequential: convert_fx indexes fused modules (mod[0] is the conv)."""

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


class NotIndexableFused(nn.Module):
    """A fused module convert_fx cannot index: the import-time check's case."""

    def __init__(self, *modules):
        super().__init__()
        self.inner = nn.ModuleList(modules)


def fuse_one_module(is_qat, only):
    """A fuser taking one module, declared in .bpat with two."""
    return only


def root_getter_two_args(node_pattern, extra):
    """A root node getter that wants two arguments; PyTorch passes one."""
    return node_pattern


def fuse_conv_add_relu(is_qat, relu, add_pattern):
    """The fuser of relu(add(conv2d, _)), with PyTorch's reversed nested
    arguments: relu, (add, conv, other)."""
    _record("fuse_conv_add_relu", is_qat, (relu, add_pattern))
    add, conv, _other = add_pattern
    assert add is operator.add, add
    return ConvAddReLU(conv, relu)


def conv_add_root(node_pattern):
    """Root node getter of relu(add(conv2d, _)): the conv node."""
    _relu, (_add, conv, _other) = node_pattern
    return conv


def conv_add_extra_inputs(node_pattern):
    """Extra inputs getter of relu(add(conv2d, _)): the add's other input."""
    _relu, (_add, _conv, other) = node_pattern
    return [other]
