"""torch2-literal-rule.test's PyTorch 2.6 side: GENERATED (the --torch-api=2
module of literal_rule.bpat) on ToCpu. Prints what 2.6's _is_match says of
the string argument, and what fuse's _find_matches does with it."""
import importlib.util
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from torch.ao.quantization.fx.match_utils import _is_match  # noqa: E402
from torch.ao.quantization.fx.fuse import _find_matches  # noqa: E402
from torch.ao.quantization.fx.fuse_handler import _get_fusion_pattern_to_fuse_handler_cls  # noqa: E402
from torch.ao.quantization.fx.pattern_utils import _sorted_patterns_dict  # noqa: E402

import literal_rule_module  # noqa: E402

spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
generated = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generated)
config = generated.get_literal_backend_config()
gm = torch.fx.symbolic_trace(literal_rule_module.ToCpu())
to_node = [n for n in gm.graph.nodes if n.op == "call_method"][0]
print("args:", to_node.args[1:])
print("is_match(arg, 'cpu'):", _is_match({}, to_node.args[1], "cpu"))
print("is_match(to, pattern):", _is_match({}, to_node, config.configs[0]._pattern_complex_format))
patterns = _sorted_patterns_dict(_get_fusion_pattern_to_fuse_handler_cls(config))
try:
    _find_matches(gm, gm.graph, patterns)
    print("fuse: no error")
except AttributeError as e:
    print("fuse: AttributeError:", e)
