"""torch2-literal-rule.test: x.to("cpu"), where PyTorch 2.6's _is_match
compares the string argument "cpu" equal to the method pattern 'cpu'."""
import torch


class ToCpu(torch.nn.Module):
    def forward(self, x):
        return x.to("cpu")


MODULES = ["ToCpu"]


def never_called(*args):
    raise AssertionError("fuser called")
