"""The test/torch2 runner inside the PyTorch 2.6 root (run by run_tests.py
through utils/torch2-python): `inside.py WORK [-v] [test names...]`. Fails if
any test is skipped, or if this is not PyTorch 2.x."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    argv = sys.argv[1:]
    os.environ["BPAT_TORCH2_WORK"] = argv.pop(0)
    for path in (os.path.join(ROOT, "utils"), os.path.join(ROOT, "python"), os.path.join(HERE, "Inputs"), HERE):
        sys.path.insert(0, path)
    import warnings
    # PyTorch 2.6 warns about its own deprecations (observers, quantize_fx) at
    # every prepare; the tests check behaviour, not those messages.
    warnings.filterwarnings("ignore", category=UserWarning, module="torch")
    warnings.filterwarnings("ignore", category=FutureWarning, module="torch")
    import torch
    if int(torch.__version__.split(".")[0]) < 2:
        print("inside.py: error: this is PyTorch %s, not 2.x" % torch.__version__, file=sys.stderr)
        return 1
    print("test/torch2: PyTorch %s" % torch.__version__, file=sys.stderr)
    names = [a for a in argv if not a.startswith("-")]
    loader = unittest.defaultTestLoader
    if names:
        suite = loader.loadTestsFromNames(names)
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2 if "-v" in argv else 1).run(suite)
    if result.skipped:
        print("inside.py: error: %d test(s) skipped; nothing may be skipped" % len(result.skipped),
              file=sys.stderr)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
