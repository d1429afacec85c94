"""Hand-written modules for test/Match/torch-fuse.test: every fuser of the
1.13.1 ports on the module shapes torchvision models lack (1d and 3d convs,
linear + batch norm, conv transpose + batch norm, batch norm + ReLU, F.relu
in a chain, a ReLU module used twice, intermediates with two users). Each
class builds with no arguments; python/bpat_torch/models.py traces it."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class Convs1d3d(nn.Module):
    """conv-bn-relu and conv-bn in 1d and 3d."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 3, 1)
        self.b1 = nn.BatchNorm1d(3)
        self.r1 = nn.ReLU()
        self.c2 = nn.Conv1d(3, 3, 1)
        self.b2 = nn.BatchNorm1d(3)
        self.c3 = nn.Conv3d(3, 3, 1)
        self.b3 = nn.BatchNorm3d(3)
        self.r3 = nn.ReLU()
        self.c4 = nn.Conv3d(3, 3, 1)
        self.r4 = nn.ReLU()

    def forward(self, x, y):
        a = self.b2(self.c2(self.r1(self.b1(self.c1(x)))))
        b = self.r4(self.c4(self.r3(self.b3(self.c3(y)))))
        return a, b


class LinearsAndBns(nn.Module):
    """linear-bn, linear-relu, linear-F.relu, bn2d-relu, bn3d-relu."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(4, 4)
        self.bn1 = nn.BatchNorm1d(4)
        self.l2 = nn.Linear(4, 4)
        self.relu = nn.ReLU()
        self.l3 = nn.Linear(4, 4)
        self.bn2 = nn.BatchNorm2d(3)
        self.relu2 = nn.ReLU(inplace=True)
        self.bn3 = nn.BatchNorm3d(3)
        self.relu3 = nn.ReLU()

    def forward(self, x, y, z):
        a = F.relu(self.l3(self.relu(self.l2(self.bn1(self.l1(x))))), inplace=True)
        b = self.relu2(self.bn2(y))
        c = self.relu3(self.bn3(z))
        return a, b, c


class ConvTransposeAndFunctional(nn.Module):
    """convtranspose-bn, conv-bn-F.relu, conv-F.relu, and a ReLU module
    shared by two chains (fused into both)."""

    def __init__(self):
        super().__init__()
        self.t = nn.ConvTranspose2d(3, 3, 1)
        self.tb = nn.BatchNorm2d(3)
        self.c1 = nn.Conv2d(3, 3, 1)
        self.b1 = nn.BatchNorm2d(3)
        self.c2 = nn.Conv2d(3, 3, 1)
        self.c3 = nn.Conv2d(3, 3, 1)
        self.c4 = nn.Conv2d(3, 3, 1)
        self.shared = nn.ReLU()

    def forward(self, x):
        a = self.tb(self.t(x))
        b = F.relu(self.b1(self.c1(a)))
        c = F.relu(self.c2(b), inplace=False)
        d = self.shared(self.c3(c))
        e = self.shared(self.c4(d))
        return e


class MultiUse(nn.Module):
    """Intermediates with two users stop a chain: the conv output and the
    bn output are used again, so only the shorter chains fuse."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 3, 1)
        self.b1 = nn.BatchNorm2d(3)
        self.r1 = nn.ReLU()
        self.c2 = nn.Conv2d(3, 3, 1)
        self.b2 = nn.BatchNorm2d(3)
        self.r2 = nn.ReLU()

    def forward(self, x):
        c = self.c1(x)
        a = self.r1(self.b1(c)) + c
        b = self.b2(self.c2(a))
        return self.r2(b) * b


MODULES = ["Convs1d3d", "LinearsAndBns", "ConvTransposeAndFunctional", "MultiUse"]
