"""Run PyTorch's OWN FX pattern matcher over a model and print the match map
JSON of docs/json-format.md section 3 -- the reference `bpat-match` must
reproduce.

Usage (Debian's python with python3-torch 1.13.1):
  /usr/bin/python3 utils/torch_find_matches.py --model resnet18 --backend native --mode fuse
  /usr/bin/python3 utils/torch_find_matches.py --module m.py:Net --python pkg.cfg:get --mode quantize -o m.json

  --model NAME | --module FILE.py:CLASS   built and traced exactly as
                                          utils/fx_export.py does (same node names)
  --backend NAME | --python MODULE:FUNC   the BackendConfig (see dump_backend_config.py)
  --mode quantize|fuse
  -o FILE                                 output (default stdout)

quantize: the matching step of torch 1.13.1's prepare (fx/prepare.py):
    patterns = sorted_patterns_dict(get_pattern_to_quantize_handlers(backend_config))
    root_node_getter_mapping = get_fusion_pattern_to_root_node_getter(backend_config)
    torch.ao.quantization.fx.match_utils.find_matches(
        graph, dict(model.named_modules(remove_duplicate=False)), patterns,
        root_node_getter_mapping, [], [], [])
  (named `_find_matches` in later releases; no standalone or custom modules.)
  It runs on the traced graph as is: prepare_fx would normally run fusion
  first; here the graph is matched unfused, as bpat-match sees it.
  Entry: node name -> (anchor = the match's last node, the matched pattern).
  Nodes matched by MatchAllNode are recorded too (as PyTorch does).
fuse: the matching step of torch 1.13.1's fuse (fx/fuse.py):
    patterns = sorted_patterns_dict(get_fusion_pattern_to_fuse_handler_cls(backend_config))
    torch.ao.quantization.fx.fuse._find_matches(graph_module, graph_module.graph, patterns)
  Nodes matched by MatchAllNode are not recorded (as PyTorch does).

Output: {"<node>": ["<anchor node>", "<complex pattern>"], ...}, keys
sorted, one entry per line. The pattern is written in Python tuple syntax:
"(A, (B, C))", ops by qualified name (classes cls.__module__ + "." +
cls.__qualname__, functions by torch.fx.node._get_qualified_name), methods
quoted ('relu'), the wildcard as MatchAllNode.

Importable: find_matches_json(graph_module, backend_config, mode) -> dict,
dumps_matches(dict) -> str.
"""

from typing import Any, Callable, Dict, List, Optional, Tuple
import argparse
import json
import os
import sys

from .jsonio import prog
from . import backends, jsonio, models, names


def _import_matchers():
    """The 1.13.1 names, with fallbacks to the later private names."""
    try:
        from torch.ao.quantization.fx.backend_config_utils import (
            get_pattern_to_quantize_handlers, get_fusion_pattern_to_fuse_handler_cls)
    except ImportError:  # later releases
        from torch.ao.quantization.fx.quantize_handler import (  # type: ignore
            _get_pattern_to_quantize_handlers as get_pattern_to_quantize_handlers)
        from torch.ao.quantization.fx.fuse_handler import (  # type: ignore
            _get_fusion_pattern_to_fuse_handler_cls as get_fusion_pattern_to_fuse_handler_cls)
    try:
        from torch.ao.quantization.fx.pattern_utils import sorted_patterns_dict
    except ImportError:
        from torch.ao.quantization.fx.pattern_utils import _sorted_patterns_dict as sorted_patterns_dict  # type: ignore
    from torch.ao.quantization.fx import match_utils
    quantize_find_matches = getattr(match_utils, "find_matches", None) or getattr(match_utils, "_find_matches")
    from torch.ao.quantization.fx.fuse import _find_matches as fuse_find_matches
    from torch.ao.quantization.backend_config.utils import get_fusion_pattern_to_root_node_getter
    return (get_pattern_to_quantize_handlers, get_fusion_pattern_to_fuse_handler_cls, sorted_patterns_dict,
            quantize_find_matches, fuse_find_matches, get_fusion_pattern_to_root_node_getter)


