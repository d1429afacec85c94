"""Shared helpers for bpat's PyTorch-side utility scripts.

Modules:
  names     -- rendering of PyTorch objects (ops, classes, functions, dtypes,
               observer factories) as the strings docs/json-format.md uses.
  models    -- building and symbolically tracing models the same way in every
               script, so node names line up.
  backends  -- getting a live BackendConfig by name (with the executorch fix
               for torch 1.13.1) or from a user "module:function".
  jsonio    -- deterministic JSON writing (atomic; never a partial file).

Run everything with Debian's /usr/bin/python3 (python3-torch 1.13.1).
"""
