"""Hand-written modules for comparing bpat-match with PyTorch's matchers on
tree patterns (test/Match/torch-modules.test, backend trees.bpat). Each
class builds with no arguments; python/bpat_torch/models.py traces it."""

import torch
import torch.nn as nn
import torch.nn.functional as F


def _conv():
    return nn.Conv2d(3, 3, 1)


class ResidualRight(nn.Module):
    """relu(conv(x) + x): the residual on the right, relu(add(conv2d, _))."""

    def __init__(self):
        super().__init__()
        self.conv = _conv()
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv(x) + x)


class ResidualLeft(nn.Module):
    """relu(x + conv(x)): the residual on the left, relu(add(_, conv2d))."""

    def __init__(self):
        super().__init__()
        self.conv = _conv()
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(x + self.conv(x))


class ConvPlusConv(nn.Module):
    """relu(conv1(x) + conv2(x)): both tree patterns fit; the first registered
    wins. In quantize mode its wildcard claims conv2."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv()
        self.conv2 = _conv()
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv1(x) + self.conv2(x))


class ConvBnAddRelu(nn.Module):
    """relu(bn(conv(x)) + y), a deeper tree, next to a conv-relu chain whose
    output is the residual: in quantize mode the wildcard claims relu1 (and
    conv1 is left to the bare conv), in fuse mode relu1 fuses with conv1."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv()
        self.relu1 = nn.ReLU()
        self.conv = _conv()
        self.bn = nn.BatchNorm2d(3)
        self.relu = nn.ReLU()

    def forward(self, x):
        y = self.relu1(self.conv1(x))
        return self.relu(self.bn(self.conv(x)) + y)


class ReluSpellings(nn.Module):
    """nn.ReLU, F.relu, x.relu(), torch.relu after conv + x (and torch.add),
    and F.relu / x.relu() after a conv or linear alone."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv()
        self.conv2 = _conv()
        self.conv3 = _conv()
        self.conv4 = _conv()
        self.conv5 = _conv()
        self.conv6 = _conv()
        self.relu = nn.ReLU()
        self.linear = nn.Linear(4, 4)

    def forward(self, x):
        a = self.relu(self.conv1(x) + x)
        b = F.relu(self.conv2(x) + x)
        c = (self.conv3(x) + x).relu()
        d = torch.relu(torch.add(self.conv4(x), x))
        e = F.relu(self.conv5(x))
        f = self.conv6(x).relu()          # method relu after conv: no such chain
        g = self.linear(x).relu()
        h = F.relu(self.linear(x), inplace=True)
        return a, b, c, d, e, f, g, h


class MultiUser(nn.Module):
    """Intermediates with several users: the conv feeding the add is used
    twice, so relu(add(conv2d, _)) cannot match; the add is used twice in the
    second block; the anchor relu is used twice in the third (allowed)."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv()
        self.conv2 = _conv()
        self.conv3 = _conv()
        self.relu1 = nn.ReLU()
        self.relu2 = nn.ReLU()
        self.relu3 = nn.ReLU()

    def forward(self, x):
        c1 = self.conv1(x)
        a = self.relu1(c1 + x) * c1
        s = self.conv2(x) + x
        b = self.relu2(s) + s
        r = self.relu3(self.conv3(x) + x)
        return a, b, r * r, r


class CatList(nn.Module):
    """torch.cat([...]) with the dim positional (2 args: cat(_) does not
    match) and as a keyword (1 arg: it matches, and in quantize mode the
    wildcard over the list claims the nodes in it)."""

    def __init__(self):
        super().__init__()
        self.conv1 = _conv()
        self.conv2 = _conv()
        self.conv3 = _conv()
        self.conv4 = _conv()

    def forward(self, x):
        a = torch.cat([self.conv1(x), self.conv2(x)], 1)
        b = torch.cat([self.conv3(x), self.conv4(x)], dim=1)
        return a + b


MODULES = ["ResidualRight", "ResidualLeft", "ConvPlusConv", "ConvBnAddRelu",
           "ReluSpellings", "MultiUser", "CatList"]
