"""Tiny hand-written modules for the self-tests (loaded with --module
test/python/tiny_models.py:ClassName, so their classes are named
"tiny_models.<Class>")."""

import operator

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBnReLU(nn.Module):
    """conv -> bn -> relu: one fusion match, anchor 'relu'."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class ResidualAddReLU(nn.Module):
    """conv + residual add -> relu."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv(x) + x)


class ReLUVariants(nn.Module):
    """F.relu vs nn.ReLU vs x.relu(), each after its own conv, plus
    torch.add / operator.add / F.linear so their fx names are exercised."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 3, 1)
        self.conv2 = nn.Conv2d(3, 3, 1)
        self.conv3 = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU()
        self.weight = nn.Parameter(torch.ones(2, 3))

    def forward(self, x):
        a = F.relu(self.conv1(x))
        b = self.relu(self.conv2(x))
        c = self.conv3(x).relu()
        s = torch.add(a, b)
        s = operator.add(s, c)
        y = F.linear(s.permute(0, 2, 3, 1), self.weight)
        return y


class Literals(nn.Module):
    """Arguments that are not plain JSON: dtype, slices, Ellipsis, kwargs."""

    def forward(self, x):
        y = x.to(torch.float32)
        y = y[..., 0:2]
        y = torch.flatten(y, start_dim=1)
        z = torch.cat([y, y], dim=1)
        return z.sum(dim=-1, keepdim=True) * 0.5
