"""bpat's PyTorch side: everything that has to run inside PyTorch, for
PyTorch 1.13.1 and 2.x alike.

Modules (each command also runs from the source tree as utils/<script>.py):
  dump          -- a live BackendConfig as bpat's config JSON
                   (command bpat-dump-backend-config)
  fx_export     -- a traced model as bpat's FX graph JSON (bpat-fx-export)
  find_matches  -- PyTorch's own matchers' match map (bpat-torch-find-matches)
  names         -- rendering of PyTorch objects (ops, classes, functions, dtypes,
                   observer factories) as the strings docs/json-format.md uses.
  models        -- building and symbolically tracing models the same way in every
                   command, so node names line up.
  backends      -- getting a live BackendConfig by name (with the executorch fix
                   for torch 1.13.1; onednn in 2.x) or from a "module:function".
  jsonio        -- deterministic JSON writing (atomic; never a partial file).

Install: pip install --no-build-isolation ./python (docs/python.md).
"""

__version__ = "0.2.0"
