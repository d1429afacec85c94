"""Hand-written modules for test/Match/torch-fuse.test: every fuser of the
1.13.1 ports on the module shapes torchvision models lack (1d and 3d convs,
linear + batch norm, conv transpose + batch norm, batch norm + ReLU, F.relu
in a chain, a ReLU module used twice, intermediates with two users), the
MODULES list. test/Match/torch2-fuse.test takes TORCH2_MODULES: those and
two for the fusers, root node getters and extra inputs getters 2.6's onednn
adds (conv + add (+ ReLU), linear + LeakyReLU/Tanh). Each class builds with
no arguments; python/bpat_torch/models.py traces it."""

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


class ConvAdds(nn.Module):
    """onednn's conv-add fusions, each variant once: conv (+ bn) as the add's
    left or right argument, operator.add and torch.add, with and without a
    ReLU module after it, a residual that is a placeholder, a fused node or
    another conv, and an add of two convs (the left one fuses, the right one
    is the residual)."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList(nn.Conv2d(3, 3, 1) for _ in range(10))
        self.bns = nn.ModuleList(nn.BatchNorm2d(3) for _ in range(4))
        self.relu = nn.ReLU()
        self.relu2 = nn.ReLU()

    def forward(self, x, y):
        c, b = self.convs, self.bns
        a1 = c[0](x) + y
        a2 = torch.add(a1, b[0](c[1](y)))
        a3 = self.relu(b[1](c[2](a2)) + a2)
        a4 = self.relu2(torch.add(a3, c[3](a3)))
        a5 = torch.add(c[4](a4), x)
        a6 = self.relu(a5 + b[2](c[5](a4)))
        a7 = self.relu(torch.add(b[3](c[6](a6)), c[7](a6)))
        return c[8](a7) + c[9](a7)


class LinearEltwise(nn.Module):
    """onednn's linear + LeakyReLU, linear + bn + LeakyReLU (its own fuser)
    and linear + Tanh; linear + bn elsewhere."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(4, 4)
        self.lrelu = nn.LeakyReLU(0.1)
        self.l2 = nn.Linear(4, 4)
        self.bn = nn.BatchNorm1d(4)
        self.lrelu2 = nn.LeakyReLU(0.2)
        self.l3 = nn.Linear(4, 4)
        self.tanh = nn.Tanh()

    def forward(self, x):
        return self.tanh(self.l3(self.lrelu2(self.bn(self.l2(self.lrelu(self.l1(x)))))))


MODULES = ["Convs1d3d", "LinearsAndBns", "ConvTransposeAndFunctional", "MultiUse"]
TORCH2_MODULES = MODULES + ["ConvAdds", "LinearEltwise"]
