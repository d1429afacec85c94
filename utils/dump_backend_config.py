#!/usr/bin/python3
"""utils/dump_backend_config.py: bpat_torch.dump (python/bpat_torch/dump.py) run from the
source tree, with no install. Installed (pip install ./python), the same
command is `bpat-dump-backend-config`. Importable as a module too: it re-exports
bpat_torch.dump's functions."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from bpat_torch.dump import *  # noqa: E402,F401,F403
from bpat_torch.dump import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
