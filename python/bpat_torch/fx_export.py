"""Export a symbolically traced PyTorch model as bpat's FX graph JSON
(docs/json-format.md section 2), the input of `bpat-match --graph`.

Usage (Debian's python with python3-torch 1.13.1):
  /usr/bin/python3 utils/fx_export.py --model resnet18 -o resnet18.json
  /usr/bin/python3 utils/fx_export.py --module path/to/file.py:ClassName -o g.json

  --model NAME            torchvision.models.NAME(weights=None), eval mode
  --module FILE.py:CLASS  a user nn.Module class, instantiated with no args
  -o FILE                 output file ("-" or omitted: stdout)

The model is traced with torch.fx.symbolic_trace (python/bpat_torch/models.py),
exactly as utils/torch_find_matches.py traces it, so node names agree.

Output: {"nodes": [...]}, one node per line, nodes in graph order, each
  {"name", "op", "target", "args", "kwargs", "users"}
  target: call_module   -> class qualified name of the submodule,
                           cls.__module__ + "." + cls.__qualname__ of
                           type_before_parametrizations(submodule) (the type
                           PyTorch's matcher compares)
          call_function -> torch.fx.node._get_qualified_name(fn)
                           (F.relu -> "torch.nn.functional.relu",
                           operator.add -> "_operator.add", torch.add ->
                           "torch.add", F.linear -> "torch._C._nn.linear")
          call_method   -> the method name
          placeholder, get_attr, output -> the fx target string
  users:  the names of the node's users, in graph order.

Argument encoding (args is a list, kwargs an object in fx's key order):
  fx.Node                    -> {"node": NAME}
  list, tuple (not torch.Size) -> a JSON list of encoded items
  int, str, bool, None, finite float -> the JSON literal (floats as Python's
                                repr writes them)
  dict                       -> {"dict": {str(key): encoded value, ...}}
  slice that holds a Node    -> {"slice": [start, stop, step]} (encoded)
  anything else (torch.dtype, torch.device, torch.memory_format,
  torch.layout, torch.Size, slice of literals, Ellipsis, inf/nan, ...)
                             -> {"literal": repr(value)}, e.g.
                                {"literal": "torch.float32"},
                                {"literal": "slice(None, 2, None)"},
                                {"literal": "Ellipsis"},
                                {"literal": "torch.Size([1, 3])"}
The only way a node is referenced is {"node": NAME}, so users can always be
derived from args and kwargs.

Importable: graph_to_json(graph_module) -> dict, export_module(nn.Module) ->
dict, dumps_graph(dict) -> str.
"""

from typing import Any, Dict, List, Optional
import argparse
import math
import os
import sys

import torch
import torch.fx
from torch.nn.utils.parametrize import type_before_parametrizations

from .jsonio import prog
from . import jsonio, models, names


def _contains_node(value):
    if isinstance(value, torch.fx.Node):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_node(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_node(v) for v in value.values())
    if isinstance(value, slice):
        return any(_contains_node(v) for v in (value.start, value.stop, value.step))
    return False


def encode_arg(value: Any) -> Any:
    """Encode one FX argument value as JSON (see module docstring)."""
    if isinstance(value, torch.fx.Node):
        return {"node": value.name}
    if isinstance(value, torch.Size):
        return {"literal": repr(value)}
    if isinstance(value, (list, tuple)):
        return [encode_arg(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and type(value) in (int, bool):
        return value
    if isinstance(value, float) and type(value) is float:
        if math.isnan(value) or math.isinf(value):
            return {"literal": repr(value)}
        return value
    if isinstance(value, dict):
        return {"dict": {str(k): encode_arg(v) for k, v in value.items()}}
    if isinstance(value, slice) and _contains_node(value):
        return {"slice": [encode_arg(value.start), encode_arg(value.stop), encode_arg(value.step)]}
    return {"literal": repr(value)}


def node_target(node: Any, modules: Dict[str, Any]) -> str:
    if node.op == "call_module":
        return names.class_name(type_before_parametrizations(modules[node.target]))
    if node.op == "call_function":
        return names.function_op_name(node.target)
    if node.op == "call_method":
        return node.target
    return str(node.target)


def graph_to_json(gm: Any) -> Dict[str, Any]:
    """The FX graph JSON of a GraphModule, as a dict."""
    modules = dict(gm.named_modules(remove_duplicate=False))
    order = {n: i for i, n in enumerate(gm.graph.nodes)}
    nodes = []
    for node in gm.graph.nodes:
        nodes.append({
            "name": node.name,
            "op": node.op,
            "target": node_target(node, modules),
            "args": [encode_arg(a) for a in node.args],
            "kwargs": {str(k): encode_arg(v) for k, v in node.kwargs.items()},
            "users": [u.name for u in sorted(node.users, key=lambda u: order[u])],
        })
    return {"nodes": nodes}


def export_module(module: Any) -> Dict[str, Any]:
    """Trace an nn.Module (as the scripts do) and return its graph JSON dict."""
    return graph_to_json(models.trace(module))


def dumps_graph(graph: Dict[str, Any]) -> str:
    """Deterministic text: one node per line."""
    import json

    def one(obj):
        return json.dumps(obj, ensure_ascii=False, allow_nan=False)
    lines = ["{\"nodes\": ["]
    nodes = graph["nodes"]
    for i, n in enumerate(nodes):
        lines.append("  " + one(n) + ("," if i + 1 < len(nodes) else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    models.add_model_arguments(parser)
    parser.add_argument("-o", "--output", default="-", help="output JSON file (default: stdout)")
    args = parser.parse_args(argv)
    try:
        model = models.build_model(args.model, args.module)
        gm = models.trace(model)
        text = dumps_graph(graph_to_json(gm))
    except (models.ModelError, names.RenderError) as e:
        print(prog() + ": error: %s" % e, file=sys.stderr)
        return 1
    except Exception as e:  # tracing failures and the like
        print(prog() + ": error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    jsonio.write_text(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
