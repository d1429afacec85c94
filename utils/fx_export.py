#!/usr/bin/python3
"""utils/fx_export.py: bpat_torch.fx_export (python/bpat_torch/fx_export.py) run from the
source tree, with no install. Installed (pip install ./python), the same
command is `bpat-fx-export`. Importable as a module too: it re-exports
bpat_torch.fx_export's functions."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from bpat_torch.fx_export import *  # noqa: E402,F401,F403
from bpat_torch.fx_export import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
