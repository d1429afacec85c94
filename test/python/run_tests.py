#!/usr/bin/python3
"""Self-tests of utils/fx_export.py, utils/dump_backend_config.py and
utils/torch_find_matches.py.

  /usr/bin/python3 test/python/run_tests.py [-v] [unittest args...]

Needs Debian's python3-torch 1.13.1 and python3-torchvision (no network, no
pytest). Exit status 0 when every test passes.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    sys.path.insert(0, HERE)
    argv = [sys.argv[0]] + sys.argv[1:]
    if len(argv) == 1 or all(a.startswith("-") for a in argv[1:]):
        suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
        verbosity = 2 if "-v" in argv else 1
        result = unittest.TextTestRunner(verbosity=verbosity).run(suite)
        return 0 if result.wasSuccessful() else 1
    unittest.main(module=None, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