def _stderr(msg):
    print(prog() + ": " + msg, file=sys.stderr)


def torch_quantize_matches(gm: Any, backend_config: Any,
                           report: Callable[[str], None] = _stderr) -> Dict[str, Tuple[str, Any]]:
    """{node name: (anchor name, pattern object)} from prepare's matcher."""
    (get_q, _, sorted_patterns_dict, find_matches, _, get_rng) = _import_matchers()
    patterns = sorted_patterns_dict(get_q(backend_config))
    root_node_getter_mapping = get_rng(backend_config)
    modules = dict(gm.named_modules(remove_duplicate=False))
    try:
        result = find_matches(gm.graph, modules, patterns, root_node_getter_mapping, [], [], [])
    except Exception as e:
        if not root_node_getter_mapping:
            raise
        # A root node getter raised (PyTorch 2.6's onednn getters do on an
        # unfused conv-bn-add-relu: 2.6 flattens multi-argument node patterns
        # and the getter unpacks three). Getters choose the QuantizeHandler's
        # root node, never what matches, so match again without them.
        report("note: a root node getter raised (%s: %s); matched without root node getters"
               % (type(e).__name__, e))
        result = find_matches(gm.graph, modules, patterns, {}, [], [], [])
    out = {}
    for name, value in result.items():
        last_node, _matched_node_pattern, pattern = value[0], value[1], value[2]
        out[name] = (last_node.name, pattern)
    return out


def torch_fuse_matches(gm: Any, backend_config: Any) -> Dict[str, Tuple[str, Any]]:
    """{node name: (anchor name, pattern object)} from fuse's matcher."""
    (_, get_f, sorted_patterns_dict, _, fuse_find_matches, _) = _import_matchers()
    patterns = sorted_patterns_dict(get_f(backend_config))
    result = fuse_find_matches(gm, gm.graph, patterns)
    out = {}
    for name, value in result.items():
        anchor, pattern = value[0], value[1]
        out[name] = (anchor.name, pattern)
    return out


def find_matches_json(gm: Any, backend_config: Any, mode: str) -> Dict[str, List[str]]:
    if mode == "quantize":
        raw = torch_quantize_matches(gm, backend_config)
    elif mode == "fuse":
        raw = torch_fuse_matches(gm, backend_config)
    else:
        raise ValueError("mode must be quantize or fuse, got %r" % (mode,))
    return {name: [raw[name][0], names.complex_pattern_str(raw[name][1])] for name in sorted(raw)}


def dumps_matches(matches: Dict[str, List[str]]) -> str:
    if not matches:
        return "{}\n"
    lines = []
    keys = list(matches)
    for i, k in enumerate(keys):
        lines.append(("{" if i == 0 else " ") + json.dumps(k, ensure_ascii=False) + ": " +
                     json.dumps(matches[k], ensure_ascii=False) + ("," if i + 1 < len(keys) else "}"))
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    models.add_model_arguments(parser)
    backends.add_backend_arguments(parser)
    parser.add_argument("--mode", choices=["quantize", "fuse"], required=True)
    parser.add_argument("-o", "--output", default="-", help="output JSON file (default: stdout)")
    args = parser.parse_args(argv)
    try:
        backend_config = backends.get_backend_config(
            args.backend, args.python, report=lambda msg: print(prog() + ": " + msg, file=sys.stderr))
        gm = models.trace(models.build_model(args.model, args.module))
        text = dumps_matches(find_matches_json(gm, backend_config, args.mode))
    except (backends.BackendError, models.ModelError, names.RenderError) as e:
        print("%s: error: %s" % (prog(), e), file=sys.stderr)
        return 1
    except Exception as e:
        print("%s: error: %s: %s" % (prog(), type(e).__name__, e), file=sys.stderr)
        return 1
    jsonio.write_text(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
