"""docs/tutorial.md step 4: the generated module drives PyTorch's fuse_fx."""
import os
import sys

import torch
from torch.ao.quantization.quantize_fx import fuse_fx

sys.path.insert(0, os.getcwd())  # the generated module is in the working directory
# my_backend_gen.py (--torch-api=1.13) in PyTorch 1.13, my_backend_gen2.py
# (--torch-api=2) in PyTorch 2.x.
if int(torch.__version__.split(".")[0]) >= 2:
    from my_backend_gen2 import get_my_backend_backend_config  # noqa: E402
else:
    from my_backend_gen import get_my_backend_backend_config  # noqa: E402
print("torch:", torch.__version__)

config = get_my_backend_backend_config()
print("configs:", len(config.configs))


class M(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        return self.relu(self.linear(x))


fused = fuse_fx(M().eval(), backend_config=config)
print("fused:", type(fused.linear).__name__)
