# examples/cpp-fuse/model.py - the small PyTorch model whose FX graph
# model.json is (the example reads the JSON; PyTorch is needed only to
# export it again):
#   /usr/bin/python3 utils/fx_export.py --module examples/cpp-fuse/model.py:Model \
#       -o examples/cpp-fuse/model.json
import torch
import torch.nn.functional as F
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8)
        self.conv3 = nn.Conv2d(8, 8, 3, padding=1)
        self.relu3 = nn.ReLU()
        self.linear = nn.Linear(8, 4)

    def forward(self, x):
        x = self.relu1(self.bn1(self.conv1(x)))   # conv -> bn -> relu
        y = self.bn2(self.conv2(x))                # conv -> bn
        z = self.relu3(self.conv3(y) + x)          # relu(add(conv, _))
        z = torch.flatten(F.adaptive_avg_pool2d(z, 1), 1)
        return F.relu(self.linear(z))              # linear -> F.relu
