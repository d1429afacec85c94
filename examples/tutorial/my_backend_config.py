"""A small hand-written PyTorch 1.13 BackendConfig: the starting point of
docs/tutorial.md. It registers patterns the way 1.13 does, in the legacy
reversed nested format, with the fusers 1.13 expects."""

import operator

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.ao.nn.intrinsic as nni
from torch.ao.quantization.backend_config import (
    BackendConfig,
    BackendPatternConfig,
    DTypeConfig,
    ObservationType,
)
from torch.ao.quantization.fuser_method_mappings import (
    fuse_conv_bn,
    reverse2,
    reverse_sequential_wrapper2,
)

weighted_int8 = DTypeConfig(
    input_dtype=torch.quint8,
    output_dtype=torch.quint8,
    weight_dtype=torch.qint8,
    bias_dtype=torch.float,
)
act_quint8 = DTypeConfig(input_dtype=torch.quint8, output_dtype=torch.quint8)


def get_my_backend_config():
    configs = []
    for conv in (nn.Conv1d, nn.Conv2d):
        configs.append(BackendPatternConfig(conv)
                       .set_observation_type(ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT)
                       .set_dtype_configs([weighted_int8]))
    for relu in (nn.ReLU, F.relu):
        configs.append(BackendPatternConfig((relu, nn.Conv2d))
                       .set_observation_type(ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT)
                       .set_dtype_configs([weighted_int8])
                       .set_fused_module(nni.ConvReLU2d)
                       .set_fuser_method(reverse_sequential_wrapper2(nni.ConvReLU2d)))
    configs.append(BackendPatternConfig((nn.BatchNorm2d, nn.Conv2d))
                   .set_observation_type(ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT)
                   .set_dtype_configs([weighted_int8])
                   .set_fused_module(nni.ConvBn2d)
                   .set_fuser_method(reverse2(fuse_conv_bn)))
    configs.append(BackendPatternConfig(nni.ConvReLU2d)
                   .set_observation_type(ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT)
                   .set_dtype_configs([weighted_int8]))
    for op in (operator.add, torch.add):
        configs.append(BackendPatternConfig(op)
                       .set_observation_type(ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT)
                       .set_dtype_configs([act_quint8])
                       ._set_num_tensor_args_to_observation_type({
                           0: ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT,
                           1: ObservationType.OUTPUT_SHARE_OBSERVER_WITH_INPUT,
                           2: ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT,
                       }))
    configs.append(BackendPatternConfig(nn.MaxPool2d)
                   .set_observation_type(ObservationType.OUTPUT_SHARE_OBSERVER_WITH_INPUT)
                   .set_dtype_configs([act_quint8]))
    return BackendConfig("my_backend").set_backend_pattern_configs(configs)
