# Models mirroring the hand-written graphs of this directory (residual.json,
# two_users.json, conv_conv.json, eltwise.json), for torch-crosscheck.test.
import operator, torch
import torch.nn as nn
import torch.nn.functional as F
class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        for i in range(1, 9):
            setattr(self, "c%d" % i, nn.Conv2d(3, 3, 1))
        for i in (3, 4, 7, 8):
            setattr(self, "b%d" % i, nn.BatchNorm2d(3))
        for i in (5, 6, 7, 8):
            setattr(self, "r%d" % i, nn.ReLU())
    def forward(self, x, y):
        a1 = operator.add(self.c1(x), y)
        a2 = torch.add(y, self.c2(a1))
        a3 = torch.add(self.b3(self.c3(a2)), y)
        a4 = operator.add(y, self.b4(self.c4(a3)))
        r5 = self.r5(torch.add(self.c5(a4), y))
        r6 = self.r6(operator.add(y, self.c6(r5)))
        r7 = self.r7(operator.add(self.b7(self.c7(r6)), y))
        r8 = self.r8(torch.add(y, self.b8(self.c8(r7))))
        return r8
class TwoUsers(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 3, 1); self.r1 = nn.ReLU()
        self.c2 = nn.Conv2d(3, 3, 1); self.b2 = nn.BatchNorm2d(3)
    def forward(self, x, y):
        c1 = self.c1(x)
        r1 = self.r1(operator.add(c1, y))
        b2 = self.b2(self.c2(x))
        a2 = torch.add(y, b2)
        return (r1, c1, a2, b2)
class ConvConv(nn.Module):
    def __init__(self):
        super().__init__()
        for i in range(1, 6):
            setattr(self, "c%d" % i, nn.Conv2d(3, 3, 1))
        self.b4 = nn.BatchNorm2d(3)
    def forward(self, x):
        a1 = operator.add(self.c1(x), self.c2(x))
        a2 = torch.add(self.c3(a1), self.b4(self.c4(a1)))
        a3 = torch.add(self.c5(a2), a2)
        return F.relu(a3)
class Eltwise(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(4, 4); self.b1 = nn.BatchNorm1d(4); self.lr1 = nn.LeakyReLU()
        self.l2 = nn.Linear(4, 4); self.l3 = nn.Linear(4, 4)
        self.w = nn.Parameter(torch.ones(4, 4)); self.t4 = nn.Tanh()
    def forward(self, x):
        x = self.lr1(self.b1(self.l1(x)))
        x = F.leaky_relu(self.l2(x))
        x = torch.tanh(self.l3(x))
        return self.t4(F.linear(x, self.w))


MODULES = ["Residual", "TwoUsers", "ConvConv", "Eltwise"]
