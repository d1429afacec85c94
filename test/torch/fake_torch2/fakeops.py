"""Ops, fused modules, fusers and getters named by Inputs/torch2.bpat, for the
fake-PyTorch-2 test. Fusers and fused-module constructors record their
arguments in CALLS."""

CALLS = []


class Op:
    pass


class Conv(Op): pass
class BN(Op): pass
class ReLU(Op): pass
class Dropout(Op): pass
class Identity(Op): pass
class ConvQAT(Op): pass
class ConvRef(Op): pass


def relu(x):
    return x


def add(x, y):
    return x


class _Recording:
    def __init__(self, *modules):
        CALLS.append((type(self).__name__, modules))


class ConvReLU(_Recording): pass
class Fused(_Recording): pass


def _fuser(name):
    def fuser(is_qat, *args):
        CALLS.append((name, args))
        return name
    fuser.__name__ = fuser.__qualname__ = name
    return fuser


fwd2 = _fuser("fwd2")
fwd3 = _fuser("fwd3")
fwd4 = _fuser("fwd4")
tree = _fuser("tree")
rev2 = _fuser("rev2")


def root_getter(pattern):
    return pattern


def extra_getter(pattern):
    return []
