#!/usr/bin/python3
"""utils/torch_find_matches.py: bpat_torch.find_matches (python/bpat_torch/find_matches.py) run from the
source tree, with no install. Installed (pip install ./python), the same
command is `bpat-torch-find-matches`. Importable as a module too: it re-exports
bpat_torch.find_matches's functions."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from bpat_torch.find_matches import *  # noqa: E402,F401,F403
from bpat_torch.find_matches import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
