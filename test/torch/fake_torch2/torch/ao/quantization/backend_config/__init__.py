"""Fake post-#90698 backend_config (reference sections 1.1-1.5, 2.1-2.2):
BackendPatternConfig(pattern=None) holds the simple format, the legacy one
only through _set_pattern_complex_format; BackendConfig keys configs by the
legacy form and rejects simple tuples that are not 2 or 3 long."""

from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional

from torch.ao.quantization import fuser_method_mappings as _fmm


class ObservationType(Enum):
    OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT = 0
    OUTPUT_SHARE_OBSERVER_WITH_INPUT = 1


@dataclass
class DTypeWithConstraints:
    dtype: Any = None
    quant_min_lower_bound: Any = None
    quant_max_upper_bound: Any = None
    scale_min_lower_bound: Any = None
    scale_max_upper_bound: Any = None
    scale_exact_match: Optional[float] = None
    zero_point_exact_match: Optional[int] = None


class DTypeConfig:
    def __init__(self, input_dtype=None, output_dtype=None, weight_dtype=None, bias_dtype=None, is_dynamic=None):
        def wrap(d):
            return d if isinstance(d, DTypeWithConstraints) else DTypeWithConstraints(dtype=d)
        self.input_dtype_with_constraints = wrap(input_dtype)
        self.output_dtype_with_constraints = wrap(output_dtype)
        self.weight_dtype_with_constraints = wrap(weight_dtype)
        self.bias_dtype = bias_dtype
        self.is_dynamic = is_dynamic


class BackendPatternConfig:
    def __init__(self, pattern=None):
        self.pattern = pattern
        self.observation_type = ObservationType.OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT
        self.dtype_configs = []
        self.root_module = None
        self.qat_module = None
        self.reference_quantized_module = None
        self.fused_module = None
        self.fuser_method = None
        self._root_node_getter = None
        self._extra_inputs_getter = None
        self._num_tensor_args_to_observation_type = {}
        self._input_type_to_index = {}
        self._input_output_observed = None
        self._pattern_complex_format = None

    def set_pattern(self, pattern):
        if self._pattern_complex_format is not None:
            raise ValueError("Only one of 'pattern' or 'pattern_complex_format' can be set")
        self.pattern = pattern
        return self

    def _set_pattern_complex_format(self, pattern):
        if self.pattern is not None:
            raise ValueError("Only one of 'pattern' or 'pattern_complex_format' can be set")
        self._pattern_complex_format = pattern
        return self

    def set_observation_type(self, observation_type):
        assert isinstance(observation_type, ObservationType)
        self.observation_type = observation_type
        return self

    def add_dtype_config(self, dtype_config):
        self.dtype_configs.append(dtype_config)
        return self

    def set_dtype_configs(self, dtype_configs):
        assert all(isinstance(d, DTypeConfig) for d in dtype_configs)
        self.dtype_configs = dtype_configs
        return self

    def set_root_module(self, m):
        self.root_module = m
        return self

    def set_qat_module(self, m):
        self.qat_module = m
        return self

    def set_reference_quantized_module(self, m):
        self.reference_quantized_module = m
        return self

    def set_fused_module(self, m):
        self.fused_module = m
        return self

    def set_fuser_method(self, f):
        self.fuser_method = f
        return self

    def _set_root_node_getter(self, f):
        self._root_node_getter = f
        return self

    def _set_extra_inputs_getter(self, f):
        self._extra_inputs_getter = f
        return self

    def _set_num_tensor_args_to_observation_type(self, d):
        self._num_tensor_args_to_observation_type = d
        return self

    def _set_input_type_to_index(self, d):
        self._input_type_to_index = d
        return self

    def _set_input_output_observed(self, b):
        self._input_output_observed = b
        return self


def _get_pattern_in_reversed_nested_tuple_format(config):
    if config._pattern_complex_format is not None:
        return config._pattern_complex_format
    if config.pattern is None:
        raise ValueError("Either 'pattern' or 'pattern_complex_format' must be specified")
    if not isinstance(config.pattern, tuple):
        return config.pattern
    if len(config.pattern) == 2:
        (a, b) = config.pattern
        return (b, a)
    elif len(config.pattern) == 3:
        (a, b, c) = config.pattern
        return (c, (b, a))
    else:
        raise ValueError("Expected a tuple with 2 or 3 elements, got: ", config.pattern)


def _get_fuser_method_in_reversed_nested_tuple_format(config):
    assert config.fuser_method is not None
    if config._pattern_complex_format is not None:
        return config.fuser_method
    if not isinstance(config.pattern, tuple):
        raise ValueError("Expected pattern to be a tuple, got: ", config.pattern)
    if len(config.pattern) == 2:
        return _fmm._reverse2(config.fuser_method)
    elif len(config.pattern) == 3:
        return _fmm._reverse3(config.fuser_method)
    else:
        raise ValueError("Expected a tuple with 2 or 3 elements, got: ", config.pattern)


class BackendConfig:
    def __init__(self, name=""):
        self.name = name
        self._pattern_complex_format_to_config = {}

    def set_backend_pattern_config(self, config):
        self._pattern_complex_format_to_config[_get_pattern_in_reversed_nested_tuple_format(config)] = config
        return self

    def set_backend_pattern_configs(self, configs):
        for c in configs:
            self.set_backend_pattern_config(c)
        return self

    @property
    def configs(self):
        return list(self._pattern_complex_format_to_config.values())
